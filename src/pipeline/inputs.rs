//! Which files a `translate` run reads: the command-line arguments expanded to episodes.
//!
//! A file is taken as given (whatever its extension: the reader detects the format). A folder
//! gives its subtitle files (`.srt`, `.ass`, `.ssa`, `.vtt`; not recursive, so an `out/` folder
//! inside a season folder is never read back; hidden files skipped). A path with `*`, `?` or
//! `[…]` is a glob, expanded here so it works the same on Windows shells, which do not expand
//! globs; it keeps only subtitle files. Each argument's files are in natural order (`ep2` before
//! `ep10`), arguments keep their order, and a file named twice is read once.
//!
//! Every episode gets a key that is unique in the run: its file stem (`ep01`), or, when two
//! inputs share a stem (`ep01.srt` and `ep01.ass`), the stem and the extension (`ep01-ass`).
//! The key names output files (`{stem}`) and prefixes segment ids (`ep01#12`).

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// Extensions a folder or glob expands to.
pub const SUBTITLE_EXTENSIONS: &[&str] = &["srt", "ass", "ssa", "vtt", "ttml", "dfxp", "sbv"];

/// Why the arguments name no usable episode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// A folder or glob with no subtitle file in it.
    #[error("{pattern}: no subtitle files")]
    NoMatch { pattern: String },
    /// A path that does not exist and is no glob.
    #[error("{path}: not found")]
    NotFound { path: PathBuf },
    /// Nothing at all to translate.
    #[error("no episodes")]
    Empty,
}

/// One input file and its run-unique key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Episode {
    pub path: PathBuf,
    pub key: String,
}

/// Expands `args` (relative to `cwd` when relative; the paths returned keep the user's form).
pub fn expand(args: &[PathBuf], cwd: &Path) -> Result<Vec<Episode>, InputError> {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    for arg in args {
        let abs = if arg.is_absolute() {
            arg.clone()
        } else {
            cwd.join(arg)
        };
        let mut found: Vec<PathBuf> = if abs.is_dir() {
            list_dir(&abs, arg, None)
        } else if abs.exists() {
            vec![arg.clone()]
        } else if is_glob(&arg.to_string_lossy()) {
            glob(arg, cwd)
        } else {
            return Err(InputError::NotFound { path: arg.clone() });
        };
        if found.is_empty() {
            return Err(InputError::NoMatch {
                pattern: arg.display().to_string(),
            });
        }
        found.sort_by(|a, b| natural_cmp(&a.to_string_lossy(), &b.to_string_lossy()));
        for f in found {
            let abs = if f.is_absolute() {
                f.clone()
            } else {
                cwd.join(&f)
            };
            let identity = std::fs::canonicalize(&abs).unwrap_or(abs);
            if seen.insert(identity) {
                files.push(f);
            }
        }
    }
    if files.is_empty() {
        return Err(InputError::Empty);
    }
    Ok(keyed(files))
}

/// `check`'s expansion: folders and globs become their subtitle files as for `translate`, in
/// natural order; anything else — a file, a missing path, a folder or glob with no subtitle in
/// it — stays as given, so the check reports it as unreadable instead of stopping the run.
pub fn expand_lenient(args: &[PathBuf], cwd: &Path) -> Vec<PathBuf> {
    let mut out = Vec::with_capacity(args.len());
    let mut seen: HashSet<PathBuf> = HashSet::new();
    for arg in args {
        let abs = if arg.is_absolute() {
            arg.clone()
        } else {
            cwd.join(arg)
        };
        let mut found = if abs.is_dir() {
            list_dir(&abs, arg, None)
        } else if !abs.exists() && is_glob(&arg.to_string_lossy()) {
            glob(arg, cwd)
        } else {
            Vec::new()
        };
        if found.is_empty() {
            found.push(arg.clone());
        }
        found.sort_by(|a, b| natural_cmp(&a.to_string_lossy(), &b.to_string_lossy()));
        for f in found {
            let identity = std::fs::canonicalize(cwd.join(&f)).unwrap_or_else(|_| cwd.join(&f));
            if seen.insert(identity) {
                out.push(f);
            }
        }
    }
    out
}

