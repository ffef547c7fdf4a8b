//! SRT (SubRip): recovering, lossless reader and writer.

use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::model::Track;

/// Parses decoded SRT text.
pub fn parse(text: String) -> (Track, Vec<Diagnostic>) {
    let track = Track {
        source: Some(Arc::new(text)),
        ..Track::default()
    };
    (track, Vec::new())
}

/// Writes a track as SRT (untouched cues of an SRT source are copied verbatim).
pub fn write(_track: &Track) -> (String, Vec<Diagnostic>) {
    (String::new(), Vec::new())
}
