//! One per-file job, one verdict: the check `translate` runs on every track it writes and
//! `check` run afterwards on the same written file (same platform, language, glossary and
//! source) must find exactly the same things. Both go through `subloc::deliver`; this test is
//! what fails if a second copy of the step ever grows back, or if the job's read-back drifts
//! from what `check` reads.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use subloc::cmd::check::{self, CheckRequest};
use subloc::cmd::{Flags, Settings};
use subloc::config::{ConfigFile, Project};
use subloc::diag::Diagnostic;
use subloc::i18n::Localizer;
use subloc::pipeline::{self, BackendOverrides, Silent, Spec, TranslateConfig};
use subloc::report::{CheckReport, FileReport};

struct NoHtml;

impl pipeline::ReportRenderer for NoHtml {
    fn season(
        &self,
        _: &CheckReport,
        _: &subloc::report::Season<'_>,
    ) -> Vec<subloc::report::HtmlPage> {
        Vec::new()
    }

    fn index(&self, _: &[subloc::report::IndexRow]) -> String {
        String::new()
    }
}

/// A file of the checked-in fixture series (never the repository's own, which users edit).
fn repo(p: &str) -> PathBuf {
    crate::cli_support::series().join(p)
}

/// What a finding says, without where the report happened to be built.
fn said(d: &Diagnostic) -> String {
    format!(
        "{} {:?} cue={:?} {}:{} {:?}",
        d.rule, d.severity, d.cue, d.line, d.column, d.args
    )
}

fn findings(f: &FileReport) -> Vec<String> {
    f.findings.iter().map(said).collect()
}

/// Runs `translate` with the pseudo backend over `episodes` (samples) into `targets` ×
/// `platforms`, and returns the outcome with the project the checks afterwards use.
fn translate(
    dir: &Path,
    names: &[&str],
    targets: &[&str],
    platforms: &[&str],
) -> (Vec<PathBuf>, Project, pipeline::Outcome) {
    let out = dir.join("out");
    let episodes: Vec<PathBuf> = names
        .iter()
        .map(|e| repo(&format!("samples/{e}")))
        .collect();
    let glossary = subloc::cmd::settings::load_glossary(&repo("glossary.yaml"))
        .unwrap()
        .glossary;
    let project = Project::from_file(ConfigFile::default(), None, dir).unwrap();
    let backend = pipeline::backend::build(
        "pseudo",
        &TranslateConfig::default(),
        &BackendOverrides::default(),
        &|_| None,
    )
    .unwrap();
    let spec = Spec {
        episodes: pipeline::inputs::expand(&episodes, dir).unwrap(),
        source_lang: None,
        targets: targets.iter().map(|t| t.to_string()).collect(),
        platforms: platforms.iter().map(|p| p.to_string()).collect(),
        profiles: project.profiles.clone(),
        glossary: Some(glossary),
        glossary_path: None,
        backend,
        fallback: None,
        memory: None,
        memory_access: Default::default(),
        out_dir: out,
        pattern: pipeline::DEFAULT_PATTERN.into(),
        synopsis: None,
        dry_run: false,
        budget: None,
        refresh: false,
        retime: false,
        bilingual: false,
        jobs: 2,
        severity: Default::default(),
        cancel: Default::default(),
        listen_ctrl_c: false,
        video: None,
        preview: None,
        fonts: Some(subloc::typeset::Fonts::new(Default::default())),
    };
    let outcome = pipeline::run(spec, Arc::new(Silent), &NoHtml).unwrap();
    (episodes, project, outcome)
}

/// `check` of one written file, as a user runs it afterwards.
fn check_after(
    dir: &Path,
    project: &Project,
    written: &Path,
    source: &Path,
    platform: &str,
    lang: &str,
) -> FileReport {
    let glossary_path = repo("glossary.yaml");
    let settings = Settings::from_project(
        project.clone(),
        &Flags {
            platform: Some(platform),
            lang: Some(lang),
            glossary: Some(&glossary_path),
            ..Flags::default()
        },
        dir.to_path_buf(),
    )
    .unwrap();
    let files = [written.to_path_buf()];
    let sources = [source.to_path_buf()];
    let checked = check::run(
        &settings,
        &CheckRequest {
            files: &files,
            sources: &sources,
            jobs: 1,
            ..CheckRequest::default()
        },
        &Localizer::english(),
    )
    .unwrap();
    checked.report.files.into_iter().next().unwrap()
}

