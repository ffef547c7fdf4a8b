//! The one data model every stage shares: `Timestamp`, `Track`, `Cue` and its rich text.
//!
//! Readers build these, writers emit them, checks and translation work on them; nothing here knows
//! any file syntax. Losslessness is carried by `Track::source` (the decoded text as read) plus each
//! cue's `Origin` (where its raw block lies in that text and a fingerprint of what was parsed from it):
//! a writer emitting the track's own format copies an untouched cue's raw bytes and regenerates only
//! cues whose fingerprint changed.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

/// A point in time in integer milliseconds: the one time type of the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(pub i64);

impl Timestamp {
    pub const ZERO: Timestamp = Timestamp(0);

    pub fn from_ms(ms: i64) -> Self {
        Timestamp(ms)
    }

    pub fn ms(self) -> i64 {
        self.0
    }

    /// Builds a timestamp from clock parts, saturating instead of overflowing on absurd input.
    pub fn from_parts(hours: i64, minutes: i64, seconds: i64, millis: i64) -> Self {
        let total = hours
            .saturating_mul(3_600_000)
            .saturating_add(minutes.saturating_mul(60_000))
            .saturating_add(seconds.saturating_mul(1000))
            .saturating_add(millis);
        Timestamp(total)
    }

    /// (negative, hours, minutes, seconds, milliseconds) of the absolute value.
    pub fn parts(self) -> (bool, u64, u64, u64, u64) {
        let neg = self.0 < 0;
        let abs = self.0.unsigned_abs();
        (
            neg,
            abs / 3_600_000,
            (abs / 60_000) % 60,
            (abs / 1000) % 60,
            abs % 1000,
        )
    }

    /// `HH:MM:SS<sep>mmm` (SRT uses `,`, WebVTT and TTML `.`); negative times clamp to zero because
    /// no player accepts them.
    pub fn fmt_clock(self, sep: char) -> String {
        let (_, h, m, s, ms) = Timestamp(self.0.max(0)).parts();
        format!("{h:02}:{m:02}:{s:02}{sep}{ms:03}")
    }

    /// ASS `H:MM:SS.cc` (centiseconds, rounded to nearest).
    pub fn fmt_ass(self) -> String {
        let cs_total = self.0.max(0).saturating_add(5) / 10;
        let cs = cs_total % 100;
        let secs = cs_total / 100;
        format!(
            "{}:{:02}:{:02}.{:02}",
            secs / 3600,
            (secs / 60) % 60,
            secs % 60,
            cs
        )
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.fmt_clock(','))
    }
}

/// The subtitle formats subloc reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Srt,
    /// Advanced SubStation Alpha (v4+) and SubStation Alpha (v4); `Track::info` keeps `ScriptType`.
    Ass,
    Vtt,
    /// TTML, written as the IMSC 1.1 Text Profile (write only).
    Ttml,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Srt => "srt",
            Format::Ass => "ass",
            Format::Vtt => "vtt",
            Format::Ttml => "ttml",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Srt => "srt",
            Format::Ass => "ass",
            Format::Vtt => "vtt",
            Format::Ttml => "ttml",
        }
    }

    /// From a file extension or a `--to` value (case-insensitive).
    pub fn from_name(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "srt" => Some(Format::Srt),
            "ass" | "ssa" => Some(Format::Ass),
            "vtt" | "webvtt" => Some(Format::Vtt),
            "ttml" | "dfxp" | "xml" | "imsc" => Some(Format::Ttml),
            _ => None,
        }
    }
}

/// Line-ending convention of a file (the dominant one when a file mixes them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub enum LineEnding {
    #[default]
    #[serde(rename = "lf")]
    Lf,
    #[serde(rename = "crlf")]
    CrLf,
    #[serde(rename = "cr")]
    Cr,
}

impl LineEnding {
    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
            LineEnding::Cr => "\r",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            LineEnding::Lf => "lf",
            LineEnding::CrLf => "crlf",
            LineEnding::Cr => "cr",
        }
    }
}

/// Byte-order mark found at the start of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bom {
    #[default]
    None,
    Utf8,
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

