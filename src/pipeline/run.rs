//! Executing a planned run: the translation of every language (one scheduler run each, `jobs` at
//! a time, on a tokio runtime that also listens for Ctrl-C), then the outputs (`outputs`: the
//! per-file job on `jobs` threads, reports and the summary). Dry runs stop after planning.

use std::path::Path;
use std::sync::Arc;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::summary::{
    BackendStop, EpisodeSummary, GlossaryUsed, LangSummary, Outcome, SpendingBound,
};
use super::{
    LangPlan, LangProgress, Observer, PipelineError, PipelineEvent, ReportRenderer, SourceEpisode,
    Spec, all_segments, open_memory, provider_entries, run_config, run_error,
};
use crate::translate::backends::http;
use crate::translate::cost;
use crate::translate::interrupted;
use crate::translate::memory::{Journal, MemoryStore};
use crate::translate::scheduler::StopReason;
use crate::translate::scheduler::{
    PlanSummary, RunConfig, RunResult, Scheduler, SharedPace, SharedSpend, SlackPool,
};
use crate::translate::{Backend, BackendError};

pub(super) fn execute(
    spec: Spec,
    sources: Vec<SourceEpisode>,
    source_lang: String,
    plans: Vec<LangPlan>,
    video_notes: Option<super::VideoNotes>,
    observer: Arc<dyn Observer>,
    renderer: &dyn ReportRenderer,
) -> Result<Outcome, PipelineError> {
    let backend = spec.backend.backend.clone();
    check_languages(&spec, &source_lang, &plans)?;
    // A wrong video is refused before anything is paid for.
    let probes = match &spec.video {
        Some(v) if !spec.dry_run => super::video::preflight(v, &plans)?,
        _ => Default::default(),
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(PipelineError::Runtime)?;
    // A dry run reads an existing memory but never creates one (issue 14 §6), and replays no
    // journal.
    let is_team = |p: &Path| {
        p.to_str()
            .is_some_and(crate::translate::memory::is_postgres_url)
    };
    let (memory, journal) = open_memory(
        spec.memory
            .as_deref()
            .filter(|p| !spec.dry_run || p.exists() || is_team(p)),
        &spec.memory_access,
        !spec.dry_run,
    )?;
    let mut outcome = start_outcome(&spec, &sources, &source_lang, &plans);
    outcome.video_notes = video_notes;
    observer.event(&started(&plans));
    if spec.listen_ctrl_c {
        listen_for_interrupts(&rt, &spec, &observer);
    }

    let mut configs: Vec<RunConfig> = plans
        .iter()
        .map(|p| run_config(&spec, &source_lang, p))
        .collect();
    if !spec.dry_run {
        sync_glossaries(&rt, &spec, &source_lang, &plans, &mut configs)?;
    }

    let xliff = super::xliff::is_xliff(&*backend);
    if spec.dry_run || !xliff {
        let planned = plan_all(&rt, &backend, &memory, &plans, &configs)?;
        if spec.dry_run {
            for (p, plan) in plans.iter().zip(&planned) {
                outcome.languages.push(dry_run_summary(&spec, p, plan));
            }
            outcome.videos = super::video::planned(&spec, &plans, &sources);
            outcome.total();
            return Ok(outcome);
        }
        outcome.spending_bound = Some(match spec.budget {
            Some(budget) => share_budget(budget, &planned, &mut configs)?,
            None => default_bound(&planned, &mut configs),
        });
    }

    let results = if xliff {
        let (results, exports) = super::xliff::collect(
            &spec,
            &sources,
            &source_lang,
            &plans,
            &configs,
            &*memory,
            &observer,
        )?;
        outcome.xliff = exports;
        results
    } else {
        let results = rt.block_on(translate_all(
            &spec, &plans, configs, memory, journal, &observer,
        ))?;
        memory_failure(&spec, &results)?;
        results
    };
    let mut outcome = super::outputs::deliver_all(
        &spec, &sources, &plans, &results, outcome, &observer, renderer, &probes,
    )?;
    outcome.backend_stop = backend_stop(&spec, &results, outcome.spending_bound);
    if xliff {
        super::xliff::mark_awaiting(&mut outcome);
    }
    drop(rt);
    Ok(outcome)
}

/// Fails before anything is sent when the backend cannot translate into one of the languages,
/// pointing at DeepL's beta opt-in when that is what is missing.
fn check_languages(
    spec: &Spec,
    source_lang: &str,
    plans: &[LangPlan],
) -> Result<(), PipelineError> {
    for p in plans {
        spec.backend
            .backend
            .supports(source_lang, &p.lang)
            .map_err(|error| PipelineError::Unsupported {
                lang: p.lang.clone(),
                error,
                hint: spec
                    .backend
                    .deepl
                    .as_ref()
                    .filter(|d| d.needs_beta_opt_in(&p.lang) || d.needs_beta_opt_in(source_lang))
                    .map(|_| "error-translate-unsupported-deepl-beta"),
            })?;
    }
    Ok(())
}

/// The summary before any translation: the run's settings and one entry per source episode.
fn start_outcome(
    spec: &Spec,
    sources: &[SourceEpisode],
    source_lang: &str,
    plans: &[LangPlan],
) -> Outcome {
    Outcome {
        version: 1,
        dry_run: spec.dry_run,
        backend: spec.backend.label.clone(),
        source_lang: source_lang.to_string(),
        out_dir: spec.out_dir.display().to_string(),
        memory: spec.memory.as_ref().map(|p| p.display().to_string()),
        glossary: GlossaryUsed {
            found: spec.glossary.is_some(),
            path: spec
                .glossary
                .as_ref()
                .and(spec.glossary_path.as_ref())
                .map(|p| p.display().to_string()),
            terms: spec.glossary.as_ref().map_or(0, |g| g.terms.len()),
        },
        episodes: sources
            .iter()
            .enumerate()
            .map(|(i, s)| EpisodeSummary {
                path: s.ep.path.display().to_string(),
                key: s.ep.key.clone(),
                format: s.format.name().to_string(),
                cues: s.track.cues.len(),
                segments: plans
                    .first()
                    .and_then(|p| p.prepared.get(i))
                    .map_or(0, Vec::len),
                source_findings: s.diagnostics.len(),
            })
            .collect(),
        ..Outcome::default()
    }
}

/// The event that opens a run: each language with the number of segments it has.
fn started(plans: &[LangPlan]) -> PipelineEvent {
    PipelineEvent::Started {
        languages: plans
            .iter()
            .map(|p| {
                (
                    p.lang.clone(),
                    p.prepared.iter().map(Vec::len).sum::<usize>() as u64,
                )
            })
            .collect(),
    }
}

/// Listens on the runtime for interrupts: the first stops the run (answers in flight are still
/// kept), a second abandons the requests in flight.
fn listen_for_interrupts(rt: &tokio::runtime::Runtime, spec: &Spec, observer: &Arc<dyn Observer>) {
    let cancel = spec.cancel.clone();
    let obs = observer.clone();
    rt.spawn(async move {
        if interrupted().await {
            cancel.stop();
            obs.event(&PipelineEvent::Interrupted { abandon: false });
            if interrupted().await {
                cancel.abort();
                obs.event(&PipelineEvent::Interrupted { abandon: true });
            }
        }
    });
}

/// Uploads the glossary to the provider, one per target language, when the backend keeps
/// glossaries of its own, and hands each language's glossary id to its run.
fn sync_glossaries(
    rt: &tokio::runtime::Runtime,
    spec: &Spec,
    source_lang: &str,
    plans: &[LangPlan],
    configs: &mut [RunConfig],
) -> Result<(), PipelineError> {
    let (Some(sync), Some(g)) = (&spec.backend.glossary_sync, &spec.glossary) else {
        return Ok(());
    };
    for (p, cfg) in plans.iter().zip(configs.iter_mut()) {
        let entries = provider_entries(g, &p.lang);
        let id = rt
            .block_on(sync.sync(source_lang, &p.lang, &entries))
            .map_err(|error| PipelineError::GlossarySync {
                lang: p.lang.clone(),
                error,
            })?;
        cfg.glossary_id = id;
    }
    Ok(())
}

/// What each language's run would send, without sending anything.
fn plan_all(
    rt: &tokio::runtime::Runtime,
    backend: &Arc<dyn Backend>,
    memory: &Arc<dyn MemoryStore>,
    plans: &[LangPlan],
    configs: &[RunConfig],
) -> Result<Vec<PlanSummary>, PipelineError> {
    let mut planned = Vec::with_capacity(plans.len());
    for (p, cfg) in plans.iter().zip(configs) {
        let sched = Scheduler::new(backend.clone()).with_memory(memory.clone());
        let segs = all_segments(p);
        let summary = rt
            .block_on(sched.plan(cfg, &segs))
            .map_err(|e| run_error(&p.lang, e))?;
        planned.push(summary);
    }
    Ok(planned)
}

/// A language's line of a dry run: what would be sent and what it would cost.
fn dry_run_summary(spec: &Spec, p: &LangPlan, plan: &PlanSummary) -> LangSummary {
    let est = cost::estimate(
        plan,
        spec.backend.backend.billing(),
        &spec.backend.pricing,
        &p.lang,
    );
    LangSummary {
        lang: p.lang.clone(),
        segments: plan.segments,
        memory_hits: plan.memory_hits,
        deduplicated: plan.deduplicated,
        requests: plan.requests,
        prompt_chars: plan.prompt_chars,
        glossary_invalidated: plan.glossary_invalidated,
        estimate: Some(est),
        ..LangSummary::default()
    }
}

/// Fails when the planned characters exceed `budget`; otherwise gives each language its planned
/// characters plus a share of the slack (proportional to its size) for retries.
fn share_budget(
    budget: u64,
    planned: &[PlanSummary],
    configs: &mut [RunConfig],
) -> Result<SpendingBound, PipelineError> {
    let needed: u64 = planned.iter().map(|p| p.chars).sum();
    if needed > budget {
        return Err(PipelineError::OverBudget { needed, budget });
    }
    // The slack is the run's, not each language's: one pool (`SlackPool`).
    pool_bound(planned, configs, budget - needed);
    Ok(SpendingBound {
        chars: budget,
        from_budget: true,
    })
}

/// Extra characters a run may spend beyond its estimate at least, so that one retried request
/// of a small run does not hit the bound.
const MIN_SLACK: u64 = 1_000;

/// Without `--budget`, retries, bisections and re-asks of all the languages of the run together
/// may spend half the run's estimate again (at least `MIN_SLACK`), then the run stops cleanly
/// (issue 14 §7: a failing provider once drew 16× the source characters).
fn default_bound(planned: &[PlanSummary], configs: &mut [RunConfig]) -> SpendingBound {
    let needed: u64 = planned.iter().map(|p| p.chars).sum();
    let slack = (needed / 2).max(MIN_SLACK);
    pool_bound(planned, configs, slack);
    SpendingBound {
        chars: needed.saturating_add(slack),
        from_budget: false,
    }
}

/// Gives every language its own estimate and one shared pool of `slack` characters.
fn pool_bound(planned: &[PlanSummary], configs: &mut [RunConfig], slack: u64) {
    let pool = SlackPool::new(slack);
    for (cfg, plan) in configs.iter_mut().zip(planned) {
        cfg.budget = None;
        cfg.shared = Some(SharedSpend {
            own: plan.chars,
            pool: pool.clone(),
        });
    }
}

/// The provider's stop of a run, when one of the languages was stopped by it: who, where, what
/// it said and what to do.
fn backend_stop(
    spec: &Spec,
    results: &[RunResult],
    bound: Option<SpendingBound>,
) -> Option<BackendStop> {
    // The default bound is only reached by paying for failures: the provider is failing.
    let default_bound = bound.is_some_and(|b| !b.from_budget);
    let (result, reason) = results.iter().find_map(|r| {
        r.stopped
            .as_ref()
            .filter(|s| {
                s.is_provider()
                    || (default_bound
                        && matches!(s, StopReason::Budget)
                        && r.stats.failed_requests > 0)
            })
            .map(|s| (r, s))
    })?;
    // A run the primary handed to the fallback was stopped by the fallback.
    let by_fallback = result.stats.primary_abandoned;
    let (provider, url, key_var) = match (&spec.fallback, by_fallback) {
        (Some(f), true) => (f.identity().label(), None, None),
        _ => (
            spec.backend.label.clone(),
            spec.backend.endpoint.clone(),
            spec.backend.key_var.clone(),
        ),
    };
    let mut stop = BackendStop {
        provider,
        url,
        error: reason.code().to_string(),
        ..BackendStop::default()
    };
    if let Some(err) = reason.error() {
        stop.error = err.code().to_string();
        stop.status = err.status();
        stop.message = err.detail().to_string();
    }
    if let StopReason::Unusable { .. } = reason {
        stop.error = reason.code().to_string();
    }
    if let (StopReason::Budget, Some(b)) = (reason, bound) {
        stop.error = "spending-bound".to_string();
        stop.message = b.chars.to_string();
    }
    stop.advice = match (reason, reason.error()) {
        (StopReason::Failing { .. } | StopReason::Unusable { .. } | StopReason::Budget, _) => {
            "provider-failing"
        }
        (_, Some(BackendError::Auth { .. })) => {
            stop.key_var = key_var;
            "set-key"
        }
        (_, Some(BackendError::Quota { .. })) => "quota",
        (_, Some(BackendError::NotFound { .. })) => "check-url",
        (_, Some(BackendError::UnknownModel { .. })) => "check-model",
        (_, Some(BackendError::UnsupportedLanguage { .. })) => "check-language",
        (_, Some(BackendError::Network(detail))) => {
            let fault = http::network_fault(detail);
            stop.fault = Some(fault.to_string());
            match fault {
                "connection-refused" => "start-server",
                "tls" => "check-tls",
                _ => "check-url",
            }
        }
        (_, Some(BackendError::Timeout)) => "provider-failing",
        _ => "check-config",
    }
    .to_string();
    Some(stop)
}

/// A memory that failed to store during the run ends it with an error (exit 2) before anything
/// is written: never silent, never a success. The first failure is the cause named.
fn memory_failure(spec: &Spec, results: &[RunResult]) -> Result<(), PipelineError> {
    let Some(first) = results.iter().find_map(|r| r.memory_error.clone()) else {
        return Ok(());
    };
    Err(PipelineError::MemoryStore {
        memory: spec.memory.clone(),
        cause: first.cause(),
        detail: first.detail(),
        journaled: results.iter().map(|r| r.journaled).sum(),
        journal: results.iter().find_map(|r| r.journal.clone()),
        lost: results.iter().map(|r| r.lost).sum(),
    })
}

/// One scheduler run per language, `jobs` at a time.
async fn translate_all(
    spec: &Spec,
    plans: &[LangPlan],
    configs: Vec<RunConfig>,
    memory: Arc<dyn MemoryStore>,
    journal: Option<Arc<Journal>>,
    observer: &Arc<dyn Observer>,
) -> Result<Vec<RunResult>, PipelineError> {
    let permits = Arc::new(Semaphore::new(spec.jobs.max(1)));
    // One rate and concurrency budget per backend for all languages at once.
    let pace = SharedPace::for_backend(&*spec.backend.backend);
    let fallback_pace = spec
        .fallback
        .as_ref()
        .map(|f| SharedPace::for_backend(&**f));
    let mut set = JoinSet::new();
    for (i, (p, cfg)) in plans.iter().zip(configs).enumerate() {
        let mut sched = Scheduler::new(spec.backend.backend.clone())
            .with_shared_pace(pace.clone(), fallback_pace.clone())
            .with_memory(memory.clone())
            .with_cancel(spec.cancel.clone())
            .with_progress(Arc::new(LangProgress {
                lang: p.lang.clone(),
                observer: observer.clone(),
            }));
        if let Some(f) = &spec.fallback {
            sched = sched.with_fallback(f.clone());
        }
        if let Some(j) = &journal {
            sched = sched.with_journal(j.clone());
        }
        let segments = all_segments(p);
        let permits = permits.clone();
        let obs = observer.clone();
        let lang = p.lang.clone();
        set.spawn(async move {
            let _permit = permits.acquire_owned().await;
            let r = sched.run(&cfg, &segments).await;
            obs.event(&PipelineEvent::Translated { lang: lang.clone() });
            (i, lang, r)
        });
    }
    let mut results: Vec<Option<RunResult>> = (0..plans.len()).map(|_| None).collect();
    while let Some(joined) = set.join_next().await {
        let Ok((i, lang, r)) = joined else {
            continue;
        };
        let r = r.map_err(|e| run_error(&lang, e))?;
        if let Some(slot) = results.get_mut(i) {
            *slot = Some(r);
        }
    }
    // A task that panicked leaves its slot empty: its segments count as not translated.
    Ok(results
        .into_iter()
        .zip(plans)
        .map(|(r, p)| {
            r.unwrap_or_else(|| RunResult {
                outcomes: Vec::new(),
                stats: Default::default(),
                stopped: None,
                memory_error: None,
                journaled: 0,
                journal: None,
                lost: 0,
            })
            .pad(p.prepared.iter().map(Vec::len).sum())
        })
        .collect())
}

trait Pad {
    fn pad(self, n: usize) -> Self;
}

impl Pad for RunResult {
    /// Makes sure there is one outcome per segment (a lost task reports its segments failed).
    fn pad(mut self, n: usize) -> Self {
        use crate::translate::scheduler::{FailReason, SegmentOutcome};
        while self.outcomes.len() < n {
            self.outcomes.push(SegmentOutcome::Failed {
                reason: FailReason::Missing,
            });
        }
        self
    }
}
