//! `subloc platforms [ID] [--lang L]`: flags → settings → [`subloc::cmd::platforms`] over the
//! project's profiles → shows the list or the one profile's limits as a human table or JSON.

use std::path::Path;

use serde::Serialize;
use subloc::cmd::platforms::{self as uc, PlatformsView};
use subloc::cmd::{Flags, Settings};

use super::{AppError, Context, ExitStatus, Output};
use crate::cli::{PlatformsArgs, TextFormat};

pub fn run(
    args: &PlatformsArgs,
    config: Option<&Path>,
    ctx: &Context<'_>,
    out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    let settings = Settings::resolve(&Flags {
        config,
        ..Flags::default()
    })?;
    let found = uc::platforms(
        settings.profiles(),
        args.id.as_deref(),
        args.lang.as_deref(),
    )?;
    let (loc, color) = (ctx.loc, ctx.color_out);
    let text = match (found, args.format) {
        (PlatformsView::List(rows), TextFormat::Json) => json(&rows),
        (PlatformsView::Detail(d), TextFormat::Json) => json(&d),
        (PlatformsView::List(rows), TextFormat::Human) => uc::render_list(&rows, loc, color),
        (PlatformsView::Detail(d), TextFormat::Human) => uc::render_detail(&d, loc, color),
    };
    out.out(&text).map_err(AppError::Stdout)?;
    Ok(ExitStatus::Success)
}

fn json<T: Serialize + ?Sized>(value: &T) -> String {
    // Plain owned data always serializes; an empty object is the safe degenerate case.
    let mut s = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}
