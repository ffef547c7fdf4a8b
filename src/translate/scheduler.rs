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
//!   flight are still kept.
//!
//! Timing uses `tokio::time`, so tests run with paused time.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio::time::Instant;

use super::memory::{Entry, KeyContext, MemoryError, MemoryStore};
use super::segment::{RestoreError, check_placeholders};
use super::{Backend, BackendError, BatchLimits, BatchReply, BatchRequest, Billing, Segment};

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
    /// Maximum characters of segment text to send (retries included); `None`: unlimited.
    pub budget: Option<u64>,
    /// Attempts after the first for a single segment.
    pub max_retries: u32,
    /// Attempts after the first for a multi-segment batch before it is split.
    pub batch_retries: u32,
    /// Rate-limit answers tolerated per job before its segments are reported.
    pub max_rate_limited: u32,
    /// First backoff delay; doubles per attempt up to `backoff_max`, with jitter in [½, 1].
    pub backoff_base: Duration,
    pub backoff_max: Duration,
    /// Overrides the backend's per-request timeout.
    pub timeout: Option<Duration>,
    /// Seed of the jitter generator (tests pin it).
    pub jitter_seed: u64,
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
            max_retries: 4,
            batch_retries: 1,
            max_rate_limited: 30,
            backoff_base: Duration::from_millis(500),
            backoff_max: Duration::from_secs(60),
            timeout: None,
            jitter_seed: seed_from_clock(),
        }
    }
}

fn seed_from_clock() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0x5eed)
}

/// Stops a run from outside (Ctrl-C handler, a UI). Cheap to clone.
#[derive(Debug, Clone)]
pub struct Cancel {
    tx: Arc<watch::Sender<CancelState>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum CancelState {
    Running,
    /// Send nothing new; keep what arrives from requests in flight.
    Stop,
    /// Also abandon requests in flight.
    Abort,
}

impl Default for Cancel {
    fn default() -> Self {
        Cancel::new()
    }
}

impl Cancel {
    pub fn new() -> Self {
        Cancel {
            tx: Arc::new(watch::channel(CancelState::Running).0),
        }
    }

    /// Stop sending new requests; requests in flight finish and their answers are kept.
    pub fn stop(&self) {
        self.tx.send_if_modified(|s| raise(s, CancelState::Stop));
    }

    /// Stop sending and abandon requests in flight (a second Ctrl-C).
    pub fn abort(&self) {
        self.tx.send_if_modified(|s| raise(s, CancelState::Abort));
    }

    pub fn is_stopped(&self) -> bool {
        *self.tx.borrow() != CancelState::Running
    }

    fn state(&self) -> CancelState {
        *self.tx.borrow()
    }

    fn subscribe(&self) -> watch::Receiver<CancelState> {
        self.tx.subscribe()
    }
}

fn raise(s: &mut CancelState, to: CancelState) -> bool {
    if *s < to {
        *s = to;
        true
    } else {
        false
    }
}

/// What the scheduler reports while it runs (no printing in the library: the CLI draws bars).
pub trait Progress: Send + Sync {
    fn event(&self, event: &Event);
}

/// A progress sink that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn event(&self, _event: &Event) {}
}

/// Progress events.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// After memory lookup and de-duplication, before the first request.
    Planned(PlanSummary),
    /// A request left.
    Sent { segments: usize, chars: u64 },
    /// Segments (input segments, duplicates included) got their final translation.
    Translated { segments: usize },
    /// Segments were given up on.
    Failed { segments: usize },
    /// The backend asked to slow down; nothing is sent for `delay`.
    RateLimited { delay: Duration },
    /// A request failed and will be retried after `delay`.
    Retrying { code: &'static str, delay: Duration },
}

/// Why a segment has no translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FailReason {
    /// The backend kept failing (retries, bisection and fallback exhausted).
    Backend(BackendError),
    /// Every answer had missing, duplicated or invented placeholders (or was empty).
    Placeholders(RestoreError),
    /// The backend never returned this id.
    Missing,
    /// Not sent: the run stopped first.
    NotSent(StopReason),
}

