//! Property tests of the format layer: generated tracks survive every writer and the matching
//! reader (timing, text, italics, cue count); an untouched file is written back byte for byte;
//! TTML output is well-formed XML; and no reader panics on arbitrary bytes or strings.

use proptest::prelude::*;
use quick_xml::Reader;
use quick_xml::events::Event;
use subloc::format::{self, ReadOptions, WriteOptions};
use subloc::model::{
    Bom, Cue, Effect, Format, Inline, LineEnding, RichText, Tag, TagSyntax, Timestamp, Track,
};

const TEXT_FORMATS: [Format; 3] = [Format::Srt, Format::Vtt, Format::Ass];

// ---------------------------------------------------------------- generators

/// Words that need no escaping in any format: no `< > & { } \`, no control characters.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9]{1,10}",
        "[A-Za-z]{1,6}[,.!?'\"…:;-]",
        // CJK dialogue with full-width punctuation.
        "[\u{4e00}-\u{9fa5}]{1,8}[，。！？、「」《》]?",
        // Persian/Arabic letters with ZWNJ inside words (never at a line edge: see `line`).
        "[\u{0627}-\u{064a}\u{067e}\u{0686}\u{0698}\u{06a9}\u{06af}\u{06cc}]{1,5}",
        "[\u{0627}-\u{064a}\u{06a9}\u{06cc}]{1,4}\u{200c}[\u{0627}-\u{064a}\u{06cc}]{1,3}",
        Just("琉璃".to_string()),
        Just("掐丝珐琅".to_string()),
        Just("می‌خواهم".to_string()),
    ]
}

/// One visible line: 1–6 words joined by single spaces.
fn line() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..6).prop_map(|w| w.join(" "))
}

/// How a line carries italics: none, the whole line, or one word of it.
#[derive(Debug, Clone, Copy)]
enum Ital {
    None,
    Whole,
    Word,
}

fn ital() -> impl Strategy<Value = Ital> {
    prop_oneof![4 => Just(Ital::None), 1 => Just(Ital::Whole), 1 => Just(Ital::Word)]
}

fn italic_tag(on: bool) -> Inline {
    Inline::tag(Tag {
        syntax: TagSyntax::Html,
        raw: if on { "<i>" } else { "</i>" }.to_string(),
        effects: vec![Effect::Italic(on)],
    })
}

fn rich(lines: &[(String, Ital)]) -> RichText {
    let mut out = Vec::new();
    for (i, (text, it)) in lines.iter().enumerate() {
        if i > 0 {
            out.push(Inline::LineBreak);
        }
        match it {
            Ital::None => out.push(Inline::Text(text.into())),
            Ital::Whole => {
                out.push(italic_tag(true));
                out.push(Inline::Text(text.into()));
                out.push(italic_tag(false));
            }
            Ital::Word => match text.split_once(' ') {
                Some((head, tail)) => {
                    out.push(italic_tag(true));
                    out.push(Inline::Text(head.into()));
                    out.push(italic_tag(false));
                    out.push(Inline::Text(format!(" {tail}").into()));
                }
                None => out.push(Inline::Text(text.into())),
            },
        }
    }
    RichText::new(out)
}

/// 1–30 cues with increasing, non-overlapping times below 100 h.
fn track() -> impl Strategy<Value = Track> {
    let cue = (
        0i64..5_000,
        1i64..10_000,
        prop::collection::vec((line(), ital()), 1..=3),
    );
    (0i64..90 * 3_600_000, prop::collection::vec(cue, 1..=30)).prop_map(|(offset, cues)| {
        let mut t = offset;
        let cues = cues
            .into_iter()
            .enumerate()
            .map(|(i, (gap, dur, lines))| {
                let start = t + gap;
                let end = start + dur;
                t = end;
                let id = u32::try_from(i + 1).unwrap_or(u32::MAX);
                Cue::new(id, Timestamp(start), Timestamp(end), rich(&lines))
            })
            .collect();
        Track {
            cues,
            ..Track::default()
        }
    })
}

