//! Language and script rules: punctuation a language's style guide forbids (anywhere, or at the
//! end of a line), Latin punctuation in Arabic-script text, a space before Arabic punctuation,
//! three dots for an ellipsis, RTL lines whose ends will display on the wrong side, Persian words
//! that lost their ZWNJ, and characters outside a platform's character set.
//!
//! Which of these apply comes from the resolved profile (`punct_*`, `ellipsis_char`, `direction`
//! with `rtl_marks`, `zwnj`, `charset`), so a language's rules live in the profile data, not here.
//!
//! RTL: many players lay a line out left-to-right unless told otherwise. A line with
//! right-to-left letters then shows a neutral first or last character (`-`, `.`, `?`, `«`, `…`)
//! or a leading number or Latin word on the wrong side. A line is fine when its first and last
//! visible characters are RTL letters (a trailing number also resolves correctly after RTL text),
//! when it starts with RLE/RLO/RLI (the whole line is embedded right-to-left), or when the
//! offending end carries an RLM/ALM mark.

use super::{FindingCue, Sink, args};
use crate::diag::rules;
use crate::platform::Charset;
use crate::platform::bidi::{is_arabic_letter, is_rtl, line_ends_resolve};
use crate::platform::count::is_invisible;
use crate::platform::limits::{Direction, Limits};

pub(super) struct ScriptRules<'a> {
    limits: &'a Limits,
    forbidden: Option<Vec<char>>,
    line_end: Option<Vec<char>>,
    no_space_before: Option<Vec<char>>,
    arabic_punct: bool,
    ellipsis: bool,
    rtl: bool,
    zwnj: bool,
    charset: Option<Charset>,
}

/// Characters a finding may list at most (the count says how many there were).
const MAX_LISTED: usize = 16;

impl<'a> ScriptRules<'a> {
    pub fn new(limits: &'a Limits, sink: &Sink) -> Self {
        let set = |s: Option<&String>, rule: &str| {
            s.map(|s| s.chars().collect::<Vec<char>>())
                .filter(|s| !s.is_empty() && sink.on(rule))
        };
        let flag = |v: Option<bool>, rule: &str| v == Some(true) && sink.on(rule);
        ScriptRules {
            limits,
            forbidden: set(limits.punct_forbidden.get(), rules::PUNCT_FORBIDDEN),
            line_end: set(limits.punct_line_end.get(), rules::PUNCT_LINE_END),
            no_space_before: set(
                limits.punct_no_space_before.get(),
                rules::PUNCT_SPACE_BEFORE,
            ),
            arabic_punct: flag(
                limits.punct_arabic_script.copied(),
                rules::PUNCT_ARABIC_SCRIPT,
            ),
            ellipsis: flag(limits.ellipsis_char.copied(), rules::PUNCT_ELLIPSIS),
            rtl: limits.direction.copied() == Some(Direction::Rtl)
                && flag(limits.rtl_marks.copied(), rules::RTL_LINE_END_MARK),
            zwnj: flag(limits.zwnj.copied(), rules::TEXT_ZWNJ_STRIPPED),
            charset: limits
                .charset
                .copied()
                .filter(|_| sink.on(rules::CHARSET_INVALID)),
        }
    }

    fn any(&self) -> bool {
        self.forbidden.is_some()
            || self.line_end.is_some()
            || self.no_space_before.is_some()
            || self.arabic_punct
            || self.ellipsis
            || self.rtl
            || self.zwnj
            || self.charset.is_some()
    }

