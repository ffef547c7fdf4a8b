//! Subtitle file formats: reading bytes into a `Track` and writing a `Track` back out.
//!
//! One file per format, parser and writer side by side. Parsers never fail: whatever they cannot
//! read becomes a `Diagnostic` with line and column and the rest of the file still parses. Writers
//! given the track's own format copy untouched cues byte for byte (see `model::Origin`).

pub mod ass;
mod balance;
mod blocks;
mod digits;
pub mod encoding;
pub mod html;
pub mod sbv;
pub mod srt;
#[cfg(test)]
pub(crate) mod test_support;
pub mod ttml;
pub mod vtt;

/// ASS override blocks live with the ASS format; SRT, WebVTT, HTML-like markup and the fitters
/// read and render them under this name too.
pub use ass::tags as ass_tags;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::diag::{Diagnostic, Severity, rules};
use crate::model::{Format, LineEnding, Track};

/// A track as read, with everything found wrong on the way.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub track: Track,
    pub diagnostics: Vec<Diagnostic>,
}

/// How to read a file.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// `--encoding`: skip detection.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Format forced by the caller; otherwise from the extension, then the content.
    pub format: Option<Format>,
    /// The language the file is said to be in (`--lang`), as `encoding::legacy::language_key`
    /// gives it: evidence when a legacy code page must be guessed.
    pub lang: Option<&'static str>,
}

/// How to write a file. `None` fields mean "UTF-8, no BOM unless the source had a UTF-8 BOM and
/// is written to its own format, the source's line ending".
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    pub encoding: Option<&'static encoding_rs::Encoding>,
    pub bom: Option<bool>,
    pub line_ending: Option<LineEnding>,
}

/// Parses already-decoded text (BOM removed) in the given format.
pub fn parse(text: String, format: Format) -> Loaded {
    let (mut track, diagnostics) = match format {
        Format::Srt => srt::parse(text),
        Format::Ass => ass::parse(text),
        Format::Vtt => vtt::parse(text),
        Format::Ttml => ttml::parse(text),
        Format::Sbv => sbv::parse(text),
    };
    track.format = Some(format);
    // The SRT, WebVTT and SBV readers record line-ending facts while scanning; the others get them here.
    if let (Format::Ass | Format::Ttml, Some(src)) = (format, track.source.clone()) {
        (track.facts.line_ending, track.facts.final_newline) = encoding::line_facts(&src);
    }
    Loaded { track, diagnostics }
}

/// Renders a track as text in `format`, with the diagnostics for anything it could not express.
pub fn write(track: &Track, format: Format) -> (String, Vec<Diagnostic>) {
    match format {
        Format::Srt => srt::write(track),
        Format::Ass => ass::write(track),
        Format::Vtt => vtt::write(track),
        Format::Ttml => ttml::write(track),
        Format::Sbv => sbv::write(track),
    }
}

/// Puts the cues of a track about to be converted into `target` in time order when `target` is
/// read in file order (SRT, WebVTT, TTML): players and platform ingest show cues in the order
/// they come, and an ASS script's event order means nothing (fansub and studio scripts group
/// signs, songs and dialogue by kind — about half of real ones go backwards in time). The sort is
/// stable, so cues starting together keep their order (and with it their layers and signs). A
/// track written back to its own format keeps its order: that is the lossless promise, and
/// `timing-out-of-order` reports what is wrong in it. Returns whether anything moved.
pub fn put_in_time_order(track: &mut Track, target: Format) -> bool {
    let reads_in_order = matches!(
        target,
        Format::Srt | Format::Vtt | Format::Ttml | Format::Sbv
    );
    if !reads_in_order || track.format == Some(target) {
        return false;
    }
    if track.cues.is_sorted_by_key(|c| c.start) {
        return false;
    }
    track.cues.sort_by_key(|c| c.start);
    true
}

/// Guesses the format from the file name, then from the content.
pub fn detect_format(path: Option<&Path>, text: &str) -> Option<Format> {
    if let Some(f) = path
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .and_then(Format::from_name)
    {
        return Some(f);
    }
    sniff_format(text)
}

/// Content-based format detection for files with an unknown or missing extension.
pub fn sniff_format(text: &str) -> Option<Format> {
    let head: &str = match text.char_indices().nth(4096) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    let trimmed = head.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with("WEBVTT") {
        return Some(Format::Vtt);
    }
    if trimmed.starts_with("[Script Info]")
        || head.contains("\n[Events]")
        || head.contains("Dialogue:")
    {
        return Some(Format::Ass);
    }
    // Any markup goes to the TTML reader, which reads a `<tt>` document and names any other
    // (SAMI, HTML) as what it is.
    if trimmed.starts_with("<?xml") || trimmed.starts_with("<tt") || sniff_markup(head).is_some() {
        return Some(Format::Ttml);
    }
    if head.contains("-->") {
        return Some(Format::Srt);
    }
    if trimmed.lines().next().is_some_and(sbv::is_timing_line) {
        return Some(Format::Sbv);
    }
    None
}