/// Facts about the bytes a track was read from, so it can be written back in kind.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceFacts {
    /// WHATWG encoding name (`UTF-8`, `GBK`, `UTF-16LE`, …).
    pub encoding: String,
    /// True when the encoding came from detection rather than a BOM, UTF-8 validity or `--encoding`.
    pub encoding_guessed: bool,
    pub bom: Bom,
    pub line_ending: LineEnding,
    /// Whether the text ended with a line ending.
    pub final_newline: bool,
}

/// A style definition (ASS `Style:` lines); other formats map their styling onto it where they can.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Style {
    pub name: String,
    /// Field name → value as read, in the file's `Format:` order (lossless).
    pub fields: Vec<(String, String)>,
}

impl Style {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A whole subtitle file.
#[derive(Debug, Clone, Default)]
pub struct Track {
    /// The format it was read from (`None` for a track built in memory).
    pub format: Option<Format>,
    pub facts: SourceFacts,
    /// The decoded text as read (BOM removed). Cue origins and `preamble` point into it.
    pub source: Option<Arc<String>>,
    /// Range of `source` before the first cue (ASS sections, WebVTT header, blank lines…).
    pub preamble: Range<usize>,
    /// ASS `[Script Info]` key/values in order; WebVTT header lines are kept in `preamble` only.
    pub info: Vec<(String, String)>,
    pub styles: Vec<Style>,
    /// ASS `[Events]` field order as read from the `Format:` line (empty for other formats).
    pub event_fields: Vec<String>,
    /// Frame rate when known (from the file or `--fps`), for frame-based rules.
    pub fps: Option<Fps>,
    pub cues: Vec<Cue>,
}

/// A frame rate as an exact fraction (23.976 = 24000/1001).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fps {
    pub num: u32,
    pub den: u32,
}

impl Track {
    /// Text of `source` in `range`, or "" when the track has no source.
    pub fn source_slice(&self, range: Range<usize>) -> &str {
        match &self.source {
            Some(s) => s.get(range).unwrap_or(""),
            None => "",
        }
    }

    /// Earliest start and latest end over all cues.
    pub fn span(&self) -> Option<(Timestamp, Timestamp)> {
        let start = self.cues.iter().map(|c| c.start).min()?;
        let end = self.cues.iter().map(|c| c.end).max()?;
        Some((start, end))
    }
}

/// Whether an event is shown (ASS `Comment:` events are kept but never displayed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CueKind {
    #[default]
    Dialogue,
    Comment,
}

/// Rarely-set cue attributes, boxed so a plain SRT cue stays small.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct CueMeta {
    pub kind: CueKind,
    /// ASS Layer (or SSA v4 `Marked=`, kept raw in `fields`).
    pub layer: i32,
    pub style: Option<String>,
    /// ASS Name/Actor, WebVTT `<v>` of the whole cue.
    pub speaker: Option<String>,
    /// SRT index / WebVTT cue identifier exactly as written.
    pub identifier: Option<String>,
    /// WebVTT cue settings, or the SRT coordinates after the timing (`X1:… Y2:…`), as written.
    pub settings: Option<String>,
    /// ASS fields the model does not interpret (MarginL, MarginR, MarginV, Effect, Marked, unknown),
    /// name → value as read.
    pub fields: Vec<(String, String)>,
}

/// One subtitle event.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cue {
    /// Stable id: 1-based position in the file as parsed; never renumbered by later stages.
    pub id: u32,
    /// 1-based source line where the cue starts (0 for a cue built in memory).
    pub line: u32,
    pub start: Timestamp,
    pub end: Timestamp,
    pub text: RichText,
    pub meta: Option<Box<CueMeta>>,
    pub origin: Option<Origin>,
}

/// Where a cue came from in `Track::source`, and what was parsed from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Origin {
    /// Start of the cue's raw block.
    pub start: usize,
    /// End of the cue proper (after its last line ending).
    pub body_end: usize,
    /// End of what follows the cue up to the next cue (blank lines, comments, later sections).
    pub end: usize,
    /// `Cue::fingerprint` at parse time.
    pub fingerprint: u64,
}

