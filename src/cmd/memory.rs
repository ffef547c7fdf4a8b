//! `memory stats|export|import` as use cases: the translation memory's counts, its TMX 1.4
//! export and the import of a TMX file, as data for the binary to show.
//!
//! The memory file is the settings' (as for `translate`). `stats` and `export` never
//! create a memory (a missing one is an error, exit 2); `import` creates it. Import keeps the
//! identity a unit carries (a subloc export round-trips exactly); units without one are stored
//! under `--backend`'s identity (and the project glossary's version for their language) so that
//! backend's runs use them, or kept apart as `tmx` when no backend is named. The `render_*`
//! functions make the human texts.

use std::path::Path;

use serde::Serialize;

use super::destination::{Destination, send};
use super::translate::{backend_error, memory_error};
use super::{Error, Settings, label_text, lang_arg, read_text, show};
use crate::i18n::Localizer;
use crate::interchange::tmx::{self, ExportFilter, ImportIdentity, ImportReport};
use crate::pipeline::{self, BackendOverrides, TranslateConfig};
use crate::report::text_table as table;
use std::sync::Arc;

use crate::translate::memory::{
    self as tm, Entry, MemoryError, MemoryStats, MemoryStore, SqliteMemory,
};
use crate::translate::segment::TermSet;

/// Opens an existing SQLite file (never creates one).
fn open_existing_file(path: &Path) -> Result<SqliteMemory, Error> {
    if !path.is_file() {
        return Err(Error::usage(
            "error-memory-missing",
            &[("path", show(path))],
        ));
    }
    SqliteMemory::open(path).map_err(memory_error)
}

/// Opens the settings' memory: with `create`, the team memory (its schema created when new)
/// or a file (created when missing); without, an existing file, or the team memory read as it
/// is (a database subloc never wrote to is an empty memory, and stays untouched).
fn open_settings_memory(settings: &Settings, create: bool) -> Result<Arc<dyn MemoryStore>, Error> {
    let location = settings.memory_path();
    if !create {
        if let Some(url) = location.to_str().filter(|l| tm::is_postgres_url(l)) {
            let team = tm::open_postgres_existing(url, settings.memory_access());
            return Ok(Arc::new(team.map_err(memory_error)?));
        }
        return Ok(Arc::new(open_existing_file(location)?));
    }
    tm::open_location(location, settings.memory_access()).map_err(memory_error)
}

/// `memory stats --format json` (schema `version: 1`).
#[derive(Debug, Serialize)]
pub struct MemoryStatsReport {
    pub version: u32,
    /// The memory file, as shown.
    pub memory: String,
    #[serde(flatten)]
    pub stats: MemoryStats,
}

/// Entries per language pair and backend, and the characters they saved.
pub fn stats(settings: &Settings) -> Result<MemoryStatsReport, Error> {
    let memory = settings.memory_path();
    let stats = open_settings_memory(settings, false)?
        .stats()
        .map_err(memory_error)?;
    Ok(MemoryStatsReport {
        version: 1,
        memory: show(memory),
        stats,
    })
}

/// `memory export`'s options, as parsed.
#[derive(Debug, Clone, Copy, Default)]
pub struct MemoryExportRequest<'a> {
    /// `--from`, `--lang` (tags as typed) and `--backend` filters.
    pub from: Option<&'a str>,
    pub lang: Option<&'a str>,
    pub backend: Option<&'a str>,
    /// `-o` (absent or `-`: standard output).
    pub output: Option<&'a Path>,
}

/// What an export did: how many units, and where the TMX went.
#[derive(Debug)]
pub struct MemoryExported {
    pub count: usize,
    pub destination: Destination,
}

