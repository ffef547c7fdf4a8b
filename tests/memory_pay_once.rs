//! Issue 14 §1–3, "pay once", against the real thing: the built `subloc` binary, a real SQLite
//! memory file and loopback provider servers (wiremock on 127.0.0.1) that log every text they
//! are sent, so "paid" means "a request carried it".
//!
//! - a glossary change re-sends exactly the segments whose terms changed (OpenAI-compatible
//!   server: term hints are part of the prompt), a term that occurs nowhere re-sends nothing,
//!   and `--dry-run` says how many segments the change invalidated;
//! - a memory file written before issue 14 (`tests/fixtures/memory/`, made by that code) keeps
//!   answering, and survives the next glossary change;
//! - a memory on a full file system (a tmpfs the test mounts) stops the run with exit 2 and the
//!   cause, keeps the paid answers in the journal, and the next run replays it and pays nothing
//!   twice; a read-only memory is refused before anything is paid; a memory locked too long
//!   stops a run the same way (scheduler level);
//! - two and three runs at once (and staggered) on one memory pay ≤ 1 % twice and write what a
//!   single run writes; a killed runner's claims are taken over.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use subloc::translate::memory::{
    Journal, KeyContext, MemoryError, MemoryStore, SqliteMemory, StoreCause,
};
use subloc::translate::pseudo::pseudo_translate;
use subloc::translate::scheduler::{RunConfig, Scheduler, StopReason};
use subloc::translate::{
    Backend, BackendError, BackendIdentity, BatchLimits, BatchReply, BatchRequest, BoxFuture,
    Segment, SegmentContext,
};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::cli_support::{fixture, sample, series_glossary};

// ---------------------------------------------------------------------------------------------
// A loopback provider that logs what it is paid for

/// One request as the provider saw it.
#[derive(Debug, Clone)]
struct Logged {
    lang: String,
    texts: Vec<String>,
}

/// DeepL (`/v2/translate`) and OpenAI-compatible (`/v1/chat/completions`) in one server: every
/// text answered deterministically (placeholders kept), every request logged.
struct Provider {
    log: Mutex<Vec<Logged>>,
    latency: Mutex<Duration>,
}

#[derive(Clone)]
struct Handle(Arc<Provider>);

impl Provider {
    async fn start(latency: Duration) -> (MockServer, Arc<Provider>) {
        let p = Arc::new(Provider {
            log: Mutex::new(Vec::new()),
            latency: Mutex::new(latency),
        });
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(Handle(p.clone()))
            .mount(&server)
            .await;
        (server, p)
    }

