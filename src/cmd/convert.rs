//! `convert IN OUT` as a use case: one subtitle file read and written in another format through
//! the per-file job (`crate::deliver`) with only its write step, the bytes kept in memory.
//!
//! Order matters for safety: every argument is checked before anything is read, everything is
//! rendered in memory before anything is written, and the caller writes the bytes atomically
//! (`commit`) only once it has decided to (`--strict` may refuse) — so a usage error, a refusal
//! or a crash never leaves a half-written or clobbered file. The input is never overwritten
//! unless `force` says so.

use std::path::{Path, PathBuf};

use crate::deliver::{self, FileJob, Input, Write};
use crate::diag::Diagnostic;
use crate::format::{ReadOptions, WriteOptions};
use crate::model::{CueKind, Format, LineEnding};

use super::{Error, lookup_encoding, read_track, same_file};

/// What to convert and how.
#[derive(Debug, Clone, Copy)]
pub struct ConvertRequest<'a> {
    pub input: &'a Path,
    /// `-` is standard output.
    pub output: &'a Path,
    /// `--to`; else from the output's extension.
    pub to: Option<Format>,
    pub encoding: Option<&'a str>,
    pub out_encoding: Option<&'a str>,
    pub bom: Option<bool>,
    pub line_ending: Option<LineEnding>,
    /// Overwrite the input when it is the output.
    pub force: bool,
}

/// The converted file, not yet written.
#[derive(Debug)]
pub struct Converted {
    pub bytes: Vec<u8>,
    pub from: Format,
    pub to: Format,
    /// What the reader and the writer reported (the writer's located in the input).
    pub diagnostics: Vec<Diagnostic>,
    /// Cues in the output: comment events survive only in ASS.
    pub cues: usize,
    /// The track as written, handed back rather than freed here: the CLI exits right after
    /// writing and leaves it to the operating system (see `app::convert`).
    pub track: crate::model::Track,
}

/// Reads and renders; writes nothing.
pub fn run(req: &ConvertRequest<'_>) -> Result<Converted, Error> {
    let to_stdout = req.output.as_os_str() == "-";
    let unknown_output = || Error::UnknownOutputFormat {
        path: req.output.to_path_buf(),
    };
    let in_encoding = lookup_encoding(req.encoding)?;
    let out_encoding = lookup_encoding(req.out_encoding)?;
    let target = match req.to {
        Some(f) => f,
        None if to_stdout => return Err(unknown_output()),
        None => req
            .output
            .extension()
            .and_then(|e| e.to_str())
            .and_then(Format::from_name)
            .ok_or_else(unknown_output)?,
    };
    if !to_stdout && !req.force && same_file(req.input, req.output) {
        return Err(Error::SameFile {
            path: req.output.to_path_buf(),
        });
    }
    let read = ReadOptions {
        encoding: in_encoding,
        format: None,
        ..ReadOptions::default()
    };
    let loaded = read_track(req.input, &read)?;
    let from = loaded.track.format.unwrap_or(target);
    let job = FileJob {
        write: Some(Write {
            format: target,
            options: WriteOptions {
                encoding: out_encoding,
                bom: req.bom,
                line_ending: req.line_ending,
            },
            lang: None,
            path: None,
            only_if_changed: false,
        }),
        ..FileJob::default()
    };
    let mut diagnostics = loaded.diagnostics;
    let input = Input {
        track: loaded.track,
        diagnostics: Vec::new(),
    };
    // Only writing to a file can fail, and this job keeps the bytes.
    let d = deliver::run(input, &job).map_err(|e| Error::write(req.output, e))?;
    let cues = if target == Format::Ass {
        d.track.cues.len()
    } else {
        d.track
            .cues
            .iter()
            .filter(|c| c.kind() == CueKind::Dialogue)
            .count()
    };
    // Writers report positions of the source cue they could not express, so the input path.
    let input_path = PathBuf::from(req.input);
    diagnostics.extend(d.write_diagnostics.into_iter().map(|mut d| {
        d.path.get_or_insert_with(|| input_path.clone());
        d
    }));
    Ok(Converted {
        bytes: d.bytes.unwrap_or_default(),
        from,
        to: target,
        diagnostics,
        cues,
        track: d.track,
    })
}

/// Writes the converted bytes to `path` (folders created, atomically).
pub fn commit(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    deliver::write(path, bytes).map_err(|e| Error::write(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_file_sees_through_spelling() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.srt");
        std::fs::write(&a, "x").unwrap();
        let dotted = dir.path().join(".").join("a.srt");
        assert!(same_file(&a, &dotted));
        assert!(!same_file(&a, &dir.path().join("b.srt")));
    }

    #[test]
    fn creates_missing_folders() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out").join("deeper").join("x.vtt");
        commit(&target, b"WEBVTT\n").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"WEBVTT\n");
    }
}
