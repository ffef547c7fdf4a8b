//! `subloc info`: the JSON interface field by field, the human report in each UI language, and
//! how unreadable files and closed pipes are handled.

use std::io::Read;
use std::process::Stdio;

use crate::cli_support::*;

#[test]
fn json_describes_every_sample() {
    let names = ["ep01.srt", "ep02.srt", "ep03.srt", "ep04_qc_faults.srt"];
    let files: Vec<_> = names.iter().map(|n| sample(n)).collect();
    let (out, json) = info_json(&files, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let array = json.as_array().expect("a JSON array");
    assert_eq!(array.len(), names.len());
    for (file, name) in array.iter().zip(names) {
        let text = std::fs::read_to_string(sample(name)).unwrap();
        let timings = srt_timings(&text);
        assert!(
            file["path"].as_str().unwrap().ends_with(name),
            "{}",
            file["path"]
        );
        assert_eq!(file["format"], "srt", "{name}");
        assert_eq!(file["encoding"], "UTF-8", "{name}");
        assert_eq!(file["encoding_guessed"], false, "{name}");
        assert_eq!(file["bom"], text.starts_with('\u{feff}'), "{name}");
        let expected_le = if text.contains("\r\n") { "crlf" } else { "lf" };
        assert_eq!(file["line_ending"], expected_le, "{name}");
        assert_eq!(file["cues"], timings.len(), "{name}");
        assert_eq!(file["comments"], 0, "{name}");
        let start = timings.iter().map(|t| t.0).min();
        let end = timings.iter().map(|t| t.1).max();
        assert_eq!(file["start_ms"].as_i64(), start, "{name}");
        assert_eq!(file["end_ms"].as_i64(), end, "{name}");
        assert_eq!(file["scripts"][0], "Han", "{name}: {}", file["scripts"]);
        assert!(file["diagnostics"].is_array(), "{name}");
        let list = file["cue_list"].as_array().unwrap();
        assert_eq!(list.len(), timings.len(), "{name}");
        for (cue, (s, e)) in list.iter().zip(&timings) {
            assert_eq!(cue["start_ms"], *s, "{name}");
            assert_eq!(cue["end_ms"], *e, "{name}");
        }
        let ids: Vec<_> = list.iter().map(|c| c["index"].as_u64().unwrap()).collect();
        assert!(
            ids.windows(2).all(|w| w[0] < w[1]),
            "{name}: cue ids not increasing"
        );
    }
    let ep01 = &array[0];
    assert_eq!(ep01["start_ms"], 1200);
    assert_eq!(ep01["end_ms"], 158_200);
    let texts = cue_texts(ep01);
    // `{\an8}` is markup, not text; the two-line cue keeps its break as \n.
    assert_eq!(texts[0], "景德镇·林氏琉璃坊");
    assert_eq!(texts[2], "师傅 这一窑烧蓝\n还要多久？");
}

#[test]
fn json_describes_the_styled_ass_sample() {
    let path = sample("ep01.ass");
    let text = std::fs::read_to_string(&path).unwrap();
    let dialogue = text.lines().filter(|l| l.starts_with("Dialogue:")).count();
    let comments = text.lines().filter(|l| l.starts_with("Comment:")).count();
    let (out, json) = info_json(&[path], &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let file = &json[0];
    assert_eq!(file["format"], "ass");
    assert_eq!(file["encoding"], "UTF-8");
    assert_eq!(file["bom"], true);
    assert_eq!(file["line_ending"], "crlf");
    assert_eq!(file["cues"], dialogue);
    assert_eq!(file["comments"], comments);
    assert_eq!(file["start_ms"], 1200);
    let list = file["cue_list"].as_array().unwrap();
    assert_eq!(list.len(), dialogue + comments);
    let texts = cue_texts(file);
    assert_eq!(texts[0], "景德镇·林氏琉璃坊");
    assert_eq!(texts[2], "师傅 这一窑烧蓝\n还要多久？");
    assert_eq!(list[1]["speaker"], "林师傅");
    assert_eq!(list[0]["style"], "Sign");
    let italic = list
        .iter()
        .find(|c| c["text"] == "那是林家传了四代的屏风")
        .expect("the {\\i1} cue, with its override tags removed");
    assert_eq!(italic["kind"], "dialogue");
    let comment = list
        .iter()
        .find(|c| c["kind"] == "comment")
        .expect("the TL note");
    assert!(comment["text"].as_str().unwrap().starts_with("TL note"));
    // The comment is in English, but scripts only count what is shown.
    assert_eq!(file["scripts"], serde_json::json!(["Han"]));
}

#[test]
fn human_report_is_localized() {
    let path = sample("ep01.srt");
    let en = run(subloc().args(["info"]).arg(&path));
    assert_eq!(code(&en), 0);
    let text = stdout(&en);
    assert!(text.contains("Cues"), "{text}");
    assert!(text.contains("64"), "{text}");
    assert!(text.contains("00:00:01.200 → 00:02:38.200"), "{text}");
    assert!(text.contains("Han"), "{text}");

    let zh = run(subloc().args(["--ui-lang", "zh-CN", "info"]).arg(&path));
    let text = stdout(&zh);
    assert!(text.contains("字幕条数"), "{text}");
    assert!(text.contains("编码"), "{text}");

    let fa = run(subloc().args(["info", "--ui-lang", "fa-IR"]).arg(&path));
    let text = stdout(&fa);
    assert!(text.contains("قطعه\u{200c}های زیرنویس"), "{text}");
    assert!(text.contains("کدگذاری"), "{text}");
    assert!(
        !text.contains('\u{2068}'),
        "bidi isolation marks leaked: {text:?}"
    );
}

#[test]
fn ui_language_comes_from_the_environment() {
    let path = sample("ep01.srt");
    let out = run(subloc().env("LANG", "fa_IR.UTF-8").arg("info").arg(&path));
    assert!(stdout(&out).contains("کدگذاری"), "{}", stdout(&out));
    let out = run(subloc()
        .env("LANG", "fa_IR.UTF-8")
        .env("LC_ALL", "zh_CN.UTF-8")
        .arg("info")
        .arg(&path));
    assert!(stdout(&out).contains("编码"), "{}", stdout(&out));
    // --ui-lang beats the environment.
    let out = run(subloc()
        .env("LC_ALL", "zh_CN.UTF-8")
        .args(["info", "--ui-lang", "en-US"])
        .arg(&path));
    assert!(stdout(&out).contains("Encoding"), "{}", stdout(&out));
}

#[test]
fn unreadable_file_is_reported_and_the_rest_still_described() {
    let files = [
        sample("ep01.srt"),
        sample("no-such-episode.srt"),
        sample("ep02.srt"),
    ];
    let (out, json) = info_json(&files, &[]);
    assert_eq!(code(&out), 2);
    let array = json.as_array().unwrap();
    assert_eq!(array.len(), 3);
    assert_eq!(array[0]["format"], "srt");
    assert_eq!(array[1]["error"]["kind"], "not-found");
    assert!(
        array[1]["path"]
            .as_str()
            .unwrap()
            .ends_with("no-such-episode.srt")
    );
    assert!(array[1].get("cues").is_none());
    assert_eq!(array[2]["format"], "srt");
    let err = stderr(&out);
    assert!(err.contains("no-such-episode.srt"), "{err}");
    assert!(err.contains("no such file or directory"), "{err}");
    assert_eq!(
        err.lines()
            .filter(|l| l.contains("no-such-episode"))
            .count(),
        1,
        "{err}"
    );

    let fa = run(subloc().args(["--ui-lang", "fa-IR", "info"]).arg(&files[1]));
    assert_eq!(code(&fa), 2);
    assert!(stderr(&fa).contains("وجود ندارد"), "{}", stderr(&fa));
}

#[test]
fn closed_pipe_ends_quietly() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_subloc"))
        .current_dir(workdir())
        .env("LANG", "C")
        .args([
            "info",
            "--cues",
            "samples/ep01.srt",
            "samples/ep02.srt",
            "samples/ep03.srt",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(
        err.is_empty(),
        "stderr should be empty on a closed pipe: {err}"
    );
}
