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
        to_inline(
            "a &lt;b&gt; <x id=\"1\"/>c <g id=\"2\">Kirk</g> &amp; d",
            &[]
        ),
        "a &lt;b&gt; <ph id=\"1\" canCopy=\"no\" canDelete=\"no\"/>c \
         <mrk id=\"m2\" translate=\"no\" type=\"term\">Kirk</mrk> &amp; d"
    );
    // Stray markup is text; an unclosed term is closed to stay well-formed.
    assert_eq!(to_inline("1 < 2", &[]), "1 &lt; 2");
    assert_eq!(
        to_inline("<g id=\"1\">x", &[]),
        "<mrk id=\"m1\" translate=\"no\" type=\"term\">x</mrk>"
    );
    // A character XML 1.0 forbids becomes U+FFFD (the door's rule; it used to be dropped).
    assert_eq!(to_inline("a\u{1}b", &[]), "a\u{FFFD}b");
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
    let out = to_inline(&hostile, &[]);
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

/// The segments of an SRT text, as `translate` makes them (codes described).
fn srt_segments(srt: &str) -> Vec<Segment> {
    let (track, _) = crate::format::srt::parse(srt.to_string());
    crate::translate::segment::segment_track(
        &track,
        &crate::translate::segment::SegmentOptions::new("ep01"),
        None,
    )
    .into_iter()
    .map(|p| p.segment)
    .collect()
}

/// One cue with an italic and a bold span in the middle, and a cue with two colour changes
/// (standalone codes in a row).
const STYLED: &str = "1\n00:00:01,000 --> 00:00:03,000\nI <i>really</i> said <b>no</b> today\n\n\
                      2\n00:00:04,000 --> 00:00:06,000\nred <font color=\"#ff0000\">now <font color=\"#00ff00\">green and on\n";

fn codes_of(problems: &[XliffProblem]) -> Vec<(String, String)> {
    problems
        .iter()
        .map(|p| match p {
            XliffProblem::Codes { id, error } => (id.clone(), error.code().to_string()),
            other => (
                other.segment_id().unwrap_or("-").to_string(),
                other.code().to_string(),
            ),
        })
        .collect()
}

/// Fills the target of the unit named `name` with `target` (other units keep empty targets).
fn fill_unit(xliff: &str, name: &str, target: &str) -> String {
    let at = xliff.find(&format!("name=\"{name}\"")).unwrap();
    let rel = xliff[at..].find("<target/>").unwrap();
    let mut out = xliff.to_string();
    out.replace_range(
        at + rel..at + rel + "<target/>".len(),
        &format!("<target>{target}</target>"),
    );
    out
}

#[test]
fn paired_markup_is_exported_as_pc_with_its_original_data() {
    let segs = srt_segments(STYLED);
    assert_eq!(
        segs[0].text,
        "I <x id=\"1\"/>really<x id=\"2\"/> said <x id=\"3\"/>no<x id=\"4\"/> today"
    );
    let units: Vec<ExportUnit<'_>> = segs.iter().map(ExportUnit::from).collect();
    let x = export(&units, "en", "fr");
    assert!(
        x.contains(
            "<source>I <pc id=\"1\" dataRefStart=\"d1\" dataRefEnd=\"d2\" type=\"fmt\" subType=\"xlf:i\" \
             canCopy=\"no\" canDelete=\"no\">really</pc> said <pc id=\"3\" dataRefStart=\"d3\" \
             dataRefEnd=\"d4\" type=\"fmt\" subType=\"xlf:b\" canCopy=\"no\" canDelete=\"no\">no</pc> today</source>"
        ),
        "{x}"
    );
    assert!(x.contains("<data id=\"d1\">&lt;i&gt;</data>"), "{x}");
    assert!(x.contains("<data id=\"d4\">&lt;/b&gt;</data>"), "{x}");
    // Two colour changes in a row: standalone, and their order is fixed.
    assert!(
        x.contains("<ph id=\"1\" dataRef=\"d1\" type=\"fmt\" canCopy=\"no\" canDelete=\"no\" canReorder=\"firstNo\"/>"),
        "{x}"
    );
    assert!(
        x.contains("<ph id=\"2\" dataRef=\"d2\" type=\"fmt\" canCopy=\"no\" canDelete=\"no\" canReorder=\"no\"/>"),
        "{x}"
    );
    // The document is well-formed and its sources match the segments.
    let (ok, problems) = import_partial(&x, &segs, "fr");
    assert!(ok.is_empty());
    assert!(
        problems.iter().all(|p| p.code() == "xliff-untranslated"),
        "{problems:?}"
    );
}

