//! Burned-in delivery with the real ffmpeg + libass: tracks made from the samples (pseudo
//! backend, every script the vertical apps need: Persian, Arabic, Thai, Japanese, Traditional
//! Chinese, English) are burned into a small 1080 × 1920 video, and frames taken at cue midpoints
//! must show text (enough bright pixels) and nothing outside the profile's safe area. Also: the
//! errors that need no encode (ffmpeg missing, a bogus configured path, an ffmpeg without
//! libass), a video of the wrong size refused or scaled, ffmpeg's failure surfaced with no file
//! left behind, SIGTERM leaving no partial video, and `translate --video`.
//!
//! Tests that run ffmpeg skip with a note when it is absent, unless `SUBLOC_REQUIRE_FFMPEG=1`
//! (set by `.ci/run`), where its absence is a failure: CI must never skip them silently.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::cli_support::*;

/// ffmpeg and ffprobe on PATH, or `false` (test skipped with a note) when absent and not required.
pub fn have_ffmpeg() -> bool {
    let found = ["ffmpeg", "ffprobe"].iter().all(|p| {
        Command::new(p)
            .arg("-version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    });
    let required = std::env::var("SUBLOC_REQUIRE_FFMPEG").is_ok_and(|v| v == "1");
    match found {
        true => true,
        false if required => panic!("SUBLOC_REQUIRE_FFMPEG=1 but ffmpeg or ffprobe was not found"),
        false => {
            eprintln!("note: no ffmpeg found; burn-in tests skipped");
            false
        }
    }
}

/// A black video of `w`×`h`, `secs` long at 5 fps (small and quick to encode), with a silent
/// audio track when `audio`.
pub fn make_video(path: &Path, w: u32, h: u32, secs: u32, audio: bool) {
    let mut cmd = Command::new("ffmpeg");
    cmd.args(["-v", "error", "-y", "-f", "lavfi", "-i"])
        .arg(format!("color=c=black:s={w}x{h}:d={secs}:r=5"));
    if audio {
        cmd.args(["-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-shortest"]);
    }
    cmd.args([
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p",
    ])
    .arg(path);
    let st = cmd.status().expect("ffmpeg runs");
    assert!(st.success(), "could not make the test video");
}

/// `ffprobe` stream types and the first video stream's size.
fn probe(path: &Path) -> (Vec<String>, (u32, u32)) {
    let out = Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-show_entries",
            "stream=codec_type,width,height,pix_fmt",
        ])
        .args(["-of", "json"])
        .arg(path)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let streams = json["streams"].as_array().unwrap();
    let kinds = streams
        .iter()
        .map(|s| s["codec_type"].as_str().unwrap().to_string())
        .collect();
    let v = streams.iter().find(|s| s["codec_type"] == "video").unwrap();
    assert_eq!(v["pix_fmt"], "yuv420p");
    let size = (
        v["width"].as_u64().unwrap() as u32,
        v["height"].as_u64().unwrap() as u32,
    );
    (kinds, size)
}

/// One frame at `t` seconds as RGB bytes.
fn frame(video: &Path, t: f64, (w, h): (u32, u32)) -> Vec<u8> {
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-ss", &format!("{t:.3}"), "-i"])
        .arg(video)
        .args([
            "-frames:v",
            "1",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "pipe:1",
        ])
        .output()
        .unwrap();
    assert_eq!(out.stdout.len(), (w * h * 3) as usize, "frame at {t}s");
    out.stdout
}

/// The safe area of `platform` as (left, top, right edge, bottom edge) in canvas pixels.
fn safe_rect(platform: &str) -> (u32, u32, u32, u32) {
    let out = run(subloc().args(["platforms", platform, "--format", "json"]));
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let n = |v: &serde_json::Value| v.as_u64().unwrap() as u32;
    let (cw, ch) = (n(&j["canvas"]["width"]), n(&j["canvas"]["height"]));
    let s = &j["safe_area"];
    (
        n(&s["left"]),
        n(&s["top"]),
        cw - n(&s["right"]),
        ch - n(&s["bottom"]),
    )
}

/// Start and end (seconds) of the dialogue events of an ASS file.
fn cue_times(ass: &Path) -> Vec<(f64, f64)> {
    let secs = |t: &str| {
        let p: Vec<f64> = t.split(':').map(|x| x.parse().unwrap()).collect();
        p[0] * 3600.0 + p[1] * 60.0 + p[2]
    };
    std::fs::read_to_string(ass)
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("Dialogue: "))
        .map(|l| {
            let f: Vec<&str> = l.splitn(4, ',').collect();
            (secs(f[1]), secs(f[2]))
        })
        .collect()
}

