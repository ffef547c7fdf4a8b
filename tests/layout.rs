//! The shape of the library, kept by a test: no import circle between the library's modules.
//! A module here is a top-level module (`format`, `deliver`, …) or one of its direct children
//! (`format::srt`, `translate::scheduler`); an edge is a `crate::…` or `super::…` path in a
//! module's non-test code. Parents and their own children may refer to each other (that is what
//! a module is); siblings and top-level modules may not form a cycle, so each can be read, and
//! changed, knowing only what it uses. The binary (`src/main.rs`, `src/cli.rs`, `src/app/`) sits
//! on top and is left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// `format/srt.rs` → `format::srt`, `format/ass/read.rs` → `format::ass`, `cmd/mod.rs` → `cmd`.
fn module_of(rel: &Path) -> Option<String> {
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    let top = parts.first()?;
    if ["main", "lib", "cli", "app"].contains(&top.as_str()) {
        return None;
    }
    parts.truncate(2);
    Some(parts.join("::"))
}

/// Identifiers of a path after `prefix` (`crate::a::b` → `["a", "b"]`), for each occurrence.
fn paths_after<'a>(code: &'a str, prefix: &str) -> Vec<Vec<&'a str>> {
    code.match_indices(prefix)
        .filter(|(i, _)| {
            // A whole word: not `mycrate::`.
            !code[..*i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
        .map(|(i, _)| {
            code[i + prefix.len()..]
                .split("::")
                .take(2)
                .map(|seg| {
                    let end = seg
                        .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
                        .unwrap_or(seg.len());
                    &seg[..end]
                })
                .take_while(|s| !s.is_empty())
                .collect()
        })
        .collect()
}

fn edges() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut by_module: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for f in files {
        if let Some(m) = module_of(f.strip_prefix(&src).unwrap()) {
            by_module.entry(m).or_default().push(f);
        }
    }
    let known: BTreeSet<String> = by_module.keys().cloned().collect();
    let resolve = |segs: &[&str]| -> Option<String> {
        let two = segs.join("::");
        if segs.len() == 2 && known.contains(&two) {
            return Some(two);
        }
        segs.first()
            .map(|s| s.to_string())
            .filter(|s| known.contains(s))
    };
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (m, files) in &by_module {
        let top = m.split("::").next().unwrap_or("");
        for f in files {
            let text = std::fs::read_to_string(f).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            let mut targets: Vec<String> = paths_after(code, "crate::")
                .iter()
                .filter_map(|s| resolve(s))
                .collect();
            if m.contains("::") {
                // `super::x` in a child of `top` names a sibling.
                targets.extend(
                    paths_after(code, "super::")
                        .iter()
                        .filter_map(|s| s.first())
                        .map(|s| format!("{top}::{s}"))
                        .filter(|t| known.contains(t)),
                );
            }
            for t in targets {
                let parent_or_self = *m == t || m.starts_with(&format!("{t}::"));
                if !parent_or_self {
                    edges.entry(m.clone()).or_default().insert(t);
                }
            }
        }
    }
    edges
}

/// A cycle through `start`, if any (depth-first search).
fn cycle_from(start: &str, edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    let mut stack = vec![(start.to_string(), vec![start.to_string()])];
    let mut seen = BTreeSet::new();
    while let Some((at, path)) = stack.pop() {
        for next in edges.get(&at).into_iter().flatten() {
            if next == start {
                let mut cycle = path.clone();
                cycle.push(start.to_string());
                return Some(cycle);
            }
            if seen.insert(next.clone()) {
                let mut p = path.clone();
                p.push(next.clone());
                stack.push((next.clone(), p));
            }
        }
    }
    None
}

/// The same edges seen two ways: between top-level modules (`format` → `model`), and between
/// the children of one top-level module (`glossary::lint` → `glossary::raw`).
fn views(
    edges: &BTreeMap<String, BTreeSet<String>>,
) -> (
    BTreeMap<String, BTreeSet<String>>,
    BTreeMap<String, BTreeSet<String>>,
) {
    let top = |m: &str| m.split("::").next().unwrap_or("").to_string();
    let mut tops: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut siblings: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, tos) in edges {
        for to in tos {
            if top(from) != top(to) {
                tops.entry(top(from)).or_default().insert(top(to));
            } else if from.contains("::") && to.contains("::") {
                siblings.entry(from.clone()).or_default().insert(to.clone());
            }
        }
    }
    (tops, siblings)
}

#[test]
fn no_import_circle_between_library_modules() {
    let (tops, siblings) = views(&edges());
    // The walk must see the library, or the test proves nothing.
    for (from, to) in [
        ("deliver", "check"),
        ("cmd", "deliver"),
        ("pipeline", "deliver"),
    ] {
        assert!(
            tops.get(from).is_some_and(|t| t.contains(to)),
            "expected {from} → {to} in {tops:?}"
        );
    }
    assert!(
        siblings
            .get("glossary::lint")
            .is_some_and(|t| t.contains("glossary::raw"))
    );
    for graph in [&tops, &siblings] {
        let cycles: Vec<String> = graph
            .keys()
            .filter_map(|m| cycle_from(m, graph))
            .map(|c| c.join(" → "))
            .collect();
        assert!(cycles.is_empty(), "import circles:\n{}", cycles.join("\n"));
    }
}

#[test]
fn a_circle_is_seen() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    edges.entry("a".into()).or_default().insert("b".into());
    edges.entry("b".into()).or_default().insert("c".into());
    assert_eq!(cycle_from("a", &edges), None);
    edges.entry("c".into()).or_default().insert("a".into());
    assert_eq!(cycle_from("a", &edges).unwrap(), vec!["a", "b", "c", "a"]);
    assert_eq!(
        paths_after("use crate::format::srt::x; mycrate::no", "crate::"),
        vec![vec!["format", "srt"]]
    );
}
