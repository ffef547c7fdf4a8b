//! `burn VIDEO SUBTITLE --platform ID -o OUT` as a use case: one subtitle track burned into one
//! video for a platform with a canvas (Instagram and Facebook Reels, Douyin, the short-drama
//! apps).
//!
//! The track goes through the same per-file job as `translate`'s burned-in output
//! (`crate::deliver`: fitted for the platform and language, laid out for the canvas, written as
//! ASS — in memory here — read back and checked), so the burned text is exactly that ASS; then
//! `crate::video` renders it with ffmpeg + libass. Everything that can be refused is refused
//! before ffmpeg starts: a platform without a canvas, a missing ffmpeg, ffprobe or `subtitles`
//! filter, a video whose size is not the canvas (unless `scale_to_canvas`), an output that is
//! the input video.

use std::path::{Path, PathBuf};

use crate::deliver::{self, Check, FileJob, Input, Write, burn_fit};
use crate::diag::Severity;
use crate::format::WriteOptions;
use crate::model::Format;
use crate::platform::Limits;
use crate::report::FileReport;
use crate::translate::scheduler::Cancel;
use crate::video::{self, BurnJob, Encode, Tools, VideoError};

use super::{Error, Settings, file_limits, read_track, same_file, show};

/// What to burn and how (the platform and language come from [`Settings`]).
#[derive(Debug, Clone, Copy)]
pub struct BurnRequest<'a> {
    pub video: &'a Path,
    pub subtitle: &'a Path,
    pub output: &'a Path,
    /// Scale (and pad) a video of another size to the canvas instead of refusing it.
    pub scale_to_canvas: bool,
    pub codec: Option<&'a str>,
    pub crf: Option<u32>,
    pub preset: Option<&'a str>,
}

/// What was burned.
#[derive(Debug)]
pub struct Burned {
    pub output: PathBuf,
    pub platform: String,
    pub lang: String,
    /// Cues in the burned script.
    pub cues: usize,
    /// The video's size when it was scaled to the canvas.
    pub scaled_from: Option<(u32, u32)>,
    /// The check of the burned script (the platform's rules, layout included).
    pub report: FileReport,
}

