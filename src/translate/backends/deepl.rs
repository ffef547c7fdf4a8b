//! The `deepl` backend: DeepL API v2 `POST /v2/translate` (JSON body), and glossary sync through
//! `GET`/`POST /v2/glossaries`.
//!
//! Request mapping (one batch → one request): `text` is the batch's segment texts in order,
//! `tag_handling: "xml"` so the `<x id="N"/>` placeholders are kept and moved with the words,
//! `ignore_tags: ["g"]` when a segment carries a fixed term (its content stays as sent), and
//! `split_sentences: "nonewlines"` (a cue is one unit; DeepL must not split it on sentence ends the
//! way it would a paragraph). `context` carries the synopsis and the neighbouring cues — DeepL
//! translates each `text` alone, so this is the only way it sees the surrounding dialogue; context
//! characters are not billed. `show_billed_characters` makes the reply say what was billed.
//! The reply's `translations` are positional: a reply with another count cannot be aligned and is
//! `Malformed` (retried, then bisected by the scheduler).
//!
//! Endpoint: keys ending in `:fx` are Free-plan keys and go to `api-free.deepl.com`, others to
//! `api.deepl.com`; `--backend-url` overrides both. Auth is the `Authorization: DeepL-Auth-Key KEY`
//! header (DeepL asks not to send keys as query parameters).
//!
//! Languages: BCP 47 tags map to DeepL codes — sources are the bare language (`ZH`, `EN`, `PT`),
//! targets carry DeepL's variants (`EN-US`/`EN-GB`, `PT-BR`/`PT-PT`, `ZH-HANS`/`ZH-HANT`,
//! `ES-419`). The lists are the documented ones (developers.deepl.com, "Languages supported").
//! Languages DeepL marks as beta (Persian `FA` among them) need `enable_beta_languages`; they are
//! accepted only when the configuration opts in, so `fa` fails in `supports()` by default.
//!
//! Errors: 429 and 529 → `RateLimited` (with `Retry-After`), 456 (quota exhausted for the billing
//! period) → `Quota`, 401/403 → `Auth`, 400 `{"message": …}` naming a language →
//! `UnsupportedLanguage`, other statuses through `http::status_error`.

use std::collections::HashSet;

use reqwest::header::{AUTHORIZATION, HeaderMap};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::glossary_terms;
use super::http::{self, HttpClient, HttpConfig, LangTag, Reply, Secret};
use crate::translate::{
    Backend, BackendError, BackendIdentity, BatchLimits, BatchReply, BatchRequest, BoxFuture,
};

/// Endpoint for Free-plan keys (ending in `:fx`).
pub const FREE_URL: &str = "https://api-free.deepl.com";
/// Endpoint for Pro keys.
pub const PRO_URL: &str = "https://api.deepl.com";
/// Bump when the request mapping changes translations (memory key).
const MAPPING_VERSION: &str = "deepl-xml-1";
/// Context characters sent per request (free of charge, but large contexts slow DeepL down).
const MAX_CONTEXT_CHARS: usize = 2_000;

/// Source languages (developers.deepl.com "Languages supported"; `HE`, `TH`, `VI` are served by
/// the next-gen models only).
const SOURCE_LANGS: &[&str] = &[
    "AR", "BG", "CS", "DA", "DE", "EL", "EN", "ES", "ET", "FI", "FR", "HE", "HU", "ID", "IT", "JA",
    "KO", "LT", "LV", "NB", "NL", "PL", "PT", "RO", "RU", "SK", "SL", "SV", "TH", "TR", "UK", "VI",
    "ZH",
];

/// Target languages and variants.
const TARGET_LANGS: &[&str] = &[
    "AR", "BG", "CS", "DA", "DE", "EL", "EN-GB", "EN-US", "ES", "ES-419", "ET", "FI", "FR", "HE",
    "HU", "ID", "IT", "JA", "KO", "LT", "LV", "NB", "NL", "PL", "PT-BR", "PT-PT", "RO", "RU", "SK",
    "SL", "SV", "TH", "TR", "UK", "VI", "ZH-HANS", "ZH-HANT",
];

