//! HTML-like inline markup shared by SRT and WebVTT: `<i>`, `<b>`, `<u>`, `<s>`, `<font color>`,
//! `<v Name>`, `<c.class>`, `<lang>`, `<ruby>`/`<rt>`, WebVTT timestamp tags — reading them into
//! `Tag`s, rendering `Effect`s back as tags, and turning a cue's raw text into `RichText`
//! (`parse_inline`), including SRT's `{\an8}` blocks and WebVTT's character references.
//!
//! Only known tag names are markup: dialogue such as "<Sigh>" or "a < b" stays text, because in
//! an SRT file that is what it is, and keeping it as text is the lossless choice for WebVTT too.

use std::ops::Range;
use std::sync::Arc;

use crate::format::blocks::scan;
use crate::format::{Shared, ass_tags};
use crate::model::{Effect, Inline, Rgb, RichText, Tag, TagSyntax, Text};

/// Which format's inline rules apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// SRT: HTML-like tags and `{\…}` override blocks; `&` is plain text.
    Srt,
    /// WebVTT: HTML-like tags and character references (`&amp;` …).
    Vtt,
}

/// Something wrong with a cue's markup, at a byte offset into the text given to `parse_inline`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkupProblem {
    pub offset: usize,
    /// The tag as written.
    pub raw: String,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// An opening tag never closed in the cue (`<v>` is exempt: WebVTT closes it implicitly).
    Unclosed,
    /// A closing tag with no opening tag before it in the cue.
    Unopened,
}

/// Parses one tag, `raw` being the whole `<…>` text. `None` when it is not markup at all
/// (e.g. a literal `<` in dialogue), so the caller keeps it as text.
pub fn parse_tag(raw: &str) -> Option<Tag> {
    parse_tag_named(raw).map(|p| p.tag)
}

/// A parsed tag with the name it was written with (lowercase; `timestamp` for `<00:01.000>`).
struct ParsedTag {
    tag: Tag,
    name: &'static str,
    closing: bool,
}

const NAMES: &[&str] = &["i", "b", "u", "s", "font", "v", "c", "lang", "ruby", "rt"];

/// The tag name (one of `NAMES`, or `timestamp` for a digit-led opening tag, not yet checked to be
/// one) and whether it closes: the head of `parse_tag_named`, and what `OpenTags` tracks of a tag
/// seen before, read without building the tag again.
fn tag_name(raw: &str) -> Option<(&'static str, bool)> {
    let inner = raw.strip_prefix('<')?;
    let (closing, body) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    if !closing && body.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return Some(("timestamp", false));
    }
    let name_len = body
        .bytes()
        .position(|c| !c.is_ascii_alphanumeric())
        .unwrap_or(body.len());
    let name_raw = body.get(..name_len)?;
    let name = NAMES
        .iter()
        .copied()
        .find(|n| n.eq_ignore_ascii_case(name_raw))?;
    Some((name, closing))
}

/// Parses the whole `<…>` text of a tag: a WebVTT timestamp, a closing tag, or an opening tag
/// with its classes and annotation. `None` when it is not markup this reader knows.
fn parse_tag_named(raw: &str) -> Option<ParsedTag> {
    let inner = raw.strip_prefix('<')?.strip_suffix('>')?;
    if inner.is_empty() || inner.contains(['<', '>', '\n', '\r']) {
        return None;
    }
    let (name, closing) = tag_name(raw)?;
    let body = if closing { inner.get(1..)? } else { inner };
    if name == "timestamp" {
        // WebVTT timestamp tag: the whole inside must be one timestamp.
        return match scan::parse_timestamp(body.as_bytes(), 0) {
            Ok((_, end, _)) if end == body.len() => Some(ParsedTag {
                tag: html_tag(raw, vec![Effect::Other("timestamp".into())]),
                name,
                closing: false,
            }),
            _ => None,
        };
    }
    // The name matched one of `NAMES` ignoring ASCII case: the same length as written.
    let rest = body.get(name.len()..)?;
    let effects = if closing {
        if !rest.trim().is_empty() {
            return None;
        }
        vec![closing_effect(name)]
    } else if name == "font" {
        vec![font_effect(rest)?]
    } else {
        vec![opening_effect(name, rest)?]
    };
    Some(ParsedTag {
        tag: html_tag(raw, effects),
        name,
        closing,
    })
}

