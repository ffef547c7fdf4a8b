//! Tests of the fit step (`platform::fit::fix_track`) against the check step: timing fixes at and
//! just over each limit, text fixes per language, and idempotence plus "fix then check leaves
//! nothing fixable" on generated tracks with many defects. They live with the per-file job, which
//! owns both steps, so neither `platform` nor `check` needs the other's tests.

use std::collections::BTreeSet;

use crate::check::tests::{find, limits, run, track};
use crate::diag::rules;
use crate::model::{Fps, Origin, Track};
use crate::platform::count::{self, CountingMode};
use crate::platform::fit::*;

const FPS24: Fps = Fps { num: 24, den: 1 };

fn fix_limits(profile: &str, lang: &str) -> FixLimits {
    let l = limits(profile, lang);
    FixLimits::from_limits(&l, l.fps_or_default(Some(FPS24)), lang)
}

fn times(t: &Track) -> Vec<(i64, i64)> {
    t.cues.iter().map(|c| (c.start.ms(), c.end.ms())).collect()
}

fn texts(t: &Track) -> Vec<String> {
    t.cues.iter().map(|c| c.text.to_plain()).collect()
}

fn fix(cues: &[(i64, i64, &str)], fl: &FixLimits, lang: &str) -> (Track, FixOutcome) {
    let mut t = track(cues);
    let out = fix_track(&mut t, fl, lang);
    (t, out)
}

#[test]
fn netflix_limits_in_milliseconds() {
    let fl = fix_limits("netflix", "en");
    assert_eq!(fl.timing.min_gap_ms, Some(83));
    assert_eq!(fl.timing.min_duration_ms, Some(833));
    assert_eq!(fl.timing.max_duration_ms, Some(7000));
    assert_eq!(fl.timing.max_cps, Some(20.0));
    assert_eq!(fl.max_chars_per_line, Some(42.0));
    assert_eq!(fl.rtl, RtlMode::None);
    assert_eq!(fix_limits("netflix", "fa").rtl, RtlMode::Rlm);
    assert!(fix_limits("netflix", "ar").punct.arabic_script);
    assert_eq!(fix_limits("netflix", "zh-Hans").punct.forbidden, "，。,.");
}

#[test]
fn min_gap_at_and_below_the_limit() {
    let fl = fix_limits("netflix", "en");
    // 83 ms = 2 frames at 24 fps: at the limit, nothing changes.
    let (t, out) = fix(&[(0, 1000, "a"), (1083, 2083, "b")], &fl, "en");
    assert!(out.changes.is_empty());
    assert_eq!(times(&t), vec![(0, 1000), (1083, 2083)]);
    // 82 ms: the earlier cue's end comes back to next.start − 83.
    let (t, out) = fix(&[(0, 1000, "a"), (1082, 2082, "b")], &fl, "en");
    assert_eq!(times(&t), vec![(0, 999), (1082, 2082)]);
    assert_eq!(out.changes.len(), 1);
    let c = &out.changes[0];
    assert_eq!(
        (c.cue, c.field, c.rule),
        (1, Field::End, rules::TIMING_MIN_GAP)
    );
    assert_eq!(
        (c.old.clone(), c.new.clone()),
        (Value::Ms(1000), Value::Ms(999))
    );
    assert!(find(&run(&t, &limits("netflix", "en")), rules::TIMING_MIN_GAP).is_empty());
}

