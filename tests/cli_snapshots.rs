//! Snapshot tests of what `subloc` prints: for each command on the bundled samples and
//! `glossary.yaml`, the exit code, stdout and stderr of one run are locked together in one
//! `insta` snapshot under `tests/snapshots/` (one file per case, named after the case). They are
//! the safety net for restructurings that must change no behaviour: any change to a message, a
//! table, a report format or an exit code fails here and shows up as a diff.
//!
//! Every case runs in a fresh temporary folder holding copies of the samples and the glossary,
//! so every path printed is relative and stable, with an emptied environment (`LANG=C`, so the UI
//! is English unless a case asks for another language; `NO_COLOR=1`; no provider keys). What
//! truly varies from run to run is redacted by insta filters (see `settings`): the temporary
//! folder, the JUnit timestamp, the memory's write dates (in `memory stats` and the TMX export),
//! the TMX export's own date and the package version.
//!
//! Regenerate after an intended change, then review the diff before committing:
//!
//! ```sh
//! INSTA_UPDATE=always cargo test --test integration cli_snapshots
//! git diff tests/snapshots/
//! ```
//!
//! Snapshots are never edited by hand. Without `INSTA_UPDATE` a mismatch fails the test and
//! leaves a `.snap.new` beside the snapshot; under CI (`CI` set) insta writes nothing and only
//! fails. A test stops at its first mismatch; `INSTA_FORCE_PASS=1` lists them all.

use std::path::PathBuf;
use std::process::Output;

use crate::cli_support::{root, run, sample, series_glossary, subloc};

/// The samples every project folder gets, next to `glossary.yaml`.
const SAMPLES: [&str; 5] = [
    "ep01.srt",
    "ep01.ass",
    "ep02.srt",
    "ep03.srt",
    "ep04_qc_faults.srt",
];

