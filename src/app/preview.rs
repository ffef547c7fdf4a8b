//! `subloc preview SUBTITLE --platform ID`: flags → settings → the `preview` use case
//! (`subloc::cmd::preview`) → one line per picture written (its path, cue, time and why the cue
//! was picked) on stdout and a summary on stderr, or the JSON document with `--format json`.
//! Exit codes: 0 pictures written (or no cue shows text), 2 usage, configuration, ffmpeg or I/O
//! error.

use subloc::cmd::preview::{self as use_case, PreviewRequest};
use subloc::cmd::{Flags, Settings};
use subloc::model::Timestamp;

use super::{AppError, Context, ExitStatus, Output, num, show};
use crate::cli::{PreviewArgs, TextFormat};

pub fn run(
    args: &PreviewArgs,
    config: Option<&std::path::Path>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let settings = Settings::resolve(&Flags {
        config,
        platform: args.platform.as_deref(),
        lang: args.lang.as_deref(),
        encoding: args.encoding.as_deref(),
        ffmpeg: args.ffmpeg.as_deref(),
        ..Flags::default()
    })?;
    let previewed = use_case::run(
        &settings,
        &PreviewRequest {
            subtitle: &args.subtitle,
            out_dir: args.output.as_deref(),
            video: args.video.as_deref(),
            count: args.count,
        },
    )?;
    if args.format == TextFormat::Json {
        let text = serde_json::to_string_pretty(&previewed).unwrap_or_else(|_| "{}".into());
        out.out(&text).map_err(AppError::Stdout)?;
        out.out("\n").map_err(AppError::Stdout)?;
        return Ok(ExitStatus::Success);
    }
    for f in &previewed.frames {
        let line = ctx.loc.msg(
            "preview-frame",
            &[
                ("path", show(&f.path).into()),
                ("cue", num(f.cue as usize)),
                ("start", Timestamp(f.start_ms).fmt_clock(',').into()),
                ("reason", f.reason.name().into()),
            ],
        );
        out.out(&line).map_err(AppError::Stdout)?;
        out.out("\n").map_err(AppError::Stdout)?;
    }
    if !ctx.quiet {
        let summary = if previewed.frames.is_empty() {
            ctx.loc.msg(
                "preview-nothing",
                &[("path", show(&previewed.subtitle).into())],
            )
        } else {
            ctx.loc.msg(
                "preview-summary",
                &[
                    ("count", num(previewed.frames.len())),
                    ("platform", previewed.platform.clone().into()),
                    ("lang", previewed.lang.clone().into()),
                    ("width", num(previewed.canvas.width as usize)),
                    ("height", num(previewed.canvas.height as usize)),
                    ("dir", show(&previewed.dir).into()),
                ],
            )
        };
        out.err(&summary);
    }
    Ok(ExitStatus::Success)
}
