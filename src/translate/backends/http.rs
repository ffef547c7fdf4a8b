//! HTTP plumbing shared by the provider backends (`deepl`, `google`, `libretranslate`, `openai`):
//! client construction, bounded reads, `Retry-After`, and the status → `BackendError` mapping that
//! every provider starts from before adding its own quirks.
//!
//! Choices made once here so the backends cannot drift apart:
//! - TLS is rustls with the `ring` provider, installed process-wide before the first client exists
//!   (reqwest is built with `rustls-no-provider`; without an installed provider building a client
//!   fails at run time — and in tests only sometimes, depending on test order).
//! - Every request has a total timeout (connect + send + whole body) and a connect timeout.
//! - Redirects: at most 5, and only to the same origin. A cross-origin redirect would carry
//!   provider-specific credential headers (`api-key`, `DeepL-Auth-Key` in `Authorization`) to a
//!   host the user never configured; the 3xx is returned as an error instead.
//! - Bodies are read chunk by chunk up to a cap (16 MiB by default): a runaway or hostile server
//!   cannot make the process buffer without bound. Error bodies are only read for an excerpt.
//! - The API key never appears in an error: reqwest errors are stripped of their URL (Google v2
//!   carries the key in the query string) and body excerpts are redacted.
//!
//! `LangTag` (the BCP 47 split every provider derives its language codes from) lives here too, as
//! the one other thing all HTTP backends share.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::{CONTENT_LENGTH, HeaderMap, HeaderName, HeaderValue, RETRY_AFTER};
use reqwest::{Client, Method, Url, redirect};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::translate::BackendError;

/// Largest accepted successful response body.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 << 20;
/// Upper bound on redirects, whatever the configuration says.
pub const MAX_REDIRECTS: usize = 5;
/// How much of an error body is read (the rest is dropped unread).
const ERROR_BODY_BYTES: usize = 64 << 10;
/// Length of a body excerpt in an error.
const EXCERPT_CHARS: usize = 300;
/// A `Retry-After` beyond this is clamped (a day is already "stop for today").
const MAX_RETRY_AFTER: Duration = Duration::from_secs(86_400);

/// A credential. Its `Debug` never shows the value, so configurations can derive `Debug` safely.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value, for building the request that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret(s)
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret(s.to_string())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Transport settings of one backend.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpConfig {
    /// Whole request: connect, send, and read the body.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Redirects followed (same origin only); clamped to `MAX_REDIRECTS`.
    pub max_redirects: usize,
    /// Largest successful response body read; a larger one is `Malformed`.
    pub max_response_bytes: usize,
    pub user_agent: String,
    /// Whether `HTTP(S)_PROXY`/`NO_PROXY` from the environment apply.
    pub env_proxy: bool,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            max_redirects: MAX_REDIRECTS,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            user_agent: concat!("subloc/", env!("CARGO_PKG_VERSION")).to_string(),
            env_proxy: true,
        }
    }
}

/// Installs rustls' `ring` provider as the process default. Idempotent: a second call (or another
/// provider already installed) is fine.
///
/// rustls 0.23.48 deprecates `ring::default_provider` because *ring* offers no post-quantum key
/// exchange (`#[deprecated]` on it in rustls 0.23.48, `src/crypto/ring/mod.rs`). subloc keeps *ring* on
/// purpose: it builds with no C toolchain or CMake beyond what `cargo install` already needs, and
/// the providers subloc talks to (DeepL, Google, LLM servers) are reached over classical TLS 1.3
/// either way. The deprecation is acknowledged here, at its one use, so that a lock refresh
/// (`cargo install` without `--locked`, `cargo update`) cannot turn it into a `clippy -D warnings`
/// failure; moving to the `aws-lc-rs` provider is the way to post-quantum key exchange.
#[allow(deprecated)]
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// A configured client plus the limits to read replies with.
#[derive(Debug, Clone)]
pub struct HttpClient {
    client: Client,
    cfg: HttpConfig,
}

/// A reply read within the caps.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    /// The whole body for a success; at most 64 KiB of it otherwise.
    pub body: Vec<u8>,
}

impl Reply {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// Parses the body as JSON; a wrong shape is `Malformed` (with serde's position, never the
    /// body itself).
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, BackendError> {
        serde_json::from_slice(&self.body)
            .map_err(|e| BackendError::Malformed(format!("reply is not the expected JSON: {e}")))
    }

