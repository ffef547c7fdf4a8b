//! The human-translator round trip through the CLI, as a user runs it: `translate --backend
//! xliff` writes `out/xliff/fa.xlf` and no tracks; a "translator" fills every `<target>` (copying
//! the source with a marker, inline codes and term annotations kept) but leaves an italic span
//! unclosed in one unit; `xliff import` stores the good units and names the broken one; after the fix and a
//! second import, `translate --backend xliff` writes every track from the memory. Also: a
//! translator's file saved over the export is never overwritten, an episode edited since the
//! export refuses its old translation, and files for another language are refused whole.

use std::path::{Path, PathBuf};
use std::process::Output;

use quick_xml::Reader;
use quick_xml::events::Event;
use serde_json::Value;

use crate::cli_support::{code, fill_xliff_targets, run, sample, stderr, stdout, subloc};

/// Cue 1 has italics inside the line (two inline codes), cue 2 the glossary term 阿杰 (a term
/// annotation), cues 3 and 4 say the same thing (one unit for both).
const EP09: &str = "1\n00:00:01,000 --> 00:00:03,000\n他说<i>不</i>行\n\n2\n00:00:04,000 --> 00:00:06,500\n阿杰 你来了\n\n3\n00:00:07,000 --> 00:00:09,000\n好的\n\n4\n00:00:10,000 --> 00:00:12,000\n好的\n";

const GLOSSARY: &str = "version: 1\nsource: zh-Hans\nterms:\n  - id: ah-jie\n    source: 阿杰\n    kind: person\n    targets:\n      fa: {text: آجی, status: approved}\n";

const MARK: &str = "FA·";

/// How the export writes the italic span of ep09#1: a paired code saying what it is.
const ITALIC_PC: &str = "<pc id=\"1\" dataRefStart=\"d1\" dataRefEnd=\"d2\" type=\"fmt\" subType=\"xlf:i\" canCopy=\"no\" canDelete=\"no\">";

/// A project folder: episodes/ep01.srt, episodes/ep01.ass (same stem: keys ep01-srt, ep01-ass)
/// and episodes/ep09.srt, and a glossary.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let eps = dir.path().join("episodes");
    std::fs::create_dir_all(&eps).expect("mkdir");
    for s in ["ep01.srt", "ep01.ass"] {
        std::fs::copy(sample(s), eps.join(s)).expect("copy sample");
    }
    std::fs::write(eps.join("ep09.srt"), EP09).expect("write ep09");
    std::fs::write(dir.path().join("glossary.yaml"), GLOSSARY).expect("write glossary");
    dir
}

fn subloc_in(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = subloc();
    cmd.current_dir(dir).args(args);
    run(&mut cmd)
}

fn translate(dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "translate",
        "episodes",
        "--to",
        "fa",
        "--platform",
        "youtube",
        "--backend",
        "xliff",
    ];
    args.extend(extra);
    subloc_in(dir, &args)
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

/// Units of an XLIFF file as (name, source inner XML), read with a plain scan (independent of
/// subloc's reader), after checking the whole file is well-formed.
fn units(xml: &str) -> Vec<(String, String)> {
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed: {e}\n{xml}"),
        }
    }
    let mut out = Vec::new();
    for chunk in xml.split("<unit ").skip(1) {
        let name = chunk
            .split("name=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or_default()
            .to_string();
        let source = chunk
            .split("<source>")
            .nth(1)
            .and_then(|r| r.split("</source>").next())
            .unwrap_or_default()
            .to_string();
        out.push((name, source));
    }
    out
}

/// What a translator's tool hands back (`cli_support::fill_xliff_targets` with this file's marker).
fn fill(xml: &str) -> String {
    fill_xliff_targets(xml, MARK)
}

