//! Building the translation backend a run asks for: a kind (`deepl`) or a name configured under
//! `translate.backends` (which names its kind), the command-line overrides (`--backend-url`,
//! `--model`), and the key read from the environment variable the configuration names (or the
//! provider's conventional one). The key is only ever passed to the backend, never stored in a
//! report or an error.

use std::sync::Arc;
use std::time::Duration;

use super::settings::{BackendConfig, TranslateConfig};
use crate::interchange::xliff::XliffBackend;
use crate::translate::GlossarySync;
use crate::translate::backends::command::{CommandBackend, CommandConfig};
use crate::translate::backends::deepl::{DeeplBackend, DeeplConfig};
use crate::translate::backends::google::{
    GlossarySyncConfig, GoogleApi, GoogleBackend, GoogleConfig,
};
use crate::translate::backends::http::{self, HttpConfig, Secret};
use crate::translate::backends::libretranslate::{LibreTranslateBackend, LibreTranslateConfig};
use crate::translate::backends::openai::{
    AzureConfig, DEFAULT_AZURE_API_VERSION, OpenAiBackend, OpenAiConfig,
};
use crate::translate::backends::pseudo::Pseudo;
use crate::translate::cost::Pricing;
use crate::translate::{Backend, BatchLimits};

/// The backend kinds `translate` drives.
pub const KINDS: &[&str] = &[
    "pseudo",
    "deepl",
    "openai",
    "google",
    "libretranslate",
    "command",
    "xliff",
];

/// Command-line overrides of the configured backend.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BackendOverrides {
    pub url: Option<String>,
    pub model: Option<String>,
    /// A dry run sends nothing: a missing key is no error then (issue 14 §6), the backend is
    /// built with a placeholder that is never sent.
    pub dry_run: bool,
}

/// The stand-in key of a dry run without one; no request is ever made with it.
const DRY_RUN_KEY: &str = "dry-run-sends-nothing";

/// Why a backend cannot be built. Never carries the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BackendSetupError {
    #[error("unknown backend {name} (kinds: {known})")]
    Unknown { name: String, known: String },
    #[error("backend {name}: environment variable {var} is not set")]
    MissingKey { name: String, var: String },
    #[error("backend {name}: {detail}")]
    Invalid { name: String, detail: String },
    /// A Google setting (`glossary-bucket`, `storage-url`) that only Cloud Translation Advanced has.
    #[error("backend {name}: {key} needs api: v3")]
    NeedsV3 { name: String, key: String },
    /// The key would go over plain `http://` to `url`, a host that is not this machine, and the
    /// configuration does not say `allow-insecure-http: true`.
    #[error("backend {name}: refusing to send the key over plain http to {url}")]
    InsecureHttp { name: String, url: String },
}

/// A built backend with what the run needs besides it.
pub struct Built {
    pub backend: Arc<dyn Backend>,
    /// Set for DeepL with `glossary-sync` and for Google v3 with `glossary-bucket`: the
    /// provider glossary is synced from glossary.yaml before the run.
    pub glossary_sync: Option<Arc<dyn GlossarySync>>,
    /// The DeepL backend, when that is the kind (for DeepL-specific advice in messages).
    pub deepl: Option<Arc<DeeplBackend>>,
    pub pricing: Pricing,
    /// `deepl`, `local-llm (openai)`: for reports.
    pub label: String,
    /// The endpoint requests go to, without credentials or query (`https://api-free.deepl.com`),
    /// or the command's program; `None` for offline kinds. For messages about failures.
    pub endpoint: Option<String>,
    /// The environment variable the key is read from (`DEEPL_API_KEY`), for advice.
    pub key_var: Option<String>,
    /// Set when the key goes over plain `http://` to another host because the configuration
    /// allows it (`allow-insecure-http: true`): the endpoint, for a warning.
    pub insecure_http: Option<String>,
}

impl std::fmt::Debug for Built {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Built").field("label", &self.label).finish()
    }
}

