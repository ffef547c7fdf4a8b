//! XLIFF export: the document translators receive (`export`, `export_with_files`), one unit per
//! segment with its notes, and segment text → XLIFF inline content (`to_inline`), which import
//! also uses to compare sources.

use std::collections::HashMap;

use super::{EPISODE_NOTE, ExportUnit, NAMESPACE, Reorder, reorder_hints, unit_id};
use crate::translate::backends::placeholder_html::{TagKind, tag_kind};
use crate::translate::segment::{CodeInfo, CodeKind, CodeRole, placeholders, unescape_text};
use crate::xml;

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
    let codes = &seg.context.codes;
    let known: Vec<&CodeInfo> = placeholders(&seg.text)
        .iter()
        .filter_map(|p| codes.iter().find(|c| c.id == p.id()))
        .collect();
    if !known.is_empty() {
        out.push_str("      <originalData>\n");
        for c in known {
            out.push_str(&format!(
                "        <data id=\"d{}\">{}</data>\n",
                c.id,
                xml::text(&c.data)
            ));
        }
        out.push_str("      </originalData>\n");
    }
    out.push_str("      <segment>\n        <source>");
    out.push_str(&to_inline(&seg.text, codes));
    out.push_str("</source>\n        <target/>\n      </segment>\n    </unit>\n");
}

/// Longest placeholder tag recognised (`<x id="999999999"/>` is 20 bytes).
const MAX_TAG_BYTES: usize = 64;

/// The attributes every code subloc writes shares: what it is (XLIFF 2.1 core `type="fmt"` and
/// the `subType` values the core defines for it: `xlf:b`, `xlf:i`, `xlf:u`, `xlf:lb`), and that
/// it must stay exactly once (`canCopy`/`canDelete="no"`: a missing or doubled code is refused
/// on import).
fn code_attrs(kind: Option<CodeKind>) -> String {
    let sub = match kind {
        Some(CodeKind::Bold) => Some("xlf:b"),
        Some(CodeKind::Italic) => Some("xlf:i"),
        Some(CodeKind::Underline) => Some("xlf:u"),
        Some(CodeKind::LineBreak) => Some("xlf:lb"),
        _ => None,
    };
    let mut out = String::new();
    match sub {
        Some(s) => out.push_str(&format!(" type=\"fmt\" subType=\"{s}\"")),
        None if kind.is_some() => out.push_str(" type=\"fmt\""),
        None => {}
    }
    out.push_str(" canCopy=\"no\" canDelete=\"no\"");
    out
}

/// Segment text → XLIFF inline content. A pair of placeholders `codes` describes as opening and
/// closing one span becomes `<pc>` around the span's content (XLIFF 2.1 core: the code for a
/// well-formed span, whose `canOverlap` defaults to `no`); any other
/// markup placeholder is a standalone `<ph>`, and runs of them keep their order
/// (`canReorder="firstNo"`/`"no"`, see `reorder_hints`). Codes point at their original markup in
/// the unit's `<originalData>` (`dataRef`, `dataRefStart`/`dataRefEnd`). A placeholder `codes`
/// does not describe is a bare `<ph>`.
pub(super) fn to_inline(text: &str, codes: &[CodeInfo]) -> String {
    let code = |id: u32| codes.iter().find(|c| c.id == id);
    let hints = reorder_hints(text, codes);
    let mut out = String::with_capacity(text.len() + 32);
    let mut run = String::new();
    let mut open_g = false;
    // Open `<pc>`s: the placeholder id that closes each.
    let mut open_pc: Vec<u32> = Vec::new();
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
                let n = numeric(id).unwrap_or(0);
                let c = code(n);
                match c.map(|c| c.role) {
                    Some(CodeRole::Open { close }) if !open_g => {
                        out.push_str(&format!(
                            "<pc id=\"{n}\" dataRefStart=\"d{n}\" dataRefEnd=\"d{close}\"{}>",
                            code_attrs(c.map(|c| c.kind))
                        ));
                        open_pc.push(close);
                    }
                    Some(CodeRole::Close { .. }) if open_pc.last() == Some(&n) && !open_g => {
                        out.push_str("</pc>");
                        open_pc.pop();
                    }
                    _ => {
                        let data = c.map(|_| format!(" dataRef=\"d{n}\"")).unwrap_or_default();
                        let reorder = match hints.get(&n) {
                            Some(Reorder::FirstNo) => " canReorder=\"firstNo\"",
                            Some(Reorder::No) => " canReorder=\"no\"",
                            None => "",
                        };
                        out.push_str(&format!(
                            "<ph id=\"{n}\"{data}{}{reorder}/>",
                            code_attrs(c.map(|c| c.kind))
                        ));
                    }
                }
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
    for _ in open_pc {
        out.push_str("</pc>");
    }
    out
}
