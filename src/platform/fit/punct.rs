//! Punctuation the language rules name, normalised in ways that cannot change meaning
//! (docs/platforms.md §3.1): three dots → `…`; Arabic-script `،` `؟` `؛`; Simplified Chinese commas
//! and periods → one space ("Do not use commas or periods. Use one single space instead."), and
//! the Thai period → a space ("a single space separates sentences"); no space before Arabic
//! punctuation; no `、，。` (zh-Hant) or `.,` (ko) at the end of a line; and the dialogue dash
//! spacing where the language's guide states it (en `-Text`; ko, th, vi `- Text`).
//!
//! Each step returns edits on the plain text, so `fix` records one change per rule and applies
//! them to rich text with markup kept in place. What the step cannot rewrite safely (a forbidden
//! `?` in Thai) is left for `check` to report.

use super::edit::{Edit, Place};
use super::join::{dialogue_turns, is_dash, starts_turn};
use super::rtl;
use crate::platform::count::is_invisible;
use crate::platform::limits::Limits;

/// The punctuation rules of one profile and language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PunctRules {
    /// `...` → `…`.
    pub ellipsis_char: bool,
    /// `,` `?` `;` → `،` `؟` `؛` in lines with Arabic letters.
    pub arabic_script: bool,
    /// Characters the language does not use; of these `,` `.` `，` `。` become a space.
    pub forbidden: String,
    /// Characters removed from the end of a line.
    pub line_end: String,
    /// Characters that take no space before them.
    pub no_space_before: String,
    /// Dialogue dash style: `Some(true)` = `- Text`, `Some(false)` = `-Text`, `None` = as written.
    pub dash_space: Option<bool>,
}

impl PunctRules {
    /// The rules a resolved profile gives for `lang`.
    pub fn from_limits(limits: &Limits, lang: &str) -> Self {
        let text =
            |l: &crate::platform::limits::Limit<String>| l.get().cloned().unwrap_or_default();
        PunctRules {
            ellipsis_char: limits.ellipsis_char.copied() == Some(true),
            arabic_script: limits.punct_arabic_script.copied() == Some(true)
                && rtl::is_arabic_script_lang(lang),
            forbidden: text(&limits.punct_forbidden),
            line_end: text(&limits.punct_line_end),
            no_space_before: text(&limits.punct_no_space_before),
            dash_space: dash_space(lang),
        }
    }
}

/// The dialogue dash spacing a language's own guide states (docs/platforms.md §3.1, DOC): English
/// "-Are you coming?" without a space; Korean, Thai and Vietnamese with one. Others (including
/// the Subtitle Edit defaults and Russian, where page and tool disagree) stay as written.
pub fn dash_space(lang: &str) -> Option<bool> {
    let primary = lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match primary.as_str() {
        "en" => Some(false),
        "ko" | "th" | "vi" => Some(true),
        _ => None,
    }
}

/// Calls `f(line_offset, line)` for each line of `plain`.
fn for_lines(plain: &str, mut f: impl FnMut(usize, &str)) {
    let mut at = 0usize;
    for line in plain.split('\n') {
        f(at, line);
        at += line.len() + 1;
    }
}

/// Runs of three or more dots: each group of three becomes `…` (a fourth dot stays a period).
pub(super) fn ellipsis_edits(plain: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    let bytes = plain.as_bytes();
    let mut i = 0usize;
    while i < bytes.len() {
        if bytes.get(i) != Some(&b'.') {
            i += 1;
            continue;
        }
        let start = i;
        while bytes.get(i) == Some(&b'.') {
            i += 1;
        }
        let mut s = start;
        while i - s >= 3 {
            edits.push(Edit::new(s..s + 3, "…", Place::BeforeNext));
            s += 3;
        }
    }
    edits
}

pub(super) fn arabic_edits(plain: &str) -> Vec<Edit> {
    rtl::arabic_punct_edits(plain)
}

