//! `PostgresMemory`: the team memory (issue 14 §4) — the same entries, keys and claims as
//! `SqliteMemory`, in a PostgreSQL database several machines share.
//!
//! Location: `postgres://user@host:port/db` (or `postgresql://`, parsed by the `postgres`
//! crate: https://docs.rs/postgres/latest/postgres/config/struct.Config.html). The password
//! never sits in the location (it would be shown in messages and JSON summaries): one written
//! there is refused, and it comes from the environment variable `memory-password-env` names.
//! TLS is rustls (`pg_tls`, which also says what each `sslmode` means for subloc).
//!
//! Schema: `subloc_schema(version)` says which schema subloc created; it is created or migrated
//! under a transaction-level advisory lock so two machines starting at once do not race
//! (https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS). Tables `tm`
//! (as SQLite's schema 2, `base` included) and `claims` (key, owner, host, pid, lease expiry in
//! Unix ms). A claim request locks the existing claim rows with `FOR UPDATE SKIP LOCKED`
//! (https://www.postgresql.org/docs/current/sql-select.html#SQL-FOR-UPDATE-SHARE): a row another
//! runner is claiming at this very moment is treated as held, never waited for.
//!
//! Connections: a bounded pool (`POOL_SIZE`), each connection with a connect timeout and
//! server-side statement and lock timeouts; an operation that loses its connection (a server
//! restart) is run again on a fresh one for a bounded time (`with_client`) — every operation is
//! idempotent.
//! The `postgres` client drives its own small runtime, which must not be started from a tokio
//! worker; operations called from inside a runtime run on a short-lived thread of their own.

use std::collections::{HashMap, HashSet};
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use postgres::error::SqlState;
use postgres::{Client, Config, NoTls};

use super::claims::{lease_ms, now_ms};
use super::pg_tls::{self, HandshakeFailed, Mode, PlanProblem, RootsProblem, RustlsConnector};
use super::{
    ClaimOwner, Claimed, Entry, GroupStats, MemoryError, MemoryStats, MemoryStore, StoreCause,
};

/// Schema version in `subloc_schema`.
const SCHEMA_VERSION: i32 = 1;
/// Connections one process keeps at most (the scheduler's blocking calls share them).
const POOL_SIZE: usize = 4;
/// How long an operation waits for a free connection before failing as `Locked`.
const POOL_WAIT: Duration = Duration::from_secs(30);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long an operation of an opened memory keeps trying to reach a server that went away
/// (a restart takes a few seconds).
const RECONNECT_WAIT: Duration = Duration::from_secs(30);
/// Server-side bounds (https://www.postgresql.org/docs/current/runtime-config-client.html).
const SESSION_OPTIONS: &str = "-c statement_timeout=60000 -c lock_timeout=15000";
/// Key of the advisory lock the schema set-up takes (any constant; "subloc" in ASCII).
const SCHEMA_LOCK: i64 = 0x7375_626c_6f63;

const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS tm (
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
         created BIGINT NOT NULL,
         billed_chars BIGINT NOT NULL,
         terms TEXT,
         base TEXT NOT NULL DEFAULT ''
     );
     CREATE INDEX IF NOT EXISTS tm_base ON tm(base);
     CREATE TABLE IF NOT EXISTS claims (
         key TEXT PRIMARY KEY NOT NULL,
         owner TEXT NOT NULL,
         host TEXT NOT NULL,
         pid BIGINT NOT NULL,
         expires BIGINT NOT NULL
     );
     CREATE INDEX IF NOT EXISTS claims_owner ON claims(owner);";

const COLUMNS: &str = "key, source, target, source_lang, target_lang, backend, model, \
                       prompt_version, options, glossary_version, created, billed_chars, terms";

