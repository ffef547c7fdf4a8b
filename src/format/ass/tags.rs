//! ASS override blocks `{\…}`: what each tag means (`Effect`s) and how to write effects back as
//! override tags. Used by the ASS reader/writer and by SRT, whose files often carry `{\an8}`.
//!
//! Tag names are matched the way libass and VSFilter do it: the longest known name that prefixes
//! the text after `\` wins (`\fade` before `\fad`, `\blur` before `\b`), and whatever follows is the
//! argument — up to the next `\`, or a parenthesised list (nested parentheses of `\t(…)` and
//! `\clip(…)` included). Numbers are read leniently (a numeric prefix, like C's `strtod`) because
//! renderers do the same; nothing here can panic or go quadratic on arbitrary input.

use crate::model::{Effect, Rgb, Tag, TagSyntax};

/// Parses one override block, `raw` being the whole `{…}` text (a block without `\` is a comment
/// and still returns a tag, with no effects).
pub fn parse_block(raw: &str) -> Tag {
    let inner = raw.strip_prefix('{').unwrap_or(raw);
    let inner = inner.strip_suffix('}').unwrap_or(inner);
    let mut effects = Vec::new();
    parse_tags(inner, &mut effects);
    Tag {
        syntax: TagSyntax::Ass,
        raw: raw.to_string(),
        effects,
    }
}

/// Renders effects as one override block (`{\i1\an8}`); returns the effects it could not express.
/// When nothing can be expressed the block is the empty string, not `{}`.
pub fn render_effects(effects: &[Effect]) -> (String, Vec<Effect>) {
    let mut out = String::new();
    let mut rest = Vec::new();
    for effect in effects {
        if !render_effect(effect, &mut out) {
            rest.push(effect.clone());
        }
    }
    if !out.is_empty() {
        out.insert(0, '{');
        out.push('}');
    }
    (out, rest)
}

/// Appends `effect` as one override tag (no braces); false when ASS has no tag for it.
pub(crate) fn render_effect(effect: &Effect, out: &mut String) -> bool {
    use std::fmt::Write as _;
    let flag = |on: bool| if on { '1' } else { '0' };
    match effect {
        Effect::Italic(on) => {
            out.push_str("\\i");
            out.push(flag(*on));
        }
        Effect::Bold(on) => {
            out.push_str("\\b");
            out.push(flag(*on));
        }
        Effect::Underline(on) => {
            out.push_str("\\u");
            out.push(flag(*on));
        }
        Effect::Strike(on) => {
            out.push_str("\\s");
            out.push(flag(*on));
        }
        // Bare `\c` resets to the style's primary colour, which is what "colour off" means.
        Effect::Color(None) => out.push_str("\\c"),
        Effect::Color(Some(Rgb(r, g, b))) => {
            let _ = write!(out, "\\c&H{b:02X}{g:02X}{r:02X}&");
        }
        Effect::Alignment(n @ 1..=9) => {
            let _ = write!(out, "\\an{n}");
        }
        Effect::Alignment(_) => return false,
        Effect::Position(x, y) => {
            let _ = write!(out, "\\pos({x},{y})");
        }
        Effect::Karaoke(cs) => {
            let _ = write!(out, "\\k{cs}");
        }
        Effect::Drawing(n) => {
            let _ = write!(out, "\\p{n}");
        }
        Effect::Reset(None) => out.push_str("\\r"),
        Effect::Reset(Some(name)) => {
            // A style name that would end the tag or the block cannot be written back, nor one
            // starting with `(` (read back as a parenthesised argument, losing that paren).
            if name.contains(['\\', '{', '}', '\n', '\r']) || name.starts_with('(') {
                return false;
            }
            out.push_str("\\r");
            out.push_str(name);
        }
        Effect::Voice(_) | Effect::Class(_) | Effect::Other(_) => return false,
    }
    true
}

/// Parses the content of a block (braces removed) into `effects`. Content without `\` is a
/// comment and yields nothing.
fn parse_tags(s: &str, effects: &mut Vec<Effect>) {
    walk_tags(s, |name, args, _| effects.push(tag_effect(name, args)));
}

