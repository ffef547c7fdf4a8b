//! The `command` backend: an external program that translates a batch given as JSON on stdin and
//! answers JSON on stdout. For in-house engines, local models behind a script, or anything subloc
//! has no backend for.
//!
//! The program is started from an argument vector (never through a shell, so no quoting or
//! injection surprises), once per batch, with a timeout (it is killed when the timeout passes or
//! the run is abandoned). Its stderr is kept up to 16 KiB for the error report; stdout is read up to
//! 64 MiB. Protocol `subloc-command/1`:
//!
//! stdin:  `{"protocol":"subloc-command/1","source_lang":"zh-Hans","target_lang":"fa",
//!           "synopsis":…,"segments":[{"id":"ep01#3","text":"…","context":{"speaker":…,
//!           "before":[…],"after":[…],"max_chars":42,"terms":[{"source","target","note"}]}}]}`
//! stdout: `{"translations":{"ep01#3":"…"},"billed_chars":12}` (`billed_chars` optional), or
//!         `{"error":{"kind":"rate_limited"|"refused"|"retry"|"unsupported_language"|"auth"|"fatal",
//!           "message":"…","retry_after_ms":1000}}`.
//!
//! Placeholders (`<x id="1"/>`, `<g id="2">…</g>`) must come back unchanged. An exit status other
//! than 0 without an error object is `Fatal` (a broken program is far more common than a flaky
//! one; a program that knows better says `"kind":"retry"`).

use std::collections::BTreeMap;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::process::Command;

use crate::translate::{
    Backend, BackendError, BackendIdentity, BatchLimits, BatchReply, BatchRequest, Billing,
    BoxFuture, Segment,
};

/// Protocol name sent to the program.
pub const PROTOCOL: &str = "subloc-command/1";

/// What a program needs from the parent's environment to start and behave (find other
/// programs, a home and temporary folder, the locale, the time zone; on Windows the system
/// folders without which sockets and DLL lookup fail). Everything else — `DEEPL_API_KEY`,
/// `OPENAI_API_KEY`, `AWS_SECRET_ACCESS_KEY`, … — stays with subloc unless the configuration
/// names it under `env:` (issue 14 §7).
pub const MINIMAL_ENV: &[&str] = &[
    "PATH",
    "HOME",
    "USER",
    "LOGNAME",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "LC_MESSAGES",
    "TZ",
    "TMPDIR",
    "TEMP",
    "TMP",
    "SYSTEMROOT",
    "SYSTEMDRIVE",
    "WINDIR",
    "USERPROFILE",
    "PATHEXT",
    "COMSPEC",
];

const MAX_STDOUT: usize = 64 << 20;
const MAX_STDERR: usize = 16 << 10;

/// How to run the program (from `subloc.yaml`).
#[derive(Clone, PartialEq)]
pub struct CommandConfig {
    /// Program path or name looked up in `PATH`.
    pub program: String,
    pub args: Vec<String>,
    /// Environment variables the program gets besides `MINIMAL_ENV` (nothing else of subloc's
    /// environment is inherited: API keys for other providers must not leak to it).
    pub env: Vec<(String, String)>,
    /// Name recorded in the memory key (defaults to the program's file name).
    pub name: Option<String>,
    /// Bump when the program's output changes, so the memory does not serve stale answers.
    pub version: Option<String>,
    pub limits: BatchLimits,
    /// Whether the program bills (for dry-run cost estimates).
    pub billing: Billing,
}

/// `env` is where a program's API key lives, so its values never reach a debug print.
impl std::fmt::Debug for CommandConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let env: Vec<(&str, &str)> = self.env.iter().map(|(k, _)| (k.as_str(), "***")).collect();
        f.debug_struct("CommandConfig")
            .field("program", &self.program)
            .field("args", &self.args)
            .field("env", &env)
            .field("name", &self.name)
            .field("version", &self.version)
            .field("limits", &self.limits)
            .field("billing", &self.billing)
            .finish()
    }
}

