//! XLIFF import: reading a translated file back (`parse`), validating each unit against the
//! segment it names (`import`, `import_partial`), and reading the episodes an export recorded
//! (`file_info`). The mapping it undoes is described in `src/interchange/xliff/mod.rs`.

use std::collections::{HashMap, HashSet};

use quick_xml::events::{BytesRef, BytesStart, Event};

use super::write::to_inline;
use super::{CodeError, EPISODE_NOTE, FileInfo, XliffProblem, reorder_hints, segment_id_of};
use crate::translate::Segment;
use crate::translate::backends::http::LangTag;
use crate::translate::segment::{
    CodeInfo, CodeRole, Placeholder, check_placeholders, escape_text, placeholders, unescape_text,
};
use crate::xml::{self, XmlReader};

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
        let codes = &seg.context.codes;
        if let Some(source) = &unit.source {
            let same = resolve(source, codes)
                .is_ok_and(|s| to_inline(&s, codes) == to_inline(&seg.text, codes));
            if !same {
                problems.push(XliffProblem::SourceChanged { id: unit.id });
                continue;
            }
        }
        let target = match unit.target.as_deref().map(|t| resolve(t, codes)) {
            Some(Ok(t)) => t,
            None => String::new(),
            Some(Err(error)) => {
                problems.push(XliffProblem::Codes { id: unit.id, error });
                continue;
            }
        };
        if let Err(error) = keeps_order(&seg.text, &target, codes) {
            problems.push(XliffProblem::Codes { id: unit.id, error });
            continue;
        }
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
    /// Source as inline parts, like `target`; `None` without a source.
    source: Option<Vec<Part>>,
    /// Target as inline parts; `None` without a target.
    target: Option<Vec<Part>>,
    /// A problem inside the target was already reported.
    broken: bool,
}

/// A piece of a source or target as read, before its codes are matched with the segment's.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    /// Segment text: `<>&` escaped, terms as `<g id>…</g>`.
    Text(String),
    /// `<ph id/>`.
    Ph(u32),
    /// `<pc id>` or `<sc id/>`.
    Start(u32),
    /// `</pc>` or `<ec startRef/>`: the id of the start code.
    End(u32),
}

/// Appends segment text to parts, merging with a text part before it.
fn push_str(parts: &mut Vec<Part>, s: &str) {
    match parts.last_mut() {
        Some(Part::Text(t)) => t.push_str(s),
        _ => parts.push(Part::Text(s.to_string())),
    }
}

/// Turns the parts of a source or target into segment text, matching its codes with the
/// segment's `codes`: a span's start becomes the placeholder of the source's opening markup,
/// its end the closing one's. A span must end after it starts, end before an enclosing span
/// ends, and be closed; a code the segment has as a pair must be written as one and a
/// standalone one as `<ph>`. Ids the segment does not have are left for `check_placeholders`
/// (an invented code). Without `codes` every code is taken as standalone.
fn resolve(parts: &[Part], codes: &[CodeInfo]) -> Result<String, CodeError> {
    let role = |id: u32| codes.iter().find(|c| c.id == id).map(|c| c.role);
    let mut out = String::new();
    let mut open: Vec<u32> = Vec::new();
    for p in parts {
        match *p {
            Part::Text(ref t) => out.push_str(t),
            Part::Ph(id) => match role(id) {
                Some(CodeRole::Open { .. } | CodeRole::Close { .. }) => {
                    return Err(CodeError::Kind { id });
                }
                _ => out.push_str(&format!("<x id=\"{id}\"/>")),
            },
            Part::Start(id) => match role(id) {
                Some(CodeRole::Open { .. }) => {
                    open.push(id);
                    out.push_str(&format!("<x id=\"{id}\"/>"));
                }
                None if codes.is_empty() => out.push_str(&format!("<x id=\"{id}\"/>")),
                _ => return Err(CodeError::Kind { id }),
            },
            Part::End(id) => {
                let close = match role(id) {
                    Some(CodeRole::Open { close }) => close,
                    None if codes.is_empty() => continue,
                    _ => return Err(CodeError::Kind { id }),
                };
                match open.last() {
                    Some(&top) if top == id => {
                        open.pop();
                        out.push_str(&format!("<x id=\"{close}\"/>"));
                    }
                    Some(&top) if open.contains(&id) => {
                        return Err(CodeError::Crossed { id, other: top });
                    }
                    _ => return Err(CodeError::EndBeforeStart { id }),
                }
            }
        }
    }
    match open.last() {
        Some(&id) => Err(CodeError::Unclosed { id }),
        None => Ok(out),
    }
}

