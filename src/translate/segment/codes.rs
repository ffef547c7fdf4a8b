//! What each `<x id="N"/>` placeholder of a segment stands for, in the terms interchange formats
//! use for inline codes: a code that opens a span of formatting, the code that closes it, or a
//! standalone code; the markup it replaces; whether it is bold, italic, underline or a line break.
//!
//! The segment text itself carries only `<x/>` (every backend keeps it, and the memory key is
//! built from it). XLIFF needs more: a translator's tool shows `<i>word</i>` as a pair it can
//! move as one, and the import must refuse a target that closes a span before opening it or
//! crosses two spans (the restored markup would be malformed: `<i><b></i></b>` in SRT). The
//! pairing is decided here from the markup's effects (`model::Effect`): a placeholder whose tags
//! only switch effects on, later matched (innermost first) by one whose tags switch exactly those
//! effects off, is a pair; everything else is standalone.

use std::collections::BTreeSet;

use super::{Mask, Slot};
use crate::model::{Effect, Inline};

/// The role of one markup placeholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeRole {
    /// Opens a span closed by placeholder `close`.
    Open { close: u32 },
    /// Closes the span opened by placeholder `open`.
    Close { open: u32 },
    /// Stands alone (a colour change, a dialogue line break, an opaque override block).
    Standalone,
}

/// What kind of formatting a code is, where interchange formats have a name for it (XLIFF 2
/// `subType` values `xlf:b`, `xlf:i`, `xlf:u`, `xlf:lb`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    Bold,
    Italic,
    Underline,
    LineBreak,
    Other,
}

/// One markup placeholder of a segment, described for interchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeInfo {
    /// The placeholder id (`<x id="N"/>`).
    pub id: u32,
    pub role: CodeRole,
    pub kind: CodeKind,
    /// The markup it stands for, as written in the source file (`<i>`, `{\i1}`, a line break).
    pub data: String,
}

/// An effect a tag switches: which one, and whether on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Switch {
    Italic,
    Bold,
    Underline,
    Strike,
    Color,
    Voice,
    Class,
}

fn switch(e: &Effect) -> Option<(Switch, bool)> {
    Some(match e {
        Effect::Italic(on) => (Switch::Italic, *on),
        Effect::Bold(on) => (Switch::Bold, *on),
        Effect::Underline(on) => (Switch::Underline, *on),
        Effect::Strike(on) => (Switch::Strike, *on),
        Effect::Color(c) => (Switch::Color, c.is_some()),
        Effect::Voice(v) => (Switch::Voice, v.is_some()),
        Effect::Class(c) => (Switch::Class, c.is_some()),
        _ => return None,
    })
}

/// Whether a markup piece only switches effects on (`Some((set, true))`), only off
/// (`Some((set, false))`), or is anything else (`None`).
fn direction(inlines: &[Inline]) -> Option<(BTreeSet<Switch>, bool)> {
    let mut set = BTreeSet::new();
    let mut dir = None;
    for i in inlines {
        let Inline::Tag(tag) = i else { return None };
        if tag.effects.is_empty() {
            return None;
        }
        for e in &tag.effects {
            let (s, on) = switch(e)?;
            if *dir.get_or_insert(on) != on {
                return None;
            }
            set.insert(s);
        }
    }
    dir.map(|d| (set, d))
}

fn kind_of(inlines: &[Inline], set: Option<&BTreeSet<Switch>>) -> CodeKind {
    if let [Inline::LineBreak | Inline::SoftBreak] = inlines {
        return CodeKind::LineBreak;
    }
    match set
        .map(|s| s.iter().copied().collect::<Vec<_>>())
        .as_deref()
    {
        Some([Switch::Bold]) => CodeKind::Bold,
        Some([Switch::Italic]) => CodeKind::Italic,
        Some([Switch::Underline]) => CodeKind::Underline,
        _ => CodeKind::Other,
    }
}

fn data_of(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Tag(t) => out.push_str(&t.raw),
            Inline::LineBreak => out.push('\n'),
            Inline::SoftBreak => out.push_str("\\n"),
            Inline::HardSpace => out.push_str("\\h"),
            Inline::Drawing(d) => out.push_str(d),
            Inline::Text(t) => out.push_str(t),
        }
    }
    out
}