/// What a file that opens with markup is, by its first element (after an XML declaration,
/// comments and a DOCTYPE): `ttml` for a `<tt>` root, `sami` for `<SAMI>`, `html` for an HTML
/// page, the root's name for any other XML document. `None` when the text does not open with
/// markup of that kind, so an SRT that starts with a stray `<i>` line is still read as SRT: only
/// an XML declaration, a DOCTYPE or one of those roots counts.
pub fn sniff_markup(text: &str) -> Option<String> {
    let mut rest = text.trim_start_matches('\u{feff}').trim_start();
    let mut declared = false;
    // Prolog: the XML declaration, processing instructions, comments, a DOCTYPE; bounded by the
    // first 4 KiB so a file of endless comments is not scanned to its end.
    for _ in 0..64 {
        if rest.starts_with("<?") {
            declared = true;
            rest = rest.get(rest.find("?>")? + 2..)?.trim_start();
        } else if rest.starts_with("<!--") {
            rest = rest.get(rest.find("-->")? + 3..)?.trim_start();
        } else if rest.len() >= 9 && rest.get(..9)?.eq_ignore_ascii_case("<!doctype") {
            let doctype = rest.get(9..rest.find('>')?)?.trim();
            if doctype.to_ascii_lowercase().starts_with("html") {
                return Some("html".into());
            }
            declared = true;
            rest = rest.get(rest.find('>')? + 1..)?.trim_start();
        } else {
            break;
        }
        if text.len() - rest.len() > 4096 {
            return None;
        }
    }
    let name: String = rest
        .strip_prefix('<')?
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, ':' | '_' | '-' | '.'))
        .take(64)
        .collect();
    let local = name.rsplit(':').next().unwrap_or("").to_ascii_lowercase();
    match local.as_str() {
        "tt" => Some("ttml".into()),
        "sami" => Some("sami".into()),
        "html" | "head" | "body" => Some("html".into()),
        "" => None,
        _ if declared => Some(local),
        _ => None,
    }
}

/// Why a file could not be read at all (a file that reads but has faults yields diagnostics
/// instead). Carries data, not prose: the CLI renders it through Fluent, keyed by `id()`;
/// `Display` is for debugging only.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("read-io-error {path:?}: {kind:?}")]
    Io {
        path: std::path::PathBuf,
        kind: std::io::ErrorKind,
        #[source]
        source: std::io::Error,
    },
    /// Neither the caller, the extension nor the content says which subtitle format this is.
    #[error("read-unknown-format {path:?}")]
    UnknownFormat { path: Option<std::path::PathBuf> },
}

impl ReadError {
    /// Stable kebab-case id (also the Fluent message id the CLI uses).
    pub fn id(&self) -> &'static str {
        match self {
            ReadError::Io { .. } => "read-io-error",
            ReadError::UnknownFormat { .. } => "read-unknown-format",
        }
    }

    pub fn path(&self) -> Option<&Path> {
        match self {
            ReadError::Io { path, .. } => Some(path),
            ReadError::UnknownFormat { path } => path.as_deref(),
        }
    }
}

/// Decodes and parses a whole file's bytes: encoding (`opts.encoding`, else BOM, else detection),
/// then format (`opts.format`, else the extension of `path`, else the content). The decoding
/// findings come first in the diagnostics; every diagnostic gets `path` when one is given.
pub fn read_bytes(
    bytes: Vec<u8>,
    path: Option<&Path>,
    opts: &ReadOptions,
) -> Result<Loaded, ReadError> {
    let decoded = encoding::decode_owned(bytes, opts.encoding, opts.lang);
    // The model keeps offsets into the text as u32 (`model::Origin`, `model::Text`). `read_file`
    // caps inputs far below this; a caller handing bytes in directly is held to it here.
    let limit = u64::from(u32::MAX);
    let decoded_len = u64::try_from(decoded.text.len()).unwrap_or(u64::MAX);
    if decoded_len > limit {
        let source = std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            InputTooLarge {
                size: decoded_len,
                limit,
            },
        );
        return Err(ReadError::Io {
            path: path.map_or_else(|| std::path::PathBuf::from("-"), Path::to_path_buf),
            kind: source.kind(),
            source,
        });
    }
    check_budget(&decoded.text, path)?;
    let Some(mut format) = opts.format.or_else(|| detect_format(path, &decoded.text)) else {
        return Err(ReadError::UnknownFormat {
            path: path.map(Path::to_path_buf),
        });
    };
    // What the content is beats what the name says (a format the caller forces is taken as is).
    let mut from_content = None;
    if opts.format.is_none()
        && format != Format::Ttml
        && let Some(kind) = sniff_markup(&decoded.text)
    {
        if kind == "ttml" {
            // TTML under another name (`.srt`, `.txt`, `.xml` renamed): unambiguous, since no
            // SRT, WebVTT, ASS or SBV file can open with a `<tt>` element, and reading it is
            // what the user wants; a note says the name was wrong.
            from_content = Some(format);
            format = Format::Ttml;
        } else {
            // SAMI, HTML, other XML: read as SRT, its markup would become cue text. Refused,
            // naming what it is.
            let track = Track {
                format: Some(format),
                source: Some(Arc::new(decoded.text)),
                ..Track::default()
            };
            let mut diagnostics = decoded.diagnostics;
            diagnostics.push(
                Diagnostic::new(rules::PARSE_UNSUPPORTED_FORMAT, Severity::Error)
                    .at(1, 1)
                    .arg("format", kind),
            );
            if let Some(p) = path {
                for d in &mut diagnostics {
                    d.path.get_or_insert_with(|| p.to_path_buf());
                }
            }
            return Ok(Loaded { track, diagnostics });
        }
    }
    let mut loaded = parse(decoded.text, format);
    if let Some(named) = from_content {
        loaded.diagnostics.insert(
            0,
            Diagnostic::new(rules::PARSE_FORMAT_FROM_CONTENT, Severity::Info)
                .at(1, 1)
                .arg("named", named.name())
                .arg("format", Format::Ttml.name()),
        );
    }
    let facts = &mut loaded.track.facts;
    facts.encoding = decoded.name.to_string();
    facts.encoding_guessed = decoded.guessed;
    facts.bom = decoded.bom;
    let mut diagnostics = decoded.diagnostics;
    diagnostics.append(&mut loaded.diagnostics);
    if let Some(p) = path {
        for d in &mut diagnostics {
            d.path.get_or_insert_with(|| p.to_path_buf());
        }
    }
    loaded.diagnostics = diagnostics;
    Ok(loaded)
}

