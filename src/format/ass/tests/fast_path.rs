//! The event fast path (`fast.rs`) against the general path: the same track and diagnostics for
//! the repository's scripts, generated scripts and every bail-out case, and the fast path taken
//! exactly where it should be (a fast path that never fired would pass the comparisons).

use super::super::event::EventScratch;
use super::super::fast::parse_event_fast;
use super::super::read::parse_with;
use super::soup::{Lcg, soup};
use super::*;

/// Parses `src` with and without the fast path and requires the same track (every field and
/// origin, through `Debug`; each cue pristine in both — fingerprints themselves name the source
/// each parse read, `model::Text`) and the same diagnostics.
fn same(src: &str) {
    let comparable = |mut t: Track| {
        for cue in &mut t.cues {
            let pristine = cue.is_pristine();
            assert!(
                pristine,
                "cue {} not pristine after reading {src:?}",
                cue.id
            );
            if let Some(o) = cue.origin.as_mut() {
                o.fingerprint = std::num::NonZeroU64::MIN;
            }
        }
        t
    };
    let (fast, fast_diags) = parse_with(src.to_string(), true);
    let (general, general_diags) = parse_with(src.to_string(), false);
    let (fast, general) = (comparable(fast), comparable(general));
    assert_eq!(
        format!("{fast:#?}"),
        format!("{general:#?}"),
        "track differs for {src:?}"
    );
    assert_eq!(fast_diags, general_diags, "diagnostics differ for {src:?}");
}

const HEAD: &str = "[Script Info]\nScriptType: v4.00+\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n";
const V4_HEAD: &str = "[Script Info]\nScriptType: v4.00\n\n[V4 Styles]\n\n[Events]\nFormat: Marked, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n";

/// Event lines around the common shape: what the fast path reads, and what it leaves alone.
const LINES: &[&str] = &[
    "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,plain",
    "Dialogue: 0,0:00:01.00,0:00:02.00,Default,林婉清,0,0,0,,这件琉璃是真的吗？",
    "Comment: 0,0:00:00.00,0:00:00.00,Default,,0,0,0,,翻译：待定",
    "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Yes, yes, commas, in text",
    "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,{\\i1}师父，{\\i0}真的",
    "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,假的。\\N你看\\n这里\\h空",
    "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,{\\p1}m 0 0 l 1 1{\\p0}after",
    "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,{unclosed",
    "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,trailing backslash\\",
    "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,",
    "Dialogue: 10,0:00:06.10,0:00:08.00,Sign,,0,0,0,Banner;20,{\\an8\\pos(960,80)}景德镇",
    "Dialogue: 0,0:00:08.10,0:00:10.00,Default,Amir,0000,0000,0020,,margins kept raw",
    "Dialogue: 0,12:34:56.78,23:59:59.99,Default,,0,0,0,,two hour digits",
    "Dialogue: 0,0:00:05.00,0:00:01.00,Default,,0,0,0,,end before start",
    "Dialogue:0,0:00:01.00,0:00:02.00,Default,,0,0,0,,no blank after the colon",
    "Dialogue: \t 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,blanks after the colon",
    "Dialogue: -3,0:00:01.00,0:00:02.00,Default,,0,0,0,,negative layer",
    "Dialogue: x,0:00:01.00,0:00:02.00, Default , Lin ,0,0,0,,junk layer, padded style",
    "Dialogue: 0,0:75:99.00,0:00:02.00,Default,,0,0,0,,minutes and seconds past 59",
    "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,text\u{feff}with odd characters é",
    // Bail-outs: the general path reads these.
    "Dialogue: 0,-0:00:01.00,0:00:02.00,Default,,0,0,0,,negative start",
    "Dialogue: 0,0:00:01.00,-0:00:02.00,Default,,0,0,0,,negative end",
    "Dialogue: 0,0:00:01.500,0:00:02.00,Default,,0,0,0,,three-digit fraction",
    "Dialogue: 0,0:00:01.5,0:00:02.00,Default,,0,0,0,,one-digit fraction",
    "Dialogue: 0,0:00:01,50,0:00:02.00,Default,,0,0,0,,comma fraction",
    "Dialogue: 0, 0:00:01.00,0:00:02.00,Default,,0,0,0,,blank before a time",
    "Dialogue: 0,0:00:01.00 ,0:00:02.00,Default,,0,0,0,,blank after a time",
    "Dialogue: 0,0:0:01.00,0:00:02.00,Default,,0,0,0,,one-digit minutes",
    "Dialogue: 0,123:00:00.00,0:00:02.00,Default,,0,0,0,,three hour digits",
    "Dialogue: 0,00:01.00,0:00:02.00,Default,,0,0,0,,no hours",
    "Dialogue: 0,0:00:01,0:00:02.00,Default,,0,0,0,,no fraction",
    "Dialogue: 0,0:00:0x.00,0:00:02.00,Default,,0,0,0,,not a digit",
    "Dialogue: 0,,0:00:02.00,Default,,0,0,0,,empty start",
    "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0",
    "Dialogue: 0,0:00:01.00,0:00:02.00",
    "Dialogue: 0,0:00:01.00",
    "Dialogue:",
];

