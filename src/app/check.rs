//! `subloc check FILE… --platform P`: the QC gate. Every file is read, its language decided
//! (`--lang`, else `lang:` in subloc.yaml, else the file name, else the script of its text, and
//! reported with how it was decided), checked against the platform profile resolved for that
//! language, and, when `--source` is given, against the glossary (the source file it translates
//! is found by name, else by position). Findings of all files form one report, rendered in the
//! chosen format to stdout or `--output`.
//!
//! Files are checked in parallel by a small pool (`--jobs`, default 2) of scoped threads that pull
//! the next file index from a shared counter; the report keeps the order the files were given.
//!
//! Severity: the rule's default, the profile's, `check.severity` in subloc.yaml, then
//! `--severity RULE=LEVEL` (the command line wins). A baseline (`--baseline`) removes accepted
//! findings before the exit code is decided; `--write-baseline` records the findings of this run
//! (and then exits 0 unless a file could not be read: recording is adoption, not a verdict).
//!
//! Exit codes: 0 nothing above `--max-severity` (default warning, so errors fail); 1 findings
//! above it; 2 usage, configuration or I/O errors, including any file that could not be read.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use subloc::check::{self as rules_check, CheckOptions, OverrideError, SeverityOverrides};
use subloc::diag::{Diagnostic, Severity, rules};
use subloc::format::{self, ReadOptions};
use subloc::glossary::{Glossary, compliance::Compliance};
use subloc::i18n::Localizer;
use subloc::model::{CueKind, Fps, Inline, Track};
use subloc::platform::lang as file_lang;
use subloc::platform::{Audience, Limits, Profiles, count};
use subloc::report::{
    self, Baseline, CheckReport, FileReport, LangSource, RenderOptions, ReportFormat, TimelinePoint,
};

use super::{
    AppError, Context, ExitStatus, Output, label_text, lang_arg, lookup_encoding, num,
    render_error, show, write_atomic,
};
use crate::cli::CheckArgs;

/// Everything the per-file work needs, shared read-only by the worker threads.
struct Job<'a> {
    profiles: &'a Profiles,
    platform: &'a str,
    /// `--lang` or `lang:` from subloc.yaml.
    lang: Option<&'a str>,
    read: ReadOptions,
    opts: CheckOptions,
    /// Glossary and the source track each checked file translates (by index), for compliance.
    glossary: Option<&'a Glossary>,
    sources: &'a [Option<&'a Track>],
}

