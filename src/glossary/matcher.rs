//! Finding glossary forms in text: normalisation with an offset map, word boundaries, and
//! leftmost-longest selection over an Aho-Corasick automaton.
//!
//! Text and patterns are normalised the same way: NFC, full-width ASCII folded to ASCII, every
//! run of whitespace (line breaks, U+00A0, U+3000 included) read as one space, and lowercased for
//! case-insensitive patterns. Matching happens on that normalised text; each hit is mapped back
//! to byte and char offsets in the original string through the offset map (lowercasing and NFC
//! can change byte lengths). A hit must sit on word boundaries where both the hit's edge and its
//! neighbour are letters of a script written with spaces (Latin, Cyrillic, Greek, Arabic incl.
//! Persian, Hebrew, …): "Lin" does not match in "Linen". Han, Kana, Hangul, Thai and similar
//! scripts have no boundaries. ZWNJ and ZWJ count as word-internal, so «کاشی» does not match the
//! start of «کاشی‌های»: inflected forms are listed as variants in the glossary instead.
//!
//! Selection (`find`) is leftmost-longest among the hits that pass the boundary test, so 掐丝珐琅
//! wins over 珐琅 and a long form that fails a boundary does not hide a shorter one that passes.
//! Callers give markup-free text (`RichText::to_plain`), so a term split by tags still matches.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};
use unicode_normalization::char::{canonical_combining_class, is_combining_mark};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::schema::Glossary;

/// A string in matching form, with the way back to the original's byte offsets.
#[derive(Debug, Clone)]
pub struct Normalized {
    pub text: String,
    /// For every byte of `text`: the original range of the chunk it came from.
    origin: Vec<(usize, usize)>,
}

impl Normalized {
    pub fn new(original: &str, fold_case: bool) -> Normalized {
        let mut n = Normalized {
            text: String::with_capacity(original.len()),
            origin: Vec::with_capacity(original.len()),
        };
        let mut chunk_start = 0;
        let mut prev_ws = false;
        for (i, c) in original.char_indices() {
            let ws = c.is_whitespace();
            if i > 0 && (ws || prev_ws || is_stable(c)) {
                n.push_chunk(original, chunk_start..i, fold_case);
                chunk_start = i;
            }
            prev_ws = ws;
        }
        if chunk_start < original.len() {
            n.push_chunk(original, chunk_start..original.len(), fold_case);
        }
        n
    }

    fn push_chunk(&mut self, original: &str, range: Range<usize>, fold_case: bool) {
        let chunk = original.get(range.clone()).unwrap_or("");
        let span = (range.start, range.end);
        if chunk.chars().next().is_some_and(char::is_whitespace) {
            // Runs of whitespace become one space covering the whole run.
            if self.text.ends_with(' ') && self.origin.last().is_some_and(|o| o.1 == range.start) {
                if let Some(last) = self.origin.last_mut() {
                    last.1 = range.end;
                }
                return;
            }
            self.text.push(' ');
            self.origin.push(span);
            return;
        }
        for c in chunk.nfc() {
            let c = fold_width(c);
            if fold_case {
                for l in c.to_lowercase() {
                    self.push_char(l, span);
                }
            } else {
                self.push_char(c, span);
            }
        }
    }

    fn push_char(&mut self, c: char, span: (usize, usize)) {
        self.text.push(c);
        for _ in 0..c.len_utf8() {
            self.origin.push(span);
        }
    }

    /// The original byte range covering normalised bytes `r` (chunks are never split).
    pub fn original_range(&self, r: Range<usize>) -> Range<usize> {
        let start = self.origin.get(r.start).map(|o| o.0).unwrap_or(0);
        let end = r
            .end
            .checked_sub(1)
            .and_then(|i| self.origin.get(i))
            .map(|o| o.1)
            .unwrap_or(start);
        start..end.max(start)
    }
}

/// A code point that starts a new normalisation chunk: nothing before it can combine with it.
fn is_stable(c: char) -> bool {
    canonical_combining_class(c) == 0 && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
}

/// Full-width ASCII (U+FF01–U+FF5E) to ASCII; the ideographic space is handled as whitespace.
fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// The matching form of a glossary entry (pattern side), trimmed.
pub fn normalize_form(s: &str, fold_case: bool) -> String {
    Normalized::new(s, fold_case).text.trim().to_string()
}