#[test]
fn a_cat_tool_round_trip_imports_pc_and_sc_ec_targets() {
    let segs = srt_segments(STYLED);
    let units: Vec<ExportUnit<'_>> = segs.iter().map(ExportUnit::from).collect();
    let x = export(&units, "en", "fr");
    // A CAT tool keeps `pc` (with its attributes) in one unit and rewrites the other's spans…
    let pc = fill_unit(
        &x,
        "ep01#1",
        "J'ai <pc id=\"1\" dataRefStart=\"d1\" dataRefEnd=\"d2\" canCopy=\"no\" canDelete=\"no\">vraiment</pc> \
         dit <pc id=\"3\">non</pc> aujourd'hui",
    );
    let both = fill_unit(
        &pc,
        "ep01#2",
        "rouge <ph id=\"1\"/>maintenant <ph id=\"2\"/>vert",
    );
    assert_eq!(
        import(&both, &segs, "fr").unwrap(),
        vec![
            (
                "ep01#1".to_string(),
                "J'ai <x id=\"1\"/>vraiment<x id=\"2\"/> dit <x id=\"3\"/>non<x id=\"4\"/> aujourd'hui"
                    .to_string()
            ),
            (
                "ep01#2".to_string(),
                "rouge <x id=\"1\"/>maintenant <x id=\"2\"/>vert".to_string()
            ),
        ]
    );
    // … or as start and end codes (XLIFF lets tools convert a `pc` into `sc`/`ec`).
    let sc = fill_unit(
        &x,
        "ep01#1",
        "J'ai <sc id=\"1\"/>vraiment<ec startRef=\"1\"/> dit <sc id=\"3\"/>non<ec startRef=\"3\"/>",
    );
    let (ok, _) = import_partial(&sc, &segs, "fr");
    assert_eq!(
        ok,
        vec![(
            "ep01#1".to_string(),
            "J'ai <x id=\"1\"/>vraiment<x id=\"2\"/> dit <x id=\"3\"/>non<x id=\"4\"/>".to_string()
        )]
    );
}

#[test]
fn swapped_pair_is_refused_with_the_unit_id() {
    let segs = srt_segments(STYLED);
    let units: Vec<ExportUnit<'_>> = segs.iter().map(ExportUnit::from).collect();
    let x = export(&units, "en", "fr");
    // The end of the italic span before its start: `</i>vraiment<i>` once restored.
    let bad = fill_unit(
        &x,
        "ep01#1",
        "J'ai <ec startRef=\"1\"/>vraiment<sc id=\"1\"/> dit <pc id=\"3\">non</pc>",
    );
    let (ok, problems) = import_partial(&bad, &segs, "fr");
    assert!(ok.is_empty());
    assert!(
        codes_of(&problems).contains(&("ep01#1".into(), "code-end-before-start".into())),
        "{problems:?}"
    );
}

#[test]
fn unclosed_pair_is_refused_with_the_unit_id() {
    let segs = srt_segments(STYLED);
    let units: Vec<ExportUnit<'_>> = segs.iter().map(ExportUnit::from).collect();
    let x = export(&units, "en", "fr");
    let bad = fill_unit(
        &x,
        "ep01#1",
        "J'ai <sc id=\"1\"/>vraiment dit <pc id=\"3\">non</pc>",
    );
    let (_, problems) = import_partial(&bad, &segs, "fr");
    assert!(
        codes_of(&problems).contains(&("ep01#1".into(), "code-unclosed".into())),
        "{problems:?}"
    );
    assert_eq!(
        problems
            .iter()
            .find(|p| p.segment_id() == Some("ep01#1"))
            .map(ToString::to_string)
            .as_deref(),
        Some("unit ep01#1: code 1 is not closed")
    );
}

