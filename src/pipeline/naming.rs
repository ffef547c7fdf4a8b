//! Where each output goes and in which format.
//!
//! Format: the first format in the profile's `formats` list that subloc writes (TTML/IMSC for
//! `ttml`, `imsc1.1`, `dfxp`, `smpte-tt`; `srt`; `vtt`; `ass`), except that an ASS episode stays
//! ASS (with its styles) wherever the platform lists `ass`. A profile without a format list
//! keeps the episode's own format, unless its only delivery is burned-in (Instagram and Facebook
//! Reels, Douyin): then ASS, the track a burn-in renders. A platform that takes only formats subloc cannot write
//! (Apple iTT, SCC, EBU STL) is refused before anything is sent.
//!
//! Names: a pattern relative to the output folder with `{lang}`, `{platform}`, `{stem}` (the
//! episode key), `{ext}` (the output format's extension) and `{source_ext}`. The default is
//! `{lang}/{platform}/{stem}.{ext}`; `{stem}.{lang}.{ext}` gives the flat `ep01.fa.srt`
//! convention. A pattern, or a value substituted into it, that would leave the output folder
//! (`..`, an absolute path, a drive prefix, a folder inside it that is a symbolic link) is
//! refused, and so is a run where two outputs would get the same name.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use crate::model::Format;

/// The default output pattern.
pub const DEFAULT_PATTERN: &str = "{lang}/{platform}/{stem}.{ext}";

/// Why an output name cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NamingError {
    #[error("pattern {pattern:?}: unknown placeholder {{{name}}}")]
    UnknownPlaceholder { pattern: String, name: String },
    #[error("pattern {pattern:?} leaves the output folder")]
    Escapes { pattern: String },
    #[error("pattern {pattern:?} gives {path} twice")]
    Collision { pattern: String, path: PathBuf },
    #[error("platform {platform} takes none of the formats subloc writes ({formats})")]
    NoWritableFormat { platform: String, formats: String },
}

/// The values of one output's name.
#[derive(Debug, Clone, Copy)]
pub struct NameParts<'a> {
    pub lang: &'a str,
    pub platform: &'a str,
    pub stem: &'a str,
    pub ext: &'a str,
    pub source_ext: &'a str,
}

/// Checks a pattern's placeholders and that it stays relative (before any value is known).
pub fn validate(pattern: &str) -> Result<(), NamingError> {
    let probe = NameParts {
        lang: "xx",
        platform: "p",
        stem: "s",
        ext: "e",
        source_ext: "e",
    };
    render(pattern, &probe).map(|_| ())
}

/// The path of one output, relative to the output folder.
pub fn render(pattern: &str, parts: &NameParts<'_>) -> Result<PathBuf, NamingError> {
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(rest.get(..open).unwrap_or(""));
        let after = rest.get(open + 1..).unwrap_or("");
        let Some(close) = after.find('}') else {
            return Err(NamingError::UnknownPlaceholder {
                pattern: pattern.to_string(),
                name: after.to_string(),
            });
        };
        let name = after.get(..close).unwrap_or("");
        let value = match name {
            "lang" => parts.lang,
            "platform" => parts.platform,
            "stem" => parts.stem,
            "ext" => parts.ext,
            "source_ext" => parts.source_ext,
            _ => {
                return Err(NamingError::UnknownPlaceholder {
                    pattern: pattern.to_string(),
                    name: name.to_string(),
                });
            }
        };
        // A value is one name: a separator inside it would create folders (or climb out).
        if value.is_empty() || value.contains(['/', '\\']) || value == "." || value == ".." {
            return Err(NamingError::Escapes {
                pattern: pattern.to_string(),
            });
        }
        out.push_str(value);
        rest = after.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    let path = PathBuf::from(&out);
    if !stays_inside(&path) || out.ends_with(['/', '\\']) {
        return Err(NamingError::Escapes {
            pattern: pattern.to_string(),
        });
    }
    Ok(path)
}

