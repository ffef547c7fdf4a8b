//! Lines that place themselves, in a script laid out for a canvas: override positions (`\pos`,
//! `\move`, `\org`), override font sizes (`\fs`) and event margins are carried from the source
//! script's coordinate space into the canvas's, and a positioned line is moved, as little as
//! possible, so its text block stays inside the safe area. What cannot be kept inside (a block
//! wider or taller than the safe area) is returned for the delivery's findings.
//!
//! Why: `lay_out_for_canvas` (`canvas.rs`) changes `PlayResX`/`PlayResY` and the styles; a sign
//! positioned in a 1920 × 1080 script would otherwise land at 1920 × 1080 coordinates of a
//! 1080 × 1920 frame — off the right edge, or under the app's buttons. Coordinates are mapped the
//! way a renderer maps them between script and frame (each axis by its own ratio, so the sign
//! keeps its place relative to the picture), then shifted into the safe area. As in libass and
//! VSFilter, the first `\pos` or `\move` of a line is the one that places it
//! (https://aegisub.org/docs/latest/ass_tags/ "\pos"), so only that one is checked; all are mapped.

use std::collections::HashMap;

use crate::format::ass::tags::{numbers, parse_block, rewrite_block};
use crate::model::{CueKind, Effect, Inline, Style, TagSyntax, Track};
use crate::platform::limits::{Canvas, Insets};

/// Measures a line of text at a font size (both in canvas pixels): its rendered width.
pub type Measure<'a> = &'a dyn Fn(&str, f64) -> f64;

/// From the source script's coordinate space to the canvas.
#[derive(Debug, Clone, Copy)]
pub struct Mapping {
    /// Canvas pixels per script pixel, horizontally and vertically.
    pub scale: (f64, f64),
    pub canvas: Canvas,
    pub insets: Insets,
}

/// A style's alignment and its font size before and after the layout.
#[derive(Debug, Clone, Copy)]
pub struct StyleSize {
    pub alignment: u8,
    pub old: f64,
    pub new: f64,
}

impl StyleSize {
    fn ratio(&self) -> f64 {
        if self.old > 0.0 {
            self.new / self.old
        } else {
            1.0
        }
    }
}

/// Reads a style's alignment and font size (script pixels) before the layout changes it.
pub fn style_size(style: &Style) -> (u8, f64) {
    let num = |k: &str| style.field(k).and_then(|v| v.trim().parse::<f64>().ok());
    let alignment = num("Alignment")
        .map(|a| a as u8)
        .filter(|a| (1..=9).contains(a));
    (alignment.unwrap_or(2), num("Fontsize").unwrap_or(60.0))
}

/// Multiplier of a font size for the height of one rendered line: libass sizes a face so that
/// its ascent + descent equal the font size (`src/typeset/measure.rs` follows the same rule), so
/// lines stack one font size apart.
const LINE_HEIGHT: f64 = 1.0;

/// Maps every placed line of `track` into the canvas and keeps positioned ones inside the safe
/// area. Returns the ids of cues whose text block cannot fit the safe area wherever it is put.
pub fn keep_inside(
    track: &mut Track,
    map: &Mapping,
    sizes: &HashMap<String, StyleSize>,
    measure: Measure<'_>,
) -> Vec<u32> {
    let fallback = StyleSize {
        alignment: 2,
        old: 60.0,
        new: 60.0 * map.scale.1,
    };
    let mut outside = Vec::new();
    for cue in &mut track.cues {
        if cue.kind() == CueKind::Comment {
            continue;
        }
        let style = cue
            .style()
            .and_then(|s| sizes.get(s.trim_start_matches('*')))
            .copied()
            .unwrap_or(fallback);
        map_event_margins(cue, map, style.alignment);
        let placed = cue.text.tags().any(|t| {
            t.syntax == TagSyntax::Ass && t.effects.iter().any(|e| {
                matches!(e, Effect::Position(..))
                    || matches!(e, Effect::Other(n) if matches!(n.as_str(), "move" | "org" | "fs"))
            })
        });
        if !placed {
            continue;
        }
        // Where the block is and how big it is, from the tags as they will be after mapping.
        let mut alignment = style.alignment;
        let mut size = style.new;
        let mut anchor: Option<Vec<f64>> = None;
        for tag in cue.text.tags().filter(|t| t.syntax == TagSyntax::Ass) {
            walk_placement(&tag.raw, |name, nums| match (name, nums) {
                ("an", [n]) if (1.0..=9.0).contains(n) => alignment = *n as u8,
                ("fs", [n]) if *n > 0.0 => size = n * style.ratio(),
                ("pos", [x, y]) if anchor.is_none() => {
                    anchor = Some(vec![x * map.scale.0, y * map.scale.1]);
                }
                ("move", [x1, y1, x2, y2, ..]) if anchor.is_none() => {
                    anchor = Some(vec![
                        x1 * map.scale.0,
                        y1 * map.scale.1,
                        x2 * map.scale.0,
                        y2 * map.scale.1,
                    ]);
                }
                _ => {}
            });
        }
        let lines = cue.text.lines();
        let width = lines.iter().map(|l| measure(l, size)).fold(0.0, f64::max);
        let height = lines.len() as f64 * size * LINE_HEIGHT;
        let (shift, fits) = match &anchor {
            Some(points) => {
                let mut fits = true;
                let shifts: Vec<(f64, f64)> = points
                    .chunks(2)
                    .map(|p| {
                        let (s, ok) = shift_into(map, alignment, (p[0], p[1]), (width, height));
                        fits &= ok;
                        s
                    })
                    .collect();
                (shifts, fits)
            }
            None => (Vec::new(), true),
        };
        if !fits {
            outside.push(cue.id);
        }
        rewrite_cue(cue, map, style.ratio(), &shift);
    }
    outside
}

