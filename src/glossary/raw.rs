//! The raw shape of `glossary.yaml` as serde reads it: strict (unknown keys denied), every value
//! `Spanned` so a problem found after parsing still points at its line and column. `load` turns
//! it into `schema`; `lint` checks it; neither needs the other to know this shape.

use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};

use super::schema::{Pos, SCHEMA_VERSION};
use crate::yaml::{self, Spanned};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawGlossary {
    pub version: Spanned<u32>,
    pub source: Spanned<String>,
    #[serde(default)]
    pub series: Option<RawSeries>,
    #[serde(default)]
    pub terms: Option<Spanned<Vec<Spanned<RawTerm>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSeries {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub synopsis: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTerm {
    pub id: Spanned<String>,
    pub source: Spanned<String>,
    #[serde(default)]
    pub variants: Vec<Spanned<String>>,
    pub kind: Spanned<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub keep: Option<Spanned<bool>>,
    #[serde(default)]
    pub case: Option<Spanned<String>>,
    #[serde(default)]
    pub targets: Option<Spanned<RawTargets>>,
}

/// The `targets` mapping in file order, with the position of each language key.
#[derive(Debug, Default)]
pub(crate) struct RawTargets(pub Vec<(Spanned<String>, Spanned<RawTarget>)>);

impl<'de> Deserialize<'de> for RawTargets {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawTargets;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a mapping from language tag to target entry")
            }
            fn visit_unit<E: de::Error>(self) -> Result<RawTargets, E> {
                Ok(RawTargets::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawTargets, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    out.push(entry);
                }
                Ok(RawTargets(out))
            }
        }
        d.deserialize_map(V)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTarget {
    #[serde(default)]
    pub text: Option<Spanned<String>>,
    #[serde(default)]
    pub variants: Vec<Spanned<String>>,
    #[serde(default)]
    pub forbidden: Vec<Spanned<String>>,
    pub status: Spanned<String>,
    #[serde(default)]
    pub reviewer: Option<Spanned<String>>,
    #[serde(default)]
    pub updated: Option<Spanned<String>>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub comments: Option<Spanned<Vec<Spanned<RawComment>>>>,
}

/// A reviewer's comment on an entry (`glossary apply` records the sheet's `comment` column).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawComment {
    pub reviewer: Spanned<String>,
    pub date: Spanned<String>,
    pub text: Spanned<String>,
}

impl RawTarget {
    pub(crate) fn comments(&self) -> &[Spanned<RawComment>] {
        self.comments
            .as_ref()
            .map(|c| c.value.as_slice())
            .unwrap_or(&[])
    }
}

impl RawGlossary {
    pub(crate) fn terms(&self) -> &[Spanned<RawTerm>] {
        self.terms
            .as_ref()
            .map(|t| t.value.as_slice())
            .unwrap_or(&[])
    }
}

impl RawTerm {
    pub(crate) fn targets(&self) -> &[(Spanned<String>, Spanned<RawTarget>)] {
        self.targets
            .as_ref()
            .map(|t| t.value.0.as_slice())
            .unwrap_or(&[])
    }
}

pub(crate) fn pos_of<T>(s: &Spanned<T>) -> Pos {
    let (line, column) = yaml::line_col(s);
    Pos { line, column }
}

/// True when `version` is one this build reads (used by lint).
pub(crate) fn version_supported(v: u32) -> bool {
    v == SCHEMA_VERSION
}
