//! Timing rules: cue order, zero or negative duration, minimum and maximum duration, overlaps and
//! minimum gaps.
//!
//! Gaps and overlaps are measured between cues in the same lane: screen region (bottom, middle,
//! top: `{\an8}`, a top-aligned ASS style, WebVTT `line:0`) and ASS layer, as `platform::screen`
//! works them out for `fix` too. An overlap with a cue elsewhere on screen, or with one placed by
//! `\pos`, is reported as a warning only, since a sign over dialogue can be intended. Out-of-order is not reported for ASS, whose event order carries
//! no meaning (renderers sort by time; typesetters group events by style).

use super::{FindingCue, Sink, args};
use crate::diag::{Severity, rules};
use crate::model::{Cue, Format, Fps, Track};
use crate::platform::frames::FpsDisplay;
use crate::platform::limits::{Limits, Span};
use crate::platform::screen::{Lane, StyleRegions};

pub(super) fn check(
    track: &Track,
    shown: &[(usize, &Cue)],
    limits: &Limits,
    fps: Fps,
    sink: &mut Sink,
) {
    let min_dur = (limits.min_duration.copied())
        .filter(|_| sink.on(rules::TIMING_MIN_DURATION))
        .map(|s| (s, s.to_ms(fps)));
    let max_dur = (limits.max_duration.copied())
        .filter(|_| sink.on(rules::TIMING_MAX_DURATION))
        .map(|s| (s, s.to_ms(fps)));
    let check_order = track.format != Some(Format::Ass) && sink.on(rules::TIMING_OUT_OF_ORDER);
    let zero = sink.on(rules::TIMING_ZERO_DURATION);
    let mut prev: Option<(&Cue, FindingCue)> = None;
    for &(index, cue) in shown {
        let at = FindingCue::new(index, cue);
        if check_order {
            if let Some((p, pat)) = prev.filter(|(p, _)| cue.start < p.start) {
                sink.emit(
                    rules::TIMING_OUT_OF_ORDER,
                    None,
                    at,
                    args![
                        ("start_ms", cue.start.ms().to_string()),
                        ("prev_cue", pat.id.to_string()),
                        ("prev_start", p.start.fmt_clock(',')),
                        ("prev_start_ms", p.start.ms().to_string()),
                    ],
                );
            }
            prev = Some((cue, at));
        }
        let dur = cue.duration_ms();
        if dur <= 0 {
            if !zero {
                continue;
            }
            sink.emit(
                rules::TIMING_ZERO_DURATION,
                None,
                at,
                args![("duration_ms", dur.to_string())],
            );
            continue;
        }
        if let Some((span, min)) = min_dur.filter(|&(_, min)| dur < min) {
            let mut args = args![
                ("duration_ms", dur.to_string()),
                ("min_ms", min.to_string()),
            ];
            frame_args(span, fps, &mut args, "min_frames");
            sink.emit_limit(rules::TIMING_MIN_DURATION, &limits.min_duration, at, args);
        }
        if let Some((span, max)) = max_dur.filter(|&(_, max)| dur > max) {
            let mut args = args![
                ("duration_ms", dur.to_string()),
                ("max_ms", max.to_string()),
            ];
            frame_args(span, fps, &mut args, "max_frames");
            sink.emit_limit(rules::TIMING_MAX_DURATION, &limits.max_duration, at, args);
        }
    }
    sequence(track, shown, limits, fps, sink);
}

/// Adds the frame form of a frame-based limit (`min_frames`, `fps`) to the arguments.
fn frame_args(span: Span, fps: Fps, args: &mut Vec<(String, String)>, key: &'static str) {
    if let Span::Frames(n) = span {
        args.push((key.to_string(), n.to_string()));
        args.push(("fps".to_string(), FpsDisplay(fps).to_string()));
    }
}

