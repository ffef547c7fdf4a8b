//! TTML styling as the reader needs it: the `tts:` properties an element specifies (`Props`),
//! the on/off text state they give (`State`, turned into the same inline effects the SRT and
//! WebVTT readers produce), TTML colour values, and where a region puts its text (`numpad`).
//!
//! Vocabulary: TTML1 §8.2 <https://www.w3.org/TR/ttml1/#styling-attribute-vocabulary>; IMSC 1.1
//! restricts it but adds nothing the reader maps
//! <https://www.w3.org/TR/ttml-imsc1.1/#text-profile-constraints>.

use super::read::{Attrs, Ns};
use crate::model::{Effect, Rgb};

/// Style properties as specified (`None`: not specified here).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct Props {
    italic: Option<bool>,
    bold: Option<bool>,
    underline: Option<bool>,
    strike: Option<bool>,
    /// `Some(None)`: white, the initial colour (TTML1 §8.2.3), i.e. no colour effect.
    color: Option<Option<Rgb>>,
    pub(super) text_align: Option<HAlign>,
    display_align: Option<VAlign>,
    /// `tts:origin` and `tts:extent` vertical parts, in percent, when given in percent.
    origin_y: Option<f64>,
    extent_h: Option<f64>,
}

impl Props {
    /// `self` with `over`'s specified properties on top.
    pub(super) fn merged(mut self, over: &Props) -> Props {
        macro_rules! take {
            ($($f:ident),*) => { $( if over.$f.is_some() { self.$f = over.$f; } )* };
        }
        take!(
            italic,
            bold,
            underline,
            strike,
            color,
            text_align,
            display_align,
            origin_y,
            extent_h
        );
        self
    }

    /// The style properties among an element's `tts:` attributes (TTML1 §8.2,
    /// <https://www.w3.org/TR/ttml1/#styling-attribute-vocabulary>). Values are matched without
    /// regard to case: real files write `Italic` and `BOLD`.
    pub(super) fn from_attrs(attrs: &Attrs) -> Props {
        let mut p = Props::default();
        for (ns, local, value) in &attrs.list {
            if *ns != Ns::Styling {
                continue;
            }
            let v = value.trim().to_ascii_lowercase();
            match local.as_str() {
                "fontStyle" => {
                    p.italic = match v.as_str() {
                        "italic" | "oblique" => Some(true),
                        "normal" => Some(false),
                        _ => p.italic,
                    }
                }
                // TTML2 `tts:shear` (IMSC 1.1 §8.4.7): a non-zero shear is how Japanese
                // subtitles are slanted (Netflix's Japanese IMSC 1.1 guide: 16.67%).
                "shear" => {
                    let pct = v.trim_end_matches('%').trim().parse::<f64>().ok();
                    p.italic = pct.map(|x| x != 0.0).or(p.italic);
                }
                "fontWeight" => {
                    p.bold = match v.as_str() {
                        "bold" => Some(true),
                        "normal" => Some(false),
                        _ => p.bold,
                    }
                }
                "textDecoration" => {
                    for token in v.split_ascii_whitespace() {
                        match token {
                            "underline" => p.underline = Some(true),
                            "nounderline" => p.underline = Some(false),
                            "linethrough" => p.strike = Some(true),
                            "nolinethrough" => p.strike = Some(false),
                            "none" => (p.underline, p.strike) = (Some(false), Some(false)),
                            _ => {}
                        }
                    }
                }
                "color" => {
                    if let Some(c) = parse_color(&v) {
                        p.color = Some(Some(c).filter(|c| *c != Rgb(255, 255, 255)));
                    }
                }
                "textAlign" => {
                    p.text_align = match v.as_str() {
                        "left" | "start" => Some(HAlign::Left),
                        "center" | "justify" => Some(HAlign::Center),
                        "right" | "end" => Some(HAlign::Right),
                        _ => p.text_align,
                    }
                }
                "displayAlign" => {
                    p.display_align = match v.as_str() {
                        "before" => Some(VAlign::Before),
                        "center" => Some(VAlign::Center),
                        "after" => Some(VAlign::After),
                        _ => p.display_align,
                    }
                }
                "origin" => p.origin_y = second_percent(&v).or(p.origin_y),
                "extent" => p.extent_h = second_percent(&v).or(p.extent_h),
                _ => {}
            }
        }
        p
    }
}

/// The second of two lengths when it is a percentage (`10% 80%` → 80).
fn second_percent(v: &str) -> Option<f64> {
    let mut it = v.split_ascii_whitespace();
    let _x = it.next()?;
    let y = it.next()?.strip_suffix('%')?.parse::<f64>().ok()?;
    (it.next().is_none() && y.is_finite()).then_some(y)
}

