//! Reading an ASS / SSA script: the section walk (`[Script Info]`, styles, events, the sections
//! kept verbatim), style lines, and where each event line's cue begins and ends in the source.

use std::sync::Arc;

use super::event::{BadEvent, EventScratch, parse_event};
use super::fast::parse_event_fast;
use super::lines::{column, find_byte, line_bounds, skip_blanks, split_names};
use super::{EventFormat, Field, V4_EVENTS, V4_STYLES, V4P_EVENTS, V4P_STYLES};
use crate::diag::{Diagnostic, Severity, rules};
use crate::format::{Shared, reserve_cues};
use crate::model::{Cue, CueKind, MetaDigests, Origin, Style, Track};

/// Parses decoded ASS/SSA text (see the `ass` module doc for what lands where).
pub fn parse(text: String) -> (Track, Vec<Diagnostic>) {
    parse_with(text, true)
}

/// `parse` with or without the fast path (`fast`), which must make no difference but speed:
/// `tests::fast_path` compares the two.
pub(super) fn parse_with(text: String, fast: bool) -> (Track, Vec<Diagnostic>) {
    let source = Arc::new(text);
    let mut p = Parser::new(&source);
    p.fast = fast;
    p.scratch.source = Some((Arc::clone(&source), 0));
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

/// Walks a script line by line, building the track and the diagnostics.
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
    /// Event lines of the common shape go through `fast::parse_event_fast` first.
    fast: bool,
    /// Each shared meta's part of the cue fingerprints, hashed once.
    digests: MetaDigests,
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
            fast: true,
            digests: MetaDigests::default(),
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
                    o.end = Origin::offset(b.len());
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
        self.key_value(line, t, lead, colon, (start, next), no);
    }

    /// A `Key: value` line of the current section; `t` is the line without its indentation
    /// (`lead` bytes) and trailing blanks, `colon` the offset of its first `:` in `t`, and
    /// `start..next` where the line lies in the source.
    fn key_value(
        &mut self,
        line: &str,
        t: &str,
        lead: usize,
        colon: usize,
        (start, next): (usize, usize),
        no: u32,
    ) {
        let key = t[..colon].trim_end();
        let value_off = lead + colon + 1;
        match self.section {
            Section::Info => {
                let value = t[colon + 1..].trim();
                if key.eq_ignore_ascii_case("ScriptType") {
                    self.v4 = value.eq_ignore_ascii_case("v4.00");
                }
                self.track.info.push((key.to_string(), value.to_string()));
                self.track
                    .info_values
                    .push(start + lead + colon + 1..start + lead + t.len());
            }
            Section::Styles => {
                if key.eq_ignore_ascii_case("Format") {
                    self.style_format = Some(split_names(&t[colon + 1..]));
                } else if key.eq_ignore_ascii_case("Style") {
                    self.style(line, value_off, no);
                    self.track
                        .style_values
                        .push(start + value_off..start + line.len());
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
        self.scratch.recent = Default::default();
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
        let expected = fmt.names.len();
        if let Some((_, line_at)) = self.scratch.source.as_mut() {
            *line_at = start;
        }
        let fast = match self.fast {
            true => parse_event_fast(line, value_off, fmt, kind, &mut self.scratch),
            false => None,
        };
        let parsed = match fast {
            Some(cue) => Ok(cue),
            None => parse_event(line, value_off, fmt, kind, &mut self.scratch),
        };
        match parsed {
            Ok(cue) => {
                if let Some((field, at, end)) = self.scratch.negative {
                    self.diags.push(
                        Diagnostic::new(rules::PARSE_NEGATIVE_TIME, Severity::Warning)
                            .at(no, column(line, at))
                            .arg("field", field)
                            .arg("value", line.get(at..end).unwrap_or("").trim()),
                    );
                }
                if cue.end < cue.start {
                    let at = end_field_offset(line, value_off, fmt).unwrap_or(value_off);
                    self.diags.push(
                        Diagnostic::new(rules::PARSE_END_BEFORE_START, Severity::Warning)
                            .at(no, column(line, at))
                            .arg("start", cue.start.fmt_ass())
                            .arg("end", cue.end.fmt_ass()),
                    );
                }
                self.push_cue(cue, start, next, no);
            }
            Err(bad) => self.bad_event(bad, line, kind, expected, no),
        }
    }

    /// Adds a cue read from the line at `start..next`: the previous cue's trailing region (or the
    /// preamble) ends where this line begins.
    fn push_cue(&mut self, mut cue: Cue, start: usize, next: usize, no: u32) {
        let id = u32::try_from(self.track.cues.len() + 1).unwrap_or(u32::MAX);
        cue.id = id;
        cue.line = no;
        match self.track.cues.last_mut() {
            Some(prev) => {
                if let Some(o) = prev.origin.as_mut() {
                    o.end = Origin::offset(start);
                }
            }
            None => self.track.preamble = 0..start,
        }
        let first = self.track.preamble.end;
        reserve_cues(&mut self.track.cues, first, start, self.src.len());
        let fingerprint = cue.fingerprint_in(&mut self.digests);
        cue.origin = Some(Origin {
            start: Origin::offset(start),
            body_end: Origin::offset(next),
            end: Origin::offset(next),
            fingerprint,
        });
        self.track.cues.push(cue);
    }

    /// Reports an event line that could not become a cue; `expected` is its format's field count.
    fn bad_event(&mut self, bad: BadEvent, line: &str, kind: CueKind, expected: usize, no: u32) {
        match bad {
            BadEvent::TooFewFields { at, found } => {
                let key = if kind == CueKind::Comment {
                    "Comment"
                } else {
                    "Dialogue"
                };
                self.diags.push(
                    Diagnostic::new(rules::PARSE_BAD_LINE, Severity::Error)
                        .at(no, column(line, at))
                        .arg("key", key)
                        .arg("expected", expected)
                        .arg("found", found),
                );
            }
            BadEvent::BadTime { field, at, end } => {
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