#[test]
fn overlaps_are_trimmed_unless_the_cue_would_get_too_short() {
    let fl = fix_limits("netflix", "en");
    let (t, out) = fix(&[(0, 1500, "a"), (1000, 2000, "b")], &fl, "en");
    assert_eq!(times(&t), vec![(0, 917), (1000, 2000)]);
    assert_eq!(out.changes[0].rule, rules::TIMING_OVERLAP);
    // Exactly the minimum duration left: allowed.
    let (t, _) = fix(&[(0, 1500, "a"), (916, 2000, "b")], &fl, "en");
    assert_eq!(times(&t), vec![(0, 833), (916, 2000)]);
    // One millisecond less: reported, not forced.
    let (t, out) = fix(&[(0, 1500, "a"), (915, 2000, "b")], &fl, "en");
    assert_eq!(times(&t), vec![(0, 1500), (915, 2000)]);
    assert!(out.changes.is_empty());
    assert_eq!(out.unfixable.len(), 1);
    assert_eq!(out.unfixable[0].rule, rules::TIMING_OVERLAP);
    assert_eq!(out.unfixable[0].cue, 2);
    // With retime the later cue's start moves instead.
    let mut fl2 = fl.clone();
    fl2.timing.retime = true;
    let (t, out) = fix(&[(0, 1500, "a"), (915, 2000, "b")], &fl2, "en");
    assert_eq!(times(&t), vec![(0, 833), (916, 2000)]);
    assert!(out.unfixable.is_empty());
    assert!(out.changes.iter().any(|c| c.field == Field::Start));
}

#[test]
fn durations_at_and_over_the_limits() {
    let fl = fix_limits("netflix", "en");
    let (t, out) = fix(&[(0, 833, "a"), (5000, 12000, "b")], &fl, "en");
    assert!(out.changes.is_empty());
    assert_eq!(times(&t), vec![(0, 833), (5000, 12000)]);
    let (t, out) = fix(&[(0, 832, "a"), (5000, 12001, "b")], &fl, "en");
    assert_eq!(times(&t), vec![(0, 833), (5000, 12000)]);
    let rules_changed: Vec<&str> = out.changes.iter().map(|c| c.rule).collect();
    assert_eq!(
        rules_changed,
        vec![rules::TIMING_MIN_DURATION, rules::TIMING_MAX_DURATION]
    );
    // Not enough free time before the next cue: extended as far as allowed, then reported.
    let (t, out) = fix(&[(0, 500, "a"), (700, 2000, "b")], &fl, "en");
    assert_eq!(times(&t), vec![(0, 617), (700, 2000)]);
    assert_eq!(out.unfixable.len(), 1);
    assert_eq!(out.unfixable[0].rule, rules::TIMING_MIN_DURATION);
    // Starts never move without retime.
    assert!(out.changes.iter().all(|c| c.field != Field::Start));
    let mut fl2 = fl.clone();
    fl2.timing.retime = true;
    let (t, out) = fix(
        &[(0, 100, "x"), (2000, 2500, "a"), (2700, 4000, "b")],
        &fl2,
        "en",
    );
    // End reaches 2617, then the start comes back to 2617 − 833.
    assert_eq!(times(&t)[1], (1784, 2617));
    assert!(out.unfixable.iter().all(|u| u.cue != 2));
}

#[test]
fn reading_speed_at_and_over_the_limit() {
    let fl = fix_limits("netflix", "en");
    // Netflix en: 20 cps. 40 characters in 2 s is exactly 20.
    let forty = "a".repeat(20) + "\n" + &"b".repeat(20);
    let forty_one = "a".repeat(21) + "\n" + &"b".repeat(20);
    let (t, out) = fix(&[(0, 2000, &forty), (5000, 6000, "x")], &fl, "en");
    assert!(out.changes.is_empty());
    assert_eq!(times(&t)[0], (0, 2000));
    let (t, out) = fix(&[(0, 2000, &forty_one), (5000, 6000, "x")], &fl, "en");
    assert_eq!(times(&t)[0], (0, 2050));
    assert_eq!(out.changes[0].rule, rules::READING_SPEED);
    assert!(find(&run(&t, &limits("netflix", "en")), rules::READING_SPEED).is_empty());
    // The next cue is close: extended up to its start less the gap, and reported.
    let (t, out) = fix(&[(0, 2000, &forty_one), (2100, 3000, "x")], &fl, "en");
    assert_eq!(times(&t)[0], (0, 2017));
    assert_eq!(out.unfixable.len(), 1);
    assert_eq!(out.unfixable[0].rule, rules::READING_SPEED);
    assert_eq!(out.unfixable[0].cue, 1);
}

