//! Line breaking: lays a cue's text out on at most `max_lines` lines of at most
//! `max_chars_per_line` counted characters, the way subtitle style guides ask.
//!
//! - Break opportunities come from the Unicode line-breaking algorithm (UAX #14, through
//!   `textwrap`, whose `unicode-linebreak-complex` feature adds dictionary word breaks for Thai,
//!   Lao, Khmer and Burmese). In scripts written with spaces a line only breaks at a space, so a
//!   word is never split (no break after `/` or inside `and/or`); a Persian ZWNJ is never a
//!   break. Chinese and Japanese may break between characters, but never before closing
//!   punctuation or small kana, nor after opening brackets (kinsoku).
//! - The text fits on one line if it can (Netflix: "usually kept to one line"). Otherwise the
//!   fewest lines, chosen by a cost: after sentence punctuation is best, then after a comma or
//!   other clause punctuation, then before a conjunction or preposition; a line should not end
//!   on an article, preposition, subject pronoun or auxiliary, nor separate a first from a last
//!   name; the shape is balanced and bottom-heavy (second line at least as long as the first
//!   when the choice is free: Netflix's "pyramid"). Linguistic reasons outweigh geometry (BBC).
//! - Chinese has no spaces and no word dictionary here, so the cost prefers, in this order:
//!   after punctuation or a space; between a Han character and a letter or digit of another
//!   script; after a sentence particle or 的/了 and before a preposition, conjunction or adverb
//!   that opens a phrase (和 在 把 被 让 给 是 就 也 都), unless the character before it makes
//!   a word with it (但是, 现在, 交给); only then between any two characters. Japanese prefers
//!   the end of a particle run before kanji or katakana.
//! - Protected words (`BreakLimits::keep_together`: glossary terms and their renderings,
//!   speaker names) are never split, like a word of a spaced script: a layout that fits only
//!   by splitting one is refused (one more line is taken if allowed, else the text is reported
//!   as not fitting), and breaking inside one costs more than any overflow in a best effort.
//! - Dialogue (`- A` / `- B`): each speaker keeps a line of their own; turns are never merged.
//! - A text that cannot fit is laid out as well as possible over `max_lines` lines and reported
//!   with `fits = false`. Nothing is cut: only the spaces at break points change.
//!
//! Existing line breaks are first joined (a space in spaced scripts, nothing between CJK
//! characters), then the joined text is broken again. Both steps are edits on the plain text,
//! applied to rich text through `edit`, so markup stays attached to its words.

use textwrap::WordSeparator;

use super::breakcost::break_cost;
use super::edit::{self, Edit, Place};
use super::join::{has_text, is_dash, line_spans, plan_joins};
use super::script::{NO_LINE_END, NO_LINE_START, is_break_space, is_unspaced};
use super::words::{Words, words_for};
use crate::model::RichText;
use crate::platform::count::is_invisible;

/// What a laid-out text must fit in, and how its characters are counted.
pub struct BreakLimits<'a> {
    pub max_chars_per_line: f64,
    pub max_lines: u32,
    /// Counted length of one line (e.g. `|l| count::count_line(l, mode)`).
    pub count: &'a dyn Fn(&str) -> f64,
    /// Words and names no line may break inside (glossary forms for the text's language,
    /// speaker names). Matched exactly, and case-insensitively where lowercasing keeps byte
    /// offsets; forms shorter than two characters are ignored.
    pub keep_together: &'a [String],
    /// For a profile with a canvas: each line's rendered width must also fit (`None`: characters
    /// only).
    pub pixels: Option<Pixels<'a>>,
}

/// A width limit in pixels, with the function that measures a line (a shaped width at the
/// track's font size, `typeset::Measurer`).
#[derive(Clone, Copy)]
pub struct Pixels<'a> {
    pub measure: &'a dyn Fn(&str) -> f64,
    pub max_width: f64,
}

impl BreakLimits<'_> {
    /// Whether one line (no `\n` inside) fits both the character and the pixel limit.
    pub fn line_fits(&self, line: &str) -> bool {
        (self.count)(line) <= self.max_chars_per_line
            && self.pixels.is_none_or(|p| (p.measure)(line) <= p.max_width)
    }
}

/// A plain text laid out in lines.
#[derive(Debug, Clone, PartialEq)]
pub struct BreakResult {
    pub lines: Vec<String>,
    /// False when the text cannot fit the limits; `lines` is then the best effort.
    pub fits: bool,
}

/// A rich text laid out in lines.
#[derive(Debug, Clone, PartialEq)]
pub struct RichBreak {
    pub text: RichText,
    pub fits: bool,
}

/// Lays out plain text (lines separated by `\n`; markup already removed).
pub fn break_text(text: &str, lang: &str, limits: &BreakLimits<'_>) -> BreakResult {
    let joins = plan_joins(text);
    let joined = edit::apply_str(text, &joins);
    let (breaks, fits) = plan_breaks(&joined, lang, limits);
    let out = edit::apply_str(&joined, &breaks);
    BreakResult {
        lines: out.split('\n').map(str::to_string).collect(),
        fits,
    }
}

/// Lays out rich text, keeping every tag next to the word it was next to.
pub fn break_rich(text: &RichText, lang: &str, limits: &BreakLimits<'_>) -> RichBreak {
    let plain = text.to_plain();
    let joins = plan_joins(&plain);
    let joined = edit::apply_str(&plain, &joins);
    let (breaks, fits) = plan_breaks(&joined, lang, limits);
    let step = edit::apply_rich(text, &joins);
    RichBreak {
        text: edit::apply_rich(&step, &breaks),
        fits,
    }
}

/// Whether plain text already fits: at most `max_lines` lines (blank lines before the first
/// and after the last text line take no room) and no line over `max_chars_per_line`.
pub fn fits(plain: &str, limits: &BreakLimits<'_>) -> bool {
    let lines: Vec<&str> = plain.split('\n').collect();
    let first = lines.iter().position(|l| has_text(l));
    let last = lines.iter().rposition(|l| has_text(l));
    let n = match (first, last) {
        (Some(f), Some(l)) => l - f + 1,
        _ => 0,
    };
    n <= limits.max_lines.max(1) as usize && lines.iter().all(|l| limits.line_fits(l))
}

