//! Format boundaries (issue 13): what `subloc convert` writes from real-world ASS is right where it
//! lands — markup closed and nested, resets and style formatting followed, cues in time order,
//! direction marks as characters — and it reads back through subloc's own reader and through an
//! independent one (ffmpeg, when installed; `SUBLOC_REQUIRE_FFMPEG=1` makes it required).

use std::path::{Path, PathBuf};

use crate::cli_support::*;

fn convert_to(ext: &str) -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join(format!("ep.{ext}"));
    let out = run(subloc()
        .args(["--ui-lang", "en-US", "convert"])
        .arg(fixture("fansub_overrides.ass"))
        .arg(&out_path));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = std::fs::read_to_string(&out_path).unwrap();
    (dir, out_path, text)
}

/// The cue payloads of an SRT or WebVTT text (the lines after each timing line), read here
/// without subloc's parser.
fn payloads(text: &str) -> Vec<String> {
    let mut cues = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in text.lines() {
        if line.contains("-->") {
            current = Some(Vec::new());
        } else if line.trim().is_empty() {
            if let Some(c) = current.take() {
                cues.push(c.join("\n"));
            }
        } else if let Some(c) = current.as_mut() {
            c.push(line);
        }
    }
    cues.extend(current.map(|c| c.join("\n")));
    cues
}

/// Whether HTML-like markup nests and closes: every `</x>` closes the innermost open `<x…>`, and
/// nothing is open at the end.
fn well_formed(payload: &str) -> bool {
    let mut open: Vec<String> = Vec::new();
    let mut rest = payload;
    while let Some(at) = rest.find('<') {
        let Some(end) = rest[at..].find('>') else {
            return false;
        };
        let tag = &rest[at + 1..at + end];
        rest = &rest[at + end + 1..];
        let name = |t: &str| t.split([' ', '.']).next().unwrap_or("").to_string();
        match tag.strip_prefix('/') {
            Some(closing) => {
                if open.pop() != Some(name(closing)) {
                    return false;
                }
            }
            None => open.push(name(tag)),
        }
    }
    open.is_empty()
}

#[test]
fn ass_overrides_left_open_become_closed_markup_in_srt_and_webvtt() {
    for ext in ["srt", "vtt"] {
        let (_dir, _, text) = convert_to(ext);
        let cues = payloads(&text);
        assert_eq!(cues.len(), 8, "{ext}: {text}");
        for cue in &cues {
            assert!(
                well_formed(cue),
                "{ext}: markup not closed or not nested: {cue:?}"
            );
        }
    }
    let (_dir, _, srt) = convert_to("srt");
    assert!(
        srt.contains("<font color=\"#ff0000\"><b>The kiln is ready</b></font>"),
        "{srt}"
    );
}

#[test]
fn ass_resets_and_style_formatting_carry_into_srt() {
    let (_dir, _, srt) = convert_to("srt");
    let cues = payloads(&srt);
    let find = |needle: &str| {
        cues.iter()
            .find(|c| c.contains(needle))
            .unwrap_or_else(|| panic!("no cue with {needle:?} in {srt}"))
            .clone()
    };
    // `{\r}` ends the bold: "quiet" is outside every element.
    assert_eq!(find("Loud"), "<b>Loud </b>quiet");
    // The Thought style is italic until `{\r}` — which returns to Thought, so still italic.
    assert_eq!(find("Does he know"), "<i>Does he know the secret?</i>");
    // `{\rThought}` on a Default line switches to italics.
    assert!(find("کاشی").starts_with("<i>"), "{}", find("کاشی"));
    // The bold Sign style is bold in SRT too.
    assert_eq!(find("Isfahan"), "{\\an8}<b>Isfahan, 1402</b>");
    // A positioned sign loses its `\pos` (reported) but keeps its style's top alignment.
    assert_eq!(find("ENAMEL"), "{\\an8}<b>ENAMEL WORKSHOP</b>");
}

