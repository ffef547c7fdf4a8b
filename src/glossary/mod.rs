//! The series glossary (`glossary.yaml`): schema and loading, matching, scanning, compliance,
//! partner review and export.
//!
//! Reading: `load` (errors only) or `lint_text` (errors and warnings, for `glossary lint`).
//! Matching: `matcher` (normalised, word-bounded, leftmost-longest). The glossary is then used
//! three ways: verify translations (`compliance`), scan episodes for occurrences and
//! candidate terms (`scan`), and the partner review round trip (`review` writes the sheet,
//! `apply` merges decisions back by editing the YAML text in place), plus exchange with CAT tools
//! and MT glossaries (`export`, `import`; the TBX file format itself is `interchange::tbx`).

pub mod apply;
pub mod compliance;
mod csv;
pub mod export;
pub mod import;
pub mod lint;
pub mod load;
pub mod matcher;
mod raw;
pub mod review;
pub mod scan;
pub mod schema;
mod yamledit;

pub use csv::CsvError;
pub use load::{lint_text, load};
pub use schema::{CasePolicy, Glossary, Kind, Pos, Series, Status, Target, Term};
