//! `subloc info FILE…`: what each file is (format, encoding, BOM, line endings, cues, time span,
//! scripts) and what was found wrong while reading it.
//!
//! `--format json` is a stable interface for scripts (documented in the README): one object per
//! file, never localized; English message texts ride along for logs. A file that cannot be read
//! becomes an object with `path` and `error`, the other files are still reported, and the command
//! exits 2 at the end.

use std::collections::BTreeMap;

use serde::Serialize;
use subloc::diag::{Diagnostic, Severity};
use subloc::format::{self, ReadOptions};
use subloc::i18n::Localizer;
use subloc::model::{CueKind, Track};
use unicode_width::UnicodeWidthStr;

use super::{
    AppError, Context, ExitStatus, Output, Paint, lookup_encoding, num, paint, render_diagnostic,
    render_error, scripts, show,
};
use crate::cli::{InfoArgs, InfoFormat};

/// One file's facts, as serialized by `--format json`.
#[derive(Debug, Serialize)]
pub struct FileInfo {
    pub path: String,
    pub format: &'static str,
    /// WHATWG name (`UTF-8`, `GBK`, `UTF-16LE`, …).
    pub encoding: String,
    pub encoding_guessed: bool,
    pub bom: bool,
    pub line_ending: &'static str,
    /// Displayed events (ASS `Comment:` events are counted in `comments` instead).
    pub cues: usize,
    pub comments: usize,
    /// Span of the displayed events; `null` when there are none.
    pub start_ms: Option<i64>,
    pub end_ms: Option<i64>,
    pub scripts: Vec<&'static str>,
    pub diagnostics: Vec<DiagnosticJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue_list: Option<Vec<CueJson>>,
}

#[derive(Debug, Serialize)]
pub struct DiagnosticJson {
    pub rule: &'static str,
    pub severity: Severity,
    pub line: u32,
    pub column: u32,
    pub cue: Option<u32>,
    pub args: BTreeMap<String, String>,
    /// The en-US text, for logs; scripts should key on `rule` and `args`.
    pub message: String,
}

#[derive(Debug, Serialize)]
pub struct CueJson {
    /// The cue id: 1-based position in the file as parsed.
    pub index: u32,
    pub start_ms: i64,
    pub end_ms: i64,
    /// Plain text: markup removed, forced line breaks as `\n`.
    pub text: String,
    /// `dialogue` or `comment`.
    pub kind: &'static str,
    pub style: Option<String>,
    pub speaker: Option<String>,
    /// 1-based source line where the cue starts.
    pub line: u32,
}

/// The object for a file that could not be read.
#[derive(Debug, Serialize)]
pub struct FileError {
    pub path: String,
    pub error: ErrorJson,
}

#[derive(Debug, Serialize)]
pub struct ErrorJson {
    /// Stable kind: `not-found`, `permission-denied`, `is-a-directory`, `read-unknown-format`, …
    pub kind: &'static str,
    /// en-US text.
    pub message: String,
}

#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Entry {
    File(Box<FileInfo>),
    Error(FileError),
}

pub fn run(
    args: &InfoArgs,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let opts = ReadOptions {
        encoding: lookup_encoding(args.encoding.as_deref())?,
        format: None,
    };
    let english = Localizer::english();
    let mut entries = Vec::with_capacity(args.files.len());
    let (mut failed, mut serious) = (0usize, 0usize);
    for (n, path) in args.files.iter().enumerate() {
        let read = format::read_file(path, &opts)
            .map_err(AppError::Read)
            .and_then(|loaded| readable(path, loaded));
        let entry = match read {
            Ok(loaded) => {
                let info = describe(
                    &show(path),
                    &loaded.track,
                    &loaded.diagnostics,
                    args.cues,
                    &english,
                );
                serious += loaded
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity >= Severity::Warning)
                    .count();
                if args.format == InfoFormat::Human {
                    let text = human(&info, &loaded.diagnostics, ctx);
                    let sep = if n > 0 { "\n" } else { "" };
                    out.out(&format!("{sep}{text}")).map_err(AppError::Stdout)?;
                }
                Entry::File(Box::new(info))
            }
            Err(e) => {
                failed += 1;
                out.err(&render_error(ctx.loc, &e.render(ctx.loc), ctx.color_err));
                Entry::Error(FileError {
                    path: show(path),
                    error: ErrorJson {
                        kind: e.kind(),
                        message: e.render(&english),
                    },
                })
            }
        };
        entries.push(entry);
    }
    if args.format == InfoFormat::Json {
        // Serializing plain owned data cannot fail; an empty array is the safe degenerate case.
        let mut json = serde_json::to_string_pretty(&entries).unwrap_or_else(|_| "[]".into());
        json.push('\n');
        out.out(&json).map_err(AppError::Stdout)?;
    }
    if failed > 0 {
        let msg = ctx.loc.msg("error-files-failed", &[("count", num(failed))]);
        out.err(&render_error(ctx.loc, &msg, ctx.color_err));
        return Ok(ExitStatus::Error);
    }
    if args.strict && serious > 0 {
        let msg = ctx.loc.msg("error-strict-info", &[("count", num(serious))]);
        out.err(&render_error(ctx.loc, &msg, ctx.color_err));
        return Ok(ExitStatus::Failure);
    }
    Ok(ExitStatus::Success)
}

