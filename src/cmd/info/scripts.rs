//! Which writing systems a text uses (`info`'s "scripts"): letters classified by Unicode block.
//!
//! Only letters count (`char::is_alphabetic`), so digits, punctuation, spaces and joiners such as
//! ZWNJ never add a script. Block ranges are coarse but stable, which is what a report needs; a
//! letter outside every listed block is `Other`. The names are ISO 15924 English names as used
//! by Unicode (`Han`, `Arabic`, …) and are part of the JSON interface, so they are never localized.

/// Scripts found in `texts`, most letters first (ties by name), each listed once.
pub fn scripts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<&'static str> {
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for text in texts {
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            let name = script_of(c);
            match counts.iter_mut().find(|(n, _)| *n == name) {
                Some((_, k)) => *k += 1,
                None => counts.push((name, 1)),
            }
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts.into_iter().map(|(n, _)| n).collect()
}

/// The script of one letter, by block.
pub fn script_of(c: char) -> &'static str {
    let u = u32::from(c);
    let within = |ranges: &[(u32, u32)]| ranges.iter().any(|&(a, b)| (a..=b).contains(&u));
    for (name, ranges) in BLOCKS {
        if within(ranges) {
            return name;
        }
    }
    "Other"
}

type Blocks = &'static [(&'static str, &'static [(u32, u32)])];

const BLOCKS: Blocks = &[
    (
        "Latin",
        &[
            (0x41, 0x5A),
            (0x61, 0x7A),
            (0xAA, 0xAA),
            (0xBA, 0xBA),
            (0xC0, 0x24F),
            (0x250, 0x2AF),
            (0x1D00, 0x1DBF),
            (0x1E00, 0x1EFF),
            (0x2C60, 0x2C7F),
            (0xA720, 0xA7FF),
            (0xAB30, 0xAB6F),
            (0xFB00, 0xFB06),
            (0xFF21, 0xFF3A),
            (0xFF41, 0xFF5A),
        ],
    ),
    (
        "Han",
        &[
            (0x2E80, 0x2FDF),
            (0x3005, 0x3007),
            (0x3021, 0x3029),
            (0x3038, 0x303B),
            (0x3400, 0x4DBF),
            (0x4E00, 0x9FFF),
            (0xF900, 0xFAFF),
            (0x20000, 0x2FA1F),
            (0x30000, 0x323AF),
        ],
    ),
    ("Hiragana", &[(0x3040, 0x309F), (0x1B001, 0x1B11F)]),
    (
        "Katakana",
        &[(0x30A0, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F)],
    ),
    (
        "Hangul",
        &[
            (0x1100, 0x11FF),
            (0x3130, 0x318F),
            (0xA960, 0xA97F),
            (0xAC00, 0xD7FF),
            (0xFFA0, 0xFFDC),
        ],
    ),
    ("Bopomofo", &[(0x3100, 0x312F), (0x31A0, 0x31BF)]),
    (
        "Cyrillic",
        &[
            (0x400, 0x52F),
            (0x1C80, 0x1C8F),
            (0x2DE0, 0x2DFF),
            (0xA640, 0xA69F),
        ],
    ),
    ("Greek", &[(0x370, 0x3FF), (0x1F00, 0x1FFF)]),
    ("Armenian", &[(0x530, 0x58F)]),
    ("Hebrew", &[(0x590, 0x5FF), (0xFB1D, 0xFB4F)]),
    (
        "Arabic",
        &[
            (0x600, 0x6FF),
            (0x750, 0x77F),
            (0x870, 0x8FF),
            (0xFB50, 0xFDFF),
            (0xFE70, 0xFEFF),
        ],
    ),
    ("Syriac", &[(0x700, 0x74F)]),
    ("Thaana", &[(0x780, 0x7BF)]),
    ("Devanagari", &[(0x900, 0x97F), (0xA8E0, 0xA8FF)]),
    ("Bengali", &[(0x980, 0x9FF)]),
    ("Gurmukhi", &[(0xA00, 0xA7F)]),
    ("Gujarati", &[(0xA80, 0xAFF)]),
    ("Oriya", &[(0xB00, 0xB7F)]),
    ("Tamil", &[(0xB80, 0xBFF)]),
    ("Telugu", &[(0xC00, 0xC7F)]),
    ("Kannada", &[(0xC80, 0xCFF)]),
    ("Malayalam", &[(0xD00, 0xD7F)]),
    ("Sinhala", &[(0xD80, 0xDFF)]),
    ("Thai", &[(0xE00, 0xE7F)]),
    ("Lao", &[(0xE80, 0xEFF)]),
    ("Tibetan", &[(0xF00, 0xFFF)]),
    ("Myanmar", &[(0x1000, 0x109F)]),
    ("Georgian", &[(0x10A0, 0x10FF), (0x1C90, 0x1CBF)]),
    ("Ethiopic", &[(0x1200, 0x139F)]),
    ("Khmer", &[(0x1780, 0x17FF), (0x19E0, 0x19FF)]),
    ("Mongolian", &[(0x1800, 0x18AF)]),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_letters_by_script() {
        assert_eq!(script_of('琉'), "Han");
        assert_eq!(script_of('〇'), "Han");
        assert_eq!(script_of('é'), "Latin");
        assert_eq!(script_of('Ｚ'), "Latin");
        assert_eq!(script_of('ی'), "Arabic");
        assert_eq!(script_of('گ'), "Arabic");
        assert_eq!(script_of('あ'), "Hiragana");
        assert_eq!(script_of('カ'), "Katakana");
        assert_eq!(script_of('한'), "Hangul");
        assert_eq!(script_of('ж'), "Cyrillic");
        assert_eq!(script_of('λ'), "Greek");
        assert_eq!(script_of('ש'), "Hebrew");
        assert_eq!(script_of('ก'), "Thai");
        assert_eq!(script_of('क'), "Devanagari");
        assert_eq!(script_of('ᚠ'), "Other");
    }

    #[test]
    fn orders_by_letter_count_and_ignores_non_letters() {
        let found = scripts([
            "掐丝珐琅 (cloisonné)",
            "琉璃 — Isfahan",
            "می\u{200c}خواهم 123 …",
        ]);
        assert_eq!(found, vec!["Latin", "Arabic", "Han"]);
        assert_eq!(scripts(["12:34 —— !!", "\u{200c}"]), Vec::<&str>::new());
        assert_eq!(scripts(["ab", "中文"]), vec!["Han", "Latin"]);
    }
}
