//! Fuzzes the vtt reader: it must never panic, every writer must accept what it produced, and an
//! untouched parse written back in vtt must reproduce the input exactly (the lossless contract).
#![no_main]

use libfuzzer_sys::fuzz_target;
use subloc::model::Format;

fuzz_target!(|data: &[u8]| {
    let text = match std::str::from_utf8(data) {
        Ok(s) => s.to_string(),
        // Not text: still must not panic, but there is no identity to check.
        Err(_) => {
            let loaded =
                subloc::format::parse(String::from_utf8_lossy(data).into_owned(), Format::Vtt);
            let _ = subloc::format::write(&loaded.track, Format::Vtt);
            return;
        }
    };
    let loaded = subloc::format::parse(text.clone(), Format::Vtt);
    for to in [Format::Srt, Format::Vtt, Format::Ass, Format::Ttml] {
        let _ = subloc::format::write(&loaded.track, to);
    }
    let (again, _) = subloc::format::write(&loaded.track, Format::Vtt);
    assert!(
        again == text,
        "vtt round trip differs:\ninput  {text:?}\noutput {again:?}"
    );
});
