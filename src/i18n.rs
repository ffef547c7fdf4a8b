//! The user interface language: Fluent bundles embedded from `locales/`, negotiation, formatting.
//!
//! The `.ftl` files are compiled into the binary (`include_str!`), so the UI never depends on the
//! working directory. The UI language comes from `--ui-lang`, then `LC_ALL` / `LC_MESSAGES` /
//! `LANG` (POSIX precedence), then the OS setting, then en-US. Every lookup falls back to en-US and
//! finally to the message id itself, so a missing translation degrades instead of failing.
//! Bidi isolation marks are switched off: they are invisible noise in a terminal and in tests.

use fluent::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use fluent_langneg::{NegotiationStrategy, negotiate_languages};
use unic_langid::LanguageIdentifier;

use crate::diag::Diagnostic;

/// The locales shipped in the binary: tag and FTL source. en-US comes first and is the fallback.
pub const LOCALES: &[(&str, &str)] = &[
    ("en-US", include_str!("../locales/en-US/subloc.ftl")),
    ("zh-CN", include_str!("../locales/zh-CN/subloc.ftl")),
    ("fa-IR", include_str!("../locales/fa-IR/subloc.ftl")),
];

/// The tag every lookup falls back to.
pub const FALLBACK: &str = "en-US";

/// Formats user-facing messages in one negotiated UI language (with en-US behind it).
pub struct Localizer {
    lang: LanguageIdentifier,
    primary: FluentBundle<FluentResource>,
    /// en-US, when the primary language is something else.
    fallback: Option<FluentBundle<FluentResource>>,
}

impl std::fmt::Debug for Localizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Localizer")
            .field("lang", &self.lang.to_string())
            .finish_non_exhaustive()
    }
}

impl Localizer {
    /// Negotiates the UI language from `requested` (the `--ui-lang` value, if any), the process
    /// environment and the OS, and builds the bundles.
    pub fn new(requested: Option<&str>) -> Localizer {
        let env = |name: &str| std::env::var(name).ok();
        let wanted = requested_languages(requested, env, sys_locale::get_locale);
        Localizer::for_lang(&negotiate(&wanted))
    }

    /// Builds the bundles for one of the shipped locales (anything else gets en-US).
    pub fn for_lang(lang: &LanguageIdentifier) -> Localizer {
        let tag = lang.to_string();
        let source = LOCALES
            .iter()
            .find(|(t, _)| *t == tag)
            .map(|(_, s)| *s)
            .unwrap_or(LOCALES[0].1);
        let lang = if LOCALES.iter().any(|(t, _)| *t == tag) {
            lang.clone()
        } else {
            fallback_langid()
        };
        let primary = build_bundle(&lang, source).0;
        let fallback =
            (lang != fallback_langid()).then(|| build_bundle(&fallback_langid(), LOCALES[0].1).0);
        Localizer {
            lang,
            primary,
            fallback,
        }
    }

    /// The en-US localizer: the text machine-readable output carries alongside stable ids.
    pub fn english() -> Localizer {
        Localizer::for_lang(&fallback_langid())
    }

    /// The negotiated UI language.
    pub fn lang(&self) -> &LanguageIdentifier {
        &self.lang
    }

    /// Whether the UI language is written right to left (the caller may want to know for layout).
    pub fn is_rtl(&self) -> bool {
        matches!(
            self.lang.language.as_str(),
            "fa" | "ar" | "he" | "ur" | "ps" | "yi"
        )
    }

    /// The message `id` formatted with `args`; falls back to en-US, then to the id itself.
    pub fn msg(&self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut fargs = FluentArgs::new();
        for (name, value) in args {
            fargs.set(*name, value.clone());
        }
        self.format(id, &fargs)
    }

    /// Shorthand for a message without arguments.
    pub fn text(&self, id: &str) -> String {
        self.format(id, &FluentArgs::new())
    }

    /// The human text of a diagnostic: its rule id is the message id, its args the arguments.
    ///
    /// Emitters do not all pass the same arguments for one rule (the SRT reader knows the bad
    /// character, the ASS reader the field), so a rule message may carry attributes as
    /// alternatives: the value is tried first, then each attribute in order, and the first one
    /// whose variables are all present wins (conventionally the last is `.plain`, with none).
    /// Empty argument values count as absent. Integer-looking values are passed as numbers so
    /// plural selectors work.
    pub fn diagnostic(&self, d: &Diagnostic) -> String {
        let mut fargs = FluentArgs::new();
        for (name, value) in d.args.iter().filter(|(_, v)| !v.is_empty()) {
            fargs.set(name.clone(), arg_value(value));
        }
        for bundle in std::iter::once(&self.primary).chain(self.fallback.as_ref()) {
            if let Some(text) = first_complete_variant(bundle, d.rule, &fargs) {
                return text;
            }
        }
        self.format(d.rule, &fargs)
    }

