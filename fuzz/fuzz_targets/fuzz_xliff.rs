//! Fuzzes the XLIFF importers with a few fixed expected segments: never panic; `import_partial`
//! only returns expected ids, in their order; `import` succeeds exactly when `import_partial`
//! reports no problem, with the same translations.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use subloc::interchange::xliff::{import, import_partial};
use subloc::translate::{Segment, SegmentContext};

static EXPECTED: LazyLock<Vec<Segment>> = LazyLock::new(|| {
    let seg = |id: &str, text: &str| Segment {
        id: id.into(),
        text: text.into(),
        context: SegmentContext::default(),
    };
    vec![
        seg("ep01#1", "你好"),
        seg("ep01#2", "<g id=\"1\">星舰</g>出发了"),
        seg("ep01#3", "第一行<x id=\"1\"/>第二行"),
        seg("ep01#4", "a &lt; b &amp; c"),
    ]
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (ok, problems) = import_partial(text, &EXPECTED, "fa");
    let mut expected_ids = EXPECTED.iter().map(|s| s.id.as_str());
    for (id, _) in &ok {
        // Each returned id is an expected one, in the expected order (a subsequence).
        assert!(
            expected_ids.any(|e| e == id),
            "unexpected or out-of-order id {id:?}"
        );
    }
    match import(text, &EXPECTED, "fa") {
        Ok(strict) => {
            assert!(problems.is_empty());
            assert_eq!(strict, ok);
        }
        Err(strict_problems) => assert!(!strict_problems.is_empty()),
    }
});
