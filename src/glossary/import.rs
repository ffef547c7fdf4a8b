//! `glossary import`: merging term pairs from a CSV (DeepL style) or, through `import_items`, a
//! TBX file (read by `interchange::tbx`) into `glossary.yaml`, always as `proposed` entries for
//! review, never as approved ones.
//!
//! A pair whose source form belongs to an existing term adds an entry for that language when the
//! term has none; an entry that already exists is left alone (reported as already present or as
//! a conflict with the existing rendering). A source form no term claims becomes a new term at
//! the end of the file (kind `other`, id from the TBX concept id, else from the English rendering,
//! else `imported-N`). Edits go through `yamledit`, so comments survive: all in one pass when the
//! file merges cleanly, else one item at a time with a re-parse and lint after each, so an item
//! that would break the glossary is skipped alone.

use super::csv::{self, CsvError};
use super::lint::valid_id;
use super::load::{self, parse_raw, strip_bom};
use super::matcher::normalize_form;
use super::raw::RawGlossary;
use super::schema::{Glossary, Status, Term};
use super::yamledit::{self, EditError, NewEntry, NewTerm};
use crate::diag::{Diagnostic, Severity};

/// Why an import could not start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GlossaryImportError {
    Glossary(Vec<Diagnostic>),
    Csv(CsvError),
    /// Malformed XML or an entity that is not predefined; byte position in the file.
    Tbx {
        position: u64,
        message: String,
    },
}

impl std::fmt::Display for GlossaryImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GlossaryImportError::Glossary(d) => write!(f, "glossary has {} error(s)", d.len()),
            GlossaryImportError::Csv(e) => write!(f, "line {}: {}", e.line, e.message),
            GlossaryImportError::Tbx { position, message } => {
                write!(f, "byte {position}: {message}")
            }
        }
    }
}

impl std::error::Error for GlossaryImportError {}

/// Why one item was not merged.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum SkipReason {
    /// The term already has this rendering.
    AlreadyPresent,
    /// The term has a different rendering for the language.
    Conflict {
        existing: String,
    },
    /// No usable source form or target text.
    Empty,
    /// Not a valid language tag.
    BadLanguage,
    NotEditable {
        detail: &'static str,
    },
    /// Merging it would make the glossary fail lint with these rules.
    Invalid {
        rules: Vec<&'static str>,
    },
}

impl SkipReason {
    pub fn id(&self) -> &'static str {
        match self {
            SkipReason::AlreadyPresent => "already-present",
            SkipReason::Conflict { .. } => "conflict",
            SkipReason::Empty => "empty",
            SkipReason::BadLanguage => "bad-language",
            SkipReason::NotEditable { .. } => "not-editable",
            SkipReason::Invalid { .. } => "invalid",
        }
    }
}

/// An item (CSV row or TBX concept) or one of its languages that was not merged.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ImportSkip {
    /// CSV record number (1-based) or TBX concept number (1-based).
    pub item: usize,
    pub source: String,
    pub lang: String,
    pub reason: SkipReason,
}

/// The merged text and what happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryImportOutcome {
    pub new_yaml: String,
    /// (term id, language) of every entry added to an existing term.
    pub added_entries: Vec<(String, String)>,
    /// Ids of new terms.
    pub new_terms: Vec<String>,
    pub skipped: Vec<ImportSkip>,
}

/// A rendering to merge.
#[derive(Debug, Clone)]
pub struct ItemTarget {
    pub lang: String,
    pub text: String,
    pub variants: Vec<String>,
    pub forbidden: Vec<String>,
}

/// One thing to merge, whatever file it came from (a CSV row, a TBX concept).
#[derive(Debug, Clone)]
pub struct Item {
    /// CSV record number or TBX concept number (1-based), for the skip report.
    pub number: usize,
    /// A suggested id for a new term (the TBX concept id).
    pub id_hint: Option<String>,
    /// Source forms; the first becomes a new term's source.
    pub sources: Vec<String>,
    pub targets: Vec<ItemTarget>,
}

/// Merges items read from any exchange file (the TBX importer, `interchange::tbx`, builds them).
pub fn import_items(
    glossary_text: &str,
    items: Vec<Item>,
    date: &str,
) -> Result<GlossaryImportOutcome, GlossaryImportError> {
    merge(glossary_text, items, date)
}

