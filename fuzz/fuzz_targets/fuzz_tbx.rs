//! Fuzzes `interchange::tbx::import_tbx` with the sample glossary and an arbitrary TBX file:
//! never panic, and a successful merge always yields a glossary that loads.
#![no_main]

use libfuzzer_sys::fuzz_target;
use subloc::interchange::tbx::import_tbx;

const GLOSSARY: &str = include_str!("../../glossary.yaml");

fuzz_target!(|data: &[u8]| {
    let Ok(tbx) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(outcome) = import_tbx(GLOSSARY, tbx, "2026-01-01")
        && let Err(errors) = subloc::glossary::load(&outcome.new_yaml)
    {
        panic!(
            "import_tbx produced a glossary that does not load: {errors:?}\n{}",
            outcome.new_yaml
        );
    }
});
