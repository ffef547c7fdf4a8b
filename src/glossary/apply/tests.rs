//! Unit tests of `glossary apply`.

use super::*;
use crate::glossary::review::{fingerprint, review_csv};

fn sample() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/series/glossary.yaml");
    std::fs::read_to_string(path).unwrap()
}

/// Fills in `decision`, `corrected_text`, `reviewer` and `comment` of the row for `term`, the
/// way a partner edits the sheet in a spreadsheet.
fn decide(csv_text: &str, term: &str, decision: &str, corrected: &str, reviewer: &str) -> String {
    let records = csv::read(csv_text, ',').unwrap();
    let mut out = String::from("\u{feff}");
    for r in records {
        let mut cells = r.cells.clone();
        if cells.first().map(String::as_str) == Some(term) {
            cells[7] = decision.into();
            cells[8] = corrected.into();
            cells[9] = reviewer.into();
            cells[10] = "checked with the Cairo team, see mail of 3 Dec".into();
        }
        let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
        csv::write_record(&mut out, &refs, ',');
    }
    out
}

/// Lines only in `a` and lines only in `b` (a multiset difference, enough for small edits).
fn line_diff(a: &str, b: &str) -> (Vec<String>, Vec<String>) {
    let mut only_b: Vec<String> = b.lines().map(str::to_string).collect();
    let mut only_a = Vec::new();
    for l in a.lines() {
        if let Some(i) = only_b.iter().position(|x| x == l) {
            only_b.remove(i);
        } else {
            only_a.push(l.to_string());
        }
    }
    (only_a, only_b)
}

