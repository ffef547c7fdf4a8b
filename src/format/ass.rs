//! ASS / SSA reader and writer: `[Script Info]`, `[V4+ Styles]` / `[V4 Styles]`, `[Events]`, and
//! every other section (`[Fonts]`, `[Graphics]`, `[Aegisub Project Garbage]`…) kept verbatim.
//!
//! Losslessness: only `Dialogue:` and `Comment:` lines become cues. Everything before the first of
//! them is `Track::preamble`; everything between one cue line and the next (comments, blank lines,
//! `Picture:`/`Sound:` events, malformed lines, later sections) rides in that cue's trailing region.
//! Writing a track back to ASS copies those regions and every untouched cue line byte for byte and
//! regenerates only edited cues, in the field order of the `Format:` line in force at that point.
//!
//! To keep a 50 MB script within a few times its size in memory, margins equal to `0`, an empty
//! `Effect` and `Marked=0` are not stored in `CueMeta::fields`: an absent field means its default,
//! which is also what the writer emits for it.

use std::sync::Arc;

use crate::diag::{Diagnostic, Severity, rules};
use crate::format::{Shared, ass_tags};
use crate::model::{
    Cue, CueKind, CueMeta, Effect, Format, Inline, Origin, RichText, Style, Tag, TagSyntax,
    Timestamp, Track,
};

/// Event field order when `[Events]` has no `Format:` line, and the order of generated scripts.
const V4P_EVENTS: &[&str] = &[
    "Layer", "Start", "End", "Style", "Name", "MarginL", "MarginR", "MarginV", "Effect", "Text",
];
const V4_EVENTS: &[&str] = &[
    "Marked", "Start", "End", "Style", "Name", "MarginL", "MarginR", "MarginV", "Effect", "Text",
];
const V4P_STYLES: &[&str] = &[
    "Name",
    "Fontname",
    "Fontsize",
    "PrimaryColour",
    "SecondaryColour",
    "OutlineColour",
    "BackColour",
    "Bold",
    "Italic",
    "Underline",
    "StrikeOut",
    "ScaleX",
    "ScaleY",
    "Spacing",
    "Angle",
    "BorderStyle",
    "Outline",
    "Shadow",
    "Alignment",
    "MarginL",
    "MarginR",
    "MarginV",
    "Encoding",
];
const V4_STYLES: &[&str] = &[
    "Name",
    "Fontname",
    "Fontsize",
    "PrimaryColour",
    "SecondaryColour",
    "TertiaryColour",
    "BackColour",
    "Bold",
    "Italic",
    "BorderStyle",
    "Outline",
    "Shadow",
    "Alignment",
    "MarginL",
    "MarginR",
    "MarginV",
    "AlphaLevel",
    "Encoding",
];
/// The `Default` style of generated scripts (1080p: white text, black outline), in `V4P_STYLES` order.
const DEFAULT_STYLE: &[&str] = &[
    "Default",
    "Arial",
    "60",
    "&H00FFFFFF",
    "&H000000FF",
    "&H00000000",
    "&H80000000",
    "0",
    "0",
    "0",
    "0",
    "100",
    "100",
    "0",
    "0",
    "1",
    "3",
    "1",
    "2",
    "60",
    "60",
    "50",
    "1",
];

// ---------------------------------------------------------------------------------------------
// Reading

/// Parses decoded ASS/SSA text (see the module doc for what lands where).
pub fn parse(text: String) -> (Track, Vec<Diagnostic>) {
    let source = Arc::new(text);
    let mut p = Parser::new(&source);
    p.run();
    let Parser {
        mut track, diags, ..
    } = p;
    track.source = Some(source);
    (track, diags)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    /// Before any `[…]` header: event lines are still accepted (truncated or hand-made files).
    None,
    Info,
    Styles,
    Events,
    /// `[Fonts]` / `[Graphics]`: uuencoded data, whose alphabet includes `[` and `;`.
    Data,
    Other,
}

/// What a field of an event `Format:` line means to the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Layer,
    Start,
    End,
    Style,
    Name,
    /// The last field, which takes the rest of the line, commas included.
    Text,
    Other,
}

fn field_kind(name: &str, is_last: bool) -> Field {
    let is = |s: &str| name.eq_ignore_ascii_case(s);
    if is("Layer") {
        Field::Layer
    } else if is("Start") {
        Field::Start
    } else if is("End") {
        Field::End
    } else if is("Style") {
        Field::Style
    } else if is("Name") || is("Actor") {
        Field::Name
    } else if is_last && is("Text") {
        Field::Text
    } else {
        Field::Other
    }
}

/// The value the writer emits for an absent field, so the reader may leave it out.
fn default_value(name: &str) -> &'static str {
    if name.eq_ignore_ascii_case("MarginL")
        || name.eq_ignore_ascii_case("MarginR")
        || name.eq_ignore_ascii_case("MarginV")
    {
        "0"
    } else if name.eq_ignore_ascii_case("Marked") {
        "Marked=0"
    } else {
        ""
    }
}

/// An event `Format:` line resolved once: names, meanings and the default of each field.
struct EventFormat {
    names: Vec<String>,
    kinds: Vec<Field>,
    defaults: Vec<&'static str>,
}

impl EventFormat {
    fn new(names: Vec<String>) -> Self {
        let n = names.len();
        let kinds = names
            .iter()
            .enumerate()
            .map(|(i, name)| field_kind(name, i + 1 == n))
            .collect();
        let defaults = names.iter().map(|name| default_value(name)).collect();
        EventFormat {
            names,
            kinds,
            defaults,
        }
    }

    fn from_static(names: &[&str]) -> Self {
        EventFormat::new(names.iter().map(|s| s.to_string()).collect())
    }

    fn has_timing(&self) -> bool {
        self.kinds.contains(&Field::Start) && self.kinds.contains(&Field::End)
    }
}

/// Why an event line could not become a cue; byte offsets are into the line.
enum BadEvent {
    TooFewFields {
        at: usize,
        found: usize,
    },
    BadTime {
        field: &'static str,
        at: usize,
        end: usize,
    },
}

struct Parser<'a> {
    src: &'a str,
    track: Track,
    diags: Vec<Diagnostic>,
    section: Section,
    /// SSA v4 (`ScriptType: v4.00` or a `[V4 Styles]` section): picks the default field orders.
    v4: bool,
    style_format: Option<Vec<String>>,
    event_format: Option<EventFormat>,
    scratch: EventScratch,
}

/// What the event parser reuses from one line to the next.
#[derive(Default)]
struct EventScratch {
    /// Every cue's inlines are built here, then moved out at exact size.
    inlines: Vec<Inline>,
    /// The current line's meta key: its kind, then the raw value of every field that goes into
    /// `CueMeta` (all but Start, End and Text), comma-separated. Only the last field of a line can
    /// hold a comma, so the key is unambiguous.
    key: String,
    /// Byte ranges of the current line's fields, for building a meta not seen before.
    ranges: Vec<(usize, usize)>,
    /// Shared metas by key; valid for one event `Format:` only.
    metas: Shared<CueMeta>,
    /// Shared tags by raw text.
    tags: Shared<Tag>,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Self {
        Parser {
            src,
            track: Track::default(),
            diags: Vec::new(),
            section: Section::None,
            v4: false,
            style_format: None,
            event_format: None,
            scratch: EventScratch::default(),
        }
    }

    fn run(&mut self) {
        let src = self.src;
        let b = src.as_bytes();
        let mut pos = 0;
        let mut line_no: u32 = 0;
        while pos < b.len() {
            line_no = line_no.saturating_add(1);
            let (content_end, next) = line_bounds(b, pos);
            self.line(pos, content_end, next, line_no);
            pos = next;
        }
        match self.track.cues.last_mut() {
            Some(last) => {
                if let Some(o) = last.origin.as_mut() {
                    o.end = b.len();
                }
            }
            None => {
                self.track.preamble = 0..b.len();
                self.diags
                    .push(Diagnostic::new(rules::PARSE_NO_CUES, Severity::Warning));
            }
        }
        self.track.cues.shrink_to_fit();
    }

