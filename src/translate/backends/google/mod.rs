//! The `google` backend: Cloud Translation Basic (v2, API key) and Advanced (v3 `translateText`,
//! bearer token, glossaries). Segments travel as HTML (`format=html`), their placeholders
//! rewritten by `translate::backends::placeholder_html`, which LibreTranslate shares.
//!
//! v2: `POST {base}/language/translate/v2?key=KEY` with `{"q":[…],"source","target",
//! "format":"html","model"?}` → `{"data":{"translations":[{"translatedText"}]}}` (at most 128
//! texts per request). v3: `POST {base}/v3/projects/{project}/locations/{location}:translateText`
//! with `Authorization: Bearer TOKEN` and `{"contents":[…],"mimeType":"text/html",
//! "sourceLanguageCode","targetLanguageCode","model"?,"glossaryConfig"?:{"glossary":…}}` →
//! `{"translations":[…],"glossaryTranslations":[…]}`; when a glossary was applied the
//! `glossaryTranslations` are the ones to use. Replies are positional: another count is
//! `Malformed`.
//!
//! Errors are `{"error":{"code","message","status","errors":[{"reason"}],"details":[…]}}`. v2
//! reports rate limits as 403 with reason `userRateLimitExceeded`/`rateLimitExceeded`, so reasons
//! are read before the status: rate → `RateLimited`, daily quota → `Quota`, invalid key → `Auth`.
//!
//! Glossary sync (v3 with `glossary-bucket`) lives in `glossary`.

mod glossary;

use reqwest::header::{AUTHORIZATION, HeaderMap};
use serde::{Deserialize, Serialize};

use super::http::{self, HttpClient, HttpConfig, LangTag, Reply, Secret};
/// Re-exported: the placeholder mapping was Google's first and callers still reach it here.
pub use super::placeholder_html::{from_html, to_html};
use crate::translate::{
    Backend, BackendError, BackendIdentity, BatchLimits, BatchReply, BatchRequest, BoxFuture,
};
use glossary::GcsLocation;
pub use glossary::{GlossarySyncConfig, glossary_csv, glossary_id};

/// Default endpoint of both API versions.
pub const DEFAULT_URL: &str = "https://translation.googleapis.com";
/// Default Cloud Storage endpoint (glossary uploads).
pub const DEFAULT_STORAGE_URL: &str = "https://storage.googleapis.com";
const MAPPING_VERSION: &str = "google-html-1";

/// Google's language codes (Cloud Translation "Language support"; BCP 47 tags map onto these).
const LANGS: &[&str] = &[
    "af", "ak", "am", "ar", "as", "ay", "az", "be", "bg", "bho", "bm", "bn", "bs", "ca", "ceb",
    "ckb", "co", "cs", "cy", "da", "de", "doi", "dv", "ee", "el", "en", "eo", "es", "et", "eu",
    "fa", "fi", "fr", "fy", "ga", "gd", "gl", "gn", "gom", "gu", "ha", "haw", "he", "hi", "hmn",
    "hr", "ht", "hu", "hy", "id", "ig", "ilo", "is", "it", "ja", "jv", "ka", "kk", "km", "kn",
    "ko", "kri", "ku", "ky", "la", "lb", "lg", "ln", "lo", "lt", "lus", "lv", "mai", "mg", "mi",
    "mk", "ml", "mn", "mni-Mtei", "mr", "ms", "mt", "my", "ne", "nl", "no", "nso", "ny", "om",
    "or", "pa", "pl", "ps", "pt", "pt-PT", "qu", "ro", "ru", "rw", "sa", "sd", "si", "sk", "sl",
    "sm", "sn", "so", "sq", "sr", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti", "tk", "tl",
    "tr", "ts", "tt", "ug", "uk", "ur", "uz", "vi", "xh", "yi", "yo", "zh-CN", "zh-TW", "zu",
];

/// Which API and credentials.
#[derive(Debug, Clone, PartialEq)]
pub enum GoogleApi {
    /// Cloud Translation Basic with an API key (`GOOGLE_API_KEY`).
    V2 { api_key: Secret },
    /// Cloud Translation Advanced with an OAuth access token (`gcloud auth print-access-token`).
    V3 {
        access_token: Secret,
        project: String,
        /// `global` or a region (`us-central1`, needed for glossaries and custom models).
        location: String,
    },
}

