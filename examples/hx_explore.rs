/// A billion-laughs document: nine levels of nine aliases (9⁹ ≈ 3.9×10⁸ strings when expanded),
/// the last level written under `key:` with `indent` spaces before each line.
fn alias_bomb(key: &str) -> String {
    let mut out =
        String::from("x-anchors:\n  - &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..9 {
        let prev = format!("*l{}", i - 1);
        let refs = vec![prev.as_str(); 9].join(", ");
        out.push_str(&format!("  - &l{i} [{refs}]\n"));
    }
    out.push_str(&format!(
        "{key}: [*l8, *l8, *l8, *l8, *l8, *l8, *l8, *l8, *l8]\n"
    ));
    out
}

/// The same bomb with the anchors defined inside `key`'s own value, so no unknown key comes
/// first to stop the parse early.
fn alias_bomb_inside(key: &str) -> String {
    let mut out = format!("{key}:\n  - &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let prev = format!("*l{}", i - 1);
        let refs = vec![prev.as_str(); 9].join(", ");
        out.push_str(&format!("  - &l{i} [{refs}]\n"));
    }
    out
}

/// `depth` nested flow sequences (`[[[…]]]`), block sequences (`- - - x`) and block mappings
/// under `key`, and the first two as whole documents.
fn deep_yaml(key: &str, depth: usize) -> Vec<String> {
    let mut block = format!("{key}:\n");
    // Block mappings indent by two more spaces per level: 1,000 levels are already 1 MB.
    for i in 0..depth.min(1_000) {
        block.push_str(&" ".repeat(2 * (i + 1)));
        block.push_str("k:\n");
    }
    vec![
        format!("{key}: {}{}\n", "[".repeat(depth), "]".repeat(depth)),
        format!("{key}:\n  {}x\n", "- ".repeat(depth)),
        block,
        format!("{}{}", "[".repeat(depth), "]".repeat(depth)),
        format!("{}x", "- ".repeat(depth)),
    ]
}

fn main() {
    let csv = "term_id,lang,base_fingerprint,decision\nx,en,0,approve\n";
    let mut texts = vec![format!("source: zh\n{}", alias_bomb_inside("terms"))];
    texts.extend(
        deep_yaml("terms", 100_000)
            .into_iter()
            .map(|t| format!("source: zh\n{t}")),
    );
    for (i, text) in texts.iter().enumerate() {
        let t = std::time::Instant::now();
        let _ = subloc::glossary::load(&text);
        let a = t.elapsed();
        let t = std::time::Instant::now();
        let _ = subloc::glossary::lint_text(&text, &["en"]);
        let b = t.elapsed();
        let t = std::time::Instant::now();
        let _ = subloc::glossary::apply::apply(&text, csv, "2026-01-01", Some("r"));
        let c = t.elapsed();
        let t = std::time::Instant::now();
        let _ = subloc::glossary::import::import_csv(&text, "窑,kiln\n", "en", "2026-01-01");
        let d = t.elapsed();
        println!("{i} load={a:?} lint={b:?} apply={c:?} import={d:?}");
    }
}