    /// One line: `[start, content_end)` is its text, `next` the start of the following line.
    fn line(&mut self, start: usize, content_end: usize, next: usize, no: u32) {
        let line = self.src.get(start..content_end).unwrap_or("");
        // Hot path: an event line in [Events].
        if matches!(self.section, Section::Events | Section::None) {
            let kind = match line.as_bytes() {
                [b'D', b'i', b'a', b'l', b'o', b'g', b'u', b'e', b':', ..] => {
                    Some((CueKind::Dialogue, 9))
                }
                [b'C', b'o', b'm', b'm', b'e', b'n', b't', b':', ..] => Some((CueKind::Comment, 8)),
                _ => None,
            };
            if let Some((kind, off)) = kind {
                self.event(line, off, kind, start, next, no);
                return;
            }
        }
        let lead = line.len() - line.trim_start_matches([' ', '\t', '\u{feff}']).len();
        let t = line.get(lead..).unwrap_or("").trim_end();
        if t.is_empty() {
            return;
        }
        if let Some(inner) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            // uuencoded data never holds lowercase letters, real section names always do.
            if self.section != Section::Data || inner.bytes().any(|c| c.is_ascii_lowercase()) {
                self.section_header(inner);
                return;
            }
        }
        if matches!(self.section, Section::Data | Section::Other)
            || t.starts_with(';')
            || t.starts_with("!:")
        {
            return;
        }
        let Some(colon) = t.find(':') else {
            if self.section != Section::None {
                self.bad_line(line, no, lead, "", 0);
            }
            return;
        };
        let key = t[..colon].trim_end();
        let value_off = lead + colon + 1;
        match self.section {
            Section::Info => {
                let value = t[colon + 1..].trim();
                if key.eq_ignore_ascii_case("ScriptType") {
                    self.v4 = value.eq_ignore_ascii_case("v4.00");
                }
                self.track.info.push((key.to_string(), value.to_string()));
            }
            Section::Styles => {
                if key.eq_ignore_ascii_case("Format") {
                    self.style_format = Some(split_names(&t[colon + 1..]));
                } else if key.eq_ignore_ascii_case("Style") {
                    self.style(line, value_off, no);
                } else {
                    self.bad_line(line, no, lead, key, 0);
                }
            }
            Section::Events | Section::None => {
                if key.eq_ignore_ascii_case("Dialogue") || key.eq_ignore_ascii_case("Comment") {
                    // Indented or differently cased event descriptor.
                    let kind = if key.eq_ignore_ascii_case("Comment") {
                        CueKind::Comment
                    } else {
                        CueKind::Dialogue
                    };
                    self.event(line, value_off, kind, start, next, no);
                } else if key.eq_ignore_ascii_case("Format") {
                    self.event_format_line(line, &t[colon + 1..], no, lead);
                } else if self.section == Section::Events
                    && !["Picture", "Sound", "Movie", "Command"]
                        .iter()
                        .any(|k| key.eq_ignore_ascii_case(k))
                {
                    self.bad_line(line, no, lead, key, 0);
                }
            }
            Section::Data | Section::Other => {}
        }
    }

    fn section_header(&mut self, inner: &str) {
        let name = inner.trim();
        let is = |s: &str| name.eq_ignore_ascii_case(s);
        self.section = if is("Script Info") {
            Section::Info
        } else if is("V4+ Styles") || is("V4 Styles+") {
            Section::Styles
        } else if is("V4 Styles") {
            self.v4 = true;
            Section::Styles
        } else if is("Events") {
            Section::Events
        } else if is("Fonts") || is("Graphics") {
            Section::Data
        } else {
            Section::Other
        };
    }

    fn event_format_line(&mut self, line: &str, value: &str, no: u32, lead: usize) {
        let fmt = EventFormat::new(split_names(value));
        if !fmt.has_timing() {
            // Without Start and End no event could be read: keep the order in force.
            self.bad_line(line, no, lead, "Format", fmt.names.len());
            return;
        }
        if self.track.event_fields.is_empty() {
            self.track.event_fields = fmt.names.clone();
        }
        // A meta key is the field values in format order: another order gives them other meanings.
        self.scratch.metas = Shared::default();
        self.event_format = Some(fmt);
    }

    fn style(&mut self, line: &str, value_off: usize, no: u32) {
        if self.style_format.is_none() {
            let names = if self.v4 { V4_STYLES } else { V4P_STYLES };
            self.style_format = Some(names.iter().map(|s| s.to_string()).collect());
            self.diags.push(
                Diagnostic::new(rules::PARSE_MISSING_FORMAT, Severity::Warning)
                    .at(no, column(line, value_off))
                    .arg("section", "Styles"),
            );
        }
        let names = self.style_format.as_deref().unwrap_or_default();
        let value = line.get(value_off..).unwrap_or("");
        let mut fields = Vec::with_capacity(names.len());
        let mut found = 0;
        let mut mismatch_at = None;
        let mut off = value_off;
        for piece in value.split(',') {
            match names.get(found) {
                Some(name) => fields.push((name.clone(), piece.trim().to_string())),
                None => {
                    mismatch_at.get_or_insert(off);
                }
            }
            off += piece.len() + 1;
            found += 1;
        }
        if found < names.len() {
            mismatch_at = Some(line.len());
        }
        let expected = names.len();
        let name = fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("Name"))
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        if let Some(at) = mismatch_at {
            self.diags.push(
                Diagnostic::new(rules::PARSE_BAD_LINE, Severity::Warning)
                    .at(no, column(line, at))
                    .arg("key", "Style")
                    .arg("expected", expected)
                    .arg("found", found),
            );
        }
        self.track.styles.push(Style { name, fields });
    }

    fn event(
        &mut self,
        line: &str,
        value_off: usize,
        kind: CueKind,
        start: usize,
        next: usize,
        no: u32,
    ) {
        if self.event_format.is_none() {
            let names = if self.v4 { V4_EVENTS } else { V4P_EVENTS };
            let fmt = EventFormat::from_static(names);
            if self.track.event_fields.is_empty() {
                self.track.event_fields = fmt.names.clone();
            }
            self.event_format = Some(fmt);
            self.diags.push(
                Diagnostic::new(rules::PARSE_MISSING_FORMAT, Severity::Warning)
                    .at(no, 1)
                    .arg("section", "Events"),
            );
        }
        let Some(fmt) = self.event_format.as_ref() else {
            return;
        };
        match parse_event(line, value_off, fmt, kind, &mut self.scratch) {
            Ok(mut cue) => {
                if cue.end < cue.start {
                    let at = end_field_offset(line, value_off, fmt).unwrap_or(value_off);
                    self.diags.push(
                        Diagnostic::new(rules::PARSE_END_BEFORE_START, Severity::Warning)
                            .at(no, column(line, at))
                            .arg("start", cue.start.fmt_ass())
                            .arg("end", cue.end.fmt_ass()),
                    );
                }
                let id = u32::try_from(self.track.cues.len() + 1).unwrap_or(u32::MAX);
                cue.id = id;
                cue.line = no;
                match self.track.cues.last_mut() {
                    Some(prev) => {
                        if let Some(o) = prev.origin.as_mut() {
                            o.end = start;
                        }
                    }
                    None => self.track.preamble = 0..start,
                }
                cue.origin = Some(Origin {
                    start,
                    body_end: next,
                    end: next,
                    fingerprint: cue.fingerprint(),
                });
                self.track.cues.push(cue);
            }
            Err(BadEvent::TooFewFields { at, found }) => {
                let key = if kind == CueKind::Comment {
                    "Comment"
                } else {
                    "Dialogue"
                };
                let expected = fmt.names.len();
                self.diags.push(
                    Diagnostic::new(rules::PARSE_BAD_LINE, Severity::Error)
                        .at(no, column(line, at))
                        .arg("key", key)
                        .arg("expected", expected)
                        .arg("found", found),
                );
            }
            Err(BadEvent::BadTime { field, at, end }) => {
                let value = line.get(at..end).unwrap_or("").trim();
                self.diags.push(
                    Diagnostic::new(rules::PARSE_BAD_TIMING, Severity::Error)
                        .at(no, column(line, at))
                        .arg("field", field)
                        .arg("value", value),
                );
            }
        }
    }

    /// A line that is not `Key: value`, or a descriptor this section does not have.
    fn bad_line(&mut self, line: &str, no: u32, at: usize, key: &str, found: usize) {
        self.diags.push(
            Diagnostic::new(rules::PARSE_BAD_LINE, Severity::Warning)
                .at(no, column(line, at))
                .arg("key", key)
                .arg("expected", 0)
                .arg("found", found),
        );
    }
}

/// Byte offset of the End field in an event line, for pointing at it in a diagnostic.
fn end_field_offset(line: &str, value_off: usize, fmt: &EventFormat) -> Option<usize> {
    let idx = fmt.kinds.iter().position(|k| *k == Field::End)?;
    let b = line.as_bytes();
    let mut off = skip_blanks(b, value_off);
    for _ in 0..idx {
        off = find_byte(b, off, b',')? + 1;
    }
    Some(off)
}

/// Splits one event line (after `Dialogue:`) by its format into a cue without id and origin.
fn parse_event(
    line: &str,
    value_off: usize,
    fmt: &EventFormat,
    kind: CueKind,
    scratch: &mut EventScratch,
) -> Result<Cue, BadEvent> {
    let b = line.as_bytes();
    let mut off = skip_blanks(b, value_off);
    let n = fmt.kinds.len();
    let mut cue = Cue::default();
    let mut text = RichText::default();
    scratch.key.clear();
    scratch.key.push(match kind {
        CueKind::Dialogue => 'D',
        CueKind::Comment => 'C',
    });
    scratch.ranges.clear();
    for (idx, &field) in fmt.kinds.iter().enumerate() {
        let end = if idx + 1 == n {
            b.len()
        } else {
            match find_byte(b, off, b',') {
                Some(c) => c,
                None => {
                    return Err(BadEvent::TooFewFields {
                        at: b.len(),
                        found: idx + 1,
                    });
                }
            }
        };
        let value = line.get(off..end).unwrap_or("");
        scratch.ranges.push((off, end));
        match field {
            Field::Start | Field::End => {
                let Some(t) = parse_time(value) else {
                    let field = if field == Field::Start {
                        "Start"
                    } else {
                        "End"
                    };
                    return Err(BadEvent::BadTime {
                        field,
                        at: off,
                        end,
                    });
                };
                if field == Field::Start {
                    cue.start = t;
                } else {
                    cue.end = t;
                }
            }
            Field::Text => {
                parse_text(value, &mut scratch.inlines, &mut scratch.tags);
                // Moved out at exact size: the scratch keeps its capacity for the next cue.
                let mut inlines = Vec::with_capacity(scratch.inlines.len());
                inlines.append(&mut scratch.inlines);
                text = RichText(inlines);
            }
            Field::Layer | Field::Style | Field::Name | Field::Other => {
                scratch.key.push_str(value);
                scratch.key.push(',');
            }
        }
        off = end + 1;
    }
    cue.text = text;
    let ranges = &scratch.ranges;
    cue.meta = Some(
        scratch
            .metas
            .get_or_make(&scratch.key, || event_meta(line, fmt, kind, ranges)),
    );
    Ok(cue)
}