/// True for a relative path made only of normal components (no `..`, root, drive or `.`-only).
pub fn stays_inside(path: &Path) -> bool {
    let mut normal = 0;
    for c in path.components() {
        match c {
            Component::Normal(_) => normal += 1,
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    // Backslashes are separators on Windows; refuse `..\` spelled that way everywhere.
    let text = path.to_string_lossy();
    if text.split(['/', '\\']).any(|part| part == "..") || text.starts_with('\\') {
        return false;
    }
    normal > 0
}

/// Refuses an output whose folders inside `out_dir` include a symbolic link: `out/fa` linked to
/// `/etc` would make a harmless pattern write anywhere. Only folders that exist now are looked
/// at (the rest are created as real folders); `out_dir` itself may be a link, since the user
/// named it. The file itself may be a link: the atomic rename replaces the link, not its target.
pub fn check_on_disk(out_dir: &Path, pattern: &str, rel: &Path) -> Result<(), NamingError> {
    let mut at = out_dir.to_path_buf();
    for c in rel.parent().into_iter().flat_map(Path::components) {
        at.push(c);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(NamingError::Escapes {
                    pattern: pattern.to_string(),
                });
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    Ok(())
}

/// Registers output paths and refuses a second use of one.
#[derive(Debug, Default)]
pub struct Claims {
    taken: HashMap<PathBuf, ()>,
}

impl Claims {
    pub fn claim(&mut self, pattern: &str, path: &Path) -> Result<(), NamingError> {
        let key = PathBuf::from(path.to_string_lossy().to_lowercase());
        if self.taken.insert(key, ()).is_some() {
            return Err(NamingError::Collision {
                pattern: pattern.to_string(),
                path: path.to_path_buf(),
            });
        }
        Ok(())
    }
}

/// A format name from a profile, if subloc writes it.
pub fn writable(name: &str) -> Option<Format> {
    match name.trim().to_ascii_lowercase().as_str() {
        "ttml" | "imsc" | "imsc1" | "imsc1.1" | "imsc-1.1" | "dfxp" | "smpte-tt" | "ttml1" => {
            Some(Format::Ttml)
        }
        "srt" | "subrip" => Some(Format::Srt),
        "vtt" | "webvtt" => Some(Format::Vtt),
        "ass" | "ssa" => Some(Format::Ass),
        "sbv" => Some(Format::Sbv),
        _ => None,
    }
}

/// The format to write for a platform whose profile lists `formats` (`None`/empty: no
/// requirement), for an episode read as `source`. A platform whose only delivery is burned-in
/// and that takes no file gets ASS: the track the burn-in renders (libass), laid out for the
/// platform's canvas by the per-file job.
pub fn choose_format(
    platform: &str,
    formats: Option<&[String]>,
    burned_in_only: bool,
    source: Format,
) -> Result<Format, NamingError> {
    let list = match formats {
        Some(l) if !l.is_empty() => l,
        _ if burned_in_only => return Ok(Format::Ass),
        _ => {
            // No requirement: the episode's own format.
            return Ok(source);
        }
    };
    let usable: Vec<Format> = list.iter().filter_map(|f| writable(f)).collect();
    if source == Format::Ass && usable.contains(&Format::Ass) {
        return Ok(Format::Ass);
    }
    usable
        .first()
        .copied()
        .ok_or_else(|| NamingError::NoWritableFormat {
            platform: platform.to_string(),
            formats: list.join(", "),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<'a>(lang: &'a str, platform: &'a str, stem: &'a str) -> NameParts<'a> {
        NameParts {
            lang,
            platform,
            stem,
            ext: "srt",
            source_ext: "ass",
        }
    }

    #[test]
    fn patterns_render_and_stay_inside() {
        let p = render(DEFAULT_PATTERN, &parts("fa", "youtube", "ep01")).unwrap();
        assert_eq!(p, Path::new("fa").join("youtube").join("ep01.srt"));
        let p = render("{stem}.{lang}.{ext}", &parts("zh-Hant", "tiktok", "ep01")).unwrap();
        assert_eq!(p, PathBuf::from("ep01.zh-Hant.srt"));
        for bad in [
            "../{stem}.{ext}",
            "/tmp/{stem}",
            "a/../../{stem}",
            "..\\{stem}",
            "{stem}/",
        ] {
            assert!(
                matches!(validate(bad), Err(NamingError::Escapes { .. })),
                "{bad} must be refused"
            );
        }
        assert!(matches!(
            render("{stem}", &parts("fa", "x", "..")),
            Err(NamingError::Escapes { .. })
        ));
        assert!(matches!(
            render("{stem}", &parts("fa", "x", "a/b")),
            Err(NamingError::Escapes { .. })
        ));
        assert!(matches!(
            validate("{lang}/{episode}.{ext}"),
            Err(NamingError::UnknownPlaceholder { name, .. }) if name == "episode"
        ));
        assert!(validate("{stem}.{source_ext}.{lang}.{ext}").is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_folder_inside_the_output_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let outside = dir.path().join("elsewhere");
        std::fs::create_dir_all(out.join("en")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::os::unix::fs::symlink(&outside, out.join("fa")).unwrap();
        let p = "{lang}/{platform}/{stem}.{ext}";
        assert!(matches!(
            check_on_disk(&out, p, Path::new("fa/youtube/ep01.srt")),
            Err(NamingError::Escapes { .. })
        ));
        assert!(check_on_disk(&out, p, Path::new("en/youtube/ep01.srt")).is_ok());
        assert!(check_on_disk(&out, p, Path::new("ar/youtube/ep01.srt")).is_ok());
        // The output folder itself may be a link: the user chose it.
        let linked = dir.path().join("linked-out");
        std::os::unix::fs::symlink(&outside, &linked).unwrap();
        assert!(check_on_disk(&linked, p, Path::new("en/youtube/ep01.srt")).is_ok());
    }

    #[test]
    fn collisions_are_found() {
        let mut c = Claims::default();
        assert!(c.claim("p", Path::new("ep01.fa.srt")).is_ok());
        assert!(c.claim("p", Path::new("ep01.ar.srt")).is_ok());
        assert!(matches!(
            c.claim("p", Path::new("EP01.fa.srt")),
            Err(NamingError::Collision { .. })
        ));
    }

    #[test]
    fn formats_follow_the_profile() {
        let l = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            choose_format("netflix", Some(&l(&["imsc1.1"])), false, Format::Srt),
            Ok(Format::Ttml)
        );
        assert_eq!(
            choose_format("youtube", Some(&l(&["srt", "sbv"])), false, Format::Ass),
            Ok(Format::Srt)
        );
        assert_eq!(
            choose_format("bbc", Some(&l(&["srt", "vtt", "ass"])), false, Format::Ass),
            Ok(Format::Ass)
        );
        assert_eq!(
            choose_format("bbc", Some(&l(&["srt", "vtt", "ass"])), false, Format::Vtt),
            Ok(Format::Srt)
        );
        assert_eq!(
            choose_format("generic", None, false, Format::Vtt),
            Ok(Format::Vtt)
        );
        // Burned in only, no file taken: the ASS the burn-in renders, whatever the source.
        assert_eq!(
            choose_format("instagram_reels", None, true, Format::Srt),
            Ok(Format::Ass)
        );
        assert_eq!(
            choose_format("x", Some(&l(&["srt"])), true, Format::Vtt),
            Ok(Format::Srt),
            "a listed format still wins"
        );
        assert!(matches!(
            choose_format("apple", Some(&l(&["itt", "scc"])), false, Format::Srt),
            Err(NamingError::NoWritableFormat { .. })
        ));
    }
}