/// Forbidden `,` `.` `，` `。` → one space (nothing at a line edge, next to a space or before
/// closing punctuation). A `.` or `,` between digits is a number; a run of dots an ellipsis.
pub(super) fn forbidden_edits(plain: &str, forbidden: &str) -> Vec<Edit> {
    let replaceable: Vec<char> = forbidden
        .chars()
        .filter(|c| matches!(c, ',' | '.' | '，' | '。'))
        .collect();
    let mut edits = Vec::new();
    if replaceable.is_empty() {
        return edits;
    }
    for_lines(plain, |at, line| {
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        let mut out_prev_space = true;
        for (k, &(i, c)) in chars.iter().enumerate() {
            let prev = k.checked_sub(1).and_then(|p| chars.get(p)).map(|&(_, c)| c);
            let next = chars.get(k + 1).map(|&(_, c)| c);
            let in_number = matches!(c, '.' | ',')
                && prev.is_some_and(|p| p.is_ascii_digit())
                && next.is_some_and(|n| n.is_ascii_digit());
            let in_dots = c == '.' && (prev == Some('.') || next == Some('.'));
            if !replaceable.contains(&c) || in_number || in_dots {
                out_prev_space = c.is_whitespace();
                continue;
            }
            // What follows once the following replaceable characters are gone.
            let rest = chars
                .get(k + 1..)
                .unwrap_or(&[])
                .iter()
                .map(|&(_, c)| c)
                .find(|c| !replaceable.contains(c) && !is_invisible(*c));
            let bare = out_prev_space
                || rest.is_none_or(|n| n.is_whitespace() || "”’」』）)]»\"'".contains(n));
            let insert = if bare { "" } else { " " };
            if !bare {
                out_prev_space = true;
            }
            edits.push(Edit::new(
                at + i..at + i + c.len_utf8(),
                insert,
                Place::BeforeNext,
            ));
        }
    });
    edits
}

/// Spaces before a character of `set` are removed (not at the start of a line).
pub(super) fn space_before_edits(plain: &str, set: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    if set.is_empty() {
        return edits;
    }
    for_lines(plain, |at, line| {
        let mut run: Option<usize> = None;
        let mut seen_text = false;
        for (i, c) in line.char_indices() {
            if matches!(c, ' ' | '\u{a0}') {
                run.get_or_insert(i);
                continue;
            }
            if let Some(start) = run.take()
                && set.contains(c)
                && seen_text
            {
                edits.push(Edit::new(at + start..at + i, "", Place::AfterPrev));
            }
            seen_text |= !c.is_whitespace();
        }
    });
    edits
}

/// A line's last visible characters, while they are in `set`, go (with the spaces before
/// them). A trailing `...` is an ellipsis, not a period. A line is never emptied.
pub(super) fn line_end_edits(plain: &str, set: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    if set.is_empty() {
        return edits;
    }
    let visible = |c: char| !c.is_whitespace() && !is_invisible(c);
    for_lines(plain, |at, line| {
        let mut cut: Option<(usize, usize)> = None;
        let mut rest = line;
        while let Some((i, c)) = rest.char_indices().rev().find(|&(_, c)| visible(c)) {
            let before = rest.get(..i).unwrap_or("");
            if !set.contains(c) || (c == '.' && before.ends_with('.')) {
                break;
            }
            let start = before.trim_end_matches([' ', '\u{a0}']).len();
            if !before.get(..start).is_some_and(|s| s.chars().any(visible)) {
                break;
            }
            let end = cut.map_or(i + c.len_utf8(), |(_, e)| e);
            cut = Some((start, end));
            rest = rest.get(..start).unwrap_or("");
        }
        if let Some((start, end)) = cut {
            edits.push(Edit::new(at + start..at + end, "", Place::AfterPrev));
        }
    });
    edits
}

