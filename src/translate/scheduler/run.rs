//! One run of the scheduler: the job queue and the loop that launches requests, handles each
//! reply as it arrives (memory first), and applies the retry, re-ask, bisection, fallback, budget
//! and cancellation rules described in `scheduler`, with the claims that keep several runners
//! on one memory from paying twice and the journal that keeps what a failing memory cannot.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::Instant;

use super::{RunConfig, RunPlan, Scheduler, Unit, blocking, build_request};
use crate::translate::memory::{ClaimOwner, Entry, KeyContext, MemoryError};
use crate::translate::outcome::RunError;
use crate::translate::outcome::{
    Event, FailReason, RunResult, RunStats, SegmentOutcome, Source, StopReason,
};
use crate::translate::pace::{CancelState, Health, Jitter, Limiter};
use crate::translate::segment::check_placeholders;
use crate::translate::{Backend, BackendError, BatchLimits, BatchReply, Segment};

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

type TaskOutput = (Job, Result<BatchReply, BackendError>);

/// A reply sorted against the units its request asked for.
struct Answers {
    /// Units with a translation whose placeholders match the source.
    good: Vec<(usize, String)>,
    /// Units without a usable translation, and why.
    bad: Vec<(usize, FailReason)>,
}

/// The state of one run.
pub(super) struct Run<'s> {
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
    /// Network errors since the server last answered (any answer, even an error status), per
    /// backend: `[primary, fallback]`.
    network_failures: [u32; 2],
    /// Replies in a row that carried no usable translation (nothing parsed, every placeholder
    /// broken), per backend: a server that does not follow the reply format.
    unusable_replies: [u32; 2],
    /// The primary counts as dead (unreachable or unusable): every job goes to the fallback.
    primary_down: bool,
    /// What the runs of each backend share (the circuit breaker's count among it):
    /// `[primary, fallback]`.
    health: [Arc<Health>; 2],
    /// Memory key of each unit under the primary's and the fallback's identity.
    keys: Vec<String>,
    fallback_keys: Vec<String>,
    /// Claims are taken before each request (a memory, and no `--refresh`).
    claims: bool,
    owner: ClaimOwner,
    /// Keys whose claims this run is done with (stored or given up), released in one go.
    to_release: Vec<String>,
    journaled: u64,
    journal_path: Option<std::path::PathBuf>,
    lost: u64,
}

impl<'s> Run<'s> {
    pub(super) fn new(
        sched: &'s Scheduler,
        cfg: &'s RunConfig,
        segments: &'s [Segment],
        prep: RunPlan,
    ) -> Self {
        let limits = sched.backend.limits().sane();
        let fallback_limits = prep
            .fallback
            .as_ref()
            .map(|f| f.limits().sane())
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
        let primary_ctx = sched.key_context(sched.backend.as_ref(), cfg);
        let fallback_ctx = prep
            .fallback
            .as_ref()
            .map(|f| sched.key_context(f.as_ref(), cfg));
        let key_all = |ctx: &KeyContext| -> Vec<String> {
            prep.units
                .iter()
                .map(|u| {
                    segments
                        .get(u.rep)
                        .map(|s| ctx.key_for(s))
                        .unwrap_or_default()
                })
                .collect()
        };
        let keys = key_all(&primary_ctx);
        let fallback_keys = fallback_ctx.as_ref().map(key_all).unwrap_or_default();
        Run {
            keys,
            fallback_keys,
            claims: sched.memory.is_some() && !cfg.refresh,
            owner: ClaimOwner::new(),
            to_release: Vec::new(),
            journaled: 0,
            journal_path: None,
            lost: 0,
            primary_ctx,
            fallback_ctx,
            limiter: match &sched.shared {
                Some((p, _)) => p.limiter.clone(),
                None => Arc::new(Limiter::new(&limits)),
            },
            fallback_limiter: match &sched.shared {
                Some((_, Some(f))) => f.limiter.clone(),
                _ => Arc::new(Limiter::new(&fallback_limits)),
            },
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
            network_failures: [0; 2],
            unusable_replies: [0; 2],
            primary_down: false,
            health: [
                match &sched.shared {
                    Some((p, _)) => p.health.clone(),
                    None => Arc::new(Health::default()),
                },
                match &sched.shared {
                    Some((_, Some(f))) => f.health.clone(),
                    _ => Arc::new(Health::default()),
                },
            ],
        }
    }

