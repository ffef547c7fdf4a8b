//! The sheet's side of `glossary apply`: finding the columns, reading each decided row, and
//! checking a row against one parse of the glossary to plan its in-place edit.

use super::{AppliedDecision, ApplyError, Decision, Refusal, RefusalReason};
use crate::glossary::csv;
use crate::glossary::raw::RawGlossary;
use crate::glossary::review::fingerprint;
use crate::glossary::schema::{Status, lang_serves};
use crate::glossary::yamledit::{self, EditError, EntryUpdate, NewComment, NewEntry};

/// Column positions found in the header.
pub(super) struct Columns {
    term_id: usize,
    lang: usize,
    fingerprint: usize,
    decision: usize,
    corrected: Option<usize>,
    reviewer: Option<usize>,
    comment: Option<usize>,
}

impl Columns {
    pub(super) fn from_header(header: &[String]) -> Result<Columns, ApplyError> {
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
pub(super) struct RowInput {
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
    pub(super) fn refuse(&self, reason: RefusalReason) -> Refusal {
        Refusal {
            row: self.row,
            term_id: self.term_id.clone(),
            lang: self.lang.clone(),
            reason,
        }
    }
}

/// A row checked against one parse of the glossary: the edit to make and the change it records.
pub(super) struct Planned {
    pub(super) term: usize,
    pub(super) entry: Option<usize>,
    text: Option<String>,
    status: Status,
    pub(super) change: AppliedDecision,
}

/// Checks `input` against the glossary `raw` (term, fingerprint, reviewer, decision).
pub(super) fn plan_row(
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
        Decision::Comment => match old_status {
            Some(s) if entry.is_some() => (s, None),
            _ => return Err(input.refuse(RefusalReason::NoEntry)),
        },
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
pub(super) fn push_edit(
    edits: &mut yamledit::Edits<'_>,
    raw: &RawGlossary,
    p: &Planned,
    date: &str,
) -> Result<(), EditError> {
    let comment = (!p.change.comment.is_empty()).then(|| NewComment {
        reviewer: p.change.reviewer.clone(),
        date: date.to_string(),
        text: p.change.comment.clone(),
    });
    let decided = p.change.decision != Decision::Comment;
    match p.entry {
        Some(ei) => yamledit::push_update_entry(
            edits,
            raw,
            p.term,
            ei,
            &EntryUpdate {
                text: p.text.as_deref(),
                status: decided.then_some(p.status),
                reviewer: decided.then_some(p.change.reviewer.as_str()),
                updated: decided.then_some(date),
                comment: comment.as_ref(),
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
                comment,
            },
        ),
    }
}

/// The rows of the sheet in order: skipped (no decision, no correction), refused for reasons the
/// glossary does not enter into, or decided.
/// `from_code_page`: the sheet was decoded from a legacy code page (see `apply_sheet`).
pub(super) fn read_rows(
    rows: &[csv::Record],
    cols: &Columns,
    from_code_page: bool,
) -> Vec<Result<RowInput, Refusal>> {
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
        let comment = cell(cols.comment);
        if lost_characters(&corrected)
            || lost_characters(&comment)
            || (from_code_page && corrected.contains('?'))
        {
            out.push(Err(refuse(RefusalReason::LostCharacters)));
            continue;
        }
        let decision = if decision_cell.is_empty() {
            if !corrected.is_empty() {
                out.push(Err(refuse(RefusalReason::NoDecision)));
                continue;
            }
            if comment.is_empty() {
                continue;
            }
            Decision::Comment
        } else if let Some(d) = Decision::parse(&decision_cell) {
            d
        } else {
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
            comment,
        }));
    }
    out
}

/// True for text a spreadsheet wrote in a code page that lacks its letters: question marks and
/// no letter at all (at least three, so a reviewer's "??" stays a question).
pub(super) fn lost_characters(s: &str) -> bool {
    s.chars().filter(|c| *c == '?').count() >= 3 && !s.chars().any(char::is_alphanumeric)
}

/// Index of the entry of term `ti` for `lang`: the exact key first, then a compatible one.
pub(super) fn find_entry(raw: &RawGlossary, ti: usize, lang: &str) -> Option<usize> {
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

pub(super) fn entry_state(
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
