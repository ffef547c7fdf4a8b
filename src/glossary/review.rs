//! The partner review sheet for one target language: a self-contained HTML page and a CSV with
//! the columns the reviewer fills in (decisions come back through `apply`). This file owns the
//! sheet's data — columns, statuses, fingerprints, the label ids the page asks for — and the CSV;
//! the page itself, and the sheet of both files, by `report::review_page` (the glossary does
//! not depend on the renderers).
//!
//! The CSV (UTF-8 with BOM, CRLF, RFC 4180) has one row per term: `term_id, kind, source, lang,
//! status, current_text, base_fingerprint, decision, corrected_text, reviewer, comment`. Cells
//! that a spreadsheet would evaluate as formulas get a leading `'` (`csv::protect`).
//! `base_fingerprint` hashes the term's source form, the language and the current rendering, so
//! `apply` can refuse a decision about a rendering that has changed since the sheet was made.

use super::csv;
use super::schema::{Glossary, Term};

/// Column names of the review CSV, in order.
pub const CSV_COLUMNS: [&str; 11] = [
    "term_id",
    "kind",
    "source",
    "lang",
    "status",
    "current_text",
    "base_fingerprint",
    "decision",
    "corrected_text",
    "reviewer",
    "comment",
];

/// The status column for a term with no entry in the language.
pub const STATUS_MISSING: &str = "missing";

/// Fluent message ids the page asks `ReviewOptions::label` for. `review-status` gets `$status`
/// (approved, proposed, rejected, missing), `review-kind` gets `$kind` (craft, place, …),
/// `review-title` gets `$lang`, `review-reviewed` gets `$status`, `$reviewer` and `$date`; the
/// `review-how-*` instructions get their column names, decision words and the CSV link.
pub const LABEL_IDS: &[&str] = &[
    "review-title",
    "review-search",
    "review-filter-status",
    "review-filter-kind",
    "review-all",
    "review-col-term",
    "review-col-source",
    "review-col-status",
    "review-col-rendering",
    "review-col-notes",
    "review-col-count",
    "review-col-examples",
    "review-status",
    "review-kind",
    "review-variants",
    "review-forbidden",
    "review-keep",
    "review-reviewed",
    "review-found",
    "review-not-found",
    "review-no-translation",
    "review-shown",
    "review-how-title",
    "review-how-decide",
    "review-how-fill",
    "review-how-send",
    "review-not-counted",
    "review-reviewed-by",
    "review-updated",
    "review-comment",
];

/// 64-bit FNV-1a: stable across builds and platforms (unlike `DefaultHasher`), which matters for
/// a value that travels in a file.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        for b in p.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// Fingerprint of what a reviewer saw: the term's source form, the language and the rendering.
pub fn fingerprint(source: &str, lang: &str, current_text: &str) -> String {
    format!("{:016x}", fnv1a(&["v1", source, lang, current_text]))
}

/// The language key and current state of `term` in `lang`: (lang as written in the glossary, or
/// `lang`; status name or `missing`; current text).
pub(crate) fn row_state<'g>(term: &'g Term, lang: &'g str) -> (&'g str, &'static str, &'g str) {
    match term.target(lang) {
        Some(e) => (
            e.lang.as_str(),
            e.status.name(),
            e.text.as_deref().unwrap_or(""),
        ),
        None => (lang, STATUS_MISSING, ""),
    }
}

/// The CSV alone (it does not depend on episodes).
pub fn review_csv(glossary: &Glossary, lang: &str) -> String {
    let mut out = String::from("\u{feff}");
    csv::write_record(&mut out, &CSV_COLUMNS, ',');
    for term in &glossary.terms {
        let (l, status, text) = row_state(term, lang);
        let fp = fingerprint(&term.source, l, text);
        let cells = [
            term.id.as_str(),
            term.kind.name(),
            term.source.as_str(),
            l,
            status,
            text,
            fp.as_str(),
            "",
            "",
            "",
            "",
        ];
        let protected: Vec<String> = cells.iter().map(|c| csv::protect(c)).collect();
        let refs: Vec<&str> = protected.iter().map(String::as_str).collect();
        csv::write_record(&mut out, &refs, ',');
    }
    out
}

