//! Writing a track back over the ASS source it was read from: preamble, trailing regions and
//! untouched cue lines verbatim, edited cues regenerated in the field order in force where they
//! stand, and what rode with deleted cues kept in place.

use super::event::{EventScratch, parse_event};
use super::lines::{line_bounds, split_names};
use std::borrow::Cow;

use super::write::write_event;
use super::{EventFormat, V4P_EVENTS};
use crate::diag::Diagnostic;
use crate::model::{Cue, CueKind, MetaDigests, Track};

/// The preamble with every value edited after reading written again from the track — a style
/// (italics removed for a platform, letter spacing removed for a joining script) or a
/// `[Script Info]` value (`PlayResX` for another canvas) — and everything else byte for byte.
/// `start` is where the preamble begins in `src`.
fn edited_preamble<'a>(preamble: &'a str, start: usize, src: &str, track: &Track) -> Cow<'a, str> {
    let end = start + preamble.len();
    let within = |r: &std::ops::Range<usize>| r.start >= start && r.end <= end;
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for (style, range) in track.styles.iter().zip(&track.style_values) {
        let Some(value) = src.get(range.clone()).filter(|_| within(range)) else {
            continue;
        };
        let pieces: Vec<&str> = value.split(',').map(str::trim).collect();
        let same = style.fields.len() <= pieces.len()
            && style
                .fields
                .iter()
                .zip(&pieces)
                .all(|((_, v), p)| v.as_str() == *p);
        if !same {
            let values: Vec<&str> = style.fields.iter().map(|(_, v)| v.as_str()).collect();
            edits.push((range.clone(), format!(" {}", values.join(","))));
        }
    }
    for ((_, value), range) in track.info.iter().zip(&track.info_values) {
        let Some(old) = src.get(range.clone()).filter(|_| within(range)) else {
            continue;
        };
        if old.trim() != value {
            edits.push((range.clone(), format!(" {value}")));
        }
    }
    if edits.is_empty() {
        return Cow::Borrowed(preamble);
    }
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(preamble.len() + 64);
    let mut at = start;
    for (range, text) in edits {
        if range.start < at {
            continue;
        }
        out.push_str(src.get(at..range.start).unwrap_or(""));
        out.push_str(&text);
        at = range.end;
    }
    out.push_str(src.get(at..end).unwrap_or(""));
    Cow::Owned(out)
}

pub(super) fn write_lossless(track: &Track, src: &str, diags: &mut Vec<Diagnostic>) -> String {
    let mut out = String::with_capacity(src.len() + 256);
    let default_eol = track.facts.line_ending.as_str();
    let mut scan = FormatScan::default();
    let fallback = if track.event_fields.is_empty() {
        EventFormat::from_static(V4P_EVENTS)
    } else {
        EventFormat::new(track.event_fields.clone())
    };
    let preamble_end = src
        .get(track.preamble.clone())
        .map_or(0, |_| track.preamble.end);
    let preamble = edited_preamble(
        src.get(track.preamble.clone()).unwrap_or(""),
        track.preamble.start,
        src,
        track,
    );
    let preamble = preamble.as_ref();
    let mut orphans = Orphans::new(track, src, preamble_end);
    out.push_str(preamble);
    scan.feed(preamble);
    orphans.emit_at(preamble_end, src, &mut scan, &fallback, &mut out);
    // A cue's trailing region is held back until the next cue that has its own place in the
    // source, so cues added after it stay inside [Events] rather than after a later section.
    let mut pending: (&str, usize) = ("", preamble_end);
    let mut digests = MetaDigests::default();
    for cue in &track.cues {
        match raw_parts(src, cue) {
            Some((body, trailing, end)) => {
                flush(pending, src, &mut orphans, &mut scan, &fallback, &mut out);
                if cue.is_pristine_with(&mut digests) {
                    out.push_str(body);
                } else {
                    let fmt = scan.format(&fallback);
                    write_event(cue, fmt, line_ending_of(body), &mut out, diags);
                }
                pending = (trailing, end);
            }
            None => {
                if !out.is_empty() && !out.ends_with(['\n', '\r']) {
                    out.push_str(default_eol);
                }
                write_event(cue, scan.format(&fallback), default_eol, &mut out, diags);
            }
        }
    }
    flush(pending, src, &mut orphans, &mut scan, &fallback, &mut out);
    orphans.emit_rest(src, &mut scan, &fallback, &mut out);
    out
}

/// A cue's raw line, its trailing region and the end of that region, when its origin fits `src`.
fn raw_parts<'s>(src: &'s str, cue: &Cue) -> Option<(&'s str, &'s str, usize)> {
    let o = cue.origin?;
    Some((src.get(o.body())?, src.get(o.trailing())?, o.end as usize))
}

fn flush(
    (trailing, end): (&str, usize),
    src: &str,
    orphans: &mut Orphans,
    scan: &mut FormatScan,
    fallback: &EventFormat,
    out: &mut String,
) {
    out.push_str(trailing);
    scan.feed(trailing);
    orphans.emit_at(end, src, scan, fallback, out);
}

/// Parts of the source no remaining cue covers: the blocks of cues deleted since parsing. Their
/// event lines go with them, but what rode in their trailing regions — comments, and after the
/// last cue the `[Fonts]` or `[Aegisub Project Garbage]` sections — is kept, where it stood.
struct Orphans {
    spans: Vec<(std::ops::Range<usize>, bool)>,
}

