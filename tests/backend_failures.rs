//! Provider failures as a user meets them (issue 14 §6, §7): `subloc translate` (the built
//! binary) against loopback servers that answer the way DeepL, OpenAI-compatible servers,
//! Google and LibreTranslate document their errors — a rejected key, an exhausted quota, a wrong
//! URL, an unknown model, a refused connection, a TLS mismatch, a provider that keeps failing.
//! Each run must stop at once (a handful of requests), exit 2, name the provider and its URL,
//! the status and the provider's own words and what to do, in the human output and in
//! `--format json` alike, and never show the key. Also: `--dry-run` without a key and without a
//! memory file, the `command` backend's environment, and keys refused over plain http.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::{Value, json};
use subloc::translate::pseudo::pseudo_translate;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::cli_support::sample;

/// The key every run here is given; it must never appear in any output.
const KEY: &str = "test-secret-key-0123456789:fx";

/// `subloc translate ARGS` in `dir`, with only the test's key and no proxies or locale.
fn translate(dir: &Path, args: &[&str]) -> Command {
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
    ] {
        cmd.env_remove(var);
    }
    cmd.env("LANG", "C").env("NO_COLOR", "1");
    cmd
}

/// Runs to the end on a blocking thread (the loopback server lives on the test's runtime).
async fn run(mut cmd: Command) -> Output {
    tokio::task::spawn_blocking(move || cmd.output().expect("subloc runs"))
        .await
        .expect("the command ran")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON: {e}\n{}\n{}",
            text(&out.stdout),
            text(&out.stderr)
        )
    })
}

fn ep02() -> String {
    sample("ep02.srt").display().to_string()
}

/// What every provider stop must look like: exit 2, the headline does not claim a
/// translation, stderr names the provider, the URL, the status and the provider's words and
/// gives the advice, the key appears nowhere; the JSON carries the same facts.
struct Expect<'a> {
    provider: &'a str,
    error: &'a str,
    status: Option<u16>,
    message: &'a str,
    advice: &'a str,
    /// A phrase of the advice in English.
    advice_text: &'a str,
}

async fn assert_stop(dir: &Path, args: &[&str], env: &[(&str, &str)], url: &str, e: &Expect<'_>) {
    let mut cmd = translate(dir, args);
    cmd.envs(env.iter().copied());
    let out = run(cmd).await;
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(2), "{stdout}\n{stderr}");
    assert!(
        !stdout.starts_with("Translated"),
        "headline claims a translation: {stdout}"
    );
    assert!(stdout.starts_with("Nothing translated"), "{stdout}");
    let error_line = stderr
        .lines()
        .find(|l| l.starts_with("error:"))
        .unwrap_or_else(|| panic!("no error line: {stderr}"));
    assert!(error_line.contains(e.provider), "{error_line}");
    assert!(error_line.contains(url), "{error_line}");
    if let Some(status) = e.status {
        assert!(
            error_line.contains(&format!("HTTP {status}")),
            "{error_line}"
        );
    }
    assert!(error_line.contains(e.message), "{error_line}");
    assert!(error_line.contains(e.advice_text), "{error_line}");
    assert!(
        !error_line.contains("run the same command again"),
        "{error_line}"
    );
    assert!(!stdout.contains(KEY) && !stderr.contains(KEY), "key shown");

    let mut args_json: Vec<&str> = args.to_vec();
    args_json.extend(["--format", "json"]);
    let mut cmd = translate(dir, &args_json);
    cmd.envs(env.iter().copied());
    let out = run(cmd).await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(!text(&out.stdout).contains(KEY), "key in the JSON");
    let s = json_of(&out);
    let stop = &s["backend_stop"];
    assert_eq!(stop["provider"], e.provider, "{stop}");
    assert_eq!(stop["url"], url, "{stop}");
    assert_eq!(stop["error"], e.error, "{stop}");
    assert_eq!(
        stop["status"],
        e.status.map_or(Value::Null, |s| json!(s)),
        "{stop}"
    );
    assert!(
        stop["message"]
            .as_str()
            .is_some_and(|m| m.contains(e.message)),
        "{stop}"
    );
    assert_eq!(stop["advice"], e.advice, "{stop}");
    assert_eq!(s["totals"]["files_written"], 0);
}

/// Requests the server got (a stop "at once" sends at most the first requests in flight).
async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.unwrap_or_default().len()
}

