//! The cheaper form of a fixed glossary term for a provider whose own glossary is synced (issue 14
//! §5, second point): DeepL bills the characters of a `<g id="N">RENDERING</g>` placeholder's
//! content but not its tags ("Usage count and billing in DeepL API", support.deepl.com), so a term
//! whose source form is shorter than its approved rendering (`刺绣` → `embroidery`) costs less
//! sent as the source form, for the synced glossary (the same approved renderings,
//! `pipeline::provider_entries`) to render.
//!
//! The guarantee that the approved rendering comes back is kept by checking, not trusting: a reply
//! is accepted only when each swapped rendering occurs in it, outside any placeholder, exactly as
//! many times as it was swapped, and those occurrences become the `<g>` placeholders again (so the
//! scheduler's placeholder check and restore see what they would have seen). A segment whose
//! reply fails that check — the glossary was not applied, the rendering was inflected or
//! re-cased, it occurs once too often — is sent again in the `<g>` form (`DeeplBackend::run`),
//! which costs that segment more than the plain form but never loses the rendering.
//!
//! A swap is made only where it is both cheaper and checkable: the term's hint gives the source
//! form for exactly this rendering, the source form is shorter, and no rendering of the segment
//! (swapped or kept) is part of another or already occurs in the text.

use crate::translate::TermHint;
use crate::translate::segment::{escape_text, unescape_text};

/// A `<g>` placeholder sent as its source form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Swap {
    pub id: u32,
    /// The rendering as the segment text has it (escaped).
    pub rendering: String,
}