    pub(super) async fn drive(&mut self) {
        let mut tasks: JoinSet<TaskOutput> = JoinSet::new();
        let mut in_flight: HashMap<tokio::task::Id, (Vec<usize>, bool)> = HashMap::new();
        let mut cancel_rx = self.sched.cancel.subscribe();
        let mut cancel_open = true;
        // Claims are renewed three times per lease, whether requests are in flight or a retry
        // waits for its backoff.
        let mut beat = tokio::time::interval_at(
            Instant::now() + self.cfg.claim_lease / 3,
            (self.cfg.claim_lease / 3).max(Duration::from_millis(10)),
        );
        beat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            if self.stopped.is_none() && self.sched.cancel.is_stopped() {
                self.stopped = Some(StopReason::Cancelled);
            }
            self.adopt_shared_stop();
            if self.sched.cancel.state() == CancelState::Abort && !tasks.is_empty() {
                tasks.abort_all();
            }
            if self.stopped.is_none() {
                self.launch(&mut tasks, &mut in_flight).await;
            }
            self.flush_releases().await;
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
                _ = beat.tick(), if self.claims => self.renew_claims().await,
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
        if self.claims
            && let Some(mem) = self.sched.memory.clone()
        {
            // Everything this run still holds (a stop, abandoned requests); a failure here
            // only delays others until the lease ends.
            let owner = self.owner.clone();
            let _ = blocking(&mem, move |m| m.release(&owner, &[])).await;
        }
    }

    /// Extends this run's claims; a memory that cannot take the write stops the run.
    async fn renew_claims(&mut self) {
        let Some(mem) = self.sched.memory.clone() else {
            return;
        };
        let owner = self.owner.clone();
        let lease = self.cfg.claim_lease;
        if let Err(RunError::Memory(e)) = blocking(&mem, move |m| m.renew(&owner, lease)).await {
            self.memory_failed(e);
        }
    }

    /// Releases the claims of units this run is done with.
    async fn flush_releases(&mut self) {
        if self.to_release.is_empty() || !self.claims {
            self.to_release.clear();
            return;
        }
        let Some(mem) = self.sched.memory.clone() else {
            return;
        };
        let keys = std::mem::take(&mut self.to_release);
        let owner = self.owner.clone();
        // A failed release only makes others wait for the lease: not a reason to stop.
        let _ = blocking(&mem, move |m| m.release(&owner, &keys)).await;
    }

    /// The memory key of unit `k` under the backend a job goes to.
    fn key_of(&self, k: usize, fallback: bool) -> String {
        let keys = if fallback {
            &self.fallback_keys
        } else {
            &self.keys
        };
        keys.get(k).cloned().unwrap_or_default()
    }

    /// Claims the units of `job` just before it is sent: units another runner has answered
    /// since the plan are taken from the memory, units another live runner holds wait (requeued
    /// after `claim_poll`), and the job that remains is returned to be sent (`None`: nothing to
    /// send now).
    async fn claim(&mut self, job: Job) -> Option<Job> {
        let mem = self.sched.memory.clone()?;
        let keys: Vec<String> = job
            .units
            .iter()
            .map(|&k| self.key_of(k, job.fallback))
            .collect();
        let owner = self.owner.clone();
        let lease = self.cfg.claim_lease;
        let claimed = match blocking(&mem, move |m| m.claim(&keys, &owner, lease)).await {
            Ok(c) => c,
            Err(e) => {
                let e = match e {
                    RunError::Memory(e) => e,
                    other => MemoryError::Task(other.to_string()),
                };
                self.memory_failed(e);
                self.fail_units(&job.units, FailReason::NotSent(StopReason::Memory));
                return None;
            }
        };
        let (mut send, mut wait) = (Vec::new(), Vec::new());
        for &k in &job.units {
            let key = self.key_of(k, job.fallback);
            let answer = claimed.answered.get(&key).filter(|e| {
                self.units
                    .get(k)
                    .and_then(|u| self.segments.get(u.rep))
                    .is_some_and(|s| check_placeholders(&s.text, &e.target).is_ok())
            });
            if let Some(e) = answer {
                let text = e.target.clone();
                self.record_found(k, text, job.fallback);
            } else if claimed.held.contains(&key) {
                wait.push(k);
            } else {
                send.push(k);
            }
        }
        let chars_of = |units: &[usize], all: &[Unit]| -> u64 {
            units
                .iter()
                .filter_map(|&k| all.get(k))
                .map(|u| u.chars)
                .sum()
        };
        if !wait.is_empty() {
            self.queue.push(Job {
                chars: chars_of(&wait, &self.units),
                units: wait,
                not_before: Instant::now() + self.cfg.claim_poll,
                ..job.clone()
            });
        }
        if send.is_empty() {
            return None;
        }
        Some(Job {
            chars: chars_of(&send, &self.units),
            units: send,
            ..job
        })
    }

