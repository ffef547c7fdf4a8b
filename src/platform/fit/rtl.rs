//! Right-to-left lines (Arabic, Persian, Urdu, Hebrew): directional marks so that punctuation,
//! dialogue dashes and numbers at a line's ends display on the correct side, and Arabic-script
//! punctuation.
//!
//! Many players lay each subtitle line out left-to-right (the Unicode bidi algorithm with an LTR
//! paragraph level, as most SRT renderers do). An Arabic line ending in `.` then shows the
//! period at the right end, where the line *starts* for its reader; a leading `-` or number
//! shows at the left end. Two remedies, chosen by the platform:
//!
//! - `Rlm`: a RIGHT-TO-LEFT MARK (U+200F) at an end whose first/last visible character is not a
//!   right-to-left letter. A mark makes neutral characters (punctuation, dashes, spaces) and
//!   numbers next to it resolve right-to-left. A mark cannot move a strong left-to-right run
//!   (a Latin word) at a line's edge, so such a line is embedded instead (below).
//! - `Embedding`: each right-to-left line wrapped in RIGHT-TO-LEFT EMBEDDING (U+202B) … POP
//!   DIRECTIONAL FORMATTING (U+202C), as some Netflix deliveries ask; the whole line is then laid
//!   out right-to-left whatever the player's default.
//!
//! Which line ends count as fine is decided once in `platform::bidi`, which `check` (rule
//! `rtl-line-end-mark`) also uses, so `fix` then `check` agree. Existing marks and embeddings are detected, so applying the fix twice changes
//! nothing. ZWNJ (U+200C) and every other joiner are text and are never touched.
//!
//! Arabic-script punctuation: in Arabic, Persian, Urdu (and other Arabic-script languages) a
//! Latin `,` `?` `;` in a line with Arabic letters becomes `،` `؟` `؛`; a comma between digits
//! (1,000) is a number and stays.

use super::edit::{self, Edit, Place};
use crate::model::RichText;
use crate::platform::bidi::{is_arabic_letter, is_rtl, line_ends_resolve};

/// How right-to-left lines are protected against left-to-right players.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RtlMode {
    /// No directional marks (Arabic-script punctuation is still fixed).
    #[default]
    None,
    /// U+200F at line ends that would display on the wrong side.
    Rlm,
    /// U+202B … U+202C around every right-to-left line.
    Embedding,
}

const RLM: char = '\u{200f}';
const RLE: char = '\u{202b}';
const RLO: char = '\u{202e}';
const RLI: char = '\u{2067}';
const PDF: char = '\u{202c}';

/// Languages written in the Arabic script (by primary subtag).
pub fn is_arabic_script_lang(lang: &str) -> bool {
    let primary = lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(
        primary.as_str(),
        "ar" | "fa" | "prs" | "ur" | "ps" | "ckb" | "sd" | "ug" | "ks" | "bal" | "azb" | "glk"
    )
}

/// A strong left-to-right character (a letter of any other script).
fn is_ltr_strong(c: char) -> bool {
    c.is_alphabetic() && !is_rtl(c) && !('\u{590}'..='\u{8ff}').contains(&c)
}

/// Marks and embeddings that `fit` manages for RTL lines (ZWNJ/ZWJ are not among them).
pub(super) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{61c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Lays right-to-left lines out for left-to-right players and fixes Arabic-script punctuation
/// (plain text, lines separated by `\n`).
pub fn rtl_fix(text: &str, lang: &str, mode: RtlMode) -> String {
    edit::apply_str(text, &rtl_edits(text, lang, mode))
}

/// `rtl_fix` on rich text; marks go inside the tags at the line ends.
pub fn rtl_fix_rich(text: &RichText, lang: &str, mode: RtlMode) -> RichText {
    let plain = text.to_plain();
    let edits = rtl_edits(&plain, lang, mode);
    if edits.is_empty() {
        return text.clone();
    }
    edit::apply_rich(text, &edits)
}

fn rtl_edits(plain: &str, lang: &str, mode: RtlMode) -> Vec<Edit> {
    let mut edits = Vec::new();
    if is_arabic_script_lang(lang) {
        edits.extend(arabic_punct_edits(plain));
    }
    edits.extend(mark_edits(plain, mode));
    edits
}

/// `,` `?` `;` → `،` `؟` `؛` in lines that contain Arabic letters.
pub(super) fn arabic_punct_edits(plain: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut at = 0usize;
    for line in plain.split('\n') {
        if line.chars().any(is_arabic_letter) {
            let mut prev = '\0';
            let mut chars = line.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                let next = chars.peek().map_or('\0', |&(_, n)| n);
                let to = match c {
                    ',' if !(prev.is_ascii_digit() && next.is_ascii_digit()) => Some("،"),
                    '?' => Some("؟"),
                    ';' => Some("؛"),
                    _ => None,
                };
                if let Some(to) = to {
                    edits.push(Edit::new(at + i..at + i + 1, to, Place::BeforeNext));
                }
                prev = c;
            }
        }
        at += line.len() + 1;
    }
    edits
}