#[test]
fn crossed_nesting_is_refused_with_the_unit_id() {
    let segs = srt_segments(STYLED);
    let units: Vec<ExportUnit<'_>> = segs.iter().map(ExportUnit::from).collect();
    let x = export(&units, "en", "fr");
    // `<i>vraiment <b>dit</i> non</b>`: overlapping spans, malformed once restored to SRT.
    let bad = fill_unit(
        &x,
        "ep01#1",
        "J'ai <sc id=\"1\"/>vraiment <sc id=\"3\"/>dit<ec startRef=\"1\"/> non<ec startRef=\"3\"/>",
    );
    let (_, problems) = import_partial(&bad, &segs, "fr");
    assert!(
        problems.contains(&XliffProblem::Codes {
            id: "ep01#1".into(),
            error: CodeError::Crossed { id: 1, other: 3 }
        }),
        "{problems:?}"
    );
}

#[test]
fn a_pair_written_as_a_placeholder_is_refused() {
    let segs = srt_segments(STYLED);
    let units: Vec<ExportUnit<'_>> = segs.iter().map(ExportUnit::from).collect();
    let x = export(&units, "en", "fr");
    let bad = fill_unit(
        &x,
        "ep01#1",
        "J'ai <ph id=\"1\"/>vraiment<ph id=\"2\"/> dit <pc id=\"3\">non</pc>",
    );
    let (_, problems) = import_partial(&bad, &segs, "fr");
    assert!(
        codes_of(&problems).contains(&("ep01#1".into(), "code-kind".into())),
        "{problems:?}"
    );
}

#[test]
fn reordering_pairs_is_legal_where_can_reorder_allows_it() {
    let segs = srt_segments(STYLED);
    let units: Vec<ExportUnit<'_>> = segs.iter().map(ExportUnit::from).collect();
    let x = export(&units, "en", "fr");
    // The bold span moved before the italic one: spans may move (canReorder defaults to yes).
    let moved = fill_unit(
        &x,
        "ep01#1",
        "<pc id=\"3\">Non</pc>, ai-je <pc id=\"1\">vraiment</pc> dit",
    );
    let (ok, problems) = import_partial(&moved, &segs, "fr");
    assert_eq!(
        ok,
        vec![(
            "ep01#1".to_string(),
            "<x id=\"3\"/>Non<x id=\"4\"/>, ai-je <x id=\"1\"/>vraiment<x id=\"2\"/> dit"
                .to_string()
        )],
        "{problems:?}"
    );
}

#[test]
fn reordering_a_no_reorder_sequence_is_refused() {
    let segs = srt_segments(STYLED);
    let units: Vec<ExportUnit<'_>> = segs.iter().map(ExportUnit::from).collect();
    let x = export(&units, "en", "fr");
    // The two colour changes swapped: the export marked them firstNo / no.
    let bad = fill_unit(&x, "ep01#2", "<ph id=\"2\"/>vert et <ph id=\"1\"/>rouge");
    let (ok, problems) = import_partial(&bad, &segs, "fr");
    assert!(ok.is_empty());
    assert!(
        problems.contains(&XliffProblem::Codes {
            id: "ep01#2".into(),
            error: CodeError::Reordered { id: 2 }
        }),
        "{problems:?}"
    );
}

#[test]
fn an_isolated_code_is_unexpected_markup() {
    let segs = srt_segments(STYLED);
    let units: Vec<ExportUnit<'_>> = segs.iter().map(ExportUnit::from).collect();
    let x = export(&units, "en", "fr");
    let bad = fill_unit(
        &x,
        "ep01#1",
        "J'ai <sc id=\"1\" isolated=\"yes\"/>vraiment dit <pc id=\"3\">non</pc>",
    );
    let (_, problems) = import_partial(&bad, &segs, "fr");
    assert!(
        problems.contains(&XliffProblem::UnexpectedMarkup {
            id: "ep01#1".into(),
            element: "sc".into()
        }),
        "{problems:?}"
    );
}
