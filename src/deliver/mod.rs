//! The per-file delivery job, the one step every command that touches a track goes through:
//! given a track (and what its reader found), it optionally **fits** it to a platform profile for
//! a language, optionally **writes** it (in a format and encoding, atomically), **reads the
//! written bytes back**, and optionally **checks** the result (the platform's rules, the
//! reader's findings, glossary compliance against the source) into a [`FileReport`].
//!
//! `check` runs it without fitting or writing, `fix` with fitting and writing, `convert` with
//! writing, `translate` with all three for every language × platform. Because there is one
//! step, the rules that decide a report are made once:
//! - the findings are about the file as it will be delivered: the reader's findings of the
//!   written bytes when the job wrote, else of the input;
//! - a reader's `parse-bad-markup` is dropped where the markup rules already report the same cue
//!   (`markup-unbalanced`, `markup-unknown`): one problem, one finding;
//! - severities (`--severity`, `check.severity`, `off`) apply to every finding, and findings are
//!   listed by cue, then line;
//! - the reading-speed timeline has one point per dialogue cue that shows text (comments, and
//!   cues made only of override tags or drawings, show nothing to read);
//! - glossary terms are kept on one line by the same protected forms, whichever command fits.
//!
//! The job is the seam later work builds on (vertical and burned-in delivery, TTML read back,
//! paying once): one place to change, one place to test (`tests/cli_consistency.rs` proves
//! `check` of a written file and the check inside `translate` agree).

mod canvas;
mod edit;
mod signs;
mod write;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::check::{self, CheckOptions, SeverityOverrides};
use crate::diag::{Diagnostic, Severity, rules};
use crate::format::{self, ReadOptions, WriteOptions};
use crate::glossary::compliance::Compliance;
use crate::model::{CueKind, Format, Fps, InlineRef, Track};
use crate::platform::fit::{self, FixLimits, FixOutcome, PixelLimits, Rebreak};
use crate::platform::{LangSource, Limits, count};
use crate::report::{CueText, FileReport, TimelinePoint};
use crate::typeset::{CanvasText, Fonts};

pub use canvas::{LaidOut, lay_out_for_canvas};
pub use edit::{strip_italics, unspace_joining_script, without_bidi_controls};
pub use write::{encode, write};

/// A track to deliver and what reading it found.
#[derive(Debug, Clone, Default)]
pub struct Input {
    pub track: Track,
    /// The reader's findings about the input (none for a track made in memory, such as a
    /// translation).
    pub diagnostics: Vec<Diagnostic>,
}

/// How to fit the track to its platform for its language.
#[derive(Debug, Clone)]
pub struct Fit<'a> {
    pub limits: &'a Limits,
    /// The track's language (BCP 47; `und` when unknown).
    pub lang: &'a str,
    /// `--fps`: wins over the track's own rate and the profile's default.
    pub fps: Option<Fps>,
    /// `Rebreak::Always` lays every cue out again (a translation: the source's breaks mean
    /// nothing); the default re-breaks only cues over a limit (`fix`).
    pub rebreak: Rebreak,
    /// Whether start times may move (`--retime`).
    pub retime: bool,
    /// Remove italics when the profile forbids them for the language (`translate` does; `fix`
    /// leaves the author's styling alone and reports it instead).
    pub strip_forbidden_italics: bool,
    /// Words no line may break inside (`glossary::compliance::protected_forms`).
    pub keep_together: std::sync::Arc<[String]>,
    /// Fonts that measure lines in pixels for a profile with a canvas (`None`, or no font for
    /// the script: characters are counted, and the canvas font size is a rule of thumb).
    pub fonts: Option<&'a Fonts>,
}

/// How a track is fitted before it is burned (`burn`, `preview` and the report previews): lines
/// over the profile's limits are broken again (an author's own breaks are kept where they fit),
/// the author's italics stay.
pub fn burn_fit<'a>(limits: &'a Limits, lang: &'a str, fonts: Option<&'a Fonts>) -> Fit<'a> {
    Fit {
        limits,
        lang,
        fonts,
        fps: None,
        rebreak: Rebreak::default(),
        retime: false,
        strip_forbidden_italics: false,
        keep_together: std::sync::Arc::default(),
    }
}

/// How to write the track.
#[derive(Debug, Clone)]
pub struct Write<'a> {
    pub format: Format,
    pub options: WriteOptions,
    /// The language a TTML document declares (`xml:lang`).
    pub lang: Option<&'a str>,
    /// Where to write (atomically, folders created); `None` keeps the bytes in memory for the
    /// caller (`convert` to standard output, `fix --dry-run`).
    pub path: Option<&'a Path>,
    /// Leave the file (and its modification time) alone when fitting changed nothing (`fix
    /// --in-place`).
    pub only_if_changed: bool,
}

