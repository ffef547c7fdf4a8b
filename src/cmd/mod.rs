//! The commands as library use cases: what every command shares and returns. A command is a
//! function of the resolved settings that returns data, an [`ExitStatus`] (0 / 1 / 2) or an
//! [`Error`]: a typed value carrying a Fluent message id and its arguments, localized once by
//! whoever shows it (`Error::render`). The binary (`src/main.rs`, `src/app/`) parses flags, calls
//! the use case and renders; nothing here prints.

pub mod burn;
pub mod check;
pub mod convert;
pub mod destination;
pub mod error;
pub mod fix;
pub mod glossary;
pub mod info;
pub mod memory;
pub mod platforms;
pub mod preview;
pub mod render;
pub mod settings;
pub mod translate;
pub mod xliff;

use std::path::{Path, PathBuf};

use fluent::FluentValue;

use crate::i18n::Localizer;

pub use error::{Error, io_detail};
pub use settings::{Flags, LoadedGlossary, Settings};

/// What a command achieved, as the process exit code (the README's "Exit codes": 0 done, 1
/// findings at the failing level, 2 usage, configuration or I/O error).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitStatus {
    /// 0: done, nothing at the failing level.
    Success,
    /// 1: findings at the failing level (`--strict` and a warning, later: rule violations).
    Failure,
    /// 2: usage, configuration or I/O error.
    Error,
}

impl ExitStatus {
    pub fn code(self) -> i32 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
        }
    }
}

/// A path as the user typed it, for messages.
pub fn show(path: &Path) -> String {
    path.display().to_string()
}

/// A path found by discovery (absolute), shown relative to the working directory when it is
/// inside it, so messages read `glossary.yaml:12:5` rather than a long absolute path.
pub fn show_found(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| path.to_path_buf())
}

/// True when both paths name the same existing file (through links and `./`).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Reads a whole data file (XLIFF, TMX, TBX, CSV, JSON; UTF-8, a BOM is left for the parser
/// to skip) of at most `crate::input::DATA_LIMIT` bytes.
pub fn read_text(path: &Path) -> Result<String, Error> {
    crate::input::read_text_capped(path, crate::input::DATA_LIMIT).map_err(|e| Error::read(path, e))
}

/// [`read_text`] for a YAML document (the glossary), with the smaller YAML limit.
pub fn read_yaml_text(path: &Path) -> Result<String, Error> {
    crate::input::read_text_capped(path, crate::input::YAML_LIMIT).map_err(|e| Error::read(path, e))
}

/// Creates missing parent folders, then writes atomically (temporary file + rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| Error::write(path, e))?;
    }
    crate::format::write_file_atomic(path, bytes).map_err(|e| Error::write(path, e))
}

/// A Fluent argument from a string: integers and decimals become numbers (so plural selectors
/// work), everything else stays text.
pub fn fluent_arg(value: &str) -> FluentValue<'static> {
    let digits = value.strip_prefix('-').unwrap_or(value);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let numeric = !int.is_empty()
        && int.len() <= 15
        && frac.len() <= 6
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && !(digits.contains('.') && frac.is_empty());
    match value.parse::<f64>() {
        Ok(n) if numeric => FluentValue::from(n),
        _ => FluentValue::from(value.to_string()),
    }
}

/// The label closure renderers take (`report::LabelFn`): a Fluent id and string arguments.
pub fn label_text(loc: &Localizer, id: &str, args: &[(&str, String)]) -> String {
    let args: Vec<(&str, FluentValue<'_>)> =
        args.iter().map(|(k, v)| (*k, fluent_arg(v))).collect();
    loc.msg(id, &args)
}

/// Checks a language tag given on the command line and returns its canonical form.
pub fn lang_arg(value: &str) -> Result<String, Error> {
    crate::platform::lang::parse_tag(value)
        .map(|l| l.to_string())
        .map_err(|_| Error::usage("error-bad-lang", &[("value", value.to_string())]))
}

/// Shorthand for a Fluent number argument.
pub fn num(n: usize) -> FluentValue<'static> {
    FluentValue::from(n)
}

/// A check report in `format`: human and HTML in `loc`'s language, the machine formats with
/// English messages (they are never localized); `color` for a terminal.
pub fn render_report(
    report: &crate::report::CheckReport,
    format: crate::report::ReportFormat,
    loc: &Localizer,
    color: bool,
) -> String {
    render_report_as(report, format, loc, color, false)
}

