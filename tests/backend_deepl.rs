//! The DeepL backend against a local server that checks requests as DeepL documents them
//! (`POST /v2/translate`, `Authorization: DeepL-Auth-Key …`, JSON body) and answers like DeepL,
//! error bodies included.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use subloc::translate::deepl::{DeeplBackend, DeeplConfig};
use subloc::translate::scheduler::SegmentOutcome;
use subloc::translate::{Backend, BackendError, TermHint};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::backend_support::{
    Case, assert_no_secret, header, http, quick_http, rate_limit_first_post, received, req,
    run_scheduler, seg,
};

const KEY: &str = "0f1e2d3c-test-key:fx";

fn config(server: &MockServer) -> DeeplConfig {
    let mut cfg = DeeplConfig::new(KEY);
    cfg.base_url = Some(server.uri());
    cfg.http = http();
    cfg
}

fn backend(server: &MockServer) -> DeeplBackend {
    DeeplBackend::new(config(server)).expect("backend")
}

/// Answers like DeepL: one translation per `text`, in order.
fn echo(r: &Request) -> ResponseTemplate {
    let body: Value = r.body_json().unwrap_or(Value::Null);
    let texts = body["text"].as_array().cloned().unwrap_or_default();
    let translations: Vec<Value> = texts
        .iter()
        .map(|t| {
            let t = t.as_str().unwrap_or("");
            json!({"detected_source_language": "ZH", "text": format!("EN({t})"),
                   "billed_characters": t.chars().count()})
        })
        .collect();
    ResponseTemplate::new(200).set_body_json(json!({ "translations": translations }))
}

#[tokio::test]
async fn request_and_reply_follow_the_documented_shape() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/translate"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "translations": [
                {"detected_source_language": "ZH", "text": "Welcome to <g id=\"1\">Starfleet</g>.", "billed_characters": 26},
                {"detected_source_language": "ZH", "text": "Left<x id=\"1\"/> right", "billed_characters": 9}
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let mut cfg = config(&server);
    cfg.formality = Some("less".into());
    cfg.model_type = Some("quality_optimized".into());
    let b = DeeplBackend::new(cfg).unwrap();
    let mut a = seg("ep01#1", "欢迎来到<g id=\"1\">Starfleet</g>。");
    a.context.before = vec!["上一句".into()];
    a.context.terms = vec![TermHint {
        source: "星际舰队".into(),
        target: Some("Starfleet".into()),
        note: None,
    }];
    let mut b2 = seg("ep01#2", "左<x id=\"1\"/>右");
    b2.context.after = vec!["下一句".into()];
    let mut r = req("zh-Hans", "en-GB", vec![a, b2]);
    r.synopsis = Some("A crew in space.".into());
    r.glossary_id = Some("def3a26b-3e84-45b3-84ae-0c0aaf3525f7".into());

    let reply = b.translate(&r).await.expect("translated");
    assert_eq!(
        reply.translations,
        vec![
            (
                "ep01#1".to_string(),
                "Welcome to <g id=\"1\">Starfleet</g>.".to_string()
            ),
            ("ep01#2".to_string(), "Left<x id=\"1\"/> right".to_string()),
        ]
    );
    assert_eq!(reply.billed_chars, 35, "billed_characters summed");
    assert_eq!(reply.prompt_chars, 0);

    let got = received(&server).await;
    assert_eq!(got.len(), 1);
    let sent = &got[0];
    assert_eq!(sent.method.as_str(), "POST");
    assert_eq!(
        header(sent, "authorization"),
        format!("DeepL-Auth-Key {KEY}")
    );
    assert!(header(sent, "content-type").starts_with("application/json"));
    assert!(
        sent.url.query().is_none(),
        "no key or parameters in the URL"
    );
    let body: Value = sent.body_json().unwrap();
    assert_eq!(
        body,
        json!({
            "text": ["欢迎来到<g id=\"1\">Starfleet</g>。", "左<x id=\"1\"/>右"],
            "source_lang": "ZH",
            "target_lang": "EN-GB",
            "tag_handling": "xml",
            "ignore_tags": ["g"],
            "split_sentences": "nonewlines",
            "context": "A crew in space.\n上一句\n下一句",
            // English has no formality: the `prefer_` form is ignored instead of failing.
            "formality": "prefer_less",
            "glossary_id": "def3a26b-3e84-45b3-84ae-0c0aaf3525f7",
            "model_type": "quality_optimized",
            "show_billed_characters": true
        })
    );
}