/// Dialogue dash spacing for each turn's dash.
pub(super) fn dash_edits(plain: &str, space: Option<bool>) -> Vec<Edit> {
    let mut edits = Vec::new();
    let Some(space) = space else {
        return edits;
    };
    let mut spans: Vec<(usize, &str)> = Vec::new();
    let mut at = 0usize;
    for line in plain.split('\n') {
        spans.push((at, line));
        at += line.len() + 1;
    }
    let lines: Vec<&str> = spans.iter().map(|(_, l)| *l).collect();
    let Some(turns) = dialogue_turns(&lines) else {
        return edits;
    };
    for t in turns {
        let Some(&(at, line)) = spans.get(t) else {
            continue;
        };
        if !starts_turn(line) {
            continue;
        }
        let Some((d, dash)) = line
            .char_indices()
            .find(|&(_, c)| !c.is_whitespace() && !is_invisible(c))
        else {
            continue;
        };
        if !is_dash(dash) {
            continue;
        }
        let after = d + dash.len_utf8();
        let rest = line.get(after..).unwrap_or("");
        let spaces = rest.len() - rest.trim_start_matches([' ', '\u{a0}']).len();
        match (space, spaces) {
            (true, 0) => edits.push(Edit::new(at + after..at + after, " ", Place::AfterPrev)),
            (true, 1) => {}
            (true, n) => edits.push(Edit::new(at + after..at + after + n, " ", Place::AfterPrev)),
            (false, 0) => {}
            (false, n) => edits.push(Edit::new(at + after..at + after + n, "", Place::AfterPrev)),
        }
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::fit::edit::apply_str;

    fn run(text: &str, edits: Vec<Edit>) -> String {
        apply_str(text, &edits)
    }

    #[test]
    fn ellipsis() {
        assert_eq!(
            run("Wait... what?", ellipsis_edits("Wait... what?")),
            "Wait… what?"
        );
        assert_eq!(run("So....", ellipsis_edits("So....")), "So….");
        assert_eq!(run("a......b", ellipsis_edits("a......b")), "a……b");
        assert_eq!(run("a.. b.", ellipsis_edits("a.. b.")), "a.. b.");
        assert!(ellipsis_edits("no dots").is_empty());
    }

    #[test]
    fn simplified_chinese_commas_and_periods_become_spaces() {
        let set = "，。,.";
        let t = "你好，我是小明。今天天气很好。";
        assert_eq!(
            run(t, forbidden_edits(t, set)),
            "你好 我是小明 今天天气很好"
        );
        // Numbers and ellipses stay; no double space; nothing before a closing quote.
        let t = "价格是3.5元，好吗？“走吧。”\n第二行，";
        assert_eq!(
            run(t, forbidden_edits(t, set)),
            "价格是3.5元 好吗？“走吧”\n第二行"
        );
        let t = "等等...好，";
        assert_eq!(run(t, forbidden_edits(t, set)), "等等...好");
        // Thai: the period becomes a space; the question mark is left for check to report.
        let t = "ไปกัน.เร็ว?";
        assert_eq!(run(t, forbidden_edits(t, ".?")), "ไปกัน เร็ว?");
    }

    #[test]
    fn no_space_before_arabic_punctuation() {
        let t = "نعم ، حسنا ؟\n ؟";
        assert_eq!(run(t, space_before_edits(t, "،؟!")), "نعم، حسنا؟\n ؟");
    }

    #[test]
    fn line_end_punctuation_removed() {
        let t = "我們走吧，\n好。\n等等...";
        assert_eq!(run(t, line_end_edits(t, "、，。")), "我們走吧\n好\n等等...");
        let t = "안녕하세요.\n네,";
        assert_eq!(run(t, line_end_edits(t, ".,")), "안녕하세요\n네");
        let t = "오늘...\n.";
        assert_eq!(run(t, line_end_edits(t, ".,")), "오늘...\n.");
        // A run of them goes at once (a second pass has nothing left to do).
        let t = "好了。，\u{202b} ";
        let once = run(t, line_end_edits(t, "、，。"));
        assert_eq!(once, "好了\u{202b} ");
        assert!(line_end_edits(&once, "、，。").is_empty());
    }

    #[test]
    fn dialogue_dash_spacing() {
        let t = "- Are you coming?\n-  Yes.";
        assert_eq!(
            run(t, dash_edits(t, Some(false))),
            "-Are you coming?\n-Yes."
        );
        let t = "-สวัสดี\n- ไป";
        assert_eq!(run(t, dash_edits(t, Some(true))), "- สวัสดี\n- ไป");
        // Not dialogue: a single line starting with a dash, or no dash style for the language.
        let t = "- Just one line";
        assert!(dash_edits(t, Some(false)).is_empty());
        assert!(dash_edits("- a\n- b", None).is_empty());
        assert_eq!(dash_space("en-US"), Some(false));
        assert_eq!(dash_space("fr"), None);
    }
}
