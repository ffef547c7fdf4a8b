//! `subloc glossary lint|scan|review|apply|export|import`: the series glossary on the command line.
//!
//! The glossary file is `--glossary`, else `glossary:` in `subloc.yaml`, else the nearest
//! `glossary.yaml` upwards from the working directory. Every command that changes the glossary
//! (`apply`, `import`) edits its text in place through the library (comments and key order
//! survive), keeps the previous version as `glossary.yaml.bak`, writes atomically, and with
//! `--dry-run` only shows what it would do. Candidate terms from `scan` go only to the separate
//! `--candidates-out` file, never into the glossary.
//!
//! Exit codes: `lint` 1 when the glossary has errors; `apply` 1 when any row was refused (the
//! other rows are still merged); `import` 1 when an item was skipped for a reason other than
//! "already present"; 2 for usage, configuration and I/O errors.

use std::path::{Path, PathBuf};

use serde::Serialize;
use subloc::diag::{Diagnostic, Severity};
use subloc::format::{self, ReadOptions};
use subloc::glossary::apply::{self, ApplyError, Decision, RefusalReason};
use subloc::glossary::export::{self, PairCsvStyle};
use subloc::glossary::import::{self, GlossaryImportError, GlossaryImportOutcome, SkipReason};
use subloc::glossary::review;
use subloc::glossary::scan::{self, ScanOptions, ScanReport};
use subloc::glossary::{self as lib, Glossary, Status};
use subloc::interchange::tbx::{self, ExportOptions};
use subloc::model::Track;
use subloc::report::review_page::{self, ReviewOptions};
use unicode_width::UnicodeWidthStr;

use super::{
    AppError, Context, ExitStatus, Output, Paint, label_text, lang_arg, lookup_encoding, num,
    paint, render_diagnostic, render_error, show, show_found, today, write_atomic,
};
use crate::cli::{
    CsvStyle, ExportFormat, GlossaryApplyArgs, GlossaryArgs, GlossaryCommand, GlossaryExportArgs,
    GlossaryFile, GlossaryImportArgs, GlossaryLintArgs, GlossaryReviewArgs, GlossaryScanArgs,
    TextFormat,
};

/// At most this many places are listed per term in the human scan report.
const PLACES_SHOWN: usize = 5;

pub fn run(
    args: &GlossaryArgs,
    config: Option<&Path>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    match &args.command {
        GlossaryCommand::Lint(a) => lint(a, config, ctx, out),
        GlossaryCommand::Scan(a) => scan_cmd(a, config, ctx, out),
        GlossaryCommand::Review(a) => review_cmd(a, config, ctx, out),
        GlossaryCommand::Apply(a) => apply_cmd(a, config, ctx, out),
        GlossaryCommand::Export(a) => export_cmd(a, config, ctx, out),
        GlossaryCommand::Import(a) => import_cmd(a, config, ctx, out),
    }
}

/// Which glossary file the command works on.
pub fn glossary_path(file: Option<&Path>, config: Option<&Path>) -> Result<PathBuf, AppError> {
    if let Some(p) = file {
        return Ok(p.to_path_buf());
    }
    let settings = super::settings(config)?;
    match settings.glossary {
        Some(p) => Ok(show_found(&p)),
        None => Err(AppError::NoGlossary {
            dir: std::env::current_dir().unwrap_or_default(),
        }),
    }
}

