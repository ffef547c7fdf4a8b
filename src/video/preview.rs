//! Preview frames: a few of a track's riskiest cues rendered as PNG pictures of the platform's
//! canvas, so a reviewer sees what a viewer will before anything is encoded (`subloc preview`,
//! and the "What the viewer sees" section of the HTML reports, `report::preview`).
//!
//! - **Which cues** ([`pick`]): the reasons of [`PickReason`] take turns, each taking its best
//!   cue not taken yet — most lines, widest line (counted as the profile counts characters),
//!   right-to-left text (mixed with left-to-right runs first: names, numbers), most text — until
//!   `count` cues are picked. Ties go to the earlier cue, so the choice is stable.
//! - **What they are rendered from**: the same canvas-laid-out ASS `burn` burns
//!   ([`canvas_script`]: the per-file job with `deliver::burn_fit`, written as ASS in memory).
//! - **How**: one ffmpeg run per frame in a private folder holding `track.ass` (why: see
//!   `burn.rs`). The picture is a blank canvas (lavfi `color`, a dark slate on which white text,
//!   its outline and the zones all show) or the video's frame at the cue's midpoint (input
//!   seeking, scaled and padded to the canvas). The frame's timestamp is set to the cue's
//!   midpoint with `setpts` before the `subtitles` filter, which renders by timestamp, so no
//!   script time is edited and no earlier frame is decoded. Then the zones the app covers are
//!   shaded red at 35 % over the text (the app's interface lies over the subtitles, so covered
//!   text shows as covered) and the safe area is outlined in yellow just outside its edge.
//!   `drawbox` blends a colour's alpha only in YUV (ffmpeg 5.1 paints RGB input opaque; measured
//!   here), hence `format=yuv444p` first. One PNG comes back on stdout
//!   (`-f image2pipe -c:v png`).

use std::path::Path;
use std::process::{Command, Stdio};

use crate::deliver::{self, FileJob, Input, Write, burn_fit};
use crate::format::WriteOptions;
use crate::model::{CueKind, Format, Track};
use crate::platform::limits::{Canvas, Insets};
use crate::platform::{CountingMode, Limits, bidi, count};
use crate::report::{PickReason, Preview, PreviewFrame};
use crate::typeset::Fonts;

use super::burn::{WorkDir, last_lines};
use super::{Tools, VideoError};

/// Cues picked when no count is given.
pub const DEFAULT_COUNT: usize = 4;

/// Width of the frames embedded in an HTML report: enough to read a line, small enough that a
/// page with a season's previews stays a few megabytes (a 360 × 640 PNG is ~30–60 kB).
pub const REPORT_WIDTH: u32 = 360;

/// The blank canvas's colour (a dark slate: white text, its black outline, the red zones and the
/// yellow outline all stand out on it).
pub const BACKGROUND: &str = "0x3a3f4a";

/// One cue to render and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick {
    /// 1-based position in the track (the cue number of the rendered script).
    pub cue: u32,
    pub start_ms: i64,
    pub end_ms: i64,
    pub reason: PickReason,
    /// The visible lines.
    pub lines: Vec<String>,
}

impl Pick {
    /// The moment rendered: the cue's midpoint.
    pub fn at_ms(&self) -> i64 {
        self.start_ms + (self.end_ms - self.start_ms) / 2
    }
}

/// What one cue measures, for [`pick`].
struct Measured {
    index: usize,
    lines: usize,
    widest: f64,
    length: f64,
    rtl: bool,
    /// Right-to-left text with a left-to-right letter or digit in it.
    mixed: bool,
}

