//! Edits the delivery makes to a track beyond fitting: italics removed for platforms that forbid
//! them for a language, and a copy without bidi controls for matching glossary terms.

use crate::model::{Effect, Inline, TagSyntax, Track};

/// Removes italics, for a platform whose rules for the language forbid them (Netflix Arabic,
/// Chinese, Thai…): italic styles become upright, italic switches leave their tags, and a tag
/// that did nothing else disappears. Returns how many cues changed.
pub fn strip_italics(track: &mut Track) -> usize {
    for style in &mut track.styles {
        for (k, v) in &mut style.fields {
            if k.eq_ignore_ascii_case("Italic") && v.trim() != "0" {
                *v = "0".to_string();
            }
        }
    }
    let mut changed = 0;
    for cue in &mut track.cues {
        let before = cue.text.0.len();
        let mut touched = false;
        cue.text.0.retain_mut(|inline| {
            let Inline::Tag(tag) = inline else {
                return true;
            };
            // Tags are shared between cues: unshare only the ones this edits.
            if !tag.effects.iter().any(|e| matches!(e, Effect::Italic(_))) {
                return true;
            }
            let tag = std::sync::Arc::make_mut(tag);
            let n = tag.effects.len();
            tag.effects.retain(|e| !matches!(e, Effect::Italic(_)));
            if tag.effects.len() == n {
                return true;
            }
            touched = true;
            if tag.effects.is_empty() {
                return false;
            }
            if tag.syntax == TagSyntax::Ass {
                tag.raw = strip_ass_italic(&tag.raw);
            }
            true
        });
        if touched || cue.text.0.len() != before {
            changed += 1;
        }
    }
    changed
}

/// `{\i1\an8}` → `{\an8}`; `\iclip` and other tags starting with `i` are kept.
fn strip_ass_italic(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(pos) = rest.find("\\i") {
        let (head, tail) = rest.split_at(pos);
        out.push_str(head);
        let after = tail.get(2..).unwrap_or("");
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        let next = after.get(digits..).and_then(|s| s.chars().next());
        if next.is_some_and(char::is_alphabetic) {
            out.push_str("\\i");
            rest = after;
        } else {
            rest = after.get(digits..).unwrap_or("");
        }
    }
    out.push_str(rest);
    out
}

/// A copy of `track` without bidi control characters (LRM, RLM, ALM, embeddings, isolates).
pub fn without_bidi_controls(track: &Track) -> Track {
    let is_control = |c: char| matches!(c, '\u{200e}' | '\u{200f}' | '\u{61c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    let mut out = track.clone();
    for cue in &mut out.cues {
        for inline in &mut cue.text.0 {
            if let Inline::Text(t) = inline
                && t.contains(is_control)
            {
                t.retain(|c| !is_control(c));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::test_support::track_of_lines as track;
    use crate::model::RichText;

    #[test]
    fn italics_leave_styles_and_tags() {
        use crate::model::{Style, Tag};
        let mut t = track(&["a"]);
        t.styles.push(Style {
            name: "Flashback".into(),
            fields: vec![
                ("Name".into(), "Flashback".into()),
                ("Italic".into(), "-1".into()),
            ],
        });
        let tag = |raw: &str, effects: Vec<Effect>| {
            Inline::tag(Tag {
                syntax: TagSyntax::Ass,
                raw: raw.into(),
                effects,
            })
        };
        t.cues[0].text = RichText(vec![
            tag(
                "{\\i1\\an8}",
                vec![Effect::Italic(true), Effect::Alignment(8)],
            ),
            Inline::Text("a".into()),
            tag("{\\i0}", vec![Effect::Italic(false)]),
        ]);
        assert_eq!(strip_italics(&mut t), 1);
        assert_eq!(t.styles[0].field("Italic"), Some("0"));
        assert_eq!(
            t.cues[0].text.0,
            vec![
                tag("{\\an8}", vec![Effect::Alignment(8)]),
                Inline::Text("a".into())
            ]
        );
        assert_eq!(
            strip_ass_italic("{\\i1\\iclip(1,2,3,4)}"),
            "{\\iclip(1,2,3,4)}"
        );
        assert_eq!(strip_italics(&mut t), 0, "idempotent");
    }
}
