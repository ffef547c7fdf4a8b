//! TTML output as the IMSC 1.1 Text Profile (what Netflix and Disney+ take); the reader of TTML,
//! DFXP and IMSC documents is `read`, with `style` (styling, placement) and `time` (time
//! expressions).
//!
//! Rich text maps onto `<span>` styling: the inline effects are on/off toggles, so the writer keeps
//! a current style state and wraps each text run in one flat `<span>` carrying the whole state —
//! spans never nest, so they always close properly. Alignment picks a region (top/middle/bottom)
//! and `tts:textAlign`; speakers become `ttm:agent`s. What TTML cannot say (positions, karaoke,
//! drawings, classes, other effects) is dropped with a `write-markup-dropped` warning per cue and
//! kind, comment events with one `write-comment-dropped` note. Text and attribute values are
//! escaped by the XML door (`crate::xml`): characters XML 1.0 cannot carry become U+FFFD, with one
//! `write-unmappable` warning per cue.

mod read;
mod style;
mod time;

pub use read::parse;

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::diag::{Diagnostic, Severity, rules};
use crate::model::{Cue, CueKind, Effect, Fps, InlineRef, Rgb, Track};
use crate::xml;

/// Writes a track as IMSC 1.1 Text Profile TTML with `xml:lang="und"`.
pub fn write(track: &Track) -> (String, Vec<Diagnostic>) {
    write_with_lang(track, None)
}

/// Writes a track as IMSC 1.1 Text Profile TTML; `lang` is the BCP 47 tag of the text
/// (`und` when unknown).
pub fn write_with_lang(track: &Track, lang: Option<&str>) -> (String, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let agents = collect_agents(track);
    let mut regions = Regions::default();
    // Japanese italics are a shear, as Netflix's Japanese IMSC 1.1 Creation Guide §I.2 asks
    // (https://partnerhelp.netflixstudios.com/hc/en-us/articles/360034199033): `tts:shear`
    // 16.67 %, about 15°; `tts:fontStyle` is not how Japanese subtitles slant.
    let shear = lang.is_some_and(|l| {
        l.split(['-', '_'])
            .next()
            .is_some_and(|p| p.eq_ignore_ascii_case("ja"))
    });
    let body = write_body(track, &agents, &mut regions, shear, &mut diags);
    let mut out = String::with_capacity(body.len() + 1024);
    open_root(&mut out, track, lang);
    write_head(&mut out, &agents, &regions);
    out.push_str("  <body style=\"s1\">\n    <div>\n");
    out.push_str(&body);
    out.push_str("    </div>\n  </body>\n</tt>\n");
    (out, diags)
}

/// The `<p>`s of every cue, noting the regions they use; comment events are dropped with one
/// `write-comment-dropped` note.
fn write_body(
    track: &Track,
    agents: &[String],
    regions: &mut Regions,
    shear: bool,
    diags: &mut Vec<Diagnostic>,
) -> String {
    let mut body = String::with_capacity(track.cues.len() * 96);
    let mut comments: Option<(u32, usize)> = None;
    for cue in &track.cues {
        if cue.kind() == CueKind::Comment {
            let entry = comments.get_or_insert((cue.id, 0));
            entry.1 += 1;
            continue;
        }
        write_cue(track, cue, agents, regions, shear, &mut body, diags);
    }
    if let Some((first, count)) = comments {
        diags.push(
            Diagnostic::new(rules::WRITE_COMMENT_DROPPED, Severity::Info)
                .cue(first)
                .arg("count", count)
                .arg("format", "ttml"),
        );
    }
    body
}

/// The XML declaration and the `<tt>` start tag: language, namespaces, the IMSC 1.1 Text
/// profile, and the frame rate when the track has one.
fn open_root(out: &mut String, track: &Track, lang: Option<&str>) {
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<tt xml:lang=\"");
    push_attr(out, lang.filter(|l| !l.trim().is_empty()).unwrap_or("und"));
    out.push_str(
        "\" xmlns=\"http://www.w3.org/ns/ttml\" \
         xmlns:tts=\"http://www.w3.org/ns/ttml#styling\" \
         xmlns:ttp=\"http://www.w3.org/ns/ttml#parameter\" \
         xmlns:ttm=\"http://www.w3.org/ns/ttml#metadata\" \
         xmlns:ittp=\"http://www.w3.org/ns/ttml/profile/imsc1#parameter\" \
         ttp:profile=\"http://www.w3.org/ns/ttml/profile/imsc1.1/text\" \
         ttp:contentProfiles=\"http://www.w3.org/ns/ttml/profile/imsc1.1/text\" \
         ttp:timeBase=\"media\"",
    );
    if let Some((rate, multiplier)) = track.fps.and_then(frame_rate) {
        let _ = write!(out, " ttp:frameRate=\"{rate}\"");
        if let Some((n, d)) = multiplier {
            let _ = write!(out, " ttp:frameRateMultiplier=\"{n} {d}\"");
        }
    }
    out.push_str(">\n");
}

