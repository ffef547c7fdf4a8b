//! ASS / SSA reader and writer: `[Script Info]`, `[V4+ Styles]` / `[V4 Styles]`, `[Events]`, and
//! every other section (`[Fonts]`, `[Graphics]`, `[Aegisub Project Garbage]`…) kept verbatim.
//!
//! Losslessness: only `Dialogue:` and `Comment:` lines become cues. Everything before the first of
//! them is `Track::preamble`; everything between one cue line and the next (comments, blank lines,
//! `Picture:`/`Sound:` events, malformed lines, later sections) rides in that cue's trailing region.
//! Writing a track back to ASS copies those regions and every untouched cue line byte for byte and
//! regenerates only edited cues, in the field order of the `Format:` line in force at that point.
//!
//! To keep a 50 MB script within a few times its size in memory, margins equal to `0`, an empty
//! `Effect` and `Marked=0` are not stored in `CueMeta::fields`: an absent field means its default,
//! which is also what the writer emits for it.
//!
//! This file owns what reader and writer must agree on: the default field orders and the meaning
//! of an event `Format:` line. `read` walks the sections, `event` turns one event line into a cue
//! (the lossless writer uses it too, to recognise the event lines of deleted cues), `fast` reads
//! event lines of the common shape into the same cue faster, `lines` finds line ends and columns,
//! `write` renders event lines and generated scripts, `lossless` writes a track back over its own
//! source, and `tags` reads and renders override blocks (`{\i1}`).

mod event;
mod fast;
mod lines;
mod lossless;
mod read;
pub mod tags;
#[cfg(test)]
mod tests;
mod write;

pub use read::parse;
pub use write::write;

/// Event field order when `[Events]` has no `Format:` line, and the order of generated scripts.
const V4P_EVENTS: &[&str] = &[
    "Layer", "Start", "End", "Style", "Name", "MarginL", "MarginR", "MarginV", "Effect", "Text",
];
const V4_EVENTS: &[&str] = &[
    "Marked", "Start", "End", "Style", "Name", "MarginL", "MarginR", "MarginV", "Effect", "Text",
];
const V4P_STYLES: &[&str] = &[
    "Name",
    "Fontname",
    "Fontsize",
    "PrimaryColour",
    "SecondaryColour",
    "OutlineColour",
    "BackColour",
    "Bold",
    "Italic",
    "Underline",
    "StrikeOut",
    "ScaleX",
    "ScaleY",
    "Spacing",
    "Angle",
    "BorderStyle",
    "Outline",
    "Shadow",
    "Alignment",
    "MarginL",
    "MarginR",
    "MarginV",
    "Encoding",
];
const V4_STYLES: &[&str] = &[
    "Name",
    "Fontname",
    "Fontsize",
    "PrimaryColour",
    "SecondaryColour",
    "TertiaryColour",
    "BackColour",
    "Bold",
    "Italic",
    "BorderStyle",
    "Outline",
    "Shadow",
    "Alignment",
    "MarginL",
    "MarginR",
    "MarginV",
    "AlphaLevel",
    "Encoding",
];
/// The `Default` style a generated script gets, as a track style (every field, `V4P_STYLES`
/// order), for callers that lay it out before writing.
pub fn default_style() -> crate::model::Style {
    crate::model::Style {
        name: DEFAULT_STYLE[0].to_string(),
        fields: V4P_STYLES
            .iter()
            .zip(DEFAULT_STYLE)
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    }
}

/// The `Default` style of generated scripts (1080p: white text, black outline), in `V4P_STYLES` order.
const DEFAULT_STYLE: &[&str] = &[
    "Default",
    "Arial",
    "60",
    "&H00FFFFFF",
    "&H000000FF",
    "&H00000000",
    "&H80000000",
    "0",
    "0",
    "0",
    "0",
    "100",
    "100",
    "0",
    "0",
    "1",
    "3",
    "1",
    "2",
    "60",
    "60",
    "50",
    "1",
];

/// What a field of an event `Format:` line means to the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Layer,
    Start,
    End,
    Style,
    Name,
    /// The last field, which takes the rest of the line, commas included.
    Text,
    Other,
}

fn field_kind(name: &str, is_last: bool) -> Field {
    let is = |s: &str| name.eq_ignore_ascii_case(s);
    if is("Layer") {
        Field::Layer
    } else if is("Start") {
        Field::Start
    } else if is("End") {
        Field::End
    } else if is("Style") {
        Field::Style
    } else if is("Name") || is("Actor") {
        Field::Name
    } else if is_last && is("Text") {
        Field::Text
    } else {
        Field::Other
    }
}

/// The value the writer emits for an absent field, so the reader may leave it out.
fn default_value(name: &str) -> &'static str {
    if name.eq_ignore_ascii_case("MarginL")
        || name.eq_ignore_ascii_case("MarginR")
        || name.eq_ignore_ascii_case("MarginV")
    {
        "0"
    } else if name.eq_ignore_ascii_case("Marked") {
        "Marked=0"
    } else {
        ""
    }
}

/// An event `Format:` line resolved once: names, meanings and the default of each field.
struct EventFormat {
    names: Vec<String>,
    kinds: Vec<Field>,
    defaults: Vec<&'static str>,
    /// Where the fast path finds the times, when it can read this format at all.
    fast: Option<fast::FastLayout>,
}

impl EventFormat {
    fn new(names: Vec<String>) -> Self {
        let n = names.len();
        let kinds: Vec<Field> = names
            .iter()
            .enumerate()
            .map(|(i, name)| field_kind(name, i + 1 == n))
            .collect();
        let defaults = names.iter().map(|name| default_value(name)).collect();
        let fast = fast::FastLayout::new(&kinds);
        EventFormat {
            names,
            kinds,
            defaults,
            fast,
        }
    }

    fn from_static(names: &[&str]) -> Self {
        EventFormat::new(names.iter().map(|s| s.to_string()).collect())
    }

    fn has_timing(&self) -> bool {
        self.kinds.contains(&Field::Start) && self.kinds.contains(&Field::End)
    }
}
