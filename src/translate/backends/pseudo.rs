//! The `pseudo` backend: offline, deterministic pseudo-translation, the default backend, so a new
//! user can run the whole pipeline (fitting, checks, writers, bidi handling) with no key and no
//! network, and see how each target script behaves before paying for a real translation.
//!
//! What a localization engineer expects from it: output in the target's script and of the
//! target's typical length, so line fitting, reading-speed checks and right-to-left rendering are
//! exercised for real; obviously not real text; the same input always giving the same output
//! (diffable, cacheable); every placeholder kept verbatim and in order (so restore is exercised).
//!
//! How: each source character maps, through a fixed hash, to a syllable of the target script.
//! Han characters (the usual source) are grouped two by two into "words". Length ratios per Han
//! character, taken from typical subtitle translations out of Chinese: Latin, Cyrillic and Greek
//! ≈ 3.5 characters (syllables of 2–4 letters plus spaces), Arabic script and Hebrew ≈ 3 (Persian
//! with a ZWNJ in some words, Hebrew with final letter forms), Thai ≈ 3 without spaces, Japanese ≈
//! 4/9 (see below), Korean ≈ 1.5 (Hangul with spaces), Chinese ≈ 1. Latin-script source words
//! become accented Latin with ~35 % expansion (doubled vowels) in Latin targets, or letters of the
//! target script elsewhere.
//!
//! Japanese is the ratio that had to be measured, not guessed: Japanese subtitles are condensed
//! far below the length of a full translation, and a pseudo-translation as long as the Chinese
//! (the old 1.5 characters per Han character) failed Netflix's reading speed on nearly every
//! cue. The ratio used is the one Netflix's style guides document between the two languages'
//! subtitles: 4 characters per second for Japanese ("Japanese Timed Text Style Guide",
//! partnerhelp.netflixstudios.com; source key `nf-ja` in `src/platform/profiles.yaml`) against 9
//! for Simplified Chinese ("Simplified Chinese Timed Text Style Guide", key `nf-zh-hans`):
//! [`JA_PER_HAN`] = 4/9 character per Han character, kanji and kana mixed, so a Chinese cue within
//! its reading speed gives a Japanese one within Netflix's.
//!
//! Punctuation follows the target (`，` → `, ` / `، `; `？` → `?` / `؟`); quotation marks pair up
//! as the target writes them: `“…”`, `「…」` and straight `"…"` become `«…»` in Arabic script
//! (`«` opens, `»` closes; bidi mirroring shows them the right way round in a right-to-left line).

use unic_langid::LanguageIdentifier;

use crate::translate::{
    Backend, BackendError, BackendIdentity, BatchLimits, BatchReply, BatchRequest, Billing,
    BoxFuture,
};

/// Japanese characters written per Han source character: Netflix's Japanese reading speed (4
/// characters per second) over its Simplified Chinese one (9), see the module docs.
const JA_PER_HAN: (usize, usize) = (4, 9);

/// The scripts pseudo-translation can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Latin,
    Cyrillic,
    Greek,
    /// Arabic letters; `persian` adds پ چ ژ گ and ZWNJ, `urdu` adds ٹ ڈ ڑ ے.
    Arabic {
        persian: bool,
        urdu: bool,
    },
    Hebrew,
    Devanagari,
    Thai,
    Han,
    Japanese,
    Hangul,
}

