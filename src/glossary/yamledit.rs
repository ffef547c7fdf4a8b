//! Surgical edits of `glossary.yaml` text: change one target entry, add one, or append a term,
//! touching only the lines concerned so comments, blank lines and key order survive.
//!
//! serde-saphyr cannot write comments back, so merging review decisions or imports works on the
//! text: the value positions come from the spanned parse (`load::RawGlossary`), replacements
//! keep each scalar on its line, and new keys take the indentation of their neighbours (after
//! `status:` in a block entry, inside the braces of a flow entry; a reviewer's comment goes at
//! the end of the entry's `comments` list, which is created when the entry has none). Whatever
//! does not fit those
//! shapes (a value written as a block scalar or through an alias, a flow-style `targets`, an empty
//! `terms: []`) is an `EditError`, and the caller refuses that change instead of guessing.

use std::ops::Range;

use super::lint::valid_date;
use super::raw::{RawGlossary, RawTarget, RawTerm};
use super::schema::Status;
use crate::yaml::{Spanned, byte_range};

/// Why an edit cannot be made in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditError {
    /// The value is a block scalar (`|` or `>`) or spans lines.
    BlockScalar,
    /// The value comes from an anchor/alias or its position is unknown.
    Alias,
    /// The surrounding layout is not one the editor writes into (flow `targets`, `terms: []`, …).
    Layout,
}

impl EditError {
    /// Stable id for messages.
    pub fn id(self) -> &'static str {
        match self {
            EditError::BlockScalar => "block-scalar",
            EditError::Alias => "alias",
            EditError::Layout => "layout",
        }
    }
}

/// Quotes `s` as a YAML scalar that is valid in block and flow context: plain when that reads
/// back as the same string, double-quoted otherwise.
pub(crate) fn quote_scalar(s: &str) -> String {
    if plain_is_safe(s) {
        s.to_string()
    } else {
        double_quoted(s)
    }
}

fn plain_is_safe(s: &str) -> bool {
    if valid_date(s) {
        return true;
    }
    let Some(first) = s.chars().next() else {
        return false;
    };
    let lower = s.to_ascii_lowercase();
    s.trim() == s
        && !"-?:,[]{}#&*!|>'\"%@`".contains(first)
        && !first.is_ascii_digit()
        && !matches!(first, '.' | '+')
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.chars().any(|c| {
            matches!(
                c,
                ',' | '['
                    | ']'
                    | '{'
                    | '}'
                    | '\u{85}'
                    | '\u{2028}'
                    | '\u{2029}'
                    | '\u{feff}'
                    | '\u{fffe}'
                    | '\u{ffff}'
            ) || c.is_control()
        })
        && !matches!(
            lower.as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | "y" | "n"
        )
}

fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The file's line terminator (the first one found; LF when there is none).
pub(crate) fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes().get(i - 1) == Some(&b'\r') => "\r\n",
        _ => "\n",
    }
}

/// New values for an existing entry; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub(crate) struct EntryUpdate<'a> {
    pub text: Option<&'a str>,
    pub status: Option<Status>,
    pub reviewer: Option<&'a str>,
    pub updated: Option<&'a str>,
    /// A comment to add after the entry's existing ones.
    pub comment: Option<&'a NewComment>,
}

/// A reviewer's comment to record on an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NewComment {
    pub reviewer: String,
    pub date: String,
    pub text: String,
}

impl NewComment {
    /// The comment as a one-line flow mapping.
    fn flow(&self) -> String {
        format!(
            "{{reviewer: {}, date: {}, text: {}}}",
            quote_scalar(&self.reviewer),
            quote_scalar(&self.date),
            quote_scalar(&self.text)
        )
    }
}

/// A target entry to write.
#[derive(Debug, Clone)]
pub(crate) struct NewEntry {
    pub text: Option<String>,
    pub variants: Vec<String>,
    pub forbidden: Vec<String>,
    pub status: Status,
    pub reviewer: Option<String>,
    pub updated: Option<String>,
    pub comment: Option<NewComment>,
}

