//! `glossary scan`: where the glossary's terms occur in the episodes, and candidate terms that
//! recur but are not in it. Candidates go only to the separate `--candidates-out` file, never
//! into the glossary. `render_scan` makes the human report.

use std::path::{Path, PathBuf};

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::{Settings, langs, read_tracks};
use crate::cmd::render::{Paint, paint};
use crate::cmd::{Error, num, same_file, show, write_atomic};
use crate::glossary::Glossary;
use crate::glossary::scan::{self, ScanOptions, ScanReport, TermOccurrences};
use crate::i18n::Localizer;
use crate::model::Track;

/// At most this many places are listed per term in the human scan report.
const PLACES_SHOWN: usize = 5;

/// `glossary scan`'s options, as parsed.
#[derive(Debug, Clone, Copy, Default)]
pub struct GlossaryScanRequest<'a> {
    pub episodes: &'a [PathBuf],
    /// Languages of the empty proposed entries in the candidates file (tags as typed; default:
    /// the glossary's).
    pub langs: &'a [String],
    pub candidates_out: Option<&'a Path>,
    /// Minimum occurrences for a candidate (at least 1).
    pub min_count: usize,
}

/// What a scan found.
#[derive(Debug)]
pub struct GlossaryScanned<'s> {
    pub path: PathBuf,
    /// The glossary scanned (the settings' loaded one).
    pub glossary: &'s Glossary,
    pub report: ScanReport,
    /// The candidates file to write, and its languages.
    candidates: Option<(PathBuf, Vec<String>)>,
}

/// `glossary scan --format json`: the glossary path and the library's scan report.
#[derive(Serialize)]
pub struct GlossaryScanJson<'a> {
    pub glossary: String,
    #[serde(flatten)]
    pub report: &'a ScanReport,
}

/// Scans the episodes for the glossary's terms and candidates.
pub fn run<'s>(
    settings: &'s Settings,
    req: &GlossaryScanRequest<'_>,
) -> Result<GlossaryScanned<'s>, Error> {
    let path = settings.required_glossary_path()?;
    let cand_langs = langs(req.langs)?;
    if let Some(c) = req.candidates_out
        && same_file(c, path)
    {
        return Err(Error::usage(
            "error-candidates-into-glossary",
            &[("path", show(c))],
        ));
    }
    let glossary = &settings.required_glossary()?.glossary;
    let tracks = read_tracks(req.episodes, settings)?;
    let names: Vec<String> = req.episodes.iter().map(|p| show(p)).collect();
    let pairs: Vec<(&str, &Track)> = names.iter().map(String::as_str).zip(&tracks).collect();
    let opts = ScanOptions {
        min_count: req.min_count.max(1),
        ..ScanOptions::default()
    };
    let report = scan::scan(glossary, &pairs, &opts);
    Ok(GlossaryScanned {
        path: path.to_path_buf(),
        glossary,
        report,
        candidates: req.candidates_out.map(|c| (c.to_path_buf(), cand_langs)),
    })
}

impl GlossaryScanned<'_> {
    /// The `--format json` document.
    pub fn json(&self) -> GlossaryScanJson<'_> {
        GlossaryScanJson {
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
        let yaml = scan::candidates_yaml(&self.report, self.glossary, &refs);
        write_atomic(path, yaml.as_bytes())?;
        Ok(Some(path))
    }
}

/// Pads `text` with spaces to `width` terminal columns (CJK counts 2).
fn pad(text: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

/// The human scan report: each term with its count per file and its first places, the
/// candidates, and a summary line.
pub fn render_scan(scanned: &GlossaryScanned<'_>, loc: &Localizer, color: bool) -> String {
    let (glossary, report) = (&scanned.glossary, &scanned.report);
    let mut s = String::new();
    let id_width = report
        .terms
        .iter()
        .map(|t| UnicodeWidthStr::width(t.term.as_str()))
        .max()
        .unwrap_or(0);
    let source_width = glossary
        .terms
        .iter()
        .map(|t| UnicodeWidthStr::width(t.source.as_str()))
        .max()
        .unwrap_or(0);
    let mut found = 0usize;
    for t in &report.terms {
        let source = glossary.term(&t.term).map_or("", |g| g.source.as_str());
        let head = format!(
            "{}  {}",
            paint(&pad(&t.term, id_width), Paint::Bold, color),
            pad(source, source_width)
        );
        if t.count == 0 {
            s.push_str(&format!(
                "{head}  {}\n",
                paint(&loc.text("glossary-scan-not-found"), Paint::Yellow, color)
            ));
            continue;
        }
        found += 1;
        let per_file: Vec<String> = t
            .per_track
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(i, n)| {
                let name = report.tracks.get(i).map_or("?", String::as_str);
                format!("{} {n}", file_name(name))
            })
            .collect();
        s.push_str(&format!(
            "{head}  {}  ({})\n",
            loc.msg("glossary-scan-count", &[("count", num(t.count))]),
            per_file.join(", ")
        ));
        s.push_str(&first_places(t, report, loc));
        s.push('\n');
    }
    s.push_str(&candidates(report, loc, color));
    s.push('\n');
    s.push_str(&loc.msg(
        "glossary-scan-summary",
        &[
            ("count", num(report.terms.len())),
            ("found", num(found)),
            ("missing", num(report.terms.len() - found)),
            ("files", num(report.tracks.len())),
            ("candidates", num(report.candidates.len())),
        ],
    ));
    s.push('\n');
    s
}

/// The first places a term occurs (`file:line cue N`), and how many more.
fn first_places(t: &TermOccurrences, report: &ScanReport, loc: &Localizer) -> String {
    let places: Vec<String> = t
        .occurrences
        .iter()
        .take(PLACES_SHOWN)
        .map(|o| {
            let name = report.tracks.get(o.at.track).map_or("?", String::as_str);
            let place = if o.at.line > 0 {
                format!("{name}:{}", o.at.line)
            } else {
                name.to_string()
            };
            format!(
                "{place} {}",
                loc.msg("glossary-scan-cue", &[("cue", num(o.at.cue as usize))])
            )
        })
        .collect();
    let more = t.occurrences.len().saturating_sub(PLACES_SHOWN);
    let mut line = format!("    {}", places.join(", "));
    if more > 0 {
        line.push_str(&format!(
            ", {}",
            loc.msg("glossary-scan-more", &[("count", num(more))])
        ));
    }
    line
}

/// The candidate terms found in the episodes, under their heading; nothing when there are none.
fn candidates(report: &ScanReport, loc: &Localizer, color: bool) -> String {
    let mut s = String::new();
    if !report.candidates.is_empty() {
        s.push('\n');
        s.push_str(&paint(
            &loc.text("glossary-scan-candidates"),
            Paint::Bold,
            color,
        ));
        s.push('\n');
        for c in &report.candidates {
            s.push_str(&format!(
                "    “{}”  {}\n",
                c.text,
                loc.msg(
                    "glossary-scan-candidate",
                    &[
                        ("count", num(c.count)),
                        ("cues", num(c.cues)),
                        ("files", num(c.tracks)),
                    ],
                )
            ));
        }
    }
    s
}

fn file_name(path: &str) -> &str {
    Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_counts_terminal_columns() {
        assert_eq!(pad("琉璃", 6), "琉璃  ");
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(pad("abcdef", 3), "abcdef");
        assert_eq!(file_name("a/b/ep01.srt"), "ep01.srt");
    }
}
