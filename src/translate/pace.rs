//! Pacing and stopping: the per-backend rate limiter (request interval, characters per minute,
//! pause after a rate-limit answer), backoff jitter, and the `Cancel` handle.
//!
//! Hand-written rather than `governor`/`backon`: both limits and the `Retry-After` pause must share
//! one reservation so they never add up to more than the provider allows, and everything runs on
//! `tokio::time`, so tests drive it with paused time (governor has its own clock).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::Instant;

use super::BatchLimits;

/// Stops a run from outside (Ctrl-C handler, a UI). Cheap to clone.
#[derive(Debug, Clone)]
pub struct Cancel {
    tx: Arc<watch::Sender<CancelState>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum CancelState {
    Running,
    /// Send nothing new; keep what arrives from requests in flight.
    Stop,
    /// Also abandon requests in flight.
    Abort,
}

/// Waits for Ctrl-C or, on Unix, SIGTERM — what CI runners and `timeout` send to cancel a job:
/// both stop the run the same way (no new request, the answers in flight stored, nothing
/// half-written), so a cancelled pipeline loses none of what it paid for; a burn kills ffmpeg
/// (`video::listen_for_interrupts`). `false` if no signal
/// can be listened to.
pub async fn interrupted() -> bool {
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

    pub(super) fn state(&self) -> CancelState {
        *self.tx.borrow()
    }

    pub(super) fn subscribe(&self) -> watch::Receiver<CancelState> {
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

/// One backend's budget shared by every run that uses it: the request and character pacer and
/// the slots for requests in flight. A pipeline translating several languages at once gives
/// each language's scheduler the same `SharedPace`, so the configured `requests-per-second` and
/// `concurrency` hold for the process, not per language (and a 429 pauses them all).
#[derive(Clone)]
pub struct SharedPace {
    pub(super) limiter: Arc<Limiter>,
    pub(super) slots: Arc<tokio::sync::Semaphore>,
    pub(super) health: Arc<Health>,
}

impl SharedPace {
    /// The budget of `backend` (its limits as the scheduler reads them).
    pub fn for_backend(backend: &dyn super::Backend) -> SharedPace {
        let limits = backend.limits().sane();
        SharedPace {
            limiter: Arc::new(Limiter::new(&limits)),
            slots: Arc::new(tokio::sync::Semaphore::new(limits.concurrency)),
            health: Arc::new(Health::default()),
        }
    }
}

/// What the runs of one backend learn about it together (issue 14 §6, §7): whether it has
/// answered at all in this process — a network failure before any answer is a wrong URL or a
/// server that is not running, so the run stops at once instead of retrying — and whether one
/// run has given it up (a rejected key, an exhausted quota, an unreachable endpoint, the circuit
/// breaker), so the runs of the other languages stop too instead of paying to find out again.
#[derive(Debug, Default)]
pub(super) struct Health {
    answered: std::sync::atomic::AtomicBool,
    /// The circuit breaker's count: requests in a row, over all runs of the backend, that
    /// failed with a server error, a cut-off or unreadable reply or a timeout.
    failures_in_row: std::sync::atomic::AtomicU32,
    given_up: Mutex<Option<super::outcome::StopReason>>,
}

impl Health {
    /// Counts one more failure in a row and returns the count.
    pub(super) fn failed(&self) -> u32 {
        self.failures_in_row
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            .saturating_add(1)
    }

    /// A good reply: the breaker's count starts again.
    pub(super) fn succeeded(&self) {
        self.failures_in_row
            .store(0, std::sync::atomic::Ordering::Relaxed);
    }

    pub(super) fn failures_in_row(&self) -> u32 {
        self.failures_in_row
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    pub(super) fn mark_answered(&self) {
        self.answered
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    pub(super) fn has_answered(&self) -> bool {
        self.answered.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Records why the backend was given up (the first reason wins).
    pub(super) fn give_up(&self, reason: &super::outcome::StopReason) {
        let mut g = self.given_up.lock().unwrap_or_else(|p| p.into_inner());
        if g.is_none() {
            *g = Some(reason.clone());
        }
    }

    pub(super) fn given_up(&self) -> Option<super::outcome::StopReason> {
        self.given_up
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

impl std::fmt::Debug for SharedPace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedPace")
            .field("slots", &self.slots.available_permits())
            .finish()
    }
}

/// Paces requests for one backend: a minimum interval between request starts, a characters-per-
/// minute token bucket (one minute of capacity), and a pause after a rate-limit answer. Slots are
/// reserved under the lock and waited for outside it.
pub(super) struct Limiter {
    interval: Option<Duration>,
    /// How far ahead of its even slot a request may start: `(burst - 1) × interval`.
    tolerance: Duration,
    chars_per_minute: Option<u64>,
    state: Mutex<LimiterState>,
}

struct LimiterState {
    /// The even-pacing slot of the next request (GCRA's theoretical arrival time): a request may
    /// start at `next_slot - tolerance`, so an idle pacer lets `burst` requests go at once and
    /// then one per interval — a token bucket of `burst` tokens refilled at the rate.
    next_slot: Instant,
    tokens: f64,
    refilled: Instant,
    paused_until: Instant,
}

impl Limiter {
    pub(super) fn new(limits: &BatchLimits) -> Limiter {
        let now = Instant::now();
        let interval = limits
            .requests_per_second
            .filter(|r| r.is_finite() && *r > 0.0)
            .map(|r| Duration::from_secs_f64(1.0 / r));
        let cpm = limits.chars_per_minute.filter(|c| *c > 0);
        let burst = limits.burst.filter(|b| *b > 0).unwrap_or_else(|| {
            limits
                .requests_per_second
                .filter(|r| r.is_finite())
                .map_or(1, |r| (r.clamp(1.0, 1000.0) / 2.0).floor().max(1.0) as u32)
        });
        let tolerance = interval
            .map(|iv| iv.saturating_mul(burst.saturating_sub(1)))
            .unwrap_or_default();
        Limiter {
            interval,
            tolerance,
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
    pub(super) async fn acquire(&self, chars: u64) {
        let at = {
            let mut s = self.lock();
            let mut at = Instant::now().max(s.paused_until);
            if self.interval.is_some() {
                at = at.max(
                    s.next_slot
                        .checked_sub(self.tolerance)
                        .unwrap_or(s.next_slot),
                );
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
                s.next_slot = s.next_slot.max(at) + iv;
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
    pub(super) fn pause_until(&self, until: Instant) {
        let mut s = self.lock();
        if until > s.paused_until {
            s.paused_until = until;
        }
        // After a rate-limit answer the pace resumes evenly, without a burst.
        let even = until + self.tolerance;
        if even > s.next_slot {
            s.next_slot = even;
        }
    }
}

/// A small deterministic generator for jitter (no dependency, seedable for tests).
pub(super) struct Jitter(pub(super) u64);

impl Jitter {
    pub(super) fn next_unit(&mut self) -> f64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}
