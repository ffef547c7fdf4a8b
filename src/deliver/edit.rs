//! Edits the delivery makes to a track beyond fitting: italics removed for platforms that forbid
//! them for a language, letter spacing removed from joining scripts (which renderers break), and
//! a copy without bidi controls for matching glossary terms.

use crate::model::{Effect, Inline, TagSyntax, Track};

/// Removes italics, for a platform whose rules for the language forbid them (Netflix Arabic,
/// Chinese, Thai…): italic styles become upright, italic switches leave their tags, and a tag
/// that did nothing else disappears. Returns how many cues changed.
pub fn strip_italics(track: &mut Track) -> usize {
    set_style_field(track, "Italic", "0");
    strip_tag_effects(track, |e| matches!(e, Effect::Italic(_)), strip_ass_italic)
}

/// Removes letter spacing from a track whose text is in a joining script (the Arabic script:
/// Persian, Arabic, Urdu…). libass and VSFilter draw letter-spaced Arabic-script text as
/// separate, unjoined letters in reverse order (libass issues 626 and 697,
/// https://github.com/libass/libass/issues/626; `docs/vertical.md`, "Rendering"), so a Persian
/// translation of a source whose title style was spaced comes out unreadable. Every style's
/// `Spacing` becomes 0 and `\fsp` overrides leave their tags. A track without Arabic-script
/// letters is left alone. Returns how many styles and cues changed.
pub fn unspace_joining_script(track: &mut Track) -> usize {
    let joins = track.cues.iter().any(|c| {
        c.text
            .texts()
            .any(|t| t.chars().any(crate::platform::bidi::is_arabic_letter))
    });
    if !joins {
        return 0;
    }
    let styles = set_style_field(track, "Spacing", "0");
    styles
        + strip_tag_effects(
            track,
            |e| matches!(e, Effect::Other(name) if name == "fsp"),
            strip_ass_fsp,
        )
}

/// Sets a style field (ASS `Italic`, `Spacing`) wherever it differs numerically from `value`.
/// Returns how many styles changed.
fn set_style_field(track: &mut Track, field: &str, value: &str) -> usize {
    let mut changed = 0;
    for style in &mut track.styles {
        for (k, v) in &mut style.fields {
            let same = v.trim().parse::<f64>().ok() == value.parse::<f64>().ok();
            if k.eq_ignore_ascii_case(field) && !same {
                *v = value.to_string();
                changed += 1;
            }
        }
    }
    changed
}

/// Removes the effects `is_target` picks from every override tag; an ASS tag's text loses them
/// through `strip_raw`, and a tag that did nothing else disappears. Returns how many cues
/// changed.
fn strip_tag_effects(
    track: &mut Track,
    is_target: impl Fn(&Effect) -> bool,
    strip_raw: impl Fn(&str) -> String,
) -> usize {
    let mut changed = 0;
    for cue in &mut track.cues {
        // Only cues with a tag to strip are opened for editing (`RichText::inlines_mut`).
        if !cue.text.tags().any(|t| t.effects.iter().any(&is_target)) {
            continue;
        }
        let before = cue.text.len();
        let mut touched = false;
        cue.text.inlines_mut().retain_mut(|inline| {
            let Inline::Tag(tag) = inline else {
                return true;
            };
            // Tags are shared between cues: unshare only the ones this edits.
            if !tag.effects.iter().any(&is_target) {
                return true;
            }
            let tag = std::sync::Arc::make_mut(tag);
            let n = tag.effects.len();
            tag.effects.retain(|e| !is_target(e));
            if tag.effects.len() == n {
                return true;
            }
            touched = true;
            if tag.effects.is_empty() {
                return false;
            }
            if tag.syntax == TagSyntax::Ass {
                tag.raw = strip_raw(&tag.raw);
            }
            true
        });
        if touched || cue.text.len() != before {
            changed += 1;
        }
    }
    changed
}

