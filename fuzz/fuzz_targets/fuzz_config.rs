//! Fuzzes the configuration loaders: `config::parse` (the text of `subloc.yaml`) and
//! `Profiles::with_overrides` (a profiles document over the built-in ones). Never panic; a
//! parsed configuration's `profiles:` map goes through the same validation as `config` does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use subloc::platform::Profiles;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(cfg) = subloc::config::parse(text)
        && let Ok(builtin) = Profiles::builtin()
    {
        let _ = builtin.overridden(cfg.profiles);
    }
    let _ = Profiles::with_overrides(text);
});
