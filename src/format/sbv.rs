//! YouTube SBV (SubViewer-style captions YouTube Studio exports and accepts): recovering,
//! lossless reader and writer.
//!
//! The format, as YouTube's help describes it (<https://support.google.com/youtube/answer/2734698>,
//! "SubViewer (.sbv)"): a timing line `H:MM:SS.mmm,H:MM:SS.mmm`, the caption's text lines, and a
//! blank line before the next caption. No markup: text is text (`<i>` is shown as typed), so the
//! writer drops inline markup with one `write-markup-dropped` warning per cue. A block whose timing
//! line cannot be read is reported at its line and column and skipped (its lines stay in the
//! previous cue's trailing bytes, so an untouched file writes back byte for byte, as SRT does).

use std::sync::Arc;

use crate::diag::{Diagnostic, Severity, rules};
use crate::format::blocks::{
    Dropped, DroppedComments, LineWriter, ensure_blank_line_before, ensure_line_start,
    finish_regenerated, line_facts,
};
use crate::format::digits;
use crate::model::{Cue, CueKind, Format, InlineRef, Origin, RichText, Timestamp, Track};

/// One line of the source: its byte range without and with its line ending, and its number.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    next: usize,
    no: u32,
}

/// The lines of `src`; `\n`, `\r\n` and a lone `\r` end a line.
fn lines(src: &str) -> Vec<Line> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut i, mut no) = (0, 0, 1u32);
    while i < b.len() {
        match b.get(i) {
            Some(b'\n') => {
                out.push(Line {
                    start,
                    end: i,
                    next: i + 1,
                    no,
                });
                (start, no) = (i + 1, no.saturating_add(1));
            }
            Some(b'\r') => {
                let next = if b.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                };
                out.push(Line {
                    start,
                    end: i,
                    next,
                    no,
                });
                (start, no) = (next, no.saturating_add(1));
                i = next - 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < b.len() {
        out.push(Line {
            start,
            end: b.len(),
            next: b.len(),
            no,
        });
    }
    out
}

/// Parses decoded SBV text.
pub fn parse(text: String) -> (Track, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let all = lines(&text);
    let get = |l: &Line| text.get(l.start..l.end).unwrap_or("");
    let mut cues: Vec<Cue> = Vec::new();
    let mut preamble_end = text.len();
    let mut i = 0;
    while let Some(line) = all.get(i) {
        let s = get(line);
        if s.trim().is_empty() {
            i += 1;
            continue;
        }
        let (start, end) = match parse_timing(s) {
            Ok(t) => t,
            Err(at) => {
                let found = s.get(at..).and_then(|r| r.chars().next());
                let col = s.get(..at).map_or(1, |p| p.chars().count() + 1);
                diags.push(
                    Diagnostic::new(rules::PARSE_BAD_TIMING, Severity::Error)
                        .at(line.no, u32::try_from(col).unwrap_or(u32::MAX))
                        .arg("found", found.map(String::from).unwrap_or_default()),
                );
                // Skip the block: up to the next blank line.
                while all.get(i).is_some_and(|l| !get(l).trim().is_empty()) {
                    i += 1;
                }
                continue;
            }
        };
        // Text: the lines up to a blank line, or up to a line that is itself a timing line
        // (a missing blank line is unambiguous).
        let mut j = i + 1;
        while let Some(l) = all.get(j) {
            let t = get(l);
            if t.trim().is_empty() || parse_timing(t).is_ok() {
                break;
            }
            j += 1;
        }
        let body: Vec<&str> = all.get(i + 1..j).unwrap_or(&[]).iter().map(get).collect();
        let id = u32::try_from(cues.len() + 1).unwrap_or(u32::MAX);
        let mut cue = Cue::new(
            id,
            Timestamp(start),
            Timestamp(end),
            RichText::plain(&body.join("\n")),
        );
        cue.line = line.no;
        if end < start {
            diags.push(
                Diagnostic::new(rules::PARSE_END_BEFORE_START, Severity::Warning)
                    .at(line.no, 1)
                    .cue(id)
                    .arg("start", cue.start.fmt_clock('.'))
                    .arg("end", cue.end.fmt_clock('.')),
            );
        }
        let body_end = all
            .get(j.saturating_sub(1))
            .map_or(line.next, |l| l.next.max(line.next));
        match cues.last_mut().and_then(|c| c.origin.as_mut()) {
            Some(prev) => prev.end = Origin::offset(line.start),
            None => preamble_end = line.start,
        }
        cue.origin = Some(Origin {
            start: Origin::offset(line.start),
            body_end: Origin::offset(body_end),
            end: Origin::offset(text.len()),
            fingerprint: cue.fingerprint(),
        });
        cues.push(cue);
        i = j;
    }
    if cues.is_empty() && !text.trim().is_empty() {
        diags.push(Diagnostic::new(rules::PARSE_NO_CUES, Severity::Warning));
    }
    let (line_ending, final_newline) = line_facts(&text);
    let mut track = Track {
        format: Some(Format::Sbv),
        preamble: 0..preamble_end,
        cues,
        ..Track::default()
    };
    track.facts.line_ending = line_ending;
    track.facts.final_newline = final_newline;
    track.source = Some(Arc::new(text));
    (track, diags)
}

/// Whether `line` is an SBV timing line (content sniffing for files without an extension).
pub(crate) fn is_timing_line(line: &str) -> bool {
    parse_timing(line).is_ok()
}

/// `H:MM:SS.mmm,H:MM:SS.mmm` with optional spaces around the comma; the error is the byte
/// offset of the first character that does not fit.
fn parse_timing(s: &str) -> Result<(i64, i64), usize> {
    let b = s.as_bytes();
    let mut i = skip_spaces(b, 0);
    let (start, at) = parse_time(b, i)?;
    i = skip_spaces(b, at);
    if b.get(i) != Some(&b',') {
        return Err(i);
    }
    i = skip_spaces(b, i + 1);
    let (end, at) = parse_time(b, i)?;
    let rest = skip_spaces(b, at);
    if rest < b.len() {
        return Err(rest);
    }
    Ok((start, end))
}

fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    i
}

