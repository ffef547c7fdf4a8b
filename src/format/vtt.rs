//! WebVTT: recovering, lossless reader and writer.
//!
//! The `WEBVTT` line and header, and NOTE / STYLE / REGION blocks are kept verbatim (in the
//! preamble, or in the trailing region of the cue they follow); cue identifiers and settings go to
//! `CueMeta` as written; inline markup and character references go through `html`. Timings are
//! read with the same tolerant lexer as SRT. Untouched cues of a WebVTT source are copied byte for
//! byte on write; the rest is regenerated.

use std::sync::Arc;

use crate::diag::{Diagnostic, Severity, rules};
use crate::format::balance::{Balancer, Dialect, style_alignment};
use crate::format::blocks::scan::{self, Block, Body, Line, Lines, Resume, Scanner, Timing};
use crate::format::blocks::{self, Dropped, LineWriter};
use crate::format::{Shared, html};
use crate::model::{Cue, CueKind, Effect, Format, InlineRef, Origin, Style, Tag, TagSyntax, Track};

/// Parses decoded WebVTT text.
pub fn parse(text: String) -> (Track, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    // Shared first: cue text runs are ranges of it (`model::Text`).
    let source = Arc::new(text);
    let text = source.as_str();
    let (cues, preamble_end) = parse_cues(&source, &mut diags);
    if cues.is_empty() && !text.trim().is_empty() {
        diags.push(Diagnostic::new(rules::PARSE_NO_CUES, Severity::Warning));
    }
    let (line_ending, final_newline) = blocks::line_facts(text);
    let mut track = Track {
        format: Some(Format::Vtt),
        preamble: 0..preamble_end,
        cues,
        ..Track::default()
    };
    track.facts.line_ending = line_ending;
    track.facts.final_newline = final_newline;
    track.source = Some(source);
    (track, diags)
}

/// `WEBVTT` alone or followed by a space or tab and free text.
fn is_signature(s: &str) -> bool {
    match s.strip_prefix("WEBVTT") {
        Some(rest) => rest.is_empty() || rest.starts_with([' ', '\t']),
        None => false,
    }
}

/// NOTE, STYLE and REGION blocks: kept verbatim, never cues.
fn is_keyword_block(s: &str) -> bool {
    ["NOTE", "STYLE", "REGION"].iter().any(|k| {
        s.strip_prefix(k)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
    })
}

/// The cues and the end of the preamble (the `WEBVTT` header and any blocks before the first cue;
/// the whole text when there is no cue).
fn parse_cues(source: &Arc<String>, diags: &mut Vec<Diagnostic>) -> (Vec<Cue>, usize) {
    let src = source.as_str();
    let sc = Scanner::new(src);
    let mut cues: Vec<Cue> = Vec::new();
    let mut tags = Shared::default();
    let mut preamble_end = src.len();
    let mut next = Resume::from_line(skip_header(&sc, src, diags));
    while let Some(block) = next_block(&sc, next, diags) {
        let body = sc.scan_body(block.timing_line, false, None);
        next = body.resume;
        let id = u32::try_from(cues.len() + 1).unwrap_or(u32::MAX);
        let Some(cue) = read_cue(source, &sc.lines, &block, &body, id, &mut tags, diags) else {
            continue;
        };
        let block_start = block.start();
        match cues.last_mut().and_then(|c| c.origin.as_mut()) {
            Some(prev) => prev.end = Origin::offset(block_start),
            None => preamble_end = block_start,
        }
        cues.push(cue);
    }
    if let Some(o) = cues.last_mut().and_then(|c| c.origin.as_mut()) {
        o.end = Origin::offset(src.len());
    }
    (cues, preamble_end)
}

/// The line after the `WEBVTT` signature and its header, or the first line when the signature is
/// missing (reported, unless the text is empty).
fn skip_header(sc: &Scanner, src: &str, diags: &mut Vec<Diagnostic>) -> Option<Line> {
    let lines = sc.lines;
    let mut cur = lines.at(0, 1);
    match cur {
        Some(first) if is_signature(lines.text(first)) => {
            // Header lines run to the first blank line (or, tolerated, straight into a cue).
            cur = lines.next(first);
            while let Some(h) = cur {
                if lines.is_blank(h) || sc.block_at(h, true).is_some() {
                    break;
                }
                cur = lines.next(h);
            }
        }
        _ if src.trim().is_empty() => {}
        _ => diags.push(Diagnostic::new(rules::PARSE_MISSING_HEADER, Severity::Warning).at(1, 1)),
    }
    cur
}