/// A temporary project folder: copies of the samples and the glossary, and the place every
/// command of one case runs in (so later commands see what earlier ones wrote).
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new() -> Project {
        let dir = tempfile::tempdir().expect("temporary folder");
        for name in SAMPLES {
            std::fs::copy(sample(name), dir.path().join(name)).expect("copy a sample");
        }
        std::fs::copy(series_glossary(), dir.path().join("glossary.yaml"))
            .expect("copy the glossary");
        Project { dir }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn read(&self, rel: &str) -> String {
        let bytes = std::fs::read(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"));
        String::from_utf8(bytes).unwrap_or_else(|e| panic!("{rel} is not UTF-8: {e}"))
    }

    /// `subloc ARGS` in the project folder with an emptied environment plus `env`.
    fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = subloc();
        // Nothing of the machine may leak in: no locale, colour, provider key or proxy.
        cmd.env_clear()
            .env("LANG", "C")
            .env("NO_COLOR", "1")
            .current_dir(self.dir.path())
            .args(args);
        for (name, value) in env {
            cmd.env(name, value);
        }
        run(&mut cmd)
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_env(args, &[])
    }

    /// Runs `subloc ARGS` and compares exit code, stdout and stderr with snapshot `name`.
    fn snap(&self, name: &str, args: &[&str]) {
        self.snap_env(name, args, &[]);
    }

    fn snap_env(&self, name: &str, args: &[&str], env: &[(&str, &str)]) {
        let out = self.run_env(args, env);
        let mut command: Vec<String> = env.iter().map(|(k, v)| format!("{k}={v}")).collect();
        command.push("subloc".to_string());
        command.extend(args.iter().map(|a| a.to_string()));
        self.settings(&command.join(" "))
            .bind(|| insta::assert_snapshot!(name, render_output(&out)));
    }

    /// Compares the text file `rel` of the project folder with snapshot `name`.
    fn snap_file(&self, name: &str, rel: &str) {
        let text = visible(&self.read(rel));
        self.settings(&format!("contents of {rel}"))
            .bind(|| insta::assert_snapshot!(name, text));
    }

    /// Where the snapshots live, what they describe, and the redactions of what varies.
    fn settings(&self, description: &str) -> insta::Settings {
        let mut s = insta::Settings::clone_current();
        s.set_snapshot_path(root().join("tests").join("snapshots"));
        s.set_prepend_module_to_snapshot(false);
        s.set_omit_expression(true);
        s.set_description(description);
        // Paths are relative by construction; this only catches one that is not.
        let tmp = self.dir.path();
        let canonical = tmp.canonicalize().unwrap_or_else(|_| tmp.to_path_buf());
        for p in [canonical.as_path(), tmp] {
            s.add_filter(&regex_escape(&p.display().to_string()), "[TEMP]");
        }
        // JUnit carries the time the report was made.
        s.add_filter(
            r#"timestamp="\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}""#,
            r#"timestamp="[TIMESTAMP]""#,
        );
        // `memory stats` shows when its entries were written (today, in seconds or as a date).
        s.add_filter(
            r"Written from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}",
            "Written from [DATE] to [DATE]",
        );
        s.add_filter(r#""(oldest|newest)": \d+"#, r#""$1": [UNIX_TIME]"#);
        // TMX stamps the export and every unit with the time it was made.
        s.add_filter(r#"creationdate="\d{8}T\d{6}Z""#, r#"creationdate="[DATE]""#);
        // The package version (SARIF driver, TMX header) changes with every release.
        let version = regex_escape(env!("CARGO_PKG_VERSION"));
        s.add_filter(
            &format!(r#""(version|semanticVersion)": "{version}""#),
            r#""$1": "[VERSION]""#,
        );
        s.add_filter(
            &format!(r#"creationtoolversion="{version}""#),
            r#"creationtoolversion="[VERSION]""#,
        );
        s
    }
}

/// One case as ruff's `assert_cmd_snapshot!` shows it: exit code, then both streams verbatim.
/// The closing marker keeps a missing final newline of stderr visible (insta trims the end).
fn render_output(out: &Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    format!(
        "success: {}\nexit_code: {}\n----- stdout -----\n{}----- stderr -----\n{}----- end -----\n",
        out.status.success(),
        out.status.code().unwrap_or(-1),
        visible(&stdout),
        visible(&stderr),
    )
}

/// Characters a diff would not show, spelled out: carriage returns (insta normalizes CRLF, and
/// `convert`/`fix` promise to keep line endings), the byte-order mark, and the bidi controls that
/// right-to-left tracks carry on purpose. Zero-width non-joiners stay as they are: they belong
/// to Persian spelling, and spelling them out would make every Persian word unreadable.
fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let name = match c {
            '\r' => "␍",
            '\u{feff}' => "[BOM]",
            '\u{200e}' => "[LRM]",
            '\u{200f}' => "[RLM]",
            '\u{061c}' => "[ALM]",
            '\u{202a}' => "[LRE]",
            '\u{202b}' => "[RLE]",
            '\u{202c}' => "[PDF]",
            '\u{202d}' => "[LRO]",
            '\u{202e}' => "[RLO]",
            '\u{2066}' => "[LRI]",
            '\u{2067}' => "[RLI]",
            '\u{2068}' => "[FSI]",
            '\u{2069}' => "[PDI]",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(name);
    }
    out
}

/// A line diff of `before` and `after` without context: `-N: line` for a line removed from
/// line N of `before`, `+N: line` for one added as line N of `after` (longest common
/// subsequence; the files here are a few hundred lines, so the quadratic table is small).
fn changed_lines(before: &str, after: &str) -> String {
    let a: Vec<&str> = before.lines().collect();
    let b: Vec<&str> = after.lines().collect();
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = String::new();
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push_str(&format!("-{}: {}\n", i + 1, a[i]));
            i += 1;
        } else {
            out.push_str(&format!("+{}: {}\n", j + 1, b[j]));
            j += 1;
        }
    }
    out
}

/// A TMX file with its `<tu>` units (one per entry, each starting on a line of its own) sorted by
/// their text, so by `tuid`. The export lists entries in the order they were written (`created`,
/// in whole seconds, then key), and an import that crosses a second boundary reorders them: the
/// order is wall-clock noise, every other byte is locked.
fn sorted_tmx_units(tmx: &str) -> String {
    let (Some(first), Some(end)) = (tmx.find("    <tu "), tmx.rfind("  </body>")) else {
        return tmx.to_string();
    };
    let mut units: Vec<&str> = tmx[first..end].split_inclusive("    </tu>\n").collect();
    units.sort_unstable();
    format!("{}{}{}", &tmx[..first], units.concat(), &tmx[end..])
}

/// `text` as a regular expression matching itself.
fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if r"\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Fills the `<target/>` of every XLIFF unit whose source is plain text (no inline codes) with
/// that source behind a marker, as the translator of `cli_xliff` does; units with codes or term
/// annotations stay empty, so the import both stores units and refuses some.
fn fill_plain_units(xliff: &str) -> String {
    let mut out = String::with_capacity(xliff.len() * 2);
    let mut plain_source: Option<String> = None;
    for line in xliff.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed == "<target/>"
            && let Some(source) = plain_source.take()
        {
            let indent = &line[..line.len() - line.trim_start().len()];
            out.push_str(&format!("{indent}<target>FA·{source}</target>\n"));
            continue;
        }
        plain_source = trimmed
            .strip_prefix("<source>")
            .and_then(|s| s.strip_suffix("</source>"))
            .filter(|s| !s.contains('<'))
            .map(str::to_string);
        out.push_str(line);
    }
    out
}

