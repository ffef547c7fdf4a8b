//! A line's rendered width in canvas pixels at a font size: shaped with `rustybuzz` (so Arabic
//! letters take their joined forms, Thai marks stack, kerning applies) and scaled as libass
//! scales a face (see `fonts::Face::units_per_px`); or, when no font is installed for the
//! script, estimated from the counted characters (the rule of thumb the fitter used before:
//! half an em per character, a full em for full-width CJK).
//!
//! A character the script's face lacks is measured with the next face of the chain (Noto Sans
//! for Latin names and digits in a Persian line), as libass falls back glyph by glyph.
//!
//! A line is measured piece by piece — words and the spaces between them, and each character of
//! a script written without spaces (Han, kana) — and the pieces' widths are summed. Shaping
//! never joins across a space or between two ideographs, so the sum is the whole line's width
//! but for kerning against a space (a fraction of a pixel in Noto); in exchange each piece is
//! shaped once per run and remembered (at font size 1, so it serves every size), which keeps
//! pixel layout within a quarter of the fitting pass's time (`benches/fit.rs`). The fitter and
//! the check both measure this way, so they agree to the pixel.

use std::sync::Arc;

use crate::platform::count::{self, CountingMode, is_invisible};
use crate::platform::fit::MeasureLine;

use super::fonts::Face;

/// Above this many remembered widths per face, the memo starts again (bounded memory on a
/// long run; a season's vocabulary is far below it).
const MEMO_LIMIT: usize = 200_000;

/// Measures lines for one script at one font size.
#[derive(Debug, Clone)]
pub struct Measurer {
    how: How,
    size: f64,
}

#[derive(Debug, Clone)]
enum How {
    Shaped(Arc<[Arc<Face>]>),
    /// No font: counted characters × `advance` em.
    Estimated {
        mode: CountingMode,
        advance: f64,
    },
}

impl Measurer {
    /// Shaping with `faces` (the first is the script's; later ones draw what it lacks).
    /// `None` when `faces` is empty.
    pub fn shaped(faces: Vec<Arc<Face>>, size: f64) -> Option<Measurer> {
        (!faces.is_empty()).then(|| Measurer {
            how: How::Shaped(faces.into()),
            size,
        })
    }

    /// The estimate used when no font is installed: counted characters (as the profile counts
    /// them) × half an em, or a full em where CJK characters count as one and Latin as half.
    pub fn estimated(mode: CountingMode, size: f64) -> Measurer {
        let advance = match mode {
            CountingMode::CjkHalfwidthHalf => 1.0,
            _ => 0.5,
        };
        Measurer {
            how: How::Estimated { mode, advance },
            size,
        }
    }

    /// The same faces at another size.
    pub fn at_size(&self, size: f64) -> Measurer {
        Measurer {
            how: self.how.clone(),
            size,
        }
    }

    pub fn size(&self) -> f64 {
        self.size
    }

    /// Whether widths come from a real font.
    pub fn is_shaped(&self) -> bool {
        matches!(self.how, How::Shaped(_))
    }

    /// The family measured with, when shaped.
    pub fn family(&self) -> Option<&str> {
        match &self.how {
            How::Shaped(faces) => faces.first().map(|f| f.family.as_str()),
            How::Estimated { .. } => None,
        }
    }

    /// The distance from one line's baseline to the next: libass stacks lines by each line's
    /// ascender + descender, which it scales to the font size (`ass_font_get_asc_desc` after
    /// `set_font_metrics`), so a line is one font size high.
    pub fn line_height(&self) -> f64 {
        self.size
    }

    /// Width in canvas pixels of one line (no `\n` inside).
    pub fn width(&self, line: &str) -> f64 {
        match &self.how {
            How::Estimated { mode, advance } => {
                count::count_line(line, *mode) * advance * self.size
            }
            How::Shaped(faces) => {
                let Some(first) = faces.first() else {
                    return 0.0;
                };
                let Ok(mut memo) = first.memo.lock() else {
                    return pieces(line).map(|p| unit_width(faces, p)).sum::<f64>() * self.size;
                };
                if memo.pieces.len() >= MEMO_LIMIT {
                    memo.pieces.clear();
                }
                let mut total = 0.0;
                for piece in pieces(line) {
                    let mut cs = piece.chars();
                    total += match (cs.next(), cs.next()) {
                        (Some(c), None) => *memo
                            .chars
                            .entry(c)
                            .or_insert_with(|| unit_width(faces, piece)),
                        _ => match memo.pieces.get(piece) {
                            Some(w) => *w,
                            None => {
                                let w = unit_width(faces, piece);
                                memo.pieces.insert(piece.into(), w);
                                w
                            }
                        },
                    };
                }
                total * self.size
            }
        }
    }
}

impl MeasureLine for Measurer {
    fn width(&self, line: &str) -> f64 {
        Measurer::width(self, line)
    }
}

/// `line` cut into runs each drawn by one face: a character stays with the current face when
/// that face has it (or when it is invisible: joiners, direction marks), else goes to the first
/// face of the chain that has it, else to the first face (its missing-glyph box).
fn runs<'a>(faces: &'a [Arc<Face>], line: &'a str) -> Vec<(&'a Face, &'a str)> {
    let mut out = Vec::new();
    let Some(first) = faces.first() else {
        return out;
    };
    let mut current: &Face = first;
    let mut start = 0usize;
    for (i, c) in line.char_indices() {
        if is_invisible(c) || c == ' ' || current.covers(c) {
            continue;
        }
        let next: &Face = faces
            .iter()
            .map(|f| &**f)
            .find(|f| f.covers(c))
            .unwrap_or(first);
        if !std::ptr::eq(next, current) {
            if let Some(run) = line.get(start..i).filter(|r| !r.is_empty()) {
                out.push((current, run));
            }
            current = next;
            start = i;
        }
    }
    if let Some(run) = line.get(start..).filter(|r| !r.is_empty()) {
        out.push((current, run));
    }
    out
}

/// `line` cut where shaping cannot reach across: around every space, and around every
/// character of a script written without spaces.
fn pieces(line: &str) -> impl Iterator<Item = &str> {
    let mut rest = line;
    std::iter::from_fn(move || {
        let mut chars = rest.char_indices();
        let (_, mut prev) = chars.next()?;
        let mut end = rest.len();
        for (i, c) in chars {
            if (prev == ' ') != (c == ' ') || is_ideograph(c) || is_ideograph(prev) {
                end = i;
                break;
            }
            prev = c;
        }
        let piece = rest.get(..end)?;
        rest = rest.get(end..).unwrap_or("");
        Some(piece)
    })
}

/// Han, kana and full-width forms: each is a piece of its own (no shaping between them).
fn is_ideograph(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{3098}' | '\u{309b}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}' | '\u{ff01}'..='\u{ff60}' | '\u{20000}'..='\u{3ffff}')
}

/// Width of one piece at font size 1, shaped run by run with the chain's faces.
fn unit_width(faces: &[Arc<Face>], piece: &str) -> f64 {
    runs(faces, piece)
        .into_iter()
        .map(|(face, run)| f64::from(units(face, run)) / face.units_per_px)
        .sum()
}

/// The shaped advance of `text` in `face`'s font units.
fn units(face: &Face, text: &str) -> i32 {
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    let shaped = rustybuzz::shape(&face.shaper, &[], buffer);
    shaped.glyph_positions().iter().map(|p| p.x_advance).sum()
}
