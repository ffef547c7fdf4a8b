//! The HTML report page: one self-contained page (inline CSS, inline SVG, one small inline
//! script, nothing fetched) a team can send to a client. On top the totals, then one row per
//! file — an episode of a season — with its cues, errors, warnings, notes and worst rule (the
//! table sorts by any column and filters by episode, rule and severity, `page.rs`), the per-rule
//! table, and per file its language, platform and counts, its reading-speed timeline (`svg.rs`;
//! a flagged bar links to its finding) and a table with one `<tr class="finding">` per finding:
//! line, cue, start, end, duration, severity, rule, the measured value next to the limit
//! ([`super::measured`]), the cue's text (and, for `translate`, its source line) and the message.
//! Without JavaScript everything is visible and the timeline links still land on their rows.
//!
//! A page can leave its files' details to other pages ([`Layout::details`]): `season.rs` does
//! that when a season is too large for one page.
//!
//! The page is also well-formed XML (every element closed, only XML entities), so tests and other
//! tools can read it with an XML parser. Text direction follows the UI language; cue text takes
//! the direction of its language (`dir`, isolated), the source line `dir="auto"`; paths, rule ids
//! and times are isolated with `<bdi>` so they read correctly inside right-to-left text.
//!
//! Labels (besides the finding texts from `RenderOptions::message` and those of `svg.rs`):
//! `report-html-title`, `report-generated` (date), `report-total` (files, unreadable, errors,
//! warnings, infos, total), `report-heading-rules`, `report-heading-files`, `report-counts`
//! (errors, warnings, infos, total), `report-severity` (severity), `report-lang` (lang, source =
//! flag|name|script|unknown), `report-platform` (platform), `report-cps-limit` (limit),
//! `report-col-line`, `report-col-cue`, `report-col-start`, `report-col-end`,
//! `report-col-duration`, `report-col-severity`, `report-col-rule`, `report-col-measured`,
//! `report-col-text`, `report-col-message`, `report-col-episode`, `report-col-cues`,
//! `report-col-worst`, `report-seconds` (seconds), `report-measured` (value, limit, unit),
//! `report-measured-only` (value, unit), `report-source`, `report-filter-episode`,
//! `report-filter-rule`, `report-filter-severity`, `report-filter-all`, `report-no-findings`,
//! `report-file-unreadable` (error); the preview section's are listed in `preview.rs`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::escape::{attr, text};
use super::page::{dir_of, foot, head, is_rtl};
use super::svg::{num, timeline};
use super::{CheckReport, Counts, FileReport, RenderOptions, clock, iso_datetime, measured};
use crate::diag::{Diagnostic, Severity};

/// What a page shows besides its report.
#[derive(Debug, Clone, Default)]
pub(super) struct Layout {
    /// The page title, when not the check report's.
    pub title: Option<String>,
    /// Links above the title, `(href, text)`: back to the season page, to the run's index.
    pub links: Vec<(String, String)>,
    /// A sentence under the totals.
    pub note: Option<String>,
    /// Per file, the page holding its details; `None`: the details are sections of this page.
    pub details: Option<Vec<Option<String>>>,
}

fn counts_label(opts: &RenderOptions<'_>, c: &Counts) -> String {
    opts.label_text(
        "report-counts",
        &[
            ("errors", c.error.to_string()),
            ("warnings", c.warning.to_string()),
            ("infos", c.info.to_string()),
            ("total", c.total.to_string()),
        ],
    )
}

/// The `check` report: every file's details on the page.
pub(super) fn render(report: &CheckReport, opts: &RenderOptions<'_>) -> String {
    page(report, opts, &Layout::default())
}

