//! Reading `glossary.yaml`: the strict serde shape with positions, and its conversion to `schema`.
//!
//! The raw structs deny unknown keys and keep every value `Spanned`, so a problem found after
//! parsing (duplicate ids, bad language tags, …, see `lint.rs`) still points at its line and
//! column, and `yamledit.rs` can rewrite one value in place. Enumerated values (`kind`, `status`,
//! `case`) are read as strings and checked by lint, so that all of them are reported at once
//! instead of the first one aborting the parse. When serde stops at an unknown key, a second,
//! schema-free pass lists every unknown key in the file, not just the first.

use serde::Deserialize;
use serde::de::{self, MapAccess, SeqAccess, Visitor};

use super::lint;
use super::raw::RawGlossary;
pub(crate) use super::raw::pos_of;
use super::schema::{CasePolicy, Comment, Glossary, Kind, Series, Status, Target, Term};
use crate::diag::{Diagnostic, Severity, rules};
use crate::yaml::{self, Spanned};

/// The glossary text without a leading byte-order mark (positions are counted after it).
pub(crate) fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Parses the YAML into the raw shape. Errors: one `glossary-syntax` diagnostic, or every unknown
/// key when the parse stopped at one.
pub(crate) fn parse_raw(text: &str) -> Result<RawGlossary, Vec<Diagnostic>> {
    let text = strip_bom(text);
    match yaml::from_str::<RawGlossary>(text) {
        Ok(raw) => Ok(raw),
        Err(e) => {
            let unknown = unknown_keys(text);
            if unknown.is_empty() {
                Err(vec![
                    Diagnostic::new(rules::GLOSSARY_SYNTAX, Severity::Error)
                        .at(e.line, e.column)
                        .arg("message", e.message),
                ])
            } else {
                Err(unknown)
            }
        }
    }
}

/// Everything `glossary lint` reports: the glossary when it loaded without errors, and all
/// diagnostics (errors and warnings, in file order). `declared` are the target languages the
/// project promises; a term without a usable rendering for one of them is a warning.
pub fn lint_text(text: &str, declared: &[&str]) -> (Option<Glossary>, Vec<Diagnostic>) {
    match parse_raw(text) {
        Err(diags) => (None, diags),
        Ok(raw) => {
            let diags = lint::check(&raw, declared);
            let ok = !diags.iter().any(|d| d.severity == Severity::Error);
            (ok.then(|| convert(&raw)), diags)
        }
    }
}

/// Loads a glossary for use (check, translate, review): `Err` with every error when anything is
/// wrong; warnings are not reported here (run `lint_text` for them).
pub fn load(text: &str) -> Result<Glossary, Vec<Diagnostic>> {
    let (glossary, diags) = lint_text(text, &[]);
    match glossary {
        Some(g) => Ok(g),
        None => Err(diags
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect()),
    }
}

fn opt_string(s: &Option<Spanned<String>>) -> Option<String> {
    s.as_ref().map(|v| v.value.clone())
}

fn strings(v: &[Spanned<String>]) -> Vec<String> {
    v.iter().map(|s| s.value.clone()).collect()
}

/// Raw → typed. Only called when lint found no error, so the fallbacks never apply.
fn convert(raw: &RawGlossary) -> Glossary {
    Glossary {
        version: raw.version.value,
        source: raw.source.value.clone(),
        series: raw.series.as_ref().map(|s| Series {
            title: s.title.clone(),
            synopsis: s.synopsis.clone(),
        }),
        terms: raw
            .terms()
            .iter()
            .map(|t| {
                let t = &t.value;
                Term {
                    id: t.id.value.clone(),
                    source: t.source.value.clone(),
                    variants: strings(&t.variants),
                    kind: Kind::from_name(&t.kind.value).unwrap_or(Kind::Other),
                    note: t.note.clone(),
                    keep: t.keep.as_ref().is_some_and(|k| k.value),
                    case: t
                        .case
                        .as_ref()
                        .and_then(|c| CasePolicy::from_name(&c.value))
                        .unwrap_or_default(),
                    targets: t
                        .targets()
                        .iter()
                        .map(|(lang, e)| {
                            let e = &e.value;
                            Target {
                                lang: lang.value.clone(),
                                text: opt_string(&e.text),
                                variants: strings(&e.variants),
                                forbidden: strings(&e.forbidden),
                                status: Status::from_name(&e.status.value)
                                    .unwrap_or(Status::Proposed),
                                reviewer: opt_string(&e.reviewer),
                                updated: opt_string(&e.updated),
                                note: e.note.clone(),
                                comments: e
                                    .comments()
                                    .iter()
                                    .map(|c| Comment {
                                        reviewer: c.value.reviewer.value.clone(),
                                        date: c.value.date.value.clone(),
                                        text: c.value.text.value.clone(),
                                    })
                                    .collect(),
                                pos: pos_of(lang),
                            }
                        })
                        .collect(),
                    pos: pos_of(&t.id),
                }
            })
            .collect(),
    }
}

