//! `subloc glossary lint|scan|review|apply|export|import`: maps the flags to the use cases of
//! [`subloc::cmd::glossary`], resolving the glossary file (`--glossary`, else `glossary:` in
//! `subloc.yaml`, else the nearest `glossary.yaml` upwards), and renders what they return.
//!
//! Exit codes: `lint` 1 when the glossary has errors; `apply` 1 when any row was refused (the
//! other rows are still merged); `import` 1 when an item was skipped for a reason other than
//! "already present"; 2 for usage, configuration and I/O errors.

use std::path::{Path, PathBuf};

use subloc::cmd::deliver::Delivered;
use subloc::cmd::glossary::apply::{ApplyInput, render_apply};
use subloc::cmd::glossary::export::{ExportFormat as Format, ExportInput};
use subloc::cmd::glossary::import::{ImportInput, render_import};
use subloc::cmd::glossary::review::ReviewInput;
use subloc::cmd::glossary::scan::{ScanInput, render_scan};
use subloc::cmd::glossary::{self as uc, Edit, Failure, Saved};
use subloc::glossary::Glossary;
use subloc::glossary::export::PairCsvStyle;

use super::{
    AppError, Context, ExitStatus, Output, num, render_diagnostic, render_error, show, show_found,
};
use crate::cli::{CsvStyle, ExportFormat, GlossaryArgs, GlossaryCommand, TextFormat};

