//! Arguments of the video commands — `burn` (one track burned into one video) and `preview`
//! (frames of the riskiest cues as pictures) — and the video options `translate --video`
//! shares, with their help texts' Fluent ids.

use std::path::PathBuf;

use clap::Args;

use super::TextFormat;

/// `burn VIDEO SUBTITLE --platform ID -o OUT [--scale-to-canvas] …`
#[derive(Debug, Args)]
pub struct BurnArgs {
    /// Video to burn the subtitles into
    #[arg(value_name = "VIDEO")]
    pub video: PathBuf,
    /// Subtitle file (SRT, ASS, WebVTT)
    #[arg(value_name = "SUBTITLE")]
    pub subtitle: PathBuf,
    /// Video file to write
    #[arg(short = 'o', long = "output", value_name = "OUT", required = true)]
    pub output: PathBuf,
    /// Platform profile (one with a canvas)
    #[arg(long, short = 'p', value_name = "ID")]
    pub platform: Option<String>,
    /// Language of the subtitles (default: from the file name, else the script)
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Encoding of the subtitle file (default: detected)
    #[arg(long, value_name = "ENC")]
    pub encoding: Option<String>,
    #[command(flatten)]
    pub video_opts: VideoOpts,
}

/// `preview SUBTITLE --platform ID [-o DIR] [--video VIDEO] [--count N]`
#[derive(Debug, Args)]
pub struct PreviewArgs {
    /// Subtitle file (SRT, ASS, WebVTT)
    #[arg(value_name = "SUBTITLE")]
    pub subtitle: PathBuf,
    /// Folder for the pictures (default: {stem}-preview beside the subtitle file)
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Platform profile (one with a canvas)
    #[arg(long, short = 'p', value_name = "ID")]
    pub platform: Option<String>,
    /// Render on this video's frames instead of a blank canvas
    #[arg(long, value_name = "VIDEO")]
    pub video: Option<PathBuf>,
    /// Cues to render
    #[arg(long, value_name = "N", default_value_t = subloc::video::preview::DEFAULT_COUNT)]
    pub count: usize,
    /// Language of the subtitles (default: from the file name, else the script)
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Encoding of the subtitle file (default: detected)
    #[arg(long, value_name = "ENC")]
    pub encoding: Option<String>,
    /// ffmpeg to run (default: video.ffmpeg in subloc.yaml, else ffmpeg on PATH)
    #[arg(long, value_name = "PATH")]
    pub ffmpeg: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = TextFormat::Human)]
    pub format: TextFormat,
}

/// How videos are rendered: shared by `burn` and `translate --video`.
#[derive(Debug, Args, Default)]
pub struct VideoOpts {
    /// Scale a video whose size is not the platform's canvas to it (aspect kept, padded)
    #[arg(long)]
    pub scale_to_canvas: bool,
    /// ffmpeg to run (default: video.ffmpeg in subloc.yaml, else ffmpeg on PATH)
    #[arg(long, value_name = "PATH")]
    pub ffmpeg: Option<PathBuf>,
    /// Video encoder (default: libx264)
    #[arg(long, value_name = "NAME")]
    pub codec: Option<String>,
    /// Encoder quality, lower is better (default for x264/x265: 18)
    #[arg(long, value_name = "N")]
    pub crf: Option<u32>,
    /// Encoder speed preset (default for x264/x265: medium)
    #[arg(long, value_name = "NAME")]
    pub preset: Option<String>,
}

/// Fluent message id of the help text of argument `arg` of a command defined here (at `path`),
/// and of the video options wherever they are flattened.
pub(super) fn arg_help_id(path: &str, arg: &str) -> Option<&'static str> {
    Some(match (path, arg) {
        ("burn", "video") => "cli-burn-video",
        ("burn", "subtitle") => "cli-burn-subtitle",
        ("burn", "output") => "cli-burn-output",
        ("burn", "platform") => "cli-burn-platform",
        ("burn", "lang") => "cli-file-lang",
        ("preview", "subtitle") => "cli-preview-subtitle",
        ("preview", "output") => "cli-preview-output",
        ("preview", "platform") => "cli-preview-platform",
        ("preview", "video") => "cli-preview-video",
        ("preview", "count") => "cli-preview-count",
        ("preview", "lang") => "cli-file-lang",
        ("preview", "format") => "cli-text-format",
        (_, "scale_to_canvas") => "cli-video-scale-to-canvas",
        (_, "ffmpeg") => "cli-video-ffmpeg",
        (_, "codec") => "cli-video-codec",
        (_, "crf") => "cli-video-crf",
        (_, "preset") => "cli-video-preset",
        _ => return None,
    })
}
