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
pub mod translate;
pub mod xliff;

use std::io;

use subloc::diag::{Diagnostic, Severity};
use subloc::i18n::Localizer;

use crate::cli::{Cli, Command};

pub use subloc::cmd::{
    Error as AppError, ExitStatus, label_text, lang_arg, lookup_encoding, num, read_text,
    read_yaml_text, same_file, settings, show, show_found, write_atomic,
};

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
}
