//! Which language a subtitle file is in: from an explicit tag (`--lang`), else from its file name
//! (`ep01.fa.srt`, `ep01.zh-Hans.srt`, `movie.en_US.srt`, `movie.eng.srt`), else from the scripts
//! its text is written in. The result says how it was found, so reports can show it.
//!
//! Script detection is deliberately small: it picks the script most letters belong to and a few
//! letters that tell languages of one script apart (Persian پ چ ژ گ ی ک; simplified vs traditional
//! Han). Latin text is reported as `en`: guessing among Latin-script languages needs a language
//! model, and `--lang` exists for that.

use std::fmt;
use std::path::Path;

use unic_langid::LanguageIdentifier;

use crate::model::{CueKind, Track};

/// How a file's language was decided (reported so a wrong guess is visible). The one type for
/// detection and for reports; its lowercase names are part of `check --format json`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum LangSource {
    /// Given by the user (`--lang`, or `lang:` in subloc.yaml).
    Flag,
    /// A language tag in the file name (`ep01.fa.srt`).
    Name,
    /// Guessed from the scripts used in the text.
    Script,
    /// Not decided (no tag in the name, no letters, or the file could not be read).
    #[default]
    Unknown,
}

impl LangSource {
    pub fn name(self) -> &'static str {
        match self {
            LangSource::Flag => "flag",
            LangSource::Name => "name",
            LangSource::Script => "script",
            LangSource::Unknown => "unknown",
        }
    }
}

/// A file's language and how it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileLang {
    pub tag: LanguageIdentifier,
    pub source: LangSource,
}

/// A language tag that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid language tag {input:?}")]
pub struct LangError {
    pub input: String,
}

impl fmt::Display for FileLang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.tag, self.source.name())
    }
}

/// Parses a BCP 47 tag, accepting `_` for `-` (`en_US`) and any case.
pub fn parse_tag(input: &str) -> Result<LanguageIdentifier, LangError> {
    let s = input.trim();
    if s.is_empty() || s.eq_ignore_ascii_case("und") {
        return Err(LangError {
            input: input.to_string(),
        });
    }
    LanguageIdentifier::from_bytes(s.replace('_', "-").as_bytes()).map_err(|_| LangError {
        input: input.to_string(),
    })
}

/// The language of a file: `explicit` wins, then the file name, then the text's script.
/// `Ok(None)` when nothing tells (no name tag and no letters).
pub fn detect(
    explicit: Option<&str>,
    path: Option<&Path>,
    track: &Track,
) -> Result<Option<FileLang>, LangError> {
    if let Some(tag) = explicit {
        return Ok(Some(FileLang {
            tag: parse_tag(tag)?,
            source: LangSource::Flag,
        }));
    }
    if let Some(tag) = path.and_then(from_file_name) {
        return Ok(Some(FileLang {
            tag,
            source: LangSource::Name,
        }));
    }
    Ok(from_track(track).map(|tag| FileLang {
        tag,
        source: LangSource::Script,
    }))
}

/// A language tag written as the last dot-separated part of the file name before its extension
/// (`ep01.fa.srt`, `ep01.zh-Hans.srt`, `movie.en_US.srt`, `movie.eng.srt`, `ep.chs.ass`).
/// Only known language codes count, so `ep01.final.srt` or `ep01.v2.srt` give `None`.
pub fn from_file_name(path: &Path) -> Option<LanguageIdentifier> {
    let stem = path.file_stem()?.to_str()?;
    let mut parts = stem.split('.');
    parts.next()?; // the base name itself is never the tag
    let last = parts.next_back()?;
    tag_from_name_part(last)
}