#[test]
fn bbc_closes_short_gaps_by_abutting() {
    let fl = fix_limits("bbc_online", "en");
    assert_eq!(fl.timing.min_gap_ms, Some(1000));
    assert!(fl.timing.gap_may_abut);
    let (t, _) = fix(&[(0, 2000, "a b c"), (2500, 4000, "d e f")], &fl, "en");
    assert_eq!(times(&t), vec![(0, 2500), (2500, 4000)]);
    // A gap of exactly one second stays.
    let (t, out) = fix(&[(0, 2000, "a b c"), (3000, 4000, "d e f")], &fl, "en");
    assert!(out.changes.iter().all(|c| c.field == Field::Text));
    assert_eq!(times(&t), vec![(0, 2000), (3000, 4000)]);
}

#[test]
fn chaining_closes_gaps_up_to_half_a_second() {
    let mut fl = fix_limits("netflix", "en");
    fl.timing.chain_gaps_ms = Some(500);
    let (t, out) = fix(
        &[(0, 1000, "a"), (1500, 2500, "b"), (3001, 4000, "c")],
        &fl,
        "en",
    );
    assert_eq!(times(&t), vec![(0, 1417), (1500, 2500), (3001, 4000)]);
    assert_eq!(out.changes[0].rule, TIMING_CHAIN);
}

#[test]
fn text_fixes_for_arabic_script() {
    let fl = fix_limits("netflix", "ar");
    let (t, out) = fix(&[(0, 3000, "- مرحبا , كيف حالك?\n- بخير...")], &fl, "ar");
    assert_eq!(
        texts(&t),
        vec!["\u{200f}- مرحبا، كيف حالك؟\u{200f}\n\u{200f}- بخير…\u{200f}"]
    );
    let got: BTreeSet<&str> = out.changes.iter().map(|c| c.rule).collect();
    for rule in [
        rules::PUNCT_ARABIC_SCRIPT,
        rules::PUNCT_SPACE_BEFORE,
        rules::PUNCT_ELLIPSIS,
        rules::RTL_LINE_END_MARK,
    ] {
        assert!(got.contains(rule), "{rule}");
    }
    let d = run(&t, &limits("netflix", "ar"));
    assert!(d.is_empty(), "{d:?}");
    // Persian: ZWNJ kept, punctuation and marks fixed.
    let fl = fix_limits("netflix", "fa");
    let (t, _) = fix(&[(0, 3000, "می\u{200c}شود? - بله.")], &fl, "fa");
    assert_eq!(texts(&t), vec!["می\u{200c}شود؟ - بله.\u{200f}"]);
    let d = run(&t, &limits("netflix", "fa"));
    assert!(d.is_empty(), "{d:?}");
}

#[test]
fn text_fixes_for_chinese() {
    let fl = fix_limits("netflix", "zh-Hans");
    let (t, _) = fix(&[(0, 4000, "你好，我是小明。")], &fl, "zh-Hans");
    assert_eq!(texts(&t), vec!["你好 我是小明"]);
    let fl = fix_limits("netflix", "zh-Hant");
    // 22 characters on one line: re-broken after the comma, which then leaves the line end.
    let (t, out) = fix(
        &[(
            0,
            6000,
            "我們今天一定要把這些事情做完，不然明天就來不及了。",
        )],
        &fl,
        "zh-Hant",
    );
    assert_eq!(
        texts(&t),
        vec!["我們今天一定要把這些事情做完\n不然明天就來不及了"]
    );
    let got: Vec<&str> = out.changes.iter().map(|c| c.rule).collect();
    assert_eq!(
        got,
        vec![rules::TEXT_MAX_CHARS_PER_LINE, rules::PUNCT_LINE_END]
    );
    let d = run(&t, &limits("netflix", "zh-Hant"));
    assert!(find(&d, rules::PUNCT_LINE_END).is_empty(), "{d:?}");
    assert!(find(&d, rules::TEXT_MAX_CHARS_PER_LINE).is_empty(), "{d:?}");
}

