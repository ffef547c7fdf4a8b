//! SRT (SubRip): recovering, lossless reader and writer.
//!
//! The reader never fails: a block with a malformed timing line is reported and skipped (its bytes
//! stay in the previous cue's trailing region, so an untouched file still writes back byte for
//! byte), and the tolerances real files need are built in (see `blocks::scan` for timings; blank lines
//! inside cue text; missing, negative or non-numeric indexes). The writer copies untouched cues of
//! an SRT source verbatim and regenerates only the cues whose content changed. What SRT shares with
//! WebVTT (line and timing scanning, reader diagnostics, writer helpers) is in `format::blocks`.

mod fast;

use std::sync::Arc;

use crate::diag::{Diagnostic, Severity, rules};
use crate::format::balance::{Balancer, Dialect, style_alignment};
use crate::format::blocks::scan::{self, Block, Body, Line, Lines, Resume, Scanner, Timing};
use crate::format::blocks::{
    Dropped, DroppedComments, LineWriter, bad_timing, drawing_label, end_before_start,
    ensure_blank_line_before, ensure_line_start, finish_regenerated, line_facts, loose_arrow,
    markup_problems, push_clock,
};
use crate::format::digits;
use crate::format::{Shared, ass_tags, html, reserve_cues};
use crate::model::{
    Cue, CueKind, Effect, Format, InlineRef, LineSeparator, Origin, RichText, Tag, TagSyntax,
    Timestamp, Track,
};

/// Parses decoded SRT text.
pub fn parse(text: String) -> (Track, Vec<Diagnostic>) {
    parse_with(text, true)
}

/// Parses decoded SRT text with the general reader alone (no fast path): what the fast path must
/// agree with, for the differential tests and the `fuzz_srt` target.
#[doc(hidden)]
pub fn parse_general(text: String) -> (Track, Vec<Diagnostic>) {
    parse_with(text, false)
}

/// Where the reader with its fast path and the general reader alone disagree on `text` (cues,
/// preamble, line facts or diagnostics), or `None`; for the differential tests and `fuzz_srt`.
/// Fingerprints name the source each parse read (`model::Text`), so the cues are compared
/// without them, and each cue must be pristine in both.
#[doc(hidden)]
pub fn fast_path_differs(text: &str) -> Option<String> {
    let (fast, fast_diags) = parse(text.to_string());
    let (general, general_diags) = parse_general(text.to_string());
    let comparable = |t: &Track| -> Vec<(Cue, bool)> {
        t.cues
            .iter()
            .map(|c| {
                let mut c2 = c.clone();
                if let Some(o) = c2.origin.as_mut() {
                    o.fingerprint = std::num::NonZeroU64::MIN;
                }
                (c2, c.is_pristine())
            })
            .collect()
    };
    let (a, b) = (comparable(&fast), comparable(&general));
    if a != b {
        let at = a.iter().zip(&b).position(|(x, y)| x != y);
        return Some(format!(
            "cues differ (first at {at:?}; {} vs {} cues): {:?} vs {:?}",
            a.len(),
            b.len(),
            at.and_then(|i| a.get(i)),
            at.and_then(|i| b.get(i)),
        ));
    }
    if fast.preamble != general.preamble || fast.facts != general.facts {
        return Some("preamble or line facts differ".into());
    }
    (fast_diags != general_diags)
        .then(|| format!("diagnostics differ: {fast_diags:?} vs {general_diags:?}"))
}

fn parse_with(text: String, use_fast: bool) -> (Track, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    // Shared first: cue text runs are ranges of it (`model::Text`).
    let source = Arc::new(text);
    let text = source.as_str();
    let (cues, preamble_end) = parse_cues(&source, &mut diags, use_fast);
    if cues.is_empty() && !text.trim().is_empty() {
        diags.push(Diagnostic::new(rules::PARSE_NO_CUES, Severity::Warning));
    }
    let (line_ending, final_newline) = line_facts(text);
    let mut track = Track {
        format: Some(Format::Srt),
        preamble: 0..preamble_end,
        cues,
        ..Track::default()
    };
    track.facts.line_ending = line_ending;
    track.facts.final_newline = final_newline;
    track.source = Some(source);
    (track, diags)
}

/// The cues and the end of the preamble (the whole text when there is no cue).
///
/// Blocks of the common shape are read by the fast path (`fast`); the general reader takes every
/// other block and hands back to the fast path at the next block it recognised.
fn parse_cues(
    source: &Arc<String>,
    diags: &mut Vec<Diagnostic>,
    use_fast: bool,
) -> (Vec<Cue>, usize) {
    let src = source.as_str();
    let sc = Scanner::new(src);
    let fast_reader = fast::Fast::new(src, sc.lines.has_cr()).filter(|_| use_fast);
    let mut cues: Vec<Cue> = Vec::new();
    let mut tags = Shared::default();
    let mut preamble_end = src.len();
    let mut untimed = Vec::new();
    let mut next = Resume::from_line(sc.lines.at(0, 1));
    loop {
        if let Some(f) = &fast_reader {
            next = read_fast(
                f,
                source,
                &sc,
                next,
                &mut cues,
                &mut preamble_end,
                &mut tags,
                diags,
            );
        }
        let Some(block) = next_block(&sc, next, diags) else {
            break;
        };
        // The number the next cue should carry, to recognise one whose timing line is missing.
        let id = u32::try_from(cues.len() + 1).unwrap_or(u32::MAX);
        let number = block
            .index
            .and_then(|l| sc.lines.text(l).trim().parse::<u32>().ok())
            .unwrap_or(id);
        let body = sc.scan_body(block.timing_line, true, number.checked_add(1));
        next = body.resume;
        let Some(cue) = read_cue(source, &sc.lines, &block, &body, id, &mut tags, diags) else {
            continue;
        };
        if block.timing == Timing::Missing {
            untimed.push((cues.len(), block.timing_line.no));
        }
        push_cue(&mut cues, cue, block.start(), &mut preamble_end, src.len());
    }
    if let Some(o) = cues.last_mut().and_then(|c| c.origin.as_mut()) {
        o.end = Origin::offset(src.len());
    }
    time_untimed(&mut cues, &untimed, diags);
    (cues, preamble_end)
}

/// Appends a cue whose raw block starts at `block_start`: the previous cue's trailing region (or
/// the preamble) ends there.
fn push_cue(
    cues: &mut Vec<Cue>,
    cue: Cue,
    block_start: usize,
    preamble_end: &mut usize,
    len: usize,
) {
    match cues.last_mut().and_then(|c| c.origin.as_mut()) {
        Some(prev) => prev.end = Origin::offset(block_start),
        None => *preamble_end = block_start,
    }
    reserve_cues(cues, *preamble_end, block_start, len);
    cues.push(cue);
}

