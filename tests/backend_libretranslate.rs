//! The LibreTranslate backend against a local server shaped like LibreTranslate's API:
//! `POST /translate` with `q` as an array, `GET /languages`, `{"error": …}` bodies.

use std::sync::Arc;

use serde_json::{Value, json};
use subloc::translate::http::Secret;
use subloc::translate::libretranslate::{LibreTranslateBackend, LibreTranslateConfig};
use subloc::translate::{Backend, BackendError, Billing};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::backend_support::{
    Case, assert_no_secret, header, http, quick_http, rate_limit_first_post, received, req,
    run_scheduler, seg,
};

const KEY: &str = "lt-test-key-4242";

fn config(server: &MockServer, key: Option<&str>) -> LibreTranslateConfig {
    let mut cfg = LibreTranslateConfig::new(server.uri());
    cfg.api_key = key.map(Secret::from);
    cfg.http = http();
    cfg
}

fn echo(r: &Request) -> ResponseTemplate {
    let body: Value = r.body_json().unwrap_or(Value::Null);
    let out: Vec<String> = body["q"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|q| format!("«{}»", q.as_str().unwrap_or("")))
        .collect();
    ResponseTemplate::new(200).set_body_json(json!({ "translatedText": out }))
}

#[tokio::test]
async fn request_and_reply_follow_the_api() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/translate"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "translatedText": ["سلام <span translate=\"no\" id=\"g-1\">Kirk</span>", "خداحافظ<x id=\"1\">"]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let b = LibreTranslateBackend::new(config(&server, Some(KEY))).unwrap();
    assert_eq!(b.billing(), Billing::Characters, "a keyed instance bills");
    let r = req(
        "zh-Hans",
        "fa",
        vec![
            seg("e#1", "你好<g id=\"1\">Kirk</g>"),
            seg("e#2", "再见<x id=\"1\"/>"),
        ],
    );
    let reply = b.translate(&r).await.unwrap();
    assert_eq!(
        reply.translations,
        vec![
            ("e#1".to_string(), "سلام <g id=\"1\">Kirk</g>".to_string()),
            ("e#2".to_string(), "خداحافظ<x id=\"1\"/>".to_string()),
        ]
    );
    let got = received(&server).await;
    assert!(header(&got[0], "content-type").starts_with("application/json"));
    let body: Value = got[0].body_json().unwrap();
    assert_eq!(
        body,
        json!({
            "q": ["你好<span translate=\"no\" id=\"g-1\">Kirk</span>", "再见<x id=\"1\"/>"],
            "source": "zh",
            "target": "fa",
            "format": "html",
            "api_key": KEY
        })
    );
}

#[tokio::test]
async fn server_languages_drive_codes_and_support() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/languages"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"code": "en", "name": "English", "targets": ["fa", "zh-Hans"]},
            {"code": "zh-Hans", "name": "Chinese", "targets": ["en", "fa"]},
            {"code": "fa", "name": "Persian", "targets": ["en"]}
        ])))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/translate"))
        .respond_with(echo)
        .mount(&server)
        .await;
    let b = LibreTranslateBackend::new(config(&server, None)).unwrap();
    assert_eq!(b.billing(), Billing::Free);
    let langs = b.fetch_languages().await.unwrap();
    assert_eq!(langs.len(), 3);
    assert!(b.supports("zh-Hans", "fa").is_ok());
    assert_eq!(
        b.supports("zh-Hans", "de"),
        Err(BackendError::UnsupportedLanguage { lang: "de".into() })
    );
    assert_eq!(
        b.supports("fa", "zh-Hans"),
        Err(BackendError::UnsupportedLanguage {
            lang: "zh-Hans".into()
        }),
        "fa offers only en as a target"
    );
    b.translate(&req("zh", "fa", vec![seg("e#1", "你好")]))
        .await
        .unwrap();
    let got = received(&server).await;
    let posts: Vec<&wiremock::Request> =
        got.iter().filter(|r| r.method.as_str() == "POST").collect();
    assert_eq!(posts.len(), 1, "unsupported pairs sent nothing");
    let body: Value = posts[0].body_json().unwrap();
    assert_eq!(body["source"], "zh-Hans", "the server's own code");
    assert!(body.get("api_key").is_none());
}

