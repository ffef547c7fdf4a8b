//! The `openai` backend: any OpenAI-compatible `POST …/v1/chat/completions` (OpenAI, Azure
//! OpenAI, vLLM, Ollama, LM Studio, gateways), asking for a JSON object keyed by line id.
//!
//! Request: `{"model","messages":[system, user],"temperature"?,"response_format"?}`. The prompt
//! is compact because every character of it is paid on every request (issue 5: prompt ≤ 2.5 ×
//! the unique source text over a season):
//! - The system message is short and stable-first (instructions, language pair, synopsis, then
//!   the glossary entries of this batch — the union of its segments' `context.terms`), so
//!   provider prompt caches hit.
//! - The user message is one JSON object with request-local ids `"1"`, `"2"`, … in batch order
//!   (mapped back to segment ids here): `{"lines":{"1":"text",…},"speakers":{"1":"林晓"}?,
//!   "before":{"1":["…","…"]}?,"after":{"40":["…"]}?,"max_chars":42 | {"1":42,…}?}`. JSON rather
//!   than a `1|speaker|text` line format: the reply is JSON keyed by the same ids, so the model
//!   copies keys it has just read; JSON escaping leaves no ambiguity for a text containing `|`
//!   or a line break; and every model that does JSON mode reads it reliably. Keys appear once
//!   per message, not once per line.
//! - Context is sent only where the batch does not already show it: the batch's own lines are
//!   each other's context, so a contiguous batch carries the 2 lines before its first line and
//!   the 1 after its last; a gap (a line de-duplicated away) carries its own context once.
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
const PROMPT_VERSION: &str = "openai-json-2";

const INSTRUCTIONS: &str = "Translate TV subtitles. Input JSON: \"lines\" maps id to line; \
\"speakers\" id to who speaks (gender, politeness); \"before\"/\"after\": lines shown just \
before/after that id, context only, not to translate; \"max_chars\": on-screen length budget, \
condense to fit.\n\
Reply one JSON object mapping every id of \"lines\" to its translation, nothing else. One \
translation per id: never merge, split or skip lines, even mid-sentence. Keep each <x id=\"N\"/> \
once (it may move) and each <g id=\"N\">…</g> once with its content unchanged; keep &lt; &gt; \
&amp;. Natural spoken style, no notes.";

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

/// The prompt of one request: the messages, the `response_format`, and the request-local ids.
struct Prompt {
    system: String,
    user: String,
    format: Option<Value>,
    /// Short id ("1", "2", …) sent to the model → the segment id it stands for.
    ids: BTreeMap<String, String>,
}

impl Prompt {
    /// Characters sent besides the segment texts: instructions, synopsis, glossary, ids, JSON
    /// keys and quoting, context lines and the schema.
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

/// A JSON object whose keys keep the given order (serde_json's own map sorts "10" before "2").
struct Ordered<'a, V>(&'a [(String, V)]);

impl<V: Serialize> Serialize for Ordered<'_, V> {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = ser.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

fn is_empty_slice<V>(v: &Ordered<'_, V>) -> bool {
    v.0.is_empty()
}

/// The user message.
#[derive(Serialize)]
struct UserMessage<'a> {
    lines: Ordered<'a, &'a str>,
    #[serde(skip_serializing_if = "is_empty_slice")]
    speakers: Ordered<'a, &'a str>,
    #[serde(skip_serializing_if = "is_empty_slice")]
    before: Ordered<'a, &'a [String]>,
    #[serde(skip_serializing_if = "is_empty_slice")]
    after: Ordered<'a, &'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_chars: Option<Value>,
}

/// Up to this many lines the schema lists every id (strict, grammar-constrained exact keys);
/// above it the listing would cost more than the texts and the open schema is sent instead.
const EXACT_SCHEMA_MAX_LINES: usize = 8;

