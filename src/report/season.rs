//! The reports of a `translate` run: per language × platform a season page (`fa-netflix.html`:
//! one row per episode, sortable and filterable, and every episode's timeline and findings), and
//! one index page per run (`index.html`) linking every season page with its counts.
//!
//! A season page must stay usable at 80 episodes: when the whole season would weigh more than
//! `max_bytes`, the page keeps the episode and rule tables and each episode's details move to a
//! page of their own (`fa-netflix/003-ep003.html`), linked from its row and linking back. Both
//! layouts are rendered by `html.rs`; this file only decides and names. Renderers never write:
//! the pages come back with their paths, relative to the reports folder.
//!
//! Labels: `report-season-title` (lang, platform), `report-split-note`, `report-season-link`,
//! `report-index-link`, `report-index-title`, `report-col-language`, `report-col-platform`,
//! `report-col-files`, `report-col-cues`, `report-col-worst`, `report-severity` (severity),
//! `report-generated` (date).

use std::fmt::Write as _;

use super::escape::{attr, text};
use super::html::{Layout, page, worst_rule};
use super::page::{foot, head};
use super::{CheckReport, Counts, RenderOptions, iso_datetime};
use crate::diag::Severity;

/// One HTML page of a run's reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlPage {
    /// Where it goes, relative to the reports folder, `/`-separated (`fa-netflix.html`).
    pub path: String,
    pub html: String,
}

/// Which season a page is about, and how large it may grow.
#[derive(Debug, Clone, Copy)]
pub struct Season<'a> {
    pub lang: &'a str,
    pub platform: &'a str,
    /// The page's file name without `.html` (`fa-netflix`); episode pages go in a folder of
    /// that name.
    pub name: &'a str,
    /// The run's index page, relative to the reports folder, when there is one.
    pub index: Option<&'a str>,
    /// Above this size (bytes) the episodes' details move to pages of their own.
    pub max_bytes: usize,
}

/// The size above which a season page hands its episodes' details to pages of their own: 1 MB,
/// what issue 15 asks a page of 80 episodes to stay under.
pub const MAX_PAGE_BYTES: usize = 1_000_000;

/// The pages of one season: the season page first, then the episode pages if it was split.
pub fn season_pages(
    report: &CheckReport,
    season: &Season<'_>,
    opts: &RenderOptions<'_>,
) -> Vec<HtmlPage> {
    let title = opts.label_text(
        "report-season-title",
        &[
            ("lang", season.lang.to_string()),
            ("platform", season.platform.to_string()),
        ],
    );
    let index_link = season
        .index
        .map(|i| (i.to_string(), opts.label_text("report-index-link", &[])));
    let whole = Layout {
        title: Some(title.clone()),
        links: index_link.iter().cloned().collect(),
        ..Layout::default()
    };
    let html = page(report, opts, &whole);
    let main = format!("{}.html", season.name);
    if html.len() <= season.max_bytes || report.files.len() < 2 {
        return vec![HtmlPage { path: main, html }];
    }

    let names = episode_page_names(report);
    let details: Vec<Option<String>> = names
        .iter()
        .map(|n| n.as_ref().map(|n| format!("{}/{n}", season.name)))
        .collect();
    let overview = Layout {
        title: Some(title.clone()),
        links: whole.links.clone(),
        note: Some(opts.label_text("report-split-note", &[])),
        details: Some(details),
    };
    let mut pages = vec![HtmlPage {
        path: main.clone(),
        html: page(report, opts, &overview),
    }];
    // From `fa-netflix/003-ep003.html`, the season page and the index are one folder up.
    let mut back = vec![(
        format!("../{main}"),
        opts.label_text("report-season-link", &[]),
    )];
    back.extend(index_link.map(|(href, label)| (format!("../{href}"), label)));
    for (f, name) in report.files.iter().zip(&names) {
        let Some(name) = name else { continue };
        let one = CheckReport::new(vec![f.clone()]);
        let layout = Layout {
            title: Some(format!("{title} · {}", f.path)),
            links: back.clone(),
            ..Layout::default()
        };
        pages.push(HtmlPage {
            path: format!("{}/{name}", season.name),
            html: page(&one, opts, &layout),
        });
    }
    pages
}

/// Per file, the name of its episode page: its position (so names are unique and list in
/// season order) and its file stem reduced to letters, digits, `-` and `_`; `None` for a file
/// that could not be read (its row says why, there is nothing more to show).
fn episode_page_names(report: &CheckReport) -> Vec<Option<String>> {
    report
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            if f.error.is_some() {
                return None;
            }
            let stem = std::path::Path::new(&f.path)
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("");
            let safe: String = stem
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || c == '-' || c == '_' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            Some(format!("{:03}-{safe}.html", i + 1))
        })
        .collect()
}

