//! Drives a backend over all segments of a run (a season, one target language): memory lookup,
//! de-duplication, batching by the backend's limits, bounded concurrency, request and character
//! rate limits, retries with backoff, bisection, re-asking, fallback, budget and cancellation.
//!
//! Work is a queue of jobs (a batch of distinct texts plus its retry state). One loop owns all
//! state: it launches jobs as concurrency allows, and handles each reply as it arrives — valid
//! translations are committed to the memory before anything else happens, so a killed run loses
//! at most the requests in flight. Failure handling per job:
//! - a rate limit (429) pauses the whole backend for `Retry-After` (or a backoff) and resends the
//!   job without counting an attempt, up to `max_rate_limited` times;
//! - other retryable errors (5xx, timeout, network, malformed) are retried with exponential
//!   backoff and jitter: a multi-segment batch `batch_retries` times, then split in halves (down to
//!   single segments, so one bad segment cannot sink its neighbours); a single segment
//!   `max_retries` times, then it goes to the fallback backend or is reported;
//! - a refusal splits the batch at once; a single refused segment goes to the fallback or is
//!   reported;
//! - ids missing from a reply, or whose placeholders do not match, are re-asked alone; ids the
//!   backend invented are ignored and counted;
//! - `Auth`, `UnsupportedLanguage` and `Fatal` stop the run: nothing new is sent, replies in
//!   flight are still kept;
//! - `max_network_failures` network errors in a row with no answer in between (a dead endpoint:
//!   connection refused, DNS) stop the run the same way, as `StopReason::Network`: retrying and
//!   bisecting would otherwise send some seven requests per segment before giving up. With a
//!   fallback configured, the rest of the run goes to the fallback instead;
//! - `max_unusable_replies` batch replies in a row with nothing usable in them (a server that answers
//!   but ignores the reply format) likewise move the run to the fallback, or stop it as
//!   `StopReason::Unusable` — re-asking id by id would pay for every segment several times.
//!
//! Paying once with several runners on one memory (issue 14 §3): just before a batch is sent its
//! keys are claimed in the memory (`MemoryStore::claim`), which in the same step answers the keys
//! another runner has stored since this run was planned. Keys another live runner holds are
//! waited for (looked at again every `claim_poll`) instead of being paid twice; a run renews its
//! claims every third of `claim_lease` and releases them as its answers are stored.
//!
//! A memory that cannot store (issue 14 §2) stops the run like a fatal error: nothing new is sent,
//! requests in flight finish, and every answer the memory would not take goes to the `Journal`
//! (`RunResult::journal`), which the next run replays before sending anything.
//!
//! Timing uses `tokio::time`, so tests run with paused time.

mod run;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use super::memory::{Entry, Journal, KeyContext, MemoryError, MemoryStore};
use super::segment::check_placeholders;
use super::{Backend, BatchLimits, BatchRequest, Billing, Segment};
use run::Run;

pub use super::outcome::{
    Event, FailReason, NoProgress, PlanSummary, Progress, RunError, RunResult, RunStats,
    SegmentOutcome, Source, StopReason,
};
pub use super::pace::{Cancel, SharedPace};

/// Settings of one run.
#[derive(Debug, Clone)]
pub struct RunConfig {
    pub source_lang: String,
    pub target_lang: String,
    pub synopsis: Option<String>,
    /// Provider-side glossary id passed through to the backend.
    pub glossary_id: Option<String>,
    /// Part of the memory key (`TermSet::version`); "" without a glossary.
    pub glossary_version: String,
    /// Skip memory lookups (translate again on purpose) but still store the answers.
    pub refresh: bool,
    /// Maximum billable characters to send, retries, bisections and re-asks included (requests a
    /// rate limit turned away are not billed and do not count); `None`: unlimited.
    pub budget: Option<u64>,
    /// This language's part of a spending bound pooled across the languages of one run
    /// (`SharedSpend`), checked besides `budget`; `None`: no pooled bound.
    pub shared: Option<SharedSpend>,
    /// Attempts after the first for a single segment.
    pub max_retries: u32,
    /// Attempts after the first for a multi-segment batch before it is split.
    pub batch_retries: u32,
    /// Rate-limit answers tolerated per job before its segments are reported.
    pub max_rate_limited: u32,
    /// Network errors (connection refused, reset, DNS) in a row, with no answer in between,
    /// after which the endpoint counts as unreachable and the run stops (`StopReason::Network`)
    /// instead of retrying and bisecting every batch down to single segments. 0: never.
    pub max_network_failures: u32,
    /// Replies to batches (requests of two or more segments) in a row with nothing usable in
    /// them after which the backend counts as not following the reply format: the run moves to
    /// the fallback or stops (`StopReason::Unusable`). 0: never.
    pub max_unusable_replies: u32,
    /// Requests in a row that failed with a server error (5xx, 408), a cut-off or unreadable
    /// reply, or a timeout, with no good reply in between, after which the circuit breaker gives
    /// the backend up: the run moves to the fallback or stops (`StopReason::Failing`). 0: never.
    pub max_failures_in_row: u32,
    /// First backoff delay; doubles per attempt up to `backoff_max`, with jitter in [½, 1].
    pub backoff_base: Duration,
    pub backoff_max: Duration,
    /// Overrides the backend's per-request timeout.
    pub timeout: Option<Duration>,
    /// Seed of the jitter generator (tests pin it).
    pub jitter_seed: u64,
    /// How long a claim on a segment in flight lasts without renewal: after a runner on another
    /// host dies, others wait at most this long before they take its segments over.
    pub claim_lease: Duration,
    /// How often a run looks again at segments another runner holds.
    pub claim_poll: Duration,
}

