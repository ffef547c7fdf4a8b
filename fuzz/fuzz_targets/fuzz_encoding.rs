//! Fuzzes decoding and whole-file reading: never panic, and when the bytes decode losslessly
//! (re-encoding the text gives the same bytes) an untouched track written back in its own format
//! and encoding must reproduce the file byte for byte.
#![no_main]

use libfuzzer_sys::fuzz_target;
use subloc::format::{self, ReadOptions, WriteOptions, encoding};
use subloc::model::{Bom, Format};

fuzz_target!(|data: &[u8]| {
    let decoded = encoding::decode(data, None);
    let lossless = {
        let (bytes, diags) =
            encoding::encode(&decoded.text, decoded.encoding, decoded.bom != Bom::None);
        diags.is_empty() && bytes == data && decoded.name == decoded.encoding.name()
    };
    let Ok(loaded) = format::read_bytes(data.to_vec(), None, &ReadOptions::default()) else {
        return;
    };
    let format = loaded.track.format.unwrap_or(Format::Srt);
    for to in [Format::Srt, Format::Vtt, Format::Ass, Format::Ttml] {
        let _ = format::write_bytes(&loaded.track, to, &WriteOptions::default());
    }
    if lossless && format != Format::Ttml {
        let opts = WriteOptions {
            encoding: Some(decoded.encoding),
            ..WriteOptions::default()
        };
        let (out, _) = format::write_bytes(&loaded.track, format, &opts);
        assert!(
            out == data,
            "{format:?} in {} not byte-identical:\ninput  {data:?}\noutput {out:?}",
            decoded.name
        );
    }
});
