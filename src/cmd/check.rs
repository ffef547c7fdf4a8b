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

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::deliver::{self, Check, FileJob, Input};
use crate::glossary::compliance::Compliance;
use crate::i18n::Localizer;
use crate::model::Track;
use crate::platform::Audience;
use crate::report::{Baseline, CheckReport, FileReport};

use super::{Error, Settings, file_language, read_track, show, write_atomic};

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
    let read = settings.read_options();
    // Glossary compliance: sources read once, before the parallel part.
    let (glossary, pairing, source_tracks) = if req.sources.is_empty() {
        (None, Vec::new(), Vec::new())
    } else {
        let g = settings.required_glossary()?;
        let pairing = pair_sources(req.files, req.sources)?;
        let mut tracks = Vec::with_capacity(req.sources.len());
        for p in req.sources {
            tracks.push(
                crate::format::read_file(p, &read)
                    .map_err(Error::Read)?
                    .track,
            );
        }
        (Some(&g.glossary), pairing, tracks)
    };
    let sources: Vec<Option<&Track>> = if glossary.is_some() {
        pairing
            .iter()
            .map(|i| i.and_then(|i| source_tracks.get(i)))
            .collect()
    } else {
        vec![None; req.files.len()]
    };
    let one = |path: &Path, source: Option<&Track>| -> Result<FileReport, Error> {
        let loaded = read_track(path, &read)?;
        let (tag, lang_source) = file_language(settings.lang(), path, &loaded.track);
        let limits = settings
            .profiles()
            .resolve(platform, tag.as_ref(), Audience::Adult)
            .map_err(Error::Profile)?;
        let lang = tag
            .as_ref()
            .map_or_else(|| "und".to_string(), ToString::to_string);
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
            }),
            ..FileJob::default()
        };
        let input = Input {
            track: loaded.track,
            diagnostics: loaded.diagnostics,
        };
        // Only writing can fail, and this job does not write.
        deliver::run(input, &job)
            .map_err(|e| Error::read(path, e))
            .map(|d| d.report.unwrap_or_default())
    };
    let files = in_parallel(req.files, req.jobs, |i, path| {
        one(path, sources.get(i).copied().flatten())
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
            write_atomic(path, Baseline::from_report(&report).to_json().as_bytes())?;
            Some(report.summary.findings.total)
        }
        None => None,
    };
    let accepted = match req.baseline {
        Some(path) => {
            let text = super::read_text(path)?;
            let baseline = Baseline::from_json(&text).map_err(|e| {
                Error::usage(
                    "error-baseline",
                    &[("path", show(path)), ("detail", e.to_string())],
                )
            })?;
            baseline.filter(&mut report)
        }
        None => 0,
    };
    Ok(Checked {
        report,
        accepted,
        recorded,
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

/// `work` over every path with `jobs` threads; the results are in the order of `paths`.
fn in_parallel<T: Send>(
    paths: &[PathBuf],
    jobs: usize,
    work: impl Fn(usize, &Path) -> T + Sync,
) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let workers = jobs.clamp(1, paths.len().max(1));
    let mut done: Vec<(usize, T)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = paths.get(i) else { break };
                        mine.push((i, work(i, path)));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, t)| t).collect()
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

    #[test]
    fn results_keep_the_order_of_the_files() {
        let paths: Vec<PathBuf> = (0..20).map(|i| PathBuf::from(format!("{i}"))).collect();
        let out = in_parallel(&paths, 3, |i, p| (i, p.display().to_string()));
        for (k, (i, shown)) in out.iter().enumerate() {
            assert_eq!((*i, shown.as_str()), (k, k.to_string().as_str()));
        }
    }
}