    fn format(&self, id: &str, args: &FluentArgs<'_>) -> String {
        let mut first_try = None;
        for bundle in std::iter::once(&self.primary).chain(self.fallback.as_ref()) {
            match format_in(bundle, id, args) {
                Some((text, true)) => return text,
                Some((text, false)) => {
                    first_try.get_or_insert(text);
                }
                None => {}
            }
        }
        // A message that exists but lacks an argument still beats the bare id: Fluent renders the
        // missing variable as `{$name}`, which at least shows what is missing.
        first_try.unwrap_or_else(|| id.to_string())
    }
}

/// Formats `id` in one bundle: `None` when the bundle lacks the message, else the text and
/// whether it formatted cleanly (a missing argument is an error, so the caller can fall back).
fn format_in(
    bundle: &FluentBundle<FluentResource>,
    id: &str,
    args: &FluentArgs<'_>,
) -> Option<(String, bool)> {
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(args), &mut errors);
    Some((text.into_owned(), errors.is_empty()))
}

/// The message value or, failing that, the first attribute that formats without errors.
fn first_complete_variant(
    bundle: &FluentBundle<FluentResource>,
    id: &str,
    args: &FluentArgs<'_>,
) -> Option<String> {
    let msg = bundle.get_message(id)?;
    let patterns = msg
        .value()
        .into_iter()
        .chain(msg.attributes().map(|a| a.value()));
    for pattern in patterns {
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(args), &mut errors);
        if errors.is_empty() {
            return Some(text.into_owned());
        }
    }
    None
}

fn arg_value(value: &str) -> FluentValue<'static> {
    let numeric = !value.is_empty()
        && value.len() <= 15
        && value
            .strip_prefix('-')
            .unwrap_or(value)
            .bytes()
            .all(|b| b.is_ascii_digit());
    match value.parse::<f64>() {
        Ok(n) if numeric => FluentValue::from(n),
        _ => FluentValue::from(value.to_string()),
    }
}

fn fallback_langid() -> LanguageIdentifier {
    unic_langid::langid!("en-US")
}

/// Parses one FTL source into a bundle for `lang`; also returns every parse or registration error
/// as text (the unit tests require there be none).
fn build_bundle(
    lang: &LanguageIdentifier,
    source: &str,
) -> (FluentBundle<FluentResource>, Vec<String>) {
    let mut problems = Vec::new();
    let resource = match FluentResource::try_new(source.to_string()) {
        Ok(r) => r,
        Err((r, errs)) => {
            problems.extend(errs.iter().map(|e| format!("{lang}: {e:?}")));
            r
        }
    };
    let mut bundle = FluentBundle::new(vec![lang.clone()]);
    bundle.set_use_isolating(false);
    if let Err(errs) = bundle.add_resource(resource) {
        problems.extend(errs.iter().map(|e| format!("{lang}: {e}")));
    }
    (bundle, problems)
}

/// The ordered list of language tags the user asked for, most wanted first.
///
/// `--ui-lang` wins outright. Otherwise the first non-empty of `LC_ALL`, `LC_MESSAGES`, `LANG` is
/// the POSIX locale for messages; `C` / `POSIX` mean the untranslated (en-US) UI. Only when none is
/// set do we ask the OS (`os_locale`), which matters on Windows and macOS where those variables are
/// usually absent.
pub fn requested_languages(
    ui_lang: Option<&str>,
    env: impl Fn(&str) -> Option<String>,
    os_locale: impl FnOnce() -> Option<String>,
) -> Vec<LanguageIdentifier> {
    if let Some(tag) = ui_lang.and_then(parse_locale) {
        return vec![tag];
    }
    let posix = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| env(name))
        .find(|v| !v.trim().is_empty());
    if let Some(value) = posix {
        return parse_locale(&value).into_iter().collect();
    }
    os_locale()
        .as_deref()
        .and_then(parse_locale)
        .into_iter()
        .collect()
}