#[tokio::test]
async fn language_variants_are_mapped() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/translate"))
        .respond_with(echo)
        .mount(&server)
        .await;
    let b = backend(&server);
    for (tag, code) in [
        ("pt-BR", "PT-BR"),
        ("pt-PT", "PT-PT"),
        ("zh-Hant", "ZH-HANT"),
        ("zh-CN", "ZH-HANS"),
        ("en", "EN-US"),
    ] {
        let r = req("en", tag, vec![seg("e#1", "Hi")]);
        b.translate(&r).await.unwrap();
        let got = received(&server).await;
        let body: Value = got.last().unwrap().body_json().unwrap();
        assert_eq!(body["target_lang"], code, "{tag}");
        assert_eq!(body["source_lang"], "EN");
        assert!(
            body.get("ignore_tags").is_none(),
            "no terms, no ignore_tags"
        );
        assert!(body.get("context").is_none(), "nothing to give as context");
    }
}

#[tokio::test]
async fn unsupported_pair_fails_before_any_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(echo)
        .mount(&server)
        .await;
    let b = Arc::new(backend(&server));
    // Persian is a DeepL beta language: refused unless the configuration opts in.
    assert_eq!(
        b.supports("zh-Hans", "fa"),
        Err(BackendError::UnsupportedLanguage { lang: "fa".into() })
    );
    let r = req("zh-Hans", "fa", vec![seg("e#1", "你好")]);
    assert_eq!(
        b.translate(&r).await,
        Err(BackendError::UnsupportedLanguage { lang: "fa".into() })
    );
    let dir = tempfile::tempdir().unwrap();
    let mem = subloc::translate::memory::SqliteMemory::open(&dir.path().join("tm.sqlite")).unwrap();
    let sched = subloc::translate::scheduler::Scheduler::new(b.clone()).with_memory(Arc::new(mem));
    let run = sched
        .run(
            &subloc::translate::scheduler::RunConfig::new("zh-Hans", "fa"),
            &[seg("e#1", "你好")],
        )
        .await;
    assert!(matches!(
        run,
        Err(subloc::translate::scheduler::RunError::Unsupported(
            BackendError::UnsupportedLanguage { .. }
        ))
    ));
    assert_eq!(received(&server).await.len(), 0);

    // Opting in sends `enable_beta_languages`.
    let mut cfg = config(&server);
    cfg.beta_languages = true;
    let beta = DeeplBackend::new(cfg).unwrap();
    assert!(beta.supports("zh-Hans", "fa").is_ok());
    beta.translate(&r).await.unwrap();
    let got = received(&server).await;
    let body: Value = got[0].body_json().unwrap();
    assert_eq!(body["target_lang"], "FA");
    assert_eq!(body["enable_beta_languages"], true);
}

