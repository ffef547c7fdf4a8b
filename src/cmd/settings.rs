//! Settings resolved once: the command line's values ([`Flags`], validated by clap but not yet
//! interpreted) and the project configuration (`subloc.yaml`, found by
//! [`crate::config::Project::resolve`]) become one [`Settings`] value that every command reads.
//! Each precedence decision — flag, then `subloc.yaml`, then discovery, then the built-in
//! default — is made here and nowhere else, so `check`, `fix`, `glossary`, `memory`, `xliff`
//! and `translate` can never disagree about which platform, language, glossary or memory they
//! use. (The split is ripgrep's: `crates/core/flags/lowargs.rs` holds what was typed,
//! `hiargs.rs` what it means.)
//!
//! The glossary is loaded at most once per command, on first use: commands that never need it
//! never fail on it.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::check::{OverrideError, SeverityOverrides};
use crate::config::Project;
use crate::format::ReadOptions;
use crate::glossary::Glossary;
use crate::model::Fps;
use crate::platform::Profiles;
use crate::translate::memory;
use crate::typeset::Fonts;

use super::{Error, lang_arg, lookup_encoding, show_found};

/// What the command line said about the settings commands share. `None` / empty: not given.
#[derive(Debug, Clone, Copy, Default)]
pub struct Flags<'a> {
    /// `--config FILE`.
    pub config: Option<&'a Path>,
    /// `--platform ID`.
    pub platform: Option<&'a str>,
    /// `--lang TAG` (the language of the files read).
    pub lang: Option<&'a str>,
    /// `--glossary FILE`.
    pub glossary: Option<&'a Path>,
    /// `--memory FILE`.
    pub memory: Option<&'a Path>,
    /// `--memory-password-env NAME` (over `translate.memory-password-env`).
    pub memory_password_env: Option<&'a str>,
    /// `--encoding LABEL` of the files read.
    pub encoding: Option<&'a str>,
    /// `--fps RATE`.
    pub fps: Option<&'a str>,
    /// Every `--severity RULE=LEVEL[,…]`, applied over `check.severity` in order.
    pub severity: &'a [String],
    /// `--ffmpeg PATH` (burned-in delivery).
    pub ffmpeg: Option<&'a Path>,
}

/// The glossary file with its text and the loaded glossary.
#[derive(Debug)]
pub struct LoadedGlossary {
    /// The path as messages show it (relative to the working directory when inside it).
    pub path: PathBuf,
    /// The text as read (the editing commands rewrite it in place, keeping comments).
    pub text: String,
    pub glossary: Glossary,
}

/// Everything a command needs to know about where and how it works, resolved.
#[derive(Debug)]
pub struct Settings {
    project: Project,
    cwd: PathBuf,
    platform: Option<String>,
    lang: Option<String>,
    glossary_path: Option<PathBuf>,
    glossary: OnceLock<LoadedGlossary>,
    memory: PathBuf,
    memory_access: memory::TeamAccess,
    read: ReadOptions,
    fps: Option<Fps>,
    severity: SeverityOverrides,
    ffmpeg: Option<PathBuf>,
    fonts: Fonts,
}

impl Settings {
    /// Reads the configuration (`--config`, else the nearest `subloc.yaml` upwards from the
    /// working directory) and applies the flags over it. Every flag value is checked here, so a
    /// bad `--lang`, `--encoding`, `--fps` or `--severity` fails before any file is read.
    pub fn resolve(flags: &Flags<'_>) -> Result<Settings, Error> {
        let cwd = std::env::current_dir().map_err(|e| Error::read(Path::new("."), e))?;
        let project = Project::resolve(flags.config, &cwd).map_err(Error::Config)?;
        Settings::from_project(project, flags, cwd)
    }

