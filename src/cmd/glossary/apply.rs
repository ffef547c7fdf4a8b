//! `glossary apply`: merges a filled-in review CSV into the glossary. Every decided row is either
//! a change or a refusal with its reason (the other rows are still merged); the edit is saved by
//! the caller after the report is shown; `render_apply` makes that report.
//!
//! The sheet comes back from a spreadsheet. Excel's plain "CSV (Comma delimited)" writes the
//! Windows ANSI code page of the partner's machine (windows-1256 on a Persian Windows), not
//! UTF-8; the sheet is then decoded with the project's encoding detection
//! (`format::encoding::decode_owned`, whose `legacy::choose` picks the code page whose reading
//! is one real language) and the code page is reported. When the evidence is weak, or the bytes
//! are broken UTF-8, the sheet is refused with how to save it as UTF-8 — a wrong guess would
//! write garbled renderings into the glossary.

use std::path::Path;

use fluent::FluentValue;

use super::{GlossaryEdit, Settings, decision_date, read_yaml_text};
use crate::cmd::render::{Paint, paint};
use crate::cmd::settings::glossary_invalid;
use crate::cmd::{Error, num, show};
use crate::diag::{Severity, rules};
use crate::format::encoding;
use crate::glossary::Status;
use crate::glossary::apply::{self, ApplyError, ApplyOutcome, Decision, RefusalReason};
use crate::glossary::review;
use crate::i18n::Localizer;

/// `glossary apply`'s options, as parsed.
#[derive(Debug, Clone, Copy)]
pub struct GlossaryApplyRequest<'a> {
    /// The filled-in review CSV.
    pub csv: &'a Path,
    pub dry_run: bool,
    /// Reviewer for rows that name none.
    pub reviewer: Option<&'a str>,
    /// `--date` as typed (default: today).
    pub date: Option<&'a str>,
}

/// What was decided, and the edit that saves it.
#[derive(Debug)]
pub struct GlossaryApplied {
    pub outcome: ApplyOutcome,
    pub edit: GlossaryEdit,
    /// The legacy code page the sheet was saved in and read as (`None` for UTF-8 and UTF-16).
    pub legacy_encoding: Option<&'static str>,
}

impl GlossaryApplied {
    /// The note that the sheet was read from a legacy code page, in the UI language.
    pub fn render_encoding_note(&self, csv: &Path, loc: &Localizer) -> Option<String> {
        self.legacy_encoding.map(|enc| {
            loc.msg(
                "glossary-apply-legacy-encoding",
                &[("path", show(csv).into()), ("encoding", enc.into())],
            )
        })
    }
}

/// The sheet's text, and the legacy code page it was in (see the module docs).
fn read_sheet(path: &Path) -> Result<(String, Option<&'static str>), Error> {
    let bytes = crate::input::read_capped(path, crate::input::DATA_LIMIT)
        .map_err(|e| Error::read(path, e))?;
    let decoded = encoding::decode_owned(bytes, None, None);
    if !decoded.guessed {
        return Ok((decoded.text, None));
    }
    let doubtful = decoded.diagnostics.iter().any(|d| {
        d.rule == rules::ENCODING_INVALID
            || (d.rule == rules::ENCODING_GUESSED && d.severity >= Severity::Warning)
    });
    if doubtful || decoded.encoding == encoding_rs::UTF_8 {
        return Err(Error::usage(
            "error-csv-encoding",
            &[("path", show(path)), ("encoding", decoded.name.to_string())],
        ));
    }
    let wide = [encoding_rs::UTF_16LE, encoding_rs::UTF_16BE].contains(&decoded.encoding)
        || decoded.name.starts_with("UTF-32");
    Ok((decoded.text, (!wide).then_some(decoded.name)))
}

/// Merges the sheet's decisions (nothing is written yet).
pub fn run(settings: &Settings, req: &GlossaryApplyRequest<'_>) -> Result<GlossaryApplied, Error> {
    let date = decision_date(req.date)?;
    let path = settings.required_glossary_path()?;
    let text = read_yaml_text(path)?;
    let (csv, legacy_encoding) = read_sheet(req.csv)?;
    let from_code_page = legacy_encoding.is_some();
    let outcome = match apply::apply_sheet(&text, &csv, &date, req.reviewer, from_code_page) {
        Ok(o) => o,
        Err(ApplyError::Glossary(diags)) => return Err(glossary_invalid(path, diags)),
        Err(ApplyError::Csv(e)) => {
            return Err(Error::usage(
                "error-csv",
                &[
                    ("path", show(req.csv)),
                    ("line", e.line.to_string()),
                    ("detail", e.message.to_string()),
                ],
            ));
        }
        Err(ApplyError::MissingColumn(c)) => {
            return Err(Error::usage(
                "error-csv-column",
                &[("path", show(req.csv)), ("column", c.to_string())],
            ));
        }
    };
    let edit = GlossaryEdit {
        changes: outcome.changes.len(),
        new: outcome.new_yaml.clone(),
        old: text,
        path: path.to_path_buf(),
        dry_run: req.dry_run,
    };
    Ok(GlossaryApplied {
        outcome,
        edit,
        legacy_encoding,
    })
}

