//! The scheduler against an in-process fake backend: de-duplication, retries, rate limits,
//! timeouts, partial and broken replies, refusal fallback, bisection, budget, cancellation and
//! resume through the memory. Time is paused (tokio test-util), so delays cost nothing.

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use subloc::translate::memory::{MemoryStore, SqliteMemory};
use subloc::translate::scheduler::{
    Cancel, Event, FailReason, Progress, RunConfig, RunError, Scheduler, SegmentOutcome,
    SharedPace, Source, StopReason,
};
use subloc::translate::{
    Backend, BackendError, BackendIdentity, BatchLimits, BatchReply, BatchRequest, BoxFuture,
    Segment, SegmentContext,
};
use tokio::time::Instant;

type Rule = dyn Fn(usize, &BatchRequest) -> Option<Result<BatchReply, BackendError>> + Send + Sync;

/// A backend that translates `text` to `T(text)` unless `rule` (given the 0-based call number)
/// says otherwise, and records every call.
struct Fake {
    kind: &'static str,
    limits: BatchLimits,
    rule: Box<Rule>,
    calls: Mutex<Vec<(Instant, Vec<String>)>>,
    count: AtomicUsize,
    /// How long each call takes.
    latency: Duration,
}

impl Fake {
    fn new(kind: &'static str, limits: BatchLimits, rule: Box<Rule>) -> Arc<Fake> {
        Arc::new(Fake {
            kind,
            limits,
            rule,
            calls: Mutex::new(Vec::new()),
            count: AtomicUsize::new(0),
            latency: Duration::from_millis(10),
        })
    }

    fn ok(kind: &'static str, limits: BatchLimits) -> Arc<Fake> {
        Fake::new(kind, limits, Box::new(|_, _| None))
    }

    fn calls(&self) -> Vec<Vec<String>> {
        self.calls
            .lock()
            .unwrap()
            .iter()
            .map(|(_, ids)| ids.clone())
            .collect()
    }

    fn times(&self) -> Vec<Instant> {
        self.calls.lock().unwrap().iter().map(|(t, _)| *t).collect()
    }
}

fn translate_all(req: &BatchRequest) -> BatchReply {
    BatchReply {
        translations: req
            .segments
            .iter()
            .map(|s| (s.id.clone(), format!("T({})", s.text)))
            .collect(),
        billed_chars: req.text_chars(),
        ..BatchReply::default()
    }
}

impl Backend for Fake {
    fn identity(&self) -> BackendIdentity {
        BackendIdentity::new(self.kind)
    }

    fn limits(&self) -> BatchLimits {
        self.limits.clone()
    }

    fn supports(&self, _s: &str, t: &str) -> Result<(), BackendError> {
        if t == "xx" {
            return Err(BackendError::UnsupportedLanguage { lang: t.into() });
        }
        Ok(())
    }

    fn translate<'a>(
        &'a self,
        req: &'a BatchRequest,
    ) -> BoxFuture<'a, Result<BatchReply, BackendError>> {
        Box::pin(async move {
            let n = self.count.fetch_add(1, Ordering::SeqCst);
            self.calls.lock().unwrap().push((
                Instant::now(),
                req.segments.iter().map(|s| s.id.clone()).collect(),
            ));
            tokio::time::sleep(self.latency).await;
            match (self.rule)(n, req) {
                Some(r) => r,
                None => Ok(translate_all(req)),
            }
        })
    }
}

fn seg(id: &str, text: &str) -> Segment {
    Segment {
        id: id.into(),
        text: text.into(),
        context: SegmentContext::default(),
    }
}

fn segs(texts: &[&str]) -> Vec<Segment> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| seg(&format!("ep#{}", i + 1), t))
        .collect()
}

fn limits(max_segments: usize, concurrency: usize) -> BatchLimits {
    BatchLimits {
        max_segments,
        concurrency,
        ..BatchLimits::default()
    }
}

fn cfg() -> RunConfig {
    let mut c = RunConfig::new("zh", "en");
    c.jitter_seed = 7;
    c
}

fn texts(outcomes: &[SegmentOutcome]) -> Vec<Option<&str>> {
    outcomes.iter().map(|o| o.text()).collect()
}

