//! `preview SUBTITLE --platform ID [-o DIR] [--video VIDEO] [--count N]` as a use case: PNG
//! frames of a track's riskiest cues as the viewer of a platform with a canvas will see them,
//! before anything is encoded (issue 12, "Preview without the video").
//!
//! The track goes through the same per-file job and canvas layout as `burn`
//! (`video::preview::canvas_script`), the cues are picked by `video::preview::pick` (most lines,
//! widest line, right-to-left text, most text), and each is rendered by ffmpeg at its midpoint
//! on a blank canvas or on the video's frame, with the covered zones and the safe area drawn.
//! Files are `{stem}-cue{N}.png` in the output folder (default `{stem}-preview/` beside the
//! subtitle file), each written through a temporary file and a rename. Refused before ffmpeg
//! runs: a platform without a canvas, a missing ffmpeg (or one without libass), an unreadable
//! video.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::report::PickReason;
use crate::video::preview::{self as frames, Backdrop, FrameJob, Pick};
use crate::video::{self, Tools};

use super::burn::{no_canvas, video_error};
use super::{Error, Settings, file_limits, read_track, write_atomic};

/// What to preview (the platform and language come from [`Settings`]).
#[derive(Debug, Clone, Copy)]
pub struct PreviewRequest<'a> {
    pub subtitle: &'a Path,
    /// Folder for the pictures; `None`: `{stem}-preview/` beside the subtitle file.
    pub out_dir: Option<&'a Path>,
    /// Render on this video's frames instead of a blank canvas.
    pub video: Option<&'a Path>,
    /// Cues to render.
    pub count: usize,
}

/// One picture written.
#[derive(Debug, Clone, Serialize)]
pub struct Frame {
    pub path: PathBuf,
    /// Cue number in the rendered script.
    pub cue: u32,
    pub start_ms: i64,
    pub end_ms: i64,
    /// The moment shown (the cue's midpoint).
    pub at_ms: i64,
    pub reason: PickReason,
    /// The cue's visible lines.
    pub lines: Vec<String>,
}

/// What was previewed (also the `--format json` document).
#[derive(Debug, Clone, Serialize)]
pub struct Previewed {
    pub subtitle: PathBuf,
    pub platform: String,
    pub lang: String,
    pub canvas: CanvasSize,
    /// The video the frames were taken from, if any.
    pub video: Option<PathBuf>,
    pub dir: PathBuf,
    pub frames: Vec<Frame>,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct CanvasSize {
    pub width: u32,
    pub height: u32,
}

/// Renders and writes the frames.
pub fn run(settings: &Settings, req: &PreviewRequest<'_>) -> Result<Previewed, Error> {
    let platform = settings.platform()?.to_string();
    let loaded = read_track(req.subtitle, &settings.read_options())?;
    let (limits, lang, _) = file_limits(settings, &platform, req.subtitle, &loaded.track)?;
    let canvas = limits.canvas.copied().ok_or_else(|| no_canvas(&platform))?;
    let tools = Tools::locate(settings.ffmpeg()).map_err(video_error)?;
    if let Some(v) = req.video {
        // An unreadable video is refused with ffprobe's reason before anything is rendered.
        tools.probe(v).map_err(video_error)?;
    }
    let (laid_out, ass) =
        frames::canvas_script(loaded.track, &limits, &lang, Some(settings.fonts()));
    let mode = limits.counting.copied().unwrap_or_default();
    let picks = frames::pick(&laid_out, mode, req.count);
    let job = FrameJob {
        tools: &tools,
        ass: &ass,
        canvas,
        safe_area: limits.safe_area.copied(),
        backdrop: req.video.map_or(Backdrop::Blank, Backdrop::Video),
        width: None,
    };
    let moments: Vec<i64> = picks.iter().map(Pick::at_ms).collect();
    let pngs = video::preview::render(&job, &moments).map_err(video_error)?;
    let dir = req
        .out_dir
        .map_or_else(|| default_dir(req.subtitle), Path::to_path_buf);
    let stem = stem(req.subtitle);
    let mut written = Vec::with_capacity(picks.len());
    for (p, png) in picks.into_iter().zip(pngs) {
        let path = dir.join(format!("{stem}-cue{}.png", p.cue));
        write_atomic(&path, &png)?;
        written.push(Frame {
            path,
            cue: p.cue,
            start_ms: p.start_ms,
            end_ms: p.end_ms,
            at_ms: p.at_ms(),
            reason: p.reason,
            lines: p.lines,
        });
    }
    Ok(Previewed {
        subtitle: req.subtitle.to_path_buf(),
        platform,
        lang,
        canvas: CanvasSize {
            width: canvas.width,
            height: canvas.height,
        },
        video: req.video.map(Path::to_path_buf),
        dir,
        frames: written,
    })
}

/// The file name without its last extension (`ep01.fa.ass` → `ep01.fa`).
fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "preview".to_string())
}

/// `{stem}-preview/` beside the subtitle file.
pub fn default_dir(subtitle: &Path) -> PathBuf {
    let name = format!("{}-preview", stem(subtitle));
    match subtitle.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) => parent.join(name),
        None => PathBuf::from(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_folder_sits_beside_the_subtitle() {
        assert_eq!(
            default_dir(Path::new("out/fa/ep01.ass")),
            PathBuf::from("out/fa/ep01-preview")
        );
        assert_eq!(
            default_dir(Path::new("ep01.fa.srt")),
            PathBuf::from("ep01.fa-preview")
        );
    }
}
