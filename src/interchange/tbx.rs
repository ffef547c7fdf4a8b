//! TBX, the glossary's exchange format with CAT tools: `export_tbx` writes the glossary as
//! TBX-Basic (v3, or the 2008 edition with `TbxVersion::Basic2008`), `read_tbx` reads a TBX
//! file's concepts and `import_tbx` merges them into `glossary.yaml` as proposed entries (the
//! merge itself is the glossary's, `glossary::import`).
//!
//! Writing follows TBX v3 (ISO 30042:2019) in the TBX-Basic dialect, DCA style: one
//! `conceptEntry` per term, a `langSec` for the source language (source form preferred, variants
//! admitted, translator note as the definition) and one per target language (approved text
//! `preferredTerm-admn-sts`, variants `admittedTerm-admn-sts`, forbidden and rejected renderings
//! `deprecatedTerm-admn-sts`), with reviewer and date as a `transacGrp`. Proposed renderings are
//! left out unless asked for, and then marked with a note.
//!
//! TBX 2008 (ISO 30042:2008, the `martif` document of TBX-Basic 2008) is what older CAT tools
//! and translate-toolkit (`translate/storage/tbx.py`: root `martif`, `termEntry`/`langSet`/`tig`/
//! `term`) read: the same content under the 2008 names — `martif type="TBX-Basic"` without a
//! namespace, `martifHeader`, `termEntry`, `langSet`, `tig` — and the header's `encodingDesc`
//! naming the TBX-Basic XCS. No DOCTYPE is written: a reader that validates brings its own DTD,
//! and one that does not (translate-toolkit) must not try to fetch it.
//!
//! Reading detects the edition by its root (`tbx` or `martif`; anything else is not a TBX file)
//! and takes v3 (`conceptEntry`/`langSec`/`termSec`) and 2008 (`termEntry`/`langSet`/`tig`,
//! `ntig`) names through the XML door (`crate::xml`): a DOCTYPE is skipped and never fetched; only the
//! five predefined entities and character references are understood, any other entity is an
//! error, so no external or recursive entity is ever expanded; a file cut off inside an element
//! is an error, not the concepts before the cut.

use std::fmt::Write as _;

use quick_xml::events::{BytesStart, Event};

use crate::glossary::export::in_force;
use crate::glossary::import::{
    GlossaryImportError, GlossaryImportOutcome, Item, ItemTarget, import_items,
};
use crate::glossary::schema::{Glossary, Status, Target, Term, lang_serves};
use crate::xml::{self, XmlReader, attribute};

/// Which renderings to export.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExportOptions<'a> {
    /// Target languages to include (empty: every language in the glossary).
    pub langs: &'a [&'a str],
    /// Also export proposed renderings (marked as such in TBX).
    pub include_proposed: bool,
}

/// The edition of TBX a document follows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TbxVersion {
    /// TBX v3, ISO 30042:2019 (root `tbx`).
    #[default]
    V3,
    /// TBX 2008, ISO 30042:2008 (root `martif`), in the TBX-Basic dialect.
    Basic2008,
}

/// The element names of an edition.
struct Names {
    concept: &'static str,
    lang: &'static str,
    term: &'static str,
}

impl TbxVersion {
    fn names(self) -> Names {
        match self {
            TbxVersion::V3 => Names {
                concept: "conceptEntry",
                lang: "langSec",
                term: "termSec",
            },
            TbxVersion::Basic2008 => Names {
                concept: "termEntry",
                lang: "langSet",
                term: "tig",
            },
        }
    }
}

fn term_sec(out: &mut String, n: &Names, term: &str, status: &str, extra: &str) {
    let _ = write!(
        out,
        "          <{t}>\n            <term>{}</term>\n            <termNote type=\"administrativeStatus\">{status}</termNote>\n{extra}          </{t}>\n",
        xml::text(term),
        t = n.term
    );
}

/// The whole glossary as a TBX-Basic v3 document.
pub fn export_tbx(glossary: &Glossary, opts: &ExportOptions<'_>) -> String {
    export_tbx_as(glossary, opts, TbxVersion::V3)
}

