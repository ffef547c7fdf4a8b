//! `subloc memory stats|export|import`: the translation memory on the command line.
//!
//! The memory file is `--memory`, else `translate.memory` in `subloc.yaml` (relative to the
//! file), else `.subloc/memory.sqlite` in the working directory — the same file `translate` uses.
//! `stats` and `export` never create a memory (a missing one is an error, exit 2); `import`
//! creates it. Export is TMX 1.4 (placeholders as inline codes, the memory key's parts as
//! `x-subloc-*` properties), written atomically with `-o`. Import keeps the identity a unit
//! carries (a subloc export round-trips exactly); units without one are stored under `--backend`'s
//! identity (and the project glossary's version for their language) so that backend's runs use
//! them, or kept apart as `tmx` when no backend is named.

use std::path::{Path, PathBuf};

use serde::Serialize;
use subloc::config::Project as Settings;
use subloc::i18n::Localizer;
use subloc::interchange::tmx::{self, ExportFilter, ImportIdentity, ImportReport};
use subloc::pipeline::{self, BackendOverrides};
use subloc::translate::memory::{MemoryError, MemoryStats, MemoryStore, SqliteMemory};
use subloc::translate::segment::TermSet;

use super::{AppError, Context, ExitStatus, Output, label_text, lang_arg, show, write_atomic};
use crate::cli::{
    MemoryArgs, MemoryCommand, MemoryExportArgs, MemoryFormat, MemoryImportArgs, MemoryStatsArgs,
    TextFormat,
};

pub fn run(
    args: &MemoryArgs,
    config: Option<&Path>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    match &args.command {
        MemoryCommand::Stats(a) => stats(a, config, ctx, out),
        MemoryCommand::Export(a) => export(a, config, ctx, out),
        MemoryCommand::Import(a) => import(a, config, ctx, out),
    }
}

/// The memory file: the flag, else the configuration's (relative to it), else the default in
/// the working directory — exactly as `translate` resolves it.
pub fn memory_path(flag: Option<&Path>, settings: &Settings) -> PathBuf {
    if let Some(p) = flag {
        return p.to_path_buf();
    }
    match &settings.translate.memory {
        Some(p) if p.is_absolute() => p.clone(),
        Some(p) => settings
            .config_path
            .as_deref()
            .and_then(Path::parent)
            .map(|dir| dir.join(p))
            .unwrap_or_else(|| p.clone()),
        None => PathBuf::from(pipeline::DEFAULT_MEMORY),
    }
}

/// Opens an existing memory (never creates one).
fn open_existing(path: &Path) -> Result<SqliteMemory, AppError> {
    if !path.is_file() {
        return Err(AppError::usage(
            "error-memory-missing",
            &[("path", show(path))],
        ));
    }
    SqliteMemory::open(path).map_err(memory_error)
}

pub fn memory_error(e: MemoryError) -> AppError {
    AppError::usage("error-translate-memory", &[("detail", e.to_string())])
}

/// `memory stats --format json` (schema `version: 1`).
#[derive(Serialize)]
struct StatsJson<'a> {
    version: u32,
    memory: String,
    #[serde(flatten)]
    stats: &'a MemoryStats,
}

fn stats(
    args: &MemoryStatsArgs,
    config: Option<&Path>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let settings = super::settings(config)?;
    let path = memory_path(args.file.memory.as_deref(), &settings);
    let mem = open_existing(&path)?;
    let stats = mem.stats().map_err(memory_error)?;
    let text = match args.format {
        TextFormat::Json => {
            let json = StatsJson {
                version: 1,
                memory: show(&path),
                stats: &stats,
            };
            let mut s = serde_json::to_string_pretty(&json).unwrap_or_else(|_| "{}".into());
            s.push('\n');
            s
        }
        TextFormat::Human => stats_table(&stats, &path, ctx.loc),
    };
    out.out(&text).map_err(AppError::Stdout)?;
    Ok(ExitStatus::Success)
}

/// `YYYY-MM-DD` of a Unix time.
fn date(unix: i64) -> String {
    let d = tmx::tmx_date(unix);
    match (d.get(0..4), d.get(4..6), d.get(6..8)) {
        (Some(y), Some(m), Some(day)) => format!("{y}-{m}-{day}"),
        _ => d,
    }
}