fn tag_from_name_part(part: &str) -> Option<LanguageIdentifier> {
    let lower = part.to_ascii_lowercase();
    // Fansub and mkvextract conventions for Chinese and ISO 639-2 codes.
    let mapped = match lower.as_str() {
        "chs" | "sc" | "gb" => Some("zh-Hans"),
        "cht" | "tc" | "big5" => Some("zh-Hant"),
        _ => ISO_639_2.iter().find(|(b, _)| *b == lower).map(|(_, a)| *a),
    };
    if let Some(tag) = mapped {
        return parse_tag(tag).ok();
    }
    let tag = parse_tag(part).ok()?;
    let lang = tag.language.as_str();
    let known = ISO_639_1.split(' ').any(|c| c == lang) || EXTRA_3.contains(&lang);
    known.then_some(tag)
}

/// ISO 639-1 codes (two letters).
const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca \
ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha \
he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv \
kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc \
oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw \
ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

/// Three-letter codes in use for subtitle languages without a two-letter code.
const EXTRA_3: &[&str] = &[
    "fil", "yue", "cmn", "nan", "hak", "wuu", "ckb", "haw", "ceb", "hmn",
];

/// ISO 639-2 (bibliographic and terminology) codes seen in file names, mapped to 639-1.
const ISO_639_2: &[(&str, &str)] = &[
    ("eng", "en"),
    ("fre", "fr"),
    ("fra", "fr"),
    ("ger", "de"),
    ("deu", "de"),
    ("spa", "es"),
    ("ita", "it"),
    ("por", "pt"),
    ("rus", "ru"),
    ("jpn", "ja"),
    ("kor", "ko"),
    ("chi", "zh"),
    ("zho", "zh"),
    ("ara", "ar"),
    ("per", "fa"),
    ("fas", "fa"),
    ("heb", "he"),
    ("tha", "th"),
    ("tur", "tr"),
    ("vie", "vi"),
    ("ind", "id"),
    ("hin", "hi"),
    ("dut", "nl"),
    ("nld", "nl"),
    ("pol", "pl"),
    ("swe", "sv"),
    ("urd", "ur"),
    ("gre", "el"),
    ("ell", "el"),
];

/// How much visible text script detection looks at; the first minutes of a file are enough.
const SAMPLE_CHARS: usize = 20_000;

/// The language suggested by the scripts of a track's dialogue text.
pub fn from_track(track: &Track) -> Option<LanguageIdentifier> {
    let mut tally = Tally::default();
    let mut seen = 0usize;
    for cue in &track.cues {
        if cue.kind() == CueKind::Comment {
            continue;
        }
        let plain = cue.text.to_plain();
        seen += tally.add(&plain);
        if seen >= SAMPLE_CHARS {
            break;
        }
    }
    tally.verdict()
}

/// The language suggested by the scripts of a text.
pub fn from_text(text: &str) -> Option<LanguageIdentifier> {
    let mut tally = Tally::default();
    tally.add(text);
    tally.verdict()
}

#[derive(Default)]
struct Tally {
    latin: u32,
    han: u32,
    kana: u32,
    hangul: u32,
    arabic: u32,
    persian: u32,
    urdu: u32,
    hebrew: u32,
    thai: u32,
    cyrillic: u32,
    greek: u32,
    devanagari: u32,
    simplified: u32,
    traditional: u32,
}

/// Letters written differently in simplified and traditional Chinese (common words of dialogue).
const SIMPLIFIED: &str = "这说们个来时会为国过对还样么没发后现见关长门问间听开头实点东话车书学兴\
电万与专业从让认请谁觉边师别岁难爱欢亲气里吗妈钱写买卖经给结红绿级线练组细终纸无马鸟鱼龙华乐\
体页顾题颜飞风义习乡办动务处备复号员团园图场声宝导层岛带帮广应张当录态怀总战报担择换据数断旧\
显术杀杂权条极构枪标树桥检楼欧汉汤泪测济满灭灯灵热爷独环产画盖礼离种积称稳穷笔简紧纪约纯";
const TRADITIONAL: &str = "這說們個來時會為國過對還樣麼沒發後現見關長門問間聽開頭實點東話車書學興\
電萬與專業從讓認請誰覺邊師別歲難愛歡親氣裡嗎媽錢寫買賣經給結紅綠級線練組細終紙無馬鳥魚龍華樂\
體頁顧題顏飛風義習鄉辦動務處備復號員團園圖場聲寶導層島帶幫廣應張當錄態懷總戰報擔擇換據數斷舊\
顯術殺雜權條極構槍標樹橋檢樓歐漢湯淚測濟滿滅燈靈熱爺獨環產畫蓋禮離種積稱穩窮筆簡緊紀約純";

