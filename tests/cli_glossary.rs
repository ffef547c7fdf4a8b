//! `subloc glossary`: lint positions and exit codes, scan on the samples, the review sheet, the
//! partner round trip through `apply` (including a refused conflicting row), TBX export and CSV
//! import.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::cli_support::*;

/// Number of terms in the bundled glossary, counted from its text (not through subloc).
fn sample_term_ids() -> Vec<String> {
    std::fs::read_to_string(series_glossary())
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("  - id: "))
        .map(|id| id.trim().to_string())
        .collect()
}

/// A copy of the sample glossary in a fresh folder (commands that write must not touch the repo).
fn glossary_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("glossary.yaml");
    std::fs::copy(series_glossary(), &path).unwrap();
    (dir, path)
}

#[test]
fn lint_passes_the_sample_glossary_with_its_one_warning() {
    for extra in [&[][..], &["--lang", "fa,en,ar"][..]] {
        let out = run(subloc().args(["glossary", "lint"]).args(extra));
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let text = stdout(&out);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1, "{text}");
        assert!(
            lines[0].starts_with("glossary.yaml:")
                && lines[0].contains("warning glossary-no-rendering")
                && lines[0].contains("liuli")
                && lines[0].contains(" fa"),
            "{text}"
        );
        let terms = sample_term_ids().len();
        assert!(
            stderr(&out).contains(&format!("{terms} terms, no errors, 1 warning")),
            "{}",
            stderr(&out)
        );
    }
    // Declaring only English: every term has an English rendering.
    let out = run(subloc().args(["glossary", "lint", "--lang", "en"]));
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), "", "{}", stdout(&out));
}

/// `# expect: rule @line:col` and `# declared: a, b` lines at the top of a lint fixture.
fn expectations(text: &str) -> (BTreeSet<(String, u32, u32)>, Vec<String>) {
    let mut expected = BTreeSet::new();
    let mut declared = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# expect: ") {
            let mut parts = rest.split_whitespace();
            let rule = parts.next().unwrap().to_string();
            let (l, c) = parts
                .next()
                .unwrap()
                .trim_start_matches('@')
                .split_once(':')
                .unwrap();
            expected.insert((rule, l.parse().unwrap(), c.parse().unwrap()));
        } else if let Some(rest) = line.strip_prefix("# declared: ") {
            declared = rest.split(',').map(|s| s.trim().to_string()).collect();
        }
    }
    (expected, declared)
}

#[test]
fn lint_reports_every_problem_of_broken_fixtures_with_positions() {
    let dir = fixture("glossary").join("lint");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let (expected, declared) = expectations(&text);
        let mut cmd = subloc();
        cmd.args(["glossary", "lint", "--glossary"]).arg(&path);
        if !declared.is_empty() {
            cmd.args(["--lang", &declared.join(",")]);
        }
        let out = run(&mut cmd);
        let shown = path.display().to_string();
        let mut found = BTreeSet::new();
        for line in stdout(&out).lines() {
            // path:line:col: severity rule: message
            let rest = line.strip_prefix(&format!("{shown}:")).unwrap_or_else(|| {
                panic!("{line} does not start with the path {shown}");
            });
            let mut it = rest.splitn(3, ':');
            let l: u32 = it.next().unwrap().parse().unwrap();
            let c: u32 = it.next().unwrap().parse().unwrap();
            let rule = it.next().unwrap().split_whitespace().nth(1).unwrap();
            found.insert((rule.trim_end_matches(':').to_string(), l, c));
        }
        assert_eq!(found, expected, "{}", path.display());
        let has_error = text.contains("# expect: ") && !text.contains("no-rendering");
        assert_eq!(
            code(&out),
            if has_error { 1 } else { 0 },
            "{}: {}",
            path.display(),
            stderr(&out)
        );
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} fixtures");
}

