//! Edits on a cue's visible text that keep its markup where it belongs.
//!
//! Every fitting step (joining and re-breaking lines, punctuation, directional marks) is planned
//! on the plain text (`RichText::to_plain`) as a list of byte-range replacements, then applied
//! either to that string or to the rich text. On rich text the plain characters are mapped back
//! to the inlines they came from, so a tag stays next to the word it was next to: only the
//! characters inside an edit's range are replaced, and tags found between the kept characters
//! around it are kept, with the inserted text placed among them as the edit's `Place` says
//! (closing tags stay with the word before a new line break, opening tags go with the word after).

use std::ops::Range;

use crate::model::{Effect, Inline, RichText, TagSyntax};

/// Where inserted text goes among the tags that sit between the kept characters around an edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// A line break or a joining space: after the last closing tag, before any opening one.
    Break,
    /// Directly after the previous kept character (before every tag).
    AfterPrev,
    /// Directly before the next kept character (after every tag).
    BeforeNext,
}

/// Replace the plain-text bytes `range` with `insert` (`\n` becomes a line break).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Edit {
    pub range: Range<usize>,
    pub insert: String,
    pub place: Place,
}

impl Edit {
    pub fn new(range: Range<usize>, insert: &str, place: Place) -> Self {
        Edit {
            range,
            insert: insert.to_string(),
            place,
        }
    }
}

/// Sorts edits by position and drops any that overlap an earlier one (planning bugs must not
/// turn into corrupted text).
fn normalized(edits: &[Edit], len: usize) -> Vec<&Edit> {
    let mut sorted: Vec<&Edit> = edits
        .iter()
        .filter(|e| e.range.start <= e.range.end && e.range.end <= len)
        .collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out: Vec<&Edit> = Vec::with_capacity(sorted.len());
    let mut end = 0usize;
    for e in sorted {
        if e.range.start < end {
            continue;
        }
        end = e.range.end;
        out.push(e);
    }
    out
}

