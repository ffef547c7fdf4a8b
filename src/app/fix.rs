//! `subloc fix FILE… --platform P`: applies the fixes that cannot change meaning (line breaks,
//! punctuation the language rules name, direction marks; with `--retime` also cue times), through
//! `platform::fit::fix_track`, which is idempotent: fixing a fixed file changes nothing.
//!
//! Where the result goes: `--in-place` overwrites the input; `--out DIR` writes the same file
//! name into DIR; `-o FILE` (one input) writes FILE; by default the fixed copy is written next to
//! the input as `<name>.fixed.<ext>`, with `.fixed` placed before a language tag
//! (`ep01.fa.srt` → `ep01.fixed.fa.srt`) so the copy is still recognised as Persian. The source is
//! never overwritten unless `--in-place` says so; every write is atomic; the file keeps its
//! format, encoding, BOM and line endings, and cues that were not changed are written back byte
//! for byte. `--dry-run` prints the diff (cue, field, old → new, and the rule it satisfies) and
//! writes nothing.
//!
//! Line breaks never split a glossary term: when a glossary is configured (`glossary:` in
//! subloc.yaml) or found (the nearest `glossary.yaml` upwards, as `check --glossary` finds it),
//! its forms for each file's language are protected (source forms for a source-language file,
//! renderings for a translation), and so are the file's speaker names. An invalid glossary is an
//! error, as in every other command that reads it.
//!
//! Exit codes (as `ruff check --fix`): 0 when nothing is left to fix by hand; 1 when some cue
//! still breaks a limit that no safe fix could reach (listed, the fixed file is still written);
//! 2 for usage, configuration and I/O errors.

use std::path::{Path, PathBuf};

use subloc::diag::{Diagnostic, Severity, rules};
use subloc::format::{self, ReadOptions, WriteOptions};
use subloc::glossary::{Glossary, compliance};
use subloc::i18n::Localizer;
use subloc::model::{Format, Timestamp, Track};
use subloc::platform::fit::{self, Change, Field, FixLimits, Value};
use subloc::platform::lang as file_lang;
use subloc::platform::{Audience, Profiles};

use super::check::{parse_fps, platform_id};
use super::{
    AppError, Context, ExitStatus, Output, Paint, lang_arg, lookup_encoding, num, paint,
    render_error, same_file, show, write_atomic,
};
use crate::cli::FixArgs;

/// What every file is fixed with.
struct Job<'a> {
    profiles: &'a Profiles,
    platform: &'a str,
    /// `--lang` or `lang:` from subloc.yaml.
    lang: Option<&'a str>,
    fps: Option<subloc::model::Fps>,
    read: ReadOptions,
    args: &'a FixArgs,
    /// The configured or discovered glossary: its terms are never split by a line break.
    glossary: Option<&'a Glossary>,
}

/// What happened to one file.
struct Fixed {
    output: PathBuf,
    changes: usize,
    left: usize,
}