/// Reads blocks with the fast path from where `next` points for as long as they have the common
/// shape, and returns where the general reader goes on. A block the general reader found without
/// a timing line is left to it (the fast path could not recognise it again).
#[allow(clippy::too_many_arguments)]
fn read_fast(
    f: &fast::Fast,
    source: &Arc<String>,
    sc: &Scanner,
    next: Resume,
    cues: &mut Vec<Cue>,
    preamble_end: &mut usize,
    tags: &mut Shared<Tag>,
    diags: &mut Vec<Diagnostic>,
) -> Resume {
    let (mut pos, mut no) = match next {
        Resume::End => return next,
        Resume::Line(l) => (l.start, l.no),
        Resume::Block(b) if b.timing == Timing::Missing => return next,
        Resume::Block(b) => {
            let l = b.index.unwrap_or(b.timing_line);
            (l.start, l.no)
        }
    };
    let len = source.len();
    let mut id = u32::try_from(cues.len() + 1).unwrap_or(u32::MAX);
    let mut head = match f.header(pos, id) {
        Some(h) => h,
        None => return next,
    };
    loop {
        let Some(block) = f.block(pos, no, id, head) else {
            return Resume::from_line(sc.lines.at(pos, no));
        };
        let cue = fast_cue(source, &block, id, no, tags, diags);
        push_cue(cues, cue, block.start, preamble_end, len);
        match block.next {
            None => return Resume::End,
            Some((p, n, h)) => (pos, no, head) = (p, n, h),
        }
        id = match id.checked_add(1) {
            Some(i) => i,
            None => return Resume::from_line(sc.lines.at(pos, no)),
        };
    }
}

/// The cue of a block the fast path read: what `read_cue` builds for it, without the checks the
/// block's shape has already passed.
fn fast_cue(
    source: &Arc<String>,
    block: &fast::FastBlock,
    id: u32,
    index_no: u32,
    tags: &mut Shared<Tag>,
    diags: &mut Vec<Diagnostic>,
) -> Cue {
    let rich = match block.markup {
        // Plain lines (none empty, no CR but before an LF: the block's shape) are what the inline
        // parser would split into runs and breaks; kept as the one range instead.
        false => RichText::shared_lines(source, block.text.clone(), LineSeparator::Newline),
        true => {
            let (rich, problems) =
                html::parse_inline_shared(source, block.text.clone(), html::Dialect::Srt, tags);
            let text = source.get(block.text.clone()).unwrap_or("");
            markup_problems(
                text,
                block.timing_no.saturating_add(1),
                id,
                &problems,
                diags,
            );
            rich
        }
    };
    let mut cue = Cue::new(id, block.start_ts, block.end_ts, rich);
    cue.line = index_no;
    cue.origin = Some(Origin {
        start: Origin::offset(block.start),
        body_end: Origin::offset(block.body_end),
        end: Origin::offset(block.body_end),
        fingerprint: cue.fingerprint(),
    });
    cue
}

/// Gives cues read without a timing line the time between their neighbours (from the end of the
/// cue before to the start of the cue after; an instant when they touch) and reports each one.
/// The parse-time fingerprint is taken again, so writing the file back still copies the block
/// verbatim: only a cue someone edits gets a timing line written.
fn time_untimed(cues: &mut [Cue], untimed: &[(usize, u32)], diags: &mut Vec<Diagnostic>) {
    for &(i, line) in untimed {
        let start = i
            .checked_sub(1)
            .and_then(|p| cues.get(p))
            .map_or(Timestamp(0), |c| c.end);
        let end = cues.get(i + 1).map_or(start, |c| c.start).max(start);
        let Some(cue) = cues.get_mut(i) else { continue };
        cue.start = start;
        cue.end = end;
        let fingerprint = cue.fingerprint();
        if let Some(o) = cue.origin.as_mut() {
            o.fingerprint = fingerprint;
        }
        diags.push(
            Diagnostic::new(rules::PARSE_MISSING_TIMING, Severity::Warning)
                .at(line, 1)
                .cue(cue.id)
                .arg("index", cue.id)
                .arg("start", start.fmt_clock(','))
                .arg("end", end.fmt_clock(',')),
        );
    }
}

/// The next block from `next` on, past blank lines; text where a block should start is reported
/// and skipped. `None` at the end of the text.
fn next_block(sc: &Scanner, mut next: Resume, diags: &mut Vec<Diagnostic>) -> Option<Block> {
    loop {
        match next {
            Resume::End => return None,
            Resume::Block(b) => return Some(b),
            Resume::Line(line) if sc.lines.is_blank(line) => {
                next = Resume::from_line(sc.lines.next(line));
            }
            Resume::Line(line) => match sc.block_at(line, true) {
                Some(b) => return Some(b),
                None => {
                    // Text where a block should start: only possible before the first cue,
                    // since after one such text continues the cue (blank lines inside cue text).
                    diags.push(stray_text(&sc.lines, line));
                    next = sc.scan_body(line, true, None).resume;
                }
            },
        }
    }
}

/// The cue of one block, with its index, settings and markup checked; `None` (reported) when the
/// timing line cannot be read.
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
        index,
        timing_line,
        timing,
    } = *block;
    let (start, end, end_at, settings, loose) = match timing {
        Timing::Ok {
            start,
            end,
            end_at,
            settings,
            loose_arrow,
        } => (start, end, end_at, settings, loose_arrow),
        // Timed by `time_untimed` once its neighbours are known.
        Timing::Missing => (Timestamp(0), Timestamp(0), 0, None, None),
        Timing::Bad(at) => {
            diags.push(bad_timing(lines, timing_line, at));
            return None;
        }
        Timing::Text => return None,
    };
    if let Some(arrow) = loose {
        diags.push(loose_arrow(lines, timing_line, arrow, id));
    }
    let text = src.get(body.text_start..body.text_end).unwrap_or("");
    let (rich, problems) = html::parse_inline_shared(
        src,
        body.text_start..body.text_end,
        html::Dialect::Srt,
        tags,
    );
    let mut cue = Cue::new(id, start, end, rich);
    cue.line = index.unwrap_or(timing_line).no;
    match index {
        Some(l) => check_index(lines, l, &mut cue, diags),
        None => diags.push(
            Diagnostic::new(rules::PARSE_BAD_INDEX, Severity::Warning)
                .at(timing_line.no, 1)
                .cue(id)
                .arg("index", ""),
        ),
    }
    if let Some((a, b)) = settings {
        let t = lines.text(timing_line);
        cue.meta_mut().settings = t.get(a..b).map(str::to_string);
    }
    if end < start {
        diags.push(end_before_start(lines, timing_line, end_at, &cue));
    }
    markup_problems(text, timing_line.no.saturating_add(1), id, &problems, diags);
    cue.origin = Some(Origin {
        start: Origin::offset(block.start()),
        body_end: Origin::offset(body.body_end),
        end: Origin::offset(body.body_end),
        fingerprint: cue.fingerprint(),
    });
    Some(cue)
}

