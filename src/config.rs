//! The project configuration `subloc.yaml`: discovery, strict loading, and resolution into a
//! `Project` (what the file and discovery say); `cmd::Settings` applies the command line on top.
//!
//! Discovery walks from the working directory up through its ancestors and takes the first
//! `subloc.yaml` (as ruff finds `pyproject.toml`); `--config FILE` wins and must exist. Keys are
//! strict (`deny_unknown_fields`): a misspelt key is an error with its line and column and the
//! list of valid keys, never a setting silently ignored. Relative paths in the file are relative
//! to the file's folder, so the same configuration works from any subfolder of the project. The
//! glossary is `glossary:` from the file, else the first `glossary.yaml` found walking up from the
//! working directory. Command-line flags override all of this; the commands apply them.
//!
//! ```yaml
//! platform: netflix        # default --platform for check and fix
//! lang: fa                 # default --lang
//! glossary: glossary.yaml  # default --glossary
//! profiles:                # project profiles: new ids, or overrides of built-in ones
//!   festival:
//!     inherits: netflix
//!     limits: {max_lines: 2}
//! check:
//!   severity: {punct-ellipsis: off, reading-speed: warning}
//! video:                   # burned-in delivery (`subloc burn`, `translate --video`)
//!   ffmpeg: /opt/ffmpeg/bin/ffmpeg
//!   crf: 20
//! fonts:                   # fonts for pixel layout on canvas profiles (vertical apps, burn-in)
//!   dirs: [fonts]          # font files or folders, besides the system's
//!   families: {Arab: Vazirmatn}   # per ISO 15924 script, over the profile's `fonts`
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use unic_langid::LanguageIdentifier;

use crate::check::{OverrideError, SeverityOverrides};
use crate::platform::lang::parse_tag;
use crate::platform::{ProfileDef, ProfileError, Profiles};
use crate::typeset::FontConfig;
use crate::yaml::{self, YamlError};

/// Name of the project configuration file.
pub const FILE_NAME: &str = "subloc.yaml";
/// Name of the glossary file looked for when none is configured.
pub const GLOSSARY_FILE_NAME: &str = "glossary.yaml";

/// `subloc.yaml` as written.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Default platform profile id.
    #[serde(default)]
    pub platform: Option<String>,
    /// Default language of the files checked or fixed (BCP 47).
    #[serde(default)]
    pub lang: Option<String>,
    /// The glossary, relative to the configuration file.
    #[serde(default)]
    pub glossary: Option<PathBuf>,
    /// Project profiles, layered over the built-in ones (`inherits:` names a parent).
    #[serde(default)]
    pub profiles: BTreeMap<String, ProfileDef>,
    #[serde(default)]
    pub check: CheckSection,
    /// The `translate:` section (targets, platforms, backends, memory, output pattern).
    #[serde(default)]
    pub translate: crate::pipeline::TranslateConfig,
    /// The `video:` section (ffmpeg, encoder, jobs) for burned-in delivery.
    #[serde(default)]
    pub video: crate::video::VideoConfig,
    /// The `fonts:` section: where to find fonts and which family each script takes.
    #[serde(default)]
    pub fonts: FontConfig,
}

/// The `check:` section.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSection {
    /// Rule id → `error`, `warning`, `info` or `off`.
    #[serde(default)]
    pub severity: BTreeMap<String, String>,
}

/// Why the configuration could not be used. `path` is the configuration file concerned.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}", path = .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {error}", path = .path.display())]
    Yaml { path: PathBuf, error: YamlError },
    #[error("{}{error}", prefix(.path.as_deref()))]
    Profiles {
        path: Option<PathBuf>,
        error: ProfileError,
    },
    #[error("{path}: check.severity: {error}", path = .path.display())]
    Severity { path: PathBuf, error: OverrideError },
    #[error("{path}: lang: invalid language tag {value:?}", path = .path.display())]
    Lang { path: PathBuf, value: String },
}

fn prefix(path: Option<&Path>) -> String {
    path.map(|p| format!("{}: ", p.display()))
        .unwrap_or_default()
}

