//! TMX 1.4 export and import of the translation memory, for CAT tools (`subloc memory export`
//! / `import`).
//!
//! Placeholders become TMX inline elements, so CAT tools show them as protected tags instead of
//! editable text: `<x id="1"/>` → `<ph x="1">&lt;x id="1"/&gt;</ph>`, and a fixed term
//! `<g id="2">R</g>` → `<bpt i="2" x="2">&lt;g id="2"&gt;</bpt>R<ept i="2">&lt;/g&gt;</ept>`. The
//! element content is the native code (our placeholder), so import puts back exactly what was
//! exported, and a foreign TMX's native codes come through as text. The memory key's other parts
//! travel as `x-subloc-*` properties; import recomputes every key from the fields (a key in a file
//! is never trusted). Units without those properties get the identity the caller gives (e.g. a
//! human-reviewed TM imported as `--as human`).

use std::io::Write;

use quick_xml::events::{BytesStart, Event};

use crate::date::now_unix;
use crate::translate::memory::{Entry, MemoryError, MemoryStore};
use crate::translate::segment::{Placeholder, escape_text, placeholders, unescape_text};
use crate::xml::{self, XmlReader};

/// Which entries to export (empty fields match everything).
#[derive(Debug, Clone, Default)]
pub struct ExportFilter {
    pub source_lang: Option<String>,
    pub target_lang: Option<String>,
    pub backend: Option<String>,
}

impl ExportFilter {
    fn matches(&self, e: &Entry) -> bool {
        let eq = |want: &Option<String>, have: &str| {
            want.as_deref().is_none_or(|w| w.eq_ignore_ascii_case(have))
        };
        eq(&self.source_lang, &e.source_lang)
            && eq(&self.target_lang, &e.target_lang)
            && eq(&self.backend, &e.backend)
    }
}

/// XML escaping for text and attribute values alike: the XML door's attribute rules (quotes,
/// and tab/LF/CR as references, so a segment's CR survives line-end normalization on import and
/// the recomputed memory key matches), with its one rule for forbidden characters (U+FFFD).
fn xml_escape(s: &str) -> String {
    xml::attr(s)
}

/// Segment text between placeholders as XML content. Normally already escaped, but text imported
/// from a foreign TMX's native codes may hold a raw `<` or `&`: decode, then escape everything.
fn text_content(s: &str) -> String {
    xml_escape(&unescape_text(s))
}

/// A segment text (placeholders, escaped text) as TMX `<seg>` content.
fn seg_content(text: &str) -> String {
    // Walk the text, turning each placeholder into TMX inline markup and keeping text as is
    // (segment text is already escaped XML content).
    let mut out = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        let next = rest
            .match_indices('<')
            .map(|(i, _)| i)
            .find(|&i| matches!(rest.get(i..i + 3), Some("<x " | "<g ")));
        let Some(pos) = next else {
            out.push_str(&text_content(rest));
            break;
        };
        out.push_str(&text_content(rest.get(..pos).unwrap_or("")));
        let tail = rest.get(pos..).unwrap_or("");
        let end = if tail.starts_with("<x ") {
            tail.find("/>").map(|e| e + 2)
        } else {
            tail.find("</g>").map(|e| e + 4)
        };
        let Some(end) = end else {
            out.push_str(&xml_escape(tail));
            break;
        };
        let code = tail.get(..end).unwrap_or("");
        match placeholders(code).first() {
            Some(Placeholder::Markup(id)) => {
                out.push_str(&format!("<ph x=\"{id}\">{}</ph>", xml_escape(code)));
            }
            Some(Placeholder::Term { id, .. }) => {
                let open_end = code.find('>').map(|e| e + 1).unwrap_or(0);
                let inner = code
                    .get(open_end..code.len().saturating_sub(4))
                    .unwrap_or("");
                out.push_str(&format!(
                    "<bpt i=\"{id}\" x=\"{id}\">{}</bpt>{}<ept i=\"{id}\">&lt;/g&gt;</ept>",
                    xml_escape(code.get(..open_end).unwrap_or("")),
                    text_content(inner)
                ));
            }
            None => out.push_str(&xml_escape(code)),
        }
        rest = tail.get(end..).unwrap_or("");
    }
    out
}

