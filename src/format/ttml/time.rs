//! TTML time expressions into milliseconds: clock time (`hh:mm:ss.fff`, `hh:mm:ss:ff.sub`) and
//! offset time (`1.5s`, `90f`, `4500ms`, `10010010t`), with the document's timing parameters
//! (`ttp:frameRate`, `ttp:frameRateMultiplier`, `ttp:subFrameRate`, `ttp:tickRate`).
//!
//! Grammar: TTML1 §10.3.1 <https://www.w3.org/TR/ttml1/#timing-value-timeExpression>, same in
//! TTML2 §10.3.1 <https://www.w3.org/TR/ttml2/#timing-value-time-expression>; parameter defaults
//! from TTML1 §6.2.4 (frameRate 30), §6.2.5 (multiplier 1:1), §6.2.9 (subFrameRate 1) and §6.2.10
//! (tickRate: frameRate × subFrameRate when a frame rate is given, else 1). All arithmetic is exact
//! integer arithmetic on fractions (`i128`), rounded once to the nearest millisecond, so 23.976
//! fps frame times come out as every other reader computes them; absurd values saturate.

/// The timing parameters of a document (`<tt ttp:…>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TimeParams {
    pub frame_rate: u32,
    /// `ttp:frameRateMultiplier` numerator and denominator.
    pub multiplier: (u32, u32),
    pub sub_frame_rate: u32,
    pub tick_rate: u32,
    /// Whether `ttp:frameRate` was given (a file without it has no known frame rate).
    pub frame_rate_given: bool,
    /// `ttp:timeBase="smpte"`: a clock time with frames is a timecode label (TTML1 §6.2.11).
    pub smpte: bool,
}

impl Default for TimeParams {
    fn default() -> Self {
        TimeParams {
            frame_rate: 30,
            multiplier: (1, 1),
            sub_frame_rate: 1,
            tick_rate: 1,
            frame_rate_given: false,
            smpte: false,
        }
    }
}

impl TimeParams {
    /// Reads the parameters from the `<tt>` attribute values (local names without prefix); a
    /// value that does not parse keeps the default and is returned as the attribute's name so the
    /// reader can report it.
    pub fn from_attrs<'a>(
        get: impl Fn(&str) -> Option<&'a str>,
    ) -> (TimeParams, Vec<&'static str>) {
        let mut p = TimeParams::default();
        let mut bad = Vec::new();
        p.smpte = get("timeBase").is_some_and(|v| v.trim() == "smpte");
        let positive = |v: &str| v.trim().parse::<u32>().ok().filter(|n| *n > 0);
        if let Some(v) = get("frameRate") {
            match positive(v) {
                Some(n) => {
                    p.frame_rate = n;
                    p.frame_rate_given = true;
                }
                None => bad.push("frameRate"),
            }
        }
        if let Some(v) = get("frameRateMultiplier") {
            let mut it = v.split_ascii_whitespace();
            match (
                it.next().and_then(positive),
                it.next().and_then(positive),
                it.next(),
            ) {
                (Some(n), Some(d), None) => p.multiplier = (n, d),
                _ => bad.push("frameRateMultiplier"),
            }
        }
        if let Some(v) = get("subFrameRate") {
            match positive(v) {
                Some(n) => p.sub_frame_rate = n,
                None => bad.push("subFrameRate"),
            }
        }
        p.tick_rate = if p.frame_rate_given {
            p.frame_rate.saturating_mul(p.sub_frame_rate)
        } else {
            1
        };
        if let Some(v) = get("tickRate") {
            match positive(v) {
                Some(n) => p.tick_rate = n,
                None => bad.push("tickRate"),
            }
        }
        (p, bad)
    }

    /// The effective frame rate as a fraction (frames per second = num / den).
    pub fn effective_rate(&self) -> (i128, i128) {
        (
            i128::from(self.frame_rate) * i128::from(self.multiplier.0),
            i128::from(self.multiplier.1),
        )
    }
}

/// A non-negative exact decimal: `digits / 10^scale`.
#[derive(Debug, Clone, Copy)]
struct Decimal {
    digits: i128,
    scale: u32,
}

/// Fraction digits beyond this are ignored (they are far below a millisecond anyway), which
/// keeps every intermediate product inside `i128`.
const MAX_SCALE: u32 = 9;
/// Integer digits beyond this cannot be a subtitle time (10^12 hours); refused.
const MAX_INT_DIGITS: usize = 15;

fn decimal(s: &str) -> Option<Decimal> {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if int.is_empty()
        || int.len() > MAX_INT_DIGITS
        || !int.bytes().all(|b| b.is_ascii_digit())
        || frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let mut digits: i128 = int.parse().ok()?;
    let mut scale = 0;
    for b in frac.unwrap_or("").bytes().take(MAX_SCALE as usize) {
        digits = digits * 10 + i128::from(b - b'0');
        scale += 1;
    }
    Some(Decimal { digits, scale })
}