/// A format subloc only writes (TTML) is a read failure here, as in `convert`, not a report of
/// zero cues.
fn readable(path: &std::path::Path, loaded: format::Loaded) -> Result<format::Loaded, AppError> {
    let unsupported = loaded
        .diagnostics
        .iter()
        .any(|d| d.rule == subloc::diag::rules::PARSE_UNSUPPORTED_FORMAT);
    if unsupported {
        return Err(AppError::UnreadableFormat {
            path: path.to_path_buf(),
            format: loaded.track.format.map(|f| f.name()).unwrap_or("unknown"),
        });
    }
    Ok(loaded)
}

/// Gathers the facts of one read file.
pub fn describe(
    path: &str,
    track: &Track,
    diagnostics: &[Diagnostic],
    with_cues: bool,
    english: &Localizer,
) -> FileInfo {
    let shown = || track.cues.iter().filter(|c| c.kind() == CueKind::Dialogue);
    let cues = shown().count();
    let start_ms = shown().map(|c| c.start.ms()).min();
    let end_ms = shown().map(|c| c.end.ms()).max();
    let plain: Vec<String> = shown().map(|c| c.text.to_plain()).collect();
    let cue_list = with_cues.then(|| {
        track
            .cues
            .iter()
            .map(|c| CueJson {
                index: c.id,
                start_ms: c.start.ms(),
                end_ms: c.end.ms(),
                text: c.text.to_plain(),
                kind: match c.kind() {
                    CueKind::Dialogue => "dialogue",
                    CueKind::Comment => "comment",
                },
                style: c.style().map(str::to_string),
                speaker: c.speaker().map(str::to_string),
                line: c.line,
            })
            .collect()
    });
    FileInfo {
        path: path.to_string(),
        format: track.format.map(|f| f.name()).unwrap_or("unknown"),
        encoding: track.facts.encoding.clone(),
        encoding_guessed: track.facts.encoding_guessed,
        bom: track.facts.bom != subloc::model::Bom::None,
        line_ending: track.facts.line_ending.name(),
        cues,
        comments: track.cues.len() - cues,
        start_ms,
        end_ms,
        scripts: scripts::scripts(plain.iter().map(String::as_str)),
        diagnostics: diagnostics
            .iter()
            .map(|d| DiagnosticJson {
                rule: d.rule,
                severity: d.severity,
                line: d.line,
                column: d.column,
                cue: d.cue,
                args: d.args.iter().cloned().collect(),
                message: english.diagnostic(d),
            })
            .collect(),
        cue_list,
    }
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
    use subloc::diag::rules;
    use subloc::model::{Cue, Format, RichText, Timestamp};

    use super::super::tests::en;
    use super::*;

    fn track() -> Track {
        let mut t = Track {
            format: Some(Format::Ass),
            ..Track::default()
        };
        t.facts.encoding = "UTF-8".into();
        t.cues.push(Cue::new(
            1,
            Timestamp(1500),
            Timestamp(3000),
            RichText::plain("琉璃\nglass"),
        ));
        let mut note = Cue::new(
            2,
            Timestamp(0),
            Timestamp(90_000),
            RichText::plain("TL note"),
        );
        note.meta_mut().kind = CueKind::Comment;
        t.cues.push(note);
        t.cues.push(Cue::new(
            3,
            Timestamp(4000),
            Timestamp(6500),
            RichText::plain("伊斯法罕"),
        ));
        t
    }

    #[test]
    fn facts_count_dialogue_and_keep_comments_in_the_list() {
        let d = Diagnostic::new(rules::PARSE_BAD_LINE, Severity::Warning)
            .at(9, 1)
            .arg("line", "x");
        let info = describe("a.ass", &track(), &[d], true, &en());
        assert_eq!(info.cues, 2);
        assert_eq!(info.comments, 1);
        assert_eq!((info.start_ms, info.end_ms), (Some(1500), Some(6500)));
        assert_eq!(info.scripts, vec!["Han", "Latin"]);
        let list = info.cue_list.as_ref().unwrap();
        assert_eq!(list.len(), 3);
        assert_eq!(list[0].text, "琉璃\nglass");
        assert_eq!(list[1].kind, "comment");
        let json = serde_json::to_value(&info).unwrap();
        assert_eq!(json["diagnostics"][0]["rule"], "parse-bad-line");
        assert_eq!(json["diagnostics"][0]["severity"], "warning");
        assert_eq!(json["diagnostics"][0]["args"]["line"], "x");
        assert_eq!(json["line_ending"], "lf");
        assert_eq!(json["bom"], false);
    }

    #[test]
    fn empty_track_has_null_span_and_no_cue_list_unless_asked() {
        let info = describe("e.srt", &Track::default(), &[], false, &en());
        let json = serde_json::to_value(&info).unwrap();
        assert!(json["start_ms"].is_null());
        assert!(json["end_ms"].is_null());
        assert!(json.get("cue_list").is_none());
        assert_eq!(json["cues"], 0);
    }

    #[test]
    fn human_report_aligns_localized_labels() {
        let zh = Localizer::for_lang(&"zh-CN".parse().unwrap());
        let ctx = Context {
            loc: &zh,
            color_out: false,
            color_err: false,
            quiet: false,
        };
        let info = describe("a.ass", &track(), &[], false, &en());
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
