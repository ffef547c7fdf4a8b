//! Line scanning and timing-line lexing shared by the SRT and WebVTT readers.
//!
//! Both formats are "blocks of lines with a `start --> end` line", and real files bend the same
//! rules in both: CR-only or mixed line endings, `,`/`.`/`:` before the fraction, one- to
//! three-digit fractions, hours above 99, full-width digits and colons from CJK editors. Keeping
//! one lexer means both readers accept exactly the same timings and report the same columns.

use crate::model::Timestamp;

/// One physical line of the source: `[start, end)` is its content, `next` the start of the
/// following line (after `\n`, `\r\n` or a lone `\r`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line {
    pub start: usize,
    pub end: usize,
    pub next: usize,
    /// 1-based line number.
    pub no: u32,
}

/// Splits text into lines without allocating; lines are produced on demand so look-ahead costs
/// nothing extra.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lines<'a> {
    src: &'a str,
    /// Whether the text contains any `\r`: when it does not, only `\n` is searched for.
    has_cr: bool,
}

impl<'a> Lines<'a> {
    pub fn new(src: &'a str) -> Self {
        Lines {
            src,
            has_cr: memchr::memchr(b'\r', src.as_bytes()).is_some(),
        }
    }

    /// Whether the text contains any `\r`.
    pub fn has_cr(&self) -> bool {
        self.has_cr
    }

    /// The line starting at byte `start`, numbered `no`; `None` at the end of the text.
    pub fn at(&self, start: usize, no: u32) -> Option<Line> {
        let b = self.src.as_bytes();
        if start >= b.len() {
            return None;
        }
        let found = match self.has_cr {
            true => find_eol(b, start),
            false => find_byte(b, start, b'\n'),
        };
        let (end, next) = match found {
            Some(p) => {
                let is_crlf = b.get(p) == Some(&b'\r') && b.get(p + 1) == Some(&b'\n');
                (p, p + if is_crlf { 2 } else { 1 })
            }
            None => (b.len(), b.len()),
        };
        Some(Line {
            start,
            end,
            next,
            no,
        })
    }

    pub fn next(&self, line: Line) -> Option<Line> {
        self.at(line.next, line.no.saturating_add(1))
    }