/// Languages DeepL lists as beta (source and target), usable only with `enable_beta_languages`.
/// Not exhaustive: `DeeplConfig::extra_languages` admits codes added after this list.
const BETA_LANGS: &[&str] = &[
    "ACE", "AF", "AN", "AS", "AY", "AZ", "BA", "BE", "BHO", "BN", "BR", "BS", "CA", "CEB", "CKB",
    "CY", "EO", "EU", "FA", "GA", "GL", "GN", "GOM", "GU",
];

/// Targets that accept `formality` (`more`/`less`); others get the `prefer_` form, which DeepL
/// ignores where formality does not apply instead of failing the request.
const FORMALITY_TARGETS: &[&str] = &[
    "DE", "FR", "IT", "ES", "ES-419", "NL", "PL", "PT-BR", "PT-PT", "JA", "RU",
];

/// DeepL settings (from `subloc.yaml` and the command line).
#[derive(Debug, Clone, PartialEq)]
pub struct DeeplConfig {
    /// From `DEEPL_API_KEY` or the variable the configuration names.
    pub api_key: Secret,
    /// `--backend-url`; `None` picks Free or Pro by the key.
    pub base_url: Option<String>,
    /// `more`, `less`, `prefer_more`, `prefer_less` or `default`.
    pub formality: Option<String>,
    /// `quality_optimized`, `prefer_quality_optimized` or `latency_optimized`.
    pub model_type: Option<String>,
    /// Send the synopsis and neighbouring cues as `context`.
    pub send_context: bool,
    /// Accept DeepL's beta languages (sends `enable_beta_languages`).
    pub beta_languages: bool,
    /// DeepL codes to accept beyond the built-in lists (`["FA"]`, a newly released language).
    pub extra_languages: Vec<String>,
    /// Transport; `http.timeout` is also the per-request timeout the scheduler applies.
    pub http: HttpConfig,
    /// Batch sizes, concurrency and rate limits (`limits.timeout` is taken from `http.timeout`).
    pub limits: BatchLimits,
    /// With a synced glossary (`glossary-sync`), send a fixed term as its source form where that
    /// is cheaper than its rendering, checked on the way back (`glossary_terms`).
    pub glossary_terms: bool,
}

impl DeeplConfig {
    pub fn new(api_key: impl Into<Secret>) -> Self {
        let http = HttpConfig::default();
        DeeplConfig {
            api_key: api_key.into(),
            base_url: None,
            formality: None,
            model_type: None,
            send_context: true,
            beta_languages: false,
            extra_languages: Vec::new(),
            glossary_terms: false,
            limits: BatchLimits {
                max_segments: 50,
                // The request body limit is 128 KiB; keep room for JSON quoting and `context`.
                max_bytes: 96 * 1024,
                max_chars: 30_000,
                concurrency: 4,
                timeout: http.timeout,
                ..BatchLimits::default()
            },
            http,
        }
    }

    /// The endpoint requests go to.
    pub fn endpoint(&self) -> String {
        match &self.base_url {
            Some(u) => u.clone(),
            None if self.api_key.expose().trim_end().ends_with(":fx") => FREE_URL.to_string(),
            None => PRO_URL.to_string(),
        }
    }
}

/// The DeepL backend.
#[derive(Debug)]
pub struct DeeplBackend {
    cfg: DeeplConfig,
    http: HttpClient,
    base: String,
    auth: HeaderMap,
}

#[derive(Serialize)]
struct TranslateBody<'a> {
    text: Vec<&'a str>,
    source_lang: String,
    target_lang: String,
    tag_handling: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ignore_tags: Vec<&'static str>,
    split_sentences: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    context: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    formality: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    glossary_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    model_type: Option<&'a str>,
    show_billed_characters: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    enable_beta_languages: bool,
}

#[derive(Deserialize)]
struct TranslateReply {
    translations: Vec<Translation>,
}

#[derive(Deserialize)]
struct Translation {
    text: String,
    #[serde(default)]
    billed_characters: Option<u64>,
}

#[derive(Deserialize)]
struct ErrorReply {
    #[serde(default, alias = "Message")]
    message: Option<String>,
    #[serde(default)]
    detail: Option<String>,
}

