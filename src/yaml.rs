//! The one door to YAML: every YAML text the project reads (profiles, `subloc.yaml`, the glossary)
//! goes through `from_str` here, so the parser (`serde-saphyr`: `serde_yaml` is unmaintained and
//! deprecated by its author; the README's design notes record the measured choice) and the shape of its errors are decided in one place.

use std::fmt;

use serde::de::DeserializeOwned;

/// A YAML text that could not be read into the wanted type: what went wrong and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// The parser's message (English, from the YAML library; callers wrap it in a localized frame).
    pub message: String,
    /// 1-based line and column of the problem (0 when the parser could not tell).
    pub line: u32,
    pub column: u32,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: {}", self.line, self.column, self.message)
        } else {
            f.write_str(&self.message)
        }
    }
}

impl std::error::Error for YamlError {}

/// Reads one YAML document into `T`. Duplicate keys, syntax errors and type mismatches are errors
/// carrying the line and column the parser reports.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_saphyr::from_str::<T>(text).map_err(|e| {
        let (line, column) = e
            .location()
            .map(|l| {
                (
                    u32::try_from(l.line()).unwrap_or(u32::MAX),
                    u32::try_from(l.column()).unwrap_or(u32::MAX),
                )
            })
            .unwrap_or((0, 0));
        let options = serde_saphyr::render_options! { snippets: serde_saphyr::SnippetMode::Off };
        let mut message = e.render_with_options(options);
        // The position travels in `line` and `column` (shown as `file:line:col`); the parser's
        // own " at line L, column C" would say it twice.
        let suffix = format!(" at line {line}, column {column}");
        if line > 0 && message.ends_with(&suffix) {
            message.truncate(message.len() - suffix.len());
        }
        YamlError {
            message,
            line,
            column,
        }
    })
}

/// A value together with where it was read, for problems found after parsing (a duplicate id, a
/// bad language tag) and for edits that rewrite only that part of the text.
pub use serde_saphyr::Spanned;

/// 1-based line and column where a spanned value was written (0, 0 when the parser could not tell).
pub fn line_col<T>(s: &Spanned<T>) -> (u32, u32) {
    let l = &s.referenced;
    (
        u32::try_from(l.line()).unwrap_or(u32::MAX),
        u32::try_from(l.column()).unwrap_or(u32::MAX),
    )
}

/// Byte range of a spanned value in the text it was parsed from (quotes included for a quoted
/// scalar), when known. `None` for values that came through an alias or merge key, whose text is
/// elsewhere.
pub fn byte_range<T>(s: &Spanned<T>) -> Option<std::ops::Range<usize>> {
    if s.referenced != s.defined {
        return None;
    }
    let span = s.referenced.span();
    let start = usize::try_from(span.byte_offset()?).ok()?;
    let len = usize::try_from(span.byte_len()?).ok()?;
    Some(start..start.checked_add(len)?)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[derive(Debug, serde::Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Small {
        name: String,
        n: u32,
    }

    #[test]
    fn reads_a_document() {
        let s: Small = from_str("name: a\nn: 3\n").unwrap();
        assert_eq!(
            s,
            Small {
                name: "a".into(),
                n: 3
            }
        );
    }

    #[test]
    fn errors_carry_line_and_column() {
        let e = from_str::<Small>("name: a\nn: three\n").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        assert!(e.column >= 1, "{e}");
        let e = from_str::<Small>("name: a\nn: 1\nextra: 2\n").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains("extra"), "{e}");
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let e = from_str::<BTreeMap<String, u32>>("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
    }

    #[test]
    fn the_position_is_said_once() {
        let e = from_str::<Small>("name: a\nn: 3\nextra: 1\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 1), "{e}");
        assert!(e.message.contains("extra"), "{e}");
        assert!(!e.message.contains("line 3"), "{e}");
        assert!(e.to_string().starts_with("3:1: "), "{e}");
    }
}
