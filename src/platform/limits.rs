//! The vocabulary of a platform profile: what a limit is (a value with its source and how sure it
//! is), the set of limits a profile or a language entry may give (`LimitSet`, as written in YAML)
//! and the fully resolved set for one profile and language (`Limits`, what checks read).
//!
//! Both structs come from one field list (`limit_fields!`), so adding a limit is one line and
//! the YAML schema, the resolution and the `subloc platforms` listing cannot drift apart.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

use super::charset::Charset;
use super::count::CountingMode;
use super::frames::{self, FpsDisplay};
use crate::diag::Severity;
use crate::model::Fps;

/// How sure a number is: where it was read (the README's design notes, "Profiles and their
/// sources", explain the levels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, Deserialize)]
pub enum Evidence {
    /// Read in the platform's own published page.
    #[serde(rename = "DOC")]
    Doc,
    /// Published by the platform according to a secondary source quoting the page.
    #[serde(rename = "DOC-2")]
    Doc2,
    /// From a widely used QC tool's implementation of the platform's rules.
    #[serde(rename = "TOOL")]
    Tool,
    /// Industry default: the platform publishes nothing on it.
    #[serde(rename = "IND")]
    Ind,
    /// Nothing published: no value, no check.
    #[default]
    #[serde(rename = "NONE")]
    NotPublished,
}

impl Evidence {
    pub fn name(self) -> &'static str {
        match self {
            Evidence::Doc => "DOC",
            Evidence::Doc2 => "DOC-2",
            Evidence::Tool => "TOOL",
            Evidence::Ind => "IND",
            Evidence::NotPublished => "NONE",
        }
    }
}

/// One YAML leaf: `{v: value, s: STATUS, src: source-key, note: "…"}`. A leaf without `v`
/// (or `v: null`) states that there is no such rule, and switches off an inherited one.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sourced<T> {
    #[serde(default = "none")]
    pub v: Option<T>,
    pub s: Evidence,
    #[serde(default)]
    pub src: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

fn none<T>() -> Option<T> {
    None
}

/// A resolved limit: its value (`None` = no rule), status, source key and where it was set
/// (`netflix`, `netflix/zh-Hans`, `generic/ar` …).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Limit<T> {
    pub value: Option<T>,
    pub status: Evidence,
    pub source: Option<String>,
    pub note: Option<String>,
    pub origin: String,
}

impl<T> Default for Limit<T> {
    fn default() -> Self {
        Limit {
            value: None,
            status: Evidence::NotPublished,
            source: None,
            note: None,
            origin: String::new(),
        }
    }
}

impl<T: Clone> Limit<T> {
    fn set(&mut self, s: &Sourced<T>, origin: &str) {
        *self = Limit {
            value: s.v.clone(),
            status: s.s,
            source: s.src.clone(),
            note: s.note.clone(),
            origin: origin.to_string(),
        };
    }
}

impl<T> Limit<T> {
    /// The value, when there is a rule.
    pub fn get(&self) -> Option<&T> {
        self.value.as_ref()
    }
}

impl<T: Copy> Limit<T> {
    pub fn copied(&self) -> Option<T> {
        self.value
    }
}

/// A span of time as a profile states it: in milliseconds, or in frames (converted with the
/// track's frame rate). YAML: a number (ms), `"833ms"`, `"2f"` or `"2 frames"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Span {
    Ms(i64),
    Frames(u32),
}

impl Span {
    /// In milliseconds at `fps` (frames truncated to the millisecond, see `frames`).
    pub fn to_ms(self, fps: Fps) -> i64 {
        match self {
            Span::Ms(ms) => ms,
            Span::Frames(f) => frames::frames_to_ms(f, fps),
        }
    }

    pub fn parse(s: &str) -> Option<Span> {
        let s = s.trim();
        let num_part = |suffix: &str| s.strip_suffix(suffix).map(str::trim);
        if let Some(n) = num_part("ms") {
            return n.parse().ok().filter(|v: &i64| *v >= 0).map(Span::Ms);
        }
        if let Some(n) = num_part("frames")
            .or_else(|| num_part("frame"))
            .or_else(|| num_part("f"))
        {
            return n.parse().ok().map(Span::Frames);
        }
        s.parse().ok().filter(|v: &i64| *v >= 0).map(Span::Ms)
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Span::Ms(ms) => write!(f, "{ms} ms"),
            Span::Frames(n) => write!(f, "{n} frames"),
        }
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Repr {
            Int(i64),
            Text(String),
        }
        match Repr::deserialize(d)? {
            Repr::Int(ms) if ms >= 0 => Ok(Span::Ms(ms)),
            Repr::Int(ms) => Err(serde::de::Error::custom(format!("negative duration {ms}"))),
            Repr::Text(s) => Span::parse(&s).ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "invalid duration {s:?}: expected milliseconds (833, \"833ms\") or frames (\"2f\")"
                ))
            }),
        }
    }
}

/// A frame rate in profile data: `24`, `"23.976"`, `"30000/1001"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FrameRate(pub Fps);

