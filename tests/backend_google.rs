//! The Google backend (Cloud Translation v2 with an API key, v3 `translateText` with a bearer
//! token) against a local server that checks requests as Google documents them and answers with
//! Google's reply and error shapes.

use std::path::PathBuf;
use std::process::Output;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use subloc::translate::google::{
    GlossarySyncConfig, GoogleBackend, GoogleConfig, from_html, to_html,
};
use subloc::translate::pseudo::pseudo_translate;
use subloc::translate::{Backend, BackendError};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::backend_support::{
    Case, assert_no_secret, header, http, quick_http, rate_limit_first_post, received, req,
    run_scheduler, seg,
};
use crate::cli_support::{code, run, sample, stderr, stdout, subloc};

const KEY: &str = "AIzaSyTEST-google-key-0123";
const TOKEN: &str = "ya29.test-access-token";

fn v2(server: &MockServer) -> GoogleBackend {
    let mut cfg = GoogleConfig::v2(KEY);
    cfg.base_url = Some(server.uri());
    cfg.http = http();
    GoogleBackend::new(cfg).expect("backend")
}

fn v3(server: &MockServer) -> GoogleBackend {
    let mut cfg = GoogleConfig::v3(TOKEN, "my-project", "us-central1");
    cfg.base_url = Some(server.uri());
    cfg.http = http();
    GoogleBackend::new(cfg).expect("backend")
}

/// Google v2's answer: the `q` texts "translated", HTML-escaped the way Google does it.
fn echo_v2(r: &Request) -> ResponseTemplate {
    let body: Value = r.body_json().unwrap_or(Value::Null);
    let out: Vec<Value> = body["q"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|q| json!({"translatedText": format!("FA[{}]", q.as_str().unwrap_or(""))}))
        .collect();
    ResponseTemplate::new(200).set_body_json(json!({"data": {"translations": out}}))
}