    /// Unit `k` found answered in the memory when it was about to be sent (another runner
    /// paid for it after this run was planned).
    fn record_found(&mut self, k: usize, text: String, fallback: bool) {
        let by = if fallback {
            Source::Fallback
        } else {
            Source::Primary
        };
        let members = self
            .units
            .get(k)
            .map(|u| u.members.clone())
            .unwrap_or_default();
        let mut n = 0u64;
        for m in &members {
            if let Some(o) = self.outcomes.get_mut(*m)
                && o.is_none()
            {
                *o = Some(SegmentOutcome::Translated {
                    text: text.clone(),
                    from_memory: true,
                    by,
                });
                n += 1;
            }
        }
        self.stats.memory_hits += n;
        self.stats.translated += n;
        self.sched.progress.event(&Event::Translated {
            segments: n as usize,
        });
    }

    /// A memory that cannot store: nothing new is sent by this run or by the other languages
    /// of this process (the shared cancel); requests in flight finish into the journal.
    fn memory_failed(&mut self, e: MemoryError) {
        self.stats.memory_errors += 1;
        self.memory_error.get_or_insert(e);
        if self.stopped.is_none() {
            self.stopped = Some(StopReason::Memory);
        }
        self.sched.cancel.stop();
    }

    /// Starts queued jobs whose time has come while each backend has a free slot, each claimed
    /// first (`claim`).
    async fn launch(
        &mut self,
        tasks: &mut JoinSet<TaskOutput>,
        in_flight: &mut HashMap<tokio::task::Id, (Vec<usize>, bool)>,
    ) {
        let now = Instant::now();
        while let Some(pos) = self.next_ready(now, in_flight) {
            let mut job = self.queue.remove(pos);
            if self.primary_down && !job.fallback {
                // A reply of the primary still in flight when it went down re-asked ids: they go
                // where the rest went.
                job.fallback = true;
                job.attempt = 0;
                job.rate_limited = 0;
            }
            if self.claims {
                match self.claim(job).await {
                    Some(j) => job = j,
                    None if self.stopped.is_some() => return,
                    None => continue,
                }
            }
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
            // The run's pooled bound: what this language spends beyond its own estimate comes
            // out of the slack all languages share.
            if let Some(shared) = &self.cfg.shared
                && !shared
                    .pool
                    .try_draw(shared.beyond_own(self.committed_chars, job.chars))
            {
                self.stopped = Some(StopReason::Budget);
                self.fail_units(&job.units, FailReason::NotSent(StopReason::Budget));
                return;
            }
            self.count_sent(&job);
            let units = job.units.clone();
            let fallback = job.fallback;
            let id = self.spawn_request(tasks, job, backend);
            in_flight.insert(id, (units, fallback));
        }
    }

    /// The position in the queue of the first job whose time has come and whose backend has a
    /// free slot among the requests in flight.
    fn next_ready(
        &self,
        now: Instant,
        in_flight: &HashMap<tokio::task::Id, (Vec<usize>, bool)>,
    ) -> Option<usize> {
        let busy_primary = in_flight.values().filter(|(_, f)| !*f).count();
        let busy_fallback = in_flight.values().filter(|(_, f)| *f).count();
        self.queue.iter().position(|j| {
            j.not_before <= now
                && if j.fallback {
                    busy_fallback < self.fallback_limits.concurrency
                } else {
                    busy_primary < self.limits.concurrency
                }
        })
    }

    /// Commits the job's characters to the budget and counts the request in the stats and the
    /// progress display.
    fn count_sent(&mut self, job: &Job) {
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
    }

