//! The last stretch for one episode, language and platform: the translated texts applied to a
//! copy of the track, fitted to the platform (every cue re-broken for the target language,
//! directional marks, punctuation, timing extended into free time), written atomically in the
//! platform's format and encoding, and checked — the written bytes are read back and checked
//! like `subloc check` would (TTML, which subloc does not read, is checked as the track that was
//! written), together with glossary compliance against the source.

use std::path::{Path, PathBuf};

use crate::check::{self, CheckOptions, SeverityOverrides};
use crate::diag::{Diagnostic, Severity};
use crate::format::{self, ReadOptions, WriteOptions, encoding, ttml};
use crate::glossary::compliance::Compliance;
use crate::model::{Effect, Format, Inline, RichText, TagSyntax, Track};
use crate::platform::Limits;
use crate::platform::count;
use crate::platform::fit::{self, FixLimits, FixOutcome, Rebreak};
use crate::report::{FileReport, LangSource, TimelinePoint};
use crate::translate::scheduler::SegmentOutcome;
use crate::translate::segment::{Prepared, restore};

/// A segment of an episode that has no usable translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub id: String,
    pub reason: String,
}

/// The source track with every translated cue text in place, or the segments that are missing
/// (then nothing of this episode is written for the language: a partial track is no delivery).
pub fn apply_translations(
    source: &Track,
    prepared: &[Prepared],
    outcomes: &[SegmentOutcome],
) -> Result<Track, Vec<Missing>> {
    let mut track = source.clone();
    let mut missing = Vec::new();
    for (p, outcome) in prepared.iter().zip(outcomes) {
        let text = match outcome {
            SegmentOutcome::Translated { text, .. } => text,
            SegmentOutcome::Failed { reason } => {
                missing.push(Missing {
                    id: p.segment.id.clone(),
                    reason: reason.code().to_string(),
                });
                continue;
            }
        };
        match restore(text, &p.mask) {
            Ok(rich) => {
                if let Some(cue) = track.cues.get_mut(p.cue_index) {
                    cue.text = rich;
                }
            }
            Err(e) => missing.push(Missing {
                id: p.segment.id.clone(),
                reason: e.code().to_string(),
            }),
        }
    }
    if prepared.len() != outcomes.len() {
        missing.push(Missing {
            id: String::new(),
            reason: "missing-in-reply".into(),
        });
    }
    if missing.is_empty() {
        Ok(track)
    } else {
        Err(missing)
    }
}

/// The fitting limits of a profile for `lang`: every cue laid out again (source line breaks
/// mean nothing in the target), start times fixed unless `retime`.
pub fn fix_limits(limits: &Limits, track: &Track, lang: &str, retime: bool) -> FixLimits {
    let fps = limits.fps_or_default(track.fps);
    let mut fl = FixLimits::from_limits(limits, fps, lang);
    fl.rebreak = Rebreak::Always;
    fl.timing.retime = retime;
    fl
}

/// One output to produce.
pub struct Target<'a> {
    pub lang: &'a str,
    pub platform: &'a str,
    pub limits: &'a Limits,
    pub format: Format,
    /// Where to write.
    pub path: PathBuf,
    /// The path as reports show it.
    pub shown: String,
    pub retime: bool,
    pub overrides: &'a SeverityOverrides,
    pub compliance: Option<&'a Compliance<'a>>,
}