#[tokio::test]
async fn v2_request_and_reply() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/language/translate/v2"))
        .and(query_param("key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": {"translations": [
                // HTML output: quotes as entities, an empty element serialized open/close,
                // the protected span with its attributes reordered.
                {"translatedText": "&quot;بیا&quot; <x id=\"1\"></x>به <span id=\"g-2\" translate=\"no\">Starfleet</span> &amp; تو"},
                {"translatedText": "l&#39;autre &lt;3"}
            ]}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let b = v2(&server);
    let r = req(
        "zh-Hans",
        "fa",
        vec![
            seg(
                "e#1",
                "\"来\"<x id=\"1\"/>到<g id=\"2\">Starfleet</g> &amp; 你",
            ),
            seg("e#2", "另一个 &lt;3"),
        ],
    );
    let reply = b.translate(&r).await.unwrap();
    assert_eq!(
        reply.translations,
        vec![
            (
                "e#1".to_string(),
                "\"بیا\" <x id=\"1\"/>به <g id=\"2\">Starfleet</g> &amp; تو".to_string()
            ),
            ("e#2".to_string(), "l'autre &lt;3".to_string()),
        ]
    );
    // Google bills every character of the HTML it is sent, the term's span included
    // (cloud.google.com/translate/pricing, "Charged characters").
    let html_chars: u64 = r
        .segments
        .iter()
        .map(|s| subloc::translate::google::to_html(&s.text).chars().count() as u64)
        .sum();
    assert!(html_chars > r.text_chars());
    assert_eq!(reply.billed_chars, html_chars);

    let got = received(&server).await;
    assert_eq!(got.len(), 1);
    assert!(header(&got[0], "content-type").starts_with("application/json"));
    assert_eq!(
        header(&got[0], "authorization"),
        "",
        "v2 authenticates by key"
    );
    let body: Value = got[0].body_json().unwrap();
    assert_eq!(
        body,
        json!({
            "q": [
                "\"来\"<x id=\"1\"/>到<span translate=\"no\" id=\"g-2\">Starfleet</span> &amp; 你",
                "另一个 &lt;3"
            ],
            "source": "zh-CN",
            "target": "fa",
            "format": "html"
        })
    );
}

#[tokio::test]
async fn v3_request_uses_bearer_and_glossary() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/projects/my-project/locations/us-central1:translateText"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "translations": [{"translatedText": "Captain Kirk"}],
            "glossaryTranslations": [{"translatedText": "Kapitän Kirk",
                "glossaryConfig": {"glossary": "projects/my-project/locations/us-central1/glossaries/trek"}}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let b = v3(&server);
    let mut r = req("en", "de", vec![seg("e#1", "Captain Kirk")]);
    r.glossary_id = Some("trek".into());
    let reply = b.translate(&r).await.unwrap();
    assert_eq!(
        reply.translations,
        vec![("e#1".to_string(), "Kapitän Kirk".to_string())],
        "glossary translations win when a glossary was applied"
    );
    let got = received(&server).await;
    assert_eq!(header(&got[0], "authorization"), format!("Bearer {TOKEN}"));
    assert!(got[0].url.query().is_none());
    let body: Value = got[0].body_json().unwrap();
    assert_eq!(
        body,
        json!({
            "contents": ["Captain Kirk"],
            "mimeType": "text/html",
            "sourceLanguageCode": "en",
            "targetLanguageCode": "de",
            "glossaryConfig": {"glossary": "projects/my-project/locations/us-central1/glossaries/trek"}
        })
    );
}

#[tokio::test]
async fn errors_are_classified_and_never_show_the_key() {
    let server = MockServer::start().await;
    let b = v2(&server);
    let r = req("zh", "fa", vec![seg("e#1", "你好")]);
    let google_error = |code: u16, status: &str, reason: &str, message: &str| {
        json!({"error": {"code": code, "message": message, "status": status,
            "errors": [{"message": message, "domain": "global", "reason": reason}]}})
    };
    let cases: Vec<Case> = vec![
        (
            // v2 reports per-user rate limits as 403.
            ResponseTemplate::new(403).set_body_json(google_error(
                403,
                "PERMISSION_DENIED",
                "userRateLimitExceeded",
                "User Rate Limit Exceeded",
            )),
            |e| matches!(e, BackendError::RateLimited { .. }),
        ),
        (
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "Wed, 21 Oct 2099 07:28:00 GMT")
                .set_body_json(google_error(
                    429,
                    "RESOURCE_EXHAUSTED",
                    "rateLimitExceeded",
                    "Quota exceeded for quota metric",
                )),
            |e| {
                matches!(e, BackendError::RateLimited { retry_after: Some(d) }
                    if *d == Duration::from_secs(86_400))
            },
        ),
        (
            ResponseTemplate::new(403).set_body_json(google_error(
                403,
                "PERMISSION_DENIED",
                "dailyLimitExceeded",
                "Daily Limit Exceeded",
            )),
            |e| matches!(e, BackendError::Quota { status: 403, message } if message.contains("Daily Limit")),
        ),
        (
            ResponseTemplate::new(400).set_body_json(json!({"error": {
                "code": 400,
                // Google echoes nothing secret here, but the test plants the key to prove redaction.
                "message": format!("API key not valid. Please pass a valid API key. ({KEY})"),
                "status": "INVALID_ARGUMENT",
                "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo",
                             "reason": "API_KEY_INVALID", "domain": "googleapis.com"}]}})),
            |e| {
                matches!(
                    e,
                    BackendError::Auth {
                        status: Some(400),
                        message,
                    } if message.starts_with("API key not valid")
                )
            },
        ),
        (
            ResponseTemplate::new(400).set_body_json(google_error(
                400,
                "INVALID_ARGUMENT",
                "invalid",
                "Target language is invalid.",
            )),
            |e| *e == BackendError::UnsupportedLanguage { lang: "fa".into() },
        ),
        (
            ResponseTemplate::new(500).set_body_json(google_error(
                500,
                "INTERNAL",
                "backendError",
                &format!("Internal error for key {KEY}"),
            )),
            |e| {
                matches!(e, BackendError::Server { status: 500, body_excerpt }
                if body_excerpt.contains("***"))
                    && e.is_retryable()
            },
        ),
        (
            ResponseTemplate::new(200).set_body_json(json!({"data": {}})),
            |e| matches!(e, BackendError::Malformed(_)),
        ),
        (
            ResponseTemplate::new(200).set_body_json(json!({"data": {"translations": [
                {"translatedText": "a"}, {"translatedText": "b"}]}})),
            |e| matches!(e, BackendError::Malformed(m) if m.contains("2 translations for 1")),
        ),
    ];
    for (i, (response, check)) in cases.into_iter().enumerate() {
        server.reset().await;
        Mock::given(method("POST"))
            .and(path("/language/translate/v2"))
            .respond_with(response)
            .expect(1)
            .mount(&server)
            .await;
        let e = b.translate(&r).await.expect_err("error expected");
        assert!(check(&e), "case {i}: {e:?}");
        assert_no_secret(&e, KEY);
        server.verify().await;
    }

    // A transport error on a URL that carries the key must not show it either.
    let mut cfg = GoogleConfig::v2(KEY);
    cfg.base_url = Some("http://127.0.0.1:1".into());
    cfg.http = http();
    let closed = GoogleBackend::new(cfg).unwrap();
    let e = closed.translate(&r).await.unwrap_err();
    assert!(matches!(e, BackendError::Network(_)), "{e:?}");
    assert_no_secret(&e, KEY);
}