/// Whether some line break of `lines` falls strictly inside an occurrence of `word` in the
/// text they were broken from.
fn splits(lines: &str, word: &str) -> bool {
    let joined: String = lines.split('\n').collect();
    let mut ends = Vec::new();
    let mut at = 0;
    for l in lines.split('\n') {
        at += l.len();
        ends.push(at);
    }
    joined
        .match_indices(word)
        .any(|(i, w)| ends.iter().any(|&e| e > i && e < i + w.len()))
}

#[test]
fn chinese_break_keeps_words_whole() {
    // ep04_qc_faults.srt cue 24: 30 characters, Netflix zh-Hans allows 16 per line. The even
    // split falls inside 琉璃; the break goes before the adverb 都 instead.
    let text = "丝绸之路上的每一块砖和每一片琉璃都还记得当年走过的商人和驼队";
    let fl = fix_limits("netflix", "zh-Hans");
    let (t, out) = fix(&[(61_352, 65_852, text)], &fl, "zh-Hans");
    let got = texts(&t).concat();
    assert!(!splits(&got, "琉璃"), "{got}");
    assert_eq!(
        got,
        "丝绸之路上的每一块砖和每一片琉璃\n都还记得当年走过的商人和驼队"
    );
    assert!(out.unfixable.is_empty(), "{out:?}");
}

#[test]
fn long_lines_rebroken_or_reported() {
    let fl = fix_limits("netflix", "en");
    let long = "I don't know what you're talking about, but I don't like it at all.";
    let (t, out) = fix(&[(0, 5000, long)], &fl, "en");
    assert_eq!(
        texts(&t),
        vec!["I don't know what you're talking about,\nbut I don't like it at all."]
    );
    assert_eq!(out.changes[0].rule, rules::TEXT_MAX_CHARS_PER_LINE);
    // A line that fits is left as the translator broke it.
    let (t, out) = fix(&[(0, 5000, "Short\nlines")], &fl, "en");
    assert!(out.changes.is_empty());
    assert_eq!(texts(&t), vec!["Short\nlines"]);
    // Cannot fit two lines of 42: reported and left untouched by `fix` …
    let huge = "word ".repeat(30);
    let (t, out) = fix(&[(0, 7000, huge.trim_end())], &fl, "en");
    assert_eq!(texts(&t), vec![huge.trim_end().to_string()]);
    let text_rules: Vec<&str> = out
        .unfixable
        .iter()
        .map(|u| u.rule)
        .filter(|r| r.starts_with("text-"))
        .collect();
    assert_eq!(text_rules, vec![rules::TEXT_MAX_CHARS_PER_LINE]);
    // … while `translate` takes the best effort, still reported.
    let mut fl2 = fl.clone();
    fl2.rebreak = Rebreak::Always;
    let (t, out) = fix(&[(0, 7000, huge.trim_end())], &fl2, "en");
    let x = texts(&t);
    assert_eq!(x[0].split('\n').count(), 2);
    assert_eq!(x[0].replace('\n', " "), huge.trim_end());
    assert!(
        out.unfixable
            .iter()
            .any(|u| u.rule == rules::TEXT_MAX_CHARS_PER_LINE)
    );
}

#[test]
fn changed_cues_are_regenerated_by_writers() {
    let fl = fix_limits("netflix", "en");
    let mut t = track(&[(0, 500, "a..."), (2000, 3000, "fine")]);
    for c in &mut t.cues {
        c.origin = Some(Origin {
            start: 0,
            body_end: 0,
            end: 0,
            fingerprint: c.fingerprint(),
        });
    }
    fix_track(&mut t, &fl, "en");
    assert!(!t.cues[0].is_pristine());
    assert!(t.cues[1].is_pristine());
}

/// Deterministic pseudo-random numbers for generated tracks.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

