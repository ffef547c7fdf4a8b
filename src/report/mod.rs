//! The report layer of `subloc check`: what was found, per file, as data (`CheckReport`), the
//! summary computed from it, the exit-code rule, a baseline of accepted findings, and one small
//! renderer per output format picked by one `match` in [`render`].
//!
//! Renderers return `String`s and never print. Machine formats (JSON, JUnit, GitHub annotations,
//! SARIF) are never localized: their only prose comes from `RenderOptions::machine_message`, which
//! the caller binds to one fixed language. Human and HTML output take every word from the caller's
//! localizer closures; [`LABEL_IDS`] lists the Fluent message ids they ask for.

mod baseline;
mod escape;
mod github;
mod html;
mod human;
mod json;
mod junit;
mod page;
pub mod preview;
pub mod review_page;
mod sarif;
mod season;
mod svg;
#[cfg(test)]
mod testutil;

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Severity};
use crate::model::Timestamp;

pub use baseline::{Baseline, BaselineEntry, BaselineError};
pub use preview::{PickReason, Preview, PreviewFrame};
pub use season::{HtmlPage, IndexRow, MAX_PAGE_BYTES, Season, index_page, season_pages};

pub use crate::platform::lang::LangSource;

/// Reading speed of one cue, the data behind the HTML timeline.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct TimelinePoint {
    /// Cue id (1-based position in the file), as in `Diagnostic::cue`.
    pub cue: u32,
    pub start_ms: i64,
    pub end_ms: i64,
    /// Characters per second as the platform counts them (may be infinite for a zero-length cue).
    pub cps: f64,
}

/// What a cue with findings shows, so a report can print it next to its findings: a QC lead must
/// not have to open the file to see what is too fast.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CueText {
    /// Cue id as the findings name it (the delivered file's numbering).
    pub cue: u32,
    /// 1-based line of the cue in the file (0 when the format has no lines).
    pub line: u32,
    pub start_ms: i64,
    pub end_ms: i64,
    /// The displayed text, markup removed, lines separated by `\n`.
    pub text: String,
    /// `translate`: the text of the source cue this one translates.
    pub source: Option<String>,
}

impl CueText {
    pub fn duration_ms(&self) -> i64 {
        self.end_ms - self.start_ms
    }
}

/// Everything `check` found about one file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FileReport {
    /// The path as the user gave it (renderers print it unchanged).
    pub path: String,
    /// BCP 47 tag of the file's language.
    pub lang: String,
    pub lang_source: LangSource,
    /// Platform profile id the file was checked against.
    pub platform: String,
    pub findings: Vec<Diagnostic>,
    /// One point per displayed cue. Besides the chart, it gives each finding its start time.
    pub timeline: Vec<TimelinePoint>,
    /// The profile's reading-speed limit for this language, drawn on the chart.
    pub cps_limit: Option<f64>,
    /// The text and times of every cue a finding is about, sorted by cue id (`CheckReport::new`).
    pub cues: Vec<CueText>,
    /// Set when the file could not be read or decoded; such a file has no findings.
    pub error: Option<String>,
    /// What the viewer sees (platforms with a canvas, when the command made frames): shown by
    /// the HTML report only.
    pub preview: Option<Preview>,
}

impl FileReport {
    pub fn new(
        path: impl Into<String>,
        lang: impl Into<String>,
        lang_source: LangSource,
        platform: impl Into<String>,
    ) -> Self {
        FileReport {
            path: path.into(),
            lang: lang.into(),
            lang_source,
            platform: platform.into(),
            ..FileReport::default()
        }
    }

    /// A file that could not be read: no findings, only the reason.
    pub fn unreadable(
        path: impl Into<String>,
        platform: impl Into<String>,
        error: impl Into<String>,
    ) -> Self {
        FileReport {
            path: path.into(),
            platform: platform.into(),
            error: Some(error.into()),
            ..FileReport::default()
        }
    }

    /// Start time of a cue, from the timeline. `CheckReport::new` sorts the timeline by cue id, which
    /// is what makes the binary search valid.
    pub fn start_ms(&self, cue: u32) -> Option<i64> {
        self.point(cue).map(|p| p.start_ms)
    }

    /// The timeline point of a cue (see `start_ms` for the ordering it relies on).
    pub fn point(&self, cue: u32) -> Option<&TimelinePoint> {
        let i = self.timeline.binary_search_by_key(&cue, |p| p.cue).ok()?;
        self.timeline.get(i)
    }