    /// `Retry-After` (or `retry-after-ms`, which OpenAI and Azure send) as a delay from now.
    pub fn retry_after(&self) -> Option<Duration> {
        retry_after(&self.headers, SystemTime::now())
    }

    /// The provider's rate-limit headers, when it sends them (`rate_hint`).
    pub fn rate_hint(&self) -> Option<crate::translate::RateHint> {
        rate_hint(&self.headers)
    }
}

impl HttpClient {
    pub fn new(cfg: HttpConfig) -> Result<HttpClient, BackendError> {
        install_crypto_provider();
        let max = cfg.max_redirects.min(MAX_REDIRECTS);
        let policy = redirect::Policy::custom(move |attempt| {
            let same = attempt
                .previous()
                .first()
                .is_some_and(|first| same_origin(first, attempt.url()));
            if !same {
                attempt.stop()
            } else if attempt.previous().len() > max {
                attempt.error("too many redirects")
            } else {
                attempt.follow()
            }
        });
        let mut builder = Client::builder()
            .user_agent(cfg.user_agent.clone())
            .timeout(cfg.timeout)
            .connect_timeout(cfg.connect_timeout.min(cfg.timeout))
            .redirect(policy);
        if !cfg.env_proxy {
            builder = builder.no_proxy();
        }
        let client = builder
            .build()
            .map_err(|e| BackendError::Fatal(format!("HTTP client: {}", error_chain(&e))))?;
        Ok(HttpClient { client, cfg })
    }

    pub fn config(&self) -> &HttpConfig {
        &self.cfg
    }

    /// POSTs `body` as JSON.
    pub async fn post_json<T: Serialize + ?Sized>(
        &self,
        url: Url,
        headers: HeaderMap,
        body: &T,
    ) -> Result<Reply, BackendError> {
        let rb = self
            .client
            .request(Method::POST, url)
            .headers(headers)
            .json(body);
        self.read(rb).await
    }

    /// POSTs raw bytes with the given `Content-Type` (media uploads such as a glossary file).
    pub async fn post_bytes(
        &self,
        url: Url,
        headers: HeaderMap,
        content_type: &'static str,
        body: Vec<u8>,
    ) -> Result<Reply, BackendError> {
        let rb = self
            .client
            .request(Method::POST, url)
            .headers(headers)
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .body(body);
        self.read(rb).await
    }

    pub async fn get(&self, url: Url, headers: HeaderMap) -> Result<Reply, BackendError> {
        let rb = self.client.request(Method::GET, url).headers(headers);
        self.read(rb).await
    }