/// A place where a new line may start inside one segment.
struct Opp {
    /// Where the new line starts.
    pos: usize,
    /// Where the spaces removed by the break start (`== pos` when there are none).
    ws_start: usize,
    /// Linguistic cost of breaking here (negative = a good place).
    cost: f64,
    /// The break would split a protected word.
    splits_word: bool,
}

/// Cost of splitting a protected word: far above any shape or overflow cost, so the best-effort
/// layout of a text that cannot fit keeps the word whole too (and a layout that fits only by
/// splitting one is refused, see `layout`).
const SPLIT_WORD_COST: f64 = 1.0e6;

/// Breaks for a text whose lines are speaker turns (usually one). Returns the edits and whether
/// the result fits.
fn plan_breaks(joined: &str, lang: &str, limits: &BreakLimits<'_>) -> (Vec<Edit>, bool) {
    let max_lines = limits.max_lines.max(1) as usize;
    let segs = line_spans(joined);
    let mut edits = Vec::new();
    if segs.len() <= 1 {
        let (e, fits, _) = layout(joined, 0, lang, limits, max_lines);
        return (e, fits);
    }
    let mut fits = segs.len() <= max_lines;
    let mut spare = max_lines.saturating_sub(segs.len());
    for (at, seg) in segs {
        if limits.line_fits(seg) {
            continue;
        }
        if spare == 0 {
            fits = false;
            continue;
        }
        let (e, f, used) = layout(seg, at, lang, limits, 1 + spare);
        spare = spare.saturating_sub(used.saturating_sub(1));
        fits &= f;
        edits.extend(e);
    }
    (edits, fits)
}

/// Above this many break opportunities the best-effort layout of a text that cannot fit is
/// chosen greedily rather than by the quadratic search.
const MAX_EXHAUSTIVE: usize = 400;

/// Lays out one segment (no `\n` inside) at byte offset `base` over at most `max_k` lines.
/// Returns the break edits, whether it fits and how many lines it uses.
fn layout(
    s: &str,
    base: usize,
    lang: &str,
    limits: &BreakLimits<'_>,
    max_k: usize,
) -> (Vec<Edit>, bool, usize) {
    let cpl = limits.max_chars_per_line;
    let whole_fits = limits.line_fits(s);
    if whole_fits || max_k <= 1 {
        return (Vec::new(), whole_fits, 1);
    }
    let primary = primary_subtag(lang);
    let opps = opportunities(s, &primary, limits.keep_together);
    let m = opps.len();
    let (p, ws) = prefix_widths(s, &opps, limits.count);
    let px = limits
        .pixels
        .map(|px| (prefix_widths(s, &opps, px.measure), px));
    let spaced = !s.chars().any(is_unspaced);
    let letters = letter_prefix(s, &opps);
    let max_k = max_k.min(m + 1);
    let splits_word = |breaks: &[usize]| {
        breaks.iter().any(|&j| {
            j.checked_sub(1)
                .and_then(|i| opps.get(i))
                .is_some_and(|o| o.splits_word)
        })
    };
    // The pixel limit is planned on the sum of the pieces' widths; a whole line shaped at once
    // can differ by its kerning across spaces. A plan whose lines measure wider than the limit is
    // planned again against a limit narrowed by the excess (twice at most), so every line the
    // fitter calls fitting also fits when measured whole, as the check measures it.
    let mut px_max = px.as_ref().map(|(_, px)| px.max_width);
    let mut attempt = 0;
    let (breaks, fits) = loop {
        let mut ctx = Layout {
            p: &p,
            ws: &ws,
            px: px
                .as_ref()
                .zip(px_max)
                .map(|(((pp, pws), _), max)| (&pp[..], &pws[..], cpl / max.max(1.0))),
            letters: &letters,
            opps: &opps,
            cpl,
            total: 0.0,
            pieces: m + 1,
            spaced,
        };
        ctx.total = ctx.width(0, m + 1);
        let mut chosen = None;
        for k in 2..=max_k {
            // A layout that splits a protected word does not count as fitting (one more line is
            // better): like a long word in a spaced script, the text is reported instead.
            if let Some(breaks) = ctx.solve(k, true).filter(|b| !splits_word(b)) {
                chosen = Some((breaks, true));
                break;
            }
        }
        let (breaks, fits) = match chosen {
            Some(c) => c,
            None if m <= MAX_EXHAUSTIVE => (ctx.solve(max_k, false).unwrap_or_default(), false),
            None => (ctx.greedy(max_k), false),
        };
        let (Some((_, px_limit)), Some(max), true) = (px.as_ref(), px_max, fits) else {
            break (breaks, fits);
        };
        let widest = lines_of(s, &opps, &breaks)
            .map(|l| (px_limit.measure)(l))
            .fold(0.0f64, f64::max);
        if widest <= px_limit.max_width {
            break (breaks, true);
        }
        attempt += 1;
        if attempt > 2 {
            break (breaks, false);
        }
        px_max = Some(max - (widest - px_limit.max_width) - 0.5);
    };
    let used = breaks.len() + 1;
    let edits = breaks
        .into_iter()
        .filter_map(|j| opps.get(j.checked_sub(1)?))
        .map(|o| Edit::new(base + o.ws_start..base + o.pos, "\n", Place::Break))
        .collect();
    (edits, fits, used)
}

