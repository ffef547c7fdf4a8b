//! Frame rates and frame arithmetic: parsing `--fps` values and converting frame-based rules
//! (Netflix's "2 frames at every frame rate") to milliseconds with the track's exact rate.
//!
//! NTSC rates are exact fractions (23.976 = 24000/1001), never floats, so 2 frames at 29.97 fps
//! is 66.73 ms and not 66.66 ms. Thresholds in ms are the exact time truncated to a whole
//! millisecond: a frame-accurate file whose stamps were written truncated or rounded to the
//! millisecond then passes a rule at exactly its limit.

use std::fmt;

use crate::model::Fps;

/// The frame rates subloc names (docs/platforms.md §8), as exact fractions.
pub const KNOWN: &[(&str, Fps)] = &[
    (
        "23.976",
        Fps {
            num: 24000,
            den: 1001,
        },
    ),
    ("24", Fps { num: 24, den: 1 }),
    ("25", Fps { num: 25, den: 1 }),
    (
        "29.97",
        Fps {
            num: 30000,
            den: 1001,
        },
    ),
    ("30", Fps { num: 30, den: 1 }),
    ("50", Fps { num: 50, den: 1 }),
    (
        "59.94",
        Fps {
            num: 60000,
            den: 1001,
        },
    ),
    ("60", Fps { num: 60, den: 1 }),
];

/// A value that is not a frame rate. The message names the accepted forms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid frame rate {input:?}: expected 23.976, 24, 25, 29.97, 30, 50, 59.94, 60 or N/D")]
pub struct FpsError {
    pub input: String,
}

/// Highest rate accepted; anything above is a typo, not a video.
const MAX_FPS: u64 = 1000;

