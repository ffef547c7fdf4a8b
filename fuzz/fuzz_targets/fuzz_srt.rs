//! Fuzzes the srt reader: it must never panic, every writer must accept what it produced, and an
//! untouched parse written back in srt must reproduce the input exactly (the lossless contract),
//! and the reader's fast path must build the same track and diagnostics as the general reader
//! alone (`subloc::format::srt::parse_general`).
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
    let (fast, fast_diags) = subloc::format::srt::parse(text.clone());
    let (general, general_diags) = subloc::format::srt::parse_general(text.clone());
    // Fingerprints name the source each parse read (`Text::fingerprint_into`): compare the cues
    // without them, and that each is pristine.
    let comparable = |t: &subloc::model::Track| {
        t.cues
            .iter()
            .map(|c| {
                let mut c2 = c.clone();
                if let Some(o) = c2.origin.as_mut() {
                    o.fingerprint = 0;
                }
                (c2, c.is_pristine())
            })
            .collect::<Vec<_>>()
    };
    assert!(
        comparable(&fast) == comparable(&general)
            && fast.preamble == general.preamble
            && fast_diags == general_diags,
        "fast and general SRT readers differ on {text:?}"
    );
    for to in [Format::Srt, Format::Vtt, Format::Ass, Format::Ttml] {
        let _ = subloc::format::write(&loaded.track, to);
    }
    let (again, _) = subloc::format::write(&loaded.track, Format::Srt);
    assert!(
        again == text,
        "srt round trip differs:\ninput  {text:?}\noutput {again:?}"
    );
});
