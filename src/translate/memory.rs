//! The translation memory: every answer a backend gave, content-addressed, so an interrupted run
//! resumes for free and a repeated line is paid for once across a season.
//!
//! The key is a SHA-256 over a versioned, length-prefixed encoding of everything that decides a
//! translation: the segment text with placeholders, both languages, the backend identity (kind,
//! model, prompt version, output options) and the glossary version. SHA-256 rather than std's
//! hasher because keys are stored on disk and shared between machines and releases: they must
//! never change. Context lines are deliberately not part of the key: exact-text reuse is what makes
//! recaps and catchphrases free, and a context-specific fix belongs in the glossary.
//!
//! `SqliteMemory` is embedded SQLite in WAL mode with a busy timeout, so two processes can share
//! one file; each `put` is its own transaction (committed before the next request's answer is
//! processed), `synchronous=NORMAL` because WAL then survives a killed process and only a power
//! loss can lose the last transactions. `MemoryStore` is the seam for a shared PostgreSQL store.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params, params_from_iter};
use sha2::{Digest, Sha256};

use super::BackendIdentity;

/// Schema version written to `PRAGMA user_version`.
const SCHEMA_VERSION: i64 = 1;

/// Why the memory failed. Data for the caller to render.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MemoryError {
    #[error("memory database {path}: {message}")]
    Open { path: String, message: String },
    #[error("memory database: {0}")]
    Sqlite(String),
    #[error("memory database was written by a newer subloc (schema {found})")]
    NewerSchema { found: i64 },
    #[error("TMX: {0}")]
    Tmx(String),
    #[error("I/O: {0}")]
    Io(String),
}

impl From<rusqlite::Error> for MemoryError {
    fn from(e: rusqlite::Error) -> Self {
        MemoryError::Sqlite(e.to_string())
    }
}

const SCHEMA: &str = "BEGIN IMMEDIATE;
     CREATE TABLE IF NOT EXISTS tm (
         key TEXT PRIMARY KEY NOT NULL,
         source TEXT NOT NULL,
         target TEXT NOT NULL,
         source_lang TEXT NOT NULL,
         target_lang TEXT NOT NULL,
         backend TEXT NOT NULL,
         model TEXT NOT NULL,
         prompt_version TEXT NOT NULL,
         options TEXT NOT NULL,
         glossary_version TEXT NOT NULL,
         created INTEGER NOT NULL,
         billed_chars INTEGER NOT NULL
     );
     PRAGMA user_version = 1;
     COMMIT;";

/// Why setting up a connection failed.
enum Prepare {
    Sqlite(rusqlite::Error),
    Newer(i64),
}

impl From<rusqlite::Error> for Prepare {
    fn from(e: rusqlite::Error) -> Self {
        Prepare::Sqlite(e)
    }
}

/// Whether SQLite said another connection holds the lock.
fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// Everything but the text that decides a translation: the scope of one scheduler run.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KeyContext {
    pub source_lang: String,
    pub target_lang: String,
    pub identity: BackendIdentity,
    /// `TermSet::version` (or any string that changes when the protected terms change); "" for none.
    pub glossary_version: String,
}

impl KeyContext {
    /// The memory key of `source_text` (segment text with placeholders) in this context.
    pub fn key(&self, source_text: &str) -> String {
        memory_key(
            source_text,
            &self.source_lang,
            &self.target_lang,
            self.identity.kind,
            self.identity.model.as_deref().unwrap_or(""),
            self.identity.prompt_version.as_deref().unwrap_or(""),
            &self.identity.options_string(),
            &self.glossary_version,
        )
    }

    /// A memory row for an answer received now.
    pub fn entry(&self, source_text: &str, target_text: &str, billed_chars: u64) -> Entry {
        Entry {
            key: self.key(source_text),
            source: source_text.to_string(),
            target: target_text.to_string(),
            source_lang: self.source_lang.clone(),
            target_lang: self.target_lang.clone(),
            backend: self.identity.kind.to_string(),
            model: self.identity.model.clone().unwrap_or_default(),
            prompt_version: self.identity.prompt_version.clone().unwrap_or_default(),
            options: self.identity.options_string(),
            glossary_version: self.glossary_version.clone(),
            created: crate::date::now_unix(),
            billed_chars,
        }
    }
}