fn stats_table(s: &MemoryStats, path: &Path, loc: &Localizer) -> String {
    let t = |id: &str, args: &[(&str, String)]| label_text(loc, id, args);
    let mut text = t(
        "memory-stats-header",
        &[("path", show(path)), ("entries", s.entries.to_string())],
    );
    text.push('\n');
    if let (Some(oldest), Some(newest)) = (s.oldest, s.newest) {
        text.push_str(&t(
            "memory-stats-dates",
            &[("oldest", date(oldest)), ("newest", date(newest))],
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

fn export(
    args: &MemoryExportArgs,
    config: Option<&Path>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let MemoryFormat::Tmx = args.format;
    let settings = super::settings(config)?;
    let path = memory_path(args.file.memory.as_deref(), &settings);
    let filter = ExportFilter {
        source_lang: args.from.as_deref().map(lang_arg).transpose()?,
        target_lang: args.lang.as_deref().map(lang_arg).transpose()?,
        backend: args.backend.clone(),
    };
    let mem = open_existing(&path)?;
    let mut buf = Vec::new();
    let count = tmx::export_tmx(&mem, &filter, &mut buf).map_err(memory_error)?;
    match &args.output {
        Some(p) if p.as_os_str() != "-" => {
            write_atomic(p, &buf)?;
            if !ctx.quiet {
                out.err(&label_text(
                    ctx.loc,
                    "memory-exported",
                    &[("count", count.to_string()), ("path", show(p))],
                ));
            }
        }
        _ => out.out_bytes(&buf).map_err(AppError::Stdout)?,
    }
    Ok(ExitStatus::Success)
}

/// `memory import --format json` (schema `version: 1`).
#[derive(Serialize)]
struct ImportJson<'a> {
    version: u32,
    file: String,
    memory: String,
    backend: &'a str,
    #[serde(flatten)]
    report: &'a ImportReport,
}

fn import(
    args: &MemoryImportArgs,
    config: Option<&Path>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let settings = super::settings(config)?;
    let path = memory_path(args.file.memory.as_deref(), &settings);
    let xml = super::read_text(&args.input)?;
    let mut identity = ImportIdentity::default();
    let mut terms_for: Option<subloc::glossary::Glossary> = None;
    if let Some(name) = &args.backend {
        // Built only for its identity: no request is ever made, so no key is needed (a stand-in
        // satisfies the constructors that insist on one).
        let stand_in = |_: &str| Some("unused".to_string());
        let built = pipeline::backend::build(
            name,
            &settings.translate,
            &BackendOverrides::default(),
            &stand_in,
        )
        .map_err(subloc::cmd::translate::backend_error)?;
        let id = built.backend.identity();
        identity.backend = id.kind.to_string();
        identity.model = id.model.clone().unwrap_or_default();
        identity.prompt_version = id.prompt_version.clone().unwrap_or_default();
        identity.options = id.options_string();
        if let Some(g) = &settings.glossary
            && g.is_file()
        {
            terms_for =
                Some(subloc::cmd::settings::load_glossary(&subloc::cmd::show_found(g))?.glossary);
        }
    }
    let version_for = |lang: &str| {
        terms_for
            .as_ref()
            .map(|g| TermSet::from_glossary(g, lang).version)
            .unwrap_or_default()
    };
    let mem = SqliteMemory::open(&path).map_err(memory_error)?;
    let report =
        tmx::import_tmx_with(&xml, &mem, &identity, &version_for).map_err(|e| match e {
            MemoryError::Tmx(detail) => AppError::usage(
                "error-memory-tmx",
                &[("path", show(&args.input)), ("detail", detail)],
            ),
            other => memory_error(other),
        })?;
    match args.format {
        TextFormat::Json => {
            let json = ImportJson {
                version: 1,
                file: show(&args.input),
                memory: show(&path),
                backend: &identity.backend,
                report: &report,
            };
            let mut s = serde_json::to_string_pretty(&json).unwrap_or_else(|_| "{}".into());
            s.push('\n');
            out.out(&s).map_err(AppError::Stdout)?;
        }
        TextFormat::Human => {
            let text = label_text(
                ctx.loc,
                "memory-imported",
                &[
                    ("count", report.imported.to_string()),
                    ("units", report.units.to_string()),
                    ("skipped", report.skipped.to_string()),
                    ("path", show(&args.input)),
                    ("memory", show(&path)),
                ],
            );
            out.out(&format!("{text}\n")).map_err(AppError::Stdout)?;
        }
    }
    Ok(ExitStatus::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_tables() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(951_782_400), "2000-02-29");
        let rows = vec![
            vec!["زبان".to_string(), "x".to_string()],
            vec!["zh-Hans".to_string(), "y".to_string()],
        ];
        assert_eq!(crate::app::table(&rows), "زبان     x\nzh-Hans  y\n");
    }

    #[test]
    fn memory_path_follows_flag_then_configuration() {
        let mut s =
            subloc::config::Project::resolve(None, Path::new("/nonexistent-dir-for-test")).unwrap();
        assert_eq!(
            memory_path(None, &s),
            PathBuf::from(pipeline::DEFAULT_MEMORY)
        );
        s.config_path = Some(PathBuf::from("/proj/subloc.yaml"));
        s.translate.memory = Some(PathBuf::from("tm/m.sqlite"));
        assert_eq!(memory_path(None, &s), PathBuf::from("/proj/tm/m.sqlite"));
        assert_eq!(
            memory_path(Some(Path::new("x.sqlite")), &s),
            PathBuf::from("x.sqlite")
        );
    }
}
