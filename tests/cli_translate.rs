//! `subloc translate` end to end: the season on the samples with the offline pseudo backend
//! (every track written and parsed back, `subloc check` agreeing with the summary, a memory
//! re-run sending nothing, Persian RTL marks rendered through the bidi algorithm, Thai broken
//! only between words), dry runs, output patterns that try to escape, bilingual review tracks,
//! glossary compliance, and runs against loopback DeepL- and OpenAI-compatible servers driven
//! from `subloc.yaml` alone. Every run works in a temporary folder; traffic stays on 127.0.0.1.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::{Value, json};
use subloc::format::{ReadOptions, read_file};
use subloc::model::CueKind;
use subloc::translate::pseudo::pseudo_translate;
use subloc::translate::segment::{context_line, escape_text};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::cli_support::{code, run, sample, series_glossary, stderr, stdout, subloc};

const SEASON: [&str; 4] = ["ep01.srt", "ep02.srt", "ep03.srt", "ep01.ass"];

/// `subloc translate` in `dir`, isolated from keys and proxies of the machine.
pub(crate) fn translate(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = subloc();
    cmd.current_dir(dir).arg("translate");
    for var in [
        "DEEPL_API_KEY",
        "OPENAI_API_KEY",
        "GOOGLE_API_KEY",
        "LIBRETRANSLATE_API_KEY",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        cmd.env_remove(var);
    }
    cmd.args(args);
    run(&mut cmd)
}

fn season_args() -> Vec<String> {
    SEASON
        .iter()
        .map(|s| sample(s).display().to_string())
        .collect()
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "summary is not JSON: {e}\nstdout:\n{}\nstderr:\n{}",
            stdout(out),
            stderr(out)
        )
    })
}

/// Dialogue cues of a source episode (what every output must carry).
fn dialogue_cues(path: &Path) -> usize {
    let loaded = read_file(path, &ReadOptions::default()).expect("sample reads");
    loaded
        .track
        .cues
        .iter()
        .filter(|c| c.kind() != CueKind::Comment)
        .count()
}

/// Every file summary of the run: (lang, platform, file object).
fn files(summary: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for l in summary["languages"].as_array().cloned().unwrap_or_default() {
        for p in l["platforms"].as_array().cloned().unwrap_or_default() {
            for f in p["files"].as_array().cloned().unwrap_or_default() {
                out.push((
                    l["lang"].as_str().unwrap_or_default().to_string(),
                    p["platform"].as_str().unwrap_or_default().to_string(),
                    f,
                ));
            }
        }
    }
    out
}