impl CommandConfig {
    pub fn new(program: impl Into<String>, args: Vec<String>) -> Self {
        CommandConfig {
            program: program.into(),
            args,
            env: Vec::new(),
            name: None,
            version: None,
            limits: BatchLimits {
                concurrency: 2,
                timeout: Duration::from_secs(120),
                ..BatchLimits::default()
            },
            billing: Billing::Free,
        }
    }
}

#[derive(serde::Serialize)]
struct Input<'a> {
    protocol: &'static str,
    source_lang: &'a str,
    target_lang: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    synopsis: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    glossary_id: Option<&'a str>,
    segments: &'a [Segment],
}

#[derive(serde::Deserialize)]
struct Output {
    #[serde(default)]
    translations: Option<Translations>,
    #[serde(default)]
    billed_chars: Option<u64>,
    #[serde(default)]
    error: Option<ErrorOut>,
}

#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Translations {
    Map(BTreeMap<String, String>),
    List(Vec<Item>),
}

#[derive(serde::Deserialize)]
struct Item {
    id: String,
    text: String,
}

#[derive(serde::Deserialize)]
struct ErrorOut {
    kind: String,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    retry_after_ms: Option<u64>,
}

/// The command backend.
#[derive(Debug, Clone)]
pub struct CommandBackend {
    cfg: CommandConfig,
}

impl CommandBackend {
    pub fn new(cfg: CommandConfig) -> Self {
        CommandBackend { cfg }
    }

    async fn run(&self, req: &BatchRequest) -> Result<BatchReply, BackendError> {
        let input = serde_json::to_vec(&Input {
            protocol: PROTOCOL,
            source_lang: &req.source_lang,
            target_lang: &req.target_lang,
            synopsis: req.synopsis.as_deref(),
            glossary_id: req.glossary_id.as_deref(),
            segments: &req.segments,
        })
        .map_err(|e| BackendError::Fatal(e.to_string()))?;
        let minimal = MINIMAL_ENV
            .iter()
            .filter_map(|k| std::env::var_os(k).map(|v| (*k, v)));
        let mut child = Command::new(&self.cfg.program)
            .args(&self.cfg.args)
            .env_clear()
            .envs(minimal)
            .envs(self.cfg.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| BackendError::Fatal(format!("{}: {e}", self.cfg.program)))?;
        let stdin = child.stdin.take();
        let stdout = child.stdout.take();
        let stderr = child.stderr.take();
        let write = async move {
            if let Some(mut s) = stdin {
                // A program that exits without reading all input is judged by its output.
                let _ = s.write_all(&input).await;
                let _ = s.shutdown().await;
            }
        };
        let (_, out, err) = tokio::join!(
            write,
            read_bounded(stdout, MAX_STDOUT),
            read_bounded(stderr, MAX_STDERR)
        );
        let status = child
            .wait()
            .await
            .map_err(|e| BackendError::Fatal(e.to_string()))?;
        let (out, out_truncated) = out;
        let (err, _) = err;
        let stderr_text = String::from_utf8_lossy(&err).trim().to_string();
        if out_truncated {
            return Err(BackendError::Malformed(format!(
                "output larger than {MAX_STDOUT} bytes"
            )));
        }
        let parsed: Option<Output> = serde_json::from_slice(&out).ok();
        if let Some(e) = parsed.as_ref().and_then(|p| p.error.as_ref()) {
            return Err(map_error(e, &stderr_text));
        }
        if !status.success() {
            return Err(BackendError::Fatal(format!(
                "{} exited with {}: {}",
                self.cfg.program,
                status,
                excerpt(&stderr_text)
            )));
        }
        let parsed = parsed.ok_or_else(|| {
            BackendError::Malformed(format!(
                "stdout is not a JSON reply: {}",
                excerpt(&String::from_utf8_lossy(&out))
            ))
        })?;
        let translations = match parsed.translations {
            Some(Translations::Map(m)) => m.into_iter().collect(),
            Some(Translations::List(l)) => l.into_iter().map(|i| (i.id, i.text)).collect(),
            None => {
                return Err(BackendError::Malformed(
                    "reply has neither translations nor error".into(),
                ));
            }
        };
        Ok(BatchReply {
            translations,
            billed_chars: parsed.billed_chars.unwrap_or_else(|| req.text_chars()),
            ..BatchReply::default()
        })
    }
}