impl Tally {
    /// Adds a text; returns how many chars it looked at.
    fn add(&mut self, text: &str) -> usize {
        let mut n = 0;
        for c in text.chars() {
            n += 1;
            let u = c as u32;
            if c.is_ascii() {
                if c.is_ascii_alphabetic() {
                    self.latin += 1;
                }
                continue;
            }
            match u {
                0x00c0..=0x024f | 0x1e00..=0x1eff => self.latin += 1,
                0x0370..=0x03ff => self.greek += 1,
                0x0400..=0x04ff => self.cyrillic += 1,
                0x0590..=0x05ff => self.hebrew += 1,
                0x0600..=0x06ff
                | 0x0750..=0x077f
                | 0x08a0..=0x08ff
                | 0xfb50..=0xfdff
                | 0xfe70..=0xfefe => {
                    self.arabic += 1;
                    match c {
                        'پ' | 'چ' | 'ژ' | 'گ' | 'ی' | 'ک' => self.persian += 1,
                        'ٹ' | 'ڈ' | 'ڑ' | 'ں' | 'ے' | 'ہ' | 'ھ' => self.urdu += 1,
                        _ => {}
                    }
                }
                0x0900..=0x097f => self.devanagari += 1,
                0x0e00..=0x0e7f => self.thai += 1,
                0x1100..=0x11ff | 0x3130..=0x318f | 0xac00..=0xd7af => self.hangul += 1,
                0x3040..=0x30ff | 0x31f0..=0x31ff | 0xff66..=0xff9f => self.kana += 1,
                0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff | 0x20000..=0x2ffff => {
                    self.han += 1;
                    if SIMPLIFIED.contains(c) {
                        self.simplified += 1;
                    } else if TRADITIONAL.contains(c) {
                        self.traditional += 1;
                    }
                }
                _ => {}
            }
        }
        n
    }

    fn verdict(&self) -> Option<LanguageIdentifier> {
        // Japanese mixes kanji with kana; any real amount of kana decides it.
        let cjk = self.han + self.kana;
        let candidates = [
            (self.latin, "en"),
            (cjk, "zh"),
            (self.hangul, "ko"),
            (self.arabic, "ar"),
            (self.hebrew, "he"),
            (self.thai, "th"),
            (self.cyrillic, "ru"),
            (self.greek, "el"),
            (self.devanagari, "hi"),
        ];
        let (count, lang) = candidates.iter().copied().max_by_key(|(n, _)| *n)?;
        if count == 0 {
            return None;
        }
        let tag = match lang {
            "zh" if self.kana * 10 >= cjk.max(1) => "ja",
            "zh" if self.traditional > self.simplified => "zh-Hant",
            "zh" => "zh-Hans",
            "ar" if self.urdu > 0 => "ur",
            "ar" if self.persian > 0 => "fa",
            other => other,
        };
        parse_tag(tag).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cue, RichText, Timestamp};

    fn tag(s: &str) -> LanguageIdentifier {
        parse_tag(s).unwrap()
    }

    fn track(texts: &[&str]) -> Track {
        let mut t = Track::default();
        for (i, s) in texts.iter().enumerate() {
            let i = u32::try_from(i).unwrap();
            t.cues.push(Cue::new(
                i + 1,
                Timestamp(i64::from(i) * 1000),
                Timestamp(i64::from(i) * 1000 + 900),
                RichText::plain(s),
            ));
        }
        t
    }

