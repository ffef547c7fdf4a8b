//! `glossary review`: a partner review sheet for one language — `LANG.html` to read (with
//! instructions, example cues from the episodes and their translations) and `LANG.csv` to fill
//! in and bring back with `glossary apply`.
//!
//! The page is for the partner, not the operator, so its language is its own: `--page-lang`,
//! else the reviewed language when subloc speaks it (a Persian sheet reads in Persian whoever
//! makes it), else the operator's UI language. A page language subloc does not ship is a usage
//! error listing the ones it does, rather than a page silently in English.

use std::path::{Path, PathBuf};

use super::{Settings, read_tracks};
use crate::cmd::{Error, label_text, lang_arg, num, show, write_atomic};
use crate::glossary::Status;
use crate::glossary::scan::{self, ScanOptions};
use crate::i18n::{self, Localizer};
use crate::model::Track;
use crate::report::review_page::{self, ReviewOptions};
use unic_langid::LanguageIdentifier;

/// `glossary review`'s options, as parsed.
#[derive(Debug, Clone, Copy)]
pub struct GlossaryReviewRequest<'a> {
    /// Language to review (a tag as typed).
    pub lang: &'a str,
    pub episodes: &'a [PathBuf],
    /// Their translations, in the same order (or none).
    pub translations: &'a [PathBuf],
    /// Folder the two files go to.
    pub out: &'a Path,
    pub max_examples: usize,
    /// `--page-lang` as typed: the language of the page's labels and instructions.
    pub page_lang: Option<&'a str>,
}

/// The files written and the state of the language's entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryReviewed {
    pub html: PathBuf,
    pub csv: PathBuf,
    pub terms: usize,
    pub approved: usize,
    pub proposed: usize,
    pub rejected: usize,
    pub missing: usize,
    /// The language the page is written in.
    pub page_lang: String,
}

/// Writes the sheet; its labels are in `loc`'s language.
pub fn run(
    settings: &Settings,
    req: &GlossaryReviewRequest<'_>,
    loc: &Localizer,
) -> Result<GlossaryReviewed, Error> {
    let lang = lang_arg(req.lang)?;
    let page = page_localizer(req.page_lang, &lang, loc)?;
    if !req.translations.is_empty() && req.translations.len() != req.episodes.len() {
        return Err(Error::usage(
            "error-translations-count",
            &[
                ("episodes", req.episodes.len().to_string()),
                ("translations", req.translations.len().to_string()),
            ],
        ));
    }
    let glossary = &settings.required_glossary()?.glossary;
    let sources = read_tracks(req.episodes, settings)?;
    let translations = read_tracks(req.translations, settings)?;
    let names: Vec<String> = req.episodes.iter().map(|p| show(p)).collect();
    let pairs: Vec<(&str, &Track)> = names.iter().map(String::as_str).zip(&sources).collect();
    let report = scan::scan(glossary, &pairs, &ScanOptions::default());
    let source_refs: Vec<&Track> = sources.iter().collect();
    let translation_refs: Vec<&Track> = translations.iter().collect();
    let label = |id: &str, a: &[(&str, String)]| label_text(&page, id, a);
    let page_lang = page.lang().to_string();
    let csv_name = format!("{lang}.csv");
    let opts = ReviewOptions {
        max_examples: req.max_examples,
        label: &label,
        page_lang: &page_lang,
        rtl: page.is_rtl(),
        csv_name: &csv_name,
        counted: !req.episodes.is_empty(),
    };
    let sheet = review_page::review_sheet(
        glossary,
        &lang,
        &report,
        &source_refs,
        (!translation_refs.is_empty()).then_some(translation_refs.as_slice()),
        &opts,
    );
    let html = req.out.join(format!("{lang}.html"));
    let csv = req.out.join(&csv_name);
    write_atomic(&html, sheet.html.as_bytes())?;
    write_atomic(&csv, sheet.csv.as_bytes())?;
    let count = |want: Option<Status>| {
        glossary
            .terms
            .iter()
            .filter(|t| t.target(&lang).map(|e| e.status) == want)
            .count()
    };
    Ok(GlossaryReviewed {
        html,
        csv,
        terms: glossary.terms.len(),
        approved: count(Some(Status::Approved)),
        proposed: count(Some(Status::Proposed)),
        rejected: count(Some(Status::Rejected)),
        missing: count(None),
        page_lang,
    })
}

/// The page's localizer: `--page-lang` (which must be a shipped locale), else the reviewed
/// language `lang` when one is shipped for it, else the operator's `ui`.
fn page_localizer(page_lang: Option<&str>, lang: &str, ui: &Localizer) -> Result<Localizer, Error> {
    let shipped = |tag: &str| -> Option<LanguageIdentifier> {
        let wanted = i18n::parse_locale(tag)?;
        let got = i18n::negotiate(std::slice::from_ref(&wanted));
        (got.language == wanted.language).then_some(got)
    };
    match page_lang {
        Some(tag) => shipped(tag)
            .map(|l| Localizer::for_lang(&l))
            .ok_or_else(|| {
                let known: Vec<&str> = i18n::LOCALES.iter().map(|(t, _)| *t).collect();
                Error::usage(
                    "error-page-lang",
                    &[("value", tag.to_string()), ("known", known.join(", "))],
                )
            }),
        None => Ok(Localizer::for_lang(
            &shipped(lang).unwrap_or_else(|| ui.lang().clone()),
        )),
    }
}

impl GlossaryReviewed {
    /// Which files were written and how far the language's entries are, in the UI language.
    pub fn render(&self, loc: &Localizer) -> String {
        loc.msg(
            "glossary-review-written",
            &[
                ("html", show(&self.html).into()),
                ("csv", show(&self.csv).into()),
                ("count", num(self.terms)),
                ("approved", num(self.approved)),
                ("proposed", num(self.proposed)),
                ("rejected", num(self.rejected)),
                ("missing", num(self.missing)),
                ("page", self.page_lang.clone().into()),
            ],
        )
    }
}
