//! Text → bytes on output: the BOM when asked, UTF-16 by hand (encoding_rs encodes it as UTF-8,
//! following WHATWG), legacy encodings with `?` for what they lack and one `write-unmappable`
//! warning.

use encoding_rs::{CoderResult, EncoderResult, Encoding, UTF_8, UTF_16LE};

use crate::diag::{Diagnostic, Severity, rules};

use super::is_utf16;
use super::lines::line_col;

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

/// Encodes `text` as UTF-32 (little- or big-endian), with a BOM when asked. encoding_rs has no
/// UTF-32; subloc reads it, so a file read as UTF-32 is written back as UTF-32.
pub fn encode_utf32(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() * 4 + 4);
    let mut push = |c: u32| {
        out.extend_from_slice(&if big_endian {
            c.to_be_bytes()
        } else {
            c.to_le_bytes()
        })
    };
    if bom {
        push(0xFEFF);
    }
    for c in text.chars() {
        push(u32::from(c));
    }
    out
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

pub(super) fn encode_legacy(text: &str, encoding: &'static Encoding) -> (Vec<u8>, Vec<Diagnostic>) {
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

pub(super) fn push_via_encoder(encoder: &mut encoding_rs::Encoder, s: &str, out: &mut Vec<u8>) {
    out.reserve(16);
    let (result, _, _) = encoder.encode_from_utf8_to_vec(s, out, false);
    debug_assert!(matches!(result, CoderResult::InputEmpty));
}
