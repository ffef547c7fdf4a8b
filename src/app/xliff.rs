//! `subloc xliff import FILE [EPISODE…]`: flags → settings (glossary and memory as for
//! `translate`) → [`subloc::cmd::xliff`] → its report as text or JSON. Exit codes: 0 every unit
//! stored, 1 some units rejected (the others are stored), 2 the file is not usable at all or I/O.

use std::path::Path;

use subloc::cmd::xliff::{self as uc, XliffImportRequest};
use subloc::cmd::{Flags, Settings};

use super::{AppError, Context, ExitStatus, Output};
use crate::cli::{TextFormat, XliffArgs, XliffCommand};

pub fn run(
    args: &XliffArgs,
    config: Option<&Path>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let XliffCommand::Import(args) = &args.command;
    let settings = Settings::resolve(&Flags {
        config,
        glossary: args.glossary.as_deref(),
        memory: args.file.memory.as_deref(),
        memory_password_env: args.file.memory_password_env.as_deref(),
        ..Flags::default()
    })?;
    let req = XliffImportRequest {
        input: &args.input,
        episodes: &args.episodes,
        lang: args.lang.as_deref(),
    };
    let outcome = uc::import(&settings, &req)?;
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
