//! Counting what a viewer reads: characters per line and per cue under a platform's counting
//! mode, characters per second, and words per minute.
//!
//! Works on visible text (`RichText::to_plain()`, so markup and drawings are already gone); line
//! breaks are never counted. Spaces and punctuation count (Netflix, docs/platforms.md §1). A
//! user-perceived character counts once: combining marks (Unicode category M: Thai tone marks and
//! above/below vowels, Arabic harakat, decomposed accents), variation selectors, emoji modifiers
//! and the parts of an emoji ZWJ sequence or flag are not counted separately, and invisible format
//! characters (ZWNJ, ZWJ, RLM/LRM, embeddings, isolates, BOM) are not counted at all. Thai SARA AM
//! U+0E33 is a letter (Lo), so it counts. In `cjk_halfwidth_half` a full-width character counts 1
//! and a half-width one 0.5; East Asian "ambiguous" characters (“ ” … ·) count as full-width,
//! because that is how CJK fonts draw them. Counts are kept in half units, so they are exact.
//!
//! Hot path: one pass over the chars, no allocation, an ASCII fast path.

use unicode_width::UnicodeWidthChar;

/// How a language's characters are counted (docs/platforms.md §1, "counting mode").
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum CountingMode {
    /// Each user-perceived character counts 1.
    #[default]
    Latin,
    /// Full-width (East Asian Wide/Fullwidth/Ambiguous) = 1, half-width = 0.5 (Netflix zh/ja/ko).
    CjkHalfwidthHalf,
    /// Thai: combining marks (Mn) are not counted (Netflix th, "no composite characters").
    ThaiBase,
    /// Arabic script: diacritics (harakat, Mn) are not counted (Subtitle Edit's Netflix check).
    ArabicNodiac,
}

impl CountingMode {
    pub fn name(self) -> &'static str {
        match self {
            CountingMode::Latin => "latin",
            CountingMode::CjkHalfwidthHalf => "cjk_halfwidth_half",
            CountingMode::ThaiBase => "thai_base",
            CountingMode::ArabicNodiac => "arabic_nodiac",
        }
    }
}

/// Counted length of one line (no line breaks inside), in characters (a multiple of 0.5).
pub fn count_line(line: &str, mode: CountingMode) -> f64 {
    halves_to_f64(line_halves(line, mode))
}

/// Counted length of a whole cue's visible text; `\n` separates lines and is not counted.
pub fn count_text(plain: &str, mode: CountingMode) -> f64 {
    halves_to_f64(plain.split('\n').map(|l| line_halves(l, mode)).sum())
}

/// Counted length in half characters (exact integer form of `count_line`).
pub fn line_halves(line: &str, mode: CountingMode) -> u64 {
    let cjk = mode == CountingMode::CjkHalfwidthHalf;
    if line.is_ascii() {
        let n = line
            .bytes()
            .filter(|&b| (b >= 0x20 && b != 0x7f) || b == b'\t')
            .count() as u64;
        return if cjk { n } else { n * 2 };
    }
    let mut total = 0u64;
    // The previous counted character was pictographic, so a ZWJ glues the next one to it.
    let mut prev_pictographic = false;
    let mut glue_next = false;
    // Regional indicators pair up into one flag.
    let mut open_flag = false;
    for c in line.chars() {
        // Fast paths: ASCII, and the big blocks of wide CJK characters (no marks, no joiners).
        if c.is_ascii() {
            prev_pictographic = false;
            open_flag = false;
            glue_next = false;
            if (c >= ' ' && c != '\u{7f}') || c == '\t' {
                total += if cjk { 1 } else { 2 };
            }
            continue;
        }
        if is_plain_wide(c) {
            prev_pictographic = false;
            open_flag = false;
            glue_next = false;
            total += 2;
            continue;
        }
        if c == '\u{200d}' {
            glue_next = prev_pictographic;
            continue;
        }
        if is_invisible(c) || is_continuation(c) {
            continue;
        }
        if glue_next {
            glue_next = false;
            continue;
        }
        if is_regional_indicator(c) {
            if open_flag {
                open_flag = false;
                continue;
            }
            open_flag = true;
        } else {
            open_flag = false;
        }
        prev_pictographic = is_pictographic(c);
        total += if cjk {
            match c.width_cjk() {
                Some(2) => 2,
                _ => 1,
            }
        } else {
            2
        };
    }
    total
}

