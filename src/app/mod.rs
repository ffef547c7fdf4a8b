//! The commands behind the binary: each takes parsed arguments and a `Context`, does its work
//! through the library, and hands every line it wants shown to an `Output`; only `main.rs`
//! implements `Output` over the real stdout and stderr. A command returns a typed
//! `ExitStatus` (0 / 1 / 2) or an `AppError` that `main` renders once, localized.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod convert;
pub mod info;
pub mod scripts;

use std::io;
use std::path::{Path, PathBuf};

use fluent::FluentValue;
use subloc::diag::{Diagnostic, Severity};
use subloc::format::ReadError;
use subloc::i18n::Localizer;

use crate::cli::{Cli, Command};

/// What a command achieved, as the process exit code DESIGN.md fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitStatus {
    /// 0: done, nothing at the failing level.
    Success,
    /// 1: findings at the failing level (`--strict` and a warning, later: rule violations).
    Failure,
    /// 2: usage, configuration or I/O error.
    Error,
}

impl ExitStatus {
    pub fn code(self) -> i32 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
        }
    }
}

/// Where a command's text goes. `out` is the command's data (a report, a converted file on `-`);
/// `err` is for diagnostics, summaries and errors, and cannot fail usefully.
pub trait Output {
    fn out(&mut self, text: &str) -> io::Result<()>;
    fn out_bytes(&mut self, bytes: &[u8]) -> io::Result<()>;
    fn err(&mut self, text: &str);
}

/// Settings every command shares, resolved once in `main`.
pub struct Context<'a> {
    pub loc: &'a Localizer,
    /// Whether to colour what goes to stdout / stderr (decided from `--color` and the terminals).
    pub color_out: bool,
    pub color_err: bool,
    /// `-q`: only errors on stderr.
    pub quiet: bool,
}

/// A failure that ends a command with exit code 2. Carries data; `render` makes the text.
#[derive(Debug)]
pub enum AppError {
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
    /// A format subloc writes but cannot read (TTML).
    UnreadableFormat {
        path: PathBuf,
        format: &'static str,
    },
    SameFile {
        path: PathBuf,
    },
}

impl AppError {
    /// The localized one-line message (without the "error:" prefix).
    pub fn render(&self, loc: &Localizer) -> String {
        match self {
            AppError::Read(ReadError::Io { path, source, .. }) => loc.msg(
                "read-io-error",
                &[
                    ("path", show(path).into()),
                    ("detail", io_detail(loc, source).into()),
                ],
            ),
            AppError::Read(e @ ReadError::UnknownFormat { path }) => {
                let path = path.as_deref().map(show).unwrap_or_else(|| "-".into());
                loc.msg(e.id(), &[("path", path.into())])
            }
            AppError::Write { path, source } => loc.msg(
                "error-write",
                &[
                    ("path", show(path).into()),
                    ("detail", io_detail(loc, source).into()),
                ],
            ),
            AppError::Stdout(source) => {
                loc.msg("error-stdout", &[("detail", io_detail(loc, source).into())])
            }
            AppError::UnknownOutputFormat { path } => loc.msg(
                "error-unknown-output-format",
                &[("path", show(path).into())],
            ),
            AppError::UnknownEncoding { label } => {
                loc.msg("error-unknown-encoding", &[("label", label.clone().into())])
            }
            AppError::UnreadableFormat { path, format } => loc.msg(
                "error-unreadable-format",
                &[("path", show(path).into()), ("format", (*format).into())],
            ),
            AppError::SameFile { path } => {
                loc.msg("error-same-file", &[("path", show(path).into())])
            }
        }
    }

    /// `subloc info … | head`: the reader went away; exit quietly like other Unix tools.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, AppError::Stdout(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }

    /// Machine-readable kind, used in `info --format json` error objects.
    pub fn kind(&self) -> &'static str {
        match self {
            AppError::Read(ReadError::Io { kind, .. }) => io_kind_id(*kind),
            AppError::Read(e) => e.id(),
            AppError::Write { .. } => "write-io-error",
            AppError::Stdout(_) => "stdout-io-error",
            AppError::UnknownOutputFormat { .. } => "unknown-output-format",
            AppError::UnknownEncoding { .. } => "unknown-encoding",
            AppError::UnreadableFormat { .. } => "unreadable-format",
            AppError::SameFile { .. } => "same-file",
        }
    }
}

/// A path as the user typed it, for messages.
pub fn show(path: &Path) -> String {
    path.display().to_string()
}

fn io_kind_id(kind: io::ErrorKind) -> &'static str {
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
    match io_kind_id(err.kind()) {
        "io-error" => loc.msg("io-other", &[("detail", err.to_string().into())]),
        id => loc.text(&format!("io-{id}")),
    }
}

/// Resolves an `--encoding` / `--out-encoding` label.
pub fn lookup_encoding(
    label: Option<&str>,
) -> Result<Option<&'static encoding_rs::Encoding>, AppError> {
    match label {
        None => Ok(None),
        Some(l) => subloc::format::encoding::lookup(l)
            .map(Some)
            .ok_or_else(|| AppError::UnknownEncoding {
                label: l.to_string(),
            }),
    }
}

/// ANSI styles used in human output; `on == false` leaves text untouched.
#[derive(Debug, Clone, Copy)]
pub enum Paint {
    Bold,
    Red,
    Yellow,
    Cyan,
}

