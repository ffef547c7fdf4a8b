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
//! are read before the status: rate → `RateLimited`, daily quota → `Fatal`, invalid key → `Auth`.
//!
//! Glossary sync (v3 with `glossary-bucket`, like DeepL's `sync_glossary`): per language pair the
//! approved renderings become Google's unidirectional CSV (two columns, no header; cells as
//! `glossary export --style google` makes them), named `subloc-<src>-<tgt>-<hash of the CSV>`.
//! `GET {base}/v3/projects/{p}/locations/{l}/glossaries/{id}`: 200 → reuse; 404 → upload
//! the CSV with the Cloud Storage JSON API simple upload (`POST {storage}/upload/storage/v1/b/
//! {bucket}/o?uploadType=media&name={object}`, body = the file), then `POST …/glossaries` with
//! `{"name","languagePair":{"sourceLanguageCode","targetLanguageCode"},"inputConfig":{"gcsSource":
//! {"inputUri":"gs://…"}}}`, which answers a long-running `Operation` `{"name","done","error"?,
//! "response"?}`; `GET {base}/v3/{operation name}` is polled with backoff until `done`.
//! Sources: cloud.google.com/translate/docs/reference/rest/v3/projects.locations.glossaries
//! (resource, `create` → Operation, `get` → NOT_FOUND when absent, GcsSource: "TSV/CSV: two
//! column file … no headers"), …/v3/projects.locations.operations/get, cloud.google.com/storage/
//! docs/json_api/v1/objects/insert (upload endpoint), and the `google.longrunning.Operation`
//! reference (`done`; then exactly one of `error` (a `google.rpc.Status`) or `response`).

use std::time::Duration;

use reqwest::header::{AUTHORIZATION, HeaderMap};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::http::{self, HttpClient, HttpConfig, LangTag, Reply, Secret};
/// Re-exported: the placeholder mapping was Google's first and callers still reach it here.
pub use super::placeholder_html::{from_html, to_html};
use crate::glossary::export::{PairCsvStyle, pair_csv_from_entries};
use crate::translate::{
    Backend, BackendError, BackendIdentity, BatchLimits, BatchReply, BatchRequest, BoxFuture,
};

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

/// Where and how synced glossaries are created.
#[derive(Debug, Clone, PartialEq)]
pub struct GlossarySyncConfig {
    /// `gs://BUCKET` or `gs://BUCKET/prefix`: where the CSV files are uploaded.
    pub bucket: String,
    /// Cloud Storage endpoint; default `https://storage.googleapis.com`.
    pub storage_url: Option<String>,
    /// Status requests for the creation operation before giving up.
    pub max_polls: u32,
    /// Wait before the first status request; doubled after each one up to `max_poll_delay`.
    pub poll_delay: Duration,
    pub max_poll_delay: Duration,
}

impl GlossarySyncConfig {
    /// Defaults: about four and a half minutes of polling (small glossaries take seconds).
    pub fn new(bucket: impl Into<String>) -> Self {
        GlossarySyncConfig {
            bucket: bucket.into(),
            storage_url: None,
            max_polls: 30,
            poll_delay: Duration::from_millis(500),
            max_poll_delay: Duration::from_secs(10),
        }
    }
}

/// A parsed `gs://bucket/prefix`.
#[derive(Debug, Clone, PartialEq)]
struct GcsLocation {
    bucket: String,
    /// Without leading or trailing `/`; may be empty.
    prefix: String,
}

