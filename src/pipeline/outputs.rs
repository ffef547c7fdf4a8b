//! The last stage of a run: every translated episode delivered to every platform of its
//! language through the per-file job (`crate::deliver`: fit, write, read back, check) on `jobs`
//! threads, then the burned-in videos (`--video`, `super::video`), then per language × platform
//! the summary rows and the HTML report, and the bilingual review tracks. For a platform with a
//! canvas, each output's report carries its preview frames (`video::preview`), rendered from the
//! same canvas script a burned-in video is made from.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use super::apply;
use super::summary::{
    FailedSegment, FileSummary, LangPlatformReport, LangSummary, Outcome, PlatformSummary,
};
use super::{
    LangPlan, Observer, PipelineError, PipelineEvent, ReportRenderer, SourceEpisode, Spec,
    compliance, per_episode,
};
use crate::deliver::{self, Check, Delivered, FileJob, Fit, Input, Write};
use crate::format::{WriteOptions, encoding};
use crate::glossary::compliance::Compliance;
use crate::model::{Format, Track};
use crate::platform::LangSource;
use crate::platform::fit::Rebreak;
use crate::report::{CheckReport, IndexRow, MAX_PAGE_BYTES, Preview, Season};
use crate::translate::scheduler::RunResult;
use crate::video::preview::frames_preview;
use crate::video::{Probe, Tools};

/// One output to produce: language, platform and episode indices.
#[derive(Clone, Copy)]
struct Item {
    lang: usize,
    platform: usize,
    episode: usize,
}

/// What producing one output gave; `None` when its episode has no translation.
type Produced = Option<Result<Delivered, std::io::Error>>;

#[expect(
    clippy::too_many_arguments,
    reason = "the stages' results, passed once"
)]
pub(super) fn deliver_all(
    spec: &Spec,
    sources: &[SourceEpisode],
    plans: &[LangPlan],
    results: &[RunResult],
    mut outcome: Outcome,
    observer: &Arc<dyn Observer>,
    renderer: &dyn ReportRenderer,
    probes: &HashMap<PathBuf, Probe>,
) -> Result<Outcome, PipelineError> {
    let translated = translated_tracks(sources, plans, results, &mut outcome);
    let checkers: Vec<_> = plans
        .iter()
        .map(|p| compliance(spec.glossary.as_ref(), &p.lang))
        .collect();
    // ffmpeg for the reports' previews, looked for once and only when a platform has a canvas.
    let canvas = plans
        .iter()
        .flat_map(|p| &p.platforms)
        .any(|p| p.limits.canvas.copied().is_some());
    let preview = spec
        .preview
        .as_ref()
        .filter(|_| canvas)
        .map(|p| Tools::locate(p.ffmpeg.as_deref()).ok());
    let work = Work {
        spec,
        sources,
        plans,
        translated: &translated,
        checkers: &checkers,
        pending: Mutex::new(Vec::new()),
        preview,
    };
    let produced = work.produce_all(observer);
    let pending = std::mem::take(&mut *work.pending.lock().unwrap_or_else(|e| e.into_inner()));
    pending_sorted(
        &mut outcome,
        spec,
        (plans, sources),
        pending,
        probes,
        &**observer,
    )?;
    let mut produced = produced.into_iter();
    for (l, (plan, result)) in plans.iter().zip(results).enumerate() {
        let mut lang = lang_summary(plan, result);
        for platform in &plan.platforms {
            let (ps, report) = work.platform_summary(platform, &mut produced)?;
            if let Some(report) = report {
                outcome
                    .reports
                    .push(write_report(spec, plan, platform, report, renderer)?);
            }
            lang.platforms.push(ps);
        }
        lang.bilingual = work.bilingual(l)?;
        outcome.languages.push(lang);
    }
    write_index(spec, &outcome.reports, renderer)?;
    outcome.total();
    Ok(outcome)
}

/// Writes the run's index page (`reports/index.html`), linking every language × platform page.
fn write_index(
    spec: &Spec,
    reports: &[LangPlatformReport],
    renderer: &dyn ReportRenderer,
) -> Result<(), PipelineError> {
    if reports.is_empty() {
        return Ok(());
    }
    let rows: Vec<IndexRow> = reports
        .iter()
        .map(|r| {
            let href = r
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            IndexRow::new(&r.lang, &r.platform, &href, &r.report)
        })
        .collect();
    let path = spec
        .out_dir
        .join(super::REPORTS_DIR)
        .join(super::INDEX_PAGE);
    deliver::write(&path, renderer.index(&rows).as_bytes())
        .map_err(|source| PipelineError::Write { path, source })
}