/// The whole glossary as a TBX-Basic document of the given edition.
pub fn export_tbx_as(glossary: &Glossary, opts: &ExportOptions<'_>, version: TbxVersion) -> String {
    let n = version.names();
    let langs: Vec<&str> = if opts.langs.is_empty() {
        glossary.languages()
    } else {
        opts.langs.to_vec()
    };
    let title = glossary
        .series
        .as_ref()
        .and_then(|s| s.title.as_deref())
        .unwrap_or("glossary");
    let mut out = String::new();
    let (root, header, encoding) = match version {
        TbxVersion::V3 => (
            "tbx",
            "tbxHeader",
            "<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"{lang}\" xmlns=\"urn:iso:std:iso:30042:ed-2\">",
        ),
        // TBX-Basic 2008 names its constraint specification in the header (TBX-Basic
        // specification, "encodingDesc": `<p type="XCSURI">TBXBasicXCSV02.xcs</p>`).
        TbxVersion::Basic2008 => (
            "martif",
            "martifHeader",
            "<martif type=\"TBX-Basic\" xml:lang=\"{lang}\">",
        ),
    };
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&encoding.replace("{lang}", &xml::attr(&glossary.source)));
    let _ = write!(
        out,
        "\n  <{header}>\n    <fileDesc>\n      <titleStmt><title>{}</title></titleStmt>\n\
         \x20     <sourceDesc><p>subloc glossary.yaml, schema version {}</p></sourceDesc>\n\
         \x20   </fileDesc>\n",
        xml::text(title),
        glossary.version
    );
    if version == TbxVersion::Basic2008 {
        out.push_str(
            "    <encodingDesc><p type=\"XCSURI\">TBXBasicXCSV02.xcs</p></encodingDesc>\n",
        );
    }
    let _ = write!(out, "  </{header}>\n  <text>\n    <body>\n");
    for term in &glossary.terms {
        let _ = writeln!(out, "      <{} id=\"{}\">", n.concept, xml::attr(&term.id));
        source_lang_sec(&mut out, &n, &glossary.source, term);
        for lang in &langs {
            let body = target_terms(term, &n, lang, opts);
            if !body.is_empty() {
                let _ = writeln!(out, "        <{} xml:lang=\"{}\">", n.lang, xml::attr(lang));
                out.push_str(&body);
                let _ = writeln!(out, "        </{}>", n.lang);
            }
        }
        let _ = writeln!(out, "      </{}>", n.concept);
    }
    let _ = writeln!(out, "    </body>\n  </text>\n</{root}>");
    out
}

/// The source language's `<langSec>`: the term's note as definition, its source form as the
/// preferred term, its variants as admitted ones.
fn source_lang_sec(out: &mut String, n: &Names, source_lang: &str, term: &Term) {
    let _ = writeln!(
        out,
        "        <{} xml:lang=\"{}\">",
        n.lang,
        xml::attr(source_lang)
    );
    if let Some(n) = &term.note {
        let _ = writeln!(
            out,
            "          <descrip type=\"definition\">{}</descrip>",
            xml::text(n)
        );
    }
    term_sec(out, n, &term.source, "preferredTerm-admn-sts", "");
    for v in &term.variants {
        term_sec(out, n, v, "admittedTerm-admn-sts", "");
    }
    let _ = writeln!(out, "        </{}>", n.lang);
}

