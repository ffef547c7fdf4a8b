//! The `openai` backend: any OpenAI-compatible `POST …/v1/chat/completions` (OpenAI, Azure
//! OpenAI, vLLM, Ollama, LM Studio, gateways), asking for a JSON object keyed by segment id.
//!
//! Request: `{"model","messages":[system, user],"temperature"?,"response_format"?}`. The system
//! message is stable-first (instructions, then the series synopsis, then the glossary entries of
//! this batch — the union of its segments' `context.terms`) so provider prompt caches hit; the user
//! message is `{"lines":[{"id","text","speaker"?,"before"?,"after"?,"max_chars"?}]}`.
//! `response_format` is `json_schema` (strict, one required string property per id,
//! `additionalProperties: false`); a server that rejects it with 400 is asked again at once with
//! `json_object`, then with no `response_format`, and the backend remembers the downgrade.
//!
//! The reply (`choices[0].message.content`) is always validated, whatever the server promised:
//! a ```` ```json ```` fence or prose around the object is tolerated, string values are taken by
//! id, empty or non-string values are left out (the scheduler re-asks missing ids alone; ids the
//! model invented are passed through and the scheduler ignores them). Placeholders are not checked
//! here: the scheduler checks every translation once for all backends.
//!
//! Refusals: `finish_reason: "content_filter"`, a `refusal` message, or a 400 whose error code is
//! `content_filter` (Azure) → `Refused`. Usage (`prompt_tokens`, `completion_tokens`) →
//! `TokenUsage`. `prompt_chars` is everything sent besides the segment texts (instructions,
//! context lines, JSON keys and quoting, the schema), so dry runs and reports show the real
//! overhead.
//!
//! Azure: `{endpoint}/openai/deployments/{deployment}/chat/completions?api-version=…` with an
//! `api-key` header instead of `Authorization: Bearer`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicU8, Ordering};

use reqwest::Url;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::http::{self, HttpClient, HttpConfig, Reply, Secret};
use super::{
    Backend, BackendError, BackendIdentity, BatchLimits, BatchReply, BatchRequest, Billing,
    BoxFuture, TokenUsage,
};

/// Default base URL (`/v1/chat/completions` is appended).
pub const DEFAULT_URL: &str = "https://api.openai.com";
/// Default model.
pub const DEFAULT_MODEL: &str = "gpt-4o-mini";
/// Default Azure API version.
pub const DEFAULT_AZURE_API_VERSION: &str = "2024-10-21";
/// Bump whenever the prompt or the request mapping changes (memory key).
const PROMPT_VERSION: &str = "openai-json-1";

const INSTRUCTIONS: &str = "You translate subtitles for a TV series.\n\
Reply with one JSON object and nothing else: its keys are the ids of the lines you were given, \
each value is that line's translation as a string.\n\
Rules:\n\
- Exactly one translation per id. Never merge, split, skip or reorder lines, even when a \
sentence continues on the next line.\n\
- Keep every <x id=\"N\"/> tag exactly once (you may move it to where it belongs in the \
translation).\n\
- Keep every <g id=\"N\">…</g> element exactly once and copy its content unchanged: it is an \
approved term.\n\
- Keep the escapes &lt; &gt; &amp; as they are.\n\
- \"before\" and \"after\" are the neighbouring lines, for context only: do not translate them.\n\
- \"speaker\" says who is talking: use it for gender, number and politeness.\n\
- \"max_chars\" is the length budget of the translation on screen: stay within it, condensing \
as subtitlers do.\n\
- Subtitles are spoken language: natural, concise, no notes, no explanations, no quotes added.";

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
                max_segments: 40,
                max_bytes: 64 * 1024,
                // Text per request: small enough that the reply fits the output limit and one bad
                // batch costs little to redo.
                max_chars: 4_000,
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

#[derive(Serialize)]
struct Lines<'a> {
    lines: Vec<Line<'a>>,
}

#[derive(Serialize)]
struct Line<'a> {
    id: &'a str,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    speaker: Option<&'a str>,
    #[serde(skip_serializing_if = "no_lines")]
    before: &'a [String],
    #[serde(skip_serializing_if = "no_lines")]
    after: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    max_chars: Option<u32>,
}

fn is_blank(s: &&str) -> bool {
    s.trim().is_empty()
}

fn no_lines(v: &&[String]) -> bool {
    v.is_empty()
}

#[derive(Deserialize)]
struct ChatReply {
    #[serde(default)]
    choices: Vec<Choice>,
    #[serde(default)]
    usage: Option<Usage>,
}

#[derive(Deserialize)]
struct Choice {
    #[serde(default)]
    message: Option<ReplyMessage>,
    #[serde(default)]
    finish_reason: Option<String>,
}