#[test]
fn lint_of_a_broken_glossary_written_here() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("glossary.yaml");
    let text = "version: 1\nsource: zh-Hans\nterms:\n  - id: kiln\n    source: 窑\n    kind: craft\n    targets:\n      en: {status: approved}\n  - id: kiln\n    source: 窑炉\n    kind: craft\n    targets:\n      fa: {text: کوره, status: approved, updated: 14.11.2026}\n";
    std::fs::write(&path, text).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let line_of = |needle: &str| lines.iter().position(|l| l.contains(needle)).unwrap() + 1;
    let out = run(subloc()
        .args(["glossary", "lint", "--glossary"])
        .arg(&path)
        .args(["--ui-lang", "en-US"]));
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let report = stdout(&out);
    let shown = path.display().to_string();
    let second_id = line_of("source: 窑炉") - 1;
    for (line, rule) in [
        (
            line_of("en: {status: approved}"),
            "glossary-approved-without-text",
        ),
        (second_id, "glossary-duplicate-id"),
        (line_of("14.11.2026"), "glossary-bad-date"),
    ] {
        let prefix = format!("{shown}:{line}:");
        assert!(
            report
                .lines()
                .any(|l| l.starts_with(&prefix) && l.contains(&format!("error {rule}"))),
            "{rule} at line {line}:\n{report}"
        );
    }
    assert!(
        report.contains("line 4"),
        "the first use of the id: {report}"
    );
    assert!(report.contains("“14.11.2026”"), "{report}");
    assert!(stderr(&out).contains("3 errors"), "{}", stderr(&out));
    // An unknown key is reported with the keys that are allowed.
    std::fs::write(
        &path,
        text.replace(
            "    kind: craft\n    targets:\n      en",
            "    kind: craft\n    colour: red\n    targets:\n      en",
        ),
    )
    .unwrap();
    let out = run(subloc().args(["glossary", "lint", "--glossary"]).arg(&path));
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out).starts_with(&format!("{shown}:7:5: error glossary-unknown-key: unknown key “colour”; expected one of: id, source,")),
        "{}",
        stdout(&out)
    );
    // Persian UI: same positions, localized words.
    let out = run(subloc()
        .args(["--ui-lang", "fa-IR", "glossary", "lint", "--glossary"])
        .arg(&path));
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).contains("خطا"), "{}", stdout(&out));
}

