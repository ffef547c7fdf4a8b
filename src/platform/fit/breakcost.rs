//! What a line break costs at one opportunity, by language: after sentence or clause punctuation
//! is best, before a conjunction or preposition good; ending a line on an article, preposition,
//! subject pronoun or auxiliary, or between a first and a last name, is bad. Chinese and Japanese,
//! which have no spaces, are scored pair by pair of characters. `linebreak` adds these costs to
//! the shape of each candidate layout and keeps the cheapest.

use super::join::{CLOSERS, SENTENCE_END, is_dash};
use super::script::{is_break_space, is_han, is_hiragana, is_katakana, is_thai_like, is_unspaced};
use super::words::Words;

/// The linguistic cost of ending a line with `line1` and starting the next with `after`.
pub(super) fn break_cost(
    line1: &str,
    after: &str,
    prev: char,
    next: char,
    spaced_break: bool,
    words: &Words,
    primary: &str,
) -> f64 {
    let mut cost = 0.0;
    let last_word = line1
        .rsplit(is_break_space)
        .next()
        .unwrap_or("")
        .to_lowercase();
    let is_title = matches!(
        last_word.as_str(),
        "mr." | "mrs." | "ms." | "dr." | "st." | "prof." | "mt." | "jr." | "sr." | "sra." | "mme."
    );
    cost += line_end_cost(line1, &last_word, is_title, prev);
    if is_unspaced(prev) || is_unspaced(next) {
        cost += unspaced_cost(line1, prev, next, spaced_break, primary);
        return cost;
    }
    let next_word: String = after
        .split(is_break_space)
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .to_lowercase();
    let bare_last = last_word.trim_start_matches(|c: char| !c.is_alphanumeric());
    if words.conj.contains(&next_word.as_str()) {
        cost -= 1.5;
    } else if words.prep.contains(&next_word.as_str()) {
        cost -= 1.0;
    }
    if words.bind.contains(&bare_last) && !is_title {
        cost += 4.0;
    }
    if splits_a_name(line1, after) {
        cost += 3.0;
    }
    cost
}

/// What the end of `line1` says about the break: after a title or an initial is bad, after an
/// ellipsis, a sentence end, a clause mark or a spaced dash is good.
fn line_end_cost(line1: &str, last_word: &str, is_title: bool, prev: char) -> f64 {
    let punct = line1
        .trim_end_matches(|c| CLOSERS.contains(c))
        .chars()
        .next_back()
        .unwrap_or(prev);
    let initial = last_word.len() == 2
        && last_word.ends_with('.')
        && last_word.chars().next().is_some_and(char::is_alphabetic);
    if is_title {
        5.0
    } else if initial {
        3.0
    } else if punct == '…' || punct == '⋯' || (punct == '.' && line1.ends_with("..")) {
        -2.0
    } else if SENTENCE_END.contains(punct) {
        -4.0
    } else if ",;:–—،؛，、；：".contains(punct) {
        -3.0
    } else if is_dash(punct) && line1.trim_end_matches(punct).ends_with(is_break_space) {
        -2.0
    } else {
        0.0
    }
}

/// A break in CJK or Thai text: at a space (a phrase boundary) is good, inside Thai slightly
/// bad, inside Chinese or Japanese scored by the character pair.
fn unspaced_cost(line1: &str, prev: char, next: char, spaced_break: bool, primary: &str) -> f64 {
    if spaced_break {
        // A space inside CJK or Thai text separates phrases (zh-Hans writes one for a
        // comma; Thai for a clause).
        -3.0
    } else if is_thai_like(prev) || is_thai_like(next) {
        0.5
    } else {
        let prev2 = line1.chars().rev().nth(1);
        cjk_pair_cost(prev2, prev, next, primary)
    }
}