    /// Reports the script and punctuation problems of one cue's plain text: per-cue tallies,
    /// per-line findings, the ASCII ellipsis and the charset.
    pub fn check(&self, at: FindingCue, plain: &str, sink: &mut Sink) {
        if !self.any() {
            return;
        }
        // Punctuation rules report once per cue: the characters found, the line of the first,
        // and how many there were.
        let mut tallies: Vec<Tally> = Vec::new();
        let mut ellipsis_line = None;
        for (i, line) in plain.split('\n').enumerate() {
            let no = i + 1;
            self.tally_punct(line, no, &mut tallies);
            if self.ellipsis && ellipsis_line.is_none() && line.contains("...") {
                ellipsis_line = Some(no);
            }
            self.line_findings(at, line, no, sink);
        }
        self.emit_tallies(tallies, at, sink);
        if let Some(no) = ellipsis_line {
            sink.emit_limit(
                rules::PUNCT_ELLIPSIS,
                &self.limits.ellipsis_char,
                at,
                args![("cue_line", no.to_string())],
            );
        }
        if let Some(cs) = self.charset {
            self.charset_check(cs, at, plain, sink);
        }
    }

    /// Counts the punctuation of line `no` that the per-cue rules report: forbidden marks, Latin
    /// marks in Arabic script, a space before a mark that takes none.
    fn tally_punct(&self, line: &str, no: usize, tallies: &mut Vec<Tally>) {
        if let Some(set) = &self.forbidden {
            for_each_punct(line, set, |c| tally(tallies, rules::PUNCT_FORBIDDEN, c, no));
        }
        if self.arabic_punct && line.chars().any(is_arabic_letter) {
            for_each_punct(line, &[',', '?', ';'], |c| {
                tally(tallies, rules::PUNCT_ARABIC_SCRIPT, c, no)
            });
        }
        if let Some(set) = &self.no_space_before {
            let mut prev = '\0';
            for c in line.chars() {
                if set.contains(&c) && matches!(prev, ' ' | '\u{a0}') {
                    tally(tallies, rules::PUNCT_SPACE_BEFORE, c, no);
                }
                prev = c;
            }
        }
    }

    /// The rules reported per line: punctuation at the line end, a missing right-to-left mark,
    /// a stripped ZWNJ.
    fn line_findings(&self, at: FindingCue, line: &str, no: usize, sink: &mut Sink) {
        if let Some(set) = &self.line_end
            && let Some(c) = line_end_punct(line, set)
        {
            sink.emit_limit(
                rules::PUNCT_LINE_END,
                &self.limits.punct_line_end,
                at,
                args![("char", c.to_string()), ("cue_line", no.to_string())],
            );
        }
        if self.rtl
            && let Some(side) = rtl_problem(line)
        {
            sink.emit_limit(
                rules::RTL_LINE_END_MARK,
                &self.limits.rtl_marks,
                at,
                args![("side", side.to_string()), ("cue_line", no.to_string())],
            );
        }
        if self.zwnj {
            for (word, suggestion) in zwnj_problems(line) {
                sink.emit_limit(
                    rules::TEXT_ZWNJ_STRIPPED,
                    &self.limits.zwnj,
                    at,
                    args![
                        ("word", word),
                        ("suggestion", suggestion),
                        ("cue_line", no.to_string()),
                    ],
                );
            }
        }
    }

    /// One finding per punctuation rule that counted something in the cue.
    fn emit_tallies(&self, tallies: Vec<Tally>, at: FindingCue, sink: &mut Sink) {
        for t in tallies {
            let mut args = args![
                ("chars", join_chars(t.chars.iter().copied())),
                ("cue_line", t.line.to_string()),
                ("count", t.count.to_string()),
            ];
            if t.rule == rules::PUNCT_ARABIC_SCRIPT {
                let expected = join_chars(t.chars.iter().map(|&c| arabic_equivalent(c)));
                args.push(("expected".to_string(), expected));
                sink.emit_limit(t.rule, &self.limits.punct_arabic_script, at, args);
            } else if t.rule == rules::PUNCT_SPACE_BEFORE {
                sink.emit_limit(t.rule, &self.limits.punct_no_space_before, at, args);
            } else {
                sink.emit_limit(t.rule, &self.limits.punct_forbidden, at, args);
            }
        }
    }