#[tokio::test]
async fn timeout_and_unsupported_language() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let mut cfg = GoogleConfig::v2(KEY);
    cfg.base_url = Some(server.uri());
    cfg.http = quick_http();
    let b = GoogleBackend::new(cfg).unwrap();
    assert_eq!(
        b.translate(&req("zh", "fa", vec![seg("e#1", "你好")]))
            .await,
        Err(BackendError::Timeout)
    );
    let before = received(&server).await.len();
    assert_eq!(
        b.supports("zh", "tlh"),
        Err(BackendError::UnsupportedLanguage { lang: "tlh".into() })
    );
    assert_eq!(
        b.translate(&req("zh", "tlh", vec![seg("e#1", "你好")]))
            .await,
        Err(BackendError::UnsupportedLanguage { lang: "tlh".into() })
    );
    assert_eq!(received(&server).await.len(), before, "nothing sent");
}

#[tokio::test]
async fn scheduler_end_to_end_rate_limit_then_resume_sends_nothing() {
    let server = MockServer::start().await;
    let body = json!({"error": {"code": 429, "message": "Too Many Requests",
        "status": "RESOURCE_EXHAUSTED"}});
    rate_limit_first_post(&server, Some("/language/translate/v2"), body).await;
    Mock::given(method("POST"))
        .and(path("/language/translate/v2"))
        .respond_with(echo_v2)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let memory = dir.path().join("tm.sqlite");
    let segments = vec![seg("a#1", "你好"), seg("a#2", "走吧"), seg("b#1", "走吧")];
    let first = run_scheduler(Arc::new(v2(&server)), &memory, "zh", "fa", &segments).await;
    let texts: Vec<Option<&str>> = first.outcomes.iter().map(|o| o.text()).collect();
    assert_eq!(
        texts,
        [Some("FA[你好]"), Some("FA[走吧]"), Some("FA[走吧]")]
    );
    assert_eq!(first.stats.rate_limited, 1);
    assert_eq!(received(&server).await.len(), 2);
    let second = run_scheduler(Arc::new(v2(&server)), &memory, "zh", "fa", &segments).await;
    assert_eq!(received(&server).await.len(), 2, "the re-run sends nothing");
    assert_eq!(second.stats.requests, 0);
}

// --- v3 glossary sync --------------------------------------------------------------------------

const PARENT: &str = "/v3/projects/my-project/locations/us-central1";
const OPERATION: &str = "projects/my-project/locations/us-central1/operations/op-7";

/// The id Google is asked for: `subloc-<src>-<tgt>-` and the first 16 hex digits of the CSV's
/// SHA-256, computed here independently of the backend.
fn expected_id(src: &str, tgt: &str, csv: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(csv.as_bytes());
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("subloc-{src}-{tgt}-{hex}")
}