/// The effect a closing tag `</name>` turns off.
fn closing_effect(name: &str) -> Effect {
    match name {
        "i" => Effect::Italic(false),
        "b" => Effect::Bold(false),
        "u" => Effect::Underline(false),
        "s" => Effect::Strike(false),
        "font" => Effect::Color(None),
        "v" => Effect::Voice(None),
        "c" => Effect::Class(None),
        other => Effect::Other(format!("/{other}")),
    }
}

/// The effect of an opening tag other than `<font>`: `rest` holds its WebVTT classes
/// (`<c.a.b>`, `<i.loud>`) then an annotation, which only `v` and `lang` take. `None` when
/// either is malformed.
fn opening_effect(name: &str, rest: &str) -> Option<Effect> {
    let (classes, annotation) = match rest.find([' ', '\t']) {
        Some(p) => (&rest[..p], rest[p..].trim()),
        None => (rest, ""),
    };
    if !classes.is_empty()
        && (!classes.starts_with('.') || classes.split('.').skip(1).any(str::is_empty))
    {
        return None;
    }
    if !annotation.is_empty() && name != "v" && name != "lang" {
        return None;
    }
    let classes = classes.strip_prefix('.').unwrap_or("");
    Some(match name {
        "i" => Effect::Italic(true),
        "b" => Effect::Bold(true),
        "u" => Effect::Underline(true),
        "s" => Effect::Strike(true),
        "v" => Effect::Voice(Some(decode_entities(annotation))),
        "c" => Effect::Class(Some(classes.to_string())),
        other => Effect::Other(other.to_string()),
    })
}

fn html_tag(raw: &str, effects: Vec<Effect>) -> Tag {
    Tag {
        syntax: TagSyntax::Html,
        raw: raw.to_string(),
        effects,
    }
}

/// `<font …>` attributes: `color` becomes `Color`; a font with no readable colour (face, size)
/// is still markup, known only by name. Anything that is not `name=value` pairs is not a tag.
fn font_effect(attrs: &str) -> Option<Effect> {
    let mut color = None;
    let mut rest = attrs.trim_start();
    if !attrs.is_empty() && rest.len() == attrs.len() {
        return None; // "<fontx>": the name must be followed by whitespace
    }
    while !rest.is_empty() {
        let eq = rest.find('=')?;
        let key = rest[..eq].trim();
        if key.is_empty() || !key.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-') {
            return None;
        }
        let after = rest[eq + 1..].trim_start();
        let (value, remaining) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let close = after[1..].find(q)? + 1;
                (&after[1..close], &after[close + 1..])
            }
            Some(_) => {
                let end = after.find([' ', '\t']).unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
            None => return None,
        };
        if key.eq_ignore_ascii_case("color") {
            color = parse_color(value);
        }
        rest = remaining.trim_start();
    }
    Some(match color {
        Some(c) => Effect::Color(Some(c)),
        None => Effect::Other("font".into()),
    })
}

