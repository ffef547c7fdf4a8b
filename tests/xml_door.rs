//! The XML door (`subloc::xml`) seen from its users: every XML writer applies the one rule for
//! characters XML 1.0 forbids (U+FFFD), and the decoders of engine text (segment text, Google's
//! HTML-mode replies) follow the door's rule for references. Before the door these differed:
//! TTML, XLIFF and TMX dropped forbidden characters (TMX let U+FFFE/U+FFFF through), the TBX and
//! report writers replaced them; the engine decoders turned `&#1;` into U+0001.

use subloc::format;
use subloc::interchange::{tbx, tmx, xliff};
use subloc::model::{Cue, Format, RichText, Timestamp, Track};
use subloc::translate::memory::{KeyContext, MemoryStore, SqliteMemory};
use subloc::translate::{BackendIdentity, google::from_html, segment::unescape_text};

use crate::backend_support::seg;

/// What a reader of any of the outputs would see of "a\u{1}b\u{FFFF}c".
const NASTY: &str = "a\u{1}b\u{FFFF}c";

fn assert_replaced(what: &str, doc: &str) {
    assert!(!doc.contains(['\u{1}', '\u{FFFF}']), "{what}: {doc}");
    assert!(doc.contains("a\u{FFFD}b\u{FFFD}c"), "{what}: {doc}");
}

#[test]
fn every_xml_writer_replaces_forbidden_characters() {
    let track = Track {
        cues: vec![Cue::new(
            1,
            Timestamp(0),
            Timestamp(1000),
            RichText::plain(NASTY),
        )],
        ..Track::default()
    };
    assert_replaced("ttml", &format::write(&track, Format::Ttml).0);

    let segments = [seg("ep#1", NASTY)];
    let units: Vec<xliff::ExportUnit<'_>> = segments.iter().map(Into::into).collect();
    assert_replaced("xliff", &xliff::export(&units, "en", "fr"));

    let ctx = KeyContext {
        source_lang: "en".into(),
        target_lang: "fr".into(),
        identity: BackendIdentity::new("deepl"),
        glossary_version: String::new(),
    };
    let memory = SqliteMemory::open_in_memory().expect("memory");
    memory.put_many(&[ctx.entry(NASTY, "x", 1)]).expect("store");
    let mut buf = Vec::new();
    tmx::export_tmx(&memory, &tmx::ExportFilter::default(), &mut buf).expect("export");
    assert_replaced("tmx", &String::from_utf8(buf).expect("utf-8"));

    let yaml = "version: 1\nsource: en\nterms:\n  - id: t\n    source: \"a\\u0001b\\uFFFFc\"\n    kind: other\n";
    let glossary = subloc::glossary::load(yaml).expect("glossary");
    assert_replaced(
        "tbx",
        &tbx::export_tbx(&glossary, &tbx::ExportOptions::default()),
    );
}

#[test]
fn engine_text_decoders_follow_the_doors_reference_rule() {
    // Not references to allowed characters: kept as literal text (they used to decode to
    // U+0000, U+0001, U+FFFE, or accept a sign).
    for bad in ["&#0;", "&#1;", "&#+65;", "&#x+41;", "&#xFFFE;"] {
        assert_eq!(unescape_text(bad), bad);
        assert_eq!(from_html(bad), format!("&amp;{}", &bad[1..]));
    }
    // HTML's capital `X` is still accepted from engines, and Google's `&nbsp;`.
    assert_eq!(unescape_text("&#X41;&#65;&apos;"), "AA'");
    assert_eq!(from_html("&nbsp;&#X41;&lt;"), "\u{a0}A&lt;");
}