// ---- info ---------------------------------------------------------------------------------

#[test]
fn info() {
    let p = Project::new();
    p.snap(
        "info_human",
        &["info", "ep01.srt", "ep01.ass", "ep04_qc_faults.srt"],
    );
    p.snap(
        "info_json",
        &["info", "--format", "json", "ep01.ass", "ep04_qc_faults.srt"],
    );
    p.snap("info_cues_human", &["info", "--cues", "ep04_qc_faults.srt"]);
}

// ---- check --------------------------------------------------------------------------------

#[test]
fn check_every_report_format() {
    let p = Project::new();
    let base = ["check", "ep04_qc_faults.srt", "--platform", "netflix"];
    p.snap("check_netflix_human", &base);
    for format in ["json", "sarif", "junit", "github"] {
        p.snap(
            &format!("check_netflix_{format}"),
            &[&base[..], &["--format", format]].concat(),
        );
    }
}

#[test]
fn check_season_summary() {
    let p = Project::new();
    let mut args = vec!["check", "--platform", "netflix"];
    args.extend(SAMPLES);
    p.snap("check_season_netflix_human", &args);
    p.snap(
        "check_severity_overrides",
        &[
            "check",
            "ep04_qc_faults.srt",
            "--platform",
            "youtube",
            "--severity",
            "timing-overlap=warning",
            "--severity",
            "italics-forbidden=off",
            "--max-severity",
            "warning",
        ],
    );
}