/// Whether the break falls between a first and a last name: two capitalised words
/// mid-sentence.
fn splits_a_name(line1: &str, after: &str) -> bool {
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let raw_last = line1.rsplit(is_break_space).next().unwrap_or("");
    let raw_next = after.split(is_break_space).next().unwrap_or("");
    capital(raw_last)
        && capital(raw_next)
        && raw_last.chars().all(char::is_alphabetic)
        && raw_last.chars().count() > 1
        && line1
            .trim_end_matches(raw_last)
            .trim_end()
            .chars()
            .next_back()
            .is_some_and(|c| {
                !SENTENCE_END.contains(c) && !is_dash(c) && !CLOSERS.contains(c) && c != ':'
            })
}

/// Chinese characters a line may well end with: structural and sentence-final particles. Each
/// with the characters that, following it, make a word with it (的确, 了解, 说明). Simplified
/// and Traditional forms.
const ZH_END_PARTICLES: &[(char, &str)] = &[
    ('的', "确確"),
    ('了', "解不"),
    ('吗', ""),
    ('嗎', ""),
    ('呢', ""),
    ('吧', ""),
    ('啊', ""),
    ('呀', ""),
    ('说', "话明服法"),
    ('說', "話明服法"),
];

/// Chinese characters a line may well start with (prepositions, conjunctions, the copula and
/// adverbs that open a predicate). Each with the characters that, before it, make a word with
/// it (但是, 现在, 交给, 首都). Simplified and Traditional forms.
const ZH_PHRASE_STARTS: &[(char, &str)] = &[
    ('和', "暖温溫平柔随隨缓緩调調讲講总總"),
    ('在', "现現正存实實自所好"),
    ('把', "一这這那火"),
    ('被', "棉"),
    ('让', "转出谦"),
    ('讓', "轉出謙"),
    ('给', "交送留嫁递借卖带寄发分供补"),
    ('給', "交送留嫁遞借賣帶寄發分供補"),
    ('是', "但可还還于於总總要不就也都只真正若倒像凡或老"),
    ('就', "成早将將造也"),
    ('也', "再"),
    ('都', "首古国國"),
];

/// Japanese particles that end a phrase (after a kanji or katakana word).
pub(super) const JA_PARTICLES: &str = "はがをにへとものでや";

/// A letter or digit of a script that is not Chinese or Japanese (Latin, digits, …).
fn is_other_script(c: char) -> bool {
    c.is_alphanumeric() && !is_unspaced(c)
}

/// Cost of breaking between two CJK characters `prev` | `next` (`prev2` is the one before).
///
/// Chinese: a Han character next to another script is a word edge (-1.5); after a particle
/// (-1.0) or before a phrase-opening character (-1.0), unless the neighbour makes a word with
/// it; between two other ideographs, a little (+0.5) to prefer all of these and punctuation.
///
/// Japanese phrases tend to end on a particle (hiragana before kanji or katakana, better still
/// a particle after a kanji or katakana word); a break inside a run of kanji, a katakana word,
/// between a kanji stem and its kana ending, or before the particle after a word is worse.
pub(super) fn cjk_pair_cost(prev2: Option<char>, prev: char, next: char, primary: &str) -> f64 {
    if (is_han(prev) && is_other_script(next)) || (is_other_script(prev) && is_han(next)) {
        return -1.5;
    }
    if primary == "zh" && is_han(prev) && is_han(next) {
        let after_particle = ZH_END_PARTICLES
            .iter()
            .any(|&(p, binds)| p == prev && !binds.contains(next));
        let before_opener = ZH_PHRASE_STARTS
            .iter()
            .any(|&(p, binds)| p == next && !binds.contains(prev));
        return if after_particle || before_opener {
            -1.0
        } else {
            0.5
        };
    }
    if is_hiragana(prev) && (is_han(next) || is_katakana(next)) {
        let particle_after_word =
            JA_PARTICLES.contains(prev) && prev2.is_some_and(|c| is_han(c) || is_katakana(c));
        if particle_after_word { -1.5 } else { -1.0 }
    } else if is_katakana(prev) && is_katakana(next) {
        2.0
    } else if (is_han(prev) || is_katakana(prev)) && is_hiragana(next) {
        // A kanji stem and its kana ending, or a word and the particle after it.
        1.5
    } else if (is_han(prev) && is_han(next)) || (is_hiragana(prev) && is_hiragana(next)) {
        0.5
    } else {
        0.0
    }
}
