//! Finding ffmpeg and ffprobe and asking them about themselves and about a video: the programs
//! are looked up as configured (`--ffmpeg`, `video.ffmpeg` in subloc.yaml), else on `PATH`;
//! ffprobe beside the configured ffmpeg first (a static build ships both in one folder). An
//! ffmpeg without the `subtitles` filter (built without libass) is refused up front, with the
//! reason, rather than failing on the first video. Probing reads ffprobe's JSON
//! (<https://ffmpeg.org/ffprobe.html>, `-of json`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize;

use super::VideoError;

/// The two programs a burn needs, found and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tools {
    pub ffmpeg: PathBuf,
    pub ffprobe: PathBuf,
}

impl Tools {
    /// Finds ffmpeg (`configured`, else `PATH`) and ffprobe (beside it, else `PATH`), and checks
    /// that this ffmpeg can render subtitles.
    pub fn locate(configured: Option<&Path>) -> Result<Tools, VideoError> {
        let path_var = std::env::var_os("PATH").unwrap_or_default();
        let ffmpeg = match configured {
            Some(p) if is_executable(p) => p.to_path_buf(),
            Some(p) => {
                // A bare name (`ffmpeg-7`) is looked up on PATH like a shell would.
                let bare = p.components().count() == 1;
                match bare
                    .then(|| on_path(&path_var, &p.to_string_lossy()))
                    .flatten()
                {
                    Some(found) => found,
                    None => {
                        return Err(VideoError::FfmpegNotFound {
                            configured: Some(p.to_path_buf()),
                        });
                    }
                }
            }
            None => on_path(&path_var, "ffmpeg")
                .ok_or(VideoError::FfmpegNotFound { configured: None })?,
        };
        let beside = ffmpeg
            .parent()
            .map(|dir| dir.join(format!("ffprobe{}", std::env::consts::EXE_SUFFIX)))
            .filter(|p| is_executable(p));
        let ffprobe = beside
            .or_else(|| on_path(&path_var, "ffprobe"))
            .ok_or_else(|| VideoError::FfprobeNotFound {
                ffmpeg: ffmpeg.clone(),
            })?;
        let tools = Tools { ffmpeg, ffprobe };
        tools.check_subtitles_filter()?;
        Ok(tools)
    }

    /// `ffmpeg -hide_banner -filters` must list `subtitles` (libass): the table's second column
    /// is the filter name (<https://ffmpeg.org/ffmpeg.html#Generic-options>, `-filters`).
    fn check_subtitles_filter(&self) -> Result<(), VideoError> {
        let out = Command::new(&self.ffmpeg)
            .args(["-hide_banner", "-filters"])
            .stdin(Stdio::null())
            .output()
            .map_err(|e| VideoError::NotRunnable {
                program: self.ffmpeg.clone(),
                detail: e.to_string(),
            })?;
        let listing = String::from_utf8_lossy(&out.stdout);
        if has_filter(&listing, "subtitles") {
            Ok(())
        } else {
            Err(VideoError::NoSubtitlesFilter {
                ffmpeg: self.ffmpeg.clone(),
            })
        }
    }

    /// The picture size a player shows (rotation metadata applied, as ffmpeg's autorotate does
    /// when it decodes) and the duration in seconds (0 when the container does not say).
    pub fn probe(&self, video: &Path) -> Result<Probe, VideoError> {
        let out = Command::new(&self.ffprobe)
            .args([
                "-v",
                "error",
                "-select_streams",
                "v:0",
                "-show_entries",
                "stream=width,height:stream_tags=rotate:stream_side_data=rotation:format=duration",
                "-of",
                "json",
            ])
            .arg(video)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| VideoError::NotRunnable {
                program: self.ffprobe.clone(),
                detail: e.to_string(),
            })?;
        let probe_error = |detail: String| VideoError::Probe {
            video: video.to_path_buf(),
            detail,
        };
        if !out.status.success() {
            return Err(probe_error(super::burn::last_lines(
                &String::from_utf8_lossy(&out.stderr),
                3,
            )));
        }
        parse_probe(&out.stdout).ok_or_else(|| probe_error("no video stream".into()))
    }
}