pub fn run(
    args: &CheckArgs,
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
    let overrides = overrides(&settings.severity, &args.severity)?;
    let fps = parse_fps(args.fps.as_deref())?;
    let lang = match &args.lang {
        Some(l) => Some(lang_arg(l)?),
        None => settings.lang.as_ref().map(ToString::to_string),
    };
    let format = ReportFormat::from(args.format);
    let english = Localizer::english();
    let text_loc = if format.is_localized() {
        ctx.loc
    } else {
        &english
    };
    let read = ReadOptions {
        encoding: lookup_encoding(args.encoding.as_deref())?,
        format: None,
    };

    // Glossary compliance: sources read once, before the parallel part.
    let (glossary, source_tracks) = if args.source.is_empty() {
        (None, Vec::new())
    } else {
        let gpath = super::glossary::glossary_path(args.glossary.as_deref(), config)?;
        let (_, g) = super::glossary::load_glossary(&gpath, ctx, out)?;
        let pairing = pair_sources(&args.files, &args.source)?;
        let mut tracks = Vec::with_capacity(args.source.len());
        for p in &args.source {
            let loaded = format::read_file(p, &read).map_err(AppError::Read)?;
            tracks.push(loaded.track);
        }
        (Some((g, pairing)), tracks)
    };
    let sources: Vec<Option<&Track>> = match &glossary {
        Some((_, pairing)) => pairing
            .iter()
            .map(|i| i.and_then(|i| source_tracks.get(i)))
            .collect(),
        None => vec![None; args.files.len()],
    };

    let job = Job {
        profiles: &settings.profiles,
        platform: &platform,
        lang: lang.as_deref(),
        read,
        opts: CheckOptions {
            fps,
            overrides: overrides.clone(),
        },
        glossary: glossary.as_ref().map(|(g, _)| g),
        sources: &sources,
    };
    // A file that cannot be read is a row of the report, its reason in the report's language.
    let files = check_all(&args.files, &job, args.jobs)
        .into_iter()
        .zip(&args.files)
        .map(|(result, path)| {
            result.unwrap_or_else(|e| {
                FileReport::unreadable(show(path), platform.as_str(), e.render(text_loc))
            })
        })
        .collect();
    let mut report = CheckReport::new(files);

    if let Some(path) = &args.write_baseline {
        write_atomic(path, Baseline::from_report(&report).to_json().as_bytes())?;
        if !ctx.quiet {
            out.err(&ctx.loc.msg(
                "check-baseline-written",
                &[
                    ("path", show(path).into()),
                    ("count", num(report.summary.findings.total)),
                ],
            ));
        }
    }
    let mut accepted = 0;
    if let Some(path) = &args.baseline {
        let text = super::read_text(path)?;
        let baseline = Baseline::from_json(&text).map_err(|e| {
            AppError::usage(
                "error-baseline",
                &[("path", show(path)), ("detail", e.to_string())],
            )
        })?;
        accepted = baseline.filter(&mut report);
    }

    let rendered = render(&report, format, args.output.is_none(), ctx, &english);
    match &args.output {
        Some(p) if p.as_os_str() != "-" => write_atomic(p, rendered.as_bytes())?,
        _ => out.out(&rendered).map_err(AppError::Stdout)?,
    }
    if !ctx.quiet && (format != ReportFormat::Human || args.output.is_some()) {
        let s = &report.summary;
        out.err(&ctx.loc.msg(
            "check-summary",
            &[
                ("files", num(s.files)),
                ("errors", num(s.findings.error)),
                ("warnings", num(s.findings.warning)),
                ("infos", num(s.findings.info)),
            ],
        ));
    }
    if accepted > 0 && !ctx.quiet {
        out.err(
            &ctx.loc
                .msg("check-baseline-accepted", &[("count", num(accepted))]),
        );
    }
    if report.summary.unreadable > 0 {
        let msg = ctx.loc.msg(
            "error-files-failed",
            &[("count", num(report.summary.unreadable))],
        );
        out.err(&render_error(ctx.loc, &msg, ctx.color_err));
        return Ok(ExitStatus::Error);
    }
    if args.write_baseline.is_some() {
        return Ok(ExitStatus::Success);
    }
    let status = match report.exit_code(args.max_severity.into()) {
        0 => ExitStatus::Success,
        _ => ExitStatus::Failure,
    };
    // The command is done and the process exits next: freeing a report of half a million
    // findings one allocation at a time took a tenth of `check`'s time on a 50 MB file, and the
    // operating system takes the pages back at once.
    std::mem::forget(rendered);
    std::mem::forget(report);
    Ok(status)
}

/// `--platform`, else `platform:` from subloc.yaml; neither is a usage error.
pub fn platform_id(flag: Option<&str>, config: Option<&str>) -> Result<String, AppError> {
    flag.or(config)
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .ok_or_else(|| AppError::usage("error-no-platform", &[]))
}

/// `--fps`, checked.
pub fn parse_fps(value: Option<&str>) -> Result<Option<Fps>, AppError> {
    value
        .map(|v| {
            subloc::platform::parse_fps(v)
                .map_err(|_| AppError::usage("error-bad-fps", &[("value", v.to_string())]))
        })
        .transpose()
}

/// The configuration's severities with every `--severity RULE=LEVEL[,…]` applied on top.
fn overrides(config: &SeverityOverrides, flags: &[String]) -> Result<SeverityOverrides, AppError> {
    let mut o = config.clone();
    for part in flags
        .iter()
        .flat_map(|f| f.split(','))
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (rule, level) = part
            .split_once('=')
            .ok_or_else(|| AppError::Override(OverrideError::BadSpec(part.to_string())))?;
        o.set(rule, level).map_err(AppError::Override)?;
    }
    Ok(o)
}

