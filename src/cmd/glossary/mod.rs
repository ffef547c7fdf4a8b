//! `glossary lint|scan|review|apply|export|import` as use cases: each takes the resolved
//! [`Settings`] (the glossary file is `--glossary`, else `glossary:` in `subloc.yaml`, else the
//! nearest `glossary.yaml` upwards; an invalid glossary is [`Error::GlossaryInvalid`] carrying
//! its errors) and a request of its parsed options, and returns what it found or did.
//!
//! What is shared lives here: language and date arguments, reading episodes, and
//! [`GlossaryEdit`] — how `apply` and `import` change the glossary file: in place through the
//! library (comments and key order survive), the previous version kept as `glossary.yaml.bak`,
//! written atomically, or with `--dry-run` only counted. An edit is saved by the caller after it
//! has shown the report, so a failed write never hides what was decided.

pub mod apply;
pub mod export;
pub mod import;
pub mod lint;
pub mod review;
pub mod scan;

use std::path::{Path, PathBuf};

use super::{Error, Settings, lang_arg, num, read_yaml_text, show, write_atomic};
use crate::date::today;
use crate::format;
use crate::glossary as lib;
use crate::i18n::Localizer;
use crate::model::Track;

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
fn read_tracks(paths: &[PathBuf], settings: &Settings) -> Result<Vec<Track>, Error> {
    let opts = settings.read_options();
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
pub struct GlossaryEdit {
    pub path: PathBuf,
    old: String,
    new: String,
    /// Entries changed (added, corrected, re-statused).
    pub changes: usize,
    dry_run: bool,
}

/// What saving a [`GlossaryEdit`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GlossarySaved {
    /// Nothing to change; the file was not touched.
    Unchanged,
    /// `--dry-run`: `changes` would have been made.
    DryRun { changes: usize },
    /// Written, the old text kept at `backup`.
    Updated { changes: usize, backup: PathBuf },
}

impl GlossaryEdit {
    /// Writes the edited glossary: a backup of the old text next to it, then the new text
    /// atomically; or, with `--dry-run` or nothing to change, nothing.
    pub fn save(&self) -> Result<GlossarySaved, Error> {
        if self.changes == 0 || self.old == self.new {
            return Ok(GlossarySaved::Unchanged);
        }
        if self.dry_run {
            return Ok(GlossarySaved::DryRun {
                changes: self.changes,
            });
        }
        let backup = backup_path(&self.path);
        write_atomic(&backup, self.old.as_bytes())?;
        write_atomic(&self.path, self.new.as_bytes())?;
        Ok(GlossarySaved::Updated {
            changes: self.changes,
            backup,
        })
    }
}

impl GlossarySaved {
    /// What happened to the glossary at `path`, in the UI language.
    pub fn render(&self, path: &Path, loc: &Localizer) -> String {
        let path = show(path);
        match self {
            GlossarySaved::Unchanged => loc.msg("glossary-unchanged", &[("path", path.into())]),
            GlossarySaved::DryRun { changes } => loc.msg(
                "glossary-dry-run",
                &[("path", path.into()), ("count", num(*changes))],
            ),
            GlossarySaved::Updated { changes, backup } => loc.msg(
                "glossary-updated",
                &[
                    ("path", path.into()),
                    ("count", num(*changes)),
                    ("backup", show(backup).into()),
                ],
            ),
        }
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
        let edit = |old: &str, new: &str, changes, dry_run| GlossaryEdit {
            path: path.clone(),
            old: old.into(),
            new: new.into(),
            changes,
            dry_run,
        };
        assert_eq!(
            edit("a", "a", 1, false).save().unwrap(),
            GlossarySaved::Unchanged
        );
        assert_eq!(
            edit("a", "b", 0, false).save().unwrap(),
            GlossarySaved::Unchanged
        );
        assert_eq!(
            edit("a", "b", 2, true).save().unwrap(),
            GlossarySaved::DryRun { changes: 2 }
        );
        assert!(!path.exists());
        let saved = edit("a", "b", 2, false).save().unwrap();
        assert_eq!(
            saved,
            GlossarySaved::Updated {
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

    #[test]
    fn argument_errors_come_before_a_missing_glossary() {
        let cwd = Path::new("/nonexistent-dir-for-test");
        let project = crate::config::Project::resolve(None, cwd).unwrap();
        let settings =
            Settings::from_project(project, &crate::cmd::Flags::default(), cwd.into()).unwrap();
        let id = |e: Error| match e {
            Error::Message { id, .. } => id,
            Error::NoGlossary { .. } => "no-glossary",
            other => panic!("{other:?}"),
        };
        let review = review::GlossaryReviewRequest {
            lang: "??",
            episodes: &[],
            translations: &[],
            out: Path::new("review"),
            max_examples: 3,
            page_lang: None,
        };
        let en = crate::i18n::Localizer::english();
        assert_eq!(
            id(review::run(&settings, &review, &en).unwrap_err()),
            "error-bad-lang"
        );
        let apply = apply::GlossaryApplyRequest {
            csv: Path::new("r.csv"),
            dry_run: true,
            reviewer: None,
            date: Some("31/01/2026"),
        };
        assert_eq!(
            id(apply::run(&settings, &apply).unwrap_err()),
            "error-bad-date"
        );
        let export = export::GlossaryExportRequest {
            format: export::GlossaryExportFormat::Csv(crate::glossary::export::PairCsvStyle::Deepl),
            langs: &[],
            include_proposed: false,
            output: None,
        };
        assert_eq!(
            id(export::run(&settings, &export).unwrap_err()),
            "error-export-csv-lang"
        );
        assert_eq!(id(lint::run(&settings, &[]).unwrap_err()), "no-glossary");
    }
}