/// Scripts written without spaces between words: no word boundaries there.
fn unbounded_script(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF      // Thai, Lao
        | 0x0F00..=0x0FFF    // Tibetan
        | 0x1000..=0x109F    // Myanmar
        | 0x1100..=0x11FF    // Hangul Jamo
        | 0x1780..=0x17FF    // Khmer
        | 0x19E0..=0x19FF
        | 0x2E80..=0x2FDF    // CJK radicals, Kangxi
        | 0x3005..=0x3007
        | 0x3021..=0x3029
        | 0x3031..=0x3035
        | 0x3038..=0x303C
        | 0x3040..=0x30FF    // Hiragana, Katakana
        | 0x3100..=0x318F    // Bopomofo, Hangul compatibility jamo
        | 0x31A0..=0x31FF
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xA000..=0xA4CF    // Yi
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFF66..=0xFFDC    // half-width Katakana and Hangul
        | 0x1B000..=0x1B16F  // Kana supplement
        | 0x20000..=0x3FFFF  // CJK extensions B–H
    )
}

/// A letter or digit of a script with word boundaries.
fn bounded(c: char) -> bool {
    c.is_alphanumeric() && !unbounded_script(c)
}

/// What continues a word on either side: letters, digits, joiners, combining marks.
fn continues_word(c: char) -> bool {
    bounded(c) || c == '\u{200C}' || c == '\u{200D}' || is_combining_mark(c)
}

/// True when `text[start..end]` does not begin or end inside a word.
pub fn on_boundaries(text: &str, start: usize, end: usize) -> bool {
    let (Some(head), Some(tail)) = (text.get(..start), text.get(end..)) else {
        return false;
    };
    let Some(inner) = text.get(start..end) else {
        return false;
    };
    let first = inner.chars().next();
    let last = inner.chars().next_back();
    let before = head.chars().next_back();
    let after = tail.chars().next();
    let left_ok = !(first.is_some_and(bounded) && before.is_some_and(continues_word));
    let right_ok = !(last.is_some_and(bounded) && after.is_some_and(continues_word));
    left_ok && right_ok
}

/// One occurrence of a pattern in an original string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit<T> {
    pub tag: T,
    /// Byte range in the original string.
    pub bytes: Range<usize>,
    /// Char range in the original string.
    pub chars: Range<usize>,
}

#[derive(Debug, Clone, Default)]
struct Side {
    ac: Option<AhoCorasick>,
    /// Pattern id → indices into `Matcher::tags` (one normalised form may serve several tags).
    owners: Vec<Vec<usize>>,
}

impl Side {
    fn build(forms: HashMap<String, Vec<usize>>) -> Side {
        let mut forms: Vec<(String, Vec<usize>)> = forms.into_iter().collect();
        forms.sort();
        let (patterns, owners): (Vec<String>, Vec<Vec<usize>>) = forms.into_iter().unzip();
        let ac = if patterns.is_empty() {
            None
        } else {
            // Standard semantics so that every overlapping occurrence is seen; the boundary test
            // and leftmost-longest choice happen afterwards.
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&patterns)
                .ok()
        };
        Side { ac, owners }
    }
}

/// A compiled set of forms, each carrying a tag (term index, or term and role).
#[derive(Debug, Clone)]
pub struct Matcher<T> {
    tags: Vec<T>,
    sensitive: Side,
    insensitive: Side,
}

