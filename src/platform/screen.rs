//! Whether and where viewers see a cue: comments and drawing-only events are not shown, and a
//! shown cue sits in a lane — its screen region (bottom, middle, top: `{\an8}`, a top-aligned
//! ASS style, WebVTT `line:0`) and its ASS layer.
//!
//! `check` measures gaps and overlaps within a lane and `platform::fit` moves cue ends by the
//! same lanes, so a fix never disagrees with the check that follows it; both ask here.

use crate::format::ass_tags;
use crate::model::{Cue, CueKind, Effect, Track};

/// Whether viewers see the cue: comments are never shown, and a cue that is only an ASS drawing
/// has no text to read.
pub(crate) fn is_shown(cue: &Cue) -> bool {
    if cue.kind() == CueKind::Comment {
        return false;
    }
    !(cue.text.has_drawing() && cue.text.is_empty_text())
}

/// Vertical screen region of a cue, plus its ASS layer. Lanes are only compared: two cues in one
/// lane compete for the same place on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Lane {
    region: u8,
    layer: i32,
}

const BOTTOM: u8 = 0;
const MIDDLE: u8 = 1;
const TOP: u8 = 2;

/// Each ASS style's region (from `Alignment`, SSA numbering for v4 styles), worked out once per
/// track rather than once per cue.
pub(crate) struct StyleRegions<'t>(Vec<(&'t str, Option<u8>)>);

impl<'t> StyleRegions<'t> {
    pub(crate) fn new(track: &'t Track) -> Self {
        let regions = track
            .styles
            .iter()
            .map(|style| {
                let v4 = style.field("OutlineColour").is_none()
                    && style.field("TertiaryColour").is_some();
                let region = style
                    .field("Alignment")
                    .and_then(|a| a.trim().parse::<i64>().ok())
                    .and_then(|a| {
                        if v4 {
                            ass_tags::legacy_alignment(a)
                        } else {
                            u8::try_from(a).ok()
                        }
                    })
                    .map(region);
                (style.name.as_str(), region)
            })
            .collect();
        StyleRegions(regions)
    }

    /// The region of the style a cue names (`*Default` is `Default`), when the track has it and
    /// its alignment reads.
    fn of(&self, cue: &Cue) -> Option<u8> {
        let name = cue.style()?;
        let name = name.strip_prefix('*').unwrap_or(name);
        self.0
            .iter()
            .find(|(s, _)| s.eq_ignore_ascii_case(name))
            .and_then(|(_, r)| *r)
    }
}

impl Lane {
    /// The lane a cue is shown in; `None` for a cue placed at an absolute position (`\pos`).
    pub(crate) fn of(cue: &Cue, styles: &StyleRegions<'_>) -> Option<Lane> {
        let layer = cue.meta().map_or(0, |m| m.layer);
        for tag in cue.text.tags() {
            for e in &tag.effects {
                match e {
                    Effect::Position(..) => return None,
                    Effect::Alignment(n) => {
                        return Some(Lane {
                            region: region(*n),
                            layer,
                        });
                    }
                    _ => {}
                }
            }
        }
        let region = styles.of(cue).or_else(|| vtt_region(cue)).unwrap_or(BOTTOM);
        Some(Lane { region, layer })
    }
}

/// Numpad alignment → region (1–3 bottom, 4–6 middle, 7–9 top).
fn region(numpad: u8) -> u8 {
    match numpad {
        7..=9 => TOP,
        4..=6 => MIDDLE,
        _ => BOTTOM,
    }
}

/// Region from WebVTT cue settings: `line:N` counts from the top for N ≥ 0, `line:P%` is a
/// position down the frame.
fn vtt_region(cue: &Cue) -> Option<u8> {
    let settings = cue.meta()?.settings.as_deref()?;
    let value = settings
        .split_whitespace()
        .find_map(|s| s.strip_prefix("line:"))?;
    let value = value.split(',').next()?;
    if let Some(p) = value.strip_suffix('%') {
        let p: f64 = p.parse().ok()?;
        return Some(if p < 34.0 {
            TOP
        } else if p < 67.0 {
            MIDDLE
        } else {
            BOTTOM
        });
    }
    let n: i64 = value.parse().ok()?;
    Some(if n >= 0 { TOP } else { BOTTOM })
}
