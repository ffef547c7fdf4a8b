//! `subloc translate`: resolves the command line over `subloc.yaml` into a `pipeline::Spec`,
//! runs the pipeline with progress bars on the terminal, and prints the summary table (or the
//! JSON summary). Exit codes: 0 every track written and no error findings, 1 error findings or
//! segments without a translation (or an interrupted run), 2 usage, configuration or I/O error.
//!
//! Precedence: flags, then the `translate:` section of `subloc.yaml` (its paths relative to the
//! file), then the defaults (pseudo backend, `.subloc/memory.sqlite`, `out/`,
//! `{lang}/{platform}/{stem}.{ext}`). The API key is read from the environment variable the
//! configuration names, else the provider's conventional one; it is never printed.

mod progress;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use subloc::diag::{Diagnostic, Severity, rules};
use subloc::i18n::Localizer;
use subloc::pipeline::{
    self, BackendOverrides, BackendSetupError, InputError, NamingError, Observer, Outcome,
    PipelineError, ReportRenderer, Silent, Spec,
};
use subloc::report::{self, CheckReport, RenderOptions, ReportFormat};
use subloc::translate::scheduler::Cancel;

use super::{AppError, Context, ExitStatus, Output, label_text, lang_arg, show, show_found};
use crate::cli::{TextFormat, TranslateArgs};

pub fn run(
    args: &TranslateArgs,
    config: Option<&Path>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let cwd = std::env::current_dir().map_err(|e| AppError::read(Path::new("."), e))?;
    let settings = super::settings(config)?;
    let tc = &settings.translate;
    let base: PathBuf = settings
        .config_path
        .as_deref()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| cwd.clone());
    let from_config = |p: &Path| {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            base.join(p)
        }
    };

    let episode_args: Vec<PathBuf> = if args.episodes.is_empty() {
        tc.episodes
            .iter()
            .map(|e| from_config(Path::new(e)))
            .collect()
    } else {
        args.episodes.clone()
    };
    let episodes = pipeline::inputs::expand(&episode_args, &cwd).map_err(input_error)?;

    let targets = list(&args.to, &tc.targets);
    if targets.is_empty() {
        return Err(AppError::usage("error-translate-no-targets", &[]));
    }
    let targets = targets
        .iter()
        .map(|t| lang_arg(t))
        .collect::<Result<Vec<_>, _>>()?;
    let platforms = list(&args.platform, &tc.platforms);
    if platforms.is_empty() {
        return Err(AppError::usage("error-translate-no-platforms", &[]));
    }
    let source_lang = match args.from.as_deref().or(tc.source.as_deref()) {
        Some(l) => Some(lang_arg(l)?),
        None => None,
    };

    let glossary_path = match &args.glossary {
        Some(p) => Some(p.clone()),
        None => settings.glossary.clone(),
    };
    let glossary = match &glossary_path {
        Some(p) => Some(subloc::cmd::settings::load_glossary(&show_found(p))?.glossary),
        None => None,
    };
    let synopsis = tc.synopsis.clone().or_else(|| {
        glossary
            .as_ref()
            .and_then(|g| g.series.as_ref())
            .and_then(|s| s.synopsis.clone())
    });

    let overrides = BackendOverrides {
        url: args.backend_url.clone(),
        model: args.model.clone(),
    };
    let env = |var: &str| std::env::var(var).ok();
    let backend_name = args
        .backend
        .clone()
        .or_else(|| tc.backend.clone())
        .unwrap_or_else(|| "pseudo".to_string());
    let backend =
        pipeline::backend::build(&backend_name, tc, &overrides, &env).map_err(backend_error)?;
    let fallback = match &tc.fallback {
        Some(name) => Some(
            pipeline::backend::build(name, tc, &BackendOverrides::default(), &env)
                .map_err(backend_error)?
                .backend,
        ),
        None => None,
    };

    let memory = match (&args.memory, &tc.memory) {
        (Some(p), _) => p.clone(),
        (None, Some(p)) => from_config(p),
        (None, None) => PathBuf::from(pipeline::DEFAULT_MEMORY),
    };
    let out_dir = match (&args.out, &tc.out) {
        (Some(p), _) => p.clone(),
        (None, Some(p)) => from_config(p),
        (None, None) => PathBuf::from(pipeline::DEFAULT_OUT),
    };
    let pattern = args
        .pattern
        .clone()
        .or_else(|| tc.pattern.clone())
        .unwrap_or_else(|| pipeline::DEFAULT_PATTERN.to_string());
    let jobs = args.jobs.or(tc.jobs).unwrap_or(2).max(1);

    let spec = Spec {
        episodes,
        source_lang,
        targets,
        platforms,
        profiles: settings.profiles.clone(),
        glossary,
        backend,
        fallback,
        memory: Some(memory),
        out_dir,
        pattern,
        synopsis,
        dry_run: args.dry_run,
        budget: args.budget.or(tc.budget),
        refresh: args.refresh,
        retime: args.retime || tc.retime.unwrap_or(false),
        bilingual: args.bilingual || tc.bilingual.unwrap_or(false),
        jobs,
        severity: settings.severity.clone(),
        cancel: Cancel::new(),
        listen_ctrl_c: true,
    };

    let json = args.format == TextFormat::Json;
    let bars = (!json && !ctx.quiet)
        .then(|| progress::Bars::new(ctx.loc))
        .flatten();
    let observer: Arc<dyn Observer> = match &bars {
        Some(b) => b.clone(),
        None => Arc::new(Silent),
    };
    let renderer = Html { loc: ctx.loc };
    let result = pipeline::run(spec, observer, &renderer);
    if let Some(b) = &bars {
        b.clear();
    }
    let outcome = result.map_err(pipeline_error)?;

    if json {
        let text = serde_json::to_string_pretty(&outcome).unwrap_or_else(|_| "{}".into());
        out.out(&text).map_err(AppError::Stdout)?;
        out.out("\n").map_err(AppError::Stdout)?;
    } else {
        if !ctx.quiet {
            source_findings(&outcome, ctx, out);
        }
        let text = if outcome.dry_run {
            dry_run_table(&outcome, ctx.loc)
        } else {
            summary_table(&outcome, ctx.loc)
        };
        out.out(&text).map_err(AppError::Stdout)?;
        out.out(&super::xliff::next_steps(&outcome, ctx.loc))
            .map_err(AppError::Stdout)?;
        // Segments exported for translators are listed by `next_steps`, not as failures.
        let awaiting = pipeline::xliff::AWAITING;
        let abandoned = outcome
            .languages
            .iter()
            .any(|l| l.stats.as_ref().is_some_and(|s| s.primary_abandoned));
        if outcome.failed.iter().any(|f| f.reason != awaiting)
            || outcome.stopped.is_some()
            || abandoned
        {
            out.err(&failures(&outcome, ctx.loc));
        }
    }
    Ok(if !outcome.dry_run && outcome.has_failures() {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// Flag values, else the configuration's (a flag given empty is no flag).
fn list(flag: &[String], config: &[String]) -> Vec<String> {
    let pick = if flag.iter().any(|s| !s.trim().is_empty()) {
        flag
    } else {
        config
    };
    let mut out: Vec<String> = Vec::new();
    for v in pick.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        if !out.iter().any(|o| o == v) {
            out.push(v.to_string());
        }
    }
    out
}

/// Problems found while reading the episodes (the run goes on; they are the source's).
fn source_findings(outcome: &Outcome, ctx: &Context<'_>, out: &mut dyn Output) {
    for ep in outcome.episodes.iter().filter(|e| e.source_findings > 0) {
        out.err(&ctx.loc.msg(
            "translate-source-findings",
            &[
                ("path", ep.path.clone().into()),
                ("count", super::num(ep.source_findings)),
            ],
        ));
    }
}

/// The HTML pages, in the UI language.
struct Html<'a> {
    loc: &'a Localizer,
}

