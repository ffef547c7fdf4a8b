//! Integration tests: one test binary (see `[[test]]` in Cargo.toml) that drives the `subloc`
//! executable. Modules are grouped by command; `cli_support` holds the shared helpers.

mod backend_deepl;
mod backend_google;
mod backend_libretranslate;
mod backend_openai;
mod backend_support;
mod backend_xliff;
mod cli_browser;
mod cli_check;
mod cli_convert;
mod cli_fidelity;
mod cli_fix;
mod cli_glossary;
mod cli_info;
mod cli_inputs;
mod cli_memory;
mod cli_misc;
mod cli_platforms;
mod cli_preview;
mod cli_snapshots;
mod cli_support;
mod cli_translate;
mod cli_video;
mod cli_xliff;
mod consistency;
mod faults;
mod hostile;
mod layout;
mod memory_pay_once;
mod roundtrip_props;
mod secrets;
mod translate_engine;
mod translate_scheduler;
mod xml_door;