    fn charset_check(&self, cs: Charset, at: FindingCue, plain: &str, sink: &mut Sink) {
        let mut listed: Vec<char> = Vec::new();
        let mut count = 0usize;
        for c in plain.chars().filter(|&c| c != '\n' && !cs.allows(c)) {
            count += 1;
            if listed.len() < MAX_LISTED && !listed.contains(&c) {
                listed.push(c);
            }
        }
        if count == 0 {
            return;
        }
        let chars: Vec<String> = listed.into_iter().map(show_char).collect();
        sink.emit_limit(
            rules::CHARSET_INVALID,
            &self.limits.charset,
            at,
            args![
                ("chars", chars.join(" ")),
                ("count", count.to_string()),
                ("charset", cs.name().to_string()),
            ],
        );
    }
}

/// What one punctuation rule found in a cue.
struct Tally {
    rule: &'static str,
    /// Distinct characters, in order of first appearance.
    chars: Vec<char>,
    /// 1-based line (within the cue) of the first one.
    line: usize,
    count: usize,
}

fn tally(t: &mut Vec<Tally>, rule: &'static str, c: char, line: usize) {
    match t.iter_mut().find(|x| x.rule == rule) {
        Some(x) => {
            x.count += 1;
            if !x.chars.contains(&c) {
                x.chars.push(c);
            }
        }
        None => t.push(Tally {
            rule,
            chars: vec![c],
            line,
            count: 1,
        }),
    }
}

/// Characters for a message, separated by spaces (`， 。`).
fn join_chars(chars: impl Iterator<Item = char>) -> String {
    let mut s = String::new();
    for c in chars {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push(c);
    }
    s
}

/// Calls `f` for each character of `set` in `line` that is punctuation: a `.` or `,` between
/// digits is a number (3.5, 1,000) and a run of dots is an ellipsis (its own rule).
fn for_each_punct(line: &str, set: &[char], mut f: impl FnMut(char)) {
    let mut prev = '\0';
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied().unwrap_or('\0');
        if set.contains(&c) {
            let in_number =
                matches!(c, '.' | ',') && prev.is_ascii_digit() && next.is_ascii_digit();
            let in_dots = c == '.' && (prev == '.' || next == '.');
            if !in_number && !in_dots {
                f(c);
            }
        }
        prev = c;
    }
}

/// The last visible character of a line when it is in `set` (a trailing `...` is an ellipsis,
/// not a period).
fn line_end_punct(line: &str, set: &[char]) -> Option<char> {
    let mut rev = line
        .chars()
        .rev()
        .filter(|&c| !c.is_whitespace() && !is_invisible(c));
    let last = rev.next()?;
    if !set.contains(&last) || (last == '.' && rev.next() == Some('.')) {
        return None;
    }
    Some(last)
}

fn arabic_equivalent(c: char) -> char {
    match c {
        ',' => '،',
        '?' => '؟',
        ';' => '؛',
        other => other,
    }
}

/// Which end of an RTL line would display on the wrong side: `start`, `end` or `both`.
fn rtl_problem(line: &str) -> Option<&'static str> {
    if !line.chars().any(is_rtl) {
        return None;
    }
    let trimmed = line.trim_matches(char::is_whitespace);
    let first = trimmed.chars().next();
    let embedded = matches!(first, Some('\u{202b}' | '\u{202e}' | '\u{2067}'));
    if embedded {
        return None;
    }
    match line_ends_resolve(trimmed) {
        (true, true) => None,
        (false, true) => Some("start"),
        (true, false) => Some("end"),
        (false, false) => Some("both"),
    }
}

