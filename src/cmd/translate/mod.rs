//! `translate` as a use case: the command line's values ([`TranslateRequest`]) resolved over the
//! `translate:` section of subloc.yaml into a `pipeline::Spec` — flags, then the configuration
//! (its paths relative to the file), then the defaults (pseudo backend, `.subloc/memory.sqlite`,
//! `out/`, `{lang}/{platform}/{stem}.{ext}`) — and the pipeline run with the caller's observer.
//! The API key is read from the environment variable the configuration names, else the
//! provider's conventional one; it is never printed. Every pipeline error becomes a
//! [`cmd::Error`](Error) with its Fluent message id.

mod render;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::pipeline::{
    self, BackendOverrides, BackendSetupError, InputError, NamingError, Observer, Outcome,
    PipelineError, ReportRenderer, Spec,
};
use crate::translate::scheduler::Cancel;

use super::{Error, Settings, lang_arg, show};

pub use render::{dry_run_table, failures, source_findings, summary_table, video_lines};

/// What the command line says about a translation run (empty / `None`: not given).
#[derive(Debug, Clone, Copy, Default)]
pub struct TranslateRequest<'a> {
    pub episodes: &'a [PathBuf],
    pub to: &'a [String],
    pub platforms: &'a [String],
    pub from: Option<&'a str>,
    pub backend: Option<&'a str>,
    pub backend_url: Option<&'a str>,
    pub model: Option<&'a str>,
    pub out: Option<&'a Path>,
    pub pattern: Option<&'a str>,
    pub jobs: Option<usize>,
    pub budget: Option<u64>,
    pub dry_run: bool,
    pub refresh: bool,
    pub retime: bool,
    pub bilingual: bool,
    /// `--video`: files or folders of videos to burn the tracks of burned-in platforms into.
    pub videos: &'a [PathBuf],
    /// `--scale-to-canvas`.
    pub scale_to_canvas: bool,
    pub codec: Option<&'a str>,
    pub crf: Option<u32>,
    pub preset: Option<&'a str>,
    /// `--video-jobs`: ffmpeg processes at once.
    pub video_jobs: Option<usize>,
}

/// Resolves the run: every precedence decision of `translate`, made once. `env` reads API keys.
pub fn spec(
    settings: &Settings,
    req: &TranslateRequest<'_>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Spec, Error> {
    let project = settings.project();
    let tc = &project.translate;
    let episode_args: Vec<PathBuf> = if req.episodes.is_empty() {
        tc.episodes
            .iter()
            .map(|e| project.relative_to_config(Path::new(e)))
            .collect()
    } else {
        req.episodes.to_vec()
    };
    let episodes = pipeline::inputs::expand(&episode_args, settings.cwd()).map_err(input_error)?;
    let targets = list(req.to, &tc.targets);
    if targets.is_empty() {
        return Err(Error::usage("error-translate-no-targets", &[]));
    }
    let targets = targets
        .iter()
        .map(|t| lang_arg(t))
        .collect::<Result<Vec<_>, _>>()?;
    let platforms = list(req.platforms, &tc.platforms);
    if platforms.is_empty() {
        return Err(Error::usage("error-translate-no-platforms", &[]));
    }
    let source_lang = match req.from.or(tc.source.as_deref()) {
        Some(l) => Some(lang_arg(l)?),
        None => None,
    };
    let glossary = settings.glossary()?.map(|g| g.glossary.clone());
    let synopsis = tc.synopsis.clone().or_else(|| {
        glossary
            .as_ref()
            .and_then(|g| g.series.as_ref())
            .and_then(|s| s.synopsis.clone())
    });
    let (backend, fallback) = backends(tc, req, env)?;
    let video = video_plan(settings, req)?;
    let out_dir = match (req.out, &tc.out) {
        (Some(p), _) => p.to_path_buf(),
        (None, Some(p)) => project.relative_to_config(p),
        (None, None) => PathBuf::from(pipeline::DEFAULT_OUT),
    };
    Ok(Spec {
        episodes,
        source_lang,
        targets,
        platforms,
        profiles: settings.profiles().clone(),
        glossary,
        glossary_path: settings.glossary_path().map(Path::to_path_buf),
        backend,
        fallback,
        memory: Some(settings.memory_path().to_path_buf()),
        memory_access: settings.memory_access().clone(),
        out_dir,
        pattern: req
            .pattern
            .or(tc.pattern.as_deref())
            .unwrap_or(pipeline::DEFAULT_PATTERN)
            .to_string(),
        synopsis,
        dry_run: req.dry_run,
        budget: req.budget.or(tc.budget),
        refresh: req.refresh,
        retime: req.retime || tc.retime.unwrap_or(false),
        bilingual: req.bilingual || tc.bilingual.unwrap_or(false),
        jobs: req.jobs.or(tc.jobs).unwrap_or(2).max(1),
        severity: settings.severity().clone(),
        cancel: Cancel::new(),
        listen_ctrl_c: true,
        video,
        preview: (!req.dry_run).then(|| pipeline::PreviewPlan {
            ffmpeg: settings.ffmpeg().map(Path::to_path_buf),
        }),
        fonts: Some(settings.fonts().clone()),
    })
}