/// `#rgb`, `#rrggbb` (the `#` is often missing in real files) or a basic HTML colour name.
pub(crate) fn parse_color(value: &str) -> Option<Rgb> {
    let v = value.trim();
    let hex = v.strip_prefix('#').unwrap_or(v);
    let nib = |c: u8| (c as char).to_digit(16).and_then(|d| u8::try_from(d).ok());
    let hb = hex.as_bytes();
    if hb.len() == 6 && hb.iter().all(u8::is_ascii_hexdigit) {
        let byte = |i: usize| Some(nib(*hb.get(i)?)? * 16 + nib(*hb.get(i + 1)?)?);
        return Some(Rgb(byte(0)?, byte(2)?, byte(4)?));
    }
    if hb.len() == 3 && v.starts_with('#') && hb.iter().all(u8::is_ascii_hexdigit) {
        let d = |i: usize| Some(nib(*hb.get(i)?)? * 17);
        return Some(Rgb(d(0)?, d(1)?, d(2)?));
    }
    const NAMED: &[(&str, Rgb)] = &[
        ("white", Rgb(255, 255, 255)),
        ("black", Rgb(0, 0, 0)),
        ("red", Rgb(255, 0, 0)),
        ("lime", Rgb(0, 255, 0)),
        ("green", Rgb(0, 128, 0)),
        ("blue", Rgb(0, 0, 255)),
        ("yellow", Rgb(255, 255, 0)),
        ("cyan", Rgb(0, 255, 255)),
        ("aqua", Rgb(0, 255, 255)),
        ("magenta", Rgb(255, 0, 255)),
        ("fuchsia", Rgb(255, 0, 255)),
        ("gray", Rgb(128, 128, 128)),
        ("grey", Rgb(128, 128, 128)),
        ("silver", Rgb(192, 192, 192)),
        ("maroon", Rgb(128, 0, 0)),
        ("olive", Rgb(128, 128, 0)),
        ("teal", Rgb(0, 128, 128)),
        ("navy", Rgb(0, 0, 128)),
        ("purple", Rgb(128, 0, 128)),
        ("orange", Rgb(255, 165, 0)),
    ];
    NAMED
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(v))
        .map(|(_, c)| *c)
}

/// Bytes that interrupt a plain text run: line breaks, tag and block starts, references.
const fn special_table() -> [bool; 256] {
    let mut t = [false; 256];
    t[b'\n' as usize] = true;
    t[b'\r' as usize] = true;
    t[b'<' as usize] = true;
    t[b'{' as usize] = true;
    t[b'&' as usize] = true;
    t
}
static SPECIAL: [bool; 256] = special_table();

/// Turns a cue's raw text (its lines with their original line endings between them, none after
/// the last) into rich text: a `Text` run per stretch of text, `LineBreak` for each `\n`, `\r\n` or
/// `\r`, `Tag` for each HTML-like tag and (SRT) `{\…}` block. Markup that is not closed within
/// the cue is reported, and kept.
pub fn parse_inline(text: &str, dialect: Dialect) -> (RichText, Vec<MarkupProblem>) {
    parse_inline_at(text, dialect, None, None)
}

/// `parse_inline` of `source[range]` (a cue's text inside its track's decoded source), with text
/// runs that share the source instead of copying it (see `model::Text`): a reader's cue text costs
/// no allocation of its own. Runs that are not a plain stretch of the source (text with a WebVTT
/// character reference resolved) are owned.
pub fn parse_inline_in(
    source: &Arc<String>,
    range: Range<usize>,
    dialect: Dialect,
) -> (RichText, Vec<MarkupProblem>) {
    let text = source.get(range.clone()).unwrap_or("");
    let at = InSource {
        source,
        offset: range.start,
    };
    parse_inline_at(text, dialect, Some(at), None)
}

/// `parse_inline_in` for a reader that shares equal tags between cues (`Shared`): a tag whose
/// exact text was seen before is the earlier cue's `Arc`, found before it is parsed again — a
/// tag's text alone decides what it parses to (`parse_tag_named`, `ass_tags::parse_block`).
pub(crate) fn parse_inline_shared(
    source: &Arc<String>,
    range: Range<usize>,
    dialect: Dialect,
    tags: &mut Shared<Tag>,
) -> (RichText, Vec<MarkupProblem>) {
    let text = source.get(range.clone()).unwrap_or("");
    let at = InSource {
        source,
        offset: range.start,
    };
    parse_inline_at(text, dialect, Some(at), Some(tags))
}

/// Where a text being parsed lies in its track's source, so its runs can share the source.
#[derive(Clone, Copy)]
struct InSource<'a> {
    source: &'a Arc<String>,
    offset: usize,
}

/// The run `text[from..to]`: shared with the source when the text lies in one, else a copy.
fn run(at: Option<InSource>, text: &str, from: usize, to: usize) -> Text {
    match at {
        Some(s) => Text::shared(s.source, s.offset + from..s.offset + to),
        None => Text::from(text.get(from..to).unwrap_or("")),
    }
}

