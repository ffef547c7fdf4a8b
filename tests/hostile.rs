//! The catalogue of hostile inputs (issue 7, "Fuzzing and bad input"), at library level: each one
//! must end in a clear error or a diagnostic, never a panic, a hang or an unbounded allocation.
//! Also the library-level part of "Secrets and paths": an API key never shows in the `Debug` of a
//! backend configuration or backend.
//!
//! Everything here must stay fast in a debug build (the whole file well under 30 s on 2 cores):
//! large inputs are built in memory at the smallest size that still proves the point, and the
//! 1 GB case uses a sparse file that is refused before a byte of it is read.

use std::io::Write as _;
use std::path::Path;

use subloc::diag::{Diagnostic, rules};
use subloc::format::{self, ReadOptions, WriteOptions};
use subloc::model::{Cue, Format, RichText, Timestamp, Track};

const ALL_FORMATS: [Format; 4] = [Format::Srt, Format::Ass, Format::Vtt, Format::Ttml];
const TEXT_FORMATS: [Format; 3] = [Format::Srt, Format::Ass, Format::Vtt];

fn rules_of(diags: &[Diagnostic]) -> Vec<&'static str> {
    diags.iter().map(|d| d.rule).collect()
}

fn forced(format: Format) -> ReadOptions {
    ReadOptions {
        format: Some(format),
        ..ReadOptions::default()
    }
}

// ------------------------------------------------------------------------------- input size

/// A 1 GiB file (sparse: no disk used) is refused from its metadata, before any read.
#[test]
fn a_1gib_file_is_refused_before_reading() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("endless.srt");
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(1 << 30).expect("sparse length");
    drop(file);
    let err = format::read_file(&path, &ReadOptions::default()).expect_err("too large");
    match &err {
        format::ReadError::Io { path: p, kind, .. } => {
            assert_eq!(p, &path);
            assert_eq!(*kind, std::io::ErrorKind::FileTooLarge);
        }
        other => panic!("expected an I/O error, got {other:?}"),
    }
    let info = err.too_large().expect("carries the sizes");
    assert_eq!(info.size, 1 << 30);
    assert_eq!(info.limit, format::MAX_INPUT_BYTES);
    assert!(format::MAX_INPUT_BYTES < 1 << 30);
}

/// The limit is exact: `limit` bytes read, one more does not.
#[test]
fn the_size_limit_is_exact() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a.srt");
    let text = "1\n00:00:01,000 --> 00:00:02,000\nHi\n";
    std::fs::write(&path, text).expect("write");
    let len = text.len() as u64;
    let ok = format::read_file_limited(&path, &ReadOptions::default(), len).expect("at the limit");
    assert_eq!(ok.track.cues.len(), 1);
    let err = format::read_file_limited(&path, &ReadOptions::default(), len - 1)
        .expect_err("one byte over");
    let info = err.too_large().expect("too large");
    assert_eq!((info.size, info.limit), (len, len - 1));
    // Other I/O errors are not mistaken for it.
    let missing = format::read_file(&dir.path().join("nope.srt"), &ReadOptions::default())
        .expect_err("missing");
    assert!(missing.too_large().is_none());
}

/// A source without a length (a device) is cut off at the limit instead of read forever.
#[cfg(unix)]
#[test]
fn an_endless_device_stops_at_the_limit() {
    let zero = Path::new("/dev/zero");
    if !zero.exists() {
        return;
    }
    let err = format::read_file_limited(zero, &forced(Format::Srt), 1 << 20).expect_err("endless");
    let info = err.too_large().expect("too large");
    assert_eq!(info.limit, 1 << 20);
    assert_eq!(info.size, (1 << 20) + 1, "stopped one byte past the limit");
}

/// 20 MB on one line with no line ending, in every format: diagnostics, no cue, no hang.
#[test]
fn one_endless_line_is_a_diagnostic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let line = "a".repeat(20 * 1024 * 1024);
    for format in ALL_FORMATS {
        let path = dir.path().join(format!("line.{}", format.extension()));
        std::fs::write(&path, &line).expect("write");
        let loaded = format::read_file(&path, &ReadOptions::default()).expect("reads");
        assert_eq!(loaded.track.format, Some(format));
        assert!(loaded.track.cues.is_empty(), "{format:?}");
        assert!(!loaded.diagnostics.is_empty(), "{format:?}: said nothing");
        // One finding about the line, not one per character.
        assert!(
            loaded.diagnostics.len() <= 4,
            "{format:?}: {:?}",
            rules_of(&loaded.diagnostics)
        );
        assert!(
            loaded.diagnostics.iter().all(|d| d.line <= 1),
            "{format:?}: {:?}",
            loaded.diagnostics
        );
    }
}