/// For each checked file, the index of the source file it translates: by base name
/// (`ep01.fa.srt` ↔ `ep01.srt` or `ep01.zh-Hans.ass`: the part before the first dot) when every
/// checked file finds exactly one source that way, else by position when the counts agree.
fn pair_sources(files: &[PathBuf], sources: &[PathBuf]) -> Result<Vec<Option<usize>>, AppError> {
    let base = |p: &Path| {
        p.file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.split('.').next())
            .unwrap_or("")
            .to_string()
    };
    let source_bases: Vec<String> = sources.iter().map(|p| base(p)).collect();
    let by_name: Vec<Option<usize>> = files
        .iter()
        .map(|f| {
            let b = base(f);
            let mut hits = source_bases
                .iter()
                .enumerate()
                .filter(|(_, s)| **s == b)
                .map(|(i, _)| i);
            match (hits.next(), hits.next()) {
                (Some(i), None) => Some(i),
                _ => None,
            }
        })
        .collect();
    if by_name.iter().all(Option::is_some) {
        return Ok(by_name);
    }
    if files.len() == sources.len() {
        return Ok((0..files.len()).map(Some).collect());
    }
    Err(AppError::usage(
        "error-source-pairing",
        &[
            ("files", files.len().to_string()),
            ("sources", sources.len().to_string()),
        ],
    ))
}

/// Checks every file with `jobs` threads; the result is in the order of `paths`.
fn check_all(paths: &[PathBuf], job: &Job<'_>, jobs: usize) -> Vec<Result<FileReport, AppError>> {
    let next = AtomicUsize::new(0);
    let workers = jobs.clamp(1, paths.len().max(1));
    let mut done: Vec<(usize, Result<FileReport, AppError>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = paths.get(i) else { break };
                        let source = job.sources.get(i).copied().flatten();
                        mine.push((i, check_file(path, source, job)));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, f)| f).collect()
}

/// Everything about one file, or why it could not be read.
fn check_file(path: &Path, source: Option<&Track>, job: &Job<'_>) -> Result<FileReport, AppError> {
    let shown = show(path);
    let loaded = format::read_file(path, &job.read).map_err(AppError::Read)?;
    if loaded
        .diagnostics
        .iter()
        .any(|d| d.rule == rules::PARSE_UNSUPPORTED_FORMAT)
    {
        return Err(AppError::UnreadableFormat {
            path: path.to_path_buf(),
            format: loaded.track.format.map(|f| f.name()).unwrap_or("unknown"),
        });
    }
    let track = loaded.track;
    let found = file_lang::detect(job.lang, Some(path), &track)
        .ok()
        .flatten();
    let (tag, lang_source) = match &found {
        Some(f) => (Some(f.tag.clone()), f.source),
        None => (None, LangSource::Unknown),
    };
    let limits = job
        .profiles
        .resolve(job.platform, tag.as_ref(), Audience::Adult)
        .map_err(AppError::Profile)?;
    let lang = tag
        .as_ref()
        .map_or_else(|| "und".to_string(), ToString::to_string);
    let mut file = FileReport::new(shown, lang.clone(), lang_source, job.platform);
    let checked = rules_check::check_track(&track, &limits, &job.opts);
    // What the reader recovered from (a malformed cue) is a finding about the file too, except
    // markup the reader could not pair where the markup rules already report that cue: one
    // problem, one finding.
    // The cues with a markup finding, looked up once per reader finding (a set, not a scan of
    // every finding: a file with many broken tags has many of both).
    let markup_cues: std::collections::HashSet<_> = checked
        .iter()
        .filter(|c| c.rule == rules::MARKUP_UNBALANCED || c.rule == rules::MARKUP_UNKNOWN)
        .map(|c| c.cue)
        .collect();
    let restated =
        |d: &Diagnostic| d.rule == rules::PARSE_BAD_MARKUP && markup_cues.contains(&d.cue);
    let read: Vec<Diagnostic> = loaded
        .diagnostics
        .into_iter()
        .filter(|d| !restated(d))
        .collect();
    file.findings = rules_check::apply_overrides(read, &job.opts.overrides);
    file.findings.extend(checked);
    if let (Some(g), Some(src)) = (job.glossary, source) {
        let found = Compliance::new(g, &lang).check(src, &track);
        file.findings
            .extend(rules_check::apply_overrides(found, &job.opts.overrides));
    }
    file.timeline = timeline(&track, &limits);
    file.cps_limit = limits.max_cps.copied();
    Ok(file)
}

