//! `subloc xliff import`: a translator's XLIFF file back into the memory, and what `translate
//! --backend xliff` tells the user to do next.
//!
//! The episodes are re-read and re-segmented exactly as `translate` did (same glossary, same
//! keys), taken from the file itself — `translate` records each episode's source file in it,
//! relative to the working directory — or from EPISODE arguments (the same as given to
//! `translate`) when the file was moved between machines. The memory and the glossary resolve as
//! for `translate`. Valid units are stored; every invalid one is listed with its id and not
//! stored. Exit codes: 0 every unit stored, 1 some units rejected (the others are stored), 2 the
//! file is not usable at all (not XLIFF 2, another language, episodes not found) or I/O.

use std::path::{Path, PathBuf};

use subloc::i18n::Localizer;
use subloc::interchange::xliff::XliffProblem;
use subloc::pipeline::xliff::{
    self as px, ImportSpec, RejectedUnit, XliffImportError, XliffImportOutcome,
};
use subloc::pipeline::{self, Outcome};
use subloc::translate::segment::RestoreError;

use super::memory::memory_path;
use super::{AppError, Context, ExitStatus, Output, label_text, lang_arg, show};
use crate::cli::{TextFormat, XliffArgs, XliffCommand, XliffImportArgs};

pub fn run(
    args: &XliffArgs,
    config: Option<&Path>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    match &args.command {
        XliffCommand::Import(a) => import(a, config, ctx, out),
    }
}

fn import(
    args: &XliffImportArgs,
    config: Option<&Path>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let cwd = std::env::current_dir().map_err(|e| AppError::read(Path::new("."), e))?;
    let settings = super::settings(config)?;
    let lang = args.lang.as_deref().map(lang_arg).transpose()?;
    let text = super::read_text(&args.input)?;
    let episodes = if args.episodes.is_empty() {
        None
    } else {
        Some(
            pipeline::inputs::expand(&args.episodes, &cwd)
                .map_err(subloc::cmd::translate::input_error)?,
        )
    };
    let glossary_path: Option<PathBuf> = args.glossary.clone().or(settings.glossary.clone());
    let glossary = match &glossary_path {
        Some(p) => {
            Some(subloc::cmd::settings::load_glossary(&subloc::cmd::show_found(p))?.glossary)
        }
        None => None,
    };
    let memory = memory_path(args.file.memory.as_deref(), &settings);
    let spec = ImportSpec {
        text: &text,
        episodes,
        base: &cwd,
        lang,
        glossary: glossary.as_ref(),
        memory: &memory,
    };
    let outcome = px::import(&spec).map_err(|e| import_error(e, &args.input))?;
    match args.format {
        TextFormat::Json => {
            let mut s = serde_json::to_string_pretty(&outcome).unwrap_or_else(|_| "{}".into());
            s.push('\n');
            out.out(&s).map_err(AppError::Stdout)?;
        }
        TextFormat::Human => {
            let text = report(&outcome, &args.input, ctx.loc);
            out.out(&text).map_err(AppError::Stdout)?;
        }
    }
    Ok(if outcome.rejected.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}

fn import_error(e: XliffImportError, file: &Path) -> AppError {
    let path = show(file);
    match e {
        XliffImportError::File(XliffProblem::Xml { offset, message }) => AppError::usage(
            "error-xliff-xml",
            &[
                ("path", path),
                ("offset", offset.to_string()),
                ("detail", message),
            ],
        ),
        XliffImportError::File(XliffProblem::WrongLanguage { expected, found }) => AppError::usage(
            "error-xliff-language",
            &[("path", path), ("expected", expected), ("found", found)],
        ),
        XliffImportError::File(_) => AppError::usage("error-xliff-not-xliff", &[("path", path)]),
        XliffImportError::NoTargetLanguage => {
            AppError::usage("error-xliff-no-target", &[("path", path)])
        }
        XliffImportError::NoSourceLanguage => {
            AppError::usage("error-xliff-no-source", &[("path", path)])
        }
        XliffImportError::NoEpisodes => {
            AppError::usage("error-xliff-no-episodes", &[("path", path)])
        }
        XliffImportError::Pipeline(e) => subloc::cmd::translate::pipeline_error(e),
    }
}

/// The human report of an import.
fn report(o: &XliffImportOutcome, file: &Path, loc: &Localizer) -> String {
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
        // File-level problems end the import before units are judged.
        other => other.to_string(),
    }
}

/// What `translate --backend xliff` prints after its summary: the files written and the next
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