// ---------------------------------------------------------------------------------------------
// Unknown-key inventory: a schema-free tree of mappings with positioned keys.

/// A YAML node, keeping only what the key check needs.
enum Node {
    Map(Vec<(Spanned<String>, Node)>),
    Seq(Vec<Node>),
    Scalar,
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any YAML node")
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_i128<E: de::Error>(self, _: i128) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_u128<E: de::Error>(self, _: u128) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_none<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_some<D2: de::Deserializer<'de>>(self, d: D2) -> Result<Node, D2::Error> {
                Node::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut out = Vec::new();
                while let Some(n) = seq.next_element()? {
                    out.push(n);
                }
                Ok(Node::Seq(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    out.push((key, map.next_value()?));
                }
                Ok(Node::Map(out))
            }
        }
        d.deserialize_any(V)
    }
}

pub(crate) const TOP_KEYS: &[&str] = &["version", "source", "series", "terms"];
pub(crate) const SERIES_KEYS: &[&str] = &["title", "synopsis"];
pub(crate) const TERM_KEYS: &[&str] = &[
    "id", "source", "variants", "kind", "note", "keep", "case", "targets",
];
pub(crate) const TARGET_KEYS: &[&str] = &[
    "text",
    "variants",
    "forbidden",
    "status",
    "reviewer",
    "updated",
    "note",
    "comments",
];
pub(crate) const COMMENT_KEYS: &[&str] = &["reviewer", "date", "text"];

