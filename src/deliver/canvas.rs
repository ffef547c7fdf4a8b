//! An ASS track laid out for a profile's canvas (vertical apps and burned-in delivery): the
//! script's coordinate space becomes the canvas (`PlayResX`/`PlayResY`), every style's margins
//! keep its text out of the zones the app's interface covers (`safe_area`), and its font size is
//! the profile's — or, where the profile publishes none (every app today, `docs/vertical.md`), the
//! size at which a full line of the profile's `max_chars_per_line` fits the room the main style
//! leaves, measured with the real font (`typeset::canvas_text`). Every style names the family for
//! the track's script (`Fontname`: a Persian track never names a CJK font).
//!
//! Why: a 16:9 script (`PlayResX 1920`, `PlayResY 1080`) burned on a 1080 × 1920 frame renders
//! its text ~1.8× too large and re-wraps it to four lines, under the app's buttons. Without a
//! measured text set-up (no fonts given) the size falls back to a rule of thumb: an average
//! advance of half an em for alphabetic scripts and a full em for CJK (full-width) text, not a
//! published figure. Lines that place themselves (`\pos`, `\move`, event margins) are mapped and
//! kept inside the safe area by `signs.rs`.

use std::collections::BTreeMap;

use std::collections::HashMap;

use super::signs::{self, Mapping, StyleSize};
use crate::model::{Style, Track};
use crate::platform::limits::Insets;
use crate::platform::{CountingMode, Limits};
use crate::typeset::CanvasText;

/// The source script's coordinate space: `PlayResX`/`PlayResY`, else the 1920 × 1080 subloc
/// writes for a generated script.
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

/// Sets `key` in `[Script Info]` (edited in place when the source has it).
fn set_info(track: &mut Track, key: &str, value: String) {
    match track
        .info
        .iter_mut()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
    {
        Some((_, v)) => *v = value,
        None => track.info.push((key.to_string(), value)),
    }
}

/// What laying a track out for a canvas did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaidOut {
    /// The font size given to the styles, in canvas pixels.
    pub font_size: u32,
    /// Cues whose position keeps them partly outside the safe area: their text block is wider or
    /// taller than the safe area wherever it is put.
    pub outside: Vec<u32>,
}

/// A style's side margins on the canvas: its own, scaled from the script's coordinate space,
/// and never inside the zone the safe area's inset covers.
fn side_margins(style: &Style, scale: f64, insets: Insets) -> (u32, u32) {
    let num = |k: &str| style.field(k).and_then(|v| v.trim().parse::<f64>().ok());
    let scaled =
        |k: &str, floor: u32| ((num(k).unwrap_or(0.0) * scale).round().max(0.0) as u32).max(floor);
    (
        scaled("MarginL", insets.left),
        scaled("MarginR", insets.right),
    )
}

/// The width each style's lines may take once `track` is laid out for the canvas of `limits`
/// (by style name; a script without styles gets the writer's `Default`), and the width of its
/// main style (the one most dialogue uses): what the fitter fits and the font size is derived
/// for. `None` without a canvas.
pub fn style_widths(track: &Track, limits: &Limits) -> Option<(BTreeMap<String, f64>, f64)> {
    let canvas = limits.canvas.copied()?;
    let insets = crate::typeset::insets(limits);
    let (sx, _) = play_res(track);
    let scale = f64::from(canvas.width) / sx;
    let default = [crate::format::ass::default_style()];
    let styles = if track.styles.is_empty() {
        &default[..]
    } else {
        &track.styles[..]
    };
    let widths: BTreeMap<String, f64> = styles
        .iter()
        .map(|s| {
            let (l, r) = side_margins(s, scale, insets);
            (
                s.name.clone(),
                f64::from(canvas.width.saturating_sub(l + r)),
            )
        })
        .collect();
    let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &track.cues {
        *uses.entry(c.style().unwrap_or("Default")).or_default() += 1;
    }
    let main = uses
        .iter()
        .filter(|(name, _)| widths.contains_key(**name))
        .max_by_key(|(_, n)| **n)
        .and_then(|(name, _)| widths.get(*name))
        .or_else(|| widths.get("Default"))
        .or_else(|| widths.values().next())
        .copied()?;
    Some((widths, main))
}

