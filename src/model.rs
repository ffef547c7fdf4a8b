//! The one data model every stage shares: `Timestamp`, `Track`, `Cue` and its rich text.
//!
//! Readers build these, writers emit them, checks and translation work on them; nothing here knows
//! any file syntax. Losslessness is carried by `Track::source` (the decoded text as read) plus each
//! cue's `Origin` (where its raw block lies in that text and a fingerprint of what was parsed from it):
//! a writer emitting the track's own format copies an untouched cue's raw bytes and regenerates only
//! cues whose fingerprint changed.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::num::NonZeroU64;
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
    /// TTML, written as the IMSC 1.1 Text Profile; read as TTML1/2, IMSC 1.0–1.1 and DFXP.
    Ttml,
    /// YouTube SBV (`H:MM:SS.mmm,H:MM:SS.mmm` timing lines, plain text).
    Sbv,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Srt => "srt",
            Format::Ass => "ass",
            Format::Vtt => "vtt",
            Format::Ttml => "ttml",
            Format::Sbv => "sbv",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Srt => "srt",
            Format::Ass => "ass",
            Format::Vtt => "vtt",
            Format::Ttml => "ttml",
            Format::Sbv => "sbv",
        }
    }

    /// From a file extension or a `--to` value (case-insensitive).
    pub fn from_name(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "srt" => Some(Format::Srt),
            "ass" | "ssa" => Some(Format::Ass),
            "vtt" | "webvtt" => Some(Format::Vtt),
            "ttml" | "dfxp" | "xml" | "imsc" => Some(Format::Ttml),
            "sbv" => Some(Format::Sbv),
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
    /// ASS: where each `info` value stands in `source`, parallel to `info`, so a value edited
    /// after reading (`PlayResX` for another canvas) is written again in place.
    pub info_values: Vec<Range<usize>>,
    pub styles: Vec<Style>,
    /// ASS: where each style's values (after `Style:`) stand in `source`, parallel to `styles`,
    /// so a style edited after reading is written again in place and the others byte for byte.
    pub style_values: Vec<Range<usize>>,
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

/// Rarely-set cue attributes, behind a pointer so a plain SRT cue stays small. Shared: a reader
/// gives every cue with the same attributes (an ASS script's thousands of `Default` lines by one
/// speaker) one `Arc`, and `Cue::meta_mut` copies on write, so sharing is invisible to editors.
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

impl CueMeta {
    /// The meta's part of `Cue::fingerprint`: a hash of every field.
    pub fn digest(&self) -> u64 {
        let mut h = FingerprintHasher::default();
        self.fingerprint_into(&mut h);
        h.finish()
    }

    fn fingerprint_into(&self, h: &mut FingerprintHasher) {
        let CueMeta {
            kind,
            layer,
            style,
            speaker,
            identifier,
            settings,
            fields,
        } = self;
        let kind = match kind {
            CueKind::Dialogue => 0u64,
            CueKind::Comment => 1,
        };
        let present = [style, speaker, identifier, settings]
            .iter()
            .enumerate()
            .fold(0u64, |acc, (i, o)| acc | (u64::from(o.is_some()) << i));
        // One word for the fixed part: a tag (never 0, which is "no meta"), kind, which optional
        // strings follow, and the layer.
        h.mix(1 | kind << 8 | present << 16 | u64::from(*layer as u32) << 32);
        for s in [style, speaker, identifier, settings].into_iter().flatten() {
            h.str(7, s.as_bytes());
        }
        h.mix(fields.len() as u64);
        for (k, v) in fields {
            h.str(8, k.as_bytes());
            h.str(9, v.as_bytes());
        }
    }
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
    pub meta: Option<Arc<CueMeta>>,
    pub origin: Option<Origin>,
}

/// Where a cue came from in `Track::source`, and what was parsed from it.
///
/// Offsets are u32 (a `Cue` is 8 bytes smaller, and a 50 MB file has ~700 000 of them): readers
/// only see sources below 4 GiB (`format::read_bytes` refuses larger decoded text; `read_file`'s
/// 512 MiB cap keeps far below it). Use the `raw`, `body` and `trailing` ranges to slice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Origin {
    /// Start of the cue's raw block.
    pub start: u32,
    /// End of the cue proper (after its last line ending).
    pub body_end: u32,
    /// End of what follows the cue up to the next cue (blank lines, comments, later sections).
    pub end: u32,
    /// `Cue::fingerprint` at parse time (never zero, so an `Option<Origin>` is no larger).
    pub fingerprint: NonZeroU64,
}

impl Origin {
    /// A source offset as stored (sources are below 4 GiB; see the type's doc).
    pub fn offset(pos: usize) -> u32 {
        u32::try_from(pos).unwrap_or(u32::MAX)
    }

