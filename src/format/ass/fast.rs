//! The fast path of the event reader: one `Dialogue:` / `Comment:` line of the common shape read
//! into exactly the cue the general path (`event::parse_event`) would build, or `None` to leave
//! the line to it.
//!
//! The common shape is what Aegisub and every generator write: a `Format:` with one `Start`, one
//! `End` and `Text` last (any other fields in any order), all the fields present, and both times
//! written `H:MM:SS.cc` (one or two hour digits, two centisecond digits, no blanks). Anything else
//! (negative, three-digit or blank-padded times, missing fields, a format without a text field)
//! is a bail-out, and the general path reads the line from scratch with its diagnostics.
//!
//! What makes it faster than the general path, with the same result:
//! - the field separators are found in one pass, eight bytes at a time;
//! - times are read from fixed positions instead of the lenient digit-run parser;
//! - the meta key (`EventScratch::key`) is copied as at most three slices of the line (the runs
//!   of fields between `Start`, `End` and `Text`, commas included) instead of field by field,
//!   and looked up in a small direct-mapped table (`RecentMetas`) before the general map; the
//!   field ranges are worked out only for a meta not seen before;
//! - a text with no `{` and no `\` (most dialogue) is one shared run, without the per-byte
//!   scan of `event::parse_text`, which reads every other text.
//!
//! `tests::fast_path` parses the repository's scripts, generated scripts and each bail-out case
//! with and without this path and requires identical tracks and diagnostics.

use std::sync::Arc;

use super::event::{EventScratch, event_meta, parse_text};
use super::lines::skip_blanks;
use super::{EventFormat, Field};
use crate::format::Shared;
use crate::model::{Cue, CueKind, CueMeta, Inline, LineSeparator, RichText, Tag, Text, Timestamp};

/// Most fields a `Format:` may have for the fast path (the standard ones have 10).
const MAX_FIELDS: usize = 16;

/// Where the fast path finds the times in a format it can read: field indexes.
#[derive(Debug, Clone, Copy)]
pub(super) struct FastLayout {
    n: usize,
    start: usize,
    end: usize,
}

impl FastLayout {
    /// The layout of a format with exactly one `Start` and one `End` and `Text` last, and at
    /// most `MAX_FIELDS` fields; `None` for any other, whose lines all go to the general path.
    pub(super) fn new(kinds: &[Field]) -> Option<Self> {
        let n = kinds.len();
        if n > MAX_FIELDS || kinds.last() != Some(&Field::Text) {
            return None;
        }
        let only = |kind: Field| {
            let mut at = kinds.iter().enumerate().filter(|(_, k)| **k == kind);
            match (at.next(), at.next()) {
                (Some((i, _)), None) => Some(i),
                _ => None,
            }
        };
        Some(FastLayout {
            n,
            start: only(Field::Start)?,
            end: only(Field::End)?,
        })
    }
}

/// The cue `event::parse_event` would make of `line` (value after the descriptor at
/// `value_off`), when the line has the common shape (see the module doc); `None` otherwise,
/// with nothing of `scratch` the general path relies on changed.
pub(super) fn parse_event_fast(
    line: &str,
    value_off: usize,
    fmt: &EventFormat,
    kind: CueKind,
    scratch: &mut EventScratch,
) -> Option<Cue> {
    let layout = fmt.fast?;
    let b = line.as_bytes();
    let first = skip_blanks(b, value_off);
    let mut commas = [0usize; MAX_FIELDS];
    let commas = commas.get_mut(..layout.n.checked_sub(1)?)?;
    if !find_commas(b, first, commas) {
        return None;
    }
    // Field `i` lies between the comma before it (or `first`) and the comma after it (or the
    // line end); `Start` and `End` are never last, as `Text` is.
    let from = |i: usize| match i.checked_sub(1) {
        Some(prev) => commas.get(prev).map_or(b.len(), |c| c + 1),
        None => first,
    };
    let to = |i: usize| commas.get(i).copied().unwrap_or(b.len());
    let start = ass_time(b.get(from(layout.start)..to(layout.start))?)?;
    let end = ass_time(b.get(from(layout.end)..to(layout.end))?)?;
    let text_at = from(layout.n - 1);
    let text = line.get(text_at..)?;

    // The meta key, as the general path builds it: the kind, then every field but the times and
    // the text followed by its comma — the runs of the line between those three fields.
    let (a, z) = (layout.start.min(layout.end), layout.start.max(layout.end));
    let key = &mut scratch.key;
    key.clear();
    key.push(match kind {
        CueKind::Dialogue => 'D',
        CueKind::Comment => 'C',
    });
    for (seg_from, seg_to) in [(first, from(a)), (to(a) + 1, from(z)), (to(z) + 1, text_at)] {
        key.push_str(line.get(seg_from..seg_to)?);
    }
    scratch.negative = None;
    let (slot, hit) = scratch.recent.find(&scratch.key);
    let meta = match hit {
        Some(meta) => meta,
        None => {
            let meta = scratch.metas.get_or_make(&scratch.key, || {
                let ranges: Vec<(usize, usize)> = (0..layout.n).map(|i| (from(i), to(i))).collect();
                event_meta(line, fmt, kind, &ranges)
            });
            scratch.recent.keep(slot, &scratch.key, &meta);
            meta
        }
    };

    let at = scratch
        .source
        .as_ref()
        .map(|(src, line_at)| (src, line_at + text_at));
    let rich = match at {
        // Plain lines: kept as the one range (what `parse_text` splits into runs and breaks).
        Some((src, off)) if plain_lines(text.as_bytes()) => {
            RichText::shared_lines(src, off..off + text.len(), LineSeparator::AssBreak)
        }
        _ => RichText::new(other_inlines(
            text,
            at,
            &mut scratch.inlines,
            &mut scratch.tags,
        )),
    };
    Some(Cue {
        start,
        end,
        text: rich,
        meta: Some(meta),
        ..Cue::default()
    })
}

