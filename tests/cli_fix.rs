//! `subloc fix`: fix then check leaves nothing a safe fix could reach, fixing twice equals fixing
//! once, `--dry-run` shows the diff and writes nothing, where the output goes, and clean files
//! come back byte for byte.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::cli_check::check_json;
use crate::cli_support::*;

/// Rules `fix` works on (timing with `--retime`, line layout, punctuation, direction marks).
const FIXABLE: &[&str] = &[
    "timing-overlap",
    "timing-min-duration",
    "timing-max-duration",
    "timing-min-gap",
    "text-max-lines",
    "text-max-chars-per-line",
    "reading-speed",
    "punct-forbidden",
    "punct-line-end",
    "punct-arabic-script",
    "punct-space-before",
    "punct-ellipsis",
    "rtl-line-end-mark",
];

fn copy_to(dir: &Path, name: &str, as_name: &str) -> PathBuf {
    let to = dir.join(as_name);
    std::fs::copy(sample(name), &to).unwrap();
    to
}

/// `(cue, rule)` of the lines `fix` prints for what it could not fix safely.
fn unfixable(stdout: &str) -> BTreeSet<(u32, String)> {
    stdout
        .lines()
        .filter(|l| l.contains("no safe fix"))
        .map(|l| {
            let after = l.split(" cue ").nth(1).unwrap();
            let mut it = after.split_whitespace();
            let cue: u32 = it.next().unwrap().parse().unwrap();
            let rule = it.next().unwrap().trim_end_matches(':').to_string();
            (cue, rule)
        })
        .collect()
}

#[test]
fn fix_then_check_leaves_no_fixable_finding() {
    let dir = tempfile::tempdir().unwrap();
    let episode = copy_to(dir.path(), "ep04_qc_faults.srt", "ep04.srt");
    let before = std::fs::read(&episode).unwrap();
    let out = run(subloc()
        .args([
            "--ui-lang",
            "en-US",
            "fix",
            "--platform",
            "netflix",
            "--retime",
        ])
        .arg(&episode));
    assert!(code(&out) <= 1, "{}", stderr(&out));
    let fixed = dir.path().join("ep04.fixed.srt");
    assert!(fixed.is_file(), "default output next to the input");
    assert_eq!(
        std::fs::read(&episode).unwrap(),
        before,
        "the source is kept"
    );
    let left = unfixable(&stdout(&out));
    assert_eq!(code(&out), if left.is_empty() { 0 } else { 1 });

    let (_, before_report) = check_json(&["--platform", "netflix"], std::slice::from_ref(&episode));
    let (_, report) = check_json(&["--platform", "netflix"], std::slice::from_ref(&fixed));
    let remaining: Vec<(u32, String)> = report.files[0]
        .findings
        .iter()
        .filter(|f| FIXABLE.contains(&f.rule.as_str()))
        .map(|f| (f.cue.unwrap(), f.rule.clone()))
        .filter(|k| !left.contains(k))
        .collect();
    assert!(
        remaining.is_empty(),
        "fixable findings left: {remaining:?}\n{}",
        stdout(&out)
    );
    let fixable_before = before_report.files[0]
        .findings
        .iter()
        .filter(|f| FIXABLE.contains(&f.rule.as_str()))
        .count();
    let fixable_after = report.files[0]
        .findings
        .iter()
        .filter(|f| FIXABLE.contains(&f.rule.as_str()))
        .count();
    assert!(
        fixable_after < fixable_before,
        "{fixable_before} → {fixable_after}"
    );
    // Overlaps, the gap and the long cue (README: cues 5→6, 15→16, 20→21, 19) are gone.
    for (cue, rule) in [
        (6, "timing-overlap"),
        (16, "timing-overlap"),
        (21, "timing-min-gap"),
        (19, "timing-max-duration"),
        (27, "text-max-lines"),
    ] {
        assert!(
            !report.files[0]
                .findings
                .iter()
                .any(|f| f.cue == Some(cue) && f.rule == rule),
            "{rule} on cue {cue} was not fixed"
        );
    }
}