/// Calls `visit(name, numbers)` for the placement tags of one override block.
fn walk_placement(raw: &str, mut visit: impl FnMut(&str, &[f64])) {
    let _ = rewrite_block(raw, |name, args| {
        if matches!(name, "an" | "fs" | "pos" | "move") {
            let args = args.trim_start_matches('(').trim_end_matches(')');
            if let Some(n) = numbers(args) {
                visit(name, &n);
            }
        }
        None
    });
}

/// How far a block anchored at `at` with `alignment` must move to sit inside the safe area, and
/// whether it fits there at all (if not, it is centred on the safe area on that axis).
fn shift_into(
    map: &Mapping,
    alignment: u8,
    at: (f64, f64),
    size: (f64, f64),
) -> ((f64, f64), bool) {
    let safe_left = f64::from(map.insets.left);
    let safe_right = f64::from(map.canvas.width.saturating_sub(map.insets.right));
    let safe_top = f64::from(map.insets.top);
    let safe_bottom = f64::from(map.canvas.height.saturating_sub(map.insets.bottom));
    // Numpad alignment: column 1/4/7 anchors the left edge, 3/6/9 the right; row 1–3 the bottom,
    // 7–9 the top, 4–6 the middle.
    let left = match alignment % 3 {
        1 => at.0,
        2 => at.0 - size.0 / 2.0,
        _ => at.0 - size.0,
    };
    let top = match alignment {
        1..=3 => at.1 - size.1,
        4..=6 => at.1 - size.1 / 2.0,
        _ => at.1,
    };
    let axis = |start: f64, len: f64, lo: f64, hi: f64| -> (f64, bool) {
        if len > hi - lo {
            (lo + (hi - lo - len) / 2.0 - start, false)
        } else if start < lo {
            (lo - start, true)
        } else if start + len > hi {
            (hi - len - start, true)
        } else {
            (0.0, true)
        }
    };
    let (dx, fit_x) = axis(left, size.0, safe_left, safe_right);
    let (dy, fit_y) = axis(top, size.1, safe_top, safe_bottom);
    ((dx, dy), fit_x && fit_y)
}