    fn latency(&self) -> Duration {
        *self.latency.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn set_latency(&self, d: Duration) {
        *self.latency.lock().unwrap_or_else(|e| e.into_inner()) = d;
    }

    fn log(&self) -> Vec<Logged> {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn len(&self) -> usize {
        self.log().len()
    }

    /// (lang, text) of every text sent from request `from` on, repeats included.
    fn sent_since(&self, from: usize) -> Vec<(String, String)> {
        self.log()
            .into_iter()
            .skip(from)
            .flat_map(|l| {
                let lang = l.lang.clone();
                l.texts.into_iter().map(move |t| (lang.clone(), t))
            })
            .collect()
    }
}

impl Respond for Handle {
    fn respond(&self, r: &Request) -> ResponseTemplate {
        let body: Value = r.body_json().unwrap_or(Value::Null);
        if r.url.path().ends_with("/chat/completions") {
            // The user message is `{"lines": {"1": "…", …}, …}` (backends/openai/prompt.rs).
            let user = body["messages"][1]["content"].as_str().unwrap_or("{}");
            let lines: Value = serde_json::from_str(user).unwrap_or(Value::Null);
            let lines = lines["lines"].as_object().cloned().unwrap_or_default();
            let texts = lines
                .values()
                .map(|t| t.as_str().unwrap_or("").to_string())
                .collect();
            let answer: serde_json::Map<String, Value> = lines
                .iter()
                .map(|(id, t)| {
                    (
                        id.clone(),
                        json!(format!("EN {}", t.as_str().unwrap_or(""))),
                    )
                })
                .collect();
            self.0
                .log
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(Logged {
                    lang: "llm".into(),
                    texts,
                });
            let content = Value::Object(answer).to_string();
            return ResponseTemplate::new(200)
                .set_body_json(json!({
                    "id": "c", "object": "chat.completion", "created": 1, "model": "m",
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": content}}],
                    "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20}
                }))
                .set_delay(self.0.latency());
        }
        let texts: Vec<String> = body["text"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|t| t.as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default();
        let code = body["target_lang"].as_str().unwrap_or("EN-US");
        let lang = code.split('-').next().unwrap_or(code).to_ascii_lowercase();
        let translations: Vec<Value> = texts
            .iter()
            .map(|t| {
                json!({"detected_source_language": "ZH", "text": pseudo_translate(t, &lang),
                            "billed_characters": t.chars().count()})
            })
            .collect();
        self.0
            .log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Logged { lang, texts });
        ResponseTemplate::new(200)
            .set_body_json(json!({ "translations": translations }))
            .set_delay(self.0.latency())
    }
}

// ---------------------------------------------------------------------------------------------
// Running the binary

/// `subloc translate ARGS` in `dir`, isolated from the machine's keys, proxies, locale and
/// state folder (the journal's fallback place goes to `dir/state`).
fn command(dir: &Path, args: &[String]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_subloc"));
    cmd.current_dir(dir).arg("translate").args(args);
    for var in [
        "DEEPL_API_KEY",
        "OPENAI_API_KEY",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "LC_ALL",
        "LC_MESSAGES",
        "LANGUAGE",
        "SUBLOC_DEBUG",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("LANG", "C")
        .env("NO_COLOR", "1")
        .env("XDG_STATE_HOME", dir.join("state"))
        .env("DEEPL_API_KEY", "pay-once-test:fx")
        .env("OPENAI_API_KEY", "pay-once-test");
    cmd
}

async fn translate(dir: &Path, args: &[String]) -> Output {
    let mut cmd = command(dir, args);
    tokio::task::spawn_blocking(move || cmd.output().expect("subloc runs"))
        .await
        .expect("joined")
}

fn spawn(dir: &Path, args: &[String]) -> Child {
    command(dir, args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("subloc starts")
}

fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn summary(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "summary is not JSON: {e}\nstdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            stderr(out)
        )
    })
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// Episodes ep01–ep03 of the samples, as arguments, with `extra`.
fn season(extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = ["ep01.srt", "ep02.srt", "ep03.srt"]
        .iter()
        .map(|s| sample(s).display().to_string())
        .collect();
    args.extend(strings(extra));
    args
}

fn deepl_config(dir: &Path, server: &MockServer, limits: &str) {
    let config = format!(
        "translate:\n  backend: deepl\n  backends:\n    deepl:\n      url: {}\n{limits}",
        server.uri()
    );
    std::fs::write(dir.join("subloc.yaml"), config).expect("write subloc.yaml");
}

/// (target language, source) of every memory row.
fn memory_rows(db: &Path) -> BTreeSet<(String, String)> {
    let conn = rusqlite::Connection::open(db).expect("memory opens");
    let mut stmt = conn
        .prepare("SELECT target_lang, source FROM tm")
        .expect("query");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .map(|r| r.expect("row"))
        .collect()
}

fn claims_count(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("memory opens");
    conn.query_row("SELECT COUNT(*) FROM claims", [], |r| r.get(0))
        .expect("claims")
}

/// Characters sent more than once per language, over the characters of the distinct texts.
fn paid_twice(sent: &[(String, String)]) -> (u64, u64) {
    let mut times: BTreeMap<&(String, String), u64> = BTreeMap::new();
    for s in sent {
        *times.entry(s).or_default() += 1;
    }
    let unique: u64 = times.keys().map(|(_, t)| t.chars().count() as u64).sum();
    let twice: u64 = times
        .iter()
        .map(|((_, t), n)| (n - 1) * t.chars().count() as u64)
        .sum();
    (twice, unique)
}

/// Subtitle files under `dir` (reports left out: they carry dates), relative path → bytes.
fn tracks(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x != "html") {
                let rel = p.strip_prefix(dir).unwrap_or(&p).to_path_buf();
                out.insert(rel, std::fs::read(&p).expect("read track"));
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// §1 A glossary review does not re-bill

fn llm_config(dir: &Path, server: &MockServer) {
    let config = format!(
        "translate:\n  backend: llm\n  backends:\n    llm:\n      kind: openai\n      url: {}/v1\n      model: m\n      max-segments: 6\n      concurrency: 2\n",
        server.uri()
    );
    std::fs::write(dir.join("subloc.yaml"), config).expect("write subloc.yaml");
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert_eq!(text.matches(from).count(), 1, "{from:?} once in {path:?}");
    std::fs::write(path, text.replace(from, to)).expect("write");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_glossary_change_re_sends_exactly_the_segments_whose_terms_changed() {
    let (server, p) = Provider::start(Duration::ZERO).await;
    let dir = tempfile::tempdir().expect("tempdir");
    llm_config(dir.path(), &server);
    let glossary = dir.path().join("glossary.yaml");
    std::fs::copy(series_glossary(), &glossary).expect("copy glossary");
    let args = season(&["--to", "en", "--platform", "youtube", "--format", "json"]);
    let dry: Vec<String> = args
        .iter()
        .cloned()
        .chain(strings(&["--dry-run"]))
        .collect();

    let out = translate(dir.path(), &args).await;
    assert!(code(&out) <= 1, "{}", stderr(&out));
    let first: BTreeSet<String> = p.sent_since(0).into_iter().map(|(_, t)| t).collect();
    let titled: BTreeSet<String> = first
        .iter()
        .filter(|t| t.contains(">The Glaze Pact</g>"))
        .cloned()
        .collect();
    assert!(
        !titled.is_empty() && titled.len() < first.len(),
        "the title occurs in some lines, not all: {} of {}",
        titled.len(),
        first.len()
    );

    // A review changes the English rendering of the title: exactly the lines carrying it go
    // again, with the new rendering.
    edit(
        &glossary,
        "en: {text: The Glaze Pact,",
        "en: {text: The Glaze Covenant,",
    );
    let plan = summary(&translate(dir.path(), &dry).await);
    let lang = &plan["languages"][0];
    let invalidated = lang["glossary_invalidated"].as_u64().unwrap_or(0);
    assert!(invalidated >= titled.len() as u64, "{lang}");
    assert_eq!(
        lang["estimate"]["to_send"].as_u64(),
        Some(titled.len() as u64),
        "{lang}"
    );
    let human = {
        let mut a = dry.clone();
        a.retain(|x| x != "json" && x != "--format");
        translate(dir.path(), &a).await
    };
    assert!(
        String::from_utf8_lossy(&human.stdout).contains(&format!(
            "Glossary changes invalidated {invalidated} segments"
        )),
        "{}",
        String::from_utf8_lossy(&human.stdout)
    );
    let from = p.len();
    let out = translate(dir.path(), &args).await;
    assert!(code(&out) <= 1, "{}", stderr(&out));
    let again: BTreeSet<String> = p.sent_since(from).into_iter().map(|(_, t)| t).collect();
    let want: BTreeSet<String> = titled
        .iter()
        .map(|t| t.replace(">The Glaze Pact</g>", ">The Glaze Covenant</g>"))
        .collect();
    assert_eq!(again, want, "only the lines with the changed term");
    println!(
        "pay-once: glossary review: {} of {} distinct lines sent again ({} segments invalidated)",
        again.len(),
        first.len(),
        invalidated
    );

    // A new term that occurs in no episode: nothing is sent, nothing invalidated.
    let mut text = std::fs::read_to_string(&glossary).expect("read");
    text.push_str(
        "\n  - id: nowhere-in-the-season\n    source: 不存在之物\n    kind: other\n    targets:\n      en: {text: Nothing At All, status: approved}\n",
    );
    std::fs::write(&glossary, text).expect("write");
    let plan = summary(&translate(dir.path(), &dry).await);
    assert_eq!(plan["languages"][0]["glossary_invalidated"], 0, "{plan}");
    let from = p.len();
    let out = translate(dir.path(), &args).await;
    assert!(code(&out) <= 1, "{}", stderr(&out));
    assert_eq!(p.len(), from, "a term nobody says costs nothing");
    // Its rendering changes again: still nothing.
    edit(&glossary, "{text: Nothing At All,", "{text: Nothing,");
    let out = translate(dir.path(), &args).await;
    assert!(code(&out) <= 1, "{}", stderr(&out));
    assert_eq!(p.len(), from);
    assert_eq!(
        summary(&out)["totals"]["memory_hits"],
        summary(&out)["totals"]["segments"]
    );
}

/// The command program of the fixture: answers every segment with `[<target>] <text>` (what the
/// fixture's Python program answered) and appends each request to `requests.log`.
const ECHO_SH: &str = r#"req=$(cat)
printf '%s\n' "$req" >> requests.log
lang=$(printf '%s' "$req" | sed -E 's/.*"target_lang":"([^"]*)".*/\1/')
body=$(printf '%s' "$req" | grep -oE '"id":"[^"]*","text":"([^"\\]|\\.)*"' | sed -E "s/^\"id\":(\"[^\"]*\"),\"text\":\"(.*)$/\1:\"[$lang] \2/" | paste -sd, -)
printf '{"translations":{%s}}\n' "$body"
"#;

/// Lines of `requests.log` in `dir`, as the texts they carried.
fn command_requests(dir: &Path) -> Vec<String> {
    let log = std::fs::read_to_string(dir.join("requests.log")).unwrap_or_default();
    log.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .flat_map(|v| {
            v["segments"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|s| s["text"].as_str().unwrap_or("").to_string())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_memory_written_before_issue_14_keeps_answering_and_survives_a_glossary_change() {
    // The fixture was written by subloc before this change: `translate ep01.srt ep02.srt` into
    // fa with a `command` backend (reads term hints), and `translate ep01.srt` into en with
    // `pseudo` (does not).
    let dir = tempfile::tempdir().expect("tempdir");
    let fx = fixture("memory");
    for f in ["ep01.srt", "ep02.srt", "glossary.yaml"] {
        std::fs::copy(fx.join(f), dir.path().join(f)).expect("copy fixture");
    }
    std::fs::create_dir_all(dir.path().join(".subloc")).expect("mkdir");
    let db = dir.path().join(".subloc/memory.sqlite");
    std::fs::copy(fx.join("v1-command-pseudo.sqlite"), &db).expect("copy memory");
    std::fs::write(dir.path().join("echo.sh"), ECHO_SH).expect("write echo.sh");
    std::fs::write(
        dir.path().join("subloc.yaml"),
        "translate:\n  backend: command\n  backends:\n    command:\n      command: [sh, echo.sh]\n",
    )
    .expect("write subloc.yaml");
    let rows_before = memory_rows(&db);
    let fa: Vec<String> = strings(&[
        "ep01.srt",
        "ep02.srt",
        "--to",
        "fa",
        "--platform",
        "youtube",
        "--format",
        "json",
    ]);
    let en: Vec<String> = strings(&[
        "ep01.srt",
        "--to",
        "en",
        "--platform",
        "youtube",
        "--format",
        "json",
        "--backend",
        "pseudo",
    ]);

    // The same glossary: everything answered from the old entries.
    for args in [&fa, &en] {
        let out = translate(dir.path(), args).await;
        assert!(code(&out) <= 1, "{}", stderr(&out));
        let s = summary(&out);
        assert_eq!(s["totals"]["memory_hits"], s["totals"]["segments"], "{s}");
    }
    assert!(command_requests(dir.path()).is_empty(), "nothing sent");
    assert_eq!(memory_rows(&db), rows_before, "no entry lost or added");

    // A review changes the Persian title: only its lines go to the program.
    let titled: BTreeSet<String> = rows_before
        .iter()
        .filter(|(l, s)| l == "fa" && s.contains(">پیمان لعاب</g>"))
        .map(|(_, s)| s.replace(">پیمان لعاب</g>", ">پیمان لعاب‌ها</g>"))
        .collect();
    assert!(!titled.is_empty());
    edit(
        &dir.path().join("glossary.yaml"),
        "fa: {text: پیمان لعاب,",
        "fa: {text: پیمان لعاب‌ها,",
    );
    let out = translate(dir.path(), &fa).await;
    assert!(code(&out) <= 1, "{}", stderr(&out));
    let sent: BTreeSet<String> = command_requests(dir.path()).into_iter().collect();
    assert_eq!(sent, titled);
    let out = translate(dir.path(), &en).await;
    let s = summary(&out);
    assert_eq!(s["totals"]["memory_hits"], s["totals"]["segments"], "{s}");
}

// ---------------------------------------------------------------------------------------------
// §2 A memory that cannot store is loud

/// A tmpfs of `size` mounted at `at` (Linux, root); unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(at.to_path_buf()))
    }

    fn grow(&self, size: &str) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,size={size}")])
            .arg(&self.0)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "remount");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Every journal line under `dir` (next to the memory or in the state folder), as (lang, source).
fn journal_rows(dir: &Path) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.to_string_lossy().ends_with(".jsonl") {
                for l in std::fs::read_to_string(&p).unwrap_or_default().lines() {
                    if let Ok(v) = serde_json::from_str::<Value>(l) {
                        out.insert((
                            v["target_lang"].as_str().unwrap_or("").to_string(),
                            v["source"].as_str().unwrap_or("").to_string(),
                        ));
                    }
                }
            }
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_stops_the_run_loudly_and_the_journal_is_replayed_without_paying_twice() {
    let (server, p) = Provider::start(Duration::from_millis(5)).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(fs) = Tmpfs::mount(&dir.path().join("mem"), "160k") else {
        assert!(
            std::env::var("SUBLOC_REQUIRE_FULL_DISK").as_deref() != Ok("1"),
            "SUBLOC_REQUIRE_FULL_DISK=1 but a tmpfs cannot be mounted here"
        );
        eprintln!("note: skipped (mounting a tmpfs needs root on Linux)");
        return;
    };
    deepl_config(
        dir.path(),
        &server,
        "      max-segments: 4\n      concurrency: 2\n",
    );
    let args = season(&[
        "--to",
        "en,ar",
        "--platform",
        "youtube",
        "--format",
        "json",
        "--memory",
        "mem/memory.sqlite",
    ]);
    let db = dir.path().join("mem/memory.sqlite");

    let out = translate(dir.path(), &args).await;
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("the disk that holds it is full"), "{err}");
    assert!(err.contains("paid answers are kept in"), "{err}");
    assert!(!dir.path().join("out").exists(), "no track written");
    let journal = journal_rows(dir.path());
    assert!(!journal.is_empty(), "journal written");
    // Every text paid for is in the memory or in the journal.
    let paid: BTreeSet<(String, String)> = p.sent_since(0).into_iter().collect();
    let stored = memory_rows(&db);
    let kept: BTreeSet<(String, String)> = stored.union(&journal).cloned().collect();
    assert!(paid.is_subset(&kept), "a paid answer was lost");
    // It stopped: far from the whole season was sent.
    let all_requests = p.len();

    // Space again: the journal goes in first, nothing of it (or of the memory) is paid again.
    fs.grow("16m");
    let from = p.len();
    let out = translate(dir.path(), &args).await;
    assert!(code(&out) <= 1, "{}", stderr(&out));
    assert!(
        journal_rows(dir.path()).is_empty(),
        "journal replayed and removed"
    );
    let again: Vec<(String, String)> = p.sent_since(from);
    for pair in &again {
        assert!(!kept.contains(pair), "{pair:?} paid twice");
    }
    assert!(!again.is_empty() && all_requests > 0);
    let s = summary(&out);
    assert_eq!(s["stopped"], Value::Null);
    assert_eq!(s["failed"].as_array().map(Vec::len), Some(0));
    assert!(memory_rows(&db).is_superset(&kept));
}

/// The effective user id (from /proc; 0 = root).
fn euid() -> Option<u32> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("Uid:"))?;
    line.split_whitespace().nth(2)?.parse().ok()
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_memory_is_refused_before_anything_is_paid() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let (server, p) = Provider::start(Duration::ZERO).await;
    let dir = tempfile::tempdir().expect("tempdir");
    deepl_config(dir.path(), &server, "");
    // A memory with entries, then read-only: the file and its folder.
    let args = season(&["--to", "en", "--platform", "youtube", "--format", "json"]);
    let out = translate(dir.path(), &args).await;
    assert!(code(&out) <= 1, "{}", stderr(&out));
    let mem = dir.path().join(".subloc");
    let db = mem.join("memory.sqlite");
    {
        let c = rusqlite::Connection::open(&db).expect("open");
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;")
            .expect("checkpoint");
    }
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    std::fs::set_permissions(&mem, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).expect("chmod");
    let from = p.len();
    let all = season(&["--to", "en,ar", "--platform", "youtube", "--format", "json"]);
    let mut cmd = command(dir.path(), &all);
    if euid() == Some(0) {
        // Root writes through permission bits: run as `nobody` for whom they hold.
        cmd.uid(65534).gid(65534);
    }
    let out = tokio::task::spawn_blocking(move || cmd.output().expect("runs"))
        .await
        .expect("joined");
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("it is read-only"), "{}", stderr(&out));
    assert_eq!(p.len(), from, "nothing sent");
    std::fs::set_permissions(&mem, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

/// A backend that answers every text with itself, counting requests.
struct Echo(Mutex<usize>);

impl Backend for Echo {
    fn identity(&self) -> BackendIdentity {
        BackendIdentity::new("echo")
    }
    fn limits(&self) -> BatchLimits {
        BatchLimits {
            max_segments: 2,
            concurrency: 2,
            ..BatchLimits::default()
        }
    }
    fn supports(&self, _s: &str, _t: &str) -> Result<(), BackendError> {
        Ok(())
    }
    fn translate<'a>(
        &'a self,
        req: &'a BatchRequest,
    ) -> BoxFuture<'a, Result<BatchReply, BackendError>> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        Box::pin(async move {
            tokio::time::sleep(Duration::from_millis(20)).await;
            Ok(BatchReply {
                translations: req
                    .segments
                    .iter()
                    .map(|s| (s.id.clone(), s.text.clone()))
                    .collect(),
                billed_chars: req.text_chars(),
                ..BatchReply::default()
            })
        })
    }
}