fn syncing(server: &MockServer, max_polls: u32) -> GoogleBackend {
    let mut cfg = GoogleConfig::v3(TOKEN, "my-project", "us-central1");
    cfg.base_url = Some(server.uri());
    cfg.http = http();
    let mut sync = GlossarySyncConfig::new("gs://my-bucket/subloc/glossaries/");
    sync.storage_url = Some(server.uri());
    sync.max_polls = max_polls;
    sync.poll_delay = Duration::from_millis(5);
    sync.max_poll_delay = Duration::from_millis(20);
    cfg.glossary_sync = Some(sync);
    GoogleBackend::new(cfg).expect("backend")
}

fn entries() -> Vec<(String, String)> {
    [
        ("琉璃", "liuli glaze"),
        ("屏风", "screen, folding"),
        ("=HYPERLINK(1)", "never sent"),
    ]
    .iter()
    .map(|(s, t)| (s.to_string(), t.to_string()))
    .collect()
}

/// The CSV `entries()` must become: sorted by source, quoted where needed, CRLF, the formula
/// left out.
const CSV: &str = "屏风,\"screen, folding\"\r\n琉璃,liuli glaze\r\n";

async fn mount_missing_glossary(server: &MockServer, id: &str) {
    Mock::given(method("GET"))
        .and(path(format!("{PARENT}/glossaries/{id}")))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"error": {
            "code": 404, "message": format!("Glossary {id} not found."), "status": "NOT_FOUND"}})))
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path("/upload/storage/v1/b/my-bucket/o"))
        .and(query_param("uploadType", "media"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "kind": "storage#object", "bucket": "my-bucket",
            "name": format!("subloc/glossaries/{id}.csv")})))
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{PARENT}/glossaries")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "name": OPERATION,
            "metadata": {"@type": "type.googleapis.com/google.cloud.translation.v3.CreateGlossaryMetadata",
                         "state": "RUNNING"}})))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn glossary_sync_uploads_creates_polls_and_translate_uses_it() {
    let server = MockServer::start().await;
    let id = expected_id("zh-cn", "en", CSV);
    mount_missing_glossary(&server, &id).await;
    // Pending once, then done.
    Mock::given(method("GET"))
        .and(path(format!("/v3/{OPERATION}")))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"name": OPERATION, "done": false})),
        )
        .with_priority(1)
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/v3/{OPERATION}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "name": OPERATION, "done": true,
            "response": {"@type": "type.googleapis.com/google.cloud.translation.v3.Glossary",
                         "name": format!("projects/my-project/locations/us-central1/glossaries/{id}"),
                         "entryCount": 2}})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{PARENT}:translateText")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "translations": [{"translatedText": "without glossary"}],
            "glossaryTranslations": [{"translatedText": "liuli glaze"}]})))
        .expect(1)
        .mount(&server)
        .await;

    let b = syncing(&server, 5);
    let got = b.sync_glossary("zh-Hans", "en-GB", &entries()).await;
    assert_eq!(got, Ok(Some(id.clone())));
    let mut r = req("zh-Hans", "en-GB", vec![seg("e#1", "琉璃")]);
    r.glossary_id = got.unwrap();
    let reply = b.translate(&r).await.unwrap();
    assert_eq!(reply.translations[0].1, "liuli glaze");
    server.verify().await;

    let log = received(&server).await;
    let route: Vec<(String, String)> = log
        .iter()
        .map(|r| (r.method.to_string(), r.url.path().to_string()))
        .collect();
    let s = |m: &str, p: String| (m.to_string(), p);
    assert_eq!(
        route,
        vec![
            s("GET", format!("{PARENT}/glossaries/{id}")),
            s("POST", "/upload/storage/v1/b/my-bucket/o".into()),
            s("POST", format!("{PARENT}/glossaries")),
            s("GET", format!("/v3/{OPERATION}")),
            s("GET", format!("/v3/{OPERATION}")),
            s("POST", format!("{PARENT}:translateText")),
        ]
    );
    for r in &log {
        assert_eq!(header(r, "authorization"), format!("Bearer {TOKEN}"));
    }
    // The upload: the CSV itself, as text/csv, named in the prefix.
    let upload = &log[1];
    let query: Vec<(String, String)> = upload.url.query_pairs().into_owned().collect();
    assert_eq!(
        query,
        vec![
            ("uploadType".to_string(), "media".to_string()),
            ("name".to_string(), format!("subloc/glossaries/{id}.csv")),
        ]
    );
    assert_eq!(header(upload, "content-type"), "text/csv");
    assert_eq!(String::from_utf8_lossy(&upload.body), CSV);
    // The glossary: a language pair in Google's codes, read from the uploaded file.
    let create: Value = log[2].body_json().unwrap();
    assert_eq!(
        create,
        json!({
            "name": format!("projects/my-project/locations/us-central1/glossaries/{id}"),
            "languagePair": {"sourceLanguageCode": "zh-CN", "targetLanguageCode": "en"},
            "inputConfig": {"gcsSource": {"inputUri": format!("gs://my-bucket/subloc/glossaries/{id}.csv")}}
        })
    );
    let translate: Value = log[5].body_json().unwrap();
    assert_eq!(
        translate["glossaryConfig"],
        json!({"glossary": format!("projects/my-project/locations/us-central1/glossaries/{id}")})
    );
}