/// Up to `count` distinct cues of `track`, the reasons taking turns (see the module docs).
/// Comments and cues that show no text are never picked.
pub fn pick(track: &Track, mode: CountingMode, count: usize) -> Vec<Pick> {
    let measured: Vec<Measured> = track
        .cues
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind() != CueKind::Comment && c.end > c.start)
        .filter_map(|(index, c)| {
            let plain = c.text.to_plain();
            if !count::has_visible(&plain) {
                return None;
            }
            let lines: Vec<&str> = plain
                .split('\n')
                .filter(|l| count::has_visible(l))
                .collect();
            let rtl = plain.chars().any(bidi::is_rtl);
            Some(Measured {
                index,
                lines: lines.len(),
                widest: lines
                    .iter()
                    .map(|l| count::count_line(l, mode))
                    .fold(0.0, f64::max),
                length: count::count_text(&plain, mode),
                rtl,
                mixed: rtl && plain.chars().any(|ch| ch.is_ascii_alphanumeric()),
            })
        })
        .collect();
    let desc = |a: f64, b: f64| b.total_cmp(&a);
    let ranking = |reason: PickReason| -> Vec<usize> {
        let mut r: Vec<&Measured> = measured
            .iter()
            .filter(|m| reason != PickReason::RightToLeft || m.rtl)
            .collect();
        // `sort_by` is stable: equal cues stay in track order.
        r.sort_by(|a, b| match reason {
            PickReason::MostLines => b.lines.cmp(&a.lines).then(desc(a.widest, b.widest)),
            PickReason::WidestLine => desc(a.widest, b.widest),
            PickReason::RightToLeft => b.mixed.cmp(&a.mixed).then(desc(a.length, b.length)),
            PickReason::LongestText => desc(a.length, b.length),
        });
        r.into_iter().map(|m| m.index).collect()
    };
    let mut rankings: Vec<(PickReason, std::vec::IntoIter<usize>)> = PickReason::ALL
        .iter()
        .map(|r| (*r, ranking(*r).into_iter()))
        .collect();
    let mut chosen: Vec<(usize, PickReason)> = Vec::new();
    while chosen.len() < count {
        let before = chosen.len();
        for (reason, ranked) in &mut rankings {
            if chosen.len() == count {
                break;
            }
            if let Some(i) = ranked.find(|i| chosen.iter().all(|(c, _)| c != i)) {
                chosen.push((i, *reason));
            }
        }
        if chosen.len() == before {
            break;
        }
    }
    chosen
        .into_iter()
        .filter_map(|(i, reason)| {
            let c = track.cues.get(i)?;
            Some(Pick {
                cue: u32::try_from(i + 1).unwrap_or(u32::MAX),
                start_ms: c.start.ms(),
                end_ms: c.end.ms(),
                reason,
                lines: c
                    .text
                    .lines()
                    .into_iter()
                    .filter(|l| count::has_visible(l))
                    .collect(),
            })
        })
        .collect()
}

/// The track as `burn` would burn it for `limits` and `lang`: fitted, laid out for the canvas,
/// and that script's bytes.
pub fn canvas_script(
    track: Track,
    limits: &Limits,
    lang: &str,
    fonts: Option<&Fonts>,
) -> (Track, Vec<u8>) {
    let job = FileJob {
        fit: Some(burn_fit(limits, lang, fonts)),
        write: Some(Write {
            format: Format::Ass,
            options: WriteOptions::default(),
            lang: Some(lang),
            path: None,
            only_if_changed: false,
        }),
        check: None,
    };
    let input = Input {
        track,
        diagnostics: Vec::new(),
    };
    // Only writing to a file can fail, and this job keeps the bytes in memory.
    match deliver::run(input, &job) {
        Ok(d) => (d.track, d.bytes.unwrap_or_default()),
        Err(_) => (Track::default(), Vec::new()),
    }
}

/// What the frames are drawn on.
#[derive(Debug, Clone, Copy)]
pub enum Backdrop<'a> {
    /// A blank canvas of [`BACKGROUND`].
    Blank,
    /// The video's picture at each cue's midpoint, scaled and padded to the canvas.
    Video(&'a Path),
}

/// How to render a set of frames.
#[derive(Debug, Clone, Copy)]
pub struct FrameJob<'a> {
    pub tools: &'a Tools,
    /// The canvas-laid-out ASS script.
    pub ass: &'a [u8],
    pub canvas: Canvas,
    pub safe_area: Option<Insets>,
    pub backdrop: Backdrop<'a>,
    /// Scale the frame down to this width (height in proportion); `None`: the canvas size.
    pub width: Option<u32>,
}

/// One PNG per moment (milliseconds), in order.
pub fn render(job: &FrameJob<'_>, moments: &[i64]) -> Result<Vec<Vec<u8>>, VideoError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| VideoError::Io { path, source }
    };
    let work = WorkDir::new().map_err(io(&std::env::temp_dir()))?;
    std::fs::write(work.path.join("track.ass"), job.ass).map_err(io(&work.path))?;
    let video = match job.backdrop {
        Backdrop::Video(v) => Some(std::path::absolute(v).map_err(io(v))?),
        Backdrop::Blank => None,
    };
    let mut frames = Vec::with_capacity(moments.len());
    for &at in moments {
        let seconds = format!("{:.3}", at.max(0) as f64 / 1000.0);
        let mut cmd = Command::new(&job.tools.ffmpeg);
        cmd.current_dir(&work.path)
            .args(["-hide_banner", "-nostdin", "-loglevel", "error"]);
        match &video {
            Some(v) => {
                cmd.args(["-ss", &seconds, "-i"]).arg(v);
            }
            None => {
                let (w, h) = (job.canvas.width, job.canvas.height);
                cmd.args([
                    "-f",
                    "lavfi",
                    "-i",
                    &format!("color=c={BACKGROUND}:s={w}x{h}:r=1:d=1"),
                ]);
            }
        }
        cmd.args(["-vf", &filter_graph(job, video.is_some(), &seconds)])
            .args(["-frames:v", "1", "-an", "-f", "image2pipe", "-c:v", "png"])
            .arg("pipe:1")
            .stdin(Stdio::null());
        let out = cmd.output().map_err(|e| VideoError::NotRunnable {
            program: job.tools.ffmpeg.clone(),
            detail: e.to_string(),
        })?;
        let failed = |detail: String| VideoError::Failed {
            video: video.clone().unwrap_or_else(|| "lavfi color".into()),
            status: out
                .status
                .code()
                .map_or_else(|| out.status.to_string(), |c| c.to_string()),
            detail,
        };
        if !out.status.success() {
            return Err(failed(last_lines(&String::from_utf8_lossy(&out.stderr), 4)));
        }
        if png_size(&out.stdout).is_none() {
            // A moment after the video's end decodes no frame.
            return Err(failed(format!("no picture at {seconds} s")));
        }
        frames.push(out.stdout);
    }
    Ok(frames)
}