/// Whether a memory location names a PostgreSQL database rather than a file.
pub fn is_postgres_url(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

/// Why a location cannot be used, before any connection (data for the caller's message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlProblem {
    /// Not a URL the client understands (its own words, which never hold a password).
    Invalid(String),
    /// A password written in the URL (user-info or `?password=`).
    PasswordInUrl,
    /// The password would go in clear to `host`, a machine other than this one, and
    /// `memory-allow-plaintext` does not allow it.
    Plaintext { host: String, mode: Mode },
    /// The certificate authorities to check the server against cannot be loaded.
    Roots(RootsProblem),
    /// `memory-password-env` names a variable that is not set.
    PasswordEnvUnset(String),
}

/// The team memory.
pub struct PostgresMemory {
    config: Config,
    /// `None`: no TLS (`sslmode=disable`).
    tls: Option<RustlsConnector>,
    idle: Mutex<Vec<Client>>,
    /// Connections out of the pool or idle (≤ `POOL_SIZE`).
    open: Mutex<usize>,
    freed: Condvar,
    /// Set once the memory was opened: from then on a lost server is waited for
    /// (`with_client`); before, a wrong address fails at once.
    reached: AtomicBool,
    /// Opened by `open_existing` on a database subloc never wrote to: an empty memory.
    absent: bool,
}

impl std::fmt::Debug for PostgresMemory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the config: it holds the password.
        f.debug_struct("PostgresMemory")
            .field("hosts", &self.config.get_hosts())
            .field("dbname", &self.config.get_dbname())
            .finish()
    }
}

/// A parsed location: how to connect, and with which TLS.
pub struct Target {
    config: Config,
    tls: Option<RustlsConnector>,
}

/// Parses and checks a location; `password` is the value of the variable
/// `memory-password-env` names, if any; `allow_plaintext` is `memory-allow-plaintext`.
pub fn parse_url(
    url: &str,
    password: Option<&str>,
    allow_plaintext: bool,
) -> Result<Target, UrlProblem> {
    let params = pg_tls::split_params(url).map_err(UrlProblem::Invalid)?;
    let mut config =
        Config::from_str(&params.url).map_err(|e| UrlProblem::Invalid(e.to_string()))?;
    if config.get_password().is_some() {
        return Err(UrlProblem::PasswordInUrl);
    }
    let first_host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        _ => String::new(),
    };
    let plan = pg_tls::plan(
        &params,
        pg_tls::all_local(&config),
        password.is_some(),
        allow_plaintext,
        &first_host,
    )
    .map_err(|p| match p {
        PlanProblem::Plaintext { host, mode } => UrlProblem::Plaintext { host, mode },
    })?;
    let tls = pg_tls::connector(&plan).map_err(UrlProblem::Roots)?;
    if let Some(p) = password {
        config.password(p);
    }
    // The URL's own `connect_timeout` wins over subloc's default.
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    config
        .ssl_mode(plan.ssl)
        .options(SESSION_OPTIONS)
        .application_name("subloc");
    Ok(Target { config, tls })
}

/// Whether a location may carry the password in clear to another machine: its hosts are not
/// all this one and its `sslmode` lets the connection go without TLS (for the warning that
/// `memory-allow-plaintext: true` is in use).
pub fn plaintext_possible(url: &str) -> bool {
    let Ok(params) = pg_tls::split_params(url) else {
        return false;
    };
    let Ok(config) = Config::from_str(&params.url) else {
        return false;
    };
    !pg_tls::all_local(&config) && matches!(params.mode, Mode::Disable | Mode::Prefer)
}

/// Runs `f` where the `postgres` client may block: on this thread, or — inside a tokio runtime,
/// whose workers must not start another runtime — on a thread of its own.
fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    if tokio::runtime::Handle::try_current().is_err() {
        return f();
    }
    std::thread::scope(|s| match s.spawn(f).join() {
        Ok(v) => v,
        Err(panic) => std::panic::resume_unwind(panic),
    })
}

