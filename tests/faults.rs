//! Faults and concurrency of `subloc translate` (the built binary) against a simulated
//! DeepL-compatible backend on 127.0.0.1: a wiremock server whose responder is seeded and
//! deterministic — latency per request, a fault schedule (500, 503, a hang longer than the client
//! timeout, a malformed body) and a token-bucket rate limit answered with 429 and `Retry-After` —
//! and that logs every text it was sent, per target language.
//!
//! - a dead endpoint (connection refused) stops the run at its first requests, `stopped: network`,
//!   exit 2, every segment reported;
//! - `kill -9` at seeded random points leaves a valid memory, no partial track, and a re-run that
//!   completes without sending any text whose answer had arrived;
//! - two runs at once on one memory and one output folder both finish, with whole outputs and
//!   every text stored exactly once;
//! - a generated 100-episode season against a 5 % fault mix and a tight rate limit completes with
//!   every segment translated or listed as failed, and the counts add up.

use std::collections::{BTreeMap, BTreeSet};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use subloc::format::{ReadOptions, read_file};
use subloc::model::CueKind;
use subloc::translate::pseudo::pseudo_translate;
use subloc::translate::scheduler::{FailReason, RunConfig, Scheduler, SegmentOutcome, StopReason};
use subloc::translate::{
    Backend, BackendError, BackendIdentity, BatchLimits, BatchReply, BatchRequest, BoxFuture,
    Segment, SegmentContext,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::cli_support::sample;

// ---------------------------------------------------------------------------------------------
// Running the binary

/// `subloc translate ARGS` in `dir`, isolated from the machine's keys, proxies and locale.
fn command(dir: &Path, args: &[String]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_subloc"));
    cmd.current_dir(dir).arg("translate").args(args);
    for var in [
        "DEEPL_API_KEY",
        "OPENAI_API_KEY",
        "GOOGLE_API_KEY",
        "LIBRETRANSLATE_API_KEY",
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
        .env("DEEPL_API_KEY", "fault-test-key:fx");
    cmd
}

/// Runs to the end on a blocking thread (the simulated server lives on the test's runtime).
async fn run_to_end(dir: &Path, args: &[String]) -> Output {
    let mut cmd = command(dir, args);
    tokio::task::spawn_blocking(move || cmd.output().expect("subloc runs"))
        .await
        .expect("the command ran")
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

fn summary(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "summary is not JSON: {e}\nstdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// A port on 127.0.0.1 that nothing listens on (bound, then released).
fn dead_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("address").port()
}

/// splitmix64: a seeded generator for kill points, latencies and generated text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

// ---------------------------------------------------------------------------------------------
// The simulated backend

/// How the simulated DeepL server behaves.
#[derive(Debug, Clone)]
struct SimConfig {
    seed: u64,
    /// Latency of a normal answer, drawn per request (milliseconds, inclusive).
    latency_ms: (u64, u64),
    /// One fault in every `fault_every` answered requests, at a seeded position in each block;
    /// kinds rotate through 500, 503, hang, malformed. 0: no faults.
    fault_every: u64,
    /// How long a hanging answer takes (longer than the client's timeout).
    hang: Duration,
    /// Token bucket (requests per second, burst); `None`: no rate limit.
    rate: Option<(f64, f64)>,
}

impl SimConfig {
    fn calm(seed: u64, latency_ms: (u64, u64)) -> SimConfig {
        SimConfig {
            seed,
            latency_ms,
            fault_every: 0,
            hang: Duration::from_secs(2),
            rate: None,
        }
    }
}

/// What the server did with one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Served {
    Ok,
    RateLimited,
    Status500,
    Status503,
    Hang,
    Malformed,
}

#[derive(Debug, Clone)]
struct Logged {
    /// Pipeline language (`en`, `ar`) of the request's DeepL target code.
    lang: String,
    texts: Vec<String>,
    served: Served,
}

struct SimState {
    tokens: f64,
    refilled: Instant,
    log: Vec<Logged>,
}

struct Sim {
    cfg: SimConfig,
    /// Requests past the rate limit (the fault schedule counts these).
    answered: AtomicU64,
    state: Mutex<SimState>,
}

#[derive(Clone)]
struct SimHandle(Arc<Sim>);

impl Sim {
    async fn start(cfg: SimConfig) -> (MockServer, Arc<Sim>) {
        let burst = cfg.rate.map_or(0.0, |(_, b)| b);
        let sim = Arc::new(Sim {
            cfg,
            answered: AtomicU64::new(0),
            state: Mutex::new(SimState {
                tokens: burst,
                refilled: Instant::now(),
                log: Vec::new(),
            }),
        });
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/v2/translate"))
            .respond_with(SimHandle(sim.clone()))
            .mount(&server)
            .await;
        (server, sim)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, SimState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn log(&self) -> Vec<Logged> {
        self.lock().log.clone()
    }

    fn log_len(&self) -> usize {
        self.lock().log.len()
    }

    /// (lang, text) of every text sent from log position `from` on (rate-limited requests
    /// excluded: the provider bills nothing for them).
    fn sent_since(&self, from: usize) -> Vec<(String, String)> {
        self.lock()
            .log
            .iter()
            .skip(from)
            .filter(|l| l.served != Served::RateLimited)
            .flat_map(|l| l.texts.iter().map(|t| (l.lang.clone(), t.clone())))
            .collect()
    }

    /// Whether request number `n` (after the rate limit) gets a fault, and which.
    fn fault(&self, n: u64) -> Option<Served> {
        let every = self.cfg.fault_every;
        if every == 0 {
            return None;
        }
        let block = n / every;
        let mut r = Rng(self.cfg.seed ^ block.wrapping_mul(0x2545_f491_4f6c_dd1d));
        if n % every != r.next() % every {
            return None;
        }
        Some(match (block + self.cfg.seed) % 4 {
            0 => Served::Status500,
            1 => Served::Status503,
            2 => Served::Hang,
            _ => Served::Malformed,
        })
    }
}

/// DeepL's answer to a request body: every text pseudo-translated into the target's script
/// (placeholders kept), billed by its characters.
fn deepl_answer(texts: &[String], lang: &str) -> Value {
    let translations: Vec<Value> = texts
        .iter()
        .map(|t| {
            json!({"detected_source_language": "ZH", "text": pseudo_translate(t, lang),
                   "billed_characters": t.chars().count()})
        })
        .collect();
    json!({ "translations": translations })
}

impl Respond for SimHandle {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let sim = &self.0;
        let body: Value = request.body_json().unwrap_or(Value::Null);
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
        let mut state = sim.lock();
        if let Some((per_sec, burst)) = sim.cfg.rate {
            let now = Instant::now();
            let elapsed = now.duration_since(state.refilled).as_secs_f64();
            state.tokens = (state.tokens + elapsed * per_sec).min(burst);
            state.refilled = now;
            if state.tokens < 1.0 {
                state.log.push(Logged {
                    lang,
                    texts,
                    served: Served::RateLimited,
                });
                return ResponseTemplate::new(429)
                    .insert_header("Retry-After", "1")
                    .insert_header("retry-after-ms", "150")
                    .set_body_json(json!({"message": "Too many requests"}));
            }
            state.tokens -= 1.0;
        }
        let n = sim.answered.fetch_add(1, Ordering::SeqCst);
        let served = sim.fault(n).unwrap_or(Served::Ok);
        let mut r = Rng(sim.cfg.seed.wrapping_add(n.wrapping_mul(0x9e37_79b9)));
        let (lo, hi) = sim.cfg.latency_ms;
        let latency = Duration::from_millis(r.range(lo, hi.max(lo)));
        let answer = deepl_answer(&texts, &lang);
        state.log.push(Logged {
            lang,
            texts,
            served,
        });
        drop(state);
        match served {
            Served::Ok | Served::RateLimited => ResponseTemplate::new(200)
                .set_body_json(answer)
                .set_delay(latency),
            Served::Status500 => ResponseTemplate::new(500)
                .set_body_string("internal error")
                .set_delay(latency),
            Served::Status503 => ResponseTemplate::new(503)
                .set_body_json(json!({"message": "Service unavailable"}))
                .set_delay(latency),
            Served::Hang => ResponseTemplate::new(200)
                .set_body_json(answer)
                .set_delay(sim.cfg.hang),
            Served::Malformed => ResponseTemplate::new(200)
                .insert_header("content-type", "application/json")
                .set_body_string("{\"translations\": [{\"text\": \"trunc")
                .set_delay(latency),
        }
    }
}

/// `subloc.yaml` driving the DeepL backend at `server`, plus extra backend keys.
fn write_config(dir: &Path, server: &MockServer, extra: &str) {
    let config = format!(
        "translate:\n  backend: deepl\n  backends:\n    deepl:\n      url: {}\n{extra}",
        server.uri()
    );
    std::fs::write(dir.join("subloc.yaml"), config).expect("write subloc.yaml");
}

// ---------------------------------------------------------------------------------------------
// Inspecting what a run left behind

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn is_temp(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".subloc-tmp"))
}