/// Applies edits to a plain string. Ranges that do not fall on character boundaries are skipped.
pub(crate) fn apply_str(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut at = 0usize;
    for e in normalized(edits, text.len()) {
        let (Some(keep), true) = (
            text.get(at..e.range.start),
            text.is_char_boundary(e.range.end),
        ) else {
            continue;
        };
        out.push_str(keep);
        out.push_str(&e.insert);
        at = e.range.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

/// One unit of rich text: a visible character or an inline that has no plain text.
#[derive(Debug, Clone, PartialEq)]
enum Atom {
    Ch(char),
    Line,
    Soft,
    Hard,
    Other(Inline),
}

impl Atom {
    fn plain_len(&self) -> usize {
        match self {
            Atom::Ch(c) => c.len_utf8(),
            Atom::Line | Atom::Soft => 1,
            Atom::Hard => '\u{a0}'.len_utf8(),
            Atom::Other(_) => 0,
        }
    }

    fn is_char(&self) -> bool {
        !matches!(self, Atom::Other(_))
    }

    /// A tag that ends a span (`</i>`, `{\i0}`), which belongs with the text before it.
    fn is_closing(&self) -> bool {
        let Atom::Other(Inline::Tag(tag)) = self else {
            return false;
        };
        if tag.syntax == TagSyntax::Html && tag.raw.starts_with("</") {
            return true;
        }
        !tag.effects.is_empty()
            && tag.effects.iter().all(|e| {
                matches!(
                    e,
                    Effect::Italic(false)
                        | Effect::Bold(false)
                        | Effect::Underline(false)
                        | Effect::Strike(false)
                        | Effect::Color(None)
                        | Effect::Voice(None)
                        | Effect::Class(None)
                )
            })
    }
}

fn atoms_of(text: &RichText) -> Vec<Atom> {
    let mut out = Vec::new();
    for inline in text.iter() {
        let inline = &*inline;
        match inline {
            Inline::Text(t) => out.extend(t.chars().map(Atom::Ch)),
            Inline::LineBreak => out.push(Atom::Line),
            Inline::SoftBreak => out.push(Atom::Soft),
            Inline::HardSpace => out.push(Atom::Hard),
            other => out.push(Atom::Other(other.clone())),
        }
    }
    out
}

fn rich_of(atoms: Vec<Atom>) -> RichText {
    let mut out: Vec<Inline> = Vec::new();
    let mut run = String::new();
    for a in atoms {
        match a {
            Atom::Ch(c) => {
                run.push(c);
                continue;
            }
            _ if !run.is_empty() => out.push(Inline::Text(std::mem::take(&mut run).into())),
            _ => {}
        }
        out.push(match a {
            Atom::Line => Inline::LineBreak,
            Atom::Soft => Inline::SoftBreak,
            Atom::Hard => Inline::HardSpace,
            Atom::Other(i) => i,
            Atom::Ch(_) => continue,
        });
    }
    if !run.is_empty() {
        out.push(Inline::Text(run.into()));
    }
    RichText::new(out)
}

fn inserted_atoms(s: &str) -> impl Iterator<Item = Atom> + '_ {
    s.chars()
        .map(|c| if c == '\n' { Atom::Line } else { Atom::Ch(c) })
}

/// Applies edits planned on `text.to_plain()` to the rich text itself.
pub(crate) fn apply_rich(text: &RichText, edits: &[Edit]) -> RichText {
    if edits.is_empty() {
        return text.clone();
    }
    let atoms = atoms_of(text);
    let mut starts = Vec::with_capacity(atoms.len());
    let mut off = 0usize;
    for a in &atoms {
        starts.push(off);
        off += a.plain_len();
    }
    let total = off;
    let mut out: Vec<Atom> = Vec::with_capacity(atoms.len() + edits.len());
    let mut cursor = 0usize;
    for e in normalized(edits, total) {
        // The region runs from just after the last kept character before the range to the
        // first kept character after it; every character inside it lies in the range.
        let mut a0 = cursor;
        let mut i = cursor;
        while i < atoms.len() && starts.get(i).is_some_and(|&s| s < e.range.start) {
            if atoms.get(i).is_some_and(Atom::is_char) {
                a0 = i + 1;
            }
            i += 1;
        }
        let mut a1 = a0;
        while let Some(a) = atoms.get(a1) {
            if a.is_char() && starts.get(a1).is_some_and(|&s| s >= e.range.end) {
                break;
            }
            a1 += 1;
        }
        out.extend(atoms.get(cursor..a0).unwrap_or(&[]).iter().cloned());
        let kept: Vec<&Atom> = atoms
            .get(a0..a1)
            .unwrap_or(&[])
            .iter()
            .filter(|a| !a.is_char())
            .collect();
        let at = match e.place {
            Place::AfterPrev => 0,
            Place::BeforeNext => kept.len(),
            Place::Break => kept
                .iter()
                .rposition(|a| a.is_closing())
                .map_or(0, |p| p + 1),
        };
        for (k, a) in kept.iter().enumerate() {
            if k == at {
                out.extend(inserted_atoms(&e.insert));
            }
            out.push((*a).clone());
        }
        if at >= kept.len() {
            out.extend(inserted_atoms(&e.insert));
        }
        cursor = a1;
    }
    out.extend(atoms.get(cursor..).unwrap_or(&[]).iter().cloned());
    rich_of(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Tag;

    fn tag(raw: &str, e: Effect) -> Inline {
        Inline::tag(Tag {
            syntax: TagSyntax::Html,
            raw: raw.into(),
            effects: vec![e],
        })
    }

    #[test]
    fn plain_edits() {
        let e = vec![
            Edit::new(5..6, "\n", Place::Break),
            Edit::new(0..0, "\u{200f}", Place::BeforeNext),
        ];
        assert_eq!(apply_str("Hello world", &e), "\u{200f}Hello\nworld");
        // Overlapping and out-of-range edits are ignored rather than corrupting the text.
        let e = vec![
            Edit::new(0..3, "x", Place::Break),
            Edit::new(2..4, "y", Place::Break),
            Edit::new(9..20, "z", Place::Break),
        ];
        assert_eq!(apply_str("abcdef", &e), "xdef");
    }

    #[test]
    fn breaks_keep_tags_with_their_words() {
        // "Hello <i>world</i>": the break goes before the opening tag.
        let t = RichText::new(vec![
            Inline::Text("Hello ".into()),
            tag("<i>", Effect::Italic(true)),
            Inline::Text("world".into()),
            tag("</i>", Effect::Italic(false)),
        ]);
        let r = apply_rich(&t, &[Edit::new(5..6, "\n", Place::Break)]);
        assert_eq!(
            r.inlines().to_vec(),
            vec![
                Inline::Text("Hello".into()),
                Inline::LineBreak,
                tag("<i>", Effect::Italic(true)),
                Inline::Text("world".into()),
                tag("</i>", Effect::Italic(false)),
            ]
        );
        // "<i>Hello </i>world": the closing tag stays on the first line.
        let t = RichText::new(vec![
            tag("<i>", Effect::Italic(true)),
            Inline::Text("Hello ".into()),
            tag("</i>", Effect::Italic(false)),
            Inline::Text("world".into()),
        ]);
        let r = apply_rich(&t, &[Edit::new(5..6, "\n", Place::Break)]);
        assert_eq!(
            r.inlines().to_vec(),
            vec![
                tag("<i>", Effect::Italic(true)),
                Inline::Text("Hello".into()),
                tag("</i>", Effect::Italic(false)),
                Inline::LineBreak,
                Inline::Text("world".into()),
            ]
        );
        assert_eq!(r.to_plain(), "Hello\nworld");
    }

    #[test]
    fn joins_and_marks_in_rich_text() {
        // An old line break becomes a space; marks go inside the tags at the line ends.
        let t = RichText::new(vec![
            tag("<i>", Effect::Italic(true)),
            Inline::Text("a".into()),
            Inline::LineBreak,
            Inline::Text("b.".into()),
            tag("</i>", Effect::Italic(false)),
        ]);
        let r = apply_rich(
            &t,
            &[
                Edit::new(0..0, "\u{200f}", Place::BeforeNext),
                Edit::new(1..2, " ", Place::Break),
                Edit::new(4..4, "\u{200f}", Place::AfterPrev),
            ],
        );
        assert_eq!(
            r.inlines().to_vec(),
            vec![
                tag("<i>", Effect::Italic(true)),
                Inline::Text("\u{200f}a b.\u{200f}".into()),
                tag("</i>", Effect::Italic(false)),
            ]
        );
        // Soft breaks and hard spaces keep their kind when untouched.
        let t = RichText::new(vec![
            Inline::Text("a".into()),
            Inline::SoftBreak,
            Inline::Text("b".into()),
            Inline::HardSpace,
            Inline::Text("c d".into()),
        ]);
        let r = apply_rich(&t, &[Edit::new(6..7, "\n", Place::Break)]);
        assert_eq!(
            r.inlines().to_vec(),
            vec![
                Inline::Text("a".into()),
                Inline::SoftBreak,
                Inline::Text("b".into()),
                Inline::HardSpace,
                Inline::Text("c".into()),
                Inline::LineBreak,
                Inline::Text("d".into()),
            ]
        );
    }
}