/// The next cue block from `next` on, past blank lines and NOTE/STYLE/REGION blocks; text where
/// a block should start is reported and skipped. `None` at the end of the text.
fn next_block(sc: &Scanner, mut next: Resume, diags: &mut Vec<Diagnostic>) -> Option<Block> {
    let lines = sc.lines;
    loop {
        match next {
            Resume::End => return None,
            Resume::Block(b) => return Some(b),
            Resume::Line(line) if lines.is_blank(line) => {
                next = Resume::from_line(lines.next(line));
            }
            Resume::Line(line) if is_keyword_block(lines.text(line)) => {
                next = Resume::from_line(skip_block(sc, line));
            }
            Resume::Line(line) => match sc.block_at(line, true) {
                Some(b) => return Some(b),
                None => {
                    let text: String = lines.text(line).chars().take(40).collect();
                    diags.push(
                        Diagnostic::new(rules::PARSE_STRAY_TEXT, Severity::Warning)
                            .at(line.no, 1)
                            .arg("text", text),
                    );
                    next = sc.scan_body(line, false, None).resume;
                }
            },
        }
    }
}

/// The cue of one block, with its identifier, settings and leading voice kept and its markup
/// checked; `None` (reported) when the timing line cannot be read.
fn read_cue(
    src: &Arc<String>,
    lines: &Lines,
    block: &Block,
    body: &Body,
    id: u32,
    tags: &mut Shared<Tag>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Cue> {
    let Block {
        index: ident,
        timing_line,
        timing,
    } = *block;
    let Timing::Ok {
        start,
        end,
        end_at,
        settings,
        loose_arrow,
    } = timing
    else {
        if let Timing::Bad(at) = timing {
            diags.push(blocks::bad_timing(lines, timing_line, at));
        }
        return None;
    };
    if let Some(arrow) = loose_arrow {
        diags.push(blocks::loose_arrow(lines, timing_line, arrow, id));
    }
    let text = src.get(body.text_start..body.text_end).unwrap_or("");
    let (rich, problems) = html::parse_inline_shared(
        src,
        body.text_start..body.text_end,
        html::Dialect::Vtt,
        tags,
    );
    let mut cue = Cue::new(id, start, end, rich);
    cue.line = ident.unwrap_or(timing_line).no;
    if let Some(l) = ident {
        cue.meta_mut().identifier = Some(lines.text(l).to_string());
    }
    if let Some((a, b)) = settings {
        cue.meta_mut().settings = lines.text(timing_line).get(a..b).map(str::to_string);
    }
    if let Some(voice) = leading_voice(&cue) {
        cue.meta_mut().speaker = Some(voice);
    }
    if end < start {
        diags.push(blocks::end_before_start(lines, timing_line, end_at, &cue));
    }
    blocks::markup_problems(text, timing_line.no.saturating_add(1), id, &problems, diags);
    cue.origin = Some(Origin {
        start: Origin::offset(block.start()),
        body_end: Origin::offset(body.body_end),
        end: Origin::offset(body.body_end),
        fingerprint: cue.fingerprint(),
    });
    Some(cue)
}

/// Skips a NOTE/STYLE/REGION block: up to a blank line, or (tolerated) a timing line.
fn skip_block(sc: &Scanner, first: Line) -> Option<Line> {
    let lines = sc.lines;
    let mut cur = lines.next(first);
    while let Some(l) = cur {
        if lines.is_blank(l) || scan::classify(lines.text(l)).is_timing() {
            break;
        }
        cur = lines.next(l);
    }
    cur
}

/// The voice of a cue that opens with `<v Name>`: the cue's speaker.
fn leading_voice(cue: &Cue) -> Option<String> {
    match cue.text.refs().next() {
        Some(InlineRef::Tag(tag)) => match tag.effects.as_slice() {
            [Effect::Voice(Some(name))] if !name.is_empty() => Some(name.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// Writes a track as WebVTT (untouched cues of a WebVTT source are copied verbatim).
pub fn write(track: &Track) -> (String, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut comments = blocks::DroppedComments::default();
    let le = track.facts.line_ending.as_str();
    let native = track.format == Some(Format::Vtt);
    let src = match (&track.source, native) {
        (Some(s), true) => Some(s.as_str()),
        _ => None,
    };
    let mut out = String::with_capacity(src.map_or(track.cues.len() * 64, str::len) + 64);
    match src {
        Some(src) => out.push_str(src.get(track.preamble.clone()).unwrap_or("")),
        None => {
            out.push_str("WEBVTT");
            out.push_str(le);
        }
    }
    for cue in &track.cues {
        if cue.kind() == CueKind::Comment {
            comments.add(cue);
            continue;
        }
        let Some(src) = src else {
            // A blank line before every block: after the header and between cues.
            out.push_str(le);
            write_block(cue, track, native, le, &mut out, &mut diags);
            continue;
        };
        if let Some(o) = cue.origin.filter(|_| cue.is_pristine()) {
            blocks::ensure_line_start(&mut out, le);
            out.push_str(src.get(o.raw()).unwrap_or(""));
            continue;
        }
        blocks::ensure_line_start(&mut out, le);
        if cue.origin.is_none() {
            blocks::ensure_blank_line_before(&mut out, le);
        }
        write_block(cue, track, native, le, &mut out, &mut diags);
        if let Some(o) = cue.origin {
            blocks::finish_regenerated(src, o, le, &mut out);
        }
    }
    comments.report("WebVTT", &mut diags);
    (out, diags)
}

fn write_block(
    cue: &Cue,
    track: &Track,
    native: bool,
    le: &str,
    out: &mut String,
    diags: &mut Vec<Diagnostic>,
) {
    let meta = cue.meta();
    let mut dropped = Dropped::default();
    if native
        && let Some(id) = meta.and_then(|m| m.identifier.as_deref())
        && !id.trim().is_empty()
        && !id.contains(['\n', '\r'])
        && !id.contains("-->")
    {
        out.push_str(id);
        out.push_str(le);
    }
    blocks::push_clock(out, cue.start, '.');
    out.push_str(" --> ");
    blocks::push_clock(out, cue.end, '.');
    let settings = match native {
        true => meta.and_then(|m| m.settings.as_deref()),
        false => alignment_settings(cue, track),
    };
    if let Some(s) = settings.filter(|s| !s.trim().is_empty() && !s.contains(['\n', '\r'])) {
        out.push(' ');
        out.push_str(s);
    }
    out.push_str(le);
    write_text(cue, track, native, le, out, &mut dropped);
    if let Some(d) = dropped.diagnostic(cue, "WebVTT") {
        diags.push(d);
    }
}

/// Cue settings for an ASS/SRT numpad alignment WebVTT can express: top row → `line:0`, left and
/// right columns → `align:left`/`align:right`. The middle row has no faithful equivalent.
fn vtt_alignment(an: u8) -> Option<Option<&'static str>> {
    match an {
        1 => Some(Some("align:left")),
        2 => Some(None),
        3 => Some(Some("align:right")),
        7 => Some(Some("line:0 align:left")),
        8 => Some(Some("line:0")),
        9 => Some(Some("line:0 align:right")),
        _ => None,
    }
}

/// The settings for the cue's last alignment tag (later tags override earlier ones, as in ASS), or
/// else its style's alignment.
fn alignment_settings(cue: &Cue, track: &Track) -> Option<&'static str> {
    let an = cue
        .text
        .tags()
        .filter(|t| t.syntax == TagSyntax::Ass)
        .flat_map(|t| t.effects.iter())
        .filter_map(|e| match e {
            Effect::Alignment(a) => Some(*a),
            _ => None,
        })
        .last()
        .or_else(|| style_alignment(track, cue.style()))?;
    vtt_alignment(an).flatten()
}

/// Cue text as WebVTT payload lines, each followed by `le`; references re-escaped. A cue converted
/// from a format with a speaker field gets it as a leading `<v Name>` unless it has a voice tag.
fn write_text(
    cue: &Cue,
    track: &Track,
    native: bool,
    le: &str,
    out: &mut String,
    dropped: &mut Dropped,
) {
    let start = out.len();
    let mut lw = LineWriter::new(out, "&nbsp;");
    // Converted markup is kept well formed (`balance.rs`); native HTML-like tags are written as
    // they came.
    let styles: &[Style] = if native { &[] } else { &track.styles };
    let mut markup = Balancer::new(Dialect::Vtt, styles, cue.style());
    if !native
        && let Some(name) = cue.speaker().filter(|n| !n.trim().is_empty())
        && !cue
            .text
            .tags()
            .any(|t| t.effects.iter().any(|e| matches!(e, Effect::Voice(_))))
    {
        markup.apply(&Effect::Voice(Some(name.to_string())));
    }
    for inline in cue.text.refs() {
        match inline {
            InlineRef::Text(t) => {
                markup.sync(out);
                lw.text(t, le, out, html::escape_vtt_into)
            }
            InlineRef::LineBreak => lw.end_line(le, out),
            InlineRef::SoftBreak => out.push(' '),
            InlineRef::HardSpace => out.push_str("&nbsp;"),
            InlineRef::Drawing(d) => dropped.push(&blocks::drawing_label(d)),
            InlineRef::Tag(tag) if native && tag.syntax == TagSyntax::Html => {
                out.push_str(&tag.raw)
            }
            InlineRef::Tag(tag) => {
                let mut lost = tag.effects.is_empty();
                for e in &tag.effects {
                    match e {
                        Effect::Alignment(an) if vtt_alignment(*an).is_some() => {}
                        e => lost |= !markup.apply(e),
                    }
                }
                if lost {
                    dropped.push(&tag.raw);
                }
            }
        }
    }
    markup.finish(out);
    if lw.breaks == 0 && out.len() == start {
        return;
    }
    lw.end_line(le, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::srt;
    use crate::format::test_support::{plain, times};
    use crate::model::{RichText, Timestamp};

    fn parsed(src: &str) -> (Track, Vec<Diagnostic>) {
        parse(src.to_string())
    }

    fn round_trip(src: &str) {
        let (track, _) = parsed(src);
        let (out, diags) = write(&track);
        assert_eq!(out, src);
        assert!(diags.is_empty(), "{diags:?}");
    }

    const FULL: &str = "WEBVTT - Some title\nKind: captions\nLanguage: en\n\nSTYLE\n::cue { color: yellow }\n\nREGION\nid:fred width:40%\n\nNOTE a comment\nspanning lines\n\nintro\n00:01.000 --> 00:04.000 line:0 align:start\n<v Mary>Hello &amp; welcome</v>\n\nNOTE between cues\n\n00:00:05.000 --> 00:00:06.500\n<c.yellow>Tom</c> &lt;3 <i>Jerry</i>&nbsp;<ruby>漢<rt>kan</rt></ruby> <lang fr>oui</lang> <00:00:05.500>b\n";

    #[test]
    fn full_file() {
        let (t, d) = parsed(FULL);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(times(&t), vec![(1000, 4000), (5000, 6500)]);
        assert_eq!(
            plain(&t),
            vec!["Hello & welcome", "Tom <3 Jerry\u{a0}漢kan oui b"]
        );
        let m = t.cues[0].meta().expect("meta");
        assert_eq!(m.identifier.as_deref(), Some("intro"));
        assert_eq!(m.settings.as_deref(), Some("line:0 align:start"));
        assert_eq!(m.speaker.as_deref(), Some("Mary"));
        assert!(t.cues[1].meta.is_none());
        let pre = t.source_slice(t.preamble.clone());
        assert!(pre.starts_with("WEBVTT - Some title\n") && pre.ends_with("spanning lines\n\n"));
        let o = t.cues[0].origin.expect("origin");
        assert_eq!(&FULL[o.trailing()], "\nNOTE between cues\n\n");
        assert_eq!(t.cues[1].text.tags().count(), 11);
        round_trip(FULL);
    }

    #[test]
    fn tolerant_timings() {
        let src = "WEBVTT\n\n00:01,5 --> 00:02.50\na\n\n123:00:00.000 --> 123:00:01.000\nb\n\n1\n０：０３．０００ --> 00:04.000\nc\n";
        let (t, d) = parsed(src);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            times(&t),
            vec![
                (1500, 2500),
                (123 * 3_600_000, 123 * 3_600_000 + 1000),
                (3000, 4000)
            ]
        );
        assert_eq!(
            t.cues[2].meta().and_then(|m| m.identifier.as_deref()),
            Some("1")
        );
        round_trip(src);
    }

    #[test]
    fn missing_header_still_parses() {
        let src = "00:01.000 --> 00:02.000\nHi\n";
        let (t, d) = parsed(src);
        assert_eq!(d.len(), 1);
        assert_eq!(
            (d[0].rule, d[0].line, d[0].column),
            (rules::PARSE_MISSING_HEADER, 1, 1)
        );
        assert_eq!(plain(&t), vec!["Hi"]);
        round_trip(src);
    }

    #[test]
    fn line_endings_and_final_newline() {
        let base = "WEBVTT\n\n1\n00:01.000 --> 00:02.000\nA\nB\n\n00:03.000 --> 00:04.000\nC\n";
        for le in ["\n", "\r\n", "\r"] {
            let src = base.replace('\n', le);
            let (t, d) = parsed(&src);
            assert!(d.is_empty(), "{d:?}");
            assert_eq!(plain(&t), vec!["A\nB", "C"]);
            round_trip(&src);
            round_trip(src.trim_end());
        }
    }

    #[test]
    fn stray_text_and_bad_timing() {
        let src = "WEBVTT\n\n00:01.000 --> 00:02.000\nA\n\nstray words\nmore\n\nx\n00:03.000 --> 00:0y.000\nlost\n\n00:05.000 --> 00:06.000\nB\n";
        let (t, d) = parsed(src);
        assert_eq!(plain(&t), vec!["A", "B"]);
        let got: Vec<(&str, u32, u32)> = d.iter().map(|d| (d.rule, d.line, d.column)).collect();
        assert_eq!(
            got,
            vec![
                (rules::PARSE_STRAY_TEXT, 6, 1),
                (rules::PARSE_BAD_TIMING, 10, 19)
            ]
        );
        let o = t.cues[0].origin.expect("origin");
        assert!(src[o.trailing()].contains("stray words") && src[o.trailing()].contains("lost"));
        let (out, _) = write(&t);
        assert_eq!(out, src);
    }

    #[test]
    fn edited_cue_is_regenerated_with_escapes() {
        let src = "WEBVTT\r\n\r\nid1\r\n00:01.000 --> 00:02.000 align:end\r\nA\r\n\r\n00:03.000 --> 00:04.000\r\nB";
        let (mut t, _) = parsed(src);
        t.cues[0].text = RichText::plain("Tom & Jerry <3 -->\u{a0}");
        t.cues[1].text = RichText::plain("C");
        let (out, d) = write(&t);
        assert!(d.is_empty());
        assert_eq!(
            out,
            "WEBVTT\r\n\r\nid1\r\n00:00:01.000 --> 00:00:02.000 align:end\r\nTom &amp; Jerry &lt;3 --&gt;&nbsp;\r\n\r\n00:00:03.000 --> 00:00:04.000\r\nC"
        );
        let (back, _) = parsed(&out);
        assert_eq!(plain(&back), vec!["Tom & Jerry <3 -->\u{a0}", "C"]);
        // Untouched cues stay byte-identical next to an edited one.
        let (mut t, _) = parsed(src);
        t.cues[0].end = Timestamp(2500);
        let (out, _) = write(&t);
        assert!(
            out.ends_with("\r\n\r\n00:03.000 --> 00:04.000\r\nB"),
            "{out:?}"
        );
    }

    #[test]
    fn srt_to_vtt_to_srt_keeps_timing_text_and_italics() {
        let srt_src = "1\n00:00:01,000 --> 00:00:02,500\n<i>Hello</i> & bye\nline two\n\n2\n00:01:03,040 --> 00:01:04,000\n<font color=\"red\">Red</font> <s>x</s>\n";
        let (srt_track, _) = srt::parse(srt_src.to_string());
        let (vtt_text, d) = write(&srt_track);
        assert_eq!(
            vtt_text,
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\n<i>Hello</i> &amp; bye\nline two\n\n00:01:03.040 --> 00:01:04.000\nRed x\n"
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].rule, rules::WRITE_MARKUP_DROPPED);
        assert_eq!(
            d[0].get_arg("markup"),
            Some("<font color=\"red\"> </font> <s> </s>")
        );
        let (vtt_track, d) = parsed(&vtt_text);
        assert!(d.is_empty());
        let (srt_again, d) = srt::write(&vtt_track);
        assert!(d.is_empty(), "{d:?}");
        let (back, _) = srt::parse(srt_again.clone());
        assert_eq!(times(&back), times(&srt_track));
        assert_eq!(plain(&back), vec!["Hello & bye\nline two", "Red x"]);
        assert!(srt_again.contains("<i>Hello</i> & bye"), "{srt_again}");
    }

    #[test]
    fn vtt_only_markup_to_srt_is_reported() {
        let (t, _) = parsed("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ann>Hi <b>you</b>\n");
        let (out, d) = srt::write(&t);
        assert_eq!(out, "1\n00:00:01,000 --> 00:00:02,000\nHi <b>you</b>\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].get_arg("markup"), Some("<v Ann>"));
    }

    #[test]
    fn srt_alignment_to_vtt_settings() {
        let (t, _) = srt::parse("1\n00:00:01,000 --> 00:00:02,000\n{\\an8}Top\n\n2\n00:00:03,000 --> 00:00:04,000\n{\\an5}Middle\n".to_string());
        assert_eq!(
            t.cues[0].text.tags().next().map(|tag| tag.effects.clone()),
            Some(vec![Effect::Alignment(8)])
        );
        let (out, d) = write(&t);
        assert_eq!(
            out,
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000 line:0\nTop\n\n00:00:03.000 --> 00:00:04.000\nMiddle\n"
        );
        assert_eq!(d.len(), 1);
        assert_eq!(
            (d[0].cue, d[0].get_arg("markup")),
            (Some(2), Some("{\\an5}"))
        );
    }

    #[test]
    fn speaker_and_comments_when_converting() {
        let mut spoken = Cue::new(1, Timestamp(0), Timestamp(1000), RichText::plain("Hi"));
        spoken.meta_mut().speaker = Some("Lin <A>".into());
        let mut note = Cue::new(2, Timestamp(0), Timestamp(1000), RichText::plain("x"));
        note.meta_mut().kind = CueKind::Comment;
        let t = Track {
            cues: vec![spoken, note],
            ..Track::default()
        };
        let (out, d) = write(&t);
        assert_eq!(
            out,
            "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<v Lin &lt;A&gt;>Hi</v>\n"
        );
        assert_eq!((d.len(), d[0].severity), (1, Severity::Info));
        let (back, _) = parsed(&out);
        assert_eq!(back.cues[0].speaker(), Some("Lin <A>"));
        assert_eq!(write(&Track::default()).0, "WEBVTT\n");
    }

    #[test]
    fn no_panic_on_noise() {
        const TOKENS: &[&str] = &[
            "WEBVTT",
            "NOTE",
            "STYLE",
            "REGION",
            "\n",
            "\r\n",
            "\r",
            "\n\n",
            " ",
            "\t",
            "00:01.000",
            "00:00:01.000",
            "-->",
            "->",
            " --> ",
            ",",
            ".",
            ":",
            "5",
            "99999999999999999999",
            "０",
            "<i>",
            "</i>",
            "<",
            ">",
            "&",
            "&amp;",
            "&#x110000;",
            "&#0;",
            "<v Bob>",
            "</v>",
            "<c.a>",
            "<00:01.000>",
            "line:0",
            "你好",
            "id",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut step = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(state >> 33).unwrap_or(0)
        };
        for _ in 0..3000 {
            let n = step() % 40;
            let s: String = (0..n).map(|_| TOKENS[step() % TOKENS.len()]).collect();
            let (track, _) = parse(s.clone());
            assert_eq!(write(&track).0, s);
            let (srt_out, _) = srt::write(&track);
            let _ = srt::parse(srt_out);
            let converted = Track {
                format: None,
                ..track
            };
            let (out, _) = write(&converted);
            let _ = parse(out);
        }
    }
}