/// One line per change and refusal, in the sheet's row order.
pub fn render_apply(outcome: &ApplyOutcome, loc: &Localizer, color: bool) -> String {
    // (row, text) so changes and refusals come out in the sheet's row order.
    let mut lines: Vec<(usize, String)> = Vec::new();
    for c in &outcome.changes {
        let mut s = String::new();
        let status = |st: Option<Status>| {
            loc.msg(
                "review-status",
                &[(
                    "status",
                    st.map_or(review::STATUS_MISSING, Status::name).into(),
                )],
            )
        };
        let what = match (c.decision, &c.old_text, &c.new_text) {
            (Decision::Comment, _, _) => loc.text("glossary-apply-commented"),
            (Decision::Correct, old, Some(new)) => loc.msg(
                "glossary-apply-corrected",
                &[
                    ("old", old.clone().unwrap_or_default().into()),
                    ("new", new.clone().into()),
                ],
            ),
            _ => loc.msg(
                "glossary-apply-status",
                &[
                    ("old", status(c.old_status).into()),
                    ("new", status(Some(c.new_status)).into()),
                    (
                        "text",
                        c.new_text
                            .clone()
                            .or_else(|| c.old_text.clone())
                            .unwrap_or_default()
                            .into(),
                    ),
                ],
            ),
        };
        s.push_str(&format!(
            "{} {} [{}]: {what} ({})\n",
            paint(
                &loc.msg("glossary-apply-row", &[("row", num(c.row))]),
                Paint::Bold,
                color
            ),
            c.term_id,
            c.lang,
            c.reviewer
        ));
        if !c.comment.is_empty() {
            s.push_str(&format!(
                "    {}\n",
                loc.msg(
                    "glossary-apply-comment",
                    &[("text", c.comment.clone().into())]
                )
            ));
        }
        lines.push((c.row, s));
    }
    for r in &outcome.refused {
        let s = format!(
            "{} {} [{}]: {} {}\n",
            paint(
                &loc.msg("glossary-apply-row", &[("row", num(r.row))]),
                Paint::Bold,
                color
            ),
            r.term_id,
            r.lang,
            paint(&loc.text("glossary-apply-refused"), Paint::Red, color),
            refusal_text(loc, &r.reason)
        );
        lines.push((r.row, s));
    }
    lines.sort_by_key(|(row, _)| *row);
    lines.into_iter().map(|(_, s)| s).collect()
}

/// The reason a review row was refused, in the UI language.
pub fn refusal_text(loc: &Localizer, reason: &RefusalReason) -> String {
    let id = format!("apply-refused-{}", reason.id());
    let args: Vec<(&str, FluentValue<'_>)> = match reason {
        RefusalReason::UnknownDecision { value } => vec![("value", value.clone().into())],
        RefusalReason::Conflict { current_text } => {
            vec![("current", current_text.clone().into())]
        }
        RefusalReason::DuplicateRow { first_row } => vec![("row", num(*first_row))],
        RefusalReason::NotEditable { detail } => vec![("detail", (*detail).into())],
        RefusalReason::Invalid { rules } => vec![("rules", rules.join(", ").into())],
        _ => Vec::new(),
    };
    loc.msg(&id, &args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::import::SkipReason;

    #[test]
    fn every_refusal_and_skip_reason_has_a_message_in_every_locale() {
        let refusals = [
            RefusalReason::UnknownTerm,
            RefusalReason::UnknownDecision { value: "x".into() },
            RefusalReason::NoDecision,
            RefusalReason::Conflict {
                current_text: "x".into(),
            },
            RefusalReason::MissingFingerprint,
            RefusalReason::NoText,
            RefusalReason::NoEntry,
            RefusalReason::NoReviewer,
            RefusalReason::DuplicateRow { first_row: 2 },
            RefusalReason::NotEditable { detail: "layout" },
            RefusalReason::Invalid { rules: vec!["r"] },
            RefusalReason::LostCharacters,
        ];
        let skips = [
            SkipReason::AlreadyPresent,
            SkipReason::Conflict {
                existing: "x".into(),
            },
            SkipReason::Empty,
            SkipReason::BadLanguage,
            SkipReason::NotEditable { detail: "layout" },
            SkipReason::Invalid { rules: vec!["r"] },
        ];
        let wanted: Vec<String> = refusals
            .iter()
            .map(|r| format!("apply-refused-{}", r.id()))
            .chain(skips.iter().map(|s| format!("import-skip-{}", s.id())))
            .collect();
        for (tag, source) in crate::i18n::LOCALES {
            let ids = crate::i18n::message_ids(source);
            for id in &wanted {
                assert!(ids.contains(&id.as_str()), "{tag} lacks {id}");
            }
        }
        // The reason's data reaches the text.
        let en = Localizer::english();
        let text = refusal_text(&en, &RefusalReason::DuplicateRow { first_row: 7 });
        assert!(text.contains("row 7"), "{text}");
        let text = refusal_text(
            &en,
            &RefusalReason::Conflict {
                current_text: "لعاب".into(),
            },
        );
        assert!(text.contains("“لعاب”"), "{text}");
    }
}