    /// The text and times of a cue with findings (see `start_ms` for the ordering it relies on).
    pub fn cue_text(&self, cue: u32) -> Option<&CueText> {
        let i = self.cues.binary_search_by_key(&cue, |c| c.cue).ok()?;
        self.cues.get(i)
    }

    /// Start time of the cue a finding is about, if it is about one.
    pub fn finding_start(&self, d: &Diagnostic) -> Option<i64> {
        d.cue.and_then(|c| self.start_ms(c))
    }

    /// Findings per severity.
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for d in &self.findings {
            c.add(d.severity);
        }
        c
    }
}

/// Numbers of findings by severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Counts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
    pub total: usize,
}

impl Counts {
    pub fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.error += 1,
            Severity::Warning => self.warning += 1,
            Severity::Info => self.info += 1,
        }
        self.total += 1;
    }

    pub fn get(&self, severity: Severity) -> usize {
        match severity {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
        }
    }

    fn merge(&mut self, other: Counts) {
        self.error += other.error;
        self.warning += other.warning;
        self.info += other.info;
        self.total += other.total;
    }
}

/// Totals of a report. Maps are `BTreeMap`s so every output lists them in the same order.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    /// Files in the report, readable or not.
    pub files: usize,
    /// Files that could not be read.
    pub unreadable: usize,
    pub findings: Counts,
    /// Path → counts, for every file (a clean file has all zeros; a path given twice is merged).
    pub by_file: BTreeMap<String, Counts>,
    /// Rule id → counts, only for rules that fired.
    pub by_rule: BTreeMap<String, Counts>,
}

impl Summary {
    pub fn from_files(files: &[FileReport]) -> Summary {
        let mut s = Summary {
            files: files.len(),
            ..Summary::default()
        };
        for f in files {
            if f.error.is_some() {
                s.unreadable += 1;
            }
            let counts = f.counts();
            s.findings.merge(counts);
            s.by_file.entry(f.path.clone()).or_default().merge(counts);
            for d in &f.findings {
                s.by_rule
                    .entry(d.rule.to_string())
                    .or_default()
                    .add(d.severity);
            }
        }
        s
    }
}

/// The result of checking a set of files.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CheckReport {
    pub files: Vec<FileReport>,
    pub summary: Summary,
}

impl CheckReport {
    /// Builds the report: orders each file's findings by position (so parallel or rule-by-rule
    /// checking gives the same output) and its timeline by cue id, then computes the summary.
    /// Files keep the caller's order.
    pub fn new(mut files: Vec<FileReport>) -> CheckReport {
        for f in &mut files {
            f.findings
                .sort_by_key(|d| (d.line, d.column, d.cue, d.rule));
            f.timeline.sort_by_key(|p| p.cue);
            f.cues.sort_by_key(|c| c.cue);
            f.cues.dedup_by_key(|c| c.cue);
        }
        let summary = Summary::from_files(&files);
        CheckReport { files, summary }
    }

    /// Recomputes `summary` after findings were edited in place.
    pub fn recompute_summary(&mut self) {
        self.summary = Summary::from_files(&self.files);
    }

    /// Applies per-rule severity overrides: rule id → new severity, or `None` to drop the rule's
    /// findings altogether. Rules not in the map keep their severity.
    pub fn apply_overrides(&mut self, overrides: &BTreeMap<String, Option<Severity>>) {
        if overrides.is_empty() {
            return;
        }
        for f in &mut self.files {
            f.findings.retain_mut(|d| match overrides.get(d.rule) {
                Some(Some(sev)) => {
                    d.severity = *sev;
                    true
                }
                Some(None) => false,
                None => true,
            });
        }
        self.recompute_summary();
    }

    /// The highest severity found, if anything was found.
    pub fn max_found(&self) -> Option<Severity> {
        self.files
            .iter()
            .flat_map(|f| f.findings.iter().map(|d| d.severity))
            .max()
    }

    /// Process exit code for the findings: 1 when any finding is more severe than `max_severity`
    /// (the highest severity that still passes), else 0. The CLI's default is
    /// `Severity::Warning` (errors fail); `Severity::Error` never fails, `Severity::Info` also
    /// fails on warnings. Unreadable files are the CLI's business (exit 2), see `summary.unreadable`.
    pub fn exit_code(&self, max_severity: Severity) -> u8 {
        match self.max_found() {
            Some(found) if found > max_severity => 1,
            _ => 0,
        }
    }

