//! The Google backend (Cloud Translation v2 with an API key, v3 `translateText` with a bearer
//! token) against a local server that checks requests as Google documents them and answers with
//! Google's reply and error shapes.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use subloc::translate::google::{GoogleBackend, GoogleConfig};
use subloc::translate::{Backend, BackendError};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::backend_support::{
    Case, assert_no_secret, header, http, quick_http, received, req, run_scheduler, seg,
};

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
    assert_eq!(reply.billed_chars, r.text_chars());

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
            |e| matches!(e, BackendError::Fatal(_)),
        ),
        (
            ResponseTemplate::new(400).set_body_json(json!({"error": {
                "code": 400,
                // Google echoes nothing secret here, but the test plants the key to prove redaction.
                "message": format!("API key not valid. Please pass a valid API key. ({KEY})"),
                "status": "INVALID_ARGUMENT",
                "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo",
                             "reason": "API_KEY_INVALID", "domain": "googleapis.com"}]}})),
            |e| *e == BackendError::Auth,
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
    Mock::given(method("POST"))
        .and(path("/language/translate/v2"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "1")
                .set_body_json(
                    json!({"error": {"code": 429, "message": "Too Many Requests",
                    "status": "RESOURCE_EXHAUSTED"}}),
                ),
        )
        .with_priority(1)
        .up_to_n_times(1)
        .mount(&server)
        .await;
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