/// Verb stems that follow the Persian continuous prefix می / نمی (written with a ZWNJ).
const VERB_STEMS: &[&str] = &[
    "شود",
    "شوند",
    "شوم",
    "شوی",
    "شویم",
    "شوید",
    "شد",
    "کنم",
    "کنی",
    "کند",
    "کنیم",
    "کنید",
    "کنند",
    "کرد",
    "کردم",
    "کردی",
    "کردیم",
    "کردید",
    "کردند",
    "خواهم",
    "خواهی",
    "خواهد",
    "خواهیم",
    "خواهید",
    "خواهند",
    "خواست",
    "خواستم",
    "دانم",
    "دانی",
    "داند",
    "دانیم",
    "دانید",
    "دانند",
    "دانست",
    "دانستم",
    "گویم",
    "گویی",
    "گوید",
    "گوییم",
    "گویید",
    "گویند",
    "گفت",
    "گفتم",
    "روم",
    "روی",
    "رود",
    "رویم",
    "روید",
    "روند",
    "رفت",
    "رفتم",
    "آیم",
    "آیی",
    "آید",
    "آییم",
    "آیید",
    "آیند",
    "آمد",
    "آمدم",
    "بینم",
    "بینی",
    "بیند",
    "بینیم",
    "بینید",
    "بینند",
    "دید",
    "دیدم",
    "توانم",
    "توانی",
    "تواند",
    "توانیم",
    "توانید",
    "توانند",
    "توانست",
    "توانستم",
    "زنم",
    "زنی",
    "زند",
    "زنیم",
    "زنید",
    "زنند",
    "زد",
    "گیرم",
    "گیری",
    "گیرد",
    "گیریم",
    "گیرید",
    "گیرند",
    "گرفت",
    "دهم",
    "دهی",
    "دهد",
    "دهیم",
    "دهید",
    "دهند",
    "داد",
    "دادم",
    "خورم",
    "خورد",
    "خورند",
    "رسم",
    "رسد",
    "رسند",
    "مانم",
    "ماند",
    "سازم",
    "سازد",
    "سازند",
    "نویسم",
    "نویسد",
    "شناسم",
    "شناسد",
    "شناسی",
    "فهمم",
    "فهمی",
    "فهمد",
    "ترسم",
    "ترسی",
    "ترسد",
];

/// The plural suffix and its forms, written after a ZWNJ (کتاب‌ها).
const PLURALS: &[&str] = &[
    "ها",
    "های",
    "هایی",
    "هایم",
    "هایت",
    "هایش",
    "هایمان",
    "هایتان",
    "هایشان",
];

const ZWNJ: char = '\u{200c}';

/// Persian words that need a ZWNJ but were written with a space (می شود, کتاب ها) or joined
/// (میشود): (as written, as it should be).
fn zwnj_problems(line: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let tokens: Vec<&str> = line
        .split([' ', '\u{a0}'])
        .filter(|t| !t.is_empty())
        .collect();
    let core = |t: &str| -> String {
        t.trim_matches(|c: char| !is_arabic_letter(c) && c != ZWNJ)
            .to_string()
    };
    // A token that ends in a letter (no punctuation after it) can join the next one.
    let ends_in_letter = |t: &str| t.chars().next_back().is_some_and(is_arabic_letter);
    for (i, tok) in tokens.iter().enumerate() {
        let word = core(tok);
        if word.is_empty() {
            continue;
        }
        let next = tokens.get(i + 1).map(|t| core(t)).unwrap_or_default();
        if (word == "می" || word == "نمی")
            && ends_in_letter(tok)
            && next.chars().next().is_some_and(is_arabic_letter)
        {
            out.push((format!("{word} {next}"), format!("{word}{ZWNJ}{next}")));
            continue;
        }
        let joined = ["نمی", "می"]
            .iter()
            .find_map(|p| word.strip_prefix(p).map(|rest| (*p, rest)))
            .filter(|(_, rest)| VERB_STEMS.contains(rest));
        if let Some((prefix, rest)) = joined {
            out.push((word.clone(), format!("{prefix}{ZWNJ}{rest}")));
            continue;
        }
        if PLURALS.contains(&word.as_str()) && i > 0 {
            let prev_tok = tokens.get(i - 1).copied().unwrap_or("");
            // «ها؟» is the interjection "huh?", not a suffix.
            let interjection = tok.ends_with(['؟', '?', '!']);
            if ends_in_letter(prev_tok) && !interjection && tok.starts_with(word.as_str()) {
                let prev = core(prev_tok);
                if prev != "می" && prev != "نمی" {
                    out.push((format!("{prev} {word}"), format!("{prev}{ZWNJ}{word}")));
                }
            }
        }
    }
    out
}