impl GcsLocation {
    /// Bucket names as Cloud Storage allows them (3–222 of lowercase letters, digits, `-`, `_`,
    /// `.`, starting and ending with a letter or digit), so it can go into a URL path as is.
    fn parse(uri: &str) -> Result<GcsLocation, BackendError> {
        let bad = || {
            BackendError::Fatal(format!(
                "glossary-bucket must look like gs://BUCKET or gs://BUCKET/prefix, not {uri:?}"
            ))
        };
        let rest = uri.trim().strip_prefix("gs://").ok_or_else(bad)?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        let edge_ok =
            |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        let bucket_ok = (3..=222).contains(&bucket.len())
            && bucket.chars().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.')
            })
            && edge_ok(bucket.chars().next())
            && edge_ok(bucket.chars().last());
        let prefix = prefix.trim_matches('/');
        if !bucket_ok
            || prefix.chars().any(char::is_control)
            || prefix.split('/').any(|p| p == "." || p == "..")
        {
            return Err(bad());
        }
        Ok(GcsLocation {
            bucket: bucket.to_string(),
            prefix: prefix.to_string(),
        })
    }

    /// The object name of a file in the prefix.
    fn object(&self, file: &str) -> String {
        if self.prefix.is_empty() {
            file.to_string()
        } else {
            format!("{}/{file}", self.prefix)
        }
    }
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

/// `Glossary` as `glossaries.create` takes it (unidirectional: a language pair).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CreateGlossary<'a> {
    name: &'a str,
    language_pair: LanguagePair<'a>,
    input_config: InputConfig,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LanguagePair<'a> {
    source_language_code: &'a str,
    target_language_code: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct InputConfig {
    gcs_source: GcsSource,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct GcsSource {
    input_uri: String,
}

/// `google.longrunning.Operation` (the fields the sync reads).
#[derive(Deserialize)]
struct Operation {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    done: bool,
    #[serde(default)]
    error: Option<OperationError>,
}

/// `google.rpc.Status`.
#[derive(Deserialize)]
struct OperationError {
    #[serde(default)]
    code: Option<i64>,
    #[serde(default)]
    message: Option<String>,
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
                    return Err(BackendError::Auth);
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
                    return Err(BackendError::Auth);
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
            billed_chars: req.text_chars(),
            prompt_chars: 0,
            usage: None,
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
            return BackendError::Fatal(format!("Google quota exhausted: {}", excerpt()));
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
            return BackendError::Auth;
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
            401 | 403 => BackendError::Auth,
            429 => BackendError::RateLimited {
                retry_after: reply.retry_after(),
            },
            404 => BackendError::Fatal(format!("HTTP 404: {}", excerpt())),
            status => BackendError::Server {
                status,
                body_excerpt: excerpt(),
            },
        }
    }
}

impl GoogleBackend {
    fn base(&self) -> &str {
        self.cfg.base_url.as_deref().unwrap_or(DEFAULT_URL)
    }