/// A cue whose text is one 20 MB line is read as one cue.
#[test]
fn a_20mb_cue_line_is_one_cue() {
    let mut text = String::from("1\n00:00:01,000 --> 00:00:02,000\n");
    text.push_str(&"字".repeat(7 * 1024 * 1024));
    let loaded = format::parse(text, Format::Srt);
    assert_eq!(loaded.track.cues.len(), 1);
    assert_eq!(
        loaded.track.cues[0].text.to_plain().chars().count(),
        7 * 1024 * 1024
    );
}

// ------------------------------------------------------------------------------- many cues

/// `n` tiny SRT cues, 1 s apart.
fn many_cues(n: u32) -> String {
    let mut out = String::with_capacity(n as usize * 40);
    for i in 0..n {
        let t = Timestamp(i64::from(i) * 1000);
        let e = Timestamp(i64::from(i) * 1000 + 500);
        out.push_str(&format!("{}\n{} --> {}\nx{i}\n\n", i + 1, t, e));
    }
    out
}

/// 10⁶ cues (2×10⁵ in a debug build, to keep the debug suite fast; the release run takes the
/// full million): every cue read, in order, with no diagnostic.
#[test]
fn a_million_cues() {
    let n: u32 = if cfg!(debug_assertions) {
        200_000
    } else {
        1_000_000
    };
    let text = many_cues(n);
    let loaded = format::parse(text, Format::Srt);
    assert!(
        loaded.diagnostics.is_empty(),
        "{:?}",
        &loaded.diagnostics[..1]
    );
    let cues = &loaded.track.cues;
    assert_eq!(cues.len(), n as usize);
    let last = cues.last().expect("cues");
    assert_eq!(last.start, Timestamp(i64::from(n - 1) * 1000));
    assert_eq!(last.text.to_plain(), format!("x{}", n - 1));
    // And back out in every format without trouble.
    for format in [Format::Vtt, Format::Ass] {
        let (out, diags) = format::write(&loaded.track, format);
        assert!(diags.is_empty(), "{format:?}");
        assert!(out.len() > n as usize * 20);
    }
}

// ------------------------------------------------------------------------------- timestamps

/// 10¹⁸ ms, hours beyond any clock, and 30-digit numbers beyond i64 in every timestamp field of
/// SRT, WebVTT and ASS: each cue is read with its exact or a saturated (never wrapped, never
/// negative) time, and nothing panics.
#[test]
fn absurd_timestamps_saturate() {
    let big = "9".repeat(30);
    let ass_head = "[Script Info]\nScriptType: v4.00+\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n";
    let cases: Vec<(Format, String)> = vec![
        (
            Format::Srt,
            format!(
                "1\n99999999999:00:00,000 --> 99999999999:00:00,001\nbig\n\n\
                 2\n277777777777:46:40,000 --> 277777777777:46:40,001\ne18\n\n\
                 3\n{big}:00:00,000 --> {big}:00:00,001\nhuge\n\n\
                 4\n00:00:00,{big} --> 00:{big}:{big},000\nparts\n"
            ),
        ),
        (
            Format::Vtt,
            format!(
                "WEBVTT\n\n99999999999:00:00.000 --> 99999999999:00:00.001\nbig\n\n\
                 277777777777:46:40.000 --> 277777777777:46:40.001\ne18\n\n\
                 {big}:00:00.000 --> {big}:00:01.000\nhuge\n\n\
                 00:00.000 --> {big}:00.000\nparts\n"
            ),
        ),
        (
            Format::Ass,
            format!(
                "{ass_head}Dialogue: 0,99999999999:00:00.00,99999999999:00:00.01,Default,,0,0,0,,big\n\
                 Dialogue: 0,277777777777:46:40.00,277777777777:46:40.01,Default,,0,0,0,,e18\n\
                 Dialogue: 0,{big}:00:00.00,{big}:00:00.01,Default,,0,0,0,,huge\n\
                 Dialogue: 0,0:00:00.{big},0:{big}:{big}.00,Default,,0,0,0,,parts\n"
            ),
        ),
    ];
    for (format, text) in cases {
        let loaded = format::parse(text, format);
        let cues = &loaded.track.cues;
        let texts: Vec<String> = cues.iter().map(|c| c.text.to_plain()).collect();
        assert_eq!(texts, ["big", "e18", "huge", "parts"], "{format:?}");
        for c in cues {
            assert!(c.start.0 >= 0 && c.end.0 >= 0, "{format:?}: {c:?}");
        }
        let ms = |i: usize| cues[i].start.0;
        assert_eq!(ms(0), 99_999_999_999 * 3_600_000, "{format:?}");
        assert_eq!(
            ms(1),
            1_000_000_000_000_000_000,
            "{format:?}: 10^18 ms exactly"
        );
        // 30 digits of hours cannot be represented: saturated far beyond 10^18, not wrapped.
        assert!(ms(2) >= 1_000_000_000_000_000_000, "{format:?}: {}", ms(2));
        assert!(
            cues[3].end.0 >= 1_000_000_000_000,
            "{format:?}: {:?}",
            cues[3]
        );
        // And written back out in every format, then read again, without a panic.
        write_everywhere(&loaded.track);
    }
}

