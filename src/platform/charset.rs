//! Character repertoires some delivery formats and broadcasters restrict text to (rule
//! `charset-invalid`). Only sets that a source defines are here; a profile without one accepts
//! any Unicode text.

use unicode_normalization::char::decompose_canonical;

/// A named character repertoire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Charset {
    /// BBC broadcast (Teletext): A–Z a–z 0–9, `! ) ( , . ? : -` and `> < & @ # % + * = / £ $ ¢ ¥
    /// © ® ¼ ½ ¾ ™`, no accents (BBC guidelines §9.3.1). The apostrophe and double quote, which
    /// the quoted list leaves out but every English subtitle needs and Teletext's basic set has,
    /// are accepted too.
    BbcBroadcast,
    /// BBC online (§9.3.2): emoji are forbidden (use ♫ U+266B, not 🎵); other text is accepted.
    BbcOnline,
    /// CEA-608 line-21 captions: the basic, special and extended Western European sets.
    Cea608,
    /// ISO/IEC 6937 (EBU STL's usual code table): ASCII, the supplementary symbols, and Latin
    /// letters carrying one of its non-spacing diacritics.
    Iso6937,
}

impl Charset {
    pub fn name(self) -> &'static str {
        match self {
            Charset::BbcBroadcast => "bbc_broadcast",
            Charset::BbcOnline => "bbc_online",
            Charset::Cea608 => "cea608",
            Charset::Iso6937 => "iso6937",
        }
    }

    /// Whether `c` can be delivered. Line breaks are not text and are never asked about.
    pub fn allows(self, c: char) -> bool {
        match self {
            Charset::BbcBroadcast => {
                c.is_ascii_alphanumeric()
                    || " \u{a0}!)(,.?:-><&@#%+*=/'\"".contains(c)
                    || "£$¢¥©®¼½¾™".contains(c)
            }
            Charset::BbcOnline => !is_emoji(c),
            Charset::Cea608 => cea608(c),
            Charset::Iso6937 => iso6937(c),
        }
    }
}

/// Emoji pictographs and their presentation helpers; the music notes BBC asks for are not emoji.
fn is_emoji(c: char) -> bool {
    if matches!(c, '\u{266a}' | '\u{266b}') {
        return false;
    }
    matches!(c,
        '\u{1f000}'..='\u{1faff}' | '\u{2600}'..='\u{27bf}' | '\u{2b50}' | '\u{2b55}'
        | '\u{fe0f}' | '\u{200d}' | '\u{e0020}'..='\u{e007f}')
}

fn cea608(c: char) -> bool {
    // Basic set: printable ASCII except the positions 608 redefines (their ASCII characters come
    // back through the extended set below, except the backtick).
    if c.is_ascii() {
        return (' '..='~').contains(&c) && c != '`';
    }
    // Basic set replacements, special characters, extended Spanish/French/Portuguese/German sets.
    const NON_ASCII: &str = "áéíóúç÷Ññ█\u{a0}®°½¿™¢£♪àèâêîôûÁÉÓÚÜü‘¡’—©℠•“”ÀÂÇÈÊËëÎÏïÔÙùÛ«»\
ÃãÍÌìÒòÕõÄäÖößÄ¥¤¦│ÅåØø┌┐└┘";
    NON_ASCII.contains(c)
}

fn iso6937(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    const SYMBOLS: &str =
        "\u{a0}¡¢£¥§¤‘“«←↑→↓°±²³×µ¶·÷’”»¼½¾¿―¹®©™♪¬¦⅛⅜⅝⅞ΩÆĐªĦĲĿŁØŒºÞŦŊŉĸæđðħıĳŀłøœßþŧŋ\u{ad}";
    if SYMBOLS.contains(c) {
        return true;
    }
    // A Latin letter with one of 6937's non-spacing diacritics.
    let mut parts: [char; 4] = ['\0'; 4];
    let mut n = 0;
    decompose_canonical(c, |d| {
        if let Some(slot) = parts.get_mut(n) {
            *slot = d;
        }
        n += 1;
    });
    n == 2
        && parts[0].is_ascii_alphabetic()
        && matches!(
            parts[1],
            '\u{300}'..='\u{304}' | '\u{306}'..='\u{308}' | '\u{30a}'..='\u{30c}' | '\u{327}' | '\u{328}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rejects(cs: Charset, s: &str) -> String {
        s.chars().filter(|&c| !cs.allows(c)).collect()
    }

    #[test]
    fn bbc_broadcast_has_no_accents() {
        assert_eq!(
            rejects(Charset::BbcBroadcast, "Don't go! It's £5 (50%)."),
            ""
        );
        assert_eq!(rejects(Charset::BbcBroadcast, "Café €5 — ok; ♫"), "é€—;♫");
    }

    #[test]
    fn bbc_online_forbids_emoji_only() {
        assert_eq!(rejects(Charset::BbcOnline, "♫ Café €5 → 你好"), "");
        assert_eq!(rejects(Charset::BbcOnline, "la 🎵 ☺"), "🎵☺");
    }

    #[test]
    fn cea608_sets() {
        assert_eq!(rejects(Charset::Cea608, "¿Qué? Ça va. Größe ♪ {x}"), "");
        assert_eq!(rejects(Charset::Cea608, "`ő€中"), "`ő€中");
    }

    #[test]
    fn iso6937_letters_with_diacritics() {
        assert_eq!(
            rejects(Charset::Iso6937, "Žluťoučký kůň, Łódź, Ærø, ½ ♪"),
            ""
        );
        assert_eq!(rejects(Charset::Iso6937, "€ 中 ơ ш"), "€中ơш");
    }
}