    /// [`Settings::resolve`] for the glossary commands: when `--glossary` names the file they
    /// need nothing else from subloc.yaml, so it is not read at all — a broken configuration
    /// does not stop a partner from linting or applying a review sheet.
    pub fn resolve_for_glossary(flags: &Flags<'_>) -> Result<Settings, Error> {
        if flags.glossary.is_none() {
            return Settings::resolve(flags);
        }
        let cwd = std::env::current_dir().map_err(|e| Error::read(Path::new("."), e))?;
        let project = Project::from_file(crate::config::ConfigFile::default(), None, &cwd)
            .map_err(Error::Config)?;
        Settings::from_project(project, flags, cwd)
    }

    /// [`Settings::resolve`] over an already-read project (tests, embedding).
    pub fn from_project(
        project: Project,
        flags: &Flags<'_>,
        cwd: PathBuf,
    ) -> Result<Settings, Error> {
        let platform = flags
            .platform
            .or(project.platform.as_deref())
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty());
        let lang = match flags.lang {
            Some(l) => Some(lang_arg(l)?),
            None => project.lang.as_ref().map(ToString::to_string),
        };
        // A glossary named on the command line is shown as typed; a configured or discovered
        // one (absolute) relative to the working directory, so messages read `glossary.yaml:12:5`.
        let glossary_path = match flags.glossary {
            Some(p) => Some(p.to_path_buf()),
            None => project.glossary.as_deref().map(show_found),
        };
        let memory = match (flags.memory, &project.translate.memory) {
            (Some(p), _) => p.to_path_buf(),
            // A `postgres://` location is a URL, not a path relative to subloc.yaml.
            (None, Some(p)) if p.to_str().is_some_and(memory::is_postgres_url) => p.clone(),
            (None, Some(p)) => project.relative_to_config(p),
            (None, None) => PathBuf::from(crate::pipeline::DEFAULT_MEMORY),
        };
        let memory_access = memory::TeamAccess {
            password_env: flags
                .memory_password_env
                .or(project.translate.memory_password_env.as_deref())
                .map(str::to_string),
            allow_plaintext: project.translate.memory_allow_plaintext.unwrap_or(false),
        };
        let read = ReadOptions {
            encoding: lookup_encoding(flags.encoding)?,
            format: None,
            // The language is evidence for guessing a legacy code page (`encoding::legacy`).
            lang: lang
                .as_deref()
                .and_then(|l| l.split(['-', '_']).next())
                .and_then(crate::format::encoding::legacy::language_key),
        };
        let fps = flags
            .fps
            .map(|v| {
                crate::platform::parse_fps(v)
                    .map_err(|_| Error::usage("error-bad-fps", &[("value", v.to_string())]))
            })
            .transpose()?;
        let severity = with_flags(&project.severity, flags.severity).map_err(Error::Override)?;
        // A configured path is relative to subloc.yaml; a bare program name (`ffmpeg-7`) stays
        // a name, looked up on PATH.
        let ffmpeg = match (flags.ffmpeg, &project.video.ffmpeg) {
            (Some(p), _) => Some(p.to_path_buf()),
            (None, Some(p)) if p.components().count() > 1 => Some(project.relative_to_config(p)),
            (None, Some(p)) => Some(p.clone()),
            (None, None) => None,
        };
        let fonts = Fonts::new(project.fonts.clone());
        Ok(Settings {
            project,
            cwd,
            platform,
            lang,
            glossary_path,
            glossary: OnceLock::new(),
            memory,
            memory_access,
            read,
            fps,
            severity,
            ffmpeg,
            fonts,
        })
    }

    /// The fonts canvas profiles are measured with (the system's and subloc.yaml's `fonts:`;
    /// nothing is read until a canvas profile asks).
    pub fn fonts(&self) -> &Fonts {
        &self.fonts
    }

    /// What `subloc.yaml` (or its absence) gave, as written.
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// The working directory the settings were resolved in.
    pub fn cwd(&self) -> &Path {
        &self.cwd
    }

    /// Built-in profiles with the project's layered on top.
    pub fn profiles(&self) -> &Profiles {
        &self.project.profiles
    }

    /// `--platform`, else `platform:` from subloc.yaml, checked against the profiles. Neither
    /// is a usage error, for the commands that need one.
    pub fn platform(&self) -> Result<&str, Error> {
        let id = self
            .platform
            .as_deref()
            .ok_or_else(|| Error::usage("error-no-platform", &[]))?;
        self.profiles().get(id).map_err(Error::Profile)?;
        Ok(id)
    }

    /// `--lang`, else `lang:` from subloc.yaml, canonical; `None` lets each file tell.
    pub fn lang(&self) -> Option<&str> {
        self.lang.as_deref()
    }

    /// `--glossary`, else `glossary:` from subloc.yaml, else the nearest `glossary.yaml` upwards.
    pub fn glossary_path(&self) -> Option<&Path> {
        self.glossary_path.as_deref()
    }

    /// [`Settings::glossary_path`], for the commands that cannot work without a glossary.
    pub fn required_glossary_path(&self) -> Result<&Path, Error> {
        self.glossary_path().ok_or_else(|| Error::NoGlossary {
            dir: self.cwd.clone(),
        })
    }

    /// The glossary, loaded on first use and kept. An invalid glossary is
    /// [`Error::GlossaryInvalid`] with every error found (positions included).
    pub fn glossary(&self) -> Result<Option<&LoadedGlossary>, Error> {
        match self.glossary_path() {
            Some(_) => self.required_glossary().map(Some),
            None => Ok(None),
        }
    }

    /// [`Settings::glossary`] for the commands that cannot work without one.
    pub fn required_glossary(&self) -> Result<&LoadedGlossary, Error> {
        if let Some(g) = self.glossary.get() {
            return Ok(g);
        }
        let path = self.required_glossary_path()?;
        let loaded = load_glossary(path)?;
        Ok(self.glossary.get_or_init(|| loaded))
    }

    /// `--memory`, else `translate.memory` (relative to subloc.yaml), else the default
    /// `.subloc/memory.sqlite` in the working directory.
    pub fn memory_path(&self) -> &Path {
        &self.memory
    }

    /// Whether the memory is the team memory on PostgreSQL (`postgres://…`).
    pub fn memory_is_postgres(&self) -> bool {
        self.memory.to_str().is_some_and(memory::is_postgres_url)
    }

    /// How to reach a `postgres://` memory: the variable holding its password
    /// (`--memory-password-env`, else `translate.memory-password-env`) and
    /// `translate.memory-allow-plaintext`.
    pub fn memory_access(&self) -> &memory::TeamAccess {
        &self.memory_access
    }

    /// Whether the team memory's password may go in clear to another machine because
    /// `memory-allow-plaintext: true` says so: the location, for a warning.
    pub fn memory_plaintext_warning(&self) -> Option<String> {
        let url = self
            .memory
            .to_str()
            .filter(|l| memory::is_postgres_url(l))?;
        (self.memory_access.allow_plaintext
            && self.memory_access.password_env.is_some()
            && memory::plaintext_possible(url))
        .then(|| url.to_string())
    }

    /// How subtitle files are read (`--encoding`).
    pub fn read_options(&self) -> ReadOptions {
        self.read
    }

    /// `--fps`.
    pub fn fps(&self) -> Option<Fps> {
        self.fps
    }

    /// `check.severity` from subloc.yaml with every `--severity` applied on top.
    pub fn severity(&self) -> &SeverityOverrides {
        &self.severity
    }

    /// `--ffmpeg`, else `video.ffmpeg` from subloc.yaml; `None`: ffmpeg on PATH.
    pub fn ffmpeg(&self) -> Option<&Path> {
        self.ffmpeg.as_deref()
    }

    /// How burned-in videos are encoded: `--codec` / `--crf` / `--preset`, else `video:` in
    /// subloc.yaml, else H.264 at CRF 18 (`crate::video::Encode::resolve`).
    pub fn encode(
        &self,
        codec: Option<&str>,
        crf: Option<u32>,
        preset: Option<&str>,
    ) -> crate::video::Encode {
        crate::video::Encode::resolve(codec, crf, preset, &self.project.video)
    }

    /// ffmpeg processes at once: `--jobs`, else `video.jobs`, else one per core.
    pub fn video_jobs(&self, flag: Option<usize>) -> usize {
        crate::video::jobs(flag, &self.project.video)
    }
}

