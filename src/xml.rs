//! The one door to XML (and the XML-compatible HTML subloc writes): escaping of text and attribute
//! values, decoding of character and entity references, and reading through `quick-xml`. Every
//! producer (TTML, XLIFF, TMX, TBX, the HTML/JUnit/SVG reports, the glossary review sheet) and
//! every reader (XLIFF, TMX, TBX import) goes through here, so the rules below hold everywhere.
//!
//! **Forbidden characters** (XML 1.0 §2.2, <https://www.w3.org/TR/xml/#charsets>:
//! `Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]`): a
//! character outside `Char` cannot appear in an XML 1.0 document, not even as a character
//! reference (§4.1, WFC: Legal Character). When writing, each one becomes U+FFFD REPLACEMENT
//! CHARACTER. Replacing rather than dropping keeps a visible trace where text was lost (a
//! translator or QC viewer sees that something was there, and words on either side are not
//! silently joined), keeps character counts, and follows the Unicode security advice against
//! deleting code points (UTR #36 §3.5, <https://www.unicode.org/reports/tr36/#Deletion_of_Noncharacters>).
//! Rust `char`s are never surrogates, so `[#xD800-#xDFFF]` cannot occur in the first place.
//!
//! **HTML**: the same functions serve the HTML pages. XML-escaped text is valid HTML outside raw
//! text elements (`<script>`, `<style>`, which never receive user text), with one HTML need taken
//! into the shared rule: `'` is written `&#39;`, not `&apos;`, because HTML 4 has no `&apos;`
//! (HTML 5 and XML accept both).
//!
//! **References**: only XML's five predefined entities (§4.6) and character references (§4.1)
//! are understood, and a character reference must name a `Char`. Readers never expand a DTD: a
//! `<!DOCTYPE>` is skipped and any other entity is an error, so no external or recursive entity
//! (billion laughs) can be expanded.

use std::borrow::Cow;
use std::fmt;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesRef, BytesStart, Event};

/// What a forbidden character is written as.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Whether XML 1.0 allows `c` at all (the `Char` production, §2.2).
pub fn is_xml_char(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r'
        | '\u{20}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}'
        | '\u{10000}'..='\u{10FFFF}')
}

/// Appends `s` escaped for element content: `&`, `<` and `>` become references (`>` too, so
/// `]]>` can never appear, §2.4), tab and LF stay as they are, CR becomes `&#13;` (a raw CR is
/// read back as LF by line-end normalization, §2.11, and the text would not round-trip),
/// forbidden characters become U+FFFD. Returns how many characters were replaced.
pub fn push_text(out: &mut String, s: &str) -> usize {
    let mut replaced = 0;
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => {
                out.push(REPLACEMENT);
                replaced += 1;
            }
        }
    }
    replaced
}

/// Appends `s` escaped for a double- or single-quoted attribute value: besides what `push_text`
/// does, both quotes become references, and tab, LF and CR become character references because
/// attribute-value normalization (§3.3.3) would otherwise read them back as spaces. Returns how
/// many characters were replaced by U+FFFD.
pub fn push_attr(out: &mut String, s: &str) -> usize {
    let mut replaced = 0;
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
            _ => {
                out.push(REPLACEMENT);
                replaced += 1;
            }
        }
    }
    replaced
}

/// `s` escaped for element content (see `push_text`).
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_text(&mut out, s);
    out
}

/// `s` escaped for an attribute value (see `push_attr`); also safe as element content.
pub fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_attr(&mut out, s);
    out
}

