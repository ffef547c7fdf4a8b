//! The JSON report: one document, never localized, for scripts and dashboards.
//!
//! ```text
//! {
//!   "files": [{
//!     "path": "ep01.fa.srt", "lang": "fa", "lang_source": "flag|name|script|unknown",
//!     "platform": "netflix",
//!     "error": "…",                        // only when the file could not be read
//!     "findings": [{
//!       "rule": "reading-speed-high", "severity": "error|warning|info",
//!       "cue": 3,                           // 1-based position in the file, or null
//!       "start_ms": 12500,                  // start of that cue, or null
//!       "line": 14,                         // 1-based source line, or null
//!       "column": 1,                        // 1-based, or null
//!       "args": {"cps": "21.4", "limit": "17"}
//!     }]
//!   }],
//!   "summary": {
//!     "files": 1, "unreadable": 0,
//!     "findings": {"error": 1, "warning": 0, "info": 0, "total": 1},
//!     "by_file": {"ep01.fa.srt": {"error": 1, …}},
//!     "by_rule": {"reading-speed-high": {"error": 1, …}}
//!   }
//! }
//! ```
//!
//! Argument values are strings exactly as the rule produced them. Keys are never removed or
//! renamed without a major version; new keys may appear.

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq};

use super::{CheckReport, FileReport, LangSource, Summary};
use crate::diag::{Diagnostic, Severity};

#[derive(Serialize)]
struct Doc<'a> {
    files: Vec<JsonFile<'a>>,
    summary: &'a Summary,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    lang: &'a str,
    lang_source: LangSource,
    platform: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    findings: Findings<'a>,
}

/// A file's findings, serialized one by one as they are read: a file with half a million
/// findings (a timeline that restarts) is not copied into a second list first.
struct Findings<'a>(&'a FileReport);

impl Serialize for Findings<'_> {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let file = self.0;
        let mut seq = ser.serialize_seq(Some(file.findings.len()))?;
        for d in &file.findings {
            seq.serialize_element(&finding(file, d))?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: Severity,
    cue: Option<u32>,
    start_ms: Option<i64>,
    line: Option<u32>,
    column: Option<u32>,
    args: Args<'a>,
}

/// A finding's arguments as a JSON object with sorted keys (stable output), without building a
/// map per finding.
struct Args<'a>(&'a [(String, String)]);

impl Serialize for Args<'_> {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let mut pairs: Vec<(&str, &str)> = self
            .0
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        pairs.sort_by_key(|(k, _)| *k);
        // A key given twice keeps its last value, as collecting into a map did.
        let mut map = ser.serialize_map(None)?;
        for (i, (k, v)) in pairs.iter().enumerate() {
            if pairs.get(i + 1).is_some_and(|(next, _)| next == k) {
                continue;
            }
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

fn nonzero(n: u32) -> Option<u32> {
    (n > 0).then_some(n)
}

fn finding<'a>(file: &'a FileReport, d: &'a Diagnostic) -> JsonFinding<'a> {
    JsonFinding {
        rule: d.rule,
        severity: d.severity,
        cue: d.cue,
        start_ms: file.finding_start(d),
        line: nonzero(d.line),
        column: nonzero(d.column),
        args: Args(&d.args),
    }
}

pub(super) fn render(report: &CheckReport) -> String {
    let doc = Doc {
        files: report
            .files
            .iter()
            .map(|f| JsonFile {
                path: &f.path,
                lang: &f.lang,
                lang_source: f.lang_source,
                platform: &f.platform,
                error: f.error.as_deref(),
                findings: Findings(f),
            })
            .collect(),
        summary: &report.summary,
    };
    to_pretty(&doc)
}

/// Pretty JSON with a final newline. Serializing these structs cannot fail (string keys, no
/// custom serializers); should it ever, the output is still one valid JSON document saying so.
pub(super) fn to_pretty<T: Serialize>(value: &T) -> String {
    match serde_json::to_string_pretty(value) {
        Ok(mut s) => {
            s.push('\n');
            s
        }
        Err(e) => format!("{}\n", serde_json::json!({ "error": e.to_string() })),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    use super::super::testutil::{AWKWARD_PATH, sample_report};
    use super::super::{Counts, Summary};
    use super::*;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct InDoc {
        files: Vec<InFile>,
        summary: Summary,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct InFile {
        path: String,
        lang: String,
        lang_source: LangSource,
        platform: String,
        error: Option<String>,
        findings: Vec<InFinding>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct InFinding {
        rule: String,
        severity: Severity,
        cue: Option<u32>,
        start_ms: Option<i64>,
        line: Option<u32>,
        column: Option<u32>,
        args: BTreeMap<String, String>,
    }

    fn parsed() -> (CheckReport, InDoc) {
        let report = sample_report();
        let text = render(&report);
        let doc: Result<InDoc, _> = serde_json::from_str(&text);
        match doc {
            Ok(doc) => (report, doc),
            Err(e) => panic!("JSON report does not deserialize: {e}\n{text}"),
        }
    }

    #[test]
    fn deserializes_to_the_documented_shape() {
        let (report, doc) = parsed();
        assert_eq!(doc.files.len(), report.files.len());
        for (f, jf) in report.files.iter().zip(&doc.files) {
            assert_eq!(jf.path, f.path);
            assert_eq!(jf.lang, f.lang);
            assert_eq!(jf.lang_source, f.lang_source);
            assert_eq!(jf.platform, f.platform);
            assert_eq!(jf.error, f.error);
            assert_eq!(jf.findings.len(), f.findings.len());
            for (d, jd) in f.findings.iter().zip(&jf.findings) {
                assert_eq!(jd.rule, d.rule);
                assert_eq!(jd.severity, d.severity);
                assert_eq!(jd.cue, d.cue);
                let args: BTreeMap<String, String> = d.args.iter().cloned().collect();
                assert_eq!(jd.args, args);
            }
        }
        assert_eq!(doc.summary, report.summary);
    }

    #[test]
    fn findings_carry_start_time_line_and_unicode_args() {
        let (_, doc) = parsed();
        let fa = doc.files.iter().find(|f| f.path == AWKWARD_PATH);
        let Some(fa) = fa else {
            panic!("awkward path missing from JSON");
        };
        let speed = fa.findings.iter().find(|d| d.rule == "reading-speed-high");
        let Some(speed) = speed else {
            panic!("reading-speed-high missing");
        };
        assert_eq!(speed.cue, Some(2));
        assert_eq!(speed.start_ms, Some(3_500));
        assert_eq!(speed.line, Some(5));
        assert_eq!(speed.column, Some(1));
        assert_eq!(
            speed.args.get("text").map(String::as_str),
            Some("می‌خواهم بروم، دوست من")
        );
        let parse = fa.findings.iter().find(|d| d.rule == "parse-bad-timing");
        assert_eq!(parse.map(|d| (d.cue, d.start_ms)), Some((None, None)));
        let zh = doc.files.iter().find(|f| f.lang == "zh-Hans");
        let text = zh
            .and_then(|f| f.findings.iter().find(|d| d.rule == "reading-speed-high"))
            .and_then(|d| d.args.get("text"))
            .cloned();
        assert_eq!(text.as_deref(), Some("你好，世界"));
    }

    #[test]
    fn summary_lists_clean_files_and_rules() {
        let (_, doc) = parsed();
        assert_eq!(
            doc.summary.by_file.get("clean.en.srt"),
            Some(&Counts::default())
        );
        assert_eq!(doc.summary.unreadable, 1);
        assert_eq!(
            doc.summary
                .by_rule
                .get("reading-speed-high")
                .map(|c| c.error),
            Some(2)
        );
    }
}
