//! What SRT and WebVTT share: both are blocks of lines separated by blank lines, each with a
//! `start --> end` timing line, and both carry HTML-like markup in their cue text. `scan` lexes
//! lines and timings for both readers (`html` uses its line and byte search too); this file holds
//! the diagnostics both readers report the same way, and `write` the pieces both writers need
//! (padding blank lines, collecting dropped markup, clock times, copying what followed a
//! regenerated cue).

pub(crate) mod scan;
mod write;

pub(crate) use write::{
    Dropped, DroppedComments, LineWriter, drawing_label, ensure_blank_line_before,
    ensure_line_start, finish_regenerated, push_clock,
};

use crate::diag::{Diagnostic, Severity, rules};
use crate::format::{encoding, html};
use crate::model::{Cue, LineEnding};
use scan::{Line, Lines};

/// Line-ending facts without a second byte-by-byte pass over LF-only text.
pub(crate) fn line_facts(text: &str) -> (LineEnding, bool) {
    // `memchr` rather than `str::contains`: this is a whole-file pass on every read.
    if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        encoding::line_facts(text)
    } else {
        (LineEnding::Lf, text.ends_with('\n'))
    }
}

pub(crate) fn bad_timing(lines: &Lines, line: Line, at: usize) -> Diagnostic {
    let text = lines.text(line);
    let found = text
        .get(at..)
        .and_then(|s| s.chars().next())
        .map_or_else(String::new, |c| c.to_string());
    Diagnostic::new(rules::PARSE_BAD_TIMING, Severity::Error)
        .at(line.no, scan::column(text, at))
        .arg("found", found)
}

/// A timing line read despite an arrow that is not `-->` (byte range `arrow` of the line).
pub(crate) fn loose_arrow(
    lines: &Lines,
    line: Line,
    arrow: (usize, usize),
    cue: u32,
) -> Diagnostic {
    let text = lines.text(line);
    Diagnostic::new(rules::PARSE_LOOSE_ARROW, Severity::Warning)
        .at(line.no, scan::column(text, arrow.0))
        .cue(cue)
        .arg("arrow", text.get(arrow.0..arrow.1).unwrap_or("").trim())
}

pub(crate) fn end_before_start(lines: &Lines, line: Line, end_at: usize, cue: &Cue) -> Diagnostic {
    Diagnostic::new(rules::PARSE_END_BEFORE_START, Severity::Warning)
        .at(line.no, scan::column(lines.text(line), end_at))
        .cue(cue.id)
        .arg("start", cue.start.fmt_clock(','))
        .arg("end", cue.end.fmt_clock(','))
}

/// Reports markup problems of a cue whose text starts on line `first_line`.
pub(crate) fn markup_problems(
    text: &str,
    first_line: u32,
    cue: u32,
    problems: &[html::MarkupProblem],
    diags: &mut Vec<Diagnostic>,
) {
    for p in problems {
        let (dl, col) = html::line_col(text, p.offset);
        diags.push(
            Diagnostic::new(rules::PARSE_BAD_MARKUP, Severity::Warning)
                .at(first_line.saturating_add(dl), col)
                .cue(cue)
                .arg("markup", &p.raw),
        );
    }
}
