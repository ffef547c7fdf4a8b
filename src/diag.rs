//! Diagnostics: what any stage found wrong, as data with a stable rule id; renderers print them.
//!
//! Rule ids are kebab-case and stable (scripts and baselines key on them). Each id is also the
//! Fluent message id of its human text in `locales/*/subloc.ftl`, with `args` as the message
//! arguments, so adding a rule means adding it to `rules::ALL` and to every locale.

use std::path::PathBuf;

/// How bad a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Stable kebab-case rule id (see `rules`).
    pub rule: &'static str,
    pub severity: Severity,
    /// File the finding is about, filled in by the caller that knows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
    /// Cue id (1-based position in the file) when the finding is about one cue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue: Option<u32>,
    /// 1-based line and column in the source file (0 when not applicable).
    pub line: u32,
    pub column: u32,
    /// Message arguments, name → value, in a stable order.
    pub args: Vec<(String, String)>,
}

impl Diagnostic {
    pub fn new(rule: &'static str, severity: Severity) -> Self {
        Diagnostic {
            rule,
            severity,
            path: None,
            cue: None,
            line: 0,
            column: 0,
            args: Vec::new(),
        }
    }

    pub fn at(mut self, line: u32, column: u32) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    pub fn cue(mut self, cue: u32) -> Self {
        self.cue = Some(cue);
        self
    }

    pub fn arg(mut self, name: &str, value: impl ToString) -> Self {
        self.args.push((name.to_string(), value.to_string()));
        self
    }

    pub fn with_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    pub fn get_arg(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Every rule id the project emits. A test checks each has a message in every locale.
pub mod rules {
    // --- reading (parse-*, encoding-*)
    /// A timing line that could not be read; the cue is skipped.
    pub const PARSE_BAD_TIMING: &str = "parse-bad-timing";
    /// Text where a cue was expected (SRT/WebVTT), kept as part of the previous cue or dropped.
    pub const PARSE_STRAY_TEXT: &str = "parse-stray-text";
    /// An SRT index line that is missing, negative or not a number.
    pub const PARSE_BAD_INDEX: &str = "parse-bad-index";
    /// A cue whose end is before its start.
    pub const PARSE_END_BEFORE_START: &str = "parse-end-before-start";
    /// An ASS line that is not `Key: value` or has too few fields.
    pub const PARSE_BAD_LINE: &str = "parse-bad-line";
    /// An ASS event before any `Format:` line (the default v4+ order is assumed).
    pub const PARSE_MISSING_FORMAT: &str = "parse-missing-format";
    /// Markup that is not closed or not understood.
    pub const PARSE_BAD_MARKUP: &str = "parse-bad-markup";
    /// A WebVTT file without the `WEBVTT` signature.
    pub const PARSE_MISSING_HEADER: &str = "parse-missing-header";
    /// A file with no cues at all.
    pub const PARSE_NO_CUES: &str = "parse-no-cues";
    /// Bytes that are not valid in the detected encoding (replaced with U+FFFD).
    pub const ENCODING_INVALID: &str = "encoding-invalid";
    /// Encoding was guessed by detection; worth confirming with `--encoding`.
    pub const ENCODING_GUESSED: &str = "encoding-guessed";
    /// NUL bytes in a text file.
    pub const ENCODING_NUL: &str = "encoding-nul";
    // --- writing (write-*)
    /// Markup the target format cannot express was dropped.
    pub const WRITE_MARKUP_DROPPED: &str = "write-markup-dropped";
    /// Characters the output encoding cannot represent were replaced.
    pub const WRITE_UNMAPPABLE: &str = "write-unmappable";

    pub const ALL: &[&str] = &[
        PARSE_BAD_TIMING,
        PARSE_STRAY_TEXT,
        PARSE_BAD_INDEX,
        PARSE_END_BEFORE_START,
        PARSE_BAD_LINE,
        PARSE_MISSING_FORMAT,
        PARSE_BAD_MARKUP,
        PARSE_MISSING_HEADER,
        PARSE_NO_CUES,
        ENCODING_INVALID,
        ENCODING_GUESSED,
        ENCODING_NUL,
        WRITE_MARKUP_DROPPED,
        WRITE_UNMAPPABLE,
    ];
}
