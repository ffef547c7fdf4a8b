//! `subloc preview` and the reports' "What the viewer sees" with the real ffmpeg + libass: a
//! Persian Reels track made from the samples (pseudo backend) is previewed; the pictures must be
//! canvas-sized PNGs of the cues picked for the reasons asked, with the covered zones drawn and
//! text inside the safe area; `--video` must take the picture from the video; the refusals
//! (no canvas, no ffmpeg) and a report without ffmpeg must say why. The browser test of the
//! report's section is in `cli_browser.rs`.
//!
//! Skipped with a note without ffmpeg, unless `SUBLOC_REQUIRE_FFMPEG=1` (see `cli_video.rs`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cli_support::*;
use crate::cli_video::have_ffmpeg;

/// The blank canvas's colour (`video::preview::BACKGROUND`).
const BACKGROUND: [u8; 3] = [0x3a, 0x3f, 0x4a];

/// `samples/ep01.srt` translated into Persian for Instagram Reels (burned-in only: ASS laid out
/// on the 1080 × 1920 canvas); returns the written track.
pub fn persian_reels_track(dir: &Path) -> PathBuf {
    let out = dir.join("out");
    let o = run(subloc()
        .args(["translate", "samples/ep01.srt", "--backend", "pseudo"])
        .args(["--to", "fa", "--platform", "instagram_reels", "--out"])
        .arg(&out)
        .arg("--memory")
        .arg(dir.join("memory.sqlite")));
    assert!(code(&o) <= 1, "{}", stderr(&o));
    out.join("fa").join("instagram_reels").join("ep01.ass")
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    assert_eq!(&bytes[12..16], b"IHDR");
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

/// The picture as RGB bytes, decoded by ffmpeg (an independent reader).
fn rgb(png: &Path) -> Vec<u8> {
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(png)
        .args(["-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"])
        .output()
        .unwrap();
    assert!(out.status.success());
    out.stdout
}

fn pixel(rgb: &[u8], width: u32, x: u32, y: u32) -> [u8; 3] {
    let i = ((y * width + x) * 3) as usize;
    [rgb[i], rgb[i + 1], rgb[i + 2]]
}

fn near(a: [u8; 3], b: [u8; 3], tolerance: u8) -> bool {
    a.iter().zip(b).all(|(x, y)| x.abs_diff(y) <= tolerance)
}

/// The safe area of `platform` as (left, top, right edge, bottom edge) in canvas pixels.
fn safe_rect(platform: &str) -> (u32, u32, u32, u32) {
    let out = run(subloc().args(["platforms", platform, "--format", "json"]));
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let n = |v: &serde_json::Value| v.as_u64().unwrap() as u32;
    let s = &j["safe_area"];
    (
        n(&s["left"]),
        n(&s["top"]),
        n(&j["canvas"]["width"]) - n(&s["right"]),
        n(&j["canvas"]["height"]) - n(&s["bottom"]),
    )
}

fn preview_json(args: &[&str], subtitle: &Path, extra: &[&Path]) -> serde_json::Value {
    let mut cmd = subloc();
    cmd.arg("preview").arg(subtitle).args(args);
    for p in extra {
        cmd.arg(p);
    }
    let o = run(cmd.args(["--format", "json"]));
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn preview_draws_the_riskiest_cues_on_the_reels_canvas() {
    if !have_ffmpeg() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let track = persian_reels_track(dir.path());
    let pictures = dir.path().join("pictures");
    let j = preview_json(
        &["--platform", "instagram_reels", "-o"],
        &track,
        &[&pictures],
    );
    assert_eq!(j["lang"], "fa");
    assert_eq!(j["canvas"]["width"], 1080);
    let frames = j["frames"].as_array().unwrap();
    let reasons: Vec<&str> = frames
        .iter()
        .map(|f| f["reason"].as_str().unwrap())
        .collect();
    assert_eq!(
        reasons,
        ["most-lines", "widest-line", "right-to-left", "longest-text"]
    );
    let mut cues: Vec<u64> = frames.iter().map(|f| f["cue"].as_u64().unwrap()).collect();
    cues.sort_unstable();
    cues.dedup();
    assert_eq!(cues.len(), 4, "distinct cues");
    // The most-lines pick has as many lines as any cue of the track.
    let most = frames[0]["lines"].as_array().unwrap().len();
    let ass = std::fs::read_to_string(&track).unwrap();
    let max_lines = ass
        .lines()
        .filter(|l| l.starts_with("Dialogue:"))
        .map(|l| l.matches("\\N").count() + 1)
        .max()
        .unwrap();
    assert_eq!(most, max_lines);

    let (left, top, right, bottom) = safe_rect("instagram_reels");
    for f in frames {
        let path = PathBuf::from(f["path"].as_str().unwrap());
        let cue = f["cue"].as_u64().unwrap();
        assert_eq!(path, pictures.join(format!("ep01-cue{cue}.png")));
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(png_size(&bytes), (1080, 1920));
        let px = rgb(&path);
        // Uncovered and empty: the plain background. Covered (bottom and right zones): shaded.
        assert!(near(pixel(&px, 1080, 540, 700), BACKGROUND, 3));
        for (x, y) in [(540, 1900), (540, 20), (1070, 800)] {
            let p = pixel(&px, 1080, x, y);
            assert!(!near(p, BACKGROUND, 20), "({x}, {y}) not shaded: {p:?}");
            assert!(p[0] > p[2] + 30, "({x}, {y}) shaded red: {p:?}");
        }
        // Text (white) inside the safe area.
        let mut text = 0;
        for y in top..bottom {
            for x in left..right {
                if pixel(&px, 1080, x, y).iter().all(|c| *c > 220) {
                    text += 1;
                }
            }
        }
        assert!(text > 400, "cue {cue}: {text} text pixels in the safe area");
    }
    // Nothing else was left in the folder (written through temporary files).
    assert_eq!(std::fs::read_dir(&pictures).unwrap().count(), 4);

    // Human output: one line per picture with its reason; the default folder beside the track.
    let o = run(subloc().arg("preview").arg(&track).args([
        "--platform",
        "instagram_reels",
        "--count",
        "2",
    ]));
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let lines: Vec<String> = stdout(&o).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].ends_with("most lines") && lines[1].ends_with("widest line"));
    assert!(stderr(&o).contains("2 pictures of the 1080×1920 canvas of instagram_reels"));
    let beside = track.parent().unwrap().join("ep01-preview");
    assert_eq!(std::fs::read_dir(&beside).unwrap().count(), 2);
}

