//! Command-line definitions (clap derive) and their localization; nothing here runs a command.
//!
//! The derive gives the structure and English defaults; `localized_command` swaps every help text
//! and heading for the Fluent message of the negotiated UI language before parsing, so `--help`
//! follows `--ui-lang`. Clap's own error messages stay English (see README, known limitations).
//! Nested commands (`glossary lint`) are named by their path (`"glossary lint"`) in the tables
//! that map arguments to Fluent ids.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{ArgAction, Args, CommandFactory, Parser, Subcommand, ValueEnum};
use subloc::diag::Severity;
use subloc::i18n::Localizer;
use subloc::model::{Format, LineEnding};
use subloc::report::ReportFormat;

/// `subloc [--ui-lang L] [--color WHEN] [-q] <command>`
#[derive(Debug, Parser)]
#[command(
    name = "subloc",
    version,
    about = "Localize subtitles for international distribution",
    disable_help_flag = true,
    disable_version_flag = true,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Language of messages: en-US, zh-CN or fa-IR
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_ui_lang)]
    pub ui_lang: Option<String>,
    /// When to colour the output
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print only errors
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Project configuration file (default: subloc.yaml in this folder or the nearest parent)
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print help
    #[arg(short = 'h', long, global = true, action = ArgAction::Help)]
    help: Option<bool>,
    /// Print version
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Translate episodes into one platform-ready track per language and platform
    Translate(TranslateArgs),
    /// Convert a subtitle file to another format
    Convert(ConvertArgs),
    /// Describe subtitle files
    Info(InfoArgs),
    /// Check subtitle files against a platform's rules
    Check(CheckArgs),
    /// Apply the safe timing and line fixes a platform needs
    Fix(FixArgs),
    /// List platform profiles, or show what one requires
    Platforms(PlatformsArgs),
    /// Work with the series glossary
    Glossary(GlossaryArgs),
    /// Inspect, export and import the translation memory (TMX)
    Memory(MemoryArgs),
    /// Bring human translators' XLIFF files back into the memory
    Xliff(XliffArgs),
    /// Print a shell completion script
    Completions(CompletionsArgs),
    /// Print the manual page (roff)
    Man,
}

/// `convert IN OUT [--to FORMAT] …`
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Subtitle file to read
    #[arg(value_name = "IN")]
    pub input: PathBuf,
    /// File to write ("-" for standard output)
    #[arg(value_name = "OUT")]
    pub output: PathBuf,
    /// Output format (default: from the output file's extension)
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub to: Option<FormatArg>,
    /// Encoding of the input (default: detected)
    #[arg(long, value_name = "ENC")]
    pub encoding: Option<String>,
    /// Encoding of the output (default: UTF-8)
    #[arg(long, value_name = "ENC")]
    pub out_encoding: Option<String>,
    /// Write a byte-order mark
    #[arg(long, overrides_with = "no_bom")]
    pub bom: bool,
    /// Write no byte-order mark
    #[arg(long, overrides_with = "bom")]
    pub no_bom: bool,
    /// Line ending of the output (default: that of the input)
    #[arg(long, value_enum, value_name = "EOL")]
    pub line_ending: Option<LineEndingArg>,
    /// Fail on any warning: exit 1 and write nothing
    #[arg(long)]
    pub strict: bool,
    /// Allow overwriting the input file
    #[arg(long)]
    pub force: bool,
}

impl ConvertArgs {
    /// `--bom` / `--no-bom` (the last one given wins); `None` keeps the default.
    pub fn bom(&self) -> Option<bool> {
        match (self.bom, self.no_bom) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        }
    }
}

/// `info FILE… [--format human|json] [--cues] …`
#[derive(Debug, Args)]
pub struct InfoArgs {
    /// Subtitle files to describe
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Report format
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = InfoFormat::Human)]
    pub format: InfoFormat,
    /// Also list every cue
    #[arg(long)]
    pub cues: bool,
    /// Encoding of the inputs (default: detected)
    #[arg(long, value_name = "ENC")]
    pub encoding: Option<String>,
    /// Exit 1 if any file has a problem at warning level or above
    #[arg(long)]
    pub strict: bool,
}

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