/// Writes `track` in every format and encoding family and reads each output back.
fn write_everywhere(track: &Track) {
    for to in ALL_FORMATS {
        for enc in [encoding_rs::UTF_8, encoding_rs::UTF_16LE, encoding_rs::GBK] {
            let opts = WriteOptions {
                encoding: Some(enc),
                ..WriteOptions::default()
            };
            let (bytes, _) = format::write_bytes(track, to, &opts);
            assert!(track.cues.is_empty() || !bytes.is_empty(), "{to:?}");
            let back = format::read_bytes(bytes, None, &forced(to)).expect("forced format");
            if to != Format::Ttml {
                assert_eq!(back.track.cues.len(), track.cues.len(), "{to:?} {enc:?}");
            }
        }
    }
}

/// The extreme values of the time type, in every writer and the model's formatting.
#[test]
fn extreme_timestamps_are_written_without_overflow() {
    let pairs = [
        (i64::MIN, i64::MAX),
        (i64::MAX, i64::MAX),
        (i64::MIN, i64::MIN),
        (i64::MAX - 4, i64::MAX),
        (-1, 0),
        (i64::MAX, i64::MIN),
    ];
    let cues: Vec<Cue> = pairs
        .iter()
        .zip(1u32..)
        .map(|(&(s, e), id)| Cue::new(id, Timestamp(s), Timestamp(e), RichText::plain("x")))
        .collect();
    let track = Track {
        cues,
        ..Track::default()
    };
    write_everywhere(&track);
    // Clocks clamp negatives to zero and never overflow at the top.
    let max = Timestamp(i64::MAX);
    assert_eq!(max.fmt_clock(','), "2562047788015:12:55,807");
    assert_eq!(Timestamp(i64::MIN).fmt_clock('.'), "00:00:00.000");
    assert!(max.fmt_ass().starts_with("2562047788015:12:55."));
    assert_eq!(Timestamp(i64::MIN).fmt_ass(), "0:00:00.00");
    assert_eq!(format!("{max}"), "2562047788015:12:55,807");
    assert_eq!(
        Cue::new(1, Timestamp(i64::MIN), max, RichText::default()).duration_ms(),
        i64::MAX
    );
    let (srt, _) = format::write(&track, Format::Srt);
    assert!(
        srt.contains("00:00:00,000 --> 2562047788015:12:55,807"),
        "{srt}"
    );
    let (ttml, _) = format::write(&track, Format::Ttml);
    assert!(ttml.contains("2562047788015:12:55.807"), "{ttml}");
}

