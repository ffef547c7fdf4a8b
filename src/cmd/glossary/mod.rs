//! `glossary lint|scan|review|apply|export|import` as use cases: each takes its parsed options
//! and the glossary file (resolved by the caller: `--glossary`, else `glossary:` in
//! `subloc.yaml`, else the nearest `glossary.yaml` upwards) and returns what it found or did.
//!
//! What is shared lives here: loading the glossary (an invalid one is a [`Failure::Invalid`]
//! carrying its diagnostics, for the binary to show), language and date arguments, reading
//! episodes, and [`Edit`] — how `apply` and `import` change the glossary file: in place through
//! the library (comments and key order survive), the previous version kept as
//! `glossary.yaml.bak`, written atomically, or with `--dry-run` only counted. An edit is saved by
//! the caller after it has shown the report, so a failed write never hides what was decided.

pub mod apply;
pub mod export;
pub mod import;
pub mod lint;
pub mod review;
pub mod scan;

use std::path::{Path, PathBuf};

use super::{Error, lang_arg, lookup_encoding, read_yaml_text, today, write_atomic};
use crate::diag::Diagnostic;
use crate::format::{self, ReadOptions};
use crate::glossary::{self as lib, Glossary};
use crate::model::Track;

/// Why a glossary command stopped (exit 2).
#[derive(Debug)]
pub enum Failure {
    Error(Error),
    /// The glossary does not load: its diagnostics (already carrying the path), for the caller
    /// to show before [`Error::GlossaryInvalid`].
    Invalid {
        path: PathBuf,
        diagnostics: Vec<Diagnostic>,
    },
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Error(e)
    }
}

impl Failure {
    fn invalid(path: &Path, diagnostics: Vec<Diagnostic>) -> Failure {
        Failure::Invalid {
            path: path.to_path_buf(),
            diagnostics: diagnostics.into_iter().map(|d| d.with_path(path)).collect(),
        }
    }
}

/// The glossary file a command works on, or why there is none; passed as a result so the
/// command reports its own argument errors first, as it always has.
pub type GlossaryFile = Result<PathBuf, Error>;

/// Reads and loads the glossary at `path`: its text and the loaded value.
pub fn load(path: &Path) -> Result<(String, Glossary), Failure> {
    let text = read_yaml_text(path)?;
    match lib::load(&text) {
        Ok(g) => Ok((text, g)),
        Err(diags) => Err(Failure::invalid(path, diags)),
    }
}

/// Language tags given on the command line, canonicalized (empty items are ignored).
pub fn langs(values: &[String]) -> Result<Vec<String>, Error> {
    values
        .iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .map(lang_arg)
        .collect()
}

/// `--date`, checked, or today.
pub fn decision_date(date: Option<&str>) -> Result<String, Error> {
    match date {
        Some(d) if lib::lint::valid_date(d.trim()) => Ok(d.trim().to_string()),
        Some(d) => Err(Error::usage("error-bad-date", &[("value", d.to_string())])),
        None => Ok(today()),
    }
}

/// Subtitle files read for scanning; a file that cannot be read is an error (exit 2) because a
/// scan or review sheet missing an episode would silently under-count.
fn read_tracks(paths: &[PathBuf], encoding: Option<&str>) -> Result<Vec<Track>, Error> {
    let opts = ReadOptions {
        encoding: lookup_encoding(encoding)?,
        format: None,
    };
    paths
        .iter()
        .map(|p| {
            format::read_file(p, &opts)
                .map(|l| l.track)
                .map_err(Error::Read)
        })
        .collect()
}

/// A change to the glossary file, decided but not yet saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub path: PathBuf,
    old: String,
    new: String,
    /// Entries changed (added, corrected, re-statused).
    pub changes: usize,
    dry_run: bool,
}

/// What saving an [`Edit`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// Nothing to change; the file was not touched.
    Unchanged,
    /// `--dry-run`: `changes` would have been made.
    DryRun { changes: usize },
    /// Written, the old text kept at `backup`.
    Updated { changes: usize, backup: PathBuf },
}

impl Edit {
    /// Writes the edited glossary: a backup of the old text next to it, then the new text
    /// atomically; or, with `--dry-run` or nothing to change, nothing.
    pub fn save(&self) -> Result<Saved, Error> {
        if self.changes == 0 || self.old == self.new {
            return Ok(Saved::Unchanged);
        }
        if self.dry_run {
            return Ok(Saved::DryRun {
                changes: self.changes,
            });
        }
        let backup = backup_path(&self.path);
        write_atomic(&backup, self.old.as_bytes())?;
        write_atomic(&self.path, self.new.as_bytes())?;
        Ok(Saved::Updated {
            changes: self.changes,
            backup,
        })
    }
}

/// `glossary.yaml` → `glossary.yaml.bak`.
fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backup_sits_next_to_the_glossary() {
        assert_eq!(
            backup_path(Path::new("a/glossary.yaml")),
            PathBuf::from("a/glossary.yaml.bak")
        );
        assert_eq!(
            backup_path(Path::new("g.yaml")),
            PathBuf::from("g.yaml.bak")
        );
    }

    #[test]
    fn dates_are_checked() {
        assert_eq!(decision_date(Some("2026-01-31")).unwrap(), "2026-01-31");
        assert!(decision_date(Some("31/01/2026")).is_err());
        assert!(lib::lint::valid_date(&decision_date(None).unwrap()));
    }

    #[test]
    fn edits_save_only_real_changes() {
        let dir = std::env::temp_dir().join(format!("subloc-edit-{}", std::process::id()));
        let path = dir.join("glossary.yaml");
        let edit = |old: &str, new: &str, changes, dry_run| Edit {
            path: path.clone(),
            old: old.into(),
            new: new.into(),
            changes,
            dry_run,
        };
        assert_eq!(edit("a", "a", 1, false).save().unwrap(), Saved::Unchanged);
        assert_eq!(edit("a", "b", 0, false).save().unwrap(), Saved::Unchanged);
        assert_eq!(
            edit("a", "b", 2, true).save().unwrap(),
            Saved::DryRun { changes: 2 }
        );
        assert!(!path.exists());
        let saved = edit("a", "b", 2, false).save().unwrap();
        assert_eq!(
            saved,
            Saved::Updated {
                changes: 2,
                backup: dir.join("glossary.yaml.bak")
            }
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "b");
        assert_eq!(
            std::fs::read_to_string(dir.join("glossary.yaml.bak")).unwrap(),
            "a"
        );
        let _ = std::fs::remove_dir_all(dir);
    }
}
