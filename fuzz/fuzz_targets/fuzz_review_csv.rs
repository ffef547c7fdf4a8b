//! Fuzzes `glossary::apply::apply` with the sample glossary and an arbitrary review CSV: never
//! panic, and a successful merge always yields a glossary that loads.
#![no_main]

use libfuzzer_sys::fuzz_target;
use subloc::glossary::apply::apply;

const GLOSSARY: &str = include_str!("../../glossary.yaml");

fuzz_target!(|data: &[u8]| {
    let Ok(csv) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(outcome) = apply(GLOSSARY, csv, "2026-01-01", None)
        && let Err(errors) = subloc::glossary::load(&outcome.new_yaml)
    {
        panic!(
            "apply produced a glossary that does not load: {errors:?}\n{}",
            outcome.new_yaml
        );
    }
});