/// Checking and fixing a track at the extremes of the time type: findings, never an overflow.
#[test]
fn extreme_timestamps_check_and_fix() {
    let pairs = [
        (i64::MIN, i64::MAX),
        (i64::MAX, i64::MIN),
        (i64::MAX - 4, i64::MAX),
        (i64::MIN, i64::MIN + 1),
        (0, i64::MAX),
        (i64::MAX, i64::MAX),
    ];
    let profiles = subloc::platform::Profiles::builtin().expect("builtin profiles");
    for id in ["netflix", "bbc", "amazon"] {
        let Ok(profile) = profiles.get(id) else {
            continue;
        };
        for lang in ["en", "fa", "zh-Hans", "ja"] {
            let tag: unic_langid::LanguageIdentifier = lang.parse().expect("tag");
            let limits = profile.resolve(&tag);
            let cues: Vec<Cue> = pairs
                .iter()
                .zip(1u32..)
                .map(|(&(s, e), id)| {
                    Cue::new(
                        id,
                        Timestamp(s),
                        Timestamp(e),
                        RichText::plain(
                            "A line of text that is long enough to need a break somewhere",
                        ),
                    )
                })
                .collect();
            let mut track = Track {
                cues,
                ..Track::default()
            };
            let diags = subloc::check::check_track(
                &track,
                &limits,
                &subloc::check::CheckOptions::default(),
            );
            assert!(!diags.is_empty(), "{id} {lang}: nothing found");
            // Readers never produce a negative time (they saturate into 0..=i64::MAX), so the
            // fixer gets the extremes a file can carry. (Negative times overflow in
            // `platform::fit::timing::cap_durations`: see the issue-7 report.)
            for c in &mut track.cues {
                c.start = Timestamp(c.start.0.max(0));
                c.end = Timestamp(c.end.0.max(0));
            }
            let fps = limits.fps_or_default(None);
            let fix = subloc::platform::fit::FixLimits::from_limits(&limits, fps, lang);
            let out = subloc::platform::fit::fix_track(&mut track, &fix, lang);
            assert!(
                !out.changes.is_empty() || !out.unfixable.is_empty(),
                "{id} {lang}"
            );
        }
    }
}

// ------------------------------------------------------------------------------- bad bytes

const ASS_HEAD: &str = "[Script Info]\nScriptType: v4.00+\n\n[V4+ Styles]\nFormat: Name, Fontname, Fontsize\nStyle: Default,Arial,20\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n";

/// Subtitles in `format`: `n` cues of Chinese dialogue, then one whose text is `middle`, then
/// `n` more. Returns the text and the 1-based line of `middle`.
fn cues_around(format: Format, n: usize, middle: &str) -> (String, u32) {
    let lines = ["窑火三天三夜不能停", "琉璃的颜色不对", "景德镇的师傅说"];
    let mut texts: Vec<&str> = (0..n).map(|i| lines[i % lines.len()]).collect();
    texts.push(middle);
    texts.extend((0..n).map(|i| lines[i % lines.len()]));
    let mut out = match format {
        Format::Vtt => String::from("WEBVTT\n\n"),
        Format::Ass => String::from(ASS_HEAD),
        _ => String::new(),
    };
    let mut middle_line = 0;
    for (i, t) in texts.iter().enumerate() {
        let (s, e) = (
            Timestamp(i as i64 * 2000),
            Timestamp(i as i64 * 2000 + 1000),
        );
        let text_line = match format {
            Format::Srt => {
                out.push_str(&format!("{}\n{s} --> {e}\n", i + 1));
                out.lines().count() + 1
            }
            Format::Vtt => {
                out.push_str(&format!("{} --> {}\n", s.fmt_clock('.'), e.fmt_clock('.')));
                out.lines().count() + 1
            }
            _ => {
                out.push_str(&format!(
                    "Dialogue: 0,{},{},Default,,0,0,0,,",
                    s.fmt_ass(),
                    e.fmt_ass()
                ));
                out.lines().count()
            }
        };
        out.push_str(t);
        out.push_str(if format == Format::Ass { "\n" } else { "\n\n" });
        if i == n {
            middle_line = u32::try_from(text_line).unwrap_or(0);
        }
    }
    (out, middle_line)
}

/// Column (1-based, in characters) where the cue text starts on its line.
fn text_column(format: Format) -> u32 {
    match format {
        Format::Ass => "Dialogue: 0,0:00:00.00,0:00:00.00,Default,,0,0,0,,".len() as u32 + 1,
        _ => 1,
    }
}

