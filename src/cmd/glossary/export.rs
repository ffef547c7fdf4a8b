//! `glossary export`: the glossary as TBX (every or the named target languages) or as a
//! two-column MT glossary CSV for one language (DeepL or Google style).

use std::path::PathBuf;

use super::{Failure, GlossaryFile, langs, load};
use crate::cmd::Error;
use crate::cmd::deliver::{Delivered, deliver};
use crate::glossary::export::{self, ExportOptions, PairCsvStyle};

/// The document to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Tbx,
    /// One language, in this CSV dialect.
    Csv(PairCsvStyle),
}

/// `glossary export`'s options, as parsed.
#[derive(Debug)]
pub struct ExportInput {
    pub glossary: GlossaryFile,
    pub format: ExportFormat,
    /// Target languages (tags as typed; CSV: exactly one).
    pub langs: Vec<String>,
    pub include_proposed: bool,
    /// `-o` (absent or `-`: standard output).
    pub output: Option<PathBuf>,
}

/// Exports the glossary and delivers the document.
pub fn export(input: ExportInput) -> Result<Delivered, Failure> {
    let langs = langs(&input.langs)?;
    if matches!(input.format, ExportFormat::Csv(_)) && langs.len() != 1 {
        return Err(Error::usage("error-export-csv-lang", &[]).into());
    }
    let (_, glossary) = load(&input.glossary?)?;
    let text = match (input.format, langs.first()) {
        (ExportFormat::Csv(style), Some(lang)) => {
            export::pair_csv(&glossary, lang, style, input.include_proposed)
        }
        _ => {
            let refs: Vec<&str> = langs.iter().map(String::as_str).collect();
            export::tbx(
                &glossary,
                &ExportOptions {
                    langs: &refs,
                    include_proposed: input.include_proposed,
                },
            )
        }
    };
    Ok(deliver(input.output.as_deref(), text.into_bytes())?)
}