/// The largest input [`read_file`] accepts: far above any real subtitle file (a feature film is
/// well under 1 MB, the largest test files 50 MB), low enough that a mistaken or hostile input (a
/// video passed by accident, a 1 GB line) fails at once instead of exhausting memory.
pub const MAX_INPUT_BYTES: u64 = 512 * 1024 * 1024;

/// The source of a [`ReadError::Io`] whose `kind` is `FileTooLarge`: the input is over the limit.
/// (`size` is the file's length, or for a device or pipe without one, the bytes read before
/// stopping.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("read-too-large: {size} bytes, limit {limit}")]
pub struct InputTooLarge {
    pub size: u64,
    pub limit: u64,
}

/// Why a path that is not a regular file is not read: a FIFO with no writer would block forever,
/// a device (`/dev/zero`) never ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a regular file ({kind})")]
pub struct NotRegularFile {
    /// `fifo`, `device`, `socket` or `other`.
    pub kind: &'static str,
}

/// A file whose model would not fit the memory budget (`memory_budget`), refused before it is
/// built: an estimate from its cue and markup counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{cues} cues and {tags} markup tags need about {needed} bytes; the budget is {budget}")]
pub struct OverBudget {
    pub cues: u64,
    pub tags: u64,
    pub needed: u64,
    pub budget: u64,
}

impl ReadError {
    /// The size and the limit when the file was refused for being larger than the limit.
    pub fn too_large(&self) -> Option<InputTooLarge> {
        match self {
            ReadError::Io { source, .. } => source
                .get_ref()
                .and_then(|e| e.downcast_ref::<InputTooLarge>())
                .copied(),
            ReadError::UnknownFormat { .. } => None,
        }
    }
}

/// Reads and parses a file (see [`read_bytes`]) of at most [`MAX_INPUT_BYTES`].
pub fn read_file(path: &Path, opts: &ReadOptions) -> Result<Loaded, ReadError> {
    read_file_limited(path, opts, MAX_INPUT_BYTES)
}

/// [`read_file`] with another size limit. The file's length is checked before anything is read,
/// and the read itself stops after `limit` bytes, so neither a huge file nor an endless source
/// (a device, a pipe) can exhaust memory. Over the limit: `ReadError::Io` with kind
/// `FileTooLarge` and an [`InputTooLarge`] source (see [`ReadError::too_large`]).
pub fn read_file_limited(path: &Path, opts: &ReadOptions, limit: u64) -> Result<Loaded, ReadError> {
    use std::io::Read as _;
    let io_err = |source: std::io::Error| ReadError::Io {
        path: path.to_path_buf(),
        kind: source.kind(),
        source,
    };
    let too_large = |size: u64| {
        io_err(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            InputTooLarge { size, limit },
        ))
    };
    // Looked at before opening: opening a FIFO blocks until a writer comes.
    let meta = std::fs::metadata(path).map_err(io_err)?;
    if !meta.is_file() && !meta.is_dir() {
        return Err(io_err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            NotRegularFile {
                kind: special_kind(&meta),
            },
        )));
    }
    let file = std::fs::File::open(path).map_err(io_err)?;
    let len = file.metadata().map_err(io_err)?.len();
    if len > limit {
        return Err(too_large(len));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io_err)?;
    let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if read > limit {
        return Err(too_large(read));
    }
    read_bytes(bytes, Some(path), opts)
}

#[cfg(unix)]
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt as _;
    let t = meta.file_type();
    if t.is_fifo() {
        "fifo"
    } else if t.is_char_device() || t.is_block_device() {
        "device"
    } else if t.is_socket() {
        "socket"
    } else {
        "other"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::Metadata) -> &'static str {
    "other"
}

/// Bytes of model per cue, per ASS event line and per markup tag, beyond the text itself, with
/// what reading reports about them. Measured as `subloc convert FILE - > /dev/null` peaks
/// (resident, less twice the text: the decoded text and the written output) on files made to cost
/// the most per item, then rounded up by a third:
/// - a cue: 300 000 WebVTT cues each with its own identifier and settings and a reader warning
///   (ends before it starts), 826 bytes a cue; the warning alone is ~500 (its arguments are owned
///   strings), a meta of its own ~250, a plain one-word cue 105. A TTML paragraph with its own
///   style and region and a warning (unknown region) is ~1400: counted as a cue and a tag;
/// - an ASS event line: 300 000 events whose style, name, margins and effect all differ, each with
///   a warning, 1237 bytes an event (778 without the warning; 87 for events sharing one meta);
/// - a tag: 300 000 distinct unknown ASS override tags in one line (`{\zz1}x` …), 393 bytes a tag
///   (distinct colours 338; 2 M shared `<i>` tags in one SRT line, 35).
///
/// The text counts three times: decoded, its source bytes while decoding, and the written output.
/// Pricing every item as the costliest keeps a file that would not fit from aborting the process
/// (issue 16); the price is that an ordinary file is estimated at several times what it takes —
/// the 52 MB benchmark SRT at 0.97 GB where reading it peaks at 115 MB, the ASS at 1.1 GB for
/// 102 MB — so only a budget below ~19 to ~21 bytes per byte of text refuses one (`SUBLOC_MEMORY_LIMIT` raises it; the error says so). The first prices
/// (192 a cue or event, 256 a tag) left out metas and warnings: four times too little.
const BYTES_PER_CUE: u64 = 1104;
const BYTES_PER_EVENT: u64 = 1656;
const BYTES_PER_TAG: u64 = 528;