fn parse_inline_at(
    text: &str,
    dialect: Dialect,
    at: Option<InSource>,
    tags: Option<&mut Shared<Tag>>,
) -> (RichText, Vec<MarkupProblem>) {
    let b = text.as_bytes();
    // Most cues have no markup: split them with word-at-a-time searches, and give the Vec its
    // exact capacity (n breaks → 2n + 1 inlines) so no slack stays behind in files with hundreds
    // of thousands of cues.
    let (m1, m2) = match dialect {
        Dialect::Srt => (b'<', b'{'),
        Dialect::Vtt => (b'<', b'&'),
    };
    if let Some(plain) = plain_short(text, at, m1, m2) {
        return (plain, Vec::new());
    }
    if !scan::contains_either(b, m1, m2) {
        return (plain_lines(text, at), Vec::new());
    }
    let mut p = InlineParser {
        text,
        at,
        dialect,
        out: Vec::with_capacity(inline_capacity(b)),
        pending: String::new(),
        open: OpenTags::default(),
        seg: 0,
        tags,
    };
    let mut i = 0;
    while i < b.len() {
        let Some(&c) = b.get(i) else { break };
        i = if SPECIAL[usize::from(c)] {
            p.special(c, i)
        } else {
            i + 1
        };
    }
    let mut out = p.out;
    flush(&mut out, &mut p.pending, (at, text), p.seg, text.len());
    let problems = p.open.problems(text);
    if out.len() < out.capacity() {
        out.shrink_to_fit();
    }
    (RichText::new(out), problems)
}

/// An upper bound of the inlines `text` gives: two per line break or markup byte, plus one.
fn inline_capacity(b: &[u8]) -> usize {
    let (mut breaks, mut markup) = (0, 0);
    for (i, &c) in b.iter().enumerate() {
        if SPECIAL[usize::from(c)] {
            match c {
                b'\n' => breaks += 1,
                b'\r' => breaks += usize::from(b.get(i + 1) != Some(&b'\n')),
                _ => markup += 1,
            }
        }
    }
    2 * (breaks + markup) + 1
}

/// `parse_inline` at work: the inlines so far, text not yet flushed, the tags still open, and
/// where the current stretch of plain text started (`seg`).
struct InlineParser<'a, 't> {
    text: &'a str,
    at: Option<InSource<'a>>,
    dialect: Dialect,
    out: Vec<Inline>,
    pending: String,
    open: OpenTags,
    seg: usize,
    /// The reader's table of shared tags, when it has one.
    tags: Option<&'t mut Shared<Tag>>,
}

impl InlineParser<'_, '_> {
    /// The tag written `raw`, shared with an earlier equal one when the reader keeps a table;
    /// `parse` builds it on first sight.
    fn shared_tag(&mut self, raw: &str, parse: impl FnOnce() -> Tag) -> Inline {
        match self.tags.as_deref_mut() {
            Some(table) => Inline::Tag(table.get_or_make(raw, parse)),
            None => Inline::tag(parse()),
        }
    }

