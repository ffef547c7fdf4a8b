//! `memory stats|export|import` as use cases: the translation memory's counts, its TMX 1.4
//! export and the import of a TMX file, as data for the binary to show.
//!
//! The memory file resolves as for `translate` ([`memory_path`]). `stats` and `export` never
//! create a memory (a missing one is an error, exit 2); `import` creates it. Import keeps the
//! identity a unit carries (a subloc export round-trips exactly); units without one are stored
//! under the identity the caller passes — `--backend`'s ([`backend_identity`]) with the project
//! glossary's version for their language, or kept apart as `tmx` when no backend is named. The
//! `render_*` functions make the human texts.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::deliver::{Delivered, deliver};
use super::render::table;
use super::{Error, label_text, lang_arg, show};
use crate::config::Settings;
use crate::glossary::Glossary;
use crate::i18n::Localizer;
use crate::pipeline::{self, BackendOverrides, BackendSetupError, TranslateConfig};
use crate::translate::memory::{MemoryError, MemoryStats, MemoryStore, SqliteMemory};
use crate::translate::segment::TermSet;
use crate::translate::tmx::{self, ExportFilter, ImportIdentity, ImportReport};

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

/// A memory failure as a command error (exit 2).
pub fn memory_error(e: MemoryError) -> Error {
    Error::usage("error-translate-memory", &[("detail", e.to_string())])
}

/// Opens an existing memory (never creates one).
fn open_existing(path: &Path) -> Result<SqliteMemory, Error> {
    if !path.is_file() {
        return Err(Error::usage(
            "error-memory-missing",
            &[("path", show(path))],
        ));
    }
    SqliteMemory::open(path).map_err(memory_error)
}

/// `memory stats --format json` (schema `version: 1`).
#[derive(Debug, Serialize)]
pub struct Stats {
    pub version: u32,
    /// The memory file, as shown.
    pub memory: String,
    #[serde(flatten)]
    pub stats: MemoryStats,
}

/// Entries per language pair and backend, and the characters they saved.
pub fn stats(memory: &Path) -> Result<Stats, Error> {
    let stats = open_existing(memory)?.stats().map_err(memory_error)?;
    Ok(Stats {
        version: 1,
        memory: show(memory),
        stats,
    })
}

/// `memory export`'s options, as parsed.
#[derive(Debug, Clone, Default)]
pub struct ExportInput {
    pub memory: PathBuf,
    /// `--from`, `--lang` (tags as typed) and `--backend` filters.
    pub from: Option<String>,
    pub lang: Option<String>,
    pub backend: Option<String>,
    /// `-o` (absent or `-`: standard output).
    pub output: Option<PathBuf>,
}

/// What an export did: how many units, and where the TMX went.
#[derive(Debug)]
pub struct Exported {
    pub count: usize,
    pub delivered: Delivered,
}

/// Writes the (filtered) memory as TMX 1.4.
pub fn export(input: &ExportInput) -> Result<Exported, Error> {
    let filter = ExportFilter {
        source_lang: input.from.as_deref().map(lang_arg).transpose()?,
        target_lang: input.lang.as_deref().map(lang_arg).transpose()?,
        backend: input.backend.clone(),
    };
    let mem = open_existing(&input.memory)?;
    let mut buf = Vec::new();
    let count = tmx::export_tmx(&mem, &filter, &mut buf).map_err(memory_error)?;
    Ok(Exported {
        count,
        delivered: deliver(input.output.as_deref(), buf)?,
    })
}

/// The identity units without one are stored under for backend `name` (a kind or a configured
/// name). The backend is built only for its identity: no request is ever made, so no key is
/// needed (a stand-in satisfies the constructors that insist on one).
pub fn backend_identity(
    name: &str,
    config: &TranslateConfig,
) -> Result<ImportIdentity, BackendSetupError> {
    let stand_in = |_: &str| Some("unused".to_string());
    let built = pipeline::backend::build(name, config, &BackendOverrides::default(), &stand_in)?;
    let id = built.backend.identity();
    Ok(ImportIdentity {
        backend: id.kind.to_string(),
        model: id.model.clone().unwrap_or_default(),
        prompt_version: id.prompt_version.clone().unwrap_or_default(),
        options: id.options_string(),
        ..ImportIdentity::default()
    })
}