/// The slack of a spending bound shared by the languages of one run (issue 14 §7: retries,
/// bisections and re-asks share *one* bound per run). Each language may always spend its own
/// estimate (`SharedSpend::own`); what it spends beyond that is drawn from the one pool, so a
/// language whose provider keeps failing can use the slack the others did not need, but never
/// the characters their own estimates need, and the run as a whole never exceeds
/// Σ estimates + slack.
#[derive(Debug)]
pub struct SlackPool {
    slack: u64,
    drawn: std::sync::atomic::AtomicU64,
}

impl SlackPool {
    pub fn new(slack: u64) -> Arc<SlackPool> {
        Arc::new(SlackPool {
            slack,
            drawn: std::sync::atomic::AtomicU64::new(0),
        })
    }

    /// Takes `n` characters of slack, all or nothing.
    pub fn try_draw(&self, n: u64) -> bool {
        use std::sync::atomic::Ordering;
        if n == 0 {
            return true;
        }
        self.drawn
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |d| {
                d.checked_add(n).filter(|t| *t <= self.slack)
            })
            .is_ok()
    }

    /// Gives back `n` characters (a request a rate limit turned away is not billed).
    pub fn give_back(&self, n: u64) {
        use std::sync::atomic::Ordering;
        let _ = self
            .drawn
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |d| {
                Some(d.saturating_sub(n))
            });
    }

    /// Characters of slack drawn so far.
    pub fn drawn(&self) -> u64 {
        self.drawn.load(std::sync::atomic::Ordering::Acquire)
    }
}

/// One language's share of a pooled bound: its own estimate, and the run's pool.
#[derive(Debug, Clone)]
pub struct SharedSpend {
    pub own: u64,
    pub pool: Arc<SlackPool>,
}

impl SharedSpend {
    /// The part of the step from `committed` to `committed + n` characters that lies beyond
    /// this language's own estimate.
    pub fn beyond_own(&self, committed: u64, n: u64) -> u64 {
        committed
            .saturating_add(n)
            .saturating_sub(self.own)
            .saturating_sub(committed.saturating_sub(self.own))
    }
}

impl RunConfig {
    pub fn new(source_lang: impl Into<String>, target_lang: impl Into<String>) -> Self {
        RunConfig {
            source_lang: source_lang.into(),
            target_lang: target_lang.into(),
            synopsis: None,
            glossary_id: None,
            glossary_version: String::new(),
            refresh: false,
            budget: None,
            shared: None,
            max_retries: 4,
            batch_retries: 1,
            max_rate_limited: 30,
            max_network_failures: 8,
            max_unusable_replies: 8,
            max_failures_in_row: 8,
            backoff_base: Duration::from_millis(500),
            backoff_max: Duration::from_secs(60),
            timeout: None,
            jitter_seed: seed_from_clock(),
            claim_lease: Duration::from_secs(30),
            claim_poll: Duration::from_millis(400),
        }
    }
}

fn seed_from_clock() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0x5eed)
}

/// The engine: a backend, an optional fallback, a memory and where progress goes.
pub struct Scheduler {
    pub backend: Arc<dyn Backend>,
    /// Receives segments the primary refuses or keeps failing on.
    pub fallback: Option<Arc<dyn Backend>>,
    pub memory: Option<Arc<dyn MemoryStore>>,
    /// Where answers go that the memory fails to store.
    pub journal: Option<Arc<Journal>>,
    pub progress: Arc<dyn Progress>,
    pub cancel: Cancel,
    /// Pacing shared with other schedulers of the same backend(s): `[primary, fallback]`.
    /// `None`: this run paces itself alone.
    pub shared: Option<(SharedPace, Option<SharedPace>)>,
}