impl NewEntry {
    /// The entry as a one-line flow mapping.
    fn flow(&self) -> String {
        let mut parts = Vec::new();
        if let Some(t) = &self.text {
            parts.push(format!("text: {}", quote_scalar(t)));
        }
        let list = |v: &[String]| {
            let items: Vec<String> = v.iter().map(|s| quote_scalar(s)).collect();
            format!("[{}]", items.join(", "))
        };
        if !self.variants.is_empty() {
            parts.push(format!("variants: {}", list(&self.variants)));
        }
        if !self.forbidden.is_empty() {
            parts.push(format!("forbidden: {}", list(&self.forbidden)));
        }
        parts.push(format!("status: {}", self.status.name()));
        if let Some(r) = &self.reviewer {
            parts.push(format!("reviewer: {}", quote_scalar(r)));
        }
        if let Some(u) = &self.updated {
            parts.push(format!("updated: {}", quote_scalar(u)));
        }
        if let Some(c) = &self.comment {
            parts.push(format!("comments: [{}]", c.flow()));
        }
        format!("{{{}}}", parts.join(", "))
    }
}

/// A term to append.
#[derive(Debug, Clone)]
pub(crate) struct NewTerm {
    pub id: String,
    pub source: String,
    pub variants: Vec<String>,
    pub kind: &'static str,
    pub note: Option<String>,
    pub targets: Vec<(String, NewEntry)>,
}

/// Pending replacements in one text, applied together: edits of several entries computed on one
/// parse can be merged (`glossary apply` does so for a whole review sheet at once).
pub(crate) struct Edits<'t> {
    text: &'t str,
    edits: Vec<(Range<usize>, String)>,
}

impl<'t> Edits<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        Edits {
            text,
            edits: Vec::new(),
        }
    }

    fn replace(&mut self, r: Range<usize>, with: String) {
        self.edits.push((r, with));
    }

    fn insert(&mut self, at: usize, with: String) {
        self.edits.push((at..at, with));
    }

    /// The text with every edit made; overlapping edits are a `Layout` error.
    pub(crate) fn finish(mut self) -> Result<String, EditError> {
        // Stable sort: insertions at one point keep the order they were made in.
        self.edits.sort_by_key(|(r, _)| r.start);
        let mut out = String::with_capacity(self.text.len() + 64);
        let mut pos = 0;
        for (r, with) in &self.edits {
            if r.start < pos || r.end < r.start {
                return Err(EditError::Layout);
            }
            out.push_str(self.text.get(pos..r.start).ok_or(EditError::Layout)?);
            out.push_str(with);
            pos = r.end;
        }
        out.push_str(self.text.get(pos..).ok_or(EditError::Layout)?);
        Ok(out)
    }
}

/// The byte range of a scalar that can be replaced in place.
fn scalar_range(text: &str, v: &Spanned<String>) -> Result<Range<usize>, EditError> {
    let r = byte_range(v).ok_or(EditError::Alias)?;
    let slice = text.get(r.clone()).ok_or(EditError::Alias)?;
    if slice.is_empty() || slice.contains('\n') || slice.starts_with(['|', '>']) {
        return Err(EditError::BlockScalar);
    }
    Ok(r)
}

fn line_start(text: &str, at: usize) -> usize {
    text.get(..at)
        .and_then(|h| h.rfind('\n'))
        .map_or(0, |i| i + 1)
}

/// Position of the terminator of the line containing `at` (or the end of the text).
fn line_end(text: &str, at: usize) -> usize {
    let end = text
        .get(at..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| at + i);
    if end > 0 && text.as_bytes().get(end - 1) == Some(&b'\r') && end < text.len() {
        end - 1
    } else {
        end
    }
}

/// Number of leading spaces of the line starting at `start`.
fn indent_at(text: &str, start: usize) -> usize {
    text.get(start..)
        .map_or(0, |l| l.len() - l.trim_start_matches(' ').len())
}

/// End (before the terminator) of the block that starts on the line containing `at` and goes on
/// while lines are indented deeper than `indent` (blank and comment lines inside are skipped).
fn block_end(text: &str, at: usize, indent: usize) -> usize {
    let mut end = line_end(text, at);
    let mut pos = text
        .get(end..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| end + i + 1);
    while pos < text.len() {
        let le = line_end(text, pos);
        let line = text.get(pos..le).unwrap_or("");
        let trimmed = line.trim_start_matches(' ');
        let next = text
            .get(le..)
            .and_then(|t| t.find('\n'))
            .map_or(text.len(), |i| le + i + 1);
        if trimmed.is_empty() || trimmed.starts_with('#') {
            pos = next;
            continue;
        }
        if line.len() - trimmed.len() > indent {
            end = le;
            pos = next;
            continue;
        }
        break;
    }
    end
}