impl Script {
    /// The script pseudo-translation writes for a BCP 47 tag (Latin when unknown).
    pub fn for_lang(tag: &str) -> Script {
        let Ok(id) = tag.parse::<LanguageIdentifier>() else {
            return Script::Latin;
        };
        let script = id.script.as_ref().map(|s| s.as_str().to_ascii_lowercase());
        match script.as_deref() {
            Some("latn") => return Script::Latin,
            Some("cyrl") => return Script::Cyrillic,
            Some("arab") => {
                return Script::Arabic {
                    persian: false,
                    urdu: false,
                };
            }
            Some("hans" | "hant") => return Script::Han,
            _ => {}
        }
        match id.language.as_str() {
            "fa" | "prs" => Script::Arabic {
                persian: true,
                urdu: false,
            },
            "ur" | "sd" => Script::Arabic {
                persian: false,
                urdu: true,
            },
            "ar" | "ps" | "ckb" | "ug" => Script::Arabic {
                persian: false,
                urdu: false,
            },
            "he" | "yi" | "iw" => Script::Hebrew,
            "ru" | "uk" | "be" | "bg" | "sr" | "mk" | "kk" | "ky" | "mn" | "tg" => Script::Cyrillic,
            "el" => Script::Greek,
            "hi" | "mr" | "ne" => Script::Devanagari,
            "th" => Script::Thai,
            "zh" | "yue" => Script::Han,
            "ja" => Script::Japanese,
            "ko" => Script::Hangul,
            _ => Script::Latin,
        }
    }

    fn spaced(self) -> bool {
        !matches!(self, Script::Han | Script::Japanese | Script::Thai)
    }

    fn cased(self) -> bool {
        matches!(self, Script::Latin | Script::Cyrillic | Script::Greek)
    }
}

