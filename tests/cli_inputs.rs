//! Hard inputs through the binary: the damaged file of `fixtures/README.md` (recovery, exact
//! position, `--strict`), every legacy and UTF-16 encoding of the fixture table, and Persian
//! joiners surviving a conversion. Expected values are the README's, not the program's.

use std::path::Path;

use crate::cli_support::*;

fn convert(input: &Path, output: &Path, extra: &[&str]) -> std::process::Output {
    run(subloc()
        .args(["--ui-lang", "en-US", "convert"])
        .arg(input)
        .arg(output)
        .args(extra))
}

const MALFORMED_CUES: [(i64, i64, &str); 5] = [
    (1000, 3000, "阿杰 看好窑火"),
    (3500, 6000, "师傅 这一窑烧蓝\n还要多久？"),
    (6500, 9000, "火候到了 釉自然就亮了"),
    (12500, 15000, "博物馆来电话了"),
    (15500, 18000, "丝路屏出事了"),
];

#[test]
fn malformed_file_is_recovered_and_the_fault_located() {
    let (out, json) = info_json(&[fixture("malformed.srt")], &[]);
    assert_eq!(
        code(&out),
        0,
        "a recovered file is still read: {}",
        stderr(&out)
    );
    let file = &json[0];
    let diags = file["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(
        diags[0]["rule"].as_str().unwrap().starts_with("parse-"),
        "{diags:?}"
    );
    assert_eq!(
        (diags[0]["line"].as_u64(), diags[0]["column"].as_u64()),
        (Some(15), Some(8))
    );
    assert_eq!(diags[0]["severity"], "error");
    assert_eq!(file["cues"], 5);
    let list = file["cue_list"].as_array().unwrap();
    let got: Vec<(i64, i64, &str)> = list
        .iter()
        .map(|c| {
            (
                c["start_ms"].as_i64().unwrap(),
                c["end_ms"].as_i64().unwrap(),
                c["text"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, MALFORMED_CUES.to_vec());
    assert!(
        !list
            .iter()
            .any(|c| c["text"].as_str().unwrap().contains("这一条的时间码坏了"))
    );
}

#[test]
fn malformed_file_still_converts_its_good_cues() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("malformed.vtt");
    let out = convert(&fixture("malformed.srt"), &target, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let err = stderr(&out);
    let located: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("malformed.srt:15:8: error parse-"))
        .collect();
    assert_eq!(located.len(), 1, "one located error line: {err}");
    assert!(err.contains("converted 5 cues from srt to vtt"), "{err}");
    let (_, json) = info_json(&[target], &[]);
    let texts = cue_texts(&json[0]);
    let expected: Vec<&str> = MALFORMED_CUES.iter().map(|c| c.2).collect();
    assert_eq!(texts, expected);

    let fa = run(subloc()
        .args(["--ui-lang", "fa-IR", "convert"])
        .arg(fixture("malformed.srt"))
        .arg(dir.path().join("fa.vtt")));
    let err = stderr(&fa);
    assert!(err.contains("malformed.srt:15:8: خطا parse-"), "{err}");
    assert!(err.contains("تبدیل شد"), "{err}");
}

#[test]
fn strict_refuses_a_faulty_file_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("strict.vtt");
    let out = convert(&fixture("malformed.srt"), &target, &["--strict"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        !target.exists(),
        "--strict failure must not write the output"
    );
    let err = stderr(&out);
    assert!(err.contains("malformed.srt:15:8"), "{err}");
    assert!(
        err.contains("--strict is set: nothing was written"),
        "{err}"
    );
    let (out, _) = info_json(&[fixture("malformed.srt")], &["--strict"]);
    assert_eq!(code(&out), 1);
    // A clean file passes --strict.
    let clean = convert(
        &sample("ep01.srt"),
        &dir.path().join("ok.vtt"),
        &["--strict"],
    );
    assert_eq!(code(&clean), 0, "{}", stderr(&clean));
}

/// (file, encoding, BOM, line ending, cues, last end, plain text of cue 1) from the README table.
const ENCODED: [(&str, &str, bool, &str, u64, i64, &str); 10] = [
    (
        "gbk.srt",
        "GBK",
        false,
        "crlf",
        6,
        18_800,
        "阿杰 你给我看好窑火\n这一窑烧蓝还要多久才能好？",
    ),
    (
        "big5.srt",
        "Big5",
        false,
        "crlf",
        6,
        18_800,
        "林師傅 您看好窯火\n這一窯燒藍還要多久才能好？",
    ),
    (
        "shift_jis.srt",
        "Shift_JIS",
        false,
        "crlf",
        6,
        18_800,
        "アジェ、窯の火をよく見ていなさい",
    ),
    (
        "euc_kr.srt",
        "EUC-KR",
        false,
        "crlf",
        5,
        15_600,
        "아제, 가마 불을 잘 지켜봐라\n이번 가마는 얼마나 더 걸리니?",
    ),
    (
        "windows1256.srt",
        "windows-1256",
        false,
        "crlf",
        5,
        15_600,
        "انتبه لنار الفرن يا آ جيه\nكم بقي على حرق المينا؟",
    ),
    (
        "windows1250.srt",
        "windows-1250",
        false,
        "crlf",
        5,
        15_600,
        "Mistře, hlídej oheň v peci.",
    ),
    (
        "utf16le_bom.srt",
        "UTF-16LE",
        true,
        "crlf",
        4,
        12_500,
        "这块七色砖上\n怎么有个“林”字？",
    ),
    (
        "utf16be_bom.srt",
        "UTF-16BE",
        true,
        "lf",
        4,
        12_500,
        "آتش که به\u{200c}اندازه باشد،\nلعاب خودش می\u{200c}درخشد",
    ),
    (
        "utf8_bom_crlf.srt",
        "UTF-8",
        true,
        "crlf",
        4,
        12_500,
        "景德镇·林氏琉璃坊\nLin Family Glaze Workshop, Jingdezhen",
    ),
    (
        "cr_only.srt",
        "UTF-8",
        false,
        "cr",
        3,
        9_300,
        "萨拉 给家里打电话",
    ),
];

#[test]
fn every_encoding_of_the_fixture_table_is_read_right() {
    let files: Vec<_> = ENCODED.iter().map(|e| fixture(e.0)).collect();
    let (out, json) = info_json(&files, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    for (file, (name, enc, bom, le, cues, last_end, first)) in
        json.as_array().unwrap().iter().zip(ENCODED)
    {
        assert_eq!(file["encoding"], enc, "{name}");
        assert_eq!(file["bom"], bom, "{name}");
        assert_eq!(file["line_ending"], le, "{name}");
        assert_eq!(file["cues"], cues, "{name}");
        assert_eq!(file["start_ms"], 1000, "{name}");
        assert_eq!(file["end_ms"], last_end, "{name}");
        assert_eq!(cue_texts(file)[0], first, "{name}");
        let legacy = !bom && enc != "UTF-8";
        assert_eq!(
            file["encoding_guessed"], legacy,
            "{name}: guessed only without BOM or UTF-8"
        );
    }
}

#[test]
fn gbk_and_utf16_inputs_convert_to_utf8_text() {
    let dir = tempfile::tempdir().unwrap();
    for (name, needle) in [
        ("gbk.srt", "阿杰 你给我看好窑火"),
        ("utf16le_bom.srt", "这块七色砖上"),
    ] {
        let target = dir.path().join(format!("{name}.vtt"));
        let out = convert(&fixture(name), &target, &[]);
        assert_eq!(code(&out), 0, "{name}: {}", stderr(&out));
        let text =
            String::from_utf8(std::fs::read(&target).unwrap()).expect("UTF-8 output by default");
        assert!(text.starts_with("WEBVTT"), "{name}");
        assert!(text.contains(needle), "{name}: {text}");
    }
    // --encoding names the encoding outright: no guess, same text.
    let (out, json) = info_json(&[fixture("gbk.srt")], &["--encoding", "gb18030"]);
    assert_eq!(code(&out), 0);
    assert_eq!(json[0]["encoding"], "gb18030");
    assert_eq!(json[0]["encoding_guessed"], false);
    assert_eq!(cue_texts(&json[0])[0], ENCODED[0].6);
}

#[test]
fn legacy_files_round_trip_in_their_own_encoding() {
    let dir = tempfile::tempdir().unwrap();
    for (name, enc, ..) in ENCODED {
        let target = dir.path().join(name);
        let out = convert(&fixture(name), &target, &["--out-encoding", enc]);
        assert_eq!(code(&out), 0, "{name}: {}", stderr(&out));
        assert!(
            std::fs::read(fixture(name)).unwrap() == std::fs::read(&target).unwrap(),
            "{name} did not round-trip byte for byte in {enc}"
        );
    }
}

#[test]
fn persian_joiners_survive_conversion() {
    let source = std::fs::read(fixture("utf16be_bom.srt")).unwrap();
    let (decoded, _, bad) = encoding_rs::UTF_16BE.decode(&source);
    assert!(!bad);
    let zwnj = decoded.matches('\u{200c}').count();
    assert!(zwnj >= 5, "fixture has at least five ZWNJ, found {zwnj}");
    let dir = tempfile::tempdir().unwrap();
    for ext in ["srt", "vtt", "ass", "ttml"] {
        let target = dir.path().join(format!("fa.{ext}"));
        let out = convert(&fixture("utf16be_bom.srt"), &target, &[]);
        assert_eq!(code(&out), 0, "{ext}: {}", stderr(&out));
        let text = std::fs::read_to_string(&target).unwrap();
        assert_eq!(text.matches('\u{200c}').count(), zwnj, "{ext}");
        assert!(text.contains("خانواده\u{654}"), "{ext}: hamza above kept");
    }
}

/// A FIFO with no writer and a character device are refused at once (no hang, no 512 MiB read
/// of `/dev/zero`), naming what they are.
#[cfg(unix)]
#[test]
fn non_regular_inputs_are_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("ep01.srt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    let mut inputs = vec![std::path::PathBuf::from("/dev/zero")];
    if made.is_ok_and(|s| s.success()) {
        inputs.push(fifo);
    }
    for input in inputs {
        let out = run(subloc()
            .timeout(std::time::Duration::from_secs(20))
            .args(["--ui-lang", "en-US", "info"])
            .arg(&input));
        assert_eq!(code(&out), 2, "{}: {}", input.display(), stderr(&out));
        assert!(
            stderr(&out).contains("not a regular file"),
            "{}",
            stderr(&out)
        );
    }
}

/// ASS event lines are priced as what they can cost — attributes of their own and a reader warning
/// each (`format::estimate_model`) — not as a plain cue: 2000 events that would pass at a plain
/// cue's price are refused under a budget they could exceed.
#[test]
fn ass_events_are_priced_at_their_own_cost() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.ass");
    let mut text = String::from(
        "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n",
    );
    for i in 0..2000u32 {
        text.push_str(&format!(
            "Dialogue: 0,0:00:01.00,0:00:02.00,S{i},N{i},{i},0,0,E{i},字\n"
        ));
    }
    std::fs::write(&path, &text).unwrap();
    let out = run(subloc()
        .env("SUBLOC_MEMORY_LIMIT", "2M")
        .args(["--ui-lang", "en-US", "info"])
        .arg(&path));
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let err = format!("{}{}", stdout(&out), stderr(&out));
    assert!(err.contains("2000 cues"), "{err}");
    // At a plain cue's price (192 bytes) the same file would have been let through.
    assert!(3 * text.len() as u64 + 2000 * 192 < 2 << 20);
}

/// A file whose model would not fit the memory budget is refused before it is built, with the
/// counts and what to do — never an allocation abort or a backtrace.
#[test]
fn a_file_over_the_memory_budget_is_refused_with_its_counts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.srt");
    let mut text = String::new();
    for i in 0..20_000u32 {
        text.push_str(&format!(
            "{}\n00:00:01,000 --> 00:00:02,000\n<i>x</i>\n\n",
            i + 1
        ));
    }
    std::fs::write(&path, text).unwrap();
    let out = run(subloc()
        .env("SUBLOC_MEMORY_LIMIT", "4M")
        .args(["--ui-lang", "en-US", "check", "--platform", "generic"])
        .arg(&path));
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    // check reports the file as unreadable in its report (stdout), with the reason.
    let err = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        err.contains("20000 cues") && err.contains("SUBLOC_MEMORY_LIMIT"),
        "{err}"
    );
    // With room, the same file reads.
    let out = run(subloc()
        .env("SUBLOC_MEMORY_LIMIT", "1G")
        .args(["--ui-lang", "en-US", "info"])
        .arg(&path));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}