/// Whether the target keeps the order of every sequence of codes the export marked as not
/// reorderable (`reorder_hints`): their first occurrences in the target in source order.
fn keeps_order(source: &str, target: &str, codes: &[CodeInfo]) -> Result<(), CodeError> {
    let hints = reorder_hints(source, codes);
    if hints.is_empty() {
        return Ok(());
    }
    let markup = |text: &str| -> Vec<u32> {
        placeholders(text)
            .into_iter()
            .filter_map(|p| match p {
                Placeholder::Markup(id) => Some(id),
                Placeholder::Term { .. } => None,
            })
            .collect()
    };
    let in_target = markup(target);
    let position = |id: u32| in_target.iter().position(|&t| t == id);
    let mut last: Option<usize> = None;
    for id in markup(source) {
        match hints.get(&id) {
            Some(super::Reorder::FirstNo) => last = position(id),
            Some(super::Reorder::No) => {
                let here = position(id);
                // A missing code is `check_placeholders`' to report.
                if let (Some(prev), Some(here)) = (last, here)
                    && here < prev
                {
                    return Err(CodeError::Reordered { id });
                }
                last = here.or(last);
            }
            None => {}
        }
    }
    Ok(())
}

/// Where the reader is.
struct UnitState {
    unit: ParsedUnit,
    in_target: bool,
    in_source: bool,
    /// Open `<mrk>`s inside the target: whether each is one of ours (→ `</g>`).
    mrk: Vec<bool>,
    /// Open `<pc>`s: the id of each (`None`: not a number, already reported).
    pc: Vec<Option<u32>>,
}