/// `{\fsp3\b1}` → `{\b1}`: a letter-spacing override and its value removed.
fn strip_ass_fsp(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(pos) = rest.find("\\fsp") {
        let (head, tail) = rest.split_at(pos);
        out.push_str(head);
        let after = tail.get(4..).unwrap_or("");
        let value = after
            .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | ' ')))
            .unwrap_or(after.len());
        rest = after.get(value..).unwrap_or("");
    }
    out.push_str(rest);
    out
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
        let has_control = cue
            .text
            .iter()
            .any(|i| matches!(&*i, Inline::Text(t) if t.contains(is_control)));
        if !has_control {
            continue;
        }
        for inline in cue.text.inlines_mut() {
            if let Inline::Text(t) = inline
                && t.contains(is_control)
            {
                t.to_mut().retain(|c| !is_control(c));
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
        t.cues[0].text = RichText::new(vec![
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
            t.cues[0].text.inlines().to_vec(),
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

    /// Edits open only the cues they change: the others stay one shared range of lines
    /// (`RichText`'s lines form) and are still copied byte for byte by the writer.
    #[test]
    fn edits_leave_plain_cues_as_read() {
        let src = "1\n00:00:01,000 --> 00:00:02,000\nکارگاه\nمینا\n\n\
                   2\n00:00:03,000 --> 00:00:04,000\n<i>\u{200f}شهر</i>\n\n\
                   3\n00:00:05,000 --> 00:00:06,000\n\u{200f}نقش\n";
        let mut t = crate::format::read_bytes(
            src.as_bytes().to_vec(),
            None,
            &crate::format::ReadOptions {
                format: Some(crate::model::Format::Srt),
                ..Default::default()
            },
        )
        .unwrap()
        .track;
        let forms =
            |t: &Track| -> Vec<bool> { t.cues.iter().map(|c| c.text.is_lines_form()).collect() };
        assert_eq!(forms(&t), [true, false, true]);
        assert_eq!(strip_italics(&mut t), 1);
        assert_eq!(unspace_joining_script(&mut t), 0);
        let clean = without_bidi_controls(&t);
        // Cue 3 held a control and was opened; cue 1 was left alone.
        assert_eq!(forms(&clean), [true, false, false]);
        assert!(clean.cues[0].is_pristine());
        assert_eq!(clean.cues[1].text.to_plain(), "شهر");
        assert_eq!(clean.cues[2].text.to_plain(), "نقش");
        let (out, _) = crate::format::write(&clean, crate::model::Format::Srt);
        assert!(
            out.starts_with("1\n00:00:01,000 --> 00:00:02,000\nکارگاه\nمینا\n\n2\n"),
            "{out}"
        );
    }

    #[test]
    fn joining_scripts_lose_letter_spacing_others_keep_it() {
        use crate::model::{Style, Tag};
        let spaced = |lines: &[&str]| {
            let mut t = track(lines);
            t.styles.push(Style {
                name: "Title".into(),
                fields: vec![
                    ("Name".into(), "Title".into()),
                    ("Spacing".into(), "2.5".into()),
                ],
            });
            t.cues[0].text = RichText::new(vec![
                Inline::tag(Tag {
                    syntax: TagSyntax::Ass,
                    raw: "{\\fsp3\\b1}".into(),
                    effects: vec![Effect::Other("fsp".into()), Effect::Bold(true)],
                }),
                Inline::Text(lines[0].into()),
                Inline::tag(Tag {
                    syntax: TagSyntax::Ass,
                    raw: "{\\fsp-1.5}".into(),
                    effects: vec![Effect::Other("fsp".into())],
                }),
            ]);
            t
        };
        let mut fa = spaced(&["کارگاه مینای شهر"]);
        assert_eq!(unspace_joining_script(&mut fa), 2, "one style, one cue");
        assert_eq!(fa.styles[0].field("Spacing"), Some("0"));
        assert_eq!(
            fa.cues[0].text.inlines().to_vec(),
            vec![
                Inline::tag(Tag {
                    syntax: TagSyntax::Ass,
                    raw: "{\\b1}".into(),
                    effects: vec![Effect::Bold(true)],
                }),
                Inline::Text("کارگاه مینای شهر".into()),
            ]
        );
        assert_eq!(unspace_joining_script(&mut fa), 0, "idempotent");
        let mut en = spaced(&["The enamel workshop"]);
        let before = en.clone();
        assert_eq!(unspace_joining_script(&mut en), 0);
        assert_eq!(en.styles, before.styles, "Latin keeps its spacing");
        assert_eq!(en.cues[0].text, before.cues[0].text);
        assert_eq!(strip_ass_fsp("{\\an8\\fsp10\\fscx90}"), "{\\an8\\fscx90}");
    }
}
