//! GitHub Actions workflow commands, one annotation per finding:
//! `::error file=ep01.srt,line=14,col=1,title=reading-speed-high::cue 3 00:00:12,500: …`.
//!
//! The runner splits a command on `,` and `::` and decodes exactly `%25`, `%0D`, `%0A` (and in
//! properties `%3A`, `%2C`) — see `escapeData`/`escapeProperty` in actions/toolkit
//! `packages/core/src/command.ts`. Anything else passes through raw, so a `,` in a file name cuts
//! the `file=` property short and a newline in a message ends the command and prints the rest as
//! a bare log line (the class of bug fixed in sqlfluff/sqlfluff#8346 and google/osv-scanner#2889).
//! GitHub also shows at most 10 annotations of each level per step; the full list stays in the
//! log, which is why the message repeats the cue and time instead of relying on the UI.

use super::{CheckReport, RenderOptions, clock, slash_path};
use crate::diag::Severity;

/// Escapes the data part (after `::`).
fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a property value (`file=`, `title=`).
fn escape_property(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

pub(super) fn render(report: &CheckReport, opts: &RenderOptions<'_>) -> String {
    let mut out = String::new();
    for file in &report.files {
        let path = escape_property(&slash_path(&file.path));
        if let Some(err) = &file.error {
            out.push_str(&format!(
                "::error file={path},title=subloc::{}\n",
                escape_data(&format!("cannot read file: {err}"))
            ));
            continue;
        }
        for d in &file.findings {
            let mut props = format!("file={path}");
            if d.line > 0 {
                props.push_str(&format!(",line={}", d.line));
                if d.column > 0 {
                    props.push_str(&format!(",col={}", d.column));
                }
            }
            props.push_str(&format!(",title={}", escape_property(d.rule)));
            let mut message = String::new();
            if let Some(cue) = d.cue {
                message.push_str(&format!("cue {cue}"));
                if let Some(start) = file.finding_start(d) {
                    message.push_str(&format!(" {}", clock(start)));
                }
                message.push_str(": ");
            }
            message.push_str(&(opts.machine_message)(d));
            out.push_str(&format!(
                "::{} {props}::{}\n",
                level(d.severity),
                escape_data(&message)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testutil::sample_report;
    use super::super::{RenderOptions, ReportFormat, render as render_any};
    use super::*;

    fn lines() -> Vec<String> {
        let out = render_any(
            &sample_report(),
            ReportFormat::Github,
            &RenderOptions::default(),
        );
        out.lines().map(str::to_string).collect()
    }

    #[test]
    fn one_command_per_finding_and_unreadable_file() {
        let report = sample_report();
        let l = lines();
        assert_eq!(
            l.len(),
            report.summary.findings.total + report.summary.unreadable
        );
        assert!(l.iter().all(|x| x.starts_with("::")));
        let errors = l.iter().filter(|x| x.starts_with("::error ")).count();
        assert_eq!(
            errors,
            report.summary.findings.error + report.summary.unreadable
        );
        assert_eq!(
            l.iter().filter(|x| x.starts_with("::notice ")).count(),
            report.summary.findings.info
        );
    }

    #[test]
    fn properties_and_data_are_escaped() {
        let l = lines();
        let Some(bad) = l.iter().find(|x| x.contains("title=parse-bad-timing")) else {
            panic!("parse-bad-timing annotation missing: {l:?}");
        };
        // The path `season 1/<ep&01> "final".fa.srt` has no reserved characters; the line and
        // column come through; the message's `%`, CR and LF are encoded, `,` and `:` are not.
        assert!(bad.starts_with(
            "::error file=season 1/<ep&01> \"final\".fa.srt,line=20,col=3,title=parse-bad-timing::"
        ));
        assert!(bad.contains("100%25, done: yes%0D%0Anext %250A"), "{bad}");
        assert!(!bad.contains('\r'));
    }

    #[test]
    fn property_escaping_covers_colon_and_comma() {
        assert_eq!(escape_property("a:b,c%d\r\ne"), "a%3Ab%2Cc%25d%0D%0Ae");
        assert_eq!(escape_data("a:b,c%d\r\ne"), "a:b,c%25d%0D%0Ae");
        let mut report = sample_report();
        report.files[1].path = "dir,1\\ep:02.srt".to_string();
        let out = render(&report, &RenderOptions::default());
        assert!(out.contains("file=dir%2C1/ep%3A02.srt,line=2"), "{out}");
    }

    #[test]
    fn message_names_cue_and_time() {
        let l = lines();
        let speed = l
            .iter()
            .find(|x| x.contains("title=reading-speed-high") && x.contains("cue 2"));
        let Some(speed) = speed else {
            panic!("no reading-speed-high annotation for cue 2: {l:?}");
        };
        assert!(
            speed.contains("::cue 2 00:00:03,500: reading-speed-high"),
            "{speed}"
        );
    }
}