    async fn read(&self, rb: reqwest::RequestBuilder) -> Result<Reply, BackendError> {
        let mut resp = rb.send().await.map_err(transport_error)?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let success = (200..300).contains(&status);
        let cap = if success {
            self.cfg.max_response_bytes
        } else {
            ERROR_BODY_BYTES.min(self.cfg.max_response_bytes)
        };
        let too_large = || {
            BackendError::Malformed(format!(
                "reply larger than {} bytes",
                self.cfg.max_response_bytes
            ))
        };
        // Refuse before reading when the server announces the size.
        if success && declared_length(&headers).is_some_and(|len| len > cap as u64) {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(transport_error)? {
            let room = cap.saturating_sub(body.len());
            if chunk.len() > room {
                if success {
                    return Err(too_large());
                }
                // An error body only feeds an excerpt: keep the head, drop the rest unread.
                body.extend_from_slice(chunk.get(..room).unwrap_or(&[]));
                break;
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Reply {
            status,
            headers,
            body,
        })
    }
}

fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// The message of an error and its sources, without any URL.
fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut src = e.source();
    let mut depth = 0;
    while let Some(s) = src {
        if depth >= 4 {
            break;
        }
        out.push_str(": ");
        out.push_str(&s.to_string());
        src = s.source();
        depth += 1;
    }
    out
}

/// Classifies a transport failure. The URL is removed first: it may carry an API key.
pub fn transport_error(e: reqwest::Error) -> BackendError {
    if e.is_timeout() {
        return BackendError::Timeout;
    }
    let redirect = e.is_redirect();
    let e = e.without_url();
    if redirect {
        return BackendError::Fatal(format!("redirect: {}", error_chain(&e)));
    }
    BackendError::Network(error_chain(&e))
}

/// Joins a configured base URL and an API path (`https://host/prefix` + `/v2/translate`).
/// Only `http` and `https` are accepted.
pub fn join_url(base: &str, path: &str) -> Result<Url, BackendError> {
    let joined = format!(
        "{}/{}",
        base.trim().trim_end_matches('/'),
        path.trim_start_matches('/')
    );
    let url = Url::parse(&joined)
        .map_err(|e| BackendError::Fatal(format!("invalid backend URL {base:?}: {e}")))?;
    match url.scheme() {
        "http" | "https" => Ok(url),
        other => Err(BackendError::Fatal(format!(
            "backend URL scheme {other:?} is not http or https"
        ))),
    }
}

/// A configured endpoint as it may be shown: without user name, password, query or fragment
/// (Google v2 and some gateways carry keys there). Unparsable text is shown as given up to its
/// first `?` or `#`, after the last `@` of its authority.
pub fn display_url(base: &str) -> String {
    match Url::parse(base.trim()) {
        Ok(mut u) => {
            let _ = u.set_username("");
            let _ = u.set_password(None);
            u.set_query(None);
            u.set_fragment(None);
            u.to_string().trim_end_matches('/').to_string()
        }
        Err(_) => {
            let cut = base.split(['?', '#']).next().unwrap_or("");
            match cut.split_once("://") {
                Some((scheme, rest)) => {
                    let rest = rest.rsplit_once('@').map_or(rest, |(_, r)| r);
                    format!("{scheme}://{rest}")
                }
                None => cut.to_string(),
            }
        }
    }
}

/// Whether `base` is a plain `http://` URL to a host that is not this machine (`localhost`,
/// 127.0.0.0/8, ::1): a key sent there crosses the network readable by anyone on the way.
pub fn is_insecure_remote(base: &str) -> bool {
    let Ok(u) = Url::parse(base.trim()) else {
        return false;
    };
    if u.scheme() != "http" {
        return false;
    }
    let Some(host) = u.host_str() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    match host.parse::<std::net::IpAddr>() {
        Ok(ip) => !ip.is_loopback(),
        Err(_) => {
            let d = host.trim_end_matches('.').to_ascii_lowercase();
            !(d == "localhost" || d.ends_with(".localhost"))
        }
    }
}

/// A header value from a credential, marked sensitive (never shown by `Debug`).
pub fn secret_header(value: &str) -> Result<HeaderValue, BackendError> {
    let mut v = HeaderValue::from_str(value).map_err(|_| {
        BackendError::Fatal("the API key contains characters not allowed in an HTTP header".into())
    })?;
    v.set_sensitive(true);
    Ok(v)
}

/// Extra configured headers (`name: value`), validated once at construction.
pub fn extra_headers(pairs: &[(String, String)]) -> Result<HeaderMap, BackendError> {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        let n = HeaderName::from_bytes(name.trim().as_bytes())
            .map_err(|_| BackendError::Fatal(format!("invalid HTTP header name {name:?}")))?;
        let mut v = HeaderValue::from_str(value.trim())
            .map_err(|_| BackendError::Fatal(format!("invalid value for HTTP header {name:?}")))?;
        // Configured headers often carry tokens; never print them.
        v.set_sensitive(true);
        map.insert(n, v);
    }
    Ok(map)
}

/// The first `EXCERPT_CHARS` characters of a body, whitespace collapsed, with `secret` redacted.
pub fn excerpt(body: &[u8], secret: &str) -> String {
    // Redact before cutting: cutting first can leave the head of a key at the cut.
    let text = redact(&String::from_utf8_lossy(body), secret);
    let mut out = String::new();
    let mut count = 0usize;
    let mut last_space = true;
    for c in text.chars() {
        if count >= EXCERPT_CHARS * 4 {
            break;
        }
        let c = if c.is_whitespace() || c.is_control() {
            ' '
        } else {
            c
        };
        if c == ' ' && last_space {
            continue;
        }
        last_space = c == ' ';
        out.push(c);
        count += 1;
    }
    let redacted = redact(out.trim_end(), secret);
    redacted.chars().take(EXCERPT_CHARS).collect()
}

/// Replaces every occurrence of `secret` in `text` (keys shorter than 4 characters are not worth
/// the false positives and are not real keys).
pub fn redact(text: &str, secret: &str) -> String {
    if secret.chars().count() < 4 {
        return text.to_string();
    }
    text.replace(secret, "***")
}