/// NUL bytes inside a cue's text: an `encoding-nul` warning at the first one, and every cue
/// still read.
#[test]
fn nul_bytes_are_reported_and_the_rest_reads() {
    for format in TEXT_FORMATS {
        let (text, line) = cues_around(format, 1, "ab\0\0cd");
        let loaded =
            format::read_bytes(text.into_bytes(), None, &ReadOptions::default()).expect("detected");
        assert_eq!(loaded.track.format, Some(format));
        let nul: Vec<&Diagnostic> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.rule == rules::ENCODING_NUL)
            .collect();
        assert_eq!(
            nul.len(),
            1,
            "{format:?}: {:?}",
            rules_of(&loaded.diagnostics)
        );
        assert_eq!(
            (nul[0].line, nul[0].column),
            (line, text_column(format) + 2),
            "{format:?}"
        );
        assert_eq!(nul[0].get_arg("count"), Some("2"));
        let texts: Vec<String> = loaded
            .track
            .cues
            .iter()
            .map(|c| c.text.to_plain())
            .collect();
        assert_eq!(texts.len(), 3, "{format:?}");
        assert_eq!(texts[0], "窑火三天三夜不能停");
        assert_eq!(
            texts[1].replace('\0', "@"),
            "ab@@cd",
            "kept, for the writer to decide"
        );
        assert_eq!(texts[2], "窑火三天三夜不能停");
    }
}

/// NUL bytes where the syntax is (timing line, index, ASS field separators) and a file that is
/// nothing but NULs: diagnostics, no panic.
#[test]
fn nul_bytes_in_the_syntax() {
    let cases: Vec<(Format, Vec<u8>)> = vec![
        (
            Format::Srt,
            b"1\n00:00:01,000 -->\x0000:00:02,000\nHi\n\n2\0\n00:00:03,000 --> 00:00:04,000\nHo\n"
                .to_vec(),
        ),
        (
            Format::Vtt,
            b"WEBVTT\0\n\n00:00:01.000 --> 00:00:02\x00.000\nHi\n".to_vec(),
        ),
        (
            Format::Ass,
            format!("{ASS_HEAD}Dialogue: 0,0:00:01.00\0,0:00:02.00,Default,,0,0,0,,Hi\n")
                .into_bytes(),
        ),
        (Format::Srt, vec![0u8; 4096]),
        (Format::Ass, vec![0u8; 4096]),
        (Format::Vtt, vec![0u8; 4096]),
    ];
    for (format, bytes) in cases {
        let loaded = format::read_bytes(bytes, None, &forced(format)).expect("forced");
        assert!(
            rules_of(&loaded.diagnostics).len() >= 2,
            "{format:?}: {:?}",
            rules_of(&loaded.diagnostics)
        );
        write_everywhere(&loaded.track);
    }
}

/// Broken bytes inside a file of good UTF-8: decoded as UTF-8 with U+FFFD, one
/// `encoding-invalid` warning at the first broken byte (line and column), the other cues intact.
#[test]
fn invalid_utf8_inside_utf8() {
    for format in TEXT_FORMATS {
        // An episode's worth of good UTF-8 around the damage.
        let (text, line) = cues_around(format, 40, "坏XY字");
        let mut bytes = text.into_bytes();
        // Replace "XY" by a lone continuation byte and a truncated 3-byte sequence.
        let at = bytes.windows(2).position(|w| w == b"XY").expect("marker");
        bytes.splice(at..at + 2, [0x80, 0xE7, 0xAA]);
        let loaded = format::read_bytes(bytes, None, &ReadOptions::default()).expect("reads");
        assert_eq!(loaded.track.facts.encoding, "UTF-8", "{format:?}");
        let bad: Vec<&Diagnostic> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.rule == rules::ENCODING_INVALID)
            .collect();
        assert_eq!(
            bad.len(),
            1,
            "{format:?}: {:?}",
            rules_of(&loaded.diagnostics)
        );
        assert_eq!(
            (bad[0].line, bad[0].column),
            (line, text_column(format) + 1),
            "{format:?}"
        );
        assert_eq!(bad[0].get_arg("count"), Some("2"));
        let texts: Vec<String> = loaded
            .track
            .cues
            .iter()
            .map(|c| c.text.to_plain())
            .collect();
        assert_eq!(texts.len(), 81, "{format:?}");
        assert_eq!(texts[40], "坏\u{FFFD}\u{FFFD}字", "{format:?}");
        assert_eq!(texts[37], "琉璃的颜色不对");
        assert_eq!(texts[41], "窑火三天三夜不能停");
    }
}