#[tokio::test]
async fn error_statuses_are_classified() {
    let server = MockServer::start().await;
    let b = backend(&server);
    let r = req("zh", "en-US", vec![seg("e#1", "你好")]);
    let cases: Vec<Case> = vec![
        (
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "7")
                .set_body_json(json!({"message": "Too many requests"})),
            |e| {
                *e == BackendError::RateLimited {
                    retry_after: Some(Duration::from_secs(7)),
                }
            },
        ),
        (
            ResponseTemplate::new(529).set_body_string("Too many requests"),
            |e| matches!(e, BackendError::RateLimited { retry_after: None }),
        ),
        (
            ResponseTemplate::new(456).set_body_json(json!({"message": "Quota Exceeded"})),
            |e| matches!(e, BackendError::Quota { status: 456, message } if message == "Quota Exceeded"),
        ),
        (
            ResponseTemplate::new(403).set_body_json(json!({"message": "Wrong endpoint"})),
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
            ResponseTemplate::new(400)
                .set_body_json(json!({"message": "Value for 'target_lang' not supported."})),
            |e| {
                *e == BackendError::UnsupportedLanguage {
                    lang: "en-US".into(),
                }
            },
        ),
        (
            ResponseTemplate::new(400)
                .set_body_json(json!({"message": "Parameter 'text' not specified."})),
            |e| {
                matches!(e, BackendError::Server { status: 400, body_excerpt }
                    if body_excerpt == "Parameter 'text' not specified.")
                    && !e.is_retryable()
            },
        ),
        (
            ResponseTemplate::new(503).set_body_string("Service unavailable"),
            |e| matches!(e, BackendError::Server { status: 503, .. }) && e.is_retryable(),
        ),
        (
            ResponseTemplate::new(200).set_body_string("<html>not json</html>"),
            |e| matches!(e, BackendError::Malformed(_)),
        ),
        (
            // Positional replies cannot be aligned when the count is off.
            ResponseTemplate::new(200).set_body_json(json!({"translations": []})),
            |e| matches!(e, BackendError::Malformed(m) if m.contains("0 translations")),
        ),
    ];
    for (i, (response, check)) in cases.into_iter().enumerate() {
        server.reset().await;
        Mock::given(method("POST"))
            .and(path("/v2/translate"))
            .respond_with(response)
            .expect(1)
            .mount(&server)
            .await;
        let e = b.translate(&r).await.expect_err("error expected");
        assert!(check(&e), "case {i}: {e:?}");
        assert_no_secret(&e, KEY);
        server.verify().await;
    }
}

#[tokio::test]
async fn lost_placeholders_are_returned_for_the_scheduler_to_judge() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "translations": [{"detected_source_language": "ZH", "text": "Left right"}]
        })))
        .mount(&server)
        .await;
    let b = backend(&server);
    let r = req("zh", "en", vec![seg("e#1", "左<x id=\"1\"/>右")]);
    let reply = b.translate(&r).await.unwrap();
    assert_eq!(
        reply.translations,
        vec![("e#1".to_string(), "Left right".to_string())]
    );
    // Without `billed_characters`, DeepL's rule: the text's characters, not the tag's.
    assert_eq!(
        reply.billed_chars, 2,
        "左 and 右; <x id=\"1\"/> is not billed"
    );
}

#[tokio::test]
async fn timeouts_and_oversized_replies() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/translate"))
        .respond_with(echo)
        .mount(&server)
        .await;
    let mut cfg = config(&server);
    cfg.http = quick_http();
    Mock::given(method("POST"))
        .and(path("/v2/translate"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .with_priority(1)
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let b = DeeplBackend::new(cfg).unwrap();
    let r = req("zh", "en", vec![seg("e#1", "你好")]);
    let started = std::time::Instant::now();
    assert_eq!(b.translate(&r).await, Err(BackendError::Timeout));
    assert!(started.elapsed() < Duration::from_secs(2));

    let mut cfg = config(&server);
    cfg.http.max_response_bytes = 1024;
    let small = DeeplBackend::new(cfg).unwrap();
    server.reset().await;
    let huge = format!(
        "{{\"translations\":[{{\"text\":\"{}\"}}]}}",
        "x".repeat(200_000)
    );
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string(huge))
        .mount(&server)
        .await;
    let e = small.translate(&r).await.unwrap_err();
    assert!(
        matches!(&e, BackendError::Malformed(m) if m.contains("larger than 1024")),
        "{e:?}"
    );
}

