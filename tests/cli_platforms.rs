//! `subloc platforms` and the project configuration `subloc.yaml`: the profile list, one profile
//! resolved for a language with sources, project profiles that inherit, defaults for `check`,
//! strict keys, and the screen of the vertical profiles (docs/vertical.md) with a project's own
//! measurements.

use std::collections::BTreeMap;

use crate::cli_support::*;

/// Profiles that must be built in: the platforms the README promises.
const REQUIRED: &[&str] = &[
    "generic",
    "netflix",
    "youtube",
    "amazon",
    "apple",
    "disney_plus",
    "bbc_online",
    "bbc_broadcast",
    "tiktok",
    "douyin",
    "viki",
    "iqiyi",
    "wetv",
    "facebook",
    "vimeo",
    "filmhub",
    "cea608_scc",
    "ebu_stl",
    "vertical_app",
    "reelshort",
    "dramabox",
    "shortmax",
    "goodshort",
    "flextv",
    "moboreels",
    "netshort",
    "dramawave",
    "kalos_tv",
    "shorttv",
    "flickreels",
    "my_drama",
    "vigloo",
    "hongguo",
    "kuaishou",
    "youtube_shorts",
    "instagram_reels",
    "facebook_reels",
];

/// `platforms ID --format json` (plus `args`) as a JSON document.
fn detail(id: &str, dir: Option<&std::path::Path>) -> serde_json::Value {
    let mut cmd = subloc();
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    let out = run(cmd.args(["platforms", id, "--format", "json"]));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// One row of the detail's `limits` list by key.
fn limit(doc: &serde_json::Value, key: &str) -> serde_json::Value {
    doc["limits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["key"] == key)
        .unwrap_or_else(|| panic!("no {key} in {doc}"))
        .clone()
}

#[test]
fn vertical_app_screen_in_json_and_text() {
    // docs/vertical.md: creator-guide zones on 1080×1920 (IND); apps publish nothing.
    let doc = detail("reelshort", None);
    assert_eq!(doc["delivery"], serde_json::json!(["app", "burned-in"]));
    assert_eq!(
        doc["canvas"],
        serde_json::json!({"width": 1080, "height": 1920})
    );
    assert_eq!(
        doc["safe_area"],
        serde_json::json!({"top": 130, "right": 164, "bottom": 350, "left": 0})
    );
    assert!(doc["font_size"].is_null() && doc["line_spacing"].is_null());
    assert!(doc["fonts"].is_null());
    // Status, source and origin of each screen value are rows of the limit list.
    let safe = limit(&doc, "safe_area");
    assert_eq!(safe["status"], "IND");
    assert_eq!(safe["source"], "blitzcut");
    assert_eq!(safe["origin"], "vertical_app");
    let size = limit(&doc, "font_size");
    assert_eq!(size["status"], "NONE");
    assert!(size["value"].is_null());
    // Reels: burned in, no sidecar format.
    let reels = detail("instagram_reels", None);
    assert_eq!(reels["delivery"], serde_json::json!(["burned-in"]));
    assert!(limit(&reels, "formats")["value"].is_null());
    // A profile without a screen says so with nulls.
    let nf = detail("netflix", None);
    assert!(nf["canvas"].is_null() && nf["safe_area"].is_null(), "{nf}");
    // Netflix Russian: 42 per line since December 2025.
    let ru = limits("netflix", "ru");
    assert_eq!(ru["max_chars_per_line"]["value"], "42");
    // The human view shows the values with their sources, and explains the insets.
    let out = run(subloc().args(["platforms", "reelshort"]));
    let text = stdout(&out);
    for needle in [
        "safe_area",
        "130 164 350 0",
        "1080×1920",
        "blitzcut",
        "vertical_app",
        "insets",
    ] {
        assert!(text.contains(needle), "{needle}:\n{text}");
    }
}

#[test]
fn subloc_yaml_measures_an_apps_screen() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("subloc.yaml"),
        "profiles:\n  reelshort:\n    limits:\n      canvas: {v: {width: 720, height: 1280}, s: DOC, src: client-spec}\n      safe_area: {v: {top: 80, right: 110, bottom: 240, left: 16}, s: IND, src: measured-2026-12, note: app 4.2 measured}\n      fonts: {v: {Arab: Noto Naskh Arabic, Latn: Noto Sans}, s: DOC, src: client-spec}\n",
    )
    .unwrap();
    let doc = detail("reelshort", Some(dir.path()));
    assert_eq!(
        doc["canvas"],
        serde_json::json!({"width": 720, "height": 1280})
    );
    assert_eq!(doc["safe_area"]["left"], 16);
    assert_eq!(doc["fonts"]["Arab"], "Noto Naskh Arabic");
    let safe = limit(&doc, "safe_area");
    assert_eq!(safe["source"], "measured-2026-12");
    assert_eq!(safe["origin"], "reelshort");
    // What the project does not name stays inherited.
    assert_eq!(doc["delivery"], serde_json::json!(["app", "burned-in"]));
    // Other apps keep the defaults.
    assert_eq!(
        detail("dramabox", Some(dir.path()))["canvas"]["width"],
        1080
    );
    // A number marked NONE is refused, with its place in the file.
    std::fs::write(
        dir.path().join("subloc.yaml"),
        "profiles:\n  reelshort:\n    limits:\n      font_size: {v: 40, s: NONE}\n",
    )
    .unwrap();
    let out = run(subloc()
        .current_dir(dir.path())
        .args(["platforms", "reelshort"]));
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("subloc.yaml:4"), "{}", stderr(&out));
}

