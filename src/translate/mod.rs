//! The translation engine's contract: the `Backend` trait every provider implements, and the data
//! that crosses it (`Segment`, `BatchRequest`, `BatchReply`, `BackendError`, `BatchLimits`).
//!
//! A backend only maps a batch of segments to one provider request and its answer back. Everything
//! else — placeholders (`segment`), the translation memory (`memory`), de-duplication, batching,
//! concurrency, rate limits, retries, bisection and fallback (`scheduler`), cost estimates (`cost`)
//! — lives here once, so the vendor backends (`backends`) stay small and behave alike. The
//! placeholder syntax that segment texts carry is described in `segment`;
//! `backends::placeholder_html` maps it to HTML for the engines that take HTML input.

pub mod backends;
pub mod cost;
pub mod memory;
mod outcome;
mod pace;

pub use pace::interrupted;
pub mod scheduler;
pub mod segment;

// The vendors' old paths (`translate::deepl`, …), kept for `tests/`, `benches/`, `fuzz/` and the
// modules that name them.
pub use backends::{
    command, deepl, google, http, libretranslate, openai, placeholder_html, pseudo,
};

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// The future a backend returns: boxed so the trait stays object-safe (`Arc<dyn Backend>`).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A backend that keeps a provider-side glossary in step with `glossary.yaml` (DeepL, Google
/// v3): before a run, one sync per target language gives the id for `RunConfig::glossary_id`.
pub trait GlossarySync: Send + Sync {
    /// Makes sure the provider holds exactly `entries` (source term, rendering) for the pair and
    /// returns the glossary id; `None` when there is nothing to sync.
    fn sync<'a>(
        &'a self,
        source_lang: &'a str,
        target_lang: &'a str,
        entries: &'a [(String, String)],
    ) -> BoxFuture<'a, Result<Option<String>, BackendError>>;
}

/// One unit of translation: a cue's text with its markup and fixed terms replaced by placeholders.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Segment {
    /// Stable across runs and unique within a batch: `"<episode-stem>#<cue id>"`. Backends key the
    /// provider request by it (LLM JSON keys, XLIFF unit ids) and answer with it.
    pub id: String,
    /// Source text with placeholders (`<x id="1"/>`, `<g id="2">…</g>`; see `segment`). Literal
    /// `<`, `>` and `&` of the source are escaped as `&lt;`, `&gt;`, `&amp;`, so the text is valid
    /// XML content and can go to DeepL with `tag_handling=xml` unchanged.
    pub text: String,
    /// What a translator needs to know but must not translate.
    pub context: SegmentContext,
}

/// Context that travels beside a segment, never inside its text.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct SegmentContext {
    /// Speaker (ASS Name/Actor, WebVTT voice) — for gender and politeness agreement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// Up to two preceding cues' plain source text, nearest last.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub before: Vec<String>,
    /// The following cue's plain source text (at most one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<String>,
    /// Length budget for the translation in characters (from the target platform), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_chars: Option<u32>,
    /// Glossary terms present in this segment (fixed ones are also `<g>` placeholders).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<TermHint>,
    /// What the segment's markup placeholders stand for (pairs, kinds, original markup), for
    /// interchange formats that show codes to people (XLIFF). Derived from the mask, so never
    /// sent to engines nor stored.
    #[serde(skip)]
    pub codes: Vec<segment::CodeInfo>,
}

/// A glossary term found in a segment, for prompts and notes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TermHint {
    /// The source form as it occurs.
    pub source: String,
    /// The approved rendering in the target language (`None` when the glossary has none yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Definition or note for translators.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One request's worth of segments for one language pair.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BatchRequest {
    /// BCP 47 tag (`zh-Hans`, `zh`, `en`).
    pub source_lang: String,
    /// BCP 47 tag (`fa`, `en-US`, `pt-BR`); the backend maps it to the provider's code.
    pub target_lang: String,
    pub segments: Vec<Segment>,
    /// Series synopsis for LLM prompts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub synopsis: Option<String>,
    /// Provider-side glossary id (DeepL glossary, Google glossary resource), when synced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub glossary_id: Option<String>,
}

impl BatchRequest {
    /// Characters of all segment texts (what character-billed providers charge for).
    pub fn text_chars(&self) -> u64 {
        self.segments
            .iter()
            .map(|s| s.text.chars().count() as u64)
            .sum()
    }
}

