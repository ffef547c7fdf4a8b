//! The `subloc` binary, kept thin: pick the UI language, parse arguments, run the command, print
//! what it returns, and turn its typed outcome into the exit code (0 ok, 1 findings, 2 error).
//!
//! This is the only place that writes to the terminal. Errors are printed once, localized; a
//! closed pipe (`subloc info … | head`) ends the program quietly; a panic — a bug — prints one
//! localized line instead of a Rust backtrace and exits 2.

mod app;
mod cli;

use std::ffi::OsString;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use clap::FromArgMatches;
use subloc::i18n::Localizer;

use crate::app::{AppError, Context, ExitStatus, Output};
use crate::cli::{Cli, ColorChoice};

fn main() -> ExitCode {
    let raw: Vec<OsString> = std::env::args_os().collect();
    let loc = Localizer::new(cli::ui_lang_from_args(&raw).as_deref());
    install_panic_hook(&loc);

    let mut cmd = cli::localized_command(&loc);
    let parsed = cmd
        .try_get_matches_from_mut(&raw)
        .and_then(|m| Cli::from_arg_matches(&m).map_err(|e| e.format(&mut cmd)));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with 0, usage errors to stderr with 2.
            let _ = e.print();
            return exit(e.exit_code());
        }
    };

    let ctx = Context {
        loc: &loc,
        color_out: use_color(cli.color, io::stdout().is_terminal()),
        color_err: use_color(cli.color, io::stderr().is_terminal()),
        quiet: cli.quiet,
    };
    let mut terminal = Terminal {
        out: BufWriter::new(io::stdout().lock()),
    };
    let result = app::run(&cli, cmd, &ctx, &mut terminal).and_then(|status| {
        terminal
            .out
            .flush()
            .map(|_| status)
            .map_err(AppError::Stdout)
    });
    match result {
        Ok(status) => exit(status.code()),
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            // Whatever was already produced is still worth delivering before the error.
            let _ = terminal.out.flush();
            for d in e.details() {
                terminal.err(&app::render_diagnostic(&loc, d, ctx.color_err));
            }
            terminal.err(&app::render_error(&loc, &e.render(&loc), ctx.color_err));
            exit(ExitStatus::Error.code())
        }
    }
}

/// stdout buffered (reports can be large), stderr direct.
struct Terminal {
    out: BufWriter<io::StdoutLock<'static>>,
}

impl Output for Terminal {
    fn out(&mut self, text: &str) -> io::Result<()> {
        self.out.write_all(text.as_bytes())
    }

    fn out_bytes(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)
    }

    fn err(&mut self, text: &str) {
        // Keep stdout and stderr in order when both go to the same terminal.
        let _ = self.out.flush();
        let _ = writeln!(io::stderr().lock(), "{text}");
    }
}

/// `--color auto` colours a terminal unless `NO_COLOR` is set (https://no-color.org) or the
/// terminal is `dumb`.
fn use_color(choice: ColorChoice, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            is_terminal
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
        }
    }
}

fn exit(code: i32) -> ExitCode {
    ExitCode::from(u8::try_from(code).unwrap_or(2))
}

/// A panic is a bug; the user gets one localized line and exit code 2. Set `SUBLOC_DEBUG=1` to
/// also see where it happened (for the bug report).
fn install_panic_hook(loc: &Localizer) {
    let line = app::render_error(loc, &loc.text("error-internal"), false);
    std::panic::set_hook(Box::new(move |info| {
        let mut err = io::stderr().lock();
        let _ = writeln!(err, "{line}");
        if std::env::var_os("SUBLOC_DEBUG").is_some() {
            let _ = writeln!(err, "{info}");
        }
        std::process::exit(2);
    }));
}