/// Subtitle-shaped noise: the building blocks of all three formats in random order.
fn subtitle_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\n\n".to_string()),
        Just("1".to_string()),
        Just("-3".to_string()),
        Just("\u{feff}".to_string()),
        Just("00:00:01,000 --> 00:00:02,500".to_string()),
        Just("00:01.5 --> 00:02.000 align:start line:10%".to_string()),
        Just("１２：３４：５６，７８９ --> 12:34:57.1".to_string()),
        Just("99:59:59,999 --> 100:00:00,000 X1:10 X2:20 Y1:5 Y2:6".to_string()),
        Just("WEBVTT".to_string()),
        Just("NOTE a note".to_string()),
        Just("STYLE".to_string()),
        Just("::cue { color: red }".to_string()),
        Just("REGION".to_string()),
        Just("[Script Info]".to_string()),
        Just("ScriptType: v4.00+".to_string()),
        Just("[V4+ Styles]".to_string()),
        Just("Format: Name, Fontname, Fontsize, PrimaryColour, Italic, Alignment".to_string()),
        Just("Style: Default,Arial,20,&H00FFFFFF,0,2".to_string()),
        Just("[Events]".to_string()),
        Just(
            "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text"
                .to_string()
        ),
        Just("Dialogue: 0,0:00:01.00,0:00:02.00,Default,林,0,0,0,,".to_string()),
        Just("Comment: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,".to_string()),
        Just("Dialogue: 0,1:2:3".to_string()),
        Just("[Fonts]".to_string()),
        Just("fontname: a.ttf".to_string()),
        Just("{\\i1}".to_string()),
        Just("{\\an8\\pos(10,20)}".to_string()),
        Just("{\\p1}m 0 0 l 10 10{\\p0}".to_string()),
        Just("{\\k50}".to_string()),
        Just("{".to_string()),
        Just("\\N".to_string()),
        Just("\\h".to_string()),
        Just("<i>".to_string()),
        Just("</i>".to_string()),
        Just("<b><u>".to_string()),
        Just("<font color=\"#ff0000\">".to_string()),
        Just("<v 林>".to_string()),
        Just("<c.loud>".to_string()),
        Just("<00:00:01.500>".to_string()),
        Just("&amp;&lt;&".to_string()),
        Just("<".to_string()),
        Just("-->".to_string()),
        Just(",".to_string()),
        Just(" ".to_string()),
        Just("\t".to_string()),
        Just("你好".to_string()),
        Just("سلام\u{200c}ها".to_string()),
        "\\PC{0,6}",
        ".{0,4}",
    ];
    prop::collection::vec(piece, 0..80).prop_map(|p| p.concat())
}

// ---------------------------------------------------------------- helpers

/// The characters shown in italics, in order, whitespace removed (writers may close and reopen
/// italics around a line break).
fn italic_chars(text: &RichText) -> String {
    let mut on = false;
    let mut out = String::new();
    for inline in text.inlines().iter() {
        match inline {
            Inline::Tag(tag) => {
                for e in &tag.effects {
                    match e {
                        Effect::Italic(b) => on = *b,
                        Effect::Reset(_) => on = false,
                        _ => {}
                    }
                }
            }
            Inline::Text(t) if on => out.extend(t.chars().filter(|c| !c.is_whitespace())),
            _ => {}
        }
    }
    out
}

/// What a reader must recover from a writer, per cue: (start, end, plain text, italic text).
fn essence(track: &Track, format: Format) -> Vec<(i64, i64, String, String)> {
    let round = |t: Timestamp| match format {
        // ASS keeps centiseconds, rounded to nearest.
        Format::Ass => (t.0.max(0) + 5) / 10 * 10,
        _ => t.0,
    };
    track
        .cues
        .iter()
        .map(|c| {
            (
                round(c.start),
                round(c.end),
                c.text.to_plain(),
                italic_chars(&c.text),
            )
        })
        .collect()
}

fn warnings(diags: &[subloc::diag::Diagnostic]) -> Vec<String> {
    diags
        .iter()
        .filter(|d| d.severity >= subloc::diag::Severity::Warning)
        .map(|d| format!("{}@{}:{} {:?}", d.rule, d.line, d.column, d.args))
        .collect()
}

