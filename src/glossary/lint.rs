//! Semantic checks of a parsed glossary: everything serde cannot see, all reported at once.
//!
//! Errors: unsupported version, bad or duplicate ids, a source form claimed twice, bad language
//! tags, unknown `kind`/`status`/`case` values, empty forms, an approved entry without text, a
//! rendering both accepted and forbidden, a malformed `updated` date, a comment without reviewer,
//! text or well-formed date. Warning: a term with no usable
//! rendering (approved or proposed text) for a language the project declares. Each diagnostic
//! points at the value it is about. Forms are compared in matching form (`matcher::normalize_form`),
//! so `琉璃坊` and `琉璃坊 ` or a full-width twin count as the same form.

use std::collections::HashMap;

use unic_langid::LanguageIdentifier;

use super::matcher::normalize_form;
use super::raw::{RawGlossary, RawTarget, RawTerm, pos_of, version_supported};
use super::schema::{CasePolicy, Kind, SCHEMA_VERSION, Status, lang_serves};
use crate::diag::{Diagnostic, Severity, rules};
use crate::yaml::Spanned;

fn at<T>(rule: &'static str, severity: Severity, s: &Spanned<T>) -> Diagnostic {
    let p = pos_of(s);
    Diagnostic::new(rule, severity).at(p.line, p.column)
}

fn err<T>(rule: &'static str, s: &Spanned<T>) -> Diagnostic {
    at(rule, Severity::Error, s)
}

/// True for a well-formed BCP 47 tag (as `unic-langid` reads it, with `-` separators).
pub fn valid_language(tag: &str) -> bool {
    !tag.is_empty() && !tag.contains('_') && tag.parse::<LanguageIdentifier>().is_ok()
}

/// True for `YYYY-MM-DD` with a plausible month and day.
pub fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok());
    let digits = s
        .char_indices()
        .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    match (num(0..4), num(5..7), num(8..10)) {
        (Some(_), Some(m), Some(d)) => digits && (1..=12).contains(&m) && (1..=31).contains(&d),
        _ => false,
    }
}

/// True for a kebab-case id: lowercase ASCII letters and digits in dash-separated groups.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// All problems of `raw`, in file order. `declared` are the project's target languages.
pub(crate) fn check(raw: &RawGlossary, declared: &[&str]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check_header(raw, &mut out);
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
    let cases: Vec<&str> = CasePolicy::ALL.iter().map(|c| c.name()).collect();
    let mut ids: HashMap<&str, u32> = HashMap::new();
    // Normalised source form → (term id, line) of its first claim.
    let mut forms: HashMap<String, (&str, u32)> = HashMap::new();
    for term in raw.terms() {
        let t = &term.value;
        let id = t.id.value.as_str();
        check_id(t, &mut ids, &mut out);
        if Kind::from_name(&t.kind.value).is_none() {
            out.push(bad_value(&t.kind, "kind", &kinds));
        }
        if let Some(c) = &t.case
            && CasePolicy::from_name(&c.value).is_none()
        {
            out.push(bad_value(c, "case", &cases));
        }
        check_source_forms(t, &mut forms, &mut out);
        let sensitive = t
            .case
            .as_ref()
            .is_some_and(|c| c.value == CasePolicy::Sensitive.name());
        for (lang, entry) in t.targets() {
            check_target(id, lang, entry, sensitive, &mut out);
        }
        let keep = t.keep.as_ref().is_some_and(|k| k.value);
        if !keep {
            for want in declared {
                if !has_usable_rendering(t.targets(), want) {
                    out.push(
                        at(rules::GLOSSARY_NO_RENDERING, Severity::Warning, &t.id)
                            .arg("term", id)
                            .arg("lang", want),
                    );
                }
            }
        }
    }
    out.sort_by_key(|d| (d.line, d.column));
    out
}

/// The schema version and the source language.
fn check_header(raw: &RawGlossary, out: &mut Vec<Diagnostic>) {
    if !version_supported(raw.version.value) {
        out.push(
            err(rules::GLOSSARY_UNSUPPORTED_VERSION, &raw.version)
                .arg("version", raw.version.value)
                .arg("supported", SCHEMA_VERSION),
        );
    }
    if !valid_language(&raw.source.value) {
        out.push(
            err(rules::GLOSSARY_BAD_LANGUAGE, &raw.source)
                .arg("lang", &raw.source.value)
                .arg("term", ""),
        );
    }
}

/// The term's id: present, well-formed, and not taken by an earlier term (`ids`: id → line of
/// its first use).
fn check_id<'r>(t: &'r RawTerm, ids: &mut HashMap<&'r str, u32>, out: &mut Vec<Diagnostic>) {
    let id = t.id.value.as_str();
    if id.is_empty() {
        out.push(
            err(rules::GLOSSARY_EMPTY_TEXT, &t.id)
                .arg("term", id)
                .arg("key", "id"),
        );
    } else if !valid_id(id) {
        out.push(err(rules::GLOSSARY_BAD_ID, &t.id).arg("id", id));
    }
    match ids.get(id) {
        Some(first) if !id.is_empty() => out.push(
            err(rules::GLOSSARY_DUPLICATE_ID, &t.id)
                .arg("id", id)
                .arg("first_line", first),
        ),
        _ => {
            ids.insert(id, pos_of(&t.id).line);
        }
    }
}

