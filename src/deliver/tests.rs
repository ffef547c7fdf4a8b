//! Tests of the per-file job's shared rules: which reader findings survive, the timeline, the
//! order and severities of findings, and the step order (fit, write, read back, check).

use super::*;
use crate::model::{Cue, Inline, RichText, Timestamp};
use crate::platform::Profiles;

fn cue(id: u32, start: i64, end: i64, text: RichText) -> Cue {
    Cue::new(id, Timestamp(start), Timestamp(end), text)
}

fn limits(platform: &str, lang: &str) -> Limits {
    Profiles::builtin()
        .unwrap()
        .resolve(platform, Some(&lang.parse().unwrap()), Default::default())
        .unwrap()
}

fn check_only<'a>(limits: &'a Limits, overrides: &'a SeverityOverrides) -> FileJob<'a> {
    FileJob {
        check: Some(Check {
            platform: "netflix",
            limits,
            lang: "en",
            lang_source: LangSource::Flag,
            shown: "a.srt".into(),
            fps: None,
            overrides,
            compliance: None,
            fonts: None,
            source: None,
        }),
        ..FileJob::default()
    }
}

#[test]
fn reader_markup_findings_restated_by_the_rules_are_dropped_others_kept() {
    let srt = "1\n00:00:01,000 --> 00:00:03,000\n<i>open italics\n\n2\n00:00:05,000 --> 00:00:07,000\nfine\n";
    let loaded = format::read_bytes(
        srt.as_bytes().to_vec(),
        Some(Path::new("a.srt")),
        &ReadOptions::default(),
    )
    .unwrap();
    let had_reader_markup = loaded
        .diagnostics
        .iter()
        .any(|d| d.rule == rules::PARSE_BAD_MARKUP);
    let mut diagnostics = loaded.diagnostics;
    // A reader finding on a cue the rules say nothing about stays.
    diagnostics.push(Diagnostic::new(rules::PARSE_BAD_MARKUP, Severity::Warning).cue(2));
    let l = limits("netflix", "en");
    let o = SeverityOverrides::default();
    let d = run(
        Input {
            track: loaded.track,
            diagnostics,
        },
        &check_only(&l, &o),
    )
    .unwrap();
    let report = d.report.unwrap();
    let on = |rule: &str, cue: u32| {
        report
            .findings
            .iter()
            .filter(|f| f.rule == rule && f.cue == Some(cue))
            .count()
    };
    assert_eq!(on(rules::MARKUP_UNBALANCED, 1), 1, "{:?}", report.findings);
    assert!(had_reader_markup, "the reader reports the open tag too");
    assert_eq!(on(rules::PARSE_BAD_MARKUP, 1), 0, "restated: dropped");
    assert_eq!(on(rules::PARSE_BAD_MARKUP, 2), 1, "not restated: kept");
    // Ordered by cue, every finding located in the file.
    let cues: Vec<_> = report.findings.iter().map(|f| f.cue).collect();
    let mut sorted = cues.clone();
    sorted.sort();
    assert_eq!(cues, sorted);
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.path.as_deref() == Some(Path::new("a.srt")))
    );
}

#[test]
fn the_timeline_has_one_point_per_cue_that_shows_text() {
    use crate::model::{Tag, TagSyntax};
    let mut track = Track::default();
    track
        .cues
        .push(cue(1, 0, 2000, RichText::plain("Hello there")));
    let mut comment = cue(2, 2000, 4000, RichText::plain("a note"));
    comment.meta_mut().kind = CueKind::Comment;
    track.cues.push(comment);
    track.cues.push(cue(
        3,
        4000,
        6000,
        RichText::new(vec![Inline::tag(Tag {
            syntax: TagSyntax::Ass,
            raw: "{\\an8}".into(),
            effects: Vec::new(),
        })]),
    ));
    track.cues.push(cue(4, 6000, 8000, RichText::plain("Bye")));
    let l = limits("netflix", "en");
    assert_eq!(
        timeline(&track, &l)
            .iter()
            .map(|p| p.cue)
            .collect::<Vec<_>>(),
        vec![1, 4]
    );
}

