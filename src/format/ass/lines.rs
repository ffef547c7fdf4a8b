//! Byte-level scanning shared by the reader and the lossless writer: line ends (`\r\n`, `\n` or a
//! lone `\r`), field separators, and character columns for diagnostics.

/// Comma-separated `Format:` names, trimmed.
pub(super) fn split_names(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// End of the line's text and start of the next line; `\r\n`, `\n` and a lone `\r` all end a line.
pub(super) fn line_bounds(b: &[u8], from: usize) -> (usize, usize) {
    match find_eol(b, from) {
        None => (b.len(), b.len()),
        Some(at) => {
            if b.get(at) == Some(&b'\r') && b.get(at + 1) == Some(&b'\n') {
                (at, at + 2)
            } else {
                (at, at + 1)
            }
        }
    }
}

/// First `\n` or `\r` at or after `from`. Line scanning is a large part of reading a big script:
/// `memchr2` takes 32 bytes a step (AVX2) where the eight-at-a-time scan this replaced took 8, and
/// most event lines are 60–120 bytes long.
fn find_eol(b: &[u8], from: usize) -> Option<usize> {
    memchr::memchr2(b'\n', b'\r', b.get(from..)?).map(|p| p + from)
}

/// 1-based column (in characters) of byte offset `at` in `line`.
pub(super) fn column(line: &str, at: usize) -> u32 {
    let prefix = line.get(..at.min(line.len())).unwrap_or(line);
    u32::try_from(prefix.chars().count() + 1).unwrap_or(u32::MAX)
}

pub(super) fn find_byte(b: &[u8], from: usize, needle: u8) -> Option<usize> {
    memchr::memchr(needle, b.get(from..)?).map(|p| p + from)
}

pub(super) fn skip_blanks(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    i
}