/// A SQLite memory whose writes fail as `Locked` after the first one (another process holding
/// the lock beyond the bounded wait).
struct LockedAfterOne {
    inner: SqliteMemory,
    puts: Mutex<usize>,
}

impl MemoryStore for LockedAfterOne {
    fn get_many(
        &self,
        keys: &[String],
    ) -> Result<std::collections::HashMap<String, subloc::translate::memory::Entry>, MemoryError>
    {
        self.inner.get_many(keys)
    }
    fn put_many(&self, entries: &[subloc::translate::memory::Entry]) -> Result<usize, MemoryError> {
        let mut n = self.puts.lock().unwrap_or_else(|e| e.into_inner());
        *n += 1;
        if *n > 1 {
            return Err(MemoryError::Store {
                cause: StoreCause::Locked,
                detail: "database is locked".into(),
            });
        }
        self.inner.put_many(entries)
    }
    fn stats(&self) -> Result<subloc::translate::memory::MemoryStats, MemoryError> {
        self.inner.stats()
    }
    fn for_each(
        &self,
        visit: &mut dyn FnMut(subloc::translate::memory::Entry) -> Result<(), MemoryError>,
    ) -> Result<(), MemoryError> {
        self.inner.for_each(visit)
    }
}

#[tokio::test]
async fn a_memory_locked_too_long_stops_sending_and_journals_what_was_in_flight() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("memory.sqlite");
    let store = Arc::new(LockedAfterOne {
        inner: SqliteMemory::open(&path).expect("memory"),
        puts: Mutex::new(0),
    });
    let journal = Arc::new(Journal::for_memory(&path));
    let backend = Arc::new(Echo(Mutex::new(0)));
    let segments: Vec<Segment> = (0..40)
        .map(|i| Segment {
            id: format!("e#{i}"),
            text: format!("第{i}句"),
            context: SegmentContext::default(),
        })
        .collect();
    let sched = Scheduler::new(backend.clone())
        .with_memory(store.clone())
        .with_journal(journal.clone());
    let r = sched
        .run(&RunConfig::new("zh", "en"), &segments)
        .await
        .expect("runs");
    assert_eq!(r.stopped, Some(StopReason::Memory));
    assert_eq!(
        r.memory_error.as_ref().map(MemoryError::cause),
        Some(StoreCause::Locked)
    );
    // Two requests at a time: the first stored, the one in flight beside the failing one and
    // the failing one itself journaled; nothing new sent after the failure.
    let requests = *backend.0.lock().unwrap_or_else(|e| e.into_inner());
    assert!(requests <= 3, "{requests} requests: sending went on");
    assert_eq!(r.journaled + 2, 2 * requests as u64);
    assert_eq!(r.lost, 0);
    assert_eq!(journal.read().expect("journal").len() as u64, r.journaled);
    // The next run replays the journal first and sends only what nobody paid for.
    let plain = Arc::new(SqliteMemory::open(&path).expect("memory"));
    assert_eq!(journal.replay(&*plain).expect("replay") as u64, r.journaled);
    let again = Arc::new(Echo(Mutex::new(0)));
    let r2 = Scheduler::new(again.clone())
        .with_memory(plain.clone())
        .run(&RunConfig::new("zh", "en"), &segments)
        .await
        .expect("runs");
    assert_eq!(r2.stats.memory_hits, 2 * requests as u64);
    assert_eq!(
        r2.stats.segments_sent,
        40 - 2 * requests as u64,
        "only the unpaid"
    );
    let ctx = KeyContext {
        source_lang: "zh".into(),
        target_lang: "en".into(),
        identity: BackendIdentity::new("echo"),
        glossary_version: String::new(),
    };
    assert!(plain.get(&ctx.key("第0句")).expect("get").is_some());
}