#[tokio::test]
async fn glossary_sync_reuses_an_existing_glossary() {
    let server = MockServer::start().await;
    let id = expected_id("zh-cn", "en", CSV);
    Mock::given(method("GET"))
        .and(path(format!("{PARENT}/glossaries/{id}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "name": format!("projects/my-project/locations/us-central1/glossaries/{id}"),
            "languagePair": {"sourceLanguageCode": "zh-CN", "targetLanguageCode": "en"},
            "entryCount": 2})))
        .expect(1)
        .mount(&server)
        .await;
    let b = syncing(&server, 5);
    assert_eq!(b.sync_glossary("zh", "en", &entries()).await, Ok(Some(id)));
    assert_eq!(received(&server).await.len(), 1, "no upload, no creation");
    server.verify().await;

    // A changed glossary has another id; an empty one syncs nothing at all.
    let changed = b
        .sync_glossary("zh", "en", &[("琉璃".into(), "glaze".into())])
        .await;
    assert!(changed.is_err(), "nothing mocked for it: {changed:?}");
    let other = expected_id("zh-cn", "en", "琉璃,glaze\r\n");
    let log = received(&server).await;
    assert_eq!(
        log.get(1).map(|r| r.url.path().to_string()),
        Some(format!("{PARENT}/glossaries/{other}"))
    );
    let before = log.len();
    assert_eq!(
        b.sync_glossary("zh", "en", &[("=1".into(), "x".into())])
            .await,
        Ok(None)
    );
    assert_eq!(received(&server).await.len(), before);
}

