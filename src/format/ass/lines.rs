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

/// First `\n` or `\r` at or after `from`, eight bytes at a time: line scanning is most of the
/// reader's work on a large script.
fn find_eol(b: &[u8], from: usize) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let rest = b.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    let mut base = from;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let (x, y) = (w ^ (LO * 0x0A), w ^ (LO * 0x0D));
        // Zero-byte test: its lowest flagged byte is always exact, so the first hit is right.
        let hits = ((x.wrapping_sub(LO) & !x) | (y.wrapping_sub(LO) & !y)) & HI;
        if hits != 0 {
            return Some(base + (hits.trailing_zeros() / 8) as usize);
        }
        base += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&c| c == b'\n' || c == b'\r')
        .map(|p| base + p)
}

/// 1-based column (in characters) of byte offset `at` in `line`.
pub(super) fn column(line: &str, at: usize) -> u32 {
    let prefix = line.get(..at.min(line.len())).unwrap_or(line);
    u32::try_from(prefix.chars().count() + 1).unwrap_or(u32::MAX)
}

pub(super) fn find_byte(b: &[u8], from: usize, needle: u8) -> Option<usize> {
    b.get(from..)?
        .iter()
        .position(|&c| c == needle)
        .map(|p| p + from)
}

pub(super) fn skip_blanks(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    i
}