    /// Every finding with its file, in report order.
    pub fn findings(&self) -> impl Iterator<Item = (&FileReport, &Diagnostic)> {
        self.files
            .iter()
            .flat_map(|f| f.findings.iter().map(move |d| (f, d)))
    }
}

/// What a finding measured and the limit it broke, read from the rule's arguments: the numbers a
/// report shows side by side ("22 cps / 17"). `None` for rules that measure nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    /// The measured value as the rule wrote it (a decimal number).
    pub value: String,
    /// The profile's limit, when the rule has one.
    pub limit: Option<String>,
    /// `cps`, `wpm`, `lines`, `chars`, `ms` or `px` (a Fluent selector of `report-measured`).
    pub unit: &'static str,
}

/// The measured value and limit of a finding (see [`Measured`]). Only arguments that are numbers
/// are taken: a report never shows text where a number belongs.
pub fn measured(d: &Diagnostic) -> Option<Measured> {
    use crate::diag::rules;
    let (value, limit, unit) = match d.rule {
        rules::READING_SPEED => ("cps", Some("max"), "cps"),
        rules::READING_SPEED_WPM => ("wpm", Some("max"), "wpm"),
        rules::TEXT_MAX_LINES | rules::LAYOUT_TOO_MANY_LINES => ("lines", Some("max"), "lines"),
        rules::TEXT_MAX_CHARS_PER_LINE => ("chars", Some("max"), "chars"),
        rules::TIMING_MIN_DURATION => ("duration_ms", Some("min_ms"), "ms"),
        rules::TIMING_MAX_DURATION => ("duration_ms", Some("max_ms"), "ms"),
        rules::TIMING_MIN_GAP => ("gap_ms", Some("min_ms"), "ms"),
        rules::TIMING_OVERLAP => ("overlap_ms", None, "ms"),
        rules::TIMING_ZERO_DURATION => ("duration_ms", None, "ms"),
        rules::LAYOUT_OUTSIDE_SAFE_AREA => ("px", None, "px"),
        _ => return None,
    };
    let number = |name: &str| {
        d.get_arg(name)
            .filter(|v| v.parse::<f64>().is_ok_and(f64::is_finite))
            .map(str::to_string)
    };
    Some(Measured {
        value: number(value)?,
        limit: limit.and_then(number),
        unit,
    })
}

/// Output formats of `subloc check --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportFormat {
    Human,
    Json,
    Junit,
    Github,
    Sarif,
    Html,
}

impl ReportFormat {
    pub const ALL: [ReportFormat; 6] = [
        ReportFormat::Human,
        ReportFormat::Json,
        ReportFormat::Junit,
        ReportFormat::Github,
        ReportFormat::Sarif,
        ReportFormat::Html,
    ];

    /// The canonical name (`--format` value).
    pub fn name(self) -> &'static str {
        match self {
            ReportFormat::Human => "human",
            ReportFormat::Json => "json",
            ReportFormat::Junit => "junit",
            ReportFormat::Github => "github",
            ReportFormat::Sarif => "sarif",
            ReportFormat::Html => "html",
        }
    }

    /// From a `--format` value, case-insensitive.
    pub fn from_name(name: &str) -> Option<ReportFormat> {
        let lower = name.to_ascii_lowercase();
        ReportFormat::ALL.into_iter().find(|f| f.name() == lower)
    }

    /// Whether the output follows the UI language (only human and HTML do).
    pub fn is_localized(self) -> bool {
        matches!(self, ReportFormat::Human | ReportFormat::Html)
    }
}

/// Text of a finding: the caller renders `d.rule` as a Fluent message with `d.args`.
pub type MessageFn<'a> = &'a dyn Fn(&Diagnostic) -> String;
/// Text of a label: Fluent message id and its arguments (numbers are passed as decimal strings).
pub type LabelFn<'a> = &'a dyn Fn(&str, &[(&str, String)]) -> String;
/// Short description of a rule id (SARIF `shortDescription`).
pub type RuleTextFn<'a> = &'a dyn Fn(&str) -> String;

