//! The `openai` backend: any OpenAI-compatible `POST …/v1/chat/completions` (OpenAI, Azure
//! OpenAI, vLLM, Ollama, LM Studio, gateways), asking for a JSON object keyed by line id.
//!
//! Request: `{"model","messages":[system, user],"temperature"?,"response_format"?}`. The prompt
//! (built in `prompt`) is compact because every character of it is paid on every request: a
//! season's prompts stay within 2.0 × its unique source text (issue 16; 1.97 on the season
//! benchmark, from 2.45):
//! - The system message is short: the instructions that never change first, then only what this
//!   request needs explained — the JSON fields it has, the markup rule when a line carries
//!   placeholders or escapes — the language pair, the synopsis and the glossary entries of this
//!   batch (the union of its segments' `context.terms`).
//! - The user message is one JSON object with request-local ids `"1"`, `"2"`, … in batch order
//!   (mapped back to segment ids here): `{"lines":{"1":"text",…},"speakers":{"1":"林晓"}?,
//!   "before":{"1":"…\n…"}?,"after":{"40":"…"}?,"max_chars":42 | {"1":42,…}?}`. JSON rather
//!   than a `1|speaker|text` line format: the reply is JSON keyed by the same ids, so the model
//!   copies keys it has just read; JSON escaping leaves no ambiguity for a text containing `|`
//!   or a line break; and every model that does JSON mode reads it reliably. Keys appear once
//!   per message, not once per line.
//! - Context is sent only where the batch does not already show it, and only a line's nearest
//!   neighbour: the batch's own lines are each other's context, so a contiguous batch carries
//!   the 2 lines before its first line and the 1 after its last; a gap (lines de-duplicated
//!   away) carries the one line just before the segment after it.
//! - `response_format` is `json_schema`. For up to 8 lines (re-asks, tails) it lists every id
//!   (strict, `additionalProperties: false`: OpenAI, llama.cpp and vLLM then decode exactly those
//!   keys). For a full batch that listing would cost more than the texts themselves (~27 chars a
//!   line against ~15 for a Chinese line), so the schema is an open object of strings with
//!   `minProperties`/`maxProperties` = the line count, not strict (OpenAI's strict mode requires
//!   listed keys): constrained decoders still force an object of strings, and alignment never
//!   rested on the grammar anyway — the reply is validated key by key below and missing ids are
//!   re-asked alone by the scheduler, with the exact-key schema.
//!
//! A server that rejects `json_schema` with 400 is asked again at once with `json_object`, then
//! with no `response_format`, and the backend remembers the downgrade.
//!
//! The reply (`choices[0].message.content`, read in `reply`) is always validated, whatever the
//! server promised: a ```` ```json ```` fence or prose around the object is tolerated, string
//! values are taken by id, empty or non-string values are left out (the scheduler re-asks missing
//! ids alone; ids the model invented are passed through and the scheduler ignores them).
//! Placeholders are not checked here: the scheduler checks every translation once for all
//! backends.
//!
//! Refusals: `finish_reason: "content_filter"`, a `refusal` message, or a 400 whose error code is
//! `content_filter` (Azure) → `Refused`. Usage (`prompt_tokens`, `completion_tokens`) →
//! `TokenUsage`. `prompt_chars` is everything sent besides the segment texts (instructions,
//! context lines, JSON keys and quoting, the schema), so dry runs and reports show the real
//! overhead.
//!
//! Azure: `{endpoint}/openai/deployments/{deployment}/chat/completions?api-version=…` with an
//! `api-key` header instead of `Authorization: Bearer`.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU8, Ordering};

use reqwest::Url;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName};
use serde::{Deserialize, Serialize};
use serde_json::Value;

mod prompt;
mod reply;

use super::http::{self, HttpClient, HttpConfig, Reply, Secret};
use crate::translate::{
    Backend, BackendError, BackendIdentity, BatchLimits, BatchReply, BatchRequest, Billing,
    BoxFuture, TokenUsage,
};
use prompt::build_prompt;
pub use reply::parse_reply_for_fuzzing;
use reply::{ChatReply, parse_content};

/// Default base URL (`/v1/chat/completions` is appended).
pub const DEFAULT_URL: &str = "https://api.openai.com";
/// Default model.
pub const DEFAULT_MODEL: &str = "gpt-4o-mini";
/// Default Azure API version.
pub const DEFAULT_AZURE_API_VERSION: &str = "2024-10-21";
/// Part of the memory key: bump it when a change alters what the model is *asked* (the rules it
/// must follow, what a reply means), so the memory does not serve answers to another question.
/// Not bumped for packaging: issue 16's compaction (terser wording of the same rules, fields
/// explained only when present, context trimmed to each line's nearest neighbour) asks the same
/// thing, and a bump would re-bill every line a team's memory already holds.
const PROMPT_VERSION: &str = "openai-json-2";