#[test]
fn scan_lists_every_term_with_its_places() {
    let episodes: Vec<PathBuf> = ["ep01.srt", "ep02.srt", "ep03.srt", "ep04_qc_faults.srt"]
        .iter()
        .map(|n| sample(n))
        .collect();
    let out = run(subloc()
        .args(["glossary", "scan", "--format", "json"])
        .args(&episodes));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids = sample_term_ids();
    let terms = json["terms"].as_array().unwrap();
    assert_eq!(terms.len(), ids.len());
    // samples/README.md: every term occurs at least once in ep01–ep04.
    for t in terms {
        assert!(t["count"].as_u64().unwrap() >= 1, "{}", t["term"]);
        assert!(ids.contains(&t["term"].as_str().unwrap().to_string()));
    }
    // The catchphrase 火候到了 釉自然就亮了: ep01 cue 4, ep02 cue 2, ep03 cue 48, ep04 cue 17.
    let fire = terms
        .iter()
        .find(|t| t["term"] == "catchphrase-fire")
        .unwrap();
    let places: Vec<(u64, u64)> = fire["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["track"].as_u64().unwrap(), o["cue"].as_u64().unwrap()))
        .collect();
    assert_eq!(places, vec![(0, 4), (1, 2), (2, 48), (3, 17)]);
    assert_eq!(fire["per_track"], serde_json::json!([1, 1, 1, 1]));
    // 琉璃之约 (the series title) in ep01 cue 46, ep02 cue 4 and ep03 cue 55.
    let title = terms.iter().find(|t| t["term"] == "series-title").unwrap();
    let cues: Vec<u64> = title["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["cue"].as_u64().unwrap())
        .collect();
    assert_eq!(cues, vec![46, 4, 55]);

    // The human report names every term and where it was found.
    let out = run(subloc().args(["glossary", "scan"]).args(&episodes));
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    for id in &ids {
        assert!(text.contains(id.as_str()), "{id} missing:\n{text}");
    }
    assert!(text.contains("ep01.srt:14 cue 4"), "{text}");
    assert!(
        text.contains(&format!("{n} of {n} terms found in 4 files", n = ids.len())),
        "{text}"
    );
}

#[test]
fn scan_writes_candidates_only_to_the_separate_file() {
    let (dir, glossary) = glossary_copy();
    let before = std::fs::read(&glossary).unwrap();
    let candidates = dir.path().join("candidates.yaml");
    let out = run(subloc()
        .args(["glossary", "scan", "--glossary"])
        .arg(&glossary)
        .arg("--candidates-out")
        .arg(&candidates)
        .args([sample("ep01.srt"), sample("ep02.srt"), sample("ep03.srt")]));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        std::fs::read(&glossary).unwrap(),
        before,
        "glossary changed"
    );
    let text = std::fs::read_to_string(&candidates).unwrap();
    assert!(text.contains("status: proposed"), "{text}");
    assert!(!text.contains("status: approved"), "{text}");
    // 屏风 (the screen) recurs in every episode and is not a glossary term.
    assert!(text.contains("source: 屏风"), "{text}");
    // The candidates file is itself a loadable glossary.
    let out = run(subloc()
        .args(["glossary", "lint", "--glossary"])
        .arg(&candidates));
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    // Never into the glossary itself.
    let out = run(subloc()
        .args(["glossary", "scan", "--glossary"])
        .arg(&glossary)
        .arg("--candidates-out")
        .arg(&glossary)
        .arg(sample("ep01.srt")));
    assert_eq!(code(&out), 2);
    assert_eq!(std::fs::read(&glossary).unwrap(), before);
}

#[test]
fn review_writes_the_page_and_the_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("review");
    let out = run(subloc()
        .args(["glossary", "review", "--lang", "fa", "--episodes"])
        .args([sample("ep01.srt"), sample("ep02.srt")])
        .arg("--out")
        .arg(&out_dir));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let ids = sample_term_ids();
    let html = std::fs::read_to_string(out_dir.join("fa.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..80]);
    assert!(html.contains("پیمان لعاب"), "the fa rendering of the title");
    for id in &ids {
        assert!(html.contains(id.as_str()), "{id} not on the page");
    }
    let csv = std::fs::read_to_string(out_dir.join("fa.csv")).unwrap();
    assert!(csv.starts_with('\u{feff}'), "UTF-8 BOM for spreadsheets");
    let rows = parse_csv(&csv);
    assert_eq!(rows.len(), ids.len() + 1);
    assert_eq!(rows[0][0].trim_start_matches('\u{feff}'), "term_id");
    let listed: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(listed, ids.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(stderr(&out).contains("fa.html"), "{}", stderr(&out));

    // Translations must pair with episodes one to one.
    let out = run(subloc()
        .args(["glossary", "review", "--lang", "fa", "--episodes"])
        .args([sample("ep01.srt"), sample("ep02.srt")])
        .arg("--translations")
        .arg(sample("ep01.srt"))
        .arg("--out")
        .arg(&out_dir));
    assert_eq!(code(&out), 2);
}

/// Minimal RFC 4180 reader for the tests (quoted cells, doubled quotes, CRLF).
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

fn write_csv(rows: &[Vec<String>]) -> String {
    let mut out = String::from("\u{feff}");
    for r in rows {
        let cells: Vec<String> = r
            .iter()
            .map(|c| {
                if c.contains([',', '"', '\n']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.clone()
                }
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

fn column(rows: &[Vec<String>], name: &str) -> usize {
    rows[0]
        .iter()
        .position(|h| h.trim_start_matches('\u{feff}') == name)
        .unwrap()
}

/// The glossary text without the enamel-filling term and the kiln `fa:` line, and those two.
fn split_out(text: &str) -> (Vec<String>, Vec<String>, String) {
    let lines: Vec<String> = text.lines().map(String::from).collect();
    let start = lines
        .iter()
        .position(|l| l == "  - id: enamel-filling")
        .unwrap();
    let end = start
        + 1
        + lines[start + 1..]
            .iter()
            .position(|l| l.starts_with("  - id: "))
            .unwrap();
    let kiln_start = lines.iter().position(|l| l == "  - id: kiln").unwrap();
    let kiln = kiln_start
        + lines[kiln_start..]
            .iter()
            .position(|l| l.trim_start().starts_with("fa: {"))
            .unwrap();
    let mut rest = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if !(start..end).contains(&i) && i != kiln {
            rest.push(l.clone());
        }
    }
    (rest, lines[start..end].to_vec(), lines[kiln].clone())
}

fn review_sheet(glossary: &Path, dir: &Path) -> Vec<Vec<String>> {
    let out = run(subloc()
        .args(["glossary", "review", "--lang", "fa", "--glossary"])
        .arg(glossary)
        .arg("--out")
        .arg(dir));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    parse_csv(&std::fs::read_to_string(dir.join("fa.csv")).unwrap())
}

#[test]
fn review_round_trip_merges_decisions_and_refuses_a_conflict() {
    let (dir, glossary) = glossary_copy();
    let mut rows = review_sheet(&glossary, &dir.path().join("sheet"));
    let (decision, corrected, reviewer, comment, status) = (
        column(&rows, "decision"),
        column(&rows, "corrected_text"),
        column(&rows, "reviewer"),
        column(&rows, "comment"),
        column(&rows, "status"),
    );
    let row_of = |rows: &[Vec<String>], id: &str| rows.iter().position(|r| r[0] == id).unwrap();
    // A partner approves a proposed rendering, corrects one and approves a third…
    let filling = row_of(&rows, "enamel-filling");
    assert_eq!(rows[filling][status], "proposed");
    rows[filling][decision] = "approve".into();
    rows[filling][reviewer] = "Negin Karimi".into();
    rows[filling][comment] = "matches the museum catalogue".into();
    let kiln = row_of(&rows, "kiln");
    rows[kiln][decision] = "correct".into();
    rows[kiln][corrected] = "کورهٔ سفال".into();
    let glaze = row_of(&rows, "glaze");
    rows[glaze][decision] = "approve".into();
    let edited = dir.path().join("fa.reviewed.csv");
    std::fs::write(&edited, write_csv(&rows)).unwrap();
    // …while someone at home changes the glaze rendering after the sheet was made.
    let original = std::fs::read_to_string(&glossary).unwrap();
    let changed_at_home = original.replacen(
        "fa: {text: لعاب, variants",
        "fa: {text: لعاب سفال, variants",
        1,
    );
    assert_ne!(changed_at_home, original);
    std::fs::write(&glossary, &changed_at_home).unwrap();

    // Dry run: shows the changes, writes nothing.
    let out = run(subloc()
        .args([
            "glossary",
            "apply",
            "--dry-run",
            "--date",
            "2026-12-01",
            "--reviewer",
            "Sara Ahmadi",
            "--glossary",
        ])
        .arg(&glossary)
        .arg(&edited));
    assert_eq!(code(&out), 1, "a refused row fails: {}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&glossary).unwrap(), changed_at_home);
    assert!(!glossary.with_extension("yaml.bak").exists());
    let shown = stdout(&out);
    assert!(shown.contains("enamel-filling [fa]"), "{shown}");

    let out = run(subloc()
        .args([
            "glossary",
            "apply",
            "--date",
            "2026-12-01",
            "--reviewer",
            "Sara Ahmadi",
            "--glossary",
        ])
        .arg(&glossary)
        .arg(&edited));
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let report = stdout(&out);
    let glaze_line = report.lines().find(|l| l.contains("glaze [fa]")).unwrap();
    assert!(glaze_line.contains("refused"), "{report}");
    assert!(
        glaze_line.contains("لعاب سفال"),
        "the current text is shown: {report}"
    );
    assert!(report.contains("matches the museum catalogue"), "{report}");

    // Backup = the text before apply; the new text differs exactly in the decided entries.
    let backup = dir.path().join("glossary.yaml.bak");
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), changed_at_home);
    let after = std::fs::read_to_string(&glossary).unwrap();
    let (old_rest, old_filling, old_kiln) = split_out(&changed_at_home);
    let (new_rest, new_filling, new_kiln) = split_out(&after);
    assert_eq!(
        new_rest, old_rest,
        "lines outside the decided entries changed"
    );
    let fa_part = |block: &[String]| -> Vec<String> {
        block
            .iter()
            .skip_while(|l| l.trim() != "fa:")
            .take_while(|l| l.trim() != "ar:")
            .cloned()
            .collect()
    };
    assert_eq!(
        fa_part(&new_filling),
        [
            "      fa:",
            "        text: پر کردن مینا",
            "        variants: [مینا را پر]",
            "        status: approved",
            "        reviewer: Negin Karimi",
            "        updated: 2026-12-01",
            "        comments:",
            "          - {reviewer: Negin Karimi, date: 2026-12-01, text: matches the museum catalogue}",
        ]
        .map(String::from)
        .to_vec(),
        "was {:?}",
        fa_part(&old_filling)
    );
    assert!(
        new_kiln.contains("text: کورهٔ سفال")
            && new_kiln.contains("status: approved")
            && new_kiln.contains("reviewer: Sara Ahmadi")
            && new_kiln.contains("updated: 2026-12-01"),
        "{old_kiln} → {new_kiln}"
    );
    assert!(
        after.contains("fa: {text: لعاب سفال, variants"),
        "the conflict row was not applied"
    );

    // A fresh sheet shows the merged state.
    let rows = review_sheet(&glossary, &dir.path().join("sheet2"));
    let current = column(&rows, "current_text");
    assert_eq!(rows[row_of(&rows, "enamel-filling")][status], "approved");
    assert_eq!(rows[row_of(&rows, "kiln")][current], "کورهٔ سفال");
    assert_eq!(rows[row_of(&rows, "glaze")][current], "لعاب سفال");
    let out = run(subloc()
        .args(["glossary", "lint", "--glossary"])
        .arg(&glossary));
    assert_eq!(code(&out), 0, "{}", stdout(&out));
}

#[test]
fn apply_rejects_a_bad_date_and_a_sheet_without_columns() {
    let (dir, glossary) = glossary_copy();
    let csv = dir.path().join("x.csv");
    std::fs::write(&csv, "term,lang\nkiln,fa\n").unwrap();
    let out = run(subloc()
        .args(["glossary", "apply", "--date", "1.12.2026", "--glossary"])
        .arg(&glossary)
        .arg(&csv));
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("YYYY-MM-DD"), "{}", stderr(&out));
    let out = run(subloc()
        .args(["glossary", "apply", "--glossary"])
        .arg(&glossary)
        .arg(&csv));
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("term_id"), "{}", stderr(&out));
}

#[test]
fn export_tbx_is_well_formed_xml_with_every_term() {
    let out = run(subloc().args(["glossary", "export", "--format", "tbx"]));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut concepts = Vec::new();
    let mut langs = BTreeSet::new();
    let mut depth = 0i32;
    let attr = |e: &quick_xml::events::BytesStart<'_>, name: &str| {
        e.attributes()
            .map(|a| a.unwrap())
            .find(|a| a.key.as_ref() == name)
            .map(|a| a.value.to_string())
    };
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e)) => {
                depth += 1;
                if e.name().as_ref() == "conceptEntry" {
                    concepts.push(attr(&e, "id").unwrap());
                }
                if e.name().as_ref() == "langSec" {
                    langs.insert(attr(&e, "xml:lang").unwrap());
                }
            }
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed at {}: {e}", reader.error_position()),
        }
    }
    assert_eq!(depth, 0, "unbalanced elements");
    // Every term has an approved rendering somewhere, so every term is a concept.
    assert_eq!(concepts, sample_term_ids());
    assert_eq!(
        langs,
        ["ar", "en", "fa", "zh-Hans"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    );
    assert!(text.contains("<term>پیمان لعاب</term>"), "fa title");

    // CSV for DeepL: source,target per line, one target language.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fa.csv");
    let out = run(subloc()
        .args([
            "glossary", "export", "--format", "csv", "--lang", "fa", "-o",
        ])
        .arg(&file));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let csv = std::fs::read_to_string(&file).unwrap();
    assert!(csv.lines().any(|l| l == "琉璃之约,پیمان لعاب"), "{csv}");
    assert!(
        !csv.contains("پر کردن مینا"),
        "proposed renderings are not exported by default"
    );
    let out = run(subloc().args(["glossary", "export", "--format", "csv"]));
    assert_eq!(code(&out), 2, "csv needs one --lang");
}

