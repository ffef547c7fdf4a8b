//! Command-line definitions (clap derive) and their localization; nothing here runs a command.
//!
//! This file holds the top level (`Cli`, the `Command` list, the global options) and reads
//! `--ui-lang` before clap runs. Each command group's arguments live in their own file —
//! `convert` (convert, info), `check` (check, fix, platforms), `glossary`, `translate`, `memory`
//! (memory, xliff), `video` (burn, preview) — with the table of their help texts' Fluent ids; `values` holds the value
//! enums several commands share, and `localize` swaps every help text and heading for the Fluent
//! message of the negotiated UI language before parsing, so `--help` follows `--ui-lang`. Clap's
//! own error messages stay English (see README, known limitations). Nested commands
//! (`glossary lint`) are named by their path (`"glossary lint"`) in the tables that map arguments
//! to Fluent ids.

mod check;
mod convert;
mod glossary;
mod localize;
mod memory;
mod translate;
mod values;
mod video;

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand};

pub use check::{CheckArgs, FixArgs, PlatformsArgs};
pub use convert::{ConvertArgs, InfoArgs};
pub use glossary::{
    GlossaryApplyArgs, GlossaryArgs, GlossaryCommand, GlossaryExportArgs, GlossaryImportArgs,
    GlossaryLintArgs, GlossaryReviewArgs, GlossaryScanArgs,
};
pub use localize::localized_command;
pub use memory::{MemoryArgs, MemoryCommand, XliffArgs, XliffCommand};
pub use translate::TranslateArgs;
pub use values::{ColorChoice, CsvStyle, ExportFormat, InfoFormat, MemoryFormat, TextFormat};
pub use video::{BurnArgs, PreviewArgs};

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
    /// Burn a subtitle track into a video, laid out for a platform's canvas
    Burn(BurnArgs),
    /// Render pictures of the riskiest cues as a platform's viewer sees them
    Preview(PreviewArgs),
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

/// `completions SHELL`
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Shell to write completions for
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
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

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use subloc::model::LineEnding;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
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
