//! Integration tests: one test binary (see `[[test]]` in Cargo.toml) that drives the `subloc`
//! executable. Modules are grouped by command; `cli_support` holds the shared helpers.

mod cli_convert;
mod cli_glossary;
mod cli_info;
mod cli_inputs;
mod cli_misc;
mod cli_support;
mod roundtrip_props;
mod translate_engine;
mod translate_scheduler;
