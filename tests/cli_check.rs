//! `subloc check`: exit codes on the samples, the faults of ep04 as samples/README.md lists them,
//! every output format (JSON deserialized, XML parsed, SARIF and GitHub lines checked), baselines,
//! severity overrides, language detection, many files in parallel and glossary compliance.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::cli_support::*;

/// The documented JSON report (README "subloc check --format json").
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    pub files: Vec<FileJson>,
    pub summary: Summary,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileJson {
    pub path: String,
    pub lang: String,
    pub lang_source: String,
    pub platform: String,
    #[serde(default)]
    pub error: Option<String>,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    pub rule: String,
    pub severity: String,
    pub cue: Option<u32>,
    pub start_ms: Option<i64>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub args: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize, PartialEq, Eq, Default)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
    pub total: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    pub files: usize,
    pub unreadable: usize,
    pub findings: Counts,
    pub by_file: BTreeMap<String, Counts>,
    pub by_rule: BTreeMap<String, Counts>,
}

/// `check --format json` with extra arguments; returns the exit code and the parsed report.
pub fn check_json(args: &[&str], files: &[PathBuf]) -> (i32, Report) {
    // Files first: `--source` takes every value up to the next option.
    let out = run(subloc()
        .args(["check", "--format", "json"])
        .args(files)
        .args(args));
    let report: Report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "check JSON does not match the documented shape: {e}\n{}\n{}",
            stdout(&out),
            stderr(&out)
        )
    });
    (code(&out), report)
}

/// Rule ids per cue of one file, for findings at warning level or above.
fn rules_per_cue(file: &FileJson) -> BTreeMap<u32, BTreeSet<String>> {
    let mut map: BTreeMap<u32, BTreeSet<String>> = BTreeMap::new();
    for f in &file.findings {
        if f.severity == "info" {
            continue;
        }
        let cue = f
            .cue
            .unwrap_or_else(|| panic!("finding without a cue: {f:?}"));
        map.entry(cue).or_default().insert(f.rule.clone());
    }
    map
}

#[test]
fn clean_episodes_pass_on_netflix() {
    for name in ["ep01.srt", "ep02.srt", "ep03.srt"] {
        let out = run(subloc()
            .args(["check", "--platform", "netflix"])
            .arg(sample(name)));
        assert_eq!(
            code(&out),
            0,
            "{name} should pass:\n{}{}",
            stdout(&out),
            stderr(&out)
        );
    }
    let (code, report) = check_json(&["--platform", "netflix"], &[sample("ep01.srt")]);
    assert_eq!(code, 0);
    let file = &report.files[0];
    assert_eq!(file.lang, "zh-Hans");
    assert_eq!(file.lang_source, "script");
    assert_eq!(file.platform, "netflix");
    assert!(
        file.findings.iter().all(|f| f.severity != "error"),
        "{:?}",
        file.findings
    );
    // What is left are warnings about the italic cues samples/README.md lists (Netflix's
    // Simplified Chinese rules use no italics; the source of that rule is a QC tool, so it warns).
    let italic: BTreeSet<u32> = file
        .findings
        .iter()
        .filter(|f| f.rule == "italics-forbidden")
        .map(|f| f.cue.unwrap())
        .collect();
    assert_eq!(italic, BTreeSet::from([11, 39, 40, 41, 57]));
    assert!(
        file.findings.iter().all(|f| f.rule == "italics-forbidden"),
        "{:?}",
        file.findings
    );
}

