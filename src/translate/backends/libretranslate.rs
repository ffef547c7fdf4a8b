//! The `libretranslate` backend: `POST {base}/translate` with `{"q":[…],"source","target",
//! "format":"html","api_key"?}` → `{"translatedText":[…]}` (an array because `q` is one), and
//! `GET {base}/languages` → `[{"code","name","targets":[…]}]` to learn what a server offers.
//!
//! Placeholders travel in HTML form like Google's (`placeholder_html::to_html`/`from_html`):
//! LibreTranslate translates the text between tags and keeps `translate="no"` spans.
//!
//! Language codes differ between LibreTranslate versions: older servers use `zh` (simplified),
//! `zt` (traditional) and `pb` (Brazilian Portuguese), newer ones also accept `zh-Hans`,
//! `zh-Hant`, `pt-BR`. Each BCP 47 tag has candidate codes; after `fetch_languages` the first one
//! the server lists is used and `supports()` checks the pair against the server's own list
//! (including each source's `targets`). Without that list any well-formed tag is accepted and the
//! legacy code is sent, which every version understands.
//!
//! Errors are `{"error":"…"}`: 400 naming an unsupported language → `UnsupportedLanguage`,
//! 403 (missing/invalid key) → `Auth`, 429 (`Slowdown`) → `RateLimited`, 5xx → `Server`.

use std::sync::RwLock;

use reqwest::header::HeaderMap;
use serde::{Deserialize, Serialize};

use super::http::{self, HttpClient, HttpConfig, LangTag, Reply, Secret};
use super::placeholder_html::{from_html, to_html};
use crate::translate::{
    Backend, BackendError, BackendIdentity, BatchLimits, BatchReply, BatchRequest, Billing,
    BoxFuture,
};

/// The usual address of a self-hosted server.
pub const DEFAULT_URL: &str = "http://127.0.0.1:5000";
const MAPPING_VERSION: &str = "libretranslate-html-1";

/// LibreTranslate settings.
#[derive(Debug, Clone, PartialEq)]
pub struct LibreTranslateConfig {
    /// `--backend-url` (default `http://127.0.0.1:5000`).
    pub base_url: String,
    /// `LIBRETRANSLATE_API_KEY`; hosted instances need one, self-hosted ones usually not.
    pub api_key: Option<Secret>,
    /// Transport; `http.timeout` is also the per-request timeout the scheduler applies.
    pub http: HttpConfig,
    /// Batch sizes, concurrency and rate limits (`limits.timeout` is taken from `http.timeout`).
    pub limits: BatchLimits,
}

impl LibreTranslateConfig {
    pub fn new(base_url: impl Into<String>) -> Self {
        let http = HttpConfig {
            // Self-hosted servers translate on a CPU: a batch can take a while.
            timeout: std::time::Duration::from_secs(120),
            ..HttpConfig::default()
        };
        LibreTranslateConfig {
            base_url: base_url.into(),
            api_key: None,
            limits: BatchLimits {
                max_segments: 50,
                max_bytes: 64 * 1024,
                max_chars: 5_000,
                concurrency: 2,
                timeout: http.timeout,
                ..BatchLimits::default()
            },
            http,
        }
    }
}

impl Default for LibreTranslateConfig {
    fn default() -> Self {
        LibreTranslateConfig::new(DEFAULT_URL)
    }
}

/// One language a server offers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LtLanguage {
    pub code: String,
    #[serde(default)]
    pub name: String,
    /// Codes it translates into (empty on old servers that do not say).
    #[serde(default)]
    pub targets: Vec<String>,
}

/// The LibreTranslate backend.
#[derive(Debug)]
pub struct LibreTranslateBackend {
    cfg: LibreTranslateConfig,
    http: HttpClient,
    languages: RwLock<Option<Vec<LtLanguage>>>,
}

#[derive(Serialize)]
struct Body<'a> {
    q: Vec<String>,
    source: String,
    target: String,
    format: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    api_key: Option<&'a str>,
}

#[derive(Deserialize)]
struct TranslateReply {
    #[serde(rename = "translatedText")]
    translated_text: OneOrMany,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    Many(Vec<String>),
    One(String),
}

