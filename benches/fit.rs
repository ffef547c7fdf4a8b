//! `cargo bench --bench fit`: the fitting pass `translate` runs on every output (every cue laid
//! out again, punctuation, direction marks, timing) over 100 episodes × 80 cues, for a vertical
//! app's profile (ReelShort) with and without pixel layout — with pixel layout every line must
//! also fit the safe width measured with the real font (shaped with rustybuzz), without it only
//! the character limit applies. Printed as a Markdown table; the target is ≤ 25 % added.
//!
//! The dialogue is generated in-process from a fixed vocabulary per language (deterministic, so
//! runs compare; words repeat across a season as in real dialogue). One thread, so the numbers
//! are the pass's own cost. `SUBLOC_BENCH_RUNS` sets the timed runs (default 9, alternating with and
//! without pixel layout; medians reported).
//! Font loading (scanning the system's fonts, reading a face) happens once per process and is
//! reported apart.

use std::time::{Duration, Instant};

use subloc::deliver::{self, FileJob, Fit, Input};
use subloc::model::{Cue, RichText, Timestamp, Track};
use subloc::platform::Profiles;
use subloc::platform::fit::Rebreak;
use subloc::typeset::{FontConfig, Fonts};

const EPISODES: usize = 100;
const CUES: usize = 80;

fn main() {
    let runs = std::env::var("SUBLOC_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(9);
    let profiles = Profiles::builtin().expect("built-in profiles load");
    println!(
        "subloc fitting benchmark — {EPISODES} episodes × {CUES} cues, reelshort, median of {runs} runs\n"
    );
    println!(
        "| language | font | characters only | with pixel layout | added | font loading (once) |"
    );
    println!("|---|---|---:|---:|---:|---:|");
    for lang in ["en", "fa", "zh-Hans"] {
        let limits = profiles
            .resolve(
                "reelshort",
                Some(&lang.parse().expect("tag")),
                Default::default(),
            )
            .expect("reelshort resolves");
        let season = season(lang);
        let fonts = Fonts::new(FontConfig::default());
        // Cold: the first episode pays the font database scan and the face's loading.
        let t = Instant::now();
        fit_season(&season[..1], &limits, lang, Some(&fonts));
        let cold = t.elapsed();
        let script = subloc::typeset::script_of_lang(lang);
        let family = fonts
            .faces_for(script, None)
            .first()
            .map(|f| f.family.clone())
            .unwrap_or_else(|| "missing: characters counted".into());
        // Interleaved, so a machine that slows down or speeds up during the run affects both.
        let (plain, pixels) = medians(
            runs,
            || fit_season(&season, &limits, lang, None),
            || fit_season(&season, &limits, lang, Some(&fonts)),
        );
        let added = (pixels.as_secs_f64() / plain.as_secs_f64() - 1.0) * 100.0;
        println!(
            "| {lang} | {family} | {:.0} ms | {:.0} ms | {added:+.0} % | {:.0} ms |",
            ms(plain),
            ms(pixels),
            ms(cold)
        );
    }
    println!(
        "\nTarget: pixel layout adds ≤ 25 % to the fitting pass. Fitting = `deliver::run` with only\n\
         its fit step (Rebreak::Always, as `translate`), one thread."
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Median times of `a` and `b`, run alternately `runs` times each.
fn medians(runs: usize, mut a: impl FnMut(), mut b: impl FnMut()) -> (Duration, Duration) {
    let time = |f: &mut dyn FnMut()| {
        let t = Instant::now();
        f();
        t.elapsed()
    };
    let (mut ta, mut tb) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        ta.push(time(&mut a));
        tb.push(time(&mut b));
    }
    ta.sort();
    tb.sort();
    (ta[ta.len() / 2], tb[tb.len() / 2])
}

fn fit_season(
    season: &[Track],
    limits: &subloc::platform::Limits,
    lang: &str,
    fonts: Option<&Fonts>,
) {
    for track in season {
        let job = FileJob {
            fit: Some(Fit {
                limits,
                lang,
                fps: None,
                rebreak: Rebreak::Always,
                retime: false,
                strip_forbidden_italics: true,
                keep_together: Default::default(),
                fonts,
            }),
            ..FileJob::default()
        };
        let input = Input {
            track: track.clone(),
            diagnostics: Vec::new(),
        };
        let d = deliver::run(input, &job).expect("no write, no I/O");
        std::hint::black_box(d);
    }
}

/// A season of dialogue in `lang`: lines of 3–14 words (or 4–24 characters for Chinese) drawn
/// from a fixed vocabulary by a fixed linear congruential sequence.
fn season(lang: &str) -> Vec<Track> {
    let words: Vec<&str> = match lang {
        "fa" => {
            "من تو او ما شما آنها خانه مادربزرگ فردا امروز شب صبح کارگاه استاد میناکاری اصفهان \
                 نمی‌دانم می‌خواهم رفتیم دیدیم گفت بیا برو کجا چرا چطور خیلی زیبا دوباره هرگز همیشه \
                 کتاب‌ها ایستگاه قطار بازار دست کار هنر رنگ آبی طلایی"
                .split_whitespace()
                .collect()
        }
        "zh-Hans" => "我你他她们的了是在不有这那就也都和把被让给说去来看想要知道明天今天晚上早上\
                      奶奶师傅工坊景泰蓝扬州市场颜色蓝金回家一起为什么怎么真的"
            .split("")
            .filter(|s| !s.is_empty())
            .collect(),
        _ => "I you we they the a to of and in on at is was will be can not what where why how \
              grandma master workshop enamel tomorrow tonight morning always never again really \
              beautiful station market colour blue gold home together know want went saw said"
            .split_whitespace()
            .collect(),
    };
    let cjk = lang == "zh-Hans";
    let mut state: u64 = 0x5eed;
    let mut next = move |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % n
    };
    (0..EPISODES)
        .map(|_| {
            let cues = (0..CUES)
                .map(|i| {
                    let n = if cjk { 4 + next(21) } else { 3 + next(12) };
                    let picked: Vec<&str> = (0..n).map(|_| words[next(words.len())]).collect();
                    let mut text = picked.join(if cjk { "" } else { " " });
                    text.push_str(if cjk { "。" } else { "." });
                    let start = i64::try_from(i).expect("small") * 3000;
                    Cue::new(
                        u32::try_from(i + 1).expect("small"),
                        Timestamp(start),
                        Timestamp(start + 2500),
                        RichText::plain(&text),
                    )
                })
                .collect();
            Track {
                cues,
                ..Track::default()
            }
        })
        .collect()
}