#[test]
fn severities_apply_to_every_finding_and_off_removes() {
    let mut track = Track::default();
    // Far too fast and too short for Netflix.
    track.cues.push(cue(
        1,
        0,
        300,
        RichText::plain("A very long line that nobody can read in a third of a second"),
    ));
    let l = limits("netflix", "en");
    let mut o = SeverityOverrides::default();
    let input = || Input {
        track: track.clone(),
        diagnostics: vec![Diagnostic::new(rules::PARSE_BAD_TIMING, Severity::Error).cue(1)],
    };
    let before = run(input(), &check_only(&l, &o)).unwrap().report.unwrap();
    assert!(
        before
            .findings
            .iter()
            .any(|f| f.rule == rules::PARSE_BAD_TIMING)
    );
    assert!(before.findings.iter().any(|f| f.rule == "reading-speed"));
    o.set("parse-bad-timing", "off").unwrap();
    o.set("reading-speed", "info").unwrap();
    let after = run(input(), &check_only(&l, &o)).unwrap().report.unwrap();
    assert!(
        !after
            .findings
            .iter()
            .any(|f| f.rule == rules::PARSE_BAD_TIMING)
    );
    assert!(
        after
            .findings
            .iter()
            .filter(|f| f.rule == "reading-speed")
            .all(|f| f.severity == Severity::Info)
    );
}

#[test]
fn a_written_file_is_checked_as_read_back_and_comments_renumber() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out").join("ep.vtt");
    let mut track = Track::default();
    let mut comment = cue(1, 0, 1000, RichText::plain("note"));
    comment.meta_mut().kind = CueKind::Comment;
    track.cues.push(comment);
    track
        .cues
        .push(cue(2, 1000, 3000, RichText::plain("Hello")));
    track
        .cues
        .push(cue(3, 3000, 3100, RichText::plain("Too short")));
    let l = limits("netflix", "en");
    let o = SeverityOverrides::default();
    let mut job = check_only(&l, &o);
    job.write = Some(Write {
        format: Format::Vtt,
        options: WriteOptions::default(),
        lang: None,
        path: Some(&path),
        only_if_changed: false,
    });
    let d = run(
        Input {
            track,
            diagnostics: Vec::new(),
        },
        &job,
    )
    .unwrap();
    let written = std::fs::read(&path).unwrap();
    assert_eq!(Some(&written), d.bytes.as_ref());
    assert_eq!(d.cues, 2, "the comment is not in a WebVTT file");
    let report = d.report.unwrap();
    // The too-short cue is the file's second cue: findings name it as the file does.
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.rule == "timing-min-duration" && f.cue == Some(2)),
        "{:?}",
        report.findings
    );
    assert!(report.findings.iter().all(|f| f.cue != Some(3)));
}