/// What to check the delivered track against.
#[derive(Debug, Clone)]
pub struct Check<'a> {
    pub platform: &'a str,
    pub limits: &'a Limits,
    pub lang: &'a str,
    pub lang_source: LangSource,
    /// The path as reports show it.
    pub shown: String,
    pub fps: Option<Fps>,
    pub overrides: &'a SeverityOverrides,
    /// Glossary compliance: the glossary for this language and the source track this one
    /// translates.
    pub compliance: Option<(&'a Compliance<'a>, &'a Track)>,
    /// Fonts for the layout rules of a profile with a canvas (`None`: widths are estimated from
    /// counted characters).
    pub fonts: Option<&'a Fonts>,
    /// The track this one translates, cue for cue (`translate`): the report shows each
    /// finding's source line next to its translation.
    pub source: Option<&'a Track>,
}

/// One file's job: each step is optional, in this order.
#[derive(Debug, Clone, Default)]
pub struct FileJob<'a> {
    pub fit: Option<Fit<'a>>,
    pub write: Option<Write<'a>>,
    pub check: Option<Check<'a>>,
}

/// What the job did.
#[derive(Debug)]
pub struct Delivered {
    /// The track as fitted (and written).
    pub track: Track,
    /// The fitter's changes and what it could not fix, when the job fitted.
    pub fix: Option<FixOutcome>,
    /// The written bytes, when the job wrote.
    pub bytes: Option<Vec<u8>>,
    /// What the writer could not express, located in the input (cues as the input numbers
    /// them; the report renumbers them as the written file does).
    pub write_diagnostics: Vec<Diagnostic>,
    /// The check of the delivered file, when the job checked.
    pub report: Option<FileReport>,
    /// Cues in the delivered file (comments survive only in ASS).
    pub cues: usize,
    /// (cue id in the delivered file, rule id) of every limit the fitter could not meet.
    pub unfitted: Vec<(u32, &'static str)>,
}

/// Runs one file's job. Only writing can fail (an I/O error); everything else is a finding.
pub fn run(input: Input, job: &FileJob<'_>) -> Result<Delivered, std::io::Error> {
    let Input {
        mut track,
        diagnostics: read_diags,
    } = input;
    // Converting to a format read in file order: cues in time order first, so fitting sees the
    // neighbours a viewer will (`format::put_in_time_order`).
    if let Some(w) = &job.write {
        format::put_in_time_order(&mut track, w.format);
    }
    let ass_out = job
        .write
        .as_ref()
        .map_or(track.format == Some(Format::Ass), |w| {
            w.format == Format::Ass
        });
    let setup = job
        .fit
        .as_ref()
        .and_then(|f| canvas_setup(&track, f, ass_out));
    let fix = job
        .fit
        .as_ref()
        .map(|f| fit_track(&mut track, f, setup.as_ref(), ass_out));
    // An ASS delivery for a profile with a canvas (vertical apps) is laid out for that canvas.
    let laid_out = match (&job.fit, &job.write) {
        (Some(f), Some(w)) if w.format == Format::Ass => {
            lay_out_for_canvas(&mut track, f.limits, setup.as_ref().map(|s| &s.text))
        }
        _ => None,
    };
    let format = job
        .write
        .as_ref()
        .map(|w| w.format)
        .or(track.format)
        .unwrap_or(Format::Srt);
    // Findings and the unfitted list name cues as the delivered file numbers them: formats
    // other than ASS drop comment events, so later cues move up.
    // Built only when something will look cues up in it (fitting, a canvas layout, a check):
    // a plain convert of a file with hundreds of thousands of cues needs none of it.
    let ids = if job.fit.is_some() || laid_out.is_some() || job.check.is_some() {
        write::output_ids(&track, format)
    } else {
        HashMap::new()
    };
    // Positioned lines the canvas layout could not keep inside the safe area count as unfitted
    // too: the covered zones would hide part of them.
    let outside = laid_out.iter().flat_map(|l| &l.outside);
    let unfitted = fix
        .iter()
        .flat_map(|f| &f.unfixable)
        .map(|u| (u.cue, u.rule))
        .chain(outside.map(|cue| (*cue, rules::LAYOUT_OUTSIDE_SAFE_AREA)))
        .filter_map(|(cue, rule)| ids.get(&cue).map(|id| (*id, rule)))
        .collect();
    let cues = track
        .cues
        .iter()
        .filter(|c| format == Format::Ass || c.kind() != CueKind::Comment)
        .count();

    let Some(w) = &job.write else {
        let report = job.check.as_ref().map(|c| {
            let same: HashMap<u32, u32> = track.cues.iter().map(|c| (c.id, c.id)).collect();
            check_delivered(&track, read_diags, Vec::new(), c, &same)
        });
        return Ok(Delivered {
            track,
            fix,
            bytes: None,
            write_diagnostics: Vec::new(),
            report,
            cues,
            unfitted,
        });
    };
    let (bytes, write_diags) = encode(&track, w.format, w.lang, &w.options);
    let unchanged = laid_out.is_none() && fix.as_ref().is_some_and(|f| f.changes.is_empty());
    if let Some(path) = w.path.filter(|_| !(w.only_if_changed && unchanged)) {
        write(path, &bytes)?;
    }
    let report = match &job.check {
        None => None,
        Some(c) => {
            let (written, read_back) = read_back(&track, &bytes, w);
            // In the report, the writer's findings name cues as the written file numbers them,
            // and lines as it has them: a line of the input (the source file, for a
            // translation) means nothing there; `check_delivered` gives each its cue's line.
            let renumbered = write_diags
                .iter()
                .cloned()
                .map(|mut d| {
                    d.cue = d.cue.and_then(|c| ids.get(&c).copied());
                    if d.cue.is_some() {
                        (d.line, d.column) = (0, 0);
                    }
                    d
                })
                .collect();
            // The written file's cue N is the input's cue `input_ids[N]`, which is the source's
            // cue of the same id (a translation is a copy of its source with new texts).
            let input_ids: HashMap<u32, u32> = ids.iter().map(|(i, o)| (*o, *i)).collect();
            Some(check_delivered(
                &written, read_back, renumbered, c, &input_ids,
            ))
        }
    };
    Ok(Delivered {
        track,
        fix,
        bytes: Some(bytes),
        write_diagnostics: write_diags,
        report,
        cues,
        unfitted,
    })
}

/// How a track is set on its profile's canvas, and the room its lines have.
struct CanvasSetup {
    text: CanvasText,
    /// The width lines may take by ASS style (empty when the delivery is not an ASS laid out
    /// for the canvas).
    by_style: BTreeMap<String, f64>,
    /// The width lines of any other style (or of a sidecar) may take.
    main: f64,
}

/// How `track` is set on the canvas of `f`'s profile (`None` without a canvas), with the width
/// each ASS style's lines may take when the delivery is an ASS laid out for the canvas (else the
/// safe area's width for every line).
fn canvas_setup(track: &Track, f: &Fit<'_>, ass_out: bool) -> Option<CanvasSetup> {
    let (by_style, main) = if ass_out {
        canvas::style_widths(track, f.limits)?
    } else {
        (BTreeMap::new(), crate::typeset::safe_width(f.limits)?)
    };
    let text = crate::typeset::canvas_text(f.fonts, f.limits, f.lang, main)?;
    Some(CanvasSetup {
        text,
        by_style,
        main,
    })
}

/// Fits `track` in place: lines also fit the pixel widths of `text` when a font measures them.
fn fit_track(
    track: &mut Track,
    f: &Fit<'_>,
    setup: Option<&CanvasSetup>,
    ass_out: bool,
) -> FixOutcome {
    unspace_joining_script(track);
    if f.strip_forbidden_italics && f.limits.italics.copied() == Some(false) {
        strip_italics(track);
    }
    let fps = f.limits.fps_or_default(f.fps.or(track.fps));
    let mut fl = FixLimits::from_limits(f.limits, fps, f.lang);
    fl.rebreak = f.rebreak;
    fl.timing.retime = f.retime;
    fl.keep_together = f.keep_together.clone();
    fl.pixels = setup
        .filter(|s| s.text.measure.is_shaped())
        .map(|s| PixelLimits {
            measure: Arc::new(s.text.measure.clone()),
            max_width: s.main,
            by_style: s.by_style.clone(),
            // libass wraps a line wider than its style's room onto another line; an app that
            // renders a sidecar is assumed to let it run into the covered zone.
            too_wide_rule: if ass_out {
                rules::LAYOUT_TOO_MANY_LINES
            } else {
                rules::LAYOUT_OUTSIDE_SAFE_AREA
            },
        });
    fit::fix_track(track, &fl, f.lang)
}

/// The written file as a reader sees it, and what the reader found.
fn read_back(track: &Track, bytes: &[u8], w: &Write<'_>) -> (Track, Vec<Diagnostic>) {
    let opts = ReadOptions {
        encoding: w.options.encoding,
        format: Some(w.format),
        ..ReadOptions::default()
    };
    match format::read_bytes(bytes.to_vec(), w.path, &opts) {
        Ok(loaded) => (loaded.track, loaded.diagnostics),
        Err(_) => (track.clone(), Vec::new()),
    }
}

/// The report of one delivered track: the platform's rules, the reader's findings that the rules
/// do not restate, the writer's, glossary compliance; severities applied; ordered by cue. Each
/// cue with findings is described (text, times, line, and its source's text through
/// `source_ids`: delivered cue id → source cue id), and a finding about a cue without a line of
/// its own (glossary compliance) takes its cue's line.
fn check_delivered(
    track: &Track,
    read_diags: Vec<Diagnostic>,
    write_diags: Vec<Diagnostic>,
    c: &Check<'_>,
    source_ids: &HashMap<u32, u32>,
) -> FileReport {
    let opts = CheckOptions {
        fps: c.fps,
        overrides: c.overrides.clone(),
        fonts: c.fonts.cloned(),
    };
    let rule_findings = check::check_track(track, c.limits, &opts);
    // The cues with a markup finding, looked up once per reader finding (a set, not a scan of
    // every finding: a file with many broken tags has many of both).
    let markup_cues: std::collections::HashSet<_> = rule_findings
        .iter()
        .filter(|d| d.rule == rules::MARKUP_UNBALANCED || d.rule == rules::MARKUP_UNKNOWN)
        .map(|d| d.cue)
        .collect();
    let mut findings: Vec<Diagnostic> = read_diags
        .into_iter()
        .filter(|d| !(d.rule == rules::PARSE_BAD_MARKUP && markup_cues.contains(&d.cue)))
        .collect();
    findings.extend(write_diags);
    findings.extend(rule_findings);
    if let Some((compliance, source)) = c.compliance {
        // Directional marks are invisible layout, inserted at line ends by the fitter: a term
        // rendering that spans two lines must still be found.
        findings.extend(compliance.check(source, &without_bidi_controls(track)));
    }
    let mut findings = check::apply_overrides(findings, c.overrides);
    let path = PathBuf::from(&c.shown);
    for d in &mut findings {
        d.path.get_or_insert_with(|| path.clone());
    }
    let cues = cue_texts(track, &findings, c.source.map(|s| (s, source_ids)));
    for d in &mut findings {
        if d.line == 0
            && let Some(line) = d.cue.and_then(|id| cues.get(&id)).map(|t| t.line)
        {
            d.line = line;
        }
    }
    findings.sort_by_key(|d| (d.cue, d.line));
    let mut report = FileReport::new(&c.shown, c.lang, c.lang_source, c.platform);
    report.timeline = timeline(track, c.limits);
    report.cps_limit = c.limits.max_cps.copied();
    report.findings = findings;
    report.cues = cues.into_values().collect();
    report
}

/// The text, times and line of every cue of `track` a finding is about (cue ids as the checks
/// give them: the cue's id, else its 1-based position), with the text of the cue of `source`
/// it translates.
fn cue_texts(
    track: &Track,
    findings: &[Diagnostic],
    source: Option<(&Track, &HashMap<u32, u32>)>,
) -> BTreeMap<u32, CueText> {
    let wanted: std::collections::BTreeSet<u32> = findings.iter().filter_map(|d| d.cue).collect();
    if wanted.is_empty() {
        return BTreeMap::new();
    }
    let by_id: HashMap<u32, &crate::model::Cue> = source
        .map(|(src, _)| src.cues.iter().map(|c| (c.id, c)).collect())
        .unwrap_or_default();
    let source_text = |id: u32| {
        let sid = source.and_then(|(_, ids)| ids.get(&id))?;
        by_id.get(sid).map(|c| c.text.to_plain())
    };
    track
        .cues
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let id = if c.id > 0 {
                c.id
            } else {
                u32::try_from(i + 1).unwrap_or(u32::MAX)
            };
            (id, c)
        })
        .filter(|(id, _)| wanted.contains(id))
        .map(|(id, c)| {
            let text = CueText {
                cue: id,
                line: c.line,
                start_ms: c.start.ms(),
                end_ms: c.end.ms(),
                text: c.text.to_plain(),
                source: source_text(id),
            };
            (id, text)
        })
        .collect()
}

/// One point per cue that shows text to read: its reading speed as the profile counts
/// characters.
pub fn timeline(track: &Track, limits: &Limits) -> Vec<TimelinePoint> {
    let mode = limits.counting.copied().unwrap_or_default();
    track
        .cues
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind() == CueKind::Dialogue)
        .filter(|(_, c)| {
            !c.text
                .refs()
                .all(|i| matches!(i, InlineRef::Tag(_) | InlineRef::Drawing(_)))
        })
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

/// `work` over every item with `jobs` threads (scoped, pulling the next index from a shared
/// counter, so a slow file never holds the others back); the results come back in the order of
/// `items`, so what a command prints never depends on scheduling. `check` runs its files and
/// `translate` its outputs through it.
pub fn in_parallel<I: Sync, T: Send>(
    items: &[I],
    jobs: usize,
    work: impl Fn(usize, &I) -> T + Sync,
) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let workers = jobs.clamp(1, items.len().max(1));
    let mut done: Vec<(usize, T)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        mine.push((i, work(i, item)));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, t)| t).collect()
}

/// Severity counts of findings: (errors, warnings, infos).
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
mod fit_tests;
#[cfg(test)]
mod tests;
