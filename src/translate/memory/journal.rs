//! The journal of unstored answers (issue 14 §2): when the memory cannot store an answer that was
//! paid for (disk full, read-only, locked too long, I/O error), the answer is appended here, and
//! the next run replays the journal into the memory before it sends anything.
//!
//! The journal is a local file whatever the store (SQLite now, PostgreSQL later): JSON Lines, one
//! `Entry` per line, each append flushed to disk (`sync_data`) before the run goes on. Its place
//! is next to the memory (`<memory>-unstored.jsonl`); when that cannot be written either (the
//! same full disk), a file in the user's state folder named after the memory's path
//! (`$XDG_STATE_HOME/subloc/unstored/<hash>.jsonl`, else `~/.local/state/…`, else the temporary
//! folder). A run reads both. A line cut short by a failed write is skipped on replay: its
//! answers were written again, whole, to the other place.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

use super::{Entry, MemoryError, MemoryStore};

/// Where a memory's unstored answers go.
#[derive(Debug)]
pub struct Journal {
    /// Next to the memory.
    primary: PathBuf,
    /// In the user's state folder.
    fallback: PathBuf,
    /// One writer at a time within the process (appends of different languages).
    lock: Mutex<()>,
}

impl Journal {
    /// The journal of the memory at `memory`.
    pub fn for_memory(memory: &Path) -> Journal {
        let mut name = memory
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_else(|| "memory".into());
        name.push("-unstored.jsonl");
        let primary = memory.with_file_name(name);
        let absolute = std::path::absolute(memory).unwrap_or_else(|_| memory.to_path_buf());
        let digest = Sha256::digest(absolute.to_string_lossy().as_bytes());
        let hash: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
        let fallback = state_dir()
            .join("subloc")
            .join("unstored")
            .join(format!("{hash}.jsonl"));
        Journal {
            primary,
            fallback,
            lock: Mutex::new(()),
        }
    }

    /// The journal files that exist now.
    pub fn existing(&self) -> Vec<PathBuf> {
        [&self.primary, &self.fallback]
            .into_iter()
            .filter(|p| p.is_file())
            .cloned()
            .collect()
    }

    /// Appends `entries` durably; returns the file that holds them. Tries next to the memory,
    /// then the state folder; the error is the last place's.
    pub fn append(&self, entries: &[Entry]) -> Result<PathBuf, std::io::Error> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut text = String::new();
        for e in entries {
            let line = serde_json::to_string(e).map_err(std::io::Error::other)?;
            text.push_str(&line);
            text.push('\n');
        }
        match append_to(&self.primary, text.as_bytes()) {
            Ok(()) => Ok(self.primary.clone()),
            Err(_) => append_to(&self.fallback, text.as_bytes()).map(|()| self.fallback.clone()),
        }
    }

    /// Reads every journal entry (keys recomputed; torn lines skipped).
    pub fn read(&self) -> Result<Vec<Entry>, MemoryError> {
        let mut out = Vec::new();
        for p in self.existing() {
            let file = std::fs::File::open(&p).map_err(|e| MemoryError::Io(e.to_string()))?;
            for line in std::io::BufReader::new(file).lines() {
                let line = line.map_err(|e| MemoryError::Io(e.to_string()))?;
                if let Ok(mut e) = serde_json::from_str::<Entry>(&line) {
                    e.key = e.computed_key();
                    out.push(e);
                }
            }
        }
        Ok(out)
    }

    /// Stores every journal entry in `store` and removes the journal files; returns how many
    /// entries were stored. On a failed store the journal is left as it was.
    pub fn replay(&self, store: &dyn MemoryStore) -> Result<usize, MemoryError> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let files = self.existing();
        if files.is_empty() {
            return Ok(0);
        }
        let entries = self.read()?;
        let mut stored = 0;
        for chunk in entries.chunks(500) {
            stored += store.put_many(chunk)?;
        }
        for p in files {
            std::fs::remove_file(&p).map_err(|e| MemoryError::Io(e.to_string()))?;
        }
        Ok(stored)
    }
}

/// Appends and flushes to disk; a failed write is cut back to the old length when possible.
fn append_to(path: &Path, bytes: &[u8]) -> Result<(), std::io::Error> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    let before = file.metadata()?.len();
    let written = file.write_all(bytes).and_then(|()| file.sync_data());
    if written.is_err() {
        let _ = file.set_len(before);
        if before == 0 {
            let _ = std::fs::remove_file(path);
        }
    }
    written
}

/// The user's state folder (XDG base directories), else the temporary folder.
fn state_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("XDG_STATE_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(d);
    }
    if let Some(h) = std::env::var_os("HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(h).join(".local").join("state");
    }
    std::env::temp_dir()
}

/// A short stable digest of a text (a team memory's URL names its local journal by it).
pub fn digest_of(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translate::BackendIdentity;
    use crate::translate::memory::{KeyContext, SqliteMemory};

    #[test]
    fn appended_answers_are_replayed_once_and_a_torn_line_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let mem_path = dir.path().join("memory.sqlite");
        let j = Journal::for_memory(&mem_path);
        assert_eq!(j.primary, dir.path().join("memory.sqlite-unstored.jsonl"));
        let ctx = KeyContext {
            source_lang: "zh".into(),
            target_lang: "fa".into(),
            identity: BackendIdentity::new("deepl"),
            glossary_version: String::new(),
        };
        let a = ctx.entry("你好", "سلام", 2);
        let b = ctx.entry("再见", "خداحافظ", 2);
        assert_eq!(j.append(std::slice::from_ref(&a)).unwrap(), j.primary);
        j.append(std::slice::from_ref(&b)).unwrap();
        // A write cut short by a full disk.
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&j.primary)
            .unwrap();
        f.write_all(b"{\"key\":\"abc\",\"sour").unwrap();
        drop(f);
        assert_eq!(j.read().unwrap(), vec![a.clone(), b.clone()]);
        let m = SqliteMemory::open(&mem_path).unwrap();
        assert_eq!(j.replay(&m).unwrap(), 2);
        assert!(j.existing().is_empty());
        assert_eq!(m.get(&a.key).unwrap().unwrap().target, "سلام");
        assert_eq!(j.replay(&m).unwrap(), 0);
    }
}