/// The key function. Each field is length-prefixed so no two field lists encode alike; the
/// leading tag versions the encoding itself.
#[allow(clippy::too_many_arguments)]
pub fn memory_key(
    source_text: &str,
    source_lang: &str,
    target_lang: &str,
    backend: &str,
    model: &str,
    prompt_version: &str,
    options: &str,
    glossary_version: &str,
) -> String {
    let mut h = Sha256::new();
    h.update(b"subloc-tm-key-v1");
    for field in [
        source_text,
        source_lang,
        target_lang,
        backend,
        model,
        prompt_version,
        options,
        glossary_version,
    ] {
        h.update((field.len() as u64).to_le_bytes());
        h.update(field.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// One stored translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    /// Segment text with placeholders.
    pub source: String,
    pub target: String,
    pub source_lang: String,
    pub target_lang: String,
    pub backend: String,
    pub model: String,
    pub prompt_version: String,
    pub options: String,
    pub glossary_version: String,
    /// Unix seconds.
    pub created: i64,
    pub billed_chars: u64,
}

impl Entry {
    /// Recomputes the key from the fields (imported rows are never trusted to carry a valid one).
    pub fn computed_key(&self) -> String {
        memory_key(
            &self.source,
            &self.source_lang,
            &self.target_lang,
            &self.backend,
            &self.model,
            &self.prompt_version,
            &self.options,
            &self.glossary_version,
        )
    }
}

/// Totals for `subloc memory stats`.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct MemoryStats {
    pub entries: u64,
    pub billed_chars: u64,
    /// Unix seconds of the oldest and newest entry.
    pub oldest: Option<i64>,
    pub newest: Option<i64>,
    pub groups: Vec<GroupStats>,
}

/// Entries per language pair and backend.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GroupStats {
    pub source_lang: String,
    pub target_lang: String,
    pub backend: String,
    pub model: String,
    pub entries: u64,
    pub billed_chars: u64,
    pub source_chars: u64,
}

/// A place to keep translations. Implementations must be safe to share between threads and make
/// each `put` durable before returning.
pub trait MemoryStore: Send + Sync {
    /// The stored entries among `keys` (missing keys are simply absent).
    fn get_many(&self, keys: &[String]) -> Result<HashMap<String, Entry>, MemoryError>;
    /// Stores (or replaces) one entry, committed before returning.
    fn put(&self, entry: &Entry) -> Result<(), MemoryError> {
        self.put_many(std::slice::from_ref(entry)).map(|_| ())
    }
    /// Stores (or replaces) entries in one transaction; returns how many were written.
    fn put_many(&self, entries: &[Entry]) -> Result<usize, MemoryError>;
    fn stats(&self) -> Result<MemoryStats, MemoryError>;
    /// Visits every entry, oldest first (for TMX export).
    fn for_each(
        &self,
        visit: &mut dyn FnMut(Entry) -> Result<(), MemoryError>,
    ) -> Result<(), MemoryError>;
}

/// The embedded SQLite memory.
pub struct SqliteMemory {
    conn: Mutex<Connection>,
    path: Option<PathBuf>,
}

impl std::fmt::Debug for SqliteMemory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteMemory")
            .field("path", &self.path)
            .finish()
    }
}

impl SqliteMemory {
    /// Opens (creating if needed) the memory at `path`.
    pub fn open(path: &Path) -> Result<SqliteMemory, MemoryError> {
        let open_err = |e: rusqlite::Error| MemoryError::Open {
            path: path.display().to_string(),
            message: e.to_string(),
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| MemoryError::Open {
                path: path.display().to_string(),
                message: e.to_string(),
            })?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(open_err)?;
        // Two processes opening a new file at once race on switching it to WAL and creating the
        // schema; SQLite answers the loser with SQLITE_BUSY at once (the busy handler is not used
        // for a journal-mode change), so the set-up is retried for a while before giving up.
        let mut conn = conn;
        let mut attempt = 0;
        loop {
            match Self::prepare(&conn, true) {
                Ok(()) => break,
                Err(Prepare::Sqlite(e)) if attempt < 100 && is_busy(&e) => {
                    attempt += 1;
                    std::thread::sleep(Duration::from_millis(20 + 5 * attempt));
                    conn = Connection::open_with_flags(
                        path,
                        OpenFlags::SQLITE_OPEN_READ_WRITE
                            | OpenFlags::SQLITE_OPEN_CREATE
                            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                    )
                    .map_err(open_err)?;
                }
                Err(Prepare::Sqlite(e)) => return Err(open_err(e)),
                Err(Prepare::Newer(found)) => return Err(MemoryError::NewerSchema { found }),
            }
        }
        Ok(SqliteMemory {
            conn: Mutex::new(conn),
            path: Some(path.to_path_buf()),
        })
    }

