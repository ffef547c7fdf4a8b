//! The OpenAI-compatible backend against a local server that checks chat-completions requests
//! as OpenAI and Azure document them and answers like them: JSON replies keyed by id (fenced,
//! partial, invented, merged), refusals, content filters, rate limits, quota, format fallback.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use subloc::translate::openai::{AzureConfig, OpenAiBackend, OpenAiConfig, ResponseFormat};
use subloc::translate::scheduler::SegmentOutcome;
use subloc::translate::{Backend, BackendError, Billing, TermHint, TokenUsage};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::backend_support::{
    Case, assert_no_secret, header, http, quick_http, rate_limit_first_post, received, req,
    run_scheduler, seg,
};

const KEY: &str = "sk-test-0123456789abcdef";

fn config(server: &MockServer) -> OpenAiConfig {
    let mut cfg = OpenAiConfig::new(KEY);
    cfg.base_url = server.uri();
    cfg.model = "gpt-4o-mini".into();
    cfg.http = http();
    cfg
}

fn backend(server: &MockServer) -> OpenAiBackend {
    OpenAiBackend::new(config(server)).expect("backend")
}

/// A chat-completions reply with `content`.
fn completion(content: &str, finish: &str) -> Value {
    json!({
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1_764_000_000,
        "model": "gpt-4o-mini-2024-07-18",
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": content, "refusal": null},
            "logprobs": null,
            "finish_reason": finish
        }],
        "usage": {"prompt_tokens": 321, "completion_tokens": 45, "total_tokens": 366}
    })
}

/// The request-local ids and texts of the `lines` in a request's user message, in order.
fn lines_of(r: &Request) -> Vec<(String, String)> {
    let body: Value = r.body_json().unwrap_or(Value::Null);
    let user = body["messages"][1]["content"].as_str().unwrap_or("{}");
    let lines: Value = serde_json::from_str(user).unwrap_or(Value::Null);
    lines["lines"]
        .as_object()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|(id, text)| (id.clone(), text.as_str().unwrap_or("").to_string()))
        .collect()
}

/// Translates every line as `FA(text)`.
fn echo(r: &Request) -> ResponseTemplate {
    let map: serde_json::Map<String, Value> = lines_of(r)
        .into_iter()
        .map(|(id, text)| (id, Value::String(format!("FA({text})"))))
        .collect();
    ResponseTemplate::new(200).set_body_json(completion(&Value::Object(map).to_string(), "stop"))
}

#[tokio::test]
async fn request_shape_and_partial_replies() {
    let server = MockServer::start().await;
    // Fenced JSON keyed by the request-local ids; "2" (`e#2`) missing; "9" invented.
    let content = "```json\n{\"1\": \"سلام <g id=\\\"1\\\">کرک</g>\", \"9\": \"invented\"}\n```";
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(completion(content, "stop")))
        .expect(1)
        .mount(&server)
        .await;
    let mut cfg = config(&server);
    cfg.headers = vec![("X-Gateway-Tenant".into(), "subloc-tests".into())];
    let b = OpenAiBackend::new(cfg).unwrap();
    assert_eq!(b.billing(), Billing::Tokens);
    let mut a = seg("e#1", "你好<g id=\"1\">Kirk</g>");
    a.context.speaker = Some("Spock".into());
    a.context.before = vec!["上一句".into()];
    a.context.max_chars = Some(42);
    a.context.terms = vec![TermHint {
        source: "柯克".into(),
        target: Some("Kirk".into()),
        note: Some("captain".into()),
    }];
    let mut r = req("zh-Hans", "fa", vec![a, seg("e#2", "再见")]);
    r.synopsis = Some("A starship crew explores space.".into());

    let reply = b.translate(&r).await.unwrap();
    assert_eq!(
        reply.translations,
        vec![
            ("e#1".to_string(), "سلام <g id=\"1\">کرک</g>".to_string()),
            ("9".to_string(), "invented".to_string()),
        ]
    );
    assert_eq!(
        reply.usage,
        Some(TokenUsage {
            input: 321,
            output: 45
        })
    );
    assert_eq!(reply.billed_chars, r.text_chars());
    assert!(reply.prompt_chars > 0);
    assert_eq!(
        reply.prompt_chars,
        b.prompt_overhead(&r),
        "dry run = real overhead"
    );

    let got = received(&server).await;
    let sent = &got[0];
    assert_eq!(header(sent, "authorization"), format!("Bearer {KEY}"));
    assert_eq!(header(sent, "x-gateway-tenant"), "subloc-tests");
    let body: Value = sent.body_json().unwrap();
    assert_eq!(body["model"], "gpt-4o-mini");
    assert!((body["temperature"].as_f64().unwrap() - 0.2).abs() < 1e-6);
    assert_eq!(body["messages"][0]["role"], "system");
    assert_eq!(body["messages"][1]["role"], "user");
    let system = body["messages"][0]["content"].as_str().unwrap();
    assert!(system.contains("柯克 → Kirk (captain)"), "glossary subset");
    assert!(system.contains("A starship crew explores space."));
    assert!(system.contains("JSON"));
    // The batch has markup and context: the system message explains both.
    assert!(system.contains("<g id=\"N\">…</g>"), "markup rule");
    assert!(system.contains("\"before\"/\"after\""), "context explained");
    // The user message exactly as sent: short ids in batch order, context keyed by the id it
    // surrounds, one budget for the batch.
    assert_eq!(
        body["messages"][1]["content"],
        r#"{"lines":{"1":"你好<g id=\"1\">Kirk</g>","2":"再见"},"speakers":{"1":"Spock"},"before":{"1":"上一句"},"max_chars":{"1":42}}"#
    );
    assert_eq!(
        body["response_format"],
        json!({"type": "json_schema", "json_schema": {"name": "t", "strict": true,
            "schema": {"type": "object",
                "properties": {"1": {"type": "string"}, "2": {"type": "string"}},
                "required": ["1", "2"], "additionalProperties": false}}})
    );
    // The prompt overhead counts everything but the texts.
    let texts = r.text_chars();
    let whole = system.chars().count()
        + body["messages"][1]["content"]
            .as_str()
            .unwrap()
            .chars()
            .count()
        + body["response_format"].to_string().chars().count();
    assert_eq!(reply.prompt_chars, whole as u64 - texts);
}