/// Every label id the human and HTML renderers pass to `RenderOptions::label`, for the locale
/// files and their completeness test. Arguments are listed in the module docs of `human` and `html`.
pub const LABEL_IDS: &[&str] = &[
    "report-cue",
    "report-severity",
    "report-file-unreadable",
    "report-heading-files",
    "report-heading-rules",
    "report-counts",
    "report-total",
    "report-no-findings",
    "report-html-title",
    "report-generated",
    "report-lang",
    "report-platform",
    "report-cps-limit",
    "report-col-line",
    "report-col-cue",
    "report-col-start",
    "report-col-end",
    "report-col-duration",
    "report-col-severity",
    "report-col-rule",
    "report-col-measured",
    "report-col-text",
    "report-col-message",
    "report-col-episode",
    "report-col-cues",
    "report-col-worst",
    "report-col-language",
    "report-col-platform",
    "report-col-files",
    "report-seconds",
    "report-measured",
    "report-measured-only",
    "report-source",
    "report-filter-episode",
    "report-filter-rule",
    "report-filter-severity",
    "report-filter-all",
    "report-season-title",
    "report-split-note",
    "report-season-link",
    "report-index-link",
    "report-index-title",
    "report-timeline-title",
    "report-timeline-axis",
    "report-timeline-empty",
    "report-preview-heading",
    "report-preview-note",
    "report-preview-frame",
    "report-preview-reason",
    "report-preview-no-ffmpeg",
    "report-preview-failed",
];

/// What the renderers need besides the report.
pub struct RenderOptions<'a> {
    /// Finding text in the UI language (human, HTML).
    pub message: MessageFn<'a>,
    /// Label text in the UI language (human, HTML); ids in [`LABEL_IDS`].
    pub label: LabelFn<'a>,
    /// Finding text for machine formats, in one fixed language (never the UI language).
    pub machine_message: MessageFn<'a>,
    /// Rule descriptions for SARIF, in the same fixed language.
    pub rule_description: RuleTextFn<'a>,
    /// ANSI colours in human output.
    pub color: bool,
    /// Human output with `-q`: the error findings only, no summaries.
    pub errors_only: bool,
    /// BCP 47 tag of the UI language (HTML `lang`/`dir`).
    pub ui_lang: &'a str,
    /// When the report was made, seconds since the Unix epoch (JUnit timestamp, HTML footer).
    pub generated_at: i64,
    pub tool_version: &'a str,
}

impl Default for RenderOptions<'static> {
    /// Plain fallbacks everywhere: `rule (name=value, …)` texts, no colour, `en-US`, the current
    /// time. Enough for the machine formats; the CLI supplies Fluent closures for human and HTML.
    fn default() -> Self {
        RenderOptions {
            message: &plain_message,
            label: &plain_label,
            machine_message: &plain_message,
            rule_description: &plain_rule_description,
            color: false,
            errors_only: false,
            ui_lang: "en-US",
            generated_at: crate::date::now_unix(),
            tool_version: env!("CARGO_PKG_VERSION"),
        }
    }
}

impl<'a> RenderOptions<'a> {
    /// Options with the caller's localizers and plain machine texts (see `Default`).
    pub fn new(message: MessageFn<'a>, label: LabelFn<'a>) -> RenderOptions<'a> {
        RenderOptions {
            message,
            label,
            ..RenderOptions::default()
        }
    }

    fn label_text(&self, id: &str, args: &[(&str, String)]) -> String {
        (self.label)(id, args)
    }

    fn severity_label(&self, severity: Severity) -> String {
        self.label_text(
            "report-severity",
            &[("severity", severity.name().to_string())],
        )
    }
}

/// Renders a report in the chosen format.
pub fn render(report: &CheckReport, format: ReportFormat, opts: &RenderOptions<'_>) -> String {
    match format {
        ReportFormat::Human => human::render(report, opts),
        ReportFormat::Json => json::render(report),
        ReportFormat::Junit => junit::render(report, opts),
        ReportFormat::Github => github::render(report, opts),
        ReportFormat::Sarif => sarif::render(report, opts),
        ReportFormat::Html => html::render(report, opts),
    }
}

/// Fallback finding text: `rule (name=value, …)`.
pub fn plain_message(d: &Diagnostic) -> String {
    let args: Vec<(&str, String)> = d
        .args
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    plain_label(d.rule, &args)
}

/// Fallback label text: `id (name=value, …)`, handy in tests.
pub fn plain_label(id: &str, args: &[(&str, String)]) -> String {
    if args.is_empty() {
        return id.to_string();
    }
    let list: Vec<String> = args.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("{id} ({})", list.join(", "))
}