/// The process id in a temporary file's name (`.NAME.PID-N.subloc-tmp`).
fn temp_pid(p: &Path) -> Option<u32> {
    let name = p.file_name()?.to_str()?.strip_suffix(".subloc-tmp")?;
    let (head, _n) = name.rsplit_once('-')?;
    head.rsplit_once('.')?.1.parse().ok()
}

/// Dialogue cues per episode key of the source files.
fn source_cues(episodes: &[PathBuf]) -> BTreeMap<String, usize> {
    episodes
        .iter()
        .map(|p| {
            let loaded = read_file(p, &ReadOptions::default()).expect("source reads");
            let n = loaded
                .track
                .cues
                .iter()
                .filter(|c| c.kind() != CueKind::Comment)
                .count();
            let stem = p
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("")
                .to_string();
            (stem, n)
        })
        .collect()
}

/// Every track under `out` is whole: it parses, with every cue of its source episode; every
/// report ends its document. Temporary files are returned, not judged.
fn check_outputs(out: &Path, cues: &BTreeMap<String, usize>) -> (usize, Vec<PathBuf>) {
    let mut whole = 0;
    let mut temps = Vec::new();
    for p in files_under(out) {
        if is_temp(&p) {
            temps.push(p);
            continue;
        }
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext == "html" {
            let html = std::fs::read_to_string(&p).expect("report reads");
            assert!(html.trim_end().ends_with("</html>"), "cut report {p:?}");
            continue;
        }
        let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let want = *cues
            .get(stem)
            .unwrap_or_else(|| panic!("unexpected file {p:?}"));
        let back = read_file(&p, &ReadOptions::default())
            .unwrap_or_else(|e| panic!("{p:?} does not parse: {e}"));
        let dialogue = back
            .track
            .cues
            .iter()
            .filter(|c| c.kind() != CueKind::Comment)
            .count();
        assert_eq!(dialogue, want, "partial track {p:?}");
        whole += 1;
    }
    (whole, temps)
}

/// The memory database passes SQLite's integrity check; returns its (lang, source) pairs and
/// the number of rows.
fn memory_contents(db: &Path) -> (BTreeSet<(String, String)>, usize) {
    let conn = rusqlite::Connection::open(db).expect("memory opens");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity check runs");
    assert_eq!(check, "ok", "memory database damaged");
    let mut stmt = conn
        .prepare("SELECT target_lang, source, key FROM tm")
        .expect("query");
    let rows: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("rows")
        .map(|r| r.expect("row"))
        .collect();
    let keys: BTreeSet<&String> = rows.iter().map(|(_, _, k)| k).collect();
    assert_eq!(keys.len(), rows.len(), "a key stored twice");
    let pairs: BTreeSet<(String, String)> = rows
        .iter()
        .map(|(l, s, _)| (l.clone(), s.clone()))
        .collect();
    assert_eq!(
        pairs.len(),
        rows.len(),
        "a text stored twice for a language"
    );
    (pairs, rows.len())
}