/// True when `text` is lines `parse_text` would make only runs and `\N` breaks of, with no empty
/// line: no `{`, every backslash the start of a `\N` that neither starts nor ends the text nor
/// follows another.
fn plain_lines(text: &[u8]) -> bool {
    if text.is_empty() || memchr::memchr(b'{', text).is_some() {
        return false;
    }
    memchr::memchr_iter(b'\\', text).all(|i| {
        i > 0
            && text.get(i + 1) == Some(&b'N')
            && i + 2 < text.len()
            && text.get(i + 2) != Some(&b'\\')
    })
}

/// The inlines of a text that is not plain lines (see `parse_text`).
fn other_inlines(
    text: &str,
    at: Option<(&Arc<String>, usize)>,
    scratch: &mut Vec<Inline>,
    tags: &mut Shared<Tag>,
) -> Vec<Inline> {
    if memchr::memchr2(b'{', b'\\', text.as_bytes()).is_none() {
        // What `parse_text` makes of a text without markup: one run, or nothing.
        if text.is_empty() {
            Vec::new()
        } else {
            let run = match at {
                Some((src, off)) => Text::shared(src, off..off + text.len()),
                None => text.into(),
            };
            vec![Inline::Text(run)]
        }
    } else {
        parse_text(text, scratch, tags, at);
        let mut inlines = Vec::with_capacity(scratch.len());
        inlines.append(scratch);
        inlines
    }
}

/// Slots of `RecentMetas`: several times the distinct style × speaker pairs of an episode.
const RECENT_SLOTS: usize = 256;

/// The metas of recent event lines by their key (`EventScratch::key`): a direct-mapped table in
/// front of `EventScratch::metas`, whose general map (foldhash over the key, probing, a `memcmp`
/// call) was 8 % of reading a large script. A key here is one multiply-rotate hash over its
/// words and one inline comparison; a miss, or a key that lost its slot to another, goes to
/// `metas`, so every line still gets the meta its key determines. Keys no longer than
/// `MAX_KEY` bytes are kept (what `Shared` keeps too), so a file of distinct long values does
/// not copy each one.
#[derive(Default)]
pub(super) struct RecentMetas {
    slots: Vec<Option<Recent>>,
}

/// A `RecentMetas` slot: a key and its meta.
type Recent = (Box<[u8]>, Arc<CueMeta>);

impl RecentMetas {
    const MAX_KEY: usize = 96;

    /// The slot of `key`, and its meta when the slot holds that key.
    fn find(&self, key: &str) -> (usize, Option<Arc<CueMeta>>) {
        let slot = key_hash(key.as_bytes()) as usize % RECENT_SLOTS;
        let hit = match self.slots.get(slot) {
            Some(Some((k, meta))) if same_bytes(k, key.as_bytes()) => Some(Arc::clone(meta)),
            _ => None,
        };
        (slot, hit)
    }