impl Burned {
    /// Whether the burned track has findings at error level (exit code 1).
    pub fn has_errors(&self) -> bool {
        self.report
            .findings
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Burns the track into the video. `progress` gets the fraction done; `cancel` stops ffmpeg and
/// removes its partial output.
pub fn run(
    settings: &Settings,
    req: &BurnRequest<'_>,
    cancel: &Cancel,
    progress: &(dyn Fn(f64) + Sync),
) -> Result<Burned, Error> {
    let platform = settings.platform()?.to_string();
    if same_file(req.video, req.output) {
        return Err(Error::SameFile {
            path: req.output.to_path_buf(),
        });
    }
    let loaded = read_track(req.subtitle, &settings.read_options())?;
    let (limits, lang, lang_source) =
        file_limits(settings, &platform, req.subtitle, &loaded.track)?;
    let canvas = limits.canvas.copied().ok_or_else(|| no_canvas(&platform))?;
    let tools = Tools::locate(settings.ffmpeg()).map_err(video_error)?;
    let probe = tools.probe(req.video).map_err(video_error)?;
    let fits = (probe.width, probe.height) == (canvas.width, canvas.height);
    if !fits && !req.scale_to_canvas {
        return Err(size_mismatch(req.video, &probe, &limits, &platform));
    }

    let shown = show(req.subtitle);
    let job = FileJob {
        fit: Some(burn_fit(&limits, &lang, Some(settings.fonts()))),
        write: Some(Write {
            format: Format::Ass,
            options: WriteOptions::default(),
            lang: Some(&lang),
            path: None,
            only_if_changed: false,
        }),
        check: Some(Check {
            platform: &platform,
            limits: &limits,
            lang: &lang,
            lang_source,
            shown,
            fps: settings.fps(),
            overrides: settings.severity(),
            compliance: None,
            fonts: Some(settings.fonts()),
            source: None,
        }),
    };
    let input = Input {
        track: loaded.track,
        diagnostics: loaded.diagnostics,
    };
    // Only writing to a file can fail, and this job keeps the bytes in memory.
    let delivered = deliver::run(input, &job).map_err(|e| Error::write(req.output, e))?;
    let ass = delivered.bytes.unwrap_or_default();
    let encode: Encode = settings.encode(req.codec, req.crf, req.preset);
    video::burn(
        &BurnJob {
            tools: &tools,
            video: req.video,
            ass: &ass,
            output: req.output,
            canvas,
            scale: !fits,
            duration: probe.duration,
            encode: &encode,
        },
        cancel,
        progress,
    )
    .map_err(video_error)?;
    Ok(Burned {
        output: req.output.to_path_buf(),
        platform,
        lang,
        cues: delivered.cues,
        scaled_from: (!fits).then_some((probe.width, probe.height)),
        report: delivered.report.unwrap_or_default(),
    })
}

/// A platform whose profile has no canvas: nothing to lay a burned-in track out on.
pub fn no_canvas(platform: &str) -> Error {
    Error::Message {
        kind: "no-canvas",
        id: "error-burn-no-canvas",
        args: vec![("platform", platform.to_string())],
    }
}

fn size_mismatch(video: &Path, probe: &video::Probe, limits: &Limits, platform: &str) -> Error {
    let canvas = limits
        .canvas
        .copied()
        .unwrap_or(crate::platform::limits::Canvas {
            width: 0,
            height: 0,
        });
    Error::Message {
        kind: "video-size-mismatch",
        id: "error-video-size-mismatch",
        args: vec![
            ("video", show(video)),
            ("width", probe.width.to_string()),
            ("height", probe.height.to_string()),
            ("platform", platform.to_string()),
            ("canvas-width", canvas.width.to_string()),
            ("canvas-height", canvas.height.to_string()),
        ],
    }
}

/// A video failure as the command's error, with its Fluent message.
pub fn video_error(e: VideoError) -> Error {
    let msg = |kind, id, args: Vec<(&'static str, String)>| Error::Message { kind, id, args };
    match e {
        VideoError::FfmpegNotFound { configured: None } => {
            msg("ffmpeg-missing", "error-video-ffmpeg-missing", vec![])
        }
        VideoError::FfmpegNotFound {
            configured: Some(p),
        } => msg(
            "ffmpeg-missing",
            "error-video-ffmpeg-configured-missing",
            vec![("path", show(&p))],
        ),
        VideoError::FfprobeNotFound { ffmpeg } => msg(
            "ffprobe-missing",
            "error-video-ffprobe-missing",
            vec![("ffmpeg", show(&ffmpeg))],
        ),
        VideoError::NotRunnable { program, detail } => msg(
            "ffmpeg-not-runnable",
            "error-video-not-runnable",
            vec![("program", show(&program)), ("detail", detail)],
        ),
        VideoError::NoSubtitlesFilter { ffmpeg } => msg(
            "ffmpeg-no-subtitles-filter",
            "error-video-no-subtitles-filter",
            vec![("ffmpeg", show(&ffmpeg))],
        ),
        VideoError::Probe { video, detail } => msg(
            "video-probe",
            "error-video-probe",
            vec![("video", show(&video)), ("detail", detail)],
        ),
        VideoError::Failed {
            video,
            status,
            detail,
        } => msg(
            "ffmpeg-failed",
            "error-video-failed",
            vec![
                ("video", show(&video)),
                ("status", status),
                ("detail", detail),
            ],
        ),
        VideoError::Interrupted => msg("interrupted", "error-video-interrupted", vec![]),
        VideoError::Io { path, source } => Error::write(&path, source),
    }
}