/// Calls `visit(name, args, span)` for every tag of a block's content (braces removed), where
/// `args` is the argument text (inside the parentheses, if any) and `span` the byte range of the
/// whole tag from its `\` to the end of its arguments. Tags with an empty name are skipped.
fn walk_tags(s: &str, mut visit: impl FnMut(&str, &str, std::ops::Range<usize>)) {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(off) = find_byte(b, i, b'\\') {
        i = skip_blanks(b, off + 1);
        let rest = &b[i..];
        let name_len = match known_name(rest) {
            Some(n) => n.len(),
            // Unknown tag: its name is the run of ASCII letters (e.g. `\N`, `\xyz`).
            None => rest.iter().take_while(|c| c.is_ascii_alphabetic()).count(),
        };
        let name = &s[i..i + name_len];
        let after = skip_blanks(b, i + name_len);
        let (args, next) = if b.get(after) == Some(&b'(') {
            let close = matching_paren(b, after);
            let end = close.map_or(b.len(), |c| c + 1);
            let inner_end = close.unwrap_or(b.len());
            (&s[after + 1..inner_end], end)
        } else {
            let end = find_byte(b, i + name_len, b'\\').unwrap_or(b.len());
            (&s[i + name_len..end], end)
        };
        i = next;
        if name.is_empty() {
            continue;
        }
        visit(name, args, off..next);
    }
}

/// Rewrites the tags of one override block (`raw` is the whole `{…}` text): `edit(name, args)`
/// returns the replacement for a whole tag (`\pos(10,20)`), or `None` to keep it as written.
/// Everything else in the block — other tags, comments, spacing — is kept byte for byte.
pub fn rewrite_block(raw: &str, mut edit: impl FnMut(&str, &str) -> Option<String>) -> String {
    let (open, inner, close) = match raw.strip_prefix('{') {
        Some(rest) => match rest.strip_suffix('}') {
            Some(inner) => ("{", inner, "}"),
            None => ("{", rest, ""),
        },
        None => ("", raw, ""),
    };
    let mut out = String::with_capacity(raw.len() + 8);
    out.push_str(open);
    let mut kept = 0;
    walk_tags(inner, |name, args, span| {
        if let Some(new) = edit(name, args) {
            out.push_str(&inner[kept..span.start]);
            out.push_str(&new);
            kept = span.end;
        }
    });
    out.push_str(&inner[kept..]);
    out.push_str(close);
    out
}

/// The numbers of a parenthesised argument list (`10, 20.5`), read leniently as renderers do;
/// `None` when any part is not a number.
pub fn numbers(args: &str) -> Option<Vec<f64>> {
    args.split(',').map(lead_num).collect()
}

/// What one tag means, given its name and raw argument text (inside the parentheses, if any).
fn tag_effect(name: &str, args: &str) -> Effect {
    let other = || Effect::Other(name.to_string());
    match name {
        "i" => Effect::Italic(lead_int(args) == Some(1)),
        "u" => Effect::Underline(lead_int(args) == Some(1)),
        "s" => Effect::Strike(lead_int(args) == Some(1)),
        // `\b1` / `\b0`, or a font weight (100…900) that counts as bold above 400, as renderers do.
        "b" => Effect::Bold(match lead_int(args) {
            Some(1) => true,
            Some(w) if w >= 100 => w > 400,
            _ => false,
        }),
        "c" | "1c" => Effect::Color(parse_color(args)),
        "an" => match lead_int(args) {
            Some(n @ 1..=9) => Effect::Alignment(n as u8),
            _ => other(),
        },
        "a" => match lead_int(args).and_then(legacy_alignment) {
            Some(n) => Effect::Alignment(n),
            None => other(),
        },
        "pos" => match parse_pos(args) {
            Some((x, y)) => Effect::Position(x, y),
            None => other(),
        },
        // libass defaults an empty karaoke argument to 100 cs and accepts fractions.
        "k" | "K" | "kf" | "ko" => {
            let cs = lead_num(args).unwrap_or(100.0);
            Effect::Karaoke(round_clamped(cs, 0.0, f64::from(u32::MAX)) as u32)
        }
        "p" => Effect::Drawing(lead_int(args).unwrap_or(0).clamp(0, 255) as u8),
        "r" => {
            let style = args.trim();
            Effect::Reset((!style.is_empty()).then(|| style.to_string()))
        }
        _ => other(),
    }
}

/// SSA `\a` numbering (1–3 bottom, +4 top, +8 middle) to numpad `\an`; also the meaning of a
/// v4 style's `Alignment`.
pub(crate) fn legacy_alignment(a: i64) -> Option<u8> {
    let horizontal = a & 3;
    if !(1..=11).contains(&a) || horizontal == 0 || a & 12 == 12 {
        return None;
    }
    let row = if a & 4 != 0 {
        6
    } else if a & 8 != 0 {
        3
    } else {
        0
    };
    Some((row + horizontal) as u8)
}