fn all_files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn season_in_six_languages_for_three_platforms() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut args: Vec<String> = season_args();
    args.extend(
        [
            "--to",
            "fa,en,ar,zh-Hant,ja,th",
            "--platform",
            "netflix,youtube,tiktok",
            "--format",
            "json",
        ]
        .map(String::from),
    );
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = translate(dir.path(), &argv);
    let summary = json_of(&out);
    let errors = summary["totals"]["errors"].as_u64().unwrap_or(0);
    assert_eq!(
        code(&out),
        if errors > 0 { 1 } else { 0 },
        "exit code follows the error findings\n{}",
        stderr(&out)
    );
    assert_eq!(summary["backend"], "pseudo");
    assert_eq!(
        summary["source_lang"], "zh-Hans",
        "detected from the Han text"
    );
    assert_eq!(summary["failed"].as_array().map(Vec::len), Some(0));

    // Every track exists: 4 episodes × 6 languages × 3 platforms, Netflix as TTML.
    let written = files(&summary);
    assert_eq!(written.len(), 4 * 6 * 3);
    let keys: BTreeSet<String> = summary["episodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["key"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        keys,
        ["ep01-ass", "ep01-srt", "ep02", "ep03"]
            .map(String::from)
            .into(),
        "ep01.srt and ep01.ass get distinct names"
    );
    let on_disk: Vec<PathBuf> = all_files_under(&dir.path().join("out"))
        .into_iter()
        .filter(|p| !p.starts_with(dir.path().join("out").join("reports")))
        .collect();
    assert_eq!(on_disk.len(), 72, "{on_disk:?}");
    assert!(
        !on_disk
            .iter()
            .any(|p| p.to_string_lossy().contains("subloc-tmp")),
        "no temporary file is left"
    );
    let source_cues: BTreeMap<&str, usize> = [
        ("ep01-srt", dialogue_cues(&sample("ep01.srt"))),
        ("ep02", dialogue_cues(&sample("ep02.srt"))),
        ("ep03", dialogue_cues(&sample("ep03.srt"))),
        ("ep01-ass", dialogue_cues(&sample("ep01.ass"))),
    ]
    .into();
    let mut by_check: BTreeMap<(String, String), Vec<(String, Value)>> = BTreeMap::new();
    for (lang, platform, f) in &written {
        assert_eq!(f["written"], true, "{f}");
        let path = dir.path().join(f["path"].as_str().unwrap());
        let episode = f["episode"].as_str().unwrap();
        let want = source_cues[episode];
        let expected_ext = if platform == "netflix" { "ttml" } else { "srt" };
        assert_eq!(
            path.extension().and_then(|e| e.to_str()),
            Some(expected_ext),
            "{path:?}"
        );
        assert!(
            path.starts_with(dir.path().join("out").join(lang).join(platform)),
            "default pattern {{lang}}/{{platform}}/{{stem}}.{{ext}}: {path:?}"
        );
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8(bytes).expect("UTF-8 output");
        if expected_ext == "ttml" {
            assert_eq!(text.matches("<p ").count(), want, "{path:?}");
            assert!(text.contains(&format!("xml:lang=\"{lang}\"")), "{path:?}");
        }
        // Every output, the Netflix TTML included, reads back through subloc's own reader.
        let back = read_file(&path, &ReadOptions::default()).expect("output reads back");
        assert_eq!(back.track.cues.len(), want, "{path:?}");
        assert_eq!(f["cues"].as_u64(), Some(want as u64));
        by_check
            .entry((lang.clone(), platform.clone()))
            .or_default()
            .push((path.display().to_string(), f.clone()));
    }

    // `subloc check` on every track (the Netflix TTML too: no "unreadable" file) finds nothing
    // but what the fitter reported it could not fit, and as many errors as the summary says.
    let mut checked = 0;
    for ((lang, platform), list) in &by_check {
        let mut cmd = subloc();
        cmd.current_dir(dir.path()).args([
            "check",
            "--platform",
            platform,
            "--lang",
            lang,
            "--format",
            "json",
        ]);
        for (p, _) in list {
            cmd.arg(p);
        }
        let out = run(&mut cmd);
        let report = json_of(&out);
        assert_eq!(report["summary"]["unreadable"], 0);
        for file in report["files"].as_array().unwrap() {
            let shown = file["path"].as_str().unwrap();
            let (_, f) = list
                .iter()
                .find(|(p, _)| p == shown)
                .expect("checked file is in the summary");
            let unfitted: BTreeSet<(u64, String)> = f["unfitted"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| (u[0].as_u64().unwrap(), u[1].as_str().unwrap().to_string()))
                .collect();
            let (mut errors, mut warnings) = (0, 0);
            for finding in file["findings"].as_array().unwrap() {
                let key = (
                    finding["cue"].as_u64().unwrap_or(0),
                    finding["rule"].as_str().unwrap_or("").to_string(),
                );
                // Warnings the fitter does not touch (Thai `?` on Netflix) are in the summary's
                // counts; every error is one translate reported as unfittable.
                match finding["severity"].as_str() {
                    Some("error") => {
                        assert!(
                            unfitted.contains(&key),
                            "{shown}: check reports {finding} that translate did not report as unfittable"
                        );
                        errors += 1;
                    }
                    Some("warning") => warnings += 1,
                    _ => {}
                }
            }
            assert_eq!(f["errors"].as_u64(), Some(errors), "{shown}");
            assert_eq!(f["warnings"].as_u64(), Some(warnings), "{shown}");
            checked += 1;
        }
    }
    assert_eq!(checked, 72);

    // The second run answers everything from the memory: nothing sent, nothing billed, the
    // same bytes written.
    let before = std::fs::read(dir.path().join("out/fa/youtube/ep02.srt")).unwrap();
    let again = translate(dir.path(), &argv);
    let s2 = json_of(&again);
    let t = &s2["totals"];
    assert_eq!(t["requests"], 0, "{t}");
    assert_eq!(t["chars_sent"], 0, "{t}");
    assert_eq!(t["billed_chars"], 0, "{t}");
    assert_eq!(t["memory_hits"], t["segments"], "{t}");
    assert!(t["segments"].as_u64().unwrap() > 100);
    let after = std::fs::read(dir.path().join("out/fa/youtube/ep02.srt")).unwrap();
    assert_eq!(before, after, "deterministic output");
    assert!(dir.path().join(".subloc/memory.sqlite").is_file());
    for l in ["fa", "ja"] {
        for p in ["netflix", "youtube", "tiktok"] {
            let report = dir.path().join(format!("out/reports/{l}-{p}.html"));
            let html =
                std::fs::read_to_string(&report).expect("HTML report per language × platform");
            assert!(html.contains("<html"), "{report:?}");
        }
    }
}

/// Letters of the Arabic script.
fn arabic_letter(c: char) -> bool {
    c.is_alphabetic() && matches!(c as u32, 0x0600..=0x06FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF)
}

/// The line as a player that defaults to left-to-right draws it, left edge first.
fn drawn_ltr(line: &str) -> Vec<char> {
    use unicode_bidi::{BidiInfo, Level};
    let info = BidiInfo::new(line, Some(Level::ltr()));
    let Some(para) = info.paragraphs.first() else {
        return Vec::new();
    };
    info.reorder_line(para, para.range.clone())
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200e}' | '\u{200f}' | '\u{61c}'))
        .collect()
}

#[test]
fn persian_lines_carry_rtl_marks_and_render_right_to_left() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ep = sample("ep01.srt").display().to_string();
    let out = translate(
        dir.path(),
        &[
            &ep,
            "--to",
            "fa",
            "--platform",
            "youtube",
            "--format",
            "json",
        ],
    );
    assert!(code(&out) <= 1, "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("out/fa/youtube/ep01.srt")).unwrap();
    let back = read_file(
        &dir.path().join("out/fa/youtube/ep01.srt"),
        &ReadOptions::default(),
    )
    .unwrap();
    let mut punct_lines = 0;
    for cue in &back.track.cues {
        for line in cue.text.lines() {
            assert!(
                line.chars().any(arabic_letter),
                "a Persian line in Arabic script: {line:?}"
            );
            let last = line
                .chars()
                .rev()
                .find(|c| !matches!(c, '\u{200f}' | '\u{200e}' | ' '));
            if last.is_some_and(|c| !c.is_alphanumeric()) {
                punct_lines += 1;
                assert!(
                    line.ends_with('\u{200f}'),
                    "a line ending in punctuation gets an RLM (profile rtl_marks): {line:?}"
                );
                // Drawn by a left-to-right player, the final punctuation sits at the left end,
                // where a Persian reader's sentence ends.
                let drawn = drawn_ltr(&line);
                assert_eq!(drawn.first().copied(), last, "{line:?} drawn as {drawn:?}");
            }
        }
    }
    assert!(
        punct_lines >= 5,
        "the sample has questions and exclamations"
    );
    assert!(text.contains('\u{200c}'), "Persian ZWNJ survives");
}

