//! The human summaries of a translation run: the table of tracks written (or of the dry run's
//! estimate), the findings of the sources, and what needs attention before delivery. Text in
//! the UI language through Fluent; the JSON summary is the `Outcome` itself.

use crate::i18n::Localizer;
use crate::pipeline::Outcome;
use crate::report::text_table;

use super::super::label_text as t;

/// One line per episode whose reading found problems (the run goes on; they are the source's).
pub fn source_findings(outcome: &Outcome, loc: &Localizer) -> Vec<String> {
    outcome
        .episodes
        .iter()
        .filter(|e| e.source_findings > 0)
        .map(|ep| {
            t(
                loc,
                "translate-source-findings",
                &[
                    ("path", ep.path.clone()),
                    ("count", ep.source_findings.to_string()),
                ],
            )
        })
        .collect()
}

/// The first line of both tables: episodes, source language, backend.
fn header(o: &Outcome, loc: &Localizer, id: &str, translated: u64, segments: u64) -> String {
    let mut text = t(
        loc,
        id,
        &[
            ("episodes", o.episodes.len().to_string()),
            ("source", o.source_lang.clone()),
            ("backend", o.backend.clone()),
            ("translated", translated.to_string()),
            ("segments", segments.to_string()),
        ],
    );
    text.push('\n');
    // A run without a glossary protects no term: say so where the user looks first.
    text.push_str(&match &o.glossary.path {
        Some(path) if o.glossary.found => t(
            loc,
            "translate-glossary",
            &[
                ("path", path.clone()),
                ("count", o.glossary.terms.to_string()),
            ],
        ),
        _ => loc.text("translate-no-glossary"),
    });
    text.push_str("\n\n");
    text
}

/// The table of a finished run. The headline says "Translated" only when every segment was;
/// a run that stopped part-way or translated nothing says so (issue 14 §6).
pub fn summary_table(o: &Outcome, loc: &Localizer) -> String {
    let segments = o.totals.segments;
    let translated = o.translated_segments();
    let id = if translated == 0 && segments > 0 {
        "translate-header-nothing"
    } else if translated < segments {
        "translate-header-partial"
    } else {
        "translate-header"
    };
    let mut text = header(o, loc, id, translated, segments);
    let head = [
        "translate-col-lang",
        "translate-col-platform",
        "translate-col-format",
        "translate-col-files",
        "translate-col-cues",
        "translate-col-memory",
        "translate-col-billed",
        "translate-col-errors",
        "translate-col-warnings",
        "translate-col-report",
    ];
    let mut rows = vec![head.iter().map(|id| loc.text(id)).collect::<Vec<_>>()];
    rows.extend(summary_rows(o));
    text.push_str(&text_table(&rows));
    let rule_lines: Vec<String> = o
        .languages
        .iter()
        .flat_map(|l| l.platforms.iter().map(move |p| (l, p)))
        .filter(|(_, p)| !p.by_rule.is_empty())
        .map(|(l, p)| {
            let rules: Vec<String> = p.by_rule.iter().map(|(r, n)| format!("{r} {n}")).collect();
            format!("  {} {}: {}", l.lang, p.platform, rules.join(", "))
        })
        .collect();
    push_list(&mut text, loc.text("translate-rules-heading"), &rule_lines);
    let bilingual: Vec<String> = o
        .languages
        .iter()
        .flat_map(|l| &l.bilingual)
        .map(|b| format!("  {b}"))
        .collect();
    let heading = t(
        loc,
        "translate-bilingual",
        &[("count", bilingual.len().to_string())],
    );
    push_list(&mut text, heading, &bilingual);
    text.push('\n');
    text.push_str(&t(
        loc,
        "translate-totals",
        &[
            ("files", o.totals.files_written.to_string()),
            ("skipped", o.totals.files_skipped.to_string()),
            ("errors", o.totals.errors.to_string()),
            ("warnings", o.totals.warnings.to_string()),
            ("hits", o.totals.memory_hits.to_string()),
            ("segments", o.totals.segments.to_string()),
            ("billed", o.totals.billed_chars.to_string()),
            ("out", o.out_dir.clone()),
        ],
    ));
    text.push('\n');
    if o.totals.failed_requests > 0 {
        let sent: u64 = o.languages.iter().map(|l| l.chars_sent).sum();
        text.push_str(&t(
            loc,
            "translate-spent-on-failures",
            &[
                ("requests", o.totals.failed_requests.to_string()),
                ("chars", o.totals.failed_chars.to_string()),
                ("sent", sent.to_string()),
            ],
        ));
        text.push('\n');
    }
    text
}

/// One row per language × platform; the language's own columns only on its first row.
fn summary_rows(o: &Outcome) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for l in &o.languages {
        for (i, p) in l.platforms.iter().enumerate() {
            let first = |v: String| if i == 0 { v } else { String::new() };
            rows.push(vec![
                first(l.lang.clone()),
                p.platform.clone(),
                p.format.clone(),
                format!("{}/{}", p.written, p.files.len()),
                p.cues.to_string(),
                first(format!("{}/{}", l.memory_hits, l.segments)),
                first(l.billed_chars.to_string()),
                p.errors.to_string(),
                p.warnings.to_string(),
                p.report.clone().unwrap_or_else(|| "-".into()),
            ]);
        }
    }
    rows
}