impl<'de> Deserialize<'de> for FrameRate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Repr {
            Int(u32),
            Float(f64),
            Text(String),
        }
        let text = match Repr::deserialize(d)? {
            Repr::Int(n) => n.to_string(),
            // YAML reads 23.976 as a float; its shortest display round-trips to the same text.
            Repr::Float(f) => f.to_string(),
            Repr::Text(s) => s,
        };
        frames::parse_fps(&text)
            .map(FrameRate)
            .map_err(serde::de::Error::custom)
    }
}

impl serde::Serialize for FrameRate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&FpsDisplay(self.0).to_string())
    }
}

/// Writing direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Ltr,
    Rtl,
}

/// Who a track is for; picks the matching reading-speed and line-length variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    #[default]
    Adult,
    Children,
    /// Subtitles for the deaf and hard of hearing (intralingual).
    Sdh,
}

impl Audience {
    pub fn name(self) -> &'static str {
        match self {
            Audience::Adult => "adult",
            Audience::Children => "children",
            Audience::Sdh => "sdh",
        }
    }

    pub fn parse(s: &str) -> Option<Audience> {
        match s.trim().to_ascii_lowercase().as_str() {
            "adult" => Some(Audience::Adult),
            "children" | "kids" => Some(Audience::Children),
            "sdh" => Some(Audience::Sdh),
            _ => None,
        }
    }
}

/// Human display of a limit value (for `subloc platforms`).
pub trait LimitValue {
    fn show(&self) -> String;
}

impl LimitValue for u32 {
    fn show(&self) -> String {
        self.to_string()
    }
}
impl LimitValue for f64 {
    fn show(&self) -> String {
        super::count::display_count(*self)
    }
}
impl LimitValue for bool {
    fn show(&self) -> String {
        self.to_string()
    }
}
impl LimitValue for String {
    fn show(&self) -> String {
        self.clone()
    }
}
impl LimitValue for Vec<String> {
    fn show(&self) -> String {
        self.join(", ")
    }
}
impl LimitValue for Span {
    fn show(&self) -> String {
        self.to_string()
    }
}
impl LimitValue for FrameRate {
    fn show(&self) -> String {
        FpsDisplay(self.0).to_string()
    }
}
impl LimitValue for CountingMode {
    fn show(&self) -> String {
        self.name().to_string()
    }
}
impl LimitValue for Direction {
    fn show(&self) -> String {
        match self {
            Direction::Ltr => "ltr".into(),
            Direction::Rtl => "rtl".into(),
        }
    }
}
impl LimitValue for Charset {
    fn show(&self) -> String {
        self.name().to_string()
    }
}

/// One row of `subloc platforms ID --lang L`: a limit by its YAML key.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LimitEntry {
    pub key: &'static str,
    /// Display form of the value; `None` when there is no rule.
    pub value: Option<String>,
    pub status: Evidence,
    pub source: Option<String>,
    pub note: Option<String>,
    pub origin: String,
}

