//! Fuzzes the srt reader: it must never panic, every writer must accept what it produced, and an
//! untouched parse written back in srt must reproduce the input exactly (the lossless contract),
//! and the reader's fast path must build the same track and diagnostics as the general reader
//! alone (`subloc::format::srt::fast_path_differs`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use subloc::model::Format;

fuzz_target!(|data: &[u8]| {
    let text = match std::str::from_utf8(data) {
        Ok(s) => s.to_string(),
        // Not text: still must not panic, but there is no identity to check.
        Err(_) => {
            let loaded =
                subloc::format::parse(String::from_utf8_lossy(data).into_owned(), Format::Srt);
            let _ = subloc::format::write(&loaded.track, Format::Srt);
            return;
        }
    };
    let loaded = subloc::format::parse(text.clone(), Format::Srt);
    if let Some(why) = subloc::format::srt::fast_path_differs(&text) {
        panic!("fast and general SRT readers differ on {text:?}: {why}");
    }
    for to in [Format::Srt, Format::Vtt, Format::Ass, Format::Ttml] {
        let _ = subloc::format::write(&loaded.track, to);
    }
    let (again, _) = subloc::format::write(&loaded.track, Format::Srt);
    assert!(
        again == text,
        "srt round trip differs:\ninput  {text:?}\noutput {again:?}"
    );
});