/// A backend's answer. It may be partial: the scheduler re-asks missing ids alone, ignores (and
/// counts) ids it did not ask for, and checks every translation's placeholders.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BatchReply {
    /// (segment id, translated text with placeholders), in any order.
    pub translations: Vec<(String, String)>,
    /// Characters the provider bills for this request (source characters for MT providers; the
    /// segment texts' characters for LLMs, so the ratio to unique source characters is comparable).
    pub billed_chars: u64,
    /// Characters of prompt overhead sent beside the texts (instructions, context, JSON keys);
    /// 0 for MT providers.
    pub prompt_chars: u64,
    /// Token usage when the provider reports it (LLMs).
    pub usage: Option<TokenUsage>,
    /// What the reply's rate-limit headers said about the provider's request bucket, when it
    /// sends them (OpenAI's `x-ratelimit-*-requests`, the IETF `RateLimit` fields).
    pub rate: Option<RateHint>,
}

/// A provider's own account of its request bucket after one request (see `http::rate_hint`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateHint {
    /// Requests the provider will still take now.
    pub remaining: u64,
    /// When it will take one more once `remaining` is 0.
    pub next_token: Duration,
}

/// Tokens a provider reports for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TokenUsage {
    pub input: u64,
    pub output: u64,
}

/// Why a request failed. Data for the caller to branch on and render through Fluent; `code()` is a
/// stable kebab-case id, `Display` is a terse technical form for logs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BackendError {
    /// HTTP 429 or a provider quota signal; `retry_after` from the `Retry-After` header when given.
    #[error("rate-limited (retry after {retry_after:?})")]
    RateLimited { retry_after: Option<Duration> },
    /// Any other non-success status. 5xx and 408 are retried; other 4xx are not.
    #[error("server status {status}: {body_excerpt}")]
    Server { status: u16, body_excerpt: String },
    /// The request took longer than the per-request timeout.
    #[error("timeout")]
    Timeout,
    /// Connection refused, reset, DNS, TLS …
    #[error("network: {0}")]
    Network(String),
    /// The reply could not be understood (bad JSON, wrong shape). Retried: LLMs often do better
    /// on a second try, and a batch that keeps failing is bisected.
    #[error("malformed reply: {0}")]
    Malformed(String),
    /// Content filter or safety refusal. Not retried as is: isolated by bisection, then sent to the
    /// fallback backend or reported.
    #[error("refused: {reason}")]
    Refused { reason: String },
    /// Missing or rejected credentials (401/403; `status` is `None` when no key was given).
    /// Stops the run. `message` is the provider's own words (redacted), possibly empty.
    #[error("authentication failed")]
    Auth {
        status: Option<u16>,
        message: String,
    },
    /// The account's quota or credit is used up for the billing period (DeepL 456, a 429 whose
    /// body names the quota, OpenAI `insufficient_quota`, Google `dailyLimitExceeded`, 402).
    /// Retrying cannot help. Stops the run.
    #[error("quota exhausted (HTTP {status}): {message}")]
    Quota { status: u16, message: String },
    /// Nothing answers at this path (404 without a model named): the configured URL is wrong.
    /// Stops the run.
    #[error("not found (HTTP {status}): {message}")]
    NotFound { status: u16, message: String },
    /// The server does not know the configured model (OpenAI `model_not_found`, a 404 or 400
    /// naming the model). Stops the run.
    #[error("unknown model (HTTP {status}): {message}")]
    UnknownModel { status: u16, message: String },
    /// The provider does not translate this language (pair). Checked before any request.
    #[error("unsupported language: {lang}")]
    UnsupportedLanguage { lang: String },
    /// Anything else that retrying cannot fix (quota exhausted for the billing period, bad
    /// configuration, a command that exits with an error). Stops the run.
    #[error("fatal: {0}")]
    Fatal(String),
}

impl BackendError {
    /// Whether the same request may succeed if sent again later.
    pub fn is_retryable(&self) -> bool {
        match self {
            BackendError::RateLimited { .. }
            | BackendError::Timeout
            | BackendError::Network(_)
            | BackendError::Malformed(_) => true,
            BackendError::Server { status, .. } => *status >= 500 || *status == 408,
            BackendError::Refused { .. }
            | BackendError::Auth { .. }
            | BackendError::Quota { .. }
            | BackendError::NotFound { .. }
            | BackendError::UnknownModel { .. }
            | BackendError::UnsupportedLanguage { .. }
            | BackendError::Fatal(_) => false,
        }
    }