#[tokio::test]
async fn redirects_stay_on_the_configured_origin() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(echo)
        .mount(&elsewhere)
        .await;
    // Same origin: followed (307 keeps the method and body).
    Mock::given(method("POST"))
        .and(path("/v2/translate"))
        .respond_with(ResponseTemplate::new(307).insert_header("Location", "/v2/translate-moved"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2/translate-moved"))
        .respond_with(echo)
        .mount(&server)
        .await;
    let b = backend(&server);
    let r = req("zh", "en", vec![seg("e#1", "你好")]);
    let reply = b.translate(&r).await.unwrap();
    assert_eq!(reply.translations[0].1, "EN(你好)");
    let got = received(&server).await;
    assert_eq!(got.len(), 2);
    assert_eq!(
        header(&got[1], "authorization"),
        format!("DeepL-Auth-Key {KEY}")
    );

    // Another origin: not followed, so the key never reaches it.
    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(307).insert_header(
            "Location",
            format!("{}/v2/translate", elsewhere.uri()).as_str(),
        ))
        .mount(&server)
        .await;
    let e = b.translate(&r).await.unwrap_err();
    assert!(
        matches!(e, BackendError::Server { status: 307, .. }),
        "{e:?}"
    );
    assert_eq!(received(&elsewhere).await.len(), 0);

    // A loop on the same origin ends after five redirects.
    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(307).insert_header("Location", "/v2/translate"))
        .mount(&server)
        .await;
    let e = b.translate(&r).await.unwrap_err();
    assert!(matches!(e, BackendError::Fatal(_)), "{e:?}");
    assert_eq!(
        received(&server).await.len(),
        6,
        "the request and five redirects"
    );
}

#[tokio::test]
async fn glossary_sync_creates_once_then_reuses() {
    let server = MockServer::start().await;
    let b = backend(&server);
    let entries = vec![
        ("星际舰队".to_string(), "Starfleet".to_string()),
        ("舰长".to_string(), "Captain".to_string()),
    ];
    Mock::given(method("GET"))
        .and(path("/v2/glossaries"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"glossaries": []})))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2/glossaries"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "glossary_id": "def3a26b-3e84-45b3-84ae-0c0aaf3525f7",
            "name": "ignored", "ready": true, "source_lang": "zh", "target_lang": "en",
            "creation_time": "2026-11-25T10:00:00.000Z", "entry_count": 2
        })))
        .expect(1)
        .mount(&server)
        .await;
    let id = b.sync_glossary("zh-Hans", "en-GB", &entries).await.unwrap();
    assert_eq!(id.as_deref(), Some("def3a26b-3e84-45b3-84ae-0c0aaf3525f7"));
    let got = received(&server).await;
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].method.as_str(), "GET");
    assert_eq!(
        header(&got[0], "authorization"),
        format!("DeepL-Auth-Key {KEY}")
    );
    let created: Value = got[1].body_json().unwrap();
    assert_eq!(created["source_lang"], "zh");
    assert_eq!(
        created["target_lang"], "en",
        "glossaries are per language, not variant"
    );
    assert_eq!(created["entries_format"], "tsv");
    assert_eq!(created["entries"], "星际舰队\tStarfleet\n舰长\tCaptain");
    let name = created["name"].as_str().unwrap().to_string();
    assert!(name.starts_with("subloc zh-en "), "{name}");

    // The same content again: found by name, nothing created.
    Mock::given(method("GET"))
        .and(path("/v2/glossaries"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"glossaries": [
                {"glossary_id": "old", "name": "subloc zh-en 0000", "ready": true},
                {"glossary_id": "def3a26b-3e84-45b3-84ae-0c0aaf3525f7", "name": name, "ready": true}
            ]})),
        )
        .mount(&server)
        .await;
    let again = b.sync_glossary("zh", "en-US", &entries).await.unwrap();
    assert_eq!(
        again.as_deref(),
        Some("def3a26b-3e84-45b3-84ae-0c0aaf3525f7")
    );
    assert_eq!(received(&server).await.len(), 3, "one GET, no POST");
    assert_eq!(b.sync_glossary("zh", "en", &[]).await.unwrap(), None);
    server.verify().await;
}

