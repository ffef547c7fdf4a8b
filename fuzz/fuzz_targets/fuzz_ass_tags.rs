//! Fuzzes ASS override-block parsing: never panic, keep the raw text, and the effects rendered
//! back as a block must parse to the same effects.
#![no_main]

use libfuzzer_sys::fuzz_target;
use subloc::format::ass_tags::{parse_block, render_effects};

fuzz_target!(|data: &[u8]| {
    let Ok(inner) = std::str::from_utf8(data) else {
        return;
    };
    // Blocks never contain `}` (it ends them); test the shape the ASS reader hands over.
    let inner: String = inner.chars().filter(|&c| c != '}').collect();
    for raw in [format!("{{{inner}}}"), inner.clone()] {
        let tag = parse_block(&raw);
        assert_eq!(tag.raw, raw);
        let (rendered, unexpressed) = render_effects(&tag.effects);
        let expressed: Vec<_> = tag
            .effects
            .iter()
            .filter(|e| !unexpressed.contains(e))
            .cloned()
            .collect();
        let back = parse_block(&rendered);
        assert_eq!(
            back.effects, expressed,
            "render/parse differs for {raw:?} → {rendered:?}"
        );
    }
});