#[test]
fn fitting_uses_the_protected_forms_and_reports_what_it_could_not_fix() {
    let mut track = Track::default();
    track.cues.push(cue(
        1,
        0,
        6000,
        RichText::plain("We visited the master of cloisonne enamel in Isfahan workshop today"),
    ));
    let l = limits("netflix", "en");
    let fitted = |keep: &[&str]| {
        let job = FileJob {
            fit: Some(Fit {
                limits: &l,
                lang: "en",
                fps: None,
                rebreak: Rebreak::Always,
                retime: false,
                strip_forbidden_italics: false,
                keep_together: keep
                    .iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>()
                    .into(),
                fonts: None,
            }),
            ..FileJob::default()
        };
        let d = run(
            Input {
                track: track.clone(),
                diagnostics: Vec::new(),
            },
            &job,
        )
        .unwrap();
        assert!(d.fix.is_some() && d.bytes.is_none() && d.report.is_none());
        d.track.cues[0]
            .text
            .to_plain()
            .lines()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let free = fitted(&[]);
    assert_eq!(free.len(), 2, "{free:?}");
    assert!(
        !free.iter().any(|l| l.contains("enamel in Isfahan")),
        "unprotected, the balanced break falls inside the term: {free:?}"
    );
    let kept = fitted(&["enamel in Isfahan"]);
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert!(
        kept.iter().any(|l| l.contains("enamel in Isfahan")),
        "the protected term stays on one line: {kept:?}"
    );
}

#[test]
fn parallel_results_keep_the_order_of_the_items() {
    let items: Vec<u32> = (0..40).collect();
    for jobs in [0, 1, 3, 64] {
        let out = in_parallel(&items, jobs, |i, n| (i, n * 2));
        assert_eq!(out.len(), 40);
        for (k, (i, doubled)) in out.iter().enumerate() {
            assert_eq!((*i, *doubled), (k, k as u32 * 2));
        }
    }
    assert!(in_parallel(&Vec::<u32>::new(), 4, |_, n| *n).is_empty());
}

/// Regression (issue 15): a translated ASS delivered as SRT loses its comment events, so the
/// written file numbers cues differently from the source; each finding's cue must still show
/// the source line it translates, its own text and its line in the written file.
#[test]
fn report_cue_texts_follow_the_written_numbering_to_their_source_lines() {
    let ass = "[Script Info]\nScriptType: v4.00+\n\n[Events]\n\
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n\
Comment: 0,0:00:00.00,0:00:01.00,Default,,0,0,0,,a note for the editor\n\
Dialogue: 0,0:00:01.00,0:00:04.00,Default,,0,0,0,,slow line\n\
Dialogue: 0,0:00:05.00,0:00:05.50,Default,,0,0,0,,fast line\n";
    let source = format::read_bytes(
        ass.as_bytes().to_vec(),
        Some(Path::new("ep.ass")),
        &ReadOptions::default(),
    )
    .unwrap()
    .track;
    let mut translated = source.clone();
    translated.cues[1].text = RichText::plain("lent");
    translated.cues[2].text = RichText::plain("beaucoup trop de texte pour une demi-seconde");
    let l = limits("netflix", "fr");
    let o = SeverityOverrides::default();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ep.srt");
    let job = FileJob {
        write: Some(Write {
            format: Format::Srt,
            options: WriteOptions::default(),
            lang: Some("fr"),
            path: Some(&out),
            only_if_changed: false,
        }),
        check: Some(Check {
            lang: "fr",
            source: Some(&source),
            ..check_only(&l, &o).check.unwrap()
        }),
        ..FileJob::default()
    };
    let d = run(
        Input {
            track: translated,
            diagnostics: Vec::new(),
        },
        &job,
    )
    .unwrap();
    let report = d.report.unwrap();
    let fast = report
        .findings
        .iter()
        .find(|f| f.rule == rules::READING_SPEED)
        .expect("the half-second cue is too fast");
    // Written as SRT the comment is gone: the fast cue is cue 2, at line 5.
    assert_eq!(fast.cue, Some(2));
    let text = report.cue_text(2).expect("cue 2 described");
    assert_eq!(text.text, "beaucoup trop de texte pour une demi-seconde");
    assert_eq!(text.source.as_deref(), Some("fast line"));
    assert_eq!(text.line, 5);
    assert_eq!((text.start_ms, text.end_ms), (5_000, 5_500));
    // Only cues with findings are described.
    assert!(report.cue_text(1).is_none());
}

/// Regression (issue 15): a writer's finding is located in the written file. The TTML writer
/// reported the input's line (for a translation, the source SRT's), the SRT writer none; the
/// report gives each the line of its cue in the file delivered.
#[test]
fn writer_findings_take_their_cues_line_in_the_written_file() {
    let mut drawn = cue(
        7,
        1_000,
        3_000,
        RichText::new(vec![
            Inline::Text("a sign ".into()),
            Inline::Drawing("m 0 0 l 10 10".into()),
        ]),
    );
    drawn.line = 99;
    let track = Track {
        cues: vec![drawn],
        ..Track::default()
    };
    let l = limits("netflix", "en");
    let o = SeverityOverrides::default();
    for format in [Format::Ttml, Format::Srt] {
        let job = FileJob {
            write: Some(Write {
                format,
                options: WriteOptions::default(),
                lang: Some("en"),
                path: None,
                only_if_changed: false,
            }),
            ..check_only(&l, &o)
        };
        let d = run(
            Input {
                track: track.clone(),
                diagnostics: Vec::new(),
            },
            &job,
        )
        .unwrap();
        let written = String::from_utf8(d.bytes.clone().unwrap()).unwrap();
        let report = d.report.unwrap();
        let dropped = report
            .findings
            .iter()
            .find(|f| f.rule == rules::WRITE_MARKUP_DROPPED)
            .unwrap_or_else(|| panic!("{format:?}: {:?}", report.findings));
        assert_eq!(dropped.cue, Some(1), "{format:?}");
        let line = written
            .lines()
            .position(|l| l.contains("a sign"))
            .map(|i| i + 1)
            .unwrap();
        // The cue's own line as the reader numbers it: the `<p` line in TTML, the index line
        // in SRT — at or just before its text, never the input's 99.
        assert!(
            dropped.line > 0
                && dropped.line as usize <= line
                && line - (dropped.line as usize) <= 2,
            "{format:?}: finding at {}, text at {line}\n{written}",
            dropped.line
        );
    }
}
