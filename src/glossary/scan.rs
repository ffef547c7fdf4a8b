//! `glossary scan`: where each term occurs across episodes, and candidate terms the glossary lacks.
//!
//! Occurrences come from the source-side matcher (leftmost-longest over each dialogue cue's plain
//! text). Candidates are repeated sequences that look like names or terms: for Chinese, 2–4
//! character Han sequences; for scripts with case, capitalised words and pairs of capitalised
//! words that do not open a sentence. Text already covered by a glossary term is masked first,
//! substrings of known forms and a small list of everyday words are dropped, and a shorter
//! sequence that only ever occurs inside a longer candidate gives way to it. Candidates are
//! written, on request, as `proposed` entries to a separate YAML file (`candidates_yaml`), never
//! into the approved glossary.

use std::collections::HashMap;
use std::ops::Range;

use super::matcher::{normalize_form, source_matcher};
use super::schema::Glossary;
use super::yamledit::quote_scalar;
use crate::model::{CueKind, Track};

/// Thresholds for candidate detection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanOptions {
    /// Minimum number of occurrences.
    pub min_count: usize,
    /// Minimum number of distinct cues it occurs in.
    pub min_cues: usize,
    /// At most this many candidates, most frequent first.
    pub max_candidates: usize,
    /// At most this many example cues per candidate.
    pub max_examples: usize,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            min_count: 3,
            min_cues: 2,
            max_candidates: 100,
            max_examples: 5,
        }
    }
}

/// A cue in one of the scanned tracks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct CueRef {
    /// Index into `ScanReport::tracks`.
    pub track: usize,
    pub cue: u32,
    /// 1-based line of the cue in its file (0 when built in memory).
    pub line: u32,
}

/// One occurrence of a term.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Occurrence {
    #[serde(flatten)]
    pub at: CueRef,
    /// The form as written in the cue.
    pub form: String,
    /// Char and byte ranges in the cue's plain text (`RichText::to_plain`).
    pub chars: Range<usize>,
    pub bytes: Range<usize>,
}

/// Every occurrence of one glossary term.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TermOccurrences {
    pub term: String,
    pub count: usize,
    /// Occurrences per track, index-aligned with `ScanReport::tracks`.
    pub per_track: Vec<usize>,
    pub occurrences: Vec<Occurrence>,
}

/// A repeated sequence that may deserve a glossary entry.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Candidate {
    pub text: String,
    pub count: usize,
    pub cues: usize,
    pub tracks: usize,
    pub examples: Vec<CueRef>,
}

/// What `scan` found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ScanReport {
    /// Track names as given.
    pub tracks: Vec<String>,
    /// Every glossary term in glossary order, found or not.
    pub terms: Vec<TermOccurrences>,
    pub candidates: Vec<Candidate>,
}

impl ScanReport {
    pub fn term(&self, id: &str) -> Option<&TermOccurrences> {
        self.terms.iter().find(|t| t.term == id)
    }
}

/// Two-character words too common to be terms.
const STOP_WORDS: &[&str] = &[
    "什么",
    "我们",
    "你们",
    "他们",
    "她们",
    "这个",
    "那个",
    "没有",
    "不是",
    "就是",
    "一个",
    "知道",
    "可以",
    "自己",
    "现在",
    "还是",
    "怎么",
    "这样",
    "那样",
    "已经",
    "因为",
    "所以",
    "但是",
    "如果",
    "时候",
    "这里",
    "那里",
    "出来",
    "起来",
    "一下",
    "一定",
    "真的",
    "不会",
    "不要",
    "这是",
    "那是",
    "还有",
    "一样",
    "东西",
    "事情",
    "今天",
    "明天",
    "昨天",
    "所有",
    "只是",
    "然后",
    "为什么",
    "怎么样",
    "不能",
    "应该",
    "需要",
    "觉得",
    "一起",
    "谢谢",
    "对不起",
    "没事",
    "好的",
    "当然",
    "一直",
    "也许",
    "可能",
    "还要",
    "这么",
    "那么",
    "多少",
    "几个",
    "有人",
    "别人",
    "大家",
    "一点",
    "一次",
    "回来",
    "过来",
    "时间",
    "地方",
    "问题",
    "意思",
    "告诉",
    "看看",
    "一年",
    "百年",
];

/// Characters that rarely begin or end a name or term (particles, pronouns, copulas, the
/// numeral 一 of measure phrases like 一块).
const EDGE_CHARS: &str = "的了吗呢吧啊呀嘛啦哦是在和与也都就不没我你他她它这那有个么们还要会说到给把被让又很太才去来着过一";