#[test]
fn check_of_a_written_file_agrees_with_the_check_inside_translate() {
    let dir = tempfile::tempdir().unwrap();
    // SRT (youtube), WebVTT (vimeo): the formats `check` reads back.
    let (episodes, project, outcome) = translate(
        dir.path(),
        &["ep01.srt", "ep02.srt", "ep04_qc_faults.srt"],
        &["fa", "en"],
        &["youtube", "vimeo"],
    );
    assert_eq!(outcome.reports.len(), 4, "2 languages × 2 platforms");

    let mut compared = 0;
    let mut with_findings = 0;
    for r in &outcome.reports {
        for inside in &r.report.files {
            let written = PathBuf::from(&inside.path);
            assert!(written.exists(), "{}", written.display());
            let after = check_after(
                dir.path(),
                &project,
                &written,
                source_of(&episodes, &written),
                &r.platform,
                &r.lang,
            );
            assert_eq!(
                findings(&after),
                findings(inside),
                "{} {}: {}",
                r.lang,
                r.platform,
                written.display()
            );
            assert_eq!(after.lang, inside.lang);
            assert_eq!(after.lang_source, inside.lang_source);
            assert_eq!(after.timeline, inside.timeline);
            assert_eq!(after.cps_limit, inside.cps_limit);
            compared += 1;
            with_findings += usize::from(!inside.findings.is_empty());
        }
    }
    assert_eq!(compared, 12, "3 episodes × 2 languages × 2 platforms");
    // Pseudo text reads too fast and ep04 carries deliberate faults: the comparison is of
    // real findings, not of empty lists.
    assert!(with_findings >= 4, "{with_findings}");
}

/// The sample a written file translates (same stem).
fn source_of<'a>(episodes: &'a [PathBuf], written: &Path) -> &'a Path {
    let stem = written.file_stem().unwrap();
    episodes
        .iter()
        .find(|e| e.file_stem() == Some(stem))
        .unwrap()
}

/// On canvas profiles the fitter lays lines out in pixels with the same measurer the layout
/// rules use: `check` of what `translate` wrote (a sidecar SRT for ReelShort, the burned-in ASS
/// for Instagram Reels) agrees with the check inside `translate`, and reports a layout finding
/// only on a cue the fitter said it could not fit (pseudo-translation makes some texts longer
/// than two lines hold). Needs the Noto fonts: skipped with a note without them, unless
/// `SUBLOC_REQUIRE_FONTS=1`.
#[test]
fn on_a_canvas_check_finds_no_layout_problem_translate_did_not_report() {
    let fonts = subloc::typeset::Fonts::new(Default::default());
    let missing: Vec<&str> = ["Latn", "Arab", "Hans", "Thai"]
        .into_iter()
        .filter(|s| fonts.faces_for(s, None).is_empty())
        .collect();
    if !missing.is_empty() {
        let required = std::env::var("SUBLOC_REQUIRE_FONTS").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "no Noto font for {missing:?} and SUBLOC_REQUIRE_FONTS=1"
        );
        eprintln!(
            "note: skipped, no Noto font for {missing:?} (apt install fonts-noto-core fonts-noto-cjk)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (episodes, project, outcome) = translate(
        dir.path(),
        &["ep01.srt", "ep02.srt"],
        &["fa", "en", "zh-Hans", "th"],
        &["reelshort", "instagram_reels"],
    );
    let mut clean_cues = 0;
    let mut layout_findings = 0;
    for r in &outcome.reports {
        let lang = outcome.languages.iter().find(|l| l.lang == r.lang).unwrap();
        let platform = lang
            .platforms
            .iter()
            .find(|p| p.platform == r.platform)
            .unwrap();
        for inside in &r.report.files {
            let written = PathBuf::from(&inside.path);
            let after = check_after(
                dir.path(),
                &project,
                &written,
                source_of(&episodes, &written),
                &r.platform,
                &r.lang,
            );
            assert_eq!(findings(&after), findings(inside), "{}", written.display());
            let unfitted: Vec<u32> = platform
                .files
                .iter()
                .find(|f| f.path == inside.path)
                .unwrap()
                .unfitted
                .iter()
                .map(|(cue, _)| *cue)
                .collect();
            let layout: Vec<&Diagnostic> = after
                .findings
                .iter()
                .filter(|d| d.rule.starts_with("layout-"))
                .collect();
            for d in &layout {
                assert!(
                    d.cue.is_some_and(|c| unfitted.contains(&c)),
                    "{}: {} on cue {:?}, which the fitter said fits",
                    written.display(),
                    d.rule,
                    d.cue
                );
            }
            layout_findings += layout.len();
            clean_cues += (1..=u32::try_from(after.timeline.len()).unwrap())
                .filter(|c| !layout.iter().any(|d| d.cue == Some(*c)))
                .count();
        }
    }
    // The comparison is of real layouts: most cues are laid out cleanly, and the texts that
    // pseudo-translation makes too long are reported (not silently left under the app's UI).
    assert!(clean_cues > 500, "{clean_cues}");
    assert!(layout_findings > 0);
}