// ------------------------------------------------------------------------------- YAML

/// A billion-laughs document: nine levels of nine aliases (9⁹ ≈ 3.9×10⁸ strings when expanded),
/// the last level written under `key:` with `indent` spaces before each line.
fn alias_bomb(key: &str) -> String {
    let mut out =
        String::from("x-anchors:\n  - &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..9 {
        let prev = format!("*l{}", i - 1);
        let refs = vec![prev.as_str(); 9].join(", ");
        out.push_str(&format!("  - &l{i} [{refs}]\n"));
    }
    out.push_str(&format!(
        "{key}: [*l8, *l8, *l8, *l8, *l8, *l8, *l8, *l8, *l8]\n"
    ));
    out
}

/// The same bomb with the anchors defined inside `key`'s own value, so no unknown key comes
/// first to stop the parse early.
fn alias_bomb_inside(key: &str) -> String {
    let mut out = format!("{key}:\n  - &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let prev = format!("*l{}", i - 1);
        let refs = vec![prev.as_str(); 9].join(", ");
        out.push_str(&format!("  - &l{i} [{refs}]\n"));
    }
    out
}

/// `depth` nested flow sequences (`[[[…]]]`), block sequences (`- - - x`) and block mappings
/// under `key`, and the first two as whole documents.
fn deep_yaml(key: &str, depth: usize) -> Vec<String> {
    let mut block = format!("{key}:\n");
    // Block mappings indent by two more spaces per level: 1,000 levels are already 1 MB.
    for i in 0..depth.min(1_000) {
        block.push_str(&" ".repeat(2 * (i + 1)));
        block.push_str("k:\n");
    }
    vec![
        format!("{key}: {}{}\n", "[".repeat(depth), "]".repeat(depth)),
        format!("{key}:\n  {}x\n", "- ".repeat(depth)),
        block,
        format!("{}{}", "[".repeat(depth), "]".repeat(depth)),
        format!("{}x", "- ".repeat(depth)),
    ]
}

/// Glossary loading, linting, and the two commands that edit a glossary, on alias bombs and
/// deep nesting: an error, promptly (a hang or an expansion would never reach the assertion).
/// An expansion stops at the YAML library's node budget (see `yaml::from_str`) after about a
/// second in a debug build, so each bomb goes through one entry point only (`apply` and `import`
/// start with the same lint as `load` and `lint_text`).
#[test]
fn yaml_bombs_and_nesting_in_the_glossary() {
    let csv = "term_id,lang,base_fingerprint,decision\nx,en,0,approve\n";
    let bomb_first = format!("source: zh\n{}", alias_bomb("terms"));
    assert!(subloc::glossary::load(&bomb_first).is_err());
    let bomb_inside = format!("source: zh\n{}", alias_bomb_inside("terms"));
    assert!(subloc::glossary::apply::apply(&bomb_inside, csv, "2026-01-01", Some("r")).is_err());
    let mut texts = Vec::new();
    for key in ["terms", "series", "version"] {
        texts.extend(
            deep_yaml(key, 100_000)
                .into_iter()
                .map(|t| format!("source: zh\n{t}")),
        );
    }
    for text in texts {
        let errors = subloc::glossary::load(&text).expect_err("not a glossary");
        assert!(!errors.is_empty());
        let (g, diags) = subloc::glossary::lint_text(&text, &["en"]);
        assert!(g.is_none() && !diags.is_empty());
        assert!(subloc::glossary::apply::apply(&text, csv, "2026-01-01", Some("r")).is_err());
        assert!(
            subloc::glossary::import::import_csv(&text, "窑,kiln\n", "en", "2026-01-01").is_err()
        );
    }
}