#[test]
fn check_glossary_compliance_with_source() {
    let p = Project::new();
    let out = p.run(&[
        "translate",
        "ep01.srt",
        "--to",
        "en",
        "--platform",
        "youtube",
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    // A forbidden rendering put in by hand, next to what the pseudo translation already misses.
    let track = "out/en/youtube/ep01.srt";
    let text = p.read(track).replace("Beijing", "Peking");
    std::fs::write(p.path(track), text).expect("edit the track");
    p.snap(
        "check_glossary_source",
        &[
            "check",
            track,
            "--platform",
            "youtube",
            "--source",
            "ep01.srt",
        ],
    );
}

// ---- localized UI -------------------------------------------------------------------------

#[test]
fn non_english_ui() {
    let p = Project::new();
    p.snap(
        "check_netflix_human_zh_cn",
        &[
            "--ui-lang",
            "zh-CN",
            "check",
            "ep04_qc_faults.srt",
            "--platform",
            "netflix",
        ],
    );
    // From the environment this time, as a Persian desktop sets it.
    p.snap_env(
        "info_human_fa_ir_from_lang",
        &["info", "ep04_qc_faults.srt"],
        &[("LANG", "fa_IR.UTF-8")],
    );
}

// ---- fix ----------------------------------------------------------------------------------

#[test]
fn fix() {
    let p = Project::new();
    let base = ["fix", "ep04_qc_faults.srt", "--platform", "netflix"];
    p.snap("fix_dry_run", &[&base[..], &["--dry-run"]].concat());
    p.snap(
        "fix_dry_run_retime",
        &[&base[..], &["--dry-run", "--retime"]].concat(),
    );
    p.snap(
        "fix_retime_to_file",
        &[&base[..], &["--retime", "-o", "fixed.srt"]].concat(),
    );
    p.snap_file("fix_retime_to_file_contents", "fixed.srt");
}

// ---- convert ------------------------------------------------------------------------------

#[test]
fn convert() {
    let p = Project::new();
    p.snap(
        "convert_srt_to_vtt_stdout",
        &["convert", "ep01.srt", "-", "--to", "vtt"],
    );
    // CRLF and the BOM are kept from the ASS input; the comment event cannot go to SRT.
    p.snap(
        "convert_ass_to_srt_stdout",
        &["convert", "ep01.ass", "-", "--to", "srt"],
    );
    p.snap(
        "convert_srt_to_ttml_file",
        &["convert", "ep04_qc_faults.srt", "ep04.ttml"],
    );
    p.snap_file("convert_srt_to_ttml_file_contents", "ep04.ttml");
}

// ---- platforms ----------------------------------------------------------------------------

#[test]
fn platforms() {
    let p = Project::new();
    p.snap("platforms_list", &["platforms"]);
    p.snap(
        "platforms_netflix_fa_human",
        &["platforms", "netflix", "--lang", "fa"],
    );
    p.snap(
        "platforms_netflix_json",
        &["platforms", "netflix", "--format", "json"],
    );
}

// ---- glossary -----------------------------------------------------------------------------

#[test]
fn glossary() {
    let p = Project::new();
    p.snap("glossary_lint", &["glossary", "lint"]);
    p.snap(
        "glossary_scan_human",
        &[
            "glossary",
            "scan",
            "ep01.srt",
            "ep02.srt",
            "ep03.srt",
            "ep04_qc_faults.srt",
        ],
    );
    p.snap(
        "glossary_scan_json",
        &["glossary", "scan", "ep04_qc_faults.srt", "--format", "json"],
    );
    p.snap(
        "glossary_export_csv_fa",
        &["glossary", "export", "--format", "csv", "--lang", "fa"],
    );
    // A fixed --date: the default is today.
    std::fs::write(
        p.path("terms.csv"),
        "新词,واژهٔ نو\n琉璃之约,پیمان لعاب\n掐丝,سیم\n",
    )
    .expect("write terms.csv");
    p.snap(
        "glossary_import_csv_dry_run",
        &[
            "glossary",
            "import",
            "terms.csv",
            "--lang",
            "fa",
            "--dry-run",
            "--date",
            "2026-12-01",
        ],
    );
}

#[test]
fn glossary_review_and_apply() {
    let p = Project::new();
    p.snap(
        "glossary_review_fa",
        &[
            "glossary",
            "review",
            "--lang",
            "fa",
            "--episodes",
            "ep01.srt",
            "--out",
            "review",
        ],
    );
    p.snap_file("glossary_review_fa_csv", "review/fa.csv");
    // The reviewer's decisions (CRLF rows, as the sheet is written): approve one proposal,
    // correct another, and one decision that is not a decision (refused, exit 1, the others
    // merged).
    let sheet = p.read("review/fa.csv");
    let decided: String = sheet
        .lines()
        .map(|row| {
            let decision = if row.starts_with("enamel-filling,") {
                "approve,,Negin Karimi,"
            } else if row.starts_with("kiln-opening,") {
                "correct,باز کردن کوره,Negin Karimi,"
            } else if row.starts_with("sumali-blue,") {
                "maybe,,,"
            } else {
                return format!("{row}\r\n");
            };
            let row = row
                .strip_suffix(",,,,")
                .expect("an undecided row ends in ,,,,");
            format!("{row},{decision}\r\n")
        })
        .collect();
    std::fs::write(p.path("review/fa.csv"), decided).expect("write the decided sheet");
    let before = p.read("glossary.yaml");
    p.snap(
        "glossary_apply",
        &["glossary", "apply", "review/fa.csv", "--date", "2026-12-01"],
    );
    let after = p.read("glossary.yaml");
    let changes = changed_lines(&before, &after);
    p.settings("lines of glossary.yaml removed (-) and added (+) by glossary apply")
        .bind(|| insta::assert_snapshot!("glossary_apply_changes", changes));
}

// ---- translate, memory, xliff -------------------------------------------------------------

#[test]
fn translate_and_memory() {
    let p = Project::new();
    let args = [
        "translate",
        "ep01.srt",
        "ep02.srt",
        "--to",
        "fa,en",
        "--platform",
        "netflix,youtube",
    ];
    p.snap("translate_dry_run", &[&args[..], &["--dry-run"]].concat());
    p.snap("translate_pseudo_human", &args);
    p.snap_file(
        "translate_pseudo_track_fa_youtube",
        "out/fa/youtube/ep01.srt",
    );
    // The same again: everything comes from the memory.
    p.snap("translate_pseudo_human_from_memory", &args);
    p.snap("memory_stats_human", &["memory", "stats"]);
    p.snap(
        "memory_stats_json",
        &["memory", "stats", "--format", "json"],
    );
}

#[test]
fn translate_json() {
    let p = Project::new();
    p.snap(
        "translate_pseudo_json",
        &[
            "translate",
            "ep01.srt",
            "--to",
            "fa",
            "--platform",
            "youtube",
            "--format",
            "json",
        ],
    );
}

#[test]
fn xliff_round_trip() {
    let p = Project::new();
    p.snap(
        "translate_xliff_export",
        &[
            "translate",
            "ep04_qc_faults.srt",
            "--to",
            "fa",
            "--platform",
            "youtube",
            "--backend",
            "xliff",
        ],
    );
    let xlf = "out/xliff/fa.xlf";
    let filled = fill_plain_units(&p.read(xlf));
    std::fs::write(p.path(xlf), filled).expect("write the translated XLIFF");
    p.snap("xliff_import_human", &["xliff", "import", xlf]);
    p.snap("memory_stats_after_xliff", &["memory", "stats"]);
    // What came back from the translators, carried to another memory as TMX.
    p.snap("memory_export_tmx", &["memory", "export", "-o", "fa.tmx"]);
    let tmx = sorted_tmx_units(&p.read("fa.tmx"));
    p.settings("contents of fa.tmx, <tu> units sorted by tuid")
        .bind(|| insta::assert_snapshot!("memory_export_tmx_contents", visible(&tmx)));
    p.snap(
        "memory_import_tmx",
        &["memory", "import", "fa.tmx", "--memory", "other.sqlite"],
    );
}

// ---- help ---------------------------------------------------------------------------------

#[test]
fn help() {
    // The help texts are Fluent messages swapped into clap's definition: one command's page
    // locks that wiring (headings, order, wrapping at 100 columns).
    let p = Project::new();
    p.snap("help_check", &["check", "--help"]);
}

// ---- errors (exit 2) ----------------------------------------------------------------------

#[test]
fn errors() {
    let p = Project::new();
    p.snap(
        "error_unknown_platform",
        &["check", "ep01.srt", "--platform", "nosuch"],
    );
    p.snap("error_missing_file", &["info", "missing.srt"]);
    p.snap(
        "error_check_missing_file",
        &["check", "ep01.srt", "missing.srt", "--platform", "netflix"],
    );
    p.snap(
        "error_bad_flag_value",
        &[
            "check",
            "ep01.srt",
            "--platform",
            "netflix",
            "--format",
            "xml",
        ],
    );
    p.snap(
        "error_unknown_rule",
        &[
            "check",
            "ep01.srt",
            "--platform",
            "netflix",
            "--severity",
            "nosuch=error",
        ],
    );
    p.snap(
        "error_convert_stdout_needs_format",
        &["convert", "ep01.srt", "-"],
    );
    p.snap("error_no_command", &[]);
}

#[test]
fn fill_plain_units_keeps_units_with_codes_empty() {
    let xliff = "<segment>\n  <source>好的</source>\n  <target/>\n</segment>\n<segment>\n  <source>他<mrk id=\"m1\">X</mrk></source>\n  <target/>\n</segment>\n";
    let filled = fill_plain_units(xliff);
    assert!(filled.contains("  <target>FA·好的</target>\n"), "{filled}");
    assert_eq!(filled.matches("<target/>").count(), 1, "{filled}");
}

#[test]
fn sorted_tmx_units_orders_units_and_keeps_the_rest() {
    let tmx = "<tmx>\n  <body>\n    <tu tuid=\"b\">\n    </tu>\n    <tu tuid=\"a\">\n    </tu>\n  </body>\n</tmx>\n";
    assert_eq!(
        sorted_tmx_units(tmx),
        "<tmx>\n  <body>\n    <tu tuid=\"a\">\n    </tu>\n    <tu tuid=\"b\">\n    </tu>\n  </body>\n</tmx>\n"
    );
}

#[test]
fn changed_lines_lists_removed_then_added_lines() {
    let diff = changed_lines("a\nb\nc\nd\n", "a\nx\nc\nd\ne\n");
    assert_eq!(diff, "-2: b\n+2: x\n+5: e\n");
    assert_eq!(changed_lines("same\n", "same\n"), "");
}

/// What a new user meets first: `glossary lint FILE`, a review page for a partner in another
/// language (and one subloc cannot write), and a run in a folder without any glossary, which
/// must say that no term was protected.
#[test]
fn fresh_machine() {
    let p = Project::new();
    p.snap(
        "glossary_lint_positional",
        &["glossary", "lint", "glossary.yaml"],
    );
    p.snap(
        "glossary_review_page_lang",
        &[
            "--ui-lang",
            "zh-CN",
            "glossary",
            "review",
            "--lang",
            "fa",
            "--page-lang",
            "fa",
        ],
    );
    p.snap(
        "glossary_review_page_lang_unknown",
        &["glossary", "review", "--lang", "fa", "--page-lang", "de"],
    );
    std::fs::remove_file(p.path("glossary.yaml")).expect("remove the glossary");
    p.snap(
        "translate_without_glossary",
        &[
            "translate",
            "ep01.srt",
            "--to",
            "ja",
            "--platform",
            "netflix",
        ],
    );
}