#[tokio::test]
async fn merged_lines_come_back_partial() {
    let server = MockServer::start().await;
    // The model merged line 2 into line 1 and left line 2 empty.
    let content = json!({"1": "Hello, goodbye", "2": ""}).to_string();
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(completion(&content, "stop")))
        .mount(&server)
        .await;
    let b = backend(&server);
    let r = req("zh", "en", vec![seg("m#1", "你好"), seg("m#2", "再见")]);
    let reply = b.translate(&r).await.unwrap();
    assert_eq!(
        reply.translations,
        vec![("m#1".to_string(), "Hello, goodbye".to_string())],
        "the empty id is left for the scheduler to re-ask"
    );
}

#[tokio::test]
async fn json_schema_rejection_falls_back_and_is_remembered() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(|r: &Request| {
            let body: Value = r.body_json().unwrap_or(Value::Null);
            if body["response_format"]["type"] == "json_schema" {
                ResponseTemplate::new(400).set_body_json(json!({"error": {
                    "message": "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
                    "type": "invalid_request_error", "param": "response_format", "code": null}}))
            } else {
                echo(r)
            }
        })
        .mount(&server)
        .await;
    let b = backend(&server);
    let r = req("zh", "en", vec![seg("f#1", "你好")]);
    let reply = b.translate(&r).await.unwrap();
    assert_eq!(reply.translations, vec![("f#1".into(), "FA(你好)".into())]);
    assert_eq!(b.response_format(), ResponseFormat::JsonObject);
    b.translate(&r).await.unwrap();
    let got = received(&server).await;
    assert_eq!(got.len(), 3, "one rejected, then json_object twice");
    for (i, want) in ["json_schema", "json_object", "json_object"]
        .iter()
        .enumerate()
    {
        let body: Value = got[i].body_json().unwrap();
        assert_eq!(body["response_format"]["type"], *want, "request {i}");
    }
}