/// Profile overrides and `subloc.yaml` on alias bombs and deep nesting: an error, promptly.
#[test]
fn yaml_bombs_and_nesting_in_profiles_and_config() {
    let mut texts: Vec<String> = Vec::new();
    for key in [
        "profiles",
        "schema_version",
        "check",
        "translate",
        "platform",
    ] {
        texts.push(alias_bomb(key));
        texts.push(alias_bomb_inside(key));
        texts.extend(deep_yaml(key, 100_000));
    }
    // One level down, where the schema takes a map of maps.
    texts.push(alias_bomb_inside("    netflix").replacen(
        "    netflix:",
        "profiles:\n  netflix:\n    languages:",
        1,
    ));
    for text in &texts {
        let err = subloc::platform::Profiles::with_overrides(text).expect_err("hostile");
        assert!(
            matches!(err, subloc::platform::ProfileError::Yaml(_)),
            "{err}"
        );
        assert!(subloc::config::parse(text).is_err());
    }
}

// ------------------------------------------------------------------------------- XML entities

const XXE_DTD: &str = "<!DOCTYPE x [\n  <!ENTITY e SYSTEM \"file:///etc/passwd\">\n  <!ENTITY % p SYSTEM \"http://127.0.0.1:9/evil.dtd\">\n  %p;\n  <!ENTITY lol \"lol\">\n  <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n  <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n]>\n";

/// What must never appear in any result: the start of a passwd file, or an expanded entity.
fn assert_unresolved(what: &str, text: &str) {
    assert!(
        !text.contains("root:"),
        "{what}: /etc/passwd leaked: {text}"
    );
    assert!(!text.contains("lollol"), "{what}: entity expanded: {text}");
}

/// `xml` with the hostile DTD after its XML declaration.
fn with_dtd(xml: &str) -> String {
    match xml.find("?>\n") {
        Some(i) => format!("{}{XXE_DTD}{}", &xml[..i + 3], &xml[i + 3..]),
        None => format!("{XXE_DTD}{xml}"),
    }
}

const TBX: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"zh\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n<text><body>\n<conceptEntry id=\"silk-road\">\n  <langSec xml:lang=\"zh\"><termSec><term>丝绸之路</term></termSec></langSec>\n  <langSec xml:lang=\"en\"><termSec><term>TERM</term></termSec></langSec>\n</conceptEntry>\n</body></text></tbx>\n";

const GLOSSARY: &str = "version: 1\nsource: zh-Hans\nterms:\n  - id: kiln\n    source: 窑\n    kind: craft\n    targets:\n      en: {text: kiln, status: approved}\n";

/// TBX import: a DOCTYPE alone is read past (the import works); an entity reference to an
/// external or internal entity is an error, never expanded, in element content or attributes.
#[test]
fn tbx_entities_are_never_resolved() {
    use subloc::glossary::import::{ImportError, import_tbx, read_tbx};
    let plain = with_dtd(&TBX.replace("TERM", "Silk Road"));
    let out = import_tbx(GLOSSARY, &plain, "2026-01-01").expect("a DOCTYPE alone is harmless");
    assert_eq!(out.new_terms, ["silk-road"]);
    assert_unresolved("tbx", &out.new_yaml);
    for evil in ["&e;", "&lol3;", "Silk &e; Road", "&lol;"] {
        let tbx = with_dtd(&TBX.replace("TERM", evil));
        match import_tbx(GLOSSARY, &tbx, "2026-01-01") {
            Err(ImportError::Tbx { message, .. }) => assert_unresolved(evil, &message),
            other => panic!("{evil}: expected a TBX error, got {other:?}"),
        }
    }
    // In attributes (the language, the concept id): never expanded either.
    for (from, to) in [
        ("xml:lang=\"en\"", "xml:lang=\"&e;\""),
        ("id=\"silk-road\"", "id=\"&lol3;\""),
    ] {
        let tbx = with_dtd(&TBX.replace("TERM", "Silk Road").replace(from, to));
        match import_tbx(GLOSSARY, &tbx, "2026-01-01") {
            Ok(out) => assert_unresolved(to, &format!("{:?}\n{}", out.skipped, out.new_yaml)),
            Err(e) => assert_unresolved(to, &e.to_string()),
        }
        if let Ok(concepts) = read_tbx(&tbx) {
            assert_unresolved(to, &format!("{concepts:?}"));
        }
    }
}

