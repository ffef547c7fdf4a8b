//! `subloc platforms [ID] [--lang L]`: calls [`subloc::cmd::platforms`] with the project's
//! profiles and renders the list or the one profile's limits as a human table or JSON.

use std::path::Path;

use serde::Serialize;
use subloc::cmd::platforms::{self as uc, Platforms, ProfileDetail, ProfileRow};

use super::{AppError, Context, ExitStatus, Output, Paint, paint};
use crate::cli::{PlatformsArgs, TextFormat};

pub fn run(
    args: &PlatformsArgs,
    config: Option<&Path>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let settings = super::settings(config)?;
    let found = uc::platforms(&settings.profiles, args.id.as_deref(), args.lang.as_deref())?;
    let text = match (found, args.format) {
        (Platforms::List(rows), TextFormat::Json) => json(&rows),
        (Platforms::Detail(d), TextFormat::Json) => json(&d),
        (Platforms::List(rows), TextFormat::Human) => list(&rows, ctx),
        (Platforms::Detail(d), TextFormat::Human) => detail(&d, ctx),
    };
    out.out(&text).map_err(AppError::Stdout)?;
    Ok(ExitStatus::Success)
}

fn list(rows: &[ProfileRow], ctx: &Context<'_>) -> String {
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
    let rendered = super::table(&cells);
    let (head, body) = rendered.split_once('\n').unwrap_or((rendered.as_str(), ""));
    let mut text = format!("{}\n{body}", paint(head, Paint::Bold, ctx.color_out));
    text.push('\n');
    text.push_str(&loc.msg("platforms-list-hint", &[("count", super::num(rows.len()))]));
    text.push('\n');
    text
}

fn detail(d: &ProfileDetail, ctx: &Context<'_>) -> String {
    let loc = ctx.loc;
    let color = ctx.color_out;
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
    text.push_str(&super::table(&cells));
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

fn json<T: Serialize + ?Sized>(value: &T) -> String {
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
