//! The decoders behind `decode`: a known encoding (UTF-8 reusing the buffer), lossy UTF-8,
//! encoding_rs's streaming decoder for the rest, and UTF-32, which encoding_rs lacks. Each counts
//! the malformed sequences it replaced with U+FFFD.

use encoding_rs::{DecoderResult, Encoding, UTF_8};

use super::DecodeOut;

/// Decodes `bytes[skip..]` with `enc`, replacing malformed sequences with U+FFFD and counting them.
/// UTF-8 reuses the buffer when it is valid.
pub(super) fn decode_with(enc: &'static Encoding, mut bytes: Vec<u8>, skip: usize) -> DecodeOut {
    if enc == UTF_8 {
        if skip > 0 {
            bytes.drain(..skip.min(bytes.len()));
        }
        return match utf8_string(bytes) {
            Ok(text) => DecodeOut {
                text,
                malformed: 0,
                first_bad: None,
            },
            Err(bytes) => utf8_lossy(&bytes),
        };
    }
    let src = bytes.get(skip..).unwrap_or(&[]);
    decode_generic(enc, src)
}

/// The buffer as a `String` without copying when it is valid UTF-8, else the buffer back.
///
/// Validated once, with simdutf8 (SIMD, chosen at run time for the CPU): std's validator took
/// 15–17 % of reading a 50 MB Chinese SRT (multi-byte text never takes its ASCII fast path), and
/// this is the only pass over the bytes that checks them — everything after works on the `str`.
pub(super) fn utf8_string(bytes: Vec<u8>) -> Result<String, Vec<u8>> {
    if simdutf8::basic::from_utf8(&bytes).is_err() {
        return Err(bytes);
    }
    // SAFETY: `bytes` was validated as UTF-8 just above and is not changed in between;
    // simdutf8's `basic::from_utf8` accepts exactly the inputs `std::str::from_utf8` accepts
    // (https://docs.rs/simdutf8, "basic API": it is the std check, vectorised).
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

/// Lossy UTF-8 with one U+FFFD per maximal invalid subsequence (the WHATWG/std convention).
pub(super) fn utf8_lossy(bytes: &[u8]) -> DecodeOut {
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

pub(super) fn decode_generic(enc: &'static Encoding, mut src: &[u8]) -> DecodeOut {
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
pub(super) fn decode_utf32(bytes: &[u8], le: bool) -> DecodeOut {
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