/// The character a predefined entity name stands for (§4.6).
pub fn predefined_entity(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// The character a character reference's body names (`#65`, `#x41`; without `&` and `;`), when
/// it is a valid XML reference to a `Char` (§4.1): decimal or lowercase-`x` hexadecimal digits
/// only (no sign, no spaces), and the code point allowed by `is_xml_char`.
pub fn char_reference(body: &str) -> Option<char> {
    let num = body.strip_prefix('#')?;
    let (digits, radix) = match num.strip_prefix('x') {
        Some(hex) => (hex, 16),
        None => (num, 10),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let code = u32::from_str_radix(digits, radix).ok()?;
    char::from_u32(code).filter(|&c| is_xml_char(c))
}

/// Longest reference `reference_at` looks at (`&#x10FFFF;` is 10 bytes, with room for leading
/// zeros): references are short, and looking further would make a run of bare `&` quadratic.
const MAX_REFERENCE_BYTES: usize = 12;

/// Decodes the reference at the start of `s` (which starts with `&`): a predefined entity or a
/// character reference to a `Char`. Returns the character and the bytes the reference takes, or
/// `None` when `s` starts no such reference (the lenient readers keep that `&` literally).
///
/// For text that comes from engines rather than XML files (segment text, HTML-mode replies), so
/// one HTML spelling is accepted beside XML's: `&#X41;` with a capital `X` (HTML allows it).
pub fn reference_at(s: &str) -> Option<(char, usize)> {
    let rest = s.strip_prefix('&')?;
    let end = rest
        .bytes()
        .take(MAX_REFERENCE_BYTES - 1)
        .position(|b| b == b';')?;
    let name = rest.get(..end)?;
    let c = match predefined_entity(name) {
        Some(c) => c,
        None => match name.strip_prefix("#X") {
            Some(hex) => char_reference(&format!("#x{hex}"))?,
            None => char_reference(name)?,
        },
    };
    Some((c, end + 2))
}

/// Decodes every reference in `s` the way `reference_at` does; an `&` that starts no reference
/// is kept literally.
pub fn unescape_lenient(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('&') {
        out.push_str(rest.get(..pos).unwrap_or(""));
        let tail = rest.get(pos..).unwrap_or("");
        match reference_at(tail) {
            Some((c, len)) => {
                out.push(c);
                rest = tail.get(len..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = tail.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

/// A reference an XML reader cannot decode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefError {
    /// A named entity other than the five predefined ones (never expanded; see the module doc).
    UnknownEntity(String),
    /// A character reference that is malformed or names a character XML 1.0 forbids.
    BadCharRef(String),
}

impl RefError {
    /// The reference as written between `&` and `;`.
    pub fn name(&self) -> &str {
        match self {
            RefError::UnknownEntity(n) | RefError::BadCharRef(n) => n,
        }
    }
}

impl fmt::Display for RefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefError::UnknownEntity(n) => write!(f, "unknown entity &{n};"),
            RefError::BadCharRef(n) => write!(f, "bad character reference &{n};"),
        }
    }
}

impl std::error::Error for RefError {}

/// Decodes a reference event of the reader (strict: XML's rules, nothing from HTML).
pub fn resolve(r: &BytesRef<'_>) -> Result<char, RefError> {
    let name: &str = r;
    if name.starts_with('#') {
        return char_reference(name).ok_or_else(|| RefError::BadCharRef(name.to_string()));
    }
    predefined_entity(name).ok_or_else(|| RefError::UnknownEntity(name.to_string()))
}

/// The value of the attribute whose qualified name is `name` (`xml:lang`, `id`), normalized as
/// XML 1.0 says (§3.3.3) with its references decoded; `None` when absent or undecodable.
pub fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    attribute_where(e, |key, _| key == name)
}

/// Like `attribute`, also matching any prefix (`lang` finds `xml:lang`): for formats whose older
/// versions wrote the name without its namespace prefix (TMX 1.1 `lang`).
pub fn attribute_local(e: &BytesStart<'_>, name: &str) -> Option<String> {
    attribute_where(e, |key, local| key == name || local == name)
}

fn attribute_where(e: &BytesStart<'_>, want: impl Fn(&str, &str) -> bool) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| want(a.key.as_ref(), a.key.local_name().as_ref()))
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(Cow::into_owned)
        })
}