/// The `<termSec>`s of one target language: the rendering in force (preferred) with its
/// variants, a rejected rendering and the forbidden forms (deprecated). Empty when there is none.
fn target_terms(term: &Term, n: &Names, lang: &str, opts: &ExportOptions<'_>) -> String {
    let mut body = String::new();
    if let Some((text, e)) = in_force(term, lang, opts.include_proposed) {
        let extra = e.map(rendering_notes).unwrap_or_default();
        term_sec(&mut body, n, text, "preferredTerm-admn-sts", &extra);
        for v in e.map(|e| e.variants.as_slice()).unwrap_or(&[]) {
            term_sec(&mut body, n, v, "admittedTerm-admn-sts", "");
        }
    }
    if let Some(e) = term.target(lang) {
        if e.status == Status::Rejected
            && let Some(t) = &e.text
        {
            term_sec(
                &mut body,
                n,
                t,
                "deprecatedTerm-admn-sts",
                "            <note>status: rejected</note>\n",
            );
        }
        if e.status != Status::Proposed || opts.include_proposed {
            for f in &e.forbidden {
                term_sec(&mut body, n, f, "deprecatedTerm-admn-sts", "");
            }
        }
    }
    body
}

/// What travels with a rendering inside its `<termSec>`: who changed it and when
/// (`<transacGrp>`), a proposed status, and its note.
fn rendering_notes(e: &Target) -> String {
    let mut extra = String::new();
    if e.reviewer.is_some() || e.updated.is_some() {
        extra.push_str("            <transacGrp>\n              <transac type=\"transactionType\">modification</transac>\n");
        if let Some(d) = &e.updated {
            let _ = writeln!(extra, "              <date>{}</date>", xml::text(d));
        }
        if let Some(r) = &e.reviewer {
            let _ = writeln!(
                extra,
                "              <transacNote type=\"responsibility\">{}</transacNote>",
                xml::text(r)
            );
        }
        extra.push_str("            </transacGrp>\n");
    }
    if e.status == Status::Proposed {
        extra.push_str("            <note>status: proposed</note>\n");
    }
    if let Some(n) = &e.note {
        let _ = writeln!(extra, "            <note>{}</note>", xml::text(n));
    }
    extra
}

/// TBX administrative status of a term, reduced to what the glossary can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TbxStatus {
    Preferred,
    Admitted,
    /// Deprecated, superseded, not recommended or forbidden: becomes a forbidden rendering.
    Deprecated,
    Unspecified,
}

impl TbxStatus {
    fn parse(s: &str) -> TbxStatus {
        let s = s.to_ascii_lowercase();
        if s.starts_with("preferred") {
            TbxStatus::Preferred
        } else if s.starts_with("admitted") {
            TbxStatus::Admitted
        } else if [
            "deprecated",
            "superseded",
            "notrecommended",
            "forbidden",
            "obsolete",
        ]
        .iter()
        .any(|p| s.starts_with(p))
        {
            TbxStatus::Deprecated
        } else {
            TbxStatus::Unspecified
        }
    }
}

/// One term of a TBX concept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TbxTerm {
    pub text: String,
    pub status: TbxStatus,
}

/// One TBX concept: its id and terms per language (file order).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TbxConcept {
    pub id: Option<String>,
    pub langs: Vec<(String, Vec<TbxTerm>)>,
}