#[test]
fn thai_lines_break_only_between_words() {
    use textwrap::WordSeparator;
    let dir = tempfile::tempdir().expect("tempdir");
    let eps: Vec<String> = ["ep01.srt", "ep02.srt", "ep03.srt"]
        .iter()
        .map(|s| sample(s).display().to_string())
        .collect();
    let mut args: Vec<&str> = eps.iter().map(String::as_str).collect();
    args.extend([
        "--to",
        "th",
        "--platform",
        "youtube,tiktok",
        "--format",
        "json",
    ]);
    let out = translate(dir.path(), &args);
    let summary = json_of(&out);
    let mut broken = 0;
    for (_, platform, f) in files(&summary) {
        let out_path = dir.path().join(f["path"].as_str().unwrap());
        let src_name = format!("{}.srt", f["episode"].as_str().unwrap());
        let src = read_file(&sample(&src_name), &ReadOptions::default()).unwrap();
        let dst = read_file(&out_path, &ReadOptions::default()).unwrap();
        assert_eq!(src.track.cues.len(), dst.track.cues.len());
        let unfitted: BTreeSet<u64> = f["unfitted"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|u| u[0].as_u64())
            .collect();
        for (s, d) in src.track.cues.iter().zip(&dst.track.cues) {
            let lines = d.text.lines();
            if !unfitted.contains(&u64::from(d.id)) {
                assert!(lines.len() <= 2, "{platform}: {lines:?}");
            }
            if lines.len() < 2 {
                continue;
            }
            // The unbroken translation: what the engine returned for the cue sent as one line.
            let joined = context_line(&s.text);
            let whole = pseudo_translate(&escape_text(&joined), "th");
            if whole.contains(['<', '&']) {
                continue;
            }
            let squeeze = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            if squeeze(&whole) != squeeze(&lines.concat()) {
                continue; // punctuation changed by the fitter: not comparable
            }
            // Break opportunities of the unbroken text, as character counts without spaces.
            let mut allowed = BTreeSet::new();
            let mut pos = 0usize;
            for w in WordSeparator::UnicodeBreakProperties.find_words(&whole) {
                allowed.insert(pos);
                pos += w.word.chars().filter(|c| !c.is_whitespace()).count();
            }
            allowed.insert(pos);
            let mut at = 0usize;
            for line in &lines[..lines.len() - 1] {
                at += line.chars().filter(|c| !c.is_whitespace()).count();
                assert!(
                    allowed.contains(&at),
                    "line break inside a Thai word: {lines:?} (unbroken: {whole:?})"
                );
                broken += 1;
            }
        }
    }
    assert!(broken >= 5, "some Thai cues needed two lines ({broken})");
}

#[test]
fn dry_run_sends_and_writes_nothing_but_counts_characters() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ep = sample("ep02.srt").display().to_string();
    let out = translate(
        dir.path(),
        &[
            &ep,
            "--to",
            "fa,en",
            "--platform",
            "netflix",
            "--dry-run",
            "--format",
            "json",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let s = json_of(&out);
    assert_eq!(s["dry_run"], true);
    let segments = dialogue_cues(&sample("ep02.srt")) as u64;
    for l in s["languages"].as_array().unwrap() {
        let e = &l["estimate"];
        assert_eq!(e["segments"].as_u64(), Some(segments), "{e}");
        assert!(e["billable_chars"].as_u64().unwrap() > 100, "{e}");
        assert_eq!(e["memory_hits"], 0);
    }
    assert!(s["totals"]["billable_chars"].as_u64().unwrap() > 200);
    assert!(
        !dir.path().join("out").exists(),
        "a dry run writes no track"
    );

    // Human form names the billable characters too.
    let out = translate(
        dir.path(),
        &[&ep, "--to", "fa", "--platform", "netflix", "--dry-run"],
    );
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("Dry run"), "{}", stdout(&out));
}

#[test]
fn output_patterns_cannot_escape_the_output_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ep = sample("ep02.srt").display().to_string();
    for pattern in [
        "../{stem}.{ext}",
        "{lang}/../../{stem}.{ext}",
        "/tmp/{stem}.{ext}",
        "{lang}/{episode}.{ext}",
    ] {
        let out = translate(
            dir.path(),
            &[
                &ep,
                "--to",
                "fa",
                "--platform",
                "youtube",
                "--pattern",
                pattern,
            ],
        );
        assert_eq!(code(&out), 2, "{pattern}: {}", stderr(&out));
        assert!(stderr(&out).contains("error:"), "{}", stderr(&out));
    }
    assert!(!dir.path().join("out").exists());
    assert!(!dir.path().join("ep02.srt").exists());

    // The flat convention works, and two platforms sharing it would collide.
    let out = translate(
        dir.path(),
        &[
            &ep,
            "--to",
            "fa,ar",
            "--platform",
            "youtube,tiktok",
            "--pattern",
            "{stem}.{lang}.{ext}",
        ],
    );
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("same name"), "{}", stderr(&out));
    let out = translate(
        dir.path(),
        &[
            &ep,
            "--to",
            "fa,ar",
            "--platform",
            "youtube",
            "--pattern",
            "{stem}.{lang}.{ext}",
        ],
    );
    assert!(code(&out) <= 1, "{}", stderr(&out));
    assert!(dir.path().join("out/ep02.fa.srt").is_file());
    assert!(dir.path().join("out/ep02.ar.srt").is_file());
}

