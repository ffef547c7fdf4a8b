//! Right-to-left letters, and when the ends of a right-to-left line display on the correct side
//! in a player that lays lines out left-to-right.
//!
//! `check` reports such lines (rule `rtl-line-end-mark`) and `platform::fit` adds the marks that
//! repair them; both classify characters and line ends here, so a fixed line always passes the
//! check.

use crate::platform::count::is_invisible;

/// Letters of the Arabic script (not its digits or punctuation).
pub(crate) fn is_arabic_letter(c: char) -> bool {
    matches!(c,
        '\u{620}'..='\u{64a}' | '\u{66e}'..='\u{6d3}' | '\u{6d5}' | '\u{6fa}'..='\u{6ff}'
        | '\u{750}'..='\u{77f}' | '\u{8a0}'..='\u{8c9}' | '\u{fb50}'..='\u{fdff}' | '\u{fe70}'..='\u{fefc}')
}

/// Characters with a strong right-to-left direction (Hebrew, Arabic, Syriac, Thaana, N'Ko
/// letters) and Arabic-Indic digits, which also resolve right-to-left at a line start.
pub(crate) fn is_rtl(c: char) -> bool {
    is_arabic_letter(c)
        || matches!(c,
            '\u{5d0}'..='\u{5ea}' | '\u{5ef}'..='\u{5f2}' | '\u{fb1d}'..='\u{fb4f}'
            | '\u{660}'..='\u{669}' | '\u{700}'..='\u{74f}' | '\u{780}'..='\u{7bf}' | '\u{7c0}'..='\u{7ea}')
}

/// Whether the start and the end of a right-to-left line (trimmed of whitespace) display on the
/// correct side. An end is fine when it holds a RIGHT-TO-LEFT MARK or ARABIC LETTER MARK, or when
/// its outermost visible character is right-to-left; at the end a digit is fine too, since a
/// trailing number resolves after right-to-left text.
pub(crate) fn line_ends_resolve(trimmed: &str) -> (bool, bool) {
    let mark = |c: Option<char>| matches!(c, Some('\u{200f}' | '\u{61c}'));
    let visible = |c: &char| !c.is_whitespace() && !is_invisible(*c);
    let start_ok =
        mark(trimmed.chars().next()) || trimmed.chars().find(visible).is_some_and(is_rtl);
    let end_ok = mark(trimmed.chars().next_back())
        || trimmed.chars().rev().find(visible).is_some_and(|c| {
            is_rtl(c) || c.is_ascii_digit() || ('\u{6f0}'..='\u{6f9}').contains(&c)
        });
    (start_ok, end_ok)
}
