//! The glossary as the rest of the program sees it: plain typed values, checked and complete.
//!
//! `load.rs` builds these from `glossary.yaml` after `lint.rs` found no error, so every value here
//! is valid (known kind and status, well-formed language tags, approved entries have text). The
//! schema itself is documented in the header of the sample `glossary.yaml`.

use unic_langid::LanguageIdentifier;

/// The one schema version this build reads.
pub const SCHEMA_VERSION: u32 = 1;

/// Where something was written in `glossary.yaml` (1-based; 0 when unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

/// What a term names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Craft,
    Place,
    Person,
    Organisation,
    Concept,
    Title,
    Other,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Craft,
        Kind::Place,
        Kind::Person,
        Kind::Organisation,
        Kind::Concept,
        Kind::Title,
        Kind::Other,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Craft => "craft",
            Kind::Place => "place",
            Kind::Person => "person",
            Kind::Organisation => "organisation",
            Kind::Concept => "concept",
            Kind::Title => "title",
            Kind::Other => "other",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// The review state of one target-language rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Suggested, not signed off: checked, but findings are warnings.
    Proposed,
    /// Signed off: enforced as errors.
    Approved,
    /// Turned down: kept for the record, never enforced.
    Rejected,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Proposed, Status::Approved, Status::Rejected];

    pub fn name(self) -> &'static str {
        match self {
            Status::Proposed => "proposed",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
        }
    }

    pub fn from_name(name: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// How renderings are compared in scripts with case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CasePolicy {
    #[default]
    Insensitive,
    /// Capitalisation must match (names, titles).
    Sensitive,
}

impl CasePolicy {
    pub const ALL: [CasePolicy; 2] = [CasePolicy::Insensitive, CasePolicy::Sensitive];

    pub fn name(self) -> &'static str {
        match self {
            CasePolicy::Insensitive => "insensitive",
            CasePolicy::Sensitive => "sensitive",
        }
    }

    pub fn from_name(name: &str) -> Option<CasePolicy> {
        CasePolicy::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// Optional series metadata for translators and prompts.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Series {
    pub title: Option<String>,
    pub synopsis: Option<String>,
}

/// A whole glossary.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Glossary {
    pub version: u32,
    /// BCP 47 tag of the language the source forms are written in.
    pub source: String,
    pub series: Option<Series>,
    pub terms: Vec<Term>,
}

/// One term and its renderings.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Term {
    pub id: String,
    /// Canonical source form.
    pub source: String,
    /// Other source forms of the same term.
    pub variants: Vec<String>,
    pub kind: Kind,
    pub note: Option<String>,
    /// Do not translate: the per-language rendering (a transliteration) or the source form itself
    /// must appear in translations.
    pub keep: bool,
    pub case: CasePolicy,
    /// Target-language entries in file order.
    pub targets: Vec<Target>,
    /// Where the term's `id` value is written.
    pub pos: Pos,
}

/// One term's rendering in one target language.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Target {
    /// The language tag exactly as written in the glossary.
    pub lang: String,
    pub text: Option<String>,
    pub variants: Vec<String>,
    pub forbidden: Vec<String>,
    pub status: Status,
    pub reviewer: Option<String>,
    pub updated: Option<String>,
    pub note: Option<String>,
    /// Reviewers' comments on this rendering, oldest first (written by `glossary apply`).
    pub comments: Vec<Comment>,
    /// Where the language key is written.
    pub pos: Pos,
}

/// A reviewer's comment on one rendering, kept with who wrote it and when, so the next review
/// sheet shows it and the team can answer it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Comment {
    pub reviewer: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub text: String,
}

impl Glossary {
    pub fn term(&self, id: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.id == id)
    }

    /// Every target language used by some term, in order of first appearance.
    pub fn languages(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for t in &self.terms {
            for e in &t.targets {
                if !out.contains(&e.lang.as_str()) {
                    out.push(&e.lang);
                }
            }
        }
        out
    }
}