/// Paragraph texts of a TTML document (`<br/>` as `\n`), failing on any XML error.
fn ttml_paragraphs(xml: &str) -> Result<Vec<String>, String> {
    let mut reader = Reader::from_str(xml);
    let mut paras = Vec::new();
    let mut cur: Option<String> = None;
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) if e.name().as_ref() == "p" => cur = Some(String::new()),
            Event::End(e) if e.name().as_ref() == "p" => paras.extend(cur.take()),
            Event::Empty(e) if e.name().as_ref() == "br" => {
                if let Some(p) = cur.as_mut() {
                    p.push('\n');
                }
            }
            Event::Text(t) => {
                if let Some(p) = cur.as_mut() {
                    p.push_str(&t);
                }
            }
            Event::GeneralRef(r) => {
                let raw = format!("&{};", &*r);
                let s = quick_xml::escape::unescape(&raw).map_err(|e| e.to_string())?;
                if let Some(p) = cur.as_mut() {
                    p.push_str(&s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(paras)
}

// ---------------------------------------------------------------- properties

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Every text writer's output reads back to the same cues, cleanly, and writing what was read
    /// reproduces the file byte for byte.
    #[test]
    fn generated_tracks_round_trip_through_every_writer(track in track()) {
        for format in TEXT_FORMATS {
            let (text, wdiags) = format::write(&track, format);
            prop_assert!(warnings(&wdiags).is_empty(), "{format:?} writer: {:?}", warnings(&wdiags));
            let loaded = format::parse(text.clone(), format);
            prop_assert!(
                warnings(&loaded.diagnostics).is_empty(),
                "{format:?} reader: {:?}\n{text}",
                warnings(&loaded.diagnostics)
            );
            prop_assert_eq!(loaded.track.cues.len(), track.cues.len(), "{:?}\n{}", format, text);
            prop_assert_eq!(
                essence(&loaded.track, format),
                essence(&track, format),
                "{:?}\n{}", format, text
            );
            let (again, _) = format::write(&loaded.track, format);
            prop_assert_eq!(&again, &text, "{:?}: untouched track not written back identically", format);
        }
    }

    /// A file as users have them (BOM, CRLF or CR, UTF-16) goes through read_bytes/write_bytes
    /// unchanged when written back to its own format.
    #[test]
    fn files_round_trip_byte_identically(
        track in track(),
        le in prop_oneof![Just(LineEnding::Lf), Just(LineEnding::CrLf), Just(LineEnding::Cr)],
        bom in any::<bool>(),
        utf16 in any::<bool>(),
    ) {
        for format in TEXT_FORMATS {
            let (text, _) = format::write(&track, format);
            let text = format::encoding::normalize_line_endings(&text, le).into_owned();
            let enc = if utf16 { encoding_rs::UTF_16LE } else { encoding_rs::UTF_8 };
            let (bytes, _) = format::encoding::encode(&text, enc, bom || utf16);
            let opts = ReadOptions { format: Some(format), ..ReadOptions::default() };
            let loaded = format::read_bytes(bytes.clone(), None, &opts)
                .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
            prop_assert_eq!(loaded.track.facts.line_ending, le);
            let expected_bom = match (utf16, bom) {
                (true, _) => Bom::Utf16Le,
                (false, true) => Bom::Utf8,
                (false, false) => Bom::None,
            };
            prop_assert_eq!(loaded.track.facts.bom, expected_bom);
            prop_assert_eq!(loaded.track.cues.len(), track.cues.len());
            let wopts = WriteOptions { encoding: Some(enc), ..WriteOptions::default() };
            let (out, _) = format::write_bytes(&loaded.track, format, &wopts);
            prop_assert!(out == bytes, "{:?} {:?} bom={} utf16={}: bytes differ", format, le, bom, utf16);
        }
    }

    /// TTML output is well-formed XML with one paragraph per cue carrying the cue's text.
    #[test]
    fn ttml_is_well_formed(track in track()) {
        let (xml, diags) = format::write(&track, Format::Ttml);
        prop_assert!(warnings(&diags).is_empty(), "{:?}", warnings(&diags));
        let paras = ttml_paragraphs(&xml).map_err(TestCaseError::fail)?;
        let plain: Vec<String> = track.cues.iter().map(|c| c.text.to_plain()).collect();
        prop_assert_eq!(paras, plain);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// No reader panics on arbitrary bytes, whatever format is forced or detected.
    #[test]
    fn read_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        for format in [None, Some(Format::Srt), Some(Format::Vtt), Some(Format::Ass), Some(Format::Ttml)] {
            let opts = ReadOptions { format, ..ReadOptions::default() };
            if let Ok(loaded) = format::read_bytes(bytes.clone(), None, &opts) {
                for to in [Format::Srt, Format::Vtt, Format::Ass, Format::Ttml] {
                    let _ = format::write_bytes(&loaded.track, to, &WriteOptions::default());
                }
            }
        }
    }

    /// No parser panics on arbitrary or subtitle-shaped text, every writer accepts what it
    /// produced, and an untouched parse is written back exactly (the lossless contract).
    #[test]
    fn parsers_never_panic_and_are_lossless(
        text in prop_oneof![subtitle_like(), "\\PC{0,400}", ".{0,400}"],
    ) {
        for format in TEXT_FORMATS {
            let loaded = format::parse(text.clone(), format);
            for to in [Format::Srt, Format::Vtt, Format::Ass, Format::Ttml] {
                let _ = format::write(&loaded.track, to);
            }
            let (again, _) = format::write(&loaded.track, format);
            prop_assert!(again == text, "{:?} not lossless for {:?}\ngot {:?}", format, text, again);
        }
    }
}

// ---------------------------------------------------------------- ASS overrides to SRT/WebVTT

/// One piece of an ASS event's text: a word, or an override block that toggles formatting the
/// way real scripts do (opened and never closed, reset to the line's or another style).
fn ass_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => word(),
        1 => prop_oneof![
            Just(r"{\i1}"), Just(r"{\i0}"), Just(r"{\b1}"), Just(r"{\b0}"), Just(r"{\u1}"),
            Just(r"{\c&H0000FF&}"), Just(r"{\c&H00FF00&\b1}"), Just(r"{\c}"), Just(r"{\r}"),
            Just(r"{\rThought}"), Just(r"{\i1\b1}"), Just(r"\N"),
        ]
        .prop_map(str::to_string),
    ]
}

