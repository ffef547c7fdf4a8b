//! The translation memory: every answer a backend gave, content-addressed, so an interrupted run
//! resumes for free and a repeated line is paid for once across a season.
//!
//! The key (version 2, issue 14 §1) is a SHA-256 over a versioned, length-prefixed encoding of
//! what shapes one segment's answer: its text with placeholders (which already carries the fixed
//! renderings of approved terms), both languages, the backend identity (kind, model, prompt
//! version, output options) and — for backends that send them — the glossary hints of the terms
//! found in *that* segment (`TermHint`: source form, rendering or proposal, note). A glossary
//! change therefore re-translates exactly the segments whose terms changed. The version 1 key
//! hashed the whole glossary's version instead; such entries are still found while the glossary
//! is the one they were made with (`KeyContext::legacy_key`), and are re-keyed when found.
//! SHA-256 rather than std's hasher because keys are stored on disk and shared between machines
//! and releases: they must never change. Context lines are deliberately not part of the key:
//! exact-text reuse is what makes recaps and catchphrases free.
//!
//! `MemoryStore` is the seam for a shared PostgreSQL store: entries, the claims that keep two
//! runners from paying for one segment (`claims`), and the journal of answers a failed store
//! could not keep (`journal`, a local file whatever the store) are all behind it or beside it.
//! `sqlite` is the embedded implementation; `postgres` the team memory several machines share
//! (selected by a `postgres://` location, `open_location`).

mod claims;
pub mod journal;
mod pg_tls;
mod postgres;
mod sqlite;

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use sha2::{Digest, Sha256};

use super::{BackendIdentity, Segment, TermHint};

pub use claims::{ClaimOwner, Claimed};
pub use journal::Journal;
pub use pg_tls::{Mode as SslMode, RootsProblem};
pub use postgres::{
    PostgresMemory, Target, UrlProblem, is_postgres_url, parse_url, plaintext_possible,
};
pub use sqlite::SqliteMemory;

/// Why a store could not be written: the part of a failure a user can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StoreCause {
    /// No space left on the device holding the memory.
    Full,
    /// The file, its folder or its file system is read-only.
    ReadOnly,
    /// Another process held the lock for longer than the bounded wait.
    Locked,
    /// The operating system reported an I/O error.
    Io,
    /// Anything else the database reported.
    Other,
}

impl StoreCause {
    /// Stable id, also the Fluent selector of `error-memory-store`.
    pub fn code(self) -> &'static str {
        match self {
            StoreCause::Full => "full",
            StoreCause::ReadOnly => "read-only",
            StoreCause::Locked => "locked",
            StoreCause::Io => "io",
            StoreCause::Other => "other",
        }
    }
}

/// Why the memory failed. Data for the caller to render.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MemoryError {
    #[error("memory database {path}: {message}")]
    Open { path: String, message: String },
    /// The SQLite memory file's own words.
    #[error("SQLite memory: {0}")]
    Sqlite(String),
    /// The PostgreSQL team memory's (server's or client's) own words.
    #[error("PostgreSQL team memory: {0}")]
    Postgres(String),
    /// A memory call that did not complete (its blocking task panicked or was cancelled).
    #[error("memory task: {0}")]
    Task(String),
    /// A write (or the lock it needs) failed for a reason the user can act on.
    #[error("memory database cannot store ({}): {detail}", cause.code())]
    Store { cause: StoreCause, detail: String },
    #[error("memory database was written by a newer subloc (schema {found})")]
    NewerSchema { found: i64 },
    #[error("TMX: {0}")]
    Tmx(String),
    #[error("I/O: {0}")]
    Io(String),
    /// The TLS handshake with the team memory failed (`location` as the user wrote it).
    #[error("memory {location}: TLS: {detail}")]
    Tls { location: String, detail: String },
    /// A `postgres://` location that cannot be used as written (nothing was sent).
    #[error("memory location: {0:?}")]
    Url(UrlProblem),
}

