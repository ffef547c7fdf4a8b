//! `glossary apply`: merging a partner's review CSV back into `glossary.yaml`.
//!
//! Each row with a decision (`approve`, `reject`, `correct`) becomes one in-place edit of the
//! YAML text (`yamledit`), so comments, blank lines and key order survive: approving sets
//! `status: approved`, rejecting `status: rejected`, correcting replaces `text:` and approves it;
//! `reviewer:` (the row's, else the default) and `updated:` (the given date) are recorded on
//! every decision. A row is refused, with a reason, instead of overwriting anything when its
//! term is unknown, when the term's source form or the rendering changed since the sheet was made
//! (`base_fingerprint` no longer matches), when it decides the same entry twice, when it has
//! nothing to approve, when the text cannot be edited in place, or when the edited glossary
//! would no longer lint clean (e.g. a correction equal to a forbidden form). A sheet that merges
//! cleanly is applied in one pass; otherwise rows are applied one at a time and the text is
//! re-parsed after each, so every refusal leaves the text as it was (see [`apply`]).
//! Rows without a decision are skipped silently; the `comment` column is returned with each
//! change for the caller to show, not written into the glossary.

use super::csv::{self, CsvError};
use super::load::{self, parse_raw, strip_bom};
use super::raw::RawGlossary;
use super::review::fingerprint;
use super::schema::{Status, lang_serves};
use super::yamledit::{self, EditError, EntryUpdate, NewEntry};
use crate::diag::{Diagnostic, Severity};

/// What a reviewer decided for one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    Approve,
    Reject,
    Correct,
}

impl Decision {
    /// Reads a decision cell (case-insensitive; past tense accepted).
    pub fn parse(s: &str) -> Option<Decision> {
        match s.trim().to_lowercase().as_str() {
            "approve" | "approved" => Some(Decision::Approve),
            "reject" | "rejected" => Some(Decision::Reject),
            "correct" | "corrected" => Some(Decision::Correct),
            _ => None,
        }
    }
}

/// One decision merged into the glossary.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AppliedDecision {
    /// Record number in the CSV (the header is 1, as a spreadsheet numbers rows).
    pub row: usize,
    pub term_id: String,
    pub lang: String,
    pub decision: Decision,
    pub old_status: Option<Status>,
    pub new_status: Status,
    pub old_text: Option<String>,
    pub new_text: Option<String>,
    pub reviewer: String,
    pub comment: String,
}

/// Why a row was not applied. `id()` is a stable kebab-case id for messages.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum RefusalReason {
    /// No term with this id.
    UnknownTerm,
    /// The decision cell is not approve/reject/correct.
    UnknownDecision { value: String },
    /// A corrected text without a decision.
    NoDecision,
    /// The term's source or the rendering changed since the sheet was made.
    Conflict { current_text: String },
    /// The row has no `base_fingerprint`.
    MissingFingerprint,
    /// Approving or correcting with no text to approve.
    NoText,
    /// Rejecting an entry that does not exist.
    NoEntry,
    /// Neither the row nor the caller names a reviewer.
    NoReviewer,
    /// The same term and language were decided in an earlier row.
    DuplicateRow { first_row: usize },
    /// The YAML cannot be edited in place there.
    NotEditable { detail: &'static str },
    /// The edited glossary would have these lint errors.
    Invalid { rules: Vec<&'static str> },
}

impl RefusalReason {
    pub fn id(&self) -> &'static str {
        match self {
            RefusalReason::UnknownTerm => "unknown-term",
            RefusalReason::UnknownDecision { .. } => "unknown-decision",
            RefusalReason::NoDecision => "no-decision",
            RefusalReason::Conflict { .. } => "conflict",
            RefusalReason::MissingFingerprint => "missing-fingerprint",
            RefusalReason::NoText => "no-text",
            RefusalReason::NoEntry => "no-entry",
            RefusalReason::NoReviewer => "no-reviewer",
            RefusalReason::DuplicateRow { .. } => "duplicate-row",
            RefusalReason::NotEditable { .. } => "not-editable",
            RefusalReason::Invalid { .. } => "invalid",
        }
    }
}

