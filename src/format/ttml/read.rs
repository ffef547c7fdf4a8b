//! The TTML reader: TTML1/TTML2 documents, their IMSC 1.0–1.1 text profiles (what Netflix and
//! Disney+ take and what subloc's writer produces) and the older DFXP namespaces
//! (`http://www.w3.org/2006/10/ttaf1`, `…/2006/04/ttaf1`, `…/2004/11/ttaf1`) into the one model.
//!
//! Recovering like the other readers: malformed XML, a bad time expression or a `<p>` without
//! timing becomes a diagnostic at its file:line:column and the rest of the document is still
//! read. End tags are paired here, not by quick-xml, so a stray `</span>` costs one warning and
//! not the file. Memory stays proportional to the input: element nesting is capped at
//! `MAX_DEPTH`, style chains are resolved once each (memoized, cycle-safe).
//!
//! What becomes what: `<p>` → cue (times from `begin`/`end`/`dur` plus the `begin` of every
//! ancestor, TTML1 §10.4 <https://www.w3.org/TR/ttml1/#timing-time-intervals>); `<br/>` → line
//! break; spans' computed `tts:fontStyle`/`fontWeight`/`textDecoration`/`color` → the on/off
//! effects the SRT/WebVTT readers produce (an opening tag where a property changes, the closing
//! one where it changes back), so every writer renders them; the region's vertical placement and
//! the computed `tts:textAlign` → a numpad alignment tag (`{\an8}`) when not bottom centre;
//! `ttm:agent` → the cue's speaker (its `ttm:name` when declared). Whitespace follows
//! `xml:space` (TTML1 §7.2.3 <https://www.w3.org/TR/ttml1/#content-attribute-space>): by default
//! runs collapse to one space and spaces at line starts and ends go; `preserve` keeps them and
//! reads line feeds as breaks.

use std::collections::HashMap;
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};

use super::style::{Props, State, numpad};
use super::time::{TimeParams, parse_time};
use crate::diag::{Diagnostic, Severity, rules};
use crate::model::{Cue, Effect, Fps, Inline, RichText, Tag, TagSyntax, Timestamp, Track};
use crate::xml;

/// Deeper element nesting than this is skipped with one warning: no real document comes close,
/// and a hostile one must not cost a frame per byte.
const MAX_DEPTH: usize = 256;
/// Longest style reference chain followed (`<style style="…">`); longer chains are cut there.
const MAX_STYLE_CHAIN: usize = 32;
/// Longest text quoted back in a diagnostic.
const QUOTE_MAX: usize = 40;

/// Reads a TTML document.
pub fn parse(text: String) -> (Track, Vec<Diagnostic>) {
    let source = Arc::new(text);
    let mut reader = Reader::new(&source);
    reader.run();
    let Reader {
        cues, diags, fps, ..
    } = reader;
    let track = Track {
        source: Some(Arc::clone(&source)),
        fps,
        cues,
        ..Track::default()
    };
    (track, diags)
}

/// Which kind of namespace an attribute's prefix is bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ns {
    /// No prefix: `begin`, `style`, `region`, `id` (DFXP 2004/11 wrote `id` unprefixed).
    None,
    Xml,
    Styling,
    Parameter,
    Metadata,
    Other,
}

/// The namespace kind of a namespace name. TTML (`http://www.w3.org/ns/ttml#styling`) and every
/// DFXP draft (`http://www.w3.org/2006/10/ttaf1#styling`, some with `#style`) name their
/// attribute vocabularies by the fragment.
fn ns_kind(uri: &str) -> Ns {
    if !(uri.starts_with("http://www.w3.org/ns/ttml") || uri.contains("/ttaf1")) {
        return Ns::Other;
    }
    match uri.rsplit_once('#').map(|(_, f)| f) {
        Some("styling" | "style") => Ns::Styling,
        Some("parameter") => Ns::Parameter,
        Some("metadata") => Ns::Metadata,
        _ => Ns::Other,
    }
}

/// Whether an element namespace is TTML's own (or unbound: lenient for hand-made files).
fn is_tt_element_ns(uri: Option<&str>) -> bool {
    uri.is_none_or(|u| u.starts_with("http://www.w3.org/ns/ttml") || u.contains("/ttaf1"))
}