/// The meta of an event line whose fields lie at `ranges` (one per field of `fmt`). Margins equal
/// to `0`, an empty `Effect` and `Marked=0` are left out (see the module doc).
fn event_meta(line: &str, fmt: &EventFormat, kind: CueKind, ranges: &[(usize, usize)]) -> CueMeta {
    let mut meta = CueMeta {
        kind,
        ..CueMeta::default()
    };
    let fields = fmt.kinds.iter().zip(&fmt.names).zip(&fmt.defaults);
    for (((&field, name), &default), &(from, to)) in fields.zip(ranges) {
        let value = line.get(from..to).unwrap_or("");
        match field {
            Field::Layer => meta.layer = parse_layer(value),
            Field::Style => {
                let v = value.trim_ascii();
                meta.style = (!v.is_empty()).then(|| v.to_string());
            }
            Field::Name => {
                let v = value.trim_ascii();
                meta.speaker = (!v.is_empty()).then(|| v.to_string());
            }
            Field::Other => {
                // Defaults are one or two bytes: a plain loop beats a `memcmp` call per field.
                let same = value.len() == default.len()
                    && value.bytes().zip(default.bytes()).all(|(a, b)| a == b);
                if !same {
                    meta.fields.push((name.clone(), value.to_string()));
                }
            }
            Field::Start | Field::End | Field::Text => {}
        }
    }
    meta
}

/// `Layer` as an integer; lenient like libass (`Marked=1` or junk after the digits still reads).
fn parse_layer(v: &str) -> i32 {
    let t = v.trim_ascii();
    let t = t.strip_prefix("Marked=").unwrap_or(t);
    let (neg, digits) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t),
    };
    let mut n: i64 = 0;
    for c in digits.bytes().take_while(u8::is_ascii_digit) {
        n = (n * 10 + i64::from(c - b'0')).min(i64::from(i32::MAX));
    }
    let n = if neg { -n } else { n };
    i32::try_from(n).unwrap_or(0)
}

/// `H:MM:SS.cc`, also `H:MM:SS`, `MM:SS.cc`, any digit count per part and `,` for `.`.
///
/// The fraction is read as a fraction of a second (`.5` = 500 ms, `.50` = 500 ms, `.500` =
/// 500 ms), as Aegisub, FFmpeg and most readers do. libass instead reads the digits as a count of
/// centiseconds (`.500` = 5 s, `.5` = 50 ms); the two agree on the standard two digits.
fn parse_time(s: &str) -> Option<Timestamp> {
    let t = s.trim_ascii();
    let mut parts = [0i64; 3];
    let mut count = 0;
    let mut millis = 0i64;
    let mut rest = t;
    loop {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || count == 3 {
            return None;
        }
        let mut v: i64 = 0;
        for c in rest.bytes().take(digits) {
            // Saturate far above any real time; `Timestamp::from_parts` saturates the sum.
            v = (v * 10 + i64::from(c - b'0')).min(1_000_000_000_000);
        }
        parts[count] = v;
        count += 1;
        rest = &rest[digits..];
        match rest.as_bytes().first() {
            None => break,
            Some(b':') => rest = &rest[1..],
            Some(b'.' | b',') => {
                let frac = &rest[1..];
                if !frac.bytes().all(|c| c.is_ascii_digit()) {
                    return None;
                }
                let mut scale = 100;
                for c in frac.bytes().take(3) {
                    millis += i64::from(c - b'0') * scale;
                    scale /= 10;
                }
                break;
            }
            Some(_) => return None,
        }
    }
    let (h, m, sec) = match count {
        3 => (parts[0], parts[1], parts[2]),
        2 => (0, parts[0], parts[1]),
        _ => return None,
    };
    Some(Timestamp::from_parts(h, m, sec, millis))
}