/// `num / den` seconds rounded to the nearest millisecond, saturating at `i64`.
fn ms_of(num: i128, den: i128) -> i64 {
    if den <= 0 {
        return 0;
    }
    let ms = (num.saturating_mul(1000).saturating_add(den / 2)) / den;
    i64::try_from(ms).unwrap_or(i64::MAX)
}

/// Parses a time expression into milliseconds; `None` when it is not one.
pub(crate) fn parse_time(value: &str, p: &TimeParams) -> Option<i64> {
    let v = value.trim();
    if v.contains(':') {
        return clock_time(v, p);
    }
    // Offset time: the metric is the trailing letters.
    let split = v
        .find(|c: char| c.is_ascii_alphabetic())
        .filter(|&i| i > 0)?;
    let (count, metric) = v.split_at(split);
    let d = decimal(count)?;
    let pow = 10i128.pow(d.scale);
    // Seconds as a fraction: num / den.
    let (num, den) = match metric {
        "h" => (d.digits * 3600, pow),
        "m" => (d.digits * 60, pow),
        "s" => (d.digits, pow),
        "ms" => (d.digits, pow * 1000),
        "f" => {
            let (rn, rd) = p.effective_rate();
            (d.digits * rd, pow * rn)
        }
        "t" => (d.digits, pow * i128::from(p.tick_rate)),
        _ => return None,
    };
    Some(ms_of(num, den))
}