/// How to ask for JSON; the backend starts here and steps down when a server rejects it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseFormat {
    /// `json_schema` with `strict: true` and the batch ids as required keys.
    JsonSchema,
    /// `{"type":"json_object"}`.
    JsonObject,
    /// No `response_format` (the prompt alone asks for JSON).
    None,
}

impl ResponseFormat {
    fn code(self) -> u8 {
        match self {
            ResponseFormat::JsonSchema => 0,
            ResponseFormat::JsonObject => 1,
            ResponseFormat::None => 2,
        }
    }

    fn from_code(c: u8) -> ResponseFormat {
        match c {
            0 => ResponseFormat::JsonSchema,
            1 => ResponseFormat::JsonObject,
            _ => ResponseFormat::None,
        }
    }
}

/// Azure OpenAI addressing.
#[derive(Debug, Clone, PartialEq)]
pub struct AzureConfig {
    pub deployment: String,
    /// `api-version` query parameter.
    pub api_version: String,
}

/// Settings of an OpenAI-compatible backend.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenAiConfig {
    /// `OPENAI_API_KEY` (or the configured variable). May be empty for local servers.
    pub api_key: Secret,
    /// `--backend-url`: base URL (`https://api.openai.com`, `http://localhost:11434/v1`); for
    /// Azure the resource endpoint (`https://NAME.openai.azure.com`).
    pub base_url: String,
    /// Set for Azure OpenAI.
    pub azure: Option<AzureConfig>,
    /// `--model`.
    pub model: String,
    pub temperature: Option<f32>,
    /// Extra headers (`OpenAI-Organization`, gateway headers).
    pub headers: Vec<(String, String)>,
    /// The first format tried.
    pub response_format: ResponseFormat,
    /// Transport; `http.timeout` is also the per-request timeout the scheduler applies.
    pub http: HttpConfig,
    /// Batch sizes, concurrency and rate limits (`limits.timeout` is taken from `http.timeout`).
    pub limits: BatchLimits,
}

impl OpenAiConfig {
    pub fn new(api_key: impl Into<Secret>) -> Self {
        let http = HttpConfig {
            timeout: std::time::Duration::from_secs(120),
            ..HttpConfig::default()
        };
        OpenAiConfig {
            api_key: api_key.into(),
            base_url: DEFAULT_URL.to_string(),
            azure: None,
            model: DEFAULT_MODEL.to_string(),
            temperature: Some(0.2),
            headers: Vec::new(),
            response_format: ResponseFormat::JsonSchema,
            limits: BatchLimits {
                // Text per request: large enough that the system prompt is a small share of it,
                // small enough that the reply fits the output limit and one bad batch costs
                // little to redo.
                max_segments: 160,
                max_bytes: 64 * 1024,
                max_chars: 6_000,
                concurrency: 4,
                timeout: http.timeout,
                ..BatchLimits::default()
            },
            http,
        }
    }

    /// The chat-completions URL.
    pub fn endpoint(&self) -> Result<Url, BackendError> {
        match &self.azure {
            Some(az) => {
                let mut url = http::join_url(
                    &self.base_url,
                    &format!(
                        "/openai/deployments/{}/chat/completions",
                        az.deployment.trim()
                    ),
                )?;
                url.query_pairs_mut()
                    .append_pair("api-version", az.api_version.trim());
                Ok(url)
            }
            None => {
                let base = self.base_url.trim().trim_end_matches('/');
                let path = if base.ends_with("/v1") {
                    "/chat/completions"
                } else {
                    "/v1/chat/completions"
                };
                http::join_url(base, path)
            }
        }
    }
}

/// The OpenAI-compatible backend.
#[derive(Debug)]
pub struct OpenAiBackend {
    cfg: OpenAiConfig,
    http: HttpClient,
    url: Url,
    headers: HeaderMap,
    /// Current `ResponseFormat` (as its code); only ever steps down.
    format: AtomicU8,
}

#[derive(Serialize)]
struct Message {
    role: &'static str,
    content: String,
}

#[derive(Serialize)]
struct ChatBody<'a> {
    #[serde(skip_serializing_if = "is_blank")]
    model: &'a str,
    messages: Vec<Message>,
    #[serde(skip_serializing_if = "Option::is_none")]
    temperature: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    response_format: Option<Value>,
}

fn is_blank(s: &&str) -> bool {
    s.trim().is_empty()
}

#[derive(Deserialize)]
struct ErrorReply {
    error: ErrorBody,
}

