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
//! A row's `comment` is kept in the glossary, on the entry it is about, as `comments: [{reviewer,
//! date, text}]` (appended after earlier ones, so the conversation survives later reviews and
//! the next sheet shows it); a row with only a comment records the comment and changes nothing
//! else. Rows with neither a decision nor a comment are skipped silently.
//!
//! This file holds the outcome types and the two merge strategies; `rows` reads the sheet and
//! plans each row's edit.

mod rows;

use rows::{Columns, RowInput, plan_row, push_edit, read_rows};

use super::csv::{self, CsvError};
use super::load::{self, parse_raw, strip_bom};
use super::raw::RawGlossary;
use super::schema::Status;
use super::yamledit;
use crate::diag::{Diagnostic, Severity};

/// What a reviewer decided for one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    Approve,
    Reject,
    Correct,
    /// No decision, only a comment: the comment is recorded, the entry is otherwise unchanged.
    Comment,
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
    /// The corrected text or comment is only question marks, or the sheet came in a legacy code
    /// page and its corrected text has a `?`: the spreadsheet saved letters the code page lacks
    /// as `?`.
    LostCharacters,
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
            RefusalReason::LostCharacters => "lost-characters",
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
    apply_sheet(glossary_text, csv_text, date, reviewer_default, false)
}

/// [`apply`] for a sheet decoded from a legacy code page (`from_code_page`): there a `?` in a
/// corrected rendering is a letter the code page lacked (windows-1256 has no Persian ی or ۳), so
/// such a row is refused as [`RefusalReason::LostCharacters`] rather than merged half garbled.
pub fn apply_sheet(
    glossary_text: &str,
    csv_text: &str,
    date: &str,
    reviewer_default: Option<&str>,
    from_code_page: bool,
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
    let inputs = read_rows(rows, &cols, from_code_page);
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

#[cfg(test)]
mod tests;