/// Translates the first sample into `langs` for `platform` with the offline backend.
fn translate(dir: &Path, langs: &str, platform: &str) -> PathBuf {
    let out = dir.join("out");
    let o = run(subloc()
        .args([
            "translate",
            "samples/ep01.srt",
            "--to",
            langs,
            "--platform",
            platform,
        ])
        .arg("--out")
        .arg(&out)
        .arg("--memory")
        .arg(dir.join("memory.sqlite")));
    assert!(code(&o) <= 1, "{}", stderr(&o));
    out
}

const SECONDS: u32 = 12;

#[test]
fn every_script_burns_inside_the_safe_area_of_reels() {
    if !have_ffmpeg() {
        return;
    }
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let video = dir.path().join("ep01.mp4");
    make_video(&video, 1080, 1920, SECONDS, true);
    let platform = "instagram_reels";
    let out = translate(dir.path(), "fa,ar,th,ja,zh-Hant,en", platform);
    let (left, top, right, bottom) = safe_rect(platform);
    for lang in ["fa", "ar", "th", "ja", "zh-Hant", "en"] {
        let ass = out.join(lang).join(platform).join("ep01.ass");
        let burned = dir.path().join(format!("{lang}.mp4"));
        let o = run(subloc()
            .arg("burn")
            .arg(&video)
            .arg(&ass)
            .args(["--platform", platform, "--lang", lang])
            .args(["--preset", "ultrafast", "--crf", "30", "-o"])
            .arg(&burned));
        assert!(code(&o) <= 1, "{lang}: {}", stderr(&o));
        assert!(stderr(&o).contains("burned"), "{}", stderr(&o));
        let (kinds, size) = probe(&burned);
        assert_eq!(size, (1080, 1920));
        assert!(
            kinds.contains(&"audio".to_string()),
            "audio copied: {kinds:?}"
        );
        let cues: Vec<_> = cue_times(&ass)
            .into_iter()
            .filter(|(_, end)| *end < f64::from(SECONDS))
            .collect();
        assert!(cues.len() >= 4, "{lang}: {cues:?}");
        for (start, end) in cues {
            let t = (start + end) / 2.0;
            let rgb = frame(&burned, t, size);
            let mut lit = 0;
            let mut outside = Vec::new();
            for (i, px) in rgb.chunks_exact(3).enumerate() {
                // Text is white with a black outline on black: anything clearly brighter than
                // the background (and its encoding noise) is text.
                if px.iter().copied().max().unwrap_or(0) <= 64 {
                    continue;
                }
                lit += 1;
                let (x, y) = ((i as u32) % size.0, (i as u32) / size.0);
                if x < left || x >= right || y < top || y >= bottom {
                    outside.push((x, y));
                }
            }
            assert!(
                lit > 400,
                "{lang} at {t}s: no text on the frame ({lit} pixels)"
            );
            assert!(
                outside.is_empty(),
                "{lang} at {t}s: {} pixels outside the safe area, e.g. {:?}",
                outside.len(),
                &outside[..outside.len().min(5)]
            );
        }
    }
    eprintln!("burn-in frames checked in {:?}", started.elapsed());
}

#[test]
fn a_video_of_another_size_is_refused_or_scaled_when_asked() {
    if !have_ffmpeg() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let video = dir.path().join("wide.mp4");
    make_video(&video, 640, 360, 2, false);
    let out = dir.path().join("o.mp4");
    let burn = |extra: &[&str]| {
        run(subloc()
            .arg("burn")
            .arg(&video)
            .arg(sample("ep01.srt"))
            .args([
                "--platform",
                "instagram_reels",
                "--preset",
                "ultrafast",
                "-o",
            ])
            .arg(&out)
            .args(extra))
    };
    let o = burn(&[]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains("640×360") && err.contains("1080×1920") && err.contains("--scale-to-canvas"),
        "{err}"
    );
    assert!(!out.exists());
    let o = burn(&["--scale-to-canvas"]);
    assert!(code(&o) <= 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("scaled"), "{}", stderr(&o));
    let (kinds, size) = probe(&out);
    assert_eq!(size, (1080, 1920));
    assert_eq!(
        kinds,
        ["video"],
        "a silent video stays silent, without error"
    );
}