/// Writes the (filtered) memory as TMX 1.4.
pub fn export(settings: &Settings, req: &MemoryExportRequest<'_>) -> Result<MemoryExported, Error> {
    let filter = ExportFilter {
        source_lang: req.from.map(lang_arg).transpose()?,
        target_lang: req.lang.map(lang_arg).transpose()?,
        backend: req.backend.map(str::to_string),
    };
    let mem = open_settings_memory(settings, false)?;
    let mut buf = Vec::new();
    let count = tmx::export_tmx(&*mem, &filter, &mut buf).map_err(memory_error)?;
    Ok(MemoryExported {
        count,
        destination: send(req.output, buf)?,
    })
}

/// The identity units without one are stored under for backend `name` (a kind or a configured
/// name). The backend is built only for its identity: no request is ever made, so no key is
/// needed (a stand-in satisfies the constructors that insist on one).
fn backend_identity(name: &str, config: &TranslateConfig) -> Result<ImportIdentity, Error> {
    let stand_in = |_: &str| Some("unused".to_string());
    let built = pipeline::backend::build(name, config, &BackendOverrides::default(), &stand_in)
        .map_err(backend_error)?;
    let id = built.backend.identity();
    Ok(ImportIdentity {
        backend: id.kind.to_string(),
        model: id.model.clone().unwrap_or_default(),
        prompt_version: id.prompt_version.clone().unwrap_or_default(),
        options: id.options_string(),
        ..ImportIdentity::default()
    })
}

/// `memory import`'s options, as parsed.
#[derive(Debug, Clone, Copy)]
pub struct MemoryImportRequest<'a> {
    /// The TMX file.
    pub input: &'a Path,
    /// Backend whose runs may use units that name no identity (a kind or a configured name).
    pub backend: Option<&'a str>,
}

/// `memory import --format json` (schema `version: 1`).
#[derive(Debug, Serialize)]
pub struct MemoryImported {
    pub version: u32,
    pub file: String,
    pub memory: String,
    pub backend: String,
    #[serde(flatten)]
    pub report: ImportReport,
}

/// Adds the TMX's units to the memory (created when missing).
pub fn import(settings: &Settings, req: &MemoryImportRequest<'_>) -> Result<MemoryImported, Error> {
    let memory = settings.memory_path();
    let xml = read_text(req.input)?;
    let mut identity = ImportIdentity::default();
    let mut glossary = None;
    if let Some(name) = req.backend {
        identity = backend_identity(name, &settings.project().translate)?;
        // The project glossary gives the units the key its runs look them up by; none (or a
        // glossary file not there yet) is an empty version, as in `translate`.
        if settings.glossary_path().is_some_and(Path::is_file) {
            glossary = settings.glossary()?.map(|g| &g.glossary);
        }
    }
    let version_for = |lang: &str| {
        glossary
            .map(|g| TermSet::from_glossary(g, lang).version)
            .unwrap_or_default()
    };
    let mem = open_settings_memory(settings, true)?;
    let report =
        tmx::import_tmx_with(&xml, &*mem, &identity, &version_for).map_err(|e| match e {
            MemoryError::Tmx(detail) => Error::usage(
                "error-memory-tmx",
                &[("path", show(req.input)), ("detail", detail)],
            ),
            other => memory_error(other),
        })?;
    Ok(MemoryImported {
        version: 1,
        file: show(req.input),
        memory: show(memory),
        backend: identity.backend,
        report,
    })
}

/// Which way `memory push|pull` copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyDirection {
    /// From the local file to the settings' (team) memory.
    Push,
    /// From the settings' (team) memory to the local file (created when missing).
    Pull,
}

/// `memory push|pull --format json` (schema `version: 1`).
#[derive(Debug, Serialize)]
pub struct MemoryCopied {
    pub version: u32,
    pub from: String,
    pub to: String,
    /// Entries written to `to`.
    pub copied: u64,
    /// Entries `to` already had under the same key (left as they were).
    pub skipped: u64,
}

/// Entries copied per transaction.
const COPY_BATCH: usize = 500;

