//! Human translators in the pipeline: the `xliff` backend of `translate`, and the import of the
//! translators' files (`subloc xliff import`).
//!
//! With the `xliff` backend a run sends nothing. Per target language it answers every segment the
//! memory has (under the xliff identity), writes the rest — one unit per distinct text, the first
//! occurrence's context — to `<out>/xliff/<lang>.xlf`, and delivers only the episodes that are
//! complete, like any run with untranslated segments. The file records each episode's source file,
//! so the import re-reads and re-segments exactly those episodes (with the current glossary),
//! validates ids, sources and placeholders against them, and stores the valid units in the memory
//! under the same identity; running `translate` again then finds everything and writes the tracks.
//!
//! A file in `xliff/` that holds translations the memory does not have yet (a translator's work
//! saved over the export) is never overwritten: that would lose paid work.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use super::{
    Episode, LangPlan, Observer, PipelineError, PipelineEvent, SourceEpisode, Spec, read_sources,
};
use crate::deliver;
use crate::glossary::Glossary;
use crate::interchange::xliff::{
    ExportUnit, XliffBackend, XliffProblem, export_with_files, file_info, import_partial,
};
use crate::translate::memory::{self as tm, KeyContext, MemoryStore};
use crate::translate::scheduler::{
    Event, FailReason, RunConfig, RunResult, RunStats, SegmentOutcome,
};
use crate::translate::segment::{
    PreparedCue, SegmentOptions, TermSet, segment_track, unescape_text,
};
use crate::translate::{Backend, BackendIdentity, Segment};

/// Folder inside the output folder that receives the XLIFF files.
pub const DIR: &str = "xliff";

/// Reason code, in the summary's `failed`, of a segment exported for translators.
pub const AWAITING: &str = "awaiting-translation";

/// What one language's export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct XliffExport {
    pub lang: String,
    /// The file written.
    pub path: String,
    /// Units in the file (distinct texts).
    pub units: u64,
    /// Segments waiting for them (repeats included).
    pub segments: u64,
    /// Characters of source text in the units.
    pub chars: u64,
}

/// Whether `backend` is the human-translator export.
pub fn is_xliff(backend: &dyn Backend) -> bool {
    backend.identity().kind == "xliff"
}

/// Where a language's file goes.
pub fn export_path(out_dir: &Path, lang: &str) -> PathBuf {
    out_dir.join(DIR).join(format!("{lang}.xlf"))
}

/// Answers what the memory has and exports the rest, per language. Returns one `RunResult` per
/// plan (same order) and the files written.
pub(super) fn collect(
    spec: &Spec,
    sources: &[SourceEpisode],
    source_lang: &str,
    plans: &[LangPlan],
    configs: &[RunConfig],
    memory: &dyn MemoryStore,
    observer: &Arc<dyn Observer>,
) -> Result<(Vec<RunResult>, Vec<XliffExport>), PipelineError> {
    let collector = Collector {
        spec,
        sources,
        source_lang,
        memory,
        observer,
        identity: spec.backend.backend.identity(),
    };
    let mut results = Vec::with_capacity(plans.len());
    let mut exports = Vec::new();
    for (plan, cfg) in plans.iter().zip(configs) {
        let (result, export) = collector.language(plan, cfg)?;
        exports.extend(export);
        results.push(result);
    }
    Ok((results, exports))
}

/// What `collect` works with for every language.
struct Collector<'a> {
    spec: &'a Spec,
    sources: &'a [SourceEpisode],
    source_lang: &'a str,
    memory: &'a dyn MemoryStore,
    observer: &'a Arc<dyn Observer>,
    /// The xliff backend's identity: the memory key of what translators deliver.
    identity: BackendIdentity,
}

/// One language's segments sorted by what the memory has.
struct Sorted<'p> {
    stats: RunStats,
    /// Per segment in season order: translated from the memory, or missing.
    outcomes: Vec<SegmentOutcome>,
    /// The segments the memory lacks (repeats included).
    pending: Vec<Segment>,
    /// The units to export, (episode index, first occurrence) per distinct text.
    units: Vec<(usize, &'p PreparedCue)>,
}