// ---------------------------------------------------------------------------------------------
// A dead endpoint

#[test]
fn a_dead_endpoint_stops_the_run_after_a_few_requests() {
    let dir = tempfile::tempdir().expect("tempdir");
    let port = dead_port();
    let args = strings(&[
        &sample("ep02.srt").display().to_string(),
        &sample("ep03.srt").display().to_string(),
        "--to",
        "en,ar",
        "--platform",
        "youtube",
        "--backend",
        "deepl",
        "--backend-url",
        &format!("http://127.0.0.1:{port}"),
        "--format",
        "json",
    ]);
    let started = Instant::now();
    let out = command(dir.path(), &args).output().expect("subloc runs");
    // A network failure is exit 2, never the 1 CI reads as subtitle findings (issue 14 §6).
    assert_eq!(code(&out), 2, "{}", String::from_utf8_lossy(&out.stderr));
    let s = summary(&out);
    assert_eq!(s["stopped"], "network", "{}", s["stopped"]);
    assert_eq!(s["backend_stop"]["fault"], "connection-refused");
    let mut segments = 0;
    let mut sent = 0;
    for l in s["languages"].as_array().expect("languages") {
        let requests = l["requests"].as_u64().expect("requests");
        // Nothing ever answered: the first refusal stops the run; only the requests already
        // in flight (one per batch, at most the concurrency) were attempted, and a language
        // that starts after the stop sends nothing (the stop is shared).
        sent += requests;
        assert!(
            requests <= 4,
            "{}: {requests} requests to a dead endpoint",
            l["lang"]
        );
        assert_eq!(l["translated"], 0);
        assert_eq!(l["failed"], l["segments"]);
        segments += l["segments"].as_u64().expect("segments");
    }
    assert!((1..=8).contains(&sent), "{sent} requests in all");
    let failed = s["failed"].as_array().expect("failed");
    assert!(segments > 100, "two episodes in two languages");
    assert_eq!(failed.len() as u64, segments, "every segment is reported");
    for f in failed {
        assert_eq!(f["reason"], "network", "{f}");
    }
    assert_eq!(s["totals"]["files_written"], 0);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "gave up quickly: {:?}",
        started.elapsed()
    );
}

/// A backend failing at the network level on a schedule, counting its calls.
struct Flaky {
    calls: AtomicU64,
    /// Call n fails when `fails(n)`.
    fails: fn(u64) -> bool,
}

impl Backend for Flaky {
    fn identity(&self) -> BackendIdentity {
        BackendIdentity::new("flaky")
    }

