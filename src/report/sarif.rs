//! SARIF 2.1.0 (OASIS), the format code-scanning services ingest (GitHub code scanning, GitLab,
//! Azure DevOps). One run; the rules that fired are listed in `tool.driver.rules`; each finding is
//! a result with a physical location (`region` only when the line is known, since SARIF lines are
//! 1-based) and a `partialFingerprints` entry — the baseline key — so a service can follow a
//! finding across commits that shift lines. Files that could not be read are tool execution
//! notifications, not results.

use std::collections::BTreeMap;

use serde::Serialize;

use super::json::to_pretty;
use super::{CheckReport, RenderOptions};
use crate::diag::{Diagnostic, Severity};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    invocations: Vec<Invocation>,
    /// Our columns count characters, not UTF-16 units (SARIF's default).
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: String,
    semantic_version: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    short_description: Message,
}

#[derive(Serialize)]
struct Message {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Message,
    locations: Vec<Location>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: Message,
    locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    properties: Properties,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Properties {
    #[serde(skip_serializing_if = "Option::is_none")]
    cue: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_ms: Option<i64>,
    lang: String,
    platform: String,
    args: BTreeMap<String, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The project page from Cargo.toml (`homepage`, else `repository`), when one is set.
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|s| !s.is_empty())
}

/// A file path as a URI reference (RFC 3986): relative paths stay relative (SARIF consumers
/// resolve them against the checkout), absolute ones become `file://` URIs, and every byte outside
/// the unreserved and path characters is percent-encoded, so spaces, `<`, `>` and non-ASCII
/// names survive.
fn path_uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let bytes = p.as_bytes();
    // `C:/…` is absolute; `a:b.srt` is a relative name with a colon in it.
    let drive = matches!(bytes, [letter, b':', b'/', ..] if letter.is_ascii_alphabetic());
    let (prefix, rest) = if drive {
        ("file:///", p.as_str())
    } else if p.starts_with('/') {
        ("file://", p.as_str())
    } else {
        ("", p.as_str())
    };
    let mut out = String::from(prefix);
    for (i, b) in rest.bytes().enumerate() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/' | b'!' | b'$' | b'&' | b'\'')
            || matches!(b, b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' | b'@')
            // A colon is only safe as a drive letter's; in a relative path it would read as a scheme.
            || (b == b':' && drive && i == 1);
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn location(path: &str, d: Option<&Diagnostic>) -> Location {
    let region = d.filter(|d| d.line > 0).map(|d| Region {
        start_line: d.line,
        start_column: (d.column > 0).then_some(d.column),
    });
    Location {
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: path_uri(path),
            },
            region,
        },
    }
}

pub(super) fn render(report: &CheckReport, opts: &RenderOptions<'_>) -> String {
    let rule_ids: Vec<&str> = report.summary.by_rule.keys().map(String::as_str).collect();
    let rules = rule_ids
        .iter()
        .map(|id| Rule {
            id: id.to_string(),
            short_description: Message {
                text: (opts.rule_description)(id),
            },
        })
        .collect();

    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for file in &report.files {
        if let Some(err) = &file.error {
            notifications.push(Notification {
                level: "error",
                message: Message {
                    text: format!("cannot read file: {err}"),
                },
                locations: vec![location(&file.path, None)],
            });
        }
        for d in &file.findings {
            let start_ms = file.finding_start(d);
            let fingerprint = fingerprint(&file.path, d, start_ms);
            results.push(SarifResult {
                rule_id: d.rule.to_string(),
                rule_index: rule_ids.binary_search(&d.rule).unwrap_or(0),
                level: level(d.severity),
                message: Message {
                    text: (opts.machine_message)(d),
                },
                locations: vec![location(&file.path, Some(d))],
                partial_fingerprints: BTreeMap::from([("sublocFinding/v1", fingerprint)]),
                properties: Properties {
                    cue: d.cue,
                    start_ms,
                    lang: file.lang.clone(),
                    platform: file.platform.clone(),
                    args: d.args.iter().cloned().collect(),
                },
            });
        }
    }

    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "subloc",
                    version: opts.tool_version.to_string(),
                    semantic_version: opts.tool_version.to_string(),
                    information_uri: information_uri(),
                    rules,
                },
            },
            invocations: vec![Invocation {
                execution_successful: notifications.is_empty(),
                tool_execution_notifications: notifications,
            }],
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    to_pretty(&log)
}