/// [`render_report`]; `errors_only` (`-q`) keeps only the error findings of the human format.
pub fn render_report_as(
    report: &crate::report::CheckReport,
    format: crate::report::ReportFormat,
    loc: &Localizer,
    color: bool,
    errors_only: bool,
) -> String {
    use crate::diag::{Diagnostic, Severity, rules};
    let english = Localizer::english();
    let message = |d: &Diagnostic| loc.diagnostic(d);
    let label = |id: &str, args: &[(&str, String)]| label_text(loc, id, args);
    let machine = |d: &Diagnostic| english.diagnostic(d);
    let describe = |rule: &str| {
        rules::ALL
            .iter()
            .find(|r| **r == rule)
            .map(|r| english.diagnostic(&Diagnostic::new(r, Severity::Error)))
            .unwrap_or_else(|| crate::report::plain_rule_description(rule))
    };
    let ui_lang = loc.lang().to_string();
    let opts = crate::report::RenderOptions {
        message: &message,
        label: &label,
        machine_message: &machine,
        rule_description: &describe,
        color,
        errors_only,
        ui_lang: &ui_lang,
        ..crate::report::RenderOptions::default()
    };
    crate::report::render(report, format, &opts)
}

/// The pages of one language × platform of a `translate` run (`report::season_pages`), in
/// `loc`'s language.
pub fn render_season(
    report: &crate::report::CheckReport,
    season: &crate::report::Season<'_>,
    loc: &Localizer,
) -> Vec<crate::report::HtmlPage> {
    with_html_options(loc, |opts| {
        crate::report::season_pages(report, season, opts)
    })
}

/// The index page of a `translate` run (`report::index_page`), in `loc`'s language.
pub fn render_index(rows: &[crate::report::IndexRow], loc: &Localizer) -> String {
    with_html_options(loc, |opts| crate::report::index_page(rows, opts))
}

