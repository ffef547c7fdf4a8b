//! The vocabulary of a platform profile: what a limit is (a value with its source and how sure it
//! is), the set of limits a profile or a language entry may give (`LimitSet`, as written in YAML)
//! and the fully resolved set for one profile and language (`Limits`, what checks read).
//!
//! Both structs come from one field list (`limit_fields!`), so adding a limit is one line and
//! the YAML schema, the resolution and the `subloc platforms` listing cannot drift apart.
//!
//! Besides text limits a profile describes the screen it delivers to (`docs/vertical.md`): how
//! subtitles reach the viewer (`delivery`), the picture in pixels (`canvas`), the part of it the
//! app's own interface leaves free (`safe_area`), text size guidance and font families per
//! script. They are limits like the others: sourced, inherited and layered per language.

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
/// (or `v: null`) states that there is no such rule, and switches off an inherited one. A `NONE`
/// leaf with a value is refused: nothing published means no number.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(
    try_from = "SourcedRepr<T>",
    bound(deserialize = "T: Deserialize<'de>")
)]
pub struct Sourced<T> {
    pub v: Option<T>,
    pub s: Evidence,
    pub src: Option<String>,
    pub note: Option<String>,
}

/// `Sourced` as written, before the NONE-has-no-value check.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcedRepr<T> {
    #[serde(default = "none")]
    v: Option<T>,
    s: Evidence,
    #[serde(default)]
    src: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

impl<T> TryFrom<SourcedRepr<T>> for Sourced<T> {
    type Error = &'static str;

    fn try_from(r: SourcedRepr<T>) -> Result<Self, Self::Error> {
        if r.s == Evidence::NotPublished && r.v.is_some() {
            return Err(
                "a NONE value states that nothing is published: drop `v`, or give the status it was read with",
            );
        }
        Ok(Sourced {
            v: r.v,
            s: r.s,
            src: r.src,
            note: r.note,
        })
    }
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

/// How subtitles reach the viewer on a platform (`docs/vertical.md`, "How subtitles reach the
/// viewer").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Delivery {
    /// A subtitle file uploaded beside the video.
    Sidecar,
    /// The platform's app renders a per-market subtitle track it was given.
    App,
    /// The text is drawn into the video frames.
    BurnedIn,
}

impl Delivery {
    /// The YAML and JSON name (`burned-in`).
    pub fn name(self) -> &'static str {
        match self {
            Delivery::Sidecar => "sidecar",
            Delivery::App => "app",
            Delivery::BurnedIn => "burned-in",
        }
    }
}

/// The picture subtitles are laid out on, in pixels (`{width: 1080, height: 1920}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Canvas {
    pub width: u32,
    pub height: u32,
}

impl<'de> Deserialize<'de> for Canvas {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Repr {
            width: u32,
            height: u32,
        }
        let r = Repr::deserialize(d)?;
        if r.width == 0 || r.height == 0 {
            return Err(serde::de::Error::custom(format!(
                "canvas {}×{}: width and height must be positive",
                r.width, r.height
            )));
        }
        Ok(Canvas {
            width: r.width,
            height: r.height,
        })
    }
}

/// Distances in canvas pixels from each edge of the canvas to the area the platform's own
/// interface leaves uncovered (`{top: 130, right: 164, bottom: 350, left: 0}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Insets {
    pub top: u32,
    pub right: u32,
    pub bottom: u32,
    pub left: u32,
}

impl Insets {
    /// Whether the insets leave some of `canvas` free.
    pub fn fits(&self, canvas: Canvas) -> bool {
        u64::from(self.left) + u64::from(self.right) < u64::from(canvas.width)
            && u64::from(self.top) + u64::from(self.bottom) < u64::from(canvas.height)
    }
}

/// Font families by ISO 15924 script code (`{Arab: Noto Naskh Arabic, Latn: Noto Sans}`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub struct FontFamilies(pub BTreeMap<String, String>);

impl FontFamilies {
    /// The family for a script code (`Arab`), if the profile names one.
    pub fn for_script(&self, script: &str) -> Option<&str> {
        self.0.get(script).map(String::as_str)
    }
}