impl Collector<'_> {
    /// One language: answers from the memory, writes the file for the rest (when there is a
    /// rest), and reports progress as a run would.
    fn language(
        &self,
        plan: &LangPlan,
        cfg: &RunConfig,
    ) -> Result<(RunResult, Option<XliffExport>), PipelineError> {
        let ctx = KeyContext {
            source_lang: self.source_lang.to_string(),
            target_lang: plan.lang.clone(),
            identity: self.identity.clone(),
            glossary_version: cfg.glossary_version.clone(),
        };
        // (episode index, prepared) in season order.
        let all: Vec<(usize, &PreparedCue)> = plan
            .prepared
            .iter()
            .enumerate()
            .flat_map(|(e, ps)| ps.iter().map(move |p| (e, p)))
            .collect();
        let sorted = self.sort(&ctx, &all)?;
        let export = if sorted.units.is_empty() {
            None
        } else {
            Some(self.export(plan, &sorted.units, &sorted.pending)?)
        };
        self.report(
            plan,
            sorted.stats.memory_hits as usize,
            sorted.pending.len(),
        );
        Ok((
            RunResult {
                outcomes: sorted.outcomes,
                stats: sorted.stats,
                stopped: None,
                memory_error: None,
                journaled: 0,
                journal: None,
                lost: 0,
            },
            export,
        ))
    }

    /// Looks every distinct text up in the memory (one query) and sorts the segments: answered,
    /// or pending and — on a text's first occurrence — a unit to export.
    fn sort<'p>(
        &self,
        ctx: &KeyContext,
        all: &[(usize, &'p PreparedCue)],
    ) -> Result<Sorted<'p>, PipelineError> {
        let mut keys: Vec<String> = Vec::new();
        // Text → (version 2 key, version 1 key): an entry made before issue 14 is found while
        // the glossary is the one it was made with.
        let mut key_of: HashMap<&str, (String, String)> = HashMap::new();
        for (_, p) in all {
            if !key_of.contains_key(p.segment.text.as_str()) {
                let k = ctx.key_for(&p.segment);
                let old = ctx.legacy_key(&p.segment.text);
                keys.push(k.clone());
                keys.push(old.clone());
                key_of.insert(p.segment.text.as_str(), (k, old));
            }
        }
        let distinct = key_of.len();
        let found = self.memory.get_many(&keys)?;
        let mut sorted = Sorted {
            stats: RunStats {
                segments: all.len() as u64,
                distinct: distinct as u64,
                ..RunStats::default()
            },
            outcomes: Vec::with_capacity(all.len()),
            pending: Vec::new(),
            units: Vec::new(),
        };
        let stats = &mut sorted.stats;
        let mut exported: HashSet<&str> = HashSet::new();
        for &(e, p) in all {
            let hit = key_of
                .get(p.segment.text.as_str())
                .and_then(|(k, old)| found.get(k).or_else(|| found.get(old)));
            match hit {
                Some(entry) => {
                    // `--refresh`: everything goes to the translators again; what the memory
                    // has is still delivered meanwhile.
                    if self.spec.refresh && exported.insert(p.segment.text.as_str()) {
                        sorted.units.push((e, p));
                    }
                    stats.memory_hits += 1;
                    stats.translated += 1;
                    sorted.outcomes.push(SegmentOutcome::Translated {
                        text: entry.target.clone(),
                        from_memory: true,
                        by: crate::translate::scheduler::Source::Primary,
                    });
                }
                None => {
                    stats.failed += 1;
                    sorted.outcomes.push(SegmentOutcome::Failed {
                        reason: FailReason::Missing,
                    });
                    sorted.pending.push(p.segment.clone());
                    if exported.insert(p.segment.text.as_str()) {
                        sorted.units.push((e, p));
                    } else {
                        stats.deduplicated += 1;
                    }
                }
            }
        }
        sorted.stats.unique_chars = sorted
            .units
            .iter()
            .map(|(_, p)| p.segment.text.chars().count() as u64)
            .sum();
        Ok(sorted)
    }

    /// Writes a language's file (units with their cue timing, the episodes' source files),
    /// unless the file there holds translations not imported yet.
    fn export(
        &self,
        plan: &LangPlan,
        units: &[(usize, &PreparedCue)],
        pending: &[Segment],
    ) -> Result<XliffExport, PipelineError> {
        let chars = units.iter().map(|(_, p)| text_chars(&p.segment.text)).sum();
        let path = export_path(&self.spec.out_dir, &plan.lang);
        refuse_unimported(&path, pending, &plan.lang)?;
        let export_units: Vec<ExportUnit<'_>> = units
            .iter()
            .map(|(e, p)| ExportUnit {
                segment: &p.segment,
                timing: self
                    .sources
                    .get(*e)
                    .and_then(|s| s.track.cues.get(p.cue_index))
                    .map(|c| (c.start, c.end)),
            })
            .collect();
        let recorded: Vec<(String, String)> = self
            .sources
            .iter()
            .map(|s| (s.ep.key.clone(), recorded_path(&s.ep.path)))
            .collect();
        let files: Vec<(&str, &str)> = recorded
            .iter()
            .map(|(k, p)| (k.as_str(), p.as_str()))
            .collect();
        let text = export_with_files(&export_units, self.source_lang, &plan.lang, &files);
        deliver::write(&path, text.as_bytes()).map_err(|source| PipelineError::Write {
            path: path.clone(),
            source,
        })?;
        Ok(XliffExport {
            lang: plan.lang.clone(),
            path: path.display().to_string(),
            units: units.len() as u64,
            segments: pending.len() as u64,
            chars,
        })
    }

    /// Progress as a run would report it: answered from memory, and left for translators.
    fn report(&self, plan: &LangPlan, from_memory: usize, pending: usize) {
        for event in [
            Event::Translated {
                segments: from_memory,
            },
            Event::Failed { segments: pending },
        ] {
            self.observer.event(&PipelineEvent::Translate {
                lang: plan.lang.clone(),
                event,
            });
        }
        self.observer.event(&PipelineEvent::Translated {
            lang: plan.lang.clone(),
        });
    }
}