/// Runs `f` with the render options of the HTML pages: findings and labels in `loc`'s language.
fn with_html_options<T>(
    loc: &Localizer,
    f: impl FnOnce(&crate::report::RenderOptions<'_>) -> T,
) -> T {
    let message = |d: &crate::diag::Diagnostic| loc.diagnostic(d);
    let label = |id: &str, args: &[(&str, String)]| label_text(loc, id, args);
    let ui_lang = loc.lang().to_string();
    let opts = crate::report::RenderOptions {
        ui_lang: &ui_lang,
        ..crate::report::RenderOptions::new(&message, &label)
    };
    f(&opts)
}

/// Reads one subtitle file for a command: content in a format subloc does not read (SAMI, HTML)
/// is an error naming the format, not an empty track.
pub fn read_track(
    path: &Path,
    opts: &crate::format::ReadOptions,
) -> Result<crate::format::Loaded, Error> {
    let loaded = crate::format::read_file(path, opts).map_err(Error::Read)?;
    if let Some(d) = loaded
        .diagnostics
        .iter()
        .find(|d| d.rule == crate::diag::rules::PARSE_UNSUPPORTED_FORMAT)
    {
        return Err(Error::UnreadableFormat {
            path: path.to_path_buf(),
            format: d.get_arg("format").unwrap_or("unknown").to_string(),
        });
    }
    // An empty file, or one that is not subtitles (an image renamed `.srt`, a text file): an
    // error, never an empty output or a clean check with exit 0.
    if loaded.track.cues.is_empty() {
        return Err(Error::NoCues {
            path: path.to_path_buf(),
            diagnostics: loaded
                .diagnostics
                .into_iter()
                .map(|d| d.with_path(path))
                .collect(),
        });
    }
    Ok(loaded)
}

/// A file's language: `--lang` (or `lang:`), else the file name, else the script of its text;
/// `und` and [`LangSource::Unknown`](crate::platform::LangSource) when nothing tells.
pub fn file_language(
    lang: Option<&str>,
    path: &Path,
    track: &crate::model::Track,
) -> (
    Option<unic_langid::LanguageIdentifier>,
    crate::platform::LangSource,
) {
    match crate::platform::lang::detect(lang, Some(path), track)
        .ok()
        .flatten()
    {
        Some(f) => (Some(f.tag), f.source),
        None => (None, crate::platform::LangSource::Unknown),
    }
}

/// The profile limits for one file on `platform`: its language decided by [`file_language`]
/// (`und` when nothing tells) and the profile resolved for it.
pub fn file_limits(
    settings: &Settings,
    platform: &str,
    path: &Path,
    track: &crate::model::Track,
) -> Result<(crate::platform::Limits, String, crate::platform::LangSource), Error> {
    let (tag, source) = file_language(settings.lang(), path, track);
    let limits = settings
        .profiles()
        .resolve(platform, tag.as_ref(), crate::platform::Audience::Adult)
        .map_err(Error::Profile)?;
    let lang = tag
        .as_ref()
        .map_or_else(|| "und".to_string(), ToString::to_string);
    Ok((limits, lang, source))
}

/// Resolves an `--encoding` / `--out-encoding` label.
pub fn lookup_encoding(
    label: Option<&str>,
) -> Result<Option<&'static encoding_rs::Encoding>, Error> {
    match label {
        None => Ok(None),
        Some(l) => {
            crate::format::encoding::lookup(l)
                .map(Some)
                .ok_or_else(|| Error::UnknownEncoding {
                    label: l.to_string(),
                })
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io;

    use super::*;
    use crate::format::ReadError;

    #[test]
    fn numbers_in_strings_become_fluent_numbers() {
        assert!(matches!(fluent_arg("12"), FluentValue::Number(_)));
        assert!(matches!(fluent_arg("-3"), FluentValue::Number(_)));
        assert!(matches!(fluent_arg("17.5"), FluentValue::Number(_)));
        assert!(matches!(fluent_arg("2026-11-12"), FluentValue::String(_)));
        assert!(matches!(fluent_arg("1."), FluentValue::String(_)));
        assert!(matches!(fluent_arg(""), FluentValue::String(_)));
        assert!(matches!(fluent_arg("fa"), FluentValue::String(_)));
    }

    #[test]
    fn errors_are_localized_and_typed() {
        let fa = Localizer::for_lang(&"fa-IR".parse().unwrap());
        let e = Error::Read(ReadError::Io {
            path: "a.srt".into(),
            kind: io::ErrorKind::NotFound,
            source: io::Error::from(io::ErrorKind::NotFound),
        });
        let text = e.render(&fa);
        assert!(text.contains("a.srt"), "{text}");
        assert!(text.contains("وجود ندارد"), "{text}");
        assert_eq!(e.kind(), "not-found");
        let pipe = Error::Stdout(io::Error::from(io::ErrorKind::BrokenPipe));
        assert!(pipe.is_broken_pipe());
        assert!(!e.is_broken_pipe());
        assert!(matches!(
            lookup_encoding(Some("klingon-8")),
            Err(Error::UnknownEncoding { .. })
        ));
        assert_eq!(
            lookup_encoding(Some("gbk")).unwrap().map(|e| e.name()),
            Some("GBK")
        );
        assert_eq!(
            ExitStatus::Error.max(ExitStatus::Failure),
            ExitStatus::Error
        );
    }

    #[test]
    fn profile_errors_are_localized_not_english_text() {
        use crate::platform::ProfileError;
        let fa = Localizer::for_lang(&"fa-IR".parse().unwrap());
        let en = Localizer::for_lang(&"en-US".parse().unwrap());
        let e = Error::Profile(ProfileError::UnknownParent {
            profile: "festival".into(),
            parent: "netflx".into(),
        });
        let english = ProfileError::UnknownParent {
            profile: "festival".into(),
            parent: "netflx".into(),
        }
        .to_string();
        let text = e.render(&fa);
        assert!(
            text.contains("festival") && text.contains("netflx"),
            "{text}"
        );
        assert!(
            !text.contains(&english) && !text.contains("inherits"),
            "{text}"
        );
        assert!(e.render(&en).contains("not a known profile"));
        for e in [
            ProfileError::Cycle {
                profile: "a".into(),
            },
            ProfileError::BadLanguage {
                profile: "a".into(),
                tag: "!!".into(),
            },
            ProfileError::UnknownRule {
                profile: "a".into(),
                rule: "r".into(),
            },
            ProfileError::Schema(9),
        ] {
            let text = Error::Profile(e.clone()).render(&fa);
            assert!(!text.contains(&e.to_string()), "{text}");
            assert!(!text.contains("error-profile"), "a missing message: {text}");
        }
    }

    #[test]
    fn a_provider_failure_inside_a_message_is_localized_too() {
        use crate::translate::BackendError;
        let fa = Localizer::for_lang(&"fa-IR".parse().unwrap());
        let en = Localizer::for_lang(&"en-US".parse().unwrap());
        let e = Error::Because {
            id: "error-translate-glossary-sync",
            args: vec![("lang", "fa".into())],
            cause: Box::new(Error::Backend(BackendError::auth_missing())),
        };
        let text = e.render(&fa);
        assert!(text.contains("API"), "{text}");
        assert!(!text.contains("authentication failed"), "{text}");
        assert_eq!(e.kind(), "auth");
        let server = Error::Backend(BackendError::Server {
            status: 403,
            body_excerpt: "Quota exceeded".into(),
        });
        assert_eq!(
            server.render(&en),
            "the provider answered with HTTP status 403: Quota exceeded"
        );
    }
}