/// `<head>`: the speakers as `ttm:agent`s, the one style, and the regions the cues use.
fn write_head(out: &mut String, agents: &[String], regions: &Regions) {
    out.push_str("  <head>\n");
    if !agents.is_empty() {
        out.push_str("    <metadata>\n");
        for (i, name) in agents.iter().enumerate() {
            let _ = write!(
                out,
                "      <ttm:agent xml:id=\"agent{}\" type=\"character\"><ttm:name type=\"full\">",
                i + 1
            );
            push_text(out, name, &mut 0);
            out.push_str("</ttm:name></ttm:agent>\n");
        }
        out.push_str("    </metadata>\n");
    }
    out.push_str(
        "    <styling>\n      <style xml:id=\"s1\" tts:color=\"#ffffff\" \
         tts:fontFamily=\"proportionalSansSerif\" tts:fontSize=\"100%\" tts:textAlign=\"center\"/>\n    \
         </styling>\n    <layout>\n",
    );
    for (used, id, align) in [
        (regions.top, "top", "before"),
        (regions.middle, "middle", "center"),
        (true, "bottom", "after"),
    ] {
        if used {
            let _ = writeln!(
                out,
                "      <region xml:id=\"{id}\" tts:origin=\"10% 10%\" tts:extent=\"80% 80%\" \
                 tts:displayAlign=\"{align}\"/>"
            );
        }
    }
    out.push_str("    </layout>\n  </head>\n");
}

/// Which optional regions the cues use (bottom is always written: it is the default).
#[derive(Default)]
struct Regions {
    top: bool,
    middle: bool,
}

/// Distinct speakers in first-appearance order; agent ids are their 1-based positions.
fn collect_agents(track: &Track) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for cue in &track.cues {
        if cue.kind() == CueKind::Comment {
            continue;
        }
        if let Some(name) = cue_agent(cue)
            && seen.insert(name.to_string())
        {
            out.push(name.to_string());
        }
    }
    out
}

/// The cue's speaker: the ASS Name / whole-cue WebVTT voice, else its first `<v Name>`.
fn cue_agent(cue: &Cue) -> Option<&str> {
    if let Some(s) = cue.speaker().filter(|s| !s.trim().is_empty()) {
        return Some(s);
    }
    cue.text
        .tags()
        .flat_map(|t| t.effects.iter())
        .find_map(|e| match e {
            Effect::Voice(Some(name)) if !name.trim().is_empty() => Some(name.as_str()),
            _ => None,
        })
}

/// The style toggles TTML can express.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct SpanState {
    italic: bool,
    bold: bool,
    underline: bool,
    strike: bool,
    color: Option<Rgb>,
}

impl SpanState {
    fn is_plain(&self) -> bool {
        *self == SpanState::default()
    }

    fn open_tag(&self, out: &mut String, shear: bool) {
        out.push_str("<span");
        match (self.italic, shear) {
            (true, true) => out.push_str(" tts:shear=\"16.67%\""),
            (true, false) => out.push_str(" tts:fontStyle=\"italic\""),
            (false, _) => {}
        }
        if self.bold {
            out.push_str(" tts:fontWeight=\"bold\"");
        }
        match (self.underline, self.strike) {
            (true, true) => out.push_str(" tts:textDecoration=\"underline lineThrough\""),
            (true, false) => out.push_str(" tts:textDecoration=\"underline\""),
            (false, true) => out.push_str(" tts:textDecoration=\"lineThrough\""),
            (false, false) => {}
        }
        if let Some(c) = self.color {
            let _ = write!(out, " tts:color=\"{}\"", c.hex());
        }
        out.push('>');
    }
}