#[test]
fn bilingual_review_track_has_both_scripts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ep = sample("ep02.srt").display().to_string();
    let out = translate(
        dir.path(),
        &[
            &ep,
            "--to",
            "fa",
            "--platform",
            "youtube",
            "--bilingual",
            "--format",
            "json",
        ],
    );
    assert!(code(&out) <= 1, "{}", stderr(&out));
    let s = json_of(&out);
    let paths = s["languages"][0]["bilingual"].as_array().unwrap();
    assert_eq!(paths.len(), 1);
    let path = dir.path().join(paths[0].as_str().unwrap());
    assert!(path.ends_with("out/fa/bilingual/ep02.srt"), "{path:?}");
    let back = read_file(&path, &ReadOptions::default()).unwrap();
    let han = |c: char| matches!(c as u32, 0x4E00..=0x9FFF);
    let mut both = 0;
    for cue in &back.track.cues {
        let lines = cue.text.lines();
        let last = lines.last().cloned().unwrap_or_default();
        if last.chars().any(han) {
            assert!(
                lines[..lines.len() - 1]
                    .iter()
                    .any(|l| l.chars().any(arabic_letter)),
                "translation above the source: {lines:?}"
            );
            both += 1;
        }
    }
    assert_eq!(both, back.track.cues.len(), "every cue has both");
}

#[test]
fn approved_glossary_renderings_reach_the_tracks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ep = sample("ep01.srt").display().to_string();
    let glossary = series_glossary().display().to_string();
    let out = translate(
        dir.path(),
        &[
            &ep,
            "--to",
            "fa,en",
            "--platform",
            "youtube",
            "--glossary",
            &glossary,
            "--format",
            "json",
        ],
    );
    let s = json_of(&out);
    for l in s["languages"].as_array().unwrap() {
        for p in l["platforms"].as_array().unwrap() {
            assert!(
                p["by_rule"].get("glossary-forbidden-term").is_none(),
                "{}",
                p["by_rule"]
            );
        }
    }
    // The approved catchphrase (ep01 cue 4) arrives verbatim, whatever the engine did.
    let fa = std::fs::read_to_string(dir.path().join("out/fa/youtube/ep01.srt")).unwrap();
    let fa_plain: String = fa.replace('\u{200f}', "").replace('\n', " ");
    assert!(
        fa_plain.contains("آتش که به‌اندازه باشد، لعاب خودش می‌درخشد"),
        "{fa}"
    );
    let en = std::fs::read_to_string(dir.path().join("out/en/youtube/ep01.srt")).unwrap();
    assert!(
        en.replace('\n', " ")
            .contains("When the fire is right, the glaze shines on its own"),
        "{en}"
    );
    // Approved terms are never missing: only proposed ones warn.
    let html = std::fs::read_to_string(dir.path().join("out/reports/fa-youtube.html")).unwrap();
    assert!(
        !html.contains("catchphrase-fire"),
        "approved term reported missing"
    );
}

/// Answers like DeepL: one translation per `text`, in order, pseudo-translated so the text is in
/// the target's script and keeps the placeholders.
fn deepl_reply(r: &Request) -> ResponseTemplate {
    let body: Value = r.body_json().unwrap_or(Value::Null);
    let target = body["target_lang"]
        .as_str()
        .unwrap_or("EN")
        .to_ascii_lowercase();
    let translations: Vec<Value> = body["text"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|t| {
            let t = t.as_str().unwrap_or("");
            json!({"detected_source_language": "ZH", "text": pseudo_translate(t, &target),
                   "billed_characters": t.chars().count()})
        })
        .collect();
    ResponseTemplate::new(200).set_body_json(json!({ "translations": translations }))
}

