//! Helpers shared by unit tests: a parsed track reduced to what the tests compare, and a plain
//! track made of lines.

use crate::model::{Cue, RichText, Timestamp, Track};

/// Each cue's text as plain text.
pub(crate) fn plain(track: &Track) -> Vec<String> {
    track.cues.iter().map(|c| c.text.to_plain()).collect()
}

/// Each cue's start and end in milliseconds.
pub(crate) fn times(track: &Track) -> Vec<(i64, i64)> {
    track
        .cues
        .iter()
        .map(|c| (c.start.ms(), c.end.ms()))
        .collect()
}

/// A track with one plain cue per line, cue `n` (1-based) shown from `4(n-1)` s for 3 s.
pub(crate) fn track_of_lines(lines: &[&str]) -> Track {
    let cues = lines
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let start = i as i64 * 4000;
            Cue::new(
                i as u32 + 1,
                Timestamp(start),
                Timestamp(start + 3000),
                RichText::plain(t),
            )
        })
        .collect();
    Track {
        cues,
        ..Track::default()
    }
}