/// ASS event text to inlines: `{…}` blocks become tags, `\N` `\n` `\h` breaks and hard spaces,
/// and text between a `\p1`… block and the next `\p0` is a drawing. A `{` with no `}` after it is
/// text, as renderers show it.
fn parse_text(text: &str, out: &mut Vec<Inline>, tags: &mut Shared<Tag>) {
    let b = text.as_bytes();
    let mut drawing = false;
    let mut run = 0;
    let mut i = 0;
    let mut unclosed = false;
    while i < b.len() {
        match b[i] {
            b'{' if !unclosed => match find_byte(b, i + 1, b'}') {
                Some(close) => {
                    push_run(text, run, i, drawing, out);
                    let raw = &text[i..=close];
                    let tag = tags.get_or_make(raw, || ass_tags::parse_block(raw));
                    for e in &tag.effects {
                        if let Effect::Drawing(scale) = e {
                            drawing = *scale > 0;
                        }
                    }
                    out.push(Inline::Tag(tag));
                    i = close + 1;
                    run = i;
                }
                // No `}` anywhere after: every later `{` is text too, so stop searching.
                None => {
                    unclosed = true;
                    i += 1;
                }
            },
            b'\\' if !drawing => {
                let special = match b.get(i + 1) {
                    Some(b'N') => Some(Inline::LineBreak),
                    Some(b'n') => Some(Inline::SoftBreak),
                    Some(b'h') => Some(Inline::HardSpace),
                    _ => None,
                };
                match special {
                    Some(inline) => {
                        push_run(text, run, i, drawing, out);
                        out.push(inline);
                        i += 2;
                        run = i;
                    }
                    None => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    push_run(text, run, b.len(), drawing, out);
}

fn push_run(text: &str, from: usize, to: usize, drawing: bool, out: &mut Vec<Inline>) {
    if let Some(s) = text.get(from..to).filter(|s| !s.is_empty()) {
        out.push(if drawing {
            Inline::Drawing(s.to_string())
        } else {
            Inline::Text(s.to_string())
        });
    }
}

/// Comma-separated `Format:` names, trimmed.
fn split_names(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// End of the line's text and start of the next line; `\r\n`, `\n` and a lone `\r` all end a line.
fn line_bounds(b: &[u8], from: usize) -> (usize, usize) {
    match find_eol(b, from) {
        None => (b.len(), b.len()),
        Some(at) => {
            if b.get(at) == Some(&b'\r') && b.get(at + 1) == Some(&b'\n') {
                (at, at + 2)
            } else {
                (at, at + 1)
            }
        }
    }
}

/// First `\n` or `\r` at or after `from`, eight bytes at a time: line scanning is most of the
/// reader's work on a large script.
fn find_eol(b: &[u8], from: usize) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let rest = b.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    let mut base = from;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let (x, y) = (w ^ (LO * 0x0A), w ^ (LO * 0x0D));
        // Zero-byte test: its lowest flagged byte is always exact, so the first hit is right.
        let hits = ((x.wrapping_sub(LO) & !x) | (y.wrapping_sub(LO) & !y)) & HI;
        if hits != 0 {
            return Some(base + (hits.trailing_zeros() / 8) as usize);
        }
        base += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&c| c == b'\n' || c == b'\r')
        .map(|p| base + p)
}

/// 1-based column (in characters) of byte offset `at` in `line`.
fn column(line: &str, at: usize) -> u32 {
    let prefix = line.get(..at.min(line.len())).unwrap_or(line);
    u32::try_from(prefix.chars().count() + 1).unwrap_or(u32::MAX)
}

fn find_byte(b: &[u8], from: usize, needle: u8) -> Option<usize> {
    b.get(from..)?
        .iter()
        .position(|&c| c == needle)
        .map(|p| p + from)
}

fn skip_blanks(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    i
}

// ---------------------------------------------------------------------------------------------
// Writing

/// Writes a track as ASS. A track read from ASS is written back losslessly: preamble, trailing
/// regions and untouched cue lines verbatim, edited cues regenerated in place. Any other track
/// (converted from SRT/WebVTT, or built in memory) becomes a complete v4+ script. Markup ASS cannot
/// express is reported as `write-markup-dropped`, never dropped silently.
pub fn write(track: &Track) -> (String, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let out = match (track.format, track.source.as_deref()) {
        (Some(Format::Ass), Some(src)) => write_lossless(track, src, &mut diags),
        _ => write_generated(track, &mut diags),
    };
    (out, diags)
}

fn write_lossless(track: &Track, src: &str, diags: &mut Vec<Diagnostic>) -> String {
    let mut out = String::with_capacity(src.len() + 256);
    let default_eol = track.facts.line_ending.as_str();
    let mut scan = FormatScan::default();
    let fallback = if track.event_fields.is_empty() {
        EventFormat::from_static(V4P_EVENTS)
    } else {
        EventFormat::new(track.event_fields.clone())
    };
    let preamble_end = src
        .get(track.preamble.clone())
        .map_or(0, |_| track.preamble.end);
    let preamble = src.get(track.preamble.clone()).unwrap_or("");
    let mut orphans = Orphans::new(track, src, preamble_end);
    out.push_str(preamble);
    scan.feed(preamble);
    orphans.emit_at(preamble_end, src, &mut scan, &fallback, &mut out);
    // A cue's trailing region is held back until the next cue that has its own place in the
    // source, so cues added after it stay inside [Events] rather than after a later section.
    let mut pending: (&str, usize) = ("", preamble_end);
    for cue in &track.cues {
        match raw_parts(src, cue) {
            Some((body, trailing, end)) => {
                flush(pending, src, &mut orphans, &mut scan, &fallback, &mut out);
                if cue.is_pristine() {
                    out.push_str(body);
                } else {
                    let fmt = scan.format(&fallback);
                    write_event(cue, fmt, line_ending_of(body), &mut out, diags);
                }
                pending = (trailing, end);
            }
            None => {
                if !out.is_empty() && !out.ends_with(['\n', '\r']) {
                    out.push_str(default_eol);
                }
                write_event(cue, scan.format(&fallback), default_eol, &mut out, diags);
            }
        }
    }
    flush(pending, src, &mut orphans, &mut scan, &fallback, &mut out);
    orphans.emit_rest(src, &mut scan, &fallback, &mut out);
    out
}

/// A cue's raw line, its trailing region and the end of that region, when its origin fits `src`.
fn raw_parts<'s>(src: &'s str, cue: &Cue) -> Option<(&'s str, &'s str, usize)> {
    let o = cue.origin?;
    Some((
        src.get(o.start..o.body_end)?,
        src.get(o.body_end..o.end)?,
        o.end,
    ))
}

fn flush(
    (trailing, end): (&str, usize),
    src: &str,
    orphans: &mut Orphans,
    scan: &mut FormatScan,
    fallback: &EventFormat,
    out: &mut String,
) {
    out.push_str(trailing);
    scan.feed(trailing);
    orphans.emit_at(end, src, scan, fallback, out);
}

/// Parts of the source no remaining cue covers: the blocks of cues deleted since parsing. Their
/// event lines go with them, but what rode in their trailing regions — comments, and after the
/// last cue the `[Fonts]` or `[Aegisub Project Garbage]` sections — is kept, where it stood.
struct Orphans {
    spans: Vec<(std::ops::Range<usize>, bool)>,
}

impl Orphans {
    fn new(track: &Track, src: &str, preamble_end: usize) -> Self {
        // Common case, one pass and no allocation: the cues still tile the source in order.
        let mut pos = preamble_end;
        let mut tiled = true;
        for cue in &track.cues {
            if let Some(o) = cue.origin.filter(|_| raw_parts(src, cue).is_some()) {
                if o.start != pos {
                    tiled = false;
                    break;
                }
                pos = o.end;
            }
        }
        if tiled && pos == src.len() {
            return Orphans { spans: Vec::new() };
        }
        let mut covered: Vec<(usize, usize)> = track
            .cues
            .iter()
            .filter(|c| raw_parts(src, c).is_some())
            .filter_map(|c| c.origin.map(|o| (o.start, o.end)))
            .collect();
        covered.sort_unstable();
        let mut spans = Vec::new();
        let mut pos = preamble_end;
        for (start, end) in covered {
            if start > pos {
                spans.push((pos..start, false));
            }
            pos = pos.max(end);
        }
        if pos < src.len() {
            spans.push((pos..src.len(), false));
        }
        Orphans { spans }
    }

    /// Emits the uncovered span that begins where the text just written ended in the source.
    fn emit_at(
        &mut self,
        pos: usize,
        src: &str,
        scan: &mut FormatScan,
        fallback: &EventFormat,
        out: &mut String,
    ) {
        if self.spans.is_empty() {
            return;
        }
        if let Ok(i) = self.spans.binary_search_by(|(r, _)| r.start.cmp(&pos))
            && let Some((range, done)) = self.spans.get_mut(i)
            && !*done
        {
            *done = true;
            emit_orphan(src.get(range.clone()).unwrap_or(""), scan, fallback, out);
        }
    }

    /// Spans no cue was written before (cues reordered since parsing), at the end.
    fn emit_rest(
        &mut self,
        src: &str,
        scan: &mut FormatScan,
        fallback: &EventFormat,
        out: &mut String,
    ) {
        for (range, done) in &mut self.spans {
            if !*done {
                *done = true;
                emit_orphan(src.get(range.clone()).unwrap_or(""), scan, fallback, out);
            }
        }
    }
}

/// Copies an uncovered span without the event lines the reader had made cues of.
fn emit_orphan(span: &str, scan: &mut FormatScan, fallback: &EventFormat, out: &mut String) {
    let b = span.as_bytes();
    // Only whether a line parses matters here, never the meta it would get.
    let mut scratch = EventScratch::default();
    let mut pos = 0;
    while pos < b.len() {
        let (content_end, next) = line_bounds(b, pos);
        let line = span.get(pos..content_end).unwrap_or("");
        let whole = span.get(pos..next).unwrap_or("");
        let was_cue = scan.in_events
            && event_key(line).is_some_and(|(kind, value_off)| {
                parse_event(line, value_off, scan.format(fallback), kind, &mut scratch).is_ok()
            });
        if !was_cue {
            out.push_str(whole);
            scan.feed(whole);
        }
        pos = next;
    }
}

/// `Dialogue:` / `Comment:` (any case, indented or not): the kind and where the value starts.
fn event_key(line: &str) -> Option<(CueKind, usize)> {
    let lead = line.len() - line.trim_start_matches([' ', '\t', '\u{feff}']).len();
    let t = line.get(lead..)?;
    let colon = t.find(':')?;
    let key = t.get(..colon)?.trim_end();
    let kind = if key.eq_ignore_ascii_case("Dialogue") {
        CueKind::Dialogue
    } else if key.eq_ignore_ascii_case("Comment") {
        CueKind::Comment
    } else {
        return None;
    };
    Some((kind, lead + colon + 1))
}

/// The line ending a raw line ends with ("" for a last line without one).
fn line_ending_of(line: &str) -> &str {
    if line.ends_with("\r\n") {
        "\r\n"
    } else if line.ends_with('\n') {
        "\n"
    } else if line.ends_with('\r') {
        "\r"
    } else {
        ""
    }
}

/// Follows the `[Events]` `Format:` lines through the verbatim regions as they are written, so a
/// regenerated cue uses the field order in force where it stands (the reader does the same).
struct FormatScan {
    /// Format lines count before any section header, as the reader accepts events there.
    in_events: bool,
    format: Option<EventFormat>,
}

impl Default for FormatScan {
    fn default() -> Self {
        FormatScan {
            in_events: true,
            format: None,
        }
    }
}

impl FormatScan {
    fn feed(&mut self, region: &str) {
        if region.is_empty() {
            return;
        }
        for line in region.split(['\n', '\r']) {
            let t = line.trim_start_matches([' ', '\t', '\u{feff}']).trim_end();
            if let Some(inner) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
                self.in_events = inner.trim().eq_ignore_ascii_case("Events");
            } else if self.in_events
                && let Some(value) = strip_prefix_ci(t, "Format:")
            {
                let fmt = EventFormat::new(split_names(value));
                if fmt.has_timing() {
                    self.format = Some(fmt);
                }
            }
        }
    }

    /// The order in force, else the track's first order (or the v4+ default).
    fn format<'s>(&'s self, fallback: &'s EventFormat) -> &'s EventFormat {
        self.format.as_ref().unwrap_or(fallback)
    }
}

fn strip_prefix_ci<'s>(s: &'s str, prefix: &str) -> Option<&'s str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| s.get(prefix.len()..))
        .flatten()
}

fn write_generated(track: &Track, diags: &mut Vec<Diagnostic>) -> String {
    let eol = track.facts.line_ending.as_str();
    let mut out = String::with_capacity(2048 + track.cues.len() * 96);
    let line = |out: &mut String, parts: &[&str]| {
        for p in parts {
            push_field(out, p, false);
        }
        out.push_str(eol);
    };
    line(&mut out, &["[Script Info]"]);
    line(&mut out, &["; Script generated by subloc"]);
    line(&mut out, &["ScriptType: v4.00+"]);
    const INFO_DEFAULTS: [(&str, &str); 4] = [
        ("PlayResX", "1920"),
        ("PlayResY", "1080"),
        ("WrapStyle", "0"),
        ("ScaledBorderAndShadow", "yes"),
    ];
    let info = |key: &str| {
        track
            .info
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    };
    for (key, default) in INFO_DEFAULTS {
        line(&mut out, &[key, ": ", info(key).unwrap_or(default)]);
    }
    for (key, value) in &track.info {
        let known = key.eq_ignore_ascii_case("ScriptType")
            || INFO_DEFAULTS
                .iter()
                .any(|(k, _)| key.eq_ignore_ascii_case(k));
        if !known && !key.trim().is_empty() {
            line(&mut out, &[key, ": ", value]);
        }
    }
    out.push_str(eol);

    line(&mut out, &["[V4+ Styles]"]);
    line(&mut out, &["Format: ", &V4P_STYLES.join(", ")]);
    if !track.styles.iter().any(|s| s.name == "Default") {
        line(&mut out, &["Style: ", &DEFAULT_STYLE.join(",")]);
    }
    for style in &track.styles {
        out.push_str("Style: ");
        write_style(style, &mut out);
        out.push_str(eol);
    }
    out.push_str(eol);

    line(&mut out, &["[Events]"]);
    line(&mut out, &["Format: ", &V4P_EVENTS.join(", ")]);
    let fmt = EventFormat::from_static(V4P_EVENTS);
    for cue in &track.cues {
        write_event(cue, &fmt, eol, &mut out, diags);
    }
    out
}

/// One style in v4+ field order; a v4 style's TertiaryColour and SSA alignment are carried over.
fn write_style(style: &Style, out: &mut String) {
    let v4 = style.field("OutlineColour").is_none() && style.field("TertiaryColour").is_some();
    for (i, (name, default)) in V4P_STYLES.iter().zip(DEFAULT_STYLE).enumerate() {
        if i > 0 {
            out.push(',');
        }
        if i == 0 {
            push_field(out, &style.name, true);
            continue;
        }
        let mut value = style.field(name);
        if value.is_none() && *name == "OutlineColour" {
            value = style.field("TertiaryColour");
        }
        let value = value.unwrap_or(default);
        if v4 && *name == "Alignment" {
            let converted = value
                .trim()
                .parse::<i64>()
                .ok()
                .and_then(ass_tags::legacy_alignment)
                .map_or_else(|| "2".to_string(), |n| n.to_string());
            out.push_str(&converted);
        } else {
            push_field(out, value, true);
        }
    }
}