impl Scheduler {
    pub fn new(backend: Arc<dyn Backend>) -> Self {
        Scheduler {
            backend,
            fallback: None,
            memory: None,
            journal: None,
            progress: Arc::new(NoProgress),
            cancel: Cancel::new(),
            shared: None,
        }
    }

    /// Paces this run together with every other scheduler given the same `SharedPace`s.
    pub fn with_shared_pace(mut self, primary: SharedPace, fallback: Option<SharedPace>) -> Self {
        self.shared = Some((primary, fallback));
        self
    }

    pub fn with_memory(mut self, memory: Arc<dyn MemoryStore>) -> Self {
        self.memory = Some(memory);
        self
    }

    /// Keeps the answers the memory fails to store in `journal`.
    pub fn with_journal(mut self, journal: Arc<Journal>) -> Self {
        self.journal = Some(journal);
        self
    }

    pub fn with_fallback(mut self, fallback: Arc<dyn Backend>) -> Self {
        self.fallback = Some(fallback);
        self
    }

    pub fn with_progress(mut self, progress: Arc<dyn Progress>) -> Self {
        self.progress = progress;
        self
    }

    pub fn with_cancel(mut self, cancel: Cancel) -> Self {
        self.cancel = cancel;
        self
    }

    pub(super) fn key_context(&self, backend: &dyn Backend, cfg: &RunConfig) -> KeyContext {
        KeyContext {
            source_lang: cfg.source_lang.clone(),
            target_lang: cfg.target_lang.clone(),
            identity: backend.identity(),
            glossary_version: cfg.glossary_version.clone(),
        }
    }

    /// What a run would send, without sending anything (`--dry-run`).
    pub async fn plan(
        &self,
        cfg: &RunConfig,
        segments: &[Segment],
    ) -> Result<PlanSummary, RunError> {
        let prep = self.prepare(cfg, segments).await?;
        Ok(prep.summary)
    }

    /// Translates `segments` (one language pair). Errors only when it cannot start; everything
    /// after that is reported per segment.
    pub async fn run(&self, cfg: &RunConfig, segments: &[Segment]) -> Result<RunResult, RunError> {
        let prep = self.prepare(cfg, segments).await?;
        if let Some(budget) = cfg.budget
            && prep.summary.chars > budget
        {
            return Err(RunError::OverBudget {
                needed: prep.summary.chars,
                budget,
            });
        }
        if let Some(mem) = self.memory.clone()
            && !prep.promote.is_empty()
        {
            // Version 1 entries found by their old key move to their version 2 key, so the next
            // glossary change does not lose them.
            let moves = prep.promote.clone();
            tokio::task::spawn_blocking(move || mem.rekey(&moves))
                .await
                .map_err(|e| RunError::Memory(MemoryError::Task(e.to_string())))?
                .map_err(RunError::Memory)?;
        }
        self.progress.event(&Event::Planned(prep.summary.clone()));
        let mut run = Run::new(self, cfg, segments, prep);
        run.drive().await;
        Ok(run.finish())
    }

    /// Language check, de-duplication, memory lookup and batching.
    async fn prepare(&self, cfg: &RunConfig, segments: &[Segment]) -> Result<RunPlan, RunError> {
        self.backend
            .supports(&cfg.source_lang, &cfg.target_lang)
            .map_err(RunError::Unsupported)?;
        let fallback_ok = self
            .fallback
            .as_ref()
            .filter(|f| f.supports(&cfg.source_lang, &cfg.target_lang).is_ok())
            .cloned();
        let units = dedup(segments, self.backend.as_ref());
        let mut outcomes: Vec<Option<SegmentOutcome>> = vec![None; segments.len()];
        let recalled = self
            .recall(cfg, segments, &units, fallback_ok.as_ref(), &mut outcomes)
            .await?;
        let hits = recalled.hits;
        let limits = self.backend.limits().sane();
        let todo: Vec<usize> = (0..units.len())
            .filter(|&k| {
                units
                    .get(k)
                    .and_then(|u| outcomes.get(u.rep))
                    .is_some_and(Option::is_none)
            })
            .collect();
        let batches = pack(&todo, &units, segments, &limits);
        let mut summary = self.summarize(cfg, segments, &units, &todo, &batches, hits);
        summary.glossary_invalidated = recalled.invalidated;
        Ok(RunPlan {
            units,
            outcomes,
            batches,
            summary,
            fallback: fallback_ok,
            promote: recalled.promote,
        })
    }

