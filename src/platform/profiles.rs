//! The profile registry: built-in profiles embedded from `profiles.yaml`, a project's additions
//! and overrides layered on top, inheritance, and resolution of one profile for one language.
//!
//! Resolution order (later wins), for the chain `generic → … → profile`: for each profile from
//! the root down, first its `limits:`, then its `languages:` entries that match the language,
//! least specific first (`zh`, then `zh-Hans`, then `zh-Hans-CN`). So a child profile's value
//! always beats its parent's, and within one profile a language entry beats the general value.
//! A project that sets `max_chars_per_line` in its own profile therefore gets it for every
//! language, which is what someone writing that line expects.

use std::collections::BTreeMap;

use serde::Deserialize;
use unic_langid::LanguageIdentifier;

use super::lang::parse_tag;
use super::limits::{Audience, LimitSet, Limits};
use crate::diag::{Severity, rules};
use crate::yaml::{self, YamlError};

/// The built-in profile data (sources and statuses from `docs/platforms.md`).
pub const BUILTIN_YAML: &str = include_str!("profiles.yaml");

/// The profile every other one inherits from unless it names another.
pub const GENERIC: &str = "generic";

/// Longest inheritance chain accepted (a longer one is almost certainly a mistake).
const MAX_DEPTH: usize = 32;

/// One profile as written in YAML.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileDef {
    #[serde(default)]
    pub name: Option<String>,
    /// Parent profile id (`generic` when absent).
    #[serde(default)]
    pub inherits: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub limits: LimitSet,
    /// Per-language limits keyed by BCP 47 tag (`zh-Hans`, `ar`, `pt-BR`).
    #[serde(default)]
    pub languages: BTreeMap<String, LimitSet>,
    /// Severity per rule id, for findings against this profile.
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
}

impl ProfileDef {
    /// `over` layered on `self`: scalar fields and limits field by field, languages per tag.
    fn merged(&self, over: &ProfileDef) -> ProfileDef {
        let mut languages = self.languages.clone();
        for (tag, set) in &over.languages {
            let merged = match languages.get(tag) {
                Some(base) => base.merged(set),
                None => set.clone(),
            };
            languages.insert(tag.clone(), merged);
        }
        let mut severity = self.severity.clone();
        severity.extend(over.severity.iter().map(|(k, v)| (k.clone(), *v)));
        ProfileDef {
            name: over.name.clone().or_else(|| self.name.clone()),
            inherits: over.inherits.clone().or_else(|| self.inherits.clone()),
            notes: over.notes.clone().or_else(|| self.notes.clone()),
            limits: self.limits.merged(&over.limits),
            languages,
            severity,
        }
    }
}

/// A profiles document: the built-in file, or the `profiles:` part of a project's `subloc.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfilesDoc {
    #[serde(default)]
    pub schema_version: Option<u32>,
    #[serde(default)]
    pub profiles: BTreeMap<String, ProfileDef>,
}

/// What can be wrong with profile data.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProfileError {
    #[error("profiles: {0}")]
    Yaml(#[from] YamlError),
    #[error("unknown platform profile {id:?}; known: {known}")]
    Unknown { id: String, known: String },
    #[error("profile {profile:?} inherits unknown profile {parent:?}")]
    UnknownParent { profile: String, parent: String },
    #[error("profile {profile:?} inherits from itself (cycle)")]
    Cycle { profile: String },
    #[error("profile {profile:?}: invalid language tag {tag:?}")]
    BadLanguage { profile: String, tag: String },
    #[error("profile {profile:?}: unknown rule {rule:?} in severity")]
    UnknownRule { profile: String, rule: String },
    #[error("profiles: unsupported schema_version {0} (this subloc reads 1)")]
    Schema(u32),
    #[error("profile {profile:?}: the safe area leaves nothing of the {width}×{height} canvas")]
    SafeArea {
        profile: String,
        width: u32,
        height: u32,
    },
}

/// The known profiles, built-in plus project ones, validated.
#[derive(Debug, Clone)]
pub struct Profiles {
    defs: BTreeMap<String, ProfileDef>,
}

impl Profiles {
    /// The built-in profiles. The data is embedded and tested, so this cannot fail at run time
    /// unless the build itself is broken; it still returns an error rather than panicking.
    pub fn builtin() -> Result<Profiles, ProfileError> {
        let doc: ProfilesDoc = yaml::from_str(BUILTIN_YAML)?;
        Profiles::from_doc(BTreeMap::new(), doc)
    }