#[test]
fn ep04_reports_the_faults_the_samples_readme_lists() {
    let (code, report) = check_json(&["--platform", "netflix"], &[sample("ep04_qc_faults.srt")]);
    assert_eq!(code, 1);
    let file = &report.files[0];
    // samples/README.md, "ep04_qc_faults.srt: deliberate faults". An overlap is reported on the
    // cue that starts inside the one before it. Cues 19 and 29 are also italic, which Netflix's
    // Simplified Chinese rules do not use (a warning: the rule's source is a QC tool).
    let expected: BTreeMap<u32, &[&str]> = BTreeMap::from([
        (6, &["timing-overlap"][..]),
        (12, &["timing-zero-duration"][..]),
        (14, &["timing-min-duration"][..]),
        (16, &["timing-overlap"][..]),
        (19, &["timing-max-duration", "italics-forbidden"][..]),
        (21, &["timing-min-gap"][..]),
        (24, &["text-max-chars-per-line"][..]),
        (27, &["text-max-lines"][..]),
        (29, &["markup-unbalanced", "italics-forbidden"][..]),
        (31, &["reading-speed"][..]),
        (33, &["timing-out-of-order"][..]),
    ]);
    let found = rules_per_cue(file);
    let expected: BTreeMap<u32, BTreeSet<String>> = expected
        .into_iter()
        .map(|(c, r)| (c, r.iter().map(|s| s.to_string()).collect()))
        .collect();
    assert_eq!(found, expected);
    // Every listed fault is an error except the markup, which only warns; the italics warn.
    for f in &file.findings {
        let want = if f.rule == "markup-unbalanced" || f.rule == "italics-forbidden" {
            "warning"
        } else {
            "error"
        };
        assert_eq!(f.severity, want, "{f:?}");
    }
    // Times and measured values from the README table.
    let at = |cue: u32, rule: &str| {
        file.findings
            .iter()
            .find(|f| f.cue == Some(cue) && f.rule == rule)
            .unwrap()
    };
    assert_eq!(at(6, "timing-overlap").start_ms, Some(12_190));
    assert_eq!(at(33, "timing-out-of-order").start_ms, Some(69_142));
    assert_eq!(at(12, "timing-zero-duration").start_ms, Some(27_940));
    let overlap = &at(16, "timing-overlap").args;
    assert!(overlap.values().any(|v| v == "600"), "{overlap:?}");
    assert!(at(6, "timing-overlap").line.is_some());
    // Columns, where a rule knows one, are 1-based.
    assert!(
        file.findings
            .iter()
            .all(|f| f.column.is_none_or(|c| c >= 1))
    );
    // The summary agrees with the findings.
    let total = file.findings.len();
    assert_eq!(report.summary.findings.total, total);
    assert_eq!(report.summary.files, 1);
    assert_eq!(report.summary.by_file[&file.path].total, total);
    assert_eq!(report.summary.by_rule["timing-overlap"].error, 2);
}

#[test]
fn human_report_has_positions_and_summaries_per_file_and_rule() {
    let out = run(subloc()
        .args(["check", "--platform", "netflix"])
        .arg(sample("ep04_qc_faults.srt"))
        .arg(sample("ep01.srt")));
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    let shown = sample("ep04_qc_faults.srt").display().to_string();
    assert!(
        text.lines().any(|l| l.starts_with(&format!("{shown}:"))
            && l.contains("cue 6 00:00:12,190 timing-overlap error:")),
        "{text}"
    );
    assert!(text.contains("Files") && text.contains("Rules"), "{text}");
    assert!(
        text.contains("language zh-Hans (detected from the script)"),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.trim_start().starts_with("reading-speed")),
        "{text}"
    );
    // Persian UI.
    let out = run(subloc()
        .args(["--ui-lang", "fa-IR", "check", "--platform", "netflix"])
        .arg(sample("ep04_qc_faults.srt")));
    assert!(stdout(&out).contains("قطعهٔ 6"), "{}", stdout(&out));
}