/// Everything the commands take from the configuration and from discovery, resolved (the
/// command line is applied on top by `cmd::Settings`).
#[derive(Debug, Clone)]
pub struct Project {
    /// The configuration file that was read, if any.
    pub config_path: Option<PathBuf>,
    /// Built-in profiles with the project's layered on top.
    pub profiles: Profiles,
    /// Default platform profile id.
    pub platform: Option<String>,
    /// Default language.
    pub lang: Option<LanguageIdentifier>,
    /// The glossary file: configured (made relative to the working directory's view by joining
    /// it to the configuration's folder) or discovered.
    pub glossary: Option<PathBuf>,
    /// Severity overrides from `check.severity`.
    pub severity: SeverityOverrides,
    /// The `translate:` section as written; its paths are relative to the configuration's
    /// folder (`config_path`), which `translate` resolves.
    pub translate: crate::pipeline::TranslateConfig,
    /// The `video:` section as written (`video.ffmpeg` is relative to the configuration's
    /// folder, which `cmd::Settings` resolves).
    pub video: crate::video::VideoConfig,
    /// The `fonts:` section, its `dirs` made relative to the working directory's view.
    pub fonts: FontConfig,
}

impl Project {
    /// Finds and reads the configuration: `explicit` (`--config`) when given, else the first
    /// `subloc.yaml` in `cwd` or its ancestors; no file at all gives the defaults.
    pub fn resolve(explicit: Option<&Path>, cwd: &Path) -> Result<Project, ConfigError> {
        let path = match explicit {
            Some(p) => Some(p.to_path_buf()),
            None => find_upwards(cwd, FILE_NAME),
        };
        let file = match &path {
            Some(p) => load_file(p)?,
            None => ConfigFile::default(),
        };
        Project::from_file(file, path.as_deref(), cwd)
    }

    /// A path written in subloc.yaml: relative to the file's folder (absolute paths as they are;
    /// without a configuration file, as given).
    pub fn relative_to_config(&self, p: &Path) -> PathBuf {
        if p.is_absolute() {
            return p.to_path_buf();
        }
        match self.config_path.as_deref().and_then(Path::parent) {
            Some(dir) => dir.join(p),
            None => p.to_path_buf(),
        }
    }

    /// Resolves an already-read configuration (`path` is where it came from, for relative paths
    /// and messages).
    pub fn from_file(
        file: ConfigFile,
        path: Option<&Path>,
        cwd: &Path,
    ) -> Result<Project, ConfigError> {
        let base = path.and_then(Path::parent).unwrap_or(Path::new(""));
        let shown = || path.map(Path::to_path_buf).unwrap_or_default();
        let builtin =
            Profiles::builtin().map_err(|error| ConfigError::Profiles { path: None, error })?;
        let profiles = if file.profiles.is_empty() {
            builtin
        } else {
            builtin
                .overridden(file.profiles)
                .map_err(|error| ConfigError::Profiles {
                    path: path.map(Path::to_path_buf),
                    error,
                })?
        };
        let lang = match file.lang.as_deref() {
            Some(v) => Some(parse_tag(v).map_err(|_| ConfigError::Lang {
                path: shown(),
                value: v.to_string(),
            })?),
            None => None,
        };
        let mut severity = SeverityOverrides::default();
        for (rule, level) in &file.check.severity {
            severity
                .set(rule, level)
                .map_err(|error| ConfigError::Severity {
                    path: shown(),
                    error,
                })?;
        }
        let glossary = match file.glossary {
            Some(g) if g.is_absolute() => Some(g),
            Some(g) => Some(base.join(g)),
            None => find_upwards(cwd, GLOSSARY_FILE_NAME),
        };
        let mut fonts = file.fonts;
        for d in &mut fonts.dirs {
            if d.is_relative() {
                *d = base.join(&*d);
            }
        }
        Ok(Project {
            config_path: path.map(Path::to_path_buf),
            profiles,
            platform: file.platform,
            lang,
            glossary,
            severity,
            translate: file.translate,
            video: file.video,
            fonts,
        })
    }
}

