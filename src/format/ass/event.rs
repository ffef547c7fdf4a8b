//! One event line (`Dialogue:` / `Comment:`) read into a cue: its fields split by the `Format:`
//! in force, times, layer, the shared meta, and the text with its override blocks and drawings.

use std::sync::Arc;

use super::lines::{find_byte, skip_blanks};
use super::{EventFormat, Field, tags as ass_tags};
use crate::format::Shared;
use crate::model::{Cue, CueKind, CueMeta, Effect, Inline, RichText, Tag, Text, Timestamp};

/// Why an event line could not become a cue; byte offsets are into the line.
pub(super) enum BadEvent {
    TooFewFields {
        at: usize,
        found: usize,
    },
    BadTime {
        field: &'static str,
        at: usize,
        end: usize,
    },
}

/// What the event parser reuses from one line to the next.
#[derive(Default)]
pub(super) struct EventScratch {
    /// Every cue's inlines are built here, then moved out at exact size.
    pub(super) inlines: Vec<Inline>,
    /// The current line's meta key: its kind, then the raw value of every field that goes into
    /// `CueMeta` (all but Start, End and Text), comma-separated. Only the last field of a line can
    /// hold a comma, so the key is unambiguous.
    pub(super) key: String,
    /// Byte ranges of the current line's fields, for building a meta not seen before.
    pub(super) ranges: Vec<(usize, usize)>,
    /// Shared metas by key; valid for one event `Format:` only.
    pub(super) metas: Shared<CueMeta>,
    /// The fast path's table in front of `metas`; valid for one event `Format:` only too.
    pub(super) recent: super::fast::RecentMetas,
    /// Shared tags by raw text.
    pub(super) tags: Shared<Tag>,
    /// A negative time on the current line (field name and byte range), read as 0.
    pub(super) negative: Option<(&'static str, usize, usize)>,
    /// The track's decoded source and where the current line starts in it, so text runs share
    /// the source instead of copying it (`model::Text`); `None` where lines are parsed only to
    /// see whether they parse.
    pub(super) source: Option<(Arc<String>, usize)>,
}

/// Splits one event line (after `Dialogue:`) by its format into a cue without id and origin.
pub(super) fn parse_event(
    line: &str,
    value_off: usize,
    fmt: &EventFormat,
    kind: CueKind,
    scratch: &mut EventScratch,
) -> Result<Cue, BadEvent> {
    let b = line.as_bytes();
    let mut off = skip_blanks(b, value_off);
    let n = fmt.kinds.len();
    let mut cue = Cue::default();
    let mut text = RichText::default();
    scratch.key.clear();
    scratch.key.push(match kind {
        CueKind::Dialogue => 'D',
        CueKind::Comment => 'C',
    });
    scratch.ranges.clear();
    scratch.negative = None;
    for (idx, &field) in fmt.kinds.iter().enumerate() {
        let end = if idx + 1 == n {
            b.len()
        } else {
            match find_byte(b, off, b',') {
                Some(c) => c,
                None => {
                    return Err(BadEvent::TooFewFields {
                        at: b.len(),
                        found: idx + 1,
                    });
                }
            }
        };
        let value = line.get(off..end).unwrap_or("");
        scratch.ranges.push((off, end));
        match field {
            Field::Start | Field::End => {
                let name = if field == Field::Start {
                    "Start"
                } else {
                    "End"
                };
                // A negative time (`-0:00:01.00`, from a shifted script) keeps its line: the
                // event is read from 0 and reported, not dropped.
                let negative = value.trim_ascii().strip_prefix('-').and_then(parse_time);
                if negative.is_some() {
                    scratch.negative.get_or_insert((name, off, end));
                }
                let Some(t) = parse_time(value).or(negative.map(|_| Timestamp(0))) else {
                    let field = name;
                    return Err(BadEvent::BadTime {
                        field,
                        at: off,
                        end,
                    });
                };
                if field == Field::Start {
                    cue.start = t;
                } else {
                    cue.end = t;
                }
            }
            Field::Text => {
                let at = scratch
                    .source
                    .as_ref()
                    .map(|(src, line_at)| (src, line_at + off));
                parse_text(value, &mut scratch.inlines, &mut scratch.tags, at);
                // Moved out at exact size: the scratch keeps its capacity for the next cue.
                let mut inlines = Vec::with_capacity(scratch.inlines.len());
                inlines.append(&mut scratch.inlines);
                text = RichText::new(inlines);
            }
            Field::Layer | Field::Style | Field::Name | Field::Other => {
                scratch.key.push_str(value);
                scratch.key.push(',');
            }
        }
        off = end + 1;
    }
    cue.text = text;
    let ranges = &scratch.ranges;
    cue.meta = Some(
        scratch
            .metas
            .get_or_make(&scratch.key, || event_meta(line, fmt, kind, ranges)),
    );
    Ok(cue)
}

/// The meta of an event line whose fields lie at `ranges` (one per field of `fmt`). Margins equal
/// to `0`, an empty `Effect` and `Marked=0` are left out (see the `ass` module doc).
pub(super) fn event_meta(
    line: &str,
    fmt: &EventFormat,
    kind: CueKind,
    ranges: &[(usize, usize)],
) -> CueMeta {
    let mut meta = CueMeta {
        kind,
        ..CueMeta::default()
    };
    let fields = fmt.kinds.iter().zip(&fmt.names).zip(&fmt.defaults);
    for (((&field, name), &default), &(from, to)) in fields.zip(ranges) {
        let value = line.get(from..to).unwrap_or("");
        match field {
            Field::Layer => meta.layer = parse_layer(value),
            Field::Style => {
                let v = value.trim_ascii();
                meta.style = (!v.is_empty()).then(|| v.to_string());
            }
            Field::Name => {
                let v = value.trim_ascii();
                meta.speaker = (!v.is_empty()).then(|| v.to_string());
            }
            Field::Other => {
                // Defaults are one or two bytes: a plain loop beats a `memcmp` call per field.
                let same = value.len() == default.len()
                    && value.bytes().zip(default.bytes()).all(|(a, b)| a == b);
                if !same {
                    meta.fields.push((name.clone(), value.to_string()));
                }
            }
            Field::Start | Field::End | Field::Text => {}
        }
    }
    meta
}

/// `Layer` as an integer; lenient like libass (`Marked=1` or junk after the digits still reads).
fn parse_layer(v: &str) -> i32 {
    let t = v.trim_ascii();
    let t = t.strip_prefix("Marked=").unwrap_or(t);
    let (neg, digits) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t),
    };
    let mut n: i64 = 0;
    for c in digits.bytes().take_while(u8::is_ascii_digit) {
        n = (n * 10 + i64::from(c - b'0')).min(i64::from(i32::MAX));
    }
    let n = if neg { -n } else { n };
    i32::try_from(n).unwrap_or(0)
}