#[test]
fn machine_formats_agree_with_the_json_report() {
    let file = sample("ep04_qc_faults.srt");
    let (_, report) = check_json(&["--platform", "netflix"], std::slice::from_ref(&file));
    let findings = &report.files[0].findings;
    let errors = findings.iter().filter(|f| f.severity == "error").count();
    let render = |format: &str| {
        let out = run(subloc()
            .args(["check", "--platform", "netflix", "--format", format])
            .arg(&file));
        assert_eq!(code(&out), 1, "{format}: {}", stderr(&out));
        stdout(&out)
    };

    // JUnit: well-formed XML, one failing test case per error finding.
    let junit = render("junit");
    let (elements, failures) = xml_elements(&junit, "failure");
    assert!(elements.contains("testsuites") && elements.contains("testcase"));
    assert_eq!(failures, errors, "{junit}");

    // SARIF 2.1.0: one result per finding, each with a rule id and a line.
    let sarif: serde_json::Value = serde_json::from_str(&render("sarif")).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), findings.len());
    for (r, f) in results.iter().zip(findings) {
        assert_eq!(r["ruleId"], f.rule.as_str());
        let line = &r["locations"][0]["physicalLocation"]["region"]["startLine"];
        assert_eq!(line.as_u64(), f.line.map(u64::from), "{r}");
    }
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(rules.iter().all(|r| r["id"].is_string()));

    // GitHub annotations: one workflow command per finding, with file and line.
    let github = render("github");
    let lines: Vec<&str> = github.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(lines.len(), findings.len(), "{github}");
    for (l, f) in lines.iter().zip(findings) {
        let level = if f.severity == "error" {
            "error"
        } else {
            "warning"
        };
        assert!(l.starts_with(&format!("::{level} file=")), "{l}");
        assert!(l.contains(&format!("title={}::", f.rule)), "{l}");
    }

    // HTML: self-contained, one SVG timeline per file, a row per finding.
    let dir = tempfile::tempdir().unwrap();
    let html_path = dir.path().join("report.html");
    let out = run(subloc()
        .args(["check", "--platform", "netflix", "--format", "html", "-o"])
        .arg(&html_path)
        .arg(&file)
        .arg(sample("ep01.srt")));
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).is_empty(), "the report went to the file");
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(html.matches("<svg").count(), 2);
    assert!(!html.contains("src=\"http"), "no external resources");
    for f in findings {
        assert!(html.contains(&f.rule), "{} missing", f.rule);
    }
}

/// Parses `xml` to the end (panicking if it is not well-formed); returns the element names seen
/// and how many `count` elements there were.
pub fn xml_elements(xml: &str, count: &str) -> (BTreeSet<String>, usize) {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut names = BTreeSet::new();
    let mut n = 0;
    let mut depth = 0i32;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e)) => {
                depth += 1;
                let name = e.name().as_ref().to_string();
                n += usize::from(name == count);
                names.insert(name);
            }
            Ok(quick_xml::events::Event::Empty(e)) => {
                let name = e.name().as_ref().to_string();
                n += usize::from(name == count);
                names.insert(name);
            }
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed at {}: {e}", reader.error_position()),
        }
    }
    assert_eq!(depth, 0, "unbalanced elements");
    (names, n)
}

/// A copy of `name` from the samples in `dir` under `as_name`.
fn copy_sample(dir: &Path, name: &str, as_name: &str) -> PathBuf {
    let to = dir.join(as_name);
    std::fs::copy(sample(name), &to).unwrap();
    to
}

