//! `subloc info FILE…`: maps the flags to [`subloc::cmd::info`], shows each file's report as it
//! arrives (human text or one JSON array at the end) and chooses the exit status: 2 when a file
//! could not be read (the others are still reported), 1 with `--strict` and a warning.

use subloc::cmd::info::{self as uc, FileInfo, InfoInput, Tally};
use subloc::diag::{Diagnostic, Severity};
use subloc::i18n::Localizer;
use unicode_width::UnicodeWidthStr;

use super::{
    AppError, Context, ExitStatus, Output, Paint, num, paint, render_diagnostic, render_error,
};
use crate::cli::{InfoArgs, InfoFormat};

pub fn run(
    args: &InfoArgs,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let input = InfoInput {
        files: args.files.clone(),
        encoding: args.encoding.clone(),
        cues: args.cues,
    };
    let english = Localizer::english();
    let mut entries = Vec::with_capacity(args.files.len());
    let mut tally = Tally::default();
    for (n, report) in uc::describe_files(&input)?.enumerate() {
        tally.add(&report);
        match &report.result {
            Ok(d) if args.format == InfoFormat::Human => {
                let text = human(&d.info, &d.diagnostics, ctx);
                let sep = if n > 0 { "\n" } else { "" };
                out.out(&format!("{sep}{text}")).map_err(AppError::Stdout)?;
            }
            Ok(_) => {}
            Err(e) => out.err(&render_error(ctx.loc, &e.render(ctx.loc), ctx.color_err)),
        }
        entries.push(report.entry(&english));
    }
    if args.format == InfoFormat::Json {
        // Serializing plain owned data cannot fail; an empty array is the safe degenerate case.
        let mut json = serde_json::to_string_pretty(&entries).unwrap_or_else(|_| "[]".into());
        json.push('\n');
        out.out(&json).map_err(AppError::Stdout)?;
    }
    if tally.failed > 0 {
        let msg = ctx
            .loc
            .msg("error-files-failed", &[("count", num(tally.failed))]);
        out.err(&render_error(ctx.loc, &msg, ctx.color_err));
        return Ok(ExitStatus::Error);
    }
    if args.strict && tally.serious > 0 {
        let msg = ctx
            .loc
            .msg("error-strict-info", &[("count", num(tally.serious))]);
        out.err(&render_error(ctx.loc, &msg, ctx.color_err));
        return Ok(ExitStatus::Failure);
    }
    Ok(ExitStatus::Success)
}

/// The human report of one file: a bold path line, aligned localized labels, then its
/// diagnostics (and cues with `--cues`).
fn human(info: &FileInfo, diagnostics: &[Diagnostic], ctx: &Context<'_>) -> String {
    let loc = ctx.loc;
    let yes_no = |b: bool| loc.text(if b { "value-yes" } else { "value-no" });
    let clock = |ms: i64| subloc::model::Timestamp(ms).fmt_clock('.');
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
    let mut text = format!("{}\n", paint(&info.path, Paint::Bold, ctx.color_out));
    for (label, value) in labels {
        let pad = " ".repeat(width - label.width());
        text.push_str(&format!("  {label}{pad}  {value}\n"));
    }
    for d in diagnostics {
        text.push_str(&format!("  {}\n", render_diagnostic(loc, d, ctx.color_out)));
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
    use subloc::model::{Cue, CueKind, Format, RichText, Timestamp, Track};

    use super::super::tests::en;
    use super::*;

    #[test]
    fn human_report_aligns_localized_labels() {
        let zh = Localizer::for_lang(&"zh-CN".parse().unwrap());
        let ctx = Context {
            loc: &zh,
            color_out: false,
            color_err: false,
            quiet: false,
        };
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
        let info = uc::describe("a.ass", &track, &[], false, &en());
        let text = human(&info, &[], &ctx);
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