/// The filter graph of one frame (see the module docs for each step).
fn filter_graph(job: &FrameJob<'_>, video: bool, seconds: &str) -> String {
    let (w, h) = (job.canvas.width, job.canvas.height);
    let mut steps = Vec::new();
    if video {
        steps.push(format!(
            "scale={w}:{h}:force_original_aspect_ratio=decrease,pad={w}:{h}:(ow-iw)/2:(oh-ih)/2,setsar=1"
        ));
    }
    steps.push(format!("setpts=PTS-STARTPTS+{seconds}/TB"));
    steps.push("format=yuv444p".into());
    steps.push("subtitles=filename=track.ass".into());
    if let Some(s) = job.safe_area.filter(|s| s.fits(job.canvas)) {
        let (inner_h, bottom_y) = (h - s.top - s.bottom, h - s.bottom);
        let zone = |x: u32, y: u32, zw: u32, zh: u32| {
            format!("drawbox=x={x}:y={y}:w={zw}:h={zh}:color=red@0.35:t=fill")
        };
        if s.top > 0 {
            steps.push(zone(0, 0, w, s.top));
        }
        if s.bottom > 0 {
            steps.push(zone(0, bottom_y, w, s.bottom));
        }
        if s.left > 0 {
            steps.push(zone(0, s.top, s.left, inner_h));
        }
        if s.right > 0 {
            steps.push(zone(w - s.right, s.top, s.right, inner_h));
        }
        // Just outside the safe area, so the outline never covers text that fits.
        const T: u32 = 4;
        let x = i64::from(s.left) - i64::from(T);
        let y = i64::from(s.top) - i64::from(T);
        steps.push(format!(
            "drawbox=x={x}:y={y}:w={}:h={}:color=yellow@0.9:t={T}",
            w - s.left - s.right + 2 * T,
            inner_h + 2 * T
        ));
    }
    if let Some(width) = job.width.filter(|x| *x < w) {
        // `-2`: the height in proportion, rounded to an even number.
        steps.push(format!("scale={width}:-2"));
    }
    steps.join(",")
}

/// Width and height from a PNG's IHDR chunk (PNG spec §11.2.2), `None` when `bytes` is no PNG.
pub fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !bytes.starts_with(SIGNATURE) || bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    let be = |r: std::ops::Range<usize>| -> Option<u32> {
        Some(u32::from_be_bytes(bytes.get(r)?.try_into().ok()?))
    };
    Some((be(16..20)?, be(20..24)?))
}

/// The preview section of one file's report: its track laid out as `burn` would, the riskiest
/// cues picked and rendered at [`REPORT_WIDTH`] on a blank canvas. `tools` is `None` when no
/// usable ffmpeg was found. `None` when the profile has no canvas.
pub fn for_report(
    tools: Option<&Tools>,
    track: Track,
    limits: &Limits,
    lang: &str,
    fonts: Option<&Fonts>,
) -> Option<Preview> {
    let canvas = limits.canvas.copied()?;
    let Some(tools) = tools else {
        return Some(Preview::NoFfmpeg);
    };
    let (laid_out, ass) = canvas_script(track, limits, lang, fonts);
    Some(frames_preview(tools, &laid_out, &ass, limits, canvas))
}