#[test]
fn baseline_round_trip_accepts_old_findings_and_catches_new_ones() {
    let dir = tempfile::tempdir().unwrap();
    let episode = copy_sample(dir.path(), "ep04_qc_faults.srt", "ep04.srt");
    let baseline = dir.path().join("baseline.json");
    let out = run(subloc()
        .args(["check", "--platform", "netflix", "--write-baseline"])
        .arg(&baseline)
        .arg(&episode));
    assert_eq!(code(&out), 0, "writing a baseline is not a failure");
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&baseline).unwrap()).unwrap();
    assert_eq!(written["version"], 1);
    assert!(!written["findings"].as_array().unwrap().is_empty());

    let (code, report) = check_json(
        &[
            "--platform",
            "netflix",
            "--baseline",
            baseline.to_str().unwrap(),
        ],
        std::slice::from_ref(&episode),
    );
    assert_eq!(code, 0, "{:?}", report.files[0].findings);
    assert!(report.files[0].findings.is_empty());
    assert_eq!(report.summary.findings.total, 0);

    // A new fault after the baseline: only it is reported, and it fails the gate.
    let mut text = std::fs::read_to_string(&episode).unwrap();
    text.push_str(&format!(
        "\n37\n00:01:40,000 --> 00:01:44,000\n{}\n",
        "琉璃".repeat(15)
    ));
    std::fs::write(&episode, text).unwrap();
    let (code, report) = check_json(
        &[
            "--platform",
            "netflix",
            "--baseline",
            baseline.to_str().unwrap(),
        ],
        std::slice::from_ref(&episode),
    );
    assert_eq!(code, 1);
    let cues: BTreeSet<Option<u32>> = report.files[0].findings.iter().map(|f| f.cue).collect();
    assert_eq!(
        cues,
        BTreeSet::from([Some(37)]),
        "{:?}",
        report.files[0].findings
    );
    assert!(
        report.files[0]
            .findings
            .iter()
            .any(|f| f.rule == "text-max-chars-per-line")
    );
    // A baseline that is not one is a usage error.
    std::fs::write(&baseline, "[1, 2]").unwrap();
    let out = run(subloc()
        .args(["check", "--platform", "netflix", "--baseline"])
        .arg(&baseline)
        .arg(&episode));
    assert_eq!(code_of(&out), 2);
}

fn code_of(out: &std::process::Output) -> i32 {
    code(out)
}

#[test]
fn severity_overrides_and_max_severity() {
    let file = sample("ep04_qc_faults.srt");
    let (_, plain) = check_json(&["--platform", "netflix"], std::slice::from_ref(&file));
    let (code, changed) = check_json(
        &[
            "--platform",
            "netflix",
            "--severity",
            "reading-speed=off",
            "--severity",
            "timing-overlap=warning,timing-min-gap=info",
        ],
        std::slice::from_ref(&file),
    );
    assert_eq!(code, 1);
    let findings = &changed.files[0].findings;
    assert!(findings.iter().all(|f| f.rule != "reading-speed"));
    let overlaps: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule == "timing-overlap")
        .collect();
    assert_eq!(overlaps.len(), 2);
    assert!(overlaps.iter().all(|f| f.severity == "warning"));
    assert!(
        findings
            .iter()
            .filter(|f| f.rule == "timing-min-gap")
            .all(|f| f.severity == "info")
    );
    assert_eq!(findings.len(), plain.files[0].findings.len() - 1);

    // Nothing fails when errors are allowed; everything fails when notes are not.
    let (code, _) = check_json(
        &["--platform", "netflix", "--max-severity", "error"],
        std::slice::from_ref(&file),
    );
    assert_eq!(code, 0);
    // ep01's only findings are the italics warnings: they fail at --max-severity info unless
    // the rule is lowered to a note.
    let (code, _) = check_json(
        &["--platform", "netflix", "--max-severity", "info"],
        &[sample("ep01.srt")],
    );
    assert_eq!(code, 1);
    let (code, _) = check_json(
        &[
            "--platform",
            "netflix",
            "--max-severity",
            "info",
            "--severity",
            "italics-forbidden=info",
        ],
        &[sample("ep01.srt")],
    );
    assert_eq!(code, 0, "ep01 has no findings above info");

    // Typos are usage errors that name the valid choices.
    let out = run(subloc()
        .args([
            "check",
            "--platform",
            "netflix",
            "--severity",
            "reading-sped=off",
        ])
        .arg(&file));
    assert_eq!(code_of(&out), 2);
    assert!(stderr(&out).contains("reading-speed"), "{}", stderr(&out));
    let out = run(subloc()
        .args([
            "check",
            "--platform",
            "netflix",
            "--severity",
            "reading-speed=loud",
        ])
        .arg(&file));
    assert_eq!(code_of(&out), 2);
    let out = run(subloc().args(["check", "--platform", "netflux"]).arg(&file));
    assert_eq!(code_of(&out), 2);
    assert!(stderr(&out).contains("netflix"), "{}", stderr(&out));
    let out = run(subloc().args(["check"]).arg(&file));
    assert_eq!(code_of(&out), 2, "no platform");
}

