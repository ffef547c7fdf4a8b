//! `platforms` as a use case: which platform profiles exist (one row each, with the headline
//! limits), or what one profile requires for one language — every resolved limit with its value,
//! status, source and the profile or language entry that set it.
//!
//! The profiles come in resolved (the built-in ones with the project's `subloc.yaml` `profiles:`
//! on top), so this is also how a team checks its own overrides. The row and detail types are
//! the `--format json` interface (never localized); `render_list` and `render_detail` make the
//! human tables.
//!
//! A profile's screen (`docs/vertical.md`) is shown twice in the detail: as rows of the limit
//! table, with status and source like every limit, and in the JSON as structured values
//! (`delivery: ["burned-in"]`, `canvas: {width, height}`, `safe_area: {top, right, bottom, left}`
//! in canvas pixels, `font_size`, `line_spacing`, `fonts: {Arab: …}`) for tools to read.

use std::collections::BTreeMap;

use serde::Serialize;

use super::render::{Paint, paint};
use super::{Error, lang_arg, num};
use crate::diag::Severity;
use crate::i18n::Localizer;
use crate::platform::{Audience, Canvas, Insets, LimitEntry, Limits, Profiles};
use crate::report::text_table as table;

/// A row of the profile list.
#[derive(Debug, Serialize)]
pub struct ProfileRow {
    pub id: String,
    pub name: String,
    /// Language tags the profile (or an ancestor) has its own entries for.
    pub languages: Vec<String>,
    pub max_lines: Option<String>,
    pub max_chars_per_line: Option<String>,
    pub max_cps: Option<String>,
    pub min_duration: Option<String>,
    pub max_duration: Option<String>,
    pub min_gap: Option<String>,
}

/// `platforms ID --format json`.
#[derive(Debug, Serialize)]
pub struct ProfileDetail {
    pub id: String,
    pub name: String,
    /// The language resolved for (`und` without `--lang`).
    pub lang: String,
    /// Language entries that applied, least specific first (`generic/fa`, `netflix/fa`).
    pub matched: Vec<String>,
    pub notes: Vec<String>,
    /// Severity the profile sets for some rules.
    pub severity: BTreeMap<String, Severity>,
    pub limits: Vec<LimitEntry>,
    /// How subtitles reach the viewer (`sidecar`, `app`, `burned-in`); `None` when not stated.
    pub delivery: Option<Vec<String>>,
    /// The picture in pixels; `None` for profiles counted in characters only.
    pub canvas: Option<Canvas>,
    /// Insets from each canvas edge covered by the platform's interface, in canvas pixels.
    pub safe_area: Option<Insets>,
    /// Font size in canvas pixels.
    pub font_size: Option<u32>,
    /// Baseline-to-baseline distance in canvas pixels.
    pub line_spacing: Option<u32>,
    /// Font family per ISO 15924 script code.
    pub fonts: Option<BTreeMap<String, String>>,
    /// `--lang` as given (canonicalized); `None` for the general resolution.
    #[serde(skip)]
    pub requested: Option<String>,
}

/// What `platforms` shows.
#[derive(Debug)]
pub enum PlatformsView {
    List(Vec<ProfileRow>),
    Detail(Box<ProfileDetail>),
}

/// The profile list without `id`, else the profile `id` resolved for `lang` (a tag as typed).
pub fn platforms(
    profiles: &Profiles,
    id: Option<&str>,
    lang: Option<&str>,
) -> Result<PlatformsView, Error> {
    match id {
        None => Ok(PlatformsView::List(rows(profiles))),
        Some(id) => {
            let lang = lang.map(lang_arg).transpose()?;
            detail(profiles, id, lang).map(|d| PlatformsView::Detail(Box::new(d)))
        }
    }
}

fn value(entries: &[LimitEntry], key: &str) -> Option<String> {
    entries
        .iter()
        .find(|e| e.key == key)
        .and_then(|e| e.value.clone())
}