/// `memory import`'s inputs, resolved.
pub struct ImportInput<'a> {
    /// The TMX file (for messages) and its text.
    pub file: &'a Path,
    pub tmx: &'a str,
    pub memory: &'a Path,
    /// Identity of units that carry none (default: kept apart as `tmx`).
    pub identity: ImportIdentity,
    /// The project glossary, whose version per language goes into those units' keys.
    pub glossary: Option<&'a Glossary>,
}

/// `memory import --format json` (schema `version: 1`).
#[derive(Debug, Serialize)]
pub struct Imported {
    pub version: u32,
    pub file: String,
    pub memory: String,
    pub backend: String,
    #[serde(flatten)]
    pub report: ImportReport,
}

/// Adds the TMX's units to the memory (created when missing).
pub fn import(input: &ImportInput<'_>) -> Result<Imported, Error> {
    let version_for = |lang: &str| {
        input
            .glossary
            .map(|g| TermSet::from_glossary(g, lang).version)
            .unwrap_or_default()
    };
    let mem = SqliteMemory::open(input.memory).map_err(memory_error)?;
    let report = tmx::import_tmx_with(input.tmx, &mem, &input.identity, &version_for).map_err(
        |e| match e {
            MemoryError::Tmx(detail) => Error::usage(
                "error-memory-tmx",
                &[("path", show(input.file)), ("detail", detail)],
            ),
            other => memory_error(other),
        },
    )?;
    Ok(Imported {
        version: 1,
        file: show(input.file),
        memory: show(input.memory),
        backend: input.identity.backend.clone(),
        report,
    })
}

/// `YYYY-MM-DD` of a Unix time (the human stats' dates).
fn date(unix: i64) -> String {
    let d = tmx::tmx_date(unix);
    match (d.get(0..4), d.get(4..6), d.get(6..8)) {
        (Some(y), Some(m), Some(day)) => format!("{y}-{m}-{day}"),
        _ => d,
    }
}

/// The human stats: the header, the dates, a table per language pair and backend, the savings.
pub fn render_stats(stats: &Stats, loc: &Localizer) -> String {
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
    text.push_str(&table(&rows));
    text.push('\n');
    text.push_str(&t(
        "memory-stats-saved",
        &[("billed", s.billed_chars.to_string())],
    ));
    text.push('\n');
    text
}

/// The human line of an import.
pub fn render_imported(imported: &Imported, loc: &Localizer) -> String {
    let r = &imported.report;
    let args = [
        ("count", r.imported.to_string()),
        ("units", r.units.to_string()),
        ("skipped", r.skipped.to_string()),
        ("path", imported.file.clone()),
        ("memory", imported.memory.clone()),
    ];
    format!("{}\n", label_text(loc, "memory-imported", &args))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_the_human_stats() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(951_782_400), "2000-02-29");
        let stats = Stats {
            version: 1,
            memory: "m.sqlite".into(),
            stats: MemoryStats::default(),
        };
        let text = render_stats(&stats, &Localizer::english());
        assert!(text.contains("m.sqlite"), "{text}");
        assert_eq!(text.lines().count(), 1, "{text}");
    }

    #[test]
    fn memory_path_follows_flag_then_configuration() {
        let mut s = Settings::resolve(None, Path::new("/nonexistent-dir-for-test")).unwrap();
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

    #[test]
    fn stats_and_export_never_create_a_memory() {
        let missing = Path::new("/nonexistent-dir-for-test/m.sqlite");
        assert!(matches!(
            stats(missing),
            Err(Error::Message {
                id: "error-memory-missing",
                ..
            })
        ));
        let input = ExportInput {
            memory: missing.to_path_buf(),
            lang: Some("??".into()),
            ..ExportInput::default()
        };
        // Filters are checked first, as typed.
        assert!(matches!(
            export(&input),
            Err(Error::Message {
                id: "error-bad-lang",
                ..
            })
        ));
        assert_eq!(
            backend_identity("pseudo", &TranslateConfig::default())
                .unwrap()
                .backend,
            "pseudo"
        );
    }
}