/// Why a document could not be read: the parser's message (English, from quick-xml; callers
/// wrap it in their own localized frame) and the byte offset where it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    pub offset: u64,
    pub message: String,
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "byte {}: {}", self.offset, self.message)
    }
}

impl std::error::Error for XmlError {}

/// A pull reader over a whole document in memory. Wraps `quick_xml::Reader` with what every
/// importer needs and quick-xml leaves to the caller: a file cut off inside an element is an
/// error (quick-xml reports a mismatched end tag but returns a plain end of file for a truncated
/// one, and a truncated download must import nothing, not its first half).
pub struct XmlReader<'a> {
    inner: quick_xml::Reader<&'a [u8]>,
    open: usize,
}

impl<'a> XmlReader<'a> {
    pub fn new(text: &'a str) -> Self {
        XmlReader {
            inner: quick_xml::Reader::from_str(text),
            open: 0,
        }
    }

    /// A reader for a recovering importer that pairs end tags with start tags itself (the
    /// subtitle readers: a stray or mismatched end tag is reported and skipped there, and the
    /// rest of the document still read). quick-xml's own end-name check is off, so a mismatched
    /// `</span>` arrives as an `End` event instead of an error that ends the read.
    pub fn unchecked_ends(text: &'a str) -> Self {
        let mut inner = quick_xml::Reader::from_str(text);
        let config = inner.config_mut();
        config.check_end_names = false;
        config.allow_unmatched_ends = true;
        XmlReader { inner, open: 0 }
    }

    /// The next event. Text and CDATA come raw; read them with `text_of` / `cdata_of`, and
    /// references with `resolve`. A DOCTYPE is returned as an event and never interpreted.
    pub fn read_event(&mut self) -> Result<Event<'a>, XmlError> {
        let offset = self.inner.buffer_position();
        let ev = self.inner.read_event().map_err(|e| XmlError {
            offset,
            message: e.to_string(),
        })?;
        match ev {
            Event::Start(_) => self.open += 1,
            Event::End(_) => self.open = self.open.saturating_sub(1),
            Event::Eof if self.open > 0 => {
                return Err(XmlError {
                    offset,
                    message: "unexpected end of file".into(),
                });
            }
            _ => {}
        }
        Ok(ev)
    }

    /// Byte offset just past the last event read.
    pub fn position(&self) -> u64 {
        self.inner.buffer_position()
    }
}

/// Text content with XML 1.0 line-end normalization (§2.11: CR LF and lone CR read as LF).
pub fn text_of<'a>(t: &quick_xml::events::BytesText<'a>) -> Cow<'a, str> {
    t.xml10_content()
}