/// A whole page: head, header with totals, the filters, the table of files, the per-rule table,
/// one section per file (unless `layout.details` sends them elsewhere), and the script.
pub(super) fn page(report: &CheckReport, opts: &RenderOptions<'_>, layout: &Layout) -> String {
    let title = layout
        .title
        .clone()
        .unwrap_or_else(|| opts.label_text("report-html-title", &[]));
    // A finding row with its cue's text takes about 700 bytes.
    let mut out = String::with_capacity(16 * 1024 + report.summary.findings.total * 700);
    head(&mut out, opts.ui_lang, opts.tool_version, &title);
    push_header(&mut out, report, opts, &title, layout);
    let names = short_names(report);
    push_controls(&mut out, report, opts);
    push_files_table(&mut out, report, opts, &names, layout.details.as_deref());
    if !report.summary.by_rule.is_empty() {
        push_rule_table(&mut out, report, opts);
    }
    if layout.details.is_none() {
        for (i, (f, name)) in report.files.iter().zip(&names).enumerate() {
            file_section(&mut out, i, f, name, opts);
        }
    }
    foot(&mut out);
    out
}

/// `<header>`: links to the pages around this one, the title, when the report was made, the
/// totals.
fn push_header(
    out: &mut String,
    report: &CheckReport,
    opts: &RenderOptions<'_>,
    title: &str,
    layout: &Layout,
) {
    let s = &report.summary;
    out.push_str("<header>\n");
    if !layout.links.is_empty() {
        out.push_str("<p class=\"up\">");
        for (i, (href, label)) in layout.links.iter().enumerate() {
            if i > 0 {
                out.push_str(" · ");
            }
            let _ = write!(out, "<a href=\"{}\">{}</a>", attr(href), text(label));
        }
        out.push_str("</p>\n");
    }
    let generated = opts.label_text(
        "report-generated",
        &[(
            "date",
            format!("{} UTC", iso_datetime(opts.generated_at).replace('T', " ")),
        )],
    );
    let totals = opts.label_text(
        "report-total",
        &[
            ("files", s.files.to_string()),
            ("unreadable", s.unreadable.to_string()),
            ("errors", s.findings.error.to_string()),
            ("warnings", s.findings.warning.to_string()),
            ("infos", s.findings.info.to_string()),
            ("total", s.findings.total.to_string()),
        ],
    );
    let _ = write!(
        out,
        "<h1>{}</h1>\n<p class=\"generated\">{}</p>\n<p class=\"totals\">{}</p>\n",
        text(title),
        text(&generated),
        text(&totals)
    );
    if let Some(note) = &layout.note {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", text(note));
    }
    out.push_str("</header>\n");
}

/// The name of each file in the tables: its path without the folders every file shares (a
/// season's `out/fa/netflix/`), so the episode is what one reads.
pub(super) fn short_names(report: &CheckReport) -> Vec<String> {
    let dirs: Vec<&str> = report
        .files
        .iter()
        .map(|f| f.path.rfind(['/', '\\']).map_or("", |i| &f.path[..=i]))
        .collect();
    let mut common = dirs.first().copied().unwrap_or("");
    for d in &dirs {
        while !d.starts_with(common) {
            // Back to the previous separator (or nothing).
            let trimmed = &common[..common.len().saturating_sub(1)];
            common = trimmed.rfind(['/', '\\']).map_or("", |i| &trimmed[..=i]);
        }
    }
    report
        .files
        .iter()
        .map(|f| f.path.strip_prefix(common).unwrap_or(&f.path).to_string())
        .collect()
}

/// `rule:severity` for every kind of finding a file has: what the filters match.
fn keys(f: &FileReport) -> String {
    let set: std::collections::BTreeSet<(&str, &str)> = f
        .findings
        .iter()
        .map(|d| (d.rule, d.severity.name()))
        .collect();
    let list: Vec<String> = set.iter().map(|(r, s)| format!("{r}:{s}")).collect();
    list.join(" ")
}

/// The rule with the most findings at the file's highest severity, and that number.
pub(super) fn worst_rule(f: &FileReport) -> Option<(&'static str, Severity, usize)> {
    let worst = f.findings.iter().map(|d| d.severity).max()?;
    let mut by_rule: BTreeMap<&'static str, usize> = BTreeMap::new();
    for d in f.findings.iter().filter(|d| d.severity == worst) {
        *by_rule.entry(d.rule).or_default() += 1;
    }
    // Most findings first; among equals the first rule id, as the map lists them.
    let (rule, n) =
        by_rule
            .into_iter()
            .fold(None, |best: Option<(&str, usize)>, (r, n)| match best {
                Some((_, m)) if m >= n => best,
                _ => Some((r, n)),
            })?;
    Some((rule, worst, n))
}