#[test]
fn import_adds_proposed_entries_and_keeps_a_backup() {
    let (dir, glossary) = glossary_copy();
    let before = std::fs::read_to_string(&glossary).unwrap();
    let csv = dir.path().join("de.csv");
    std::fs::write(&csv, "琉璃之约,Der Glaspakt\n窑,Brennofen\n").unwrap();
    let out = run(subloc()
        .args([
            "glossary",
            "import",
            "--lang",
            "de",
            "--date",
            "2026-12-02",
            "--glossary",
        ])
        .arg(&glossary)
        .arg(&csv));
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains("series-title [de]"),
        "{}",
        stdout(&out)
    );
    let after = std::fs::read_to_string(&glossary).unwrap();
    assert!(after.contains("Der Glaspakt") && after.contains("Brennofen"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("glossary.yaml.bak")).unwrap(),
        before
    );
    // The imported entries are proposals, not approvals.
    let export = |extra: &[&str]| {
        let out = run(subloc()
            .args([
                "glossary",
                "export",
                "--format",
                "csv",
                "--lang",
                "de",
                "--glossary",
            ])
            .arg(&glossary)
            .args(extra));
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        stdout(&out)
    };
    assert!(!export(&[]).contains("Der Glaspakt"));
    assert!(
        export(&["--include-proposed"])
            .lines()
            .any(|l| l == "琉璃之约,Der Glaspakt")
    );
    // A second import of the same file changes nothing.
    let out = run(subloc()
        .args(["glossary", "import", "--lang", "de", "--glossary"])
        .arg(&glossary)
        .arg(&csv));
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert_eq!(std::fs::read_to_string(&glossary).unwrap(), after);
}

