//! Quality checks over a `Track`: timing, reading speed, line limits, markup, language rules.
//!
//! `check_track` runs every rule against one track and one resolved profile (`Limits`, which
//! already carries the language) and returns findings as `Diagnostic`s with stable rule ids,
//! the cue id, the cue's source line and message arguments holding the measured value and the
//! limit. Rules live by noun: `timing` (order, overlap, durations, gaps), `text` (empty cues,
//! lines, characters per line, reading speed), `markup` (tags, italics) and `script` (punctuation,
//! RTL marks, Persian ZWNJ, character sets).
//!
//! Severity of a finding: the rule's default (`default_severity`); capped at warning when the
//! limit it breaks was not published by the platform itself — an industry default (status IND,
//! the platform publishes nothing) or a QC tool's reading of the rules (TOOL) — so a CI gate fails
//! a delivery only on a rule the platform wrote down (DOC, DOC-2); `--severity rule=error` raises it;
//! then the profile's own `severity:` map; then the user's overrides (`SeverityOverrides`).
//!
//! A finding's arguments hold measured values and the limit's value, not its source or status:
//! those are per file, not per finding (`limit_entry` gives them for a rule). Rules a user set to
//! `off` are not computed at all.
//!
//! Comment events and cues that are only an ASS drawing are not shown to viewers and are skipped
//! by every rule. No allocation per cue (one reused plain-text buffer); only findings allocate.

mod layout;
mod markup;
mod script;
mod text;
mod timing;

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Severity, rules};
use crate::model::{Cue, Fps, Track};
use crate::platform::limits::{Evidence, Limit};
use crate::platform::screen::is_shown;
use crate::platform::{LimitEntry, Limits};

/// How to run the checks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CheckOptions {
    /// Frame rate for frame-based rules (`--fps`); wins over the track's own and the profile's.
    pub fps: Option<Fps>,
    /// Per-rule severity changes (`off` drops a rule's findings).
    pub overrides: SeverityOverrides,
    /// Fonts that measure text for the layout rules of a profile with a canvas (`None`: widths
    /// are estimated from counted characters).
    pub fonts: Option<crate::typeset::Fonts>,
}

/// Every check rule with its default severity.
pub const RULES: &[(&str, Severity)] = &[
    (rules::TIMING_OVERLAP, Severity::Error),
    (rules::TIMING_OUT_OF_ORDER, Severity::Error),
    (rules::TIMING_ZERO_DURATION, Severity::Error),
    (rules::TIMING_MIN_DURATION, Severity::Error),
    (rules::TIMING_MAX_DURATION, Severity::Error),
    (rules::TIMING_MIN_GAP, Severity::Error),
    (rules::TEXT_MAX_LINES, Severity::Error),
    (rules::TEXT_MAX_CHARS_PER_LINE, Severity::Error),
    (rules::READING_SPEED, Severity::Error),
    // The BBC lets the rate follow the programme's pace (§4), so words per minute only warn.
    (rules::READING_SPEED_WPM, Severity::Warning),
    (rules::TEXT_EMPTY_CUE, Severity::Warning),
    (rules::MARKUP_UNBALANCED, Severity::Warning),
    (rules::MARKUP_UNKNOWN, Severity::Warning),
    (rules::ITALICS_FORBIDDEN, Severity::Error),
    (rules::PUNCT_FORBIDDEN, Severity::Warning),
    (rules::PUNCT_LINE_END, Severity::Warning),
    (rules::PUNCT_ARABIC_SCRIPT, Severity::Warning),
    (rules::PUNCT_SPACE_BEFORE, Severity::Warning),
    (rules::PUNCT_ELLIPSIS, Severity::Warning),
    (rules::RTL_LINE_END_MARK, Severity::Warning),
    (rules::TEXT_ZWNJ_STRIPPED, Severity::Warning),
    (rules::CHARSET_INVALID, Severity::Error),
    (rules::LAYOUT_OUTSIDE_SAFE_AREA, Severity::Error),
    (rules::LAYOUT_TOO_MANY_LINES, Severity::Error),
];

/// The default severity of a check rule (`Warning` for ids that are not check rules).
pub fn default_severity(rule: &str) -> Severity {
    RULES
        .iter()
        .find(|(r, _)| *r == rule)
        .map_or(Severity::Warning, |(_, s)| *s)
}