/// The filters: episode (text), rule and severity (lists). Hidden until the script shows them.
fn push_controls(out: &mut String, report: &CheckReport, opts: &RenderOptions<'_>) {
    if report.files.len() < 2 && report.summary.findings.total == 0 {
        return;
    }
    let l = |id: &str| opts.label_text(id, &[]);
    let all = l("report-filter-all");
    let _ = write!(
        out,
        "<div id=\"controls\" class=\"controls\" hidden=\"hidden\">\
         <label>{}<input id=\"q-episode\" type=\"search\"/></label>\
         <label>{}<select id=\"q-rule\"><option value=\"\">{}</option>",
        text(&l("report-filter-episode")),
        text(&l("report-filter-rule")),
        text(&all)
    );
    for rule in report.summary.by_rule.keys() {
        let _ = write!(
            out,
            "<option value=\"{}\">{}</option>",
            attr(rule),
            text(rule)
        );
    }
    let _ = write!(
        out,
        "</select></label><label>{}<select id=\"q-severity\"><option value=\"\">{}</option>",
        text(&l("report-filter-severity")),
        text(&all)
    );
    for sev in [Severity::Error, Severity::Warning, Severity::Info] {
        let _ = write!(
            out,
            "<option value=\"{}\">{}</option>",
            sev.name(),
            text(&opts.severity_label(sev))
        );
    }
    out.push_str("</select></label></div>\n");
}