    /// The built-in profiles with a project's profiles document layered on top: a new id adds a
    /// profile, a known id is overridden field by field (languages per tag).
    pub fn with_overrides(yaml_text: &str) -> Result<Profiles, ProfileError> {
        let doc: ProfilesDoc = yaml::from_str(yaml_text)?;
        Profiles::from_doc(Profiles::builtin()?.defs, doc)
    }

    /// These profiles with `defs` layered on top (for a config loader that has already
    /// deserialized the `profiles:` map of `subloc.yaml`).
    pub fn overridden(self, defs: BTreeMap<String, ProfileDef>) -> Result<Profiles, ProfileError> {
        Profiles::from_doc(
            self.defs,
            ProfilesDoc {
                schema_version: None,
                profiles: defs,
            },
        )
    }

    fn from_doc(
        mut defs: BTreeMap<String, ProfileDef>,
        doc: ProfilesDoc,
    ) -> Result<Profiles, ProfileError> {
        if let Some(v) = doc.schema_version.filter(|&v| v != 1) {
            return Err(ProfileError::Schema(v));
        }
        for (id, def) in doc.profiles {
            let def = canonical_languages(&id, def)?;
            let merged = match defs.get(&id) {
                Some(base) => base.merged(&def),
                None => def,
            };
            defs.insert(id, merged);
        }
        let profiles = Profiles { defs };
        profiles.validate()?;
        Ok(profiles)
    }

    fn validate(&self) -> Result<(), ProfileError> {
        for (id, def) in &self.defs {
            self.chain(id)?;
            if let Some(rule) = def
                .severity
                .keys()
                .find(|r| !rules::ALL.contains(&r.as_str()))
            {
                return Err(ProfileError::UnknownRule {
                    profile: id.clone(),
                    rule: rule.clone(),
                });
            }
            self.check_safe_area(id, def)?;
        }
        Ok(())
    }

    /// The safe area must leave part of the canvas free, profile-wide and for every language the
    /// profile names: canvas and insets may come from different profiles of the chain (an app's
    /// measured insets over `vertical_app`'s canvas), so the check is on the resolved limits.
    fn check_safe_area(&self, id: &str, def: &ProfileDef) -> Result<(), ProfileError> {
        let Ok(profile) = self.get(id) else {
            return Ok(());
        };
        let langs = def.languages.keys().filter_map(|t| t.parse().ok());
        let resolved = std::iter::once(profile.resolve_for(None, Audience::Adult))
            .chain(langs.map(|l: LanguageIdentifier| profile.resolve(&l)));
        for limits in resolved {
            if let (Some(canvas), Some(insets)) =
                (limits.canvas.copied(), limits.safe_area.copied())
                && !insets.fits(canvas)
            {
                return Err(ProfileError::SafeArea {
                    profile: id.to_string(),
                    width: canvas.width,
                    height: canvas.height,
                });
            }
        }
        Ok(())
    }

    /// Profile ids, sorted.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.defs.keys().map(String::as_str)
    }

    /// The raw definition of a profile.
    pub fn def(&self, id: &str) -> Option<&ProfileDef> {
        self.defs.get(id)
    }

    /// A profile by id, or an error listing the known ids.
    pub fn get(&self, id: &str) -> Result<Profile<'_>, ProfileError> {
        match self.defs.get_key_value(id) {
            Some((id, _)) => Ok(Profile { profiles: self, id }),
            None => Err(ProfileError::Unknown {
                id: id.to_string(),
                known: self.ids().collect::<Vec<_>>().join(", "),
            }),
        }
    }

    /// Resolves profile `id` for `lang` (`None` = unknown language: profile-wide limits only).
    pub fn resolve(
        &self,
        id: &str,
        lang: Option<&LanguageIdentifier>,
        audience: Audience,
    ) -> Result<Limits, ProfileError> {
        Ok(self.get(id)?.resolve_for(lang, audience))
    }

    /// Ids from the root to `id`.
    fn chain(&self, id: &str) -> Result<Vec<&str>, ProfileError> {
        let mut chain = Vec::new();
        let mut cur = id;
        loop {
            let Some((key, def)) = self.defs.get_key_value(cur) else {
                return Err(ProfileError::UnknownParent {
                    profile: chain.last().map_or(id, |s: &&str| *s).to_string(),
                    parent: cur.to_string(),
                });
            };
            if chain.contains(&key.as_str()) || chain.len() >= MAX_DEPTH {
                return Err(ProfileError::Cycle {
                    profile: id.to_string(),
                });
            }
            chain.push(key.as_str());
            match (def.inherits.as_deref(), key.as_str()) {
                (Some(parent), _) => cur = parent,
                (None, GENERIC) => break,
                (None, _) => cur = GENERIC,
            }
        }
        chain.reverse();
        Ok(chain)
    }
}

