//! The value enums of the command line (`--format`, `--color`, `--line-ending`, …) that several
//! commands share, and their mapping to the library's own types.

use clap::ValueEnum;
use subloc::diag::Severity;
use subloc::model::{Format, LineEnding};
use subloc::report::ReportFormat;

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
    /// TBX-Basic 2008 (`martif`).
    Tbx2008,
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
    Sbv,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Srt => Format::Srt,
            FormatArg::Ass => Format::Ass,
            FormatArg::Vtt => Format::Vtt,
            FormatArg::Ttml => Format::Ttml,
            FormatArg::Sbv => Format::Sbv,
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
