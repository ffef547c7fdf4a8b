//! Verifying a translation against the glossary (rules `glossary-missing-term`,
//! `glossary-forbidden-term`, `glossary-not-kept`).
//!
//! Source and translated cues are paired by id when both tracks have the same cues, otherwise by
//! timing overlap (a translated cue that merges two source cues serves both; a source cue split in
//! two is checked against both halves together). For every term found in a source cue, the paired
//! translated text must contain the approved rendering or one of its variants, must not contain a
//! forbidden rendering, and a `keep` term must appear kept (its per-language transliteration, or
//! the source form itself when none is given). One occurrence in the translation satisfies the
//! term however often it occurs in the source cue: counting would punish legitimate pronouns and
//! merged lines far more often than it would catch a real omission.
//!
//! Severity follows the entry's status: approved (and `keep` without an entry) → error, proposed →
//! warning; rejected entries and languages without an entry are not checked. Within one term, the
//! translated text is matched leftmost-longest over its own accepted and forbidden forms, so a
//! forbidden "Liuli crystal" is reported even though it contains the accepted "liuli".
//!
//! The translated side ignores invisible direction marks (LRM, RLM, ALM, embeddings,
//! overrides, isolates): `fix` puts an RLM at the end of every right-to-left line, so an
//! approved Persian rendering wrapped over two lines reads `پیمان<RLM>⏎لعاب`, and line breaks
//! already match as spaces. ZWNJ (U+200C) is not a direction mark but part of Persian spelling,
//! so it is kept and must match.

use std::borrow::Cow;
use std::sync::Arc;

use unic_langid::LanguageIdentifier;

use super::matcher::{Hit, Matcher, leftmost_longest, source_matcher};
use super::schema::{Glossary, Status, lang_serves};
use crate::diag::{Diagnostic, Severity, rules};
use crate::model::{Cue, CueKind, Track};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Accepted,
    Forbidden,
}

/// What one term requires in the checked language.
#[derive(Debug, Clone)]
struct Requirement {
    /// `glossary-missing-term` or `glossary-not-kept`; `None` when only forbidden forms apply.
    rule: Option<&'static str>,
    severity: Severity,
    /// The preferred rendering, for the message.
    expected: String,
    forbidden_severity: Severity,
}

fn severity_of(status: Status) -> Severity {
    match status {
        Status::Approved => Severity::Error,
        Status::Proposed | Status::Rejected => Severity::Warning,
    }
}

