//! `glossary scan`: where the glossary's terms occur in the episodes, and candidate terms that
//! recur but are not in it. Candidates go only to the separate `--candidates-out` file, never
//! into the glossary.

use std::path::PathBuf;

use serde::Serialize;

use super::{Failure, GlossaryFile, langs, load, read_tracks};
use crate::cmd::{Error, same_file, show, write_atomic};
use crate::glossary::Glossary;
use crate::glossary::scan::{self, ScanOptions, ScanReport};
use crate::model::Track;

/// `glossary scan`'s options, as parsed.
#[derive(Debug)]
pub struct ScanInput {
    pub glossary: GlossaryFile,
    pub episodes: Vec<PathBuf>,
    /// Languages of the empty proposed entries in the candidates file (tags as typed; default:
    /// the glossary's).
    pub langs: Vec<String>,
    pub candidates_out: Option<PathBuf>,
    /// Minimum occurrences for a candidate (at least 1).
    pub min_count: usize,
    /// `--encoding` label of the episodes.
    pub encoding: Option<String>,
}

/// What a scan found.
#[derive(Debug)]
pub struct Scanned {
    pub path: PathBuf,
    pub glossary: Glossary,
    pub report: ScanReport,
    /// The candidates file to write, and its languages.
    candidates: Option<(PathBuf, Vec<String>)>,
}

/// `glossary scan --format json`: the glossary path and the library's scan report.
#[derive(Serialize)]
pub struct ScanJson<'a> {
    pub glossary: String,
    #[serde(flatten)]
    pub report: &'a ScanReport,
}

/// Scans the episodes for the glossary's terms and candidates.
pub fn scan(input: ScanInput) -> Result<Scanned, Failure> {
    let path = input.glossary?;
    let cand_langs = langs(&input.langs)?;
    if let Some(c) = &input.candidates_out
        && same_file(c, &path)
    {
        return Err(Error::usage("error-candidates-into-glossary", &[("path", show(c))]).into());
    }
    let (_, glossary) = load(&path)?;
    let tracks = read_tracks(&input.episodes, input.encoding.as_deref())?;
    let names: Vec<String> = input.episodes.iter().map(|p| show(p)).collect();
    let pairs: Vec<(&str, &Track)> = names.iter().map(String::as_str).zip(&tracks).collect();
    let opts = ScanOptions {
        min_count: input.min_count.max(1),
        ..ScanOptions::default()
    };
    let report = scan::scan(&glossary, &pairs, &opts);
    Ok(Scanned {
        path,
        glossary,
        report,
        candidates: input.candidates_out.map(|c| (c, cand_langs)),
    })
}

impl Scanned {
    /// The `--format json` document.
    pub fn json(&self) -> ScanJson<'_> {
        ScanJson {
            glossary: show(&self.path),
            report: &self.report,
        }
    }

    /// Writes the candidates file when one was asked for (after the report is shown, so a
    /// failed write never hides the scan); returns its path.
    pub fn write_candidates(&self) -> Result<Option<&PathBuf>, Error> {
        let Some((path, langs)) = &self.candidates else {
            return Ok(None);
        };
        let refs: Vec<&str> = if langs.is_empty() {
            self.glossary.languages()
        } else {
            langs.iter().map(String::as_str).collect()
        };
        let yaml = scan::candidates_yaml(&self.report, &self.glossary, &refs);
        write_atomic(path, yaml.as_bytes())?;
        Ok(Some(path))
    }
}
