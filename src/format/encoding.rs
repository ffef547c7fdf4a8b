//! Bytes ⇄ text: BOM sniffing, encoding detection (chardetng + encoding_rs), line-ending facts,
//! and encoding on output.
//!
//! Decision order when reading, and why:
//! 1. `--encoding` (the `forced` argument) wins over everything, including a BOM: the user said so
//!    explicitly. A BOM of that same encoding is still stripped; a BOM of another encoding is kept
//!    as content and reported with `encoding-bom-overridden`, because it almost always means the
//!    flag was wrong for this file.
//! 2. A BOM (UTF-8, UTF-32LE/BE, UTF-16LE/BE; UTF-32LE `FF FE 00 00` is tested before UTF-16LE
//!    `FF FE`) is authoritative.
//! 3. UTF-16/UTF-32 without BOM, recognised by NUL bytes in alternating positions (such files
//!    exist, and they are also valid UTF-8, so this must come before step 4).
//! 4. Valid UTF-8 is UTF-8, taken over without copying.
//! 5. Mostly-valid UTF-8 (a few broken sequences among many good multi-byte ones) stays UTF-8 with
//!    U+FFFD for the broken bytes: guessing a legacy encoding would garble the whole file instead.
//! 6. Otherwise chardetng guesses from a prefix starting at the first non-ASCII byte.
//!
//! UTF-32 is read (BOM or NUL pattern) but cannot be named with `--encoding` or written: encoding_rs
//! has no UTF-32 `Encoding`, and no subtitle tool writes it.

use std::borrow::Cow;

use encoding_rs::{CoderResult, DecoderResult, EncoderResult, Encoding, UTF_8, UTF_16BE, UTF_16LE};

use crate::diag::{Diagnostic, Severity, rules};
use crate::model::{Bom, LineEnding};

/// Name reported for UTF-32 little-endian input (encoding_rs has no such `Encoding`).
pub const UTF_32LE_NAME: &str = "UTF-32LE";
/// Name reported for UTF-32 big-endian input.
pub const UTF_32BE_NAME: &str = "UTF-32BE";

/// How much of a file chardetng sees: enough for a confident guess, bounded for speed.
const DETECT_SAMPLE: usize = 256 * 1024;
/// How much of a file the UTF-16/32-without-BOM heuristic looks at.
const NUL_SAMPLE: usize = 64 * 1024;

/// Decoded text and what was learnt about its bytes.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text, BOM removed.
    pub text: String,
    /// The encoding used. For UTF-32 input (which encoding_rs lacks) this is UTF-8, the encoding a
    /// track is written in by default; `name` tells the truth.
    pub encoding: &'static Encoding,
    /// The encoding's name as reported to users and in `SourceFacts::encoding`.
    pub name: &'static str,
    pub bom: Bom,
    /// True when the encoding came from detection (no BOM, not valid UTF-8, not forced).
    pub guessed: bool,
    pub diagnostics: Vec<Diagnostic>,
}

/// Decodes `bytes` (see the module docs for the decision order). Copies the input once; prefer
/// [`decode_owned`] for whole files.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Decoded {
    decode_owned(bytes.to_vec(), forced)
}

/// Decodes an owned buffer. Valid UTF-8 (the common case) becomes the `String` without a copy, so
/// reading a file costs one buffer, not two.
pub fn decode_owned(bytes: Vec<u8>, forced: Option<&'static Encoding>) -> Decoded {
    let mut diagnostics = Vec::new();
    let (bom, bom_len) = sniff_bom(&bytes);

    if let Some(enc) = forced {
        let own_bom = matches!(
            (bom, enc.name()),
            (Bom::Utf8, "UTF-8") | (Bom::Utf16Le, "UTF-16LE") | (Bom::Utf16Be, "UTF-16BE")
        );
        if bom != Bom::None && !own_bom {
            diagnostics.push(
                Diagnostic::new(rules::ENCODING_BOM_OVERRIDDEN, Severity::Warning)
                    .arg("bom", bom_name(bom))
                    .arg("encoding", enc.name()),
            );
        }
        let (skip, kept_bom) = if own_bom {
            (bom_len, bom)
        } else {
            (0, Bom::None)
        };
        let out = decode_with(enc, bytes, skip);
        return finish(out, enc, enc.name(), kept_bom, false, diagnostics);
    }

    match bom {
        Bom::Utf8 => {
            let out = decode_with(UTF_8, bytes, bom_len);
            return finish(out, UTF_8, UTF_8.name(), bom, false, diagnostics);
        }
        Bom::Utf16Le | Bom::Utf16Be => {
            let enc = if bom == Bom::Utf16Le {
                UTF_16LE
            } else {
                UTF_16BE
            };
            let out = decode_with(enc, bytes, bom_len);
            return finish(out, enc, enc.name(), bom, false, diagnostics);
        }
        Bom::Utf32Le | Bom::Utf32Be => {
            let le = bom == Bom::Utf32Le;
            let out = decode_utf32(bytes.get(bom_len..).unwrap_or(&[]), le);
            let name = if le { UTF_32LE_NAME } else { UTF_32BE_NAME };
            return finish(out, UTF_8, name, bom, false, diagnostics);
        }
        Bom::None => {}
    }

    if let Some(wide) = sniff_wide(bytes.get(..NUL_SAMPLE).unwrap_or(&bytes)) {
        let (out, enc, name) = match wide {
            Wide::Utf16Le => (decode_with(UTF_16LE, bytes, 0), UTF_16LE, UTF_16LE.name()),
            Wide::Utf16Be => (decode_with(UTF_16BE, bytes, 0), UTF_16BE, UTF_16BE.name()),
            Wide::Utf32Le => (decode_utf32(&bytes, true), UTF_8, UTF_32LE_NAME),
            Wide::Utf32Be => (decode_utf32(&bytes, false), UTF_8, UTF_32BE_NAME),
        };
        diagnostics.push(guessed_diag(name));
        return finish(out, enc, name, Bom::None, true, diagnostics);
    }

    let bytes = match String::from_utf8(bytes) {
        Ok(text) => {
            let out = DecodeOut {
                text,
                malformed: 0,
                first_bad: None,
            };
            return finish(out, UTF_8, UTF_8.name(), Bom::None, false, diagnostics);
        }
        Err(e) => e.into_bytes(),
    };

    let enc = if mostly_utf8(&bytes) {
        UTF_8
    } else {
        guess_legacy(&bytes)
    };
    diagnostics.push(guessed_diag(enc.name()));
    let out = decode_with(enc, bytes, 0);
    finish(out, enc, enc.name(), Bom::None, true, diagnostics)
}