/// The provider's own words in an error body: the `message` (DeepL, LibreTranslate's `error`),
/// `error.message` (OpenAI, Google), `detail` or `error` string field of a JSON body, else a
/// short excerpt of the body; redacted of `secret` either way.
pub fn provider_message(body: &[u8], secret: &str) -> String {
    let json: Option<serde_json::Value> = serde_json::from_slice(body).ok();
    let field = json.as_ref().and_then(|v| {
        let str_at = |ptr: &str| {
            v.pointer(ptr)
                .and_then(|m| m.as_str())
                .filter(|m| !m.trim().is_empty())
        };
        str_at("/error/message")
            .or_else(|| str_at("/message"))
            .or_else(|| str_at("/detail"))
            .or_else(|| str_at("/error"))
            .map(str::to_string)
    });
    match field {
        Some(m) => excerpt(m.as_bytes(), secret),
        None => excerpt(body, secret),
    }
}

/// Whether an error body says the account's quota or credit is used up, as opposed to a
/// short-term rate limit (OpenAI `insufficient_quota`, "quota exceeded", "billing").
pub fn says_quota(body: &[u8]) -> bool {
    let lower = String::from_utf8_lossy(body).to_ascii_lowercase();
    // A per-minute quota (Google's "characters per minute") is a rate limit: it clears itself.
    let short_term = ["per minute", "per second", "rate limit"]
        .iter()
        .any(|n| lower.contains(n));
    !short_term
        && [
            "insufficient_quota",
            "quota exceeded",
            "quota exhausted",
            "exceeded your current quota",
        ]
        .iter()
        .any(|n| lower.contains(n))
}

/// The common status mapping: 401/403 → `Auth`, 402 and a 429 whose body names the quota →
/// `Quota`, other 429 → `RateLimited`, 404 → `UnknownModel` when the message names a model and
/// `NotFound` otherwise (a wrong URL or model does not fix itself), anything else → `Server`;
/// every message is the provider's own, redacted.
pub fn status_error(reply: &Reply, secret: &str) -> BackendError {
    let message = || provider_message(&reply.body, secret);
    match reply.status {
        429 if says_quota(&reply.body) => BackendError::Quota {
            status: 429,
            message: message(),
        },
        429 => BackendError::RateLimited {
            retry_after: reply.retry_after(),
        },
        402 => BackendError::Quota {
            status: 402,
            message: message(),
        },
        status @ (401 | 403) => BackendError::Auth {
            status: Some(status),
            message: message(),
        },
        404 => {
            let message = message();
            if message.to_ascii_lowercase().contains("model") {
                BackendError::UnknownModel {
                    status: 404,
                    message,
                }
            } else {
                BackendError::NotFound {
                    status: 404,
                    message,
                }
            }
        }
        status => BackendError::Server {
            status,
            body_excerpt: excerpt(&reply.body, secret),
        },
    }
}

/// What kind of network failure a `BackendError::Network` detail describes, for advice: the
/// transport's words are all there is (reqwest and hyper do not type DNS or TLS failures), so
/// this reads them. `connection-refused`, `dns`, `tls`, else `network`.
pub fn network_fault(detail: &str) -> &'static str {
    let d = detail.to_ascii_lowercase();
    if d.contains("dns error")
        || d.contains("failed to lookup address")
        || d.contains("name or service not known")
        || d.contains("no such host")
    {
        "dns"
    } else if d.contains("certificate")
        || d.contains("tls")
        || d.contains("handshake")
        || d.contains("invalid peer")
        || d.contains("corrupt message")
    {
        "tls"
    } else if d.contains("connection refused")
        || d.contains("os error 111")
        || d.contains("os error 61")
    {
        "connection-refused"
    } else {
        "network"
    }
}

/// The delay a reply asks for: `retry-after-ms` (milliseconds, OpenAI/Azure) or `Retry-After`
/// (seconds or an HTTP date), relative to `now`; without either, the time until the provider's
/// request bucket holds a token again when its rate-limit headers say it is empty
/// (`rate_hint`). Clamped to one day.
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let ms = headers
        .get("retry-after-ms")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite() && *v >= 0.0);
    if let Some(ms) = ms {
        return Some(Duration::from_secs_f64(
            (ms / 1000.0).min(MAX_RETRY_AFTER.as_secs_f64()),
        ));
    }
    match headers.get(RETRY_AFTER).and_then(|v| v.to_str().ok()) {
        Some(value) => parse_retry_after(value, now),
        // A zero wait says nothing: the scheduler's backoff is better than an instant retry.
        None => rate_hint(headers)
            .filter(|h| h.remaining == 0 && !h.next_token.is_zero())
            .map(|h| h.next_token),
    }
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
}

