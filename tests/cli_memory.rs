//! `subloc memory stats|export|import` on the memory a real `translate` run filled (offline
//! pseudo backend): the statistics agree with the run's JSON summary, the TMX export is
//! well-formed with one `<tu>` per entry, and an export imported into a fresh memory answers a
//! re-run completely (nothing sent). Every run works in a temporary folder.

use std::path::Path;
use std::process::Output;

use quick_xml::Reader;
use quick_xml::events::Event;
use serde_json::Value;

use crate::cli_support::{code, run, sample, stderr, stdout, subloc};

const SEASON: [&str; 3] = ["ep01.srt", "ep02.srt", "ep01.ass"];

/// `subloc ARGS` in `dir`, with no provider keys in the environment.
fn subloc_in(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = subloc();
    cmd.current_dir(dir);
    for var in ["DEEPL_API_KEY", "OPENAI_API_KEY", "GOOGLE_API_KEY"] {
        cmd.env_remove(var);
    }
    cmd.args(args);
    run(&mut cmd)
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON: {e}\nstdout:\n{}\nstderr:\n{}",
            stdout(out),
            stderr(out)
        )
    })
}

/// The season translated into `langs` for YouTube with the pseudo backend; the JSON summary.
fn translate_season(dir: &Path, langs: &str, extra: &[&str]) -> Value {
    let episodes: Vec<String> = SEASON
        .iter()
        .map(|s| sample(s).display().to_string())
        .collect();
    let mut args: Vec<&str> = vec!["translate"];
    args.extend(episodes.iter().map(String::as_str));
    args.extend(["--to", langs, "--platform", "youtube", "--format", "json"]);
    args.extend(extra);
    let out = subloc_in(dir, &args);
    let summary = json_of(&out);
    assert!(code(&out) <= 1, "translate failed to run\n{}", stderr(&out));
    assert_eq!(summary["failed"].as_array().map(Vec::len), Some(0));
    summary
}

/// Element names of a document, checking it is well-formed XML to the end.
fn elements(xml: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut names = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                names.push(e.local_name().as_ref().to_string())
            }
            Ok(_) => {}
            Err(e) => panic!("not well-formed at {}: {e}", reader.buffer_position()),
        }
    }
    names
}

fn count(names: &[String], name: &str) -> usize {
    names.iter().filter(|n| *n == name).count()
}

fn lang_summary<'a>(summary: &'a Value, lang: &str) -> &'a Value {
    summary["languages"]
        .as_array()
        .and_then(|ls| ls.iter().find(|l| l["lang"] == lang))
        .unwrap_or_else(|| panic!("no {lang} in {summary}"))
}

