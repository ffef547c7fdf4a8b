//! `fix FILE… --platform P` as a use case: the fixes that cannot change meaning (line breaks,
//! punctuation the language rules name, direction marks; with `retime` also cue times), applied
//! by the per-file job (`crate::deliver`) with its fit and write steps. Fitting is idempotent:
//! fixing a fixed file changes nothing.
//!
//! Where the result goes: `in_place` overwrites the input; `out_dir` writes the same file name
//! into it; `output` (one input) writes that file; by default the fixed copy is written next to
//! the input as `<name>.fixed.<ext>`, with `.fixed` placed before a language tag
//! (`ep01.fa.srt` → `ep01.fixed.fa.srt`) so the copy is still recognised as Persian. The source
//! is never overwritten unless `in_place` says so; the file keeps its format, encoding, BOM and
//! line endings, and cues that were not changed are written back byte for byte. In place and
//! unchanged, the file (and its modification time) is left alone. `dry_run` writes nothing.
//!
//! Line breaks never split a glossary term: the configured or discovered glossary's forms for
//! each file's language are protected (source forms for a source-language file, renderings for
//! a translation), and so are the file's speaker names. An invalid glossary is an error, as in
//! every other command that reads it.

use std::path::{Path, PathBuf};

use crate::deliver::{self, FileJob, Fit, Input, Write};
use crate::format::WriteOptions;
use crate::glossary::compliance;
use crate::model::Track;
use crate::platform::fit::{FixOutcome, Rebreak};
use crate::platform::lang as file_lang;

use super::{Error, Settings, file_limits, read_track, same_file};

/// What to fix and where the results go.
#[derive(Debug, Clone, Copy, Default)]
pub struct FixRequest<'a> {
    pub files: &'a [PathBuf],
    pub in_place: bool,
    pub out_dir: Option<&'a Path>,
    /// One input only.
    pub output: Option<&'a Path>,
    pub dry_run: bool,
    pub retime: bool,
}

/// One fixed file.
#[derive(Debug)]
pub struct Fixed {
    pub input: PathBuf,
    pub output: PathBuf,
    /// The track as fixed (its cues' line numbers place the changes).
    pub track: Track,
    pub outcome: FixOutcome,
}

/// Fixes every file, handing each result to `each` as soon as it is known (a file that cannot
/// be fixed does not stop the others). Fails before any file only for a bad request.
pub fn run(
    settings: &Settings,
    req: &FixRequest<'_>,
    each: &mut dyn FnMut(&Path, Result<Fixed, Error>),
) -> Result<(), Error> {
    let platform = settings.platform()?;
    if req.output.is_some() && req.files.len() != 1 {
        return Err(Error::usage(
            "error-fix-output-one",
            &[("count", req.files.len().to_string())],
        ));
    }
    let glossary = settings.glossary()?.map(|g| &g.glossary);
    for path in req.files {
        let target = output_path(path, req);
        let result = (|| {
            if !req.in_place && !req.dry_run && same_file(path, &target) {
                return Err(Error::SameFile {
                    path: target.clone(),
                });
            }
            let loaded = read_track(path, &settings.read_options())?;
            let format = loaded.track.format.unwrap_or(crate::model::Format::Srt);
            let (limits, lang, _) = file_limits(settings, platform, path, &loaded.track)?;
            let options = WriteOptions {
                encoding: encoding_rs::Encoding::for_label(loaded.track.facts.encoding.as_bytes()),
                bom: None,
                line_ending: None,
            };
            let job = FileJob {
                fit: Some(Fit {
                    limits: &limits,
                    lang: &lang,
                    fps: settings.fps(),
                    rebreak: Rebreak::OverLimits,
                    retime: req.retime,
                    strip_forbidden_italics: false,
                    keep_together: glossary
                        .map(|g| compliance::protected_forms(g, &lang).into())
                        .unwrap_or_default(),
                    fonts: Some(settings.fonts()),
                }),
                write: (!req.dry_run).then_some(Write {
                    format,
                    options,
                    lang: None,
                    path: Some(&target),
                    only_if_changed: req.in_place,
                }),
                check: None,
            };
            let input = Input {
                track: loaded.track,
                diagnostics: Vec::new(),
            };
            let d = deliver::run(input, &job).map_err(|e| Error::write(&target, e))?;
            Ok(Fixed {
                input: path.clone(),
                output: target.clone(),
                track: d.track,
                outcome: d.fix.unwrap_or_default(),
            })
        })();
        each(path, result);
    }
    Ok(())
}

/// Where the fixed version of `input` is written (see the module docs).
pub fn output_path(input: &Path, req: &FixRequest<'_>) -> PathBuf {
    if req.in_place {
        return input.to_path_buf();
    }
    if let Some(o) = req.output {
        return o.to_path_buf();
    }
    let name = input.file_name().unwrap_or_default();
    if let Some(dir) = req.out_dir {
        return dir.join(name);
    }
    input.with_file_name(fixed_name(&name.to_string_lossy()))
}

/// `ep04.srt` → `ep04.fixed.srt`; `ep01.fa.srt` → `ep01.fixed.fa.srt` (the language tag stays
/// last, where `check` and `fix` look for it).
fn fixed_name(name: &str) -> String {
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s, Some(e)),
        _ => (name, None),
    };
    let with_ext = |s: String| match ext {
        Some(e) => format!("{s}.{e}"),
        None => s,
    };
    if let Some((base, tag)) = stem.rsplit_once('.')
        && !base.is_empty()
        && file_lang::from_file_name(Path::new(name)).is_some()
    {
        return with_ext(format!("{base}.fixed.{tag}"));
    }
    with_ext(format!("{stem}.fixed"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_copies_keep_the_language_tag_last() {
        assert_eq!(fixed_name("ep04.srt"), "ep04.fixed.srt");
        assert_eq!(fixed_name("ep01.fa.srt"), "ep01.fixed.fa.srt");
        assert_eq!(fixed_name("ep01.zh-Hans.ass"), "ep01.fixed.zh-Hans.ass");
        assert_eq!(fixed_name("my.show.ep01.srt"), "my.show.ep01.fixed.srt");
        assert_eq!(fixed_name("noext"), "noext.fixed");
        assert_eq!(fixed_name(".srt"), ".srt.fixed");
        assert_eq!(
            file_lang::from_file_name(Path::new(&fixed_name("ep01.fa.srt")))
                .map(|l| l.to_string())
                .as_deref(),
            Some("fa")
        );
    }
}