/// Runs `subloc translate` with `env` on a blocking thread (the mock server lives on the test's
/// runtime).
async fn translate_async(dir: PathBuf, args: Vec<String>, env: Vec<(String, String)>) -> Output {
    tokio::task::spawn_blocking(move || {
        let mut cmd = subloc();
        cmd.current_dir(&dir).arg("translate");
        for var in [
            "DEEPL_API_KEY",
            "OPENAI_API_KEY",
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "ALL_PROXY",
        ] {
            cmd.env_remove(var);
            cmd.env_remove(var.to_ascii_lowercase());
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.args(args);
        run(&mut cmd)
    })
    .await
    .expect("the command ran")
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

/// Persian is a DeepL beta language: without the opt-in the run stops before any request, and the
/// message says which key opts in. (The address is never contacted: the check comes first.)
#[test]
fn deepl_beta_language_without_opt_in_says_how_to_opt_in() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(sample("ep02.srt"), dir.path().join("ep02.srt")).unwrap();
    let config = "translate:\n  backends:\n    deepl:\n      url: http://127.0.0.1:9\n";
    std::fs::write(dir.path().join("subloc.yaml"), config).unwrap();
    let run_to = |lang: &str| {
        let mut cmd = subloc();
        cmd.current_dir(dir.path())
            .env("DEEPL_API_KEY", "test-key:fx")
            .env_remove("HTTP_PROXY")
            .env_remove("http_proxy")
            .args([
                "translate",
                "ep02.srt",
                "--to",
                lang,
                "--platform",
                "youtube",
            ])
            .args(["--backend", "deepl"]);
        run(&mut cmd)
    };
    let out = run_to("fa");
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("into fa"), "{err}");
    assert!(err.contains("beta-languages: true"), "{err}");
    // English is not a beta language: no such advice, and the run gets as far as the network.
    let out = run_to("en");
    assert!(!stderr(&out).contains("beta-languages"), "{}", stderr(&out));
    // Nothing listens there: the run stops at the first refused connection, a network error
    // (exit 2, issue 14 §6) that names the endpoint, not a usage error about languages.
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Nothing listens there"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deepl_compatible_server_from_the_configuration_alone() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/translate"))
        .respond_with(deepl_reply)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("episodes")).unwrap();
    for ep in ["ep02.srt", "ep10.srt"] {
        std::fs::copy(
            sample(if ep == "ep10.srt" { "ep03.srt" } else { ep }),
            dir.path().join("episodes").join(ep),
        )
        .unwrap();
    }
    let config = format!(
        "translate:\n  episodes: [episodes]\n  targets: [fa, en, ar]\n  platforms: [netflix, youtube]\n  backend: deepl\n  backends:\n    deepl:\n      url: {}\n      beta-languages: true\n",
        server.uri()
    );
    std::fs::write(dir.path().join("subloc.yaml"), config).unwrap();
    let key = ("DEEPL_API_KEY".to_string(), "test-key:fx".to_string());
    let args = vec!["--format".to_string(), "json".to_string()];

    // Without the key: a clear usage error, nothing sent.
    let out = translate_async(dir.path().to_path_buf(), vec![], vec![]).await;
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("DEEPL_API_KEY"), "{}", stderr(&out));

    // A dry run asks the memory only.
    let mut dry = args.clone();
    dry.push("--dry-run".into());
    let out = translate_async(dir.path().to_path_buf(), dry, vec![key.clone()]).await;
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        received(&server).await.is_empty(),
        "a dry run sends nothing"
    );
    let s = json_of(&out);
    assert!(s["totals"]["billable_chars"].as_u64().unwrap() > 0);

    let out = translate_async(dir.path().to_path_buf(), args.clone(), vec![key.clone()]).await;
    assert!(code(&out) <= 1, "{}", stderr(&out));
    let s = json_of(&out);
    assert_eq!(s["backend"], "deepl");
    assert_eq!(
        s["failed"].as_array().map(Vec::len),
        Some(0),
        "{}",
        s["failed"]
    );
    let names: Vec<&str> = s["episodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["key"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["ep02", "ep10"], "natural order");
    assert_eq!(s["totals"]["files_written"], 2 * 3 * 2);
    let requests = received(&server).await;
    assert!(!requests.is_empty());
    let mut targets = BTreeSet::new();
    let mut texts = 0;
    for r in &requests {
        assert_eq!(r.url.path(), "/v2/translate");
        assert_eq!(
            r.headers.get("authorization").and_then(|v| v.to_str().ok()),
            Some("DeepL-Auth-Key test-key:fx")
        );
        let ct = r
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        assert!(ct.starts_with("application/json"), "{ct}");
        let body: Value = r.body_json().expect("JSON body");
        assert_eq!(body["source_lang"], "ZH");
        assert_eq!(body["tag_handling"], "xml");
        assert_eq!(body["split_sentences"], "nonewlines");
        let n = body["text"].as_array().map(Vec::len).unwrap_or(0);
        assert!((1..=50).contains(&n), "DeepL takes at most 50 texts");
        texts += n;
        targets.insert(body["target_lang"].as_str().unwrap().to_string());
        if body["target_lang"] == "FA" {
            assert_eq!(body["enable_beta_languages"], true);
        }
    }
    assert_eq!(
        targets,
        ["AR", "EN-US", "FA"].map(String::from).into(),
        "one run per language"
    );
    let distinct = s["languages"][0]["segments"].as_u64().unwrap()
        - s["languages"][0]["deduplicated"].as_u64().unwrap();
    assert_eq!(
        texts as u64,
        3 * distinct,
        "every distinct line sent once per language"
    );
    let billed: u64 = s["totals"]["billed_chars"].as_u64().unwrap();
    assert!(billed > 0);
    let fa = std::fs::read_to_string(dir.path().join("out/fa/youtube/ep02.srt")).unwrap();
    assert!(fa.chars().any(arabic_letter));

    // The memory re-run sends nothing.
    let before = requests.len();
    let out = translate_async(dir.path().to_path_buf(), args, vec![key]).await;
    assert!(code(&out) <= 1, "{}", stderr(&out));
    let s = json_of(&out);
    assert_eq!(
        received(&server).await.len(),
        before,
        "re-run sent requests"
    );
    assert_eq!(s["totals"]["billed_chars"], 0);
    assert_eq!(s["totals"]["memory_hits"], s["totals"]["segments"]);
}

/// The request-local ids and texts of the `lines` in a chat request's user message.
fn chat_lines(r: &Request) -> Vec<(String, String)> {
    let body: Value = r.body_json().unwrap_or(Value::Null);
    let user = body["messages"][1]["content"].as_str().unwrap_or("{}");
    let lines: Value = serde_json::from_str(user).unwrap_or(Value::Null);
    lines["lines"]
        .as_object()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|(id, text)| (id.clone(), text.as_str().unwrap_or("").to_string()))
        .collect()
}