    /// Makes sure Google has a glossary with exactly `entries` (source term, target rendering) for
    /// the pair and returns its id for `RunConfig::glossary_id`; `None` when there is nothing to
    /// sync. Glossaries cannot be edited in place, so the id carries a hash of the CSV: an
    /// unchanged glossary is found and reused, a changed one is uploaded and created anew (old ones
    /// and their files are left for the user to delete).
    pub async fn sync_glossary(
        &self,
        source_lang: &str,
        target_lang: &str,
        entries: &[(String, String)],
    ) -> Result<Option<String>, BackendError> {
        let (
            Some(gcs),
            Some(sync),
            GoogleApi::V3 {
                project, location, ..
            },
        ) = (&self.gcs, &self.cfg.glossary_sync, &self.cfg.api)
        else {
            return Err(BackendError::Fatal(
                "glossary sync needs glossary-bucket and api: v3".into(),
            ));
        };
        let source = self.code(source_lang)?;
        let target = self.code(target_lang)?;
        let csv = glossary_csv(entries);
        if csv.is_empty() {
            return Ok(None);
        }
        let id = glossary_id(&source, &target, &csv);
        let parent = format!("projects/{project}/locations/{location}");
        let resource = format!("{parent}/glossaries/{id}");
        let lookup = http::join_url(self.base(), &format!("/v3/{resource}"))?;
        let reply = self.http.get(lookup, self.headers.clone()).await?;
        match reply.status {
            200..=299 => return Ok(Some(id)),
            404 => {}
            _ => return Err(self.sync_error("Google glossary lookup", &reply)),
        }

        let object = gcs.object(&format!("{id}.csv"));
        let storage = sync.storage_url.as_deref().unwrap_or(DEFAULT_STORAGE_URL);
        let mut upload =
            http::join_url(storage, &format!("/upload/storage/v1/b/{}/o", gcs.bucket))?;
        upload
            .query_pairs_mut()
            .append_pair("uploadType", "media")
            .append_pair("name", &object);
        let reply = self
            .http
            .post_bytes(upload, self.headers.clone(), "text/csv", csv.into_bytes())
            .await?;
        if !reply.is_success() {
            let what = format!("Cloud Storage upload to gs://{}/{object}", gcs.bucket);
            return Err(self.sync_error(&what, &reply));
        }

        let body = CreateGlossary {
            name: &resource,
            language_pair: LanguagePair {
                source_language_code: &source,
                target_language_code: &target,
            },
            input_config: InputConfig {
                gcs_source: GcsSource {
                    input_uri: format!("gs://{}/{object}", gcs.bucket),
                },
            },
        };
        let create = http::join_url(self.base(), &format!("/v3/{parent}/glossaries"))?;
        let reply = self
            .http
            .post_json(create, self.headers.clone(), &body)
            .await?;
        if reply.status == 409 {
            // ALREADY_EXISTS: another run created it between the lookup and now.
            return Ok(Some(id));
        }
        if !reply.is_success() {
            return Err(self.sync_error("Google glossary creation", &reply));
        }
        let mut op: Operation = reply.json()?;
        let op_name = op.name.clone().filter(|n| valid_operation_name(n));
        let mut delay = sync.poll_delay;
        for poll in 0..=sync.max_polls {
            if op.done {
                return match op.error {
                    Some(e) => Err(BackendError::Fatal(format!(
                        "Google could not create glossary {id} (code {}): {}",
                        e.code.unwrap_or_default(),
                        http::redact(e.message.as_deref().unwrap_or(""), self.secret())
                    ))),
                    None => Ok(Some(id)),
                };
            }
            if poll == sync.max_polls {
                break;
            }
            let Some(name) = &op_name else {
                return Err(BackendError::Malformed(
                    "glossary creation answered an operation without a valid name".into(),
                ));
            };
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(sync.max_poll_delay);
            let status = http::join_url(self.base(), &format!("/v3/{name}"))?;
            match self.http.get(status, self.headers.clone()).await {
                Ok(r) if r.is_success() => op = r.json()?,
                // A passing hiccup costs one status check, not the sync.
                Ok(r) => {
                    let e = self.sync_error("Google operation status", &r);
                    if !e.is_retryable() {
                        return Err(e);
                    }
                }
                Err(e) if e.is_retryable() => {}
                Err(e) => return Err(e),
            }
        }
        Err(BackendError::Fatal(format!(
            "Google glossary {id} was still being created after {} status checks; run again \
             later (it is reused once ready)",
            sync.max_polls
        )))
    }

    /// A failed sync request: the provider's message (token redacted) with what was attempted.
    fn sync_error(&self, what: &str, reply: &Reply) -> BackendError {
        let message = serde_json::from_slice::<ErrorReply>(&reply.body)
            .ok()
            .and_then(|e| e.error.message)
            .filter(|m| !m.trim().is_empty());
        let detail = match message {
            Some(m) => http::excerpt(m.as_bytes(), self.secret()),
            None => http::excerpt(&reply.body, self.secret()),
        };
        match reply.status {
            401 => BackendError::Auth,
            429 => BackendError::RateLimited {
                retry_after: reply.retry_after(),
            },
            status if status >= 500 || status == 408 => BackendError::Server {
                status,
                body_excerpt: format!("{what}: {detail}"),
            },
            status => BackendError::Fatal(format!("{what}: HTTP {status}: {detail}")),
        }
    }
}

