//! `glossary export`: TBX-Basic for CAT tools, and two-column CSV glossaries for MT backends.
//!
//! TBX follows TBX v3 (ISO 30042:2019) in the TBX-Basic dialect, DCA style: one `conceptEntry`
//! per term, a `langSec` for the source language (source form preferred, variants admitted,
//! translator note as the definition) and one per target language (approved text
//! `preferredTerm-admn-sts`, variants `admittedTerm-admn-sts`, forbidden and rejected renderings
//! `deprecatedTerm-admn-sts`), with reviewer and date as a `transacGrp`. Proposed renderings are
//! left out unless asked for, and then marked with a note.
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

use std::fmt::Write as _;

use super::csv;
use super::review::esc;
use super::schema::{Glossary, Status, Target, Term};

/// Which renderings to export.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExportOptions<'a> {
    /// Target languages to include (empty: every language in the glossary).
    pub langs: &'a [&'a str],
    /// Also export proposed renderings (marked as such in TBX).
    pub include_proposed: bool,
}

/// The two-column CSV dialects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairCsvStyle {
    /// DeepL glossary entries (`entries_format=csv`).
    Deepl,
    /// Google Cloud Translation unidirectional glossary (`.csv`).
    Google,
}

/// XML text: escaped, with characters XML 1.0 forbids replaced by U+FFFD.
fn xml(s: &str) -> String {
    let clean: String = s
        .chars()
        .map(|c| {
            if (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
            {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect();
    esc(&clean)
}

/// The rendering in force for `term` in `lang` (approved, or proposed when allowed), and for a
/// `keep` term without one, the source form itself.
fn in_force<'t>(
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

fn term_sec(out: &mut String, text: &str, status: &str, extra: &str) {
    let _ = write!(
        out,
        "          <termSec>\n            <term>{}</term>\n            <termNote type=\"administrativeStatus\">{status}</termNote>\n{extra}          </termSec>\n",
        xml(text)
    );
}

/// The whole glossary as a TBX-Basic document.
pub fn tbx(glossary: &Glossary, opts: &ExportOptions<'_>) -> String {
    let langs: Vec<&str> = if opts.langs.is_empty() {
        glossary.languages()
    } else {
        opts.langs.to_vec()
    };
    let title = glossary
        .series
        .as_ref()
        .and_then(|s| s.title.as_deref())
        .unwrap_or("glossary");
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"{}\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n\
         \x20 <tbxHeader>\n    <fileDesc>\n      <titleStmt><title>{}</title></titleStmt>\n\
         \x20     <sourceDesc><p>subloc glossary.yaml, schema version {}</p></sourceDesc>\n\
         \x20   </fileDesc>\n  </tbxHeader>\n  <text>\n    <body>\n",
        xml(&glossary.source),
        xml(title),
        glossary.version
    );
    for term in &glossary.terms {
        let _ = writeln!(out, "      <conceptEntry id=\"{}\">", xml(&term.id));
        let _ = writeln!(
            out,
            "        <langSec xml:lang=\"{}\">",
            xml(&glossary.source)
        );
        if let Some(n) = &term.note {
            let _ = writeln!(
                out,
                "          <descrip type=\"definition\">{}</descrip>",
                xml(n)
            );
        }
        term_sec(&mut out, &term.source, "preferredTerm-admn-sts", "");
        for v in &term.variants {
            term_sec(&mut out, v, "admittedTerm-admn-sts", "");
        }
        out.push_str("        </langSec>\n");
        for lang in &langs {
            let entry = term.target(lang);
            let mut body = String::new();
            if let Some((text, e)) = in_force(term, lang, opts.include_proposed) {
                let mut extra = String::new();
                if let Some(e) = e {
                    if e.reviewer.is_some() || e.updated.is_some() {
                        extra.push_str("            <transacGrp>\n              <transac type=\"transactionType\">modification</transac>\n");
                        if let Some(d) = &e.updated {
                            let _ = writeln!(extra, "              <date>{}</date>", xml(d));
                        }
                        if let Some(r) = &e.reviewer {
                            let _ = writeln!(
                                extra,
                                "              <transacNote type=\"responsibility\">{}</transacNote>",
                                xml(r)
                            );
                        }
                        extra.push_str("            </transacGrp>\n");
                    }
                    if e.status == Status::Proposed {
                        extra.push_str("            <note>status: proposed</note>\n");
                    }
                    if let Some(n) = &e.note {
                        let _ = writeln!(extra, "            <note>{}</note>", xml(n));
                    }
                }
                term_sec(&mut body, text, "preferredTerm-admn-sts", &extra);
                for v in e.map(|e| e.variants.as_slice()).unwrap_or(&[]) {
                    term_sec(&mut body, v, "admittedTerm-admn-sts", "");
                }
            }
            if let Some(e) = entry {
                if e.status == Status::Rejected
                    && let Some(t) = &e.text
                {
                    term_sec(
                        &mut body,
                        t,
                        "deprecatedTerm-admn-sts",
                        "            <note>status: rejected</note>\n",
                    );
                }
                if e.status != Status::Proposed || opts.include_proposed {
                    for f in &e.forbidden {
                        term_sec(&mut body, f, "deprecatedTerm-admn-sts", "");
                    }
                }
            }
            if !body.is_empty() {
                let _ = writeln!(out, "        <langSec xml:lang=\"{}\">", xml(lang));
                out.push_str(&body);
                out.push_str("        </langSec>\n");
            }
        }
        out.push_str("      </conceptEntry>\n");
    }
    out.push_str("    </body>\n  </text>\n</tbx>\n");
    out
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
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("glossary.yaml");
        load(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn tbx_has_the_core_structure_and_statuses() {
        let g = sample();
        let x = tbx(&g, &ExportOptions::default());
        // Well-formed, and reads back through the importer.
        let concepts =
            crate::glossary::import::read_tbx(&x).unwrap_or_else(|e| panic!("{e:?}\n{x}"));
        assert_eq!(concepts.len(), g.terms.len());
        let back = concepts
            .iter()
            .find(|c| c.id.as_deref() == Some("liuli"))
            .unwrap();
        let en = back.langs.iter().find(|(l, _)| l == "en").unwrap();
        assert_eq!(en.1[0].text, "liuli glaze");
        assert!(x.contains(
            "<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"zh-Hans\" xmlns=\"urn:iso:std:iso:30042:ed-2\">"
        ));
        assert_eq!(x.matches("<conceptEntry id=").count(), g.terms.len());
        let liuli = x.split("<conceptEntry id=\"liuli\">").nth(1).unwrap();
        let liuli = liuli.split("</conceptEntry>").next().unwrap();
        assert!(liuli.contains("<term>liuli glaze</term>\n            <termNote type=\"administrativeStatus\">preferredTerm-admn-sts</termNote>"));
        assert!(liuli.contains("<term>crystal</term>\n            <termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote>"));
        assert!(liuli.contains("<transacNote type=\"responsibility\">Helen Wu</transacNote>"));
        // The rejected Persian rendering is recorded as deprecated, never as preferred.
        let fa = liuli.split("<langSec xml:lang=\"fa\">").nth(1).unwrap();
        let fa = fa.split("</langSec>").next().unwrap();
        assert!(fa.contains("<term>شیشه</term>\n            <termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote>"));
        assert!(!fa.contains("preferredTerm"));
        // Proposed renderings only on request.
        let cl = |x: &str| {
            x.split("<conceptEntry id=\"cloisonne\">")
                .nth(1)
                .unwrap()
                .split("</conceptEntry>")
                .next()
                .unwrap()
                .to_string()
        };
        assert!(!cl(&x).contains("مينا الحجيرات"));
        let with = tbx(
            &g,
            &ExportOptions {
                langs: &["ar"],
                include_proposed: true,
            },
        );
        assert!(cl(&with).contains("<term>مينا الحجيرات</term>"));
        assert!(cl(&with).contains("<note>status: proposed</note>"));
        assert!(!with.contains("xml:lang=\"en\""));
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
        // Regression (issue 7): these were written as is and ran as formulas in a spreadsheet.
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