/// FNV-1a: fixed forever, so pseudo output never changes between releases or machines.
fn fnv(data: &[u32]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for d in data {
        for b in d.to_le_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

fn pick(set: &[char], h: u64) -> char {
    let n = set.len().max(1) as u64;
    set.get((h % n) as usize).copied().unwrap_or('x')
}

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

/// One syllable for a source character in the target script.
fn syllable(script: Script, c: char, out: &mut String) {
    let h = fnv(&[c as u32, 0x5eed]);
    match script {
        Script::Latin => latin_syllable(h, out),
        Script::Cyrillic => alphabet_syllable("бвгджзклмнпрстфхцчш", "аеиоуыяюё", h, out),
        Script::Greek => alphabet_syllable("βγδζθκλμνξπρστφχψ", "αεηιουωάέήίόύώ", h, out),
        Script::Arabic { persian, urdu } => {
            let mut letters = chars("ابتثجحخدذرزسشصضطظعغفقلمنوه");
            if persian {
                letters.extend(chars("پچژگکی"));
            } else if urdu {
                letters.extend(chars("ٹڈڑکگیے"));
            } else {
                letters.extend(chars("كية"));
            }
            abjad_syllable(&letters, h, out);
        }
        Script::Hebrew => abjad_syllable(&chars("אבגדהוזחטיכלמנסעפצקרשת"), h, out),
        Script::Devanagari => devanagari_syllable(h, out),
        Script::Thai => thai_syllable(h, out),
        Script::Han => {
            let han = chars("們這個說學國會來對時還麼與開關發經樣點體電話讓聽見買賣東車長門問間題");
            out.push(pick(&han, h));
        }
        Script::Japanese => {
            let kanji = chars("日本人大中出上子生年行見言思手気話食書");
            let kana = chars("のをにはがでとしてたるれいうかなっまよ");
            out.push(pick(&kanji, h));
            if h.is_multiple_of(2) {
                out.push(pick(&kana, h >> 16));
            }
        }
        Script::Hangul => hangul_syllable(h, out),
    }
}

/// Latin: consonant and (accented) vowel, then nothing, a consonant, or consonant and vowel —
/// 2–4 letters, 3 on average.
fn latin_syllable(h: u64, out: &mut String) {
    let cons = chars("bcdfghklmnprstvwzjx");
    let vow = chars("aáàâäeéèêëiíìîïoóòôöuúùûü");
    out.push(pick(&cons, h));
    out.push(pick(&vow, h >> 16));
    match h % 3 {
        0 => {}
        1 => out.push(pick(&cons, h >> 24)),
        _ => {
            out.push(pick(&cons, h >> 24));
            out.push(pick(&vow, h >> 32));
        }
    }
}

/// Cyrillic and Greek: consonant, vowel and, two times in three, a closing consonant.
fn alphabet_syllable(consonants: &str, vowels: &str, h: u64, out: &mut String) {
    let cons = chars(consonants);
    let vow = chars(vowels);
    out.push(pick(&cons, h));
    out.push(pick(&vow, h >> 16));
    if !h.is_multiple_of(3) {
        out.push(pick(&cons, h >> 24));
    }
}

/// Arabic script and Hebrew (abjads, vowels unwritten): two or three letters.
fn abjad_syllable(letters: &[char], h: u64, out: &mut String) {
    out.push(pick(letters, h));
    out.push(pick(letters, h >> 16));
    if h.is_multiple_of(2) {
        out.push(pick(letters, h >> 24));
    }
}

/// Devanagari: consonant, usually a vowel sign (matra), consonant.
fn devanagari_syllable(h: u64, out: &mut String) {
    let cons = chars("कखगचजटडतदनपबमयरलवसह");
    let matras = chars("ािीुूेैो");
    out.push(pick(&cons, h));
    if !h.is_multiple_of(4) {
        out.push(pick(&matras, h >> 16));
    }
    out.push(pick(&cons, h >> 24));
}

/// Thai: a leading vowel before its consonant one time in five, else consonant and following
/// vowel; a final consonant two times in three.
fn thai_syllable(h: u64, out: &mut String) {
    let cons = chars("กขคงจฉชซญดตถทนบปผพฟมยรลวสหอ");
    let after = chars("าิีึุูั");
    let finals = chars("นมงกดบ");
    let h2 = h >> 16;
    if h.is_multiple_of(5) {
        out.push(if h2.is_multiple_of(2) { 'เ' } else { 'โ' });
        out.push(pick(&cons, h >> 24));
    } else {
        out.push(pick(&cons, h >> 24));
        out.push(pick(&after, h2));
    }
    if !h.is_multiple_of(3) {
        out.push(pick(&finals, h >> 32));
    }
}

/// Hangul: one or two precomposed syllables (U+AC00 + (initial × 21 + medial) × 28 + final).
fn hangul_syllable(h: u64, out: &mut String) {
    let initial = (h % 19) as u32;
    let medial = ((h >> 16) % 21) as u32;
    let fin = if h.is_multiple_of(3) {
        ((h >> 24) % 27) as u32 + 1
    } else {
        0
    };
    let code = 0xAC00 + (initial * 21 + medial) * 28 + fin;
    out.push(char::from_u32(code).unwrap_or('가'));
    if h.is_multiple_of(2) {
        let code = 0xAC00 + (((h >> 32) % 19) as u32 * 21 + ((h >> 40) % 21) as u32) * 28;
        out.push(char::from_u32(code).unwrap_or('다'));
    }
}

/// A Latin letter made pseudo: accented where an accented form exists.
fn accent(c: char) -> char {
    const MAP: &[(char, char)] = &[
        ('a', 'á'),
        ('e', 'é'),
        ('i', 'í'),
        ('o', 'ö'),
        ('u', 'ü'),
        ('c', 'ç'),
        ('n', 'ñ'),
        ('y', 'ý'),
        ('s', 'š'),
        ('z', 'ž'),
        ('l', 'ĺ'),
        ('r', 'ŕ'),
        ('A', 'Á'),
        ('E', 'É'),
        ('I', 'Í'),
        ('O', 'Ö'),
        ('U', 'Ü'),
        ('C', 'Ç'),
        ('N', 'Ñ'),
        ('Y', 'Ý'),
        ('S', 'Š'),
        ('Z', 'Ž'),
        ('L', 'Ĺ'),
        ('R', 'Ŕ'),
    ];
    MAP.iter()
        .find(|(a, _)| *a == c)
        .map(|(_, b)| *b)
        .unwrap_or(c)
}

fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F
        | 0x3040..=0x30FF | 0xAC00..=0xD7AF)
}