/// Rewrites the placement tags of one cue: positions mapped and shifted (`shift` holds one shift
/// per point of the line's first `\pos`/`\move`), `\org` mapped with the first shift, `\fs`
/// scaled with its style.
fn rewrite_cue(cue: &mut crate::model::Cue, map: &Mapping, ratio: f64, shift: &[(f64, f64)]) {
    let (sx, sy) = map.scale;
    let first = shift.first().copied().unwrap_or((0.0, 0.0));
    let second = shift.get(1).copied().unwrap_or(first);
    let mut placed = false;
    let fmt = |v: f64| format!("{}", v.round() as i64);
    // A cue without override blocks is left as it is (kept as plain lines, `model::RichText`).
    if !cue.text.tags().any(|t| t.syntax == TagSyntax::Ass) {
        return;
    }
    for inline in cue.text.inlines_mut() {
        let Inline::Tag(tag) = inline else { continue };
        if tag.syntax != TagSyntax::Ass {
            continue;
        }
        let raw = rewrite_block(&tag.raw, |name, args| {
            let inner = args.trim_start_matches('(').trim_end_matches(')');
            let n = numbers(inner)?;
            let (d1, d2) = if placed {
                ((0.0, 0.0), (0.0, 0.0))
            } else {
                (first, second)
            };
            match (name, n.as_slice()) {
                ("pos", [x, y]) => {
                    placed = true;
                    Some(format!(
                        "\\pos({},{})",
                        fmt(x * sx + d1.0),
                        fmt(y * sy + d1.1)
                    ))
                }
                ("move", [x1, y1, x2, y2, rest @ ..]) => {
                    placed = true;
                    let times: String = rest.iter().map(|t| format!(",{}", fmt(*t))).collect();
                    Some(format!(
                        "\\move({},{},{},{}{times})",
                        fmt(x1 * sx + d1.0),
                        fmt(y1 * sy + d1.1),
                        fmt(x2 * sx + d2.0),
                        fmt(y2 * sy + d2.1)
                    ))
                }
                ("org", [x, y]) => Some(format!(
                    "\\org({},{})",
                    fmt(x * sx + first.0),
                    fmt(y * sy + first.1)
                )),
                ("fs", [s]) if *s > 0.0 => Some(format!("\\fs{}", fmt(s * ratio))),
                _ => None,
            }
        });
        if raw != tag.raw {
            *inline = Inline::tag(parse_block(&raw));
        }
    }
}

/// Event margins (non-zero ones override the style's) mapped into the canvas and kept clear of
/// the covered zones, as `canvas.rs` does for the styles' margins.
fn map_event_margins(cue: &mut crate::model::Cue, map: &Mapping, alignment: u8) {
    let Some(meta) = cue.meta() else { return };
    let set = |k: &str| {
        meta.fields
            .iter()
            .any(|(f, v)| f == k && v.trim().parse::<f64>().is_ok_and(|n| n != 0.0))
    };
    if !["MarginL", "MarginR", "MarginV"].iter().any(|k| set(k)) {
        return;
    }
    let (sx, sy) = map.scale;
    let floors = [
        ("MarginL", sx, map.insets.left),
        ("MarginR", sx, map.insets.right),
        ("MarginV", sy, vertical_floor(map.insets, alignment)),
    ];
    let meta = cue.meta_mut();
    for (key, scale, floor) in floors {
        if let Some((_, v)) = meta.fields.iter_mut().find(|(f, _)| f == key)
            && let Ok(n) = v.trim().parse::<f64>()
            && n != 0.0
        {
            *v = ((n * scale).round().max(0.0) as u32).max(floor).to_string();
        }
    }
}

/// The margin a line with `alignment` keeps from the edge it sits on: bottom alignments (1–3)
/// clear the bottom zone, top ones (7–9) the top zone, middle ones neither.
pub fn vertical_floor(insets: Insets, alignment: u8) -> u32 {
    match alignment {
        7..=9 => insets.top,
        4..=6 => 0,
        _ => insets.bottom,
    }
}