#[derive(Deserialize)]
struct ReplyMessage {
    #[serde(default)]
    content: Option<String>,
    #[serde(default)]
    refusal: Option<String>,
}

#[derive(Deserialize)]
struct Usage {
    #[serde(default)]
    prompt_tokens: u64,
    #[serde(default)]
    completion_tokens: u64,
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

/// The prompt of one request: the messages and the `response_format`.
struct Prompt {
    system: String,
    user: String,
    format: Option<Value>,
}

impl Prompt {
    /// Characters sent besides the segment texts.
    fn overhead(&self, req: &BatchRequest) -> u64 {
        let format_chars = self
            .format
            .as_ref()
            .map(|f| f.to_string().chars().count())
            .unwrap_or(0);
        let total = (self.system.chars().count() + self.user.chars().count() + format_chars) as u64;
        total.saturating_sub(req.text_chars())
    }
}

fn build_prompt(req: &BatchRequest, format: ResponseFormat) -> Result<Prompt, BackendError> {
    let mut system = String::from(INSTRUCTIONS);
    system.push_str(&format!(
        "\n\nTranslate from {} into {} (BCP 47 language tags).",
        req.source_lang, req.target_lang
    ));
    if let Some(s) = req
        .synopsis
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        system.push_str("\n\nSeries synopsis:\n");
        system.push_str(s);
    }
    // Glossary subset: the union of the batch's terms, one line each, sorted for stable prompts.
    let mut terms: BTreeMap<&str, (Option<&str>, Option<&str>)> = BTreeMap::new();
    for seg in &req.segments {
        for t in &seg.context.terms {
            let e = terms.entry(t.source.as_str()).or_insert((None, None));
            if e.0.is_none() {
                e.0 = t.target.as_deref();
            }
            if e.1.is_none() {
                e.1 = t.note.as_deref();
            }
        }
    }
    if !terms.is_empty() {
        system.push_str("\n\nGlossary (use these renderings):");
        for (source, (target, note)) in &terms {
            system.push_str("\n- ");
            system.push_str(source);
            if let Some(t) = target {
                system.push_str(" → ");
                system.push_str(t);
            }
            if let Some(n) = note {
                system.push_str(" (");
                system.push_str(n);
                system.push(')');
            }
        }
    }
    let lines = Lines {
        lines: req
            .segments
            .iter()
            .map(|s| Line {
                id: &s.id,
                text: &s.text,
                speaker: s.context.speaker.as_deref(),
                before: &s.context.before,
                after: &s.context.after,
                max_chars: s.context.max_chars,
            })
            .collect(),
    };
    let user = serde_json::to_string(&lines)
        .map_err(|e| BackendError::Fatal(format!("cannot encode the request: {e}")))?;
    let format = match format {
        ResponseFormat::JsonSchema => {
            let ids: BTreeSet<&str> = req.segments.iter().map(|s| s.id.as_str()).collect();
            let properties: serde_json::Map<String, Value> = ids
                .iter()
                .map(|id| (id.to_string(), json!({"type": "string"})))
                .collect();
            Some(json!({
                "type": "json_schema",
                "json_schema": {
                    "name": "translations",
                    "strict": true,
                    "schema": {
                        "type": "object",
                        "properties": properties,
                        "required": ids.iter().collect::<Vec<_>>(),
                        "additionalProperties": false,
                    }
                }
            }))
        }
        ResponseFormat::JsonObject => Some(json!({"type": "json_object"})),
        ResponseFormat::None => None,
    };
    Ok(Prompt {
        system,
        user,
        format,
    })
}

/// Reads the translations out of a reply's content: a JSON object keyed by id (inside a code
/// fence, prose, or a `{"translations": {…}}` wrapper), or a list of `{"id","text"}` objects.
/// Values that are not non-empty strings are left out.
fn parse_content(content: &str, req: &BatchRequest) -> Result<Vec<(String, String)>, BackendError> {
    let s = http::strip_code_fence(content);
    let value: Value = match serde_json::from_str(s) {
        Ok(v) => v,
        Err(first) => {
            // Prose around the object: take the outermost braces.
            let inner = match (s.find('{'), s.rfind('}')) {
                (Some(a), Some(b)) if a < b => s.get(a..=b),
                _ => None,
            };
            inner
                .and_then(|i| serde_json::from_str(i).ok())
                .ok_or_else(|| BackendError::Malformed(format!("reply is not JSON: {first}")))?
        }
    };
    let asked: BTreeSet<&str> = req.segments.iter().map(|s| s.id.as_str()).collect();
    let mut out = Vec::new();
    let mut take = |id: &str, v: &Value| {
        if let Some(text) = v.as_str().filter(|t| !t.trim().is_empty()) {
            out.push((id.to_string(), text.to_string()));
        }
    };
    match &value {
        Value::Object(map) => {
            let wrapped = map.len() == 1 && !map.keys().any(|k| asked.contains(k.as_str()));
            match map.values().next() {
                Some(Value::Object(inner)) if wrapped => {
                    for (k, v) in inner {
                        take(k, v);
                    }
                }
                Some(Value::Array(items)) if wrapped => take_items(items, &mut take),
                // One line asked, one string answered under another key (`{"translation": …}`):
                // it can only be that line's.
                Some(v @ Value::String(_)) if wrapped && asked.len() == 1 => {
                    if let Some(id) = asked.iter().next() {
                        take(id, v);
                    }
                }
                _ => {
                    for (k, v) in map {
                        take(k, v);
                    }
                }
            }
        }
        Value::Array(items) => take_items(items, &mut take),
        _ => return Err(BackendError::Malformed("reply is not a JSON object".into())),
    }
    Ok(out)
}

