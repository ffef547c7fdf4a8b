//! "What the viewer sees": the preview frames of a file checked for a platform with a canvas
//! (vertical apps, burned-in delivery) as report data, and their section of the HTML page. A
//! frame is one of the file's riskiest cues rendered as the viewer will see it — on the
//! platform's canvas, with the zones the app's interface covers shaded and the safe area
//! outlined — together with why that cue was picked.
//!
//! The frames are made by the commands (`video::preview`, run from `cmd::check` and the
//! `translate` pipeline) and handed over in `FileReport::preview`; this module does no I/O. The
//! PNGs are embedded as `data:` URIs (RFC 2397) in base64 (RFC 4648 §4, encoded here: a dozen
//! lines against a dependency), so the page stays one self-contained file.
//!
//! Labels: `report-preview-heading`, `report-preview-note` (platform, width, height),
//! `report-preview-frame` (cue, start), `report-preview-reason` (reason =
//! most-lines|widest-line|right-to-left|longest-text), `report-preview-no-ffmpeg`,
//! `report-preview-failed` (detail).

use std::fmt::Write as _;

use super::RenderOptions;
use super::escape::{attr, text};

/// Why a cue was picked for a preview frame: each names a way a cue is likely to break on a
/// small vertical frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PickReason {
    /// The most lines: the tallest block, the first to reach the covered bottom zone.
    MostLines,
    /// The widest line: the first to reach the covered side column.
    WidestLine,
    /// Right-to-left text (mixed with left-to-right runs first): where shaping and bidi go
    /// wrong in a renderer.
    RightToLeft,
    /// The most text: the longest time on screen for a reader, the most to wrap.
    LongestText,
}

impl PickReason {
    /// The order reasons take turns in when cues are picked.
    pub const ALL: [PickReason; 4] = [
        PickReason::MostLines,
        PickReason::WidestLine,
        PickReason::RightToLeft,
        PickReason::LongestText,
    ];

    /// Stable kebab-case name (JSON, the Fluent selector of `preview-reason`).
    pub fn name(self) -> &'static str {
        match self {
            PickReason::MostLines => "most-lines",
            PickReason::WidestLine => "widest-line",
            PickReason::RightToLeft => "right-to-left",
            PickReason::LongestText => "longest-text",
        }
    }
}

/// One rendered cue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewFrame {
    /// Cue id in the rendered script (1-based, as the report numbers cues).
    pub cue: u32,
    pub start_ms: i64,
    pub end_ms: i64,
    /// The moment shown: the cue's midpoint.
    pub at_ms: i64,
    pub reason: PickReason,
    /// The cue's visible lines, for a caption a reader can search and copy.
    pub lines: Vec<String>,
    /// PNG bytes.
    pub png: Vec<u8>,
    /// The picture's size in pixels.
    pub width: u32,
    pub height: u32,
}

/// The preview of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Preview {
    /// The frames, on a canvas of `canvas` (width, height) pixels.
    Frames {
        canvas: (u32, u32),
        frames: Vec<PreviewFrame>,
    },
    /// No ffmpeg (or one without libass): the section says how to get one.
    NoFfmpeg,
    /// ffmpeg ran and failed: its last lines.
    Failed { detail: String },
}

/// Standard base64 with padding (RFC 4648 §4).
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let sextet = |n: u32, shift: u32| char::from(ALPHABET[((n >> shift) & 63) as usize]);
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (b(0) << 16) | (b(1) << 8) | b(2);
        out.push(sextet(n, 18));
        out.push(sextet(n, 12));
        out.push(if chunk.len() > 1 { sextet(n, 6) } else { '=' });
        out.push(if chunk.len() > 2 { sextet(n, 0) } else { '=' });
    }
    out
}