/// An ASS script with an italic `Thought` style and 1–12 events in random time order.
fn ass_script() -> impl Strategy<Value = String> {
    let event = (
        0i64..60_000,
        1i64..5_000,
        any::<bool>(),
        prop::collection::vec(ass_piece(), 1..12),
    );
    prop::collection::vec(event, 1..12).prop_map(|events| {
        let mut s = String::from(
            "[Script Info]\nScriptType: v4.00+\n\n[V4+ Styles]\n\
             Format: Name, Fontname, Fontsize, Bold, Italic, Alignment\n\
             Style: Default,Arial,20,0,0,2\nStyle: Thought,Arial,20,0,-1,2\n\n[Events]\n\
             Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n",
        );
        let clock = |ms: i64| {
            let cs = ms / 10;
            format!(
                "{}:{:02}:{:02}.{:02}",
                cs / 360_000,
                cs / 6000 % 60,
                cs / 100 % 60,
                cs % 100
            )
        };
        for (start, dur, thought, pieces) in events {
            let style = if thought { "Thought" } else { "Default" };
            let text = pieces.join(" ");
            s.push_str(&format!(
                "Dialogue: 0,{},{},{style},,0,0,0,,{text}\n",
                clock(start),
                clock(start + dur)
            ));
        }
        s
    })
}

/// The characters an ASS renderer shows in italics, whitespace removed: the style's italics
/// until an override changes them; `{\r}` returns to the line's style, `{\rThought}` to Thought's.
fn ass_italic_chars(cue: &Cue) -> String {
    let base = cue.style() == Some("Thought");
    let mut on = base;
    let mut out = String::new();
    for inline in cue.text.inlines().iter() {
        match inline {
            Inline::Tag(tag) => {
                for e in &tag.effects {
                    match e {
                        Effect::Italic(b) => on = *b,
                        Effect::Reset(None) => on = base,
                        Effect::Reset(Some(name)) => on = name == "Thought",
                        _ => {}
                    }
                }
            }
            Inline::Text(t) if on => out.extend(t.chars().filter(|c| !c.is_whitespace())),
            _ => {}
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// ASS as real scripts write it, converted to SRT and WebVTT, reads back through subloc's own
    /// reader with no finding (markup closed and nested), the same cues in time order, and the
    /// same words in italics — resets and the style's own italics included.
    #[test]
    fn ass_overrides_convert_to_well_formed_markup_in_time_order(script in ass_script()) {
        let source = format::parse(script.clone(), Format::Ass);
        prop_assert!(source.diagnostics.is_empty(), "{:?}", source.diagnostics);
        let mut track = source.track;
        for to in [Format::Srt, Format::Vtt] {
            let mut sorted = track.clone();
            format::put_in_time_order(&mut sorted, to);
            let starts: Vec<i64> = sorted.cues.iter().map(|c| c.start.ms()).collect();
            prop_assert!(starts.is_sorted(), "{starts:?}");
            let (text, _) = format::write(&sorted, to);
            let back = format::parse(text.clone(), to);
            prop_assert!(back.diagnostics.is_empty(), "{:?} reader: {:?}\n{}", to, back.diagnostics, text);
            prop_assert_eq!(back.track.cues.len(), sorted.cues.len());
            for (ours, theirs) in back.track.cues.iter().zip(&sorted.cues) {
                prop_assert_eq!(ours.start, theirs.start);
                prop_assert_eq!(italic_chars(&ours.text), ass_italic_chars(theirs), "{}", text);
            }
        }
        // Writing back to ASS keeps the script's own order (lossless).
        prop_assert!(!format::put_in_time_order(&mut track, Format::Ass));
    }
}
