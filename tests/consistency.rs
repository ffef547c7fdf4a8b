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
    fn html(&self, _: &CheckReport) -> String {
        String::new()
    }
}

fn repo(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
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

#[test]
fn check_of_a_written_file_agrees_with_the_check_inside_translate() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let episodes: Vec<PathBuf> = ["ep01.srt", "ep02.srt", "ep04_qc_faults.srt"]
        .iter()
        .map(|e| repo(&format!("samples/{e}")))
        .collect();
    let glossary_path = repo("glossary.yaml");
    let glossary = subloc::cmd::settings::load_glossary(&glossary_path)
        .unwrap()
        .glossary;
    let project = Project::from_file(ConfigFile::default(), None, dir.path()).unwrap();
    let backend = pipeline::backend::build(
        "pseudo",
        &TranslateConfig::default(),
        &BackendOverrides::default(),
        &|_| None,
    )
    .unwrap();
    // SRT (youtube), WebVTT (vimeo): the formats `check` reads back.
    let platforms = vec!["youtube".to_string(), "vimeo".to_string()];
    let spec = Spec {
        episodes: pipeline::inputs::expand(&episodes, dir.path()).unwrap(),
        source_lang: None,
        targets: vec!["fa".into(), "en".into()],
        platforms: platforms.clone(),
        profiles: project.profiles.clone(),
        glossary: Some(glossary),
        backend,
        fallback: None,
        memory: None,
        out_dir: out.clone(),
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
        fonts: Some(subloc::typeset::Fonts::new(Default::default())),
    };
    let outcome = pipeline::run(spec, Arc::new(Silent), &NoHtml).unwrap();
    assert_eq!(outcome.reports.len(), 4, "2 languages × 2 platforms");

    let english = Localizer::english();
    let mut compared = 0;
    let mut with_findings = 0;
    for r in &outcome.reports {
        for inside in &r.report.files {
            let written = PathBuf::from(&inside.path);
            assert!(written.exists(), "{}", written.display());
            let stem = written.file_stem().unwrap().to_str().unwrap().to_string();
            let source = episodes
                .iter()
                .find(|e| e.file_stem().unwrap().to_str() == Some(stem.as_str()))
                .unwrap();
            let settings = Settings::from_project(
                project.clone(),
                &Flags {
                    platform: Some(&r.platform),
                    lang: Some(&r.lang),
                    glossary: Some(&glossary_path),
                    ..Flags::default()
                },
                dir.path().to_path_buf(),
            )
            .unwrap();
            let files = [written.clone()];
            let sources = [source.clone()];
            let checked = check::run(
                &settings,
                &CheckRequest {
                    files: &files,
                    sources: &sources,
                    jobs: 1,
                    ..CheckRequest::default()
                },
                &english,
            )
            .unwrap();
            let after = &checked.report.files[0];
            assert_eq!(
                findings(after),
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
