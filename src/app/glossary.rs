//! `subloc glossary lint|scan|review|apply|export|import`: flags → settings (the glossary file
//! is `--glossary`, else `glossary:` in `subloc.yaml`, else the nearest `glossary.yaml` upwards)
//! → the use cases of [`subloc::cmd::glossary`] → their reports rendered, edits saved after the
//! report is shown.
//!
//! Exit codes: `lint` 1 when the glossary has errors; `apply` 1 when any row was refused (the
//! other rows are still merged); `import` 1 when an item was skipped for a reason other than
//! "already present"; 2 for usage, configuration and I/O errors.

use std::path::Path;

use subloc::cmd::destination::Destination;
use subloc::cmd::glossary::apply::{GlossaryApplyRequest, render_apply};
use subloc::cmd::glossary::export::{GlossaryExportFormat as Format, GlossaryExportRequest};
use subloc::cmd::glossary::import::{GlossaryImportRequest, render_import};
use subloc::cmd::glossary::review::GlossaryReviewRequest;
use subloc::cmd::glossary::scan::{GlossaryScanRequest, render_scan};
use subloc::cmd::glossary::{self as uc, GlossaryEdit};
use subloc::cmd::{Flags, Settings};
use subloc::glossary::export::PairCsvStyle;
use subloc::interchange::tbx::TbxVersion;

use super::{AppError, Context, ExitStatus, Output, num, render_error, show};
use crate::cli::{
    CsvStyle, ExportFormat, GlossaryApplyArgs, GlossaryArgs, GlossaryCommand, GlossaryExportArgs,
    GlossaryImportArgs, GlossaryLintArgs, GlossaryReviewArgs, GlossaryScanArgs, TextFormat,
};

pub fn run(
    args: &GlossaryArgs,
    config: Option<&Path>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let (file, encoding) = match &args.command {
        GlossaryCommand::Lint(a) => (&a.file, None),
        GlossaryCommand::Scan(a) => (&a.file, a.encoding.as_deref()),
        GlossaryCommand::Review(a) => (&a.file, a.encoding.as_deref()),
        GlossaryCommand::Apply(a) => (&a.file, None),
        GlossaryCommand::Export(a) => (&a.file, None),
        GlossaryCommand::Import(a) => (&a.file, None),
    };
    // `glossary lint FILE` names the file as `check FILE` does; `--glossary` still works.
    let named = match &args.command {
        GlossaryCommand::Lint(a) => a.path.as_deref(),
        _ => None,
    };
    let flags = Flags {
        config,
        glossary: named.or(file.glossary.as_deref()),
        encoding,
        ..Flags::default()
    };
    let settings = Settings::resolve_for_glossary(&flags)?;
    let settings = &settings;
    match &args.command {
        GlossaryCommand::Lint(a) => lint(a, settings, ctx, out),
        GlossaryCommand::Scan(a) => scan(a, settings, ctx, out),
        GlossaryCommand::Review(a) => review(a, settings, ctx, out),
        GlossaryCommand::Apply(a) => apply(a, settings, ctx, out),
        GlossaryCommand::Export(a) => export(a, settings, ctx, out),
        GlossaryCommand::Import(a) => import_csv(a, settings, ctx, out),
    }
}

fn lint(
    a: &GlossaryLintArgs,
    settings: &Settings,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let linted = uc::lint::run(settings, &a.lang)?;
    out.out(&linted.render_report(ctx.loc, ctx.color_out))
        .map_err(AppError::Stdout)?;
    let summary = linted.render_summary(ctx.loc);
    if linted.errors > 0 {
        out.err(&render_error(ctx.loc, &summary, ctx.color_err));
        return Ok(ExitStatus::Failure);
    }
    if !ctx.quiet {
        out.err(&summary);
    }
    Ok(ExitStatus::Success)
}

fn scan(
    a: &GlossaryScanArgs,
    settings: &Settings,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let req = GlossaryScanRequest {
        episodes: &a.episodes,
        langs: &a.lang,
        candidates_out: a.candidates_out.as_deref(),
        min_count: a.min_count,
    };
    let scanned = uc::scan::run(settings, &req)?;
    let text = match a.format {
        TextFormat::Json => json(&scanned.json()),
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
    Ok(ExitStatus::Success)
}

fn review(
    a: &GlossaryReviewArgs,
    settings: &Settings,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let req = GlossaryReviewRequest {
        lang: &a.lang,
        episodes: &a.episodes,
        translations: &a.translations,
        out: &a.out,
        max_examples: a.max_examples,
        page_lang: a.page_lang.as_deref(),
    };
    let reviewed = uc::review::run(settings, &req, ctx.loc)?;
    if !ctx.quiet {
        out.err(&reviewed.render(ctx.loc));
    }
    Ok(ExitStatus::Success)
}

fn apply(
    a: &GlossaryApplyArgs,
    settings: &Settings,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let req = GlossaryApplyRequest {
        csv: &a.csv,
        dry_run: a.dry_run,
        reviewer: a.reviewer.as_deref(),
        date: a.date.as_deref(),
    };
    let applied = uc::apply::run(settings, &req)?;
    if let Some(note) = applied.render_encoding_note(&a.csv, ctx.loc) {
        out.err(&note);
    }
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
    Ok(ExitStatus::Success)
}

fn export(
    a: &GlossaryExportArgs,
    settings: &Settings,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let format = match (a.format, a.style) {
        (ExportFormat::Tbx, _) => Format::Tbx(TbxVersion::V3),
        (ExportFormat::Tbx2008, _) => Format::Tbx(TbxVersion::Basic2008),
        (ExportFormat::Csv, CsvStyle::Deepl) => Format::Csv(PairCsvStyle::Deepl),
        (ExportFormat::Csv, CsvStyle::Google) => Format::Csv(PairCsvStyle::Google),
    };
    let req = GlossaryExportRequest {
        format,
        langs: &a.lang,
        include_proposed: a.include_proposed,
        output: a.output.as_deref(),
    };
    match uc::export::run(settings, &req)? {
        Destination::File(p) if !ctx.quiet => out.err(
            &ctx.loc
                .msg("glossary-exported", &[("path", show(&p).into())]),
        ),
        Destination::File(_) => {}
        Destination::Stdout(bytes) => out.out_bytes(&bytes).map_err(AppError::Stdout)?,
    }
    Ok(ExitStatus::Success)
}

fn import_csv(
    a: &GlossaryImportArgs,
    settings: &Settings,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let req = GlossaryImportRequest {
        input: &a.input,
        lang: a.lang.as_deref(),
        dry_run: a.dry_run,
        date: a.date.as_deref(),
    };
    let imported = uc::import::run(settings, &req)?;
    out.out(&render_import(&imported.outcome, ctx.loc))
        .map_err(AppError::Stdout)?;
    saved(&imported.edit, ctx, out)?;
    if imported.serious > 0 {
        return Ok(ExitStatus::Failure);
    }
    Ok(ExitStatus::Success)
}

fn json<T: serde::Serialize>(value: &T) -> String {
    // Plain owned data always serializes; an empty object is the safe degenerate case.
    let mut s = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

/// Saves an edit of the glossary and says what happened.
fn saved(edit: &GlossaryEdit, ctx: &Context<'_>, out: &mut dyn Output) -> Result<(), AppError> {
    let saved = edit.save()?;
    if !ctx.quiet {
        out.err(&saved.render(&edit.path, ctx.loc));
    }
    Ok(())
}