impl From<postgres::Error> for MemoryError {
    fn from(e: postgres::Error) -> Self {
        // Error codes: https://www.postgresql.org/docs/current/errcodes-appendix.html
        let cause = match e.code() {
            Some(c) if *c == SqlState::DISK_FULL || *c == SqlState::OUT_OF_MEMORY => {
                Some(StoreCause::Full)
            }
            Some(c) if *c == SqlState::READ_ONLY_SQL_TRANSACTION => Some(StoreCause::ReadOnly),
            Some(c)
                if *c == SqlState::LOCK_NOT_AVAILABLE
                    || *c == SqlState::QUERY_CANCELED
                    || *c == SqlState::T_R_DEADLOCK_DETECTED =>
            {
                Some(StoreCause::Locked)
            }
            Some(c) if *c == SqlState::IO_ERROR => Some(StoreCause::Io),
            Some(_) => None,
            // No SQLSTATE: the connection itself failed (closed, reset, timed out).
            None => Some(StoreCause::Io),
        };
        let detail = describe(&e);
        if handshake_failed(&e) {
            return MemoryError::Tls {
                location: String::new(),
                detail,
            };
        }
        match cause {
            Some(cause) => MemoryError::Store { cause, detail },
            None => MemoryError::Postgres(detail),
        }
    }
}

/// Whether the connection failed in the TLS handshake (a certificate not accepted, a server
/// without TLS where TLS is required, …).
fn handshake_failed(e: &postgres::Error) -> bool {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if s.is::<HandshakeFailed>() {
            return true;
        }
        source = s.source();
    }
    // The client's own words when the server answers the TLS request with "no".
    e.to_string().contains("server does not support TLS")
}

/// The server's message (with its detail), or the client's words for a connection failure.
fn describe(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => match db.detail() {
            Some(d) => format!("{} ({d})", db.message()),
            None => db.message().to_string(),
        },
        None => {
            let mut text = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                text.push_str(": ");
                text.push_str(&s.to_string());
                source = s.source();
            }
            text
        }
    }
}

impl PostgresMemory {
    /// Connects (one connection, kept in the pool) and creates or migrates the schema.
    /// `shown` is the location as the user wrote it (no password in it: `parse_url`).
    pub fn open(target: Target, shown: &str) -> Result<PostgresMemory, MemoryError> {
        PostgresMemory::connect(target, shown, true)
    }

    /// Connects without writing anything (a dry run, `memory stats`): an existing schema is
    /// read, a missing one is an empty memory that stays missing. Writing to such a memory is
    /// refused as read-only.
    pub fn open_existing(target: Target, shown: &str) -> Result<PostgresMemory, MemoryError> {
        PostgresMemory::connect(target, shown, false)
    }