/// The base state and numpad alignment an ASS style gives its cues.
fn style_base(track: &Track, name: Option<&str>) -> (SpanState, Option<u8>) {
    let Some(style) = name.and_then(|n| {
        let n = n.trim_start_matches('*');
        track.styles.iter().find(|s| s.name.eq_ignore_ascii_case(n))
    }) else {
        return (SpanState::default(), None);
    };
    let flag = |field: &str| {
        style
            .field(field)
            .is_some_and(|v| matches!(v.trim(), "-1" | "1"))
    };
    let state = SpanState {
        italic: flag("Italic"),
        bold: flag("Bold"),
        underline: flag("Underline"),
        strike: flag("StrikeOut"),
        color: None,
    };
    let legacy = track.info.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("ScriptType") && v.trim().eq_ignore_ascii_case("v4.00")
    });
    let align = style
        .field("Alignment")
        .and_then(|v| v.trim().parse::<u8>().ok())
        .and_then(|a| if legacy { ssa_to_numpad(a) } else { Some(a) })
        .filter(|a| (1..=9).contains(a));
    (state, align)
}

/// SSA v4 alignment (1–3 bottom, 5–7 top, 9–11 middle) as numpad.
fn ssa_to_numpad(a: u8) -> Option<u8> {
    match a {
        1..=3 => Some(a),
        5..=7 => Some(a + 2),
        9..=11 => Some(a - 5),
        _ => None,
    }
}

/// One cue as a `<p>`: its region and alignment, its speaker, its text as flat spans, and a
/// warning for each kind of markup TTML cannot say and for characters XML cannot carry.
fn write_cue(
    track: &Track,
    cue: &Cue,
    agents: &[String],
    regions: &mut Regions,
    shear: bool,
    out: &mut String,
    diags: &mut Vec<Diagnostic>,
) {
    let (base, style_align) = style_base(track, cue.style());
    let align = cue_alignment(cue, style_align);
    let agent = cue_agent(cue);
    let agent_index = agent.and_then(|a| agents.iter().position(|x| x == a));
    open_paragraph(out, cue, regions.claim(align), align, agent_index);
    let mut spans = Spans {
        out,
        shear,
        base,
        state: base,
        open: None,
        dropped: Vec::new(),
        unmappable: 0,
    };
    for inline in cue.text.refs() {
        match inline {
            InlineRef::Text(t) => spans.push_run(t),
            InlineRef::SoftBreak => spans.push_run(" "),
            InlineRef::HardSpace => spans.push_run("\u{a0}"),
            InlineRef::LineBreak => spans.out.push_str("<br/>"),
            InlineRef::Drawing(_) => spans.note_drop("drawing"),
            InlineRef::Tag(tag) => {
                for effect in &tag.effects {
                    spans.apply(track, effect, agent);
                }
            }
        }
    }
    if spans.open.is_some_and(|s| !s.is_plain()) {
        spans.out.push_str("</span>");
    }
    spans.out.push_str("</p>\n");
    report_losses(cue, spans.dropped, spans.unmappable, diags);
}

/// The cue's numpad alignment: its first `\an` (ASS: the first one wins), else its style's, else
/// bottom centre.
fn cue_alignment(cue: &Cue, style_align: Option<u8>) -> u8 {
    cue.text
        .tags()
        .flat_map(|t| t.effects.iter())
        .find_map(|e| match e {
            Effect::Alignment(a) if (1..=9).contains(a) => Some(*a),
            _ => None,
        })
        .or(style_align)
        .unwrap_or(2)
}

impl Regions {
    /// The region of a numpad alignment, noted as used.
    fn claim(&mut self, align: u8) -> &'static str {
        match align {
            7..=9 => {
                self.top = true;
                "top"
            }
            4..=6 => {
                self.middle = true;
                "middle"
            }
            _ => "bottom",
        }
    }
}

/// `<p begin end region [tts:textAlign] [ttm:agent]>`.
fn open_paragraph(
    out: &mut String,
    cue: &Cue,
    region: &str,
    align: u8,
    agent_index: Option<usize>,
) {
    let _ = write!(
        out,
        "      <p begin=\"{}\" end=\"{}\" region=\"{region}\"",
        cue.start.fmt_clock('.'),
        cue.end.fmt_clock('.')
    );
    match align {
        1 | 4 | 7 => out.push_str(" tts:textAlign=\"left\""),
        3 | 6 | 9 => out.push_str(" tts:textAlign=\"right\""),
        _ => {}
    }
    if let Some(i) = agent_index {
        let _ = write!(out, " ttm:agent=\"agent{}\"", i + 1);
    }
    out.push('>');
}