/// Capitalised words that are not names.
const LATIN_STOP: &[&str] = &[
    "I", "I'm", "I'll", "I've", "I'd", "The", "A", "An", "And", "But", "Or", "So", "Oh", "OK",
    "Okay", "No", "Yes", "It", "It's", "We", "You", "He", "She", "They", "This", "That", "What",
    "Why", "How", "Where", "When", "Who", "Mr", "Mrs", "Ms", "Dr", "Hey", "Well", "Now", "Then",
    "There", "Here", "If", "In", "On", "At", "Of", "To", "My", "Your", "His", "Her", "Our",
    "Their", "Don't", "Let's", "Is", "Are", "Was", "Do", "Not",
];

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

#[derive(Debug, Default)]
struct Tally {
    count: usize,
    cues: usize,
    tracks: Vec<usize>,
    last: Option<(usize, u32)>,
    examples: Vec<CueRef>,
}

impl Tally {
    fn add(&mut self, at: CueRef, max_examples: usize) {
        self.count += 1;
        if self.last != Some((at.track, at.cue)) {
            self.last = Some((at.track, at.cue));
            self.cues += 1;
            if self.examples.len() < max_examples {
                self.examples.push(at);
            }
        }
        if !self.tracks.contains(&at.track) {
            self.tracks.push(at.track);
        }
    }
}

/// Scans named tracks (comment events are skipped).
pub fn scan(glossary: &Glossary, tracks: &[(&str, &Track)], opts: &ScanOptions) -> ScanReport {
    let matcher = source_matcher(glossary);
    let mut terms: Vec<TermOccurrences> = glossary
        .terms
        .iter()
        .map(|t| TermOccurrences {
            term: t.id.clone(),
            count: 0,
            per_track: vec![0; tracks.len()],
            occurrences: Vec::new(),
        })
        .collect();
    let mut tallies: HashMap<String, Tally> = HashMap::new();
    for (ti, (_, track)) in tracks.iter().enumerate() {
        for cue in &track.cues {
            if cue.kind() == CueKind::Comment {
                continue;
            }
            let plain = cue.text.to_plain();
            let at = CueRef {
                track: ti,
                cue: cue.id,
                line: cue.line,
            };
            let hits = matcher.find(&plain);
            let mut free: Vec<&str> = Vec::new();
            let mut pos = 0;
            for h in &hits {
                if let Some(t) = terms.get_mut(h.tag) {
                    t.count += 1;
                    if let Some(n) = t.per_track.get_mut(ti) {
                        *n += 1;
                    }
                    t.occurrences.push(Occurrence {
                        at,
                        form: plain.get(h.bytes.clone()).unwrap_or("").to_string(),
                        chars: h.chars.clone(),
                        bytes: h.bytes.clone(),
                    });
                }
                if h.bytes.start >= pos {
                    free.push(plain.get(pos..h.bytes.start).unwrap_or(""));
                    pos = h.bytes.end;
                }
            }
            free.push(plain.get(pos..).unwrap_or(""));
            for segment in free {
                for gram in han_grams(segment).into_iter().chain(latin_names(segment)) {
                    tallies.entry(gram).or_default().add(at, opts.max_examples);
                }
            }
        }
    }
    ScanReport {
        tracks: tracks.iter().map(|(n, _)| n.to_string()).collect(),
        terms,
        candidates: select_candidates(glossary, tallies, opts),
    }
}