#[tokio::test(start_paused = true)]
async fn identical_texts_are_sent_once() {
    let fake = Fake::ok("fake", limits(50, 2));
    let sched = Scheduler::new(fake.clone());
    let input = segs(&["好", "走", "好", "来", "好"]);
    let r = sched.run(&cfg(), &input).await.unwrap();
    assert_eq!(fake.calls(), vec![vec!["ep#1", "ep#2", "ep#4"]]);
    assert_eq!(
        texts(&r.outcomes),
        [
            Some("T(好)"),
            Some("T(走)"),
            Some("T(好)"),
            Some("T(来)"),
            Some("T(好)")
        ]
    );
    assert_eq!(r.stats.deduplicated, 2);
    assert_eq!(r.stats.chars_sent, 3);
    assert_eq!(r.stats.translated, 5);
}

#[tokio::test(start_paused = true)]
async fn retry_after_is_honoured_for_the_whole_backend() {
    let fake = Fake::new(
        "fake",
        limits(1, 1),
        Box::new(|n, _| {
            (n == 0).then_some(Err(BackendError::RateLimited {
                retry_after: Some(Duration::from_secs(3)),
            }))
        }),
    );
    let sched = Scheduler::new(fake.clone());
    let r = sched.run(&cfg(), &segs(&["一", "二"])).await.unwrap();
    assert!(r.outcomes.iter().all(|o| o.text().is_some()));
    let t = fake.times();
    assert_eq!(t.len(), 3);
    // The 429 arrived 10 ms after the first call; nothing may start before Retry-After passed.
    let answered = t[0] + Duration::from_millis(10);
    assert!(
        t[1] >= answered + Duration::from_secs(3),
        "{:?}",
        t[1] - t[0]
    );
    assert!(t[1] <= answered + Duration::from_millis(3400));
    assert_eq!(r.stats.rate_limited, 1);
}

#[tokio::test(start_paused = true)]
async fn server_errors_timeouts_and_malformed_replies_are_retried() {
    let fake = Arc::new(Fake {
        kind: "fake",
        limits: limits(10, 1),
        rule: Box::new(|n, _| match n {
            0 => Some(Err(BackendError::Server {
                status: 503,
                body_excerpt: "busy".into(),
            })),
            1 => Some(Err(BackendError::Malformed("not json".into()))),
            _ => None,
        }),
        calls: Mutex::new(Vec::new()),
        count: AtomicUsize::new(0),
        latency: Duration::from_millis(10),
    });
    let mut c = cfg();
    c.batch_retries = 3;
    let sched = Scheduler::new(fake.clone());
    let r = sched.run(&c, &segs(&["一", "二"])).await.unwrap();
    assert_eq!(texts(&r.outcomes), [Some("T(一)"), Some("T(二)")]);
    assert_eq!(fake.calls().len(), 3);
    assert_eq!(r.stats.retries, 2);
    assert_eq!(r.stats.bisections, 0);

    // A hanging request times out and is retried.
    let slow = Arc::new(Fake {
        kind: "slow",
        limits: limits(10, 1),
        rule: Box::new(|_, _| None),
        calls: Mutex::new(Vec::new()),
        count: AtomicUsize::new(0),
        latency: Duration::from_secs(3600),
    });
    let mut c = cfg();
    c.timeout = Some(Duration::from_secs(5));
    c.max_retries = 1;
    let r = Scheduler::new(slow.clone())
        .run(&c, &segs(&["一"]))
        .await
        .unwrap();
    assert_eq!(r.stats.timeouts, 2);
    assert_eq!(
        r.outcomes[0],
        SegmentOutcome::Failed {
            reason: FailReason::Backend(BackendError::Timeout)
        }
    );
}

