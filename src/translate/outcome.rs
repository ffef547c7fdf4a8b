//! What a run reports: progress events while it runs, and per-segment outcomes, counters and stop
//! reasons when it ends. Data only; the CLI renders it.

use std::time::Duration;

use super::BackendError;
use super::memory::MemoryError;
use super::segment::RestoreError;

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
    /// The endpoint kept failing at the network level (the last such error), with no answer in
    /// between: `RunConfig::max_network_failures`.
    Network(BackendError),
    /// The server kept answering with nothing usable (no parsable translation, every placeholder
    /// broken) for `replies` replies in a row: `RunConfig::max_unusable_replies`.
    Unusable {
        replies: u32,
    },
    /// The circuit breaker: `failures` requests in a row failed with server errors (5xx, 408),
    /// cut-off or unreadable replies, or timeouts (`RunConfig::max_failures_in_row`); `last` is
    /// the last of them. Retrying and bisecting against such a provider pays for every segment
    /// many times over (issue 14 §7).
    Failing {
        failures: u32,
        last: BackendError,
    },
    /// The memory failed to store an answer (`RunResult::memory_error` says why): nothing more
    /// is paid for until it can.
    Memory,
}

impl StopReason {
    pub fn code(&self) -> &'static str {
        match self {
            StopReason::Cancelled => "cancelled",
            StopReason::Budget => "budget-exhausted",
            StopReason::Aborted(_) => "aborted",
            StopReason::Network(_) => "network",
            StopReason::Unusable { .. } => "unusable-replies",
            StopReason::Failing { .. } => "provider-failing",
            StopReason::Memory => "memory-failed",
        }
    }

    /// Whether the provider itself stopped the run (a rejected key, an exhausted quota, a wrong
    /// URL or model, an unreachable endpoint, unusable replies, the breaker) — a configuration
    /// or network matter, exit 2 — rather than the user (Ctrl-C) or the spending bound.
    pub fn is_provider(&self) -> bool {
        !matches!(
            self,
            StopReason::Cancelled | StopReason::Budget | StopReason::Memory
        )
    }

    /// The provider's error behind the stop, when there is one.
    pub fn error(&self) -> Option<&BackendError> {
        match self {
            StopReason::Aborted(e) | StopReason::Network(e) => Some(e),
            StopReason::Failing { last, .. } => Some(last),
            _ => None,
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
    /// Characters of segment text in requests (retries included), as the backend bills them
    /// (`Backend::billable_chars`).
    pub chars_sent: u64,
    /// Billable characters of the distinct texts that needed sending (the ideal `chars_sent`).
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
    /// Requests that brought nothing usable back (an error other than a rate limit, or a reply
    /// without one usable translation), and the characters of segment text they carried: what
    /// was spent on failures (a provider may bill a request it answered badly).
    pub failed_requests: u64,
    pub failed_chars: u64,
    /// Memory writes that failed (the translation itself was still used).
    pub memory_errors: u64,
    /// The primary backend was given up (unreachable, or its replies unusable) and the rest of
    /// the run went to the fallback.
    pub primary_abandoned: bool,
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
    /// Answers the memory did not take: how many went to the journal, and where.
    pub journaled: u64,
    pub journal: Option<std::path::PathBuf>,
    /// Answers neither the memory nor the journal could keep (paid for and lost).
    pub lost: u64,
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
    /// Their characters as the backend bills them (`Backend::billable_chars`).
    pub chars: u64,
    pub requests: u64,
    /// Estimated prompt overhead (LLMs).
    pub prompt_chars: u64,
    /// Segments to send whose line the memory has an answer for under other glossary terms:
    /// what a glossary change invalidated.
    pub glossary_invalidated: u64,
    /// The source texts to send, for token estimates.
    #[serde(skip)]
    pub texts: Vec<String>,
}