pub fn run(
    args: &FixArgs,
    config: Option<&Path>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let settings = super::settings(config)?;
    let platform = platform_id(args.platform.as_deref(), settings.platform.as_deref())?;
    settings
        .profiles
        .get(&platform)
        .map_err(AppError::Profile)?;
    let fps = parse_fps(args.fps.as_deref())?;
    let lang = match &args.lang {
        Some(l) => Some(lang_arg(l)?),
        None => settings.lang.as_ref().map(ToString::to_string),
    };
    if args.output.is_some() && args.files.len() != 1 {
        return Err(AppError::usage(
            "error-fix-output-one",
            &[("count", args.files.len().to_string())],
        ));
    }
    let read = ReadOptions {
        encoding: lookup_encoding(args.encoding.as_deref())?,
        format: None,
    };
    let glossary = match &settings.glossary {
        Some(p) => Some(super::glossary::load_glossary(&super::show_found(p), ctx, out)?.1),
        None => None,
    };
    let job = Job {
        profiles: &settings.profiles,
        platform: &platform,
        lang: lang.as_deref(),
        fps,
        read,
        args,
        glossary: glossary.as_ref(),
    };
    let (mut failed, mut left) = (0usize, 0usize);
    for path in &args.files {
        let target = output_path(path, args);
        let result = fix_file(path, &target, &job, ctx, out);
        match result {
            Ok(fixed) => {
                left += fixed.left;
                if !ctx.quiet {
                    let id = if args.dry_run {
                        "fix-summary-dry-run"
                    } else {
                        "fix-summary"
                    };
                    out.err(&ctx.loc.msg(
                        id,
                        &[
                            ("path", show(path).into()),
                            ("output", show(&fixed.output).into()),
                            ("count", num(fixed.changes)),
                            ("left", num(fixed.left)),
                        ],
                    ));
                }
            }
            Err(e) => {
                failed += 1;
                out.err(&render_error(ctx.loc, &e.render(ctx.loc), ctx.color_err));
            }
        }
    }
    if failed > 0 {
        let msg = ctx.loc.msg("error-files-failed", &[("count", num(failed))]);
        out.err(&render_error(ctx.loc, &msg, ctx.color_err));
        return Ok(ExitStatus::Error);
    }
    Ok(if left > 0 {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// Where the fixed version of `input` is written (see the module docs).
fn output_path(input: &Path, args: &FixArgs) -> PathBuf {
    if args.in_place {
        return input.to_path_buf();
    }
    if let Some(o) = &args.output {
        return o.clone();
    }
    let name = input.file_name().unwrap_or_default();
    if let Some(dir) = &args.out_dir {
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

fn fix_file(
    path: &Path,
    target: &Path,
    job: &Job<'_>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<Fixed, AppError> {
    let args = job.args;
    if !args.in_place && !args.dry_run && same_file(path, target) {
        return Err(AppError::SameFile {
            path: target.to_path_buf(),
        });
    }
    let loaded = format::read_file(path, &job.read).map_err(AppError::Read)?;
    let format = loaded.track.format;
    let Some(format) = format.filter(|_| {
        !loaded
            .diagnostics
            .iter()
            .any(|d| d.rule == rules::PARSE_UNSUPPORTED_FORMAT)
    }) else {
        return Err(AppError::UnreadableFormat {
            path: path.to_path_buf(),
            format: loaded.track.format.map_or("unknown", Format::name),
        });
    };
    let mut track = loaded.track;
    let tag = file_lang::detect(job.lang, Some(path), &track)
        .ok()
        .flatten()
        .map(|f| f.tag);
    let limits = job
        .profiles
        .resolve(job.platform, tag.as_ref(), Audience::Adult)
        .map_err(AppError::Profile)?;
    let lang_tag = tag
        .as_ref()
        .map_or_else(|| "und".to_string(), ToString::to_string);
    let mut fix_limits = FixLimits::from_limits(
        &limits,
        limits.fps_or_default(job.fps.or(track.fps)),
        &lang_tag,
    );
    fix_limits.timing.retime = args.retime;
    if let Some(g) = job.glossary {
        fix_limits.keep_together = compliance::protected_forms(g, &lang_tag).into();
    }
    let outcome = fit::fix_track(&mut track, &fix_limits, &lang_tag);

    let loc = ctx.loc;
    let mut report = String::new();
    if args.dry_run {
        for c in &outcome.changes {
            report.push_str(&diff_line(loc, path, &track, c, ctx.color_out));
            report.push('\n');
        }
    }
    for u in &outcome.unfixable {
        let line = track.cues.get(u.index).map_or(0, |cue| cue.line);
        let mut d = Diagnostic::new(u.rule, Severity::Error).cue(u.cue);
        d.args = u
            .args
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        report.push_str(&format!(
            "{} {} {}: {} ({})\n",
            paint(&place(path, line), Paint::Bold, ctx.color_out),
            loc.msg("report-cue", &[("cue", num(u.cue as usize))]),
            paint(u.rule, Paint::Yellow, ctx.color_out),
            loc.diagnostic(&d),
            loc.text("fix-unfixable")
        ));
    }
    out.out(&report).map_err(AppError::Stdout)?;

    // In place and unchanged: leave the file (and its modification time) alone.
    let untouched_in_place = args.in_place && outcome.changes.is_empty();
    if !args.dry_run && !untouched_in_place {
        let opts = WriteOptions {
            encoding: encoding_rs::Encoding::for_label(track.facts.encoding.as_bytes()),
            bom: None,
            line_ending: None,
        };
        let (bytes, _) = format::write_bytes(&track, format, &opts);
        write_atomic(target, &bytes)?;
    }
    Ok(Fixed {
        output: target.to_path_buf(),
        changes: outcome.changes.len(),
        left: outcome.unfixable.len(),
    })
}

/// `path:line`, or the path alone when the line is unknown.
fn place(path: &Path, line: u32) -> String {
    if line > 0 {
        format!("{}:{line}", show(path))
    } else {
        show(path)
    }
}

/// `path:line cue N field old → new (rule)`: one change of the dry-run diff.
fn diff_line(loc: &Localizer, path: &Path, track: &Track, c: &Change, color: bool) -> String {
    let line = track.cues.get(c.index).map_or(0, |cue| cue.line);
    let value = |v: &Value| match v {
        Value::Ms(ms) => Timestamp(*ms).fmt_clock(','),
        Value::Text(t) => format!("“{}”", t.replace('\n', "⏎")),
    };
    let field = match c.field {
        Field::Start => "fix-field-start",
        Field::End => "fix-field-end",
        Field::Text => "fix-field-text",
    };
    format!(
        "{} {} {}: {} → {} ({})",
        paint(&place(path, line), Paint::Bold, color),
        loc.msg("report-cue", &[("cue", num(c.cue as usize))]),
        loc.text(field),
        paint(&value(&c.old), Paint::Red, color),
        paint(&value(&c.new), Paint::Cyan, color),
        c.rule
    )
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