#[tokio::test(start_paused = true)]
async fn partial_replies_reask_missing_ids_alone_and_ignore_invented_ones() {
    let fake = Fake::new(
        "fake",
        limits(10, 1),
        Box::new(|n, req| {
            (n == 0).then(|| {
                let mut reply = translate_all(req);
                // Drop ep#2, break ep#3's placeholder, invent an id.
                reply.translations.retain(|(id, _)| id != "ep#2");
                for (id, t) in reply.translations.iter_mut() {
                    if id == "ep#3" {
                        *t = "lost it".into();
                    }
                }
                reply.translations.push(("ep#99".into(), "ghost".into()));
                Ok(reply)
            })
        }),
    );
    let sched = Scheduler::new(fake.clone());
    let input = segs(&["一", "二", "三<x id=\"1\"/>四"]);
    let r = sched.run(&cfg(), &input).await.unwrap();
    assert_eq!(
        texts(&r.outcomes),
        [Some("T(一)"), Some("T(二)"), Some("T(三<x id=\"1\"/>四)")]
    );
    let calls = fake.calls();
    assert_eq!(calls[0], ["ep#1", "ep#2", "ep#3"]);
    let mut rest: Vec<Vec<String>> = calls[1..].to_vec();
    rest.sort();
    assert_eq!(rest, [vec!["ep#2".to_string()], vec!["ep#3".to_string()]]);
    assert_eq!(r.stats.invented_ids, 1);
    assert_eq!(r.stats.reasked, 2);
}

#[tokio::test(start_paused = true)]
async fn a_server_that_never_answers_usably_is_given_up_not_paid_per_id() {
    // Every reply parses but carries nothing asked for (a model ignoring the reply format).
    let nothing: fn() -> Box<Rule> = || Box::new(|_, _| Some(Ok(BatchReply::default())));
    let input: Vec<Segment> = (0..100)
        .map(|i| seg(&format!("ep#{i}"), &format!("第{i}句")))
        .collect();
    let c = cfg();
    let fake = Fake::new("fake", limits(10, 1), nothing());
    let r = Scheduler::new(fake.clone()).run(&c, &input).await.unwrap();
    assert_eq!(
        r.stopped,
        Some(StopReason::Unusable {
            replies: c.max_unusable_replies
        })
    );
    // The ten batches go before any line is re-asked alone: the eighth trips the breaker.
    assert_eq!(fake.calls().len() as u32, c.max_unusable_replies);
    assert!(fake.calls().iter().all(|ids| ids.len() == 10));
    assert_eq!(r.stats.failed, 100, "every segment is reported");
    assert!(r.outcomes.iter().all(|o| o.text().is_none()));

    // With a fallback the run goes on there and completes.
    let fake = Fake::new("fake", limits(10, 1), nothing());
    let spare = Fake::ok("spare", limits(10, 1));
    let r = Scheduler::new(fake.clone())
        .with_fallback(spare.clone())
        .run(&c, &input)
        .await
        .unwrap();
    assert_eq!(r.stopped, None);
    assert!(r.stats.primary_abandoned);
    assert_eq!(fake.calls().len() as u32, c.max_unusable_replies);
    assert_eq!(r.stats.translated, 100);
    assert!(
        r.outcomes.iter().all(|o| matches!(
            o,
            SegmentOutcome::Translated {
                by: Source::Fallback,
                ..
            }
        )),
        "nothing came from the primary"
    );
    // Each segment reached the fallback once.
    let sent: Vec<String> = spare.calls().into_iter().flatten().collect();
    let unique: HashSet<&String> = sent.iter().collect();
    assert_eq!((sent.len(), unique.len()), (100, 100));
}

/// A working server that always skips a few lines (sound effects, say): those lines are re-asked
/// alone, many times in a row at the end of the run, and then go to the fallback — the server
/// is not given up, nothing else is lost.
#[tokio::test(start_paused = true)]
async fn lines_a_model_keeps_skipping_do_not_trip_the_breaker() {
    let skips: fn() -> Box<Rule> = || {
        Box::new(|_, req| {
            let mut reply = translate_all(req);
            reply.translations.retain(|(_, t)| !t.contains('声'));
            Some(Ok(reply))
        })
    };
    let input: Vec<Segment> = (0..40)
        .map(|i| {
            let text = if i % 10 == 9 {
                format!("（碎裂声{i}）")
            } else {
                format!("第{i}句")
            };
            seg(&format!("ep#{i}"), &text)
        })
        .collect();
    let c = cfg();
    let fake = Fake::new("fake", limits(10, 1), skips());
    let spare = Fake::ok("spare", limits(10, 1));
    let r = Scheduler::new(fake.clone())
        .with_fallback(spare.clone())
        .run(&c, &input)
        .await
        .unwrap();
    assert_eq!(r.stopped, None);
    assert!(!r.stats.primary_abandoned);
    assert_eq!(
        r.stats.translated, 40,
        "the four skipped lines went to the fallback alone"
    );
    assert_eq!(spare.calls().len(), 4);
    // 4 batches, then each skipped line alone 1 + max_retries times: 4 × 5 = 20 in a row.
    assert_eq!(fake.calls().len() as u32, 4 + 4 * (1 + c.max_retries));
}

