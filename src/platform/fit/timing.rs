//! Timing fixes that cannot change meaning: only a cue's end moves, and its start only when
//! `retime` allows it. Applied in passes, each respecting what the earlier ones established:
//!
//! 1. cap durations over the maximum (the end comes in);
//! 2. overlaps and gaps below the minimum, per lane (screen region and ASS layer, as `check`
//!    measures them): the earlier cue's end is pulled back to `next.start - min_gap`; where cues
//!    may abut (BBC: a gap left must be at least 1 s, otherwise none) a short gap is closed by
//!    extending the earlier cue to the next one instead. When pulling back would leave the
//!    earlier cue shorter than the minimum duration, the pair is reported (or, with `retime`,
//!    the later cue's start moves);
//! 3. too-short cues are extended into free time, never past `next.start - min_gap` in their
//!    lane, never onto a cue of another lane they did not already overlap, never past the
//!    maximum duration;
//! 4. cues that read too fast (CPS over the maximum) are extended the same way; with `retime`
//!    their start may also move earlier into free time;
//! 5. optionally (`chain_gaps_ms`), Netflix's chaining: a gap up to the threshold (half a
//!    second, 12 frames at 24 fps) is closed to the minimum gap by extending the earlier cue.
//!    Off by default, because `check` does not require it and it touches most cues of a file.
//!
//! Whatever still breaks a limit is reported, never forced. A second run changes nothing: every
//! pass only moves a time towards a target computed from the same neighbours.

use super::{Change, Field, FixOutcome, Unfixable, Value};
use crate::diag::rules;
use crate::model::{Timestamp, Track};
use crate::platform::screen::{Lane, StyleRegions, is_shown};

/// Not a check rule: the change id of Netflix-style chaining (pass 5).
pub const TIMING_CHAIN: &str = "timing-chain";

/// Timing limits in milliseconds (frame-based limits already converted with the track's rate).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TimingLimits {
    pub min_duration_ms: Option<i64>,
    pub max_duration_ms: Option<i64>,
    pub min_gap_ms: Option<i64>,
    /// Cues may touch (gap 0) even though a gap that is left must reach `min_gap_ms`.
    pub gap_may_abut: bool,
    /// Close gaps up to this long to `min_gap_ms` by extending the earlier cue (Netflix chaining).
    pub chain_gaps_ms: Option<i64>,
    /// Reading speed limit in counted characters per second.
    pub max_cps: Option<f64>,
    /// Whether start times may move (`--retime`).
    pub retime: bool,
}

/// Measured values of a report.
type Args = Vec<(&'static str, String)>;

/// Neighbour tables for one pass.
struct Order {
    /// Starts of the shown cues, ascending.
    starts: Vec<i64>,
    /// Ends of the shown cues, ascending.
    ends: Vec<i64>,
    /// By cue position: the next cue of the same lane in start order.
    next_same: Vec<Option<usize>>,
    /// By cue position: the earlier cue of the same lane that ends last.
    prev_same: Vec<Option<usize>>,
}

struct Fixer<'a> {
    track: &'a mut Track,
    lim: &'a TimingLimits,
    count: &'a dyn Fn(&str) -> f64,
    out: &'a mut FixOutcome,
    /// Shown cues with a positive duration.
    idx: Vec<usize>,
    lanes: Vec<Option<Lane>>,
}

/// Applies the timing fixes to `track`, recording changes and what could not be fixed.
/// `count` gives the counted characters of a cue's plain text (lines separated by `\n`).
pub fn fix_timing(
    track: &mut Track,
    lim: &TimingLimits,
    count: &dyn Fn(&str) -> f64,
    out: &mut FixOutcome,
) {
    let mut idx = Vec::new();
    let mut lanes = vec![None; track.cues.len()];
    let styles = StyleRegions::new(track);
    for (i, cue) in track.cues.iter().enumerate() {
        if !is_shown(cue) {
            continue;
        }
        if cue.duration_ms() <= 0 {
            out.unfixable.push(Unfixable::new(
                i,
                cue,
                rules::TIMING_ZERO_DURATION,
                vec![("duration_ms", cue.duration_ms().to_string())],
            ));
            continue;
        }
        if let Some(slot) = lanes.get_mut(i) {
            *slot = Lane::of(cue, &styles);
        }
        idx.push(i);
    }
    let mut f = Fixer {
        track,
        lim,
        count,
        out,
        idx,
        lanes,
    };
    f.cap_durations();
    f.gaps_and_overlaps();
    f.min_durations();
    f.reading_speed();
    f.chain();
    f.verify();
}

