//! Cues to segments and back: markup and fixed glossary terms become placeholders before
//! translation, and are restored exactly afterwards. The placeholder syntax itself (`<x id="N"/>`
//! for markup, `<g id="N">…</g>` for fixed terms, escaping, the checks a reply must pass) is in
//! `placeholder`; this file masks cues into segment texts and restores replies into cues.
//!
//! Markup at the start or end of a cue (`{\an8}`, `{\i1}…{\i0}` around the whole line) is not
//! sent at all: it is kept aside and put back, so most segments carry no placeholder and identical
//! lines with different styling share one memory entry. Line breaks: a cue is sent as one line
//! (a break becomes a space, `Mask::joined_breaks` is set) and the platform fitter re-breaks it by
//! the target language's width rules — source breaks rarely fit the target, and a break sent to an
//! engine is what lets lines drift. The exception is a dialogue cue (a later line starts with a
//! dash): its breaks separate speakers and travel as `<x/>` placeholders. An interior `\h` is sent
//! as a plain space (layout belongs to the fitter).
//!
//! A restored translation must contain every placeholder exactly once and nothing invented;
//! anything else is a `RestoreError` for that segment (the scheduler re-asks, then reports).

mod codes;
mod placeholder;

use std::collections::HashMap;

use crate::glossary::{Glossary, Status, matcher::Matcher};
use crate::model::{CueKind, Inline, RichText, Track};

use super::{Segment, SegmentContext, TermHint};
pub use codes::{CodeInfo, CodeKind, CodeRole};
pub use placeholder::{
    Placeholder, RestoreError, check_placeholders, escape_text, placeholders, unescape_text,
};
use placeholder::{Token, check_tokens, tokenize};

/// What a placeholder stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Slot {
    Markup(Vec<Inline>),
    Term {
        rendering: String,
        accepted: Vec<String>,
    },
}

/// Everything needed to turn a translated segment text back into rich text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mask {
    /// Inlines before the first visible text (kept aside, never sent).
    prefix: Vec<Inline>,
    /// Inlines after the last visible text.
    suffix: Vec<Inline>,
    /// Placeholder id → what it stands for.
    slots: HashMap<u32, Slot>,
    /// Line breaks were sent as spaces: the fitter must re-break the restored text.
    pub joined_breaks: bool,
}

/// Rebuilds rich text from a translation: placeholders back to their markup, terms to their
/// approved rendering (or the accepted variant the engine chose), the kept edges around it.
pub fn restore(translated: &str, mask: &Mask) -> Result<RichText, RestoreError> {
    let tokens = tokenize(translated);
    let want: HashMap<u32, bool> = mask
        .slots
        .iter()
        .map(|(id, s)| (*id, matches!(s, Slot::Term { .. })))
        .collect();
    check_tokens(&want, &tokens)?;
    let mut body: Vec<Inline> = Vec::new();
    for t in tokens {
        match t {
            Token::Text(s) => push_text(&mut body, &s.replace(['\r', '\n'], " ")),
            Token::Ph(p) => match (mask.slots.get(&p.id()), p) {
                (Some(Slot::Markup(inlines)), _) => body.extend(inlines.iter().cloned()),
                (
                    Some(Slot::Term {
                        rendering,
                        accepted,
                    }),
                    Placeholder::Term { content, .. },
                ) => {
                    let c = content.trim();
                    let text = if accepted.iter().any(|a| a == c) {
                        c
                    } else {
                        rendering.as_str()
                    };
                    push_text(&mut body, text);
                }
                // check_tokens guarantees ids and kinds match.
                _ => {}
            },
            Token::Unclosed(_) => {}
        }
    }
    trim_body(&mut body);
    let mut out = mask.prefix.clone();
    for i in body {
        match (out.last_mut(), i) {
            (Some(Inline::Text(prev)), Inline::Text(t)) => prev.to_mut().push_str(&t),
            (_, i) => out.push(i),
        }
    }
    for i in mask.suffix.iter().cloned() {
        match (out.last_mut(), i) {
            (Some(Inline::Text(prev)), Inline::Text(t)) => prev.to_mut().push_str(&t),
            (_, i) => out.push(i),
        }
    }
    Ok(RichText::new(out))
}

