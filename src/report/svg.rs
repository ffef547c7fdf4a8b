//! The reading-speed timeline of one file as an inline SVG for the HTML report: one bar per cue
//! (width = its duration, height = its CPS), the profile's CPS limit as a dashed line, and one
//! circle per cue with findings, whose `<title>` lists them as a tooltip.
//!
//! A cue with findings is a link (`<a href="#{key}-c{cue}">` around its bar and circle) to the
//! first row of its findings in the page's table: click a bar, land on its finding. The bars of
//! the other cues are one `<path>` per colour — a season page draws thousands of them, and a
//! path costs a quarter of the bytes of as many `<rect>`s.
//!
//! The SVG is self-contained (presentation attributes inline, so it survives being copied out of
//! the page) and written as well-formed XML. Labels: `report-timeline-title`,
//! `report-timeline-axis` (cps), `report-timeline-empty`, `report-cps-limit` (limit), `report-cue`
//! (cue).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::escape::{attr, push_text};
use super::{FileReport, RenderOptions, TimelinePoint, clock};
use crate::diag::{Diagnostic, Severity};

const WIDTH: f64 = 960.0;
const HEIGHT: f64 = 192.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 12.0;
/// Room above the plot for the CPS axis title, which is far wider than the left margin in
/// every locale ("30 characters per second"): end-anchored beside the axis it was cut off.
const TOP: f64 = 24.0;
/// Where the axis title starts (start-anchored, so it grows into the viewBox) and its baseline.
const AXIS_TITLE_X: f64 = 6.0;
const AXIS_TITLE_Y: f64 = 15.0;
const BOTTOM: f64 = 26.0;
const PLOT_W: f64 = WIDTH - LEFT - RIGHT;
const PLOT_H: f64 = HEIGHT - TOP - BOTTOM;

/// A number for labels: whole numbers without decimals, others with one.
pub(super) fn num(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

fn colour(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "#c62828",
        Severity::Warning => "#e65100",
        Severity::Info => "#1565c0",
    }
}

/// The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ⁿ at or above `x` (a round top for the CPS axis); 1 for
/// anything not positive and finite.
fn nice_ceil(x: f64) -> f64 {
    if !x.is_finite() || x <= 0.0 {
        return 1.0;
    }
    let mag = 10f64.powf(x.log10().floor());
    [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|v| *v >= x)
        .unwrap_or(10.0 * mag)
}

struct Scale {
    t0: f64,
    span: f64,
    ymax: f64,
}

impl Scale {
    fn x(&self, t: i64) -> f64 {
        LEFT + ((t as f64 - self.t0) / self.span * PLOT_W).clamp(0.0, PLOT_W)
    }

    /// CPS clamped to the chart: infinite (a zero-length cue) pins to the top, NaN or negative to 0.
    fn cps(&self, cps: f64) -> f64 {
        if cps.is_nan() || cps < 0.0 {
            0.0
        } else {
            cps.min(self.ymax)
        }
    }

    fn y(&self, cps: f64) -> f64 {
        TOP + PLOT_H - self.cps(cps) / self.ymax * PLOT_H
    }
}

/// The reading-speed chart of one file: one bar per cue (its CPS over its time span), the
/// profile's limit as a dashed line, and one marker per cue with findings, coloured by the worst.
/// `key` names the file in the page: a flagged cue links to the row `{key}-c{cue}`.
pub(super) fn timeline(file: &FileReport, opts: &RenderOptions<'_>, key: &str) -> String {
    let title = opts.label_text("report-timeline-title", &[]);
    let mut out = format!(
        "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" \
         role=\"img\" aria-label=\"{}\" direction=\"ltr\" font-family=\"sans-serif\" font-size=\"11\">",
        attr(&title)
    );
    out.push_str("<title>");
    push_text(&mut out, &title);
    out.push_str("</title>");

    let points = &file.timeline;
    let (Some(t0), Some(t1)) = (
        points.iter().map(|p| p.start_ms.min(p.end_ms)).min(),
        points.iter().map(|p| p.end_ms.max(p.start_ms)).max(),
    ) else {
        let _ = write!(
            out,
            "<text class=\"empty\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\">",
            WIDTH / 2.0,
            HEIGHT / 2.0
        );
        push_text(&mut out, &opts.label_text("report-timeline-empty", &[]));
        out.push_str("</text></svg>");
        return out;
    };

    let limit = file.cps_limit.filter(|l| l.is_finite() && *l > 0.0);
    let finite_max = points
        .iter()
        .map(|p| p.cps)
        .filter(|c| c.is_finite())
        .fold(0.0_f64, f64::max);
    let ymax = nice_ceil(finite_max.max(limit.unwrap_or(0.0)) * 1.1);
    let scale = Scale {
        t0: t0 as f64,
        span: ((t1 as f64) - (t0 as f64)).max(1.0),
        ymax,
    };
    let by_cue = findings_by_cue(file);
    push_axes(&mut out, opts, ymax, (t0, t1));
    push_bars(&mut out, points, &scale, limit, &by_cue);
    if let Some(l) = limit {
        push_limit(&mut out, opts, &scale, l);
    }
    push_violations(&mut out, file, opts, &scale, limit, (&by_cue, key));
    out.push_str("</svg>");
    out
}