/// The section: a heading, what the picture shows, one figure per frame (image, cue and time,
/// reason, the cue's text in the file's direction); or why there are no frames.
pub(super) fn section(
    out: &mut String,
    preview: &Preview,
    platform: &str,
    rtl: bool,
    lang: &str,
    opts: &RenderOptions<'_>,
) {
    let _ = write!(
        out,
        "<section class=\"preview\">\n<h3>{}</h3>\n",
        text(&opts.label_text("report-preview-heading", &[]))
    );
    match preview {
        Preview::NoFfmpeg => {
            let _ = writeln!(
                out,
                "<p class=\"preview-unavailable\">{}</p>",
                text(&opts.label_text("report-preview-no-ffmpeg", &[]))
            );
        }
        Preview::Failed { detail } => {
            let _ = writeln!(
                out,
                "<p class=\"preview-unavailable\">{}</p>",
                text(&opts.label_text("report-preview-failed", &[("detail", detail.clone())]))
            );
        }
        Preview::Frames { canvas, frames } => {
            let note = opts.label_text(
                "report-preview-note",
                &[
                    ("platform", platform.to_string()),
                    ("width", canvas.0.to_string()),
                    ("height", canvas.1.to_string()),
                ],
            );
            let _ = writeln!(
                out,
                "<p class=\"meta\">{}</p>\n<div class=\"frames\">",
                text(&note)
            );
            let dir = if rtl { "rtl" } else { "auto" };
            for f in frames {
                let caption = opts.label_text(
                    "report-preview-frame",
                    &[
                        ("cue", f.cue.to_string()),
                        ("start", super::clock(f.start_ms)),
                    ],
                );
                let reason = opts.label_text(
                    "report-preview-reason",
                    &[("reason", f.reason.name().to_string())],
                );
                let _ = write!(
                    out,
                    "<figure class=\"frame\" data-cue=\"{}\" data-reason=\"{}\">\
                     <img class=\"frame-image\" width=\"{}\" height=\"{}\" alt=\"{}\" src=\"data:image/png;base64,{}\"/>\
                     <figcaption><span class=\"frame-cue\">{}</span><br/><span class=\"frame-reason\">{}</span>\
                     <span class=\"cue-text\" lang=\"{}\" dir=\"{dir}\">",
                    f.cue,
                    f.reason.name(),
                    f.width,
                    f.height,
                    attr(&caption),
                    base64(&f.png),
                    text(&caption),
                    text(&reason),
                    attr(lang),
                );
                for (i, line) in f.lines.iter().enumerate() {
                    if i > 0 {
                        out.push_str("<br/>");
                    }
                    out.push_str(&text(line));
                }
                out.push_str("</span></figcaption></figure>\n");
            }
            out.push_str("</div>\n");
        }
    }
    out.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        // RFC 4648 §10.
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
        assert_eq!(base64(&[0xfb, 0xff]), "+/8=");
    }
}

/// Reports carrying each kind of preview, for the renderers' tests.
#[cfg(test)]
pub(super) mod tests_support {
    use super::super::{CheckReport, FileReport, LangSource};
    use super::*;

    pub fn frame(cue: u32, reason: PickReason, lines: &[&str]) -> PreviewFrame {
        PreviewFrame {
            cue,
            start_ms: 5_730,
            end_ms: 8_210,
            at_ms: 6_970,
            reason,
            lines: lines.iter().map(|l| l.to_string()).collect(),
            png: b"\x89PNG\r\n\x1a\n".to_vec(),
            width: 360,
            height: 640,
        }
    }

    pub fn with_previews() -> CheckReport {
        let mut fa = FileReport::new("ep01.fa.ass", "fa", LangSource::Flag, "instagram_reels");
        fa.preview = Some(Preview::Frames {
            canvas: (1080, 1920),
            frames: vec![
                frame(3, PickReason::MostLines, &["سلام <دوست>", "چطوری؟"]),
                frame(7, PickReason::RightToLeft, &["Chen Jing گفت"]),
            ],
        });
        let mut none = FileReport::new("ep02.fa.ass", "fa", LangSource::Flag, "instagram_reels");
        none.preview = Some(Preview::NoFfmpeg);
        let mut failed = FileReport::new("ep03.en.ass", "en", LangSource::Flag, "tiktok");
        failed.preview = Some(Preview::Failed {
            detail: "libass: no fonts".into(),
        });
        CheckReport::new(vec![fa, none, failed])
    }
}
