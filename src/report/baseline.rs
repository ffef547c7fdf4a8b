//! Baselines: a JSON file of accepted findings, so a CI can adopt the gate on an old catalogue and
//! fail only on new problems (`--write-baseline`, then `--baseline`).
//!
//! A finding is keyed by (path, rule, start time of its cue, fingerprint of its arguments). Line
//! numbers and cue ids are left out on purpose: inserting one cue near the top of a file renumbers
//! everything below it, and the baseline must survive that. For the same reason argument names
//! that carry a position (`line`, `column`, `cue`, `*-cue`, `*_cue`) are left out of the
//! fingerprint. Identical keys are counted, so a baseline accepting one of two identical findings
//! still reports the other.
//!
//! Paths in the file are relative to the baseline file's own folder (`rebase`), so a baseline
//! committed beside the subtitles matches whether CI runs `check` from the repository root or from
//! a subfolder; `./` and `..` are resolved before comparing.

use std::collections::BTreeMap;

use super::CheckReport;
use crate::diag::Diagnostic;

/// Version of the baseline file format.
const VERSION: u32 = 1;

/// One accepted finding (or `count` identical ones).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineEntry {
    /// The path with `\` turned into `/`, and a leading `./` removed.
    pub path: String,
    pub rule: String,
    /// Start of the cue the finding is about, when it is about one.
    pub start_ms: Option<i64>,
    /// FNV-1a 64 of the finding's non-positional arguments, 16 hex digits.
    pub args: String,
    pub count: u32,
}

/// Accepted findings, sorted so the file diffs cleanly in review.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<BaselineEntry>,
}

/// Why a baseline file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("the baseline is not valid JSON for subloc: {0}")]
    Json(#[from] serde_json::Error),
    #[error("baseline version {found} is not supported (expected {expected})")]
    Version { found: u32, expected: u32 },
}

pub(super) type Key = (String, String, Option<i64>, String);

pub(super) fn finding_key(path: &str, start_ms: Option<i64>, d: &Diagnostic) -> Key {
    (
        normalize_path(path),
        d.rule.to_string(),
        start_ms,
        args_fingerprint(d),
    )
}

/// `/` separators, `.` components dropped and `dir/..` folded (lexically: a path that leaves its
/// start keeps its leading `..`).
fn normalize_path(path: &str) -> String {
    let p = path.replace('\\', "/");
    let absolute = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|l| *l != "..") => {
                parts.pop();
            }
            ".." if absolute => {}
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

/// `path` (relative to `from`, or absolute) made relative to `to`; both folders absolute.
/// Paths on another root (a Windows drive) stay absolute.
fn rebase_path(path: &str, from: &std::path::Path, to: &std::path::Path) -> String {
    let abs = normalize_path(&from.join(path.replace('\\', "/")).to_string_lossy());
    let base = normalize_path(&to.to_string_lossy());
    let a: Vec<&str> = abs.split('/').filter(|x| !x.is_empty()).collect();
    let b: Vec<&str> = base.split('/').filter(|x| !x.is_empty()).collect();
    if !abs.starts_with('/') || !base.starts_with('/') {
        return abs;
    }
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out: Vec<&str> = vec![".."; b.len() - common];
    out.extend(&a[common..]);
    out.join("/")
}

fn is_positional(name: &str) -> bool {
    matches!(name, "line" | "column" | "cue") || name.ends_with("-cue") || name.ends_with("_cue")
}