fn stray_text(lines: &Lines, line: Line) -> Diagnostic {
    let text: String = lines.text(line).chars().take(40).collect();
    Diagnostic::new(rules::PARSE_STRAY_TEXT, Severity::Warning)
        .at(line.no, 1)
        .arg("text", text)
}

/// Validates an index line and keeps it in the cue's meta when it is not simply the cue's
/// position (so a plain cue allocates no meta).
fn check_index(lines: &Lines, line: Line, cue: &mut Cue, diags: &mut Vec<Diagnostic>) {
    let raw = lines.text(line);
    if is_decimal_of(raw, cue.id) {
        return; // the common case: exactly the cue's position
    }
    let trimmed = raw.trim_matches([' ', '\t', '\u{3000}']);
    let lead = raw.len() - raw.trim_start_matches([' ', '\t', '\u{3000}']).len();
    if let Some(bad) = first_non_digit(trimmed) {
        diags.push(
            Diagnostic::new(rules::PARSE_BAD_INDEX, Severity::Warning)
                .at(line.no, scan::column(raw, lead + bad))
                .cue(cue.id)
                .arg("index", trimmed),
        );
    }
    if !is_decimal_of(trimmed, cue.id) {
        cue.meta_mut().identifier = Some(trimmed.to_string());
    }
}

fn first_non_digit(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match scan::digit_at(b, i) {
            Some((_, l)) => i += l,
            None => return Some(i),
        }
    }
    None
}

/// `s` is exactly how `n` prints in decimal (no sign, no leading zeros).
fn is_decimal_of(s: &str, n: u32) -> bool {
    s.bytes().all(|c| c.is_ascii_digit())
        && !(s.len() > 1 && s.starts_with('0'))
        && s.parse::<u32>() == Ok(n)
}

/// Writes a track as SRT (untouched cues of an SRT source are copied verbatim).
pub fn write(track: &Track) -> (String, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut comments = DroppedComments::default();
    let le = track.facts.line_ending.as_str();
    let native = track.format == Some(Format::Srt);
    let src = match (&track.source, native) {
        (Some(s), true) => Some(s.as_str()),
        _ => None,
    };
    let mut out = String::with_capacity(src.map_or(track.cues.len() * 64, str::len) + 64);
    if let Some(src) = src {
        out.push_str(src.get(track.preamble.clone()).unwrap_or(""));
    }
    let mut n: u64 = 0;
    for cue in &track.cues {
        if cue.kind() == CueKind::Comment {
            comments.add(cue);
            continue;
        }
        n += 1;
        let Some(src) = src else {
            if n > 1 {
                out.push_str(le);
            }
            let settings = native.then(|| cue.meta().and_then(|m| m.settings.as_deref()));
            let block = BlockHead {
                ident: None,
                number: n,
                settings: settings.flatten(),
            };
            write_block(cue, &block, track, native, le, &mut out, &mut diags);
            continue;
        };
        if let Some(o) = cue.origin.filter(|_| cue.is_pristine()) {
            ensure_line_start(&mut out, le);
            out.push_str(src.get(o.raw()).unwrap_or(""));
            continue;
        }
        ensure_line_start(&mut out, le);
        if cue.origin.is_none() {
            ensure_blank_line_before(&mut out, le);
        }
        let meta = cue.meta();
        let block = BlockHead {
            ident: meta.and_then(|m| m.identifier.as_deref()),
            number: n,
            settings: meta.and_then(|m| m.settings.as_deref()),
        };
        write_block(cue, &block, track, native, le, &mut out, &mut diags);
        if let Some(o) = cue.origin {
            finish_regenerated(src, o, le, &mut out);
        }
    }
    comments.report("SRT", &mut diags);
    (out, diags)
}

struct BlockHead<'a> {
    ident: Option<&'a str>,
    number: u64,
    settings: Option<&'a str>,
}

fn write_block(
    cue: &Cue,
    block: &BlockHead,
    track: &Track,
    native: bool,
    le: &str,
    out: &mut String,
    diags: &mut Vec<Diagnostic>,
) {
    match block.ident.filter(|s| single_line(s)) {
        Some(id) => out.push_str(id),
        None => digits::push_uint(out, block.number),
    }
    out.push_str(le);
    push_clock(out, cue.start, ',');
    out.push_str(" --> ");
    push_clock(out, cue.end, ',');
    if let Some(s) = block.settings.filter(|s| single_line(s)) {
        out.push(' ');
        out.push_str(s);
    }
    out.push_str(le);
    let mut dropped = Dropped::default();
    write_text(cue, track, native, le, out, &mut dropped);
    if let Some(d) = dropped.diagnostic(cue, "SRT") {
        diags.push(d);
    }
}

fn single_line(s: &str) -> bool {
    !s.trim().is_empty() && !s.contains(['\n', '\r'])
}

