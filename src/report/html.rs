//! The HTML report: one self-contained page (inline CSS, inline SVG, no external resources) a team
//! can send to a client. Totals and a per-rule table on top, then per file its language, platform
//! and counts, one reading-speed timeline (`svg.rs`) and a table of findings, one
//! `<tr class="finding">` per finding. Without JavaScript everything is visible; a tiny inline
//! script only adds a text filter over the rows.
//!
//! The page is also well-formed XML (every element closed, only XML entities), so tests and other
//! tools can read it with an XML parser. Text direction follows the UI language; paths, rule ids
//! and times are isolated with `<bdi>` so they read correctly inside right-to-left text.
//!
//! Labels (besides the finding texts from `RenderOptions::message` and those of `svg.rs`):
//! `report-html-title`, `report-generated` (date), `report-total` (files, unreadable, errors,
//! warnings, infos, total), `report-heading-rules`, `report-heading-files`, `report-counts`
//! (errors, warnings, infos, total), `report-severity` (severity), `report-lang` (lang, source =
//! flag|name|script|unknown), `report-platform` (platform), `report-cps-limit` (limit),
//! `report-col-line`, `report-col-cue`, `report-col-time`, `report-col-severity`,
//! `report-col-rule`, `report-col-message`, `report-no-findings`, `report-file-unreadable`
//! (error), `report-filter`; the preview section's are listed in `preview.rs`.

use std::fmt::Write as _;

use super::escape::{attr, text};
use super::svg::{num, timeline};
use super::{CheckReport, Counts, FileReport, RenderOptions, clock, iso_datetime};
use crate::diag::Severity;