/// Characters a translator reads in a segment text: placeholder tags (`<x id="1"/>`, `<g …>`,
/// `</g>`) do not count, escaped characters count once.
fn text_chars(text: &str) -> u64 {
    let mut plain = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            // Segment texts escape a literal `<`, so every `<` opens a placeholder tag.
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => plain.push(c),
            _ => {}
        }
    }
    unescape_text(&plain).chars().count() as u64
}

/// Refuses to overwrite a file that holds valid translations of segments the memory lacks.
fn refuse_unimported(path: &Path, pending: &[Segment], lang: &str) -> Result<(), PipelineError> {
    let Ok(existing) = std::fs::read_to_string(path) else {
        return Ok(());
    };
    let (ok, _) = import_partial(&existing, pending, lang);
    if ok.is_empty() {
        Ok(())
    } else {
        Err(PipelineError::XliffNotImported {
            path: path.to_path_buf(),
            units: ok.len(),
        })
    }
}

/// An episode path as the file records it: relative to the working directory when inside it (a
/// file sent to a translator should not carry the local folder layout).
fn recorded_path(path: &Path) -> String {
    if path.is_absolute()
        && let Ok(cwd) = std::env::current_dir()
        && let Ok(rel) = path.strip_prefix(&cwd)
    {
        return rel.display().to_string();
    }
    path.display().to_string()
}

/// Renames the reason of the segments an xliff run exported (they are not missing from a reply:
/// no request was made).
pub(super) fn mark_awaiting(outcome: &mut super::Outcome) {
    let missing = FailReason::Missing.code();
    for f in &mut outcome.failed {
        if f.reason == missing {
            f.reason = AWAITING.to_string();
        }
    }
}

