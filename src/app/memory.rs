//! `subloc memory stats|export|import`: maps the flags to the use cases of
//! [`subloc::cmd::memory`] (the memory file resolves as for `translate`) and renders what they
//! return: the stats table, the TMX on standard output or a note of the file written, the import
//! counts.

use std::path::Path;

use subloc::cmd::deliver::Delivered;
use subloc::cmd::memory::{self as uc, ExportInput, ImportInput};
use subloc::i18n::Localizer;
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
                TextFormat::Human => stats_table(&stats, ctx.loc),
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
        TextFormat::Human => {
            let args = [
                ("count", imported.report.imported.to_string()),
                ("units", imported.report.units.to_string()),
                ("skipped", imported.report.skipped.to_string()),
                ("path", imported.file.clone()),
                ("memory", imported.memory.clone()),
            ];
            format!("{}\n", label_text(ctx.loc, "memory-imported", &args))
        }
    };
    out.out(&text).map_err(AppError::Stdout)
}

fn json<T: serde::Serialize>(value: &T) -> String {
    // Plain owned data always serializes; an empty object is the safe degenerate case.
    let mut s = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

fn stats_table(stats: &uc::Stats, loc: &Localizer) -> String {
    let s = &stats.stats;
    let t = |id: &str, args: &[(&str, String)]| label_text(loc, id, args);
    let mut text = t(
        "memory-stats-header",
        &[
            ("path", stats.memory.clone()),
            ("entries", s.entries.to_string()),
        ],
    );
    text.push('\n');
    if let (Some(oldest), Some(newest)) = (s.oldest, s.newest) {
        text.push_str(&t(
            "memory-stats-dates",
            &[("oldest", uc::date(oldest)), ("newest", uc::date(newest))],
        ));
        text.push('\n');
    }
    if s.groups.is_empty() {
        return text;
    }
    text.push('\n');
    let head = [
        "memory-col-source",
        "memory-col-target",
        "memory-col-backend",
        "memory-col-entries",
        "memory-col-source-chars",
        "memory-col-billed",
    ];
    let mut rows = vec![head.iter().map(|id| loc.text(id)).collect::<Vec<_>>()];
    for g in &s.groups {
        let backend = if g.model.is_empty() {
            g.backend.clone()
        } else {
            format!("{}/{}", g.backend, g.model)
        };
        rows.push(vec![
            g.source_lang.clone(),
            g.target_lang.clone(),
            backend,
            g.entries.to_string(),
            g.source_chars.to_string(),
            g.billed_chars.to_string(),
        ]);
    }
    text.push_str(&super::table(&rows));
    text.push('\n');
    text.push_str(&t(
        "memory-stats-saved",
        &[("billed", s.billed_chars.to_string())],
    ));
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn tables_pad_right_to_left_text_by_width() {
        let rows = vec![
            vec!["زبان".to_string(), "x".to_string()],
            vec!["zh-Hans".to_string(), "y".to_string()],
        ];
        assert_eq!(crate::app::table(&rows), "زبان     x\nzh-Hans  y\n");
    }
}
