//! Writing cue blocks for SRT and WebVTT alike: cue text line by line with blank-looking lines
//! padded, markup a writer could not express collected into one diagnostic per cue, comments left
//! out visibly, clock times without allocation, and the bytes that followed a regenerated cue.

use super::scan;
use crate::diag::{Diagnostic, Severity, rules};
use crate::format::digits;
use crate::model::{Cue, Origin, Timestamp};

/// After a regenerated cue that came from the source: match a missing final line ending, then
/// copy what followed the cue (blank lines, skipped blocks) as it was.
pub(crate) fn finish_regenerated(src: &str, o: Origin, le: &str, out: &mut String) {
    let raw_body = src.get(o.body()).unwrap_or("");
    if !raw_body.is_empty() && !raw_body.ends_with(['\n', '\r']) && out.ends_with(le) {
        out.truncate(out.len() - le.len());
    }
    out.push_str(src.get(o.trailing()).unwrap_or(""));
}

/// Writes cue text line by line, padding lines that would read as blank.
pub(crate) struct LineWriter {
    line_start: usize,
    pub breaks: usize,
    /// What makes a blank line non-blank (U+00A0, or `&nbsp;` in WebVTT).
    pad: &'static str,
}

impl LineWriter {
    pub fn new(out: &str, pad: &'static str) -> Self {
        LineWriter {
            line_start: out.len(),
            breaks: 0,
            pad,
        }
    }

    pub fn end_line(&mut self, le: &str, out: &mut String) {
        let line = out.get(self.line_start..).unwrap_or("");
        if scan::is_blank(line) {
            out.push_str(self.pad);
        }
        out.push_str(le);
        self.line_start = out.len();
        self.breaks += 1;
    }

    /// A text run, whose own line breaks (a run built in memory may hold `\n`) become line ends.
    pub fn text(&mut self, t: &str, le: &str, out: &mut String, emit: impl Fn(&str, &mut String)) {
        // memchr2 rather than `str::contains([..])`: this runs on every text run written.
        if memchr::memchr2(b'\n', b'\r', t.as_bytes()).is_none() {
            emit(t, out);
            return;
        }
        let mut rest = t;
        while let Some(p) = memchr::memchr2(b'\n', b'\r', rest.as_bytes()) {
            emit(rest.get(..p).unwrap_or(""), out);
            let skip = if rest.get(p..p + 2) == Some("\r\n") {
                2
            } else {
                1
            };
            self.end_line(le, out);
            rest = rest.get(p + skip..).unwrap_or("");
        }
        emit(rest, out);
    }
}

/// Markup a writer could not express, collected per cue into one diagnostic (the first few
/// distinct tags by name, then a count, so a cue of thousands of tags stays cheap).
#[derive(Default)]
pub(crate) struct Dropped {
    shown: Vec<String>,
    more: bool,
}

impl Dropped {
    const SHOWN: usize = 5;

    pub fn push(&mut self, raw: &str) {
        if self.shown.iter().any(|r| r == raw) {
            return;
        }
        if self.shown.len() < Self::SHOWN {
            self.shown.push(raw.to_string());
        } else {
            self.more = true;
        }
    }

    /// `format` is the output format's display name, for the message.
    pub fn diagnostic(&self, cue: &Cue, format: &str) -> Option<Diagnostic> {
        if self.shown.is_empty() {
            return None;
        }
        let mut markup = self.shown.join(" ");
        if self.more {
            markup.push_str(" …");
        }
        Some(
            Diagnostic::new(rules::WRITE_MARKUP_DROPPED, Severity::Warning)
                .cue(cue.id)
                .arg("cue", cue.id)
                .arg("format", format)
                .arg("markup", markup),
        )
    }
}

pub(crate) fn drawing_label(d: &str) -> String {
    let mut s: String = d.chars().take(24).collect();
    if s.len() < d.len() {
        s.push('…');
    }
    s
}

/// A comment event cannot be hidden in SRT or WebVTT cue text, so it is left out; saying so keeps
/// the loss visible (Info: a comment is a note to editors, not content).
/// One `write-comment-dropped` note for a file: the first comment left out and how many were.
fn comments_dropped(first: u32, count: usize, format: &str) -> Diagnostic {
    Diagnostic::new(rules::WRITE_COMMENT_DROPPED, Severity::Info)
        .cue(first)
        .arg("count", count)
        .arg("format", format)
}

/// Counts the comment events a writer leaves out, for one note per file.
#[derive(Default)]
pub(crate) struct DroppedComments(Option<(u32, usize)>);

impl DroppedComments {
    pub(crate) fn add(&mut self, cue: &Cue) {
        self.0.get_or_insert((cue.id, 0)).1 += 1;
    }

    pub(crate) fn report(self, format: &str, diags: &mut Vec<Diagnostic>) {
        if let Some((first, count)) = self.0 {
            diags.push(comments_dropped(first, count, format));
        }
    }
}

/// Ends the current line when `out` does not end with a line ending (a source whose last cue had
/// none, followed by a cue written after it).
pub(crate) fn ensure_line_start(out: &mut String, le: &str) {
    if !out.is_empty() && !out.ends_with(['\n', '\r']) {
        out.push_str(le);
    }
}

/// Adds a blank line unless `out` is empty or already ends with one.
pub(crate) fn ensure_blank_line_before(out: &mut String, le: &str) {
    let trimmed = out
        .strip_suffix("\r\n")
        .or_else(|| out.strip_suffix(['\n', '\r']));
    match trimmed {
        None => {}
        Some(t) if t.is_empty() || t.ends_with(['\n', '\r']) => {}
        Some(_) => out.push_str(le),
    }
}

/// `HH:MM:SS<sep>mmm` like `Timestamp::fmt_clock`, written in place (no allocation per cue).
pub(crate) fn push_clock(out: &mut String, t: Timestamp, sep: char) {
    let (_, h, m, s, ms) = Timestamp(t.0.max(0)).parts();
    digits::push_at_least_two(out, h);
    out.push(':');
    digits::push_two(out, m);
    out.push(':');
    digits::push_two(out, s);
    out.push(sep);
    digits::push_three(out, ms);
}

#[cfg(test)]
mod tests {
    use super::push_clock;
    use crate::model::Timestamp;

    #[test]
    fn clock_matches_model_formatting() {
        for ms in [
            0,
            1,
            999,
            1000,
            59_999,
            3_600_000,
            362_439_999,
            123 * 3_600_000,
            -5,
            i64::MAX,
        ] {
            let mut s = String::new();
            push_clock(&mut s, Timestamp(ms), ',');
            assert_eq!(s, Timestamp(ms).fmt_clock(','), "{ms}");
        }
    }
}