/// A fingerprint that does not depend on argument order and is stable across Rust releases
/// (unlike `DefaultHasher`), because baselines are committed and outlive the binary.
fn args_fingerprint(d: &Diagnostic) -> String {
    let mut args: Vec<(&str, &str)> = d
        .args
        .iter()
        .filter(|(k, _)| !is_positional(k))
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    args.sort_unstable();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (k, v) in args {
        for b in k.bytes().chain([0]).chain(v.bytes()).chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

impl Baseline {
    /// Accepts every finding in `report`.
    pub fn from_report(report: &CheckReport) -> Baseline {
        let mut counts: BTreeMap<Key, u32> = BTreeMap::new();
        for (file, d) in report.findings() {
            let k = finding_key(&file.path, file.finding_start(d), d);
            *counts.entry(k).or_default() += 1;
        }
        let findings = counts
            .into_iter()
            .map(|((path, rule, start_ms, args), count)| BaselineEntry {
                path,
                rule,
                start_ms,
                args,
                count,
            })
            .collect();
        Baseline {
            version: VERSION,
            findings,
        }
    }

    /// The file's text: pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        match serde_json::to_string_pretty(self) {
            Ok(mut s) => {
                s.push('\n');
                s
            }
            // Plain strings and integers cannot fail to serialize.
            Err(_) => String::new(),
        }
    }

    pub fn from_json(text: &str) -> Result<Baseline, BaselineError> {
        let b: Baseline = serde_json::from_str(text)?;
        if b.version != VERSION {
            return Err(BaselineError::Version {
                found: b.version,
                expected: VERSION,
            });
        }
        Ok(b)
    }

    /// Makes every entry's path, read relative to the folder `from`, relative to the folder `to`
    /// (both absolute): from the working directory to the baseline's folder when writing, back
    /// when reading.
    pub fn rebase(&mut self, from: &std::path::Path, to: &std::path::Path) {
        for e in &mut self.findings {
            e.path = rebase_path(&e.path, from, to);
        }
        self.findings.sort();
    }

    /// [`filter`](Self::filter) for a baseline read from the folder `dir` in a run whose working
    /// directory is `cwd` (both absolute): entries and checked files are compared as absolute
    /// paths, whichever way each was written.
    pub fn filter_from(
        &self,
        report: &mut CheckReport,
        dir: &std::path::Path,
        cwd: &std::path::Path,
    ) -> usize {
        let mut abs = self.clone();
        for e in &mut abs.findings {
            e.path = normalize_path(&dir.join(&e.path).to_string_lossy());
        }
        let shown: Vec<String> = report.files.iter().map(|f| f.path.clone()).collect();
        for f in &mut report.files {
            f.path = normalize_path(&cwd.join(&f.path).to_string_lossy());
        }
        let removed = abs.filter(report);
        for (f, path) in report.files.iter_mut().zip(shown) {
            f.path = path;
        }
        removed
    }

    /// Removes accepted findings from `report`, recomputes its summary, and returns how many were
    /// removed.
    pub fn filter(&self, report: &mut CheckReport) -> usize {
        let mut remaining: BTreeMap<Key, u32> = BTreeMap::new();
        for e in &self.findings {
            let k = (
                normalize_path(&e.path),
                e.rule.clone(),
                e.start_ms,
                e.args.clone(),
            );
            *remaining.entry(k).or_default() += e.count;
        }
        let mut removed = 0;
        for file in &mut report.files {
            let starts: Vec<Option<i64>> = file
                .findings
                .iter()
                .map(|d| file.finding_start(d))
                .collect();
            let path = file.path.clone();
            let mut i = 0;
            file.findings.retain(|d| {
                let start = starts.get(i).copied().flatten();
                i += 1;
                let k = finding_key(&path, start, d);
                match remaining.get_mut(&k) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        removed += 1;
                        false
                    }
                    _ => true,
                }
            });
        }
        report.recompute_summary();
        removed
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::sample_report;
    use super::super::{CheckReport, FileReport, LangSource, TimelinePoint};
    use super::*;
    use crate::diag::Severity;

    #[test]
    fn paths_are_kept_relative_to_the_baseline_file() {
        use std::path::Path;
        assert_eq!(normalize_path("./a/./b/../c.srt"), "a/c.srt");
        assert_eq!(normalize_path("../x\\y.srt"), "../x/y.srt");
        let repo = Path::new("/repo");
        // Written from the repository root into ci/baseline.json …
        assert_eq!(
            rebase_path("out/ep.srt", repo, Path::new("/repo/ci")),
            "../out/ep.srt"
        );
        // … read back from a subfolder: the same file under the path that folder uses.
        assert_eq!(
            rebase_path(
                "../out/ep.srt",
                Path::new("/repo/ci"),
                Path::new("/repo/out")
            ),
            "ep.srt"
        );
        let report = sample_report();
        let mut b = Baseline::from_report(&report);
        b.rebase(repo, Path::new("/repo/ci"));
        assert!(
            b.findings.iter().all(|e| e.path.starts_with("../")),
            "{b:?}"
        );
        // Read from another working directory: the files are named from there.
        let mut r = report.clone();
        for f in &mut r.files {
            f.path = format!("../{}", f.path);
        }
        let total = report.summary.findings.total;
        assert_eq!(
            b.filter_from(&mut r, Path::new("/repo/ci"), Path::new("/repo/sub")),
            total
        );
        assert!(
            r.files.iter().all(|f| f.path.starts_with("../")),
            "paths shown as given"
        );
    }

    #[test]
    fn round_trip_and_filter_everything() {
        let report = sample_report();
        let b = Baseline::from_report(&report);
        let text = b.to_json();
        let back = Baseline::from_json(&text).map_err(|e| e.to_string());
        assert_eq!(back.as_ref().ok(), Some(&b));
        let mut r = report.clone();
        let removed = b.filter(&mut r);
        assert_eq!(removed, report.summary.findings.total);
        assert_eq!(r.summary.findings.total, 0);
        assert!(r.summary.by_rule.is_empty());
        assert_eq!(r.exit_code(Severity::Warning), 0);
    }

    fn file_with(cues: &[(u32, i64)], findings: Vec<Diagnostic>) -> FileReport {
        let mut f = FileReport::new("./dir\\ep.fa.srt", "fa", LangSource::Name, "netflix");
        f.timeline = cues
            .iter()
            .map(|&(cue, start_ms)| TimelinePoint {
                cue,
                start_ms,
                end_ms: start_ms + 1000,
                cps: 10.0,
            })
            .collect();
        f.findings = findings;
        f
    }

    #[test]
    fn survives_renumbered_cues_and_shifted_lines() {
        let old = CheckReport::new(vec![file_with(
            &[(1, 1000), (2, 5000)],
            vec![
                Diagnostic::new("reading-speed-high", Severity::Error)
                    .at(5, 1)
                    .cue(2)
                    .arg("cps", "20")
                    .arg("line", "5"),
            ],
        )]);
        let b = Baseline::from_report(&old);
        // A cue was inserted before it: the same finding is now cue 3 on line 9, on a path
        // written the other way.
        let mut new_file = file_with(
            &[(1, 1000), (2, 3000), (3, 5000)],
            vec![
                Diagnostic::new("reading-speed-high", Severity::Error)
                    .at(9, 1)
                    .cue(3)
                    .arg("line", "9")
                    .arg("cps", "20"),
                Diagnostic::new("reading-speed-high", Severity::Error)
                    .at(5, 1)
                    .cue(2)
                    .arg("cps", "20"),
            ],
        );
        new_file.path = "dir/ep.fa.srt".to_string();
        let mut new = CheckReport::new(vec![new_file]);
        assert_eq!(b.filter(&mut new), 1);
        let left: Vec<Option<u32>> = new.files[0].findings.iter().map(|d| d.cue).collect();
        assert_eq!(left, vec![Some(2)], "the new finding at 3000 ms stays");
        assert_eq!(new.summary.findings.error, 1);
    }

    #[test]
    fn changed_arguments_are_a_new_finding_and_counts_are_respected() {
        let d = Diagnostic::new("max-lines", Severity::Warning)
            .cue(1)
            .arg("lines", "3");
        let old = CheckReport::new(vec![file_with(&[(1, 0)], vec![d.clone()])]);
        let b = Baseline::from_report(&old);
        let mut new = CheckReport::new(vec![file_with(
            &[(1, 0)],
            vec![
                d.clone(),
                d,
                Diagnostic::new("max-lines", Severity::Warning)
                    .cue(1)
                    .arg("lines", "4"),
            ],
        )]);
        assert_eq!(b.filter(&mut new), 1);
        assert_eq!(new.summary.findings.warning, 2);
    }

    #[test]
    fn rejects_unknown_version_and_fields() {
        assert!(matches!(
            Baseline::from_json(r#"{"version": 2, "findings": []}"#),
            Err(BaselineError::Version { found: 2, .. })
        ));
        assert!(matches!(
            Baseline::from_json(r#"{"version": 1, "findings": [], "extra": 1}"#),
            Err(BaselineError::Json(_))
        ));
        assert!(Baseline::from_json("not json").is_err());
    }

    #[test]
    fn fingerprint_ignores_argument_order() {
        let a = Diagnostic::new("r", Severity::Info)
            .arg("x", "1")
            .arg("y", "2");
        let b = Diagnostic::new("r", Severity::Info)
            .arg("y", "2")
            .arg("x", "1");
        let c = Diagnostic::new("r", Severity::Info)
            .arg("x", "2")
            .arg("y", "1");
        assert_eq!(args_fingerprint(&a), args_fingerprint(&b));
        assert_ne!(args_fingerprint(&a), args_fingerprint(&c));
    }
}
