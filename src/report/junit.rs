//! JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure DevOps, CircleCI).
//!
//! There is no official JUnit schema; the strictest common one is the Apache Ant schema published
//! by Windy Road (github.com/windyroad/JUnit-Schema, `JUnit.xsd`), and the output validates against
//! it: a bare `<testsuites>`; per file one `<testsuite>` with `name`, `package`, `id`,
//! `timestamp` (no zone), `hostname`, `tests`, `failures`, `errors`, `time` and the required
//! `<properties>`, `<system-out>`, `<system-err>` children; per finding one `<testcase>` with
//! `name`, `classname` (the file path, as eslint and most linters do) and `time`.
//!
//! Error findings are `<failure>`s and fail the build in every reader. Warnings and infos are
//! passing test cases — they must not fail the pipeline — and are also listed with their messages
//! in the suite's `<system-out>`, since that schema allows no output inside a test case. A clean
//! file gets one passing case so it shows up at all; an unreadable file gets one `<error>`.

use super::escape::{push_attr, push_text};
use super::{CheckReport, FileReport, RenderOptions, clock, iso_datetime};
use crate::diag::{Diagnostic, Severity};

/// Test-case name: rule plus where (`reading-speed-high cue 3 00:00:12,500`, `parse-bad-timing line 20`).
fn case_name(file: &FileReport, d: &Diagnostic) -> String {
    let mut name = d.rule.to_string();
    if let Some(cue) = d.cue {
        name.push_str(&format!(" cue {cue}"));
        if let Some(start) = file.finding_start(d) {
            name.push_str(&format!(" {}", clock(start)));
        }
    } else if d.line > 0 {
        name.push_str(&format!(" line {}", d.line));
    }
    name
}

/// One line of detail: `path:line cue N time rule: message`.
fn detail(file: &FileReport, d: &Diagnostic, message: &str) -> String {
    let mut s = file.path.clone();
    if d.line > 0 {
        s.push_str(&format!(":{}", d.line));
        if d.column > 0 {
            s.push_str(&format!(":{}", d.column));
        }
    }
    format!(
        "{s} {} [{}]: {message}",
        case_name(file, d),
        d.severity.name()
    )
}

fn open_tag(out: &mut String, name: &str, attrs: &[(&str, &str)], empty: bool) {
    out.push('<');
    out.push_str(name);
    for (k, v) in attrs {
        out.push(' ');
        out.push_str(k);
        out.push_str("=\"");
        push_attr(out, v);
        out.push('"');
    }
    out.push_str(if empty { "/>" } else { ">" });
}

pub(super) fn render(report: &CheckReport, opts: &RenderOptions<'_>) -> String {
    let timestamp = iso_datetime(opts.generated_at);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
    for (id, file) in report.files.iter().enumerate() {
        suite(&mut out, id, file, &timestamp, opts);
    }
    out.push_str("</testsuites>\n");
    out
}

/// One `<testsuite>` per file: its counts and properties, a `read` error case when it could not
/// be read, a passing case when it is clean, one case per finding (errors fail, the rest go to
/// `<system-out>`).
fn suite(
    out: &mut String,
    id: usize,
    file: &FileReport,
    timestamp: &str,
    opts: &RenderOptions<'_>,
) {
    // `name` is an xs:token of length ≥ 1: an empty path would make the document invalid.
    let name = if file.path.trim().is_empty() {
        "(unnamed)"
    } else {
        file.path.as_str()
    };
    open_suite(out, id, file, name, timestamp);
    if let Some(err) = &file.error {
        out.push_str("    ");
        open_tag(
            out,
            "testcase",
            &[("name", "read"), ("classname", name), ("time", "0")],
            false,
        );
        out.push_str("\n      ");
        open_tag(out, "error", &[("message", err), ("type", "io")], false);
        push_text(out, err);
        out.push_str("</error>\n    </testcase>\n");
    } else if file.findings.is_empty() {
        out.push_str("    ");
        open_tag(
            out,
            "testcase",
            &[("name", "subloc check"), ("classname", name), ("time", "0")],
            true,
        );
        out.push('\n');
    }
    let system_out = push_cases(out, file, name, opts);
    out.push_str("    <system-out>");
    push_text(out, &system_out);
    out.push_str("</system-out>\n    <system-err></system-err>\n  </testsuite>\n");
}

/// The `<testsuite>` start tag with the file's counts, and its `<properties>` (language, how the
/// language was found, platform).
fn open_suite(out: &mut String, id: usize, file: &FileReport, name: &str, timestamp: &str) {
    let failures = file
        .findings
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let errors = usize::from(file.error.is_some());
    let tests = file.findings.len().max(1);
    out.push_str("  ");
    open_tag(
        out,
        "testsuite",
        &[
            ("name", name),
            ("package", "subloc"),
            ("id", &id.to_string()),
            ("timestamp", timestamp),
            ("hostname", "localhost"),
            ("tests", &tests.to_string()),
            ("failures", &failures.to_string()),
            ("errors", &errors.to_string()),
            ("skipped", "0"),
            ("time", "0"),
        ],
        false,
    );
    out.push_str("\n    <properties>\n");
    for (k, v) in [
        ("lang", file.lang.as_str()),
        ("lang_source", file.lang_source.name()),
        ("platform", file.platform.as_str()),
    ] {
        out.push_str("      ");
        open_tag(out, "property", &[("name", k), ("value", v)], true);
        out.push('\n');
    }
    out.push_str("    </properties>\n");
}