/// A fake ffmpeg (a shell script) that has the `subtitles` filter and, when asked to encode,
/// runs `body` with `$out` set to the output file it was given.
#[cfg(unix)]
fn fake_ffmpeg(dir: &Path, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("ffmpeg");
    let script = format!(
        "#!/bin/sh\nif [ \"$2\" = \"-filters\" ]; then echo ' ... subtitles V->V Render'; exit 0; fi\nfor a in \"$@\"; do out=\"$a\"; done\n{body}\n"
    );
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[cfg(unix)]
#[test]
fn ffmpeg_failing_leaves_nothing_and_says_why() {
    if !have_ffmpeg() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let video = dir.path().join("v.mp4");
    make_video(&video, 1080, 1920, 1, false);
    let ffmpeg = fake_ffmpeg(
        dir.path(),
        "printf 'half a video' > \"$out\"\necho 'Error while encoding: disk on fire' >&2\nexit 1",
    );
    let dest = dir.path().join("delivery");
    std::fs::create_dir(&dest).unwrap();
    let out = dest.join("ep01.mp4");
    std::fs::write(&out, b"the previous delivery").unwrap();
    let o = run(subloc()
        .arg("burn")
        .arg(&video)
        .arg(sample("ep01.srt"))
        .args(["--platform", "instagram_reels", "--ffmpeg"])
        .arg(&ffmpeg)
        .arg("-o")
        .arg(&out));
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains("ffmpeg failed") && err.contains("disk on fire") && err.contains("status 1"),
        "{err}"
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"the previous delivery");
    let left: Vec<_> = std::fs::read_dir(&dest).unwrap().collect();
    assert_eq!(left.len(), 1, "no partial file beside the output");
}

#[cfg(unix)]
#[test]
fn sigterm_stops_ffmpeg_and_leaves_no_partial_video() {
    if !have_ffmpeg() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let video = dir.path().join("v.mp4");
    make_video(&video, 1080, 1920, 1, false);
    let ffmpeg = fake_ffmpeg(
        dir.path(),
        "printf 'half a video' > \"$out\"\nexec sleep 30",
    );
    let dest = dir.path().join("delivery");
    let out = dest.join("ep01.mp4");
    let bin = assert_cmd::cargo::cargo_bin("subloc");
    let child = Command::new(bin)
        .env("LANG", "C")
        .current_dir(workdir())
        .arg("burn")
        .arg(&video)
        .arg(sample("ep01.srt"))
        .args(["--platform", "instagram_reels", "--ffmpeg"])
        .arg(&ffmpeg)
        .arg("-o")
        .arg(&out)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until ffmpeg has started writing its temporary file.
    let start = Instant::now();
    while std::fs::read_dir(&dest).map_or(0, |d| d.count()) == 0 {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "ffmpeg never started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let st = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(st.success());
    let output = child.wait_with_output().unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "stopped promptly"
    );
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("interrupted"), "{err}");
    assert_eq!(std::fs::read_dir(&dest).unwrap().count(), 0, "nothing left");
}

