//! Vertical delivery measured in pixels through the binary: `check --platform reelshort` reports
//! a cue whose text the app's interface would cover (too wide for the safe area, too many lines
//! once libass wraps), `fix` lays it out so the check is clean, and a family that is not
//! installed falls back to counting characters with one warning per run.
//!
//! The measuring tests need the Noto fonts (`fonts-noto-core`); they skip with a note when Noto
//! Sans is missing, unless `SUBLOC_REQUIRE_FONTS=1` (`.ci/run`), where they fail.

use std::path::{Path, PathBuf};

use crate::cli_check::{FileJson, check_json};
use crate::cli_support::*;

fn noto_sans_or_skip() -> bool {
    let fonts = subloc::typeset::Fonts::new(Default::default());
    if !fonts.faces_for("Latn", None).is_empty() {
        return true;
    }
    let required = std::env::var("SUBLOC_REQUIRE_FONTS").is_ok_and(|v| v == "1");
    assert!(
        !required,
        "Noto Sans is not installed and SUBLOC_REQUIRE_FONTS=1"
    );
    eprintln!("note: skipped, Noto Sans is not installed (apt install fonts-noto-core)");
    false
}

/// 23 characters, within the 25 a vertical app's profile counts, but capitals this wide do not
/// fit the safe width on one line at the derived font size.
const WIDE: &str = "WOW MMMM WWWW MMMM WOW!";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn layout_findings(f: &FileJson) -> Vec<(u32, String)> {
    f.findings
        .iter()
        .filter(|d| d.rule.starts_with("layout-"))
        .map(|d| (d.cue.unwrap_or(0), d.rule.clone()))
        .collect()
}

const CHECK: &[&str] = &["--platform", "reelshort", "--lang", "en"];

#[test]
fn a_line_too_wide_for_the_safe_area_is_reported_and_fix_breaks_it() {
    if !noto_sans_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let srt = write(
        dir.path(),
        "ep.en.srt",
        &format!(
            "1\n00:00:01,000 --> 00:00:04,000\n{WIDE}\n\n2\n00:00:05,000 --> 00:00:08,000\nI will be right there.\n"
        ),
    );
    let (_, report) = check_json(CHECK, std::slice::from_ref(&srt));
    let file = &report.files[0];
    assert_eq!(
        layout_findings(file),
        vec![(1, "layout-outside-safe-area".to_string())],
        "{:?}",
        file.findings
    );
    assert!(
        !file
            .findings
            .iter()
            .any(|d| d.rule == "text-max-chars-per-line"),
        "the characters fit; only the pixels do not"
    );
    let f = &file.findings[0];
    assert!(f.args["px"].parse::<u32>().unwrap() > 0, "{f:?}");

    let fixed = dir.path().join("fixed.en.srt");
    let out = run(subloc()
        .args(["fix", "--platform", "reelshort", "--lang", "en", "-o"])
        .arg(&fixed)
        .arg(&srt));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let written = std::fs::read_to_string(&fixed).unwrap();
    assert!(
        written.contains("WOW MMMM WWWW\nMMMM WOW!")
            || written.contains("WOW MMMM\nWWWW MMMM WOW!"),
        "broken in two at a space:\n{written}"
    );
    let (_, report) = check_json(CHECK, &[fixed]);
    assert_eq!(layout_findings(&report.files[0]), vec![]);
}

#[test]
fn a_16_9_script_on_a_vertical_canvas_is_reported_and_fix_lays_it_out() {
    if !noto_sans_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let ass = write(
        dir.path(),
        "ep.en.ass",
        "[Script Info]\nScriptType: v4.00+\nPlayResX: 1920\nPlayResY: 1080\nWrapStyle: 0\n\n\
         [V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n\
         Style: Default,Arial,72,&H00FFFFFF,&H000000FF,&H00000000,&H80000000,0,0,0,0,100,100,0,0,1,3,1,2,10,10,20,1\n\n\
         [Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n\
         Dialogue: 0,0:00:01.00,0:00:04.00,Default,,0,0,0,,Grandma is waiting for us\\Nat the station tonight\n\
         Dialogue: 0,0:00:05.00,0:00:08.00,Default,,0,0,0,,Yes.\n",
    );
    let (_, report) = check_json(CHECK, std::slice::from_ref(&ass));
    // At 1920 × 1080 on a 1080 × 1920 canvas, 72 px becomes 128 px: the first line wraps in two
    // (three lines on screen, two allowed), and even a short cue sits 36 px above the bottom
    // edge, deep in the zone the app's buttons cover.
    assert_eq!(
        layout_findings(&report.files[0]),
        vec![
            (1, "layout-too-many-lines".to_string()),
            (2, "layout-outside-safe-area".to_string())
        ],
        "{:?}",
        report.files[0].findings
    );
    let too_many = &report.files[0].findings[0];
    assert_eq!(too_many.args["lines"], "3", "{too_many:?}");
    let outside = report.files[0]
        .findings
        .iter()
        .find(|d| d.rule == "layout-outside-safe-area")
        .unwrap();
    assert_eq!(outside.args["side"], "bottom");

    let fixed = dir.path().join("fixed.en.ass");
    let out = run(subloc()
        .args(["fix", "--platform", "reelshort", "--lang", "en", "-o"])
        .arg(&fixed)
        .arg(&ass));
    assert!(code(&out) <= 1, "{}", stderr(&out));
    let written = std::fs::read_to_string(&fixed).unwrap();
    assert!(written.contains("PlayResY: 1920"), "{written}");
    assert!(written.contains("Style: Default,Noto Sans,"), "{written}");
    let (_, report) = check_json(CHECK, &[fixed]);
    assert_eq!(
        layout_findings(&report.files[0]),
        vec![],
        "{:?}",
        report.files[0].findings
    );
}

#[test]
fn a_family_that_is_not_installed_is_warned_about_once_and_characters_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("subloc.yaml"),
        "fonts:\n  families: {Latn: No Such Family Anywhere}\n",
    )
    .unwrap();
    let body = format!("1\n00:00:01,000 --> 00:00:04,000\n{WIDE}\n");
    let a = write(dir.path(), "a.en.srt", &body);
    let b = write(dir.path(), "b.en.srt", &body);
    let out = run(subloc()
        .current_dir(dir.path())
        .args([
            "check",
            "--platform",
            "reelshort",
            "--lang",
            "en",
            "--format",
            "json",
        ])
        .arg(&a)
        .arg(&b));
    let err = stderr(&out);
    assert_eq!(
        err.matches("No Such Family Anywhere").count(),
        1,
        "one warning for two files:\n{err}"
    );
    assert!(err.contains("warning:") && err.contains("Latn"), "{err}");
    assert!(err.contains("fonts-noto-core"), "how to install: {err}");
    // Counted, the 23 characters fit the 25 allowed: no layout finding without the font.
    let report: crate::cli_check::Report = serde_json::from_slice(&out.stdout).unwrap();
    for f in &report.files {
        assert_eq!(layout_findings(f), vec![], "{:?}", f.findings);
    }
}