/// The term's source form and variants: none empty once normalised, none claimed by an earlier
/// term (`forms`: normalised form → term id and line of its first claim).
fn check_source_forms<'r>(
    t: &'r RawTerm,
    forms: &mut HashMap<String, (&'r str, u32)>,
    out: &mut Vec<Diagnostic>,
) {
    let id = t.id.value.as_str();
    let source_forms =
        std::iter::once((&t.source, "source")).chain(t.variants.iter().map(|v| (v, "variants")));
    for (form, key) in source_forms {
        let norm = normalize_form(&form.value, true);
        if norm.is_empty() {
            out.push(
                err(rules::GLOSSARY_EMPTY_TEXT, form)
                    .arg("term", id)
                    .arg("key", key),
            );
            continue;
        }
        match forms.get(&norm) {
            Some((other, line)) => out.push(
                err(rules::GLOSSARY_DUPLICATE_SOURCE, form)
                    .arg("form", &form.value)
                    .arg("term", id)
                    .arg("other_term", other)
                    .arg("other_line", line),
            ),
            None => {
                forms.insert(norm, (id, pos_of(form).line));
            }
        }
    }
}

fn bad_value(v: &Spanned<String>, key: &str, expected: &[&str]) -> Diagnostic {
    err(rules::GLOSSARY_BAD_VALUE, v)
        .arg("key", key)
        .arg("value", &v.value)
        .arg("expected", expected.join(", "))
}

fn check_target(
    id: &str,
    lang: &Spanned<String>,
    entry: &Spanned<RawTarget>,
    sensitive: bool,
    out: &mut Vec<Diagnostic>,
) {
    let e = &entry.value;
    let l = lang.value.as_str();
    if !valid_language(l) {
        out.push(
            err(rules::GLOSSARY_BAD_LANGUAGE, lang)
                .arg("lang", l)
                .arg("term", id),
        );
    }
    let status = Status::from_name(&e.status.value);
    if status.is_none() {
        let names: Vec<&str> = Status::ALL.iter().map(|s| s.name()).collect();
        out.push(bad_value(&e.status, "status", &names));
    }
    let empty = |s: &Spanned<String>, key: &str| {
        err(rules::GLOSSARY_EMPTY_TEXT, s)
            .arg("term", id)
            .arg("key", format!("{l}.{key}"))
    };
    if let Some(t) = &e.text
        && t.value.trim().is_empty()
    {
        out.push(empty(t, "text"));
    }
    if status == Some(Status::Approved) && e.text.is_none() {
        out.push(
            err(rules::GLOSSARY_APPROVED_WITHOUT_TEXT, &e.status)
                .arg("term", id)
                .arg("lang", l),
        );
    }
    let mut accepted: Vec<String> = Vec::new();
    if let Some(t) = &e.text {
        accepted.push(normalize_form(&t.value, !sensitive));
    }
    for v in &e.variants {
        let n = normalize_form(&v.value, !sensitive);
        if n.is_empty() {
            out.push(empty(v, "variants"));
        } else {
            accepted.push(n);
        }
    }
    for f in &e.forbidden {
        let n = normalize_form(&f.value, !sensitive);
        if n.is_empty() {
            out.push(empty(f, "forbidden"));
        } else if accepted.contains(&n) {
            out.push(
                err(rules::GLOSSARY_VARIANT_FORBIDDEN, f)
                    .arg("term", id)
                    .arg("lang", l)
                    .arg("form", &f.value),
            );
        }
    }
    let bad_date = |d: &Spanned<String>| {
        err(rules::GLOSSARY_BAD_DATE, d)
            .arg("term", id)
            .arg("lang", l)
            .arg("value", &d.value)
    };
    if let Some(u) = &e.updated
        && !valid_date(&u.value)
    {
        out.push(bad_date(u));
    }
    for c in e.comments() {
        let c = &c.value;
        for (v, key) in [
            (&c.reviewer, "comments.reviewer"),
            (&c.text, "comments.text"),
        ] {
            if v.value.trim().is_empty() {
                out.push(empty(v, key));
            }
        }
        if !valid_date(&c.date.value) {
            out.push(bad_date(&c.date));
        }
    }
}

/// True when some entry serving `want` has text in force (approved or proposed).
fn has_usable_rendering(targets: &[(Spanned<String>, Spanned<RawTarget>)], want: &str) -> bool {
    let wanted: Option<LanguageIdentifier> = want.parse().ok();
    targets.iter().any(|(lang, e)| {
        let serves = lang.value.eq_ignore_ascii_case(want)
            || match (&wanted, lang.value.parse::<LanguageIdentifier>()) {
                (Some(w), Ok(have)) => lang_serves(&have, w),
                _ => false,
            };
        serves
            && Status::from_name(&e.value.status.value).is_some_and(|s| s != Status::Rejected)
            && e.value
                .text
                .as_ref()
                .is_some_and(|t| !t.value.trim().is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_validators() {
        assert!(valid_id("lin-xiao"));
        assert!(valid_id("a1-b2"));
        assert!(!valid_id("Lin"));
        assert!(!valid_id("a--b"));
        assert!(!valid_id("-a"));
        assert!(!valid_id("a_b"));
        assert!(valid_date("2026-11-12"));
        assert!(!valid_date("2026-13-01"));
        assert!(!valid_date("2026-1-01"));
        assert!(!valid_date("２026-11-12"));
        assert!(valid_language("zh-Hans"));
        assert!(valid_language("fa"));
        assert!(!valid_language("english!"));
        assert!(!valid_language("en_US"));
        assert!(!valid_language(""));
    }
}