fn chat_reply(r: &Request) -> ResponseTemplate {
    let map: serde_json::Map<String, Value> = chat_lines(r)
        .into_iter()
        .map(|(id, text)| (id, Value::String(pseudo_translate(&text, "fa"))))
        .collect();
    ResponseTemplate::new(200).set_body_json(json!({
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "model": "test-model",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": Value::Object(map).to_string()}}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150}
    }))
}

/// A server that answers every request, but never with the ids asked for (here: it echoes an
/// unrelated object). After 8 such replies the run stops asking it: with `fallback:` configured
/// the rest goes to the fallback and every track is written; without, the run stops as
/// `unusable-replies` instead of paying for every line again and again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unusable_llm_replies_hand_the_run_to_the_fallback() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "chatcmpl-test", "object": "chat.completion", "model": "m",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": "{\"note\": \"hello\"}"}}],
        })))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().expect("tempdir");
    let write_config = |fallback: &str| {
        let config = format!(
            "translate:\n{fallback}  backends:\n    llm:\n      kind: openai\n      url: {}/v1\n      model: m\n      max-segments: 4\n      concurrency: 1\n",
            server.uri()
        );
        std::fs::write(dir.path().join("subloc.yaml"), config).unwrap();
    };
    let args: Vec<String> = [
        sample("ep02.srt").display().to_string(),
        "--to".into(),
        "en".into(),
        "--platform".into(),
        "youtube".into(),
        "--backend".into(),
        "llm".into(),
    ]
    .into();
    let json_args = |mut a: Vec<String>, mem: &str| {
        a.extend([
            "--format".into(),
            "json".into(),
            "--memory".into(),
            mem.into(),
        ]);
        a
    };
    let env = vec![("OPENAI_API_KEY".to_string(), "sk-x".to_string())];

    write_config("  fallback: pseudo\n");
    let out = translate_async(
        dir.path().to_path_buf(),
        json_args(args.clone(), "a.sqlite"),
        env.clone(),
    )
    .await;
    assert!(code(&out) <= 1, "{}", stderr(&out));
    let s = json_of(&out);
    assert_eq!(s["stopped"], Value::Null);
    assert_eq!(s["languages"][0]["stats"]["primary_abandoned"], true);
    assert_eq!(s["totals"]["files_written"], 1);
    assert_eq!(s["failed"].as_array().map(Vec::len), Some(0));
    assert_eq!(
        received(&server).await.len(),
        8,
        "given up after 8 unusable replies"
    );
    // The human summary says so.
    let out = translate_async(
        dir.path().to_path_buf(),
        {
            let mut a = args.clone();
            a.extend(["--memory".into(), "b.sqlite".into()]);
            a
        },
        env.clone(),
    )
    .await;
    assert!(
        stderr(&out).contains("primary backend was given up"),
        "{}",
        stderr(&out)
    );

    // Without a fallback: the run stops, every line reported, nothing written.
    write_config("");
    let before = received(&server).await.len();
    let out = translate_async(dir.path().to_path_buf(), json_args(args, "c.sqlite"), env).await;
    // The provider stopped the run: exit 2 (issue 14 §6), and the JSON says who and why.
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let s = json_of(&out);
    assert_eq!(s["stopped"], "unusable-replies");
    assert_eq!(s["backend_stop"]["error"], "unusable-replies");
    assert_eq!(s["backend_stop"]["advice"], "provider-failing");
    assert_eq!(s["totals"]["files_written"], 0);
    assert_eq!(received(&server).await.len() - before, 8);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openai_compatible_server_and_a_memory_rerun() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(chat_reply)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().expect("tempdir");
    let args: Vec<String> = [
        sample("ep02.srt").display().to_string(),
        "--to".into(),
        "fa".into(),
        "--platform".into(),
        "youtube,tiktok".into(),
        "--backend".into(),
        "openai".into(),
        "--backend-url".into(),
        server.uri(),
        "--model".into(),
        "test-model".into(),
        "--format".into(),
        "json".into(),
    ]
    .into();
    let env = vec![("OPENAI_API_KEY".to_string(), "sk-test-123".to_string())];
    let out = translate_async(dir.path().to_path_buf(), args.clone(), env.clone()).await;
    assert!(code(&out) <= 1, "{}", stderr(&out));
    let s = json_of(&out);
    assert_eq!(
        s["failed"].as_array().map(Vec::len),
        Some(0),
        "{}",
        s["failed"]
    );
    assert_eq!(s["totals"]["files_written"], 2);
    let requests = received(&server).await;
    assert!(!requests.is_empty());
    let mut ids = BTreeSet::new();
    for r in &requests {
        assert_eq!(r.url.path(), "/v1/chat/completions");
        assert_eq!(
            r.headers.get("authorization").and_then(|v| v.to_str().ok()),
            Some("Bearer sk-test-123")
        );
        let body: Value = r.body_json().unwrap();
        assert_eq!(body["model"], "test-model");
        assert_eq!(body["messages"][0]["role"], "system");
        assert_eq!(body["messages"][1]["role"], "user");
        // Request-local ids 1, 2, … in batch order; the segment ids never leave subloc.
        let lines = chat_lines(r);
        let got: BTreeSet<String> = lines.iter().map(|(id, _)| id.clone()).collect();
        let want: BTreeSet<String> = (1..=lines.len()).map(|k| k.to_string()).collect();
        assert_eq!(got, want);
        ids.extend(lines.into_iter().map(|(_, text)| text));
    }
    assert!(ids.len() > 10, "distinct lines sent");
    let fa = std::fs::read_to_string(dir.path().join("out/fa/youtube/ep02.srt")).unwrap();
    assert!(fa.chars().any(arabic_letter), "{fa}");
    assert!(!stdout(&out).contains("sk-test-123") && !stderr(&out).contains("sk-test-123"));

    let before = requests.len();
    let out = translate_async(dir.path().to_path_buf(), args, env).await;
    assert!(code(&out) <= 1, "{}", stderr(&out));
    assert_eq!(
        received(&server).await.len(),
        before,
        "the memory re-run sends nothing"
    );
    let s = json_of(&out);
    assert_eq!(s["totals"]["requests"], 0);
}