/// Appends text, merging with a preceding text run and collapsing the double spaces that joining
/// pieces leaves behind.
fn push_text(body: &mut Vec<Inline>, s: &str) {
    if s.is_empty() {
        return;
    }
    if let Some(Inline::Text(prev)) = body.last_mut() {
        if prev.ends_with(' ') && s.starts_with(' ') {
            prev.to_mut().push_str(s.trim_start_matches(' '));
        } else {
            prev.to_mut().push_str(s);
        }
        return;
    }
    body.push(Inline::Text(s.into()));
}

/// Trims whitespace at the outer edges of the translated body (engines add it; the kept edges
/// carry the original's).
fn trim_body(body: &mut Vec<Inline>) {
    if let Some(Inline::Text(t)) = body.first_mut() {
        *t = t.trim_start().into();
    }
    if let Some(Inline::Text(t)) = body.last_mut() {
        *t = t.trim_end().into();
    }
    body.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
}

/// One glossary term as translation needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermFix {
    /// Source forms (canonical first).
    pub forms: Vec<String>,
    pub case_sensitive: bool,
    /// The rendering to fix in the target language: the approved text, or the source form for a
    /// `keep` term without one (`None`: the term is only a hint).
    pub rendering: Option<String>,
    /// Renderings accepted back from the engine (the approved text and its variants).
    pub accepted: Vec<String>,
    /// Rendering shown as a hint when it is not fixed (a proposed one).
    pub hint: Option<String>,
    pub note: Option<String>,
}

/// The terms to protect for one target language, compiled for matching.
#[derive(Debug, Clone)]
pub struct TermSet {
    terms: Vec<TermFix>,
    matcher: Matcher<usize>,
    /// Changes whenever a rendering changes: part of the memory key.
    pub version: String,
}

impl TermSet {
    /// Builds a set from explicit terms (for callers without a glossary file, and tests).
    pub fn new(terms: Vec<TermFix>) -> TermSet {
        let matcher = Matcher::new(terms.iter().enumerate().flat_map(|(i, t)| {
            t.forms
                .iter()
                .map(move |f| (f.clone(), t.case_sensitive, i))
        }));
        let version = terms_version(&terms);
        TermSet {
            terms,
            matcher,
            version,
        }
    }