#[tokio::test]
async fn refusals_and_errors_are_classified() {
    let server = MockServer::start().await;
    let b = backend(&server);
    let r = req("zh", "en", vec![seg("e#1", "你好")]);
    let refusal = json!({"id": "x", "object": "chat.completion", "choices": [{"index": 0,
        "message": {"role": "assistant", "content": null,
                    "refusal": "I'm sorry, I can't help with that."},
        "finish_reason": "stop"}]});
    let cases: Vec<Case> = vec![
        (
            ResponseTemplate::new(200).set_body_json(refusal),
            |e| matches!(e, BackendError::Refused { reason } if reason.contains("can't help")),
        ),
        (
            ResponseTemplate::new(200).set_body_json(completion("", "content_filter")),
            |e| matches!(e, BackendError::Refused { .. }) && !e.is_retryable(),
        ),
        (
            ResponseTemplate::new(200).set_body_json(completion("Sure! Here is it: no json", "stop")),
            |e| matches!(e, BackendError::Malformed(_)) && e.is_retryable(),
        ),
        (
            ResponseTemplate::new(200).set_body_json(completion("{\"e#1\": \"Hel", "length")),
            |e| matches!(e, BackendError::Malformed(m) if m.contains("output limit")),
        ),
        (
            ResponseTemplate::new(200).set_body_json(json!({"choices": []})),
            |e| matches!(e, BackendError::Malformed(_)),
        ),
        (
            ResponseTemplate::new(429)
                .insert_header("retry-after-ms", "1500")
                .insert_header("retry-after", "2")
                .set_body_json(json!({"error": {"message": "Rate limit reached for requests",
                    "type": "requests", "param": null, "code": "rate_limit_exceeded"}})),
            |e| {
                *e == BackendError::RateLimited {
                    retry_after: Some(Duration::from_millis(1500)),
                }
            },
        ),
        (
            ResponseTemplate::new(429).set_body_json(json!({"error": {
                "message": "You exceeded your current quota, please check your plan and billing details.",
                "type": "insufficient_quota", "param": null, "code": "insufficient_quota"}})),
            |e| matches!(e, BackendError::Quota { status: 429, .. }) && e.is_fatal(),
        ),
        (
            ResponseTemplate::new(401).set_body_json(json!({"error": {
                "message": format!("Incorrect API key provided: {KEY}."),
                "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}})),
            |e| matches!(e, BackendError::Auth { status: Some(401 | 403), .. }),
        ),
        (
            ResponseTemplate::new(404).set_body_json(json!({"error": {
                "message": "The model `gpt-9` does not exist or you do not have access to it.",
                "type": "invalid_request_error", "param": null, "code": "model_not_found"}})),
            |e| matches!(e, BackendError::UnknownModel { status: 404, message } if message.contains("gpt-9")),
        ),
        (
            ResponseTemplate::new(400).set_body_json(json!({"error": {
                "message": "This model's maximum context length is 128000 tokens.",
                "type": "invalid_request_error", "param": "messages", "code": "context_length_exceeded"}})),
            |e| matches!(e, BackendError::Malformed(_)),
        ),
        (
            ResponseTemplate::new(502).set_body_string("Bad gateway"),
            |e| matches!(e, BackendError::Server { status: 502, .. }) && e.is_retryable(),
        ),
    ];
    for (i, (response, check)) in cases.into_iter().enumerate() {
        server.reset().await;
        Mock::given(method("POST"))
            .and(path("/v1/chat/completions"))
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
async fn azure_addressing_and_content_filter() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/openai/deployments/subs-gpt4o/chat/completions"))
        .and(query_param("api-version", "2024-10-21"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": {
            "message": "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
            "type": null, "param": "prompt", "code": "content_filter", "status": 400,
            "innererror": {"code": "ResponsibleAIPolicyViolation",
                "content_filter_result": {"violence": {"filtered": true, "severity": "high"}}}}})))
        .expect(1)
        .mount(&server)
        .await;
    let mut cfg = config(&server);
    cfg.model = String::new();
    cfg.azure = Some(AzureConfig {
        deployment: "subs-gpt4o".into(),
        api_version: "2024-10-21".into(),
    });
    let b = OpenAiBackend::new(cfg).unwrap();
    assert_eq!(b.identity().model.as_deref(), Some("subs-gpt4o"));
    let e = b
        .translate(&req("zh", "en", vec![seg("e#1", "打")]))
        .await
        .unwrap_err();
    assert!(
        matches!(&e, BackendError::Refused { reason } if reason.contains("filtered")),
        "{e:?}"
    );
    let got = received(&server).await;
    assert_eq!(header(&got[0], "api-key"), KEY);
    assert_eq!(
        header(&got[0], "authorization"),
        "",
        "Azure uses api-key, not Bearer"
    );
    let body: Value = got[0].body_json().unwrap();
    assert!(
        body.get("model").is_none(),
        "the deployment names the model"
    );
    assert_eq!(
        b.response_format(),
        ResponseFormat::JsonSchema,
        "a refusal is no format rejection"
    );
}

#[tokio::test]
async fn timeout_and_oversized_reply() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let mut cfg = config(&server);
    cfg.http = quick_http();
    let b = OpenAiBackend::new(cfg).unwrap();
    let r = req("zh", "en", vec![seg("e#1", "你好")]);
    assert_eq!(b.translate(&r).await, Err(BackendError::Timeout));

    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(completion(&"x".repeat(100_000), "stop")),
        )
        .mount(&server)
        .await;
    let mut cfg = config(&server);
    cfg.http.max_response_bytes = 4096;
    let b = OpenAiBackend::new(cfg).unwrap();
    assert!(matches!(
        b.translate(&r).await,
        Err(BackendError::Malformed(m)) if m.contains("larger than 4096")
    ));
}