    pub fn text(&self, line: Line) -> &'a str {
        self.src.get(line.start..line.end).unwrap_or("")
    }

    /// Whether the line holds nothing but whitespace.
    pub fn is_blank(&self, line: Line) -> bool {
        is_blank(self.text(line))
    }

    /// The first non-blank line at or after `line`.
    pub fn skip_blank(&self, mut line: Option<Line>) -> Option<Line> {
        while let Some(l) = line {
            if !self.is_blank(l) {
                return Some(l);
            }
            line = self.next(l);
        }
        None
    }
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Bit 7 of each byte of the result is set where `w` has a zero byte (exact for the lowest one,
/// which is all the searches below use).
#[inline]
fn zero_bytes(w: u64) -> u64 {
    w.wrapping_sub(LO) & !w & HI
}

#[inline]
fn word_at(b: &[u8], i: usize) -> Option<u64> {
    let chunk: [u8; 8] = b.get(i..i + 8)?.try_into().ok()?;
    Some(u64::from_le_bytes(chunk))
}

/// First `needle` at or after `from`, eight bytes at a time: subtitle lines are short, and this
/// beats a general `memchr` call per line.
#[inline]
pub(crate) fn find_byte(b: &[u8], from: usize, needle: u8) -> Option<usize> {
    let pat = LO.wrapping_mul(u64::from(needle));
    let mut i = from;
    while let Some(w) = word_at(b, i) {
        let hit = zero_bytes(w ^ pat);
        if hit != 0 {
            return Some(i + (hit.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    b.get(i..)?.iter().position(|&c| c == needle).map(|p| i + p)
}

/// Whether `b` contains `x` or `y`.
pub(crate) fn contains_either(b: &[u8], x: u8, y: u8) -> bool {
    let (px, py) = (LO.wrapping_mul(u64::from(x)), LO.wrapping_mul(u64::from(y)));
    let mut i = 0;
    while let Some(w) = word_at(b, i) {
        if zero_bytes(w ^ px) | zero_bytes(w ^ py) != 0 {
            return true;
        }
        i += 8;
    }
    b.get(i..)
        .is_some_and(|rest| rest.iter().any(|&c| c == x || c == y))
}

/// First of the four bytes `set` at or after `from`, eight bytes at a time.
#[inline]
pub(crate) fn find_any4(b: &[u8], from: usize, set: [u8; 4]) -> Option<usize> {
    let [p0, p1, p2, p3] = set.map(|c| LO.wrapping_mul(u64::from(c)));
    let mut i = from;
    while let Some(w) = word_at(b, i) {
        let hit = zero_bytes(w ^ p0) | zero_bytes(w ^ p1) | zero_bytes(w ^ p2) | zero_bytes(w ^ p3);
        if hit != 0 {
            return Some(i + (hit.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    b.get(i..)?
        .iter()
        .position(|c| set.contains(c))
        .map(|p| i + p)
}

/// First `\n` or `\r` at or after `from`.
#[inline]
pub(crate) fn find_eol(b: &[u8], from: usize) -> Option<usize> {
    let (lf, cr) = (LO.wrapping_mul(0x0A), LO.wrapping_mul(0x0D));
    let mut i = from;
    while let Some(w) = word_at(b, i) {
        let hit = zero_bytes(w ^ lf) | zero_bytes(w ^ cr);
        if hit != 0 {
            return Some(i + (hit.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    b.get(i..)?
        .iter()
        .position(|&c| c == b'\n' || c == b'\r')
        .map(|p| i + p)
}

/// Whitespace-only (spaces, tabs, ideographic spaces): such a line separates blocks.
pub(crate) fn is_blank(s: &str) -> bool {
    match s.as_bytes().first() {
        None => true,
        Some(b' ' | b'\t' | 0xE3) => s.chars().all(|c| c == ' ' || c == '\t' || c == '\u{3000}'),
        Some(_) => false,
    }
}

/// 1-based column (in characters) of byte `offset` in `line`.
pub(crate) fn column(line: &str, offset: usize) -> u32 {
    let chars = match line.get(..offset) {
        Some(prefix) => prefix.chars().count(),
        None => offset,
    };
    u32::try_from(chars)
        .unwrap_or(u32::MAX - 1)
        .saturating_add(1)
}

/// Whether `s` looks like an SRT index: digits (ASCII or full-width) and nothing else, bar
/// surrounding whitespace.
pub(crate) fn is_index(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = skip_ws(b, 0);
    let first = i;
    while let Some((_, l)) = digit_at(b, i) {
        i += l;
    }
    i > first && skip_ws(b, i) == b.len()
}

/// A block's timing line, with the index (SRT) or identifier (WebVTT) line before it if any.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Block {
    pub index: Option<Line>,
    pub timing_line: Line,
    pub timing: Timing,
}

impl Block {
    /// Where the block starts in the source: its index (SRT) or identifier (WebVTT) line, else
    /// its timing line.
    pub(crate) fn start(&self) -> usize {
        self.index.map_or(self.timing_line.start, |l| l.start)
    }
}

/// Where block scanning goes on after a block's text.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Resume {
    End,
    /// A line still to be looked at (a blank line, a NOTE…).
    Line(Line),
    /// The next block, already recognised (so its lines are not lexed twice).
    Block(Block),
}

impl Resume {
    pub fn from_line(line: Option<Line>) -> Resume {
        line.map_or(Resume::End, Resume::Line)
    }
}

/// Block-level scanning over `Lines`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scanner<'a> {
    pub lines: Lines<'a>,
}

impl<'a> Scanner<'a> {
    pub fn new(src: &'a str) -> Self {
        Scanner {
            lines: Lines::new(src),
        }
    }

    /// The block starting at `line`: `line` is its timing line, or `line` is an index and the
    /// next line the timing line. Any line right after a blank line may be an (odd) index; directly
    /// after cue text only a numeric one, so a dialogue line followed by a cue with no index is not
    /// eaten as one.
    pub fn block_at(&self, line: Line, after_blank: bool) -> Option<Block> {
        let s = self.lines.text(line);
        let numeric = is_index(s);
        if !numeric {
            let t = classify(s);
            if t.is_timing() {
                return Some(Block {
                    index: None,
                    timing_line: line,
                    timing: t,
                });
            }
            if !after_blank {
                return None;
            }
        }
        let next = self.lines.next(line)?;
        let t = classify(self.lines.text(next));
        t.is_timing().then_some(Block {
            index: Some(line),
            timing_line: next,
            timing: t,
        })
    }

    /// The block of a cue without its timing line at `line`: `line` is exactly `expect` and the
    /// next line is text. A number that is not the next cue's (`800` in dialogue) stays text.
    fn untimed_at(&self, line: Line, expect: Option<u32>) -> Option<Block> {
        let expect = expect?;
        let number = self.lines.text(line).trim();
        if number.parse::<u32>().ok() != Some(expect) || number.starts_with('0') {
            return None;
        }
        let next = self.lines.next(line)?;
        if self.lines.is_blank(next) || classify(self.lines.text(next)).is_timing() {
            return None;
        }
        Some(Block {
            index: Some(line),
            timing_line: line,
            timing: Timing::Missing,
        })
    }

    /// Reads the text lines that follow the timing line `timing`. A blank line ends the text unless
    /// `blank_continues` (SRT) and the next non-blank line does not start a block, in which case
    /// the blank lines are part of the text.
    ///
    /// `expect_index` (SRT) is the number the next cue should carry: after a blank line, a line
    /// that is exactly that number followed by a text line (not a timing line) starts a cue whose
    /// timing line is missing, rather than continuing this cue's text.
    pub fn scan_body(
        &self,
        timing: Line,
        blank_continues: bool,
        expect_index: Option<u32>,
    ) -> Body {
        let lines = self.lines;
        let first = lines.next(timing);
        let mut last_text: Option<Line> = None;
        let mut cur = first;
        let resume = loop {
            let Some(line) = cur else {
                break Resume::End;
            };
            if lines.is_blank(line) {
                if !blank_continues {
                    break Resume::Line(line);
                }
                let Some(n) = lines.skip_blank(lines.next(line)) else {
                    break Resume::End;
                };
                if let Some(b) = self.block_at(n, true) {
                    break Resume::Block(b);
                }
                if let Some(b) = self.untimed_at(n, expect_index) {
                    break Resume::Block(b);
                }
                last_text = Some(n);
                cur = lines.next(n);
                continue;
            }
            if let Some(b) = self.block_at(line, false) {
                break Resume::Block(b);
            }
            last_text = Some(line);
            cur = lines.next(line);
        };
        match (first, last_text) {
            (Some(f), Some(l)) => Body {
                text_start: f.start,
                text_end: l.end,
                body_end: l.next,
                resume,
            },
            _ => Body {
                text_start: timing.next,
                text_end: timing.next,
                body_end: timing.next,
                resume,
            },
        }
    }
}

/// Where a block's text lies.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Body {
    /// `[text_start, text_end)`: the text lines with the line endings between them.
    pub text_start: usize,
    pub text_end: usize,
    /// After the last text line's ending (or the timing line's when there is no text).
    pub body_end: usize,
    pub resume: Resume,
}

/// What a line is, as far as timings go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Timing {
    /// Not meant as a timing line (dialogue, an index…).
    Text,
    /// A timing line: start, end, byte offset of the end timestamp, and the byte range of what
    /// follows the end timestamp (SRT coordinates, WebVTT settings), trimmed.
    Ok {
        start: Timestamp,
        end: Timestamp,
        end_at: usize,
        settings: Option<(usize, usize)>,
        /// The byte range of an arrow that is not `-->` (`- >`, `-- >`, `->`), to report.
        loose_arrow: Option<(usize, usize)>,
    },
    /// Meant as a timing line but malformed: byte offset of the first bad character.
    Bad(usize),
    /// No timing line at all: an SRT block whose number and text follow a blank line inside the
    /// previous cue (`Block::timing_line` is then the number's line). Only `scan_body` makes it.
    Missing,
}

impl Timing {
    pub fn is_timing(&self) -> bool {
        !matches!(self, Timing::Text)
    }
}

/// Classifies one line. A line is a timing line when it parses as one; it is a *malformed* one when
/// it contains an arrow `-->`, or starts with a digit and contains an arrow-ish `->`/`＞`, or starts
/// with a complete `H:MM:SS,mmm` timestamp. Anything else is text, so dialogue such as
/// "3 > 2" or "10:30 works" never splits a cue.
pub(crate) fn classify(line: &str) -> Timing {
    let b = line.as_bytes();
    let first = skip_ws(b, 0);
    if digit_at(b, first).is_none() {
        return match has_arrow(line, 2) {
            true => Timing::Bad(first),
            false => Timing::Text,
        };
    }
    match parse_timing(b, first) {
        Ok(t) => t,
        Err(_) if is_index(line) => Timing::Text,
        Err(bad) => {
            let full_first = matches!(parse_timestamp(b, first), Ok((_, _, true)));
            if full_first || has_arrow(line, 1) || line.contains('＞') {
                Timing::Bad(bad)
            } else {
                Timing::Text
            }
        }
    }
}

/// Whether `line` holds `>` preceded by at least `dashes` `-` (searching `>` first: it is rare in
/// dialogue, so most lines cost one `memchr`).
fn has_arrow(line: &str, dashes: usize) -> bool {
    let b = line.as_bytes();
    let mut from = 0;
    while let Some(gt) = find_byte(b, from, b'>') {
        if gt >= dashes
            && b.get(gt - dashes..gt)
                .is_some_and(|d| d.iter().all(|&c| c == b'-'))
        {
            return true;
        }
        from = gt + 1;
    }
    false
}

fn parse_timing(b: &[u8], at: usize) -> Result<Timing, usize> {
    let (start, mut i, _) = parse_timestamp(b, at)?;
    i = skip_ws(b, i);
    let arrow_at = i;
    let mut dashes = 0;
    while let Some(l) = dash_at(b, i) {
        i += l;
        dashes += 1;
    }
    if dashes == 0 {
        return Err(i);
    }
    // `- >` and `-- >` occur in real files and other libraries accept them: read, but report.
    let before_gt = i;
    i = skip_ws(b, i);
    let spaced = i != before_gt;
    match gt_at(b, i) {
        Some(l) => i += l,
        None => return Err(before_gt),
    }
    let loose_arrow = (dashes != 2 || spaced).then_some((arrow_at, i));
    i = skip_ws(b, i);
    let end_at = i;
    let (end, after_end, _) = parse_timestamp(b, i)?;
    let rest = skip_ws(b, after_end);
    if rest >= b.len() {
        return Ok(Timing::Ok {
            start,
            end,
            end_at,
            settings: None,
            loose_arrow,
        });
    }
    if rest == after_end {
        // Something glued to the end timestamp ("00:00:02,000x").
        return Err(rest);
    }
    let mut last = b.len();
    while last > rest && matches!(b.get(last - 1), Some(b' ' | b'\t')) {
        last -= 1;
    }
    Ok(Timing::Ok {
        start,
        end,
        end_at,
        settings: Some((rest, last)),
        loose_arrow,
    })
}

/// Parses `H:MM:SS[,mmm]` or `MM:SS.mmm` at byte `i`: the timestamp, the offset after it, and
/// whether it was a complete three-part timestamp with a fraction. `Err` carries the offset of the
/// first bad byte. Numbers of any length saturate instead of overflowing.
pub(crate) fn parse_timestamp(b: &[u8], i: usize) -> Result<(Timestamp, usize, bool), usize> {
    let (n1, i) = digits(b, i).ok_or(i)?;
    let i = i + colon_at(b, i).ok_or(i)?;
    let (n2, i) = digits(b, i).ok_or(i)?;
    if let Some(l) = colon_at(b, i) {
        let (n3, i) = digits(b, i + l).ok_or(i + l)?;
        if let Some(l) = frac_sep_at(b, i).or_else(|| colon_at(b, i)) {
            let (ms, i) = fraction(b, i + l).ok_or(i + l)?;
            return Ok((Timestamp::from_parts(n1, n2, n3, ms), i, true));
        }
        return Ok((Timestamp::from_parts(n1, n2, n3, 0), i, false));
    }
    if let Some(l) = frac_sep_at(b, i) {
        let (ms, i) = fraction(b, i + l).ok_or(i + l)?;
        return Ok((Timestamp::from_parts(0, n1, n2, ms), i, false));
    }
    Err(i)
}

/// A run of (ASCII or full-width) digits as a saturating value.
fn digits(b: &[u8], mut i: usize) -> Option<(i64, usize)> {
    let mut v: i64 = 0;
    let mut any = false;
    while let Some((d, l)) = digit_at(b, i) {
        v = v.saturating_mul(10).saturating_add(i64::from(d));
        i += l;
        any = true;
    }
    any.then_some((v, i))
}

/// Milliseconds from a fraction: `5` = 500, `50` = 500, `500` = 500; digits past the third are
/// read and ignored.
fn fraction(b: &[u8], mut i: usize) -> Option<(i64, usize)> {
    let mut ms: i64 = 0;
    let mut n = 0;
    while let Some((d, l)) = digit_at(b, i) {
        if n < 3 {
            ms = ms * 10 + i64::from(d);
        }
        n += 1;
        i += l;
    }
    match n {
        0 => None,
        1 => Some((ms * 100, i)),
        2 => Some((ms * 10, i)),
        _ => Some((ms, i)),
    }
}

/// A digit at `i`: ASCII or full-width `０`–`９` (U+FF10–U+FF19); its value and byte length.
pub(crate) fn digit_at(b: &[u8], i: usize) -> Option<(u8, usize)> {
    match b.get(i)? {
        c @ b'0'..=b'9' => Some((c - b'0', 1)),
        0xEF if b.get(i + 1) == Some(&0xBC) => match b.get(i + 2)? {
            c @ 0x90..=0x99 => Some((c - 0x90, 3)),
            _ => None,
        },
        _ => None,
    }
}

/// Full-width forms are U+FF00 + (ASCII - 0x20), encoded EF BC xx for the range we need.
fn fullwidth_at(b: &[u8], i: usize, low: u8) -> bool {
    b.get(i) == Some(&0xEF) && b.get(i + 1) == Some(&0xBC) && b.get(i + 2) == Some(&low)
}

fn colon_at(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b':' => Some(1),
        _ if fullwidth_at(b, i, 0x9A) => Some(3),
        _ => None,
    }
}

fn frac_sep_at(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b',' | b'.' => Some(1),
        _ if fullwidth_at(b, i, 0x8C) || fullwidth_at(b, i, 0x8E) => Some(3),
        _ => None,
    }
}

fn dash_at(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'-' => Some(1),
        _ if fullwidth_at(b, i, 0x8D) => Some(3),
        _ => None,
    }
}

fn gt_at(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'>' => Some(1),
        _ if fullwidth_at(b, i, 0x9E) => Some(3),
        _ => None,
    }
}

/// Skips spaces, tabs and ideographic spaces (U+3000, E3 80 80).
fn skip_ws(b: &[u8], mut i: usize) -> usize {
    loop {
        match b.get(i) {
            Some(b' ' | b'\t') => i += 1,
            Some(0xE3) if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x80) => i += 3,
            _ => return i,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(line: &str) -> (i64, i64, Option<String>) {
        match classify(line) {
            Timing::Ok {
                start,
                end,
                settings,
                ..
            } => (
                start.ms(),
                end.ms(),
                settings.map(|(a, b)| line[a..b].to_string()),
            ),
            other => panic!("{line:?} -> {other:?}"),
        }
    }

    #[test]
    fn timing_variants() {
        assert_eq!(ok("00:00:01,000 --> 00:00:02,500"), (1000, 2500, None));
        assert_eq!(ok("00:00:01.5 --> 00:00:02,50"), (1500, 2500, None));
        assert_eq!(ok("00:00:01:250-->00:00:02:5"), (1250, 2500, None));
        assert_eq!(ok("\t 00:01.000 ->  00:02.000  "), (1000, 2000, None));
        assert_eq!(ok("123:00:00,000 --> 123:00:01,000").0, 123 * 3_600_000);
        assert_eq!(
            ok("０１：０２：０３，４５６ --> ０１：０２：０４，０００"),
            (3_723_456, 3_724_000, None)
        );
        assert_eq!(
            ok("00:00:01,000 --> 00:00:02,000  X1:40 X2:600 Y1:20 Y2:50 "),
            (1000, 2000, Some("X1:40 X2:600 Y1:20 Y2:50".to_string()))
        );
        assert_eq!(ok("00:00:01,1234 --> 00:00:02,000").0, 1123);
    }

    #[test]
    fn not_timing_and_bad() {
        assert_eq!(classify("Hello"), Timing::Text);
        assert_eq!(classify("12"), Timing::Text);
        assert_eq!(classify("3 > 2"), Timing::Text);
        assert_eq!(classify("10:30 works"), Timing::Text);
        assert_eq!(classify("00:0x:05,000 --> 00:00:06,000"), Timing::Bad(4));
        assert_eq!(classify("x00:00:05,000 --> 00:00:06,000"), Timing::Bad(0));
        assert_eq!(classify("00:00:05,000 00:00:06,000"), Timing::Bad(13));
        assert_eq!(classify("00:00:05,000 --> 00:00:06,000x"), Timing::Bad(29));
        let huge = "99999999999999999999:00:00,000 --> 00:00:01,000";
        assert!(matches!(classify(huge), Timing::Ok { start, .. } if start.ms() == i64::MAX));
    }

    #[test]
    fn line_endings_split() {
        let text = "a\r\nb\rc\nd";
        let lines = Lines::new(text);
        let mut got = Vec::new();
        let mut cur = lines.at(0, 1);
        while let Some(l) = cur {
            got.push((lines.text(l), l.no));
            cur = lines.next(l);
        }
        assert_eq!(got, vec![("a", 1), ("b", 2), ("c", 3), ("d", 4)]);
        assert_eq!(column("ab你c", "ab你".len()), 4);
    }
}
