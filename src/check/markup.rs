//! Markup rules: HTML-like tags opened and never closed (or closed and never opened) within a cue,
//! markup no reader understands, and italics where the language forbids them.
//!
//! Balance is only checked for HTML-like tags (SRT, WebVTT): an ASS `{\i1}` that is never reset
//! simply lasts to the end of the event, which is normal ASS. WebVTT's `<v>` may stay open (the
//! cue end closes it). Unknown markup is what the readers kept as text because it looked like a
//! tag but is none (`<Sigh>`, `<font size=3>`, a `{\an8}` in WebVTT, where players would hide or
//! show it inconsistently), and ASS override tags no renderer knows (`\xyz`).

use super::{FindingCue, Sink, args};
use crate::diag::rules;
use crate::model::{Cue, Effect, Format, InlineRef, TagSyntax, Track};
use crate::platform::limits::Limits;

pub(super) struct MarkupRules<'a> {
    limits: &'a Limits,
    italics_forbidden: bool,
    /// Names of ASS styles that set italics.
    italic_styles: Vec<&'a str>,
    /// Whether `{\…}` in a text run is markup that went unparsed (formats without ASS blocks).
    braces_are_text: bool,
    unknown: bool,
    unbalanced: bool,
}

impl<'a> MarkupRules<'a> {
    pub fn new(track: &'a Track, limits: &'a Limits, sink: &Sink) -> Self {
        let italics_forbidden =
            limits.italics.copied() == Some(false) && sink.on(rules::ITALICS_FORBIDDEN);
        let italic_styles = if italics_forbidden {
            track
                .styles
                .iter()
                .filter(|s| {
                    s.field("Italic")
                        .is_some_and(|v| matches!(v.trim(), "-1" | "1"))
                })
                .map(|s| s.name.as_str())
                .collect()
        } else {
            Vec::new()
        };
        MarkupRules {
            limits,
            italics_forbidden,
            italic_styles,
            braces_are_text: track.format == Some(Format::Vtt),
            unknown: sink.on(rules::MARKUP_UNKNOWN),
            unbalanced: sink.on(rules::MARKUP_UNBALANCED),
        }
    }

    pub fn check(&self, cue: &Cue, at: FindingCue, sink: &mut Sink) {
        let mut has_tags = false;
        let mut italic = false;
        let tag_like = |t: &str| {
            t.as_bytes().contains(&b'<') || (self.braces_are_text && t.as_bytes().contains(&b'{'))
        };
        // A text without tags (most, kept as plain lines) only needs its words looked at.
        let walk =
            cue.text.tags().next().is_some() || (self.unknown && cue.text.texts().any(tag_like));
        let inlines = walk.then(|| cue.text.refs()).into_iter().flatten();
        for inline in inlines {
            match inline {
                InlineRef::Tag(tag) => {
                    has_tags = true;
                    italic |= tag.effects.contains(&Effect::Italic(true));
                    if self.unknown
                        && tag.syntax == TagSyntax::Ass
                        && let Some(name) = unknown_ass_tag(&tag.raw)
                    {
                        sink.emit(
                            rules::MARKUP_UNKNOWN,
                            None,
                            at,
                            args![("tag", name.to_string()), ("markup", tag.raw.clone())],
                        );
                    }
                }
                InlineRef::Text(t) if self.unknown && tag_like(t) => {
                    for raw in tag_like_text(t, self.braces_are_text) {
                        sink.emit(
                            rules::MARKUP_UNKNOWN,
                            None,
                            at,
                            args![("tag", raw.to_string()), ("markup", raw.to_string())],
                        );
                    }
                }
                _ => {}
            }
        }
        if has_tags && self.unbalanced {
            balance(cue, at, sink);
        }
        if self.italics_forbidden {
            let style = cue.style().map(|s| s.strip_prefix('*').unwrap_or(s));
            let style_italic =
                style.filter(|s| self.italic_styles.iter().any(|i| i.eq_ignore_ascii_case(s)));
            if italic || style_italic.is_some() {
                let mut args = args![("via", if italic { "tag" } else { "style" }.to_string())];
                if let Some(s) = style_italic.filter(|_| !italic) {
                    args.push(("style".to_string(), s.to_string()));
                }
                sink.emit_limit(rules::ITALICS_FORBIDDEN, &self.limits.italics, at, args);
            }
        }
    }
}

/// HTML-like tags that do not pair up within the cue.
fn balance(cue: &Cue, at: FindingCue, sink: &mut Sink) {
    let mut open: Vec<(&str, &str)> = Vec::new();
    let mut problems: Vec<(&str, &str)> = Vec::new();
    for tag in cue.text.tags() {
        if tag.syntax != TagSyntax::Html {
            continue;
        }
        let Some((name, closing)) = html_name(&tag.raw) else {
            continue;
        };
        // Voice spans close implicitly; timestamps are points, not spans.
        if name.eq_ignore_ascii_case("v") || name.as_bytes().first().is_some_and(u8::is_ascii_digit)
        {
            continue;
        }
        if closing {
            match open.iter().rposition(|(n, _)| n.eq_ignore_ascii_case(name)) {
                Some(p) => {
                    open.remove(p);
                }
                None => problems.push(("unopened", tag.raw.as_str())),
            }
        } else {
            open.push((name, tag.raw.as_str()));
        }
    }
    problems.extend(open.into_iter().map(|(_, raw)| ("unclosed", raw)));
    for (problem, raw) in problems {
        sink.emit(
            rules::MARKUP_UNBALANCED,
            None,
            at,
            args![("tag", raw.to_string()), ("problem", problem.to_string())],
        );
    }
}