#[tokio::test]
async fn scheduler_end_to_end_rate_limit_then_resume_sends_nothing() {
    let server = MockServer::start().await;
    let body = json!({"message": "Too many requests"});
    rate_limit_first_post(&server, Some("/v2/translate"), body).await;
    Mock::given(method("POST"))
        .and(path("/v2/translate"))
        .respond_with(echo)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let memory = dir.path().join("tm.sqlite");
    let segments = vec![
        seg("ep01#1", "你好"),
        seg("ep01#2", "再见"),
        seg("ep02#1", "你好"),
    ];
    let started = std::time::Instant::now();
    let first = run_scheduler(Arc::new(backend(&server)), &memory, "zh", "en", &segments).await;
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After honoured"
    );
    let texts: Vec<Option<&str>> = first.outcomes.iter().map(SegmentOutcome::text).collect();
    assert_eq!(
        texts,
        [Some("EN(你好)"), Some("EN(再见)"), Some("EN(你好)")]
    );
    assert_eq!(first.stats.rate_limited, 1);
    let sent = received(&server).await;
    assert_eq!(sent.len(), 2, "one 429, one success");
    let body: Value = sent[1].body_json().unwrap();
    assert_eq!(
        body["text"],
        json!(["你好", "再见"]),
        "duplicates sent once"
    );

    let second = run_scheduler(Arc::new(backend(&server)), &memory, "zh", "en", &segments).await;
    assert_eq!(received(&server).await.len(), 2, "the re-run sends nothing");
    assert_eq!(second.stats.memory_hits, 3);
    assert!(second.outcomes.iter().all(|o| o.text().is_some()));
}

/// Answers like DeepL with a synced glossary `刺绣 → embroidery` applied (`applies`) or not:
/// `EN(text)`, a `<g>` placeholder kept as sent (`ignore_tags`), billed by the characters
/// outside tags.
fn glossary_server(applies: bool) -> impl Fn(&Request) -> ResponseTemplate {
    move |r: &Request| {
        let body: Value = r.body_json().unwrap_or(Value::Null);
        let texts = body["text"].as_array().cloned().unwrap_or_default();
        let translations: Vec<Value> = texts
            .iter()
            .map(|t| {
                let t = t.as_str().unwrap_or("");
                let billed = subloc::translate::deepl::billable_outside_tags(t);
                let out = if applies {
                    t.replace("刺绣", "embroidery")
                } else {
                    t.replace("刺绣", "needlework")
                };
                json!({"text": format!("EN({out})"), "billed_characters": billed})
            })
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({ "translations": translations }))
    }
}

fn term_request(glossary: bool) -> subloc::translate::BatchRequest {
    let mut a = seg("ep01#1", "她的<g id=\"1\">embroidery</g>很美<x id=\"2\"/>");
    a.context.terms = vec![TermHint {
        source: "刺绣".into(),
        target: Some("embroidery".into()),
        note: None,
    }];
    let b = seg("ep01#2", "没有术语");
    let mut r = req("zh-Hans", "en-GB", vec![a, b]);
    if glossary {
        r.glossary_id = Some("def3a26b-3e84-45b3-84ae-0c0aaf3525f7".into());
    }
    r
}

/// A loopback DeepL answering with `glossary_server(applies)`, and a backend on it with
/// `glossary_terms` (the cheaper source form for synced terms) set to `terms`.
async fn glossary_backend(applies: bool, terms: bool) -> (MockServer, DeeplBackend) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/translate"))
        .respond_with(glossary_server(applies))
        .mount(&server)
        .await;
    let mut cfg = config(&server);
    cfg.glossary_terms = terms;
    let b = DeeplBackend::new(cfg).expect("backend");
    (server, b)
}