/// CDATA content, line ends normalized like `text_of` (§2.11 applies to the whole entity).
pub fn cdata_of<'a>(t: &quick_xml::events::BytesCData<'a>) -> Cow<'a, str> {
    t.xml10_content()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_markup_and_keeps_whitespace() {
        assert_eq!(text("a<b>&c"), "a&lt;b&gt;&amp;c");
        assert_eq!(text("tab\tnl\ncr\r"), "tab\tnl\ncr&#13;");
        assert_eq!(text("\"q\" 'a'"), "\"q\" 'a'");
        assert_eq!(text("فارسی\u{200C}中文😀"), "فارسی\u{200C}中文😀");
    }

    #[test]
    fn cdata_end_never_appears() {
        assert_eq!(text("a]]>b"), "a]]&gt;b");
        assert!(!attr("]]>").contains("]]>"));
    }

    #[test]
    fn forbidden_characters_become_replacement_everywhere() {
        // Every boundary of the Char production, both sides.
        for c in [
            '\u{0}', '\u{1}', '\u{8}', '\u{B}', '\u{C}', '\u{1F}', '\u{FFFE}', '\u{FFFF}',
        ] {
            assert!(!is_xml_char(c), "{:x}", c as u32);
            assert_eq!(text(&format!("a{c}b")), "a\u{FFFD}b");
            assert_eq!(attr(&format!("a{c}b")), "a\u{FFFD}b");
        }
        for c in [
            '\t',
            '\n',
            '\r',
            ' ',
            '\u{D7FF}',
            '\u{E000}',
            '\u{FFFD}',
            '\u{10000}',
            '\u{10FFFF}',
        ] {
            assert!(is_xml_char(c), "{:x}", c as u32);
        }
        let mut out = String::new();
        assert_eq!(push_text(&mut out, "x\u{1}y\u{FFFE}z"), 2);
        assert_eq!(out, "x\u{FFFD}y\u{FFFD}z");
        out.clear();
        assert_eq!(push_attr(&mut out, "\u{0}"), 1);
    }

    #[test]
    fn output_never_holds_a_non_char() {
        // Every code point (surrogates cannot be `char`s): what comes out is all `Char`.
        let all: String = (0..=0x10FFFFu32).filter_map(char::from_u32).collect();
        assert!(text(&all).chars().all(is_xml_char));
        assert!(attr(&all).chars().all(is_xml_char));
    }

    #[test]
    fn attributes_escape_both_quotes_and_whitespace() {
        assert_eq!(attr("\"q\" 'a'"), "&quot;q&quot; &#39;a&#39;");
        assert_eq!(attr("a\nb\r\tc"), "a&#10;b&#13;&#9;c");
        assert_eq!(attr("<&>"), "&lt;&amp;&gt;");
    }

    #[test]
    fn escaped_values_read_back_unchanged() {
        let nasty = "Tom & \"Jerry\" 's <b> ]]> \t\r\n x";
        let doc = format!(
            "<r a=\"{}\" b='{}'>{}</r>",
            attr(nasty),
            attr(nasty),
            text(nasty)
        );
        let mut r = XmlReader::new(&doc);
        let mut body = String::new();
        let mut attrs = Vec::new();
        loop {
            match r.read_event().unwrap() {
                Event::Start(e) => {
                    attrs.push(attribute(&e, "a").unwrap());
                    attrs.push(attribute(&e, "b").unwrap());
                }
                Event::Text(t) => body.push_str(&text_of(&t)),
                Event::GeneralRef(g) => body.push(resolve(&g).unwrap()),
                Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(attrs, [nasty, nasty]);
        // CR was written as `&#13;`, so line-end normalization (§2.11) leaves it alone.
        assert_eq!(body, nasty);
    }

    #[test]
    fn numeric_and_named_references() {
        assert_eq!(char_reference("#65"), Some('A'));
        assert_eq!(char_reference("#x4e2d"), Some('中'));
        assert_eq!(char_reference("#x1F600"), Some('😀'));
        assert_eq!(char_reference("#0065"), Some('A'));
        assert_eq!(predefined_entity("amp"), Some('&'));
        assert_eq!(predefined_entity("apos"), Some('\''));
        assert_eq!(predefined_entity("nbsp"), None);
        assert_eq!(reference_at("&lt;rest"), Some(('<', 4)));
        assert_eq!(reference_at("&#x4e2d;"), Some(('中', 8)));
        assert_eq!(reference_at("&#X4E2D;"), Some(('中', 8)));
        assert_eq!(unescape_lenient("&#x4e2d;&bogus;&"), "中&bogus;&");
        assert_eq!(
            unescape_lenient("a &lt; b &amp;amp; &quot;"),
            "a < b &amp; \""
        );
    }

    #[test]
    fn malformed_references_are_refused() {
        for body in [
            "#0",
            "#1",
            "#x8",
            "#xB",
            "#xFFFE",
            "#xFFFF",
            "#xD800",
            "#xDFFF",
            "#x110000",
            "#1114112",
            "#",
            "#x",
            "#-1",
            "#+1",
            "#x-1",
            "# 1",
            "#1 ",
            "#xZZ",
            "#12a",
            "#99999999999999999999",
        ] {
            assert_eq!(char_reference(body), None, "{body}");
            assert_eq!(reference_at(&format!("&{body};")), None, "{body}");
            assert_eq!(unescape_lenient(&format!("&{body};")), format!("&{body};"));
        }
        // XML spells hexadecimal references with a lowercase `x` only.
        assert_eq!(char_reference("#X41"), None);
        // No `;` within reach, or none at all.
        assert_eq!(reference_at("&amp"), None);
        assert_eq!(reference_at("&#x0000000000041;"), None);
        assert_eq!(reference_at("&"), None);
        assert_eq!(reference_at("x&amp;"), None);
    }

    #[test]
    fn reader_resolves_strictly() {
        let events = |doc: &str| -> Vec<Result<char, RefError>> {
            let mut r = XmlReader::new(doc);
            let mut refs = Vec::new();
            loop {
                match r.read_event().unwrap() {
                    Event::GeneralRef(g) => refs.push(resolve(&g)),
                    Event::Eof => break refs,
                    _ => {}
                }
            }
        };
        assert_eq!(
            events("<r>&amp;&#x41;&#66;</r>"),
            [Ok('&'), Ok('A'), Ok('B')]
        );
        assert_eq!(
            events("<r>&nbsp;</r>"),
            [Err(RefError::UnknownEntity("nbsp".into()))]
        );
        assert_eq!(
            events("<r>&#1;&#xD800;&#X41;</r>"),
            [
                Err(RefError::BadCharRef("#1".into())),
                Err(RefError::BadCharRef("#xD800".into())),
                Err(RefError::BadCharRef("#X41".into())),
            ]
        );
        assert_eq!(
            RefError::BadCharRef("#1".into()).to_string(),
            "bad character reference &#1;"
        );
    }

    #[test]
    fn reader_refuses_a_truncated_document_and_skips_a_doctype() {
        let mut r = XmlReader::new("<a><b>text</b>");
        let err = loop {
            match r.read_event() {
                Ok(Event::Eof) => panic!("truncation not noticed"),
                Ok(_) => {}
                Err(e) => break e,
            }
        };
        assert_eq!(err.message, "unexpected end of file");
        let mut r = XmlReader::new("<!DOCTYPE a [<!ENTITY x \"boom\">]><a>&x;</a>");
        let mut refs = Vec::new();
        loop {
            match r.read_event().unwrap() {
                Event::GeneralRef(g) => refs.push(resolve(&g)),
                Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(refs, [Err(RefError::UnknownEntity("x".into()))]);
        let mut r = XmlReader::new("<a></b>");
        assert!(r.read_event().is_ok());
        assert!(r.read_event().is_err());
    }

    #[test]
    fn text_and_cdata_normalize_line_ends() {
        let mut r = XmlReader::new("<a>x\r\ny\rz<![CDATA[p\r\nq]]></a>");
        let mut got = String::new();
        loop {
            match r.read_event().unwrap() {
                Event::Text(t) => got.push_str(&text_of(&t)),
                Event::CData(t) => got.push_str(&cdata_of(&t)),
                Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(got, "x\ny\nzp\nq");
    }

    #[test]
    fn local_attribute_names_match_any_prefix() {
        let mut r = XmlReader::new("<tuv xml:lang=\"fa\" x:id=\"1\"/>");
        let Ok(Event::Empty(e)) = r.read_event() else {
            panic!("expected an empty element");
        };
        assert_eq!(attribute(&e, "xml:lang").as_deref(), Some("fa"));
        assert_eq!(attribute(&e, "lang"), None);
        assert_eq!(attribute_local(&e, "lang").as_deref(), Some("fa"));
        assert_eq!(attribute_local(&e, "id").as_deref(), Some("1"));
    }
}