/// Gives every file a unique key (see the module docs).
pub fn keyed(files: Vec<PathBuf>) -> Vec<Episode> {
    let stem = |p: &Path| {
        p.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "episode".to_string())
    };
    let mut stems: BTreeMap<String, usize> = BTreeMap::new();
    for f in &files {
        *stems.entry(stem(f)).or_default() += 1;
    }
    let mut used: HashSet<String> = HashSet::new();
    let mut out = Vec::with_capacity(files.len());
    for path in files {
        let s = stem(&path);
        let mut key = if stems.get(&s).copied().unwrap_or(0) > 1 {
            match path
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase())
            {
                Some(ext) if !ext.is_empty() => format!("{s}-{ext}"),
                _ => s.clone(),
            }
        } else {
            s.clone()
        };
        let base = key.clone();
        let mut n = 2;
        while !used.insert(key.clone()) {
            key = format!("{base}-{n}");
            n += 1;
        }
        out.push(Episode { path, key });
    }
    out
}

fn is_subtitle(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        SUBTITLE_EXTENSIONS
            .iter()
            .any(|x| x.eq_ignore_ascii_case(e))
    })
}

fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

/// Subtitle files in `dir` (read at `abs`, reported under `shown`), optionally matching a glob
/// component.
fn list_dir(abs: &Path, shown: &Path, component: Option<&str>) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(abs) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_hidden(&name) && !component.is_some_and(|c| c.starts_with('.')) {
            continue;
        }
        if let Some(c) = component
            && !wildmatch(c, &name)
        {
            continue;
        }
        let p = abs.join(&name);
        if p.is_file() && is_subtitle(&p) {
            out.push(shown.join(&name));
        }
    }
    out
}

fn is_glob(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// Expands a glob path component by component (each component may be a pattern).
fn glob(pattern: &Path, cwd: &Path) -> Vec<PathBuf> {
    let components: Vec<String> = pattern
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    // (absolute path to read, path as shown)
    let (start_abs, start_shown) = if pattern.is_absolute() {
        (PathBuf::new(), PathBuf::new())
    } else {
        (cwd.to_path_buf(), PathBuf::new())
    };
    let mut current = vec![(start_abs, start_shown)];
    let last = components.len().saturating_sub(1);
    for (i, comp) in components.iter().enumerate() {
        let mut next = Vec::new();
        for (abs, shown) in &current {
            if !is_glob(comp) {
                let a = abs.join(comp);
                let s = shown.join(comp);
                if i == last {
                    if a.is_file() && is_subtitle(&a) {
                        next.push((a, s));
                    }
                } else if a.is_dir() {
                    next.push((a, s));
                }
                continue;
            }
            if i == last {
                next.extend(
                    list_dir(abs, shown, Some(comp))
                        .into_iter()
                        .map(|s| (abs.join(s.file_name().unwrap_or_default()), s)),
                );
                continue;
            }
            let Ok(entries) = std::fs::read_dir(abs) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if (is_hidden(&name) && !comp.starts_with('.')) || !wildmatch(comp, &name) {
                    continue;
                }
                let a = abs.join(&name);
                if a.is_dir() {
                    next.push((a, shown.join(&name)));
                }
            }
        }
        current = next;
        if current.is_empty() {
            break;
        }
    }
    current.into_iter().map(|(_, s)| s).collect()
}

/// Shell-style matching of one name: `*` any run, `?` one character, `[abc]`, `[a-z]`, `[!x]`.
/// The classic single-backtrack algorithm: linear in practice, O(n·m) at worst, never
/// exponential.
pub fn wildmatch(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut pi, mut ni) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        let c = n.get(ni).copied().unwrap_or('\0');
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ni));
                pi += 1;
                continue;
            }
            Some('?') => {
                pi += 1;
                ni += 1;
                continue;
            }
            Some('[') => {
                if let Some((matched, len)) = class(&p, pi, c)
                    && matched
                {
                    pi += len;
                    ni += 1;
                    continue;
                } else if class(&p, pi, c).is_none() && c == '[' {
                    // An unclosed `[` is a literal.
                    pi += 1;
                    ni += 1;
                    continue;
                }
            }
            Some(&lit) if lit == c => {
                pi += 1;
                ni += 1;
                continue;
            }
            _ => {}
        }
        match star {
            Some((sp, sn)) => {
                pi = sp + 1;
                ni = sn + 1;
                star = Some((sp, sn + 1));
            }
            None => return false,
        }
    }
    p.get(pi..).unwrap_or(&[]).iter().all(|&c| c == '*')
}