impl Term {
    /// The canonical source form followed by its variants.
    pub fn source_forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.source.as_str()).chain(self.variants.iter().map(String::as_str))
    }

    pub fn case_sensitive(&self) -> bool {
        self.case == CasePolicy::Sensitive
    }

    /// The entry for `lang`: the exact tag (case-insensitive) first, then an entry written for the
    /// bare language when `lang` is more specific (`fa` serves `fa-IR`).
    pub fn target(&self, lang: &str) -> Option<&Target> {
        self.target_index(lang).and_then(|i| self.targets.get(i))
    }

    /// Index in `targets` of the entry `target` would return.
    pub fn target_index(&self, lang: &str) -> Option<usize> {
        if let Some(i) = self
            .targets
            .iter()
            .position(|e| e.lang.eq_ignore_ascii_case(lang))
        {
            return Some(i);
        }
        let wanted: LanguageIdentifier = lang.parse().ok()?;
        self.targets.iter().position(|e| {
            e.lang
                .parse::<LanguageIdentifier>()
                .is_ok_and(|have| lang_serves(&have, &wanted))
        })
    }
}

/// True when an entry written for `have` applies to text in `wanted`: same language, and no
/// script or region that both name and that differ (`fa` and `fa-IR` serve each other, `en-GB`
/// does not serve `en-US`).
pub fn lang_serves(have: &LanguageIdentifier, wanted: &LanguageIdentifier) -> bool {
    fn compatible<T: PartialEq>(a: &Option<T>, b: &Option<T>) -> bool {
        a.is_none() || b.is_none() || a == b
    }
    have.language == wanted.language
        && compatible(&have.script, &wanted.script)
        && compatible(&have.region, &wanted.region)
}

impl Target {
    /// The approved text followed by its variants: every rendering that satisfies the term.
    pub fn accepted(&self) -> impl Iterator<Item = &str> {
        self.text
            .iter()
            .map(String::as_str)
            .chain(self.variants.iter().map(String::as_str))
    }

    /// True when the entry has a rendering that is in force (approved, or proposed pending review).
    pub fn has_rendering(&self) -> bool {
        self.status != Status::Rejected
            && self.text.as_deref().is_some_and(|t| !t.trim().is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(lang: &str) -> Target {
        Target {
            lang: lang.into(),
            text: Some("x".into()),
            variants: vec![],
            forbidden: vec![],
            status: Status::Approved,
            reviewer: None,
            updated: None,
            note: None,
            comments: vec![],
            pos: Pos::default(),
        }
    }

    #[test]
    fn target_lookup_prefers_exact_then_generic() {
        let t = Term {
            id: "a".into(),
            source: "甲".into(),
            variants: vec![],
            kind: Kind::Other,
            note: None,
            keep: false,
            case: CasePolicy::Insensitive,
            targets: vec![entry("en"), entry("en-GB"), entry("zh-Hant")],
            pos: Pos::default(),
        };
        assert_eq!(t.target_index("en-GB"), Some(1));
        assert_eq!(t.target_index("EN-gb"), Some(1));
        assert_eq!(t.target_index("en-US"), Some(0));
        assert_eq!(t.target_index("en"), Some(0));
        assert_eq!(t.target_index("zh"), Some(2));
        assert_eq!(t.target_index("zh-Hans"), None);
        assert_eq!(t.target_index("fa"), None);
    }

    #[test]
    fn names_round_trip() {
        for k in Kind::ALL {
            assert_eq!(Kind::from_name(k.name()), Some(k));
        }
        for s in Status::ALL {
            assert_eq!(Status::from_name(s.name()), Some(s));
        }
        assert_eq!(
            CasePolicy::from_name("sensitive"),
            Some(CasePolicy::Sensitive)
        );
        assert_eq!(Kind::from_name("Craft"), None);
    }
}