    fn connect(target: Target, shown: &str, create: bool) -> Result<PostgresMemory, MemoryError> {
        let mut memory = PostgresMemory {
            config: target.config,
            tls: target.tls,
            idle: Mutex::new(Vec::new()),
            open: Mutex::new(0),
            freed: Condvar::new(),
            reached: AtomicBool::new(false),
            absent: false,
        };
        let prepared = memory.with_client(|c| {
            if !create {
                // `to_regclass` is NULL for a table that does not exist
                // (https://www.postgresql.org/docs/current/functions-info.html).
                let exists: bool = c
                    .query_one("SELECT to_regclass('subloc_schema') IS NOT NULL", &[])?
                    .get(0);
                if !exists {
                    return Ok(Ok(false));
                }
                let found: Option<i32> = c
                    .query_one("SELECT max(version) FROM subloc_schema", &[])?
                    .get(0);
                return Ok(match found {
                    Some(v) if v > SCHEMA_VERSION => Err(i64::from(v)),
                    Some(_) => Ok(true),
                    None => Ok(false),
                });
            }
            let mut tx = c.transaction()?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])?;
            tx.batch_execute(
                "CREATE TABLE IF NOT EXISTS subloc_schema (version INTEGER NOT NULL)",
            )?;
            let found: Option<i32> = tx
                .query_opt("SELECT max(version) FROM subloc_schema", &[])?
                .and_then(|r| r.get(0));
            match found {
                Some(v) if v > SCHEMA_VERSION => return Ok(Err(i64::from(v))),
                Some(_) => {}
                None => {
                    tx.batch_execute(SCHEMA)?;
                    tx.execute(
                        "INSERT INTO subloc_schema (version) VALUES ($1)",
                        &[&SCHEMA_VERSION],
                    )?;
                }
            }
            tx.commit()?;
            Ok(Ok(true))
        });
        match prepared {
            Ok(Ok(present)) => {
                memory.absent = !present;
                memory.reached.store(true, Ordering::Relaxed);
                Ok(memory)
            }
            Ok(Err(found)) => Err(MemoryError::NewerSchema { found }),
            Err(MemoryError::Tls { detail, .. }) => Err(MemoryError::Tls {
                location: shown.to_string(),
                detail,
            }),
            Err(e) => Err(MemoryError::Open {
                path: shown.to_string(),
                message: e.detail(),
            }),
        }
    }

    /// A write to a memory opened without its schema (`open_existing`).
    fn refuse_write(&self) -> MemoryError {
        MemoryError::Store {
            cause: StoreCause::ReadOnly,
            detail: "the team memory has no schema yet and was opened read-only".into(),
        }
    }

    /// A pooled connection: an idle one, a new one while fewer than `POOL_SIZE` are open, or
    /// the next one given back within `POOL_WAIT`.
    fn checkout(&self) -> Result<Client, Failure> {
        loop {
            if let Some(c) = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop() {
                if !c.is_closed() {
                    return Ok(c);
                }
                self.forget();
                continue;
            }
            let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
            if *open < POOL_SIZE {
                *open += 1;
                drop(open);
                let connected = match &self.tls {
                    Some(tls) => self.config.connect(tls.clone()),
                    None => self.config.connect(NoTls),
                };
                return connected.map_err(|e| {
                    self.forget();
                    Failure::Server(e)
                });
            }
            let (guard, timeout) = self
                .freed
                .wait_timeout(open, POOL_WAIT)
                .unwrap_or_else(|p| p.into_inner());
            drop(guard);
            if timeout.timed_out() && self.idle.lock().map(|i| i.is_empty()).unwrap_or(true) {
                return Err(Failure::Pool(MemoryError::Store {
                    cause: StoreCause::Locked,
                    detail: format!("no free connection within {}s", POOL_WAIT.as_secs()),
                }));
            }
        }
    }

    /// A connection is gone for good.
    fn forget(&self) {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        *open = open.saturating_sub(1);
        self.freed.notify_one();
    }

    fn checkin(&self, c: Client) {
        if c.is_closed() {
            self.forget();
            return;
        }
        self.idle.lock().unwrap_or_else(|p| p.into_inner()).push(c);
        self.freed.notify_one();
    }

    /// Runs `f` on a pooled connection. Once the memory has been reached, a lost connection (a
    /// restarted server, a network drop) is not the end: `f` runs again on a fresh connection,
    /// with growing pauses for at most `RECONNECT_WAIT` — every operation is idempotent (inserts
    /// are upserts, a claim is taken again by its owner). A server that stays away that long
    /// fails the operation, which stops the run with the journal (issue 14 §2).
    fn with_client<T: Send>(
        &self,
        f: impl Fn(&mut Client) -> Result<T, postgres::Error> + Send + Sync,
    ) -> Result<T, MemoryError> {
        off_runtime(|| {
            let started = Instant::now();
            let mut pause = Duration::from_millis(100);
            loop {
                let result = self.checkout().and_then(|mut c| {
                    let r = f(&mut c);
                    self.checkin(c);
                    r.map_err(Failure::Server)
                });
                let e = match result {
                    Ok(v) => return Ok(v),
                    Err(Failure::Pool(e)) => return Err(e),
                    Err(Failure::Server(e)) => e,
                };
                let retry = self.reached.load(Ordering::Relaxed)
                    && transient(&e)
                    && started.elapsed() + pause <= RECONNECT_WAIT;
                if !retry {
                    return Err(e.into());
                }
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_secs(2));
            }
        })
    }
}

