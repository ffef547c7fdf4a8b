//! Well-formed HTML-like markup (SRT `<i>`/`<b>`/`<u>`/`<s>`/`<font>`, WebVTT `<i>`/`<b>`/`<u>`/
//! `<v>`/`<c>`/`<ruby>`/`<rt>`) from the toggles of another format — ASS override tags above all.
//!
//! ASS says `{\i1}` … `{\b1}` … `{\i0}` and never closes anything; a `{\r}` resets every toggle to
//! the style, and a style may itself be italic. HTML-like markup must nest and close. So the
//! writer does not translate tag by tag: it keeps the markup the text *should* have (`wanted`, in
//! the order things were switched on) and, before each text run, brings what it has written
//! (`written`) in line with it — closing back to the longest common prefix and opening the rest.
//! What is open at the end of the cue is closed. The output therefore always nests properly,
//! opens nothing that wraps no text, and follows resets and style-level formatting; the cost is a
//! closed-and-reopened element where ASS toggles overlap (`<i>a<b>b</b></i><b>c</b>`), which every
//! reader shows the same.

use crate::model::{Effect, Rgb, Style, Track};

/// One element of HTML-like markup.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Element {
    Italic,
    Bold,
    Underline,
    Strike,
    Font(Rgb),
    Voice(String),
    Class(String),
    Ruby,
    Rt,
}

impl Element {
    fn same_kind(&self, other: &Element) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }

    fn open(&self, out: &mut String) {
        match self {
            Element::Italic => out.push_str("<i>"),
            Element::Bold => out.push_str("<b>"),
            Element::Underline => out.push_str("<u>"),
            Element::Strike => out.push_str("<s>"),
            Element::Font(c) => {
                out.push_str("<font color=\"");
                out.push_str(&c.hex());
                out.push_str("\">");
            }
            Element::Voice(name) => {
                out.push_str("<v ");
                super::html::escape_vtt_into(name, out);
                out.push('>');
            }
            Element::Class(c) if c.is_empty() => out.push_str("<c>"),
            Element::Class(c) => {
                out.push_str("<c.");
                out.push_str(c);
                out.push('>');
            }
            Element::Ruby => out.push_str("<ruby>"),
            Element::Rt => out.push_str("<rt>"),
        }
    }

    fn close(&self, out: &mut String) {
        out.push_str(match self {
            Element::Italic => "</i>",
            Element::Bold => "</b>",
            Element::Underline => "</u>",
            Element::Strike => "</s>",
            Element::Font(_) => "</font>",
            Element::Voice(_) => "</v>",
            Element::Class(_) => "</c>",
            Element::Ruby => "</ruby>",
            Element::Rt => "</rt>",
        });
    }
}

/// The markup dialect being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Srt,
    Vtt,
}

/// The formatting an ASS style gives its lines (`Bold`/`Italic`/`Underline`/`StrikeOut` are
/// `-1` or `1` when on; a `Bold` weight above 400 counts as bold, as renderers do).
pub fn style_effects(style: Option<&Style>) -> Vec<Effect> {
    let Some(style) = style else {
        return Vec::new();
    };
    let on = |key: &str| {
        style
            .field(key)
            .and_then(|v| v.trim().parse::<i32>().ok())
            .is_some_and(|n| n == -1 || n == 1 || n > 400)
    };
    let mut out = Vec::new();
    if on("Italic") {
        out.push(Effect::Italic(true));
    }
    if on("Bold") {
        out.push(Effect::Bold(true));
    }
    if on("Underline") {
        out.push(Effect::Underline(true));
    }
    if on("StrikeOut") {
        out.push(Effect::Strike(true));
    }
    out
}

/// The numpad alignment (1–9) a track's style gives its lines. SSA v4 scripts
/// (`ScriptType: v4.00`) number styles' alignments the legacy way (1–3 bottom, +4 top, +8 middle).
pub fn style_alignment(track: &Track, name: Option<&str>) -> Option<u8> {
    let value: i64 = find_style(&track.styles, name)?
        .field("Alignment")?
        .trim()
        .parse()
        .ok()?;
    let legacy = track.info.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("ScriptType") && v.trim().eq_ignore_ascii_case("v4.00")
    });
    match legacy {
        true => crate::format::ass::tags::legacy_alignment(value),
        false => u8::try_from(value).ok().filter(|a| (1..=9).contains(a)),
    }
}