#[test]
fn review_round_trip_changes_exactly_the_decided_lines() {
    let original = sample();
    let sheet = review_csv(&crate::glossary::load(&original).unwrap(), "ar");
    let mut edited = decide(&sheet, "cloisonne", "approve", "", "Layla Haddad");
    edited = decide(&edited, "jingtailan", "Reject", "", "");
    edited = decide(
        &edited,
        "silk-road-screen",
        "correct",
        "حاجز طريق الحرير الصيني",
        "Layla Haddad",
    );
    edited = decide(&edited, "liuli", "approve", "", "Layla Haddad");
    // After the sheet went out, someone changed liuli's Arabic rendering in the glossary.
    let changed = original.replace(
        "        text: الزجاج الملون\n",
        "        text: الزجاج المعشق\n",
    );
    assert_ne!(changed, original);
    let out = apply(&changed, &edited, "2026-12-03", Some("Cairo team")).unwrap();
    assert_eq!(
        out.refused,
        vec![Refusal {
            row: out.refused[0].row,
            term_id: "liuli".into(),
            lang: "ar".into(),
            reason: RefusalReason::Conflict {
                current_text: "الزجاج المعشق".into()
            },
        }]
    );
    let summary: Vec<(&str, Decision, Status, &str)> = out
        .changes
        .iter()
        .map(|c| {
            (
                c.term_id.as_str(),
                c.decision,
                c.new_status,
                c.reviewer.as_str(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                "cloisonne",
                Decision::Approve,
                Status::Approved,
                "Layla Haddad"
            ),
            (
                "jingtailan",
                Decision::Reject,
                Status::Rejected,
                "Cairo team"
            ),
            (
                "silk-road-screen",
                Decision::Correct,
                Status::Approved,
                "Layla Haddad"
            ),
        ]
    );
    assert_eq!(
        out.changes[0].comment,
        "checked with the Cairo team, see mail of 3 Dec"
    );
    let (mut removed, mut added) = line_diff(&changed, &out.new_yaml);
    removed.sort();
    added.sort();
    let mut want_removed = vec![
        "        status: proposed",
        "        updated: 2026-11-20",
        "        status: proposed",
        "        updated: 2026-11-20",
        "      ar: {text: حاجز طريق الحرير, status: proposed, updated: 2026-11-20}",
    ];
    // Each decided row's comment is kept on its entry, with who wrote it and when.
    let mut want_added = vec![
        "        status: approved",
        "        reviewer: Layla Haddad",
        "        updated: 2026-12-03",
        "        comments:",
        "          - {reviewer: Layla Haddad, date: 2026-12-03, text: \"checked with the Cairo team, see mail of 3 Dec\"}",
        "        status: rejected",
        "        reviewer: Cairo team",
        "        updated: 2026-12-03",
        "        comments:",
        "          - {reviewer: Cairo team, date: 2026-12-03, text: \"checked with the Cairo team, see mail of 3 Dec\"}",
        "      ar: {text: حاجز طريق الحرير الصيني, status: approved, reviewer: Layla Haddad, updated: 2026-12-03, comments: [{reviewer: Layla Haddad, date: 2026-12-03, text: \"checked with the Cairo team, see mail of 3 Dec\"}]}",
    ];
    want_removed.sort_unstable();
    want_added.sort_unstable();
    assert_eq!(removed, want_removed);
    assert_eq!(added, want_added);
    assert_eq!(
        out.new_yaml.lines().count(),
        changed.lines().count() + 6,
        "only the two reviewer lines and two comment lists are new"
    );
    // Comments and everything else are untouched, and the result loads.
    assert_eq!(
        out.new_yaml
            .lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .count(),
        changed
            .lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .count()
    );
    let g = crate::glossary::load(&out.new_yaml).unwrap();
    assert_eq!(
        g.term("cloisonne").unwrap().target("ar").unwrap().status,
        Status::Approved
    );
    // Applying the same sheet again: decisions about unchanged renderings are simply recorded
    // again; the corrected one (and liuli) now conflict.
    let again = apply(&out.new_yaml, &edited, "2026-12-04", Some("x")).unwrap();
    let ids: Vec<&str> = again.changes.iter().map(|c| c.term_id.as_str()).collect();
    assert_eq!(ids, vec!["cloisonne", "jingtailan"]);
    let refused: Vec<(&str, &str)> = again
        .refused
        .iter()
        .map(|r| (r.term_id.as_str(), r.reason.id()))
        .collect();
    assert_eq!(
        refused,
        vec![("liuli", "conflict"), ("silk-road-screen", "conflict")]
    );
}

#[test]
fn refusals_explain_themselves() {
    let original = sample();
    let g = crate::glossary::load(&original).unwrap();
    let sheet = review_csv(&g, "fa");
    let mut edited = decide(&sheet, "liuli", "approve", "", "N");
    edited = decide(&edited, "beijing", "correct", "پیکن", "N");
    edited = decide(&edited, "kiln", "maybe", "", "N");
    edited = decide(&edited, "glaze", "approve", "", "");
    edited.push_str("no-such-term,craft,x,fa,approved,y,0000000000000000,approve,,N,\r\n");
    let fp = fingerprint("窑", "fa", "کوره");
    edited.push_str(&format!(
        "kiln,craft,窑,fa,approved,کوره,{fp},approve,,N,\r\n"
    ));
    edited.push_str(&format!(
        "kiln,craft,窑,fa,approved,کوره,{fp},reject,,N,\r\n"
    ));
    let out = apply(&original, &edited, "2026-12-03", None).unwrap();
    let reasons: Vec<(&str, &str)> = out
        .refused
        .iter()
        .map(|r| (r.term_id.as_str(), r.reason.id()))
        .collect();
    assert_eq!(
        reasons,
        vec![
            // liuli's Persian entry is rejected but has text, so approving it is allowed;
            // beijing's correction is one of its forbidden forms.
            ("glaze", "no-reviewer"),
            ("kiln", "unknown-decision"),
            ("beijing", "invalid"),
            ("no-such-term", "unknown-term"),
            ("kiln", "duplicate-row"),
        ]
    );
    assert_eq!(out.changes.len(), 2);
    assert_eq!(out.changes[0].term_id, "liuli");
    assert_eq!(out.changes[1].term_id, "kiln");
}

/// The one-pass merge and the row-by-row merge agree on a sheet that merges cleanly (approve,
/// reject, correct, a new entry, a refusal), and the one pass declines what only the
/// row-by-row path can attribute (a correction that breaks lint).
#[test]
fn one_pass_merge_equals_row_by_row_and_declines_an_invalid_sheet() {
    let original = sample();
    let g = crate::glossary::load(&original).unwrap();
    let sheet = review_csv(&g, "ar");
    let mut edited = decide(&sheet, "cloisonne", "approve", "", "Layla Haddad");
    edited = decide(&edited, "jingtailan", "reject", "", "Layla Haddad");
    edited = decide(
        &edited,
        "silk-road-screen",
        "correct",
        "حاجز طريق الحرير",
        "L",
    );
    edited = decide(&edited, "glaze", "approve", "", "");
    let text = strip_bom(&original).to_string();
    let raw = parse_raw(&text).unwrap();
    let records = csv::read(&edited, ',').unwrap();
    let (header, rows) = records.split_first().unwrap();
    let cols = Columns::from_header(&header.cells).unwrap();
    let inputs = read_rows(rows, &cols, false);
    let fast = merge_at_once(&text, &raw, &inputs, "2026-12-03", None).expect("one pass");
    let slow = merge_row_by_row(text.clone(), &inputs, "2026-12-03", None).unwrap();
    assert_eq!(fast, slow);
    assert_eq!(fast.1.len(), 3, "three changes");
    assert_eq!(fast.2.len(), 1, "glaze has no reviewer");
    assert_ne!(fast.0, text);

    // beijing's Persian correction is one of its forbidden forms: the merged text would not
    // lint clean, so the one pass declines and the row-by-row path refuses that row alone.
    let sheet = review_csv(&g, "fa");
    let mut edited = decide(&sheet, "liuli", "approve", "", "N");
    edited = decide(&edited, "beijing", "correct", "پیکن", "N");
    let records = csv::read(&edited, ',').unwrap();
    let (header, rows) = records.split_first().unwrap();
    let inputs = read_rows(rows, &Columns::from_header(&header.cells).unwrap(), false);
    assert!(merge_at_once(&text, &raw, &inputs, "2026-12-03", None).is_none());
    let (_, changes, refused) =
        merge_row_by_row(text.clone(), &inputs, "2026-12-03", None).unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].reason.id(), "invalid");
}