    fn limits(&self) -> BatchLimits {
        BatchLimits {
            max_segments: 2,
            concurrency: 1,
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
        Box::pin(async move {
            let n = self.calls.fetch_add(1, Ordering::SeqCst);
            if (self.fails)(n) {
                return Err(BackendError::Network("connection refused".into()));
            }
            Ok(BatchReply {
                translations: req
                    .segments
                    .iter()
                    .map(|s| (s.id.clone(), format!("T({})", s.text)))
                    .collect(),
                billed_chars: req.text_chars(),
                ..BatchReply::default()
            })
        })
    }
}

fn texts(n: usize) -> Vec<Segment> {
    (0..n)
        .map(|i| Segment {
            id: format!("ep#{i}"),
            text: format!("第{i}句"),
            context: SegmentContext::default(),
        })
        .collect()
}

#[tokio::test(start_paused = true)]
async fn network_errors_stop_a_run_only_when_nothing_answers_in_between() {
    let segments = texts(40);
    let mut cfg = RunConfig::new("zh", "en");
    cfg.jitter_seed = 3;

    // Every other request fails after a first answer: the endpoint is alive, the run completes.
    let flaky = Arc::new(Flaky {
        calls: AtomicU64::new(0),
        fails: |n| n % 2 == 1,
    });
    let r = Scheduler::new(flaky.clone())
        .run(&cfg, &segments)
        .await
        .expect("run starts");
    assert_eq!(r.stopped, None);
    assert_eq!(r.stats.translated, 40);
    assert!(r.outcomes.iter().all(|o| o.text().is_some()));
    assert!(flaky.calls.load(Ordering::SeqCst) >= 40, "half failed");

    // Nothing ever answers: a wrong URL or a server not running, not a passing outage. The run
    // stops at the first refusal (issue 14 §6), every segment is reported, the stop says why.
    let dead = Arc::new(Flaky {
        calls: AtomicU64::new(0),
        fails: |_| true,
    });
    let r = Scheduler::new(dead.clone())
        .run(&cfg, &segments)
        .await
        .expect("run starts");
    assert!(
        matches!(
            &r.stopped,
            Some(StopReason::Network(BackendError::Network(_)))
        ),
        "{:?}",
        r.stopped
    );
    assert_eq!(dead.calls.load(Ordering::SeqCst), 1);
    assert_eq!(r.stats.failed, 40);
    for o in &r.outcomes {
        match o {
            SegmentOutcome::Failed {
                reason: FailReason::Backend(BackendError::Network(_)),
            }
            | SegmentOutcome::Failed {
                reason: FailReason::NotSent(StopReason::Network(_)),
            } => {}
            other => panic!("{other:?}"),
        }
        if let SegmentOutcome::Failed { reason } = o {
            assert_eq!(reason.code(), "network");
        }
    }

    // Succeeding until call 5, then dead: what arrived is kept.
    let dying = Arc::new(Flaky {
        calls: AtomicU64::new(0),
        fails: |n| n >= 5,
    });
    let r = Scheduler::new(dying.clone())
        .run(&cfg, &segments)
        .await
        .expect("run starts");
    assert!(matches!(r.stopped, Some(StopReason::Network(_))));
    assert_eq!(r.stats.translated, 10, "five answered requests of two");
    assert_eq!(r.stats.failed, 30);
    assert_eq!(dying.calls.load(Ordering::SeqCst), 5 + 8);
}

#[tokio::test(start_paused = true)]
async fn a_dead_primary_hands_the_run_to_the_fallback() {
    let segments = texts(40);
    let mut cfg = RunConfig::new("zh", "en");
    cfg.jitter_seed = 5;
    // Answers the first two requests, then the connection is refused for good.
    let dying = Arc::new(Flaky {
        calls: AtomicU64::new(0),
        fails: |n| n >= 2,
    });
    let spare = Arc::new(Flaky {
        calls: AtomicU64::new(0),
        fails: |_| false,
    });
    let r = Scheduler::new(dying.clone())
        .with_fallback(spare.clone())
        .run(&cfg, &segments)
        .await
        .expect("run starts");
    assert_eq!(r.stopped, None, "the fallback took over instead of a stop");
    assert!(r.stats.primary_abandoned);
    assert_eq!(r.stats.translated, 40);
    assert!(r.outcomes.iter().all(|o| o.text().is_some()));
    // The primary was tried until it counted as unreachable, never after.
    assert_eq!(
        dying.calls.load(Ordering::SeqCst),
        2 + u64::from(cfg.max_network_failures)
    );
    // The fallback got exactly the 36 segments the primary did not answer, two per request.
    assert_eq!(spare.calls.load(Ordering::SeqCst), 18);

    // A dead fallback as well (it never answered: stopped at its first refusal), the run
    // stops, nothing answered is lost.
    let dying = Arc::new(Flaky {
        calls: AtomicU64::new(0),
        fails: |n| n >= 2,
    });
    let dead = Arc::new(Flaky {
        calls: AtomicU64::new(0),
        fails: |_| true,
    });
    let r = Scheduler::new(dying)
        .with_fallback(dead.clone())
        .run(&cfg, &segments)
        .await
        .expect("run starts");
    assert!(matches!(r.stopped, Some(StopReason::Network(_))));
    assert_eq!(r.stats.translated, 4);
    assert_eq!(r.stats.failed, 36);
    assert_eq!(dead.calls.load(Ordering::SeqCst), 1);
}

// ---------------------------------------------------------------------------------------------
// kill -9

/// The three SRT samples, two languages, two platforms (SRT and WebVTT).
fn season_args() -> (Vec<PathBuf>, Vec<String>) {
    let episodes: Vec<PathBuf> = ["ep01.srt", "ep02.srt", "ep03.srt"]
        .iter()
        .map(|s| sample(s))
        .collect();
    let mut args: Vec<String> = episodes.iter().map(|p| p.display().to_string()).collect();
    args.extend(strings(&[
        "--to",
        "en,ar",
        "--platform",
        "youtube,vimeo",
        "--format",
        "json",
    ]));
    (episodes, args)
}

/// Waits until `until` holds or the child exits (polling), at most `limit`.
async fn wait_for(child: &mut Child, limit: Duration, until: impl Fn() -> bool) {
    let start = Instant::now();
    while !until() && start.elapsed() < limit {
        if child.try_wait().ok().flatten().is_some() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

/// `kill -9` three times during the translation (after a seeded number of requests plus a
/// seeded delay) and once while the tracks are written, then a re-run. After every kill the
/// memory passes `PRAGMA integrity_check`, every track on disk parses with all its cues (a
/// temporary file of the killed writer may remain; the re-run removes it). "Paid once" as far as
/// it can hold: a text whose answer reached the memory is never sent again; the only texts sent
/// twice are those whose request was in flight at a kill (the provider answered, the process
/// was gone), at most concurrency × batch size per language and kill.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_at_random_points_loses_nothing_and_pays_nothing_twice() {
    const CONCURRENCY: usize = 2;
    const MAX_SEGMENTS: usize = 4;
    const LANGS: usize = 2;
    let (server, sim) = Sim::start(SimConfig::calm(0x5eed_0009, (30, 80))).await;
    let dir = tempfile::tempdir().expect("tempdir");
    write_config(
        dir.path(),
        &server,
        &format!("      concurrency: {CONCURRENCY}\n      max-segments: {MAX_SEGMENTS}\n"),
    );
    let (episodes, args) = season_args();
    let cues = source_cues(&episodes);
    let out_dir = dir.path().join("out");
    let db = dir.path().join(".subloc/memory.sqlite");
    let mut rng = Rng(0x9e11_2026);
    // What the memory held after the previous kill: never to be sent again.
    let mut stored: BTreeSet<(String, String)> = BTreeSet::new();
    // Texts sent whose answer never reached the memory (in flight at a kill).
    let mut lost_total = 0usize;
    let mut kills = 0;
    let mut killed: Vec<u32> = Vec::new();
    for round in 0..4 {
        let from = sim.log_len();
        let mut child = spawn(dir.path(), &args);
        killed.push(child.id());
        if round < 3 {
            // Somewhere in the translation: after a seeded number of requests, plus a little.
            let k = rng.range(1, 10) as usize;
            let sim2 = sim.clone();
            wait_for(&mut child, Duration::from_secs(30), move || {
                sim2.log_len() >= from + k
            })
            .await;
            tokio::time::sleep(Duration::from_millis(rng.range(0, 60))).await;
        } else {
            // While the tracks are written: once the first file appears.
            let out2 = out_dir.clone();
            wait_for(&mut child, Duration::from_secs(60), move || {
                files_under(&out2).iter().any(|p| !is_temp(p))
            })
            .await;
            tokio::time::sleep(Duration::from_millis(rng.range(0, 15))).await;
        }
        if child.try_wait().ok().flatten().is_none() {
            kills += 1;
        }
        child.kill().expect("SIGKILL"); // `kill -9`
        child.wait().expect("reaped");

        let (now, _) = memory_contents(&db);
        let (_, temps) = check_outputs(&out_dir, &cues);
        for t in &temps {
            assert!(
                temp_pid(t).is_some_and(|p| killed.contains(&p)),
                "only a killed run's temporary file: {t:?}"
            );
        }
        let sent = sim.sent_since(from);
        for pair in &sent {
            assert!(
                !stored.contains(pair),
                "round {round}: {pair:?} was in the memory and was sent again"
            );
        }
        let sent: BTreeSet<(String, String)> = sent.into_iter().collect();
        let lost = sent.difference(&now).count();
        assert!(
            lost <= LANGS * CONCURRENCY * MAX_SEGMENTS,
            "round {round}: {lost} texts sent but not stored: more than the requests in flight"
        );
        lost_total += lost;
        assert!(now.is_superset(&stored), "the memory lost entries");
        stored = now;
    }
    assert!(kills >= 3, "the runs were killed, not finished ({kills})");

    // The re-run completes from the memory and the missing texts.
    let from = sim.log_len();
    let out = run_to_end(dir.path(), &args).await;
    assert!(code(&out) <= 1, "{}", String::from_utf8_lossy(&out.stderr));
    let s = summary(&out);
    assert_eq!(s["stopped"], Value::Null);
    assert_eq!(
        s["failed"].as_array().map(Vec::len),
        Some(0),
        "{}",
        s["failed"]
    );
    assert_eq!(s["totals"]["files_written"], 3 * 2 * 2);
    for pair in sim.sent_since(from) {
        assert!(!stored.contains(&pair), "{pair:?} paid twice");
    }
    let (whole, temps) = check_outputs(&out_dir, &cues);
    assert_eq!(whole, 12);
    // The re-run removes what a killed writer left (it can tell a dead writer only on Linux).
    if cfg!(target_os = "linux") {
        assert!(temps.is_empty(), "temporary files left: {temps:?}");
    }
    for t in &temps {
        assert!(temp_pid(t).is_some_and(|p| killed.contains(&p)), "{t:?}");
    }

    // Across all runs, a text went out twice only when its first answer never arrived.
    let mut times: BTreeMap<(String, String), usize> = BTreeMap::new();
    for pair in sim.sent_since(0) {
        *times.entry(pair).or_default() += 1;
    }
    let twice: usize = times.values().map(|n| n - 1).sum();
    assert!(
        twice <= lost_total,
        "{twice} repeated sends, {lost_total} answers lost to kills"
    );
    let (stored, rows) = memory_contents(&db);
    assert_eq!(stored.len(), times.len(), "every text sent is stored once");
    assert_eq!(rows, times.len());
    for l in s["languages"].as_array().expect("languages") {
        let distinct = l["stats"]["distinct"].as_u64().unwrap_or(0);
        let lang = l["lang"].as_str().unwrap_or("");
        assert_eq!(
            stored.iter().filter(|(l, _)| l == lang).count() as u64,
            distinct,
            "{lang}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Two runs at once

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_runs_at_once_share_the_memory_and_the_outputs() {
    let (server, sim) = Sim::start(SimConfig::calm(0x2_0001, (20, 50))).await;
    let dir = tempfile::tempdir().expect("tempdir");
    write_config(
        dir.path(),
        &server,
        "      concurrency: 2\n      max-segments: 5\n",
    );
    let (episodes, args) = season_args();
    let cues = source_cues(&episodes);
    let a = {
        let mut cmd = command(dir.path(), &args);
        tokio::task::spawn_blocking(move || cmd.output().expect("first run"))
    };
    let b = {
        let mut cmd = command(dir.path(), &args);
        tokio::task::spawn_blocking(move || cmd.output().expect("second run"))
    };
    let (a, b) = (a.await.expect("joined"), b.await.expect("joined"));
    for out in [&a, &b] {
        assert!(
            matches!(code(out), 0 | 1),
            "exit {}: {}",
            code(out),
            String::from_utf8_lossy(&out.stderr)
        );
        let s = summary(out);
        assert_eq!(s["stopped"], Value::Null);
        assert_eq!(
            s["failed"].as_array().map(Vec::len),
            Some(0),
            "{}",
            s["failed"]
        );
        assert_eq!(s["totals"]["files_written"], 3 * 2 * 2);
        assert_eq!(s["totals"]["segments"], summary(&a)["totals"]["segments"]);
    }
    let (whole, temps) = check_outputs(&dir.path().join("out"), &cues);
    assert_eq!(whole, 12);
    assert!(temps.is_empty(), "{temps:?}");

    // Every text either run was sent is in the memory, once.
    let (stored, rows) = memory_contents(&dir.path().join(".subloc/memory.sqlite"));
    let sent: BTreeSet<(String, String)> = sim.sent_since(0).into_iter().collect();
    assert!(!sent.is_empty());
    assert_eq!(stored, sent, "nothing lost, nothing invented");
    assert_eq!(rows, sent.len());
    for l in summary(&a)["languages"].as_array().expect("languages") {
        let lang = l["lang"].as_str().unwrap_or("");
        let distinct = l["stats"]["distinct"].as_u64().unwrap_or(0);
        assert_eq!(
            stored.iter().filter(|(x, _)| x == lang).count() as u64,
            distinct,
            "{lang}: every distinct text once"
        );
    }
    // Both runs wrote the same bytes (the backend is deterministic), so whichever rename came
    // last, each track is one run's whole file; a third run finds everything in the memory.
    let before = sim.log_len();
    let out = run_to_end(dir.path(), &args).await;
    assert!(code(&out) <= 1);
    assert_eq!(sim.log_len(), before, "the memory answers everything");
    assert_eq!(
        summary(&out)["totals"]["memory_hits"],
        summary(&out)["totals"]["segments"]
    );
}

// ---------------------------------------------------------------------------------------------
// A season against faults and a rate limit

/// Writes `episodes` SRT files of `cues` cues each: Chinese-like lines drawn from a pool built
/// out of a small vocabulary, so lines repeat across the season as catchphrases and recaps do.
fn generate_season(dir: &Path, episodes: usize, cues: usize, seed: u64) -> Vec<PathBuf> {
    const WORDS: [&str; 32] = [
        "师父",
        "今天",
        "我们",
        "火候",
        "釉色",
        "窑里",
        "明天",
        "为什么",
        "不要",
        "走吧",
        "这只碗",
        "太烫了",
        "小心",
        "真的",
        "可以",
        "开始",
        "等一下",
        "你看",
        "烧好了",
        "颜色",
        "很美",
        "再来",
        "一次",
        "不行",
        "快点",
        "水",
        "泥土",
        "手艺",
        "老板",
        "客人",
        "来了",
        "谢谢",
    ];
    const ENDS: [&str; 4] = ["。", "？", "！", "……"];
    let mut rng = Rng(seed);
    let pool: Vec<String> = (0..400)
        .map(|_| {
            let n = rng.range(2, 5);
            let mut line: String = (0..n)
                .map(|_| WORDS[rng.range(0, WORDS.len() as u64 - 1) as usize])
                .collect();
            line.push_str(ENDS[rng.range(0, 3) as usize]);
            line
        })
        .collect();
    let season = dir.join("season");
    std::fs::create_dir_all(&season).expect("mkdir");
    (1..=episodes)
        .map(|e| {
            let mut srt = String::new();
            for c in 0..cues {
                // Skewed choice: a few lines come back in every episode.
                let a = rng.range(0, pool.len() as u64 - 1);
                let b = rng.range(0, pool.len() as u64 - 1);
                let line = &pool[a.min(b) as usize];
                let start = c as u64 * 3000 + 500;
                let clock = |ms: u64| {
                    format!(
                        "{:02}:{:02}:{:02},{:03}",
                        ms / 3_600_000,
                        ms / 60_000 % 60,
                        ms / 1000 % 60,
                        ms % 1000
                    )
                };
                srt.push_str(&format!(
                    "{}\n{} --> {}\n{line}\n\n",
                    c + 1,
                    clock(start),
                    clock(start + 2500)
                ));
            }
            let path = season.join(format!("ep{e:03}.srt"));
            std::fs::write(&path, srt).expect("write episode");
            path
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_season_survives_a_fault_mix_and_a_tight_rate_limit() {
    // 100 episodes × 20 cues; the debug build (what CI runs) does the same work, the pool of
    // distinct lines keeps the number of requests near a hundred.
    const EPISODES: usize = 100;
    const CUES: usize = 20;
    let (server, sim) = Sim::start(SimConfig {
        seed: 0xfa_0175,
        latency_ms: (2, 12),
        fault_every: 20,
        // The client gives up after `timeout-secs: 1`.
        hang: Duration::from_millis(1600),
        rate: Some((25.0, 4.0)),
    })
    .await;
    let dir = tempfile::tempdir().expect("tempdir");
    write_config(
        dir.path(),
        &server,
        "      concurrency: 4\n      max-segments: 4\n      timeout-secs: 1\n",
    );
    let episodes = generate_season(dir.path(), EPISODES, CUES, 0x5ea5_0001);
    let started = Instant::now();
    let out = run_to_end(
        dir.path(),
        &strings(&[
            "season",
            "--from",
            "zh-Hans",
            "--to",
            "en",
            "--platform",
            "youtube",
            "--format",
            "json",
        ]),
    )
    .await;
    let took = started.elapsed();
    assert!(took < Duration::from_secs(60), "the season took {took:?}");
    assert!(
        matches!(code(&out), 0 | 1),
        "exit {}: {}",
        code(&out),
        String::from_utf8_lossy(&out.stderr)
    );
    let s = summary(&out);
    assert_eq!(s["episodes"].as_array().map(Vec::len), Some(EPISODES));
    let lang = &s["languages"][0];
    let st = &lang["stats"];
    let segments = st["segments"].as_u64().expect("segments");
    assert_eq!(segments, (EPISODES * CUES) as u64);
    let translated = st["translated"].as_u64().expect("translated");
    let failed = st["failed"].as_u64().expect("failed");
    assert_eq!(translated + failed, segments, "{st}");
    let listed = s["failed"].as_array().expect("failed list");
    assert_eq!(
        listed.len() as u64,
        failed,
        "every failed segment is listed"
    );

    // Episodes with a failed segment are exactly the ones not written.
    let failed_eps: BTreeSet<String> = listed
        .iter()
        .filter_map(|f| f["id"].as_str()?.split('#').next().map(str::to_string))
        .collect();
    let files = lang["platforms"][0]["files"].as_array().expect("files");
    assert_eq!(files.len(), EPISODES);
    let mut written = 0;
    for f in files {
        let ep = f["episode"].as_str().unwrap_or("");
        assert_eq!(f["written"], !failed_eps.contains(ep), "{f}");
        if f["written"] == true {
            written += 1;
        }
    }
    assert_eq!(s["totals"]["files_written"], written);
    assert_eq!(s["totals"]["files_skipped"], EPISODES - written);
    let cues = source_cues(&episodes);
    let (whole, temps) = check_outputs(&dir.path().join("out"), &cues);
    assert_eq!(whole, written);
    assert!(temps.is_empty());

    // The faults and the rate limit happened, and the client handled them.
    let log = sim.log();
    let mut served: BTreeMap<Served, usize> = BTreeMap::new();
    for l in &log {
        *served.entry(l.served).or_default() += 1;
    }
    for kind in [
        Served::Status500,
        Served::Status503,
        Served::Hang,
        Served::Malformed,
        Served::RateLimited,
    ] {
        assert!(
            served.contains_key(&kind),
            "{kind:?} never served: {served:?}"
        );
    }
    let answered = log
        .iter()
        .filter(|l| l.served != Served::RateLimited)
        .count() as u64;
    let faults: usize = served
        .iter()
        .filter(|(k, _)| !matches!(k, Served::Ok | Served::RateLimited))
        .map(|(_, n)| n)
        .sum();
    // One fault in every block of 20 answers (the last block may be short of its fault).
    assert!(
        (answered / 20..=answered / 20 + 1).contains(&(faults as u64)),
        "{faults} faults in {answered} answers"
    );
    assert!(st["requests"].as_u64().unwrap_or(0) >= answered, "{st}");
    assert_eq!(
        st["rate_limited"].as_u64(),
        served.get(&Served::RateLimited).map(|n| *n as u64)
    );
    assert!(st["timeouts"].as_u64() >= served.get(&Served::Hang).map(|n| *n as u64));
    assert!(st["retries"].as_u64().unwrap_or(0) >= faults as u64);
    // Without failures, every distinct line was paid for once besides the faulty answers.
    if failed == 0 {
        let distinct = st["distinct"].as_u64().unwrap_or(0);
        let stored = memory_contents(&dir.path().join(".subloc/memory.sqlite")).0;
        assert_eq!(stored.len() as u64, distinct);
    }
}

// ---------------------------------------------------------------------------------------------
// Spending bound and circuit breaker (issue 14 §7)

/// A backend that answers call n with `answer(n)`'s error, or translates.
struct Scripted {
    calls: AtomicU64,
    answer: fn(u64) -> Option<BackendError>,
}

impl Backend for Scripted {
    fn identity(&self) -> BackendIdentity {
        BackendIdentity::new("scripted")
    }

    fn limits(&self) -> BatchLimits {
        BatchLimits {
            max_segments: 4,
            concurrency: 1,
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
        Box::pin(async move {
            let n = self.calls.fetch_add(1, Ordering::SeqCst);
            if let Some(e) = (self.answer)(n) {
                return Err(e);
            }
            Ok(BatchReply {
                translations: req
                    .segments
                    .iter()
                    .map(|s| (s.id.clone(), format!("T({})", s.text)))
                    .collect(),
                billed_chars: req.text_chars(),
                ..BatchReply::default()
            })
        })
    }
}

fn server_error() -> BackendError {
    BackendError::Server {
        status: 500,
        body_excerpt: "internal error".into(),
    }
}

#[tokio::test(start_paused = true)]
async fn retries_bisections_and_reasks_share_one_spending_bound() {
    let segments = texts(40);
    let planned: u64 = segments.iter().map(|s| s.text.chars().count() as u64).sum();
    let mut cfg = RunConfig::new("zh", "en");
    cfg.jitter_seed = 7;
    cfg.budget = Some(planned * 3 / 2);
    // Every other request fails: never 8 in a row, so the breaker stays closed, but every
    // failure is paid again. The bound stops the run before it pays more than 1.5×.
    let flaky = Arc::new(Scripted {
        calls: AtomicU64::new(0),
        answer: |n| (n % 2 == 1).then(server_error),
    });
    let r = Scheduler::new(flaky.clone())
        .run(&cfg, &segments)
        .await
        .expect("run starts");
    assert!(
        r.stats.chars_sent <= planned * 3 / 2,
        "{} of {planned}",
        r.stats.chars_sent
    );
    assert_eq!(r.stopped, Some(StopReason::Budget));
    assert!(r.stats.failed_requests > 0);
    assert_eq!(r.stats.failed_chars + r.stats.unique_chars, {
        // Every character sent either failed or was the one good send of its text.
        r.stats.chars_sent + (r.stats.unique_chars - translated_chars(&segments, &r))
    });

    // Requests turned away by a rate limit are not billed: with a bound of exactly the plan,
    // a run whose every other request is rate-limited still completes.
    cfg.budget = Some(planned);
    let limited = Arc::new(Scripted {
        calls: AtomicU64::new(0),
        answer: |n| {
            (n % 2 == 1).then_some(BackendError::RateLimited {
                retry_after: Some(std::time::Duration::from_millis(10)),
            })
        },
    });
    let r = Scheduler::new(limited)
        .run(&cfg, &segments)
        .await
        .expect("run starts");
    assert_eq!(r.stopped, None);
    assert_eq!(r.stats.translated, 40);
    assert_eq!(r.stats.failed_requests, 0);
}

#[tokio::test(start_paused = true)]
async fn the_spending_bound_is_one_pool_for_all_the_languages_of_a_run() {
    use subloc::translate::scheduler::{SharedSpend, SlackPool};
    let segments = texts(40);
    let planned: u64 = segments.iter().map(|s| s.text.chars().count() as u64).sum();
    // Two languages of one run, 1.5× their joint estimate: the slack is one pool.
    let pool = SlackPool::new(planned); // (2 × planned) / 2
    let cfg = |lang: &str, seed: u64| {
        let mut c = RunConfig::new("zh", lang);
        c.jitter_seed = seed;
        c.shared = Some(SharedSpend {
            own: planned,
            pool: pool.clone(),
        });
        c
    };
    let (fa, ar) = (cfg("fa", 3), cfg("ar", 4));
    // Persian's provider fails every other request (never 8 in a row: the breaker stays
    // closed), Arabic's answers everything.
    let flaky = Arc::new(Scripted {
        calls: AtomicU64::new(0),
        answer: |n| (n % 2 == 1).then(server_error),
    });
    let good = Arc::new(Scripted {
        calls: AtomicU64::new(0),
        answer: |_| None,
    });
    let (sched_fa, sched_ar) = (Scheduler::new(flaky), Scheduler::new(good));
    let (r_fa, r_ar) = tokio::join!(sched_fa.run(&fa, &segments), sched_ar.run(&ar, &segments));
    let (r_fa, r_ar) = (r_fa.expect("fa starts"), r_ar.expect("ar starts"));
    // Arabic needed no slack: it spent its estimate and finished.
    assert_eq!(r_ar.stopped, None);
    assert_eq!(r_ar.stats.translated, 40);
    assert_eq!(r_ar.stats.chars_sent, planned);
    // Persian used the slack Arabic did not need: more than a per-language 1.5× would have
    // allowed — the bound is the run's, not each language's …
    assert!(
        r_fa.stats.chars_sent > planned * 3 / 2,
        "{} of {planned}: the pool was not shared",
        r_fa.stats.chars_sent
    );
    // … and the run as a whole stayed within 1.5× its estimate.
    let total = r_fa.stats.chars_sent + r_ar.stats.chars_sent;
    assert!(total <= 3 * planned, "{total} of {}", 2 * planned);
    assert_eq!(pool.drawn(), r_fa.stats.chars_sent - planned);

    // Both failing: together they stop at the one bound, and neither took the characters
    // the other's own estimate needed before the slack was gone.
    let pool = SlackPool::new(planned);
    let both = |lang: &str, seed: u64| {
        let mut c = RunConfig::new("zh", lang);
        c.jitter_seed = seed;
        c.shared = Some(SharedSpend {
            own: planned,
            pool: pool.clone(),
        });
        c
    };
    let (fa, ar) = (both("fa", 5), both("ar", 6));
    let flaky = |_: ()| {
        Scheduler::new(Arc::new(Scripted {
            calls: AtomicU64::new(0),
            answer: |n| (n % 2 == 1).then(server_error),
        }))
    };
    let (s1, s2) = (flaky(()), flaky(()));
    let (r1, r2) = tokio::join!(s1.run(&fa, &segments), s2.run(&ar, &segments));
    let (r1, r2) = (r1.expect("starts"), r2.expect("starts"));
    let total = r1.stats.chars_sent + r2.stats.chars_sent;
    assert!(total <= 3 * planned, "{total} of {}", 2 * planned);
    assert!(pool.drawn() <= planned);
    // Each failing language alone would spend about twice its estimate (the first run
    // above): together they cannot both finish within the one bound.
    assert!(
        [&r1.stopped, &r2.stopped].contains(&&Some(StopReason::Budget)),
        "{:?} {:?}",
        r1.stopped,
        r2.stopped
    );
}

#[test]
fn a_run_reports_one_spending_bound_for_all_its_languages() {
    // Two languages of one run, the free pseudo backend: the bound in the summary is the run's
    // estimate plus half of it (at least 1,000), once — not a bound per language.
    let dir = tempfile::tempdir().expect("tempdir");
    let mut args: Vec<String> = ["ep01.srt", "ep02.srt"]
        .iter()
        .map(|e| sample(e).display().to_string())
        .collect();
    args.extend(strings(&[
        "--to",
        "fa,ar",
        "--platform",
        "youtube",
        "--backend",
        "pseudo",
        "--format",
        "json",
    ]));
    let out = command(dir.path(), &args).output().expect("runs");
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let s = summary(&out);
    let estimate: u64 = s["languages"]
        .as_array()
        .expect("languages")
        .iter()
        .map(|l| l["stats"]["unique_chars"].as_u64().expect("unique chars"))
        .sum();
    assert!(estimate > 0);
    assert_eq!(
        s["spending_bound"]["chars"].as_u64(),
        Some(estimate + (estimate / 2).max(1_000)),
        "{}",
        s["spending_bound"]
    );
    assert_eq!(s["spending_bound"]["from_budget"], false);
}

/// Characters of the segments that got a translation.
fn translated_chars(segments: &[Segment], r: &subloc::translate::scheduler::RunResult) -> u64 {
    segments
        .iter()
        .zip(&r.outcomes)
        .filter(|(_, o)| o.text().is_some())
        .map(|(s, _)| s.text.chars().count() as u64)
        .sum()
}

#[tokio::test(start_paused = true)]
async fn the_breaker_stops_a_provider_that_keeps_failing() {
    let segments = texts(40);
    let cfg = {
        let mut c = RunConfig::new("zh", "en");
        c.jitter_seed = 9;
        c
    };
    // Answers twice, then only 5xx, cut-off replies and timeouts.
    let failing = Arc::new(Scripted {
        calls: AtomicU64::new(0),
        answer: |n| match n {
            0 | 1 => None,
            n if n % 3 == 0 => Some(server_error()),
            n if n % 3 == 1 => Some(BackendError::Malformed("EOF while parsing".into())),
            _ => Some(BackendError::Timeout),
        },
    });
    let r = Scheduler::new(failing.clone())
        .run(&cfg, &segments)
        .await
        .expect("run starts");
    match &r.stopped {
        Some(StopReason::Failing { failures, .. }) => {
            assert_eq!(*failures, cfg.max_failures_in_row)
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        failing.calls.load(Ordering::SeqCst),
        2 + u64::from(cfg.max_failures_in_row)
    );
    assert_eq!(r.stats.translated, 8, "the two answers are kept");
    assert_eq!(r.stats.failed, 32);
    assert_eq!(r.stats.failed_requests, u64::from(cfg.max_failures_in_row));

    // With a fallback, the breaker hands the rest of the run to it instead.
    let failing = Arc::new(Scripted {
        calls: AtomicU64::new(0),
        answer: |n| (n >= 1).then(server_error),
    });
    let spare = Arc::new(Scripted {
        calls: AtomicU64::new(0),
        answer: |_| None,
    });
    let r = Scheduler::new(failing.clone())
        .with_fallback(spare)
        .run(&cfg, &segments)
        .await
        .expect("run starts");
    assert_eq!(r.stopped, None);
    assert!(r.stats.primary_abandoned);
    assert_eq!(r.stats.translated, 40);
    assert_eq!(
        failing.calls.load(Ordering::SeqCst),
        1 + u64::from(cfg.max_failures_in_row)
    );
}
