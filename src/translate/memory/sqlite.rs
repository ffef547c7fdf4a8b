//! `SqliteMemory`: the memory as embedded SQLite in WAL mode with a bounded busy timeout, so
//! several processes share one file; each `put` is its own transaction (committed before the next
//! answer is processed), `synchronous=NORMAL` because WAL then survives a killed process and only
//! a power loss can lose the last transactions.
//!
//! Schema 2 (issue 14): `tm.terms` (the segment's term digest of a version 2 key; NULL for a
//! version 1 entry), `tm.base` (the skeleton key, indexed, for counting what a glossary change
//! invalidated) and the `claims` table (key, owner, host, pid, lease expiry in Unix ms). A schema 1
//! file is migrated in place in one transaction: every row gets its base, and the rows whose
//! version 2 key is known without their glossary (`Entry::upgradable`) are re-keyed, newest
//! first; nothing is deleted (an older duplicate keeps its version 1 key).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params, params_from_iter};

use super::claims::{lease_ms, now_ms};
use super::{ClaimOwner, Claimed, Entry, GroupStats, MemoryError, MemoryStats, MemoryStore};

/// Schema version written to `PRAGMA user_version`.
const SCHEMA_VERSION: i64 = 2;

/// How long a write waits for another process's lock before it fails as `Locked`.
const BUSY_TIMEOUT: Duration = Duration::from_secs(15);

const TM_TABLE: &str = "CREATE TABLE IF NOT EXISTS tm (
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
     );";