#[derive(Deserialize)]
struct ErrorReply {
    error: String,
}

/// Candidate LibreTranslate codes for a BCP 47 tag, preferred (most widely understood) first.
pub fn candidate_codes(tag: &str) -> Option<Vec<String>> {
    let t = LangTag::parse(tag)?;
    let v = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    Some(match t.lang.as_str() {
        "zh" if t.is_traditional_chinese() => v(&["zt", "zh-Hant", "zh-TW"]),
        "zh" => v(&["zh", "zh-Hans", "zh-CN"]),
        "pt" if t.region.as_deref() == Some("BR") => v(&["pb", "pt-BR", "pt"]),
        "no" => v(&["nb", "no"]),
        other => vec![other.to_string()],
    })
}

impl LibreTranslateBackend {
    pub fn new(cfg: LibreTranslateConfig) -> Result<LibreTranslateBackend, BackendError> {
        http::join_url(&cfg.base_url, "/translate")?;
        let http = HttpClient::new(cfg.http.clone())?;
        Ok(LibreTranslateBackend {
            cfg,
            http,
            languages: RwLock::new(None),
        })
    }

    fn secret(&self) -> &str {
        self.cfg.api_key.as_ref().map(Secret::expose).unwrap_or("")
    }

    /// Asks the server which languages it has (`GET /languages`) and remembers them for
    /// `supports()` and code selection.
    pub async fn fetch_languages(&self) -> Result<Vec<LtLanguage>, BackendError> {
        let url = http::join_url(&self.cfg.base_url, "/languages")?;
        let reply = self.http.get(url, HeaderMap::new()).await?;
        if !reply.is_success() {
            return Err(self.classify(&reply, None));
        }
        let langs: Vec<LtLanguage> = reply.json()?;
        self.set_languages(langs.clone());
        Ok(langs)
    }

    /// Uses a known language list (from `fetch_languages` or configuration).
    pub fn set_languages(&self, langs: Vec<LtLanguage>) {
        if let Ok(mut slot) = self.languages.write() {
            *slot = Some(langs);
        }
    }

    /// (source code, target code) for the pair, checked against the server's list when known.
    fn codes(
        &self,
        source_lang: &str,
        target_lang: &str,
    ) -> Result<(String, String), BackendError> {
        let unsupported = |lang: &str| BackendError::UnsupportedLanguage {
            lang: lang.to_string(),
        };
        let src = candidate_codes(source_lang).ok_or_else(|| unsupported(source_lang))?;
        let tgt = candidate_codes(target_lang).ok_or_else(|| unsupported(target_lang))?;
        let known = self.languages.read().ok().and_then(|l| l.clone());
        let Some(langs) = known else {
            let first = |c: Vec<String>| c.into_iter().next().unwrap_or_default();
            return Ok((first(src), first(tgt)));
        };
        let source = langs
            .iter()
            .find(|l| src.iter().any(|c| c.eq_ignore_ascii_case(&l.code)))
            .ok_or_else(|| unsupported(source_lang))?;
        let target = tgt
            .iter()
            .find(|c| {
                if source.targets.is_empty() {
                    langs.iter().any(|l| l.code.eq_ignore_ascii_case(c))
                } else {
                    source.targets.iter().any(|t| t.eq_ignore_ascii_case(c))
                }
            })
            .ok_or_else(|| unsupported(target_lang))?;
        Ok((source.code.clone(), target.clone()))
    }

