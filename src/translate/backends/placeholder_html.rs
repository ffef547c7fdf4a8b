//! Placeholders in HTML form, for engines driven with HTML input (Google's `format=html`,
//! LibreTranslate's `format: "html"`), and the tag classifier XLIFF import uses on inline markup.
//!
//! `<g id="N">R</g>` travels as `<span translate="no" id="g-N">R</span>` (engines leave
//! `translate="no"` content alone), `<x id="N"/>` as is; the reply is mapped back to the
//! canonical form, and its HTML character references are decoded except `&lt;`, `&gt;` and
//! `&amp;`, which segment texts keep escaped.

/// Rewrites a segment text for an HTML-mode engine: `<g id="N">` → `<span translate="no"
/// id="g-N">`, `</g>` → `</span>`; everything else (including `<x id="N"/>` and the `&lt;`-style
/// escapes) is already valid HTML and is sent unchanged.
pub fn to_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(pos) = rest.find('<') {
        out.push_str(rest.get(..pos).unwrap_or(""));
        let tail = rest.get(pos..).unwrap_or("");
        let Some(end) = tail.find('>') else {
            out.push_str(tail);
            return out;
        };
        let tag = tail.get(..=end).unwrap_or("");
        match tag_kind(tag) {
            TagKind::Open("g", Some(id)) => {
                out.push_str(&format!("<span translate=\"no\" id=\"g-{id}\">"));
            }
            TagKind::Close("g") => out.push_str("</span>"),
            _ => out.push_str(tag),
        }
        rest = tail.get(end + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// Maps an HTML-mode reply back to a segment text: `<span … id="g-N">…</span>` → `<g id="N">…</g>`,
/// `<x id="N">`/`<x id="N"></x>` (an HTML serializer's rendering of the empty element) →
/// `<x id="N"/>`, character references decoded except `<`, `>`, `&`, which stay escaped. Other
/// markup the engine added is kept; the scheduler's placeholder check decides.
pub fn from_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    // Open spans: whether each came from a `<g>`.
    let mut spans: Vec<bool> = Vec::new();
    let mut tags_possible = true;
    let mut rest = html;
    loop {
        let Some(pos) = rest.find(['<', '&', '>']) else {
            out.push_str(rest);
            break;
        };
        out.push_str(rest.get(..pos).unwrap_or(""));
        let tail = rest.get(pos..).unwrap_or("");
        if let Some(after) = tail.strip_prefix('>') {
            out.push_str("&gt;");
            rest = after;
            continue;
        }
        if tail.starts_with('&') {
            let (decoded, used) = decode_reference(tail);
            out.push_str(&decoded);
            rest = tail.get(used..).unwrap_or("");
            continue;
        }
        let found = if tags_possible { tail.find('>') } else { None };
        let Some(end) = found else {
            // No `>` anywhere after this point: no later `<` can open a tag either, and
            // searching again for each one would be quadratic.
            tags_possible = false;
            out.push_str("&lt;");
            rest = tail.get(1..).unwrap_or("");
            continue;
        };
        let tag = tail.get(..=end).unwrap_or("");
        match tag_kind(tag) {
            TagKind::Open("span", id) | TagKind::Empty("span", id) => {
                let g = id.and_then(|i| i.strip_prefix("g-").map(str::to_string));
                match g {
                    Some(n) if matches!(tag_kind(tag), TagKind::Open(..)) => {
                        out.push_str(&format!("<g id=\"{n}\">"));
                        spans.push(true);
                    }
                    _ => {
                        out.push_str(tag);
                        if matches!(tag_kind(tag), TagKind::Open(..)) {
                            spans.push(false);
                        }
                    }
                }
            }
            TagKind::Close("span") => match spans.pop() {
                Some(true) => out.push_str("</g>"),
                _ => out.push_str(tag),
            },
            TagKind::Open("x", Some(id)) | TagKind::Empty("x", Some(id)) => {
                out.push_str(&format!("<x id=\"{id}\"/>"));
            }
            TagKind::Close("x") => {}
            _ => out.push_str(tag),
        }
        rest = tail.get(end + 1..).unwrap_or("");
    }
    out
}

/// Decodes the reference at the start of `s` (which starts with `&`); returns the text to emit
/// and the bytes consumed. `<`, `>`, `&` come out escaped; an unknown reference stays literal.
fn decode_reference(s: &str) -> (String, usize) {
    // XML's references through the XML door, plus HTML's `&nbsp;`.
    let decoded = match s.strip_prefix("&nbsp;") {
        Some(_) => Some(('\u{a0}', "&nbsp;".len())),
        None => crate::xml::reference_at(s),
    };
    match decoded {
        Some(('<', n)) => ("&lt;".into(), n),
        Some(('>', n)) => ("&gt;".into(), n),
        Some(('&', n)) => ("&amp;".into(), n),
        Some((c, n)) => (c.to_string(), n),
        None => ("&amp;".into(), 1),
    }
}

#[derive(Debug, PartialEq)]
pub(crate) enum TagKind<'a> {
    /// `<name …>` with its `id` attribute.
    Open(&'a str, Option<&'a str>),
    /// `<name …/>`.
    Empty(&'a str, Option<&'a str>),
    Close(&'a str),
    Other,
}

/// Classifies one `<…>` tag (lowercase names only: engines echo the names they were sent).
pub(crate) fn tag_kind(tag: &str) -> TagKind<'_> {
    let Some(inner) = tag.strip_prefix('<').and_then(|t| t.strip_suffix('>')) else {
        return TagKind::Other;
    };
    if let Some(name) = inner.strip_prefix('/') {
        let name = name.trim();
        return if !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase()) {
            TagKind::Close(name)
        } else {
            TagKind::Other
        };
    }
    let (inner, empty) = match inner.strip_suffix('/') {
        Some(i) => (i, true),
        None => (inner, false),
    };
    let name_end = inner
        .find(|c: char| !c.is_ascii_lowercase())
        .unwrap_or(inner.len());
    let name = inner.get(..name_end).unwrap_or("");
    let attrs = inner.get(name_end..).unwrap_or("");
    if name.is_empty() || !(attrs.is_empty() || attrs.starts_with(char::is_whitespace)) {
        return TagKind::Other;
    }
    let id = attr_value(attrs, "id");
    if empty {
        TagKind::Empty(name, id)
    } else {
        TagKind::Open(name, id)
    }
}