// ---------------------------------------------------------------------------------------------
// §3 Two runners pay once

/// `n` runs of the season on one memory and one output folder, the k-th started `stagger`×k
/// after the first; returns the texts the provider was sent and the runs' outputs.
async fn runners(n: usize, stagger: Duration) -> (Vec<(String, String)>, tempfile::TempDir) {
    let (server, p) = Provider::start(Duration::from_millis(30)).await;
    let dir = tempfile::tempdir().expect("tempdir");
    deepl_config(
        dir.path(),
        &server,
        "      max-segments: 5\n      concurrency: 2\n",
    );
    let args = season(&[
        "--to",
        "en,ar",
        "--platform",
        "youtube,vimeo",
        "--format",
        "json",
    ]);
    let mut handles = Vec::new();
    for k in 0..n {
        if k > 0 {
            tokio::time::sleep(stagger).await;
        }
        let mut cmd = command(dir.path(), &args);
        handles.push(tokio::task::spawn_blocking(move || {
            cmd.output().expect("runs")
        }));
    }
    for h in handles {
        let out = h.await.expect("joined");
        assert!(code(&out) <= 1, "{}", stderr(&out));
        let s = summary(&out);
        assert_eq!(s["stopped"], Value::Null, "{s}");
        assert_eq!(s["failed"].as_array().map(Vec::len), Some(0), "{s}");
    }
    assert_eq!(claims_count(&dir.path().join(".subloc/memory.sqlite")), 0);
    (p.sent_since(0), dir)
}