/// `H:MM:SS.cc`, also `H:MM:SS`, `MM:SS.cc`, any digit count per part and `,` for `.`.
///
/// The fraction is read as a fraction of a second (`.5` = 500 ms, `.50` = 500 ms, `.500` =
/// 500 ms), as Aegisub, FFmpeg and most readers do. libass instead reads the digits as a count of
/// centiseconds (`.500` = 5 s, `.5` = 50 ms); the two agree on the standard two digits.
pub(super) fn parse_time(s: &str) -> Option<Timestamp> {
    let t = s.trim_ascii();
    let mut parts = [0i64; 3];
    let mut count = 0;
    let mut millis = 0i64;
    let mut rest = t;
    loop {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || count == 3 {
            return None;
        }
        let mut v: i64 = 0;
        for c in rest.bytes().take(digits) {
            // Saturate far above any real time; `Timestamp::from_parts` saturates the sum.
            v = (v * 10 + i64::from(c - b'0')).min(1_000_000_000_000);
        }
        parts[count] = v;
        count += 1;
        rest = &rest[digits..];
        match rest.as_bytes().first() {
            None => break,
            Some(b':') => rest = &rest[1..],
            Some(b'.' | b',') => {
                let frac = &rest[1..];
                if !frac.bytes().all(|c| c.is_ascii_digit()) {
                    return None;
                }
                let mut scale = 100;
                for c in frac.bytes().take(3) {
                    millis += i64::from(c - b'0') * scale;
                    scale /= 10;
                }
                break;
            }
            Some(_) => return None,
        }
    }
    let (h, m, sec) = match count {
        3 => (parts[0], parts[1], parts[2]),
        2 => (0, parts[0], parts[1]),
        _ => return None,
    };
    Some(Timestamp::from_parts(h, m, sec, millis))
}

/// ASS event text to inlines: `{…}` blocks become tags, `\N` `\n` `\h` breaks and hard spaces,
/// and text between a `\p1`… block and the next `\p0` is a drawing. A `{` with no `}` after it is
/// text, as renderers show it.
///
/// `at`: the source `text` lies in and its offset there, for text runs that share the source.
pub(super) fn parse_text(
    text: &str,
    out: &mut Vec<Inline>,
    tags: &mut Shared<Tag>,
    at: Option<(&Arc<String>, usize)>,
) {
    let b = text.as_bytes();
    let mut drawing = false;
    let mut run = 0;
    let mut i = 0;
    let mut unclosed = false;
    // Only `{` and `\` start anything: jump from one to the next (most text has none).
    while let Some(skip) = memchr::memchr2(b'{', b'\\', b.get(i..).unwrap_or_default()) {
        i += skip;
        match b[i] {
            b'{' if !unclosed => match find_byte(b, i + 1, b'}') {
                Some(close) => {
                    push_run(text, run, i, drawing, at, out);
                    let raw = &text[i..=close];
                    let tag = tags.get_or_make(raw, || ass_tags::parse_block(raw));
                    for e in &tag.effects {
                        if let Effect::Drawing(scale) = e {
                            drawing = *scale > 0;
                        }
                    }
                    out.push(Inline::Tag(tag));
                    i = close + 1;
                    run = i;
                }
                // No `}` anywhere after: every later `{` is text too, so stop searching.
                None => {
                    unclosed = true;
                    i += 1;
                }
            },
            b'\\' if !drawing => {
                let special = match b.get(i + 1) {
                    Some(b'N') => Some(Inline::LineBreak),
                    Some(b'n') => Some(Inline::SoftBreak),
                    Some(b'h') => Some(Inline::HardSpace),
                    _ => None,
                };
                match special {
                    Some(inline) => {
                        push_run(text, run, i, drawing, at, out);
                        out.push(inline);
                        i += 2;
                        run = i;
                    }
                    None => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    push_run(text, run, b.len(), drawing, at, out);
}

fn push_run(
    text: &str,
    from: usize,
    to: usize,
    drawing: bool,
    at: Option<(&Arc<String>, usize)>,
    out: &mut Vec<Inline>,
) {
    if let Some(s) = text.get(from..to).filter(|s| !s.is_empty()) {
        let run = match at {
            Some((src, off)) => Text::shared(src, off + from..off + to),
            None => s.into(),
        };
        out.push(if drawing {
            Inline::Drawing(run)
        } else {
            Inline::Text(run)
        });
    }
}