#[derive(Deserialize, Default)]
struct ErrorBody {
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    code: Option<Value>,
    #[serde(default)]
    param: Option<String>,
    #[serde(default)]
    innererror: Option<Value>,
}
impl OpenAiBackend {
    pub fn new(cfg: OpenAiConfig) -> Result<OpenAiBackend, BackendError> {
        let url = cfg.endpoint()?;
        let mut headers = http::extra_headers(&cfg.headers)?;
        let key = cfg.api_key.expose().trim();
        if cfg.azure.is_some() {
            if key.is_empty() {
                return Err(BackendError::auth_missing());
            }
            headers.insert(
                HeaderName::from_static("api-key"),
                http::secret_header(key)?,
            );
        } else if !key.is_empty() {
            headers.insert(
                AUTHORIZATION,
                http::secret_header(&format!("Bearer {key}"))?,
            );
        }
        let http = HttpClient::new(cfg.http.clone())?;
        Ok(OpenAiBackend {
            format: AtomicU8::new(cfg.response_format.code()),
            cfg,
            http,
            url,
            headers,
        })
    }

    /// The format the next request will use.
    pub fn response_format(&self) -> ResponseFormat {
        ResponseFormat::from_code(self.format.load(Ordering::Relaxed))
    }

    fn secret(&self) -> &str {
        self.cfg.api_key.expose()
    }

    fn model_name(&self) -> &str {
        match &self.cfg.azure {
            Some(az) if self.cfg.model.is_empty() => &az.deployment,
            _ => &self.cfg.model,
        }
    }

    async fn run(&self, req: &BatchRequest) -> Result<BatchReply, BackendError> {
        // At most one retry per format step down, inside this one call.
        for _ in 0..3 {
            let format = self.response_format();
            let prompt = build_prompt(req, format)?;
            let overhead = prompt.overhead(req);
            let body = ChatBody {
                model: &self.cfg.model,
                messages: vec![
                    Message {
                        role: "system",
                        content: prompt.system,
                    },
                    Message {
                        role: "user",
                        content: prompt.user,
                    },
                ],
                temperature: self.cfg.temperature,
                response_format: prompt.format,
            };
            let reply = self
                .http
                .post_json(self.url.clone(), self.headers.clone(), &body)
                .await?;
            if reply.is_success() {
                return self.read_reply(&reply, req, &prompt.ids, overhead);
            }
            let err = self.classify(&reply);
            if format != ResponseFormat::None && rejects_response_format(&reply, &err) {
                let next = match format {
                    ResponseFormat::JsonSchema => ResponseFormat::JsonObject,
                    _ => ResponseFormat::None,
                };
                // Another request may have stepped down already; never step back up.
                let _ = self.format.compare_exchange(
                    format.code(),
                    next.code(),
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                );
                continue;
            }
            return Err(err);
        }
        Err(BackendError::Fatal(
            "the server rejects every response_format".into(),
        ))
    }

    fn read_reply(
        &self,
        reply: &Reply,
        req: &BatchRequest,
        ids: &BTreeMap<String, String>,
        overhead: u64,
    ) -> Result<BatchReply, BackendError> {
        let parsed: ChatReply = reply.json()?;
        let usage = parsed.usage.map(|u| TokenUsage {
            input: u.prompt_tokens,
            output: u.completion_tokens,
        });
        let choice = parsed
            .choices
            .into_iter()
            .next()
            .ok_or_else(|| BackendError::Malformed("reply has no choices".into()))?;
        let finish = choice.finish_reason.unwrap_or_default();
        if finish == "content_filter" {
            return Err(BackendError::Refused {
                reason: "content_filter".into(),
            });
        }
        let message = choice
            .message
            .ok_or_else(|| BackendError::Malformed("reply has no message".into()))?;
        if let Some(r) = message.refusal.filter(|r| !r.trim().is_empty()) {
            return Err(BackendError::Refused {
                reason: http::excerpt(r.as_bytes(), self.secret()),
            });
        }
        let content = message.content.unwrap_or_default();
        if content.trim().is_empty() {
            return Err(BackendError::Malformed("reply content is empty".into()));
        }
        let translations =
            parse_content(&content, ids).map_err(|e| match (e, finish.as_str()) {
                (BackendError::Malformed(_), "length") => {
                    BackendError::Malformed("reply cut off at the output limit".into())
                }
                (e, _) => e,
            })?;
        Ok(BatchReply {
            translations,
            billed_chars: req.text_chars(),
            prompt_chars: overhead,
            usage,
            rate: reply.rate_hint(),
        })
    }

