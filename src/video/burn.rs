//! One encode: an ASS script burned into a video by ffmpeg's `subtitles` filter (libass).
//!
//! - The script is written to a private temporary folder as `track.ass` and ffmpeg runs there,
//!   so the filter graph names it `subtitles=filename=track.ass`: no user path ever goes through
//!   filter-graph escaping, whose two levels of quoting are easy to get wrong
//!   (<https://ffmpeg.org/ffmpeg-filters.html#Notes-on-filtergraph-escaping>). The video and the
//!   output are plain arguments, made absolute.
//! - The video is written to a hidden temporary file beside the destination and renamed over it
//!   only when ffmpeg succeeded, so a failure, a crash or Ctrl-C never leaves a partial video
//!   under the real name; the temporary file is removed on every failure path (a guard's `Drop`).
//! - `-progress pipe:1` reports `out_time_us=` lines on stdout
//!   (<https://ffmpeg.org/ffmpeg.html#Advanced-options>, `-progress`); compared with the probed
//!   duration they drive the progress bars. stderr (at `-loglevel error`) is kept, and its last
//!   lines are the error when ffmpeg fails.
//! - A stop request ([`Cancel`], set by Ctrl-C or SIGTERM through [`listen_for_interrupts`]) kills
//!   ffmpeg and removes the temporary file.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::platform::limits::Canvas;
use crate::translate::scheduler::Cancel;

use super::{Encode, Tools, VideoError};

/// One video to make.
#[derive(Debug, Clone, Copy)]
pub struct BurnJob<'a> {
    pub tools: &'a Tools,
    pub video: &'a Path,
    /// The ASS script to burn, laid out for `canvas`.
    pub ass: &'a [u8],
    pub output: &'a Path,
    pub canvas: Canvas,
    /// Scale the picture to fit the canvas (letterboxed, aspect kept) before burning; without
    /// it the caller has checked that the video already has the canvas size.
    pub scale: bool,
    /// Seconds, from the probe (0: progress is not reported).
    pub duration: f64,
    pub encode: &'a Encode,
}

/// Makes the video. `progress` receives the fraction done (0–1), from a reader thread.
pub fn burn(
    job: &BurnJob<'_>,
    cancel: &Cancel,
    progress: &(dyn Fn(f64) + Sync),
) -> Result<(), VideoError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| VideoError::Io { path, source }
    };
    let work = WorkDir::new().map_err(io(&std::env::temp_dir()))?;
    std::fs::write(work.path.join("track.ass"), job.ass).map_err(io(&work.path))?;
    let output = std::path::absolute(job.output).map_err(io(job.output))?;
    let video = std::path::absolute(job.video).map_err(io(job.video))?;
    let dir = output
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    std::fs::create_dir_all(&dir).map_err(io(&dir))?;
    let partial = Partial::new(&output);

    let mut cmd = Command::new(&job.tools.ffmpeg);
    cmd.current_dir(&work.path)
        .args(["-hide_banner", "-nostdin", "-loglevel", "error", "-nostats"])
        .args(["-progress", "pipe:1", "-y", "-i"])
        .arg(&video)
        // The first video stream and, when there is one, every audio stream: a silent video
        // is no error.
        .args(["-map", "0:v:0", "-map", "0:a?"])
        .args(["-vf", &filter_graph(job.canvas, job.scale)])
        .args(["-c:v", &job.encode.codec]);
    if let Some(preset) = &job.encode.preset {
        cmd.args(["-preset", preset]);
    }
    if let Some(crf) = job.encode.crf {
        cmd.args(["-crf", &crf.to_string()]);
    }
    cmd.args(["-pix_fmt", "yuv420p", "-c:a", "copy"])
        .args(["-movflags", "+faststart"])
        .arg(&partial.path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| VideoError::NotRunnable {
        program: job.tools.ffmpeg.clone(),
        detail: e.to_string(),
    })?;

    let total_us = job.duration * 1_000_000.0;
    let done_us = Arc::new(AtomicU64::new(0));
    let stderr_tail = Arc::new(Mutex::new(String::new()));
    let status = std::thread::scope(|scope| {
        if let Some(out) = child.stdout.take() {
            let done_us = done_us.clone();
            scope.spawn(move || {
                for line in BufReader::new(out).lines().map_while(Result::ok) {
                    if let Some(us) = out_time_us(&line) {
                        done_us.store(us, Ordering::Relaxed);
                        if total_us > 0.0 {
                            progress((us as f64 / total_us).clamp(0.0, 1.0));
                        }
                    }
                }
            });
        }
        if let Some(mut err) = child.stderr.take() {
            let tail = stderr_tail.clone();
            scope.spawn(move || {
                let mut buf = Vec::new();
                let _ = err.read_to_end(&mut buf);
                if let Ok(mut t) = tail.lock() {
                    *t = String::from_utf8_lossy(&buf).into_owned();
                }
            });
        }
        // Poll rather than block in `wait`, so a stop request is seen within 50 ms.
        loop {
            match child.try_wait() {
                Ok(Some(status)) => return Ok(status),
                Ok(None) if cancel.is_stopped() => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(VideoError::Interrupted);
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(50)),
                Err(e) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(VideoError::NotRunnable {
                        program: job.tools.ffmpeg.clone(),
                        detail: e.to_string(),
                    });
                }
            }
        }
    })?;
    // A Ctrl-C from the terminal reaches ffmpeg too (same process group); it then finishes the
    // file and exits. The stop request still wins: a cut-short video is no delivery.
    if cancel.is_stopped() {
        return Err(VideoError::Interrupted);
    }
    if !status.success() {
        let tail = stderr_tail.lock().map(|t| t.clone()).unwrap_or_default();
        return Err(VideoError::Failed {
            video: job.video.to_path_buf(),
            status: status
                .code()
                .map_or_else(|| status.to_string(), |c| c.to_string()),
            detail: last_lines(&tail, 4),
        });
    }
    partial.commit(&output).map_err(io(&output))?;
    progress(1.0);
    Ok(())
}