#[derive(Serialize)]
struct CreateGlossary<'a> {
    name: &'a str,
    source_lang: &'a str,
    target_lang: &'a str,
    entries: &'a str,
    entries_format: &'static str,
}

#[derive(Deserialize)]
struct GlossaryInfo {
    glossary_id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    ready: Option<bool>,
}

#[derive(Deserialize)]
struct GlossaryList {
    #[serde(default)]
    glossaries: Vec<GlossaryInfo>,
}

/// DeepL's source code for a BCP 47 tag (the bare language: `zh-Hant` → `ZH`), before checking
/// support.
pub fn source_code(tag: &str) -> Option<String> {
    let t = LangTag::parse(tag)?;
    Some(base_code(&t.lang))
}

/// DeepL's target code for a BCP 47 tag (`en` → `EN-US`, `en-GB` → `EN-GB`, `pt` → `PT-BR`,
/// `zh-TW` → `ZH-HANT`), before checking support. Unmarked English and Portuguese follow CLDR's
/// likely regions (US, BR).
pub fn target_code(tag: &str) -> Option<String> {
    let t = LangTag::parse(tag)?;
    let region = t.region.as_deref();
    let code = match t.lang.as_str() {
        "en" => match region {
            None | Some("US" | "CA" | "PR" | "PH" | "UM" | "VI" | "AS" | "GU" | "MP") => "EN-US",
            Some(_) => "EN-GB",
        }
        .to_string(),
        "pt" => match region {
            None | Some("BR") => "PT-BR",
            Some(_) => "PT-PT",
        }
        .to_string(),
        "zh" if t.is_traditional_chinese() => "ZH-HANT".to_string(),
        "zh" => "ZH-HANS".to_string(),
        "es" if region == Some("419") => "ES-419".to_string(),
        other => base_code(other),
    };
    Some(code)
}

/// Characters of an XML segment text outside its tags, an entity or character reference
/// counting as the one character it stands for (what DeepL bills with `tag_handling=xml`).
pub fn billable_outside_tags(text: &str) -> u64 {
    let mut n = 0u64;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '<' => {
                // Skip to the end of the tag; an unclosed `<` skips the rest (not valid XML).
                for t in chars.by_ref() {
                    if t == '>' {
                        break;
                    }
                }
            }
            '&' => {
                // `&name;` or `&#…;`: one character. A bare `&` (not valid XML) counts as itself.
                let rest = chars.as_str();
                let name = rest.find(';').and_then(|end| rest.get(..end));
                if let Some(name) = name
                    && (1..=10).contains(&name.len())
                    && !name.contains([' ', '<', '&'])
                {
                    chars = rest.get(name.len() + 1..).unwrap_or("").chars();
                }
                n += 1;
            }
            _ => n += 1,
        }
    }
    n
}

fn base_code(lang: &str) -> String {
    match lang {
        "no" | "nb" => "NB".to_string(),
        "iw" => "HE".to_string(),
        other => other.to_ascii_uppercase(),
    }
}

impl DeeplBackend {
    pub fn new(cfg: DeeplConfig) -> Result<DeeplBackend, BackendError> {
        if cfg.api_key.expose().trim().is_empty() {
            return Err(BackendError::auth_missing());
        }
        let base = cfg.endpoint();
        // Validate the URL once, here, rather than on every request.
        http::join_url(&base, "/v2/translate")?;
        let mut auth = HeaderMap::new();
        auth.insert(
            AUTHORIZATION,
            http::secret_header(&format!("DeepL-Auth-Key {}", cfg.api_key.expose().trim()))?,
        );
        let http = HttpClient::new(cfg.http.clone())?;
        Ok(DeeplBackend {
            cfg,
            http,
            base,
            auth,
        })
    }

    fn key(&self) -> &str {
        self.cfg.api_key.expose()
    }

    fn accepts(&self, code: &str, builtin: &[&str]) -> bool {
        builtin.contains(&code)
            || (self.cfg.beta_languages && BETA_LANGS.contains(&code))
            || self
                .cfg
                .extra_languages
                .iter()
                .any(|c| c.eq_ignore_ascii_case(code))
    }

    fn uses_beta(&self, source: &str, target: &str) -> bool {
        self.cfg.beta_languages && (BETA_LANGS.contains(&source) || BETA_LANGS.contains(&target))
    }