#[tokio::test(start_paused = true)]
async fn a_segment_that_never_keeps_its_placeholder_is_reported_not_dropped() {
    let fake = Fake::new(
        "fake",
        limits(10, 1),
        Box::new(|_, req| {
            let mut reply = translate_all(req);
            for (id, t) in reply.translations.iter_mut() {
                if id == "ep#2" {
                    *t = "no tag".into();
                }
            }
            Some(Ok(reply))
        }),
    );
    let mut c = cfg();
    c.max_retries = 2;
    let r = Scheduler::new(fake.clone())
        .run(&c, &segs(&["一", "二<x id=\"1\"/>"]))
        .await
        .unwrap();
    assert_eq!(r.outcomes[0].text(), Some("T(一)"));
    assert!(matches!(
        &r.outcomes[1],
        SegmentOutcome::Failed {
            reason: FailReason::Placeholders(_)
        }
    ));
    // First batch, then the segment alone: once plus two retries.
    assert_eq!(fake.calls().len(), 4);
}

fn refuses_bad() -> Box<Rule> {
    Box::new(|_, req| {
        req.segments
            .iter()
            .any(|s| s.text.contains("BAD"))
            .then(|| {
                Err(BackendError::Refused {
                    reason: "content_filter".into(),
                })
            })
    })
}

#[tokio::test(start_paused = true)]
async fn a_refused_segment_is_isolated_and_sent_to_the_fallback() {
    let primary = Fake::new("primary", limits(10, 2), refuses_bad());
    let fallback = Fake::ok("fallback", limits(10, 1));
    let sched = Scheduler::new(primary.clone()).with_fallback(fallback.clone());
    let input = segs(&["一", "二", "BAD", "四"]);
    let r = sched.run(&cfg(), &input).await.unwrap();
    assert!(r.outcomes.iter().all(|o| o.text().is_some()));
    assert_eq!(fallback.calls(), vec![vec!["ep#3".to_string()]]);
    assert_eq!(
        r.outcomes[2],
        SegmentOutcome::Translated {
            text: "T(BAD)".into(),
            from_memory: false,
            by: Source::Fallback
        }
    );
    assert!(matches!(
        r.outcomes[0],
        SegmentOutcome::Translated {
            by: Source::Primary,
            ..
        }
    ));

    // Without a fallback only the refused segment is reported.
    let primary = Fake::new("primary", limits(10, 2), refuses_bad());
    let r = Scheduler::new(primary).run(&cfg(), &input).await.unwrap();
    let failed: Vec<usize> = (0..4).filter(|&i| r.outcomes[i].text().is_none()).collect();
    assert_eq!(failed, [2]);
    assert_eq!(
        r.outcomes[2].clone(),
        SegmentOutcome::Failed {
            reason: FailReason::Backend(BackendError::Refused {
                reason: "content_filter".into()
            })
        }
    );
}

#[tokio::test(start_paused = true)]
async fn a_persistently_failing_batch_is_bisected_down_to_the_bad_segment() {
    let fake = Fake::new(
        "fake",
        limits(8, 2),
        Box::new(|_, req| {
            req.segments.iter().any(|s| s.text == "毒").then(|| {
                Err(BackendError::Server {
                    status: 500,
                    body_excerpt: String::new(),
                })
            })
        }),
    );
    let input = segs(&["一", "二", "三", "四", "五", "毒", "七", "八"]);
    let mut c = cfg();
    c.max_retries = 1;
    let r = Scheduler::new(fake.clone()).run(&c, &input).await.unwrap();
    let failed: Vec<usize> = (0..8).filter(|&i| r.outcomes[i].text().is_none()).collect();
    assert_eq!(failed, [5]);
    assert_eq!(r.stats.translated, 7);
    // 8 → 4 → 2 → 1: three splits on the poisoned path.
    assert_eq!(r.stats.bisections, 3);
    // Every good segment was translated exactly once.
    let sent_ok: Vec<String> = fake
        .calls()
        .into_iter()
        .filter(|ids| !ids.contains(&"ep#6".to_string()))
        .flatten()
        .collect();
    let unique: HashSet<&String> = sent_ok.iter().collect();
    assert_eq!(sent_ok.len(), 7);
    assert_eq!(unique.len(), 7);
}