    /// A private in-memory database (tests, `--no-memory`).
    pub fn open_in_memory() -> Result<SqliteMemory, MemoryError> {
        Self::init(Connection::open_in_memory()?, None)
    }

    fn init(conn: Connection, path: Option<PathBuf>) -> Result<SqliteMemory, MemoryError> {
        match Self::prepare(&conn, path.is_some()) {
            Ok(()) => {}
            Err(Prepare::Sqlite(e)) => return Err(e.into()),
            Err(Prepare::Newer(found)) => return Err(MemoryError::NewerSchema { found }),
        }
        Ok(SqliteMemory {
            conn: Mutex::new(conn),
            path,
        })
    }

    /// Pragmas and schema; safe to run again on a database that is already set up.
    fn prepare(conn: &Connection, on_disk: bool) -> Result<(), Prepare> {
        // The timeout first: another process may be creating the schema or checkpointing.
        conn.busy_timeout(Duration::from_secs(15))?;
        if on_disk {
            let _mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        }
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(Prepare::Newer(version));
        }
        if version < SCHEMA_VERSION {
            conn.execute_batch(SCHEMA)?;
        }
        Ok(())
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    fn with_conn<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, MemoryError>,
    ) -> Result<T, MemoryError> {
        // A panic while holding the lock cannot leave the connection inconsistent (SQLite rolls
        // back an unfinished transaction), so a poisoned lock is still usable.
        let mut guard = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }
}

const COLUMNS: &str = "key, source, target, source_lang, target_lang, backend, model, \
                       prompt_version, options, glossary_version, created, billed_chars";

fn row_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        key: r.get(0)?,
        source: r.get(1)?,
        target: r.get(2)?,
        source_lang: r.get(3)?,
        target_lang: r.get(4)?,
        backend: r.get(5)?,
        model: r.get(6)?,
        prompt_version: r.get(7)?,
        options: r.get(8)?,
        glossary_version: r.get(9)?,
        created: r.get(10)?,
        billed_chars: r.get::<_, i64>(11)?.max(0) as u64,
    })
}

impl MemoryStore for SqliteMemory {
    fn get_many(&self, keys: &[String]) -> Result<HashMap<String, Entry>, MemoryError> {
        self.with_conn(|conn| {
            let mut out = HashMap::new();
            // SQLite limits bound parameters (32766 by default); stay far below.
            for chunk in keys.chunks(500) {
                let marks = vec!["?"; chunk.len()].join(",");
                let sql = format!("SELECT {COLUMNS} FROM tm WHERE key IN ({marks})");
                let mut stmt = conn.prepare_cached(&sql)?;
                let rows = stmt.query_map(params_from_iter(chunk.iter()), row_entry)?;
                for row in rows {
                    let e = row?;
                    out.insert(e.key.clone(), e);
                }
            }
            Ok(out)
        })
    }

    fn put_many(&self, entries: &[Entry]) -> Result<usize, MemoryError> {
        if entries.is_empty() {
            return Ok(0);
        }
        self.with_conn(|conn| {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            {
                let mut stmt = tx.prepare_cached(&format!(
                    "INSERT INTO tm ({COLUMNS}) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)
                     ON CONFLICT(key) DO UPDATE SET target = excluded.target,
                         created = excluded.created, billed_chars = excluded.billed_chars"
                ))?;
                for e in entries {
                    stmt.execute(params![
                        e.key,
                        e.source,
                        e.target,
                        e.source_lang,
                        e.target_lang,
                        e.backend,
                        e.model,
                        e.prompt_version,
                        e.options,
                        e.glossary_version,
                        e.created,
                        i64::try_from(e.billed_chars).unwrap_or(i64::MAX),
                    ])?;
                }
            }
            tx.commit()?;
            Ok(entries.len())
        })
    }