impl MemoryError {
    /// What a failed write was about, for the message that names the cause.
    pub fn cause(&self) -> StoreCause {
        match self {
            MemoryError::Store { cause, .. } => *cause,
            MemoryError::Io(_) => StoreCause::Io,
            _ => StoreCause::Other,
        }
    }

    /// The database's or the system's own words.
    pub fn detail(&self) -> String {
        match self {
            MemoryError::Store { detail, .. }
            | MemoryError::Sqlite(detail)
            | MemoryError::Postgres(detail)
            | MemoryError::Task(detail)
            | MemoryError::Tmx(detail)
            | MemoryError::Io(detail) => detail.clone(),
            MemoryError::Open { message, .. } => message.clone(),
            MemoryError::Tls { detail, .. } => detail.clone(),
            MemoryError::NewerSchema { found } => format!("schema {found}"),
            MemoryError::Url(p) => format!("{p:?}"),
        }
    }
}

impl From<rusqlite::Error> for MemoryError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        // SQLite's primary result codes, https://www.sqlite.org/rescode.html
        let cause = match e.sqlite_error_code() {
            Some(C::DiskFull) => Some(StoreCause::Full),
            Some(C::ReadOnly) => Some(StoreCause::ReadOnly),
            Some(C::DatabaseBusy | C::DatabaseLocked) => Some(StoreCause::Locked),
            Some(C::SystemIoFailure) => Some(StoreCause::Io),
            _ => None,
        };
        match cause {
            Some(cause) => MemoryError::Store {
                cause,
                detail: e.to_string(),
            },
            None => MemoryError::Sqlite(e.to_string()),
        }
    }
}

/// How to reach the team memory besides its URL: `memory-password-env` (or
/// `--memory-password-env`) and `memory-allow-plaintext` in subloc.yaml.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeamAccess {
    pub password_env: Option<String>,
    pub allow_plaintext: bool,
}

/// Opens the team memory at `url`, with the password from the environment variable
/// `access.password_env` names, when it names one.
pub fn open_postgres(url: &str, access: &TeamAccess) -> Result<PostgresMemory, MemoryError> {
    PostgresMemory::open(team_target(url, access)?, url)
}

/// `open_postgres` without writing anything: an existing schema is read, a missing one is an
/// empty memory (a dry run, `memory stats`/`export`).
pub fn open_postgres_existing(
    url: &str,
    access: &TeamAccess,
) -> Result<PostgresMemory, MemoryError> {
    PostgresMemory::open_existing(team_target(url, access)?, url)
}

/// Where and how to connect: the URL read with the password the access names.
fn team_target(url: &str, access: &TeamAccess) -> Result<Target, MemoryError> {
    let password = match access.password_env.as_deref() {
        Some(var) => Some(
            std::env::var(var)
                .map_err(|_| MemoryError::Url(UrlProblem::PasswordEnvUnset(var.to_string())))?,
        ),
        None => None,
    };
    parse_url(url, password.as_deref(), access.allow_plaintext).map_err(MemoryError::Url)
}

/// Opens the memory at a location: a `postgres://` URL (the team memory) or a SQLite file.
pub fn open_location(
    location: &std::path::Path,
    access: &TeamAccess,
) -> Result<std::sync::Arc<dyn MemoryStore>, MemoryError> {
    match location.to_str().filter(|l| is_postgres_url(l)) {
        Some(url) => Ok(std::sync::Arc::new(open_postgres(url, access)?)),
        None => Ok(std::sync::Arc::new(SqliteMemory::open(location)?)),
    }
}

/// Backends whose requests never carry `SegmentContext::terms`, so hints cannot shape their
/// answers and are left out of their keys. Only the OpenAI-compatible prompt
/// (`backends/openai/prompt.rs`, `push_glossary`), the `command` backend (the whole request as
/// JSON on stdin) and the `xliff` export read the hints; the MT providers see the fixed renderings
/// as `<g>` placeholders in the text, which is part of every key.
const HINT_BLIND: &[&str] = &["deepl", "google", "libretranslate", "pseudo"];

