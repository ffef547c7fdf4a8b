//! The error every command can end with (exit code 2): data, not text. `render` makes the one
//! localized line the binary prints after `error:`; `kind` is the stable machine-readable name
//! `info --format json` and other JSON outputs carry.

use std::io;
use std::path::{Path, PathBuf};

use fluent::FluentValue;

use crate::check::OverrideError;
use crate::config::ConfigError;
use crate::format::ReadError;
use crate::i18n::Localizer;
use crate::platform::ProfileError;

use super::{fluent_arg, num, show};

/// A failure that ends a command with exit code 2. Carries data; `render` makes the text.
#[derive(Debug)]
pub enum Error {
    Read(ReadError),
    Write {
        path: PathBuf,
        source: io::Error,
    },
    /// Writing to standard output failed (a closed pipe is the common, quiet case).
    Stdout(io::Error),
    UnknownOutputFormat {
        path: PathBuf,
    },
    UnknownEncoding {
        label: String,
    },
    /// Content in a format subloc does not read (SAMI, HTML, XML that is not TTML).
    UnreadableFormat {
        path: PathBuf,
        /// What the content is (`sami`, `html`, the root element of other XML).
        format: String,
    },
    SameFile {
        path: PathBuf,
    },
    /// A non-subtitle or empty input: reading it gave no cue (the reader's findings say why).
    NoCues {
        path: PathBuf,
        diagnostics: Vec<crate::diag::Diagnostic>,
    },
    /// `subloc.yaml` could not be read or is invalid.
    Config(ConfigError),
    /// `--platform` names no known profile, or a profile is inconsistent.
    Profile(ProfileError),
    /// A `--severity RULE=LEVEL` that names no rule or level.
    Override(OverrideError),
    /// No `--glossary`, none configured and no `glossary.yaml` upwards from `dir`.
    NoGlossary {
        dir: PathBuf,
    },
    /// The glossary has load errors (already printed).
    GlossaryInvalid {
        path: PathBuf,
        errors: usize,
        /// The errors, located; shown before the one-line error.
        diagnostics: Vec<crate::diag::Diagnostic>,
    },
    /// A translation provider's failure (its Fluent message says what went wrong).
    Backend(crate::translate::BackendError),
    /// The provider stopped a translation run (the summary was already shown): who, where,
    /// what it said and what to do.
    BackendStopped(Box<crate::pipeline::BackendStop>),
    /// A message whose `$detail` is another error, each localized (`error-translate-glossary-sync`
    /// because the provider refused the key): no English text inside a localized sentence.
    Because {
        id: &'static str,
        args: Vec<(&'static str, String)>,
        cause: Box<Error>,
    },
    /// Any other usage or input problem: a Fluent message id, its arguments and a stable kind.
    Message {
        kind: &'static str,
        id: &'static str,
        args: Vec<(&'static str, String)>,
    },
}

impl Error {
    /// The localized one-line message (without the "error:" prefix).
    pub fn render(&self, loc: &Localizer) -> String {
        match self {
            Error::Read(ReadError::Io { path, source, .. }) => loc.msg(
                "read-io-error",
                &[
                    ("path", show(path).into()),
                    ("detail", io_detail(loc, source).into()),
                ],
            ),
            Error::Read(e @ ReadError::UnknownFormat { path }) => {
                let path = path.as_deref().map(show).unwrap_or_else(|| "-".into());
                loc.msg(e.id(), &[("path", path.into())])
            }
            Error::Write { path, source } => loc.msg(
                "error-write",
                &[
                    ("path", show(path).into()),
                    ("detail", io_detail(loc, source).into()),
                ],
            ),
            Error::Stdout(source) => {
                loc.msg("error-stdout", &[("detail", io_detail(loc, source).into())])
            }
            Error::UnknownOutputFormat { path } if path.as_os_str() == "-" => {
                loc.text("error-stdout-needs-format")
            }
            Error::UnknownOutputFormat { path } => loc.msg(
                "error-unknown-output-format",
                &[("path", show(path).into())],
            ),
            Error::UnknownEncoding { label } => {
                loc.msg("error-unknown-encoding", &[("label", label.clone().into())])
            }
            Error::UnreadableFormat { path, format } => loc.msg(
                "error-unreadable-format",
                &[
                    ("path", show(path).into()),
                    ("format", format.clone().into()),
                ],
            ),
            Error::SameFile { path } => loc.msg("error-same-file", &[("path", show(path).into())]),
            Error::NoCues { path, .. } => loc.msg("error-no-cues", &[("path", show(path).into())]),
            Error::Config(e) => render_config_error(loc, e),
            Error::Profile(e) => render_profile_error(loc, e, ""),
            Error::Override(e) => render_override_error(loc, e),
            Error::NoGlossary { dir } => loc.msg("error-no-glossary", &[("dir", show(dir).into())]),
            Error::GlossaryInvalid { path, errors, .. } => loc.msg(
                "error-glossary-invalid",
                &[("path", show(path).into()), ("count", num(*errors))],
            ),
            Error::Backend(e) => render_backend_error(loc, e),
            Error::BackendStopped(stop) => render_backend_stop(loc, stop),
            Error::Because { id, args, cause } => {
                let detail = cause.render(loc);
                let mut args: Vec<(&str, FluentValue<'_>)> =
                    args.iter().map(|(k, v)| (*k, fluent_arg(v))).collect();
                args.push(("detail", detail.into()));
                loc.msg(id, &args)
            }
            Error::Message { id, args, .. } => {
                let args: Vec<(&str, FluentValue<'_>)> =
                    args.iter().map(|(k, v)| (*k, fluent_arg(v))).collect();
                loc.msg(id, &args)
            }
        }
    }

    /// Findings that explain the error (an invalid glossary's errors with their positions):
    /// printed, one per line, before the error itself.
    pub fn details(&self) -> &[crate::diag::Diagnostic] {
        match self {
            Error::GlossaryInvalid { diagnostics, .. } => diagnostics,
            Error::NoCues { diagnostics, .. } => diagnostics,
            _ => &[],
        }
    }

    /// A usage or input error with a Fluent message (exit 2).
    pub fn usage(id: &'static str, args: &[(&'static str, String)]) -> Error {
        Error::Message {
            kind: "usage",
            id,
            args: args.to_vec(),
        }
    }

    /// A file that could not be read.
    pub fn read(path: &Path, source: io::Error) -> Error {
        Error::Read(ReadError::Io {
            path: path.to_path_buf(),
            kind: source.kind(),
            source,
        })
    }

    /// A file that could not be written.
    pub fn write(path: &Path, source: io::Error) -> Error {
        Error::Write {
            path: path.to_path_buf(),
            source,
        }
    }

    /// `subloc info … | head`: the reader went away; exit quietly like other Unix tools.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Stdout(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }

    /// Machine-readable kind, used in `info --format json` error objects.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Read(ReadError::Io { kind, .. }) => io_kind_id(*kind),
            Error::Read(e) => e.id(),
            Error::Write { .. } => "write-io-error",
            Error::Stdout(_) => "stdout-io-error",
            Error::UnknownOutputFormat { .. } => "unknown-output-format",
            Error::UnknownEncoding { .. } => "unknown-encoding",
            Error::UnreadableFormat { .. } => "unreadable-format",
            Error::SameFile { .. } => "same-file",
            Error::NoCues { .. } => "no-cues",
            Error::Config(_) => "config",
            Error::Profile(_) => "profile",
            Error::Override(_) => "severity-override",
            Error::NoGlossary { .. } => "no-glossary",
            Error::GlossaryInvalid { .. } => "glossary-invalid",
            Error::Backend(e) => e.code(),
            Error::BackendStopped(stop) => match stop.error.as_str() {
                "auth" => "auth",
                "quota" => "quota",
                "not-found" => "not-found",
                "unknown-model" => "unknown-model",
                "network" => "network",
                "unsupported-language" => "unsupported-language",
                _ => "backend-stopped",
            },
            Error::Because { cause, .. } => cause.kind(),
            Error::Message { kind, .. } => kind,
        }
    }
}

