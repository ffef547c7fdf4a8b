//! Bytes ⇄ text: BOM sniffing, encoding detection (chardetng + encoding_rs), line-ending facts,
//! and encoding on output.

use crate::model::LineEnding;

/// The dominant line ending of `text` and whether it ends with one.
pub fn line_facts(text: &str) -> (LineEnding, bool) {
    let b = text.as_bytes();
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
    let final_newline = matches!(b.last(), Some(b'\n') | Some(b'\r'));
    (le, final_newline)
}
