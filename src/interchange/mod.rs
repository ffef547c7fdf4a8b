//! File interchange formats, apart from the engines that produce what they carry: XLIFF 2.1 for
//! human translators (`xliff`), TMX 1.4 for the translation memory (`tmx`) and TBX-Basic for the
//! glossary (`tbx`). Each reads and writes XML only through the XML door (`crate::xml`).
//!
//! Dependencies point one way: these modules use the translation engine's segment, memory and
//! backend types and the glossary's schema and merge, and neither `translate` nor `glossary`
//! needs anything from here.

pub mod tbx;
pub mod tmx;
pub mod xliff;
