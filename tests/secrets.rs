//! Secrets and paths. Every command runs with a recognisable key in every provider's variable
//! (and `SUBLOC_DEBUG=1`); `translate` runs with each HTTP backend kind against loopback servers
//! that answer 401, 500, 429, malformed bodies and successes — echoing the key they received in
//! their error bodies, as careless servers do — and with a dead endpoint. Then stdout, stderr
//! and every byte written under the working folder (tracks, reports, CSV, TBX, baselines, the
//! memory database with its WAL) are searched for the key: it is never there.
//! Output names cannot leave the output folder: `..`, absolute patterns and episode names that
//! climb are refused, and so is a folder inside the output folder that is a symbolic link to
//! somewhere else.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};
use subloc::translate::pseudo::pseudo_translate;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::cli_support::{sample, series_glossary};

/// The key every provider variable holds.
const KEY: &str = "SUBLOC-SECRET-KEY-7f3a9c";
const KEY_VARS: [&str; 4] = [
    "DEEPL_API_KEY",
    "OPENAI_API_KEY",
    "GOOGLE_API_KEY",
    "LIBRETRANSLATE_API_KEY",
];

/// `subloc ARGS` in `dir` with the key everywhere and debugging on.
fn subloc(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_subloc"));
    cmd.current_dir(dir).args(args);
    for var in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "LC_ALL",
        "LC_MESSAGES",
        "LANGUAGE",
    ] {
        cmd.env_remove(var);
    }
    for var in KEY_VARS {
        cmd.env(var, KEY);
    }
    cmd.env("SUBLOC_DEBUG", "1")
        .env("RUST_BACKTRACE", "1")
        .env("LANG", "C")
        .env("NO_COLOR", "1");
    cmd
}

/// Everything one run printed, labelled for failure messages.
struct Printed {
    what: String,
    out: Output,
}

fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

/// Where the key could hide in bytes: as is, and in the UTF-16 forms subloc can write.
fn leaks(bytes: &[u8]) -> bool {
    let utf16 = |le: bool| -> Vec<u8> {
        KEY.encode_utf16()
            .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
            .collect()
    };
    [KEY.as_bytes().to_vec(), utf16(true), utf16(false)]
        .iter()
        .any(|k| bytes.windows(k.len()).any(|w| w == k.as_slice()))
}

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

/// Asserts the key is in no output and no file under `dir`; returns how many files were read.
fn assert_no_key(dir: &Path, printed: &[Printed]) -> usize {
    for p in printed {
        assert!(
            !leaks(&p.out.stdout),
            "{}: the key is on stdout:\n{}",
            p.what,
            String::from_utf8_lossy(&p.out.stdout)
        );
        assert!(
            !leaks(&p.out.stderr),
            "{}: the key is on stderr:\n{}",
            p.what,
            String::from_utf8_lossy(&p.out.stderr)
        );
    }
    let files = files_under(dir);
    for f in &files {
        let bytes = std::fs::read(f).expect("read a written file");
        assert!(!leaks(&bytes), "the key is in {f:?}");
    }
    files.len()
}

/// Runs and records; fails on a crash (exit codes other than 0, 1, 2 or panic text).
fn run(dir: &Path, args: &[&str], printed: &mut Vec<Printed>) -> i32 {
    let out = subloc(dir, args).output().expect("subloc runs");
    let c = code(&out);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        (0..=2).contains(&c) && !err.contains("panicked"),
        "{args:?}: exit {c}\n{err}"
    );
    printed.push(Printed {
        what: args.join(" "),
        out,
    });
    c
}

fn copy(from: &Path, to: &Path) {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::copy(from, to).expect("copy");
}

/// A three-cue episode: one request, quick retries.
const SHORT_EPISODE: &str = "1\n00:00:01,000 --> 00:00:03,000\n师父，火候到了吗？\n\n2\n00:00:04,000 --> 00:00:06,000\n再等一下。\n\n3\n00:00:07,000 --> 00:00:09,000\n这一窑烧蓝。\n";

