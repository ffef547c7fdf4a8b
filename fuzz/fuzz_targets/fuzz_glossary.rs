//! Fuzzes the glossary loader (`glossary::lint_text`) on arbitrary UTF-8: never panic, and a
//! glossary is returned exactly when no diagnostic is an error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use subloc::diag::Severity;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (glossary, diags) = subloc::glossary::lint_text(text, &["en", "fa"]);
    let has_error = diags.iter().any(|d| d.severity == Severity::Error);
    assert_eq!(glossary.is_some(), !has_error, "{diags:?}");
});
