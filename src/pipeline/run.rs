//! Executing a planned run: the translation of every language (one scheduler run each, `jobs` at
//! a time, on a tokio runtime that also listens for Ctrl-C), then the outputs (fit, write,
//! check) on `jobs` threads, then reports and the summary. Dry runs stop after planning.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::apply;
use super::summary::{
    EpisodeSummary, FailedSegment, FileSummary, LangPlatformReport, LangSummary, Outcome,
    PlatformSummary,
};
use super::{
    LangPlan, LangProgress, Observer, PipelineError, PipelineEvent, ReportRenderer, Source, Spec,
    all_segments, compliance, open_memory, per_episode, provider_entries, run_config, run_error,
};
use crate::deliver::{self, Check, Delivered, FileJob, Fit, Input, Write};
use crate::format::{WriteOptions, encoding};
use crate::model::Track;
use crate::platform::LangSource;
use crate::platform::fit::Rebreak;
use crate::report::CheckReport;
use crate::translate::cost;
use crate::translate::memory::MemoryStore;
use crate::translate::scheduler::{RunConfig, RunResult, Scheduler, SharedPace};

pub(super) fn execute(
    spec: Spec,
    sources: Vec<Source>,
    source_lang: String,
    plans: Vec<LangPlan>,
    observer: Arc<dyn Observer>,
    renderer: &dyn ReportRenderer,
) -> Result<Outcome, PipelineError> {
    let backend = spec.backend.backend.clone();
    for p in &plans {
        backend
            .supports(&source_lang, &p.lang)
            .map_err(|error| PipelineError::Unsupported {
                lang: p.lang.clone(),
                error,
                hint: spec
                    .backend
                    .deepl
                    .as_ref()
                    .filter(|d| d.needs_beta_opt_in(&p.lang) || d.needs_beta_opt_in(&source_lang))
                    .map(|_| "error-translate-unsupported-deepl-beta"),
            })?;
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(PipelineError::Runtime)?;
    let memory = open_memory(spec.memory.as_deref())?;
    let mut outcome = Outcome {
        version: 1,
        dry_run: spec.dry_run,
        backend: spec.backend.label.clone(),
        source_lang: source_lang.clone(),
        out_dir: spec.out_dir.display().to_string(),
        memory: spec.memory.as_ref().map(|p| p.display().to_string()),
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
    };
    observer.event(&PipelineEvent::Started {
        languages: plans
            .iter()
            .map(|p| {
                (
                    p.lang.clone(),
                    p.prepared.iter().map(Vec::len).sum::<usize>() as u64,
                )
            })
            .collect(),
    });
    if spec.listen_ctrl_c {
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

    let mut configs: Vec<RunConfig> = plans
        .iter()
        .map(|p| run_config(&spec, &source_lang, p))
        .collect();
    if let (Some(sync), Some(g)) = (&spec.backend.glossary_sync, &spec.glossary)
        && !spec.dry_run
    {
        for (p, cfg) in plans.iter().zip(configs.iter_mut()) {
            let entries = provider_entries(g, &p.lang);
            let id = rt
                .block_on(sync.sync(&source_lang, &p.lang, &entries))
                .map_err(|error| PipelineError::GlossarySync {
                    lang: p.lang.clone(),
                    error,
                })?;
            cfg.glossary_id = id;
        }
    }

    if spec.dry_run || spec.budget.is_some() {
        let mut planned = Vec::with_capacity(plans.len());
        for (p, cfg) in plans.iter().zip(&configs) {
            let sched = Scheduler::new(backend.clone()).with_memory(memory.clone());
            let segs = all_segments(p);
            let summary = rt
                .block_on(sched.plan(cfg, &segs))
                .map_err(|e| run_error(&p.lang, e))?;
            planned.push(summary);
        }
        if spec.dry_run {
            for (p, plan) in plans.iter().zip(&planned) {
                let est = cost::estimate(plan, backend.billing(), &spec.backend.pricing, &p.lang);
                outcome.languages.push(LangSummary {
                    lang: p.lang.clone(),
                    segments: plan.segments,
                    memory_hits: plan.memory_hits,
                    deduplicated: plan.deduplicated,
                    requests: plan.requests,
                    prompt_chars: plan.prompt_chars,
                    estimate: Some(est),
                    ..LangSummary::default()
                });
            }
            outcome.total();
            return Ok(outcome);
        }
        if let Some(budget) = spec.budget {
            let needed: u64 = planned.iter().map(|p| p.chars).sum();
            if needed > budget {
                return Err(PipelineError::OverBudget { needed, budget });
            }
            // Each language may use its share of the slack for retries.
            let slack = budget - needed;
            for (cfg, plan) in configs.iter_mut().zip(&planned) {
                let share = match slack.saturating_mul(plan.chars).checked_div(needed) {
                    Some(s) => s,
                    None => slack / plans.len().max(1) as u64,
                };
                cfg.budget = Some(plan.chars + share);
            }
        }
    }

    let xliff = super::xliff::is_xliff(&*backend);
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
        rt.block_on(translate_all(&spec, &plans, configs, memory, &observer))?
    };
    let mut outcome = deliver_all(
        &spec, &sources, &plans, &results, outcome, &observer, renderer,
    )?;
    if xliff {
        super::xliff::mark_awaiting(&mut outcome);
    }
    drop(rt);
    Ok(outcome)
}

/// Waits for Ctrl-C or, on Unix, SIGTERM — what CI runners and `timeout` send to cancel a job:
/// both stop the run the same way (no new request, the answers in flight stored, nothing
/// half-written), so a cancelled pipeline loses none of what it paid for. `false` if no signal
/// can be listened to.
async fn interrupted() -> bool {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            return tokio::select! {
                c = tokio::signal::ctrl_c() => c.is_ok(),
                t = term.recv() => t.is_some(),
            };
        }
    }
    tokio::signal::ctrl_c().await.is_ok()
}

