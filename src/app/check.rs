//! `subloc check` (being wired to the platform library).

use std::path::Path;

use super::{AppError, Context, ExitStatus, Output};
use crate::cli::CheckArgs;

pub fn run(
    _args: &CheckArgs,
    _config: Option<&Path>,
    _ctx: &Context<'_>,
    _out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    Err(AppError::usage("error-not-ready", &[]))
}