    fn codes(
        &self,
        source_lang: &str,
        target_lang: &str,
    ) -> Result<(String, String), BackendError> {
        let unsupported = |lang: &str| BackendError::UnsupportedLanguage {
            lang: lang.to_string(),
        };
        let source = source_code(source_lang)
            .filter(|c| self.accepts(c, SOURCE_LANGS))
            .ok_or_else(|| unsupported(source_lang))?;
        let target = target_code(target_lang)
            .filter(|c| self.accepts(c, TARGET_LANGS))
            .ok_or_else(|| unsupported(target_lang))?;
        Ok((source, target))
    }

    /// True when `lang` (a BCP 47 tag) is one of DeepL's beta languages and this backend has not
    /// opted in: the message for an unsupported language then says how to opt in.
    pub fn needs_beta_opt_in(&self, lang: &str) -> bool {
        !self.cfg.beta_languages
            && [source_code(lang), target_code(lang)]
                .into_iter()
                .flatten()
                .any(|c| BETA_LANGS.contains(&c.as_str()))
    }

    fn formality_for(&self, target: &str) -> Option<String> {
        let f = self.cfg.formality.as_deref()?.trim();
        match f {
            "" | "default" => None,
            "more" | "less" if !FORMALITY_TARGETS.contains(&target) => Some(format!("prefer_{f}")),
            other => Some(other.to_string()),
        }
    }

    fn body<'a>(&'a self, req: &'a BatchRequest) -> Result<TranslateBody<'a>, BackendError> {
        let (source, target) = self.codes(&req.source_lang, &req.target_lang)?;
        let has_terms = req.segments.iter().any(|s| s.text.contains("<g "));
        Ok(TranslateBody {
            text: req.segments.iter().map(|s| s.text.as_str()).collect(),
            enable_beta_languages: self.uses_beta(&source, &target),
            formality: self.formality_for(&target),
            source_lang: source,
            target_lang: target,
            tag_handling: "xml",
            ignore_tags: if has_terms { vec!["g"] } else { Vec::new() },
            split_sentences: "nonewlines",
            context: if self.cfg.send_context {
                context_for(req)
            } else {
                None
            },
            glossary_id: req.glossary_id.as_deref(),
            model_type: self.cfg.model_type.as_deref(),
            show_billed_characters: true,
        })
    }

    /// One batch: as it is, or — with a synced glossary — with the fixed terms that are cheaper
    /// as their source form swapped (`glossary_terms`); a segment whose reply does not bring
    /// each swapped rendering back exactly is sent again as it was.
    async fn run(&self, req: &BatchRequest) -> Result<BatchReply, BackendError> {
        if !self.cfg.glossary_terms || req.glossary_id.is_none() {
            return self.send(req).await;
        }
        let mut swapped = req.clone();
        let mut swaps = Vec::with_capacity(req.segments.len());
        for s in &mut swapped.segments {
            let (text, made) = glossary_terms::swap_terms(&s.text, &s.context.terms);
            s.text = text;
            swaps.push(made);
        }
        if swaps.iter().all(Vec::is_empty) {
            return self.send(req).await;
        }
        let mut reply = self.send(&swapped).await?;
        let mut again = Vec::new();
        for (seg, made) in req.segments.iter().zip(&swaps) {
            if made.is_empty() {
                continue;
            }
            let Some(slot) = reply.translations.iter_mut().find(|(id, _)| *id == seg.id) else {
                continue;
            };
            match glossary_terms::restore_terms(&slot.1, made) {
                Some(text) => slot.1 = text,
                None => again.push(seg.clone()),
            }
        }
        if !again.is_empty() {
            let ids: HashSet<&str> = again.iter().map(|s| s.id.as_str()).collect();
            reply
                .translations
                .retain(|(id, _)| !ids.contains(id.as_str()));
            let retry = BatchRequest {
                segments: again,
                ..req.clone()
            };
            let second = self.send(&retry).await?;
            reply.translations.extend(second.translations);
            reply.billed_chars += second.billed_chars;
        }
        Ok(reply)
    }