/// `--video` resolved: the files, ffmpeg (required unless a dry run, which only lists what it
/// would render) and the encoder settings.
fn video_plan(
    settings: &Settings,
    req: &TranslateRequest<'_>,
) -> Result<Option<pipeline::VideoPlan>, Error> {
    if req.videos.is_empty() {
        return Ok(None);
    }
    let files = pipeline::video::expand(req.videos, settings.cwd()).map_err(pipeline_error)?;
    let tools = match crate::video::Tools::locate(settings.ffmpeg()) {
        Ok(t) => Some(t),
        Err(_) if req.dry_run => None,
        Err(e) => return Err(super::burn::video_error(e)),
    };
    Ok(Some(pipeline::VideoPlan {
        files,
        tools,
        encode: settings.encode(req.codec, req.crf, req.preset),
        scale: req.scale_to_canvas,
        jobs: settings.video_jobs(req.video_jobs),
    }))
}

/// The backend `--backend` (else `translate.backend`, else `pseudo`) names, with `--backend-url`
/// and `--model` over its configuration, and the configured fallback.
fn backends(
    tc: &crate::pipeline::TranslateConfig,
    req: &TranslateRequest<'_>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<(pipeline::Built, Option<Arc<dyn crate::translate::Backend>>), Error> {
    let overrides = BackendOverrides {
        url: req.backend_url.map(str::to_string),
        model: req.model.map(str::to_string),
        dry_run: req.dry_run,
    };
    let name = req.backend.or(tc.backend.as_deref()).unwrap_or("pseudo");
    let backend = pipeline::backend::build(name, tc, &overrides, env).map_err(backend_error)?;
    let fallback = match &tc.fallback {
        Some(name) => Some(
            pipeline::backend::build(
                name,
                tc,
                &BackendOverrides {
                    dry_run: req.dry_run,
                    ..BackendOverrides::default()
                },
                env,
            )
            .map_err(backend_error)?
            .backend,
        ),
        None => None,
    };
    Ok((backend, fallback))
}

/// Runs a resolved translation: progress goes to `observer`, HTML pages are made by `renderer`.
pub fn run(
    spec: Spec,
    observer: Arc<dyn Observer>,
    renderer: &dyn ReportRenderer,
) -> Result<Outcome, Error> {
    pipeline::run(spec, observer, renderer).map_err(pipeline_error)
}

/// Flag values, else the configuration's (a flag given empty is no flag).
fn list(flag: &[String], config: &[String]) -> Vec<String> {
    let pick = if flag.iter().any(|s| !s.trim().is_empty()) {
        flag
    } else {
        config
    };
    let mut out: Vec<String> = Vec::new();
    for v in pick.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        if !out.iter().any(|o| o == v) {
            out.push(v.to_string());
        }
    }
    out
}

pub fn input_error(e: InputError) -> Error {
    match e {
        InputError::NotFound { path } => {
            Error::read(&path, std::io::Error::from(std::io::ErrorKind::NotFound))
        }
        InputError::NoMatch { pattern } => {
            Error::usage("error-translate-no-match", &[("pattern", pattern)])
        }
        InputError::Empty => Error::usage("error-translate-no-episodes", &[]),
    }
}

