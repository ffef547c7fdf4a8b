//! Text on a canvas as a renderer sets it: the font size and family a track gets on a
//! profile's canvas (`canvas_text`), and how libass wraps a line wider than the room its style
//! leaves (`wrap`), so the check counts the lines a viewer sees.
//!
//! The derived font size is the largest at which a full line of the profile's
//! `max_chars_per_line` characters of ordinary text in the language's script
//! (`script::typical_text`) fits the width the lines may take: the profile's character limit
//! and the pixel limit then agree on typical lines, and the pixel limit only breaks lines made
//! of unusually wide letters (or Arabic-script lines with long words).

use crate::platform::count::{self, CountingMode};
use crate::platform::{Insets, Limits};

use super::fonts::Fonts;
use super::measure::Measurer;
use super::script::{script_of_lang, typical_text};

/// How a track's text is set on a canvas.
#[derive(Debug, Clone)]
pub struct CanvasText {
    /// Font size in canvas pixels.
    pub size: u32,
    /// Whether the size was derived (the profile gives none).
    pub derived: bool,
    /// The family to name in the styles (for the track's script).
    pub family: String,
    /// The script the family is for (ISO 15924).
    pub script: &'static str,
    /// Widths at `size`: shaped with the family, or estimated when it is not installed.
    pub measure: Measurer,
}

/// The safe area's insets (none when the profile gives none).
pub fn insets(limits: &Limits) -> Insets {
    limits.safe_area.copied().unwrap_or(Insets {
        top: 0,
        right: 0,
        bottom: 0,
        left: 0,
    })
}

/// The width between the safe area's side insets, in canvas pixels (`None` without a canvas).
pub fn safe_width(limits: &Limits) -> Option<f64> {
    let canvas = limits.canvas.copied()?;
    let i = insets(limits);
    Some(f64::from(canvas.width.saturating_sub(i.left + i.right)))
}

/// How a track in `lang` is set on the canvas of `limits` when lines may take `available`
/// pixels: the profile's font size, else the derived one. Without `fonts`, or when no font for
/// the script is installed (recorded in `fonts` as missing), widths are estimated. `None`
/// without a canvas, or when the profile gives neither a font size nor a character limit.
pub fn canvas_text(
    fonts: Option<&Fonts>,
    limits: &Limits,
    lang: &str,
    available: f64,
) -> Option<CanvasText> {
    limits.canvas.copied()?;
    let script = script_of_lang(lang);
    let profile_fonts = limits.fonts.get();
    let mode = limits.counting.copied().unwrap_or_default();
    let faces = fonts
        .map(|f| f.faces_for(script, profile_fonts))
        .unwrap_or_default();
    let unit = Measurer::shaped(faces, 1.0).unwrap_or_else(|| Measurer::estimated(mode, 1.0));
    let family = match fonts {
        Some(f) => f.family_for(script, profile_fonts),
        None => profile_fonts
            .and_then(|p| p.for_script(script))
            .map(str::to_string)
            .or_else(|| {
                super::script::fallback_families(script)
                    .first()
                    .map(|f| f.to_string())
            })
            .unwrap_or_default(),
    };
    let (size, derived) = match limits.font_size.copied() {
        Some(px) => (f64::from(px.max(1)), false),
        None => {
            let cpl = limits.max_chars_per_line.copied().filter(|c| *c > 0.0)?;
            let sample = sample_line(script, cpl, mode);
            let w1 = unit.width(&sample);
            if w1 <= 0.0 {
                return None;
            }
            ((available / w1).floor().max(1.0), true)
        }
    };
    Some(CanvasText {
        size: size as u32,
        derived,
        family,
        script,
        measure: unit.at_size(size),
    })
}

/// `max_chars_per_line` counted characters of the script's typical text (repeated as needed),
/// without trailing spaces.
pub fn sample_line(script: &str, cpl: f64, mode: CountingMode) -> String {
    let mut out = String::new();
    for c in typical_text(script).chars().cycle().take(10_000) {
        out.push(c);
        if count::count_line(&out, mode) > cpl {
            out.pop();
            break;
        }
    }
    out.trim_end().to_string()
}

/// The widths of the lines a renderer draws for one line of text that may take `room` pixels:
/// libass's smart wrapping (`WrapStyle: 0`) breaks a line wider than the room at spaces (and
/// between characters of scripts written without spaces), filling each line as far as it goes
/// before balancing them — so the count is that of a greedy fill. A word wider than the room
/// stays whole and sticks out (its width is reported as is).
pub fn wrap(measure: &Measurer, line: &str, room: f64) -> Vec<f64> {
    let whole = measure.width(line);
    if whole <= room {
        return vec![whole];
    }
    // Break opportunities: after a space, or before a character of an unspaced script.
    let mut pieces: Vec<&str> = Vec::new();
    let mut start = 0usize;
    let mut prev: Option<char> = None;
    for (i, c) in line.char_indices() {
        let opportunity = prev.is_some_and(|p| p == ' ' && c != ' ')
            || (i > start && (is_unspaced(c) || prev.is_some_and(is_unspaced)) && c != ' ');
        if opportunity && i > start {
            if let Some(p) = line.get(start..i) {
                pieces.push(p);
            }
            start = i;
        }
        prev = Some(c);
    }
    if let Some(p) = line.get(start..) {
        pieces.push(p);
    }
    let mut out = Vec::new();
    let mut current = String::new();
    for piece in pieces {
        let candidate = format!("{current}{piece}");
        if current.is_empty() || measure.width(candidate.trim_end()) <= room {
            current = candidate;
        } else {
            out.push(measure.width(current.trim_end()));
            current = piece.to_string();
        }
    }
    if !current.trim().is_empty() {
        out.push(measure.width(current.trim_end()));
    }
    out
}

/// Han, kana, Hangul syllables and the South-East Asian scripts written without spaces.
fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{2e80}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}'
        | '\u{20000}'..='\u{3ffff}' | '\u{0e00}'..='\u{0eff}' | '\u{1000}'..='\u{109f}'
        | '\u{1780}'..='\u{17ff}')
}
