//! Arguments of `glossary <command>` (lint, scan, review, apply, export, import), with their help
//! texts' Fluent ids.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::values::{CsvStyle, ExportFormat, TextFormat};

/// `glossary <command>`
#[derive(Debug, Args)]
pub struct GlossaryArgs {
    #[command(subcommand)]
    pub command: GlossaryCommand,
}

#[derive(Debug, Subcommand)]
pub enum GlossaryCommand {
    /// Report every problem of the glossary at once
    Lint(GlossaryLintArgs),
    /// Find glossary terms and candidate terms in episodes
    Scan(GlossaryScanArgs),
    /// Write a partner review sheet (HTML and CSV)
    Review(GlossaryReviewArgs),
    /// Merge a filled-in review CSV into the glossary
    Apply(GlossaryApplyArgs),
    /// Export the glossary as TBX or as an MT glossary CSV
    Export(GlossaryExportArgs),
    /// Import terms from a CSV or TBX file
    Import(GlossaryImportArgs),
}

/// The glossary file every `glossary` command reads.
#[derive(Debug, Args)]
pub struct GlossaryFile {
    /// Glossary file (default: glossary.yaml in this folder or the nearest parent)
    #[arg(long, value_name = "FILE")]
    pub glossary: Option<PathBuf>,
}

/// `glossary lint [FILE] [--lang L,…]`
#[derive(Debug, Args)]
pub struct GlossaryLintArgs {
    #[command(flatten)]
    pub file: GlossaryFile,
    /// Glossary file to lint (the same as --glossary FILE)
    #[arg(value_name = "FILE", conflicts_with = "glossary")]
    pub path: Option<PathBuf>,
    /// Target languages the project delivers (warn about terms without a rendering)
    #[arg(long, value_name = "LANG", value_delimiter = ',')]
    pub lang: Vec<String>,
}

/// `glossary scan EPISODE… [--format human|json] [--candidates-out FILE]`
#[derive(Debug, Args)]
pub struct GlossaryScanArgs {
    #[command(flatten)]
    pub file: GlossaryFile,
    /// Source-language episodes to scan
    #[arg(value_name = "EPISODE", required = true)]
    pub episodes: Vec<PathBuf>,
    /// Report format
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = TextFormat::Human)]
    pub format: TextFormat,
    /// Write candidate terms as proposed entries to this separate file
    #[arg(long, value_name = "FILE")]
    pub candidates_out: Option<PathBuf>,
    /// Languages of the empty proposed entries in the candidates file
    #[arg(long, value_name = "LANG", value_delimiter = ',')]
    pub lang: Vec<String>,
    /// Minimum occurrences for a candidate term
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub min_count: usize,
    /// Encoding of the inputs (default: detected)
    #[arg(long, value_name = "ENC")]
    pub encoding: Option<String>,
}

/// `glossary review --lang L [--episodes …] [--translations …] --out DIR`
#[derive(Debug, Args)]
pub struct GlossaryReviewArgs {
    #[command(flatten)]
    pub file: GlossaryFile,
    /// Language to review
    #[arg(long, value_name = "LANG", required = true)]
    pub lang: String,
    /// Source-language episodes whose cues are shown as examples
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub episodes: Vec<PathBuf>,
    /// Their translations, in the same order
    #[arg(long, value_name = "FILE", num_args = 1.., requires = "episodes")]
    pub translations: Vec<PathBuf>,
    /// Folder to write LANG.html and LANG.csv to
    #[arg(long, value_name = "DIR", default_value = "review")]
    pub out: PathBuf,
    /// Example cues per term
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub max_examples: usize,
    /// Language of the page for the partner (default: the reviewed language when subloc has it, else the UI language)
    #[arg(long, value_name = "LANG")]
    pub page_lang: Option<String>,
    /// Encoding of the inputs (default: detected)
    #[arg(long, value_name = "ENC")]
    pub encoding: Option<String>,
}

/// `glossary apply REVIEW.csv [--dry-run] [--reviewer NAME] [--date YYYY-MM-DD]`
#[derive(Debug, Args)]
pub struct GlossaryApplyArgs {
    #[command(flatten)]
    pub file: GlossaryFile,
    /// The filled-in review CSV
    #[arg(value_name = "CSV")]
    pub csv: PathBuf,
    /// Show what would change, write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Reviewer for rows that name none
    #[arg(long, value_name = "NAME")]
    pub reviewer: Option<String>,
    /// Date recorded with each decision (default: today)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
}

/// `glossary export --format tbx|csv [--lang L] [--style deepl|google]`
#[derive(Debug, Args)]
pub struct GlossaryExportArgs {
    #[command(flatten)]
    pub file: GlossaryFile,
    /// Export format
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = ExportFormat::Tbx)]
    pub format: ExportFormat,
    /// Target languages (CSV: exactly one)
    #[arg(long, value_name = "LANG", value_delimiter = ',')]
    pub lang: Vec<String>,
    /// CSV dialect
    #[arg(long, value_enum, value_name = "STYLE", default_value_t = CsvStyle::Deepl)]
    pub style: CsvStyle,
    /// Also export proposed renderings
    #[arg(long)]
    pub include_proposed: bool,
    /// File to write (default: standard output)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `glossary import FILE [--lang L] [--dry-run]`
#[derive(Debug, Args)]
pub struct GlossaryImportArgs {
    #[command(flatten)]
    pub file: GlossaryFile,
    /// CSV (source,target) or TBX file to import
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// Target language of a CSV file
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Show what would change, write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Date recorded with each new entry (default: today)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
}

/// Fluent message id of the help text of argument `arg` of a command defined here (at `path`);
/// `localize::arg_help_id` asks the shared arguments first.
pub(super) fn arg_help_id(path: &str, arg: &str) -> Option<&'static str> {
    Some(match (path, arg) {
        ("glossary lint", "lang") => "cli-glossary-lint-lang",
        ("glossary lint", "path") => "cli-glossary-lint-path",
        ("glossary scan", "episodes") => "cli-glossary-scan-episodes",
        ("glossary scan", "format") => "cli-text-format",
        ("glossary scan", "candidates_out") => "cli-glossary-scan-candidates-out",
        ("glossary scan", "lang") => "cli-glossary-scan-lang",
        ("glossary scan", "min_count") => "cli-glossary-scan-min-count",
        ("glossary review", "lang") => "cli-glossary-review-lang",
        ("glossary review", "episodes") => "cli-glossary-review-episodes",
        ("glossary review", "translations") => "cli-glossary-review-translations",
        ("glossary review", "out") => "cli-glossary-review-out",
        ("glossary review", "max_examples") => "cli-glossary-review-max-examples",
        ("glossary review", "page_lang") => "cli-glossary-review-page-lang",
        ("glossary apply", "csv") => "cli-glossary-apply-csv",
        ("glossary apply", "reviewer") => "cli-glossary-apply-reviewer",
        ("glossary export", "format") => "cli-glossary-export-format",
        ("glossary export", "lang") => "cli-glossary-export-lang",
        ("glossary export", "style") => "cli-glossary-export-style",
        ("glossary export", "include_proposed") => "cli-glossary-export-include-proposed",
        ("glossary export", "output") => "cli-glossary-export-output",
        ("glossary import", "input") => "cli-glossary-import-input",
        ("glossary import", "lang") => "cli-glossary-import-lang",
        _ => return None,
    })
}