/// Google settings.
#[derive(Debug, Clone, PartialEq)]
pub struct GoogleConfig {
    pub api: GoogleApi,
    /// `--backend-url`; default `https://translation.googleapis.com`.
    pub base_url: Option<String>,
    /// v2: `nmt` or `base`; v3: `general/nmt`, `general/translation-llm`, or a full
    /// `projects/…/models/…` path.
    pub model: Option<String>,
    /// Google codes to accept beyond the built-in list.
    pub extra_languages: Vec<String>,
    /// Transport; `http.timeout` is also the per-request timeout the scheduler applies.
    pub http: HttpConfig,
    /// Batch sizes, concurrency and rate limits (`limits.timeout` is taken from `http.timeout`).
    pub limits: BatchLimits,
    /// v3 only: create / reuse glossaries from the approved renderings (`glossary-bucket`).
    pub glossary_sync: Option<GlossarySyncConfig>,
}

impl GoogleConfig {
    fn with_api(api: GoogleApi) -> Self {
        let http = HttpConfig::default();
        GoogleConfig {
            api,
            base_url: None,
            model: None,
            extra_languages: Vec::new(),
            glossary_sync: None,
            limits: BatchLimits {
                // v2 accepts at most 128 texts; v3 recommends < 30,000 code points per request.
                max_segments: 128,
                max_bytes: 96 * 1024,
                max_chars: 25_000,
                concurrency: 4,
                timeout: http.timeout,
                ..BatchLimits::default()
            },
            http,
        }
    }

    /// Basic (v2) with an API key.
    pub fn v2(api_key: impl Into<Secret>) -> Self {
        GoogleConfig::with_api(GoogleApi::V2 {
            api_key: api_key.into(),
        })
    }

    /// Advanced (v3) with an access token.
    pub fn v3(
        access_token: impl Into<Secret>,
        project: impl Into<String>,
        location: impl Into<String>,
    ) -> Self {
        GoogleConfig::with_api(GoogleApi::V3 {
            access_token: access_token.into(),
            project: project.into(),
            location: location.into(),
        })
    }
}

/// The Google backend.
#[derive(Debug)]
pub struct GoogleBackend {
    cfg: GoogleConfig,
    http: HttpClient,
    url: reqwest::Url,
    headers: HeaderMap,
    /// Set with `glossary_sync` (v3 only).
    gcs: Option<GcsLocation>,
}

#[derive(Serialize)]
struct V2Body<'a> {
    q: Vec<String>,
    source: String,
    target: String,
    format: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    model: Option<&'a str>,
}

#[derive(Deserialize)]
struct V2Reply {
    data: V2Data,
}