/// A character as a report shows it: itself, or `U+XXXX` when it is invisible.
fn show_char(c: char) -> String {
    if c.is_whitespace() || c.is_control() || is_invisible(c) {
        format!("U+{:04X}", c as u32)
    } else {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::{rtl_problem, zwnj_problems};
    use crate::check::tests::{find, limits, run, track};
    use crate::diag::{Severity, rules};

    #[test]
    fn zh_hans_no_comma_or_period() {
        let l = limits("netflix", "zh-Hans");
        assert!(
            find(
                &run(&track(&[(0, 2000, "你好 我们走吧")]), &l),
                rules::PUNCT_FORBIDDEN
            )
            .is_empty()
        );
        // Numbers and ellipses are not commas or periods.
        assert!(
            find(
                &run(&track(&[(0, 3000, "3.5 公斤 1,000 元...")]), &l),
                rules::PUNCT_FORBIDDEN
            )
            .is_empty()
        );
        let d = run(&track(&[(0, 3000, "你好，我们走吧。\n好，走")]), &l);
        let f = find(&d, rules::PUNCT_FORBIDDEN);
        // One finding per cue, listing what it found.
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].get_arg("chars"), Some("， 。"));
        assert_eq!(f[0].get_arg("count"), Some("3"));
        assert_eq!(f[0].get_arg("cue_line"), Some("1"));
        assert_eq!(f[0].severity, Severity::Warning);
        // Not a rule outside Netflix's guide.
        assert!(find(&d, rules::PUNCT_LINE_END).is_empty());
        let g = limits("generic", "zh-Hans");
        assert!(
            find(
                &run(&track(&[(0, 3000, "你好，我们走吧。")]), &g),
                rules::PUNCT_FORBIDDEN
            )
            .is_empty()
        );
    }

    #[test]
    fn thai_no_period_or_question_mark() {
        let l = limits("netflix", "th");
        let d = run(&track(&[(0, 3000, "ไปไหน?")]), &l);
        assert_eq!(
            find(&d, rules::PUNCT_FORBIDDEN)[0].get_arg("chars"),
            Some("?")
        );
        assert!(
            find(
                &run(&track(&[(0, 3000, "ไปไหน")]), &l),
                rules::PUNCT_FORBIDDEN
            )
            .is_empty()
        );
    }

    #[test]
    fn line_end_punctuation() {
        let l = limits("netflix", "zh-Hant");
        let d = run(&track(&[(0, 3000, "我們走，\n好嗎")]), &l);
        let f = find(&d, rules::PUNCT_LINE_END);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].get_arg("char"), Some("，"));
        assert_eq!(f[0].get_arg("cue_line"), Some("1"));
        // Inside the line is fine.
        assert!(
            find(
                &run(&track(&[(0, 3000, "我們走，好嗎")]), &l),
                rules::PUNCT_LINE_END
            )
            .is_empty()
        );
        // Korean: no period at the end; a trailing ellipsis is not a period.
        let l = limits("netflix", "ko");
        assert_eq!(
            find(
                &run(&track(&[(0, 3000, "안녕하세요.")]), &l),
                rules::PUNCT_LINE_END
            )
            .len(),
            1
        );
        let d = run(&track(&[(0, 3000, "안녕하세요...")]), &l);
        assert!(find(&d, rules::PUNCT_LINE_END).is_empty());
        assert_eq!(find(&d, rules::PUNCT_ELLIPSIS).len(), 1);
    }

    #[test]
    fn arabic_script_punctuation() {
        let l = limits("netflix", "ar");
        let d = run(&track(&[(0, 3000, "\u{200f}ماذا, تريد?\u{200f}")]), &l);
        let f = find(&d, rules::PUNCT_ARABIC_SCRIPT);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].get_arg("chars"), Some(", ?"));
        assert_eq!(f[0].get_arg("expected"), Some("، ؟"));
        assert_eq!(f[0].get_arg("count"), Some("2"));
        assert!(
            find(
                &run(&track(&[(0, 3000, "\u{200f}ماذا، تريد؟")]), &l),
                rules::PUNCT_ARABIC_SCRIPT
            )
            .is_empty()
        );
        // Latin text in an Arabic file keeps Latin punctuation.
        assert!(
            find(
                &run(&track(&[(0, 3000, "OK, fine?")]), &l),
                rules::PUNCT_ARABIC_SCRIPT
            )
            .is_empty()
        );
        // Persian too (IND: a warning either way).
        let d = run(
            &track(&[(0, 3000, "\u{200f}چی, گفتی")]),
            &limits("generic", "fa"),
        );
        let f = find(&d, rules::PUNCT_ARABIC_SCRIPT);
        assert_eq!(f[0].severity, Severity::Warning);
        let e = crate::check::limit_entry(&limits("generic", "fa"), f[0].rule).unwrap();
        assert_eq!(e.status, crate::platform::Evidence::Ind);
    }

    #[test]
    fn arabic_no_space_before_punctuation() {
        let l = limits("netflix", "ar");
        let d = run(&track(&[(0, 3000, "ماذا تريد ؟")]), &l);
        let f = find(&d, rules::PUNCT_SPACE_BEFORE);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].get_arg("chars"), Some("؟"));
        assert!(
            find(
                &run(&track(&[(0, 3000, "ماذا تريد؟")]), &l),
                rules::PUNCT_SPACE_BEFORE
            )
            .is_empty()
        );
    }

    #[test]
    fn ellipsis_character() {
        let l = limits("netflix", "de");
        let d = run(&track(&[(0, 3000, "Warte...\nnein")]), &l);
        let f = find(&d, rules::PUNCT_ELLIPSIS);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].get_arg("cue_line"), Some("1"));
        assert!(
            find(
                &run(&track(&[(0, 3000, "Warte…")]), &l),
                rules::PUNCT_ELLIPSIS
            )
            .is_empty()
        );
        // Two dots are not an ellipsis; English has no such rule.
        assert!(
            find(
                &run(&track(&[(0, 3000, "Warte..")]), &l),
                rules::PUNCT_ELLIPSIS
            )
            .is_empty()
        );
        assert!(
            find(
                &run(&track(&[(0, 3000, "Wait...")]), &limits("netflix", "en")),
                rules::PUNCT_ELLIPSIS
            )
            .is_empty()
        );
    }

    #[test]
    fn rtl_line_ends() {
        // Letters at both ends: fine.
        assert_eq!(rtl_problem("سلام دنیا"), None);
        assert_eq!(rtl_problem("שלום"), None);
        // Neutral punctuation at the end or a dialogue dash at the start.
        assert_eq!(rtl_problem("سلام."), Some("end"));
        assert_eq!(rtl_problem("- سلام"), Some("start"));
        assert_eq!(rtl_problem("«سلام»"), Some("both"));
        assert_eq!(rtl_problem("OK سلام"), Some("start"));
        // A trailing number resolves after RTL text; a leading one does not (but Arabic-Indic does).
        assert_eq!(rtl_problem("سال 2024"), None);
        assert_eq!(rtl_problem("سال ۱۴۰۳"), None);
        assert_eq!(rtl_problem("2024 سال"), Some("start"));
        assert_eq!(rtl_problem("٢٠ سنة"), None);
        // Marks: RLM at the offending end, or an RLE/RLI embedding for the whole line.
        assert_eq!(rtl_problem("سلام.\u{200f}"), None);
        assert_eq!(rtl_problem("\u{200f}- سلام"), None);
        assert_eq!(rtl_problem("\u{200f}- سلام."), Some("end"));
        assert_eq!(rtl_problem("\u{202b}- سلام.\u{202c}"), None);
        assert_eq!(rtl_problem("\u{2067}- سلام.\u{2069}"), None);
        // No RTL letters: not an RTL line.
        assert_eq!(rtl_problem("- Hello."), None);
        // Through check: Persian, with the line and side.
        let d = run(
            &track(&[(0, 3000, "سلام\n- خوبی")]),
            &limits("netflix", "fa"),
        );
        let f = find(&d, rules::RTL_LINE_END_MARK);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].get_arg("side"), Some("start"));
        assert_eq!(f[0].get_arg("cue_line"), Some("2"));
        // Not for LTR languages.
        assert!(
            find(
                &run(&track(&[(0, 3000, "- سلام")]), &limits("netflix", "en")),
                rules::RTL_LINE_END_MARK
            )
            .is_empty()
        );
    }

    #[test]
    fn persian_zwnj() {
        let z = |s: &str| zwnj_problems(s);
        assert_eq!(
            z("این می شود"),
            vec![("می شود".to_string(), "می\u{200c}شود".to_string())]
        );
        assert_eq!(
            z("نمیدانم چرا"),
            vec![("نمیدانم".to_string(), "نمی\u{200c}دانم".to_string())]
        );
        assert_eq!(
            z("این کتاب ها را"),
            vec![("کتاب ها".to_string(), "کتاب\u{200c}ها".to_string())]
        );
        // Correct forms and ordinary words starting with می are left alone.
        assert!(z("می\u{200c}شود کتاب\u{200c}ها میراث میز مینا").is_empty());
        // «ها؟» is an interjection.
        assert!(z("چی گفتی ها؟").is_empty());
        // Punctuation between words stops the join.
        assert!(z("گفتم می، شود").is_empty());
        let d = run(
            &track(&[(0, 3000, "\u{200f}این می شود")]),
            &limits("netflix", "fa"),
        );
        let f = find(&d, rules::TEXT_ZWNJ_STRIPPED);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].get_arg("suggestion"), Some("می\u{200c}شود"));
        assert!(
            find(
                &run(&track(&[(0, 3000, "این می شود")]), &limits("netflix", "ar")),
                rules::TEXT_ZWNJ_STRIPPED
            )
            .is_empty()
        );
    }

    #[test]
    fn charset() {
        let l = limits("bbc_broadcast", "en");
        assert!(
            find(
                &run(&track(&[(0, 3000, "It's £5, isn't it?")]), &l),
                rules::CHARSET_INVALID
            )
            .is_empty()
        );
        let d = run(&track(&[(0, 3000, "Café, café\u{200f} — €")]), &l);
        let f = find(&d, rules::CHARSET_INVALID);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].get_arg("chars"), Some("é U+200F — €"));
        assert_eq!(f[0].get_arg("count"), Some("5"));
        assert_eq!(f[0].get_arg("charset"), Some("bbc_broadcast"));
        assert_eq!(f[0].severity, Severity::Error);
        // CEA-608 is IND: a warning.
        let d = run(&track(&[(0, 3000, "€")]), &limits("cea608_scc", "en"));
        assert_eq!(
            find(&d, rules::CHARSET_INVALID)[0].severity,
            Severity::Warning
        );
        // Netflix's glyph list is not in the reference: no charset check.
        assert!(
            find(
                &run(&track(&[(0, 3000, "€ 🎵")]), &limits("netflix", "en")),
                rules::CHARSET_INVALID
            )
            .is_empty()
        );
    }
}
