//! `subloc fix FILE… --platform P`: flags → settings → the `fix` use case
//! (`subloc::cmd::fix`: the per-file job with its fit and write steps) → per file, the dry-run
//! diff (cue, field, old → new, and the rule it satisfies), what no safe fix could reach, and a
//! one-line summary. Where the fixed file goes and what is never overwritten: see the use case.
//!
//! Exit codes (as `ruff check --fix`): 0 when nothing is left to fix by hand; 1 when some cue
//! still breaks a limit that no safe fix could reach (listed, the fixed file is still written);
//! 2 for usage, configuration and I/O errors.

use std::path::Path;

use subloc::cmd::fix::{self as use_case, FixRequest, Fixed};
use subloc::cmd::{Flags, Settings};
use subloc::diag::{Diagnostic, Severity};
use subloc::i18n::Localizer;
use subloc::model::{Timestamp, Track};
use subloc::platform::fit::{Change, Field, Value};

use super::{AppError, Context, ExitStatus, Output, Paint, num, paint, render_error, show};
use crate::cli::FixArgs;

pub fn run(
    args: &FixArgs,
    config: Option<&Path>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let settings = Settings::resolve(&Flags {
        config,
        platform: args.platform.as_deref(),
        lang: args.lang.as_deref(),
        encoding: args.encoding.as_deref(),
        fps: args.fps.as_deref(),
        ..Flags::default()
    })?;
    let req = FixRequest {
        files: &args.files,
        in_place: args.in_place,
        out_dir: args.out_dir.as_deref(),
        output: args.output.as_deref(),
        dry_run: args.dry_run,
        retime: args.retime,
    };
    let (mut failed, mut left) = (0usize, 0usize);
    let mut stdout_error = None;
    use_case::run(&settings, &req, &mut |path, result| match result {
        Ok(fixed) => {
            left += fixed.outcome.unfixable.len();
            if let Err(e) = out.out(&file_report(&fixed, args.dry_run, ctx)) {
                stdout_error.get_or_insert(e);
            }
            if !ctx.quiet {
                let id = if args.dry_run {
                    "fix-summary-dry-run"
                } else {
                    "fix-summary"
                };
                out.err(&ctx.loc.msg(
                    id,
                    &[
                        ("path", show(path).into()),
                        ("output", show(&fixed.output).into()),
                        ("count", num(fixed.outcome.changes.len())),
                        ("left", num(fixed.outcome.unfixable.len())),
                    ],
                ));
            }
        }
        Err(e) => {
            failed += 1;
            out.err(&render_error(ctx.loc, &e.render(ctx.loc), ctx.color_err));
        }
    })?;
    super::font_warnings(&settings, ctx, out);
    if let Some(e) = stdout_error {
        return Err(AppError::Stdout(e));
    }
    if failed > 0 {
        let msg = ctx.loc.msg("error-files-failed", &[("count", num(failed))]);
        out.err(&render_error(ctx.loc, &msg, ctx.color_err));
        return Ok(ExitStatus::Error);
    }
    Ok(if left > 0 {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// The diff (with `--dry-run`) and what could not be fixed, one line each.
fn file_report(fixed: &Fixed, dry_run: bool, ctx: &Context<'_>) -> String {
    let (loc, path, track) = (ctx.loc, fixed.input.as_path(), &fixed.track);
    let mut report = String::new();
    if dry_run {
        for c in &fixed.outcome.changes {
            report.push_str(&diff_line(loc, path, track, c, ctx.color_out));
            report.push('\n');
        }
    }
    for u in &fixed.outcome.unfixable {
        let line = track.cues.get(u.index).map_or(0, |cue| cue.line);
        let mut d = Diagnostic::new(u.rule, Severity::Error).cue(u.cue);
        d.args = u
            .args
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        report.push_str(&format!(
            "{} {} {}: {} ({})\n",
            paint(&place(path, line), Paint::Bold, ctx.color_out),
            loc.msg("report-cue", &[("cue", num(u.cue as usize))]),
            paint(u.rule, Paint::Yellow, ctx.color_out),
            loc.diagnostic(&d),
            loc.text("fix-unfixable")
        ));
    }
    report
}

/// `path:line`, or the path alone when the line is unknown.
fn place(path: &Path, line: u32) -> String {
    if line > 0 {
        format!("{}:{line}", show(path))
    } else {
        show(path)
    }
}

/// `path:line cue N field old → new (rule)`: one change of the dry-run diff.
fn diff_line(loc: &Localizer, path: &Path, track: &Track, c: &Change, color: bool) -> String {
    let line = track.cues.get(c.index).map_or(0, |cue| cue.line);
    let value = |v: &Value| match v {
        Value::Ms(ms) => Timestamp(*ms).fmt_clock(','),
        Value::Text(t) => format!("“{}”", t.replace('\n', "⏎")),
    };
    let field = match c.field {
        Field::Start => "fix-field-start",
        Field::End => "fix-field-end",
        Field::Text => "fix-field-text",
    };
    format!(
        "{} {} {}: {} → {} ({})",
        paint(&place(path, line), Paint::Bold, color),
        loc.msg("report-cue", &[("cue", num(c.cue as usize))]),
        loc.text(field),
        paint(&value(&c.old), Paint::Red, color),
        paint(&value(&c.new), Paint::Cyan, color),
        c.rule
    )
}
