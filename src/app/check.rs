//! `subloc check FILE… --platform P`: flags → settings → the `check` use case
//! (`subloc::cmd::check`, which reads, decides languages and runs every file through the
//! per-file job) → the report rendered in the chosen format to stdout or `--output`.
//!
//! Severity: the rule's default, the profile's, `check.severity` in subloc.yaml, then
//! `--severity RULE=LEVEL` (the command line wins). A baseline (`--baseline`) removes accepted
//! findings before the exit code is decided; `--write-baseline` records the findings of this run
//! (and then exits 0 unless a file could not be read: recording is adoption, not a verdict).
//!
//! Exit codes: 0 nothing above `--max-severity` (default warning, so errors fail); 1 findings
//! above it; 2 usage, configuration or I/O errors, including any file that could not be read.

use subloc::cmd::check::{self as use_case, CheckRequest};
use subloc::cmd::{Flags, Settings};
use subloc::i18n::Localizer;
use subloc::report::ReportFormat;

use super::{AppError, Context, ExitStatus, Output, num, render_error, show, write_atomic};
use crate::cli::CheckArgs;

pub fn run(
    args: &CheckArgs,
    config: Option<&std::path::Path>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let settings = Settings::resolve(&Flags {
        config,
        platform: args.platform.as_deref(),
        lang: args.lang.as_deref(),
        glossary: args.glossary.as_deref(),
        encoding: args.encoding.as_deref(),
        fps: args.fps.as_deref(),
        severity: &args.severity,
        ..Flags::default()
    })?;
    let format = ReportFormat::from(args.format);
    let english = Localizer::english();
    // Machine formats carry English reasons for unreadable files; human and HTML the UI's.
    let reasons = if format.is_localized() {
        ctx.loc
    } else {
        &english
    };
    let checked = use_case::run(
        &settings,
        &CheckRequest {
            files: &args.files,
            sources: &args.source,
            jobs: args.jobs,
            baseline: args.baseline.as_deref(),
            write_baseline: args.write_baseline.as_deref(),
            preview: format == ReportFormat::Html,
        },
        reasons,
    )?;
    let report = checked.report;
    if let (Some(path), Some(count), false) = (&args.write_baseline, checked.recorded, ctx.quiet) {
        out.err(&ctx.loc.msg(
            "check-baseline-written",
            &[("path", show(path).into()), ("count", num(count))],
        ));
    }

    let color = args.output.is_none() && ctx.color_out;
    // `-q` prints only errors (its help says so); a report to a file or in a machine format is
    // whole.
    let errors_only = ctx.quiet && format == ReportFormat::Human && args.output.is_none();
    let rendered = subloc::cmd::render_report_as(&report, format, ctx.loc, color, errors_only);
    match &args.output {
        Some(p) if p.as_os_str() != "-" => write_atomic(p, rendered.as_bytes())?,
        _ => out.out(&rendered).map_err(AppError::Stdout)?,
    }
    notes(args, format, &report, checked.accepted, ctx, out);
    super::font_warnings(&settings, ctx, out);
    if report.summary.unreadable > 0 {
        let msg = ctx.loc.msg(
            "error-files-failed",
            &[("count", num(report.summary.unreadable))],
        );
        out.err(&render_error(ctx.loc, &msg, ctx.color_err));
        return Ok(ExitStatus::Error);
    }
    if args.write_baseline.is_some() {
        return Ok(ExitStatus::Success);
    }
    let status = match report.exit_code(args.max_severity.into()) {
        0 => ExitStatus::Success,
        _ => ExitStatus::Failure,
    };
    // The command is done and the process exits next: freeing a report of half a million
    // findings one allocation at a time took a tenth of `check`'s time on a 50 MB file, and the
    // operating system takes the pages back at once.
    std::mem::forget(rendered);
    std::mem::forget(report);
    Ok(status)
}

/// The one-line summary (when the report went elsewhere than the terminal's stdout) and what the
/// baseline accepted, on stderr.
fn notes(
    args: &CheckArgs,
    format: ReportFormat,
    report: &subloc::report::CheckReport,
    accepted: usize,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) {
    if !ctx.quiet && (format != ReportFormat::Human || args.output.is_some()) {
        let s = &report.summary;
        out.err(&ctx.loc.msg(
            "check-summary",
            &[
                ("files", num(s.files)),
                ("errors", num(s.findings.error)),
                ("warnings", num(s.findings.warning)),
                ("infos", num(s.findings.info)),
            ],
        ));
    }
    if accepted > 0 && !ctx.quiet {
        out.err(
            &ctx.loc
                .msg("check-baseline-accepted", &[("count", num(accepted))]),
        );
    }
}
