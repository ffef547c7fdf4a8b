//! The outline of `subloc translate`: a season of episodes in, one track per target language and
//! platform out, each fitted to its platform and checked, with a summary of what still needs a
//! human. The library never prints: progress goes to an [`Observer`], HTML pages are rendered by
//! a [`ReportRenderer`] the caller supplies (it owns the UI language), the result is data.
//!
//! Stages (the README's "Translating a season" walks through them from the user's side):
//! 1. read every episode (any encoding, SRT/ASS/WebVTT) and decide the source language;
//! 2. plan every output (format and name per platform) and refuse a bad plan before anything is
//!    sent: an unknown platform, a platform taking no format subloc writes, a pattern that leaves
//!    the output folder (also through a folder inside it that is a symbolic link) or gives two
//!    outputs one name;
//! 3. per target language, segment every episode with the glossary's terms for that language,
//!    then ONE scheduler run over all episodes' segments, so a line repeated anywhere in the
//!    season is paid once; answers are committed to the memory as they arrive;
//! 4. restore placeholders, then per platform fit, write atomically and check (platform rules and
//!    glossary compliance against the source); an episode with an untranslated segment is not
//!    written for that language (a partial track is no delivery; a re-run completes it from the
//!    memory);
//! 5. one HTML report per language × platform, and the summary.
//!
//! Ctrl-C (when `Spec::listen_ctrl_c`): the first stops sending (requests in flight finish and
//! are stored), the second abandons them; either way every answer received is in the memory,
//! nothing half-written exists, and a re-run continues where this one stopped.

pub mod apply;
pub mod backend;
pub mod inputs;
pub mod naming;
pub mod settings;
pub mod summary;
pub mod video;
pub mod xliff;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use unic_langid::LanguageIdentifier;

pub use backend::{BackendOverrides, BackendSetupError, Built};
pub use inputs::{Episode, InputError};
pub use naming::{DEFAULT_PATTERN, NamingError};
pub use settings::{BackendConfig, TranslateConfig};
pub use summary::{
    BackendStop, EpisodeSummary, FailedSegment, FileSummary, GlossaryUsed, LangPlatformReport,
    LangSummary, Outcome, PlatformSummary, SpendingBound, Totals,
};
pub use video::{VideoNotes, VideoPlan, VideoSummary};

use crate::check::SeverityOverrides;
use crate::diag::Diagnostic;
use crate::format::{self, ReadError, ReadOptions};
use crate::glossary::Glossary;
use crate::glossary::compliance::Compliance;
use crate::model::{Format, Track};
use crate::platform::{Limits, ProfileError, Profiles};
use crate::report::{CheckReport, HtmlPage, IndexRow, Season};
use crate::translate::memory::{self, Journal, MemoryError, MemoryStore, SqliteMemory, StoreCause};
use crate::translate::scheduler::{Cancel, Event, Progress, RunConfig, RunError, SegmentOutcome};
use crate::translate::segment::{PreparedCue, SegmentOptions, TermSet, segment_track};
use crate::translate::{Backend, BackendError};

mod outputs;
mod run;

/// Default memory file, relative to the working directory (or the configuration's folder).
pub const DEFAULT_MEMORY: &str = ".subloc/memory.sqlite";
/// Default output folder.
pub const DEFAULT_OUT: &str = "out";
/// Folder inside the output folder that receives the HTML reports.
pub const REPORTS_DIR: &str = "reports";
/// The run's index page inside [`REPORTS_DIR`]: every language × platform page with its counts.
pub const INDEX_PAGE: &str = "index.html";

