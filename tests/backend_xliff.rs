//! XLIFF 2.1 export and import: the round trip through a translator, and every way a returned
//! file can be wrong (unknown, missing, duplicated units, lost placeholders, foreign markup,
//! entities, another language, not XLIFF at all).

use quick_xml::Reader;
use quick_xml::events::Event;
use subloc::interchange::xliff::{
    ExportUnit, NAMESPACE, XliffProblem, export, import, import_partial,
};
use subloc::model::Timestamp;
use subloc::translate::segment::RestoreError;
use subloc::translate::{Segment, TermHint};

use crate::backend_support::seg;

fn segments() -> Vec<Segment> {
    let mut a = seg(
        "ep01#1",
        "欢迎来到<g id=\"1\">Starfleet</g>学院<x id=\"2\"/>!",
    );
    a.context.speaker = Some("Kirk".into());
    a.context.max_chars = Some(42);
    a.context.terms = vec![TermHint {
        source: "星际舰队".into(),
        target: Some("Starfleet".into()),
        note: Some("organisation".into()),
    }];
    a.context.after = vec!["是的".into()];
    let b = seg("ep01#2", "1 &lt; 2 &amp; \"引号\"");
    let c = seg("ep02#1", "再见");
    vec![a, b, c]
}

fn exported() -> String {
    let segs = segments();
    let units: Vec<ExportUnit<'_>> = segs
        .iter()
        .enumerate()
        .map(|(i, s)| ExportUnit {
            segment: s,
            timing: (i == 0).then_some((Timestamp::from_ms(1_000), Timestamp::from_ms(3_500))),
        })
        .collect();
    export(&units, "zh-Hans", "fa")
}

/// Fills the `<target/>`s in order, as a translator's tool would.
fn fill(xliff: &str, targets: &[&str]) -> String {
    let mut parts = xliff.split("<target/>");
    let mut out = parts.next().unwrap_or("").to_string();
    for (i, rest) in parts.enumerate() {
        out.push_str(&format!(
            "<target>{}</target>",
            targets.get(i).unwrap_or(&"")
        ));
        out.push_str(rest);
    }
    out
}

const GOOD: [&str; 3] = [
    "به آکادمی <mrk id=\"m1\" translate=\"no\" type=\"term\">Starfleet</mrk> خوش آمدید<ph id=\"2\" canCopy=\"no\" canDelete=\"no\"/>!",
    "۱ &lt; ۲ &amp; \"نقل\"",
    "خداحافظ",
];

#[test]
fn export_is_well_formed_xliff_2_1() {
    let x = exported();
    let mut reader = Reader::from_str(&x);
    let mut names = Vec::new();
    loop {
        match reader.read_event().expect("well-formed") {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => names.push(e.local_name().as_ref().to_string()),
            _ => {}
        }
    }
    assert_eq!(names[0], "xliff");
    assert!(x.contains(&format!(
        "xmlns=\"{NAMESPACE}\" version=\"2.1\" srcLang=\"zh-Hans\" trgLang=\"fa\""
    )));
    assert_eq!(
        names.iter().filter(|n| *n == "file").count(),
        2,
        "one file per episode"
    );
    assert_eq!(names.iter().filter(|n| *n == "unit").count(), 3);
    assert!(x.contains("<file id=\"f1\" original=\"ep01\">"));
    assert!(x.contains("<unit id=\"ep01_23_1\" name=\"ep01#1\">"));
    assert!(x.contains("<note category=\"timing\">00:00:01.000 – 00:00:03.500</note>"));
    assert!(x.contains("<note category=\"speaker\">Kirk</note>"));
    assert!(x.contains("<note category=\"max-length\">42</note>"));
    assert!(x.contains("<note category=\"glossary\">星际舰队 = Starfleet (organisation)</note>"));
    assert!(x.contains("<note category=\"context-after\">是的</note>"));
    assert!(x.contains(
        "<source>欢迎来到<mrk id=\"m1\" translate=\"no\" type=\"term\">Starfleet</mrk>学院<ph id=\"2\" canCopy=\"no\" canDelete=\"no\"/>!</source>"
    ));
    assert!(x.contains("<source>1 &lt; 2 &amp; \"引号\"</source>"));
    // A unit without context has no <notes> (XLIFF requires at least one note inside).
    let last_unit = x.rsplit("<unit ").next().unwrap();
    assert!(!last_unit.contains("<notes>"));
}

#[test]
fn round_trip_through_a_translator() {
    let segs = segments();
    let back = import(&fill(&exported(), &GOOD), &segs, "fa").expect("clean import");
    assert_eq!(
        back,
        vec![
            (
                "ep01#1".to_string(),
                "به آکادمی <g id=\"1\">Starfleet</g> خوش آمدید<x id=\"2\"/>!".to_string()
            ),
            ("ep01#2".to_string(), "۱ &lt; ۲ &amp; \"نقل\"".to_string()),
            ("ep02#1".to_string(), "خداحافظ".to_string()),
        ]
    );
    // A region subtag of the same language is the same target; another script is not.
    assert!(import(&fill(&exported(), &GOOD), &segs, "fa-IR").is_ok());
    let hant = exported().replace("trgLang=\"fa\"", "trgLang=\"zh-Hant\"");
    assert!(matches!(
        import(&fill(&hant, &GOOD), &segs, "zh-Hans")
            .unwrap_err()
            .as_slice(),
        [XliffProblem::WrongLanguage { .. }]
    ));
}