    /// Whether no further request to this backend can succeed in this run.
    pub fn is_fatal(&self) -> bool {
        matches!(
            self,
            BackendError::Auth { .. }
                | BackendError::Quota { .. }
                | BackendError::NotFound { .. }
                | BackendError::UnknownModel { .. }
                | BackendError::UnsupportedLanguage { .. }
                | BackendError::Fatal(_)
        )
    }

    /// Stable machine id (for JSON reports and Fluent message selection).
    pub fn code(&self) -> &'static str {
        match self {
            BackendError::RateLimited { .. } => "rate-limited",
            BackendError::Server { .. } => "server-error",
            BackendError::Timeout => "timeout",
            BackendError::Network(_) => "network",
            BackendError::Malformed(_) => "malformed-reply",
            BackendError::Refused { .. } => "refused",
            BackendError::Auth { .. } => "auth",
            BackendError::Quota { .. } => "quota",
            BackendError::NotFound { .. } => "not-found",
            BackendError::UnknownModel { .. } => "unknown-model",
            BackendError::UnsupportedLanguage { .. } => "unsupported-language",
            BackendError::Fatal(_) => "fatal",
        }
    }

    /// No key was given at all (a backend constructed without one).
    pub fn auth_missing() -> BackendError {
        BackendError::Auth {
            status: None,
            message: String::new(),
        }
    }

    /// The HTTP status the provider answered with, when the error came from one.
    pub fn status(&self) -> Option<u16> {
        match self {
            BackendError::Auth { status, .. } => *status,
            BackendError::Quota { status, .. }
            | BackendError::NotFound { status, .. }
            | BackendError::UnknownModel { status, .. }
            | BackendError::Server { status, .. } => Some(*status),
            BackendError::RateLimited { .. } => Some(429),
            _ => None,
        }
    }

    /// What the provider (or the network library) said, as data: the provider's message for a
    /// status, the transport's reason for a network failure; "" when there is none.
    pub fn detail(&self) -> &str {
        match self {
            BackendError::Auth { message, .. }
            | BackendError::Quota { message, .. }
            | BackendError::NotFound { message, .. }
            | BackendError::UnknownModel { message, .. } => message,
            BackendError::Server { body_excerpt, .. } => body_excerpt,
            BackendError::Network(d) | BackendError::Malformed(d) | BackendError::Fatal(d) => d,
            BackendError::Refused { reason } => reason,
            BackendError::UnsupportedLanguage { lang } => lang,
            BackendError::RateLimited { .. } | BackendError::Timeout => "",
        }
    }
}

/// What identifies a backend's output in the translation memory: two backends with equal identity
/// are assumed to translate a text the same way.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct BackendIdentity {
    /// `deepl`, `google`, `libretranslate`, `openai`, `command`, `pseudo`, `xliff`.
    pub kind: &'static str,
    /// Model or engine name (`gpt-4o-mini`, `nmt`, the command's program name); `None` when the
    /// provider has only one.
    pub model: Option<String>,
    /// Version of the prompt template (LLMs) or request mapping; bump it when a change alters
    /// translations so the memory does not serve stale answers.
    pub prompt_version: Option<String>,
    /// Other settings that change the output (`formality=less`, `temperature=0.2`), sorted by key.
    /// Not the endpoint or the key: the same model behind another URL translates alike.
    pub options: Vec<(String, String)>,
}

impl BackendIdentity {
    pub fn new(kind: &'static str) -> Self {
        BackendIdentity {
            kind,
            ..BackendIdentity::default()
        }
    }

    /// `kind`, `kind/model` — for reports and the memory's `backend` column.
    pub fn label(&self) -> String {
        match &self.model {
            Some(m) => format!("{}/{}", self.kind, m),
            None => self.kind.to_string(),
        }
    }

    /// Options as one canonical string `k=v;k=v` (sorted), as stored in the memory.
    pub fn options_string(&self) -> String {
        let mut opts = self.options.clone();
        opts.sort();
        opts.iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(";")
    }
}

