//! Fitting a track to a platform: line breaking by counted width, right-to-left marks,
//! punctuation the language rules name, and timing adjusted into free time. Pure functions over
//! model types; the `fix` command and the `translate` pipeline call `fix_track`.
//!
//! `fix` semantics: only changes that cannot change meaning. A cue's start, end and text are the
//! only fields touched, and the writers regenerate exactly the cues whose fingerprint changed.
//! Every change is recorded (cue, field, old, new, and the rule that asked for it) for
//! `--dry-run` diffs; whatever still breaks a limit is returned as `unfixable`, never forced
//! (no text is cut, no start moves without `retime`). Running `fix_track` on its own output
//! changes nothing.
//!
//! Text steps, in order: ellipsis, Arabic-script punctuation, forbidden punctuation, spaces
//! before punctuation, dialogue dashes; then re-breaking lines that break the line limits
//! (`linebreak`); then the same punctuation steps again (joined lines and split dialogue turns
//! can create new cases); then punctuation that may not end a line (only now, because the line
//! ends are final); then directional marks (`rtl`). Timing (`timing`) runs last, since reading
//! speed depends on the final text.

mod breakcost;
mod edit;
mod join;
mod linebreak;
mod punct;
mod rtl;
mod script;
mod timing;
mod words;

pub use linebreak::{BreakLimits, BreakResult, Pixels, RichBreak, break_rich, break_text, fits};
pub use punct::{PunctRules, dash_space};
pub use rtl::{RtlMode, is_arabic_script_lang, rtl_fix, rtl_fix_rich};
pub use timing::{TIMING_CHAIN, TimingLimits, fix_timing};

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diag::rules;
use crate::model::{Cue, Fps, RichText, Track};
use crate::platform::count::{self, CountingMode};
use crate::platform::limits::{Direction, Limits};
use crate::platform::screen;

/// Not a check rule: the change id of dialogue dash spacing.
pub const DIALOGUE_DASH: &str = "dialogue-dash";

/// The field a change touched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    Start,
    End,
    Text,
}

/// A value before or after a change: a time in milliseconds, or a cue's plain text (lines
/// joined by `\n`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum Value {
    Ms(i64),
    Text(String),
}

/// One change made to one cue.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Change {
    /// Position of the cue in `Track::cues`.
    pub index: usize,
    /// The cue's stable id.
    pub cue: u32,
    pub field: Field,
    /// The rule id the change satisfies (`timing-min-gap`, `punct-ellipsis`, …) or a fit-only
    /// id (`timing-chain`, `dialogue-dash`).
    pub rule: &'static str,
    pub old: Value,
    pub new: Value,
}

/// A limit a cue still breaks after fixing, and why it could not be fixed safely.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Unfixable {
    pub index: usize,
    pub cue: u32,
    /// The check rule id it will be reported under.
    pub rule: &'static str,
    /// Measured values (`duration_ms`, `needed_ms`, `other`, `lines`, …).
    pub args: Vec<(&'static str, String)>,
}

impl Unfixable {
    pub(crate) fn new(
        index: usize,
        cue: &Cue,
        rule: &'static str,
        args: Vec<(&'static str, String)>,
    ) -> Self {
        Unfixable {
            index,
            cue: cue.id,
            rule,
            args,
        }
    }
}

/// What `fix_track` did and what it left.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct FixOutcome {
    pub changes: Vec<Change>,
    pub unfixable: Vec<Unfixable>,
}

/// When lines are laid out again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Rebreak {
    /// Never (timing and punctuation only).
    Never,
    /// Only cues whose lines break the limits (`subloc fix`); a cue that cannot fit is left as
    /// it is and reported.
    #[default]
    OverLimits,
    /// Every cue, from scratch (`translate`: the source's breaks mean nothing in the target);
    /// a cue that cannot fit gets the best-effort layout and is reported.
    Always,
}

/// A line's rendered width in pixels (a shaped width at the track's font size:
/// `typeset::Measurer`). The fitter only calls it; finding and reading fonts happens outside.
pub trait MeasureLine: Send + Sync {
    fn width(&self, line: &str) -> f64;
}

/// For a profile with a canvas: the width in pixels every line must fit, besides the character
/// limit.
#[derive(Clone)]
pub struct PixelLimits {
    pub measure: Arc<dyn MeasureLine>,
    /// The width a line may take, for cues of any style not in `by_style`.
    pub max_width: f64,
    /// The width a line may take by ASS style name (a style's side margins can be wider than the
    /// safe area's insets).
    pub by_style: BTreeMap<String, f64>,
    /// The rule a cue whose lines fit the characters but not the pixels is reported under
    /// (`layout-too-many-lines` where the renderer wraps a wide line, as libass does;
    /// `layout-outside-safe-area` where it does not).
    pub too_wide_rule: &'static str,
}