impl FailReason {
    pub fn code(&self) -> &'static str {
        match self {
            FailReason::Backend(e) => e.code(),
            FailReason::Placeholders(e) => e.code(),
            FailReason::Missing => "missing-in-reply",
            FailReason::NotSent(s) => s.code(),
        }
    }
}

/// Why a run stopped before sending everything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StopReason {
    Cancelled,
    /// Sending the next request would exceed `--budget`.
    Budget,
    /// A fatal backend error (auth, unsupported language, fatal).
    Aborted(BackendError),
}

impl StopReason {
    pub fn code(&self) -> &'static str {
        match self {
            StopReason::Cancelled => "cancelled",
            StopReason::Budget => "budget-exhausted",
            StopReason::Aborted(_) => "aborted",
        }
    }
}

/// Which backend produced a translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Primary,
    Fallback,
}

/// The result for one input segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SegmentOutcome {
    /// Translated text with placeholders (restore with `segment::restore` and the segment's mask).
    Translated {
        text: String,
        from_memory: bool,
        by: Source,
    },
    Failed {
        reason: FailReason,
    },
}

impl SegmentOutcome {
    pub fn text(&self) -> Option<&str> {
        match self {
            SegmentOutcome::Translated { text, .. } => Some(text),
            SegmentOutcome::Failed { .. } => None,
        }
    }
}

/// Counters of a run.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct RunStats {
    /// Input segments.
    pub segments: u64,
    /// Distinct texts among them.
    pub distinct: u64,
    /// Input segments answered from the memory.
    pub memory_hits: u64,
    /// Input segments not sent because an identical text was (de-duplication savings).
    pub deduplicated: u64,
    pub requests: u64,
    pub fallback_requests: u64,
    /// Segments in requests (a segment sent twice counts twice).
    pub segments_sent: u64,
    /// Characters of segment text in requests (retries included).
    pub chars_sent: u64,
    /// Unique characters among the texts that needed sending (the ideal `chars_sent`).
    pub unique_chars: u64,
    /// What the backends reported as billed, and their prompt overhead.
    pub billed_chars: u64,
    pub prompt_chars: u64,
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub rate_limited: u64,
    pub retries: u64,
    pub timeouts: u64,
    pub bisections: u64,
    /// Ids re-asked alone after a reply lacked them or broke their placeholders.
    pub reasked: u64,
    /// Ids in replies that were not asked for.
    pub invented_ids: u64,
    pub translated: u64,
    pub failed: u64,
    /// Memory writes that failed (the translation itself was still used).
    pub memory_errors: u64,
}

/// The result of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunResult {
    /// One per input segment, in input order.
    pub outcomes: Vec<SegmentOutcome>,
    pub stats: RunStats,
    /// Set when the run stopped early.
    pub stopped: Option<StopReason>,
    /// First memory write error, if any.
    pub memory_error: Option<MemoryError>,
}

/// Why a run could not start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RunError {
    #[error("backend does not support the language pair: {0}")]
    Unsupported(BackendError),
    #[error(transparent)]
    Memory(MemoryError),
    /// The planned characters exceed `--budget`: nothing was sent.
    #[error("planned {needed} characters exceed the budget of {budget}")]
    OverBudget { needed: u64, budget: u64 },
}

/// What a run would send (the dry run).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct PlanSummary {
    pub segments: u64,
    pub distinct: u64,
    pub memory_hits: u64,
    pub deduplicated: u64,
    /// Distinct texts to send, their characters and the requests they make.
    pub to_send: u64,
    pub chars: u64,
    pub requests: u64,
    /// Estimated prompt overhead (LLMs).
    pub prompt_chars: u64,
    /// The source texts to send, for token estimates.
    #[serde(skip)]
    pub texts: Vec<String>,
}

/// The engine: a backend, an optional fallback, a memory and where progress goes.
pub struct Scheduler {
    pub backend: Arc<dyn Backend>,
    /// Receives segments the primary refuses or keeps failing on.
    pub fallback: Option<Arc<dyn Backend>>,
    pub memory: Option<Arc<dyn MemoryStore>>,
    pub progress: Arc<dyn Progress>,
    pub cancel: Cancel,
}

impl Scheduler {
    pub fn new(backend: Arc<dyn Backend>) -> Self {
        Scheduler {
            backend,
            fallback: None,
            memory: None,
            progress: Arc::new(NoProgress),
            cancel: Cancel::new(),
        }
    }