enum Style {
    /// Flow mapping; the position just after its `{`.
    Flow(usize),
    Block,
}

/// How the value after the mapping key `key` is written.
fn value_style(text: &str, key: &Spanned<String>) -> Result<Style, EditError> {
    let r = byte_range(key).ok_or(EditError::Alias)?;
    let rest = text.get(r.end..).ok_or(EditError::Layout)?;
    let after_colon = rest
        .trim_start_matches([' ', '\t'])
        .strip_prefix(':')
        .ok_or(EditError::Layout)?;
    let value = after_colon.trim_start_matches([' ', '\t']);
    if value.starts_with('{') {
        let open = text.len() - value.len();
        Ok(Style::Flow(open + 1))
    } else if value.starts_with(['\n', '\r', '#']) || value.is_empty() {
        Ok(Style::Block)
    } else {
        Err(EditError::Layout)
    }
}

/// Applies `u` to entry `entry` of term `term`. `raw` is the parse of `text`. (`glossary apply`
/// merges several with [`push_update_entry`]; this one-edit form is what the tests exercise.)
#[cfg(test)]
pub(crate) fn update_entry(
    text: &str,
    raw: &RawGlossary,
    term: usize,
    entry: usize,
    u: &EntryUpdate<'_>,
) -> Result<String, EditError> {
    let mut edits = Edits::new(text);
    push_update_entry(&mut edits, raw, term, entry, u)?;
    edits.finish()
}

/// [`update_entry`] as pending edits of `edits.text`.
pub(crate) fn push_update_entry(
    edits: &mut Edits<'_>,
    raw: &RawGlossary,
    term: usize,
    entry: usize,
    u: &EntryUpdate<'_>,
) -> Result<(), EditError> {
    let text = edits.text;
    let t = raw.terms().get(term).ok_or(EditError::Layout)?;
    let (key, e) = t.value.targets().get(entry).ok_or(EditError::Layout)?;
    let e = &e.value;
    let nl = line_ending(text);
    let style = value_style(text, key)?;
    let status_range = scalar_range(text, &e.status)?;
    // Block layout: new keys go on their own line after `status:` at its indentation.
    let status_line = line_start(text, status_range.start);
    let indent = indent_at(text, status_line);
    if let Style::Block = style {
        let line = text.get(status_line..status_range.start).unwrap_or("");
        if !line.trim_start().starts_with("status") {
            return Err(EditError::Layout);
        }
    }
    let pad = " ".repeat(indent);
    if let Some(new_text) = u.text {
        let q = quote_scalar(new_text);
        match (&e.text, &style) {
            (Some(old), _) => edits.replace(scalar_range(text, old)?, q),
            (None, Style::Flow(open)) => edits.insert(*open, format!("text: {q}, ")),
            (None, Style::Block) => edits.insert(status_line, format!("{pad}text: {q}{nl}")),
        }
    }
    if let Some(s) = u.status {
        edits.replace(status_range.clone(), s.name().to_string());
    }
    let after_status = line_end(text, status_range.end);
    let fields = [
        ("reviewer", u.reviewer, &e.reviewer),
        ("updated", u.updated, &e.updated),
    ];
    for (name, value, old) in fields {
        let Some(value) = value else { continue };
        let q = quote_scalar(value);
        match (old, &style) {
            (Some(old), _) => edits.replace(scalar_range(text, old)?, q),
            (None, Style::Flow(_)) => edits.insert(status_range.end, format!(", {name}: {q}")),
            (None, Style::Block) => edits.insert(after_status, format!("{nl}{pad}{name}: {q}")),
        }
    }
    if let Some(c) = u.comment {
        push_comment(edits, key, e, &style, &pad, c)?;
    }
    Ok(())
}

