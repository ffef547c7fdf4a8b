//! Fuzzes the SBV reader: it must never panic, every writer must accept what it produced, and an
//! untouched parse written back as SBV must reproduce the input exactly (the lossless contract).
#![no_main]

use libfuzzer_sys::fuzz_target;
use subloc::model::Format;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let loaded = subloc::format::parse(text.clone(), Format::Sbv);
    for to in [Format::Srt, Format::Vtt, Format::Ass, Format::Ttml] {
        let _ = subloc::format::write(&loaded.track, to);
    }
    let (again, _) = subloc::format::write(&loaded.track, Format::Sbv);
    assert!(
        again == text,
        "sbv round trip differs:\ninput  {text:?}\noutput {again:?}"
    );
});