/// Target punctuation for a source punctuation mark; `None` when the mark is kept.
fn punct(script: Script, c: char) -> Option<&'static str> {
    let arabic = matches!(script, Script::Arabic { .. });
    if matches!(script, Script::Han | Script::Japanese) {
        return None;
    }
    if script == Script::Thai {
        return match c {
            '，' | '、' | '；' | '：' | '。' => Some(" "),
            '？' => Some("?"),
            '！' => Some("!"),
            _ => None,
        };
    }
    Some(match c {
        '，' | '、' => {
            if arabic {
                "، "
            } else {
                ", "
            }
        }
        '；' => {
            if arabic {
                "؛ "
            } else {
                "; "
            }
        }
        '？' | '?' if arabic => "؟",
        ',' if arabic => "،",
        '？' => "?",
        '！' => "!",
        '。' => ".",
        '：' => ": ",
        '“' | '「' | '『' if arabic => "«",
        '”' | '」' | '』' if arabic => "»",
        '“' | '”' | '「' | '」' | '『' | '』' => "\"",
        '（' => " (",
        '）' => ") ",
        '…' => "…",
        '—' => "—",
        '～' => "~",
        _ => return None,
    })
}

/// Pseudo-translates one segment text (placeholders and entity references kept verbatim).
pub fn pseudo_translate(text: &str, target_lang: &str) -> String {
    let mut p = PseudoText {
        script: Script::for_lang(target_lang),
        out: String::with_capacity(text.len() * 3),
        cap_next: true,
        word_no: 0,
        quote_open: false,
    };
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        // Placeholders and references pass through untouched.
        if let Some(len) = verbatim_len(rest) {
            p.verbatim(rest.get(..len).unwrap_or(""));
            rest = rest.get(len..).unwrap_or("");
            continue;
        }
        if is_han(c) {
            let run: Vec<char> = rest.chars().take_while(|c| is_han(*c)).collect();
            let run_bytes: usize = run.iter().map(|c| c.len_utf8()).sum();
            rest = rest.get(run_bytes..).unwrap_or("");
            p.han_run(&run);
            continue;
        }
        if c.is_alphabetic() {
            let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
            rest = rest.get(word.len()..).unwrap_or("");
            p.alphabetic_word(&word);
            continue;
        }
        rest = rest.get(c.len_utf8()..).unwrap_or("");
        p.mark(c, rest);
    }
    tidy_spaces(&p.out)
}

/// A pseudo-translation being written: the output, whether the next word starts a sentence,
/// and how many words came before.
struct PseudoText {
    script: Script,
    out: String,
    cap_next: bool,
    word_no: u64,
    /// A straight `"` opened a quotation (Arabic script writes it `«`, and the next one `»`).
    quote_open: bool,
}

impl PseudoText {
    /// A placeholder or reference, as it was.
    fn verbatim(&mut self, piece: &str) {
        // A fixed term is a word: keep it apart from a generated word before it.
        if piece.starts_with("<g ")
            && self.script.spaced()
            && (self
                .out
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
                || self.out.ends_with("</g>"))
        {
            self.out.push(' ');
        }
        self.out.push_str(piece);
    }

    /// A run of Han characters as words of two syllables (a lone last character joins the word
    /// before), each decorated for the script.
    fn han_run(&mut self, run: &[char]) {
        let script = self.script;
        if script.spaced()
            && self
                .out
                .chars()
                .next_back()
                .is_some_and(|p| p.is_alphanumeric() || p == '>')
        {
            self.out.push(' ');
        }
        if script == Script::Japanese {
            self.japanese_run(run);
            return;
        }
        let mut words: Vec<&[char]> = run.chunks(2).collect();
        if words.len() > 1 && words.last().is_some_and(|w| w.len() == 1) {
            let n = words.len();
            let merged = run.get((n - 2) * 2..).unwrap_or(&[]);
            words.truncate(n - 2);
            words.push(merged);
        }
        for (i, w) in words.iter().enumerate() {
            if i > 0 && script.spaced() {
                self.out.push(' ');
            }
            let mut word = String::new();
            for &hc in w.iter() {
                syllable(script, hc, &mut word);
            }
            self.word_no += 1;
            decorate_word(
                script,
                &mut word,
                fnv(&w.iter().map(|c| *c as u32).collect::<Vec<_>>()),
            );
            if self.cap_next && script.cased() {
                word = capitalize(&word);
            }
            self.cap_next = false;
            self.out.push_str(&word);
        }
    }