/// What producing one output gave.
#[derive(Debug)]
pub struct Delivered {
    pub fix: FixOutcome,
    pub report: FileReport,
    pub cues: usize,
    /// (cue id in the written file, rule id) of every limit the fitter could not meet.
    pub unfitted: Vec<(u32, &'static str)>,
}

/// Fits, writes and checks one output.
pub fn deliver(
    source: &Track,
    translated: &Track,
    t: &Target<'_>,
) -> Result<Delivered, std::io::Error> {
    let mut track = translated.clone();
    if t.limits.italics.copied() == Some(false) {
        strip_italics(&mut track);
    }
    let mut fl = fix_limits(t.limits, &track, t.lang, t.retime);
    // Glossary renderings for this language are never split over two lines.
    if let Some(c) = t.compliance {
        fl.keep_together = c.keep_together();
    }
    let fix = fit::fix_track(&mut track, &fl, t.lang);
    let enc = t
        .limits
        .encoding
        .get()
        .and_then(|label| encoding::lookup(label))
        .unwrap_or(encoding_rs::UTF_8);
    let (bytes, mut write_diags) = encode(&track, t.format, t.lang, enc);
    write(&t.path, &bytes)?;

    // Findings name cues as the written file numbers them: formats other than ASS drop comment
    // events, so later cues move up.
    let ids = output_ids(&track, t.format);
    let unfitted = fix
        .unfixable
        .iter()
        .filter_map(|u| ids.get(&u.cue).map(|id| (*id, u.rule)))
        .collect();
    for d in &mut write_diags {
        d.cue = d.cue.and_then(|c| ids.get(&c).copied());
    }
    let (checked, read_diags) = if t.format == Format::Ttml {
        // What the TTML file holds: no comments, cues numbered as its paragraphs, no source
        // line numbers.
        let mut tr = track;
        tr.cues
            .retain(|c| c.kind() != crate::model::CueKind::Comment);
        for c in &mut tr.cues {
            c.id = ids.get(&c.id).copied().unwrap_or(c.id);
            c.line = 0;
        }
        (tr, Vec::new())
    } else {
        let opts = ReadOptions {
            encoding: Some(enc),
            format: Some(t.format),
        };
        match format::read_bytes(bytes, Some(&t.path), &opts) {
            Ok(loaded) => (loaded.track, loaded.diagnostics),
            Err(_) => (track, Vec::new()),
        }
    };
    let opts = CheckOptions {
        fps: None,
        overrides: t.overrides.clone(),
    };
    let rule_findings = check::check_track(&checked, t.limits, &opts);
    // As `subloc check` does: the parser's `parse-bad-markup` repeats `markup-unbalanced`.
    let unbalanced: Vec<Option<u32>> = rule_findings
        .iter()
        .filter(|d| d.rule == crate::diag::rules::MARKUP_UNBALANCED)
        .map(|d| d.cue)
        .collect();
    let mut findings: Vec<Diagnostic> = read_diags
        .into_iter()
        .filter(|d| {
            !(d.rule == crate::diag::rules::PARSE_BAD_MARKUP && unbalanced.contains(&d.cue))
        })
        .collect();
    findings.extend(write_diags);
    findings.extend(rule_findings);
    if let Some(c) = t.compliance {
        // Directional marks are invisible layout, inserted at line ends by the fitter: a term
        // rendering that spans two lines must still be found.
        findings.extend(c.check(source, &without_bidi_controls(&checked)));
    }
    let mut findings = check::apply_overrides(findings, t.overrides);
    for d in &mut findings {
        d.path = Some(PathBuf::from(&t.shown));
    }
    findings.sort_by_key(|d| (d.cue, d.line));
    let mut report = FileReport::new(&t.shown, t.lang, LangSource::Flag, t.platform);
    report.timeline = timeline(&checked, t.limits);
    report.cps_limit = t.limits.max_cps.copied();
    report.findings = findings;
    let cues = checked
        .cues
        .iter()
        .filter(|c| c.kind() != crate::model::CueKind::Comment)
        .count();
    Ok(Delivered {
        fix,
        report,
        cues,
        unfitted,
    })
}

/// Source cue id → cue id in the written file.
fn output_ids(track: &Track, fmt: Format) -> std::collections::HashMap<u32, u32> {
    let mut n = 0u32;
    track
        .cues
        .iter()
        .filter(|c| fmt == Format::Ass || c.kind() != crate::model::CueKind::Comment)
        .map(|c| {
            n += 1;
            (c.id, n)
        })
        .collect()
}

/// The bytes of a track in `format` and `enc`. TTML carries the language in `xml:lang`.
pub fn encode(
    track: &Track,
    fmt: Format,
    lang: &str,
    enc: &'static encoding_rs::Encoding,
) -> (Vec<u8>, Vec<Diagnostic>) {
    if fmt == Format::Ttml {
        let (text, mut diags) = ttml::write_with_lang(track, Some(lang));
        let text = if enc == encoding_rs::UTF_8 {
            text
        } else {
            let label = if encoding::is_utf16(enc) {
                "UTF-16"
            } else {
                enc.name()
            };
            text.replacen("encoding=\"UTF-8\"", &format!("encoding=\"{label}\""), 1)
        };
        let (bytes, mut more) = encoding::encode(&text, enc, encoding::is_utf16(enc));
        diags.append(&mut more);
        return (bytes, diags);
    }
    let opts = WriteOptions {
        encoding: Some(enc),
        bom: Some(encoding::is_utf16(enc)),
        line_ending: None,
    };
    format::write_bytes(track, fmt, &opts)
}

/// Creates the folders, then writes atomically (a temporary file renamed into place), so an
/// interrupted run never leaves a half-written subtitle. Temporary files of this name left by a
/// run that was killed while writing (`kill -9`, a power cut) are removed first.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), std::io::Error> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    remove_stale_temps(path);
    format::write_file_atomic(path, bytes)
}