#[test]
fn preview_on_a_video_shows_the_video_frame() {
    if !have_ffmpeg() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let srt = dir.path().join("short.fa.srt");
    std::fs::write(
        &srt,
        "1\n00:00:01,000 --> 00:00:02,500\nسلام دوست من\n\n2\n00:00:03,000 --> 00:00:05,000\nچطوری؟\nخوبم، ممنون\n",
    )
    .unwrap();
    // A distinctive green, 6 s at 5 fps.
    let video = dir.path().join("green.mp4");
    let st = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-f", "lavfi", "-i"])
        .arg("color=c=0x20c040:s=1080x1920:d=6:r=5")
        .args([
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
        ])
        .arg(&video)
        .status()
        .unwrap();
    assert!(st.success());
    let j = preview_json(
        &["--platform", "instagram_reels", "--video"],
        &srt,
        &[&video],
    );
    let frames = j["frames"].as_array().unwrap();
    assert_eq!(frames.len(), 2);
    for f in frames {
        let path = PathBuf::from(f["path"].as_str().unwrap());
        let px = rgb(&path);
        let p = pixel(&px, 1080, 540, 700);
        assert!(near(p, [0x20, 0xc0, 0x40], 12), "the video's green: {p:?}");
    }
    assert!(j["video"].as_str().unwrap().ends_with("green.mp4"));
}

#[test]
fn preview_refusals_name_the_reason() {
    let o = run(subloc()
        .arg("preview")
        .arg(sample("ep01.srt"))
        .args(["--platform", "netflix"]));
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("has no canvas"), "{}", stderr(&o));
    let empty = tempfile::tempdir().unwrap();
    let o = run(subloc()
        .env("PATH", empty.path())
        .arg("preview")
        .arg(sample("ep01.srt"))
        .args(["--platform", "instagram_reels", "-o"])
        .arg(empty.path().join("x")));
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("ffmpeg was not found on PATH"),
        "{}",
        stderr(&o)
    );
    assert!(!empty.path().join("x").exists());
}

#[test]
fn a_report_without_ffmpeg_says_how_to_get_the_preview() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let o = run(subloc()
        .env("PATH", dir.path())
        .args([
            "check",
            "--platform",
            "instagram_reels",
            "--format",
            "html",
            "-o",
        ])
        .arg(&page)
        .arg(sample("ep01.srt")));
    assert!(code(&o) <= 1, "{}", stderr(&o));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("What the viewer sees"));
    assert!(html.contains("apt-get install ffmpeg"), "install hint");
    assert!(!html.contains("<img"));
    // A platform without a canvas has no such section.
    let o = run(subloc()
        .args(["check", "--platform", "netflix", "--format", "html", "-o"])
        .arg(&page)
        .arg(sample("ep01.srt")));
    assert!(code(&o) <= 1);
    assert!(
        !std::fs::read_to_string(&page)
            .unwrap()
            .contains("What the viewer sees")
    );
}
