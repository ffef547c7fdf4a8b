//! Joining a cue's lines before they are broken again, and recognising dialogue: a line that
//! starts with a dash opens a speaker's turn, and each turn keeps a line of its own (two
//! speakers are never merged onto one line). Joining works on the plain text as edits, so rich
//! text keeps its markup (see `edit`).

use super::edit::{Edit, Place};
use super::script::{is_break_space, is_cjk};
use crate::platform::count::is_invisible;

pub(super) fn has_text(line: &str) -> bool {
    line.chars().any(|c| !c.is_whitespace() && !is_invisible(c))
}

/// Dashes that open a speaker's turn in dialogue.
pub(super) fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}'
    )
}

/// Whether a line starts a speaker's turn: a dash (not `--`, not a minus sign before a digit)
/// followed by text.
pub(super) fn starts_turn(line: &str) -> bool {
    let mut chars = line
        .trim_start_matches(|c: char| c.is_whitespace() || is_invisible(c))
        .chars();
    let Some(d) = chars.next() else {
        return false;
    };
    if !is_dash(d) {
        return false;
    }
    let rest: String = chars.collect();
    let next = rest.chars().next();
    if next.is_some_and(is_dash) || (d == '-' && next.is_some_and(|c| c.is_ascii_digit())) {
        return false;
    }
    has_text(&rest)
}

pub(super) const SENTENCE_END: &str = ".!?。！？؟‼⁉";
pub(super) const CLOSERS: &str = "\"'”’»)]」』）】〕〉》";

/// Byte offset and text of each line of `text`.
pub(super) fn line_spans(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0usize;
    for line in text.split('\n') {
        out.push((at, line));
        at += line.len() + 1;
    }
    out
}

/// Where each speaker's turn starts in dialogue, as line indexes into `visible` (always
/// including 0); `None` when the text is not dialogue.
pub(super) fn dialogue_turns(visible: &[&str]) -> Option<Vec<usize>> {
    if visible.len() < 2 || !visible.iter().skip(1).any(|l| starts_turn(l)) {
        return None;
    }
    let mut turns = vec![0];
    turns.extend((1..visible.len()).filter(|&i| visible.get(i).is_some_and(|l| starts_turn(l))));
    Some(turns)
}

/// Edits that join the lines of `text` into one line per speaker's turn: blank lines before
/// and after the text go, a turn boundary stays a line break, other breaks become a space
/// (nothing next to a CJK character). In dialogue whose first line starts with a dash, a second
/// turn written on the same line (`-Hi. -Hello.`) gets a line of its own.
pub(super) fn plan_joins(text: &str) -> Vec<Edit> {
    let spans: Vec<(usize, &str)> = line_spans(text)
        .into_iter()
        // Only white space makes a line blank: a line holding just a mark is kept.
        .filter(|(_, l)| l.chars().any(|c| !c.is_whitespace()))
        .collect();
    let mut edits = Vec::new();
    let (Some(&(first_at, _)), Some(&(last_at, last))) = (spans.first(), spans.last()) else {
        return edits;
    };
    if first_at > 0 {
        edits.push(Edit::new(0..first_at, "", Place::Break));
    }
    let lines: Vec<&str> = spans.iter().map(|(_, l)| *l).collect();
    let turns = dialogue_turns(&lines);
    let dialogue = turns.is_some() || lines.first().is_some_and(|l| starts_turn(l));
    for (i, pair) in spans.windows(2).enumerate() {
        let [(a_at, a), (b_at, b)] = pair else {
            continue;
        };
        if dialogue {
            split_inline_turns(a, *a_at, &mut edits);
        }
        let a_end = a_at + a.trim_end_matches(is_break_space).len();
        let b_start = b_at + (b.len() - b.trim_start_matches(is_break_space).len());
        let new_turn = turns.as_ref().is_some_and(|t| t.contains(&(i + 1)));
        let insert = if new_turn {
            "\n"
        } else {
            let before = text.get(..a_end).and_then(|s| s.chars().next_back());
            let after = text.get(b_start..).and_then(|s| s.chars().next());
            if before.is_some_and(is_cjk) || after.is_some_and(is_cjk) {
                ""
            } else {
                " "
            }
        };
        edits.push(Edit::new(a_end..b_start, insert, Place::Break));
    }
    if dialogue {
        split_inline_turns(last, last_at, &mut edits);
    }
    let end = last_at + last.len();
    if end < text.len() {
        edits.push(Edit::new(end..text.len(), "", Place::Break));
    }
    edits
}

/// In dialogue, `… end. -Next speaker` on one line: the spaces before the dash become a break.
fn split_inline_turns(line: &str, at: usize, edits: &mut Vec<Edit>) {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut i = 0usize;
    while i < chars.len() {
        let Some(&(ws_start, c)) = chars.get(i) else {
            break;
        };
        if !is_break_space(c) || i == 0 {
            i += 1;
            continue;
        }
        let mut j = i;
        while chars.get(j).is_some_and(|&(_, c)| is_break_space(c)) {
            j += 1;
        }
        let prev = chars
            .get(..i)
            .unwrap_or(&[])
            .iter()
            .rev()
            .map(|&(_, c)| c)
            .find(|c| !CLOSERS.contains(*c));
        let ends_sentence = prev.is_some_and(|c| SENTENCE_END.contains(c) || c == '…');
        if let Some(&(ws_end, _)) = chars.get(j)
            && ends_sentence
            && line.get(ws_end..).is_some_and(starts_turn)
        {
            edits.push(Edit::new(at + ws_start..at + ws_end, "\n", Place::Break));
        }
        i = j;
    }
}