/// `hh:mm:ss`, `hh:mm:ss.fraction` or `hh:mm:ss:frames[.subframes]`. Hours may have any number
/// of digits (TTML says two or more; one-digit hours are common in real files and unambiguous);
/// minutes and seconds are two digits, below 60 (seconds may be 60 for a leap second, TTML1
/// §10.3.1, which a media time never needs but the grammar allows).
fn clock_time(v: &str, p: &TimeParams) -> Option<i64> {
    let mut parts = v.split(':');
    let (h, m, s) = (parts.next()?, parts.next()?, parts.next()?);
    let frames = parts.next();
    if parts.next().is_some() {
        return None;
    }
    let two = |x: &str, max: i128| {
        (x.len() == 2 && x.bytes().all(|b| b.is_ascii_digit()))
            .then(|| x.parse::<i128>().ok())
            .flatten()
            .filter(|n| *n <= max)
    };
    let hd = decimal(h).filter(|d| d.scale == 0)?;
    let minutes = two(m, 59)?;
    let whole = hd.digits * 3600 + minutes * 60;
    let (rn, rd) = p.effective_rate();
    match frames {
        None => {
            let (sec, frac) = match s.split_once('.') {
                Some((a, b)) => (a, Some(b)),
                None => (s, None),
            };
            let secs = two(sec, 60)?;
            let d = decimal(&format!("{secs}.{}", frac.unwrap_or("0")))?;
            if frac.is_some_and(str::is_empty) {
                return None;
            }
            let pow = 10i128.pow(d.scale);
            Some(ms_of(whole * pow + d.digits, pow))
        }
        Some(f) => {
            let secs = two(s, 60)?;
            let (fr, sub) = match f.split_once('.') {
                Some((a, b)) => (a, Some(b)),
                None => (f, None),
            };
            let fr = decimal(fr)
                .filter(|d| d.scale == 0 && fr.len() <= 6)?
                .digits;
            let sub = match sub {
                Some(sf) => {
                    decimal(sf)
                        .filter(|d| d.scale == 0 && sf.len() <= 6)?
                        .digits
                }
                None => 0,
            };
            let sfr = i128::from(p.sub_frame_rate);
            let frames = fr * sfr + sub;
            let num = if p.smpte {
                // A timecode counts frames at the nominal rate: the label's frame number over
                // the effective rate (29.97 fps runs 1001/1000 slower than its labels say).
                // Drop-frame labels (`ttp:dropMode`) are read as non-drop.
                (whole + secs)
                    .saturating_mul(i128::from(p.frame_rate))
                    .saturating_mul(sfr)
                    .saturating_add(frames)
                    .saturating_mul(rd)
            } else {
                // Media time: seconds + (frames + sub / subFrameRate) / rate (TTML1 §10.3.1).
                (whole + secs)
                    .saturating_mul(rn)
                    .saturating_mul(sfr)
                    .saturating_add(frames.saturating_mul(rd))
            };
            Some(ms_of(num, rn.saturating_mul(sfr)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> TimeParams {
        TimeParams::default()
    }

    #[test]
    fn clock_times() {
        assert_eq!(parse_time("00:00:01.000", &p()), Some(1000));
        assert_eq!(parse_time("01:02:03.045", &p()), Some(3_723_045));
        assert_eq!(parse_time("100:00:00.001", &p()), Some(360_000_001));
        assert_eq!(parse_time("0:00:02.5", &p()), Some(2500));
        assert_eq!(parse_time("00:00:02", &p()), Some(2000));
        assert_eq!(parse_time(" 00:00:02.12345 ", &p()), Some(2123));
        assert_eq!(parse_time("00:00:00.0005", &p()), Some(1));
    }

    #[test]
    fn clock_times_with_frames_use_rate_and_multiplier() {
        let (ntsc, bad) = TimeParams::from_attrs(|k| match k {
            "frameRate" => Some("30"),
            "frameRateMultiplier" => Some("1000 1001"),
            _ => None,
        });
        assert!(bad.is_empty());
        // Media time: 1 s + 15 frames at 29.97 fps = 1 + 15 × 1001 / 30000 s = 1.5005 s.
        assert_eq!(parse_time("00:00:01:15", &ntsc), Some(1501));
        // SMPTE time base: the label counts (30 + 15) frames at 29.97 fps = 1.5015 s.
        let smpte = TimeParams {
            smpte: true,
            ..ntsc
        };
        assert_eq!(parse_time("00:00:01:15", &smpte), Some(1502));
        let (pal, _) = TimeParams::from_attrs(|k| (k == "frameRate").then_some("25"));
        assert_eq!(parse_time("00:00:10:12", &pal), Some(10_480));
        // Sub-frames: 2 sub-frames of 4 at 25 fps = half a frame = 20 ms.
        let (sub, _) = TimeParams::from_attrs(|k| match k {
            "frameRate" => Some("25"),
            "subFrameRate" => Some("4"),
            _ => None,
        });
        assert_eq!(parse_time("00:00:00:01.2", &sub), Some(60));
        // Without a frame rate TTML's default of 30 applies.
        assert_eq!(parse_time("00:00:00:15", &p()), Some(500));
    }

    #[test]
    fn offset_times_in_every_metric() {
        let (pal, _) = TimeParams::from_attrs(|k| (k == "frameRate").then_some("25"));
        assert_eq!(parse_time("1.5h", &p()), Some(5_400_000));
        assert_eq!(parse_time("2m", &p()), Some(120_000));
        assert_eq!(parse_time("3.25s", &p()), Some(3250));
        assert_eq!(parse_time("4500ms", &p()), Some(4500));
        assert_eq!(parse_time("50f", &pal), Some(2000));
        // Ticks default to frameRate × subFrameRate when a frame rate is given, else 1 per second.
        assert_eq!(parse_time("50t", &pal), Some(2000));
        assert_eq!(parse_time("2t", &p()), Some(2000));
        let (ticks, _) = TimeParams::from_attrs(|k| (k == "tickRate").then_some("10000000"));
        assert_eq!(parse_time("10010000t", &ticks), Some(1001));
        assert_eq!(parse_time("0.5t", &ticks), Some(0));
    }

    #[test]
    fn bad_times_are_refused() {
        for bad in [
            "",
            "s",
            "1",
            "1x",
            "1.s",
            ".5s",
            "-1s",
            "1:2:3",
            "00:60:00",
            "00:00:61",
            "00:00:01.",
            "00:00:01,000",
            "00:00:01:02:03",
            "1e9s",
            "00:0a:00",
            "99999999999999999h",
            "00:00:00:1234567",
        ] {
            assert_eq!(parse_time(bad, &p()), None, "{bad:?}");
        }
    }

    #[test]
    fn huge_values_saturate_instead_of_overflowing() {
        assert_eq!(parse_time("999999999999999h", &p()), Some(i64::MAX));
        let (slow, _) = TimeParams::from_attrs(|k| match k {
            "frameRate" => Some("4294967295"),
            "frameRateMultiplier" => Some("4294967295 1"),
            _ => None,
        });
        assert!(parse_time("999999999999999.999999999f", &slow).is_some());
        assert!(parse_time("999999999999999:00:00:999999.999999", &slow).is_some());
    }

    #[test]
    fn bad_parameters_are_named_and_defaults_kept() {
        let (t, bad) = TimeParams::from_attrs(|k| match k {
            "frameRate" => Some("0"),
            "frameRateMultiplier" => Some("1000"),
            "tickRate" => Some("x"),
            _ => None,
        });
        assert_eq!(bad, ["frameRate", "frameRateMultiplier", "tickRate"]);
        assert_eq!(t, TimeParams::default());
    }
}