/// `xml` with `find` replaced by `with` inside the target of unit `name` only.
fn edit_target(xml: &str, name: &str, find: &str, with: &str) -> String {
    let unit = xml
        .find(&format!("name=\"{name}\""))
        .unwrap_or_else(|| panic!("no unit {name}"));
    let start = xml[unit..].find("<target>").expect("target") + unit;
    let end = xml[start..].find("</target>").expect("end") + start;
    let target = &xml[start..end];
    assert!(target.contains(find), "{name}: {target} lacks {find}");
    format!(
        "{}{}{}",
        &xml[..start],
        target.replacen(find, with, 1),
        &xml[end..]
    )
}

fn written(summary: &Value) -> Vec<(String, bool)> {
    summary["languages"][0]["platforms"][0]["files"]
        .as_array()
        .map(|fs| {
            fs.iter()
                .map(|f| {
                    (
                        f["episode"].as_str().unwrap_or_default().to_string(),
                        f["written"] == true,
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn xlf(dir: &Path) -> PathBuf {
    dir.join("out").join("xliff").join("fa.xlf")
}

#[test]
fn round_trip_through_translators() {
    let dir = project();
    let d = dir.path();

    // 1. Export: the file, no tracks, every segment waiting.
    let out = translate(d, &["--format", "json"]);
    assert_eq!(code(&out), 1, "tracks are missing: {}", stderr(&out));
    let summary = json_of(&out);
    let segments = summary["languages"][0]["segments"]
        .as_u64()
        .expect("segments");
    assert_eq!(summary["backend"], "xliff");
    assert_eq!(summary["totals"]["files_written"], 0);
    assert!(!d.join("out/fa").exists(), "no track may be written");
    let failed = summary["failed"].as_array().expect("failed");
    assert_eq!(failed.len() as u64, segments);
    assert!(failed.iter().all(|f| f["reason"] == "awaiting-translation"));
    let text = std::fs::read_to_string(xlf(d)).expect("out/xliff/fa.xlf");
    let exported = units(&text);
    let x = &summary["xliff"][0];
    assert_eq!(x["lang"], "fa");
    assert_eq!(
        x["path"],
        Path::new("out/xliff/fa.xlf").display().to_string()
    );
    assert_eq!(x["units"].as_u64(), Some(exported.len() as u64));
    assert_eq!(x["segments"].as_u64(), Some(segments));
    // ep01.ass repeats ep01.srt and ep09 repeats a line: one unit per distinct text.
    assert!((exported.len() as u64) < segments);
    let names: Vec<&str> = exported.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        names.contains(&"ep09#3") && !names.contains(&"ep09#4"),
        "{names:?}"
    );
    // What the translator sees.
    assert!(text.contains("srcLang=\"zh-Hans\" trgLang=\"fa\""));
    assert_eq!(
        text.matches("<note category=\"timing\">").count(),
        exported.len()
    );
    assert!(text.contains("<note category=\"timing\">00:00:04.000 – 00:00:06.500</note>"));
    assert!(
        text.contains("<note category=\"max-length\">"),
        "platform budget"
    );
    assert!(
        text.contains("<note category=\"speaker\">林师傅</note>"),
        "ASS speaker"
    );
    assert!(text.contains("<note category=\"glossary\">阿杰 = آجی</note>"));
    assert!(text.contains("<note category=\"subloc-episode\">episodes/ep09.srt</note>"));
    assert!(text.contains("<file id=\"f1\" original=\"ep01-ass\">"));
    let ep09_1 = &exported
        .iter()
        .find(|(n, _)| n == "ep09#1")
        .expect("ep09#1")
        .1;
    assert_eq!(ep09_1, &format!("他说{}不</pc>行", ITALIC_PC));
    let ep09_2 = &exported
        .iter()
        .find(|(n, _)| n == "ep09#2")
        .expect("ep09#2")
        .1;
    assert!(
        ep09_2.contains("<mrk id=\"m1\" translate=\"no\" type=\"term\">آجی</mrk>"),
        "{ep09_2}"
    );

    // The human summary says what to do next, without listing every waiting segment.
    let out = translate(d, &[]);
    assert_eq!(code(&out), 1);
    let human = stdout(&out);
    assert!(human.contains("For translators (XLIFF 2.1):"), "{human}");
    assert!(human.contains("out/xliff/fa.xlf"), "{human}");
    assert!(human.contains("subloc xliff import"), "{human}");
    assert!(
        !stderr(&out).contains("awaiting-translation"),
        "{}",
        stderr(&out)
    );

    // 2. The translator fills everything, but their tool turns the italic span of ep09#1 into
    //    a start code it never closes.
    let returned = d.join("returned-fa.xlf");
    let filled = fill(&text);
    let broken = edit_target(
        &filled,
        "ep09#1",
        &format!("{ITALIC_PC}不</pc>"),
        "<sc id=\"1\"/>不",
    );
    std::fs::write(&returned, &broken).expect("write");
    let out = subloc_in(d, &["xliff", "import", "returned-fa.xlf"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let report = stdout(&out);
    assert!(
        report.contains("ep09#1: inline code 1 is opened but never closed [xliff-inline-codes]"),
        "{report}"
    );
    assert!(
        report.contains("1 segment of these episodes still has no translation"),
        "{report}"
    );
    // The same import as JSON (importing twice is harmless).
    let out = subloc_in(
        d,
        &["xliff", "import", "returned-fa.xlf", "--format", "json"],
    );
    assert_eq!(code(&out), 1);
    let r = json_of(&out);
    assert_eq!(r["imported"].as_u64(), Some(exported.len() as u64 - 1));
    assert_eq!(r["rejected"].as_array().map(Vec::len), Some(1));
    assert_eq!(r["rejected"][0]["id"], "ep09#1");
    assert_eq!(r["rejected"][0]["code"], "xliff-inline-codes");
    assert_eq!(r["rejected"][0]["detail"], "code-unclosed");
    assert_eq!(r["remaining"], 1);
    assert_eq!(r["source_lang"], "zh-Hans");
    assert_eq!(r["target_lang"], "fa");
    let stats = json_of(&subloc_in(d, &["memory", "stats", "--format", "json"]));
    assert_eq!(stats["groups"][0]["backend"], "xliff");
    assert_eq!(stats["entries"].as_u64(), Some(exported.len() as u64 - 1));

    // 3. Re-running delivers the complete episodes and exports only what is missing.
    let out = translate(d, &["--format", "json"]);
    assert_eq!(code(&out), 1);
    let summary = json_of(&out);
    assert_eq!(
        written(&summary),
        vec![
            ("ep01-ass".to_string(), true),
            ("ep01-srt".to_string(), true),
            ("ep09".to_string(), false),
        ]
    );
    assert_eq!(
        summary["languages"][0]["memory_hits"].as_u64(),
        Some(segments - 1)
    );
    let left = units(&std::fs::read_to_string(xlf(d)).expect("xlf"));
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].0, "ep09#1");

    // 4. The fixed file, saved over the export before importing, is never overwritten.
    let fixed = fill(&text);
    std::fs::write(&returned, &fixed).expect("write");
    std::fs::write(xlf(d), &fixed).expect("write");
    let out = translate(d, &[]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("import it first: subloc xliff import out/xliff/fa.xlf"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(xlf(d)).expect("xlf"), fixed);

    let out = subloc_in(d, &["xliff", "import", "returned-fa.xlf"]);
    assert_eq!(code(&out), 0, "{}\n{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains("Every segment of these episodes has a translation now"),
        "{}",
        stdout(&out)
    );

    // 5. Everything from the memory: every track written.
    let out = translate(d, &["--format", "json"]);
    let summary = json_of(&out);
    let errors = summary["totals"]["errors"].as_u64().unwrap_or(0);
    assert_eq!(
        code(&out),
        if errors > 0 { 1 } else { 0 },
        "{}",
        stderr(&out)
    );
    assert_eq!(summary["failed"].as_array().map(Vec::len), Some(0));
    assert_eq!(
        summary["languages"][0]["memory_hits"].as_u64(),
        Some(segments)
    );
    assert!(written(&summary).iter().all(|(_, w)| *w), "{summary}");
    assert_eq!(summary["xliff"].as_array().map(Vec::len), Some(0));
    let ep09 = std::fs::read_to_string(d.join("out/fa/youtube/ep09.srt")).expect("ep09 track");
    assert!(ep09.contains(&format!("{MARK}他说<i>不</i>行")), "{ep09}");
    assert!(ep09.contains("آجی"), "approved term restored: {ep09}");
    assert_eq!(ep09.matches(&format!("{MARK}好的")).count(), 2, "{ep09}");
    let ep01 = std::fs::read_to_string(d.join("out/fa/youtube/ep01-srt.srt")).expect("ep01");
    assert!(ep01.contains(MARK), "{ep01}");
}

#[test]
fn an_edited_episode_refuses_its_old_translation() {
    let dir = project();
    let d = dir.path();
    let out = translate(d, &["--format", "json"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let filled = fill(&std::fs::read_to_string(xlf(d)).expect("xlf"));
    std::fs::write(d.join("back.xlf"), &filled).expect("write");
    // The editor rewrites cue 3 of ep09 after the export.
    let edited = EP09.replacen("好的\n\n4", "不好\n\n4", 1);
    std::fs::write(d.join("episodes/ep09.srt"), edited).expect("write");

    let out = subloc_in(d, &["xliff", "import", "back.xlf", "--format", "json"]);
    assert_eq!(code(&out), 1);
    let r = json_of(&out);
    let rejected = r["rejected"].as_array().expect("rejected");
    assert_eq!(rejected.len(), 1, "{r}");
    assert_eq!(rejected[0]["id"], "ep09#3");
    assert_eq!(rejected[0]["code"], "xliff-source-changed");
    // Cue 3 has no translation, and neither has cue 4: its text was exported once, as cue 3.
    assert_eq!(r["remaining"], 2);
    assert_eq!(
        r["imported"].as_u64(),
        Some(units(&filled).len() as u64 - 1)
    );

    // Naming the episodes explicitly: units of the others are unknown, the named ones import.
    let out = subloc_in(
        d,
        &[
            "xliff",
            "import",
            "back.xlf",
            "episodes/ep09.srt",
            "--format",
            "json",
        ],
    );
    let r = json_of(&out);
    assert_eq!(r["episodes"], serde_json::json!(["ep09"]));
    let rejected = r["rejected"].as_array().expect("rejected");
    assert!(rejected.iter().any(|u| u["code"] == "xliff-unknown-unit"));
    assert!(
        rejected
            .iter()
            .filter(|u| u["code"] == "xliff-unknown-unit")
            .all(|u| u["id"].as_str().is_some_and(|id| id.starts_with("ep01-"))),
        "{r}"
    );
}

#[test]
fn a_file_for_another_language_or_no_xliff_is_refused_whole() {
    let dir = project();
    let d = dir.path();
    translate(d, &[]);
    let filled = fill(&std::fs::read_to_string(xlf(d)).expect("xlf"));
    std::fs::write(d.join("back.xlf"), &filled).expect("write");
    let out = subloc_in(d, &["xliff", "import", "back.xlf", "--lang", "ar"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("back.xlf is in fa, not ar; nothing was imported"),
        "{}",
        stderr(&out)
    );
    std::fs::write(d.join("x.xlf"), "<xliff version=\"1.2\"/>").expect("write");
    let out = subloc_in(d, &["--ui-lang", "fa-IR", "xliff", "import", "x.xlf"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("XLIFF 2"), "{}", stderr(&out));
    let stats = json_of(&subloc_in(d, &["memory", "stats", "--format", "json"]));
    assert_eq!(stats["entries"], 0, "nothing was stored");
}
