//! `glossary import`: terms from a CSV (`source,target`, one target language) or a TBX file,
//! merged into the glossary as proposed entries. Items already present are skipped quietly;
//! other skips make the command exit 1. The edit is saved by the caller after the report.

use std::path::Path;

use fluent::FluentValue;

use super::{GlossaryEdit, Settings, decision_date, read_yaml_text};
use crate::cmd::settings::glossary_invalid;
use crate::cmd::{Error, lang_arg, num, read_text, show};
use crate::glossary::import::{self, GlossaryImportError, GlossaryImportOutcome, SkipReason};
use crate::i18n::Localizer;
use crate::interchange::tbx;

/// `glossary import`'s options, as parsed.
#[derive(Debug, Clone, Copy)]
pub struct GlossaryImportRequest<'a> {
    /// The CSV or TBX file.
    pub input: &'a Path,
    /// Target language of a CSV file (a tag as typed).
    pub lang: Option<&'a str>,
    pub dry_run: bool,
    /// `--date` as typed (default: today).
    pub date: Option<&'a str>,
}

/// What the import would add or skipped, and the edit that saves it.
#[derive(Debug)]
pub struct GlossaryImported {
    pub outcome: GlossaryImportOutcome,
    pub edit: GlossaryEdit,
    /// Items skipped for a reason other than "already present" (exit 1).
    pub serious: usize,
}

/// Merges the file's terms (nothing is written yet). TBX is told from CSV by the extension,
/// else by whether the text starts with `<`.
pub fn run(
    settings: &Settings,
    req: &GlossaryImportRequest<'_>,
) -> Result<GlossaryImported, Error> {
    let date = decision_date(req.date)?;
    let lang = req.lang.map(lang_arg).transpose()?;
    let file = read_text(req.input)?;
    let is_tbx = match req
        .input
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("tbx" | "xml") => true,
        Some("csv" | "tsv" | "txt") => false,
        _ => file
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('<'),
    };
    let path = settings.required_glossary_path()?;
    let text = read_yaml_text(path)?;
    let result = if is_tbx {
        tbx::import_tbx(&text, &file, &date)
    } else {
        let Some(lang) = &lang else {
            return Err(Error::usage("error-import-csv-lang", &[]));
        };
        import::import_csv(&text, &file, lang, &date)
    };
    let outcome = match result {
        Ok(o) => o,
        Err(GlossaryImportError::Glossary(diags)) => return Err(glossary_invalid(path, diags)),
        Err(GlossaryImportError::Csv(e)) => {
            return Err(Error::usage(
                "error-csv",
                &[
                    ("path", show(req.input)),
                    ("line", e.line.to_string()),
                    ("detail", e.message.to_string()),
                ],
            ));
        }
        Err(GlossaryImportError::Tbx { position, message }) => {
            return Err(Error::usage(
                "error-tbx",
                &[
                    ("path", show(req.input)),
                    ("position", position.to_string()),
                    ("detail", message),
                ],
            ));
        }
    };
    let serious = outcome
        .skipped
        .iter()
        .filter(|s| !matches!(s.reason, SkipReason::AlreadyPresent))
        .count();
    let edit = GlossaryEdit {
        changes: outcome.added_entries.len() + outcome.new_terms.len(),
        new: outcome.new_yaml.clone(),
        old: text,
        path: path.to_path_buf(),
        dry_run: req.dry_run,
    };
    Ok(GlossaryImported {
        outcome,
        edit,
        serious,
    })
}

/// One line per new term, added entry and skipped item, in the UI language.
pub fn render_import(outcome: &GlossaryImportOutcome, loc: &Localizer) -> String {
    let mut s = String::new();
    for id in &outcome.new_terms {
        s.push_str(&loc.msg("glossary-import-new-term", &[("term", id.clone().into())]));
        s.push('\n');
    }
    for (id, lang) in &outcome.added_entries {
        s.push_str(&loc.msg(
            "glossary-import-added",
            &[("term", id.clone().into()), ("lang", lang.clone().into())],
        ));
        s.push('\n');
    }
    for skip in &outcome.skipped {
        let id = format!("import-skip-{}", skip.reason.id());
        let mut args: Vec<(&str, FluentValue<'_>)> = vec![
            ("item", num(skip.item)),
            ("source", skip.source.clone().into()),
            ("lang", skip.lang.clone().into()),
        ];
        match &skip.reason {
            SkipReason::Conflict { existing } => args.push(("existing", existing.clone().into())),
            SkipReason::NotEditable { detail } => args.push(("detail", (*detail).into())),
            SkipReason::Invalid { rules } => args.push(("rules", rules.join(", ").into())),
            _ => {}
        }
        s.push_str(&loc.msg(&id, &args));
        s.push('\n');
    }
    s
}