/// One row per file: its name (a link to its details), cues, errors, warnings, notes and the
/// rule it breaks most at its worst severity; a file that could not be read says why.
fn push_files_table(
    out: &mut String,
    report: &CheckReport,
    opts: &RenderOptions<'_>,
    names: &[String],
    details: Option<&[Option<String>]>,
) {
    let l = |id: &str| opts.label_text(id, &[]);
    let _ = write!(
        out,
        "<section class=\"season\">\n<h2>{}</h2>\n<table class=\"files sortable\">\n<thead><tr>",
        text(&l("report-heading-files"))
    );
    for id in ["report-col-episode", "report-col-cues"] {
        let _ = write!(out, "<th>{}</th>", text(&l(id)));
    }
    for sev in [Severity::Error, Severity::Warning, Severity::Info] {
        let _ = write!(out, "<th>{}</th>", text(&opts.severity_label(sev)));
    }
    let _ = write!(
        out,
        "<th>{}</th></tr></thead>\n<tbody>\n",
        text(&l("report-col-worst"))
    );
    for (i, (f, name)) in report.files.iter().zip(names).enumerate() {
        let href = match details {
            None => Some(format!("#file-{i}")),
            Some(pages) => pages.get(i).cloned().flatten(),
        };
        let _ = write!(
            out,
            "<tr class=\"episode\" data-episode=\"{}\" data-keys=\"{}\"><td>",
            attr(name),
            attr(&keys(f))
        );
        match href {
            Some(h) => {
                let _ = write!(
                    out,
                    "<a href=\"{}\"><bdi>{}</bdi></a>",
                    attr(&h),
                    text(name)
                );
            }
            None => {
                let _ = write!(out, "<bdi>{}</bdi>", text(name));
            }
        }
        out.push_str("</td>");
        if let Some(err) = &f.error {
            let _ = writeln!(
                out,
                "<td class=\"error\" colspan=\"5\">{}</td></tr>",
                text(&opts.label_text("report-file-unreadable", &[("error", err.clone())]))
            );
            continue;
        }
        let c = f.counts();
        let _ = write!(
            out,
            "<td class=\"num\">{}</td><td class=\"num count-error\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td>",
            f.timeline.len(),
            c.error,
            c.warning,
            c.info
        );
        if let Some((rule, sev, n)) = worst_rule(f) {
            let _ = write!(
                out,
                "<bdi class=\"rule sev-{}\">{}</bdi> ({n})",
                sev.name(),
                text(rule)
            );
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// The per-rule summary: one row per rule with its counts by severity.
fn push_rule_table(out: &mut String, report: &CheckReport, opts: &RenderOptions<'_>) {
    let l = |id: &str| opts.label_text(id, &[]);
    let _ = write!(
        out,
        "<section class=\"rules\">\n<h2>{}</h2>\n<table class=\"rule-summary sortable\">\n<thead><tr><th>{}</th>",
        text(&l("report-heading-rules")),
        text(&l("report-col-rule"))
    );
    for sev in [Severity::Error, Severity::Warning, Severity::Info] {
        let _ = write!(out, "<th>{}</th>", text(&opts.severity_label(sev)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (rule, c) in &report.summary.by_rule {
        let _ = writeln!(
            out,
            "<tr class=\"rule-row\"><td class=\"rule\"><bdi>{}</bdi></td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            text(rule),
            c.error,
            c.warning,
            c.info
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// One file's section: its heading and facts, its reading-speed chart, and its findings table
/// (or a line saying there is none; or why the file could not be read).
fn file_section(out: &mut String, i: usize, f: &FileReport, name: &str, opts: &RenderOptions<'_>) {
    let _ = write!(
        out,
        "<section class=\"file{}\" id=\"file-{i}\" data-episode=\"{}\" data-keys=\"{}\">\n<h2><bdi>{}</bdi></h2>\n",
        if f.error.is_some() { " unreadable" } else { "" },
        attr(name),
        attr(&keys(f)),
        text(&f.path)
    );
    if let Some(err) = &f.error {
        let _ = write!(
            out,
            "<p class=\"error\">{}</p>\n</section>\n",
            text(&opts.label_text("report-file-unreadable", &[("error", err.clone())]))
        );
        return;
    }
    push_file_facts(out, i, f, opts);
    if let Some(preview) = &f.preview {
        super::preview::section(out, preview, &f.platform, is_rtl(&f.lang), &f.lang, opts);
    }
    if f.findings.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"clean\">{}</p>",
            text(&opts.label_text("report-no-findings", &[]))
        );
    } else {
        push_findings_table(out, i, f, opts);
    }
    out.push_str("</section>\n");
}

/// Language, platform, CPS limit, counts and the timeline figure.
fn push_file_facts(out: &mut String, i: usize, f: &FileReport, opts: &RenderOptions<'_>) {
    let _ = write!(
        out,
        "<p class=\"meta\">{}",
        text(&opts.label_text(
            "report-lang",
            &[
                ("lang", f.lang.clone()),
                ("source", f.lang_source.name().to_string())
            ]
        ))
    );
    let _ = write!(
        out,
        " · {}",
        text(&opts.label_text("report-platform", &[("platform", f.platform.clone())]))
    );
    if let Some(limit) = f.cps_limit.filter(|x| x.is_finite()) {
        let _ = write!(
            out,
            " · {}",
            text(&opts.label_text("report-cps-limit", &[("limit", num(limit))]))
        );
    }
    let _ = write!(
        out,
        "</p>\n<p class=\"counts\">{}</p>\n<figure>\n{}\n<figcaption>{}</figcaption>\n</figure>\n",
        text(&counts_label(opts, &f.counts())),
        timeline(f, opts, &format!("f{i}")),
        text(&opts.label_text("report-timeline-title", &[]))
    );
}

/// A duration in seconds with milliseconds (`2.267`).
fn seconds(ms: i64) -> String {
    let sign = if ms < 0 { "-" } else { "" };
    let ms = ms.unsigned_abs();
    format!("{sign}{}.{:03}", ms / 1000, ms % 1000)
}

/// The findings table: one row per finding. The first row of each cue is the target of its
/// timeline bar (`f{i}-c{cue}`); every row carries what the filters and the sort read.
fn push_findings_table(out: &mut String, i: usize, f: &FileReport, opts: &RenderOptions<'_>) {
    out.push_str("<table class=\"findings sortable\">\n<thead><tr>");
    for id in [
        "report-col-line",
        "report-col-cue",
        "report-col-start",
        "report-col-end",
        "report-col-duration",
        "report-col-severity",
        "report-col-rule",
        "report-col-measured",
        "report-col-text",
        "report-col-message",
    ] {
        let _ = write!(out, "<th>{}</th>", text(&opts.label_text(id, &[])));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let source_label = opts.label_text("report-source", &[]);
    let mut targeted = std::collections::BTreeSet::new();
    for d in &f.findings {
        push_finding_row(out, (i, f), d, &mut targeted, opts, &source_label);
    }
    out.push_str("</tbody>\n</table>\n");
}

fn push_finding_row(
    out: &mut String,
    (i, f): (usize, &FileReport),
    d: &Diagnostic,
    targeted: &mut std::collections::BTreeSet<u32>,
    opts: &RenderOptions<'_>,
    source_label: &str,
) {
    let sev = d.severity.name();
    let cue_text = d.cue.and_then(|c| f.cue_text(c));
    let line = match (d.line, cue_text.map(|c| c.line)) {
        (0, Some(l)) if l > 0 => l.to_string(),
        (0, _) => String::new(),
        (l, _) => l.to_string(),
    };
    out.push_str("<tr class=\"finding sev-");
    out.push_str(sev);
    out.push('"');
    if let Some(c) = d.cue {
        if targeted.insert(c) {
            let _ = write!(out, " id=\"f{i}-c{c}\"");
        }
        let _ = write!(out, " data-cue=\"{c}\"");
    }
    let _ = write!(
        out,
        " data-severity=\"{sev}\" data-rule=\"{}\"><td class=\"num\">{line}</td><td class=\"num\">{}</td>",
        attr(d.rule),
        d.cue.map(|c| c.to_string()).unwrap_or_default()
    );
    let times = cue_text.map(|c| (c.start_ms, c.end_ms)).or_else(|| {
        d.cue
            .and_then(|c| f.point(c))
            .map(|p| (p.start_ms, p.end_ms))
    });
    match times {
        Some((start, end)) => {
            let _ = write!(
                out,
                "<td class=\"t\" data-v=\"{start}\"><bdi>{}</bdi></td><td class=\"t\" data-v=\"{end}\"><bdi>{}</bdi></td>\
                 <td class=\"t\" data-v=\"{}\">{}</td>",
                clock(start),
                clock(end),
                end - start,
                text(&opts.label_text("report-seconds", &[("seconds", seconds(end - start))]))
            );
        }
        None => out.push_str("<td></td><td></td><td></td>"),
    }
    let rank = match d.severity {
        Severity::Error => 2,
        Severity::Warning => 1,
        Severity::Info => 0,
    };
    let _ = write!(
        out,
        "<td class=\"sev\" data-v=\"{rank}\">{}</td><td class=\"rule\"><bdi>{}</bdi></td>",
        text(&opts.severity_label(d.severity)),
        text(d.rule)
    );
    match measured(d) {
        Some(m) => {
            let label = match &m.limit {
                Some(limit) => opts.label_text(
                    "report-measured",
                    &[
                        ("value", m.value.clone()),
                        ("limit", limit.clone()),
                        ("unit", m.unit.to_string()),
                    ],
                ),
                None => opts.label_text(
                    "report-measured-only",
                    &[("value", m.value.clone()), ("unit", m.unit.to_string())],
                ),
            };
            let _ = write!(
                out,
                "<td class=\"num measured\" data-v=\"{}\"><bdi>{}</bdi></td>",
                attr(&m.value),
                text(&label)
            );
        }
        None => out.push_str("<td></td>"),
    }
    out.push_str("<td class=\"text\">");
    if let Some(c) = cue_text {
        let _ = write!(
            out,
            "<bdi class=\"said\" dir=\"{}\" lang=\"{}\">{}</bdi>",
            dir_of(&f.lang),
            attr(&f.lang),
            text(&c.text)
        );
        if let Some(src) = &c.source {
            let _ = write!(
                out,
                "<bdi class=\"src\" dir=\"auto\" title=\"{}\">{}</bdi>",
                attr(source_label),
                text(src)
            );
        }
    }
    let _ = writeln!(
        out,
        "</td><td class=\"msg\">{}</td></tr>",
        text(&(opts.message)(d))
    );
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{AWKWARD_PATH, Node, parse_xml, sample_report};
    use super::super::{Diagnostic, LABEL_IDS, plain_label};
    use super::*;

    fn page_with(opts: &RenderOptions<'_>) -> (CheckReport, String, Node) {
        let report = sample_report();
        let html = render(&report, opts);
        match parse_xml(&html) {
            Ok(root) => (report, html, root),
            Err(e) => panic!("HTML report is not well-formed: {e}\n{html}"),
        }
    }

    fn page() -> (CheckReport, String, Node) {
        page_with(&RenderOptions::default())
    }

    #[test]
    fn one_svg_per_readable_file_and_one_row_per_finding() {
        let (report, html, root) = page();
        let readable = report.files.iter().filter(|f| f.error.is_none()).count();
        assert_eq!(html.matches("<svg").count(), readable);
        assert_eq!(
            root.find_all("svg")
                .iter()
                .filter(|s| s.has_class("timeline"))
                .count(),
            readable
        );
        let rows: Vec<&Node> = root
            .find_all("tr")
            .into_iter()
            .filter(|r| r.has_class("finding"))
            .collect();
        assert_eq!(rows.len(), report.summary.findings.total);
        let error_rows = rows.iter().filter(|r| r.has_class("sev-error")).count();
        assert_eq!(error_rows, report.summary.findings.error);
        let rule_rows = root
            .find_all("tr")
            .into_iter()
            .filter(|r| r.has_class("rule-row"))
            .count();
        assert_eq!(rule_rows, report.summary.by_rule.len());
        let sections = root
            .find_all("section")
            .into_iter()
            .filter(|s| s.has_class("file"))
            .count();
        assert_eq!(sections, report.files.len());
    }

    #[test]
    fn text_is_escaped_and_survives() {
        let (_, html, root) = page();
        assert!(!html.contains("<ep&01>"));
        assert!(html.contains("&lt;ep&amp;01&gt;"));
        assert!(!html.contains("<i>\"quoted\""));
        let headings: Vec<String> = root.find_all("h2").iter().map(|h| h.all_text()).collect();
        assert!(headings.iter().any(|h| h == AWKWARD_PATH), "{headings:?}");
        let cells: Vec<String> = root.find_all("td").iter().map(|c| c.all_text()).collect();
        assert!(
            cells
                .iter()
                .any(|c| c.contains("<i>\"quoted\" & 'single'</i>"))
        );
        assert!(cells.iter().any(|c| c.contains("你好，世界")));
        assert!(cells.iter().any(|c| c.contains("می‌خواهم بروم، دوست من")));
        assert!(cells.iter().any(|c| c == "00:00:03,500"));
    }

    #[test]
    fn self_contained() {
        let (_, html, root) = page();
        for bad in ["<link", "src=", "@import", "url(", "http://", "https://"] {
            // The SVG namespace is an identifier, not a fetched resource.
            let count = html.matches(bad).count();
            let allowed = if bad == "http://" {
                html.matches("http://www.w3.org/2000/svg").count()
            } else {
                0
            };
            assert_eq!(count, allowed, "{bad}");
        }
        let script = root.find_all("script");
        assert_eq!(script.len(), 1);
    }

    #[test]
    fn labels_come_from_the_localizer_and_direction_follows_ui() {
        let seen = std::cell::RefCell::new(std::collections::BTreeSet::new());
        let label = |id: &str, args: &[(&str, String)]| {
            seen.borrow_mut().insert(id.to_string());
            format!("«{}»", plain_label(id, args))
        };
        let message = |d: &Diagnostic| format!("پیام {}", d.rule);
        let opts = RenderOptions {
            ui_lang: "fa-IR",
            ..RenderOptions::new(&message, &label)
        };
        let (_, _, root) = page_with(&opts);
        assert_eq!(root.attr("dir"), Some("rtl"));
        assert_eq!(root.attr("lang"), Some("fa-IR"));
        let cells: Vec<String> = root.find_all("td").iter().map(|c| c.all_text()).collect();
        assert!(cells.iter().any(|c| c == "پیام reading-speed-high"));
        let used = seen.borrow();
        for id in used.iter() {
            assert!(
                LABEL_IDS.contains(&id.as_str()),
                "{id} missing from LABEL_IDS"
            );
        }
        // The human renderer uses the rest; together they must cover the list.
        assert!(used.contains("report-col-message") && used.contains("report-timeline-title"));
    }

    #[test]
    fn preview_frames_are_embedded_with_their_cue_reason_and_direction() {
        let report = super::super::preview::tests_support::with_previews();
        let html = render(&report, &RenderOptions::default());
        let root = parse_xml(&html).unwrap_or_else(|e| panic!("not well-formed: {e}\n{html}"));
        let figures: Vec<&Node> = root
            .find_all("figure")
            .into_iter()
            .filter(|f| f.has_class("frame"))
            .collect();
        assert_eq!(figures.len(), 2);
        assert_eq!(figures[0].attr("data-cue"), Some("3"));
        assert_eq!(figures[0].attr("data-reason"), Some("most-lines"));
        let imgs = root.find_all("img");
        assert_eq!(imgs.len(), 2);
        // The PNG signature, base64-encoded: the bytes are inline, nothing is fetched.
        assert_eq!(
            imgs[0].attr("src"),
            Some("data:image/png;base64,iVBORw0KGgo=")
        );
        let texts: Vec<&Node> = root
            .find_all("span")
            .into_iter()
            .filter(|s| s.has_class("cue-text"))
            .collect();
        assert_eq!(texts[0].attr("dir"), Some("rtl"));
        assert_eq!(texts[0].attr("lang"), Some("fa"));
        assert!(texts[0].all_text().contains("سلام <دوست>"));
        let unavailable: Vec<String> = root
            .find_all("p")
            .into_iter()
            .filter(|p| p.has_class("preview-unavailable"))
            .map(|p| p.all_text())
            .collect();
        assert_eq!(
            unavailable,
            vec![
                "report-preview-no-ffmpeg".to_string(),
                "report-preview-failed (detail=libass: no fonts)".to_string()
            ]
        );
    }

    fn finding_rows(root: &Node) -> Vec<&Node> {
        root.find_all("tr")
            .into_iter()
            .filter(|r| r.has_class("finding"))
            .collect()
    }

    fn cells(row: &Node) -> Vec<String> {
        row.kids("td").iter().map(|c| c.all_text()).collect()
    }

    #[test]
    fn a_finding_row_shows_its_cue_text_times_and_measured_value() {
        let (_, _, root) = page();
        let rows = finding_rows(&root);
        // fa, cue 2: reading speed with its text and source line.
        let row = rows
            .iter()
            .find(|r| {
                r.attr("data-cue") == Some("2") && r.attr("data-rule") == Some("reading-speed-high")
            })
            .expect("row of cue 2");
        let c = cells(row);
        assert_eq!(c[0], "5");
        assert_eq!(c[1], "2");
        assert_eq!(c[2], "00:00:03,500");
        assert_eq!(c[3], "00:00:05,000");
        assert_eq!(c[4], "report-seconds (seconds=1.500)");
        let said = row
            .find_all("bdi")
            .into_iter()
            .find(|b| b.has_class("said"))
            .expect("text");
        assert_eq!(said.all_text(), "می‌خواهم بروم،\nدوست من");
        assert_eq!(said.attr("dir"), Some("rtl"));
        assert_eq!(said.attr("lang"), Some("fa"));
        let src = row
            .find_all("bdi")
            .into_iter()
            .find(|b| b.has_class("src"))
            .expect("source");
        assert_eq!(src.all_text(), "我想走了，\n朋友");
        assert_eq!(src.attr("dir"), Some("auto"));
        // A rule with a measured value and a limit, and one with a value only.
        let chars = rows
            .iter()
            .find(|r| r.attr("data-rule") == Some("text-max-chars-per-line"))
            .expect("chars row");
        assert_eq!(
            cells(chars)[7],
            "report-measured (value=17.5, limit=16, unit=chars)"
        );
        let overlap = rows
            .iter()
            .find(|r| r.attr("data-rule") == Some("timing-overlap"))
            .expect("overlap row");
        assert_eq!(
            cells(overlap)[7],
            "report-measured-only (value=200, unit=ms)"
        );
        // Markup characters in cue text are text.
        assert!(cells(overlap)[8].contains("<b>bold & \"quoted\"</b>"));
    }

    #[test]
    fn a_finding_without_a_line_takes_its_cues() {
        let (_, _, root) = page();
        let rows = finding_rows(&root);
        let glossary = rows
            .iter()
            .find(|r| r.attr("data-rule") == Some("glossary-missing-term"))
            .expect("glossary row");
        assert_eq!(cells(glossary)[0], "11");
    }

    #[test]
    fn every_timeline_link_lands_on_the_first_row_of_its_cue() {
        let (report, _, root) = page();
        let sections: Vec<&Node> = root
            .find_all("section")
            .into_iter()
            .filter(|s| s.has_class("file"))
            .collect();
        let mut links = 0;
        for (i, (f, section)) in report.files.iter().zip(&sections).enumerate() {
            let rows = finding_rows(section);
            for a in section
                .find_all("a")
                .into_iter()
                .filter(|a| a.has_class("cue-link"))
            {
                let cue = a.attr("data-cue").expect("data-cue");
                assert_eq!(a.attr("href"), Some(format!("#f{i}-c{cue}").as_str()));
                let first = rows
                    .iter()
                    .find(|r| r.attr("data-cue") == Some(cue))
                    .expect("a row for the cue");
                assert_eq!(first.attr("id"), Some(format!("f{i}-c{cue}").as_str()));
                links += 1;
            }
            // One target per cue: the other rows of the cue carry no id.
            let ids: Vec<&str> = rows.iter().filter_map(|r| r.attr("id")).collect();
            let mut cues: Vec<u32> = f.findings.iter().filter_map(|d| d.cue).collect();
            cues.dedup();
            assert_eq!(ids.len(), cues.len(), "{}", f.path);
        }
        assert!(links >= 4, "{links}");
    }

    #[test]
    fn the_files_table_has_a_row_per_file_with_counts_and_worst_rule() {
        let (report, _, root) = page();
        let rows: Vec<&Node> = root
            .find_all("tr")
            .into_iter()
            .filter(|r| r.has_class("episode"))
            .collect();
        assert_eq!(rows.len(), report.files.len());
        let zh = cells(rows[1]);
        assert_eq!(zh[0], "ep02.zh-Hans.srt");
        assert_eq!(&zh[1..5], &["3", "2", "2", "0"]);
        // Two errors at the worst severity: one reading speed, one glossary; equal counts pick
        // the first id.
        let worst = &rows[1].kids("td")[5];
        assert_eq!(worst.kids("bdi")[0].all_text(), "glossary-missing-term");
        assert_eq!(worst.text, " (1)");
        assert_eq!(
            rows[1].attr("data-keys"),
            Some(
                "glossary-missing-term:error max-lines:warning reading-speed-high:error text-max-chars-per-line:warning"
            )
        );
        assert_eq!(
            rows[1].kids("td")[0].kids("a")[0].attr("href"),
            Some("#file-1")
        );
        // The unreadable file says why.
        assert!(cells(rows[3])[1].contains("No such file"));
    }

    #[test]
    fn names_drop_the_folders_every_file_shares() {
        let mut r = sample_report();
        for (f, p) in r.files.iter_mut().zip([
            "out/fa/netflix/ep01.ttml",
            "out/fa/netflix/ep02.ttml",
            "out/fa/netflix/s2/ep03.ttml",
            "out/fa/netfl.ttml",
        ]) {
            f.path = p.to_string();
        }
        assert_eq!(
            short_names(&r),
            vec![
                "netflix/ep01.ttml",
                "netflix/ep02.ttml",
                "netflix/s2/ep03.ttml",
                "netfl.ttml"
            ]
        );
        r.files.truncate(2);
        assert_eq!(short_names(&r), vec!["ep01.ttml", "ep02.ttml"]);
    }

    #[test]
    fn seconds_keep_milliseconds() {
        assert_eq!(seconds(2267), "2.267");
        assert_eq!(seconds(0), "0.000");
        assert_eq!(seconds(-100), "-0.100");
    }
}