/// `glossary lint [--lang L,…]`
#[derive(Debug, Args)]
pub struct GlossaryLintArgs {
    #[command(flatten)]
    pub file: GlossaryFile,
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
    /// Translation memory file (default: .subloc/memory.sqlite)
    #[arg(long, value_name = "FILE")]
    pub memory: Option<PathBuf>,
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
}

/// `memory <command>`
#[derive(Debug, Args)]
pub struct MemoryArgs {
    #[command(subcommand)]
    pub command: MemoryCommand,
}

#[derive(Debug, Subcommand)]
pub enum MemoryCommand {
    /// Entries per language pair and backend, and the characters they saved
    Stats(MemoryStatsArgs),
    /// Write the memory as TMX 1.4
    Export(MemoryExportArgs),
    /// Add the units of a TMX file to the memory
    Import(MemoryImportArgs),
}

/// The memory file every `memory` command works on.
#[derive(Debug, Args)]
pub struct MemoryFile {
    /// Translation memory file (default: translate.memory in subloc.yaml, else .subloc/memory.sqlite)
    #[arg(long, value_name = "FILE")]
    pub memory: Option<PathBuf>,
}

/// `memory stats [--memory FILE] [--format human|json]`
#[derive(Debug, Args)]
pub struct MemoryStatsArgs {
    #[command(flatten)]
    pub file: MemoryFile,
    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = TextFormat::Human)]
    pub format: TextFormat,
}

/// `memory export [--format tmx] [--lang L] [--from L] [--backend KIND] [-o FILE]`
#[derive(Debug, Args)]
pub struct MemoryExportArgs {
    #[command(flatten)]
    pub file: MemoryFile,
    /// Export format
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = MemoryFormat::Tmx)]
    pub format: MemoryFormat,
    /// Only entries into this target language
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Only entries from this source language
    #[arg(long, value_name = "LANG")]
    pub from: Option<String>,
    /// Only entries of this backend kind (pseudo, deepl, xliff, tmx, …)
    #[arg(long, value_name = "KIND")]
    pub backend: Option<String>,
    /// File to write (default: standard output)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `memory import FILE.tmx [--backend NAME] [--format human|json]`
#[derive(Debug, Args)]
pub struct MemoryImportArgs {
    #[command(flatten)]
    pub file: MemoryFile,
    /// TMX file to import
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// Backend whose runs may use units that name none (a kind or a configured name; default: kept apart as "tmx")
    #[arg(long, value_name = "NAME")]
    pub backend: Option<String>,
    /// Report format
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = TextFormat::Human)]
    pub format: TextFormat,
}

/// `xliff <command>`
#[derive(Debug, Args)]
pub struct XliffArgs {
    #[command(subcommand)]
    pub command: XliffCommand,
}

#[derive(Debug, Subcommand)]
pub enum XliffCommand {
    /// Validate a translated XLIFF file and store its translations in the memory
    Import(XliffImportArgs),
}

/// `xliff import FILE.xlf [EPISODE…] [--lang L]`
#[derive(Debug, Args)]
pub struct XliffImportArgs {
    /// The translated XLIFF file
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// Episodes the file was made from (default: those the file records)
    #[arg(value_name = "EPISODE")]
    pub episodes: Vec<PathBuf>,
    /// Target language the file must be in (default: the file's)
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Glossary file (default: glossary.yaml found upwards)
    #[arg(long, value_name = "FILE")]
    pub glossary: Option<PathBuf>,
    #[command(flatten)]
    pub file: MemoryFile,
    /// Report format
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = TextFormat::Human)]
    pub format: TextFormat,
}

/// `completions SHELL`
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Shell to write completions for
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InfoFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormatArg {
    Human,
    Json,
    Junit,
    Github,
    Sarif,
    Html,
}