#[test]
fn a_correction_for_a_missing_language_adds_an_entry() {
    let original = sample();
    let sheet = review_csv(&crate::glossary::load(&original).unwrap(), "de");
    let edited = decide(&sheet, "kiln", "correct", "Brennofen", "Jana");
    let out = apply(&original, &edited, "2026-12-03", None).unwrap();
    assert!(out.refused.is_empty(), "{:?}", out.refused);
    let (removed, added) = line_diff(&original, &out.new_yaml);
    assert!(removed.is_empty());
    assert_eq!(
        added,
        vec![
            "      de: {text: Brennofen, status: approved, reviewer: Jana, updated: 2026-12-03, \
             comments: [{reviewer: Jana, date: 2026-12-03, text: \"checked with the Cairo team, see mail of 3 Dec\"}]}"
        ]
    );
}

#[test]
fn a_row_with_only_a_comment_records_it_and_changes_nothing_else() {
    let original = sample();
    let g = crate::glossary::load(&original).unwrap();
    let sheet = review_csv(&g, "fa");
    // `decide` writes the comment; an empty decision makes it a comment-only row.
    let edited = decide(&sheet, "kiln", "", "", "Negin");
    let edited = decide(&edited, "cloisonne", "", "", "");
    let out = apply(&original, &edited, "2026-12-03", None).unwrap();
    // cloisonne names no reviewer and there is no default: refused, not recorded anonymously.
    assert_eq!(out.refused.len(), 1, "{:?}", out.refused);
    assert_eq!(out.refused[0].reason, RefusalReason::NoReviewer);
    assert_eq!(out.changes.len(), 1);
    let c = &out.changes[0];
    assert_eq!(
        (c.decision, c.old_status, c.new_status),
        (Decision::Comment, Some(Status::Approved), Status::Approved)
    );
    let before = g.term("kiln").unwrap().target("fa").unwrap().clone();
    let after = crate::glossary::load(&out.new_yaml).unwrap();
    let after = after.term("kiln").unwrap().target("fa").unwrap().clone();
    assert_eq!(
        (&after.text, after.status, &after.reviewer, &after.updated),
        (
            &before.text,
            before.status,
            &before.reviewer,
            &before.updated
        ),
        "status, reviewer and date record decisions, not comments"
    );
    assert_eq!(after.comments.len(), before.comments.len() + 1);
    let last = after.comments.last().unwrap();
    assert_eq!(
        (
            last.reviewer.as_str(),
            last.date.as_str(),
            last.text.as_str()
        ),
        (
            "Negin",
            "2026-12-03",
            "checked with the Cairo team, see mail of 3 Dec"
        )
    );
}