    /// Handles the special byte `c` at `i` and returns where to go on.
    fn special(&mut self, c: u8, i: usize) -> usize {
        let b = self.text.as_bytes();
        match c {
            b'\n' | b'\r' => {
                self.flush_to(i);
                self.out.push(Inline::LineBreak);
                let next = if c == b'\r' && b.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                };
                self.seg = next;
                next
            }
            b'<' => self.html_tag(i),
            b'{' if self.dialect == Dialect::Srt && b.get(i + 1) == Some(&b'\\') => {
                self.ass_block(i)
            }
            b'&' if self.dialect == Dialect::Vtt => self.entity(i),
            _ => i + 1,
        }
    }

    /// Flushes the plain text from `seg` up to `i`.
    fn flush_to(&mut self, i: usize) {
        flush(
            &mut self.out,
            &mut self.pending,
            (self.at, self.text),
            self.seg,
            i,
        );
    }

    /// `<…>` at `i`: a tag when it parses as one (tracked until closed), else plain text.
    fn html_tag(&mut self, i: usize) -> usize {
        let text = self.text;
        let Some((e, raw)) =
            markup_end(text.as_bytes(), i, b'<', b'>').and_then(|e| Some((e, text.get(i..=e)?)))
        else {
            return i + 1;
        };
        // Seen before in this file: shared as it is, with no second parse.
        let known = self.tags.as_deref().and_then(|t| t.get(raw));
        let (inline, name, closing) = match known {
            Some(tag) => match tag_name(raw) {
                Some((name, closing)) => (Inline::Tag(tag), name, closing),
                None => return i + 1,
            },
            None => match parse_tag_named(raw) {
                Some(p) => (self.shared_tag(raw, || p.tag), p.name, p.closing),
                None => return i + 1,
            },
        };
        self.flush_to(i);
        self.open.track(name, closing, i, e + 1 - i);
        self.out.push(inline);
        self.seg = e + 1;
        e + 1
    }

    /// `{\…}` at `i` (SRT): an ASS override block when it is closed, else plain text.
    fn ass_block(&mut self, i: usize) -> usize {
        let text = self.text;
        match markup_end(text.as_bytes(), i, b'{', b'}').and_then(|e| Some((e, text.get(i..=e)?))) {
            Some((e, raw)) => {
                self.flush_to(i);
                let tag = self.shared_tag(raw, || ass_tags::parse_block(raw));
                self.out.push(tag);
                self.seg = e + 1;
                e + 1
            }
            None => i + 1,
        }
    }

    /// `&…;` at `i` (WebVTT): a character reference becomes its character, else plain text.
    fn entity(&mut self, i: usize) -> usize {
        match self.text.get(i..).and_then(entity_at) {
            Some((ch, len)) => {
                self.pending
                    .push_str(self.text.get(self.seg..i).unwrap_or(""));
                self.pending.push(ch);
                self.seg = i + len;
                i + len
            }
            None => i + 1,
        }
    }
}

/// The common cue in one pass: no markup byte (`m1`, `m2`) and at most `MAX` line breaks, found
/// by one search for any of line feed, carriage return and the two markup bytes; the inlines are
/// then built at exact size. `None` (nothing built) for anything else, which the general paths
/// read.
fn plain_short(text: &str, at: Option<InSource>, m1: u8, m2: u8) -> Option<RichText> {
    const MAX: usize = 8;
    let b = text.as_bytes();
    // (start, end) of each line break.
    let mut breaks = [(0usize, 0usize); MAX];
    let mut n = 0;
    let mut from = 0;
    while let Some(p) = scan::find_any4(b, from, [b'\n', b'\r', m1, m2]) {
        let end = match b.get(p) {
            Some(b'\r') if b.get(p + 1) == Some(&b'\n') => p + 2,
            Some(b'\n' | b'\r') => p + 1,
            _ => return None,
        };
        *breaks.get_mut(n)? = (p, end);
        n += 1;
        from = end;
    }
    let breaks = breaks.get(..n)?;
    let mut seg = 0;
    let mut runs = 0;
    for &(p, end) in breaks {
        runs += usize::from(p > seg);
        seg = end;
    }
    runs += usize::from(b.len() > seg);
    let mut out = Vec::with_capacity(runs + n);
    seg = 0;
    for &(p, end) in breaks {
        if p > seg {
            out.push(Inline::Text(run(at, text, seg, p)));
        }
        out.push(Inline::LineBreak);
        seg = end;
    }
    if b.len() > seg {
        out.push(Inline::Text(run(at, text, seg, b.len())));
    }
    Some(RichText::new(out))
}

/// Text with no markup: a run per non-empty line and a break between lines.
fn plain_lines(text: &str, at: Option<InSource>) -> RichText {
    let b = text.as_bytes();
    let mut breaks = 0;
    let mut pos = 0;
    while let Some(p) = scan::find_eol(b, pos) {
        breaks += 1;
        pos = p + if b.get(p..p + 2) == Some(b"\r\n") {
            2
        } else {
            1
        };
    }
    let mut out = Vec::with_capacity(2 * breaks + 1);
    let mut seg = 0;
    while let Some(p) = scan::find_eol(b, seg) {
        if p > seg {
            out.push(Inline::Text(run(at, text, seg, p)));
        }
        out.push(Inline::LineBreak);
        seg = p + if b.get(p..p + 2) == Some(b"\r\n") {
            2
        } else {
            1
        };
    }
    if seg < b.len() {
        out.push(Inline::Text(run(at, text, seg, b.len())));
    }
    RichText::new(out)
}

