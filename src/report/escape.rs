//! Escaping shared by the XML-based renderers (JUnit, HTML, SVG) and terminal sanitizing for the
//! human renderer.
//!
//! File names and message arguments come from user files, so they may hold markup characters and
//! control characters. XML 1.0 cannot carry most C0 controls even as character references, so those
//! become U+FFFD instead of producing a document no parser accepts.

/// Whether XML 1.0 allows `c` at all (https://www.w3.org/TR/xml/#charsets).
fn is_xml_char(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r'
        | '\u{20}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}'
        | '\u{10000}'..='\u{10FFFF}')
}

/// Appends `s` escaped for XML/HTML text content.
pub(super) fn push_text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
}

/// Appends `s` escaped for a double- or single-quoted XML/HTML attribute value. Tabs and line
/// breaks become character references because attribute-value normalization would otherwise
/// turn them into spaces.
pub(super) fn push_attr(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
}

pub(super) fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_text(&mut out, s);
    out
}

pub(super) fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_attr(&mut out, s);
    out
}

/// Text safe to write to a terminal: control characters (which could move the cursor, recolour
/// or retitle the terminal when a file name or argument carries an escape sequence) become
/// U+FFFD, line breaks and tabs become spaces so one finding stays on one line.
pub(super) fn terminal(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_markup_and_replaces_forbidden_controls() {
        assert_eq!(text("a<b>&c"), "a&lt;b&gt;&amp;c");
        assert_eq!(text("x\u{1}y\u{FFFE}"), "x\u{FFFD}y\u{FFFD}");
        assert_eq!(text("tab\tnl\n"), "tab\tnl\n");
        assert_eq!(text("فارسی\u{200C}中文"), "فارسی\u{200C}中文");
    }

    #[test]
    fn attr_escapes_quotes_and_whitespace() {
        assert_eq!(attr("\"q\" 'a'"), "&quot;q&quot; &#39;a&#39;");
        assert_eq!(attr("a\nb\r\tc"), "a&#10;b&#13;&#9;c");
        assert_eq!(attr("<&>"), "&lt;&amp;&gt;");
    }

    #[test]
    fn terminal_neutralises_escape_sequences() {
        let s = terminal("bad\u{1b}[31mred\nnext");
        assert!(!s.contains('\u{1b}'));
        assert!(!s.contains('\n'));
        assert_eq!(s, "bad\u{FFFD}[31mred next");
    }
}