/// Burns the videos whose tracks were written, in plan order, into `outcome.videos`.
fn pending_sorted(
    outcome: &mut Outcome,
    spec: &Spec,
    (plans, sources): (&[LangPlan], &[SourceEpisode]),
    mut pending: Vec<super::video::Pending>,
    probes: &HashMap<PathBuf, Probe>,
    observer: &dyn Observer,
) -> Result<(), PipelineError> {
    if spec.video.is_none() {
        return Ok(());
    }
    pending.sort_by_key(|p| (p.lang, p.platform, p.episode));
    outcome.videos = super::video::burn_all(spec, plans, sources, pending, probes, observer)?;
    Ok(())
}

/// Translated tracks per language and episode; an episode with missing segments is `None` and
/// its segments are listed in `outcome.failed` (a partial track is no delivery).
fn translated_tracks(
    sources: &[SourceEpisode],
    plans: &[LangPlan],
    results: &[RunResult],
    outcome: &mut Outcome,
) -> Vec<Vec<Option<Track>>> {
    let mut translated = Vec::with_capacity(plans.len());
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
    translated
}

/// The engine's counters of one language.
fn lang_summary(plan: &LangPlan, result: &RunResult) -> LangSummary {
    let st = &result.stats;
    LangSummary {
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
    }
}

/// Writes the HTML pages of one language × platform (the season page, and its episode pages
/// when the season is too large for one) and names the season page in the summary row.
fn write_report(
    spec: &Spec,
    plan: &LangPlan,
    platform: &super::Planned,
    report: CheckReport,
    renderer: &dyn ReportRenderer,
) -> Result<LangPlatformReport, PipelineError> {
    let path = spec.out_dir.join(&platform.report);
    let name = platform
        .report
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let season = Season {
        lang: &plan.lang,
        platform: &platform.platform,
        name: &name,
        index: Some(super::INDEX_PAGE),
        max_bytes: MAX_PAGE_BYTES,
    };
    let folder = path.parent().map(PathBuf::from).unwrap_or_default();
    for page in renderer.season(&report, &season) {
        let at = folder.join(&page.path);
        deliver::write(&at, page.html.as_bytes())
            .map_err(|source| PipelineError::Write { path: at, source })?;
    }
    Ok(LangPlatformReport {
        lang: plan.lang.clone(),
        platform: platform.platform.clone(),
        path,
        report,
    })
}

/// What every output of a run shares.
struct Work<'a> {
    spec: &'a Spec,
    sources: &'a [SourceEpisode],
    plans: &'a [LangPlan],
    translated: &'a [Vec<Option<Track>>],
    checkers: &'a [Option<Compliance<'a>>],
    /// The canvas scripts of the outputs that get a burned-in video.
    pending: Mutex<Vec<super::video::Pending>>,
    /// Whether to make the reports' preview frames (`Some`), with the ffmpeg found (`None`
    /// inside: none usable, the report says so).
    preview: Option<Option<Tools>>,
}