/// The environment variable a kind reads its key from by default.
pub fn default_key_env(kind: &str) -> Option<&'static str> {
    match kind {
        "deepl" => Some("DEEPL_API_KEY"),
        "openai" => Some("OPENAI_API_KEY"),
        "google" => Some("GOOGLE_API_KEY"),
        "libretranslate" => Some("LIBRETRANSLATE_API_KEY"),
        _ => None,
    }
}

/// Builds backend `name` (a configured name or a kind). `env` looks a variable up (the real
/// environment in the CLI; a map in tests).
pub fn build(
    name: &str,
    config: &TranslateConfig,
    overrides: &BackendOverrides,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Built, BackendSetupError> {
    let cfg = config.backends.get(name).cloned().unwrap_or_default();
    let kind = cfg.kind.clone().unwrap_or_else(|| name.to_string());
    if !KINDS.contains(&kind.as_str()) {
        return Err(unknown(name));
    }
    let key_var = cfg
        .api_key_env
        .clone()
        .or_else(|| default_key_env(&kind).map(str::to_string));
    let real_key = key_var
        .as_deref()
        .and_then(env)
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty());
    let has_key = real_key.is_some();
    let key = real_key.or_else(|| {
        (overrides.dry_run && matches!(kind.as_str(), "deepl" | "google"))
            .then(|| DRY_RUN_KEY.to_string())
    });
    let setup = Setup {
        env,
        name,
        url: overrides.url.clone().or_else(|| cfg.url.clone()),
        model: overrides.model.clone().or_else(|| cfg.model.clone()),
        key,
        key_var,
        cfg,
    };
    let made = match kind.as_str() {
        "pseudo" => Made::plain(Arc::new(Pseudo)),
        // Human translators: the pipeline exports XLIFF instead of sending (pipeline::xliff).
        "xliff" => Made::plain(Arc::new(XliffBackend)),
        "deepl" => setup.deepl()?,
        "openai" => setup.openai()?,
        "google" => setup.google()?,
        "libretranslate" => setup.libretranslate()?,
        "command" => setup.command()?,
        _ => return Err(unknown(name)),
    };
    let label = if kind == name {
        kind.clone()
    } else {
        format!("{name} ({kind})")
    };
    let mut insecure_http = None;
    if let Some(url) = made.endpoint.as_deref()
        && has_key
        && kind != "command"
        && http::is_insecure_remote(url)
    {
        if !setup.cfg.allow_insecure_http.unwrap_or(false) {
            return Err(BackendSetupError::InsecureHttp {
                name: name.to_string(),
                url: http::display_url(url),
            });
        }
        insecure_http = Some(http::display_url(url));
    }
    Ok(Built {
        endpoint: made.endpoint.as_deref().map(|u| {
            if kind == "command" {
                u.to_string()
            } else {
                http::display_url(u)
            }
        }),
        key_var: setup.key_var.clone(),
        insecure_http,
        backend: made.backend,
        glossary_sync: made.glossary_sync,
        deepl: made.deepl,
        pricing: setup.cfg.pricing.clone().unwrap_or_default(),
        label,
    })
}

/// `name` is not a kind subloc knows, and its configured `kind` (if any) is not one either.
fn unknown(name: &str) -> BackendSetupError {
    BackendSetupError::Unknown {
        name: name.to_string(),
        known: KINDS.join(", "),
    }
}

/// What every kind of backend is built from: the configuration entry, the command-line
/// overrides applied over it, and the key found in the environment (if any).
struct Setup<'a> {
    name: &'a str,
    /// Looks environment variables up (the command backend's `env:` names).
    env: &'a dyn Fn(&str) -> Option<String>,
    cfg: BackendConfig,
    url: Option<String>,
    model: Option<String>,
    key: Option<String>,
    /// The variable the key is read from, named when it is missing.
    key_var: Option<String>,
}