/// Adds `c` after the last comment of the entry at `key` (`e`), creating its `comments` list
/// when there is none: inside the braces of a flow entry, on new lines at the end of a block
/// entry (`pad` is the indentation of its keys).
fn push_comment(
    edits: &mut Edits<'_>,
    key: &Spanned<String>,
    e: &RawTarget,
    style: &Style,
    pad: &str,
    c: &NewComment,
) -> Result<(), EditError> {
    let text = edits.text;
    let nl = line_ending(text);
    let item = c.flow();
    match (&e.comments, style) {
        (None, Style::Flow(open)) => {
            let close = flow_close(text, open - 1).ok_or(EditError::Layout)?;
            edits.insert(close, format!(", comments: [{item}]"));
        }
        (None, Style::Block) => {
            let k = byte_range(key).ok_or(EditError::Alias)?;
            let key_indent = k.start - line_start(text, k.start);
            let end = block_end(text, k.start, key_indent);
            edits.insert(end, format!("{nl}{pad}comments:{nl}{pad}  - {item}"));
        }
        (Some(list), _) => {
            let at = byte_range(list).ok_or(EditError::Alias)?;
            if text.get(at.start..).is_some_and(|t| t.starts_with('[')) {
                let close = flow_close(text, at.start).ok_or(EditError::Layout)?;
                let sep = if list.value.is_empty() { "" } else { ", " };
                edits.insert(close, format!("{sep}{item}"));
            } else {
                // A block sequence: after the last item, at its dash's indentation.
                let last = list.value.last().ok_or(EditError::Layout)?;
                let l = byte_range(last).ok_or(EditError::Alias)?;
                let ls = line_start(text, l.start);
                let dash = indent_at(text, ls);
                if text.get(ls + dash..).is_none_or(|t| !t.starts_with('-')) {
                    return Err(EditError::Layout);
                }
                let end = block_end(text, l.start, dash);
                edits.insert(end, format!("{nl}{}- {item}", " ".repeat(dash)));
            }
        }
    }
    Ok(())
}

/// Position of the bracket closing the flow collection opened at `open` (`{` or `[`), skipping
/// quoted scalars and nested collections; `None` when the text ends first. A quote opens a
/// scalar only where a scalar can start (after `{`, `[`, `,` or `:`): `it's` is plain text.
fn flow_close(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut prev = '{';
    let mut chars = text.get(open..)?.char_indices().peekable();
    while let Some((i, ch)) = chars.next() {
        match (quote, ch) {
            (Some('"'), '\\') => {
                chars.next();
            }
            (Some('\''), '\'') if chars.peek().is_some_and(|(_, n)| *n == '\'') => {
                chars.next();
            }
            (Some(q), c) if c == q => {
                quote = None;
                prev = c;
            }
            (Some(_), _) => {}
            (None, '"' | '\'') if matches!(prev, '{' | '[' | ',' | ':') => quote = Some(ch),
            (None, '{' | '[') => {
                depth += 1;
                prev = ch;
            }
            (None, '}' | ']') => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(open + i);
                }
                prev = ch;
            }
            (None, c) if !c.is_whitespace() => prev = c,
            _ => {}
        }
    }
    None
}

/// Adds an entry for `lang` to term `term` (which has none), after its last entry.
pub(crate) fn add_entry(
    text: &str,
    raw: &RawGlossary,
    term: usize,
    lang: &str,
    entry: &NewEntry,
) -> Result<String, EditError> {
    let mut edits = Edits::new(text);
    push_add_entry(&mut edits, raw, term, lang, entry)?;
    edits.finish()
}

/// [`add_entry`] as pending edits of `edits.text`.
pub(crate) fn push_add_entry(
    edits: &mut Edits<'_>,
    raw: &RawGlossary,
    term: usize,
    lang: &str,
    entry: &NewEntry,
) -> Result<(), EditError> {
    let text = edits.text;
    let t = raw.terms().get(term).ok_or(EditError::Layout)?;
    let nl = line_ending(text);
    let line = format!("{}: {}", quote_scalar(lang), entry.flow());
    match &t.value.targets {
        Some(targets) => {
            let (last_key, _) = targets.value.0.last().ok_or(EditError::Layout)?;
            let (first_key, _) = targets.value.0.first().ok_or(EditError::Layout)?;
            let first = byte_range(first_key).ok_or(EditError::Alias)?;
            let map_start = byte_range(targets).ok_or(EditError::Alias)?;
            if text
                .get(map_start.start..)
                .is_some_and(|s| s.starts_with('{'))
            {
                return Err(EditError::Layout);
            }
            let indent = indent_at(text, line_start(text, first.start));
            if indent != first.start - line_start(text, first.start) {
                return Err(EditError::Layout);
            }
            let last = byte_range(last_key).ok_or(EditError::Alias)?;
            let end = block_end(text, last.start, indent);
            edits.insert(end, format!("{nl}{}{line}", " ".repeat(indent)));
        }
        None => {
            let (start, key_indent) = term_start(text, t)?;
            let end = block_end(text, start, key_indent.saturating_sub(1));
            let pad = " ".repeat(key_indent);
            edits.insert(end, format!("{nl}{pad}targets:{nl}{pad}  {line}"));
        }
    }
    Ok(())
}