pub fn backend_error(e: BackendSetupError) -> Error {
    match e {
        BackendSetupError::Unknown { name, known } => Error::usage(
            "error-translate-backend-unknown",
            &[("name", name), ("known", known)],
        ),
        BackendSetupError::MissingKey { name, var } => Error::usage(
            "error-translate-missing-key",
            &[("name", name), ("var", var)],
        ),
        BackendSetupError::Invalid { name, detail } => Error::usage(
            "error-translate-backend-invalid",
            &[("name", name), ("detail", detail)],
        ),
        BackendSetupError::NeedsV3 { name, key } => Error::usage(
            "error-translate-backend-needs-v3",
            &[("name", name), ("key", key)],
        ),
        BackendSetupError::InsecureHttp { name, url } => Error::usage(
            "error-translate-insecure-http",
            &[("name", name), ("url", url)],
        ),
    }
}

pub fn naming_error(e: NamingError) -> Error {
    match e {
        NamingError::UnknownPlaceholder { pattern, name } => Error::usage(
            "error-translate-pattern-placeholder",
            &[("pattern", pattern), ("name", name)],
        ),
        NamingError::Escapes { pattern } => {
            Error::usage("error-translate-pattern-escapes", &[("pattern", pattern)])
        }
        NamingError::Collision { pattern, path } => Error::usage(
            "error-translate-collision",
            &[("pattern", pattern), ("path", show(&path))],
        ),
        NamingError::NoWritableFormat { platform, formats } => Error::usage(
            "error-translate-no-format",
            &[("platform", platform), ("formats", formats)],
        ),
    }
}

pub fn pipeline_error(e: PipelineError) -> Error {
    let msg = |id: &'static str, args: &[(&'static str, String)]| Error::usage(id, args);
    match e {
        PipelineError::Input(e) => input_error(e),
        PipelineError::Read(e) => Error::Read(e),
        PipelineError::Naming(e) => naming_error(e),
        PipelineError::Profile(e) => Error::Profile(e),
        PipelineError::UnknownSourceLang { path } => {
            msg("error-translate-source-lang", &[("path", show(&path))])
        }
        PipelineError::NoTargets => msg("error-translate-no-targets", &[]),
        PipelineError::NoPlatforms => msg("error-translate-no-platforms", &[]),
        PipelineError::Memory(e) => memory_error(e),
        PipelineError::MemoryStore {
            memory,
            cause,
            detail,
            journaled,
            journal,
            lost,
        } => Error::Message {
            kind: "memory-store",
            id: "error-memory-store-run",
            args: vec![
                ("memory", memory.as_deref().map(show).unwrap_or_default()),
                ("cause", cause.code().to_string()),
                ("detail", detail),
                ("count", journaled.to_string()),
                ("path", journal.as_deref().map(show).unwrap_or_default()),
                ("lost", lost.to_string()),
            ],
        },
        PipelineError::Unsupported { lang, error, hint } => Error::Because {
            id: hint.unwrap_or("error-translate-unsupported"),
            args: vec![("lang", lang)],
            cause: Box::new(Error::Backend(error)),
        },
        PipelineError::OverBudget { needed, budget } => msg(
            "error-translate-over-budget",
            &[
                ("needed", needed.to_string()),
                ("budget", budget.to_string()),
            ],
        ),
        PipelineError::GlossarySync { lang, error } => Error::Because {
            id: "error-translate-glossary-sync",
            args: vec![("lang", lang)],
            cause: Box::new(Error::Backend(error)),
        },
        PipelineError::Write { path, source } => Error::write(&path, source),
        PipelineError::Runtime(e) => msg("error-translate-runtime", &[("detail", e.to_string())]),
        PipelineError::Video(e) => super::burn::video_error(e),
        PipelineError::VideoSize {
            video,
            width,
            height,
            platform,
            canvas_width,
            canvas_height,
        } => Error::Message {
            kind: "video-size-mismatch",
            id: "error-video-size-mismatch",
            args: vec![
                ("video", show(&video)),
                ("width", width.to_string()),
                ("height", height.to_string()),
                ("platform", platform),
                ("canvas-width", canvas_width.to_string()),
                ("canvas-height", canvas_height.to_string()),
            ],
        },
        PipelineError::XliffNotImported { path, units } => msg(
            "error-xliff-not-imported",
            &[("path", show(&path)), ("count", units.to_string())],
        ),
    }
}

