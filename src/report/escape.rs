//! Escaping for the renderers: the XML-based ones (JUnit, HTML, SVG) take the XML door's functions
//! (`crate::xml`), re-exported here; terminal sanitizing for the human renderer is this file's own.
//!
//! File names and message arguments come from user files, so they may hold markup characters and
//! control characters. XML 1.0 cannot carry most C0 controls even as character references, so the
//! door turns those into U+FFFD instead of producing a document no parser accepts.

/// XML/HTML escaping is the XML door's (`crate::xml`): one rule for markup characters, quotes
/// and the characters XML 1.0 forbids, shared with every other XML and HTML writer.
pub(super) use crate::xml::{attr, push_attr, push_text, text};

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
