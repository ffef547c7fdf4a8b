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
//! UTF-32 is read (BOM or NUL pattern) and written back as UTF-32 when a file read as UTF-32 goes
//! back to its own format (`format::write_bytes`), so such a file round-trips byte for byte; it
//! cannot be named with `--encoding`/`--out-encoding`: encoding_rs has no UTF-32 `Encoding`, and
//! no subtitle tool asks for it.
//!
//! This file holds the decision itself (`decode`) and the encoding names; `detect` recognises
//! BOMs, wide encodings and legacy guesses, `decoders` turns bytes into text, `encode` text into
//! bytes, and `lines` knows line endings and positions.

mod decoders;
mod detect;
mod encode;
pub mod legacy;
mod lines;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use crate::diag::{Diagnostic, Severity, rules};
use crate::model::Bom;

use decoders::{decode_utf32, decode_with};
use detect::{Wide, guess_legacy, mostly_utf8, sniff_wide};
pub use detect::{bom_name, sniff_bom};
pub use encode::{encode, encode_owned, encode_utf32};
pub use lines::{line_col, line_facts, normalize_line_endings};

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
    decode_owned(bytes.to_vec(), forced, None)
}

/// Decodes an owned buffer. Valid UTF-8 (the common case) becomes the `String` without a copy, so
/// reading a file costs one buffer, not two. `lang` (a `legacy::language_key`) is the language
/// the text is said to be in, evidence for choosing a legacy code page.
pub fn decode_owned(
    bytes: Vec<u8>,
    forced: Option<&'static Encoding>,
    lang: Option<&str>,
) -> Decoded {
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

    let bytes = match decoders::utf8_string(bytes) {
        Ok(text) => {
            let out = DecodeOut {
                text,
                malformed: 0,
                first_bad: None,
            };
            return finish(out, UTF_8, UTF_8.name(), Bom::None, false, diagnostics);
        }
        Err(bytes) => bytes,
    };

    let enc = if mostly_utf8(&bytes) {
        diagnostics.push(guessed_diag(UTF_8.name()));
        UTF_8
    } else {
        let choice = guess_legacy(&bytes, lang);
        // Weak evidence is a warning naming the other reading, never a silent guess.
        let mut d = guessed_diag(choice.encoding.name());
        if let Some(other) = choice.runner_up {
            d = d.arg("runner", other.name());
        }
        if choice.runner_up.is_some() || choice.implausible {
            d.severity = Severity::Warning;
        }
        diagnostics.push(d);
        choice.encoding
    };
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
    // memchr's SIMD search: the NUL scan runs over every file read, and core's `contains` was
    // as slow as validating the UTF-8 (2 % of a 50 MB read each).
    if let Some(first) = memchr::memchr(0, bytes) {
        let count = memchr::memchr_iter(0, bytes).count();
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

#[cfg(test)]
mod tests;
