//! `subloc convert`: format conversions on the samples, byte-identical identity conversions,
//! output options, safety (input never clobbered, nothing written on failure) and recovery from
//! damaged or non-UTF-8 input.

use std::path::Path;

use crate::cli_support::*;

fn convert(input: &Path, output: &Path, extra: &[&str]) -> std::process::Output {
    run(subloc()
        .args(["--ui-lang", "en-US", "convert"])
        .arg(input)
        .arg(output)
        .args(extra))
}

#[test]
fn identity_conversion_of_every_sample_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let mut seen = 0;
    for entry in std::fs::read_dir(series().join("samples")).unwrap() {
        let path = entry.unwrap().path();
        let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
            continue;
        };
        if !matches!(ext, "srt" | "ass" | "ssa" | "vtt") {
            continue;
        }
        let target = dir.path().join(path.file_name().unwrap());
        let out = convert(&path, &target, &[]);
        assert_eq!(code(&out), 0, "{}: {}", path.display(), stderr(&out));
        let (a, b) = (
            std::fs::read(&path).unwrap(),
            std::fs::read(&target).unwrap(),
        );
        assert!(
            a == b,
            "{} did not round-trip byte for byte",
            path.display()
        );
        seen += 1;
    }
    assert!(seen >= 5, "expected the five bundled samples, saw {seen}");
}

#[test]
fn srt_converts_to_vtt_and_back_with_the_same_cues() {
    let dir = tempfile::tempdir().unwrap();
    let vtt = dir.path().join("ep01.vtt");
    let out = convert(&sample("ep01.srt"), &vtt, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("converted 64 cues from srt to vtt"),
        "{}",
        stderr(&out)
    );
    let text = std::fs::read_to_string(&vtt).unwrap();
    assert!(text.starts_with("WEBVTT"), "{text}");
    assert!(text.contains("00:00:01.200 --> 00:00:03.000"), "{text}");

    let (_, json) = info_json(&[sample("ep01.srt"), vtt.clone()], &[]);
    let (srt, webvtt) = (&json[0], &json[1]);
    assert_eq!(webvtt["format"], "vtt");
    assert_eq!(webvtt["cues"], srt["cues"]);
    assert_eq!(webvtt["start_ms"], srt["start_ms"]);
    assert_eq!(webvtt["end_ms"], srt["end_ms"]);
    assert_eq!(cue_texts(webvtt), cue_texts(srt));
}

#[test]
fn srt_converts_to_ass_with_the_same_cues() {
    let dir = tempfile::tempdir().unwrap();
    let ass = dir.path().join("ep02.ass");
    let out = convert(&sample("ep02.srt"), &ass, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = std::fs::read_to_string(&ass).unwrap();
    assert!(
        text.contains("[Script Info]") && text.contains("[Events]"),
        "{text}"
    );
    let (_, json) = info_json(&[sample("ep02.srt"), ass], &[]);
    assert_eq!(json[1]["format"], "ass");
    assert_eq!(json[1]["cues"], json[0]["cues"]);
    assert_eq!(cue_texts(&json[1]), cue_texts(&json[0]));
    // ASS keeps centiseconds: every time survives to within 10 ms.
    let times = |f: &serde_json::Value| -> Vec<i64> {
        f["cue_list"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| {
                [
                    c["start_ms"].as_i64().unwrap(),
                    c["end_ms"].as_i64().unwrap(),
                ]
            })
            .collect()
    };
    for (a, b) in times(&json[0]).iter().zip(times(&json[1])) {
        assert!((a - b).abs() < 10, "{a} vs {b}");
    }
}

#[test]
fn srt_converts_to_ttml() {
    let dir = tempfile::tempdir().unwrap();
    let ttml = dir.path().join("ep03.ttml");
    let out = convert(&sample("ep03.srt"), &ttml, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = std::fs::read_to_string(&ttml).unwrap();
    let source = std::fs::read_to_string(sample("ep03.srt")).unwrap();
    assert!(text.starts_with("<?xml"), "{text}");
    assert!(text.contains("<tt"), "{text}");
    assert_eq!(
        text.matches("<p ").count(),
        srt_timings(&source).len(),
        "{text}"
    );
    assert!(text.contains("琉璃"), "{text}");
    // Well-formed XML all the way through.
    let mut reader = quick_xml::Reader::from_str(&text);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("TTML is not well-formed: {e}"),
        }
    }
    // The TTML reads back: converted to SRT again, the same cues at the same times.
    let back = dir.path().join("back.srt");
    let out = convert(&ttml, &back, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let again = std::fs::read_to_string(&back).unwrap();
    assert_eq!(srt_timings(&again), srt_timings(&source));
    let (out, json) = info_json(&[ttml], &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(json[0]["format"], "ttml", "{json}");
}

#[test]
fn styled_ass_converts_to_vtt_and_reports_what_it_could_not_keep() {
    let dir = tempfile::tempdir().unwrap();
    let vtt = dir.path().join("out").join("ep01.vtt");
    let out = convert(&sample("ep01.ass"), &vtt, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("converted 64 cues from ass to vtt"), "{err}");
    // The comment event cannot be expressed as a cue; that is said, not silent.
    assert!(
        err.contains("warning write-") || err.contains("note write-"),
        "{err}"
    );
    let text = std::fs::read_to_string(&vtt).unwrap();
    assert!(text.contains("<i>那是林家传了四代的屏风</i>"), "{text}");
    assert!(
        !text.contains("TL note"),
        "comment event shown as a cue: {text}"
    );
}

#[test]
fn output_options_line_endings_bom_and_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let crlf = dir.path().join("a.srt");
    let out = convert(
        &sample("ep01.srt"),
        &crlf,
        &["--line-ending", "crlf", "--bom"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let bytes = std::fs::read(&crlf).unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("\r\n"));
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());

    let gbk = dir.path().join("gbk.srt");
    let out = convert(&sample("ep01.srt"), &gbk, &["--out-encoding", "gbk"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let bytes = std::fs::read(&gbk).unwrap();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "GBK output should not be UTF-8"
    );
    let (decoded, _, bad) = encoding_rs::GBK.decode(&bytes);
    assert!(!bad);
    assert!(decoded.contains("景德镇·林氏琉璃坊"), "{decoded}");
}

#[test]
fn writes_to_stdout_with_dash() {
    let out = run(subloc().args(["convert", "samples/ep01.srt", "-", "--to", "vtt"]));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).starts_with("WEBVTT"));
    let out = run(subloc().args(["convert", "samples/ep01.srt", "-"]));
    assert_eq!(
        code(&out),
        2,
        "stdout without --to has no extension to go by"
    );
}