/// A track of `n` cues with defects of every kind the fixer handles.
fn defective(seed: u64, n: usize, words: &[&str], sep: &str) -> Vec<(i64, i64, String)> {
    let mut r = Lcg(seed);
    let mut cues = Vec::new();
    let mut t = 1000i64;
    for i in 0..n {
        let span = if r.next(4) == 0 { 30 } else { 8 };
        let nwords = 1 + r.next(span) as usize;
        let mut text: String = (0..nwords)
            .map(|_| words[r.next(words.len() as u64) as usize])
            .collect::<Vec<_>>()
            .join(sep);
        match r.next(8) {
            0 => text.push_str("..."),
            1 => text = format!("- {text}?\n- {}", words[i % words.len()]),
            2 => text.push(','),
            _ => {}
        }
        let dur = match r.next(6) {
            0 => 100 + r.next(700) as i64,
            1 => 7000 + r.next(3000) as i64,
            _ => 900 + r.next(3000) as i64,
        };
        let gap = match r.next(5) {
            0 => -(r.next(600) as i64),
            1 => r.next(90) as i64,
            _ => 100 + r.next(1500) as i64,
        };
        cues.push((t, t + dur, text));
        t = (t + dur + gap).max(t + 1);
    }
    cues
}

/// Fix-then-check groups: a remaining finding must have been reported as unfixable (in the
/// same group, on the same cue).
fn group(rule: &str) -> Option<u8> {
    Some(match rule {
        r if r == rules::TIMING_OVERLAP || r == rules::TIMING_MIN_GAP => 0,
        r if r == rules::TIMING_MIN_DURATION => 1,
        r if r == rules::TIMING_MAX_DURATION => 2,
        r if r == rules::READING_SPEED => 3,
        r if r == rules::TEXT_MAX_LINES || r == rules::TEXT_MAX_CHARS_PER_LINE => 4,
        r if r == rules::TIMING_ZERO_DURATION => 5,
        r if r == rules::PUNCT_ELLIPSIS
            || r == rules::PUNCT_ARABIC_SCRIPT
            || r == rules::PUNCT_SPACE_BEFORE
            || r == rules::PUNCT_LINE_END
            || r == rules::RTL_LINE_END_MARK =>
        {
            6
        }
        _ => return None,
    })
}

fn idempotent_and_clean(profile: &str, lang: &str, words: &[&str], sep: &str, seed: u64) {
    let cues = defective(seed, 400, words, sep);
    let refs: Vec<(i64, i64, &str)> = cues.iter().map(|(s, e, t)| (*s, *e, t.as_str())).collect();
    let fl = fix_limits(profile, lang);
    let mut t = track(&refs);
    let before = run(&t, &limits(profile, lang));
    let first = fix_track(&mut t, &fl, lang);
    assert!(before.len() > 100, "the generated track has many defects");
    assert!(
        first.changes.len() > 100,
        "{lang}: {} changes",
        first.changes.len()
    );
    let snapshot = t.cues.clone();
    let second = fix_track(&mut t, &fl, lang);
    assert!(
        second.changes.is_empty(),
        "{lang}: {:?}",
        second.changes.first()
    );
    assert_eq!(t.cues, snapshot);
    assert!(
        second.unfixable == first.unfixable,
        "{lang}: reports differ"
    );
    let after = run(&t, &limits(profile, lang));
    let reported: BTreeSet<(u8, u32)> = first
        .unfixable
        .iter()
        .filter_map(|u| Some((group(u.rule)?, u.cue)))
        .collect();
    for d in &after {
        let Some(g) = group(d.rule) else { continue };
        assert_ne!(g, 6, "{lang}: fixable text rule left: {d:?}");
        let cue = d.cue.unwrap_or(0);
        assert!(
            reported.contains(&(g, cue)),
            "{lang}: {} on cue {cue} left but not reported",
            d.rule
        );
    }
    assert!(after.len() < before.len());
}

#[test]
fn idempotent_on_defective_english() {
    let words = [
        "the", "storm", "is", "coming", "and", "we", "must", "leave", "before", "dark", "Anna",
        "Karenina", "said", "that", "nothing", "matters", "because", "tomorrow",
    ];
    idempotent_and_clean("netflix", "en", &words, " ", 7);
    idempotent_and_clean("bbc_online", "en", &words, " ", 8);
}

