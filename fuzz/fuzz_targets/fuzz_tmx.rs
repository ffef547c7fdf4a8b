//! Fuzzes `interchange::tmx::import_tmx` into a fresh in-memory translation memory: never panic,
//! and the report's counts stay consistent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use subloc::interchange::tmx::{ImportIdentity, import_tmx};
use subloc::translate::memory::SqliteMemory;

fuzz_target!(|data: &[u8]| {
    let Ok(xml) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(store) = SqliteMemory::open_in_memory() else {
        return;
    };
    if let Ok(report) = import_tmx(xml, &store, &ImportIdentity::default()) {
        assert!(report.skipped <= report.units, "{report:?}");
    }
});