/// What `subloc xliff import` needs.
pub struct ImportSpec<'a> {
    /// The translated XLIFF document.
    pub text: &'a str,
    /// Episodes named on the command line (their keys must be those of the export run); `None`:
    /// the episodes the file records.
    pub episodes: Option<Vec<Episode>>,
    /// Folder that relative recorded paths are relative to (the working directory).
    pub base: &'a Path,
    /// Target language to expect (`--lang`); `None`: the file's `trgLang`.
    pub lang: Option<String>,
    pub glossary: Option<&'a Glossary>,
    pub memory: &'a Path,
    /// How to reach it when it is the team memory (`postgres://`).
    pub memory_access: &'a tm::TeamAccess,
}

/// A unit that was not stored, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RejectedUnit {
    /// Segment id (`ep01#12`).
    pub id: Option<String>,
    /// Stable code (`xliff-placeholder`, `xliff-unknown-unit`, …).
    pub code: String,
    /// Placeholder problem code when `code` is `xliff-placeholder`.
    pub detail: Option<String>,
    #[serde(skip)]
    pub problem: XliffProblem,
}

/// What an import did (serialized as `xliff import --format json`, schema `version: 1`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct XliffImportOutcome {
    pub version: u32,
    pub source_lang: String,
    pub target_lang: String,
    pub memory: String,
    /// Episode keys re-read.
    pub episodes: Vec<String>,
    /// Units stored in the memory.
    pub imported: usize,
    pub rejected: Vec<RejectedUnit>,
    /// Segments of these episodes that still have no translation in the memory.
    pub remaining: usize,
}

/// Why an import could not run (nothing was stored).
#[derive(Debug, thiserror::Error)]
pub enum XliffImportError {
    /// Not XLIFF 2, not well-formed, or for another language.
    #[error("{0}")]
    File(XliffProblem),
    /// Neither `trgLang` nor `--lang`.
    #[error("the file names no target language")]
    NoTargetLanguage,
    /// No `srcLang`.
    #[error("the file names no source language")]
    NoSourceLanguage,
    /// The file records no source file for an episode (and none were named).
    #[error("the file does not record its episodes")]
    NoEpisodes,
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
}

/// Validates a translated file against the re-segmented episodes and stores the valid units.
pub fn import(spec: &ImportSpec<'_>) -> Result<XliffImportOutcome, XliffImportError> {
    let info = file_info(spec.text).map_err(XliffImportError::File)?;
    let target = info
        .target_lang
        .clone()
        .or_else(|| spec.lang.clone())
        .ok_or(XliffImportError::NoTargetLanguage)?;
    let expected = spec.lang.clone().unwrap_or_else(|| target.clone());
    let source_lang = info
        .source_lang
        .clone()
        .ok_or(XliffImportError::NoSourceLanguage)?;
    let episodes = match &spec.episodes {
        Some(e) => e.clone(),
        None => recorded_episodes(&info.episodes, spec.base)?,
    };
    if episodes.is_empty() {
        return Err(XliffImportError::NoEpisodes);
    }
    let sources = read_sources(&episodes)?;
    let terms = spec.glossary.map(|g| TermSet::from_glossary(g, &target));
    let segments = resegment(&sources, terms.as_ref());
    let (ok, problems) = import_partial(spec.text, &segments, &expected);
    let rejected = rejected_units(problems)?;
    // The memory file, or the team memory (a `postgres://` location is not a file name).
    let memory =
        tm::open_location(spec.memory, spec.memory_access).map_err(PipelineError::Memory)?;
    let ctx = KeyContext {
        source_lang: source_lang.clone(),
        target_lang: target.clone(),
        identity: XliffBackend.identity(),
        glossary_version: terms
            .as_ref()
            .map(|t| t.version.clone())
            .unwrap_or_default(),
    };
    let imported = store(&*memory, &ctx, &segments, &ok)?;
    let remaining = remaining(&*memory, &ctx, &segments)?;
    Ok(XliffImportOutcome {
        version: 1,
        source_lang,
        target_lang: target,
        memory: spec.memory.display().to_string(),
        episodes: episodes.iter().map(|e| e.key.clone()).collect(),
        imported,
        rejected,
        remaining,
    })
}

