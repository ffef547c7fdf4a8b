//! `info`'s human report of one file: a bold path line, the facts under aligned localized
//! labels, then the reader's diagnostics (and every cue with `--cues`).

use unicode_width::UnicodeWidthStr;

use super::FileFacts;
use crate::cmd::num;
use crate::cmd::render::{Paint, paint, render_diagnostic};
use crate::diag::{Diagnostic, Severity};
use crate::i18n::Localizer;

/// The report of one file in `loc`'s language; `color` paints the path and severities.
pub fn render_file(
    info: &FileFacts,
    diagnostics: &[Diagnostic],
    loc: &Localizer,
    color: bool,
) -> String {
    let yes_no = |b: bool| loc.text(if b { "value-yes" } else { "value-no" });
    let clock = |ms: i64| crate::model::Timestamp(ms).fmt_clock('.');
    let encoding = if info.encoding_guessed {
        loc.msg(
            "value-guessed",
            &[("encoding", info.encoding.clone().into())],
        )
    } else {
        info.encoding.clone()
    };
    let span = match (info.start_ms, info.end_ms) {
        (Some(s), Some(e)) => loc.msg(
            "value-span",
            &[("start", clock(s).into()), ("end", clock(e).into())],
        ),
        _ => loc.text("info-no-cues"),
    };
    let scripts = if info.scripts.is_empty() {
        loc.text("value-none")
    } else {
        info.scripts.join(", ")
    };
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let mut rows = vec![
        ("label-format", info.format.to_string()),
        ("label-encoding", encoding),
        ("label-bom", yes_no(info.bom)),
        ("label-line-ending", info.line_ending.to_uppercase()),
        ("label-cues", info.cues.to_string()),
    ];
    if info.comments > 0 {
        rows.push(("label-comments", info.comments.to_string()));
    }
    rows.push(("label-span", span));
    rows.push(("label-scripts", scripts));
    rows.push((
        "label-problems",
        loc.msg(
            "value-problems",
            &[("errors", num(errors)), ("warnings", num(warnings))],
        ),
    ));
    let labels: Vec<(String, String)> = rows
        .into_iter()
        .map(|(id, value)| (loc.text(id), value))
        .collect();
    let width = labels.iter().map(|(l, _)| l.width()).max().unwrap_or(0);
    let mut text = format!("{}\n", paint(&info.path, Paint::Bold, color));
    for (label, value) in labels {
        let pad = " ".repeat(width - label.width());
        text.push_str(&format!("  {label}{pad}  {value}\n"));
    }
    for d in diagnostics {
        text.push_str(&format!("  {}\n", render_diagnostic(loc, d, color)));
    }
    if let Some(cues) = &info.cue_list {
        for c in cues {
            text.push_str(&format!(
                "  {:>5}  {} → {}  {}\n",
                c.index,
                clock(c.start_ms),
                clock(c.end_ms),
                c.text.replace('\n', " ⏎ ")
            ));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::info::describe;
    use crate::model::{Cue, CueKind, Format, RichText, Timestamp, Track};

    #[test]
    fn human_report_aligns_localized_labels() {
        let zh = Localizer::for_lang(&"zh-CN".parse().unwrap());
        let mut track = Track {
            format: Some(Format::Ass),
            ..Track::default()
        };
        track.facts.encoding = "UTF-8".into();
        track.cues.push(Cue::new(
            1,
            Timestamp(1500),
            Timestamp(3000),
            RichText::plain("琉璃\nglass"),
        ));
        let mut note = Cue::new(2, Timestamp(0), Timestamp(9000), RichText::plain("TL"));
        note.meta_mut().kind = CueKind::Comment;
        track.cues.push(note);
        let info = describe("a.ass", &track, &[], false, &Localizer::english());
        let text = render_file(&info, &[], &zh, false);
        assert!(text.starts_with("a.ass\n"), "{text}");
        assert!(text.contains("字幕条数"), "{text}");
        assert!(text.contains("00:00:01.500"), "{text}");
        let starts: Vec<usize> = text
            .lines()
            .skip(1)
            .filter_map(|l| {
                l.find("  ").map(|_| {
                    l.trim_end().width() - l.trim_end().rsplit("  ").next().unwrap_or("").width()
                })
            })
            .collect();
        assert!(
            starts.windows(2).all(|w| w[0] == w[1]),
            "{text}\n{starts:?}"
        );
    }
}
