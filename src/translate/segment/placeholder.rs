//! The placeholder syntax segment texts carry to an engine and back (XML content, so DeepL's
//! `tag_handling=xml` and LLMs keep it):
//! - `<x id="N"/>`: opaque markup inside the line (ASS override blocks, HTML tags, drawings, and
//!   the line break of a two-speaker dialogue cue). The original inlines are kept in the `Mask`.
//! - `<g id="N">RENDERING</g>`: a fixed glossary term, its content already the approved target
//!   rendering (or the kept source form). Keeping a real word in the sentence lets the engine build
//!   the grammar around it, where an empty tag would leave a hole; DeepL leaves it untouched with
//!   `ignore_tags=g`. On restore the content becomes the approved rendering unless the engine
//!   returned one of the term's accepted variants (an inflection).
//! - Literal `<`, `>`, `&` are escaped (`&lt;` `&gt;` `&amp;`); ids are numbered from 1 in source
//!   order and shared by `x` and `g`.
//!
//! This file escapes and unescapes text, reads a reply into tokens, and checks that a reply holds
//! every placeholder of its source exactly once and nothing invented (`RestoreError` otherwise).

use std::collections::HashMap;

/// A placeholder found in a segment text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placeholder {
    /// `<x id="N"/>`.
    Markup(u32),
    /// `<g id="N">content</g>`.
    Term { id: u32, content: String },
}

impl Placeholder {
    pub fn id(&self) -> u32 {
        match self {
            Placeholder::Markup(id) | Placeholder::Term { id, .. } => *id,
        }
    }
}

/// Why a translation cannot be restored. Data: rendered by the caller.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RestoreError {
    #[error("placeholder {id} missing")]
    Missing { id: u32 },
    #[error("placeholder {id} appears {count} times")]
    Duplicated { id: u32, count: usize },
    #[error("placeholder {id} was not in the source")]
    Invented { id: u32 },
    #[error("placeholder {id} changed kind")]
    WrongKind { id: u32 },
    #[error("term placeholder {id} is not closed")]
    Unclosed { id: u32 },
    #[error("empty translation")]
    Empty,
}

impl RestoreError {
    /// Stable machine id.
    pub fn code(&self) -> &'static str {
        match self {
            RestoreError::Missing { .. } => "placeholder-missing",
            RestoreError::Duplicated { .. } => "placeholder-duplicated",
            RestoreError::Invented { .. } => "placeholder-invented",
            RestoreError::WrongKind { .. } => "placeholder-kind",
            RestoreError::Unclosed { .. } => "placeholder-unclosed",
            RestoreError::Empty => "translation-empty",
        }
    }
}

/// Escapes text for a segment (`<`, `>`, `&`).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
    out
}

/// Undoes `escape_text`, also accepting `&quot;`, `&apos;` and numeric references (engines emit
/// them); an `&` that starts no valid reference is kept literally. The XML door decides what a
/// reference is (`crate::xml::unescape_lenient`).
pub fn unescape_text(s: &str) -> String {
    crate::xml::unescape_lenient(s)
}

/// A piece of a segment text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Token {
    /// Unescaped text.
    Text(String),
    Ph(Placeholder),
    /// A `<g id>` without its `</g>`.
    Unclosed(u32),
}

/// Parses `id="N"` / `id='N'` / `id=N` after a tag name, returning (id, rest after `>` or `/>`,
/// self-closing).
pub(super) fn parse_tag_attrs(s: &str) -> Option<(u32, &str, bool)> {
    let s = s.trim_start();
    let s = s.strip_prefix("id")?.trim_start();
    let s = s.strip_prefix('=')?.trim_start();
    let (digits, s) = match s.chars().next()? {
        q @ ('"' | '\'') => {
            let inner = s.get(1..)?;
            // An id has at most 9 digits; never scan further for the closing quote.
            let end = inner.bytes().take(11).position(|b| char::from(b) == q)?;
            (inner.get(..end)?, inner.get(end + 1..)?)
        }
        _ => {
            let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
            (s.get(..end)?, s.get(end..)?)
        }
    };
    if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let id: u32 = digits.parse().ok()?;
    let s = s.trim_start();
    if let Some(rest) = s.strip_prefix("/>") {
        Some((id, rest, true))
    } else {
        s.strip_prefix('>').map(|rest| (id, rest, false))
    }
}

