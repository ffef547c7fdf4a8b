//! The catalogue of hostile inputs, at library level: each one
//! must end in a clear error or a diagnostic, never a panic, a hang or an unbounded allocation.
//! Also the library-level part of "Secrets and paths": an API key never shows in the `Debug` of a
//! backend configuration or backend.
//!
//! Everything here must stay fast in a debug build (the whole file well under 30 s on 2 cores):
//! large inputs are built in memory at the smallest size that still proves the point, and the
//! 1 GB case uses a sparse file that is refused before a byte of it is read.

use std::path::Path;

use subloc::diag::{Diagnostic, rules};
use subloc::translate::{Backend, BackendError};

use crate::backend_support::{assert_no_secret, http, req, run_scheduler, seg};
use subloc::format::{self, ReadError, ReadOptions, WriteOptions};
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
    const { assert!(format::MAX_INPUT_BYTES < 1 << 30) };
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

/// A source without a length (a device) is refused before it is opened, instead of read to the
/// limit and then misreported as a file of that size.
#[cfg(unix)]
#[test]
fn an_endless_device_is_refused_before_reading() {
    let zero = Path::new("/dev/zero");
    if !zero.exists() {
        return;
    }
    let err = format::read_file_limited(zero, &forced(Format::Srt), 1 << 20).expect_err("endless");
    assert!(err.too_large().is_none(), "not read to the limit");
    let ReadError::Io { source, .. } = &err else {
        panic!("{err:?}")
    };
    let special = source
        .get_ref()
        .and_then(|e| e.downcast_ref::<format::NotRegularFile>())
        .copied();
    assert_eq!(special, Some(format::NotRegularFile { kind: "device" }));
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

/// A billion-laughs document: anchors of nine aliases each, nested nine deep under an unknown
/// top-level key, and nine aliases to the last one under `key:` (9¹⁰ ≈ 3.5×10⁹ strings when
/// expanded).
fn alias_bomb(key: &str) -> String {
    let mut out =
        String::from("x-anchors:\n  - &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..9 {
        let prev = format!("*l{}", i - 1);
        let refs = [prev.as_str(); 9].join(", ");
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
        let refs = [prev.as_str(); 9].join(", ");
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
    use subloc::glossary::import::GlossaryImportError;
    use subloc::interchange::tbx::{import_tbx, read_tbx};
    let plain = with_dtd(&TBX.replace("TERM", "Silk Road"));
    let out = import_tbx(GLOSSARY, &plain, "2026-01-01").expect("a DOCTYPE alone is harmless");
    assert_eq!(out.new_terms, ["silk-road"]);
    assert_unresolved("tbx", &out.new_yaml);
    for evil in ["&e;", "&lol3;", "Silk &e; Road", "&lol;"] {
        let tbx = with_dtd(&TBX.replace("TERM", evil));
        match import_tbx(GLOSSARY, &tbx, "2026-01-01") {
            Err(GlossaryImportError::Tbx { message, .. }) => assert_unresolved(evil, &message),
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
    use subloc::interchange::xliff::{self, ExportUnit, XliffProblem};
    let segments = vec![seg("ep01#1", "窑火"), seg("ep01#2", "琉璃")];
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

/// TMX import: a DOCTYPE is ignored; an entity reference is an error and nothing is stored.
#[test]
fn tmx_entities_are_never_resolved() {
    use subloc::interchange::tmx::{ImportIdentity, import_tmx};
    use subloc::translate::memory::{MemoryStore, SqliteMemory};
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

// ------------------------------------------------------------------------------- CSV formulas

/// The formula cells of the issue, and the classic DDE payload.
const FORMULAS: [&str; 5] = [
    "=HYPERLINK(\"http://x\",\"y\")",
    "+cmd",
    "-1+1",
    "@SUM(1)",
    "=cmd|' /C calc'!A0",
];

/// Reads RFC 4180 CSV (test-side, independent of the library's reader): records of cells.
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

/// No cell a spreadsheet would evaluate: nothing starts with `=`, `+`, `-`, `@`, tab or CR.
fn assert_no_formula(what: &str, csv: &str) {
    for row in read_csv(csv) {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{what}: formula cell {cell:?} in\n{csv}"
            );
        }
    }
}

/// A YAML single-quoted scalar.
fn yq(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A glossary whose sources, variants, renderings, reviewers and notes start with formula
/// characters.
fn formula_glossary() -> String {
    let mut y = String::from("version: 1\nsource: zh-Hans\nterms:\n");
    for (i, f) in FORMULAS.iter().enumerate() {
        y.push_str(&format!(
            "  - id: t{i}\n    source: {}\n    kind: craft\n    note: {}\n    variants: [{}]\n    targets:\n      en: {{text: {}, status: approved, reviewer: {}}}\n      fa: {{text: {}, status: proposed}}\n",
            yq(&format!("{f}源")),
            yq(f),
            yq(&format!("{f}v")),
            yq(f),
            yq(f),
            yq(&format!("{f}fa")),
        ));
    }
    y
}

/// Every CSV subloc writes from a glossary: the review sheet (formulas protected with `'`, which
/// `apply` strips again) and the MT glossary exports (formula entries left out).
#[test]
fn produced_csvs_never_carry_formulas() {
    use subloc::glossary::export::{PairCsvStyle, pair_csv};
    let g = subloc::glossary::load(&formula_glossary()).expect("a valid glossary");
    for f in FORMULAS {
        assert!(g.terms.iter().any(|t| t.source.starts_with(f)));
    }
    for lang in ["en", "fa", "de"] {
        let review = subloc::glossary::review::review_csv(&g, lang);
        assert_no_formula("review", &review);
        let rows = read_csv(&review);
        assert_eq!(rows.len(), FORMULAS.len() + 1, "{lang}");
        // The texts are there, behind the protecting quote mark.
        for (row, f) in rows.iter().skip(1).zip(FORMULAS) {
            assert_eq!(row[2], format!("'{f}源"));
            if lang == "en" {
                assert_eq!(row[5], format!("'{f}"));
            }
        }
        for style in [PairCsvStyle::Deepl, PairCsvStyle::Google] {
            for proposed in [false, true] {
                let csv = pair_csv(&g, lang, style, proposed);
                assert_no_formula("export", &csv);
                assert!(
                    csv.is_empty(),
                    "{lang}: every entry here is a formula: {csv}"
                );
            }
        }
    }
    // A glossary mixing ordinary and formula entries keeps the ordinary ones.
    let mixed = format!(
        "{}  - id: kiln\n    source: 窑\n    kind: craft\n    variants: ['-窑']\n    targets:\n      en: {{text: kiln, status: approved}}\n",
        formula_glossary()
    );
    let g = subloc::glossary::load(&mixed).expect("valid");
    assert_eq!(
        pair_csv(&g, "en", PairCsvStyle::Deepl, false),
        "窑,kiln\r\n"
    );
}

/// A reviewer's formula cells, applied: stored as plain text in the glossary (never evaluated,
/// never mangled), and protected again in the next sheet.
#[test]
fn applied_formula_cells_are_stored_as_text() {
    use subloc::glossary::review::fingerprint;
    let yaml = "version: 1\nsource: zh-Hans\nterms:\n  - id: t0\n    source: 窑\n    kind: craft\n    targets:\n      en: {text: kiln, status: proposed}\n  - id: t1\n    source: 琉璃\n    kind: craft\n  - id: t2\n    source: 景德镇\n    kind: place\n  - id: t3\n    source: 釉\n    kind: craft\n  - id: t4\n    source: 火候\n    kind: craft\n";
    let g = subloc::glossary::load(yaml).expect("valid");
    let mut csv =
        String::from("term_id,lang,base_fingerprint,decision,corrected_text,reviewer,comment\r\n");
    for (t, f) in g.terms.iter().zip(FORMULAS) {
        let current = t
            .target("en")
            .and_then(|e| e.text.clone())
            .unwrap_or_default();
        let fp = fingerprint(&t.source, "en", &current);
        let cell = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        csv.push_str(&format!(
            "{},en,{fp},correct,{},{},{}\r\n",
            t.id,
            cell(f),
            cell(&format!("{f}reviewer")),
            cell(f)
        ));
    }
    // The same decisions as they come back from a spreadsheet that kept the protecting quote.
    let protected = csv
        .replace(",\"=", ",\"'=")
        .replace(",\"+", ",\"'+")
        .replace(",\"-", ",\"'-")
        .replace(",\"@", ",\"'@");
    assert_ne!(protected, csv);
    for sheet in [&csv, &protected] {
        let out = subloc::glossary::apply::apply(yaml, sheet, "2026-01-01", None).expect("applies");
        assert!(out.refused.is_empty(), "{:?}", out.refused);
        assert_eq!(out.changes.len(), FORMULAS.len());
        let back = subloc::glossary::load(&out.new_yaml).expect("still valid");
        for (t, f) in back.terms.iter().zip(FORMULAS) {
            let e = t.target("en").expect("entry");
            assert_eq!(e.text.as_deref(), Some(f), "{}", out.new_yaml);
            assert_eq!(e.reviewer.as_deref(), Some(format!("{f}reviewer").as_str()));
        }
        let comments: Vec<&str> = out.changes.iter().map(|c| c.comment.as_str()).collect();
        assert_eq!(comments, FORMULAS);
        assert_no_formula(
            "next sheet",
            &subloc::glossary::review::review_csv(&back, "en"),
        );
    }
}

// ------------------------------------------------------------------------------- LLM replies

mod llm {
    use std::sync::Arc;

    use serde_json::{Value, json};
    use subloc::translate::openai::{OpenAiBackend, OpenAiConfig};
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    use super::*;

    const KEY: &str = "sk-hostile-0123456789abcdef";

    fn completion(content: &str) -> Value {
        json!({
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 10}
        })
    }

    /// A backend on a server that answers every request with `body` (status 200).
    async fn answering(
        body: ResponseTemplate,
        max_response_bytes: usize,
    ) -> (MockServer, OpenAiBackend) {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(body)
            .mount(&server)
            .await;
        let mut cfg = OpenAiConfig::new(KEY);
        cfg.base_url = server.uri();
        cfg.http = http();
        cfg.http.max_response_bytes = max_response_bytes;
        let backend = OpenAiBackend::new(cfg).expect("backend");
        (server, backend)
    }

    fn two() -> subloc::translate::BatchRequest {
        req("zh", "en", vec![seg("s#1", "窑火"), seg("s#2", "琉璃")])
    }

    async fn ask(
        body: ResponseTemplate,
        cap: usize,
    ) -> Result<subloc::translate::BatchReply, BackendError> {
        let (_server, backend) = answering(body, cap).await;
        backend.translate(&two()).await
    }

    fn malformed(r: &Result<subloc::translate::BatchReply, BackendError>) -> bool {
        matches!(r, Err(BackendError::Malformed(_)))
    }

    /// Replies over the size cap (announced or not) are refused unread; a huge but allowed
    /// content is parsed, keeping only string values.
    #[tokio::test]
    async fn huge_replies() {
        let big = "字".repeat(400_000);
        let content = json!({"s#1": big, "s#2": "glaze"}).to_string();
        let body = serde_json::to_vec(&completion(&content)).expect("json");
        // Over a 256 KiB cap.
        let r = ask(
            ResponseTemplate::new(200).set_body_bytes(body.clone()),
            256 << 10,
        )
        .await;
        assert!(malformed(&r), "{r:?}");
        // Within the default cap: both translations.
        let r = ask(ResponseTemplate::new(200).set_body_bytes(body), 16 << 20).await;
        let reply = r.expect("within the cap");
        assert_eq!(reply.translations.len(), 2);
        assert_eq!(reply.translations[0].1.chars().count(), 400_000);
        // Many invented ids: passed through as data (the scheduler ignores ids it did not ask).
        let many: serde_json::Map<String, Value> = (0..50_000)
            .map(|i| (format!("x#{i}"), Value::String("y".into())))
            .collect();
        let content = Value::Object(many).to_string();
        let r = ask(
            ResponseTemplate::new(200).set_body_json(completion(&content)),
            16 << 20,
        )
        .await;
        assert_eq!(r.expect("parsed").translations.len(), 50_000);
    }

    /// Deeply nested JSON, as the whole body or as the model's content: a `Malformed` error
    /// (serde_json's recursion limit), never a stack overflow.
    #[tokio::test]
    async fn deeply_nested_json() {
        let deep_array = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let deep_object = format!("{}1{}", "{\"a\":".repeat(100_000), "}".repeat(100_000));
        for deep in [&deep_array, &deep_object] {
            let r = ask(
                ResponseTemplate::new(200).set_body_string(deep.clone()),
                16 << 20,
            )
            .await;
            assert!(malformed(&r), "body: {r:?}");
            let r = ask(
                ResponseTemplate::new(200).set_body_json(completion(deep)),
                16 << 20,
            )
            .await;
            assert!(malformed(&r), "content: {r:?}");
            // Deep under an asked id, inside prose, inside a code fence.
            for content in [
                format!("{{\"s#1\": {deep}, \"s#2\": \"glaze\"}}"),
                format!("Here you go: {{\"s#1\": {deep}}} hope it helps"),
                format!("```json\n{{\"s#1\": {deep}}}\n```"),
            ] {
                let r = ask(
                    ResponseTemplate::new(200).set_body_json(completion(&content)),
                    16 << 20,
                )
                .await;
                assert!(malformed(&r), "{r:?}");
            }
        }
        // Nesting within the limit under an id: not a string, so that id is left out.
        let shallow = format!("{}{}", "[".repeat(100), "]".repeat(100));
        let content = format!("{{\"s#1\": {shallow}, \"s#2\": \"glaze\"}}");
        let r = ask(
            ResponseTemplate::new(200).set_body_json(completion(&content)),
            16 << 20,
        )
        .await;
        assert_eq!(
            r.expect("parsed").translations,
            [("s#2".to_string(), "glaze".to_string())]
        );
    }

    /// Ids with path characters in a reply are data: passed through by the backend, ignored by
    /// the scheduler, never used to build a path (nothing appears beside the memory file).
    #[tokio::test]
    async fn ids_with_path_characters() {
        let content = json!({
            "../../../../tmp/subloc-pwned": "x",
            "/etc/passwd": "x",
            "s#1/../s#2": "x",
            "C:\\Windows\\x": "x",
            "s#1\u{0}": "x",
            "s#1": "kiln fire",
            "s#2": "glaze",
        })
        .to_string();
        let (server, backend) = answering(
            ResponseTemplate::new(200).set_body_json(completion(&content)),
            16 << 20,
        )
        .await;
        let reply = backend.translate(&two()).await.expect("parsed");
        assert_eq!(reply.translations.len(), 7);
        let dir = tempfile::tempdir().expect("tempdir");
        let memory = dir.path().join("tm.sqlite");
        let segments = [seg("s#1", "窑火"), seg("s#2", "琉璃")];
        let run = run_scheduler(Arc::new(backend), &memory, "zh", "en", &segments).await;
        let texts: Vec<Option<&str>> = run
            .outcomes
            .iter()
            .map(subloc::translate::scheduler::SegmentOutcome::text)
            .collect();
        assert_eq!(texts, [Some("kiln fire"), Some("glaze")]);
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("ls")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert!(
            names.iter().all(|n| n.starts_with("tm.sqlite")),
            "only the memory database: {names:?}"
        );
        assert!(!Path::new("/tmp/subloc-pwned").exists());
        drop(server);
    }
}

// ------------------------------------------------------------------------------- arbitrary bytes

mod bytes {
    use proptest::prelude::*;

    use super::*;

    /// Pieces of subtitle syntax, encoding trouble and plain noise, to be glued together.
    fn fragment() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            Just(b"1\n".to_vec()),
            Just(b"00:00:01,000 --> 00:00:02,000\n".to_vec()),
            Just(b"00:00:01.000 --> 00:00:02.000 line:0 align:start\n".to_vec()),
            Just(b"99999999999999999999999999999:00:00,000 --> 1:2:3,4\n".to_vec()),
            Just(b"WEBVTT\n\n".to_vec()),
            Just(b"NOTE x\n".to_vec()),
            Just(b"STYLE\n::cue { color: red }\n".to_vec()),
            Just(b"[Script Info]\nScriptType: v4.00+\n".to_vec()),
            Just(b"[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n".to_vec()),
            Just(b"Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,".to_vec()),
            Just(b"{\\i1}{\\pos(1,2)}{\\p1}m 0 0 l 1 1{\\p0}".to_vec()),
            Just(b"<i><b><font color=\"#fff\"><v Bob><c.x>&amp;&lt;&#x1F600;".to_vec()),
            Just(b"<?xml version=\"1.0\"?><tt xmlns=\"http://www.w3.org/ns/ttml\"><body><div><p begin=\"1s\" end=\"2s\">".to_vec()),
            Just("窑火三天三夜 می‌خواهم\n".as_bytes().to_vec()),
            Just(vec![0]),
            Just(vec![0xFF, 0xFE]),
            Just(vec![0xFE, 0xFF]),
            Just(vec![0xEF, 0xBB, 0xBF]),
            Just(vec![0, 0, 0xFE, 0xFF]),
            Just(vec![0xE7, 0xAA]),
            Just(vec![0x80]),
            Just(b"\r".to_vec()),
            Just(b"\r\n\r\n".to_vec()),
            Just(b"\n\n".to_vec()),
            prop::collection::vec(any::<u8>(), 0..16),
        ]
    }

    fn hostile_bytes() -> impl Strategy<Value = Vec<u8>> {
        prop::collection::vec(fragment(), 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        /// Any glued-together bytes, read as every format (and detected): diagnostics point
        /// inside the text, cue origins lie inside the source, and every writer takes the result.
        #[test]
        fn hostile_bytes_read_as_every_format(bytes in hostile_bytes()) {
            for format in [None, Some(Format::Srt), Some(Format::Vtt), Some(Format::Ass), Some(Format::Ttml)] {
                let opts = ReadOptions { format, ..ReadOptions::default() };
                let Ok(loaded) = format::read_bytes(bytes.clone(), None, &opts) else {
                    prop_assert!(format.is_none(), "only detection may fail");
                    continue;
                };
                let source = loaded.track.source.as_deref().map_or("", String::as_str);
                let lines = source.split('\n').count() as u32 + source.matches('\r').count() as u32;
                for d in &loaded.diagnostics {
                    prop_assert!(d.line <= lines + 1, "{:?} {} > {}", format, d.rule, lines);
                }
                for c in &loaded.track.cues {
                    if let Some(o) = c.origin {
                        prop_assert!(o.start <= o.body_end && o.body_end <= o.end && o.end as usize <= source.len());
                    }
                }
                for to in ALL_FORMATS {
                    let (out, _) = format::write_bytes(&loaded.track, to, &WriteOptions::default());
                    let _ = format::read_bytes(out, None, &forced(to));
                }
            }
        }
    }
}

// ------------------------------------------------------------------------------- secrets

mod secrets {
    use subloc::translate::deepl::{DeeplBackend, DeeplConfig};
    use subloc::translate::google::{GoogleBackend, GoogleConfig};
    use subloc::translate::libretranslate::{LibreTranslateBackend, LibreTranslateConfig};
    use subloc::translate::openai::{AzureConfig, OpenAiBackend, OpenAiConfig};
    use wiremock::matchers::any;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    use super::*;

    const KEY: &str = "sk-SECRET-hostile-7f3a9c2e51";

    fn assert_hidden(what: &str, debug: String) {
        assert!(!debug.contains(KEY), "{what}: {debug}");
        assert!(!debug.contains("SECRET"), "{what}: {debug}");
    }

    /// A backend under test: its name, itself, and the `Debug` of its configuration and of it.
    struct Under {
        name: &'static str,
        backend: Box<dyn Backend>,
        config_debug: String,
        backend_debug: String,
    }

    fn under<B: Backend + std::fmt::Debug + 'static>(
        name: &'static str,
        backend: B,
        config: &dyn std::fmt::Debug,
    ) -> Under {
        Under {
            name,
            backend_debug: format!("{backend:?}"),
            config_debug: format!("{config:?}"),
            backend: Box::new(backend),
        }
    }

    /// Every HTTP backend configured with `KEY` against `url`.
    fn backends(url: &str) -> Vec<Under> {
        let mut deepl = DeeplConfig::new(KEY);
        deepl.base_url = Some(url.to_string());
        deepl.http = http();
        let mut g2 = GoogleConfig::v2(KEY);
        g2.base_url = Some(url.to_string());
        g2.http = http();
        let mut g3 = GoogleConfig::v3(KEY, "proj-1", "global");
        g3.base_url = Some(url.to_string());
        g3.http = http();
        let mut lt = LibreTranslateConfig::new(url);
        lt.api_key = Some(KEY.into());
        lt.http = http();
        let mut oa = OpenAiConfig::new(KEY);
        oa.base_url = url.to_string();
        oa.http = http();
        let mut az = oa.clone();
        az.azure = Some(AzureConfig {
            deployment: "gpt".into(),
            api_version: "2024-10-21".into(),
        });
        vec![
            under(
                "deepl",
                DeeplBackend::new(deepl.clone()).expect("deepl"),
                &deepl,
            ),
            under(
                "google v2",
                GoogleBackend::new(g2.clone()).expect("google"),
                &g2,
            ),
            under(
                "google v3",
                GoogleBackend::new(g3.clone()).expect("google"),
                &g3,
            ),
            under(
                "libretranslate",
                LibreTranslateBackend::new(lt.clone()).expect("lt"),
                &lt,
            ),
            under(
                "openai",
                OpenAiBackend::new(oa.clone()).expect("openai"),
                &oa,
            ),
            under("azure", OpenAiBackend::new(az.clone()).expect("azure"), &az),
        ]
    }

    /// The key never shows in the `Debug` of a configuration or a backend, whatever the backend.
    #[test]
    fn debug_of_configs_and_backends_hides_the_key() {
        let all = backends("http://127.0.0.1:9");
        assert_eq!(all.len(), 6);
        for u in all {
            assert_hidden(u.name, u.config_debug);
            assert_hidden(u.name, u.backend_debug);
        }
    }

    /// A key that cannot go into a header: an error that does not quote it.
    #[test]
    fn an_unusable_key_is_not_quoted_in_the_error() {
        // A header injection attempt inside the key.
        let bad = format!("{KEY}\r\nX-Injected: 1");
        let errors = [
            DeeplBackend::new(DeeplConfig::new(bad.as_str())).map(|_| ()),
            GoogleBackend::new(GoogleConfig::v3(bad.as_str(), "p", "global")).map(|_| ()),
            OpenAiBackend::new(OpenAiConfig::new(bad.as_str())).map(|_| ()),
        ];
        for e in errors {
            let e = e.expect_err("a newline is not allowed in a header");
            assert_no_secret(&e, KEY);
            assert_hidden("error", format!("{e:?}"));
        }
    }

    /// A server that echoes the key in its error bodies, and a closed port (the transport error
    /// of a request whose URL carries the key, as Google v2's does): errors without the key.
    #[tokio::test]
    async fn errors_never_carry_the_key() {
        let server = MockServer::start().await;
        let echo = format!(
            "{{\"error\": {{\"message\": \"invalid key {KEY} for Bearer {KEY}\", \"code\": 400}}, \"message\": \"{KEY}\"}}"
        );
        Mock::given(any())
            .respond_with(ResponseTemplate::new(400).set_body_string(echo))
            .mount(&server)
            .await;
        let r = req("zh", "en", vec![seg("s#1", "窑火")]);
        for url in [server.uri().as_str(), "http://127.0.0.1:9"] {
            for u in backends(url) {
                let e = u.backend.translate(&r).await.expect_err(u.name);
                assert_no_secret(&e, KEY);
            }
        }
    }
}

/// The CLI names the size and the limit of a file it refuses to read (a sparse 1 GiB file: no
/// disk space used, nothing read).
#[test]
fn info_on_a_file_over_the_read_limit_names_size_and_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.srt");
    std::fs::File::create(&path)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_subloc"))
        .args(["--ui-lang", "en-US", "info"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("1024 MiB") && err.contains("512 MiB"), "{err}");
}
