//! Burned-in delivery: a subtitle track rendered into the picture by ffmpeg with libass (the
//! renderer short-video pipelines use; `docs/vertical.md`, "Rendering"). This module owns
//! everything about the external programs — finding ffmpeg and ffprobe and checking that ffmpeg
//! has the `subtitles` filter (`tools`), measuring a video (`tools::Tools::probe`), and one
//! encode (`burn`): the canvas-laid-out ASS burned in, audio copied, H.264/yuv420p/faststart by
//! default, progress read from `-progress`, output through a temporary file and a rename, and a
//! stop request (Ctrl-C, SIGTERM) that kills ffmpeg and leaves no partial video.
//!
//! `preview` renders single frames of the riskiest cues as PNG pictures, on a blank canvas or
//! the video, with the covered zones and the safe area drawn.
//!
//! The script it burns is made elsewhere, by the per-file job (`crate::deliver`, fitting and
//! `lay_out_for_canvas`), so the burned text is exactly the ASS a `translate` run writes.

pub mod burn;
pub mod preview;
pub mod tools;

use std::path::PathBuf;

use serde::Deserialize;

pub use burn::{BurnJob, burn, listen_for_interrupts};
pub use tools::{Probe, Tools};

/// The `video:` section of subloc.yaml (paths relative to the file are resolved by
/// `cmd::Settings`).
///
/// ```yaml
/// video:
///   ffmpeg: /opt/ffmpeg/bin/ffmpeg   # default: ffmpeg on PATH (ffprobe beside it, else on PATH)
///   codec: libx264                   # any ffmpeg video encoder
///   crf: 18
///   preset: medium
///   jobs: 2                          # ffmpeg processes at once (default: one per core)
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VideoConfig {
    #[serde(default)]
    pub ffmpeg: Option<PathBuf>,
    #[serde(default)]
    pub codec: Option<String>,
    #[serde(default)]
    pub crf: Option<u32>,
    #[serde(default)]
    pub preset: Option<String>,
    #[serde(default)]
    pub jobs: Option<usize>,
}

/// The default encoder: H.264 plays everywhere these platforms ingest.
pub const DEFAULT_CODEC: &str = "libx264";
/// x264/x265 quality when none is given: 18 is "visually lossless or nearly so" in the x264
/// guide (<https://trac.ffmpeg.org/wiki/Encode/H.264>, "Choose a CRF value") — right for a master
/// the platform will re-encode anyway.
pub const DEFAULT_CRF: u32 = 18;
/// x264/x265 speed preset when none is given (the encoders' own default).
pub const DEFAULT_PRESET: &str = "medium";

/// How to encode the picture, resolved (flags over subloc.yaml over the defaults).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encode {
    pub codec: String,
    /// `-crf`; `None` leaves the encoder's own rate control.
    pub crf: Option<u32>,
    /// `-preset`; `None` leaves the encoder's default.
    pub preset: Option<String>,
}

impl Encode {
    /// Flags (`Some`) win over the configuration, which wins over the defaults; the CRF and
    /// preset defaults apply only to x264/x265, whose option names they are.
    pub fn resolve(
        codec: Option<&str>,
        crf: Option<u32>,
        preset: Option<&str>,
        config: &VideoConfig,
    ) -> Encode {
        let codec = codec
            .map(str::to_string)
            .or_else(|| config.codec.clone())
            .unwrap_or_else(|| DEFAULT_CODEC.to_string());
        let x26x = matches!(codec.as_str(), "libx264" | "libx265");
        Encode {
            crf: crf.or(config.crf).or_else(|| x26x.then_some(DEFAULT_CRF)),
            preset: preset
                .map(str::to_string)
                .or_else(|| config.preset.clone())
                .or_else(|| x26x.then(|| DEFAULT_PRESET.to_string())),
            codec,
        }
    }
}

impl Default for Encode {
    fn default() -> Self {
        Encode::resolve(None, None, None, &VideoConfig::default())
    }
}

/// ffmpeg processes at once: `--jobs`, else `video.jobs`, else one per core (an encode keeps a
/// core busy; more only makes them queue for it).
pub fn jobs(flag: Option<usize>, config: &VideoConfig) -> usize {
    flag.or(config.jobs)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1)
}

/// Why a video could not be made. Data only; `cmd::Error` gives each its Fluent message.
#[derive(Debug, thiserror::Error)]
pub enum VideoError {
    /// No ffmpeg on PATH, or the configured one does not exist or is not executable.
    #[error("ffmpeg not found")]
    FfmpegNotFound { configured: Option<PathBuf> },
    #[error("ffprobe not found beside {ffmpeg} nor on PATH", ffmpeg = .ffmpeg.display())]
    FfprobeNotFound { ffmpeg: PathBuf },
    #[error("cannot run {program}: {detail}", program = .program.display())]
    NotRunnable { program: PathBuf, detail: String },
    /// ffmpeg built without libass.
    #[error("{ffmpeg} has no subtitles filter", ffmpeg = .ffmpeg.display())]
    NoSubtitlesFilter { ffmpeg: PathBuf },
    #[error("cannot read the video {video}: {detail}", video = .video.display())]
    Probe { video: PathBuf, detail: String },
    /// ffmpeg ran and failed: its exit status and last lines of stderr.
    #[error("ffmpeg failed on {video}: {detail}", video = .video.display())]
    Failed {
        video: PathBuf,
        status: String,
        detail: String,
    },
    /// Stopped by Ctrl-C or SIGTERM; nothing was left behind.
    #[error("interrupted")]
    Interrupted,
    #[error("cannot write {path}: {source}", path = .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_win_over_config_and_defaults_fit_the_codec() {
        let d = Encode::default();
        assert_eq!(
            (d.codec.as_str(), d.crf, d.preset.as_deref()),
            ("libx264", Some(18), Some("medium"))
        );
        let cfg = VideoConfig {
            codec: Some("libx265".into()),
            crf: Some(24),
            preset: Some("slow".into()),
            ..VideoConfig::default()
        };
        let e = Encode::resolve(None, Some(30), Some("ultrafast"), &cfg);
        assert_eq!(
            (e.codec.as_str(), e.crf, e.preset.as_deref()),
            ("libx265", Some(30), Some("ultrafast"))
        );
        // Another encoder gets no x264 options it may not know.
        let vp9 = Encode::resolve(Some("libvpx-vp9"), None, None, &VideoConfig::default());
        assert_eq!((vp9.crf, vp9.preset), (None, None));
        assert_eq!(jobs(Some(0), &cfg), 1);
        assert_eq!(
            jobs(
                None,
                &VideoConfig {
                    jobs: Some(3),
                    ..VideoConfig::default()
                }
            ),
            3
        );
    }
}