#[test]
fn lists_every_required_profile() {
    let out = run(subloc().args(["platforms", "--format", "json"]));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    for id in REQUIRED {
        assert!(ids.contains(id), "{id} missing from {ids:?}");
    }
    let netflix = rows.iter().find(|r| r["id"] == "netflix").unwrap();
    assert_eq!(netflix["max_lines"], "2");
    assert!(
        netflix["languages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l == "zh-Hans")
    );
    let out = run(subloc().arg("platforms"));
    let text = stdout(&out);
    for id in REQUIRED {
        assert!(
            text.lines().any(|l| l.starts_with(&format!("{id} "))),
            "{id}:\n{text}"
        );
    }
}

/// `platforms ID --lang L --format json`, limits by key.
fn limits(id: &str, lang: &str) -> BTreeMap<String, serde_json::Value> {
    let out = run(subloc().args(["platforms", id, "--lang", lang, "--format", "json"]));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["id"], id);
    doc["limits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["key"].as_str().unwrap().to_string(), l.clone()))
        .collect()
}

#[test]
fn one_profile_resolved_for_a_language_with_sources() {
    // docs/platforms.md: Netflix zh-Hans 16 characters per line (DOC), 9 CPS (DOC-2).
    let zh = limits("netflix", "zh-Hans");
    assert_eq!(zh["max_chars_per_line"]["value"], "16");
    assert_eq!(zh["max_chars_per_line"]["status"], "DOC");
    assert_eq!(zh["max_chars_per_line"]["origin"], "netflix/zh-Hans");
    assert_eq!(zh["max_cps"]["value"], "9");
    assert!(zh["max_cps"]["source"].is_string());
    // Tag fallback: zh-Hans-CN finds the zh-Hans entry.
    let zh_cn = limits("netflix", "zh-Hans-CN");
    assert_eq!(zh_cn["max_chars_per_line"]["value"], "16");
    // Every limit is listed, with a status even when there is no rule.
    let fa = limits("netflix", "fa");
    assert!(fa.len() >= 20, "{}", fa.len());
    assert!(fa.values().all(|l| l["status"].is_string()));
    assert_eq!(fa["direction"]["value"], "rtl");

    let out = run(subloc().args(["platforms", "netflix", "--lang", "fa"]));
    let text = stdout(&out);
    assert!(text.contains("max_chars_per_line"), "{text}");
    assert!(text.contains("netflix/fa"), "{text}");
    assert!(text.contains("DOC ="), "legend: {text}");
    let out = run(subloc().args(["--ui-lang", "zh-CN", "platforms", "netflix", "--lang", "fa"]));
    assert!(stdout(&out).contains("出处"), "{}", stdout(&out));

    let out = run(subloc().args(["platforms", "netflux"]));
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("netflix"), "{}", stderr(&out));
    let out = run(subloc().args(["platforms", "netflix", "--lang", "??"]));
    assert_eq!(code(&out), 2);
}

#[test]
fn subloc_yaml_defines_profiles_and_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path();
    let deep = project.join("season1").join("ep01");
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::copy(sample("ep01.srt"), deep.join("ep01.srt")).unwrap();
    std::fs::write(
        project.join("subloc.yaml"),
        "# project settings\nplatform: festival\nlang: zh-Hans\nprofiles:\n  festival:\n    inherits: netflix\n    name: Festival screening\n    limits:\n      max_lines: {v: 1, s: DOC, src: festival-spec}\ncheck:\n  severity: {italics-forbidden: off}\n",
    )
    .unwrap();

    // The project profile is listed and inherits Netflix's per-language limits.
    let out = run(subloc().current_dir(&deep).args([
        "platforms",
        "festival",
        "--lang",
        "zh-Hans",
        "--format",
        "json",
    ]));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let by_key = |k: &str| {
        doc["limits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["key"] == k)
            .unwrap()
            .clone()
    };
    assert_eq!(by_key("max_lines")["value"], "1");
    assert_eq!(by_key("max_lines")["origin"], "festival");
    assert_eq!(by_key("max_lines")["source"], "festival-spec");
    assert_eq!(by_key("max_chars_per_line")["value"], "16");

    // check without --platform or --lang: the configuration's defaults apply.
    let out = run(subloc()
        .current_dir(&deep)
        .args(["check", "--format", "json", "ep01.srt"]));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let file = &report["files"][0];
    assert_eq!(file["platform"], "festival");
    assert_eq!(file["lang"], "zh-Hans");
    assert_eq!(file["lang_source"], "flag");
    let rules: Vec<&str> = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"text-max-lines"),
        "two-line cues break max_lines 1"
    );
    assert!(
        !rules.contains(&"italics-forbidden"),
        "switched off in check.severity"
    );
    assert_eq!(code(&out), 1);
    // Flags win over the configuration.
    let out = run(subloc().current_dir(&deep).args([
        "check",
        "--platform",
        "netflix",
        "--format",
        "json",
        "ep01.srt",
    ]));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["files"][0]["platform"], "netflix");

    // Strict keys: a typo is an error with its position and the valid keys.
    std::fs::write(
        project.join("subloc.yaml"),
        "platform: netflix\nplatfrom: youtube\n",
    )
    .unwrap();
    let out = run(subloc().current_dir(&deep).args(["platforms"]));
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("subloc.yaml:2:"), "{err}");
    assert!(
        err.contains("platfrom") && err.contains("glossary"),
        "{err}"
    );

    // --config wins over discovery.
    let other = project.join("other.yaml");
    std::fs::write(&other, "platform: youtube\n").unwrap();
    let out = run(subloc()
        .current_dir(&deep)
        .arg("--config")
        .arg(&other)
        .args(["check", "--format", "json", "ep01.srt"]));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["files"][0]["platform"], "youtube");
}
