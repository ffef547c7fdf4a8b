//! `translate --video`: burned-in videos beside the tracks. Videos are matched to episodes by
//! file stem (`ep01.mp4` ↔ the episode keyed `ep01`); every platform of the run whose delivery
//! includes `burned-in` and that has a canvas gets, per episode with a video,
//! `{lang}/{platform}/{stem}.mp4` under the output pattern (`{ext}` = `mp4`), beside its track.
//!
//! The burned script is the canvas-laid-out ASS of the per-file job: the very file written when
//! the platform's output is ASS (burned-in-only platforms), else the same fitted track written as
//! ASS in memory (`outputs.rs`). Before anything is translated, every matched video is probed
//! and one whose size is not a platform's canvas is refused (unless `scale`), so a wrong master
//! costs nothing. Encodes run `jobs` at a time and stop on Ctrl-C/SIGTERM (`Spec::cancel`).
//! An episode without a video is a note and a video matching no episode a warning
//! ([`VideoNotes`]), not errors: a season is often delivered in parts.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{LangPlan, PipelineError, SourceEpisode, Spec};
use crate::platform::limits::Delivery;
use crate::video::{self, BurnJob, Encode, Probe, Tools, VideoError};

/// Extensions of the files a `--video` folder is searched for.
pub const VIDEO_EXTENSIONS: &[&str] = &["mp4", "mov", "m4v", "mkv", "webm", "avi"];

/// How the run makes videos, resolved by the caller.
#[derive(Debug, Clone)]
pub struct VideoPlan {
    /// The video files (folders already expanded).
    pub files: Vec<PathBuf>,
    /// ffmpeg and ffprobe; `None` only on a dry run without them.
    pub tools: Option<Tools>,
    pub encode: Encode,
    /// Scale videos of another size to the canvas instead of refusing them.
    pub scale: bool,
    /// ffmpeg processes at once.
    pub jobs: usize,
}

/// Matching notes for the summary.
#[derive(Debug, Clone, Default, Serialize)]
pub struct VideoNotes {
    /// Episodes (keys) that have no video: their tracks are written, no video.
    pub episodes_without_video: Vec<String>,
    /// Videos that match no episode.
    pub unmatched_videos: Vec<String>,
}

/// One video of the run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct VideoSummary {
    pub lang: String,
    pub platform: String,
    pub episode: String,
    /// The source video.
    pub video: String,
    /// The burned video.
    pub path: String,
    pub written: bool,
    /// Why it was not written (English; a dry run or a skipped track leaves it empty).
    pub error: Option<String>,
}

/// Expands `--video` arguments: files as given, folders to their video files (sorted).
pub fn expand(args: &[PathBuf], cwd: &Path) -> Result<Vec<PathBuf>, PipelineError> {
    let mut files = Vec::new();
    for arg in args {
        let abs = if arg.is_absolute() {
            arg.clone()
        } else {
            cwd.join(arg)
        };
        if abs.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(&abs)
                .map_err(|source| PipelineError::Write {
                    path: arg.clone(),
                    source,
                })?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && is_video(p))
                .map(|p| arg.join(p.file_name().unwrap_or_default()))
                .collect();
            found.sort();
            files.extend(found);
        } else if abs.is_file() {
            files.push(arg.clone());
        } else {
            return Err(PipelineError::Input(super::InputError::NotFound {
                path: arg.clone(),
            }));
        }
    }
    Ok(files)
}