/// Reads and loads a glossary file: `Error::GlossaryInvalid` carries every error (the
/// diagnostics with this path) and counts them.
pub fn load_glossary(path: &Path) -> Result<LoadedGlossary, Error> {
    let text = super::read_yaml_text(path)?;
    match crate::glossary::load(&text) {
        Ok(glossary) => Ok(LoadedGlossary {
            path: path.to_path_buf(),
            text,
            glossary,
        }),
        Err(diags) => Err(glossary_invalid(path, diags)),
    }
}

/// The error of a glossary that cannot be used: its error diagnostics (warnings do not make a
/// glossary unusable, so they are neither counted nor carried), located in `path`.
pub fn glossary_invalid(path: &Path, diags: Vec<crate::diag::Diagnostic>) -> Error {
    let diagnostics: Vec<_> = diags
        .into_iter()
        .filter(|d| d.severity == crate::diag::Severity::Error)
        .map(|d| d.with_path(path))
        .collect();
    Error::GlossaryInvalid {
        path: path.to_path_buf(),
        errors: diagnostics.len(),
        diagnostics,
    }
}

/// `base` with every `RULE=LEVEL[,…]` of `flags` applied on top (the command line wins).
fn with_flags(
    base: &SeverityOverrides,
    flags: &[String],
) -> Result<SeverityOverrides, OverrideError> {
    let mut o = base.clone();
    for part in flags
        .iter()
        .flat_map(|f| f.split(','))
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (rule, level) = part
            .split_once('=')
            .ok_or_else(|| OverrideError::BadSpec(part.to_string()))?;
        o.set(rule, level)?;
    }
    Ok(o)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::RuleLevel;
    use crate::diag::Severity;

    fn project(yaml: &str, at: &str) -> Project {
        let file = crate::config::parse(yaml).unwrap();
        Project::from_file(file, Some(Path::new(at)), Path::new("/nowhere")).unwrap()
    }

    #[test]
    fn flags_win_over_the_configuration_which_wins_over_defaults() {
        let p = || {
            project(
                "platform: netflix\nlang: fa\nglossary: g.yaml\ntranslate: {memory: m.sqlite}\ncheck: {severity: {reading-speed: off, timing-min-gap: info}}\n",
                "/proj/subloc.yaml",
            )
        };
        let none = Settings::from_project(p(), &Flags::default(), "/proj/sub".into()).unwrap();
        assert_eq!(none.platform().unwrap(), "netflix");
        assert_eq!(none.lang(), Some("fa"));
        assert_eq!(none.glossary_path(), Some(Path::new("/proj/g.yaml")));
        assert_eq!(none.memory_path(), Path::new("/proj/m.sqlite"));
        assert_eq!(none.severity().get("reading-speed"), Some(RuleLevel::Off));

        let severity = vec!["reading-speed=warning,text-max-lines=off".to_string()];
        let flags = Flags {
            platform: Some(" youtube "),
            lang: Some("zh_Hans"),
            glossary: Some(Path::new("other.yaml")),
            memory: Some(Path::new("here.sqlite")),
            fps: Some("25"),
            severity: &severity,
            ..Flags::default()
        };
        let all = Settings::from_project(p(), &flags, "/proj/sub".into()).unwrap();
        assert_eq!(all.platform().unwrap(), "youtube");
        assert_eq!(all.lang(), Some("zh-Hans"));
        assert_eq!(all.glossary_path(), Some(Path::new("other.yaml")));
        assert_eq!(all.memory_path(), Path::new("here.sqlite"));
        assert!(all.fps().is_some());
        let level = |r| all.severity().get(r);
        assert_eq!(
            level("reading-speed"),
            Some(RuleLevel::On(Severity::Warning))
        );
        assert_eq!(level("text-max-lines"), Some(RuleLevel::Off));
        assert_eq!(level("timing-min-gap"), Some(RuleLevel::On(Severity::Info)));
    }

    #[test]
    fn ffmpeg_path_from_flag_config_or_path() {
        let at = |yaml: &str, flag: Option<&Path>| {
            let flags = Flags {
                ffmpeg: flag,
                ..Flags::default()
            };
            let s = Settings::from_project(project(yaml, "/proj/subloc.yaml"), &flags, "/x".into())
                .unwrap();
            s.ffmpeg().map(Path::to_path_buf)
        };
        assert_eq!(at("{}", None), None, "PATH");
        let rel = "video: {ffmpeg: tools/ffmpeg, crf: 24}\n";
        assert_eq!(at(rel, None), Some(PathBuf::from("/proj/tools/ffmpeg")));
        assert_eq!(
            at("video: {ffmpeg: ffmpeg-7}\n", None),
            Some(PathBuf::from("ffmpeg-7")),
            "a bare name stays a name for PATH"
        );
        assert_eq!(
            at(rel, Some(Path::new("my/ffmpeg"))),
            Some(PathBuf::from("my/ffmpeg"))
        );
        let s = Settings::from_project(
            project(rel, "/p/subloc.yaml"),
            &Flags::default(),
            "/x".into(),
        )
        .unwrap();
        assert_eq!(s.encode(None, None, None).crf, Some(24));
        assert_eq!(s.encode(None, Some(30), None).crf, Some(30));
    }

    #[test]
    fn defaults_and_bad_values() {
        let empty = || project("{}", "/proj/subloc.yaml");
        let s = Settings::from_project(empty(), &Flags::default(), "/x".into()).unwrap();
        assert!(matches!(
            s.platform(),
            Err(Error::Message {
                id: "error-no-platform",
                ..
            })
        ));
        assert_eq!(s.memory_path(), Path::new(crate::pipeline::DEFAULT_MEMORY));
        assert!(matches!(s.glossary(), Ok(None)));
        assert!(matches!(
            s.required_glossary(),
            Err(Error::NoGlossary { .. })
        ));
        let bad = |flags: Flags<'_>| Settings::from_project(empty(), &flags, "/x".into()).err();
        let unknown = Flags {
            platform: Some("no-such-platform"),
            ..Flags::default()
        };
        let s = Settings::from_project(empty(), &unknown, "/x".into()).unwrap();
        assert!(matches!(s.platform(), Err(Error::Profile(_))));
        assert!(matches!(
            bad(Flags {
                lang: Some("!!"),
                ..Flags::default()
            }),
            Some(Error::Message {
                id: "error-bad-lang",
                ..
            })
        ));
        assert!(matches!(
            bad(Flags {
                fps: Some("fast"),
                ..Flags::default()
            }),
            Some(Error::Message {
                id: "error-bad-fps",
                ..
            })
        ));
        assert!(matches!(
            bad(Flags {
                encoding: Some("klingon-8"),
                ..Flags::default()
            }),
            Some(Error::UnknownEncoding { .. })
        ));
        let spec = vec!["reading-speed".to_string()];
        assert!(matches!(
            bad(Flags {
                severity: &spec,
                ..Flags::default()
            }),
            Some(Error::Override(OverrideError::BadSpec(_)))
        ));
        let rule = vec!["no-such-rule=off".to_string()];
        assert!(matches!(
            bad(Flags {
                severity: &rule,
                ..Flags::default()
            }),
            Some(Error::Override(OverrideError::UnknownRule(_)))
        ));
    }

    #[test]
    fn an_invalid_glossary_carries_its_errors_and_counts_only_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("glossary.yaml");
        std::fs::write(&path, "terms: 12\n").unwrap();
        let flags = Flags {
            glossary: Some(&path),
            ..Flags::default()
        };
        let s =
            Settings::from_project(project("{}", "/p/subloc.yaml"), &flags, "/x".into()).unwrap();
        match s.glossary() {
            Err(Error::GlossaryInvalid {
                errors,
                diagnostics,
                ..
            }) => {
                assert_eq!(errors, diagnostics.len());
                assert!(errors > 0);
                assert!(
                    diagnostics.iter().all(|d| d.severity == Severity::Error
                        && d.path.as_deref() == Some(path.as_path()))
                );
            }
            other => panic!("{other:?}"),
        }
    }
}