pub fn run(
    args: &GlossaryArgs,
    config: Option<&Path>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let file = |f: &crate::cli::GlossaryFile| glossary_path(f.glossary.as_deref(), config);
    let fail = |f: Failure, out: &mut dyn Output| fail(f, ctx, out);
    match &args.command {
        GlossaryCommand::Lint(a) => {
            let linted = uc::lint::lint(file(&a.file), &a.lang)?;
            let mut report = String::new();
            for d in &linted.diagnostics {
                report.push_str(&render_diagnostic(ctx.loc, d, ctx.color_out));
                report.push('\n');
            }
            out.out(&report).map_err(AppError::Stdout)?;
            let path = show(&linted.path);
            let summary = match linted.terms {
                Some(terms) => ctx.loc.msg(
                    "glossary-lint-ok",
                    &[
                        ("path", path.into()),
                        ("count", num(terms)),
                        ("warnings", num(linted.warnings)),
                    ],
                ),
                None => ctx.loc.msg(
                    "glossary-lint-failed",
                    &[
                        ("path", path.into()),
                        ("errors", num(linted.errors)),
                        ("warnings", num(linted.warnings)),
                    ],
                ),
            };
            if linted.errors > 0 {
                out.err(&render_error(ctx.loc, &summary, ctx.color_err));
                return Ok(ExitStatus::Failure);
            }
            if !ctx.quiet {
                out.err(&summary);
            }
        }
        GlossaryCommand::Scan(a) => {
            let scanned = uc::scan::scan(ScanInput {
                glossary: file(&a.file),
                episodes: a.episodes.clone(),
                langs: a.lang.clone(),
                candidates_out: a.candidates_out.clone(),
                min_count: a.min_count,
                encoding: a.encoding.clone(),
            })
            .map_err(|f| fail(f, out))?;
            let text = match a.format {
                TextFormat::Json => {
                    let mut json = serde_json::to_string_pretty(&scanned.json())
                        .unwrap_or_else(|_| "{}".into());
                    json.push('\n');
                    json
                }
                TextFormat::Human => render_scan(&scanned, ctx.loc, ctx.color_out),
            };
            out.out(&text).map_err(AppError::Stdout)?;
            if let Some(cpath) = scanned.write_candidates()?
                && !ctx.quiet
            {
                out.err(&ctx.loc.msg(
                    "glossary-candidates-written",
                    &[
                        ("count", num(scanned.report.candidates.len())),
                        ("path", show(cpath).into()),
                        ("glossary", show(&scanned.path).into()),
                    ],
                ));
            }
        }
        GlossaryCommand::Review(a) => {
            let input = ReviewInput {
                glossary: file(&a.file),
                lang: a.lang.clone(),
                episodes: a.episodes.clone(),
                translations: a.translations.clone(),
                out: a.out.clone(),
                max_examples: a.max_examples,
                encoding: a.encoding.clone(),
            };
            let r = uc::review::review(input, ctx.loc).map_err(|f| fail(f, out))?;
            if !ctx.quiet {
                out.err(&ctx.loc.msg(
                    "glossary-review-written",
                    &[
                        ("html", show(&r.html).into()),
                        ("csv", show(&r.csv).into()),
                        ("count", num(r.terms)),
                        ("approved", num(r.approved)),
                        ("proposed", num(r.proposed)),
                        ("rejected", num(r.rejected)),
                        ("missing", num(r.missing)),
                    ],
                ));
            }
        }
        GlossaryCommand::Apply(a) => {
            let applied = uc::apply::apply(ApplyInput {
                glossary: file(&a.file),
                csv: a.csv.clone(),
                dry_run: a.dry_run,
                reviewer: a.reviewer.clone(),
                date: a.date.clone(),
            })
            .map_err(|f| fail(f, out))?;
            out.out(&render_apply(&applied.outcome, ctx.loc, ctx.color_out))
                .map_err(AppError::Stdout)?;
            saved(&applied.edit, ctx, out)?;
            let refused = applied.outcome.refused.len();
            if refused > 0 {
                let msg = ctx
                    .loc
                    .msg("glossary-apply-refused-count", &[("count", num(refused))]);
                out.err(&render_error(ctx.loc, &msg, ctx.color_err));
                return Ok(ExitStatus::Failure);
            }
        }
        GlossaryCommand::Export(a) => {
            let format = match (a.format, a.style) {
                (ExportFormat::Tbx, _) => Format::Tbx,
                (ExportFormat::Csv, CsvStyle::Deepl) => Format::Csv(PairCsvStyle::Deepl),
                (ExportFormat::Csv, CsvStyle::Google) => Format::Csv(PairCsvStyle::Google),
            };
            let delivered = uc::export::export(ExportInput {
                glossary: file(&a.file),
                format,
                langs: a.lang.clone(),
                include_proposed: a.include_proposed,
                output: a.output.clone(),
            })
            .map_err(|f| fail(f, out))?;
            match delivered {
                Delivered::File(p) if !ctx.quiet => out.err(
                    &ctx.loc
                        .msg("glossary-exported", &[("path", show(&p).into())]),
                ),
                Delivered::File(_) => {}
                Delivered::Stdout(bytes) => out.out_bytes(&bytes).map_err(AppError::Stdout)?,
            }
        }
        GlossaryCommand::Import(a) => {
            let imported = uc::import::import(ImportInput {
                glossary: file(&a.file),
                input: a.input.clone(),
                lang: a.lang.clone(),
                dry_run: a.dry_run,
                date: a.date.clone(),
            })
            .map_err(|f| fail(f, out))?;
            out.out(&render_import(&imported.outcome, ctx.loc))
                .map_err(AppError::Stdout)?;
            saved(&imported.edit, ctx, out)?;
            if imported.serious > 0 {
                return Ok(ExitStatus::Failure);
            }
        }
    }
    Ok(ExitStatus::Success)
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

/// Reads and loads the glossary; its errors are shown (with positions) before failing.
pub fn load_glossary(
    path: &Path,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<(String, Glossary), AppError> {
    uc::load(path).map_err(|f| fail(f, ctx, out))
}

/// The error that ends a glossary command; an invalid glossary's diagnostics are shown first.
fn fail(failure: Failure, ctx: &Context<'_>, out: &mut dyn Output) -> AppError {
    match failure {
        Failure::Error(e) => e,
        Failure::Invalid { path, diagnostics } => {
            for d in &diagnostics {
                out.err(&render_diagnostic(ctx.loc, d, ctx.color_err));
            }
            AppError::GlossaryInvalid {
                path,
                errors: diagnostics.len(),
            }
        }
    }
}

/// Saves an edit of the glossary and says what happened.
fn saved(edit: &Edit, ctx: &Context<'_>, out: &mut dyn Output) -> Result<(), AppError> {
    let path = show(&edit.path);
    let text = match edit.save()? {
        Saved::Unchanged => ctx.loc.msg("glossary-unchanged", &[("path", path.into())]),
        Saved::DryRun { changes } => ctx.loc.msg(
            "glossary-dry-run",
            &[("path", path.into()), ("count", num(changes))],
        ),
        Saved::Updated { changes, backup } => ctx.loc.msg(
            "glossary-updated",
            &[
                ("path", path.into()),
                ("count", num(changes)),
                ("backup", show(&backup).into()),
            ],
        ),
    };
    if !ctx.quiet {
        out.err(&text);
    }
    Ok(())
}