    /// Fills `outcomes` from the memory (unless `cfg.refresh`): units are looked up under the
    /// primary's key first, then those still open under the fallback's, each first by its
    /// version 2 key, then by its version 1 key (`KeyContext::legacy_key`: found only while the
    /// glossary is the one the entry was made with; such finds are returned to be re-keyed). Every
    /// member of a unit found gets the stored translation. The units found nowhere whose skeleton
    /// has an entry are counted as invalidated by a glossary change.
    async fn recall(
        &self,
        cfg: &RunConfig,
        segments: &[Segment],
        units: &[Unit],
        fallback: Option<&Arc<dyn Backend>>,
        outcomes: &mut [Option<SegmentOutcome>],
    ) -> Result<Recalled, RunError> {
        let mut out = Recalled::default();
        let Some(mem) = self.memory.clone().filter(|_| !cfg.refresh) else {
            return Ok(out);
        };
        let primary = self.key_context(self.backend.as_ref(), cfg);
        let mut contexts = vec![(primary.clone(), Source::Primary)];
        if let Some(f) = fallback {
            contexts.push((self.key_context(f.as_ref(), cfg), Source::Fallback));
        }
        let open = |outcomes: &[Option<SegmentOutcome>], u: &Unit| {
            outcomes.get(u.rep).is_some_and(Option::is_none)
        };
        for (ctx, by) in contexts {
            for legacy in [false, true] {
                let pending: Vec<(usize, String)> = units
                    .iter()
                    .enumerate()
                    .filter(|(_, u)| open(outcomes, u))
                    .filter_map(|(k, u)| {
                        let s = segments.get(u.rep)?;
                        Some((
                            k,
                            if legacy {
                                ctx.legacy_key(&s.text)
                            } else {
                                ctx.key_for(s)
                            },
                        ))
                    })
                    .collect();
                if pending.is_empty() {
                    break;
                }
                let keys: Vec<String> = pending.iter().map(|(_, k)| k.clone()).collect();
                let found = blocking(&mem, move |m| m.get_many(&keys)).await?;
                for (k, key) in pending {
                    let (Some(entry), Some(unit)) = (found.get(&key), units.get(k)) else {
                        continue;
                    };
                    let Some(seg) = segments.get(unit.rep) else {
                        continue;
                    };
                    // An imported or hand-edited entry may be broken: then translate again.
                    if check_placeholders(&seg.text, &entry.target).is_err() {
                        continue;
                    }
                    if legacy && entry.terms.is_none() {
                        let mut moved = ctx.entry_for(seg, &entry.target, entry.billed_chars);
                        moved.created = entry.created;
                        out.promote.push((key.clone(), moved));
                    }
                    for &m in &unit.members {
                        if let Some(o) = outcomes.get_mut(m) {
                            *o = Some(SegmentOutcome::Translated {
                                text: entry.target.clone(),
                                from_memory: true,
                                by,
                            });
                            out.hits += 1;
                        }
                    }
                }
            }
        }
        let missing: Vec<(usize, String)> = units
            .iter()
            .enumerate()
            .filter(|(_, u)| open(outcomes, u))
            .filter_map(|(k, u)| Some((k, primary.base_key_of(&segments.get(u.rep)?.text))))
            .collect();
        if !missing.is_empty() {
            let bases: Vec<String> = missing.iter().map(|(_, b)| b.clone()).collect();
            let present = blocking(&mem, move |m| m.bases_present(&bases)).await?;
            for (k, base) in missing {
                if present.contains(&base) {
                    out.invalidated += units.get(k).map_or(0, |u| u.members.len() as u64);
                }
            }
        }
        Ok(out)
    }

    /// The plan as reported (`--dry-run`, `Event::Planned`): counts, the texts to send and, for
    /// a backend billed by tokens, the prompt overhead of every request.
    fn summarize(
        &self,
        cfg: &RunConfig,
        segments: &[Segment],
        units: &[Unit],
        todo: &[usize],
        batches: &[Vec<usize>],
        hits: u64,
    ) -> PlanSummary {
        let mut summary = PlanSummary {
            segments: segments.len() as u64,
            distinct: units.len() as u64,
            memory_hits: hits,
            ..PlanSummary::default()
        };
        for &k in todo {
            if let Some(u) = units.get(k) {
                summary.to_send += 1;
                summary.chars += u.chars;
                summary.deduplicated += u.members.len().saturating_sub(1) as u64;
                if let Some(s) = segments.get(u.rep) {
                    summary.texts.push(s.text.clone());
                }
            }
        }
        summary.requests = batches.len() as u64;
        if self.backend.billing() == Billing::Tokens {
            for b in batches {
                let req = build_request(cfg, b, units, segments);
                summary.prompt_chars += self.backend.prompt_overhead(&req);
            }
        }
        summary
    }
}