impl PixelLimits {
    fn width_for(&self, style: Option<&str>) -> f64 {
        style
            .and_then(|s| self.by_style.get(s))
            .copied()
            .unwrap_or(self.max_width)
    }
}

impl std::fmt::Debug for PixelLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PixelLimits")
            .field("max_width", &self.max_width)
            .field("by_style", &self.by_style)
            .field("too_wide_rule", &self.too_wide_rule)
            .finish_non_exhaustive()
    }
}

impl PartialEq for PixelLimits {
    /// The same measuring function and the same widths.
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.measure, &other.measure)
            && self.max_width == other.max_width
            && self.by_style == other.by_style
            && self.too_wide_rule == other.too_wide_rule
    }
}

/// Everything `fix_track` needs from a resolved profile.
#[derive(Debug, Clone, PartialEq)]
pub struct FixLimits {
    pub timing: TimingLimits,
    pub max_chars_per_line: Option<f64>,
    pub max_lines: Option<u32>,
    pub counting: CountingMode,
    pub punct: PunctRules,
    pub rtl: RtlMode,
    pub rebreak: Rebreak,
    /// Words no line may break inside (`BreakLimits::keep_together`): the glossary's forms for
    /// the track's language (source forms for a source track, approved renderings for a
    /// translation). `fix_track` adds the track's speaker names. Empty from `from_limits`.
    pub keep_together: Arc<[String]>,
    /// Pixel widths for a profile with a canvas when a font measures them (`None` from
    /// `from_limits`: the caller that has the fonts sets it).
    pub pixels: Option<PixelLimits>,
}

impl FixLimits {
    /// The limits of a profile resolved for `lang`, with frame-based spans converted at `fps`
    /// (use `Limits::fps_or_default(track.fps)`). RTL lines get marks (`RtlMode::Rlm`) when the
    /// profile says the language is right-to-left and needs them; a platform that wants
    /// embeddings sets `rtl` to `RtlMode::Embedding`.
    pub fn from_limits(limits: &Limits, fps: Fps, lang: &str) -> Self {
        let ms = |l: &crate::platform::limits::Limit<crate::platform::limits::Span>| {
            l.copied().map(|s| s.to_ms(fps))
        };
        let rtl = if limits.direction.copied() == Some(Direction::Rtl)
            && limits.rtl_marks.copied() == Some(true)
        {
            RtlMode::Rlm
        } else {
            RtlMode::None
        };
        FixLimits {
            timing: TimingLimits {
                min_duration_ms: ms(&limits.min_duration),
                max_duration_ms: ms(&limits.max_duration),
                min_gap_ms: ms(&limits.min_gap),
                gap_may_abut: limits.gap_may_abut.copied().unwrap_or(false),
                chain_gaps_ms: None,
                max_cps: limits.max_cps.copied(),
                retime: false,
            },
            max_chars_per_line: limits.max_chars_per_line.copied(),
            max_lines: limits.max_lines.copied(),
            counting: limits.counting.copied().unwrap_or_default(),
            punct: PunctRules::from_limits(limits, lang),
            rtl,
            rebreak: Rebreak::OverLimits,
            keep_together: Arc::from(Vec::new()),
            pixels: None,
        }
    }
}

/// Applies every safe fix to `track` for language `lang` and returns what changed and what
/// could not be fixed. Idempotent: a second call returns no changes.
pub fn fix_track(track: &mut Track, limits: &FixLimits, lang: &str) -> FixOutcome {
    let mut out = FixOutcome::default();
    let mode = limits.counting;
    let keep = keep_together(track, &limits.keep_together);
    for (index, cue) in track.cues.iter_mut().enumerate() {
        if screen::is_shown(cue) && count::has_visible(&cue.text.to_plain()) {
            fix_text(index, cue, limits, &keep, lang, &mut out);
        }
    }
    let count_text = move |t: &str| count::count_text(t, mode);
    fix_timing(track, &limits.timing, &count_text, &mut out);
    out.changes.sort_by_key(|c| c.index);
    out.unfixable.sort_by_key(|u| u.index);
    out
}

/// The protected words of `limits` plus the speaker names of the track (a name said in a line
/// is not split either), without duplicates.
fn keep_together(track: &Track, configured: &[String]) -> Vec<String> {
    let mut keep: Vec<String> = configured.to_vec();
    for name in track.cues.iter().filter_map(Cue::speaker) {
        let name = name.trim();
        if !name.is_empty() && !keep.iter().any(|k| k == name) {
            keep.push(name.to_string());
        }
    }
    keep
}

