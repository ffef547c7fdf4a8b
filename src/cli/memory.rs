//! Arguments of `memory <command>` (stats, export, import of the TMX translation memory) and
//! `xliff import` (human translators' files back into the memory), with their help texts' Fluent
//! ids.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::values::{MemoryFormat, TextFormat};

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
    /// Copy a local memory file's entries into the (team) memory
    Push(MemoryCopyArgs),
    /// Copy the (team) memory's entries into a local memory file
    Pull(MemoryCopyArgs),
}

/// `memory push|pull FILE [--memory URL] [--format human|json]`
#[derive(Debug, Args)]
pub struct MemoryCopyArgs {
    #[command(flatten)]
    pub file: MemoryFile,
    /// Local memory file (SQLite)
    #[arg(value_name = "FILE")]
    pub local: PathBuf,
    /// Report format
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = TextFormat::Human)]
    pub format: TextFormat,
}

/// The memory file every `memory` command works on.
#[derive(Debug, Args)]
pub struct MemoryFile {
    /// Translation memory file or postgres:// URL (default: translate.memory in subloc.yaml, else .subloc/memory.sqlite)
    #[arg(long, value_name = "FILE")]
    pub memory: Option<PathBuf>,
    /// Environment variable holding the password of a postgres:// memory (over memory-password-env in subloc.yaml; the password itself is never printed)
    #[arg(long, value_name = "NAME")]
    pub memory_password_env: Option<String>,
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

/// Fluent message id of the help text of argument `arg` of a command defined here (at `path`);
/// `localize::arg_help_id` asks the shared arguments first.
pub(super) fn arg_help_id(path: &str, arg: &str) -> Option<&'static str> {
    Some(match (path, arg) {
        (
            "memory stats" | "memory export" | "memory import" | "memory push" | "memory pull"
            | "xliff import",
            "memory",
        ) => "cli-memory-file",
        (
            "memory stats" | "memory export" | "memory import" | "memory push" | "memory pull"
            | "xliff import",
            "memory_password_env",
        ) => "cli-memory-password-env",
        (
            "memory stats" | "memory import" | "memory push" | "memory pull" | "xliff import",
            "format",
        ) => "cli-text-format",
        ("memory push" | "memory pull", "local") => "cli-memory-copy-local",
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
