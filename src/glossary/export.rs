//! `glossary export`: two-column CSV glossaries for MT backends, and which rendering is in force
//! (`in_force`, shared with the TBX writer in `interchange::tbx`).
//!
//! The CSV glossaries are the two-column, header-less "source,target" files both DeepL (glossary
//! entries in CSV format) and Google Cloud Translation (unidirectional glossary) accept: one row
//! per source form (the canonical form and each variant) mapping to the rendering, unique source
//! entries, no empty or whitespace-padded entries, no line breaks or tabs (DeepL rejects them).
//! These files are read by machines, so a formula-protecting `'` (as on the review sheet) would
//! become part of the term and then of the translations; but people open them in spreadsheets
//! too, and glossary text can come from imported files. So an entry whose source or rendering a
//! spreadsheet would run as a formula (starting with `=`, `+`, `-` or `@`) is left out: the term
//! is still enforced by the compliance check, it just does not go to the MT glossary.

use super::csv;
use super::schema::{Glossary, Status, Target, Term};

/// The two-column CSV dialects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairCsvStyle {
    /// DeepL glossary entries (`entries_format=csv`).
    Deepl,
    /// Google Cloud Translation unidirectional glossary (`.csv`).
    Google,
}

/// The rendering in force for `term` in `lang` (approved, or proposed when allowed), and for a
/// `keep` term without one, the source form itself.
pub(crate) fn in_force<'t>(
    term: &'t Term,
    lang: &str,
    include_proposed: bool,
) -> Option<(&'t str, Option<&'t Target>)> {
    let entry = term
        .target(lang)
        .filter(|e| e.has_rendering() && (e.status == Status::Approved || include_proposed));
    match entry {
        Some(e) => e.text.as_deref().map(|t| (t, Some(e))),
        None if term.keep => Some((term.source.as_str(), None)),
        None => None,
    }
}

/// A two-column source,target glossary for one target language.
pub fn pair_csv(
    glossary: &Glossary,
    lang: &str,
    style: PairCsvStyle,
    include_proposed: bool,
) -> String {
    let mut out = String::new();
    let mut seen: Vec<String> = Vec::new();
    for term in &glossary.terms {
        let Some((text, _)) = in_force(term, lang, include_proposed) else {
            continue;
        };
        let target = text.trim();
        if !entry_ok(target) {
            continue;
        }
        for form in term.source_forms() {
            let source = form.trim();
            if !entry_ok(source) || seen.iter().any(|s| s == source) {
                continue;
            }
            seen.push(source.to_string());
            match style {
                PairCsvStyle::Deepl | PairCsvStyle::Google => {
                    csv::write_record(&mut out, &[source, target], ',');
                }
            }
        }
    }
    out
}

/// A two-column CSV from (source form, rendering) pairs a caller already chose (a provider
/// glossary sync), with the cell rules of [`pair_csv`]: entries a spreadsheet would run as a
/// formula, empty ones and ones with control characters are left out, cells are trimmed, the
/// first rendering of a source form wins. Rows are sorted by source form, so the same entries
/// always give the same bytes (sync names carry a hash of them).
pub fn pair_csv_from_entries(entries: &[(String, String)], style: PairCsvStyle) -> String {
    let mut rows: Vec<(&str, &str)> = Vec::new();
    for (s, t) in entries {
        let (s, t) = (s.trim(), t.trim());
        if entry_ok(s) && entry_ok(t) {
            rows.push((s, t));
        }
    }
    // Stable sort: among equal sources the caller's first one stays first and wins.
    rows.sort_by(|a, b| a.0.cmp(b.0));
    rows.dedup_by(|later, first| later.0 == first.0);
    let mut out = String::new();
    for (s, t) in rows {
        match style {
            PairCsvStyle::Deepl | PairCsvStyle::Google => {
                csv::write_record(&mut out, &[s, t], ',');
            }
        }
    }
    out
}

fn entry_ok(s: &str) -> bool {
    // Tab and CR, the other formula triggers, are control characters.
    !s.is_empty() && !s.chars().any(char::is_control) && !s.starts_with(['=', '+', '-', '@'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::load;

    fn sample() -> Glossary {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/series/glossary.yaml");
        load(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn pair_csv_maps_every_source_form_once() {
        let g = sample();
        let en = pair_csv(&g, "en", PairCsvStyle::Deepl, false);
        let rows = crate::glossary::csv::read(&en, ',').unwrap();
        let pairs: Vec<(String, String)> = rows
            .into_iter()
            .map(|r| (r.cells[0].clone(), r.cells[1].clone()))
            .collect();
        assert!(pairs.contains(&("掐丝珐琅".into(), "cloisonné".into())));
        assert!(pairs.contains(&(
            "火候到了，釉自然就亮了".into(),
            "When the fire is right, the glaze shines on its own".into()
        )));
        // wire-cloisons' English rendering is only proposed.
        assert!(!pairs.iter().any(|(s, _)| s == "掐丝"));
        let sources: Vec<&String> = pairs.iter().map(|(s, _)| s).collect();
        let mut unique = sources.clone();
        unique.dedup();
        assert_eq!(sources.len(), unique.len());
        assert!(en.contains(
            "火候到了 釉自然就亮了,\"When the fire is right, the glaze shines on its own\"\r\n"
        ));
        let fa = pair_csv(&g, "fa", PairCsvStyle::Google, true);
        assert!(fa.contains("掐丝,مفتول\r\n"));
        let fa_rows = crate::glossary::csv::read(&fa, ',').unwrap();
        assert!(
            !fa_rows.iter().any(|r| r.cells[0] == "琉璃"),
            "rejected renderings are never exported"
        );
    }

    #[test]
    fn pair_csv_leaves_out_formula_cells() {
        // Regression: these were written as is and ran as formulas in a spreadsheet (CSV injection,
        // https://owasp.org/www-community/attacks/CSV_Injection).
        let g = load(concat!(
            "version: 1\nsource: zh-Hans\nterms:\n",
            "  - id: a\n    source: 窑\n    kind: craft\n",
            "    targets: {en: {text: '=HYPERLINK(\"http://x\",\"y\")', status: approved}}\n",
            "  - id: b\n    source: '+cmd'\n    kind: craft\n",
            "    targets: {en: {text: kiln, status: approved}}\n",
            "  - id: c\n    source: 琉璃\n    kind: craft\n    variants: ['@SUM(1)', '-1+1']\n",
            "    targets: {en: {text: liuli, status: approved}}\n",
        ))
        .unwrap();
        let en = pair_csv(&g, "en", PairCsvStyle::Deepl, false);
        assert_eq!(en, "琉璃,liuli\r\n");
    }

    #[test]
    fn pair_csv_from_entries_is_sorted_quoted_and_formula_safe() {
        let e = |s: &str, t: &str| (s.to_string(), t.to_string());
        let csv = pair_csv_from_entries(
            &[
                e("窑", "kiln, \"old\""),
                e(" 琉璃 ", "liuli"),
                e("琉璃", "second rendering loses"),
                e("=cmd", "x"),
                e("釉", "@glaze"),
                e("火\t候", "fire"),
                e("", "empty"),
            ],
            PairCsvStyle::Google,
        );
        assert_eq!(csv, "琉璃,liuli\r\n窑,\"kiln, \"\"old\"\"\"\r\n");
    }
}