/// The memory a file's model will take, estimated from its decoded text before it is parsed:
/// (cues, tags, bytes), where cues counts SRT/WebVTT timing arrows, TTML paragraphs and ASS event
/// lines alike. Counting is one pass over the bytes.
pub fn estimate_model(text: &str) -> (u64, u64, u64) {
    let b = text.as_bytes();
    let mut cues = 0u64;
    let mut events = 0u64;
    let mut tags = 0u64;
    let mut prev = b'\n';
    for w in b.windows(3) {
        match w {
            [b'-', b'-', b'>'] => cues += 1,
            // A TTML paragraph is a cue, and its element a tag too.
            [b'<', b'p', b' ' | b'>'] => {
                cues += 1;
                tags += 1;
            }
            [b'{', b'\\', _] | [b'<', b'a'..=b'z' | b'/', _] => tags += 1,
            _ => {}
        }
        if prev == b'\n' && (w == b"Dia" || w == b"Com") {
            events += 1;
        }
        prev = w[0];
    }
    let text_len = u64::try_from(b.len()).unwrap_or(u64::MAX);
    let needed = text_len
        .saturating_mul(3)
        .saturating_add(cues.saturating_mul(BYTES_PER_CUE))
        .saturating_add(events.saturating_mul(BYTES_PER_EVENT))
        .saturating_add(tags.saturating_mul(BYTES_PER_TAG));
    (cues.saturating_add(events), tags, needed)
}

/// Refuses a text whose model would not fit [`memory_budget`], in up to three steps, each only
/// when the one before cannot clear the text:
/// 1. its length at the densest possible markup (what `estimate_model` counts begins at its own
///    byte and spans at least 2 to 4: an arrow 3, `\nDia` 4, a tag 2, a paragraph `<p ` 3 as a
///    cue and a tag — so no byte costs more than the dearest of those per byte);
/// 2. a bound from four byte counts — no more arrows than `>` and paragraphs than `<`, event
///    lines than lines, tags than `<` and `{` — which the compiler vectorizes (`count_bytes`);
/// 3. `estimate_model` itself, a byte-by-byte pass that cost a 50 MB read a third of its time
///    (`cargo bench --bench io`), so it only runs for a text that might really not fit.
fn check_budget(text: &str, path: Option<&Path>) -> Result<(), ReadError> {
    let budget = memory_budget();
    let len = u64::try_from(text.len()).unwrap_or(u64::MAX);
    let per_byte = (BYTES_PER_CUE / 3)
        .max(BYTES_PER_EVENT / 4)
        .max(BYTES_PER_TAG / 2)
        .max((BYTES_PER_CUE + BYTES_PER_TAG) / 3);
    if len.saturating_mul(3 + per_byte) <= budget {
        return Ok(());
    }
    let [lines, gt, lt, brace] = count_bytes(text.as_bytes(), [b'\n', b'>', b'<', b'{']);
    let bound = len
        .saturating_mul(3)
        .saturating_add(gt.saturating_add(lt).saturating_mul(BYTES_PER_CUE))
        .saturating_add(lines.saturating_add(1).saturating_mul(BYTES_PER_EVENT))
        .saturating_add(lt.saturating_add(brace).saturating_mul(BYTES_PER_TAG));
    if bound <= budget {
        return Ok(());
    }
    let (cues, tags, needed) = estimate_model(text);
    if needed <= budget {
        return Ok(());
    }
    let source = std::io::Error::new(
        std::io::ErrorKind::OutOfMemory,
        OverBudget {
            cues,
            tags,
            needed,
            budget,
        },
    );
    Err(ReadError::Io {
        path: path.map_or_else(|| std::path::PathBuf::from("-"), Path::to_path_buf),
        kind: source.kind(),
        source,
    })
}

/// How many times each of `needles` occurs in `b`. Counted 255 bytes at a time into one-byte
/// counters (a chunk cannot overflow them), a loop shape the compiler turns into vector compares;
/// a `u64` count per byte was several times slower.
fn count_bytes<const N: usize>(b: &[u8], needles: [u8; N]) -> [u64; N] {
    let mut total = [0u64; N];
    for chunk in b.chunks(255) {
        let mut counts = [0u8; N];
        for &c in chunk {
            for (n, &needle) in counts.iter_mut().zip(&needles) {
                *n += u8::from(c == needle);
            }
        }
        for (t, n) in total.iter_mut().zip(counts) {
            *t += u64::from(n);
        }
    }
    total
}

/// How much memory one file's model may take: `SUBLOC_MEMORY_LIMIT` (`2G`, `512M`, bytes) when
/// set, else three quarters of the memory the system has available (Linux `MemAvailable`), else
/// 4 GiB. A file over it is refused with a clear error instead of the allocator aborting the
/// process.
///
/// Read once per process: `check` of a season reads hundreds of files, and the budget does not
/// need `/proc/meminfo` read again for each.
pub fn memory_budget() -> u64 {
    static BUDGET: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *BUDGET.get_or_init(|| {
        std::env::var("SUBLOC_MEMORY_LIMIT")
            .ok()
            .and_then(|v| parse_size(&v))
            .unwrap_or_else(|| available_memory().map_or(4 << 30, |a| a / 4 * 3))
    })
}