/// One `Dialogue:` / `Comment:` line in the given field order, ending with `eol`.
fn write_event(
    cue: &Cue,
    fmt: &EventFormat,
    eol: &str,
    out: &mut String,
    diags: &mut Vec<Diagnostic>,
) {
    out.push_str(match cue.kind() {
        CueKind::Comment => "Comment: ",
        CueKind::Dialogue => "Dialogue: ",
    });
    let voice = whole_cue_voice(&cue.text);
    // The Name field can carry a voice that spans the whole cue, unless it names someone else.
    let voice_expressed = voice.is_some() && (cue.speaker().is_none() || cue.speaker() == voice);
    let speaker = cue.speaker().or(voice);
    let meta = cue.meta();
    let fields = fmt.names.iter().zip(&fmt.kinds).zip(&fmt.defaults);
    for (i, ((name, kind), default)) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        match kind {
            Field::Layer => push_int(out, i64::from(meta.map_or(0, |m| m.layer))),
            Field::Start => push_time(out, cue.start),
            Field::End => push_time(out, cue.end),
            Field::Style => push_field(out, cue.style().unwrap_or("Default"), true),
            Field::Name => push_field(out, speaker.unwrap_or(""), true),
            Field::Text => render_text(cue, voice_expressed, out, diags),
            Field::Other => {
                let value = meta
                    .and_then(|m| m.fields.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)))
                    .map_or(*default, |(_, v)| v.as_str());
                push_field(out, value, true);
            }
        }
    }
    out.push_str(eol);
}

/// `H:MM:SS.cc`, rounded to the nearest centisecond; negative times clamp to zero.
fn push_time(out: &mut String, t: Timestamp) {
    let cs = t.0.max(0).saturating_add(5) / 10;
    let secs = cs / 100;
    push_int(out, secs / 3600);
    // Two digits each, built by hand: `write!` costs more than the rest of a cue line.
    let two = |v: i64| [b'0' + (v / 10 % 10) as u8, b'0' + (v % 10) as u8];
    let [m1, m2] = two(secs / 60 % 60);
    let [s1, s2] = two(secs % 60);
    let [c1, c2] = two(cs % 100);
    let tail = [b':', m1, m2, b':', s1, s2, b'.', c1, c2];
    out.push_str(std::str::from_utf8(&tail).unwrap_or_default());
}

fn push_int(out: &mut String, v: i64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut n = v.unsigned_abs();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    if v < 0 {
        out.push('-');
    }
    out.push_str(std::str::from_utf8(&buf[i..]).unwrap_or_default());
}

/// A field value that must stay on its line and, unless it is the last field, hold no comma
/// (ASS has no escape for either): commas become `;`, line breaks spaces.
fn push_field(out: &mut String, value: &str, in_list: bool) {
    if !value
        .bytes()
        .any(|c| c == b'\n' || c == b'\r' || (in_list && c == b','))
    {
        out.push_str(value);
        return;
    }
    out.extend(value.chars().map(|c| match c {
        '\n' | '\r' => ' ',
        ',' if in_list => ';',
        c => c,
    }));
}

/// The speaker of a WebVTT-style `<v Name>` that opens the cue and spans all of it.
fn whole_cue_voice(text: &RichText) -> Option<&str> {
    let mut name = None;
    let mut seen_content = false;
    let mut closed = false;
    for inline in &text.0 {
        match inline {
            Inline::Tag(tag) => {
                for e in &tag.effects {
                    match e {
                        Effect::Voice(Some(n)) if name.is_none() && !seen_content => {
                            name = Some(n.as_str())
                        }
                        Effect::Voice(Some(_)) => return None,
                        Effect::Voice(None) => closed = true,
                        _ => {}
                    }
                }
            }
            _ if closed => return None,
            _ => seen_content = true,
        }
    }
    name
}

/// Event text: ASS blocks verbatim, HTML-like tags through their effects (adjacent ones merged
/// into one block), breaks as `\N` `\n` `\h`.
fn render_text(cue: &Cue, voice_expressed: bool, out: &mut String, diags: &mut Vec<Diagnostic>) {
    let mut block = String::new();
    for inline in &cue.text.0 {
        if let Inline::Tag(tag) = inline
            && tag.syntax == TagSyntax::Html
        {
            let mut dropped = tag.effects.is_empty();
            for e in &tag.effects {
                if voice_expressed && matches!(e, Effect::Voice(_)) {
                    continue;
                }
                if !ass_tags::render_effect(e, &mut block) {
                    dropped = true;
                }
            }
            if dropped {
                diags.push(
                    Diagnostic::new(rules::WRITE_MARKUP_DROPPED, Severity::Warning)
                        .cue(cue.id)
                        .arg("cue", cue.id)
                        .arg("markup", &tag.raw),
                );
            }
            continue;
        }
        if !block.is_empty() {
            out.push('{');
            out.push_str(&block);
            out.push('}');
            block.clear();
        }
        match inline {
            Inline::Text(t) => push_text(out, t),
            Inline::LineBreak => out.push_str("\\N"),
            Inline::SoftBreak => out.push_str("\\n"),
            Inline::HardSpace => out.push_str("\\h"),
            Inline::Drawing(d) => push_field(out, d, false),
            Inline::Tag(tag) => push_field(out, &tag.raw, false),
        }
    }
    if !block.is_empty() {
        out.push('{');
        out.push_str(&block);
        out.push('}');
    }
}

