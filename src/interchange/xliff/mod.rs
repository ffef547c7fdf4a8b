//! XLIFF 2.1 export of untranslated segments for human translators, and import of their work.
//!
//! This is the `xliff` "backend": not an HTTP provider but a round trip through people. The
//! pipeline exports the segments the memory has no answer for, translators fill the `<target>`s
//! in their CAT tool, and `import` validates the file against the segments that were exported.
//!
//! Mapping (XLIFF Version 2.1 core, namespace `urn:oasis:names:tc:xliff:document:2.0`):
//! - One `<file>` per episode (the part of the segment id before `#`, kept in `original`), one
//!   `<unit>` per segment. Unit ids must be NMTOKENs and segment ids contain `#`, so the unit `id`
//!   is an escaped form (`ep01#3` → `ep01_23_3`) and `name` carries the id verbatim; import reads
//!   `name` first.
//! - `<notes>`: `timing` (start – end), `speaker`, `max-length` (the platform's budget),
//!   `glossary` (one note per term present), `context-before` / `context-after`.
//! - `<x id="N"/>` (markup) → an inline code that must stay, once (`canCopy`/`canDelete="no"`),
//!   saying what it is: two placeholders that open and close one span of formatting
//!   (`translate::segment::CodeInfo`) become `<pc id="N" dataRefStart dataRefEnd type="fmt"
//!   subType="xlf:i">…</pc>`, any other is `<ph id="N" dataRef/>`; the original markup is in
//!   the unit's `<originalData>`. Runs of standalone codes keep their order (`canReorder`,
//!   `reorder_hints`). Import accepts a span as `<pc>` or as `<sc id/>…<ec startRef/>` (CAT tools
//!   convert one into the other) and refuses, per unit, a target whose spans end before they
//!   start, stay open, overlap, change kind, or whose ordered codes moved (`CodeError`).
//! - `<g id="N">R</g>` (an approved term) →
//!   `<mrk id="mN" translate="no" type="term">R</mrk>`: XLIFF's annotation for "a term, do not
//!   translate" (codes — `pc` — are for formatting, not for content the viewer reads). The `m`
//!   prefix keeps annotation ids apart from code ids in the unit's shared id space.
//!
//! - `export_with_files` also records each episode's source file in a file-level note
//!   (`subloc-episode`), so `subloc xliff import` can re-read the same episodes without being told.
//! - Import compares each unit's `<source>` with the segment it names: an episode edited since the
//!   export (same cue id, other text) must not receive a translation of its old line.
//!
//! `XliffBackend` is the backend identity translations imported this way are stored under; it
//! answers no requests (the pipeline exports instead of sending).
//!
//! Reading and writing go through the XML door (`crate::xml`): characters XML 1.0 forbids are
//! written as U+FFFD; import never resolves a DTD (a `<!DOCTYPE>` is skipped, only the five
//! predefined entities and character references to allowed characters are understood, so no
//! entity expansion, local or external, can happen). Problems are data (`XliffProblem`) for the
//! caller to render.
//!
//! `write` holds the export, `read` the import; this file the types both share and the unit ids.

mod read;
mod write;

pub use read::{file_info, import, import_partial};
pub use write::{export, export_with_files};

use std::collections::HashMap;

use crate::model::Timestamp;
use crate::translate::backends::http::LangTag;
use crate::translate::segment::{CodeInfo, CodeRole, Placeholder, RestoreError, placeholders};
use crate::translate::{
    Backend, BackendError, BackendIdentity, BatchLimits, BatchReply, BatchRequest, Billing,
    BoxFuture, Segment,
};

/// XLIFF 2 core namespace (2.1 keeps the 2.0 namespace and says `version="2.1"`).
pub const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:2.0";

/// Note category of the file-level note that records an episode's source file.
pub const EPISODE_NOTE: &str = "subloc-episode";

/// Bump when the export/import mapping changes what is stored.
const XLIFF_VERSION: &str = "1";

/// The `xliff` backend: human translators through exported files. Its identity keys the memory
/// entries `subloc xliff import` stores; it sends nothing, so `translate` fails if asked to.
#[derive(Debug, Clone, Copy, Default)]
pub struct XliffBackend;

impl Backend for XliffBackend {
    fn identity(&self) -> BackendIdentity {
        BackendIdentity {
            prompt_version: Some(XLIFF_VERSION.into()),
            ..BackendIdentity::new("xliff")
        }
    }

    fn limits(&self) -> BatchLimits {
        BatchLimits::default()
    }

    fn billing(&self) -> Billing {
        Billing::Free
    }