/// Runs every rule on `track` against `limits` (a profile resolved for the track's language).
/// Findings come in cue order, then rule order within a cue.
pub fn check_track(track: &Track, limits: &Limits, opts: &CheckOptions) -> Vec<Diagnostic> {
    let fps = limits.fps_or_default(opts.fps.or(track.fps));
    let mut sink = Sink {
        limits,
        overrides: &opts.overrides,
        out: Vec::new(),
    };
    let shown: Vec<(usize, &Cue)> = track
        .cues
        .iter()
        .enumerate()
        .filter(|(_, c)| is_shown(c))
        .collect();
    timing::check(track, &shown, limits, fps, &mut sink);
    let text_rules = text::TextRules::new(limits, &sink);
    let script_rules = script::ScriptRules::new(limits, &sink);
    let markup_rules = markup::MarkupRules::new(track, limits, &sink);
    let layout_rules = layout::LayoutRules::new(track, limits, opts.fonts.as_ref(), &sink);
    let mut plain = String::new();
    for &(index, cue) in &shown {
        plain.clear();
        cue.text.push_plain(&mut plain);
        let at = FindingCue::new(index, cue);
        text_rules.check(cue, at, &plain, &mut sink);
        markup_rules.check(cue, at, &mut sink);
        script_rules.check(at, &plain, &mut sink);
        if let Some(l) = &layout_rules {
            l.check(cue, at, &plain, &mut sink);
        }
    }
    let mut out = sink.out;
    // Stable sort: timing findings (found in a separate pass) join their cue's text findings.
    out.sort_by_key(|d| d.cue);
    out
}

/// The start time of the cue a finding is about (for reports that show `hh:mm:ss,mmm`).
pub fn cue_start_ms(track: &Track, d: &Diagnostic) -> Option<i64> {
    let id = d.cue?;
    let by_position = usize::try_from(id)
        .ok()
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| track.cues.get(i))
        .filter(|c| c.id == id || c.id == 0);
    by_position
        .or_else(|| track.cues.iter().find(|c| c.id == id))
        .map(|c| c.start.ms())
}

/// The cue a finding is about: its id (1-based position) and source line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FindingCue {
    pub id: u32,
    pub line: u32,
}

impl FindingCue {
    fn new(index: usize, cue: &Cue) -> FindingCue {
        let id = if cue.id > 0 {
            cue.id
        } else {
            u32::try_from(index + 1).unwrap_or(u32::MAX)
        };
        FindingCue { id, line: cue.line }
    }
}

/// Collects findings with their severity worked out.
pub(crate) struct Sink<'a> {
    limits: &'a Limits,
    overrides: &'a SeverityOverrides,
    out: Vec<Diagnostic>,
}

impl Sink<'_> {
    /// Whether the user left `rule` on (rules set to `off` are not even computed).
    pub fn on(&self, rule: &str) -> bool {
        self.overrides.get(rule) != Some(RuleLevel::Off)
    }

    /// A finding of `rule` against a limit with `status` (`None` for rules without a limit).
    pub fn emit(
        &mut self,
        rule: &'static str,
        status: Option<Evidence>,
        at: FindingCue,
        args: Vec<(String, String)>,
    ) {
        let cap =
            matches!(status, Some(Evidence::Ind | Evidence::Tool)).then_some(Severity::Warning);
        self.emit_inner(rule, cap, at, args);
    }

    /// A finding whose severity is at most `cap` (before the profile's own severity map).
    pub fn emit_capped(
        &mut self,
        rule: &'static str,
        cap: Severity,
        at: FindingCue,
        args: Vec<(String, String)>,
    ) {
        self.emit_inner(rule, Some(cap), at, args);
    }

    fn emit_inner(
        &mut self,
        rule: &'static str,
        cap: Option<Severity>,
        at: FindingCue,
        args: Vec<(String, String)>,
    ) {
        let mut severity = default_severity(rule);
        if let Some(cap) = cap {
            severity = severity.min(cap);
        }
        if let Some(s) = self.limits.severity.get(rule) {
            severity = *s;
        }
        match self.overrides.get(rule) {
            Some(RuleLevel::Off) => return,
            Some(RuleLevel::On(s)) => severity = s,
            None => {}
        }
        let mut d = Diagnostic::new(rule, severity).at(at.line, 0).cue(at.id);
        d.args = args;
        self.out.push(d);
    }

    /// A finding against `limit` (its status decides the severity cap; its source and status
    /// are not repeated in every finding: see `limit_entry`).
    pub fn emit_limit<T>(
        &mut self,
        rule: &'static str,
        limit: &Limit<T>,
        at: FindingCue,
        args: Vec<(String, String)>,
    ) {
        self.emit(rule, Some(limit.status), at, args);
    }
}