/// Language keys normalized to canonical tags (`zh-hans` → `zh-Hans`), so matching is exact.
fn canonical_languages(id: &str, mut def: ProfileDef) -> Result<ProfileDef, ProfileError> {
    let mut out = BTreeMap::new();
    for (tag, set) in std::mem::take(&mut def.languages) {
        let canon = parse_tag(&tag).map_err(|_| ProfileError::BadLanguage {
            profile: id.to_string(),
            tag: tag.clone(),
        })?;
        out.insert(canon.to_string(), set);
    }
    def.languages = out;
    Ok(def)
}

/// A handle on one profile of a registry.
#[derive(Debug, Clone, Copy)]
pub struct Profile<'a> {
    profiles: &'a Profiles,
    id: &'a str,
}

impl<'a> Profile<'a> {
    pub fn id(&self) -> &'a str {
        self.id
    }

    /// Display name (the id when the profile has none).
    pub fn name(&self) -> &'a str {
        self.profiles
            .defs
            .get(self.id)
            .and_then(|d| d.name.as_deref())
            .unwrap_or(self.id)
    }

    /// The language tags this profile or its ancestors give entries for.
    pub fn languages(&self) -> Vec<&'a str> {
        let mut out: Vec<&str> = self
            .chain()
            .iter()
            .filter_map(|id| self.profiles.defs.get(*id))
            .flat_map(|d| d.languages.keys().map(String::as_str))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    fn chain(&self) -> Vec<&'a str> {
        // Validated when the registry was built, so an error cannot occur here.
        self.profiles.chain(self.id).unwrap_or_default()
    }

    /// Limits for `lang` and adult programmes.
    pub fn resolve(&self, lang: &LanguageIdentifier) -> Limits {
        self.resolve_for(Some(lang), Audience::Adult)
    }

    /// Limits for `lang` (or profile-wide when `None`) and an audience.
    pub fn resolve_for(&self, lang: Option<&LanguageIdentifier>, audience: Audience) -> Limits {
        let keys = lang.map(fallback_tags).unwrap_or_default();
        let mut limits = Limits {
            profile: self.id.to_string(),
            name: self.name().to_string(),
            lang: lang.map_or_else(|| "und".to_string(), ToString::to_string),
            ..Limits::default()
        };
        for id in self.chain() {
            let Some(def) = self.profiles.defs.get(id) else {
                continue;
            };
            limits.apply(&def.limits, id);
            for key in keys.iter().rev() {
                if let Some(set) = def.languages.get(key) {
                    let origin = format!("{id}/{key}");
                    limits.apply(set, &origin);
                    limits.matched.push(origin);
                }
            }
            limits
                .severity
                .extend(def.severity.iter().map(|(k, v)| (k.clone(), *v)));
            if let Some(n) = &def.notes {
                limits.notes.push(n.clone());
            }
        }
        limits.select_audience(audience);
        limits
    }
}

