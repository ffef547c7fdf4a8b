//! Layout rules for a profile with a canvas (vertical apps, burned-in delivery): each cue's text
//! block is measured with the font the track is set in (`typeset`, the same measurer the fitter
//! uses) and placed as the renderer places it, then compared with the safe area.
//!
//! - An ASS track is placed as libass places it: font size and margins from the cue's style (or
//!   the cue's own margins), scaled from the script's `PlayResX`/`PlayResY` to the canvas;
//!   alignment from the style or an `\an` tag; a line wider than the room between the margins
//!   wrapped at spaces (`WrapStyle: 0`, `typeset::wrap`); lines stacked one font size apart
//!   (libass scales a face so that ascender + descender is the font size). Cues placed with
//!   `\pos` or `\move` are signs with their own geometry and are left to the sign rules.
//! - Any other format is rendered by the app: bottom-centred above the covered bottom zone, at
//!   the profile's font size (or the derived one, `typeset::canvas_text`), lines one
//!   `line_spacing` (else one font size) apart, and not wrapped (an app that wraps would push the
//!   block up into the picture the same way).
//!
//! `layout-too-many-lines`: more rendered lines than the profile's `max_lines` (when the text's
//! own lines are within it: otherwise `text-max-lines` already says so), or a block taller than
//! the safe area. `layout-outside-safe-area`: any other block that crosses an edge of the safe
//! area. Half a pixel of tolerance absorbs rounding.

use std::collections::HashMap;

use super::{FindingCue, Sink, args};
use crate::diag::rules;
use crate::model::{Cue, Effect, Format, Track};
use crate::platform::count::has_visible;
use crate::platform::limits::{Canvas, Insets, Limits};
use crate::typeset::{self, Fonts, Measurer};

/// Rounding tolerance, in canvas pixels.
const EPS: f64 = 0.5;

/// Where and how one style's text is set.
struct Placement {
    measure: Measurer,
    margin_l: f64,
    margin_r: f64,
    margin_v: f64,
    align: u8,
}

pub(super) struct LayoutRules<'a> {
    limits: &'a Limits,
    canvas: Canvas,
    insets: Insets,
    /// ASS: libass wraps wide lines; the cue's style sets the placement.
    ass: bool,
    scale: (f64, f64),
    styles: HashMap<String, Placement>,
    default: Placement,
    line_pitch: Option<f64>,
    max_lines: Option<u32>,
    outside: bool,
    too_many: bool,
}