/// A line reduced to what context matching compares: placeholders and white space removed,
/// escapes undone (context lines are plain text, segment texts are masked).
fn plain_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find('<') {
        out.push_str(rest.get(..pos).unwrap_or(""));
        let tail = rest.get(pos..).unwrap_or("");
        let is_tag = tail.starts_with("<x ") || tail.starts_with("<g ") || tail.starts_with("</g>");
        match tail.find('>').filter(|_| is_tag) {
            Some(end) => rest = tail.get(end + 1..).unwrap_or(""),
            None => {
                out.push('<');
                rest = tail.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    super::segment::unescape_text(&out)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Context lines to send: for each segment, the `before` lines not already shown around the
/// previous segment of the batch (its own context, itself, its `after` lines) and the `after` lines unless the next segment of the
/// batch is that very line. A contiguous batch thus carries 2 lines before its first segment and
/// 1 after its last; a batch with gaps carries each gap's context once.
#[allow(clippy::type_complexity)]
fn batch_context(req: &BatchRequest) -> (Vec<(usize, &[String])>, Vec<(usize, &[String])>) {
    let keys: Vec<String> = req.segments.iter().map(|s| plain_key(&s.text)).collect();
    let mut before = Vec::new();
    let mut after = Vec::new();
    for (i, seg) in req.segments.iter().enumerate() {
        let lines = &seg.context.before;
        let shown: Vec<String> = match i.checked_sub(1).and_then(|p| req.segments.get(p)) {
            Some(prev) => prev
                .context
                .before
                .iter()
                .map(|l| plain_key(l))
                .chain(keys.get(i - 1).cloned())
                .chain(prev.context.after.iter().map(|l| plain_key(l)))
                .collect(),
            None => Vec::new(),
        };
        // Only a leading run of already-shown lines may go: dropping a later one would reorder.
        let skip = lines
            .iter()
            .take_while(|l| shown.contains(&plain_key(l)))
            .count();
        if let Some(rest) = lines.get(skip..).filter(|r| !r.is_empty()) {
            before.push((i, rest));
        }
        let next_is_after = match (seg.context.after.first(), keys.get(i + 1)) {
            (Some(a), Some(next)) => plain_key(a) == *next,
            _ => false,
        };
        // One line between this segment and the next (a repeated line de-duplicated away): both
        // its neighbours are in the batch, so it is left out rather than paid as context — on a
        // season these gaps were a fifth of the prompt.
        let single_gap = match (seg.context.after.first(), req.segments.get(i + 1)) {
            (Some(a), Some(next)) => {
                let b = &next.context.before;
                b.len() >= 2
                    && b.last().map(|l| plain_key(l)) == Some(plain_key(a))
                    && b.get(b.len() - 2).map(|l| plain_key(l)).as_ref() == keys.get(i)
            }
            _ => false,
        };
        if !seg.context.after.is_empty() && !next_is_after && !single_gap {
            after.push((i, seg.context.after.as_slice()));
        }
    }
    (before, after)
}

fn build_prompt(req: &BatchRequest, format: ResponseFormat) -> Result<Prompt, BackendError> {
    let mut system = String::from(INSTRUCTIONS);
    system.push_str(&format!(
        "\nTranslate from {} into {}.",
        req.source_lang, req.target_lang
    ));
    if let Some(s) = req
        .synopsis
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        system.push_str("\nSynopsis: ");
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
        system.push_str("\nGlossary:");
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

    let short = |i: usize| (i + 1).to_string();
    let lines: Vec<(String, &str)> = req
        .segments
        .iter()
        .enumerate()
        .map(|(i, s)| (short(i), s.text.as_str()))
        .collect();
    let speakers: Vec<(String, &str)> = req
        .segments
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let sp = s.context.speaker.as_deref()?.trim();
            (!sp.is_empty()).then(|| (short(i), sp))
        })
        .collect();
    let (before, after) = batch_context(req);
    let before: Vec<(String, &[String])> = before.into_iter().map(|(i, l)| (short(i), l)).collect();
    let after: Vec<(String, &[String])> = after.into_iter().map(|(i, l)| (short(i), l)).collect();
    // One budget for the batch when the lines share it (the usual case: one platform), else per id.
    let budgets: BTreeSet<Option<u32>> = req.segments.iter().map(|s| s.context.max_chars).collect();
    let max_chars = match budgets.iter().collect::<Vec<_>>().as_slice() {
        [] | [None] => None,
        [Some(n)] => Some(json!(n)),
        _ => Some(Value::Object(
            req.segments
                .iter()
                .enumerate()
                .filter_map(|(i, s)| Some((short(i), json!(s.context.max_chars?))))
                .collect(),
        )),
    };
    let user = serde_json::to_string(&UserMessage {
        lines: Ordered(&lines),
        speakers: Ordered(&speakers),
        before: Ordered(&before),
        after: Ordered(&after),
        max_chars,
    })
    .map_err(|e| BackendError::Fatal(format!("cannot encode the request: {e}")))?;

    let format = match format {
        ResponseFormat::JsonSchema if lines.len() <= EXACT_SCHEMA_MAX_LINES => {
            let properties: serde_json::Map<String, Value> = lines
                .iter()
                .map(|(id, _)| (id.clone(), json!({"type": "string"})))
                .collect();
            let required: Vec<&str> = lines.iter().map(|(id, _)| id.as_str()).collect();
            Some(json!({
                "type": "json_schema",
                "json_schema": {
                    "name": "t",
                    "strict": true,
                    "schema": {
                        "type": "object",
                        "properties": properties,
                        "required": required,
                        "additionalProperties": false,
                    }
                }
            }))
        }
        // Not strict: OpenAI's strict mode needs every key listed. Grammar-constrained servers
        // (llama.cpp, vLLM) still force an object of strings; the keys are checked on arrival.
        ResponseFormat::JsonSchema => Some(json!({
            "type": "json_schema",
            "json_schema": {
                "name": "t",
                "schema": {
                    "type": "object",
                    "additionalProperties": {"type": "string"},
                    "minProperties": lines.len(),
                    "maxProperties": lines.len(),
                }
            }
        })),
        ResponseFormat::JsonObject => Some(json!({"type": "json_object"})),
        ResponseFormat::None => None,
    };
    let ids = lines
        .iter()
        .zip(&req.segments)
        .map(|((short, _), s)| (short.clone(), s.id.clone()))
        .collect();
    Ok(Prompt {
        system,
        user,
        format,
        ids,
    })
}

/// Keys under which a reply that is not keyed by the ids may carry them: the request's own field
/// (`lines`, echoed back translated) and the wrappers models commonly add.
const WRAPPER_KEYS: [&str; 4] = ["lines", "translations", "translation", "output"];

/// Reads the translations out of a reply's content: a JSON object keyed by the request-local ids
/// (inside a code fence, prose, or a `{"translations": {…}}` wrapper), or a list of `{"id","text"}`
/// objects; then maps the ids back to segment ids. Values that are not non-empty strings are left
/// out; keys that were not asked are passed through as they are (the scheduler counts and ignores
/// them).
fn parse_content(
    content: &str,
    ids: &BTreeMap<String, String>,
) -> Result<Vec<(String, String)>, BackendError> {
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
    let mut out = Vec::new();
    let mut take = |id: &str, v: &Value| {
        if let Some(text) = v.as_str().filter(|t| !t.trim().is_empty()) {
            let id = ids.get(id.trim()).map_or(id, String::as_str);
            out.push((id.to_string(), text.to_string()));
        }
    };
    match &value {
        Value::Object(map) => {
            let direct = map.keys().any(|k| ids.contains_key(k.trim()));
            // Not keyed by the ids: a wrapper. Either the one value of a one-key object, or the
            // request's own shape echoed back with `lines` translated (models do this, and so
            // does the shared benchmark mock) — the other keys are the context, not answers.
            let inner = if direct {
                None
            } else if map.len() == 1 {
                map.values().next()
            } else {
                WRAPPER_KEYS.iter().find_map(|k| {
                    map.get(*k)
                        .filter(|v| matches!(v, Value::Object(_) | Value::Array(_)))
                })
            };
            match inner {
                Some(Value::Object(inner)) => {
                    for (k, v) in inner {
                        take(k, v);
                    }
                }
                Some(Value::Array(items)) => take_items(items, &mut take),
                // One line asked, one string answered under another key (`{"translation": …}`):
                // it can only be that line's.
                Some(v @ Value::String(_)) if ids.len() == 1 => {
                    if let Some(id) = ids.keys().next() {
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

/// `parse_content` for the fuzz target: the request's segments get their request-local ids
/// ("1", "2", …) as `build_prompt` gives them.
#[doc(hidden)]
pub fn parse_reply_for_fuzzing(
    content: &str,
    req: &BatchRequest,
) -> Result<Vec<(String, String)>, BackendError> {
    let ids = req
        .segments
        .iter()
        .enumerate()
        .map(|(i, s)| ((i + 1).to_string(), s.id.clone()))
        .collect();
    parse_content(content, &ids)
}

fn take_items(items: &[Value], take: &mut impl FnMut(&str, &Value)) {
    for item in items {
        let id = match item.get("id") {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let text = item
            .get("text")
            .or_else(|| item.get("translation"))
            .unwrap_or(&Value::Null);
        if let Some(id) = id {
            take(&id, text);
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

    fn ids(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn content_parsing_maps_short_ids_and_tolerates_fences_wrappers_and_lists() {
        let two = ids(&[("1", "ep1#1"), ("2", "ep1#2")]);
        let got = parse_content("```json\n{\"1\":\"سلام\",\"2\":\"\"}\n```", &two).unwrap();
        assert_eq!(got, vec![("ep1#1".to_string(), "سلام".to_string())]);
        let got =
            parse_content("Here you go: {\"translations\":{\"2\":\"خداحافظ\"}}", &two).unwrap();
        assert_eq!(got, vec![("ep1#2".to_string(), "خداحافظ".to_string())]);
        let got = parse_content(
            "[{\"id\":\"1\",\"text\":\"a\"},{\"id\":2,\"text\":\"b\"},{\"id\":[]}]",
            &two,
        )
        .unwrap();
        assert_eq!(
            got,
            vec![
                ("ep1#1".to_string(), "a".to_string()),
                ("ep1#2".to_string(), "b".to_string())
            ]
        );
        let one = ids(&[("1", "ep1#1")]);
        let got = parse_content("{\"translation\": \"سلام\"}", &one).unwrap();
        assert_eq!(got, vec![("ep1#1".to_string(), "سلام".to_string())]);
        // The request's shape echoed back with the lines translated: the context is not taken.
        let got = parse_content(
            "{\"lines\":{\"1\":\"a\",\"2\":\"b\"},\"before\":{\"1\":[\"ctx\"]},\"max_chars\":42}",
            &two,
        )
        .unwrap();
        assert_eq!(
            got,
            vec![
                ("ep1#1".to_string(), "a".to_string()),
                ("ep1#2".to_string(), "b".to_string())
            ]
        );
        // With two lines asked, an unknown key stays what it is (an invented id).
        let got = parse_content("{\"translation\": \"سلام\", \"7\": \"x\"}", &two).unwrap();
        assert_eq!(
            got,
            vec![
                ("7".to_string(), "x".to_string()),
                ("translation".to_string(), "سلام".to_string())
            ]
        );
        assert!(matches!(
            parse_content("no json here", &two),
            Err(BackendError::Malformed(_))
        ));
        assert!(matches!(
            parse_content("\"just a string\"", &two),
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
        assert!(
            p.system.starts_with(INSTRUCTIONS),
            "stable part first for prompt caching"
        );
        assert_eq!(
            p.user,
            r#"{"lines":{"1":"你好","2":"再见"},"max_chars":{"1":42}}"#
        );
        assert_eq!(p.ids, ids(&[("1", "ep1#1"), ("2", "ep1#2")]));
        let format = p.format.clone().unwrap();
        assert_eq!(
            format["json_schema"]["schema"]["required"],
            json!(["1", "2"])
        );
        assert_eq!(format["json_schema"]["strict"], true);
        let total =
            p.system.chars().count() + p.user.chars().count() + format.to_string().chars().count();
        assert_eq!(p.overhead(&r), total as u64 - 4);
        assert!(build_prompt(&r, ResponseFormat::None).unwrap().overhead(&r) < p.overhead(&r));
    }

    /// Realistic Chinese dialogue lines (about 14 characters, as in the benchmark corpus).
    const LINES: [&str; 10] = [
        "开春以后，顾师傅就再也没回来过。",
        "你怎么知道他还在城里？",
        "我昨天在码头看见他了。",
        "别胡说，那天雾那么大。",
        "真的，他还戴着那顶旧帽子。",
        "好吧，明天一早我们去找他。",
        "林晓，你先回家休息吧。",
        "我睡不着，总觉得要出事。",
        "有我在，不会有事的。",
        "那你答应我，千万别一个人去。",
    ];

    /// A batch of `n` consecutive cues of one episode, each with the segmenter's context.
    fn dialogue(n: usize, start: usize) -> BatchRequest {
        let line = |k: usize| {
            LINES
                .get(k % LINES.len())
                .copied()
                .unwrap_or("")
                .to_string()
        };
        let segments = (start..start + n)
            .map(|k| Segment {
                id: format!("ep005#{k}"),
                text: line(k),
                context: SegmentContext {
                    speaker: None,
                    before: (k.saturating_sub(2)..k).map(line).collect(),
                    after: vec![line(k + 1)],
                    max_chars: Some(42),
                    terms: Vec::new(),
                },
            })
            .collect();
        BatchRequest {
            source_lang: "zh-Hans".into(),
            target_lang: "en".into(),
            segments,
            synopsis: Some("Shanghai, 1937: a dock worker searches for his missing mentor.".into()),
            glossary_id: None,
        }
    }

    #[test]
    fn prompt_overhead_of_a_chinese_batch_is_small() {
        let r = dialogue(40, 10);
        let p = build_prompt(&r, ResponseFormat::JsonSchema).unwrap();
        let text = r.text_chars() as f64;
        let overhead = p.overhead(&r) as f64;
        let system = p.system.chars().count() as f64;
        // Per-batch part (ids, keys, context, budget, schema): what grows with the batch.
        let per_batch = (overhead - system) / text;
        assert!(per_batch <= 1.5, "per-batch overhead {per_batch:.2} × text");
        // Contiguous: 2 lines before the first, 1 after the last, nothing in between.
        let user: Value = serde_json::from_str(&p.user).unwrap();
        assert_eq!(user["before"], json!({"1": [LINES[8], LINES[9]]}));
        assert_eq!(user["after"], json!({"40": [LINES[0]]}));
        assert_eq!(user["max_chars"], 42);
        assert!(
            p.format.unwrap()["json_schema"].get("strict").is_none(),
            "a full batch gets the open schema"
        );
        // Everything, system prompt included, at the default 80-line batch: within issue 5's
        // season target (2.5) with room for re-asks and the short batches at gaps.
        let big = dialogue(80, 10);
        let pb = build_prompt(&big, ResponseFormat::JsonSchema).unwrap();
        let whole = pb.overhead(&big) as f64 / big.text_chars() as f64;
        assert!(whole <= 2.0, "whole overhead {whole:.2} × text");
        assert!(whole < overhead / text, "the system prompt is amortised");
    }

    #[test]
    fn gaps_carry_their_context_once() {
        // Cues 10..=13 and 15..=16: cue 14 was de-duplicated away.
        let mut r = dialogue(7, 10);
        r.segments.remove(4);
        let p = build_prompt(&r, ResponseFormat::JsonSchema).unwrap();
        let user: Value = serde_json::from_str(&p.user).unwrap();
        // Cue 14 alone is missing, between two lines of the batch: it is not sent as context.
        assert_eq!(user["before"], json!({"1": [LINES[8], LINES[9]]}));
        assert_eq!(user["after"], json!({"6": [LINES[7]]}));
        // A gap of two lines (14 and 15) is shown once, as the lines before cue 16.
        let mut r2 = dialogue(7, 10);
        r2.segments.drain(4..6);
        let p2 = build_prompt(&r2, ResponseFormat::JsonSchema).unwrap();
        let user2: Value = serde_json::from_str(&p2.user).unwrap();
        assert_eq!(
            user2["before"],
            json!({"1": [LINES[8], LINES[9]], "5": [LINES[5]]})
        );
        assert_eq!(user2["after"], json!({"4": [LINES[4]], "5": [LINES[7]]}));
        // Lines in batch order, not sorted as strings.
        let keys: Vec<&String> = user["lines"].as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 6);
        assert!(p.user.find("\"1\":").unwrap() < p.user.find("\"6\":").unwrap());
        // A segment from elsewhere keeps its own context.
        let mut other = dialogue(1, 3);
        other.segments[0].context.speaker = Some("林晓".into());
        r.segments.extend(other.segments);
        let p = build_prompt(&r, ResponseFormat::JsonSchema).unwrap();
        let user: Value = serde_json::from_str(&p.user).unwrap();
        assert_eq!(user["before"]["7"], json!([LINES[1], LINES[2]]));
        assert_eq!(user["after"]["7"], json!([LINES[4]]));
        assert_eq!(user["speakers"], json!({"7": "林晓"}));
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