/// A built backend and the other roles it plays.
struct Made {
    backend: Arc<dyn Backend>,
    glossary_sync: Option<Arc<dyn GlossarySync>>,
    deepl: Option<Arc<DeeplBackend>>,
    /// Where requests go (a URL as configured, or the command's program).
    endpoint: Option<String>,
}

impl Made {
    fn plain(backend: Arc<dyn Backend>) -> Self {
        Made {
            backend,
            glossary_sync: None,
            deepl: None,
            endpoint: None,
        }
    }

    fn at(mut self, endpoint: String) -> Self {
        self.endpoint = Some(endpoint);
        self
    }
}

impl Setup<'_> {
    /// The key, for kinds that cannot work without one.
    fn require_key(&self) -> Result<String, BackendSetupError> {
        self.key
            .clone()
            .ok_or_else(|| BackendSetupError::MissingKey {
                name: self.name.to_string(),
                var: self.key_var.clone().unwrap_or_default(),
            })
    }

    fn invalid(&self, detail: String) -> BackendSetupError {
        BackendSetupError::Invalid {
            name: self.name.to_string(),
            detail,
        }
    }

    /// DeepL: needs a key; with `glossary-sync` it also syncs the provider glossary.
    fn deepl(&self) -> Result<Made, BackendSetupError> {
        let cfg = &self.cfg;
        let mut c = DeeplConfig::new(Secret::new(self.require_key()?));
        c.base_url = self.url.clone();
        c.formality = cfg.formality.clone();
        c.model_type = self.model.clone();
        c.beta_languages = cfg.beta_languages.unwrap_or(false);
        c.send_context = cfg.context.unwrap_or(true);
        c.glossary_terms = cfg.glossary_sync.unwrap_or(false);
        apply_limits(&mut c.limits, &mut c.http, cfg);
        let endpoint = c.endpoint();
        let b = Arc::new(DeeplBackend::new(c).map_err(|e| self.invalid(e.to_string()))?);
        let glossary_sync: Option<Arc<dyn GlossarySync>> = if cfg.glossary_sync.unwrap_or(false) {
            Some(b.clone())
        } else {
            None
        };
        Ok(Made {
            backend: b.clone(),
            glossary_sync,
            deepl: Some(b),
            endpoint: Some(endpoint),
        })
    }

    /// An OpenAI-compatible chat API (OpenAI, Azure OpenAI, local servers).
    fn openai(&self) -> Result<Made, BackendSetupError> {
        let cfg = &self.cfg;
        // Local servers (Ollama, llama.cpp) need no key: an absent one is sent as none.
        let mut c = OpenAiConfig::new(Secret::new(self.key.clone().unwrap_or_default()));
        if let Some(u) = self.url.clone() {
            c.base_url = u;
        }
        if let Some(m) = self.model.clone() {
            c.model = m;
        }
        if cfg.temperature.is_some() {
            c.temperature = cfg.temperature;
        }
        c.headers = cfg
            .headers
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if let Some(dep) = &cfg.azure_deployment {
            c.azure = Some(AzureConfig {
                deployment: dep.clone(),
                api_version: cfg
                    .azure_api_version
                    .clone()
                    .unwrap_or_else(|| DEFAULT_AZURE_API_VERSION.to_string()),
            });
        }
        apply_limits(&mut c.limits, &mut c.http, cfg);
        let endpoint = c.base_url.clone();
        let b = OpenAiBackend::new(c).map_err(|e| self.invalid(e.to_string()))?;
        Ok(Made::plain(Arc::new(b)).at(endpoint))
    }

    /// Google Cloud Translation, `api: v2` (Basic, the default) or `v3` (Advanced, needs
    /// `project`); only v3 syncs a glossary through `glossary-bucket`.
    fn google(&self) -> Result<Made, BackendSetupError> {
        let cfg = &self.cfg;
        let mut c = match cfg.api.as_deref().unwrap_or("v2") {
            "v2" => GoogleConfig::v2(Secret::new(self.require_key()?)),
            "v3" => {
                let project = cfg
                    .project
                    .clone()
                    .ok_or_else(|| self.invalid("api v3 needs `project`".into()))?;
                let location = cfg.location.clone().unwrap_or_else(|| "global".into());
                GoogleConfig::v3(Secret::new(self.require_key()?), project, location)
            }
            other => return Err(self.invalid(format!("api must be v2 or v3, not {other}"))),
        };
        c.base_url = self.url.clone();
        c.model = self.model.clone();
        apply_limits(&mut c.limits, &mut c.http, cfg);
        if let Some(bucket) = &cfg.glossary_bucket {
            let mut sync = GlossarySyncConfig::new(bucket.clone());
            sync.storage_url = cfg.storage_url.clone();
            c.glossary_sync = Some(sync);
        }
        if !matches!(c.api, GoogleApi::V3 { .. }) {
            let key = match (&cfg.glossary_bucket, &cfg.storage_url) {
                (Some(_), _) => Some("glossary-bucket"),
                (None, Some(_)) => Some("storage-url"),
                (None, None) => None,
            };
            if let Some(key) = key {
                return Err(BackendSetupError::NeedsV3 {
                    name: self.name.to_string(),
                    key: key.to_string(),
                });
            }
        }
        let endpoint = c
            .base_url
            .clone()
            .unwrap_or_else(|| crate::translate::backends::google::DEFAULT_URL.to_string());
        let b = Arc::new(GoogleBackend::new(c).map_err(|e| self.invalid(e.to_string()))?);
        let glossary_sync: Option<Arc<dyn GlossarySync>> = if b.syncs_glossary() {
            Some(b.clone())
        } else {
            None
        };
        Ok(Made {
            backend: b,
            glossary_sync,
            deepl: None,
            endpoint: Some(endpoint),
        })
    }

    /// LibreTranslate: the server at the given URL, else the backend's `DEFAULT_URL` (a local
    /// server); the key is optional.
    fn libretranslate(&self) -> Result<Made, BackendSetupError> {
        let mut c = match self.url.clone() {
            Some(u) => LibreTranslateConfig::new(u),
            None => LibreTranslateConfig::default(),
        };
        c.api_key = self.key.clone().map(Secret::new);
        apply_limits(&mut c.limits, &mut c.http, &self.cfg);
        let endpoint = c.base_url.clone();
        let b = LibreTranslateBackend::new(c).map_err(|e| self.invalid(e.to_string()))?;
        Ok(Made::plain(Arc::new(b)).at(endpoint))
    }

    /// A local program (`command`: the program and its arguments); `model` is recorded as its
    /// version in the memory key. It has no HTTP settings: the timeout applies through the limits.
    fn command(&self) -> Result<Made, BackendSetupError> {
        let mut argv = self.cfg.command.iter().cloned();
        let Some(program) = argv.next() else {
            return Err(self.invalid("`command` needs the program and its arguments".into()));
        };
        let mut c = CommandConfig::new(program.clone(), argv.collect());
        // Only what the configuration names reaches the program (besides its minimal
        // environment); an unset name is simply not passed.
        c.env = self
            .cfg
            .env
            .iter()
            .filter_map(|k| (self.env)(k).map(|v| (k.clone(), v)))
            .collect();
        c.name = Some(self.name.to_string());
        c.version = self.model.clone();
        let mut http = HttpConfig::default();
        apply_limits(&mut c.limits, &mut http, &self.cfg);
        Ok(Made::plain(Arc::new(CommandBackend::new(c))).at(program))
    }
}