/// `YYYYMMDDThhmmssZ` from Unix seconds (TMX date format).
pub fn tmx_date(unix: i64) -> String {
    crate::date::Utc::from_unix(unix).compact()
}

/// Unix seconds from a TMX date (`None` when malformed).
pub fn parse_tmx_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 16 || b.get(8) != Some(&b'T') || b.get(15) != Some(&b'Z') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> { s.get(r)?.parse().ok() };
    let (y, m, d) = (num(0..4)?, num(4..6)?, num(6..8)?);
    let (hh, mm, ss) = (num(9..11)?, num(11..13)?, num(13..15)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    let utc = crate::date::Utc {
        year: y,
        month: u32::try_from(m).ok()?,
        day: u32::try_from(d).ok()?,
        hour: hh,
        minute: mm,
        second: ss,
    };
    Some(utc.to_unix())
}

/// Writes the memory (filtered) as TMX 1.4. Returns the number of units written.
pub fn export_tmx(
    store: &dyn MemoryStore,
    filter: &ExportFilter,
    out: &mut dyn Write,
) -> Result<usize, MemoryError> {
    let mut entries = Vec::new();
    store.for_each(&mut |e| {
        if filter.matches(&e) {
            entries.push(e);
        }
        Ok(())
    })?;
    let first_src = entries.first().map(|e| e.source_lang.clone());
    let srclang = match &first_src {
        Some(s) if entries.iter().all(|e| &e.source_lang == s) => s.clone(),
        Some(_) => "*all*".to_string(),
        None => filter
            .source_lang
            .clone()
            .unwrap_or_else(|| "*all*".to_string()),
    };
    let io = |e: std::io::Error| MemoryError::Io(e.to_string());
    write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n  <header creationtool=\"subloc\" creationtoolversion=\"{}\" segtype=\"sentence\" o-tmf=\"subloc\" adminlang=\"en\" srclang=\"{}\" datatype=\"plaintext\" creationdate=\"{}\"/>\n  <body>\n",
        env!("CARGO_PKG_VERSION"),
        xml_escape(&srclang),
        tmx_date(now_unix())
    )
    .map_err(io)?;
    for e in &entries {
        let props = [
            ("x-subloc-backend", &e.backend),
            ("x-subloc-model", &e.model),
            ("x-subloc-prompt-version", &e.prompt_version),
            ("x-subloc-options", &e.options),
            ("x-subloc-glossary-version", &e.glossary_version),
        ];
        writeln!(
            out,
            "    <tu tuid=\"{}\" srclang=\"{}\" creationdate=\"{}\">",
            e.key,
            xml_escape(&e.source_lang),
            tmx_date(e.created)
        )
        .map_err(io)?;
        for (name, value) in props {
            writeln!(
                out,
                "      <prop type=\"{name}\">{}</prop>",
                xml_escape(value)
            )
            .map_err(io)?;
        }
        if let Some(terms) = &e.terms {
            writeln!(
                out,
                "      <prop type=\"x-subloc-terms\">{}</prop>",
                xml_escape(terms)
            )
            .map_err(io)?;
        }
        writeln!(
            out,
            "      <prop type=\"x-subloc-billed-chars\">{}</prop>",
            e.billed_chars
        )
        .map_err(io)?;
        for (lang, text) in [(&e.source_lang, &e.source), (&e.target_lang, &e.target)] {
            writeln!(
                out,
                "      <tuv xml:lang=\"{}\"><seg>{}</seg></tuv>",
                xml_escape(lang),
                seg_content(text)
            )
            .map_err(io)?;
        }
        writeln!(out, "    </tu>").map_err(io)?;
    }
    writeln!(out, "  </body>\n</tmx>").map_err(io)?;
    Ok(entries.len())
}