/// Why `checkout` gave no connection.
enum Failure {
    /// The pool stayed full.
    Pool(MemoryError),
    /// The server or the connection to it.
    Server(postgres::Error),
}

/// Whether an error is the connection's rather than the operation's, so that the same operation
/// may succeed on a new connection: the connection closed or refused (no SQLSTATE), or the
/// server shutting down or starting (https://www.postgresql.org/docs/current/errcodes-appendix.html,
/// class 57). A refused certificate or password is not transient.
fn transient(e: &postgres::Error) -> bool {
    if handshake_failed(e) {
        return false;
    }
    match e.code() {
        None => true,
        Some(c) => {
            *c == SqlState::ADMIN_SHUTDOWN
                || *c == SqlState::CRASH_SHUTDOWN
                || *c == SqlState::CANNOT_CONNECT_NOW
        }
    }
}

impl Drop for PostgresMemory {
    fn drop(&mut self) {
        // Closing a client blocks on its runtime: not on a tokio worker (the last reference
        // may well be dropped in an async task).
        let idle = std::mem::take(self.idle.get_mut().unwrap_or_else(|p| p.into_inner()));
        off_runtime(move || drop(idle));
    }
}

fn row_entry(r: &postgres::Row) -> Entry {
    Entry {
        key: r.get(0),
        source: r.get(1),
        target: r.get(2),
        source_lang: r.get(3),
        target_lang: r.get(4),
        backend: r.get(5),
        model: r.get(6),
        prompt_version: r.get(7),
        options: r.get(8),
        glossary_version: r.get(9),
        created: r.get(10),
        billed_chars: r.get::<_, i64>(11).max(0) as u64,
        terms: r.get(12),
    }
}

fn select_entries(
    c: &mut impl postgres::GenericClient,
    keys: &[String],
) -> Result<HashMap<String, Entry>, postgres::Error> {
    let mut out = HashMap::new();
    for chunk in keys.chunks(1000) {
        let rows = c.query(
            &format!("SELECT {COLUMNS} FROM tm WHERE key = ANY($1)"),
            &[&chunk],
        )?;
        for r in &rows {
            let e = row_entry(r);
            out.insert(e.key.clone(), e);
        }
    }
    Ok(out)
}

impl MemoryStore for PostgresMemory {
    fn get_many(&self, keys: &[String]) -> Result<HashMap<String, Entry>, MemoryError> {
        if self.absent {
            return Ok(HashMap::new());
        }
        self.with_client(|c| select_entries(c, keys))
    }