#[test]
fn the_language_comes_from_the_flag_the_name_or_the_script() {
    let dir = tempfile::tempdir().unwrap();
    let named = copy_sample(dir.path(), "ep01.srt", "ep01.zh-Hant.srt");
    let plain = copy_sample(dir.path(), "ep01.srt", "ep01.srt");
    let (_, report) = check_json(&["--platform", "netflix"], &[named.clone(), plain.clone()]);
    assert_eq!(report.files[0].lang, "zh-Hant");
    assert_eq!(report.files[0].lang_source, "name");
    assert_eq!(report.files[1].lang, "zh-Hans");
    assert_eq!(report.files[1].lang_source, "script");
    let (_, report) = check_json(&["--platform", "netflix", "--lang", "zh-Hans"], &[named]);
    assert_eq!(report.files[0].lang, "zh-Hans");
    assert_eq!(report.files[0].lang_source, "flag");
    // The language picks the limits: 16 characters per line for zh-Hans, 42 for English.
    let (_, report) = check_json(
        &["--platform", "netflix", "--lang", "en"],
        &[sample("ep04_qc_faults.srt")],
    );
    assert!(
        report.files[0]
            .findings
            .iter()
            .all(|f| f.rule != "text-max-chars-per-line"),
        "30 characters fit the English limit"
    );
}

#[test]
fn many_files_in_parallel_keep_their_order_and_an_unreadable_one_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (i, name) in ["ep01.srt", "ep02.srt", "ep03.srt", "ep04_qc_faults.srt"]
        .iter()
        .cycle()
        .take(10)
        .enumerate()
    {
        files.push(copy_sample(dir.path(), name, &format!("f{i:02}.srt")));
    }
    let (code, report) = check_json(&["--platform", "netflix", "--jobs", "2"], &files);
    assert_eq!(code, 1);
    let paths: Vec<&str> = report.files.iter().map(|f| f.path.as_str()).collect();
    let given: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    assert_eq!(paths, given);
    assert_eq!(report.summary.files, 10);
    assert_eq!(report.summary.by_file.len(), 10);
    // Copies of the same episode give the same findings, whichever thread checked them.
    assert_eq!(
        report.files[3].findings.len(),
        report.files[7].findings.len()
    );
    let (_, serial) = check_json(&["--platform", "netflix", "--jobs", "1"], &files);
    assert_eq!(serial.summary.findings, report.summary.findings);

    let mut with_missing = files.clone();
    with_missing.insert(1, dir.path().join("missing.srt"));
    let (code, report) = check_json(&["--platform", "netflix"], &with_missing);
    assert_eq!(code, 2);
    assert_eq!(report.summary.unreadable, 1);
    assert!(report.files[1].error.is_some());
    assert_eq!(report.files.len(), 11);
}

