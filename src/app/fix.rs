//! `subloc fix` (being wired to the platform library).

use std::path::Path;

use super::{AppError, Context, ExitStatus, Output};
use crate::cli::FixArgs;

pub fn run(
    _args: &FixArgs,
    _config: Option<&Path>,
    _ctx: &Context<'_>,
    _out: &mut dyn Output,
) -> Result<ExitStatus, AppError> {
    Err(AppError::usage("error-not-ready", &[]))
}