    /// Spawns the request of `job` to `backend`: it waits for a shared slot (when languages run
    /// side by side) and the rate limiter, then sends under the timeout. Returns the task's id.
    fn spawn_request(
        &self,
        tasks: &mut JoinSet<TaskOutput>,
        job: Job,
        backend: Arc<dyn Backend>,
    ) -> tokio::task::Id {
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
        let slots = match &self.sched.shared {
            Some((p, _)) if !job.fallback => Some(p.slots.clone()),
            Some((_, Some(f))) if job.fallback => Some(f.slots.clone()),
            _ => None,
        };
        let handle = tasks.spawn(async move {
            // Shared with the runs of other languages: held until the reply is in.
            let _slot = match slots {
                Some(s) => s.acquire_owned().await.ok(),
                None => None,
            };
            limiter.acquire(job.chars).await;
            let result = match tokio::time::timeout(timeout, backend.translate(&req)).await {
                Ok(r) => r,
                Err(_) => Err(BackendError::Timeout),
            };
            (job, result)
        });
        handle.id()
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

    /// Routes a finished request: a reply goes to `accept`, an error to `handle_error`.
    async fn handle(&mut self, job: Job, result: Result<BatchReply, BackendError>) {
        let side = usize::from(job.fallback);
        match result {
            Ok(reply) => {
                if let Some(n) = self.network_failures.get_mut(side) {
                    *n = 0;
                }
                let health = self.side_health(job.fallback);
                health.mark_answered();
                health.succeeded();
                self.accept(job, reply).await
            }
            Err(err) => {
                if !matches!(err, BackendError::Network(_) | BackendError::Timeout) {
                    // A status, even an error: something is there and speaks HTTP.
                    self.side_health(job.fallback).mark_answered();
                }
                // What a provider may bill although nothing usable came back: a request it
                // received and processed badly. A refused connection, a rejected key or a rate
                // limit is not billed.
                if matches!(
                    err,
                    BackendError::Server { .. }
                        | BackendError::Timeout
                        | BackendError::Malformed(_)
                        | BackendError::Refused { .. }
                ) {
                    self.stats.failed_requests += 1;
                    self.stats.failed_chars += job.chars;
                }
                self.handle_error(job, err)
            }
        }
    }

    /// Applies the error rules to a failed request: an unreachable endpoint is abandoned, after
    /// a stop the job stays unsent, a fatal error stops the run, a rate limit pauses the backend
    /// and retries, other errors are retried and then split.
    fn handle_error(&mut self, job: Job, err: BackendError) {
        if self.breaker_trips(&job, &err) {
            if self.take_over(&job) {
                self.queue.push(Job {
                    fallback: true,
                    attempt: 0,
                    rate_limited: 0,
                    not_before: Instant::now(),
                    ..job
                });
            } else {
                let failures = self.side_health(job.fallback).failures_in_row();
                self.stop(
                    job.fallback,
                    StopReason::Failing {
                        failures,
                        last: err.clone(),
                    },
                );
                self.fail_units(&job.units, FailReason::Backend(err));
            }
            return;
        }
        if self.endpoint_unreachable(&job, &err) {
            // The endpoint is unreachable: hand everything to the fallback, or stop like a
            // fatal error would, keeping every answer already stored.
            if self.take_over(&job) {
                self.queue.push(Job {
                    fallback: true,
                    attempt: 0,
                    rate_limited: 0,
                    not_before: Instant::now(),
                    ..job
                });
            } else {
                self.stop(job.fallback, StopReason::Network(err.clone()));
                self.fail_units(&job.units, FailReason::Backend(err));
            }
            return;
        }
        if self.stopped.is_some() && !err.is_fatal() {
            // Nothing new is sent after a stop; the job stays unsent.
            let reason = self.stopped.clone().unwrap_or(StopReason::Cancelled);
            self.fail_units(&job.units, FailReason::NotSent(reason));
            return;
        }
        match &err {
            e if e.is_fatal() => {
                if self.stopped.is_none() {
                    self.stop(job.fallback, StopReason::Aborted(err.clone()));
                }
                self.fail_units(&job.units, FailReason::Backend(err));
            }
            BackendError::RateLimited { retry_after } => {
                let retry_after = *retry_after;
                self.rate_limited(job, retry_after, err);
            }
            BackendError::Refused { .. } => self.split_or_give_up(job, err),
            e if e.is_retryable() => self.retry(job, err),
            // Non-retryable request errors (400, 413 …): smaller requests may pass.
            _ => self.split_or_give_up(job, err),
        }
    }

    /// Keeps the count of network errors in a row of the backend `job` went to, and tells
    /// whether it has just reached `max_network_failures` (while the run is still going).
    fn endpoint_unreachable(&mut self, job: &Job, err: &BackendError) -> bool {
        let side = usize::from(job.fallback);
        match err {
            // Nothing has ever answered at this address in this process: a wrong URL, a host
            // that does not resolve, a TLS mismatch or a server that is not running. Retrying
            // and bisecting would only repeat it (issue 14 §6: stop at once).
            BackendError::Network(_)
                if self.stopped.is_none() && !self.side_health(job.fallback).has_answered() =>
            {
                true
            }
            BackendError::Network(_) => {
                let failures = match self.network_failures.get_mut(side) {
                    Some(n) => {
                        *n = n.saturating_add(1);
                        *n
                    }
                    None => 0,
                };
                self.stopped.is_none()
                    && self.cfg.max_network_failures > 0
                    && failures >= self.cfg.max_network_failures
            }
            // No answer either way: a timeout neither proves nor disproves the endpoint.
            BackendError::Timeout => false,
            // The server answered (429, 5xx, a bad body, a refusal): it is reachable.
            _ => {
                if let Some(n) = self.network_failures.get_mut(side) {
                    *n = 0;
                }
                false
            }
        }
    }

    /// A 429: pauses the backend's limiter for the server's `Retry-After` (plus up to 10%
    /// jitter) or a backoff, and requeues the job after that delay; once it has been rate
    /// limited `max_rate_limited` times its segments are reported.
    fn rate_limited(&mut self, job: Job, retry_after: Option<Duration>, err: BackendError) {
        self.stats.rate_limited += 1;
        // A request turned away by a rate limit is not billed: it does not count against the
        // spending bound (its resend will).
        let before = self.committed_chars;
        self.committed_chars = before.saturating_sub(job.chars);
        if let Some(shared) = &self.cfg.shared {
            shared
                .pool
                .give_back(shared.beyond_own(self.committed_chars, before - self.committed_chars));
        }
        let delay = match retry_after {
            Some(d) => d + d.mul_f64(0.1 * self.jitter.next_unit()),
            None => self.backoff(job.rate_limited),
        };
        let until = Instant::now() + delay;
        if job.fallback {
            self.fallback_limiter.rate_limited(until);
        } else {
            self.limiter.rate_limited(until);
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

    /// A retryable error (timeout, 408/5xx, network, malformed body): retries after a backoff,
    /// up to `batch_retries` times for a batch and `max_retries` for a single segment, then
    /// `split_or_give_up`.
    fn retry(&mut self, job: Job, err: BackendError) {
        if matches!(err, BackendError::Timeout) {
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

    /// Takes the valid translations of a reply, stores them, and re-asks the rest alone.
    async fn accept(&mut self, job: Job, reply: BatchReply) {
        self.record_usage(&reply);
        // The provider says its request bucket is empty: wait for its next token instead of
        // drawing a 429 (the configured rate may be higher than what this key is granted).
        if let Some(hint) = reply.rate.filter(|h| h.remaining == 0) {
            let until = Instant::now() + hint.next_token;
            if job.fallback {
                self.fallback_limiter.bucket_empty(until);
            } else {
                self.limiter.bucket_empty(until);
            }
        }
        let Answers { good, mut bad } = self.sort_answers(&job, &reply);
        if good.is_empty() && !bad.is_empty() {
            self.stats.failed_requests += 1;
            self.stats.failed_chars += job.chars;
        } else {
            self.stats.failed_chars += bad
                .iter()
                .filter_map(|(k, _)| self.units.get(*k))
                .map(|u| u.chars)
                .sum::<u64>();
        }
        self.watch_unusable(&job, good.is_empty(), &mut bad);
        // Commit to the memory first: from here on a crash loses nothing of this reply.
        self.store(&job, &reply, &good).await;
        self.record_translated(&job, good);
        for (k, reason) in bad {
            self.reask(&job, k, reason);
        }
    }

    /// Adds what the reply says it cost (billed and prompt characters, tokens) to the stats.
    fn record_usage(&mut self, reply: &BatchReply) {
        self.stats.billed_chars += reply.billed_chars;
        self.stats.prompt_chars += reply.prompt_chars;
        if let Some(u) = reply.usage {
            self.stats.input_tokens += u.input;
            self.stats.output_tokens += u.output;
        }
    }

    /// Matches the reply's translations to the units `job` asked for, by segment id: the
    /// translations whose placeholders survived (`good`), and the units without a usable answer
    /// with the reason (`bad`). Only the first answer to an id counts; answers to ids that were
    /// not asked are counted as invented.
    fn sort_answers(&mut self, job: &Job, reply: &BatchReply) -> Answers {
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
        Answers { good, bad }
    }

    /// Counts batch replies in a row without a usable translation on the backend that answered
    /// `job`. At `max_unusable_replies` that backend is given up: the primary hands everything to
    /// the fallback, the unanswered units of this reply included (taken out of `bad`); without a
    /// fallback, or when the fallback is the one failing, the run stops.
    fn watch_unusable(&mut self, job: &Job, none_good: bool, bad: &mut Vec<(usize, FailReason)>) {
        let side = usize::from(job.fallback);
        // Only batches count: a line re-asked alone that the model keeps skipping (a sound
        // effect, an ellipsis) is that line's problem, reported as missing after its retries —
        // at the end of a run such re-asks can come many in a row without the server being
        // broken. Batches are sent before re-asks, so a broken server still trips this early.
        let unusable = match self.unusable_replies.get_mut(side) {
            Some(n) if job.units.len() > 1 && none_good && !bad.is_empty() => {
                *n = n.saturating_add(1);
                *n
            }
            Some(n) if !none_good => {
                *n = 0;
                0
            }
            Some(n) => *n,
            None => 0,
        };
        if self.stopped.is_none()
            && self.cfg.max_unusable_replies > 0
            && unusable >= self.cfg.max_unusable_replies
        {
            // The server answers but never in a form that can be used: re-asking id by id would
            // pay for every segment several times over. Move on to the fallback, or stop.
            if self.take_over(job) {
                let now = Instant::now();
                for (k, _) in bad.drain(..) {
                    let chars = self.units.get(k).map(|u| u.chars).unwrap_or(0);
                    self.queue.push(Job {
                        units: vec![k],
                        attempt: 0,
                        rate_limited: 0,
                        not_before: now,
                        fallback: true,
                        chars,
                    });
                }
            } else {
                self.stop(job.fallback, StopReason::Unusable { replies: unusable });
            }
        }
    }

    /// Writes the good translations of a reply to the memory (when there is one), each with its
    /// share of the reply's billed characters, and releases their claims. A failed write stops
    /// the run (`memory_failed`) and the answers go to the journal; they are still used.
    async fn store(&mut self, job: &Job, reply: &BatchReply, good: &[(usize, String)]) {
        let Some(mem) = self.sched.memory.clone() else {
            return;
        };
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
        let entries: Vec<Entry> = good
            .iter()
            .filter_map(|(k, t)| {
                let u = self.units.get(*k)?;
                let src = self.segments.get(u.rep)?;
                Some(ctx.entry_for(src, t, (u.chars as f64 * per_char).round() as u64))
            })
            .collect();
        if entries.is_empty() {
            return;
        }
        let keys: Vec<String> = entries.iter().map(|e| e.key.clone()).collect();
        let kept = entries.clone();
        match blocking(&mem, move |m| m.put_many(&entries)).await {
            Ok(_) => self.to_release.extend(keys),
            Err(e) => {
                let e = match e {
                    RunError::Memory(e) => e,
                    other => MemoryError::Task(other.to_string()),
                };
                self.memory_failed(e);
                self.keep_in_journal(kept).await;
            }
        }
    }

    /// Appends answers the memory did not take to the journal (counted as lost when there is
    /// none or it cannot be written either).
    async fn keep_in_journal(&mut self, entries: Vec<Entry>) {
        let n = entries.len() as u64;
        let Some(journal) = self.sched.journal.clone() else {
            self.lost += n;
            return;
        };
        match tokio::task::spawn_blocking(move || journal.append(&entries)).await {
            Ok(Ok(path)) => {
                self.journaled += n;
                self.journal_path = Some(path);
            }
            _ => self.lost += n,
        }
    }

    /// Gives every segment of each good unit its translation, crediting the backend of `job`.
    fn record_translated(&mut self, job: &Job, good: Vec<(usize, String)>) {
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
    }

    /// What happens to unit `k` that `job` left without a usable answer: after a stop it stays
    /// unsent; out of a batch it is asked again alone; alone it is retried after a backoff, then
    /// handed to the fallback, then reported with `reason`.
    fn reask(&mut self, job: &Job, k: usize, reason: FailReason) {
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

    /// The shared state of the backend a job on `fallback` goes to.
    fn side_health(&self, fallback: bool) -> &Health {
        &self.health[usize::from(fallback)]
    }

    /// Stops the run for `reason`, which the backend on `fallback` caused, and tells the runs of
    /// other languages sharing that backend.
    fn stop(&mut self, fallback: bool, reason: StopReason) {
        self.side_health(fallback).give_up(&reason);
        self.stopped = Some(reason);
    }

    /// Another language's run gave a backend up: the primary's jobs move to the fallback (when
    /// that one is still fine), otherwise this run stops for the same reason.
    fn adopt_shared_stop(&mut self) {
        if self.stopped.is_some() {
            return;
        }
        if self.primary_down
            && let Some(reason) = self.side_health(true).given_up()
        {
            self.stopped = Some(reason);
            return;
        }
        if !self.primary_down
            && let Some(reason) = self.side_health(false).given_up()
        {
            let fallback_fine =
                self.fallback.is_some() && self.side_health(true).given_up().is_none();
            if fallback_fine {
                self.primary_down = true;
                self.stats.primary_abandoned = true;
                let now = Instant::now();
                for j in self.queue.iter_mut().filter(|j| !j.fallback) {
                    j.fallback = true;
                    j.attempt = 0;
                    j.rate_limited = 0;
                    j.not_before = now;
                }
            } else {
                self.stopped = Some(reason);
            }
        }
    }

    /// The circuit breaker: counts requests in a row of `job`'s backend (over the runs of all
    /// languages sharing it) that failed with a
    /// server error (5xx, 408), a cut-off or unreadable reply, or a timeout, and tells whether
    /// the count has just reached `max_failures_in_row` while the run is still going.
    fn breaker_trips(&mut self, job: &Job, err: &BackendError) -> bool {
        let counts = match err {
            BackendError::Server { status, .. } => *status >= 500 || *status == 408,
            BackendError::Malformed(_) | BackendError::Timeout => true,
            _ => false,
        };
        if !counts {
            return false;
        }
        let n = self.side_health(job.fallback).failed();
        self.stopped.is_none()
            && self.cfg.max_failures_in_row > 0
            && n >= self.cfg.max_failures_in_row
    }

    /// The primary has failed as a whole (`job` was its request): when a fallback is configured
    /// and still untouched by such a failure, every queued primary job moves to it and `true` is
    /// returned; the caller requeues `job` itself. A failing fallback returns `false`.
    fn take_over(&mut self, job: &Job) -> bool {
        if job.fallback || self.fallback.is_none() {
            return false;
        }
        if !self.primary_down {
            self.primary_down = true;
            self.stats.primary_abandoned = true;
            let now = Instant::now();
            for j in self.queue.iter_mut().filter(|j| !j.fallback) {
                j.fallback = true;
                j.attempt = 0;
                j.rate_limited = 0;
                j.not_before = now;
            }
        }
        true
    }

    fn fail_units(&mut self, units: &[usize], reason: FailReason) {
        let mut n = 0;
        for &k in units {
            if self.claims {
                let key = self.key_of(k, false);
                self.to_release.push(key);
                if !self.fallback_keys.is_empty() {
                    let key = self.key_of(k, true);
                    self.to_release.push(key);
                }
            }
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

    pub(super) fn finish(self) -> RunResult {
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
            journaled: self.journaled,
            journal: self.journal_path,
            lost: self.lost,
        }
    }
}

async fn sleep_until_opt(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}
