//! The `translate:` section of `subloc.yaml`: what a team writes once so that `subloc translate`
//! runs with no flags (targets, platforms, backend, glossary, memory, output pattern), and the
//! per-backend settings (endpoint, model, the environment variable holding the key, limits,
//! prices). Keys are kebab-case and strict, like the rest of the configuration.
//!
//! ```yaml
//! translate:
//!   episodes: [episodes/]
//!   source: zh-Hans
//!   targets: [fa, en, ar]
//!   platforms: [netflix, youtube, tiktok]
//!   backend: deepl                 # a kind, or a name under `backends:`
//!   memory: .subloc/memory.sqlite
//!   out: out
//!   pattern: "{lang}/{platform}/{stem}.{ext}"
//!   backends:
//!     deepl:
//!       api-key-env: DEEPL_API_KEY
//!       beta-languages: true       # Persian is a DeepL beta language
//!       pricing: {per-million-chars: 25, currency: EUR}
//!     local-llm:
//!       kind: openai
//!       url: http://localhost:11434/v1
//!       model: qwen2.5:14b
//! ```
//!
//! Secrets never live here: only the *name* of the environment variable that holds one.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

use crate::translate::cost::Pricing;

/// The `translate:` section.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct TranslateConfig {
    /// Episodes (files, folders, globs) relative to the configuration file, used when the
    /// command line names none.
    #[serde(default)]
    pub episodes: Vec<String>,
    /// Language of the episodes (BCP 47); default: the glossary's `source`, else detected.
    #[serde(default)]
    pub source: Option<String>,
    /// Target languages.
    #[serde(default)]
    pub targets: Vec<String>,
    /// Platform profile ids.
    #[serde(default)]
    pub platforms: Vec<String>,
    /// Backend kind or a name under `backends`.
    #[serde(default)]
    pub backend: Option<String>,
    /// Backend for segments the primary refuses or keeps failing on.
    #[serde(default)]
    pub fallback: Option<String>,
    /// Translation memory file, relative to the configuration file.
    #[serde(default)]
    pub memory: Option<PathBuf>,
    /// Environment variable holding the password of a `postgres://` memory (never written in
    /// the URL, never printed).
    #[serde(default)]
    pub memory_password_env: Option<String>,
    /// Let the team memory's password go in clear (no TLS) to a host that is not this machine.
    /// Off by default (`translate/memory/pg_tls.rs`).
    #[serde(default)]
    pub memory_allow_plaintext: Option<bool>,
    /// Output folder, relative to the configuration file.
    #[serde(default)]
    pub out: Option<PathBuf>,
    /// Output file pattern inside `out`.
    #[serde(default)]
    pub pattern: Option<String>,
    /// Series synopsis for LLM prompts and DeepL context (default: the glossary's).
    #[serde(default)]
    pub synopsis: Option<String>,
    /// Target languages translated at once.
    #[serde(default)]
    pub jobs: Option<usize>,
    /// Maximum characters sent per run.
    #[serde(default)]
    pub budget: Option<u64>,
    /// Also write source-plus-target review tracks.
    #[serde(default)]
    pub bilingual: Option<bool>,
    /// Allow start times to move when fitting.
    #[serde(default)]
    pub retime: Option<bool>,
    /// Named backend settings.
    #[serde(default)]
    pub backends: BTreeMap<String, BackendConfig>,
}