/// Prefix widths of a segment cut at `opps`: `p[j]` = width of `s[..opps[j-1].pos]`, `ws[j]` =
/// width of the spaces a break at `j` removes; index `m + 1` is the end of the text.
fn prefix_widths(s: &str, opps: &[Opp], width: &dyn Fn(&str) -> f64) -> (Vec<f64>, Vec<f64>) {
    let m = opps.len();
    let mut p = vec![0.0f64; m + 2];
    let mut ws = vec![0.0f64; m + 2];
    let mut prev = 0usize;
    for (j, o) in opps.iter().enumerate() {
        let text_w = width(s.get(prev..o.ws_start).unwrap_or(""));
        let space_w = width(s.get(o.ws_start..o.pos).unwrap_or(""));
        let before = p.get(j).copied().unwrap_or(0.0);
        if let (Some(pj), Some(wj)) = (p.get_mut(j + 1), ws.get_mut(j + 1)) {
            *pj = before + text_w + space_w;
            *wj = space_w;
        }
        prev = o.pos;
    }
    let tail = width(s.get(prev..).unwrap_or(""));
    let before_tail = p.get(m).copied().unwrap_or(0.0);
    if let Some(last) = p.get_mut(m + 1) {
        *last = before_tail + tail;
    }
    (p, ws)
}

/// The lines of `s` broken at `breaks` (1-based opportunity indexes), without the spaces the
/// breaks remove.
fn lines_of<'s>(s: &'s str, opps: &[Opp], breaks: &[usize]) -> impl Iterator<Item = &'s str> {
    let mut bounds: Vec<(usize, usize)> = Vec::with_capacity(breaks.len() + 1);
    let mut start = 0usize;
    for o in breaks.iter().filter_map(|&j| opps.get(j.checked_sub(1)?)) {
        bounds.push((start, o.ws_start));
        start = o.pos;
    }
    bounds.push((start, s.len()));
    bounds.into_iter().filter_map(move |(a, b)| s.get(a..b))
}

/// The primary language subtag, lower-case (`zh-Hant-TW` → `zh`).
fn primary_subtag(lang: &str) -> String {
    lang.split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Break opportunities inside a segment, with their linguistic cost.
fn opportunities(s: &str, primary: &str, keep: &[String]) -> Vec<Opp> {
    let words = words_for(primary);
    let inside = protected_interior(s, keep);
    let mut out = Vec::new();
    let mut pos = 0usize;
    let mut first = true;
    for w in WordSeparator::UnicodeBreakProperties.find_words(s) {
        let start = pos;
        pos += w.word.len() + w.whitespace.len();
        if first {
            first = false;
            continue;
        }
        if let Some(mut o) = opportunity(s, start, words, primary) {
            // The break removes s[ws_start..pos]: it splits a word when any of those
            // boundaries lies strictly inside a protected occurrence.
            o.splits_word = inside
                .get(o.ws_start..=o.pos)
                .is_some_and(|r| r.iter().any(|&n| n > 0));
            if o.splits_word {
                o.cost += SPLIT_WORD_COST;
            }
            out.push(o);
        }
    }
    out
}

/// For every byte offset of `s` (0..=len), how many protected occurrences it lies strictly
/// inside. Linear in the text per protected form (non-overlapping matches of one form).
fn protected_interior(s: &str, keep: &[String]) -> Vec<u32> {
    if keep.is_empty() {
        return vec![0; s.len() + 1];
    }
    let mut diff = vec![0i64; s.len() + 2];
    let lower = s.to_lowercase();
    let same_offsets = lower.len() == s.len();
    let mut mark = |i: usize, len: usize| {
        if let Some(d) = diff.get_mut(i + 1) {
            *d += 1;
        }
        if let Some(d) = diff.get_mut(i + len) {
            *d -= 1;
        }
    };
    for form in keep {
        let form = form.trim();
        if form.chars().nth(1).is_none() {
            continue;
        }
        let folded = form.to_lowercase();
        if same_offsets && folded.len() == form.len() {
            for (i, m) in lower.match_indices(folded.as_str()) {
                mark(i, m.len());
            }
        } else {
            for (i, m) in s.match_indices(form) {
                mark(i, m.len());
            }
        }
    }
    let mut out = Vec::with_capacity(s.len() + 1);
    let mut run = 0i64;
    for d in diff.iter().take(s.len() + 1) {
        run += d;
        out.push(u32::try_from(run.max(0)).unwrap_or(u32::MAX));
    }
    out
}

/// Whether a new line may start at byte `pos` of `s`, and at what cost.
fn opportunity(s: &str, pos: usize, words: &Words, primary: &str) -> Option<Opp> {
    let before = s.get(..pos)?;
    let after = s.get(pos..)?;
    let line1 = before.trim_end_matches(is_break_space);
    let ws_start = line1.len();
    let prev = line1.chars().next_back()?;
    let next = after.chars().next()?;
    let spaced_break = ws_start < pos;
    // Without a space, only scripts written without spaces break (never inside a word).
    if !spaced_break && !is_unspaced(prev) && !is_unspaced(next) {
        return None;
    }
    if NO_LINE_START.contains(next) || NO_LINE_END.contains(prev) {
        return None;
    }
    // A line starting with a dash would read as a new speaker; one starting with a space
    // would be indented.
    let first_visible = after.chars().find(|&c| !is_invisible(c));
    if first_visible.is_some_and(is_dash) || is_break_space(next) {
        return None;
    }
    Some(Opp {
        pos,
        ws_start,
        cost: break_cost(line1, after, prev, next, spaced_break, words, primary),
        splits_word: false,
    })
}

/// Letters (and digits) before each opportunity: `out[j]` counts those before opportunity `j`
/// (1-based; 0 is the text start, `m + 1` the end). Punctuation, spaces and combining marks are
/// not letters: `好。` is one letter.
fn letter_prefix(s: &str, opps: &[Opp]) -> Vec<usize> {
    let is_letter =
        |c: char| c.is_alphanumeric() && !unicode_normalization::char::is_combining_mark(c);
    let mut out = Vec::with_capacity(opps.len() + 2);
    out.push(0);
    let mut prev = 0usize;
    let mut n = 0usize;
    for o in opps.iter().map(|o| o.pos).chain(std::iter::once(s.len())) {
        n += s
            .get(prev..o)
            .unwrap_or("")
            .chars()
            .filter(|&c| is_letter(c))
            .count();
        out.push(n);
        prev = o;
    }
    out
}

/// Cost of a line holding a single letter (`好`, `吗？`) in a script written without spaces,
/// when the text has more to share: more than the best break's gain (a sentence end, -4, minus
/// a mid-phrase break, +0.5), so a 12-character limit splits `这件事情我们明天再说吧。好` as
/// `这件事情我们` / `明天再说吧。好` rather than stranding `好`; a layout with no other way to
/// fit still takes it.
const STRANDED_LETTER_COST: f64 = 5.0;

/// The search over break positions for one segment.
struct Layout<'a> {
    p: &'a [f64],
    ws: &'a [f64],
    /// Pixel prefix widths (as `p`, `ws`) and the factor that turns pixels into characters
    /// (`max_chars_per_line / max_width`): a line's width is the larger of its counted and its
    /// scaled pixel width, so one limit (`cpl`) holds both and the shape is balanced on
    /// whichever binds.
    px: Option<(&'a [f64], &'a [f64], f64)>,
    /// Letters before each opportunity (`letter_prefix`).
    letters: &'a [usize],
    opps: &'a [Opp],
    cpl: f64,
    total: f64,
    /// Pieces between opportunities (words in spaced scripts).
    pieces: usize,
    spaced: bool,
}