/// Wide (East Asian W/F) characters that are neither marks nor emoji: CJK symbols and
/// punctuation (minus the ideographic tone marks), kana, CJK ideographs, Hangul syllables and
/// full-width forms. Each is one character in every mode.
fn is_plain_wide(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{3029}' | '\u{3030}'..='\u{303e}' | '\u{3041}'..='\u{3096}'
        | '\u{30a1}'..='\u{30fa}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}'
        | '\u{ac00}'..='\u{d7a3}' | '\u{ff01}'..='\u{ff60}')
}

fn halves_to_f64(h: u64) -> f64 {
    h as f64 / 2.0
}

/// Whether a text has anything to read: a character that is neither white space nor invisible.
pub fn has_visible(text: &str) -> bool {
    text.chars().any(|c| !c.is_whitespace() && !is_invisible(c))
}

/// Characters that take no space and are not read: C0/C1 controls (but tab) and format
/// characters (Cf): soft hyphen, ALM, ZWSP, ZWNJ, LRM/RLM, embeddings, isolates, BOM.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{a}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{ad}' | '\u{61c}' | '\u{180e}'
        | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}'
        | '\u{feff}' | '\u{fff9}'..='\u{fffb}' | '\u{e0001}')
}

/// Characters that extend the previous one into one user-perceived character.
fn is_continuation(c: char) -> bool {
    if (c as u32) < 0x300 {
        return false;
    }
    matches!(c,
        '\u{fe00}'..='\u{fe0f}' | '\u{e0100}'..='\u{e01ef}'   // variation selectors
        | '\u{1f3fb}'..='\u{1f3ff}'                            // emoji skin-tone modifiers
        | '\u{e0020}'..='\u{e007f}'                            // emoji tag sequences
        | '\u{1160}'..='\u{11ff}' | '\u{d7b0}'..='\u{d7ff}')   // Hangul medial/final jamo
        || unicode_normalization::char::is_combining_mark(c)
}

fn is_regional_indicator(c: char) -> bool {
    matches!(c, '\u{1f1e6}'..='\u{1f1ff}')
}

/// Rough Extended_Pictographic: enough to keep ZWJ emoji sequences together without gluing
/// letters that a ZWJ joins for shaping (Arabic, Indic).
fn is_pictographic(c: char) -> bool {
    matches!(c,
        '\u{1f000}'..='\u{1faff}' | '\u{2600}'..='\u{27bf}' | '\u{2b00}'..='\u{2bff}'
        | '\u{2300}'..='\u{23ff}' | '\u{a9}' | '\u{ae}' | '\u{203c}' | '\u{2049}' | '\u{2122}')
}

/// Characters per second over a duration; `None` when the duration is not positive.
pub fn cps(chars: f64, duration_ms: i64) -> Option<f64> {
    (duration_ms > 0).then(|| chars * 1000.0 / duration_ms as f64)
}