const STYLE: &str = "
:root{color-scheme:light;--err:#c62828;--warn:#e65100;--info:#1565c0;--line:#ddd}
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans Arabic','Noto Sans CJK SC',sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}
h2{font-size:1.2rem;margin-top:2.2rem;border-bottom:2px solid var(--line);padding-bottom:.2rem}
.generated,.meta{color:#555;margin:.2rem 0}
.totals{font-weight:600}
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.92rem}
th,td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:start;vertical-align:top}
th{background:#f5f5f5}
td.num{font-variant-numeric:tabular-nums;white-space:nowrap}
.sev{font-weight:600;white-space:nowrap}
.sev-error .sev{color:var(--err)}.sev-warning .sev{color:var(--warn)}.sev-info .sev{color:var(--info)}
tr.sev-error{background:#fdecea}
.rule{font-family:ui-monospace,Menlo,Consolas,monospace;white-space:nowrap}
figure{margin:.6rem 0}
svg.timeline{width:100%;height:auto;border:1px solid var(--line);background:#fff}
.unreadable .error,.count-error{color:var(--err)}
.clean{color:#2e7d32}
ul.toc{padding-inline-start:1.2rem}
#filter{margin:1rem 0;padding:.3rem .5rem;width:20rem;max-width:100%}
.preview .frames{display:flex;flex-wrap:wrap;gap:1rem}
figure.frame{margin:0;max-width:360px}
figure.frame img{display:block;max-width:100%;height:auto;border:1px solid var(--line)}
.frame-reason{color:#555}
.cue-text{display:block;margin-top:.2rem;font-size:1rem}
.preview-unavailable{color:var(--warn)}
@media print{#filter{display:none}tr{break-inside:avoid}}
";

/// Shows the filter box and hides rows that do not contain its text. Written without `<` and `&`
/// so the page stays well-formed XML.
const SCRIPT: &str = "(function(){var q=document.getElementById('filter');if(!q){return;}q.hidden=false;\
q.addEventListener('input',function(){var v=q.value.toLowerCase();var rows=document.querySelectorAll('tr.finding');\
for(var i=0;i!==rows.length;i++){var r=rows[i];r.hidden=v!==''?r.textContent.toLowerCase().indexOf(v)===-1:false;}});})();";

/// Primary language subtags written right to left.
fn is_rtl(lang: &str) -> bool {
    let primary = lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(
        primary.as_str(),
        "ar" | "fa" | "he" | "ur" | "ps" | "yi" | "dv" | "ckb" | "sd" | "ug" | "ku"
    )
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

/// The whole page: head, header with totals, the per-rule table, the table of contents, the
/// filter box (when there is anything to filter), one section per file, and the filter script.
pub(super) fn render(report: &CheckReport, opts: &RenderOptions<'_>) -> String {
    let l = |id: &str| opts.label_text(id, &[]);
    let title = l("report-html-title");
    let dir = if is_rtl(opts.ui_lang) { "rtl" } else { "ltr" };
    let mut out = String::with_capacity(16 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
         <meta name=\"generator\" content=\"subloc {}\"/>\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        attr(opts.ui_lang),
        attr(opts.tool_version),
        text(&title)
    );
    push_header(&mut out, report, opts, &title);
    if !report.summary.by_rule.is_empty() {
        push_rule_table(&mut out, report, opts);
    }
    push_contents(&mut out, report, opts);
    if report.summary.findings.total > 0 {
        let _ = writeln!(
            out,
            "<input id=\"filter\" type=\"search\" hidden=\"hidden\" placeholder=\"{}\" aria-label=\"{}\"/>",
            attr(&l("report-filter")),
            attr(&l("report-filter"))
        );
    }
    for (i, f) in report.files.iter().enumerate() {
        file_section(&mut out, i, f, opts);
    }
    let _ = write!(out, "<script>{SCRIPT}</script>\n</body>\n</html>\n");
    out
}

/// `<header>`: the title, when the report was made, and the totals.
fn push_header(out: &mut String, report: &CheckReport, opts: &RenderOptions<'_>, title: &str) {
    let s = &report.summary;
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
        "<header>\n<h1>{}</h1>\n<p class=\"generated\">{}</p>\n<p class=\"totals\">{}</p>\n</header>\n",
        text(title),
        text(&generated),
        text(&totals)
    );
}

/// The per-rule summary: one row per rule with its counts by severity.
fn push_rule_table(out: &mut String, report: &CheckReport, opts: &RenderOptions<'_>) {
    let l = |id: &str| opts.label_text(id, &[]);
    let _ = write!(
        out,
        "<section class=\"rules\">\n<h2>{}</h2>\n<table class=\"rule-summary\">\n<thead><tr><th>{}</th>",
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

/// The table of contents: one link per file with its counts (or why it could not be read).
fn push_contents(out: &mut String, report: &CheckReport, opts: &RenderOptions<'_>) {
    let _ = write!(
        out,
        "<nav>\n<h2>{}</h2>\n<ul class=\"toc\">\n",
        text(&opts.label_text("report-heading-files", &[]))
    );
    for (i, f) in report.files.iter().enumerate() {
        let status = match &f.error {
            Some(err) => opts.label_text("report-file-unreadable", &[("error", err.clone())]),
            None => counts_label(opts, &f.counts()),
        };
        let _ = writeln!(
            out,
            "<li><a href=\"#file-{i}\"><bdi>{}</bdi></a> — <span class=\"counts\">{}</span></li>",
            text(&f.path),
            text(&status)
        );
    }
    out.push_str("</ul>\n</nav>\n");
}

/// One file's section: its heading and facts, its reading-speed chart, and its findings table
/// (or a line saying there is none; or why the file could not be read).
fn file_section(out: &mut String, i: usize, f: &FileReport, opts: &RenderOptions<'_>) {
    let l = |id: &str| opts.label_text(id, &[]);
    if let Some(err) = &f.error {
        let _ = write!(
            out,
            "<section class=\"file unreadable\" id=\"file-{i}\">\n<h2><bdi>{}</bdi></h2>\n<p class=\"error\">{}</p>\n</section>\n",
            text(&f.path),
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
            text(&l("report-no-findings"))
        );
        out.push_str("</section>\n");
        return;
    }
    push_findings_table(out, f, opts);
    out.push_str("</section>\n");
}

/// The section's start: path, language, platform, CPS limit, counts and the timeline figure.
fn push_file_facts(out: &mut String, i: usize, f: &FileReport, opts: &RenderOptions<'_>) {
    let _ = write!(
        out,
        "<section class=\"file\" id=\"file-{i}\">\n<h2><bdi>{}</bdi></h2>\n<p class=\"meta\">{}",
        text(&f.path),
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
        timeline(f, opts),
        text(&opts.label_text("report-timeline-title", &[]))
    );
}

/// The findings table: one row per finding, with the data attributes the filter script reads.
fn push_findings_table(out: &mut String, f: &FileReport, opts: &RenderOptions<'_>) {
    out.push_str("<table class=\"findings\">\n<thead><tr>");
    for id in [
        "report-col-line",
        "report-col-cue",
        "report-col-time",
        "report-col-severity",
        "report-col-rule",
        "report-col-message",
    ] {
        let _ = write!(out, "<th>{}</th>", text(&opts.label_text(id, &[])));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for d in &f.findings {
        let sev = d.severity.name();
        let line = if d.line > 0 {
            d.line.to_string()
        } else {
            String::new()
        };
        let cue = d.cue.map(|c| c.to_string()).unwrap_or_default();
        let time = f.finding_start(d).map(clock).unwrap_or_default();
        let _ = writeln!(
            out,
            "<tr class=\"finding sev-{sev}\" data-severity=\"{sev}\" data-rule=\"{}\"><td class=\"num\">{line}</td>\
             <td class=\"num\">{cue}</td><td class=\"num\"><bdi>{time}</bdi></td><td class=\"sev\">{}</td>\
             <td class=\"rule\"><bdi>{}</bdi></td><td class=\"msg\">{}</td></tr>",
            attr(d.rule),
            text(&opts.severity_label(d.severity)),
            text(d.rule),
            text(&(opts.message)(d))
        );
    }
    out.push_str("</tbody>\n</table>\n");
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
        assert!(!SCRIPT.contains('<') && !SCRIPT.contains('&'));
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
}