/// Runs one text step: records a change when its edits alter the text.
fn step(
    text: &mut RichText,
    rule: &'static str,
    plan: impl FnOnce(&str) -> Vec<edit::Edit>,
    ctx: (usize, u32),
    out: &mut FixOutcome,
) {
    let plain = text.to_plain();
    let edits = plan(&plain);
    if edits.is_empty() {
        return;
    }
    let new = edit::apply_rich(text, &edits);
    let new_plain = new.to_plain();
    if new_plain != plain {
        record_text(ctx, rule, plain, new_plain, out);
        *text = new;
    }
}

fn record_text(
    (index, cue): (usize, u32),
    rule: &'static str,
    old: String,
    new: String,
    out: &mut FixOutcome,
) {
    out.changes.push(Change {
        index,
        cue,
        field: Field::Text,
        rule,
        old: Value::Text(old),
        new: Value::Text(new),
    });
}

/// Fixes one cue's text: the punctuation steps, a re-break when the lines break the limits, the
/// punctuation steps again (joining lines can create new cases), then line ends and direction
/// marks; what still cannot fit is reported.
fn fix_text(
    index: usize,
    cue: &mut Cue,
    limits: &FixLimits,
    keep: &[String],
    lang: &str,
    out: &mut FixOutcome,
) {
    let ctx = (index, cue.id);
    let mut unfit = None;
    let mut text = cue.text.clone();
    // The punctuation steps run again after re-breaking: joining lines and splitting
    // dialogue turns can create new cases (a `?` joined onto a line with Arabic letters).
    for pass in 0..2 {
        punct_steps(&mut text, &limits.punct, ctx, out);
        if pass == 0 {
            unfit = rebreak(&mut text, limits, keep, lang, cue.style(), ctx, out);
        }
    }
    step(
        &mut text,
        rules::PUNCT_LINE_END,
        |t| punct::line_end_edits(t, &limits.punct.line_end),
        ctx,
        out,
    );
    step(
        &mut text,
        rules::RTL_LINE_END_MARK,
        |t| rtl::mark_edits(t, limits.rtl),
        ctx,
        out,
    );
    if let Some(bl) = unfit {
        // Reported on the final text, so a second run reports the same.
        let pixels = limits
            .pixels
            .as_ref()
            .map(|p| (p, p.width_for(cue.style())));
        report_unfit(index, cue, &text, limits.counting, bl, pixels, out);
    }
    if text != cue.text {
        cue.text = text;
    }
}

/// The punctuation fixes inside lines: ellipsis character, Arabic-script marks, forbidden
/// marks, spaces before marks, dialogue dashes.
fn punct_steps(
    text: &mut RichText,
    p: &punct::PunctRules,
    ctx: (usize, u32),
    out: &mut FixOutcome,
) {
    if p.ellipsis_char {
        step(text, rules::PUNCT_ELLIPSIS, punct::ellipsis_edits, ctx, out);
    }
    if p.arabic_script {
        step(
            text,
            rules::PUNCT_ARABIC_SCRIPT,
            punct::arabic_edits,
            ctx,
            out,
        );
    }
    step(
        text,
        rules::PUNCT_FORBIDDEN,
        |t| punct::forbidden_edits(t, &p.forbidden),
        ctx,
        out,
    );
    step(
        text,
        rules::PUNCT_SPACE_BEFORE,
        |t| punct::space_before_edits(t, &p.no_space_before),
        ctx,
        out,
    );
    step(
        text,
        DIALOGUE_DASH,
        |t| punct::dash_edits(t, p.dash_space),
        ctx,
        out,
    );
}

/// A text that cannot fit `(max_chars_per_line, max_lines)`: too many lines, or a line too long.
fn report_unfit(
    index: usize,
    cue: &Cue,
    text: &RichText,
    mode: CountingMode,
    (max_chars, max_lines): (f64, u32),
    pixels: Option<(&PixelLimits, f64)>,
    out: &mut FixOutcome,
) {
    let lines = text.to_plain();
    let n = lines.split('\n').filter(|l| count::has_visible(l)).count();
    let over_chars = lines
        .split('\n')
        .any(|l| count::count_line(l, mode) > max_chars);
    let over_pixels =
        pixels.filter(|(p, max)| lines.split('\n').any(|l| p.measure.width(l) > *max));
    // Every rule the check will report on this cue: the line count, the characters, and the
    // pixels (a renderer that wraps reports too many lines only when the text's own lines are
    // within the limit; beyond it, `text-max-lines` says so).
    let mut broken: Vec<&'static str> = Vec::new();
    if n > max_lines as usize {
        broken.push(rules::TEXT_MAX_LINES);
    }
    if over_chars {
        broken.push(rules::TEXT_MAX_CHARS_PER_LINE);
    }
    if let Some((p, _)) = over_pixels
        && (p.too_wide_rule != rules::LAYOUT_TOO_MANY_LINES || n <= max_lines as usize)
    {
        broken.push(p.too_wide_rule);
    }
    if broken.is_empty() {
        broken.push(rules::TEXT_MAX_CHARS_PER_LINE);
    }
    for rule in broken {
        out.unfixable.push(Unfixable::new(
            index,
            cue,
            rule,
            vec![
                (
                    "chars",
                    count::display_count(count::count_text(&lines, mode)),
                ),
                ("lines", n.to_string()),
                ("max_chars_per_line", count::display_count(max_chars)),
                ("max_lines", max_lines.to_string()),
            ],
        ));
    }
}