/// `&HBBGGRR&` (the `&`, `H` and a leading alpha byte are optional). Empty → `None` (reset to the
/// style colour); text with no hex digits is treated the same.
fn parse_color(args: &str) -> Option<Rgb> {
    let t = args.trim().trim_start_matches('&');
    let t = t
        .strip_prefix('H')
        .or_else(|| t.strip_prefix('h'))
        .unwrap_or(t);
    let mut value: u32 = 0;
    let mut digits = 0;
    for c in t.chars() {
        let Some(d) = c.to_digit(16) else { break };
        // Only the low 32 bits matter (an 8-digit form carries alpha in the top byte).
        value = (value << 4) | d;
        digits += 1;
    }
    if digits == 0 {
        return None;
    }
    let [rr, gg, bb, _] = value.to_le_bytes();
    Some(Rgb(rr, gg, bb))
}

fn parse_pos(args: &str) -> Option<(i32, i32)> {
    let mut parts = args.split(',');
    let x = lead_num(parts.next()?)?;
    let y = lead_num(parts.next()?)?;
    if parts.next().is_some() {
        return None;
    }
    let lim = (f64::from(i32::MIN), f64::from(i32::MAX));
    Some((
        round_clamped(x, lim.0, lim.1) as i32,
        round_clamped(y, lim.0, lim.1) as i32,
    ))
}

fn round_clamped(v: f64, lo: f64, hi: f64) -> f64 {
    if v.is_nan() {
        return lo.max(0.0).min(hi);
    }
    v.round().clamp(lo, hi)
}

/// Integer prefix of `s` after blanks (`"700abc"` → 700), saturating; `None` without digits.
fn lead_int(s: &str) -> Option<i64> {
    let b = s.trim_start().as_bytes();
    let (neg, digits) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    let mut v: i64 = 0;
    let mut any = false;
    for &c in digits.iter().take_while(|c| c.is_ascii_digit()) {
        v = v.saturating_mul(10).saturating_add(i64::from(c - b'0'));
        any = true;
    }
    any.then_some(if neg { -v } else { v })
}