/// One row of the run's index: a season page and its counts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IndexRow {
    pub lang: String,
    pub platform: String,
    /// The season page, relative to the index.
    pub href: String,
    pub files: usize,
    /// Cues that show text, over every file.
    pub cues: usize,
    pub counts: Counts,
    /// The rule with most findings at the highest severity over the season, with that number.
    pub worst: Option<(String, Severity, usize)>,
}

impl IndexRow {
    pub fn new(lang: &str, platform: &str, href: &str, report: &CheckReport) -> IndexRow {
        let all = super::FileReport {
            findings: report
                .files
                .iter()
                .flat_map(|f| f.findings.iter().cloned())
                .collect(),
            ..super::FileReport::default()
        };
        IndexRow {
            lang: lang.to_string(),
            platform: platform.to_string(),
            href: href.to_string(),
            files: report.files.len(),
            cues: report.files.iter().map(|f| f.timeline.len()).sum(),
            counts: report.summary.findings,
            worst: worst_rule(&all).map(|(r, s, n)| (r.to_string(), s, n)),
        }
    }
}

/// The index page of a run: one row per language × platform, linking its season page.
pub fn index_page(rows: &[IndexRow], opts: &RenderOptions<'_>) -> String {
    let l = |id: &str| opts.label_text(id, &[]);
    let title = l("report-index-title");
    let mut out = String::with_capacity(4096 + rows.len() * 400);
    head(&mut out, opts.ui_lang, opts.tool_version, &title);
    let generated = opts.label_text(
        "report-generated",
        &[(
            "date",
            format!("{} UTC", iso_datetime(opts.generated_at).replace('T', " ")),
        )],
    );
    let _ = write!(
        out,
        "<header>\n<h1>{}</h1>\n<p class=\"generated\">{}</p>\n</header>\n\
         <table class=\"index sortable\">\n<thead><tr>",
        text(&title),
        text(&generated)
    );
    for id in [
        "report-col-language",
        "report-col-platform",
        "report-col-files",
        "report-col-cues",
    ] {
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
    for r in rows {
        let _ = write!(
            out,
            "<tr class=\"season-row\" data-lang=\"{}\" data-platform=\"{}\"><td><bdi>{}</bdi></td>\
             <td><a href=\"{}\"><bdi>{}</bdi></a></td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num count-error\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>",
            attr(&r.lang),
            attr(&r.platform),
            text(&r.lang),
            attr(&r.href),
            text(&r.platform),
            r.files,
            r.cues,
            r.counts.error,
            r.counts.warning,
            r.counts.info
        );
        if let Some((rule, sev, n)) = &r.worst {
            let _ = write!(
                out,
                "<bdi class=\"rule sev-{}\">{}</bdi> ({n})",
                sev.name(),
                text(rule)
            );
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    foot(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::super::testutil::parse_xml;
    use super::super::{CueText, FileReport, LangSource, TimelinePoint};
    use super::*;
    use crate::diag::{Diagnostic, rules};
    use crate::i18n::Localizer;

    /// A season as `translate` reports it: `episodes` Persian files of `cues` cues each, a
    /// reading-speed finding on every `every`-th cue, with its text (two lines) and source line.
    fn season(episodes: usize, cues: u32, every: u32) -> CheckReport {
        let files = (1..=episodes)
            .map(|e| {
                let path = format!("out/fa/netflix/ep{e:03}.ttml");
                let mut f = FileReport::new(&path, "fa", LangSource::Flag, "netflix");
                f.cps_limit = Some(17.0);
                for c in 1..=cues {
                    let start = i64::from(c) * 4_000;
                    let end = start + 2_267;
                    f.timeline.push(TimelinePoint {
                        cue: c,
                        start_ms: start,
                        end_ms: end,
                        cps: 12.0 + f64::from(c % 9),
                    });
                    if c % every != 0 {
                        continue;
                    }
                    f.findings.push(
                        Diagnostic::new(rules::READING_SPEED, Severity::Warning)
                            .at(c * 4, 1)
                            .cue(c)
                            .arg("cps", "17.65")
                            .arg("chars", "40")
                            .arg("duration_ms", "2267")
                            .arg("max", "17"),
                    );
                    f.cues.push(CueText {
                        cue: c,
                        line: c * 4,
                        start_ms: start,
                        end_ms: end,
                        text: "قگضپاض وثفپطض می‌رفظگی\nژمدغعض‌ها کچطواصپطض".into(),
                        source: Some("这是我父亲法尔哈德\n伊斯法罕的瓷砖师傅".into()),
                    });
                }
                f
            })
            .collect();
        CheckReport::new(files)
    }

    /// The pages of `report` in English, as `translate` renders them.
    fn pages(report: &CheckReport) -> Vec<HtmlPage> {
        let loc = Localizer::english();
        let message = |d: &Diagnostic| loc.diagnostic(d);
        let label = |id: &str, args: &[(&str, String)]| crate::cmd::label_text(&loc, id, args);
        let opts = RenderOptions::new(&message, &label);
        let s = Season {
            lang: "fa",
            platform: "netflix",
            name: "fa-netflix",
            index: Some("index.html"),
            max_bytes: MAX_PAGE_BYTES,
        };
        season_pages(report, &s, &opts)
    }

    fn finding_rows(html: &str) -> usize {
        html.matches("<tr class=\"finding").count()
    }

    #[test]
    fn a_season_of_80_episodes_with_a_few_findings_each_is_one_page_under_a_megabyte() {
        // 80 × 80 cues, 5 findings an episode: what the bench corpus gives with defects.
        let report = season(80, 80, 16);
        let pages = pages(&report);
        assert_eq!(pages.len(), 1);
        let page = &pages[0];
        assert_eq!(page.path, "fa-netflix.html");
        assert!(
            page.html.len() <= MAX_PAGE_BYTES,
            "{} bytes",
            page.html.len()
        );
        assert_eq!(finding_rows(&page.html), 400);
        assert!(parse_xml(&page.html).is_ok());
    }

    #[test]
    fn a_season_too_large_for_one_page_moves_each_episode_to_its_own() {
        // A finding on every cue: 6,400 rows with their texts would be ~5 MB on one page.
        let report = season(80, 80, 1);
        let pages = pages(&report);
        assert_eq!(pages.len(), 81);
        for p in &pages {
            assert!(
                p.html.len() <= MAX_PAGE_BYTES,
                "{}: {} bytes",
                p.path,
                p.html.len()
            );
            assert!(parse_xml(&p.html).is_ok(), "{}", p.path);
        }
        let main = &pages[0];
        assert_eq!(main.path, "fa-netflix.html");
        assert_eq!(finding_rows(&main.html), 0);
        // Every episode row links its page, which exists; every page links back.
        let root = parse_xml(&main.html).unwrap();
        let links: Vec<String> = root
            .find_all("tr")
            .into_iter()
            .filter(|r| r.has_class("episode"))
            .filter_map(|r| {
                r.find_all("a")
                    .first()
                    .and_then(|a| a.attr("href"))
                    .map(str::to_string)
            })
            .collect();
        let episode_pages: Vec<String> = pages[1..].iter().map(|p| p.path.clone()).collect();
        assert_eq!(links, episode_pages);
        assert_eq!(links[2], "fa-netflix/003-ep003.html");
        for p in &pages[1..] {
            assert!(p.html.contains("href=\"../fa-netflix.html\""));
            assert!(p.html.contains("href=\"../index.html\""));
            assert_eq!(finding_rows(&p.html), 80, "{}", p.path);
        }
    }

    #[test]
    fn the_index_links_every_season_page_with_its_counts() {
        let report = season(3, 10, 5);
        let loc = Localizer::english();
        let message = |d: &Diagnostic| loc.diagnostic(d);
        let label = |id: &str, args: &[(&str, String)]| crate::cmd::label_text(&loc, id, args);
        let opts = RenderOptions::new(&message, &label);
        let rows = [
            IndexRow::new("fa", "netflix", "fa-netflix.html", &report),
            IndexRow::new("fa", "youtube", "fa-youtube.html", &CheckReport::default()),
        ];
        assert_eq!(rows[0].cues, 30);
        assert_eq!(rows[0].counts.warning, 6);
        assert_eq!(
            rows[0].worst,
            Some(("reading-speed".to_string(), Severity::Warning, 6))
        );
        let html = index_page(&rows, &opts);
        let root = parse_xml(&html).unwrap_or_else(|e| panic!("{e}\n{html}"));
        let hrefs: Vec<&str> = root
            .find_all("a")
            .iter()
            .filter_map(|a| a.attr("href"))
            .collect();
        assert_eq!(hrefs, vec!["fa-netflix.html", "fa-youtube.html"]);
    }
}