#[tokio::test]
async fn a_synced_glossary_term_goes_as_its_cheaper_source_form_and_its_rendering_comes_back() {
    let tagged = "她的<g id=\"1\">embroidery</g>很美<x id=\"2\"/>";
    let restored = "EN(她的<g id=\"1\">embroidery</g>很美<x id=\"2\"/>)";
    let tagged_cost = subloc::translate::deepl::billable_outside_tags(tagged);

    // The glossary renders the term: one request, the source form sent, fewer characters
    // billed, and the approved rendering back in its placeholder.
    let (server, b) = glossary_backend(true, true).await;
    let reply = b.translate(&term_request(true)).await.expect("translated");
    let sent = received(&server).await;
    assert_eq!(sent.len(), 1);
    let body: Value = sent[0].body_json().expect("json");
    assert_eq!(body["text"][0], "她的刺绣很美<x id=\"2\"/>");
    assert_eq!(body["text"][1], "没有术语");
    let got: std::collections::HashMap<_, _> = reply.translations.iter().cloned().collect();
    assert_eq!(got["ep01#1"], restored);
    assert_eq!(got["ep01#2"], "EN(没有术语)");
    let plain_cost = subloc::translate::deepl::billable_outside_tags("她的刺绣很美<x id=\"2\"/>");
    assert!(plain_cost < tagged_cost);
    assert_eq!(reply.billed_chars, plain_cost + 4);
    // The scheduler's check accepts it as it would the tagged form.
    assert!(subloc::translate::segment::check_placeholders(tagged, &got["ep01#1"]).is_ok());

    // The glossary did not render it: that segment is sent again as it was; the rendering
    // still comes back, never the engine's own word.
    let (server, b) = glossary_backend(false, true).await;
    let reply = b.translate(&term_request(true)).await.expect("translated");
    let sent = received(&server).await;
    assert_eq!(sent.len(), 2);
    let second: Value = sent[1].body_json().expect("json");
    assert_eq!(second["text"], json!([tagged]));
    assert_eq!(second["ignore_tags"], json!(["g"]));
    let got: std::collections::HashMap<_, _> = reply.translations.iter().cloned().collect();
    assert_eq!(got["ep01#1"], restored);
    assert!(!got["ep01#1"].contains("needlework"));
    assert_eq!(got.len(), 2);

    // No synced glossary for this request (or the option off): the tagged form, as before.
    for (glossary, terms) in [(false, true), (true, false)] {
        let (server, b) = glossary_backend(true, terms).await;
        b.translate(&term_request(glossary))
            .await
            .expect("translated");
        let sent = received(&server).await;
        let body: Value = sent[0].body_json().expect("json");
        assert_eq!(body["text"][0], tagged);
    }
}

/// A DeepL stand-in with a glossary API: it keeps the entries of the glossary it is given and,
/// for a request naming it, renders each source form by its entry (longest first, outside
/// tags) — otherwise it returns the text as sent. Every text it is sent is logged.
#[derive(Default)]
struct GlossaryDeepl {
    entries: std::sync::Mutex<Vec<(String, String)>>,
    texts: std::sync::Mutex<Vec<String>>,
}

/// The stand-in as a wiremock responder.
struct StandIn(Arc<GlossaryDeepl>);

impl wiremock::Respond for StandIn {
    fn respond(&self, r: &Request) -> ResponseTemplate {
        if r.url.path() == "/v2/glossaries" {
            if r.method.as_str() == "GET" {
                return ResponseTemplate::new(200).set_body_json(json!({"glossaries": []}));
            }
            let body: Value = r.body_json().unwrap_or(Value::Null);
            let mut entries: Vec<(String, String)> = body["entries"]
                .as_str()
                .unwrap_or("")
                .lines()
                .filter_map(|l| l.split_once('\t'))
                .map(|(s, t)| (s.to_string(), t.to_string()))
                .collect();
            entries.sort_by_key(|(s, _)| std::cmp::Reverse(s.chars().count()));
            *self.0.entries.lock().unwrap() = entries;
            return ResponseTemplate::new(201).set_body_json(json!({
                "glossary_id": "g-1", "name": "x", "ready": true, "entry_count": 1
            }));
        }
        let body: Value = r.body_json().unwrap_or(Value::Null);
        let glossary = body["glossary_id"].is_string();
        let entries = self.0.entries.lock().unwrap().clone();
        let translations: Vec<Value> = body["text"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|t| {
                let t = t.as_str().unwrap_or("").to_string();
                self.0.texts.lock().unwrap().push(t.clone());
                let billed = subloc::translate::deepl::billable_outside_tags(&t);
                let mut out = String::new();
                // Render outside tags only (`<g>` contents are ignored tags' content).
                let mut rest = t.as_str();
                let mut inside_g = false;
                while !rest.is_empty() {
                    let cut = rest.find('<').unwrap_or(rest.len());
                    let (plain, tail) = rest.split_at(cut);
                    let mut p = plain.to_string();
                    if glossary && !inside_g {
                        for (s, r) in &entries {
                            p = p.replace(s.as_str(), r);
                        }
                    }
                    out.push_str(&p);
                    let end = tail.find('>').map_or(tail.len(), |e| e + 1);
                    let tag = &tail[..end];
                    if tag.starts_with("<g ") {
                        inside_g = true;
                    } else if tag == "</g>" {
                        inside_g = false;
                    }
                    out.push_str(tag);
                    rest = &tail[end..];
                }
                json!({"text": out, "billed_characters": billed})
            })
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({ "translations": translations }))
    }
}