#[test]
fn ass_events_out_of_time_order_are_written_in_time_order() {
    for ext in ["srt", "vtt"] {
        let (_dir, _, text) = convert_to(ext);
        let starts: Vec<i64> = srt_timings(&text).iter().map(|t| t.0).collect();
        assert_eq!(
            starts,
            vec![500, 1000, 4000, 7000, 8000, 10000, 13000, 16000],
            "{ext}"
        );
    }
    // SRT numbers follow the written order.
    let (_dir, _, srt) = convert_to("srt");
    assert!(
        srt.starts_with("1\n00:00:00,500 --> 00:00:05,000\n"),
        "{srt}"
    );
}

#[test]
fn webvtt_direction_marks_are_characters_not_references() {
    let (_dir, _, vtt) = convert_to("vtt");
    assert!(!vtt.contains("&rlm;"), "{vtt}");
    assert!(vtt.contains("\u{200f}کاشی‌کاری هفت‌رنگ\u{200f}"), "{vtt}");
}

#[test]
fn converted_files_read_back_with_no_new_findings() {
    for ext in ["srt", "vtt"] {
        let (_dir, path, _) = convert_to(ext);
        let out = run(subloc()
            .args([
                "--ui-lang",
                "en-US",
                "check",
                "--format",
                "json",
                "--platform",
                "generic",
            ])
            .arg(&path));
        let json: serde_json::Value =
            serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)));
        let rules: Vec<String> = json["files"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect();
        let reading = ["parse-", "markup-", "encoding-", "timing-out-of-order"];
        let bad: Vec<&String> = rules
            .iter()
            .filter(|r| reading.iter().any(|p| r.starts_with(p)))
            .collect();
        assert!(bad.is_empty(), "{ext}: {bad:?}");
    }
}

/// ffmpeg, when the machine has it; a test that needs it skips (with a note) unless
/// `SUBLOC_REQUIRE_FFMPEG=1`.
fn ffmpeg() -> Option<&'static str> {
    let found = std::process::Command::new("ffmpeg")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found && std::env::var("SUBLOC_REQUIRE_FFMPEG").as_deref() == Ok("1") {
        panic!("ffmpeg is required (SUBLOC_REQUIRE_FFMPEG=1) but not found on PATH");
    }
    if !found {
        eprintln!("note: ffmpeg not found; skipping the independent-reader check");
    }
    found.then_some("ffmpeg")
}

