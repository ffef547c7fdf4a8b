//! What a `translate` run reports: per language the engine's counters, per language × platform
//! the files written, their cues and the findings of `check` on them, and every segment that
//! could not be translated. Data only (serialized as the `--format json` summary, schema
//! `version: 1`); the CLI renders the human table.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diag::Severity;
use crate::report::CheckReport;
use crate::translate::cost::Estimate;
use crate::translate::scheduler::RunStats;

/// The whole run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Outcome {
    /// Schema version of this JSON.
    pub version: u32,
    pub dry_run: bool,
    /// Backend label (`pseudo`, `deepl`, `local (openai)`).
    pub backend: String,
    pub source_lang: String,
    pub out_dir: String,
    /// The translation memory file, when one is used.
    pub memory: Option<String>,
    /// The glossary the run protected and checked terms with — or that none was found, which
    /// a new user must be told: without one no term is protected.
    pub glossary: GlossaryUsed,
    pub episodes: Vec<EpisodeSummary>,
    pub languages: Vec<LangSummary>,
    pub totals: Totals,
    /// Why the run stopped early (`cancelled`, `budget-exhausted`, `aborted`, `network`,
    /// `unusable-replies`, `provider-failing`), if it did.
    pub stopped: Option<String>,
    /// When the provider stopped the run (a rejected key, an exhausted quota, a wrong URL or
    /// model, an unreachable endpoint, the circuit breaker): who, where, what it said and what
    /// to do. The run then exits with 2 (issue 14 §6).
    pub backend_stop: Option<BackendStop>,
    /// The most billable characters the run would send, retries, bisections and re-asks
    /// included (absent in dry runs and for the `xliff` backend).
    pub spending_bound: Option<SpendingBound>,
    /// Segments without a translation.
    pub failed: Vec<FailedSegment>,
    /// `xliff` backend: the files written for translators, per language.
    pub xliff: Vec<super::xliff::XliffExport>,
    /// `--video`: the burned-in videos (planned, on a dry run) and how matching went.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub videos: Vec<super::VideoSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub video_notes: Option<super::VideoNotes>,
    /// The check reports behind the HTML pages, for the caller to render.
    #[serde(skip)]
    pub reports: Vec<LangPlatformReport>,
}

/// A provider that stopped the run, as data: the JSON summary carries it whole and the CLI
/// words it (`error-backend-stopped`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BackendStop {
    /// The backend's label (`deepl`, `local (openai)`).
    pub provider: String,
    /// Where the requests went, without credentials or query; the program for `command`.
    pub url: Option<String>,
    /// Stable reason: a `BackendError` code (`auth`, `quota`, `not-found`, `unknown-model`,
    /// `network`, …) or `unusable-replies`.
    pub error: String,
    /// For network failures: `connection-refused`, `dns`, `tls` or `network`.
    pub fault: Option<String>,
    /// The HTTP status the provider answered with, if any.
    pub status: Option<u16>,
    /// The provider's own words (or the network library's), redacted of the key.
    pub message: String,
    /// What to do, as a stable id: `set-key`, `quota`, `check-url`, `start-server`,
    /// `check-tls`, `check-model`, `check-language`, `check-config`, `provider-failing`.
    pub advice: String,
    /// The environment variable the key is read from, when the advice is about the key.
    pub key_var: Option<String>,
}

/// The run's spending bound.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SpendingBound {
    /// Billable characters, all languages together.
    pub chars: u64,
    /// `true`: `--budget` (or `translate.budget`) set it; `false`: the default, 1.5× the
    /// estimate (at least the estimate plus 1,000 characters per language).
    pub from_budget: bool,
}

/// The glossary of a run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GlossaryUsed {
    /// Whether a glossary was found; `false`: no term was protected or checked.
    pub found: bool,
    pub path: Option<String>,
    pub terms: usize,
}

/// One input file.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EpisodeSummary {
    pub path: String,
    /// Run-unique key (`{stem}` in output names, segment id prefix).
    pub key: String,
    pub format: String,
    pub cues: usize,
    /// Cues sent for translation (comments and markup-only cues are not).
    pub segments: usize,
    /// Problems found while reading the episode (see `source_findings` in the human output).
    pub source_findings: usize,
}