/// Lays `track` out for the canvas of `limits` (nothing when the profile has no canvas), with
/// the font size and family of `text` when given.
pub fn lay_out_for_canvas(
    track: &mut Track,
    limits: &Limits,
    text: Option<&CanvasText>,
) -> Option<LaidOut> {
    let canvas = limits.canvas.copied()?;
    let insets = limits.safe_area.copied().unwrap_or(Insets {
        top: 0,
        right: 0,
        bottom: 0,
        left: 0,
    });
    let (sx, sy) = play_res(track);
    let scale = f64::from(canvas.width) / sx;
    let safe_width = f64::from(canvas.width.saturating_sub(insets.left + insets.right));
    let advance = match limits.counting.copied().unwrap_or_default() {
        CountingMode::CjkHalfwidthHalf => 1.0,
        _ => 0.5,
    };
    let derived = limits
        .max_chars_per_line
        .copied()
        .filter(|cpl| *cpl > 0.0)
        .map(|cpl| (safe_width / (cpl * advance)).floor());
    set_info(track, "PlayResX", canvas.width.to_string());
    set_info(track, "PlayResY", canvas.height.to_string());
    if track.styles.is_empty() {
        // A generated script gets its `Default` style from the writer; make it the track's so
        // it is laid out too.
        track.styles.push(crate::format::ass::default_style());
    }
    let mut given = None;
    let mut sizes = HashMap::new();
    for style in &mut track.styles {
        let num = |s: &Style, k: &str| s.field(k).and_then(|v| v.trim().parse::<f64>().ok());
        let (alignment, old_size) = signs::style_size(style);
        let size = match (text, limits.font_size.copied()) {
            (Some(t), _) => f64::from(t.size),
            (None, Some(px)) => f64::from(px),
            (None, None) => derived.unwrap_or((old_size * scale).round()),
        }
        .max(1.0);
        given = Some(size as u32);
        let ratio = if old_size > 0.0 { size / old_size } else { 1.0 };
        sizes.insert(
            style.name.clone(),
            StyleSize {
                alignment,
                old: old_size,
                new: size,
            },
        );
        let scaled = |k: &str, floor: u32| {
            let v = (num(style, k).unwrap_or(0.0) * scale).round().max(0.0) as u32;
            v.max(floor).to_string()
        };
        let (margin_l, margin_r) = side_margins(style, scale, insets);
        let vertical = signs::vertical_floor(insets, alignment);
        let updates = [
            ("Fontsize", (size as u32).to_string()),
            ("MarginL", margin_l.to_string()),
            ("MarginR", margin_r.to_string()),
            ("MarginV", scaled("MarginV", vertical)),
            (
                "Outline",
                format!("{:.1}", num(style, "Outline").unwrap_or(0.0) * ratio),
            ),
            (
                "Shadow",
                format!("{:.1}", num(style, "Shadow").unwrap_or(0.0) * ratio),
            ),
        ];
        let font = text.map(|t| ("Fontname", t.family.clone()));
        for (key, value) in updates.into_iter().chain(font) {
            let value = match key {
                "Fontname" => value,
                _ => value.trim_end_matches(".0").to_string(),
            };
            match style.fields.iter_mut().find(|(k, _)| k == key) {
                Some((_, v)) => *v = value,
                None => style.fields.push((key.to_string(), value)),
            }
        }
    }
    let map = Mapping {
        scale: (scale, f64::from(canvas.height) / sy),
        canvas,
        insets,
    };
    // Signs are measured with the track's font when there is one (at the sign's own size).
    let shaped = |line: &str, size: f64| match text {
        Some(t) => t.measure.at_size(size).width(line),
        None => signs::estimate(line, size),
    };
    let outside = signs::keep_inside(track, &map, &sizes, &shaped);
    Some(LaidOut {
        font_size: given?,
        outside,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::Profiles;

    fn limits(platform: &str, lang: &str) -> Limits {
        Profiles::builtin()
            .unwrap()
            .resolve(platform, Some(&lang.parse().unwrap()), Default::default())
            .unwrap()
    }

    fn styled() -> Track {
        let style = |name: &str, align: &str| Style {
            name: name.into(),
            fields: vec![
                ("Name".into(), name.into()),
                ("Fontsize".into(), "64".into()),
                ("Outline".into(), "3".into()),
                ("Shadow".into(), "1".into()),
                ("Alignment".into(), align.into()),
                ("MarginL".into(), "60".into()),
                ("MarginR".into(), "60".into()),
                ("MarginV".into(), "50".into()),
            ],
        };
        Track {
            info: vec![
                ("PlayResX".into(), "1920".into()),
                ("PlayResY".into(), "1080".into()),
            ],
            styles: vec![style("Default", "2"), style("Sign", "8")],
            ..Track::default()
        }
    }

    #[test]
    fn a_16_9_script_is_laid_out_inside_the_vertical_safe_area() {
        let l = limits("reelshort", "en");
        let canvas = l.canvas.copied().unwrap();
        let insets = l.safe_area.copied().unwrap();
        let cpl = l.max_chars_per_line.copied().unwrap();
        let mut t = styled();
        let size = lay_out_for_canvas(&mut t, &l, None).unwrap().font_size;
        let field = |s: &str, k: &str| -> u32 {
            let style = t.styles.iter().find(|x| x.name == s).unwrap();
            style.field(k).unwrap().parse().unwrap()
        };
        let info = |k: &str| t.info.iter().find(|(x, _)| x == k).unwrap().1.clone();
        assert_eq!(info("PlayResX"), canvas.width.to_string());
        assert_eq!(info("PlayResY"), canvas.height.to_string());
        // A full line of the profile's characters, at half an em each, fits the safe width.
        let safe = f64::from(canvas.width - insets.left - insets.right);
        assert!(f64::from(size) * 0.5 * cpl <= safe, "{size}");
        assert!(
            f64::from(size + 1) * 0.5 * cpl > safe,
            "the largest that fits: {size}"
        );
        assert_eq!(field("Default", "Fontsize"), size);
        assert!(field("Default", "MarginV") >= insets.bottom);
        assert!(field("Default", "MarginR") >= insets.right);
        assert!(field("Default", "MarginL") >= insets.left);
        // A top-aligned sign keeps clear of the top zone instead.
        assert!(field("Sign", "MarginV") >= insets.top);
        assert!(field("Sign", "MarginV") < insets.bottom);
    }

    #[test]
    fn cjk_lines_count_full_width_and_profiles_without_canvas_are_left_alone() {
        let zh = limits("reelshort", "zh-Hans");
        let mut t = styled();
        let size = lay_out_for_canvas(&mut t, &zh, None).unwrap().font_size;
        let canvas = zh.canvas.copied().unwrap();
        let insets = zh.safe_area.copied().unwrap();
        let cpl = zh.max_chars_per_line.copied().unwrap();
        let safe = f64::from(canvas.width - insets.left - insets.right);
        assert!(f64::from(size) * cpl <= safe && f64::from(size + 1) * cpl > safe);

        let mut wide = styled();
        let before = (wide.info.clone(), wide.styles.clone());
        assert_eq!(
            lay_out_for_canvas(&mut wide, &limits("netflix", "en"), None),
            None
        );
        assert_eq!((wide.info, wide.styles), before);
    }

    #[test]
    fn a_generated_script_gets_a_laid_out_default_style() {
        let mut t = Track::default();
        let size = lay_out_for_canvas(&mut t, &limits("instagram_reels", "fa"), None)
            .unwrap()
            .font_size;
        assert_eq!(t.styles.len(), 1);
        assert_eq!(
            t.styles[0].field("Fontsize"),
            Some(size.to_string().as_str())
        );
    }
}