/// A row that was not applied.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Refusal {
    pub row: usize,
    pub term_id: String,
    pub lang: String,
    pub reason: RefusalReason,
}

/// The merged glossary text and what happened to each decided row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplyOutcome {
    pub new_yaml: String,
    pub changes: Vec<AppliedDecision>,
    pub refused: Vec<Refusal>,
}

/// Why nothing could be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplyError {
    /// The glossary itself does not load (its errors).
    Glossary(Vec<Diagnostic>),
    /// The CSV is malformed.
    Csv(CsvError),
    /// A required column is absent from the header.
    MissingColumn(&'static str),
}

impl std::fmt::Display for ApplyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApplyError::Glossary(d) => write!(f, "glossary has {} error(s)", d.len()),
            ApplyError::Csv(e) => write!(f, "line {}: {}", e.line, e.message),
            ApplyError::MissingColumn(c) => write!(f, "missing column {c}"),
        }
    }
}

impl std::error::Error for ApplyError {}

fn errors_of(text: &str) -> Vec<Diagnostic> {
    let (_, diags) = load::lint_text(text, &[]);
    diags
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

/// Column positions found in the header.
struct Columns {
    term_id: usize,
    lang: usize,
    fingerprint: usize,
    decision: usize,
    corrected: Option<usize>,
    reviewer: Option<usize>,
    comment: Option<usize>,
}

impl Columns {
    fn from_header(header: &[String]) -> Result<Columns, ApplyError> {
        let find = |name: &str| {
            header.iter().position(|h| {
                h.trim()
                    .trim_start_matches('\u{feff}')
                    .eq_ignore_ascii_case(name)
            })
        };
        let need = |name: &'static str| find(name).ok_or(ApplyError::MissingColumn(name));
        Ok(Columns {
            term_id: need("term_id")?,
            lang: need("lang")?,
            fingerprint: need("base_fingerprint")?,
            decision: need("decision")?,
            corrected: find("corrected_text"),
            reviewer: find("reviewer"),
            comment: find("comment"),
        })
    }
}

/// A decided row, before the glossary is consulted.
struct RowInput {
    row: usize,
    term_id: String,
    lang: String,
    decision: Decision,
    corrected: String,
    base: String,
    reviewer: String,
    comment: String,
}

impl RowInput {
    fn refuse(&self, reason: RefusalReason) -> Refusal {
        Refusal {
            row: self.row,
            term_id: self.term_id.clone(),
            lang: self.lang.clone(),
            reason,
        }
    }
}

/// A row checked against one parse of the glossary: the edit to make and the change it records.
struct Planned {
    term: usize,
    entry: Option<usize>,
    text: Option<String>,
    status: Status,
    change: AppliedDecision,
}

/// Checks `input` against the glossary `raw` (term, fingerprint, reviewer, decision).
fn plan_row(
    raw: &RawGlossary,
    input: &RowInput,
    reviewer_default: Option<&str>,
) -> Result<Planned, Refusal> {
    let Some(ti) = raw
        .terms()
        .iter()
        .position(|t| t.value.id.value == input.term_id)
    else {
        return Err(input.refuse(RefusalReason::UnknownTerm));
    };
    let entry = find_entry(raw, ti, &input.lang);
    let (old_status, old_text) = entry_state(raw, ti, entry);
    let source = raw
        .terms()
        .get(ti)
        .map(|t| t.value.source.value.as_str())
        .unwrap_or_default();
    if input.base.is_empty() {
        return Err(input.refuse(RefusalReason::MissingFingerprint));
    }
    let current = old_text.clone().unwrap_or_default();
    if input.base != fingerprint(source, &input.lang, &current) {
        return Err(input.refuse(RefusalReason::Conflict {
            current_text: current,
        }));
    }
    let reviewer = match reviewer_default {
        _ if !input.reviewer.is_empty() => input.reviewer.clone(),
        Some(r) if !r.trim().is_empty() => r.trim().to_string(),
        _ => return Err(input.refuse(RefusalReason::NoReviewer)),
    };
    let corrected = &input.corrected;
    let mut decision = input.decision;
    if decision == Decision::Approve && !corrected.is_empty() && *corrected != current {
        decision = Decision::Correct;
    }
    let (new_status, new_text) = match decision {
        Decision::Approve if current.is_empty() => {
            return Err(input.refuse(RefusalReason::NoText));
        }
        Decision::Approve => (Status::Approved, None),
        Decision::Reject if entry.is_none() => return Err(input.refuse(RefusalReason::NoEntry)),
        Decision::Reject => (Status::Rejected, None),
        Decision::Correct if corrected.is_empty() => {
            return Err(input.refuse(RefusalReason::NoText));
        }
        Decision::Correct => (Status::Approved, Some(corrected.clone())),
    };
    Ok(Planned {
        term: ti,
        entry,
        text: new_text.clone(),
        status: new_status,
        change: AppliedDecision {
            row: input.row,
            term_id: input.term_id.clone(),
            lang: input.lang.clone(),
            decision,
            old_status,
            new_status,
            old_text,
            new_text: new_text.or(Some(current)).filter(|t| !t.is_empty()),
            reviewer,
            comment: input.comment.clone(),
        },
    })
}

/// Adds the edit of `p` to `edits` (whose text `raw` is the parse of).
fn push_edit(
    edits: &mut yamledit::Edits<'_>,
    raw: &RawGlossary,
    p: &Planned,
    date: &str,
) -> Result<(), EditError> {
    match p.entry {
        Some(ei) => yamledit::push_update_entry(
            edits,
            raw,
            p.term,
            ei,
            &EntryUpdate {
                text: p.text.as_deref(),
                status: Some(p.status),
                reviewer: Some(&p.change.reviewer),
                updated: Some(date),
            },
        ),
        None => yamledit::push_add_entry(
            edits,
            raw,
            p.term,
            &p.change.lang,
            &NewEntry {
                text: p.text.clone(),
                variants: Vec::new(),
                forbidden: Vec::new(),
                status: p.status,
                reviewer: Some(p.change.reviewer.clone()),
                updated: Some(date.to_string()),
            },
        ),
    }
}

/// Merges the decisions of `csv_text` into `glossary_text`. `date` is recorded as `updated`;
/// `reviewer_default` is used for rows whose `reviewer` cell is empty.
///
/// The usual sheet merges cleanly, so every row is first checked against one parse of the
/// glossary and all edits are made at once, with one lint of the result: linear in the sheet and
/// the glossary. Only when that fails (an edit that cannot be made in place, edits of one entry
/// from two rows, or a merged glossary that does not lint clean) are the rows applied one by one,
/// re-parsing and re-linting after each, so every refusal names its own row and leaves the text
/// as it was.
pub fn apply(
    glossary_text: &str,
    csv_text: &str,
    date: &str,
    reviewer_default: Option<&str>,
) -> Result<ApplyOutcome, ApplyError> {
    let bom = glossary_text.starts_with('\u{feff}');
    let text = strip_bom(glossary_text).to_string();
    let errors = errors_of(&text);
    if !errors.is_empty() {
        return Err(ApplyError::Glossary(errors));
    }
    let records = csv::read(csv_text, csv::sniff_delimiter(csv_text)).map_err(ApplyError::Csv)?;
    let Some((header, rows)) = records.split_first() else {
        return Err(ApplyError::MissingColumn("term_id"));
    };
    let cols = Columns::from_header(&header.cells)?;
    let inputs = read_rows(rows, &cols);
    let raw = parse_raw(&text).map_err(ApplyError::Glossary)?;
    let (text, changes, refused) = match merge_at_once(&text, &raw, &inputs, date, reviewer_default)
    {
        Some(merged) => merged,
        None => merge_row_by_row(text, &inputs, date, reviewer_default)?,
    };
    let new_yaml = if bom { format!("\u{feff}{text}") } else { text };
    Ok(ApplyOutcome {
        new_yaml,
        changes,
        refused,
    })
}

/// The rows of the sheet in order: skipped (no decision, no correction), refused for reasons the
/// glossary does not enter into, or decided.
fn read_rows(rows: &[csv::Record], cols: &Columns) -> Vec<Result<RowInput, Refusal>> {
    let mut out = Vec::new();
    let mut decided: std::collections::HashMap<(String, String), usize> =
        std::collections::HashMap::new();
    for (i, rec) in rows.iter().enumerate() {
        let row = i + 2;
        let cell = |c: Option<usize>| {
            c.and_then(|c| rec.cells.get(c))
                .map(|s| csv::unprotect(s).trim().to_string())
                .unwrap_or_default()
        };
        let term_id = cell(Some(cols.term_id));
        let lang = cell(Some(cols.lang));
        let decision_cell = cell(Some(cols.decision));
        let corrected = cell(cols.corrected);
        let refuse = |reason: RefusalReason| Refusal {
            row,
            term_id: term_id.clone(),
            lang: lang.clone(),
            reason,
        };
        if decision_cell.is_empty() {
            if !corrected.is_empty() {
                out.push(Err(refuse(RefusalReason::NoDecision)));
            }
            continue;
        }
        let Some(decision) = Decision::parse(&decision_cell) else {
            out.push(Err(refuse(RefusalReason::UnknownDecision {
                value: decision_cell,
            })));
            continue;
        };
        let key = (term_id.clone(), lang.to_ascii_lowercase());
        if let Some(first_row) = decided.get(&key) {
            out.push(Err(refuse(RefusalReason::DuplicateRow {
                first_row: *first_row,
            })));
            continue;
        }
        decided.insert(key, row);
        out.push(Ok(RowInput {
            row,
            term_id,
            lang,
            decision,
            corrected,
            base: cell(Some(cols.fingerprint)),
            reviewer: cell(cols.reviewer),
            comment: cell(cols.comment),
        }));
    }
    out
}

type Merged = (String, Vec<AppliedDecision>, Vec<Refusal>);

/// Every row against the unedited glossary, all edits at once, one lint; `None` when the slow
/// path must decide (see [`apply`]).
fn merge_at_once(
    text: &str,
    raw: &RawGlossary,
    inputs: &[Result<RowInput, Refusal>],
    date: &str,
    reviewer_default: Option<&str>,
) -> Option<Merged> {
    let mut edits = yamledit::Edits::new(text);
    let mut touched = std::collections::HashSet::new();
    let mut changes = Vec::new();
    let mut refused = Vec::new();
    for input in inputs {
        let input = match input {
            Ok(i) => i,
            Err(r) => {
                refused.push(r.clone());
                continue;
            }
        };
        match plan_row(raw, input, reviewer_default) {
            Err(r) => refused.push(r),
            Ok(p) => {
                // Two rows on one entry (`fa` and `fa-IR` both resolving to `fa`), or two new
                // entries of one language, would edit the same lines.
                let target = match p.entry {
                    Some(ei) => (p.term, ei.to_string()),
                    None => (
                        p.term,
                        format!("new:{}", p.change.lang.to_ascii_lowercase()),
                    ),
                };
                if !touched.insert(target) {
                    return None;
                }
                push_edit(&mut edits, raw, &p, date).ok()?;
                changes.push(p.change);
            }
        }
    }
    let merged = edits.finish().ok()?;
    if !errors_of(&merged).is_empty() {
        return None;
    }
    Some((merged, changes, refused))
}

/// Row by row: each decided row against the glossary as the rows before it left it.
fn merge_row_by_row(
    mut text: String,
    inputs: &[Result<RowInput, Refusal>],
    date: &str,
    reviewer_default: Option<&str>,
) -> Result<Merged, ApplyError> {
    let mut changes = Vec::new();
    let mut refused = Vec::new();
    for input in inputs {
        let input = match input {
            Ok(i) => i,
            Err(r) => {
                refused.push(r.clone());
                continue;
            }
        };
        let raw = parse_raw(&text).map_err(ApplyError::Glossary)?;
        let p = match plan_row(&raw, input, reviewer_default) {
            Ok(p) => p,
            Err(r) => {
                refused.push(r);
                continue;
            }
        };
        let mut edits = yamledit::Edits::new(&text);
        let edited = push_edit(&mut edits, &raw, &p, date).and_then(|()| edits.finish());
        let edited = match edited {
            Ok(t) => t,
            Err(e) => {
                refused.push(input.refuse(RefusalReason::NotEditable { detail: e.id() }));
                continue;
            }
        };
        let errs = errors_of(&edited);
        if !errs.is_empty() {
            let mut rules: Vec<&'static str> = errs.iter().map(|d| d.rule).collect();
            rules.dedup();
            refused.push(input.refuse(RefusalReason::Invalid { rules }));
            continue;
        }
        text = edited;
        changes.push(p.change);
    }
    Ok((text, changes, refused))
}

/// Index of the entry of term `ti` for `lang`: the exact key first, then a compatible one.
fn find_entry(raw: &RawGlossary, ti: usize, lang: &str) -> Option<usize> {
    let targets = raw.terms().get(ti)?.value.targets();
    if let Some(i) = targets
        .iter()
        .position(|(k, _)| k.value.eq_ignore_ascii_case(lang))
    {
        return Some(i);
    }
    let wanted: unic_langid::LanguageIdentifier = lang.parse().ok()?;
    targets.iter().position(|(k, _)| {
        k.value
            .parse::<unic_langid::LanguageIdentifier>()
            .is_ok_and(|have| lang_serves(&have, &wanted))
    })
}

fn entry_state(
    raw: &RawGlossary,
    ti: usize,
    entry: Option<usize>,
) -> (Option<Status>, Option<String>) {
    let Some(e) = entry.and_then(|ei| raw.terms().get(ti)?.value.targets().get(ei)) else {
        return (None, None);
    };
    (
        Status::from_name(&e.1.value.status.value),
        e.1.value.text.as_ref().map(|t| t.value.clone()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::review::review_csv;

    fn sample() -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("glossary.yaml");
        std::fs::read_to_string(path).unwrap()
    }

    /// Fills in `decision`, `corrected_text`, `reviewer` and `comment` of the row for `term`, the
    /// way a partner edits the sheet in a spreadsheet.
    fn decide(
        csv_text: &str,
        term: &str,
        decision: &str,
        corrected: &str,
        reviewer: &str,
    ) -> String {
        let records = csv::read(csv_text, ',').unwrap();
        let mut out = String::from("\u{feff}");
        for r in records {
            let mut cells = r.cells.clone();
            if cells.first().map(String::as_str) == Some(term) {
                cells[7] = decision.into();
                cells[8] = corrected.into();
                cells[9] = reviewer.into();
                cells[10] = "checked with the Cairo team, see mail of 3 Dec".into();
            }
            let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
            csv::write_record(&mut out, &refs, ',');
        }
        out
    }

    /// Lines only in `a` and lines only in `b` (a multiset difference, enough for small edits).
    fn line_diff(a: &str, b: &str) -> (Vec<String>, Vec<String>) {
        let mut only_b: Vec<String> = b.lines().map(str::to_string).collect();
        let mut only_a = Vec::new();
        for l in a.lines() {
            if let Some(i) = only_b.iter().position(|x| x == l) {
                only_b.remove(i);
            } else {
                only_a.push(l.to_string());
            }
        }
        (only_a, only_b)
    }

    #[test]
    fn review_round_trip_changes_exactly_the_decided_lines() {
        let original = sample();
        let sheet = review_csv(&crate::glossary::load(&original).unwrap(), "ar");
        let mut edited = decide(&sheet, "cloisonne", "approve", "", "Layla Haddad");
        edited = decide(&edited, "jingtailan", "Reject", "", "");
        edited = decide(
            &edited,
            "silk-road-screen",
            "correct",
            "حاجز طريق الحرير الصيني",
            "Layla Haddad",
        );
        edited = decide(&edited, "liuli", "approve", "", "Layla Haddad");
        // After the sheet went out, someone changed liuli's Arabic rendering in the glossary.
        let changed = original.replace(
            "        text: الزجاج الملون\n",
            "        text: الزجاج المعشق\n",
        );
        assert_ne!(changed, original);
        let out = apply(&changed, &edited, "2026-12-03", Some("Cairo team")).unwrap();
        assert_eq!(
            out.refused,
            vec![Refusal {
                row: out.refused[0].row,
                term_id: "liuli".into(),
                lang: "ar".into(),
                reason: RefusalReason::Conflict {
                    current_text: "الزجاج المعشق".into()
                },
            }]
        );
        let summary: Vec<(&str, Decision, Status, &str)> = out
            .changes
            .iter()
            .map(|c| {
                (
                    c.term_id.as_str(),
                    c.decision,
                    c.new_status,
                    c.reviewer.as_str(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    "cloisonne",
                    Decision::Approve,
                    Status::Approved,
                    "Layla Haddad"
                ),
                (
                    "jingtailan",
                    Decision::Reject,
                    Status::Rejected,
                    "Cairo team"
                ),
                (
                    "silk-road-screen",
                    Decision::Correct,
                    Status::Approved,
                    "Layla Haddad"
                ),
            ]
        );
        assert_eq!(
            out.changes[0].comment,
            "checked with the Cairo team, see mail of 3 Dec"
        );
        let (mut removed, mut added) = line_diff(&changed, &out.new_yaml);
        removed.sort();
        added.sort();
        let mut want_removed = vec![
            "        status: proposed",
            "        updated: 2026-11-20",
            "        status: proposed",
            "        updated: 2026-11-20",
            "      ar: {text: حاجز طريق الحرير, status: proposed, updated: 2026-11-20}",
        ];
        let mut want_added = vec![
            "        status: approved",
            "        reviewer: Layla Haddad",
            "        updated: 2026-12-03",
            "        status: rejected",
            "        reviewer: Cairo team",
            "        updated: 2026-12-03",
            "      ar: {text: حاجز طريق الحرير الصيني, status: approved, reviewer: Layla Haddad, updated: 2026-12-03}",
        ];
        want_removed.sort_unstable();
        want_added.sort_unstable();
        assert_eq!(removed, want_removed);
        assert_eq!(added, want_added);
        assert_eq!(
            out.new_yaml.lines().count(),
            changed.lines().count() + 2,
            "only the two reviewer lines are new"
        );
        // Comments and everything else are untouched, and the result loads.
        assert_eq!(
            out.new_yaml
                .lines()
                .filter(|l| l.trim_start().starts_with('#'))
                .count(),
            changed
                .lines()
                .filter(|l| l.trim_start().starts_with('#'))
                .count()
        );
        let g = crate::glossary::load(&out.new_yaml).unwrap();
        assert_eq!(
            g.term("cloisonne").unwrap().target("ar").unwrap().status,
            Status::Approved
        );
        // Applying the same sheet again: decisions about unchanged renderings are simply recorded
        // again; the corrected one (and liuli) now conflict.
        let again = apply(&out.new_yaml, &edited, "2026-12-04", Some("x")).unwrap();
        let ids: Vec<&str> = again.changes.iter().map(|c| c.term_id.as_str()).collect();
        assert_eq!(ids, vec!["cloisonne", "jingtailan"]);
        let refused: Vec<(&str, &str)> = again
            .refused
            .iter()
            .map(|r| (r.term_id.as_str(), r.reason.id()))
            .collect();
        assert_eq!(
            refused,
            vec![("liuli", "conflict"), ("silk-road-screen", "conflict")]
        );
    }

    #[test]
    fn refusals_explain_themselves() {
        let original = sample();
        let g = crate::glossary::load(&original).unwrap();
        let sheet = review_csv(&g, "fa");
        let mut edited = decide(&sheet, "liuli", "approve", "", "N");
        edited = decide(&edited, "beijing", "correct", "پیکن", "N");
        edited = decide(&edited, "kiln", "maybe", "", "N");
        edited = decide(&edited, "glaze", "approve", "", "");
        edited.push_str("no-such-term,craft,x,fa,approved,y,0000000000000000,approve,,N,\r\n");
        let fp = fingerprint("窑", "fa", "کوره");
        edited.push_str(&format!(
            "kiln,craft,窑,fa,approved,کوره,{fp},approve,,N,\r\n"
        ));
        edited.push_str(&format!(
            "kiln,craft,窑,fa,approved,کوره,{fp},reject,,N,\r\n"
        ));
        let out = apply(&original, &edited, "2026-12-03", None).unwrap();
        let reasons: Vec<(&str, &str)> = out
            .refused
            .iter()
            .map(|r| (r.term_id.as_str(), r.reason.id()))
            .collect();
        assert_eq!(
            reasons,
            vec![
                // liuli's Persian entry is rejected but has text, so approving it is allowed;
                // beijing's correction is one of its forbidden forms.
                ("glaze", "no-reviewer"),
                ("kiln", "unknown-decision"),
                ("beijing", "invalid"),
                ("no-such-term", "unknown-term"),
                ("kiln", "duplicate-row"),
            ]
        );
        assert_eq!(out.changes.len(), 2);
        assert_eq!(out.changes[0].term_id, "liuli");
        assert_eq!(out.changes[1].term_id, "kiln");
    }

    /// The one-pass merge and the row-by-row merge agree on a sheet that merges cleanly (approve,
    /// reject, correct, a new entry, a refusal), and the one pass declines what only the
    /// row-by-row path can attribute (a correction that breaks lint).
    #[test]
    fn one_pass_merge_equals_row_by_row_and_declines_an_invalid_sheet() {
        let original = sample();
        let g = crate::glossary::load(&original).unwrap();
        let sheet = review_csv(&g, "ar");
        let mut edited = decide(&sheet, "cloisonne", "approve", "", "Layla Haddad");
        edited = decide(&edited, "jingtailan", "reject", "", "Layla Haddad");
        edited = decide(
            &edited,
            "silk-road-screen",
            "correct",
            "حاجز طريق الحرير",
            "L",
        );
        edited = decide(&edited, "glaze", "approve", "", "");
        let text = strip_bom(&original).to_string();
        let raw = parse_raw(&text).unwrap();
        let records = csv::read(&edited, ',').unwrap();
        let (header, rows) = records.split_first().unwrap();
        let cols = Columns::from_header(&header.cells).unwrap();
        let inputs = read_rows(rows, &cols);
        let fast = merge_at_once(&text, &raw, &inputs, "2026-12-03", None).expect("one pass");
        let slow = merge_row_by_row(text.clone(), &inputs, "2026-12-03", None).unwrap();
        assert_eq!(fast, slow);
        assert_eq!(fast.1.len(), 3, "three changes");
        assert_eq!(fast.2.len(), 1, "glaze has no reviewer");
        assert_ne!(fast.0, text);

        // beijing's Persian correction is one of its forbidden forms: the merged text would not
        // lint clean, so the one pass declines and the row-by-row path refuses that row alone.
        let sheet = review_csv(&g, "fa");
        let mut edited = decide(&sheet, "liuli", "approve", "", "N");
        edited = decide(&edited, "beijing", "correct", "پیکن", "N");
        let records = csv::read(&edited, ',').unwrap();
        let (header, rows) = records.split_first().unwrap();
        let inputs = read_rows(rows, &Columns::from_header(&header.cells).unwrap());
        assert!(merge_at_once(&text, &raw, &inputs, "2026-12-03", None).is_none());
        let (_, changes, refused) =
            merge_row_by_row(text.clone(), &inputs, "2026-12-03", None).unwrap();
        assert_eq!(changes.len(), 1);
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].reason.id(), "invalid");
    }

    #[test]
    fn a_correction_for_a_missing_language_adds_an_entry() {
        let original = sample();
        let sheet = review_csv(&crate::glossary::load(&original).unwrap(), "de");
        let edited = decide(&sheet, "kiln", "correct", "Brennofen", "Jana");
        let out = apply(&original, &edited, "2026-12-03", None).unwrap();
        assert!(out.refused.is_empty(), "{:?}", out.refused);
        let (removed, added) = line_diff(&original, &out.new_yaml);
        assert!(removed.is_empty());
        assert_eq!(
            added,
            vec![
                "      de: {text: Brennofen, status: approved, reviewer: Jana, updated: 2026-12-03}"
            ]
        );
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        let original = sample();
        assert!(matches!(
            apply(&original, "a,b\r\n1,2\r\n", "2026-12-03", None),
            Err(ApplyError::MissingColumn("term_id"))
        ));
        assert!(matches!(
            apply(&original, "term_id,\"lang\n", "2026-12-03", None),
            Err(ApplyError::Csv(_))
        ));
        assert!(matches!(
            apply(
                "version: 1\nsource: zh-Hans\nterms:\n  - {id: A}\n",
                "",
                "d",
                None
            ),
            Err(ApplyError::Glossary(_))
        ));
        assert!(apply(&original, "", "2026-12-03", None).is_err());
    }

    const SMALL: &str = "version: 1\nsource: zh-Hans\nterms:\n  # kiln\n  - id: kiln\n    source: 窑\n    kind: craft\n    targets:\n      en:\n        text: kiln   # the usual word\n        forbidden: [oven]\n        status: proposed\n        note: >-\n          folded\n      fa: {text: کوره, status: approved}\n  - id: glaze\n    source: 釉\n    kind: craft\n";

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        /// Whatever a partner writes into the sheet, apply never panics and never produces a
        /// glossary that fails to load.
        #[test]
        fn random_sheets_keep_the_glossary_valid(
            rows in proptest::collection::vec(
                (0usize..4, 0usize..3, 0usize..7, "\\PC{0,6}|oven|kiln", proptest::prelude::any::<bool>(), "\\PC{0,4}"),
                0..6,
            ),
        ) {
            let mut csv_text = String::from("term_id,lang,base_fingerprint,decision,corrected_text,reviewer\r\n");
            for (t, l, d, corrected, real_fp, reviewer) in rows {
                let term = ["kiln", "glaze", "nope", ""][t];
                let lang = ["en", "fa", "de"][l];
                let decision = ["approve", "reject", "correct", "", "x", "APPROVED", "corrected"][d];
                let current = match (term, lang) {
                    ("kiln", "en") => "kiln",
                    ("kiln", "fa") => "کوره",
                    _ => "",
                };
                let source = match term {
                    "kiln" => "窑",
                    "glaze" => "釉",
                    _ => "",
                };
                let fp = if real_fp { fingerprint(source, lang, current) } else { "0".into() };
                let cells = [term, lang, fp.as_str(), decision, corrected.as_str(), reviewer.as_str()];
                csv::write_record(&mut csv_text, &cells, ',');
            }
            if let Ok(out) = apply(SMALL, &csv_text, "2026-01-01", Some("R")) {
                proptest::prop_assert!(crate::glossary::load(&out.new_yaml).is_ok(), "{}", out.new_yaml);
                proptest::prop_assert!(out.new_yaml.contains("# the usual word"));
                // Whenever the one-pass merge takes a sheet, it agrees with the row-by-row one.
                let records = csv::read(&csv_text, ',').unwrap_or_default();
                if let Some((header, rows)) = records.split_first()
                    && let Ok(cols) = Columns::from_header(&header.cells)
                    && let Ok(raw) = parse_raw(SMALL)
                {
                    let inputs = read_rows(rows, &cols);
                    if let Some(fast) = merge_at_once(SMALL, &raw, &inputs, "2026-01-01", Some("R")) {
                        let slow = merge_row_by_row(SMALL.to_string(), &inputs, "2026-01-01", Some("R"));
                        proptest::prop_assert_eq!(Ok(fast), slow);
                    }
                }
            }
        }
    }
}