/// One row per profile, its limits resolved for no particular language and an adult audience.
pub fn rows(profiles: &Profiles) -> Vec<ProfileRow> {
    profiles
        .ids()
        .filter_map(|id| profiles.get(id).ok())
        .map(|p| {
            let limits = p.resolve_for(None, Audience::Adult);
            let entries = limits.entries();
            ProfileRow {
                id: p.id().to_string(),
                name: p.name().to_string(),
                languages: platform_languages(profiles, p.id()),
                max_lines: value(&entries, "max_lines"),
                max_chars_per_line: value(&entries, "max_chars_per_line"),
                max_cps: value(&entries, "max_cps"),
                min_duration: value(&entries, "min_duration"),
                max_duration: value(&entries, "max_duration"),
                min_gap: value(&entries, "min_gap"),
            }
        })
        .collect()
}

/// Languages the profile or a parent other than `generic` has its own entries for (every profile
/// inherits generic's industry defaults, which would make the column say the same everywhere).
fn platform_languages(profiles: &Profiles, id: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = Some(id.to_string());
    let mut seen = Vec::new();
    while let Some(c) = cur.filter(|c| c != crate::platform::profiles::GENERIC && !seen.contains(c))
    {
        let Some(def) = profiles.def(&c) else { break };
        out.extend(def.languages.keys().cloned());
        cur = def.inherits.clone();
        seen.push(c);
    }
    out.sort();
    out.dedup();
    out
}

/// Profile `id` resolved for `lang` (canonical; `None`: in general) and an adult audience.
pub fn detail(profiles: &Profiles, id: &str, lang: Option<String>) -> Result<ProfileDetail, Error> {
    let profile = profiles.get(id).map_err(Error::Profile)?;
    let tag = lang
        .as_deref()
        .and_then(|l| crate::platform::lang::parse_tag(l).ok());
    let limits = profile.resolve_for(tag.as_ref(), Audience::Adult);
    Ok(ProfileDetail {
        id: profile.id().to_string(),
        name: profile.name().to_string(),
        lang: limits.lang.clone(),
        matched: limits.matched.clone(),
        notes: limits.notes.clone(),
        severity: limits.severity.clone(),
        limits: limits.entries(),
        delivery: delivery(&limits),
        canvas: limits.canvas.copied(),
        safe_area: limits.safe_area.copied(),
        font_size: limits.font_size.copied(),
        line_spacing: limits.line_spacing.copied(),
        fonts: limits.fonts.get().map(|f| f.0.clone()),
        requested: lang,
    })
}

fn delivery(limits: &Limits) -> Option<Vec<String>> {
    limits
        .delivery
        .get()
        .map(|ds| ds.iter().map(|d| d.name().to_string()).collect())
}

/// The human profile list: a table with a bold header, and a hint.
pub fn render_list(rows: &[ProfileRow], loc: &Localizer, color: bool) -> String {
    let dash = || "—".to_string();
    let mut cells = vec![
        [
            "platforms-col-id",
            "platforms-col-name",
            "platforms-col-lines",
            "platforms-col-chars",
            "platforms-col-cps",
            "platforms-col-duration",
            "platforms-col-gap",
            "platforms-col-languages",
        ]
        .iter()
        .map(|id| loc.text(id))
        .collect::<Vec<_>>(),
    ];
    for r in rows {
        let duration = match (&r.min_duration, &r.max_duration) {
            (None, None) => dash(),
            (a, b) => format!(
                "{}–{}",
                a.clone().unwrap_or_else(dash),
                b.clone().unwrap_or_else(dash)
            ),
        };
        cells.push(vec![
            r.id.clone(),
            r.name.clone(),
            r.max_lines.clone().unwrap_or_else(dash),
            r.max_chars_per_line.clone().unwrap_or_else(dash),
            r.max_cps.clone().unwrap_or_else(dash),
            duration,
            r.min_gap.clone().unwrap_or_else(dash),
            if r.languages.is_empty() {
                dash()
            } else {
                r.languages.join(" ")
            },
        ]);
    }
    let rendered = table(&cells);
    let (head, body) = rendered.split_once('\n').unwrap_or((rendered.as_str(), ""));
    let mut text = format!("{}\n{body}", paint(head, Paint::Bold, color));
    text.push('\n');
    text.push_str(&loc.msg("platforms-list-hint", &[("count", num(rows.len()))]));
    text.push('\n');
    text
}