/// Every 2–4 character window of each Han run.
fn han_grams(segment: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut run: Vec<char> = Vec::new();
    let flush = |run: &mut Vec<char>, out: &mut Vec<String>| {
        for n in 2..=4 {
            for w in run.windows(n) {
                out.push(w.iter().collect());
            }
        }
        run.clear();
    };
    for c in segment.chars() {
        if is_han(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Capitalised words that do not open a sentence, and pairs of capitalised words.
fn latin_names(segment: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut words: Vec<(String, bool)> = Vec::new(); // (word, opens a sentence)
    let mut sentence_start = true;
    let mut current = String::new();
    let flush =
        |current: &mut String, sentence_start: &mut bool, words: &mut Vec<(String, bool)>| {
            if !current.is_empty() {
                let w = current.trim_matches(|c| c == '\'' || c == '-').to_string();
                if !w.is_empty() {
                    words.push((w, *sentence_start));
                }
                *sentence_start = false;
                current.clear();
            }
        };
    for c in segment.chars() {
        if c.is_alphabetic() && !is_han(c) || (!current.is_empty() && (c == '\'' || c == '-')) {
            current.push(c);
        } else {
            flush(&mut current, &mut sentence_start, &mut words);
            if matches!(c, '.' | '!' | '?' | '…' | '\n' | '"' | '“' | '”' | ':') {
                sentence_start = true;
            }
            if !c.is_whitespace() && !c.is_alphabetic() {
                // Any other punctuation breaks a pair of names apart.
                words.push((String::new(), false));
            }
        }
    }
    flush(&mut current, &mut sentence_start, &mut words);
    let capital = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().count() >= 2
            && !LATIN_STOP.contains(&w)
    };
    for (i, (w, opens)) in words.iter().enumerate() {
        if !opens && capital(w) {
            out.push(w.clone());
        }
        if let Some((next, _)) = words.get(i + 1)
            && capital(w)
            && capital(next)
        {
            out.push(format!("{w} {next}"));
        }
    }
    out
}

fn select_candidates(
    glossary: &Glossary,
    tallies: HashMap<String, Tally>,
    opts: &ScanOptions,
) -> Vec<Candidate> {
    let known: Vec<String> = glossary
        .terms
        .iter()
        .flat_map(|t| t.source_forms().map(|f| normalize_form(f, true)))
        .collect();
    let mut cands: Vec<Candidate> = tallies
        .into_iter()
        .filter(|(text, t)| {
            t.count >= opts.min_count
                && t.cues >= opts.min_cues
                && !STOP_WORDS.contains(&text.as_str())
                && !text.starts_with(|c| EDGE_CHARS.contains(c))
                && !text.ends_with(|c| EDGE_CHARS.contains(c))
                && !known
                    .iter()
                    .any(|k| k.contains(&normalize_form(text, true)))
        })
        .map(|(text, t)| Candidate {
            text,
            count: t.count,
            cues: t.cues,
            tracks: t.tracks.len(),
            examples: t.examples,
        })
        .collect();
    // Longest first, so a shorter sequence can give way to a longer one containing it.
    cands.sort_by(|a, b| {
        b.text
            .chars()
            .count()
            .cmp(&a.text.chars().count())
            .then(b.count.cmp(&a.count))
            .then(a.text.cmp(&b.text))
    });
    let mut kept: Vec<Candidate> = Vec::new();
    for c in cands {
        if kept
            .iter()
            .any(|k| k.text.contains(&c.text) && k.count >= c.count)
        {
            continue;
        }
        kept.push(c);
    }
    kept.sort_by(|a, b| b.count.cmp(&a.count).then(a.text.cmp(&b.text)));
    kept.truncate(opts.max_candidates);
    kept
}

/// The candidates as a separate glossary file of `proposed` entries (loadable by `load`), one
/// empty proposed entry per language in `langs`, with where each was found in a note.
pub fn candidates_yaml(report: &ScanReport, glossary: &Glossary, langs: &[&str]) -> String {
    let mut out = String::new();
    out.push_str(
        "# Candidate terms found by `subloc glossary scan`: repeated names and terms that are not\n\
         # in the glossary yet. Nothing here is approved. Review each one, give it a proper id,\n\
         # kind and note, and move the ones worth keeping into glossary.yaml.\n",
    );
    out.push_str("version: 1\n");
    out.push_str(&format!("source: {}\n", quote_scalar(&glossary.source)));
    if report.candidates.is_empty() {
        out.push_str("terms: []\n");
        return out;
    }
    out.push_str("terms:\n");
    let width = report.candidates.len().to_string().len().max(3);
    for (i, c) in report.candidates.iter().enumerate() {
        let places: Vec<String> = c
            .examples
            .iter()
            .map(|e| {
                let name = report
                    .tracks
                    .get(e.track)
                    .map(String::as_str)
                    .unwrap_or("?");
                format!("{name} #{}", e.cue)
            })
            .collect();
        let note = format!(
            "Found {} times in {} cues of {} tracks: {}.",
            c.count,
            c.cues,
            c.tracks,
            places.join(", ")
        );
        out.push_str(&format!("  - id: candidate-{:0width$}\n", i + 1));
        out.push_str(&format!("    source: {}\n", quote_scalar(&c.text)));
        out.push_str("    kind: other\n");
        out.push_str(&format!("    note: {}\n", quote_scalar(&note)));
        if !langs.is_empty() {
            out.push_str("    targets:\n");
            for l in langs {
                out.push_str(&format!(
                    "      {}: {{status: proposed}}\n",
                    quote_scalar(l)
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::load;
    use crate::model::{Cue, Format, RichText, Timestamp};

    const GLOSSARY: &str = "version: 1\nsource: zh-Hans\nterms:\n\
        \x20 - {id: cloisonne, source: 掐丝珐琅, kind: craft}\n\
        \x20 - {id: enamel, source: 珐琅, kind: craft}\n\
        \x20 - {id: lin-workshop, source: 林氏琉璃坊, variants: [琉璃坊], kind: organisation}\n";

    fn track(lines: &[&str]) -> Track {
        Track {
            cues: lines
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let id = u32::try_from(i + 1).unwrap();
                    let mut c = Cue::new(id, Timestamp(0), Timestamp(1), RichText::plain(t));
                    c.line = id * 10;
                    c
                })
                .collect(),
            ..Track::default()
        }
    }

    #[test]
    fn occurrences_per_term_and_track() {
        let g = load(GLOSSARY).unwrap();
        let a = track(&["掐丝珐琅的珐琅", "林氏琉璃坊"]);
        let b = track(&["这间琉璃坊", "没有"]);
        let r = scan(&g, &[("a.srt", &a), ("b.srt", &b)], &ScanOptions::default());
        let cl = r.term("cloisonne").unwrap();
        assert_eq!((cl.count, cl.per_track.clone()), (1, vec![1, 0]));
        let en = r.term("enamel").unwrap();
        assert_eq!(en.count, 1);
        assert_eq!(en.occurrences[0].chars, 5..7);
        let ws = r.term("lin-workshop").unwrap();
        assert_eq!(ws.per_track, vec![1, 1]);
        assert_eq!(ws.occurrences[1].form, "琉璃坊");
        assert_eq!(
            ws.occurrences[1].at,
            CueRef {
                track: 1,
                cue: 1,
                line: 10
            }
        );
    }

    #[test]
    fn candidates_are_repeated_unknown_names() {
        let g = load(GLOSSARY).unwrap();
        let a = track(&[
            "晓晓 你回来了",
            "晓晓 掐丝珐琅呢",
            "Ask Farhad now",
            "we wait for Farhad",
            "The Imam Mosque is far",
        ]);
        let b = track(&[
            "晓晓！",
            "我们的珐琅",
            "I saw Farhad",
            "near the Imam Mosque",
            "Imam Mosque again",
            "没有 没有 没有",
        ]);
        let r = scan(&g, &[("a", &a), ("b", &b)], &ScanOptions::default());
        let texts: Vec<(&str, usize, usize)> = r
            .candidates
            .iter()
            .map(|c| (c.text.as_str(), c.count, c.tracks))
            .collect();
        assert_eq!(
            texts,
            vec![("Farhad", 3, 2), ("Imam Mosque", 3, 2), ("晓晓", 3, 2)]
        );
        // Parts of known terms and everyday words never show up.
        assert!(!r.candidates.iter().any(|c| c.text.contains("珐琅")));
        assert!(!r.candidates.iter().any(|c| c.text == "没有"));
        let yaml = candidates_yaml(&r, &g, &["en", "fa"]);
        let proposed = load(&yaml).unwrap_or_else(|e| panic!("{e:?}\n{yaml}"));
        assert_eq!(proposed.terms.len(), 3);
        assert_eq!(proposed.terms[2].source, "晓晓");
        assert_eq!(proposed.terms[0].id, "candidate-001");
        assert_eq!(
            proposed.terms[0].targets[1].status,
            crate::glossary::Status::Proposed
        );
        assert!(
            proposed.terms[0]
                .note
                .as_deref()
                .unwrap_or("")
                .contains("a #3")
        );
    }

    /// Needs the SRT reader (`format::srt`); every term of the sample glossary occurs somewhere in
    /// ep01–ep04 (samples/README.md).
    #[test]
    fn samples_list_every_terms_occurrences() {
        // The checked-in copy of the series, not the repository's own (users edit that one).
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/series");
        let g = load(&std::fs::read_to_string(root.join("glossary.yaml")).unwrap()).unwrap();
        let names = ["ep01.srt", "ep02.srt", "ep03.srt", "ep04_qc_faults.srt"];
        let tracks: Vec<Track> = names
            .iter()
            .map(|n| {
                let text = std::fs::read_to_string(root.join("samples").join(n)).unwrap();
                crate::format::parse(text, Format::Srt).track
            })
            .collect();
        let named: Vec<(&str, &Track)> = names.iter().copied().zip(tracks.iter()).collect();
        let r = scan(&g, &named, &ScanOptions::default());
        let missing: Vec<&str> = r
            .terms
            .iter()
            .filter(|t| t.count == 0)
            .map(|t| t.term.as_str())
            .collect();
        assert!(missing.is_empty(), "terms never found: {missing:?}");
        // samples/README.md: the fire catchphrase is in ep01 cue 4, ep02 cue 2, ep03 cue 48 and
        // ep04 cue 17.
        let fire = r.term("catchphrase-fire").unwrap();
        let at: Vec<(usize, u32)> = fire
            .occurrences
            .iter()
            .map(|o| (o.at.track, o.at.cue))
            .collect();
        assert_eq!(at, vec![(0, 4), (1, 2), (2, 48), (3, 17)]);
        // ep01 cue 1 is the sign 景德镇·林氏琉璃坊 (markup removed).
        let ws = r.term("lin-workshop").unwrap();
        assert!(
            ws.occurrences
                .iter()
                .any(|o| o.at.track == 0 && o.at.cue == 1)
        );
        let jdz = r.term("jingdezhen").unwrap();
        assert_eq!(
            jdz.occurrences.first().map(|o| (o.at.cue, o.chars.clone())),
            Some((1, 0..3))
        );
    }
}