/// The cues ffmpeg reads from `path`, as (start, end) in milliseconds: it re-writes them as SRT.
fn ffmpeg_timings(ffmpeg: &str, path: &Path) -> Vec<(i64, i64)> {
    let out = std::process::Command::new(ffmpeg)
        .args(["-v", "error", "-i"])
        .arg(path)
        .args(["-f", "srt", "-"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    srt_timings(&String::from_utf8_lossy(&out.stdout))
}

#[test]
fn an_independent_reader_sees_the_same_cues() {
    let Some(ffmpeg) = ffmpeg() else { return };
    let (_d1, srt_path, srt) = convert_to("srt");
    let (_d2, vtt_path, _) = convert_to("vtt");
    let ours = srt_timings(&srt);
    assert_eq!(ours.len(), 8);
    assert_eq!(ffmpeg_timings(ffmpeg, &srt_path), ours);
    assert_eq!(ffmpeg_timings(ffmpeg, &vtt_path), ours);
}

#[test]
fn a_read_that_yields_no_cue_is_an_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.srt");
    std::fs::write(&empty, b"").unwrap();
    // A PNG signature and some bytes, renamed `.srt`.
    let image = dir.path().join("poster.srt");
    std::fs::write(
        &image,
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x04\x38\0\0\x07\x80",
    )
    .unwrap();
    // SRT with `- >` arrows only: read (with warnings), so it converts.
    let arrows = dir.path().join("arrows.srt");
    std::fs::write(
        &arrows,
        "1\n00:00:01,000 - > 00:00:02,000\nHello\n\n2\n00:00:03,000 -- > 00:00:04,000\nWorld\n",
    )
    .unwrap();
    for input in [&empty, &image] {
        let target = dir.path().join("out.vtt");
        let out = run(subloc()
            .args(["--ui-lang", "en-US", "convert"])
            .arg(input)
            .arg(&target));
        assert_eq!(code(&out), 2, "{}", stderr(&out));
        assert!(
            stderr(&out).contains("no cue could be read"),
            "{}",
            stderr(&out)
        );
        assert!(!target.exists(), "nothing written for {}", input.display());
        let out = run(subloc()
            .args(["--ui-lang", "en-US", "check", "--platform", "netflix"])
            .arg(input));
        assert_eq!(code(&out), 2, "{}", stderr(&out));
    }
    let target = dir.path().join("arrows.vtt");
    let out = run(subloc()
        .args(["--ui-lang", "en-US", "convert"])
        .arg(&arrows)
        .arg(&target));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("parse-loose-arrow"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        srt_timings(&std::fs::read_to_string(&target).unwrap()).len(),
        2
    );
}

/// An SRT of one cue in `enc`.
fn legacy_srt(dir: &Path, name: &str, text: &str, enc: &'static encoding_rs::Encoding) -> PathBuf {
    let srt = format!("1\r\n00:00:01,000 --> 00:00:03,000\r\n{text}\r\n");
    let (bytes, _, unmappable) = enc.encode(&srt);
    assert!(!unmappable, "{text}");
    let path = dir.join(name);
    std::fs::write(&path, &bytes).unwrap();
    path
}

#[test]
fn legacy_code_pages_are_read_by_language_evidence() {
    use encoding_rs::*;
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        // chardetng alone reads this Lithuanian as windows-1250 ("ţiűrësime").
        (
            "lt.srt",
            "Labas rytas. Ačiū, gerai. Šiandien žiūrėsime filmą.",
            WINDOWS_1257,
        ),
        ("tr.srt", "Bir şişe su, lütfen. Ağaç büyük.", WINDOWS_1254),
        ("el.srt", "Καλημέρα, τι κάνεις; Είμαι καλά.", WINDOWS_1253),
        ("th.srt", "สวัสดีครับ คุณสบายดีไหม", WINDOWS_874),
        ("fr.srt", "Où est le café? Très bien, merci.", WINDOWS_1252),
    ];
    for (name, text, enc) in cases {
        let path = legacy_srt(dir.path(), name, text, enc);
        let (out, json) = info_json(&[path], &[]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert_eq!(json[0]["encoding"], enc.name(), "{name}");
        assert_eq!(cue_texts(&json[0]), vec![text.to_string()], "{name}");
    }
}

#[test]
fn a_weak_encoding_guess_warns_with_the_runner_up_and_lang_settles_it() {
    let dir = tempfile::tempdir().unwrap();
    // 0xF0 0xE8 is "đč" in windows-1250 (Croatian) and "šč" in windows-1257 (Lithuanian): two
    // readings with real letters, and the detector backs neither strongly enough.
    let path = dir.path().join("short.srt");
    std::fs::write(
        &path,
        b"1\n00:00:01,000 --> 00:00:02,000\nab\xF0\xE8cd x\xF0\xE8y\n",
    )
    .unwrap();
    let check = |extra: &[&str]| {
        let out = run(subloc()
            .args([
                "--ui-lang",
                "en-US",
                "check",
                "--platform",
                "generic",
                "--format",
                "json",
            ])
            .args(extra)
            .arg(&path));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let guessed = json["files"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "encoding-guessed")
            .cloned();
        guessed.unwrap_or_else(|| panic!("no encoding-guessed finding: {json}"))
    };
    let weak = check(&[]);
    assert_eq!(weak["severity"], "warning", "{weak}");
    assert_eq!(
        (
            weak["args"]["encoding"].as_str(),
            weak["args"]["runner"].as_str()
        ),
        (Some("windows-1250"), Some("windows-1257")),
        "{weak}"
    );
    let human = run(subloc()
        .args(["--ui-lang", "en-US", "check", "--platform", "generic"])
        .arg(&path));
    assert!(
        stdout(&human).contains("windows-1257 reads as text too")
            && stdout(&human).contains("--encoding"),
        "{}",
        stdout(&human)
    );
    let settled = check(&["--lang", "lt"]);
    assert_eq!(settled["args"]["encoding"], "windows-1257", "{settled}");
    assert_eq!(settled["severity"], "info", "{settled}");
}
