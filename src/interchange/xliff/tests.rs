//! Unit tests of XLIFF export and import.

use super::write::to_inline;
use super::*;

#[test]
fn unit_ids_are_nmtokens_and_reversible() {
    for id in ["ep01#3", "S01E02 – pilot#17", "a_b#1", "x"] {
        let u = unit_id(id);
        assert!(
            u.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')),
            "{u}"
        );
        assert_eq!(segment_id_of(&u).as_deref(), Some(id));
    }
    assert_eq!(unit_id("ep01#3"), "ep01_23_3");
    assert_eq!(segment_id_of("bad_zz_"), None);
}

#[test]
fn inline_conversion() {
    assert_eq!(
        to_inline("a &lt;b&gt; <x id=\"1\"/>c <g id=\"2\">Kirk</g> &amp; d"),
        "a &lt;b&gt; <ph id=\"1\" canCopy=\"no\" canDelete=\"no\"/>c \
         <mrk id=\"m2\" translate=\"no\" type=\"term\">Kirk</mrk> &amp; d"
    );
    // Stray markup is text; an unclosed term is closed to stay well-formed.
    assert_eq!(to_inline("1 < 2"), "1 &lt; 2");
    assert_eq!(
        to_inline("<g id=\"1\">x"),
        "<mrk id=\"m1\" translate=\"no\" type=\"term\">x</mrk>"
    );
    // A character XML 1.0 forbids becomes U+FFFD (the door's rule; it used to be dropped).
    assert_eq!(to_inline("a\u{1}b"), "a\u{FFFD}b");
}

fn seg(id: &str, text: &str) -> Segment {
    Segment {
        id: id.into(),
        text: text.into(),
        context: Default::default(),
    }
}

#[test]
fn episodes_are_recorded_per_file_and_read_back() {
    let segs = [seg("ep01#1", "你好"), seg("ep02-ass#4", "a<x id=\"1\"/>b")];
    let units: Vec<ExportUnit<'_>> = segs.iter().map(ExportUnit::from).collect();
    let x = export_with_files(
        &units,
        "zh-Hans",
        "fa",
        &[("ep01", "eps/ep01.srt"), ("ep02-ass", "eps/a & b/ep02.ass")],
    );
    let info = file_info(&x).unwrap();
    assert_eq!(info.source_lang.as_deref(), Some("zh-Hans"));
    assert_eq!(info.target_lang.as_deref(), Some("fa"));
    assert_eq!(
        info.episodes,
        vec![
            ("ep01".to_string(), Some("eps/ep01.srt".to_string())),
            (
                "ep02-ass".to_string(),
                Some("eps/a & b/ep02.ass".to_string())
            ),
        ]
    );
    // A unit-level note of the same category is not the file's.
    let plain = export(&units, "zh-Hans", "fa");
    assert!(
        file_info(&plain)
            .unwrap()
            .episodes
            .iter()
            .all(|(_, p)| p.is_none())
    );
    assert_eq!(file_info("<tmx/>"), Err(XliffProblem::NotXliff));
    assert!(matches!(
        file_info("<xliff version=\"2.1\"><file>"),
        Err(XliffProblem::Xml { .. })
    ));
}

#[test]
fn a_changed_source_is_refused() {
    let old = [seg("ep01#1", "你好<x id=\"1\"/>吗 &amp; 1 &lt; 2")];
    let units: Vec<ExportUnit<'_>> = old.iter().map(ExportUnit::from).collect();
    let filled =
        export(&units, "zh-Hans", "fa").replace("<target/>", "<target>سلام <ph id=\"1\"/></target>");
    // The same text imports (the source survives the XML round trip exactly)…
    assert_eq!(
        import(&filled, &old, "fa").unwrap(),
        vec![("ep01#1".to_string(), "سلام <x id=\"1\"/>".to_string())]
    );
    // … another text under the same id does not.
    let new = [seg("ep01#1", "再见<x id=\"1\"/>")];
    assert_eq!(
        import(&filled, &new, "fa").unwrap_err(),
        vec![XliffProblem::SourceChanged {
            id: "ep01#1".into()
        }]
    );
}

#[test]
fn the_backend_sends_nothing() {
    let b = XliffBackend;
    assert_eq!(b.identity().kind, "xliff");
    assert_eq!(b.billing(), Billing::Free);
    assert!(b.supports("zh-Hans", "fa").is_ok());
    assert!(b.supports("zh-Hans", "!!").is_err());
}

#[test]
fn inline_conversion_is_linear() {
    let hostile = format!("{}>", "<".repeat(200_000));
    let started = std::time::Instant::now();
    let out = to_inline(&hostile);
    assert!(out.starts_with("&lt;&lt;") && out.ends_with("&gt;"));
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
}

/// Fills every empty target of an exported file with `target`.
fn filled(xliff: &str, target: &str) -> String {
    xliff.replace("<target/>", &format!("<target>{target}</target>"))
}

#[test]
fn ids_with_whitespace_survive_the_name_attribute() {
    // A tab or line break in an attribute must be written as a character reference, or
    // attribute-value normalization reads it back as a space and the unit no longer matches
    // its segment (the old `escape_attr` wrote them raw).
    let segs = [seg("ep\t01\n#1", "Hi")];
    let units: Vec<ExportUnit<'_>> = segs.iter().map(ExportUnit::from).collect();
    let out = export(&units, "en", "fr");
    assert!(out.contains("name=\"ep&#9;01&#10;#1\""), "{out}");
    let got = import(&filled(&out, "Salut"), &segs, "fr").unwrap();
    assert_eq!(got, [("ep\t01\n#1".to_string(), "Salut".to_string())]);
}

#[test]
fn references_to_forbidden_characters_are_refused() {
    // XML 1.0 §4.1 (WFC: Legal Character): `&#1;` is not well-formed, like `&#0;`. It used to
    // put U+0001 into the translation.
    let segs = [seg("e#1", "Hi")];
    let units: Vec<ExportUnit<'_>> = segs.iter().map(ExportUnit::from).collect();
    let out = export(&units, "en", "fr");
    for bad in ["&#1;", "&#0;", "&#xFFFE;", "&#X41;"] {
        let (ok, problems) = import_partial(&filled(&out, &format!("a{bad}b")), &segs, "fr");
        assert!(ok.is_empty(), "{bad}");
        assert_eq!(problems.len(), 1, "{bad}: {problems:?}");
        assert_eq!(problems[0].code(), "xliff-unknown-entity", "{bad}");
    }
    let got = import(&filled(&out, "a&#x41;&#66;b"), &segs, "fr").unwrap();
    assert_eq!(got[0].1, "aABb");
}

#[test]
fn cdata_line_ends_are_normalized_like_text() {
    // XML 1.0 §2.11 normalizes line ends in the whole document, CDATA included.
    let segs = [seg("e#1", "Hi")];
    let units: Vec<ExportUnit<'_>> = segs.iter().map(ExportUnit::from).collect();
    let out = export(&units, "en", "fr");
    let got = import(&filled(&out, "<![CDATA[a\r\nb]]>\r\nc"), &segs, "fr").unwrap();
    assert_eq!(got[0].1, "a\nb\nc");
}