#[test]
fn offline_commands_never_show_or_store_the_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    for name in ["ep01.srt", "ep02.srt", "ep01.ass", "ep04_qc_faults.srt"] {
        copy(&sample(name), &d.join("episodes").join(name));
    }
    copy(&series_glossary(), &d.join("glossary.yaml"));
    let mut printed = Vec::new();
    let p = &mut printed;
    let ep1 = "episodes/ep01.srt";
    let ep2 = "episodes/ep02.srt";
    let ass = "episodes/ep01.ass";
    let faulty = "episodes/ep04_qc_faults.srt";

    run(d, &["info", ep1, ass, faulty], p);
    run(d, &["info", "--format", "json", "--cues", ep1, ass], p);
    assert_eq!(run(d, &["convert", ep1, "conv/ep01.vtt"], p), 0);
    assert_eq!(run(d, &["convert", ass, "conv/ep01.ttml"], p), 0);
    run(d, &["convert", ass, "-", "--to", "srt"], p);
    for format in ["human", "json", "junit", "github", "sarif", "html"] {
        let file = format!("reports/check.{format}");
        run(
            d,
            &[
                "check",
                "--platform",
                "netflix",
                "--lang",
                "zh-Hans",
                "--format",
                format,
                "-o",
                &file,
                ep1,
                faulty,
            ],
            p,
        );
        run(
            d,
            &[
                "check",
                "--platform",
                "youtube",
                "--format",
                format,
                ep2,
                faulty,
            ],
            p,
        );
    }
    run(
        d,
        &[
            "check",
            "--platform",
            "netflix",
            "--write-baseline",
            "baseline.json",
            faulty,
        ],
        p,
    );
    run(
        d,
        &[
            "check",
            "--platform",
            "netflix",
            "--baseline",
            "baseline.json",
            faulty,
        ],
        p,
    );
    run(d, &["fix", "--platform", "youtube", "--dry-run", faulty], p);
    run(
        d,
        &[
            "fix",
            "--platform",
            "youtube",
            "--out",
            "fixed",
            faulty,
            ep1,
        ],
        p,
    );
    run(d, &["platforms"], p);
    run(
        d,
        &["platforms", "netflix", "--lang", "fa", "--format", "json"],
        p,
    );
    run(d, &["glossary", "lint", "--lang", "fa,en"], p);
    run(
        d,
        &[
            "glossary",
            "scan",
            "--format",
            "json",
            "--candidates-out",
            "candidates.yaml",
            ep1,
            ep2,
        ],
        p,
    );
    run(
        d,
        &[
            "glossary",
            "review",
            "--lang",
            "fa",
            "--episodes",
            ep1,
            "--out",
            "review",
        ],
        p,
    );
    run(d, &["glossary", "export", "-o", "glossary.tbx"], p);
    run(
        d,
        &[
            "glossary",
            "export",
            "--format",
            "csv",
            "--lang",
            "en",
            "-o",
            "deepl.csv",
        ],
        p,
    );
    run(
        d,
        &[
            "glossary",
            "import",
            "--lang",
            "en",
            "--dry-run",
            "deepl.csv",
        ],
        p,
    );
    run(d, &["glossary", "import", "glossary.tbx"], p);
    run(
        d,
        &["glossary", "apply", "--reviewer", "qa", "review/fa.csv"],
        p,
    );
    run(d, &["completions", "bash"], p);
    run(d, &["man"], p);
    // Translation without a network: the pseudo backend with its memory, and dry runs of every
    // HTTP kind (the key is read, nothing is sent).
    assert!(
        run(
            d,
            &[
                "translate",
                ep1,
                ass,
                "--to",
                "fa,en",
                "--platform",
                "netflix,youtube",
                "--bilingual",
            ],
            p,
        ) <= 1
    );
    // The memory and the human-translation round trip.
    run(d, &["memory", "stats"], p);
    run(d, &["memory", "stats", "--format", "json"], p);
    assert_eq!(run(d, &["memory", "export", "-o", "memory.tmx"], p), 0);
    run(d, &["memory", "import", "memory.tmx"], p);
    run(
        d,
        &[
            "translate",
            ep2,
            "--to",
            "fa",
            "--platform",
            "youtube",
            "--backend",
            "xliff",
        ],
        p,
    );
    run(d, &["xliff", "import", "out/xliff/fa.xlf"], p);
    for kind in ["deepl", "openai", "google", "libretranslate"] {
        assert_eq!(
            run(
                d,
                &[
                    "translate",
                    ep2,
                    "--to",
                    "en",
                    "--platform",
                    "youtube",
                    "--backend",
                    kind,
                    "--backend-url",
                    "http://127.0.0.1:9",
                    "--dry-run",
                    "--format",
                    "json",
                ],
                p,
            ),
            0,
            "{kind} dry run"
        );
    }

    let files = assert_no_key(d, &printed);
    assert!(files > 30, "the commands wrote their files ({files})");
    for written in [
        "conv/ep01.vtt",
        "reports/check.sarif",
        "reports/check.html",
        "baseline.json",
        "review/fa.csv",
        "glossary.tbx",
        "deepl.csv",
        ".subloc/memory.sqlite",
        "out/fa/netflix/ep01-srt.ttml",
        "memory.tmx",
        "out/xliff/fa.xlf",
    ] {
        assert!(d.join(written).is_file(), "{written} was written");
    }
    // The search itself finds a planted key (UTF-16 too).
    std::fs::write(d.join("planted.txt"), format!("x{KEY}x")).expect("plant");
    let caught = std::panic::catch_unwind(|| assert_no_key(d, &[]));
    assert!(caught.is_err(), "a planted key is found");
    assert!(leaks(
        &KEY.encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect::<Vec<u8>>()
    ));
}