#[test]
fn problems_are_reported_per_unit_and_good_units_survive() {
    let segs = segments();
    // Unit 1 lost its <ph>, unit 2 untranslated, unit 3 fine.
    let lost = "به آکادمی <mrk id=\"m1\" translate=\"no\">Starfleet</mrk> خوش آمدید!";
    let file = fill(&exported(), &[lost, "", "خداحافظ"]);
    let (ok, problems) = import_partial(&file, &segs, "fa");
    assert_eq!(ok, vec![("ep02#1".to_string(), "خداحافظ".to_string())]);
    assert_eq!(
        problems,
        vec![
            XliffProblem::Placeholder {
                id: "ep01#1".into(),
                error: RestoreError::Missing { id: 2 }
            },
            XliffProblem::Untranslated {
                id: "ep01#2".into()
            },
        ]
    );
    assert!(import(&file, &segs, "fa").is_err());
}

#[test]
fn unknown_missing_and_duplicated_units() {
    let segs = segments();
    let file = fill(&exported(), &GOOD);
    // Rename the last unit to an id that was never exported.
    let renamed = file.replace("name=\"ep02#1\"", "name=\"ep99#1\"");
    let problems = import(&renamed, &segs, "fa").unwrap_err();
    assert_eq!(
        problems,
        vec![
            XliffProblem::UnknownUnit {
                id: "ep99#1".into()
            },
            XliffProblem::MissingUnit {
                id: "ep02#1".into()
            },
        ]
    );
    // Duplicate the middle unit: neither copy is trusted.
    let start = file.find("<unit id=\"ep01_23_2\"").unwrap();
    let end = file[start..].find("</unit>").unwrap() + start + "</unit>".len();
    let unit = file[start..end].to_string();
    let doubled = file.replacen(&unit, &format!("{unit}\n{unit}"), 1);
    let (ok, problems) = import_partial(&doubled, &segs, "fa");
    assert_eq!(
        problems,
        vec![XliffProblem::DuplicateUnit {
            id: "ep01#2".into()
        }]
    );
    assert_eq!(
        ok.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(),
        ["ep01#1", "ep02#1"]
    );
    // Without `name`, the escaped unit id is decoded.
    let nameless = file.replace(" name=\"ep02#1\"", "");
    assert!(import(&nameless, &segs, "fa").is_ok());
}

#[test]
fn foreign_markup_and_entities_are_not_trusted() {
    let segs = segments();
    let pc =
        "به <pc id=\"9\">آکادمی</pc> <mrk id=\"m1\" translate=\"no\">Starfleet</mrk><ph id=\"2\"/>";
    let (_, problems) = import_partial(&fill(&exported(), &[pc, GOOD[1], GOOD[2]]), &segs, "fa");
    // A `<pc>` is a code subloc writes, but not with an id the source does not have.
    assert_eq!(
        problems,
        vec![XliffProblem::Placeholder {
            id: "ep01#1".into(),
            error: RestoreError::Invented { id: 9 }
        }]
    );
    let cp = "به <cp hex=\"E000\"/> <mrk id=\"m1\" translate=\"no\">Starfleet</mrk><ph id=\"2\"/>";
    let (_, problems) = import_partial(&fill(&exported(), &[cp, GOOD[1], GOOD[2]]), &segs, "fa");
    assert_eq!(
        problems,
        vec![XliffProblem::UnexpectedMarkup {
            id: "ep01#1".into(),
            element: "cp".into()
        }]
    );
    // A DOCTYPE with an (external) entity is never resolved: the reference is a problem.
    let evil = fill(&exported(), &[GOOD[0], "&xxe;", GOOD[2]]).replacen(
        "<xliff ",
        "<!DOCTYPE xliff [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<xliff ",
        1,
    );
    let (ok, problems) = import_partial(&evil, &segs, "fa");
    assert_eq!(
        problems,
        vec![XliffProblem::UnknownEntity {
            id: "ep01#2".into(),
            name: "xxe".into()
        }]
    );
    assert_eq!(ok.len(), 2);
    // Character references are fine.
    let refs = fill(
        &exported(),
        &[GOOD[0], "&#1777; &lt; &#x6F2; &amp; \"x\"", GOOD[2]],
    );
    let back = import(&refs, &segs, "fa").unwrap();
    assert_eq!(back[1].1, "۱ &lt; ۲ &amp; \"x\"");
}

#[test]
fn whole_file_problems() {
    let segs = segments();
    assert_eq!(
        import(&fill(&exported(), &GOOD), &segs, "de").unwrap_err(),
        vec![XliffProblem::WrongLanguage {
            expected: "de".into(),
            found: "fa".into()
        }]
    );
    assert_eq!(
        import("<tmx version=\"1.4\"/>", &segs, "fa").unwrap_err(),
        vec![XliffProblem::NotXliff]
    );
    assert_eq!(
        import("<xliff version=\"1.2\"></xliff>", &segs, "fa").unwrap_err(),
        vec![XliffProblem::NotXliff]
    );
    let broken = import(
        "<xliff version=\"2.1\"><file><unit></file></xliff>",
        &segs,
        "fa",
    );
    assert!(matches!(
        broken.unwrap_err().as_slice(),
        [XliffProblem::Xml { .. }]
    ));
    // Arbitrary bytes never panic.
    for s in ["", "<", "&", "<?xml?>", "\u{0}", "<xliff version=\"2.0\">"] {
        let _ = import_partial(s, &segs, "fa");
    }
}
