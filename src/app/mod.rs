//! The commands behind the binary: each takes parsed arguments and a `Context`, does its work
//! through the library, and hands every line it wants shown to an `Output`; only `main.rs`
//! implements `Output` over the real stdout and stderr. A command returns a typed
//! `ExitStatus` (0 / 1 / 2) or an `AppError` that `main` renders once, localized.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod burn;
pub mod check;
pub mod convert;
pub mod fix;
pub mod glossary;
pub mod info;
pub mod memory;
pub mod platforms;
pub mod preview;
pub mod translate;
pub mod xliff;

use std::io;

use subloc::i18n::Localizer;

use crate::cli::{Cli, Command};

pub use subloc::cmd::render::{Paint, paint, render_diagnostic, render_error};

/// The run's missing-font warnings on stderr (unless `-q`): each family once.
fn font_warnings(settings: &subloc::cmd::Settings, ctx: &Context<'_>, out: &mut dyn Output) {
    if ctx.quiet {
        return;
    }
    for w in subloc::cmd::render::missing_font_warnings(settings.fonts(), ctx.loc, ctx.color_err) {
        out.err(&w);
    }
}
pub use subloc::cmd::{Error as AppError, ExitStatus, label_text, num, show, write_atomic};

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

/// Runs the parsed command. `cmd` is the (localized) clap command, for completions and man.
pub fn run(
    cli: &Cli,
    cmd: clap::Command,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    match &cli.command {
        Command::Translate(args) => translate::run(args, cli.config.as_deref(), ctx, out),
        Command::Burn(args) => burn::run(args, cli.config.as_deref(), ctx, out),
        Command::Preview(args) => preview::run(args, cli.config.as_deref(), ctx, out),
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
}