/// An element's attributes, by namespace kind and local name, values decoded.
#[derive(Default)]
pub(super) struct Attrs {
    pub(super) list: Vec<(Ns, String, String)>,
}

impl Attrs {
    pub(super) fn get(&self, ns: Ns, local: &str) -> Option<&str> {
        self.list
            .iter()
            .find(|(n, l, _)| *n == ns && l == local)
            .map(|(_, _, v)| v.as_str())
    }

    fn id(&self) -> Option<&str> {
        self.get(Ns::Xml, "id").or_else(|| self.get(Ns::None, "id"))
    }
}

/// A `<style>` or `<region>` definition: its own properties and the styles it references.
#[derive(Debug, Default)]
struct Def {
    own: Props,
    refs: Vec<String>,
    /// Where it was defined (for reporting a reference it makes to an unknown style).
    at: (u32, u32),
}

/// What an open element is, for what its content means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Tt,
    Head,
    Styling,
    Layout,
    /// A `<region>` being defined (its `<style>` children add to it).
    Region,
    Metadata,
    Agent,
    AgentName,
    Body,
    Div,
    P,
    Span,
    /// An element whose content is not read (unknown head children, `<set>`, foreign elements).
    Other,
}

/// An open element.
#[derive(Debug, Clone)]
struct Frame {
    kind: Kind,
    /// The qualified name as written, to pair the end tag.
    name: String,
    /// Namespace bindings this element declared (popped with it).
    ns_declared: usize,
    preserve: bool,
    /// Style properties specified on this element and its ancestors (region styles apply
    /// under them, at the `<p>`).
    spec: Props,
    region: Option<String>,
    agent: Option<String>,
    /// Absolute begin and end (`None` end: until the parent ends, or indefinitely).
    begin: i64,
    end: Option<i64>,
    /// Whether this element or an ancestor has a `begin`.
    timed: bool,
    /// Whether this element or an ancestor has a time expression that could not be read (its
    /// paragraphs are skipped: their times would be wrong).
    bad_time: bool,
    /// `timeContainer="seq"`: children begin one after another, from `cursor`.
    seq: bool,
    cursor: i64,
    /// For a span or p: the state of its text, and whether an opening tag was emitted (then
    /// the closing one is due at its end).
    state: State,
    opened: bool,
}

impl Frame {
    fn root() -> Frame {
        Frame {
            kind: Kind::Tt,
            name: String::new(),
            ns_declared: 0,
            preserve: false,
            spec: Props::default(),
            region: None,
            agent: None,
            begin: 0,
            end: None,
            timed: false,
            bad_time: false,
            seq: false,
            cursor: 0,
            state: State::default(),
            opened: false,
        }
    }
}

/// The `<p>` being read.
struct CueBuilder {
    id: u32,
    line: u32,
    start: i64,
    end: i64,
    speaker: Option<String>,
    inlines: Vec<Inline>,
    /// Collapsing whitespace: a space is owed before the next visible character.
    pending_space: bool,
    at_line_start: bool,
}

impl CueBuilder {
    fn text(&mut self, s: &str, preserve: bool) {
        let mut run = String::with_capacity(s.len());
        if preserve {
            for (i, line) in s.split('\n').enumerate() {
                if i > 0 {
                    self.flush(&mut run);
                    self.inlines.push(Inline::LineBreak);
                }
                run.push_str(line);
            }
            if !s.is_empty() {
                self.at_line_start = s.ends_with('\n');
                self.pending_space = false;
            }
        } else {
            for c in s.chars() {
                if matches!(c, ' ' | '\t' | '\n' | '\r') {
                    self.pending_space = !self.at_line_start;
                    continue;
                }
                if self.pending_space {
                    run.push(' ');
                    self.pending_space = false;
                }
                run.push(c);
                self.at_line_start = false;
            }
        }
        self.flush(&mut run);
    }

    fn flush(&mut self, run: &mut String) {
        if run.is_empty() {
            return;
        }
        match self.inlines.last_mut() {
            Some(Inline::Text(t)) => t.to_mut().push_str(run),
            _ => self.inlines.push(Inline::Text(std::mem::take(run).into())),
        }
        run.clear();
    }

    /// A tag goes after an owed space, so `a <span>b</span>` keeps its space outside the span.
    fn tag(&mut self, tag: Tag) {
        if self.pending_space && !self.at_line_start {
            self.flush(&mut " ".to_string());
            self.pending_space = false;
        }
        self.inlines.push(Inline::tag(tag));
    }