/// Whether term hints may shape the answers of backend `kind`.
pub fn reads_term_hints(kind: &str) -> bool {
    !HINT_BLIND.contains(&kind)
}

/// Everything but the segment that decides a translation: the scope of one scheduler run.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KeyContext {
    pub source_lang: String,
    pub target_lang: String,
    pub identity: BackendIdentity,
    /// `TermSet::version` of the whole glossary (or any string that changes when the protected
    /// terms change); "" for none. Not part of the version 2 key: kept to find version 1 entries
    /// (`legacy_key`) and as information in each entry.
    pub glossary_version: String,
}

impl KeyContext {
    /// The memory key of a segment in this context: its text and, when this backend reads them,
    /// its term hints.
    pub fn key_for(&self, seg: &Segment) -> String {
        self.key_with_terms(&seg.text, &self.terms_of(seg))
    }

    /// The key of a text that carries no glossary term (tools and tests).
    pub fn key(&self, source_text: &str) -> String {
        self.key_with_terms(source_text, "")
    }

    fn key_with_terms(&self, source_text: &str, terms: &str) -> String {
        self.with_scope(|k| k.key_v2(source_text, terms))
    }

    /// The version 1 key of a text: the whole glossary's version instead of the segment's terms.
    /// An entry stored under it was made with exactly this glossary, so it answers this segment.
    pub fn legacy_key(&self, source_text: &str) -> String {
        self.with_scope(|k| k.key_v1(source_text, &self.glossary_version))
    }

    /// The key of a segment with every glossary rendering and hint taken out: entries under it
    /// answered this line before its terms changed (`--dry-run` counts what a glossary change
    /// invalidated).
    pub fn base_key_of(&self, source_text: &str) -> String {
        self.with_scope(|k| k.base_key(source_text))
    }