fn map_error(e: &ErrorOut, stderr: &str) -> BackendError {
    let message = e
        .message
        .clone()
        .unwrap_or_else(|| excerpt(stderr).to_string());
    match e.kind.as_str() {
        "rate_limited" => BackendError::RateLimited {
            retry_after: e.retry_after_ms.map(Duration::from_millis),
        },
        "refused" => BackendError::Refused { reason: message },
        "retry" => BackendError::Server {
            status: 503,
            body_excerpt: message,
        },
        "unsupported_language" => BackendError::UnsupportedLanguage { lang: message },
        "auth" => BackendError::Auth {
            status: None,
            message,
        },
        _ => BackendError::Fatal(message),
    }
}

/// The first 300 characters (error reports stay readable).
fn excerpt(s: &str) -> &str {
    match s.char_indices().nth(300) {
        Some((i, _)) => s.get(..i).unwrap_or(s),
        None => s,
    }
}

/// Reads a pipe to its end, keeping at most `max` bytes (the rest is drained so the child never
/// blocks on a full pipe). Returns the bytes and whether anything was dropped.
async fn read_bounded<R: AsyncRead + Unpin>(pipe: Option<R>, max: usize) -> (Vec<u8>, bool) {
    let Some(mut pipe) = pipe else {
        return (Vec::new(), false);
    };
    let mut kept = Vec::new();
    let mut dropped = false;
    let mut buf = [0u8; 8192];
    loop {
        match pipe.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                let room = max.saturating_sub(kept.len());
                let chunk = buf.get(..n).unwrap_or(&[]);
                if chunk.len() > room {
                    dropped = true;
                }
                kept.extend_from_slice(chunk.get(..room.min(chunk.len())).unwrap_or(&[]));
            }
        }
    }
    (kept, dropped)
}

impl Backend for CommandBackend {
    fn identity(&self) -> BackendIdentity {
        let name = self.cfg.name.clone().unwrap_or_else(|| {
            std::path::Path::new(&self.cfg.program)
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_else(|| self.cfg.program.clone())
        });
        BackendIdentity {
            model: Some(name),
            prompt_version: self.cfg.version.clone(),
            ..BackendIdentity::new("command")
        }
    }

    fn limits(&self) -> BatchLimits {
        self.cfg.limits.clone()
    }

    fn billing(&self) -> Billing {
        self.cfg.billing
    }

    fn supports(&self, _source_lang: &str, _target_lang: &str) -> Result<(), BackendError> {
        // The program reports unsupported pairs itself (`unsupported_language`).
        Ok(())
    }

    fn translate<'a>(
        &'a self,
        req: &'a BatchRequest,
    ) -> BoxFuture<'a, Result<BatchReply, BackendError>> {
        Box::pin(async move {
            match tokio::time::timeout(self.cfg.limits.timeout, self.run(req)).await {
                Ok(r) => r,
                // Dropping the future kills the child (kill_on_drop).
                Err(_) => Err(BackendError::Timeout),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn debug_never_shows_env_values() {
        let mut cfg = super::CommandConfig::new("tr", vec![]);
        cfg.env.push(("TR_KEY".into(), "sk-very-secret".into()));
        let shown = format!("{cfg:?}");
        assert!(
            shown.contains("TR_KEY") && !shown.contains("sk-very-secret"),
            "{shown}"
        );
    }
}