/// The episodes the file records, as (key, source path) per `<file>`; a relative path is taken
/// relative to `base`. Every file must name both.
fn recorded_episodes(
    recorded: &[(String, Option<String>)],
    base: &Path,
) -> Result<Vec<Episode>, XliffImportError> {
    let mut eps = Vec::with_capacity(recorded.len());
    for (key, path) in recorded {
        let Some(path) = path.as_deref().filter(|p| !p.is_empty() && !key.is_empty()) else {
            return Err(XliffImportError::NoEpisodes);
        };
        let path = Path::new(path);
        let path = if path.is_absolute() {
            path.to_path_buf()
        } else {
            base.join(path)
        };
        eps.push(Episode {
            path,
            key: key.clone(),
        });
    }
    Ok(eps)
}

/// The segments of the episodes as the export made them (same options, the current glossary).
fn resegment(sources: &[SourceEpisode], terms: Option<&TermSet>) -> Vec<Segment> {
    sources
        .iter()
        .flat_map(|s| {
            segment_track(&s.track, &SegmentOptions::new(s.ep.key.clone()), terms)
                .into_iter()
                .map(|p| p.segment)
        })
        .collect()
}

/// Sorts the problems of an import: one about the file as a whole stops it, a unit not in the
/// file is expected, any other rejects its unit.
fn rejected_units(problems: Vec<XliffProblem>) -> Result<Vec<RejectedUnit>, XliffImportError> {
    let mut rejected = Vec::new();
    for p in problems {
        match p {
            XliffProblem::Xml { .. }
            | XliffProblem::NotXliff
            | XliffProblem::WrongLanguage { .. } => {
                return Err(XliffImportError::File(p));
            }
            // Segments that were in the memory at export time (or repeats) have no unit.
            XliffProblem::MissingUnit { .. } => {}
            p => rejected.push(RejectedUnit {
                id: p.segment_id().map(str::to_string),
                code: p.code().to_string(),
                detail: match &p {
                    XliffProblem::Placeholder { error, .. } => Some(error.code().to_string()),
                    XliffProblem::Codes { error, .. } => Some(error.code().to_string()),
                    _ => None,
                },
                problem: p,
            }),
        }
    }
    Ok(rejected)
}

/// Stores the valid units (id → translation) under the source text of their segment; returns
/// how many were stored.
fn store(
    memory: &dyn MemoryStore,
    ctx: &KeyContext,
    segments: &[Segment],
    ok: &[(String, String)],
) -> Result<usize, PipelineError> {
    let seg_of: HashMap<&str, &Segment> = segments.iter().map(|s| (s.id.as_str(), s)).collect();
    let entries: Vec<_> = ok
        .iter()
        .filter_map(|(id, t)| seg_of.get(id.as_str()).map(|s| ctx.entry_for(s, t, 0)))
        .collect();
    memory.put_many(&entries).map_err(PipelineError::Memory)
}

/// How many segments of the episodes the memory still has no translation for.
fn remaining(
    memory: &dyn MemoryStore,
    ctx: &KeyContext,
    segments: &[Segment],
) -> Result<usize, PipelineError> {
    let keys: Vec<String> = segments
        .iter()
        .flat_map(|s| [ctx.key_for(s), ctx.legacy_key(&s.text)])
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let have = memory.get_many(&keys).map_err(PipelineError::Memory)?;
    Ok(segments
        .iter()
        .filter(|s| {
            !have.contains_key(&ctx.key_for(s)) && !have.contains_key(&ctx.legacy_key(&s.text))
        })
        .count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translator_characters_leave_out_placeholders() {
        assert_eq!(text_chars("他说<x id=\"1\"/>不<x id=\"2\"/>行"), 4);
        assert_eq!(text_chars("<g id=\"1\">Kirk</g> &amp; 1 &lt; 2"), 12);
        assert_eq!(text_chars(""), 0);
    }

    #[test]
    fn recorded_paths_are_relative_to_the_working_directory() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(
            recorded_path(&cwd.join("eps").join("ep01.srt")),
            format!("eps{}ep01.srt", std::path::MAIN_SEPARATOR)
        );
        assert_eq!(recorded_path(Path::new("eps/ep01.srt")), "eps/ep01.srt");
    }
}