/// Overlaps and gaps, in time order. Gaps and overlaps are measured within a lane; an overlap
/// with a cue elsewhere on screen (a top sign over dialogue, a `\pos` sign) is still reported,
/// capped at warning, because many platforms and players show one event at a time. Identical
/// events stacked on different layers (an ASS sign drawn in two layers) are one event.
///
/// Where file order matters (not ASS), a cue that starts before the one written before it opens
/// a new run: it is reported as out of order, and runs are not compared with each other. A file
/// whose timeline restarts (episodes joined into one file) then gets one finding per restart
/// instead of every cue of one episode overlapping a cue of the other.
fn sequence(track: &Track, shown: &[(usize, &Cue)], limits: &Limits, fps: Fps, sink: &mut Sink) {
    let timed = timed_runs(track, shown);
    let gap_rules = GapRules {
        min_gap: (limits.min_gap.copied())
            .filter(|_| sink.on(rules::TIMING_MIN_GAP))
            .map(|s| (s, s.to_ms(fps))),
        overlaps: sink.on(rules::TIMING_OVERLAP),
        may_abut: limits.gap_may_abut.copied().unwrap_or(false),
        limits,
        fps,
    };
    // Per lane: the cue that ends last so far.
    let mut lanes: Vec<(Lane, i64, FindingCue)> = Vec::new();
    // Over all lanes: the cue that ends last so far.
    let mut latest: Option<(i64, FindingCue, &Cue)> = None;
    let mut current_run = 0;
    for (run, lane, index, cue) in timed {
        if run != current_run {
            current_run = run;
            lanes.clear();
            latest = None;
        }
        let at = FindingCue::new(index, cue);
        let overlapped = match lane {
            Some(l) => gap_rules.same_lane(&mut lanes, l, cue, at, sink),
            None => false,
        };
        if let Some(last) = latest
            && gap_rules.overlaps
            && !overlapped
        {
            other_lane_overlap(last, cue, at, sink);
        }
        if latest.is_none_or(|(end, _, _)| cue.end.ms() > end) {
            latest = Some((cue.end.ms(), at, cue));
        }
    }
}

/// The cues with a duration, each with its run (a new run starts where a cue starts before the
/// one written before it, in formats where file order matters), its lane and its index, sorted
/// by run, then time, then index.
fn timed_runs<'c>(
    track: &Track,
    shown: &[(usize, &'c Cue)],
) -> Vec<(u32, Option<Lane>, usize, &'c Cue)> {
    let styles = StyleRegions::new(track);
    let file_order = track.format != Some(Format::Ass);
    let mut run = 0u32;
    let mut prev_start = None;
    let mut timed: Vec<(u32, Option<Lane>, usize, &Cue)> = Vec::with_capacity(shown.len());
    for &(i, c) in shown {
        if file_order && prev_start.is_some_and(|p| c.start < p) {
            run += 1;
        }
        prev_start = Some(c.start);
        if c.duration_ms() > 0 {
            timed.push((run, Lane::of(c, &styles), i, c));
        }
    }
    timed.sort_by_key(|(run, _, i, c)| (*run, c.start, c.end, *i));
    timed
}

/// What `sequence` checks between cues of one lane, from the profile and the enabled rules.
struct GapRules<'a> {
    /// The minimum gap as the profile gives it and in milliseconds; `None` when off.
    min_gap: Option<(Span, i64)>,
    overlaps: bool,
    may_abut: bool,
    limits: &'a Limits,
    fps: Fps,
}

