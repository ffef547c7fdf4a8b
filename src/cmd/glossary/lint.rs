//! `glossary lint`: every problem of the glossary at once, as diagnostics with positions.

use std::path::PathBuf;

use super::{Settings, langs, read_yaml_text};
use crate::cmd::render::render_diagnostic;
use crate::cmd::{Error, num, show};
use crate::diag::{Diagnostic, Severity};
use crate::glossary as lib;
use crate::i18n::Localizer;

/// What lint found.
#[derive(Debug)]
pub struct GlossaryLinted {
    pub path: PathBuf,
    /// Terms of the glossary when it loads; `None` when it has errors.
    pub terms: Option<usize>,
    /// Every problem, carrying the glossary's path.
    pub diagnostics: Vec<Diagnostic>,
    pub errors: usize,
    pub warnings: usize,
}

/// Lints the glossary for the target languages `lang` (tags as typed). Without languages, the
/// project delivers the ones the glossary itself has entries for, so a term missing one of them
/// is worth a warning. An invalid glossary is a finding here, not an error.
pub fn run(settings: &Settings, lang: &[String]) -> Result<GlossaryLinted, Error> {
    let path = settings.required_glossary_path()?.to_path_buf();
    let declared = langs(lang)?;
    let text = read_yaml_text(&path)?;
    let refs: Vec<&str> = declared.iter().map(String::as_str).collect();
    let (mut glossary, mut diags) = lib::lint_text(&text, &refs);
    let own: Vec<String> = match &glossary {
        Some(g) if declared.is_empty() => g.languages().into_iter().map(str::to_string).collect(),
        _ => Vec::new(),
    };
    if !own.is_empty() {
        let refs: Vec<&str> = own.iter().map(String::as_str).collect();
        (glossary, diags) = lib::lint_text(&text, &refs);
    }
    let count = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let diagnostics = diags.into_iter().map(|d| d.with_path(&path)).collect();
    Ok(GlossaryLinted {
        terms: glossary.map(|g| g.terms.len()),
        path,
        diagnostics,
        errors,
        warnings,
    })
}

impl GlossaryLinted {
    /// One line per problem, with its place (the command's standard output).
    pub fn render_report(&self, loc: &Localizer, color: bool) -> String {
        self.diagnostics
            .iter()
            .map(|d| render_diagnostic(loc, d, color) + "\n")
            .collect()
    }

    /// The one-line verdict: the terms and warnings of a glossary that loads, else its errors.
    pub fn render_summary(&self, loc: &Localizer) -> String {
        let path = show(&self.path);
        match self.terms {
            Some(terms) => loc.msg(
                "glossary-lint-ok",
                &[
                    ("path", path.into()),
                    ("count", num(terms)),
                    ("warnings", num(self.warnings)),
                ],
            ),
            None => loc.msg(
                "glossary-lint-failed",
                &[
                    ("path", path.into()),
                    ("errors", num(self.errors)),
                    ("warnings", num(self.warnings)),
                ],
            ),
        }
    }
}
