//! `subloc xliff import FILE [EPISODE…]`: resolves what [`subloc::cmd::xliff`] needs as for
//! `translate` (the episodes, the glossary, the memory), runs the import and renders it. Exit
//! codes: 0 every unit stored, 1 some units rejected (the others are stored), 2 the file is not
//! usable at all or I/O.

use std::path::{Path, PathBuf};

use subloc::cmd::xliff::{self as uc, ImportFailed};
use subloc::pipeline::{self, xliff::ImportSpec};

use super::memory::memory_path;
use super::{AppError, Context, ExitStatus, Output, lang_arg};
use crate::cli::{TextFormat, XliffArgs, XliffCommand};

pub use uc::next_steps;

pub fn run(
    args: &XliffArgs,
    config: Option<&Path>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let XliffCommand::Import(args) = &args.command;
    let cwd = std::env::current_dir().map_err(|e| AppError::read(Path::new("."), e))?;
    let settings = super::settings(config)?;
    let lang = args.lang.as_deref().map(lang_arg).transpose()?;
    let text = super::read_text(&args.input)?;
    let episodes = if args.episodes.is_empty() {
        None
    } else {
        Some(
            pipeline::inputs::expand(&args.episodes, &cwd)
                .map_err(super::translate::input_error)?,
        )
    };
    let glossary_path: Option<PathBuf> = args.glossary.clone().or(settings.glossary.clone());
    let glossary = match &glossary_path {
        Some(p) => Some(super::translate::load_glossary(p, ctx, out)?),
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
    let outcome = uc::import(&spec, &args.input).map_err(|e| match e {
        ImportFailed::Error(e) => e,
        ImportFailed::Pipeline(e) => super::translate::pipeline_error(e),
    })?;
    let text = match args.format {
        TextFormat::Json => {
            let mut s = serde_json::to_string_pretty(&outcome).unwrap_or_else(|_| "{}".into());
            s.push('\n');
            s
        }
        TextFormat::Human => uc::render_import(&outcome, &args.input, ctx.loc),
    };
    out.out(&text).map_err(AppError::Stdout)?;
    Ok(if outcome.rejected.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}