    fn line_break(&mut self) {
        self.inlines.push(Inline::LineBreak);
        self.pending_space = false;
        self.at_line_start = true;
    }
}

/// Byte offsets into 1-based line and column (in characters). Offsets arrive in document order,
/// so the position advances from the last one instead of rescanning from the start.
struct Locator<'a> {
    text: &'a str,
    offset: usize,
    line: u32,
    col: u32,
    /// The character before `offset` (a CR LF pair is one line end).
    prev: char,
}

impl<'a> Locator<'a> {
    fn new(text: &'a str) -> Self {
        Locator {
            text,
            offset: 0,
            line: 1,
            col: 1,
            prev: '\0',
        }
    }

    fn at(&mut self, offset: usize) -> (u32, u32) {
        if offset < self.offset {
            (self.offset, self.line, self.col, self.prev) = (0, 1, 1, '\0');
        }
        let Some(span) = self.text.get(self.offset..offset) else {
            return (self.line, self.col);
        };
        for c in span.chars() {
            match c {
                '\n' if self.prev == '\r' => {}
                '\n' | '\r' => (self.line, self.col) = (self.line.saturating_add(1), 1),
                _ => self.col = self.col.saturating_add(1),
            }
            self.prev = c;
        }
        self.offset = offset;
        (self.line, self.col)
    }
}