    /// The glossary's terms for `target_lang`: approved renderings are fixed; `keep` terms without
    /// a rendering keep their source form; proposed renderings travel only as hints.
    pub fn from_glossary(glossary: &Glossary, target_lang: &str) -> TermSet {
        let mut terms = Vec::new();
        for t in &glossary.terms {
            let entry = t.target(target_lang).filter(|e| e.has_rendering());
            let approved = entry.filter(|e| e.status == Status::Approved);
            let (rendering, accepted) = match approved {
                Some(e) => (
                    e.text.clone(),
                    e.accepted().map(str::to_string).collect::<Vec<_>>(),
                ),
                None if t.keep => (Some(t.source.clone()), vec![t.source.clone()]),
                None => (None, Vec::new()),
            };
            terms.push(TermFix {
                forms: t.source_forms().map(str::to_string).collect(),
                case_sensitive: t.case_sensitive(),
                rendering,
                accepted,
                hint: entry.and_then(|e| e.text.clone()),
                note: entry
                    .and_then(|e| e.note.clone())
                    .or_else(|| t.note.clone()),
            });
        }
        TermSet::new(terms)
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// A stable digest of what protection does, so a changed rendering invalidates memory entries.
fn terms_version(terms: &[TermFix]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for t in terms {
        for f in &t.forms {
            h.update(f.as_bytes());
            h.update([0u8]);
        }
        h.update([1u8, u8::from(t.case_sensitive)]);
        h.update(t.rendering.as_deref().unwrap_or("\u{1}").as_bytes());
        h.update([2u8]);
        for a in &t.accepted {
            h.update(a.as_bytes());
            h.update([0u8]);
        }
        h.update([3u8]);
    }
    let d = h.finalize();
    d.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Options for turning a track into segments.
#[derive(Debug, Clone)]
pub struct SegmentOptions {
    /// File stem used in segment ids (`ep01` → `ep01#12`).
    pub episode: String,
    /// Length budget per segment from the target platform, passed to backends as context.
    pub max_chars: Option<u32>,
    /// Preceding cues given as context (default 2).
    pub context_before: usize,
    /// Following cues given as context (default 1).
    pub context_after: usize,
}

impl SegmentOptions {
    pub fn new(episode: impl Into<String>) -> Self {
        SegmentOptions {
            episode: episode.into(),
            max_chars: None,
            context_before: 2,
            context_after: 1,
        }
    }
}

/// A cue ready for translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedCue {
    /// Index of the cue in `Track::cues`.
    pub cue_index: usize,
    pub segment: Segment,
    pub mask: Mask,
}

/// Piece of a cue body before numbering.
enum Piece {
    Text(String),
    Markup(Vec<Inline>),
    Term(usize),
}

/// Masks one cue's text. `None` when there is nothing to translate (markup or drawings only).
/// Returns the segment text, the mask and the glossary terms found.
pub fn mask_text(
    text: &RichText,
    terms: Option<&TermSet>,
) -> Option<(String, Mask, Vec<TermHint>)> {
    let inlines = text.inlines();
    let is_content = |i: &Inline| matches!(i, Inline::Text(t) if !t.trim().is_empty());
    let first = inlines.iter().position(is_content)?;
    let last = inlines.iter().rposition(is_content)?;
    let mut mask = Mask {
        prefix: inlines.get(..first).unwrap_or(&[]).to_vec(),
        suffix: inlines.get(last + 1..).unwrap_or(&[]).to_vec(),
        ..Mask::default()
    };
    let body = inlines.get(first..=last).unwrap_or(&[]);
    let pieces = body_pieces(body, is_dialogue(text), &mut mask);
    let (pieces, hints) = match terms.filter(|s| !s.is_empty()) {
        Some(set) => protect_terms(pieces, set),
        None => (pieces, Vec::new()),
    };
    let seg = number_pieces(pieces, terms, &mut mask);
    Some((seg, mask, hints))
}

/// Cuts the body of a cue (from its first to its last visible text) into text and markup
/// pieces. The whitespace at both ends goes to the mask's kept edges; line breaks become spaces
/// (`Mask::joined_breaks`) unless the cue is a dialogue, whose breaks stay markup; `\h` becomes a
/// space.
fn body_pieces(body: &[Inline], dialogue: bool, mask: &mut Mask) -> Vec<Piece> {
    let mut out = BodyPieces::default();
    let n = body.len();
    for (k, inline) in body.iter().enumerate() {
        match inline {
            Inline::Text(t) => {
                let mut t = t.as_str();
                if k == 0 {
                    let trimmed = t.trim_start();
                    let lead = t.get(..t.len() - trimmed.len()).unwrap_or("");
                    if !lead.is_empty() {
                        mask.prefix.push(Inline::Text(lead.into()));
                    }
                    t = trimmed;
                }
                if k + 1 == n {
                    let trimmed = t.trim_end();
                    let trail = t.get(trimmed.len()..).unwrap_or("");
                    if !trail.is_empty() {
                        mask.suffix.insert(0, Inline::Text(trail.into()));
                    }
                    t = trimmed;
                }
                out.add_text(t);
            }
            Inline::LineBreak | Inline::SoftBreak if dialogue => out.markup.push(inline.clone()),
            Inline::HardSpace => out.hard_space(),
            Inline::LineBreak | Inline::SoftBreak => {
                mask.joined_breaks = true;
                out.line_break();
            }
            Inline::Tag(_) | Inline::Drawing(_) => out.markup.push(inline.clone()),
        }
    }
    out.finish()
}

/// The pieces of a cue body as they are built, inline by inline.
#[derive(Default)]
struct BodyPieces {
    pieces: Vec<Piece>,
    /// Markup since the last text: becomes one piece (one placeholder) before the next text.
    markup: Vec<Inline>,
    /// The text run being built.
    text: String,
    /// A line break waits for the next text: whether it becomes a space depends on both sides.
    pending_break: bool,
    /// The last character of text seen, for `joins_without_space`.
    last_char: Option<char>,
}

impl BodyPieces {
    /// Appends visible text, first settling a pending line break (a space, or nothing between
    /// characters that join without one) and the markup before it.
    fn add_text(&mut self, t: &str) {
        if self.pending_break
            && let Some(next) = t.chars().next()
        {
            self.pending_break = false;
            let joined = self
                .last_char
                .is_some_and(|prev| joins_without_space(prev, next));
            if !joined && !next.is_whitespace() && !self.text.ends_with(' ') {
                self.text.push(' ');
            }
        }
        self.flush_markup();
        self.text.push_str(t);
        if let Some(c) = t.chars().next_back() {
            self.last_char = Some(c);
        }
    }

    /// `\h`: a plain space in the text (layout belongs to the fitter).
    fn hard_space(&mut self) {
        self.flush_markup();
        if !self.text.ends_with(' ') {
            self.text.push(' ');
        }
        self.last_char = Some(' ');
    }

    /// A line break outside a dialogue: sent as a space, decided when the next text comes.
    fn line_break(&mut self) {
        self.flush_markup();
        self.pending_break = true;
    }

    /// Closes the text run and adds the markup collected since as its own piece.
    fn flush_markup(&mut self) {
        if !self.markup.is_empty() {
            flush_text(&mut self.text, &mut self.pieces);
            self.pieces
                .push(Piece::Markup(std::mem::take(&mut self.markup)));
        }
    }

    /// The pieces, the last text run included. The body ends with text, so no markup is left.
    fn finish(mut self) -> Vec<Piece> {
        flush_text(&mut self.text, &mut self.pieces);
        self.pieces
    }
}

/// Finds the glossary's terms in each text piece: every term found becomes a hint for the
/// backend, and a term with a fixed rendering is cut out of its text as a `Piece::Term`
/// (a match overlapping a term already cut out stays in the text).
fn protect_terms(pieces: Vec<Piece>, set: &TermSet) -> (Vec<Piece>, Vec<TermHint>) {
    let mut hints: Vec<TermHint> = Vec::new();
    let mut out = Vec::with_capacity(pieces.len());
    for p in pieces {
        let Piece::Text(t) = p else {
            out.push(p);
            continue;
        };
        let mut at = 0;
        for hit in set.matcher.find(&t) {
            let Some(term) = set.terms.get(hit.tag) else {
                continue;
            };
            let found = t.get(hit.bytes.clone()).unwrap_or("").to_string();
            if !hints.iter().any(|h| h.source == found) {
                hints.push(TermHint {
                    source: found.clone(),
                    target: term.rendering.clone().or_else(|| term.hint.clone()),
                    note: term.note.clone(),
                });
            }
            if term.rendering.is_none() || hit.bytes.start < at {
                continue;
            }
            if hit.bytes.start > at {
                out.push(Piece::Text(
                    t.get(at..hit.bytes.start).unwrap_or("").to_string(),
                ));
            }
            out.push(Piece::Term(hit.tag));
            at = hit.bytes.end;
        }
        if at < t.len() {
            out.push(Piece::Text(t.get(at..).unwrap_or("").to_string()));
        }
    }
    (out, hints)
}

/// Writes the segment text: text escaped, markup as `<x id="N"/>`, terms as `<g id="N">…</g>`
/// with their rendering, ids numbered from 1 in order and recorded in the mask's slots.
fn number_pieces(pieces: Vec<Piece>, terms: Option<&TermSet>, mask: &mut Mask) -> String {
    let mut seg = String::new();
    let mut next_id = 1u32;
    for p in pieces {
        match p {
            Piece::Text(t) => seg.push_str(&escape_text(&t)),
            Piece::Markup(m) => {
                seg.push_str(&format!("<x id=\"{next_id}\"/>"));
                mask.slots.insert(next_id, Slot::Markup(m));
                next_id += 1;
            }
            Piece::Term(i) => {
                let Some(term) = terms.and_then(|s| s.terms.get(i)) else {
                    continue;
                };
                let rendering = term.rendering.clone().unwrap_or_default();
                seg.push_str(&format!(
                    "<g id=\"{next_id}\">{}</g>",
                    escape_text(&rendering)
                ));
                mask.slots.insert(
                    next_id,
                    Slot::Term {
                        rendering,
                        accepted: term.accepted.clone(),
                    },
                );
                next_id += 1;
            }
        }
    }
    seg
}

/// How a character takes part in joining the lines of a cue.
#[derive(Clone, Copy, PartialEq, Eq)]
enum JoinClass {
    /// Han ideographs and kana: Chinese and Japanese write no spaces between words.
    Ideograph,
    /// CJK and full-width punctuation (`，。！？「」…`).
    CjkPunct,
    /// Punctuation both CJK and Western text use (`…` `—` curly quotes): no space only next to
    /// an ideograph or CJK punctuation.
    Shared,
    /// Everything else, Hangul included (Korean separates words with spaces).
    Other,
}

fn join_class(c: char) -> JoinClass {
    match u32::from(c) {
        0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x3FFFF
        | 0x3040..=0x30FF
        | 0x31F0..=0x31FF
        | 0xFF66..=0xFF9F => JoinClass::Ideograph,
        0x3000..=0x303F | 0xFE30..=0xFE4F | 0xFF01..=0xFF65 => JoinClass::CjkPunct,
        0x2014 | 0x2018 | 0x2019 | 0x201C | 0x201D | 0x2026 | 0x00B7 => JoinClass::Shared,
        _ => JoinClass::Other,
    }
}

/// Whether a line break between `prev` and `next` is dropped rather than sent as a space: both
/// sides Chinese/Japanese script or CJK punctuation. So `开春以后，⏎顾师傅` becomes the same
/// segment as `开春以后，顾师傅` (and shares its memory entry).
fn joins_without_space(prev: char, next: char) -> bool {
    use JoinClass::*;
    matches!(
        (join_class(prev), join_class(next)),
        (Ideograph | CjkPunct, Ideograph | CjkPunct)
            | (Shared, Ideograph | CjkPunct)
            | (Ideograph | CjkPunct, Shared)
    )
}

fn flush_text(buf: &mut String, pieces: &mut Vec<Piece>) {
    if !buf.is_empty() {
        pieces.push(Piece::Text(std::mem::take(buf)));
    }
}

/// A cue whose later lines start with a dash holds two speakers: its breaks are kept.
fn is_dialogue(text: &RichText) -> bool {
    let lines = text.lines();
    lines.len() > 1
        && lines
            .iter()
            .skip(1)
            .any(|l| l.trim_start().starts_with(['-', '–', '—', '－']))
}

/// The context form of a cue: its visible text on one line, its lines joined as `mask_text`
/// joins them (no space between Chinese/Japanese script or CJK punctuation, else one space).
pub fn context_line(text: &RichText) -> String {
    let mut out = String::new();
    for line in text.to_plain().split('\n') {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        let joined = match (out.chars().next_back(), line.chars().next()) {
            (Some(prev), Some(next)) => joins_without_space(prev, next),
            _ => true,
        };
        if !joined {
            out.push(' ');
        }
        out.push_str(&line);
    }
    out
}

/// Turns every translatable cue of a track into a segment with its mask. Comment events and cues
/// without visible text are left out (they are written back untouched).
pub fn segment_track(
    track: &Track,
    opts: &SegmentOptions,
    terms: Option<&TermSet>,
) -> Vec<PreparedCue> {
    let visible: Vec<(usize, String)> = track
        .cues
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind() != CueKind::Comment)
        .map(|(i, c)| (i, context_line(&c.text)))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    let mut out = Vec::with_capacity(visible.len());
    for (pos, (cue_index, _)) in visible.iter().enumerate() {
        let Some(cue) = track.cues.get(*cue_index) else {
            continue;
        };
        let Some((text, mask, hints)) = mask_text(&cue.text, terms) else {
            continue;
        };
        let before = visible
            .get(pos.saturating_sub(opts.context_before)..pos)
            .unwrap_or(&[])
            .iter()
            .map(|(_, t)| t.clone())
            .collect();
        let after = visible
            .get(pos + 1..(pos + 1 + opts.context_after).min(visible.len()))
            .unwrap_or(&[])
            .iter()
            .map(|(_, t)| t.clone())
            .collect();
        out.push(PreparedCue {
            cue_index: *cue_index,
            segment: Segment {
                id: format!("{}#{}", opts.episode, cue.id),
                text,
                context: SegmentContext {
                    speaker: cue.speaker().map(str::to_string),
                    before,
                    after,
                    max_chars: opts.max_chars,
                    terms: hints,
                    codes: codes::describe(&mask),
                },
            },
            mask,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cue, Effect, Tag, TagSyntax, Timestamp};

    fn ass(raw: &str) -> Inline {
        Inline::tag(Tag {
            syntax: TagSyntax::Ass,
            raw: raw.into(),
            effects: vec![Effect::Other(raw.into())],
        })
    }

    fn t(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    #[test]
    fn edges_are_kept_aside_and_interior_markup_becomes_placeholders() {
        let rt = RichText::new(vec![
            ass("{\\an8}"),
            ass("{\\i1}"),
            t("你好"),
            ass("{\\b1}"),
            t("世界"),
            ass("{\\i0}"),
        ]);
        let (text, mask, _) = mask_text(&rt, None).unwrap();
        assert_eq!(text, "你好<x id=\"1\"/>世界");
        let back = restore("Hello <x id=\"1\"/>world", &mask).unwrap();
        assert_eq!(
            back,
            RichText::new(vec![
                ass("{\\an8}"),
                ass("{\\i1}"),
                t("Hello "),
                ass("{\\b1}"),
                t("world"),
                ass("{\\i0}"),
            ])
        );
    }

    #[test]
    fn line_breaks_join_but_dialogue_breaks_travel() {
        let rt = RichText::new(vec![t("第一行"), Inline::LineBreak, t("第二行")]);
        let (text, mask, _) = mask_text(&rt, None).unwrap();
        assert_eq!(text, "第一行第二行");
        assert!(mask.joined_breaks);

        let rt = RichText::new(vec![t("- 你好"), Inline::LineBreak, t("- 再见")]);
        let (text, mask, _) = mask_text(&rt, None).unwrap();
        assert_eq!(text, "- 你好<x id=\"1\"/>- 再见");
        assert!(!mask.joined_breaks);
        let back = restore("- Hi<x id=\"1\"/>- Bye", &mask).unwrap();
        assert_eq!(
            back,
            RichText::new(vec![t("- Hi"), Inline::LineBreak, t("- Bye")])
        );
    }

    #[test]
    fn cjk_breaks_join_without_a_space() {
        let seg = |rt: RichText| mask_text(&rt, None).map(|(t, m, _)| (t, m.joined_breaks));
        let broken = RichText::new(vec![t("开春以后，"), Inline::LineBreak, t("顾师傅")]);
        let whole = RichText::new(vec![t("开春以后，顾师傅")]);
        assert_eq!(seg(broken.clone()).unwrap().0, seg(whole).unwrap().0);
        assert!(seg(broken.clone()).unwrap().1, "the fitter re-breaks");
        let cases = [
            (
                vec![t("こんにちは"), Inline::LineBreak, t("世界")],
                "こんにちは世界",
            ),
            (
                vec![t("他说……"), Inline::SoftBreak, t("好吧")],
                "他说……好吧",
            ),
            (
                vec![t("안녕하세요"), Inline::LineBreak, t("여러분")],
                "안녕하세요 여러분",
            ),
            (
                vec![t("Hello"), Inline::LineBreak, t("world")],
                "Hello world",
            ),
            (vec![t("OK"), Inline::LineBreak, t("好的")], "OK 好的"),
            (vec![t("好的"), Inline::LineBreak, t("OK")], "好的 OK"),
            (
                vec![t("Wait…"), Inline::LineBreak, t("what?")],
                "Wait… what?",
            ),
            (
                vec![t("开春"), Inline::LineBreak, ass("{\\b1}"), t("以后")],
                "开春<x id=\"1\"/>以后",
            ),
            (
                vec![t("Hello"), Inline::LineBreak, ass("{\\b1}"), t("world")],
                "Hello <x id=\"1\"/>world",
            ),
            (vec![t("你好"), Inline::HardSpace, t("世界")], "你好 世界"),
        ];
        for (inlines, want) in cases {
            assert_eq!(seg(RichText::new(inlines)).unwrap().0, want);
        }
        // Context lines follow the same rule, so a neighbour reads like the segment it is.
        assert_eq!(context_line(&broken), "开春以后，顾师傅");
        assert_eq!(
            context_line(&RichText::new(vec![
                t("안녕"),
                Inline::LineBreak,
                t("하세요")
            ])),
            "안녕 하세요"
        );
        // The translation restores as usual; the fitter breaks it for the target language.
        let (_, mask, _) = mask_text(&broken, None).unwrap();
        assert_eq!(
            restore("After spring, Master Gu", &mask).unwrap(),
            RichText::new(vec![t("After spring, Master Gu")])
        );
    }

    #[test]
    fn drawings_and_markup_only_cues() {
        let only = RichText::new(vec![ass("{\\p1}"), Inline::Drawing("m 0 0 l 10 10".into())]);
        assert!(mask_text(&only, None).is_none());
        let mixed = RichText::new(vec![
            t("左"),
            ass("{\\p1}"),
            Inline::Drawing("m 0 0 l 1 1".into()),
            ass("{\\p0}"),
            t("右"),
        ]);
        let (text, mask, _) = mask_text(&mixed, None).unwrap();
        assert_eq!(text, "左<x id=\"1\"/>右");
        assert_eq!(restore("L<x id='1' />R", &mask).unwrap().len(), 5);
    }

    #[test]
    fn escaping_round_trips() {
        let rt = RichText::new(vec![t("a < b & c > d")]);
        let (text, mask, _) = mask_text(&rt, None).unwrap();
        assert_eq!(text, "a &lt; b &amp; c &gt; d");
        let back = restore("x &lt; y &amp; z &#62; w & q", &mask).unwrap();
        assert_eq!(back, RichText::new(vec![t("x < y & z > w & q")]));
        assert_eq!(unescape_text("&#x4e2d;&bogus;&"), "中&bogus;&");
    }

    #[test]
    fn terms_are_fixed_and_variants_accepted() {
        let set = TermSet::new(vec![
            TermFix {
                forms: vec!["景泰蓝".into()],
                case_sensitive: false,
                rendering: Some("cloisonné".into()),
                accepted: vec!["cloisonné".into(), "cloisonnés".into()],
                hint: None,
                note: Some("enamel craft".into()),
            },
            TermFix {
                forms: vec!["师傅".into()],
                case_sensitive: false,
                rendering: None,
                accepted: vec![],
                hint: Some("master".into()),
                note: None,
            },
        ]);
        let rt = RichText::new(vec![t("师傅做景泰蓝")]);
        let (text, mask, hints) = mask_text(&rt, Some(&set)).unwrap();
        assert_eq!(text, "师傅做<g id=\"1\">cloisonné</g>");
        assert_eq!(hints.len(), 2);
        assert_eq!(hints[0].target.as_deref(), Some("master"));
        let back = restore("The master makes <g id=\"1\">cloisonnés</g>", &mask).unwrap();
        assert_eq!(back.to_plain(), "The master makes cloisonnés");
        let back = restore("The master makes <g id=\"1\">enamel</g>", &mask).unwrap();
        assert_eq!(back.to_plain(), "The master makes cloisonné");
        assert_eq!(
            restore("The master makes enamel", &mask),
            Err(RestoreError::Missing { id: 1 })
        );
    }

    #[test]
    fn track_segments_have_ids_context_and_skip_comments() {
        let mut track = Track::default();
        let texts = ["一", "二", "三", "四"];
        for (i, s) in texts.iter().enumerate() {
            let mut c = Cue::new(
                i as u32 + 1,
                Timestamp(i as i64 * 1000),
                Timestamp(i as i64 * 1000 + 900),
                RichText::plain(s),
            );
            if i == 1 {
                c.meta_mut().kind = CueKind::Comment;
            }
            if i == 3 {
                c.meta_mut().speaker = Some("林".into());
            }
            track.cues.push(c);
        }
        let segs = segment_track(&track, &SegmentOptions::new("ep01"), None);
        let ids: Vec<&str> = segs.iter().map(|p| p.segment.id.as_str()).collect();
        assert_eq!(ids, ["ep01#1", "ep01#3", "ep01#4"]);
        let last = &segs[2].segment;
        assert_eq!(last.context.before, ["一", "三"]);
        assert!(last.context.after.is_empty());
        assert_eq!(last.context.speaker.as_deref(), Some("林"));
        assert_eq!(segs[0].segment.context.after, ["三"]);
        assert_eq!(segs[1].cue_index, 2);
    }

    fn merged(inlines: Vec<Inline>) -> RichText {
        let mut out: Vec<Inline> = Vec::new();
        for i in inlines {
            match (out.last_mut(), i) {
                (Some(Inline::Text(prev)), Inline::Text(t)) => prev.to_mut().push_str(&t),
                (_, i) => out.push(i),
            }
        }
        RichText::new(out)
    }

    proptest::proptest! {
        #[test]
        fn untranslated_text_restores_to_the_original(
            parts in proptest::collection::vec(0usize..7, 0..12)
        ) {
            let pieces = [
                t("你好"),
                t("a<b&c>"),
                t("x"),
                ass("{\\i1}"),
                ass("{\\c&H0000FF&}"),
                Inline::Drawing("m 0 0 l 5 5".into()),
                Inline::tag(Tag { syntax: TagSyntax::Html, raw: "<i>".into(), effects: vec![] }),
            ];
            let rt = RichText::new(parts.iter().filter_map(|&i| pieces.get(i).cloned()).collect());
            match mask_text(&rt, None) {
                None => proptest::prop_assert!(rt.is_empty_text()),
                Some((text, mask, _)) => {
                    proptest::prop_assert!(check_placeholders(&text, &text).is_ok());
                    proptest::prop_assert_eq!(restore(&text, &mask).unwrap(), merged(rt.inlines().to_vec()));
                }
            }
        }
    }
}