/// The value of attribute `key` in an attribute list (quoted with `"` or `'`).
fn attr_value<'a>(attrs: &'a str, key: &str) -> Option<&'a str> {
    let mut rest = attrs;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return None;
        }
        let eq = rest.find('=')?;
        let name = rest.get(..eq)?.trim();
        let after = rest.get(eq + 1..)?.trim_start();
        let quote = after.chars().next()?;
        let (value, next) = if quote == '"' || quote == '\'' {
            let body = after.get(1..)?;
            let close = body.find(quote)?;
            (body.get(..close)?, body.get(close + 1..)?)
        } else {
            let end = after.find(char::is_whitespace).unwrap_or(after.len());
            (after.get(..end)?, after.get(end..)?)
        };
        if name == key {
            return Some(value);
        }
        rest = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_round_trip_of_placeholders() {
        let seg = "Go <x id=\"1\"/>to <g id=\"2\">Starfleet</g> &amp; back";
        let html = to_html(seg);
        assert_eq!(
            html,
            "Go <x id=\"1\"/>to <span translate=\"no\" id=\"g-2\">Starfleet</span> &amp; back"
        );
        assert_eq!(from_html(&html), seg);
        // What an HTML serializer makes of it, with entities for quotes.
        let reply = "Va <x id=\"1\"></x>à <span id=\"g-2\" translate=\"no\">Starfleet</span> &amp; l&#39;arrière &gt; &quot;ok&quot;";
        assert_eq!(
            from_html(reply),
            "Va <x id=\"1\"/>à <g id=\"2\">Starfleet</g> &amp; l'arrière &gt; \"ok\""
        );
    }

    #[test]
    fn html_reply_oddities_never_panic() {
        for s in [
            "<",
            "&",
            "&#xZZ;",
            "</span></span>",
            "<span>",
            "a > b",
            "<x id=1>",
            "&#1114112;",
        ] {
            let _ = from_html(s);
            let _ = to_html(s);
        }
        assert_eq!(from_html("a > b &foo; <"), "a &gt; b &amp;foo; &lt;");
        assert_eq!(from_html("<x id=1>"), "<x id=\"1\"/>");
        assert_eq!(from_html("<b>x</b>"), "<b>x</b>");
    }

    #[test]
    fn hostile_replies_are_linear() {
        let many = "<".repeat(200_000);
        let started = std::time::Instant::now();
        assert_eq!(from_html(&many).len(), 4 * 200_000);
        assert_eq!(to_html(&many), many);
        let wide = format!("{}>", "<".repeat(200_000));
        assert!(from_html(&wide).ends_with('>'));
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }
}