/// Invisible characters that only steer the bidi algorithm: LRM, RLM, ALM, the embeddings and
/// overrides (U+202A–U+202E) and the isolates (U+2066–U+2069). Never ZWNJ/ZWJ (word-internal).
fn is_direction_mark(c: char) -> bool {
    matches!(
        c,
        '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

/// Translated text (and target-side glossary forms) in matching form: direction marks removed.
fn strip_direction_marks(s: &str) -> Cow<'_, str> {
    if s.contains(is_direction_mark) {
        Cow::Owned(s.chars().filter(|&c| !is_direction_mark(c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// A glossary compiled for checking translations into one language.
#[derive(Debug, Clone)]
pub struct Compliance<'g> {
    glossary: &'g Glossary,
    lang: String,
    source: Matcher<usize>,
    target: Matcher<(usize, Role)>,
    requirements: Vec<Option<Requirement>>,
    /// `protected_forms` for `lang`, shared with the line breaker.
    keep_together: Arc<[String]>,
}

impl<'g> Compliance<'g> {
    pub fn new(glossary: &'g Glossary, lang: &str) -> Compliance<'g> {
        let mut patterns: Vec<(String, bool, (usize, Role))> = Vec::new();
        let mut requirements = Vec::new();
        for (i, term) in glossary.terms.iter().enumerate() {
            let sensitive = term.case_sensitive();
            let entry = term.target(lang).filter(|e| e.status != Status::Rejected);
            let rendering = entry.filter(|e| e.has_rendering());
            let (rule, severity, accepted): (Option<&'static str>, Severity, Vec<String>) =
                match (term.keep, rendering) {
                    (true, Some(e)) => (
                        Some(rules::GLOSSARY_NOT_KEPT),
                        severity_of(e.status),
                        e.accepted().map(str::to_string).collect(),
                    ),
                    (true, None) => (
                        Some(rules::GLOSSARY_NOT_KEPT),
                        Severity::Error,
                        term.source_forms().map(str::to_string).collect(),
                    ),
                    (false, Some(e)) => (
                        Some(rules::GLOSSARY_MISSING_TERM),
                        severity_of(e.status),
                        e.accepted().map(str::to_string).collect(),
                    ),
                    (false, None) => (None, Severity::Warning, Vec::new()),
                };
            let forbidden: Vec<String> = entry.map(|e| e.forbidden.clone()).unwrap_or_default();
            if rule.is_none() && forbidden.is_empty() {
                requirements.push(None);
                continue;
            }
            for f in &accepted {
                let form = strip_direction_marks(f).into_owned();
                patterns.push((form, sensitive, (i, Role::Accepted)));
            }
            for f in &forbidden {
                let form = strip_direction_marks(f).into_owned();
                patterns.push((form, sensitive, (i, Role::Forbidden)));
            }
            requirements.push(Some(Requirement {
                rule,
                severity,
                expected: accepted.first().cloned().unwrap_or_default(),
                forbidden_severity: entry.map_or(Severity::Error, |e| severity_of(e.status)),
            }));
        }
        Compliance {
            glossary,
            keep_together: protected_forms(glossary, lang).into(),
            lang: lang.to_string(),
            source: source_matcher(glossary),
            target: Matcher::new(patterns),
            requirements,
        }
    }

    /// The glossary's words no line of this language may break inside (`protected_forms`).
    pub fn keep_together(&self) -> Arc<[String]> {
        Arc::clone(&self.keep_together)
    }

    /// Findings for one translated track against its source. Each diagnostic points at the
    /// (first) paired translated cue; `path` is left for the caller.
    pub fn check(&self, source: &Track, translated: &Track) -> Vec<Diagnostic> {
        let pairs = pair_cues(source, translated);
        let mut out = Vec::new();
        for (si, scue) in source.cues.iter().enumerate() {
            if scue.kind() == CueKind::Comment {
                continue;
            }
            let splain = scue.text.to_plain();
            let hits = self.source.find(&splain);
            if hits.is_empty() {
                continue;
            }
            let tcues: Vec<&Cue> = pairs
                .get(si)
                .into_iter()
                .flatten()
                .filter_map(|&i| translated.cues.get(i))
                .collect();
            let ttext = tcues
                .iter()
                .map(|c| c.text.to_plain())
                .collect::<Vec<_>>()
                .join("\n");
            let ttext = strip_direction_marks(&ttext);
            let candidates = self.target.candidates(&ttext);
            let mut seen: Vec<usize> = Vec::new();
            for hit in &hits {
                if seen.contains(&hit.tag) {
                    continue;
                }
                seen.push(hit.tag);
                let form = splain.get(hit.bytes.clone()).unwrap_or("");
                self.check_term(hit.tag, form, scue, &tcues, &ttext, &candidates, &mut out);
            }
        }
        out
    }

    /// Whether `translated` contains an accepted rendering of term `term_idx` (forbidden forms
    /// that swallow it do not count); `None` when the language has nothing to require.
    pub fn rendering_found(&self, term_idx: usize, translated: &str) -> Option<bool> {
        self.requirements.get(term_idx)?.as_ref()?.rule?;
        let mine: Vec<Hit<(usize, Role)>> = self
            .target
            .candidates(&strip_direction_marks(translated))
            .into_iter()
            .filter(|h| h.tag.0 == term_idx)
            .collect();
        Some(
            leftmost_longest(mine)
                .iter()
                .any(|h| h.tag.1 == Role::Accepted),
        )
    }

    #[expect(clippy::too_many_arguments)]
    fn check_term(
        &self,
        term_idx: usize,
        source_form: &str,
        scue: &Cue,
        tcues: &[&Cue],
        ttext: &str,
        candidates: &[Hit<(usize, Role)>],
        out: &mut Vec<Diagnostic>,
    ) {
        let (Some(term), Some(Some(req))) = (
            self.glossary.terms.get(term_idx),
            self.requirements.get(term_idx),
        ) else {
            return;
        };
        let mine: Vec<Hit<(usize, Role)>> = candidates
            .iter()
            .filter(|h| h.tag.0 == term_idx)
            .cloned()
            .collect();
        let chosen = leftmost_longest(mine);
        let diag = |rule: &'static str, severity: Severity, found: &str| {
            let mut d = Diagnostic::new(rule, severity);
            if let Some(first) = tcues.first() {
                d = d.cue(first.id).at(first.line, 0);
            }
            d.arg("term", &term.id)
                .arg("source", source_form)
                .arg("lang", &self.lang)
                .arg("expected", &req.expected)
                .arg("found", found)
                .arg("source_cue", scue.id)
        };
        let mut reported: Vec<&str> = Vec::new();
        for h in chosen.iter().filter(|h| h.tag.1 == Role::Forbidden) {
            let found = ttext.get(h.bytes.clone()).unwrap_or("");
            if !reported.contains(&found) {
                reported.push(found);
                out.push(diag(
                    rules::GLOSSARY_FORBIDDEN_TERM,
                    req.forbidden_severity,
                    found,
                ));
            }
        }
        if let Some(rule) = req.rule
            && !chosen.iter().any(|h| h.tag.1 == Role::Accepted)
        {
            out.push(diag(rule, req.severity, &ttext.replace('\n', " / ")));
        }
    }
}

/// The glossary forms that a line break must not split in text written in `lang`
/// (`FixLimits::keep_together`): the source forms when `lang` is the glossary's source language;
/// otherwise the renderings in force for `lang` (approved or proposed, with their variants) and
/// the source forms of `keep` terms that have no rendering. Only word-like forms count: a
/// catchphrase or sentence (punctuation inside, a space inside CJK text, more than four words)
/// may well be broken at its phrase boundary.
pub fn protected_forms(glossary: &Glossary, lang: &str) -> Vec<String> {
    let is_source = match (
        lang.parse::<LanguageIdentifier>(),
        glossary.source.parse::<LanguageIdentifier>(),
    ) {
        (Ok(want), Ok(have)) => lang_serves(&have, &want),
        _ => lang.eq_ignore_ascii_case(&glossary.source),
    };
    let mut out: Vec<String> = Vec::new();
    let mut add = |form: &str| {
        let form = strip_direction_marks(form.trim());
        if word_like(&form) && !out.iter().any(|f| *f == form) {
            out.push(form.into_owned());
        }
    };
    for term in &glossary.terms {
        let rendering = term
            .target(lang)
            .filter(|e| e.has_rendering())
            .filter(|_| !is_source);
        match rendering {
            Some(e) => e.accepted().for_each(&mut add),
            None if is_source || term.keep => term.source_forms().for_each(&mut add),
            None => {}
        }
    }
    out
}

/// A name or term rather than a phrase: at least two characters, no punctuation but the
/// in-word kind (hyphen, apostrophe, middle dot), no space inside Chinese or Japanese text, at
/// most four words.
fn word_like(form: &str) -> bool {
    let in_word = |c: char| {
        c.is_alphanumeric()
            || c.is_whitespace()
            || unicode_normalization::char::is_combining_mark(c)
            || matches!(
                c,
                '-' | '\'' | '’' | '·' | '・' | '\u{200c}' | '\u{200d}' | '\u{2010}'
            )
    };
    let cjk = form.chars().any(|c| {
        matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}')
    });
    form.chars().nth(1).is_some()
        && form.chars().all(in_word)
        && !(cjk && form.contains(char::is_whitespace))
        && form.split_whitespace().count() <= 4
}

/// Checks translated tracks against their sources, pair by pair (same order as given).
pub fn check_tracks(
    glossary: &Glossary,
    lang: &str,
    pairs: &[(&Track, &Track)],
) -> Vec<Vec<Diagnostic>> {
    let c = Compliance::new(glossary, lang);
    pairs.iter().map(|(s, t)| c.check(s, t)).collect()
}

/// For each cue of `source` (by index), the indices of the `translated` cues that render it.
/// Comment events are never paired.
pub fn pair_cues(source: &Track, translated: &Track) -> Vec<Vec<usize>> {
    let sd = dialogue(source);
    let td = dialogue(translated);
    let mut out = vec![Vec::new(); source.cues.len()];
    let same_ids = sd.len() == td.len()
        && sd.iter().zip(&td).all(|(&a, &b)| {
            source.cues.get(a).map(|c| c.id) == translated.cues.get(b).map(|c| c.id)
        });
    if same_ids {
        for (&a, &b) in sd.iter().zip(&td) {
            if let Some(slot) = out.get_mut(a) {
                slot.push(b);
            }
        }
        return out;
    }
    let timeline = Timeline::new(translated, &td);
    for &si in &sd {
        let Some(s) = source.cues.get(si) else {
            continue;
        };
        if let Some(slot) = out.get_mut(si) {
            *slot = timeline.pair(s);
        }
    }
    out
}

/// Indices of the dialogue cues of `t` (comment events left out).
fn dialogue(t: &Track) -> Vec<usize> {
    t.cues
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind() == CueKind::Dialogue)
        .map(|(i, _)| i)
        .collect()
}

/// Translated dialogue cues sorted by start, with the running maximum of their ends so the
/// backward walk stops as soon as nothing earlier can reach the source cue.
struct Timeline {
    /// (start, end, index), by start.
    sorted: Vec<(i64, i64, usize)>,
    max_end: Vec<i64>,
}

impl Timeline {
    fn new(translated: &Track, td: &[usize]) -> Timeline {
        let mut sorted: Vec<(i64, i64, usize)> = td
            .iter()
            .filter_map(|&i| {
                translated
                    .cues
                    .get(i)
                    .map(|c| (c.start.0, c.end.0.max(c.start.0), i))
            })
            .collect();
        sorted.sort();
        let mut max_end = Vec::with_capacity(sorted.len());
        let mut m = i64::MIN;
        for &(_, e, _) in &sorted {
            m = m.max(e);
            max_end.push(m);
        }
        Timeline { sorted, max_end }
    }

    /// The translated cues that overlap source cue `s`: the best match and any cue that shares
    /// a substantial part (30 %) of the shorter of the two durations, in index order.
    fn pair(&self, s: &Cue) -> Vec<usize> {
        let s0 = s.start.0;
        // A zero-length cue still pairs with whatever is on screen at its start.
        let s1 = s.end.0.max(s0.saturating_add(1));
        let upto = self.sorted.partition_point(|&(start, _, _)| start < s1);
        let mut found: Vec<(i64, i64, usize)> = Vec::new();
        let mut j = upto;
        while j > 0 {
            j -= 1;
            if self.max_end.get(j).is_none_or(|&e| e <= s0) {
                break;
            }
            let Some(&(t0, t1, ti)) = self.sorted.get(j) else {
                break;
            };
            let t1 = t1.max(t0.saturating_add(1));
            let overlap = s1.min(t1) - s0.max(t0);
            if overlap > 0 {
                found.push((overlap, (s1 - s0).min(t1 - t0), ti));
            }
        }
        let best = found.iter().map(|f| f.0).max().unwrap_or(0);
        // Keep the best match and any cue that shares a substantial part (30 %) of the shorter of
        // the two durations, so a slightly shifted neighbour does not join.
        let mut chosen: Vec<usize> = found
            .iter()
            .filter(|(ov, shorter, _)| {
                *ov == best || ov.saturating_mul(10) >= shorter.saturating_mul(3)
            })
            .map(|f| f.2)
            .collect();
        chosen.sort_unstable();
        chosen
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::load;
    use crate::model::{RichText, Timestamp};

    const GLOSSARY: &str = r#"
version: 1
source: zh-Hans
terms:
  - id: liuli
    source: 琉璃
    kind: craft
    targets:
      en: {text: liuli glaze, variants: [liuli], forbidden: [crystal, Liuli crystal], status: approved}
      fa: {text: شیشه, status: rejected}
  - id: cloisonne
    source: 掐丝珐琅
    kind: craft
    targets:
      en: {text: cloisonné, variants: [cloisonne], status: approved}
      ar: {text: مينا الحجيرات, status: proposed}
  - id: lin-xiao
    source: 林晓
    kind: person
    keep: true
    case: sensitive
    targets:
      en: {text: Lin Xiao, status: approved}
  - id: ali
    source: 阿里
    kind: person
    keep: true
  - id: jingdezhen
    source: 景德镇
    kind: place
    case: sensitive
    targets:
      en: {text: Jingdezhen, forbidden: [Kingtehchen], status: approved}
"#;

    fn track(cues: &[(u32, i64, i64, &str)]) -> Track {
        Track {
            cues: cues
                .iter()
                .map(|&(id, s, e, t)| {
                    let mut c = Cue::new(id, Timestamp(s), Timestamp(e), RichText::plain(t));
                    c.line = id * 4 - 3;
                    c
                })
                .collect(),
            ..Track::default()
        }
    }

    fn summary(d: &[Diagnostic]) -> Vec<(&'static str, Severity, Option<u32>, String, String)> {
        d.iter()
            .map(|d| {
                (
                    d.rule,
                    d.severity,
                    d.cue,
                    d.get_arg("term").unwrap_or("").to_string(),
                    d.get_arg("found").unwrap_or("").to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn approved_forbidden_and_kept_terms_in_english() {
        let g = load(GLOSSARY).unwrap();
        let src = track(&[
            (1, 0, 1000, "琉璃很美"),
            (2, 1000, 2000, "这是掐丝珐琅"),
            (3, 2000, 3000, "林晓来了"),
            (4, 3000, 4000, "琉璃 景德镇"),
            (5, 4000, 5000, "阿里的砖"),
            (6, 5000, 6000, "没有术语"),
        ]);
        let tr = track(&[
            (1, 0, 1000, "Liuli glaze is beautiful"),
            (2, 1000, 2000, "This is enamelware"),
            (3, 2000, 3000, "lin xiao is here"),
            (4, 3000, 4000, "Liuli crystal from\nKingtehchen"),
            (5, 4000, 5000, "Ali's tile"),
            (6, 5000, 6000, "crystal"),
        ]);
        let d = Compliance::new(&g, "en").check(&src, &tr);
        assert_eq!(
            summary(&d),
            vec![
                (
                    rules::GLOSSARY_MISSING_TERM,
                    Severity::Error,
                    Some(2),
                    "cloisonne".into(),
                    "This is enamelware".into()
                ),
                (
                    rules::GLOSSARY_NOT_KEPT,
                    Severity::Error,
                    Some(3),
                    "lin-xiao".into(),
                    "lin xiao is here".into()
                ),
                (
                    rules::GLOSSARY_FORBIDDEN_TERM,
                    Severity::Error,
                    Some(4),
                    "liuli".into(),
                    "Liuli crystal".into()
                ),
                (
                    rules::GLOSSARY_MISSING_TERM,
                    Severity::Error,
                    Some(4),
                    "liuli".into(),
                    "Liuli crystal from / Kingtehchen".into()
                ),
                (
                    rules::GLOSSARY_FORBIDDEN_TERM,
                    Severity::Error,
                    Some(4),
                    "jingdezhen".into(),
                    "Kingtehchen".into()
                ),
                (
                    rules::GLOSSARY_MISSING_TERM,
                    Severity::Error,
                    Some(4),
                    "jingdezhen".into(),
                    "Liuli crystal from / Kingtehchen".into()
                ),
                (
                    rules::GLOSSARY_NOT_KEPT,
                    Severity::Error,
                    Some(5),
                    "ali".into(),
                    "Ali's tile".into()
                ),
            ]
        );
        let first = &d[0];
        assert_eq!(first.line, 5);
        assert_eq!(first.get_arg("source"), Some("掐丝珐琅"));
        assert_eq!(first.get_arg("expected"), Some("cloisonné"));
        assert_eq!(first.get_arg("lang"), Some("en"));
        assert_eq!(first.get_arg("source_cue"), Some("2"));
    }

    #[test]
    fn proposed_entries_warn_and_rejected_ones_are_not_checked() {
        let g = load(GLOSSARY).unwrap();
        let src = track(&[(1, 0, 1000, "掐丝珐琅和琉璃")]);
        let ar = track(&[(1, 0, 1000, "شيء آخر")]);
        let d = Compliance::new(&g, "ar").check(&src, &ar);
        assert_eq!(summary(&d).len(), 1);
        assert_eq!(d[0].rule, rules::GLOSSARY_MISSING_TERM);
        assert_eq!(d[0].severity, Severity::Warning);
        let fa = track(&[(1, 0, 1000, "چیز دیگر")]);
        // liuli's Persian entry is rejected and cloisonne has none: nothing to enforce.
        assert!(Compliance::new(&g, "fa-IR").check(&src, &fa).is_empty());
    }

    #[test]
    fn pairs_by_timing_when_cue_counts_differ() {
        let g = load(GLOSSARY).unwrap();
        let src = track(&[
            (1, 0, 2000, "琉璃"),
            (2, 2000, 4000, "掐丝珐琅"),
            (3, 5000, 6000, "景德镇"),
        ]);
        // The translation merged cues 1 and 2, and is slightly shifted.
        let tr = track(&[
            (1, 100, 4100, "liuli and cloisonne"),
            (2, 5050, 6050, "Jingdezhen"),
        ]);
        assert_eq!(pair_cues(&src, &tr), vec![vec![0], vec![0], vec![1]]);
        assert!(Compliance::new(&g, "en").check(&src, &tr).is_empty());
        // A source cue split in two in the translation is checked against both halves.
        let src = track(&[(1, 0, 4000, "琉璃和掐丝珐琅")]);
        let tr = track(&[(1, 0, 2000, "liuli"), (2, 2000, 4000, "and cloisonné")]);
        assert_eq!(pair_cues(&src, &tr), vec![vec![0, 1]]);
        assert!(Compliance::new(&g, "en").check(&src, &tr).is_empty());
        // A neighbour that overlaps by a sliver does not join.
        let src = track(&[(1, 0, 2000, "琉璃"), (2, 2000, 4000, "x")]);
        let tr = track(&[
            (1, 0, 2100, "liuli"),
            (2, 2100, 4000, "y"),
            (3, 9000, 9100, "z"),
        ]);
        assert_eq!(pair_cues(&src, &tr), vec![vec![0], vec![1]]);
    }

    #[test]
    fn direction_marks_and_line_breaks_inside_a_rendering_are_ignored() {
        let g = load(
            "version: 1\nsource: zh-Hans\nterms:\n  - id: title\n    source: 琉璃之约\n    \
             kind: title\n    targets:\n      fa: {text: پیمان لعاب, status: approved}\n  \
             - id: tiles\n    source: 瓷砖\n    kind: craft\n    targets:\n      \
             fa: {text: کاشی\u{200c}ها, status: approved}\n",
        )
        .unwrap();
        let c = Compliance::new(&g, "fa");
        let src = track(&[(1, 0, 1000, "琉璃之约"), (2, 1000, 2000, "瓷砖")]);
        let ok = |first: &str, second: &str| {
            c.check(
                &src,
                &track(&[(1, 0, 1000, first), (2, 1000, 2000, second)]),
            )
        };
        // The rendering split over two lines, an RLM at the end of the first (what `fix` writes
        // for Persian), or wrapped in an embedding or an isolate.
        for text in [
            "این پیمان\u{200f}\nلعاب است",
            "\u{200f}این پیمان\u{200f}\n\u{200f}لعاب است\u{200f}",
            "این \u{202b}پیمان\u{202c}\r\n\u{2067}لعاب\u{2069} است",
            "این پیمان\u{200e} لعاب است",
        ] {
            assert!(
                ok(text, "کاشی\u{200c}ها").is_empty(),
                "{text:?}: {:?}",
                summary(&ok(text, "کاشی\u{200c}ها"))
            );
        }
        // ZWNJ is part of Persian words: it is not ignored, so the form without it is missing.
        let d = ok("پیمان\u{200f}\nلعاب", "کاشیها");
        assert_eq!(
            summary(&d)
                .into_iter()
                .map(|s| (s.0, s.3))
                .collect::<Vec<_>>(),
            vec![(rules::GLOSSARY_MISSING_TERM, "tiles".to_string())]
        );
        // A missing rendering is still missing, marks or not.
        let d = ok("\u{200f}پیمان\u{200f}", "کاشی\u{200c}ها");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].get_arg("term"), Some("title"));
        assert_eq!(c.rendering_found(0, "پیمان\u{200f}\nلعاب"), Some(true));
    }

    #[test]
    fn protected_forms_are_the_words_of_the_tracks_language() {
        let g = load(include_str!("../../glossary.yaml")).unwrap();
        let zh = protected_forms(&g, "zh-Hans");
        for w in ["琉璃", "掐丝珐琅", "景德镇", "琉璃坊", "林晓"] {
            assert!(zh.iter().any(|f| f == w), "{w} in {zh:?}");
        }
        // Catchphrases are phrases: they may break at their space or comma.
        assert!(!zh.iter().any(|f| f.starts_with("火候到了")), "{zh:?}");
        assert_eq!(protected_forms(&g, "zh-CN"), zh);
        let en = protected_forms(&g, "en");
        for w in [
            "Silk Road Screen",
            "Jingdezhen",
            "Lin Xiao",
            "The Glaze Pact",
        ] {
            assert!(en.iter().any(|f| f == w), "{w} in {en:?}");
        }
        assert!(!en.iter().any(|f| f.contains("琉璃")), "{en:?}");
        assert!(
            !en.iter().any(|f| f.starts_with("Each generation")),
            "{en:?}"
        );
        let fa = protected_forms(&g, "fa-IR");
        assert!(fa.iter().any(|f| f == "پیمان لعاب"), "{fa:?}");
        assert!(
            fa.iter().any(|f| f == "کاشی\u{200c}های هفت\u{200c}رنگ"),
            "{fa:?}"
        );
        assert!(!fa.iter().any(|f| f.contains('،')), "{fa:?}");
        // No Japanese entries: only terms kept as they are written in the source.
        let ja = protected_forms(&g, "ja");
        assert!(
            ja.iter().all(|f| g
                .terms
                .iter()
                .any(|t| t.keep && t.source_forms().any(|s| s == f))),
            "{ja:?}"
        );
    }

    #[test]
    fn fixing_the_sample_episode_keeps_glossary_terms_whole() {
        use crate::platform::Profiles;
        use crate::platform::fit::{FixLimits, fix_track};
        let g = load(include_str!("../../glossary.yaml")).unwrap();
        let bytes = include_bytes!("../../samples/ep04_qc_faults.srt");
        let mut t = crate::format::read_bytes(
            bytes.to_vec(),
            Some(std::path::Path::new("ep04.srt")),
            &crate::format::ReadOptions::default(),
        )
        .unwrap()
        .track;
        let lang: unic_langid::LanguageIdentifier = "zh-Hans".parse().unwrap();
        let limits = Profiles::builtin()
            .unwrap()
            .resolve("netflix", Some(&lang), crate::platform::Audience::Adult)
            .unwrap();
        let mut fl = FixLimits::from_limits(&limits, limits.fps_or_default(t.fps), "zh-Hans");
        fl.keep_together = Compliance::new(&g, "zh-Hans").keep_together();
        fix_track(&mut t, &fl, "zh-Hans");
        let mut broken = 0;
        for cue in &t.cues {
            let lines: Vec<String> = cue.text.to_plain().split('\n').map(String::from).collect();
            broken += usize::from(lines.len() > 1);
            let joined = lines.concat();
            for w in fl.keep_together.iter() {
                for (i, m) in joined.match_indices(w.as_str()) {
                    let mut at = 0;
                    for l in &lines[..lines.len() - 1] {
                        at += l.len();
                        assert!(at <= i || at >= i + m.len(), "{w} split: {lines:?}");
                    }
                }
            }
        }
        assert!(broken > 0);
    }

    #[test]
    fn unpaired_source_cue_reports_without_cue() {
        let g = load(GLOSSARY).unwrap();
        let src = track(&[(1, 0, 1000, "琉璃"), (2, 10_000, 11_000, "琉璃")]);
        let tr = track(&[(1, 0, 1000, "liuli")]);
        let d = Compliance::new(&g, "en").check(&src, &tr);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].cue, None);
        assert_eq!(d[0].get_arg("source_cue"), Some("2"));
    }
}
