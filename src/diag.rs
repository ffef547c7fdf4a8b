//! Diagnostics: what any stage found wrong, as data with a stable rule id; renderers print them.
//!
//! Rule ids are kebab-case and stable (scripts and baselines key on them). Each id is also the
//! Fluent message id of its human text in `locales/*/subloc.ftl`, with `args` as the message
//! arguments, so adding a rule means adding it to `rules::ALL` and to every locale.

use std::path::PathBuf;

/// How bad a finding is. Ordered: `Info < Warning < Error`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
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
    /// An SRT cue whose timing line is missing (its number and text follow a blank line): kept as
    /// its own cue, timed between its neighbours.
    pub const PARSE_MISSING_TIMING: &str = "parse-missing-timing";
    /// A timing line whose arrow is not `-->` (`- >`, `-- >`, `->`), read as one.
    pub const PARSE_LOOSE_ARROW: &str = "parse-loose-arrow";
    /// An ASS event with a negative time, read from 0 instead of dropped.
    pub const PARSE_NEGATIVE_TIME: &str = "parse-negative-time";
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
    /// `--encoding` contradicted the file's BOM; the BOM bytes were decoded as text.
    pub const ENCODING_BOM_OVERRIDDEN: &str = "encoding-bom-overridden";
    /// Content in a format subloc does not read (SAMI, HTML, an XML document that is not TTML).
    pub const PARSE_UNSUPPORTED_FORMAT: &str = "parse-unsupported-format";
    /// XML that is not well-formed (TTML): reported where the parser stopped; reading goes on.
    pub const PARSE_BAD_XML: &str = "parse-bad-xml";
    /// A TTML paragraph without an end (skipped) or without a begin anywhere above it.
    pub const PARSE_INCOMPLETE_TIMING: &str = "parse-incomplete-timing";
    /// A TTML `style` or `region` reference to an id the document does not define.
    pub const PARSE_UNKNOWN_REFERENCE: &str = "parse-unknown-reference";
    /// The file's content is in another format than its name says; read as the content's.
    pub const PARSE_FORMAT_FROM_CONTENT: &str = "parse-format-from-content";
    /// Comment events (ASS `Comment:`) were left out of a format that has no comments.
    pub const WRITE_COMMENT_DROPPED: &str = "write-comment-dropped";

    // --- checking (timing-*, text-*, reading-*, markup-*, punct-*, …): see `check`
    /// Two cues in the same screen region are shown at once.
    pub const TIMING_OVERLAP: &str = "timing-overlap";
    /// A cue starts before the cue written before it.
    pub const TIMING_OUT_OF_ORDER: &str = "timing-out-of-order";
    /// A cue's end is at or before its start.
    pub const TIMING_ZERO_DURATION: &str = "timing-zero-duration";
    /// A cue is shown for less than the profile's minimum duration.
    pub const TIMING_MIN_DURATION: &str = "timing-min-duration";
    /// A cue is shown for longer than the profile's maximum duration.
    pub const TIMING_MAX_DURATION: &str = "timing-max-duration";
    /// The gap before a cue is shorter than the profile's minimum gap.
    pub const TIMING_MIN_GAP: &str = "timing-min-gap";
    /// A cue has more lines than the profile allows.
    pub const TEXT_MAX_LINES: &str = "text-max-lines";
    /// A line has more (counted) characters than the profile allows.
    pub const TEXT_MAX_CHARS_PER_LINE: &str = "text-max-chars-per-line";
    /// Characters per second above the profile's reading speed.
    pub const READING_SPEED: &str = "reading-speed";
    /// Words per minute above the profile's reading speed (word-based profiles).
    pub const READING_SPEED_WPM: &str = "reading-speed-wpm";
    /// A cue with no visible text.
    pub const TEXT_EMPTY_CUE: &str = "text-empty-cue";
    /// An HTML-like tag opened and never closed, or closed and never opened, in a cue.
    pub const MARKUP_UNBALANCED: &str = "markup-unbalanced";
    /// A tag or override the formats do not define.
    pub const MARKUP_UNKNOWN: &str = "markup-unknown";
    /// Italics in a language whose style guide forbids them.
    pub const ITALICS_FORBIDDEN: &str = "italics-forbidden";
    /// Punctuation the language's style guide does not use (zh-Hans comma/period, Thai `.` `?`).
    pub const PUNCT_FORBIDDEN: &str = "punct-forbidden";
    /// Punctuation that may not end a line (zh-Hant `、，。`, Korean `.` `,`).
    pub const PUNCT_LINE_END: &str = "punct-line-end";
    /// Latin `,` `?` `;` in Arabic-script text instead of `،` `؟` `؛`.
    pub const PUNCT_ARABIC_SCRIPT: &str = "punct-arabic-script";
    /// A space before a punctuation mark that must follow its word directly (Arabic).
    pub const PUNCT_SPACE_BEFORE: &str = "punct-space-before";
    /// Three dots where the language uses the ellipsis character `…`.
    pub const PUNCT_ELLIPSIS: &str = "punct-ellipsis";
    /// An RTL line whose start or end will display on the wrong side without a directional mark.
    pub const RTL_LINE_END_MARK: &str = "rtl-line-end-mark";
    /// A Persian word written with a space or joined where it needs a ZWNJ (می‌شود).
    pub const TEXT_ZWNJ_STRIPPED: &str = "text-zwnj-stripped";
    /// Characters outside the platform's character set.
    pub const CHARSET_INVALID: &str = "charset-invalid";
    /// On a profile's canvas, a cue's text block (measured with the font) reaches into a zone
    /// the platform's interface covers.
    pub const LAYOUT_OUTSIDE_SAFE_AREA: &str = "layout-outside-safe-area";
    /// On a profile's canvas, a cue renders on more lines than the profile allows or the safe
    /// area holds, once the renderer has wrapped lines wider than their room.
    pub const LAYOUT_TOO_MANY_LINES: &str = "layout-too-many-lines";

    // --- glossary (glossary-*): see `glossary`
    /// `glossary.yaml` is not valid YAML or a value has the wrong type.
    pub const GLOSSARY_SYNTAX: &str = "glossary-syntax";
    /// A key the glossary schema does not define.
    pub const GLOSSARY_UNKNOWN_KEY: &str = "glossary-unknown-key";
    /// A schema version this build does not read.
    pub const GLOSSARY_UNSUPPORTED_VERSION: &str = "glossary-unsupported-version";
    /// Two terms with the same id.
    pub const GLOSSARY_DUPLICATE_ID: &str = "glossary-duplicate-id";
    /// A term id that is not kebab-case.
    pub const GLOSSARY_BAD_ID: &str = "glossary-bad-id";
    /// A source form (source or variant) claimed twice.
    pub const GLOSSARY_DUPLICATE_SOURCE: &str = "glossary-duplicate-source";
    /// A rendering listed both as accepted (text or variant) and as forbidden.
    pub const GLOSSARY_VARIANT_FORBIDDEN: &str = "glossary-variant-forbidden";
    /// A language tag that is not valid BCP 47.
    pub const GLOSSARY_BAD_LANGUAGE: &str = "glossary-bad-language";
    /// An approved target entry without a rendering.
    pub const GLOSSARY_APPROVED_WITHOUT_TEXT: &str = "glossary-approved-without-text";
    /// A `kind`, `status` or `case` value outside its list.
    pub const GLOSSARY_BAD_VALUE: &str = "glossary-bad-value";
    /// An empty source form or rendering.
    pub const GLOSSARY_EMPTY_TEXT: &str = "glossary-empty-text";
    /// An `updated` value that is not a `YYYY-MM-DD` date.
    pub const GLOSSARY_BAD_DATE: &str = "glossary-bad-date";
    /// No usable rendering yet for a target language the project declares (warning).
    pub const GLOSSARY_NO_RENDERING: &str = "glossary-no-rendering";
    /// A source term whose translated cue lacks the approved rendering or a variant.
    pub const GLOSSARY_MISSING_TERM: &str = "glossary-missing-term";
    /// A translated cue that uses a forbidden rendering of a term in its source cue.
    pub const GLOSSARY_FORBIDDEN_TERM: &str = "glossary-forbidden-term";
    /// A do-not-translate term that does not appear as kept in the translated cue.
    pub const GLOSSARY_NOT_KEPT: &str = "glossary-not-kept";

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
        PARSE_MISSING_TIMING,
        PARSE_LOOSE_ARROW,
        PARSE_NEGATIVE_TIME,
        ENCODING_INVALID,
        ENCODING_GUESSED,
        ENCODING_NUL,
        WRITE_MARKUP_DROPPED,
        WRITE_UNMAPPABLE,
        ENCODING_BOM_OVERRIDDEN,
        PARSE_UNSUPPORTED_FORMAT,
        PARSE_BAD_XML,
        PARSE_INCOMPLETE_TIMING,
        PARSE_UNKNOWN_REFERENCE,
        PARSE_FORMAT_FROM_CONTENT,
        WRITE_COMMENT_DROPPED,
        TIMING_OVERLAP,
        TIMING_OUT_OF_ORDER,
        TIMING_ZERO_DURATION,
        TIMING_MIN_DURATION,
        TIMING_MAX_DURATION,
        TIMING_MIN_GAP,
        TEXT_MAX_LINES,
        TEXT_MAX_CHARS_PER_LINE,
        READING_SPEED,
        READING_SPEED_WPM,
        TEXT_EMPTY_CUE,
        MARKUP_UNBALANCED,
        MARKUP_UNKNOWN,
        ITALICS_FORBIDDEN,
        PUNCT_FORBIDDEN,
        PUNCT_LINE_END,
        PUNCT_ARABIC_SCRIPT,
        PUNCT_SPACE_BEFORE,
        PUNCT_ELLIPSIS,
        RTL_LINE_END_MARK,
        TEXT_ZWNJ_STRIPPED,
        CHARSET_INVALID,
        LAYOUT_OUTSIDE_SAFE_AREA,
        LAYOUT_TOO_MANY_LINES,
        GLOSSARY_SYNTAX,
        GLOSSARY_UNKNOWN_KEY,
        GLOSSARY_UNSUPPORTED_VERSION,
        GLOSSARY_DUPLICATE_ID,
        GLOSSARY_BAD_ID,
        GLOSSARY_DUPLICATE_SOURCE,
        GLOSSARY_VARIANT_FORBIDDEN,
        GLOSSARY_BAD_LANGUAGE,
        GLOSSARY_APPROVED_WITHOUT_TEXT,
        GLOSSARY_BAD_VALUE,
        GLOSSARY_EMPTY_TEXT,
        GLOSSARY_BAD_DATE,
        GLOSSARY_NO_RENDERING,
        GLOSSARY_MISSING_TERM,
        GLOSSARY_FORBIDDEN_TERM,
        GLOSSARY_NOT_KEPT,
    ];
}