impl<T: Clone> Matcher<T> {
    /// Compiles `(form, case_sensitive, tag)` triples. Empty forms are ignored.
    pub fn new<S: AsRef<str>>(patterns: impl IntoIterator<Item = (S, bool, T)>) -> Matcher<T> {
        let mut tags = Vec::new();
        let mut sens: HashMap<String, Vec<usize>> = HashMap::new();
        let mut insens: HashMap<String, Vec<usize>> = HashMap::new();
        for (form, case_sensitive, tag) in patterns {
            let key = normalize_form(form.as_ref(), !case_sensitive);
            if key.is_empty() {
                continue;
            }
            let idx = tags.len();
            tags.push(tag);
            let side = if case_sensitive {
                &mut sens
            } else {
                &mut insens
            };
            side.entry(key).or_default().push(idx);
        }
        Matcher {
            tags,
            sensitive: Side::build(sens),
            insensitive: Side::build(insens),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
    }

    /// Every occurrence of every form that sits on word boundaries, overlapping ones included,
    /// sorted by position.
    pub fn candidates(&self, text: &str) -> Vec<Hit<T>> {
        let mut hits = Vec::new();
        for (side, fold) in [(&self.sensitive, false), (&self.insensitive, true)] {
            let Some(ac) = &side.ac else { continue };
            let norm = Normalized::new(text, fold);
            for m in ac.find_overlapping_iter(norm.text.as_str()) {
                if !on_boundaries(&norm.text, m.start(), m.end()) {
                    continue;
                }
                let bytes = norm.original_range(m.start()..m.end());
                let chars = char_index(text, bytes.start)..char_index(text, bytes.end);
                for &i in side
                    .owners
                    .get(m.pattern().as_usize())
                    .into_iter()
                    .flatten()
                {
                    if let Some(tag) = self.tags.get(i) {
                        hits.push(Hit {
                            tag: tag.clone(),
                            bytes: bytes.clone(),
                            chars: chars.clone(),
                        });
                    }
                }
            }
        }
        hits.sort_by(|a, b| {
            (a.bytes.start, std::cmp::Reverse(a.bytes.end))
                .cmp(&(b.bytes.start, std::cmp::Reverse(b.bytes.end)))
        });
        hits
    }

    /// Non-overlapping occurrences, leftmost-longest (see the module doc).
    pub fn find(&self, text: &str) -> Vec<Hit<T>> {
        leftmost_longest(self.candidates(text))
    }
}

/// Chooses non-overlapping hits: at each position the longest; hits with exactly the chosen span
/// are all kept (two tags claiming one form both report).
pub fn leftmost_longest<T>(mut hits: Vec<Hit<T>>) -> Vec<Hit<T>> {
    hits.sort_by(|a, b| {
        (a.bytes.start, std::cmp::Reverse(a.bytes.end))
            .cmp(&(b.bytes.start, std::cmp::Reverse(b.bytes.end)))
    });
    let mut out: Vec<Hit<T>> = Vec::new();
    let mut taken: Option<Range<usize>> = None;
    for h in hits {
        let keep = match &taken {
            None => true,
            Some(t) => h.bytes.start >= t.end || h.bytes == *t,
        };
        if keep {
            taken = Some(h.bytes.clone());
            out.push(h);
        }
    }
    out
}

fn char_index(text: &str, byte: usize) -> usize {
    text.get(..byte).map(|s| s.chars().count()).unwrap_or(0)
}

/// The source-side matcher of a glossary: every source form, tagged with its term's index.
pub fn source_matcher(glossary: &Glossary) -> Matcher<usize> {
    Matcher::new(glossary.terms.iter().enumerate().flat_map(|(i, t)| {
        let sensitive = t.case_sensitive();
        t.source_forms().map(move |f| (f.to_string(), sensitive, i))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Effect, Inline, RichText, Tag, TagSyntax};

    fn spans<T: Clone>(m: &Matcher<T>, text: &str) -> Vec<(T, String)> {
        m.find(text)
            .into_iter()
            .map(|h| (h.tag, text[h.bytes].to_string()))
            .collect()
    }

    #[test]
    fn longest_wins_over_contained_term() {
        let m = Matcher::new([
            ("掐丝珐琅", false, 1),
            ("珐琅", false, 2),
            ("掐丝", false, 3),
        ]);
        assert_eq!(
            spans(&m, "这件掐丝珐琅的珐琅裂了"),
            vec![(1, "掐丝珐琅".to_string()), (2, "珐琅".to_string())]
        );
    }

    #[test]
    fn cjk_matches_without_spaces_and_reports_char_offsets() {
        let m = Matcher::new([("琉璃", false, "liuli")]);
        let hits = m.find("林氏琉璃坊的琉璃");
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].chars, 2..4);
        assert_eq!(hits[0].bytes, 6..12);
        assert_eq!(hits[1].chars, 6..8);
    }

    #[test]
    fn latin_word_boundaries() {
        let m = Matcher::new([("Lin", true, 0)]);
        assert!(m.find("Linen and Berlin").is_empty());
        assert_eq!(spans(&m, "Master Lin's kiln"), vec![(0, "Lin".to_string())]);
        assert_eq!(spans(&m, "(Lin)"), vec![(0, "Lin".to_string())]);
        // A boundary between Latin and Han is always a boundary.
        assert_eq!(spans(&m, "林Lin林"), vec![(0, "Lin".to_string())]);
    }

    #[test]
    fn a_longer_form_failing_its_boundary_does_not_hide_a_shorter_one() {
        let m = Matcher::new([("glaze", false, "g"), ("glazed pot", false, "gp")]);
        assert_eq!(spans(&m, "glazed pots"), Vec::<(&str, String)>::new());
        let m = Matcher::new([("kiln", false, "k"), ("kiln door", false, "kd")]);
        assert_eq!(spans(&m, "the kiln doors"), vec![("k", "kiln".to_string())]);
    }

    #[test]
    fn case_policy() {
        let m = Matcher::new([("Silk Road", true, "sens"), ("liuli", false, "insens")]);
        assert!(m.find("the silk road").is_empty());
        assert_eq!(
            spans(&m, "the Silk Road"),
            vec![("sens", "Silk Road".to_string())]
        );
        assert_eq!(
            spans(&m, "LIULI glaze"),
            vec![("insens", "LIULI".to_string())]
        );
    }

    #[test]
    fn lowercasing_that_changes_length_maps_back() {
        // U+0130 lowercases to two chars (i + U+0307); offsets must still land on the original.
        let m = Matcher::new([("kiln", false, 0)]);
        let text = "İİ kiln";
        let hits = m.find(text);
        assert_eq!(hits.len(), 1);
        assert_eq!(&text[hits[0].bytes.clone()], "kiln");
        assert_eq!(hits[0].chars, 3..7);
    }

    #[test]
    fn full_width_and_nfc() {
        let m = Matcher::new([("ABC Studio", false, 0), ("café", false, 1)]);
        let text = "ＡＢＣ　Ｓｔｕｄｉｏ and cafe\u{301}!";
        let got = spans(&m, text);
        assert_eq!(
            got,
            vec![
                (0, "ＡＢＣ　Ｓｔｕｄｉｏ".to_string()),
                (1, "cafe\u{301}".to_string())
            ]
        );
        // The full-width comma in a catchphrase variant matches an ASCII comma too.
        let m = Matcher::new([("火候到了，釉自然就亮了", false, 0)]);
        assert_eq!(m.find("火候到了,釉自然就亮了").len(), 1);
    }

    #[test]
    fn whitespace_runs_and_line_breaks_match_a_space() {
        let m = Matcher::new([("七种颜色 一个天空", false, 0)]);
        assert_eq!(m.find("七种颜色\n一个天空").len(), 1);
        assert_eq!(m.find("七种颜色 \u{3000} 一个天空").len(), 1);
        assert!(m.find("七种颜色一个天空").is_empty());
    }

    #[test]
    fn zwnj_is_word_internal() {
        let m = Matcher::new([("کاشی", false, "tile"), ("کاشی‌های هفت‌رنگ", false, "pl")]);
        assert_eq!(spans(&m, "کاشی‌ها"), Vec::<(&str, String)>::new());
        assert_eq!(
            spans(&m, "این کاشی زیباست"),
            vec![("tile", "کاشی".to_string())]
        );
        assert_eq!(
            spans(&m, "کاشی‌های هفت‌رنگ اصفهان"),
            vec![("pl", "کاشی‌های هفت‌رنگ".to_string())]
        );
    }

    #[test]
    fn term_split_by_markup_matches_in_plain_text() {
        let tag = |raw: &str, on: bool| {
            Inline::tag(Tag {
                syntax: TagSyntax::Html,
                raw: raw.into(),
                effects: vec![Effect::Italic(on)],
            })
        };
        let rich = RichText::new(vec![
            tag("<i>", true),
            Inline::Text("掐丝".into()),
            tag("</i>", false),
            Inline::Text("珐琅".into()),
        ]);
        let m = Matcher::new([("掐丝珐琅", false, 0), ("掐丝", false, 1)]);
        assert_eq!(
            spans(&m, &rich.to_plain()),
            vec![(0, "掐丝珐琅".to_string())]
        );
    }

    #[test]
    fn offset_map_survives_odd_input() {
        let n = Normalized::new("a\u{301}\u{301}  \n b", true);
        assert_eq!(n.text, "á\u{301} b");
        assert_eq!(
            n.original_range(0..n.text.len()),
            0.."a\u{301}\u{301}  \n b".len()
        );
        let m = Matcher::new([("", false, 0)]);
        assert!(m.is_empty());
        assert!(m.find("anything").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn hits_map_back_to_char_boundaries(
            s in "(\\PC|[\u{300}\u{301}\u{200c}İ ＡＢｃ\n]){0,24}",
            start in 0usize..24,
            len in 1usize..6,
        ) {
            let chars: Vec<char> = s.chars().collect();
            let pat: String = chars.iter().skip(start).take(len).collect();
            let m = Matcher::new([(pat.clone(), false, 0), (pat, true, 1)]);
            for h in m.candidates(&s) {
                proptest::prop_assert!(h.bytes.start <= h.bytes.end && h.bytes.end <= s.len());
                proptest::prop_assert!(s.is_char_boundary(h.bytes.start));
                proptest::prop_assert!(s.is_char_boundary(h.bytes.end));
                proptest::prop_assert!(h.chars.start <= h.chars.end && h.chars.end <= chars.len());
            }
        }
    }
}