impl Layout<'_> {
    /// Width of the line from opportunity `a` (0 = text start) to `b` (m + 1 = text end).
    fn width(&self, a: usize, b: usize) -> f64 {
        let pb = self.p.get(b).copied().unwrap_or(0.0);
        let pa = self.p.get(a).copied().unwrap_or(0.0);
        let chars = pb - pa - self.ws.get(b).copied().unwrap_or(0.0);
        match self.px {
            None => chars,
            Some((p, ws, scale)) => {
                let at = |v: &[f64], i: usize| v.get(i).copied().unwrap_or(0.0);
                chars.max((at(p, b) - at(p, a) - at(ws, b)) * scale)
            }
        }
    }

    /// Shape cost of line `t` of `k` with width `w` and `n` pieces.
    fn line_cost(&self, t: usize, k: usize, w: f64, n: usize) -> f64 {
        let avg = (self.total / k as f64).max(1.0);
        let dev = (w - avg).abs() / avg;
        let mut cost = 1.5 * dev;
        if t == 0 && w > avg {
            // Top-heavy: the pyramid wants the longer line at the bottom.
            cost += 0.5 + 1.5 * dev;
        }
        if self.spaced && t == 0 && (n == 1 && self.pieces >= 4 || n == 2 && w < 0.3 * self.total) {
            cost += 1.0;
        }
        if self.spaced && t + 1 == k && n == 1 && self.pieces >= 4 {
            cost += 1.0;
        }
        if w > self.cpl {
            cost += 100.0 + 10.0 * (w - self.cpl);
        }
        cost
    }

    /// `STRANDED_LETTER_COST` when the line from opportunity `a` to `b` holds one letter of an
    /// unspaced script and the text has more than two.
    fn stranded_cost(&self, a: usize, b: usize) -> f64 {
        let at = |j: usize| self.letters.get(j).copied().unwrap_or(0);
        let total = self.letters.last().copied().unwrap_or(0);
        if !self.spaced && at(b).saturating_sub(at(a)) == 1 && total > 2 {
            STRANDED_LETTER_COST
        } else {
            0.0
        }
    }

    /// Best breaks (opportunity indexes, 1-based) for exactly `k` lines; with `strict`, only
    /// layouts whose every line fits.
    fn solve(&self, k: usize, strict: bool) -> Option<Vec<usize>> {
        let m = self.opps.len();
        let end = m + 1;
        let inf = f64::INFINITY;
        let mut best = vec![vec![inf; end + 1]; k + 1];
        let mut parent = vec![vec![usize::MAX; end + 1]; k + 1];
        *best.get_mut(0)?.get_mut(0)? = 0.0;
        for t in 1..=k {
            let (done, rest) = best.split_at_mut(t);
            let prev_row = done.last()?;
            let row = rest.first_mut()?;
            let prow = parent.get_mut(t)?;
            let range = if t == k { end..=end } else { t..=m };
            for b in range {
                let break_cost = if b <= m {
                    self.opps.get(b - 1).map_or(0.0, |o| o.cost)
                } else {
                    0.0
                };
                for a in (t - 1..b).rev() {
                    let w = self.width(a, b);
                    if strict && w > self.cpl {
                        break;
                    }
                    let base = prev_row.get(a).copied().unwrap_or(inf);
                    if base == inf {
                        continue;
                    }
                    let c = base
                        + self.line_cost(t - 1, k, w, b - a)
                        + self.stranded_cost(a, b)
                        + break_cost;
                    if let (Some(slot), Some(par)) = (row.get_mut(b), prow.get_mut(b))
                        && c < *slot
                    {
                        *slot = c;
                        *par = a;
                    }
                }
            }
        }
        if best.get(k)?.get(end)?.is_infinite() {
            return None;
        }
        let mut breaks = Vec::with_capacity(k - 1);
        let mut b = end;
        for t in (1..=k).rev() {
            let a = *parent.get(t)?.get(b)?;
            if t > 1 {
                breaks.push(a);
            }
            b = a;
        }
        breaks.reverse();
        Some(breaks)
    }

    /// Breaks at the opportunities closest to equal shares of the width (for huge texts).
    fn greedy(&self, k: usize) -> Vec<usize> {
        let m = self.opps.len();
        let mut breaks = Vec::new();
        let mut j = 1usize;
        for i in 1..k {
            let target = self.total * i as f64 / k as f64;
            while j < m && self.p.get(j + 1).copied().unwrap_or(f64::MAX) <= target {
                j += 1;
            }
            if j <= m && breaks.last().is_none_or(|&l| j > l) {
                breaks.push(j);
            }
        }
        breaks
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Effect, Inline, Tag, TagSyntax};
    use crate::platform::count::{CountingMode, count_line};
    use crate::platform::fit::breakcost::{JA_PARTICLES, cjk_pair_cost};
    use crate::platform::fit::script::{is_han, is_hiragana, is_katakana};

    fn run(text: &str, lang: &str, cpl: f64, lines: u32, mode: CountingMode) -> BreakResult {
        let count = move |l: &str| count_line(l, mode);
        break_text(
            text,
            lang,
            &BreakLimits {
                max_chars_per_line: cpl,
                max_lines: lines,
                count: &count,
                keep_together: &[],
                pixels: None,
            },
        )
    }

    fn latin(text: &str, lang: &str, cpl: f64) -> BreakResult {
        run(text, lang, cpl, 2, CountingMode::Latin)
    }

    /// The text without any whitespace: what must survive a layout unchanged.
    fn squeeze(s: &str) -> String {
        s.chars().filter(|c| !c.is_whitespace()).collect()
    }

    #[test]
    fn one_line_when_it_fits() {
        let r = latin("I will be right there.", "en", 42.0);
        assert_eq!(r.lines, vec!["I will be right there."]);
        assert!(r.fits);
        // break_text always lays out afresh: existing breaks are joined first.
        let r = latin("Short\nline", "en", 42.0);
        assert_eq!(r.lines, vec!["Short line"]);
    }

    #[test]
    fn english_breaks_after_punctuation_and_before_conjunctions() {
        let r = latin(
            "I don't know what you're talking about, but I don't like it at all.",
            "en",
            42.0,
        );
        assert!(r.fits);
        assert_eq!(
            r.lines,
            vec![
                "I don't know what you're talking about,",
                "but I don't like it at all."
            ]
        );
        // No punctuation: before the conjunction, not after the article.
        let r = latin(
            "We should take the long road home because the bridge is closed tonight",
            "en",
            42.0,
        );
        assert_eq!(
            r.lines,
            vec![
                "We should take the long road home",
                "because the bridge is closed tonight"
            ]
        );
        for line in &r.lines {
            assert!(count_line(line, CountingMode::Latin) <= 42.0);
            assert!(!line.ends_with(" the"));
        }
    }

    #[test]
    fn never_splits_a_name_or_ends_on_an_article() {
        let r = latin(
            "Yesterday I finally met the famous Alexander Hamilton downtown",
            "en",
            36.0,
        );
        assert!(r.fits);
        assert_eq!(r.lines.len(), 2);
        let first = r.lines.first().cloned().unwrap_or_default();
        assert!(!first.ends_with("Alexander"), "{:?}", r.lines);
        assert!(!first.ends_with("the"), "{:?}", r.lines);
        assert!(!first.ends_with("Mr."), "{:?}", r.lines);
        let r = latin(
            "And then Mr. Smith walked right into the old kitchen",
            "en",
            30.0,
        );
        assert!(!r.lines.iter().any(|l| l.ends_with("Mr.")), "{:?}", r.lines);
    }

    #[test]
    fn bottom_heavy_when_the_choice_is_free() {
        // Five equal words: 9/14 and 14/9 are equally good linguistically.
        let r = latin("aaaa bbbb cccc dddd eeee", "en", 20.0);
        assert!(r.fits);
        let w: Vec<usize> = r.lines.iter().map(|l| l.chars().count()).collect();
        assert_eq!(w.len(), 2);
        assert!(w[1] >= w[0], "{:?}", r.lines);
        // And balanced: the most even bottom-heavy split, not the first that fits.
        let r = latin(
            "one two three four five six seven eight nine ten eleven",
            "en",
            42.0,
        );
        assert!(r.fits);
        let w: Vec<f64> = r
            .lines
            .iter()
            .map(|l| count_line(l, CountingMode::Latin))
            .collect();
        assert!(w[1] >= w[0], "{:?}", r.lines);
        assert!(w[1] - w[0] <= 8.0, "{:?}", r.lines);
    }

    #[test]
    fn a_text_that_cannot_fit_is_reported_and_kept_whole() {
        let text = "This sentence is far too long to fit on two lines of twenty characters \
                    because it just keeps going and going";
        let r = latin(text, "en", 20.0);
        assert!(!r.fits);
        assert_eq!(r.lines.len(), 2);
        assert_eq!(squeeze(&r.lines.join("")), squeeze(text));
        assert_eq!(r.lines.join(" "), text);
        // A single word longer than the limit is never cut.
        let r = latin("Supercalifragilisticexpialidocious", "en", 10.0);
        assert!(!r.fits);
        assert_eq!(r.lines, vec!["Supercalifragilisticexpialidocious"]);
    }

    #[test]
    fn dialogue_keeps_one_speaker_per_line() {
        let r = latin("- Are you coming?\n- Yes.", "en", 42.0);
        assert!(r.fits);
        assert_eq!(r.lines, vec!["- Are you coming?", "- Yes."]);
        let r = latin("-Are you coming?\n-Yes.", "en", 42.0);
        assert_eq!(r.lines, vec!["-Are you coming?", "-Yes."]);
        // Two turns on one line are split, even though they would fit together.
        let r = latin("-Are you coming? -Yes, I am.", "en", 42.0);
        assert_eq!(r.lines, vec!["-Are you coming?", "-Yes, I am."]);
        // A turn wrapped over two lines is joined back into one.
        let r = latin("- Where were you\nlast night?\n- At home.", "en", 42.0);
        assert_eq!(r.lines, vec!["- Where were you last night?", "- At home."]);
        // Three speakers on two lines cannot fit, and are never merged.
        let r = latin("- A.\n- B.\n- C.", "en", 42.0);
        assert!(!r.fits);
        assert_eq!(r.lines.len(), 3);
        // A hyphen inside a line is not a turn, and a line never starts with a dash.
        let r = latin(
            "The well-known writer said - and I quote - nothing at all today",
            "en",
            36.0,
        );
        assert!(r.fits);
        assert!(!r.lines.iter().any(|l| l.starts_with('-')), "{:?}", r.lines);
        assert!(
            !r.lines.iter().any(|l| l.ends_with("well-")),
            "{:?}",
            r.lines
        );
    }

    #[test]
    fn persian_breaks_at_spaces_and_keeps_zwnj() {
        // "می‌خواهم" and "کتاب‌ها" carry a ZWNJ; no line may break there.
        let text =
            "من می\u{200c}خواهم این کتاب\u{200c}ها را فردا به کتابخانه برگردانم چون دیر شده است";
        let r = run(text, "fa", 42.0, 2, CountingMode::ArabicNodiac);
        assert!(r.fits, "{:?}", r.lines);
        assert_eq!(r.lines.len(), 2);
        assert_eq!(r.lines.join(" "), text);
        assert_eq!(text.matches('\u{200c}').count(), 2);
        assert_eq!(r.lines.join(" ").matches('\u{200c}').count(), 2);
        for l in &r.lines {
            assert!(!l.starts_with('\u{200c}') && !l.ends_with('\u{200c}'));
            assert!(count_line(l, CountingMode::ArabicNodiac) <= 42.0);
        }
        // A word joined by ZWNJ is one word: even when it is too long, it is not split there.
        let word = "کتاب\u{200c}های\u{200c}مان";
        let w = run(word, "fa", 5.0, 2, CountingMode::ArabicNodiac);
        assert!(!w.fits);
        assert_eq!(w.lines, vec![word]);
        // The break goes before the preposition به ("to"), not after it.
        assert!(r.lines[1].starts_with("به "), "{:?}", r.lines);
    }

    #[test]
    fn arabic_breaks_after_the_arabic_comma() {
        let text = "لا أعرف ما الذي تتحدث عنه، لكنني لا أحب ذلك أبدا";
        let r = run(text, "ar", 30.0, 2, CountingMode::ArabicNodiac);
        assert!(r.fits);
        assert_eq!(
            r.lines,
            vec!["لا أعرف ما الذي تتحدث عنه،", "لكنني لا أحب ذلك أبدا"]
        );
    }

    #[test]
    fn chinese_breaks_at_punctuation_with_kinsoku() {
        let mode = CountingMode::CjkHalfwidthHalf;
        // 22 characters; the comma is the place to break.
        let text = "我们今天一定要把这些事情做完，不然明天就来不及了";
        let r = run(text, "zh-Hant", 16.0, 2, mode);
        assert!(r.fits);
        assert_eq!(
            r.lines,
            vec!["我们今天一定要把这些事情做完，", "不然明天就来不及了"]
        );
        // Without punctuation near the middle, no line starts with closing punctuation and no
        // line ends with an opening bracket.
        let text = "他说「我们明天早上八点在老地方见面」然后就走了没有回头";
        let r = run(text, "zh-Hant", 16.0, 2, mode);
        assert!(r.fits, "{:?}", r.lines);
        for l in &r.lines {
            let first = l.chars().next().unwrap_or(' ');
            let last = l.chars().last().unwrap_or(' ');
            assert!(!NO_LINE_START.contains(first), "{:?}", r.lines);
            assert!(!NO_LINE_END.contains(last), "{:?}", r.lines);
            assert!(count_line(l, mode) <= 16.0);
        }
        assert_eq!(r.lines.concat(), text);
        // Simplified Chinese writes a space for a comma: that space is where it breaks.
        let text = "你今天晚上有时间吗 我们一起去吃饭吧好不好";
        let r = run(text, "zh-Hans", 16.0, 2, mode);
        assert_eq!(
            r.lines,
            vec!["你今天晚上有时间吗", "我们一起去吃饭吧好不好"]
        );
        // Lines of CJK text join without a space.
        let r = run("你好\n世界", "zh-Hans", 16.0, 2, mode);
        assert_eq!(r.lines, vec!["你好世界"]);
    }

    #[test]
    fn japanese_breaks_by_width_after_particles() {
        let mode = CountingMode::CjkHalfwidthHalf;
        let text = "明日の朝までにこの資料を全部読んでおいてください";
        let r = run(text, "ja", 13.0, 2, mode);
        assert!(r.fits, "{:?}", r.lines);
        assert_eq!(r.lines.concat(), text);
        for l in &r.lines {
            assert!(count_line(l, mode) <= 13.0);
            let first = l.chars().next().unwrap_or(' ');
            assert!(!NO_LINE_START.contains(first));
        }
        // The first line ends on a particle (hiragana) and the second starts with a kanji.
        let first = r.lines.first().cloned().unwrap_or_default();
        let second = r.lines.get(1).cloned().unwrap_or_default();
        assert!(
            first.chars().last().is_some_and(is_hiragana),
            "{:?}",
            r.lines
        );
        assert!(
            second
                .chars()
                .next()
                .is_some_and(|c| is_han(c) || is_katakana(c)),
            "{:?}",
            r.lines
        );
        // Small kana and the long-vowel mark never start a line, and the particle で stays
        // with its word.
        let text = "ちょっとコーヒーショップでゆっくりしていきませんか";
        let r = run(text, "ja", 13.0, 2, mode);
        assert!(!r.lines[1].starts_with('で'), "{:?}", r.lines);
        for l in &r.lines {
            let first = l.chars().next().unwrap_or(' ');
            assert!(!"ゃゅょっャュョッー".contains(first), "{:?}", r.lines);
        }
        assert_eq!(r.lines.concat(), text);
    }

    fn run_keep(text: &str, lang: &str, cpl: f64, lines: u32, keep: &[String]) -> BreakResult {
        let count = |l: &str| count_line(l, CountingMode::CjkHalfwidthHalf);
        break_text(
            text,
            lang,
            &BreakLimits {
                max_chars_per_line: cpl,
                max_lines: lines,
                count: &count,
                keep_together: keep,
                pixels: None,
            },
        )
    }

    /// Occurrences of `word` in the laid-out text that a line break cuts in two.
    fn split_words(lines: &[String], word: &str) -> usize {
        let joined = lines.concat();
        let mut ends = Vec::new();
        let mut at = 0;
        for l in lines {
            at += l.len();
            ends.push(at);
        }
        joined
            .match_indices(word)
            .filter(|(i, w)| ends.iter().any(|&e| e > *i && e < i + w.len()))
            .count()
    }

    #[test]
    fn chinese_never_splits_protected_words() {
        // The sample glossary's forms for Chinese (source) tracks, as the pipeline passes them.
        let keep: Vec<String> = ["琉璃", "掐丝珐琅", "景德镇", "丝绸之路", "林师傅", "琉璃坊"]
            .map(String::from)
            .to_vec();
        let texts = [
            "丝绸之路上的每一块砖和每一片琉璃都还记得当年走过的商人和驼队",
            "师父说景德镇的掐丝珐琅和琉璃都是一代一代传下来的手艺",
            "我们琉璃坊的掐丝珐琅从来没有让景德镇的老师傅失望过",
            "林师傅把最后一块琉璃放进窑里然后就一直守在景德镇的窑口",
        ];
        for text in texts {
            for cpl in 8..=20 {
                for lines in 2..=3 {
                    let r = run_keep(text, "zh-Hans", f64::from(cpl), lines, &keep);
                    assert_eq!(r.lines.concat(), text);
                    for word in &keep {
                        assert_eq!(
                            split_words(&r.lines, word),
                            0,
                            "{word} split at cpl {cpl}, {lines} lines: {:?}",
                            r.lines
                        );
                    }
                }
            }
        }
        // The list matters: without it some of these layouts do cut a term in two.
        let cut = texts.iter().any(|text| {
            (8..=20).any(|cpl| {
                let r = run_keep(text, "zh-Hans", f64::from(cpl), 2, &[]);
                keep.iter().any(|w| split_words(&r.lines, w) > 0)
            })
        });
        assert!(cut);
    }

    #[test]
    fn chinese_prefers_particles_and_phrase_starts_over_any_pair() {
        let keep: Vec<String> = Vec::new();
        // No punctuation; 19 characters on two lines of at most 12. Breaks after 的 or before
        // 在/把 are the good places; no line starts with 的 or 了.
        let text = "他每天早上都在工作室里把新烧好的琉璃一件件擦干净";
        let r = run_keep(text, "zh-Hans", 14.0, 2, &keep);
        assert!(r.fits, "{:?}", r.lines);
        let second = r.lines.get(1).cloned().unwrap_or_default();
        assert!(
            second.starts_with('在') || second.starts_with('把') || second.starts_with('都'),
            "{:?}",
            r.lines
        );
        // A character that makes a word with the one before it is no phrase start: 但是 and
        // 现在 stay whole.
        assert!(cjk_pair_cost(Some('我'), '但', '是', "zh") > 0.0);
        assert!(cjk_pair_cost(Some('我'), '现', '在', "zh") > 0.0);
        assert!(cjk_pair_cost(Some('我'), '们', '在', "zh") < 0.0);
        assert!(cjk_pair_cost(Some('我'), '的', '琉', "zh") < 0.0);
        assert!(cjk_pair_cost(Some('的'), '确', '是', "zh") < 0.0);
        assert!(cjk_pair_cost(Some('目'), '的', '确', "zh") > 0.0);
        // Between Han and Latin letters or digits is a word edge.
        assert!(cjk_pair_cost(Some('用'), '拍', 'i', "zh") < cjk_pair_cost(None, '拍', '照', "zh"));
        // Mixed text breaks at the script edge, not inside a Han word.
        let text = "这个周末我们要去景德镇参观2024年的陶瓷博览会";
        let r = run_keep(text, "zh-Hans", 12.0, 2, &keep);
        assert!(r.fits, "{:?}", r.lines);
        assert_eq!(split_words(&r.lines, "景德镇"), 0, "{:?}", r.lines);
    }

    #[test]
    fn japanese_never_splits_protected_words_and_breaks_after_particles() {
        let keep: Vec<String> = ["景徳鎮", "七宝焼", "ペルシャ", "シルクロード", "琉璃"]
            .map(String::from)
            .to_vec();
        let texts = [
            "景徳鎮の職人はペルシャから来た七宝焼の先生にシルクロードの話を聞きました",
            "シルクロードを渡ってきた琉璃の欠片が景徳鎮の工房で見つかった",
        ];
        for text in texts {
            for cpl in 10..=22 {
                for lines in 2..=3 {
                    let r = run_keep(text, "ja", f64::from(cpl), lines, &keep);
                    assert_eq!(r.lines.concat(), text);
                    for word in &keep {
                        assert_eq!(
                            split_words(&r.lines, word),
                            0,
                            "{word} split at cpl {cpl}, {lines} lines: {:?}",
                            r.lines
                        );
                    }
                }
            }
        }
        // Where it fits on two lines, the first ends on a particle after a word.
        let r = run_keep(texts[1], "ja", 16.0, 2, &keep);
        assert!(r.fits, "{:?}", r.lines);
        let first = r.lines.first().cloned().unwrap_or_default();
        assert!(
            first
                .chars()
                .last()
                .is_some_and(|c| JA_PARTICLES.contains(c)),
            "{:?}",
            r.lines
        );
        // A Latin protected name is found whatever its case, and its space is not a break.
        let keep = vec!["Silk Road Screen".to_string()];
        let count = |l: &str| count_line(l, CountingMode::Latin);
        let text = "Nobody has seen the silk road screen since the fire";
        for cpl in 18..=40 {
            let r = break_text(
                text,
                "en",
                &BreakLimits {
                    max_chars_per_line: f64::from(cpl),
                    max_lines: 2,
                    count: &count,
                    keep_together: &keep,
                    pixels: None,
                },
            );
            assert!(
                !r.lines.iter().any(|l| l.ends_with("silk")
                    || l.ends_with("road")
                    || l.starts_with("road")
                    || l.starts_with("screen")),
                "cpl {cpl}: {:?}",
                r.lines
            );
        }
    }

    #[test]
    fn thai_without_spaces_breaks_between_words() {
        let mode = CountingMode::ThaiBase;
        // "I want to go to the market with my mother tomorrow morning" without spaces.
        let text = "ฉันอยากไปตลาดกับแม่ของฉันพรุ่งนี้เช้าเพื่อซื้อผลไม้และผักสดหลายอย่าง";
        let r = run(text, "th", 35.0, 2, mode);
        assert!(r.fits, "{:?}", r.lines);
        assert_eq!(r.lines.len(), 2);
        assert_eq!(r.lines.concat(), text);
        for l in &r.lines {
            assert!(count_line(l, mode) <= 35.0);
            // A line never starts with a combining mark or a following vowel.
            let first = l.chars().next().unwrap_or(' ');
            assert!(!unicode_normalization::char::is_combining_mark(first));
            assert!(
                !('\u{0e30}'..='\u{0e3a}').contains(&first)
                    && !('\u{0e45}'..='\u{0e4e}').contains(&first)
            );
        }
        // The break falls on a dictionary word boundary: both halves are whole words.
        let first = r.lines.first().cloned().unwrap_or_default();
        let boundaries: Vec<String> = WordSeparator::UnicodeBreakProperties
            .find_words(text)
            .scan(String::new(), |acc, w| {
                acc.push_str(w.word);
                Some(acc.clone())
            })
            .collect();
        assert!(
            boundaries.contains(&first),
            "{first} not at a word boundary"
        );
        // Thai with spaces prefers the space (a phrase boundary).
        let text = "ฉันอยากไปตลาดกับแม่ พรุ่งนี้เช้าเพื่อซื้อผลไม้และผักสด";
        let r = run(text, "th", 35.0, 2, mode);
        assert_eq!(r.lines, vec!["ฉันอยากไปตลาดกับแม่", "พรุ่งนี้เช้าเพื่อซื้อผลไม้และผักสด"]);
    }

    #[test]
    fn three_lines_when_allowed() {
        let text = "We walked all night through the forest, and in the morning we finally \
                    reached the village by the river";
        let r = run(text, "en", 37.0, 3, CountingMode::Latin);
        assert!(r.fits);
        assert_eq!(r.lines.len(), 3);
        assert_eq!(r.lines.join(" "), text);
        let r = run(text, "en", 37.0, 2, CountingMode::Latin);
        assert!(!r.fits);
        assert_eq!(r.lines.len(), 2);
    }

    #[test]
    fn rich_text_keeps_tags_on_their_words() {
        let tag = |raw: &str, on: bool| {
            Inline::tag(Tag {
                syntax: TagSyntax::Html,
                raw: raw.into(),
                effects: vec![Effect::Italic(on)],
            })
        };
        let t = RichText::new(vec![
            Inline::Text("I told you that ".into()),
            tag("<i>", true),
            Inline::Text("the storm".into()),
            Inline::LineBreak,
            Inline::Text("is coming".into()),
            tag("</i>", false),
            Inline::Text(", and we must leave before it arrives".into()),
        ]);
        let count = |l: &str| count_line(l, CountingMode::Latin);
        let r = break_rich(
            &t,
            "en",
            &BreakLimits {
                max_chars_per_line: 42.0,
                max_lines: 2,
                count: &count,
                keep_together: &[],
                pixels: None,
            },
        );
        assert!(r.fits);
        assert_eq!(
            r.text.to_plain(),
            "I told you that the storm is coming,\nand we must leave before it arrives"
        );
        assert_eq!(
            r.text.inlines().to_vec(),
            vec![
                Inline::Text("I told you that ".into()),
                tag("<i>", true),
                Inline::Text("the storm is coming".into()),
                tag("</i>", false),
                Inline::Text(",".into()),
                Inline::LineBreak,
                Inline::Text("and we must leave before it arrives".into()),
            ]
        );
    }

    #[test]
    fn fits_counts_lines_and_widths() {
        let count = |l: &str| count_line(l, CountingMode::Latin);
        let lim = BreakLimits {
            max_chars_per_line: 5.0,
            max_lines: 2,
            count: &count,
            keep_together: &[],
            pixels: None,
        };
        assert!(fits("abcde\nabc", &lim));
        assert!(fits("\nabcde\nabc\n", &lim));
        assert!(!fits("abcdef", &lim));
        assert!(!fits("a\nb\nc", &lim));
    }

    #[test]
    fn hostile_input_does_not_panic() {
        for text in [
            "",
            "\n\n",
            " ",
            "-",
            "- \n-",
            "\u{200f}\n\u{202b}",
            "a\u{300}\u{301}\u{302}",
            "。。。。。。。。。。。。。。。。。。。。。。",
            "「「「「「「「「「「「「「「「「「「「「",
        ] {
            let r = latin(text, "en", 3.0);
            assert_eq!(squeeze(&r.lines.concat()), squeeze(text.trim_matches('\n')));
        }
        // A huge cue stays fast (greedy best effort) and loses nothing.
        let text = "word ".repeat(5000);
        let r = latin(text.trim_end(), "en", 42.0);
        assert!(!r.fits);
        assert_eq!(r.lines.len(), 2);
        assert_eq!(squeeze(&r.lines.concat()), squeeze(&text));
    }

    #[test]
    fn cjk_twelve_character_limit_does_not_strand_a_single_character() {
        // The sentence end is the best break, but it leaves 好 / 说 alone on the second line.
        let mode = CountingMode::CjkHalfwidthHalf;
        for text in ["这件事情我们明天再说吧。好", "你今天晚上到底去哪里了？说"]
        {
            let r = run(text, "zh-Hans", 12.0, 2, mode);
            assert!(r.fits, "{:?}", r.lines);
            assert_eq!(r.lines.concat(), text);
            for l in &r.lines {
                let letters = l.chars().filter(|c| c.is_alphanumeric()).count();
                assert!(letters > 1, "{text}: {:?}", r.lines);
                assert!(count_line(l, mode) <= 12.0, "{:?}", r.lines);
            }
        }
        assert_eq!(
            run("这件事情我们明天再说吧。好", "zh-Hans", 12.0, 2, mode).lines,
            vec!["这件事情我们", "明天再说吧。好"]
        );
        // When a single character is the only way to fit, it is still taken.
        let r = run("一二三四五六七八九十一二。好", "zh-Hans", 13.0, 2, mode);
        assert!(r.fits, "{:?}", r.lines);
    }
}