/// De-duplicates by text: one unit per distinct text, in order of first appearance, each
/// listing the segments that carry it and its characters as `backend` bills them.
fn dedup(segments: &[Segment], backend: &dyn Backend) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    let mut by_text: HashMap<&str, usize> = HashMap::new();
    for (i, s) in segments.iter().enumerate() {
        match by_text.get(s.text.as_str()) {
            Some(&u) => {
                if let Some(unit) = units.get_mut(u) {
                    unit.members.push(i);
                }
            }
            None => {
                by_text.insert(&s.text, units.len());
                units.push(Unit {
                    rep: i,
                    members: vec![i],
                    chars: backend.billable_chars(&s.text),
                    bytes: s.text.len(),
                });
            }
        }
    }
    units
}

/// A distinct text and the input segments that carry it.
#[derive(Debug, Clone)]
pub(super) struct Unit {
    /// The input segment sent for all of them (its id and context).
    pub(super) rep: usize,
    pub(super) members: Vec<usize>,
    /// Characters as the backend bills them (`Backend::billable_chars`): what the budget, the
    /// spending bound, the pacer's characters per minute and the estimate count.
    pub(super) chars: u64,
    pub(super) bytes: usize,
}

/// What the memory answered when a run was planned.
#[derive(Debug, Default)]
struct Recalled {
    /// Input segments answered.
    hits: u64,
    /// Version 1 entries found by their old key: (old key, the entry under its version 2 key).
    promote: Vec<(String, Entry)>,
    /// Input segments not answered whose line the memory knows with other glossary terms.
    invalidated: u64,
}

/// Runs a memory call on the blocking pool (SQLite may wait for another process's lock).
pub(super) async fn blocking<T: Send + 'static>(
    mem: &Arc<dyn MemoryStore>,
    f: impl FnOnce(&dyn MemoryStore) -> Result<T, MemoryError> + Send + 'static,
) -> Result<T, RunError> {
    let mem = mem.clone();
    tokio::task::spawn_blocking(move || f(&*mem))
        .await
        .map_err(|e| RunError::Memory(MemoryError::Task(e.to_string())))?
        .map_err(RunError::Memory)
}

pub(super) struct RunPlan {
    pub(super) units: Vec<Unit>,
    pub(super) outcomes: Vec<Option<SegmentOutcome>>,
    /// Unit indices per request.
    pub(super) batches: Vec<Vec<usize>>,
    pub(super) summary: PlanSummary,
    pub(super) fallback: Option<Arc<dyn Backend>>,
    /// Version 1 entries to re-key before the run (`Recalled::promote`).
    pub(super) promote: Vec<(String, Entry)>,
}

/// Cuts units into batches in source order (neighbours share context), never exceeding the
/// limits except for a single unit that alone is larger; never two units with one id in a batch.
fn pack(
    todo: &[usize],
    units: &[Unit],
    segments: &[Segment],
    limits: &BatchLimits,
) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut cur: Vec<usize> = Vec::new();
    let mut ids: HashSet<&str> = HashSet::new();
    let (mut chars, mut bytes) = (0usize, 0usize);
    for &k in todo {
        let Some(u) = units.get(k) else { continue };
        let id = segments.get(u.rep).map(|s| s.id.as_str()).unwrap_or("");
        let c = u.chars as usize;
        let fits = cur.len() < limits.max_segments
            && chars + c <= limits.max_chars
            && bytes + u.bytes <= limits.max_bytes
            && !ids.contains(id);
        if !fits && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
            ids.clear();
            chars = 0;
            bytes = 0;
        }
        cur.push(k);
        ids.insert(id);
        chars += c;
        bytes += u.bytes;
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

pub(super) fn build_request(
    cfg: &RunConfig,
    batch: &[usize],
    units: &[Unit],
    segments: &[Segment],
) -> BatchRequest {
    BatchRequest {
        source_lang: cfg.source_lang.clone(),
        target_lang: cfg.target_lang.clone(),
        segments: batch
            .iter()
            .filter_map(|&k| units.get(k).and_then(|u| segments.get(u.rep)).cloned())
            .collect(),
        synopsis: cfg.synopsis.clone(),
        glossary_id: cfg.glossary_id.clone(),
    }
}