#[tokio::test]
async fn scheduler_reasks_dropped_ids_and_resume_sends_nothing() {
    let server = MockServer::start().await;
    // First request: rate limited. Second: drops one id and breaks a placeholder. Then honest.
    let body = json!({"error": {"message": "Rate limit reached",
        "type": "requests", "param": null, "code": "rate_limit_exceeded"}});
    rate_limit_first_post(&server, None, body).await;
    Mock::given(method("POST"))
        .respond_with(|r: &Request| {
            let lines = lines_of(r);
            if lines.len() > 1 {
                let content = json!({"1": "FA(一)", "2": "FA(二) without tag"}).to_string();
                ResponseTemplate::new(200).set_body_json(completion(&content, "stop"))
            } else {
                echo(r)
            }
        })
        .with_priority(2)
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(echo)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let memory = dir.path().join("tm.sqlite");
    let segments = vec![
        seg("s#1", "一"),
        seg("s#2", "二<x id=\"1\"/>"),
        seg("s#3", "三"),
    ];
    let first = run_scheduler(Arc::new(backend(&server)), &memory, "zh", "fa", &segments).await;
    let texts: Vec<Option<&str>> = first.outcomes.iter().map(SegmentOutcome::text).collect();
    assert_eq!(
        texts,
        [Some("FA(一)"), Some("FA(二<x id=\"1\"/>)"), Some("FA(三)")]
    );
    let got = received(&server).await;
    assert_eq!(
        got.len(),
        4,
        "429, partial batch, then s#2 and s#3 re-asked alone"
    );
    let mut reasked: Vec<Vec<(String, String)>> = got[2..].iter().map(lines_of).collect();
    reasked.sort();
    assert_eq!(
        reasked,
        vec![
            vec![("1".to_string(), "三".to_string())],
            vec![("1".to_string(), "二<x id=\"1\"/>".to_string())],
        ],
        "each re-asked alone, under request-local id 1"
    );
    assert!(first.stats.prompt_chars > 0 && first.stats.input_tokens > 0);

    let second = run_scheduler(Arc::new(backend(&server)), &memory, "zh", "fa", &segments).await;
    assert_eq!(received(&server).await.len(), 4, "the re-run sends nothing");
    assert_eq!(second.stats.memory_hits, 3);
}

/// OpenAI's rate-limit headers on a *successful* reply: with no requests remaining the backend
/// waits for the next token (`reset ÷ (limit − remaining)`) instead of drawing a 429.
#[tokio::test]
async fn an_empty_request_bucket_in_the_headers_pauses_before_the_next_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(|r: &Request| {
            echo(r)
                .insert_header("x-ratelimit-limit-requests", "2")
                .insert_header("x-ratelimit-remaining-requests", "0")
                .insert_header("x-ratelimit-reset-requests", "1s")
        })
        .mount(&server)
        .await;
    let mut cfg = config(&server);
    cfg.limits.max_segments = 1;
    cfg.limits.concurrency = 1;
    let dir = tempfile::tempdir().unwrap();
    let segments = vec![seg("e#1", "你好"), seg("e#2", "再见")];
    let started = std::time::Instant::now();
    let result = run_scheduler(
        Arc::new(OpenAiBackend::new(cfg).expect("backend")),
        &dir.path().join("tm.sqlite"),
        "zh",
        "fa",
        &segments,
    )
    .await;
    assert_eq!(result.stats.translated, 2);
    assert_eq!(result.stats.rate_limited, 0);
    let got = received(&server).await;
    assert_eq!(got.len(), 2);
    // 2 a second, none left: the second request waited for the next token, 500 ms.
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(500), "{elapsed:?}");
}