/// Escapes text for HTML element content and attribute values: the XML door's attribute
/// escaping (`crate::xml::attr`), which is safe in both places and also replaces the characters
/// XML 1.0 forbids (the page is kept XML-compatible like the HTML report).
pub(crate) use crate::xml::attr as esc;

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::glossary::load;
    use crate::model::{Cue, RichText, Timestamp, Track};

    pub(crate) const GLOSSARY: &str = r#"version: 1
source: zh-Hans
terms:
  - id: liuli
    source: 琉璃
    kind: craft
    note: "Glazed <ware> & tiles"
    targets:
      fa: {text: شیشه, status: rejected, reviewer: Negin, updated: 2026-11-19}
      en: {text: liuli glaze, status: approved}
  - id: formula
    source: 公式
    kind: concept
    targets:
      fa: {text: "=HYPERLINK(\"x\")", status: proposed, updated: 2026-11-18}
  - id: kiln
    source: 窑
    kind: craft
    targets:
      fa:
        text: کوره
        variants: ["کوره‌ها"]
        forbidden: [تنور]
        status: approved
        reviewer: Sara
        comments:
          - {reviewer: Sara, date: 2026-11-20, text: "Plural <b>in</b> ep. 3."}
  - id: lin-xiao
    source: 林晓
    kind: person
    keep: true
"#;

    pub(crate) fn track(lines: &[&str]) -> Track {
        Track {
            cues: lines
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let id = u32::try_from(i + 1).unwrap();
                    let s = i64::from(id) * 1000;
                    Cue::new(id, Timestamp(s), Timestamp(s + 900), RichText::plain(t))
                })
                .collect(),
            ..Track::default()
        }
    }

    pub(crate) fn label(id: &str, args: &[(&str, String)]) -> String {
        let a: Vec<String> = args.iter().map(|(k, v)| format!("{k}={v}")).collect();
        format!(
            "[{id}{}]",
            if a.is_empty() {
                String::new()
            } else {
                format!(" {}", a.join(","))
            }
        )
    }

    #[test]
    fn csv_rows_fingerprints_and_formula_protection() {
        let g = load(GLOSSARY).unwrap();
        let csv_text = review_csv(&g, "fa");
        assert!(csv_text.starts_with("\u{feff}term_id,kind,source,lang,status,current_text,base_fingerprint,decision,corrected_text,reviewer,comment\r\n"));
        let rows = csv::read(&csv_text, ',').unwrap();
        assert_eq!(rows.len(), 5);
        assert_eq!(
            rows[1].cells[..6],
            ["liuli", "craft", "琉璃", "fa", "rejected", "شیشه"]
        );
        assert_eq!(rows[1].cells[6], fingerprint("琉璃", "fa", "شیشه"));
        // A rendering that a spreadsheet would run is written inert.
        assert_eq!(rows[2].cells[5], "'=HYPERLINK(\"x\")");
        assert_eq!(csv::unprotect(&rows[2].cells[5]), "=HYPERLINK(\"x\")");
        let de = csv::read(&review_csv(&g, "de"), ',').unwrap();
        assert_eq!(de[3].cells[3..6], ["de", STATUS_MISSING, ""]);
        assert_ne!(
            fingerprint("琉璃", "fa", "a"),
            fingerprint("琉璃", "fa", "b")
        );
        assert_ne!(
            fingerprint("琉璃", "fa", "a"),
            fingerprint("琉", "璃fa", "a")
        );
        assert_eq!(fingerprint("琉璃", "fa", "شیشه").len(), 16);
    }

    #[test]
    fn escaping_is_the_xml_doors() {
        // Characters XML 1.0 forbids become U+FFFD (this escaper used to pass them through, so a
        // control character in a cue reached the page raw).
        assert_eq!(esc("a\u{1}b\u{FFFF}"), "a\u{FFFD}b\u{FFFD}");
        assert_eq!(esc("<'\"&>"), "&lt;&#39;&quot;&amp;&gt;");
    }
}