/// What a decoder produced: the text, how many malformed sequences became U+FFFD, and the text
/// offset of the first one.
struct DecodeOut {
    text: String,
    malformed: usize,
    first_bad: Option<usize>,
}

fn guessed_diag(name: &str) -> Diagnostic {
    Diagnostic::new(rules::ENCODING_GUESSED, Severity::Info).arg("encoding", name)
}

/// Adds the `encoding-invalid` and `encoding-nul` findings and assembles the result.
fn finish(
    out: DecodeOut,
    encoding: &'static Encoding,
    name: &'static str,
    bom: Bom,
    guessed: bool,
    mut diagnostics: Vec<Diagnostic>,
) -> Decoded {
    let text = out.text;
    if let Some(offset) = out.first_bad {
        let (line, column) = line_col(&text, offset);
        diagnostics.push(
            Diagnostic::new(rules::ENCODING_INVALID, Severity::Warning)
                .at(line, column)
                .arg("count", out.malformed)
                .arg("encoding", name),
        );
    }
    let bytes = text.as_bytes();
    if bytes.contains(&0) {
        let first = bytes.iter().position(|&b| b == 0).unwrap_or(0);
        let count = bytes.iter().filter(|&&b| b == 0).count();
        let (line, column) = line_col(&text, first);
        diagnostics.push(
            Diagnostic::new(rules::ENCODING_NUL, Severity::Warning)
                .at(line, column)
                .arg("count", count),
        );
    }
    Decoded {
        text,
        encoding,
        name,
        bom,
        guessed,
        diagnostics,
    }
}

/// The BOM at the start of `bytes` and its length.
pub fn sniff_bom(bytes: &[u8]) -> (Bom, usize) {
    match bytes {
        [0xEF, 0xBB, 0xBF, ..] => (Bom::Utf8, 3),
        // UTF-32LE before UTF-16LE: its BOM starts with the UTF-16LE one.
        [0xFF, 0xFE, 0x00, 0x00, ..] => (Bom::Utf32Le, 4),
        [0x00, 0x00, 0xFE, 0xFF, ..] => (Bom::Utf32Be, 4),
        [0xFF, 0xFE, ..] => (Bom::Utf16Le, 2),
        [0xFE, 0xFF, ..] => (Bom::Utf16Be, 2),
        _ => (Bom::None, 0),
    }
}

/// Stable kebab-case name of a BOM (as serialized in JSON output).
pub fn bom_name(bom: Bom) -> &'static str {
    match bom {
        Bom::None => "none",
        Bom::Utf8 => "utf-8",
        Bom::Utf16Le => "utf-16le",
        Bom::Utf16Be => "utf-16be",
        Bom::Utf32Le => "utf-32le",
        Bom::Utf32Be => "utf-32be",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wide {
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

/// Recognises BOM-less UTF-16/UTF-32 by where NUL bytes fall. Subtitle files are full of ASCII
/// (digits, colons, arrows), whose high bytes are NUL; legacy and UTF-8 text has almost no NULs.
fn sniff_wide(sample: &[u8]) -> Option<Wide> {
    if sample.len() < 8 {
        return None;
    }
    let mut zeros = [0usize; 4];
    for (i, &b) in sample.iter().enumerate() {
        if b == 0
            && let Some(z) = zeros.get_mut(i % 4)
        {
            *z += 1;
        }
    }
    let [z0, z1, z2, z3] = zeros;
    let quarter = sample.len() / 4;
    // UTF-32: the top byte of every code unit is NUL, the next one almost always (BMP text),
    // the lowest one almost never.
    if z3 * 10 >= quarter * 9 && z2 * 10 >= quarter * 7 && z0 * 10 <= quarter {
        return Some(Wide::Utf32Le);
    }
    if z0 * 10 >= quarter * 9 && z1 * 10 >= quarter * 7 && z3 * 10 <= quarter {
        return Some(Wide::Utf32Be);
    }
    let (even, odd) = (z0 + z2, z1 + z3);
    let half = sample.len() / 2;
    // At least 30 % of the code units ASCII, and NULs almost only on one side.
    if odd * 10 >= half * 3 && even * 20 <= odd {
        return Some(Wide::Utf16Le);
    }
    if even * 10 >= half * 3 && odd * 20 <= even {
        return Some(Wide::Utf16Be);
    }
    None
}

/// True when invalid UTF-8 still looks like UTF-8 with a few damaged bytes. Legacy encodings
/// form accidental valid UTF-8 sequences, but far fewer than their invalid ones: in GBK about one
/// character in seven makes a valid two-byte sequence and one in sixty a three-byte one, while
/// most make an invalid one; windows-1252/1256 letters followed by a letter or a space are almost
/// always invalid. So: 20 valid non-ASCII characters per broken sequence on any file, or — for
/// short files, where one broken byte otherwise tipped the guess to windows-1252 — as many valid
/// three- and four-byte characters (CJK) as broken sequences (at least 2), or five valid
/// characters per broken sequence (at least 5).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut long, mut bad) = (0usize, 0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        for b in chunk.valid().bytes() {
            good += usize::from(b >= 0xC0);
            long += usize::from(b >= 0xE0);
        }
        if !chunk.invalid().is_empty() {
            bad += 1;
        }
    }
    bad > 0
        && (good >= bad.saturating_mul(20)
            || (long >= 2 && long >= bad)
            || (good >= 5 && good >= bad.saturating_mul(5)))
}

