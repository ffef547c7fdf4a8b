//! Text set in pixels with real fonts: finding fonts (`fonts`: the system's through `fontdb`,
//! and those subloc.yaml names), measuring a line's rendered width after shaping (`measure`:
//! `rustybuzz`, scaled as libass scales a face), which script and font a language takes
//! (`script`), and how a track is set on a profile's canvas (`layout`: the font size, libass's
//! wrapping).
//!
//! The fitter (`platform::fit`) stays pure: it takes a width function (`MeasureLine`), which a
//! `Measurer` from here provides; the check (`check::layout`) and the canvas ASS
//! (`deliver::canvas`) use the same measurer, so what the fitter lays out is what the check
//! measures. Nothing here prints: families that are wanted and not installed are collected
//! (`Fonts::missing`) for the command to report once.

mod fonts;
mod layout;
mod measure;
mod script;

pub use fonts::{Face, FontConfig, Fonts, MissingFont};
pub use layout::{CanvasText, canvas_text, insets, safe_width, sample_line, wrap};
pub use measure::Measurer;
pub use script::{fallback_families, script_of_lang, typical_text};

#[cfg(test)]
mod tests;