/// Reads and parses a configuration file.
pub fn load_file(path: &Path) -> Result<ConfigFile, ConfigError> {
    let text =
        crate::input::read_text_capped(path, crate::input::YAML_LIMIT).map_err(|source| {
            ConfigError::Io {
                path: path.to_path_buf(),
                source,
            }
        })?;
    parse(&text).map_err(|error| ConfigError::Yaml {
        path: path.to_path_buf(),
        error,
    })
}

/// Parses a configuration text. A file with nothing but comments is the default configuration.
pub fn parse(text: &str) -> Result<ConfigFile, YamlError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let blank = text
        .lines()
        .map(str::trim)
        .all(|l| l.is_empty() || l.starts_with('#') || l == "---");
    if blank {
        return Ok(ConfigFile::default());
    }
    yaml::from_str(text)
}

/// The first `name` in `start` or one of its ancestors that is a file.
pub fn find_upwards(start: &Path, name: &str) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discovery_walks_up_and_explicit_wins() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let deep = root.join("season1").join("ep01");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(
            root.join(FILE_NAME),
            "platform: netflix\nlang: fa\nglossary: terms/g.yaml\n",
        )
        .unwrap();
        std::fs::write(root.join("season1").join(GLOSSARY_FILE_NAME), "x").unwrap();
        let s = Project::resolve(None, &deep).unwrap();
        assert_eq!(
            s.config_path.as_deref(),
            Some(root.join(FILE_NAME).as_path())
        );
        assert_eq!(s.platform.as_deref(), Some("netflix"));
        assert_eq!(s.lang.map(|l| l.to_string()).as_deref(), Some("fa"));
        // The configured glossary is relative to the configuration, and wins over discovery.
        assert_eq!(s.glossary, Some(root.join("terms").join("g.yaml")));

        let other = root.join("other.yaml");
        std::fs::write(&other, "# nothing but a comment\n").unwrap();
        let s = Project::resolve(Some(&other), &deep).unwrap();
        assert_eq!(s.platform, None);
        assert_eq!(
            s.glossary,
            Some(root.join("season1").join(GLOSSARY_FILE_NAME)),
            "without glossary: the nearest glossary.yaml upwards"
        );
        let missing = Project::resolve(Some(&root.join("nope.yaml")), &deep);
        assert!(matches!(missing, Err(ConfigError::Io { .. })));
    }

    #[test]
    fn unknown_keys_are_errors_with_position_and_the_valid_keys() {
        let err = parse("platform: netflix\nplatfrom: youtube\n").unwrap_err();
        assert_eq!(err.line, 2, "{err}");
        assert!(err.message.contains("platfrom"), "{err}");
        assert!(err.message.contains("glossary"), "{err}");
        let err = parse("check:\n  severty: {}\n").unwrap_err();
        assert!(err.message.contains("severty"), "{err}");
    }

    #[test]
    fn profiles_inherit_and_override() {
        let text = "profiles:\n  festival:\n    inherits: netflix\n    name: Festival cut\n";
        let s = Project::from_file(parse(text).unwrap(), None, Path::new("/")).unwrap();
        assert!(s.profiles.ids().any(|id| id == "festival"));
        assert!(s.profiles.ids().any(|id| id == "netflix"));
        let bad = "profiles:\n  x:\n    inherits: no-such-platform\n";
        let err = Project::from_file(
            parse(bad).unwrap(),
            Some(Path::new("p/subloc.yaml")),
            Path::new("/"),
        );
        assert!(matches!(err, Err(ConfigError::Profiles { .. })), "{err:?}");
    }

    #[test]
    fn severities_and_languages_are_validated() {
        let s = Project::from_file(
            parse("check:\n  severity: {reading-speed: warning, punct-ellipsis: off}\n").unwrap(),
            None,
            Path::new("/"),
        )
        .unwrap();
        assert!(!s.severity.is_empty());
        let err = Project::from_file(
            parse("check:\n  severity: {no-such-rule: off}\n").unwrap(),
            None,
            Path::new("/"),
        );
        assert!(matches!(err, Err(ConfigError::Severity { .. })));
        let err = Project::from_file(parse("lang: '!!'\n").unwrap(), None, Path::new("/"));
        assert!(matches!(err, Err(ConfigError::Lang { .. })));
    }
}