impl Work<'_> {
    /// Every output, in plan order (language, platform, episode), produced on `jobs` threads.
    fn produce_all(&self, observer: &Arc<dyn Observer>) -> Vec<Produced> {
        let items: Vec<Item> = self
            .plans
            .iter()
            .enumerate()
            .flat_map(|(l, p)| {
                (0..p.platforms.len()).flat_map(move |pi| {
                    (0..self.sources.len()).map(move |e| Item {
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
        // At most 8 threads: fitting and checking are quick, writing is what they wait on.
        deliver::in_parallel(&items, self.spec.jobs.min(8), |_, item| {
            let produced = self.produce(*item);
            if let Some(p) = self.plans.get(item.lang)
                && let Some(pl) = p.platforms.get(item.platform)
            {
                observer.event(&PipelineEvent::Delivered {
                    lang: p.lang.clone(),
                    platform: pl.platform.clone(),
                });
            }
            produced
        })
    }

    /// One output through the per-file job: fitted for the platform and language (every cue
    /// laid out again, italics removed where forbidden, glossary terms kept whole), written in
    /// the platform's format and encoding, read back and checked with glossary compliance.
    fn produce(&self, item: Item) -> Produced {
        let plan = self.plans.get(item.lang)?;
        let platform = plan.platforms.get(item.platform)?;
        let (fmt, rel) = platform.outputs.get(item.episode)?;
        let source = self.sources.get(item.episode)?;
        let track = self
            .translated
            .get(item.lang)?
            .get(item.episode)?
            .as_ref()?;
        let path = self.spec.out_dir.join(rel);
        let compliance = self.checkers.get(item.lang).and_then(Option::as_ref);
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
                retime: self.spec.retime,
                strip_forbidden_italics: true,
                keep_together: compliance.map(|c| c.keep_together()).unwrap_or_default(),
                fonts: self.spec.fonts.as_ref(),
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
                overrides: &self.spec.severity,
                compliance: compliance.map(|c| (c, &source.track)),
                fonts: self.spec.fonts.as_ref(),
                source: Some(&source.track),
            }),
        };
        let input = Input {
            track: track.clone(),
            diagnostics: Vec::new(),
        };
        let mut delivered = deliver::run(input, &job);
        let burned = matches!(platform.videos.get(item.episode), Some(Some(_)));
        let preview = self
            .preview
            .as_ref()
            .filter(|_| limits.canvas.copied().is_some());
        if let (Ok(d), true) = (&mut delivered, burned || preview.is_some()) {
            // The burned script is the ASS laid out for the canvas: the file just written when
            // the platform takes ASS, else the same fit written as ASS in memory. The report's
            // preview frames are rendered from that script too.
            let (laid_out, ass) = match (fmt, &d.bytes) {
                (Format::Ass, Some(bytes)) => (d.track.clone(), bytes.clone()),
                _ => {
                    let in_memory = FileJob {
                        fit: job.fit.clone(),
                        write: Some(Write {
                            format: Format::Ass,
                            options: WriteOptions::default(),
                            lang: Some(&plan.lang),
                            path: None,
                            only_if_changed: false,
                        }),
                        check: None,
                    };
                    let input = Input {
                        track: track.clone(),
                        diagnostics: Vec::new(),
                    };
                    match deliver::run(input, &in_memory) {
                        Ok(m) => (m.track, m.bytes.unwrap_or_default()),
                        Err(_) => (Track::default(), Vec::new()),
                    }
                }
            };
            if let (Some(tools), Some(report), Some(canvas)) =
                (preview, d.report.as_mut(), limits.canvas.copied())
            {
                report.preview = Some(match tools {
                    Some(tools) => frames_preview(tools, &laid_out, &ass, limits, canvas),
                    None => Preview::NoFfmpeg,
                });
            }
            if let (true, false, Ok(mut pending)) = (burned, ass.is_empty(), self.pending.lock()) {
                pending.push(super::video::Pending {
                    lang: item.lang,
                    platform: item.platform,
                    episode: item.episode,
                    ass,
                });
            }
        }
        Some(delivered)
    }

    /// The summary row of one platform from its outputs (taken from `produced` in plan order),
    /// and the check report of the files written.
    fn platform_summary(
        &self,
        platform: &super::Planned,
        produced: &mut impl Iterator<Item = Produced>,
    ) -> Result<(PlatformSummary, Option<CheckReport>), PipelineError> {
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
            let path = self.spec.out_dir.join(rel);
            let mut fs = FileSummary {
                episode: self
                    .sources
                    .get(e)
                    .map(|s| s.ep.key.clone())
                    .unwrap_or_default(),
                path: path.display().to_string(),
                ..FileSummary::default()
            };
            match produced.next().flatten() {
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
                    ps.unfitted += d.unfitted.len();
                    for f in &report.findings {
                        ps.add_finding(f.rule, f.severity);
                    }
                    files.push(report);
                }
                Some(Err(source)) => return Err(PipelineError::Write { path, source }),
                None => {}
            }
            ps.files.push(fs);
        }
        let report = (!files.is_empty()).then(|| CheckReport::new(files));
        if report.is_some() {
            ps.report = Some(
                self.spec
                    .out_dir
                    .join(&platform.report)
                    .display()
                    .to_string(),
            );
        }
        Ok((ps, report))
    }

    /// Review tracks of language `l`: laid out for its first platform, the source line under
    /// each cue, UTF-8. Returns the paths written.
    fn bilingual(&self, l: usize) -> Result<Vec<String>, PipelineError> {
        let (Some(plan), mut written) = (self.plans.get(l), Vec::new()) else {
            return Ok(Vec::new());
        };
        let Some(first) = plan.platforms.first() else {
            return Ok(written);
        };
        for (e, (fmt, rel)) in plan.bilingual.iter().enumerate() {
            let (Some(s), Some(Some(tr))) = (
                self.sources.get(e),
                self.translated.get(l).and_then(|t| t.get(e)),
            ) else {
                continue;
            };
            let mut fl = apply::fix_limits(&first.limits, tr, &plan.lang, self.spec.retime);
            if let Some(c) = self.checkers.get(l).and_then(Option::as_ref) {
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
            let path = self.spec.out_dir.join(rel);
            deliver::write(&path, &bytes).map_err(|source| PipelineError::Write {
                path: path.clone(),
                source,
            })?;
            written.push(path.display().to_string());
        }
        Ok(written)
    }
}