/// A provider kind: where its requests go and how it answers a success.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Deepl,
    OpenAi,
    Google,
    Libre,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Deepl => "deepl",
            Kind::OpenAi => "openai",
            Kind::Google => "google",
            Kind::Libre => "libretranslate",
        }
    }

    /// Whether the request carried the key where this provider expects it.
    fn carries_key(self, r: &Request) -> bool {
        let header = |name: &str| {
            r.headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string()
        };
        let body: Value = r.body_json().unwrap_or(Value::Null);
        match self {
            Kind::Deepl => header("authorization") == format!("DeepL-Auth-Key {KEY}"),
            Kind::OpenAi => header("authorization") == format!("Bearer {KEY}"),
            Kind::Google => r.url.query_pairs().any(|(k, v)| k == "key" && v == KEY),
            Kind::Libre => body["api_key"] == KEY,
        }
    }

    fn success(self, r: &Request) -> ResponseTemplate {
        let body: Value = r.body_json().unwrap_or(Value::Null);
        let list = |field: &str| -> Vec<String> {
            body[field]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|t| t.as_str().unwrap_or("").to_string())
                        .collect()
                })
                .unwrap_or_default()
        };
        match self {
            Kind::Deepl => {
                let t: Vec<Value> = list("text")
                    .iter()
                    .map(|t| json!({"text": pseudo_translate(t, "en"), "detected_source_language": "ZH"}))
                    .collect();
                ResponseTemplate::new(200).set_body_json(json!({ "translations": t }))
            }
            Kind::Google => {
                let t: Vec<Value> = list("q")
                    .iter()
                    .map(|t| json!({"translatedText": pseudo_translate(t, "en")}))
                    .collect();
                ResponseTemplate::new(200).set_body_json(json!({"data": {"translations": t}}))
            }
            Kind::Libre => {
                let t: Vec<String> = list("q")
                    .iter()
                    .map(|t| pseudo_translate(t, "en"))
                    .collect();
                ResponseTemplate::new(200).set_body_json(json!({ "translatedText": t }))
            }
            Kind::OpenAi => {
                let user = body["messages"][1]["content"].as_str().unwrap_or("{}");
                let lines: Value = serde_json::from_str(user).unwrap_or(Value::Null);
                // The user message's `lines` is an object: request-local id → text.
                let map: serde_json::Map<String, Value> = lines["lines"]
                    .as_object()
                    .cloned()
                    .unwrap_or_default()
                    .iter()
                    .map(|(id, text)| {
                        (
                            id.clone(),
                            Value::String(pseudo_translate(text.as_str().unwrap_or(""), "en")),
                        )
                    })
                    .collect();
                ResponseTemplate::new(200).set_body_json(json!({
                    "id": "chatcmpl-1", "object": "chat.completion", "model": "m",
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant",
                                             "content": Value::Object(map).to_string()}}],
                    "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}
                }))
            }
        }
    }
}

/// How the server answers: every request refused (401), or a script — 500, 429, a malformed
/// body, then successes. Error bodies repeat the key the request carried.
struct Careless {
    kind: Kind,
    /// 0: always 401; 1: the script; 2: always 400.
    mode: AtomicUsize,
    /// Requests in the current mode.
    served: AtomicUsize,
    /// Requests that carried the key (proof it was sent, so finding nothing means something).
    with_key: AtomicUsize,
}

#[derive(Clone)]
struct CarelessHandle(Arc<Careless>);

