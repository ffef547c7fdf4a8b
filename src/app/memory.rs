//! `subloc memory stats|export|import`: maps the flags to the use cases of
//! [`subloc::cmd::memory`] (the memory file resolves as for `translate`) and shows what they
//! return: the stats, the TMX on standard output or a note of the file written, the import counts.

use std::path::Path;

use subloc::cmd::deliver::Delivered;
use subloc::cmd::memory::{self as uc, ExportInput, ImportInput};
use subloc::translate::tmx::ImportIdentity;

use super::{AppError, Context, ExitStatus, Output, label_text, show};
use crate::cli::{MemoryArgs, MemoryCommand, MemoryFormat, MemoryImportArgs, TextFormat};

pub use uc::memory_path;

pub fn run(
    args: &MemoryArgs,
    config: Option<&Path>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let settings = super::settings(config)?;
    match &args.command {
        MemoryCommand::Stats(a) => {
            let stats = uc::stats(&memory_path(a.file.memory.as_deref(), &settings))?;
            let text = match a.format {
                TextFormat::Json => json(&stats),
                TextFormat::Human => uc::render_stats(&stats, ctx.loc),
            };
            out.out(&text).map_err(AppError::Stdout)?;
        }
        MemoryCommand::Export(a) => {
            let MemoryFormat::Tmx = a.format;
            let exported = uc::export(&ExportInput {
                memory: memory_path(a.file.memory.as_deref(), &settings),
                from: a.from.clone(),
                lang: a.lang.clone(),
                backend: a.backend.clone(),
                output: a.output.clone(),
            })?;
            match exported.delivered {
                Delivered::File(p) if !ctx.quiet => out.err(&label_text(
                    ctx.loc,
                    "memory-exported",
                    &[("count", exported.count.to_string()), ("path", show(&p))],
                )),
                Delivered::File(_) => {}
                Delivered::Stdout(bytes) => out.out_bytes(&bytes).map_err(AppError::Stdout)?,
            }
        }
        MemoryCommand::Import(a) => import(a, &settings, ctx, out)?,
    }
    Ok(ExitStatus::Success)
}

fn import(
    args: &MemoryImportArgs,
    settings: &subloc::config::Settings,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<(), AppError> {
    let memory = memory_path(args.file.memory.as_deref(), settings);
    let tmx = super::read_text(&args.input)?;
    let mut identity = ImportIdentity::default();
    let mut glossary = None;
    if let Some(name) = &args.backend {
        // Mapping a backend's setup error belongs to `translate` (still in the binary).
        identity = uc::backend_identity(name, &settings.translate)
            .map_err(super::translate::backend_error)?;
        if let Some(g) = &settings.glossary
            && g.is_file()
        {
            glossary = Some(super::translate::load_glossary(g, ctx, out)?);
        }
    }
    let imported = uc::import(&ImportInput {
        file: &args.input,
        tmx: &tmx,
        memory: &memory,
        identity,
        glossary: glossary.as_ref(),
    })?;
    let text = match args.format {
        TextFormat::Json => json(&imported),
        TextFormat::Human => uc::render_imported(&imported, ctx.loc),
    };
    out.out(&text).map_err(AppError::Stdout)
}

fn json<T: serde::Serialize>(value: &T) -> String {
    // Plain owned data always serializes; an empty object is the safe degenerate case.
    let mut s = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}