impl ReportRenderer for Html<'_> {
    fn html(&self, report: &CheckReport) -> String {
        let loc = self.loc;
        let message = |d: &Diagnostic| loc.diagnostic(d);
        let label = |id: &str, args: &[(&str, String)]| label_text(loc, id, args);
        let english = Localizer::english();
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
            color: false,
            ui_lang: &ui_lang,
            ..RenderOptions::default()
        };
        report::render(report, ReportFormat::Html, &opts)
    }
}

/// A Fluent message with string arguments (numbers become Fluent numbers).
fn t(loc: &Localizer, id: &str, args: &[(&str, String)]) -> String {
    label_text(loc, id, args)
}

fn summary_table(o: &Outcome, loc: &Localizer) -> String {
    let mut text = t(
        loc,
        "translate-header",
        &[
            ("episodes", o.episodes.len().to_string()),
            ("source", o.source_lang.clone()),
            ("backend", o.backend.clone()),
        ],
    );
    text.push_str("\n\n");
    let head = [
        "translate-col-lang",
        "translate-col-platform",
        "translate-col-format",
        "translate-col-files",
        "translate-col-cues",
        "translate-col-memory",
        "translate-col-billed",
        "translate-col-errors",
        "translate-col-warnings",
        "translate-col-report",
    ];
    let mut rows = vec![head.iter().map(|id| loc.text(id)).collect::<Vec<_>>()];
    let mut rule_lines = Vec::new();
    for l in &o.languages {
        for (i, p) in l.platforms.iter().enumerate() {
            let first = i == 0;
            rows.push(vec![
                if first { l.lang.clone() } else { String::new() },
                p.platform.clone(),
                p.format.clone(),
                format!("{}/{}", p.written, p.files.len()),
                p.cues.to_string(),
                if first {
                    format!("{}/{}", l.memory_hits, l.segments)
                } else {
                    String::new()
                },
                if first {
                    l.billed_chars.to_string()
                } else {
                    String::new()
                },
                p.errors.to_string(),
                p.warnings.to_string(),
                p.report.clone().unwrap_or_else(|| "-".into()),
            ]);
            if !p.by_rule.is_empty() {
                let rules: Vec<String> =
                    p.by_rule.iter().map(|(r, n)| format!("{r} {n}")).collect();
                rule_lines.push(format!("  {} {}: {}", l.lang, p.platform, rules.join(", ")));
            }
        }
    }
    text.push_str(&super::table(&rows));
    if !rule_lines.is_empty() {
        text.push('\n');
        text.push_str(&loc.text("translate-rules-heading"));
        text.push('\n');
        for line in rule_lines {
            text.push_str(&line);
            text.push('\n');
        }
    }
    let bilingual: Vec<&String> = o.languages.iter().flat_map(|l| &l.bilingual).collect();
    if !bilingual.is_empty() {
        text.push('\n');
        text.push_str(&t(
            loc,
            "translate-bilingual",
            &[("count", bilingual.len().to_string())],
        ));
        text.push('\n');
        for b in bilingual {
            text.push_str(&format!("  {b}\n"));
        }
    }
    text.push('\n');
    text.push_str(&t(
        loc,
        "translate-totals",
        &[
            ("files", o.totals.files_written.to_string()),
            ("skipped", o.totals.files_skipped.to_string()),
            ("errors", o.totals.errors.to_string()),
            ("warnings", o.totals.warnings.to_string()),
            ("hits", o.totals.memory_hits.to_string()),
            ("segments", o.totals.segments.to_string()),
            ("billed", o.totals.billed_chars.to_string()),
            ("out", o.out_dir.clone()),
        ],
    ));
    text.push('\n');
    text
}

