//! `subloc platforms [ID] [--lang L]`: which platform profiles exist, and what one of them requires
//! for one language — every resolved limit with its value, how sure the number is (status), where
//! it comes from (source key of `docs/platforms.md`) and which profile or language entry set it.
//!
//! Profiles are the built-in ones with the project's `subloc.yaml` `profiles:` layered on top, so
//! this command is also how a team checks its own overrides. `--format json` gives the same data
//! for scripts (never localized).

use std::path::Path;

use serde::Serialize;
use subloc::platform::{Audience, LimitEntry, Profiles};

use super::{AppError, Context, ExitStatus, Output, Paint, lang_arg, paint};
use crate::cli::{PlatformsArgs, TextFormat};

/// A row of the profile list.
#[derive(Debug, Serialize)]
struct ProfileRow {
    id: String,
    name: String,
    /// Language tags the profile (or an ancestor) has its own entries for.
    languages: Vec<String>,
    max_lines: Option<String>,
    max_chars_per_line: Option<String>,
    max_cps: Option<String>,
    min_duration: Option<String>,
    max_duration: Option<String>,
    min_gap: Option<String>,
}

/// `platforms ID --format json`.
#[derive(Debug, Serialize)]
struct ProfileDetail {
    id: String,
    name: String,
    /// The language resolved for (`und` without `--lang`).
    lang: String,
    /// Language entries that applied, least specific first (`generic/fa`, `netflix/fa`).
    matched: Vec<String>,
    notes: Vec<String>,
    /// Severity the profile sets for some rules.
    severity: std::collections::BTreeMap<String, subloc::diag::Severity>,
    limits: Vec<LimitEntry>,
}

pub fn run(
    args: &PlatformsArgs,
    config: Option<&Path>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let settings = super::settings(config)?;
    let profiles = &settings.profiles;
    let text = match &args.id {
        None => list(profiles, args.format, ctx),
        Some(id) => {
            let lang = args.lang.as_deref().map(lang_arg).transpose()?;
            detail(profiles, id, lang.as_deref(), args.format, ctx)?
        }
    };
    out.out(&text).map_err(AppError::Stdout)?;
    Ok(ExitStatus::Success)
}

fn value(entries: &[LimitEntry], key: &str) -> Option<String> {
    entries
        .iter()
        .find(|e| e.key == key)
        .and_then(|e| e.value.clone())
}

fn rows(profiles: &Profiles) -> Vec<ProfileRow> {
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
    while let Some(c) =
        cur.filter(|c| c != subloc::platform::profiles::GENERIC && !seen.contains(c))
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

fn list(profiles: &Profiles, format: TextFormat, ctx: &Context<'_>) -> String {
    let rows = rows(profiles);
    if format == TextFormat::Json {
        return json(&rows);
    }
    let loc = ctx.loc;
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
    for r in &rows {
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
    let rendered = super::table(&cells);
    let (head, body) = rendered.split_once('\n').unwrap_or((rendered.as_str(), ""));
    let mut text = format!("{}\n{body}", paint(head, Paint::Bold, ctx.color_out));
    text.push('\n');
    text.push_str(&loc.msg("platforms-list-hint", &[("count", super::num(rows.len()))]));
    text.push('\n');
    text
}

fn detail(
    profiles: &Profiles,
    id: &str,
    lang: Option<&str>,
    format: TextFormat,
    ctx: &Context<'_>,
) -> Result<String, AppError> {
    let profile = profiles.get(id).map_err(AppError::Profile)?;
    let tag = lang.and_then(|l| subloc::platform::lang::parse_tag(l).ok());
    let limits = profile.resolve_for(tag.as_ref(), Audience::Adult);
    let entries = limits.entries();
    if format == TextFormat::Json {
        let d = ProfileDetail {
            id: profile.id().to_string(),
            name: profile.name().to_string(),
            lang: limits.lang.clone(),
            matched: limits.matched.clone(),
            notes: limits.notes.clone(),
            severity: limits.severity.clone(),
            limits: entries,
        };
        return Ok(json(&d));
    }
    let loc = ctx.loc;
    let color = ctx.color_out;
    let mut text = String::new();
    text.push_str(&paint(
        &format!("{} — {}", profile.id(), profile.name()),
        Paint::Bold,
        color,
    ));
    text.push('\n');
    let matched = if limits.matched.is_empty() {
        loc.text("value-none")
    } else {
        limits.matched.join(", ")
    };
    text.push_str(&match lang {
        Some(l) => loc.msg(
            "platforms-resolved-for",
            &[("lang", l.to_string().into()), ("matched", matched.into())],
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
    for e in &entries {
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
    text.push_str(&super::table(&cells));
    if !limits.severity.is_empty() {
        text.push('\n');
        let list: Vec<String> = limits
            .severity
            .iter()
            .map(|(rule, s)| format!("{rule}={}", s.name()))
            .collect();
        text.push_str(&loc.msg("platforms-severity", &[("rules", list.join(", ").into())]));
        text.push('\n');
    }
    for n in &limits.notes {
        text.push_str(&format!("· {n}\n"));
    }
    text.push('\n');
    text.push_str(&loc.text("platforms-status-legend"));
    text.push('\n');
    Ok(text)
}

fn json<T: Serialize>(value: &T) -> String {
    // Plain owned data always serializes; an empty object is the safe degenerate case.
    let mut s = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn table_pads_by_display_width() {
        let t = crate::app::table(&[
            vec!["a".into(), "b".into()],
            vec!["琉璃".into(), "c".into()],
        ]);
        assert_eq!(t, "a     b\n琉璃  c\n");
    }
}