    pub fn with_memory(mut self, memory: Arc<dyn MemoryStore>) -> Self {
        self.memory = Some(memory);
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

    fn key_context(&self, backend: &dyn Backend, cfg: &RunConfig) -> KeyContext {
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
        self.progress.event(&Event::Planned(prep.summary.clone()));
        let mut run = Run::new(self, cfg, segments, prep);
        run.drive().await;
        Ok(run.finish())
    }

    /// Language check, de-duplication, memory lookup and batching.
    async fn prepare(&self, cfg: &RunConfig, segments: &[Segment]) -> Result<Prepared, RunError> {
        self.backend
            .supports(&cfg.source_lang, &cfg.target_lang)
            .map_err(RunError::Unsupported)?;
        let fallback_ok = self
            .fallback
            .as_ref()
            .filter(|f| f.supports(&cfg.source_lang, &cfg.target_lang).is_ok())
            .cloned();

        // De-duplicate by text: one unit per distinct text, in order of first appearance.
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
                        chars: s.text.chars().count() as u64,
                        bytes: s.text.len(),
                    });
                }
            }
        }

        let mut outcomes: Vec<Option<SegmentOutcome>> = vec![None; segments.len()];
        let mut hits = 0u64;
        if let Some(mem) = self.memory.clone().filter(|_| !cfg.refresh) {
            let mut contexts = vec![(
                self.key_context(self.backend.as_ref(), cfg),
                Source::Primary,
            )];
            if let Some(f) = &fallback_ok {
                contexts.push((self.key_context(f.as_ref(), cfg), Source::Fallback));
            }
            for (ctx, by) in contexts {
                let pending: Vec<(usize, String)> = units
                    .iter()
                    .enumerate()
                    .filter(|(_, u)| outcomes.get(u.rep).is_some_and(Option::is_none))
                    .filter_map(|(k, u)| segments.get(u.rep).map(|s| (k, ctx.key(&s.text))))
                    .collect();
                if pending.is_empty() {
                    break;
                }
                let keys: Vec<String> = pending.iter().map(|(_, k)| k.clone()).collect();
                let mem2 = mem.clone();
                let found = tokio::task::spawn_blocking(move || mem2.get_many(&keys))
                    .await
                    .map_err(|e| RunError::Memory(MemoryError::Sqlite(e.to_string())))?
                    .map_err(RunError::Memory)?;
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
                    for &m in &unit.members {
                        if let Some(o) = outcomes.get_mut(m) {
                            *o = Some(SegmentOutcome::Translated {
                                text: entry.target.clone(),
                                from_memory: true,
                                by,
                            });
                            hits += 1;
                        }
                    }
                }
            }
        }

        let limits = sane_limits(self.backend.limits());
        let todo: Vec<usize> = (0..units.len())
            .filter(|&k| {
                units
                    .get(k)
                    .and_then(|u| outcomes.get(u.rep))
                    .is_some_and(Option::is_none)
            })
            .collect();
        let batches = pack(&todo, &units, segments, &limits);

        let mut summary = PlanSummary {
            segments: segments.len() as u64,
            distinct: units.len() as u64,
            memory_hits: hits,
            ..PlanSummary::default()
        };
        for &k in &todo {
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
            for b in &batches {
                let req = build_request(cfg, b, &units, segments);
                summary.prompt_chars += self.backend.prompt_overhead(&req);
            }
        }
        Ok(Prepared {
            units,
            outcomes,
            batches,
            summary,
            fallback: fallback_ok,
        })
    }
}

/// Limits with zeros replaced, so packing and concurrency always make progress.
fn sane_limits(mut l: BatchLimits) -> BatchLimits {
    l.max_segments = l.max_segments.max(1);
    l.max_bytes = l.max_bytes.max(1);
    l.max_chars = l.max_chars.max(1);
    l.concurrency = l.concurrency.max(1);
    if l.timeout.is_zero() {
        l.timeout = Duration::from_secs(60);
    }
    l
}

/// A distinct text and the input segments that carry it.
#[derive(Debug, Clone)]
struct Unit {
    /// The input segment sent for all of them (its id and context).
    rep: usize,
    members: Vec<usize>,
    chars: u64,
    bytes: usize,
}

