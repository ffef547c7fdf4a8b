//! `subloc convert IN OUT`: read one subtitle file, write it in another format.
//!
//! Order matters for safety: every argument is checked before anything is read, everything is
//! rendered in memory before anything is written, and the output is written atomically — so a
//! usage error, a `--strict` failure or a crash never leaves a half-written or clobbered file.
//! The input is never overwritten unless `--force` says so.

use std::path::Path;

use subloc::diag::{Diagnostic, Severity, rules};
use subloc::format::{self, ReadOptions, WriteOptions};
use subloc::model::Format;

use super::{
    AppError, Context, ExitStatus, Output, lookup_encoding, num, render_diagnostic, render_error,
    show,
};
use crate::cli::ConvertArgs;

pub fn run(
    args: &ConvertArgs,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let to_stdout = args.output.as_os_str() == "-";
    let in_encoding = lookup_encoding(args.encoding.as_deref())?;
    let out_encoding = lookup_encoding(args.out_encoding.as_deref())?;
    let target = match args.to {
        Some(f) => Format::from(f),
        None if to_stdout => return Err(unknown_output(&args.output)),
        None => args
            .output
            .extension()
            .and_then(|e| e.to_str())
            .and_then(Format::from_name)
            .ok_or_else(|| unknown_output(&args.output))?,
    };
    if !to_stdout && !args.force && same_file(&args.input, &args.output) {
        return Err(AppError::SameFile {
            path: args.output.clone(),
        });
    }

    let read_opts = ReadOptions {
        encoding: in_encoding,
        format: None,
    };
    let loaded = format::read_file(&args.input, &read_opts).map_err(AppError::Read)?;
    let source_format = loaded.track.format.unwrap_or(target);
    if loaded
        .diagnostics
        .iter()
        .any(|d| d.rule == rules::PARSE_UNSUPPORTED_FORMAT)
    {
        return Err(AppError::UnreadableFormat {
            path: args.input.clone(),
            format: source_format.name(),
        });
    }

    let write_opts = WriteOptions {
        encoding: out_encoding,
        bom: args.bom(),
        line_ending: args.line_ending.map(Into::into),
    };
    let (bytes, write_diags) = format::write_bytes(&loaded.track, target, &write_opts);
    let mut diagnostics = loaded.diagnostics;
    // Writers report positions of the source cue they could not express, so the input path.
    diagnostics.extend(write_diags.into_iter().map(|mut d| {
        d.path.get_or_insert_with(|| args.input.clone());
        d
    }));
    report(&diagnostics, ctx, out);

    let serious = diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .count();
    if args.strict && serious > 0 {
        let msg = ctx.loc.msg(
            "error-strict-convert",
            &[("path", show(&args.input).into()), ("count", num(serious))],
        );
        out.err(&render_error(ctx.loc, &msg, ctx.color_err));
        return Ok(ExitStatus::Failure);
    }

    if to_stdout {
        out.out_bytes(&bytes).map_err(AppError::Stdout)?;
    } else {
        write_output(&args.output, &bytes)?;
    }
    if !ctx.quiet {
        let summary = ctx.loc.msg(
            "convert-summary",
            &[
                ("count", num(written_cues(&loaded.track, target))),
                ("from", source_format.name().into()),
                ("to", target.name().into()),
                ("path", show(&args.output).into()),
            ],
        );
        out.err(&summary);
    }
    Ok(ExitStatus::Success)
}

/// Cues in the output: comment events survive only in ASS (elsewhere a diagnostic says they
/// were left out).
fn written_cues(track: &subloc::model::Track, target: Format) -> usize {
    if target == Format::Ass {
        track.cues.len()
    } else {
        track
            .cues
            .iter()
            .filter(|c| c.kind() == subloc::model::CueKind::Dialogue)
            .count()
    }
}

fn unknown_output(path: &Path) -> AppError {
    AppError::UnknownOutputFormat {
        path: path.to_path_buf(),
    }
}

/// Prints diagnostics to stderr; `-q` keeps only errors.
fn report(diagnostics: &[Diagnostic], ctx: &Context<'_>, out: &mut dyn Output) {
    for d in diagnostics {
        if ctx.quiet && d.severity < Severity::Error {
            continue;
        }
        out.err(&render_diagnostic(ctx.loc, d, ctx.color_err));
    }
}

/// Creates missing parent folders (`out/ep01.vtt` on a fresh clone), then writes atomically.
fn write_output(path: &Path, bytes: &[u8]) -> Result<(), AppError> {
    let fail = |source| AppError::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    format::write_file_atomic(path, bytes).map_err(fail)
}

/// True when both paths name the same existing file (through links, `./`, case-folding file
/// systems: whatever the OS resolves them to).
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
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
        write_output(&target, b"WEBVTT\n").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"WEBVTT\n");
    }
}