/// The style named `name` among `styles` (ASS matches names exactly; a leading `*` is the
/// VSFilter marker of a default style and is ignored).
pub fn find_style<'a>(styles: &'a [Style], name: Option<&str>) -> Option<&'a Style> {
    let name = name?.trim_start_matches('*');
    styles.iter().find(|s| s.name == name)
}

/// Markup state of one cue being written.
pub struct Balancer<'a> {
    dialect: Dialect,
    styles: &'a [Style],
    /// The cue's own style, what `{\r}` returns to.
    base: Vec<Effect>,
    wanted: Vec<Element>,
    written: Vec<Element>,
}

impl<'a> Balancer<'a> {
    /// Starts a cue whose style is `style` (its formatting is on from the first character).
    pub fn new(dialect: Dialect, styles: &'a [Style], style: Option<&str>) -> Self {
        let base = style_effects(find_style(styles, style));
        let mut b = Balancer {
            dialect,
            styles,
            base: base.clone(),
            wanted: Vec::new(),
            written: Vec::new(),
        };
        for e in &base {
            b.apply(e);
        }
        b
    }

    /// Takes one effect into the wanted state. False when the dialect cannot express it (the
    /// caller reports it as dropped).
    pub fn apply(&mut self, effect: &Effect) -> bool {
        let vtt = self.dialect == Dialect::Vtt;
        let toggle = |b: &mut Self, el: Element, on: bool| {
            match (on, b.wanted.iter().position(|w| *w == el)) {
                (true, None) => b.wanted.push(el),
                (false, Some(i)) => {
                    b.wanted.remove(i);
                }
                _ => {}
            }
            true
        };
        match effect {
            Effect::Italic(on) => toggle(self, Element::Italic, *on),
            Effect::Bold(on) => toggle(self, Element::Bold, *on),
            Effect::Underline(on) => toggle(self, Element::Underline, *on),
            Effect::Strike(on) if !vtt => toggle(self, Element::Strike, *on),
            Effect::Color(c) if !vtt => {
                // A new colour replaces the current one where it stands.
                let font = self
                    .wanted
                    .iter()
                    .position(|w| w.same_kind(&Element::Font(Rgb(0, 0, 0))));
                match (c, font) {
                    (Some(c), Some(i)) => self.wanted[i] = Element::Font(*c),
                    (Some(c), None) => self.wanted.push(Element::Font(*c)),
                    (None, Some(i)) => {
                        self.wanted.remove(i);
                    }
                    (None, None) => {}
                }
                true
            }
            Effect::Voice(v) if vtt => {
                self.wanted.retain(|w| !matches!(w, Element::Voice(_)));
                if let Some(name) = v {
                    self.wanted.push(Element::Voice(name.clone()));
                }
                true
            }
            Effect::Class(Some(c)) if vtt && valid_classes(c) => {
                self.wanted.push(Element::Class(c.clone()));
                true
            }
            Effect::Class(None) if vtt => {
                self.remove_last(|w| matches!(w, Element::Class(_)));
                true
            }
            Effect::Other(name) if vtt => match name.as_str() {
                "ruby" => self.push(Element::Ruby),
                "rt" => self.push(Element::Rt),
                "/ruby" => self.remove_last(|w| *w == Element::Ruby),
                "/rt" => self.remove_last(|w| *w == Element::Rt),
                _ => false,
            },
            Effect::Reset(name) => {
                // `{\r}` back to the line's style, `{\rName}` to that style (libass: an unknown
                // name resets to the line's style).
                self.wanted.clear();
                let to = match name {
                    Some(n) => find_style(self.styles, Some(n))
                        .map(|s| style_effects(Some(s)))
                        .unwrap_or_else(|| self.base.clone()),
                    None => self.base.clone(),
                };
                for e in &to {
                    self.apply(e);
                }
                true
            }
            _ => false,
        }
    }

    fn push(&mut self, el: Element) -> bool {
        self.wanted.push(el);
        true
    }

    fn remove_last(&mut self, is: impl Fn(&Element) -> bool) -> bool {
        if let Some(i) = self.wanted.iter().rposition(is) {
            self.wanted.remove(i);
        }
        true
    }