/// One point per displayed cue: its reading speed as the profile counts characters.
fn timeline(track: &Track, limits: &Limits) -> Vec<TimelinePoint> {
    let mode = limits.counting.copied().unwrap_or_default();
    track
        .cues
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind() == CueKind::Dialogue)
        .filter(|(_, c)| {
            !c.text
                .0
                .iter()
                .all(|i| matches!(i, Inline::Tag(_) | Inline::Drawing(_)))
        })
        .map(|(i, c)| {
            let chars = count::count_text(&c.text.to_plain(), mode);
            let duration = c.end.ms() - c.start.ms();
            TimelinePoint {
                cue: if c.id > 0 {
                    c.id
                } else {
                    u32::try_from(i + 1).unwrap_or(u32::MAX)
                },
                start_ms: c.start.ms(),
                end_ms: c.end.ms(),
                cps: count::cps(chars, duration).unwrap_or(f64::INFINITY),
            }
        })
        .collect()
}

/// The report in `format`; human and HTML in the UI language, the others in en-US.
fn render(
    report: &CheckReport,
    format: ReportFormat,
    to_terminal: bool,
    ctx: &Context<'_>,
    english: &Localizer,
) -> String {
    let loc = ctx.loc;
    let message = |d: &Diagnostic| loc.diagnostic(d);
    let label = |id: &str, args: &[(&str, String)]| label_text(loc, id, args);
    let machine = |d: &Diagnostic| english.diagnostic(d);
    let describe = |rule: &str| {
        rules::ALL
            .iter()
            .find(|r| **r == rule)
            .map(|r| english.diagnostic(&Diagnostic::new(r, Severity::Error)))
            .unwrap_or_else(|| report::plain_rule_description(rule))
    };
    let ui_lang = loc.lang().to_string();
    let opts = RenderOptions {
        message: &message,
        label: &label,
        machine_message: &machine,
        rule_description: &describe,
        color: to_terminal && ctx.color_out,
        ui_lang: &ui_lang,
        ..RenderOptions::default()
    };
    report::render(report, format, &opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_pair_by_name_then_by_order() {
        let p = |v: &[&str]| v.iter().map(PathBuf::from).collect::<Vec<_>>();
        let files = p(&["out/ep02.fa.srt", "out/ep01.fa.srt"]);
        let sources = p(&["src/ep01.srt", "src/ep02.zh-Hans.srt"]);
        assert_eq!(
            pair_sources(&files, &sources).unwrap(),
            vec![Some(1), Some(0)]
        );
        let files = p(&["a.fa.srt", "b.fa.srt"]);
        let sources = p(&["x.srt", "y.srt"]);
        assert_eq!(
            pair_sources(&files, &sources).unwrap(),
            vec![Some(0), Some(1)]
        );
        assert!(pair_sources(&files, &p(&["x.srt"])).is_err());
    }

    #[test]
    fn command_line_severities_win_over_the_configuration() {
        let mut config = SeverityOverrides::default();
        config.set("reading-speed", "off").unwrap();
        config.set("timing-min-gap", "info").unwrap();
        let o = overrides(
            &config,
            &["reading-speed=warning,text-max-lines=off".into()],
        )
        .unwrap();
        assert_eq!(
            o.get("reading-speed"),
            Some(rules_check::RuleLevel::On(Severity::Warning))
        );
        assert_eq!(o.get("text-max-lines"), Some(rules_check::RuleLevel::Off));
        assert_eq!(
            o.get("timing-min-gap"),
            Some(rules_check::RuleLevel::On(Severity::Info))
        );
        assert!(matches!(
            overrides(&config, &["reading-speed".into()]),
            Err(AppError::Override(OverrideError::BadSpec(_)))
        ));
        assert!(matches!(
            overrides(&config, &["no-such-rule=off".into()]),
            Err(AppError::Override(OverrideError::UnknownRule(_)))
        ));
    }
}