/// Digits from `i`: value and end, at most `max` of them (`None`: no digit).
fn digits(b: &[u8], mut i: usize, max: usize) -> Option<(i64, usize)> {
    let from = i;
    let mut v: i64 = 0;
    while let Some(d) = b.get(i).filter(|c| c.is_ascii_digit()) {
        if i - from == max {
            return None;
        }
        v = v * 10 + i64::from(d - b'0');
        i += 1;
    }
    (i > from).then_some((v, i))
}

/// One `H:MM:SS.mmm` time (hours of any length up to 9 digits, fraction of 1–3 digits).
fn parse_time(b: &[u8], i: usize) -> Result<(i64, usize), usize> {
    let (h, i) = digits(b, i, 9).ok_or(i)?;
    let i = expect(b, i, b':')?;
    let (m, j) = digits(b, i, 2).filter(|(m, _)| *m < 60).ok_or(i)?;
    let i = expect(b, j, b':')?;
    let (s, j) = digits(b, i, 2).filter(|(s, _)| *s < 60).ok_or(i)?;
    let (ms, end) = match b.get(j) {
        Some(b'.') => {
            let (f, k) = digits(b, j + 1, 3).ok_or(j + 1)?;
            let scale = [100, 10, 1].get(k - j - 2).copied().unwrap_or(1);
            (f * scale, k)
        }
        _ => (0, j),
    };
    Ok((Timestamp::from_parts(h, m, s, ms).ms(), end))
}

fn expect(b: &[u8], i: usize, c: u8) -> Result<usize, usize> {
    if b.get(i) == Some(&c) {
        Ok(i + 1)
    } else {
        Err(i)
    }
}

/// Writes a track as SBV (untouched cues of an SBV source are copied verbatim).
pub fn write(track: &Track) -> (String, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut comments = DroppedComments::default();
    let le = track.facts.line_ending.as_str();
    let src = match (&track.source, track.format == Some(Format::Sbv)) {
        (Some(s), true) => Some(s.as_str()),
        _ => None,
    };
    let mut out = String::with_capacity(src.map_or(track.cues.len() * 48, str::len) + 16);
    if let Some(src) = src {
        out.push_str(src.get(track.preamble.clone()).unwrap_or(""));
    }
    let mut first = true;
    for cue in &track.cues {
        if cue.kind() == CueKind::Comment {
            comments.add(cue);
            continue;
        }
        let origin = cue.origin.filter(|_| src.is_some());
        if let (Some(src), Some(o)) = (src, origin.filter(|_| cue.is_pristine())) {
            ensure_line_start(&mut out, le);
            out.push_str(src.get(o.raw()).unwrap_or(""));
            first = false;
            continue;
        }
        if !first || src.is_some() {
            ensure_line_start(&mut out, le);
            ensure_blank_line_before(&mut out, le);
        }
        first = false;
        write_block(cue, le, &mut out, &mut diags);
        if let (Some(src), Some(o)) = (src, origin) {
            finish_regenerated(src, o, le, &mut out);
        }
    }
    comments.report("SBV", &mut diags);
    (out, diags)
}

