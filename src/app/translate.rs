//! `subloc translate`: flags → settings → the `translate` use case (`subloc::cmd::translate`,
//! which resolves the run over `subloc.yaml` and runs the pipeline) with progress bars on the
//! terminal → the summary table (or the JSON summary). Exit codes: 0 every track written and no
//! error findings, 1 error findings or segments without a translation (or an interrupted run),
//! 2 usage, configuration or I/O error, or a provider that stopped the run (a rejected key, an
//! exhausted quota, a wrong URL or model, an unreachable or failing endpoint).

mod progress;

use std::path::Path;
use std::sync::Arc;

use subloc::cmd::translate::{self as use_case, TranslateRequest};
use subloc::cmd::{Flags, Settings};
use subloc::i18n::Localizer;
use subloc::pipeline::{self, Observer, Outcome, ReportRenderer, Silent};
use subloc::report::{CheckReport, HtmlPage, IndexRow, Season};

use super::{AppError, Context, ExitStatus, Output};
use crate::cli::{TextFormat, TranslateArgs};

pub fn run(
    args: &TranslateArgs,
    config: Option<&Path>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let settings = Settings::resolve(&Flags {
        config,
        glossary: args.glossary.as_deref(),
        memory: args.memory.as_deref(),
        memory_password_env: args.memory_password_env.as_deref(),
        ffmpeg: args.video_opts.ffmpeg.as_deref(),
        ..Flags::default()
    })?;
    let req = TranslateRequest {
        episodes: &args.episodes,
        to: &args.to,
        platforms: &args.platform,
        from: args.from.as_deref(),
        backend: args.backend.as_deref(),
        backend_url: args.backend_url.as_deref(),
        model: args.model.as_deref(),
        out: args.out.as_deref(),
        pattern: args.pattern.as_deref(),
        jobs: args.jobs,
        budget: args.budget,
        dry_run: args.dry_run,
        refresh: args.refresh,
        retime: args.retime,
        bilingual: args.bilingual,
        videos: &args.videos,
        scale_to_canvas: args.video_opts.scale_to_canvas,
        codec: args.video_opts.codec.as_deref(),
        crf: args.video_opts.crf,
        preset: args.video_opts.preset.as_deref(),
        video_jobs: args.video_jobs,
    };
    let spec = use_case::spec(&settings, &req, &|var| std::env::var(var).ok())?;
    if let Some(url) = settings.memory_plaintext_warning() {
        out.err(&subloc::cmd::label_text(
            ctx.loc,
            "warning-memory-plaintext",
            &[("url", url)],
        ));
    }
    if let Some(url) = &spec.backend.insecure_http {
        out.err(&subloc::cmd::label_text(
            ctx.loc,
            "warning-insecure-http",
            &[("url", url.clone())],
        ));
    }

    let json = args.format == TextFormat::Json;
    let bars = (!json && !ctx.quiet)
        .then(|| progress::Bars::new(ctx.loc))
        .flatten();
    let observer: Arc<dyn Observer> = match &bars {
        Some(b) => b.clone(),
        None => Arc::new(Silent),
    };
    let renderer = Html { loc: ctx.loc };
    let result = use_case::run(spec, observer, &renderer);
    if let Some(b) = &bars {
        b.clear();
    }
    let outcome = result?;
    super::font_warnings(&settings, ctx, out);

    if json {
        let text = serde_json::to_string_pretty(&outcome).unwrap_or_else(|_| "{}".into());
        out.out(&text).map_err(AppError::Stdout)?;
        out.out("\n").map_err(AppError::Stdout)?;
    } else {
        human(&outcome, ctx, out)?;
    }
    // The provider stopped the run: a configuration or network matter, never "findings" (exit
    // 1 is what CI reads as subtitle problems). The summary above says what was kept.
    if let Some(stop) = &outcome.backend_stop {
        return Err(AppError::BackendStopped(Box::new(stop.clone())));
    }
    Ok(if !outcome.dry_run && outcome.has_failures() {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// The human summary: the sources' findings, the table, the XLIFF next steps, and what needs
/// attention before delivery.
fn human(outcome: &Outcome, ctx: &Context<'_>, out: &mut dyn Output) -> Result<(), AppError> {
    if !ctx.quiet {
        for line in use_case::source_findings(outcome, ctx.loc) {
            out.err(&line);
        }
    }
    let text = if outcome.dry_run {
        use_case::dry_run_table(outcome, ctx.loc)
    } else {
        use_case::summary_table(outcome, ctx.loc)
    };
    out.out(&text).map_err(AppError::Stdout)?;
    out.out(&subloc::cmd::xliff::next_steps(outcome, ctx.loc))
        .map_err(AppError::Stdout)?;
    for line in use_case::video_lines(outcome, ctx.loc) {
        out.err(&line);
    }
    // Segments exported for translators are listed by `next_steps`, not as failures.
    let awaiting = pipeline::xliff::AWAITING;
    let abandoned = outcome
        .languages
        .iter()
        .any(|l| l.stats.as_ref().is_some_and(|s| s.primary_abandoned));
    if outcome.failed.iter().any(|f| f.reason != awaiting) || outcome.stopped.is_some() || abandoned
    {
        out.err(&use_case::failures(outcome, ctx.loc));
    }
    Ok(())
}

/// The HTML pages, in the UI language.
struct Html<'a> {
    loc: &'a Localizer,
}

impl ReportRenderer for Html<'_> {
    fn season(&self, report: &CheckReport, season: &Season<'_>) -> Vec<HtmlPage> {
        subloc::cmd::render_season(report, season, self.loc)
    }

    fn index(&self, rows: &[IndexRow]) -> String {
        subloc::cmd::render_index(rows, self.loc)
    }
}