/// Merges a TBX file: the language section matching the glossary's source language gives the
/// source forms; every other language section gives a proposed entry (preferred term → text,
/// admitted → variants, deprecated → forbidden).
pub fn import_tbx(
    glossary_text: &str,
    tbx_text: &str,
    date: &str,
) -> Result<GlossaryImportOutcome, GlossaryImportError> {
    let glossary = crate::glossary::load(glossary_text).map_err(GlossaryImportError::Glossary)?;
    let source_lang: Option<unic_langid::LanguageIdentifier> = glossary.source.parse().ok();
    let serves_source = |l: &str| {
        l.parse::<unic_langid::LanguageIdentifier>()
            .ok()
            .zip(source_lang.as_ref())
            .is_some_and(|(have, src)| lang_serves(&have, src))
    };
    let concepts = read_tbx(tbx_text)?;
    let mut items = Vec::new();
    for (i, c) in concepts.into_iter().enumerate() {
        let mut sources = Vec::new();
        let mut targets = Vec::new();
        for (lang, terms) in &c.langs {
            let usable: Vec<&TbxTerm> = terms
                .iter()
                .filter(|t| t.status != TbxStatus::Deprecated)
                .collect();
            if serves_source(lang) {
                sources.extend(usable.iter().map(|t| t.text.clone()));
                continue;
            }
            let Some(main) = usable
                .iter()
                .find(|t| t.status == TbxStatus::Preferred)
                .or(usable.first())
            else {
                continue;
            };
            targets.push(ItemTarget {
                lang: lang.clone(),
                text: main.text.clone(),
                variants: usable
                    .iter()
                    .filter(|t| t.text != main.text)
                    .map(|t| t.text.clone())
                    .collect(),
                forbidden: terms
                    .iter()
                    .filter(|t| t.status == TbxStatus::Deprecated)
                    .map(|t| t.text.clone())
                    .collect(),
            });
        }
        items.push(Item {
            number: i + 1,
            id_hint: c.id,
            sources,
            targets,
        });
    }
    import_items(glossary_text, items, date)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Capture {
    Term,
    Status,
}

/// Reads the concepts of a TBX file of either edition.
pub fn read_tbx(doc: &str) -> Result<Vec<TbxConcept>, GlossaryImportError> {
    read_tbx_document(doc).map(|(_, concepts)| concepts)
}

/// Reads a TBX file: its edition (by the root element: `tbx` is v3, `martif` 2008) and its
/// concepts. A document with another root is not a TBX file: an error, not zero concepts.
pub fn read_tbx_document(doc: &str) -> Result<(TbxVersion, Vec<TbxConcept>), GlossaryImportError> {
    let mut reader = XmlReader::new(doc);
    let mut r = TbxReader::default();
    let mut version = None;
    loop {
        let ev = reader.read_event().map_err(|e| GlossaryImportError::Tbx {
            position: e.offset,
            message: e.message,
        })?;
        if let Event::Start(e) | Event::Empty(e) = &ev
            && version.is_none()
        {
            version = Some(match e.local_name().as_ref() {
                "tbx" => TbxVersion::V3,
                "martif" => TbxVersion::Basic2008,
                other => {
                    return Err(GlossaryImportError::Tbx {
                        position: 0,
                        message: format!(
                            "not a TBX document: the root element is <{}>, not <tbx> (TBX v3) or <martif> (TBX 2008)",
                            other
                        ),
                    });
                }
            });
        }
        match ev {
            Event::Start(e) => r.start(&e),
            Event::End(e) => r.end(e.local_name().as_ref()),
            Event::Text(t) if r.capture.is_some() => r.buf.push_str(&xml::text_of(&t)),
            Event::CData(t) if r.capture.is_some() => r.buf.push_str(&xml::cdata_of(&t)),
            Event::GeneralRef(gr) => {
                let c = xml::resolve(&gr).map_err(|e| GlossaryImportError::Tbx {
                    position: reader.position(),
                    message: e.to_string(),
                })?;
                if r.capture.is_some() {
                    r.buf.push(c);
                }
            }
            // A DOCTYPE is read past, never fetched or expanded.
            Event::Eof => break,
            _ => {}
        }
    }
    match version {
        Some(v) => Ok((v, r.concepts)),
        None => Err(GlossaryImportError::Tbx {
            position: 0,
            message: "not a TBX document: no root element".into(),
        }),
    }
}

/// Where `read_tbx` is: the concept, language section and term being read, and the text of a
/// `<term>` or status note being captured.
#[derive(Default)]
struct TbxReader {
    concepts: Vec<TbxConcept>,
    concept: Option<TbxConcept>,
    lang: Option<String>,
    term: Option<TbxTerm>,
    capture: Option<Capture>,
    buf: String,
}

impl TbxReader {
    /// An opening element: a concept, a language section, a term section, or the text to capture.
    fn start(&mut self, e: &BytesStart<'_>) {
        match e.local_name().as_ref() {
            "conceptEntry" | "termEntry" => {
                self.concept = Some(TbxConcept {
                    id: attribute(e, "id"),
                    langs: Vec::new(),
                });
            }
            // TBX 1 (ISO 12200 MARTIF) files name the language with `lang`.
            "langSec" | "langSet" => {
                self.lang = attribute(e, "xml:lang").or_else(|| attribute(e, "lang"));
            }
            "termSec" | "tig" | "ntig" => {
                self.term = Some(TbxTerm {
                    text: String::new(),
                    status: TbxStatus::Unspecified,
                });
            }
            "term" => {
                self.capture = Some(Capture::Term);
                self.buf.clear();
            }
            "termNote" if attribute(e, "type").as_deref() == Some("administrativeStatus") => {
                self.capture = Some(Capture::Status);
                self.buf.clear();
            }
            _ => {}
        }
    }

    /// A closing element: the captured text lands in the term, a term joins its language in the
    /// concept, a concept is complete.
    fn end(&mut self, name: &str) {
        match name {
            "term" if self.capture == Some(Capture::Term) => {
                if let Some(t) = self.term.as_mut() {
                    t.text = self.buf.trim().to_string();
                }
                self.capture = None;
            }
            "termNote" if self.capture == Some(Capture::Status) => {
                if let Some(t) = self.term.as_mut() {
                    t.status = TbxStatus::parse(self.buf.trim());
                }
                self.capture = None;
            }
            "termSec" | "tig" | "ntig" => {
                if let (Some(t), Some(c), Some(l)) =
                    (self.term.take(), self.concept.as_mut(), self.lang.as_ref())
                    && !t.text.is_empty()
                {
                    match c.langs.iter_mut().find(|(x, _)| x == l) {
                        Some((_, v)) => v.push(t),
                        None => c.langs.push((l.clone(), vec![t])),
                    }
                }
            }
            "langSec" | "langSet" => self.lang = None,
            "conceptEntry" | "termEntry" => {
                if let Some(c) = self.concept.take() {
                    self.concepts.push(c);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "# Test glossary\nversion: 1\nsource: zh-Hans\nterms:\n  # kiln\n  - id: kiln\n    source: 窑\n    kind: craft\n    targets:\n      en: {text: kiln, status: approved}\n";

    fn sample() -> Glossary {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/series/glossary.yaml");
        crate::glossary::load(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn tbx_has_the_core_structure_and_statuses() {
        let g = sample();
        let x = export_tbx(&g, &ExportOptions::default());
        // Well-formed, and reads back through the importer.
        let concepts = read_tbx(&x).unwrap_or_else(|e| panic!("{e:?}\n{x}"));
        assert_eq!(concepts.len(), g.terms.len());
        let back = concepts
            .iter()
            .find(|c| c.id.as_deref() == Some("liuli"))
            .unwrap();
        let en = back.langs.iter().find(|(l, _)| l == "en").unwrap();
        assert_eq!(en.1[0].text, "liuli glaze");
        assert!(x.contains(
            "<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"zh-Hans\" xmlns=\"urn:iso:std:iso:30042:ed-2\">"
        ));
        assert_eq!(x.matches("<conceptEntry id=").count(), g.terms.len());
        let liuli = x.split("<conceptEntry id=\"liuli\">").nth(1).unwrap();
        let liuli = liuli.split("</conceptEntry>").next().unwrap();
        assert!(liuli.contains("<term>liuli glaze</term>\n            <termNote type=\"administrativeStatus\">preferredTerm-admn-sts</termNote>"));
        assert!(liuli.contains("<term>crystal</term>\n            <termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote>"));
        assert!(liuli.contains("<transacNote type=\"responsibility\">Helen Wu</transacNote>"));
        // The rejected Persian rendering is recorded as deprecated, never as preferred.
        let fa = liuli.split("<langSec xml:lang=\"fa\">").nth(1).unwrap();
        let fa = fa.split("</langSec>").next().unwrap();
        assert!(fa.contains("<term>شیشه</term>\n            <termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote>"));
        assert!(!fa.contains("preferredTerm"));
        // Proposed renderings only on request.
        let cl = |x: &str| {
            x.split("<conceptEntry id=\"cloisonne\">")
                .nth(1)
                .unwrap()
                .split("</conceptEntry>")
                .next()
                .unwrap()
                .to_string()
        };
        assert!(!cl(&x).contains("مينا الحجيرات"));
        let with = export_tbx(
            &g,
            &ExportOptions {
                langs: &["ar"],
                include_proposed: true,
            },
        );
        assert!(cl(&with).contains("<term>مينا الحجيرات</term>"));
        assert!(cl(&with).contains("<note>status: proposed</note>"));
        assert!(!with.contains("xml:lang=\"en\""));
    }

    #[test]
    fn tbx_import_reads_statuses_and_refuses_entities() {
        let tbx = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tbx [<!ENTITY ext SYSTEM "file:///etc/passwd">]>
<tbx type="TBX-Basic" style="dca" xml:lang="zh" xmlns="urn:iso:std:iso:30042:ed-2">
<text><body>
<conceptEntry id="kiln-x">
  <langSec xml:lang="zh"><termSec><term>窑</term></termSec></langSec>
  <langSec xml:lang="fr">
    <termSec><term>four</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
    <termSec><term>fours</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
    <termSec><term>fourneau</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
  </langSec>
</conceptEntry>
<conceptEntry id="Silk Road">
  <langSec xml:lang="zh-CN"><termSec><term>丝绸之路</term></termSec></langSec>
  <langSec xml:lang="en"><termSec><term>Silk &amp; Road</term></termSec></langSec>
</conceptEntry>
</body></text></tbx>"#;
        let out = import_tbx(DOC, tbx, "2026-12-03").unwrap();
        assert_eq!(
            out.added_entries,
            vec![("kiln".to_string(), "fr".to_string())]
        );
        assert_eq!(out.new_terms, vec!["silk-road".to_string()]);
        let g = crate::glossary::load(&out.new_yaml).unwrap();
        let fr = g.term("kiln").unwrap().target("fr").unwrap();
        assert_eq!(fr.text.as_deref(), Some("four"));
        assert_eq!(fr.variants, vec!["fours".to_string()]);
        assert_eq!(fr.forbidden, vec!["fourneau".to_string()]);
        assert_eq!(
            g.term("silk-road")
                .unwrap()
                .target("en")
                .unwrap()
                .text
                .as_deref(),
            Some("Silk & Road")
        );
        // An entity reference to the external entity is refused, never expanded.
        let evil = tbx.replace("<term>four</term>", "<term>&ext;</term>");
        assert!(matches!(
            import_tbx(DOC, &evil, "d"),
            Err(GlossaryImportError::Tbx { .. })
        ));
        assert!(matches!(
            read_tbx("<tbx><a></b></tbx>"),
            Err(GlossaryImportError::Tbx { .. })
        ));
    }

    #[test]
    fn truncated_files_and_forbidden_references_are_refused() {
        let doc = |inner: &str| {
            format!(
                "<tbx><text><body><conceptEntry id=\"a\"><langSec xml:lang=\"en\"><termSec><term>{inner}</term></termSec></langSec></conceptEntry></body></text></tbx>"
            )
        };
        assert_eq!(
            read_tbx(&doc("ok &#x41;")).unwrap()[0].langs[0].1[0].text,
            "ok A"
        );
        // Cut off inside an element: an error, not the concepts before the cut (this reader used
        // to return them).
        let whole = doc("kiln");
        let cut = whole
            .get(..whole.len() - "</body></text></tbx>".len())
            .unwrap();
        assert!(matches!(
            read_tbx(cut),
            Err(GlossaryImportError::Tbx { .. })
        ));
        // A reference to a character XML 1.0 forbids (§4.1), which used to be read.
        for bad in ["&#1;", "&#xFFFE;", "&#X41;"] {
            let err = read_tbx(&doc(bad)).unwrap_err();
            assert!(
                err.to_string().contains("bad character reference"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn export_replaces_forbidden_characters_and_reads_back() {
        let yaml = "version: 1\nsource: zh-Hans\nterms:\n  - id: kiln\n    source: \"窑\\u0001\"\n    kind: craft\n    note: \"a \\\"q\\\" & <b>\"\n    targets:\n      en: {text: \"kiln \\uFFFF\", status: approved}\n";
        let g = crate::glossary::load(yaml).unwrap();
        let x = export_tbx(&g, &ExportOptions::default());
        assert!(!x.contains(['\u{1}', '\u{FFFF}']), "{x}");
        assert!(
            x.contains("<descrip type=\"definition\">a \"q\" &amp; &lt;b&gt;</descrip>"),
            "{x}"
        );
        let back = read_tbx(&x).unwrap();
        let terms: Vec<&str> = back[0]
            .langs
            .iter()
            .map(|(_, t)| t[0].text.as_str())
            .collect();
        assert_eq!(terms, ["窑\u{FFFD}", "kiln \u{FFFD}"]);
    }

    proptest::proptest! {
        #[test]
        fn reading_any_tbx_never_panics(s in "\\PC{0,64}|[<>/a-z =\"&;#x0-9]{0,48}") {
            let _ = read_tbx(&s);
            let _ = read_tbx(&format!("<tbx><conceptEntry id=\"a\"><langSec xml:lang=\"en\"><termSec><term>{s}</term></termSec></langSec></conceptEntry></tbx>"));
        }
    }

    /// The path of element names from the root to every `<term>` of a document.
    fn term_paths(doc: &str) -> Vec<Vec<String>> {
        let mut reader = quick_xml::Reader::from_str(doc);
        let mut stack: Vec<String> = Vec::new();
        let mut out = Vec::new();
        loop {
            match reader.read_event().unwrap() {
                quick_xml::events::Event::Start(e) => {
                    stack.push(e.local_name().as_ref().to_string());
                    if stack.last().map(String::as_str) == Some("term") {
                        out.push(stack.clone());
                    }
                }
                quick_xml::events::Event::End(_) => {
                    stack.pop();
                }
                quick_xml::events::Event::Eof => break,
                _ => {}
            }
        }
        out
    }

    #[test]
    fn tbx_2008_export_has_the_tbx_basic_shape() {
        let g = sample();
        let x = export_tbx_as(&g, &ExportOptions::default(), TbxVersion::Basic2008);
        assert!(
            x.starts_with(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<martif type=\"TBX-Basic\" xml:lang=\"zh-Hans\">\n  <martifHeader>"
            ),
            "{x}"
        );
        assert!(
            x.contains("<encodingDesc><p type=\"XCSURI\">TBXBasicXCSV02.xcs</p></encodingDesc>")
        );
        assert!(x.trim_end().ends_with("</martif>"));
        // No v3 names and no namespace (TBX 2008 elements have none).
        for v3 in ["conceptEntry", "langSec", "termSec", "xmlns", "<tbx"] {
            assert!(!x.contains(v3), "{v3} in {x}");
        }
        assert_eq!(x.matches("<termEntry id=").count(), g.terms.len());
        // Every term sits at martif/text/body/termEntry/langSet/tig/term.
        let paths = term_paths(&x);
        assert!(paths.len() > g.terms.len());
        for p in &paths {
            assert_eq!(
                p,
                &[
                    "martif",
                    "text",
                    "body",
                    "termEntry",
                    "langSet",
                    "tig",
                    "term"
                ],
            );
        }
        // Statuses, notes and the transaction group travel as in v3.
        let liuli = x.split("<termEntry id=\"liuli\">").nth(1).unwrap();
        let liuli = liuli.split("</termEntry>").next().unwrap();
        assert!(liuli.contains("<term>liuli glaze</term>\n            <termNote type=\"administrativeStatus\">preferredTerm-admn-sts</termNote>"));
        assert!(liuli.contains("<transacNote type=\"responsibility\">Helen Wu</transacNote>"));
        // Read back, it is the same glossary content as the v3 document, and says what it is.
        let (version, concepts) = read_tbx_document(&x).unwrap();
        assert_eq!(version, TbxVersion::Basic2008);
        let v3 = export_tbx(&g, &ExportOptions::default());
        let (version3, concepts3) = read_tbx_document(&v3).unwrap();
        assert_eq!(version3, TbxVersion::V3);
        assert_eq!(concepts, concepts3);
    }

    #[test]
    fn import_of_each_edition_gives_the_same_glossary_entries() {
        let g = sample();
        let opts = ExportOptions {
            langs: &[],
            include_proposed: true,
        };
        let v3 = import_tbx(DOC, &export_tbx(&g, &opts), "2026-12-03").unwrap();
        let old = import_tbx(
            DOC,
            &export_tbx_as(&g, &opts, TbxVersion::Basic2008),
            "2026-12-03",
        )
        .unwrap();
        assert!(!v3.new_terms.is_empty());
        assert_eq!(old.new_terms, v3.new_terms);
        assert_eq!(old.added_entries, v3.added_entries);
        assert_eq!(old.new_yaml, v3.new_yaml);
        let back = crate::glossary::load(&old.new_yaml).unwrap();
        let fa = back.term("liuli").map(|t| t.target("fa"));
        assert!(fa.is_some(), "{}", old.new_yaml);
    }

    #[test]
    fn translate_toolkit_tbx_2008_is_imported() {
        // Written by hand in the shape translate-toolkit's `tbxfile` produces (its skeleton:
        // DOCTYPE martif, `<martif type="TBX">`, `martifHeader`; units as termEntry/langSet/tig/
        // term, notes as `<note>`, definitions as `<descrip type="definition">`), no statuses.
        let tt = r#"<?xml version="1.0"?>
<!DOCTYPE martif PUBLIC "ISO 12200:1999A//DTD MARTIF core (DXFcdV04)//EN" "TBXcdv04.dtd">
<martif type="TBX" xml:lang="zh-Hans">
<martifHeader>
<fileDesc>
<sourceDesc><p>Translate Toolkit</p></sourceDesc>
</fileDesc>
</martifHeader>
<text><body>
    <termEntry id="窑">
        <langSet xml:lang="zh-Hans"><tig><term>窑</term></tig></langSet>
        <langSet xml:lang="de"><tig><term>Brennofen</term></tig></langSet>
        <note from="translator">a kiln for porcelain</note>
    </termEntry>
    <termEntry>
        <langSet xml:lang="zh-Hans"><tig><term>景泰蓝</term></tig></langSet>
        <langSet xml:lang="de"><tig><term>Cloisonné</term></tig></langSet>
        <descrip type="definition">enamel work</descrip>
    </termEntry>
</body></text>
</martif>
"#;
        let (version, concepts) = read_tbx_document(tt).unwrap();
        assert_eq!(version, TbxVersion::Basic2008);
        assert_eq!(concepts.len(), 2);
        let out = import_tbx(DOC, tt, "2026-12-03").unwrap();
        assert_eq!(
            out.added_entries,
            vec![("kiln".to_string(), "de".to_string())]
        );
        assert_eq!(out.new_terms.len(), 1, "{:?}", out.new_terms);
        let g = crate::glossary::load(&out.new_yaml).unwrap();
        let de = g.term("kiln").unwrap().target("de").unwrap();
        assert_eq!(de.text.as_deref(), Some("Brennofen"));
        assert_eq!(de.status, Status::Proposed);
        let new = g.term(&out.new_terms[0]).unwrap();
        assert_eq!(new.source, "景泰蓝");
        assert_eq!(
            new.target("de").and_then(|t| t.text.as_deref()),
            Some("Cloisonné")
        );
    }

    #[test]
    fn a_document_that_is_not_tbx_is_refused() {
        for doc in [
            "<tmx version=\"1.4\"><body/></tmx>",
            "<xliff version=\"2.1\"/>",
            "",
        ] {
            let err = read_tbx(doc).unwrap_err();
            assert!(
                err.to_string().contains("not a TBX document"),
                "{doc}: {err}"
            );
        }
    }
}