/// TTML colours: `#rrggbb`, `#rrggbbaa`, `rgb(r,g,b)`, `rgba(r,g,b,a)` and the named colours
/// (TTML1 §8.3.2 <https://www.w3.org/TR/ttml1/#style-value-color>); alpha is dropped.
fn parse_color(v: &str) -> Option<Rgb> {
    if let Some(hex) = v.strip_prefix('#')
        && hex.len() == 8
    {
        return crate::format::html::parse_color(hex.get(..6)?);
    }
    let args = v
        .strip_prefix("rgba(")
        .or_else(|| v.strip_prefix("rgb("))
        .and_then(|r| r.strip_suffix(')'));
    if let Some(args) = args {
        let n: Vec<u8> = args
            .split(',')
            .map(|x| x.trim().parse::<u8>().ok())
            .collect::<Option<_>>()?;
        return match n.as_slice() {
            [r, g, b] | [r, g, b, _] => Some(Rgb(*r, *g, *b)),
            _ => None,
        };
    }
    crate::format::html::parse_color(v)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HAlign {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum VAlign {
    Before,
    Center,
    After,
}

/// The on/off state a cue's text is in: what the inline effects express.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct State {
    italic: bool,
    bold: bool,
    underline: bool,
    strike: bool,
    color: Option<Rgb>,
}

impl State {
    pub(super) fn of(p: &Props) -> State {
        State {
            italic: p.italic.unwrap_or(false),
            bold: p.bold.unwrap_or(false),
            underline: p.underline.unwrap_or(false),
            strike: p.strike.unwrap_or(false),
            color: p.color.flatten(),
        }
    }

    /// The effects that turn `self` into `to`, and the `<span …>` a TTML writer would write for
    /// them (the tag's raw form).
    pub(super) fn delta(&self, to: &State) -> (Vec<Effect>, String) {
        let mut effects = Vec::new();
        let mut raw = String::from("<span");
        let mut flag =
            |on: bool, was: bool, e: fn(bool) -> Effect, attr: &str, yes: &str, no: &str| {
                if on != was {
                    effects.push(e(on));
                    raw.push_str(&format!(" tts:{attr}=\"{}\"", if on { yes } else { no }));
                }
            };
        flag(
            to.italic,
            self.italic,
            Effect::Italic,
            "fontStyle",
            "italic",
            "normal",
        );
        flag(
            to.bold,
            self.bold,
            Effect::Bold,
            "fontWeight",
            "bold",
            "normal",
        );
        flag(
            to.underline,
            self.underline,
            Effect::Underline,
            "textDecoration",
            "underline",
            "noUnderline",
        );
        flag(
            to.strike,
            self.strike,
            Effect::Strike,
            "textDecoration",
            "lineThrough",
            "noLineThrough",
        );
        if to.color != self.color {
            effects.push(Effect::Color(to.color));
            let hex = to.color.unwrap_or(Rgb(255, 255, 255)).hex();
            raw.push_str(&format!(" tts:color=\"{hex}\""));
        }
        raw.push('>');
        (effects, raw)
    }
}

/// Numpad alignment of a cue: the row from where the region puts its text, the column from
/// `tts:textAlign`. Without a region the cue sits at the bottom (what every player does with a
/// region-less document, though TTML's default region is the whole root container); without a
/// `textAlign` it is centred (TTML's initial value is `start`, but a document that never says
/// is centred by every subtitle player and by subloc's writer).
///
/// A region's text sits at its top (`displayAlign="before"`, the initial value), middle or
/// bottom; with `tts:origin` and `tts:extent` in percent that point is placed on the page and
/// the page cut in thirds, so a bottom strip region (`origin="10% 80%"`) reads as bottom even
/// with the initial `before`.
pub(super) fn numpad(region: Option<&Props>, align: Option<HAlign>) -> u8 {
    let row = match region {
        None => 0,
        Some(r) => {
            let da = r.display_align.unwrap_or(VAlign::Before);
            match (r.origin_y, r.extent_h) {
                (Some(y), Some(h)) => {
                    let anchor = y + match da {
                        VAlign::Before => 0.0,
                        VAlign::Center => h / 2.0,
                        VAlign::After => h,
                    };
                    if anchor < 100.0 / 3.0 {
                        6
                    } else if anchor <= 200.0 / 3.0 {
                        3
                    } else {
                        0
                    }
                }
                _ => match da {
                    VAlign::Before => 6,
                    VAlign::Center => 3,
                    VAlign::After => 0,
                },
            }
        }
    };
    let col = match align {
        Some(HAlign::Left) => 1,
        Some(HAlign::Right) => 3,
        Some(HAlign::Center) | None => 2,
    };
    row + col
}