/// Turns a POSIX locale (`fa_IR.UTF-8`, `zh_CN.GB18030@euro`) or a BCP 47 tag (`zh-Hans-CN`) into
/// a language identifier. `C` and `POSIX` map to en-US.
pub fn parse_locale(value: &str) -> Option<LanguageIdentifier> {
    let value = value.trim();
    let base = value
        .split(['.', '@'])
        .next()
        .unwrap_or(value)
        .replace('_', "-");
    if base.is_empty() {
        return None;
    }
    if base.eq_ignore_ascii_case("C") || base.eq_ignore_ascii_case("POSIX") {
        return Some(fallback_langid());
    }
    base.parse::<LanguageIdentifier>().ok()
}

/// The best shipped locale for `requested` (Filtering, so `fa` finds `fa-IR` and `zh-Hans` finds
/// `zh-CN`), or en-US.
pub fn negotiate(requested: &[LanguageIdentifier]) -> LanguageIdentifier {
    let available: Vec<LanguageIdentifier> =
        LOCALES.iter().filter_map(|(t, _)| t.parse().ok()).collect();
    let default = fallback_langid();
    negotiate_languages(
        requested,
        &available,
        Some(&default),
        NegotiationStrategy::Filtering,
    )
    .first()
    .map(|l| (*l).clone())
    .unwrap_or(default)
}

