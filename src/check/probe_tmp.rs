#![allow(clippy::print_stderr)]
use super::tests::limits;
use super::{CheckOptions, SeverityOverrides, check_track};
use crate::format::{ReadOptions, read_file};
use std::collections::{BTreeMap, BTreeSet};

#[test]
#[ignore]
fn probe_perf() {
    for f in ["/tmp/big50/big/big.srt", "/tmp/big50/big/big.ass"] {
        let p = std::path::Path::new(f);
        let t0 = std::time::Instant::now();
        let loaded = read_file(p, &ReadOptions::default()).unwrap();
        let t1 = t0.elapsed();
        let l = limits("netflix", "zh-Hans");
        let t2 = std::time::Instant::now();
        let d = check_track(&loaded.track, &l, &CheckOptions::default());
        let t3 = t2.elapsed();
        let mb = 52.4;
        eprintln!(
            "{f}: parse {:?} ({:.0} MB/s), check {:?} ({:.0} MB/s), end-to-end {:.0} MB/s, {} findings",
            t1,
            mb / t1.as_secs_f64(),
            t3,
            mb / t3.as_secs_f64(),
            mb / (t1 + t3).as_secs_f64(),
            d.len()
        );
        let mut by: BTreeMap<&str, usize> = BTreeMap::new();
        for x in &d {
            *by.entry(x.rule).or_default() += 1;
        }
        eprintln!("  {by:?}");
    }
}

#[test]
#[ignore]
fn probe_gen_corpus() {
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("/tmp/cc_defects/corpus.json").unwrap())
            .unwrap();
    let mut expected: BTreeSet<(String, u64, String)> = BTreeSet::new();
    for d in manifest["defects"].as_array().unwrap() {
        expected.insert((
            d["file"].as_str().unwrap().to_string(),
            d["cue"].as_u64().unwrap(),
            d["type"].as_str().unwrap().to_string(),
        ));
    }
    let opts = CheckOptions {
        overrides: SeverityOverrides::parse_list("italics-forbidden=off,punct-forbidden=off")
            .unwrap(),
        fps: Some(crate::model::Fps { num: 25, den: 1 }),
    };
    let l = limits("netflix", "zh-Hans");
    let mut missed = 0;
    let mut extra = 0;
    let mut seen = 0;
    for dir in ["srt", "ass"] {
        for e in std::fs::read_dir(format!("/tmp/cc_defects/{dir}")).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_str().unwrap().to_string();
            let loaded = read_file(&p, &ReadOptions::default()).unwrap();
            let mut d = check_track(&loaded.track, &l, &opts);
            // generator numbers Dialogue events only
            let ids: Vec<u32> = loaded
                .track
                .cues
                .iter()
                .filter(|c| c.kind() != crate::model::CueKind::Comment)
                .map(|c| c.id)
                .collect();
            for x in &mut d {
                if let Some(c) = x.cue {
                    x.cue = ids.iter().position(|&i| i == c).map(|p| p as u32 + 1);
                }
            }
            let defect_cues: BTreeMap<u64, String> = expected
                .iter()
                .filter(|(f, _, _)| {
                    f.trim_end_matches(".srt").trim_end_matches(".ass")
                        == name.trim_end_matches(".srt").trim_end_matches(".ass")
                })
                .map(|(_, c, t)| (*c, t.clone()))
                .collect();
            for (c, t) in &defect_cues {
                seen += 1;
                let want = match t.as_str() {
                    "overlap" => "timing-overlap",
                    "short" => "timing-min-duration",
                    "long" => "timing-max-duration",
                    "longline" => "text-max-chars-per-line",
                    _ => "?",
                };
                if !d.iter().any(|x| x.cue == Some(*c as u32) && x.rule == want) {
                    missed += 1;
                    eprintln!("MISSED {name} cue {c} {t}");
                }
            }
            for x in &d {
                if !defect_cues.contains_key(&(x.cue.unwrap() as u64)) {
                    extra += 1;
                    if extra < 20 {
                        eprintln!("EXTRA {name} {:?} {} {:?}", x.cue, x.rule, x.args);
                    }
                }
            }
        }
    }
    eprintln!("defects seen {seen}, missed {missed}, extra findings on clean cues {extra}");
}

#[test]
#[ignore]
fn probe_perf_episodes() {
    let l = limits("netflix", "zh-Hans");
    let mut files = Vec::new();
    for e in std::fs::read_dir("/tmp/cc_defects/srt").unwrap() {
        let p = e.unwrap().path();
        files.push(std::fs::read(&p).unwrap());
    }
    let bytes: usize = files.iter().map(|f| f.len()).sum();
    let mut best_parse = f64::MAX;
    let mut best_check = f64::MAX;
    let mut n = 0;
    for _ in 0..20 {
        let t0 = std::time::Instant::now();
        let loaded: Vec<_> = files
            .iter()
            .map(|b| {
                crate::format::read_bytes(
                    b.clone(),
                    Some(std::path::Path::new("x.srt")),
                    &ReadOptions::default(),
                )
                .unwrap()
            })
            .collect();
        let t1 = t0.elapsed().as_secs_f64();
        let t2 = std::time::Instant::now();
        for l2 in &loaded {
            n += check_track(&l2.track, &l, &CheckOptions::default()).len();
        }
        let t3 = t2.elapsed().as_secs_f64();
        best_parse = best_parse.min(t1);
        best_check = best_check.min(t3);
    }
    let mb = bytes as f64 / 1e6;
    eprintln!(
        "100 episodes {mb:.2} MB: parse {:.1} ms ({:.0} MB/s), check {:.1} ms ({:.0} MB/s), end-to-end {:.0} MB/s; {} findings/run",
        best_parse * 1e3,
        mb / best_parse,
        best_check * 1e3,
        mb / best_check,
        mb / (best_parse + best_check),
        n / 20
    );
}

#[test]
#[ignore]
fn probe_check_loop() {
    let l = limits("netflix", "zh-Hans");
    let mut loaded = Vec::new();
    for e in std::fs::read_dir("/tmp/cc_defects/srt").unwrap() {
        let p = e.unwrap().path();
        loaded.push(read_file(&p, &ReadOptions::default()).unwrap());
    }
    let off = CheckOptions {
        overrides: SeverityOverrides::parse_list(&std::env::var("OFF").unwrap_or_default())
            .unwrap(),
        fps: Some(crate::model::Fps { num: 25, den: 1 }),
    };
    let t0 = std::time::Instant::now();
    let mut n = 0;
    for _ in 0..100 {
        for l2 in &loaded {
            n += check_track(&l2.track, &l, &off).len();
        }
    }
    eprintln!("check x100: {:?} ({} findings/run)", t0.elapsed(), n / 100);
}