#[test]
fn idempotent_on_defective_persian() {
    let words = [
        "من",
        "می\u{200c}خواهم",
        "کتاب\u{200c}ها",
        "را",
        "فردا",
        "به",
        "خانه",
        "ببرم",
        "چون",
        "دیر",
        "شده",
        "است",
        "Netflix",
        "42",
    ];
    idempotent_and_clean("netflix", "fa", &words, " ", 11);
}

#[test]
fn idempotent_on_defective_chinese_and_thai() {
    let zh = [
        "我们",
        "今天",
        "师傅",
        "一定",
        "要把",
        "这些",
        "事情",
        "做完，",
        "不然",
        "明天。",
    ];
    idempotent_and_clean("netflix", "zh-Hans", &zh, "", 3);
    idempotent_and_clean("netflix", "zh-Hant", &zh, "", 4);
    let th = [
        "ฉัน",
        "อยาก",
        "ไป",
        "ตลาด",
        "กับ",
        "แม่",
        "พรุ่งนี้",
        "เช้า",
        "เพื่อ",
        "ซื้อ",
        "ผลไม้",
    ];
    idempotent_and_clean("netflix", "th", &th, "", 5);
}

#[test]
fn arbitrary_text_never_panics_and_loses_nothing() {
    const PALETTE: &[&str] = &[
        "a",
        "Word",
        " ",
        "  ",
        "\n",
        "-",
        "- ",
        "–",
        ".",
        "...",
        ",",
        "?",
        "!",
        ";",
        "你",
        "好",
        "，",
        "。",
        "「",
        "」",
        "ー",
        "っ",
        "の",
        "ก",
        "่",
        "า",
        "ม",
        "سلام",
        "،",
        "می\u{200c}شود",
        "\u{200f}",
        "\u{202b}",
        "\u{202c}",
        "\u{a0}",
        "\u{3000}",
        "1",
        ",000",
        "\t",
        "\u{301}",
        "🎉",
        "\u{200d}",
    ];
    let mut r = Lcg(99);
    let count = |l: &str| count::count_line(l, CountingMode::CjkHalfwidthHalf);
    let bl = BreakLimits {
        max_chars_per_line: 8.0,
        max_lines: 2,
        count: &count,
        keep_together: &[],
        pixels: None,
    };
    let squeeze = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let profiles: Vec<(FixLimits, &str)> = [
        ("netflix", "fa"),
        ("netflix", "zh-Hant"),
        ("bbc_online", "en"),
    ]
    .into_iter()
    .map(|(p, l)| (fix_limits(p, l), l))
    .collect();
    for round in 0..200 {
        let n = r.next(24) as usize;
        let text: String = (0..n)
            .map(|_| PALETTE[r.next(PALETTE.len() as u64) as usize])
            .collect();
        for lang in ["en", "fa", "zh-Hans", "ja", "th"] {
            let b = break_text(&text, lang, &bl);
            assert_eq!(
                squeeze(&b.lines.concat()),
                squeeze(&text),
                "round {round} {lang}: {text:?} -> {:?}",
                b.lines
            );
            for mode in [RtlMode::None, RtlMode::Rlm, RtlMode::Embedding] {
                let once = rtl_fix(&text, lang, mode);
                assert_eq!(rtl_fix(&once, lang, mode), once, "{text:?}");
            }
        }
        let cues = [(0, 500, text.as_str()), (400, 3000, text.as_str())];
        for (fl, lang) in &profiles {
            let (mut t, _) = fix(&cues, fl, lang);
            let snapshot = t.cues.clone();
            let again = fix_track(&mut t, fl, lang);
            assert!(again.changes.is_empty(), "{text:?}: {:?}", again.changes);
            assert_eq!(t.cues, snapshot);
        }
    }
}

