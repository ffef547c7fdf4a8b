//! `subloc info FILE…`: maps the flags to [`subloc::cmd::info`], shows each file's report as it
//! arrives (human text or one JSON array at the end) and chooses the exit status: 2 when a file
//! could not be read (the others are still reported), 1 with `--strict` and a warning.

use subloc::cmd::info::human::render_file;
use subloc::cmd::info::{self as uc, InfoRequest, InfoTally};
use subloc::i18n::Localizer;

use super::{AppError, Context, ExitStatus, Output, num, render_error};
use crate::cli::{InfoArgs, InfoFormat};

pub fn run(
    args: &InfoArgs,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let req = InfoRequest {
        files: &args.files,
        encoding: args.encoding.as_deref(),
        cues: args.cues,
    };
    let english = Localizer::english();
    let mut entries = Vec::with_capacity(args.files.len());
    let mut tally = InfoTally::default();
    for (n, report) in uc::describe_files(&req)?.enumerate() {
        tally.add(&report);
        match &report.result {
            Ok(d) if args.format == InfoFormat::Human => {
                let text = render_file(&d.info, &d.diagnostics, ctx.loc, ctx.color_out);
                let sep = if n > 0 { "\n" } else { "" };
                out.out(&format!("{sep}{text}")).map_err(AppError::Stdout)?;
            }
            Ok(_) => {}
            Err(e) => out.err(&render_error(ctx.loc, &e.render(ctx.loc), ctx.color_err)),
        }
        entries.push(report.entry(&english));
    }
    if args.format == InfoFormat::Json {
        // Serializing plain owned data cannot fail; an empty array is the safe degenerate case.
        let mut json = serde_json::to_string_pretty(&entries).unwrap_or_else(|_| "[]".into());
        json.push('\n');
        out.out(&json).map_err(AppError::Stdout)?;
    }
    if tally.failed > 0 {
        let msg = ctx
            .loc
            .msg("error-files-failed", &[("count", num(tally.failed))]);
        out.err(&render_error(ctx.loc, &msg, ctx.color_err));
        return Ok(ExitStatus::Error);
    }
    if args.strict && tally.serious > 0 {
        let msg = ctx
            .loc
            .msg("error-strict-info", &[("count", num(tally.serious))]);
        out.err(&render_error(ctx.loc, &msg, ctx.color_err));
        return Ok(ExitStatus::Failure);
    }
    Ok(ExitStatus::Success)
}