/// Translates the fixture's first episode into English with DeepL (the stand-in), with or
/// without `glossary-sync`; the output track and the characters billed.
async fn deepl_season_run(sync: bool) -> (String, u64, Vec<String>) {
    let server = MockServer::start().await;
    let state = Arc::new(GlossaryDeepl::default());
    Mock::given(wiremock::matchers::any())
        .respond_with(StandIn(state.clone()))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        crate::cli_support::series_glossary(),
        dir.path().join("glossary.yaml"),
    )
    .expect("glossary");
    std::fs::write(
        dir.path().join("subloc.yaml"),
        format!(
            "translate:\n  backend: deepl\n  backends:\n    deepl:\n      url: {}\n      glossary-sync: {sync}\n",
            server.uri()
        ),
    )
    .expect("config");
    let episode = crate::cli_support::sample("ep01.srt");
    let out_dir = dir.path().join("out");
    let path = dir.path().to_path_buf();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_subloc"))
            .current_dir(&path)
            .args(["translate"])
            .arg(&episode)
            .args(["--to", "en", "--platform", "youtube", "--out"])
            .arg(&out_dir)
            .env("DEEPL_API_KEY", KEY)
            .env("LANG", "C")
            .env_remove("LC_ALL")
            .env_remove("HTTPS_PROXY")
            .env_remove("HTTP_PROXY")
            .env_remove("ALL_PROXY")
            .output()
            .expect("runs")
    })
    .await
    .expect("ran");
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut track = String::new();
    let mut stack = vec![dir.path().join("out")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else if e.path().extension().is_some_and(|x| x == "srt") {
                track = std::fs::read_to_string(e.path()).expect("track");
            }
        }
    }
    let texts = state.texts.lock().unwrap().clone();
    let billed = texts
        .iter()
        .map(|t| subloc::translate::deepl::billable_outside_tags(t))
        .sum();
    (track, billed, texts)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_season_with_a_synced_glossary_bills_less_and_writes_the_same_renderings() {
    let (tagged, tagged_billed, tagged_texts) = deepl_season_run(false).await;
    let (swapped, swapped_billed, swapped_texts) = deepl_season_run(true).await;
    assert!(!tagged.is_empty());
    assert!(
        tagged_texts.iter().any(|t| t.contains("<g ")),
        "the episode has no fixed term"
    );
    // Terms went as their (shorter) source forms …
    let tags = |v: &[String]| v.iter().filter(|t| t.contains("<g ")).count();
    assert!(
        tags(&swapped_texts) < tags(&tagged_texts),
        "nothing was swapped"
    );
    // … which DeepL bills less for …
    assert!(
        swapped_billed < tagged_billed,
        "{swapped_billed} ≥ {tagged_billed}"
    );
    // … and the approved renderings come back exactly where they were.
    assert_eq!(swapped, tagged);
    eprintln!(
        "note: ep01 → en billed {tagged_billed} characters with <g> terms, {swapped_billed} with \
         glossary source forms ({} of {} term-bearing texts still tagged)",
        tags(&swapped_texts),
        tags(&tagged_texts)
    );
}

