//! `subloc burn VIDEO SUBTITLE --platform ID -o OUT`: flags → settings → the `burn` use case
//! (`subloc::cmd::burn`) with a progress bar on the terminal and Ctrl-C/SIGTERM stopping ffmpeg
//! → the burned track's findings and a one-line summary on stderr. Exit codes: 0 burned, 1
//! burned but the track has findings at error level, 2 usage, configuration, ffmpeg or I/O error
//! (no video written).

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use subloc::cmd::burn::{self as use_case, BurnRequest};
use subloc::cmd::{Flags, Settings};
use subloc::diag::Severity;
use subloc::translate::scheduler::Cancel;

use super::{AppError, Context, ExitStatus, Output, num, render_diagnostic, show};
use crate::cli::BurnArgs;

pub fn run(
    args: &BurnArgs,
    config: Option<&std::path::Path>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let settings = Settings::resolve(&Flags {
        config,
        platform: args.platform.as_deref(),
        lang: args.lang.as_deref(),
        encoding: args.encoding.as_deref(),
        ffmpeg: args.video_opts.ffmpeg.as_deref(),
        ..Flags::default()
    })?;
    let v = &args.video_opts;
    let req = BurnRequest {
        video: &args.video,
        subtitle: &args.subtitle,
        output: &args.output,
        scale_to_canvas: v.scale_to_canvas,
        codec: v.codec.as_deref(),
        crf: v.crf,
        preset: v.preset.as_deref(),
    };
    let cancel = Cancel::new();
    subloc::video::listen_for_interrupts(cancel.clone());
    let bar = (!ctx.quiet)
        .then(|| progress_bar(&show(&args.output)))
        .flatten();
    let result = use_case::run(&settings, &req, &cancel, &|fraction| {
        if let Some(b) = &bar {
            b.set_position((fraction * 1000.0) as u64);
        }
    });
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let burned = result?;
    for d in &burned.report.findings {
        if ctx.quiet && d.severity < Severity::Error {
            continue;
        }
        out.err(&render_diagnostic(ctx.loc, d, ctx.color_err));
    }
    if !ctx.quiet {
        if let Some((w, h)) = burned.scaled_from {
            out.err(
                &ctx.loc
                    .msg("burn-scaled", &[("width", w.into()), ("height", h.into())]),
            );
        }
        out.err(&ctx.loc.msg(
            "burn-summary",
            &[
                ("count", num(burned.cues)),
                ("lang", burned.lang.clone().into()),
                ("platform", burned.platform.clone().into()),
                ("path", show(&burned.output).into()),
            ],
        ));
    }
    Ok(if burned.has_errors() {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// A bar in thousandths on stderr, only when it is a terminal.
fn progress_bar(label: &str) -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::with_draw_target(Some(1000), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template("{prefix} [{bar:30}] {percent}% {eta}")
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.set_prefix(label.to_string());
    Some(bar)
}