    /// The whole raw block with what follows it: `start..end`.
    pub fn raw(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The cue proper: `start..body_end`.
    pub fn body(&self) -> Range<usize> {
        self.start as usize..self.body_end as usize
    }

    /// What follows the cue up to the next one: `body_end..end`.
    pub fn trailing(&self) -> Range<usize> {
        self.body_end as usize..self.end as usize
    }
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

    /// Mutable meta, created on first use (and unshared first when other cues hold it too).
    pub fn meta_mut(&mut self) -> &mut CueMeta {
        Arc::make_mut(self.meta.get_or_insert_with(Arc::default))
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
    /// `Origin::fingerprint` to decide whether the raw block can be copied unchanged. Text runs
    /// shared with the source are hashed by where they lie, runs of their own by their text
    /// (`Text::fingerprint_into` says why): a cue whose text was rebuilt, even to the same words,
    /// is written from the model.
    ///
    /// Walks the cue itself rather than going through `Hash`: the derived impls spend a mix on
    /// every `Option` tag and string terminator, and this hash is most of the time of writing an
    /// untouched file back. Every value starts with a word holding its kind (and its length, for
    /// strings; a vector of inlines ends with its count), so the stream of words stays
    /// unambiguous. The destructuring lists every field, so a field added
    /// to `Cue` or `CueMeta` does not compile until it is hashed here too.
    pub fn fingerprint(&self) -> NonZeroU64 {
        self.fingerprint_of(self.meta.as_deref().map(CueMeta::digest))
    }

    /// `fingerprint`, with the meta's digest from `digests`: a reader or writer that meets the
    /// same shared meta on thousands of cues hashes its strings once.
    pub(crate) fn fingerprint_in(&self, digests: &mut MetaDigests) -> NonZeroU64 {
        self.fingerprint_of(self.meta.as_ref().map(|m| digests.get(m)))
    }

    /// The fingerprint, given the meta's digest (`CueMeta::digest`; `None` without a meta).
    fn fingerprint_of(&self, meta_digest: Option<u64>) -> NonZeroU64 {
        let Cue {
            id: _,
            line: _,
            start,
            end,
            text,
            // Given as its digest (`meta_digest`).
            meta: _,
            origin: _,
        } = self;
        let mut h = FingerprintHasher::default();
        h.mix(start.0 as u64);
        h.mix(end.0 as u64);
        text.fingerprint_into(&mut h);
        h.mix(meta_digest.unwrap_or(0));
        NonZeroU64::new(h.finish()).unwrap_or(NonZeroU64::MIN)
    }

    /// True when the cue still matches what was parsed from its raw block.
    pub fn is_pristine(&self) -> bool {
        self.origin
            .is_some_and(|o| o.fingerprint == self.fingerprint())
    }

    /// `is_pristine`, with meta digests from `digests`.
    pub(crate) fn is_pristine_with(&self, digests: &mut MetaDigests) -> bool {
        self.origin
            .is_some_and(|o| o.fingerprint == self.fingerprint_in(digests))
    }
}

/// The digests of shared metas met in one pass over a track (a read or a write), by the meta's
/// address. Each entry holds its `Arc`, so an address cannot be freed and reused by another meta
/// while the table lives; and a shared meta is never changed in place (`Cue::meta_mut` copies a
/// meta other holders share, and this table is one of them), so an address always has the digest
/// it was first given. Bounded: it starts over at `MAX` entries.
#[derive(Default)]
pub(crate) struct MetaDigests {
    map: std::collections::HashMap<usize, (Arc<CueMeta>, u64), foldhash::fast::RandomState>,
}

impl MetaDigests {
    const MAX: usize = 4096;

    /// `meta.digest()`, computed once per meta.
    fn get(&mut self, meta: &Arc<CueMeta>) -> u64 {
        let key = Arc::as_ptr(meta) as usize;
        if let Some((_, d)) = self.map.get(&key) {
            return *d;
        }
        let d = meta.digest();
        if self.map.len() >= Self::MAX {
            self.map.clear();
        }
        self.map.insert(key, (Arc::clone(meta), d));
        d
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

    /// A string as one word of `tag` and length, then its bytes eight at a time (the last word
    /// zero-padded: the length already tells how many bytes it holds).
    fn str(&mut self, tag: u8, s: &[u8]) {
        self.mix((s.len() as u64) << 8 | u64::from(tag));
        let mut chunks = s.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.mix(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            self.mix(tail_word(s, rest.len()));
        }
    }
}

/// The last `n` (1–7) bytes of `all` as a little-endian word, zero-padded. Built without a
/// variable-length copy: that became a `memcpy` call and a stalled load, which cost more than
/// the rest of the hash.
#[inline]
fn tail_word(all: &[u8], n: usize) -> u64 {
    if let Some(last8) = all.len().checked_sub(8).and_then(|from| all.get(from..)) {
        let mut w = [0u8; 8];
        w.copy_from_slice(last8);
        return u64::from_le_bytes(w) >> (64 - 8 * n as u32);
    }
    let from = all.len().saturating_sub(n);
    all.get(from..)
        .unwrap_or(&[])
        .iter()
        .rev()
        .fold(0u64, |acc, &b| acc << 8 | u64::from(b))
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
            // The length in the top byte keeps "a" and "a\0" apart.
            self.mix(tail_word(bytes, rest.len()) ^ ((rest.len() as u64) << 56));
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

/// A run of cue text: either a range of the track's decoded source (`Track::source`), shared and
/// never copied, or a string of its own. Readers hand out shared runs, so reading a file allocates
/// its text once however many cues it has; a run becomes its own string the first time it is
/// edited (`Text::to_mut`), so editing one cue never touches the source or another cue. Reads go
/// through `Deref<Target = str>`: a `&Text` is used wherever a `&str` is. Equality, hashing and
/// ordering are those of the text, never of where it is kept.
///
/// 16 bytes: the `Arc` and two u32 offsets. An owned run is an `Arc<String>` of its own with
/// `end == WHOLE`, so `to_mut` is `Arc::make_mut` (copy on write when a clone shares it). u32
/// offsets suffice: `format::MAX_INPUT_BYTES` keeps decoded sources far below 4 GiB, and
/// `Text::shared` copies instead of sharing if one ever is not.
#[derive(Clone)]
pub struct Text {
    source: Arc<String>,
    start: u32,
    end: u32,
}

impl Text {
    /// `end` of a run that is its whole (own) string.
    const WHOLE: u32 = u32::MAX;

    /// `source[range]` without copying; a copy when the range does not fit in u32 offsets, and a
    /// lossy copy (U+FFFD for cut characters) when it is not on character boundaries of `source`,
    /// so a `Text` always holds valid text and never panics.
    pub fn shared(source: &Arc<String>, range: Range<usize>) -> Text {
        match (
            u32::try_from(range.start),
            u32::try_from(range.end).ok().filter(|&e| e != Self::WHOLE),
            source.get(range.clone()),
        ) {
            (Ok(start), Some(end), Some(_)) => Text {
                source: Arc::clone(source),
                start,
                end,
            },
            (_, _, Some(s)) => Text::from(s),
            // Readers only cut at boundaries they found; anything else keeps what it can.
            _ => Text::from(
                String::from_utf8_lossy(source.as_bytes().get(range).unwrap_or_default())
                    .into_owned(),
            ),
        }
    }

    /// The text's bytes, without `as_str`'s character-boundary checks: the range was checked
    /// when the run was made (`Text::shared`), and hashing (`Cue::fingerprint`, which decides
    /// for every cue whether a writer copies it) needs only the bytes — the checks were most of
    /// what the borrowed model added to writing an untouched file.
    pub fn as_bytes(&self) -> &[u8] {
        if self.end == Self::WHOLE {
            self.source.as_bytes()
        } else {
            self.source
                .as_bytes()
                .get(self.start as usize..self.end as usize)
                .unwrap_or_default()
        }
    }

    pub fn as_str(&self) -> &str {
        if self.end == Self::WHOLE {
            self.source.as_str()
        } else {
            self.source
                .get(self.start as usize..self.end as usize)
                .unwrap_or("")
        }
    }

    /// The text as an editable string of its own (copied out of the source the first time).
    pub fn to_mut(&mut self) -> &mut String {
        if self.end != Self::WHOLE {
            *self = Text::from(self.as_str());
        }
        Arc::make_mut(&mut self.source)
    }

    pub fn into_string(self) -> String {
        if self.end == Self::WHOLE {
            Arc::unwrap_or_clone(self.source)
        } else {
            self.as_str().to_owned()
        }
    }

    /// Feeds the run to `Cue::fingerprint`. A shared run is fed as where it lies — which source
    /// (the `Arc`'s address) and which range — rather than as its bytes: a shared source is never
    /// written to (`to_mut` copies the run out first), and two live sources never share an address,
    /// so the same place always holds the same text. That spares reading the text itself, which was
    /// most of the cost of deciding for each cue of a large file whether a writer may copy it. A
    /// run of its own is fed as its bytes, under another tag; so a run that was edited (or rebuilt
    /// by a stage, even to the same text) no longer matches its parse-time fingerprint, and its cue
    /// is written from the model.
    fn fingerprint_into(&self, h: &mut FingerprintHasher) {
        if self.end == Self::WHOLE {
            h.str(1, self.source.as_bytes());
        } else {
            Text::shared_fingerprint_into(&self.source, self.start, self.end, h);
        }
    }

    /// What `fingerprint_into` feeds for the shared run `source[start..end]`.
    fn shared_fingerprint_into(
        source: &Arc<String>,
        start: u32,
        end: u32,
        h: &mut FingerprintHasher,
    ) {
        h.mix(10);
        h.mix(Arc::as_ptr(source) as usize as u64);
        h.mix(u64::from(start) << 32 | u64::from(end));
    }

    /// True when the run is a range of a shared source (not copied, not edited).
    pub fn is_shared(&self) -> bool {
        self.end != Self::WHOLE
    }
}

impl Default for Text {
    /// The empty text; shares one allocation per process.
    fn default() -> Self {
        static EMPTY: std::sync::OnceLock<Arc<String>> = std::sync::OnceLock::new();
        Text {
            source: Arc::clone(EMPTY.get_or_init(Arc::default)),
            start: 0,
            end: Self::WHOLE,
        }
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text {
            source: Arc::new(s),
            start: 0,
            end: Self::WHOLE,
        }
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text::from(s.to_owned())
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Self {
        Text::from(s.clone())
    }
}

impl From<Text> for String {
    fn from(t: Text) -> Self {
        t.into_string()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Text {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Rich text: a sequence of text runs, line breaks and zero-width markup.
///
/// Kept in one of two forms, invisible to its users. Most cues a reader meets are plain lines
/// (no markup), and for them the text is one run of the source with its line endings inside
/// (`RichText::shared_lines`): 24 bytes in the cue and nothing on the heap, where a vector of
/// runs and breaks cost a second allocation per cue — the largest part of a model's memory beside
/// the `Cue` itself (see the README's performance notes). Everything else, and any text a stage
/// edits (`inlines_mut`), is a vector of inlines. Equality, hashing and `Debug` are those of the
/// inlines, whichever the form; the writer's fingerprint is not (`RichText::fingerprint_into`).
#[derive(Clone, Default)]
pub struct RichText(Repr);

#[derive(Clone)]
enum Repr {
    Inlines(Vec<Inline>),
    /// Plain lines of a source separated by `\n` or `\r\n` (SRT): each line is a text
    /// run, each separator a `LineBreak`. Lines are never empty and hold no CR or markup.
    Lines(Text),
    /// Plain lines of an ASS source separated by `\N` (no `{`, no other backslash).
    AssLines(Text),
}

impl Default for Repr {
    fn default() -> Self {
        Repr::Inlines(Vec::new())
    }
}

/// What `RichText::view` shows of its `Repr`.
enum View<'a> {
    Inlines(&'a [Inline]),
    Lines(&'a Text, LineSeparator),
}

/// How `RichText::shared_lines` finds the breaks in its run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineSeparator {
    /// `\n`, or `\r\n` (the CR is not part of the line).
    Newline,
    /// ASS `\N`.
    AssBreak,
}

/// The lines of a `Repr::Lines`/`AssLines` run: `(start, end)` of each in the run's source.
#[derive(Clone)]
struct LineRanges<'a> {
    bytes: &'a [u8],
    /// The run's start in its source.
    base: u32,
    /// The separator's first byte and length.
    first: u8,
    len: usize,
    /// Where the next line starts in `bytes`; `None` once the last was given.
    at: Option<usize>,
}

impl<'a> LineRanges<'a> {
    fn new(run: &'a Text, sep: LineSeparator) -> Self {
        let bytes = run.as_bytes();
        // The lines form holds no other LF, and no other backslash in ASS (`shared_lines`).
        let (first, len) = match sep {
            LineSeparator::Newline => (b'\n', 1),
            LineSeparator::AssBreak => (b'\\', 2),
        };
        LineRanges {
            bytes,
            base: run.start,
            first,
            len,
            at: Some(0).filter(|_| !bytes.is_empty()),
        }
    }
}

impl Iterator for LineRanges<'_> {
    type Item = (u32, u32);

    fn next(&mut self) -> Option<(u32, u32)> {
        let from = self.at?;
        let rest = self.bytes.get(from..).unwrap_or_default();
        let (end, next) = match find_byte(rest, self.first) {
            // A CR before the LF belongs to the line ending (`\r\n` files).
            Some(i) if self.first == b'\n' && i > 0 && rest.get(i - 1) == Some(&b'\r') => {
                (from + i - 1, Some(from + i + self.len))
            }
            Some(i) => (from + i, Some(from + i + self.len)),
            None => (self.bytes.len(), None),
        };
        self.at = next;
        // Offsets within a shared run fit in u32 (`Text::shared`).
        Some((self.base + from as u32, self.base + end as u32))
    }
}

/// The first `needle` in `b`, a word at a time: cue lines are a few dozen bytes, and a call into
/// `memchr` for each cost more than the search (it was most of a fingerprint).
#[inline]
fn find_byte(b: &[u8], needle: u8) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let pattern = LO * u64::from(needle);
    let mut chunks = b.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let w = u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or_default()) ^ pattern;
        // A zero byte of `w` is a match; the lowest flagged byte is always a true one (a borrow
        // can only flag bytes above it).
        let hit = w.wrapping_sub(LO) & !w & HI;
        if hit != 0 {
            return Some(at + (hit.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&c| c == needle)
        .map(|p| at + p)
}

/// An inline of a text kept as lines, by position: a line's run, or the break between two.
#[derive(Clone, Copy)]
enum Piece {
    Run(u32, u32),
    Break,
}

/// The inlines of a text kept as lines as `Piece`s: a run per line, a break between two.
struct Pieces<'a> {
    lines: LineRanges<'a>,
    /// The run to give after the break just given.
    pending: Option<(u32, u32)>,
    started: bool,
}

impl<'a> Pieces<'a> {
    fn new(run: &'a Text, sep: LineSeparator) -> Self {
        Pieces {
            lines: LineRanges::new(run, sep),
            pending: None,
            started: false,
        }
    }
}

impl Iterator for Pieces<'_> {
    type Item = Piece;

    fn next(&mut self) -> Option<Piece> {
        if let Some((start, end)) = self.pending.take() {
            return Some(Piece::Run(start, end));
        }
        let (start, end) = self.lines.next()?;
        if std::mem::replace(&mut self.started, true) {
            self.pending = Some((start, end));
            return Some(Piece::Break);
        }
        Some(Piece::Run(start, end))
    }
}

/// A `LineBreak` to lend out while walking a text kept as lines.
static LINE_BREAK: Inline = Inline::LineBreak;

/// An inline seen without owning anything (`RichText::refs`): a text run is its `&str`, so walking
/// a text kept as lines makes no run (and takes no reference count) per line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InlineRef<'a> {
    Text(&'a str),
    LineBreak,
    SoftBreak,
    HardSpace,
    Tag(&'a Tag),
    Drawing(&'a str),
}

impl<'a> From<&'a Inline> for InlineRef<'a> {
    fn from(inline: &'a Inline) -> Self {
        match inline {
            Inline::Text(t) => InlineRef::Text(t),
            Inline::LineBreak => InlineRef::LineBreak,
            Inline::SoftBreak => InlineRef::SoftBreak,
            Inline::HardSpace => InlineRef::HardSpace,
            Inline::Tag(tag) => InlineRef::Tag(tag),
            Inline::Drawing(d) => InlineRef::Drawing(d),
        }
    }
}

/// The inlines of a `RichText` one by one (`RichText::iter`).
pub struct Iter<'a>(IterRepr<'a>);

enum IterRepr<'a> {
    Inlines(std::slice::Iter<'a, Inline>),
    Lines(&'a Arc<String>, Pieces<'a>),
}

impl<'a> Iterator for Iter<'a> {
    type Item = std::borrow::Cow<'a, Inline>;

    fn next(&mut self) -> Option<Self::Item> {
        use std::borrow::Cow;
        match &mut self.0 {
            IterRepr::Inlines(it) => it.next().map(Cow::Borrowed),
            IterRepr::Lines(source, pieces) => Some(match pieces.next()? {
                Piece::Break => Cow::Borrowed(&LINE_BREAK),
                Piece::Run(start, end) => Cow::Owned(Inline::Text(Text {
                    source: Arc::clone(source),
                    start,
                    end,
                })),
            }),
        }
    }
}

/// The inlines of a `RichText` as `InlineRef`s (`RichText::refs`). One match per item rather
/// than a chain of adapters: writers call this on every cue, and the adapters' `Option` juggling
/// was a twentieth of writing a regenerated SRT (`cargo bench --bench io`).
pub struct Refs<'a>(IterRepr<'a>);

impl<'a> Iterator for Refs<'a> {
    type Item = InlineRef<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            IterRepr::Inlines(it) => it.next().map(InlineRef::from),
            IterRepr::Lines(source, pieces) => Some(match pieces.next()? {
                Piece::Break => InlineRef::LineBreak,
                Piece::Run(start, end) => {
                    InlineRef::Text(source.get(start as usize..end as usize).unwrap_or(""))
                }
            }),
        }
    }
}

impl RichText {
    pub fn new(inlines: Vec<Inline>) -> Self {
        RichText(Repr::Inlines(inlines))
    }