/// Text with its newlines as `\N` (a CRLF pair is one break).
fn push_text(out: &mut String, t: &str) {
    if !t.bytes().any(|c| c == b'\n' || c == b'\r') {
        out.push_str(t);
        return;
    }
    let mut rest = t;
    while let Some(p) = rest.find(['\n', '\r']) {
        out.push_str(&rest[..p]);
        out.push_str("\\N");
        let skip = if rest[p..].starts_with("\r\n") { 2 } else { 1 };
        rest = &rest[p + skip..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Rgb, Tag};

    const AEGISUB: &str = r"[Script Info]
; Script generated by Aegisub 3.2.2
; http://www.aegisub.org/
Title: 琉璃坊 第1集
ScriptType: v4.00+
WrapStyle: 0
ScaledBorderAndShadow: yes
YCbCr Matrix: TV.709
PlayResX: 1920
PlayResY: 1080

[Aegisub Project Garbage]
Audio File: ep01.wav
Video File: ep01.mp4
Active Line: 3

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,Noto Sans CJK SC,64,&H00FFFFFF,&H000000FF,&H00000000,&H80000000,0,0,0,0,100,100,0,0,1,3,1,2,60,60,50,134
Style: Sign,Noto Serif CJK SC,56,&H0000D7FF,&H000000FF,&H00000000,&H80000000,-1,0,0,0,100,100,2,0,1,2,0,8,60,60,40,134

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Comment: 0,0:00:00.00,0:00:00.00,Default,,0,0,0,,翻译：待定 校对：待定
Dialogue: 0,0:00:01.00,0:00:03.50,Default,林婉清,0,0,0,,{\i1}师父，{\i0}这件琉璃是真的吗？
; a comment between events
Dialogue: 0,0:00:03.60,0:00:06.00,Default,沈墨白,0,0,0,,假的。\N你看这开片，像不像冰裂？
Dialogue: 10,0:00:06.10,0:00:08.00,Sign,,0,0,0,Banner;20,{\an8\pos(960,80)\fad(200,200)}景德镇 · 御窑厂
Dialogue: 0,0:00:08.10,0:00:10.00,Default,Amir,0000,0000,0020,,Yes, yes, from Isfahan, of course.

[Aegisub Extradata]
Data: 1,_aegi_perspective_ambient_plane,e#1
";

    fn round_trip(src: &str) -> Track {
        let (mut track, _) = parse(src.to_string());
        track.format = Some(Format::Ass);
        let (out, diags) = write(&track);
        assert_eq!(out, src, "round trip changed the file");
        assert!(diags.is_empty(), "{diags:?}");
        track
    }

    fn ass_tag(raw: &str, effects: Vec<Effect>) -> Inline {
        Inline::tag(Tag {
            syntax: TagSyntax::Ass,
            raw: raw.into(),
            effects,
        })
    }

    fn html_tag(raw: &str, effects: Vec<Effect>) -> Inline {
        Inline::tag(Tag {
            syntax: TagSyntax::Html,
            raw: raw.into(),
            effects,
        })
    }

    fn text(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    #[test]
    fn aegisub_file_parses_into_the_model() {
        let (track, diags) = parse(AEGISUB.to_string());
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(track.cues.len(), 5);
        assert!(
            track
                .info
                .contains(&("YCbCr Matrix".into(), "TV.709".into()))
        );
        assert!(
            track
                .info
                .contains(&("Title".into(), "琉璃坊 第1集".into()))
        );
        // The garbage section's keys are not script info.
        assert!(!track.info.iter().any(|(k, _)| k == "Audio File"));
        assert_eq!(track.styles.len(), 2);
        assert_eq!(track.styles[1].name, "Sign");
        assert_eq!(track.styles[1].field("Alignment"), Some("8"));
        assert_eq!(track.styles[1].field("bold"), Some("-1"));
        assert_eq!(track.event_fields[0], "Layer");
        assert_eq!(track.event_fields.len(), 10);

        let c = &track.cues;
        assert_eq!(c[0].kind(), CueKind::Comment);
        assert_eq!(c[0].text.to_plain(), "翻译：待定 校对：待定");
        assert_eq!((c[1].id, c[1].line), (2, 25));
        assert_eq!(c[1].start, Timestamp(1000));
        assert_eq!(c[1].end, Timestamp(3500));
        assert_eq!(c[1].speaker(), Some("林婉清"));
        assert_eq!(c[1].style(), Some("Default"));
        assert_eq!(
            c[1].text.0,
            vec![
                ass_tag(r"{\i1}", vec![Effect::Italic(true)]),
                text("师父，"),
                ass_tag(r"{\i0}", vec![Effect::Italic(false)]),
                text("这件琉璃是真的吗？"),
            ]
        );
        assert_eq!(
            c[2].text.lines(),
            vec!["假的。", "你看这开片，像不像冰裂？"]
        );
        let sign = c[3].meta().map(|m| (m.layer, m.fields.clone()));
        assert_eq!(
            sign,
            Some((10, vec![("Effect".to_string(), "Banner;20".to_string())]))
        );
        assert_eq!(
            c[3].text.tags().next().map(|t| t.effects.clone()),
            Some(vec![
                Effect::Alignment(8),
                Effect::Position(960, 80),
                Effect::Other("fad".into())
            ])
        );
        assert_eq!(c[4].text.to_plain(), "Yes, yes, from Isfahan, of course.");
        assert_eq!(
            c[4].meta().map(|m| m.fields.len()),
            Some(3),
            "non-default margins are kept"
        );
        // Regions: the comment line rides after cue 2, the extradata section after the last cue.
        let src = track.source.as_deref().map(String::as_str).unwrap_or("");
        let o = c[1].origin.unwrap_or(Origin {
            start: 0,
            body_end: 0,
            end: 0,
            fingerprint: 0,
        });
        assert_eq!(&src[o.body_end..o.end], "; a comment between events\n");
        assert!(
            track
                .source_slice(track.preamble.clone())
                .ends_with("Effect, Text\n")
        );
        let last = c[4].origin.map(|o| &src[o.body_end..o.end]);
        assert_eq!(
            last,
            Some("\n[Aegisub Extradata]\nData: 1,_aegi_perspective_ambient_plane,e#1\n")
        );
    }

    #[test]
    fn aegisub_file_round_trips_with_every_line_ending() {
        round_trip(AEGISUB);
        round_trip(&AEGISUB.replace('\n', "\r\n"));
        let cr = round_trip(&AEGISUB.replace('\n', "\r"));
        assert_eq!(cr.cues.len(), 5);
        assert_eq!(cr.cues[2].text.lines().len(), 2);
        // Mixed endings, line by line.
        let mixed: String = AEGISUB
            .split_inclusive('\n')
            .enumerate()
            .map(|(i, l)| match i % 3 {
                0 => l.replace('\n', "\r\n"),
                1 => l.replace('\n', "\r"),
                _ => l.to_string(),
            })
            .collect();
        assert_eq!(round_trip(&mixed).cues.len(), 5);
    }

    #[test]
    fn missing_final_newline_round_trips() {
        let src = AEGISUB.trim_end_matches('\n');
        let t = round_trip(src);
        let short = "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,末尾";
        let t2 = round_trip(short);
        assert_eq!(t.cues.len(), 5);
        assert_eq!(t2.cues[0].text.to_plain(), "末尾");
    }

    const SSA_V4: &str = "[Script Info]\r\nTitle: old\r\nScriptType: v4.00\r\n\r\n[V4 Styles]\r\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, TertiaryColour, BackColour, Bold, Italic, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, AlphaLevel, Encoding\r\nStyle: Default,Arial,20,16777215,65535,65535,-2147483640,-1,0,1,3,0,6,30,30,30,0,0\r\n\r\n[Events]\r\nFormat: Marked, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\r\nDialogue: Marked=0,0:00:01.00,0:00:02.50,Default,NTP,0000,0000,0000,!Effect,Hello, world\r\nDialogue: Marked=1,0:00:03.00,0:00:04.00,Default,,0000,0000,0000,,{\\a6}Top\r\n";

    #[test]
    fn ssa_v4_round_trips_and_keeps_marked() {
        let t = round_trip(SSA_V4);
        assert_eq!(t.cues.len(), 2);
        assert_eq!(t.styles[0].field("AlphaLevel"), Some("0"));
        let m0 = t.cues[0]
            .meta()
            .map(|m| m.fields.clone())
            .unwrap_or_default();
        assert_eq!(
            m0,
            vec![
                ("MarginL".to_string(), "0000".to_string()),
                ("MarginR".to_string(), "0000".to_string()),
                ("MarginV".to_string(), "0000".to_string()),
                ("Effect".to_string(), "!Effect".to_string()),
            ],
            "Marked=0 is the default and not stored"
        );
        let m1 = t.cues[1].meta().map(|m| m.fields[0].clone());
        assert_eq!(m1, Some(("Marked".to_string(), "Marked=1".to_string())));
        assert_eq!(t.cues[0].text.to_plain(), "Hello, world");
        assert_eq!(t.cues[0].speaker(), Some("NTP"));
        assert_eq!(
            t.cues[1].text.tags().next().map(|t| t.effects.clone()),
            Some(vec![Effect::Alignment(8)])
        );
        // Edited v4 cue keeps its Marked field and the v4 field order.
        let mut t = t;
        t.cues[0].end = Timestamp(2600);
        let (out, _) = write(&t);
        assert_eq!(
            out,
            SSA_V4.replace("0:00:02.50", "0:00:02.60"),
            "only the edited line changes"
        );
    }

    #[test]
    fn actor_is_an_alias_of_name_and_later_format_lines_apply() {
        let src = "[Events]\nFormat: Layer, Start, End, Style, Actor, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:01.00,0:00:02.00,Default,顾师傅,0,0,0,,窑火不灭。\nFormat: Start, End, Text\nDialogue: 0:00:05.00,0:00:06.00,a, b\n";
        let t = round_trip(src);
        assert_eq!(t.cues[0].speaker(), Some("顾师傅"));
        assert_eq!(t.cues[1].start, Timestamp(5000));
        assert_eq!(t.cues[1].text.to_plain(), "a, b");
        assert_eq!(t.event_fields[4], "Actor");
        // Regenerating the second cue uses the Format line in force there.
        let mut t = t;
        t.cues[1].text = RichText::plain("c");
        t.cues[0].text = RichText::plain("d");
        let (out, _) = write(&t);
        assert_eq!(
            out,
            src.replace("0:00:06.00,a, b", "0:00:06.00,c")
                .replace(",,窑火不灭。", ",,d")
        );
    }

    #[test]
    fn fonts_and_graphics_ride_after_the_last_cue() {
        let src = "[Script Info]\nScriptType: v4.00+\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,one\n\n[Fonts]\nfontname: chaucer_0.ttf\n[!^V_%!)+\\+!(*Q[\"&L9!;U$`'\nDialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,not an event\n:D]A\n\n[Graphics]\nfilename: logo.png\n;_!!*$`\"O!!!\n";
        let t = round_trip(src);
        assert_eq!(t.cues.len(), 1);
        let o = t.cues[0].origin.map(|o| o.end);
        assert_eq!(o, Some(src.len()));
    }

    #[test]
    fn editing_one_cue_regenerates_only_its_line() {
        let (mut track, _) = parse(AEGISUB.replace('\n', "\r\n"));
        track.format = Some(Format::Ass);
        track.cues[2].text = RichText(vec![
            text("真的。"),
            Inline::LineBreak,
            ass_tag(r"{\i1}", vec![Effect::Italic(true)]),
            text("我查过了,"),
            Inline::HardSpace,
            text("a\nb"),
        ]);
        track.cues[2].meta_mut().speaker = Some("许, 掌柜".into());
        let (out, diags) = write(&track);
        assert!(diags.is_empty());
        let expected = AEGISUB.replace(
            r"Dialogue: 0,0:00:03.60,0:00:06.00,Default,沈墨白,0,0,0,,假的。\N你看这开片，像不像冰裂？",
            r"Dialogue: 0,0:00:03.60,0:00:06.00,Default,许; 掌柜,0,0,0,,真的。\N{\i1}我查过了,\ha\Nb",
        );
        assert_ne!(expected, AEGISUB);
        assert_eq!(out, expected.replace('\n', "\r\n"));
    }

    #[test]
    fn drawings_are_not_text_and_karaoke_is_parsed() {
        let src = "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,{\\p1}m 0 0 l 100 0 100 100 0 100{\\p0}标志\\Nx\nDialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,{\\k25}琉{\\kf30}璃{\\ko10}坊{\\K5}!\n";
        let (t, diags) = parse(src.to_string());
        assert!(diags.is_empty());
        let c = &t.cues[0];
        assert_eq!(c.text.to_plain(), "标志\nx");
        assert!(
            c.text
                .0
                .contains(&Inline::Drawing("m 0 0 l 100 0 100 100 0 100".into()))
        );
        let k: Vec<Effect> = t.cues[1]
            .text
            .tags()
            .flat_map(|t| t.effects.clone())
            .collect();
        assert_eq!(
            k,
            vec![
                Effect::Karaoke(25),
                Effect::Karaoke(30),
                Effect::Karaoke(10),
                Effect::Karaoke(5)
            ]
        );
        assert_eq!(t.cues[1].text.to_plain(), "琉璃坊!");
    }

    #[test]
    fn text_escapes_and_braces() {
        let mut out = Vec::new();
        let mut tags = Shared::default();
        parse_text(
            r"a\nb\hc\Td{comment}e{\b1}f{unclosed \N g",
            &mut out,
            &mut tags,
        );
        assert_eq!(
            out,
            vec![
                text("a"),
                Inline::SoftBreak,
                text("b"),
                Inline::HardSpace,
                text(r"c\Td"),
                ass_tag("{comment}", vec![]),
                text("e"),
                ass_tag(r"{\b1}", vec![Effect::Bold(true)]),
                text("f{unclosed "),
                Inline::LineBreak,
                text(" g"),
            ]
        );
    }

    #[test]
    fn malformed_lines_are_reported_and_neighbours_parse() {
        let src = "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,one\nDialogue: 0,0:00:0x.00,0:00:03.00,Default,,0,0,0,,bad time\nDialogue: 0,0:00:03.00,0:00:04.00,Default\nDialogue: 0,0:00:05.00,0:00:06.00,Default,,0,0,0,,two\n";
        let (t, diags) = parse(src.to_string());
        assert_eq!(t.cues.len(), 2);
        assert_eq!(t.cues[1].text.to_plain(), "two");
        assert_eq!((t.cues[1].id, t.cues[1].line), (2, 6));
        let got: Vec<_> = diags
            .iter()
            .map(|d| (d.rule, d.severity, d.line, d.column))
            .collect();
        assert_eq!(
            got,
            vec![
                (rules::PARSE_BAD_TIMING, Severity::Error, 4, 13),
                (rules::PARSE_BAD_LINE, Severity::Error, 5, 42),
            ]
        );
        assert_eq!(diags[0].get_arg("value"), Some("0:00:0x.00"));
        assert_eq!(diags[1].get_arg("found"), Some("4"));
        round_trip(src);
        // The bad lines live in the first cue's trailing region.
        let o = t.cues[0].origin.map(|o| o.end - o.body_end);
        assert_eq!(
            o,
            Some("Dialogue: 0,0:00:0x.00,0:00:03.00,Default,,0,0,0,,bad time\nDialogue: 0,0:00:03.00,0:00:04.00,Default\n".len())
        );
    }

    #[test]
    fn columns_count_characters() {
        let src = "[Events]\nFormat: Start, End, Style, Text\nDialogue: 0:00:01.00,0:00:02.00,林,x\nDialogue:   0:00:01.00,1:2:3:4,林,x\n";
        let (_, diags) = parse(src.to_string());
        assert_eq!(diags.len(), 1);
        assert_eq!((diags[0].line, diags[0].column), (4, 24));
        assert_eq!(diags[0].get_arg("field"), Some("End"));
    }

    #[test]
    fn missing_format_and_bad_style_lines() {
        let src = "[Script Info]\nno colon here\n[V4+ Styles]\nStyle: Default,Arial,20\n[Events]\nDialogue: 3,0:00:01.00,0:00:02.00,Default,Lin,0,0,0,,hi\n";
        let (t, diags) = parse(src.to_string());
        let got: Vec<_> = diags.iter().map(|d| (d.rule, d.line)).collect();
        assert_eq!(
            got,
            vec![
                (rules::PARSE_BAD_LINE, 2),
                (rules::PARSE_MISSING_FORMAT, 4),
                (rules::PARSE_BAD_LINE, 4),
                (rules::PARSE_MISSING_FORMAT, 6),
            ]
        );
        assert_eq!(diags[2].get_arg("expected"), Some("23"));
        assert_eq!(diags[2].get_arg("found"), Some("3"));
        assert_eq!(t.styles[0].field("Fontsize"), Some("20"));
        assert_eq!(t.cues[0].meta().map(|m| m.layer), Some(3));
        assert_eq!(t.cues[0].speaker(), Some("Lin"));
        assert_eq!(t.event_fields, V4P_EVENTS.to_vec());
    }

    #[test]
    fn times_read_fractions_as_parts_of_a_second() {
        let ms = |s: &str| parse_time(s).map(|t| t.ms());
        assert_eq!(ms("0:00:01.5"), Some(1500));
        assert_eq!(ms("0:00:01.50"), Some(1500));
        assert_eq!(ms("0:00:01.500"), Some(1500));
        assert_eq!(ms("0:00:01.5009"), Some(1500));
        assert_eq!(ms(" 1:02:03.04 "), Some(3_723_040));
        assert_eq!(ms("123:00:00,00"), Some(442_800_000));
        assert_eq!(ms("02:03.04"), Some(123_040));
        assert_eq!(ms("0:00:01"), Some(1000));
        for bad in [
            "",
            "1",
            "-0:00:01.00",
            "0:00:01.x",
            "a:00:00.00",
            "1:2:3:4",
            "0::1",
        ] {
            assert_eq!(ms(bad), None, "{bad:?}");
        }
        assert!(ms("99999999999999999999999:00:00.00").is_some());
    }

    #[test]
    fn truncated_file_does_not_panic() {
        for src in [
            "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,ok\nDialogue:",
            "Dialogue:",
            "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,{\\i1",
            "[Events]\r\nFormat:\r\nDialogue: ,\r",
            "",
        ] {
            let (t, diags) = parse(src.to_string());
            assert!(t.cues.len() <= 1);
            if src.ends_with("Dialogue:") {
                assert!(diags.iter().any(|d| d.rule == rules::PARSE_BAD_LINE));
            }
            round_trip(src);
        }
    }

    fn srt_like_track() -> Track {
        let mut cues = Vec::new();
        let mut c1 = Cue::new(
            1,
            Timestamp(1000),
            Timestamp(2500),
            RichText(vec![
                html_tag("<i>", vec![Effect::Italic(true)]),
                text("琉璃易碎，"),
                html_tag("</i>", vec![Effect::Italic(false)]),
                Inline::LineBreak,
                html_tag(
                    "<font color=\"#ff0000\">",
                    vec![Effect::Color(Some(Rgb(255, 0, 0)))],
                ),
                html_tag("<b>", vec![Effect::Bold(true)]),
                text("人心更易碎。"),
                html_tag("</b>", vec![Effect::Bold(false)]),
                html_tag("</font>", vec![Effect::Color(None)]),
            ]),
        );
        c1.line = 2;
        cues.push(c1);
        cues.push(Cue::new(
            2,
            Timestamp(3000),
            Timestamp(4000),
            RichText(vec![
                ass_tag(r"{\an8}", vec![Effect::Alignment(8)]),
                html_tag("<v 阿米尔>", vec![Effect::Voice(Some("阿米尔".into()))]),
                text("伊斯法罕"),
                html_tag("</v>", vec![Effect::Voice(None)]),
            ]),
        ));
        cues.push(Cue::new(
            3,
            Timestamp(5000),
            Timestamp(6000),
            RichText(vec![
                html_tag("<c.loud>", vec![Effect::Class(Some("loud".into()))]),
                text("走！"),
                html_tag("</c>", vec![Effect::Class(None)]),
            ]),
        ));
        Track {
            format: Some(Format::Srt),
            cues,
            ..Track::default()
        }
    }

    #[test]
    fn conversion_builds_a_full_script() {
        let track = srt_like_track();
        let (out, diags) = write(&track);
        let events = "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n\
Dialogue: 0,0:00:01.00,0:00:02.50,Default,,0,0,0,,{\\i1}琉璃易碎，{\\i0}\\N{\\c&H0000FF&\\b1}人心更易碎。{\\b0\\c}\n\
Dialogue: 0,0:00:03.00,0:00:04.00,Default,阿米尔,0,0,0,,{\\an8}伊斯法罕\n\
Dialogue: 0,0:00:05.00,0:00:06.00,Default,,0,0,0,,走！\n";
        assert!(out.starts_with("[Script Info]\n; Script generated by subloc\nScriptType: v4.00+\nPlayResX: 1920\nPlayResY: 1080\nWrapStyle: 0\nScaledBorderAndShadow: yes\n\n[V4+ Styles]\nFormat: Name, Fontname,"), "{out}");
        assert!(out.contains("\nStyle: Default,Arial,60,"));
        assert!(out.ends_with(events), "{out}");
        let dropped: Vec<_> = diags
            .iter()
            .map(|d| (d.rule, d.cue, d.get_arg("markup")))
            .collect();
        assert_eq!(
            dropped,
            vec![
                (rules::WRITE_MARKUP_DROPPED, Some(3), Some("<c.loud>")),
                (rules::WRITE_MARKUP_DROPPED, Some(3), Some("</c>")),
            ]
        );

        // And back: the script reads as the same cues.
        let (back, diags) = parse(out);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(back.cues.len(), 3);
        for (a, b) in track.cues.iter().zip(&back.cues) {
            assert_eq!((a.start, a.end), (b.start, b.end));
            assert_eq!(a.text.to_plain(), b.text.to_plain());
        }
        assert_eq!(back.cues[1].speaker(), Some("阿米尔"));
        let fx: Vec<Effect> = back.cues[0]
            .text
            .tags()
            .flat_map(|t| t.effects.clone())
            .collect();
        assert_eq!(
            fx,
            vec![
                Effect::Italic(true),
                Effect::Italic(false),
                Effect::Color(Some(Rgb(255, 0, 0))),
                Effect::Bold(true),
                Effect::Bold(false),
                Effect::Color(None),
            ]
        );
    }

    #[test]
    fn ass_to_memory_to_ass_keeps_styles_and_fields() {
        let (mut track, _) = parse(SSA_V4.to_string());
        // Drop the source, as a conversion through another format would.
        track.source = None;
        track.format = None;
        track.facts.line_ending = crate::model::LineEnding::CrLf;
        let (out, diags) = write(&track);
        assert!(diags.is_empty());
        assert!(out.contains("\r\nTitle: old\r\n"));
        assert!(!out.contains("v4.00\r\n"));
        // v4 style: TertiaryColour becomes OutlineColour, SSA alignment 6 becomes numpad 8.
        assert!(
            out.contains(
                "\r\nStyle: Default,Arial,20,16777215,65535,65535,-2147483640,-1,0,0,0,100,100,0,0,1,3,0,8,30,30,30,0\r\n"
            ),
            "{out}"
        );
        assert!(!out.contains("Style: Default,Arial,60"));
        assert!(out.contains(
            "\r\nDialogue: 0,0:00:01.00,0:00:02.50,Default,NTP,0000,0000,0000,!Effect,Hello, world\r\n"
        ));
        let (back, diags) = parse(out);
        assert!(diags.is_empty());
        assert_eq!(back.cues.len(), 2);
        assert_eq!(back.cues[1].text.0, track.cues[1].text.0);
    }

    #[test]
    fn comment_cues_stay_comments_and_new_cues_land_in_events() {
        let (mut t, _) = parse(AEGISUB.to_string());
        t.format = Some(Format::Ass);
        let mut extra = Cue::new(
            99,
            Timestamp(11_000),
            Timestamp(12_000),
            RichText::plain("新"),
        );
        extra.meta_mut().kind = CueKind::Comment;
        t.cues.push(extra);
        let (out, _) = write(&t);
        assert!(out.contains(
            "of course.\nComment: 0,0:00:11.00,0:00:12.00,Default,,0,0,0,,新\n\n[Aegisub Extradata]"
        ));
    }

    #[test]
    fn deleting_cues_keeps_what_rode_with_them() {
        let (mut t, _) = parse(AEGISUB.to_string());
        t.format = Some(Format::Ass);
        // Cue 2 carries the comment line, the last cue the [Aegisub Extradata] section.
        t.cues.remove(4);
        t.cues.remove(1);
        let (out, diags) = write(&t);
        assert!(diags.is_empty());
        let expected: String = AEGISUB
            .split_inclusive('\n')
            .filter(|l| !l.contains("师父，") && !l.contains("Isfahan"))
            .collect();
        assert_eq!(out, expected);
        assert!(out.contains("; a comment between events\n"));
        assert!(
            out.ends_with("\n[Aegisub Extradata]\nData: 1,_aegi_perspective_ambient_plane,e#1\n")
        );
        let (back, _) = parse(out);
        assert_eq!(back.cues.len(), 3);

        // Deleting the first cue keeps the preamble; a malformed line stays as it was.
        let src = "[Events]\nFormat: Start, End, Text\nDialogue: 0:00:01.00,0:00:02.00,a\nDialogue: bad\nDialogue: 0:00:03.00,0:00:04.00,b\n";
        let (mut t, _) = parse(src.to_string());
        t.format = Some(Format::Ass);
        t.cues.remove(0);
        let (out, _) = write(&t);
        assert_eq!(
            out,
            "[Events]\nFormat: Start, End, Text\nDialogue: bad\nDialogue: 0:00:03.00,0:00:04.00,b\n"
        );
    }

    #[test]
    fn reordered_cues_are_written_once_each() {
        let (mut t, _) = parse(AEGISUB.to_string());
        t.format = Some(Format::Ass);
        t.cues.swap(1, 3);
        t.cues.remove(2);
        let (out, _) = write(&t);
        let (back, _) = parse(out.clone());
        let texts: Vec<String> = back.cues.iter().map(|c| c.text.to_plain()).collect();
        let want: Vec<String> = t.cues.iter().map(|c| c.text.to_plain()).collect();
        assert_eq!(texts, want);
        assert_eq!(out.matches("; a comment between events").count(), 1);
        assert_eq!(out.matches("[Aegisub Extradata]").count(), 1);
    }

    #[test]
    fn extreme_values_are_written_safely() {
        let mut c = Cue::new(
            1,
            Timestamp(i64::MIN),
            Timestamp(i64::MAX),
            RichText::plain("x"),
        );
        c.meta_mut().layer = i32::MIN;
        let mut out = String::new();
        let fmt = EventFormat::from_static(V4P_EVENTS);
        write_event(&c, &fmt, "\n", &mut out, &mut Vec::new());
        assert_eq!(
            out,
            "Dialogue: -2147483648,0:00:00.00,2562047788015:12:55.80,Default,,0,0,0,,x\n"
        );
        let mut s = String::new();
        push_time(&mut s, Timestamp(3_723_045));
        assert_eq!(s, "1:02:03.05");
    }

    /// Deterministic generator for the no-panic loop (no extra dependency).
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            self.0 >> 33
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            let i = (self.next() as usize) % items.len();
            items[i]
        }
    }

    const TOKENS: &[&str] = &[
        "[Script Info]",
        "[Events]",
        "[V4+ Styles]",
        "[V4 Styles]",
        "[Fonts]",
        "[Garbage]",
        "\n",
        "\r\n",
        "\r",
        "Format: ",
        "Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text",
        "Start, End, Text",
        "Dialogue: ",
        "Comment: ",
        "Style: ",
        "0,",
        "0:00:01.00,",
        "1:2:3.4567,",
        "99999999999999999999:00:00.00,",
        "Default,",
        ",",
        ",,",
        "{",
        "}",
        "{\\",
        "\\",
        "\\N",
        "\\n",
        "\\h",
        "\\p1",
        "\\p0",
        "\\pos(",
        "\\t(",
        "\\clip(m 0 0 l",
        ")",
        "(",
        "\\i1",
        "\\b700",
        "\\c&H",
        "&HFFFFFF&",
        "\\k",
        "\\an",
        "9",
        "-1",
        "\\r",
        "\\fad(1,2",
        "琉璃",
        "é",
        " ",
        ";",
        "!:",
        "Marked=",
        ":",
        "ScriptType: v4.00",
        "\u{feff}",
        "\t",
        "x",
        "{\\i1}",
        "{\\p1}m 0 0 l 1 1",
        "{\\p0}",
        "{\\an8\\pos(1,2)\\fad(1,2)}",
        "{\\t(0,1,\\clip(m 0 0 l 1 1))}",
        "{note}",
        "{\\k20}",
    ];

    /// Lines that are mostly shaped like a script (headers, Format, near-valid events) with
    /// random tokens spliced in, joined by random line endings.
    fn soup(rng: &mut Lcg) -> String {
        let mut s = String::new();
        for _ in 0..rng.next() % 12 {
            match rng.next() % 6 {
                0 => s.push_str(rng.pick(&["[Events]", "[V4 Styles]", "[Fonts]", "[Garbage]"])),
                1 => {
                    s.push_str("Format: ");
                    s.push_str(rng.pick(&[
                        "Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text",
                        "Marked, Start, End, Style, Actor, MarginL, MarginR, MarginV, Effect, Text",
                        "Start, End, Text",
                        "Text, End",
                    ]));
                }
                2..=4 => {
                    s.push_str(rng.pick(&["Dialogue: ", "Comment: ", "dialogue:", "Dialogue:"]));
                    s.push_str(rng.pick(&["0,", "Marked=0,", "", "-5,"]));
                    s.push_str(rng.pick(&["0:00:01.00,", "1:2:3.4567,", "x,", ""]));
                    s.push_str(rng.pick(&[
                        "0:00:02.00,",
                        "0:00:00.5,",
                        "99999999999999999999:0:0,",
                    ]));
                    s.push_str(rng.pick(&[
                        "Default,Lin,0,0,0,,",
                        "Sign,,10,20,30,Banner;2,",
                        ",,",
                    ]));
                    for _ in 0..rng.next() % 8 {
                        s.push_str(rng.pick(TOKENS));
                    }
                }
                _ => {
                    for _ in 0..rng.next() % 8 {
                        s.push_str(rng.pick(TOKENS));
                    }
                }
            }
            s.push_str(rng.pick(&["\n", "\r\n", "\r", "\n\n"]));
        }
        if rng.next().is_multiple_of(4) {
            s.pop();
        }
        s
    }

    #[test]
    fn token_soup_never_panics_and_round_trips() {
        let mut rng = Lcg(0x5EED_0A55);
        let (mut cues, mut diags, mut tags) = (0, 0, 0);
        for round in 0..3000 {
            let chars: String = (0..rng.next() % 120)
                .map(|_| {
                    const ALPHABET: &[char] = &[
                        '{', '}', '\\', '(', ')', ',', ':', '\n', '\r', 'D', 'i', 'a', 'l', 'o',
                        'g', 'u', 'e', '0', '1', '.', 'p', 'N', 'é', '林', ' ', '[', ']', ';',
                        '\u{feff}',
                    ];
                    ALPHABET[(rng.next() as usize) % ALPHABET.len()]
                })
                .collect();
            let (mut t, _) = parse(chars.clone());
            t.format = Some(Format::Ass);
            assert_eq!(write(&t).0, chars);
            let _ = ass_tags::parse_block(&chars);
            let s = soup(&mut rng);
            let block = format!("{{{s}}}");
            let _ = ass_tags::parse_block(&block);
            let _ = ass_tags::parse_block(&s);
            let (mut track, d) = parse(s.clone());
            cues += track.cues.len();
            diags += d.len();
            tags += track
                .cues
                .iter()
                .map(|c| c.text.tags().count())
                .sum::<usize>();
            track.format = Some(Format::Ass);
            let (out, _) = write(&track);
            assert_eq!(out, s, "round {round}");
            // Deleting cues keeps everything else.
            let mut pruned = track.clone();
            let before = pruned.cues.len();
            pruned.cues.retain(|c| c.id % 3 != 1);
            let kept = pruned.cues.len();
            let (out, _) = write(&pruned);
            let (again, _) = parse(out);
            assert_eq!(
                again.cues.len(),
                kept,
                "round {round}: {s:?} ({before} cues)"
            );
            // Regenerating every cue must not panic either, and must stay readable.
            for c in &mut track.cues {
                c.end = Timestamp(c.end.0.saturating_add(10));
            }
            let (out, _) = write(&track);
            let (again, _) = parse(out);
            assert_eq!(again.cues.len(), track.cues.len(), "round {round}: {s:?}");
            track.source = None;
            let _ = write(&track);
        }
        // The soup must actually reach the interesting paths.
        assert!(
            cues > 1000 && diags > 1000 && tags > 300,
            "{cues} {diags} {tags}"
        );
    }
}