    fn keep(&mut self, slot: usize, key: &str, meta: &Arc<CueMeta>) {
        if key.len() > Self::MAX_KEY {
            return;
        }
        if self.slots.is_empty() {
            self.slots.resize(RECENT_SLOTS, None);
        }
        if let Some(s) = self.slots.get_mut(slot) {
            *s = Some((key.as_bytes().into(), Arc::clone(meta)));
        }
    }
}

/// A multiply-rotate hash of `b`, eight bytes at a time (the last word zero-padded; the length
/// is mixed in first).
fn key_hash(b: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mix = |h: u64, w: u64| (h.rotate_left(23) ^ w).wrapping_mul(K);
    let mut h = mix(0, b.len() as u64);
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = mix(h, u64::from_le_bytes(w));
    }
    let mut w = [0u8; 8];
    for (d, s) in w.iter_mut().zip(chunks.remainder()) {
        *d = *s;
    }
    h = mix(h, u64::from_le_bytes(w));
    // The high bits are the well-mixed ones.
    h >> 32
}

/// `a == b` word by word: keys are a few dozen bytes, below what a `memcmp` call pays off for.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let word = |c: &[u8]| {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        u64::from_ne_bytes(w)
    };
    let (mut x, mut y) = (a.chunks_exact(8), b.chunks_exact(8));
    for (p, q) in (&mut x).zip(&mut y) {
        if word(p) != word(q) {
            return false;
        }
    }
    x.remainder().iter().zip(y.remainder()).all(|(p, q)| p == q)
}

/// Fills `out` with the positions of the first `out.len()` commas at or after `from`; false when
/// the line has fewer. Eight bytes at a time, with an exact per-byte zero test (no false hits
/// from borrows, unlike the cheaper test `lines::find_eol` can use for its first hit only).
fn find_commas(b: &[u8], from: usize, out: &mut [usize]) -> bool {
    const LO7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HI: u64 = 0x8080_8080_8080_8080;
    const COMMAS: u64 = 0x0101_0101_0101_0101 * b',' as u64;
    let mut found = 0;
    if out.is_empty() {
        return true;
    }
    let Some(rest) = b.get(from..) else {
        return false;
    };
    let mut chunks = rest.chunks_exact(8);
    let mut base = from;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word) ^ COMMAS;
        let mut hits = !(((x & LO7) + LO7) | x) & HI;
        while hits != 0 {
            if let Some(slot) = out.get_mut(found) {
                *slot = base + (hits.trailing_zeros() / 8) as usize;
            }
            found += 1;
            if found == out.len() {
                return true;
            }
            hits &= hits - 1;
        }
        base += 8;
    }
    for (i, &c) in chunks.remainder().iter().enumerate() {
        if c == b',' {
            if let Some(slot) = out.get_mut(found) {
                *slot = base + i;
            }
            found += 1;
            if found == out.len() {
                return true;
            }
        }
    }
    false
}

/// `H:MM:SS.cc` or `HH:MM:SS.cc` exactly (what `event::parse_time` reads the same way); `None`
/// for every other spelling, which the general path reads. Two of these per event line: the
/// checks are made on fixed positions, all at once, and no digit-run loop is involved.
#[inline(always)]
fn ass_time(s: &[u8]) -> Option<Timestamp> {
    let (hours, rest): (&[u8], &[u8]) = match s.len() {
        10 => s.split_at(1),
        11 => s.split_at(2),
        _ => return None,
    };
    let r: &[u8; 9] = rest.try_into().ok()?;
    if r[0] != b':' || r[3] != b':' || r[6] != b'.' {
        return None;
    }
    // Spelled out: `array::map` was left as a call to `try_map`.
    let z = |c: u8| c.wrapping_sub(b'0');
    let d = [z(r[1]), z(r[2]), z(r[4]), z(r[5]), z(r[7]), z(r[8])];
    let mut h: i64 = 0;
    let mut bad = false;
    for &c in hours {
        let v = c.wrapping_sub(b'0');
        bad |= v > 9;
        h = h * 10 + i64::from(v);
    }
    if bad || d.iter().any(|&v| v > 9) {
        return None;
    }
    let two = |hi: u8, lo: u8| i64::from(hi) * 10 + i64::from(lo);
    let millis = i64::from(d[4]) * 100 + i64::from(d[5]) * 10;
    Some(Timestamp::from_parts(
        h,
        two(d[0], d[1]),
        two(d[2], d[3]),
        millis,
    ))
}