/// The axes, the axis title (CPS up to `ymax`), and the time ticks at both ends.
fn push_axes(out: &mut String, opts: &RenderOptions<'_>, ymax: f64, (t0, t1): (i64, i64)) {
    let base = TOP + PLOT_H;
    let _ = write!(
        out,
        "<g class=\"axes\" stroke=\"#777\" stroke-width=\"1\">\
         <line x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{base}\"/>\
         <line x1=\"{LEFT}\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\"/></g>",
        WIDTH - RIGHT
    );
    let _ = write!(
        out,
        "<text class=\"axis-title\" x=\"{AXIS_TITLE_X}\" y=\"{AXIS_TITLE_Y}\" text-anchor=\"start\" \
         fill=\"#333\">"
    );
    push_text(
        out,
        &opts.label_text("report-timeline-axis", &[("cps", num(ymax))]),
    );
    let _ = write!(
        out,
        "</text><text class=\"tick\" x=\"{}\" y=\"{base}\" text-anchor=\"end\" fill=\"#333\">0</text>",
        LEFT - 4.0
    );
    let _ = write!(
        out,
        "<text class=\"tick\" x=\"{LEFT}\" y=\"{}\" fill=\"#333\">{}</text>\
         <text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#333\">{}</text>",
        HEIGHT - 8.0,
        clock(t0),
        WIDTH - RIGHT,
        HEIGHT - 8.0,
        clock(t1)
    );
}

/// A bar's left edge, top, width and height; its fill and class by whether it is over the limit.
fn bar(p: &TimelinePoint, scale: &Scale, limit: Option<f64>) -> (f64, f64, f64, f64, bool) {
    let base = TOP + PLOT_H;
    let x1 = scale.x(p.end_ms.max(p.start_ms));
    let width = (x1 - scale.x(p.start_ms.min(p.end_ms))).max(0.6);
    // A zero-length cue at the very end keeps its sliver inside the plot.
    let x0 = (x1 - width).max(LEFT);
    let y = scale.y(p.cps);
    (
        x0,
        y,
        width,
        (base - y).max(0.0),
        limit.is_some_and(|l| p.cps > l),
    )
}

fn bar_fill(over: bool) -> &'static str {
    if over { "#f0a35e" } else { "#90b4d6" }
}

/// The bars of the cues without findings: one path per colour (over the limit or not). Cues
/// with findings are drawn by `push_violations`, as links.
fn push_bars(
    out: &mut String,
    points: &[TimelinePoint],
    scale: &Scale,
    limit: Option<f64>,
    flagged: &BTreeMap<u32, Vec<&Diagnostic>>,
) {
    let (mut under, mut over) = (String::new(), String::new());
    for p in points.iter().filter(|p| !flagged.contains_key(&p.cue)) {
        let (x, y, w, h, is_over) = bar(p, scale, limit);
        let d = if is_over { &mut over } else { &mut under };
        let _ = write!(d, "M{x:.1} {y:.1}h{w:.1}v{h:.1}h-{w:.1}z");
    }
    for (d, class) in [(under, "bars"), (over, "bars over")] {
        if !d.is_empty() {
            let _ = write!(
                out,
                "<path class=\"{class}\" fill=\"{}\" d=\"{d}\"/>",
                bar_fill(class != "bars")
            );
        }
    }
}

/// The profile's CPS limit as a dashed line with its value as a tooltip.
fn push_limit(out: &mut String, opts: &RenderOptions<'_>, scale: &Scale, limit: f64) {
    let y = scale.y(limit);
    let _ = write!(
        out,
        "<line class=\"limit\" x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{}\" y2=\"{y:.1}\" stroke=\"#c62828\" \
         stroke-width=\"1.5\" stroke-dasharray=\"6 4\"><title>",
        WIDTH - RIGHT
    );
    push_text(
        out,
        &opts.label_text("report-cps-limit", &[("limit", num(limit))]),
    );
    out.push_str("</title></line>");
}

/// The findings of each cue, by cue id.
fn findings_by_cue(file: &FileReport) -> BTreeMap<u32, Vec<&Diagnostic>> {
    let mut by_cue: BTreeMap<u32, Vec<&Diagnostic>> = BTreeMap::new();
    for d in &file.findings {
        if let Some(cue) = d.cue {
            by_cue.entry(cue).or_default().push(d);
        }
    }
    by_cue
}