/// A translation memory that cannot be used. The database's own words (SQLite's message, an
/// I/O error) are data; the frame around them is localized.
pub fn memory_error(e: crate::translate::memory::MemoryError) -> Error {
    use crate::translate::memory::MemoryError;
    match e {
        MemoryError::Open { path, message } => {
            Error::usage("error-memory-open", &[("path", path), ("detail", message)])
        }
        MemoryError::NewerSchema { found } => {
            Error::usage("error-memory-newer", &[("found", found.to_string())])
        }
        MemoryError::Store { cause, detail } => Error::Message {
            kind: "memory-store",
            id: "error-memory-store",
            args: vec![("cause", cause.code().to_string()), ("detail", detail)],
        },
        MemoryError::Tls { location, detail } => Error::usage(
            "error-memory-tls",
            &[("path", location), ("detail", detail)],
        ),
        MemoryError::Url(problem) => {
            use crate::translate::memory::{RootsProblem, UrlProblem};
            match problem {
                UrlProblem::Invalid(detail) => Error::usage(
                    "error-memory-url",
                    &[("path", "postgres://…".to_string()), ("detail", detail)],
                ),
                UrlProblem::PasswordInUrl => Error::usage("error-memory-url-password", &[]),
                UrlProblem::Plaintext { host, mode } => Error::usage(
                    "error-memory-plaintext",
                    &[("host", host), ("mode", mode.as_str().to_string())],
                ),
                UrlProblem::Roots(RootsProblem::File { path, detail }) => Error::usage(
                    "error-memory-rootcert",
                    &[("path", path), ("detail", detail)],
                ),
                UrlProblem::Roots(RootsProblem::System(detail)) => {
                    Error::usage("error-memory-system-roots", &[("detail", detail)])
                }
                UrlProblem::PasswordEnvUnset(var) => {
                    Error::usage("error-memory-password-env", &[("var", var)])
                }
            }
        }
        MemoryError::Sqlite(detail) => Error::usage("error-memory-sqlite", &[("detail", detail)]),
        MemoryError::Postgres(detail) => {
            Error::usage("error-memory-postgres", &[("detail", detail)])
        }
        MemoryError::Task(detail) | MemoryError::Tmx(detail) | MemoryError::Io(detail) => {
            Error::usage("error-translate-memory", &[("detail", detail)])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_says_the_memory_may_be_a_postgres_url() {
        use crate::i18n::Localizer;
        for lang in ["en-US", "fa-IR", "zh-CN"] {
            let loc = Localizer::for_lang(&lang.parse().expect("lang"));
            for id in [
                "cli-translate-memory",
                "cli-memory-file",
                "cli-memory-password-env",
            ] {
                let help = loc.text(id);
                assert!(help.contains("postgres://"), "{lang} {id}: {help}");
            }
        }
    }

    #[test]
    fn a_memory_error_names_the_store_it_came_from() {
        use crate::i18n::Localizer;
        use crate::translate::memory::MemoryError;
        let text = |e: MemoryError, lang: &str| {
            let id: unic_langid::LanguageIdentifier = lang.parse().expect("lang");
            memory_error(e).render(&Localizer::for_lang(&id))
        };
        let pg = text(
            MemoryError::Postgres("relation \"tm\" is gone".into()),
            "en-US",
        );
        assert!(pg.contains("PostgreSQL") && !pg.contains("SQLite"), "{pg}");
        assert!(pg.contains("relation \"tm\" is gone"), "{pg}");
        let lite = text(
            MemoryError::Sqlite("database disk image is malformed".into()),
            "en-US",
        );
        assert!(
            lite.contains("SQLite") && !lite.contains("PostgreSQL"),
            "{lite}"
        );
        // Localized: the frame is Persian / Chinese, the store's own words are kept.
        let fa = text(MemoryError::Postgres("x".into()), "fa-IR");
        assert!(fa.contains("حافظهٔ تیمی PostgreSQL"), "{fa}");
        let zh = text(MemoryError::Sqlite("x".into()), "zh-CN");
        assert!(zh.contains("SQLite 翻译记忆库"), "{zh}");
    }

    #[test]
    fn flags_win_over_configuration_lists() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(list(&s(&["fa", "en", "fa"]), &s(&["ar"])), s(&["fa", "en"]));
        assert_eq!(list(&s(&[""]), &s(&["ar"])), s(&["ar"]));
        assert_eq!(list(&[], &[]), Vec::<String>::new());
    }
}
