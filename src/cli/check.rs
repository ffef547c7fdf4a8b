//! Arguments of the platform-rule commands: `check` (report), `fix` (apply safe fixes) and
//! `platforms` (list or show profiles), with their help texts' Fluent ids.

use std::path::PathBuf;

use clap::Args;

use super::values::{ReportFormatArg, SeverityArg, TextFormat};

/// `check FILE… --platform P …`
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Subtitle files to check
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Platform profile (default: `platform:` in subloc.yaml)
    #[arg(long, short = 'p', value_name = "ID")]
    pub platform: Option<String>,
    /// Language of the files (default: from the file name, else from the script)
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Frame rate for frame-based rules
    #[arg(long, value_name = "FPS")]
    pub fps: Option<String>,
    /// Report format
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = ReportFormatArg::Human)]
    pub format: ReportFormatArg,
    /// Write the report to this file instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Highest severity that still passes
    #[arg(long, value_enum, value_name = "LEVEL", default_value_t = SeverityArg::Warning)]
    pub max_severity: SeverityArg,
    /// Change a rule's severity: RULE=error|warning|info|off (repeatable)
    #[arg(long, value_name = "RULE=LEVEL")]
    pub severity: Vec<String>,
    /// Ignore the findings recorded in this baseline file
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings as a baseline file
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Source-language files, for glossary compliance (paired by order or by name)
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub source: Vec<PathBuf>,
    /// Glossary for compliance checks (default: glossary.yaml found upwards)
    #[arg(long, value_name = "FILE")]
    pub glossary: Option<PathBuf>,
    /// Encoding of the inputs (default: detected)
    #[arg(long, value_name = "ENC")]
    pub encoding: Option<String>,
    /// Files checked at the same time
    #[arg(long, short = 'j', value_name = "N", default_value_t = 2)]
    pub jobs: usize,
}

/// `fix FILE… --platform P …`
#[derive(Debug, Args)]
pub struct FixArgs {
    /// Subtitle files to fix
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Platform profile (default: `platform:` in subloc.yaml)
    #[arg(long, short = 'p', value_name = "ID")]
    pub platform: Option<String>,
    /// Language of the files (default: from the file name, else from the script)
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Frame rate for frame-based rules
    #[arg(long, value_name = "FPS")]
    pub fps: Option<String>,
    /// Show what would change, write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Overwrite the input files
    #[arg(long, conflicts_with_all = ["out_dir", "output"])]
    pub in_place: bool,
    /// Folder to write the fixed files to (same names)
    #[arg(long = "out", value_name = "DIR", conflicts_with = "output")]
    pub out_dir: Option<PathBuf>,
    /// File to write (one input only)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also move cue times (extend short cues, close small gaps, trim overlaps)
    #[arg(long)]
    pub retime: bool,
    /// Encoding of the inputs (default: detected)
    #[arg(long, value_name = "ENC")]
    pub encoding: Option<String>,
}

/// `platforms [ID] [--lang L]`
#[derive(Debug, Args)]
pub struct PlatformsArgs {
    /// Profile to show (default: list every profile)
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    /// Language to resolve the profile for
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = TextFormat::Human)]
    pub format: TextFormat,
}

/// Fluent message id of the help text of argument `arg` of a command defined here (at `path`);
/// `localize::arg_help_id` asks the shared arguments first.
pub(super) fn arg_help_id(path: &str, arg: &str) -> Option<&'static str> {
    Some(match (path, arg) {
        ("check" | "fix", "platform") => "cli-platform",
        ("check" | "fix", "lang") => "cli-file-lang",
        ("check" | "fix", "fps") => "cli-fps",
        ("check", "files") => "cli-check-files",
        ("check", "format") => "cli-check-format",
        ("check", "output") => "cli-check-output",
        ("check", "max_severity") => "cli-check-max-severity",
        ("check", "severity") => "cli-check-severity",
        ("check", "baseline") => "cli-check-baseline",
        ("check", "write_baseline") => "cli-check-write-baseline",
        ("check", "source") => "cli-check-source",
        ("check", "jobs") => "cli-check-jobs",
        ("fix", "files") => "cli-fix-files",
        ("fix", "in_place") => "cli-fix-in-place",
        ("fix", "out_dir") => "cli-fix-out-dir",
        ("fix", "output") => "cli-fix-output",
        ("fix", "retime") => "cli-fix-retime",
        ("platforms", "id") => "cli-platforms-id",
        ("platforms", "lang") => "cli-platforms-lang",
        ("platforms", "format") => "cli-text-format",
        _ => return None,
    })
}