#[test]
fn fix_twice_equals_fix_once() {
    let dir = tempfile::tempdir().unwrap();
    let episode = copy_to(dir.path(), "ep04_qc_faults.srt", "ep04.srt");
    for retime in [false, true] {
        let once = dir.path().join("once.srt");
        let twice = dir.path().join("twice.srt");
        let mut first = subloc();
        first
            .args(["fix", "--platform", "netflix", "-o"])
            .arg(&once)
            .arg(&episode);
        let mut second = subloc();
        second
            .args(["fix", "--platform", "netflix", "-o"])
            .arg(&twice)
            .arg(&once);
        if retime {
            first.arg("--retime");
            second.arg("--retime");
        }
        assert!(code(&run(&mut first)) <= 1);
        let out = run(&mut second);
        assert!(code(&out) <= 1);
        assert_eq!(
            std::fs::read(&once).unwrap(),
            std::fs::read(&twice).unwrap(),
            "retime={retime}"
        );
        assert!(
            stderr(&out).contains(": 0 changes"),
            "retime={retime}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn dry_run_prints_the_diff_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let episode = copy_to(dir.path(), "ep04_qc_faults.srt", "ep04.srt");
    let out = run(subloc()
        .args(["fix", "--platform", "netflix", "--retime", "--dry-run"])
        .arg(&episode));
    assert!(code(&out) <= 1);
    let entries: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(entries.len(), 1, "nothing written");
    let diff = stdout(&out);
    // Cue 5 ends at 00:00:12,590, 400 ms into cue 6 (samples/README.md).
    assert!(
        diff.lines()
            .any(|l| l.contains("cue 5 end: 00:00:12,590 → ") && l.ends_with("(timing-overlap)")),
        "{diff}"
    );
    // Cue 27 has three lines: its text changes.
    assert!(
        diff.lines()
            .any(|l| l.contains("cue 27 text: “") && l.contains("(text-max-lines)")),
        "{diff}"
    );
    assert!(
        stderr(&out).contains("nothing was written"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn outputs_in_place_into_a_folder_or_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let a = copy_to(dir.path(), "ep04_qc_faults.srt", "a.fa.srt");
    let b = copy_to(dir.path(), "ep01.srt", "b.srt");
    let out_dir = dir.path().join("fixed");
    let out = run(subloc()
        .args(["fix", "--platform", "netflix", "--lang", "zh-Hans", "--out"])
        .arg(&out_dir)
        .arg(&a)
        .arg(&b));
    assert!(code(&out) <= 1, "{}", stderr(&out));
    assert!(out_dir.join("a.fa.srt").is_file() && out_dir.join("b.srt").is_file());
    // A clean file comes back byte for byte.
    assert_eq!(
        std::fs::read(out_dir.join("b.srt")).unwrap(),
        std::fs::read(sample("ep01.srt")).unwrap()
    );
    // The default name keeps the language tag last.
    let out = run(subloc()
        .args(["fix", "--platform", "netflix", "--lang", "zh-Hans"])
        .arg(&a));
    assert!(code(&out) <= 1);
    assert!(dir.path().join("a.fixed.fa.srt").is_file());
    // -o takes one input only.
    let out = run(subloc()
        .args(["fix", "--platform", "netflix", "-o"])
        .arg(dir.path().join("x.srt"))
        .arg(&a)
        .arg(&b));
    assert_eq!(code(&out), 2);
    // --in-place overwrites the input with what --out wrote.
    let expected = std::fs::read(out_dir.join("a.fa.srt")).unwrap();
    let out = run(subloc()
        .args([
            "fix",
            "--platform",
            "netflix",
            "--lang",
            "zh-Hans",
            "--in-place",
        ])
        .arg(&a));
    assert!(code(&out) <= 1);
    assert_eq!(std::fs::read(&a).unwrap(), expected);
    // Writing onto the input without --in-place is refused.
    let out = run(subloc()
        .args(["fix", "--platform", "netflix", "-o"])
        .arg(&b)
        .arg(&b));
    assert_eq!(code(&out), 2);
    let out = run(subloc()
        .args(["fix", "--in-place", "--out"])
        .arg(&out_dir)
        .arg(&a));
    assert_eq!(code(&out), 2, "conflicting options");
}

/// New texts of the `--dry-run` diff lines (`… → “new” (rule)`), line breaks as `⏎`.
fn new_texts(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|l| l.split(" → “").nth(1))
        .filter_map(|rest| rest.rsplit_once("” (").map(|(t, _)| t.to_string()))
        .collect()
}

/// Whether a `⏎` of `text` falls strictly inside an occurrence of `word`.
fn splits(text: &str, word: &str) -> bool {
    let joined = text.replace('⏎', "");
    let mut ends = Vec::new();
    let mut at = 0;
    for part in text.split('⏎') {
        at += part.len();
        ends.push(at);
    }
    joined
        .match_indices(word)
        .any(|(i, w)| ends.iter().any(|&e| e > i && e < i + w.len()))
}

#[test]
fn line_breaks_never_split_glossary_terms() {
    // The sample episode with the sample glossary (found upwards from the working directory).
    let out = run(subloc().args([
        "fix",
        "--platform",
        "netflix",
        "--dry-run",
        "samples/ep04_qc_faults.srt",
    ]));
    let texts = new_texts(&stdout(&out));
    assert!(
        texts
            .iter()
            .any(|t| t == "丝绸之路上的每一块砖和每一片琉璃⏎都还记得当年走过的商人和驼队"),
        "cue 24: {texts:?}"
    );
    for t in &texts {
        for word in ["琉璃", "掐丝珐琅", "景德镇", "丝绸之路", "伊斯法罕"] {
            assert!(!splits(t, word), "{word} split in {t}");
        }
    }

    // 32 characters on two lines of 16: the only layout that fits cuts 和田玉 after 和. With the
    // term in the glossary of the working directory, the cue is left for a person instead.
    let text = "这一整面屏风上面一块一块镶满了和田玉还有景德镇运来的青花琉璃瓦片";
    let glossary = |term: &str| {
        format!(
            "version: 1\nsource: zh-Hans\nterms:\n  - id: t\n    source: {term}\n    kind: craft\n"
        )
    };
    let fix_in = |term: &str| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("glossary.yaml"), glossary(term)).unwrap();
        let srt = dir.path().join("ep.srt");
        std::fs::write(&srt, format!("1\n00:00:01,000 --> 00:00:05,000\n{text}\n")).unwrap();
        let out = run(subloc()
            .current_dir(dir.path())
            .args([
                "fix",
                "--platform",
                "netflix",
                "--lang",
                "zh-Hans",
                "--dry-run",
            ])
            .arg(&srt));
        (code(&out), stdout(&out))
    };
    let (status, shown) = fix_in("和田玉");
    assert_eq!(status, 1, "{shown}");
    assert!(new_texts(&shown).is_empty(), "{shown}");
    assert!(shown.contains("text-max-chars-per-line"), "{shown}");
    let (status, shown) = fix_in("琉璃瓦");
    assert_eq!(status, 0, "{shown}");
    assert_eq!(
        new_texts(&shown),
        vec!["这一整面屏风上面一块一块镶满了和⏎田玉还有景德镇运来的青花琉璃瓦片"]
    );
}