impl fmt::Display for BackendIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// How a backend wants to be driven. The scheduler never exceeds any of these.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchLimits {
    /// Segments per request (DeepL: 50).
    pub max_segments: usize,
    /// Request body bytes of segment texts (DeepL: 128 KiB); the backend leaves headroom for its
    /// own envelope.
    pub max_bytes: usize,
    /// Characters of segment text per request: the LLM budget (prompt and reply must fit the
    /// context window and the output limit).
    pub max_chars: usize,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Requests per second (`None`: unlimited).
    pub requests_per_second: Option<f64>,
    /// Requests that may start at once when the pacer has been idle: the provider's token
    /// bucket, used whole less a one-off jitter margin (see `pace::Limiter`). `None` (the bucket
    /// is unknown): half a second's worth of `requests_per_second` (at least 1), keeping the
    /// other half of a bucket of one second's quota free for network jitter; 1: strictly evenly
    /// spaced.
    pub burst: Option<u32>,
    /// Characters of segment text per minute (`None`: unlimited).
    pub chars_per_minute: Option<u64>,
    /// Per-request timeout.
    pub timeout: Duration,
}

impl BatchLimits {
    /// These limits with zeros replaced, so packing and concurrency always make progress.
    pub(crate) fn sane(mut self) -> BatchLimits {
        self.max_segments = self.max_segments.max(1);
        self.max_bytes = self.max_bytes.max(1);
        self.max_chars = self.max_chars.max(1);
        self.concurrency = self.concurrency.max(1);
        if self.timeout.is_zero() {
            self.timeout = std::time::Duration::from_secs(60);
        }
        self
    }
}

impl Default for BatchLimits {
    fn default() -> Self {
        BatchLimits {
            max_segments: 50,
            max_bytes: 128 * 1024,
            max_chars: 6_000,
            concurrency: 4,
            requests_per_second: None,
            burst: None,
            chars_per_minute: None,
            timeout: Duration::from_secs(60),
        }
    }
}

/// How a provider charges, for dry-run estimates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Billing {
    /// Per source character (DeepL, Google, hosted LibreTranslate).
    #[default]
    Characters,
    /// Per input and output token (LLMs).
    Tokens,
    /// Nothing (pseudo, self-hosted, human export).
    Free,
}

/// A translation provider. Implementations map one `BatchRequest` to one provider request and its
/// answer back, and classify failures into `BackendError`; they do not retry, batch, cache or
/// sleep — the scheduler does.
pub trait Backend: Send + Sync {
    /// What the memory keys answers by.
    fn identity(&self) -> BackendIdentity;

    /// Batch sizes, concurrency, rate limits and timeout for this provider (after configuration).
    fn limits(&self) -> BatchLimits;

    /// How the provider bills; used by dry runs.
    fn billing(&self) -> Billing {
        Billing::Characters
    }

    /// Characters of prompt overhead a request would carry beside its texts (LLM instructions,
    /// context lines, JSON keys); used by dry runs. MT providers: 0.
    fn prompt_overhead(&self, _req: &BatchRequest) -> u64 {
        0
    }

    /// The characters the provider bills for one segment text as this backend sends it — its
    /// own documented rule (DeepL does not bill tags, Google bills the HTML it is sent). Dry
    /// runs, `--budget` and the spending bound count with it. Default: every character of the
    /// text.
    fn billable_chars(&self, text: &str) -> u64 {
        text.chars().count() as u64
    }

    /// Whether the pair is supported; called once before any request is sent.
    fn supports(&self, source_lang: &str, target_lang: &str) -> Result<(), BackendError>;

    /// Translates one batch. Every translation must keep the segment's placeholders (the scheduler
    /// checks and re-asks).
    fn translate<'a>(
        &'a self,
        req: &'a BatchRequest,
    ) -> BoxFuture<'a, Result<BatchReply, BackendError>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_classes() {
        assert!(BackendError::RateLimited { retry_after: None }.is_retryable());
        assert!(
            BackendError::Server {
                status: 503,
                body_excerpt: String::new()
            }
            .is_retryable()
        );
        assert!(
            !BackendError::Server {
                status: 400,
                body_excerpt: String::new()
            }
            .is_retryable()
        );
        assert!(!BackendError::Refused { reason: "x".into() }.is_retryable());
        assert!(BackendError::auth_missing().is_fatal());
        assert!(
            BackendError::Quota {
                status: 456,
                message: String::new()
            }
            .is_fatal()
        );
        assert!(!BackendError::Timeout.is_fatal());
    }

    #[test]
    fn identity_options_are_canonical() {
        let mut id = BackendIdentity::new("deepl");
        id.options = vec![("b".into(), "2".into()), ("a".into(), "1".into())];
        assert_eq!(id.options_string(), "a=1;b=2");
        id.model = Some("m".into());
        assert_eq!(id.label(), "deepl/m");
    }
}
