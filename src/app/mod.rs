//! The commands behind the binary: each takes parsed arguments and a `Context`, does its work
//! through the library, and hands every line it wants shown to an `Output`; only `main.rs`
//! implements `Output` over the real stdout and stderr. A command returns a typed
//! `ExitStatus` (0 / 1 / 2) or an `AppError` that `main` renders once, localized.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod check;
pub mod convert;
pub mod fix;
pub mod glossary;
pub mod info;
pub mod memory;
pub mod platforms;
pub mod scripts;
pub mod translate;
pub mod xliff;

use std::io;
use std::path::{Path, PathBuf};

use fluent::FluentValue;
use subloc::check::OverrideError;
use subloc::config::{ConfigError, Settings};
use subloc::diag::{Diagnostic, Severity};
use subloc::format::ReadError;
use subloc::i18n::Localizer;
use subloc::platform::ProfileError;

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
    },
    /// Any other usage or input problem: a Fluent message id, its arguments and a stable kind.
    Message {
        kind: &'static str,
        id: &'static str,
        args: Vec<(&'static str, String)>,
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
            AppError::Config(e) => render_config_error(loc, e),
            AppError::Profile(e) => render_profile_error(loc, e, ""),
            AppError::Override(e) => render_override_error(loc, e),
            AppError::NoGlossary { dir } => {
                loc.msg("error-no-glossary", &[("dir", show(dir).into())])
            }
            AppError::GlossaryInvalid { path, errors } => loc.msg(
                "error-glossary-invalid",
                &[("path", show(path).into()), ("count", num(*errors))],
            ),
            AppError::Message { id, args, .. } => {
                let args: Vec<(&str, FluentValue<'_>)> =
                    args.iter().map(|(k, v)| (*k, fluent_arg(v))).collect();
                loc.msg(id, &args)
            }
        }
    }

    /// A usage or input error with a Fluent message (exit 2).
    pub fn usage(id: &'static str, args: &[(&'static str, String)]) -> AppError {
        AppError::Message {
            kind: "usage",
            id,
            args: args.to_vec(),
        }
    }

    /// A file that could not be read.
    pub fn read(path: &Path, source: io::Error) -> AppError {
        AppError::Read(ReadError::Io {
            path: path.to_path_buf(),
            kind: source.kind(),
            source,
        })
    }

    /// A file that could not be written.
    pub fn write(path: &Path, source: io::Error) -> AppError {
        AppError::Write {
            path: path.to_path_buf(),
            source,
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
            AppError::Config(_) => "config",
            AppError::Profile(_) => "profile",
            AppError::Override(_) => "severity-override",
            AppError::NoGlossary { .. } => "no-glossary",
            AppError::GlossaryInvalid { .. } => "glossary-invalid",
            AppError::Message { kind, .. } => kind,
        }
    }
}

/// A path as the user typed it, for messages.
pub fn show(path: &Path) -> String {
    path.display().to_string()
}

/// A path found by discovery (absolute), shown relative to the working directory when it is
/// inside it, so messages read `glossary.yaml:12:5` rather than a long absolute path.
pub fn show_found(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| path.to_path_buf())
}

/// True when both paths name the same existing file (through links and `./`).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// The project settings: `--config` or the nearest `subloc.yaml` upwards, resolved.
pub fn settings(config: Option<&Path>) -> Result<Settings, AppError> {
    let cwd = std::env::current_dir().map_err(|e| AppError::read(Path::new("."), e))?;
    Settings::resolve(config, &cwd).map_err(AppError::Config)
}

/// Reads a whole data file (XLIFF, TMX, TBX, CSV, JSON; UTF-8, a BOM is left for the parser
/// to skip) of at most `subloc::input::DATA_LIMIT` bytes.
pub fn read_text(path: &Path) -> Result<String, AppError> {
    subloc::input::read_text_capped(path, subloc::input::DATA_LIMIT)
        .map_err(|e| AppError::read(path, e))
}

/// [`read_text`] for a YAML document (the glossary), with the smaller YAML limit.
pub fn read_yaml_text(path: &Path) -> Result<String, AppError> {
    subloc::input::read_text_capped(path, subloc::input::YAML_LIMIT)
        .map_err(|e| AppError::read(path, e))
}

/// Rows of cells laid out in left-aligned columns padded by display width (CJK counts 2), two
/// spaces between columns, no trailing spaces: the human tables of `translate`, `memory` and
/// `platforms`.
pub(crate) fn table(rows: &[Vec<String>]) -> String {
    use unicode_width::UnicodeWidthStr;
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < row.len() {
                let pad = widths
                    .get(c)
                    .copied()
                    .unwrap_or(0)
                    .saturating_sub(cell.width());
                line.push_str(&" ".repeat(pad + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Creates missing parent folders, then writes atomically (temporary file + rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), AppError> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| AppError::write(path, e))?;
    }
    subloc::format::write_file_atomic(path, bytes).map_err(|e| AppError::write(path, e))
}

/// A Fluent argument from a string: integers and decimals become numbers (so plural selectors
/// work), everything else stays text.
pub fn fluent_arg(value: &str) -> FluentValue<'static> {
    let digits = value.strip_prefix('-').unwrap_or(value);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let numeric = !int.is_empty()
        && int.len() <= 15
        && frac.len() <= 6
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && !(digits.contains('.') && frac.is_empty());
    match value.parse::<f64>() {
        Ok(n) if numeric => FluentValue::from(n),
        _ => FluentValue::from(value.to_string()),
    }
}