/// chardetng's guess from a bounded sample that starts at the first non-ASCII byte (a long ASCII
/// prefix — timings, an ASS header — tells it nothing). The byte before is ASCII, so the sample
/// starts on a character boundary in every ASCII-compatible encoding.
fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    let start = Encoding::ascii_valid_up_to(bytes);
    let end = start.saturating_add(DETECT_SAMPLE).min(bytes.len());
    let sample = bytes.get(start..end).unwrap_or(&[]);
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(sample, end == bytes.len());
    detector.guess(None, chardetng::Utf8Detection::Allow)
}

/// Decodes `bytes[skip..]` with `enc`, replacing malformed sequences with U+FFFD and counting them.
/// UTF-8 reuses the buffer when it is valid.
fn decode_with(enc: &'static Encoding, mut bytes: Vec<u8>, skip: usize) -> DecodeOut {
    if enc == UTF_8 {
        if skip > 0 {
            bytes.drain(..skip.min(bytes.len()));
        }
        return match String::from_utf8(bytes) {
            Ok(text) => DecodeOut {
                text,
                malformed: 0,
                first_bad: None,
            },
            Err(e) => utf8_lossy(&e.into_bytes()),
        };
    }
    let src = bytes.get(skip..).unwrap_or(&[]);
    decode_generic(enc, src)
}

/// Lossy UTF-8 with one U+FFFD per maximal invalid subsequence (the WHATWG/std convention).
fn utf8_lossy(bytes: &[u8]) -> DecodeOut {
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut malformed = 0;
    let mut first_bad = None;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            first_bad.get_or_insert(text.len());
            malformed += 1;
            text.push('\u{FFFD}');
        }
    }
    DecodeOut {
        text,
        malformed,
        first_bad,
    }
}

fn decode_generic(enc: &'static Encoding, mut src: &[u8]) -> DecodeOut {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let cap = decoder
        .max_utf8_buffer_length_without_replacement(src.len())
        .unwrap_or(src.len());
    let mut text = String::with_capacity(cap);
    let mut malformed = 0;
    let mut first_bad = None;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(src, &mut text, true);
        src = src.get(read..).unwrap_or(&[]);
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => {
                let more = decoder
                    .max_utf8_buffer_length_without_replacement(src.len())
                    .unwrap_or(src.len())
                    .max(16);
                text.reserve(more);
            }
            DecoderResult::Malformed(_, _) => {
                first_bad.get_or_insert(text.len());
                malformed += 1;
                text.push('\u{FFFD}');
            }
        }
    }
    DecodeOut {
        text,
        malformed,
        first_bad,
    }
}