    fn stats(&self) -> Result<MemoryStats, MemoryError> {
        self.with_conn(|conn| {
            let (entries, billed, oldest, newest): (i64, Option<i64>, Option<i64>, Option<i64>) =
                conn.query_row(
                    "SELECT COUNT(*), SUM(billed_chars), MIN(created), MAX(created) FROM tm",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )?;
            let mut stmt = conn.prepare(
                "SELECT source_lang, target_lang, backend, model, COUNT(*), SUM(billed_chars),
                        SUM(length(source))
                 FROM tm GROUP BY source_lang, target_lang, backend, model
                 ORDER BY source_lang, target_lang, backend, model",
            )?;
            let groups = stmt
                .query_map([], |r| {
                    Ok(GroupStats {
                        source_lang: r.get(0)?,
                        target_lang: r.get(1)?,
                        backend: r.get(2)?,
                        model: r.get(3)?,
                        entries: r.get::<_, i64>(4)?.max(0) as u64,
                        billed_chars: r.get::<_, Option<i64>>(5)?.unwrap_or(0).max(0) as u64,
                        source_chars: r.get::<_, Option<i64>>(6)?.unwrap_or(0).max(0) as u64,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(MemoryStats {
                entries: entries.max(0) as u64,
                billed_chars: billed.unwrap_or(0).max(0) as u64,
                oldest,
                newest,
                groups,
            })
        })
    }

    fn for_each(
        &self,
        visit: &mut dyn FnMut(Entry) -> Result<(), MemoryError>,
    ) -> Result<(), MemoryError> {
        self.with_conn(|conn| {
            let mut stmt =
                conn.prepare(&format!("SELECT {COLUMNS} FROM tm ORDER BY created, key"))?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                visit(row_entry(row)?)?;
            }
            Ok(())
        })
    }
}

impl SqliteMemory {
    /// One entry by key (tests and tools).
    pub fn get(&self, key: &str) -> Result<Option<Entry>, MemoryError> {
        self.with_conn(|conn| {
            Ok(conn
                .query_row(
                    &format!("SELECT {COLUMNS} FROM tm WHERE key = ?1"),
                    [key],
                    row_entry,
                )
                .optional()?)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> KeyContext {
        KeyContext {
            source_lang: "zh-Hans".into(),
            target_lang: "fa".into(),
            identity: BackendIdentity::new("pseudo"),
            glossary_version: "g1".into(),
        }
    }

    #[test]
    fn keys_are_stable_and_sensitive_to_every_part() {
        let c = ctx();
        // Frozen value, computed independently (Python hashlib over the documented encoding): a
        // change here would silently invalidate every user's memory.
        assert_eq!(
            c.key("你好"),
            "85324b390005d50cccc459a85bc7465bd02139c20c3b80ccc192e579f41afb37"
        );
        let base = c.key("你好");
        let mut other = c.clone();
        other.glossary_version = "g2".into();
        assert_ne!(other.key("你好"), base);
        let mut other = c.clone();
        other.identity.model = Some("m".into());
        assert_ne!(other.key("你好"), base);
        let mut other = c.clone();
        other.target_lang = "ar".into();
        assert_ne!(other.key("你好"), base);
        // Length prefixes keep field boundaries apart.
        assert_ne!(
            memory_key("ab", "c", "", "", "", "", "", ""),
            memory_key("a", "bc", "", "", "", "", "", "")
        );
    }

    #[test]
    fn put_get_stats_and_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/tm.sqlite");
        let c = ctx();
        {
            let m = SqliteMemory::open(&path).unwrap();
            m.put(&c.entry("你好", "سلام", 2)).unwrap();
            m.put(&c.entry("再见", "خداحافظ", 2)).unwrap();
            // Replacing keeps one row per key.
            m.put(&c.entry("你好", "درود", 2)).unwrap();
        }
        let m = SqliteMemory::open(&path).unwrap();
        let got = m.get_many(&[c.key("你好"), c.key("没有")]).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[&c.key("你好")].target, "درود");
        let s = m.stats().unwrap();
        assert_eq!(s.entries, 2);
        assert_eq!(s.billed_chars, 4);
        assert_eq!(s.groups.len(), 1);
        assert_eq!(s.groups[0].target_lang, "fa");
        assert_eq!(s.groups[0].source_chars, 4);
    }

    #[test]
    fn two_connections_write_concurrently() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tm.sqlite");
        let c = ctx();
        let handles: Vec<_> = (0..2)
            .map(|w| {
                let path = path.clone();
                let c = c.clone();
                std::thread::spawn(move || {
                    let m = SqliteMemory::open(&path).unwrap();
                    for i in 0..200 {
                        m.put(&c.entry(&format!("w{w}-{i}"), "t", 1)).unwrap();
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        let m = SqliteMemory::open(&path).unwrap();
        assert_eq!(m.stats().unwrap().entries, 400);
        assert!(m.get(&c.key("w1-199")).unwrap().is_some());
    }
}