fn dry_run_table(o: &Outcome, loc: &Localizer) -> String {
    let mut text = t(
        loc,
        "translate-dry-run-header",
        &[
            ("episodes", o.episodes.len().to_string()),
            ("source", o.source_lang.clone()),
            ("backend", o.backend.clone()),
        ],
    );
    text.push_str("\n\n");
    let head = [
        "translate-col-lang",
        "translate-col-segments",
        "translate-col-memory",
        "translate-col-duplicates",
        "translate-col-to-send",
        "translate-col-requests",
        "translate-col-billable",
        "translate-col-cost",
    ];
    let mut rows = vec![head.iter().map(|id| loc.text(id)).collect::<Vec<_>>()];
    for l in &o.languages {
        let Some(e) = &l.estimate else { continue };
        let cost = match (&e.cost, &e.currency) {
            (Some([lo, hi]), cur) => {
                let cur = cur.clone().unwrap_or_default();
                if (lo - hi).abs() < 0.005 {
                    format!("{lo:.2} {cur}")
                } else {
                    format!("{lo:.2}–{hi:.2} {cur}")
                }
            }
            (None, _) => "-".into(),
        };
        let mut billable = e.billable_chars.to_string();
        if let Some(tokens) = e.input_tokens {
            billable.push_str(&format!(" (~{tokens} tok)"));
        }
        rows.push(vec![
            l.lang.clone(),
            e.segments.to_string(),
            e.memory_hits.to_string(),
            e.deduplicated.to_string(),
            e.to_send.to_string(),
            e.requests.to_string(),
            billable,
            cost.trim().to_string(),
        ]);
    }
    text.push_str(&super::table(&rows));
    text.push('\n');
    text.push_str(&t(
        loc,
        "translate-dry-run-total",
        &[("billable", o.totals.billable_chars.to_string())],
    ));
    text.push('\n');
    text
}

/// What needs attention before delivery: untranslated segments and an early stop.
fn failures(o: &Outcome, loc: &Localizer) -> String {
    let mut lines = Vec::new();
    if let Some(reason) = &o.stopped {
        lines.push(t(loc, "translate-stopped", &[("reason", reason.clone())]));
    }
    for l in &o.languages {
        if l.stats.as_ref().is_some_and(|s| s.primary_abandoned) {
            lines.push(t(
                loc,
                "translate-primary-abandoned",
                &[("lang", l.lang.clone())],
            ));
        }
    }
    if !o.failed.is_empty() {
        lines.push(t(
            loc,
            "translate-failed",
            &[("count", o.failed.len().to_string())],
        ));
        const SHOWN: usize = 20;
        for f in o.failed.iter().take(SHOWN) {
            lines.push(format!("  {} {}: {}", f.lang, f.id, f.reason));
        }
        if o.failed.len() > SHOWN {
            lines.push(t(
                loc,
                "translate-failed-more",
                &[("count", (o.failed.len() - SHOWN).to_string())],
            ));
        }
    }
    lines.join("\n")
}

