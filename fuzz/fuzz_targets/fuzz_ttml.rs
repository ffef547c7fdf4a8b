//! Fuzzes the TTML reader: it must never panic, every writer must accept what it produced, and
//! what subloc's TTML writer makes of the track must read back to the same cues (count and times):
//! the reader understands everything the writer says.
#![no_main]

use libfuzzer_sys::fuzz_target;
use subloc::model::{CueKind, Format};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let loaded = subloc::format::parse(text, Format::Ttml);
    for to in [Format::Srt, Format::Vtt, Format::Ass, Format::Sbv] {
        let _ = subloc::format::write(&loaded.track, to);
    }
    let (xml, _) = subloc::format::write(&loaded.track, Format::Ttml);
    let back = subloc::format::parse(xml.clone(), Format::Ttml);
    let want: Vec<_> = loaded
        .track
        .cues
        .iter()
        .filter(|c| c.kind() != CueKind::Comment)
        .map(|c| (c.start.0.max(0), c.end.0.max(0)))
        .collect();
    let got: Vec<_> = back.track.cues.iter().map(|c| (c.start.0, c.end.0)).collect();
    assert!(want == got, "TTML written by subloc reads back differently:\n{xml}");
});