/// The filter graph: the canvas-sized picture (scaled and padded to it when asked), then the
/// script. `track.ass` is a fixed, escape-free name in the working folder (see the module doc).
fn filter_graph(canvas: Canvas, scale: bool) -> String {
    let subtitles = "subtitles=filename=track.ass";
    if !scale {
        return subtitles.to_string();
    }
    let (w, h) = (canvas.width, canvas.height);
    // Scale to fit inside the canvas keeping the aspect ratio, centre it on black, square
    // pixels (<https://trac.ffmpeg.org/wiki/Scaling>, "Fit into a rectangle").
    format!(
        "scale={w}:{h}:force_original_aspect_ratio=decrease,pad={w}:{h}:(ow-iw)/2:(oh-ih)/2,setsar=1,{subtitles}"
    )
}

/// `out_time_us=…` of a `-progress` line (`out_time_ms` is microseconds too, a historical
/// misnomer; `N/A` before the first frame).
fn out_time_us(line: &str) -> Option<u64> {
    let (key, value) = line.trim().split_once('=')?;
    match key {
        "out_time_us" | "out_time_ms" => value.trim().parse().ok(),
        _ => None,
    }
}

/// The last `n` non-empty lines of `text`, joined by " / " (for a one-line error).
pub(crate) fn last_lines(text: &str, n: usize) -> String {
    let mut lines: VecDeque<&str> = VecDeque::with_capacity(n + 1);
    for l in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if lines.len() == n {
            lines.pop_front();
        }
        lines.push_back(l);
    }
    lines.into_iter().collect::<Vec<_>>().join(" / ")
}

/// The hidden temporary file a video is written to, beside its destination; removed when
/// dropped unless committed.
struct Partial {
    path: PathBuf,
    committed: bool,
}

impl Partial {
    fn new(output: &Path) -> Partial {
        static SEQ: AtomicU64 = AtomicU64::new(0);
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // ffmpeg picks the container from the extension, so the temporary name keeps it.
        let ext = output
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy()))
            .unwrap_or_default();
        let tmp = format!(
            ".{name}.subloc-{}-{}.partial{ext}",
            std::process::id(),
            SEQ.fetch_add(1, Ordering::Relaxed)
        );
        Partial {
            path: output.with_file_name(tmp),
            committed: false,
        }
    }

    fn commit(mut self, output: &Path) -> std::io::Result<()> {
        std::fs::rename(&self.path, output)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// A private temporary folder for the script, removed when dropped.
pub(super) struct WorkDir {
    pub(super) path: PathBuf,
}

impl WorkDir {
    pub(super) fn new() -> std::io::Result<WorkDir> {
        static SEQ: AtomicU64 = AtomicU64::new(0);
        let base = std::env::temp_dir();
        loop {
            let path = base.join(format!(
                "subloc-burn-{}-{}",
                std::process::id(),
                SEQ.fetch_add(1, Ordering::Relaxed)
            ));
            // `create_dir` fails on an existing folder: never reuse someone else's.
            match std::fs::create_dir(&path) {
                Ok(()) => return Ok(WorkDir { path }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Sets `cancel` on Ctrl-C or, on Unix, SIGTERM (what CI runners and `timeout` send), from a
/// background thread: a running burn then kills ffmpeg and removes its temporary file. The
/// same signals stop `translate` (`pipeline::run`).
pub fn listen_for_interrupts(cancel: Cancel) {
    let _ = std::thread::Builder::new()
        .name("subloc-signals".into())
        .spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            if rt.block_on(crate::translate::interrupted()) {
                cancel.stop();
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_lines_and_error_tails() {
        assert_eq!(out_time_us("out_time_us=1500000"), Some(1_500_000));
        assert_eq!(out_time_us("out_time_ms=20"), Some(20));
        assert_eq!(out_time_us("out_time_us=N/A"), None);
        assert_eq!(out_time_us("frame=12"), None);
        assert_eq!(last_lines("a\n\nb\nc\n", 2), "b / c");
        assert_eq!(last_lines("", 3), "");
    }

    #[test]
    fn scaling_fits_and_pads_to_the_canvas() {
        let c = Canvas {
            width: 1080,
            height: 1920,
        };
        assert_eq!(filter_graph(c, false), "subtitles=filename=track.ass");
        let g = filter_graph(c, true);
        assert!(
            g.starts_with("scale=1080:1920:force_original_aspect_ratio=decrease,pad=1080:1920")
        );
        assert!(g.ends_with(",subtitles=filename=track.ass"));
    }

    #[test]
    fn an_uncommitted_partial_file_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("ep01.mp4");
        let p = Partial::new(&out);
        assert!(p.path.to_string_lossy().ends_with(".mp4"));
        std::fs::write(&p.path, b"half").unwrap();
        let tmp = p.path.clone();
        drop(p);
        assert!(!tmp.exists() && !out.exists());
        let p = Partial::new(&out);
        std::fs::write(&p.path, b"whole").unwrap();
        p.commit(&out).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"whole");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
