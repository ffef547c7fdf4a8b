//! The SRT reader's fast path: the one block shape nearly every real file is made of, recognised
//! in a single pass over its bytes.
//!
//! A block qualifies when its index line is exactly the cue's position (`17`, no sign, no leading
//! zero), its timing line is exactly `HH:MM:SS,mmm --> HH:MM:SS,mmm` with the end not before the
//! start, its text lines do not start with a digit, a space, a tab or a full-width or ideographic
//! character that could hide a timing, hold no `-->`, have no blank line between them, and it is
//! followed by the end of the file or by the next qualifying header (`position + 1` and its timing
//! line) after empty lines. For such a block the general reader (`Scanner::scan_body`,
//! `classify`, `read_cue` in `super`) reaches the same cue with no diagnostic; anything else —
//! whitespace-only lines, lone CRs, settings after the timing, renumbered or missing indexes, a
//! digit-led text line that might be a header — is left to the general reader, so every
//! tolerance and every report stays in one place. `super::tests::fast_path_matches_general` and
//! the `fuzz_srt` target check that both readers build the same track from the same text.

use std::ops::Range;

use crate::model::Timestamp;

use super::scan::find_any4;

/// A block the fast path read.
#[derive(Debug, Clone)]
pub(super) struct FastBlock {
    /// Where the block (its index line) starts.
    pub start: usize,
    pub start_ts: Timestamp,
    pub end_ts: Timestamp,
    /// Line number of the timing line.
    pub timing_no: u32,
    /// The text lines with the line endings between them (empty at the timing line's end when the
    /// cue has no text). Without markup, the lines are what `RichText::shared_lines` keeps: none
    /// is empty, and a CR only stands before an LF.
    pub text: Range<usize>,
    /// After the last text line's ending (or the timing line's when there is no text).
    pub body_end: usize,
    /// Whether the text holds `<` or `{` (markup for the inline parser).
    pub markup: bool,
    /// Where reading goes on: the next block's start and its line number, with its header
    /// already read; `None` at the end of the text.
    pub next: Option<(usize, u32, Header)>,
}

/// The index and timing lines of a block.
#[derive(Debug, Clone, Copy)]
pub(super) struct Header {
    pub start_ts: Timestamp,
    pub end_ts: Timestamp,
    /// Where the text after the timing line starts.
    pub text_at: usize,
}

/// The fast reader over one decoded text.
pub(super) struct Fast<'a> {
    b: &'a [u8],
}

impl<'a> Fast<'a> {
    /// `None` when the text has a lone CR (not followed by LF): such files have lines the fast
    /// path's LF search would not see, so the general reader reads them whole.
    /// `has_cr` tells whether the text has any CR at all (`Lines::has_cr`), to spare the search.
    pub fn new(src: &'a str, has_cr: bool) -> Option<Self> {
        let b = src.as_bytes();
        let lone_cr = has_cr && memchr::memchr_iter(b'\r', b).any(|p| b.get(p + 1) != Some(&b'\n'));
        (!lone_cr).then_some(Fast { b })
    }

    /// The header of the block for cue `id` at `pos` (a line start): the index line holding
    /// exactly `id`, then a timing line of the exact common shape.
    pub fn header(&self, pos: usize, id: u32) -> Option<Header> {
        let b = self.b;
        let mut i = pos;
        let mut n: u64 = 0;
        while let Some(&c) = b.get(i) {
            if !c.is_ascii_digit() || i - pos >= 10 {
                break;
            }
            n = n * 10 + u64::from(c - b'0');
            i += 1;
        }
        // No leading zero and exactly `id` (which is never 0).
        if i == pos || b.get(pos) == Some(&b'0') || n != u64::from(id) {
            return None;
        }
        let t = eol_after(b, i)?;
        let line: &[u8; 29] = b.get(t..t + 29)?.try_into().ok()?;
        let text_at = match b.get(t + 29) {
            None => t + 29,
            Some(_) => eol_after(b, t + 29)?,
        };
        let (start_ts, end_ts) = timing(line)?;
        Some(Header {
            start_ts,
            end_ts,
            text_at,
        })
    }