/// Decimal prefix of `s` after blanks (`"25.5x"` → 25.5); `None` without digits.
fn lead_num(s: &str) -> Option<f64> {
    let t = s.trim_start();
    let b = t.as_bytes();
    let mut end = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let int_digits = b[end..].iter().take_while(|c| c.is_ascii_digit()).count();
    end += int_digits;
    let mut frac_digits = 0;
    if b.get(end) == Some(&b'.') {
        frac_digits = b[end + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        end += 1 + frac_digits;
    }
    if int_digits + frac_digits == 0 {
        return None;
    }
    t[..end].parse().ok()
}

/// Index of the `)` closing the `(` at `open`, counting nesting (`\t(\clip(…))`).
fn matching_paren(b: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, &c) in b.iter().enumerate().skip(open) {
        match c {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

fn find_byte(b: &[u8], from: usize, needle: u8) -> Option<usize> {
    b.get(from..)?
        .iter()
        .position(|&c| c == needle)
        .map(|p| p + from)
}

fn skip_blanks(b: &[u8], i: usize) -> usize {
    // Every kind of white space `str::trim` removes from an argument is skipped here too, so a
    // tag reads the same after it is rendered back without that space (fuzzing found `\r\x0b(`
    // read as a reset to a style named "(" but written as `\r(`, which reads as a plain reset).
    let rest = b.get(i..).unwrap_or_default();
    let text = match std::str::from_utf8(rest) {
        Ok(t) => t,
        Err(e) => std::str::from_utf8(&rest[..e.valid_up_to()]).unwrap_or_default(),
    };
    let skipped: usize = text
        .chars()
        .take_while(|c| c.is_whitespace())
        .map(char::len_utf8)
        .sum();
    i + skipped
}

/// The longest known tag name at the start of `rest`. Per first letter, longer names come first so
/// a name never shadows a longer one it prefixes.
fn known_name(rest: &[u8]) -> Option<&'static str> {
    const NAMES: &[&str] = &[
        "1c", "1a", "2c", "2a", "3c", "3a", "4c", "4a", "alpha", "an", "a", "blur", "bord", "be",
        "b", "clip", "c", "fade", "fad", "fax", "fay", "fscx", "fscy", "fsp", "fs", "frx", "fry",
        "frz", "fr", "fe", "fn", "iclip", "i", "kf", "ko", "kt", "k", "K", "move", "org", "pbo",
        "pos", "p", "q", "r", "shad", "s", "t", "u", "xbord", "xshad", "ybord", "yshad",
    ];
    let first = *rest.first()?;
    NAMES
        .iter()
        .copied()
        .filter(|n| n.as_bytes().first() == Some(&first))
        .find(|n| rest.starts_with(n.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fx(raw: &str) -> Vec<Effect> {
        parse_block(raw).effects
    }

    #[test]
    fn basic_style_tags() {
        assert_eq!(
            fx(r"{\i1\b700\u1\s0}"),
            vec![
                Effect::Italic(true),
                Effect::Bold(true),
                Effect::Underline(true),
                Effect::Strike(false)
            ]
        );
        assert_eq!(
            fx(r"{\b400\b1\b0\b}"),
            vec![
                Effect::Bold(false),
                Effect::Bold(true),
                Effect::Bold(false),
                Effect::Bold(false)
            ]
        );
        assert_eq!(fx(r"{\i}"), vec![Effect::Italic(false)]);
    }

    #[test]
    fn colours_are_bgr() {
        assert_eq!(
            fx(r"{\c&H0000FF&\1c&HFFFFFF&\c&H00112233}"),
            vec![
                Effect::Color(Some(Rgb(255, 0, 0))),
                Effect::Color(Some(Rgb(255, 255, 255))),
                Effect::Color(Some(Rgb(0x33, 0x22, 0x11))),
            ]
        );
        assert_eq!(
            fx(r"{\c\1c}"),
            vec![Effect::Color(None), Effect::Color(None)]
        );
        assert_eq!(
            fx(r"{\3c&HFF&\alpha&H80&}"),
            vec![Effect::Other("3c".into()), Effect::Other("alpha".into())]
        );
    }

    #[test]
    fn position_alignment_and_legacy_alignment() {
        assert_eq!(
            fx(r"{\an8\pos(320.6,50.4)}"),
            vec![Effect::Alignment(8), Effect::Position(321, 50)]
        );
        // SSA: 5 = top left, 6 = top centre, 10 = middle centre, 3 = bottom right.
        assert_eq!(
            fx(r"{\a5\a6\a10\a3}"),
            vec![
                Effect::Alignment(7),
                Effect::Alignment(8),
                Effect::Alignment(5),
                Effect::Alignment(3)
            ]
        );
        assert_eq!(
            fx(r"{\an0\a4\pos(1)}"),
            vec![
                Effect::Other("an".into()),
                Effect::Other("a".into()),
                Effect::Other("pos".into())
            ]
        );
    }

    #[test]
    fn rewriting_a_block_touches_only_the_tags_it_replaces() {
        let raw = r"{comment\an8 \pos( 10.5 ,20)\t(\pos(1,2))\fs40}";
        let out = rewrite_block(raw, |name, args| match name {
            "pos" => numbers(args).map(|n| format!(r"\pos({},{})", n[0] * 2.0, n[1] * 2.0)),
            _ => None,
        });
        // The `\pos` inside `\t(…)` is an argument of `\t`, not a tag of the block.
        assert_eq!(out, r"{comment\an8 \pos(21,40)\t(\pos(1,2))\fs40}");
        assert_eq!(rewrite_block(r"{\i1", |_, _| None), r"{\i1");
        assert_eq!(numbers("1, 2.5,x"), None);
    }

    #[test]
    fn karaoke_drawing_reset() {
        assert_eq!(
            fx(r"{\k25\K10\kf30\ko5\k}"),
            vec![
                Effect::Karaoke(25),
                Effect::Karaoke(10),
                Effect::Karaoke(30),
                Effect::Karaoke(5),
                Effect::Karaoke(100)
            ]
        );
        assert_eq!(fx(r"{\p1}"), vec![Effect::Drawing(1)]);
        assert_eq!(
            fx(r"{\p0\r\rSign Top}"),
            vec![
                Effect::Drawing(0),
                Effect::Reset(None),
                Effect::Reset(Some("Sign Top".into()))
            ]
        );
    }

    #[test]
    fn longest_name_wins_and_args_nest() {
        assert_eq!(
            fx(
                r"{\fade(255,0,255,0,500,1000,1500)\fad(200,200)\blur2\bord3\be1\fnArial Bold\fs40\fscx120}"
            ),
            vec![
                Effect::Other("fade".into()),
                Effect::Other("fad".into()),
                Effect::Other("blur".into()),
                Effect::Other("bord".into()),
                Effect::Other("be".into()),
                Effect::Other("fn".into()),
                Effect::Other("fs".into()),
                Effect::Other("fscx".into()),
            ]
        );
        // The `\i1` inside `\t(…)` is animated, not a plain italic; the clip's drawing has no `\`.
        assert_eq!(
            fx(r"{\t(0,500,\frz30\clip(m 0 0 l 10 0 10 10))\i1\iclip(m 0 0 l 5 5)\move(1,2,3,4)}"),
            vec![
                Effect::Other("t".into()),
                Effect::Italic(true),
                Effect::Other("iclip".into()),
                Effect::Other("move".into()),
            ]
        );
        assert_eq!(
            fx(r"{\N\xyz12}"),
            vec![Effect::Other("N".into()), Effect::Other("xyz".into())]
        );
    }

    #[test]
    fn comment_block_has_no_effects() {
        let t = parse_block("{TL note: pun on 琉璃}");
        assert!(t.effects.is_empty());
        assert_eq!(t.raw, "{TL note: pun on 琉璃}");
        assert_eq!(t.syntax, TagSyntax::Ass);
    }

    #[test]
    fn malformed_input_is_tolerated() {
        assert_eq!(
            fx(r"{\pos(99999999999999999999,-1e400)}"),
            vec![Effect::Position(i32::MAX, -1)]
        );
        assert_eq!(
            fx(r"{\k-5\p999\an99999999999999999999999}"),
            vec![
                Effect::Karaoke(0),
                Effect::Drawing(255),
                Effect::Other("an".into())
            ]
        );
        // Unterminated parentheses swallow the rest of the block.
        assert_eq!(fx(r"{\t(\i1\b1"), vec![Effect::Other("t".into())]);
        assert_eq!(fx(r"{\ \\\(\)}"), Vec::<Effect>::new());
        assert_eq!(fx(r"{\c&HZZ&}"), vec![Effect::Color(None)]);
    }

    #[test]
    fn render_round_trips_expressible_effects() {
        let effects = vec![
            Effect::Italic(true),
            Effect::Bold(false),
            Effect::Underline(true),
            Effect::Strike(true),
            Effect::Color(Some(Rgb(0x12, 0x34, 0x56))),
            Effect::Color(None),
            Effect::Alignment(8),
            Effect::Position(-3, 40),
            Effect::Karaoke(25),
            Effect::Drawing(1),
            Effect::Reset(Some("Sign".into())),
            Effect::Reset(None),
        ];
        let (block, rest) = render_effects(&effects);
        assert!(rest.is_empty());
        assert_eq!(
            block,
            r"{\i1\b0\u1\s1\c&H563412&\c\an8\pos(-3,40)\k25\p1\rSign\r}"
        );
        assert_eq!(parse_block(&block).effects, effects);
    }

    #[test]
    fn render_reports_what_it_cannot_express() {
        let effects = vec![
            Effect::Voice(Some("Amir".into())),
            Effect::Italic(true),
            Effect::Class(Some("loud".into())),
            Effect::Other("ruby".into()),
            Effect::Alignment(0),
        ];
        let (block, rest) = render_effects(&effects);
        assert_eq!(block, r"{\i1}");
        assert_eq!(
            rest,
            vec![
                Effect::Voice(Some("Amir".into())),
                Effect::Class(Some("loud".into())),
                Effect::Other("ruby".into()),
                Effect::Alignment(0),
            ]
        );
        assert_eq!(render_effects(&[Effect::Other("x".into())]).0, "");
    }

    #[test]
    fn reset_followed_by_odd_space_and_paren_reads_the_same_after_rendering() {
        // Fuzz finding: a vertical tab before `(` once made `\r` take "(" as a style name.
        for raw in ["{\\r\u{b}(}", "{\\r\u{3000}(}", "{\\r (x)}"] {
            let tag = parse_block(raw);
            let (rendered, lost) = render_effects(&tag.effects);
            assert!(lost.is_empty(), "{raw}: {lost:?}");
            assert_eq!(
                parse_block(&rendered).effects,
                tag.effects,
                "{raw} -> {rendered}"
            );
        }
    }

    #[test]
    fn a_reset_style_starting_with_a_paren_is_kept_raw_not_rendered_lossily() {
        // Fuzz finding (fuzz_ass_tags, 10-minute run): `\r((((((` with no closing paren reads
        // as the style "(((((" — written back as `\r(((((` it read as "((((".
        let tag = parse_block("{kn11(((((s(fs\\r((((((}");
        assert_eq!(tag.effects, vec![Effect::Reset(Some("(((((".into()))]);
        let (rendered, lost) = render_effects(&tag.effects);
        assert_eq!(lost, tag.effects, "not expressible: left to the raw block");
        assert_eq!(rendered, "");
    }
}
