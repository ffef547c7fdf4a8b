//! Human output for a terminal, in the UI language: one line per finding, then a summary per file
//! and per rule, then the totals.
//!
//! ```text
//! ep01.fa.srt:14 cue 3 00:00:12,500 reading-speed-high error: <message>
//! ep01.fa.srt:20:3 parse-bad-timing error: <message>
//! ```
//!
//! Every word comes from the caller: the finding text from `RenderOptions::message`, the rest from
//! `RenderOptions::label` with these ids and arguments:
//! `report-cue` (cue), `report-severity` (severity = error|warning|info),
//! `report-file-unreadable` (error), `report-heading-files`, `report-heading-rules`,
//! `report-counts` (errors, warnings, infos, total), `report-lang` (lang, source =
//! flag|name|script|unknown), `report-platform` (platform), `report-total` (files, unreadable,
//! errors, warnings, infos, total).
//! Paths and messages are stripped of control characters so a crafted file name cannot drive the
//! terminal.

use super::escape::terminal;
use super::{CheckReport, Counts, FileReport, RenderOptions, clock};
use crate::diag::Severity;

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";

fn severity_colour(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "\x1b[1;31m",
        Severity::Warning => "\x1b[33m",
        Severity::Info => "\x1b[36m",
    }
}

struct Painter {
    on: bool,
}

impl Painter {
    fn paint(&self, style: &str, text: &str) -> String {
        if self.on {
            format!("{style}{text}{RESET}")
        } else {
            text.to_string()
        }
    }
}

fn counts_label(opts: &RenderOptions<'_>, c: &Counts) -> String {
    opts.label_text(
        "report-counts",
        &[
            ("errors", c.error.to_string()),
            ("warnings", c.warning.to_string()),
            ("infos", c.info.to_string()),
            ("total", c.total.to_string()),
        ],
    )
}

/// The whole report: the findings, the per-file and per-rule summaries, then the totals.
pub(super) fn render(report: &CheckReport, opts: &RenderOptions<'_>) -> String {
    let p = Painter { on: opts.color };
    let mut out = String::new();
    for file in &report.files {
        push_findings(&mut out, &p, file, opts);
    }
    if opts.errors_only {
        return out;
    }
    if !report.files.is_empty() {
        push_file_summaries(&mut out, &p, report, opts);
    }
    if !report.summary.by_rule.is_empty() {
        push_rule_summaries(&mut out, &p, report, opts);
    }
    push_total(&mut out, &p, report, opts);
    out
}

/// One line per finding of `file` (`path:line:column cue N start rule severity: message`), or
/// one line saying the file could not be read.
fn push_findings(out: &mut String, p: &Painter, file: &FileReport, opts: &RenderOptions<'_>) {
    let path = terminal(&file.path);
    if let Some(err) = &file.error {
        let text = opts.label_text("report-file-unreadable", &[("error", terminal(err))]);
        out.push_str(&format!(
            "{}: {}\n",
            p.paint(BOLD, &path),
            p.paint(severity_colour(Severity::Error), &text)
        ));
        return;
    }
    let shown = file
        .findings
        .iter()
        .filter(|d| !opts.errors_only || d.severity == Severity::Error);
    for d in shown {
        let mut place = path.clone();
        if d.line > 0 {
            place.push_str(&format!(":{}", d.line));
            if d.column > 0 {
                place.push_str(&format!(":{}", d.column));
            }
        }
        let mut line = p.paint(BOLD, &place);
        if let Some(cue) = d.cue {
            line.push(' ');
            line.push_str(&opts.label_text("report-cue", &[("cue", cue.to_string())]));
            if let Some(start) = file.finding_start(d) {
                line.push(' ');
                line.push_str(&p.paint(DIM, &clock(start)));
            }
        }
        let colour = severity_colour(d.severity);
        line.push(' ');
        line.push_str(&p.paint(colour, d.rule));
        line.push(' ');
        line.push_str(&p.paint(colour, &format!("{}:", opts.severity_label(d.severity))));
        line.push(' ');
        line.push_str(&terminal(&(opts.message)(d)));
        out.push_str(&line);
        out.push('\n');
    }
}

/// The files heading and one line per file: its counts, language and platform.
fn push_file_summaries(
    out: &mut String,
    p: &Painter,
    report: &CheckReport,
    opts: &RenderOptions<'_>,
) {
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&p.paint(BOLD, &opts.label_text("report-heading-files", &[])));
    out.push('\n');
    for file in &report.files {
        let text = match &file.error {
            Some(err) => opts.label_text("report-file-unreadable", &[("error", terminal(err))]),
            None => format!(
                "{} · {} · {}",
                counts_label(opts, &file.counts()),
                opts.label_text(
                    "report-lang",
                    &[
                        ("lang", terminal(&file.lang)),
                        ("source", file.lang_source.name().to_string())
                    ]
                ),
                opts.label_text("report-platform", &[("platform", terminal(&file.platform))])
            ),
        };
        out.push_str(&format!("  {}: {text}\n", terminal(&file.path)));
    }
}