#[tokio::test]
async fn glossary_sync_reports_operation_errors_timeouts_and_refusals() {
    // The operation ends with an error.
    let server = MockServer::start().await;
    let id = expected_id("zh-cn", "en", CSV);
    mount_missing_glossary(&server, &id).await;
    Mock::given(method("GET"))
        .and(path(format!("/v3/{OPERATION}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "name": OPERATION, "done": true,
            "error": {"code": 3, "message": format!("Glossary file has an invalid row (token {TOKEN})")}})))
        .expect(1)
        .mount(&server)
        .await;
    let e = syncing(&server, 5)
        .sync_glossary("zh", "en", &entries())
        .await
        .unwrap_err();
    match &e {
        BackendError::Fatal(m) => {
            assert!(m.contains(&id), "{m}");
            assert!(m.contains("code 3"), "{m}");
            assert!(m.contains("invalid row"), "{m}");
        }
        other => panic!("{other:?}"),
    }
    assert_no_secret(&e, TOKEN);
    server.verify().await;

    // The operation never finishes: bounded polling, then a clear error.
    let server = MockServer::start().await;
    mount_missing_glossary(&server, &id).await;
    Mock::given(method("GET"))
        .and(path(format!("/v3/{OPERATION}")))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"name": OPERATION, "done": false})),
        )
        .expect(3)
        .mount(&server)
        .await;
    let e = syncing(&server, 3)
        .sync_glossary("zh", "en", &entries())
        .await
        .unwrap_err();
    assert!(
        matches!(&e, BackendError::Fatal(m) if m.contains("still being created after 3")),
        "{e:?}"
    );
    server.verify().await;

    // The bucket refuses the upload: nothing is created, the error says where it went.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{PARENT}/glossaries/{id}")))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/upload/storage/v1/b/my-bucket/o"))
        .respond_with(
            ResponseTemplate::new(403).set_body_json(json!({"error": {"code": 403,
            "message": format!("{TOKEN} does not have storage.objects.create access")}})),
        )
        .mount(&server)
        .await;
    let e = syncing(&server, 3)
        .sync_glossary("zh", "en", &entries())
        .await
        .unwrap_err();
    assert!(
        matches!(&e, BackendError::Fatal(m)
            if m.contains("gs://my-bucket/subloc/glossaries/") && m.contains("storage.objects.create")),
        "{e:?}"
    );
    assert_no_secret(&e, TOKEN);
    let posts: Vec<String> = received(&server)
        .await
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .map(|r| r.url.path().to_string())
        .collect();
    assert_eq!(posts, ["/upload/storage/v1/b/my-bucket/o"], "no creation");
}

/// Google v3 `translateText` as a pseudo-translator: each HTML content back in the target
/// script, protected spans and placeholders kept, in `glossaryTranslations` too when a glossary
/// was named.
fn v3_reply(r: &Request) -> ResponseTemplate {
    let body: Value = r.body_json().unwrap_or(Value::Null);
    let target = body["targetLanguageCode"]
        .as_str()
        .unwrap_or("en")
        .to_string();
    let out: Vec<Value> = body["contents"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|c| {
            let text = from_html(c.as_str().unwrap_or(""));
            json!({"translatedText": to_html(&pseudo_translate(&text, &target))})
        })
        .collect();
    let mut reply = json!({ "translations": out });
    if body.get("glossaryConfig").is_some() {
        reply["glossaryTranslations"] = reply["translations"].clone();
    }
    ResponseTemplate::new(200).set_body_json(reply)
}