    async fn send(&self, req: &BatchRequest) -> Result<BatchReply, BackendError> {
        let body = self.body(req)?;
        let url = http::join_url(&self.base, "/v2/translate")?;
        let reply = self.http.post_json(url, self.auth.clone(), &body).await?;
        if !reply.is_success() {
            return Err(self.classify(&reply, req));
        }
        let parsed: TranslateReply = reply.json()?;
        if parsed.translations.len() != req.segments.len() {
            return Err(BackendError::Malformed(format!(
                "{} translations for {} texts",
                parsed.translations.len(),
                req.segments.len()
            )));
        }
        let billed: Option<u64> = parsed
            .translations
            .iter()
            .map(|t| t.billed_characters)
            .sum();
        Ok(BatchReply {
            translations: req
                .segments
                .iter()
                .zip(parsed.translations)
                .map(|(s, t)| (s.id.clone(), t.text))
                .collect(),
            // Without `billed_characters` in the reply (older servers, gateways), what DeepL's
            // billing rule gives for the texts sent — not their length with the tags, which
            // DeepL does not bill (see `billable_chars`).
            billed_chars: billed.unwrap_or_else(|| {
                req.segments
                    .iter()
                    .map(|s| billable_outside_tags(&s.text))
                    .sum()
            }),
            prompt_chars: 0,
            usage: None,
            // DeepL documents no rate-limit headers; a gateway in front of it may send them.
            rate: reply.rate_hint(),
        })
    }

    fn classify(&self, reply: &Reply, req: &BatchRequest) -> BackendError {
        let message = serde_json::from_slice::<ErrorReply>(&reply.body)
            .ok()
            .and_then(|e| e.message.or(e.detail))
            .map(|m| http::redact(&m, self.key()));
        let excerpt = || match &message {
            Some(m) => http::excerpt(m.as_bytes(), self.key()),
            None => http::excerpt(&reply.body, self.key()),
        };
        match reply.status {
            456 => BackendError::Quota {
                status: 456,
                message: excerpt(),
            },
            429 | 529 => BackendError::RateLimited {
                retry_after: reply.retry_after(),
            },
            400 => {
                let m = message.as_deref().unwrap_or("").to_ascii_lowercase();
                if m.contains("lang") && (m.contains("not supported") || m.contains("unsupported"))
                {
                    let lang = if m.contains("source_lang") {
                        &req.source_lang
                    } else {
                        &req.target_lang
                    };
                    BackendError::UnsupportedLanguage { lang: lang.clone() }
                } else {
                    BackendError::Server {
                        status: 400,
                        body_excerpt: excerpt(),
                    }
                }
            }
            _ => http::status_error(reply, self.key()),
        }
    }

    /// Makes sure DeepL has a glossary with exactly `entries` (source term, target rendering) for
    /// the pair, and returns its id for `RunConfig::glossary_id`; `None` when there is nothing to
    /// sync. Glossaries are immutable, so the name carries a hash of the content: an unchanged
    /// glossary is found by name and reused, a changed one is created anew (old ones are left for
    /// the user to delete). Entries with tabs or line breaks cannot be expressed in TSV and are
    /// skipped; the first entry for a source term wins.
    pub async fn sync_glossary(
        &self,
        source_lang: &str,
        target_lang: &str,
        entries: &[(String, String)],
    ) -> Result<Option<String>, BackendError> {
        let (source, target) = self.codes(source_lang, target_lang)?;
        // Glossaries are per language, not variant (an `EN` glossary serves EN-GB and EN-US).
        let gsource = source.to_ascii_lowercase();
        let gtarget = target
            .split('-')
            .next()
            .unwrap_or(&target)
            .to_ascii_lowercase();
        let tsv = glossary_tsv(entries);
        if tsv.is_empty() {
            return Ok(None);
        }
        let name = glossary_name(&gsource, &gtarget, &tsv);
        let list_url = http::join_url(&self.base, "/v2/glossaries")?;
        let reply = self.http.get(list_url.clone(), self.auth.clone()).await?;
        if !reply.is_success() {
            return Err(self.glossary_error(&reply));
        }
        let list: GlossaryList = reply.json()?;
        if let Some(g) = list
            .glossaries
            .into_iter()
            .find(|g| g.name == name && g.ready != Some(false))
        {
            return Ok(Some(g.glossary_id));
        }
        let body = CreateGlossary {
            name: &name,
            source_lang: &gsource,
            target_lang: &gtarget,
            entries: &tsv,
            entries_format: "tsv",
        };
        let reply = self
            .http
            .post_json(list_url, self.auth.clone(), &body)
            .await?;
        if !reply.is_success() {
            return Err(self.glossary_error(&reply));
        }
        let created: GlossaryInfo = reply.json()?;
        Ok(Some(created.glossary_id))
    }