/// A provider that enforces a token bucket of `cap` requests refilled at `rate` per second, full
/// at the first request, the way `../shared/bench/mock_backend.py --rps --burst` does: a request
/// that finds no token is answered 429 with `Retry-After` and `retry-after-ms` (the time until
/// the next token). Records which requests (by arrival order) were turned away.
fn bucket_server(
    cap: f64,
    rate: f64,
) -> (impl Fn(&Request) -> ResponseTemplate, Arc<Mutex<Vec<bool>>>) {
    let state: Arc<Mutex<Option<(f64, std::time::Instant)>>> = Arc::new(Mutex::new(None));
    let log = Arc::new(Mutex::new(Vec::new()));
    let seen = log.clone();
    let respond = move |r: &Request| {
        let now = std::time::Instant::now();
        let mut s = state.lock().unwrap();
        let (tokens, last) = s.get_or_insert((cap, now));
        *tokens = (*tokens + now.duration_since(*last).as_secs_f64() * rate).min(cap);
        *last = now;
        let granted = *tokens >= 1.0;
        if granted {
            *tokens -= 1.0;
        }
        let wait = (1.0 - *tokens).max(0.0) / rate;
        drop(s);
        seen.lock().unwrap().push(!granted);
        if granted {
            echo(r)
        } else {
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "1")
                .insert_header(
                    "retry-after-ms",
                    format!("{}", (wait * 1000.0).ceil() as u64 + 1),
                )
                .set_body_json(json!({"message": "Too many requests"}))
        }
    };
    (respond, log)
}

async fn paced_run(
    server_cap: f64,
    configured_burst: u32,
    n: usize,
) -> (subloc::translate::scheduler::RunResult, Vec<bool>) {
    let server = MockServer::start().await;
    let (respond, log) = bucket_server(server_cap, 5.0);
    Mock::given(method("POST"))
        .and(path("/v2/translate"))
        .respond_with(respond)
        .mount(&server)
        .await;
    let mut cfg = config(&server);
    // One segment per request, 5 requests a second (the server's rate), enough slots that
    // only the pacer decides when a request starts.
    cfg.limits.max_segments = 1;
    cfg.limits.concurrency = 8;
    cfg.limits.requests_per_second = Some(5.0);
    cfg.limits.burst = Some(configured_burst);
    let dir = tempfile::tempdir().unwrap();
    let segments: Vec<_> = (0..n)
        .map(|i| seg(&format!("ep01#{i}"), &format!("第{i}句")))
        .collect();
    let backend = Arc::new(DeeplBackend::new(cfg).expect("backend"));
    let result = run_scheduler(
        backend,
        &dir.path().join("tm.sqlite"),
        "zh",
        "en",
        &segments,
    )
    .await;
    let turned_away = log.lock().unwrap().clone();
    (result, turned_away)
}

#[tokio::test]
async fn a_configured_burst_equal_to_the_providers_bucket_draws_no_429() {
    // Bucket of 3 at 5/s: 12 requests take 2 s, with the whole bucket used at the start.
    let (result, turned_away) = paced_run(3.0, 3, 12).await;
    assert_eq!(
        turned_away.len(),
        12,
        "one request per segment, none resent"
    );
    assert!(!turned_away.contains(&true), "{turned_away:?}");
    assert_eq!(result.stats.rate_limited, 0);
    assert_eq!(result.stats.translated, 12);
    for (i, o) in result.outcomes.iter().enumerate() {
        assert_eq!(o.text(), Some(format!("EN(第{i}句)").as_str()));
    }
}

#[tokio::test]
async fn a_burst_larger_than_the_providers_bucket_costs_one_spell_of_429s() {
    // Configured 6, granted 3: the first burst overruns the bucket once; after that pause the
    // pace is even and the burst smaller, so no later request is turned away, and every
    // segment is answered.
    let (result, turned_away) = paced_run(3.0, 6, 12).await;
    let first_spell = 5; // the requests of the first burst (6 less the jitter margin's one)
    let late: Vec<usize> = turned_away
        .iter()
        .enumerate()
        .filter(|(i, r)| **r && *i >= first_spell)
        .map(|(i, _)| i)
        .collect();
    assert!(
        late.is_empty(),
        "429 after the first burst: {turned_away:?}"
    );
    assert!(
        turned_away.contains(&true),
        "the oversized burst was noticed"
    );
    assert!(result.stats.rate_limited >= 1);
    assert_eq!(result.stats.translated, 12);
    assert!(result.outcomes.iter().all(|o| o.text().is_some()));
}