    /// A Han run in Japanese: [`JA_PER_HAN`] characters per source character (at least one),
    /// kanji with kana after them as Japanese writes stems and endings.
    fn japanese_run(&mut self, run: &[char]) {
        let kanji = chars("日本人大中出上子生年行見言思手気話食書");
        let kana = chars("のをにはがでとしてたるれいうかなっまよ");
        let (num, den) = JA_PER_HAN;
        let n = (run.len() * num).div_ceil(den).max(1);
        let seed = fnv(&run.iter().map(|c| *c as u32).collect::<Vec<_>>());
        for i in 0..n {
            let h = fnv(&[(seed & 0xffff_ffff) as u32, i as u32]);
            // A kanji first; then kanji and kana mixed, never more than one kana in a row.
            let kana_here = i % 2 == 1 && !h.is_multiple_of(3);
            self.out
                .push(pick(if kana_here { &kana } else { &kanji }, h >> 8));
        }
        self.word_no += 1;
        self.cap_next = false;
    }

    /// A word of an alphabetic source, made pseudo by `latin_word`.
    fn alphabetic_word(&mut self, word: &str) {
        self.word_no += 1;
        if self.script.spaced()
            && self
                .out
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        {
            self.out.push(' ');
        }
        self.out
            .push_str(&latin_word(self.script, word, self.word_no));
        self.cap_next = false;
    }

    /// Punctuation or another mark, mapped to the target's; a sentence end capitalizes the next
    /// word. `rest` is the text after the mark.
    fn mark(&mut self, c: char, rest: &str) {
        if c == '"' && matches!(self.script, Script::Arabic { .. }) {
            self.out.push(if self.quote_open { '»' } else { '«' });
            self.quote_open = !self.quote_open;
            return;
        }
        match punct(self.script, c) {
            Some(p) => {
                // A mapped mark replaces surrounding full-width spacing; avoid doubled spaces.
                if p.starts_with(' ') && self.out.ends_with(' ') {
                    self.out.push_str(p.trim_start());
                } else {
                    self.out.push_str(p);
                }
            }
            None if c == '\u{3000}' => self.out.push(' '),
            None => self.out.push(c),
        }
        if matches!(c, '。' | '？' | '！' | '.' | '?' | '!') {
            self.cap_next = true;
            if self.script.spaced() && rest.chars().next().is_some_and(is_han) {
                self.out.push(' ');
            }
        }
    }
}

/// Length in bytes of a placeholder or character reference at the start of `s`.
fn verbatim_len(s: &str) -> Option<usize> {
    if s.starts_with('&') {
        let end = s.bytes().take(12).position(|b| b == b';')?;
        let name = s.get(1..end)?;
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '#') {
            return Some(end + 1);
        }
        return None;
    }
    if s.starts_with("<x ") {
        // Placeholders are short; a bounded look keeps malformed input linear.
        return bounded_find(s, "/>", 32).map(|e| e + 2);
    }
    if s.starts_with("<g ") {
        return bounded_find(s, "</g>", 4096).map(|e| e + 4);
    }
    None
}

/// `s.find(pat)` within the first `limit` bytes.
fn bounded_find(s: &str, pat: &str, limit: usize) -> Option<usize> {
    let end = (0..=limit.min(s.len()))
        .rev()
        .find(|&i| s.is_char_boundary(i))?;
    s.get(..end)?.find(pat)
}

/// Script-specific touches that make output look like the real thing.
fn decorate_word(script: Script, word: &mut String, h: u64) {
    match script {
        Script::Arabic { persian: true, .. } if h.is_multiple_of(4) => {
            // Persian verb prefix with a zero-width non-joiner: «می‌…».
            *word = format!("می\u{200c}{word}");
        }
        Script::Arabic { persian: true, .. } if h % 7 == 1 => {
            word.push('\u{200c}');
            word.push_str("ها");
        }
        Script::Hebrew => {
            if let Some(last) = word.pop() {
                let fin = match last {
                    'כ' => 'ך',
                    'מ' => 'ם',
                    'נ' => 'ן',
                    'פ' => 'ף',
                    'צ' => 'ץ',
                    other => other,
                };
                word.push(fin);
            }
        }
        _ => {}
    }
}