fn fatal_after(n_ok: usize) -> Box<Rule> {
    Box::new(move |n, _| (n >= n_ok).then(|| Err(BackendError::Fatal("killed".into()))))
}

#[tokio::test(start_paused = true)]
async fn a_killed_run_resumes_with_only_the_missing_segments() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tm.sqlite");
    let input = segs(&["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]);

    // Run 1 dies on its third request.
    let dying = Fake::new("fake", limits(2, 1), fatal_after(2));
    let mem: Arc<dyn MemoryStore> = Arc::new(SqliteMemory::open(&path).unwrap());
    let r = Scheduler::new(dying.clone())
        .with_memory(mem)
        .run(&cfg(), &input)
        .await
        .unwrap();
    assert_eq!(dying.calls().len(), 3);
    assert!(matches!(
        r.stopped,
        Some(StopReason::Aborted(BackendError::Fatal(_)))
    ));
    let done: Vec<bool> = r.outcomes.iter().map(|o| o.text().is_some()).collect();
    assert_eq!(done.iter().filter(|d| **d).count(), 4);

    // Run 2 (memory re-opened) sends exactly the six that were missing.
    let healthy = Fake::ok("fake", limits(2, 1));
    let mem: Arc<dyn MemoryStore> = Arc::new(SqliteMemory::open(&path).unwrap());
    let r = Scheduler::new(healthy.clone())
        .with_memory(mem)
        .run(&cfg(), &input)
        .await
        .unwrap();
    let sent: Vec<String> = healthy.calls().into_iter().flatten().collect();
    let expected: Vec<String> = input
        .iter()
        .zip(&done)
        .filter(|(_, d)| !**d)
        .map(|(s, _)| s.id.clone())
        .collect();
    assert_eq!(sent, expected);
    assert_eq!(r.stats.memory_hits, 4);
    assert!(r.outcomes.iter().all(|o| o.text().is_some()));

    // Run 3 sends nothing; --refresh sends everything again.
    let idle = Fake::ok("fake", limits(2, 1));
    let mem: Arc<dyn MemoryStore> = Arc::new(SqliteMemory::open(&path).unwrap());
    let sched = Scheduler::new(idle.clone()).with_memory(mem);
    let r = sched.run(&cfg(), &input).await.unwrap();
    assert!(idle.calls().is_empty());
    assert_eq!(r.stats.memory_hits, 10);
    assert!(r.outcomes.iter().all(|o| matches!(
        o,
        SegmentOutcome::Translated {
            from_memory: true,
            ..
        }
    )));
    let mut c = cfg();
    c.refresh = true;
    sched.run(&c, &input).await.unwrap();
    assert_eq!(idle.calls().len(), 5);
}

#[tokio::test(start_paused = true)]
async fn budget_refuses_to_start_or_stops_before_exceeding() {
    let fake = Fake::ok("fake", limits(1, 1));
    let mut c = cfg();
    c.budget = Some(3);
    let err = Scheduler::new(fake.clone())
        .run(&c, &segs(&["一二", "三四"]))
        .await
        .unwrap_err();
    assert_eq!(
        err,
        RunError::OverBudget {
            needed: 4,
            budget: 3
        }
    );
    assert!(fake.calls().is_empty());

    // The plan fits (4 ≤ 5) but the first request's retry would not.
    let flaky = Fake::new(
        "fake",
        limits(1, 1),
        Box::new(|n, _| {
            (n == 0).then(|| {
                Err(BackendError::Server {
                    status: 502,
                    body_excerpt: String::new(),
                })
            })
        }),
    );
    c.budget = Some(5);
    let r = Scheduler::new(flaky.clone())
        .run(&c, &segs(&["一二", "三四"]))
        .await
        .unwrap();
    assert_eq!(r.stopped, Some(StopReason::Budget));
    assert!(r.stats.chars_sent <= 5);
    assert_eq!(r.outcomes[1].text(), Some("T(三四)"));
    assert_eq!(
        r.outcomes[0],
        SegmentOutcome::Failed {
            reason: FailReason::NotSent(StopReason::Budget)
        }
    );
}

struct StopAfterFirst(Cancel, Mutex<Vec<Event>>);

impl Progress for StopAfterFirst {
    fn event(&self, e: &Event) {
        if matches!(e, Event::Translated { .. }) {
            self.0.stop();
        }
        self.1.lock().unwrap().push(e.clone());
    }
}

#[tokio::test(start_paused = true)]
async fn cancel_stops_sending_and_keeps_what_arrived() {
    let fake = Fake::ok("fake", limits(1, 1));
    let cancel = Cancel::new();
    let progress = Arc::new(StopAfterFirst(cancel.clone(), Mutex::new(Vec::new())));
    let sched = Scheduler::new(fake.clone())
        .with_cancel(cancel)
        .with_progress(progress.clone());
    let r = sched.run(&cfg(), &segs(&["一", "二", "三"])).await.unwrap();
    assert_eq!(fake.calls().len(), 1);
    assert_eq!(r.outcomes[0].text(), Some("T(一)"));
    assert_eq!(r.stopped, Some(StopReason::Cancelled));
    assert_eq!(
        r.outcomes[2],
        SegmentOutcome::Failed {
            reason: FailReason::NotSent(StopReason::Cancelled)
        }
    );
    let events = progress.1.lock().unwrap();
    assert!(matches!(events.first(), Some(Event::Planned(p)) if p.to_send == 3));
}

#[tokio::test(start_paused = true)]
async fn requests_per_second_and_concurrency_are_respected() {
    let mut l = limits(1, 3);
    l.requests_per_second = Some(4.0);
    l.burst = Some(1);
    let fake = Fake::ok("fake", l);
    let input = segs(&["一", "二", "三", "四", "五", "六", "七", "八"]);
    let start = Instant::now();
    let r = Scheduler::new(fake.clone())
        .run(&cfg(), &input)
        .await
        .unwrap();
    assert_eq!(r.stats.requests, 8);
    let t = fake.times();
    for w in t.windows(2) {
        assert!(
            w[1] - w[0] >= Duration::from_millis(249),
            "{:?}",
            w[1] - w[0]
        );
    }
    // 8 requests at 4/s: the last starts at 1.75 s; pacing, not waiting, decides throughput.
    assert!(t[7] - start <= Duration::from_millis(1800));

    // The default burst is half a second's worth: an idle pacer lets 2 go at once, then one
    // per 250 ms; no window of w seconds holds more than 2 + 4w starts.
    let mut l = limits(1, 3);
    l.requests_per_second = Some(4.0);
    let fake = Fake::ok("fake", l);
    let input: Vec<Segment> = (0..20)
        .map(|i| seg(&format!("ep#{i}"), &format!("第{i}句")))
        .collect();
    let start = Instant::now();
    let r = Scheduler::new(fake.clone())
        .run(&cfg(), &input)
        .await
        .unwrap();
    assert_eq!(r.stats.requests, 20);
    let t = fake.times();
    assert_eq!(
        t.iter()
            .filter(|x| **x - start < Duration::from_millis(1))
            .count(),
        2
    );
    for (i, a) in t.iter().enumerate() {
        for (j, b) in t.iter().enumerate().skip(i) {
            let w = (*b - *a).as_secs_f64();
            assert!(
                (j - i + 1) as f64 <= 2.0 + 4.0 * w + 1e-6,
                "{} starts in {w} s",
                j - i + 1
            );
        }
    }
    // 20 requests: 2 from the bucket, 18 paced: the last starts at 4.5 s, not 4.75 s.
    assert!(
        t[19] - start <= Duration::from_millis(4510),
        "{:?}",
        t[19] - start
    );
}

/// Two languages at once through one backend: with a shared pace the configured rate and
/// concurrency hold for both together; each alone would start at t = 0.
#[tokio::test(start_paused = true)]
async fn runs_sharing_a_pace_keep_one_rate_and_concurrency_between_them() {
    let mut l = limits(1, 2);
    l.requests_per_second = Some(4.0);
    l.burst = Some(1);
    let fake = Arc::new(Fake {
        latency: Duration::from_millis(600),
        ..Arc::into_inner(Fake::ok("fake", l)).unwrap()
    });
    let pace = SharedPace::for_backend(&*fake);
    let input = segs(&["一", "二", "三", "四", "五", "六"]);
    let run = |lang: &'static str| {
        let sched = Scheduler::new(fake.clone()).with_shared_pace(pace.clone(), None);
        let mut c = RunConfig::new("zh", lang);
        c.jitter_seed = 1;
        let input = input.clone();
        async move { sched.run(&c, &input).await.unwrap() }
    };
    let (a, b) = tokio::join!(run("en"), run("fa"));
    assert_eq!(a.stats.translated + b.stats.translated, 12);
    let mut t = fake.times();
    t.sort();
    assert_eq!(t.len(), 12);
    for w in t.windows(2) {
        assert!(
            w[1] - w[0] >= Duration::from_millis(249),
            "{:?}",
            w[1] - w[0]
        );
    }
    // Never more than 2 in flight: a call starts only once the one two before it is done.
    for w in t.windows(3) {
        assert!(
            w[2] - w[0] >= Duration::from_millis(600),
            "{:?}",
            w[2] - w[0]
        );
    }
}

