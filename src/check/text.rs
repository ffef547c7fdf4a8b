//! Text rules: empty cues, number of lines, characters per line and reading speed (characters
//! per second, or words per minute where the profile is word-based).
//!
//! Counting follows the profile's counting mode for the language (`platform::count`). Limits are
//! "up to N": a cue fails only when it is over, never when it is exactly at the limit. Counts are
//! compared in exact half units, so 0.5-weighted CJK text sits at the limit exactly.

use super::{FindingCue, Sink, args};
use crate::diag::rules;
use crate::model::Cue;
use crate::platform::count::{self, CountingMode, display_count, display_rate};
use crate::platform::limits::Limits;

pub(super) struct TextRules<'a> {
    limits: &'a Limits,
    empty: bool,
    mode: CountingMode,
    max_lines: Option<u32>,
    max_cpl: Option<f64>,
    max_cps: Option<f64>,
    max_wpm: Option<f64>,
}

impl<'a> TextRules<'a> {
    pub fn new(limits: &'a Limits, sink: &Sink) -> Self {
        let on = |rule: &str| sink.on(rule);
        TextRules {
            limits,
            empty: on(rules::TEXT_EMPTY_CUE),
            mode: limits.counting.copied().unwrap_or_default(),
            max_lines: limits
                .max_lines
                .copied()
                .filter(|_| on(rules::TEXT_MAX_LINES)),
            max_cpl: limits
                .max_chars_per_line
                .copied()
                .filter(|_| on(rules::TEXT_MAX_CHARS_PER_LINE)),
            max_cps: limits.max_cps.copied().filter(|_| on(rules::READING_SPEED)),
            max_wpm: limits
                .max_wpm
                .copied()
                .filter(|_| on(rules::READING_SPEED_WPM)),
        }
    }

    pub fn check(&self, cue: &Cue, at: FindingCue, plain: &str, sink: &mut Sink) {
        if !count::has_visible(plain) {
            if self.empty {
                sink.emit(rules::TEXT_EMPTY_CUE, None, at, args![]);
            }
            return;
        }
        let mut total_halves = 0u64;
        let mut first_visible: Option<usize> = None;
        let mut last_visible = 0usize;
        for (i, line) in plain.split('\n').enumerate() {
            let halves = count::line_halves(line, self.mode);
            total_halves += halves;
            if count::has_visible(line) {
                first_visible.get_or_insert(i);
                last_visible = i;
            }
            if let Some(max) = self.max_cpl.filter(|&m| halves as f64 > m * 2.0) {
                sink.emit_limit(
                    rules::TEXT_MAX_CHARS_PER_LINE,
                    &self.limits.max_chars_per_line,
                    at,
                    args![
                        ("chars", display_count(halves as f64 / 2.0)),
                        ("max", display_count(max)),
                        ("cue_line", (i + 1).to_string()),
                    ],
                );
            }
        }
        // Blank lines before the first and after the last text line take no room on screen.
        let lines = first_visible.map_or(0, |f| last_visible - f + 1);
        if let Some(max) = self.max_lines.filter(|&m| lines > m as usize) {
            sink.emit_limit(
                rules::TEXT_MAX_LINES,
                &self.limits.max_lines,
                at,
                args![("lines", lines.to_string()), ("max", max.to_string())],
            );
        }
        let dur = cue.duration_ms();
        if dur <= 0 {
            return;
        }
        let chars = total_halves as f64 / 2.0;
        if let Some(max) = self
            .max_cps
            .filter(|&m| total_halves as f64 * 1000.0 > m * 2.0 * dur as f64)
        {
            let cps = count::cps(chars, dur).unwrap_or(0.0);
            sink.emit_limit(
                rules::READING_SPEED,
                &self.limits.max_cps,
                at,
                args![
                    ("cps", display_rate(cps)),
                    ("max", display_count(max)),
                    ("chars", display_count(chars)),
                    ("duration_ms", dur.to_string()),
                ],
            );
        }
        if let Some(max) = self.max_wpm {
            let words = count::count_words(plain);
            if f64::from(words) * 60_000.0 > max * dur as f64 {
                let wpm = count::wpm(words, dur).unwrap_or(0.0);
                sink.emit_limit(
                    rules::READING_SPEED_WPM,
                    &self.limits.max_wpm,
                    at,
                    args![
                        ("wpm", display_rate(wpm)),
                        ("max", display_count(max)),
                        ("words", words.to_string()),
                        ("duration_ms", dur.to_string()),
                    ],
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::tests::{find, limits, run, track};
    use crate::diag::{Severity, rules};

    #[test]
    fn empty_cue() {
        let l = limits("netflix", "en");
        let d = run(&track(&[(0, 1000, " \n "), (2000, 3000, "\u{200f}")]), &l);
        let f = find(&d, rules::TEXT_EMPTY_CUE);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].severity, Severity::Warning);
        // No other text rule fires on an empty cue.
        assert_eq!(d.len(), 2 + find(&d, rules::TIMING_MIN_GAP).len());
        assert!(find(&run(&track(&[(0, 1000, "a")]), &l), rules::TEXT_EMPTY_CUE).is_empty());
    }

    #[test]
    fn max_lines_at_and_over() {
        let l = limits("netflix", "en");
        assert!(
            find(
                &run(&track(&[(0, 3000, "a\nb")]), &l),
                rules::TEXT_MAX_LINES
            )
            .is_empty()
        );
        // Leading and trailing blank lines do not count; a blank line inside does.
        assert!(
            find(
                &run(&track(&[(0, 3000, "\na\nb\n")]), &l),
                rules::TEXT_MAX_LINES
            )
            .is_empty()
        );
        let d = run(&track(&[(0, 3000, "a\n\nb")]), &l);
        let f = find(&d, rules::TEXT_MAX_LINES);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].get_arg("lines"), Some("3"));
        assert_eq!(f[0].get_arg("max"), Some("2"));
        // Douyin: one line.
        let l = limits("douyin", "zh-Hans");
        assert_eq!(
            find(
                &run(&track(&[(0, 3000, "你好\n世界")]), &l),
                rules::TEXT_MAX_LINES
            )
            .len(),
            1
        );
    }

