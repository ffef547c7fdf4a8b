//! Helpers shared by the HTTP backend tests (`backend_*`): segments, requests, a transport
//! configuration for loopback servers, a first request rate-limited the provider's way, and a
//! scheduler run against a memory in a temp dir.
//! Every server is a wiremock `MockServer` bound to 127.0.0.1; traffic stays on loopback.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use subloc::translate::http::HttpConfig;
use subloc::translate::memory::SqliteMemory;
use subloc::translate::scheduler::{RunConfig, RunResult, Scheduler};
use subloc::translate::{Backend, BackendError, BatchRequest, Segment, SegmentContext};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// An error-case table row: what the server answers, and what the error must look like.
pub type Case = (ResponseTemplate, fn(&BackendError) -> bool);

pub fn seg(id: &str, text: &str) -> Segment {
    Segment {
        id: id.into(),
        text: text.into(),
        context: SegmentContext::default(),
    }
}

pub fn req(source: &str, target: &str, segments: Vec<Segment>) -> BatchRequest {
    BatchRequest {
        source_lang: source.into(),
        target_lang: target.into(),
        segments,
        synopsis: None,
        glossary_id: None,
    }
}

/// Transport for tests: no proxies from the environment (loopback only), short timeouts.
pub fn http() -> HttpConfig {
    HttpConfig {
        timeout: Duration::from_secs(10),
        connect_timeout: Duration::from_secs(2),
        env_proxy: false,
        ..HttpConfig::default()
    }
}

/// Transport whose requests time out after 200 ms.
pub fn quick_http() -> HttpConfig {
    HttpConfig {
        timeout: Duration::from_millis(200),
        ..http()
    }
}

/// Requests the server received (none when recording is off, which these tests never do).
pub async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.unwrap_or_default()
}

/// The header's value as text ("" when absent).
pub fn header(r: &wiremock::Request, name: &str) -> String {
    r.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// Asserts that neither the error's `Display` nor its `Debug` form carries `secret`.
pub fn assert_no_secret(e: &BackendError, secret: &str) {
    assert!(!format!("{e}").contains(secret), "{e}");
    assert!(!format!("{e:?}").contains(secret), "{e:?}");
}

/// Runs the scheduler over `segments` with a SQLite memory at `memory` (fast backoff).
pub async fn run_scheduler(
    backend: Arc<dyn Backend>,
    memory: &Path,
    source: &str,
    target: &str,
    segments: &[Segment],
) -> RunResult {
    let mem = Arc::new(SqliteMemory::open(memory).expect("open memory"));
    let mut cfg = RunConfig::new(source, target);
    cfg.backoff_base = Duration::from_millis(10);
    cfg.backoff_max = Duration::from_millis(100);
    cfg.jitter_seed = 11;
    Scheduler::new(backend)
        .with_memory(mem)
        .run(&cfg, segments)
        .await
        .expect("run starts")
}

/// Answers the first POST (to `route`, or to any path) with 429, `Retry-After: 1` and the
/// provider's own error `body`; later requests fall through to the server's other mocks.
pub async fn rate_limit_first_post(
    server: &MockServer,
    route: Option<&str>,
    body: serde_json::Value,
) {
    let mock = match route {
        Some(r) => Mock::given(method("POST")).and(path(r)),
        None => Mock::given(method("POST")),
    };
    mock.respond_with(
        ResponseTemplate::new(429)
            .insert_header("Retry-After", "1")
            .set_body_json(body),
    )
    .with_priority(1)
    .up_to_n_times(1)
    .mount(server)
    .await;
}