    fn glossary_error(&self, reply: &Reply) -> BackendError {
        match reply.status {
            456 => BackendError::Quota {
                status: 456,
                message: http::provider_message(&reply.body, self.key()),
            },
            429 | 529 => BackendError::RateLimited {
                retry_after: reply.retry_after(),
            },
            _ => http::status_error(reply, self.key()),
        }
    }
}

/// TSV for the glossary API: sorted by source term so equal glossaries hash equally.
fn glossary_tsv(entries: &[(String, String)]) -> String {
    let mut seen = HashSet::new();
    let mut rows: Vec<(&str, &str)> = Vec::new();
    for (s, t) in entries {
        let (s, t) = (s.trim(), t.trim());
        let bad = |x: &str| x.is_empty() || x.contains(['\t', '\n', '\r']);
        if bad(s) || bad(t) || !seen.insert(s) {
            continue;
        }
        rows.push((s, t));
    }
    rows.sort_unstable();
    let mut out = String::new();
    for (s, t) in rows {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(s);
        out.push('\t');
        out.push_str(t);
    }
    out
}

fn glossary_name(source: &str, target: &str, tsv: &str) -> String {
    let mut h = Sha256::new();
    h.update(source.as_bytes());
    h.update([0]);
    h.update(target.as_bytes());
    h.update([0]);
    h.update(tsv.as_bytes());
    let digest = h.finalize();
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("subloc {source}-{target} {hex}")
}

/// The synopsis and the distinct neighbouring lines of the batch, capped.
fn context_for(req: &BatchRequest) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    if let Some(s) = req
        .synopsis
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        parts.push(s);
    }
    let mut seen: HashSet<&str> = HashSet::new();
    for seg in &req.segments {
        for line in seg.context.before.iter().chain(&seg.context.after) {
            let line = line.trim();
            if !line.is_empty() && seen.insert(line) {
                parts.push(line);
            }
        }
    }
    let mut out = String::new();
    let mut chars = 0usize;
    for p in parts {
        let n = p.chars().count() + 1;
        if chars + n > MAX_CONTEXT_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(p);
        chars += n;
    }
    (!out.is_empty()).then_some(out)
}

impl Backend for DeeplBackend {
    fn identity(&self) -> BackendIdentity {
        let mut id = BackendIdentity::new("deepl");
        id.model = self.cfg.model_type.clone();
        id.prompt_version = Some(MAPPING_VERSION.to_string());
        if let Some(f) = self.cfg.formality.as_deref().filter(|f| *f != "default") {
            id.options.push(("formality".into(), f.to_string()));
        }
        id.options.push((
            "context".into(),
            if self.cfg.send_context { "on" } else { "off" }.into(),
        ));
        if self.cfg.glossary_terms {
            // The answer to a swapped term comes from the synced glossary: another answer.
            id.options.push(("terms".into(), "glossary".into()));
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

    /// DeepL bills the source text's Unicode code points, but with `tag_handling` set (always,
    /// here) not the characters of XML tags and their attributes, and never the `context`
    /// parameter — support.deepl.com "Usage count and billing in DeepL API" and
    /// developers.deepl.com "Estimating character usage". The content of `<g>` (a fixed
    /// term's rendering) is text and is billed; an escape (`&lt;`) is one character of text.
    fn billable_chars(&self, text: &str) -> u64 {
        billable_outside_tags(text)
    }

    fn supports(&self, source_lang: &str, target_lang: &str) -> Result<(), BackendError> {
        self.codes(source_lang, target_lang).map(|_| ())
    }

    fn translate<'a>(
        &'a self,
        req: &'a BatchRequest,
    ) -> BoxFuture<'a, Result<BatchReply, BackendError>> {
        Box::pin(async move { self.run(req).await })
    }
}