pub(crate) fn render_config_error(loc: &Localizer, e: &ConfigError) -> String {
    match e {
        ConfigError::Io { path, source } => loc.msg(
            "read-io-error",
            &[
                ("path", show(path).into()),
                ("detail", io_detail(loc, source).into()),
            ],
        ),
        ConfigError::Yaml { path, error } => {
            let mut place = show(path);
            if error.line > 0 {
                place.push_str(&format!(":{}:{}", error.line, error.column));
            }
            loc.msg(
                "error-config-yaml",
                &[
                    ("path", place.into()),
                    ("detail", error.message.clone().into()),
                ],
            )
        }
        ConfigError::Profiles { path, error } => {
            let place = path
                .as_deref()
                .map(|p| format!("{}: ", show(p)))
                .unwrap_or_default();
            render_profile_error(loc, error, &place)
        }
        ConfigError::Severity { path, error } => format!(
            "{}: check.severity: {}",
            show(path),
            render_override_error(loc, error)
        ),
        ConfigError::Lang { path, value } => format!(
            "{}: lang: {}",
            show(path),
            loc.msg("error-bad-lang", &[("value", value.clone().into())])
        ),
    }
}

/// A provider's failure in the UI language; what the provider itself said (a status body, a
/// network library's reason) is shown as data.
fn render_backend_error(loc: &Localizer, e: &crate::translate::BackendError) -> String {
    use crate::translate::BackendError as B;
    match e {
        B::RateLimited { retry_after } => match retry_after {
            Some(d) => loc.msg(
                "backend-rate-limited-after",
                &[("seconds", d.as_secs().into())],
            ),
            None => loc.text("backend-rate-limited"),
        },
        B::Server {
            status,
            body_excerpt,
        } => loc.msg(
            "backend-server",
            &[
                ("status", (*status).into()),
                ("body", body_excerpt.clone().into()),
            ],
        ),
        B::Timeout => loc.text("backend-timeout"),
        B::Network(d) => loc.msg("backend-network", &[("detail", d.clone().into())]),
        B::Malformed(d) => loc.msg("backend-malformed", &[("detail", d.clone().into())]),
        B::Refused { reason } => loc.msg("backend-refused", &[("reason", reason.clone().into())]),
        B::Auth {
            status: None,
            message,
        } if message.is_empty() => loc.text("backend-auth"),
        B::Auth { status, message } => loc.msg(
            "backend-auth-status",
            &[
                (
                    "status",
                    status
                        .map(|s| s.to_string())
                        .unwrap_or_else(|| "-".into())
                        .into(),
                ),
                ("message", message.clone().into()),
            ],
        ),
        B::Quota { status, message } => loc.msg(
            "backend-quota",
            &[
                ("status", status.to_string().into()),
                ("message", message.clone().into()),
            ],
        ),
        B::NotFound { status, message } => loc.msg(
            "backend-not-found",
            &[
                ("status", status.to_string().into()),
                ("message", message.clone().into()),
            ],
        ),
        B::UnknownModel { status, message } => loc.msg(
            "backend-unknown-model",
            &[
                ("status", status.to_string().into()),
                ("message", message.clone().into()),
            ],
        ),
        B::UnsupportedLanguage { lang } => loc.msg(
            "backend-unsupported-language",
            &[("lang", lang.clone().into())],
        ),
        B::Fatal(d) => loc.msg("backend-fatal", &[("detail", d.clone().into())]),
    }
}