/// A blank line, a heading and the lines under it; nothing when there are no lines.
fn push_list(text: &mut String, heading: String, lines: &[String]) {
    if lines.is_empty() {
        return;
    }
    text.push('\n');
    text.push_str(&heading);
    text.push('\n');
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
}

/// The table of a dry run: what would be sent and what it would cost.
pub fn dry_run_table(o: &Outcome, loc: &Localizer) -> String {
    let mut text = header(o, loc, "translate-dry-run-header", 0, 0);
    let head = [
        "translate-col-lang",
        "translate-col-segments",
        "translate-col-memory",
        "translate-col-duplicates",
        "translate-col-to-send",
        "translate-col-requests",
        "translate-col-billable",
        "translate-col-cost",
    ];
    let mut rows = vec![head.iter().map(|id| loc.text(id)).collect::<Vec<_>>()];
    for l in &o.languages {
        let Some(e) = &l.estimate else { continue };
        let cost = match (&e.cost, &e.currency) {
            (Some([lo, hi]), cur) => {
                let cur = cur.clone().unwrap_or_default();
                if (lo - hi).abs() < 0.005 {
                    format!("{lo:.2} {cur}")
                } else {
                    format!("{lo:.2}–{hi:.2} {cur}")
                }
            }
            (None, _) => "-".into(),
        };
        let mut billable = e.billable_chars.to_string();
        if let Some(tokens) = e.input_tokens {
            billable.push_str(&format!(" (~{tokens} tok)"));
        }
        rows.push(vec![
            l.lang.clone(),
            e.segments.to_string(),
            e.memory_hits.to_string(),
            e.deduplicated.to_string(),
            e.to_send.to_string(),
            e.requests.to_string(),
            billable,
            cost.trim().to_string(),
        ]);
    }
    text.push_str(&text_table(&rows));
    text.push('\n');
    text.push_str(&t(
        loc,
        "translate-dry-run-total",
        &[("billable", o.totals.billable_chars.to_string())],
    ));
    text.push('\n');
    let invalidated: u64 = o.languages.iter().map(|l| l.glossary_invalidated).sum();
    if invalidated > 0 {
        let per_lang: Vec<String> = o
            .languages
            .iter()
            .filter(|l| l.glossary_invalidated > 0)
            .map(|l| format!("{} {}", l.lang, l.glossary_invalidated))
            .collect();
        text.push_str(&t(
            loc,
            "translate-dry-run-invalidated",
            &[
                ("segments", invalidated.to_string()),
                ("detail", per_lang.join(", ")),
            ],
        ));
        text.push('\n');
    }
    text
}

/// What needs attention before delivery: untranslated segments and an early stop.
pub fn failures(o: &Outcome, loc: &Localizer) -> String {
    let mut lines = Vec::new();
    match (&o.stopped, &o.backend_stop, &o.spending_bound) {
        // The provider's stop is the error the command ends with: said once, there.
        (_, Some(_), _) => {}
        (Some(reason), None, Some(bound)) if reason == "budget-exhausted" => {
            let id = if bound.from_budget {
                "translate-stopped-budget"
            } else {
                "translate-stopped-bound"
            };
            lines.push(t(loc, id, &[("chars", bound.chars.to_string())]));
        }
        (Some(reason), None, _) => {
            lines.push(t(loc, "translate-stopped", &[("reason", reason.clone())]));
        }
        (None, None, _) => {}
    }
    for l in &o.languages {
        if l.stats.as_ref().is_some_and(|s| s.primary_abandoned) {
            lines.push(t(
                loc,
                "translate-primary-abandoned",
                &[("lang", l.lang.clone())],
            ));
        }
    }
    if !o.failed.is_empty() {
        lines.push(t(
            loc,
            "translate-failed",
            &[("count", o.failed.len().to_string())],
        ));
        const SHOWN: usize = 20;
        for f in o.failed.iter().take(SHOWN) {
            lines.push(format!("  {} {}: {}", f.lang, f.id, f.reason));
        }
        if o.failed.len() > SHOWN {
            lines.push(t(
                loc,
                "translate-failed-more",
                &[("count", (o.failed.len() - SHOWN).to_string())],
            ));
        }
    }
    lines.join("\n")
}

/// The `--video` lines: matching notes, then every video made (or that a dry run would make)
/// and every one that failed.
pub fn video_lines(o: &Outcome, loc: &Localizer) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(n) = &o.video_notes {
        for e in &n.episodes_without_video {
            lines.push(t(
                loc,
                "translate-video-no-video",
                &[("episode", e.clone())],
            ));
        }
        for v in &n.unmatched_videos {
            lines.push(t(loc, "translate-video-unmatched", &[("path", v.clone())]));
        }
    }
    for v in &o.videos {
        let args = [
            ("path", v.path.clone()),
            ("video", v.video.clone()),
            ("detail", v.error.clone().unwrap_or_default()),
        ];
        let id = match (&v.error, v.written) {
            (Some(_), _) => "translate-video-failed",
            (None, true) => "translate-video-written",
            (None, false) if o.dry_run => "translate-video-would",
            (None, false) => continue,
        };
        lines.push(t(loc, id, &args));
    }
    lines
}