/// One `<testcase>` per finding: an error is a `<failure>`, a warning or note passes and its
/// detail is returned for `<system-out>`.
fn push_cases(out: &mut String, file: &FileReport, name: &str, opts: &RenderOptions<'_>) -> String {
    let mut system_out = String::new();
    for d in &file.findings {
        let message = (opts.machine_message)(d);
        let case = case_name(file, d);
        out.push_str("    ");
        let is_failure = d.severity == Severity::Error;
        open_tag(
            out,
            "testcase",
            &[("name", &case), ("classname", name), ("time", "0")],
            !is_failure,
        );
        if is_failure {
            out.push_str("\n      ");
            open_tag(
                out,
                "failure",
                &[("message", &message), ("type", d.rule)],
                false,
            );
            push_text(out, &detail(file, d, &message));
            out.push_str("</failure>\n    </testcase>");
        } else {
            system_out.push_str(&detail(file, d, &message));
            system_out.push('\n');
        }
        out.push('\n');
    }
    system_out
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{AWKWARD_PATH, Node, parse_xml, sample_report};
    use super::*;

    fn doc() -> (CheckReport, Node) {
        let report = sample_report();
        let opts = RenderOptions {
            generated_at: 951_827_696,
            ..RenderOptions::default()
        };
        let xml = render(&report, &opts);
        match parse_xml(&xml) {
            Ok(root) => (report, root),
            Err(e) => panic!("JUnit output is not well-formed: {e}\n{xml}"),
        }
    }

    #[test]
    fn well_formed_with_required_attributes() {
        let (report, root) = doc();
        assert_eq!(root.name, "testsuites");
        assert!(
            root.attrs.is_empty(),
            "the Ant schema allows no attributes here"
        );
        let suites = root.kids("testsuite");
        assert_eq!(suites.len(), report.files.len());
        for (i, s) in suites.iter().enumerate() {
            for a in [
                "name",
                "package",
                "id",
                "timestamp",
                "hostname",
                "tests",
                "failures",
                "errors",
                "time",
            ] {
                assert!(s.attr(a).is_some(), "testsuite lacks {a}");
            }
            assert_eq!(s.attr("id"), Some(i.to_string().as_str()));
            assert_eq!(s.attr("timestamp"), Some("2000-02-29T12:34:56"));
            // Child order required by the schema.
            let names: Vec<&str> = s.children.iter().map(|c| c.name.as_str()).collect();
            assert_eq!(names.first(), Some(&"properties"));
            assert_eq!(
                &names[names.len().saturating_sub(2)..],
                &["system-out", "system-err"]
            );
            let cases = s.kids("testcase");
            assert_eq!(s.attr("tests"), Some(cases.len().to_string().as_str()));
            for c in &cases {
                assert!(c.attr("name").is_some_and(|n| !n.is_empty()));
                assert!(c.attr("classname").is_some());
                assert!(c.attr("time").is_some());
                assert!(c.children.len() <= 1);
            }
            let failures = s.find_all("failure").len();
            assert_eq!(s.attr("failures"), Some(failures.to_string().as_str()));
            let errors = s.find_all("error").len();
            assert_eq!(s.attr("errors"), Some(errors.to_string().as_str()));
        }
    }

    #[test]
    fn errors_fail_and_warnings_go_to_system_out() {
        let (report, root) = doc();
        let failures = root.find_all("failure");
        assert_eq!(failures.len(), report.summary.findings.error);
        for f in &failures {
            assert!(f.attr("type").is_some());
            assert!(f.attr("message").is_some());
        }
        let fa = root
            .kids("testsuite")
            .into_iter()
            .find(|s| s.attr("name") == Some(AWKWARD_PATH));
        let Some(fa) = fa else {
            panic!("suite for the awkward path missing (escaping broken?)");
        };
        let out = fa
            .kids("system-out")
            .first()
            .map(|n| n.all_text())
            .unwrap_or_default();
        assert!(out.contains("timing-overlap"), "{out}");
        assert!(out.contains("line-too-long"), "{out}");
        assert!(out.contains("<i>\"quoted\" & 'single'</i>"), "{out}");
        assert!(!out.contains("reading-speed-high"));
        let speed = fa
            .find_all("failure")
            .into_iter()
            .find(|f| f.attr("type") == Some("reading-speed-high"));
        let msg = speed.and_then(|f| f.attr("message")).unwrap_or("");
        assert!(msg.contains("می‌خواهم بروم، دوست من"), "{msg}");
        let bad = fa
            .find_all("failure")
            .into_iter()
            .find(|f| f.attr("type") == Some("parse-bad-timing"));
        // The CR LF inside the argument survives attribute normalization.
        assert!(
            bad.and_then(|f| f.attr("message"))
                .is_some_and(|m| m.contains("yes\r\nnext"))
        );
    }

    #[test]
    fn clean_and_unreadable_files_have_one_case() {
        let (_, root) = doc();
        let by_name = |n: &str| {
            root.kids("testsuite")
                .into_iter()
                .find(|s| s.attr("name") == Some(n))
                .map(|s| (s.kids("testcase").len(), s.find_all("error").len()))
        };
        assert_eq!(by_name("clean.en.srt"), Some((1, 0)));
        assert_eq!(by_name("missing.srt"), Some((1, 1)));
    }

    #[test]
    fn control_characters_do_not_break_the_document() {
        let mut report = sample_report();
        if let Some(f) = report.files.first_mut() {
            f.path = "bad\u{1}name.srt".to_string();
        }
        let xml = render(&report, &RenderOptions::default());
        assert!(parse_xml(&xml).is_ok());
        assert!(xml.contains("bad\u{FFFD}name.srt"));
    }
}