/// [`for_report`] for a track already laid out for the canvas, with its script.
pub fn frames_preview(
    tools: &Tools,
    laid_out: &Track,
    ass: &[u8],
    limits: &Limits,
    canvas: Canvas,
) -> Preview {
    let mode = limits.counting.copied().unwrap_or_default();
    let picks = pick(laid_out, mode, DEFAULT_COUNT);
    let job = FrameJob {
        tools,
        ass,
        canvas,
        safe_area: limits.safe_area.copied(),
        backdrop: Backdrop::Blank,
        width: Some(REPORT_WIDTH),
    };
    let moments: Vec<i64> = picks.iter().map(Pick::at_ms).collect();
    match render(&job, &moments) {
        Ok(pngs) => Preview::Frames {
            canvas: (canvas.width, canvas.height),
            frames: picks
                .into_iter()
                .zip(pngs)
                .map(|(p, png)| {
                    let (width, height) = png_size(&png).unwrap_or((0, 0));
                    PreviewFrame {
                        cue: p.cue,
                        start_ms: p.start_ms,
                        end_ms: p.end_ms,
                        at_ms: p.at_ms(),
                        reason: p.reason,
                        lines: p.lines,
                        png,
                        width,
                        height,
                    }
                })
                .collect(),
        },
        Err(VideoError::FfmpegNotFound { .. } | VideoError::NoSubtitlesFilter { .. }) => {
            Preview::NoFfmpeg
        }
        Err(e) => Preview::Failed {
            detail: e.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::test_support::track_of_lines;

    fn reasons(picks: &[Pick]) -> Vec<(u32, &'static str)> {
        picks.iter().map(|p| (p.cue, p.reason.name())).collect()
    }

    #[test]
    fn reasons_take_turns_over_distinct_cues() {
        let track = track_of_lines(&[
            "short",
            "one\ntwo\nthree",
            "a very very very long single line here",
            "سلام Chen Jing",
            "سلام دوست من، چطوری امروز؟",
            "medium length\nline two is long enough",
        ]);
        let picks = pick(&track, CountingMode::default(), 4);
        assert_eq!(
            reasons(&picks),
            vec![
                (2, "most-lines"),
                (3, "widest-line"),
                (4, "right-to-left"),
                (6, "longest-text"),
            ]
        );
        // More than four: the reasons take a second turn, still distinct cues.
        let more = pick(&track, CountingMode::default(), 6);
        assert_eq!(more.len(), 6);
        assert_eq!(more[4].reason, PickReason::MostLines);
        assert_eq!(more[5].reason, PickReason::WidestLine);
        let mut cues: Vec<u32> = more.iter().map(|p| p.cue).collect();
        cues.sort_unstable();
        cues.dedup();
        assert_eq!(cues.len(), 6);
        // Asking for more than there are cues gives each cue once.
        assert_eq!(pick(&track, CountingMode::default(), 50).len(), 6);
        assert!(pick(&track, CountingMode::default(), 0).is_empty());
    }

    #[test]
    fn no_rtl_text_means_no_rtl_pick_and_empty_cues_are_skipped() {
        let track = track_of_lines(&["", "hello there", "a\nb"]);
        let picks = pick(&track, CountingMode::default(), 4);
        assert_eq!(reasons(&picks), vec![(3, "most-lines"), (2, "widest-line")]);
        assert_eq!(picks[0].lines, vec!["a".to_string(), "b".to_string()]);
        assert_eq!(picks[0].at_ms(), (picks[0].start_ms + picks[0].end_ms) / 2);
    }

    #[test]
    fn the_graph_shades_covered_zones_and_outlines_the_safe_area() {
        let tools = Tools {
            ffmpeg: "ffmpeg".into(),
            ffprobe: "ffprobe".into(),
        };
        let job = FrameJob {
            tools: &tools,
            ass: b"",
            canvas: Canvas {
                width: 1080,
                height: 1920,
            },
            safe_area: Some(Insets {
                top: 130,
                right: 120,
                bottom: 450,
                left: 0,
            }),
            backdrop: Backdrop::Blank,
            width: Some(360),
        };
        let g = filter_graph(&job, false, "6.970");
        assert!(
            g.starts_with(
                "setpts=PTS-STARTPTS+6.970/TB,format=yuv444p,subtitles=filename=track.ass,"
            ),
            "{g}"
        );
        assert!(g.contains("drawbox=x=0:y=0:w=1080:h=130:color=red@0.35:t=fill"));
        assert!(g.contains("drawbox=x=0:y=1470:w=1080:h=450:color=red@0.35:t=fill"));
        assert!(g.contains("drawbox=x=960:y=130:w=120:h=1340:color=red@0.35:t=fill"));
        assert!(!g.contains("w=0:"), "no zone for a zero inset: {g}");
        assert!(g.contains("drawbox=x=-4:y=126:w=968:h=1348:color=yellow@0.9:t=4"));
        assert!(g.ends_with(",scale=360:-2"));
        let v = filter_graph(&job, true, "1.000");
        assert!(v.starts_with("scale=1080:1920:force_original_aspect_ratio=decrease,pad="));
    }

    #[test]
    fn png_size_reads_the_header() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&1080u32.to_be_bytes());
        png.extend_from_slice(&1920u32.to_be_bytes());
        assert_eq!(png_size(&png), Some((1080, 1920)));
        assert_eq!(png_size(b"GIF89a"), None);
        assert_eq!(png_size(&png[..20]), None);
    }
}