/// Splits a segment text into text and placeholders. Anything that is not a well-formed
/// placeholder is text (an engine's stray `<` must not fail a segment).
pub(super) fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut buf = String::new();
    let mut rest = text;
    // Once a `</g>` search fails, none lies further on: later unclosed `<g>`s skip the search, so
    // hostile replies stay linear.
    let mut no_close = false;
    loop {
        let Some(pos) = rest.find('<') else {
            buf.push_str(rest);
            break;
        };
        buf.push_str(rest.get(..pos).unwrap_or(""));
        let tail = rest.get(pos..).unwrap_or("");
        let mut consumed = None;
        if let Some(after) = tail
            .strip_prefix("<x")
            .filter(|a| a.starts_with(char::is_whitespace))
            && let Some((id, r, true)) = parse_tag_attrs(after)
        {
            flush(&mut buf, &mut out);
            out.push(Token::Ph(Placeholder::Markup(id)));
            consumed = Some(r);
        } else if let Some(after) = tail
            .strip_prefix("<g")
            .filter(|a| a.starts_with(char::is_whitespace))
            && let Some((id, r, selfclosing)) = parse_tag_attrs(after)
        {
            flush(&mut buf, &mut out);
            if selfclosing {
                out.push(Token::Ph(Placeholder::Term {
                    id,
                    content: String::new(),
                }));
                consumed = Some(r);
            } else if let Some(end) = (!no_close).then(|| r.find("</g>")).flatten() {
                out.push(Token::Ph(Placeholder::Term {
                    id,
                    content: unescape_text(r.get(..end).unwrap_or("")),
                }));
                consumed = Some(r.get(end + 4..).unwrap_or(""));
            } else {
                no_close = true;
                out.push(Token::Unclosed(id));
                consumed = Some(r);
            }
        }
        match consumed {
            Some(r) => rest = r,
            None => {
                buf.push('<');
                rest = tail.get(1..).unwrap_or("");
            }
        }
    }
    flush(&mut buf, &mut out);
    out
}

pub(super) fn flush(buf: &mut String, out: &mut Vec<Token>) {
    if !buf.is_empty() {
        out.push(Token::Text(unescape_text(buf)));
        buf.clear();
    }
}

/// The placeholders of a segment text, in order of appearance.
pub fn placeholders(text: &str) -> Vec<Placeholder> {
    tokenize(text)
        .into_iter()
        .filter_map(|t| match t {
            Token::Ph(p) => Some(p),
            _ => None,
        })
        .collect()
}

/// Checks that `translated` carries exactly the placeholders of `source` (each once, same kind,
/// nothing invented) and is not empty.
pub fn check_placeholders(source: &str, translated: &str) -> Result<(), RestoreError> {
    let want: HashMap<u32, bool> = placeholders(source)
        .iter()
        .map(|p| (p.id(), matches!(p, Placeholder::Term { .. })))
        .collect();
    check_tokens(&want, &tokenize(translated))
}

pub(super) fn check_tokens(
    want: &HashMap<u32, bool>,
    tokens: &[Token],
) -> Result<(), RestoreError> {
    let mut seen: HashMap<u32, usize> = HashMap::new();
    let mut has_text = false;
    for t in tokens {
        let (id, is_term) = match t {
            Token::Text(s) => {
                has_text |= !s.trim().is_empty();
                continue;
            }
            Token::Unclosed(id) => return Err(RestoreError::Unclosed { id: *id }),
            Token::Ph(p) => (p.id(), matches!(p, Placeholder::Term { .. })),
        };
        match want.get(&id) {
            None => return Err(RestoreError::Invented { id }),
            Some(&k) if k != is_term => return Err(RestoreError::WrongKind { id }),
            Some(_) => {}
        }
        // Term content is text the viewer sees.
        if is_term {
            has_text = true;
        }
        *seen.entry(id).or_insert(0) += 1;
    }
    let mut ids: Vec<u32> = want.keys().copied().collect();
    ids.sort_unstable();
    for id in ids {
        match seen.get(&id).copied().unwrap_or(0) {
            0 => return Err(RestoreError::Missing { id }),
            1 => {}
            count => return Err(RestoreError::Duplicated { id, count }),
        }
    }
    if !has_text {
        return Err(RestoreError::Empty);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_placeholders_are_errors() {
        let src = "a<x id=\"1\"/>b<x id=\"2\"/>c";
        assert_eq!(
            check_placeholders(src, "ab<x id=\"2\"/>c"),
            Err(RestoreError::Missing { id: 1 })
        );
        assert_eq!(
            check_placeholders(src, "a<x id=\"1\"/><x id=\"1\"/>b<x id=\"2\"/>"),
            Err(RestoreError::Duplicated { id: 1, count: 2 })
        );
        assert_eq!(
            check_placeholders(src, "a<x id=\"1\"/>b<x id=\"2\"/><x id=\"3\"/>"),
            Err(RestoreError::Invented { id: 3 })
        );
        assert_eq!(
            check_placeholders(src, "a<g id=\"1\">t</g>b<x id=\"2\"/>"),
            Err(RestoreError::WrongKind { id: 1 })
        );
        assert_eq!(check_placeholders("abc", "  "), Err(RestoreError::Empty));
        assert!(check_placeholders(src, "<x id=\"2\"/>B<x id=\"1\"/>A").is_ok());
        // Stray angle brackets from an engine are text, not placeholders.
        assert!(check_placeholders("abc", "a <b> c <x id=oops/>").is_ok());
    }

    #[test]
    fn hostile_replies_stay_linear() {
        let many_open = "<g id=1>".repeat(100_000);
        let many_amp = "&".repeat(200_000);
        let started = std::time::Instant::now();
        assert!(check_placeholders("a", &many_open).is_err());
        assert_eq!(unescape_text(&many_amp).len(), 200_000);
        assert!(placeholders(&"<x id=\"".repeat(100_000)).is_empty());
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    proptest::proptest! {
        #[test]
        fn any_reply_is_checked_without_panicking(reply in ".{0,200}") {
            let _ = check_placeholders("a<x id=\"1\"/>b<g id=\"2\">t</g>", &reply);
            let _ = unescape_text(&reply);
        }
    }
}