    fn classify(&self, reply: &Reply) -> BackendError {
        let body = serde_json::from_slice::<ErrorReply>(&reply.body)
            .map(|e| e.error)
            .unwrap_or_default();
        let code = body
            .code
            .as_ref()
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let inner_code = body
            .innererror
            .as_ref()
            .and_then(|i| i.get("code"))
            .and_then(Value::as_str)
            .unwrap_or("");
        let message = body
            .message
            .as_deref()
            .map(|m| http::excerpt(m.as_bytes(), self.secret()));
        if code == "content_filter" || inner_code == "ResponsibleAIPolicyViolation" {
            return BackendError::Refused {
                reason: message.unwrap_or_else(|| "content_filter".into()),
            };
        }
        match reply.status {
            429 if code == "insufficient_quota" => BackendError::Quota {
                status: 429,
                message: message.unwrap_or_default(),
            },
            // OpenAI answers an unknown model with 404 `model_not_found`; vLLM and others with a
            // 400/404 whose `param` is `model`.
            status @ (400 | 404)
                if code == "model_not_found" || body.param.as_deref() == Some("model") =>
            {
                BackendError::UnknownModel {
                    status,
                    message: message.unwrap_or_default(),
                }
            }
            400 if code == "context_length_exceeded" => {
                // Too much for the model at once: a smaller batch fits, and the scheduler splits
                // batches whose errors are retryable.
                BackendError::Malformed("request exceeds the model's context length".into())
            }
            400 => BackendError::Server {
                status: 400,
                body_excerpt: match (&body.param, message) {
                    (Some(p), Some(m)) => format!("{p}: {m}"),
                    (_, Some(m)) => m,
                    _ => http::excerpt(&reply.body, self.secret()),
                },
            },
            _ => http::status_error(reply, self.secret()),
        }
    }
}

/// Whether a failed reply says the server does not support the requested `response_format`.
fn rejects_response_format(reply: &Reply, err: &BackendError) -> bool {
    if reply.status != 400 && reply.status != 422 {
        return false;
    }
    if matches!(err, BackendError::Refused { .. }) {
        return false;
    }
    let text = String::from_utf8_lossy(&reply.body).to_ascii_lowercase();
    text.contains("response_format") || text.contains("json_schema")
}

impl Backend for OpenAiBackend {
    fn identity(&self) -> BackendIdentity {
        let mut id = BackendIdentity::new("openai");
        id.model = Some(self.model_name().to_string());
        id.prompt_version = Some(PROMPT_VERSION.to_string());
        if let Some(t) = self.cfg.temperature {
            id.options.push(("temperature".into(), format!("{t}")));
        }
        id
    }

    fn limits(&self) -> BatchLimits {
        // One per-request timeout: the transport's.
        BatchLimits {
            timeout: self.cfg.http.timeout,
            ..self.cfg.limits.clone()
        }
    }

    fn billing(&self) -> Billing {
        Billing::Tokens
    }

    fn prompt_overhead(&self, req: &BatchRequest) -> u64 {
        build_prompt(req, self.response_format())
            .map(|p| p.overhead(req))
            .unwrap_or(0)
    }

    fn supports(&self, source_lang: &str, target_lang: &str) -> Result<(), BackendError> {
        // A language model takes any language; only malformed tags are refused.
        for tag in [source_lang, target_lang] {
            if http::LangTag::parse(tag).is_none() {
                return Err(BackendError::UnsupportedLanguage {
                    lang: tag.to_string(),
                });
            }
        }
        Ok(())
    }

    fn translate<'a>(
        &'a self,
        req: &'a BatchRequest,
    ) -> BoxFuture<'a, Result<BatchReply, BackendError>> {
        Box::pin(async move { self.run(req).await })
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::translate::{Segment, SegmentContext, TermHint};

    pub(super) fn req() -> BatchRequest {
        let seg = |id: &str, text: &str| Segment {
            id: id.into(),
            text: text.into(),
            context: SegmentContext::default(),
        };
        let mut a = seg("ep1#1", "你好");
        a.context.terms.push(TermHint {
            source: "星舰".into(),
            target: Some("Starship".into()),
            note: None,
        });
        a.context.max_chars = Some(42);
        BatchRequest {
            source_lang: "zh-Hans".into(),
            target_lang: "fa".into(),
            segments: vec![a, seg("ep1#2", "再见")],
            synopsis: Some("A crew in space.".into()),
            glossary_id: None,
        }
    }

    pub(super) fn ids(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn endpoints() {
        let mut c = OpenAiConfig::new("k");
        assert_eq!(
            c.endpoint().unwrap().as_str(),
            "https://api.openai.com/v1/chat/completions"
        );
        c.base_url = "http://localhost:11434/v1/".into();
        assert_eq!(
            c.endpoint().unwrap().as_str(),
            "http://localhost:11434/v1/chat/completions"
        );
        c.base_url = "https://res.openai.azure.com".into();
        c.azure = Some(AzureConfig {
            deployment: "gpt4o".into(),
            api_version: "2024-10-21".into(),
        });
        assert_eq!(
            c.endpoint().unwrap().as_str(),
            "https://res.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21"
        );
    }
}