/// The human detail of one profile: its resolved limits as a table, the severities it sets, its
/// notes and the status legend.
pub fn render_detail(d: &ProfileDetail, loc: &Localizer, color: bool) -> String {
    let mut text = String::new();
    text.push_str(&paint(
        &format!("{} — {}", d.id, d.name),
        Paint::Bold,
        color,
    ));
    text.push('\n');
    let matched = if d.matched.is_empty() {
        loc.text("value-none")
    } else {
        d.matched.join(", ")
    };
    text.push_str(&match &d.requested {
        Some(l) => loc.msg(
            "platforms-resolved-for",
            &[("lang", l.clone().into()), ("matched", matched.into())],
        ),
        None => loc.text("platforms-resolved-general"),
    });
    text.push_str("\n\n");
    let mut cells = vec![
        [
            "platforms-col-limit",
            "platforms-col-value",
            "platforms-col-status",
            "platforms-col-source",
            "platforms-col-set-by",
            "platforms-col-note",
        ]
        .iter()
        .map(|id| loc.text(id))
        .collect::<Vec<_>>(),
    ];
    for e in &d.limits {
        cells.push(vec![
            e.key.to_string(),
            e.value.clone().unwrap_or_else(|| "—".into()),
            e.status.name().to_string(),
            e.source.clone().unwrap_or_else(|| "—".into()),
            if e.origin.is_empty() {
                "—".into()
            } else {
                e.origin.clone()
            },
            e.note.clone().unwrap_or_default(),
        ]);
    }
    text.push_str(&table(&cells));
    if d.canvas.is_some() || d.safe_area.is_some() {
        text.push('\n');
        text.push_str(&loc.text("platforms-screen-legend"));
        text.push('\n');
    }
    if !d.severity.is_empty() {
        text.push('\n');
        let list: Vec<String> = d
            .severity
            .iter()
            .map(|(rule, s)| format!("{rule}={}", s.name()))
            .collect();
        text.push_str(&loc.msg("platforms-severity", &[("rules", list.join(", ").into())]));
        text.push('\n');
    }
    for n in &d.notes {
        text.push_str(&format!("· {n}\n"));
    }
    text.push('\n');
    text.push_str(&loc.text("platforms-status-legend"));
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_and_detail_come_from_the_profiles() {
        let profiles = Profiles::builtin().unwrap();
        let PlatformsView::List(rows) = platforms(&profiles, None, None).unwrap() else {
            panic!("a list without an id");
        };
        assert!(rows.iter().any(|r| r.id == "netflix"), "{rows:?}");
        let generic = rows.iter().find(|r| r.id == "generic").unwrap();
        assert!(generic.languages.is_empty(), "{generic:?}");
        let PlatformsView::Detail(d) = platforms(&profiles, Some("netflix"), Some("fa")).unwrap()
        else {
            panic!("a detail with an id");
        };
        assert_eq!(d.requested.as_deref(), Some("fa"));
        assert!(
            d.matched.iter().any(|m| m.ends_with("/fa")),
            "{:?}",
            d.matched
        );
        let json = serde_json::to_value(&d).unwrap();
        assert!(json.get("requested").is_none());
        assert!(json["canvas"].is_null(), "{json}");
        let PlatformsView::Detail(d) = platforms(&profiles, Some("instagram_reels"), None).unwrap()
        else {
            panic!("a detail with an id");
        };
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["delivery"], serde_json::json!(["burned-in"]));
        assert_eq!(
            json["canvas"],
            serde_json::json!({"width": 1080, "height": 1920})
        );
        assert_eq!(json["safe_area"]["bottom"], 450);
        let loc = Localizer::new(Some("en-US"));
        let text = render_detail(&d, &loc, false);
        assert!(text.contains("safe_area"), "{text}");
        assert!(text.contains("reels-captions"), "{text}");
        assert!(
            text.contains(&loc.text("platforms-screen-legend")),
            "{text}"
        );
        assert!(matches!(
            platforms(&profiles, Some("nope"), None),
            Err(Error::Profile(_))
        ));
        assert!(matches!(
            platforms(&profiles, Some("netflix"), Some("??")),
            Err(Error::Message {
                id: "error-bad-lang",
                ..
            })
        ));
    }

    #[test]
    fn table_pads_by_display_width() {
        let t = table(&[
            vec!["a".into(), "b".into()],
            vec!["琉璃".into(), "c".into()],
        ]);
        assert_eq!(t, "a     b\n琉璃  c\n");
    }
}
