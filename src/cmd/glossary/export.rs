//! `glossary export`: the glossary as TBX (v3 or TBX-Basic 2008; every or the named target
//! languages) or as a two-column MT glossary CSV for one language (DeepL or Google style).

use std::path::Path;

use super::{Settings, langs};
use crate::cmd::Error;
use crate::cmd::destination::{Destination, send};
use crate::glossary::export::{self, PairCsvStyle};
use crate::interchange::tbx::{self, ExportOptions, TbxVersion};

/// The document to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlossaryExportFormat {
    /// TBX of this edition.
    Tbx(TbxVersion),
    /// One language, in this CSV dialect.
    Csv(PairCsvStyle),
}

/// `glossary export`'s options, as parsed.
#[derive(Debug, Clone, Copy)]
pub struct GlossaryExportRequest<'a> {
    pub format: GlossaryExportFormat,
    /// Target languages (tags as typed; CSV: exactly one).
    pub langs: &'a [String],
    pub include_proposed: bool,
    /// `-o` (absent or `-`: standard output).
    pub output: Option<&'a Path>,
}

/// Exports the glossary and sends the document to its destination.
pub fn run(settings: &Settings, req: &GlossaryExportRequest<'_>) -> Result<Destination, Error> {
    let langs = langs(req.langs)?;
    if matches!(req.format, GlossaryExportFormat::Csv(_)) && langs.len() != 1 {
        return Err(Error::usage("error-export-csv-lang", &[]));
    }
    let glossary = &settings.required_glossary()?.glossary;
    let text = match (req.format, langs.first()) {
        (GlossaryExportFormat::Csv(style), Some(lang)) => {
            export::pair_csv(glossary, lang, style, req.include_proposed)
        }
        (GlossaryExportFormat::Csv(_), None) => {
            return Err(Error::usage("error-export-csv-lang", &[]));
        }
        (GlossaryExportFormat::Tbx(version), _) => {
            let refs: Vec<&str> = langs.iter().map(String::as_str).collect();
            let opts = ExportOptions {
                langs: &refs,
                include_proposed: req.include_proposed,
            };
            tbx::export_tbx_as(glossary, &opts, version)
        }
    };
    send(req.output, text.into_bytes())
}
