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

/// Paces requests for one backend: a request-rate token bucket (GCRA), a characters-per-minute
/// token bucket (one minute of capacity), and a pause after a rate-limit answer or a reply that
/// says the provider's bucket is empty. Slots are reserved under the lock and waited for outside
/// it.
///
/// The request bucket: with `burst` configured it is the provider's documented bucket and is used
/// whole — after an idle spell `burst` requests may start together, then one per interval — save
/// a small, one-off `margin` (a quarter of an interval, 20–250 ms): the provider counts requests
/// when they *arrive*, and a first burst that reaches it a little later than the requests after it
/// (connection set-up, a busy server thread) would otherwise find the bucket a fraction of a token
/// short. The margin costs a quarter of one request per idle spell, never the rate: in steady state
/// requests start exactly one interval apart. Without `burst` the bucket is unknown and the
/// pacer keeps half a second's quota (see `BatchLimits::burst`).
///
/// A 429 that arrives while nothing is paused means the provider's bucket is smaller than, or out
/// of step with, the configured one: the pause it asks for is honoured, the pace resumes evenly,
/// and the burst is one request smaller from then on (never below one), so a wrong `burst`
/// costs one 429, not one per idle spell.
pub(super) struct Limiter {
    interval: Option<Duration>,
    chars_per_minute: Option<u64>,
    state: Mutex<LimiterState>,
}

struct LimiterState {
    /// The even-pacing slot of the next request (GCRA's theoretical arrival time): a request may
    /// start at `next_slot - tolerance`, so an idle pacer lets the bucket's requests go at once
    /// and then one per interval — a token bucket refilled at the rate.
    next_slot: Instant,
    /// How far ahead of its even slot a request may start: `(burst - 1) × interval - margin`.
    tolerance: Duration,
    /// What a rate-limit answer takes off `tolerance` (one interval).
    shrink: Duration,
    tokens: f64,
    refilled: Instant,
    paused_until: Instant,
    /// Counts pauses: a request whose slot was reserved before the latest pause reserves again,
    /// so slots handed out under a burst the provider has just refused are not used.
    pauses: u64,
}

/// Jitter margin kept off a configured burst: a quarter of the interval, 20–250 ms.
fn jitter_margin(interval: Duration) -> Duration {
    (interval / 4).clamp(Duration::from_millis(20), Duration::from_millis(250))
}