    #[test]
    fn parses_tags_with_underscore_and_case() {
        assert_eq!(parse_tag("en_us").unwrap().to_string(), "en-US");
        assert_eq!(parse_tag("ZH-hans-cn").unwrap().to_string(), "zh-Hans-CN");
        assert!(parse_tag("").is_err());
        assert!(parse_tag("und").is_err());
        assert!(parse_tag("not a tag").is_err());
    }

    #[test]
    fn file_name_tags() {
        let f = |p: &str| from_file_name(Path::new(p)).map(|t| t.to_string());
        assert_eq!(f("ep01.fa.srt").as_deref(), Some("fa"));
        assert_eq!(f("dir/ep01.zh-Hans.srt").as_deref(), Some("zh-Hans"));
        assert_eq!(f("movie.en_US.srt").as_deref(), Some("en-US"));
        assert_eq!(f("movie.eng.srt").as_deref(), Some("en"));
        assert_eq!(f("ep.chs.ass").as_deref(), Some("zh-Hans"));
        assert_eq!(f("show.s01.pt-BR.vtt").as_deref(), Some("pt-BR"));
        assert_eq!(f("ep01.srt"), None);
        assert_eq!(f("ep01.final.srt"), None);
        assert_eq!(f("ep01.v2.srt"), None);
        assert_eq!(f("ep01.old.srt"), None);
        // The underscore convention is not a dot part.
        assert_eq!(f("ep01_fa.srt"), None);
        assert_eq!(f("fa.srt"), None);
    }

    #[test]
    fn script_detection() {
        let d = |s: &str| from_text(s).map(|t| t.to_string());
        assert_eq!(d("这是什么？我们走吧。").as_deref(), Some("zh-Hans"));
        assert_eq!(d("這是什麼？我們走吧。").as_deref(), Some("zh-Hant"));
        assert_eq!(d("これは何ですか。日本語").as_deref(), Some("ja"));
        assert_eq!(d("이게 뭐예요?").as_deref(), Some("ko"));
        assert_eq!(d("این چیست؟ می‌گویم").as_deref(), Some("fa"));
        assert_eq!(d("ما هذا؟ أقول لك").as_deref(), Some("ar"));
        assert_eq!(d("یہ کیا ہے؟").as_deref(), Some("ur"));
        assert_eq!(d("מה זה?").as_deref(), Some("he"));
        assert_eq!(d("นี่คืออะไร").as_deref(), Some("th"));
        assert_eq!(d("Что это?").as_deref(), Some("ru"));
        assert_eq!(d("What is this?").as_deref(), Some("en"));
        assert_eq!(d("123 ... !!"), None);
        // A few Latin letters in Chinese dialogue do not outvote it.
        assert_eq!(d("我们去KTV吧").as_deref(), Some("zh-Hans"));
    }

    #[test]
    fn detect_prefers_explicit_then_name_then_script() {
        let t = track(&["這是什麼", "我們走"]);
        let got = detect(Some("fa-IR"), Some(Path::new("ep.ar.srt")), &t)
            .unwrap()
            .unwrap();
        assert_eq!(
            got,
            FileLang {
                tag: tag("fa-IR"),
                source: LangSource::Flag
            }
        );
        let got = detect(None, Some(Path::new("ep.ar.srt")), &t)
            .unwrap()
            .unwrap();
        assert_eq!(
            got,
            FileLang {
                tag: tag("ar"),
                source: LangSource::Name
            }
        );
        let got = detect(None, Some(Path::new("ep.srt")), &t)
            .unwrap()
            .unwrap();
        assert_eq!(
            got,
            FileLang {
                tag: tag("zh-Hant"),
                source: LangSource::Script
            }
        );
        assert_eq!(got.to_string(), "zh-Hant (script)");
        assert!(detect(Some("??"), None, &t).is_err());
        assert_eq!(detect(None, None, &track(&["...", "!"])).unwrap(), None);
    }
}