    #[test]
    fn chars_per_line_latin_at_and_over() {
        let l = limits("netflix", "en");
        let at = "a".repeat(42);
        let over = "a".repeat(43);
        let t = track(&[(0, 5000, &at)]);
        assert!(find(&run(&t, &l), rules::TEXT_MAX_CHARS_PER_LINE).is_empty());
        let text = format!("short\n{over}");
        let d = run(&track(&[(0, 5000, &text)]), &l);
        let f = find(&d, rules::TEXT_MAX_CHARS_PER_LINE);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].get_arg("chars"), Some("43"));
        assert_eq!(f[0].get_arg("max"), Some("42"));
        assert_eq!(f[0].get_arg("cue_line"), Some("2"));
        // Russian: 42 since the TTSG updates of December 2025 (docs/vertical.md).
        let l = limits("netflix", "ru");
        assert!(
            find(
                &run(&track(&[(0, 5000, &"я".repeat(42))]), &l),
                rules::TEXT_MAX_CHARS_PER_LINE
            )
            .is_empty()
        );
        assert_eq!(
            find(
                &run(&track(&[(0, 5000, &"я".repeat(43))]), &l),
                rules::TEXT_MAX_CHARS_PER_LINE
            )
            .len(),
            1
        );
    }

    #[test]
    fn chars_per_line_cjk_half_width() {
        let l = limits("netflix", "zh-Hans");
        // 15 ideographs + 2 ASCII letters = 16: at the limit.
        let at = format!("{}OK", "好".repeat(15));
        assert!(
            find(
                &run(&track(&[(0, 5000, &at)]), &l),
                rules::TEXT_MAX_CHARS_PER_LINE
            )
            .is_empty()
        );
        // 15 ideographs + 3 ASCII letters = 16.5: over.
        let over = format!("{}OKK", "好".repeat(15));
        let d = run(&track(&[(0, 5000, &over)]), &l);
        let f = find(&d, rules::TEXT_MAX_CHARS_PER_LINE);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].get_arg("chars"), Some("16.5"));
        assert_eq!(f[0].get_arg("max"), Some("16"));
    }

    #[test]
    fn chars_per_line_thai_marks_not_counted() {
        let l = limits("netflix", "th");
        // 35 base letters, each with a tone mark: 35 counted characters.
        let at = "ก่".repeat(35);
        assert!(
            find(
                &run(&track(&[(0, 5000, &at)]), &l),
                rules::TEXT_MAX_CHARS_PER_LINE
            )
            .is_empty()
        );
        let over = "ก่".repeat(36);
        assert_eq!(
            find(
                &run(&track(&[(0, 5000, &over)]), &l),
                rules::TEXT_MAX_CHARS_PER_LINE
            )
            .len(),
            1
        );
    }

    #[test]
    fn reading_speed_at_and_over() {
        // en: 20 cps. 20 characters in 1 s is at the limit; in 999 ms it is over.
        let l = limits("netflix", "en");
        let text = "abcdefghij\nklmnopqrst";
        assert!(find(&run(&track(&[(0, 1000, text)]), &l), rules::READING_SPEED).is_empty());
        let d = run(&track(&[(0, 999, text)]), &l);
        let f = find(&d, rules::READING_SPEED);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].get_arg("cps"), Some("20.03"));
        assert_eq!(f[0].get_arg("max"), Some("20"));
        assert_eq!(f[0].get_arg("chars"), Some("20"));
        assert_eq!(f[0].get_arg("duration_ms"), Some("999"));
        let e = crate::check::limit_entry(&l, f[0].rule).unwrap();
        assert_eq!(e.status, crate::platform::Evidence::Doc2);
        assert_eq!(e.value.as_deref(), Some("20"));
        // zh-Hans: 9 cps with half-width counting; 8 ideographs + 2 digits = 9 chars in 1 s.
        let l = limits("netflix", "zh-Hans");
        assert!(
            find(
                &run(&track(&[(0, 1000, "八个汉字八个汉字12")]), &l),
                rules::READING_SPEED
            )
            .is_empty()
        );
        assert_eq!(
            find(
                &run(&track(&[(0, 1000, "八个汉字八个汉字123")]), &l),
                rules::READING_SPEED
            )
            .len(),
            1
        );
        // Markup is not counted.
        let l = limits("netflix", "en");
        let mut t = track(&[(0, 1000, "abcdefghijklmnopqrst")]);
        t.cues[0].text.inlines_mut().insert(
            0,
            crate::model::Inline::tag(crate::model::Tag {
                syntax: crate::model::TagSyntax::Html,
                raw: "<i>".into(),
                effects: vec![crate::model::Effect::Italic(true)],
            }),
        );
        assert!(find(&run(&t, &l), rules::READING_SPEED).is_empty());
    }

    #[test]
    fn reading_speed_profile_severity_and_status() {
        // Marketing assets: reading speed is a warning.
        let l = limits("netflix_marketing", "en");
        let d = run(&track(&[(0, 1000, &"a".repeat(30))]), &l);
        assert_eq!(
            find(&d, rules::READING_SPEED)[0].severity,
            Severity::Warning
        );
        // YouTube publishes nothing: the industry default applies, as a warning.
        let l = limits("youtube", "en");
        let d = run(&track(&[(0, 1000, &"a".repeat(18))]), &l);
        let f = find(&d, rules::READING_SPEED);
        assert_eq!(f[0].severity, Severity::Warning);
        let e = crate::check::limit_entry(&l, f[0].rule).unwrap();
        assert_eq!(
            (e.key, e.status),
            ("max_cps", crate::platform::Evidence::Ind)
        );
        assert_eq!(e.origin, "generic");
        assert_eq!(f[0].get_arg("max"), Some("17"));
    }

    #[test]
    fn words_per_minute_for_word_based_profiles() {
        // BBC: 180 wpm = 3 words per second. 6 words in 2 s is at the limit.
        let l = limits("bbc_online", "en");
        let six = "one two three\nfour five six";
        let d = run(&track(&[(0, 2000, six)]), &l);
        assert!(find(&d, rules::READING_SPEED_WPM).is_empty());
        // And CPS is not checked (13 + 1 + 13 = 27 chars in 2 s would break 13.5 cps).
        assert!(find(&d, rules::READING_SPEED).is_empty());
        let d = run(&track(&[(0, 1999, six)]), &l);
        let f = find(&d, rules::READING_SPEED_WPM);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].get_arg("words"), Some("6"));
        assert_eq!(f[0].get_arg("max"), Some("180"));
        assert_eq!(f[0].get_arg("wpm"), Some("180.1"));
    }
}