struct Prepared {
    units: Vec<Unit>,
    outcomes: Vec<Option<SegmentOutcome>>,
    /// Unit indices per request.
    batches: Vec<Vec<usize>>,
    summary: PlanSummary,
    fallback: Option<Arc<dyn Backend>>,
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

fn build_request(
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

/// A batch waiting to be sent (again).
#[derive(Debug, Clone)]
struct Job {
    units: Vec<usize>,
    attempt: u32,
    rate_limited: u32,
    not_before: Instant,
    fallback: bool,
    chars: u64,
}

/// Paces requests for one backend: a minimum interval between request starts, a characters-per-
/// minute token bucket (one minute of capacity), and a pause after a rate-limit answer. Slots are
/// reserved under the lock and waited for outside it.
struct Limiter {
    interval: Option<Duration>,
    chars_per_minute: Option<u64>,
    state: Mutex<LimiterState>,
}

struct LimiterState {
    next_slot: Instant,
    tokens: f64,
    refilled: Instant,
    paused_until: Instant,
}

impl Limiter {
    fn new(limits: &BatchLimits) -> Limiter {
        let now = Instant::now();
        let interval = limits
            .requests_per_second
            .filter(|r| r.is_finite() && *r > 0.0)
            .map(|r| Duration::from_secs_f64(1.0 / r));
        let cpm = limits.chars_per_minute.filter(|c| *c > 0);
        Limiter {
            interval,
            chars_per_minute: cpm,
            state: Mutex::new(LimiterState {
                next_slot: now,
                tokens: cpm.unwrap_or(0) as f64,
                refilled: now,
                paused_until: now,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LimiterState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits until a request of `chars` characters may start.
    async fn acquire(&self, chars: u64) {
        let at = {
            let mut s = self.lock();
            let mut at = Instant::now().max(s.paused_until);
            if self.interval.is_some() {
                at = at.max(s.next_slot);
            }
            if let Some(cpm) = self.chars_per_minute {
                let cap = cpm as f64;
                let rate = cap / 60.0;
                if at > s.refilled {
                    s.tokens = (s.tokens + (at - s.refilled).as_secs_f64() * rate).min(cap);
                    s.refilled = at;
                } else {
                    at = s.refilled.max(at);
                }
                let need = (chars as f64).min(cap);
                if s.tokens < need {
                    let wait = Duration::from_secs_f64((need - s.tokens) / rate);
                    at += wait;
                    s.tokens = need;
                    s.refilled = at;
                }
                // A request larger than a minute's capacity leaves a debt the next ones wait out.
                s.tokens -= chars as f64;
            }
            if let Some(iv) = self.interval {
                s.next_slot = at + iv;
            }
            at
        };
        tokio::time::sleep_until(at).await;
        // A rate-limit answer may have arrived while waiting.
        loop {
            let paused = self.lock().paused_until;
            if paused <= Instant::now() {
                break;
            }
            tokio::time::sleep_until(paused).await;
        }
    }

    /// Sends nothing before `until`.
    fn pause_until(&self, until: Instant) {
        let mut s = self.lock();
        if until > s.paused_until {
            s.paused_until = until;
        }
    }
}

/// A small deterministic generator for jitter (no dependency, seedable for tests).
struct Jitter(u64);

impl Jitter {
    fn next_unit(&mut self) -> f64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

type TaskOutput = (Job, Result<BatchReply, BackendError>);

/// The state of one run.
struct Run<'s> {
    sched: &'s Scheduler,
    cfg: &'s RunConfig,
    segments: &'s [Segment],
    units: Vec<Unit>,
    outcomes: Vec<Option<SegmentOutcome>>,
    queue: Vec<Job>,
    stats: RunStats,
    stopped: Option<StopReason>,
    memory_error: Option<MemoryError>,
    fallback: Option<Arc<dyn Backend>>,
    limits: BatchLimits,
    fallback_limits: BatchLimits,
    limiter: Arc<Limiter>,
    fallback_limiter: Arc<Limiter>,
    primary_ctx: KeyContext,
    fallback_ctx: Option<KeyContext>,
    jitter: Jitter,
    committed_chars: u64,
}

impl<'s> Run<'s> {
    fn new(
        sched: &'s Scheduler,
        cfg: &'s RunConfig,
        segments: &'s [Segment],
        prep: Prepared,
    ) -> Self {
        let limits = sane_limits(sched.backend.limits());
        let fallback_limits = prep
            .fallback
            .as_ref()
            .map(|f| sane_limits(f.limits()))
            .unwrap_or_else(|| limits.clone());
        let now = Instant::now();
        let queue = prep
            .batches
            .iter()
            .map(|b| Job {
                chars: b
                    .iter()
                    .filter_map(|&k| prep.units.get(k))
                    .map(|u| u.chars)
                    .sum(),
                units: b.clone(),
                attempt: 0,
                rate_limited: 0,
                not_before: now,
                fallback: false,
            })
            .collect();
        let mut stats = RunStats {
            segments: prep.summary.segments,
            distinct: prep.summary.distinct,
            memory_hits: prep.summary.memory_hits,
            deduplicated: prep.summary.deduplicated,
            unique_chars: prep.summary.chars,
            ..RunStats::default()
        };
        stats.translated = prep.summary.memory_hits;
        Run {
            primary_ctx: sched.key_context(sched.backend.as_ref(), cfg),
            fallback_ctx: prep
                .fallback
                .as_ref()
                .map(|f| sched.key_context(f.as_ref(), cfg)),
            limiter: Arc::new(Limiter::new(&limits)),
            fallback_limiter: Arc::new(Limiter::new(&fallback_limits)),
            sched,
            cfg,
            segments,
            units: prep.units,
            outcomes: prep.outcomes,
            queue,
            stats,
            stopped: None,
            memory_error: None,
            fallback: prep.fallback,
            limits,
            fallback_limits,
            jitter: Jitter(cfg.jitter_seed),
            committed_chars: 0,
        }
    }

    async fn drive(&mut self) {
        let mut tasks: JoinSet<TaskOutput> = JoinSet::new();
        let mut in_flight: HashMap<tokio::task::Id, (Vec<usize>, bool)> = HashMap::new();
        let mut cancel_rx = self.sched.cancel.subscribe();
        let mut cancel_open = true;
        loop {
            if self.stopped.is_none() && self.sched.cancel.is_stopped() {
                self.stopped = Some(StopReason::Cancelled);
            }
            if self.sched.cancel.state() == CancelState::Abort && !tasks.is_empty() {
                tasks.abort_all();
            }
            if self.stopped.is_none() {
                self.launch(&mut tasks, &mut in_flight);
            }
            if tasks.is_empty() && (self.queue.is_empty() || self.stopped.is_some()) {
                break;
            }
            // Wake for a delayed job only when its backend has a free slot; otherwise the next
            // completed request is what can let it start.
            let next_due = if self.stopped.is_none() {
                let busy_fallback = in_flight.values().filter(|(_, f)| *f).count();
                let busy_primary = in_flight.len() - busy_fallback;
                self.queue
                    .iter()
                    .filter(|j| {
                        if j.fallback {
                            busy_fallback < self.fallback_limits.concurrency
                        } else {
                            busy_primary < self.limits.concurrency
                        }
                    })
                    .map(|j| j.not_before)
                    .min()
            } else {
                None
            };
            tokio::select! {
                joined = tasks.join_next_with_id(), if !tasks.is_empty() => {
                    match joined {
                        Some(Ok((id, (job, result)))) => {
                            in_flight.remove(&id);
                            self.handle(job, result).await;
                        }
                        Some(Err(e)) => {
                            let lost = in_flight.remove(&e.id());
                            if let Some((units, _)) = lost {
                                let reason = if e.is_cancelled() {
                                    FailReason::NotSent(StopReason::Cancelled)
                                } else {
                                    FailReason::Backend(BackendError::Fatal("backend panicked".into()))
                                };
                                self.fail_units(&units, reason);
                            }
                        }
                        None => {}
                    }
                }
                _ = sleep_until_opt(next_due), if next_due.is_some() => {}
                changed = cancel_rx.changed(), if cancel_open => {
                    if changed.is_err() {
                        cancel_open = false;
                    }
                }
                // Nothing can wake this loop any more (cannot happen while the scheduler holds the
                // cancel sender); leave rather than hang, reporting the rest as not sent.
                else => break,
            }
        }
        // Whatever is still queued was never sent.
        let reason = self.stopped.clone().unwrap_or(StopReason::Cancelled);
        for job in std::mem::take(&mut self.queue) {
            self.fail_units(&job.units, FailReason::NotSent(reason.clone()));
        }
    }

    /// Starts queued jobs whose time has come while each backend has a free slot.
    fn launch(
        &mut self,
        tasks: &mut JoinSet<TaskOutput>,
        in_flight: &mut HashMap<tokio::task::Id, (Vec<usize>, bool)>,
    ) {
        let now = Instant::now();
        loop {
            let busy_primary = in_flight.values().filter(|(_, f)| !*f).count();
            let busy_fallback = in_flight.values().filter(|(_, f)| *f).count();
            let pos = self.queue.iter().position(|j| {
                j.not_before <= now
                    && if j.fallback {
                        busy_fallback < self.fallback_limits.concurrency
                    } else {
                        busy_primary < self.limits.concurrency
                    }
            });
            let Some(pos) = pos else { return };
            let job = self.queue.remove(pos);
            if let Some(budget) = self.cfg.budget
                && self.committed_chars + job.chars > budget
            {
                self.stopped = Some(StopReason::Budget);
                self.fail_units(&job.units, FailReason::NotSent(StopReason::Budget));
                return;
            }
            let backend = if job.fallback {
                match &self.fallback {
                    Some(f) => f.clone(),
                    None => continue,
                }
            } else {
                self.sched.backend.clone()
            };
            let limiter = if job.fallback {
                self.fallback_limiter.clone()
            } else {
                self.limiter.clone()
            };
            let timeout = self.cfg.timeout.unwrap_or(if job.fallback {
                self.fallback_limits.timeout
            } else {
                self.limits.timeout
            });
            let req = build_request(self.cfg, &job.units, &self.units, self.segments);
            self.committed_chars += job.chars;
            self.stats.requests += 1;
            if job.fallback {
                self.stats.fallback_requests += 1;
            }
            self.stats.segments_sent += job.units.len() as u64;
            self.stats.chars_sent += job.chars;
            self.sched.progress.event(&Event::Sent {
                segments: job.units.len(),
                chars: job.chars,
            });
            let units = job.units.clone();
            let fallback = job.fallback;
            let handle = tasks.spawn(async move {
                limiter.acquire(job.chars).await;
                let result = match tokio::time::timeout(timeout, backend.translate(&req)).await {
                    Ok(r) => r,
                    Err(_) => Err(BackendError::Timeout),
                };
                (job, result)
            });
            in_flight.insert(handle.id(), (units, fallback));
        }
    }

    fn backoff(&mut self, attempt: u32) -> Duration {
        let exp = self
            .cfg
            .backoff_base
            .saturating_mul(1u32 << attempt.min(20))
            .min(self.cfg.backoff_max);
        exp.mul_f64(0.5 + 0.5 * self.jitter.next_unit())
    }

    fn requeue(&mut self, mut job: Job, delay: Duration) {
        job.not_before = Instant::now() + delay;
        self.queue.push(job);
    }

    /// Splits a job in halves (fresh attempts), or hands a single segment to the fallback or
    /// reports it.
    fn split_or_give_up(&mut self, job: Job, err: BackendError) {
        if job.units.len() > 1 {
            self.stats.bisections += 1;
            let mid = job.units.len() / 2;
            let (a, b) = job.units.split_at(mid);
            for half in [a, b] {
                let chars = half
                    .iter()
                    .filter_map(|&k| self.units.get(k))
                    .map(|u| u.chars)
                    .sum();
                self.queue.push(Job {
                    units: half.to_vec(),
                    attempt: 0,
                    rate_limited: 0,
                    not_before: Instant::now(),
                    fallback: job.fallback,
                    chars,
                });
            }
        } else if !job.fallback && self.fallback.is_some() {
            self.queue.push(Job {
                attempt: 0,
                rate_limited: 0,
                not_before: Instant::now(),
                fallback: true,
                ..job
            });
        } else {
            self.fail_units(&job.units, FailReason::Backend(err));
        }
    }

    async fn handle(&mut self, job: Job, result: Result<BatchReply, BackendError>) {
        match result {
            Ok(reply) => self.accept(job, reply).await,
            Err(err) => {
                if self.stopped.is_some() && !err.is_fatal() {
                    // Nothing new is sent after a stop; the job stays unsent.
                    let reason = self.stopped.clone().unwrap_or(StopReason::Cancelled);
                    self.fail_units(&job.units, FailReason::NotSent(reason));
                    return;
                }
                match &err {
                    e if e.is_fatal() => {
                        if self.stopped.is_none() {
                            self.stopped = Some(StopReason::Aborted(err.clone()));
                        }
                        self.fail_units(&job.units, FailReason::Backend(err));
                    }
                    BackendError::RateLimited { retry_after } => {
                        self.stats.rate_limited += 1;
                        let delay = match retry_after {
                            Some(d) => *d + d.mul_f64(0.1 * self.jitter.next_unit()),
                            None => self.backoff(job.rate_limited),
                        };
                        let until = Instant::now() + delay;
                        if job.fallback {
                            self.fallback_limiter.pause_until(until);
                        } else {
                            self.limiter.pause_until(until);
                        }
                        self.sched.progress.event(&Event::RateLimited { delay });
                        if job.rate_limited >= self.cfg.max_rate_limited {
                            self.fail_units(&job.units, FailReason::Backend(err));
                        } else {
                            let mut job = job;
                            job.rate_limited += 1;
                            self.stats.retries += 1;
                            self.requeue(job, delay);
                        }
                    }
                    BackendError::Refused { .. } => self.split_or_give_up(job, err),
                    e if e.is_retryable() => {
                        if matches!(e, BackendError::Timeout) {
                            self.stats.timeouts += 1;
                        }
                        let limit = if job.units.len() > 1 {
                            self.cfg.batch_retries
                        } else {
                            self.cfg.max_retries
                        };
                        if job.attempt < limit {
                            let delay = self.backoff(job.attempt);
                            self.stats.retries += 1;
                            self.sched.progress.event(&Event::Retrying {
                                code: err.code(),
                                delay,
                            });
                            let mut job = job;
                            job.attempt += 1;
                            self.requeue(job, delay);
                        } else {
                            self.split_or_give_up(job, err);
                        }
                    }
                    // Non-retryable request errors (400, 413 …): smaller requests may pass.
                    _ => self.split_or_give_up(job, err),
                }
            }
        }
    }

    /// Takes the valid translations of a reply, stores them, and re-asks the rest alone.
    async fn accept(&mut self, job: Job, reply: BatchReply) {
        self.stats.billed_chars += reply.billed_chars;
        self.stats.prompt_chars += reply.prompt_chars;
        if let Some(u) = reply.usage {
            self.stats.input_tokens += u.input;
            self.stats.output_tokens += u.output;
        }
        let asked: HashMap<&str, usize> = job
            .units
            .iter()
            .filter_map(|&k| {
                self.units
                    .get(k)
                    .and_then(|u| self.segments.get(u.rep))
                    .map(|s| (s.id.as_str(), k))
            })
            .collect();
        let mut answers: HashMap<usize, &str> = HashMap::new();
        for (id, text) in &reply.translations {
            match asked.get(id.as_str()) {
                Some(&k) => {
                    answers.entry(k).or_insert(text.as_str());
                }
                None => self.stats.invented_ids += 1,
            }
        }
        let ctx = if job.fallback {
            self.fallback_ctx
                .clone()
                .unwrap_or_else(|| self.primary_ctx.clone())
        } else {
            self.primary_ctx.clone()
        };
        let per_char = if job.chars > 0 {
            reply.billed_chars as f64 / job.chars as f64
        } else {
            0.0
        };
        let mut good: Vec<(usize, String)> = Vec::new();
        let mut bad: Vec<(usize, FailReason)> = Vec::new();
        for &k in &job.units {
            let Some(src) = self.units.get(k).and_then(|u| self.segments.get(u.rep)) else {
                continue;
            };
            match answers.get(&k) {
                Some(text) => match check_placeholders(&src.text, text) {
                    Ok(()) => good.push((k, (*text).to_string())),
                    Err(e) => bad.push((k, FailReason::Placeholders(e))),
                },
                None => bad.push((k, FailReason::Missing)),
            }
        }
        // Commit to the memory first: from here on a crash loses nothing of this reply.
        if let Some(mem) = self.sched.memory.clone() {
            let entries: Vec<Entry> = good
                .iter()
                .filter_map(|(k, t)| {
                    let u = self.units.get(*k)?;
                    let src = self.segments.get(u.rep)?;
                    Some(ctx.entry(&src.text, t, (u.chars as f64 * per_char).round() as u64))
                })
                .collect();
            let stored = tokio::task::spawn_blocking(move || mem.put_many(&entries)).await;
            let err = match stored {
                Ok(Ok(_)) => None,
                Ok(Err(e)) => Some(e),
                Err(e) => Some(MemoryError::Sqlite(e.to_string())),
            };
            if let Some(e) = err {
                self.stats.memory_errors += 1;
                self.memory_error.get_or_insert(e);
            }
        }
        let by = if job.fallback {
            Source::Fallback
        } else {
            Source::Primary
        };
        for (k, text) in good {
            let members = self
                .units
                .get(k)
                .map(|u| u.members.clone())
                .unwrap_or_default();
            for m in &members {
                if let Some(o) = self.outcomes.get_mut(*m) {
                    *o = Some(SegmentOutcome::Translated {
                        text: text.clone(),
                        from_memory: false,
                        by,
                    });
                }
            }
            self.stats.translated += members.len() as u64;
            self.sched.progress.event(&Event::Translated {
                segments: members.len(),
            });
        }
        for (k, reason) in bad {
            let chars = self.units.get(k).map(|u| u.chars).unwrap_or(0);
            if self.stopped.is_some() {
                let r = self.stopped.clone().unwrap_or(StopReason::Cancelled);
                self.fail_units(&[k], FailReason::NotSent(r));
            } else if job.units.len() > 1 {
                self.stats.reasked += 1;
                self.queue.push(Job {
                    units: vec![k],
                    attempt: 0,
                    rate_limited: 0,
                    not_before: Instant::now(),
                    fallback: job.fallback,
                    chars,
                });
            } else if job.attempt < self.cfg.max_retries {
                self.stats.retries += 1;
                let delay = self.backoff(job.attempt);
                self.requeue(
                    Job {
                        units: vec![k],
                        attempt: job.attempt + 1,
                        rate_limited: job.rate_limited,
                        not_before: Instant::now(),
                        fallback: job.fallback,
                        chars,
                    },
                    delay,
                );
            } else if !job.fallback && self.fallback.is_some() {
                self.queue.push(Job {
                    units: vec![k],
                    attempt: 0,
                    rate_limited: 0,
                    not_before: Instant::now(),
                    fallback: true,
                    chars,
                });
            } else {
                self.fail_units(&[k], reason);
            }
        }
    }

    fn fail_units(&mut self, units: &[usize], reason: FailReason) {
        let mut n = 0;
        for &k in units {
            let members = self
                .units
                .get(k)
                .map(|u| u.members.clone())
                .unwrap_or_default();
            for m in members {
                if let Some(o) = self.outcomes.get_mut(m)
                    && o.is_none()
                {
                    *o = Some(SegmentOutcome::Failed {
                        reason: reason.clone(),
                    });
                    n += 1;
                }
            }
        }
        self.stats.failed += n as u64;
        if n > 0 {
            self.sched.progress.event(&Event::Failed { segments: n });
        }
    }

    fn finish(self) -> RunResult {
        let reason = self.stopped.clone().unwrap_or(StopReason::Cancelled);
        let mut stats = self.stats;
        let outcomes: Vec<SegmentOutcome> = self
            .outcomes
            .into_iter()
            .map(|o| {
                o.unwrap_or_else(|| {
                    stats.failed += 1;
                    SegmentOutcome::Failed {
                        reason: FailReason::NotSent(reason.clone()),
                    }
                })
            })
            .collect();
        RunResult {
            outcomes,
            stats,
            stopped: self.stopped,
            memory_error: self.memory_error,
        }
    }
}

async fn sleep_until_opt(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}