/// `subloc translate` in `dir` with the token in `GOOGLE_TOKEN`, on a blocking thread (the mock
/// server lives on the test's runtime), isolated from the machine's keys and proxies.
async fn cli_translate(dir: PathBuf, args: &[&str]) -> Output {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let mut cmd = subloc();
        cmd.current_dir(&dir).arg("translate");
        for var in ["GOOGLE_API_KEY", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"] {
            cmd.env_remove(var);
            cmd.env_remove(var.to_ascii_lowercase());
        }
        cmd.env("GOOGLE_TOKEN", TOKEN).args(args);
        run(&mut cmd)
    })
    .await
    .expect("the command ran")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_translate_syncs_the_glossary_from_the_configuration_alone() {
    let server = MockServer::start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("episodes")).unwrap();
    std::fs::copy(sample("ep02.srt"), dir.path().join("episodes/ep02.srt")).unwrap();
    std::fs::write(
        dir.path().join("glossary.yaml"),
        "version: 1\nsource: zh-Hans\nterms:\n\
         \x20 - id: liuli\n    source: 琉璃\n    kind: craft\n\
         \x20   targets: {en: {text: liuli glaze, status: approved}}\n\
         \x20 - id: screen\n    source: 屏风\n    kind: craft\n\
         \x20   targets: {en: {text: screen, status: approved}, fa: {text: پرده, status: proposed}}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("subloc.yaml"),
        format!(
            "glossary: glossary.yaml\ntranslate:\n  episodes: [episodes]\n  targets: [en]\n  \
             platforms: [youtube]\n  backend: gcloud\n  backends:\n    gcloud:\n      kind: google\n      \
             api: v3\n      project: my-project\n      location: us-central1\n      url: {uri}\n      \
             api-key-env: GOOGLE_TOKEN\n      glossary-bucket: gs://my-bucket/subloc\n      \
             storage-url: {uri}\n",
            uri = server.uri()
        ),
    )
    .unwrap();
    let csv = "屏风,screen\r\n琉璃,liuli glaze\r\n";
    let id = expected_id("zh-cn", "en", csv);
    let glossary = format!("projects/my-project/locations/us-central1/glossaries/{id}");

    // A dry run syncs nothing.
    let out = cli_translate(dir.path().to_path_buf(), &["--dry-run", "--format", "json"]).await;
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        received(&server).await.is_empty(),
        "a dry run sends nothing"
    );

    Mock::given(method("GET"))
        .and(path(format!("{PARENT}/glossaries/{id}")))
        .respond_with(ResponseTemplate::new(404))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/upload/storage/v1/b/my-bucket/o"))
        .and(query_param("name", format!("subloc/{id}.csv")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": "x"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{PARENT}/glossaries")))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"name": OPERATION, "done": false})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/v3/{OPERATION}")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"name": OPERATION, "done": true, "response": {}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{PARENT}:translateText")))
        .respond_with(v3_reply)
        .mount(&server)
        .await;

    let out = cli_translate(dir.path().to_path_buf(), &["--format", "json"]).await;
    assert!(code(&out) <= 1, "{}\n{}", stdout(&out), stderr(&out));
    let summary: Value = serde_json::from_slice(&out.stdout).expect("JSON summary");
    assert_eq!(summary["failed"].as_array().map(Vec::len), Some(0));
    server.verify().await;
    let log = received(&server).await;
    let upload = log
        .iter()
        .find(|r| r.url.path() == "/upload/storage/v1/b/my-bucket/o")
        .expect("uploaded");
    assert_eq!(String::from_utf8_lossy(&upload.body), csv);
    assert_eq!(header(upload, "authorization"), format!("Bearer {TOKEN}"));
    let create: Value = log
        .iter()
        .find(|r| r.url.path() == format!("{PARENT}/glossaries"))
        .expect("created")
        .body_json()
        .unwrap();
    assert_eq!(create["name"], glossary.as_str());
    assert_eq!(
        create["inputConfig"]["gcsSource"]["inputUri"],
        format!("gs://my-bucket/subloc/{id}.csv")
    );
    let translations: Vec<&Request> = log
        .iter()
        .filter(|r| r.url.path().ends_with(":translateText"))
        .collect();
    assert!(!translations.is_empty());
    for r in &translations {
        let body: Value = r.body_json().unwrap();
        assert_eq!(body["glossaryConfig"]["glossary"], glossary.as_str());
        assert_eq!(body["sourceLanguageCode"], "zh-CN");
    }
    // The approved rendering went through protected, and reached the track.
    assert!(
        translations.iter().any(|r| {
            String::from_utf8_lossy(&r.body).contains("translate=\\\"no\\\" id=\\\"g-")
        })
    );
    let track = std::fs::read_to_string(dir.path().join("out/en/youtube/ep02.srt")).unwrap();
    assert!(track.contains("screen"), "{track}");

    // The re-run finds the glossary (and the memory): one lookup, nothing else.
    server.reset().await;
    Mock::given(method("GET"))
        .and(path(format!("{PARENT}/glossaries/{id}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": glossary})))
        .expect(1)
        .mount(&server)
        .await;
    let out = cli_translate(dir.path().to_path_buf(), &["--format", "json"]).await;
    assert!(code(&out) <= 1, "{}", stderr(&out));
    server.verify().await;
    assert_eq!(received(&server).await.len(), 1);

    // With v2 the bucket is a configuration error that names the key, before any request.
    let v2 = std::fs::read_to_string(dir.path().join("subloc.yaml"))
        .unwrap()
        .replace("api: v3", "api: v2");
    std::fs::write(dir.path().join("subloc.yaml"), v2).unwrap();
    server.reset().await;
    let out = cli_translate(dir.path().to_path_buf(), &[]).await;
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("glossary-bucket"), "{}", stderr(&out));
    assert!(stderr(&out).contains("api: v3"), "{}", stderr(&out));
    assert!(received(&server).await.is_empty());
}