impl GapRules<'_> {
    /// `cue` against the last-ending cue of its lane: an overlap, or a gap under the minimum.
    /// Returns whether an overlap was reported; the lane's last cue is updated.
    fn same_lane(
        &self,
        lanes: &mut Vec<(Lane, i64, FindingCue)>,
        lane: Lane,
        cue: &Cue,
        at: FindingCue,
        sink: &mut Sink,
    ) -> bool {
        let Some((_, last_end, last)) = lanes.iter_mut().find(|(x, _, _)| *x == lane) else {
            lanes.push((lane, cue.end.ms(), at));
            return false;
        };
        let mut overlapped = false;
        let gap = cue.start.ms().saturating_sub(*last_end);
        if gap < 0 && self.overlaps {
            overlapped = true;
            let overlap = (*last_end).min(cue.end.ms()).saturating_sub(cue.start.ms());
            sink.emit(
                rules::TIMING_OVERLAP,
                None,
                at,
                args![
                    ("other", last.id.to_string()),
                    ("overlap_ms", overlap.to_string()),
                    ("region", "same".to_string()),
                ],
            );
        } else if let Some((span, min)) = self.min_gap
            && gap >= 0
            && gap < min
            && !(gap == 0 && self.may_abut)
        {
            let mut args = args![
                ("gap_ms", gap.to_string()),
                ("min_ms", min.to_string()),
                ("prev_cue", last.id.to_string()),
            ];
            if matches!(span, Span::Frames(_)) {
                args.push(("gap_frames".to_string(), frames_display(gap, self.fps)));
            }
            frame_args(span, self.fps, &mut args, "min_frames");
            sink.emit_limit(rules::TIMING_MIN_GAP, &self.limits.min_gap, at, args);
        }
        if cue.end.ms() > *last_end {
            *last_end = cue.end.ms();
            *last = at;
        }
        overlapped
    }
}

/// `cue` against the last-ending cue of any lane (`latest`): an overlap with a cue elsewhere on
/// screen, capped at warning. The same event stacked on another ASS layer is not one.
fn other_lane_overlap(
    (end, other_at, other): (i64, FindingCue, &Cue),
    cue: &Cue,
    at: FindingCue,
    sink: &mut Sink,
) {
    if cue.start.ms() < end
        && !(other.start == cue.start && other.end == cue.end && layer(other) != layer(cue))
    {
        let overlap = end.min(cue.end.ms()).saturating_sub(cue.start.ms());
        sink.emit_capped(
            rules::TIMING_OVERLAP,
            Severity::Warning,
            at,
            args![
                ("other", other_at.id.to_string()),
                ("overlap_ms", overlap.to_string()),
                ("region", "other".to_string()),
            ],
        );
    }
}