/// Every key the schema does not define, with its position (empty when the text does not parse
/// as YAML at all, or has no unknown key).
fn unknown_keys(text: &str) -> Vec<Diagnostic> {
    let Ok(root) = yaml::from_str::<Node>(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let Node::Map(top) = &root else {
        return out;
    };
    for (k, v) in check_keys(top, TOP_KEYS, &mut out) {
        match (k, v) {
            ("series", Node::Map(m)) => {
                check_keys(m, SERIES_KEYS, &mut out);
            }
            ("terms", Node::Seq(terms)) => {
                for term in terms {
                    let Node::Map(tm) = term else { continue };
                    for (tk, tv) in check_keys(tm, TERM_KEYS, &mut out) {
                        if let ("targets", Node::Map(langs)) = (tk, tv) {
                            for (_, entry) in langs {
                                let Node::Map(em) = entry else { continue };
                                for (ek, ev) in check_keys(em, TARGET_KEYS, &mut out) {
                                    let ("comments", Node::Seq(comments)) = (ek, ev) else {
                                        continue;
                                    };
                                    for c in comments {
                                        if let Node::Map(cm) = c {
                                            check_keys(cm, COMMENT_KEYS, &mut out);
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Reports keys of `map` not in `known`; returns the known ones for descending.
fn check_keys<'a>(
    map: &'a [(Spanned<String>, Node)],
    known: &[&str],
    out: &mut Vec<Diagnostic>,
) -> Vec<(&'a str, &'a Node)> {
    let mut keep = Vec::new();
    for (k, v) in map {
        if known.contains(&k.value.as_str()) {
            keep.push((k.value.as_str(), v));
        } else {
            let (line, column) = yaml::line_col(k);
            out.push(
                Diagnostic::new(rules::GLOSSARY_UNKNOWN_KEY, Severity::Error)
                    .at(line, column)
                    .arg("key", &k.value)
                    .arg("expected", known.join(", ")),
            );
        }
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture_dir() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/glossary/lint")
    }

    /// One expected diagnostic from a fixture's `# expect: rule @line:col key=value …` line.
    #[derive(Debug)]
    struct Expect {
        rule: String,
        line: u32,
        column: u32,
        args: Vec<(String, String)>,
    }

    fn parse_expect(spec: &str) -> Expect {
        let mut parts = spec.split_whitespace();
        let rule = parts.next().unwrap_or_default().to_string();
        let pos = parts.next().unwrap_or_default().trim_start_matches('@');
        let (line, column) = pos.split_once(':').unwrap_or(("0", "0"));
        Expect {
            rule,
            line: line.parse().unwrap_or(0),
            column: column.parse().unwrap_or(0),
            args: parts
                .filter_map(|p| p.split_once('='))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    /// Every fixture under tests/fixtures/glossary/lint states its expected diagnostics in its
    /// header; lint must report exactly those, in order, with their positions and arguments.
    #[test]
    fn lint_fixtures() {
        let mut paths: Vec<_> = std::fs::read_dir(fixture_dir())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        paths.sort();
        assert!(paths.len() >= 10, "fixtures missing: {paths:?}");
        for path in paths {
            let text = std::fs::read_to_string(&path).unwrap();
            let mut declared: Vec<String> = Vec::new();
            let mut expects = Vec::new();
            for line in text.lines() {
                if let Some(d) = line.strip_prefix("# declared:") {
                    declared = d.split(',').map(|s| s.trim().to_string()).collect();
                } else if let Some(e) = line.strip_prefix("# expect:") {
                    expects.push(parse_expect(e));
                }
            }
            let declared: Vec<&str> = declared.iter().map(String::as_str).collect();
            let (glossary, diags) = lint_text(&text, &declared);
            let name = path.file_name().unwrap().to_string_lossy();
            assert_eq!(
                diags.len(),
                expects.len(),
                "{name}: got {diags:#?}\nexpected {expects:#?}"
            );
            for (d, e) in diags.iter().zip(&expects) {
                assert_eq!(d.rule, e.rule, "{name}: {d:?}");
                assert_eq!((d.line, d.column), (e.line, e.column), "{name}: {d:?}");
                for (k, v) in &e.args {
                    assert_eq!(d.get_arg(k), Some(v.as_str()), "{name}: arg {k} of {d:?}");
                }
            }
            let has_error = expects
                .iter()
                .any(|e| e.rule != rules::GLOSSARY_NO_RENDERING);
            assert_eq!(glossary.is_some(), !has_error, "{name}");
        }
    }

    #[test]
    fn syntax_errors_carry_the_parser_message() {
        let text = std::fs::read_to_string(fixture_dir().join("type_error.yaml")).unwrap();
        let errs = load(&text).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert!(
            errs[0].get_arg("message").is_some_and(|m| !m.is_empty()),
            "{errs:?}"
        );
    }

    #[test]
    fn sample_glossary_loads_and_lints_clean() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/series/glossary.yaml");
        let text = std::fs::read_to_string(path).unwrap();
        let (g, diags) = lint_text(&text, &["en", "fa", "ar"]);
        let g = g.unwrap_or_else(|| panic!("{diags:#?}"));
        let errors: Vec<_> = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        // The sample's only gap: liuli has just a rejected Persian rendering.
        let warnings: Vec<_> = diags
            .iter()
            .map(|d| (d.rule, d.get_arg("term"), d.get_arg("lang")))
            .collect();
        assert_eq!(
            warnings,
            vec![(rules::GLOSSARY_NO_RENDERING, Some("liuli"), Some("fa"))]
        );
        assert_eq!(g.source, "zh-Hans");
        assert_eq!(g.terms.len(), 38);
        let cl = g.term("cloisonne").unwrap();
        assert_eq!(cl.kind, Kind::Craft);
        let ar = cl.target("ar").unwrap();
        assert_eq!(ar.status, Status::Proposed);
        assert_eq!(ar.variants, vec!["الكلوازونيه".to_string()]);
        assert_eq!(
            cl.target("fa-IR").unwrap().text.as_deref(),
            Some("میناکاری مفتولی")
        );
        let fire = g.term("catchphrase-fire").unwrap();
        assert_eq!(fire.variants, vec!["火候到了，釉自然就亮了".to_string()]);
        assert!(g.term("lin-xiao").unwrap().keep);
        assert_eq!(g.term("jingdezhen").unwrap().case, CasePolicy::Sensitive);
        assert_eq!(g.languages(), vec!["en", "fa", "ar"]);
        // Positions point at the id value.
        assert_eq!(g.terms[0].pos.column, 9);
        assert!(g.terms[0].pos.line > 40);
    }

    #[test]
    fn a_bom_is_not_part_of_the_text() {
        let text = "\u{feff}version: 1\nsource: zh-Hans\nterms: []\n";
        let g = load(text).unwrap();
        assert!(g.terms.is_empty());
    }

    #[test]
    fn garbage_never_panics() {
        for text in [
            "",
            "\0",
            "[",
            "version: [1",
            "terms: 5",
            "- a\n- b",
            "a: &x [*x]",
        ] {
            let _ = lint_text(text, &["en"]);
        }
    }
}