macro_rules! limit_fields {
    ($( $(#[$doc:meta])* $name:ident : $ty:ty ),* $(,)?) => {
        /// Limits as written in a profile's `limits:` or one of its `languages:` entries; every
        /// field optional (absent = inherited).
        #[derive(Debug, Clone, Default, PartialEq, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct LimitSet {
            $( $(#[$doc])* #[serde(default)] pub $name: Option<Sourced<$ty>>, )*
        }

        impl LimitSet {
            /// `over` wins field by field.
            pub fn merged(&self, over: &LimitSet) -> LimitSet {
                LimitSet { $( $name: over.$name.clone().or_else(|| self.$name.clone()), )* }
            }
        }

        /// Every limit resolved for one profile, language and audience: what checks read.
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
        pub struct Limits {
            /// Profile id (`netflix`).
            pub profile: String,
            /// Display name of the profile.
            pub name: String,
            /// The language tag the limits were resolved for (`und` when unknown).
            pub lang: String,
            /// The language entries that applied, least specific first (`generic/zh`, `netflix/zh-Hans`).
            pub matched: Vec<String>,
            pub audience: Audience,
            /// Severity the profile sets for some rules (`reading-speed: warning`).
            pub severity: BTreeMap<String, Severity>,
            /// The profiles' notes, root first.
            pub notes: Vec<String>,
            $( $(#[$doc])* pub $name: Limit<$ty>, )*
        }

        impl Limits {
            pub(crate) fn apply(&mut self, set: &LimitSet, origin: &str) {
                $( if let Some(s) = &set.$name { self.$name.set(s, origin); } )*
            }

            /// Every limit as a display row, in schema order.
            pub fn entries(&self) -> Vec<LimitEntry> {
                vec![ $( LimitEntry {
                    key: stringify!($name),
                    value: self.$name.value.as_ref().map(LimitValue::show),
                    status: self.$name.status,
                    source: self.$name.source.clone(),
                    note: self.$name.note.clone(),
                    origin: self.$name.origin.clone(),
                }, )* ]
            }
        }
    };
}

limit_fields! {
    /// Delivery formats the platform takes.
    formats: Vec<String>,
    /// Text encoding of delivered files.
    encoding: String,
    /// Character repertoire text must stay within (none = any Unicode).
    charset: Charset,
    max_lines: u32,
    /// Counted characters per line (see `counting`).
    max_chars_per_line: f64,
    /// SDH variant of `max_chars_per_line`.
    max_chars_per_line_sdh: f64,
    /// Reading speed in counted characters per second (adult programmes).
    max_cps: f64,
    max_cps_children: f64,
    max_cps_sdh: f64,
    /// Reading speed in words per minute (word-based platforms such as the BBC).
    max_wpm: f64,
    min_duration: Span,
    max_duration: Span,
    /// Minimum gap between consecutive cues.
    min_gap: Span,
    /// Whether cues may abut (gap 0) although a left gap must reach `min_gap` (BBC).
    gap_may_abut: bool,
    /// Frame rate used when neither the file nor `--fps` gives one.
    frame_rate: FrameRate,
    counting: CountingMode,
    direction: Direction,
    /// Whether RTL lines need directional marks where their ends would display wrongly.
    rtl_marks: bool,
    /// Whether italics may be used.
    italics: bool,
    /// Characters the language does not use at all (zh-Hans `，。`; th `.?`).
    punct_forbidden: String,
    /// Characters that may not end a line (zh-Hant `、，。`; ko `.,`).
    punct_line_end: String,
    /// Characters that may not follow a space (ar `،؟!`).
    punct_no_space_before: String,
    /// Arabic-script text uses `،` `؟` `؛`, not `,` `?` `;`.
    punct_arabic_script: bool,
    /// The ellipsis is the single character `…`, not three dots.
    ellipsis_char: bool,
    /// Persian words written with ZWNJ (می‌شود, کتاب‌ها) must keep it.
    zwnj: bool,
}

impl Limits {
    /// The frame rate to use for frame-based rules: the given one (file or `--fps`), else the
    /// profile's, else 24 fps (the rate Netflix states its rules at).
    pub fn fps_or_default(&self, given: Option<Fps>) -> Fps {
        given
            .or(self.frame_rate.value.map(|f| f.0))
            .unwrap_or(Fps { num: 24, den: 1 })
    }

    /// Picks the audience's reading-speed and line-length variants into `max_cps` and
    /// `max_chars_per_line`, where the profile gives them.
    pub(crate) fn select_audience(&mut self, audience: Audience) {
        self.audience = audience;
        let (cps, cpl) = match audience {
            Audience::Adult => return,
            Audience::Children => (&self.max_cps_children, None),
            Audience::Sdh => (&self.max_cps_sdh, Some(&self.max_chars_per_line_sdh)),
        };
        if cps.value.is_some() {
            self.max_cps = cps.clone();
        }
        if let Some(cpl) = cpl.filter(|l| l.value.is_some()) {
            self.max_chars_per_line = cpl.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_parse() {
        assert_eq!(Span::parse("833ms"), Some(Span::Ms(833)));
        assert_eq!(Span::parse("833"), Some(Span::Ms(833)));
        assert_eq!(Span::parse("2f"), Some(Span::Frames(2)));
        assert_eq!(Span::parse("2 frames"), Some(Span::Frames(2)));
        assert_eq!(Span::parse("1 frame"), Some(Span::Frames(1)));
        assert_eq!(Span::parse("-5ms"), None);
        assert_eq!(Span::parse("fast"), None);
        let fps = Fps { num: 25, den: 1 };
        assert_eq!(Span::Frames(2).to_ms(fps), 80);
        assert_eq!(Span::Ms(66).to_ms(fps), 66);
    }

    #[test]
    fn leaves_deserialize() {
        let s: Sourced<Span> = crate::yaml::from_str("{v: 2f, s: DOC, src: nf-timing}").unwrap();
        assert_eq!(s.v, Some(Span::Frames(2)));
        assert_eq!(s.s, Evidence::Doc);
        assert_eq!(s.src.as_deref(), Some("nf-timing"));
        let s: Sourced<f64> = crate::yaml::from_str("{s: NONE, note: nothing}").unwrap();
        assert_eq!(s.v, None);
        assert_eq!(s.s, Evidence::NotPublished);
        let s: Sourced<FrameRate> = crate::yaml::from_str("{v: 23.976, s: IND}").unwrap();
        assert_eq!(
            s.v,
            Some(FrameRate(Fps {
                num: 24000,
                den: 1001
            }))
        );
        let s: Sourced<FrameRate> = crate::yaml::from_str("{v: 25, s: IND}").unwrap();
        assert_eq!(s.v, Some(FrameRate(Fps { num: 25, den: 1 })));
        assert!(crate::yaml::from_str::<Sourced<f64>>("{v: 3, s: MAYBE}").is_err());
        assert!(crate::yaml::from_str::<Sourced<f64>>("{v: 3}").is_err());
        assert!(crate::yaml::from_str::<Sourced<f64>>("{v: 3, s: DOC, extra: 1}").is_err());
        assert!(crate::yaml::from_str::<Sourced<Span>>("{v: soon, s: DOC}").is_err());
    }
}
