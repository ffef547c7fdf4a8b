//! Which script a language is written in (ISO 15924 code, the keys of a profile's `fonts:`),
//! which font families render it when neither the project nor the profile names one, and a line
//! of typical text in it (what a derived font size is measured on).
//!
//! The fallback families are the Noto families Debian ships in `fonts-noto-core` and
//! `fonts-noto-cjk` (the packages `.ci/run` installs): Noto covers every script subloc fits, and
//! its families share one design, so a mixed line looks like one text. Han is split by the
//! orthography the language asks for (SC / TC / JP / KR), because the same code point has
//! different glyphs in each (https://github.com/notofonts/noto-cjk, "Regional subset").

/// The ISO 15924 script of a BCP 47 tag: the tag's script subtag when it has one (`zh-Hant`,
/// `sr-Latn`), else the usual script of its language (`fa` → `Arab`, `zh-TW` → `Hant`); `Latn`
/// for languages not listed.
pub fn script_of_lang(lang: &str) -> &'static str {
    let mut parts = lang.split(['-', '_']);
    let primary = parts.next().unwrap_or("").to_ascii_lowercase();
    let rest: Vec<String> = parts.map(str::to_ascii_lowercase).collect();
    let has = |s: &str| rest.iter().any(|r| r == s);
    if let Some(script) = rest.iter().find_map(|r| explicit_script(r)) {
        // Chinese and Japanese tags sometimes carry `Hani`/`Jpan`: keep the orthography.
        if !(script == "Hani" && primary == "ja") {
            return script;
        }
    }
    match primary.as_str() {
        "zh" | "yue" | "cmn" | "wuu" => {
            if has("tw") || has("hk") || has("mo") || primary == "yue" {
                "Hant"
            } else {
                "Hans"
            }
        }
        "ja" => "Jpan",
        "ko" => "Kore",
        "th" => "Thai",
        "lo" => "Laoo",
        "km" => "Khmr",
        "my" => "Mymr",
        "he" | "yi" => "Hebr",
        "hi" | "mr" | "ne" => "Deva",
        "bn" => "Beng",
        "ta" => "Taml",
        "te" => "Telu",
        "ka" => "Geor",
        "hy" => "Armn",
        "el" => "Grek",
        "ru" | "uk" | "bg" | "mk" | "be" | "kk" | "ky" | "mn" => "Cyrl",
        "sr" => "Cyrl",
        p if crate::platform::fit::is_arabic_script_lang(p) => "Arab",
        _ => "Latn",
    }
}

/// A subtag that names a script (`Hant`, `Latn`, …), as its canonical code.
fn explicit_script(subtag: &str) -> Option<&'static str> {
    const KNOWN: &[&str] = &[
        "Arab", "Armn", "Beng", "Cyrl", "Deva", "Geor", "Grek", "Hans", "Hant", "Hebr", "Hani",
        "Jpan", "Khmr", "Kore", "Laoo", "Latn", "Mymr", "Taml", "Telu", "Thai",
    ];
    KNOWN
        .iter()
        .find(|k| k.eq_ignore_ascii_case(subtag))
        .copied()
}

/// The families tried, in order, for a script when neither subloc.yaml nor the profile names
/// one. Persian, Arabic and Urdu subtitles are usually set in Naskh; Noto Sans Arabic is the
/// second choice (both are in `fonts-noto-core`).
pub fn fallback_families(script: &str) -> &'static [&'static str] {
    match script {
        "Arab" => &["Noto Naskh Arabic", "Noto Sans Arabic"],
        "Hans" | "Hani" => &["Noto Sans CJK SC"],
        "Hant" => &["Noto Sans CJK TC", "Noto Sans CJK HK"],
        "Jpan" => &["Noto Sans CJK JP"],
        "Kore" => &["Noto Sans CJK KR"],
        "Thai" => &["Noto Sans Thai", "Noto Sans Thai Looped"],
        "Laoo" => &["Noto Sans Lao"],
        "Khmr" => &["Noto Sans Khmer"],
        "Mymr" => &["Noto Sans Myanmar"],
        "Hebr" => &["Noto Sans Hebrew"],
        "Deva" => &["Noto Sans Devanagari"],
        "Beng" => &["Noto Sans Bengali"],
        "Taml" => &["Noto Sans Tamil"],
        "Telu" => &["Noto Sans Telugu"],
        "Geor" => &["Noto Sans Georgian"],
        "Armn" => &["Noto Sans Armenian"],
        // Latin, Cyrillic and Greek are all in Noto Sans.
        _ => &["Noto Sans"],
    }
}

/// The family that draws what the script's own font lacks (Latin names and digits in a Persian
/// line): libass falls back through fontconfig the same way, glyph by glyph.
pub const SECONDARY_FAMILY: &str = "Noto Sans";

/// A sentence of ordinary dialogue in the script, repeated as needed: what "a full line of
/// `max_chars_per_line` characters" looks like when a font size is derived. Everyday words, not
/// a pangram, so the mix of wide and narrow letters is that of subtitles.
pub fn typical_text(script: &str) -> &'static str {
    match script {
        "Arab" => "فردا صبح در ایستگاه قطار همدیگر را می‌بینیم و با هم به دیدن مادربزرگ می‌رویم ",
        "Hans" | "Hani" => "我们明天早上在火车站见面，然后一起去看望奶奶。",
        "Hant" => "我們明天早上在火車站見面，然後一起去看望奶奶。",
        "Jpan" => "明日の朝、駅で会ってから一緒におばあちゃんに会いに行こう。",
        "Kore" => "내일 아침에 기차역에서 만나서 같이 할머니를 뵈러 가자. ",
        "Thai" => "พรุ่งนี้เช้าเราจะไปพบกันที่สถานีรถไฟแล้วไปเยี่ยมคุณยายด้วยกัน ",
        "Cyrl" => "Завтра утром встретимся на вокзале и вместе поедем к бабушке. ",
        "Grek" => "Αύριο το πρωί θα βρεθούμε στον σταθμό και θα πάμε στη γιαγιά. ",
        "Hebr" => "מחר בבוקר ניפגש בתחנת הרכבת ונלך יחד לבקר את סבתא. ",
        _ => "Tomorrow morning we meet at the station and go to see grandma together. ",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_map_to_their_scripts() {
        assert_eq!(script_of_lang("fa"), "Arab");
        assert_eq!(script_of_lang("ur-PK"), "Arab");
        assert_eq!(script_of_lang("zh-Hant"), "Hant");
        assert_eq!(script_of_lang("zh-TW"), "Hant");
        assert_eq!(script_of_lang("zh-CN"), "Hans");
        assert_eq!(script_of_lang("zh"), "Hans");
        assert_eq!(script_of_lang("ja"), "Jpan");
        assert_eq!(script_of_lang("ko"), "Kore");
        assert_eq!(script_of_lang("th"), "Thai");
        assert_eq!(script_of_lang("ru"), "Cyrl");
        assert_eq!(script_of_lang("sr-Latn"), "Latn");
        assert_eq!(script_of_lang("en"), "Latn");
        assert_eq!(script_of_lang("und"), "Latn");
        // No CJK family is ever a Persian track's first choice.
        assert!(
            fallback_families(script_of_lang("fa"))
                .iter()
                .all(|f| !f.contains("CJK"))
        );
    }
}