/// Limits and timeout from the configuration, over the backend's defaults.
fn apply_limits(limits: &mut BatchLimits, http: &mut HttpConfig, cfg: &BackendConfig) {
    if let Some(n) = cfg.concurrency.filter(|n| *n > 0) {
        limits.concurrency = n;
    }
    if let Some(r) = cfg
        .requests_per_second
        .filter(|r| r.is_finite() && *r > 0.0)
    {
        limits.requests_per_second = Some(r);
    }
    if let Some(b) = cfg.burst.filter(|b| *b > 0) {
        limits.burst = Some(b);
    }
    if let Some(c) = cfg.chars_per_minute.filter(|c| *c > 0) {
        limits.chars_per_minute = Some(c);
    }
    if let Some(n) = cfg.max_segments.filter(|n| *n > 0) {
        limits.max_segments = n;
    }
    if let Some(n) = cfg.max_chars.filter(|n| *n > 0) {
        limits.max_chars = n;
    }
    if let Some(s) = cfg.timeout_secs.filter(|s| *s > 0) {
        limits.timeout = Duration::from_secs(s);
        http.timeout = Duration::from_secs(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn kinds_names_and_keys() {
        let cfg = TranslateConfig::default();
        let b = build("pseudo", &cfg, &BackendOverrides::default(), &no_env).unwrap();
        assert_eq!(b.backend.identity().kind, "pseudo");
        let err = build("deepl", &cfg, &BackendOverrides::default(), &no_env).unwrap_err();
        assert_eq!(
            err,
            BackendSetupError::MissingKey {
                name: "deepl".into(),
                var: "DEEPL_API_KEY".into()
            }
        );
        let env = |v: &str| (v == "DEEPL_API_KEY").then(|| "secret-key:fx".to_string());
        let b = build("deepl", &cfg, &BackendOverrides::default(), &env).unwrap();
        assert_eq!(b.backend.identity().kind, "deepl");
        assert!(!format!("{b:?}").contains("secret-key"));
        assert!(matches!(
            build("babelfish", &cfg, &BackendOverrides::default(), &no_env),
            Err(BackendSetupError::Unknown { .. })
        ));

        let cfg: TranslateConfig = crate::yaml::from_str(
            "backends:\n  local:\n    kind: openai\n    url: http://127.0.0.1:9/v1\n    model: m1\n    concurrency: 7\n",
        )
        .unwrap();
        let b = build("local", &cfg, &BackendOverrides::default(), &no_env).unwrap();
        assert_eq!(b.backend.identity().model.as_deref(), Some("m1"));
        assert_eq!(b.backend.limits().concurrency, 7);
        assert_eq!(b.label, "local (openai)");
        let over = BackendOverrides {
            model: Some("m2".into()),
            ..BackendOverrides::default()
        };
        let b = build("local", &cfg, &over, &no_env).unwrap();
        assert_eq!(b.backend.identity().model.as_deref(), Some("m2"));
    }

    #[test]
    fn google_glossary_bucket_needs_v3() {
        let env = |v: &str| (v == "GOOGLE_API_KEY").then(|| "ya29.token".to_string());
        let over = BackendOverrides::default();
        let v2: TranslateConfig =
            crate::yaml::from_str("backends:\n  google:\n    glossary-bucket: gs://my-bucket/g\n")
                .unwrap();
        assert_eq!(
            build("google", &v2, &over, &env).unwrap_err(),
            BackendSetupError::NeedsV3 {
                name: "google".into(),
                key: "glossary-bucket".into()
            }
        );
        let v3: TranslateConfig = crate::yaml::from_str(
            "backends:\n  google:\n    api: v3\n    project: p\n    location: us-central1\n    glossary-bucket: gs://my-bucket/g\n    storage-url: http://127.0.0.1:9\n",
        )
        .unwrap();
        let b = build("google", &v3, &over, &env).unwrap();
        assert!(b.glossary_sync.is_some());
        let bad: TranslateConfig = crate::yaml::from_str(
            "backends:\n  google:\n    api: v3\n    project: p\n    glossary-bucket: my-bucket\n",
        )
        .unwrap();
        assert!(matches!(
            build("google", &bad, &over, &env),
            Err(BackendSetupError::Invalid { detail, .. }) if detail.contains("gs://")
        ));
    }
}
