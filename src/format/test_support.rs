//! Helpers shared by the readers' unit tests: a parsed track reduced to what the tests compare.

use crate::model::Track;

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