impl UnitState {
    /// The parts being read: the target's or the source's.
    fn text(&mut self) -> Option<&mut Vec<Part>> {
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

fn numeric_id(e: &BytesStart<'_>, key: &str) -> Option<u32> {
    attr(e, key).and_then(|i| i.parse::<u32>().ok())
}

/// The reader's progress through one file: what was parsed so far and the unit it is inside.
struct Parser {
    parsed: Parsed,
    saw_root: bool,
    state: Option<UnitState>,
}

/// Reads the units of a translated file: ids, source and target as segment text (placeholders
/// back in their canonical form), and the problems found inside targets. Only a file that is not
/// XML, or not XLIFF 2, is an error.
fn parse(text: &str) -> Result<Parsed, XliffProblem> {
    let mut reader = XmlReader::new(text);
    let mut p = Parser {
        parsed: Parsed {
            target_lang: None,
            units: Vec::new(),
            problems: Vec::new(),
        },
        saw_root: false,
        state: None,
    };
    loop {
        // The door's reader also refuses a file cut off inside an element.
        let ev = reader.read_event().map_err(|e| XliffProblem::Xml {
            offset: e.offset,
            message: e.message,
        })?;
        let is_empty = matches!(ev, Event::Empty(_));
        match ev {
            Event::Eof => break,
            Event::Start(ref e) | Event::Empty(ref e) => p.start(e, is_empty)?,
            Event::End(ref e) => p.end(e.local_name().as_ref()),
            Event::Text(t) => p.push_text(&xml::text_of(&t)),
            Event::CData(t) => p.push_text(&xml::cdata_of(&t)),
            Event::GeneralRef(r) => p.reference(&r),
            // DOCTYPE, comments, processing instructions: never interpreted.
            _ => {}
        }
    }
    if !p.saw_root {
        return Err(XliffProblem::NotXliff);
    }
    Ok(p.parsed)
}

impl Parser {
    /// An opening (or empty) element: the root is checked once (`<xliff version="2.x">`), then
    /// units are opened and the elements inside one are read.
    fn start(&mut self, e: &BytesStart<'_>, is_empty: bool) -> Result<(), XliffProblem> {
        let name = e.local_name().as_ref().to_string();
        if !self.saw_root {
            let version = attr(e, "version").unwrap_or_default();
            if name != "xliff" || !version.starts_with("2.") {
                return Err(XliffProblem::NotXliff);
            }
            self.saw_root = true;
            self.parsed.target_lang = attr(e, "trgLang");
            return Ok(());
        }
        match &mut self.state {
            None if name == "unit" => self.open_unit(e, is_empty),
            None => {}
            Some(st) => element_in_unit(st, &name, e, is_empty, &mut self.parsed.problems),
        }
        Ok(())
    }

    /// `<unit>`: named by `name` (the segment id verbatim), else by its escaped `id`.
    fn open_unit(&mut self, e: &BytesStart<'_>, is_empty: bool) {
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
            self.parsed.units.push(unit);
        } else {
            self.state = Some(UnitState {
                unit,
                in_target: false,
                in_source: false,
                mrk: Vec::new(),
                pc: Vec::new(),
            });
        }
    }

    /// A closing element: leaves the source or target, closes one of our `<mrk>`s as `</g>`, or
    /// ends the unit.
    fn end(&mut self, name: &str) {
        match (&mut self.state, name) {
            (Some(st), "target") if st.in_target => st.in_target = false,
            (Some(st), "source") if st.in_source => st.in_source = false,
            (Some(st), "mrk") if st.inline() => {
                if st.mrk.pop() == Some(true)
                    && let Some(t) = st.text()
                {
                    push_str(t, "</g>");
                }
            }
            (Some(st), "pc") if st.inline() => {
                if let Some(Some(id)) = st.pc.pop()
                    && let Some(t) = st.text()
                {
                    t.push(Part::End(id));
                }
            }
            (Some(_), "unit") => {
                if let Some(st) = self.state.take() {
                    self.parsed.units.push(st.unit);
                }
            }
            _ => {}
        }
    }

    /// Character data inside a source or target, escaped as segment text.
    fn push_text(&mut self, s: &str) {
        if let Some(text) = self.state.as_mut().and_then(UnitState::text) {
            push_str(text, &escape_text(s));
        }
    }

    /// An entity or character reference inside a source or target: resolved through the XML
    /// door, or reported (an unknown one in a target breaks the unit).
    fn reference(&mut self, r: &BytesRef<'_>) {
        let resolved = xml::resolve(r);
        if let Some(st) = self.state.as_mut().filter(|s| s.inline()) {
            match resolved {
                Ok(c) => {
                    if let Some(text) = st.text() {
                        push_str(text, &escape_text(c.encode_utf8(&mut [0; 4])));
                    }
                }
                // An unknown entity in the source shows up as a changed source.
                Err(_) if st.in_source => {}
                Err(_) => {
                    st.unit.broken = true;
                    self.parsed.problems.push(XliffProblem::UnknownEntity {
                        id: st.unit.id.clone(),
                        name: String::from(&**r),
                    });
                }
            }
        }
    }
}

/// An element inside a unit: `<source>`/`<target>` open their text; inside them `<ph>`,
/// `<pc>`, `<sc>` and `<ec startRef>` become parts (matched with the segment's codes later) and
/// our `<mrk id="mN">` becomes `<g>`; an isolated code, a code without a numeric id and other
/// codes in a target are reported.
fn element_in_unit(
    st: &mut UnitState,
    name: &str,
    e: &BytesStart<'_>,
    is_empty: bool,
    problems: &mut Vec<XliffProblem>,
) {
    match name {
        "target" if !st.inline() => {
            st.unit.target.get_or_insert_with(Vec::new);
            st.in_target = !is_empty;
        }
        "source" if !st.inline() => {
            st.unit.source.get_or_insert_with(Vec::new);
            st.in_source = !is_empty;
        }
        "ph" if st.inline() => match numeric_id(e, "id") {
            Some(n) if is_empty => {
                if let Some(t) = st.text() {
                    t.push(Part::Ph(n));
                }
            }
            _ if st.in_target => unexpected(st, name, problems),
            _ => {}
        },
        "pc" if st.inline() => {
            let id = numeric_id(e, "id");
            if let Some(n) = id
                && let Some(t) = st.text()
            {
                t.push(Part::Start(n));
                if is_empty {
                    t.push(Part::End(n));
                }
            }
            if id.is_none() && st.in_target {
                unexpected(st, name, problems);
            }
            if !is_empty {
                st.pc.push(id);
            }
        }
        // `isolated="yes"`: the other half is in another unit, which subloc never writes.
        "sc" | "ec" if st.inline() => {
            let isolated = attr(e, "isolated").as_deref() == Some("yes");
            let part = match (name, numeric_id(e, "id"), numeric_id(e, "startRef")) {
                _ if isolated || !is_empty => None,
                ("sc", Some(n), _) => Some(Part::Start(n)),
                ("ec", _, Some(n)) => Some(Part::End(n)),
                _ => None,
            };
            match part {
                Some(p) => {
                    if let Some(t) = st.text() {
                        t.push(p);
                    }
                }
                None if st.in_target => unexpected(st, name, problems),
                None => {}
            }
        }
        "mrk" if st.inline() && !is_empty => {
            let ours =
                attr(e, "id").and_then(|i| i.strip_prefix('m').and_then(|n| n.parse::<u32>().ok()));
            match ours {
                Some(n) => {
                    if let Some(t) = st.text() {
                        push_str(t, &format!("<g id=\"{n}\">"));
                    }
                    st.mrk.push(true);
                }
                // A translator's own annotation: keep its text, drop the element.
                None => st.mrk.push(false),
            }
        }
        other if st.in_target => {
            if matches!(other, "cp" | "sm" | "em") {
                unexpected(st, other, problems);
            }
        }
        _ => {}
    }
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