impl Respond for CarelessHandle {
    fn respond(&self, r: &Request) -> ResponseTemplate {
        let s = &self.0;
        if s.kind.carries_key(r) {
            s.with_key.fetch_add(1, Ordering::SeqCst);
        }
        let echo = json!({
            "message": format!("invalid or throttled key {KEY}"),
            "error": {"message": format!("API key {KEY} rejected"), "code": 500},
            "key": KEY,
        });
        let n = s.served.fetch_add(1, Ordering::SeqCst);
        match s.mode.load(Ordering::SeqCst) {
            0 => {
                return ResponseTemplate::new(401)
                    .insert_header("www-authenticate", format!("Bearer realm=\"{KEY}\""))
                    .set_body_json(echo);
            }
            2 => return ResponseTemplate::new(400).set_body_json(echo),
            _ => {}
        }
        match n {
            0 => ResponseTemplate::new(500).set_body_json(echo),
            1 => ResponseTemplate::new(429)
                .insert_header("retry-after-ms", "20")
                .set_body_json(echo),
            2 => ResponseTemplate::new(200)
                .insert_header("content-type", "application/json")
                .set_body_string(format!("{{\"translations\": [\"{KEY}")),
            _ => s.kind.success(r),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_backends_never_show_or_store_the_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path().to_path_buf();
    std::fs::write(d.join("short.srt"), SHORT_EPISODE).expect("episode");
    let mut printed = Vec::new();
    for kind in [Kind::Deepl, Kind::OpenAi, Kind::Google, Kind::Libre] {
        let server = MockServer::start().await;
        let state = Arc::new(Careless {
            kind,
            mode: AtomicUsize::new(0),
            served: AtomicUsize::new(0),
            with_key: AtomicUsize::new(0),
        });
        Mock::given(wiremock::matchers::any())
            .respond_with(CarelessHandle(state.clone()))
            .mount(&server)
            .await;
        let work = d.join(kind.name());
        std::fs::create_dir_all(&work).expect("mkdir");
        let uri = server.uri();
        let base = |format: &'static str| -> Vec<String> {
            [
                "translate",
                "../short.srt",
                "--to",
                "en",
                "--platform",
                "youtube",
                "--backend",
                kind.name(),
                "--backend-url",
                &uri,
                "--format",
                format,
            ]
            .iter()
            .map(|s| s.to_string())
            .collect()
        };
        let runs: Vec<(usize, Vec<String>)> = vec![
            (0, base("human")),
            (0, base("json")),
            (1, base("json")),
            // Everything from the memory now.
            (1, base("human")),
        ];
        for (mode, args) in runs {
            state.mode.store(mode, Ordering::SeqCst);
            state.served.store(0, Ordering::SeqCst);
            let work = work.clone();
            let out = tokio::task::spawn_blocking(move || {
                let argv: Vec<&str> = args.iter().map(String::as_str).collect();
                let mut p = Vec::new();
                let c = run(&work, &argv, &mut p);
                (c, p)
            })
            .await
            .expect("ran");
            let (c, mut p) = out;
            let shown = String::from_utf8_lossy(&p[0].out.stderr).into_owned();
            if mode == 0 {
                assert_eq!(
                    c,
                    2,
                    "{}: a refused key stops the run (exit 2, issue 14 §6)\n{shown}",
                    kind.name()
                );
            } else {
                assert!(c <= 1, "{}: {shown}", kind.name());
                let json: Option<Value> = serde_json::from_slice(&p[0].out.stdout).ok();
                if let Some(s) = json {
                    assert_eq!(s["failed"].as_array().map(Vec::len), Some(0), "{s}");
                    // The script ran: a 500, a 429 and a malformed body before the answers.
                    let st = &s["languages"][0]["stats"];
                    assert_eq!(st["rate_limited"], 1, "{}: {st}", kind.name());
                    assert!(st["retries"].as_u64() >= Some(2), "{}: {st}", kind.name());
                }
            }
            printed.append(&mut p);
        }
        assert!(
            state.with_key.load(Ordering::SeqCst) >= 4,
            "{}: the key was sent",
            kind.name()
        );
        assert!(work.join("out/en/youtube/short.srt").is_file());

        // DeepL glossary sync reports the provider's error text (an excerpt of its body).
        if kind == Kind::Deepl {
            state.mode.store(2, Ordering::SeqCst);
            let sync = d.join("deepl-sync");
            std::fs::create_dir_all(&sync).expect("mkdir");
            copy(&series_glossary(), &sync.join("glossary.yaml"));
            let config = format!(
                "translate:\n  backend: deepl\n  backends:\n    deepl:\n      url: {uri}\n      glossary-sync: true\n"
            );
            std::fs::write(sync.join("subloc.yaml"), config).expect("config");
            let (c, mut p) = tokio::task::spawn_blocking(move || {
                let mut p = Vec::new();
                let args = [
                    "translate",
                    "../short.srt",
                    "--to",
                    "en",
                    "--platform",
                    "youtube",
                ];
                (run(&sync, &args, &mut p), p)
            })
            .await
            .expect("ran");
            let err = String::from_utf8_lossy(&p[0].out.stderr).into_owned();
            assert_eq!(c, 2, "{err}");
            assert!(err.contains("glossary sync"), "{err}");
            assert!(err.contains("400"), "the provider's answer is shown: {err}");
            printed.append(&mut p);
        }
    }
    // A dead endpoint: connection errors carry the URL (Google's has the key in its query).
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    for kind in ["google", "deepl"] {
        let url = format!("http://127.0.0.1:{port}");
        let d2 = d.clone();
        let p = tokio::task::spawn_blocking(move || {
            let mut p = Vec::new();
            let args = [
                "translate",
                "short.srt",
                "--to",
                "fa",
                "--platform",
                "youtube",
                "--backend",
                kind,
                "--backend-url",
                &url,
            ];
            run(&d2, &args, &mut p);
            p
        })
        .await
        .expect("ran");
        printed.extend(p);
    }
    assert_no_key(&d, &printed);
}

/// A command `--pattern` or episode name that would write outside `out` is refused before
/// anything is written; so is a folder inside `out` that is a link to somewhere else.
#[test]
fn outputs_stay_inside_the_output_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::write(d.join("short.srt"), SHORT_EPISODE).expect("episode");
    let mut printed = Vec::new();
    let p = &mut printed;
    let translate = |extra: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = ["translate", "--to", "fa", "--platform", "youtube"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let argv = |v: &Vec<String>| -> Vec<String> { v.clone() };
    let outside = d.join("outside");
    std::fs::create_dir_all(&outside).expect("mkdir");
    let abs = format!("{}/{{stem}}.{{ext}}", outside.display());
    for pattern in [
        "../{stem}.{ext}",
        "{lang}/../../x/{stem}.{ext}",
        abs.as_str(),
    ] {
        let args = argv(&translate(&["short.srt", "--pattern", pattern]));
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_eq!(run(d, &a, p), 2, "{pattern}");
    }
    // Episode names that would climb out through `{stem}`.
    for name in ["...srt", "..\\..\\x.srt"] {
        std::fs::write(d.join(name), SHORT_EPISODE).expect("episode");
        let args = argv(&translate(&[name]));
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_eq!(run(d, &a, p), 2, "{name}");
        std::fs::remove_file(d.join(name)).expect("rm");
    }
    assert!(
        !d.join("out").exists(),
        "nothing written for a refused plan"
    );

    // `out/fa` is a link to a folder outside `out`.
    #[cfg(unix)]
    {
        std::fs::create_dir_all(d.join("out")).expect("mkdir");
        std::os::unix::fs::symlink(&outside, d.join("out/fa")).expect("symlink");
        let args = argv(&translate(&["short.srt", "--format", "json"]));
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_eq!(run(d, &a, p), 2, "writing through a symlinked folder");
        let err = String::from_utf8_lossy(&p.last().expect("ran").out.stderr).into_owned();
        assert!(err.contains("outside the output folder"), "{err}");
        // The flat pattern is not affected by the link, and writes inside.
        let args = argv(&translate(&[
            "short.srt",
            "--pattern",
            "{stem}.{lang}.{ext}",
        ]));
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        assert!(run(d, &a, p) <= 1);
        assert!(d.join("out/short.fa.srt").is_file());
        // A file inside `out` that is a link is replaced by the track, not written through.
        std::fs::write(outside.join("victim.srt"), "keep me").expect("victim");
        std::fs::remove_file(d.join("out/short.fa.srt")).expect("rm");
        std::os::unix::fs::symlink(outside.join("victim.srt"), d.join("out/short.fa.srt"))
            .expect("symlink");
        assert!(run(d, &a, p) <= 1);
        assert_eq!(
            std::fs::read_to_string(outside.join("victim.srt")).expect("victim"),
            "keep me"
        );
        assert!(
            !std::fs::symlink_metadata(d.join("out/short.fa.srt"))
                .expect("track")
                .file_type()
                .is_symlink()
        );
    }
    let written: Vec<PathBuf> = files_under(&outside);
    assert!(
        written
            .iter()
            .all(|f| f.file_name().is_some_and(|n| n == "victim.srt")),
        "nothing written outside: {written:?}"
    );
}