    fn supports(&self, _source_lang: &str, target_lang: &str) -> Result<(), BackendError> {
        LangTag::parse(target_lang)
            .map(|_| ())
            .ok_or_else(|| BackendError::UnsupportedLanguage {
                lang: target_lang.to_string(),
            })
    }

    fn translate<'a>(
        &'a self,
        _req: &'a BatchRequest,
    ) -> BoxFuture<'a, Result<BatchReply, BackendError>> {
        Box::pin(async {
            Err(BackendError::Fatal(
                "the xliff backend exports files for translators; it answers no requests".into(),
            ))
        })
    }
}

/// What `export_with_files` recorded about the episodes of a file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileInfo {
    pub source_lang: Option<String>,
    pub target_lang: Option<String>,
    /// (episode key from `original`, source file path from the `subloc-episode` note), per
    /// `<file>` in document order.
    pub episodes: Vec<(String, Option<String>)>,
}

/// A segment to export with what the translator should see beside it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExportUnit<'a> {
    pub segment: &'a Segment,
    /// The cue's start and end.
    pub timing: Option<(Timestamp, Timestamp)>,
}

impl<'a> From<&'a Segment> for ExportUnit<'a> {
    fn from(segment: &'a Segment) -> Self {
        ExportUnit {
            segment,
            timing: None,
        }
    }
}

/// What is wrong with an imported file or one of its units.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XliffProblem {
    /// Not well-formed XML; nothing was imported.
    #[error("XML error at byte {offset}: {message}")]
    Xml { offset: u64, message: String },
    /// The root is not an XLIFF 2 document.
    #[error("not an XLIFF 2 document")]
    NotXliff,
    /// `trgLang` is not the language being imported.
    #[error("target language {found:?}, expected {expected:?}")]
    WrongLanguage { expected: String, found: String },
    /// A unit whose id was not exported.
    #[error("unknown unit {id}")]
    UnknownUnit { id: String },
    /// The same unit twice.
    #[error("unit {id} appears twice")]
    DuplicateUnit { id: String },
    /// An exported segment has no unit in the file.
    #[error("unit {id} is missing")]
    MissingUnit { id: String },
    /// The unit has no (or an empty) target.
    #[error("unit {id} is not translated")]
    Untranslated { id: String },
    /// Placeholders of the target do not match the source.
    #[error("unit {id}: {error}")]
    Placeholder { id: String, error: RestoreError },
    /// An inline element subloc did not write (or a `ph`/`mrk` with a foreign id).
    #[error("unit {id}: unexpected <{element}>")]
    UnexpectedMarkup { id: String, element: String },
    /// An entity reference other than the predefined ones.
    #[error("unit {id}: unknown entity &{name};")]
    UnknownEntity { id: String, name: String },
    /// The unit's `<source>` is not the segment's text any more (the episode changed since the
    /// export, or the source was edited).
    #[error("unit {id}: the source text changed")]
    SourceChanged { id: String },
    /// The target's paired codes are unbalanced, crossed, or reordered where the export said
    /// they may not be.
    #[error("unit {id}: {error}")]
    Codes { id: String, error: CodeError },
}

/// How a target's inline codes break the structure of the source's. Data: rendered by the
/// caller. Ids are the source's code ids (`id` of `<pc>`/`<sc>`/`<ph>`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// An end code (`<ec startRef>`) before its start code (XLIFF 2.1 core: the `ec` of a
    /// non-isolated `sc` follows it in the same unit).
    #[error("code {id} ends before it starts")]
    EndBeforeStart { id: u32 },
    /// A start code whose end is missing.
    #[error("code {id} is not closed")]
    Unclosed { id: u32 },
    /// Spans that overlap (`<sc 1/>…<sc 2/>…<ec 1/>…<ec 2/>`): subloc's spans may not
    /// (`canOverlap="no"`), the restored markup would be malformed.
    #[error("code {id} overlaps code {other}")]
    Crossed { id: u32, other: u32 },
    /// Codes of a sequence the export marked `canReorder="firstNo"`/`"no"` in another order.
    #[error("code {id} was moved out of its sequence")]
    Reordered { id: u32 },
    /// A paired code written standalone, or a standalone one as a pair.
    #[error("code {id} changed kind")]
    Kind { id: u32 },
}

impl CodeError {
    /// Stable machine id.
    pub fn code(&self) -> &'static str {
        match self {
            CodeError::EndBeforeStart { .. } => "code-end-before-start",
            CodeError::Unclosed { .. } => "code-unclosed",
            CodeError::Crossed { .. } => "code-crossed",
            CodeError::Reordered { .. } => "code-reordered",
            CodeError::Kind { .. } => "code-kind",
        }
    }

    /// The code the error is about.
    pub fn id(&self) -> u32 {
        match self {
            CodeError::EndBeforeStart { id }
            | CodeError::Unclosed { id }
            | CodeError::Crossed { id, .. }
            | CodeError::Reordered { id }
            | CodeError::Kind { id } => *id,
        }
    }
}