    /// This run's key fields (the options string is built for the call).
    fn with_scope<T>(&self, f: impl FnOnce(&KeyScope<'_>) -> T) -> T {
        let options = self.identity.options_string();
        f(&KeyScope {
            source_lang: &self.source_lang,
            target_lang: &self.target_lang,
            backend: self.identity.kind,
            model: self.identity.model.as_deref().unwrap_or(""),
            prompt_version: self.identity.prompt_version.as_deref().unwrap_or(""),
            options: &options,
        })
    }

    /// The digest of a segment's term hints that goes into its key ("" when it has none or this
    /// backend does not read them).
    pub fn terms_of(&self, seg: &Segment) -> String {
        if reads_term_hints(self.identity.kind) {
            terms_digest(&seg.context.terms)
        } else {
            String::new()
        }
    }

    /// A memory row for an answer to `seg` received now.
    pub fn entry_for(&self, seg: &Segment, target_text: &str, billed_chars: u64) -> Entry {
        self.entry_with_terms(&seg.text, self.terms_of(seg), target_text, billed_chars)
    }

    /// A memory row for a text that carries no glossary term (tools and tests).
    pub fn entry(&self, source_text: &str, target_text: &str, billed_chars: u64) -> Entry {
        self.entry_with_terms(source_text, String::new(), target_text, billed_chars)
    }

    fn entry_with_terms(
        &self,
        source_text: &str,
        terms: String,
        target_text: &str,
        billed_chars: u64,
    ) -> Entry {
        Entry {
            key: self.key_with_terms(source_text, &terms),
            source: source_text.to_string(),
            target: target_text.to_string(),
            source_lang: self.source_lang.clone(),
            target_lang: self.target_lang.clone(),
            backend: self.identity.kind.to_string(),
            model: self.identity.model.clone().unwrap_or_default(),
            prompt_version: self.identity.prompt_version.clone().unwrap_or_default(),
            options: self.identity.options_string(),
            glossary_version: self.glossary_version.clone(),
            terms: Some(terms),
            created: crate::date::now_unix(),
            billed_chars,
        }
    }
}

/// A stable digest of the term hints of one segment, independent of their order; "" for none.
pub fn terms_digest(hints: &[TermHint]) -> String {
    if hints.is_empty() {
        return String::new();
    }
    let mut sorted: Vec<&TermHint> = hints.iter().collect();
    sorted.sort_by(|a, b| (&a.source, &a.target, &a.note).cmp(&(&b.source, &b.target, &b.note)));
    let mut h = Sha256::new();
    h.update(b"subloc-terms-v1");
    for t in sorted {
        for field in [
            Some(t.source.as_str()),
            t.target.as_deref(),
            t.note.as_deref(),
        ] {
            match field {
                Some(f) => {
                    h.update([1u8]);
                    h.update((f.len() as u64).to_le_bytes());
                    h.update(f.as_bytes());
                }
                None => h.update([0u8]),
            }
        }
    }
    hex(&h.finalize()[..16])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hash_fields(tag: &[u8], fields: &[&str]) -> String {
    let mut h = Sha256::new();
    h.update(tag);
    for field in fields {
        h.update((field.len() as u64).to_le_bytes());
        h.update(field.as_bytes());
    }
    hex(&h.finalize())
}

/// What a memory key holds besides the text and the glossary: languages, backend identity and
/// model, prompt version, output-changing options. One place spells the fields, in their frozen
/// order, for the three key functions below; `KeyContext` (a run) and `Entry` (a stored row)
/// both key through it.
#[derive(Debug, Clone, Copy)]
pub struct KeyScope<'a> {
    pub source_lang: &'a str,
    pub target_lang: &'a str,
    pub backend: &'a str,
    pub model: &'a str,
    pub prompt_version: &'a str,
    pub options: &'a str,
}

impl KeyScope<'_> {
    /// The version 1 key (frozen: entries written before issue 14 are found by it). Each field is
    /// length-prefixed so no two field lists encode alike; the leading tag versions the encoding.
    pub fn key_v1(&self, source_text: &str, glossary_version: &str) -> String {
        self.hash(b"subloc-tm-key-v1", source_text, Some(glossary_version))
    }

    /// The version 2 key: `terms` is the segment's `terms_digest` (or "").
    pub fn key_v2(&self, source_text: &str, terms: &str) -> String {
        self.hash(b"subloc-tm-key-v2", source_text, Some(terms))
    }

    /// The key of a segment's skeleton: its text with the contents of every `<g>` placeholder
    /// removed, without terms. Segment texts escape `<`, so `</g>` only ever closes a placeholder.
    pub fn base_key(&self, source_text: &str) -> String {
        self.hash(b"subloc-tm-base-v1", &skeleton(source_text), None)
    }

    fn hash(&self, tag: &[u8], text: &str, last: Option<&str>) -> String {
        let fields = [
            text,
            self.source_lang,
            self.target_lang,
            self.backend,
            self.model,
            self.prompt_version,
            self.options,
        ];
        match last {
            Some(last) => hash_fields(tag, &[&fields[..], &[last]].concat()),
            None => hash_fields(tag, &fields),
        }
    }
}

/// `a <g id="1">x</g> b` → `a <g id="1"></g> b`.
fn skeleton(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("<g ") {
        let Some(gt) = rest[open..].find('>').map(|i| open + i + 1) else {
            break;
        };
        let Some(close) = rest[gt..].find("</g>").map(|i| gt + i) else {
            break;
        };
        out.push_str(&rest[..gt]);
        rest = &rest[close..];
        out.push_str("</g>");
        rest = &rest[4..];
    }
    out.push_str(rest);
    out
}

/// One stored translation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
    /// The whole glossary's version when the entry was made (information; the key of a
    /// version 1 entry).
    pub glossary_version: String,
    /// The segment's `terms_digest` the key was made with; `None` for a version 1 entry, keyed
    /// by `glossary_version`.
    #[serde(default)]
    pub terms: Option<String>,
    /// Unix seconds.
    pub created: i64,
    pub billed_chars: u64,
}