/// Reads and loads the glossary; its errors are printed (with positions) before failing.
pub fn load_glossary(
    path: &Path,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<(String, Glossary), AppError> {
    let text = super::read_yaml_text(path)?;
    match lib::load(&text) {
        Ok(g) => Ok((text, g)),
        Err(diags) => {
            let errors = diags.len();
            for d in diags {
                out.err(&render_diagnostic(
                    ctx.loc,
                    &d.with_path(path),
                    ctx.color_err,
                ));
            }
            Err(AppError::GlossaryInvalid {
                path: path.to_path_buf(),
                errors,
                diagnostics: Vec::new(),
            })
        }
    }
}

fn resolve(file: &GlossaryFile, config: Option<&Path>) -> Result<PathBuf, AppError> {
    glossary_path(file.glossary.as_deref(), config)
}

/// Language tags given on the command line, canonicalized.
fn langs(values: &[String]) -> Result<Vec<String>, AppError> {
    values
        .iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .map(lang_arg)
        .collect()
}

fn decision_date(date: Option<&str>) -> Result<String, AppError> {
    match date {
        Some(d) if lib::lint::valid_date(d.trim()) => Ok(d.trim().to_string()),
        Some(d) => Err(AppError::usage(
            "error-bad-date",
            &[("value", d.to_string())],
        )),
        None => Ok(today()),
    }
}

/// Subtitle files read for scanning; a file that cannot be read is an error (exit 2) because a
/// scan or review sheet missing an episode would silently under-count.
fn read_tracks(paths: &[PathBuf], encoding: Option<&str>) -> Result<Vec<Track>, AppError> {
    let opts = ReadOptions {
        encoding: lookup_encoding(encoding)?,
        format: None,
    };
    paths
        .iter()
        .map(|p| {
            format::read_file(p, &opts)
                .map(|l| l.track)
                .map_err(AppError::Read)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// lint

fn lint(
    args: &GlossaryLintArgs,
    config: Option<&Path>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let path = resolve(&args.file, config)?;
    let declared = langs(&args.lang)?;
    let text = super::read_yaml_text(&path)?;
    let refs: Vec<&str> = declared.iter().map(String::as_str).collect();
    let (mut glossary, mut diags) = lib::lint_text(&text, &refs);
    // Without --lang, the project delivers the languages the glossary itself has entries for,
    // so a term missing one of them is worth a warning.
    let own: Vec<String> = match &glossary {
        Some(g) if declared.is_empty() => g.languages().into_iter().map(str::to_string).collect(),
        _ => Vec::new(),
    };
    if !own.is_empty() {
        let refs: Vec<&str> = own.iter().map(String::as_str).collect();
        (glossary, diags) = lib::lint_text(&text, &refs);
    }
    let mut report = String::new();
    for d in &diags {
        let d = d.clone().with_path(&path);
        report.push_str(&render_diagnostic(ctx.loc, &d, ctx.color_out));
        report.push('\n');
    }
    out.out(&report).map_err(AppError::Stdout)?;
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let summary = match &glossary {
        Some(g) => ctx.loc.msg(
            "glossary-lint-ok",
            &[
                ("path", show(&path).into()),
                ("count", num(g.terms.len())),
                ("warnings", num(warnings)),
            ],
        ),
        None => ctx.loc.msg(
            "glossary-lint-failed",
            &[
                ("path", show(&path).into()),
                ("errors", num(errors)),
                ("warnings", num(warnings)),
            ],
        ),
    };
    if errors > 0 {
        out.err(&render_error(ctx.loc, &summary, ctx.color_err));
        Ok(ExitStatus::Failure)
    } else {
        if !ctx.quiet {
            out.err(&summary);
        }
        Ok(ExitStatus::Success)
    }
}

// ---------------------------------------------------------------------------------------------
// scan

/// `glossary scan --format json`: the glossary path and the library's scan report.
#[derive(Serialize)]
struct ScanJson<'a> {
    glossary: String,
    #[serde(flatten)]
    report: &'a ScanReport,
}

fn scan_cmd(
    args: &GlossaryScanArgs,
    config: Option<&Path>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let path = resolve(&args.file, config)?;
    let cand_langs = langs(&args.lang)?;
    if let Some(c) = &args.candidates_out
        && super::same_file(c, &path)
    {
        return Err(AppError::usage(
            "error-candidates-into-glossary",
            &[("path", show(c))],
        ));
    }
    let (_, glossary) = load_glossary(&path, ctx, out)?;
    let tracks = read_tracks(&args.episodes, args.encoding.as_deref())?;
    let names: Vec<String> = args.episodes.iter().map(|p| show(p)).collect();
    let pairs: Vec<(&str, &Track)> = names.iter().map(String::as_str).zip(&tracks).collect();
    let opts = ScanOptions {
        min_count: args.min_count.max(1),
        ..ScanOptions::default()
    };
    let report = scan::scan(&glossary, &pairs, &opts);
    match args.format {
        TextFormat::Json => {
            let doc = ScanJson {
                glossary: show(&path),
                report: &report,
            };
            let mut json = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
            json.push('\n');
            out.out(&json).map_err(AppError::Stdout)?;
        }
        TextFormat::Human => {
            let text = scan_human(&glossary, &report, ctx);
            out.out(&text).map_err(AppError::Stdout)?;
        }
    }
    if let Some(cpath) = &args.candidates_out {
        let refs: Vec<&str> = if cand_langs.is_empty() {
            glossary.languages()
        } else {
            cand_langs.iter().map(String::as_str).collect()
        };
        let yaml = scan::candidates_yaml(&report, &glossary, &refs);
        write_atomic(cpath, yaml.as_bytes())?;
        if !ctx.quiet {
            out.err(&ctx.loc.msg(
                "glossary-candidates-written",
                &[
                    ("count", num(report.candidates.len())),
                    ("path", show(cpath).into()),
                    ("glossary", show(&path).into()),
                ],
            ));
        }
    }
    Ok(ExitStatus::Success)
}

/// Pads `text` with spaces to `width` terminal columns (CJK counts 2).
fn pad(text: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

fn scan_human(glossary: &Glossary, report: &ScanReport, ctx: &Context<'_>) -> String {
    let loc = ctx.loc;
    let color = ctx.color_out;
    let mut s = String::new();
    let id_width = report
        .terms
        .iter()
        .map(|t| UnicodeWidthStr::width(t.term.as_str()))
        .max()
        .unwrap_or(0);
    let source_width = glossary
        .terms
        .iter()
        .map(|t| UnicodeWidthStr::width(t.source.as_str()))
        .max()
        .unwrap_or(0);
    let mut found = 0usize;
    for t in &report.terms {
        let source = glossary.term(&t.term).map_or("", |g| g.source.as_str());
        let head = format!(
            "{}  {}",
            paint(&pad(&t.term, id_width), Paint::Bold, color),
            pad(source, source_width)
        );
        if t.count == 0 {
            s.push_str(&format!(
                "{head}  {}\n",
                paint(&loc.text("glossary-scan-not-found"), Paint::Yellow, color)
            ));
            continue;
        }
        found += 1;
        let per_file: Vec<String> = t
            .per_track
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(i, n)| {
                let name = report.tracks.get(i).map_or("?", String::as_str);
                format!("{} {n}", file_name(name))
            })
            .collect();
        s.push_str(&format!(
            "{head}  {}  ({})\n",
            loc.msg("glossary-scan-count", &[("count", num(t.count))]),
            per_file.join(", ")
        ));
        let places: Vec<String> = t
            .occurrences
            .iter()
            .take(PLACES_SHOWN)
            .map(|o| {
                let name = report.tracks.get(o.at.track).map_or("?", String::as_str);
                let place = if o.at.line > 0 {
                    format!("{name}:{}", o.at.line)
                } else {
                    name.to_string()
                };
                format!(
                    "{place} {}",
                    loc.msg("glossary-scan-cue", &[("cue", num(o.at.cue as usize))])
                )
            })
            .collect();
        let more = t.occurrences.len().saturating_sub(PLACES_SHOWN);
        let mut line = format!("    {}", places.join(", "));
        if more > 0 {
            line.push_str(&format!(
                ", {}",
                loc.msg("glossary-scan-more", &[("count", num(more))])
            ));
        }
        s.push_str(&line);
        s.push('\n');
    }
    if !report.candidates.is_empty() {
        s.push('\n');
        s.push_str(&paint(
            &loc.text("glossary-scan-candidates"),
            Paint::Bold,
            color,
        ));
        s.push('\n');
        for c in &report.candidates {
            s.push_str(&format!(
                "    “{}”  {}\n",
                c.text,
                loc.msg(
                    "glossary-scan-candidate",
                    &[
                        ("count", num(c.count)),
                        ("cues", num(c.cues)),
                        ("files", num(c.tracks)),
                    ],
                )
            ));
        }
    }
    s.push('\n');
    s.push_str(&loc.msg(
        "glossary-scan-summary",
        &[
            ("count", num(report.terms.len())),
            ("found", num(found)),
            ("missing", num(report.terms.len() - found)),
            ("files", num(report.tracks.len())),
            ("candidates", num(report.candidates.len())),
        ],
    ));
    s.push('\n');
    s
}

fn file_name(path: &str) -> &str {
    Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path)
}

// ---------------------------------------------------------------------------------------------
// review

fn review_cmd(
    args: &GlossaryReviewArgs,
    config: Option<&Path>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let lang = lang_arg(&args.lang)?;
    if !args.translations.is_empty() && args.translations.len() != args.episodes.len() {
        return Err(AppError::usage(
            "error-translations-count",
            &[
                ("episodes", args.episodes.len().to_string()),
                ("translations", args.translations.len().to_string()),
            ],
        ));
    }
    let path = resolve(&args.file, config)?;
    let (_, glossary) = load_glossary(&path, ctx, out)?;
    let sources = read_tracks(&args.episodes, args.encoding.as_deref())?;
    let translations = read_tracks(&args.translations, args.encoding.as_deref())?;
    let names: Vec<String> = args.episodes.iter().map(|p| show(p)).collect();
    let pairs: Vec<(&str, &Track)> = names.iter().map(String::as_str).zip(&sources).collect();
    let report = scan::scan(&glossary, &pairs, &ScanOptions::default());
    let source_refs: Vec<&Track> = sources.iter().collect();
    let translation_refs: Vec<&Track> = translations.iter().collect();
    let loc = ctx.loc;
    let label = |id: &str, a: &[(&str, String)]| label_text(loc, id, a);
    let ui_lang = loc.lang().to_string();
    let opts = ReviewOptions {
        max_examples: args.max_examples,
        label: &label,
        ui_lang: &ui_lang,
        rtl: loc.is_rtl(),
    };
    let sheet = review_page::review_sheet(
        &glossary,
        &lang,
        &report,
        &source_refs,
        (!translation_refs.is_empty()).then_some(translation_refs.as_slice()),
        &opts,
    );
    let html_path = args.out.join(format!("{lang}.html"));
    let csv_path = args.out.join(format!("{lang}.csv"));
    write_atomic(&html_path, sheet.html.as_bytes())?;
    write_atomic(&csv_path, sheet.csv.as_bytes())?;
    if !ctx.quiet {
        let count = |want: Option<Status>| {
            glossary
                .terms
                .iter()
                .filter(|t| t.target(&lang).map(|e| e.status) == want)
                .count()
        };
        out.err(&loc.msg(
            "glossary-review-written",
            &[
                ("html", show(&html_path).into()),
                ("csv", show(&csv_path).into()),
                ("count", num(glossary.terms.len())),
                ("approved", num(count(Some(Status::Approved)))),
                ("proposed", num(count(Some(Status::Proposed)))),
                ("rejected", num(count(Some(Status::Rejected)))),
                ("missing", num(count(None))),
            ],
        ));
    }
    Ok(ExitStatus::Success)
}

// ---------------------------------------------------------------------------------------------
// apply

fn apply_cmd(
    args: &GlossaryApplyArgs,
    config: Option<&Path>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let date = decision_date(args.date.as_deref())?;
    let path = resolve(&args.file, config)?;
    let text = super::read_yaml_text(&path)?;
    let csv = super::read_text(&args.csv)?;
    let outcome = match apply::apply(&text, &csv, &date, args.reviewer.as_deref()) {
        Ok(o) => o,
        Err(ApplyError::Glossary(diags)) => return Err(glossary_errors(&path, diags, ctx, out)),
        Err(ApplyError::Csv(e)) => {
            return Err(AppError::usage(
                "error-csv",
                &[
                    ("path", show(&args.csv)),
                    ("line", e.line.to_string()),
                    ("detail", e.message.to_string()),
                ],
            ));
        }
        Err(ApplyError::MissingColumn(c)) => {
            return Err(AppError::usage(
                "error-csv-column",
                &[("path", show(&args.csv)), ("column", c.to_string())],
            ));
        }
    };
    let loc = ctx.loc;
    let color = ctx.color_out;
    // (row, text) so changes and refusals come out in the sheet's row order.
    let mut lines: Vec<(usize, String)> = Vec::new();
    for c in &outcome.changes {
        let mut s = String::new();
        let status = |st: Option<Status>| {
            loc.msg(
                "review-status",
                &[(
                    "status",
                    st.map_or(review::STATUS_MISSING, Status::name).into(),
                )],
            )
        };
        let what = match (c.decision, &c.old_text, &c.new_text) {
            (Decision::Correct, old, Some(new)) => loc.msg(
                "glossary-apply-corrected",
                &[
                    ("old", old.clone().unwrap_or_default().into()),
                    ("new", new.clone().into()),
                ],
            ),
            _ => loc.msg(
                "glossary-apply-status",
                &[
                    ("old", status(c.old_status).into()),
                    ("new", status(Some(c.new_status)).into()),
                    (
                        "text",
                        c.new_text
                            .clone()
                            .or_else(|| c.old_text.clone())
                            .unwrap_or_default()
                            .into(),
                    ),
                ],
            ),
        };
        s.push_str(&format!(
            "{} {} [{}]: {what} ({})\n",
            paint(
                &loc.msg("glossary-apply-row", &[("row", num(c.row))]),
                Paint::Bold,
                color
            ),
            c.term_id,
            c.lang,
            c.reviewer
        ));
        if !c.comment.is_empty() {
            s.push_str(&format!(
                "    {}\n",
                loc.msg(
                    "glossary-apply-comment",
                    &[("text", c.comment.clone().into())]
                )
            ));
        }
        lines.push((c.row, s));
    }
    for r in &outcome.refused {
        let s = format!(
            "{} {} [{}]: {} {}\n",
            paint(
                &loc.msg("glossary-apply-row", &[("row", num(r.row))]),
                Paint::Bold,
                color
            ),
            r.term_id,
            r.lang,
            paint(&loc.text("glossary-apply-refused"), Paint::Red, color),
            refusal_text(loc, &r.reason)
        );
        lines.push((r.row, s));
    }
    lines.sort_by_key(|(row, _)| *row);
    let report: String = lines.into_iter().map(|(_, s)| s).collect();
    out.out(&report).map_err(AppError::Stdout)?;
    finish_edit(
        &path,
        &text,
        &outcome.new_yaml,
        outcome.changes.len(),
        args.dry_run,
        ctx,
        out,
    )?;
    if outcome.refused.is_empty() {
        Ok(ExitStatus::Success)
    } else {
        out.err(&render_error(
            loc,
            &loc.msg(
                "glossary-apply-refused-count",
                &[("count", num(outcome.refused.len()))],
            ),
            ctx.color_err,
        ));
        Ok(ExitStatus::Failure)
    }
}

/// The reason a review row was refused, in the UI language.
fn refusal_text(loc: &subloc::i18n::Localizer, reason: &RefusalReason) -> String {
    let id = format!("apply-refused-{}", reason.id());
    let args: Vec<(&str, fluent::FluentValue<'_>)> = match reason {
        RefusalReason::UnknownDecision { value } => vec![("value", value.clone().into())],
        RefusalReason::Conflict { current_text } => {
            vec![("current", current_text.clone().into())]
        }
        RefusalReason::DuplicateRow { first_row } => vec![("row", num(*first_row))],
        RefusalReason::NotEditable { detail } => vec![("detail", (*detail).into())],
        RefusalReason::Invalid { rules } => vec![("rules", rules.join(", ").into())],
        _ => Vec::new(),
    };
    loc.msg(&id, &args)
}

/// Prints the glossary's load errors and returns the error that ends the command.
fn glossary_errors(
    path: &Path,
    diags: Vec<Diagnostic>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> AppError {
    let errors = diags.len();
    for d in diags {
        out.err(&render_diagnostic(
            ctx.loc,
            &d.with_path(path),
            ctx.color_err,
        ));
    }
    AppError::GlossaryInvalid {
        path: path.to_path_buf(),
        errors,
        diagnostics: Vec::new(),
    }
}

/// Writes an edited glossary: a backup of the old text next to it, then the new text
/// atomically; or, with `--dry-run`, only says what would happen.
fn finish_edit(
    path: &Path,
    old: &str,
    new: &str,
    changes: usize,
    dry_run: bool,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<(), AppError> {
    let loc = ctx.loc;
    if changes == 0 || old == new {
        if !ctx.quiet {
            out.err(&loc.msg("glossary-unchanged", &[("path", show(path).into())]));
        }
        return Ok(());
    }
    if dry_run {
        if !ctx.quiet {
            out.err(&loc.msg(
                "glossary-dry-run",
                &[("path", show(path).into()), ("count", num(changes))],
            ));
        }
        return Ok(());
    }
    let backup = backup_path(path);
    write_atomic(&backup, old.as_bytes())?;
    write_atomic(path, new.as_bytes())?;
    if !ctx.quiet {
        out.err(&loc.msg(
            "glossary-updated",
            &[
                ("path", show(path).into()),
                ("count", num(changes)),
                ("backup", show(&backup).into()),
            ],
        ));
    }
    Ok(())
}

/// `glossary.yaml` → `glossary.yaml.bak`.
fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

// ---------------------------------------------------------------------------------------------
// export

fn export_cmd(
    args: &GlossaryExportArgs,
    config: Option<&Path>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let langs = langs(&args.lang)?;
    if args.format == ExportFormat::Csv && langs.len() != 1 {
        return Err(AppError::usage("error-export-csv-lang", &[]));
    }
    let path = resolve(&args.file, config)?;
    let (_, glossary) = load_glossary(&path, ctx, out)?;
    let text = match (args.format, langs.first()) {
        (ExportFormat::Csv, Some(lang)) => {
            let style = match args.style {
                CsvStyle::Deepl => PairCsvStyle::Deepl,
                CsvStyle::Google => PairCsvStyle::Google,
            };
            export::pair_csv(&glossary, lang, style, args.include_proposed)
        }
        _ => {
            let refs: Vec<&str> = langs.iter().map(String::as_str).collect();
            tbx::export_tbx(
                &glossary,
                &ExportOptions {
                    langs: &refs,
                    include_proposed: args.include_proposed,
                },
            )
        }
    };
    match &args.output {
        Some(p) if p.as_os_str() != "-" => {
            write_atomic(p, text.as_bytes())?;
            if !ctx.quiet {
                out.err(
                    &ctx.loc
                        .msg("glossary-exported", &[("path", show(p).into())]),
                );
            }
        }
        _ => out.out(&text).map_err(AppError::Stdout)?,
    }
    Ok(ExitStatus::Success)
}

// ---------------------------------------------------------------------------------------------
// import

fn import_cmd(
    args: &GlossaryImportArgs,
    config: Option<&Path>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let date = decision_date(args.date.as_deref())?;
    let lang = args.lang.as_deref().map(lang_arg).transpose()?;
    let input = super::read_text(&args.input)?;
    let is_tbx = match args
        .input
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("tbx" | "xml") => true,
        Some("csv" | "tsv" | "txt") => false,
        _ => input
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('<'),
    };
    let path = resolve(&args.file, config)?;
    let text = super::read_yaml_text(&path)?;
    let result = if is_tbx {
        tbx::import_tbx(&text, &input, &date)
    } else {
        let Some(lang) = &lang else {
            return Err(AppError::usage("error-import-csv-lang", &[]));
        };
        import::import_csv(&text, &input, lang, &date)
    };
    let outcome = match result {
        Ok(o) => o,
        Err(GlossaryImportError::Glossary(diags)) => {
            return Err(glossary_errors(&path, diags, ctx, out));
        }
        Err(GlossaryImportError::Csv(e)) => {
            return Err(AppError::usage(
                "error-csv",
                &[
                    ("path", show(&args.input)),
                    ("line", e.line.to_string()),
                    ("detail", e.message.to_string()),
                ],
            ));
        }
        Err(GlossaryImportError::Tbx { position, message }) => {
            return Err(AppError::usage(
                "error-tbx",
                &[
                    ("path", show(&args.input)),
                    ("position", position.to_string()),
                    ("detail", message),
                ],
            ));
        }
    };
    out.out(&import_report(&outcome, ctx))
        .map_err(AppError::Stdout)?;
    let changes = outcome.added_entries.len() + outcome.new_terms.len();
    finish_edit(
        &path,
        &text,
        &outcome.new_yaml,
        changes,
        args.dry_run,
        ctx,
        out,
    )?;
    let serious = outcome
        .skipped
        .iter()
        .filter(|s| !matches!(s.reason, SkipReason::AlreadyPresent))
        .count();
    Ok(if serious > 0 {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

fn import_report(outcome: &GlossaryImportOutcome, ctx: &Context<'_>) -> String {
    let loc = ctx.loc;
    let mut s = String::new();
    for id in &outcome.new_terms {
        s.push_str(&loc.msg("glossary-import-new-term", &[("term", id.clone().into())]));
        s.push('\n');
    }
    for (id, lang) in &outcome.added_entries {
        s.push_str(&loc.msg(
            "glossary-import-added",
            &[("term", id.clone().into()), ("lang", lang.clone().into())],
        ));
        s.push('\n');
    }
    for skip in &outcome.skipped {
        let id = format!("import-skip-{}", skip.reason.id());
        let mut args: Vec<(&str, fluent::FluentValue<'_>)> = vec![
            ("item", num(skip.item)),
            ("source", skip.source.clone().into()),
            ("lang", skip.lang.clone().into()),
        ];
        match &skip.reason {
            SkipReason::Conflict { existing } => args.push(("existing", existing.clone().into())),
            SkipReason::NotEditable { detail } => args.push(("detail", (*detail).into())),
            SkipReason::Invalid { rules } => args.push(("rules", rules.join(", ").into())),
            _ => {}
        }
        s.push_str(&loc.msg(&id, &args));
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backup_sits_next_to_the_glossary() {
        assert_eq!(
            backup_path(Path::new("a/glossary.yaml")),
            PathBuf::from("a/glossary.yaml.bak")
        );
        assert_eq!(
            backup_path(Path::new("g.yaml")),
            PathBuf::from("g.yaml.bak")
        );
    }

    #[test]
    fn padding_counts_terminal_columns() {
        assert_eq!(pad("琉璃", 6), "琉璃  ");
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(pad("abcdef", 3), "abcdef");
    }

    #[test]
    fn every_refusal_and_skip_reason_has_a_message_in_every_locale() {
        let refusals = [
            RefusalReason::UnknownTerm,
            RefusalReason::UnknownDecision { value: "x".into() },
            RefusalReason::NoDecision,
            RefusalReason::Conflict {
                current_text: "x".into(),
            },
            RefusalReason::MissingFingerprint,
            RefusalReason::NoText,
            RefusalReason::NoEntry,
            RefusalReason::NoReviewer,
            RefusalReason::DuplicateRow { first_row: 2 },
            RefusalReason::NotEditable { detail: "layout" },
            RefusalReason::Invalid { rules: vec!["r"] },
        ];
        let skips = [
            SkipReason::AlreadyPresent,
            SkipReason::Conflict {
                existing: "x".into(),
            },
            SkipReason::Empty,
            SkipReason::BadLanguage,
            SkipReason::NotEditable { detail: "layout" },
            SkipReason::Invalid { rules: vec!["r"] },
        ];
        let wanted: Vec<String> = refusals
            .iter()
            .map(|r| format!("apply-refused-{}", r.id()))
            .chain(skips.iter().map(|s| format!("import-skip-{}", s.id())))
            .collect();
        for (tag, source) in subloc::i18n::LOCALES {
            let ids = subloc::i18n::message_ids(source);
            for id in &wanted {
                assert!(ids.contains(&id.as_str()), "{tag} lacks {id}");
            }
        }
        // The reason's data reaches the text.
        let en = crate::app::tests::en();
        let text = refusal_text(&en, &RefusalReason::DuplicateRow { first_row: 7 });
        assert!(text.contains("row 7"), "{text}");
        let text = refusal_text(
            &en,
            &RefusalReason::Conflict {
                current_text: "لعاب".into(),
            },
        );
        assert!(text.contains("“لعاب”"), "{text}");
    }

    #[test]
    fn dates_are_checked() {
        assert_eq!(decision_date(Some("2026-01-31")).unwrap(), "2026-01-31");
        assert!(decision_date(Some("31/01/2026")).is_err());
        assert!(lib::lint::valid_date(&decision_date(None).unwrap()));
    }
}
