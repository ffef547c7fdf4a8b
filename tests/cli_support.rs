//! Helpers for driving the binary: a `subloc` command isolated from the machine's locale and
//! colour settings, paths to the bundled samples and fixtures, and output checks every test wants
//! (no panic text, no Rust backtrace).
//!
//! Tests never read the repository's own `glossary.yaml`, `subloc.yaml` or `samples/`: those are
//! the user's to edit (the README's partner workflow changes `glossary.yaml` in place). They use
//! the pristine copies under `tests/fixtures/series/` instead, and `subloc()` runs in a temporary
//! copy of that folder, so discovery (`glossary.yaml` upwards, `subloc.yaml`) finds the fixture
//! and whatever a command writes next to its inputs lands in the copy.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use assert_cmd::Command;

/// The package root (tests/fixtures/ lives there).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The checked-in series the tests work on: `glossary.yaml` and `samples/`, copies of the
/// repository's that do not change when a user edits those.
pub fn series() -> PathBuf {
    root().join("tests").join("fixtures").join("series")
}

/// A sample episode of the fixture series.
pub fn sample(name: &str) -> PathBuf {
    series().join("samples").join(name)
}

/// The fixture series' glossary.
pub fn series_glossary() -> PathBuf {
    series().join("glossary.yaml")
}

/// The folder `subloc()` runs in: one temporary copy of the fixture series per test process,
/// made on first use and kept for the process's life.
pub fn workdir() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::Builder::new()
            .prefix("subloc-series-")
            .tempdir()
            .expect("a temporary folder for the series copy");
        copy_tree(&series(), dir.path());
        dir
    })
    .path()
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the copy's folder");
    for entry in std::fs::read_dir(from).expect("read the fixture series") {
        let entry = entry.expect("a fixture entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("its type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a fixture file");
        }
    }
}

pub fn fixture(name: &str) -> PathBuf {
    root().join("tests").join("fixtures").join(name)
}

/// `subloc` with a neutral environment: POSIX locale (so English unless a test asks otherwise),
/// no colour, no inherited `LC_*`, working in [`workdir`] (never the repository).
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
        .current_dir(workdir());
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

/// Following the README's partner workflow edits the repository's `glossary.yaml`; the suite
/// must not notice. `subloc()` runs in a copy of the fixture series, so glossary discovery finds
/// the fixture's glossary, whatever the repository's says.
#[test]
fn subloc_runs_in_a_copy_of_the_fixture_series_not_the_repository() {
    let dir = workdir();
    let canonical = |p: &Path| p.canonicalize().unwrap();
    assert!(!canonical(dir).starts_with(canonical(&root())));
    assert_eq!(
        std::fs::read(dir.join("glossary.yaml")).unwrap(),
        std::fs::read(series_glossary()).unwrap()
    );
    assert!(sample("ep01.srt").starts_with(series()));
    let out = run(subloc().args(["glossary", "lint"]));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let found = stderr(&out);
    let shown = found.split(':').next().unwrap_or_default();
    assert_eq!(
        canonical(&dir.join(shown)),
        canonical(&dir.join("glossary.yaml")),
        "discovery found {found}"
    );
}

/// An exported XLIFF file as a translator's tool hands it back: every `<target/>` filled with
/// `marker` and its unit's source (inline codes and annotations kept as they are).
pub fn fill_xliff_targets(xml: &str, marker: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<source>") {
        let Some(end) = rest[start..].find("</source>").map(|e| e + start) else {
            break;
        };
        let source = &rest[start + "<source>".len()..end];
        let Some(t) = rest[end..].find("<target/>").map(|t| t + end) else {
            break;
        };
        out.push_str(&rest[..t]);
        out.push_str(&format!("<target>{marker}{source}</target>"));
        rest = &rest[t + "<target/>".len()..];
    }
    out.push_str(rest);
    out
}