/// A piece of a segment text: markup (a whole tag) or text.
enum Piece<'a> {
    Tag(&'a str),
    Text(&'a str),
}

fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(pos) = rest.find('<') {
        if pos > 0 {
            out.push(Piece::Text(rest.get(..pos).unwrap_or("")));
        }
        let tail = rest.get(pos..).unwrap_or("");
        match tail.find('>') {
            Some(end) => {
                out.push(Piece::Tag(tail.get(..=end).unwrap_or("")));
                rest = tail.get(end + 1..).unwrap_or("");
            }
            None => {
                out.push(Piece::Text(tail));
                rest = "";
            }
        }
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// The id of an opening `<g id="N">` tag.
fn g_open(tag: &str) -> Option<u32> {
    tag.strip_prefix("<g id=\"")?
        .strip_suffix("\">")?
        .parse()
        .ok()
}

/// A `<g>` element of a segment text: its id, its content, and where it starts and ends.
struct Element {
    id: u32,
    content: String,
    start: usize,
    end: usize,
}

fn elements(text: &str) -> Vec<Element> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut open: Option<(u32, usize, String)> = None;
    for p in pieces(text) {
        let len = match p {
            Piece::Tag(t) | Piece::Text(t) => t.len(),
        };
        match (&mut open, p) {
            (None, Piece::Tag(t)) => {
                if let Some(id) = g_open(t) {
                    open = Some((id, offset, String::new()));
                }
            }
            (Some((_, _, content)), Piece::Text(t)) => content.push_str(t),
            (Some(_), Piece::Tag("</g>")) => {
                if let Some((id, start, content)) = open.take() {
                    out.push(Element {
                        id,
                        content,
                        start,
                        end: offset + len,
                    });
                }
            }
            // Anything else inside a `<g>` (not produced by subloc): leave that term alone.
            (Some(_), Piece::Tag(_)) => open = None,
            (None, Piece::Text(_)) => {}
        }
        offset += len;
    }
    out
}

/// Text outside every `<g>` element (what a swapped rendering is counted in).
fn outside_terms(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    for p in pieces(text) {
        match p {
            Piece::Tag(t) if g_open(t).is_some() => depth += 1,
            Piece::Tag("</g>") => depth = depth.saturating_sub(1),
            Piece::Tag(_) => {}
            Piece::Text(t) if depth == 0 => out.push(t),
            Piece::Text(_) => {}
        }
    }
    out
}

fn count_outside(text: &str, needle: &str) -> usize {
    outside_terms(text)
        .iter()
        .map(|t| t.matches(needle).count())
        .sum()
}

/// The segment text with the `<g>` terms worth swapping replaced by their source forms, and the
/// swaps made (none: the text unchanged).
pub fn swap_terms(text: &str, hints: &[TermHint]) -> (String, Vec<Swap>) {
    let found = elements(text);
    let mut chosen: Vec<(&Element, String)> = Vec::new();
    for e in &found {
        let rendering = unescape_text(&e.content);
        let Some(hint) = hints
            .iter()
            .find(|h| h.target.as_deref() == Some(rendering.as_str()))
        else {
            continue;
        };
        let source = hint.source.trim();
        if source.is_empty()
            || rendering.trim().is_empty()
            || source.chars().count() >= rendering.chars().count()
        {
            continue;
        }
        chosen.push((e, escape_text(source)));
    }
    // Checkable only: a rendering that is part of another of the segment's renderings, or that
    // already occurs in the text, could not be counted back.
    chosen.retain(|(e, _)| {
        let r = &e.content;
        !found
            .iter()
            .any(|o| o.content != *r && o.content.contains(r.as_str()))
            && count_outside(text, r) == 0
    });
    if chosen.is_empty() {
        return (text.to_string(), Vec::new());
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut swaps = Vec::new();
    for (e, source) in &chosen {
        out.push_str(text.get(at..e.start).unwrap_or(""));
        out.push_str(source);
        at = e.end;
        swaps.push(Swap {
            id: e.id,
            rendering: e.content.clone(),
        });
    }
    out.push_str(text.get(at..).unwrap_or(""));
    (out, swaps)
}

/// The reply with each swapped rendering put back as its `<g>` placeholder, or `None` when the
/// reply does not hold each rendering exactly as many times as it was swapped.
pub fn restore_terms(reply: &str, swaps: &[Swap]) -> Option<String> {
    if swaps.is_empty() {
        return Some(reply.to_string());
    }
    let mut renderings: Vec<&str> = swaps.iter().map(|s| s.rendering.as_str()).collect();
    renderings.sort_unstable();
    renderings.dedup();
    for r in &renderings {
        let wanted = swaps.iter().filter(|s| s.rendering == *r).count();
        if count_outside(reply, r) != wanted {
            return None;
        }
    }
    // Each occurrence, in reply order, takes the next id swapped for that rendering.
    let mut next: Vec<(&str, std::collections::VecDeque<u32>)> = renderings
        .iter()
        .map(|r| {
            let ids = swaps
                .iter()
                .filter(|s| s.rendering == *r)
                .map(|s| s.id)
                .collect();
            (*r, ids)
        })
        .collect();
    let mut out = String::with_capacity(reply.len() + swaps.len() * 16);
    let mut depth = 0usize;
    for p in pieces(reply) {
        match p {
            Piece::Tag(t) => {
                if g_open(t).is_some() {
                    depth += 1;
                } else if t == "</g>" {
                    depth = depth.saturating_sub(1);
                }
                out.push_str(t);
            }
            Piece::Text(t) if depth > 0 => out.push_str(t),
            Piece::Text(mut t) => {
                // Earliest occurrence of any rendering first (renderings never contain each
                // other: `swap_terms`).
                loop {
                    let hit = next
                        .iter()
                        .enumerate()
                        .filter_map(|(i, (r, _))| t.find(r).map(|at| (at, i)))
                        .min();
                    let Some((at, i)) = hit else {
                        out.push_str(t);
                        break;
                    };
                    let (r, ids) = &mut next[i];
                    let id = ids.pop_front()?;
                    out.push_str(t.get(..at).unwrap_or(""));
                    out.push_str(&format!("<g id=\"{id}\">{r}</g>"));
                    t = t.get(at + r.len()..).unwrap_or("");
                }
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint(source: &str, target: &str) -> TermHint {
        TermHint {
            source: source.into(),
            target: Some(target.into()),
            note: None,
        }
    }

    #[test]
    fn a_shorter_source_form_is_sent_and_its_rendering_placed_back() {
        let text = "她的<g id=\"1\">embroidery</g>很美<x id=\"2\"/>";
        let hints = [hint("刺绣", "embroidery")];
        let (sent, swaps) = swap_terms(text, &hints);
        assert_eq!(sent, "她的刺绣很美<x id=\"2\"/>");
        assert_eq!(
            swaps,
            vec![Swap {
                id: 1,
                rendering: "embroidery".into()
            }]
        );
        let back = restore_terms("Her embroidery is beautiful<x id=\"2\"/>", &swaps);
        assert_eq!(
            back.as_deref(),
            Some("Her <g id=\"1\">embroidery</g> is beautiful<x id=\"2\"/>")
        );
    }

    #[test]
    fn a_reply_without_the_exact_rendering_is_refused() {
        let swaps = vec![Swap {
            id: 1,
            rendering: "embroidery".into(),
        }];
        // Not applied, re-cased, or twice: the `<g>` form must be sent instead.
        assert_eq!(restore_terms("Her needlework is beautiful", &swaps), None);
        assert_eq!(restore_terms("Embroidery is beautiful", &swaps), None);
        assert_eq!(restore_terms("embroidery, embroidery", &swaps), None);
        // Inside another placeholder does not count.
        assert_eq!(restore_terms("<g id=\"2\">embroidery</g>", &swaps), None);
    }

    #[test]
    fn only_cheaper_and_checkable_terms_are_swapped() {
        // Longer source form (en → fa): kept as a placeholder.
        let text = "<g id=\"1\">دوشس</g> says hi";
        assert!(
            swap_terms(text, &[hint("the Duchess", "دوشس")])
                .1
                .is_empty()
        );
        // No hint for this rendering.
        assert!(swap_terms("<g id=\"1\">Wei</g>", &[]).1.is_empty());
        // A rendering inside another rendering: only the longer one may go.
        let text = "<g id=\"1\">Wei</g>和<g id=\"2\">Duchess Wei</g>";
        let (sent, swaps) = swap_terms(text, &[hint("魏", "Wei"), hint("魏夫人", "Duchess Wei")]);
        assert_eq!(sent, "<g id=\"1\">Wei</g>和魏夫人");
        assert_eq!(swaps.len(), 1);
        // The rendering already in the text: not countable.
        let text = "embroidery<g id=\"1\">embroidery</g>";
        assert!(swap_terms(text, &[hint("刺绣", "embroidery")]).1.is_empty());
    }

    #[test]
    fn the_same_term_twice_gets_its_ids_back_in_order() {
        let text = "<g id=\"1\">embroidery</g>和<g id=\"3\">embroidery</g>";
        let (sent, swaps) = swap_terms(text, &[hint("刺绣", "embroidery")]);
        assert_eq!(sent, "刺绣和刺绣");
        let back = restore_terms("embroidery and embroidery", &swaps).expect("restores");
        assert_eq!(
            back,
            "<g id=\"1\">embroidery</g> and <g id=\"3\">embroidery</g>"
        );
    }

    #[test]
    fn escapes_stay_escaped() {
        let text = "<g id=\"1\">R&amp;D</g>部门";
        let (sent, swaps) = swap_terms(text, &[hint("研", "R&D")]);
        assert_eq!(sent, "研部门");
        let back = restore_terms("the R&amp;D team", &swaps).expect("restores");
        assert_eq!(back, "the <g id=\"1\">R&amp;D</g> team");
    }
}
