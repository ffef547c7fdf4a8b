//! Recognising what bytes are before decoding them: byte-order marks, UTF-16/UTF-32 without a
//! BOM (NUL bytes in alternating positions), mostly-valid UTF-8, and chardetng's guess among the
//! legacy encodings (steps 2, 3, 5 and 6 of the decision order in `src/format/encoding/mod.rs`).

use encoding_rs::Encoding;

use crate::model::Bom;

use super::DETECT_SAMPLE;

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
pub(super) enum Wide {
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

/// Recognises BOM-less UTF-16/UTF-32 by where NUL bytes fall. Subtitle files are full of ASCII
/// (digits, colons, arrows), whose high bytes are NUL; legacy and UTF-8 text has almost no NULs.
pub(super) fn sniff_wide(sample: &[u8]) -> Option<Wide> {
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
pub(super) fn mostly_utf8(bytes: &[u8]) -> bool {
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
///
/// Among the single-byte code pages the language evidence decides (`legacy::choose`), with the
/// language of `--lang` when given.
pub(super) fn guess_legacy(bytes: &[u8], lang: Option<&str>) -> super::legacy::Choice {
    let start = Encoding::ascii_valid_up_to(bytes);
    let end = start.saturating_add(DETECT_SAMPLE).min(bytes.len());
    let sample = bytes.get(start..end).unwrap_or(&[]);
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(sample, end == bytes.len());
    let detected = detector.guess(None, chardetng::Utf8Detection::Allow);
    super::legacy::choose(sample, detected, lang)
}