/// A provider's stop of a run: the provider and its endpoint, the status and its own message,
/// and the advice, each part in the UI language around the data.
fn render_backend_stop(loc: &Localizer, stop: &crate::pipeline::BackendStop) -> String {
    let what = match stop.error.as_str() {
        "auth" => match stop.status {
            Some(status) => loc.msg(
                "backend-auth-status",
                &[
                    ("status", status.to_string().into()),
                    ("message", stop.message.clone().into()),
                ],
            ),
            None => loc.text("backend-auth"),
        },
        "quota" | "not-found" | "unknown-model" => loc.msg(
            match stop.error.as_str() {
                "quota" => "backend-quota",
                "not-found" => "backend-not-found",
                _ => "backend-unknown-model",
            },
            &[
                (
                    "status",
                    stop.status
                        .map(|s| s.to_string())
                        .unwrap_or_else(|| "-".into())
                        .into(),
                ),
                ("message", stop.message.clone().into()),
            ],
        ),
        "network" => loc.msg(
            "backend-network",
            &[("detail", stop.message.clone().into())],
        ),
        "timeout" => loc.text("backend-timeout"),
        "server-error" => loc.msg(
            "backend-server",
            &[
                ("status", stop.status.unwrap_or(0).into()),
                ("body", stop.message.clone().into()),
            ],
        ),
        "malformed-reply" => loc.msg(
            "backend-malformed",
            &[("detail", stop.message.clone().into())],
        ),
        "unusable-replies" => loc.text("backend-unusable"),
        "spending-bound" => loc.msg(
            "backend-spending-bound",
            &[("chars", stop.message.clone().into())],
        ),
        _ if !stop.message.is_empty() => {
            loc.msg("backend-fatal", &[("detail", stop.message.clone().into())])
        }
        other => other.to_string(),
    };
    let advice_id = match stop.advice.as_str() {
        "set-key" if stop.key_var.is_some() => "backend-advice-set-key",
        "set-key" => "backend-advice-check-key",
        "quota" => "backend-advice-quota",
        "check-url" => "backend-advice-check-url",
        "start-server" => "backend-advice-start-server",
        "check-tls" => "backend-advice-check-tls",
        "check-model" => "backend-advice-check-model",
        "check-language" => "backend-advice-check-language",
        "provider-failing" => "backend-advice-provider-failing",
        _ => "backend-advice-check-config",
    };
    let advice = loc.msg(
        advice_id,
        &[("var", stop.key_var.clone().unwrap_or_default().into())],
    );
    loc.msg(
        "error-backend-stopped",
        &[
            ("provider", stop.provider.clone().into()),
            ("url", stop.url.clone().unwrap_or_else(|| "-".into()).into()),
            ("detail", what.into()),
            ("advice", advice.into()),
        ],
    )
}