/// The rules heading and one line per rule with its counts, rule names aligned.
fn push_rule_summaries(
    out: &mut String,
    p: &Painter,
    report: &CheckReport,
    opts: &RenderOptions<'_>,
) {
    out.push('\n');
    out.push_str(&p.paint(BOLD, &opts.label_text("report-heading-rules", &[])));
    out.push('\n');
    let width = report
        .summary
        .by_rule
        .keys()
        .map(|r| r.chars().count())
        .max()
        .unwrap_or(0);
    for (rule, counts) in &report.summary.by_rule {
        out.push_str(&format!(
            "  {rule:<width$}  {}\n",
            counts_label(opts, counts)
        ));
    }
}

/// The totals line, coloured by the worst severity found when that is a warning or an error.
fn push_total(out: &mut String, p: &Painter, report: &CheckReport, opts: &RenderOptions<'_>) {
    let s = &report.summary;
    let total = opts.label_text(
        "report-total",
        &[
            ("files", s.files.to_string()),
            ("unreadable", s.unreadable.to_string()),
            ("errors", s.findings.error.to_string()),
            ("warnings", s.findings.warning.to_string()),
            ("infos", s.findings.info.to_string()),
            ("total", s.findings.total.to_string()),
        ],
    );
    if !out.is_empty() {
        out.push('\n');
    }
    match report.max_found() {
        Some(sev) if sev >= Severity::Warning => {
            out.push_str(&p.paint(severity_colour(sev), &total))
        }
        _ => out.push_str(&p.paint(BOLD, &total)),
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{AWKWARD_PATH, sample_report};
    use super::super::{Diagnostic, plain_label};
    use super::*;

    fn localized_message(d: &Diagnostic) -> String {
        format!("MSG[{}]", d.get_arg("text").unwrap_or(d.rule))
    }

    fn label(id: &str, args: &[(&str, String)]) -> String {
        match id {
            "report-cue" => format!("نشانه {}", args.first().map(|a| a.1.as_str()).unwrap_or("")),
            _ => plain_label(id, args),
        }
    }

    fn render_plain(color: bool) -> String {
        let opts = RenderOptions {
            color,
            ..RenderOptions::new(&localized_message, &label)
        };
        render(&sample_report(), &opts)
    }

    #[test]
    fn finding_lines_follow_the_documented_shape() {
        let out = render_plain(false);
        let expected = format!(
            "{AWKWARD_PATH}:5:1 نشانه 2 00:00:03,500 reading-speed-high \
             report-severity (severity=error): MSG[می‌خواهم بروم، دوست من]"
        );
        assert!(out.lines().any(|l| l == expected), "{out}");
        let zh = "ep02.zh-Hans.srt:2:1 نشانه 1 00:00:00,000 max-lines report-severity (severity=warning): MSG[max-lines]";
        assert!(out.lines().any(|l| l == zh), "{out}");
        assert!(!out.contains('\u{1b}'));
    }

    #[test]
    fn control_characters_in_messages_are_neutralised() {
        let out = render_plain(false);
        // The parse-bad-timing argument holds CR LF; it must not split the finding line.
        let line = out.lines().find(|l| l.contains("parse-bad-timing"));
        assert!(
            line.is_some_and(|l| l.contains("100%, done: yes  next %0A")),
            "{out}"
        );
    }

    #[test]
    fn summaries_per_file_and_rule_use_labels() {
        let report = sample_report();
        let out = render_plain(false);
        assert!(out.contains("report-heading-files"));
        assert!(out.contains("report-heading-rules"));
        assert!(
            out.contains(
                "  clean.en.srt: report-counts (errors=0, warnings=0, infos=0, total=0) \
                 · report-lang (lang=en, source=flag) · report-platform (platform=youtube)"
            ),
            "{out}"
        );
        assert!(
            out.contains("  missing.srt: report-file-unreadable (error=No such file or directory)")
        );
        for rule in report.summary.by_rule.keys() {
            assert!(
                out.lines()
                    .any(|l| l.trim_start().starts_with(rule.as_str())),
                "{rule}"
            );
        }
        let last = out.lines().last().unwrap_or("");
        assert_eq!(
            last,
            format!(
                "report-total (files=4, unreadable=1, errors={}, warnings={}, infos={}, total={})",
                report.summary.findings.error,
                report.summary.findings.warning,
                report.summary.findings.info,
                report.summary.findings.total
            )
        );
    }

    #[test]
    fn colour_only_when_asked() {
        let out = render_plain(true);
        assert!(out.contains("\x1b[1;31mreading-speed-high\x1b[0m"));
        assert!(out.contains("\x1b[33mmax-lines\x1b[0m"));
    }
}