    async fn run(&self, req: &BatchRequest) -> Result<BatchReply, BackendError> {
        let (source, target) = self.codes(&req.source_lang, &req.target_lang)?;
        let body = Body {
            q: req.segments.iter().map(|s| to_html(&s.text)).collect(),
            source,
            target,
            format: "html",
            api_key: self
                .cfg
                .api_key
                .as_ref()
                .map(Secret::expose)
                .filter(|k| !k.is_empty()),
        };
        let url = http::join_url(&self.cfg.base_url, "/translate")?;
        let reply = self.http.post_json(url, HeaderMap::new(), &body).await?;
        if !reply.is_success() {
            return Err(self.classify(&reply, Some(req)));
        }
        let texts = match reply.json::<TranslateReply>()?.translated_text {
            OneOrMany::Many(v) => v,
            OneOrMany::One(s) => vec![s],
        };
        if texts.len() != req.segments.len() {
            return Err(BackendError::Malformed(format!(
                "{} translations for {} texts",
                texts.len(),
                req.segments.len()
            )));
        }
        Ok(BatchReply {
            translations: req
                .segments
                .iter()
                .zip(texts)
                .map(|(s, t)| (s.id.clone(), from_html(&t)))
                .collect(),
            billed_chars: req
                .segments
                .iter()
                .map(|s| self.billable_chars(&s.text))
                .sum(),
            prompt_chars: 0,
            usage: None,
            rate: None,
        })
    }

    fn classify(&self, reply: &Reply, req: Option<&BatchRequest>) -> BackendError {
        let message = serde_json::from_slice::<ErrorReply>(&reply.body)
            .ok()
            .map(|e| http::redact(&e.error, self.secret()));
        let excerpt = || match &message {
            Some(m) => http::excerpt(m.as_bytes(), self.secret()),
            None => http::excerpt(&reply.body, self.secret()),
        };
        if reply.status == 400
            && let (Some(m), Some(req)) = (&message, req)
        {
            let lower = m.to_ascii_lowercase();
            if lower.contains("not supported") {
                // "zh-Hans is not supported": name the tag the user gave.
                let lang = if candidate_codes(&req.source_lang)
                    .unwrap_or_default()
                    .iter()
                    .any(|c| lower.starts_with(&c.to_ascii_lowercase()))
                {
                    &req.source_lang
                } else {
                    &req.target_lang
                };
                return BackendError::UnsupportedLanguage { lang: lang.clone() };
            }
        }
        match reply.status {
            401 | 403 | 404 | 429 => http::status_error(reply, self.secret()),
            status => BackendError::Server {
                status,
                body_excerpt: excerpt(),
            },
        }
    }
}

impl Backend for LibreTranslateBackend {
    fn identity(&self) -> BackendIdentity {
        let mut id = BackendIdentity::new("libretranslate");
        id.prompt_version = Some(MAPPING_VERSION.to_string());
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
        // Hosted instances (the ones that want a key) bill per character; self-hosted is free.
        if self.cfg.api_key.as_ref().is_some_and(|k| !k.is_empty()) {
            Billing::Characters
        } else {
            Billing::Free
        }
    }

    /// LibreTranslate documents no billing rule: self-hosted it is free (`billing`), and hosted
    /// plans (portal.libretranslate.com) are flat-rate with a limit on the characters of `q`
    /// per call. What counts is the text as sent: its HTML form.
    fn billable_chars(&self, text: &str) -> u64 {
        to_html(text).chars().count() as u64
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

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(code: &str, targets: &[&str]) -> LtLanguage {
        LtLanguage {
            code: code.into(),
            name: code.into(),
            targets: targets.iter().map(|t| t.to_string()).collect(),
        }
    }

    #[test]
    fn codes_follow_the_server_list() {
        let b = LibreTranslateBackend::new(LibreTranslateConfig::default()).unwrap();
        // Unknown server: legacy codes.
        assert_eq!(
            b.codes("zh-Hant", "pt-BR").unwrap(),
            ("zt".to_string(), "pb".to_string())
        );
        b.set_languages(vec![
            lang("zh-Hans", &["en", "fa"]),
            lang("en", &["zh-Hans", "fa"]),
            lang("fa", &["en"]),
        ]);
        assert_eq!(
            b.codes("zh", "fa").unwrap(),
            ("zh-Hans".to_string(), "fa".to_string())
        );
        assert_eq!(
            b.supports("zh", "de"),
            Err(BackendError::UnsupportedLanguage { lang: "de".into() })
        );
        assert_eq!(
            b.supports("ja", "en"),
            Err(BackendError::UnsupportedLanguage { lang: "ja".into() })
        );
    }
}