/// Name of an HTML-like tag and whether it closes (`</i>` → `("i", true)`).
fn html_name(raw: &str) -> Option<(&str, bool)> {
    let inner = raw.strip_prefix('<')?;
    let (closing, body) = match inner.strip_prefix('/') {
        Some(b) => (true, b),
        None => (false, inner),
    };
    let end = body
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(body.len());
    let name = body.get(..end)?;
    (!name.is_empty()).then_some((name, closing))
}

/// Text that looks like markup but was not read as markup: `<name…>` / `</name>` and, where the
/// format has no override blocks, `{\…}`.
fn tag_like_text(text: &str, braces_are_text: bool) -> impl Iterator<Item = &str> {
    let b = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            let start = i;
            let c = b.get(i).copied()?;
            i += 1;
            let (close, looks_like) = match c {
                b'<' => {
                    let next = b.get(i).copied();
                    let first = if next == Some(b'/') {
                        b.get(i + 1).copied()
                    } else {
                        next
                    };
                    (b'>', first.is_some_and(|f| f.is_ascii_alphabetic()))
                }
                b'{' if braces_are_text => (b'}', b.get(i) == Some(&b'\\')),
                _ => continue,
            };
            if !looks_like {
                continue;
            }
            // The tag ends at its closing bracket, before any new opening one.
            let rest = b.get(i..).unwrap_or_default();
            let Some(end) = rest.iter().position(|&x| x == close || x == c) else {
                continue;
            };
            if rest.get(end) != Some(&close) {
                continue;
            }
            i += end + 1;
            return text.get(start..i);
        }
        None
    })
}

/// ASS override tag names renderers know (libass/VSFilter); per first letter, longer names first
/// so a name never shadows a longer one it prefixes.
const ASS_NAMES: &[&str] = &[
    "1c", "1a", "2c", "2a", "3c", "3a", "4c", "4a", "alpha", "an", "a", "blur", "bord", "be", "b",
    "clip", "c", "fade", "fad", "fax", "fay", "fscx", "fscy", "fsp", "fs", "frx", "fry", "frz",
    "fr", "fe", "fn", "h", "iclip", "i", "kf", "ko", "kt", "k", "K", "move", "n", "N", "org",
    "pbo", "pos", "p", "q", "r", "shad", "s", "t", "u", "xbord", "xshad", "ybord", "yshad",
];