/// A cue's text being written: the current style state, the span open in the output (if any),
/// and what was lost on the way.
struct Spans<'a> {
    out: &'a mut String,
    /// Italics as `tts:shear` (Japanese) instead of `tts:fontStyle`.
    shear: bool,
    /// The cue's style, which `\r` returns to.
    base: SpanState,
    state: SpanState,
    open: Option<SpanState>,
    /// Kinds of markup dropped, each once, in first-seen order.
    dropped: Vec<String>,
    /// Characters XML 1.0 cannot carry, written as U+FFFD.
    unmappable: usize,
}

impl Spans<'_> {
    fn note_drop(&mut self, name: &str) {
        if !self.dropped.iter().any(|d| d == name) {
            self.dropped.push(name.to_string());
        }
    }

    /// One inline effect: a style toggle changes the state; what TTML cannot say is noted.
    fn apply(&mut self, track: &Track, effect: &Effect, agent: Option<&str>) {
        match effect {
            Effect::Italic(on) => self.state.italic = *on,
            Effect::Bold(on) => self.state.bold = *on,
            Effect::Underline(on) => self.state.underline = *on,
            Effect::Strike(on) => self.state.strike = *on,
            Effect::Color(c) => self.state.color = *c,
            Effect::Reset(None) => self.state = self.base,
            Effect::Reset(Some(name)) => self.state = style_base(track, Some(name)).0,
            // Whole-cue properties, handled by `write_cue` (ASS: the first \an wins).
            Effect::Alignment(_) => {}
            Effect::Voice(None) | Effect::Class(None) | Effect::Drawing(0) => {}
            Effect::Voice(Some(name)) => {
                if agent != Some(name.as_str()) {
                    self.note_drop("voice");
                }
            }
            Effect::Position(..) => self.note_drop("position"),
            Effect::Class(Some(_)) => self.note_drop("class"),
            Effect::Karaoke(_) => self.note_drop("karaoke"),
            Effect::Drawing(_) => self.note_drop("drawing"),
            Effect::Other(name) => self.note_drop(name),
        }
    }

    /// A text run in the current state: the open span is closed and a new one opened only when
    /// the state changed (spans never nest).
    fn push_run(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if self.open != Some(self.state) {
            if self.open.take().is_some_and(|s| !s.is_plain()) {
                self.out.push_str("</span>");
            }
            if !self.state.is_plain() {
                self.state.open_tag(self.out, self.shear);
            }
            self.open = Some(self.state);
        }
        push_text(self.out, text, &mut self.unmappable);
    }
}

/// One `write-markup-dropped` warning per kind of markup lost, one `write-unmappable` warning
/// when characters were replaced.
fn report_losses(cue: &Cue, dropped: Vec<String>, unmappable: usize, diags: &mut Vec<Diagnostic>) {
    for markup in dropped {
        diags.push(
            Diagnostic::new(rules::WRITE_MARKUP_DROPPED, Severity::Warning)
                .cue(cue.id)
                .at(cue.line, 0)
                .arg("markup", markup)
                .arg("format", "ttml"),
        );
    }
    if unmappable > 0 {
        diags.push(
            Diagnostic::new(rules::WRITE_UNMAPPABLE, Severity::Warning)
                .cue(cue.id)
                .at(cue.line, 0)
                .arg("count", unmappable)
                .arg("encoding", "XML 1.0"),
        );
    }
}

/// `ttp:frameRate` and the optional `ttp:frameRateMultiplier` for an exact rate
/// (24000/1001 → 24 and 1000 1001).
fn frame_rate(fps: Fps) -> Option<(u64, Option<(u64, u64)>)> {
    let (num, den) = (u64::from(fps.num), u64::from(fps.den));
    if num == 0 || den == 0 {
        return None;
    }
    let rate = ((num + den / 2) / den).max(1);
    let (n, d) = (num, rate * den);
    if n == d {
        return Some((rate, None));
    }
    let g = gcd(n, d);
    Some((rate, Some((n / g, d / g))))
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

/// Element text through the XML door (`crate::xml`), with TTML's line breaks: a newline becomes
/// `<br/>` and CR is dropped (CR LF is one break). Characters XML 1.0 cannot carry become U+FFFD,
/// counted in `replaced` for the `write-unmappable` warning.
fn push_text(out: &mut String, text: &str, replaced: &mut usize) {
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<br/>");
        }
        *replaced += if line.contains('\r') {
            xml::push_text(out, &line.replace('\r', ""))
        } else {
            xml::push_text(out, line)
        };
    }
}

