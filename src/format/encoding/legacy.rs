//! Choosing among the single-byte code pages subtitles still arrive in (windows-1250…1258, 874)
//! by language evidence: which code page turns the bytes into the letters of one real language.
//!
//! Why not chardetng alone: its byte-frequency model is built for web pages, and on subtitle-sized
//! texts it confuses the code pages that share most of their letters (Lithuanian windows-1257
//! read as Central European windows-1250, Turkish or Vietnamese as Western), which garbles every
//! accented letter silently. Here every candidate decodes a sample, and a candidate is as good as
//! the share of its non-ASCII letters that one of its languages actually uses (a Lithuanian text
//! read as windows-1250 gives `ţiűrësime`: ţ is Romanian, ű Hungarian, ë Albanian — no language
//! has all three). Control characters and undefined bytes count against it twice. `--lang` (when
//! given) picks its own code page if that reads as the language. When two readings differ and
//! score alike, the evidence is weak and the caller warns, naming both.
//!
//! Alphabets from the languages' standard orthographies (the letters beyond ASCII each one uses);
//! which code page carries which language from Microsoft's code page charts
//! (https://learn.microsoft.com/en-us/windows/win32/intl/code-page-identifiers).

use unicode_normalization::char::is_combining_mark;

use encoding_rs::{
    Encoding, WINDOWS_874, WINDOWS_1250, WINDOWS_1251, WINDOWS_1252, WINDOWS_1253, WINDOWS_1254,
    WINDOWS_1255, WINDOWS_1256, WINDOWS_1257, WINDOWS_1258,
};

/// The letters a language writes beyond ASCII, lower case; or a whole script.
#[derive(Clone, Copy)]
enum Alphabet {
    Letters(&'static str),
    Script(fn(char) -> bool),
}

/// (language, its legacy code page, its alphabet).
const LANGUAGES: &[(&str, &Encoding, Alphabet)] = &[
    ("fr", WINDOWS_1252, Alphabet::Letters("àâæçéèêëîïôœùûüÿ")),
    ("de", WINDOWS_1252, Alphabet::Letters("äöüß")),
    ("es", WINDOWS_1252, Alphabet::Letters("áéíñóúü")),
    ("it", WINDOWS_1252, Alphabet::Letters("àèéìíîòóùú")),
    ("pt", WINDOWS_1252, Alphabet::Letters("áâãàçéêíóôõú")),
    ("nl", WINDOWS_1252, Alphabet::Letters("éëïóöü")),
    ("sv", WINDOWS_1252, Alphabet::Letters("åäöé")),
    ("da", WINDOWS_1252, Alphabet::Letters("æøåé")),
    ("no", WINDOWS_1252, Alphabet::Letters("æøåéòóô")),
    ("fi", WINDOWS_1252, Alphabet::Letters("äöå")),
    ("ca", WINDOWS_1252, Alphabet::Letters("àçèéíïòóúü")),
    ("is", WINDOWS_1252, Alphabet::Letters("áðéíóúýþæö")),
    ("en", WINDOWS_1252, Alphabet::Letters("éèïëçñ")),
    ("pl", WINDOWS_1250, Alphabet::Letters("ąćęłńóśźż")),
    ("cs", WINDOWS_1250, Alphabet::Letters("áčďéěíňóřšťúůýž")),
    ("sk", WINDOWS_1250, Alphabet::Letters("áäčďéíĺľňóôŕšťúýž")),
    ("hu", WINDOWS_1250, Alphabet::Letters("áéíóöőúüű")),
    ("ro", WINDOWS_1250, Alphabet::Letters("ăâîşţșț")),
    ("hr", WINDOWS_1250, Alphabet::Letters("čćđšž")),
    ("sl", WINDOWS_1250, Alphabet::Letters("čšž")),
    ("sq", WINDOWS_1250, Alphabet::Letters("çë")),
    ("ru", WINDOWS_1251, Alphabet::Script(is_cyrillic)),
    ("uk", WINDOWS_1251, Alphabet::Script(is_cyrillic)),
    ("bg", WINDOWS_1251, Alphabet::Script(is_cyrillic)),
    ("sr", WINDOWS_1251, Alphabet::Script(is_cyrillic)),
    ("mk", WINDOWS_1251, Alphabet::Script(is_cyrillic)),
    ("be", WINDOWS_1251, Alphabet::Script(is_cyrillic)),
    ("el", WINDOWS_1253, Alphabet::Script(is_greek)),
    ("tr", WINDOWS_1254, Alphabet::Letters("çğıöşüâîû")),
    ("az", WINDOWS_1254, Alphabet::Letters("çğıöşü")),
    ("he", WINDOWS_1255, Alphabet::Script(is_hebrew)),
    ("ar", WINDOWS_1256, Alphabet::Script(is_arabic)),
    ("fa", WINDOWS_1256, Alphabet::Script(is_arabic)),
    ("ur", WINDOWS_1256, Alphabet::Script(is_arabic)),
    ("lt", WINDOWS_1257, Alphabet::Letters("ąčęėįšųūž")),
    ("lv", WINDOWS_1257, Alphabet::Letters("āčēģīķļņšūž")),
    ("et", WINDOWS_1257, Alphabet::Letters("äöõüšž")),
    // Vietnamese in windows-1258 writes tones as combining marks after the letter.
    (
        "vi",
        WINDOWS_1258,
        Alphabet::Letters("ăâđêôơư\u{300}\u{301}\u{303}\u{309}\u{323}"),
    ),
    ("th", WINDOWS_874, Alphabet::Script(is_thai)),
];

fn is_cyrillic(c: char) -> bool {
    ('\u{400}'..='\u{4ff}').contains(&c)
}
fn is_greek(c: char) -> bool {
    ('\u{370}'..='\u{3ff}').contains(&c)
}
fn is_hebrew(c: char) -> bool {
    ('\u{590}'..='\u{5ff}').contains(&c)
}
fn is_arabic(c: char) -> bool {
    ('\u{600}'..='\u{6ff}').contains(&c) || ('\u{fb50}'..='\u{fdff}').contains(&c)
}
fn is_thai(c: char) -> bool {
    ('\u{e00}'..='\u{e7f}').contains(&c)
}

/// The code pages considered, in the order ties are broken after the detector's own guess.
const CODE_PAGES: &[&Encoding] = &[
    WINDOWS_1252,
    WINDOWS_1250,
    WINDOWS_1251,
    WINDOWS_1253,
    WINDOWS_1254,
    WINDOWS_1255,
    WINDOWS_1256,
    WINDOWS_1257,
    WINDOWS_1258,
    WINDOWS_874,
];

/// A reading is trusted when at least this share of its letters belong to one language.
const PLAUSIBLE: f64 = 0.9;
/// Two readings closer than this are too close to call.
const CLOSE: f64 = 0.05;
/// The weight of letters covered only by several languages of a code page together.
const UNION_DISCOUNT: f64 = 0.9;

/// The language key of the table for a BCP 47 primary language subtag (`lt`, `pt`, `nb` → `no`),
/// for `ReadOptions::lang`.
pub fn language_key(primary: &str) -> Option<&'static str> {
    let primary = primary.to_ascii_lowercase();
    let primary = match primary.as_str() {
        "nb" | "nn" => "no",
        "iw" => "he",
        "prs" => "fa",
        other => other,
    };
    LANGUAGES
        .iter()
        .find(|(l, _, _)| *l == primary)
        .map(|(l, _, _)| *l)
}