/// One backend's settings. Only the keys that apply to its kind are read.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct BackendConfig {
    /// `pseudo`, `deepl`, `openai`, `google`, `libretranslate`, `command` or `xliff`; default:
    /// the name.
    #[serde(default)]
    pub kind: Option<String>,
    /// Endpoint (base URL).
    #[serde(default)]
    pub url: Option<String>,
    /// Model or engine name.
    #[serde(default)]
    pub model: Option<String>,
    /// Environment variable holding the key or token (default per kind: `DEEPL_API_KEY`, …).
    #[serde(default)]
    pub api_key_env: Option<String>,
    /// DeepL formality (`more`, `less`, `prefer_more`, `prefer_less`).
    #[serde(default)]
    pub formality: Option<String>,
    /// DeepL: accept beta languages (Persian among them).
    #[serde(default)]
    pub beta_languages: Option<bool>,
    /// DeepL: create / reuse a DeepL glossary from the approved renderings.
    #[serde(default)]
    pub glossary_sync: Option<bool>,
    /// DeepL: send the synopsis and neighbouring lines as `context` (default true).
    #[serde(default)]
    pub context: Option<bool>,
    /// OpenAI-compatible: sampling temperature.
    #[serde(default)]
    pub temperature: Option<f32>,
    /// OpenAI-compatible: extra request headers.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Azure OpenAI deployment (switches to Azure addressing).
    #[serde(default)]
    pub azure_deployment: Option<String>,
    #[serde(default)]
    pub azure_api_version: Option<String>,
    /// Google: `v2` (API key, default) or `v3` (bearer token, needs `project`).
    #[serde(default)]
    pub api: Option<String>,
    #[serde(default)]
    pub project: Option<String>,
    #[serde(default)]
    pub location: Option<String>,
    /// Google v3: `gs://BUCKET/prefix` to upload glossary files to; turns glossary sync on.
    #[serde(default)]
    pub glossary_bucket: Option<String>,
    /// Google v3: Cloud Storage endpoint (default `https://storage.googleapis.com`).
    #[serde(default)]
    pub storage_url: Option<String>,
    /// Command backend: program and arguments (an argument vector, never a shell string).
    #[serde(default)]
    pub command: Vec<String>,
    /// Command backend: environment variables passed on to the program besides the minimal
    /// environment (`PATH`, `HOME`, locale, temporary folder); no other variable — API keys
    /// included — reaches it (issue 14 §7).
    #[serde(default)]
    pub env: Vec<String>,
    /// Send the API key over plain `http://` to a host that is not loopback. Off by default:
    /// the key would cross the network readable by anyone on the way (issue 14 §7).
    #[serde(default)]
    pub allow_insecure_http: Option<bool>,
    /// Requests in flight at once.
    #[serde(default)]
    pub concurrency: Option<usize>,
    #[serde(default)]
    pub requests_per_second: Option<f64>,
    /// The provider's token bucket: requests that may start at once after an idle spell, used
    /// whole (default, when the bucket is unknown: half a second's worth).
    #[serde(default)]
    pub burst: Option<u32>,
    #[serde(default)]
    pub chars_per_minute: Option<u64>,
    /// Segments per request.
    #[serde(default)]
    pub max_segments: Option<usize>,
    /// Characters of text per request.
    #[serde(default)]
    pub max_chars: Option<usize>,
    /// Per-request timeout in seconds.
    #[serde(default)]
    pub timeout_secs: Option<u64>,
    /// Prices for dry-run cost estimates.
    #[serde(default)]
    pub pricing: Option<Pricing>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_kebab_case_and_rejects_unknown_keys() {
        let text = "targets: [fa, en]\nplatforms: [netflix]\nbackend: llm\nbackends:\n  llm:\n    kind: openai\n    url: http://127.0.0.1:1/v1\n    api-key-env: MY_KEY\n    pricing: {per-million-input-tokens: [0.1, 0.2]}\n";
        let c: TranslateConfig = crate::yaml::from_str(text).unwrap();
        assert_eq!(c.targets, vec!["fa".to_string(), "en".to_string()]);
        let llm = c.backends.get("llm").unwrap();
        assert_eq!(llm.kind.as_deref(), Some("openai"));
        assert_eq!(llm.api_key_env.as_deref(), Some("MY_KEY"));
        assert!(
            llm.pricing
                .as_ref()
                .unwrap()
                .per_million_input_tokens
                .is_some()
        );
        let err = crate::yaml::from_str::<TranslateConfig>("tragets: [fa]\n").unwrap_err();
        assert!(err.message.contains("tragets"), "{err}");
        let err = crate::yaml::from_str::<TranslateConfig>("backends:\n  x:\n    modle: y\n")
            .unwrap_err();
        assert!(err.message.contains("modle"), "{err}");
    }
}