/// Matches `c` against the class starting at `p[start] == '['`: (matched, pattern length), or
/// `None` when the class is not closed.
fn class(p: &[char], start: usize, c: char) -> Option<(bool, usize)> {
    let mut i = start + 1;
    let negate = matches!(p.get(i), Some('!' | '^'));
    if negate {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    loop {
        let ch = *p.get(i)?;
        if ch == ']' && !first {
            break;
        }
        first = false;
        if p.get(i + 1) == Some(&'-') && p.get(i + 2).is_some_and(|&e| e != ']') {
            let hi = *p.get(i + 2)?;
            if ch <= c && c <= hi {
                matched = true;
            }
            i += 3;
        } else {
            if ch == c {
                matched = true;
            }
            i += 1;
        }
    }
    Some((matched != negate, i + 1 - start))
}

/// Natural order: digit runs compare as numbers (`ep2` < `ep10`), other text case-insensitively,
/// then byte order as the tie-break so the order is total.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (x.peek().copied(), y.peek().copied()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let na = take_digits(&mut x);
                let nb = take_digits(&mut y);
                let (ta, tb) = (na.trim_start_matches('0'), nb.trim_start_matches('0'));
                let ord = ta
                    .len()
                    .cmp(&tb.len())
                    .then_with(|| ta.cmp(tb))
                    .then_with(|| na.len().cmp(&nb.len()));
                if ord != Ordering::Equal {
                    return ord;
                }
            }
            (Some(c), Some(d)) => {
                let ord = c.to_lowercase().cmp(d.to_lowercase());
                if ord != Ordering::Equal {
                    return ord;
                }
                x.next();
                y.next();
            }
        }
    }
}

fn take_digits(it: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut s = String::new();
    while let Some(c) = it.peek().copied().filter(char::is_ascii_digit) {
        s.push(c);
        it.next();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order() {
        let mut v = vec!["ep10.srt", "ep2.srt", "EP1.srt", "ep02.srt", "ep1b.srt"];
        v.sort_by(|a, b| natural_cmp(a, b));
        // Equal numbers: fewer leading zeros first, so the order is total.
        assert_eq!(
            v,
            ["EP1.srt", "ep1b.srt", "ep2.srt", "ep02.srt", "ep10.srt"]
        );
        assert_eq!(
            natural_cmp("a99999999999999999999999", "a2"),
            Ordering::Greater
        );
    }

    #[test]
    fn wildmatch_basics() {
        assert!(wildmatch("*.srt", "ep01.srt"));
        assert!(!wildmatch("*.srt", "ep01.ass"));
        assert!(wildmatch("ep?[0-9].*", "ep01.vtt"));
        assert!(!wildmatch("ep[!0]1.srt", "ep01.srt"));
        assert!(wildmatch("ep[!x]1.srt", "ep01.srt"));
        assert!(wildmatch("a*b*c", "axxbyyc"));
        assert!(!wildmatch("a*b*c", "axxbyy"));
        assert!(wildmatch("[", "["));
        // Pathological patterns finish quickly.
        let name = "a".repeat(2000);
        assert!(!wildmatch(&format!("{}b", "*a".repeat(50)), &name));
    }

    #[test]
    fn folders_globs_and_keys() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let season = root.join("season");
        std::fs::create_dir_all(season.join("out")).unwrap();
        for name in [
            "ep10.srt",
            "ep2.srt",
            "ep1.srt",
            "ep1.ass",
            "notes.txt",
            ".hidden.srt",
        ] {
            std::fs::write(season.join(name), "1\n00:00:01,000 --> 00:00:02,000\nx\n").unwrap();
        }
        std::fs::write(season.join("out").join("ep1.srt"), "x").unwrap();
        let eps = expand(&[PathBuf::from("season")], root).unwrap();
        let names: Vec<_> = eps.iter().map(|e| e.path.display().to_string()).collect();
        let sep = std::path::MAIN_SEPARATOR;
        assert_eq!(
            names,
            [
                format!("season{sep}ep1.ass"),
                format!("season{sep}ep1.srt"),
                format!("season{sep}ep2.srt"),
                format!("season{sep}ep10.srt")
            ]
        );
        let keys: Vec<_> = eps.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["ep1-ass", "ep1-srt", "ep2", "ep10"]);

        let eps = expand(
            &[
                PathBuf::from("season/ep*.srt"),
                PathBuf::from("season/ep2.srt"),
            ],
            root,
        )
        .unwrap();
        let keys: Vec<_> = eps.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["ep1", "ep2", "ep10"], "ep2 named twice is read once");

        assert!(matches!(
            expand(&[PathBuf::from("season/*.vtt")], root),
            Err(InputError::NoMatch { .. })
        ));
        assert!(matches!(
            expand(&[PathBuf::from("nope.srt")], root),
            Err(InputError::NotFound { .. })
        ));
        assert_eq!(expand(&[], root), Err(InputError::Empty));
    }
}