/// What one run alone writes.
async fn single_run_tracks() -> BTreeMap<PathBuf, Vec<u8>> {
    let (sent, dir) = runners(1, Duration::ZERO).await;
    assert_eq!(paid_twice(&sent).0, 0);
    tracks(&dir.path().join("out"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_and_three_runners_started_together_or_staggered_pay_once() {
    let single = single_run_tracks().await;
    assert!(!single.is_empty());
    for (n, stagger) in [
        (2, Duration::ZERO),
        (3, Duration::ZERO),
        (2, Duration::from_millis(400)),
        (3, Duration::from_millis(250)),
    ] {
        let (sent, dir) = runners(n, stagger).await;
        let (twice, unique) = paid_twice(&sent);
        // The README's figures (`-- --nocapture`).
        println!(
            "pay-once: {n} runners {} ms apart: {} texts sent for {} distinct, {twice} of {unique} characters paid twice",
            stagger.as_millis(),
            sent.len(),
            sent.iter().collect::<BTreeSet<_>>().len()
        );
        assert!(
            twice * 100 <= unique,
            "{n} runners, {stagger:?} apart: {twice} of {unique} characters paid twice"
        );
        assert_eq!(
            tracks(&dir.path().join("out")),
            single,
            "{n} runners write what one run writes"
        );
    }
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_runners_claims_are_taken_over() {
    let (server, p) = Provider::start(Duration::from_millis(1500)).await;
    let dir = tempfile::tempdir().expect("tempdir");
    deepl_config(
        dir.path(),
        &server,
        "      max-segments: 5\n      concurrency: 2\n",
    );
    let args = season(&["--to", "en", "--platform", "youtube", "--format", "json"]);
    let db = dir.path().join(".subloc/memory.sqlite");
    let mut a = spawn(dir.path(), &args);
    // Requests in flight: their segments are claimed by the run about to be killed.
    let start = std::time::Instant::now();
    while p.len() < 2 && start.elapsed() < Duration::from_secs(30) {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    a.kill().expect("SIGKILL");
    a.wait().expect("reaped");
    assert!(claims_count(&db) > 0, "the killed run held claims");
    let in_flight: BTreeSet<(String, String)> = p.sent_since(0).into_iter().collect();
    p.set_latency(Duration::from_millis(10));

    let from = p.len();
    let out = translate(dir.path(), &args).await;
    assert!(code(&out) <= 1, "{}", stderr(&out));
    let s = summary(&out);
    assert_eq!(s["failed"].as_array().map(Vec::len), Some(0), "{s}");
    // The killed run's segments were taken over (not waited for until the lease ended) and
    // sent again: the provider's answers to the killed run never reached a memory.
    let resent: BTreeSet<(String, String)> = p.sent_since(from).into_iter().collect();
    assert!(in_flight.is_subset(&resent));
    assert_eq!(claims_count(&db), 0);

    // A claim by a runner on another host lasts its lease, then is taken over.
    let conn = rusqlite::Connection::open(&db).expect("open");
    let (key, source): (String, String) = conn
        .query_row("SELECT key, source FROM tm LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("a row");
    conn.execute("DELETE FROM tm WHERE key = ?1", [&key])
        .expect("delete");
    let expires = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_millis() as i64
        + 1500;
    conn.execute(
        "INSERT INTO claims (key, owner, host, pid, expires) VALUES (?1, 'elsewhere/1', 'elsewhere', 1, ?2)",
        rusqlite::params![key, expires],
    )
    .expect("claim");
    drop(conn);
    let from = p.len();
    let out = translate(dir.path(), &args).await;
    assert!(code(&out) <= 1, "{}", stderr(&out));
    let sent = p.sent_since(from);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].1, source);
    assert_eq!(claims_count(&db), 0);
}
