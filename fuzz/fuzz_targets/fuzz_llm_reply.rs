//! Fuzzes the OpenAI-compatible reply parser (the message content of a chat completion) with a
//! fixed two-segment request: never panic, and every translation it returns is non-blank.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use subloc::translate::openai::parse_reply_for_fuzzing;
use subloc::translate::{BatchRequest, Segment, SegmentContext};

static REQUESTS: LazyLock<[BatchRequest; 2]> = LazyLock::new(|| {
    let seg = |id: &str, text: &str| Segment {
        id: id.into(),
        text: text.into(),
        context: SegmentContext::default(),
    };
    let two = BatchRequest {
        source_lang: "zh-Hans".into(),
        target_lang: "fa".into(),
        segments: vec![seg("ep1#1", "你好"), seg("ep1#2", "再见")],
        synopsis: None,
        glossary_id: None,
    };
    // One segment asked takes the single-string path (`{"translation": "…"}`).
    let mut one = two.clone();
    one.segments.truncate(1);
    [two, one]
});

fuzz_target!(|data: &[u8]| {
    let Ok(content) = std::str::from_utf8(data) else {
        return;
    };
    for req in REQUESTS.iter() {
        if let Ok(pairs) = parse_reply_for_fuzzing(content, req) {
            for (id, text) in &pairs {
                assert!(!text.trim().is_empty(), "blank translation for {id:?}");
            }
        }
    }
});