/// `H:MM:SS.mmm`, hours unpadded as YouTube writes them.
fn push_time(out: &mut String, t: Timestamp) {
    let (_, h, m, s, ms) = Timestamp(t.0.max(0)).parts();
    digits::push_uint(out, h);
    out.push(':');
    digits::push_two(out, m);
    out.push(':');
    digits::push_two(out, s);
    out.push('.');
    digits::push_three(out, ms);
}

/// The timing line and the text lines of one cue; markup is dropped and reported.
fn write_block(cue: &Cue, le: &str, out: &mut String, diags: &mut Vec<Diagnostic>) {
    push_time(out, cue.start);
    out.push(',');
    push_time(out, cue.end);
    out.push_str(le);
    let mut dropped = Dropped::default();
    let start = out.len();
    // A line that would be blank ends the caption for every reader: U+00A0 keeps it, as in SRT.
    let mut lw = LineWriter::new(out, "\u{a0}");
    for inline in cue.text.refs() {
        match inline {
            InlineRef::Text(t) => lw.text(t, le, out, |s, o| o.push_str(s)),
            InlineRef::LineBreak => lw.end_line(le, out),
            InlineRef::SoftBreak => out.push(' '),
            InlineRef::HardSpace => out.push('\u{a0}'),
            InlineRef::Drawing(d) => dropped.push(&crate::format::blocks::drawing_label(d)),
            InlineRef::Tag(tag) => dropped.push(&tag.raw),
        }
    }
    if lw.breaks > 0 || out.len() > start {
        lw.end_line(le, out);
    }
    if let Some(d) = dropped.diagnostic(cue, "SBV") {
        diags.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Inline;
    use crate::model::{Effect, Tag, TagSyntax};

    const YOUTUBE: &str = "0:00:00.599,0:00:04.160\n>> ALICE: Hi, my name is Alice\nand this is John\n\n\
                           0:00:04.160,0:00:06.770\n>> JOHN: we own Miller Bakery.\n";

    #[test]
    fn reads_youtube_captions() {
        let (t, d) = parse(YOUTUBE.to_string());
        assert!(d.is_empty(), "{d:?}");
        let got: Vec<_> = t
            .cues
            .iter()
            .map(|c| (c.id, c.line, c.start.ms(), c.end.ms(), c.text.to_plain()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    1,
                    1,
                    599,
                    4160,
                    ">> ALICE: Hi, my name is Alice\nand this is John".to_string()
                ),
                (
                    2,
                    5,
                    4160,
                    6770,
                    ">> JOHN: we own Miller Bakery.".to_string()
                ),
            ]
        );
    }

    #[test]
    fn untouched_file_writes_back_byte_for_byte() {
        for src in [
            YOUTUBE.to_string(),
            YOUTUBE.replace('\n', "\r\n"),
            format!("\n\n{}", YOUTUBE.trim_end()),
            "0:00:01.000,0:00:02.000\nbad\n\nnot a time\nx\n\n0:00:03.000,0:00:04.000\ny\n".into(),
        ] {
            let (t, _) = parse(src.clone());
            assert_eq!(write(&t).0, src);
        }
    }

    #[test]
    fn an_edited_cue_is_regenerated_and_the_rest_copied() {
        let (mut t, _) = parse(YOUTUBE.replace('\n', "\r\n"));
        t.cues[0].text = RichText::plain("one\n\ntwo");
        t.cues[0].end = Timestamp(3_723_045);
        let (out, d) = write(&t);
        assert!(d.is_empty());
        assert_eq!(
            out,
            "0:00:00.599,1:02:03.045\r\none\r\n\u{a0}\r\ntwo\r\n\r\n\
             0:00:04.160,0:00:06.770\r\n>> JOHN: we own Miller Bakery.\r\n"
        );
        let (back, _) = parse(out);
        assert_eq!(back.cues.len(), 2);
    }

    #[test]
    fn a_bad_timing_line_is_located_and_its_block_skipped() {
        let src = "0:00:01.000,0:00:02.000\na\n\n0:00:03,000,0:00:04.000\nlost\n\n\
                   0:00:05.000 --> 0:00:06.000\nlost too\n\n0:00:07.000,0:00:08.000\nb\n";
        let (t, d) = parse(src.to_string());
        let texts: Vec<_> = t.cues.iter().map(|c| c.text.to_plain()).collect();
        assert_eq!(texts, ["a", "b"]);
        let got: Vec<_> = d
            .iter()
            .map(|d| (d.rule, d.line, d.column, d.get_arg("found")))
            .collect();
        assert_eq!(
            got,
            [
                (rules::PARSE_BAD_TIMING, 4, 12, Some(",")),
                (rules::PARSE_BAD_TIMING, 7, 13, Some("-")),
            ]
        );
    }

    #[test]
    fn a_missing_blank_line_still_starts_the_next_cue() {
        let (t, d) = parse("0:00:01.0,0:00:02.5\na\n0:00:03.00,0:00:04\nb".to_string());
        assert!(d.is_empty());
        let got: Vec<_> = t.cues.iter().map(|c| (c.start.ms(), c.end.ms())).collect();
        assert_eq!(got, [(1000, 2500), (3000, 4000)]);
    }

    /// The samples written as SBV read back to the same times and text.
    #[test]
    fn samples_converted_to_sbv_read_back_to_the_same_cues() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/series/samples");
        for name in [
            "ep01.srt",
            "ep02.srt",
            "ep03.srt",
            "ep04_qc_faults.srt",
            "ep01.ass",
        ] {
            let src = crate::format::read_file(&dir.join(name), &Default::default())
                .unwrap()
                .track;
            let (sbv, _) = write(&src);
            let (back, d) = parse(sbv);
            assert!(d.is_empty(), "{name}: {d:?}");
            let want: Vec<_> = src
                .cues
                .iter()
                .filter(|c| c.kind() != CueKind::Comment)
                .map(|c| (c.start.0.max(0), c.end.0.max(0), c.text.to_plain()))
                .collect();
            let got: Vec<_> = back
                .cues
                .iter()
                .map(|c| (c.start.0, c.end.0, c.text.to_plain().replace('\u{a0}', "")))
                .collect();
            let want: Vec<_> = want
                .into_iter()
                .map(|(a, b, t)| (a, b, t.replace('\u{a0}', "")))
                .collect();
            assert_eq!(got, want, "{name}");
        }
    }

    /// A stable stand-in for the `fuzz_sbv` target: mutations never panic and an untouched
    /// parse always writes back byte for byte.
    #[test]
    fn mutated_files_never_panic_and_write_back_unchanged() {
        let seed: Vec<char> = format!("{YOUTUBE}\r\n0:00:07.5,0:00:08\rx\r\r")
            .chars()
            .collect();
        let tokens = [
            ",",
            ":",
            ".",
            "\n",
            "\r",
            "\r\n",
            " ",
            "0:00:01.000,0:00:02.000",
            "9",
            "林",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: usize| -> usize {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n.max(1) as u64) as usize
        };
        for _ in 0..3000 {
            let mut chars = seed.clone();
            for _ in 0..1 + next(4) {
                let at = next(chars.len() + 1);
                if next(2) == 0 {
                    let end = (at + next(8)).min(chars.len());
                    chars.drain(at..end);
                } else {
                    chars.splice(at..at, tokens[next(tokens.len())].chars());
                }
            }
            let text: String = chars.into_iter().collect();
            let (t, _) = parse(text.clone());
            assert_eq!(write(&t).0, text);
        }
    }

    #[test]
    fn garbage_reads_as_no_cues_with_findings() {
        let (t, d) = parse("<html><body>hello</body></html>\n".to_string());
        assert!(t.cues.is_empty());
        let rules: Vec<_> = d.iter().map(|d| d.rule).collect();
        assert_eq!(rules, [rules::PARSE_BAD_TIMING, rules::PARSE_NO_CUES]);
    }

    #[test]
    fn markup_is_dropped_with_a_warning_and_comments_left_out() {
        let italic = |on| {
            Inline::tag(Tag {
                syntax: TagSyntax::Html,
                raw: if on { "<i>" } else { "</i>" }.into(),
                effects: vec![Effect::Italic(on)],
            })
        };
        let c = Cue::new(
            1,
            Timestamp(1000),
            Timestamp(2000),
            RichText::new(vec![italic(true), Inline::Text("hi".into()), italic(false)]),
        );
        let mut note = Cue::new(2, Timestamp(0), Timestamp(1), RichText::plain("n"));
        note.meta_mut().kind = CueKind::Comment;
        let t = Track {
            cues: vec![c, note],
            ..Track::default()
        };
        let (out, d) = write(&t);
        assert_eq!(out, "0:00:01.000,0:00:02.000\nhi\n");
        let rules: Vec<_> = d.iter().map(|d| (d.rule, d.severity)).collect();
        assert_eq!(
            rules,
            [
                (rules::WRITE_MARKUP_DROPPED, Severity::Warning),
                (rules::WRITE_COMMENT_DROPPED, Severity::Info)
            ]
        );
    }
}