/// Directional marks or embeddings for each right-to-left line that needs them.
pub(super) fn mark_edits(plain: &str, mode: RtlMode) -> Vec<Edit> {
    let mut edits = Vec::new();
    if mode == RtlMode::None {
        return edits;
    }
    let mut at = 0usize;
    for line in plain.split('\n') {
        let end = at + line.len();
        match line_needs(line, mode) {
            Need::Nothing => {}
            Need::Embed => {
                edits.push(Edit::new(at..at, &RLE.to_string(), Place::BeforeNext));
                edits.push(Edit::new(end..end, &PDF.to_string(), Place::AfterPrev));
            }
            Need::ClosePdf => edits.push(Edit::new(end..end, &PDF.to_string(), Place::AfterPrev)),
            Need::Marks { start, end: at_end } => {
                if start {
                    edits.push(Edit::new(at..at, &RLM.to_string(), Place::BeforeNext));
                }
                if at_end {
                    edits.push(Edit::new(end..end, &RLM.to_string(), Place::AfterPrev));
                }
            }
        }
        at = end + 1;
    }
    edits
}

enum Need {
    Nothing,
    Embed,
    /// Embedded already but never closed.
    ClosePdf,
    Marks {
        start: bool,
        end: bool,
    },
}

fn line_needs(line: &str, mode: RtlMode) -> Need {
    if !line.chars().any(is_rtl) {
        return Need::Nothing;
    }
    let trimmed = line.trim_matches(char::is_whitespace);
    let first = trimmed.chars().next();
    let last = trimmed.chars().next_back();
    if matches!(first, Some(RLE | RLO | RLI)) {
        let closed = matches!(last, Some(PDF | '\u{2069}'));
        return if closed || first == Some(RLI) {
            Need::Nothing
        } else {
            Need::ClosePdf
        };
    }
    if mode == RtlMode::Embedding {
        return Need::Embed;
    }
    // A Latin word at either edge stays where it is whatever marks surround it: only an
    // embedding lays the line out right-to-left.
    let strong = |c: &char| is_rtl(*c) || is_ltr_strong(*c);
    let first_strong = trimmed.chars().find(strong);
    let last_strong = trimmed.chars().rev().find(strong);
    if first_strong.is_some_and(is_ltr_strong) || last_strong.is_some_and(is_ltr_strong) {
        return Need::Embed;
    }
    let (start_ok, end_ok) = line_ends_resolve(trimmed);
    if start_ok && end_ok {
        Need::Nothing
    } else {
        Need::Marks {
            start: !start_ok,
            end: !end_ok,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::count::is_invisible;
    use unicode_bidi::{BidiInfo, Level};

    fn visible(c: &char) -> bool {
        !c.is_whitespace() && !is_invisible(*c)
    }

    /// The line as a left-to-right player draws it: characters from the left edge to the
    /// right edge, invisible controls and spaces left out.
    fn drawn_ltr(line: &str) -> Vec<char> {
        let info = BidiInfo::new(line, Some(Level::ltr()));
        let Some(para) = info.paragraphs.first() else {
            return Vec::new();
        };
        info.reorder_line(para, para.range.clone())
            .chars()
            .filter(visible)
            .collect()
    }

    fn leftmost(line: &str) -> char {
        drawn_ltr(line).first().copied().unwrap_or(' ')
    }

    fn rightmost(line: &str) -> char {
        drawn_ltr(line).last().copied().unwrap_or(' ')
    }

    #[test]
    fn final_period_moves_to_the_left_end() {
        // Persian "I'm coming." — for a right-to-left reader the period ends the line on the left.
        let line = "من می\u{200c}آیم.";
        assert_eq!(
            rightmost(line),
            '.',
            "unfixed: the period shows on the wrong side"
        );
        for mode in [RtlMode::Rlm, RtlMode::Embedding] {
            let fixed = rtl_fix(line, "fa", mode);
            assert_eq!(leftmost(&fixed), '.', "{mode:?}: {fixed:?}");
            assert_eq!(
                rightmost(&fixed),
                'م',
                "{mode:?}: the first word starts on the right"
            );
            // ZWNJ kept.
            assert!(fixed.contains("می\u{200c}آیم"));
        }
        assert_eq!(
            rtl_fix(line, "fa", RtlMode::Rlm),
            "من می\u{200c}آیم.\u{200f}"
        );
        assert_eq!(
            rtl_fix(line, "fa", RtlMode::Embedding),
            "\u{202b}من می\u{200c}آیم.\u{202c}"
        );
    }

    #[test]
    fn dialogue_dash_and_leading_number_move_to_the_right_end() {
        let text = "- کجا بودی؟\n- ۳ ساعت منتظرت بودم.\n2 سیب";
        let lines: Vec<&str> = text.split('\n').collect();
        assert_eq!(leftmost(lines[0]), '-', "unfixed dash on the wrong side");
        assert_eq!(leftmost(lines[2]), '2', "unfixed number on the wrong side");
        for mode in [RtlMode::Rlm, RtlMode::Embedding] {
            let fixed = rtl_fix(text, "fa", mode);
            let f: Vec<&str> = fixed.split('\n').collect();
            assert_eq!(rightmost(f[0]), '-', "{mode:?} {:?}", f[0]);
            assert_eq!(leftmost(f[0]), '؟', "{mode:?} {:?}", f[0]);
            assert_eq!(rightmost(f[1]), '-', "{mode:?} {:?}", f[1]);
            assert_eq!(leftmost(f[1]), '.', "{mode:?} {:?}", f[1]);
            assert_eq!(rightmost(f[2]), '2', "{mode:?} {:?}", f[2]);
        }
    }

    #[test]
    fn latin_word_at_the_edge_is_embedded() {
        // Arabic "I use Netflix." — a mark cannot move the Latin word; an embedding does.
        let line = "أنا أستخدم Netflix.";
        assert_eq!(rightmost(line), '.');
        let with_mark = format!("{line}\u{200f}");
        assert_eq!(
            rightmost(&with_mark),
            '.',
            "a mark alone does not help here"
        );
        let fixed = rtl_fix(line, "ar", RtlMode::Rlm);
        assert!(fixed.starts_with('\u{202b}') && fixed.ends_with('\u{202c}'));
        assert_eq!(leftmost(&fixed), '.');
        assert_eq!(rightmost(&fixed), 'أ');
        // The Latin word still reads left to right.
        let drawn: String = drawn_ltr(&fixed).into_iter().collect();
        assert!(drawn.contains("Netflix"), "{drawn}");
    }

    #[test]
    fn idempotent_and_detects_existing_marks() {
        let text = "- سلام، چطوری?\n«خوبم»\nباشه 3\nOK\n\u{202b}قبلا درست شده.\u{202c}";
        for mode in [RtlMode::None, RtlMode::Rlm, RtlMode::Embedding] {
            let once = rtl_fix(text, "fa", mode);
            assert_eq!(rtl_fix(&once, "fa", mode), once, "{mode:?}");
            let f: Vec<&str> = once.split('\n').collect();
            // A line ending in a digit needs nothing; a line without RTL letters is left alone;
            // an embedded line is left alone.
            if mode == RtlMode::Embedding {
                assert_eq!(f[2], "\u{202b}باشه 3\u{202c}");
            } else {
                assert_eq!(f[2], "باشه 3");
            }
            assert_eq!(f[3], "OK");
            assert_eq!(f[4], "\u{202b}قبلا درست شده.\u{202c}");
            // Arabic-script punctuation.
            assert!(f[0].contains("سلام، چطوری؟"), "{:?}", f[0]);
        }
        // An already-marked line is not marked again.
        let marked = "\u{200f}- سلام.\u{200f}";
        assert_eq!(rtl_fix(marked, "fa", RtlMode::Rlm), marked);
        // An embedding left open is closed.
        assert_eq!(
            rtl_fix("\u{202b}سلام.", "ar", RtlMode::Rlm),
            "\u{202b}سلام.\u{202c}"
        );
    }

    #[test]
    fn arabic_punctuation_only_for_arabic_script_languages() {
        assert_eq!(rtl_fix("نعم, 1,000?", "ar", RtlMode::None), "نعم، 1,000؟");
        assert_eq!(rtl_fix("a; b?", "ar", RtlMode::None), "a; b?");
        // Hebrew is right-to-left but keeps Latin punctuation.
        assert_eq!(rtl_fix("שלום, מה?", "he", RtlMode::None), "שלום, מה?");
        assert_eq!(rtl_fix("Hello, you?", "en", RtlMode::Rlm), "Hello, you?");
        assert!(is_arabic_script_lang("fa-IR"));
        assert!(is_arabic_script_lang("ur"));
        assert!(!is_arabic_script_lang("he"));
    }

    #[test]
    fn rich_text_marks_stay_inside_tags() {
        use crate::model::{Effect, Inline, Tag, TagSyntax};
        let t = RichText::new(vec![
            Inline::tag(Tag {
                syntax: TagSyntax::Ass,
                raw: "{\\an8}".into(),
                effects: vec![Effect::Alignment(8)],
            }),
            Inline::Text("- سلام.".into()),
        ]);
        let r = rtl_fix_rich(&t, "fa", RtlMode::Rlm);
        assert_eq!(r.to_plain(), "\u{200f}- سلام.\u{200f}");
        // {\an8} stays first, where SRT readers look for it.
        assert!(matches!(r.inlines().first(), Some(Inline::Tag(_))));
    }
}
