//! Platform profiles: each platform's delivery rules as embedded data with the source of every number.
//!
//! `profiles` holds the registry (built-in YAML plus a project's overrides, inheritance,
//! language-tag fallback), `limits` the vocabulary (a value with its source and status), `count`
//! how characters and words are counted, `lang` which language a file is in, `frames` frame-rate
//! arithmetic and `charset` the character repertoires some formats allow. `screen` says whether
//! and where viewers see a cue and `bidi` which letters are right-to-left; `check` and `fit` both
//! ask them, so a fix and the check after it agree.

pub(crate) mod bidi;
pub mod charset;
pub mod count;
pub mod fit;
pub mod frames;
pub mod lang;
pub mod limits;
pub mod profiles;
pub(crate) mod screen;

pub use charset::Charset;
pub use count::CountingMode;
pub use frames::{FpsError, parse_fps};
pub use lang::{FileLang, LangSource};
pub use limits::{
    Audience, Canvas, Delivery, Direction, Evidence, FontFamilies, Insets, Limit, LimitEntry,
    LimitSet, Limits, Span,
};
pub use profiles::{Profile, ProfileDef, ProfileError, Profiles};