/// The label closure renderers take (`report::LabelFn`): a Fluent id and string arguments.
pub fn label_text(loc: &Localizer, id: &str, args: &[(&str, String)]) -> String {
    let args: Vec<(&str, FluentValue<'_>)> =
        args.iter().map(|(k, v)| (*k, fluent_arg(v))).collect();
    loc.msg(id, &args)
}

/// Today's date (UTC) as `YYYY-MM-DD`, for decisions recorded without `--date`.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (y, m, d) = civil_from_days(i64::try_from(secs / 86_400).unwrap_or(0));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 → proleptic Gregorian (year, month, day); H. Hinnant's algorithm.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

/// Checks a language tag given on the command line and returns its canonical form.
pub fn lang_arg(value: &str) -> Result<String, AppError> {
    subloc::platform::lang::parse_tag(value)
        .map(|l| l.to_string())
        .map_err(|_| AppError::usage("error-bad-lang", &[("value", value.to_string())]))
}

fn render_config_error(loc: &Localizer, e: &ConfigError) -> String {
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

fn render_profile_error(loc: &Localizer, e: &ProfileError, place: &str) -> String {
    let text = match e {
        ProfileError::Unknown { id, known } => loc.msg(
            "error-unknown-platform",
            &[("id", id.clone().into()), ("known", known.clone().into())],
        ),
        other => loc.msg("error-profile", &[("detail", other.to_string().into())]),
    };
    format!("{place}{text}")
}

fn render_override_error(loc: &Localizer, e: &OverrideError) -> String {
    match e {
        OverrideError::UnknownRule(rule) => {
            let known: Vec<&str> = subloc::check::RULES.iter().map(|(r, _)| *r).collect();
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
    if let Some(big) = err
        .get_ref()
        .and_then(|e| e.downcast_ref::<subloc::format::InputTooLarge>())
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
        Command::Translate(args) => translate::run(args, cli.config.as_deref(), ctx, out),
        Command::Convert(args) => convert::run(args, ctx, out),
        Command::Info(args) => info::run(args, ctx, out),
        Command::Check(args) => check::run(args, cli.config.as_deref(), ctx, out),
        Command::Fix(args) => fix::run(args, cli.config.as_deref(), ctx, out),
        Command::Platforms(args) => platforms::run(args, cli.config.as_deref(), ctx, out),
        Command::Glossary(args) => glossary::run(args, cli.config.as_deref(), ctx, out),
        Command::Memory(args) => memory::run(args, cli.config.as_deref(), ctx, out),
        Command::Xliff(args) => xliff::run(args, cli.config.as_deref(), ctx, out),
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
    fn report_and_review_labels_exist_in_every_locale() {
        let wanted = subloc::report::LABEL_IDS
            .iter()
            .chain(subloc::glossary::review::LABEL_IDS);
        for (tag, source) in subloc::i18n::LOCALES {
            let ids = subloc::i18n::message_ids(source);
            for id in wanted.clone() {
                assert!(ids.contains(id), "{tag} lacks label {id}");
            }
        }
        // Numbers arrive as strings and still select plurals; selectors get their keywords.
        let loc = en();
        let counts = |e: &str, w: &str| {
            let args = [
                ("errors", e.to_string()),
                ("warnings", w.to_string()),
                ("infos", "0".to_string()),
                ("total", "3".to_string()),
            ];
            label_text(&loc, "report-counts", &args)
        };
        assert_eq!(counts("1", "2"), "1 error, 2 warnings, 0 notes");
        let lang = label_text(
            &loc,
            "report-lang",
            &[("lang", "fa".into()), ("source", "name".into())],
        );
        assert_eq!(lang, "language fa (from the file name)");
        let fa = Localizer::for_lang(&"fa-IR".parse().unwrap());
        let status = label_text(&fa, "review-status", &[("status", "proposed".into())]);
        assert_eq!(status, "پیشنهادی");
        let total = |u: &str| {
            let args = [
                ("files", "2".to_string()),
                ("unreadable", u.to_string()),
                ("errors", "0".to_string()),
                ("warnings", "0".to_string()),
                ("infos", "0".to_string()),
                ("total", "0".to_string()),
            ];
            label_text(&loc, "report-total", &args)
        };
        assert_eq!(total("0"), "2 files: 0 errors, 0 warnings, 0 notes");
        assert_eq!(
            total("1"),
            "2 files (1 unreadable): 0 errors, 0 warnings, 0 notes"
        );
    }

    #[test]
    fn numbers_in_strings_become_fluent_numbers() {
        assert!(matches!(fluent_arg("12"), FluentValue::Number(_)));
        assert!(matches!(fluent_arg("-3"), FluentValue::Number(_)));
        assert!(matches!(fluent_arg("17.5"), FluentValue::Number(_)));
        assert!(matches!(fluent_arg("2026-11-12"), FluentValue::String(_)));
        assert!(matches!(fluent_arg("1."), FluentValue::String(_)));
        assert!(matches!(fluent_arg(""), FluentValue::String(_)));
        assert!(matches!(fluent_arg("fa"), FluentValue::String(_)));
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(today().len(), 10);
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