/// The rule-of-thumb width of a line when no font is measured: half an em per character, a full
/// em for wide (CJK) characters — the stand-in `canvas.rs` also sizes fonts with.
pub fn estimate(text: &str, size: f64) -> f64 {
    use unicode_width::UnicodeWidthChar;
    text.chars()
        .map(|c| match c.width() {
            Some(2) => size,
            Some(0) | None => 0.0,
            _ => size / 2.0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::super::canvas::lay_out_for_canvas;
    use crate::format::ass;
    use crate::platform::{Limits, Profiles};

    fn limits(platform: &str) -> Limits {
        Profiles::builtin()
            .unwrap()
            .resolve(platform, Some(&"en".parse().unwrap()), Default::default())
            .unwrap()
    }

    /// A 16:9 script (the usual fansub/studio layout) with the given event lines.
    fn script(events: &[&str]) -> crate::model::Track {
        let mut text = String::from(
            "[Script Info]\nScriptType: v4.00+\nPlayResX: 1920\nPlayResY: 1080\n\n\
             [V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, Bold, Italic, \
             Alignment, MarginL, MarginR, MarginV\n\
             Style: Default,Arial,60,&H00FFFFFF,0,0,2,40,40,40\n\
             Style: Sign,Arial,40,&H00FFFFFF,0,0,8,10,10,10\n\n\
             [Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n",
        );
        for e in events {
            text.push_str(e);
            text.push('\n');
        }
        let (track, diags) = ass::parse(text);
        assert!(diags.is_empty(), "{diags:?}");
        track
    }

    /// The numbers of the first `\name(…)` in the written line of cue `n` (0-based).
    fn tag_numbers(written: &str, n: usize, name: &str) -> Vec<i64> {
        let line = written
            .lines()
            .filter(|l| l.starts_with("Dialogue:"))
            .nth(n)
            .unwrap();
        let at = line.find(&format!("\\{name}(")).unwrap() + name.len() + 2;
        let end = at + line[at..].find(')').unwrap();
        line[at..end]
            .split(',')
            .map(|v| v.parse().unwrap())
            .collect()
    }

    #[test]
    fn a_sign_keeps_its_place_in_the_picture_and_moves_out_of_the_covered_zone() {
        let l = limits("reelshort");
        let (canvas, insets) = (l.canvas.copied().unwrap(), l.safe_area.copied().unwrap());
        let mut t = script(&[
            // Top centre of a 1920 × 1080 picture, under the app's top bar once mapped.
            r"Dialogue: 0,0:00:01.00,0:00:03.00,Sign,,0,0,0,,{\an8\pos(960,20)}TITLE",
            // Middle of the picture: already inside, only mapped.
            r"Dialogue: 0,0:00:01.00,0:00:03.00,Sign,,0,0,0,,{\an5\pos(960,540)}Shop",
            // Bottom right corner: right column and bottom bar.
            r"Dialogue: 0,0:00:01.00,0:00:03.00,Default,,0,0,0,,{\pos(1900,1070)}Exit",
        ]);
        let laid = lay_out_for_canvas(&mut t, &l, None).unwrap();
        assert!(laid.outside.is_empty(), "{:?}", laid.outside);
        let (written, _) = ass::write(&t);
        let top = tag_numbers(&written, 0, "pos");
        assert_eq!(top[0], i64::from(canvas.width / 2), "x keeps its share");
        assert_eq!(
            top[1],
            i64::from(insets.top),
            "moved just below the top zone"
        );
        let mid = tag_numbers(&written, 1, "pos");
        assert_eq!(mid, vec![540, 960]);
        let corner = tag_numbers(&written, 2, "pos");
        // Bottom-centre anchored: the text's right half and its baseline stay clear.
        assert!(
            corner[1] <= i64::from(canvas.height - insets.bottom),
            "{corner:?}"
        );
        assert!(
            corner[0] < i64::from(canvas.width - insets.right),
            "{corner:?}"
        );
        assert!(
            corner[0] > i64::from(canvas.width / 2),
            "moved no more than needed"
        );
    }

    #[test]
    fn moves_origins_font_sizes_and_event_margins_follow_the_canvas() {
        let l = limits("reelshort");
        let insets = l.safe_area.copied().unwrap();
        let mut t = script(&[
            r"Dialogue: 0,0:00:01.00,0:00:03.00,Sign,,0,0,0,,{\move(960,540,960,600,0,500)\org(960,540)\fs80}Go",
            r"Dialogue: 0,0:00:04.00,0:00:05.00,Default,,30,30,20,,Hello",
        ]);
        let laid = lay_out_for_canvas(&mut t, &l, None).unwrap();
        let (written, _) = ass::write(&t);
        // Each axis by its own ratio (1080/1920 and 1920/1080); the times are not coordinates.
        assert_eq!(
            tag_numbers(&written, 0, "move"),
            vec![540, 960, 540, 1067, 0, 500]
        );
        assert_eq!(tag_numbers(&written, 0, "org"), vec![540, 960]);
        // `\fs80` on a 40-point style doubles the style's new size.
        let fs = format!("\\fs{}", 2 * laid.font_size);
        assert!(written.contains(&fs), "{written}");
        // Event margins override the style's, so they are kept clear of the covered zones too.
        let hello = written.lines().find(|l| l.ends_with("Hello")).unwrap();
        let fields: Vec<&str> = hello.split(',').collect();
        assert_eq!(fields[5], insets.left.max(17).to_string());
        assert_eq!(fields[6], insets.right.to_string());
        assert_eq!(fields[7], insets.bottom.to_string());
    }

    #[test]
    fn a_sign_wider_than_the_safe_area_is_reported() {
        let l = limits("reelshort");
        let long = "W".repeat(200);
        let line =
            format!(r"Dialogue: 0,0:00:01.00,0:00:03.00,Sign,,0,0,0,,{{\pos(960,540)}}{long}");
        let mut t = script(&[
            &line,
            r"Dialogue: 0,0:00:04.00,0:00:05.00,Default,,0,0,0,,Fine",
        ]);
        let laid = lay_out_for_canvas(&mut t, &l, None).unwrap();
        assert_eq!(laid.outside, vec![t.cues[0].id]);
    }
}
