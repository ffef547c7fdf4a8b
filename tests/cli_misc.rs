//! The rest of the command line: help and usage errors, shell completions, the man page, exit
//! codes for usage errors, and localized help.

use crate::cli_support::*;

#[test]
fn usage_errors_exit_2() {
    let out = run(subloc().arg("convert"));
    assert_eq!(code(&out), 2);
    let out = run(subloc().arg("frobnicate"));
    assert_eq!(code(&out), 2);
    let out = run(subloc().args(["--ui-lang", "not a tag!", "info", "samples/ep01.srt"]));
    assert_eq!(code(&out), 2);
    let out = run(&mut subloc());
    assert_eq!(code(&out), 2, "no command is a usage error");
}

#[test]
fn help_and_version_exit_0_and_help_is_localized() {
    let out = run(subloc().arg("--help"));
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    assert!(text.contains("convert") && text.contains("info"), "{text}");
    assert!(text.contains("Usage:"), "{text}");

    let out = run(subloc().args(["--ui-lang", "fa-IR", "convert", "--help"]));
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    assert!(text.contains("نحوهٔ استفاده"), "{text}");
    assert!(text.contains("قالب خروجی"), "{text}");

    let out = run(subloc().args(["info", "-h", "--ui-lang=zh-CN"]));
    assert!(
        stdout(&out).contains("要查看的字幕文件"),
        "{}",
        stdout(&out)
    );

    let out = run(subloc().arg("--version"));
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn completions_for_each_shell() {
    let out = run(subloc().args(["completions", "bash"]));
    assert_eq!(code(&out), 0);
    let script = stdout(&out);
    assert!(
        script.contains("_subloc()") || script.contains("_subloc ()"),
        "{script}"
    );
    assert!(script.contains("complete -F"), "{script}");
    assert!(script.contains("--out-encoding"), "{script}");
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let out = run(subloc().args(["completions", shell]));
        assert_eq!(code(&out), 0, "{shell}");
        assert!(stdout(&out).contains("convert"), "{shell}");
    }
    assert_eq!(code(&run(subloc().args(["completions", "tcsh"]))), 2);
}

#[test]
fn man_page_is_roff() {
    let out = run(subloc().arg("man"));
    assert_eq!(code(&out), 0);
    let page = stdout(&out);
    assert!(
        page.starts_with(".ie") || page.starts_with(".TH"),
        "{}",
        &page[..page.len().min(200)]
    );
    assert!(
        page.contains(".TH subloc"),
        "{}",
        &page[..page.len().min(400)]
    );
    assert!(page.contains(".SH NAME"));
    assert!(page.contains("convert"));
}

/// The project's own inputs are size-capped like subtitles: a huge glossary, configuration or
/// review sheet (sparse files: no disk used) is refused with its size and the limit, naming the
/// file, before a byte is read.
#[test]
fn oversized_glossary_config_and_review_sheet_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let sparse = |name: &str, len: u64| {
        let path = dir.path().join(name);
        std::fs::File::create(&path).unwrap().set_len(len).unwrap();
        path
    };
    let glossary = sparse("glossary.yaml", 1 << 30);
    let out = run(subloc()
        .current_dir(dir.path())
        .args(["glossary", "lint", "--glossary"])
        .arg(&glossary));
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("glossary.yaml"), "{err}");
    assert!(err.contains("1024 MiB, larger than the 16 MiB"), "{err}");

    let config = sparse("big.yaml", 17 << 20);
    let out = run(subloc()
        .current_dir(dir.path())
        .arg("--config")
        .arg(&config)
        .args(["platforms"]));
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("big.yaml"), "{err}");
    assert!(err.contains("17 MiB, larger than the 16 MiB"), "{err}");

    std::fs::write(
        dir.path().join("glossary.yaml"),
        std::fs::read(crate::cli_support::series_glossary()).unwrap(),
    )
    .unwrap();
    let csv = sparse("review.csv", 300 << 20);
    let out = run(subloc()
        .current_dir(dir.path())
        .args(["glossary", "apply", "--date", "2026-12-01", "--glossary"])
        .arg(dir.path().join("glossary.yaml"))
        .arg(&csv));
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("review.csv"), "{err}");
    assert!(err.contains("300 MiB, larger than the 256 MiB"), "{err}");
}