impl crate::translate::GlossarySync for DeeplBackend {
    fn sync<'a>(
        &'a self,
        source_lang: &'a str,
        target_lang: &'a str,
        entries: &'a [(String, String)],
    ) -> crate::translate::BoxFuture<'a, Result<Option<String>, BackendError>> {
        Box::pin(self.sync_glossary(source_lang, target_lang, entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deepl_bills_text_but_not_tags() {
        // Tags and their attributes are free; a fixed term's rendering inside <g> is text.
        assert_eq!(billable_outside_tags("你好<x id=\"1\"/>世界"), 4);
        assert_eq!(
            billable_outside_tags("<g id=\"2\">刺绣</g>很美"),
            4,
            "the rendering is billed, its tag is not"
        );
        assert_eq!(billable_outside_tags("a &lt;b&gt; &amp; c"), 9);
        assert_eq!(
            billable_outside_tags("AT&T"),
            4,
            "a bare ampersand is itself"
        );
        assert_eq!(billable_outside_tags(""), 0);
    }

    #[test]
    fn target_codes_follow_deepl_variants() {
        let cases = [
            ("en", "EN-US"),
            ("en-US", "EN-US"),
            ("en-GB", "EN-GB"),
            ("en-AU", "EN-GB"),
            ("pt", "PT-BR"),
            ("pt-BR", "PT-BR"),
            ("pt-PT", "PT-PT"),
            ("zh", "ZH-HANS"),
            ("zh-Hans", "ZH-HANS"),
            ("zh-CN", "ZH-HANS"),
            ("zh-Hant", "ZH-HANT"),
            ("zh-TW", "ZH-HANT"),
            ("zh_HK", "ZH-HANT"),
            ("es-419", "ES-419"),
            ("es-ES", "ES"),
            ("no", "NB"),
            ("fa", "FA"),
        ];
        for (tag, want) in cases {
            assert_eq!(target_code(tag).as_deref(), Some(want), "{tag}");
        }
        assert_eq!(source_code("zh-Hant").as_deref(), Some("ZH"));
        assert_eq!(source_code("en-GB").as_deref(), Some("EN"));
        assert_eq!(target_code("???"), None);
    }

    fn backend(beta: bool) -> DeeplBackend {
        let mut cfg = DeeplConfig::new("k:fx");
        cfg.beta_languages = beta;
        DeeplBackend::new(cfg).unwrap()
    }

    #[test]
    fn beta_languages_need_opting_in() {
        let b = backend(false);
        assert!(b.supports("zh-Hans", "en-GB").is_ok());
        assert_eq!(
            b.supports("zh-Hans", "fa"),
            Err(BackendError::UnsupportedLanguage { lang: "fa".into() })
        );
        assert_eq!(
            b.supports("xx", "en"),
            Err(BackendError::UnsupportedLanguage { lang: "xx".into() })
        );
        assert!(backend(true).supports("zh", "fa").is_ok());
    }

    #[test]
    fn free_keys_use_the_free_endpoint() {
        assert_eq!(DeeplConfig::new("abc:fx").endpoint(), FREE_URL);
        assert_eq!(DeeplConfig::new("abc").endpoint(), PRO_URL);
        let mut c = DeeplConfig::new("abc:fx");
        c.base_url = Some("http://127.0.0.1:9".into());
        assert_eq!(c.endpoint(), "http://127.0.0.1:9");
    }

    #[test]
    fn glossary_tsv_is_canonical() {
        let e = |s: &str, t: &str| (s.to_string(), t.to_string());
        let a = glossary_tsv(&[e("b", "B"), e("a", "A"), e("a", "X"), e("t\tab", "x")]);
        assert_eq!(a, "a\tA\nb\tB");
        let n1 = glossary_name("zh", "en", &a);
        let n2 = glossary_name("zh", "en", &glossary_tsv(&[e("a", "A"), e("b", "B")]));
        assert_eq!(n1, n2);
        assert_ne!(n1, glossary_name("zh", "en", "a\tA"));
        assert!(n1.starts_with("subloc zh-en "));
    }
}