impl From<ReportFormatArg> for ReportFormat {
    fn from(f: ReportFormatArg) -> ReportFormat {
        match f {
            ReportFormatArg::Human => ReportFormat::Human,
            ReportFormatArg::Json => ReportFormat::Json,
            ReportFormatArg::Junit => ReportFormat::Junit,
            ReportFormatArg::Github => ReportFormat::Github,
            ReportFormatArg::Sarif => ReportFormat::Sarif,
            ReportFormatArg::Html => ReportFormat::Html,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeverityArg {
    Error,
    Warning,
    Info,
}

impl From<SeverityArg> for Severity {
    fn from(s: SeverityArg) -> Severity {
        match s {
            SeverityArg::Error => Severity::Error,
            SeverityArg::Warning => Severity::Warning,
            SeverityArg::Info => Severity::Info,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MemoryFormat {
    Tmx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Tbx,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CsvStyle {
    Deepl,
    Google,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Srt,
    Ass,
    Vtt,
    Ttml,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Srt => Format::Srt,
            FormatArg::Ass => Format::Ass,
            FormatArg::Vtt => Format::Vtt,
            FormatArg::Ttml => Format::Ttml,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LineEndingArg {
    Lf,
    Crlf,
    Cr,
}

impl From<LineEndingArg> for LineEnding {
    fn from(l: LineEndingArg) -> LineEnding {
        match l {
            LineEndingArg::Lf => LineEnding::Lf,
            LineEndingArg::Crlf => LineEnding::CrLf,
            LineEndingArg::Cr => LineEnding::Cr,
        }
    }
}

/// Accepts BCP 47 tags and POSIX locale names (`fa_IR.UTF-8`); unknown but well-formed languages
/// are accepted and negotiate down to en-US.
fn parse_ui_lang(value: &str) -> Result<String, String> {
    subloc::i18n::parse_locale(value)
        .map(|l| l.to_string())
        .ok_or_else(|| format!("“{value}” is not a language tag (examples: en-US, zh-CN, fa-IR)"))
}

/// Finds `--ui-lang` in the raw arguments before clap runs, so help and errors can be localized.
/// Stops at `--`; a malformed value is left for clap to reject.
pub fn ui_lang_from_args(args: &[OsString]) -> Option<String> {
    let mut iter = args.iter().skip(1).filter_map(|a| a.to_str());
    while let Some(arg) = iter.next() {
        if arg == "--" {
            break;
        }
        if arg == "--ui-lang" {
            return iter.next().map(str::to_string);
        }
        if let Some(v) = arg.strip_prefix("--ui-lang=") {
            return Some(v.to_string());
        }
    }
    None
}

/// Fluent message id of the help text of argument `arg` of the command at `path` (`""` = top
/// level, `"glossary lint"` for a nested command).
fn arg_help_id(path: &str, arg: &str) -> Option<&'static str> {
    Some(match (path, arg) {
        (_, "ui_lang") => "cli-ui-lang",
        (_, "color") => "cli-color",
        (_, "quiet") => "cli-quiet",
        (_, "config") => "cli-config",
        (_, "help") => "cli-help",
        (_, "version") => "cli-version",
        (_, "encoding") => "cli-encoding",
        (_, "glossary") => "cli-glossary-file",
        (_, "dry_run") => "cli-dry-run",
        (_, "date") => "cli-date",
        ("check" | "fix", "platform") => "cli-platform",
        ("check" | "fix", "lang") => "cli-file-lang",
        ("check" | "fix", "fps") => "cli-fps",
        ("convert", "input") => "cli-convert-input",
        ("convert", "output") => "cli-convert-output",
        ("convert", "to") => "cli-convert-to",
        ("convert", "out_encoding") => "cli-out-encoding",
        ("convert", "bom") => "cli-bom",
        ("convert", "no_bom") => "cli-no-bom",
        ("convert", "line_ending") => "cli-line-ending",
        ("convert", "strict") => "cli-convert-strict",
        ("convert", "force") => "cli-force",
        ("info", "files") => "cli-info-files",
        ("info", "format") => "cli-info-format",
        ("info", "cues") => "cli-info-cues",
        ("info", "strict") => "cli-info-strict",
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
        ("glossary lint", "lang") => "cli-glossary-lint-lang",
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
        ("glossary apply", "csv") => "cli-glossary-apply-csv",
        ("glossary apply", "reviewer") => "cli-glossary-apply-reviewer",
        ("glossary export", "format") => "cli-glossary-export-format",
        ("glossary export", "lang") => "cli-glossary-export-lang",
        ("glossary export", "style") => "cli-glossary-export-style",
        ("glossary export", "include_proposed") => "cli-glossary-export-include-proposed",
        ("glossary export", "output") => "cli-glossary-export-output",
        ("glossary import", "input") => "cli-glossary-import-input",
        ("glossary import", "lang") => "cli-glossary-import-lang",
        ("completions", "shell") => "cli-completions-shell",
        ("translate", "episodes") => "cli-translate-episodes",
        ("translate", "to") => "cli-translate-to",
        ("translate", "platform") => "cli-translate-platform",
        ("translate", "from") => "cli-translate-from",
        ("translate", "backend") => "cli-translate-backend",
        ("translate", "backend_url") => "cli-translate-backend-url",
        ("translate", "model") => "cli-translate-model",
        ("translate", "memory") => "cli-translate-memory",
        ("translate", "out") => "cli-translate-out",
        ("translate", "pattern") => "cli-translate-pattern",
        ("translate", "budget") => "cli-translate-budget",
        ("translate", "refresh") => "cli-translate-refresh",
        ("translate", "retime") => "cli-translate-retime",
        ("translate", "bilingual") => "cli-translate-bilingual",
        ("translate", "jobs") => "cli-translate-jobs",
        ("translate", "format") => "cli-text-format",
        ("memory stats" | "memory export" | "memory import" | "xliff import", "memory") => {
            "cli-memory-file"
        }
        ("memory stats" | "memory import" | "xliff import", "format") => "cli-text-format",
        ("memory export", "format") => "cli-memory-export-format",
        ("memory export", "lang") => "cli-memory-export-lang",
        ("memory export", "from") => "cli-memory-export-from",
        ("memory export", "backend") => "cli-memory-export-backend",
        ("memory export", "output") => "cli-memory-export-output",
        ("memory import", "input") => "cli-memory-import-input",
        ("memory import", "backend") => "cli-memory-import-backend",
        ("xliff import", "input") => "cli-xliff-import-input",
        ("xliff import", "episodes") => "cli-xliff-import-episodes",
        ("xliff import", "lang") => "cli-xliff-import-lang",
        _ => return None,
    })
}

/// Fluent message id of the one-line description of the command at `path`.
fn about_id(path: &str) -> Option<&'static str> {
    Some(match path {
        "convert" => "cli-convert-about",
        "info" => "cli-info-about",
        "check" => "cli-check-about",
        "fix" => "cli-fix-about",
        "platforms" => "cli-platforms-about",
        "glossary" => "cli-glossary-about",
        "glossary lint" => "cli-glossary-lint-about",
        "glossary scan" => "cli-glossary-scan-about",
        "glossary review" => "cli-glossary-review-about",
        "glossary apply" => "cli-glossary-apply-about",
        "glossary export" => "cli-glossary-export-about",
        "glossary import" => "cli-glossary-import-about",
        "completions" => "cli-completions-about",
        "man" => "cli-man-about",
        "translate" => "cli-translate-about",
        "memory" => "cli-memory-about",
        "memory stats" => "cli-memory-stats-about",
        "memory export" => "cli-memory-export-about",
        "memory import" => "cli-memory-import-about",
        "xliff" => "cli-xliff-about",
        "xliff import" => "cli-xliff-import-about",
        _ => return None,
    })
}

/// The clap command with every help text, heading and the usage label in the UI language.
pub fn localized_command(loc: &Localizer) -> clap::Command {
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        loc.text("cli-usage")
    );
    localize(
        loc,
        &template,
        "",
        Cli::command().about(loc.text("cli-about")),
    )
}

/// Localizes `cmd` (found at `path`) and, recursively, its subcommands.
fn localize(loc: &Localizer, template: &str, path: &str, cmd: clap::Command) -> clap::Command {
    let options = loc.text("cli-heading-options");
    let arguments = loc.text("cli-heading-arguments");
    let mut order = 0;
    let cmd = match about_id(path) {
        Some(id) => cmd.about(loc.text(id)),
        None => cmd,
    };
    let cmd = cmd
        .help_template(template.to_string())
        .subcommand_help_heading(loc.text("cli-heading-commands"))
        .mut_args(|arg| {
            let heading = if arg.is_positional() {
                arguments.clone()
            } else {
                options.clone()
            };
            // Clap appends "[default: …] [possible values: …]" in English; the Fluent
            // texts name the values and defaults instead.
            let arg = arg.help_heading(heading);
            let arg = if arg.get_action().takes_values() {
                arg.hide_possible_values(true).hide_default_value(true)
            } else {
                arg
            };
            // Global options are listed after a subcommand's own options.
            order += 1;
            let arg = if path.is_empty() {
                arg.display_order(100 + order)
            } else {
                arg.display_order(order)
            };
            match arg_help_id(path, arg.get_id().as_str()) {
                Some(id) => arg.help(loc.text(id)),
                None => arg,
            }
        });
    cmd.mut_subcommands(|sub| {
        let sub_path = if path.is_empty() {
            sub.get_name().to_string()
        } else {
            format!("{path} {}", sub.get_name())
        };
        localize(loc, template, &sub_path, sub)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
        let loc = Localizer::for_lang(&"fa-IR".parse().unwrap());
        localized_command(&loc).debug_assert();
    }

    #[test]
    fn finds_ui_lang_before_parsing() {
        assert_eq!(
            ui_lang_from_args(&os(&["subloc", "--ui-lang", "fa-IR", "info"])).as_deref(),
            Some("fa-IR")
        );
        assert_eq!(
            ui_lang_from_args(&os(&["subloc", "info", "--ui-lang=zh-CN", "x"])).as_deref(),
            Some("zh-CN")
        );
        assert_eq!(
            ui_lang_from_args(&os(&["subloc", "info", "--", "--ui-lang", "fa"])),
            None
        );
        assert_eq!(ui_lang_from_args(&os(&["subloc", "info", "x"])), None);
    }

    #[test]
    fn every_argument_has_a_localized_help() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            if !path.is_empty() && about_id(path).is_none() {
                missing.push(path.to_string());
            }
            for arg in cmd.get_arguments() {
                if arg_help_id(path, arg.get_id().as_str()).is_none() {
                    missing.push(format!("{path} {}", arg.get_id()));
                }
            }
            for sub in cmd.get_subcommands() {
                let sub_path = if path.is_empty() {
                    sub.get_name().to_string()
                } else {
                    format!("{path} {}", sub.get_name())
                };
                walk(sub, &sub_path, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "", &mut missing);
        assert!(missing.is_empty(), "no Fluent help for {missing:?}");
        let mut ids = Vec::new();
        fn collect(cmd: &clap::Command, path: &str, ids: &mut Vec<&'static str>) {
            ids.extend(about_id(path));
            for arg in cmd.get_arguments() {
                ids.extend(arg_help_id(path, arg.get_id().as_str()));
            }
            for sub in cmd.get_subcommands() {
                let p = format!("{path} {}", sub.get_name());
                collect(sub, p.trim_start(), ids);
            }
        }
        collect(&Cli::command(), "", &mut ids);
        for (tag, source) in subloc::i18n::LOCALES {
            let defined = subloc::i18n::message_ids(source);
            let absent: Vec<_> = ids.iter().filter(|id| !defined.contains(id)).collect();
            assert!(absent.is_empty(), "{tag} lacks help texts {absent:?}");
        }
    }

    #[test]
    fn help_follows_the_ui_language() {
        let loc = Localizer::for_lang(&"zh-CN".parse().unwrap());
        let help = localized_command(&loc)
            .try_get_matches_from(["subloc", "convert", "--help"])
            .map(|_| String::new())
            .unwrap_or_else(|e| e.to_string());
        assert!(help.contains(&loc.text("cli-convert-to")), "{help}");
        assert!(help.contains(&loc.text("cli-usage")), "{help}");
        assert!(!help.contains("Options:"), "{help}");
    }

    #[test]
    fn parses_convert_and_info() {
        let cli = Cli::try_parse_from([
            "subloc",
            "convert",
            "a.srt",
            "b.vtt",
            "--no-bom",
            "--line-ending",
            "crlf",
            "--ui-lang",
            "fa_IR.UTF-8",
        ])
        .unwrap();
        assert_eq!(cli.ui_lang.as_deref(), Some("fa-IR"));
        let Command::Convert(c) = cli.command else {
            panic!("not convert")
        };
        assert_eq!(c.bom(), Some(false));
        assert_eq!(c.line_ending.map(LineEnding::from), Some(LineEnding::CrLf));
        let cli = Cli::try_parse_from([
            "subloc", "-q", "info", "a.srt", "b.ass", "--format", "json", "--cues",
        ])
        .unwrap();
        assert!(cli.quiet);
        let Command::Info(i) = cli.command else {
            panic!("not info")
        };
        assert_eq!(i.files.len(), 2);
        assert_eq!(i.format, InfoFormat::Json);
        assert!(Cli::try_parse_from(["subloc", "info"]).is_err());
        assert!(Cli::try_parse_from(["subloc", "--ui-lang", "!!", "man"]).is_err());
    }
}
