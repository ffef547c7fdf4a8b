//! `subloc convert IN OUT`: flags → the `convert` use case (`subloc::cmd::convert`: read, then
//! the per-file job's write step in memory) → the reader's and writer's findings on stderr,
//! `--strict` deciding whether to go on, then the bytes to stdout (`-`) or written atomically.
//! Nothing is written before everything has been checked and rendered.

use subloc::cmd::convert::{self as use_case, ConvertRequest};
use subloc::diag::{Diagnostic, Severity};
use subloc::model::Format;

use super::{AppError, Context, ExitStatus, Output, num, render_diagnostic, render_error, show};
use crate::cli::ConvertArgs;

pub fn run(
    args: &ConvertArgs,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let converted = use_case::run(&ConvertRequest {
        input: &args.input,
        output: &args.output,
        to: args.to.map(Format::from),
        encoding: args.encoding.as_deref(),
        out_encoding: args.out_encoding.as_deref(),
        bom: args.bom(),
        line_ending: args.line_ending.map(Into::into),
        force: args.force,
    })?;
    report(&converted.diagnostics, ctx, out);

    let serious = converted
        .diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .count();
    if args.strict && serious > 0 {
        let msg = ctx.loc.msg(
            "error-strict-convert",
            &[("path", show(&args.input).into()), ("count", num(serious))],
        );
        out.err(&render_error(ctx.loc, &msg, ctx.color_err));
        return Ok(ExitStatus::Failure);
    }

    if args.output.as_os_str() == "-" {
        out.out_bytes(&converted.bytes).map_err(AppError::Stdout)?;
    } else {
        use_case::commit(&args.output, &converted.bytes)?;
    }
    if !ctx.quiet {
        let summary = ctx.loc.msg(
            "convert-summary",
            &[
                ("count", num(converted.cues)),
                ("from", converted.from.name().into()),
                ("to", converted.to.name().into()),
                ("path", show(&args.output).into()),
            ],
        );
        out.err(&summary);
    }
    // The command is done and the process exits next: freeing a model of hundreds of thousands
    // of cues one allocation at a time was about 5 % of converting a 50 MB SRT (free and heap
    // consolidation in a perf profile; the same choice as `check`'s report, app/check.rs); the
    // operating system takes the pages back at once.
    std::mem::forget(converted);
    Ok(ExitStatus::Success)
}

/// Prints diagnostics to stderr; `-q` keeps only errors.
fn report(diagnostics: &[Diagnostic], ctx: &Context<'_>, out: &mut dyn Output) {
    for d in diagnostics {
        if ctx.quiet && d.severity < Severity::Error {
            continue;
        }
        out.err(&render_diagnostic(ctx.loc, d, ctx.color_err));
    }
}