/// Everything a run needs, resolved by the caller (CLI flags over `subloc.yaml`).
pub struct Spec {
    pub episodes: Vec<Episode>,
    /// SourceEpisode language; `None`: the glossary's, else detected from the first episode's script.
    pub source_lang: Option<String>,
    /// Target language tags, canonical.
    pub targets: Vec<String>,
    pub platforms: Vec<String>,
    pub profiles: Profiles,
    pub glossary: Option<Glossary>,
    /// Where the glossary was found (`--glossary`, `glossary:` in subloc.yaml, or the nearest
    /// `glossary.yaml` upwards), for the summary; `None` with no glossary.
    pub glossary_path: Option<PathBuf>,
    pub backend: Built,
    pub fallback: Option<Arc<dyn Backend>>,
    /// Translation memory file (or `postgres://` URL); `None` keeps answers for this run only.
    pub memory: Option<PathBuf>,
    /// How to reach a `postgres://` memory (its password variable, plaintext allowed or not).
    pub memory_access: memory::TeamAccess,
    pub out_dir: PathBuf,
    pub pattern: String,
    pub synopsis: Option<String>,
    pub dry_run: bool,
    /// Characters of text the run may send.
    pub budget: Option<u64>,
    pub refresh: bool,
    pub retime: bool,
    pub bilingual: bool,
    /// Target languages translated at once (and outputs produced at once).
    pub jobs: usize,
    pub severity: SeverityOverrides,
    pub cancel: Cancel,
    pub listen_ctrl_c: bool,
    /// Fonts that set text in pixels for platforms with a canvas (`None`: characters only).
    pub fonts: Option<crate::typeset::Fonts>,
    /// `--video`: burned-in videos beside the tracks of burned-in platforms.
    pub video: Option<VideoPlan>,
    /// Preview frames ("What the viewer sees", `report::preview`) in the HTML reports of
    /// platforms with a canvas; `None` makes none.
    pub preview: Option<PreviewPlan>,
}

/// How the HTML reports' preview frames are made.
#[derive(Debug, Clone, Default)]
pub struct PreviewPlan {
    /// The ffmpeg to look for (`None`: on PATH). It is looked for only when a platform of the run
    /// has a canvas; when none is usable the reports say how to get one.
    pub ffmpeg: Option<PathBuf>,
}

/// Why a run could not start or had to stop (exit code 2 territory). Data only.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Naming(#[from] NamingError),
    #[error(transparent)]
    Profile(#[from] ProfileError),
    #[error("cannot tell the language of {path}")]
    UnknownSourceLang { path: PathBuf },
    #[error("no target languages")]
    NoTargets,
    #[error("no platforms")]
    NoPlatforms,
    #[error(transparent)]
    Memory(#[from] MemoryError),
    /// The memory failed to store paid answers during the run (issue 14 §2): the run stopped
    /// sending; what it could not store is in the journal (or lost, when that failed too).
    #[error("the translation memory cannot store ({}): {detail}", cause.code())]
    MemoryStore {
        memory: Option<PathBuf>,
        cause: StoreCause,
        detail: String,
        journaled: u64,
        journal: Option<PathBuf>,
        lost: u64,
    },
    #[error("backend cannot translate into {lang}: {error}")]
    Unsupported {
        lang: String,
        error: BackendError,
        /// Fluent id of a message that also says how to make it work (DeepL beta languages).
        hint: Option<&'static str>,
    },
    #[error("the run needs {needed} characters, over the budget of {budget}")]
    OverBudget { needed: u64, budget: u64 },
    #[error("glossary sync for {lang}: {error}")]
    GlossarySync { lang: String, error: BackendError },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
    /// `--video`: ffmpeg or ffprobe failed before anything was sent (missing, unreadable video).
    #[error(transparent)]
    Video(crate::video::VideoError),
    /// `--video`: a video whose size is not the canvas of a platform it is burned for.
    #[error("{video} is {width}x{height}, the canvas of {platform} is {canvas_width}x{canvas_height}", video = .video.display())]
    VideoSize {
        video: PathBuf,
        width: u32,
        height: u32,
        platform: String,
        canvas_width: u32,
        canvas_height: u32,
    },
    /// `xliff` backend: the file to be written holds translations the memory does not have yet.
    #[error("{path} holds {units} translations not imported yet")]
    XliffNotImported { path: PathBuf, units: usize },
}

/// Progress of a run, for bars and logs.
#[derive(Debug, Clone, PartialEq)]
pub enum PipelineEvent {
    /// Episodes read: segments per target language.
    Started { languages: Vec<(String, u64)> },
    /// An engine event of one language's run.
    Translate { lang: String, event: Event },
    /// One language's translation finished.
    Translated { lang: String },
    /// Outputs about to be produced.
    Delivering { total: u64 },
    /// One output written (or skipped because of missing segments).
    Delivered { lang: String, platform: String },
    /// `--video`: burned-in videos about to be encoded.
    Rendering { total: u64 },
    /// `--video`: video `index` (of `Rendering`'s total) is `fraction` (0–1) done.
    Rendered { index: usize, fraction: f64 },
    /// Ctrl-C: `abandon` is false for the first (finish in-flight requests), true for the second.
    Interrupted { abandon: bool },
}

/// Receives progress; called from worker threads.
pub trait Observer: Send + Sync {
    fn event(&self, event: &PipelineEvent);
}

/// An observer that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Observer for Silent {
    fn event(&self, _event: &PipelineEvent) {}
}

