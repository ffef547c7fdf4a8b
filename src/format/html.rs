//! HTML-like inline markup shared by SRT and WebVTT: `<i>`, `<b>`, `<u>`, `<s>`, `<font color>`,
//! `<v Name>`, `<c.class>`, `<ruby>`, WebVTT timestamp tags.

use crate::model::{Effect, Tag};

/// Parses one tag, `raw` being the whole `<…>` text. `None` when it is not markup at all
/// (e.g. a literal `<` in dialogue), so the caller keeps it as text.
pub fn parse_tag(_raw: &str) -> Option<Tag> {
    None
}

/// Renders effects as HTML-like tags for SRT (`vtt == false`) or WebVTT. Returns the markup and the
/// effects it could not express.
pub fn render_effects(_effects: &[Effect], _vtt: bool) -> (String, Vec<Effect>) {
    (String::new(), Vec::new())
}