impl<'a> LayoutRules<'a> {
    /// The rules for `track` on the canvas of `limits`; `None` without a canvas or when both
    /// rules are off.
    pub fn new(
        track: &Track,
        limits: &'a Limits,
        fonts: Option<&Fonts>,
        sink: &Sink,
    ) -> Option<LayoutRules<'a>> {
        let canvas = limits.canvas.copied()?;
        let outside = sink.on(rules::LAYOUT_OUTSIDE_SAFE_AREA);
        let too_many = sink.on(rules::LAYOUT_TOO_MANY_LINES);
        if !(outside || too_many) {
            return None;
        }
        let insets = typeset::insets(limits);
        let safe_width = typeset::safe_width(limits)?;
        let text = typeset::canvas_text(fonts, limits, &limits.lang, safe_width)?;
        let ass = track.format == Some(Format::Ass) || !track.styles.is_empty();
        let (px, py) = play_res(track);
        let scale = (f64::from(canvas.width) / px, f64::from(canvas.height) / py);
        let mut styles = HashMap::new();
        if ass {
            for s in &track.styles {
                let num = |k: &str| s.field(k).and_then(|v| v.trim().parse::<f64>().ok());
                let size = num("Fontsize").unwrap_or(f64::from(text.size) / scale.1) * scale.1;
                styles.insert(
                    s.name.clone(),
                    Placement {
                        measure: text.measure.at_size(size),
                        margin_l: num("MarginL").unwrap_or(0.0) * scale.0,
                        margin_r: num("MarginR").unwrap_or(0.0) * scale.0,
                        margin_v: num("MarginV").unwrap_or(0.0) * scale.1,
                        align: num("Alignment").map_or(2, |a| a.clamp(1.0, 9.0) as u8),
                    },
                );
            }
        }
        let default = Placement {
            measure: text.measure.clone(),
            margin_l: f64::from(insets.left),
            margin_r: f64::from(insets.right),
            margin_v: f64::from(insets.bottom),
            align: 2,
        };
        Some(LayoutRules {
            limits,
            canvas,
            insets,
            ass,
            scale,
            styles,
            default,
            line_pitch: limits.line_spacing.copied().map(f64::from).filter(|_| !ass),
            max_lines: limits.max_lines.copied(),
            outside,
            too_many,
        })
    }

    pub fn check(&self, cue: &Cue, at: FindingCue, plain: &str, sink: &mut Sink) {
        if !has_visible(plain) {
            return;
        }
        let mut align = None;
        for tag in cue.text.tags() {
            for e in &tag.effects {
                match e {
                    Effect::Position(..) => return,
                    Effect::Other(name) if name.eq_ignore_ascii_case("move") => return,
                    Effect::Alignment(a) => align = align.or(Some(*a)),
                    _ => {}
                }
            }
        }
        let p = cue
            .style()
            .and_then(|s| self.styles.get(s))
            .or_else(|| self.styles.get("Default"))
            .unwrap_or(&self.default);
        // A cue's own non-zero margins win over its style's (ASS events' MarginL/R/V).
        let own = |k: &str, scale: f64| {
            cue.meta()
                .and_then(|m| m.fields.iter().find(|(n, _)| n.eq_ignore_ascii_case(k)))
                .and_then(|(_, v)| v.trim().parse::<f64>().ok())
                .filter(|v| *v > 0.0)
                .map(|v| v * scale)
        };
        let (ml, mr, mv) = if self.ass {
            (
                own("MarginL", self.scale.0).unwrap_or(p.margin_l),
                own("MarginR", self.scale.0).unwrap_or(p.margin_r),
                own("MarginV", self.scale.1).unwrap_or(p.margin_v),
            )
        } else {
            (p.margin_l, p.margin_r, p.margin_v)
        };
        let align = align.unwrap_or(p.align);
        let w = f64::from(self.canvas.width);
        let h = f64::from(self.canvas.height);
        let room = (w - ml - mr).max(1.0);

        let lines: Vec<&str> = plain.split('\n').collect();
        let first = lines.iter().position(|l| has_visible(l));
        let last = lines.iter().rposition(|l| has_visible(l));
        let (Some(first), Some(last)) = (first, last) else {
            return;
        };
        let own_lines = last - first + 1;
        let mut widths = Vec::new();
        for l in lines.iter().take(last + 1).skip(first) {
            if self.ass {
                widths.extend(typeset::wrap(&p.measure, l, room));
            } else {
                widths.push(p.measure.width(l));
            }
        }
        let n = widths.len();
        let pitch = self.line_pitch.unwrap_or(p.measure.line_height());
        let height = p.measure.line_height() + pitch * (n.saturating_sub(1)) as f64;
        let widest = widths.iter().copied().fold(0.0f64, f64::max);

        let safe_h = h - f64::from(self.insets.top + self.insets.bottom);
        let fit_lines = ((safe_h - p.measure.line_height()) / pitch).floor() as i64 + 1;
        let max = self
            .max_lines
            .map_or(fit_lines, |m| i64::from(m).min(fit_lines))
            .max(0);
        let wrapped_over = self
            .max_lines
            .is_some_and(|m| n > m as usize && own_lines <= m as usize);
        if self.too_many && (wrapped_over || height > safe_h + EPS) {
            sink.emit_limit(
                rules::LAYOUT_TOO_MANY_LINES,
                &self.limits.safe_area,
                at,
                args![
                    ("lines", n.to_string()),
                    ("max", max.to_string()),
                    ("room", px(room)),
                    ("size", px(p.measure.size())),
                ],
            );
            return;
        }
        if !self.outside || height > safe_h + EPS {
            return;
        }
        let (x0, x1) = match align % 3 {
            1 => (ml, ml + widest),
            0 => (w - mr - widest, w - mr),
            _ => {
                let centre = ml + room / 2.0;
                (centre - widest / 2.0, centre + widest / 2.0)
            }
        };
        let (y0, y1) = match align {
            7..=9 => (mv, mv + height),
            4..=6 => (h / 2.0 - height / 2.0, h / 2.0 + height / 2.0),
            _ => (h - mv - height, h - mv),
        };
        let i = self.insets;
        let over = [
            ("bottom", y1 - (h - f64::from(i.bottom))),
            ("right", x1 - (w - f64::from(i.right))),
            ("left", f64::from(i.left) - x0),
            ("top", f64::from(i.top) - y0),
        ];
        let Some((side, by)) = over
            .into_iter()
            .filter(|(_, by)| *by > EPS)
            .max_by(|a, b| a.1.total_cmp(&b.1))
        else {
            return;
        };
        sink.emit_limit(
            rules::LAYOUT_OUTSIDE_SAFE_AREA,
            &self.limits.safe_area,
            at,
            args![
                ("side", side.to_string()),
                ("px", px(by)),
                ("width", px(widest)),
                ("height", px(height)),
                ("size", px(p.measure.size())),
            ],
        );
    }
}

/// Whole pixels, rounded up (a block 0.6 px over is 1 px over).
fn px(v: f64) -> String {
    format!("{}", v.ceil().max(0.0) as i64)
}

/// The script's coordinate space (`PlayResX`/`PlayResY`), else the 1920 × 1080 subloc writes for
/// a generated script (as `deliver::canvas` reads it).
fn play_res(track: &Track) -> (f64, f64) {
    let get = |key: &str| {
        track
            .info
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .and_then(|(_, v)| v.trim().parse::<f64>().ok())
            .filter(|v| *v > 0.0)
    };
    (
        get("PlayResX").unwrap_or(1920.0),
        get("PlayResY").unwrap_or(1080.0),
    )
}