/// The baseline key of a finding, flattened to one string.
fn fingerprint(path: &str, d: &Diagnostic, start_ms: Option<i64>) -> String {
    let (path, rule, start, args) = super::baseline::finding_key(path, start_ms, d);
    let start = start.map(|s| s.to_string()).unwrap_or_default();
    format!("{path}|{rule}|{start}|{args}")
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::super::testutil::{AWKWARD_PATH, sample_report};
    use super::*;

    fn sarif() -> Value {
        let text = render(&sample_report(), &RenderOptions::default());
        match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => panic!("SARIF is not JSON: {e}\n{text}"),
        }
    }

    #[test]
    fn required_top_level_and_driver_properties() {
        let v = sarif();
        assert_eq!(v["version"], "2.1.0");
        assert!(
            v["$schema"]
                .as_str()
                .is_some_and(|s| s.contains("sarif-schema-2.1.0"))
        );
        let runs = v["runs"].as_array().map(Vec::len);
        assert_eq!(runs, Some(1));
        let driver = &v["runs"][0]["tool"]["driver"];
        assert_eq!(driver["name"], "subloc");
        assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
        let rules: Vec<&str> = driver["rules"]
            .as_array()
            .map(|a| a.iter().filter_map(|r| r["id"].as_str()).collect())
            .unwrap_or_default();
        let report = sample_report();
        let expected: Vec<&str> = report.summary.by_rule.keys().map(String::as_str).collect();
        assert_eq!(rules, expected);
        for r in driver["rules"].as_array().into_iter().flatten() {
            assert!(
                r["shortDescription"]["text"]
                    .as_str()
                    .is_some_and(|t| !t.is_empty())
            );
        }
    }

    #[test]
    fn results_have_rule_level_message_and_location() {
        let report = sample_report();
        let v = sarif();
        let results = v["runs"][0]["results"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(results.len(), report.summary.findings.total);
        let rules = v["runs"][0]["tool"]["driver"]["rules"].clone();
        for r in &results {
            let id = r["ruleId"].as_str().unwrap_or("");
            let idx = r["ruleIndex"].as_u64().unwrap_or(u64::MAX) as usize;
            assert_eq!(rules[idx]["id"], id);
            assert!(matches!(
                r["level"].as_str(),
                Some("error" | "warning" | "note")
            ));
            assert!(
                r["message"]["text"]
                    .as_str()
                    .is_some_and(|t| t.starts_with(id))
            );
            let uri = &r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
            assert!(uri.as_str().is_some_and(|u| !u.contains(' ')));
            assert!(r["partialFingerprints"]["sublocFinding/v1"].is_string());
        }
        let notes = results.iter().filter(|r| r["level"] == "note").count();
        assert_eq!(notes, report.summary.findings.info);
        let bad = results.iter().find(|r| r["ruleId"] == "parse-bad-timing");
        let region = bad.map(|r| r["locations"][0]["physicalLocation"]["region"].clone());
        assert_eq!(
            region,
            Some(serde_json::json!({"startLine": 20, "startColumn": 3}))
        );
    }

    #[test]
    fn unreadable_file_is_a_notification() {
        let v = sarif();
        let inv = &v["runs"][0]["invocations"][0];
        assert_eq!(inv["executionSuccessful"], false);
        let n = &inv["toolExecutionNotifications"][0];
        assert_eq!(n["level"], "error");
        assert_eq!(
            n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "missing.srt"
        );
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            path_uri(AWKWARD_PATH),
            "season%201/%3Cep&01%3E%20%22final%22.fa.srt"
        );
        assert_eq!(path_uri("فیلم.srt"), "%D9%81%DB%8C%D9%84%D9%85.srt");
        assert_eq!(path_uri("/abs/a b.srt"), "file:///abs/a%20b.srt");
        assert_eq!(path_uri("C:\\x\\y.srt"), "file:///C:/x/y.srt");
        assert_eq!(path_uri("a:b.srt"), "a%3Ab.srt");
    }
}