fn header_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    header_str(headers, name).and_then(|v| v.parse::<u64>().ok())
}

/// What a reply's rate-limit headers say about the provider's *request* bucket:
/// - OpenAI (and Azure, Groq, OpenRouter and other compatible servers):
///   `x-ratelimit-remaining-requests`, `x-ratelimit-reset-requests` (a Go-style duration such as
///   `1s`, `6m0s`, `12ms`: the time until the bucket is full again) and
///   `x-ratelimit-limit-requests` (<https://platform.openai.com/docs/guides/rate-limits>, "Rate
///   limits in headers"). The bucket refills evenly, so with `remaining` 0 the next request is
///   one `reset / (limit - remaining)` away.
/// - The IETF fields (draft-ietf-httpapi-ratelimit-headers): `RateLimit-Remaining` with
///   `RateLimit-Reset` (delta seconds) from the earlier drafts, or the structured
///   `RateLimit: "name";r=0;t=10` of the later ones — a window that reopens all at once, so the
///   next request is `reset` away.
///
/// DeepL documents no such headers (only 429, with "retry with exponential backoff",
/// <https://developers.deepl.com/docs/best-practices/error-handling>), so for it this is `None`.
/// Token buckets (`x-ratelimit-*-tokens`) are left to the characters-per-minute limit.
pub fn rate_hint(headers: &HeaderMap) -> Option<crate::translate::RateHint> {
    use crate::translate::RateHint;
    if let Some(remaining) = header_u64(headers, "x-ratelimit-remaining-requests") {
        let reset = header_str(headers, "x-ratelimit-reset-requests")
            .and_then(parse_go_duration)
            .unwrap_or(Duration::ZERO);
        let missing = header_u64(headers, "x-ratelimit-limit-requests")
            .map(|l| l.saturating_sub(remaining).max(1))
            .unwrap_or(1);
        let per = u32::try_from(missing).unwrap_or(u32::MAX);
        return Some(RateHint {
            remaining,
            next_token: (reset / per).min(MAX_RETRY_AFTER),
        });
    }
    if let Some(remaining) = header_u64(headers, "ratelimit-remaining") {
        let reset = header_str(headers, "ratelimit-reset")
            .and_then(|v| v.parse::<u64>().ok())
            .map(Duration::from_secs)
            .unwrap_or(Duration::ZERO);
        return Some(RateHint {
            remaining,
            next_token: reset.min(MAX_RETRY_AFTER),
        });
    }
    // `RateLimit: "default";r=50;t=30` (several policies: the first one is the closest limit).
    let item = header_str(headers, "ratelimit")?.split(',').next()?;
    let param = |key: &str| {
        item.split(';').skip(1).find_map(|p| {
            let (k, v) = p.split_once('=')?;
            (k.trim() == key).then(|| v.trim().parse::<u64>().ok())?
        })
    };
    let remaining = param("r")?;
    Some(RateHint {
        remaining,
        next_token: Duration::from_secs(param("t").unwrap_or(0)).min(MAX_RETRY_AFTER),
    })
}

/// Parses a Go-style duration as OpenAI writes it: `1s`, `6m0s`, `12ms`, `1h2m3.5s`, `250us`.
fn parse_go_duration(text: &str) -> Option<Duration> {
    let mut rest = text.trim();
    if rest.is_empty() {
        return None;
    }
    let mut secs = 0.0f64;
    while !rest.is_empty() {
        let n = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let value: f64 = rest.get(..n)?.parse().ok()?;
        rest = rest.get(n..)?;
        let u = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let scale = match rest.get(..u)? {
            "h" => 3600.0,
            "m" => 60.0,
            "s" => 1.0,
            "ms" => 1e-3,
            "us" | "µs" => 1e-6,
            "ns" => 1e-9,
            _ => return None,
        };
        rest = rest.get(u..)?;
        secs += value * scale;
    }
    (secs.is_finite() && secs >= 0.0)
        .then(|| Duration::from_secs_f64(secs.min(MAX_RETRY_AFTER.as_secs_f64())))
}