/// `projects/…/operations/…`: safe to append to the base URL (no `..`, no query).
fn valid_operation_name(name: &str) -> bool {
    name.starts_with("projects/")
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.'))
        && name
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// The CSV of a synced glossary: Google's unidirectional pair file (`source,target`, no header),
/// with the cell rules of `glossary export --style google`.
pub fn glossary_csv(entries: &[(String, String)]) -> String {
    pair_csv_from_entries(entries, PairCsvStyle::Google)
}

/// The id of a synced glossary: `subloc-<src>-<tgt>-<first 16 hex digits of the CSV's SHA-256>`,
/// lower case, in the characters Google allows in ids (letters, digits, `-`, `_`).
pub fn glossary_id(source_code: &str, target_code: &str, csv: &str) -> String {
    let clean = |code: &str| -> String {
        code.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect()
    };
    let digest = Sha256::digest(csv.as_bytes());
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("subloc-{}-{}-{hex}", clean(source_code), clean(target_code))
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

    #[test]
    fn glossary_csv_and_id_are_canonical() {
        let e = |s: &str, t: &str| (s.to_string(), t.to_string());
        let csv = glossary_csv(&[
            e("窑", "kiln"),
            e("琉璃", "liuli, glaze"),
            e("+1", "formula"),
            e("釉", "=HYPERLINK(1)"),
        ]);
        assert_eq!(csv, "琉璃,\"liuli, glaze\"\r\n窑,kiln\r\n");
        // Order of the entries does not change the file, hence not the id.
        let same = glossary_csv(&[e("琉璃", "liuli, glaze"), e("窑", "kiln")]);
        assert_eq!(same, csv);
        let id = glossary_id("zh-CN", "pt-PT", &csv);
        // SHA-256 of the CSV bytes, first 8 bytes in hex (computed independently with sha256sum).
        assert_eq!(id, "subloc-zh-cn-pt-pt-dc2dcc74f158ee99");
        assert_ne!(id, glossary_id("zh-CN", "pt-PT", "琉璃,liuli\r\n"));
        assert!(
            id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        );
        assert_eq!(glossary_csv(&[e("=x", "y")]), "");
    }

    #[test]
    fn glossary_bucket_is_parsed_strictly() {
        let loc = GcsLocation::parse("gs://my-bucket/subloc/glossaries/").unwrap();
        assert_eq!(loc.bucket, "my-bucket");
        assert_eq!(loc.object("g.csv"), "subloc/glossaries/g.csv");
        let bare = GcsLocation::parse("gs://my.bucket_1").unwrap();
        assert_eq!(bare.object("g.csv"), "g.csv");
        for bad in [
            "my-bucket",
            "s3://my-bucket",
            "gs://",
            "gs://ab",
            "gs://My-Bucket",
            "gs://bucket?x=1",
            "gs://bucket/../up",
            "gs://-bucket",
            "gs://bucket/a\nb",
        ] {
            assert!(GcsLocation::parse(bad).is_err(), "{bad}");
        }
        // v2 cannot sync: a configuration error at construction.
        let mut cfg = GoogleConfig::v2("AIza-key");
        cfg.glossary_sync = Some(GlossarySyncConfig::new("gs://my-bucket"));
        assert!(matches!(
            GoogleBackend::new(cfg),
            Err(BackendError::Fatal(m)) if m.contains("v3")
        ));
        let mut cfg = GoogleConfig::v3("ya29.token", "p", "us-central1");
        cfg.glossary_sync = Some(GlossarySyncConfig::new("gs://my-bucket/x"));
        assert!(GoogleBackend::new(cfg).unwrap().syncs_glossary());
        assert!(
            !GoogleBackend::new(GoogleConfig::v3("ya29.token", "p", "us-central1"))
                .unwrap()
                .syncs_glossary()
        );
    }

    #[test]
    fn operation_names_are_checked_before_use() {
        assert!(valid_operation_name(
            "projects/123/locations/us-central1/operations/20240101-abc_DEF.1"
        ));
        for bad in [
            "operations/x",
            "projects/p/../../admin",
            "projects/p/locations/l/operations/x?y=1",
            "projects//x",
            "projects/p/locations/l/operations/x#f",
        ] {
            assert!(!valid_operation_name(bad), "{bad}");
        }
    }
}