/// Cue text as SRT lines, each followed by `le`; nothing when the text is empty.
///
/// A line that would be empty (or whitespace only) gets a U+00A0 no-break space: an empty line
/// ends an SRT cue for every other reader, and a space-only line is trimmed to empty by many.
/// NBSP looks the same on screen and survives every reader.
fn write_text(
    cue: &Cue,
    track: &Track,
    native: bool,
    le: &str,
    out: &mut String,
    dropped: &mut Dropped,
) {
    let start = out.len();
    let mut lw = LineWriter::new(out, "\u{a0}");
    // Converted markup is kept well formed (`balance.rs`); a native cue is written as it came,
    // so it needs no balancer (made per cue, it was a tenth of writing a regenerated SRT).
    let mut markup = (!native).then(|| Balancer::new(Dialect::Srt, &track.styles, cue.style()));
    // The style's alignment, where the cue's own tags name none (`{\an8}` for a top sign).
    if !native
        && !cue
            .text
            .tags()
            .any(|t| t.effects.iter().any(|e| matches!(e, Effect::Alignment(_))))
        && let Some(an) = style_alignment(track, cue.style()).filter(|a| *a != 2)
    {
        out.push_str(&ass_tags::render_effects(&[Effect::Alignment(an)]).0);
    }
    for inline in cue.text.refs() {
        match inline {
            InlineRef::Text(t) => {
                if let Some(m) = markup.as_mut() {
                    m.sync(out);
                }
                lw.text(t, le, out, |s, o| o.push_str(s))
            }
            InlineRef::LineBreak => lw.end_line(le, out),
            InlineRef::SoftBreak => out.push(' '),
            InlineRef::HardSpace => out.push('\u{a0}'),
            InlineRef::Drawing(d) => dropped.push(&drawing_label(d)),
            InlineRef::Tag(tag) => {
                let Some(markup) = markup.as_mut() else {
                    out.push_str(&tag.raw);
                    continue;
                };
                let mut lost = tag.effects.is_empty();
                let mut aligns = Vec::new();
                for e in &tag.effects {
                    match e {
                        Effect::Alignment(_) if tag.syntax == TagSyntax::Ass => {
                            aligns.push(e.clone())
                        }
                        e => lost |= !markup.apply(e),
                    }
                }
                if !aligns.is_empty() {
                    // `{\an8}` is the de facto SRT convention for alignment.
                    let (s, missed) = ass_tags::render_effects(&aligns);
                    out.push_str(&s);
                    lost |= !missed.is_empty();
                }
                if lost {
                    dropped.push(&tag.raw);
                }
            }
        }
    }
    if let Some(m) = markup.as_mut() {
        m.finish(out);
    }
    if lw.breaks == 0 && out.len() == start {
        return;
    }
    lw.end_line(le, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::test_support::{plain, times};
    use crate::model::{Inline, LineEnding, Rgb, RichText, Tag, Timestamp};

    fn parsed(src: &str) -> (Track, Vec<Diagnostic>) {
        parse(src.to_string())
    }

    fn rules_of(diags: &[Diagnostic]) -> Vec<&'static str> {
        diags.iter().map(|d| d.rule).collect()
    }

    fn round_trip(src: &str) {
        let (track, _) = parsed(src);
        let (out, diags) = write(&track);
        assert_eq!(out, src, "round trip of {src:?}");
        assert!(diags.is_empty(), "{diags:?}");
    }

    fn assert_fast_matches_general(src: &str) {
        if let Some(why) = fast_path_differs(src) {
            panic!("fast and general readers differ on {src:?}: {why}");
        }
    }

    #[test]
    fn equal_tags_share_one_arc_and_parse_as_unshared() {
        let src = "1\n00:00:01,000 --> 00:00:02,000\n<i>a</i> {\\an8}b\n\n\
                   2\n00:00:03,000 --> 00:00:04,000\n<i>c</i>\n\n\
                   3\n00:00:05,000 --> 00:00:06,000\n<I>d {\\an8}\n\n\
                   4\n00:00:07,000 --> 00:00:08,000\n</i>e\n";
        let (t, d) = parsed(src);
        let tags = |i: usize| -> Vec<Arc<Tag>> {
            t.cues[i]
                .text
                .inlines()
                .iter()
                .filter_map(|x| match x {
                    Inline::Tag(tag) => Some(Arc::clone(tag)),
                    _ => None,
                })
                .collect()
        };
        let (first, second) = (tags(0), tags(1));
        assert!(Arc::ptr_eq(&first[0], &second[0]), "<i> not shared");
        assert!(Arc::ptr_eq(&first[1], &second[1]), "</i> not shared");
        assert!(Arc::ptr_eq(&first[2], &tags(2)[1]), "{{\\an8}} not shared");
        // Every cue reads as the unshared parser reads its text alone, and tags taken from the
        // table are still tracked: cue 3's `<I>` is reported unclosed, cue 4's `</i>` unopened.
        for cue in &t.cues {
            let o = cue.origin.expect("origin");
            let text = &src[o.body()];
            let body = text
                .splitn(3, '\n')
                .nth(2)
                .unwrap_or("")
                .trim_end_matches('\n');
            assert_eq!(
                cue.text,
                html::parse_inline(body, html::Dialect::Srt).0,
                "{body:?}"
            );
        }
        let found: Vec<(u32, u32)> = d.iter().map(|x| (x.line, x.cue.unwrap_or(0))).collect();
        assert_eq!(rules_of(&d), vec![rules::PARSE_BAD_MARKUP; 2]);
        assert_eq!(found, vec![(11, 3), (15, 4)]);
    }

    #[test]
    fn fast_path_matches_general_on_fixtures() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut seen = 0;
        for entry in std::fs::read_dir(&dir).expect("fixtures") {
            let path = entry.expect("entry").path();
            if path.extension().and_then(|e| e.to_str()) != Some("srt") {
                continue;
            }
            let bytes = std::fs::read(&path).expect("read");
            let loaded = crate::format::read_bytes(bytes, Some(&path), &Default::default())
                .expect("fixture reads");
            let text = loaded.track.source.as_deref().expect("source").clone();
            assert_fast_matches_general(&text);
            seen += 1;
        }
        assert!(
            seen >= 15,
            "only {seen} SRT fixtures found in {}",
            dir.display()
        );
        for src in [
            BASIC,
            "1\r\n00:00:01,000 --> 00:00:02,000\r\n你好\r\n世界\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\n再见\r\n",
            "1\n00:00:01,000 --> 00:00:02,000\n\n\n2\n00:00:03,000 --> 00:00:04,000\nx\n\n\n",
            "1\n00:00:01,000 --> 00:00:02,000\na\nb\nc\nd\ne\nf\n\n2\n00:00:03,000 --> 00:00:04,000\nx",
            "1\n00:00:01,000 --> 00:00:02,000\na --> b\n\n2\n00:00:03,000 --> 00:00:04,000\nx\n",
            "1\n00:00:01,000 --> 00:00:02,000\na\n\n3\n00:00:03,000 --> 00:00:04,000\nx\n",
            "1\n00:00:05,000 --> 00:00:02,000\na\n\n2\n00:00:03,000 --> 00:00:04,000\nx\n",
            "1\n00:00:01,000 --> 00:00:02,000\na\n\nb\n\n2\n00:00:03,000 --> 00:00:04,000\nx\n",
            "1\n00:00:01,000 --> 00:00:02,000\na\n\n2\nb\n\n3\n00:00:03,000 --> 00:00:04,000\nx\n",
            "1\n00:00:01,000 --> 00:00:02,000\r\na\rb\n\n2\n00:00:03,000 --> 00:00:04,000\nx\n",
            "1\n00:00:01,000 --> 00:00:02,000\n<i>a</i> {\\an8}b\n<b>c\n\n2\n00:00:03,000 --> 00:00:04,000\n",
        ] {
            assert_fast_matches_general(src);
        }
    }

    /// One generated SRT line of kind `k` for block `n` (see `fast_path_matches_general`).
    fn generated_line(k: u8, n: usize) -> String {
        match k {
            0 => n.to_string(),
            1 => format!("0{n}"),
            2 => format!("{}", n + 1),
            3 => format!(" {n}"),
            4 => "00:00:01,000 --> 00:00:02,000".into(),
            5 => format!("00:00:0{},500 --> 00:00:0{},250", n % 10, (n + 1) % 10),
            6 => "00:00:01.000 --> 00:00:02.000".into(),
            7 => "00:00:01,000 --> 00:00:02,000 X1:10".into(),
            8 => "00:00:01,000 -> 00:00:02,000".into(),
            9 => "00:00:0x,000 --> 00:00:02,000".into(),
            10 => "你好，世界".into(),
            11 => "<i>斜体</i>".into(),
            12 => "{\\an8}上面".into(),
            13 => "a --> b".into(),
            14 => "12".into(),
            15 => " 空格".into(),
            16 => "\u{3000}".into(),
            17 => "！感叹".into(),
            18 => "3 > 2 -> 1".into(),
            19 => String::new(),
            20 => " ".into(),
            21 => "１２".into(),
            _ => "dialogue".into(),
        }
    }

    proptest::proptest! {
        /// Documents built mostly of well-formed blocks (so the fast path reads long runs) with
        /// every kind of irregularity mixed in: both readers must build the same track.
        #[test]
        fn fast_path_matches_general(
            blocks in proptest::collection::vec(
                (0u8..12, 0u8..10, proptest::collection::vec(0u8..30, 0..4), 0u8..4, 0u8..8),
                0..10,
            ),
            tail in 0u8..4,
        ) {
            let mut src = String::new();
            for (n, (index, timing, text, blanks, eol)) in blocks.iter().enumerate() {
                let eol = match eol { 0 => "\r\n", 1 => "\r", _ => "\n" };
                let index = if *index < 7 { 0 } else { index - 7 };
                let timing = if *timing < 5 { 4 } else { *timing };
                let mut lines = vec![generated_line(index, n + 1), generated_line(timing, n)];
                lines.extend(text.iter().map(|&k| generated_line(if k > 22 { 10 } else { k }, n)));
                for _ in 0..*blanks {
                    lines.push(if *blanks == 3 { " ".into() } else { String::new() });
                }
                for l in lines {
                    src.push_str(&l);
                    src.push_str(eol);
                }
            }
            if tail == 1 {
                src.pop();
            }
            assert_fast_matches_general(&src);
        }
    }

    #[test]
    fn fast_path_reads_every_block_of_a_regular_file() {
        let mut src = String::new();
        let mut starts = Vec::new();
        for n in 1..=50 {
            starts.push(src.lines().count() as u32 + 1);
            let text = match n % 3 {
                0 => "<i>你好</i>\n世界",
                1 => "第一行\n第二行",
                _ => "一行",
            };
            src.push_str(&format!(
                "{n}\n00:00:{:02},000 --> 00:00:{:02},500\n{text}\n\n",
                n % 60,
                n % 60
            ));
        }
        let source = Arc::new(src);
        let sc = Scanner::new(&source);
        let f = fast::Fast::new(&source, false).expect("no lone CR");
        let (mut cues, mut preamble_end, mut tags, mut diags) =
            (Vec::new(), source.len(), Shared::default(), Vec::new());
        let next = Resume::from_line(sc.lines.at(0, 1));
        let after = read_fast(
            &f,
            &source,
            &sc,
            next,
            &mut cues,
            &mut preamble_end,
            &mut tags,
            &mut diags,
        );
        assert!(
            matches!(after, Resume::End),
            "the fast path stopped at {after:?}"
        );
        assert_eq!(cues.len(), 50);
        assert!(diags.is_empty(), "{diags:?}");
        let lines: Vec<u32> = cues.iter().map(|c| c.line).collect();
        assert_eq!(lines, starts);
        // Plain cues are kept as one range of lines (no vector of runs); cues with markup not.
        for (n, cue) in (1..).zip(&cues) {
            assert_eq!(cue.text.is_lines_form(), n % 3 != 0, "cue {n}");
        }
        // And the whole read agrees with the general reader.
        assert_fast_matches_general(&source);
    }

    const BASIC: &str = "1\n00:00:01,000 --> 00:00:02,500\nHello\nworld\n\n2\n00:00:03,000 --> 00:00:04,000\n<i>Bye</i>\n";

    #[test]
    fn plain_cues_and_origins() {
        let (t, d) = parsed(BASIC);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(times(&t), vec![(1000, 2500), (3000, 4000)]);
        assert_eq!(plain(&t), vec!["Hello\nworld", "Bye"]);
        assert_eq!(t.cues[0].id, 1);
        assert_eq!(t.cues[1].line, 6);
        assert!(t.cues.iter().all(|c| c.meta.is_none()));
        let o = t.cues[0].origin.expect("origin");
        assert_eq!((o.start, o.body_end, o.end), (0, 44, 45));
        assert_eq!(
            &BASIC[o.body()],
            "1\n00:00:01,000 --> 00:00:02,500\nHello\nworld\n"
        );
        let o2 = t.cues[1].origin.expect("origin");
        assert_eq!(o2.raw(), 45..BASIC.len());
        assert_eq!(t.preamble, 0..0);
        assert_eq!(t.format, Some(Format::Srt));
        assert!(t.facts.final_newline);
    }

    #[test]
    fn a_cue_missing_its_timing_line_is_recovered_and_reported() {
        let src = "1\n00:00:01,000 --> 00:00:02,000\nHello\n\n2\nWorld\n\n3\n00:00:05,000 --> 00:00:06,000\nBye\n";
        let (t, d) = parsed(src);
        assert_eq!(plain(&t), vec!["Hello", "World", "Bye"]);
        // Timed in the gap between its neighbours, and said so where its number is.
        assert_eq!(times(&t), vec![(1000, 2000), (2000, 5000), (5000, 6000)]);
        assert_eq!(rules_of(&d), vec![rules::PARSE_MISSING_TIMING]);
        assert_eq!((d[0].line, d[0].cue), (5, Some(2)));
        // Untouched, the file is written back as it came; edited, the cue gets a timing line.
        round_trip(src);
        let mut t = t;
        t.cues[1].end = Timestamp(4000);
        let (out, _) = write(&t);
        assert!(
            out.contains("2\n00:00:02,000 --> 00:00:04,000\nWorld\n"),
            "{out}"
        );
        // A number that is not the next cue's stays dialogue (`800` degrees).
        let (t, d) = parsed("1\n00:00:01,000 --> 00:00:02,000\nHot\n\n800\ndegrees\n");
        assert_eq!(plain(&t), vec!["Hot\n\n800\ndegrees"]);
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn loose_arrows_are_read_with_a_warning() {
        let src = "1\n00:00:01,000 - > 00:00:02,000\nA\n\n2\n00:00:03,000 -- > 00:00:04,000\nB\n\n3\n00:00:05,000 -> 00:00:06,000\nC\n\n4\n00:00:07,000 --> 00:00:08,000\nD\n";
        let (t, d) = parsed(src);
        assert_eq!(
            times(&t),
            vec![(1000, 2000), (3000, 4000), (5000, 6000), (7000, 8000)]
        );
        assert_eq!(rules_of(&d), vec![rules::PARSE_LOOSE_ARROW; 3]);
        assert_eq!(
            d.iter()
                .map(|x| x.get_arg("arrow").unwrap())
                .collect::<Vec<_>>(),
            vec!["- >", "-- >", "->"]
        );
        assert_eq!((d[0].line, d[0].column), (2, 14));
        round_trip(src);
    }

    #[test]
    fn blank_lines_inside_cue_text() {
        let src = "1\n00:00:01,000 --> 00:00:02,000\nfirst\n\nsecond\n\n\n2\n00:00:03,000 --> 00:00:04,000\nthird\n";
        let (t, d) = parsed(src);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(plain(&t), vec!["first\n\nsecond", "third"]);
        round_trip(src);
        // An index line with no blank line before it still starts the next cue.
        let src =
            "1\n00:00:01,000 --> 00:00:02,000\nfirst\n2\n00:00:03,000 --> 00:00:04,000\nthird\n";
        let (t, _) = parsed(src);
        assert_eq!(plain(&t), vec!["first", "third"]);
    }

    #[test]
    fn position_coordinates_go_to_settings() {
        let src = "1\n00:00:01,000 --> 00:00:02,000  X1:40 X2:600 Y1:20 Y2:50\nHi\n";
        let (t, d) = parsed(src);
        assert!(d.is_empty());
        let meta = t.cues[0].meta().expect("meta");
        assert_eq!(meta.settings.as_deref(), Some("X1:40 X2:600 Y1:20 Y2:50"));
        assert_eq!(meta.identifier, None);
        round_trip(src);
    }

    #[test]
    fn missing_final_blank_line_and_newline() {
        let src = "1\n00:00:01,000 --> 00:00:02,000\nA\n2\n00:00:03,000 --> 00:00:04,000\nB";
        let (t, d) = parsed(src);
        assert!(d.is_empty());
        assert_eq!(plain(&t), vec!["A", "B"]);
        assert!(!t.facts.final_newline);
        assert_eq!(t.cues[1].origin.map(|o| o.end as usize), Some(src.len()));
        round_trip(src);
    }

    #[test]
    fn separators_and_fraction_lengths() {
        let src = "1\n00:00:01.5 --> 00:00:02,50\na\n\n2\n00:00:03:250 --> 00:00:04,7\nb\n\n3\n0:0:5,005 --> 0:0:6.000\nc\n";
        let (t, d) = parsed(src);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(times(&t), vec![(1500, 2500), (3250, 4700), (5005, 6000)]);
        round_trip(src);
    }

    #[test]
    fn hours_above_99() {
        let (t, d) = parsed("1\n123:00:00,000 --> 123:00:01,000\nlate\n");
        assert!(d.is_empty());
        assert_eq!(t.cues[0].start.ms(), 123 * 3_600_000);
        let (out, _) = write(&Track { format: None, ..t });
        assert!(out.contains("123:00:00,000 --> 123:00:01,000"), "{out}");
    }

    #[test]
    fn full_width_digits() {
        let src = "１\n００：００：０１，０００ --> ００：００：０２，５００\n你好\n";
        let (t, d) = parsed(src);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(times(&t), vec![(1000, 2500)]);
        assert_eq!(plain(&t), vec!["你好"]);
        // A full-width index is kept as written since it is not the decimal "1".
        assert_eq!(
            t.cues[0].meta().and_then(|m| m.identifier.as_deref()),
            Some("１")
        );
        round_trip(src);
    }

    #[test]
    fn indentation_and_trailing_spaces() {
        let src = "\t1  \n \t00:00:01,000   -->00:00:02,000 \t\n  text with edges  \n";
        let (t, d) = parsed(src);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(times(&t), vec![(1000, 2000)]);
        assert_eq!(plain(&t), vec!["  text with edges  "]);
        assert!(t.cues[0].meta.is_none());
        round_trip(src);
    }

    #[test]
    fn odd_arrows() {
        let (t, d) =
            parsed("1\n00:00:01,000->00:00:02,000\na\n\n2\n00:00:03,000 ---> 00:00:04,000\nb\n");
        // Read, and reported: other tools may not read them.
        assert_eq!(rules_of(&d), vec![rules::PARSE_LOOSE_ARROW; 2]);
        assert_eq!(times(&t), vec![(1000, 2000), (3000, 4000)]);
    }

    #[test]
    fn bad_indexes_are_reported_and_kept() {
        let src = "00:00:01,000 --> 00:00:02,000\nno index\n\n-3\n00:00:03,000 --> 00:00:04,000\nnegative\n\nabc\n00:00:05,000 --> 00:00:06,000\nwords\n\n 12a\n00:00:07,000 --> 00:00:08,000\nsuffix\n";
        let (t, d) = parsed(src);
        assert_eq!(plain(&t), vec!["no index", "negative", "words", "suffix"]);
        let bad: Vec<(u32, u32, Option<u32>, Option<&str>)> = d
            .iter()
            .filter(|d| d.rule == rules::PARSE_BAD_INDEX)
            .map(|d| (d.line, d.column, d.cue, d.get_arg("index")))
            .collect();
        assert_eq!(
            bad,
            vec![
                (1, 1, Some(1), Some("")),
                (4, 1, Some(2), Some("-3")),
                (8, 1, Some(3), Some("abc")),
                (12, 4, Some(4), Some("12a")),
            ]
        );
        assert!(d.iter().all(|d| d.severity == Severity::Warning));
        assert_eq!(
            t.cues[1].meta().and_then(|m| m.identifier.as_deref()),
            Some("-3")
        );
        round_trip(src);
    }

    #[test]
    fn identifier_kept_only_when_unusual() {
        let (t, _) = parsed(
            "7\n00:00:01,000 --> 00:00:02,000\na\n\n2\n00:00:03,000 --> 00:00:04,000\nb\n\n03\n00:00:05,000 --> 00:00:06,000\nc\n",
        );
        let ids: Vec<Option<&str>> = t
            .cues
            .iter()
            .map(|c| c.meta().and_then(|m| m.identifier.as_deref()))
            .collect();
        assert_eq!(ids, vec![Some("7"), None, Some("03")]);
        assert_eq!(
            t.cues.iter().map(|c| c.id).collect::<Vec<_>>(),
            vec![1, 2, 3]
        );
    }

    #[test]
    fn line_ending_styles() {
        for le in ["\n", "\r\n", "\r"] {
            let src = BASIC.replace('\n', le);
            let (t, d) = parsed(&src);
            assert!(d.is_empty(), "{le:?} {d:?}");
            assert_eq!(plain(&t), vec!["Hello\nworld", "Bye"], "{le:?}");
            round_trip(&src);
            round_trip(src.trim_end());
        }
        let mixed =
            "1\r\n00:00:01,000 --> 00:00:02,000\rA\nB\r\n\n2\r00:00:03,000 --> 00:00:04,000\r\nC";
        let (t, d) = parsed(mixed);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(plain(&t), vec!["A\nB", "C"]);
        round_trip(mixed);
    }

    const WITH_BAD: &str = "1\n00:00:01,000 --> 00:00:02,000\nbefore\n\n2\n00:00:03,000 --> 00:0x:04,000\nlost line\n\n3\n00:00:05,000 --> 00:00:06,000\nafter\n";

    #[test]
    fn bad_timing_block_is_skipped_and_reported() {
        let (t, d) = parsed(WITH_BAD);
        assert_eq!(plain(&t), vec!["before", "after"]);
        assert_eq!(t.cues[1].id, 2);
        let bad: Vec<_> = d
            .iter()
            .filter(|d| d.rule == rules::PARSE_BAD_TIMING)
            .collect();
        assert_eq!(bad.len(), 1);
        assert_eq!((bad[0].line, bad[0].column), (6, 22));
        assert_eq!(bad[0].severity, Severity::Error);
        assert_eq!(bad[0].get_arg("found"), Some("x"));
        // The skipped block lives in the first cue's trailing region.
        let o = t.cues[0].origin.expect("origin");
        assert!(WITH_BAD[o.trailing()].contains("lost line"));
        let (out, _) = write(&t);
        assert_eq!(out, WITH_BAD);
    }

    #[test]
    fn stray_text_before_first_cue() {
        let src = "some title\nby someone\n\n1\n00:00:01,000 --> 00:00:02,000\nA\n";
        let (t, d) = parsed(src);
        assert_eq!(rules_of(&d), vec![rules::PARSE_STRAY_TEXT]);
        assert_eq!((d[0].line, d[0].column), (1, 1));
        assert_eq!(plain(&t), vec!["A"]);
        assert_eq!(
            t.source_slice(t.preamble.clone()),
            "some title\nby someone\n\n"
        );
        round_trip(src);
        // Text after a bad block is part of it, and stays in the trailing region.
        let src = "1\n00:00:01,000 --> 00:00:02,000\nA\n\n00:00:0 --> x\nB\n\nC\n";
        let (t, d) = parsed(src);
        assert_eq!(plain(&t), vec!["A"]);
        // A skipped block reports its timing only (its missing index is moot).
        assert_eq!(rules_of(&d), vec![rules::PARSE_BAD_TIMING]);
        let (out, _) = write(&t);
        assert_eq!(out, src);
    }

    #[test]
    fn end_before_start_is_kept() {
        let (t, d) = parsed("1\n00:00:05,000 --> 00:00:04,000\nbackwards\n");
        assert_eq!(t.cues.len(), 1);
        assert_eq!(rules_of(&d), vec![rules::PARSE_END_BEFORE_START]);
        assert_eq!((d[0].line, d[0].column, d[0].cue), (2, 18, Some(1)));
    }

    #[test]
    fn absurd_numbers_do_not_overflow() {
        let src = "1\n99999999999999999999:99999999999999999999:00,000 --> 00:00:01,000\nx\n";
        let (t, _) = parsed(src);
        assert_eq!(t.cues[0].start.ms(), i64::MAX);
        let _ = write(&Track { format: None, ..t });
    }

    #[test]
    fn no_cues() {
        let (t, d) = parsed("just some text\n");
        assert!(t.cues.is_empty());
        assert_eq!(
            rules_of(&d),
            vec![rules::PARSE_STRAY_TEXT, rules::PARSE_NO_CUES]
        );
        assert_eq!(write(&t).0, "just some text\n");
        let (_, d) = parsed("");
        assert!(d.is_empty());
    }

    #[test]
    fn unclosed_markup_is_reported() {
        let (t, d) = parsed("1\n00:00:01,000 --> 00:00:02,000\nfine\nsee <i>this\n");
        assert_eq!(plain(&t), vec!["fine\nsee this"]);
        assert_eq!(rules_of(&d), vec![rules::PARSE_BAD_MARKUP]);
        assert_eq!((d[0].line, d[0].column, d[0].cue), (4, 5, Some(1)));
        assert_eq!(d[0].get_arg("markup"), Some("<i>"));
    }

    #[test]
    fn srt_markup_becomes_tags() {
        let (t, _) =
            parsed("1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<font color=\"#ff0000\">red</font>\n");
        let tags: Vec<&Tag> = t.cues[0].text.tags().collect();
        assert_eq!(tags.len(), 3);
        assert_eq!(tags[0].syntax, TagSyntax::Ass);
        assert_eq!(tags[0].raw, "{\\an8}");
        assert_eq!(tags[1].effects, vec![Effect::Color(Some(Rgb(255, 0, 0)))]);
        assert_eq!(t.cues[0].text.to_plain(), "red");
    }

    #[test]
    fn edited_cue_is_regenerated_alone() {
        let src = "1\r\n00:00:01,000 --> 00:00:02,000  X1:1\r\nA\r\n\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nB\r\n\r\n3\r\n00:00:05,000 --> 00:00:06,000\r\nC";
        let (mut t, _) = parsed(src);
        t.cues[0].end = Timestamp(2500);
        t.cues[1].text = RichText::plain("new\ntext");
        t.cues[2].text = RichText::plain("last");
        let (out, d) = write(&t);
        assert!(d.is_empty());
        assert_eq!(
            out,
            "1\r\n00:00:01,000 --> 00:00:02,500 X1:1\r\nA\r\n\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nnew\r\ntext\r\n\r\n3\r\n00:00:05,000 --> 00:00:06,000\r\nlast"
        );
        // Only the edited cues differ from the source.
        let (mut t, _) = parsed(src);
        t.cues[1].text = RichText::plain("B2");
        let (out, _) = write(&t);
        assert_eq!(out, src.replace("\r\nB\r\n", "\r\nB2\r\n"));
    }

    #[test]
    fn new_cue_in_source_track_gets_a_blank_line() {
        let src = "1\n00:00:01,000 --> 00:00:02,000\nA";
        let (mut t, _) = parsed(src);
        t.cues.push(Cue::new(
            9,
            Timestamp(3000),
            Timestamp(4000),
            RichText::plain("B"),
        ));
        let (out, _) = write(&t);
        assert_eq!(
            out,
            "1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n00:00:03,000 --> 00:00:04,000\nB\n"
        );
    }

    fn memory_track(cues: Vec<Cue>) -> Track {
        Track {
            cues,
            ..Track::default()
        }
    }

    #[test]
    fn generated_output_and_empty_lines() {
        let mut c2 = Cue::new(
            2,
            Timestamp(3000),
            Timestamp(4000),
            RichText::plain("a\n\nb"),
        );
        c2.meta_mut().identifier = Some("x".into());
        let mut comment = Cue::new(3, Timestamp(0), Timestamp(1), RichText::plain("note"));
        comment.meta_mut().kind = CueKind::Comment;
        let t = memory_track(vec![
            Cue::new(1, Timestamp(1000), Timestamp(2000), RichText::plain("one")),
            comment,
            c2,
            Cue::new(4, Timestamp(5000), Timestamp(6000), RichText::default()),
        ]);
        let (out, d) = write(&t);
        assert_eq!(
            out,
            "1\n00:00:01,000 --> 00:00:02,000\none\n\n2\n00:00:03,000 --> 00:00:04,000\na\n\u{a0}\nb\n\n3\n00:00:05,000 --> 00:00:06,000\n"
        );
        assert_eq!(d.len(), 1);
        assert_eq!(
            (d[0].rule, d[0].severity, d[0].cue),
            (rules::WRITE_COMMENT_DROPPED, Severity::Info, Some(3))
        );
        // What we write reads back with the same times and visible text.
        let (back, d) = parsed(&out);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(plain(&back), vec!["one", "a\n\u{a0}\nb", ""]);
        let t = Track {
            facts: crate::model::SourceFacts {
                line_ending: LineEnding::CrLf,
                ..Default::default()
            },
            ..memory_track(vec![Cue::new(
                1,
                Timestamp(0),
                Timestamp(1),
                RichText::plain("x\ny"),
            )])
        };
        assert_eq!(
            write(&t).0,
            "1\r\n00:00:00,000 --> 00:00:00,001\r\nx\r\ny\r\n"
        );
    }

    fn tag(syntax: TagSyntax, raw: &str, effects: Vec<Effect>) -> Inline {
        Inline::tag(Tag {
            syntax,
            raw: raw.into(),
            effects,
        })
    }

    #[test]
    fn foreign_markup_to_srt() {
        let text = RichText::new(vec![
            tag(TagSyntax::Ass, "{\\an8}", vec![Effect::Alignment(8)]),
            tag(
                TagSyntax::Ass,
                "{\\i1\\blur2}",
                vec![Effect::Italic(true), Effect::Other("blur".into())],
            ),
            Inline::Text("a".into()),
            Inline::HardSpace,
            Inline::Text("b".into()),
            Inline::SoftBreak,
            Inline::Text("c".into()),
            tag(TagSyntax::Ass, "{\\i0}", vec![Effect::Italic(false)]),
            tag(
                TagSyntax::Html,
                "<v Bob>",
                vec![Effect::Voice(Some("Bob".into()))],
            ),
            Inline::Drawing("m 0 0 l 10 10".into()),
        ]);
        let t = memory_track(vec![Cue::new(1, Timestamp(0), Timestamp(1000), text)]);
        let (out, d) = write(&t);
        assert_eq!(
            out,
            "1\n00:00:00,000 --> 00:00:01,000\n{\\an8}<i>a\u{a0}b c</i>\n"
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].rule, rules::WRITE_MARKUP_DROPPED);
        assert_eq!(d[0].severity, Severity::Warning);
        assert_eq!(d[0].get_arg("cue"), Some("1"));
        assert_eq!(d[0].get_arg("format"), Some("SRT"));
        assert_eq!(
            d[0].get_arg("markup"),
            Some("{\\i1\\blur2} <v Bob> m 0 0 l 10 10")
        );
    }

    #[test]
    fn ass_block_splits_into_srt_conventions() {
        let text = RichText::new(vec![
            Inline::tag(ass_tags::parse_block("{\\an8\\i1}")),
            Inline::Text("x".into()),
        ]);
        let t = memory_track(vec![Cue::new(1, Timestamp(0), Timestamp(1000), text)]);
        let (out, d) = write(&t);
        // The italic an ASS line leaves open is closed at the end of the cue.
        assert_eq!(out, "1\n00:00:00,000 --> 00:00:01,000\n{\\an8}<i>x</i>\n");
        assert!(d.is_empty(), "{d:?}");
    }

    /// Deterministic pseudo-random SRT-ish inputs: no panic, and untouched input writes back.
    #[test]
    fn no_panic_on_noise() {
        const TOKENS: &[&str] = &[
            "1",
            "12",
            "-3",
            "abc",
            "\n",
            "\r\n",
            "\r",
            "\n\n",
            " ",
            "\t",
            "00:00:01,000",
            "00:0",
            "-->",
            "->",
            " --> ",
            ",",
            ".",
            ":",
            "5",
            "99999999999999999999",
            "０",
            "：",
            "，",
            "<i>",
            "</i>",
            "<",
            ">",
            "{\\an8}",
            "{",
            "}",
            "\\",
            "&amp;",
            "X1:40",
            "你好",
            "é",
            "<font color=\"#fff\">",
            "</font>",
            "<v Bob>",
            "<00:01.000>",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..3000 {
            let mut s = String::new();
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let n = (state >> 33) % 40;
            for _ in 0..n {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let k = usize::try_from(state >> 33).unwrap_or(0) % TOKENS.len();
                s.push_str(TOKENS[k]);
            }
            let (track, _) = parse(s.clone());
            assert_eq!(write(&track).0, s);
            let converted = Track {
                format: None,
                ..track
            };
            let (out, _) = write(&converted);
            let _ = parse(out);
        }
    }
}