pub(super) fn input_error(e: InputError) -> AppError {
    match e {
        InputError::NotFound { path } => {
            AppError::read(&path, std::io::Error::from(std::io::ErrorKind::NotFound))
        }
        InputError::NoMatch { pattern } => {
            AppError::usage("error-translate-no-match", &[("pattern", pattern)])
        }
        InputError::Empty => AppError::usage("error-translate-no-episodes", &[]),
    }
}

pub(super) fn backend_error(e: BackendSetupError) -> AppError {
    match e {
        BackendSetupError::Unknown { name, known } => AppError::usage(
            "error-translate-backend-unknown",
            &[("name", name), ("known", known)],
        ),
        BackendSetupError::MissingKey { name, var } => AppError::usage(
            "error-translate-missing-key",
            &[("name", name), ("var", var)],
        ),
        BackendSetupError::Invalid { name, detail } => AppError::usage(
            "error-translate-backend-invalid",
            &[("name", name), ("detail", detail)],
        ),
        BackendSetupError::NeedsV3 { name, key } => AppError::usage(
            "error-translate-backend-needs-v3",
            &[("name", name), ("key", key)],
        ),
    }
}

fn naming_error(e: NamingError) -> AppError {
    match e {
        NamingError::UnknownPlaceholder { pattern, name } => AppError::usage(
            "error-translate-pattern-placeholder",
            &[("pattern", pattern), ("name", name)],
        ),
        NamingError::Escapes { pattern } => {
            AppError::usage("error-translate-pattern-escapes", &[("pattern", pattern)])
        }
        NamingError::Collision { pattern, path } => AppError::usage(
            "error-translate-collision",
            &[("pattern", pattern), ("path", show(&path))],
        ),
        NamingError::NoWritableFormat { platform, formats } => AppError::usage(
            "error-translate-no-format",
            &[("platform", platform), ("formats", formats)],
        ),
    }
}

pub(super) fn pipeline_error(e: PipelineError) -> AppError {
    let msg = |id: &'static str, args: &[(&'static str, String)]| AppError::usage(id, args);
    match e {
        PipelineError::Input(e) => input_error(e),
        PipelineError::Read(e) => AppError::Read(e),
        PipelineError::Naming(e) => naming_error(e),
        PipelineError::Profile(e) => AppError::Profile(e),
        PipelineError::UnknownSourceLang { path } => {
            msg("error-translate-source-lang", &[("path", show(&path))])
        }
        PipelineError::NoTargets => msg("error-translate-no-targets", &[]),
        PipelineError::NoPlatforms => msg("error-translate-no-platforms", &[]),
        PipelineError::Memory(e) => msg("error-translate-memory", &[("detail", e.to_string())]),
        PipelineError::Unsupported { lang, error, hint } => msg(
            hint.unwrap_or("error-translate-unsupported"),
            &[("lang", lang), ("detail", error.to_string())],
        ),
        PipelineError::OverBudget { needed, budget } => msg(
            "error-translate-over-budget",
            &[
                ("needed", needed.to_string()),
                ("budget", budget.to_string()),
            ],
        ),
        PipelineError::GlossarySync { lang, error } => msg(
            "error-translate-glossary-sync",
            &[("lang", lang), ("detail", error.to_string())],
        ),
        PipelineError::Write { path, source } => AppError::write(&path, source),
        PipelineError::Runtime(e) => msg("error-translate-runtime", &[("detail", e.to_string())]),
        PipelineError::XliffNotImported { path, units } => msg(
            "error-xliff-not-imported",
            &[("path", show(&path)), ("count", units.to_string())],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_win_over_configuration_lists() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(list(&s(&["fa", "en", "fa"]), &s(&["ar"])), s(&["fa", "en"]));
        assert_eq!(list(&s(&[""]), &s(&["ar"])), s(&["ar"]));
        assert_eq!(list(&[], &[]), Vec::<String>::new());
    }

    #[test]
    fn tables_align_by_display_width() {
        let rows = vec![
            vec!["语言".to_string(), "x".to_string()],
            vec!["fa".to_string(), "y".to_string()],
        ];
        assert_eq!(crate::app::table(&rows), "语言  x\nfa    y\n");
    }
}