#[test]
fn stats_after_a_pseudo_run_match_the_translate_summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let summary = translate_season(dir.path(), "fa,en", &[]);

    let out = subloc_in(dir.path(), &["memory", "stats", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let stats = json_of(&out);
    assert_eq!(stats["version"], 1);
    assert_eq!(
        stats["memory"], ".subloc/memory.sqlite",
        "translate's default"
    );
    let groups = stats["groups"].as_array().expect("groups");
    assert_eq!(groups.len(), 2, "one group per language pair: {stats}");
    let mut total = 0;
    for lang in ["fa", "en"] {
        let l = lang_summary(&summary, lang);
        let g = groups
            .iter()
            .find(|g| g["target_lang"] == lang)
            .unwrap_or_else(|| panic!("no group for {lang}: {stats}"));
        // A fresh memory holds one entry per distinct text the run translated.
        assert_eq!(g["entries"], l["stats"]["distinct"], "{lang}");
        assert_eq!(g["source_chars"], l["stats"]["unique_chars"], "{lang}");
        assert_eq!(g["billed_chars"], l["billed_chars"], "{lang}");
        assert_eq!(g["source_lang"], summary["source_lang"]);
        assert_eq!(g["backend"], "pseudo");
        // De-duplication across the season: ep01.ass repeats ep01.srt.
        assert!(
            l["stats"]["distinct"].as_u64() < l["segments"].as_u64(),
            "{l}"
        );
        total += l["stats"]["distinct"].as_u64().unwrap_or(0);
    }
    assert_eq!(stats["entries"].as_u64(), Some(total));

    // The human table in another UI language carries the same numbers.
    let out = subloc_in(dir.path(), &["--ui-lang", "zh-CN", "memory", "stats"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains(&format!("{total} 个条目")), "{text}");
    assert!(text.contains("pseudo"), "{text}");
    assert!(text.contains("zh-Hans"), "{text}");

    // Stats never create a memory.
    let out = subloc_in(dir.path(), &["memory", "stats", "--memory", "none.sqlite"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("no translation memory at none.sqlite"));
    assert!(!dir.path().join("none.sqlite").exists());
}

#[test]
fn tmx_export_is_well_formed_with_one_tu_per_entry() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Italics inside a line: two inline codes in the segment.
    let mid = "1\n00:00:01,000 --> 00:00:03,000\n他说<i>不</i>行\n";
    std::fs::write(dir.path().join("mid.srt"), mid).expect("write");
    let summary = translate_season(dir.path(), "fa,ar", &["mid.srt"]);
    let fa = lang_summary(&summary, "fa")["stats"]["distinct"]
        .as_u64()
        .unwrap_or(0) as usize;
    let ar = lang_summary(&summary, "ar")["stats"]["distinct"]
        .as_u64()
        .unwrap_or(0) as usize;

    // Everything, to standard output.
    let out = subloc_in(dir.path(), &["memory", "export", "--format", "tmx"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let xml = stdout(&out);
    assert!(xml.contains("<tmx version=\"1.4\">"), "{xml}");
    let names = elements(&xml);
    assert_eq!(count(&names, "tu"), fa + ar);
    assert_eq!(
        count(&names, "tuv"),
        2 * (fa + ar),
        "source and target per unit"
    );
    assert_eq!(count(&names, "header"), 1);
    // Markup inside a line travels as protected inline codes: 2 codes in the source and in
    // the translation, for each of the 2 languages.
    assert_eq!(count(&names, "ph"), 2 * 2 * 2, "{xml}");

    // One language, atomically to a file.
    let out = subloc_in(
        dir.path(),
        &["memory", "export", "--lang", "fa", "-o", "fa.tmx"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains(&format!("Wrote {fa} entries to fa.tmx")));
    let file = std::fs::read_to_string(dir.path().join("fa.tmx")).expect("fa.tmx");
    let names = elements(&file);
    assert_eq!(count(&names, "tu"), fa);
    assert!(!file.contains("xml:lang=\"ar\""));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("subloc-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");

    // A filter matching nothing still gives a valid, empty TMX.
    let out = subloc_in(dir.path(), &["memory", "export", "--backend", "deepl"]);
    assert_eq!(code(&out), 0);
    assert_eq!(count(&elements(&stdout(&out)), "tu"), 0);
}

#[test]
fn an_imported_export_answers_a_rerun_completely() {
    let dir = tempfile::tempdir().expect("tempdir");
    let first = translate_season(dir.path(), "fa,th", &[]);
    let entries: u64 = ["fa", "th"]
        .iter()
        .map(|l| {
            lang_summary(&first, l)["stats"]["distinct"]
                .as_u64()
                .unwrap_or(0)
        })
        .sum();
    let out = subloc_in(dir.path(), &["memory", "export", "-o", "all.tmx"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));

    let import = |args: &[&str]| {
        let mut all = vec!["memory", "import", "all.tmx", "--memory", "fresh.sqlite"];
        all.extend(args);
        subloc_in(dir.path(), &all)
    };
    let out = import(&["--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let report = json_of(&out);
    assert_eq!(report["imported"].as_u64(), Some(entries));
    assert_eq!(report["units"].as_u64(), Some(entries));
    assert_eq!(report["skipped"], 0);
    // Importing again replaces, never duplicates.
    let out = import(&[]);
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).starts_with(&format!("Imported {entries} entries from all.tmx")),
        "{}",
        stdout(&out)
    );
    let stats = json_of(&subloc_in(
        dir.path(),
        &[
            "memory",
            "stats",
            "--memory",
            "fresh.sqlite",
            "--format",
            "json",
        ],
    ));
    assert_eq!(stats["entries"].as_u64(), Some(entries));

    // The same run against the imported memory sends nothing: every segment from memory.
    let again = translate_season(
        dir.path(),
        "fa,th",
        &["--memory", "fresh.sqlite", "--out", "out2"],
    );
    for lang in ["fa", "th"] {
        let l = lang_summary(&again, lang);
        assert_eq!(l["memory_hits"], l["segments"], "{lang}: {l}");
        assert!(l["segments"].as_u64() > Some(0));
        assert_eq!(l["requests"], 0, "{lang}");
        assert_eq!(l["stats"]["segments_sent"], 0, "{lang}");
    }
    assert_eq!(
        again["totals"]["files_written"],
        first["totals"]["files_written"]
    );
}

#[test]
fn foreign_units_serve_the_backend_they_are_imported_for() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A CAT tool's TMX: no subloc properties; the source is cue 2 of ep01 exactly.
    let tmx = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="cat" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="zh-Hans" datatype="plaintext"/>
<body>
  <tu><tuv xml:lang="zh-Hans"><seg>阿杰 看好窑火</seg></tuv><tuv xml:lang="fa"><seg>آجی، مراقب آتش کوره باش</seg></tuv></tu>
  <tu><tuv xml:lang="zh-Hans"><seg>只有原文</seg></tuv></tu>
</body></tmx>"#;
    std::fs::write(dir.path().join("cat.tmx"), tmx).expect("write");
    let out = subloc_in(
        dir.path(),
        &[
            "memory",
            "import",
            "cat.tmx",
            "--backend",
            "pseudo",
            "--format",
            "json",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let report = json_of(&out);
    assert_eq!(report["backend"], "pseudo");
    assert_eq!(report["imported"], 1);
    assert_eq!(report["skipped"], 1, "the unit without a translation");

    let ep = sample("ep01.srt").display().to_string();
    let out = subloc_in(
        dir.path(),
        &[
            "translate",
            &ep,
            "--to",
            "fa",
            "--platform",
            "youtube",
            "--format",
            "json",
        ],
    );
    let summary = json_of(&out);
    assert_eq!(lang_summary(&summary, "fa")["memory_hits"], 1);
    let track = std::fs::read_to_string(dir.path().join("out/fa/youtube/ep01.srt")).expect("track");
    assert!(track.contains("آجی، مراقب آتش کوره باش"), "{track}");

    // A file that is not TMX imports nothing and says why.
    std::fs::write(dir.path().join("bad.tmx"), "<tmx><body><tu>").expect("write");
    let out = subloc_in(dir.path(), &["memory", "import", "bad.tmx"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("bad.tmx is not a usable TMX file"),
        "{}",
        stderr(&out)
    );
}