/// Fallback rule description: the id in words (`reading-speed-high` → `Reading speed high`).
pub fn plain_rule_description(rule: &str) -> String {
    let words = rule.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `YYYY-MM-DDTHH:MM:SS` in UTC (the form the JUnit schema demands: no zone designator).
pub(crate) fn iso_datetime(unix_secs: i64) -> String {
    crate::date::Utc::from_unix(unix_secs).iso_datetime()
}

/// `hh:mm:ss,mmm` of a start time.
fn clock(ms: i64) -> String {
    Timestamp(ms).fmt_clock(',')
}

/// A path as a portable, forward-slash string (for annotations and URIs).
fn slash_path(path: &str) -> String {
    path.replace('\\', "/")
}

/// Rows of cells laid out in left-aligned columns padded by display width (CJK counts 2), two
/// spaces between columns, no trailing spaces: the human tables of `translate`, `memory` and
/// `platforms`.
pub fn text_table(rows: &[Vec<String>]) -> String {
    use unicode_width::UnicodeWidthStr;
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < row.len() {
                let pad = widths
                    .get(c)
                    .copied()
                    .unwrap_or(0)
                    .saturating_sub(cell.width());
                line.push_str(&" ".repeat(pad + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::testutil::sample_report;
    use super::*;
    use crate::diag::Diagnostic;

    #[test]
    fn summary_counts_by_severity_file_and_rule() {
        let r = sample_report();
        let s = &r.summary;
        assert_eq!(s.files, 4);
        assert_eq!(s.unreadable, 1);
        let expected_total: usize = r.files.iter().map(|f| f.findings.len()).sum();
        assert_eq!(s.findings.total, expected_total);
        assert_eq!(
            s.findings.error + s.findings.warning + s.findings.info,
            s.findings.total
        );
        let errors = r
            .findings()
            .filter(|(_, d)| d.severity == Severity::Error)
            .count();
        assert_eq!(s.findings.error, errors);
        for f in &r.files {
            assert_eq!(
                s.by_file.get(&f.path).map(|c| c.total),
                Some(f.findings.len())
            );
        }
        let rule_sum: usize = s.by_rule.values().map(|c| c.total).sum();
        assert_eq!(rule_sum, s.findings.total);
        assert_eq!(
            s.by_rule.get("reading-speed-high").map(|c| c.error),
            Some(
                r.findings()
                    .filter(|(_, d)| d.rule == "reading-speed-high" && d.severity == Severity::Error)
                    .count()
            )
        );
    }

    #[test]
    fn new_orders_findings_by_position_and_timeline_by_cue() {
        let mut f = FileReport::new("a.srt", "en", LangSource::Flag, "generic");
        f.findings
            .push(Diagnostic::new("b", Severity::Info).at(9, 1).cue(3));
        f.findings
            .push(Diagnostic::new("a", Severity::Info).at(2, 1).cue(1));
        f.timeline = vec![
            TimelinePoint {
                cue: 2,
                start_ms: 2000,
                end_ms: 2500,
                cps: 1.0,
            },
            TimelinePoint {
                cue: 1,
                start_ms: 1000,
                end_ms: 1500,
                cps: 1.0,
            },
        ];
        let r = CheckReport::new(vec![f]);
        let lines: Vec<u32> = r.files[0].findings.iter().map(|d| d.line).collect();
        assert_eq!(lines, vec![2, 9]);
        assert_eq!(r.files[0].start_ms(1), Some(1000));
        assert_eq!(r.files[0].start_ms(2), Some(2000));
        assert_eq!(r.files[0].start_ms(7), None);
    }

    #[test]
    fn exit_code_follows_max_severity() {
        let mut f = FileReport::new("a.srt", "en", LangSource::Flag, "generic");
        f.findings.push(Diagnostic::new("w", Severity::Warning));
        let warn_only = CheckReport::new(vec![f.clone()]);
        assert_eq!(warn_only.exit_code(Severity::Warning), 0);
        assert_eq!(warn_only.exit_code(Severity::Info), 1);
        f.findings.push(Diagnostic::new("e", Severity::Error));
        let with_error = CheckReport::new(vec![f]);
        assert_eq!(with_error.exit_code(Severity::Warning), 1);
        assert_eq!(with_error.exit_code(Severity::Error), 0);
        assert_eq!(CheckReport::new(Vec::new()).exit_code(Severity::Info), 0);
    }

    #[test]
    fn overrides_change_severity_or_drop_and_update_summary() {
        let mut r = sample_report();
        let before = r.summary.by_rule.get("reading-speed-high").map(|c| c.total);
        assert!(before.unwrap_or(0) > 0);
        let mut o = BTreeMap::new();
        o.insert("reading-speed-high".to_string(), Some(Severity::Info));
        o.insert("timing-overlap".to_string(), None);
        r.apply_overrides(&o);
        let rs = r
            .summary
            .by_rule
            .get("reading-speed-high")
            .copied()
            .unwrap_or_default();
        assert_eq!(rs.total, before.unwrap_or(0));
        assert_eq!(rs.info, rs.total);
        assert!(!r.summary.by_rule.contains_key("timing-overlap"));
        assert!(r.findings().all(|(_, d)| d.rule != "timing-overlap"));
    }

    #[test]
    fn label_ids_are_exactly_what_human_and_html_ask_for() {
        let seen = std::cell::RefCell::new(std::collections::BTreeSet::new());
        let label = |id: &str, args: &[(&str, String)]| {
            seen.borrow_mut().insert(id.to_string());
            plain_label(id, args)
        };
        let opts = RenderOptions::new(&plain_message, &label);
        let report = sample_report();
        let _ = render(&report, ReportFormat::Human, &opts);
        let _ = render(&report, ReportFormat::Html, &opts);
        // An empty timeline asks for its own label.
        let empty = CheckReport::new(vec![FileReport::new("e.srt", "en", LangSource::Flag, "x")]);
        let _ = render(&empty, ReportFormat::Html, &opts);
        // So does each kind of preview section.
        let _ = render(
            &preview::tests_support::with_previews(),
            ReportFormat::Html,
            &opts,
        );
        // A season split into episode pages, and the run's index.
        let season = Season {
            lang: "fa",
            platform: "netflix",
            name: "fa-netflix",
            index: Some("index.html"),
            max_bytes: 0,
        };
        let pages = season_pages(&report, &season, &opts);
        assert!(pages.len() > 1);
        let _ = index_page(
            &[IndexRow::new("fa", "netflix", "fa-netflix.html", &report)],
            &opts,
        );
        let expected: std::collections::BTreeSet<String> =
            LABEL_IDS.iter().map(|s| s.to_string()).collect();
        assert_eq!(*seen.borrow(), expected);
    }

    #[test]
    fn measured_values_come_from_the_rules_numeric_arguments() {
        use crate::diag::rules;
        let speed = Diagnostic::new(rules::READING_SPEED, Severity::Error)
            .arg("cps", "22.4")
            .arg("max", "17");
        assert_eq!(
            measured(&speed),
            Some(Measured {
                value: "22.4".into(),
                limit: Some("17".into()),
                unit: "cps"
            })
        );
        let gap = Diagnostic::new(rules::TIMING_MIN_GAP, Severity::Error)
            .arg("gap_ms", "40")
            .arg("min_ms", "83");
        assert_eq!(
            measured(&gap).map(|m| (m.value, m.limit)),
            Some(("40".into(), Some("83".into())))
        );
        let overlap =
            Diagnostic::new(rules::TIMING_OVERLAP, Severity::Error).arg("overlap_ms", "500");
        assert_eq!(measured(&overlap).and_then(|m| m.limit), None);
        // Text where a number belongs is not shown as one; rules that measure nothing have none.
        let odd = Diagnostic::new(rules::READING_SPEED, Severity::Error).arg("cps", "fast");
        assert_eq!(measured(&odd), None);
        assert_eq!(
            measured(&Diagnostic::new(rules::TEXT_EMPTY_CUE, Severity::Error)),
            None
        );
    }

    #[test]
    fn format_names_round_trip() {
        for f in ReportFormat::ALL {
            assert_eq!(ReportFormat::from_name(f.name()), Some(f));
        }
        assert_eq!(ReportFormat::from_name("SARIF"), Some(ReportFormat::Sarif));
        assert_eq!(ReportFormat::from_name("xml"), None);
    }

    #[test]
    fn iso_datetime_known_instants() {
        assert_eq!(iso_datetime(0), "1970-01-01T00:00:00");
        // 2000-02-29 12:34:56 UTC: a leap day in a century leap year.
        assert_eq!(iso_datetime(951_827_696), "2000-02-29T12:34:56");
        assert_eq!(iso_datetime(-1), "1969-12-31T23:59:59");
    }

    #[test]
    fn plain_texts() {
        let d = Diagnostic::new("reading-speed-high", Severity::Error).arg("cps", "21.5");
        assert_eq!(plain_message(&d), "reading-speed-high (cps=21.5)");
        assert_eq!(plain_rule_description("timing-overlap"), "Timing overlap");
    }

    #[test]
    fn tables_align_by_display_width() {
        let rows = vec![
            vec!["语言".to_string(), "x".to_string()],
            vec!["fa".to_string(), "y".to_string()],
        ];
        assert_eq!(text_table(&rows), "语言  x\nfa    y\n");
    }
}