#[test]
fn glossary_compliance_joins_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("ep09.srt");
    std::fs::write(
        &source,
        "1\n00:00:01,000 --> 00:00:03,000\n琉璃之约\n\n2\n00:00:04,000 --> 00:00:06,000\n我在北京\n\n3\n00:00:07,000 --> 00:00:09,000\n法尔哈德来了\n",
    )
    .unwrap();
    let translation = dir.path().join("ep09.en.srt");
    std::fs::write(
        &translation,
        "1\n00:00:01,000 --> 00:00:03,000\nThe Glaze Pact\n\n2\n00:00:04,000 --> 00:00:06,000\nI was in Peking.\n\n3\n00:00:07,000 --> 00:00:09,000\nFarhad is here.\n",
    )
    .unwrap();
    let glossary = series_glossary();
    let (code, report) = check_json(
        &[
            "--platform",
            "youtube",
            "--glossary",
            glossary.to_str().unwrap(),
            "--source",
            source.to_str().unwrap(),
        ],
        std::slice::from_ref(&translation),
    );
    assert_eq!(code, 1, "{:?}", report.files[0].findings);
    let file = &report.files[0];
    assert_eq!(file.lang, "en");
    let glossary_findings: BTreeSet<(u32, &str)> = file
        .findings
        .iter()
        .filter(|f| f.rule.starts_with("glossary-"))
        .map(|f| (f.cue.unwrap(), f.rule.as_str()))
        .collect();
    assert_eq!(
        glossary_findings,
        BTreeSet::from([(2, "glossary-forbidden-term"), (2, "glossary-missing-term")])
    );
    let forbidden = file
        .findings
        .iter()
        .find(|f| f.rule == "glossary-forbidden-term")
        .unwrap();
    assert_eq!(forbidden.args["term"], "beijing");
    assert_eq!(forbidden.args["found"], "Peking");
    // The severity flags work on glossary rules as on any other.
    let (code, _) = check_json(
        &[
            "--platform",
            "youtube",
            "--glossary",
            glossary.to_str().unwrap(),
            "--source",
            source.to_str().unwrap(),
            "--severity",
            "glossary-forbidden-term=warning,glossary-missing-term=off",
        ],
        std::slice::from_ref(&translation),
    );
    assert_eq!(code, 0);
    // More sources than can be paired is a usage error.
    let out = run(subloc()
        .args(["check", "--platform", "youtube", "--source"])
        .arg(&source)
        .arg(&source)
        .arg("--")
        .arg(&translation));
    assert_eq!(code_of(&out), 2, "{}", stderr(&out));
}

#[test]
fn check_of_a_folder_checks_its_subtitle_files_and_quiet_prints_only_errors() {
    let out = run(subloc()
        .args([
            "--ui-lang",
            "en-US",
            "check",
            "--platform",
            "netflix",
            "--format",
            "json",
        ])
        .arg(series().join("samples")));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<String> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    // The five samples in natural order, none unreadable (the folder is not "a file").
    assert_eq!(paths.len(), 5, "{paths:?}");
    assert!(
        paths[0].ends_with("ep01.ass") && paths[4].ends_with("ep04_qc_faults.srt"),
        "{paths:?}"
    );
    assert_eq!(json["summary"]["unreadable"], 0);
    assert_eq!(code(&out), 1, "ep04 has errors");

    let quiet = run(subloc()
        .args(["--ui-lang", "en-US", "-q", "check", "--platform", "netflix"])
        .arg(sample("ep04_qc_faults.srt")));
    let text = stdout(&quiet);
    assert!(text.contains(" error: "), "{text}");
    assert!(
        !text.contains(" warning: "),
        "-q printed a warning:\n{text}"
    );
    assert!(!text.contains("Files"), "-q printed the summaries:\n{text}");
    assert_eq!(code(&quiet), 1);
}

#[test]
fn a_baseline_matches_when_check_runs_from_another_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("ci")).unwrap();
    std::fs::create_dir_all(dir.path().join("sub")).unwrap();
    copy_sample(dir.path(), "ep04_qc_faults.srt", "ep04.srt");
    let out = run(subloc().current_dir(dir.path()).args([
        "check",
        "--platform",
        "netflix",
        "--write-baseline",
        "ci/baseline.json",
        "ep04.srt",
    ]));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let written = std::fs::read_to_string(dir.path().join("ci/baseline.json")).unwrap();
    // Stored relative to the baseline's own folder.
    assert!(written.contains("\"path\": \"../ep04.srt\""), "{written}");
    // From a subfolder, the same file is `../ep04.srt`: every finding is still accepted.
    let out = run(subloc().current_dir(dir.path().join("sub")).args([
        "check",
        "--platform",
        "netflix",
        "--baseline",
        "../ci/baseline.json",
        "../ep04.srt",
    ]));
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
}