    /// Writes the markup needed before a text run.
    pub fn sync(&mut self, out: &mut String) {
        let common = self
            .written
            .iter()
            .zip(&self.wanted)
            .take_while(|(a, b)| a == b)
            .count();
        while self.written.len() > common {
            if let Some(el) = self.written.pop() {
                el.close(out);
            }
        }
        for el in &self.wanted[common..] {
            el.open(out);
            self.written.push(el.clone());
        }
    }

    /// Closes everything still open (end of the cue).
    pub fn finish(&mut self, out: &mut String) {
        while let Some(el) = self.written.pop() {
            el.close(out);
        }
    }
}

fn valid_classes(c: &str) -> bool {
    c.is_empty()
        || c.split('.')
            .all(|p| !p.is_empty() && !p.contains([' ', '\t', '<', '>', '&', '\n', '\r']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::ass::tags::parse_block;

    /// Writes `parts` (override blocks in braces, text otherwise) as `dialect` markup.
    fn render(dialect: Dialect, styles: &[Style], style: Option<&str>, parts: &[&str]) -> String {
        let mut b = Balancer::new(dialect, styles, style);
        let mut out = String::new();
        for p in parts {
            if p.starts_with('{') {
                for e in parse_block(p).effects {
                    b.apply(&e);
                }
            } else {
                b.sync(&mut out);
                out.push_str(p);
            }
        }
        b.finish(&mut out);
        out
    }

    fn style(name: &str, italic: &str, bold: &str) -> Style {
        Style {
            name: name.into(),
            fields: vec![
                ("Name".into(), name.into()),
                ("Bold".into(), bold.into()),
                ("Italic".into(), italic.into()),
            ],
        }
    }

    #[test]
    fn ass_toggles_become_nested_closed_markup() {
        let out = render(
            Dialect::Srt,
            &[],
            None,
            &[r"{\i1}", "a", r"{\b1}", "b", r"{\i0}", "c"],
        );
        assert_eq!(out, "<i>a<b>b</b></i><b>c</b>");
        // Opened and never closed in the source: closed at the end of the cue.
        let out = render(Dialect::Srt, &[], None, &[r"{\c&H0000FF&\b1}", "red"]);
        assert_eq!(out, "<font color=\"#ff0000\"><b>red</b></font>");
        // A colour change replaces the colour in place; nothing opens around no text.
        let out = render(
            Dialect::Srt,
            &[],
            None,
            &[r"{\c&H0000FF&}", "r", r"{\c&H00FF00&}", "g", r"{\c\i1}"],
        );
        assert_eq!(
            out,
            "<font color=\"#ff0000\">r</font><font color=\"#00ff00\">g</font>"
        );
    }

    #[test]
    fn resets_return_to_the_style_and_style_formatting_is_carried() {
        let styles = [style("Thought", "-1", "0"), style("Loud", "0", "-1")];
        let out = render(
            Dialect::Srt,
            &styles,
            Some("Thought"),
            &[
                "think ",
                r"{\b1\i0}",
                "shout ",
                r"{\r}",
                "again ",
                r"{\rLoud}",
                "loud",
            ],
        );
        assert_eq!(out, "<i>think </i><b>shout </b><i>again </i><b>loud</b>");
        // WebVTT cannot colour without a class: reported, not written.
        let mut b = Balancer::new(Dialect::Vtt, &[], None);
        assert!(!b.apply(&Effect::Color(None)));
        assert!(!b.apply(&Effect::Strike(true)));
        assert!(b.apply(&Effect::Reset(None)));
    }

    #[test]
    fn webvtt_voices_and_classes_nest() {
        let mut b = Balancer::new(Dialect::Vtt, &[], None);
        let mut out = String::new();
        b.apply(&Effect::Voice(Some("Mary <3".into())));
        b.apply(&Effect::Class(Some("yellow".into())));
        b.sync(&mut out);
        out.push('a');
        b.apply(&Effect::Class(None));
        b.apply(&Effect::Italic(true));
        b.sync(&mut out);
        out.push('b');
        b.finish(&mut out);
        assert_eq!(out, "<v Mary &lt;3><c.yellow>a</c><i>b</i></v>");
    }
}
