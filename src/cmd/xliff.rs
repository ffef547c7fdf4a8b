//! `xliff import` as a use case: a translator's XLIFF file back into the memory, its errors as
//! command errors, and the localized texts of what happened — the import report and what
//! `translate --backend xliff` tells the user to do next.
//!
//! The episodes are re-read and re-segmented exactly as `translate` did (same glossary, same
//! keys), taken from the file itself — `translate` records each episode's source file in it,
//! relative to the working directory — or from EPISODE arguments (as given to `translate`) when
//! the file was moved between machines. The memory and the glossary are the settings', as for
//! `translate`. Valid units are stored; every invalid one is listed with its id and not stored
//! (the binary exits 1); a file that is not usable at all is an error (exit 2).

use std::path::{Path, PathBuf};

use super::translate::{input_error, pipeline_error};
use super::{Error, Settings, label_text, lang_arg, read_text, show};
use crate::i18n::Localizer;
use crate::interchange::xliff::{CodeError, XliffProblem};
use crate::pipeline::xliff::{
    self as px, ImportSpec, RejectedUnit, XliffImportError, XliffImportOutcome,
};
use crate::pipeline::{self, Outcome};
use crate::translate::segment::RestoreError;

/// `xliff import`'s options, as parsed.
#[derive(Debug, Clone, Copy)]
pub struct XliffImportRequest<'a> {
    /// The translated XLIFF file.
    pub input: &'a Path,
    /// Episodes the file was made from (files, folders or globs; empty: those it records).
    pub episodes: &'a [PathBuf],
    /// Target language the file must be in (a tag as typed; default: the file's).
    pub lang: Option<&'a str>,
}