/// Per cue with findings, a link to its first row holding its bar and a marker coloured by the
/// worst severity, its findings as tooltip.
fn push_violations(
    out: &mut String,
    file: &FileReport,
    opts: &RenderOptions<'_>,
    scale: &Scale,
    limit: Option<f64>,
    (by_cue, key): (&BTreeMap<u32, Vec<&Diagnostic>>, &str),
) {
    out.push_str("<g class=\"violations\">");
    for (cue, findings) in by_cue {
        let Some(p) = file.point(*cue) else { continue };
        let worst = findings
            .iter()
            .map(|d| d.severity)
            .max()
            .unwrap_or(Severity::Info);
        let (x, y, w, h, over) = bar(p, scale, limit);
        let cx = (scale.x(p.start_ms) + scale.x(p.end_ms)) / 2.0;
        let cy = scale.y(p.cps);
        let _ = write!(
            out,
            "<a class=\"cue-link\" href=\"#{}-c{cue}\" data-cue=\"{cue}\">\
             <rect class=\"bar{}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"{}\"/>\
             <circle class=\"violation sev-{}\" data-cue=\"{cue}\" cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"4.5\" \
             fill=\"{}\" stroke=\"#fff\" stroke-width=\"1\"><title>",
            attr(key),
            if over { " over" } else { "" },
            bar_fill(over),
            worst.name(),
            colour(worst)
        );
        let head = format!(
            "{} {}",
            opts.label_text("report-cue", &[("cue", cue.to_string())]),
            clock(p.start_ms)
        );
        let lines: Vec<String> = findings
            .iter()
            .map(|d| {
                format!(
                    "{} {}: {}",
                    opts.severity_label(d.severity),
                    d.rule,
                    (opts.message)(d)
                )
            })
            .collect();
        push_text(out, &format!("{head}\n{}", lines.join("\n")));
        out.push_str("</title></circle></a>");
    }
    out.push_str("</g>");
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{parse_xml, sample_report};
    use super::super::{LangSource, TimelinePoint};
    use super::*;

    #[test]
    fn bars_limit_and_one_marker_per_flagged_cue() {
        let report = sample_report();
        let opts = RenderOptions::default();
        for file in report.files.iter().filter(|f| f.error.is_none()) {
            let svg = timeline(file, &opts, "f0");
            let root = match parse_xml(&svg) {
                Ok(r) => r,
                Err(e) => panic!("SVG not well-formed: {e}\n{svg}"),
            };
            assert!(root.has_class("timeline"));
            // Flagged cues are rects inside links; the others are drawn by the paths, one
            // `M…z` square per bar.
            let mut flagged: Vec<u32> = file.findings.iter().filter_map(|d| d.cue).collect();
            flagged.sort_unstable();
            flagged.dedup();
            flagged.retain(|c| file.point(*c).is_some());
            let bars = root.find_all("rect");
            assert_eq!(bars.len(), flagged.len());
            let drawn: usize = root
                .find_all("path")
                .iter()
                .map(|p| p.attr("d").unwrap_or("").matches('M').count())
                .sum();
            assert_eq!(drawn + bars.len(), file.timeline.len());
            let over_paths: usize = root
                .find_all("path")
                .iter()
                .filter(|p| p.has_class("over"))
                .map(|p| p.attr("d").unwrap_or("").matches('M').count())
                .sum();
            let over = bars.iter().filter(|b| b.has_class("over")).count() + over_paths;
            let expected_over = file
                .timeline
                .iter()
                .filter(|p| file.cps_limit.is_some_and(|l| p.cps > l))
                .count();
            assert_eq!(over, expected_over);
            let links: Vec<String> = root
                .find_all("a")
                .iter()
                .filter_map(|a| a.attr("href").map(str::to_string))
                .collect();
            let expected: Vec<String> = flagged.iter().map(|c| format!("#f0-c{c}")).collect();
            assert_eq!(links, expected);
            let limit = root
                .find_all("line")
                .into_iter()
                .filter(|l| l.has_class("limit"))
                .count();
            assert_eq!(limit, usize::from(file.cps_limit.is_some()));
            let mut cues: Vec<u32> = file.findings.iter().filter_map(|d| d.cue).collect();
            cues.sort_unstable();
            cues.dedup();
            let circles = root.find_all("circle");
            assert_eq!(circles.len(), cues.len());
            for c in circles {
                let tip = c
                    .kids("title")
                    .first()
                    .map(|t| t.all_text())
                    .unwrap_or_default();
                assert!(tip.contains("report-cue (cue="), "{tip}");
            }
        }
    }

    #[test]
    fn infinite_and_nan_cps_stay_inside_the_plot() {
        let mut f = FileReport::new("x.srt", "en", LangSource::Flag, "generic");
        f.timeline = vec![
            TimelinePoint {
                cue: 1,
                start_ms: 0,
                end_ms: 0,
                cps: f64::INFINITY,
            },
            TimelinePoint {
                cue: 2,
                start_ms: 10,
                end_ms: 500,
                cps: f64::NAN,
            },
            TimelinePoint {
                cue: 3,
                start_ms: 600,
                end_ms: 900,
                cps: -3.0,
            },
        ];
        let svg = timeline(&f, &RenderOptions::default(), "f0");
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
        let root = parse_xml(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
        let squares: usize = root
            .find_all("path")
            .iter()
            .map(|p| p.attr("d").unwrap_or("").matches('M').count())
            .sum();
        assert_eq!(squares, 3);
    }

    #[test]
    fn empty_timeline_says_so() {
        let f = FileReport::new("x.srt", "en", LangSource::Flag, "generic");
        let svg = timeline(&f, &RenderOptions::default(), "f0");
        let root = parse_xml(&svg).map_err(|e| e.to_string());
        let texts = root.map(|r| r.all_text()).unwrap_or_default();
        assert!(texts.contains("report-timeline-empty"));
    }

    /// Rough rendered width of `s` at `font_size`: CJK characters are square, everything else
    /// is counted generously at 0.65 em (wider than the average sans-serif glyph).
    fn estimated_width(s: &str, font_size: f64) -> f64 {
        s.chars()
            .map(|c| {
                if unicode_width::UnicodeWidthChar::width(c) == Some(2) {
                    1.0
                } else {
                    0.65
                }
            })
            .sum::<f64>()
            * font_size
    }

    #[test]
    fn axis_label_stays_inside_the_view_box() {
        use crate::i18n::Localizer;
        let mut f = FileReport::new("x.srt", "en", LangSource::Flag, "netflix");
        f.cps_limit = Some(17.0);
        f.timeline = vec![TimelinePoint {
            cue: 1,
            start_ms: 0,
            end_ms: 2000,
            cps: 26.0,
        }];
        for ui in ["en-US", "fa-IR", "zh-CN"] {
            let loc = Localizer::new(Some(ui));
            let label_fn = |id: &str, args: &[(&str, String)]| {
                let args: Vec<(&str, fluent::FluentValue<'_>)> = args
                    .iter()
                    .map(|(k, v)| (*k, fluent::FluentValue::from(v.as_str())))
                    .collect();
                loc.msg(id, &args)
            };
            let opts = RenderOptions {
                label: &label_fn,
                ..RenderOptions::default()
            };
            let label = label_fn("report-timeline-axis", &[("cps", "30".into())]);
            let svg = timeline(&f, &opts, "f0");
            let root = parse_xml(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
            let size: f64 = root
                .attr("font-size")
                .and_then(|v| v.parse().ok())
                .unwrap_or(f64::NAN);
            let texts = root.find_all("text");
            let Some(node) = texts.iter().find(|t| t.all_text() == label) else {
                panic!("{ui}: no axis label {label:?} in {svg}");
            };
            let num = |k: &str| -> f64 {
                node.attr(k)
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(f64::NAN)
            };
            let (x, y) = (num("x"), num("y"));
            let w = estimated_width(&label, size);
            let (left, right) = match node.attr("text-anchor").unwrap_or("start") {
                "end" => (x - w, x),
                "middle" => (x - w / 2.0, x + w / 2.0),
                _ => (x, x + w),
            };
            assert!(node.attr("transform").is_none(), "{ui}: {svg}");
            assert!(
                left >= 0.0 && right <= WIDTH,
                "{ui}: label {label:?} spans {left:.0}..{right:.0} of 0..{WIDTH}"
            );
            // Its ascent is inside the top edge, and it sits above the plot, clear of the bars.
            assert!(y - size >= 0.0 && y <= TOP, "{ui}: y = {y}");
        }
    }

    #[test]
    fn axis_top_is_round() {
        assert_eq!(nice_ceil(26.9), 30.0);
        assert_eq!(nice_ceil(41.0), 50.0);
        assert_eq!(nice_ceil(18.7), 20.0);
        assert_eq!(nice_ceil(2.2), 2.5);
        assert_eq!(nice_ceil(0.0), 1.0);
        assert_eq!(nice_ceil(f64::INFINITY), 1.0);
    }

    #[test]
    fn numbers_print_short() {
        assert_eq!(num(17.0), "17");
        assert_eq!(num(12.25), "12.3");
        assert_eq!(num(0.0), "0");
    }
}