#[test]
fn always_rebreak_is_stable() {
    let cases: [(&str, &str, &[&str], &str); 4] = [
        (
            "netflix",
            "en",
            &["the", "storm", "is", "coming", "and", "we", "must", "leave"],
            " ",
        ),
        (
            "netflix",
            "fa",
            &[
                "من",
                "می\u{200c}خواهم",
                "کتاب\u{200c}ها",
                "را",
                "فردا",
                "به",
            ],
            " ",
        ),
        (
            "netflix",
            "ja",
            &["明日", "の", "朝", "までに", "この", "資料", "を", "読んで"],
            "",
        ),
        (
            "netflix",
            "th",
            &["ฉัน", "อยาก", "ไป", "ตลาด", "กับ", "แม่", "พรุ่งนี้", "เช้า"],
            "",
        ),
    ];
    for (seed, (profile, lang, words, sep)) in cases.into_iter().enumerate() {
        let cues = defective(seed as u64 + 40, 200, words, sep);
        let refs: Vec<(i64, i64, &str)> =
            cues.iter().map(|(s, e, t)| (*s, *e, t.as_str())).collect();
        let mut fl = fix_limits(profile, lang);
        fl.rebreak = Rebreak::Always;
        let mut t = track(&refs);
        fix_track(&mut t, &fl, lang);
        let snapshot = t.cues.clone();
        let again = fix_track(&mut t, &fl, lang);
        assert!(
            again.changes.is_empty(),
            "{lang}: {:?}",
            again.changes.first()
        );
        assert_eq!(t.cues, snapshot);
    }
}

#[test]
fn thai_line_that_cannot_fit_is_still_broken_at_a_word_boundary_and_reported() {
    // libass cannot wrap Thai (no spaces between words): `fix` must break an over-long Thai
    // line at the best dictionary word boundary even when the result still breaks the limit,
    // and report the cue as unfixable.
    let fl = fix_limits("netflix", "th");
    let (cpl, lines) = (
        fl.max_chars_per_line.unwrap_or(0.0),
        fl.max_lines.unwrap_or(0),
    );
    assert_eq!(lines, 2);
    let phrase = "ฉันอยากไปตลาดกับแม่ของฉันพรุ่งนี้เช้าเพื่อซื้อผลไม้และผักสดหลายอย่าง";
    let text = phrase.repeat(2);
    assert!(count::count_line(&text, fl.counting) > 2.0 * cpl);
    let (t, out) = fix(&[(0, 7000, &text)], &fl, "th");
    let got = texts(&t).remove(0);
    let got_lines: Vec<&str> = got.split('\n').collect();
    assert_eq!(got_lines.len(), 2, "{got}");
    assert_eq!(got_lines.concat(), text, "nothing cut, nothing added");
    // The break is a word boundary of the dictionary segmentation.
    let boundaries: Vec<usize> = textwrap::WordSeparator::UnicodeBreakProperties
        .find_words(&text)
        .scan(0usize, |at, w| {
            *at += w.word.len() + w.whitespace.len();
            Some(*at)
        })
        .collect();
    assert!(boundaries.contains(&got_lines[0].len()), "{got}");
    // Balanced: neither line is the whole overflow.
    let widths: Vec<f64> = got_lines
        .iter()
        .map(|l| count::count_line(l, fl.counting))
        .collect();
    assert!(
        widths
            .iter()
            .all(|w| *w < count::count_line(&text, fl.counting) * 0.75)
    );
    assert!(
        out.unfixable
            .iter()
            .any(|u| u.rule == rules::TEXT_MAX_CHARS_PER_LINE && u.cue == 1),
        "{out:?}"
    );
    // Idempotent: a second run leaves the layout and reports the same.
    let mut again = t.clone();
    let second = fix_track(&mut again, &fl, "th");
    assert_eq!(texts(&again), texts(&t));
    assert_eq!(second.unfixable, out.unfixable);
    // A spaced script is still left as the translator wrote it (the renderer wraps it).
    let fl_en = fix_limits("netflix", "en");
    let huge = "word ".repeat(30);
    let (t, _) = fix(&[(0, 7000, huge.trim_end())], &fl_en, "en");
    assert_eq!(texts(&t), vec![huge.trim_end().to_string()]);
}