/// `--glossary` names the file outright: the glossary commands then do not read subloc.yaml, so
/// a broken configuration does not stop a partner; without the flag the configuration is read
/// (it may name the glossary) and its error is reported.
#[test]
fn a_broken_configuration_does_not_stop_a_named_glossary() {
    let (dir, path) = glossary_copy();
    std::fs::write(dir.path().join("subloc.yaml"), "platfrom: netflix\n").unwrap();
    let named = run(subloc()
        .current_dir(dir.path())
        .args(["glossary", "lint", "--glossary"])
        .arg(&path));
    assert_eq!(code(&named), 0, "{}", stderr(&named));
    let found = run(subloc().current_dir(dir.path()).args(["glossary", "lint"]));
    assert_eq!(code(&found), 2, "{}", stderr(&found));
    assert!(stderr(&found).contains("platfrom"), "{}", stderr(&found));
}

/// `glossary export --format tbx2008` writes the `martif` document older CAT tools read, and
/// `glossary import` reads it back (detecting the edition) into the same entries as the v3 file.
#[test]
fn tbx_2008_export_and_import_round_trip_like_v3() {
    let dir = tempfile::tempdir().unwrap();
    let empty =
        "version: 1\nsource: zh-Hans\nterms:\n  - id: kiln\n    source: 窑\n    kind: craft\n";
    let mut imported = Vec::new();
    for format in ["tbx", "tbx2008"] {
        let file = dir.path().join(format!("{format}.tbx"));
        let out = run(subloc()
            .args(["glossary", "export", "--format", format, "-o"])
            .arg(&file));
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let text = std::fs::read_to_string(&file).unwrap();
        let root = if format == "tbx" {
            "<tbx type=\"TBX-Basic\""
        } else {
            "<martif type=\"TBX-Basic\""
        };
        assert!(text.contains(root), "{text}");
        let glossary = dir.path().join(format!("{format}.yaml"));
        std::fs::write(&glossary, empty).unwrap();
        let out = run(subloc()
            .args(["glossary", "import", "--date", "2026-12-03", "--glossary"])
            .arg(&glossary)
            .arg(&file));
        assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
        imported.push(std::fs::read_to_string(&glossary).unwrap());
    }
    assert!(imported[0].contains("liuli"), "{}", imported[0]);
    assert_eq!(imported[0], imported[1]);
}