pub fn paint(text: &str, style: Paint, on: bool) -> String {
    if !on {
        return text.to_string();
    }
    let code = match style {
        Paint::Bold => "1",
        Paint::Red => "1;31",
        Paint::Yellow => "1;33",
        Paint::Cyan => "1;36",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

/// The localized word for a severity.
pub fn severity_word(loc: &Localizer, severity: Severity, color: bool) -> String {
    let word = loc.text(&format!("severity-{}", severity.name()));
    let style = match severity {
        Severity::Error => Paint::Red,
        Severity::Warning => Paint::Yellow,
        Severity::Info => Paint::Cyan,
    };
    paint(&word, style, color)
}

/// `path:line:col: severity rule: message` (position parts left out when unknown).
pub fn render_diagnostic(loc: &Localizer, d: &Diagnostic, color: bool) -> String {
    let mut place = d.path.as_deref().map(show).unwrap_or_default();
    if d.line > 0 {
        place.push_str(&format!(":{}", d.line));
        if d.column > 0 {
            place.push_str(&format!(":{}", d.column));
        }
    }
    let head = if place.is_empty() {
        String::new()
    } else {
        format!("{}: ", paint(&place, Paint::Bold, color))
    };
    format!(
        "{head}{} {}: {}",
        severity_word(loc, d.severity, color),
        d.rule,
        loc.diagnostic(d)
    )
}

/// `error: message`, the one way `main` and the commands show a failure.
pub fn render_error(loc: &Localizer, message: &str, color: bool) -> String {
    format!(
        "{}: {message}",
        paint(&loc.text("error-prefix"), Paint::Red, color)
    )
}

/// Runs the parsed command. `cmd` is the (localized) clap command, for completions and man.
pub fn run(
    cli: &Cli,
    cmd: clap::Command,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    match &cli.command {
        Command::Convert(args) => convert::run(args, ctx, out),
        Command::Info(args) => info::run(args, ctx, out),
        Command::Completions(args) => {
            let mut cmd = cmd;
            let mut buf = Vec::new();
            clap_complete::generate(args.shell, &mut cmd, "subloc", &mut buf);
            out.out_bytes(&buf).map_err(AppError::Stdout)?;
            Ok(ExitStatus::Success)
        }
        Command::Man => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(cmd)
                .render(&mut buf)
                .map_err(AppError::Stdout)?;
            out.out_bytes(&buf).map_err(AppError::Stdout)?;
            Ok(ExitStatus::Success)
        }
    }
}

/// Shorthand for a Fluent number argument.
pub fn num(n: usize) -> FluentValue<'static> {
    FluentValue::from(n)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Captures what a command prints.
    #[derive(Default)]
    pub struct Captured {
        pub out: Vec<u8>,
        pub err: String,
    }

    impl Output for Captured {
        fn out(&mut self, text: &str) -> io::Result<()> {
            self.out.extend_from_slice(text.as_bytes());
            Ok(())
        }
        fn out_bytes(&mut self, bytes: &[u8]) -> io::Result<()> {
            self.out.extend_from_slice(bytes);
            Ok(())
        }
        fn err(&mut self, text: &str) {
            self.err.push_str(text);
            self.err.push('\n');
        }
    }

    pub fn en() -> Localizer {
        Localizer::for_lang(&"en-US".parse().unwrap())
    }

    #[test]
    fn commands_print_only_through_output() {
        use clap::Parser;
        let loc = en();
        let ctx = Context {
            loc: &loc,
            color_out: false,
            color_err: false,
            quiet: false,
        };
        let go = |args: &[&str]| {
            let cli = Cli::try_parse_from(args).unwrap();
            let mut cap = Captured::default();
            let status = run(&cli, crate::cli::localized_command(&loc), &ctx, &mut cap).unwrap();
            (status, cap)
        };
        let (status, cap) = go(&["subloc", "completions", "bash"]);
        assert_eq!(status, ExitStatus::Success);
        assert!(String::from_utf8_lossy(&cap.out).contains("complete -F"));
        assert!(cap.err.is_empty(), "{}", cap.err);

        let (status, cap) = go(&["subloc", "info", "--format", "json", "/nonexistent/x.srt"]);
        assert_eq!(status, ExitStatus::Error);
        let json: serde_json::Value = serde_json::from_slice(&cap.out).unwrap();
        assert_eq!(json[0]["error"]["kind"], "not-found");
        assert!(
            cap.err.starts_with("error: cannot read /nonexistent/x.srt"),
            "{}",
            cap.err
        );
    }

    #[test]
    fn diagnostic_line_shape() {
        let loc = en();
        let d = Diagnostic::new(subloc::diag::rules::PARSE_BAD_TIMING, Severity::Error)
            .at(12, 3)
            .with_path("x/a.srt");
        let line = render_diagnostic(&loc, &d, false);
        assert!(
            line.starts_with("x/a.srt:12:3: error parse-bad-timing: "),
            "{line}"
        );
        let d = Diagnostic::new(subloc::diag::rules::PARSE_NO_CUES, Severity::Warning);
        let line = render_diagnostic(&loc, &d, false);
        assert!(line.starts_with("warning parse-no-cues: "), "{line}");
        let coloured = render_diagnostic(&loc, &d, true);
        assert!(coloured.contains("\x1b[1;33m"), "{coloured:?}");
    }

    #[test]
    fn errors_are_localized_and_typed() {
        let fa = Localizer::for_lang(&"fa-IR".parse().unwrap());
        let e = AppError::Read(ReadError::Io {
            path: "a.srt".into(),
            kind: io::ErrorKind::NotFound,
            source: io::Error::from(io::ErrorKind::NotFound),
        });
        let text = e.render(&fa);
        assert!(text.contains("a.srt"), "{text}");
        assert!(text.contains("وجود ندارد"), "{text}");
        assert_eq!(e.kind(), "not-found");
        let pipe = AppError::Stdout(io::Error::from(io::ErrorKind::BrokenPipe));
        assert!(pipe.is_broken_pipe());
        assert!(!e.is_broken_pipe());
        assert!(matches!(
            lookup_encoding(Some("klingon-8")),
            Err(AppError::UnknownEncoding { .. })
        ));
        assert_eq!(
            lookup_encoding(Some("gbk")).unwrap().map(|e| e.name()),
            Some("GBK")
        );
        assert_eq!(
            ExitStatus::Error.max(ExitStatus::Failure),
            ExitStatus::Error
        );
    }
}
