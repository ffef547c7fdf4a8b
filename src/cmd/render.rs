//! How the commands' human text looks, shared by the binary and the `render_*` functions of the
//! use cases: ANSI styles (only when the caller says the terminal wants them), the one-line
//! diagnostic and the `error:` line (tables: `crate::report::text_table`). Everything returns a
//! `String`; nothing here prints.

use super::show;
use crate::diag::{Diagnostic, Severity};
use crate::i18n::Localizer;
use crate::typeset::Fonts;

/// ANSI styles used in human output; `on == false` leaves text untouched.
#[derive(Debug, Clone, Copy)]
pub enum Paint {
    Bold,
    Red,
    Yellow,
    Cyan,
}

pub fn paint(text: &str, style: Paint, on: bool) -> String {
    if !on {
        return text.to_string();
    }
    let code = match style {
        Paint::Bold => "1",
        Paint::Red => "1;31",
        Paint::Yellow => "1;33",
        Paint::Cyan => "1;36",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

/// The localized word for a severity.
pub fn severity_word(loc: &Localizer, severity: Severity, color: bool) -> String {
    let word = loc.text(&format!("severity-{}", severity.name()));
    let style = match severity {
        Severity::Error => Paint::Red,
        Severity::Warning => Paint::Yellow,
        Severity::Info => Paint::Cyan,
    };
    paint(&word, style, color)
}

/// `path:line:col: severity rule: message` (position parts left out when unknown).
pub fn render_diagnostic(loc: &Localizer, d: &Diagnostic, color: bool) -> String {
    let mut place = d.path.as_deref().map(show).unwrap_or_default();
    if d.line > 0 {
        place.push_str(&format!(":{}", d.line));
        if d.column > 0 {
            place.push_str(&format!(":{}", d.column));
        }
    }
    let head = if place.is_empty() {
        String::new()
    } else {
        format!("{}: ", paint(&place, Paint::Bold, color))
    };
    format!(
        "{head}{} {}: {}",
        severity_word(loc, d.severity, color),
        d.rule,
        loc.diagnostic(d)
    )
}

/// `error: message`, the one way `main` and the commands show a failure.
pub fn render_error(loc: &Localizer, message: &str, color: bool) -> String {
    format!(
        "{}: {message}",
        paint(&loc.text("error-prefix"), Paint::Red, color)
    )
}

/// `warning: message`, the prefix painted yellow.
pub fn render_warning(loc: &Localizer, message: &str, color: bool) -> String {
    format!(
        "{}: {message}",
        paint(&loc.text("severity-warning"), Paint::Yellow, color)
    )
}

/// One warning per font family a canvas profile wanted in this run and did not find (each
/// once, however many files asked for it): what is missing, for which script, and how to
/// install or configure it.
pub fn missing_font_warnings(fonts: &Fonts, loc: &Localizer, color: bool) -> Vec<String> {
    fonts
        .missing()
        .into_iter()
        .map(|m| {
            let msg = loc.msg(
                "font-missing",
                &[
                    ("family", m.family.as_str().into()),
                    ("script", m.script.as_str().into()),
                ],
            );
            render_warning(loc, &msg, color)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostic_line_shape() {
        let loc = Localizer::english();
        let d = Diagnostic::new(crate::diag::rules::PARSE_BAD_TIMING, Severity::Error)
            .at(12, 3)
            .with_path("x/a.srt");
        let line = render_diagnostic(&loc, &d, false);
        assert!(
            line.starts_with("x/a.srt:12:3: error parse-bad-timing: "),
            "{line}"
        );
        let d = Diagnostic::new(crate::diag::rules::PARSE_NO_CUES, Severity::Warning);
        let line = render_diagnostic(&loc, &d, false);
        assert!(line.starts_with("warning parse-no-cues: "), "{line}");
        let coloured = render_diagnostic(&loc, &d, true);
        assert!(coloured.contains("\x1b[1;33m"), "{coloured:?}");
        assert_eq!(render_error(&loc, "x", false), "error: x");
    }
}