/// Words in visible text: whitespace-separated tokens with at least one letter or digit
/// (a lone dash or `♪` is not a word).
pub fn count_words(plain: &str) -> u32 {
    let n = plain
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Words per minute over a duration; `None` when the duration is not positive.
pub fn wpm(words: u32, duration_ms: i64) -> Option<f64> {
    (duration_ms > 0).then(|| f64::from(words) * 60_000.0 / duration_ms as f64)
}

/// A rate rounded UP to two decimals for display, so a value just over a limit never prints as
/// the limit itself (17.001 → 17.01).
pub fn display_rate(v: f64) -> String {
    let r = (v * 100.0).ceil() / 100.0;
    let s = format!("{r:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A count (multiple of 0.5) for display: `12` or `12.5`.
pub fn display_count(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Effect, Inline, RichText, Tag, TagSyntax};
    use CountingMode::*;

    #[test]
    fn latin_counts_spaces_and_punctuation() {
        assert_eq!(count_line("Hello, world!", Latin), 13.0);
        assert_eq!(count_line("", Latin), 0.0);
        assert_eq!(count_line("  ", Latin), 2.0);
        // Line breaks are not counted; each line is.
        assert_eq!(count_text("ab\ncd", Latin), 4.0);
        assert_eq!(count_text("ab\r\ncd", Latin), 4.0);
    }

    #[test]
    fn latin_counts_user_perceived_characters() {
        // Precomposed and decomposed é both count once.
        assert_eq!(count_line("caf\u{e9}", Latin), 4.0);
        assert_eq!(count_line("cafe\u{301}", Latin), 4.0);
        // Non-ASCII letters count once each.
        assert_eq!(count_line("Привет", Latin), 6.0);
        // Emoji: ZWJ family, skin tone, flag, keycap each one.
        assert_eq!(
            count_line("a\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}b", Latin),
            3.0
        );
        assert_eq!(count_line("\u{1f44d}\u{1f3fd}", Latin), 1.0);
        assert_eq!(
            count_line("\u{1f1ee}\u{1f1f7}\u{1f1e8}\u{1f1f3}", Latin),
            2.0
        );
        assert_eq!(count_line("1\u{fe0f}\u{20e3}", Latin), 1.0);
        // Invisible marks are not counted.
        assert_eq!(count_line("\u{200f}abc\u{200e}\u{feff}", Latin), 3.0);
    }

    #[test]
    fn cjk_halfwidth_counts_half() {
        // Full-width ideographs and punctuation 1, ASCII 0.5.
        assert_eq!(count_line("你好，世界", CjkHalfwidthHalf), 5.0);
        assert_eq!(count_line("你好 OK", CjkHalfwidthHalf), 3.5);
        assert_eq!(count_line("AB", CjkHalfwidthHalf), 1.0);
        // Korean: Hangul 1, Latin/space/punct 0.5 (Netflix ko).
        assert_eq!(count_line("안녕 TV.", CjkHalfwidthHalf), 4.0);
        // Japanese: kana 1, full-width space 1, half-width katakana 0.5.
        assert_eq!(count_line("こんにちは\u{3000}ｱ", CjkHalfwidthHalf), 6.5);
        // Ambiguous punctuation drawn full-width in CJK fonts counts 1.
        assert_eq!(count_line("“好”…", CjkHalfwidthHalf), 4.0);
        assert_eq!(count_text("十六个字\n你好", CjkHalfwidthHalf), 6.0);
    }

    #[test]
    fn thai_marks_are_not_counted() {
        // ก + ่ (Mn tone) + า → 2; น + ้ (Mn) + ำ (SARA AM, Lo: counted) → 2.
        assert_eq!(count_line("ก่า", ThaiBase), 2.0);
        assert_eq!(count_line("น้ำ", ThaiBase), 2.0);
        // สวัสดี: ส ว ั(Mn) ส ด ี(Mn) → 4.
        assert_eq!(count_line("สวัสดี", ThaiBase), 4.0);
    }

    #[test]
    fn arabic_harakat_are_not_counted() {
        let bare = "كتب";
        let voweled = "كَتَبَ";
        assert_eq!(count_line(bare, ArabicNodiac), 3.0);
        assert_eq!(count_line(voweled, ArabicNodiac), 3.0);
        // Persian ZWNJ inside a word is invisible.
        assert_eq!(count_line("می\u{200c}شود", ArabicNodiac), 5.0);
        // A ZWJ between letters does not swallow the next letter.
        assert_eq!(count_line("ب\u{200d}ب", ArabicNodiac), 2.0);
    }

    #[test]
    fn markup_is_not_counted() {
        let t = RichText::new(vec![
            Inline::tag(Tag {
                syntax: TagSyntax::Html,
                raw: "<i>".into(),
                effects: vec![Effect::Italic(true)],
            }),
            Inline::Text("Hi".into()),
            Inline::tag(Tag {
                syntax: TagSyntax::Html,
                raw: "</i>".into(),
                effects: vec![Effect::Italic(false)],
            }),
            Inline::LineBreak,
            Inline::Drawing("m 0 0 l 10 10".into()),
            Inline::Text("there".into()),
        ]);
        assert_eq!(count_text(&t.to_plain(), Latin), 7.0);
    }

    #[test]
    fn rates() {
        assert_eq!(cps(17.0, 1000), Some(17.0));
        assert_eq!(cps(34.0, 2000), Some(17.0));
        assert_eq!(cps(5.0, 0), None);
        assert_eq!(cps(5.0, -10), None);
        assert_eq!(count_words("- Hello, there!\n♪ la-la ♪ 42"), 4);
        assert_eq!(count_words(""), 0);
        assert_eq!(wpm(3, 1000), Some(180.0));
        assert_eq!(wpm(3, 0), None);
        assert_eq!(display_rate(17.001), "17.01");
        assert_eq!(display_rate(17.0), "17");
        assert_eq!(display_rate(9.5), "9.5");
        assert_eq!(display_count(12.0), "12");
        assert_eq!(display_count(12.5), "12.5");
        assert!(has_visible(" a "));
        assert!(!has_visible(" \u{200f}\u{a0}\n"));
    }
}