fn render_profile_error(loc: &Localizer, e: &ProfileError, place: &str) -> String {
    let text = match e {
        ProfileError::Unknown { id, known } => loc.msg(
            "error-unknown-platform",
            &[("id", id.clone().into()), ("known", known.clone().into())],
        ),
        ProfileError::Yaml(y) => {
            let mut detail = y.message.clone();
            if y.line > 0 {
                detail = format!("{}:{}: {detail}", y.line, y.column);
            }
            loc.msg("error-profile", &[("detail", detail.into())])
        }
        ProfileError::UnknownParent { profile, parent } => loc.msg(
            "error-profile-parent",
            &[
                ("profile", profile.clone().into()),
                ("parent", parent.clone().into()),
            ],
        ),
        ProfileError::Cycle { profile } => loc.msg(
            "error-profile-cycle",
            &[("profile", profile.clone().into())],
        ),
        ProfileError::BadLanguage { profile, tag } => loc.msg(
            "error-profile-language",
            &[
                ("profile", profile.clone().into()),
                ("tag", tag.clone().into()),
            ],
        ),
        ProfileError::UnknownRule { profile, rule } => loc.msg(
            "error-profile-rule",
            &[
                ("profile", profile.clone().into()),
                ("rule", rule.clone().into()),
            ],
        ),
        ProfileError::Schema(v) => loc.msg("error-profile-schema", &[("version", (*v).into())]),
        ProfileError::SafeArea {
            profile,
            width,
            height,
        } => loc.msg(
            "error-profile-safe-area",
            &[
                ("profile", profile.clone().into()),
                ("width", (*width).into()),
                ("height", (*height).into()),
            ],
        ),
    };
    format!("{place}{text}")
}

fn render_override_error(loc: &Localizer, e: &OverrideError) -> String {
    match e {
        OverrideError::UnknownRule(rule) => {
            // Every id `--severity` accepts (`SeverityOverrides::set` looks rules up in `rules::ALL`).
            let known: Vec<&str> = crate::diag::rules::ALL.to_vec();
            loc.msg(
                "error-unknown-rule",
                &[
                    ("rule", rule.clone().into()),
                    ("known", known.join(", ").into()),
                ],
            )
        }
        OverrideError::BadLevel(level) => {
            loc.msg("error-bad-level", &[("value", level.clone().into())])
        }
        OverrideError::BadSpec(spec) => {
            loc.msg("error-bad-severity-spec", &[("value", spec.clone().into())])
        }
    }
}

pub fn io_kind_id(kind: io::ErrorKind) -> &'static str {
    match kind {
        io::ErrorKind::NotFound => "not-found",
        io::ErrorKind::PermissionDenied => "permission-denied",
        io::ErrorKind::IsADirectory => "is-a-directory",
        io::ErrorKind::AlreadyExists => "already-exists",
        io::ErrorKind::InvalidData => "invalid-data",
        io::ErrorKind::StorageFull => "storage-full",
        _ => "io-error",
    }
}

/// The localized reason of an I/O error; uncommon kinds fall back to the OS text.
pub fn io_detail(loc: &Localizer, err: &io::Error) -> String {
    if let Some(big) = err
        .get_ref()
        .and_then(|e| e.downcast_ref::<crate::format::InputTooLarge>())
    {
        let mib = |b: u64| (b / (1024 * 1024)).to_string();
        return loc.msg(
            "io-too-large",
            &[
                ("size", mib(big.size).into()),
                ("limit", mib(big.limit).into()),
            ],
        );
    }
    if let Some(special) = err
        .get_ref()
        .and_then(|e| e.downcast_ref::<crate::format::NotRegularFile>())
    {
        return loc.msg("io-not-regular", &[("kind", special.kind.into())]);
    }
    if let Some(over) = err
        .get_ref()
        .and_then(|e| e.downcast_ref::<crate::format::OverBudget>())
    {
        let mib = |b: u64| (b.div_ceil(1024 * 1024)).to_string();
        return loc.msg(
            "io-over-budget",
            &[
                ("cues", over.cues.to_string().into()),
                ("tags", over.tags.to_string().into()),
                ("size", mib(over.needed).into()),
                ("limit", mib(over.budget).into()),
            ],
        );
    }
    match io_kind_id(err.kind()) {
        "io-error" => loc.msg("io-other", &[("detail", err.to_string().into())]),
        id => loc.text(&format!("io-{id}")),
    }
}
