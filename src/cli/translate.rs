//! Arguments of `translate`, the command that turns episodes into one platform-ready track per
//! language and platform, with their help texts' Fluent ids.

use std::path::PathBuf;

use clap::Args;

use super::values::TextFormat;
use super::video::VideoOpts;

/// `translate EPISODE… --to L,… --platform P,… [--backend NAME] …`
#[derive(Debug, Args)]
pub struct TranslateArgs {
    /// Episodes: files, folders or globs (default: `episodes:` in subloc.yaml)
    #[arg(value_name = "EPISODE")]
    pub episodes: Vec<PathBuf>,
    /// Target languages, comma-separated (default: `translate.targets`)
    #[arg(long, value_name = "LANG", value_delimiter = ',')]
    pub to: Vec<String>,
    /// Platform profiles, comma-separated (default: `translate.platforms`)
    #[arg(long, short = 'p', value_name = "ID", value_delimiter = ',')]
    pub platform: Vec<String>,
    /// Source language (default: the glossary's, else detected)
    #[arg(long, value_name = "LANG")]
    pub from: Option<String>,
    /// Backend kind or configured name (default: pseudo, offline)
    #[arg(long, value_name = "NAME")]
    pub backend: Option<String>,
    /// Backend endpoint URL
    #[arg(long, value_name = "URL")]
    pub backend_url: Option<String>,
    /// Backend model
    #[arg(long, value_name = "NAME")]
    pub model: Option<String>,
    /// Translation memory file or postgres:// URL of a team memory (default: translate.memory in subloc.yaml, else .subloc/memory.sqlite)
    #[arg(long, value_name = "FILE")]
    pub memory: Option<PathBuf>,
    /// Environment variable holding the password of a postgres:// memory (over memory-password-env in subloc.yaml; the password itself is never printed)
    #[arg(long, value_name = "NAME")]
    pub memory_password_env: Option<String>,
    /// Output folder (default: out)
    #[arg(long = "out", value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Output file names inside the output folder
    #[arg(long, value_name = "PATTERN")]
    pub pattern: Option<String>,
    /// Glossary file (default: glossary.yaml found upwards)
    #[arg(long, value_name = "FILE")]
    pub glossary: Option<PathBuf>,
    /// Show what would be sent and what it costs; send and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Refuse to send more than N characters
    #[arg(long, value_name = "N")]
    pub budget: Option<u64>,
    /// Translate again even what the memory has
    #[arg(long)]
    pub refresh: bool,
    /// Allow start times to move when fitting
    #[arg(long)]
    pub retime: bool,
    /// Also write source-plus-target review tracks
    #[arg(long)]
    pub bilingual: bool,
    /// Languages translated at once
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Summary format
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = TextFormat::Human)]
    pub format: TextFormat,
    /// Videos (files or folders) to burn the tracks of burned-in platforms into, matched by stem
    #[arg(long = "video", value_name = "DIR_OR_FILE", value_delimiter = ',')]
    pub videos: Vec<PathBuf>,
    /// ffmpeg processes at once (default: video.jobs in subloc.yaml, else one per core)
    #[arg(long, value_name = "N")]
    pub video_jobs: Option<usize>,
    #[command(flatten)]
    pub video_opts: VideoOpts,
}

/// Fluent message id of the help text of argument `arg` of a command defined here (at `path`);
/// `localize::arg_help_id` asks the shared arguments first.
pub(super) fn arg_help_id(path: &str, arg: &str) -> Option<&'static str> {
    Some(match (path, arg) {
        ("translate", "episodes") => "cli-translate-episodes",
        ("translate", "to") => "cli-translate-to",
        ("translate", "platform") => "cli-translate-platform",
        ("translate", "from") => "cli-translate-from",
        ("translate", "backend") => "cli-translate-backend",
        ("translate", "backend_url") => "cli-translate-backend-url",
        ("translate", "model") => "cli-translate-model",
        ("translate", "memory") => "cli-translate-memory",
        ("translate", "memory_password_env") => "cli-memory-password-env",
        ("translate", "out") => "cli-translate-out",
        ("translate", "pattern") => "cli-translate-pattern",
        ("translate", "budget") => "cli-translate-budget",
        ("translate", "refresh") => "cli-translate-refresh",
        ("translate", "retime") => "cli-translate-retime",
        ("translate", "bilingual") => "cli-translate-bilingual",
        ("translate", "jobs") => "cli-translate-jobs",
        ("translate", "format") => "cli-text-format",
        ("translate", "videos") => "cli-translate-video",
        ("translate", "video_jobs") => "cli-translate-video-jobs",
        _ => return None,
    })
}