/// Merges a DeepL-style CSV (`source,target` per row, no header; a 4-column variant with
/// language codes is accepted and the codes ignored) for target language `lang`.
pub fn import_csv(
    glossary_text: &str,
    csv_text: &str,
    lang: &str,
    date: &str,
) -> Result<GlossaryImportOutcome, GlossaryImportError> {
    let records =
        csv::read(csv_text, csv::sniff_delimiter(csv_text)).map_err(GlossaryImportError::Csv)?;
    let mut items = Vec::new();
    for (i, r) in records.iter().enumerate() {
        let source = r
            .cells
            .first()
            .map(|s| s.trim().to_string())
            .unwrap_or_default();
        let target = r
            .cells
            .get(1)
            .map(|s| s.trim().to_string())
            .unwrap_or_default();
        if i == 0 && source.eq_ignore_ascii_case("source") && target.eq_ignore_ascii_case("target")
        {
            continue;
        }
        items.push(Item {
            number: i + 1,
            id_hint: None,
            sources: vec![source],
            targets: vec![ItemTarget {
                lang: lang.to_string(),
                text: target,
                variants: Vec::new(),
                forbidden: Vec::new(),
            }],
        });
    }
    merge(glossary_text, items, date)
}

fn lint_errors(text: &str) -> Vec<Diagnostic> {
    load::lint_text(text, &[])
        .1
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

/// An item reduced to what merging needs: its trimmed source forms (the first is the term's
/// source), the usable targets, and the skips of the unusable ones.
struct MergeItem {
    number: usize,
    id_hint: Option<String>,
    sources: Vec<String>,
    targets: Vec<ItemTarget>,
    skips: Vec<ImportSkip>,
}

impl MergeItem {
    fn new(item: Item) -> MergeItem {
        let sources: Vec<String> = item
            .sources
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        let mut p = MergeItem {
            number: item.number,
            id_hint: item.id_hint,
            sources,
            targets: Vec::new(),
            skips: Vec::new(),
        };
        if p.sources.is_empty() {
            p.skips.push(p.skip("", SkipReason::Empty));
            return p;
        }
        for t in item.targets {
            if t.text.trim().is_empty() {
                p.skips.push(p.skip(&t.lang, SkipReason::Empty));
            } else if !super::lint::valid_language(&t.lang) {
                p.skips.push(p.skip(&t.lang, SkipReason::BadLanguage));
            } else {
                p.targets.push(t);
            }
        }
        p
    }

    fn first(&self) -> &str {
        self.sources.first().map_or("", String::as_str)
    }

    fn skip(&self, lang: &str, reason: SkipReason) -> ImportSkip {
        ImportSkip {
            item: self.number,
            source: self.first().to_string(),
            lang: lang.to_string(),
            reason,
        }
    }

    fn new_term(&self, id: String, date: &str) -> NewTerm {
        NewTerm {
            id,
            source: self.first().to_string(),
            variants: self.sources.iter().skip(1).cloned().collect(),
            kind: "other",
            note: None,
            targets: self
                .targets
                .iter()
                .map(|t| (t.lang.clone(), new_entry(t, date)))
                .collect(),
        }
    }
}

/// What an existing term already has for `t.lang`: a skip, or `None` when an entry may be added.
fn existing_entry_skip(
    p: &MergeItem,
    term: &super::schema::Term,
    t: &ItemTarget,
) -> Option<ImportSkip> {
    let e = term.target(&t.lang)?;
    let same = e
        .accepted()
        .any(|a| normalize_form(a, true) == normalize_form(&t.text, true));
    let reason = if same {
        SkipReason::AlreadyPresent
    } else {
        SkipReason::Conflict {
            existing: e.text.clone().unwrap_or_default(),
        }
    };
    Some(p.skip(&t.lang, reason))
}

fn merge(
    glossary_text: &str,
    items: Vec<Item>,
    date: &str,
) -> Result<GlossaryImportOutcome, GlossaryImportError> {
    let bom = glossary_text.starts_with('\u{feff}');
    let text = strip_bom(glossary_text).to_string();
    let errors = lint_errors(&text);
    if !errors.is_empty() {
        return Err(GlossaryImportError::Glossary(errors));
    }
    let items: Vec<MergeItem> = items.into_iter().map(MergeItem::new).collect();
    let mut out = match merge_at_once(&text, &items, date) {
        Some(out) => out,
        None => merge_item_by_item(text, &items, date)?,
    };
    if bom {
        out.new_yaml.insert(0, '\u{feff}');
    }
    Ok(out)
}

/// Every item against the glossary as it was, all edits at once, one lint: linear in the file
/// and the glossary. `None` when only the item-by-item path can decide: an item that touches a
/// term an earlier item created or extended, two entries that would open the same `targets:`,
/// an edit that cannot be made in place, or a merged glossary that does not lint clean.
fn merge_at_once(text: &str, items: &[MergeItem], date: &str) -> Option<GlossaryImportOutcome> {
    use std::collections::HashSet;
    let glossary = load::load(text).ok()?;
    let raw = parse_raw(text).ok()?;
    let claimed = claimed_forms(&glossary);
    let mut ids: HashSet<String> = glossary.terms.iter().map(|t| t.id.clone()).collect();
    let mut created: HashSet<String> = HashSet::new();
    let mut extended: HashSet<usize> = HashSet::new();
    let mut counter = 0usize;
    let mut out = GlossaryImportOutcome {
        new_yaml: String::new(),
        added_entries: Vec::new(),
        new_terms: Vec::new(),
        skipped: Vec::new(),
    };
    let mut entries: Vec<(usize, &ItemTarget)> = Vec::new();
    let mut terms: Vec<NewTerm> = Vec::new();
    for p in items {
        out.skipped.extend(p.skips.iter().cloned());
        if p.sources.is_empty() {
            continue;
        }
        let wanted: Vec<String> = p.sources.iter().map(|s| normalize_form(s, true)).collect();
        if wanted.iter().any(|w| created.contains(w)) {
            return None;
        }
        match wanted.iter().filter_map(|w| claimed.get(w)).min().copied() {
            Some(ti) => {
                let term = glossary.terms.get(ti)?;
                if !extended.insert(ti) {
                    return None;
                }
                plan_entries(p, ti, term, &mut entries, &mut out)?;
            }
            None => {
                let id = new_id(
                    &|id: &str| ids.contains(id),
                    p.id_hint.as_deref(),
                    &p.targets,
                    &mut counter,
                );
                ids.insert(id.clone());
                created.extend(wanted);
                out.new_terms.push(id.clone());
                terms.push(p.new_term(id, date));
            }
        }
    }
    out.new_yaml = write_merged(text, &raw, &entries, &terms, date)?;
    Some(out)
}

/// Normalized source form → the first term that claims it (what a scan in order finds).
fn claimed_forms(glossary: &Glossary) -> std::collections::HashMap<String, usize> {
    let mut claimed = std::collections::HashMap::new();
    for (ti, term) in glossary.terms.iter().enumerate() {
        for f in term.source_forms() {
            claimed.entry(normalize_form(f, true)).or_insert(ti);
        }
    }
    claimed
}

/// The new entries item `p` adds to existing term `ti`; entries the term already has are
/// skipped. `None` when only the item-by-item path can decide: a second entry of one language,
/// or a second one for a term without `targets:` (both would open the map).
fn plan_entries<'i>(
    p: &'i MergeItem,
    ti: usize,
    term: &Term,
    entries: &mut Vec<(usize, &'i ItemTarget)>,
    out: &mut GlossaryImportOutcome,
) -> Option<()> {
    let mut langs: Vec<String> = Vec::new();
    for t in &p.targets {
        if let Some(skip) = existing_entry_skip(p, term, t) {
            out.skipped.push(skip);
            continue;
        }
        let lang = t.lang.to_ascii_lowercase();
        if langs.contains(&lang) || (term.targets.is_empty() && !langs.is_empty()) {
            return None;
        }
        langs.push(lang);
        entries.push((ti, t));
        out.added_entries.push((term.id.clone(), t.lang.clone()));
    }
    Some(())
}

/// All planned edits made at once and linted; `None` when an edit cannot be made in place or
/// the result does not lint clean.
fn write_merged(
    text: &str,
    raw: &RawGlossary,
    entries: &[(usize, &ItemTarget)],
    terms: &[NewTerm],
    date: &str,
) -> Option<String> {
    let mut edits = yamledit::Edits::new(text);
    // Entries of existing terms first: an entry of the last term and an appended term can share
    // an insertion point, and the entry must stay inside its term.
    for &(ti, t) in entries {
        yamledit::push_add_entry(&mut edits, raw, ti, &t.lang, &new_entry(t, date)).ok()?;
    }
    for term in terms {
        yamledit::push_append_term(&mut edits, raw, term).ok()?;
    }
    let merged = edits.finish().ok()?;
    if !lint_errors(&merged).is_empty() {
        return None;
    }
    Some(merged)
}

/// One item at a time, re-parsing and re-linting after each, so an item that would break the
/// glossary is skipped alone.
fn merge_item_by_item(
    mut text: String,
    items: &[MergeItem],
    date: &str,
) -> Result<GlossaryImportOutcome, GlossaryImportError> {
    let mut out = GlossaryImportOutcome {
        new_yaml: String::new(),
        added_entries: Vec::new(),
        new_terms: Vec::new(),
        skipped: Vec::new(),
    };
    let mut counter = 0usize;
    for p in items {
        out.skipped.extend(p.skips.iter().cloned());
        if p.sources.is_empty() {
            continue;
        }
        // Every merged edit was linted, so this only fails if the text was broken to begin with.
        let glossary = load::load(&text).map_err(GlossaryImportError::Glossary)?;
        let wanted: Vec<String> = p.sources.iter().map(|s| normalize_form(s, true)).collect();
        let found = glossary.terms.iter().position(|t| {
            t.source_forms()
                .any(|f| wanted.contains(&normalize_form(f, true)))
        });
        match found.and_then(|ti| glossary.terms.get(ti).map(|term| (ti, term))) {
            Some((ti, term)) => {
                for t in &p.targets {
                    if let Some(skip) = existing_entry_skip(p, term, t) {
                        out.skipped.push(skip);
                        continue;
                    }
                    let result = parse_raw(&text)
                        .map_err(|_| EditError::Layout)
                        .and_then(|raw| {
                            yamledit::add_entry(&text, &raw, ti, &t.lang, &new_entry(t, date))
                        });
                    match checked(result) {
                        Ok(new) => {
                            text = new;
                            out.added_entries.push((term.id.clone(), t.lang.clone()));
                        }
                        Err(reason) => out.skipped.push(p.skip(&t.lang, reason)),
                    }
                }
            }
            None => {
                let taken = |id: &str| glossary.terms.iter().any(|t| t.id == id);
                let id = new_id(&taken, p.id_hint.as_deref(), &p.targets, &mut counter);
                let term = p.new_term(id.clone(), date);
                let result = parse_raw(&text)
                    .map_err(|_| EditError::Layout)
                    .and_then(|raw| yamledit::append_term(&text, &raw, &term));
                match checked(result) {
                    Ok(new) => {
                        text = new;
                        out.new_terms.push(id);
                    }
                    Err(reason) => out.skipped.push(p.skip("", reason)),
                }
            }
        }
    }
    out.new_yaml = text;
    Ok(out)
}

/// An edit result that also lints clean, or why not.
fn checked(result: Result<String, EditError>) -> Result<String, SkipReason> {
    let new = result.map_err(|e| SkipReason::NotEditable { detail: e.id() })?;
    let errs = lint_errors(&new);
    if errs.is_empty() {
        Ok(new)
    } else {
        let mut rules: Vec<&'static str> = errs.iter().map(|d| d.rule).collect();
        rules.dedup();
        Err(SkipReason::Invalid { rules })
    }
}

fn new_entry(t: &ItemTarget, date: &str) -> NewEntry {
    NewEntry {
        text: Some(t.text.trim().to_string()),
        variants: t.variants.clone(),
        forbidden: t.forbidden.clone(),
        status: Status::Proposed,
        reviewer: None,
        updated: Some(date.to_string()),
        comment: None,
    }
}

/// A fresh kebab-case id: the TBX concept id, else a slug of the English rendering, else
/// `imported-N`; made unique with a numeric suffix.
fn new_id(
    taken: &dyn Fn(&str) -> bool,
    hint: Option<&str>,
    targets: &[ItemTarget],
    counter: &mut usize,
) -> String {
    let slug = |s: &str| {
        let mut out = String::new();
        for c in s.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
        out.trim_end_matches('-').to_string()
    };
    // English first, then any rendering written in ASCII letters.
    let is_en = |t: &&ItemTarget| t.lang == "en" || t.lang.starts_with("en-");
    let from_text = targets
        .iter()
        .filter(is_en)
        .chain(targets.iter().filter(|t| !is_en(t)))
        .map(|t| slug(&t.text))
        .find(|s| valid_id(s));
    let base = hint.map(slug).filter(|s| valid_id(s)).or(from_text);
    match base {
        Some(b) if !taken(&b) => b,
        Some(b) => (2..)
            .map(|n| format!("{b}-{n}"))
            .find(|c| !taken(c))
            .unwrap_or(b),
        None => loop {
            *counter += 1;
            let c = format!("imported-{counter}");
            if !taken(&c) {
                break c;
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "# Test glossary\nversion: 1\nsource: zh-Hans\nterms:\n  # kiln\n  - id: kiln\n    source: 窑\n    kind: craft\n    targets:\n      en: {text: kiln, status: approved}\n";

    #[test]
    fn csv_pairs_merge_as_proposed() {
        let csv_text = "窑,Ofen\n景德镇,Jingdezhen\n窑,Brennofen\n,leer\n";
        let out = import_csv(DOC, csv_text, "de", "2026-12-03").unwrap();
        assert_eq!(
            out.added_entries,
            vec![("kiln".to_string(), "de".to_string())]
        );
        assert_eq!(out.new_terms, vec!["jingdezhen".to_string()]);
        let reasons: Vec<(usize, &str)> = out
            .skipped
            .iter()
            .map(|s| (s.item, s.reason.id()))
            .collect();
        assert_eq!(reasons, vec![(3, "conflict"), (4, "empty")]);
        assert!(out.new_yaml.starts_with("# Test glossary\n"));
        assert!(
            out.new_yaml
                .contains("      de: {text: Ofen, status: proposed, updated: 2026-12-03}\n")
        );
        let g = crate::glossary::load(&out.new_yaml).unwrap();
        let jdz = g.term("jingdezhen").unwrap();
        assert_eq!(jdz.source, "景德镇");
        assert_eq!(jdz.target("de").unwrap().status, Status::Proposed);
        // Importing again changes nothing.
        let again = import_csv(&out.new_yaml, csv_text, "de", "2026-12-04").unwrap();
        assert_eq!(again.new_yaml, out.new_yaml);
        assert!(
            again
                .skipped
                .iter()
                .any(|s| s.reason == SkipReason::AlreadyPresent)
        );
    }

    fn item(number: usize, sources: &[&str], targets: &[(&str, &str)]) -> Item {
        Item {
            number,
            id_hint: None,
            sources: sources.iter().map(|s| s.to_string()).collect(),
            targets: targets
                .iter()
                .map(|(lang, text)| ItemTarget {
                    lang: lang.to_string(),
                    text: text.to_string(),
                    variants: Vec::new(),
                    forbidden: Vec::new(),
                })
                .collect(),
        }
    }

    /// The one-pass merge and the item-by-item merge agree whenever the one pass takes a file,
    /// and the one pass declines what depends on an earlier item of the same file.
    #[test]
    fn one_pass_import_equals_item_by_item() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/series");
        let sample = std::fs::read_to_string(root.join("glossary.yaml")).unwrap();
        let text = strip_bom(&sample).to_string();
        let g = crate::glossary::load(&text).unwrap();
        let existing = g.terms.iter().find(|t| t.target("en").is_some()).unwrap();
        let en = existing.target("en").unwrap().text.clone().unwrap();
        let last = g.terms.last().unwrap();
        let items = vec![
            // New terms, one with an English slug, one without.
            item(
                1,
                &["新术语甲"],
                &[("en", "Alpha Craft"), ("fa", "هنر آلفا")],
            ),
            item(2, &["新术语乙", "新术语乙二"], &[("fa", "بتا")]),
            // Two languages for an existing term, one of which it already has.
            item(3, &[&existing.source], &[("de", "Wort"), ("en", &en)]),
            // The last term of the file gains an entry while terms are appended after it.
            item(4, &[&last.source], &[("ko", "마지막")]),
            item(5, &[&existing.source], &[]),
            item(6, &["  "], &[("en", "x")]),
        ];
        let prepared = |items: &[Item]| -> Vec<MergeItem> {
            items.iter().cloned().map(MergeItem::new).collect()
        };
        let fast = merge_at_once(&text, &prepared(&items[..4]), "2026-12-03").expect("one pass");
        let slow = merge_item_by_item(text.clone(), &prepared(&items[..4]), "2026-12-03").unwrap();
        assert_eq!(fast, slow);
        assert_eq!(
            fast.new_terms,
            vec!["alpha-craft".to_string(), "imported-1".to_string()]
        );
        assert_eq!(fast.added_entries.len(), 2);
        assert_eq!(fast.skipped.len(), 1, "{:?}", fast.skipped);
        assert!(crate::glossary::load(&fast.new_yaml).is_ok());
        // Item 5 matches a term item 3 extended: only the item-by-item path can say what it finds.
        assert!(merge_at_once(&text, &prepared(&items), "2026-12-03").is_none());
        let slow = merge_item_by_item(text.clone(), &prepared(&items), "2026-12-03").unwrap();
        assert_eq!(slow.skipped.last().map(|s| s.reason.id()), Some("empty"));
        // A source form an earlier item created: declined too.
        let twice = [
            item(1, &["新术语甲"], &[("en", "A")]),
            item(2, &["新术语甲"], &[("fa", "ب")]),
        ];
        assert!(merge_at_once(&text, &prepared(&twice), "2026-12-03").is_none());
    }
}