/// Validates the file and stores its valid units in the memory.
pub fn import(
    settings: &Settings,
    req: &XliffImportRequest<'_>,
) -> Result<XliffImportOutcome, Error> {
    let lang = req.lang.map(lang_arg).transpose()?;
    let text = read_text(req.input)?;
    let episodes = if req.episodes.is_empty() {
        None
    } else {
        Some(pipeline::inputs::expand(req.episodes, settings.cwd()).map_err(input_error)?)
    };
    let glossary = settings.glossary()?.map(|g| &g.glossary);
    let spec = ImportSpec {
        text: &text,
        episodes,
        base: settings.cwd(),
        lang,
        glossary,
        memory: settings.memory_path(),
        memory_access: settings.memory_access(),
    };
    px::import(&spec).map_err(|e| {
        let path = show(req.input);
        let usage = |id, args: &[(&'static str, String)]| Error::usage(id, args);
        match e {
            XliffImportError::File(XliffProblem::Xml { offset, message }) => usage(
                "error-xliff-xml",
                &[
                    ("path", path),
                    ("offset", offset.to_string()),
                    ("detail", message),
                ],
            ),
            XliffImportError::File(XliffProblem::WrongLanguage { expected, found }) => usage(
                "error-xliff-language",
                &[("path", path), ("expected", expected), ("found", found)],
            ),
            XliffImportError::File(_) => usage("error-xliff-not-xliff", &[("path", path)]),
            XliffImportError::NoTargetLanguage => usage("error-xliff-no-target", &[("path", path)]),
            XliffImportError::NoSourceLanguage => usage("error-xliff-no-source", &[("path", path)]),
            XliffImportError::NoEpisodes => usage("error-xliff-no-episodes", &[("path", path)]),
            XliffImportError::Pipeline(e) => pipeline_error(e),
        }
    })
}

/// The human report of an import of `file`.
pub fn render_import(o: &XliffImportOutcome, file: &Path, loc: &Localizer) -> String {
    let t = |id: &str, args: &[(&str, String)]| label_text(loc, id, args);
    let mut text = t(
        "xliff-imported",
        &[
            ("count", o.imported.to_string()),
            ("path", show(file)),
            ("memory", o.memory.clone()),
            ("source", o.source_lang.clone()),
            ("target", o.target_lang.clone()),
        ],
    );
    text.push('\n');
    if !o.rejected.is_empty() {
        text.push_str(&t(
            "xliff-rejected",
            &[("count", o.rejected.len().to_string())],
        ));
        text.push('\n');
        for r in &o.rejected {
            text.push_str(&format!(
                "  {}: {} [{}]\n",
                r.id.as_deref().unwrap_or("-"),
                problem(r, loc),
                r.code
            ));
        }
        text.push_str(&t("xliff-fix-and-reimport", &[("path", show(file))]));
        text.push('\n');
    }
    if o.remaining == 0 {
        text.push_str(&t("xliff-complete", &[]));
    } else {
        text.push_str(&t("xliff-remaining", &[("count", o.remaining.to_string())]));
    }
    text.push('\n');
    text
}

/// One rejected unit's reason in the UI language.
fn problem(r: &RejectedUnit, loc: &Localizer) -> String {
    let t = |id: &str, args: &[(&str, String)]| label_text(loc, id, args);
    match &r.problem {
        XliffProblem::UnknownUnit { .. } => t("xliff-problem-unknown-unit", &[]),
        XliffProblem::DuplicateUnit { .. } => t("xliff-problem-duplicate-unit", &[]),
        XliffProblem::MissingUnit { .. } => t("xliff-problem-missing-unit", &[]),
        XliffProblem::Untranslated { .. } => t("xliff-problem-untranslated", &[]),
        XliffProblem::SourceChanged { .. } => t("xliff-problem-source-changed", &[]),
        XliffProblem::UnexpectedMarkup { element, .. } => t(
            "xliff-problem-unexpected-markup",
            &[("element", element.clone())],
        ),
        XliffProblem::UnknownEntity { name, .. } => {
            t("xliff-problem-unknown-entity", &[("name", name.clone())])
        }
        XliffProblem::Codes { error, .. } => {
            let id = ("id", error.id().to_string());
            match error {
                CodeError::EndBeforeStart { .. } => t("xliff-problem-code-end-before-start", &[id]),
                CodeError::Unclosed { .. } => t("xliff-problem-code-unclosed", &[id]),
                CodeError::Crossed { other, .. } => t(
                    "xliff-problem-code-crossed",
                    &[id, ("other", other.to_string())],
                ),
                CodeError::Reordered { .. } => t("xliff-problem-code-reordered", &[id]),
                CodeError::Kind { .. } => t("xliff-problem-placeholder-kind", &[id]),
            }
        }
        XliffProblem::Placeholder { error, .. } => match error {
            RestoreError::Missing { id } => t(
                "xliff-problem-placeholder-missing",
                &[("id", id.to_string())],
            ),
            RestoreError::Duplicated { id, count } => t(
                "xliff-problem-placeholder-duplicated",
                &[("id", id.to_string()), ("count", count.to_string())],
            ),
            RestoreError::Invented { id } => t(
                "xliff-problem-placeholder-invented",
                &[("id", id.to_string())],
            ),
            RestoreError::WrongKind { id } | RestoreError::Unclosed { id } => {
                t("xliff-problem-placeholder-kind", &[("id", id.to_string())])
            }
            RestoreError::Empty => t("xliff-problem-untranslated", &[]),
        },
        // File-level problems end the import before units are judged, so they never reach a
        // rejected unit; the library's text (with the stable code beside it) is the fallback.
        other => other.to_string(),
    }
}

/// What `translate --backend xliff` shows after its summary: the files written and the next
/// steps. Empty when nothing was exported.
pub fn next_steps(outcome: &Outcome, loc: &Localizer) -> String {
    if outcome.xliff.is_empty() {
        return String::new();
    }
    let t = |id: &str, args: &[(&str, String)]| label_text(loc, id, args);
    let mut text = String::from("\n");
    text.push_str(&t("translate-xliff-heading", &[]));
    text.push('\n');
    for x in &outcome.xliff {
        text.push_str("  ");
        text.push_str(&t(
            "translate-xliff-file",
            &[
                ("lang", x.lang.clone()),
                ("path", x.path.clone()),
                ("units", x.units.to_string()),
                ("segments", x.segments.to_string()),
                ("chars", x.chars.to_string()),
            ],
        ));
        text.push('\n');
    }
    text.push_str(&t("translate-xliff-next", &[]));
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unusable_files_are_command_errors_and_reports_are_localized() {
        let dir = std::env::temp_dir().join(format!("subloc-xliff-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("fa.xlf");
        std::fs::write(&file, "<not").unwrap();
        let project = crate::config::Project::resolve(None, &dir).unwrap();
        let flags = crate::cmd::Flags {
            memory: Some(&dir.join("m.sqlite")),
            ..Default::default()
        };
        let settings = Settings::from_project(project, &flags, dir.clone()).unwrap();
        let req = XliffImportRequest {
            input: &file,
            episodes: &[],
            lang: None,
        };
        let failed = import(&settings, &req).unwrap_err();
        assert!(
            matches!(failed, Error::Message { id, .. } if id.starts_with("error-xliff-")),
            "{failed:?}"
        );
        let _ = std::fs::remove_dir_all(&dir);
        let file = Path::new("fa.xlf");
        let en = Localizer::english();
        let outcome = XliffImportOutcome {
            imported: 2,
            remaining: 1,
            rejected: vec![RejectedUnit {
                id: Some("ep01#3".into()),
                code: "xliff-untranslated".into(),
                detail: None,
                problem: XliffProblem::Untranslated {
                    id: "ep01#3".into(),
                },
            }],
            ..XliffImportOutcome::default()
        };
        let text = render_import(&outcome, file, &en);
        assert!(
            text.contains("  ep01#3: the target is empty [xliff-untranslated]\n"),
            "{text}"
        );
        assert!(text.contains("fa.xlf"), "{text}");
        assert_eq!(next_steps(&Outcome::default(), &en), "");
    }
}