#[cfg(unix)]
#[test]
fn missing_or_unfit_ffmpeg_is_named() {
    // No encode happens: these run without ffmpeg installed.
    let dir = tempfile::tempdir().unwrap();
    let video = dir.path().join("v.mp4");
    std::fs::write(&video, b"not looked at").unwrap();
    let burn = |cmd: &mut assert_cmd::Command, extra: &[&std::ffi::OsStr]| {
        run(cmd
            .arg("burn")
            .arg(&video)
            .arg(sample("ep01.srt"))
            .args(["--platform", "instagram_reels", "-o"])
            .arg(dir.path().join("o.mp4"))
            .args(extra))
    };
    let empty = tempfile::tempdir().unwrap();
    let o = burn(subloc().env("PATH", empty.path()), &[]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("ffmpeg was not found on PATH"),
        "{}",
        stderr(&o)
    );

    let project = tempfile::tempdir().unwrap();
    std::fs::write(
        project.path().join("subloc.yaml"),
        "video:\n  ffmpeg: tools/ffmpeg\n",
    )
    .unwrap();
    let o = burn(subloc().current_dir(project.path()), &[]);
    assert_eq!(code(&o), 2);
    let configured = project.path().join("tools").join("ffmpeg");
    assert!(
        stderr(&o).contains(&format!("ffmpeg not found at {}", configured.display())),
        "{}",
        stderr(&o)
    );

    let no_libass = dir.path().join("bin");
    std::fs::create_dir(&no_libass).unwrap();
    let fake = no_libass.join("ffmpeg");
    std::fs::write(&fake, "#!/bin/sh\necho ' ... scale V->V Scale'\n").unwrap();
    std::fs::write(no_libass.join("ffprobe"), "#!/bin/sh\nexit 1\n").unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        for f in ["ffmpeg", "ffprobe"] {
            let p = no_libass.join(f);
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }
    let o = burn(&mut subloc(), &["--ffmpeg".as_ref(), fake.as_os_str()]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("has no “subtitles” filter") && stderr(&o).contains("libass"),
        "{}",
        stderr(&o)
    );
    // A platform without a canvas is refused before ffmpeg is even looked for.
    let o = run(subloc()
        .env("PATH", empty.path())
        .arg("burn")
        .arg(&video)
        .arg(sample("ep01.srt"))
        .args(["--platform", "netflix", "-o"])
        .arg(dir.path().join("o.mp4")));
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("has no canvas"), "{}", stderr(&o));
}

#[test]
fn translate_video_writes_the_mp4_beside_the_burned_in_track() {
    if !have_ffmpeg() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let videos = dir.path().join("masters");
    std::fs::create_dir(&videos).unwrap();
    make_video(&videos.join("ep01.mp4"), 1080, 1920, 4, false);
    make_video(&videos.join("trailer.mp4"), 1080, 1920, 1, false);
    let out = dir.path().join("out");
    let translate = |extra: &[&str]| {
        run(subloc()
            .args([
                "translate",
                "samples/ep01.srt",
                "samples/ep02.srt",
                "--to",
                "ar",
            ])
            .args([
                "--platform",
                "instagram_reels,netflix",
                "--preset",
                "ultrafast",
            ])
            .arg("--video")
            .arg(&videos)
            .arg("--out")
            .arg(&out)
            .arg("--memory")
            .arg(dir.path().join("m.sqlite"))
            .args(extra))
    };
    let o = translate(&["--dry-run"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let err = stderr(&o);
    let mp4 = out.join("ar").join("instagram_reels").join("ep01.mp4");
    assert!(
        err.contains(&format!("would render {}", mp4.display())),
        "{err}"
    );
    assert!(err.contains("no video for episode ep02"), "{err}");
    assert!(err.contains("trailer.mp4 matches no episode"), "{err}");
    assert!(!out.exists(), "a dry run writes nothing");

    let o = translate(&[]);
    assert!(code(&o) <= 1, "{}", stderr(&o));
    assert!(out.join("ar/instagram_reels/ep01.ass").is_file());
    let (_, size) = probe(&mp4);
    assert_eq!(size, (1080, 1920));
    // Netflix has no burned-in delivery; ep02 has no video.
    assert!(!out.join("ar/netflix/ep01.mp4").exists());
    assert!(!out.join("ar/instagram_reels/ep02.mp4").exists());
    // The burned text is the written track: a frame at its first cue's midpoint shows text.
    let (start, end) = cue_times(&out.join("ar/instagram_reels/ep01.ass"))[0];
    let rgb = frame(&mp4, (start + end) / 2.0, size);
    let lit = rgb
        .chunks_exact(3)
        .filter(|p| p.iter().any(|c| *c > 64))
        .count();
    assert!(lit > 400, "{lit}");
}

#[test]
fn translate_video_refuses_a_wrong_size_before_translating() {
    if !have_ffmpeg() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let video = dir.path().join("ep01.mp4");
    make_video(&video, 1920, 1080, 1, false);
    let out = dir.path().join("out");
    let o = run(subloc()
        .args([
            "translate",
            "samples/ep01.srt",
            "--to",
            "fa",
            "--platform",
            "instagram_reels",
        ])
        .arg("--video")
        .arg(&video)
        .arg("--out")
        .arg(&out)
        .arg("--memory")
        .arg(dir.path().join("m.sqlite")));
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("1920×1080"), "{}", stderr(&o));
    assert!(!out.exists(), "nothing translated or written");
}
