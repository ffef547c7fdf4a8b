//! Measuring with the real Noto fonts. Tests that need them skip with a note when they are not
//! installed, unless `SUBLOC_REQUIRE_FONTS=1` (`.ci/run`), where a missing font fails them.

use std::sync::Arc;

use super::*;
use crate::platform::{CountingMode, Profiles};

/// The installed faces for `script`, or `None` (after a note) when the fonts are missing and not
/// required.
#[expect(clippy::print_stderr, reason = "a skipped test says why")]
pub(crate) fn faces(fonts: &Fonts, script: &str) -> Option<Vec<Arc<Face>>> {
    let faces = fonts.faces_for(script, None);
    if faces.is_empty() {
        let wanted = fonts.wanted(script, None);
        let required = std::env::var("SUBLOC_REQUIRE_FONTS").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "no font for {script} ({wanted:?}) and SUBLOC_REQUIRE_FONTS=1"
        );
        eprintln!("note: skipped, no font for {script} installed ({wanted:?})");
        return None;
    }
    Some(faces)
}

fn measurer(script: &str, size: f64) -> Option<Measurer> {
    let fonts = Fonts::new(FontConfig::default());
    Measurer::shaped(faces(&fonts, script)?, size)
}

#[test]
fn widths_grow_with_text_and_size_and_differ_between_scripts() {
    let (Some(latin), Some(han), Some(arab)) = (
        measurer("Latn", 60.0),
        measurer("Hans", 60.0),
        measurer("Arab", 60.0),
    ) else {
        return;
    };
    assert_eq!(latin.family(), Some("Noto Sans"));
    assert_eq!(han.family(), Some("Noto Sans CJK SC"));
    assert!(arab.family().is_some_and(|f| f.contains("Arabic")));
    let short = latin.width("I will be");
    let long = latin.width("I will be right there.");
    assert!(short > 0.0 && long > short, "{short} {long}");
    // Proportional: narrow letters take less room than wide ones of the same count.
    assert!(latin.width("iiiiiiiiii") < latin.width("MMMMMMMMMM") / 2.0);
    // Linear in the size, as a renderer scales outlines.
    let double = latin.at_size(120.0).width("I will be right there.");
    assert!((double - 2.0 * long).abs() < 1e-6, "{double} {long}");
    // Han characters are full-width: four of them are wider than four Latin letters.
    assert!(han.width("你好世界") > latin.width("abcd"));
    // The same count of characters in three scripts: three different widths.
    let w = [
        latin.width("abcdef"),
        han.width("你好世界再见"),
        arab.width("ابپتثج"),
    ];
    assert!(w[0] != w[1] && w[1] != w[2] && w[0] != w[2], "{w:?}");
}

#[test]
fn persian_is_shaped_with_the_arabic_font() {
    let Some(arab) = measurer("Arab", 100.0) else {
        return;
    };
    // Joined (initial, medial, final) forms are narrower than the isolated forms a renderer
    // without shaping would draw letter by letter.
    for word in ["سلام", "بهتر", "کتاب‌ها", "می‌شود"] {
        let joined = arab.width(word);
        let isolated: f64 = word.chars().map(|c| arab.width(&c.to_string())).sum();
        assert!(
            joined < isolated - 1.0,
            "{word}: joined {joined} vs isolated {isolated}"
        );
    }
    // Latin digits and names in a Persian line are drawn (and measured) by the next face.
    let with_latin = arab.width("سلام Tehran 2024");
    assert!(with_latin > arab.width("سلام") + 100.0, "{with_latin}");
    // Direction marks the fitter adds take no room.
    assert!((arab.width("سلام\u{200f}") - arab.width("سلام")).abs() < 1e-6);
}

#[test]
fn a_missing_family_falls_back_to_counting_and_is_recorded_once() {
    let mut config = FontConfig::default();
    config
        .families
        .0
        .insert("Latn".into(), "No Such Family Anywhere".into());
    let fonts = Fonts::new(config);
    assert!(fonts.faces_for("Latn", None).is_empty());
    assert!(fonts.faces_for("Latn", None).is_empty());
    assert_eq!(
        fonts.missing(),
        vec![MissingFont {
            script: "Latn".into(),
            family: "No Such Family Anywhere".into(),
        }],
        "one entry however often it is asked for"
    );
    // The styles still name the configured family: the machine that renders may have it.
    assert_eq!(fonts.family_for("Latn", None), "No Such Family Anywhere");
    // And the canvas text set-up estimates widths from counted characters.
    let limits = Profiles::builtin()
        .unwrap()
        .resolve(
            "reelshort",
            Some(&"en".parse().unwrap()),
            Default::default(),
        )
        .unwrap();
    let t = canvas_text(Some(&fonts), &limits, "en", 916.0).unwrap();
    assert!(!t.measure.is_shaped());
    let estimate = Measurer::estimated(CountingMode::Latin, f64::from(t.size));
    assert_eq!(t.measure.width("abc def"), estimate.width("abc def"));
}

#[test]
fn the_derived_size_is_the_largest_at_which_a_typical_full_line_fits() {
    let fonts = Fonts::new(FontConfig::default());
    let profiles = Profiles::builtin().unwrap();
    for (lang, script) in [
        ("en", "Latn"),
        ("fa", "Arab"),
        ("zh-Hans", "Hans"),
        ("th", "Thai"),
    ] {
        if faces(&fonts, script).is_none() {
            continue;
        }
        let limits = profiles
            .resolve(
                "reelshort",
                Some(&lang.parse().unwrap()),
                Default::default(),
            )
            .unwrap();
        let room = safe_width(&limits).unwrap();
        let t = canvas_text(Some(&fonts), &limits, lang, room).unwrap();
        assert!(t.derived && t.measure.is_shaped(), "{lang}");
        let mode = limits.counting.copied().unwrap_or_default();
        let line = sample_line(script, limits.max_chars_per_line.copied().unwrap(), mode);
        let size = f64::from(t.size);
        assert!(t.measure.width(&line) <= room, "{lang}: {size}");
        assert!(
            t.measure.at_size(size + 1.0).width(&line) > room,
            "{lang}: {size} is not the largest"
        );
    }
}

#[test]
fn a_line_wider_than_its_room_wraps_like_libass() {
    let Some(latin) = measurer("Latn", 80.0) else {
        return;
    };
    let line = "We visited the workshop of the old master in the morning";
    let room = latin.width(line) / 2.5;
    let lines = wrap(&latin, line, room);
    assert!(lines.len() >= 3, "{lines:?}");
    assert!(lines.iter().all(|w| *w <= room), "{lines:?} > {room}");
    assert_eq!(wrap(&latin, "short", room).len(), 1);
    // One word wider than the room stays whole and sticks out.
    let word = wrap(&latin, "Incomprehensibilities", 100.0);
    assert_eq!(word.len(), 1);
    assert!(word[0] > 100.0);
}