/// What the language evidence says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    pub encoding: &'static Encoding,
    /// A different reading that scored about as well (the evidence is weak), or `None`.
    pub runner_up: Option<&'static Encoding>,
    /// Whether even the best reading is not plausibly one language.
    pub implausible: bool,
}

/// Chooses the code page for `sample` (bytes from the first non-ASCII byte on). `detected` is the
/// detector's guess: kept when it is not a single-byte code page of the table (CJK multi-byte,
/// visual Hebrew), and preferred among equals. `lang` is a key from [`language_key`].
pub fn choose(sample: &[u8], detected: &'static Encoding, lang: Option<&str>) -> Choice {
    if !CODE_PAGES.contains(&detected) {
        return Choice {
            encoding: detected,
            runner_up: None,
            implausible: false,
        };
    }
    let readings: Vec<(&'static Encoding, String, f64)> = CODE_PAGES
        .iter()
        .map(|&enc| {
            let (text, _) = enc.decode_without_bom_handling(sample);
            let score = best_score(&text, enc, None);
            (enc, text.into_owned(), score)
        })
        .collect();
    // `--lang` decides when its own code page reads as that language.
    if let Some((_, enc, _)) = lang.and_then(|l| LANGUAGES.iter().find(|(k, _, _)| *k == l))
        && let Some((_, text, _)) = readings.iter().find(|(e, _, _)| e == enc)
        && best_score(text, enc, lang) >= PLAUSIBLE
    {
        return Choice {
            encoding: enc,
            runner_up: None,
            implausible: false,
        };
    }
    // Best first; among equals the detector's guess, then the table's order (a stable sort).
    let mut order: Vec<usize> = (0..readings.len()).collect();
    order.sort_by(|&a, &b| {
        let (ea, _, sa) = &readings[a];
        let (eb, _, sb) = &readings[b];
        sb.total_cmp(sa)
            .then_with(|| (*eb == detected).cmp(&(*ea == detected)))
    });
    let (best, best_text, best_score) = &readings[order[0]];
    let close = order[1..]
        .iter()
        .map(|&i| &readings[i])
        .find(|(_, text, score)| text != best_text && *score >= best_score - CLOSE)
        .map(|(e, _, _)| *e);
    // Between two readings that score alike, the detector's byte-frequency model is the evidence
    // left: when it backs one of them, that one is taken without a warning.
    let backed = *best == detected || close == Some(detected);
    let encoding = if close == Some(detected) {
        detected
    } else {
        best
    };
    Choice {
        encoding,
        runner_up: close.filter(|_| !backed),
        implausible: *best_score < PLAUSIBLE,
    }
}

/// The share of `text`'s non-ASCII letters that one language of `enc` (or `lang` only) writes —
/// a non-Latin script's letters only in words of their own; control characters and undefined
/// bytes count twice against it. 1.0 when there is nothing to
/// judge (no non-ASCII letter).
fn best_score(text: &str, enc: &'static Encoding, lang: Option<&str>) -> f64 {
    // (letter, whether its word also has ASCII letters): a non-Latin letter inside a Latin word
    // (`Aиiы` for Lithuanian `Ačiū` read as windows-1251) is not that script's writing.
    let is_letter = |c: char| c.is_alphabetic() || is_combining_mark(c);
    let mut letters: Vec<(char, bool)> = Vec::new();
    for word in text.split(|c: char| !is_letter(c)) {
        let ascii = word.bytes().any(|b| b.is_ascii_alphabetic());
        for c in word.chars().filter(|c| !c.is_ascii()) {
            letters.push((c.to_lowercase().next().unwrap_or(c), ascii));
        }
    }
    // Controls, undefined bytes and symbols no dialogue uses (`¤`, `¦`, box drawing…) count
    // against a reading; typographic punctuation does not.
    let bad = text
        .chars()
        .filter(|&c| !c.is_ascii() && !is_letter(c) && !is_typography(c))
        .count();
    let total = letters.len() + 2 * bad;
    if total == 0 {
        return 1.0;
    }
    let languages = || {
        LANGUAGES
            .iter()
            .filter(move |(l, e, _)| *e == enc && lang.is_none_or(|want| want == *l))
    };
    // A text may mix languages of one code page (French and Spanish lines): the letters of all
    // of them together count too, discounted so that one language covering everything wins.
    let union = letters
        .iter()
        .filter(|(c, in_latin_word)| {
            languages().any(|(_, _, alphabet)| covers(*alphabet, *c, *in_latin_word))
        })
        .count() as f64
        / total as f64
        * UNION_DISCOUNT;
    languages()
        .map(|(_, _, alphabet)| {
            let covered = letters
                .iter()
                .filter(|(c, in_latin_word)| covers(*alphabet, *c, *in_latin_word))
                .count();
            covered as f64 / total as f64 * vowel_plausibility(&letters, *alphabet)
        })
        .fold(union, f64::max)
}

/// Whether a language with `alphabet` writes the letter `c` (a non-Latin script's letters only in
/// words of their own).
fn covers(alphabet: Alphabet, c: char, in_latin_word: bool) -> bool {
    match alphabet {
        Alphabet::Letters(set) => set.contains(c),
        Alphabet::Script(is) => is(c) && !in_latin_word,
    }
}

/// Punctuation and signs subtitles use beyond ASCII.
fn is_typography(c: char) -> bool {
    ('\u{2000}'..='\u{206f}').contains(&c)
        || "\u{a0}«»¡¿°·€£¥©®™§\u{3000}،؛؟٪".contains(c)
        || c.is_numeric()
}

/// Cyrillic and Greek readings of each other's bytes are all letters of the script, so a share
/// of vowels far from any language's (about 42 % in Russian and 46 % in Greek running text) halves the
/// score: Greek read as windows-1251 turns α ε η ι ο into б е з й п, mostly consonants.
fn vowel_plausibility(letters: &[(char, bool)], alphabet: Alphabet) -> f64 {
    let Alphabet::Script(is) = alphabet else {
        return 1.0;
    };
    let vowels = if is('а') {
        "аеёиоуыэюяієїў"
    } else if is('α') {
        "αεηιουωάέήίόύώϊϋΐΰ"
    } else {
        return 1.0;
    };
    let script: Vec<char> = letters.iter().map(|(c, _)| *c).filter(|c| is(*c)).collect();
    if script.len() < 12 {
        return 1.0;
    }
    let share = script.iter().filter(|c| vowels.contains(**c)).count() as f64 / script.len() as f64;
    if (0.32..=0.62).contains(&share) {
        1.0
    } else {
        0.5
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` encoded in `enc` (every character must exist there).
    fn bytes(text: &str, enc: &'static Encoding) -> Vec<u8> {
        let (b, _, unmappable) = enc.encode(text);
        assert!(!unmappable, "{text} in {}", enc.name());
        b.into_owned()
    }

    #[test]
    fn each_code_page_is_chosen_for_its_language_even_against_the_detector() {
        let cases = [
            (
                "Labas rytas. Ačiū, gerai. Šiandien žiūrėsime filmą.",
                WINDOWS_1257,
            ),
            (
                "Çok güzel bir gün. Şimdi eve gidiyoruz, öğretmen geldi mi?",
                WINDOWS_1254,
            ),
            (
                "Où est le café? Très bien, merci. À demain, François!",
                WINDOWS_1252,
            ),
            (
                "Dobrý den, jak se máte? Děkuji, dobře. Příliš žluťoučký kůň.",
                WINDOWS_1250,
            ),
            ("Привет, как дела? Всё хорошо, спасибо.", WINDOWS_1251),
            ("Καλημέρα, τι κάνεις; Είμαι καλά, ευχαριστώ.", WINDOWS_1253),
            ("สวัสดีครับ คุณสบายดีไหม", WINDOWS_874),
            ("سلام، حال شما چطور است؟", WINDOWS_1256),
        ];
        for (text, enc) in cases {
            // Whatever the detector said (here: always windows-1251, the usual wrong guess).
            let got = choose(&bytes(text, enc), WINDOWS_1251, None);
            assert_eq!(got.encoding, enc, "{text}");
            assert!(!got.implausible, "{text}");
        }
    }

    #[test]
    fn vietnamese_tones_read_as_windows_1258() {
        // "Xin chào, bạn khỏe không" with tones as combining marks, as windows-1258 writes them.
        let text = "Xin cha\u{300}o, ba\u{323}n kho\u{309}e không? Tôi râ\u{301}t vui.";
        let (b, _, bad) = WINDOWS_1258.encode(text);
        assert!(!bad);
        assert_eq!(choose(&b, WINDOWS_1252, None).encoding, WINDOWS_1258);
    }

    #[test]
    fn lang_decides_between_readings_that_are_both_words() {
        // Bytes valid as French in windows-1252 and as Czech in windows-1250 ("café" is both).
        let b = bytes("café", WINDOWS_1252);
        let got = choose(&b, WINDOWS_1252, None);
        assert_eq!(
            (got.encoding, got.runner_up),
            (WINDOWS_1252, None),
            "same text both ways"
        );
        // Turkish "şişe" in windows-1254 reads as Icelandic-looking "þiþe" in windows-1252:
        // plausible only one way, unless the language says otherwise.
        let b = bytes("Bir şişe su, lütfen. Ağaç.", WINDOWS_1254);
        assert_eq!(choose(&b, WINDOWS_1252, None).encoding, WINDOWS_1254);
        let b = bytes("Ačiū", WINDOWS_1257);
        assert_eq!(choose(&b, WINDOWS_1250, Some("lt")).encoding, WINDOWS_1257);
    }

    #[test]
    fn too_close_to_call_names_the_runner_up_and_multibyte_guesses_stand() {
        // 0xEB is ë (Albanian, French…) in windows-1250/1252 and ė (Lithuanian) in windows-1257:
        // too close to call; the detector backing one of them decides quietly, else a warning.
        let got = choose(&[b'd', 0xEB, b'l'], WINDOWS_1257, None);
        assert_eq!((got.encoding, got.runner_up), (WINDOWS_1257, None));
        let got = choose(&[b'd', 0xEB, b'l'], WINDOWS_1251, None);
        assert_eq!(got.encoding, WINDOWS_1252);
        assert_eq!(got.runner_up, Some(WINDOWS_1257));
        let gbk = bytes("琉璃", encoding_rs::GBK);
        assert_eq!(
            choose(&gbk, encoding_rs::GBK, None).encoding,
            encoding_rs::GBK
        );
        // Bytes no code page reads as a language: flagged, not trusted.
        let noise: Vec<u8> = (0x80..0xA0).collect();
        assert!(choose(&noise, WINDOWS_1252, None).implausible);
    }
}