/// Byte offset and key indentation of a term's first key (`- id: …` → the `i`).
fn term_start(text: &str, t: &Spanned<RawTerm>) -> Result<(usize, usize), EditError> {
    let r = byte_range(t).ok_or(EditError::Alias)?;
    let ls = line_start(text, r.start);
    Ok((r.start, r.start - ls))
}

/// Appends a term after the last one.
pub(crate) fn append_term(
    text: &str,
    raw: &RawGlossary,
    term: &NewTerm,
) -> Result<String, EditError> {
    let mut edits = Edits::new(text);
    push_append_term(&mut edits, raw, term)?;
    edits.finish()
}

/// [`append_term`] as pending edits of `edits.text`. Terms appended to one text land in the
/// order they were pushed, after any edit pushed earlier at the same place.
pub(crate) fn push_append_term(
    edits: &mut Edits<'_>,
    raw: &RawGlossary,
    term: &NewTerm,
) -> Result<(), EditError> {
    let text = edits.text;
    let nl = line_ending(text);
    let last = raw.terms().last().ok_or(EditError::Layout)?;
    let (start, key_indent) = term_start(text, last)?;
    // The dash of `- id:` sits two columns before the key.
    let ls = line_start(text, start);
    let dash = text
        .get(ls..start)
        .and_then(|l| l.rfind('-'))
        .ok_or(EditError::Layout)?;
    if text
        .get(ls..ls + dash)
        .is_some_and(|l| !l.trim().is_empty())
    {
        return Err(EditError::Layout);
    }
    let end = block_end(text, start, dash);
    let pad = " ".repeat(key_indent);
    let mut lines = vec![format!(
        "{}- id: {}",
        " ".repeat(dash),
        quote_scalar(&term.id)
    )];
    lines.push(format!("{pad}source: {}", quote_scalar(&term.source)));
    if !term.variants.is_empty() {
        let v: Vec<String> = term.variants.iter().map(|s| quote_scalar(s)).collect();
        lines.push(format!("{pad}variants: [{}]", v.join(", ")));
    }
    lines.push(format!("{pad}kind: {}", term.kind));
    if let Some(n) = &term.note {
        lines.push(format!("{pad}note: {}", quote_scalar(n)));
    }
    if !term.targets.is_empty() {
        lines.push(format!("{pad}targets:"));
        for (lang, e) in &term.targets {
            lines.push(format!("{pad}  {}: {}", quote_scalar(lang), e.flow()));
        }
    }
    edits.insert(end, format!("{nl}{nl}{}", lines.join(nl)));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::load::parse_raw;

    #[test]
    fn quoting_reads_back_identically() {
        for s in [
            "The Glaze Pact",
            "cloisonné",
            "قلم‌زنی",
            "Mr. Zhao",
            "a: b",
            "x #y",
            "=SUM(A1)",
            "- dash",
            "true",
            "No",
            "123",
            "2026-11-12",
            "[x]",
            "a, b",
            "quote \" and \\ back",
            "line\nbreak",
            " padded ",
            "'single'",
            "tab\there",
            "",
        ] {
            let yaml = format!("a: {}\nb: [{}]\n", quote_scalar(s), quote_scalar(s));
            #[derive(serde::Deserialize)]
            struct T {
                a: String,
                b: Vec<String>,
            }
            let t: T =
                crate::yaml::from_str(&yaml).unwrap_or_else(|e| panic!("{s:?}: {e}\n{yaml}"));
            assert_eq!(t.a, s, "{yaml}");
            assert_eq!(t.b, vec![s.to_string()], "{yaml}");
        }
        assert_eq!(quote_scalar("Helen Wu"), "Helen Wu");
        assert_eq!(quote_scalar("2026-11-12"), "2026-11-12");
    }

    const DOC: &str = "version: 1\nsource: zh-Hans\nterms:\n  # first\n  - id: a\n    source: 甲\n    kind: craft\n    targets:\n      en:\n        text: alpha   # keep me\n        status: proposed\n        note: >-\n          folded\n          note\n      fa: {text: آلفا, status: proposed}\n\n  - id: b\n    source: 乙\n    kind: other\n    note: |\n      literal\n\n      more\n";

    #[test]
    fn block_entry_update_touches_only_its_lines() {
        let raw = parse_raw(DOC).unwrap();
        let u = EntryUpdate {
            text: Some("alpha, corrected"),
            status: Some(Status::Approved),
            reviewer: Some("Helen Wu"),
            updated: Some("2026-12-01"),
            comment: None,
        };
        let out = update_entry(DOC, &raw, 0, 0, &u).unwrap();
        let expected = DOC
            .replace(
                "        text: alpha   # keep me\n        status: proposed\n",
                "        text: \"alpha, corrected\"   # keep me\n        status: approved\n        reviewer: Helen Wu\n        updated: 2026-12-01\n",
            );
        assert_eq!(out, expected);
    }

    #[test]
    fn flow_entry_update_inserts_inside_the_braces() {
        let raw = parse_raw(DOC).unwrap();
        let u = EntryUpdate {
            status: Some(Status::Rejected),
            reviewer: Some("Negin"),
            updated: Some("2026-12-01"),
            ..EntryUpdate::default()
        };
        let out = update_entry(DOC, &raw, 0, 1, &u).unwrap();
        assert!(out.contains(
            "      fa: {text: آلفا, status: rejected, reviewer: Negin, updated: 2026-12-01}\n"
        ));
        assert_eq!(out.lines().count(), DOC.lines().count());
    }

    fn comment(text: &str) -> NewComment {
        NewComment {
            reviewer: "Negin".into(),
            date: "2026-12-01".into(),
            text: text.into(),
        }
    }

    /// The comments of entry `entry` of term `term` after `out` is loaded.
    fn comments_of(out: &str, term: usize, entry: usize) -> Vec<(String, String, String)> {
        let g = crate::glossary::load(out).unwrap_or_else(|e| panic!("{e:?}\n{out}"));
        g.terms[term].targets[entry]
            .comments
            .iter()
            .map(|c| (c.reviewer.clone(), c.date.clone(), c.text.clone()))
            .collect()
    }

    #[test]
    fn comments_are_added_to_flow_and_block_entries_and_appended_after_earlier_ones() {
        let raw = parse_raw(DOC).unwrap();
        let c1 = comment("Use the plural form, as in ep. 3: \"آلفاها\"");
        let with = |c| EntryUpdate {
            comment: Some(c),
            ..EntryUpdate::default()
        };
        // Flow entry: inside its braces, nothing else on the line changes.
        let out = update_entry(DOC, &raw, 0, 1, &with(&c1)).unwrap();
        assert!(out.contains("      fa: {text: آلفا, status: proposed, comments: [{reviewer: Negin, date: 2026-12-01, text: \"Use the plural form, as in ep. 3: \\\"آلفاها\\\"\"}]}\n"), "{out}");
        assert_eq!(out.lines().count(), DOC.lines().count());
        let first = (
            "Negin".to_string(),
            "2026-12-01".to_string(),
            c1.text.clone(),
        );
        assert_eq!(comments_of(&out, 0, 1), vec![first.clone()]);
        // A second comment on the flow list goes after the first.
        let raw2 = parse_raw(&out).unwrap();
        let c2 = comment("it's fine, [really]");
        let out2 = update_entry(&out, &raw2, 0, 1, &with(&c2)).unwrap();
        let second = (
            "Negin".to_string(),
            "2026-12-01".to_string(),
            c2.text.clone(),
        );
        assert_eq!(
            comments_of(&out2, 0, 1),
            vec![first.clone(), second.clone()]
        );
        // Block entry: a `comments:` list after its last line (the folded note), at its keys'
        // indentation, together with a status change.
        let u = EntryUpdate {
            status: Some(Status::Approved),
            reviewer: Some("Helen Wu"),
            updated: Some("2026-12-01"),
            comment: Some(&c1),
            ..EntryUpdate::default()
        };
        let out = update_entry(DOC, &raw, 0, 0, &u).unwrap();
        assert!(
            out.contains("          note\n        comments:\n          - {reviewer: Negin"),
            "{out}"
        );
        assert_eq!(comments_of(&out, 0, 0), vec![first.clone()]);
        assert!(
            out.contains("        note: >-\n          folded\n          note\n"),
            "note kept"
        );
        // ... and a block list gets a new item at its dash's indentation.
        let raw3 = parse_raw(&out).unwrap();
        let out3 = update_entry(&out, &raw3, 0, 0, &with(&c2)).unwrap();
        assert_eq!(comments_of(&out3, 0, 0), vec![first, second]);
        assert!(out3.contains("\n          - {reviewer: Negin, date: 2026-12-01, text: \"it's fine, [really]\"}\n      fa:"), "{out3}");
    }

    #[test]
    fn flow_close_skips_quotes_and_nesting() {
        let t = "{a: \"}\", b: [1, {c: '}'']'}], d: it's}";
        assert_eq!(flow_close(t, 0), Some(t.len() - 1));
        assert_eq!(flow_close("[a, [b]", 0), None);
    }

    #[test]
    fn add_entry_and_targets_and_term() {
        let raw = parse_raw(DOC).unwrap();
        let e = NewEntry {
            text: Some("alif".into()),
            variants: vec![],
            forbidden: vec!["x".into()],
            status: Status::Proposed,
            reviewer: None,
            updated: Some("2026-12-01".into()),
            comment: None,
        };
        let out = add_entry(DOC, &raw, 0, "ar", &e).unwrap();
        assert!(out.contains(
            "      fa: {text: آلفا, status: proposed}\n      ar: {text: alif, forbidden: [x], status: proposed, updated: 2026-12-01}\n\n  - id: b"
        ), "{out}");
        let out = add_entry(DOC, &raw, 1, "en", &e).unwrap();
        assert!(out.ends_with("      more\n    targets:\n      en: {text: alif, forbidden: [x], status: proposed, updated: 2026-12-01}\n"), "{out}");
        let g = crate::glossary::load(&out).unwrap();
        assert_eq!(g.terms[1].targets[0].text.as_deref(), Some("alif"));
        let t = NewTerm {
            id: "c".into(),
            source: "丙".into(),
            variants: vec!["丙丙".into()],
            kind: "other",
            note: Some("from: import".into()),
            targets: vec![("en".into(), e)],
        };
        let out = append_term(DOC, &raw, &t).unwrap();
        let g = crate::glossary::load(&out).unwrap_or_else(|e| panic!("{e:?}\n{out}"));
        assert_eq!(g.terms.len(), 3);
        assert_eq!(g.terms[2].variants, vec!["丙丙".to_string()]);
        assert!(out.starts_with(DOC.trim_end_matches('\n')));
    }

    #[test]
    fn block_scalars_are_refused() {
        let doc = "version: 1\nsource: zh-Hans\nterms:\n  - id: a\n    source: 甲\n    kind: craft\n    targets:\n      en:\n        text: |\n          alpha\n        status: proposed\n";
        let raw = parse_raw(doc).unwrap();
        let u = EntryUpdate {
            text: Some("beta"),
            ..EntryUpdate::default()
        };
        assert_eq!(
            update_entry(doc, &raw, 0, 0, &u),
            Err(EditError::BlockScalar)
        );
    }

    #[test]
    fn crlf_files_get_crlf_lines() {
        let doc = DOC.replace('\n', "\r\n");
        let raw = parse_raw(&doc).unwrap();
        let u = EntryUpdate {
            reviewer: Some("R"),
            ..EntryUpdate::default()
        };
        let out = update_entry(&doc, &raw, 0, 0, &u).unwrap();
        assert!(
            out.contains("status: proposed\r\n        reviewer: R\r\n        note"),
            "{out:?}"
        );
        assert!(!out.replace("\r\n", "").contains('\n'));
    }

    proptest::proptest! {
        #[test]
        fn any_string_quotes_and_reads_back(s in "\\PC{0,16}|[\u{0}-\u{a0}\u{2028}\u{feff}\u{fffe}\u{ffff}:#,'\" -]{0,12}") {
            #[derive(serde::Deserialize)]
            struct T {
                a: String,
                b: Vec<String>,
            }
            let yaml = format!("a: {}\nb: [{}]\n", quote_scalar(&s), quote_scalar(&s));
            let t: T = crate::yaml::from_str(&yaml).map_err(|e| {
                proptest::test_runner::TestCaseError::fail(format!("{s:?}: {e}\n{yaml}"))
            })?;
            proptest::prop_assert_eq!(&t.a, &s);
            proptest::prop_assert_eq!(t.b, vec![s.clone()]);
        }
    }
}