fn take_items(items: &[Value], take: &mut impl FnMut(&str, &Value)) {
    for item in items {
        let id = item.get("id").and_then(Value::as_str);
        let text = item
            .get("text")
            .or_else(|| item.get("translation"))
            .unwrap_or(&Value::Null);
        if let Some(id) = id {
            take(id, text);
        }
    }
}

impl OpenAiBackend {
    pub fn new(cfg: OpenAiConfig) -> Result<OpenAiBackend, BackendError> {
        let url = cfg.endpoint()?;
        let mut headers = http::extra_headers(&cfg.headers)?;
        let key = cfg.api_key.expose().trim();
        if cfg.azure.is_some() {
            if key.is_empty() {
                return Err(BackendError::Auth);
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
                return self.read_reply(&reply, req, overhead);
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
            parse_content(&content, req).map_err(|e| match (e, finish.as_str()) {
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
            429 if code == "insufficient_quota" => {
                BackendError::Fatal(format!("quota exhausted: {}", message.unwrap_or_default()))
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
mod tests {
    use super::*;
    use crate::translate::{Segment, SegmentContext, TermHint};

    fn req() -> BatchRequest {
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

    #[test]
    fn content_parsing_tolerates_fences_wrappers_and_lists() {
        let r = req();
        let got = parse_content("```json\n{\"ep1#1\":\"سلام\",\"ep1#2\":\"\"}\n```", &r).unwrap();
        assert_eq!(got, vec![("ep1#1".to_string(), "سلام".to_string())]);
        let got = parse_content(
            "Here you go: {\"translations\":{\"ep1#2\":\"خداحافظ\"}}",
            &r,
        )
        .unwrap();
        assert_eq!(got, vec![("ep1#2".to_string(), "خداحافظ".to_string())]);
        let got = parse_content("[{\"id\":\"ep1#1\",\"text\":\"a\"},{\"id\":7}]", &r).unwrap();
        assert_eq!(got, vec![("ep1#1".to_string(), "a".to_string())]);
        let mut single = r.clone();
        single.segments.truncate(1);
        let got = parse_content("{\"translation\": \"سلام\"}", &single).unwrap();
        assert_eq!(got, vec![("ep1#1".to_string(), "سلام".to_string())]);
        // With two lines asked, an unknown key stays what it is (an invented id).
        let got = parse_content("{\"translation\": \"سلام\"}", &r).unwrap();
        assert_eq!(got, vec![("translation".to_string(), "سلام".to_string())]);
        assert!(matches!(
            parse_content("no json here", &r),
            Err(BackendError::Malformed(_))
        ));
        assert!(matches!(
            parse_content("\"just a string\"", &r),
            Err(BackendError::Malformed(_))
        ));
    }

    #[test]
    fn prompt_carries_context_and_counts_overhead() {
        let r = req();
        let p = build_prompt(&r, ResponseFormat::JsonSchema).unwrap();
        assert!(p.system.contains("星舰 → Starship"));
        assert!(p.system.contains("A crew in space."));
        assert!(p.system.contains("zh-Hans") && p.system.contains("fa"));
        let lines: Value = serde_json::from_str(&p.user).unwrap();
        assert_eq!(lines["lines"][0]["max_chars"], 42);
        assert_eq!(lines["lines"][1]["text"], "再见");
        assert!(lines["lines"][1].get("speaker").is_none());
        let format = p.format.clone().unwrap();
        assert_eq!(
            format["json_schema"]["schema"]["required"],
            json!(["ep1#1", "ep1#2"])
        );
        let total =
            p.system.chars().count() + p.user.chars().count() + format.to_string().chars().count();
        assert_eq!(p.overhead(&r), total as u64 - 4);
        assert!(build_prompt(&r, ResponseFormat::None).unwrap().overhead(&r) < p.overhead(&r));
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
