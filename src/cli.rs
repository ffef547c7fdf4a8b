//! Command-line definitions (clap derive) and their localization; nothing here runs a command.
//!
//! The derive gives the structure and English defaults; `localized_command` swaps every help text
//! and heading for the Fluent message of the negotiated UI language before parsing, so `--help`
//! follows `--ui-lang`. Clap's own error messages stay English (see README, known limitations).
//! Later commands (check, fix, translate, glossary, platforms, memory) slot into `Command`.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{ArgAction, Args, CommandFactory, Parser, Subcommand, ValueEnum};
use subloc::i18n::Localizer;
use subloc::model::{Format, LineEnding};

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
    /// Convert a subtitle file to another format
    Convert(ConvertArgs),
    /// Describe subtitle files
    Info(InfoArgs),
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

/// Fluent message id of the help text of argument `arg` of subcommand `sub` (`""` = top level).
fn arg_help_id(sub: &str, arg: &str) -> Option<&'static str> {
    Some(match (sub, arg) {
        (_, "ui_lang") => "cli-ui-lang",
        (_, "color") => "cli-color",
        (_, "quiet") => "cli-quiet",
        (_, "help") => "cli-help",
        (_, "version") => "cli-version",
        (_, "encoding") => "cli-encoding",
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
        ("completions", "shell") => "cli-completions-shell",
        _ => return None,
    })
}

fn about_id(sub: &str) -> Option<&'static str> {
    Some(match sub {
        "convert" => "cli-convert-about",
        "info" => "cli-info-about",
        "completions" => "cli-completions-about",
        "man" => "cli-man-about",
        _ => return None,
    })
}

/// The clap command with every help text, heading and the usage label in the UI language.
pub fn localized_command(loc: &Localizer) -> clap::Command {
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        loc.text("cli-usage")
    );
    let localize_args = |sub: &'static str, cmd: clap::Command| {
        let options = loc.text("cli-heading-options");
        let arguments = loc.text("cli-heading-arguments");
        let mut order = 0;
        cmd.help_template(template.clone())
            .subcommand_help_heading(loc.text("cli-heading-commands"))
            .mut_args(move |arg| {
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
                let arg = if sub.is_empty() {
                    arg.display_order(100 + order)
                } else {
                    arg.display_order(order)
                };
                match arg_help_id(sub, arg.get_id().as_str()) {
                    Some(id) => arg.help(loc.text(id)),
                    None => arg,
                }
            })
    };
    let root = localize_args("", Cli::command().about(loc.text("cli-about")));
    root.mut_subcommands(|sub| {
        let name: &'static str = match sub.get_name() {
            "convert" => "convert",
            "info" => "info",
            "completions" => "completions",
            "man" => "man",
            _ => "",
        };
        let sub = match about_id(name) {
            Some(id) => sub.about(loc.text(id)),
            None => sub,
        };
        localize_args(name, sub)
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
        let cmd = Cli::command();
        let mut missing = Vec::new();
        for arg in cmd.get_arguments() {
            if arg_help_id("", arg.get_id().as_str()).is_none() {
                missing.push(format!("{}", arg.get_id()));
            }
        }
        for sub in cmd.get_subcommands() {
            if about_id(sub.get_name()).is_none() {
                missing.push(sub.get_name().to_string());
            }
            for arg in sub.get_arguments() {
                if arg_help_id(sub.get_name(), arg.get_id().as_str()).is_none() {
                    missing.push(format!("{} {}", sub.get_name(), arg.get_id()));
                }
            }
        }
        assert!(missing.is_empty(), "no Fluent help for {missing:?}");
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