#[test]
fn text_a_code_page_turned_into_question_marks_is_refused() {
    let original = sample();
    let sheet = review_csv(&crate::glossary::load(&original).unwrap(), "fa");
    let edited = decide(&sheet, "kiln", "correct", "???? ??", "Negin");
    let out = apply(&original, &edited, "2026-12-03", None).unwrap();
    assert!(out.changes.is_empty());
    assert_eq!(out.refused[0].reason, RefusalReason::LostCharacters);
    assert!(!rows::lost_characters("why??"));
    assert!(!rows::lost_characters("??"));
    assert!(rows::lost_characters("??? ?"));
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let original = sample();
    assert!(matches!(
        apply(&original, "a,b\r\n1,2\r\n", "2026-12-03", None),
        Err(ApplyError::MissingColumn("term_id"))
    ));
    assert!(matches!(
        apply(&original, "term_id,\"lang\n", "2026-12-03", None),
        Err(ApplyError::Csv(_))
    ));
    assert!(matches!(
        apply(
            "version: 1\nsource: zh-Hans\nterms:\n  - {id: A}\n",
            "",
            "d",
            None
        ),
        Err(ApplyError::Glossary(_))
    ));
    assert!(apply(&original, "", "2026-12-03", None).is_err());
}

const SMALL: &str = "version: 1\nsource: zh-Hans\nterms:\n  # kiln\n  - id: kiln\n    source: 窑\n    kind: craft\n    targets:\n      en:\n        text: kiln   # the usual word\n        forbidden: [oven]\n        status: proposed\n        note: >-\n          folded\n      fa: {text: کوره, status: approved}\n  - id: glaze\n    source: 釉\n    kind: craft\n";

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
    /// Whatever a partner writes into the sheet, apply never panics and never produces a
    /// glossary that fails to load.
    #[test]
    fn random_sheets_keep_the_glossary_valid(
        rows in proptest::collection::vec(
            (0usize..4, 0usize..3, 0usize..7, "\\PC{0,6}|oven|kiln", proptest::prelude::any::<bool>(), "\\PC{0,4}"),
            0..6,
        ),
    ) {
        let mut csv_text = String::from("term_id,lang,base_fingerprint,decision,corrected_text,reviewer\r\n");
        for (t, l, d, corrected, real_fp, reviewer) in rows {
            let term = ["kiln", "glaze", "nope", ""][t];
            let lang = ["en", "fa", "de"][l];
            let decision = ["approve", "reject", "correct", "", "x", "APPROVED", "corrected"][d];
            let current = match (term, lang) {
                ("kiln", "en") => "kiln",
                ("kiln", "fa") => "کوره",
                _ => "",
            };
            let source = match term {
                "kiln" => "窑",
                "glaze" => "釉",
                _ => "",
            };
            let fp = if real_fp { fingerprint(source, lang, current) } else { "0".into() };
            let cells = [term, lang, fp.as_str(), decision, corrected.as_str(), reviewer.as_str()];
            csv::write_record(&mut csv_text, &cells, ',');
        }
        if let Ok(out) = apply(SMALL, &csv_text, "2026-01-01", Some("R")) {
            proptest::prop_assert!(crate::glossary::load(&out.new_yaml).is_ok(), "{}", out.new_yaml);
            proptest::prop_assert!(out.new_yaml.contains("# the usual word"));
            // Whenever the one-pass merge takes a sheet, it agrees with the row-by-row one.
            let records = csv::read(&csv_text, ',').unwrap_or_default();
            if let Some((header, rows)) = records.split_first()
                && let Ok(cols) = Columns::from_header(&header.cells)
                && let Ok(raw) = parse_raw(SMALL)
            {
                let inputs = read_rows(rows, &cols, false);
                if let Some(fast) = merge_at_once(SMALL, &raw, &inputs, "2026-01-01", Some("R")) {
                    let slow = merge_row_by_row(SMALL.to_string(), &inputs, "2026-01-01", Some("R"));
                    proptest::prop_assert_eq!(Ok(fast), slow);
                }
            }
        }
    }
}