#[test]
fn every_case_reads_the_same_with_and_without_the_fast_path() {
    for line in LINES {
        for head in [HEAD, V4_HEAD, ""] {
            for eol in ["\n", "\r\n", "\r", ""] {
                same(&format!("{head}{line}{eol}"));
                // After a first line, with the meta table warm.
                same(&format!("{head}{}\n{line}{eol}", LINES[1]));
            }
        }
    }
    // And all of them in one script, in both orders.
    let all = LINES.join("\n");
    same(&format!("{HEAD}{all}\n"));
    let rev: Vec<&str> = LINES.iter().rev().copied().collect();
    same(&format!("{V4_HEAD}{}\n", rev.join("\r\n")));
}

#[test]
fn the_fast_path_takes_the_common_shape_and_leaves_the_rest() {
    let (v4p, v4) = (
        EventFormat::from_static(V4P_EVENTS),
        EventFormat::from_static(V4_EVENTS),
    );
    let mut scratch = EventScratch::default();
    let taken = |line: &str, fmt: &EventFormat, scratch: &mut EventScratch| {
        let kind = if line.starts_with("Comment") {
            CueKind::Comment
        } else {
            CueKind::Dialogue
        };
        let off = line.find(':').map_or(0, |c| c + 1);
        parse_event_fast(line, off, fmt, kind, scratch).is_some()
    };
    let first_bail = LINES
        .iter()
        .position(|l| l.contains("negative start"))
        .unwrap();
    for (i, line) in LINES.iter().enumerate() {
        assert_eq!(taken(line, &v4p, &mut scratch), i < first_bail, "{line}");
    }
    let marked =
        "Dialogue: Marked=1,0:00:01.00,0:00:02.00,Default,NTP,0000,0000,0000,!Effect,Hello, world";
    assert!(taken(marked, &v4, &mut scratch));
    // Formats the fast path does not read at all.
    for names in [
        &["Start", "End", "Style"][..],
        &["Start", "Start", "End", "Text"],
        &["Start", "End", "End", "Text"],
        &["Layer", "End", "Text"],
    ] {
        let fmt = EventFormat::from_static(names);
        assert!(!taken(
            "Dialogue: 0:00:01.00,0:00:02.00,x,y",
            &fmt,
            &mut scratch
        ));
    }
    // Any order of the fields, as long as there is one Start, one End and Text last.
    let odd = EventFormat::from_static(&["End", "Style", "Start", "Text"]);
    assert!(taken(
        "Dialogue: 0:00:02.00,Sign,0:00:01.00,x",
        &odd,
        &mut scratch
    ));
}