/// Attribute value (double-quoted), through the XML door.
fn push_attr(out: &mut String, value: &str) {
    xml::push_attr(out, value);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Inline;
    use crate::model::{Style, Tag, TagSyntax, Timestamp};
    use quick_xml::Reader;
    use quick_xml::events::Event;

    fn tag(effects: Vec<Effect>) -> Inline {
        Inline::tag(Tag {
            syntax: TagSyntax::Ass,
            raw: String::new(),
            effects,
        })
    }

    fn text(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    fn cue(id: u32, start: i64, end: i64, inlines: Vec<Inline>) -> Cue {
        let mut c = Cue::new(
            id,
            Timestamp(start),
            Timestamp(end),
            crate::model::RichText::new(inlines),
        );
        c.line = id * 4;
        c
    }

    fn track(cues: Vec<Cue>) -> Track {
        Track {
            cues,
            ..Track::default()
        }
    }

    /// One `<p>` as read back by an XML parser: its attributes and its content re-serialised
    /// canonically (`[span attrs]`, `|` for `<br/>`, text unescaped).
    #[derive(Debug, Default)]
    struct Para {
        attrs: Vec<(String, String)>,
        content: String,
    }

    impl Para {
        fn attr(&self, k: &str) -> Option<&str> {
            self.attrs
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.as_str())
        }
    }

    fn attrs_of(e: &quick_xml::events::BytesStart<'_>) -> Vec<(String, String)> {
        e.attributes()
            .map(|a| {
                let a = a.expect("well-formed attribute");
                let v = a
                    .normalized_value(quick_xml::XmlVersion::Explicit1_0)
                    .expect("escaped attribute")
                    .into_owned();
                (a.key.as_ref().to_string(), v)
            })
            .collect()
    }

    /// Parses the document strictly (end names checked, every event an Ok) and returns the
    /// `<p>` elements plus every element name seen.
    fn read_back(xml: &str) -> (Vec<Para>, Vec<String>, Vec<(String, String)>) {
        let mut reader = Reader::from_str(xml);
        let mut paras = Vec::new();
        let mut names = Vec::new();
        let mut root = Vec::new();
        let mut cur: Option<Para> = None;
        let mut depth = 0i32;
        loop {
            match reader.read_event().expect("well-formed XML") {
                Event::Start(e) => {
                    depth += 1;
                    let name = e.name().as_ref().to_string();
                    if name == "tt" {
                        root = attrs_of(&e);
                    }
                    if name == "p" {
                        cur = Some(Para {
                            attrs: attrs_of(&e),
                            ..Para::default()
                        });
                    } else if let Some(p) = cur.as_mut() {
                        let a: Vec<String> = attrs_of(&e)
                            .iter()
                            .map(|(k, v)| format!("{k}={v}"))
                            .collect();
                        p.content.push_str(&format!("[{name} {}]", a.join(" ")));
                    }
                    names.push(name);
                }
                Event::End(e) => {
                    depth -= 1;
                    let name = e.name().as_ref().to_string();
                    if name == "p" {
                        paras.extend(cur.take());
                    } else if let Some(p) = cur.as_mut() {
                        p.content.push_str(&format!("[/{name}]"));
                    }
                }
                Event::Empty(e) => {
                    let name = e.name().as_ref().to_string();
                    if let Some(p) = cur.as_mut() {
                        assert_eq!(name, "br");
                        p.content.push('|');
                    }
                    names.push(name);
                }
                Event::Text(t) => {
                    if let Some(p) = cur.as_mut() {
                        p.content.push_str(&t);
                    }
                }
                Event::GeneralRef(r) => {
                    let raw = format!("&{};", &*r);
                    let s = quick_xml::escape::unescape(&raw).expect("known entity");
                    if let Some(p) = cur.as_mut() {
                        p.content.push_str(&s);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(depth, 0, "unbalanced elements");
        (paras, names, root)
    }

    #[test]
    fn document_is_imsc_text_profile_and_well_formed() {
        let (xml, diags) = write(&track(vec![cue(1, 1000, 2500, vec![text("你好")])]));
        assert!(diags.is_empty());
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tt "));
        let (paras, names, root) = read_back(&xml);
        let get = |k: &str| root.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("xml:lang"), Some("und"));
        assert_eq!(get("xmlns"), Some("http://www.w3.org/ns/ttml"));
        assert_eq!(
            get("ttp:profile"),
            Some("http://www.w3.org/ns/ttml/profile/imsc1.1/text")
        );
        // IMSC 1.1 is declared the TTML2 way too (Netflix's Japanese guide requires it).
        assert_eq!(
            get("ttp:contentProfiles"),
            Some("http://www.w3.org/ns/ttml/profile/imsc1.1/text")
        );
        assert_eq!(get("ttp:timeBase"), Some("media"));
        assert_eq!(get("ttp:frameRate"), None);
        for n in [
            "head", "styling", "style", "layout", "region", "body", "div",
        ] {
            assert!(names.iter().any(|x| x == n), "missing <{n}>");
        }
        assert_eq!(paras.len(), 1);
        assert_eq!(paras[0].attr("begin"), Some("00:00:01.000"));
        assert_eq!(paras[0].attr("end"), Some("00:00:02.500"));
        assert_eq!(paras[0].attr("region"), Some("bottom"));
        assert_eq!(paras[0].content, "你好");
    }

    #[test]
    fn japanese_italics_are_a_shear_and_read_back_as_italics() {
        let t = track(vec![cue(
            1,
            0,
            1000,
            vec![
                tag(vec![Effect::Italic(true)]),
                text("心の声"),
                tag(vec![Effect::Italic(false)]),
                text("です"),
            ],
        )]);
        let (ja, _) = write_with_lang(&t, Some("ja-JP"));
        assert!(
            ja.contains("<span tts:shear=\"16.67%\">心の声</span>です"),
            "{ja}"
        );
        assert!(!ja.contains("fontStyle=\"italic\""), "{ja}");
        let (en, _) = write_with_lang(&t, Some("en"));
        assert!(
            en.contains("<span tts:fontStyle=\"italic\">心の声</span>"),
            "{en}"
        );
        // subloc's reader takes a shear for italics, so the Japanese file reads back the same.
        let (back, d) = read::parse(ja);
        assert!(d.is_empty(), "{d:?}");
        let italic: Vec<bool> = back.cues[0]
            .text
            .inlines()
            .iter()
            .filter_map(|i| match i {
                Inline::Tag(t) => t.effects.iter().find_map(|e| match e {
                    Effect::Italic(on) => Some(*on),
                    _ => None,
                }),
                _ => None,
            })
            .collect();
        assert_eq!(italic, vec![true, false]);
    }

    #[test]
    fn timing_uses_clock_time_with_millis_and_long_hours() {
        let (xml, _) = write(&track(vec![cue(
            1,
            3_723_045,
            360_000_001,
            vec![text("x")],
        )]));
        let (paras, _, _) = read_back(&xml);
        assert_eq!(paras[0].attr("begin"), Some("01:02:03.045"));
        assert_eq!(paras[0].attr("end"), Some("100:00:00.001"));
    }

    #[test]
    fn toggles_become_flat_spans_and_breaks_become_br() {
        let red = Rgb(255, 0, 0);
        let c = cue(
            1,
            0,
            1000,
            vec![
                text("a"),
                tag(vec![Effect::Italic(true)]),
                text("b"),
                tag(vec![Effect::Bold(true), Effect::Color(Some(red))]),
                text("c"),
                Inline::LineBreak,
                text("d"),
                tag(vec![Effect::Italic(false), Effect::Underline(true)]),
                text("e"),
                tag(vec![Effect::Reset(None)]),
                text("f"),
                Inline::SoftBreak,
                text("g"),
                Inline::HardSpace,
                tag(vec![Effect::Strike(true), Effect::Underline(true)]),
                text("h"),
                tag(vec![Effect::Strike(false), Effect::Underline(false)]),
            ],
        );
        let (xml, diags) = write(&track(vec![c]));
        assert!(diags.is_empty(), "{diags:?}");
        let (paras, _, _) = read_back(&xml);
        assert_eq!(
            paras[0].content,
            "a[span tts:fontStyle=italic]b[/span]\
             [span tts:fontStyle=italic tts:fontWeight=bold tts:color=#ff0000]c|d[/span]\
             [span tts:fontWeight=bold tts:textDecoration=underline tts:color=#ff0000]e[/span]\
             f g\u{a0}[span tts:textDecoration=underline lineThrough]h[/span]"
        );
    }

    #[test]
    fn alignment_picks_region_and_text_align() {
        let an = |a: u8| tag(vec![Effect::Alignment(a)]);
        let cues = vec![
            cue(1, 0, 1, vec![an(8), text("top"), an(2)]),
            cue(2, 0, 1, vec![an(7), text("top left")]),
            cue(3, 0, 1, vec![an(6), text("middle right")]),
            cue(4, 0, 1, vec![an(1), text("bottom left")]),
            cue(5, 0, 1, vec![text("default")]),
        ];
        let (xml, diags) = write(&track(cues));
        assert!(diags.is_empty());
        let (paras, names, _) = read_back(&xml);
        let got: Vec<(Option<&str>, Option<&str>)> = paras
            .iter()
            .map(|p| (p.attr("region"), p.attr("tts:textAlign")))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some("top"), None),
                (Some("top"), Some("left")),
                (Some("middle"), Some("right")),
                (Some("bottom"), Some("left")),
                (Some("bottom"), None),
            ]
        );
        assert_eq!(names.iter().filter(|n| *n == "region").count(), 3);
        assert!(xml.contains(
            "<region xml:id=\"top\" tts:origin=\"10% 10%\" tts:extent=\"80% 80%\" tts:displayAlign=\"before\"/>"
        ));
        // Only the bottom region when nothing else is used.
        let (xml, _) = write(&track(vec![cue(1, 0, 1, vec![text("x")])]));
        assert_eq!(xml.matches("<region ").count(), 1);
    }

    #[test]
    fn ass_style_gives_base_state_and_legacy_alignment() {
        let mut t = track(vec![{
            let mut c = cue(
                1,
                0,
                1,
                vec![text("a"), tag(vec![Effect::Italic(false)]), text("b")],
            );
            c.meta_mut().style = Some("Sign".into());
            c
        }]);
        t.info = vec![("ScriptType".into(), "v4.00".into())];
        t.styles = vec![Style {
            name: "Sign".into(),
            fields: vec![
                ("Italic".into(), "-1".into()),
                ("Alignment".into(), "6".into()),
            ],
        }];
        let (xml, _) = write(&t);
        let (paras, _, _) = read_back(&xml);
        // SSA alignment 6 is top centre.
        assert_eq!(paras[0].attr("region"), Some("top"));
        assert_eq!(paras[0].content, "[span tts:fontStyle=italic]a[/span]b");
    }

    #[test]
    fn text_and_attributes_are_escaped() {
        let nasty = "<b>Tom & \"Jerry\" 's</b> ]]> &amp;";
        let mut c = cue(1, 0, 1, vec![text(nasty)]);
        c.meta_mut().speaker = Some("A&B <x>".into());
        let (xml, _) = write_with_lang(&track(vec![c]), Some("fa\"IR"));
        assert!(!xml.contains("<b>"));
        let (paras, _, root) = read_back(&xml);
        assert_eq!(paras[0].content, nasty);
        assert!(root.contains(&("xml:lang".to_string(), "fa\"IR".to_string())));
        assert!(xml.contains("<ttm:name type=\"full\">A&amp;B &lt;x&gt;</ttm:name>"));
    }

    #[test]
    fn xml_forbidden_characters_are_replaced_with_a_warning() {
        // U+FFFD, not dropped: the XML door's one rule (dropping joined "a" and "b" silently).
        let (xml, diags) = write(&track(vec![cue(3, 0, 1, vec![text("a\u{1}b\u{ffff}\tc")])]));
        let (paras, _, _) = read_back(&xml);
        assert_eq!(paras[0].content, "a\u{FFFD}b\u{FFFD}\tc");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].rule, rules::WRITE_UNMAPPABLE);
        assert_eq!(
            (diags[0].cue, diags[0].get_arg("count")),
            (Some(3), Some("2"))
        );
    }

    #[test]
    fn inexpressible_markup_is_dropped_with_one_warning_per_kind() {
        let c = cue(
            7,
            0,
            1,
            vec![
                tag(vec![
                    Effect::Position(10, 20),
                    Effect::Other("fad".into()),
                    Effect::Karaoke(50),
                ]),
                text("a"),
                tag(vec![
                    Effect::Karaoke(30),
                    Effect::Class(Some("loud".into())),
                ]),
                text("b"),
                tag(vec![Effect::Drawing(1)]),
                Inline::Drawing("m 0 0 l 10 10".into()),
                tag(vec![Effect::Drawing(0), Effect::Class(None)]),
            ],
        );
        let (xml, diags) = write(&track(vec![c]));
        let (paras, _, _) = read_back(&xml);
        assert_eq!(paras[0].content, "ab");
        let mut got: Vec<&str> = diags
            .iter()
            .inspect(|d| {
                assert_eq!(d.rule, rules::WRITE_MARKUP_DROPPED);
                assert_eq!(d.severity, Severity::Warning);
                assert_eq!((d.cue, d.line), (Some(7), 28));
            })
            .filter_map(|d| d.get_arg("markup"))
            .collect();
        got.sort_unstable();
        assert_eq!(got, vec!["class", "drawing", "fad", "karaoke", "position"]);
    }

    #[test]
    fn speakers_become_agents_and_extra_voices_are_reported() {
        let mut a = cue(1, 0, 1, vec![text("x")]);
        a.meta_mut().speaker = Some("林".into());
        let b = cue(
            2,
            0,
            1,
            vec![
                tag(vec![Effect::Voice(Some("Reza".into()))]),
                text("y"),
                tag(vec![Effect::Voice(None), Effect::Voice(Some("林".into()))]),
                text("z"),
            ],
        );
        let mut c = cue(3, 0, 1, vec![text("w")]);
        c.meta_mut().speaker = Some("林".into());
        let (xml, diags) = write(&track(vec![a, b, c]));
        let (paras, names, _) = read_back(&xml);
        assert_eq!(names.iter().filter(|n| *n == "ttm:agent").count(), 2);
        let agents: Vec<_> = paras.iter().map(|p| p.attr("ttm:agent")).collect();
        assert_eq!(agents, vec![Some("agent1"), Some("agent2"), Some("agent1")]);
        assert!(xml.contains("xml:id=\"agent2\" type=\"character\"><ttm:name type=\"full\">Reza<"));
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].get_arg("markup"), Some("voice"));
        assert_eq!(diags[0].cue, Some(2));
    }

    #[test]
    fn comment_cues_are_left_out_with_a_note() {
        let mut c1 = cue(1, 0, 1, vec![text("note to self")]);
        c1.meta_mut().kind = CueKind::Comment;
        let mut c3 = cue(3, 0, 1, vec![text("another")]);
        c3.meta_mut().kind = CueKind::Comment;
        let (xml, diags) = write(&track(vec![c1, cue(2, 0, 1, vec![text("shown")]), c3]));
        let (paras, _, _) = read_back(&xml);
        assert_eq!(paras.len(), 1);
        assert_eq!(paras[0].content, "shown");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].rule, rules::WRITE_COMMENT_DROPPED);
        assert_eq!(
            (diags[0].cue, diags[0].get_arg("count")),
            (Some(1), Some("2"))
        );
    }

    #[test]
    fn frame_rate_is_written_only_when_known() {
        let mut t = track(vec![]);
        t.fps = Some(Fps {
            num: 24000,
            den: 1001,
        });
        let (xml, _) = write(&t);
        assert!(xml.contains(" ttp:frameRate=\"24\" ttp:frameRateMultiplier=\"1000 1001\""));
        read_back(&xml);
        t.fps = Some(Fps { num: 25, den: 1 });
        let (xml, _) = write(&t);
        assert!(xml.contains(" ttp:frameRate=\"25\">"));
        t.fps = Some(Fps { num: 25, den: 0 });
        assert!(!write(&t).0.contains("frameRate"));
        assert_eq!(
            frame_rate(Fps {
                num: 30000,
                den: 1001
            }),
            Some((30, Some((1000, 1001))))
        );
    }
}
