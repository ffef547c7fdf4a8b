//! Calendar dates of what subloc records: the clock in Unix seconds and its proleptic Gregorian
//! UTC date and time, in the forms the project writes (ISO 8601 dates for glossary decisions,
//! `YYYY-MM-DDThh:mm:ss` for JUnit, `YYYYMMDDThhmmssZ` for TMX). One owner for the conversion,
//! Howard Hinnant's civil-from-days and days-from-civil
//! (http://howardhinnant.github.io/date_algorithms.html), so three formats cannot disagree.

/// Now in Unix seconds (0 if the clock is before 1970).
pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// A UTC date and time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Utc {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: i64,
    pub minute: i64,
    pub second: i64,
}

impl Utc {
    /// The date and time of `unix` seconds.
    pub fn from_unix(unix: i64) -> Utc {
        let (year, month, day) = civil_from_days(unix.div_euclid(86_400));
        let secs = unix.rem_euclid(86_400);
        Utc {
            year,
            month,
            day,
            hour: secs / 3600,
            minute: (secs / 60) % 60,
            second: secs % 60,
        }
    }

    /// Unix seconds of a date and time (no range checks: callers validate fields first).
    pub fn to_unix(self) -> i64 {
        let days = days_from_civil(self.year, i64::from(self.month), i64::from(self.day));
        days.saturating_mul(86_400)
            .saturating_add(self.hour * 3600 + self.minute * 60 + self.second)
    }

    /// `YYYY-MM-DD`.
    pub fn iso_date(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `YYYY-MM-DDThh:mm:ss` (no zone designator: the JUnit schema's `xs:dateTime` form).
    pub fn iso_datetime(&self) -> String {
        format!(
            "{}T{:02}:{:02}:{:02}",
            self.iso_date(),
            self.hour,
            self.minute,
            self.second
        )
    }

    /// `YYYYMMDDThhmmssZ` (TMX 1.4 §3.2, dates).
    pub fn compact(&self) -> String {
        format!(
            "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

/// Today's date (UTC) as `YYYY-MM-DD`.
pub fn today() -> String {
    Utc::from_unix(now_unix()).iso_date()
}

/// Days since 1970-01-01 → (year, month, day).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

/// (year, month, day) → days since 1970-01-01.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        for days in [-800_000, -1, 0, 59, 60, 11_016, 19_782, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, i64::from(m), i64::from(d)), days);
        }
        assert_eq!(today().len(), 10);
    }

    #[test]
    fn the_three_forms_of_one_instant() {
        // 2026-11-12 08:05:09 UTC.
        let t = Utc::from_unix(1_794_470_709);
        assert_eq!(t.iso_date(), "2026-11-12");
        assert_eq!(t.iso_datetime(), "2026-11-12T08:05:09");
        assert_eq!(t.compact(), "20261112T080509Z");
        assert_eq!(t.to_unix(), 1_794_470_709);
        assert_eq!(Utc::from_unix(-1).iso_datetime(), "1969-12-31T23:59:59");
    }
}
