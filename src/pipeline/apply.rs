//! What a translation run makes of a source track before delivery: the translated texts applied
//! to a copy of the track (or the segments that are missing), and the bilingual review track. The
//! delivery itself (fit, write, read back, check) is the per-file job in `crate::deliver`.

use crate::model::{Inline, RichText, Track};
use crate::platform::Limits;
use crate::platform::fit::{self, FixLimits, Rebreak};
use crate::translate::scheduler::SegmentOutcome;
use crate::translate::segment::{PreparedCue, restore};

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
    prepared: &[PreparedCue],
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

/// A review track: each translated cue laid out for `fl`, followed by its source text on a
/// line of its own.
pub fn bilingual(
    source: &Track,
    translated: &Track,
    prepared: &[PreparedCue],
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
        let mut inlines = cue.text.inlines().into_owned();
        inlines.push(Inline::LineBreak);
        inlines.push(Inline::Text(original.into()));
        cue.text = RichText::new(inlines);
    }
    track
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::SeverityOverrides;
    use crate::format::WriteOptions;
    use crate::format::test_support::track_of_lines as track;
    use crate::model::Format;
    use crate::platform::LangSource;
    use crate::platform::Profiles;
    use crate::translate::scheduler::{FailReason, Source};
    use crate::translate::segment::{SegmentOptions, segment_track};

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
        use crate::deliver::{self, Check, FileJob, Fit, Input, Write};
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
        let job = FileJob {
            fit: Some(Fit {
                limits: &limits,
                lang: "en",
                fps: None,
                rebreak: Rebreak::Always,
                retime: false,
                strip_forbidden_italics: true,
                keep_together: Default::default(),
                fonts: None,
            }),
            write: Some(Write {
                format: Format::Srt,
                options: WriteOptions::default(),
                lang: Some("en"),
                path: Some(&path),
                only_if_changed: false,
            }),
            check: Some(Check {
                platform: "youtube",
                limits: &limits,
                lang: "en",
                lang_source: LangSource::Flag,
                shown: "en/ep.srt".into(),
                fps: None,
                overrides: &overrides,
                compliance: None,
                fonts: None,
                source: None,
            }),
        };
        let d = deliver::run(
            Input {
                track: tr.clone(),
                diagnostics: Vec::new(),
            },
            &job,
        )
        .unwrap();
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
        assert!(d.report.unwrap().timeline.len() == 2);
        let fl = fix_limits(&limits, &src, "en", false);
        let prepared = segment_track(&src, &SegmentOptions::new("ep"), None);
        let b = bilingual(&src, &tr, &prepared, &fl, "en");
        assert_eq!(b.cues[1].text.to_plain(), "Bye.\n再见");
    }
}