#[tokio::test(start_paused = true)]
async fn unsupported_pair_fails_before_any_request() {
    let fake = Fake::ok("fake", limits(1, 1));
    let err = Scheduler::new(fake.clone())
        .run(&RunConfig::new("zh", "xx"), &segs(&["一"]))
        .await
        .unwrap_err();
    assert!(matches!(err, RunError::Unsupported(_)));
    assert!(fake.calls().is_empty());
}

#[tokio::test(start_paused = true)]
async fn characters_per_minute_budget_paces_large_requests() {
    let mut l = limits(1, 4);
    l.chars_per_minute = Some(600);
    let fake = Fake::ok("fake", l);
    let big = |c: char| std::iter::repeat_n(c, 300).collect::<String>();
    let input: Vec<Segment> = ['一', '二', '三', '四']
        .iter()
        .enumerate()
        .map(|(i, c)| seg(&format!("ep#{i}"), &big(*c)))
        .collect();
    let start = Instant::now();
    let r = Scheduler::new(fake.clone())
        .run(&cfg(), &input)
        .await
        .unwrap();
    assert_eq!(r.stats.translated, 4);
    let mut offsets: Vec<u64> = fake
        .times()
        .iter()
        .map(|t| (*t - start).as_secs())
        .collect();
    offsets.sort();
    // One minute of capacity up front, then 300 characters every 30 s.
    assert_eq!(offsets, [0, 0, 30, 60]);
}