/// Message ids defined in an FTL source (top-level `id =` lines; terms `-x` and comments skipped).
/// Used by the completeness tests and handy for tooling; it is not a full Fluent parser.
pub fn message_ids(source: &str) -> Vec<&str> {
    source
        .lines()
        .filter_map(|line| {
            let (id, _) = line.split_once('=')?;
            let id = id.trim_end();
            let first = id.chars().next()?;
            let valid = first.is_ascii_alphabetic()
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            valid.then_some(id)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::diag::{Severity, rules};

    fn ids(source: &str) -> BTreeSet<String> {
        message_ids(source)
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn every_locale_has_the_same_message_ids() {
        let reference = ids(LOCALES[0].1);
        assert!(
            reference.len() > 40,
            "en-US looks truncated: {} ids",
            reference.len()
        );
        for (tag, source) in LOCALES {
            let these = ids(source);
            let missing: Vec<_> = reference.difference(&these).collect();
            let extra: Vec<_> = these.difference(&reference).collect();
            assert!(missing.is_empty(), "{tag} lacks {missing:?}");
            assert!(extra.is_empty(), "{tag} has ids en-US lacks: {extra:?}");
        }
    }

    #[test]
    fn every_rule_has_a_message_in_every_locale() {
        for (tag, source) in LOCALES {
            let lang: LanguageIdentifier = tag.parse().unwrap();
            let (bundle, _) = build_bundle(&lang, source);
            for rule in rules::ALL {
                assert!(
                    bundle.has_message(rule),
                    "{tag} has no message for rule {rule}"
                );
            }
        }
    }

    #[test]
    fn bundles_parse_without_errors_and_ids_agree_with_fluent() {
        for (tag, source) in LOCALES {
            let lang: LanguageIdentifier = tag.parse().unwrap();
            let (bundle, problems) = build_bundle(&lang, source);
            assert!(problems.is_empty(), "{problems:?}");
            // The line-based id scanner and Fluent's parser must agree, or the completeness test
            // above would be checking the wrong set.
            for id in message_ids(source) {
                assert!(
                    bundle.has_message(id),
                    "{tag}: scanner found {id} but Fluent did not"
                );
            }
        }
    }

    /// Every variable any message uses, with a value of the right kind. A message using a name
    /// not listed here fails the test below, which catches typos in variable names.
    fn plausible_args() -> FluentArgs<'static> {
        let numbers = [
            "count", "line", "column", "cue", "errors", "warnings", "files", "expected", "found",
            "cps", "limit", "lines", "max", "wpm", "chars", "gap", "ms",
        ];
        let strings = [
            "path", "from", "to", "label", "encoding", "detail", "start", "end", "field", "value",
            "format", "char", "section", "key", "markup", "text", "index", "bom", "lang",
            "platform", "message",
        ];
        // The CLI's messages (glossary, review and report labels, check rules, fix, translate).
        let more_numbers = concat!(
            "approved proposed rejected missing candidates cues episodes translations first_line ",
            "other_line source_cue item row infos unreadable position supported version sources ",
            "left other overlap_ms prev_cue duration_ms min_ms max_ms gap_frames gap_ms min_frames ",
            "cue_line words skipped hits segments billed billable needed budget size ",
            "entries units offset seconds width height canvas-width canvas-height px room translated ",
            "requests sent lost",
        );
        let more_strings = concat!(
            "backup csv html current date dir error existing form glossary id kind known new old ",
            "other_term reviewer rule rules severity source status term matched output prev_start ",
            "fps tag problem via side word suggestion charset style backend pattern name var ",
            "reason formats out ",
            "oldest newest memory target element profile parent body ffmpeg program video status ",
            "episode arrow runner attribute detail named family script tags provider url advice cause unit ",
            "page decision approve reject correct corrected comment sent planned host mode",
        );
        let numbers = numbers.into_iter().chain(more_numbers.split_whitespace());
        let strings = strings.into_iter().chain(more_strings.split_whitespace());
        let mut args = FluentArgs::new();
        for name in numbers {
            args.set(name, FluentValue::from(2));
        }
        for name in strings {
            args.set(name, FluentValue::from("x"));
        }
        args
    }

    #[test]
    fn every_message_and_attribute_formats_without_errors() {
        let args = plausible_args();
        for (tag, source) in LOCALES {
            let lang: LanguageIdentifier = tag.parse().unwrap();
            let (bundle, _) = build_bundle(&lang, source);
            for id in message_ids(source) {
                let msg = bundle.get_message(id).unwrap();
                let value = msg
                    .value()
                    .unwrap_or_else(|| panic!("{tag}: {id} has no value"));
                let patterns = std::iter::once(("", value))
                    .chain(msg.attributes().map(|a| (a.id(), a.value())));
                for (attr, pattern) in patterns {
                    let mut errors = Vec::new();
                    let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
                    assert!(errors.is_empty(), "{tag}: {id}.{attr}: {errors:?}");
                    assert!(!text.trim().is_empty(), "{tag}: {id}.{attr} is empty");
                    assert!(
                        !text.contains('\u{2068}'),
                        "{tag}: {id} has isolation marks"
                    );
                }
            }
        }
    }

    #[test]
    fn rule_messages_read_well_without_any_argument() {
        // Whatever arguments an emitter passes, some variant must format without placeholders.
        let none = FluentArgs::new();
        for (tag, source) in LOCALES {
            let lang: LanguageIdentifier = tag.parse().unwrap();
            let (bundle, _) = build_bundle(&lang, source);
            for rule in rules::ALL {
                let text = first_complete_variant(&bundle, rule, &none);
                assert!(
                    text.is_some(),
                    "{tag}: {rule} needs an argument-free variant (.plain)"
                );
            }
        }
    }

    #[test]
    fn attributes_are_the_same_in_every_locale() {
        let attrs = |source: &str, lang: &str| {
            let (bundle, _) = build_bundle(&lang.parse().unwrap(), source);
            message_ids(source)
                .into_iter()
                .map(|id| {
                    let names: Vec<String> = bundle
                        .get_message(id)
                        .map(|m| m.attributes().map(|a| a.id().to_string()).collect())
                        .unwrap_or_default();
                    (id.to_string(), names)
                })
                .collect::<std::collections::BTreeMap<_, _>>()
        };
        let reference = attrs(LOCALES[0].1, LOCALES[0].0);
        for (tag, source) in LOCALES {
            assert_eq!(attrs(source, tag), reference, "{tag}");
        }
    }

    #[test]
    fn diagnostics_pick_the_variant_their_arguments_allow() {
        let en = Localizer::english();
        let srt = Diagnostic::new(rules::PARSE_BAD_TIMING, Severity::Error).arg("found", "x");
        let ass = Diagnostic::new(rules::PARSE_BAD_TIMING, Severity::Error)
            .arg("field", "Start")
            .arg("value", "0:00:xx");
        let bare = Diagnostic::new(rules::PARSE_BAD_TIMING, Severity::Error).arg("found", "");
        let (a, b, c) = (
            en.diagnostic(&srt),
            en.diagnostic(&ass),
            en.diagnostic(&bare),
        );
        assert!(a.contains("“x”"), "{a}");
        assert!(b.contains("Start") && b.contains("0:00:xx"), "{b}");
        assert!(!c.contains('{') && !c.contains("“”"), "{c}");
        assert!(a != c && b != c, "{a} / {b} / {c}");
        let fa = Localizer::for_lang(&"fa-IR".parse().unwrap());
        let text = fa.diagnostic(&ass);
        assert!(
            text.contains("0:00:xx") && text.chars().any(|c| ('\u{600}'..='\u{6ff}').contains(&c)),
            "{text}"
        );
    }

    #[test]
    fn translations_are_in_their_script() {
        let zh = Localizer::for_lang(&"zh-CN".parse().unwrap());
        let fa = Localizer::for_lang(&"fa-IR".parse().unwrap());
        let has =
            |s: &str, range: std::ops::RangeInclusive<char>| s.chars().any(|c| range.contains(&c));
        let zh_text = zh.text("label-cues");
        let fa_text = fa.text("label-cues");
        assert!(has(&zh_text, '\u{4e00}'..='\u{9fff}'), "{zh_text}");
        assert!(has(&fa_text, '\u{0600}'..='\u{06ff}'), "{fa_text}");
        assert!(fa.is_rtl());
        assert!(!zh.is_rtl());
    }

    #[test]
    fn posix_locales_and_precedence() {
        let pick = |ui: Option<&str>, vars: &[(&str, &str)], os: Option<&str>| {
            let vars: Vec<(String, String)> = vars
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            let env = move |n: &str| vars.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
            let os = os.map(str::to_string);
            negotiate(&requested_languages(ui, env, move || os)).to_string()
        };
        assert_eq!(
            pick(Some("fa-IR"), &[("LANG", "zh_CN.UTF-8")], None),
            "fa-IR"
        );
        assert_eq!(pick(Some("fa"), &[], None), "fa-IR");
        assert_eq!(pick(None, &[("LANG", "fa_IR.UTF-8")], None), "fa-IR");
        assert_eq!(
            pick(
                None,
                &[("LC_ALL", "zh_CN.GB18030"), ("LANG", "fa_IR")],
                None
            ),
            "zh-CN"
        );
        assert_eq!(
            pick(None, &[("LC_MESSAGES", "zh_CN"), ("LANG", "fa_IR")], None),
            "zh-CN"
        );
        assert_eq!(
            pick(None, &[("LC_ALL", ""), ("LANG", "fa_IR@x")], None),
            "fa-IR"
        );
        assert_eq!(pick(None, &[("LANG", "C")], Some("fa-IR")), "en-US");
        assert_eq!(pick(None, &[("LC_ALL", "POSIX")], Some("zh-CN")), "en-US");
        assert_eq!(pick(None, &[], Some("zh-Hans-CN")), "zh-CN");
        assert_eq!(pick(None, &[("LANG", "de_DE.UTF-8")], None), "en-US");
        assert_eq!(pick(None, &[], None), "en-US");
        assert_eq!(pick(Some("!!"), &[("LANG", "zh_CN")], None), "zh-CN");
    }

    #[test]
    fn lookups_fall_back_to_english_then_the_id() {
        let fa = Localizer::for_lang(&"fa-IR".parse().unwrap());
        assert_eq!(fa.text("no-such-message"), "no-such-message");
        let de = Localizer::for_lang(&"de-DE".parse().unwrap());
        assert_eq!(de.lang().to_string(), "en-US");
        let text = de.msg(
            "read-io-error",
            &[("path", "a.srt".into()), ("detail", "gone".into())],
        );
        assert_eq!(text, "cannot read a.srt: gone");
        // A missing argument still yields the message, showing what is missing, not the id.
        let partial = de.msg("read-io-error", &[("path", "a.srt".into())]);
        assert!(partial.starts_with("cannot read a.srt"), "{partial}");
    }

    #[test]
    fn integer_args_select_plurals() {
        let en = Localizer::for_lang(&fallback_langid());
        let one = en.msg(
            "convert-summary",
            &[
                ("count", FluentValue::from(1)),
                ("from", "srt".into()),
                ("to", "vtt".into()),
            ],
        );
        let many = en.msg(
            "convert-summary",
            &[
                ("count", FluentValue::from(5)),
                ("from", "srt".into()),
                ("to", "vtt".into()),
            ],
        );
        assert!(one.contains("1 cue "), "{one}");
        assert!(many.contains("5 cues "), "{many}");
        assert!(matches!(arg_value("42"), FluentValue::Number(_)));
        assert!(matches!(arg_value("-3"), FluentValue::Number(_)));
        assert!(matches!(arg_value("4.5"), FluentValue::String(_)));
        assert!(matches!(arg_value("0x10"), FluentValue::String(_)));
        assert!(matches!(arg_value(""), FluentValue::String(_)));
    }
}
