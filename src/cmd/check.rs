//! `check FILE… --platform P`, the QC gate, as a use case: every file is read, its language
//! decided (`--lang`, else `lang:` in subloc.yaml, else the file name, else the script of its
//! text, and reported with how it was decided), and run through the per-file job
//! (`crate::deliver`) with only its check step: the platform profile resolved for that
//! language and, when source files are given, glossary compliance against the source each file
//! translates (found by name, else by position). The result is one [`CheckReport`]; rendering
//! it and the exit code are the caller's.
//!
//! Files are checked in parallel by a small pool (`jobs`) of scoped threads that pull the next
//! file index from a shared counter; the report keeps the order the files were given. A baseline
//! removes accepted findings; `write_baseline` records the findings of this run.
//!
//! For the HTML report (`preview`), a file checked against a platform with a canvas also gets
//! its preview frames (`video::preview::for_report`): its riskiest cues rendered as `burn` would
//! burn them, or a note that ffmpeg is missing.

use std::path::{Path, PathBuf};

use crate::deliver::{self, Check, FileJob, Input};
use crate::glossary::Glossary;
use crate::glossary::compliance::Compliance;
use crate::i18n::Localizer;
use crate::model::Track;
use crate::report::{Baseline, CheckReport, FileReport};
use crate::video::{self, Tools};

use super::{Error, Settings, file_limits, read_track, show, write_atomic};

/// What to check.
#[derive(Debug, Clone, Copy, Default)]
pub struct CheckRequest<'a> {
    pub files: &'a [PathBuf],
    /// Source files the checked files translate (`--source`), for glossary compliance.
    pub sources: &'a [PathBuf],
    /// Files checked at once.
    pub jobs: usize,
    /// `--baseline`: findings recorded there are accepted.
    pub baseline: Option<&'a Path>,
    /// `--write-baseline`: record this run's findings there.
    pub write_baseline: Option<&'a Path>,
    /// Render "what the viewer sees" for files checked against a platform with a canvas (the
    /// HTML report shows it; `report::preview`).
    pub preview: bool,
}

/// What checking found.
#[derive(Debug)]
pub struct Checked {
    pub report: CheckReport,
    /// Findings removed because the baseline accepts them.
    pub accepted: usize,
    /// Findings recorded by `write_baseline`.
    pub recorded: Option<usize>,
}

/// Checks every file of `req`. A file that cannot be read is a row of the report, its reason
/// rendered by `reasons` (the report's language); only settings, sources and baselines end the
/// command with an error.
pub fn run(
    settings: &Settings,
    req: &CheckRequest<'_>,
    reasons: &Localizer,
) -> Result<Checked, Error> {
    let platform = settings.platform()?;
    // `check DIR` and globs expand as for `translate` (`pipeline::inputs`).
    let cwd = std::env::current_dir().unwrap_or_default();
    let expanded = crate::pipeline::inputs::expand_lenient(req.files, &cwd);
    let req = &CheckRequest {
        files: &expanded,
        ..*req
    };
    let sources = Sources::read(settings, req)?;
    // Looked up once, and only when asked for: a missing ffmpeg is a note in the report.
    let tools = req
        .preview
        .then(|| Tools::locate(settings.ffmpeg()).ok())
        .flatten();
    let preview = req.preview.then_some(tools.as_ref());
    let files = deliver::in_parallel(req.files, req.jobs, |i, path| {
        check_one(
            settings,
            platform,
            path,
            sources.glossary,
            sources.of(i),
            preview,
        )
    })
    .into_iter()
    .zip(req.files)
    .map(|(result, path)| {
        result.unwrap_or_else(|e| FileReport::unreadable(show(path), platform, e.render(reasons)))
    })
    .collect();
    let mut report = CheckReport::new(files);
    let recorded = match req.write_baseline {
        Some(path) => {
            let mut baseline = Baseline::from_report(&report);
            baseline.rebase(&cwd, &folder_of(&cwd, path));
            write_atomic(path, baseline.to_json().as_bytes())?;
            Some(report.summary.findings.total)
        }
        None => None,
    };
    let accepted = match req.baseline {
        Some(path) => read_baseline(path)?.filter_from(&mut report, &folder_of(&cwd, path), &cwd),
        None => 0,
    };
    Ok(Checked {
        report,
        accepted,
        recorded,
    })
}

/// The glossary and the source tracks for compliance (`--source`), read once before the
/// parallel part, and which source each checked file translates.
struct Sources<'s> {
    glossary: Option<&'s Glossary>,
    tracks: Vec<Track>,
    /// Per checked file, the index of its source in `tracks`.
    pairing: Vec<Option<usize>>,
}