/// Parses `--fps` and profile values: a named rate (`23.976`, `23.98`, `29.97`, `59.94`, whole
/// numbers), an exact fraction `24000/1001`, or another decimal (`12.5` = 25/2).
pub fn parse_fps(input: &str) -> Result<Fps, FpsError> {
    let err = || FpsError {
        input: input.to_string(),
    };
    let s = input.trim();
    // The usual spellings of the NTSC rates map to their exact fractions.
    let ntsc = match s {
        "23.976" | "23.98" | "23.9760" | "23.976023976" => Some(24000),
        "29.97" | "29.970" | "29.9700" | "29.97002997" => Some(30000),
        "59.94" | "59.940" | "59.9400" | "59.94005994" => Some(60000),
        "47.952" | "47.95" => Some(48000),
        "119.88" => Some(120000),
        _ => None,
    };
    if let Some(num) = ntsc {
        return Ok(Fps { num, den: 1001 });
    }
    let (num, den) = if let Some((n, d)) = s.split_once('/') {
        let n: u64 = n.trim().parse().map_err(|_| err())?;
        let d: u64 = d.trim().parse().map_err(|_| err())?;
        (n, d)
    } else if let Some((int, frac)) = s.split_once('.') {
        if int.is_empty() || frac.is_empty() || frac.len() > 6 {
            return Err(err());
        }
        if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let scale = 10u64.pow(u32::try_from(frac.len()).map_err(|_| err())?);
        let i: u64 = int.parse().map_err(|_| err())?;
        let f: u64 = frac.parse().map_err(|_| err())?;
        (
            i.checked_mul(scale)
                .and_then(|v| v.checked_add(f))
                .ok_or_else(err)?,
            scale,
        )
    } else {
        if !s.bytes().all(|b| b.is_ascii_digit()) || s.is_empty() {
            return Err(err());
        }
        (s.parse().map_err(|_| err())?, 1)
    };
    if num == 0 || den == 0 || num > MAX_FPS.saturating_mul(den) {
        return Err(err());
    }
    let g = gcd(num, den);
    let (num, den) = (num / g, den / g);
    Ok(Fps {
        num: u32::try_from(num).map_err(|_| err())?,
        den: u32::try_from(den).map_err(|_| err())?,
    })
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

/// Duration of `frames` frames in milliseconds, truncated to a whole millisecond
/// (2 frames @24 = 83 ms, @25 = 80 ms, @29.97 = 66 ms).
pub fn frames_to_ms(frames: u32, fps: Fps) -> i64 {
    if fps.num == 0 {
        return 0;
    }
    let ms = u128::from(frames) * 1000 * u128::from(fps.den) / u128::from(fps.num);
    i64::try_from(ms).unwrap_or(i64::MAX)
}

/// Number of whole frames nearest to `ms` (for reporting measured gaps in frames).
pub fn ms_to_frames(ms: i64, fps: Fps) -> i64 {
    if fps.den == 0 {
        return 0;
    }
    let num = i128::from(ms) * i128::from(fps.num);
    let den = 1000 * i128::from(fps.den);
    // Round half away from zero.
    let q = (num.abs() * 2 + den) / (2 * den);
    let q = if num < 0 { -q } else { q };
    i64::try_from(q).unwrap_or(if q < 0 { i64::MIN } else { i64::MAX })
}

/// `23.976`-style display of a rate (exact fractions show their usual decimal name).
pub struct FpsDisplay(pub Fps);

impl fmt::Display for FpsDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Fps { num, den } = self.0;
        if let Some((name, _)) = KNOWN.iter().find(|(_, k)| k.num == num && k.den == den) {
            return f.write_str(name);
        }
        if den == 1 {
            return write!(f, "{num}");
        }
        if den == 0 {
            return f.write_str("0");
        }
        let v = f64::from(num) / f64::from(den);
        let s = format!("{v:.3}");
        f.write_str(s.trim_end_matches('0').trim_end_matches('.'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fps(num: u32, den: u32) -> Fps {
        Fps { num, den }
    }

    #[test]
    fn parses_named_rates_as_exact_fractions() {
        assert_eq!(parse_fps("23.976"), Ok(fps(24000, 1001)));
        assert_eq!(parse_fps("23.98"), Ok(fps(24000, 1001)));
        assert_eq!(parse_fps("29.97"), Ok(fps(30000, 1001)));
        assert_eq!(parse_fps("59.94"), Ok(fps(60000, 1001)));
        assert_eq!(parse_fps("24"), Ok(fps(24, 1)));
        assert_eq!(parse_fps(" 25 "), Ok(fps(25, 1)));
        assert_eq!(parse_fps("50"), Ok(fps(50, 1)));
        assert_eq!(parse_fps("60"), Ok(fps(60, 1)));
        assert_eq!(parse_fps("30000/1001"), Ok(fps(30000, 1001)));
        assert_eq!(parse_fps("48/2"), Ok(fps(24, 1)));
        assert_eq!(parse_fps("12.5"), Ok(fps(25, 2)));
        assert_eq!(parse_fps("25.0"), Ok(fps(25, 1)));
        for (name, f) in KNOWN {
            assert_eq!(parse_fps(name).as_ref(), Ok(f), "{name}");
            assert_eq!(FpsDisplay(*f).to_string(), *name);
        }
    }

    #[test]
    fn rejects_non_rates() {
        for bad in [
            "",
            "0",
            "abc",
            "-24",
            "24/0",
            "0/5",
            "1e3",
            "24.",
            ".5",
            "1001",
            "99999999999999999999",
            "2.1234567",
            "24fps",
        ] {
            assert!(parse_fps(bad).is_err(), "{bad}");
        }
        let e = parse_fps("fast").unwrap_err();
        assert!(e.to_string().contains("29.97"));
    }

    #[test]
    fn frames_convert_with_exact_rates() {
        // Netflix minimum gap: 2 frames at every rate.
        assert_eq!(frames_to_ms(2, fps(24, 1)), 83);
        assert_eq!(frames_to_ms(2, fps(24000, 1001)), 83);
        assert_eq!(frames_to_ms(2, fps(25, 1)), 80);
        assert_eq!(frames_to_ms(2, fps(30000, 1001)), 66);
        assert_eq!(frames_to_ms(2, fps(30, 1)), 66);
        assert_eq!(frames_to_ms(2, fps(50, 1)), 40);
        assert_eq!(frames_to_ms(2, fps(60000, 1001)), 33);
        assert_eq!(frames_to_ms(2, fps(60, 1)), 33);
        // Netflix minimum duration: 20 frames @24 and 25 frames @29.97 are both 5/6 s.
        assert_eq!(frames_to_ms(20, fps(24, 1)), 833);
        assert_eq!(frames_to_ms(25, fps(30000, 1001)), 834);
        // Half a second: 12 frames @24, 15 @30, 30 @60.
        assert_eq!(frames_to_ms(12, fps(24, 1)), 500);
        assert_eq!(frames_to_ms(15, fps(30, 1)), 500);
        assert_eq!(frames_to_ms(30, fps(60, 1)), 500);
        assert_eq!(frames_to_ms(u32::MAX, fps(1, 1000)), 4_294_967_295_000_000);
        assert_eq!(frames_to_ms(3, fps(0, 1)), 0);
    }

    #[test]
    fn ms_round_to_nearest_frame() {
        assert_eq!(ms_to_frames(83, fps(24, 1)), 2);
        assert_eq!(ms_to_frames(62, fps(24, 1)), 1);
        assert_eq!(ms_to_frames(0, fps(24, 1)), 0);
        assert_eq!(ms_to_frames(-83, fps(24, 1)), -2);
        assert_eq!(ms_to_frames(1001, fps(30000, 1001)), 30);
        assert_eq!(ms_to_frames(i64::MAX, fps(60, 1)), 553_402_322_211_286_548);
        assert_eq!(ms_to_frames(i64::MAX, fps(u32::MAX, 1)), i64::MAX);
    }
}
