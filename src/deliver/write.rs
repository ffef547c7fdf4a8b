//! Writing a delivered track: its bytes in a format and encoding, and the atomic write that never
//! leaves a half-written subtitle (nor the temporary files of a run killed while writing).

use std::collections::HashMap;
use std::path::Path;

use crate::diag::Diagnostic;
use crate::format::{self, WriteOptions, encoding, ttml};
use crate::model::{CueKind, Format, Track};

/// The bytes of a track in `format`: the format's writer with `opts` (`format::write_bytes`), except
/// that a TTML document also declares `lang` (`xml:lang`) when one is given.
pub fn encode(
    track: &Track,
    fmt: Format,
    lang: Option<&str>,
    opts: &WriteOptions,
) -> (Vec<u8>, Vec<Diagnostic>) {
    let Some(lang) = lang.filter(|_| fmt == Format::Ttml) else {
        return format::write_bytes(track, fmt, opts);
    };
    let enc = opts.encoding.unwrap_or(encoding_rs::UTF_8);
    let (text, mut diags) = ttml::write_with_lang(track, Some(lang));
    let text = if enc == encoding_rs::UTF_8 {
        text
    } else {
        let label = if encoding::is_utf16(enc) {
            "UTF-16"
        } else {
            enc.name()
        };
        text.replacen("encoding=\"UTF-8\"", &format!("encoding=\"{label}\""), 1)
    };
    let bom = opts.bom.unwrap_or(encoding::is_utf16(enc));
    let (bytes, mut more) = encoding::encode(&text, enc, bom);
    diags.append(&mut more);
    (bytes, diags)
}

/// Creates the folders, then writes atomically (a temporary file renamed into place), so an
/// interrupted run never leaves a half-written subtitle. Temporary files of this name left by a
/// run that was killed while writing (`kill -9`, a power cut) are removed first.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), std::io::Error> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    remove_stale_temps(path);
    format::write_file_atomic(path, bytes)
}

/// Removes `.NAME.PID-N.subloc-tmp` files (the temporary names of `format::write_file_atomic`)
/// next to `path` whose writing process is gone. A live process's file is left alone: another
/// `translate` may be writing the same output right now. Best effort: errors are ignored.
fn remove_stale_temps(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!(".{name}.");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(prefix.as_str()))
            .and_then(|rest| rest.strip_suffix(".subloc-tmp"))
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(pid, n)| n.bytes().all(|b| b.is_ascii_digit()).then_some(pid))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if !process_alive(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether process `pid` still runs. Only Linux can tell without a system call binding
/// (`/proc`); elsewhere every process counts as alive, so nothing is removed.
fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// Source cue id → cue id in the written file.
pub(super) fn output_ids(track: &Track, fmt: Format) -> HashMap<u32, u32> {
    let mut n = 0u32;
    track
        .cues
        .iter()
        .filter(|c| fmt == Format::Ass || c.kind() != CueKind::Comment)
        .map(|c| {
            n += 1;
            (c.id, n)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A run killed inside `write_file_atomic` leaves its temporary file; the next write of the
    /// same output removes it, but never one of a process that still runs.
    #[cfg(target_os = "linux")]
    #[test]
    fn stale_temporary_files_of_dead_writers_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let live = std::process::id();
        let stale = dir.path().join(format!(".ep.srt.{dead}-3.subloc-tmp"));
        let ours = dir.path().join(format!(".ep.srt.{live}-9.subloc-tmp"));
        let other = dir.path().join(format!(".ep2.srt.{dead}-3.subloc-tmp"));
        let odd = dir.path().join(format!(".ep.srt.{dead}-x.subloc-tmp"));
        for p in [&stale, &ours, &other, &odd] {
            std::fs::write(p, "partial").unwrap();
        }
        write(&dir.path().join("ep.srt"), b"whole").unwrap();
        assert!(!stale.exists(), "a dead writer's file is removed");
        assert!(ours.exists(), "a live writer's file is kept");
        assert!(other.exists(), "another output's file is not touched");
        assert!(odd.exists(), "a name not ours is not touched");
        assert_eq!(std::fs::read(dir.path().join("ep.srt")).unwrap(), b"whole");
    }
}