impl Fixer<'_> {
    fn start(&self, i: usize) -> i64 {
        self.track.cues.get(i).map_or(0, |c| c.start.ms())
    }

    fn end(&self, i: usize) -> i64 {
        self.track.cues.get(i).map_or(0, |c| c.end.ms())
    }

    fn lane_of(&self, i: usize) -> Option<Lane> {
        self.lanes.get(i).copied().flatten()
    }

    fn gap(&self) -> i64 {
        self.lim.min_gap_ms.unwrap_or(0).max(0)
    }

    fn min_dur(&self) -> i64 {
        self.lim.min_duration_ms.unwrap_or(1).max(1)
    }

    fn set(&mut self, i: usize, field: Field, ms: i64, rule: &'static str) {
        let Some(cue) = self.track.cues.get_mut(i) else {
            return;
        };
        let slot = match field {
            Field::Start => &mut cue.start,
            Field::End => &mut cue.end,
            Field::Text => return,
        };
        if slot.ms() == ms {
            return;
        }
        let old = *slot;
        *slot = Timestamp(ms);
        let cue_id = cue.id;
        self.out.changes.push(Change {
            index: i,
            cue: cue_id,
            field,
            rule,
            old: Value::Ms(old.ms()),
            new: Value::Ms(ms),
        });
    }

    fn report(&mut self, i: usize, rule: &'static str, args: Args) {
        if let Some(cue) = self.track.cues.get(i) {
            self.out.unfixable.push(Unfixable::new(i, cue, rule, args));
        }
    }

    /// Shown cues sorted by (start, end, position).
    fn by_start(&self) -> Vec<usize> {
        let mut v = self.idx.clone();
        v.sort_by_key(|&i| (self.start(i), self.end(i), i));
        v
    }

    fn cap_durations(&mut self) {
        let Some(max) = self.lim.max_duration_ms else {
            return;
        };
        for i in self.idx.clone() {
            if self.end(i).saturating_sub(self.start(i)) > max {
                let to = self.start(i).saturating_add(max);
                self.set(i, Field::End, to, rules::TIMING_MAX_DURATION);
            }
        }
    }

    fn violates(&self, gap: i64) -> bool {
        gap < 0 || (gap < self.gap() && !(gap == 0 && self.lim.gap_may_abut))
    }

    fn gaps_and_overlaps(&mut self) {
        let order = self.by_start();
        // Per lane: the cue that ends last so far.
        let mut last: Vec<(Lane, usize)> = Vec::new();
        for i in order {
            let Some(l) = self.lane_of(i) else { continue };
            let Some(pos) = last.iter().position(|(x, _)| *x == l) else {
                last.push((l, i));
                continue;
            };
            let Some(&(_, j)) = last.get(pos) else {
                continue;
            };
            let gap = self.start(i) - self.end(j);
            if self.violates(gap) {
                self.fix_pair(j, i, gap);
            }
            if self.end(i) > self.end(j)
                && let Some(slot) = last.get_mut(pos)
            {
                slot.1 = i;
            }
        }
    }

    /// Separates `j` (earlier) from `i` (later) whose gap is `gap`.
    fn fix_pair(&mut self, j: usize, i: usize, gap: i64) {
        let rule = if gap < 0 {
            rules::TIMING_OVERLAP
        } else {
            rules::TIMING_MIN_GAP
        };
        let next = self.start(i);
        let g = self.gap();
        let fits_max =
            |end: i64, s: &Self| s.lim.max_duration_ms.is_none_or(|m| end - s.start(j) <= m);
        let target = if self.lim.gap_may_abut && (gap < 0 || fits_max(next, self)) {
            next
        } else {
            next - g
        };
        if target - self.start(j) >= self.min_dur() {
            self.set(j, Field::End, target, rule);
            return;
        }
        if self.lim.retime {
            let j_end = self.end(j).min(self.start(j) + self.min_dur());
            let i_start = if self.lim.gap_may_abut {
                j_end
            } else {
                j_end + g
            };
            if i_start > next && self.end(i) - i_start >= self.min_dur() {
                self.set(j, Field::End, j_end, rule);
                self.set(i, Field::Start, i_start, rule);
            }
        }
    }

    /// Neighbours of every shown cue at this moment (recomputed per pass).
    fn order(&self) -> Order {
        let sorted = self.by_start();
        let n = self.track.cues.len();
        let mut next_same = vec![None; n];
        let mut prev_same = vec![None; n];
        // Per lane: the last cue seen and the one ending latest so far.
        let mut lanes: Vec<(Lane, usize, usize)> = Vec::new();
        for &i in &sorted {
            let Some(l) = self.lane_of(i) else { continue };
            match lanes.iter_mut().find(|(x, _, _)| *x == l) {
                None => lanes.push((l, i, i)),
                Some((_, last, latest)) => {
                    if let Some(slot) = next_same.get_mut(*last) {
                        *slot = Some(i);
                    }
                    if let Some(slot) = prev_same.get_mut(i) {
                        *slot = Some(*latest);
                    }
                    *last = i;
                    if self.end(i) > self.end(*latest) {
                        *latest = i;
                    }
                }
            }
        }
        let starts: Vec<i64> = sorted.iter().map(|&i| self.start(i)).collect();
        let mut ends: Vec<i64> = sorted.iter().map(|&i| self.end(i)).collect();
        ends.sort_unstable();
        Order {
            starts,
            ends,
            next_same,
            prev_same,
        }
    }

    /// The latest end `i` may reach aiming at `target`: never past the next cue of its lane
    /// less the minimum gap (or touching it, where cues may abut), never onto a cue of another
    /// lane it does not already overlap, never past the maximum duration, never earlier than
    /// its current end. Only ends move while this is used, so `o.starts` stays exact.
    fn reachable_end(&self, i: usize, target: i64, o: &Order) -> i64 {
        let (start, end) = (self.start(i), self.end(i));
        let mut limit = target;
        if let Some(max) = self.lim.max_duration_ms {
            limit = limit.min(start.saturating_add(max));
        }
        let first_after = o.starts.partition_point(|&s| s < end);
        if let Some(&s) = o.starts.get(first_after) {
            limit = limit.min(s);
        }
        if let Some(next) = o.next_same.get(i).copied().flatten() {
            let ns = self.start(next);
            if limit > ns - self.gap() {
                limit = if self.lim.gap_may_abut && limit >= ns {
                    ns
                } else {
                    ns - self.gap()
                };
            }
        }
        limit.max(end)
    }

    /// The earliest start `i` may reach aiming at `target` (mirror of `reachable_end`). Only
    /// starts move while this is used, so `o.ends` stays exact.
    fn reachable_start(&self, i: usize, target: i64, o: &Order) -> i64 {
        let (start, end) = (self.start(i), self.end(i));
        let mut limit = target.max(0);
        if let Some(max) = self.lim.max_duration_ms {
            limit = limit.max(end.saturating_sub(max));
        }
        let before = o.ends.partition_point(|&e| e <= start);
        if let Some(&e) = before.checked_sub(1).and_then(|b| o.ends.get(b)) {
            limit = limit.max(e);
        }
        if let Some(prev) = o.prev_same.get(i).copied().flatten() {
            let pe = self.end(prev);
            if limit < pe + self.gap() {
                limit = if self.lim.gap_may_abut && limit <= pe {
                    pe
                } else {
                    pe + self.gap()
                };
            }
        }
        limit.min(start)
    }

    /// Extends (then, with `retime`, moves the start of) every cue shorter than `need(i)`, and
    /// reports what is still short. Ends move in one sweep and starts in another, so each
    /// sweep's neighbour table stays exact.
    fn lengthen(&mut self, rule: &'static str, need: &dyn Fn(&Self, usize) -> Option<i64>) {
        let o = self.order();
        let short: Vec<(usize, i64)> = self
            .idx
            .iter()
            .filter_map(|&i| need(self, i).map(|n| (i, n)))
            .filter(|&(i, n)| self.end(i) - self.start(i) < n)
            .collect();
        for &(i, n) in &short {
            let to = self.reachable_end(i, self.start(i).saturating_add(n), &o);
            self.set(i, Field::End, to, rule);
        }
        if self.lim.retime {
            let o = self.order();
            for &(i, n) in &short {
                if self.end(i) - self.start(i) < n {
                    let from = self.reachable_start(i, self.end(i).saturating_sub(n), &o);
                    self.set(i, Field::Start, from, rule);
                }
            }
        }
    }

    fn min_durations(&mut self) {
        if let Some(min) = self.lim.min_duration_ms {
            self.lengthen(rules::TIMING_MIN_DURATION, &|_, _| Some(min));
        }
    }

    /// Milliseconds needed to read `chars` at `max` characters per second (the same
    /// comparison as `check`: too fast when `chars * 1000 > max * duration`).
    fn needed_ms(chars: f64, max: f64) -> Option<i64> {
        if !(max > 0.0 && chars > 0.0 && chars.is_finite()) {
            return None;
        }
        let mut ms = (chars * 1000.0 / max).ceil();
        if !(ms.is_finite() && ms < 1e15) {
            return None;
        }
        while chars * 1000.0 > max * ms {
            ms += 1.0;
        }
        Some(ms as i64)
    }

    /// Milliseconds each cue needs at the reading-speed limit (by cue position).
    fn reading_needs(&self) -> Vec<Option<i64>> {
        let count = self.count;
        match self.lim.max_cps {
            None => vec![None; self.track.cues.len()],
            Some(max) => self
                .track
                .cues
                .iter()
                .map(|c| Self::needed_ms(count(&c.text.to_plain()), max))
                .collect(),
        }
    }

    fn reading_speed(&mut self) {
        let needs = self.reading_needs();
        self.lengthen(rules::READING_SPEED, &|_, i| {
            needs.get(i).copied().flatten()
        });
    }

    /// Reports what still breaks a timing limit, measured on the final times the way `check`
    /// measures it (so a second run reports exactly the same).
    fn verify(&mut self) {
        let mut found: Vec<(usize, &'static str, Args)> = Vec::new();
        let mut last: Vec<(Lane, usize)> = Vec::new();
        for i in self.by_start() {
            let Some(l) = self.lane_of(i) else { continue };
            let Some(pos) = last.iter().position(|(x, _)| *x == l) else {
                last.push((l, i));
                continue;
            };
            let Some(&(_, j)) = last.get(pos) else {
                continue;
            };
            let gap = self.start(i) - self.end(j);
            if self.violates(gap) {
                let rule = if gap < 0 {
                    rules::TIMING_OVERLAP
                } else {
                    rules::TIMING_MIN_GAP
                };
                let other = self.track.cues.get(j).map_or(0, |c| c.id);
                found.push((
                    i,
                    rule,
                    vec![("other", other.to_string()), ("gap_ms", gap.to_string())],
                ));
            }
            if self.end(i) > self.end(j)
                && let Some(slot) = last.get_mut(pos)
            {
                slot.1 = i;
            }
        }
        let needs = self.reading_needs();
        for &i in &self.idx {
            let dur = self.end(i) - self.start(i);
            let short = [
                (rules::TIMING_MIN_DURATION, self.lim.min_duration_ms),
                (rules::READING_SPEED, needs.get(i).copied().flatten()),
            ];
            for (rule, need) in short {
                if let Some(n) = need.filter(|&n| dur < n) {
                    found.push((
                        i,
                        rule,
                        vec![
                            ("duration_ms", dur.to_string()),
                            ("needed_ms", n.to_string()),
                        ],
                    ));
                }
            }
        }
        for (i, rule, args) in found {
            self.report(i, rule, args);
        }
    }

    fn chain(&mut self) {
        let Some(threshold) = self.lim.chain_gaps_ms else {
            return;
        };
        let g = self.gap();
        let o = self.order();
        for j in self.by_start() {
            let Some(i) = o.next_same.get(j).copied().flatten() else {
                continue;
            };
            let gap = self.start(i) - self.end(j);
            let target = if self.lim.gap_may_abut {
                self.start(i)
            } else {
                self.start(i) - g
            };
            if gap > 0 && gap <= threshold && target > self.end(j) {
                let to = self.reachable_end(j, target, &o);
                self.set(j, Field::End, to, TIMING_CHAIN);
            }
        }
    }
}