impl Limiter {
    pub(super) fn new(limits: &BatchLimits) -> Limiter {
        let now = Instant::now();
        let interval = limits
            .requests_per_second
            .filter(|r| r.is_finite() && *r > 0.0)
            .map(|r| Duration::from_secs_f64(1.0 / r));
        let cpm = limits.chars_per_minute.filter(|c| *c > 0);
        let tolerance = match (interval, limits.burst.filter(|b| *b > 0)) {
            (None, _) => Duration::ZERO,
            // The provider's bucket: all of it, less the jitter margin.
            (Some(iv), Some(burst)) => iv
                .saturating_mul(burst.saturating_sub(1))
                .saturating_sub(jitter_margin(iv)),
            (Some(iv), None) => {
                let half = limits
                    .requests_per_second
                    .map_or(1, |r| (r.clamp(1.0, 1000.0) / 2.0).floor().max(1.0) as u32);
                iv.saturating_mul(half.saturating_sub(1))
            }
        };
        Limiter {
            interval,
            chars_per_minute: cpm,
            state: Mutex::new(LimiterState {
                next_slot: now,
                tolerance,
                shrink: interval.unwrap_or_default(),
                tokens: cpm.unwrap_or(0) as f64,
                refilled: now,
                paused_until: now,
                pauses: 0,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LimiterState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits until a request of `chars` characters may start.
    pub(super) async fn acquire(&self, chars: u64) {
        let mut charged = false;
        loop {
            let (at, pauses) = self.reserve(chars, &mut charged);
            tokio::time::sleep_until(at).await;
            // A rate-limit answer may have arrived while waiting: wait it out, and if it came
            // after this slot was reserved, reserve again behind it (evenly, smaller burst).
            loop {
                let paused = self.lock().paused_until;
                if paused <= Instant::now() {
                    break;
                }
                tokio::time::sleep_until(paused).await;
            }
            if self.lock().pauses == pauses {
                return;
            }
        }
    }

    /// Reserves the next slot: when the request may start, and the pause count it was reserved
    /// under. The characters are charged once (`charged`), however often the slot is reserved.
    fn reserve(&self, chars: u64, charged: &mut bool) -> (Instant, u64) {
        let mut s = self.lock();
        let mut at = Instant::now().max(s.paused_until);
        if self.interval.is_some() {
            at = at.max(s.next_slot.checked_sub(s.tolerance).unwrap_or(s.next_slot));
        }
        if let Some(cpm) = self.chars_per_minute.filter(|_| !*charged) {
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
        *charged = true;
        if let Some(iv) = self.interval {
            s.next_slot = s.next_slot.max(at) + iv;
        }
        (at, s.pauses)
    }

    /// A rate-limit answer: sends nothing before `until`, then resumes evenly; the first 429 of
    /// a spell (one that arrives while nothing is paused) also makes the burst one smaller.
    pub(super) fn rate_limited(&self, until: Instant) {
        let mut s = self.lock();
        if s.paused_until <= Instant::now() {
            s.tolerance = s.tolerance.saturating_sub(s.shrink);
        }
        Self::pause(&mut s, until);
    }

    /// The provider said its bucket is empty (a reply with `remaining: 0`): nothing before
    /// `until`, then evenly. Not a rejection, so the burst stays as it is.
    pub(super) fn bucket_empty(&self, until: Instant) {
        let mut s = self.lock();
        Self::pause(&mut s, until);
    }

    fn pause(s: &mut LimiterState, until: Instant) {
        if until > s.paused_until {
            s.paused_until = until;
        }
        // After a pause the pace resumes evenly, without a burst. Slots reserved before it are
        // reserved again (`pauses`), so the schedule restarts here rather than after them.
        s.next_slot = s.paused_until + s.tolerance;
        s.pauses = s.pauses.wrapping_add(1);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(rps: f64, burst: Option<u32>) -> BatchLimits {
        BatchLimits {
            requests_per_second: Some(rps),
            burst,
            ..BatchLimits::default()
        }
    }

    /// Start offsets (from `start`) of `n` requests acquired back to back.
    async fn starts(l: &Limiter, n: usize, start: Instant) -> Vec<Duration> {
        let mut out = Vec::new();
        for _ in 0..n {
            l.acquire(0).await;
            out.push(Instant::now() - start);
        }
        out
    }

    /// Plays `arrivals` (seconds) against a provider's token bucket of `cap` tokens refilled at
    /// `rate` per second, full at the first arrival; returns the indices it would reject.
    fn rejected(arrivals: &[f64], cap: f64, rate: f64) -> Vec<usize> {
        let mut tokens = cap;
        let mut last = arrivals.first().copied().unwrap_or(0.0);
        let mut out = Vec::new();
        for (i, &t) in arrivals.iter().enumerate() {
            tokens = (tokens + (t - last).max(0.0) * rate).min(cap);
            last = last.max(t);
            if tokens >= 1.0 - 1e-9 {
                tokens -= 1.0;
            } else {
                out.push(i);
            }
        }
        out
    }

    const MS: Duration = Duration::from_millis(1);

    #[tokio::test(start_paused = true)]
    async fn a_configured_burst_is_used_whole_less_a_jitter_margin() {
        let start = Instant::now();
        let l = Limiter::new(&limits(10.0, Some(10)));
        let t = starts(&l, 40, start).await;
        // Under-use would fail here: 9 at once, the 10th after the 25 ms margin, then exactly
        // one per 100 ms — the 40th at 25 ms + 3 s, not later.
        assert_eq!(t.iter().filter(|d| d.is_zero()).count(), 9);
        assert_eq!(t[9], 25 * MS);
        for w in t[9..].windows(2) {
            assert_eq!(w[1] - w[0], 100 * MS);
        }
        assert_eq!(t[39], 25 * MS + Duration::from_secs(3));
        // Over-use would fail here: a provider bucket of the same size accepts every request,
        // also when the first burst reaches it up to 20 ms late and the rest on time.
        let secs: Vec<f64> = t.iter().map(Duration::as_secs_f64).collect();
        assert!(rejected(&secs, 10.0, 10.0).is_empty());
        let late: Vec<f64> = secs
            .iter()
            .enumerate()
            .map(|(i, s)| if i < 9 { s + 0.020 } else { *s })
            .collect();
        assert!(rejected(&late, 10.0, 10.0).is_empty(), "{late:?}");
        // Without the margin the same lateness draws a 429 (what the season benchmark saw).
        let mut no_margin = late.clone();
        no_margin[9] = 0.0;
        for (i, s) in no_margin.iter_mut().enumerate().skip(10) {
            *s = (i - 9) as f64 * 0.1;
        }
        assert!(!rejected(&no_margin, 10.0, 10.0).is_empty());
    }

    #[tokio::test(start_paused = true)]
    async fn after_an_idle_spell_the_bucket_is_whole_again() {
        let start = Instant::now();
        let l = Limiter::new(&limits(10.0, Some(4)));
        let first = starts(&l, 8, start).await;
        assert_eq!(first.iter().filter(|d| d.is_zero()).count(), 3);
        tokio::time::sleep(Duration::from_secs(5)).await;
        let again = Instant::now();
        let second = starts(&l, 4, again).await;
        assert_eq!(
            second,
            [Duration::ZERO, Duration::ZERO, Duration::ZERO, 25 * MS]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_rate_limit_answer_pauses_resumes_evenly_and_shrinks_the_burst_once() {
        let start = Instant::now();
        let l = Limiter::new(&limits(10.0, Some(4)));
        let _ = starts(&l, 4, start).await;
        l.rate_limited(Instant::now() + Duration::from_secs(1));
        // Other requests of the same burst answered 429 during the pause: no further shrink.
        l.rate_limited(Instant::now() + Duration::from_secs(1));
        let resumed = starts(&l, 3, start).await;
        let base = 25 * MS + Duration::from_secs(1);
        assert_eq!(resumed, [base, base + 100 * MS, base + 200 * MS]);
        // After an idle spell the burst is one smaller: 2 at once (not 3), then the margin.
        tokio::time::sleep(Duration::from_secs(5)).await;
        let again = Instant::now();
        let t = starts(&l, 4, again).await;
        assert_eq!(t, [Duration::ZERO, Duration::ZERO, 25 * MS, 125 * MS]);
    }

    #[tokio::test(start_paused = true)]
    async fn slots_reserved_before_a_rate_limit_answer_are_paced_again_behind_it() {
        let start = Instant::now();
        let l = Arc::new(Limiter::new(&limits(5.0, Some(6))));
        // 8 requests at once under a burst of 6 at 5/s: 5 at 0, then 50, 250, 450 ms.
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let l = l.clone();
                tokio::spawn(async move {
                    l.acquire(0).await;
                    Instant::now() - start
                })
            })
            .collect();
        tokio::time::sleep(10 * MS).await;
        // The provider's bucket was smaller: it asks for 190 ms.
        l.rate_limited(start + 200 * MS);
        let mut t = Vec::new();
        for task in tasks {
            t.push(task.await.unwrap());
        }
        t.sort();
        // The three still waiting go evenly from the pause, one per 200 ms; none keeps the
        // slot it had under the refused burst (250 ms would be 50 ms after the pause).
        assert_eq!(&t[..5], [Duration::ZERO; 5]);
        assert_eq!(&t[5..], [200 * MS, 400 * MS, 600 * MS]);
    }

    #[tokio::test(start_paused = true)]
    async fn an_empty_bucket_reported_by_the_provider_pauses_without_shrinking() {
        let start = Instant::now();
        let l = Limiter::new(&limits(10.0, Some(4)));
        l.bucket_empty(start + Duration::from_millis(700));
        let t = starts(&l, 2, start).await;
        assert_eq!(t, [700 * MS, 800 * MS]);
        tokio::time::sleep(Duration::from_secs(5)).await;
        let again = Instant::now();
        let t = starts(&l, 4, again).await;
        assert_eq!(t, [Duration::ZERO, Duration::ZERO, Duration::ZERO, 25 * MS]);
    }

    #[tokio::test(start_paused = true)]
    async fn without_a_configured_burst_half_a_second_goes_at_once_without_margin() {
        let start = Instant::now();
        let l = Limiter::new(&limits(10.0, None));
        let t = starts(&l, 7, start).await;
        assert_eq!(t.iter().filter(|d| d.is_zero()).count(), 5);
        assert_eq!(t[5], 100 * MS);
        assert_eq!(t[6], 200 * MS);
    }
}