impl Entry {
    /// Recomputes the key from the fields (imported rows are never trusted to carry a valid one).
    pub fn computed_key(&self) -> String {
        match &self.terms {
            Some(terms) => self.scope().key_v2(&self.source, terms),
            None => self.scope().key_v1(&self.source, &self.glossary_version),
        }
    }

    /// The key of this entry's skeleton (`KeyScope::base_key`).
    pub fn base_key(&self) -> String {
        self.scope().base_key(&self.source)
    }

    fn scope(&self) -> KeyScope<'_> {
        KeyScope {
            source_lang: &self.source_lang,
            target_lang: &self.target_lang,
            backend: &self.backend,
            model: &self.model,
            prompt_version: &self.prompt_version,
            options: &self.options,
        }
    }

    /// Whether a version 1 entry's version 2 key is known without the glossary it was made
    /// with: its backend reads no hints, or there was no glossary (so no hints).
    pub fn upgradable(&self) -> bool {
        self.terms.is_none()
            && (!reads_term_hints(&self.backend) || self.glossary_version.is_empty())
    }

    /// A version 1 entry whose version 2 key is known, re-keyed (`upgradable`); others unchanged.
    pub fn upgraded(mut self) -> Entry {
        if self.upgradable() {
            self.terms = Some(String::new());
            self.key = self.computed_key();
        }
        self
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
///
/// Claims (issue 14 §3): a runner claims the keys of a batch just before sending it, in one
/// atomic step that also reports the keys already answered; a key claimed by another live
/// runner is waited for. A claim is a lease that its owner renews while it works; a killed
/// owner's claims lapse when the lease expires (or, on the same host, as soon as its process is
/// gone). A store without claims (the defaults) answers every unanswered key as the caller's.
pub trait MemoryStore: Send + Sync {
    /// The stored entries among `keys` (missing keys are simply absent).
    fn get_many(&self, keys: &[String]) -> Result<HashMap<String, Entry>, MemoryError>;
    /// Stores (or replaces) one entry, committed before returning.
    fn put(&self, entry: &Entry) -> Result<(), MemoryError> {
        self.put_many(std::slice::from_ref(entry)).map(|_| ())
    }
    /// Stores (or replaces) entries in one transaction; returns how many were written.
    fn put_many(&self, entries: &[Entry]) -> Result<usize, MemoryError>;
    /// Moves entries found under an old key to their new one (`(old key, entry with the new
    /// key)`); an entry already under the new key wins.
    fn rekey(&self, moves: &[(String, Entry)]) -> Result<(), MemoryError> {
        let entries: Vec<Entry> = moves.iter().map(|(_, e)| e.clone()).collect();
        self.put_many(&entries).map(|_| ())
    }
    /// Which of `bases` (`base_key`s) have an entry.
    fn bases_present(&self, _bases: &[String]) -> Result<HashSet<String>, MemoryError> {
        Ok(HashSet::new())
    }
    /// In one atomic step: the entries of `keys` already stored, the keys now claimed by
    /// `owner` for `lease` (free, expired, a dead owner's, or its own), and the keys another
    /// live owner holds.
    fn claim(
        &self,
        keys: &[String],
        _owner: &ClaimOwner,
        _lease: Duration,
    ) -> Result<Claimed, MemoryError> {
        let answered = self.get_many(keys)?;
        let mine = keys
            .iter()
            .filter(|k| !answered.contains_key(*k))
            .cloned()
            .collect();
        Ok(Claimed {
            answered,
            mine,
            held: Vec::new(),
        })
    }
    /// Extends every claim of `owner` to `lease` from now.
    fn renew(&self, _owner: &ClaimOwner, _lease: Duration) -> Result<(), MemoryError> {
        Ok(())
    }
    /// Gives up `owner`'s claims on `keys` (all of its claims when `keys` is empty).
    fn release(&self, _owner: &ClaimOwner, _keys: &[String]) -> Result<(), MemoryError> {
        Ok(())
    }
    fn stats(&self) -> Result<MemoryStats, MemoryError>;
    /// Visits every entry, oldest first (for TMX export).
    fn for_each(
        &self,
        visit: &mut dyn FnMut(Entry) -> Result<(), MemoryError>,
    ) -> Result<(), MemoryError>;
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
    fn legacy_keys_are_frozen_and_sensitive_to_every_part() {
        let c = ctx();
        // Frozen value, computed independently (Python hashlib over the documented encoding): a
        // change here would silently invalidate every user's memory.
        assert_eq!(
            c.legacy_key("你好"),
            "85324b390005d50cccc459a85bc7465bd02139c20c3b80ccc192e579f41afb37"
        );
        let base = c.legacy_key("你好");
        let mut other = c.clone();
        other.glossary_version = "g2".into();
        assert_ne!(other.legacy_key("你好"), base);
        let mut other = c.clone();
        other.identity.model = Some("m".into());
        assert_ne!(other.legacy_key("你好"), base);
        let mut other = c.clone();
        other.target_lang = "ar".into();
        assert_ne!(other.legacy_key("你好"), base);
        // Length prefixes keep field boundaries apart.
        let scope = |source_lang| KeyScope {
            source_lang,
            target_lang: "",
            backend: "",
            model: "",
            prompt_version: "",
            options: "",
        };
        assert_ne!(scope("c").key_v1("ab", ""), scope("bc").key_v1("a", ""));
    }

    /// A key scope with no model, prompt version or options.
    fn bare_scope<'a>(
        source_lang: &'a str,
        target_lang: &'a str,
        backend: &'a str,
    ) -> KeyScope<'a> {
        KeyScope {
            source_lang,
            target_lang,
            backend,
            model: "",
            prompt_version: "",
            options: "",
        }
    }

    /// Keys are stored: their encoding must never drift. The expected digests were computed
    /// independently (Python's hashlib over the documented encoding: tag, then each field as a
    /// little-endian u64 length and its UTF-8 bytes).
    #[test]
    fn key_encodings_are_frozen() {
        let scope = KeyScope {
            source_lang: "zh",
            target_lang: "fa",
            backend: "deepl",
            model: "m1",
            prompt_version: "p2",
            options: "formality=less",
        };
        let text = "你好<g id=\"1\">刺绣</g>";
        assert_eq!(
            scope.key_v1(text, "g1"),
            "8f9fc54efbe8556f346276ececea3c786830e772ef40b3060d4f1296a22bb02e"
        );
        assert_eq!(
            scope.key_v2(text, "t9"),
            "59d37e9582b142a45f20e0704dd04b184a3cac0a961bfd6ff2d948f90921be54"
        );
        assert_eq!(
            scope.base_key(text),
            "644c39c01b700e5e36b9b914daf9f2a710b3cb496671c96010ef5091ffcfd186"
        );
    }

    fn seg_with(text: &str, terms: &[(&str, Option<&str>, Option<&str>)]) -> Segment {
        Segment {
            id: "ep01#1".into(),
            text: text.into(),
            context: crate::translate::SegmentContext {
                terms: terms
                    .iter()
                    .map(|(s, t, n)| TermHint {
                        source: s.to_string(),
                        target: t.map(str::to_string),
                        note: n.map(str::to_string),
                    })
                    .collect(),
                ..Default::default()
            },
        }
    }

    #[test]
    fn version_2_keys_follow_the_segments_own_terms_not_the_glossary_version() {
        let mut llm = ctx();
        llm.identity = BackendIdentity::new("openai");
        let plain = seg_with("你好", &[]);
        let with_term = seg_with("你好 <g id=\"1\">Kiln</g>", &[("窑", Some("Kiln"), None)]);
        let k_plain = llm.key_for(&plain);
        let k_term = llm.key_for(&with_term);
        // Frozen: the version 2 encoding must not drift either.
        assert_eq!(
            ctx().key("你好"),
            bare_scope("zh-Hans", "fa", "pseudo").key_v2("你好", "")
        );
        // Another glossary version: no key changes.
        let mut other = llm.clone();
        other.glossary_version = "g2".into();
        assert_eq!(other.key_for(&plain), k_plain);
        assert_eq!(other.key_for(&with_term), k_term);
        // The term's note (a hint sent to the LLM) changes only the segment that carries it.
        let noted = seg_with(
            "你好 <g id=\"1\">Kiln</g>",
            &[("窑", Some("Kiln"), Some("n"))],
        );
        assert_ne!(llm.key_for(&noted), k_term);
        // Hint order does not matter.
        let two = seg_with("a", &[("x", None, None), ("y", Some("Y"), None)]);
        let owt = seg_with("a", &[("y", Some("Y"), None), ("x", None, None)]);
        assert_eq!(llm.key_for(&two), llm.key_for(&owt));
        // A backend that never sends hints keys on the text alone.
        let mt = ctx();
        assert_eq!(mt.key_for(&noted), mt.key_for(&with_term));
        assert_eq!(mt.key_for(&plain), mt.key("你好"));
        // The skeleton ignores renderings: both spellings of the term share a base.
        assert_eq!(
            llm.base_key_of("你好 <g id=\"1\">Kiln</g>"),
            llm.base_key_of("你好 <g id=\"1\">Kilns</g>")
        );
        assert_ne!(llm.base_key_of("你好"), llm.base_key_of("再见"));
        assert_eq!(
            skeleton("a <g id=\"1\">x</g> b <x id=\"2\"/>"),
            "a <g id=\"1\"></g> b <x id=\"2\"/>"
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

    /// A schema 1 file as the code before issue 14 wrote it (its table, its keys).
    fn schema_1(path: &std::path::Path, rows: &[(&str, &str, &str, &str, i64)]) {
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.execute_batch(
            "CREATE TABLE tm (key TEXT PRIMARY KEY NOT NULL, source TEXT NOT NULL,
                 target TEXT NOT NULL, source_lang TEXT NOT NULL, target_lang TEXT NOT NULL,
                 backend TEXT NOT NULL, model TEXT NOT NULL, prompt_version TEXT NOT NULL,
                 options TEXT NOT NULL, glossary_version TEXT NOT NULL, created INTEGER NOT NULL,
                 billed_chars INTEGER NOT NULL);
             PRAGMA user_version = 1;",
        )
        .unwrap();
        for (source, target, backend, glossary, created) in rows {
            let key = bare_scope("zh", "fa", backend).key_v1(source, glossary);
            conn.execute(
                "INSERT INTO tm VALUES (?1,?2,?3,'zh','fa',?4,'','','',?5,?6,1)",
                rusqlite::params![key, source, target, backend, glossary, created],
            )
            .unwrap();
        }
    }

    #[test]
    fn a_schema_1_file_is_migrated_without_losing_an_entry() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tm.sqlite");
        schema_1(
            &path,
            &[
                // A hint-blind backend: re-keyed to version 2 whatever the glossary was.
                ("你好", "old", "deepl", "g1", 1),
                ("你好", "new", "deepl", "g2", 2),
                // An LLM with a glossary: keeps its version 1 key.
                ("再见", "bye", "openai", "g1", 1),
                // An LLM without a glossary: no hints, so version 2.
                ("谢谢", "thanks", "openai", "", 1),
            ],
        );
        let m = SqliteMemory::open(&path).unwrap();
        assert_eq!(m.stats().unwrap().entries, 4, "nothing deleted");
        let ctx = |backend: &'static str, g: &str| KeyContext {
            source_lang: "zh".into(),
            target_lang: "fa".into(),
            identity: BackendIdentity::new(backend),
            glossary_version: g.into(),
        };
        // The newest answer of a text wins its version 2 key.
        assert_eq!(
            m.get(&ctx("deepl", "g9").key("你好"))
                .unwrap()
                .unwrap()
                .target,
            "new"
        );
        // The older one is still there under its old key.
        assert_eq!(
            m.get(&ctx("deepl", "g1").legacy_key("你好"))
                .unwrap()
                .unwrap()
                .target,
            "old"
        );
        assert_eq!(
            m.get(&ctx("openai", "").key("谢谢"))
                .unwrap()
                .unwrap()
                .target,
            "thanks"
        );
        let legacy = m
            .get(&ctx("openai", "g1").legacy_key("再见"))
            .unwrap()
            .unwrap();
        assert_eq!(legacy.terms, None);
        assert_eq!(legacy.computed_key(), legacy.key);
        // Every row has its base, so a dry run can tell what a glossary change invalidated.
        let bases = m
            .bases_present(&[ctx("openai", "").base_key_of("再见")])
            .unwrap();
        assert_eq!(bases.len(), 1);
        // Opening again changes nothing.
        drop(m);
        let m = SqliteMemory::open(&path).unwrap();
        assert_eq!(m.stats().unwrap().entries, 4);
    }

    #[test]
    fn claims_answer_hold_and_lapse() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tm.sqlite");
        let a = SqliteMemory::open(&path).unwrap();
        let b = SqliteMemory::open(&path).unwrap();
        let c = ctx();
        let keys = vec![c.key("一"), c.key("二"), c.key("三")];
        a.put(&c.entry("一", "1", 1)).unwrap();
        let (oa, ob) = (ClaimOwner::new(), ClaimOwner::new());
        let lease = Duration::from_secs(60);
        let got = a.claim(&keys, &oa, lease).unwrap();
        assert_eq!(got.answered.len(), 1);
        assert_eq!(got.mine, keys[1..].to_vec());
        // The other runner waits for both.
        let got = b.claim(&keys, &ob, lease).unwrap();
        assert_eq!(got.held, keys[1..].to_vec());
        assert!(got.mine.is_empty());
        // Claiming again is renewing.
        assert_eq!(a.claim(&keys[1..], &oa, lease).unwrap().mine.len(), 2);
        // Answered and released: the waiter finds the answer.
        a.put(&c.entry("二", "2", 1)).unwrap();
        a.release(&oa, &keys[1..2]).unwrap();
        let got = b.claim(&keys[1..], &ob, lease).unwrap();
        assert!(got.answered.contains_key(&keys[1]));
        assert_eq!(got.held, vec![keys[2].clone()]);
        // An expired lease lapses: a runner elsewhere that stopped renewing.
        a.with_conn(|conn| {
            conn.execute(
                "UPDATE claims SET host = 'elsewhere', expires = 0 WHERE owner = ?1",
                [&oa.id],
            )?;
            Ok(())
        })
        .unwrap();
        assert_eq!(
            b.claim(&keys[2..], &ob, lease).unwrap().mine,
            vec![keys[2].clone()]
        );
        b.release(&ob, &[]).unwrap();
        assert_eq!(a.claim(&keys[2..], &oa, lease).unwrap().mine.len(), 1);
    }

    #[test]
    fn write_failures_name_their_cause() {
        let e = |code: i32| {
            MemoryError::from(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(code),
                None,
            ))
        };
        assert_eq!(e(rusqlite::ffi::SQLITE_FULL).cause(), StoreCause::Full);
        assert_eq!(
            e(rusqlite::ffi::SQLITE_READONLY).cause(),
            StoreCause::ReadOnly
        );
        assert_eq!(e(rusqlite::ffi::SQLITE_BUSY).cause(), StoreCause::Locked);
        assert_eq!(e(rusqlite::ffi::SQLITE_IOERR).cause(), StoreCause::Io);
        assert_eq!(e(rusqlite::ffi::SQLITE_CORRUPT).cause(), StoreCause::Other);
    }
}