#[tokio::test(start_paused = true)]
async fn abort_abandons_requests_in_flight() {
    let slow = Arc::new(Fake {
        kind: "slow",
        limits: limits(1, 2),
        rule: Box::new(|_, _| None),
        calls: Mutex::new(Vec::new()),
        count: AtomicUsize::new(0),
        latency: Duration::from_secs(30),
    });
    let cancel = Cancel::new();
    let sched = Scheduler::new(slow.clone()).with_cancel(cancel.clone());
    let input = segs(&["一", "二", "三"]);
    let aborter = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(1)).await;
        cancel.abort();
    });
    let start = Instant::now();
    let r = sched.run(&cfg(), &input).await.unwrap();
    aborter.await.unwrap();
    assert!(Instant::now() - start < Duration::from_secs(5));
    assert_eq!(slow.calls().len(), 2);
    assert!(r.outcomes.iter().all(|o| *o
        == SegmentOutcome::Failed {
            reason: FailReason::NotSent(StopReason::Cancelled)
        }));
}

#[tokio::test(start_paused = true)]
async fn dry_run_plans_after_memory_and_dedupe_without_sending() {
    let mem: Arc<dyn MemoryStore> = Arc::new(SqliteMemory::open_in_memory().unwrap());
    let fake = Fake::ok("fake", limits(2, 1));
    let sched = Scheduler::new(fake.clone()).with_memory(mem);
    sched.run(&cfg(), &segs(&["一"])).await.unwrap();
    let plan = sched
        .plan(&cfg(), &segs(&["一", "二二", "二二", "三三三", "一"]))
        .await
        .unwrap();
    assert_eq!(fake.calls().len(), 1);
    assert_eq!(plan.segments, 5);
    assert_eq!(plan.distinct, 3);
    assert_eq!(plan.memory_hits, 2);
    assert_eq!(plan.deduplicated, 1);
    assert_eq!(plan.to_send, 2);
    assert_eq!(plan.chars, 5);
    assert_eq!(plan.requests, 1);
}
