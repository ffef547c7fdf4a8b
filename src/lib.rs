//! subloc: localize subtitles for international distribution.
//!
//! The library never prints; the binary (`src/main.rs`) renders what it returns.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod check;
pub mod cmd;
pub mod config;
pub mod date;
pub mod deliver;
pub mod diag;
pub mod format;
pub mod glossary;
pub mod i18n;
pub mod input;
pub mod interchange;
pub mod model;
pub mod pipeline;
pub mod platform;
pub mod report;
pub mod translate;
pub mod typeset;
pub mod video;
pub mod xml;
pub mod yaml;