impl Orphans {
    fn new(track: &Track, src: &str, preamble_end: usize) -> Self {
        // Common case, one pass and no allocation: the cues still tile the source in order.
        let mut pos = preamble_end;
        let mut tiled = true;
        for cue in &track.cues {
            if let Some(o) = cue.origin.filter(|_| raw_parts(src, cue).is_some()) {
                if o.start as usize != pos {
                    tiled = false;
                    break;
                }
                pos = o.end as usize;
            }
        }
        if tiled && pos == src.len() {
            return Orphans { spans: Vec::new() };
        }
        let mut covered: Vec<(usize, usize)> = track
            .cues
            .iter()
            .filter(|c| raw_parts(src, c).is_some())
            .filter_map(|c| c.origin.map(|o| (o.start as usize, o.end as usize)))
            .collect();
        covered.sort_unstable();
        let mut spans = Vec::new();
        let mut pos = preamble_end;
        for (start, end) in covered {
            if start > pos {
                spans.push((pos..start, false));
            }
            pos = pos.max(end);
        }
        if pos < src.len() {
            spans.push((pos..src.len(), false));
        }
        Orphans { spans }
    }

    /// Emits the uncovered span that begins where the text just written ended in the source.
    fn emit_at(
        &mut self,
        pos: usize,
        src: &str,
        scan: &mut FormatScan,
        fallback: &EventFormat,
        out: &mut String,
    ) {
        if self.spans.is_empty() {
            return;
        }
        if let Ok(i) = self.spans.binary_search_by(|(r, _)| r.start.cmp(&pos))
            && let Some((range, done)) = self.spans.get_mut(i)
            && !*done
        {
            *done = true;
            emit_orphan(src.get(range.clone()).unwrap_or(""), scan, fallback, out);
        }
    }

    /// Spans no cue was written before (cues reordered since parsing), at the end.
    fn emit_rest(
        &mut self,
        src: &str,
        scan: &mut FormatScan,
        fallback: &EventFormat,
        out: &mut String,
    ) {
        for (range, done) in &mut self.spans {
            if !*done {
                *done = true;
                emit_orphan(src.get(range.clone()).unwrap_or(""), scan, fallback, out);
            }
        }
    }
}

/// Copies an uncovered span without the event lines the reader had made cues of.
fn emit_orphan(span: &str, scan: &mut FormatScan, fallback: &EventFormat, out: &mut String) {
    let b = span.as_bytes();
    // Only whether a line parses matters here, never the meta it would get.
    let mut scratch = EventScratch::default();
    let mut pos = 0;
    while pos < b.len() {
        let (content_end, next) = line_bounds(b, pos);
        let line = span.get(pos..content_end).unwrap_or("");
        let whole = span.get(pos..next).unwrap_or("");
        let was_cue = scan.in_events
            && event_key(line).is_some_and(|(kind, value_off)| {
                parse_event(line, value_off, scan.format(fallback), kind, &mut scratch).is_ok()
            });
        if !was_cue {
            out.push_str(whole);
            scan.feed(whole);
        }
        pos = next;
    }
}

/// `Dialogue:` / `Comment:` (any case, indented or not): the kind and where the value starts.
fn event_key(line: &str) -> Option<(CueKind, usize)> {
    let lead = line.len() - line.trim_start_matches([' ', '\t', '\u{feff}']).len();
    let t = line.get(lead..)?;
    let colon = t.find(':')?;
    let key = t.get(..colon)?.trim_end();
    let kind = if key.eq_ignore_ascii_case("Dialogue") {
        CueKind::Dialogue
    } else if key.eq_ignore_ascii_case("Comment") {
        CueKind::Comment
    } else {
        return None;
    };
    Some((kind, lead + colon + 1))
}

/// The line ending a raw line ends with ("" for a last line without one).
fn line_ending_of(line: &str) -> &str {
    if line.ends_with("\r\n") {
        "\r\n"
    } else if line.ends_with('\n') {
        "\n"
    } else if line.ends_with('\r') {
        "\r"
    } else {
        ""
    }
}

/// Follows the `[Events]` `Format:` lines through the verbatim regions as they are written, so a
/// regenerated cue uses the field order in force where it stands (the reader does the same).
struct FormatScan {
    /// Format lines count before any section header, as the reader accepts events there.
    in_events: bool,
    format: Option<EventFormat>,
}

impl Default for FormatScan {
    fn default() -> Self {
        FormatScan {
            in_events: true,
            format: None,
        }
    }
}

impl FormatScan {
    fn feed(&mut self, region: &str) {
        if region.is_empty() {
            return;
        }
        for line in region.split(['\n', '\r']) {
            let t = line.trim_start_matches([' ', '\t', '\u{feff}']).trim_end();
            if let Some(inner) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
                self.in_events = inner.trim().eq_ignore_ascii_case("Events");
            } else if self.in_events
                && let Some(value) = strip_prefix_ci(t, "Format:")
            {
                let fmt = EventFormat::new(split_names(value));
                if fmt.has_timing() {
                    self.format = Some(fmt);
                }
            }
        }
    }

    /// The order in force, else the track's first order (or the v4+ default).
    fn format<'s>(&'s self, fallback: &'s EventFormat) -> &'s EventFormat {
        self.format.as_ref().unwrap_or(fallback)
    }
}

fn strip_prefix_ci<'s>(s: &'s str, prefix: &str) -> Option<&'s str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| s.get(prefix.len()..))
        .flatten()
}