/// A code's `canReorder` hint other than the default `yes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reorder {
    FirstNo,
    No,
}

/// Which standalone codes must keep their order, and how the export says so. A standalone code
/// changes the state of everything after it (a colour, a karaoke syllable's timing, a dialogue
/// line break), so two in a row must not swap; a pair encloses its own text and may move with
/// it. XLIFF 2.1 marks such a sequence `canReorder="firstNo"` on its first code and `"no"` on the
/// codes that directly follow it (the OASIS schematron for 2.1, rule F30: a `no` code is preceded
/// by a `no` or `firstNo` one), so a sequence is a run of consecutive standalone codes — a `<pc>`
/// start or end between two of them separates runs. Empty when `codes` describes nothing.
pub(crate) fn reorder_hints(text: &str, codes: &[CodeInfo]) -> HashMap<u32, Reorder> {
    let mut hints = HashMap::new();
    if codes.is_empty() {
        return hints;
    }
    let mut run: Vec<u32> = Vec::new();
    let mut close = |run: &mut Vec<u32>| {
        if run.len() > 1 {
            for (k, id) in run.iter().enumerate() {
                hints.insert(
                    *id,
                    if k == 0 {
                        Reorder::FirstNo
                    } else {
                        Reorder::No
                    },
                );
            }
        }
        run.clear();
    };
    for p in placeholders(text) {
        let Placeholder::Markup(id) = p else {
            continue;
        };
        match codes.iter().find(|c| c.id == id).map(|c| c.role) {
            Some(CodeRole::Standalone) | None => run.push(id),
            Some(_) => close(&mut run),
        }
    }
    close(&mut run);
    hints
}

impl XliffProblem {
    /// Stable machine id.
    pub fn code(&self) -> &'static str {
        match self {
            XliffProblem::Xml { .. } => "xliff-xml",
            XliffProblem::NotXliff => "xliff-not-xliff",
            XliffProblem::WrongLanguage { .. } => "xliff-wrong-language",
            XliffProblem::UnknownUnit { .. } => "xliff-unknown-unit",
            XliffProblem::DuplicateUnit { .. } => "xliff-duplicate-unit",
            XliffProblem::MissingUnit { .. } => "xliff-missing-unit",
            XliffProblem::Untranslated { .. } => "xliff-untranslated",
            XliffProblem::Placeholder { .. } => "xliff-placeholder",
            XliffProblem::UnexpectedMarkup { .. } => "xliff-unexpected-markup",
            XliffProblem::UnknownEntity { .. } => "xliff-unknown-entity",
            XliffProblem::SourceChanged { .. } => "xliff-source-changed",
            XliffProblem::Codes { .. } => "xliff-inline-codes",
        }
    }

    /// The segment id the problem is about, if any.
    pub fn segment_id(&self) -> Option<&str> {
        match self {
            XliffProblem::UnknownUnit { id }
            | XliffProblem::DuplicateUnit { id }
            | XliffProblem::MissingUnit { id }
            | XliffProblem::Untranslated { id }
            | XliffProblem::Placeholder { id, .. }
            | XliffProblem::UnexpectedMarkup { id, .. }
            | XliffProblem::UnknownEntity { id, .. }
            | XliffProblem::SourceChanged { id }
            | XliffProblem::Codes { id, .. } => Some(id),
            _ => None,
        }
    }
}

/// A segment id as an XML NMTOKEN: ASCII letters, digits, `.` and `-` are kept, every other
/// character becomes `_<hex>_`.
pub fn unit_id(segment_id: &str) -> String {
    let mut out = String::with_capacity(segment_id.len() + 8);
    for c in segment_id.chars() {
        if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
            out.push(c);
        } else {
            out.push_str(&format!("_{:x}_", u32::from(c)));
        }
    }
    out
}

/// Inverse of `unit_id`; `None` when the text is not such an encoding.
pub fn segment_id_of(unit_id: &str) -> Option<String> {
    let mut out = String::with_capacity(unit_id.len());
    let mut rest = unit_id;
    while let Some(pos) = rest.find('_') {
        out.push_str(rest.get(..pos)?);
        let after = rest.get(pos + 1..)?;
        let end = after.find('_')?;
        let code = u32::from_str_radix(after.get(..end)?, 16).ok()?;
        out.push(char::from_u32(code)?);
        rest = after.get(end + 1..)?;
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests;