impl<'de> Deserialize<'de> for FontFamilies {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<String, String>::deserialize(d)?;
        // ISO 15924: four letters, the first upper case (Arab, Hans, Latn, Thai).
        let is_script = |k: &str| {
            let mut cs = k.chars();
            k.len() == 4
                && cs.next().is_some_and(|c| c.is_ascii_uppercase())
                && cs.all(|c| c.is_ascii_lowercase())
        };
        if let Some(bad) = map.keys().find(|k| !is_script(k)) {
            return Err(serde::de::Error::custom(format!(
                "fonts: {bad:?} is not an ISO 15924 script code (Arab, Hans, Latn …)"
            )));
        }
        if let Some((script, _)) = map.iter().find(|(_, f)| f.trim().is_empty()) {
            return Err(serde::de::Error::custom(format!(
                "fonts: empty family for {script}"
            )));
        }
        Ok(FontFamilies(map))
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
impl LimitValue for Vec<Delivery> {
    fn show(&self) -> String {
        self.iter().map(|d| d.name()).collect::<Vec<_>>().join(", ")
    }
}
impl LimitValue for Canvas {
    fn show(&self) -> String {
        format!("{}×{}", self.width, self.height)
    }
}
impl LimitValue for Insets {
    /// CSS order: top right bottom left.
    fn show(&self) -> String {
        format!("{} {} {} {}", self.top, self.right, self.bottom, self.left)
    }
}
impl LimitValue for FontFamilies {
    fn show(&self) -> String {
        self.0
            .iter()
            .map(|(script, family)| format!("{script}: {family}"))
            .collect::<Vec<_>>()
            .join("; ")
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
    /// How subtitles reach the viewer: any of `sidecar`, `app`, `burned-in`.
    delivery: Vec<Delivery>,
    /// The picture in pixels that positions, sizes and the safe area are measured on.
    canvas: Canvas,
    /// Insets from each canvas edge, in canvas pixels, that the platform's interface covers.
    safe_area: Insets,
    /// Subtitle font size in canvas pixels.
    font_size: u32,
    /// Distance between baselines of consecutive lines, in canvas pixels.
    line_spacing: u32,
    /// Font families per ISO 15924 script code.
    fonts: FontFamilies,
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
        // Nothing published, no number.
        assert!(crate::yaml::from_str::<Sourced<u32>>("{v: 3, s: NONE}").is_err());
    }

    #[test]
    fn screen_leaves_deserialize() {
        let c: Sourced<Canvas> =
            crate::yaml::from_str("{v: {width: 1080, height: 1920}, s: IND, src: blitzcut}")
                .unwrap();
        let canvas = c.v.unwrap();
        assert_eq!((canvas.width, canvas.height), (1080, 1920));
        assert!(
            crate::yaml::from_str::<Sourced<Canvas>>("{v: {width: 0, height: 1920}, s: IND}")
                .is_err()
        );
        assert!(
            crate::yaml::from_str::<Sourced<Canvas>>(
                "{v: {width: 9, height: 16, depth: 1}, s: IND}"
            )
            .is_err()
        );
        let a: Sourced<Insets> =
            crate::yaml::from_str("{v: {top: 130, right: 164, bottom: 350, left: 0}, s: IND}")
                .unwrap();
        let a = a.v.unwrap();
        assert_eq!(a.show(), "130 164 350 0");
        assert!(a.fits(canvas));
        assert!(
            !Insets {
                top: 1000,
                right: 0,
                bottom: 920,
                left: 0
            }
            .fits(canvas)
        );
        assert!(
            crate::yaml::from_str::<Sourced<Insets>>("{v: {top: 1, bottom: 2}, s: IND}").is_err()
        );
        let d: Sourced<Vec<Delivery>> =
            crate::yaml::from_str("{v: [app, burned-in], s: IND}").unwrap();
        assert_eq!(
            d.v.as_deref(),
            Some(&[Delivery::App, Delivery::BurnedIn][..])
        );
        assert!(crate::yaml::from_str::<Sourced<Vec<Delivery>>>("{v: [burnin], s: IND}").is_err());
        let f: Sourced<FontFamilies> =
            crate::yaml::from_str("{v: {Arab: Noto Naskh Arabic, Hans: Noto Sans CJK SC}, s: IND}")
                .unwrap();
        let f = f.v.unwrap();
        assert_eq!(f.for_script("Arab"), Some("Noto Naskh Arabic"));
        assert_eq!(f.show(), "Arab: Noto Naskh Arabic; Hans: Noto Sans CJK SC");
        assert!(
            crate::yaml::from_str::<Sourced<FontFamilies>>("{v: {arabic: X}, s: IND}").is_err()
        );
        assert!(crate::yaml::from_str::<Sourced<FontFamilies>>("{v: {Arab: ''}, s: IND}").is_err());
    }
}