impl<'s> Sources<'s> {
    fn read(settings: &'s Settings, req: &CheckRequest<'_>) -> Result<Sources<'s>, Error> {
        if req.sources.is_empty() {
            return Ok(Sources {
                glossary: None,
                tracks: Vec::new(),
                pairing: Vec::new(),
            });
        }
        let glossary = Some(&settings.required_glossary()?.glossary);
        let pairing = pair_sources(req.files, req.sources)?;
        let read = settings.read_options();
        let mut tracks = Vec::with_capacity(req.sources.len());
        for p in req.sources {
            // The same read as the checked files: a source subloc cannot read is an error.
            tracks.push(read_track(p, &read)?.track);
        }
        Ok(Sources {
            glossary,
            tracks,
            pairing,
        })
    }

    fn of(&self, file: usize) -> Option<&Track> {
        let i = self.pairing.get(file).copied().flatten()?;
        self.tracks.get(i)
    }
}

/// One file through the per-file job's check step: its language decided, the profile resolved
/// for it, glossary compliance against its source when there is one.
fn check_one(
    settings: &Settings,
    platform: &str,
    path: &Path,
    glossary: Option<&Glossary>,
    source: Option<&Track>,
    preview: Option<Option<&Tools>>,
) -> Result<FileReport, Error> {
    let loaded = read_track(path, &settings.read_options())?;
    let (limits, lang, lang_source) = file_limits(settings, platform, path, &loaded.track)?;
    // The track as it is, before the check step takes it: the preview lays it out as `burn`
    // would.
    let to_preview = preview
        .filter(|_| limits.canvas.copied().is_some())
        .map(|tools| (tools, loaded.track.clone()));
    let compliance = glossary.map(|g| Compliance::new(g, &lang));
    let job = FileJob {
        check: Some(Check {
            platform,
            limits: &limits,
            lang: &lang,
            lang_source,
            shown: show(path),
            fps: settings.fps(),
            overrides: settings.severity(),
            compliance: compliance.as_ref().zip(source),
            fonts: Some(settings.fonts()),
            source: None,
        }),
        ..FileJob::default()
    };
    let input = Input {
        track: loaded.track,
        diagnostics: loaded.diagnostics,
    };
    // Only writing can fail, and this job does not write.
    let mut report = deliver::run(input, &job)
        .map_err(|e| Error::read(path, e))
        .map(|d| d.report.unwrap_or_default())?;
    if let Some((tools, track)) = to_preview {
        report.preview =
            video::preview::for_report(tools, track, &limits, &lang, Some(settings.fonts()));
    }
    Ok(report)
}

/// A baseline file (`--baseline`).
/// The absolute folder a file (relative to `cwd`) is in.
fn folder_of(cwd: &Path, file: &Path) -> PathBuf {
    let abs = cwd.join(file);
    abs.parent().map(Path::to_path_buf).unwrap_or(abs)
}

fn read_baseline(path: &Path) -> Result<Baseline, Error> {
    let text = super::read_text(path)?;
    Baseline::from_json(&text).map_err(|e| {
        Error::usage(
            "error-baseline",
            &[("path", show(path)), ("detail", e.to_string())],
        )
    })
}

/// For each checked file, the index of the source file it translates: by base name
/// (`ep01.fa.srt` ↔ `ep01.srt` or `ep01.zh-Hans.ass`: the part before the first dot) when every
/// checked file finds exactly one source that way, else by position when the counts agree.
pub fn pair_sources(files: &[PathBuf], sources: &[PathBuf]) -> Result<Vec<Option<usize>>, Error> {
    let base = |p: &Path| {
        p.file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.split('.').next())
            .unwrap_or("")
            .to_string()
    };
    let source_bases: Vec<String> = sources.iter().map(|p| base(p)).collect();
    let by_name: Vec<Option<usize>> = files
        .iter()
        .map(|f| {
            let b = base(f);
            let mut hits = source_bases
                .iter()
                .enumerate()
                .filter(|(_, s)| **s == b)
                .map(|(i, _)| i);
            match (hits.next(), hits.next()) {
                (Some(i), None) => Some(i),
                _ => None,
            }
        })
        .collect();
    if by_name.iter().all(Option::is_some) {
        return Ok(by_name);
    }
    if files.len() == sources.len() {
        return Ok((0..files.len()).map(Some).collect());
    }
    Err(Error::usage(
        "error-source-pairing",
        &[
            ("files", files.len().to_string()),
            ("sources", sources.len().to_string()),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_pair_by_name_then_by_order() {
        let p = |v: &[&str]| v.iter().map(PathBuf::from).collect::<Vec<_>>();
        let files = p(&["out/ep02.fa.srt", "out/ep01.fa.srt"]);
        let sources = p(&["src/ep01.srt", "src/ep02.zh-Hans.srt"]);
        assert_eq!(
            pair_sources(&files, &sources).unwrap(),
            vec![Some(1), Some(0)]
        );
        let files = p(&["a.fa.srt", "b.fa.srt"]);
        let sources = p(&["x.srt", "y.srt"]);
        assert_eq!(
            pair_sources(&files, &sources).unwrap(),
            vec![Some(0), Some(1)]
        );
        assert!(pair_sources(&files, &p(&["x.srt"])).is_err());
    }
}
