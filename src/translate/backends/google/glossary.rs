//! Glossary sync for the `google` backend (Cloud Translation Advanced, v3, with `glossary-bucket`):
//! the approved renderings of `glossary.yaml` kept as a Google glossary per language pair, like
//! DeepL's `sync_glossary` in `src/translate/backends/deepl.rs`.
//!
//! Per language pair the approved renderings become Google's unidirectional CSV (two columns, no
//! header; cells as `glossary export --style google` makes them), named
//! `subloc-<src>-<tgt>-<hash of the CSV>`.
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

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{DEFAULT_STORAGE_URL, DEFAULT_URL, ErrorReply, GoogleApi, GoogleBackend};
use crate::glossary::export::{PairCsvStyle, pair_csv_from_entries};
use crate::translate::BackendError;
use crate::translate::backends::http::{self, Reply};

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
pub(super) struct GcsLocation {
    bucket: String,
    /// Without leading or trailing `/`; may be empty.
    prefix: String,
}

impl GcsLocation {
    /// Bucket names as Cloud Storage allows them (3–222 of lowercase letters, digits, `-`, `_`,
    /// `.`, starting and ending with a letter or digit), so it can go into a URL path as is.
    pub(super) fn parse(uri: &str) -> Result<GcsLocation, BackendError> {
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
        if self.glossary_exists(&resource).await? {
            return Ok(Some(id));
        }
        let object = gcs.object(&format!("{id}.csv"));
        self.upload_csv(sync, gcs, &object, csv).await?;
        let pair = LanguagePair {
            source_language_code: &source,
            target_language_code: &target,
        };
        let input_uri = format!("gs://{}/{object}", gcs.bucket);
        let Some(op) = self
            .create_glossary(&parent, &resource, pair, input_uri)
            .await?
        else {
            // ALREADY_EXISTS: another run created it between the lookup and now.
            return Ok(Some(id));
        };
        self.await_creation(sync, op, &id).await?;
        Ok(Some(id))
    }

    /// `glossaries.get`: 200 → the glossary is there (reuse it), 404 → it must be created.
    async fn glossary_exists(&self, resource: &str) -> Result<bool, BackendError> {
        let lookup = http::join_url(self.base(), &format!("/v3/{resource}"))?;
        let reply = self.http.get(lookup, self.headers.clone()).await?;
        match reply.status {
            200..=299 => Ok(true),
            404 => Ok(false),
            _ => Err(self.sync_error("Google glossary lookup", &reply)),
        }
    }

    /// Uploads the CSV as `object` of the bucket (Cloud Storage JSON API simple upload).
    async fn upload_csv(
        &self,
        sync: &GlossarySyncConfig,
        gcs: &GcsLocation,
        object: &str,
        csv: String,
    ) -> Result<(), BackendError> {
        let storage = sync.storage_url.as_deref().unwrap_or(DEFAULT_STORAGE_URL);
        let mut upload =
            http::join_url(storage, &format!("/upload/storage/v1/b/{}/o", gcs.bucket))?;
        upload
            .query_pairs_mut()
            .append_pair("uploadType", "media")
            .append_pair("name", object);
        let reply = self
            .http
            .post_bytes(upload, self.headers.clone(), "text/csv", csv.into_bytes())
            .await?;
        if !reply.is_success() {
            let what = format!("Cloud Storage upload to gs://{}/{object}", gcs.bucket);
            return Err(self.sync_error(&what, &reply));
        }
        Ok(())
    }

    /// `glossaries.create` from the uploaded file: the long-running operation to wait for, or
    /// `None` when the glossary already exists (409).
    async fn create_glossary(
        &self,
        parent: &str,
        resource: &str,
        language_pair: LanguagePair<'_>,
        input_uri: String,
    ) -> Result<Option<Operation>, BackendError> {
        let body = CreateGlossary {
            name: resource,
            language_pair,
            input_config: InputConfig {
                gcs_source: GcsSource { input_uri },
            },
        };
        let create = http::join_url(self.base(), &format!("/v3/{parent}/glossaries"))?;
        let reply = self
            .http
            .post_json(create, self.headers.clone(), &body)
            .await?;
        if reply.status == 409 {
            return Ok(None);
        }
        if !reply.is_success() {
            return Err(self.sync_error("Google glossary creation", &reply));
        }
        Ok(Some(reply.json()?))
    }

    /// Polls the creation operation with backoff until it is `done`; its `error`, if any, is the
    /// sync's failure. Gives up after `max_polls` status checks.
    async fn await_creation(
        &self,
        sync: &GlossarySyncConfig,
        mut op: Operation,
        id: &str,
    ) -> Result<(), BackendError> {
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
                    None => Ok(()),
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
            if let Some(next) = self.operation_status(name).await? {
                op = next;
            }
        }
        Err(BackendError::Fatal(format!(
            "Google glossary {id} was still being created after {} status checks; run again \
             later (it is reused once ready)",
            sync.max_polls
        )))
    }

    /// One `operations.get`; `None` when the check failed in a way worth another try (a passing
    /// hiccup costs one status check, not the sync).
    async fn operation_status(&self, name: &str) -> Result<Option<Operation>, BackendError> {
        let status = http::join_url(self.base(), &format!("/v3/{name}"))?;
        match self.http.get(status, self.headers.clone()).await {
            Ok(r) if r.is_success() => Ok(Some(r.json()?)),
            Ok(r) => {
                let e = self.sync_error("Google operation status", &r);
                if e.is_retryable() { Ok(None) } else { Err(e) }
            }
            Err(e) if e.is_retryable() => Ok(None),
            Err(e) => Err(e),
        }
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
            401 => BackendError::Auth {
                status: Some(401),
                message: detail,
            },
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translate::backends::google::GoogleConfig;

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
