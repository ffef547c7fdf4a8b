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
//! - `<x id="N"/>` (opaque markup) → `<ph id="N" canCopy="no" canDelete="no"/>`: a standalone
//!   inline code that must stay, once. `<g id="N">R</g>` (an approved term) →
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

use std::collections::{HashMap, HashSet};

use quick_xml::events::{BytesStart, Event};

use crate::model::Timestamp;
use crate::translate::backends::http::LangTag;
use crate::translate::backends::placeholder_html::{TagKind, tag_kind};
use crate::translate::segment::{RestoreError, check_placeholders, escape_text, unescape_text};
use crate::translate::{
    Backend, BackendError, BackendIdentity, BatchLimits, BatchReply, BatchRequest, Billing,
    BoxFuture, Segment,
};
use crate::xml::{self, XmlReader};

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
            | XliffProblem::SourceChanged { id } => Some(id),
            _ => None,
        }
    }
}

/// Writes an XLIFF 2.1 document with empty targets for `units`.
pub fn export(units: &[ExportUnit<'_>], source_lang: &str, target_lang: &str) -> String {
    export_with_files(units, source_lang, target_lang, &[])
}

/// Like `export`, and records the source file of each episode (`files`: episode key, path) in a
/// file-level `subloc-episode` note.
pub fn export_with_files(
    units: &[ExportUnit<'_>],
    source_lang: &str,
    target_lang: &str,
    files: &[(&str, &str)],
) -> String {
    // Group by episode, in order of first appearance.
    let mut order: Vec<&str> = Vec::new();
    let mut groups: HashMap<&str, Vec<&ExportUnit<'_>>> = HashMap::new();
    for u in units {
        let episode = u.segment.id.rsplit_once('#').map(|(e, _)| e).unwrap_or("");
        let g = groups.entry(episode).or_default();
        if g.is_empty() {
            order.push(episode);
        }
        g.push(u);
    }
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<xliff xmlns=\"{NAMESPACE}\" version=\"2.1\" srcLang=\"{}\" trgLang=\"{}\">\n",
        xml::attr(source_lang),
        xml::attr(target_lang)
    ));
    for (n, episode) in order.iter().enumerate() {
        out.push_str(&format!("  <file id=\"f{}\"", n + 1));
        if !episode.is_empty() {
            out.push_str(&format!(" original=\"{}\"", xml::attr(episode)));
        }
        out.push_str(">\n");
        if let Some((_, path)) = files.iter().find(|(k, _)| k == episode) {
            out.push_str(&format!(
                "    <notes>\n      <note category=\"{EPISODE_NOTE}\">{}</note>\n    </notes>\n",
                xml::text(path)
            ));
        }
        for u in groups.get(episode).map(Vec::as_slice).unwrap_or(&[]) {
            write_unit(&mut out, u);
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</xliff>\n");
    out
}

fn write_unit(out: &mut String, u: &ExportUnit<'_>) {
    let seg = u.segment;
    out.push_str(&format!(
        "    <unit id=\"{}\" name=\"{}\">\n",
        unit_id(&seg.id),
        xml::attr(&seg.id)
    ));
    let ctx = &seg.context;
    let mut notes: Vec<(&str, String)> = Vec::new();
    if let Some((start, end)) = u.timing {
        notes.push((
            "timing",
            format!("{} – {}", start.fmt_clock('.'), end.fmt_clock('.')),
        ));
    }
    if let Some(s) = &ctx.speaker {
        notes.push(("speaker", s.clone()));
    }
    if let Some(m) = ctx.max_chars {
        notes.push(("max-length", m.to_string()));
    }
    for t in &ctx.terms {
        let mut note = t.source.clone();
        if let Some(target) = &t.target {
            note.push_str(" = ");
            note.push_str(target);
        }
        if let Some(n) = &t.note {
            note.push_str(" (");
            note.push_str(n);
            note.push(')');
        }
        notes.push(("glossary", note));
    }
    for b in &ctx.before {
        notes.push(("context-before", b.clone()));
    }
    for a in &ctx.after {
        notes.push(("context-after", a.clone()));
    }
    if !notes.is_empty() {
        out.push_str("      <notes>\n");
        for (category, text) in notes {
            out.push_str(&format!(
                "        <note category=\"{category}\">{}</note>\n",
                xml::text(&text)
            ));
        }
        out.push_str("      </notes>\n");
    }
    out.push_str("      <segment>\n        <source>");
    out.push_str(&to_inline(&seg.text));
    out.push_str("</source>\n        <target/>\n      </segment>\n    </unit>\n");
}

/// Longest placeholder tag recognised (`<x id="999999999"/>` is 20 bytes).
const MAX_TAG_BYTES: usize = 64;

/// Segment text → XLIFF inline content.
fn to_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut run = String::new();
    let mut open_g = false;
    let mut rest = text;
    let flush = |run: &mut String, out: &mut String| {
        if !run.is_empty() {
            out.push_str(&xml::text(&unescape_text(run)));
            run.clear();
        }
    };
    while let Some(pos) = rest.find('<') {
        run.push_str(rest.get(..pos).unwrap_or(""));
        let tail = rest.get(pos..).unwrap_or("");
        // Placeholder tags are short; looking further would make `<<<<…` quadratic.
        let tag = tail
            .bytes()
            .take(MAX_TAG_BYTES)
            .position(|b| b == b'>')
            .and_then(|e| tail.get(..=e));
        let numeric = |id: &str| id.parse::<u32>().ok();
        let handled = match tag.map(|t| (t, tag_kind(t))) {
            Some((t, TagKind::Empty("x", Some(id)))) if numeric(id).is_some() => {
                flush(&mut run, &mut out);
                out.push_str(&format!(
                    "<ph id=\"{}\" canCopy=\"no\" canDelete=\"no\"/>",
                    numeric(id).unwrap_or(0)
                ));
                Some(t.len())
            }
            Some((t, TagKind::Open("g", Some(id)))) if numeric(id).is_some() && !open_g => {
                flush(&mut run, &mut out);
                out.push_str(&format!(
                    "<mrk id=\"m{}\" translate=\"no\" type=\"term\">",
                    numeric(id).unwrap_or(0)
                ));
                open_g = true;
                Some(t.len())
            }
            Some((t, TagKind::Close("g"))) if open_g => {
                flush(&mut run, &mut out);
                out.push_str("</mrk>");
                open_g = false;
                Some(t.len())
            }
            _ => None,
        };
        match handled {
            Some(len) => rest = tail.get(len..).unwrap_or(""),
            None => {
                // A literal `<` that is not a placeholder (segment texts should escape it).
                run.push_str("&lt;");
                rest = tail.get(1..).unwrap_or("");
            }
        }
    }
    run.push_str(rest);
    flush(&mut run, &mut out);
    if open_g {
        out.push_str("</mrk>");
    }
    out
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

/// Imports a translated file strictly: every exported segment must come back translated with
/// its placeholders intact. Returns the translations (segment id, text with placeholders) in
/// the order of `expected`, or every problem found.
pub fn import(
    text: &str,
    expected: &[Segment],
    target_lang: &str,
) -> Result<Vec<(String, String)>, Vec<XliffProblem>> {
    let (ok, problems) = import_partial(text, expected, target_lang);
    if problems.is_empty() {
        Ok(ok)
    } else {
        Err(problems)
    }
}

/// Imports what is usable and reports the rest: translations that pass validation are returned
/// even when other units have problems (a translator may deliver in parts). A file that is not
/// well-formed XLIFF, or is for another language, yields nothing.
pub fn import_partial(
    text: &str,
    expected: &[Segment],
    target_lang: &str,
) -> (Vec<(String, String)>, Vec<XliffProblem>) {
    let parsed = match parse(text) {
        Ok(p) => p,
        Err(p) => return (Vec::new(), vec![p]),
    };
    if let Some(found) = &parsed.target_lang
        && !same_language(found, target_lang)
    {
        return (
            Vec::new(),
            vec![XliffProblem::WrongLanguage {
                expected: target_lang.to_string(),
                found: found.clone(),
            }],
        );
    }
    let mut problems = parsed.problems;
    let by_id: HashMap<&str, &Segment> = expected.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut seen: HashSet<String> = HashSet::new();
    let mut got: HashMap<String, String> = HashMap::new();
    for unit in parsed.units {
        if !seen.insert(unit.id.clone()) {
            got.remove(&unit.id);
            problems.push(XliffProblem::DuplicateUnit { id: unit.id });
            continue;
        }
        let Some(seg) = by_id.get(unit.id.as_str()) else {
            problems.push(XliffProblem::UnknownUnit { id: unit.id });
            continue;
        };
        if unit.broken {
            continue;
        }
        if let Some(source) = &unit.source
            && to_inline(source) != to_inline(&seg.text)
        {
            problems.push(XliffProblem::SourceChanged { id: unit.id });
            continue;
        }
        let target = unit.target.unwrap_or_default();
        if unescape_text(&target).trim().is_empty() {
            problems.push(XliffProblem::Untranslated { id: unit.id });
            continue;
        }
        if let Err(error) = check_placeholders(&seg.text, &target) {
            problems.push(XliffProblem::Placeholder { id: unit.id, error });
            continue;
        }
        got.insert(unit.id, target);
    }
    let dup: HashSet<String> = problems
        .iter()
        .filter_map(|p| match p {
            XliffProblem::DuplicateUnit { id } => Some(id.clone()),
            _ => None,
        })
        .collect();
    let mut ok = Vec::new();
    for seg in expected {
        if dup.contains(&seg.id) {
            continue;
        }
        match got.remove(&seg.id) {
            Some(t) => ok.push((seg.id.clone(), t)),
            None if !seen.contains(&seg.id) => {
                problems.push(XliffProblem::MissingUnit { id: seg.id.clone() })
            }
            None => {}
        }
    }
    (ok, problems)
}

/// Same language, and same script and region where both tags give one (`fa` matches `fa-IR`;
/// `zh-Hans` does not match `zh-Hant`).
fn same_language(a: &str, b: &str) -> bool {
    let compatible = |x: &Option<String>, y: &Option<String>| match (x, y) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
        _ => true,
    };
    match (LangTag::parse(a), LangTag::parse(b)) {
        (Some(x), Some(y)) => {
            x.lang == y.lang && compatible(&x.script, &y.script) && compatible(&x.region, &y.region)
        }
        _ => a.eq_ignore_ascii_case(b),
    }
}

struct Parsed {
    target_lang: Option<String>,
    units: Vec<ParsedUnit>,
    problems: Vec<XliffProblem>,
}

struct ParsedUnit {
    id: String,
    /// Source as segment text, like `target`; `None` without a source.
    source: Option<String>,
    /// Target as segment text (placeholders canonical, `<>&` escaped); `None` without a target.
    target: Option<String>,
    /// A problem inside the target was already reported.
    broken: bool,
}

/// Where the reader is.
struct UnitState {
    unit: ParsedUnit,
    in_target: bool,
    in_source: bool,
    /// Open `<mrk>`s inside the target: whether each is one of ours (→ `</g>`).
    mrk: Vec<bool>,
}

impl UnitState {
    /// The text being read: the target's or the source's.
    fn text(&mut self) -> Option<&mut String> {
        if self.in_target {
            self.unit.target.as_mut()
        } else if self.in_source {
            self.unit.source.as_mut()
        } else {
            None
        }
    }

    fn inline(&self) -> bool {
        self.in_target || self.in_source
    }
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    xml::attribute(e, key)
}

fn parse(text: &str) -> Result<Parsed, XliffProblem> {
    let mut reader = XmlReader::new(text);
    let mut parsed = Parsed {
        target_lang: None,
        units: Vec::new(),
        problems: Vec::new(),
    };
    let mut saw_root = false;
    let mut state: Option<UnitState> = None;
    loop {
        // The door's reader also refuses a file cut off inside an element.
        let ev = reader.read_event().map_err(|e| XliffProblem::Xml {
            offset: e.offset,
            message: e.message,
        })?;
        let is_empty = matches!(ev, Event::Empty(_));
        match ev {
            Event::Eof => break,
            Event::Start(ref e) | Event::Empty(ref e) => {
                let name = e.local_name().as_ref().to_string();
                if !saw_root {
                    let version = attr(e, "version").unwrap_or_default();
                    if name != "xliff" || !version.starts_with("2.") {
                        return Err(XliffProblem::NotXliff);
                    }
                    saw_root = true;
                    parsed.target_lang = attr(e, "trgLang");
                    continue;
                }
                match (&mut state, name.as_str()) {
                    (None, "unit") => {
                        let id = attr(e, "name")
                            .or_else(|| attr(e, "id").and_then(|i| segment_id_of(&i)))
                            .unwrap_or_default();
                        let unit = ParsedUnit {
                            id,
                            source: None,
                            target: None,
                            broken: false,
                        };
                        if is_empty {
                            parsed.units.push(unit);
                        } else {
                            state = Some(UnitState {
                                unit,
                                in_target: false,
                                in_source: false,
                                mrk: Vec::new(),
                            });
                        }
                    }
                    (Some(st), "target") if !st.inline() => {
                        st.unit.target.get_or_insert_with(String::new);
                        st.in_target = !is_empty;
                    }
                    (Some(st), "source") if !st.inline() => {
                        st.unit.source.get_or_insert_with(String::new);
                        st.in_source = !is_empty;
                    }
                    (Some(st), "ph") if st.inline() => {
                        match attr(e, "id").and_then(|i| i.parse::<u32>().ok()) {
                            Some(n) if is_empty => {
                                if let Some(t) = st.text() {
                                    t.push_str(&format!("<x id=\"{n}\"/>"));
                                }
                            }
                            _ if st.in_target => unexpected(st, &name, &mut parsed.problems),
                            _ => {}
                        }
                    }
                    (Some(st), "mrk") if st.inline() && !is_empty => {
                        let ours = attr(e, "id")
                            .and_then(|i| i.strip_prefix('m').and_then(|n| n.parse::<u32>().ok()));
                        match ours {
                            Some(n) => {
                                if let Some(t) = st.text() {
                                    t.push_str(&format!("<g id=\"{n}\">"));
                                }
                                st.mrk.push(true);
                            }
                            // A translator's own annotation: keep its text, drop the element.
                            None => st.mrk.push(false),
                        }
                    }
                    (Some(st), other) if st.in_target => {
                        if matches!(other, "pc" | "sc" | "ec" | "cp" | "sm" | "em") {
                            unexpected(st, other, &mut parsed.problems);
                        }
                    }
                    _ => {}
                }
            }
            Event::End(ref e) => {
                let name = e.local_name().as_ref().to_string();
                match (&mut state, name.as_str()) {
                    (Some(st), "target") if st.in_target => st.in_target = false,
                    (Some(st), "source") if st.in_source => st.in_source = false,
                    (Some(st), "mrk") if st.inline() => {
                        if st.mrk.pop() == Some(true)
                            && let Some(t) = st.text()
                        {
                            t.push_str("</g>");
                        }
                    }
                    (Some(_), "unit") => {
                        if let Some(st) = state.take() {
                            parsed.units.push(st.unit);
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                if let Some(text) = state.as_mut().and_then(UnitState::text) {
                    text.push_str(&escape_text(&xml::text_of(&t)));
                }
            }
            Event::CData(t) => {
                if let Some(text) = state.as_mut().and_then(UnitState::text) {
                    text.push_str(&escape_text(&xml::cdata_of(&t)));
                }
            }
            Event::GeneralRef(r) => {
                let resolved = xml::resolve(&r);
                if let Some(st) = state.as_mut().filter(|s| s.inline()) {
                    match resolved {
                        Ok(c) => {
                            if let Some(text) = st.text() {
                                text.push_str(&escape_text(c.encode_utf8(&mut [0; 4])));
                            }
                        }
                        // An unknown entity in the source shows up as a changed source.
                        Err(_) if st.in_source => {}
                        Err(_) => {
                            st.unit.broken = true;
                            parsed.problems.push(XliffProblem::UnknownEntity {
                                id: st.unit.id.clone(),
                                name: String::from(&*r),
                            });
                        }
                    }
                }
            }
            // DOCTYPE, comments, processing instructions: never interpreted.
            _ => {}
        }
    }
    if !saw_root {
        return Err(XliffProblem::NotXliff);
    }
    Ok(parsed)
}

/// Reads the languages and the episodes `export_with_files` recorded (nothing else is checked:
/// `import_partial` validates the units).
pub fn file_info(text: &str) -> Result<FileInfo, XliffProblem> {
    let mut reader = XmlReader::new(text);
    let mut info = FileInfo::default();
    let mut saw_root = false;
    // Depth of `<unit>`/`<group>` nesting: notes inside them are not the file's.
    let mut inner = 0usize;
    let mut note: Option<String> = None;
    loop {
        // The door's reader also refuses a file cut off inside an element.
        let ev = reader.read_event().map_err(|e| XliffProblem::Xml {
            offset: e.offset,
            message: e.message,
        })?;
        match ev {
            Event::Eof => break,
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_empty = matches!(ev, Event::Empty(_));
                let name = e.local_name().as_ref().to_string();
                if !saw_root {
                    let version = attr(e, "version").unwrap_or_default();
                    if name != "xliff" || !version.starts_with("2.") {
                        return Err(XliffProblem::NotXliff);
                    }
                    saw_root = true;
                    info.source_lang = attr(e, "srcLang");
                    info.target_lang = attr(e, "trgLang");
                    continue;
                }
                match name.as_str() {
                    "file" => info
                        .episodes
                        .push((attr(e, "original").unwrap_or_default(), None)),
                    "unit" | "group" if !is_empty => inner += 1,
                    "note"
                        if !is_empty
                            && inner == 0
                            && attr(e, "category").as_deref() == Some(EPISODE_NOTE) =>
                    {
                        note = Some(String::new());
                    }
                    _ => {}
                }
            }
            Event::End(ref e) => match e.local_name().as_ref() {
                "unit" | "group" => inner = inner.saturating_sub(1),
                "note" => {
                    if let (Some(path), Some(last)) = (note.take(), info.episodes.last_mut()) {
                        last.1 = Some(path);
                    }
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some(n) = note.as_mut() {
                    n.push_str(&xml::text_of(&t));
                }
            }
            Event::GeneralRef(r) => {
                if let (Some(n), Ok(c)) = (note.as_mut(), xml::resolve(&r)) {
                    n.push(c);
                }
            }
            _ => {}
        }
    }
    if !saw_root {
        return Err(XliffProblem::NotXliff);
    }
    Ok(info)
}

fn unexpected(st: &mut UnitState, element: &str, problems: &mut Vec<XliffProblem>) {
    st.unit.broken = true;
    problems.push(XliffProblem::UnexpectedMarkup {
        id: st.unit.id.clone(),
        element: element.to_string(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_ids_are_nmtokens_and_reversible() {
        for id in ["ep01#3", "S01E02 – pilot#17", "a_b#1", "x"] {
            let u = unit_id(id);
            assert!(
                u.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')),
                "{u}"
            );
            assert_eq!(segment_id_of(&u).as_deref(), Some(id));
        }
        assert_eq!(unit_id("ep01#3"), "ep01_23_3");
        assert_eq!(segment_id_of("bad_zz_"), None);
    }

    #[test]
    fn inline_conversion() {
        assert_eq!(
            to_inline("a &lt;b&gt; <x id=\"1\"/>c <g id=\"2\">Kirk</g> &amp; d"),
            "a &lt;b&gt; <ph id=\"1\" canCopy=\"no\" canDelete=\"no\"/>c \
             <mrk id=\"m2\" translate=\"no\" type=\"term\">Kirk</mrk> &amp; d"
        );
        // Stray markup is text; an unclosed term is closed to stay well-formed.
        assert_eq!(to_inline("1 < 2"), "1 &lt; 2");
        assert_eq!(
            to_inline("<g id=\"1\">x"),
            "<mrk id=\"m1\" translate=\"no\" type=\"term\">x</mrk>"
        );
        // A character XML 1.0 forbids becomes U+FFFD (the door's rule; it used to be dropped).
        assert_eq!(to_inline("a\u{1}b"), "a\u{FFFD}b");
    }

    fn seg(id: &str, text: &str) -> Segment {
        Segment {
            id: id.into(),
            text: text.into(),
            context: Default::default(),
        }
    }

    #[test]
    fn episodes_are_recorded_per_file_and_read_back() {
        let segs = [seg("ep01#1", "你好"), seg("ep02-ass#4", "a<x id=\"1\"/>b")];
        let units: Vec<ExportUnit<'_>> = segs.iter().map(ExportUnit::from).collect();
        let x = export_with_files(
            &units,
            "zh-Hans",
            "fa",
            &[("ep01", "eps/ep01.srt"), ("ep02-ass", "eps/a & b/ep02.ass")],
        );
        let info = file_info(&x).unwrap();
        assert_eq!(info.source_lang.as_deref(), Some("zh-Hans"));
        assert_eq!(info.target_lang.as_deref(), Some("fa"));
        assert_eq!(
            info.episodes,
            vec![
                ("ep01".to_string(), Some("eps/ep01.srt".to_string())),
                (
                    "ep02-ass".to_string(),
                    Some("eps/a & b/ep02.ass".to_string())
                ),
            ]
        );
        // A unit-level note of the same category is not the file's.
        let plain = export(&units, "zh-Hans", "fa");
        assert!(
            file_info(&plain)
                .unwrap()
                .episodes
                .iter()
                .all(|(_, p)| p.is_none())
        );
        assert_eq!(file_info("<tmx/>"), Err(XliffProblem::NotXliff));
        assert!(matches!(
            file_info("<xliff version=\"2.1\"><file>"),
            Err(XliffProblem::Xml { .. })
        ));
    }

    #[test]
    fn a_changed_source_is_refused() {
        let old = [seg("ep01#1", "你好<x id=\"1\"/>吗 &amp; 1 &lt; 2")];
        let units: Vec<ExportUnit<'_>> = old.iter().map(ExportUnit::from).collect();
        let filled = export(&units, "zh-Hans", "fa")
            .replace("<target/>", "<target>سلام <ph id=\"1\"/></target>");
        // The same text imports (the source survives the XML round trip exactly)…
        assert_eq!(
            import(&filled, &old, "fa").unwrap(),
            vec![("ep01#1".to_string(), "سلام <x id=\"1\"/>".to_string())]
        );
        // … another text under the same id does not.
        let new = [seg("ep01#1", "再见<x id=\"1\"/>")];
        assert_eq!(
            import(&filled, &new, "fa").unwrap_err(),
            vec![XliffProblem::SourceChanged {
                id: "ep01#1".into()
            }]
        );
    }

    #[test]
    fn the_backend_sends_nothing() {
        let b = XliffBackend;
        assert_eq!(b.identity().kind, "xliff");
        assert_eq!(b.billing(), Billing::Free);
        assert!(b.supports("zh-Hans", "fa").is_ok());
        assert!(b.supports("zh-Hans", "!!").is_err());
    }

    #[test]
    fn inline_conversion_is_linear() {
        let hostile = format!("{}>", "<".repeat(200_000));
        let started = std::time::Instant::now();
        let out = to_inline(&hostile);
        assert!(out.starts_with("&lt;&lt;") && out.ends_with("&gt;"));
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }

    /// Fills every empty target of an exported file with `target`.
    fn filled(xliff: &str, target: &str) -> String {
        xliff.replace("<target/>", &format!("<target>{target}</target>"))
    }

    #[test]
    fn ids_with_whitespace_survive_the_name_attribute() {
        // A tab or line break in an attribute must be written as a character reference, or
        // attribute-value normalization reads it back as a space and the unit no longer matches
        // its segment (the old `escape_attr` wrote them raw).
        let segs = [seg("ep\t01\n#1", "Hi")];
        let units: Vec<ExportUnit<'_>> = segs.iter().map(ExportUnit::from).collect();
        let out = export(&units, "en", "fr");
        assert!(out.contains("name=\"ep&#9;01&#10;#1\""), "{out}");
        let got = import(&filled(&out, "Salut"), &segs, "fr").unwrap();
        assert_eq!(got, [("ep\t01\n#1".to_string(), "Salut".to_string())]);
    }

    #[test]
    fn references_to_forbidden_characters_are_refused() {
        // XML 1.0 §4.1 (WFC: Legal Character): `&#1;` is not well-formed, like `&#0;`. It used to
        // put U+0001 into the translation.
        let segs = [seg("e#1", "Hi")];
        let units: Vec<ExportUnit<'_>> = segs.iter().map(ExportUnit::from).collect();
        let out = export(&units, "en", "fr");
        for bad in ["&#1;", "&#0;", "&#xFFFE;", "&#X41;"] {
            let (ok, problems) = import_partial(&filled(&out, &format!("a{bad}b")), &segs, "fr");
            assert!(ok.is_empty(), "{bad}");
            assert_eq!(problems.len(), 1, "{bad}: {problems:?}");
            assert_eq!(problems[0].code(), "xliff-unknown-entity", "{bad}");
        }
        let got = import(&filled(&out, "a&#x41;&#66;b"), &segs, "fr").unwrap();
        assert_eq!(got[0].1, "aABb");
    }

    #[test]
    fn cdata_line_ends_are_normalized_like_text() {
        // XML 1.0 §2.11 normalizes line ends in the whole document, CDATA included.
        let segs = [seg("e#1", "Hi")];
        let units: Vec<ExportUnit<'_>> = segs.iter().map(ExportUnit::from).collect();
        let out = export(&units, "en", "fr");
        let got = import(&filled(&out, "<![CDATA[a\r\nb]]>\r\nc"), &segs, "fr").unwrap();
        assert_eq!(got[0].1, "a\nb\nc");
    }
}