/// Whether a text that cannot fit should still take the best-effort layout under
/// `Rebreak::OverLimits`: a line over the limit is in a script the renderer cannot wrap by
/// itself, the text has room for another line, and the layout makes the widest line shorter.
/// libass wraps at white space and has no word dictionary (Thai, Lao, Khmer and Burmese write no
/// space between words), so an over-long Thai line left as it is runs off the screen, where
/// lines broken at dictionary word boundaries stay readable; the cue is reported either way. A text already on `max_lines`
/// lines is left as it is, so a second `fix` changes nothing (joining Thai lines back inserts a
/// space, and a re-layout would shift the break by a word each run).
fn unwrappable_overflow(
    old: &str,
    new: &str,
    count: &dyn Fn(&str) -> f64,
    (cpl, max_lines): (f64, u32),
) -> bool {
    let used = old.split('\n').filter(|l| count::has_visible(l)).count();
    let widest = |t: &str| t.split('\n').map(count).fold(0.0f64, f64::max);
    let (old_w, new_w) = (widest(old), widest(new));
    used < max_lines as usize
        && old_w > cpl
        && new_w < old_w
        && old
            .split('\n')
            .any(|l| count(l) > cpl && l.chars().any(script::is_thai_like))
}

/// Lays the lines out again when they break the limits (or always, for `Rebreak::Always`).
/// Returns the limits `(max_chars_per_line, max_lines)` when the text cannot fit them.
fn rebreak(
    text: &mut RichText,
    limits: &FixLimits,
    keep: &[String],
    lang: &str,
    style: Option<&str>,
    ctx: (usize, u32),
    out: &mut FixOutcome,
) -> Option<(f64, u32)> {
    let (Some(cpl), Some(max_lines)) = (limits.max_chars_per_line, limits.max_lines) else {
        return None;
    };
    if limits.rebreak == Rebreak::Never {
        return None;
    }
    let mode = limits.counting;
    let count = move |l: &str| count::count_line(l, mode);
    let measure = |l: &str| limits.pixels.as_ref().map_or(0.0, |p| p.measure.width(l));
    let bl = BreakLimits {
        max_chars_per_line: cpl,
        max_lines,
        count: &count,
        keep_together: keep,
        pixels: limits.pixels.as_ref().map(|p| Pixels {
            measure: &measure,
            max_width: p.width_for(style),
        }),
    };
    let plain = text.to_plain();
    if fits(&plain, &bl) && limits.rebreak != Rebreak::Always {
        return None;
    }
    // Marks that `fit` manages are laid out again after breaking; stale ones would end up in
    // the middle of the new lines.
    let base = if limits.rtl == RtlMode::None {
        text.clone()
    } else {
        let strip: Vec<edit::Edit> = plain
            .char_indices()
            .filter(|&(_, c)| rtl::is_bidi_control(c))
            .map(|(i, c)| edit::Edit::new(i..i + c.len_utf8(), "", edit::Place::AfterPrev))
            .collect();
        edit::apply_rich(text, &strip)
    };
    let r = break_rich(&base, lang, &bl);
    let unfit = (!r.fits).then_some((cpl, max_lines));
    if !r.fits
        && limits.rebreak != Rebreak::Always
        && !unwrappable_overflow(&plain, &r.text.to_plain(), &count, (cpl, max_lines))
    {
        return unfit;
    }
    let rule = if plain.split('\n').filter(|l| count::has_visible(l)).count() > max_lines as usize {
        rules::TEXT_MAX_LINES
    } else {
        rules::TEXT_MAX_CHARS_PER_LINE
    };
    let new_plain = r.text.to_plain();
    // Same layout as before (marks aside): keep the text as it is.
    if new_plain != plain && new_plain != base.to_plain() {
        record_text(ctx, rule, plain, new_plain, out);
        *text = r.text;
    }
    unfit
}