/// End of a tag or block opened at `i`: the first `close` before any new `open` or line break.
/// Stopping at the next `open` keeps the whole scan linear on text full of stray `<`.
fn markup_end(b: &[u8], i: usize, open: u8, close: u8) -> Option<usize> {
    let rest = b.get(i + 1..)?;
    let p = rest
        .iter()
        .position(|&c| c == close || c == open || c == b'\n' || c == b'\r')?;
    (rest.get(p) == Some(&close)).then_some(i + 1 + p)
}

/// Pushes the text `text[from..to]` after what `pending` holds (text with a character reference
/// resolved) as one run.
fn flush(
    out: &mut Vec<Inline>,
    pending: &mut String,
    (at, text): (Option<InSource>, &str),
    from: usize,
    to: usize,
) {
    if pending.is_empty() {
        if to > from {
            out.push(Inline::Text(run(at, text, from, to)));
        }
    } else {
        pending.push_str(text.get(from..to).unwrap_or(""));
        out.push(Inline::Text(std::mem::take(pending).into()));
    }
}

/// At most this many markup problems are reported per cue: enough to find them, and a cue of
/// thousands of stray tags stays cheap.
const MAX_PROBLEMS: usize = 8;

/// Open tags per name (a stack each, so matching a closing tag is O(1) however many are open),
/// and closing tags that matched nothing; positions only, text is taken for the few reported.
#[derive(Default)]
struct OpenTags {
    stacks: [Vec<(usize, usize)>; NAMES.len()],
    unopened: Vec<(usize, usize)>,
}

impl OpenTags {
    fn track(&mut self, name: &str, closing: bool, at: usize, len: usize) {
        // `<v>` needs no closing tag in WebVTT; timestamps are never closed.
        if name == "v" || name == "timestamp" {
            return;
        }
        let Some(stack) = NAMES
            .iter()
            .position(|n| *n == name)
            .and_then(|k| self.stacks.get_mut(k))
        else {
            return;
        };
        if !closing {
            stack.push((at, len));
        } else if stack.pop().is_none() {
            self.unopened.push((at, len));
        }
    }

    fn problems(self, text: &str) -> Vec<MarkupProblem> {
        let mut all: Vec<(usize, usize, ProblemKind)> = self
            .stacks
            .iter()
            .flatten()
            .map(|&(at, len)| (at, len, ProblemKind::Unclosed))
            .chain(
                self.unopened
                    .iter()
                    .map(|&(at, len)| (at, len, ProblemKind::Unopened)),
            )
            .collect();
        all.sort_by_key(|p| p.0);
        all.truncate(MAX_PROBLEMS);
        all.into_iter()
            .map(|(at, len, kind)| MarkupProblem {
                offset: at,
                raw: text.get(at..at + len).unwrap_or("").to_string(),
                kind,
            })
            .collect()
    }
}

/// A character reference at the start of `s` (`&amp;`, `&#233;`, `&#xE9;` …): the character and
/// the length of the reference.
fn entity_at(s: &str) -> Option<(char, usize)> {
    let semi = s.bytes().take(12).position(|c| c == b';')?;
    let name = s.get(1..semi)?;
    let ch = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "nbsp" => '\u{a0}',
        "lrm" => '\u{200e}',
        "rlm" => '\u{200f}',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse::<u32>().ok()?,
            };
            if code == 0 {
                return None;
            }
            char::from_u32(code)?
        }
    };
    Some((ch, semi + 1))
}