/// What ffprobe says about a video.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Probe {
    pub width: u32,
    pub height: u32,
    /// Seconds; 0 when unknown.
    pub duration: f64,
}

#[derive(Deserialize)]
struct ProbeJson {
    #[serde(default)]
    streams: Vec<StreamJson>,
    #[serde(default)]
    format: Option<FormatJson>,
}

#[derive(Deserialize)]
struct StreamJson {
    width: Option<u32>,
    height: Option<u32>,
    #[serde(default)]
    tags: Option<TagsJson>,
    #[serde(default)]
    side_data_list: Vec<SideDataJson>,
}

#[derive(Deserialize)]
struct TagsJson {
    rotate: Option<String>,
}

#[derive(Deserialize)]
struct SideDataJson {
    rotation: Option<f64>,
}

#[derive(Deserialize)]
struct FormatJson {
    duration: Option<String>,
}

/// ffprobe's JSON → [`Probe`]; `None` without a sized video stream.
fn parse_probe(json: &[u8]) -> Option<Probe> {
    let p: ProbeJson = serde_json::from_slice(json).ok()?;
    let s = p.streams.first()?;
    let (w, h) = (s.width.filter(|w| *w > 0)?, s.height.filter(|h| *h > 0)?);
    // Phones store portrait video as landscape frames plus a ±90° rotation: older files in the
    // `rotate` tag, newer ffmpeg in the display-matrix side data.
    let rotation = s
        .side_data_list
        .iter()
        .find_map(|d| d.rotation)
        .or_else(|| s.tags.as_ref()?.rotate.as_deref()?.trim().parse().ok())
        .unwrap_or(0.0);
    let quarter = (rotation / 90.0).round().rem_euclid(2.0) == 1.0;
    let (width, height) = if quarter { (h, w) } else { (w, h) };
    let duration = p
        .format
        .and_then(|f| f.duration)
        .and_then(|d| d.trim().parse::<f64>().ok())
        .filter(|d| d.is_finite() && *d > 0.0)
        .unwrap_or(0.0);
    Some(Probe {
        width,
        height,
        duration,
    })
}

/// True when ffmpeg's `-filters` table lists `name` (lines like ` ... subtitles  V->V  Render…`).
fn has_filter(listing: &str, name: &str) -> bool {
    listing
        .lines()
        .any(|l| l.split_whitespace().nth(1) == Some(name))
}

/// The first `name` in the folders of `path_var` that is an executable file.
fn on_path(path_var: &std::ffi::OsStr, name: &str) -> Option<PathBuf> {
    let file = format!("{name}{}", std::env::consts::EXE_SUFFIX);
    std::env::split_paths(path_var)
        .filter(|dir| !dir.as_os_str().is_empty())
        .map(|dir| dir.join(&file))
        .find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(p) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_size_rotation_and_duration() {
        let plain =
            br#"{"streams":[{"width":1080,"height":1920}],"format":{"duration":"12.500000"}}"#;
        assert_eq!(
            parse_probe(plain),
            Some(Probe {
                width: 1080,
                height: 1920,
                duration: 12.5
            })
        );
        let rotated = br#"{"streams":[{"width":1920,"height":1080,"side_data_list":[{"rotation":-90}]}],"format":{}}"#;
        let p = parse_probe(rotated).unwrap();
        assert_eq!((p.width, p.height, p.duration), (1080, 1920, 0.0));
        let tagged = br#"{"streams":[{"width":1920,"height":1080,"tags":{"rotate":"270"}}]}"#;
        assert_eq!(parse_probe(tagged).map(|p| p.width), Some(1080));
        let upside = br#"{"streams":[{"width":1920,"height":1080,"tags":{"rotate":"180"}}]}"#;
        assert_eq!(parse_probe(upside).map(|p| p.width), Some(1920));
        assert_eq!(parse_probe(br#"{"streams":[]}"#), None);
        assert_eq!(parse_probe(b"not json"), None);
    }

    #[test]
    fn finds_the_filter_in_the_table() {
        let listing = " ... ass               V->V       Render ASS subtitles\n ... subtitles         V->V       Render text subtitles\n";
        assert!(has_filter(listing, "subtitles"));
        assert!(!has_filter(
            " ... ass  V->V  Render ASS subtitles\n",
            "subtitles"
        ));
    }
}