/// Ctrl-C in the middle of a run: requests in flight finish, nothing new is sent, no
/// half-written or partial track exists, and the re-run sends only what was missing.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_keeps_what_arrived_and_the_rerun_continues() {
    interrupt_keeps_what_arrived("INT").await;
}

/// SIGTERM (a CI runner cancelling the job, `timeout`) stops the run the same way.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_keeps_what_arrived_and_the_rerun_continues() {
    interrupt_keeps_what_arrived("TERM").await;
}

#[cfg(unix)]
async fn interrupt_keeps_what_arrived(signal: &str) {
    use std::time::{Duration, Instant};
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/translate"))
        .respond_with(move |r: &Request| deepl_reply(r).set_delay(Duration::from_millis(300)))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().expect("tempdir");
    let config = format!(
        "translate:\n  backend: deepl\n  backends:\n    deepl:\n      url: {}\n      concurrency: 1\n      max-segments: 4\n",
        server.uri()
    );
    std::fs::write(dir.path().join("subloc.yaml"), config).unwrap();
    let ep = sample("ep02.srt").display().to_string();
    let args = [
        "translate",
        &ep,
        "--to",
        "en,ar",
        "--platform",
        "youtube",
        "--format",
        "json",
    ];
    let bin = assert_cmd::cargo::cargo_bin("subloc");
    let child = std::process::Command::new(&bin)
        .args(args)
        .current_dir(dir.path())
        .env("DEEPL_API_KEY", "test-key:fx")
        .env("LANG", "C")
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("subloc starts");
    let start = Instant::now();
    while received(&server).await.len() < 2 && start.elapsed() < Duration::from_secs(30) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let status = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let out = tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let s = json_of(&out);
    assert_eq!(s["stopped"], "cancelled", "{}", s["stopped"]);
    let first = received(&server).await.len();
    let distinct = s["languages"][0]["segments"].as_u64().unwrap()
        - s["languages"][0]["deduplicated"].as_u64().unwrap();
    let total_requests = 2 * distinct.div_ceil(4) as usize;
    assert!(
        first < total_requests,
        "stopped early: {first} of {total_requests}"
    );
    assert!(!s["failed"].as_array().unwrap().is_empty());
    let leftovers: Vec<PathBuf> = all_files_under(dir.path())
        .into_iter()
        .filter(|p| {
            let name = p.to_string_lossy();
            name.contains("subloc-tmp") || name.ends_with(".srt")
        })
        .collect();
    assert!(
        leftovers.is_empty(),
        "no partial or half-written track: {leftovers:?}"
    );

    // The re-run sends only what is missing, then everything is written.
    let out = translate_async(
        dir.path().to_path_buf(),
        args[1..].iter().map(|s| s.to_string()).collect(),
        vec![("DEEPL_API_KEY".into(), "test-key:fx".into())],
    )
    .await;
    assert!(code(&out) <= 1, "{}", stderr(&out));
    let s = json_of(&out);
    assert_eq!(s["stopped"], Value::Null);
    assert_eq!(s["totals"]["files_written"], 2);
    let hits = s["totals"]["memory_hits"].as_u64().unwrap();
    assert!(hits > 0, "answers received before Ctrl-C were kept");
    let second = received(&server).await.len() - first;
    assert!(
        first + second <= total_requests + 1,
        "nothing paid twice: {first} + {second} requests for {total_requests}"
    );
}

/// The sample's `Sign` style is letter-spaced (`Spacing` 2), as Chinese title styles often are;
/// libass draws spaced Persian unjoined and reversed, so a Persian ASS delivery has no spacing
/// left, while the English one keeps the source's styling.
#[test]
fn persian_ass_deliveries_carry_no_letter_spacing() {
    let dir = tempfile::tempdir().unwrap();
    let src = sample("ep01.ass");
    let spacing = |lang: &str| -> Vec<String> {
        let text = std::fs::read_to_string(
            dir.path()
                .join("out")
                .join(lang)
                .join("instagram_reels")
                .join("ep01.ass"),
        )
        .unwrap();
        let format: Vec<&str> = text
            .lines()
            .find(|l| l.starts_with("Format:") && l.contains("Spacing"))
            .unwrap()
            .trim_start_matches("Format:")
            .split(',')
            .map(str::trim)
            .collect();
        let at = format.iter().position(|f| *f == "Spacing").unwrap();
        assert!(!text.contains("\\fsp"), "{text}");
        text.lines()
            .filter_map(|l| l.strip_prefix("Style:"))
            .map(|l| l.split(',').nth(at).unwrap().trim().to_string())
            .collect()
    };
    // instagram_reels takes no sidecar format: the source's ASS is kept.
    let out = translate(
        dir.path(),
        &[
            src.to_str().unwrap(),
            "--to",
            "fa,en",
            "--platform",
            "instagram_reels",
        ],
    );
    assert!(code(&out) <= 1, "{}", stderr(&out));
    assert!(
        spacing("fa").iter().all(|s| s == "0"),
        "{:?}",
        spacing("fa")
    );
    assert!(
        spacing("en").iter().any(|s| s == "2"),
        "{:?}",
        spacing("en")
    );
}