impl Cue {
    pub fn new(id: u32, start: Timestamp, end: Timestamp, text: RichText) -> Self {
        Cue {
            id,
            start,
            end,
            text,
            ..Cue::default()
        }
    }

    pub fn meta(&self) -> Option<&CueMeta> {
        self.meta.as_deref()
    }

    /// Mutable meta, created on first use.
    pub fn meta_mut(&mut self) -> &mut CueMeta {
        self.meta.get_or_insert_with(Box::default)
    }

    pub fn kind(&self) -> CueKind {
        self.meta().map(|m| m.kind).unwrap_or_default()
    }

    pub fn style(&self) -> Option<&str> {
        self.meta().and_then(|m| m.style.as_deref())
    }

    pub fn speaker(&self) -> Option<&str> {
        self.meta().and_then(|m| m.speaker.as_deref())
    }

    pub fn duration_ms(&self) -> i64 {
        self.end.0.saturating_sub(self.start.0)
    }

    /// Hash of everything a writer emits for this cue. A writer compares it with
    /// `Origin::fingerprint` to decide whether the raw block can be copied unchanged.
    pub fn fingerprint(&self) -> u64 {
        let mut h = FingerprintHasher::default();
        self.start.hash(&mut h);
        self.end.hash(&mut h);
        self.text.hash(&mut h);
        self.meta.hash(&mut h);
        h.finish()
    }

    /// True when the cue still matches what was parsed from its raw block.
    pub fn is_pristine(&self) -> bool {
        self.origin
            .is_some_and(|o| o.fingerprint == self.fingerprint())
    }
}

/// The hasher behind `Cue::fingerprint`: a word-at-a-time multiply-rotate hash. SipHash (std's
/// default) cost most of the time of writing an untouched 50 MB file back; fingerprints never leave
/// the process and are not exposed to untrusted keys, so flooding resistance buys nothing here, while
/// 64 bits keep an accidental collision (an edit written as the original) out of reach.
#[derive(Default)]
struct FingerprintHasher {
    state: u64,
}

impl FingerprintHasher {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;

    fn mix(&mut self, word: u64) {
        self.state = (self.state.rotate_left(23) ^ word).wrapping_mul(Self::K);
    }
}

impl Hasher for FingerprintHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.mix(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            // The length in the top byte keeps "a" and "a\0" apart.
            self.mix(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 56));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.mix(n);
    }

    fn finish(&self) -> u64 {
        let mut x = self.state;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x
    }
}

/// Rich text: a sequence of text runs, line breaks and zero-width markup.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct RichText(pub Vec<Inline>);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Inline {
    Text(String),
    /// A forced line break: SRT/WebVTT newline, ASS `\N`, TTML `<br/>`.
    LineBreak,
    /// ASS `\n`: a break only under wrap style 2, otherwise a space.
    SoftBreak,
    /// ASS `\h`: a non-breaking space.
    HardSpace,
    /// Markup with no text of its own (an ASS override block, an HTML-like tag).
    Tag(Tag),
    /// ASS vector drawing commands under `\p1`…: never text, never translated.
    Drawing(String),
}

/// The markup syntax a tag was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TagSyntax {
    /// `{\…}` override block (ASS, and SRT files that carry `{\an8}`).
    Ass,
    /// `<i>`, `</font>`, `<v Name>`, `<c.class>` …
    Html,
}

/// A markup element: its raw form (for writing back in its own syntax) and what it means
/// (for mapping to other formats).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Tag {
    pub syntax: TagSyntax,
    /// Exactly as written, e.g. `{\i1\an8}` or `<font color="#ff0000">`.
    pub raw: String,
    pub effects: Vec<Effect>,
}