/// `512M`, `2G`, `1.5G`, `1000000` (bytes); binary units.
fn parse_size(v: &str) -> Option<u64> {
    let v = v.trim();
    let (num, unit) = match v.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
        Some((i, _)) => (&v[..i], v[i..].trim().to_ascii_uppercase()),
        None => (v, String::new()),
    };
    let n: f64 = num.trim().parse().ok()?;
    let scale = match unit.trim_end_matches("IB").trim_end_matches('B') {
        "" => 1.0,
        "K" => 1024.0,
        "M" => 1024.0 * 1024.0,
        "G" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    (n.is_finite() && n > 0.0).then_some((n * scale) as u64)
}

fn available_memory() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kb.checked_mul(1024)
}

/// Renders a track as bytes: the format's writer, then line endings (only when `opts.line_ending`
/// asks and the text is not already uniform), then the encoding (`opts.encoding`, else UTF-8).
/// BOM: `opts.bom`, else as the source had it when writing in kind (same format and encoding —
/// so an untouched file round-trips byte for byte), else on for UTF-16 (players need it to tell
/// the byte order) and off otherwise. TTML's XML declaration names the encoding actually used.
pub fn write_bytes(
    track: &Track,
    format: Format,
    opts: &WriteOptions,
) -> (Vec<u8>, Vec<Diagnostic>) {
    let enc = opts.encoding.unwrap_or(encoding_rs::UTF_8);
    let (mut text, mut diagnostics) = write(track, format);
    if let Some(le) = opts.line_ending
        && let std::borrow::Cow::Owned(normalized) = encoding::normalize_line_endings(&text, le)
    {
        text = normalized;
    }
    if format == Format::Ttml && enc != encoding_rs::UTF_8 {
        let label = if encoding::is_utf16(enc) {
            "UTF-16"
        } else {
            enc.name()
        };
        text = text.replacen("encoding=\"UTF-8\"", &format!("encoding=\"{label}\""), 1);
    }
    // A UTF-32 file written back to its own format stays UTF-32 (encoding_rs cannot name it).
    let utf32 = match track.facts.encoding.as_str() {
        encoding::UTF_32LE_NAME => Some(false),
        encoding::UTF_32BE_NAME => Some(true),
        _ => None,
    };
    if let Some(big_endian) =
        utf32.filter(|_| opts.encoding.is_none() && track.format == Some(format))
    {
        let bom = opts
            .bom
            .unwrap_or(track.facts.bom != crate::model::Bom::None);
        return (encoding::encode_utf32(&text, big_endian, bom), diagnostics);
    }
    let in_kind = track.format == Some(format) && track.facts.encoding == enc.name();
    let bom = opts.bom.unwrap_or(if in_kind {
        track.facts.bom != crate::model::Bom::None
    } else {
        encoding::is_utf16(enc)
    });
    // Owned: UTF-8 without BOM (the default) hands the writer's buffer over without a copy.
    let (bytes, mut enc_diags) = encoding::encode_owned(text, enc, bom);
    diagnostics.append(&mut enc_diags);
    (bytes, diagnostics)
}

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, flushed to disk,
/// then renamed over the target, so a crash or a full disk never leaves a half-written subtitle.
/// An existing target's permissions are kept. (A symlink target is replaced, not followed.)
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);

    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut created = None;
    for _ in 0..1000 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let mut tmp_name = std::ffi::OsString::from(".");
        tmp_name.push(name);
        tmp_name.push(format!(".{}-{n}.subloc-tmp", std::process::id()));
        let tmp = dir.join(tmp_name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => {
                created = Some((tmp, f));
                break;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    let (tmp, mut file) =
        created.ok_or_else(|| std::io::Error::from(std::io::ErrorKind::AlreadyExists))?;
    let result = (|| {
        file.write_all(bytes)?;
        if let Ok(meta) = std::fs::metadata(path) {
            file.set_permissions(meta.permissions())?;
        }
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
        return result;
    }
    // Make the rename itself durable; not every platform can open a directory, so best effort.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Reserves room for a reader's cues once it has read a few, from how much text they took:
/// `first` is where the first cue starts, `at` where the cue about to be pushed starts, `len` the
/// text's length. Called when `cues` holds `SAMPLE` cues; a 5 % margin covers ordinary variation
/// and a file whose cues grow later only grows its vector once more. Replaces the doubling growth
/// that copied (and page-faulted) the whole vector again at every step; pages reserved and never
/// used are never touched, so an overestimate costs address space, not memory.
pub(crate) fn reserve_cues(cues: &mut Vec<crate::model::Cue>, first: usize, at: usize, len: usize) {
    const SAMPLE: usize = 64;
    if cues.len() != SAMPLE || at <= first {
        return;
    }
    let estimate = len
        .saturating_sub(first)
        .saturating_mul(SAMPLE)
        .checked_div(at - first)
        .unwrap_or(0);
    // Bounded by the densest possible file (a cue every 20 bytes: `1\n0:0:0,0 --> 0:0:1,0\n\n`),
    // so a sample of unusually long cues can never ask for more than the text could hold.
    let estimate = (estimate + estimate / 20).min(len / 20 + SAMPLE);
    cues.reserve(estimate.saturating_sub(cues.len()));
}

/// Gives a reader one shared `Arc` per distinct value it builds again and again: tags (`<i>`,
/// `{\an8}`) and ASS event attributes (style, speaker, layer) repeat on most cues of a large file,
/// and a shared copy costs a pointer where an own copy costs two or three allocations.
///
/// Bounded: only short keys are kept, and the table starts over when it reaches `MAX` entries,
/// so a file of distinct values costs no more than it did without sharing.
///
/// Hashed with foldhash (per-process random seed) rather than std's SipHash, which was 6 % of
/// reading a 50 MB ASS script (a lookup per event line): the keys are at most `MAX_KEY` bytes and
/// the table at most `MAX` entries, so even a file crafted to collide costs a bounded scan per
/// line, not a denial of service.
pub(crate) struct Shared<T> {
    map: HashMap<Box<str>, Arc<T>, foldhash::fast::RandomState>,
}

impl<T> Default for Shared<T> {
    fn default() -> Self {
        Shared {
            map: HashMap::default(),
        }
    }
}

impl<T: PartialEq> Shared<T> {
    const MAX: usize = 1024;
    const MAX_KEY: usize = 96;

    /// The shared value for `key`, made by `make` on first sight: the caller guarantees that
    /// `key` alone determines what `make` returns.
    pub(crate) fn get_or_make(&mut self, key: &str, make: impl FnOnce() -> T) -> Arc<T> {
        if let Some(v) = self.map.get(key) {
            return Arc::clone(v);
        }
        let v = Arc::new(make());
        self.remember(key, &v);
        v
    }

    /// The shared value for `key`, when there is one.
    pub(crate) fn get(&self, key: &str) -> Option<Arc<T>> {
        self.map.get(key).map(Arc::clone)
    }

    fn remember(&mut self, key: &str, value: &Arc<T>) {
        if key.len() > Self::MAX_KEY {
            return;
        }
        if self.map.len() >= Self::MAX {
            self.map.clear();
        }
        self.map.insert(key.into(), Arc::clone(value));
    }
}

#[cfg(test)]
mod io_tests {
    use super::*;
    use crate::diag::rules;
    use crate::model::Bom;

    /// A TTML document with one finding of its reader (a time it cannot read).
    const TTML: &str = "<?xml version=\"1.0\"?>\n<tt xmlns=\"http://www.w3.org/ns/ttml\"><body><div>\
                        <p begin=\"x\" end=\"1s\">a</p></div></body></tt>\n";

    #[test]
    fn byte_counts_match_a_plain_count() {
        // Runs of one byte longer than a chunk (every counter at its limit), and lengths either
        // side of a chunk boundary.
        let mut text = "\n".repeat(1000);
        text.push_str(&"<i>{\\b1}字>".repeat(300));
        for len in [0, 1, 254, 255, 256, 510, 511, text.len()] {
            let b = text.as_bytes().get(..len).unwrap_or_default();
            let plain = |needle: u8| b.iter().filter(|&&c| c == needle).count() as u64;
            assert_eq!(
                count_bytes(b, [b'\n', b'>', b'<', b'{']),
                [plain(b'\n'), plain(b'>'), plain(b'<'), plain(b'{')],
                "{len}"
            );
        }
    }

    #[test]
    fn model_estimate_counts_cues_and_tags_and_sizes_parse() {
        let srt =
            "1\n00:00:01,000 --> 00:00:02,000\n<i>a</i>\n\n2\n00:00:03,000 --> 00:00:04,000\nb\n";
        let (cues, tags, needed) = estimate_model(srt);
        assert_eq!((cues, tags), (2, 2));
        let text = 3 * srt.len() as u64;
        assert_eq!(needed, text + 2 * BYTES_PER_CUE + 2 * BYTES_PER_TAG);
        let ass =
            "[Events]\nDialogue: 0,0:00:01.00,0:00:02.00,D,,0,0,0,,{\\i1}a{\\b1}b\nComment: x\n";
        let (cues, tags, needed) = estimate_model(ass);
        assert_eq!((cues, tags), (2, 2));
        // An event line may carry a meta of its own: it is counted at that price.
        let text = 3 * ass.len() as u64;
        assert_eq!(needed, text + 2 * BYTES_PER_EVENT + 2 * BYTES_PER_TAG);
        // The bound check_budget takes before counting exactly covers the exact count.
        for text in [srt, ass, TTML] {
            let [lines, gt, lt, brace] = count_bytes(text.as_bytes(), [b'\n', b'>', b'<', b'{']);
            let (cues, tags, _) = estimate_model(text);
            assert!(cues <= gt + lt + lines + 1 && tags <= lt + brace, "{text}");
        }
        // A TTML paragraph is a cue and a tag; every other element (closing ones too) a tag.
        let ttml = "<tt><body><div><p begin=\"1s\" end=\"2s\">a</p><p>b</p></div></body></tt>";
        let (cues, tags, _) = estimate_model(ttml);
        assert_eq!((cues, tags), (2, 10));
        assert_eq!(parse_size("512M"), Some(512 << 20));
        assert_eq!(parse_size("2 GiB"), Some(2 << 30));
        assert_eq!(parse_size("1.5G"), Some(3 << 29));
        assert_eq!(parse_size("100"), Some(100));
        assert_eq!(parse_size("lots"), None);
        assert_eq!(parse_size("-1G"), None);
    }

    #[test]
    fn utf32_files_are_written_back_as_utf32() {
        let text = "1\r\n00:00:01,000 --> 00:00:02,000\r\n琉璃 کاشی 🏺\r\n";
        let units = |be: bool| -> Vec<u8> {
            text.chars()
                .flat_map(|c| {
                    let c = u32::from(c);
                    if be { c.to_be_bytes() } else { c.to_le_bytes() }
                })
                .collect()
        };
        let cases = [
            [vec![0xFF, 0xFE, 0, 0], units(false)].concat(),
            [vec![0, 0, 0xFE, 0xFF], units(true)].concat(),
            units(false),
            units(true),
        ];
        for bytes in cases {
            let loaded = read_bytes(bytes.clone(), None, &ReadOptions::default()).expect("reads");
            assert!(loaded.track.facts.encoding.starts_with("UTF-32"));
            let (out, d) = write_bytes(&loaded.track, Format::Srt, &WriteOptions::default());
            assert!(d.is_empty(), "{d:?}");
            assert!(
                out == bytes,
                "{} not written back as read",
                loaded.track.facts.encoding
            );
            // Into another format (or a named encoding) it is UTF-8 as usual.
            let (vtt, _) = write_bytes(&loaded.track, Format::Vtt, &WriteOptions::default());
            assert!(std::str::from_utf8(&vtt).is_ok_and(|t| t.contains("琉璃 کاشی 🏺")));
        }
    }

    #[test]
    fn read_bytes_records_source_facts_and_path() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(TTML.as_bytes());
        let path = Path::new("dir/ep01.ttml");
        let loaded = read_bytes(bytes, Some(path), &ReadOptions::default()).expect("reads");
        let t = &loaded.track;
        assert_eq!(t.format, Some(Format::Ttml));
        assert_eq!(t.facts.encoding, "UTF-8");
        assert_eq!((t.facts.bom, t.facts.encoding_guessed), (Bom::Utf8, false));
        assert_eq!(t.source.as_deref().map(String::as_str), Some(TTML));
        assert_eq!(loaded.diagnostics.len(), 1);
        assert_eq!(loaded.diagnostics[0].rule, rules::PARSE_BAD_TIMING);
        assert_eq!(loaded.diagnostics[0].path.as_deref(), Some(path));
    }

    fn read_named(name: &str, text: &str) -> Loaded {
        read_bytes(
            text.as_bytes().to_vec(),
            Some(Path::new(name)),
            &ReadOptions::default(),
        )
        .expect("reads")
    }

    fn rules_of(l: &Loaded) -> Vec<&'static str> {
        l.diagnostics.iter().map(|d| d.rule).collect()
    }

    #[test]
    fn sami_named_srt_is_refused_as_sami_not_read_as_srt() {
        let sami = "<SAMI>\n<HEAD><TITLE>x</TITLE></HEAD>\n<BODY>\n<SYNC Start=1000><P Class=ENCC>\
                    1\n00:00:01,000 --> 00:00:02,000\nhi\n</BODY>\n</SAMI>\n";
        for name in ["ep01.srt", "ep01.vtt", "ep01.sbv", "ep01.smi", "ep01"] {
            let l = read_named(name, sami);
            assert!(l.track.cues.is_empty(), "{name}");
            assert_eq!(rules_of(&l), [rules::PARSE_UNSUPPORTED_FORMAT], "{name}");
            assert_eq!(l.diagnostics[0].get_arg("format"), Some("sami"), "{name}");
            assert_eq!(l.diagnostics[0].severity, Severity::Error);
        }
    }

    #[test]
    fn html_and_other_xml_named_srt_are_refused() {
        let html =
            "<!DOCTYPE html>\n<html><body><p>00:00:01,000 --> 00:00:02,000</p></body></html>";
        let l = read_named("page.srt", html);
        assert_eq!(l.diagnostics[0].get_arg("format"), Some("html"));
        let l = read_named(
            "page.srt",
            "<html><body>1\n00:00:01,000 --> 00:00:02,000\n</body></html>",
        );
        assert_eq!(l.diagnostics[0].get_arg("format"), Some("html"));
        let xml = "<?xml version=\"1.0\"?>\n<transcript><text start=\"1\">hi</text></transcript>";
        let l = read_named("yt.srt", xml);
        assert_eq!(rules_of(&l), [rules::PARSE_UNSUPPORTED_FORMAT]);
        assert_eq!(l.diagnostics[0].get_arg("format"), Some("transcript"));
        // Named .xml, the TTML reader names the root the same way.
        let l = read_named("yt.xml", xml);
        assert_eq!(rules_of(&l), [rules::PARSE_UNSUPPORTED_FORMAT]);
        assert_eq!(l.diagnostics[0].get_arg("format"), Some("transcript"));
    }

    #[test]
    fn ttml_named_srt_is_read_as_ttml_with_a_note() {
        let ttml = "<?xml version=\"1.0\"?>\n<!-- made by hand -->\n<tt xmlns=\"http://www.w3.org/ns/ttml\">\
                    <body><div><p begin=\"1s\" end=\"2s\">hi</p></div></body></tt>";
        for name in ["ep01.srt", "ep01.txt"] {
            let l = read_named(name, ttml);
            assert_eq!(l.track.format, Some(Format::Ttml), "{name}");
            assert_eq!(l.track.cues.len(), 1, "{name}");
        }
        let l = read_named("ep01.srt", ttml);
        assert_eq!(rules_of(&l), [rules::PARSE_FORMAT_FROM_CONTENT]);
        assert_eq!(l.diagnostics[0].severity, Severity::Info);
        assert_eq!(l.diagnostics[0].get_arg("named"), Some("srt"));
        // A forced format is taken as is.
        let forced = ReadOptions {
            format: Some(Format::Srt),
            ..ReadOptions::default()
        };
        let l = read_bytes(ttml.as_bytes().to_vec(), None, &forced).unwrap();
        assert_eq!(l.track.format, Some(Format::Srt));
    }

    #[test]
    fn srt_with_markup_in_its_text_is_still_srt() {
        for srt in [
            "1\n00:00:01,000 --> 00:00:02,000\n<i>hi</i>\n",
            "<i>stray first line</i>\n1\n00:00:01,000 --> 00:00:02,000\nhi\n",
        ] {
            let l = read_named("ep.srt", srt);
            assert_eq!(l.track.format, Some(Format::Srt), "{srt}");
            assert!(
                !rules_of(&l).contains(&rules::PARSE_UNSUPPORTED_FORMAT),
                "{srt}"
            );
            assert_eq!(l.track.cues.len(), 1);
        }
    }

    #[test]
    fn decoding_findings_come_first() {
        let text =
            format!("{TTML}<!-- 林师傅，这块琉璃的颜色不对！景德镇的窑火，三天三夜不能停。 -->\n");
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        let opts = ReadOptions {
            format: Some(Format::Ttml),
            ..ReadOptions::default()
        };
        let loaded = read_bytes(gbk.into_owned(), None, &opts).expect("reads");
        let got: Vec<_> = loaded.diagnostics.iter().map(|d| d.rule).collect();
        assert_eq!(got, vec![rules::ENCODING_GUESSED, rules::PARSE_BAD_TIMING]);
        assert_eq!(loaded.track.facts.encoding, "GBK");
        assert!(loaded.track.facts.encoding_guessed);
        assert!(loaded.diagnostics.iter().all(|d| d.path.is_none()));
    }

    #[test]
    fn unknown_format_and_io_errors_carry_data() {
        let err = read_bytes(
            b"just prose".to_vec(),
            Some(Path::new("a.txt")),
            &ReadOptions::default(),
        )
        .expect_err("unknown");
        assert_eq!(err.id(), "read-unknown-format");
        assert_eq!(err.path(), Some(Path::new("a.txt")));
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = dir.path().join("nope.srt");
        match read_file(&missing, &ReadOptions::default()) {
            Err(ReadError::Io { path, kind, .. }) => {
                assert_eq!(path, missing);
                assert_eq!(kind, std::io::ErrorKind::NotFound);
            }
            other => panic!("expected an I/O error, got {other:?}"),
        }
    }

    fn ttml_track() -> Track {
        let cue = crate::model::Cue::new(
            1,
            crate::model::Timestamp(0),
            crate::model::Timestamp(1000),
            crate::model::RichText::plain("你好"),
        );
        Track {
            cues: vec![cue],
            ..Track::default()
        }
    }

    #[test]
    fn write_bytes_encodes_and_declares_the_encoding() {
        let t = ttml_track();
        let opts = WriteOptions {
            encoding: Some(encoding_rs::UTF_16LE),
            line_ending: Some(LineEnding::CrLf),
            ..WriteOptions::default()
        };
        let (bytes, diags) = write_bytes(&t, Format::Ttml, &opts);
        assert!(diags.is_empty());
        assert!(
            bytes.starts_with(&[0xFF, 0xFE, b'<', 0]),
            "UTF-16 gets a BOM by default"
        );
        let back = encoding::decode(&bytes, None);
        assert!(
            back.text
                .starts_with("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\r\n<tt ")
        );
        assert!(!back.text.replace("\r\n", "").contains('\n'));
        assert!(back.text.contains(">你好</p>"));

        let opts = WriteOptions {
            encoding: Some(encoding_rs::WINDOWS_1252),
            ..WriteOptions::default()
        };
        let (bytes, diags) = write_bytes(&t, Format::Ttml, &opts);
        assert!(bytes.starts_with(b"<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n"));
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].rule, rules::WRITE_UNMAPPABLE);
        assert_eq!(diags[0].get_arg("count"), Some("2"));
    }

    #[test]
    fn utf8_bom_is_kept_only_when_writing_in_kind() {
        let mut t = ttml_track();
        t.format = Some(Format::Srt);
        t.facts.encoding = "UTF-8".into();
        t.facts.bom = Bom::Utf8;
        let bom = |t: &Track, format, opts: &WriteOptions| {
            write_bytes(t, format, opts).0.starts_with(b"\xEF\xBB\xBF")
        };
        assert!(bom(&t, Format::Srt, &WriteOptions::default()));
        assert!(!bom(&t, Format::Vtt, &WriteOptions::default()));
        let no = WriteOptions {
            bom: Some(false),
            ..WriteOptions::default()
        };
        assert!(!bom(&t, Format::Srt, &no));
        let yes = WriteOptions {
            bom: Some(true),
            ..WriteOptions::default()
        };
        assert!(bom(&t, Format::Ttml, &yes));
        // A UTF-16 source written in kind keeps its BOM; written as UTF-8 it loses it.
        t.facts.encoding = "UTF-16LE".into();
        t.facts.bom = Bom::Utf16Le;
        let utf16 = WriteOptions {
            encoding: Some(encoding_rs::UTF_16LE),
            ..WriteOptions::default()
        };
        assert!(!bom(&t, Format::Srt, &WriteOptions::default()));
        let (bytes, _) = write_bytes(&t, Format::Ttml, &utf16);
        assert!(bytes.starts_with(&[0xFF, 0xFE]));
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("out.srt");
        write_file_atomic(&path, b"first").expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let perms = std::fs::Permissions::from_mode(0o640);
            std::fs::set_permissions(&path, perms).expect("chmod");
        }
        write_file_atomic(&path, "第二".as_bytes()).expect("overwrite");
        assert_eq!(std::fs::read(&path).expect("read"), "第二".as_bytes());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("ls")
            .filter_map(|e| e.ok().map(|e| e.file_name()))
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.srt")]);

        // Failing cases: no directory, no file name. Nothing is left behind.
        assert!(write_file_atomic(&dir.path().join("no/such/dir.srt"), b"x").is_err());
        let err = write_file_atomic(Path::new("/"), b"x").expect_err("no file name");
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
        // Renaming over a directory fails after the temp file exists: it must be removed.
        std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
        std::fs::write(dir.path().join("sub").join("keep"), b"k").expect("write");
        assert!(write_file_atomic(&dir.path().join("sub"), b"x").is_err());
        let count = std::fs::read_dir(dir.path()).expect("ls").count();
        assert_eq!(count, 2, "only out.srt and sub/");
    }
}