/// One scheduler run per language, `jobs` at a time.
async fn translate_all(
    spec: &Spec,
    plans: &[LangPlan],
    configs: Vec<RunConfig>,
    memory: Arc<dyn MemoryStore>,
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

/// One output to produce: language, platform and episode indices.
#[derive(Clone, Copy)]
struct Item {
    lang: usize,
    platform: usize,
    episode: usize,
}

#[allow(clippy::too_many_arguments)]
fn deliver_all(
    spec: &Spec,
    sources: &[Source],
    plans: &[LangPlan],
    results: &[RunResult],
    mut outcome: Outcome,
    observer: &Arc<dyn Observer>,
    renderer: &dyn ReportRenderer,
) -> Result<Outcome, PipelineError> {
    // Translated tracks per language and episode (or what is missing).
    let mut translated: Vec<Vec<Option<Track>>> = Vec::with_capacity(plans.len());
    for (p, r) in plans.iter().zip(results) {
        let per_ep = per_episode(p, &r.outcomes);
        let mut tracks = Vec::with_capacity(sources.len());
        for ((s, prepared), outs) in sources.iter().zip(&p.prepared).zip(per_ep) {
            match apply::apply_translations(&s.track, prepared, outs) {
                Ok(t) => tracks.push(Some(t)),
                Err(missing) => {
                    outcome
                        .failed
                        .extend(missing.into_iter().map(|m| FailedSegment {
                            lang: p.lang.clone(),
                            id: m.id,
                            reason: m.reason,
                        }));
                    tracks.push(None);
                }
            }
        }
        translated.push(tracks);
        if outcome.stopped.is_none() {
            outcome.stopped = r.stopped.as_ref().map(|s| s.code().to_string());
        }
    }

    let items: Vec<Item> = plans
        .iter()
        .enumerate()
        .flat_map(|(l, p)| {
            (0..p.platforms.len()).flat_map(move |pi| {
                (0..sources.len()).map(move |e| Item {
                    lang: l,
                    platform: pi,
                    episode: e,
                })
            })
        })
        .collect();
    observer.event(&PipelineEvent::Delivering {
        total: items.len() as u64,
    });
    let checkers: Vec<_> = plans
        .iter()
        .map(|p| compliance(spec.glossary.as_ref(), &p.lang))
        .collect();
    let next = AtomicUsize::new(0);
    let workers = spec.jobs.clamp(1, 8);
    let produce = |item: Item| -> Option<Result<Delivered, std::io::Error>> {
        let plan = plans.get(item.lang)?;
        let platform = plan.platforms.get(item.platform)?;
        let (fmt, rel) = platform.outputs.get(item.episode)?;
        let source = sources.get(item.episode)?;
        let track = translated.get(item.lang)?.get(item.episode)?.as_ref()?;
        let path = spec.out_dir.join(rel);
        let compliance = checkers.get(item.lang).and_then(Option::as_ref);
        let limits = &platform.limits;
        let enc = limits
            .encoding
            .get()
            .and_then(|label| encoding::lookup(label))
            .unwrap_or(encoding_rs::UTF_8);
        let job = FileJob {
            fit: Some(Fit {
                limits,
                lang: &plan.lang,
                fps: None,
                rebreak: Rebreak::Always,
                retime: spec.retime,
                strip_forbidden_italics: true,
                keep_together: compliance.map(|c| c.keep_together()).unwrap_or_default(),
            }),
            write: Some(Write {
                format: *fmt,
                options: WriteOptions {
                    encoding: Some(enc),
                    bom: Some(encoding::is_utf16(enc)),
                    line_ending: None,
                },
                lang: Some(&plan.lang),
                path: Some(&path),
                only_if_changed: false,
            }),
            check: Some(Check {
                platform: &platform.platform,
                limits,
                lang: &plan.lang,
                lang_source: LangSource::Flag,
                shown: path.display().to_string(),
                fps: None,
                overrides: &spec.severity,
                compliance: compliance.map(|c| (c, &source.track)),
            }),
        };
        let input = Input {
            track: track.clone(),
            diagnostics: Vec::new(),
        };
        Some(deliver::run(input, &job))
    };
    let mut done: Vec<(usize, Option<Result<Delivered, std::io::Error>>)> =
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    scope.spawn(|| {
                        let mut mine = Vec::new();
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some(item) = items.get(i).copied() else {
                                break;
                            };
                            let r = produce(item);
                            if let (Some(p), Some(pl)) = (
                                plans.get(item.lang),
                                plans
                                    .get(item.lang)
                                    .and_then(|p| p.platforms.get(item.platform)),
                            ) {
                                observer.event(&PipelineEvent::Delivered {
                                    lang: p.lang.clone(),
                                    platform: pl.platform.clone(),
                                });
                            }
                            mine.push((i, r));
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
    let mut by_item: Vec<Option<Result<Delivered, std::io::Error>>> =
        (0..items.len()).map(|_| None).collect();
    for (i, r) in done {
        if let Some(slot) = by_item.get_mut(i) {
            *slot = r;
        }
    }

    let mut at = 0usize;
    for (l, (plan, result)) in plans.iter().zip(results).enumerate() {
        let st = &result.stats;
        let mut lang = LangSummary {
            lang: plan.lang.clone(),
            segments: st.segments,
            memory_hits: st.memory_hits,
            deduplicated: st.deduplicated,
            requests: st.requests + st.fallback_requests,
            chars_sent: st.chars_sent,
            billed_chars: st.billed_chars,
            prompt_chars: st.prompt_chars,
            translated: st.translated,
            failed: st.failed,
            stats: Some(st.clone()),
            ..LangSummary::default()
        };
        for platform in &plan.platforms {
            let mut ps = PlatformSummary {
                platform: platform.platform.clone(),
                format: platform
                    .outputs
                    .first()
                    .map(|(f, _)| f.name().to_string())
                    .unwrap_or_default(),
                ..PlatformSummary::default()
            };
            let mut files = Vec::new();
            for (e, (_, rel)) in platform.outputs.iter().enumerate() {
                let path = spec.out_dir.join(rel);
                let mut fs = FileSummary {
                    episode: sources.get(e).map(|s| s.ep.key.clone()).unwrap_or_default(),
                    path: path.display().to_string(),
                    ..FileSummary::default()
                };
                match by_item.get_mut(at).and_then(Option::take) {
                    Some(Ok(d)) => {
                        let report = d.report.unwrap_or_default();
                        fs.written = true;
                        fs.cues = d.cues;
                        (fs.errors, fs.warnings, fs.infos) = deliver::count(&report.findings);
                        fs.unfitted = d
                            .unfitted
                            .iter()
                            .map(|(cue, rule)| (*cue, rule.to_string()))
                            .collect();
                        ps.written += 1;
                        ps.cues += d.cues;
                        ps.unfitted += d.fix.map_or(0, |f| f.unfixable.len());
                        for f in &report.findings {
                            ps.add_finding(f.rule, f.severity);
                        }
                        files.push(report);
                    }
                    Some(Err(source)) => return Err(PipelineError::Write { path, source }),
                    None => {}
                }
                ps.files.push(fs);
                at += 1;
            }
            if !files.is_empty() {
                let report = CheckReport::new(files);
                let html = renderer.html(&report);
                let path = spec.out_dir.join(&platform.report);
                deliver::write(&path, html.as_bytes()).map_err(|source| PipelineError::Write {
                    path: path.clone(),
                    source,
                })?;
                ps.report = Some(path.display().to_string());
                outcome.reports.push(LangPlatformReport {
                    lang: plan.lang.clone(),
                    platform: platform.platform.clone(),
                    path,
                    report,
                });
            }
            lang.platforms.push(ps);
        }
        // Review tracks: laid out for the first platform, source line under each cue.
        if let Some(first) = plan.platforms.first() {
            for (e, (fmt, rel)) in plan.bilingual.iter().enumerate() {
                let (Some(s), Some(Some(tr))) =
                    (sources.get(e), translated.get(l).and_then(|t| t.get(e)))
                else {
                    continue;
                };
                let mut fl = apply::fix_limits(&first.limits, tr, &plan.lang, spec.retime);
                if let Some(c) = checkers.get(l).and_then(Option::as_ref) {
                    fl.keep_together = c.keep_together();
                }
                let prepared = plan.prepared.get(e).map(Vec::as_slice).unwrap_or(&[]);
                let track = apply::bilingual(&s.track, tr, prepared, &fl, &plan.lang);
                let utf8 = WriteOptions {
                    encoding: Some(encoding_rs::UTF_8),
                    bom: Some(false),
                    line_ending: None,
                };
                let (bytes, _) = deliver::encode(&track, *fmt, Some(&plan.lang), &utf8);
                let path = spec.out_dir.join(rel);
                deliver::write(&path, &bytes).map_err(|source| PipelineError::Write {
                    path: path.clone(),
                    source,
                })?;
                lang.bilingual.push(path.display().to_string());
            }
        }
        outcome.languages.push(lang);
    }
    outcome.total();
    Ok(outcome)
}