/// Renders the HTML reports (the caller owns the UI language). Called on the thread that called
/// [`run`].
pub trait ReportRenderer {
    /// The pages of one language × platform (`report::season_pages`): the season page first,
    /// then its episode pages when it was split.
    fn season(&self, report: &CheckReport, season: &Season<'_>) -> Vec<HtmlPage>;
    /// The run's index page (`report::index_page`).
    fn index(&self, rows: &[IndexRow]) -> String;
}

/// An episode as read.
pub(crate) struct SourceEpisode {
    pub ep: Episode,
    pub track: Track,
    pub format: Format,
    pub diagnostics: Vec<Diagnostic>,
}

/// One platform's limits for one language and where each episode's output goes.
pub(crate) struct Planned {
    pub platform: String,
    pub limits: Limits,
    /// Per episode: format and path relative to the output folder.
    pub outputs: Vec<(Format, PathBuf)>,
    pub report: PathBuf,
    /// Per episode (`--video`, burned-in platforms): the source video and the burned video's
    /// path relative to the output folder.
    pub videos: Vec<Option<(PathBuf, PathBuf)>>,
}

/// One target language: its segments per episode and its platforms.
pub(crate) struct LangPlan {
    pub lang: String,
    pub terms: Option<TermSet>,
    /// Per episode (same order as the sources).
    pub prepared: Vec<Vec<PreparedCue>>,
    pub platforms: Vec<Planned>,
    /// Bilingual review track paths per episode.
    pub bilingual: Vec<(Format, PathBuf)>,
}

/// Runs the whole pipeline.
pub fn run(
    spec: Spec,
    observer: Arc<dyn Observer>,
    renderer: &dyn ReportRenderer,
) -> Result<Outcome, PipelineError> {
    if spec.targets.is_empty() {
        return Err(PipelineError::NoTargets);
    }
    if spec.platforms.is_empty() {
        return Err(PipelineError::NoPlatforms);
    }
    naming::validate(&spec.pattern)?;
    let sources = read_sources(&spec.episodes)?;
    let source_lang = source_language(&spec, &sources)?;
    let (matched, notes) = match &spec.video {
        Some(v) => {
            let (m, n) = video::match_videos(&v.files, &sources);
            (m, Some(n))
        }
        None => (vec![None; sources.len()], None),
    };
    let plans = plan(&spec, &sources, &matched)?;
    run::execute(spec, sources, source_lang, plans, notes, observer, renderer)
}

fn read_sources(episodes: &[Episode]) -> Result<Vec<SourceEpisode>, PipelineError> {
    let mut out = Vec::with_capacity(episodes.len());
    for ep in episodes {
        let loaded = format::read_file(&ep.path, &ReadOptions::default())?;
        let format = loaded.track.format.unwrap_or(Format::Srt);
        if loaded
            .diagnostics
            .iter()
            .any(|d| d.rule == crate::diag::rules::PARSE_UNSUPPORTED_FORMAT)
        {
            // Content in a format subloc does not read (SAMI, HTML): no cues to translate.
            return Err(PipelineError::Read(ReadError::UnknownFormat {
                path: Some(ep.path.clone()),
            }));
        }
        out.push(SourceEpisode {
            ep: ep.clone(),
            track: loaded.track,
            format,
            diagnostics: loaded.diagnostics,
        });
    }
    Ok(out)
}

fn source_language(spec: &Spec, sources: &[SourceEpisode]) -> Result<String, PipelineError> {
    if let Some(l) = &spec.source_lang {
        return Ok(l.clone());
    }
    if let Some(g) = &spec.glossary
        && !g.source.trim().is_empty()
    {
        return Ok(g.source.clone());
    }
    sources
        .iter()
        .find_map(|s| crate::platform::lang::from_track(&s.track))
        .map(|l| l.to_string())
        .ok_or_else(|| PipelineError::UnknownSourceLang {
            path: sources
                .first()
                .map(|s| s.ep.path.clone())
                .unwrap_or_default(),
        })
}

/// Limits, formats and names of every output; segments per language. Fails before any request.
fn plan(
    spec: &Spec,
    sources: &[SourceEpisode],
    matched: &[Option<PathBuf>],
) -> Result<Vec<LangPlan>, PipelineError> {
    let mut claims = naming::Claims::default();
    claims.claim(&spec.pattern, &PathBuf::from(REPORTS_DIR).join(INDEX_PAGE))?;
    let mut plans = Vec::with_capacity(spec.targets.len());
    for lang in &spec.targets {
        let tag: LanguageIdentifier =
            crate::platform::lang::parse_tag(lang).map_err(|_| PipelineError::Unsupported {
                lang: lang.clone(),
                error: BackendError::UnsupportedLanguage { lang: lang.clone() },
                hint: None,
            })?;
        let mut platforms = Vec::new();
        for id in &spec.platforms {
            let limits = spec
                .profiles
                .resolve(id, Some(&tag), crate::platform::Audience::Adult)?;
            let mut outputs = Vec::with_capacity(sources.len());
            for s in sources {
                let fmt = naming::choose_format(
                    id,
                    limits.formats.get().map(Vec::as_slice),
                    limits.delivery.get().map(Vec::as_slice)
                        == Some(&[crate::platform::limits::Delivery::BurnedIn][..]),
                    s.format,
                )?;
                let rel = name(&spec.pattern, lang, id, s, fmt)?;
                claims.claim(&spec.pattern, &rel)?;
                naming::check_on_disk(&spec.out_dir, &spec.pattern, &rel)?;
                outputs.push((fmt, rel));
            }
            let report = PathBuf::from(REPORTS_DIR).join(format!("{lang}-{id}.html"));
            claims.claim(&spec.pattern, &report)?;
            naming::check_on_disk(&spec.out_dir, &spec.pattern, &report)?;
            let mut videos = Vec::with_capacity(sources.len());
            for (s, v) in sources.iter().zip(matched) {
                let planned = match v {
                    Some(v) if video::burns(&limits) => {
                        let rel = video_name(&spec.pattern, lang, id, s)?;
                        claims.claim(&spec.pattern, &rel)?;
                        naming::check_on_disk(&spec.out_dir, &spec.pattern, &rel)?;
                        Some((v.clone(), rel))
                    }
                    _ => None,
                };
                videos.push(planned);
            }
            platforms.push(Planned {
                platform: id.clone(),
                limits,
                outputs,
                report,
                videos,
            });
        }
        let mut bilingual = Vec::new();
        if spec.bilingual {
            for s in sources {
                let fmt = s.format;
                let rel = name(&spec.pattern, lang, "bilingual", s, fmt)?;
                claims.claim(&spec.pattern, &rel)?;
                naming::check_on_disk(&spec.out_dir, &spec.pattern, &rel)?;
                bilingual.push((fmt, rel));
            }
        }
        let terms = spec
            .glossary
            .as_ref()
            .map(|g| TermSet::from_glossary(g, lang));
        // The platform budget that every platform of the run can show.
        let max_chars = platforms
            .iter()
            .filter_map(|p| {
                let cpl = p.limits.max_chars_per_line.copied()?;
                let lines = p.limits.max_lines.copied()?;
                Some((cpl * f64::from(lines)).floor())
            })
            .fold(None, |acc: Option<f64>, v| {
                Some(acc.map_or(v, |a| a.min(v)))
            })
            .map(|v| v.clamp(1.0, f64::from(u32::MAX)) as u32);
        let prepared = sources
            .iter()
            .map(|s| {
                let mut opts = SegmentOptions::new(s.ep.key.clone());
                opts.max_chars = max_chars;
                segment_track(&s.track, &opts, terms.as_ref())
            })
            .collect();
        plans.push(LangPlan {
            lang: lang.clone(),
            terms,
            prepared,
            platforms,
            bilingual,
        });
    }
    Ok(plans)
}

fn name(
    pattern: &str,
    lang: &str,
    platform: &str,
    s: &SourceEpisode,
    fmt: Format,
) -> Result<PathBuf, NamingError> {
    let source_ext =
        s.ep.path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or(s.format.extension())
            .to_ascii_lowercase();
    naming::render(
        pattern,
        &naming::NameParts {
            lang,
            platform,
            stem: &s.ep.key,
            ext: fmt.extension(),
            source_ext: &source_ext,
        },
    )
}

/// The burned video's name: the output pattern with `{ext}` = `mp4`, so it lands beside the
/// track (a pattern without `{ext}` would give both one name, which `Claims` refuses).
fn video_name(
    pattern: &str,
    lang: &str,
    platform: &str,
    s: &SourceEpisode,
) -> Result<PathBuf, NamingError> {
    let source_ext =
        s.ep.path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or(s.format.extension())
            .to_ascii_lowercase();
    naming::render(
        pattern,
        &naming::NameParts {
            lang,
            platform,
            stem: &s.ep.key,
            ext: "mp4",
            source_ext: &source_ext,
        },
    )
}

/// The memory a run uses, and the journal of what it failed to store (none for a private one).
type OpenMemory = (Arc<dyn MemoryStore>, Option<Arc<Journal>>);

/// Opens the memory (creating its folder), or a private one for this run only, with the journal
/// of the answers it failed to store. A run that will pay for answers (`writable`) refuses a
/// memory it cannot write before anything is sent, and first stores what the journal holds.
fn open_memory(
    path: Option<&Path>,
    access: &memory::TeamAccess,
    writable: bool,
) -> Result<OpenMemory, PipelineError> {
    let Some(p) = path else {
        return Ok((Arc::new(SqliteMemory::open_in_memory()?), None));
    };
    if let Some(url) = p.to_str().filter(|l| memory::is_postgres_url(l)) {
        // A dry run writes nothing, not even the schema (issue 14 §6).
        let team = if writable {
            memory::open_postgres(url, access)?
        } else {
            memory::open_postgres_existing(url, access)?
        };
        // The journal of a team memory is local: in the default memory's folder, named after
        // the URL (it holds no password).
        let local = Path::new(DEFAULT_MEMORY)
            .with_file_name(format!("team-{}.sqlite", memory::journal::digest_of(url)));
        let journal = Arc::new(Journal::for_memory(&local));
        if writable {
            journal.replay(&team)?;
        }
        return Ok((Arc::new(team), Some(journal)));
    }
    let memory = SqliteMemory::open(p)?;
    let journal = Arc::new(Journal::for_memory(p));
    if writable {
        if memory.is_readonly() {
            return Err(PipelineError::Memory(MemoryError::Store {
                cause: StoreCause::ReadOnly,
                detail: p.display().to_string(),
            }));
        }
        journal.replay(&memory)?;
    }
    Ok((Arc::new(memory), Some(journal)))
}

/// Forwards one language's engine events to the observer.
struct LangProgress {
    lang: String,
    observer: Arc<dyn Observer>,
}

impl Progress for LangProgress {
    fn event(&self, event: &Event) {
        self.observer.event(&PipelineEvent::Translate {
            lang: self.lang.clone(),
            event: event.clone(),
        });
    }
}

/// The run configuration of one language.
fn run_config(spec: &Spec, source_lang: &str, plan: &LangPlan) -> RunConfig {
    let mut cfg = RunConfig::new(source_lang, plan.lang.clone());
    cfg.synopsis = spec.synopsis.clone();
    cfg.glossary_version = plan
        .terms
        .as_ref()
        .map(|t| t.version.clone())
        .unwrap_or_default();
    cfg.refresh = spec.refresh;
    cfg
}

/// A language's segments in one list (episode order), for one scheduler run.
fn all_segments(plan: &LangPlan) -> Vec<crate::translate::Segment> {
    plan.prepared
        .iter()
        .flatten()
        .map(|p| p.segment.clone())
        .collect()
}

/// Splits a language's outcomes back per episode.
fn per_episode<'a>(plan: &LangPlan, outcomes: &'a [SegmentOutcome]) -> Vec<&'a [SegmentOutcome]> {
    let mut out = Vec::with_capacity(plan.prepared.len());
    let mut at = 0usize;
    for p in &plan.prepared {
        let end = (at + p.len()).min(outcomes.len());
        out.push(outcomes.get(at..end).unwrap_or(&[]));
        at = end;
    }
    out
}

/// Approved renderings for a provider glossary (DeepL): every source form → the rendering.
fn provider_entries(g: &Glossary, lang: &str) -> Vec<(String, String)> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for t in &g.terms {
        let Some(text) = t
            .target(lang)
            .filter(|e| e.status == crate::glossary::Status::Approved)
            .and_then(|e| e.text.clone())
        else {
            continue;
        };
        for f in t.source_forms() {
            out.entry(f.to_string()).or_insert_with(|| text.clone());
        }
    }
    out.into_iter().collect()
}

/// Compliance checkers per language (built once, shared by the output workers).
fn compliance<'g>(g: Option<&'g Glossary>, lang: &str) -> Option<Compliance<'g>> {
    g.map(|g| Compliance::new(g, lang))
}

/// Converts a run error into the pipeline's.
fn run_error(lang: &str, e: RunError) -> PipelineError {
    match e {
        RunError::Unsupported(error) => PipelineError::Unsupported {
            lang: lang.to_string(),
            error,
            hint: None,
        },
        RunError::Memory(m) => PipelineError::Memory(m),
        RunError::OverBudget { needed, budget } => PipelineError::OverBudget { needed, budget },
    }
}
