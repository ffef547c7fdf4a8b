//! `info` as a use case: what each subtitle file is (format, encoding, BOM, line endings, cues,
//! time span, scripts) and what was found wrong while reading it, as data.
//!
//! [`describe_files`] reads the files lazily, one per step of the iterator, so the binary can show
//! each report as soon as it is ready; a file that cannot be read is an entry of its own and the
//! others are still described. The JSON types here are the stable `info --format json`
//! interface (documented in the README): never localized, English message texts ride along for
//! logs. The human report is the binary's (it paints).

pub mod human;
pub mod scripts;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Error, lookup_encoding, read_track, show};
use crate::diag::{Diagnostic, Severity};
use crate::format::ReadOptions;
use crate::i18n::Localizer;
use crate::model::{CueKind, Track};

/// What `info` needs: the files and the already-parsed options.
#[derive(Debug, Clone, Copy, Default)]
pub struct InfoRequest<'a> {
    pub files: &'a [PathBuf],
    /// `--encoding` label (default: detected).
    pub encoding: Option<&'a str>,
    /// `--cues`: list every cue too.
    pub cues: bool,
}

/// One file's facts, as serialized by `--format json`.
#[derive(Debug, Serialize)]
pub struct FileFacts {
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
    pub diagnostics: Vec<InfoDiagnosticJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue_list: Option<Vec<InfoCueJson>>,
}

#[derive(Debug, Serialize)]
pub struct InfoDiagnosticJson {
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
pub struct InfoCueJson {
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
pub struct InfoFileError {
    pub path: String,
    pub error: InfoErrorJson,
}

#[derive(Debug, Serialize)]
pub struct InfoErrorJson {
    /// Stable kind: `not-found`, `permission-denied`, `is-a-directory`, `read-unknown-format`, …
    pub kind: &'static str,
    /// en-US text.
    pub message: String,
}

/// One element of the `--format json` array.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum InfoEntry {
    File(Box<FileFacts>),
    Error(InfoFileError),
}

/// A file that was read: its facts and the reader's diagnostics (without a path; the human
/// report shows them under the file's heading).
#[derive(Debug)]
pub struct DescribedFile {
    pub info: FileFacts,
    pub diagnostics: Vec<Diagnostic>,
}

/// What `info` found for one file.
#[derive(Debug)]
pub struct InfoFileReport {
    pub path: PathBuf,
    pub result: Result<DescribedFile, Error>,
}

impl InfoFileReport {
    /// The JSON array element of this file; an error's message is the en-US text.
    pub fn entry(self, english: &Localizer) -> InfoEntry {
        match self.result {
            Ok(d) => InfoEntry::File(Box::new(d.info)),
            Err(e) => InfoEntry::Error(InfoFileError {
                path: show(&self.path),
                error: InfoErrorJson {
                    kind: e.kind(),
                    message: e.render(english),
                },
            }),
        }
    }
}

/// The counts the exit status is chosen from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InfoTally {
    /// Files that could not be read (exit 2).
    pub failed: usize,
    /// Diagnostics at warning level or above in the files read (exit 1 with `--strict`).
    pub serious: usize,
}

impl InfoTally {
    pub fn add(&mut self, report: &InfoFileReport) {
        match &report.result {
            Ok(d) => {
                self.serious += d
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity >= Severity::Warning)
                    .count();
            }
            Err(_) => self.failed += 1,
        }
    }
}

/// Describes each of `req.files`, reading one file per step. An unknown `--encoding` fails
/// before any file is read.
pub fn describe_files<'a>(
    req: &InfoRequest<'a>,
) -> Result<impl Iterator<Item = InfoFileReport> + 'a, Error> {
    let opts = ReadOptions {
        encoding: lookup_encoding(req.encoding)?,
        format: None,
        ..ReadOptions::default()
    };
    let english = Localizer::english();
    let cues = req.cues;
    Ok(req.files.iter().map(move |path| InfoFileReport {
        path: path.clone(),
        result: describe_file(path, &opts, cues, &english),
    }))
}

fn describe_file(
    path: &Path,
    opts: &ReadOptions,
    cues: bool,
    english: &Localizer,
) -> Result<DescribedFile, Error> {
    // A format subloc only writes (TTML) is a read failure here, as in `convert`, not a report of
    // zero cues.
    let loaded = read_track(path, opts)?;
    let info = describe(
        &show(path),
        &loaded.track,
        &loaded.diagnostics,
        cues,
        english,
    );
    Ok(DescribedFile {
        info,
        diagnostics: loaded.diagnostics,
    })
}

/// Gathers the facts of one read file.
pub fn describe(
    path: &str,
    track: &Track,
    diagnostics: &[Diagnostic],
    with_cues: bool,
    english: &Localizer,
) -> FileFacts {
    let shown = || track.cues.iter().filter(|c| c.kind() == CueKind::Dialogue);
    let cues = shown().count();
    let start_ms = shown().map(|c| c.start.ms()).min();
    let end_ms = shown().map(|c| c.end.ms()).max();
    let plain: Vec<String> = shown().map(|c| c.text.to_plain()).collect();
    let cue_list = with_cues.then(|| {
        track
            .cues
            .iter()
            .map(|c| InfoCueJson {
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
    FileFacts {
        path: path.to_string(),
        format: track.format.map(|f| f.name()).unwrap_or("unknown"),
        encoding: track.facts.encoding.clone(),
        encoding_guessed: track.facts.encoding_guessed,
        bom: track.facts.bom != crate::model::Bom::None,
        line_ending: track.facts.line_ending.name(),
        cues,
        comments: track.cues.len() - cues,
        start_ms,
        end_ms,
        scripts: scripts::scripts(plain.iter().map(String::as_str)),
        diagnostics: diagnostics
            .iter()
            .map(|d| InfoDiagnosticJson {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::rules;
    use crate::model::{Cue, Format, RichText, Timestamp};

    /// An ASS track with two dialogue cues around a comment.
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
        let info = describe("a.ass", &track(), &[d], true, &Localizer::english());
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
        let info = describe(
            "e.srt",
            &Track::default(),
            &[],
            false,
            &Localizer::english(),
        );
        let json = serde_json::to_value(&info).unwrap();
        assert!(json["start_ms"].is_null());
        assert!(json["end_ms"].is_null());
        assert!(json.get("cue_list").is_none());
        assert_eq!(json["cues"], 0);
    }

    #[test]
    fn unreadable_files_are_entries_and_counted() {
        let files = [PathBuf::from("/nonexistent/x.srt")];
        let input = InfoRequest {
            files: &files,
            ..InfoRequest::default()
        };
        let mut tally = InfoTally::default();
        let reports: Vec<InfoFileReport> = describe_files(&input).unwrap().collect();
        reports.iter().for_each(|r| tally.add(r));
        assert_eq!(
            tally,
            InfoTally {
                failed: 1,
                serious: 0
            }
        );
        let english = Localizer::english();
        let json = serde_json::to_value(
            reports
                .into_iter()
                .map(|r| r.entry(&english))
                .collect::<Vec<_>>(),
        )
        .unwrap();
        assert_eq!(json[0]["error"]["kind"], "not-found");
        assert_eq!(json[0]["path"], "/nonexistent/x.srt");
        let bad = InfoRequest {
            encoding: Some("klingon-8"),
            ..InfoRequest::default()
        };
        assert!(matches!(
            describe_files(&bad).err(),
            Some(Error::UnknownEncoding { .. })
        ));
    }
}
