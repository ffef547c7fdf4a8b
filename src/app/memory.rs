//! `subloc memory stats|export|import|push|pull`: flags → settings (the memory file is `--memory`, else
//! `translate.memory` in `subloc.yaml`, else `.subloc/memory.sqlite`, as for `translate`) → the
//! use cases of [`subloc::cmd::memory`] → the stats, the TMX on standard output or a note of the
//! file written, the import counts.

use std::path::Path;

use subloc::cmd::destination::Destination;
use subloc::cmd::memory::{self as uc, MemoryExportRequest, MemoryImportRequest};
use subloc::cmd::{Flags, Settings};

use super::{AppError, Context, ExitStatus, Output, label_text, show};
use crate::cli::{MemoryArgs, MemoryCommand, MemoryFormat, TextFormat};

pub fn run(
    args: &MemoryArgs,
    config: Option<&Path>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let memory = match &args.command {
        MemoryCommand::Stats(a) => &a.file,
        MemoryCommand::Export(a) => &a.file,
        MemoryCommand::Import(a) => &a.file,
        MemoryCommand::Push(a) | MemoryCommand::Pull(a) => &a.file,
    };
    let settings = Settings::resolve(&Flags {
        config,
        memory: memory.memory.as_deref(),
        memory_password_env: memory.memory_password_env.as_deref(),
        ..Flags::default()
    })?;
    let text = match &args.command {
        MemoryCommand::Stats(a) => {
            let stats = uc::stats(&settings)?;
            match a.format {
                TextFormat::Json => json(&stats),
                TextFormat::Human => uc::render_stats(&stats, ctx.loc),
            }
        }
        MemoryCommand::Export(a) => {
            let MemoryFormat::Tmx = a.format;
            let req = MemoryExportRequest {
                from: a.from.as_deref(),
                lang: a.lang.as_deref(),
                backend: a.backend.as_deref(),
                output: a.output.as_deref(),
            };
            let exported = uc::export(&settings, &req)?;
            match exported.destination {
                Destination::File(p) if !ctx.quiet => out.err(&label_text(
                    ctx.loc,
                    "memory-exported",
                    &[("count", exported.count.to_string()), ("path", show(&p))],
                )),
                Destination::File(_) => {}
                Destination::Stdout(bytes) => out.out_bytes(&bytes).map_err(AppError::Stdout)?,
            }
            return Ok(ExitStatus::Success);
        }
        MemoryCommand::Import(a) => {
            let req = MemoryImportRequest {
                input: &a.input,
                backend: a.backend.as_deref(),
            };
            let imported = uc::import(&settings, &req)?;
            match a.format {
                TextFormat::Json => json(&imported),
                TextFormat::Human => uc::render_imported(&imported, ctx.loc),
            }
        }
        MemoryCommand::Push(a) | MemoryCommand::Pull(a) => {
            let dir = match &args.command {
                MemoryCommand::Push(_) => uc::CopyDirection::Push,
                _ => uc::CopyDirection::Pull,
            };
            let copied = uc::copy(&settings, &a.local, dir)?;
            match a.format {
                TextFormat::Json => json(&copied),
                TextFormat::Human => uc::render_copied(&copied, ctx.loc),
            }
        }
    };
    out.out(&text).map_err(AppError::Stdout)?;
    Ok(ExitStatus::Success)
}

fn json<T: serde::Serialize>(value: &T) -> String {
    // Plain owned data always serializes; an empty object is the safe degenerate case.
    let mut s = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}