/// UTF-32 by hand: encoding_rs does not support it. Surrogates, values above U+10FFFF and a
/// trailing partial unit are malformed.
fn decode_utf32(bytes: &[u8], le: bool) -> DecodeOut {
    let mut text = String::with_capacity(bytes.len() / 4 + 16);
    let mut malformed = 0;
    let mut first_bad = None;
    let mut units = bytes.chunks_exact(4);
    for unit in &mut units {
        let quad = [
            unit.first().copied().unwrap_or(0),
            unit.get(1).copied().unwrap_or(0),
            unit.get(2).copied().unwrap_or(0),
            unit.get(3).copied().unwrap_or(0),
        ];
        let value = if le {
            u32::from_le_bytes(quad)
        } else {
            u32::from_be_bytes(quad)
        };
        match char::from_u32(value) {
            Some(c) => text.push(c),
            None => {
                first_bad.get_or_insert(text.len());
                malformed += 1;
                text.push('\u{FFFD}');
            }
        }
    }
    if !units.remainder().is_empty() {
        first_bad.get_or_insert(text.len());
        malformed += 1;
        text.push('\u{FFFD}');
    }
    DecodeOut {
        text,
        malformed,
        first_bad,
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`. Lines break at LF, CRLF
/// and lone CR, as the parsers count them.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let prefix = text.get(..end).unwrap_or("");
    let all = text.as_bytes();
    let mut line: usize = 1;
    let mut line_start = 0;
    for (i, &b) in prefix.as_bytes().iter().enumerate() {
        match b {
            b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            b'\r' if all.get(i + 1) != Some(&b'\n') => {
                line += 1;
                line_start = i + 1;
            }
            _ => {}
        }
    }
    let column = prefix.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (to_u32(line), to_u32(column))
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The encoding for a user-given name: every WHATWG label (`gbk`, `gb18030`, `big5`, `shift_jis`,
/// `euc-kr`, `windows-1256`, `cp1256`, `latin1`, `utf-16le` …) plus common Windows and Python
/// spellings (`cp936`, `cp949`, `cp950`, `utf8`, `utf-8-sig`, `euc_kr`). `utf-16` means UTF-16LE,
/// as on Windows. UTF-32 names return `None` (see the module docs).
pub fn lookup(label: &str) -> Option<&'static Encoding> {
    let norm = label.trim().to_ascii_lowercase();
    let alias = match norm.as_str() {
        "cp936" | "ms936" | "windows-936" => "gbk",
        "cp949" | "ms949" | "uhc" => "euc-kr",
        "cp950" | "ms950" => "big5",
        "cp932" | "shift-jis" | "sjis" => "shift_jis",
        "utf-8-sig" | "utf8-sig" | "utf_8" => "utf-8",
        "utf16" | "utf_16" => "utf-16",
        "utf16le" | "utf_16le" | "utf_16_le" => "utf-16le",
        "utf16be" | "utf_16be" | "utf_16_be" => "utf-16be",
        other => other,
    };
    Encoding::for_label_no_replacement(alias.as_bytes()).or_else(|| {
        let dashed = alias.replace('_', "-");
        Encoding::for_label_no_replacement(dashed.as_bytes())
    })
}

/// True for UTF-16LE and UTF-16BE.
pub fn is_utf16(enc: &'static Encoding) -> bool {
    enc == UTF_16LE || enc == UTF_16BE
}

/// Encodes `text` in `encoding`, with a BOM when asked and the encoding has one (UTF-8, UTF-16).
/// UTF-16 is encoded here because encoding_rs, following WHATWG, encodes it as UTF-8. Characters
/// the encoding lacks become `?` and one `write-unmappable` warning (first position, count).
pub fn encode(text: &str, encoding: &'static Encoding, bom: bool) -> (Vec<u8>, Vec<Diagnostic>) {
    if encoding == UTF_8 {
        let mut out = Vec::with_capacity(text.len() + 3);
        if bom {
            out.extend_from_slice(&[0xEF, 0xBB, 0xBF]);
        }
        out.extend_from_slice(text.as_bytes());
        return (out, Vec::new());
    }
    if is_utf16(encoding) {
        let le = encoding == UTF_16LE;
        let mut out = Vec::with_capacity(text.len() * 2 + 2);
        if bom {
            out.extend_from_slice(if le { &[0xFF, 0xFE] } else { &[0xFE, 0xFF] });
        }
        for unit in text.encode_utf16() {
            out.extend_from_slice(&if le {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        return (out, Vec::new());
    }
    encode_legacy(text, encoding)
}

/// [`encode`] taking the text by value: UTF-8 without a BOM returns its buffer as is, which
/// spares writing a 50 MB file one copy and its page faults.
pub fn encode_owned(
    text: String,
    encoding: &'static Encoding,
    bom: bool,
) -> (Vec<u8>, Vec<Diagnostic>) {
    if encoding == UTF_8 && !bom {
        return (text.into_bytes(), Vec::new());
    }
    encode(&text, encoding, bom)
}

fn encode_legacy(text: &str, encoding: &'static Encoding) -> (Vec<u8>, Vec<Diagnostic>) {
    let mut encoder = encoding.new_encoder();
    let mut out = Vec::with_capacity(text.len() + 16);
    let mut rest = text;
    let mut count = 0usize;
    let mut first: Option<(usize, char)> = None;
    loop {
        let (result, read) =
            encoder.encode_from_utf8_to_vec_without_replacement(rest, &mut out, true);
        let consumed_before = text.len() - rest.len();
        rest = rest.get(read..).unwrap_or("");
        match result {
            EncoderResult::InputEmpty => break,
            EncoderResult::OutputFull => {
                let more = encoder
                    .max_buffer_length_from_utf8_without_replacement(rest.len())
                    .unwrap_or(rest.len())
                    .max(16);
                out.reserve(more);
            }
            EncoderResult::Unmappable(c) => {
                let at = (consumed_before + read).saturating_sub(c.len_utf8());
                first.get_or_insert((at, c));
                count += 1;
                // Through the encoder, so a stateful encoding (ISO-2022-JP) stays consistent.
                push_via_encoder(&mut encoder, "?", &mut out);
            }
        }
    }
    let mut diagnostics = Vec::new();
    if let Some((at, c)) = first {
        let (line, column) = line_col(text, at);
        diagnostics.push(
            Diagnostic::new(rules::WRITE_UNMAPPABLE, Severity::Warning)
                .at(line, column)
                .arg("count", count)
                .arg("char", c)
                .arg("encoding", encoding.name()),
        );
    }
    (out, diagnostics)
}

fn push_via_encoder(encoder: &mut encoding_rs::Encoder, s: &str, out: &mut Vec<u8>) {
    out.reserve(16);
    let (result, _, _) = encoder.encode_from_utf8_to_vec(s, out, false);
    debug_assert!(matches!(result, CoderResult::InputEmpty));
}

/// Rewrites every line ending (LF, CRLF, lone CR) as `le`; borrows when nothing changes.
pub fn normalize_line_endings(text: &str, le: LineEnding) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let uniform = match le {
        LineEnding::Lf => !bytes.contains(&b'\r'),
        LineEnding::Cr => !bytes.contains(&b'\n'),
        LineEnding::CrLf => {
            let mut ok = true;
            for (i, &b) in bytes.iter().enumerate() {
                let bad = match b {
                    b'\r' => bytes.get(i + 1) != Some(&b'\n'),
                    b'\n' => i == 0 || bytes.get(i - 1) != Some(&b'\r'),
                    _ => false,
                };
                if bad {
                    ok = false;
                    break;
                }
            }
            ok
        }
    };
    if uniform {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut rest = text;
    while let Some(i) = rest.find(['\r', '\n']) {
        out.push_str(rest.get(..i).unwrap_or(""));
        let tail = rest.get(i..).unwrap_or("");
        let step = if tail.starts_with("\r\n") { 2 } else { 1 };
        out.push_str(le.as_str());
        rest = tail.get(step..).unwrap_or("");
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The dominant line ending of `text` and whether it ends with one.
pub fn line_facts(text: &str) -> (LineEnding, bool) {
    // The dominant ending is judged on the first 64 KiB: a full byte-by-byte pass cost a fifth of
    // the read time of a 50 MB file, and a file whose convention changes after 64 KiB still writes
    // back byte-identically (untouched cues and separators are copied verbatim).
    let all = text.as_bytes();
    let b = &all[..all.len().min(64 * 1024)];
    let (mut lf, mut crlf, mut cr) = (0usize, 0usize, 0usize);
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' => lf += 1,
            b'\r' => {
                if b.get(i + 1) == Some(&b'\n') {
                    crlf += 1;
                    i += 1;
                } else {
                    cr += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    let le = if crlf >= lf && crlf >= cr && crlf > 0 {
        LineEnding::CrLf
    } else if cr > lf {
        LineEnding::Cr
    } else {
        LineEnding::Lf
    };
    let final_newline = matches!(all.last(), Some(b'\n') | Some(b'\r'));
    (le, final_newline)
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{BIG5, EUC_KR, GBK, ISO_2022_JP, SHIFT_JIS, WINDOWS_1252, WINDOWS_1256};

    /// A few hundred characters of SRT in the given script, enough for chardetng.
    fn srt(lines: &[&str], repeat: usize) -> String {
        let mut s = String::new();
        for i in 0..repeat {
            let line = lines.get(i % lines.len()).copied().unwrap_or("");
            s.push_str(&format!(
                "{}\r\n00:00:{:02},000 --> 00:00:{:02},500\r\n{line}\r\n\r\n",
                i + 1,
                i % 60,
                i % 60
            ));
        }
        s
    }

    fn utf16(text: &str, le: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
            .collect()
    }

    fn utf32(text: &str, le: bool) -> Vec<u8> {
        text.chars()
            .flat_map(|c| {
                let v = c as u32;
                if le { v.to_le_bytes() } else { v.to_be_bytes() }
            })
            .collect()
    }

    fn rules_of(d: &Decoded) -> Vec<&'static str> {
        d.diagnostics.iter().map(|d| d.rule).collect()
    }

    const ZH: &[&str] = &[
        "林师傅，这块琉璃的颜色不对！",
        "景德镇的窑火，三天三夜不能停。",
        "波斯来的大师明天就到伊斯法罕的图样也带来了。",
        "掐丝珐琅要一根一根地掐，急不得。",
    ];

    #[test]
    fn valid_utf8_is_taken_without_copy() {
        let bytes = srt(ZH, 5).into_bytes();
        let ptr = bytes.as_ptr();
        let d = decode_owned(bytes, None);
        assert_eq!(d.text.as_ptr(), ptr);
        assert_eq!(d.encoding, UTF_8);
        assert_eq!((d.bom, d.guessed), (Bom::None, false));
        assert!(d.diagnostics.is_empty());
        assert!(d.text.contains("掐丝珐琅"));
    }

    #[test]
    fn boms_are_stripped_and_recorded() {
        let text = "1\r\n00:00:01,000 --> 00:00:02,000\r\n你好 سلام\u{200c}ها 😀\r\n";
        let mut u8b = vec![0xEF, 0xBB, 0xBF];
        u8b.extend_from_slice(text.as_bytes());
        let cases: Vec<(Vec<u8>, Bom, &str)> = vec![
            (u8b, Bom::Utf8, "UTF-8"),
            (
                [vec![0xFF, 0xFE], utf16(text, true)].concat(),
                Bom::Utf16Le,
                "UTF-16LE",
            ),
            (
                [vec![0xFE, 0xFF], utf16(text, false)].concat(),
                Bom::Utf16Be,
                "UTF-16BE",
            ),
            (
                [vec![0xFF, 0xFE, 0, 0], utf32(text, true)].concat(),
                Bom::Utf32Le,
                "UTF-32LE",
            ),
            (
                [vec![0, 0, 0xFE, 0xFF], utf32(text, false)].concat(),
                Bom::Utf32Be,
                "UTF-32BE",
            ),
        ];
        for (bytes, bom, name) in cases {
            let d = decode(&bytes, None);
            assert_eq!(d.text, text, "{name}");
            assert_eq!(d.bom, bom, "{name}");
            assert_eq!(d.name, name);
            assert!(!d.guessed, "{name}");
            assert!(d.diagnostics.is_empty(), "{name}: {:?}", d.diagnostics);
        }
    }

    #[test]
    fn utf32le_bom_wins_over_utf16le_prefix() {
        // FF FE 00 00 is also "UTF-16LE BOM + U+0000"; UTF-32LE is the only sane reading.
        let d = decode(&[0xFF, 0xFE, 0, 0, b'A', 0, 0, 0], None);
        assert_eq!(
            (d.bom, d.name, d.text.as_str()),
            (Bom::Utf32Le, "UTF-32LE", "A")
        );
    }

    #[test]
    fn wide_encodings_without_bom_are_detected() {
        let text = srt(ZH, 6);
        for (bytes, name) in [
            (utf16(&text, true), "UTF-16LE"),
            (utf16(&text, false), "UTF-16BE"),
            (utf32(&text, true), "UTF-32LE"),
            (utf32(&text, false), "UTF-32BE"),
        ] {
            let d = decode(&bytes, None);
            assert_eq!(d.name, name);
            assert_eq!(d.text, text, "{name}");
            assert!(d.guessed);
            assert_eq!(rules_of(&d), vec![rules::ENCODING_GUESSED], "{name}");
            assert_eq!(d.diagnostics[0].get_arg("encoding"), Some(name));
        }
    }

    #[test]
    fn legacy_cjk_and_arabic_encodings_are_detected() {
        // windows-1256 has no Farsi yeh (U+06CC): legacy Persian files use the Arabic one.
        let fa: &[&str] = &[
            "استاد کاشي‌کار از اصفهان آمده است و فردا کارگاه را مي‌بيند.",
            "اين رنگ فيروزه‌اي را چطور پختيد؟ ما هم چنين لعابي داريم.",
            "گل و مرغ، نقش پرنده و گل، روي کاشي‌هاي هفت‌رنگ.",
        ];
        let zh_tw: &[&str] = &[
            "林師傅，這塊琉璃的顏色不對！",
            "景德鎮的窯火，三天三夜不能停。",
            "掐絲琺瑯要一根一根地掐，急不得。",
        ];
        let ja: &[&str] = &[
            "親方、このガラスの色がおかしいです！",
            "景徳鎮の窯の火は三日三晩止められない。",
            "ペルシャの職人が明日イスファハンから来ます。",
        ];
        let ko: &[&str] = &[
            "선생님, 이 유리 색깔이 이상해요!",
            "경덕진의 가마 불은 사흘 밤낮 꺼지면 안 됩니다.",
            "페르시아 장인이 내일 이스파한에서 옵니다.",
        ];
        for (lines, enc) in [
            (ZH, GBK),
            (zh_tw, BIG5),
            (ja, SHIFT_JIS),
            (ko, EUC_KR),
            (fa, WINDOWS_1256),
        ] {
            let text = srt(lines, 12);
            let (bytes, _, unmappable) = enc.encode(&text);
            assert!(!unmappable, "{}", enc.name());
            let d = decode(&bytes, None);
            assert_eq!(d.encoding, enc, "{}", enc.name());
            assert_eq!(d.text, text, "{}", enc.name());
            assert!(d.guessed);
            assert_eq!(rules_of(&d), vec![rules::ENCODING_GUESSED]);
            assert_eq!(d.diagnostics[0].get_arg("encoding"), Some(enc.name()));
        }
    }

    #[test]
    fn a_long_ascii_prefix_does_not_hide_the_legacy_text() {
        // 300 KiB of ASCII-only cues, then GBK: the sample must start at the first non-ASCII byte.
        let mut text = srt(&["OK", "Go!"], 9000);
        assert!(text.len() > DETECT_SAMPLE);
        text.push_str(&srt(ZH, 12));
        let (bytes, _, _) = GBK.encode(&text);
        let d = decode(&bytes, None);
        assert_eq!(d.encoding, GBK);
        assert_eq!(d.text, text);
    }

    #[test]
    fn mostly_utf8_with_a_broken_byte_stays_utf8() {
        let text = srt(ZH, 8);
        let mut bytes = text.clone().into_bytes();
        // Break the first byte of a character on the third line ("林师傅…" of cue 1).
        let at = text.find("林").unwrap_or(0);
        bytes[at] = 0xFF;
        let d = decode_owned(bytes, None);
        assert_eq!(d.encoding, UTF_8);
        assert!(d.guessed);
        let inv: Vec<_> = d
            .diagnostics
            .iter()
            .filter(|x| x.rule == rules::ENCODING_INVALID)
            .collect();
        assert_eq!(inv.len(), 1);
        assert_eq!(inv[0].severity, Severity::Warning);
        assert_eq!((inv[0].line, inv[0].column), (3, 1));
        // 0xFF alone is one maximal invalid subsequence; the two orphaned continuation bytes
        // of 林 are two more.
        assert_eq!(inv[0].get_arg("count"), Some("3"));
        assert!(d.text.contains("\u{FFFD}师傅"));
    }

    #[test]
    fn a_short_damaged_utf8_file_is_not_mistaken_for_a_legacy_encoding() {
        // Three Chinese characters and one stray byte; a broken character (three bad sequences)
        // among four; one broken Persian letter in a line of fifteen. All once guessed as windows-1252.
        let cases: [&[u8]; 3] = [
            b"1\n00:00:01,000 --> 00:00:02,000\n\xe4\xbd\xa0\xe5\xa5\xbd\xff\xe4\xb8\x96\n",
            b"1\n00:00:01,000 --> 00:00:02,000\n\xe4\xbd\xa0\xff\xa5\xbd\xe4\xb8\x96\xe7\x95\x8c\n",
            "1\n00:00:01,000 --> 00:00:02,000\nسلام دوست من، خوبی؟\n".as_bytes(),
        ];
        for (i, case) in cases.iter().enumerate() {
            let mut bytes = case.to_vec();
            if i == 2 {
                let at = bytes.iter().position(|&b| b == 0xD8).unwrap_or(0);
                bytes[at] = 0xFF;
            }
            let d = decode(&bytes, None);
            assert_eq!(d.encoding, UTF_8, "case {i}: {}", d.text);
            assert!(rules_of(&d).contains(&rules::ENCODING_INVALID), "case {i}");
        }
        // Real legacy text stays legacy, however short.
        for (enc, text) in [(GBK, "你好世界，师傅"), (WINDOWS_1256, "سلام دوست من")]
        {
            let (bytes, _, _) = enc.encode(text);
            let d = decode(&bytes, None);
            assert_ne!(d.encoding, UTF_8, "{text}");
        }
    }

    #[test]
    fn forced_encoding_beats_detection_and_a_foreign_bom() {
        let text = "Caf\u{e9} 你";
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(text.as_bytes());
        // Forced UTF-8: its own BOM is stripped and recorded.
        let d = decode(&bytes, Some(UTF_8));
        assert_eq!(
            (d.text.as_str(), d.bom, d.guessed),
            (text, Bom::Utf8, false)
        );
        // Forced windows-1252: the user is obeyed, the BOM becomes text, and that is reported.
        let d = decode(&bytes, Some(WINDOWS_1252));
        assert_eq!(d.encoding, WINDOWS_1252);
        assert_eq!(d.bom, Bom::None);
        assert!(d.text.starts_with("\u{ef}\u{bb}\u{bf}Caf"));
        assert_eq!(rules_of(&d), vec![rules::ENCODING_BOM_OVERRIDDEN]);
        assert_eq!(d.diagnostics[0].get_arg("bom"), Some("utf-8"));
        // Forced GBK on BOM-less GBK bytes that detection might misread: no guessing at all.
        let (gbk, _, _) = GBK.encode("琉璃");
        let d = decode(&gbk, Some(GBK));
        assert_eq!((d.text.as_str(), d.guessed), ("琉璃", false));
        assert!(d.diagnostics.is_empty());
    }

    #[test]
    fn malformed_wide_input_is_reported() {
        // Lone high surrogate in UTF-16LE, then an odd trailing byte.
        let mut bytes = vec![0xFF, 0xFE, b'a', 0, b'\n', 0, 0x00, 0xD8, b'b', 0, 0x41];
        let d = decode(&bytes, None);
        assert_eq!(d.text, "a\n\u{FFFD}b\u{FFFD}");
        let inv = &d.diagnostics[0];
        assert_eq!(inv.rule, rules::ENCODING_INVALID);
        assert_eq!((inv.line, inv.column), (2, 1));
        assert_eq!(inv.get_arg("count"), Some("2"));
        // UTF-32 with a value above U+10FFFF and a short tail.
        bytes = vec![0xFF, 0xFE, 0, 0, b'x', 0, 0, 0, 0, 0, 0x11, 0, 1];
        let d = decode(&bytes, None);
        assert_eq!(d.text, "x\u{FFFD}\u{FFFD}");
        assert_eq!(d.diagnostics[0].get_arg("count"), Some("2"));
    }

    #[test]
    fn nul_bytes_are_reported_with_position() {
        let d = decode(b"1\n00:00:01,000 --> 00:00:02,000\nab\0c\0\n", None);
        assert_eq!(rules_of(&d), vec![rules::ENCODING_NUL]);
        let n = &d.diagnostics[0];
        assert_eq!((n.line, n.column, n.get_arg("count")), (3, 3, Some("2")));
        assert_eq!(n.severity, Severity::Warning);
    }

    #[test]
    fn empty_and_tiny_inputs() {
        for bytes in [&b""[..], b"\xFF", b"\xFE", b"\0", b"\xEF\xBB", b"\0\0\xFE"] {
            let d = decode(bytes, None);
            assert!(d.text.chars().count() <= bytes.len());
        }
        let d = decode(b"", None);
        assert_eq!((d.text.as_str(), d.name, d.guessed), ("", "UTF-8", false));
        assert!(d.diagnostics.is_empty());
    }

    #[test]
    fn lookup_knows_friendly_names() {
        for (label, name) in [
            ("gbk", "GBK"),
            ("GB18030", "gb18030"),
            ("cp936", "GBK"),
            ("big5", "Big5"),
            ("cp950", "Big5"),
            ("shift_jis", "Shift_JIS"),
            ("Shift-JIS", "Shift_JIS"),
            ("sjis", "Shift_JIS"),
            ("euc-kr", "EUC-KR"),
            ("euc_kr", "EUC-KR"),
            ("cp949", "EUC-KR"),
            ("windows-1256", "windows-1256"),
            ("cp1256", "windows-1256"),
            ("utf8", "UTF-8"),
            ("utf-8-sig", "UTF-8"),
            (" UTF-8 ", "UTF-8"),
            ("utf-16", "UTF-16LE"),
            ("utf-16be", "UTF-16BE"),
            ("latin1", "windows-1252"),
        ] {
            let got = lookup(label).map(|e| e.name());
            assert_eq!(
                got,
                Some(name).map(|n| lookup(n).map(|e| e.name()).unwrap_or("")),
                "{label}"
            );
            assert!(
                got.is_some_and(|g| g.eq_ignore_ascii_case(name)),
                "{label} → {got:?}"
            );
        }
        for label in ["utf-32le", "utf-32", "klingon", "", "iso-2022-kr"] {
            assert_eq!(lookup(label), None, "{label}");
        }
    }

    #[test]
    fn encode_utf16_by_hand_and_round_trip() {
        let text = "你好\r\nسلام\u{200c}ها 😀";
        for (enc, bom, prefix) in [
            (UTF_16LE, true, &[0xFF, 0xFE][..]),
            (UTF_16BE, true, &[0xFE, 0xFF][..]),
            (UTF_16LE, false, &[][..]),
        ] {
            let (bytes, diags) = encode(text, enc, bom);
            assert!(diags.is_empty());
            assert!(bytes.starts_with(prefix));
            assert_eq!(bytes.len(), prefix.len() + text.encode_utf16().count() * 2);
            let back = decode(&bytes, Some(enc));
            assert_eq!(back.text, text);
        }
        let (bytes, _) = encode("a", UTF_8, true);
        assert_eq!(bytes, b"\xEF\xBB\xBFa");
    }

    #[test]
    fn encode_owned_reuses_the_utf8_buffer() {
        let text = String::from("琉璃\n");
        let ptr = text.as_ptr();
        let (bytes, diags) = encode_owned(text, UTF_8, false);
        assert_eq!(
            (bytes.as_ptr(), bytes.as_slice()),
            (ptr, "琉璃\n".as_bytes())
        );
        assert!(diags.is_empty());
        let (bytes, _) = encode_owned("a".into(), UTF_8, true);
        assert_eq!(bytes, b"\xEF\xBB\xBFa");
        let (bytes, _) = encode_owned("a".into(), UTF_16BE, false);
        assert_eq!(bytes, [0, b'a']);
    }

    #[test]
    fn encode_legacy_reports_unmappable() {
        let (bytes, diags) = encode("琉璃\n景德镇", GBK, true);
        assert!(diags.is_empty());
        assert_eq!(
            GBK.decode(&bytes).0,
            "琉璃\n景德镇",
            "GBK has no BOM: none written"
        );
        let (bytes, diags) = encode("Caf\u{e9}\n你好 ok", WINDOWS_1252, false);
        assert_eq!(bytes, b"Caf\xE9\n?? ok");
        assert_eq!(diags.len(), 1);
        let d = &diags[0];
        assert_eq!(d.rule, rules::WRITE_UNMAPPABLE);
        assert_eq!((d.line, d.column), (2, 1));
        assert_eq!(d.get_arg("count"), Some("2"));
        assert_eq!(d.get_arg("char"), Some("你"));
        // Stateful encoder: the replacement must not be read as part of a JIS sequence.
        let (bytes, diags) = encode("日本語🙂です", ISO_2022_JP, false);
        assert_eq!(diags.len(), 1);
        assert_eq!(ISO_2022_JP.decode(&bytes).0, "日本語?です");
    }

    #[test]
    fn line_endings_normalize() {
        assert!(matches!(
            normalize_line_endings("a\nb\n", LineEnding::Lf),
            Cow::Borrowed(_)
        ));
        assert!(matches!(
            normalize_line_endings("a\r\nb\r\n", LineEnding::CrLf),
            Cow::Borrowed(_)
        ));
        assert_eq!(
            normalize_line_endings("a\nb\r\nc\rd", LineEnding::CrLf),
            "a\r\nb\r\nc\r\nd"
        );
        assert_eq!(normalize_line_endings("\na\r\n", LineEnding::Lf), "\na\n");
        assert_eq!(normalize_line_endings("a\r\n\n", LineEnding::Cr), "a\r\r");
        assert_eq!(normalize_line_endings("\n", LineEnding::CrLf), "\r\n");
    }

    #[test]
    fn line_col_counts_all_line_endings_in_chars() {
        let t = "ab\r\n你好\rx\ny";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 4), (2, 1));
        assert_eq!(line_col(t, 7), (2, 2));
        assert_eq!(line_col(t, t.find('x').unwrap_or(0)), (3, 1));
        assert_eq!(line_col(t, t.len()), (4, 2));
        // Inside a character and past the end: clamped, never a panic.
        assert_eq!(line_col(t, 5), (2, 1));
        assert_eq!(line_col(t, 999), (4, 2));
    }
}
