//! Subtitle file formats: reading bytes into a `Track` and writing a `Track` back out.
//!
//! One file per format, parser and writer side by side. Parsers never fail: whatever they cannot
//! read becomes a `Diagnostic` with line and column and the rest of the file still parses. Writers
//! given the track's own format copy untouched cues byte for byte (see `model::Origin`).

pub mod ass;
pub mod ass_tags;
pub mod encoding;
pub mod html;
pub mod srt;
pub mod ttml;
pub mod vtt;

use std::path::Path;

use crate::diag::Diagnostic;
use crate::model::{Format, LineEnding, Track};

/// A track as read, with everything found wrong on the way.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub track: Track,
    pub diagnostics: Vec<Diagnostic>,
}

/// How to read a file.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// `--encoding`: skip detection.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Format forced by the caller; otherwise from the extension, then the content.
    pub format: Option<Format>,
}

/// How to write a file. `None` fields mean "UTF-8, no BOM unless the source had a UTF-8 BOM and
/// is written to its own format, the source's line ending".
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    pub encoding: Option<&'static encoding_rs::Encoding>,
    pub bom: Option<bool>,
    pub line_ending: Option<LineEnding>,
}

/// Parses already-decoded text (BOM removed) in the given format.
pub fn parse(text: String, format: Format) -> Loaded {
    let (line_ending, final_newline) = encoding::line_facts(&text);
    let (mut track, diagnostics) = match format {
        Format::Srt => srt::parse(text),
        Format::Ass => ass::parse(text),
        Format::Vtt => vtt::parse(text),
        Format::Ttml => ttml::parse(text),
    };
    track.format = Some(format);
    track.facts.line_ending = line_ending;
    track.facts.final_newline = final_newline;
    Loaded { track, diagnostics }
}

/// Renders a track as text in `format`, with the diagnostics for anything it could not express.
pub fn write(track: &Track, format: Format) -> (String, Vec<Diagnostic>) {
    match format {
        Format::Srt => srt::write(track),
        Format::Ass => ass::write(track),
        Format::Vtt => vtt::write(track),
        Format::Ttml => ttml::write(track),
    }
}

/// Guesses the format from the file name, then from the content.
pub fn detect_format(path: Option<&Path>, text: &str) -> Option<Format> {
    if let Some(f) = path
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .and_then(Format::from_name)
    {
        return Some(f);
    }
    sniff_format(text)
}

/// Content-based format detection for files with an unknown or missing extension.
pub fn sniff_format(text: &str) -> Option<Format> {
    let head: &str = match text.char_indices().nth(4096) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    let trimmed = head.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with("WEBVTT") {
        return Some(Format::Vtt);
    }
    if trimmed.starts_with("[Script Info]") || head.contains("\n[Events]") || head.contains("Dialogue:") {
        return Some(Format::Ass);
    }
    if trimmed.starts_with("<?xml") || trimmed.starts_with("<tt") {
        return Some(Format::Ttml);
    }
    if head.contains("-->") {
        return Some(Format::Srt);
    }
    None
}