fn is_video(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| VIDEO_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Per episode its video (by stem), and the notes.
pub(crate) fn match_videos(
    files: &[PathBuf],
    sources: &[SourceEpisode],
) -> (Vec<Option<PathBuf>>, VideoNotes) {
    let stem = |p: &Path| p.file_stem().map(|s| s.to_string_lossy().into_owned());
    let per_episode: Vec<Option<PathBuf>> = sources
        .iter()
        .map(|s| {
            files
                .iter()
                .find(|f| stem(f).as_deref() == Some(s.ep.key.as_str()))
                .cloned()
        })
        .collect();
    let notes = VideoNotes {
        episodes_without_video: sources
            .iter()
            .zip(&per_episode)
            .filter(|(_, v)| v.is_none())
            .map(|(s, _)| s.ep.key.clone())
            .collect(),
        unmatched_videos: files
            .iter()
            .filter(|f| !per_episode.iter().flatten().any(|v| v == *f))
            .map(|f| f.display().to_string())
            .collect(),
    };
    (per_episode, notes)
}

/// Whether a platform's videos are made: its delivery includes burned-in and it has a canvas.
pub(crate) fn burns(limits: &crate::platform::Limits) -> bool {
    limits.canvas.get().is_some()
        && limits
            .delivery
            .get()
            .is_some_and(|d| d.contains(&Delivery::BurnedIn))
}

/// Probes every planned video once and refuses, before anything is sent, a size that is not the
/// canvas of a platform it is burned for (unless scaling was asked for).
pub(crate) fn preflight(
    plan: &VideoPlan,
    plans: &[LangPlan],
) -> Result<HashMap<PathBuf, Probe>, PipelineError> {
    let mut probes: HashMap<PathBuf, Probe> = HashMap::new();
    let Some(tools) = &plan.tools else {
        return Ok(probes);
    };
    for p in plans.iter().flat_map(|l| &l.platforms) {
        let Some(canvas) = p.limits.canvas.copied() else {
            continue;
        };
        for (video, _) in p.videos.iter().flatten() {
            let probe = match probes.get(video) {
                Some(pr) => *pr,
                None => {
                    let pr = tools.probe(video).map_err(PipelineError::Video)?;
                    probes.insert(video.clone(), pr);
                    pr
                }
            };
            if !plan.scale && (probe.width, probe.height) != (canvas.width, canvas.height) {
                return Err(PipelineError::VideoSize {
                    video: video.clone(),
                    width: probe.width,
                    height: probe.height,
                    platform: p.platform.clone(),
                    canvas_width: canvas.width,
                    canvas_height: canvas.height,
                });
            }
        }
    }
    Ok(probes)
}

/// A video to encode: where it is in the plan, its source and script.
pub(crate) struct Pending {
    pub lang: usize,
    pub platform: usize,
    pub episode: usize,
    pub ass: Vec<u8>,
}

/// Encodes the pending videos (`jobs` at a time) and returns one summary per planned video, in
/// plan order; a track that was not written leaves its video unwritten without an error.
pub(crate) fn burn_all(
    spec: &Spec,
    plans: &[LangPlan],
    sources: &[SourceEpisode],
    pending: Vec<Pending>,
    probes: &HashMap<PathBuf, Probe>,
    observer: &dyn super::Observer,
) -> Result<Vec<VideoSummary>, PipelineError> {
    let Some(plan) = &spec.video else {
        return Ok(Vec::new());
    };
    let Some(tools) = &plan.tools else {
        return Ok(Vec::new());
    };
    if !pending.is_empty() {
        observer.event(&super::PipelineEvent::Rendering {
            total: pending.len() as u64,
        });
    }
    let results = crate::deliver::in_parallel(&pending, plan.jobs, |index, p| {
        let platform = plans.get(p.lang)?.platforms.get(p.platform)?;
        let (video, rel) = platform.videos.get(p.episode)?.as_ref()?;
        let canvas = platform.limits.canvas.copied()?;
        let probe = probes.get(video)?;
        let output = spec.out_dir.join(rel);
        let job = BurnJob {
            tools,
            video,
            ass: &p.ass,
            output: &output,
            canvas,
            scale: (probe.width, probe.height) != (canvas.width, canvas.height),
            duration: probe.duration,
            encode: &plan.encode,
        };
        let progress = |fraction| {
            observer.event(&super::PipelineEvent::Rendered { index, fraction });
        };
        Some((
            (p.lang, p.platform, p.episode),
            video::burn(&job, &spec.cancel, &progress),
        ))
    });
    let mut done: HashMap<(usize, usize, usize), Result<(), VideoError>> =
        results.into_iter().flatten().collect();
    let mut out = Vec::new();
    for (l, lp) in plans.iter().enumerate() {
        for (pi, p) in lp.platforms.iter().enumerate() {
            for (e, v) in p.videos.iter().enumerate() {
                let Some((video, rel)) = v else { continue };
                let mut s = VideoSummary {
                    lang: lp.lang.clone(),
                    platform: p.platform.clone(),
                    episode: sources.get(e).map(|s| s.ep.key.clone()).unwrap_or_default(),
                    video: video.display().to_string(),
                    path: spec.out_dir.join(rel).display().to_string(),
                    written: false,
                    error: None,
                };
                match done.remove(&(l, pi, e)) {
                    Some(Ok(())) => s.written = true,
                    Some(Err(VideoError::Interrupted)) => s.error = Some("interrupted".into()),
                    Some(Err(err)) => s.error = Some(err.to_string()),
                    None => {}
                }
                out.push(s);
            }
        }
    }
    Ok(out)
}

/// The videos a dry run would make.
pub(crate) fn planned(
    spec: &Spec,
    plans: &[LangPlan],
    sources: &[SourceEpisode],
) -> Vec<VideoSummary> {
    let mut out = Vec::new();
    for lp in plans {
        for p in &lp.platforms {
            for (e, v) in p.videos.iter().enumerate() {
                let Some((video, rel)) = v else { continue };
                out.push(VideoSummary {
                    lang: lp.lang.clone(),
                    platform: p.platform.clone(),
                    episode: sources.get(e).map(|s| s.ep.key.clone()).unwrap_or_default(),
                    video: video.display().to_string(),
                    path: spec.out_dir.join(rel).display().to_string(),
                    written: false,
                    error: None,
                });
            }
        }
    }
    out
}