/// The first tag in an override block that no renderer knows (`\xyz`), as written.
fn unknown_ass_tag(raw: &str) -> Option<&str> {
    let inner = raw.strip_prefix('{').unwrap_or(raw);
    let inner = inner.strip_suffix('}').unwrap_or(inner);
    let mut rest = inner;
    while let Some(p) = rest.find('\\') {
        let after = rest.get(p + 1..)?;
        let known = ASS_NAMES.iter().any(|n| after.starts_with(n));
        let letters = after
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(after.len());
        if !known && letters > 0 {
            return rest.get(p..p + 1 + letters);
        }
        rest = after;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{tag_like_text, unknown_ass_tag};
    use crate::check::tests::{find, limits, run, track};
    use crate::diag::{Severity, rules};
    use crate::model::{Effect, Format, Inline, Style, Tag, TagSyntax, Track};

    fn html(raw: &str, effect: Effect) -> Inline {
        Inline::tag(Tag {
            syntax: TagSyntax::Html,
            raw: raw.into(),
            effects: vec![effect],
        })
    }

    fn ass(raw: &str, effects: Vec<Effect>) -> Inline {
        Inline::tag(Tag {
            syntax: TagSyntax::Ass,
            raw: raw.into(),
            effects,
        })
    }

    fn one(inlines: Vec<Inline>) -> Track {
        let mut t = track(&[(0, 2000, "")]);
        t.cues[0].text = crate::model::RichText::new(inlines);
        t
    }

    #[test]
    fn unbalanced_html_tags() {
        let l = limits("netflix", "en");
        let text = |s: &str| Inline::Text(s.into());
        // Balanced: nothing.
        let t = one(vec![
            html("<i>", Effect::Italic(true)),
            text("Hi"),
            html("</i>", Effect::Italic(false)),
        ]);
        assert!(find(&run(&t, &l), rules::MARKUP_UNBALANCED).is_empty());
        // Opened, never closed.
        let t = one(vec![html("<i>", Effect::Italic(true)), text("Hi")]);
        let d = run(&t, &l);
        let f = find(&d, rules::MARKUP_UNBALANCED);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].get_arg("tag"), Some("<i>"));
        assert_eq!(f[0].get_arg("problem"), Some("unclosed"));
        // Closed, never opened.
        let t = one(vec![text("Hi"), html("</b>", Effect::Bold(false))]);
        let d = run(&t, &l);
        assert_eq!(
            find(&d, rules::MARKUP_UNBALANCED)[0].get_arg("problem"),
            Some("unopened")
        );
        // A WebVTT voice may stay open.
        let t = one(vec![
            html("<v Bob>", Effect::Voice(Some("Bob".into()))),
            text("Hi"),
        ]);
        assert!(find(&run(&t, &l), rules::MARKUP_UNBALANCED).is_empty());
        // An ASS italic that is never reset is normal.
        let t = one(vec![ass("{\\i1}", vec![Effect::Italic(true)]), text("Hi")]);
        assert!(find(&run(&t, &l), rules::MARKUP_UNBALANCED).is_empty());
    }

    #[test]
    fn unknown_markup() {
        let l = limits("netflix", "en");
        let t = one(vec![
            ass(
                "{\\an8\\xyz1}",
                vec![Effect::Alignment(8), Effect::Other("xyz".into())],
            ),
            Inline::Text("Hello <Sigh> a < b".into()),
        ]);
        let d = run(&t, &l);
        let f = find(&d, rules::MARKUP_UNKNOWN);
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[0].get_arg("tag"), Some("\\xyz"));
        assert_eq!(f[0].get_arg("markup"), Some("{\\an8\\xyz1}"));
        assert_eq!(f[1].get_arg("tag"), Some("<Sigh>"));
        assert_eq!(f[0].severity, Severity::Warning);
        // Known tags, comments, \t with nested tags: nothing.
        for raw in [
            "{\\fad(150,150)\\blur2\\t(0,500,\\fscx120)}",
            "{a comment}",
            "{\\1c&H00FF00&\\pos(1,2)}",
            "{\\fnArial\\rSign}",
        ] {
            assert_eq!(unknown_ass_tag(raw), None, "{raw}");
        }
        // `{\an8}` in WebVTT is text that players show.
        assert_eq!(
            tag_like_text("x {\\an8}y", true).collect::<Vec<_>>(),
            vec!["{\\an8}"]
        );
        assert_eq!(tag_like_text("x {\\an8}y", false).count(), 0);
        assert_eq!(
            tag_like_text("</font>, <<a>", false).collect::<Vec<_>>(),
            vec!["</font>", "<a>"]
        );
        assert_eq!(tag_like_text("<3 <", false).count(), 0);
        assert_eq!(
            tag_like_text("<i no end <b>x", false).collect::<Vec<_>>(),
            vec!["<b>"]
        );
        let mut t = one(vec![Inline::Text("{\\an8}Top".into())]);
        t.format = Some(Format::Vtt);
        assert_eq!(find(&run(&t, &l), rules::MARKUP_UNKNOWN).len(), 1);
    }

    #[test]
    fn italics_where_the_language_forbids_them() {
        let text = Inline::Text("Hi".into());
        let t = one(vec![
            html("<i>", Effect::Italic(true)),
            text.clone(),
            html("</i>", Effect::Italic(false)),
        ]);
        // Arabic: forbidden (DOC-2); English: allowed.
        let d = run(&t, &limits("netflix", "ar"));
        let f = find(&d, rules::ITALICS_FORBIDDEN);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].get_arg("via"), Some("tag"));
        let e = crate::check::limit_entry(&limits("netflix", "ar"), f[0].rule).unwrap();
        assert_eq!(e.status, crate::platform::Evidence::Doc2);
        assert_eq!(f[0].severity, Severity::Error);
        assert!(find(&run(&t, &limits("netflix", "en")), rules::ITALICS_FORBIDDEN).is_empty());
        // Italics switched off only: nothing.
        let t = one(vec![
            ass("{\\i0}", vec![Effect::Italic(false)]),
            text.clone(),
        ]);
        assert!(
            find(
                &run(&t, &limits("netflix", "zh-Hans")),
                rules::ITALICS_FORBIDDEN
            )
            .is_empty()
        );
        // An italic ASS style.
        let mut t = one(vec![text]);
        t.styles.push(Style {
            name: "Thought".into(),
            fields: vec![("Italic".into(), "-1".into())],
        });
        t.cues[0].meta_mut().style = Some("Thought".into());
        let d = run(&t, &limits("netflix", "zh-Hans"));
        let f = find(&d, rules::ITALICS_FORBIDDEN);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].get_arg("via"), Some("style"));
        assert_eq!(f[0].get_arg("style"), Some("Thought"));
        // BBC broadcast: no italics at all.
        let t = one(vec![
            html("<i>", Effect::Italic(true)),
            Inline::Text("Hi".into()),
        ]);
        assert_eq!(
            find(
                &run(&t, &limits("bbc_broadcast", "en")),
                rules::ITALICS_FORBIDDEN
            )
            .len(),
            1
        );
    }
}