/// XLIFF import: the DOCTYPE is ignored; an entity in a target is an `xliff-unknown-entity`
/// problem for that unit only, the other units import.
#[test]
fn xliff_entities_are_never_resolved() {
    use subloc::translate::xliff::{self, ExportUnit, XliffProblem};
    let segments = vec![segment("ep01#1", "窑火"), segment("ep01#2", "琉璃")];
    let units: Vec<ExportUnit<'_>> = segments.iter().map(ExportUnit::from).collect();
    let exported = xliff::export(&units, "zh", "en");
    let mut n = 0;
    let filled = exported
        .split("<target/>")
        .map(str::to_string)
        .reduce(|a, b| {
            n += 1;
            let t = if n == 1 {
                "kiln &e; fire &lol3;"
            } else {
                "glaze"
            };
            format!("{a}<target>{t}</target>{b}")
        })
        .expect("units");
    let (ok, problems) = xliff::import_partial(&with_dtd(&filled), &segments, "en");
    assert_eq!(ok, [("ep01#2".to_string(), "glaze".to_string())]);
    assert!(
        problems
            .iter()
            .any(|p| matches!(p, XliffProblem::UnknownEntity { id, name } if id == "ep01#1" && name == "e")),
        "{problems:?}"
    );
    assert_unresolved("xliff", &format!("{ok:?} {problems:?}"));
    // Entities in the unit's name attribute: never expanded.
    let renamed = with_dtd(&filled.replace("name=\"ep01#2\"", "name=\"&e;\""));
    let (ok, problems) = xliff::import_partial(&renamed, &segments, "en");
    assert_unresolved("xliff name", &format!("{ok:?} {problems:?}"));
    // The unresolvable name is not used; the unit is known by its `id` instead.
    assert_eq!(ok, [("ep01#2".to_string(), "glaze".to_string())]);
}

fn segment(id: &str, text: &str) -> subloc::translate::Segment {
    subloc::translate::Segment {
        id: id.into(),
        text: text.into(),
        context: subloc::translate::SegmentContext::default(),
    }
}

/// TMX import: a DOCTYPE is ignored; an entity reference is an error and nothing is stored.
#[test]
fn tmx_entities_are_never_resolved() {
    use subloc::translate::memory::{MemoryStore, SqliteMemory};
    use subloc::translate::tmx::{ImportIdentity, import_tmx};
    let tmx = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header srclang=\"zh\" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" o-tmf=\"x\" creationtool=\"x\" creationtoolversion=\"1\"/><body>\n<tu><prop type=\"x-subloc-model\">PROP</prop><tuv xml:lang=\"zh\"><seg>窑火</seg></tuv><tuv xml:lang=\"en\"><seg>SEG</seg></tuv></tu>\n</body></tmx>\n";
    let store = SqliteMemory::open_in_memory().expect("memory");
    let ok = with_dtd(&tmx.replace("PROP", "m").replace("SEG", "kiln fire"));
    let report = import_tmx(&ok, &store, &ImportIdentity::default()).expect("a DOCTYPE alone");
    assert_eq!(report.imported, 1);
    for (prop, seg) in [
        ("m", "&e;"),
        ("m", "a &lol3; b"),
        ("&e;", "kiln"),
        ("m", "<ph>&e;</ph>"),
    ] {
        let store = SqliteMemory::open_in_memory().expect("memory");
        let evil = with_dtd(&tmx.replace("PROP", prop).replace("SEG", seg));
        let err =
            import_tmx(&evil, &store, &ImportIdentity::default()).expect_err("entity reference");
        assert_unresolved(seg, &err.to_string());
        assert_eq!(
            store.stats().expect("stats").entries,
            0,
            "{seg}: nothing stored"
        );
    }
    // In an attribute: never expanded.
    let store = SqliteMemory::open_in_memory().expect("memory");
    let attr = with_dtd(
        &tmx.replace("PROP", "m")
            .replace("SEG", "kiln")
            .replace("xml:lang=\"en\"", "xml:lang=\"&e;\""),
    );
    let _ = import_tmx(&attr, &store, &ImportIdentity::default());
    let mut all = String::new();
    store
        .for_each(&mut |e| {
            all.push_str(&format!("{e:?}"));
            Ok(())
        })
        .expect("visit");
    assert_unresolved("tmx attribute", &all);
}