/// The markup placeholders of a masked segment, in id (= text) order, paired where their
/// effects open and close the same span.
pub(super) fn describe(mask: &Mask) -> Vec<CodeInfo> {
    let mut ids: Vec<u32> = mask
        .slots
        .iter()
        .filter(|(_, s)| matches!(s, Slot::Markup(_)))
        .map(|(id, _)| *id)
        .collect();
    ids.sort_unstable();
    let mut out: Vec<CodeInfo> = Vec::with_capacity(ids.len());
    // Open spans, innermost last: (index in `out`, effects).
    let mut open: Vec<(usize, BTreeSet<Switch>)> = Vec::new();
    for id in ids {
        let Some(Slot::Markup(inlines)) = mask.slots.get(&id) else {
            continue;
        };
        let dir = direction(inlines);
        let mut role = CodeRole::Standalone;
        match &dir {
            Some((set, true)) => open.push((out.len(), set.clone())),
            Some((set, false)) => {
                if let Some((at, _)) = open.last().filter(|(_, s)| s == set)
                    && let Some(opener) = out.get_mut(*at)
                {
                    opener.role = CodeRole::Open { close: id };
                    role = CodeRole::Close { open: opener.id };
                    open.pop();
                }
            }
            None => {}
        }
        out.push(CodeInfo {
            id,
            role,
            kind: kind_of(inlines, dir.as_ref().map(|(s, _)| s)),
            data: data_of(inlines),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RichText, Tag, TagSyntax};
    use crate::translate::segment::mask_text;

    fn html(raw: &str, effects: Vec<Effect>) -> Inline {
        Inline::tag(Tag {
            syntax: TagSyntax::Html,
            raw: raw.into(),
            effects,
        })
    }

    fn t(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    #[test]
    fn spans_pair_innermost_first_and_the_rest_stands_alone() {
        let rt = RichText::new(vec![
            t("a "),
            html("<i>", vec![Effect::Italic(true)]),
            t("b "),
            html("<b>", vec![Effect::Bold(true)]),
            t("c"),
            html("</b>", vec![Effect::Bold(false)]),
            t(" d"),
            html("</i>", vec![Effect::Italic(false)]),
            t(" e "),
            html("<font face=\"x\">", vec![Effect::Other("font".into())]),
            t("f "),
            html("</u>", vec![Effect::Underline(false)]),
            t("g"),
        ]);
        let (text, mask, _) = mask_text(&rt, None).unwrap();
        assert_eq!(
            text,
            "a <x id=\"1\"/>b <x id=\"2\"/>c<x id=\"3\"/> d<x id=\"4\"/> e <x id=\"5\"/>f <x id=\"6\"/>g"
        );
        let roles: Vec<(u32, CodeRole, CodeKind)> = describe(&mask)
            .iter()
            .map(|c| (c.id, c.role, c.kind))
            .collect();
        assert_eq!(
            roles,
            vec![
                (1, CodeRole::Open { close: 4 }, CodeKind::Italic),
                (2, CodeRole::Open { close: 3 }, CodeKind::Bold),
                (3, CodeRole::Close { open: 2 }, CodeKind::Bold),
                (4, CodeRole::Close { open: 1 }, CodeKind::Italic),
                (5, CodeRole::Standalone, CodeKind::Other),
                // A close with nothing open stays standalone.
                (6, CodeRole::Standalone, CodeKind::Underline),
            ]
        );
        assert_eq!(describe(&mask)[0].data, "<i>");
    }

    #[test]
    fn a_close_that_does_not_match_the_innermost_span_stands_alone() {
        // Crossed in the source (`<i>a<b>b</i>c</b>`): only the bold span pairs.
        let rt = RichText::new(vec![
            t("x"),
            html("<i>", vec![Effect::Italic(true)]),
            t("a"),
            html("<b>", vec![Effect::Bold(true)]),
            t("b"),
            html("</i>", vec![Effect::Italic(false)]),
            t("c"),
            html("</b>", vec![Effect::Bold(false)]),
            t("y"),
        ]);
        let (_, mask, _) = mask_text(&rt, None).unwrap();
        let roles: Vec<CodeRole> = describe(&mask).iter().map(|c| c.role).collect();
        assert_eq!(
            roles,
            vec![
                CodeRole::Standalone,
                CodeRole::Open { close: 4 },
                CodeRole::Standalone,
                CodeRole::Close { open: 2 },
            ]
        );
    }
}