    /// Plain lines of `source[range]`, separated by `sep`, each a text run shared with the source
    /// and each separator a `LineBreak` — kept as the one range. The caller (a reader) has checked
    /// that the lines are what its inline parser would make runs of: none empty, no markup, no
    /// escape other than ASS `\N`, no CR other than before an LF.
    pub(crate) fn shared_lines(
        source: &Arc<String>,
        range: Range<usize>,
        sep: LineSeparator,
    ) -> Self {
        // A range that cannot be shared is copied (`Text::shared`): the copy holds the same
        // lines, kept the same way.
        let run = Text::shared(source, range);
        match sep {
            LineSeparator::Newline => RichText(Repr::Lines(run)),
            LineSeparator::AssBreak => RichText(Repr::AssLines(run)),
        }
    }

    /// The text's form: its inlines, or its run of lines and their separator.
    fn view(&self) -> View<'_> {
        match &self.0 {
            Repr::Inlines(v) => View::Inlines(v),
            Repr::Lines(t) => View::Lines(t, LineSeparator::Newline),
            Repr::AssLines(t) => View::Lines(t, LineSeparator::AssBreak),
        }
    }

    /// The inlines: borrowed when the text is kept as inlines, built when it is kept as lines.
    pub fn inlines(&self) -> std::borrow::Cow<'_, [Inline]> {
        match &self.0 {
            Repr::Inlines(v) => std::borrow::Cow::Borrowed(v),
            _ => std::borrow::Cow::Owned(self.iter().map(std::borrow::Cow::into_owned).collect()),
        }
    }

    /// The inlines one by one without building a vector: borrowed when the text is kept as
    /// inlines, made on the way (a reference count per run) when it is kept as lines.
    pub fn iter(&self) -> Iter<'_> {
        Iter(self.walk())
    }

    /// The walk behind `iter` and `refs`: the vector's items, or the pieces of the lines.
    fn walk(&self) -> IterRepr<'_> {
        match self.view() {
            View::Inlines(v) => IterRepr::Inlines(v.iter()),
            View::Lines(t, sep) => IterRepr::Lines(&t.source, Pieces::new(t, sep)),
        }
    }

    /// The inlines one by one as `InlineRef`s: what a writer walks (no run made per line of a text
    /// kept as lines, unlike `iter`).
    pub fn refs(&self) -> Refs<'_> {
        Refs(self.walk())
    }

    /// The inlines as a vector to edit (a text kept as lines becomes one here).
    pub fn inlines_mut(&mut self) -> &mut Vec<Inline> {
        if !matches!(self.0, Repr::Inlines(_)) {
            self.0 = Repr::Inlines(self.inlines().into_owned());
        }
        match &mut self.0 {
            Repr::Inlines(v) => v,
            // Made just above.
            Repr::Lines(_) | Repr::AssLines(_) => unreachable!("rich text kept as inlines"),
        }
    }

    pub fn into_inlines(self) -> Vec<Inline> {
        match self.0 {
            Repr::Inlines(v) => v,
            _ => self.inlines().into_owned(),
        }
    }

    /// How many inlines there are.
    pub fn len(&self) -> usize {
        match self.view() {
            View::Inlines(v) => v.len(),
            View::Lines(t, sep) => (LineRanges::new(t, sep).count() * 2).saturating_sub(1),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True when the text is kept as one shared range of plain lines (for the readers' tests).
    #[doc(hidden)]
    pub fn is_lines_form(&self) -> bool {
        matches!(self.view(), View::Lines(..))
    }

    /// Feeds the text to `Cue::fingerprint`: a vector as each inline, then how many; a text kept
    /// as lines as its one range (where it lies, like a shared run, under a tag of its own), so
    /// deciding whether a plain cue is untouched never splits its lines. A text a stage opened
    /// (`inlines_mut`) is a vector from then on and no longer matches, even if left as it was:
    /// its cue is written from the model, as for a run rebuilt to the same words (`Text`).
    fn fingerprint_into(&self, h: &mut FingerprintHasher) {
        match self.view() {
            View::Inlines(v) => {
                for inline in v {
                    inline.fingerprint_into(h);
                }
                h.mix(v.len() as u64);
            }
            View::Lines(t, sep) => {
                h.mix(match sep {
                    LineSeparator::Newline => 13,
                    LineSeparator::AssBreak => 14,
                });
                Text::shared_fingerprint_into(&t.source, t.start, t.end, h);
            }
        }
    }
}

impl From<Vec<Inline>> for RichText {
    fn from(inlines: Vec<Inline>) -> Self {
        RichText::new(inlines)
    }
}

impl PartialEq for RichText {
    fn eq(&self, other: &RichText) -> bool {
        self.refs().eq(other.refs())
    }
}

impl Eq for RichText {}

impl Hash for RichText {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // The inlines as seen (`InlineRef`, which compares as `Inline` does), then how many.
        let mut n = 0usize;
        for inline in self.refs() {
            inline.hash(state);
            n += 1;
        }
        state.write_usize(n);
    }
}

impl fmt::Debug for RichText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("RichText").field(&self.inlines()).finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Inline {
    /// A run of text, usually shared with the source (see `Text`).
    Text(Text),
    /// A forced line break: SRT/WebVTT newline, ASS `\N`, TTML `<br/>`.
    LineBreak,
    /// ASS `\n`: a break only under wrap style 2, otherwise a space.
    SoftBreak,
    /// ASS `\h`: a non-breaking space.
    HardSpace,
    /// Markup with no text of its own (an ASS override block, an HTML-like tag). Shared: tags
    /// repeat (`<i>`, `{\an8}`), so readers hand out one `Arc` per distinct tag, and a 24-byte
    /// `Inline` keeps every cue's vector small. Build one with `Inline::tag`.
    Tag(Arc<Tag>),
    /// ASS vector drawing commands under `\p1`…: never text, never translated. A `Text`, so it
    /// shares the source like text runs do (and `Inline` stays 24 bytes).
    Drawing(Text),
}

impl Inline {
    /// A tag inline (wraps the tag in its `Arc`).
    pub fn tag(tag: Tag) -> Inline {
        Inline::Tag(Arc::new(tag))
    }

    /// Feeds the inline to `Cue::fingerprint`.
    fn fingerprint_into(&self, h: &mut FingerprintHasher) {
        match self {
            Inline::Text(t) => t.fingerprint_into(h),
            Inline::LineBreak => h.mix(2),
            Inline::SoftBreak => h.mix(3),
            Inline::HardSpace => h.mix(4),
            Inline::Tag(tag) => {
                h.mix(5);
                tag.hash(h);
            }
            Inline::Drawing(d) => h.str(6, d.as_bytes()),
        }
    }
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
                out.push(Inline::Text(line.into()));
            }
        }
        RichText::new(out)
    }

    /// The visible text: markup and drawings removed, forced breaks as `\n`, `\h` as U+00A0,
    /// a soft break as a space.
    pub fn to_plain(&self) -> String {
        let mut s = String::new();
        self.push_plain(&mut s);
        s
    }

    /// `to_plain` appended to `out` (a buffer reused from cue to cue).
    pub fn push_plain(&self, out: &mut String) {
        // LF-separated lines without CR are their own plain text.
        if let View::Lines(t, LineSeparator::Newline) = self.view()
            && memchr::memchr(b'\r', t.as_bytes()).is_none()
        {
            out.push_str(t);
            return;
        }
        for inline in self.refs() {
            match inline {
                InlineRef::Text(t) => out.push_str(t),
                InlineRef::LineBreak => out.push('\n'),
                InlineRef::SoftBreak => out.push(' '),
                InlineRef::HardSpace => out.push('\u{a0}'),
                InlineRef::Tag(_) | InlineRef::Drawing(_) => {}
            }
        }
    }

    /// The text runs in order, as `&str` (drawings are not text): for questions about the words
    /// alone, without making a run per line as `iter` does.
    pub fn texts(&self) -> impl Iterator<Item = &str> + '_ {
        self.refs().filter_map(|r| match r {
            InlineRef::Text(t) => Some(t),
            _ => None,
        })
    }

    /// True when the text holds an ASS drawing.
    pub fn has_drawing(&self) -> bool {
        match self.view() {
            View::Inlines(v) => v.iter().any(|i| matches!(i, Inline::Drawing(_))),
            // Plain lines hold no markup.
            View::Lines(..) => false,
        }
    }

    /// The visible lines (split at forced breaks).
    pub fn lines(&self) -> Vec<String> {
        self.to_plain().split('\n').map(str::to_string).collect()
    }

    pub fn is_empty_text(&self) -> bool {
        self.to_plain().trim().is_empty()
    }

    pub fn tags(&self) -> impl Iterator<Item = &Tag> {
        let inlines = match self.view() {
            View::Inlines(v) => v,
            // Plain lines hold no markup.
            View::Lines(..) => &[],
        };
        inlines.iter().filter_map(|i| match i {
            Inline::Tag(t) => Some(&**t),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sizes the memory estimate (`format::estimate_model`) and the peak-memory figures of
    /// `cargo bench --bench io` rest on: a change here should be a decision, not an accident.
    #[test]
    fn model_sizes() {
        assert_eq!(std::mem::size_of::<Text>(), 16);
        assert_eq!(std::mem::size_of::<Inline>(), 24);
        assert_eq!(std::mem::size_of::<RichText>(), 24);
        assert_eq!(std::mem::size_of::<Cue>(), 80);
    }

    #[test]
    fn shared_text_is_copied_on_edit() {
        let source = Arc::new("你好 world".to_string());
        let mut a = Text::shared(&source, 0..6);
        assert!(a.is_shared());
        assert_eq!(a, "你好");
        let b = a.clone();
        a.to_mut().push('!');
        assert!(!a.is_shared());
        assert_eq!(a, "你好!");
        assert_eq!(b, "你好");
        assert_eq!(source.as_str(), "你好 world");
        // Not on a character boundary: copied lossily (never a panic), still valid text.
        let odd = Text::shared(&source, 1..6);
        assert!(!odd.is_shared());
        assert!(
            odd.ends_with('好') && odd.starts_with('\u{fffd}'),
            "{odd:?}"
        );
        // An owned text shared by a clone is copied on write too.
        let mut c = a.clone();
        c.to_mut().push('?');
        assert_eq!((a.as_str(), c.as_str()), ("你好!", "你好!?"));
        assert_eq!(Text::default(), "");
        assert_eq!(Text::from("x").into_string(), "x");
    }

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

    /// `c` as a reader leaves it: an origin holding its fingerprint.
    fn as_read(mut c: Cue) -> Cue {
        c.origin = Some(Origin {
            start: 0,
            body_end: 0,
            end: 0,
            fingerprint: c.fingerprint(),
        });
        c
    }

    #[test]
    fn fingerprint_tracks_edits() {
        let mut c = as_read(Cue::new(
            1,
            Timestamp(0),
            Timestamp(1000),
            RichText::plain("你好\n世界"),
        ));
        assert!(c.is_pristine());
        c.end = Timestamp(1001);
        assert!(!c.is_pristine());
        c.end = Timestamp(1000);
        c.meta_mut().speaker = Some("林".into());
        assert!(!c.is_pristine());
    }

    #[test]
    fn fingerprint_of_shared_runs_is_where_they_lie() {
        let source = Arc::new("你好\n世界\n你好".to_string());
        let run = |r: Range<usize>| Inline::Text(Text::shared(&source, r));
        let c = as_read(Cue::new(
            1,
            Timestamp(0),
            Timestamp(1000),
            RichText::new(vec![run(0..6)]),
        ));
        assert!(c.is_pristine());
        // A clone (a track copied for another platform) shares the source: still pristine.
        assert!(c.clone().is_pristine());
        // The same words elsewhere in the source, or in another source, are another run.
        let mut moved = c.clone();
        moved.text = RichText::new(vec![run(14..20)]);
        assert_eq!(moved.text.to_plain(), c.text.to_plain());
        assert!(!moved.is_pristine());
        let other = Arc::new(source.as_str().to_string());
        let mut elsewhere = c.clone();
        elsewhere.text = RichText::new(vec![Inline::Text(Text::shared(&other, 0..6))]);
        assert!(!elsewhere.is_pristine());
        // Edited, even back to the same words: the run is its own now, and the cue is written
        // from the model.
        let mut edited = c.clone();
        if let Some(Inline::Text(t)) = edited.text.inlines_mut().first_mut() {
            t.to_mut().push('!');
            t.to_mut().pop();
        }
        assert_eq!(edited.text, c.text);
        assert!(!edited.is_pristine());
        // Runs of their own are hashed by their text, so two equal ones agree.
        let owned = Cue::new(1, Timestamp(0), Timestamp(1000), RichText::plain("你好"));
        assert_eq!(owned.fingerprint(), owned.clone().fingerprint());
    }

    #[test]
    fn meta_digests_agree_with_the_fingerprint_and_see_edits() {
        let mut a = Cue::new(1, Timestamp(0), Timestamp(1000), RichText::plain("甲"));
        a.meta_mut().style = Some("Default".into());
        let mut b = Cue::new(2, Timestamp(0), Timestamp(1000), RichText::plain("乙"));
        b.meta.clone_from(&a.meta);
        let (a, mut b) = (as_read(a), as_read(b));
        let mut digests = MetaDigests::default();
        for cue in [&a, &b, &a] {
            assert_eq!(cue.fingerprint_in(&mut digests), cue.fingerprint());
            assert!(cue.is_pristine_with(&mut digests));
        }
        // The table holds the shared meta, so an edit copies it: a new address, a new digest.
        b.meta_mut().style = Some("Sign".into());
        assert!(!b.is_pristine_with(&mut digests));
        assert!(!b.is_pristine());
        assert!(a.is_pristine_with(&mut digests));
        let none = as_read(Cue::new(
            3,
            Timestamp(0),
            Timestamp(1),
            RichText::plain("丙"),
        ));
        assert!(none.is_pristine_with(&mut digests));
    }

    #[test]
    fn fingerprint_sees_every_part() {
        let base = Cue::new(1, Timestamp(0), Timestamp(1000), RichText::plain("ab\ncd"));
        let mut variants: Vec<Cue> = Vec::new();
        let mut split = base.clone();
        split.text = RichText::new(vec![
            Inline::Text("a".into()),
            Inline::Text("b".into()),
            Inline::LineBreak,
            Inline::Text("cd".into()),
        ]);
        variants.push(split);
        let mut soft = base.clone();
        soft.text.inlines_mut()[1] = Inline::SoftBreak;
        variants.push(soft);
        let edits: [fn(&mut CueMeta); 7] = [
            |m| m.kind = CueKind::Comment,
            |m| m.layer = 1,
            |m| m.style = Some("Sign".into()),
            |m| m.speaker = Some("Sign".into()),
            |m| m.identifier = Some("Sign".into()),
            |m| m.settings = Some("Sign".into()),
            |m| m.fields.push(("Effect".into(), "x".into())),
        ];
        for edit in edits {
            let mut c = base.clone();
            edit(c.meta_mut());
            variants.push(c);
        }
        // An empty meta is not the same as no meta, as before.
        let mut empty = base.clone();
        empty.meta_mut();
        variants.push(empty);
        let mut prints = vec![base.fingerprint()];
        prints.extend(variants.iter().map(Cue::fingerprint));
        let mut unique = prints.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), prints.len(), "{prints:x?}");
    }

    #[test]
    fn tail_word_is_the_zero_padded_end() {
        let bytes: Vec<u8> = (1..=20).collect();
        for len in 0..=bytes.len() {
            let all = &bytes[..len];
            for n in 1..=len.min(7) {
                let mut w = [0u8; 8];
                w[..n].copy_from_slice(&all[len - n..]);
                assert_eq!(tail_word(all, n), u64::from_le_bytes(w), "len {len} n {n}");
            }
        }
    }

    #[test]
    fn shared_meta_is_copied_on_write() {
        let mut a = Cue::new(1, Timestamp(0), Timestamp(1000), RichText::plain("x"));
        a.meta_mut().style = Some("Default".into());
        let mut b = a.clone();
        b.meta_mut().style = Some("Sign".into());
        assert_eq!(a.style(), Some("Default"));
        assert_eq!(b.style(), Some("Sign"));
    }

    /// `RichText::shared_lines` and the inlines a reader would build of the same lines, split by
    /// hand: equal, hashed, printed and fingerprinted alike, in every separator and line ending.
    #[test]
    fn lines_form_is_its_inlines() {
        use std::hash::BuildHasher;
        let cases: [(&str, LineSeparator, &[&str]); 6] = [
            ("一行", LineSeparator::Newline, &["一行"]),
            (
                "第一行\n第二行\n3",
                LineSeparator::Newline,
                &["第一行", "第二行", "3"],
            ),
            ("a\r\nb\r\nc", LineSeparator::Newline, &["a", "b", "c"]),
            ("", LineSeparator::Newline, &[]),
            ("上\\N下", LineSeparator::AssBreak, &["上", "下"]),
            ("one", LineSeparator::AssBreak, &["one"]),
        ];
        let hasher = std::collections::hash_map::RandomState::new();
        for (text, sep, lines) in cases {
            // Some text before, so ranges do not start at 0.
            let source = Arc::new(format!("xx\n{text}\nyy"));
            let range = 3..3 + text.len();
            let kept = RichText::shared_lines(&source, range.clone(), sep);
            assert!(kept.is_lines_form(), "{text:?}");
            // The inlines a reader builds: each line a shared run, found in order.
            let mut inlines = Vec::new();
            let mut at = range.start;
            for (k, line) in lines.iter().enumerate() {
                if k > 0 {
                    inlines.push(Inline::LineBreak);
                }
                let from = at + source[at..].find(line).unwrap();
                inlines.push(Inline::Text(Text::shared(&source, from..from + line.len())));
                at = from + line.len();
            }
            let built = RichText::new(inlines.clone());
            assert_eq!(kept, built, "{text:?}");
            assert_eq!(*kept.inlines(), inlines[..]);
            assert_eq!(kept.len(), inlines.len());
            assert_eq!(kept.is_empty(), inlines.is_empty());
            assert_eq!(kept.to_plain(), built.to_plain());
            assert_eq!(kept.to_plain(), lines.join("\n"));
            let mut buffer = String::from(">");
            kept.push_plain(&mut buffer);
            assert_eq!(buffer, format!(">{}", lines.join("\n")));
            assert_eq!(kept.texts().collect::<Vec<_>>(), lines);
            let refs: Vec<InlineRef> = inlines.iter().map(InlineRef::from).collect();
            assert_eq!(kept.refs().collect::<Vec<_>>(), refs);
            assert!(!kept.has_drawing() && kept.tags().next().is_none());
            assert_eq!(format!("{kept:?}"), format!("{built:?}"));
            assert_eq!(hasher.hash_one(&kept), hasher.hash_one(&built));
            let cue = |text: RichText| as_read(Cue::new(1, Timestamp(0), Timestamp(1), text));
            let a = cue(kept.clone());
            assert!(a.is_pristine() && a.clone().is_pristine());
            // Opened for editing: a vector from then on, written from the model even if left
            // as it was.
            let mut opened = a.clone();
            opened.text.inlines_mut();
            assert!(!opened.text.is_lines_form());
            assert_eq!(opened.text, kept);
            assert!(!opened.is_pristine(), "{text:?}");
            assert_eq!(kept.clone().into_inlines(), inlines);
        }
        // A range that cannot be shared (not on a character boundary) is copied, lossily as
        // `Text::shared` copies, never a panic, and its lines are read from the copy.
        let source = Arc::new("你好\n世界".to_string());
        let odd = RichText::shared_lines(&source, 1..source.len(), LineSeparator::Newline);
        assert!(odd.is_lines_form());
        assert_eq!(odd.len(), 3);
        assert_eq!(odd.texts().nth(1), Some("世界"));
        let plain = odd.to_plain();
        assert!(
            plain.starts_with('\u{fffd}') && plain.ends_with("好\n世界"),
            "{plain:?}"
        );
    }

    #[test]
    fn find_byte_finds_the_first() {
        let hay: Vec<u8> = (0..40u8).map(|i| b'a' + i % 26).collect();
        for len in 0..hay.len() {
            for needle in [b'a', b'c', b'h', b'i', b'z', b'\n', 0x80, 0xff] {
                let mut h = hay[..len].to_vec();
                let want = h.iter().position(|&c| c == needle);
                assert_eq!(find_byte(&h, needle), want, "{len} {needle}");
                // A match after a byte one above or below it (where the word trick borrows).
                for at in 0..len {
                    h[at] = needle;
                    if at > 0 {
                        h[at - 1] = needle.wrapping_add(1);
                    }
                    let want = h.iter().position(|&c| c == needle);
                    assert_eq!(find_byte(&h, needle), want, "{len} {needle} {at}");
                    h.copy_from_slice(&hay[..len]);
                }
            }
        }
    }

    #[test]
    fn plain_text() {
        let t = RichText::new(vec![
            Inline::tag(Tag {
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
        assert_eq!(t.texts().collect::<Vec<_>>(), ["a", "b"]);
        let refs: Vec<InlineRef> = t.refs().collect();
        assert_eq!(refs.len(), 6);
        assert!(matches!(
            refs[..],
            [
                InlineRef::Tag(_),
                InlineRef::Text("a"),
                InlineRef::LineBreak,
                InlineRef::Drawing("m 0 0 l 1 1"),
                InlineRef::Text("b"),
                InlineRef::HardSpace
            ]
        ));
        assert!(t.has_drawing());
        assert_eq!(t.tags().count(), 1);
        assert_eq!(t.lines(), vec!["a".to_string(), "b\u{a0}".to_string()]);
    }
}