/// A gap in frames for display, truncated to two decimals so a gap just under the limit never
/// shows as the limit (80 ms @24 fps = 1.92 frames).
fn frames_display(ms: i64, fps: Fps) -> String {
    if fps.den == 0 {
        return "0".to_string();
    }
    let hundredths = i128::from(ms) * i128::from(fps.num) * 100 / (1000 * i128::from(fps.den));
    let s = format!("{}.{:02}", hundredths / 100, (hundredths % 100).abs());
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn layer(cue: &Cue) -> i32 {
    cue.meta().map_or(0, |m| m.layer)
}

#[cfg(test)]
mod tests {
    use crate::check::tests::{find, limits, run, track};
    use crate::diag::rules;
    use crate::model::{CueMeta, Effect, Fps, Inline, Style, Tag, TagSyntax};

    #[test]
    fn zero_and_negative_duration() {
        let t = track(&[(0, 0, "a"), (1000, 900, "b"), (2000, 3000, "c")]);
        let d = run(&t, &limits("netflix", "en"));
        let z = find(&d, rules::TIMING_ZERO_DURATION);
        assert_eq!(z.len(), 2);
        assert_eq!(z[0].cue, Some(1));
        assert_eq!(z[0].get_arg("duration_ms"), Some("0"));
        assert_eq!(z[1].cue, Some(2));
        assert_eq!(z[1].get_arg("duration_ms"), Some("-100"));
        // Not also reported as too short.
        assert!(find(&d, rules::TIMING_MIN_DURATION).is_empty());
    }

    #[test]
    fn min_duration_at_and_below_the_limit() {
        // Netflix: 833 ms (5/6 s).
        let l = limits("netflix", "en");
        let at = track(&[(0, 833, "Hi")]);
        assert!(find(&run(&at, &l), rules::TIMING_MIN_DURATION).is_empty());
        let under = track(&[(0, 832, "Hi")]);
        let d = run(&under, &l);
        let f = find(&d, rules::TIMING_MIN_DURATION);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].get_arg("duration_ms"), Some("832"));
        assert_eq!(f[0].get_arg("min_ms"), Some("833"));
        let e = crate::check::limit_entry(&l, f[0].rule).unwrap();
        assert_eq!(e.status, crate::platform::Evidence::Doc);
        assert_eq!(e.source.as_deref(), Some("nf-gen"));
        assert_eq!(f[0].severity, crate::diag::Severity::Error);
        // Filmhub: 800 ms.
        let l = limits("filmhub", "en");
        assert!(
            find(
                &run(&track(&[(0, 800, "Hi")]), &l),
                rules::TIMING_MIN_DURATION
            )
            .is_empty()
        );
        assert_eq!(
            find(
                &run(&track(&[(0, 799, "Hi")]), &l),
                rules::TIMING_MIN_DURATION
            )
            .len(),
            1
        );
    }

    #[test]
    fn max_duration_at_and_above_the_limit() {
        let l = limits("netflix", "en");
        let long = "This is a line that is long enough for seven.";
        assert!(
            find(
                &run(&track(&[(0, 7000, long)]), &l),
                rules::TIMING_MAX_DURATION
            )
            .is_empty()
        );
        let d = run(&track(&[(0, 7001, long)]), &l);
        let f = find(&d, rules::TIMING_MAX_DURATION);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].get_arg("max_ms"), Some("7000"));
        assert_eq!(f[0].get_arg("duration_ms"), Some("7001"));
        // Viki allows 8 s.
        let l = limits("viki", "en");
        assert!(
            find(
                &run(&track(&[(0, 8000, long)]), &l),
                rules::TIMING_MAX_DURATION
            )
            .is_empty()
        );
        // The BBC states no duration limits.
        let l = limits("bbc_online", "en");
        assert!(
            find(
                &run(&track(&[(0, 20000, long)]), &l),
                rules::TIMING_MAX_DURATION
            )
            .is_empty()
        );
    }

    #[test]
    fn min_gap_in_frames_at_each_rate() {
        let l = limits("netflix", "en");
        // 2 frames: 83 ms @24, 80 @25, 66 @29.97.
        for (fps, ok_gap) in [
            (Fps { num: 24, den: 1 }, 83),
            (Fps { num: 25, den: 1 }, 80),
            (
                Fps {
                    num: 30000,
                    den: 1001,
                },
                66,
            ),
        ] {
            let mut t = track(&[(0, 1000, "One"), (1000 + ok_gap, 2500, "Two")]);
            t.fps = Some(fps);
            assert!(
                find(&run(&t, &l), rules::TIMING_MIN_GAP).is_empty(),
                "{fps:?}"
            );
            let mut t = track(&[(0, 1000, "One"), (1000 + ok_gap - 1, 2500, "Two")]);
            t.fps = Some(fps);
            let d = run(&t, &l);
            let f = find(&d, rules::TIMING_MIN_GAP);
            assert_eq!(f.len(), 1, "{fps:?}");
            assert_eq!(f[0].cue, Some(2));
            assert_eq!(
                f[0].get_arg("gap_ms"),
                Some((ok_gap - 1).to_string().as_str())
            );
            assert_eq!(f[0].get_arg("min_ms"), Some(ok_gap.to_string().as_str()));
            assert_eq!(f[0].get_arg("min_frames"), Some("2"));
            assert_eq!(f[0].get_arg("prev_cue"), Some("1"));
            let frames: f64 = f[0].get_arg("gap_frames").unwrap().parse().unwrap();
            assert!(frames < 2.0 && frames > 1.9, "{frames}");
        }
        // Without a file rate, the profile's (24 fps).
        let t = track(&[(0, 1000, "One"), (1082, 2500, "Two")]);
        assert_eq!(
            find(&run(&t, &l), rules::TIMING_MIN_GAP)[0].get_arg("fps"),
            Some("24")
        );
        // Abutting cues break a 2-frame rule.
        let t = track(&[(0, 1000, "One"), (1000, 2500, "Two")]);
        assert_eq!(find(&run(&t, &l), rules::TIMING_MIN_GAP).len(), 1);
    }

    #[test]
    fn bbc_gap_may_abut_but_a_left_gap_is_one_second() {
        let l = limits("bbc_online", "en");
        let ok = track(&[(0, 1000, "One"), (1000, 2500, "Two"), (3500, 5000, "Three")]);
        assert!(find(&run(&ok, &l), rules::TIMING_MIN_GAP).is_empty());
        let bad = track(&[(0, 1000, "One"), (1999, 2500, "Two")]);
        let d = run(&bad, &l);
        let f = find(&d, rules::TIMING_MIN_GAP);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].get_arg("gap_ms"), Some("999"));
        assert_eq!(f[0].get_arg("min_ms"), Some("1000"));
        assert_eq!(f[0].get_arg("min_frames"), None);
    }

    #[test]
    fn overlap_reported_on_the_later_cue() {
        let l = limits("netflix", "en");
        let t = track(&[(0, 2000, "One"), (1500, 3000, "Two"), (3100, 4000, "Three")]);
        let d = run(&t, &l);
        let f = find(&d, rules::TIMING_OVERLAP);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].cue, Some(2));
        assert_eq!(f[0].get_arg("other"), Some("1"));
        assert_eq!(f[0].get_arg("overlap_ms"), Some("500"));
        // Exactly touching is not an overlap (it is a gap of 0).
        let t = track(&[(0, 2000, "One"), (2000, 3000, "Two")]);
        assert!(find(&run(&t, &l), rules::TIMING_OVERLAP).is_empty());
        // A cue inside a long one overlaps by its own length.
        let t = track(&[(0, 5000, "One"), (1000, 2000, "Two")]);
        assert_eq!(
            find(&run(&t, &l), rules::TIMING_OVERLAP)[0].get_arg("overlap_ms"),
            Some("1000")
        );
    }

    #[test]
    fn overlaps_elsewhere_on_screen_only_warn() {
        use crate::diag::Severity;
        let l = limits("netflix", "en");
        let mut t = track(&[
            (0, 3000, "Dialogue"),
            (500, 2500, "SIGN"),
            (600, 2000, "Pos"),
        ]);
        let tag = |e: Effect, raw: &str| {
            Inline::tag(Tag {
                syntax: TagSyntax::Ass,
                raw: raw.into(),
                effects: vec![e],
            })
        };
        t.cues[1]
            .text
            .inlines_mut()
            .insert(0, tag(Effect::Alignment(8), "{\\an8}"));
        t.cues[2]
            .text
            .inlines_mut()
            .insert(0, tag(Effect::Position(10, 10), "{\\pos(10,10)}"));
        let d = run(&t, &l);
        let f = find(&d, rules::TIMING_OVERLAP);
        assert_eq!(f.len(), 2);
        for x in &f {
            assert_eq!(x.severity, Severity::Warning);
            assert_eq!(x.get_arg("region"), Some("other"));
            assert_eq!(x.get_arg("other"), Some("1"));
        }
        assert_eq!(f[0].get_arg("overlap_ms"), Some("2000"));
        // Neither the sign nor the positioned cue counts for gaps of the dialogue lane.
        assert!(find(&d, rules::TIMING_MIN_GAP).is_empty());
        // A top-aligned ASS style counts as the top region too.
        let mut t = track(&[(0, 3000, "Dialogue"), (500, 2500, "SIGN")]);
        t.styles.push(Style {
            name: "Sign".into(),
            fields: vec![
                ("Alignment".into(), "8".into()),
                ("OutlineColour".into(), "&H0".into()),
            ],
        });
        t.cues[1].meta_mut().style = Some("Sign".into());
        let d = run(&t, &l);
        assert_eq!(
            find(&d, rules::TIMING_OVERLAP)[0].severity,
            Severity::Warning
        );
        // Same region: an error.
        let t = track(&[(0, 3000, "A"), (500, 2500, "B")]);
        let d = run(&t, &l);
        assert_eq!(find(&d, rules::TIMING_OVERLAP)[0].severity, Severity::Error);
        assert_eq!(
            find(&d, rules::TIMING_OVERLAP)[0].get_arg("region"),
            Some("same")
        );
        // WebVTT line:0 is the top.
        let mut t = track(&[(0, 3000, "A"), (500, 2500, "B")]);
        t.cues[1].meta_mut().settings = Some("line:0 align:center".into());
        assert_eq!(
            find(&run(&t, &l), rules::TIMING_OVERLAP)[0].severity,
            Severity::Warning
        );
        // One sign drawn on two layers at the same times is one event.
        let mut t = track(&[(0, 3000, "SIGN"), (0, 3000, "SIGN")]);
        t.cues[1].meta = Some(std::sync::Arc::new(CueMeta {
            layer: 1,
            ..CueMeta::default()
        }));
        assert!(find(&run(&t, &l), rules::TIMING_OVERLAP).is_empty());
        // On the same layer it is a duplicate.
        let t = track(&[(0, 3000, "SIGN"), (0, 3000, "SIGN")]);
        assert_eq!(find(&run(&t, &l), rules::TIMING_OVERLAP).len(), 1);
    }

    #[test]
    fn out_of_order_except_in_ass() {
        let l = limits("netflix", "en");
        let t = track(&[(5000, 6000, "B"), (1000, 2000, "A")]);
        let d = run(&t, &l);
        let f = find(&d, rules::TIMING_OUT_OF_ORDER);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].cue, Some(2));
        assert_eq!(f[0].get_arg("prev_cue"), Some("1"));
        assert_eq!(f[0].get_arg("prev_start"), Some("00:00:05,000"));
        // Sorted by time, they neither overlap nor sit too close.
        assert!(find(&d, rules::TIMING_OVERLAP).is_empty());
        let mut t = track(&[(5000, 6000, "B"), (1000, 2000, "A")]);
        t.format = Some(crate::model::Format::Ass);
        assert!(find(&run(&t, &l), rules::TIMING_OUT_OF_ORDER).is_empty());
        // Same start is not out of order.
        let t = track(&[(1000, 2000, "A"), (1000, 2000, "B")]);
        assert!(find(&run(&t, &l), rules::TIMING_OUT_OF_ORDER).is_empty());
    }

    #[test]
    fn a_restarted_timeline_is_one_finding() {
        let l = limits("netflix", "en");
        // Two "episodes" joined: the second restarts at 0.
        let t = track(&[
            (0, 1000, "a1"),
            (2000, 3000, "a2"),
            (4000, 5000, "a3"),
            (100, 1100, "b1"),
            (2100, 3100, "b2"),
            (4100, 5100, "b3"),
        ]);
        let d = run(&t, &l);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].rule, rules::TIMING_OUT_OF_ORDER);
        assert_eq!(d[0].cue, Some(4));
        // In ASS, event order means nothing: the same events overlap.
        let mut t = t;
        t.format = Some(crate::model::Format::Ass);
        assert_eq!(find(&run(&t, &l), rules::TIMING_OVERLAP).len(), 3);
    }

    #[test]
    fn comments_and_drawings_are_skipped() {
        let l = limits("netflix", "en");
        let mut t = track(&[(0, 2000, "One"), (100, 150, "note"), (300, 400, "")]);
        t.cues[1].meta_mut().kind = crate::model::CueKind::Comment;
        t.cues[2].text = crate::model::RichText::new(vec![Inline::Drawing("m 0 0 l 10 10".into())]);
        let d = run(&t, &l);
        assert!(d.is_empty(), "{d:?}");
    }
}