/// Message arguments with owned keys, built in place (`args![("cps", v), …]`).
macro_rules! args {
    ($(($k:expr, $v:expr)),* $(,)?) => {
        vec![$(($k.to_string(), $v)),*]
    };
}
pub(crate) use args;

/// The `Limits` field a rule checks (`reading-speed` → `max_cps`), for reports that show a
/// finding's limit with its source and status. `None` for rules without a limit (overlap…).
pub fn limit_key(rule: &str) -> Option<&'static str> {
    Some(match rule {
        rules::TIMING_MIN_DURATION => "min_duration",
        rules::TIMING_MAX_DURATION => "max_duration",
        rules::TIMING_MIN_GAP => "min_gap",
        rules::TEXT_MAX_LINES => "max_lines",
        rules::TEXT_MAX_CHARS_PER_LINE => "max_chars_per_line",
        rules::READING_SPEED => "max_cps",
        rules::READING_SPEED_WPM => "max_wpm",
        rules::ITALICS_FORBIDDEN => "italics",
        rules::PUNCT_FORBIDDEN => "punct_forbidden",
        rules::PUNCT_LINE_END => "punct_line_end",
        rules::PUNCT_ARABIC_SCRIPT => "punct_arabic_script",
        rules::PUNCT_SPACE_BEFORE => "punct_no_space_before",
        rules::PUNCT_ELLIPSIS => "ellipsis_char",
        rules::RTL_LINE_END_MARK => "rtl_marks",
        rules::TEXT_ZWNJ_STRIPPED => "zwnj",
        rules::CHARSET_INVALID => "charset",
        rules::LAYOUT_OUTSIDE_SAFE_AREA => "safe_area",
        rules::LAYOUT_TOO_MANY_LINES => "safe_area",
        _ => return None,
    })
}

/// The limit behind a finding of `rule`, with its value, status and source.
pub fn limit_entry(limits: &Limits, rule: &str) -> Option<LimitEntry> {
    let key = limit_key(rule)?;
    limits.entries().into_iter().find(|e| e.key == key)
}

/// A rule's level as a user sets it: a severity, or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleLevel {
    Off,
    On(Severity),
}

/// A rule id or level that does not exist.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OverrideError {
    #[error("unknown rule {0:?}")]
    UnknownRule(String),
    #[error("invalid level {0:?}: expected off, info, warning or error")]
    BadLevel(String),
    #[error("invalid severity override {0:?}: expected RULE=LEVEL")]
    BadSpec(String),
}

/// Per-rule severity overrides (`subloc.yaml` `check.severity:` or `--severity rule=level`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeverityOverrides(BTreeMap<&'static str, RuleLevel>);

impl SeverityOverrides {
    /// Sets `rule` to `level` (`off`, `info`, `warning`, `error`). The rule must be a known id.
    pub fn set(&mut self, rule: &str, level: &str) -> Result<(), OverrideError> {
        let id = rules::ALL
            .iter()
            .copied()
            .find(|r| *r == rule.trim())
            .ok_or_else(|| OverrideError::UnknownRule(rule.to_string()))?;
        let level = match level.trim().to_ascii_lowercase().as_str() {
            "off" | "none" => RuleLevel::Off,
            "info" => RuleLevel::On(Severity::Info),
            "warning" | "warn" => RuleLevel::On(Severity::Warning),
            "error" => RuleLevel::On(Severity::Error),
            _ => return Err(OverrideError::BadLevel(level.to_string())),
        };
        self.0.insert(id, level);
        Ok(())
    }

    /// Parses `rule=level[,rule=level…]`.
    pub fn parse_list(spec: &str) -> Result<SeverityOverrides, OverrideError> {
        let mut o = SeverityOverrides::default();
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (rule, level) = part
                .split_once('=')
                .ok_or_else(|| OverrideError::BadSpec(part.to_string()))?;
            o.set(rule, level)?;
        }
        Ok(o)
    }

    pub fn get(&self, rule: &str) -> Option<RuleLevel> {
        self.0.get(rule).copied()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Applies user overrides: changes severities and drops the findings of rules set to `off`.
pub fn apply_overrides(diags: Vec<Diagnostic>, overrides: &SeverityOverrides) -> Vec<Diagnostic> {
    if overrides.is_empty() {
        return diags;
    }
    diags
        .into_iter()
        .filter_map(|mut d| match overrides.get(d.rule) {
            Some(RuleLevel::Off) => None,
            Some(RuleLevel::On(s)) => {
                d.severity = s;
                Some(d)
            }
            None => Some(d),
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests;