/// `text` as Excel's plain "CSV (Comma delimited)" saves it on a Windows whose ANSI code page is
/// `enc`: no BOM, and every character the code page lacks (here the Chinese source forms)
/// written as `?`.
fn saved_by_excel_in(enc: &'static encoding_rs::Encoding, text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for ch in text.trim_start_matches('\u{feff}').chars() {
        let mut buf = [0u8; 4];
        let (bytes, _, unmappable) = enc.encode(ch.encode_utf8(&mut buf));
        if unmappable {
            out.push(b'?');
        } else {
            out.extend_from_slice(&bytes);
        }
    }
    out
}

#[test]
fn apply_reads_a_sheet_excel_saved_in_windows_1256_and_keeps_the_comments() {
    let (dir, glossary) = glossary_copy();
    let mut rows = review_sheet(&glossary, &dir.path().join("sheet"));
    let (decision, corrected, reviewer, comment) = (
        column(&rows, "decision"),
        column(&rows, "corrected_text"),
        column(&rows, "reviewer"),
        column(&rows, "comment"),
    );
    let row_of = |rows: &[Vec<String>], id: &str| rows.iter().position(|r| r[0] == id).unwrap();
    // Text windows-1256 can carry (it has no Persian ی or ۳: those become `?`).
    let kiln = row_of(&rows, "kiln");
    rows[kiln][decision] = "correct".into();
    rows[kiln][corrected] = "کوره سفالگر".into();
    rows[kiln][reviewer] = "نگار".into();
    rows[kiln][comment] = "در قسمت سوم «کوره‌ها» جمع است.".into();
    // A rendering with a letter the code page lacks comes back with `?`: refused, not merged.
    let gold = row_of(&rows, "glaze");
    rows[gold][decision] = "correct".into();
    rows[gold][corrected] = "لعاب سفالی".into();
    rows[gold][reviewer] = "Negin Karimi".into();
    // A comment without a decision: recorded, nothing else changes.
    let enamel = row_of(&rows, "enamel-filling");
    rows[enamel][reviewer] = "Negin Karimi".into();
    rows[enamel][comment] = "Ask the director: glaze or enamel?".into();
    let edited = dir.path().join("fa.csv");
    let bytes = saved_by_excel_in(encoding_rs::WINDOWS_1256, &write_csv(&rows));
    assert!(std::str::from_utf8(&bytes).is_err(), "not UTF-8 any more");
    std::fs::write(&edited, bytes).unwrap();

    let out = run(subloc()
        .args(["glossary", "apply", "--date", "2026-12-01", "--glossary"])
        .arg(&glossary)
        .arg(&edited));
    assert_eq!(code(&out), 1, "{}{}", stdout(&out), stderr(&out));
    let shown = stdout(&out);
    let lines: Vec<&str> = shown.lines().map(str::trim).collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("row ") && l.contains("glaze [fa]: refused: ")),
        "{lines:?}"
    );
    assert!(
        stderr(&out).contains("legacy code page windows-1256")
            && stderr(&out).contains("CSV UTF-8"),
        "{}",
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("comment recorded"),
        "{}",
        stdout(&out)
    );

    // The glossary now holds the correction and both comments, with reviewer and date, and
    // `glossary lint` accepts it.
    let lint = run(subloc()
        .args(["glossary", "lint", "--glossary"])
        .arg(&glossary));
    assert_eq!(code(&lint), 0, "{}", stderr(&lint));
    let text = std::fs::read_to_string(&glossary).unwrap();
    assert!(
        text.contains("fa: {text: کوره سفالگر, variants"),
        "the correction, decoded:\n{text}"
    );
    assert!(
        text.contains(
            "comments: [{reviewer: نگار, date: 2026-12-01, text: در قسمت سوم «کوره‌ها» جمع است.}]"
        ),
        "{text}"
    );
    assert!(
        !text.contains("لعاب سفال?"),
        "the garbled rendering is not merged"
    );
    assert!(text.contains(
        "{reviewer: Negin Karimi, date: 2026-12-01, text: \"Ask the director: glaze or enamel?\"}"
    ));
    // The next sheet shows them to the partner.
    let page_dir = dir.path().join("next");
    review_sheet(&glossary, &page_dir);
    let html = std::fs::read_to_string(page_dir.join("fa.html")).unwrap();
    assert!(html.contains("<q dir=\"auto\">Ask the director: glaze or enamel?</q>"));
    assert!(html.contains("<bdi>نگار</bdi>"));
}

#[test]
fn apply_refuses_a_sheet_whose_encoding_cannot_be_told_and_says_how_to_save_it() {
    let (dir, glossary) = glossary_copy();
    let before = std::fs::read(&glossary).unwrap();
    // Broken UTF-8 among good text: no code page reads it as one language.
    let mut bytes =
        "term_id,lang,base_fingerprint,decision,corrected_text\r\nkiln,fa,x,correct,کوره"
            .as_bytes()
            .to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe, 0x81, b'\r', b'\n']);
    let sheet = dir.path().join("fa.csv");
    std::fs::write(&sheet, bytes).unwrap();
    let out = run(subloc()
        .args(["glossary", "apply", "--glossary"])
        .arg(&glossary)
        .arg(&sheet));
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("is not UTF-8"), "{err}");
    assert!(err.contains("“CSV UTF-8 (Comma delimited)”"), "{err}");
    assert_eq!(std::fs::read(&glossary).unwrap(), before);
}
