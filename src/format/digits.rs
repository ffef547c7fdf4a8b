//! Decimal numbers written straight into a writer's output: cue numbers and the fields of clock
//! times (SRT, WebVTT, SBV, ASS). A regenerated 50 MB SRT writes 1.4 million clock times, and
//! formatting them (`format!`, or digits built in a buffer then checked as UTF-8) was the largest
//! single cost of writing a cue from the model (`cargo bench --bench io`, "write regenerated").
//! Here two- and three-digit fields are slices of one table of ASCII digits made at compile time,
//! so writing one is a bounds check and a copy, with no UTF-8 validation at run time.

/// "000", "001", … "999": every three-digit group, back to back.
const TRIPLES: &str = {
    const BYTES: [u8; 3000] = {
        let mut b = [0u8; 3000];
        let mut v = 0;
        while v < 1000 {
            b[3 * v] = b'0' + (v / 100) as u8;
            b[3 * v + 1] = b'0' + (v / 10 % 10) as u8;
            b[3 * v + 2] = b'0' + (v % 10) as u8;
            v += 1;
        }
        b
    };
    // Evaluated by the compiler: every byte above is an ASCII digit, so this never fails at run
    // time (a mistake here is a compile error).
    match std::str::from_utf8(&BYTES) {
        Ok(s) => s,
        Err(_) => panic!("digit table is ASCII"),
    }
};

/// `v` (below 1000) as exactly `width` digits (1 to 3), zero-padded; wider values keep their
/// low `width` digits, as a clock field never holds them.
fn push_padded(out: &mut String, v: u64, width: usize) {
    let v = usize::try_from(v % 1000).unwrap_or(0);
    let end = 3 * v + 3;
    out.push_str(TRIPLES.get(end - width.min(3)..end).unwrap_or(""));
}

/// Two digits, zero-padded (minutes, seconds, centiseconds).
pub(crate) fn push_two(out: &mut String, v: u64) {
    push_padded(out, v % 100, 2);
}

/// Three digits, zero-padded (milliseconds).
pub(crate) fn push_three(out: &mut String, v: u64) {
    push_padded(out, v, 3);
}

/// `v` in decimal, no padding.
pub(crate) fn push_uint(out: &mut String, v: u64) {
    match v {
        0..10 => push_padded(out, v, 1),
        10..100 => push_two(out, v),
        100..1000 => push_three(out, v),
        // The leading digits, then the last three (at most six levels deep for u64::MAX).
        _ => {
            push_uint(out, v / 1000);
            push_three(out, v % 1000);
        }
    }
}

/// `v` in decimal, with a minus sign when negative (ASS layers).
pub(crate) fn push_int(out: &mut String, v: i64) {
    if v < 0 {
        out.push('-');
    }
    push_uint(out, v.unsigned_abs());
}

/// `v` with at least two digits (SRT and WebVTT hours).
pub(crate) fn push_at_least_two(out: &mut String, v: u64) {
    if v < 100 {
        push_two(out, v);
    } else {
        push_uint(out, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(f: impl Fn(&mut String)) -> String {
        let mut s = String::new();
        f(&mut s);
        s
    }

    #[test]
    fn numbers_read_as_they_format() {
        let samples = (0..2100)
            .chain([9_999, 10_000, 999_999, 1_000_000, 1_000_001, 123_456_789])
            .chain([u64::from(u32::MAX), u64::MAX - 1, u64::MAX]);
        for v in samples {
            assert_eq!(with(|s| push_uint(s, v)), v.to_string(), "{v}");
            if let Ok(i) = i64::try_from(v) {
                assert_eq!(with(|s| push_int(s, -i)), (-i).to_string(), "-{v}");
            }
            assert_eq!(with(|s| push_at_least_two(s, v)), format!("{v:02}"), "{v}");
            if v < 100 {
                assert_eq!(with(|s| push_two(s, v)), format!("{v:02}"));
            }
            if v < 1000 {
                assert_eq!(with(|s| push_three(s, v)), format!("{v:03}"));
            }
        }
    }

    #[test]
    fn the_most_negative_number_keeps_its_sign() {
        assert_eq!(with(|s| push_int(s, i64::MIN)), i64::MIN.to_string());
    }

    #[test]
    fn fields_keep_their_width() {
        // A clock field is reduced by its caller; a wider value keeps its low digits.
        assert_eq!(with(|s| push_two(s, 123)), "23");
        assert_eq!(with(|s| push_three(s, 1234)), "234");
    }
}