/// Parses a `Retry-After` value: delta-seconds (a decimal fraction is tolerated) or an HTTP date
/// (IMF-fixdate, RFC 850 or asctime, RFC 9110 §5.6.7). A date in the past means "now".
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    if v.bytes().all(|b| b.is_ascii_digit()) {
        let secs = v.parse::<u64>().unwrap_or(u64::MAX);
        return Some(Duration::from_secs(secs).min(MAX_RETRY_AFTER));
    }
    if let Ok(f) = v.parse::<f64>() {
        if f.is_finite() && f >= 0.0 {
            return Some(Duration::from_secs_f64(
                f.min(MAX_RETRY_AFTER.as_secs_f64()),
            ));
        }
        return None;
    }
    let at = parse_http_date(v)?;
    Some(
        at.duration_since(now)
            .unwrap_or(Duration::ZERO)
            .min(MAX_RETRY_AFTER),
    )
}

/// Parses the three HTTP date forms (always GMT).
pub fn parse_http_date(s: &str) -> Option<SystemTime> {
    let s = s.trim();
    let (weekday, rest) = s.split_once([',', ' '])?;
    if weekday.is_empty() || !weekday.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let toks: Vec<&str> = rest.split([' ', '-']).filter(|t| !t.is_empty()).collect();
    let (day, month, year, time) = match toks.as_slice() {
        // IMF-fixdate `06 Nov 1994 08:49:37 GMT`, RFC 850 `06-Nov-94 08:49:37 GMT`.
        [d, m, y, t, "GMT"] => (*d, *m, *y, *t),
        // asctime `Nov  6 08:49:37 1994`.
        [m, d, t, y] => (*d, *m, *y, *t),
        _ => return None,
    };
    let day: u32 = parse_digits(day, 1, 2)?;
    let month = MONTHS.iter().position(|m| *m == month)? as u32 + 1;
    let mut year: i64 = i64::from(parse_digits(year, 2, 4)?);
    if year < 100 {
        // RFC 850 two-digit years: RFC 9110 says to read them as the most recent past century
        // that is not more than 50 years in the future; 70 is the usual cut.
        year += if year >= 70 { 1900 } else { 2000 };
    }
    let mut hms = time.split(':');
    let h: u32 = parse_digits(hms.next()?, 2, 2)?;
    let mi: u32 = parse_digits(hms.next()?, 2, 2)?;
    let se: u32 = parse_digits(hms.next()?, 2, 2)?;
    if hms.next().is_some() || h > 23 || mi > 59 || se > 60 || day == 0 || day > 31 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + i64::from(h) * 3600 + i64::from(mi) * 60 + i64::from(se);
    let secs = u64::try_from(secs).ok()?;
    UNIX_EPOCH.checked_add(Duration::from_secs(secs))
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn parse_digits(s: &str, min: usize, max: usize) -> Option<u32> {
    if s.len() < min || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let d = i64::from(d);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Strips a Markdown code fence (```` ```json … ``` ````) around a reply, as LLMs add one even
/// when asked for bare JSON.
pub fn strip_code_fence(s: &str) -> &str {
    let t = s.trim();
    let Some(rest) = t.strip_prefix("```") else {
        return t;
    };
    // Drop the info string (`json`) up to the first newline.
    let rest = match rest.find('\n') {
        Some(nl) => rest.get(nl + 1..).unwrap_or(""),
        None => rest,
    };
    rest.trim_end().strip_suffix("```").unwrap_or(rest).trim()
}

/// A BCP 47 tag split into the parts providers key their codes by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LangTag {
    /// Lowercase language subtag (`zh`, `pt`, `ace`).
    pub lang: String,
    /// Titlecase script (`Hant`), if given.
    pub script: Option<String>,
    /// Uppercase region (`BR`, `419`), if given.
    pub region: Option<String>,
}

impl LangTag {
    /// Parses through `unic-langid` (accepts `_` separators and any case); `None` when invalid.
    pub fn parse(tag: &str) -> Option<LangTag> {
        let id: unic_langid::LanguageIdentifier = tag.trim().parse().ok()?;
        let lang = id.language.as_str().to_ascii_lowercase();
        if lang == "und" {
            return None;
        }
        Some(LangTag {
            lang,
            script: id.script.map(|s| s.as_str().to_string()),
            region: id.region.map(|r| r.as_str().to_ascii_uppercase()),
        })
    }

    /// Whether a Chinese tag means the traditional script: `Hant` explicitly, or a region that
    /// writes it (Taiwan, Hong Kong, Macao) without a script.
    pub fn is_traditional_chinese(&self) -> bool {
        match self.script.as_deref() {
            Some(s) => s.eq_ignore_ascii_case("hant"),
            None => matches!(self.region.as_deref(), Some("TW" | "HK" | "MO")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = at(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after(" 1.5 ", now),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Sunday, 06-Nov-94 08:49:47 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Sun Nov  6 08:49:42 1994", now),
            Some(Duration::from_secs(5))
        );
        // In the past: retry now.
        assert_eq!(
            parse_retry_after("Sat, 05 Nov 1994 08:49:37 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(MAX_RETRY_AFTER)
        );
        for bad in [
            "",
            "-3",
            "soon",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 1:2:3 GMT",
        ] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad:?}");
        }
    }

    #[test]
    fn http_date_matches_known_epoch_values() {
        assert_eq!(
            parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"),
            Some(UNIX_EPOCH)
        );
        assert_eq!(
            parse_http_date("Tue, 29 Feb 2028 12:00:00 GMT"),
            Some(at(1_835_438_400))
        );
    }

    #[test]
    fn retry_after_ms_header_wins() {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("10"));
        h.insert("retry-after-ms", HeaderValue::from_static("250"));
        assert_eq!(retry_after(&h, at(0)), Some(Duration::from_millis(250)));
        h.remove("retry-after-ms");
        assert_eq!(retry_after(&h, at(0)), Some(Duration::from_secs(10)));
    }

    #[test]
    fn excerpt_never_shows_the_head_of_a_key_at_the_cut() {
        let key = "sk-SECRET-0123456789abcdefghij";
        // The key repeated so that an early cut would fall inside one of its copies.
        let body = format!("{} {key}", key.repeat(40));
        let e = excerpt(body.as_bytes(), key);
        assert!(!e.contains("sk-SECRET"), "{e}");
        assert!(e.contains("***"));
    }

    #[test]
    fn excerpt_is_short_and_redacted() {
        let body = format!("error:\n\n  key sk-SECRET123 rejected {}", "x".repeat(1000));
        let e = excerpt(body.as_bytes(), "sk-SECRET123");
        assert!(e.starts_with("error: key *** rejected xx"), "{e}");
        assert_eq!(e.chars().count(), 300);
        assert!(!e.contains("SECRET"));
    }

    #[test]
    fn urls_join_and_schemes_are_checked() {
        assert_eq!(
            join_url("https://api.deepl.com/", "/v2/translate")
                .map(|u| u.to_string())
                .ok(),
            Some("https://api.deepl.com/v2/translate".to_string())
        );
        assert_eq!(
            join_url("http://127.0.0.1:8080/prefix", "v1/chat/completions")
                .map(|u| u.to_string())
                .ok(),
            Some("http://127.0.0.1:8080/prefix/v1/chat/completions".to_string())
        );
        assert!(matches!(
            join_url("file:///etc", "x"),
            Err(BackendError::Fatal(_))
        ));
        assert!(matches!(
            join_url("not a url", "x"),
            Err(BackendError::Fatal(_))
        ));
    }

    #[test]
    fn urls_are_shown_without_credentials() {
        assert_eq!(
            display_url("https://user:pw@example.com/v1/?key=SECRET#x"),
            "https://example.com/v1"
        );
        assert_eq!(display_url("not a url?key=1"), "not a url");
        assert!(is_insecure_remote("http://192.0.2.10:8080/v1"));
        assert!(is_insecure_remote("http://translate.example.com"));
        for fine in [
            "http://127.0.0.1:5000",
            "http://localhost:11434/v1",
            "http://[::1]:8080",
            "https://192.0.2.10",
        ] {
            assert!(!is_insecure_remote(fine), "{fine}");
        }
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn go_durations_as_openai_writes_them() {
        let d = |s| parse_go_duration(s);
        assert_eq!(d("1s"), Some(Duration::from_secs(1)));
        assert_eq!(d("6m0s"), Some(Duration::from_secs(360)));
        assert_eq!(d("12ms"), Some(Duration::from_millis(12)));
        assert_eq!(d("1h2m3.5s"), Some(Duration::from_millis(3_723_500)));
        assert_eq!(d("250us"), Some(Duration::from_micros(250)));
        for bad in ["", "s", "12", "1x", "1.2.3s", "-1s"] {
            assert_eq!(d(bad), None, "{bad}");
        }
    }

    #[test]
    fn rate_limit_headers_of_openai_and_the_ietf_draft() {
        use crate::translate::RateHint;
        // OpenAI: 60 a minute, none left, full again in 60 s → the next one in 1 s.
        let h = headers(&[
            ("x-ratelimit-limit-requests", "60"),
            ("x-ratelimit-remaining-requests", "0"),
            ("x-ratelimit-reset-requests", "1m0s"),
        ]);
        let hint = RateHint {
            remaining: 0,
            next_token: Duration::from_secs(1),
        };
        assert_eq!(rate_hint(&h), Some(hint));
        // A 429 without Retry-After waits for that token, not a blind backoff.
        assert_eq!(
            retry_after(&h, at(0)),
            Some(Duration::from_secs(1)),
            "rate headers stand in for Retry-After"
        );
        let mut with = h.clone();
        with.insert(RETRY_AFTER, HeaderValue::from_static("3"));
        assert_eq!(retry_after(&with, at(0)), Some(Duration::from_secs(3)));
        // Requests left: a hint, not a pause.
        let h = headers(&[
            ("x-ratelimit-limit-requests", "5000"),
            ("x-ratelimit-remaining-requests", "4999"),
            ("x-ratelimit-reset-requests", "12ms"),
        ]);
        assert_eq!(rate_hint(&h).map(|r| r.remaining), Some(4999));
        assert_eq!(retry_after(&h, at(0)), None);
        // IETF, earlier drafts: a window that reopens in 7 s.
        let h = headers(&[("ratelimit-remaining", "0"), ("ratelimit-reset", "7")]);
        assert_eq!(
            rate_hint(&h),
            Some(RateHint {
                remaining: 0,
                next_token: Duration::from_secs(7)
            })
        );
        // IETF, structured field.
        let h = headers(&[("ratelimit", "\"default\";r=0;t=30, \"daily\";r=900;t=8000")]);
        assert_eq!(
            rate_hint(&h),
            Some(RateHint {
                remaining: 0,
                next_token: Duration::from_secs(30)
            })
        );
        // Nothing usable: no hint.
        assert_eq!(rate_hint(&headers(&[("ratelimit", "\"x\";t=3")])), None);
        assert_eq!(rate_hint(&HeaderMap::new()), None);
    }

    #[test]
    fn code_fences_are_stripped() {
        assert_eq!(strip_code_fence("```json\n{\"a\":1}\n```"), "{\"a\":1}");
        assert_eq!(strip_code_fence("```\n{}\n```\n"), "{}");
        assert_eq!(strip_code_fence("  {\"a\":1} "), "{\"a\":1}");
        assert_eq!(strip_code_fence("```"), "");
    }

    #[test]
    fn secrets_do_not_debug_print() {
        let s = Secret::new("abc-123");
        assert_eq!(format!("{s:?}"), "Secret(***)");
        assert_eq!(s.expose(), "abc-123");
    }

    #[test]
    fn status_mapping() {
        let reply = |status: u16, body: &str| Reply {
            status,
            headers: HeaderMap::new(),
            body: body.as_bytes().to_vec(),
        };
        assert_eq!(
            status_error(&reply(401, r#"{"message":"Wrong key k"}"#), "kkkk"),
            BackendError::Auth {
                status: Some(401),
                message: "Wrong key k".into()
            }
        );
        assert_eq!(
            status_error(
                &reply(
                    429,
                    r#"{"error":{"code":"insufficient_quota","message":"You exceeded your current quota"}}"#
                ),
                "k"
            ),
            BackendError::Quota {
                status: 429,
                message: "You exceeded your current quota".into()
            }
        );
        assert!(matches!(
            status_error(
                &reply(
                    404,
                    r#"{"error":"model \"x\" not found, try pulling it first"}"#
                ),
                "k"
            ),
            BackendError::UnknownModel { status: 404, .. }
        ));
        assert_eq!(
            status_error(&reply(429, ""), "k"),
            BackendError::RateLimited { retry_after: None }
        );
        assert!(matches!(
            status_error(&reply(404, "nope"), "k"),
            BackendError::NotFound { status: 404, .. }
        ));
        assert_eq!(
            status_error(&reply(502, "bad gateway"), "k"),
            BackendError::Server {
                status: 502,
                body_excerpt: "bad gateway".into()
            }
        );
    }
}
