//! Localization of the clap definition: every help text, heading, command description and the
//! usage label in the UI language, looked up by Fluent id (`arg_help_id`, `about_id`) and set
//! before parsing so `--help` follows `--ui-lang`.

use clap::CommandFactory;
use subloc::i18n::Localizer;

use super::{Cli, check, convert, glossary, memory, translate, video};

/// Fluent message id of the help text of argument `arg` of the command at `path` (`""` = top
/// level, `"glossary lint"` for a nested command): the arguments every command shares first, then
/// the table of the file that defines the command.
fn arg_help_id(path: &str, arg: &str) -> Option<&'static str> {
    shared_arg_help_id(path, arg)
        .or_else(|| convert::arg_help_id(path, arg))
        .or_else(|| check::arg_help_id(path, arg))
        .or_else(|| glossary::arg_help_id(path, arg))
        .or_else(|| translate::arg_help_id(path, arg))
        .or_else(|| memory::arg_help_id(path, arg))
        .or_else(|| video::arg_help_id(path, arg))
}

/// Help ids of the arguments that mean the same wherever they appear (global options, `--encoding`,
/// `--glossary`, …), and of `completions`, the one command with an argument of its own and no file.
fn shared_arg_help_id(path: &str, arg: &str) -> Option<&'static str> {
    Some(match (path, arg) {
        (_, "ui_lang") => "cli-ui-lang",
        (_, "color") => "cli-color",
        (_, "quiet") => "cli-quiet",
        (_, "config") => "cli-config",
        (_, "help") => "cli-help",
        (_, "version") => "cli-version",
        (_, "encoding") => "cli-encoding",
        (_, "glossary") => "cli-glossary-file",
        (_, "dry_run") => "cli-dry-run",
        (_, "date") => "cli-date",
        ("completions", "shell") => "cli-completions-shell",
        _ => return None,
    })
}

/// Fluent message id of the one-line description of the command at `path`.
fn about_id(path: &str) -> Option<&'static str> {
    Some(match path {
        "convert" => "cli-convert-about",
        "info" => "cli-info-about",
        "check" => "cli-check-about",
        "fix" => "cli-fix-about",
        "platforms" => "cli-platforms-about",
        "glossary" => "cli-glossary-about",
        "glossary lint" => "cli-glossary-lint-about",
        "glossary scan" => "cli-glossary-scan-about",
        "glossary review" => "cli-glossary-review-about",
        "glossary apply" => "cli-glossary-apply-about",
        "glossary export" => "cli-glossary-export-about",
        "glossary import" => "cli-glossary-import-about",
        "completions" => "cli-completions-about",
        "man" => "cli-man-about",
        "translate" => "cli-translate-about",
        "burn" => "cli-burn-about",
        "preview" => "cli-preview-about",
        "memory" => "cli-memory-about",
        "memory stats" => "cli-memory-stats-about",
        "memory export" => "cli-memory-export-about",
        "memory import" => "cli-memory-import-about",
        "memory push" => "cli-memory-push-about",
        "memory pull" => "cli-memory-pull-about",
        "xliff" => "cli-xliff-about",
        "xliff import" => "cli-xliff-import-about",
        _ => return None,
    })
}

/// The clap command with every help text, heading and the usage label in the UI language.
pub fn localized_command(loc: &Localizer) -> clap::Command {
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        loc.text("cli-usage")
    );
    localize(
        loc,
        &template,
        "",
        Cli::command().about(loc.text("cli-about")),
    )
}

/// Localizes `cmd` (found at `path`) and, recursively, its subcommands.
fn localize(loc: &Localizer, template: &str, path: &str, cmd: clap::Command) -> clap::Command {
    let options = loc.text("cli-heading-options");
    let arguments = loc.text("cli-heading-arguments");
    let mut order = 0;
    let cmd = match about_id(path) {
        Some(id) => cmd.about(loc.text(id)),
        None => cmd,
    };
    let cmd = cmd
        .help_template(template.to_string())
        .subcommand_help_heading(loc.text("cli-heading-commands"))
        .mut_args(|arg| {
            let heading = if arg.is_positional() {
                arguments.clone()
            } else {
                options.clone()
            };
            // Clap appends "[default: …] [possible values: …]" in English; the Fluent
            // texts name the values and defaults instead.
            let arg = arg.help_heading(heading);
            let arg = if arg.get_action().takes_values() {
                arg.hide_possible_values(true).hide_default_value(true)
            } else {
                arg
            };
            // Global options are listed after a subcommand's own options.
            order += 1;
            let arg = if path.is_empty() {
                arg.display_order(100 + order)
            } else {
                arg.display_order(order)
            };
            match arg_help_id(path, arg.get_id().as_str()) {
                Some(id) => arg.help(loc.text(id)),
                None => arg,
            }
        });
    cmd.mut_subcommands(|sub| {
        let sub_path = if path.is_empty() {
            sub.get_name().to_string()
        } else {
            format!("{path} {}", sub.get_name())
        };
        localize(loc, template, &sub_path, sub)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
        let loc = Localizer::for_lang(&"fa-IR".parse().unwrap());
        localized_command(&loc).debug_assert();
    }

    #[test]
    fn every_argument_has_a_localized_help() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            if !path.is_empty() && about_id(path).is_none() {
                missing.push(path.to_string());
            }
            for arg in cmd.get_arguments() {
                if arg_help_id(path, arg.get_id().as_str()).is_none() {
                    missing.push(format!("{path} {}", arg.get_id()));
                }
            }
            for sub in cmd.get_subcommands() {
                let sub_path = if path.is_empty() {
                    sub.get_name().to_string()
                } else {
                    format!("{path} {}", sub.get_name())
                };
                walk(sub, &sub_path, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "", &mut missing);
        assert!(missing.is_empty(), "no Fluent help for {missing:?}");
        let mut ids = Vec::new();
        fn collect(cmd: &clap::Command, path: &str, ids: &mut Vec<&'static str>) {
            ids.extend(about_id(path));
            for arg in cmd.get_arguments() {
                ids.extend(arg_help_id(path, arg.get_id().as_str()));
            }
            for sub in cmd.get_subcommands() {
                let p = format!("{path} {}", sub.get_name());
                collect(sub, p.trim_start(), ids);
            }
        }
        collect(&Cli::command(), "", &mut ids);
        for (tag, source) in subloc::i18n::LOCALES {
            let defined = subloc::i18n::message_ids(source);
            let absent: Vec<_> = ids.iter().filter(|id| !defined.contains(id)).collect();
            assert!(absent.is_empty(), "{tag} lacks help texts {absent:?}");
        }
    }

    #[test]
    fn help_follows_the_ui_language() {
        let loc = Localizer::for_lang(&"zh-CN".parse().unwrap());
        let help = localized_command(&loc)
            .try_get_matches_from(["subloc", "convert", "--help"])
            .map(|_| String::new())
            .unwrap_or_else(|e| e.to_string());
        assert!(help.contains(&loc.text("cli-convert-to")), "{help}");
        assert!(help.contains(&loc.text("cli-usage")), "{help}");
        assert!(!help.contains("Options:"), "{help}");
    }
}