const V2_ADDITIONS: &str = "ALTER TABLE tm ADD COLUMN terms TEXT;
     ALTER TABLE tm ADD COLUMN base TEXT NOT NULL DEFAULT '';
     CREATE INDEX IF NOT EXISTS tm_base ON tm(base);
     CREATE TABLE IF NOT EXISTS claims (
         key TEXT PRIMARY KEY NOT NULL,
         owner TEXT NOT NULL,
         host TEXT NOT NULL,
         pid INTEGER NOT NULL,
         expires INTEGER NOT NULL
     );
     CREATE INDEX IF NOT EXISTS claims_owner ON claims(owner);";

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
    /// Opens (creating if needed) the memory at `path`, migrating an older schema.
    pub fn open(path: &Path) -> Result<SqliteMemory, MemoryError> {
        let open_err = |e: rusqlite::Error| match MemoryError::from(e) {
            e @ MemoryError::Store { .. } => e,
            other => MemoryError::Open {
                path: path.display().to_string(),
                message: other.detail(),
            },
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| MemoryError::Open {
                path: path.display().to_string(),
                message: e.to_string(),
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags).map_err(open_err)?;
        // Two processes opening a new file at once race on switching it to WAL and creating the
        // schema; SQLite answers the loser with SQLITE_BUSY at once (the busy handler is not used
        // for a journal-mode change), so the set-up is retried for a while before giving up.
        let mut attempt = 0;
        loop {
            match Self::prepare(&conn, true) {
                Ok(()) => break,
                Err(Prepare::Sqlite(e)) if attempt < 100 && is_busy(&e) => {
                    attempt += 1;
                    std::thread::sleep(Duration::from_millis(20 + 5 * attempt));
                    conn = Connection::open_with_flags(path, flags).map_err(open_err)?;
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
        let conn = Connection::open_in_memory()?;
        match Self::prepare(&conn, false) {
            Ok(()) => {}
            Err(Prepare::Sqlite(e)) => return Err(e.into()),
            Err(Prepare::Newer(found)) => return Err(MemoryError::NewerSchema { found }),
        }
        Ok(SqliteMemory {
            conn: Mutex::new(conn),
            path: None,
        })
    }

    /// Pragmas and schema; safe to run again on a database that is already set up.
    fn prepare(conn: &Connection, on_disk: bool) -> Result<(), Prepare> {
        // The timeout first: another process may be creating the schema or checkpointing.
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let read_only = conn.is_readonly(rusqlite::MAIN_DB)?;
        if on_disk && !read_only {
            let _mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        }
        if !read_only {
            conn.pragma_update(None, "synchronous", "NORMAL")?;
        }
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(Prepare::Newer(version));
        }
        if version < SCHEMA_VERSION && !read_only {
            Self::migrate(conn)?;
        }
        Ok(())
    }

    /// Creates schema 2, or brings schema 1 to it, in one transaction (another process may be
    /// doing the same: the version is read again under the write lock).
    fn migrate(conn: &Connection) -> Result<(), rusqlite::Error> {
        conn.execute_batch("BEGIN IMMEDIATE")?;
        let done = (|| {
            let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if version == 0 {
                conn.execute_batch(TM_TABLE)?;
            }
            if version < 2 {
                conn.execute_batch(V2_ADDITIONS)?;
                backfill_v1(conn)?;
                conn.execute_batch("PRAGMA user_version = 2")?;
            }
            Ok(())
        })();
        match done {
            Ok(()) => conn.execute_batch("COMMIT"),
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Whether this connection can only read (a read-only file, folder or file system): a
    /// translation run refuses such a memory before paying for anything.
    pub fn is_readonly(&self) -> bool {
        self.with_conn(|c| Ok(c.is_readonly(rusqlite::MAIN_DB)?))
            .unwrap_or(true)
    }

    pub(super) fn with_conn<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, MemoryError>,
    ) -> Result<T, MemoryError> {
        // A panic while holding the lock cannot leave the connection inconsistent (SQLite rolls
        // back an unfinished transaction), so a poisoned lock is still usable.
        let mut guard = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }

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

/// Gives every schema 1 row its base key and re-keys the rows whose version 2 key is known
/// (newest first, so the newest answer of a text wins the version 2 key; the others keep theirs).
fn backfill_v1(conn: &Connection) -> Result<(), rusqlite::Error> {
    let rows: Vec<(i64, Entry)> = {
        let mut stmt = conn.prepare(&format!(
            "SELECT rowid, {COLUMNS} FROM tm ORDER BY created DESC, rowid DESC"
        ))?;
        stmt.query_map([], |r| {
            let id: i64 = r.get(0)?;
            Ok((
                id,
                Entry {
                    key: r.get(1)?,
                    source: r.get(2)?,
                    target: r.get(3)?,
                    source_lang: r.get(4)?,
                    target_lang: r.get(5)?,
                    backend: r.get(6)?,
                    model: r.get(7)?,
                    prompt_version: r.get(8)?,
                    options: r.get(9)?,
                    glossary_version: r.get(10)?,
                    terms: None,
                    created: r.get(11)?,
                    billed_chars: 0,
                },
            ))
        })?
        .collect::<Result<_, _>>()?
    };
    let mut set_base = conn.prepare("UPDATE tm SET base = ?1 WHERE rowid = ?2")?;
    let mut rekey =
        conn.prepare("UPDATE OR IGNORE tm SET key = ?1, terms = ?2 WHERE rowid = ?3")?;
    for (id, e) in rows {
        set_base.execute(params![e.base_key(), id])?;
        if e.upgradable() {
            let up = e.upgraded();
            rekey.execute(params![up.key, up.terms, id])?;
        }
    }
    Ok(())
}

const COLUMNS: &str = "key, source, target, source_lang, target_lang, backend, model, \
                       prompt_version, options, glossary_version, created, billed_chars, terms";

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
        terms: r.get(12)?,
    })
}

/// The stored entries among `keys`, inside an open connection or transaction.
fn select_entries(
    conn: &Connection,
    keys: &[String],
) -> Result<HashMap<String, Entry>, MemoryError> {
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
}

impl MemoryStore for SqliteMemory {
    fn get_many(&self, keys: &[String]) -> Result<HashMap<String, Entry>, MemoryError> {
        self.with_conn(|conn| select_entries(conn, keys))
    }

    fn put_many(&self, entries: &[Entry]) -> Result<usize, MemoryError> {
        if entries.is_empty() {
            return Ok(0);
        }
        self.with_conn(|conn| {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            {
                let mut stmt = tx.prepare_cached(&format!(
                    "INSERT INTO tm ({COLUMNS}, base)
                     VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)
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
                        e.terms,
                        e.base_key(),
                    ])?;
                }
            }
            tx.commit()?;
            Ok(entries.len())
        })
    }

    fn rekey(&self, moves: &[(String, Entry)]) -> Result<(), MemoryError> {
        if moves.is_empty() {
            return Ok(());
        }
        self.with_conn(|conn| {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            {
                let mut stmt = tx.prepare_cached(
                    "UPDATE OR IGNORE tm SET key = ?1, terms = ?2 WHERE key = ?3",
                )?;
                for (old, e) in moves {
                    stmt.execute(params![e.key, e.terms, old])?;
                }
            }
            tx.commit()?;
            Ok(())
        })
    }

    fn bases_present(&self, bases: &[String]) -> Result<HashSet<String>, MemoryError> {
        self.with_conn(|conn| {
            let mut out = HashSet::new();
            for chunk in bases.chunks(500) {
                let marks = vec!["?"; chunk.len()].join(",");
                let sql = format!("SELECT DISTINCT base FROM tm WHERE base IN ({marks})");
                let mut stmt = conn.prepare_cached(&sql)?;
                let rows = stmt.query_map(params_from_iter(chunk.iter()), |r| r.get(0))?;
                for row in rows {
                    out.insert(row?);
                }
            }
            Ok(out)
        })
    }

    fn claim(
        &self,
        keys: &[String],
        owner: &ClaimOwner,
        lease: Duration,
    ) -> Result<Claimed, MemoryError> {
        self.with_conn(|conn| {
            // One write transaction: no other runner can store or claim between the look-up
            // and the claim, so a key is either answered, ours, or held by a live runner.
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let answered = select_entries(&tx, keys)?;
            let now = now_ms();
            let expires = now.saturating_add(lease_ms(lease));
            let mut mine = Vec::new();
            let mut held = Vec::new();
            {
                let mut look = tx.prepare_cached(
                    "SELECT owner, host, pid, expires FROM claims WHERE key = ?1",
                )?;
                let mut take = tx.prepare_cached(
                    "INSERT INTO claims (key, owner, host, pid, expires) VALUES (?1,?2,?3,?4,?5)
                     ON CONFLICT(key) DO UPDATE SET owner = excluded.owner,
                         host = excluded.host, pid = excluded.pid, expires = excluded.expires",
                )?;
                for k in keys.iter().filter(|k| !answered.contains_key(*k)) {
                    let current: Option<(String, String, i64, i64)> = look
                        .query_row([k], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                        .optional()?;
                    let free = match &current {
                        None => true,
                        Some((o, h, pid, exp)) => {
                            owner.may_take(o, h, u32::try_from(*pid).unwrap_or(0), *exp, now)
                        }
                    };
                    if free {
                        take.execute(params![k, owner.id, owner.host, owner.pid, expires])?;
                        mine.push(k.clone());
                    } else {
                        held.push(k.clone());
                    }
                }
            }
            tx.commit()?;
            Ok(Claimed {
                answered,
                mine,
                held,
            })
        })
    }

    fn renew(&self, owner: &ClaimOwner, lease: Duration) -> Result<(), MemoryError> {
        self.with_conn(|conn| {
            conn.execute(
                "UPDATE claims SET expires = ?1 WHERE owner = ?2",
                params![now_ms().saturating_add(lease_ms(lease)), owner.id],
            )?;
            Ok(())
        })
    }

    fn release(&self, owner: &ClaimOwner, keys: &[String]) -> Result<(), MemoryError> {
        self.with_conn(|conn| {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            if keys.is_empty() {
                tx.execute("DELETE FROM claims WHERE owner = ?1", [&owner.id])?;
                // Claims of runners killed long ago that nobody took over.
                tx.execute(
                    "DELETE FROM claims WHERE expires < ?1",
                    [now_ms().saturating_sub(3_600_000)],
                )?;
            } else {
                let mut stmt =
                    tx.prepare_cached("DELETE FROM claims WHERE owner = ?1 AND key = ?2")?;
                for k in keys {
                    stmt.execute(params![owner.id, k])?;
                }
            }
            tx.commit()?;
            Ok(())
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