#[test]
fn plain_lines_are_kept_as_one_range() {
    let texts = [
        ("第一行\\N第二行", true),
        ("plain, with commas", true),
        ("a\\Nb\\Nc", true),
        ("{\\i1}x", false),
        ("a\\nb", false),
        ("a\\hb", false),
        ("\\Nleading", false),
        ("trailing\\N", false),
        ("a\\N\\Nb", false),
        ("back\\slash", false),
        ("", false),
    ];
    let mut src = HEAD.to_string();
    for (text, _) in texts {
        src.push_str(&format!(
            "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,{text}\r\n"
        ));
    }
    let (track, _) = parse_with(src.clone(), true);
    let kept: Vec<(&str, bool)> = texts
        .iter()
        .zip(&track.cues)
        .map(|((text, _), cue)| (*text, cue.text.is_lines_form()))
        .collect();
    assert_eq!(kept, texts);
    same(&src);
}

#[test]
fn odd_field_orders_read_the_same() {
    for format in [
        "Start, End, Text",
        "End, Style, Start, Text",
        "Text, Start, End",
        "Start, End, Style, Name, Effect, Layer, MarginV, Text",
        "Layer, Start, Start, End, Text",
        "Layer, Start, End, End, Text",
        "Layer, Start, End, A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, Text",
    ] {
        for line in [
            "Dialogue: 0:00:01.00,0:00:02.00,a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q",
            "Dialogue: 0,0:00:01.00,0:00:02.00,Sign,,0,0,0,,x, y",
            "Dialogue: 0:00:01.00,Sign,0:00:02.00,x, y",
            "Comment: 0:00:01.00,0:00:02.00",
        ] {
            same(&format!("[Events]\nFormat: {format}\n{line}\n{line}\n"));
        }
    }
}

#[test]
fn a_later_format_line_gives_the_same_fields_other_meanings() {
    // The same meta key under two orders: the fast path's table must start over too.
    let line = "Dialogue: 0,0:00:01.00,0:00:02.00,Default,Lin,0,0,0,,x";
    let src = format!(
        "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n{line}\n\
         Format: Layer, Start, End, Name, Style, MarginL, MarginR, MarginV, Effect, Text\n{line}\n"
    );
    same(&src);
    let (t, _) = parse_with(src, true);
    let who = |i: usize| (t.cues[i].style(), t.cues[i].speaker());
    assert_eq!(who(0), (Some("Default"), Some("Lin")));
    assert_eq!(who(1), (Some("Lin"), Some("Default")));
}

#[test]
fn repository_scripts_read_the_same() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut read = 0;
    for path in [
        dir.join("fansub_overrides.ass"),
        dir.join("karaoke_drawing.ass"),
        dir.join("ssa_v4.ssa"),
        dir.join("series/samples/ep01.ass"),
    ] {
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        same(text.trim_start_matches('\u{feff}'));
        read += 1;
    }
    assert_eq!(read, 4);
    for src in [AEGISUB, SSA_V4] {
        same(src);
    }
}

#[test]
fn generated_scripts_read_the_same() {
    let mut rng = Lcg(0xFA57_0A55);
    for _ in 0..3000 {
        same(&soup(&mut rng));
    }
    // Lines near the common shape, one part at a time swapped for an odd one.
    const LAYERS: &[&str] = &["0", "Marked=0", "", "-5", " 2"];
    const TIMES: &[&str] = &[
        "0:00:01.00",
        "9:59:59.99",
        "10:00:00.00",
        "0:00:01.0",
        "0:00:01.000",
        "-0:00:01.00",
        "0:00:01,00",
        " 0:00:01.00",
        "x",
        "",
    ];
    const MIDDLES: &[&str] = &["Default,,0,0,0,", "Sign,Lin,10,20,30,Banner;2", ",,,,", ","];
    const TEXTS: &[&str] = &["琉璃", "{\\i1}a{\\i0}", "a\\Nb", "a,b", "{", "", "\\"];
    let mut src = String::from(HEAD);
    for _ in 0..2000 {
        let line = format!(
            "{}: {},{},{},{},{}\n",
            rng.pick(&["Dialogue", "Comment"]),
            rng.pick(LAYERS),
            rng.pick(TIMES),
            rng.pick(TIMES),
            rng.pick(MIDDLES),
            rng.pick(TEXTS),
        );
        same(&format!("{HEAD}{line}"));
        src.push_str(&line);
    }
    same(&src);
}