    fn put_many(&self, entries: &[Entry]) -> Result<usize, MemoryError> {
        if entries.is_empty() {
            return Ok(0);
        }
        if self.absent {
            return Err(self.refuse_write());
        }
        self.with_client(|c| {
            let mut tx = c.transaction()?;
            let stmt = tx.prepare(&format!(
                "INSERT INTO tm ({COLUMNS}, base)
                 VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)
                 ON CONFLICT (key) DO UPDATE SET target = excluded.target,
                     created = excluded.created, billed_chars = excluded.billed_chars"
            ))?;
            for e in entries {
                let billed = i64::try_from(e.billed_chars).unwrap_or(i64::MAX);
                tx.execute(
                    &stmt,
                    &[
                        &e.key,
                        &e.source,
                        &e.target,
                        &e.source_lang,
                        &e.target_lang,
                        &e.backend,
                        &e.model,
                        &e.prompt_version,
                        &e.options,
                        &e.glossary_version,
                        &e.created,
                        &billed,
                        &e.terms,
                        &e.base_key(),
                    ],
                )?;
            }
            tx.commit()?;
            Ok(entries.len())
        })
    }

    fn rekey(&self, moves: &[(String, Entry)]) -> Result<(), MemoryError> {
        if moves.is_empty() {
            return Ok(());
        }
        if self.absent {
            return Err(self.refuse_write());
        }
        self.with_client(|c| {
            let mut tx = c.transaction()?;
            for (old, e) in moves {
                // An entry already under the new key wins (SQLite's `UPDATE OR IGNORE`).
                tx.execute(
                    "UPDATE tm SET key = $1, terms = $2 WHERE key = $3
                     AND NOT EXISTS (SELECT 1 FROM tm WHERE key = $1)",
                    &[&e.key, &e.terms, old],
                )?;
            }
            tx.commit()
        })
    }

    fn bases_present(&self, bases: &[String]) -> Result<HashSet<String>, MemoryError> {
        if self.absent {
            return Ok(HashSet::new());
        }
        self.with_client(|c| {
            let mut out = HashSet::new();
            for chunk in bases.chunks(1000) {
                for r in c.query(
                    "SELECT DISTINCT base FROM tm WHERE base = ANY($1)",
                    &[&chunk],
                )? {
                    out.insert(r.get(0));
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
        if self.absent {
            return Err(self.refuse_write());
        }
        let pid = i64::from(owner.pid);
        self.with_client(|c| {
            let mut tx = c.transaction()?;
            let mut answered = select_entries(&mut tx, keys)?;
            let now = now_ms();
            let expires = now.saturating_add(lease_ms(lease));
            let open: Vec<&String> = keys.iter().filter(|k| !answered.contains_key(*k)).collect();
            // Free keys: a new claim row (a concurrent insert of the same key waits for the
            // other transaction, then does nothing).
            let mut mine: HashSet<String> = tx
                .query(
                    "INSERT INTO claims (key, owner, host, pid, expires)
                     SELECT k, $2, $3, $4, $5 FROM unnest($1::text[]) AS k
                     ON CONFLICT (key) DO NOTHING RETURNING key",
                    &[&open, &owner.id, &owner.host, &pid, &expires],
                )?
                .iter()
                .map(|r| r.get(0))
                .collect();
            let rest: Vec<&String> = open
                .iter()
                .filter(|k| !mine.contains(k.as_str()))
                .copied()
                .collect();
            // Existing claims: take the stale ones; one being claimed right now is skipped.
            let mut take = Vec::new();
            for r in tx.query(
                "SELECT key, owner, host, pid, expires FROM claims
                 WHERE key = ANY($1) FOR UPDATE SKIP LOCKED",
                &[&rest],
            )? {
                let (k, o, h): (String, String, String) = (r.get(0), r.get(1), r.get(2));
                let p = u32::try_from(r.get::<_, i64>(3)).unwrap_or(0);
                if owner.may_take(&o, &h, p, r.get(4), now) {
                    take.push(k);
                }
            }
            if !take.is_empty() {
                tx.execute(
                    "UPDATE claims SET owner = $2, host = $3, pid = $4, expires = $5
                     WHERE key = ANY($1)",
                    &[&take, &owner.id, &owner.host, &pid, &expires],
                )?;
                mine.extend(take);
            }
            tx.commit()?;
            // An answer stored (and its claim released) after this transaction's first look:
            // found now, not paid again.
            let mine_keys: Vec<String> = mine.iter().cloned().collect();
            let late = select_entries(c, &mine_keys)?;
            if !late.is_empty() {
                let late_keys: Vec<&String> = late.keys().collect();
                c.execute(
                    "DELETE FROM claims WHERE owner = $1 AND key = ANY($2)",
                    &[&owner.id, &late_keys],
                )?;
            }
            let mut mine_out = Vec::new();
            let mut held = Vec::new();
            for k in keys {
                if answered.contains_key(k) {
                    continue;
                }
                if let Some(e) = late.get(k) {
                    answered.insert(k.clone(), e.clone());
                } else if mine.contains(k) {
                    mine_out.push(k.clone());
                } else {
                    held.push(k.clone());
                }
            }
            Ok(Claimed {
                answered,
                mine: mine_out,
                held,
            })
        })
    }

    fn renew(&self, owner: &ClaimOwner, lease: Duration) -> Result<(), MemoryError> {
        if self.absent {
            return Ok(());
        }
        self.with_client(|c| {
            c.execute(
                "UPDATE claims SET expires = $1 WHERE owner = $2",
                &[&now_ms().saturating_add(lease_ms(lease)), &owner.id],
            )
            .map(|_| ())
        })
    }

    fn release(&self, owner: &ClaimOwner, keys: &[String]) -> Result<(), MemoryError> {
        if self.absent {
            return Ok(());
        }
        self.with_client(|c| {
            if keys.is_empty() {
                c.execute("DELETE FROM claims WHERE owner = $1", &[&owner.id])?;
                // Claims of runners killed long ago that nobody took over.
                c.execute(
                    "DELETE FROM claims WHERE expires < $1",
                    &[&now_ms().saturating_sub(3_600_000)],
                )?;
            } else {
                c.execute(
                    "DELETE FROM claims WHERE owner = $1 AND key = ANY($2)",
                    &[&owner.id, &keys],
                )?;
            }
            Ok(())
        })
    }

    fn stats(&self) -> Result<MemoryStats, MemoryError> {
        if self.absent {
            return Ok(MemoryStats {
                entries: 0,
                billed_chars: 0,
                oldest: None,
                newest: None,
                groups: Vec::new(),
            });
        }
        self.with_client(|c| {
            let r = c.query_one(
                "SELECT COUNT(*), SUM(billed_chars)::BIGINT, MIN(created), MAX(created) FROM tm",
                &[],
            )?;
            let (entries, billed): (i64, Option<i64>) = (r.get(0), r.get(1));
            let (oldest, newest): (Option<i64>, Option<i64>) = (r.get(2), r.get(3));
            let groups = c
                .query(
                    "SELECT source_lang, target_lang, backend, model, COUNT(*),
                            SUM(billed_chars)::BIGINT, SUM(char_length(source))::BIGINT
                     FROM tm GROUP BY source_lang, target_lang, backend, model
                     ORDER BY source_lang, target_lang, backend, model",
                    &[],
                )?
                .iter()
                .map(|r| GroupStats {
                    source_lang: r.get(0),
                    target_lang: r.get(1),
                    backend: r.get(2),
                    model: r.get(3),
                    entries: r.get::<_, i64>(4).max(0) as u64,
                    billed_chars: r.get::<_, Option<i64>>(5).unwrap_or(0).max(0) as u64,
                    source_chars: r.get::<_, Option<i64>>(6).unwrap_or(0).max(0) as u64,
                })
                .collect();
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
        if self.absent {
            return Ok(());
        }
        // Pages by key order within one snapshot-free walk: a page of rows at a time, so a
        // large team memory is never held in this process at once.
        let mut after: Option<(i64, String)> = None;
        loop {
            let cursor = after.clone();
            let page = self.with_client(move |c| {
                let rows = match &cursor {
                    None => c.query(
                        &format!("SELECT {COLUMNS} FROM tm ORDER BY created, key LIMIT 1000"),
                        &[],
                    )?,
                    Some((created, key)) => c.query(
                        &format!(
                            "SELECT {COLUMNS} FROM tm WHERE (created, key) > ($1, $2)
                             ORDER BY created, key LIMIT 1000"
                        ),
                        &[created, key],
                    )?,
                };
                Ok(rows.iter().map(row_entry).collect::<Vec<_>>())
            })?;
            let Some(last) = page.last() else {
                return Ok(());
            };
            after = Some((last.created, last.key.clone()));
            for e in page {
                visit(e)?;
            }
        }
    }
}