/// Tags to look a language up under, most specific first: `zh-Hans-CN`, `zh-CN`, `zh-Hans`, `zh`.
/// Chinese without a script gets one from its region (TW, HK, MO → Hant, else Hans), so `zh-TW`
/// finds `zh-Hant` entries and `zh` or `zh-CN` find `zh-Hans` ones.
pub fn fallback_tags(lang: &LanguageIdentifier) -> Vec<String> {
    let language = lang.language.as_str().to_string();
    let region = lang.region.as_ref().map(|r| r.as_str().to_string());
    let script = lang
        .script
        .as_ref()
        .map(|s| s.as_str().to_string())
        .or_else(|| {
            (language == "zh").then(|| match region.as_deref() {
                Some("TW" | "HK" | "MO") => "Hant".to_string(),
                _ => "Hans".to_string(),
            })
        });
    let full = lang.to_string();
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: String| {
        if !out.contains(&s) {
            out.push(s);
        }
    };
    push(full);
    match (&script, &region) {
        (Some(s), Some(r)) => {
            push(format!("{language}-{s}-{r}"));
            push(format!("{language}-{r}"));
            push(format!("{language}-{s}"));
        }
        (Some(s), None) => push(format!("{language}-{s}")),
        (None, Some(r)) => push(format!("{language}-{r}")),
        (None, None) => {}
    }
    push(language);
    // Most subtags first; the sort is stable, so `zh-CN` stays ahead of `zh-Hans`.
    out.sort_by_key(|s| std::cmp::Reverse(s.matches('-').count()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::count::CountingMode;
    use crate::platform::limits::{Canvas, Delivery, Direction, Evidence, Insets, Span};

    /// The vertical profiles of docs/vertical.md that inherit `vertical_app`.
    const VERTICAL: &[&str] = &[
        "reelshort",
        "dramabox",
        "shortmax",
        "goodshort",
        "flextv",
        "moboreels",
        "netshort",
        "dramawave",
        "kalos_tv",
        "shorttv",
        "flickreels",
        "my_drama",
        "vigloo",
        "hongguo",
        "kuaishou",
        "youtube_shorts",
        "instagram_reels",
        "facebook_reels",
        "tiktok",
        "douyin",
    ];

    /// The screen fields (docs/vertical.md), by their keys in `Limits::entries`.
    const SCREEN_KEYS: &[&str] = &[
        "delivery",
        "canvas",
        "safe_area",
        "font_size",
        "line_spacing",
        "fonts",
    ];

    fn tag(s: &str) -> LanguageIdentifier {
        parse_tag(s).unwrap()
    }

    fn builtin() -> Profiles {
        Profiles::builtin().unwrap()
    }

    fn resolve(p: &Profiles, id: &str, lang: &str) -> Limits {
        p.get(id).unwrap().resolve(&tag(lang))
    }

    #[test]
    fn builtin_profiles_load_and_cover_the_issue_list() {
        let p = builtin();
        for id in [
            "generic",
            "netflix",
            "youtube",
            "amazon",
            "apple",
            "disney_plus",
            "bbc_online",
            "bbc_broadcast",
            "tiktok",
            "douyin",
            "viki",
            "iqiyi",
            "wetv",
            "facebook",
            "vimeo",
            "filmhub",
            "cea608_scc",
            "ebu_stl",
            "vertical_app",
        ]
        .iter()
        .chain(VERTICAL)
        {
            assert!(p.get(id).is_ok(), "missing profile {id}");
        }
        let e = p.get("hulu").unwrap_err();
        assert!(e.to_string().contains("netflix"), "{e}");
    }

    #[test]
    fn every_number_has_a_status_and_sources_are_kept() {
        let p = builtin();
        for id in p.ids() {
            let l = p.get(id).unwrap().resolve(&tag("en"));
            for e in l.entries() {
                // A value without a status of its own would mean an unsourced number.
                if e.value.is_some() {
                    assert_ne!(e.status, Evidence::NotPublished, "{id}.{}", e.key);
                    assert!(!e.origin.is_empty(), "{id}.{}", e.key);
                }
            }
        }
    }

    #[test]
    fn vertical_profiles_inherit_vertical_app() {
        let p = builtin();
        let base = resolve(&p, "vertical_app", "en");
        assert_eq!(
            base.canvas.copied(),
            Some(Canvas {
                width: 1080,
                height: 1920
            })
        );
        assert_eq!(base.canvas.status, Evidence::Ind);
        assert_eq!(base.safe_area.status, Evidence::Ind);
        assert!(base.safe_area.source.is_some());
        for &id in VERTICAL {
            let chain = p.chain(id).unwrap();
            assert!(chain.contains(&"vertical_app"), "{id}: {chain:?}");
            for lang in ["en", "fa", "zh-Hans", "th"] {
                let l = resolve(&p, id, lang);
                let (Some(canvas), Some(safe)) = (l.canvas.copied(), l.safe_area.copied()) else {
                    panic!("{id}/{lang}: no canvas or safe area");
                };
                assert_eq!((canvas.width, canvas.height), (1080, 1920), "{id}");
                assert!(safe.fits(canvas), "{id}: {safe:?}");
            }
        }
        // An app that publishes nothing has vertical_app's values, set by vertical_app.
        let rs = resolve(&p, "reelshort", "en");
        assert_eq!(rs.safe_area.origin, "vertical_app");
        assert_eq!(rs.safe_area.copied(), base.safe_area.copied());
        assert_eq!(
            rs.delivery.get().map(Vec::as_slice),
            Some(&[Delivery::App, Delivery::BurnedIn][..])
        );
        assert_eq!(rs.formats.get(), None);
        assert_eq!(rs.formats.status, Evidence::NotPublished);
        // Per-language layering reaches the vertical defaults (CJK 12 per line).
        assert_eq!(
            resolve(&p, "dramabox", "zh-Hans")
                .max_chars_per_line
                .copied(),
            Some(12.0)
        );
        // Nothing public for Hongguo and Kuaishou: no delivery, the base's screen.
        for id in ["hongguo", "kuaishou"] {
            let l = resolve(&p, id, "zh-Hans");
            assert_eq!(l.delivery.get(), None, "{id}");
            assert_eq!(l.delivery.status, Evidence::NotPublished, "{id}");
        }
        // TikTok and Douyin gain a screen; TikTok its own figures.
        let tt = resolve(&p, "tiktok", "en");
        assert_eq!(tt.safe_area.origin, "tiktok");
        assert_eq!(
            tt.safe_area.copied(),
            Some(Insets {
                top: 130,
                right: 164,
                bottom: 350,
                left: 0
            })
        );
        assert_eq!(resolve(&p, "douyin", "zh").canvas.origin, "vertical_app");
        assert_eq!(
            resolve(&p, "youtube_shorts", "en")
                .safe_area
                .copied()
                .map(|s| s.bottom),
            Some(480)
        );
        // Profiles without a screen keep none.
        assert_eq!(resolve(&p, "netflix", "en").canvas.get(), None);
    }

    #[test]
    fn reels_and_instagram_are_burned_in_only() {
        let p = builtin();
        for id in ["instagram_reels", "instagram", "facebook_reels"] {
            let l = resolve(&p, id, "en");
            assert_eq!(
                l.delivery.get().map(Vec::as_slice),
                Some(&[Delivery::BurnedIn][..]),
                "{id}"
            );
            assert_eq!(l.delivery.status, Evidence::Ind, "{id}");
            // No sidecar format to write.
            assert_eq!(l.formats.get(), None, "{id}");
        }
        let reels = resolve(&p, "instagram_reels", "en");
        assert_eq!(reels.safe_area.copied().map(|s| s.bottom), Some(450));
        assert_eq!(reels.safe_area.source.as_deref(), Some("reels-captions"));
    }

    #[test]
    fn screen_values_have_a_status_and_a_source() {
        let p = builtin();
        let mut seen = 0;
        for id in p.ids() {
            for lang in ["en", "ar", "zh-Hans", "ja"] {
                let l = resolve(&p, id, lang);
                for e in l.entries().iter().filter(|e| SCREEN_KEYS.contains(&e.key)) {
                    match &e.value {
                        Some(_) => {
                            seen += 1;
                            assert_ne!(e.status, Evidence::NotPublished, "{id}.{}", e.key);
                            assert!(e.source.is_some(), "{id}.{}: no source", e.key);
                        }
                        // NONE carries no number (the loader refuses a NONE leaf with `v`).
                        None => assert_eq!(e.status, Evidence::NotPublished, "{id}.{}", e.key),
                    }
                }
            }
        }
        assert!(seen > 0);
        // Fonts where one is published (Disney+, docs/platforms.md section 6.4).
        let d = resolve(&p, "disney_plus", "ja");
        assert_eq!(
            d.fonts.get().and_then(|f| f.for_script("Jpan")),
            Some("Noto Sans CJK JP")
        );
        assert_eq!(d.fonts.status, Evidence::Doc2);
    }

    #[test]
    fn a_project_measures_an_apps_screen() {
        let yaml = r#"
profiles:
  reelshort:
    limits:
      canvas: {v: {width: 720, height: 1280}, s: DOC, src: client-spec}
      safe_area: {v: {top: 90, right: 100, bottom: 260, left: 20}, s: DOC, src: measured-2026-12}
      font_size: {v: 48, s: DOC, src: client-spec}
      fonts: {v: {Arab: Noto Naskh Arabic, Latn: Inter}, s: DOC, src: client-spec}
    languages:
      fa:
        font_size: {v: 52, s: DOC, src: client-spec, note: "Naskh needs a larger size"}
"#;
        let p = Profiles::with_overrides(yaml).unwrap();
        let en = resolve(&p, "reelshort", "en");
        assert_eq!(
            en.canvas.copied(),
            Some(Canvas {
                width: 720,
                height: 1280
            })
        );
        assert_eq!(en.canvas.origin, "reelshort");
        assert_eq!(en.safe_area.copied().map(|s| s.left), Some(20));
        assert_eq!(en.safe_area.source.as_deref(), Some("measured-2026-12"));
        assert_eq!(en.font_size.copied(), Some(48));
        // Untouched fields still come from vertical_app; the language entry wins for fa.
        assert_eq!(en.delivery.origin, "vertical_app");
        let fa = resolve(&p, "reelshort", "fa");
        assert_eq!(fa.font_size.copied(), Some(52));
        assert_eq!(fa.font_size.origin, "reelshort/fa");
        // Another app keeps the defaults.
        assert_eq!(
            resolve(&p, "dramabox", "en")
                .canvas
                .copied()
                .map(|c| c.width),
            Some(1080)
        );
        // A NONE leaf with a number is refused.
        assert!(matches!(
            Profiles::with_overrides(
                "profiles:\n  x:\n    limits:\n      font_size: {v: 40, s: NONE}\n"
            ),
            Err(ProfileError::Yaml(_))
        ));
    }

    #[test]
    fn netflix_per_language_table() {
        let p = builtin();
        let cases: &[(&str, f64, f64, f64)] = &[
            ("en", 42.0, 20.0, 17.0),
            ("zh-Hans", 16.0, 9.0, 7.0),
            ("zh-Hant", 16.0, 9.0, 7.0),
            ("ja", 13.0, 4.0, 4.0),
            ("ko", 16.0, 12.0, 9.0),
            ("th", 35.0, 17.0, 13.0),
            ("vi", 42.0, 17.0, 13.0),
            ("id", 42.0, 17.0, 13.0),
            ("tr", 42.0, 17.0, 13.0),
            ("hi", 42.0, 22.0, 18.0),
            ("ar", 42.0, 20.0, 17.0),
            ("fa", 42.0, 17.0, 13.0),
            ("fr", 42.0, 17.0, 13.0),
            ("es", 42.0, 17.0, 13.0),
            ("pt-BR", 42.0, 17.0, 13.0),
            ("ru", 42.0, 17.0, 13.0),
            ("de", 42.0, 17.0, 13.0),
            ("it", 42.0, 17.0, 13.0),
        ];
        for &(lang, cpl, adult, children) in cases {
            let l = resolve(&p, "netflix", lang);
            assert_eq!(l.max_chars_per_line.copied(), Some(cpl), "{lang} cpl");
            assert_eq!(l.max_cps.copied(), Some(adult), "{lang} cps");
            let c = p
                .resolve("netflix", Some(&tag(lang)), Audience::Children)
                .unwrap();
            assert_eq!(c.max_cps.copied(), Some(children), "{lang} children cps");
            assert_eq!(c.audience, Audience::Children);
        }
        // Russian: 42 since the TTSG updates of December 2025 (docs/vertical.md).
        let ru = resolve(&p, "netflix", "ru");
        assert_eq!(ru.max_chars_per_line.status, Evidence::Doc2);
        assert_eq!(
            ru.max_chars_per_line.source.as_deref(),
            Some("nf-ttsg-updates")
        );
        // Statuses and sources follow docs/platforms.md.
        let zh = resolve(&p, "netflix", "zh-Hans");
        assert_eq!(zh.max_chars_per_line.status, Evidence::Doc);
        assert_eq!(zh.max_chars_per_line.source.as_deref(), Some("nf-zh-hans"));
        assert_eq!(zh.max_cps.status, Evidence::Doc2);
        assert_eq!(zh.counting.copied(), Some(CountingMode::CjkHalfwidthHalf));
        assert_eq!(zh.italics.copied(), Some(false));
        assert_eq!(zh.italics.status, Evidence::Tool);
        let fa = resolve(&p, "netflix", "fa");
        assert_eq!(fa.max_cps.status, Evidence::Ind);
        assert_eq!(fa.direction.copied(), Some(Direction::Rtl));
        assert_eq!(fa.zwnj.copied(), Some(true));
        let hi = resolve(&p, "netflix", "hi");
        assert_eq!(hi.max_cps.status, Evidence::Tool);
        assert_eq!(hi.max_cps.source.as_deref(), Some("se"));
        // SDH variants.
        let sdh = p
            .resolve("netflix", Some(&tag("ja")), Audience::Sdh)
            .unwrap();
        assert_eq!(sdh.max_cps.copied(), Some(7.0));
        assert_eq!(sdh.max_chars_per_line.copied(), Some(16.0));
        // Timing, in frames where Netflix states frames.
        let en = resolve(&p, "netflix", "en");
        assert_eq!(en.min_gap.copied(), Some(Span::Frames(2)));
        assert_eq!(en.min_duration.copied(), Some(Span::Ms(833)));
        assert_eq!(en.max_duration.copied(), Some(Span::Ms(7000)));
        assert_eq!(en.max_lines.copied(), Some(2));
        assert_eq!(en.max_lines.origin, "netflix");
    }

    #[test]
    fn language_tags_fall_back() {
        let p = builtin();
        // zh-Hans-CN → zh-Hans; zh-CN and bare zh get the Hans entry; zh-TW the Hant one.
        for lang in ["zh-Hans-CN", "zh-CN", "zh", "zh-Hans"] {
            let l = resolve(&p, "netflix", lang);
            assert_eq!(
                l.punct_forbidden.get().map(String::as_str),
                Some("，。,."),
                "{lang}"
            );
            assert_eq!(l.max_chars_per_line.origin, "netflix/zh-Hans", "{lang}");
        }
        for lang in ["zh-TW", "zh-Hant-HK", "zh-HK"] {
            let l = resolve(&p, "netflix", lang);
            assert_eq!(
                l.punct_line_end.get().map(String::as_str),
                Some("、，。"),
                "{lang}"
            );
        }
        // A region falls back to the language; pt-BR has its own entry, pt-PT uses pt.
        assert_eq!(resolve(&p, "netflix", "en-GB").max_cps.copied(), Some(20.0));
        assert_eq!(
            resolve(&p, "netflix", "pt-BR")
                .max_chars_per_line
                .source
                .as_deref(),
            Some("nf-ptbr")
        );
        assert_eq!(
            resolve(&p, "netflix", "pt-PT")
                .max_chars_per_line
                .source
                .as_deref(),
            Some("nf-ptpt")
        );
        // Unlisted language: the profile default.
        let sv = resolve(&p, "netflix", "sv");
        assert_eq!(sv.max_chars_per_line.copied(), Some(42.0));
        assert_eq!(sv.max_chars_per_line.origin, "netflix");
        assert!(sv.matched.is_empty());
        // The matched entries are listed least specific first.
        let l = resolve(&p, "netflix", "ar-EG");
        assert_eq!(
            l.matched,
            vec!["generic/ar".to_string(), "netflix/ar".to_string()]
        );
        assert_eq!(
            fallback_tags(&tag("zh-CN")),
            vec!["zh-Hans-CN", "zh-CN", "zh-Hans", "zh"]
        );
        assert_eq!(fallback_tags(&tag("fa")), vec!["fa"]);
    }

    #[test]
    fn inheritance_and_silent_platforms() {
        let p = builtin();
        // YouTube is silent: industry defaults, marked IND, from generic.
        let yt = resolve(&p, "youtube", "en");
        assert_eq!(yt.max_cps.copied(), Some(17.0));
        assert_eq!(yt.max_cps.status, Evidence::Ind);
        assert_eq!(yt.max_cps.origin, "generic");
        assert_eq!(yt.formats.status, Evidence::Doc);
        assert!(!yt.notes.is_empty());
        // BBC is word-based: no CPS, WPM 180; abutting allowed, a left gap ≥ 1 s.
        let bbc = resolve(&p, "bbc_broadcast", "en");
        assert_eq!(bbc.max_cps.copied(), None);
        assert_eq!(bbc.max_cps.status, Evidence::NotPublished);
        assert_eq!(bbc.max_wpm.copied(), Some(180.0));
        assert_eq!(bbc.min_gap.copied(), Some(Span::Ms(1000)));
        assert_eq!(bbc.gap_may_abut.copied(), Some(true));
        assert_eq!(bbc.italics.copied(), Some(false));
        assert_eq!(bbc.max_wpm.origin, "bbc_online");
        let children = p
            .resolve("bbc_online", Some(&tag("en")), Audience::Children)
            .unwrap();
        assert_eq!(children.max_cps.copied(), None);
        // Filmhub has one reading speed for every audience.
        let fh = p
            .resolve("filmhub", Some(&tag("en")), Audience::Children)
            .unwrap();
        assert_eq!(fh.max_cps.copied(), Some(25.0));
        // A child's profile-wide value beats a parent's language entry (douyin 12 over generic zh 16).
        let dy = resolve(&p, "douyin", "zh-Hans");
        assert_eq!(dy.max_chars_per_line.copied(), Some(12.0));
        assert_eq!(dy.counting.copied(), Some(CountingMode::CjkHalfwidthHalf));
        // Marketing inherits Netflix and demotes reading speed.
        let mk = resolve(&p, "netflix_marketing", "en");
        assert_eq!(mk.max_cps.copied(), Some(20.0));
        assert_eq!(mk.severity.get("reading-speed"), Some(&Severity::Warning));
        // Without a language only profile-wide limits apply.
        let none = p.resolve("netflix", None, Audience::Adult).unwrap();
        assert_eq!(none.lang, "und");
        assert_eq!(none.max_cps.copied(), Some(17.0));
    }

    #[test]
    fn project_overrides_and_new_profiles() {
        let yaml = r#"
profiles:
  netflix:
    languages:
      fa:
        max_cps: {v: 15, s: DOC, src: client-spec}
  studio:
    name: Studio QC
    inherits: netflix
    limits:
      max_chars_per_line: {v: 40, s: DOC, src: studio-guide}
      min_gap: {v: 3f, s: DOC}
    severity:
      punct-ellipsis: error
"#;
        let p = Profiles::with_overrides(yaml).unwrap();
        let fa = resolve(&p, "netflix", "fa");
        assert_eq!(fa.max_cps.copied(), Some(15.0));
        assert_eq!(fa.max_cps.source.as_deref(), Some("client-spec"));
        // Fields the override does not name are kept.
        assert_eq!(fa.max_chars_per_line.copied(), Some(42.0));
        let s = resolve(&p, "studio", "zh-Hans");
        assert_eq!(s.name, "Studio QC");
        assert_eq!(s.max_chars_per_line.copied(), Some(40.0));
        assert_eq!(s.max_chars_per_line.origin, "studio");
        assert_eq!(s.max_cps.copied(), Some(9.0));
        assert_eq!(s.min_gap.copied(), Some(Span::Frames(3)));
        assert_eq!(s.severity.get("punct-ellipsis"), Some(&Severity::Error));
        // The built-ins are unchanged elsewhere.
        assert_eq!(resolve(&p, "netflix", "ar").max_cps.copied(), Some(20.0));
    }

    #[test]
    fn bad_overrides_are_errors() {
        let err = |y: &str| match Profiles::with_overrides(y) {
            Ok(_) => panic!("accepted: {y}"),
            Err(e) => e,
        };
        assert!(matches!(
            err("profiles:\n  x:\n    inherits: nope\n"),
            ProfileError::UnknownParent { .. }
        ));
        assert!(matches!(
            err("profiles:\n  a:\n    inherits: b\n  b:\n    inherits: a\n"),
            ProfileError::Cycle { .. }
        ));
        assert!(matches!(
            err("profiles:\n  x:\n    languages:\n      'not a tag': {}\n"),
            ProfileError::BadLanguage { .. }
        ));
        assert!(matches!(
            err("profiles:\n  x:\n    severity:\n      no-such-rule: error\n"),
            ProfileError::UnknownRule { .. }
        ));
        assert!(matches!(
            err("schema_version: 9\n"),
            ProfileError::Schema(9)
        ));
        // Insets over an inherited canvas, profile-wide and in a language entry.
        assert!(matches!(
            err(
                "profiles:\n  reelshort:\n    limits:\n      safe_area: {v: {top: 1000, right: 0, bottom: 920, left: 0}, s: IND}\n"
            ),
            ProfileError::SafeArea {
                width: 1080,
                height: 1920,
                ..
            }
        ));
        assert!(matches!(
            err(
                "profiles:\n  tiktok:\n    languages:\n      fa:\n        safe_area: {v: {top: 0, right: 600, bottom: 0, left: 480}, s: IND}\n"
            ),
            ProfileError::SafeArea { .. }
        ));
        assert!(
            Profiles::with_overrides(
                "profiles:\n  reelshort:\n    limits:\n      safe_area: {v: {top: 100, right: 100, bottom: 400, left: 0}, s: IND}\n"
            )
            .is_ok(),
            "a measured safe area that leaves room is accepted"
        );
        match err("profiles:\n  x:\n    limits:\n      max_cpl: {v: 3, s: DOC}\n") {
            ProfileError::Yaml(e) => {
                assert_eq!(e.line, 4, "{e}");
                assert!(e.message.contains("max_cpl"), "{e}");
            }
            other => panic!("{other}"),
        }
        assert!(matches!(
            err("profiles:\n  x:\n    limits:\n      max_lines: {v: 2, s: SURE}\n"),
            ProfileError::Yaml(_)
        ));
    }
}
