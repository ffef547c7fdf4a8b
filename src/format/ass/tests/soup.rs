//! A no-panic, lossless-round-trip loop over random script-shaped input.

use super::*;

/// Deterministic generator for the no-panic loop (no extra dependency).
pub(super) struct Lcg(pub(super) u64);

impl Lcg {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    pub(super) fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let i = (self.next() as usize) % items.len();
        items[i]
    }
}

const TOKENS: &[&str] = &[
    "[Script Info]",
    "[Events]",
    "[V4+ Styles]",
    "[V4 Styles]",
    "[Fonts]",
    "[Garbage]",
    "\n",
    "\r\n",
    "\r",
    "Format: ",
    "Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text",
    "Start, End, Text",
    "Dialogue: ",
    "Comment: ",
    "Style: ",
    "0,",
    "0:00:01.00,",
    "1:2:3.4567,",
    "99999999999999999999:00:00.00,",
    "Default,",
    ",",
    ",,",
    "{",
    "}",
    "{\\",
    "\\",
    "\\N",
    "\\n",
    "\\h",
    "\\p1",
    "\\p0",
    "\\pos(",
    "\\t(",
    "\\clip(m 0 0 l",
    ")",
    "(",
    "\\i1",
    "\\b700",
    "\\c&H",
    "&HFFFFFF&",
    "\\k",
    "\\an",
    "9",
    "-1",
    "\\r",
    "\\fad(1,2",
    "琉璃",
    "é",
    " ",
    ";",
    "!:",
    "Marked=",
    ":",
    "ScriptType: v4.00",
    "\u{feff}",
    "\t",
    "x",
    "{\\i1}",
    "{\\p1}m 0 0 l 1 1",
    "{\\p0}",
    "{\\an8\\pos(1,2)\\fad(1,2)}",
    "{\\t(0,1,\\clip(m 0 0 l 1 1))}",
    "{note}",
    "{\\k20}",
];

/// Lines that are mostly shaped like a script (headers, Format, near-valid events) with
/// random tokens spliced in, joined by random line endings.
pub(super) fn soup(rng: &mut Lcg) -> String {
    let mut s = String::new();
    for _ in 0..rng.next() % 12 {
        match rng.next() % 6 {
            0 => s.push_str(rng.pick(&["[Events]", "[V4 Styles]", "[Fonts]", "[Garbage]"])),
            1 => {
                s.push_str("Format: ");
                s.push_str(rng.pick(&[
                    "Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text",
                    "Marked, Start, End, Style, Actor, MarginL, MarginR, MarginV, Effect, Text",
                    "Start, End, Text",
                    "Text, End",
                ]));
            }
            2..=4 => {
                s.push_str(rng.pick(&["Dialogue: ", "Comment: ", "dialogue:", "Dialogue:"]));
                s.push_str(rng.pick(&["0,", "Marked=0,", "", "-5,"]));
                s.push_str(rng.pick(&["0:00:01.00,", "1:2:3.4567,", "x,", ""]));
                s.push_str(rng.pick(&["0:00:02.00,", "0:00:00.5,", "99999999999999999999:0:0,"]));
                s.push_str(rng.pick(&["Default,Lin,0,0,0,,", "Sign,,10,20,30,Banner;2,", ",,"]));
                for _ in 0..rng.next() % 8 {
                    s.push_str(rng.pick(TOKENS));
                }
            }
            _ => {
                for _ in 0..rng.next() % 8 {
                    s.push_str(rng.pick(TOKENS));
                }
            }
        }
        s.push_str(rng.pick(&["\n", "\r\n", "\r", "\n\n"]));
    }
    if rng.next().is_multiple_of(4) {
        s.pop();
    }
    s
}

#[test]
fn token_soup_never_panics_and_round_trips() {
    let mut rng = Lcg(0x5EED_0A55);
    let (mut cues, mut diags, mut tags) = (0, 0, 0);
    for round in 0..3000 {
        let chars: String = (0..rng.next() % 120)
            .map(|_| {
                const ALPHABET: &[char] = &[
                    '{', '}', '\\', '(', ')', ',', ':', '\n', '\r', 'D', 'i', 'a', 'l', 'o', 'g',
                    'u', 'e', '0', '1', '.', 'p', 'N', 'é', '林', ' ', '[', ']', ';', '\u{feff}',
                ];
                ALPHABET[(rng.next() as usize) % ALPHABET.len()]
            })
            .collect();
        let (mut t, _) = parse(chars.clone());
        t.format = Some(Format::Ass);
        assert_eq!(write(&t).0, chars);
        let _ = ass_tags::parse_block(&chars);
        let s = soup(&mut rng);
        let block = format!("{{{s}}}");
        let _ = ass_tags::parse_block(&block);
        let _ = ass_tags::parse_block(&s);
        let (mut track, d) = parse(s.clone());
        cues += track.cues.len();
        diags += d.len();
        tags += track
            .cues
            .iter()
            .map(|c| c.text.tags().count())
            .sum::<usize>();
        track.format = Some(Format::Ass);
        let (out, _) = write(&track);
        assert_eq!(out, s, "round {round}");
        // Deleting cues keeps everything else.
        let mut pruned = track.clone();
        let before = pruned.cues.len();
        pruned.cues.retain(|c| c.id % 3 != 1);
        let kept = pruned.cues.len();
        let (out, _) = write(&pruned);
        let (again, _) = parse(out);
        assert_eq!(
            again.cues.len(),
            kept,
            "round {round}: {s:?} ({before} cues)"
        );
        // Regenerating every cue must not panic either, and must stay readable.
        for c in &mut track.cues {
            c.end = Timestamp(c.end.0.saturating_add(10));
        }
        let (out, _) = write(&track);
        let (again, _) = parse(out);
        assert_eq!(again.cues.len(), track.cues.len(), "round {round}: {s:?}");
        track.source = None;
        let _ = write(&track);
    }
    // The soup must actually reach the interesting paths.
    assert!(
        cues > 1000 && diags > 1000 && tags > 300,
        "{cues} {diags} {tags}"
    );
}
