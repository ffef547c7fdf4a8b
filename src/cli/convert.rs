//! Arguments of the single-file commands: `convert` (one subtitle file to another format) and
//! `info` (describe files), with their help texts' Fluent ids.

use std::path::PathBuf;

use clap::Args;

use super::values::{FormatArg, InfoFormat, LineEndingArg};

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

/// Fluent message id of the help text of argument `arg` of a command defined here (at `path`);
/// `localize::arg_help_id` asks the shared arguments first.
pub(super) fn arg_help_id(path: &str, arg: &str) -> Option<&'static str> {
    Some(match (path, arg) {
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
        _ => return None,
    })
}