/// One target language.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LangSummary {
    pub lang: String,
    pub segments: u64,
    pub memory_hits: u64,
    pub deduplicated: u64,
    pub requests: u64,
    pub chars_sent: u64,
    pub billed_chars: u64,
    pub prompt_chars: u64,
    /// Segments to send whose line the memory had translated under other glossary terms (what
    /// a glossary change invalidated; dry run only).
    pub glossary_invalidated: u64,
    pub translated: u64,
    pub failed: u64,
    /// The engine's full counters (absent in a dry run).
    pub stats: Option<RunStats>,
    /// What a run would send and cost (dry run only).
    pub estimate: Option<Estimate>,
    pub platforms: Vec<PlatformSummary>,
    /// Source-plus-target review tracks (`--bilingual`).
    pub bilingual: Vec<String>,
}

/// One language on one platform.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PlatformSummary {
    pub platform: String,
    pub format: String,
    pub files: Vec<FileSummary>,
    pub written: usize,
    /// Cues in the written files.
    pub cues: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings per rule id.
    pub by_rule: BTreeMap<String, usize>,
    /// Limits the fitter could not meet without changing meaning (reported, never forced).
    pub unfitted: usize,
    /// The HTML report, when written.
    pub report: Option<String>,
}

/// One output file.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FileSummary {
    pub episode: String,
    pub path: String,
    /// False when the episode had segments without a translation (nothing is written then).
    pub written: bool,
    pub cues: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// (cue id, rule id) of every limit the fitter could not meet.
    pub unfitted: Vec<(u32, String)>,
}

/// A segment that has no translation, and why.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FailedSegment {
    pub lang: String,
    /// `ep01#12`.
    pub id: String,
    /// Stable reason code (`rate-limited`, `placeholder-missing`, `cancelled`, …).
    pub reason: String,
}

/// Sums over the run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    pub files_written: usize,
    pub files_skipped: usize,
    pub cues: usize,
    pub segments: u64,
    pub memory_hits: u64,
    pub requests: u64,
    pub chars_sent: u64,
    pub billed_chars: u64,
    pub billable_chars: u64,
    /// Requests that brought nothing usable back and the characters they carried (what was
    /// spent on failures).
    pub failed_requests: u64,
    pub failed_chars: u64,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub failed_segments: usize,
}

/// The findings of one language on one platform, for its HTML page.
#[derive(Debug, Clone)]
pub struct LangPlatformReport {
    pub lang: String,
    pub platform: String,
    /// Where the page goes (inside the output folder).
    pub path: std::path::PathBuf,
    pub report: CheckReport,
}

impl PlatformSummary {
    pub(crate) fn add_finding(&mut self, rule: &str, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
        *self.by_rule.entry(rule.to_string()).or_default() += 1;
    }
}

impl Outcome {
    /// Recomputes `totals` from the languages.
    pub fn total(&mut self) {
        let mut t = Totals {
            failed_segments: self.failed.len(),
            ..Totals::default()
        };
        for l in &self.languages {
            t.segments += l.segments;
            t.memory_hits += l.memory_hits;
            t.requests += l.requests;
            t.chars_sent += l.chars_sent;
            t.billed_chars += l.billed_chars;
            if let Some(st) = &l.stats {
                t.failed_requests += st.failed_requests;
                t.failed_chars += st.failed_chars;
            }
            if let Some(e) = &l.estimate {
                t.billable_chars += e.billable_chars;
            }
            for p in &l.platforms {
                t.files_written += p.written;
                t.files_skipped += p.files.len().saturating_sub(p.written);
                t.cues += p.cues;
                t.errors += p.errors;
                t.warnings += p.warnings;
                t.infos += p.infos;
            }
        }
        self.totals = t;
    }

    /// Segments that got a translation in this run or from the memory, all languages.
    pub fn translated_segments(&self) -> u64 {
        self.languages.iter().map(|l| l.translated).sum()
    }

    /// Whether anything needs a human: error findings, untranslated segments, an early stop, a
    /// video that could not be made.
    pub fn has_failures(&self) -> bool {
        self.totals.errors > 0
            || !self.failed.is_empty()
            || self.stopped.is_some()
            || self.videos.iter().any(|v| v.error.is_some())
    }
}
