//! Costs follow each provider's own billing rule (issue 14 §5): the dry run's billable
//! characters, `--budget` and the characters a run reports are counted the way the provider
//! bills them, checked against loopback servers that count what they were sent by the
//! provider's published rule — DeepL does not bill XML tags with `tag_handling` (support.deepl.com
//! "Usage count and billing in DeepL API"), Google bills every character of the HTML it is sent
//! (cloud.google.com/translate/pricing, "Charged characters").

use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use subloc::translate::pseudo::pseudo_translate;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::cli_support::{sample, series_glossary};

const KEY: &str = "cost-test-key:fx";

fn translate(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_subloc"));
    cmd.current_dir(dir).arg("translate").args(args);
    for var in [
        "DEEPL_API_KEY",
        "GOOGLE_API_KEY",
        "HTTP_PROXY",
        "http_proxy",
        "LC_ALL",
        "LC_MESSAGES",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("LANG", "C").env("NO_COLOR", "1");
    cmd
}

async fn run(mut cmd: Command) -> Output {
    tokio::task::spawn_blocking(move || cmd.output().expect("subloc runs"))
        .await
        .expect("the command ran")
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON: {e}\n{}", String::from_utf8_lossy(&out.stderr)))
}

/// DeepL's rule, written out independently: code points outside tags, a character reference
/// being the one character it stands for.
fn deepl_rule(text: &str) -> u64 {
    let mut n = 0;
    let mut in_tag = false;
    let mut in_ref = false;
    for c in text.chars() {
        match (in_tag, in_ref, c) {
            (false, false, '<') => in_tag = true,
            (true, _, '>') => in_tag = false,
            (true, _, _) => {}
            (false, false, '&') => {
                in_ref = true;
                n += 1;
            }
            (false, true, ';') => in_ref = false,
            (false, true, _) => {}
            (false, false, _) => n += 1,
        }
    }
    n
}

/// The three sample episodes with the project glossary (fixed terms travel as `<g>` tags).
fn season() -> Vec<String> {
    let mut a: Vec<String> = ["ep01.srt", "ep02.srt", "ep03.srt"]
        .iter()
        .map(|e| sample(e).display().to_string())
        .collect();
    a.extend(
        [
            "--to",
            "en",
            "--platform",
            "youtube",
            "--glossary",
            &series_glossary().display().to_string(),
        ]
        .map(str::to_string),
    );
    a
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deepl_estimates_and_budgets_do_not_count_tags_deepl_does_not_bill() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sent: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = sent.clone();
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/translate"))
        .respond_with(move |req: &Request| {
            let body: Value = req.body_json().unwrap_or(Value::Null);
            let texts: Vec<String> = body["text"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|t| t.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            log.lock().expect("log").extend(texts.iter().cloned());
            let translations: Vec<Value> = texts
                .iter()
                .map(|t| {
                    json!({"detected_source_language": "ZH",
                    "text": pseudo_translate(t, "en"), "billed_characters": deepl_rule(t)})
                })
                .collect();
            ResponseTemplate::new(200).set_body_json(json!({ "translations": translations }))
        })
        .mount(&server)
        .await;
    let url = server.uri();
    let mut args = season();
    args.extend(["--backend", "deepl", "--backend-url", &url].map(str::to_string));
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();

    let mut dry: Vec<&str> = argv.clone();
    dry.extend(["--dry-run", "--format", "json"]);
    let out = run(translate(dir.path(), &dry)).await;
    assert_eq!(out.status.code(), Some(0));
    let estimate = json_of(&out)["totals"]["billable_chars"]
        .as_u64()
        .expect("billable");

    // A budget of exactly the estimate is enough: the run starts and completes.
    let budget = estimate.to_string();
    let mut real = argv.clone();
    real.extend(["--budget", &budget, "--format", "json"]);
    let mut cmd = translate(dir.path(), &real);
    cmd.env("DEEPL_API_KEY", KEY);
    let out = run(cmd).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = json_of(&out);
    let texts = sent.lock().expect("log").clone();
    let billed_by_rule: u64 = texts.iter().map(|t| deepl_rule(t)).sum();
    let raw: u64 = texts.iter().map(|t| t.chars().count() as u64).sum();
    assert!(
        texts.iter().any(|t| t.contains("<g id=")),
        "terms are tagged"
    );
    assert_eq!(estimate, billed_by_rule, "the estimate is what DeepL bills");
    assert_eq!(s["totals"]["billed_chars"], billed_by_rule);
    assert_eq!(s["totals"]["chars_sent"], billed_by_rule);
    assert!(
        raw > estimate * 5 / 4,
        "tags are a real share of the text: {raw} raw, {estimate} billed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn google_estimates_count_every_character_of_the_html_it_is_sent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sent: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = sent.clone();
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/language/translate/v2"))
        .respond_with(move |req: &Request| {
            let body: Value = req.body_json().unwrap_or(Value::Null);
            let q: Vec<String> = body["q"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|t| t.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            log.lock().expect("log").extend(q.iter().cloned());
            let translations: Vec<Value> = q.iter().map(|t| json!({"translatedText": t})).collect();
            ResponseTemplate::new(200)
                .set_body_json(json!({"data": {"translations": translations}}))
        })
        .mount(&server)
        .await;
    let url = server.uri();
    let mut args = season();
    args.extend(["--backend", "google", "--backend-url", &url].map(str::to_string));
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut dry = argv.clone();
    dry.extend(["--dry-run", "--format", "json"]);
    let out = run(translate(dir.path(), &dry)).await;
    assert_eq!(out.status.code(), Some(0));
    let estimate = json_of(&out)["totals"]["billable_chars"]
        .as_u64()
        .expect("billable");
    let mut real = argv.clone();
    real.extend(["--format", "json"]);
    let mut cmd = translate(dir.path(), &real);
    cmd.env("GOOGLE_API_KEY", KEY);
    let out = run(cmd).await;
    let s = json_of(&out);
    let sent: u64 = sent
        .lock()
        .expect("log")
        .iter()
        .map(|t| t.chars().count() as u64)
        .sum();
    assert!(sent > 0);
    assert_eq!(
        estimate, sent,
        "the estimate is every character Google gets"
    );
    assert_eq!(s["totals"]["billed_chars"], sent);
}