    /// The block for cue `id` at `pos`, whose header is `head`, with `no` the line number of its
    /// index line; `None` when the block is not of the fast shape.
    pub fn block(&self, pos: usize, no: u32, id: u32, head: Header) -> Option<FastBlock> {
        let b = self.b;
        let len = b.len();
        if head.end_ts < head.start_ts {
            return None; // reported by the general reader
        }
        let timing_no = no.checked_add(1)?;
        let mut out = FastBlock {
            start: pos,
            start_ts: head.start_ts,
            end_ts: head.end_ts,
            timing_no,
            text: head.text_at..head.text_at,
            body_end: head.text_at,
            markup: false,
            next: None,
        };
        let mut q = head.text_at;
        let mut line_no = timing_no.checked_add(1)?;
        loop {
            let Some(&first) = b.get(q) else {
                return Some(out); // end of the text
            };
            match first {
                b'\n' | b'\r' => {
                    // Empty lines end the text when the next block (or the end) follows.
                    let (n, n_no) = skip_empty(b, q, line_no);
                    if n >= len {
                        return Some(out);
                    }
                    let next_id = id.checked_add(1)?;
                    let next = self.header(n, next_id)?;
                    out.next = Some((n, n_no, next));
                    return Some(out);
                }
                // A line that may be an index, a timing or blank: the general reader decides.
                b'0'..=b'9' | b' ' | b'\t' | 0xEF => return None,
                0xE3 if b.get(q + 1..q + 3) == Some(&[0x80, 0x80]) => return None,
                _ => {}
            }
            let mut p = q;
            let eol = loop {
                match find_any4(b, p, [b'\n', b'<', b'{', b'>']) {
                    None => break len,
                    Some(x) => match b.get(x) {
                        Some(b'\n') => break x,
                        Some(b'>') => {
                            // `-->` in text makes the line a malformed timing line.
                            if x >= q + 2 && b.get(x - 2..x) == Some(b"--") {
                                return None;
                            }
                            p = x + 1;
                        }
                        _ => {
                            out.markup = true;
                            p = x + 1;
                        }
                    },
                }
            };
            let (end, next) = match eol < len {
                true if eol > q && b.get(eol - 1) == Some(&b'\r') => (eol - 1, eol + 1),
                true => (eol, eol + 1),
                false => (len, len),
            };
            if out.text.is_empty() {
                out.text.start = q;
            }
            out.text.end = end;
            out.body_end = next;
            q = next;
            line_no = line_no.checked_add(1)?;
        }
    }
}

/// After the line ending at `i` (`\n` or `\r\n`); `None` when `i` is not a line ending.
fn eol_after(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'\n' => Some(i + 1),
        b'\r' if b.get(i + 1) == Some(&b'\n') => Some(i + 2),
        _ => None,
    }
}

/// Past the empty lines at `i`, counting them into the line number `no`.
fn skip_empty(b: &[u8], mut i: usize, mut no: u32) -> (usize, u32) {
    while let Some(next) = eol_after(b, i) {
        i = next;
        no = no.saturating_add(1);
    }
    (i, no)
}

/// `HH:MM:SS,mmm --> HH:MM:SS,mmm`, read by position.
fn timing(l: &[u8; 29]) -> Option<(Timestamp, Timestamp)> {
    if l.get(12..17) != Some(b" --> ") {
        return None;
    }
    Some((clock(&l[..12])?, clock(&l[17..])?))
}

/// `HH:MM:SS,mmm` (12 bytes).
fn clock(c: &[u8]) -> Option<Timestamp> {
    let d = |i: usize| -> Option<i64> {
        let v = c.get(i)?.wrapping_sub(b'0');
        (v < 10).then_some(i64::from(v))
    };
    if c.get(2) != Some(&b':') || c.get(5) != Some(&b':') || c.get(8) != Some(&b',') {
        return None;
    }
    let h = d(0)? * 10 + d(1)?;
    let m = d(3)? * 10 + d(4)?;
    let s = d(6)? * 10 + d(7)?;
    let ms = d(9)? * 100 + d(10)? * 10 + d(11)?;
    Some(Timestamp::from_parts(h, m, s, ms))
}