#[tokio::test]
async fn errors_are_classified() {
    let server = MockServer::start().await;
    let b = LibreTranslateBackend::new(config(&server, Some(KEY))).unwrap();
    let r = req("zh-Hans", "fa", vec![seg("e#1", "你好")]);
    let cases: Vec<Case> = vec![
        (
            ResponseTemplate::new(400).set_body_json(json!({"error": "zh is not supported"})),
            |e| {
                *e == BackendError::UnsupportedLanguage {
                    lang: "zh-Hans".into(),
                }
            },
        ),
        (
            ResponseTemplate::new(400).set_body_json(json!({"error": "fa is not supported"})),
            |e| *e == BackendError::UnsupportedLanguage { lang: "fa".into() },
        ),
        (
            ResponseTemplate::new(403)
                .set_body_json(json!({"error": format!("Invalid API key {KEY}")})),
            |e| {
                matches!(
                    e,
                    BackendError::Auth {
                        status: Some(401 | 403),
                        ..
                    }
                )
            },
        ),
        (
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "2")
                .set_body_json(json!({"error": "Slowdown: 30 per 1 minute"})),
            |e| {
                *e == BackendError::RateLimited {
                    retry_after: Some(std::time::Duration::from_secs(2)),
                }
            },
        ),
        (
            ResponseTemplate::new(500)
                .set_body_json(json!({"error": format!("Cannot translate text: key {KEY}")})),
            |e| {
                matches!(e, BackendError::Server { status: 500, body_excerpt }
                if body_excerpt.starts_with("Cannot translate text"))
            },
        ),
        (
            ResponseTemplate::new(200).set_body_json(json!({"translatedText": ["a", "b"]})),
            |e| matches!(e, BackendError::Malformed(_)),
        ),
        (
            ResponseTemplate::new(200).set_body_string("{\"translatedText\": "),
            |e| matches!(e, BackendError::Malformed(_)),
        ),
    ];
    for (i, (response, check)) in cases.into_iter().enumerate() {
        server.reset().await;
        Mock::given(method("POST"))
            .and(path("/translate"))
            .respond_with(response)
            .expect(1)
            .mount(&server)
            .await;
        let e = b.translate(&r).await.expect_err("error expected");
        assert!(check(&e), "case {i}: {e:?}");
        assert_no_secret(&e, KEY);
        server.verify().await;
    }

    let mut cfg = config(&server, None);
    cfg.http = quick_http();
    let slow = LibreTranslateBackend::new(cfg).unwrap();
    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(3)))
        .mount(&server)
        .await;
    assert_eq!(slow.translate(&r).await, Err(BackendError::Timeout));
}

#[tokio::test]
async fn scheduler_end_to_end_rate_limit_then_resume_sends_nothing() {
    let server = MockServer::start().await;
    let body = json!({"error": "Slowdown: 1 per 1 second"});
    rate_limit_first_post(&server, Some("/translate"), body).await;
    Mock::given(method("POST"))
        .and(path("/translate"))
        .respond_with(echo)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let memory = dir.path().join("tm.sqlite");
    let segments = vec![seg("a#1", "你好"), seg("a#2", "你好")];
    let backend = || Arc::new(LibreTranslateBackend::new(config(&server, None)).unwrap());
    let first = run_scheduler(backend(), &memory, "zh", "fa", &segments).await;
    assert_eq!(first.outcomes[1].text(), Some("«你好»"));
    assert_eq!(received(&server).await.len(), 2);
    let second = run_scheduler(backend(), &memory, "zh", "fa", &segments).await;
    assert_eq!(second.stats.memory_hits, 2);
    assert_eq!(received(&server).await.len(), 2, "the re-run sends nothing");
}