/// The identity given to imported units that carry no `x-subloc-*` properties (or to all, with
/// `force`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportIdentity {
    pub backend: String,
    pub model: String,
    pub prompt_version: String,
    pub options: String,
    pub glossary_version: String,
    /// Apply this identity even to units that carry their own.
    pub force: bool,
}

impl Default for ImportIdentity {
    fn default() -> Self {
        ImportIdentity {
            backend: "tmx".into(),
            model: String::new(),
            prompt_version: String::new(),
            options: String::new(),
            glossary_version: String::new(),
            force: false,
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct ImportReport {
    pub units: usize,
    /// Entries written (one per target language of a unit).
    pub imported: usize,
    /// Units without a source or any target, or with empty text.
    pub skipped: usize,
}

#[derive(Default)]
struct Unit {
    srclang: Option<String>,
    created: Option<i64>,
    props: Vec<(String, String)>,
    /// (lang, segment text in our syntax)
    variants: Vec<(String, String)>,
}

/// Reads a TMX document (1.1–1.4) and stores its units. The whole file is parsed before anything
/// is written, so a malformed file imports nothing.
pub fn import_tmx(
    xml: &str,
    store: &dyn MemoryStore,
    identity: &ImportIdentity,
) -> Result<ImportReport, MemoryError> {
    import_tmx_with(xml, store, identity, &|_| identity.glossary_version.clone())
}

/// Like `import_tmx`, with the glossary version of units that carry none chosen per target
/// language (`glossary_version(lang)`): a project's glossary version differs per language, and
/// an entry is only found by a run whose version matches.
pub fn import_tmx_with(
    xml: &str,
    store: &dyn MemoryStore,
    identity: &ImportIdentity,
    glossary_version: &dyn Fn(&str) -> String,
) -> Result<ImportReport, MemoryError> {
    let units = parse_units(xml)?;
    let mut report = ImportReport {
        units: units.1.len(),
        ..ImportReport::default()
    };
    let header_src = units.0;
    let mut entries = Vec::new();
    for u in units.1 {
        let prop = |name: &str| -> Option<String> {
            if identity.force {
                return None;
            }
            u.props
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        let src_lang = u
            .srclang
            .clone()
            .or_else(|| header_src.clone().filter(|s| s != "*all*"))
            .or_else(|| u.variants.first().map(|(l, _)| l.clone()));
        let Some(src_lang) = src_lang else {
            report.skipped += 1;
            continue;
        };
        let Some((_, source)) = u
            .variants
            .iter()
            .find(|(l, _)| l.eq_ignore_ascii_case(&src_lang))
        else {
            report.skipped += 1;
            continue;
        };
        let targets: Vec<&(String, String)> = u
            .variants
            .iter()
            .filter(|(l, t)| !l.eq_ignore_ascii_case(&src_lang) && !t.trim().is_empty())
            .collect();
        if source.trim().is_empty() || targets.is_empty() {
            report.skipped += 1;
            continue;
        }
        for (lang, target) in targets {
            let mut e = Entry {
                key: String::new(),
                source: source.clone(),
                target: target.clone(),
                source_lang: src_lang.clone(),
                target_lang: lang.clone(),
                backend: prop("x-subloc-backend").unwrap_or_else(|| identity.backend.clone()),
                model: prop("x-subloc-model").unwrap_or_else(|| identity.model.clone()),
                prompt_version: prop("x-subloc-prompt-version")
                    .unwrap_or_else(|| identity.prompt_version.clone()),
                options: prop("x-subloc-options").unwrap_or_else(|| identity.options.clone()),
                glossary_version: prop("x-subloc-glossary-version")
                    .unwrap_or_else(|| glossary_version(lang)),
                // The segment's term digest of a version 2 key; a unit without one (a TMX file
                // of another tool, or of subloc before issue 14) is keyed as version 1 unless its
                // version 2 key is known (`Entry::upgraded`).
                terms: prop("x-subloc-terms"),
                created: u.created.unwrap_or_else(now_unix),
                billed_chars: u
                    .props
                    .iter()
                    .find(|(k, _)| k == "x-subloc-billed-chars")
                    .and_then(|(_, v)| v.parse().ok())
                    .unwrap_or(0),
            };
            e.key = e.computed_key();
            entries.push(e.upgraded());
        }
    }
    for chunk in entries.chunks(1000) {
        report.imported += store.put_many(chunk)?;
    }
    Ok(report)
}

/// The header's source language and the translation units of a TMX document, each with its
/// variants as segment text (native codes back to placeholders) and its `<prop>`s.
fn parse_units(xml: &str) -> Result<(Option<String>, Vec<Unit>), MemoryError> {
    let err = |pos: u64, e: &dyn std::fmt::Display| MemoryError::Tmx(format!("byte {pos}: {e}"));
    let mut reader = XmlReader::new(xml);
    let mut p = TmxReader::default();
    loop {
        let pos = reader.position();
        // The door's reader also refuses a file cut off inside an element: a truncated download
        // must import nothing, not its first half.
        let ev = reader.read_event().map_err(|e| err(e.offset, &e.message))?;
        let empty = matches!(ev, Event::Empty(_));
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) if p.seg.is_none() => p.start(e, empty),
            Event::End(e) if p.seg.is_none() => p.end(e.local_name().as_ref()),
            Event::Text(t) if p.seg.is_none() => {
                if let Some((_, v)) = p.prop.as_mut() {
                    v.push_str(&xml::text_of(&t));
                }
            }
            Event::GeneralRef(r) if p.seg.is_none() => {
                if let Some((_, v)) = p.prop.as_mut() {
                    v.push(xml::resolve(&r).map_err(|e| err(pos, &e))?);
                }
            }
            // Inside <seg>.
            Event::Start(e) if is_native(e.local_name().as_ref()) => p.native_depth += 1,
            Event::Start(_) => {}
            Event::Empty(_) => {}
            Event::End(e) => p.end_in_seg(e.local_name().as_ref()),
            Event::Text(t) => p.push_seg_text(&xml::text_of(&t)),
            Event::CData(t) => p.push_seg_text(&xml::cdata_of(&t)),
            Event::GeneralRef(r) => {
                let c = xml::resolve(&r).map_err(|e| err(pos, &e))?;
                p.push_seg_text(c.encode_utf8(&mut [0; 4]));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !p.saw_tmx {
        return Err(MemoryError::Tmx("no <tmx> element".into()));
    }
    Ok((p.header_src, p.units))
}

/// Where `parse_units` is in the document.
#[derive(Default)]
struct TmxReader {
    header_src: Option<String>,
    units: Vec<Unit>,
    /// The `<tu>` being read.
    unit: Option<Unit>,
    /// Language of the `<tuv>` being read.
    tuv_lang: Option<String>,
    /// Text of the `<seg>` being read.
    seg: Option<String>,
    native_depth: usize,
    /// Native code of the inline element being read (`<ph>`, `<bpt>` …).
    native: String,
    /// The `<prop>` being read: type and value.
    prop: Option<(String, String)>,
    saw_tmx: bool,
}

impl TmxReader {
    /// An element outside `<seg>`: the header, units, variants, segments and properties.
    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        let name = e.local_name().as_ref().to_string();
        // Local names too: TMX 1.1 wrote `lang` where 1.4 writes `xml:lang`.
        let attr = |key: &str| xml::attribute_local(e, key);
        match name.as_str() {
            "tmx" => self.saw_tmx = true,
            "header" => self.header_src = attr("srclang"),
            "tu" if !empty => {
                self.unit = Some(Unit {
                    srclang: attr("srclang"),
                    created: attr("creationdate").and_then(|d| parse_tmx_date(&d)),
                    ..Unit::default()
                });
            }
            "tuv" => self.tuv_lang = attr("lang"),
            "seg" if empty => {
                if let (Some(lang), Some(u)) = (self.tuv_lang.clone(), self.unit.as_mut()) {
                    u.variants.push((lang, String::new()));
                }
            }
            "seg" => self.seg = Some(String::new()),
            "prop" if !empty => self.prop = attr("type").map(|t| (t, String::new())),
            _ => {}
        }
    }

    /// A closing element outside `<seg>`: a unit is complete, a variant or property ends.
    fn end(&mut self, name: &str) {
        match name {
            "tu" => self.units.extend(self.unit.take()),
            "tuv" => self.tuv_lang = None,
            "prop" => {
                if let (Some(p), Some(u)) = (self.prop.take(), self.unit.as_mut()) {
                    u.props.push(p);
                }
            }
            _ => {}
        }
    }

    /// A closing element inside `<seg>`: the segment ends (a variant of the unit), or a native
    /// code ends and becomes a placeholder.
    fn end_in_seg(&mut self, name: &str) {
        if name == "seg" {
            if let (Some(text), Some(lang), Some(u)) =
                (self.seg.take(), self.tuv_lang.clone(), self.unit.as_mut())
            {
                u.variants.push((lang, text));
            }
            self.seg = None;
            self.native_depth = 0;
            self.native.clear();
        } else if is_native(name) {
            self.native_depth = self.native_depth.saturating_sub(1);
            if self.native_depth == 0
                && let Some(s) = self.seg.as_mut()
            {
                s.push_str(&native_code(&self.native));
                self.native.clear();
            }
        }
    }

    /// Text inside `<seg>`: native code while inside one, else segment text (escaped).
    fn push_seg_text(&mut self, t: &str) {
        if self.native_depth > 0 {
            self.native.push_str(t);
        } else if let Some(s) = self.seg.as_mut() {
            s.push_str(&escape_text(t));
        }
    }
}

fn is_native(name: &str) -> bool {
    matches!(name, "ph" | "bpt" | "ept" | "it" | "ut")
}

/// Our own placeholders come back as they were exported; any other tool's native code becomes
/// escaped text (it can never match a subloc segment, and must not read as markup).
fn native_code(code: &str) -> String {
    if code.starts_with("<x ") || code.starts_with("<g ") || code == "</g>" {
        code.to_string()
    } else {
        escape_text(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translate::BackendIdentity;
    use crate::translate::memory::{KeyContext, SqliteMemory};

    fn ctx() -> KeyContext {
        KeyContext {
            source_lang: "zh-Hans".into(),
            target_lang: "fa".into(),
            identity: BackendIdentity {
                model: Some("m1".into()),
                ..BackendIdentity::new("deepl")
            },
            glossary_version: "g7".into(),
        }
    }

    #[test]
    fn dates_round_trip() {
        assert_eq!(tmx_date(0), "19700101T000000Z");
        assert_eq!(tmx_date(951_782_400), "20000229T000000Z");
        assert_eq!(parse_tmx_date("20000229T000000Z"), Some(951_782_400));
        let t = 1_795_000_123;
        assert_eq!(parse_tmx_date(&tmx_date(t)), Some(t));
        assert_eq!(parse_tmx_date("2000-02-29"), None);
    }

    #[test]
    fn placeholders_become_inline_tags() {
        let s = seg_content("a &lt; b<x id=\"1\"/>c<g id=\"2\">景泰蓝 &amp; co</g>");
        assert_eq!(
            s,
            "a &lt; b<ph x=\"1\">&lt;x id=&quot;1&quot;/&gt;</ph>c<bpt i=\"2\" x=\"2\">&lt;g id=&quot;2&quot;&gt;</bpt>景泰蓝 &amp; co<ept i=\"2\">&lt;/g&gt;</ept>"
        );
    }

    #[test]
    fn export_then_import_restores_every_entry_and_key() {
        let a = SqliteMemory::open_in_memory().unwrap();
        let c = ctx();
        let e1 = c.entry(
            "你好<x id=\"1\"/>世界 &amp; 朋友",
            "سلام<x id=\"1\"/> دنیا &amp; دوست",
            9,
        );
        let e2 = c.entry(
            "做<g id=\"1\">میناکاری</g>",
            "ساختن <g id=\"1\">میناکاری</g>",
            3,
        );
        a.put_many(&[e1.clone(), e2.clone()]).unwrap();
        let mut buf = Vec::new();
        assert_eq!(
            export_tmx(&a, &ExportFilter::default(), &mut buf).unwrap(),
            2
        );
        let xml = String::from_utf8(buf).unwrap();
        assert!(xml.contains("<tmx version=\"1.4\">"));
        assert!(xml.contains("srclang=\"zh-Hans\""));

        let b = SqliteMemory::open_in_memory().unwrap();
        let report = import_tmx(&xml, &b, &ImportIdentity::default()).unwrap();
        assert_eq!(
            report,
            ImportReport {
                units: 2,
                imported: 2,
                skipped: 0
            }
        );
        for e in [&e1, &e2] {
            let got = b.get(&e.key).unwrap().expect("same key after import");
            assert_eq!(got.target, e.target);
            assert_eq!(got.source, e.source);
            assert_eq!(got.created, e.created);
            assert_eq!(got.billed_chars, e.billed_chars);
        }
    }

    #[test]
    fn foreign_tmx_gets_the_given_identity() {
        let xml = r#"<?xml version="1.0"?>
<tmx version="1.4"><header srclang="en" creationtool="x" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"/>
<body>
  <tu><tuv xml:lang="en"><seg>Hello <ph>{1}</ph>&amp; bye</seg></tuv><tuv xml:lang="de"><seg>Hallo <ph>{1}</ph>&amp; tschüss</seg></tuv><tuv xml:lang="fr"><seg>Salut</seg></tuv></tu>
  <tu><tuv xml:lang="en"><seg>Only source</seg></tuv></tu>
</body></tmx>"#;
        let m = SqliteMemory::open_in_memory().unwrap();
        let id = ImportIdentity {
            backend: "human".into(),
            ..ImportIdentity::default()
        };
        let r = import_tmx(xml, &m, &id).unwrap();
        assert_eq!(
            r,
            ImportReport {
                units: 2,
                imported: 2,
                skipped: 1
            }
        );
        // No glossary version: no hints either, so the unit gets its version 2 key.
        let key = crate::translate::memory::KeyScope {
            source_lang: "en",
            target_lang: "de",
            backend: "human",
            model: "",
            prompt_version: "",
            options: "",
        }
        .key_v2("Hello {1}&amp; bye", "");
        assert_eq!(
            m.get(&key).unwrap().unwrap().target,
            "Hallo {1}&amp; tschüss"
        );
    }

    #[test]
    fn foreign_native_codes_export_as_well_formed_xml() {
        let xml = r#"<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg><ph>&lt;b&gt;</ph>Hi &amp; <ph>&amp;nbsp;</ph></seg></tuv><tuv xml:lang="de"><seg><ph>&lt;b&gt;</ph>Hallo</seg></tuv></tu></body></tmx>"#;
        let a = SqliteMemory::open_in_memory().unwrap();
        import_tmx(xml, &a, &ImportIdentity::default()).unwrap();
        let mut buf = Vec::new();
        export_tmx(&a, &ExportFilter::default(), &mut buf).unwrap();
        let out = String::from_utf8(buf).unwrap();
        let b = SqliteMemory::open_in_memory().unwrap();
        let r = import_tmx(&out, &b, &ImportIdentity::default()).unwrap();
        assert_eq!(r.imported, 1, "{out}");
        let mut targets = Vec::new();
        b.for_each(&mut |e| {
            targets.push(e.target);
            Ok(())
        })
        .unwrap();
        assert_eq!(targets, ["&lt;b&gt;Hallo"]);
    }

    #[test]
    fn malformed_tmx_imports_nothing() {
        let m = SqliteMemory::open_in_memory().unwrap();
        let bad = "<tmx><body><tu><tuv xml:lang=\"en\"><seg>a</seg></tuv><tuv xml:lang=\"de\"><seg>b</seg></tuv></tu><tu></body></tmx>";
        assert!(import_tmx(bad, &m, &ImportIdentity::default()).is_err());
        assert_eq!(m.stats().unwrap().entries, 0);
        assert!(import_tmx("<html/>", &m, &ImportIdentity::default()).is_err());
        let cut = "<tmx><body><tu><tuv xml:lang=\"en\"><seg>a</seg></tuv><tuv xml:lang=\"de\"><seg>b</seg></tuv></tu><tu>";
        assert!(import_tmx(cut, &m, &ImportIdentity::default()).is_err());
        assert_eq!(m.stats().unwrap().entries, 0);
    }

    #[test]
    fn forbidden_characters_become_replacement_and_cr_survives() {
        // The XML door's rule: U+FFFD. This writer used to drop C0 controls and let U+FFFE/U+FFFF
        // through, which made the file not XML; a raw CR came back as LF (§2.11), changing the key.
        let a = SqliteMemory::open_in_memory().unwrap();
        let c = ctx();
        let e = c.entry("a\u{FFFF}b\r\nc", "x\u{1}y", 1);
        a.put_many(std::slice::from_ref(&e)).unwrap();
        let mut buf = Vec::new();
        export_tmx(&a, &ExportFilter::default(), &mut buf).unwrap();
        let out = String::from_utf8(buf).unwrap();
        assert!(!out.contains(['\u{1}', '\u{FFFF}']), "{out}");
        assert!(out.contains("<seg>a\u{FFFD}b&#13;&#10;c</seg>"), "{out}");
        assert!(out.contains("<seg>x\u{FFFD}y</seg>"), "{out}");
        let b = SqliteMemory::open_in_memory().unwrap();
        import_tmx(&out, &b, &ImportIdentity::default()).unwrap();
        let mut got = Vec::new();
        b.for_each(&mut |e| {
            got.push((e.source, e.target));
            Ok(())
        })
        .unwrap();
        assert_eq!(
            got,
            [("a\u{FFFD}b\r\nc".to_string(), "x\u{FFFD}y".to_string())]
        );
    }

    #[test]
    fn foreign_text_is_read_as_xml_says() {
        let doc = |seg: &str| {
            format!(
                "<tmx version=\"1.4\"><header srclang=\"en\"/><body><tu><tuv xml:lang=\"en\"><seg>Hi</seg></tuv><tuv xml:lang=\"de\"><seg>{seg}</seg></tuv></tu></body></tmx>"
            )
        };
        // Line ends are normalized (§2.11), in text and CDATA; they used to be kept as CR LF.
        let m = SqliteMemory::open_in_memory().unwrap();
        import_tmx(
            &doc("a\r\nb<![CDATA[\r\nc]]>"),
            &m,
            &ImportIdentity::default(),
        )
        .unwrap();
        let mut targets = Vec::new();
        m.for_each(&mut |e| {
            targets.push(e.target);
            Ok(())
        })
        .unwrap();
        assert_eq!(targets, ["a\nb\nc"]);
        // A reference to a character XML forbids is not well-formed (§4.1); it used to import.
        for bad in ["&#1;", "&#xFFFF;", "&#X41;"] {
            let m = SqliteMemory::open_in_memory().unwrap();
            let err = import_tmx(&doc(bad), &m, &ImportIdentity::default()).unwrap_err();
            assert!(err.to_string().contains("bad character reference"), "{err}");
            assert_eq!(m.stats().unwrap().entries, 0);
        }
    }
}