/// Decodes the character references in `s` (for `<v>` annotations).
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        match entity_at(&rest[p..]) {
            Some((ch, len)) => {
                out.push(ch);
                rest = &rest[p + len..];
            }
            None => {
                out.push('&');
                rest = &rest[p + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Appends `text` to `out` escaped for WebVTT cue text: `&`, `<`, `>` always (so a `-->` in
/// dialogue cannot end the cue), and the no-break space as `&nbsp;` (visible in an editor).
/// Direction marks (LRM, RLM) are written as the characters themselves: WebVTT allows the
/// `&lrm;`/`&rlm;` references, but ffmpeg's WebVTT reader drops them and pysubs2 copies the
/// entity text into SRT, so a Persian line would lose its marks on the way to a player.
pub fn escape_vtt_into(text: &str, out: &mut String) {
    let b = text.as_bytes();
    if !scan::contains_either(b, b'&', b'<') && !scan::contains_either(b, b'>', 0xC2) {
        out.push_str(text);
        return;
    }
    let mut seg = 0;
    for (i, ch) in text.char_indices() {
        let rep = match ch {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '\u{a0}' => "&nbsp;",
            _ => continue,
        };
        out.push_str(text.get(seg..i).unwrap_or(""));
        out.push_str(rep);
        seg = i + ch.len_utf8();
    }
    out.push_str(text.get(seg..).unwrap_or(""));
}

/// Line (0-based, counted in line breaks) and 1-based character column of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let prefix = text.get(..offset).unwrap_or(text);
    let b = prefix.as_bytes();
    let mut line = 0u32;
    let mut line_start = 0;
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'\n' || c == b'\r' {
            if c == b'\r' && b.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            line = line.saturating_add(1);
            line_start = i + 1;
        }
        i += 1;
    }
    let last = prefix.get(line_start..).unwrap_or("");
    (line, scan::column(last, last.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn effects(raw: &str) -> Vec<Effect> {
        parse_tag(raw).map(|t| t.effects).unwrap_or_default()
    }

    #[test]
    fn basic_tags_case_insensitive() {
        assert_eq!(effects("<i>"), vec![Effect::Italic(true)]);
        assert_eq!(effects("</I>"), vec![Effect::Italic(false)]);
        assert_eq!(effects("<B>"), vec![Effect::Bold(true)]);
        assert_eq!(effects("</u>"), vec![Effect::Underline(false)]);
        assert_eq!(effects("<s>"), vec![Effect::Strike(true)]);
        let t = parse_tag("<i>").expect("tag");
        assert_eq!(t.syntax, TagSyntax::Html);
        assert_eq!(t.raw, "<i>");
    }

    #[test]
    fn font_colors() {
        assert_eq!(
            effects("<font color=\"#ff8000\">"),
            vec![Effect::Color(Some(Rgb(255, 128, 0)))]
        );
        assert_eq!(
            effects("<FONT COLOR='Yellow'>"),
            vec![Effect::Color(Some(Rgb(255, 255, 0)))]
        );
        assert_eq!(
            effects("<font color=#0f0>"),
            vec![Effect::Color(Some(Rgb(0, 255, 0)))]
        );
        assert_eq!(
            effects("<font face=\"Arial\" size=\"20\">"),
            vec![Effect::Other("font".into())]
        );
        assert_eq!(effects("</font>"), vec![Effect::Color(None)]);
        assert!(parse_tag("<font is nice>").is_none());
    }

    #[test]
    fn vtt_tags() {
        assert_eq!(
            effects("<v Mary Jane>"),
            vec![Effect::Voice(Some("Mary Jane".into()))]
        );
        assert_eq!(
            effects("<v.loud Bob &amp; Co>"),
            vec![Effect::Voice(Some("Bob & Co".into()))]
        );
        assert_eq!(effects("</v>"), vec![Effect::Voice(None)]);
        assert_eq!(
            effects("<c.yellow.bg_blue>"),
            vec![Effect::Class(Some("yellow.bg_blue".into()))]
        );
        assert_eq!(effects("</c>"), vec![Effect::Class(None)]);
        assert_eq!(effects("<lang en-US>"), vec![Effect::Other("lang".into())]);
        assert_eq!(effects("<ruby>"), vec![Effect::Other("ruby".into())]);
        assert_eq!(effects("</rt>"), vec![Effect::Other("/rt".into())]);
        assert_eq!(
            effects("<00:01.500>"),
            vec![Effect::Other("timestamp".into())]
        );
        assert_eq!(
            effects("<01:00:01.500>"),
            vec![Effect::Other("timestamp".into())]
        );
    }

    #[test]
    fn implausible_tags_are_text() {
        for raw in [
            "<Sigh>",
            "< i>",
            "<i am>",
            "<>",
            "<1>",
            "<00:01.5x>",
            "<c.>",
            "<i",
            "<3",
        ] {
            assert!(parse_tag(raw).is_none(), "{raw}");
        }
    }

    #[test]
    fn inline_plain_and_breaks() {
        let (rt, probs) = parse_inline("  Hello \r\nworld\rx\n\ny", Dialect::Srt);
        assert!(probs.is_empty());
        assert_eq!(
            rt.inlines().to_vec(),
            vec![
                Inline::Text("  Hello ".into()),
                Inline::LineBreak,
                Inline::Text("world".into()),
                Inline::LineBreak,
                Inline::Text("x".into()),
                Inline::LineBreak,
                Inline::LineBreak,
                Inline::Text("y".into()),
            ]
        );
    }

    #[test]
    fn inline_tags_blocks_and_literals() {
        let (rt, probs) = parse_inline("{\\an8}<i>a < b</i> {laugh} <Sigh>", Dialect::Srt);
        assert!(probs.is_empty());
        let kinds: Vec<String> = rt
            .iter()
            .map(|i| match &*i {
                Inline::Text(t) => format!("T:{t}"),
                Inline::Tag(t) => format!("{:?}:{}", t.syntax, t.raw),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(
            kinds,
            vec![
                "Ass:{\\an8}",
                "Html:<i>",
                "T:a < b",
                "Html:</i>",
                "T: {laugh} <Sigh>"
            ]
        );
        // In WebVTT `{\an8}` is text and references are decoded.
        let (rt, _) = parse_inline(
            "{\\an8}Tom &amp; Jerry&nbsp;&lt;3 &bogus; &#x4E2D;",
            Dialect::Vtt,
        );
        assert_eq!(
            rt.inlines().to_vec(),
            vec![Inline::Text("{\\an8}Tom & Jerry\u{a0}<3 &bogus; 中".into())]
        );
        // In SRT `&amp;` stays as written.
        let (rt, _) = parse_inline("Tom &amp; Jerry", Dialect::Srt);
        assert_eq!(rt.to_plain(), "Tom &amp; Jerry");
    }

    #[test]
    fn unclosed_and_unopened_markup() {
        let (rt, probs) = parse_inline("<i>Hello\nworld", Dialect::Srt);
        assert_eq!(rt.to_plain(), "Hello\nworld");
        assert_eq!(
            probs,
            vec![MarkupProblem {
                offset: 0,
                raw: "<i>".into(),
                kind: ProblemKind::Unclosed
            }]
        );
        let (_, probs) = parse_inline("ok\nthen</b>", Dialect::Srt);
        assert_eq!(probs.len(), 1);
        assert_eq!(probs[0].kind, ProblemKind::Unopened);
        assert_eq!(line_col("ok\nthen</b>", probs[0].offset), (1, 5));
        // <v> needs no closing tag in WebVTT.
        let (_, probs) = parse_inline("<v Bob>Hi <i>there</i>", Dialect::Vtt);
        assert!(probs.is_empty());
    }

    #[test]
    fn many_unbalanced_tags_are_linear_and_capped() {
        let text = format!("{}{}", "<i>".repeat(60_000), "</b>".repeat(60_000));
        let (rt, probs) = parse_inline(&text, Dialect::Srt);
        assert_eq!(rt.len(), 120_000);
        assert_eq!(probs.len(), MAX_PROBLEMS);
        assert!(
            probs
                .iter()
                .all(|p| p.kind == ProblemKind::Unclosed && p.raw == "<i>")
        );
    }

    #[test]
    fn escaping() {
        let mut s = String::new();
        escape_vtt_into("a --> b & <c>\u{a0}\u{200f}é", &mut s);
        // Direction marks stay characters (ffmpeg drops `&rlm;`, pysubs2 copies it into SRT).
        assert_eq!(s, "a --&gt; b &amp; &lt;c&gt;&nbsp;\u{200f}é");
    }

    #[test]
    fn many_angle_brackets_are_linear() {
        let text = "<".repeat(200_000);
        let (rt, _) = parse_inline(&text, Dialect::Srt);
        assert_eq!(rt.to_plain().len(), 200_000);
        let text = "{\\".repeat(100_000);
        let (rt, _) = parse_inline(&text, Dialect::Srt);
        assert_eq!(rt.to_plain().len(), 200_000);
    }
}