#[test]
fn refuses_to_overwrite_its_input_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("ep01.srt");
    std::fs::copy(sample("ep01.srt"), &copy).unwrap();
    let before = std::fs::read(&copy).unwrap();
    let out = convert(&copy, &copy, &[]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("refusing to overwrite the input file"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&copy).unwrap(), before);
    let out = convert(&copy, &copy, &["--force"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        before,
        "untouched srt→srt is identical"
    );
}

#[test]
fn unknown_formats_and_encodings_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = convert(&sample("ep01.srt"), &dir.path().join("ep01.docx"), &[]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("ep01.docx") && err.contains("--to"), "{err}");
    assert_eq!(err.lines().count(), 1, "one error line: {err}");

    let zh = run(subloc()
        .args(["--ui-lang", "zh-CN", "convert", "samples/ep01.srt"])
        .arg(dir.path().join("x.docx")));
    assert_eq!(code(&zh), 2);
    assert!(stderr(&zh).contains("无法判断"), "{}", stderr(&zh));

    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "just some prose, no subtitles here\n").unwrap();
    let out = convert(&notes, &dir.path().join("x.vtt"), &[]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("cannot tell the subtitle format"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("x.vtt").exists());

    let out = convert(
        &sample("ep01.srt"),
        &dir.path().join("y.vtt"),
        &["--encoding", "klingon-8"],
    );
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("unknown encoding “klingon-8”"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("y.vtt").exists());

    let out = run(subloc().args(["convert", "samples/ep01.srt", "x.vtt", "--to", "docx"]));
    assert_eq!(code(&out), 2, "clap rejects an unknown --to value");
}

#[test]
fn missing_input_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = convert(
        &dir.path().join("ep99.srt"),
        &dir.path().join("ep99.vtt"),
        &[],
    );
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("ep99.srt") && err.contains("no such file or directory"),
        "{err}"
    );
}

#[test]
fn srt_converts_to_youtube_sbv_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let sbv = dir.path().join("ep03.sbv");
    let out = convert(&sample("ep03.srt"), &sbv, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = std::fs::read_to_string(&sbv).unwrap();
    assert!(text.starts_with("0:00:01.200,0:00:03.000\n"), "{text}");
    // SBV has no markup: `{\an8}` and `<i>` are reported, not copied into the text.
    assert!(!text.contains('<') && !text.contains('{'), "{text}");
    assert!(
        stderr(&out).contains("write-markup-dropped"),
        "{}",
        stderr(&out)
    );
    let back = dir.path().join("back.srt");
    let out = convert(&sbv, &back, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let source = std::fs::read_to_string(sample("ep03.srt")).unwrap();
    let again = std::fs::read_to_string(&back).unwrap();
    assert_eq!(srt_timings(&again), srt_timings(&source));
    // `--to sbv` picks the format whatever the name.
    let out = convert(
        &sample("ep03.srt"),
        &dir.path().join("x.txt"),
        &["--to", "sbv"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let x = std::fs::read_to_string(dir.path().join("x.txt")).unwrap();
    assert_eq!(x, text);
}

#[test]
fn sami_named_srt_is_reported_as_sami_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let smi = dir.path().join("ep01.srt");
    std::fs::write(
        &smi,
        "<SAMI>\n<BODY>\n<SYNC Start=1000><P Class=ENCC>Hello\n<SYNC Start=2000><P Class=ENCC>&nbsp;\n</BODY>\n</SAMI>\n",
    )
    .unwrap();
    let out_path = dir.path().join("out.vtt");
    let out = convert(&smi, &out_path, &[]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("this is sami content"),
        "{}",
        stderr(&out)
    );
    assert!(!out_path.exists());
    for cmd in [&["check", "--platform", "netflix"][..], &["info"][..]] {
        let out = run(subloc().args(["--ui-lang", "en-US"]).args(cmd).arg(&smi));
        assert_eq!(code(&out), 2, "{cmd:?}: {}", stderr(&out));
    }
}

#[test]
fn ttml_named_srt_is_read_as_ttml_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let ttml = dir.path().join("ep03.ttml");
    assert_eq!(code(&convert(&sample("ep03.srt"), &ttml, &[])), 0);
    let misnamed = dir.path().join("ep03-from-vendor.srt");
    std::fs::copy(&ttml, &misnamed).unwrap();
    let back = dir.path().join("back.vtt");
    let out = convert(&misnamed, &back, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the file is named as srt but holds ttml"),
        "{}",
        stderr(&out)
    );
    let source = std::fs::read_to_string(sample("ep03.srt")).unwrap();
    let again = std::fs::read_to_string(&back).unwrap();
    assert_eq!(srt_timings(&again), srt_timings(&source));
}