/// Removes `.NAME.PID-N.subloc-tmp` files (the temporary names of `format::write_file_atomic`)
/// next to `path` whose writing process is gone. A live process's file is left alone: another
/// `translate` may be writing the same output right now. Best effort: errors are ignored.
fn remove_stale_temps(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!(".{name}.");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(prefix.as_str()))
            .and_then(|rest| rest.strip_suffix(".subloc-tmp"))
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(pid, n)| n.bytes().all(|b| b.is_ascii_digit()).then_some(pid))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if !process_alive(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether process `pid` still runs. Only Linux can tell without a system call binding
/// (`/proc`); elsewhere every process counts as alive, so nothing is removed.
fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// Removes italics, for a platform whose rules for the language forbid them (Netflix Arabic,
/// Chinese, Thai…): italic styles become upright, italic switches leave their tags, and a tag
/// that did nothing else disappears. Returns how many cues changed.
pub fn strip_italics(track: &mut Track) -> usize {
    for style in &mut track.styles {
        for (k, v) in &mut style.fields {
            if k.eq_ignore_ascii_case("Italic") && v.trim() != "0" {
                *v = "0".to_string();
            }
        }
    }
    let mut changed = 0;
    for cue in &mut track.cues {
        let before = cue.text.0.len();
        let mut touched = false;
        cue.text.0.retain_mut(|inline| {
            let Inline::Tag(tag) = inline else {
                return true;
            };
            // Tags are shared between cues: unshare only the ones this edits.
            if !tag.effects.iter().any(|e| matches!(e, Effect::Italic(_))) {
                return true;
            }
            let tag = std::sync::Arc::make_mut(tag);
            let n = tag.effects.len();
            tag.effects.retain(|e| !matches!(e, Effect::Italic(_)));
            if tag.effects.len() == n {
                return true;
            }
            touched = true;
            if tag.effects.is_empty() {
                return false;
            }
            if tag.syntax == TagSyntax::Ass {
                tag.raw = strip_ass_italic(&tag.raw);
            }
            true
        });
        if touched || cue.text.0.len() != before {
            changed += 1;
        }
    }
    changed
}

/// `{\i1\an8}` → `{\an8}`; `\iclip` and other tags starting with `i` are kept.
fn strip_ass_italic(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(pos) = rest.find("\\i") {
        let (head, tail) = rest.split_at(pos);
        out.push_str(head);
        let after = tail.get(2..).unwrap_or("");
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        let next = after.get(digits..).and_then(|s| s.chars().next());
        if next.is_some_and(char::is_alphabetic) {
            out.push_str("\\i");
            rest = after;
        } else {
            rest = after.get(digits..).unwrap_or("");
        }
    }
    out.push_str(rest);
    out
}

/// A copy of `track` without bidi control characters (LRM, RLM, ALM, embeddings, isolates).
pub fn without_bidi_controls(track: &Track) -> Track {
    let is_control = |c: char| matches!(c, '\u{200e}' | '\u{200f}' | '\u{61c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    let mut out = track.clone();
    for cue in &mut out.cues {
        for inline in &mut cue.text.0 {
            if let Inline::Text(t) = inline
                && t.contains(is_control)
            {
                t.retain(|c| !is_control(c));
            }
        }
    }
    out
}

/// Reading speed per displayed cue, for the HTML chart and the findings' start times.
fn timeline(track: &Track, limits: &Limits) -> Vec<TimelinePoint> {
    let mode = limits.counting.copied().unwrap_or_default();
    track
        .cues
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind() != crate::model::CueKind::Comment)
        .map(|(i, c)| {
            let chars = count::count_text(&c.text.to_plain(), mode);
            TimelinePoint {
                cue: if c.id > 0 {
                    c.id
                } else {
                    u32::try_from(i + 1).unwrap_or(u32::MAX)
                },
                start_ms: c.start.ms(),
                end_ms: c.end.ms(),
                cps: count::cps(chars, c.duration_ms()).unwrap_or(f64::INFINITY),
            }
        })
        .collect()
}

/// A review track: each translated cue laid out for `fl`, followed by its source text on a
/// line of its own.
pub fn bilingual(
    source: &Track,
    translated: &Track,
    prepared: &[Prepared],
    fl: &FixLimits,
    lang: &str,
) -> Track {
    let mut track = translated.clone();
    let _ = fit::fix_track(&mut track, fl, lang);
    for p in prepared {
        let (Some(cue), Some(src)) = (
            track.cues.get_mut(p.cue_index),
            source.cues.get(p.cue_index),
        ) else {
            continue;
        };
        let original = src
            .text
            .to_plain()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if original.is_empty() {
            continue;
        }
        let mut inlines = cue.text.0.clone();
        inlines.push(Inline::LineBreak);
        inlines.push(Inline::Text(original));
        cue.text = RichText(inlines);
    }
    track
}

/// Severity counts of findings.
pub fn count(findings: &[Diagnostic]) -> (usize, usize, usize) {
    findings
        .iter()
        .fold((0, 0, 0), |(e, w, i), d| match d.severity {
            Severity::Error => (e + 1, w, i),
            Severity::Warning => (e, w + 1, i),
            Severity::Info => (e, w, i + 1),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cue, Timestamp};
    use crate::platform::Profiles;
    use crate::translate::scheduler::{FailReason, Source};
    use crate::translate::segment::{SegmentOptions, segment_track};

    fn track(lines: &[&str]) -> Track {
        let cues = lines
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let start = i as i64 * 4000;
                Cue::new(
                    i as u32 + 1,
                    Timestamp(start),
                    Timestamp(start + 3000),
                    RichText::plain(t),
                )
            })
            .collect();
        Track {
            cues,
            ..Track::default()
        }
    }

    #[test]
    fn italics_leave_styles_and_tags() {
        use crate::model::{Style, Tag};
        let mut t = track(&["a"]);
        t.styles.push(Style {
            name: "Flashback".into(),
            fields: vec![
                ("Name".into(), "Flashback".into()),
                ("Italic".into(), "-1".into()),
            ],
        });
        let tag = |raw: &str, effects: Vec<Effect>| {
            Inline::tag(Tag {
                syntax: TagSyntax::Ass,
                raw: raw.into(),
                effects,
            })
        };
        t.cues[0].text = RichText(vec![
            tag(
                "{\\i1\\an8}",
                vec![Effect::Italic(true), Effect::Alignment(8)],
            ),
            Inline::Text("a".into()),
            tag("{\\i0}", vec![Effect::Italic(false)]),
        ]);
        assert_eq!(strip_italics(&mut t), 1);
        assert_eq!(t.styles[0].field("Italic"), Some("0"));
        assert_eq!(
            t.cues[0].text.0,
            vec![
                tag("{\\an8}", vec![Effect::Alignment(8)]),
                Inline::Text("a".into())
            ]
        );
        assert_eq!(
            strip_ass_italic("{\\i1\\iclip(1,2,3,4)}"),
            "{\\iclip(1,2,3,4)}"
        );
        assert_eq!(strip_italics(&mut t), 0, "idempotent");
    }

    #[test]
    fn translations_apply_or_report_what_is_missing() {
        let src = track(&["你好", "再见"]);
        let prepared = segment_track(&src, &SegmentOptions::new("ep"), None);
        let ok = vec![
            SegmentOutcome::Translated {
                text: "Hello".into(),
                from_memory: false,
                by: Source::Primary,
            },
            SegmentOutcome::Translated {
                text: "Bye".into(),
                from_memory: true,
                by: Source::Primary,
            },
        ];
        let t = apply_translations(&src, &prepared, &ok).unwrap();
        assert_eq!(t.cues[1].text.to_plain(), "Bye");
        let bad = vec![
            ok[0].clone(),
            SegmentOutcome::Failed {
                reason: FailReason::Missing,
            },
        ];
        let err = apply_translations(&src, &prepared, &bad).unwrap_err();
        assert_eq!(
            err,
            vec![Missing {
                id: "ep#2".into(),
                reason: "missing-in-reply".into()
            }]
        );
    }

    #[test]
    fn delivers_fitted_checked_srt_and_bilingual() {
        let dir = tempfile::tempdir().unwrap();
        let src = track(&["你好", "再见"]);
        let mut tr = src.clone();
        tr.cues[0].text = RichText::plain(
            "This is a rather long English line that certainly needs two lines on screen",
        );
        tr.cues[1].text = RichText::plain("Bye.");
        let profiles = Profiles::builtin().unwrap();
        let limits = profiles
            .resolve("youtube", Some(&"en".parse().unwrap()), Default::default())
            .unwrap();
        let overrides = SeverityOverrides::default();
        let path = dir.path().join("en").join("ep.srt");
        let t = Target {
            lang: "en",
            platform: "youtube",
            limits: &limits,
            format: Format::Srt,
            path: path.clone(),
            shown: "en/ep.srt".into(),
            retime: false,
            overrides: &overrides,
            compliance: None,
        };
        let d = deliver(&src, &tr, &t).unwrap();
        let written = std::fs::read_to_string(&path).unwrap();
        assert!(
            written.contains("This is a rather long English line"),
            "{written}"
        );
        let first = written.lines().nth(2).unwrap_or("");
        assert!(
            first.chars().count() <= 42 && !first.is_empty(),
            "re-broken: {written}"
        );
        assert_eq!(d.cues, 2);
        assert!(d.report.timeline.len() == 2);
        let fl = fix_limits(&limits, &src, "en", false);
        let prepared = segment_track(&src, &SegmentOptions::new("ep"), None);
        let b = bilingual(&src, &tr, &prepared, &fl, "en");
        assert_eq!(b.cues[1].text.to_plain(), "Bye.\n再见");
    }

    /// A run killed inside `write_file_atomic` leaves its temporary file; the next write of the
    /// same output removes it, but never one of a process that still runs.
    #[cfg(target_os = "linux")]
    #[test]
    fn stale_temporary_files_of_dead_writers_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let live = std::process::id();
        let stale = dir.path().join(format!(".ep.srt.{dead}-3.subloc-tmp"));
        let ours = dir.path().join(format!(".ep.srt.{live}-9.subloc-tmp"));
        let other = dir.path().join(format!(".ep2.srt.{dead}-3.subloc-tmp"));
        let odd = dir.path().join(format!(".ep.srt.{dead}-x.subloc-tmp"));
        for p in [&stale, &ours, &other, &odd] {
            std::fs::write(p, "partial").unwrap();
        }
        write(&dir.path().join("ep.srt"), b"whole").unwrap();
        assert!(!stale.exists(), "a dead writer's file is removed");
        assert!(ours.exists(), "a live writer's file is kept");
        assert!(other.exists(), "another output's file is not touched");
        assert!(odd.exists(), "a name not ours is not touched");
        assert_eq!(std::fs::read(dir.path().join("ep.srt")).unwrap(), b"whole");
    }
}