async fn answer_always(server: &MockServer, route: &str, answer: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path(route))
        .respond_with(answer)
        .mount(server)
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_deepl_key_stops_at_once_with_exit_2_and_says_what_to_do() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = MockServer::start().await;
    answer_always(
        &server,
        "/v2/translate",
        ResponseTemplate::new(403)
            .set_body_json(json!({"message": "Wrong auth key, it ends with :fx?"})),
    )
    .await;
    let url = server.uri();
    let args = [
        ep02(),
        "--to".into(),
        "en".into(),
        "--platform".into(),
        "youtube".into(),
        "--backend".into(),
        "deepl".into(),
        "--backend-url".into(),
        url.clone(),
    ];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_stop(
        dir.path(),
        &args,
        &[("DEEPL_API_KEY", KEY)],
        &url,
        &Expect {
            provider: "deepl",
            error: "auth",
            status: Some(403),
            message: "Wrong auth key",
            advice: "set-key",
            advice_text: "Set DEEPL_API_KEY to a valid key",
        },
    )
    .await;
    // Two runs (human and JSON), each at most its first requests in flight (2 batches).
    assert!(requests(&server).await <= 4, "{}", requests(&server).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_exhausted_deepl_quota_456_stops_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = MockServer::start().await;
    answer_always(
        &server,
        "/v2/translate",
        ResponseTemplate::new(456).set_body_json(json!({"message": "Quota Exceeded"})),
    )
    .await;
    let url = server.uri();
    let args = [
        ep02().as_str(),
        "--to",
        "en,ar",
        "--platform",
        "youtube",
        "--backend",
        "deepl",
        "--backend-url",
        &url,
        "-j",
        "1",
    ]
    .map(str::to_string);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_stop(
        dir.path(),
        &args,
        &[("DEEPL_API_KEY", KEY)],
        &url,
        &Expect {
            provider: "deepl",
            error: "quota",
            status: Some(456),
            message: "Quota Exceeded",
            advice: "quota",
            advice_text: "wait for the next billing period",
        },
    )
    .await;
    // With one language at a time the second language never sends: the first one's stop is
    // shared (two runs, at most two requests each).
    assert!(requests(&server).await <= 4, "{}", requests(&server).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_openai_quota_429_is_not_retried_as_a_rate_limit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = MockServer::start().await;
    // OpenAI's documented shape for a used-up credit (a 429 like a rate limit, but final).
    answer_always(
        &server,
        "/v1/chat/completions",
        ResponseTemplate::new(429).set_body_json(json!({"error": {
            "message": "You exceeded your current quota, please check your plan and billing details.",
            "type": "insufficient_quota", "param": null, "code": "insufficient_quota"}})),
    )
    .await;
    let url = format!("{}/v1", server.uri());
    let args = [
        ep02().as_str(),
        "--to",
        "en",
        "--platform",
        "youtube",
        "--backend",
        "openai",
        "--backend-url",
        &url,
        "--model",
        "gpt-4o-mini",
    ]
    .map(str::to_string);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_stop(
        dir.path(),
        &args,
        &[("OPENAI_API_KEY", KEY)],
        &url,
        &Expect {
            provider: "openai",
            error: "quota",
            status: Some(429),
            message: "You exceeded your current quota",
            advice: "quota",
            advice_text: "Raise the limit",
        },
    )
    .await;
    assert!(requests(&server).await <= 8, "{}", requests(&server).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_model_stops_at_once_and_points_at_model() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = MockServer::start().await;
    answer_always(
        &server,
        "/v1/chat/completions",
        ResponseTemplate::new(404).set_body_json(json!({"error": {
            "message": "The model `gpt-9-turbo` does not exist or you do not have access to it.",
            "type": "invalid_request_error", "param": null, "code": "model_not_found"}})),
    )
    .await;
    let url = format!("{}/v1", server.uri());
    let args = [
        ep02().as_str(),
        "--to",
        "en",
        "--platform",
        "youtube",
        "--backend",
        "openai",
        "--backend-url",
        &url,
        "--model",
        "gpt-9-turbo",
    ]
    .map(str::to_string);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_stop(
        dir.path(),
        &args,
        &[("OPENAI_API_KEY", KEY)],
        &url,
        &Expect {
            provider: "openai",
            error: "unknown-model",
            status: Some(404),
            message: "gpt-9-turbo",
            advice: "check-model",
            advice_text: "Check model:",
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_url_path_404_points_at_url() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A web server that is not DeepL: every path is a 404 page.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(404).set_body_string("<html>Page not found</html>"))
        .mount(&server)
        .await;
    let url = format!("{}/deepl-proxy", server.uri());
    let args = [
        ep02().as_str(),
        "--to",
        "en",
        "--platform",
        "youtube",
        "--backend",
        "deepl",
        "--backend-url",
        &url,
    ]
    .map(str::to_string);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_stop(
        dir.path(),
        &args,
        &[("DEEPL_API_KEY", KEY)],
        &url,
        &Expect {
            provider: "deepl",
            error: "not-found",
            status: Some(404),
            message: "Page not found",
            advice: "check-url",
            advice_text: "Check url:",
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rejected_keys_are_explained_for_every_http_provider() {
    // Each provider's documented answer to a bad key, and where it lives.
    let cases: [(&str, &str, &str, &str, ResponseTemplate, &str, u16); 3] = [
        (
            "google",
            "GOOGLE_API_KEY",
            "/language/translate/v2",
            "",
            ResponseTemplate::new(400).set_body_json(json!({"error": {"code": 400,
                "message": "API key not valid. Please pass a valid API key.",
                "errors": [{"message": "API key not valid. Please pass a valid API key.",
                            "domain": "global", "reason": "badRequest"}],
                "status": "INVALID_ARGUMENT",
                "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo",
                             "reason": "API_KEY_INVALID"}]}})),
            "API key not valid",
            400,
        ),
        (
            "libretranslate",
            "LIBRETRANSLATE_API_KEY",
            "/translate",
            "",
            ResponseTemplate::new(403).set_body_json(json!({"error": "Invalid API key"})),
            "Invalid API key",
            403,
        ),
        (
            "openai",
            "OPENAI_API_KEY",
            "/v1/chat/completions",
            "/v1",
            ResponseTemplate::new(401).set_body_json(json!({"error": {
                "message": "Incorrect API key provided: test-sec**************:fx.",
                "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}})),
            "Incorrect API key provided",
            401,
        ),
    ];
    for (kind, var, route, prefix, answer, message, status) in cases {
        let dir = tempfile::tempdir().expect("tempdir");
        let server = MockServer::start().await;
        // LibreTranslate checks the language list first.
        Mock::given(method("GET"))
            .and(path("/languages"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!([
                {"code": "zh", "name": "Chinese", "targets": ["en"]},
                {"code": "en", "name": "English", "targets": ["zh"]}
            ])))
            .mount(&server)
            .await;
        answer_always(&server, route, answer).await;
        let url = format!("{}{prefix}", server.uri());
        let args = [
            ep02().as_str(),
            "--to",
            "en",
            "--platform",
            "youtube",
            "--backend",
            kind,
            "--backend-url",
            &url,
        ]
        .map(str::to_string);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_stop(
            dir.path(),
            &args,
            &[(var, KEY)],
            &url,
            &Expect {
                provider: kind,
                error: "auth",
                status: Some(status),
                message,
                advice: "set-key",
                advice_text: &format!("Set {var} to a valid key"),
            },
        )
        .await;
    }
}

/// A port on 127.0.0.1 that nothing listens on (bound, then released).
fn dead_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("address").port()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_connection_stops_at_once_and_says_nothing_listens() {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("http://127.0.0.1:{}", dead_port());
    let args = [
        ep02().as_str(),
        "--to",
        "en",
        "--platform",
        "youtube",
        "--backend",
        "deepl",
        "--backend-url",
        &url,
    ]
    .map(str::to_string);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_stop(
        dir.path(),
        &args,
        &[("DEEPL_API_KEY", KEY)],
        &url,
        &Expect {
            provider: "deepl",
            error: "network",
            status: None,
            message: "onnection refused",
            advice: "start-server",
            advice_text: "Nothing listens there",
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_to_a_plain_http_server_is_a_tls_failure() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = MockServer::start().await;
    // The server speaks plain HTTP; the URL says https.
    let url = server.uri().replacen("http://", "https://", 1);
    let args = [
        ep02().as_str(),
        "--to",
        "en",
        "--platform",
        "youtube",
        "--backend",
        "deepl",
        "--backend-url",
        &url,
        "--format",
        "json",
    ]
    .map(str::to_string);
    let mut cmd = translate(
        dir.path(),
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    cmd.env("DEEPL_API_KEY", KEY);
    let out = run(cmd).await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let stop = &json_of(&out)["backend_stop"];
    assert_eq!(stop["error"], "network", "{stop}");
    assert_eq!(stop["fault"], "tls", "{stop}");
    assert_eq!(stop["advice"], "check-tls", "{stop}");
    assert!(text(&out.stderr).contains("secure connection failed"));
}

/// DeepL's answer: each text pseudo-translated, billed by its characters.
fn deepl_ok(req: &Request) -> ResponseTemplate {
    let body: Value = req.body_json().unwrap_or(Value::Null);
    let translations: Vec<Value> = body["text"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|t| {
                    let t = t.as_str().unwrap_or("");
                    json!({"detected_source_language": "ZH", "text": pseudo_translate(t, "en"),
                           "billed_characters": t.chars().count()})
                })
                .collect()
        })
        .unwrap_or_default();
    ResponseTemplate::new(200).set_body_json(json!({ "translations": translations }))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_needs_no_key_creates_no_memory_and_reads_an_existing_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let episode = ep02();
    let args = [
        episode.as_str(),
        "--to",
        "en",
        "--platform",
        "youtube",
        "--backend",
        "deepl",
        "--dry-run",
        "--format",
        "json",
    ];
    let out = run(translate(dir.path(), &args)).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s = json_of(&out);
    assert_eq!(s["languages"][0]["estimate"]["to_send"], 59);
    assert!(
        !dir.path().join(".subloc").exists(),
        "a dry run created {:?}",
        std::fs::read_dir(dir.path()).map(|d| d.count())
    );

    // A real run fills the memory; a dry run without a key then finds every segment in it.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/translate"))
        .respond_with(deepl_ok)
        .mount(&server)
        .await;
    let url = server.uri();
    let mut cmd = translate(
        dir.path(),
        &[
            &ep02(),
            "--to",
            "en",
            "--platform",
            "youtube",
            "--backend",
            "deepl",
            "--backend-url",
            &url,
        ],
    );
    cmd.env("DEEPL_API_KEY", KEY);
    let out = run(cmd).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("Translated 1 episode"));
    let memory = dir.path().join(".subloc").join("memory.sqlite");
    assert!(memory.exists());
    let out = run(translate(dir.path(), &args)).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s = json_of(&out);
    assert_eq!(s["languages"][0]["estimate"]["memory_hits"], 59, "{s}");
    assert_eq!(s["languages"][0]["estimate"]["to_send"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_provider_is_cut_off_by_the_breaker_with_bounded_spend() {
    // Three episodes against a server that answers 503 to everything, then one that answers
    // HTTP 200 with a cut-off body (which real providers bill): the run stops after a bounded
    // number of requests, sends far less than the source twice over, and says what it spent.
    let episodes: Vec<String> = ["ep01.srt", "ep02.srt", "ep03.srt"]
        .iter()
        .map(|e| sample(e).display().to_string())
        .collect();
    for (answer, error) in [
        (
            ResponseTemplate::new(503).set_body_json(json!({"message": "Service unavailable"})),
            "server-error",
        ),
        (
            ResponseTemplate::new(200)
                .insert_header("content-type", "application/json")
                .set_body_string("{\"translations\": [{\"text\": \"trunc"),
            "malformed-reply",
        ),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let server = MockServer::start().await;
        answer_always(&server, "/v2/translate", answer).await;
        let url = server.uri();
        let mut args: Vec<&str> = episodes.iter().map(String::as_str).collect();
        args.extend([
            "--to",
            "en,ar",
            "--platform",
            "youtube",
            "--backend",
            "deepl",
            "--backend-url",
            &url,
            "--format",
            "json",
        ]);
        let mut cmd = translate(dir.path(), &args);
        cmd.env("DEEPL_API_KEY", KEY);
        let out = run(cmd).await;
        let s = json_of(&out);
        assert_eq!(out.status.code(), Some(2), "{}\n{s:#}", text(&out.stderr));
        assert_eq!(s["stopped"], "provider-failing", "{}", s["stopped"]);
        let stop = &s["backend_stop"];
        assert_eq!(stop["error"], error, "{stop}");
        assert_eq!(stop["advice"], "provider-failing", "{stop}");
        let sent = s["totals"]["chars_sent"].as_u64().expect("chars_sent");
        let planned: u64 = s["languages"]
            .as_array()
            .expect("languages")
            .iter()
            .map(|l| l["stats"]["unique_chars"].as_u64().expect("unique chars"))
            .sum();
        let received = requests(&server).await as u64;
        // The breaker trips after 8 failures in a row for the backend, shared by the two
        // languages; requests already in flight (concurrency 4) still come back.
        assert!(
            received <= 8 + 4,
            "{received} requests to a failing provider"
        );
        assert_eq!(s["totals"]["requests"], received);
        assert!(
            sent <= planned * 3 / 2,
            "{sent} characters sent of {planned}"
        );
        assert_eq!(s["totals"]["failed_requests"], received);
        assert_eq!(s["totals"]["failed_chars"], sent);
        // The human summary says what the failures cost.
        let mut cmd = translate(dir.path(), &args[..args.len() - 2]);
        cmd.env("DEEPL_API_KEY", KEY);
        let out = run(cmd).await;
        assert_eq!(out.status.code(), Some(2));
        assert!(
            text(&out.stdout).contains("Spent on failures:"),
            "{}",
            text(&out.stdout)
        );
        assert!(text(&out.stderr).contains("keeps failing"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_is_never_sent_over_plain_http_to_another_host() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never routed. The refusal comes before any
    // connection, so the run ends at once.
    let mut cmd = translate(
        dir.path(),
        &[
            &ep02(),
            "--to",
            "en",
            "--platform",
            "youtube",
            "--backend",
            "deepl",
            "--backend-url",
            "http://192.0.2.7:8080",
        ],
    );
    cmd.env("DEEPL_API_KEY", KEY);
    let started = std::time::Instant::now();
    let out = run(cmd).await;
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("refusing to send the API key over plain http://"),
        "{stderr}"
    );
    assert!(stderr.contains("allow-insecure-http"), "{stderr}");
    assert!(!stderr.contains(KEY));
    assert!(
        !dir.path().join("out").exists(),
        "nothing was written before the refusal"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(30));

    // Allowed explicitly: a warning names the URL (a dry run, so nothing is contacted).
    std::fs::write(
        dir.path().join("subloc.yaml"),
        "translate:\n  backends:\n    deepl:\n      url: http://192.0.2.7:8080\n      allow-insecure-http: true\n",
    )
    .expect("write config");
    let mut cmd = translate(
        dir.path(),
        &[
            &ep02(),
            "--to",
            "en",
            "--platform",
            "youtube",
            "--backend",
            "deepl",
            "--dry-run",
        ],
    );
    cmd.env("DEEPL_API_KEY", KEY);
    let out = run(cmd).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr)
            .contains("warning: the API key goes over plain http:// to http://192.0.2.7:8080"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_command_backend_gets_no_api_keys_only_what_the_configuration_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A program that records its environment, then answers every segment.
    let script = dir.path().join("engine.sh");
    std::fs::write(
        &script,
        concat!(
            "env > \"$ENV_DUMP\"\n",
            "cat > /dev/null\n",
            "echo '{\"translations\": {}}'\n",
        ),
    )
    .expect("write script");
    let dump = dir.path().join("env.txt");
    std::fs::write(
        dir.path().join("subloc.yaml"),
        format!(
            "translate:\n  backend: engine\n  backends:\n    engine:\n      kind: command\n      command: [sh, {}]\n      env: [ENV_DUMP, ENGINE_TOKEN]\n",
            script.display()
        ),
    )
    .expect("write config");
    let mut cmd = translate(
        dir.path(),
        &[&ep02(), "--to", "en", "--platform", "youtube"],
    );
    cmd.env("DEEPL_API_KEY", "deepl-secret")
        .env("OPENAI_API_KEY", "openai-secret")
        .env("GOOGLE_API_KEY", "google-secret")
        .env("AWS_SECRET_ACCESS_KEY", "aws-secret")
        .env("ENGINE_TOKEN", "engine-token")
        .env("ENV_DUMP", &dump);
    let out = cmd.output().expect("subloc runs");
    let env = std::fs::read_to_string(&dump)
        .unwrap_or_else(|e| panic!("the program did not run ({e}): {}", text(&out.stderr)));
    for secret in [
        "deepl-secret",
        "openai-secret",
        "google-secret",
        "aws-secret",
    ] {
        assert!(!env.contains(secret), "{secret} reached the program");
    }
    for name in ["DEEPL_API_KEY", "OPENAI_API_KEY", "AWS_SECRET_ACCESS_KEY"] {
        assert!(
            !env.contains(&format!("{name}=")),
            "{name} reached the program"
        );
    }
    assert!(env.contains("ENGINE_TOKEN=engine-token"), "{env}");
    assert!(env.lines().any(|l| l.starts_with("PATH=")), "{env}");
}