#[derive(Deserialize)]
struct V2Data {
    translations: Vec<Translated>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Translated {
    translated_text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct V3Body {
    contents: Vec<String>,
    mime_type: &'static str,
    source_language_code: String,
    target_language_code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    model: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    glossary_config: Option<GlossaryConfig>,
}

#[derive(Serialize)]
struct GlossaryConfig {
    glossary: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct V3Reply {
    #[serde(default)]
    translations: Vec<Translated>,
    #[serde(default)]
    glossary_translations: Vec<Translated>,
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
    status: Option<String>,
    #[serde(default)]
    errors: Vec<ErrorItem>,
    #[serde(default)]
    details: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct ErrorItem {
    #[serde(default)]
    reason: Option<String>,
}

/// Google's code for a BCP 47 tag (`zh-Hans` → `zh-CN`, `zh-Hant` → `zh-TW`, `pt-PT` stays,
/// other `pt` → `pt`, `nb` → `no`, `fil` → `tl`), before checking support.
pub fn google_code(tag: &str) -> Option<String> {
    let t = LangTag::parse(tag)?;
    let code = match t.lang.as_str() {
        "zh" if t.is_traditional_chinese() => "zh-TW".to_string(),
        "zh" => "zh-CN".to_string(),
        "pt" if t.region.as_deref() == Some("PT") => "pt-PT".to_string(),
        "iw" => "he".to_string(),
        "jw" => "jv".to_string(),
        "nb" => "no".to_string(),
        "fil" => "tl".to_string(),
        "mni" => "mni-Mtei".to_string(),
        other => other.to_string(),
    };
    Some(code)
}

impl GoogleBackend {
    pub fn new(cfg: GoogleConfig) -> Result<GoogleBackend, BackendError> {
        let base = cfg
            .base_url
            .clone()
            .unwrap_or_else(|| DEFAULT_URL.to_string());
        let mut headers = HeaderMap::new();
        let url = match &cfg.api {
            GoogleApi::V2 { api_key } => {
                if api_key.expose().trim().is_empty() {
                    return Err(BackendError::auth_missing());
                }
                // The key joins the URL per request only, so `Debug` never shows it.
                http::join_url(&base, "/language/translate/v2")?
            }
            GoogleApi::V3 {
                access_token,
                project,
                location,
            } => {
                if access_token.expose().trim().is_empty() {
                    return Err(BackendError::auth_missing());
                }
                let ok = |s: &str| {
                    !s.is_empty()
                        && s.chars()
                            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                };
                if !ok(project) || !ok(location) {
                    return Err(BackendError::Fatal(format!(
                        "invalid Google project {project:?} or location {location:?}"
                    )));
                }
                headers.insert(
                    AUTHORIZATION,
                    http::secret_header(&format!("Bearer {}", access_token.expose().trim()))?,
                );
                http::join_url(
                    &base,
                    &format!("/v3/projects/{project}/locations/{location}:translateText"),
                )?
            }
        };
        let gcs = match (&cfg.glossary_sync, &cfg.api) {
            (None, _) => None,
            (Some(sync), GoogleApi::V3 { .. }) => {
                // Checked now so a bad URL is a configuration error, not a failure mid-run.
                http::join_url(
                    sync.storage_url.as_deref().unwrap_or(DEFAULT_STORAGE_URL),
                    "/upload/storage/v1/b",
                )?;
                Some(GcsLocation::parse(&sync.bucket)?)
            }
            (Some(_), GoogleApi::V2 { .. }) => {
                return Err(BackendError::Fatal(
                    "glossary sync needs Cloud Translation Advanced (api: v3)".into(),
                ));
            }
        };
        let http = HttpClient::new(cfg.http.clone())?;
        Ok(GoogleBackend {
            cfg,
            http,
            url,
            headers,
            gcs,
        })
    }

    /// Whether `sync_glossary` has somewhere to upload to.
    pub fn syncs_glossary(&self) -> bool {
        self.gcs.is_some()
    }

    fn secret(&self) -> &str {
        match &self.cfg.api {
            GoogleApi::V2 { api_key } => api_key.expose(),
            GoogleApi::V3 { access_token, .. } => access_token.expose(),
        }
    }

    fn code(&self, tag: &str) -> Result<String, BackendError> {
        google_code(tag)
            .filter(|c| {
                LANGS.contains(&c.as_str())
                    || self
                        .cfg
                        .extra_languages
                        .iter()
                        .any(|e| e.eq_ignore_ascii_case(c))
            })
            .ok_or_else(|| BackendError::UnsupportedLanguage {
                lang: tag.to_string(),
            })
    }

    fn v3_resource(&self, kind: &str, name: &str) -> String {
        match &self.cfg.api {
            GoogleApi::V3 {
                project, location, ..
            } if !name.starts_with("projects/") => {
                format!("projects/{project}/locations/{location}/{kind}/{name}")
            }
            _ => name.to_string(),
        }
    }

    async fn run(&self, req: &BatchRequest) -> Result<BatchReply, BackendError> {
        let source = self.code(&req.source_lang)?;
        let target = self.code(&req.target_lang)?;
        let contents: Vec<String> = req.segments.iter().map(|s| to_html(&s.text)).collect();
        let reply = match &self.cfg.api {
            GoogleApi::V2 { api_key } => {
                let mut url = self.url.clone();
                url.query_pairs_mut()
                    .append_pair("key", api_key.expose().trim());
                let body = V2Body {
                    q: contents,
                    source,
                    target,
                    format: "html",
                    model: self.cfg.model.as_deref(),
                };
                self.http
                    .post_json(url, self.headers.clone(), &body)
                    .await?
            }
            GoogleApi::V3 { .. } => {
                let body = V3Body {
                    contents,
                    mime_type: "text/html",
                    source_language_code: source,
                    target_language_code: target,
                    model: self
                        .cfg
                        .model
                        .as_deref()
                        .map(|m| self.v3_resource("models", m)),
                    glossary_config: req.glossary_id.as_deref().map(|g| GlossaryConfig {
                        glossary: self.v3_resource("glossaries", g),
                    }),
                };
                self.http
                    .post_json(self.url.clone(), self.headers.clone(), &body)
                    .await?
            }
        };
        if !reply.is_success() {
            return Err(self.classify(&reply, req));
        }
        let translated = match &self.cfg.api {
            GoogleApi::V2 { .. } => reply.json::<V2Reply>()?.data.translations,
            GoogleApi::V3 { .. } => {
                let r: V3Reply = reply.json()?;
                if req.glossary_id.is_some() && !r.glossary_translations.is_empty() {
                    r.glossary_translations
                } else {
                    r.translations
                }
            }
        };
        if translated.len() != req.segments.len() {
            return Err(BackendError::Malformed(format!(
                "{} translations for {} texts",
                translated.len(),
                req.segments.len()
            )));
        }
        Ok(BatchReply {
            translations: req
                .segments
                .iter()
                .zip(translated)
                .map(|(s, t)| (s.id.clone(), from_html(&t.translated_text)))
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

    fn classify(&self, reply: &Reply, req: &BatchRequest) -> BackendError {
        let body = serde_json::from_slice::<ErrorReply>(&reply.body)
            .map(|e| e.error)
            .unwrap_or_default();
        let mut reasons: Vec<String> = body
            .errors
            .iter()
            .filter_map(|e| e.reason.clone())
            .collect();
        for d in &body.details {
            if let Some(r) = d.get("reason").and_then(|r| r.as_str()) {
                reasons.push(r.to_string());
            }
        }
        let has = |needle: &str| reasons.iter().any(|r| r.eq_ignore_ascii_case(needle));
        let gstatus = body.status.unwrap_or_default();
        let message = body.message.unwrap_or_default();
        let excerpt = || {
            if message.is_empty() {
                http::excerpt(&reply.body, self.secret())
            } else {
                http::excerpt(message.as_bytes(), self.secret())
            }
        };
        if has("dailyLimitExceeded") || (has("quotaExceeded") && reply.status != 429) {
            return BackendError::Quota {
                status: reply.status,
                message: excerpt(),
            };
        }
        if reply.status == 429
            || gstatus == "RESOURCE_EXHAUSTED"
            || has("userRateLimitExceeded")
            || has("rateLimitExceeded")
            || has("RATE_LIMIT_EXCEEDED")
        {
            return BackendError::RateLimited {
                retry_after: reply.retry_after(),
            };
        }
        if has("API_KEY_INVALID")
            || has("keyInvalid")
            || gstatus == "UNAUTHENTICATED"
            || message.starts_with("API key not valid")
        {
            return BackendError::Auth {
                status: Some(reply.status),
                message: excerpt(),
            };
        }
        let lower = message.to_ascii_lowercase();
        if reply.status == 400
            && (lower.contains("language") || lower.contains("bad language pair"))
            && (lower.contains("not supported")
                || lower.contains("invalid")
                || lower.contains("bad language pair"))
        {
            let lang = if lower.contains("source") {
                &req.source_lang
            } else {
                &req.target_lang
            };
            return BackendError::UnsupportedLanguage { lang: lang.clone() };
        }
        match reply.status {
            status @ (401 | 403) => BackendError::Auth {
                status: Some(status),
                message: excerpt(),
            },
            429 => BackendError::RateLimited {
                retry_after: reply.retry_after(),
            },
            404 => BackendError::NotFound {
                status: 404,
                message: excerpt(),
            },
            status => BackendError::Server {
                status,
                body_excerpt: excerpt(),
            },
        }
    }
}

impl Backend for GoogleBackend {
    fn identity(&self) -> BackendIdentity {
        let mut id = BackendIdentity::new("google");
        id.model = self.cfg.model.clone();
        id.prompt_version = Some(MAPPING_VERSION.to_string());
        id.options.push((
            "api".into(),
            match self.cfg.api {
                GoogleApi::V2 { .. } => "v2",
                GoogleApi::V3 { .. } => "v3",
            }
            .into(),
        ));
        id
    }

    fn limits(&self) -> BatchLimits {
        // One per-request timeout: the transport's.
        BatchLimits {
            timeout: self.cfg.http.timeout,
            ..self.cfg.limits.clone()
        }
    }

    /// Google bills every character sent, markup and whitespace included
    /// (cloud.google.com/translate/pricing, "Charged characters"); what is sent is the HTML form
    /// of the text (`placeholder_html::to_html`), so a fixed term's `<span translate="no">`
    /// wrapper is billed too.
    fn billable_chars(&self, text: &str) -> u64 {
        to_html(text).chars().count() as u64
    }

    fn supports(&self, source_lang: &str, target_lang: &str) -> Result<(), BackendError> {
        self.code(source_lang)?;
        self.code(target_lang)?;
        Ok(())
    }

    fn translate<'a>(
        &'a self,
        req: &'a BatchRequest,
    ) -> BoxFuture<'a, Result<BatchReply, BackendError>> {
        Box::pin(async move { self.run(req).await })
    }
}

impl crate::translate::GlossarySync for GoogleBackend {
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
    fn codes() {
        for (tag, want) in [
            ("zh-Hans", "zh-CN"),
            ("zh", "zh-CN"),
            ("zh-Hant", "zh-TW"),
            ("zh-HK", "zh-TW"),
            ("pt-BR", "pt"),
            ("pt-PT", "pt-PT"),
            ("fa", "fa"),
            ("nb", "no"),
            ("en-GB", "en"),
        ] {
            assert_eq!(google_code(tag).as_deref(), Some(want), "{tag}");
        }
    }

    #[test]
    fn debug_output_hides_credentials() {
        let b = GoogleBackend::new(GoogleConfig::v2("AIza-very-secret")).unwrap();
        assert!(!format!("{b:?}").contains("very-secret"));
        let b = GoogleBackend::new(GoogleConfig::v3("ya29.very-secret", "p", "global")).unwrap();
        assert!(!format!("{b:?}").contains("very-secret"));
    }
}