fn capitalize(w: &str) -> String {
    let mut cs = w.chars();
    match cs.next() {
        Some(f) => f.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

/// A word already in an alphabet: accented with ~35 % expansion in Latin targets, letters of the
/// target script otherwise.
fn latin_word(script: Script, word: &str, _n: u64) -> String {
    if script == Script::Latin {
        let mut out = String::new();
        for c in word.chars() {
            out.push(accent(c));
            // Doubled vowels: about 40 % longer for English-like text, the usual pseudo margin.
            if "aeiouAEIOU".contains(c) {
                out.push(accent(c.to_ascii_lowercase()));
            }
        }
        if word.chars().count() >= 3 && !out.chars().any(|c| "áéíöü".contains(c)) {
            out.push('ë');
        }
        return out;
    }
    let mut out = String::new();
    for c in word.chars() {
        let mut syl = String::new();
        syllable(script, c, &mut syl);
        // One letter per source letter keeps names at a plausible length.
        out.extend(syl.chars().next());
    }
    out
}

/// Collapses doubled spaces and trims the ends (placeholders untouched: they contain none).
fn tidy_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The pseudo backend.
#[derive(Debug, Clone, Default)]
pub struct Pseudo;

/// Bump when the transformation changes, so memories do not serve old pseudo text.
const PSEUDO_VERSION: &str = "1";

impl Backend for Pseudo {
    fn identity(&self) -> BackendIdentity {
        BackendIdentity {
            prompt_version: Some(PSEUDO_VERSION.into()),
            ..BackendIdentity::new("pseudo")
        }
    }

    fn limits(&self) -> BatchLimits {
        BatchLimits {
            max_segments: 200,
            max_bytes: 1 << 20,
            max_chars: 100_000,
            concurrency: 1,
            ..BatchLimits::default()
        }
    }

    fn billing(&self) -> Billing {
        Billing::Free
    }

    fn supports(&self, _source_lang: &str, target_lang: &str) -> Result<(), BackendError> {
        target_lang
            .parse::<LanguageIdentifier>()
            .map(|_| ())
            .map_err(|_| BackendError::UnsupportedLanguage {
                lang: target_lang.to_string(),
            })
    }

    fn translate<'a>(
        &'a self,
        req: &'a BatchRequest,
    ) -> BoxFuture<'a, Result<BatchReply, BackendError>> {
        Box::pin(async move {
            Ok(BatchReply {
                translations: req
                    .segments
                    .iter()
                    .map(|s| (s.id.clone(), pseudo_translate(&s.text, &req.target_lang)))
                    .collect(),
                billed_chars: 0,
                ..BatchReply::default()
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translate::segment::check_placeholders;

    const SRC: &str = "你好，<x id=\"1\"/>我是林师傅。今天我们做<g id=\"2\">cloisonné</g>吗？";

    fn count(s: &str, f: impl Fn(char) -> bool) -> usize {
        s.chars().filter(|c| f(*c)).count()
    }

    #[test]
    fn placeholders_survive_in_order_for_every_script() {
        for lang in [
            "en", "fr", "fa", "ar", "ur", "he", "ru", "el", "hi", "th", "ja", "ko", "zh-Hant",
        ] {
            let out = pseudo_translate(SRC, lang);
            assert!(check_placeholders(SRC, &out).is_ok(), "{lang}: {out}");
            let x = out.find("<x id=\"1\"/>").unwrap();
            let g = out.find("<g id=\"2\">cloisonné</g>").unwrap();
            assert!(x < g, "{lang}: {out}");
        }
    }

    #[test]
    fn output_is_in_the_target_script_with_realistic_length() {
        let src = "我们今天去看师傅做景泰蓝，好不好？";
        let han = count(src, is_han) as f64;
        let fa = pseudo_translate(src, "fa");
        assert!(
            count(&fa, |c| ('\u{600}'..='\u{6ff}').contains(&c)) as f64 > han * 1.8,
            "{fa}"
        );
        assert!(fa.contains('؟'));
        assert!(!fa.chars().any(is_han));
        let en = pseudo_translate(src, "en");
        let ratio = en.chars().count() as f64 / src.chars().count() as f64;
        assert!((2.5..=4.5).contains(&ratio), "{ratio} {en}");
        assert!(en.chars().next().unwrap().is_uppercase());
        let ja = pseudo_translate(src, "ja");
        assert!(
            count(&ja, |c| ('\u{3040}'..='\u{30ff}').contains(&c)) > 0,
            "{ja}"
        );
        // Netflix reads Japanese at 4 characters a second and Chinese at 9: the Japanese is
        // about 4/9 as long, so a cue within the Chinese limit stays within the Japanese one.
        let ja_chars = count(&ja, |c| is_han(c) || ('\u{3040}'..='\u{30ff}').contains(&c));
        let ratio = ja_chars as f64 / han;
        assert!((0.4..=0.6).contains(&ratio), "{ratio} {ja}");
        let ko = pseudo_translate(src, "ko");
        assert!(
            count(&ko, |c| ('\u{ac00}'..='\u{d7af}').contains(&c)) as f64 >= han,
            "{ko}"
        );
        let th = pseudo_translate(src, "th");
        assert!(
            count(&th, |c| ('\u{e00}'..='\u{e7f}').contains(&c)) as f64 > han * 2.0,
            "{th}"
        );
        let he = pseudo_translate(src, "he");
        assert!(
            count(&he, |c| ('\u{5d0}'..='\u{5ea}').contains(&c)) as f64 > han * 1.8,
            "{he}"
        );
    }

    #[test]
    fn arabic_script_quotes_open_with_left_guillemet_and_close_with_right() {
        for (src, lang) in [
            ("他说：“好”。", "fa"),
            ("他说：「好」。", "ar"),
            ("He said \"yes\".", "fa"),
        ] {
            let out = pseudo_translate(src, lang);
            let open = out.find('«').unwrap_or_else(|| panic!("{src} → {out}"));
            let close = out.find('»').unwrap_or_else(|| panic!("{src} → {out}"));
            assert!(open < close, "{src} → {out}");
            assert_eq!(out.matches('«').count(), 1, "{src} → {out}");
        }
        // Other scripts keep straight quotes.
        assert_eq!(
            pseudo_translate("他说：“好”。", "en").matches('"').count(),
            2
        );
    }

    #[test]
    fn persian_has_zwnj_and_output_is_deterministic() {
        let long = "我们今天去看师傅做景泰蓝。他们明天还要来学习这门手艺，大家都很高兴。";
        let fa = pseudo_translate(long, "fa");
        assert!(fa.contains('\u{200c}'), "{fa}");
        assert_eq!(fa, pseudo_translate(long, "fa"));
        assert_ne!(fa, pseudo_translate(long, "ar"));
    }

    #[test]
    fn latin_source_is_accented_and_expanded() {
        let out = pseudo_translate("Hello &amp; welcome", "de");
        assert!(out.contains("&amp;"));
        assert!(out.starts_with("Hééĺĺöö &amp; wééĺçööméé"), "{out}");
        let ratio = out.chars().count() as f64 / "Hello &amp; welcome".chars().count() as f64;
        assert!(ratio > 1.25, "{out}");
    }

    #[test]
    fn script_for_lang() {
        assert_eq!(
            Script::for_lang("fa-IR"),
            Script::Arabic {
                persian: true,
                urdu: false
            }
        );
        assert_eq!(Script::for_lang("sr-Latn"), Script::Latin);
        assert_eq!(Script::for_lang("zh-Hant-TW"), Script::Han);
        assert_eq!(Script::for_lang("pt-BR"), Script::Latin);
        assert_eq!(Script::for_lang("not a tag!"), Script::Latin);
    }
}