/// Copies the entries `to` lacks from one memory to the other: keys are the same everywhere, so
/// an entry is never duplicated; one already there (the same question) keeps its answer.
pub fn copy(settings: &Settings, file: &Path, dir: CopyDirection) -> Result<MemoryCopied, Error> {
    // Pulling reads the team memory; only a push writes (and so may create) it.
    let team = open_settings_memory(settings, dir == CopyDirection::Push)?;
    let local: Arc<dyn MemoryStore> = match dir {
        CopyDirection::Push => Arc::new(open_existing_file(file)?),
        CopyDirection::Pull => Arc::new(SqliteMemory::open(file).map_err(memory_error)?),
    };
    let (from, to, from_name, to_name) = match dir {
        CopyDirection::Push => (&local, &team, show(file), show(settings.memory_path())),
        CopyDirection::Pull => (&team, &local, show(settings.memory_path()), show(file)),
    };
    let mut copied = 0u64;
    let mut skipped = 0u64;
    let mut batch: Vec<Entry> = Vec::with_capacity(COPY_BATCH);
    let mut flush = |batch: &mut Vec<Entry>| -> Result<(), MemoryError> {
        let keys: Vec<String> = batch.iter().map(|e| e.key.clone()).collect();
        let present = to.get_many(&keys)?;
        let missing: Vec<Entry> = batch
            .drain(..)
            .filter(|e| !present.contains_key(&e.key))
            .collect();
        skipped += (keys.len() - missing.len()) as u64;
        copied += to.put_many(&missing)? as u64;
        Ok(())
    };
    from.for_each(&mut |e| {
        batch.push(e);
        if batch.len() >= COPY_BATCH {
            flush(&mut batch)?;
        }
        Ok(())
    })
    .map_err(memory_error)?;
    flush(&mut batch).map_err(memory_error)?;
    Ok(MemoryCopied {
        version: 1,
        from: from_name,
        to: to_name,
        copied,
        skipped,
    })
}

/// The human line of a push or pull.
pub fn render_copied(c: &MemoryCopied, loc: &Localizer) -> String {
    let args = [
        ("count", c.copied.to_string()),
        ("skipped", c.skipped.to_string()),
        ("from", c.from.clone()),
        ("to", c.to.clone()),
    ];
    format!("{}\n", label_text(loc, "memory-copied", &args))
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
pub fn render_stats(stats: &MemoryStatsReport, loc: &Localizer) -> String {
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
pub fn render_imported(imported: &MemoryImported, loc: &Localizer) -> String {
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
        let stats = MemoryStatsReport {
            version: 1,
            memory: "m.sqlite".into(),
            stats: MemoryStats::default(),
        };
        let text = render_stats(&stats, &Localizer::english());
        assert!(text.contains("m.sqlite"), "{text}");
        assert_eq!(text.lines().count(), 1, "{text}");
        let rows = vec![
            vec!["زبان".to_string(), "x".to_string()],
            vec!["zh-Hans".to_string(), "y".to_string()],
        ];
        assert_eq!(table(&rows), "زبان     x\nzh-Hans  y\n");
    }

    #[test]
    fn stats_and_export_never_create_a_memory() {
        let missing = Path::new("/nonexistent-dir-for-test/m.sqlite");
        let cwd = Path::new("/nonexistent-dir-for-test");
        let project = crate::config::Project::resolve(None, cwd).unwrap();
        let flags = crate::cmd::Flags {
            memory: Some(missing),
            ..Default::default()
        };
        let settings = Settings::from_project(project, &flags, cwd.into()).unwrap();
        assert!(matches!(
            stats(&settings),
            Err(Error::Message {
                id: "error-memory-missing",
                ..
            })
        ));
        let req = MemoryExportRequest {
            lang: Some("??"),
            ..MemoryExportRequest::default()
        };
        // Filters are checked first, as typed.
        assert!(matches!(
            export(&settings, &req),
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
        assert!(matches!(
            backend_identity("no-such-backend", &TranslateConfig::default()),
            Err(Error::Message {
                id: "error-translate-backend-unknown",
                ..
            })
        ));
    }
}