struct Reader<'a> {
    xml: xml::XmlReader<'a>,
    loc: Locator<'a>,
    /// Namespace bindings in scope: (prefix, namespace name); `""` is the default namespace.
    ns: Vec<(String, String)>,
    stack: Vec<Frame>,
    /// Depth of a subtree being skipped (its elements are not read).
    skip: usize,
    params: TimeParams,
    fps: Option<Fps>,
    styles: HashMap<String, Def>,
    resolved: HashMap<String, Props>,
    regions: HashMap<String, Def>,
    /// The region being defined (inside `<region>`).
    region_def: Option<String>,
    agents: HashMap<String, String>,
    agent_def: Option<String>,
    cue: Option<CueBuilder>,
    cues: Vec<Cue>,
    diags: Vec<Diagnostic>,
    seen_root: bool,
    /// The root is not TTML's: nothing more is read.
    refused: bool,
    too_deep_reported: bool,
    /// Offset of the event being handled.
    at: usize,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Self {
        Reader {
            xml: xml::XmlReader::unchecked_ends(text),
            loc: Locator::new(text),
            ns: Vec::new(),
            stack: Vec::new(),
            skip: 0,
            params: TimeParams::default(),
            fps: None,
            styles: HashMap::new(),
            resolved: HashMap::new(),
            regions: HashMap::new(),
            region_def: None,
            agents: HashMap::new(),
            agent_def: None,
            cue: None,
            cues: Vec::new(),
            diags: Vec::new(),
            seen_root: false,
            refused: false,
            too_deep_reported: false,
            at: 0,
        }
    }

    fn here(&mut self) -> (u32, u32) {
        self.loc.at(self.at)
    }

    fn report(&mut self, rule: &'static str, severity: Severity) -> &mut Diagnostic {
        let (line, col) = self.here();
        let mut d = Diagnostic::new(rule, severity).at(line, col);
        if let Some(c) = &self.cue {
            d = d.cue(c.id);
        }
        self.diags.push(d);
        let last = self.diags.len() - 1;
        &mut self.diags[last]
    }

    fn run(&mut self) {
        let mut last_error_at = None;
        while !self.refused {
            self.at = usize::try_from(self.xml.position()).unwrap_or(usize::MAX);
            match self.xml.read_event() {
                Ok(Event::Eof) => break,
                Ok(Event::Start(e)) => self.open(&e, false),
                Ok(Event::Empty(e)) => self.open(&e, true),
                Ok(Event::End(e)) => {
                    let name = e.name().as_ref().to_string();
                    self.close_named(&name);
                }
                Ok(Event::Text(t)) => {
                    let s = xml::text_of(&t).into_owned();
                    self.text(&s);
                }
                Ok(Event::CData(t)) => {
                    let s = xml::cdata_of(&t).into_owned();
                    self.text(&s);
                }
                Ok(Event::GeneralRef(r)) => match xml::resolve(&r) {
                    Ok(c) => self.text(c.encode_utf8(&mut [0u8; 4])),
                    Err(err) => {
                        let raw = format!("&{};", err.name());
                        self.report(rules::PARSE_BAD_MARKUP, Severity::Warning)
                            .args
                            .push(("markup".into(), quote(&raw)));
                        self.text(&raw);
                    }
                },
                Ok(_) => {}
                Err(e) => {
                    self.at = usize::try_from(e.offset).unwrap_or(usize::MAX);
                    let here = self.xml.position();
                    self.report(rules::PARSE_BAD_XML, Severity::Error)
                        .args
                        .push(("detail".into(), e.message.clone()));
                    // Stop when the parser cannot move on (an unterminated construct at the end).
                    if last_error_at == Some(here) {
                        self.diags.pop();
                        break;
                    }
                    last_error_at = Some(here);
                }
            }
        }
        // A document cut off inside elements: close them so the cue being read is kept (the
        // parse error above says the file is truncated).
        while !self.stack.is_empty() {
            self.pop();
        }
        if !self.seen_root {
            self.at = 0;
            self.report(rules::PARSE_UNSUPPORTED_FORMAT, Severity::Error)
                .args
                .push(("format".into(), "xml".into()));
        }
    }

    /// The namespace name bound to `prefix` (`""`: the default namespace).
    fn lookup(&self, prefix: &str) -> Option<&str> {
        self.ns
            .iter()
            .rev()
            .find(|(p, _)| p == prefix)
            .map(|(_, u)| u.as_str())
    }

    /// Declares the element's namespaces and decodes its other attributes.
    fn attributes(&mut self, e: &BytesStart<'_>) -> (Attrs, usize) {
        let mut raw = Vec::new();
        let mut declared = 0;
        for a in e.attributes() {
            let a = match a {
                Ok(a) => a,
                Err(err) => {
                    self.report(rules::PARSE_BAD_XML, Severity::Warning)
                        .args
                        .push(("detail".into(), err.to_string()));
                    continue;
                }
            };
            let key = a.key.as_ref().to_string();
            let value = match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                Ok(v) => v.into_owned(),
                Err(err) => {
                    self.report(rules::PARSE_BAD_XML, Severity::Warning)
                        .args
                        .push(("detail".into(), err.to_string()));
                    continue;
                }
            };
            if key == "xmlns" {
                self.ns.push((String::new(), value));
                declared += 1;
            } else if let Some(prefix) = key.strip_prefix("xmlns:") {
                self.ns.push((prefix.to_string(), value));
                declared += 1;
            } else {
                raw.push((key, value));
            }
        }
        let mut attrs = Attrs::default();
        for (key, value) in raw {
            let (ns, local) = match key.split_once(':') {
                None => (Ns::None, key.as_str()),
                Some(("xml", l)) => (Ns::Xml, l),
                Some((prefix, l)) => {
                    let kind = match self.lookup(prefix) {
                        Some(uri) => ns_kind(uri),
                        // Unbound prefix: the conventional names (lenient for hand-made files).
                        None => match prefix {
                            "tts" => Ns::Styling,
                            "ttp" => Ns::Parameter,
                            "ttm" => Ns::Metadata,
                            _ => Ns::Other,
                        },
                    };
                    (kind, l)
                }
            };
            attrs.list.push((ns, local.to_string(), value));
        }
        (attrs, declared)
    }

    fn open(&mut self, e: &BytesStart<'_>, empty: bool) {
        if self.skip > 0 {
            if !empty {
                self.skip += 1;
            }
            return;
        }
        if self.stack.len() >= MAX_DEPTH {
            if !self.too_deep_reported {
                self.too_deep_reported = true;
                self.report(rules::PARSE_BAD_XML, Severity::Warning)
                    .args
                    .push(("detail".into(), format!("nesting deeper than {MAX_DEPTH}")));
            }
            if !empty {
                self.skip = 1;
            }
            return;
        }
        let name = e.name().as_ref().to_string();
        let (attrs, declared) = self.attributes(e);
        let (prefix, local) = match name.split_once(':') {
            Some((p, l)) => (p, l),
            None => ("", name.as_str()),
        };
        let tt_ns = is_tt_element_ns(self.lookup(prefix));
        let parent = self.stack.last().map(|f| f.kind);
        if parent.is_none() && (local != "tt" || !tt_ns) {
            // Another XML vocabulary (or a second root after a broken first one).
            if !self.seen_root {
                self.seen_root = true;
                self.refused = true;
                self.report(rules::PARSE_UNSUPPORTED_FORMAT, Severity::Error)
                    .args
                    .push(("format".into(), quote(&local.to_ascii_lowercase())));
            }
            self.ns.truncate(self.ns.len().saturating_sub(declared));
            if !empty {
                self.skip = 1;
            }
            return;
        }
        let kind = match (parent, local) {
            _ if !tt_ns => Kind::Other,
            (None, _) => Kind::Tt,
            (Some(Kind::Tt), "head") => Kind::Head,
            (Some(Kind::Tt), "body") => Kind::Body,
            (Some(Kind::Head), "styling") => Kind::Styling,
            (Some(Kind::Head), "layout") => Kind::Layout,
            (Some(Kind::Head), "metadata") => Kind::Metadata,
            (Some(Kind::Metadata | Kind::Head), "agent") => Kind::Agent,
            (Some(Kind::Agent), "name") => Kind::AgentName,
            (Some(Kind::Styling), "style") | (Some(Kind::Region), "style") => Kind::Other,
            (Some(Kind::Layout), "region") => Kind::Region,
            (Some(Kind::Body | Kind::Div), "div") => Kind::Div,
            (Some(Kind::Body | Kind::Div), "p") => Kind::P,
            (Some(Kind::P | Kind::Span), "span") => Kind::Span,
            (Some(Kind::P | Kind::Span), "br") => {
                if let Some(c) = self.cue.as_mut() {
                    c.line_break();
                }
                Kind::Other
            }
            _ => Kind::Other,
        };
        if kind == Kind::Tt {
            self.seen_root = true;
        }
        if local == "style" && matches!(parent, Some(Kind::Styling | Kind::Region)) && tt_ns {
            self.define_style(&attrs, parent == Some(Kind::Region));
        }
        let frame = self.frame(kind, name, declared, &attrs);
        self.stack.push(frame);
        if empty {
            self.pop();
        }
    }

    /// Builds the frame of an element: timing, styles, region, agent, whitespace; starts a cue
    /// at a `<p>` and emits a span's opening tag.
    fn frame(&mut self, kind: Kind, name: String, declared: usize, attrs: &Attrs) -> Frame {
        let parent = self.stack.last().cloned().unwrap_or_else(Frame::root);
        let mut f = Frame {
            kind,
            name,
            ns_declared: declared,
            preserve: match attrs.get(Ns::Xml, "space") {
                Some("preserve") => true,
                Some("default") => false,
                _ => parent.preserve,
            },
            seq: false,
            cursor: 0,
            opened: false,
            ..parent.clone()
        };
        match kind {
            Kind::Tt => self.root_params(attrs),
            Kind::Region => {
                let id = attrs.id().unwrap_or("").to_string();
                let (line, col) = self.here();
                let def = Def {
                    own: Props::from_attrs(attrs),
                    refs: refs(attrs.get(Ns::None, "style")),
                    at: (line, col),
                };
                self.regions.insert(id.clone(), def);
                self.region_def = Some(id);
            }
            Kind::Agent => self.agent_def = attrs.id().map(str::to_string),
            Kind::Body | Kind::Div | Kind::P | Kind::Span => {
                self.content_frame(&mut f, &parent, attrs);
            }
            _ => {}
        }
        f
    }

    /// Timing, style, region and agent of a `body`, `div`, `p` or `span`.
    fn content_frame(&mut self, f: &mut Frame, parent: &Frame, attrs: &Attrs) {
        let own = self.specified(attrs);
        f.spec = parent.spec.merged(&own);
        if let Some(r) = attrs.get(Ns::None, "region") {
            f.region = Some(r.trim().to_string());
        }
        if let Some(a) = attrs.get(Ns::Metadata, "agent") {
            f.agent = a.split_ascii_whitespace().next().map(str::to_string);
        }
        f.seq = attrs.get(Ns::None, "timeContainer").map(str::trim) == Some("seq");
        self.timing(f, parent, attrs);
        f.cursor = f.begin;
        match f.kind {
            Kind::P => self.start_cue(f),
            Kind::Span => {
                let state = State::of(&self.base_under(f).merged(&f.spec));
                if let Some(cue) = self.cue.as_mut() {
                    if state != parent.state {
                        let (effects, raw) = parent.state.delta(&state);
                        cue.tag(Tag {
                            syntax: TagSyntax::Html,
                            raw,
                            effects,
                        });
                        f.opened = true;
                    }
                    f.state = state;
                }
            }
            _ => {}
        }
    }

    /// The properties specified on an element: its referenced styles in order, then its own
    /// `tts:` attributes (TTML1 §8.4.4.1 <https://www.w3.org/TR/ttml1/#semantics-style-resolution-process-specified>).
    fn specified(&mut self, attrs: &Attrs) -> Props {
        let mut p = Props::default();
        for id in refs(attrs.get(Ns::None, "style")) {
            match self.resolve_style(&id, 0) {
                Some(s) => p = p.merged(&s),
                None => {
                    let d = self.report(rules::PARSE_UNKNOWN_REFERENCE, Severity::Warning);
                    d.args.push(("kind".into(), "style".into()));
                    d.args.push(("id".into(), quote(&id)));
                }
            }
        }
        p.merged(&Props::from_attrs(attrs))
    }

    /// A style's properties with its chain of referenced styles applied under its own
    /// (memoized; a cycle or an over-long chain stops where it is found).
    fn resolve_style(&mut self, id: &str, depth: usize) -> Option<Props> {
        if let Some(p) = self.resolved.get(id) {
            return Some(*p);
        }
        let def = self.styles.get(id)?;
        let (own, chain) = (def.own, def.refs.clone());
        let mut p = Props::default();
        if depth < MAX_STYLE_CHAIN {
            // Provisional entry: a reference back to this style (a cycle) sees its own props.
            self.resolved.insert(id.to_string(), own);
            for r in &chain {
                if let Some(s) = self.resolve_style(r, depth + 1) {
                    p = p.merged(&s);
                }
            }
        }
        let p = p.merged(&own);
        self.resolved.insert(id.to_string(), p);
        Some(p)
    }

    /// A `<style>` in `<styling>` (a named style) or inside a `<region>` (adds to the region).
    fn define_style(&mut self, attrs: &Attrs, in_region: bool) {
        let (line, col) = self.here();
        let def = Def {
            own: Props::from_attrs(attrs),
            refs: refs(attrs.get(Ns::None, "style")),
            at: (line, col),
        };
        if in_region {
            let own = self.resolve_def(&def);
            if let Some(r) = self
                .region_def
                .as_ref()
                .and_then(|id| self.regions.get_mut(id))
            {
                r.own = r.own.merged(&own);
            }
        } else if let Some(id) = attrs.id() {
            self.resolved.remove(id);
            self.styles.insert(id.to_string(), def);
        }
    }

    /// A definition's properties with its referenced styles under its own.
    fn resolve_def(&mut self, def: &Def) -> Props {
        let mut p = Props::default();
        for r in &def.refs {
            match self.resolve_style(r, 0) {
                Some(s) => p = p.merged(&s),
                None => {
                    let (line, col) = def.at;
                    self.diags.push(
                        Diagnostic::new(rules::PARSE_UNKNOWN_REFERENCE, Severity::Warning)
                            .at(line, col)
                            .arg("kind", "style")
                            .arg("id", quote(r)),
                    );
                }
            }
        }
        p.merged(&def.own)
    }

    /// The region's properties a content element's own style applies over (TTML1 §9.3.1: a
    /// region's styles are inherited by the content flowed into it). Bottom of the page when
    /// there is no region.
    fn region_props(&mut self, region: Option<&str>) -> Option<Props> {
        let id = region?;
        let def = self.regions.remove(id)?;
        let p = self.resolve_def(&def);
        // Resolved once: the definition now holds the whole result.
        self.regions.insert(
            id.to_string(),
            Def {
                own: p,
                refs: Vec::new(),
                at: def.at,
            },
        );
        Some(p)
    }

    fn base_under(&mut self, f: &Frame) -> Props {
        self.region_props(f.region.as_deref()).unwrap_or_default()
    }

    /// `<tt>`'s timing parameters; the frame rate becomes the track's.
    fn root_params(&mut self, attrs: &Attrs) {
        let (params, bad) = TimeParams::from_attrs(|k| attrs.get(Ns::Parameter, k));
        for name in bad {
            let value = attrs.get(Ns::Parameter, name).unwrap_or("").to_string();
            let d = self.report(rules::PARSE_BAD_MARKUP, Severity::Warning);
            d.args
                .push(("markup".into(), quote(&format!("ttp:{name}=\"{value}\""))));
        }
        self.params = params;
        if params.frame_rate_given {
            let (n, d) = params.effective_rate();
            if let (Ok(num), Ok(den)) = (u32::try_from(n), u32::try_from(d)) {
                self.fps = Some(Fps { num, den });
            }
        }
    }

    /// `begin`, `end` and `dur` against the parent's interval (TTML1 §10.4: in a `par`
    /// container times count from the parent's begin, in a `seq` from the previous sibling's
    /// end; an interval never outlasts its parent's).
    fn timing(&mut self, f: &mut Frame, parent: &Frame, attrs: &Attrs) {
        let reference = if parent.seq {
            parent.cursor
        } else {
            parent.begin
        };
        let params = self.params;
        let mut bad = false;
        let mut time = |name: &str| -> Option<i64> {
            let v = attrs.get(Ns::None, name)?;
            match parse_time(v, &params) {
                Some(t) => Some(t),
                None => {
                    let v = quote(v);
                    let d = self.report(rules::PARSE_BAD_TIMING, Severity::Error);
                    d.args.push(("field".into(), name.to_string()));
                    d.args.push(("value".into(), v));
                    bad = true;
                    None
                }
            }
        };
        let begin = time("begin");
        let end = time("end");
        let dur = time("dur");
        f.begin = reference.saturating_add(begin.unwrap_or(0));
        f.timed = parent.timed || begin.is_some();
        f.bad_time = parent.bad_time || bad;
        let own_end = match (end, dur) {
            (Some(e), Some(d)) => Some(reference.saturating_add(e).min(f.begin.saturating_add(d))),
            (Some(e), None) => Some(reference.saturating_add(e)),
            (None, Some(d)) => Some(f.begin.saturating_add(d)),
            (None, None) => None,
        };
        f.end = match (own_end, parent.end) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }

    /// A `<p>`: a new cue with its times, speaker, alignment and opening style.
    fn start_cue(&mut self, f: &mut Frame) {
        let (line, _) = self.here();
        let id = u32::try_from(self.cues.len() + 1).unwrap_or(u32::MAX);
        if f.end.is_none() && !f.bad_time {
            // Reported before the cue exists: the skipped paragraph has no cue id.
            let d = self.report(rules::PARSE_INCOMPLETE_TIMING, Severity::Error);
            d.args.push(("attribute".into(), "end".into()));
        }
        let region = self.region_props(f.region.as_deref());
        if region.is_none()
            && let Some(r) = f.region.clone()
        {
            let d = self.report(rules::PARSE_UNKNOWN_REFERENCE, Severity::Warning);
            d.args.push(("kind".into(), "region".into()));
            d.args.push(("id".into(), quote(&r)));
            f.region = None;
        }
        let props = region.unwrap_or_default().merged(&f.spec);
        let mut cue = CueBuilder {
            id,
            line,
            start: f.begin,
            end: f.end.unwrap_or(f.begin),
            speaker: f
                .agent
                .as_ref()
                .map(|a| self.agents.get(a).cloned().unwrap_or_else(|| a.to_string())),
            inlines: Vec::new(),
            pending_space: false,
            at_line_start: true,
        };
        let an = numpad(region.as_ref(), props.text_align);
        if an != 2 {
            cue.inlines.push(Inline::tag(Tag {
                syntax: TagSyntax::Ass,
                raw: format!("{{\\an{an}}}"),
                effects: vec![Effect::Alignment(an)],
            }));
        }
        let state = State::of(&props);
        if state != State::default() {
            let (effects, raw) = State::default().delta(&state);
            cue.inlines.push(Inline::tag(Tag {
                syntax: TagSyntax::Html,
                raw,
                effects,
            }));
            f.opened = true;
        }
        f.state = state;
        self.cue = Some(cue);
        if f.end.is_some() && !f.timed && !f.bad_time {
            let d = self.report(rules::PARSE_INCOMPLETE_TIMING, Severity::Warning);
            d.args.push(("attribute".into(), "begin".into()));
        }
    }

    fn text(&mut self, s: &str) {
        if self.skip > 0 {
            return;
        }
        let Some(top) = self.stack.last() else {
            return;
        };
        match top.kind {
            Kind::P | Kind::Span => {
                let preserve = top.preserve;
                if let Some(c) = self.cue.as_mut() {
                    c.text(s, preserve);
                }
            }
            Kind::AgentName => {
                if let Some(id) = self.agent_def.clone() {
                    let name = s.split_whitespace().collect::<Vec<_>>().join(" ");
                    let entry = self.agents.entry(id).or_default();
                    if !name.is_empty() {
                        if !entry.is_empty() {
                            entry.push(' ');
                        }
                        entry.push_str(&name);
                    }
                }
            }
            Kind::Body | Kind::Div if !s.trim().is_empty() => {
                let d = self.report(rules::PARSE_STRAY_TEXT, Severity::Warning);
                d.args.push(("text".into(), quote(s.trim())));
            }
            _ => {}
        }
    }

    /// An end tag: closes the matching open element, and any left open inside it (reported);
    /// an end tag that matches nothing open is reported and ignored.
    fn close_named(&mut self, name: &str) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        let Some(pos) = self.stack.iter().rposition(|f| f.name == name) else {
            let d = self.report(rules::PARSE_BAD_MARKUP, Severity::Warning);
            d.args.push(("markup".into(), quote(&format!("</{name}>"))));
            return;
        };
        while self.stack.len() > pos + 1 {
            let unclosed = self
                .stack
                .last()
                .map(|f| f.name.clone())
                .unwrap_or_default();
            let d = self.report(rules::PARSE_BAD_MARKUP, Severity::Warning);
            d.args
                .push(("markup".into(), quote(&format!("<{unclosed}>"))));
            self.pop();
        }
        self.pop();
    }

    /// Closes the innermost element.
    fn pop(&mut self) {
        let Some(f) = self.stack.pop() else {
            return;
        };
        self.ns
            .truncate(self.ns.len().saturating_sub(f.ns_declared));
        if let Some(parent) = self.stack.last_mut()
            && parent.seq
        {
            parent.cursor = f.end.unwrap_or(f.begin);
        }
        match f.kind {
            Kind::Span if f.opened => {
                let parent_state = self.stack.last().map(|p| p.state).unwrap_or_default();
                if let Some(c) = self.cue.as_mut() {
                    let (effects, _) = f.state.delta(&parent_state);
                    c.tag(Tag {
                        syntax: TagSyntax::Html,
                        raw: "</span>".into(),
                        effects,
                    });
                }
            }
            Kind::P => self.finish_cue(&f),
            Kind::Region => self.region_def = None,
            Kind::Agent => self.agent_def = None,
            _ => {}
        }
    }

    fn finish_cue(&mut self, f: &Frame) {
        let Some(mut c) = self.cue.take() else {
            return;
        };
        if f.opened {
            let (effects, _) = f.state.delta(&State::default());
            c.inlines.push(Inline::tag(Tag {
                syntax: TagSyntax::Html,
                raw: "</span>".into(),
                effects,
            }));
        }
        if f.end.is_none() || f.bad_time {
            return;
        }
        let mut cue = Cue::new(
            c.id,
            Timestamp(c.start),
            Timestamp(c.end),
            RichText::new(c.inlines),
        );
        cue.line = c.line;
        if let Some(s) = c.speaker.take() {
            cue.meta_mut().speaker = Some(s);
        }
        if cue.end < cue.start {
            self.diags.push(
                Diagnostic::new(rules::PARSE_END_BEFORE_START, Severity::Warning)
                    .at(c.line, 1)
                    .cue(c.id)
                    .arg("start", cue.start)
                    .arg("end", cue.end),
            );
        }
        self.cues.push(cue);
    }
}

/// The ids of a `style` attribute (IDREFS: space-separated).
fn refs(v: Option<&str>) -> Vec<String> {
    v.map(|v| v.split_ascii_whitespace().map(str::to_string).collect())
        .unwrap_or_default()
}

/// Text quoted in a diagnostic, cut at `QUOTE_MAX` characters.
fn quote(s: &str) -> String {
    match s.char_indices().nth(QUOTE_MAX) {
        Some((i, _)) => format!("{}…", s.get(..i).unwrap_or(s)),
        None => s.to_string(),
    }
}

#[cfg(test)]
#[path = "read_tests.rs"]
mod tests;
