//! Helpers for driving the binary: a `subloc` command isolated from the machine's locale and
//! colour settings, paths to the bundled samples and fixtures, and output checks every test wants
//! (no panic text, no Rust backtrace).

use std::path::PathBuf;
use std::process::Output;

use assert_cmd::Command;

/// The package root (samples/ and tests/fixtures/ live there).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn sample(name: &str) -> PathBuf {
    root().join("samples").join(name)
}

pub fn fixture(name: &str) -> PathBuf {
    root().join("tests").join("fixtures").join(name)
}

/// `subloc` with a neutral environment: POSIX locale (so English unless a test asks otherwise),
/// no colour, no inherited `LC_*`.
pub fn subloc() -> Command {
    let mut cmd = Command::cargo_bin("subloc").expect("the subloc binary is built for tests");
    for var in [
        "LC_ALL",
        "LC_MESSAGES",
        "LANGUAGE",
        "SUBLOC_DEBUG",
        "RUST_BACKTRACE",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("LANG", "C")
        .env("NO_COLOR", "1")
        .current_dir(root());
    cmd
}

/// Runs and returns the output after checking nothing looks like a crash.
pub fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("subloc runs");
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "panic text on stderr:\n{err}");
    assert!(
        !err.contains("RUST_BACKTRACE"),
        "backtrace hint on stderr:\n{err}"
    );
    assert!(
        !err.contains("stack backtrace"),
        "backtrace on stderr:\n{err}"
    );
    out
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

/// `info --format json --cues` on the given files, parsed.
pub fn info_json(files: &[PathBuf], extra: &[&str]) -> (Output, serde_json::Value) {
    let out = run(subloc()
        .args(["--ui-lang", "en-US", "info", "--format", "json", "--cues"])
        .args(extra)
        .args(files));
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("info json does not parse: {e}\n{}", stdout(&out)));
    (out, json)
}

/// Timing lines of an SRT text (`a --> b`), read here independently of subloc's parser.
pub fn srt_timings(text: &str) -> Vec<(i64, i64)> {
    text.lines()
        .filter_map(|l| {
            let (a, b) = l.split_once("-->")?;
            Some((clock_ms(a.trim())?, clock_ms(b.trim().split(' ').next()?)?))
        })
        .collect()
}

/// `HH:MM:SS,mmm` or `HH:MM:SS.mmm` in milliseconds.
pub fn clock_ms(s: &str) -> Option<i64> {
    let (hms, ms) = s.split_once([',', '.'])?;
    let mut parts = hms.split(':').map(|p| p.parse::<i64>().ok());
    let (h, m, sec) = (parts.next()??, parts.next()??, parts.next()??);
    Some(((h * 60 + m) * 60 + sec) * 1000 + ms.parse::<i64>().ok()?)
}

/// The text of the cues in `cue_list` of one `info` object.
pub fn cue_texts(file: &serde_json::Value) -> Vec<String> {
    file["cue_list"]
        .as_array()
        .map(|cues| {
            cues.iter()
                .filter(|c| c["kind"] == "dialogue")
                .map(|c| c["text"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}