/// An RGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// What a tag does. `true`/`Some` switches on, `false`/`None` switches off (back to the default).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Effect {
    Italic(bool),
    Bold(bool),
    Underline(bool),
    Strike(bool),
    Color(Option<Rgb>),
    /// Numpad alignment 1–9 (ASS `\an`, SRT `{\an8}`); 2 = bottom centre.
    Alignment(u8),
    /// Absolute position in script pixels (ASS `\pos`), rounded.
    Position(i32, i32),
    /// WebVTT voice span `<v Name>` (`None` for `</v>`).
    Voice(Option<String>),
    /// WebVTT class span `<c.a.b>` (`None` for `</c>`).
    Class(Option<String>),
    /// ASS karaoke timing in centiseconds (`\k`, `\kf`, `\ko`, `\K`).
    Karaoke(u32),
    /// ASS `\pN`: drawing mode scale (0 ends drawing mode).
    Drawing(u8),
    /// ASS `\r` / `\rStyle`: reset to the line's or a named style.
    Reset(Option<String>),
    /// Something no other format can express (`\fad`, `\move`, `\blur`, `<ruby>`…), by name.
    Other(String),
}

impl RichText {
    pub fn plain(text: &str) -> Self {
        let mut out = Vec::new();
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                out.push(Inline::LineBreak);
            }
            if !line.is_empty() {
                out.push(Inline::Text(line.to_string()));
            }
        }
        RichText(out)
    }

    /// The visible text: markup and drawings removed, forced breaks as `\n`, `\h` as U+00A0,
    /// a soft break as a space.
    pub fn to_plain(&self) -> String {
        let mut s = String::new();
        for inline in &self.0 {
            match inline {
                Inline::Text(t) => s.push_str(t),
                Inline::LineBreak => s.push('\n'),
                Inline::SoftBreak => s.push(' '),
                Inline::HardSpace => s.push('\u{a0}'),
                Inline::Tag(_) | Inline::Drawing(_) => {}
            }
        }
        s
    }

    /// The visible lines (split at forced breaks).
    pub fn lines(&self) -> Vec<String> {
        self.to_plain().split('\n').map(str::to_string).collect()
    }

    pub fn is_empty_text(&self) -> bool {
        self.to_plain().trim().is_empty()
    }

    pub fn tags(&self) -> impl Iterator<Item = &Tag> {
        self.0.iter().filter_map(|i| match i {
            Inline::Tag(t) => Some(t),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_formats() {
        let t = Timestamp::from_parts(1, 2, 3, 45);
        assert_eq!(t.fmt_clock(','), "01:02:03,045");
        assert_eq!(t.fmt_clock('.'), "01:02:03.045");
        assert_eq!(t.fmt_ass(), "1:02:03.05");
        assert_eq!(Timestamp(-5).fmt_clock(','), "00:00:00,000");
        assert_eq!(
            Timestamp::from_parts(123, 0, 0, 0).fmt_clock(','),
            "123:00:00,000"
        );
        assert_eq!(Timestamp::from_parts(i64::MAX, 1, 1, 1).0, i64::MAX);
    }

    #[test]
    fn fingerprint_tracks_edits() {
        let mut c = Cue::new(
            1,
            Timestamp(0),
            Timestamp(1000),
            RichText::plain("你好\n世界"),
        );
        c.origin = Some(Origin {
            start: 0,
            body_end: 0,
            end: 0,
            fingerprint: c.fingerprint(),
        });
        assert!(c.is_pristine());
        c.end = Timestamp(1001);
        assert!(!c.is_pristine());
        c.end = Timestamp(1000);
        c.meta_mut().speaker = Some("林".into());
        assert!(!c.is_pristine());
    }

    #[test]
    fn plain_text() {
        let t = RichText(vec![
            Inline::Tag(Tag {
                syntax: TagSyntax::Ass,
                raw: "{\\i1}".into(),
                effects: vec![Effect::Italic(true)],
            }),
            Inline::Text("a".into()),
            Inline::LineBreak,
            Inline::Drawing("m 0 0 l 1 1".into()),
            Inline::Text("b".into()),
            Inline::HardSpace,
        ]);
        assert_eq!(t.to_plain(), "a\nb\u{a0}");
        assert_eq!(t.lines(), vec!["a".to_string(), "b\u{a0}".to_string()]);
    }
}