/// A 16:9 ASS episode (PlayRes 1920 × 1080) delivered to a vertical app is written for the app's
/// canvas: the script's coordinate space is the canvas and every style keeps clear of the
/// covered zones, so a renderer does not draw it 1.8× too large under the app's buttons.
#[test]
fn ass_deliveries_for_a_vertical_app_are_laid_out_for_its_canvas() {
    let dir = tempfile::tempdir().unwrap();
    let src = sample("ep01.ass");
    assert!(
        std::fs::read_to_string(&src)
            .unwrap()
            .contains("PlayResX: 1920")
    );
    let out = translate(
        dir.path(),
        &[
            src.to_str().unwrap(),
            "--to",
            "en",
            "--platform",
            "reelshort",
        ],
    );
    assert!(code(&out) <= 1, "{}", stderr(&out));
    let limits = subloc::platform::Profiles::builtin()
        .unwrap()
        .resolve(
            "reelshort",
            Some(&"en".parse().unwrap()),
            Default::default(),
        )
        .unwrap();
    let canvas = limits.canvas.copied().unwrap();
    let insets = limits.safe_area.copied().unwrap();
    let cpl = limits.max_chars_per_line.copied().unwrap();
    let text = std::fs::read_to_string(dir.path().join("out/en/reelshort/ep01.ass")).unwrap();
    assert!(
        text.contains(&format!("PlayResX: {}", canvas.width)),
        "{text}"
    );
    assert!(
        text.contains(&format!("PlayResY: {}", canvas.height)),
        "{text}"
    );
    let format: Vec<&str> = text
        .lines()
        .find(|l| l.starts_with("Format:") && l.contains("MarginV"))
        .unwrap()
        .trim_start_matches("Format:")
        .split(',')
        .map(str::trim)
        .collect();
    let at = |name: &str| format.iter().position(|f| *f == name).unwrap();
    let styles: Vec<Vec<&str>> = text
        .lines()
        .filter_map(|l| l.strip_prefix("Style:"))
        .map(|l| l.split(',').map(str::trim).collect())
        .collect();
    assert!(!styles.is_empty());
    for s in &styles {
        let n = |name: &str| s[at(name)].parse::<u32>().unwrap();
        assert!(n("MarginR") >= insets.right, "{s:?}");
        assert!(n("MarginL") >= insets.left, "{s:?}");
        let vertical = if (7..=9).contains(&n("Alignment")) {
            insets.top
        } else {
            insets.bottom
        };
        assert!(n("MarginV") >= vertical, "{s:?}");
        // A full line of the profile's characters of ordinary English, measured with the font
        // the style names, fits the room between the style's margins (the 16:9 source's 68 px
        // at PlayResY 1080 would have been 1.8× that on the canvas). Without Noto Sans the
        // size falls back to half an em per character over the safe width.
        let room = f64::from(canvas.width - n("MarginL") - n("MarginR"));
        let size = f64::from(n("Fontsize"));
        let fonts = subloc::typeset::Fonts::new(Default::default());
        match subloc::typeset::Measurer::shaped(fonts.faces_for("Latn", None), size) {
            Some(m) => {
                assert_eq!(s[at("Fontname")], "Noto Sans", "{s:?}");
                let line = subloc::typeset::sample_line("Latn", cpl, Default::default());
                assert!(m.width(&line) <= room, "{s:?}: {}", m.width(&line));
                assert!(size > 60.0, "not the 16:9 size carried over: {s:?}");
            }
            None => {
                let safe = f64::from(canvas.width - insets.left - insets.right);
                assert!(size * 0.5 * cpl <= safe, "{s:?}");
            }
        }
    }
}

/// Reels take no subtitle file: an SRT episode delivered to `instagram_reels` becomes the ASS a
/// burn-in renders, laid out for the Reels canvas.
#[test]
fn a_burned_in_only_platform_gets_canvas_ass_from_an_srt_episode() {
    let dir = tempfile::tempdir().unwrap();
    let src = sample("ep01.srt");
    let out = translate(
        dir.path(),
        &[
            src.to_str().unwrap(),
            "--to",
            "fa",
            "--platform",
            "instagram_reels",
        ],
    );
    assert!(code(&out) <= 1, "{}", stderr(&out));
    let written = dir.path().join("out/fa/instagram_reels/ep01.ass");
    let text = std::fs::read_to_string(&written).unwrap();
    let limits = subloc::platform::Profiles::builtin()
        .unwrap()
        .resolve(
            "instagram_reels",
            Some(&"fa".parse().unwrap()),
            Default::default(),
        )
        .unwrap();
    let canvas = limits.canvas.copied().unwrap();
    assert!(
        text.contains(&format!("PlayResY: {}", canvas.height)),
        "{text}"
    );
    let default = text
        .lines()
        .find(|l| l.starts_with("Style: Default,"))
        .unwrap();
    let margin_v: u32 = default.rsplit(',').nth(1).unwrap().parse().unwrap();
    assert!(
        margin_v >= limits.safe_area.copied().unwrap().bottom,
        "{default}"
    );
    assert!(!dir.path().join("out/fa/instagram_reels/ep01.srt").exists());
}
