use std::time::Instant;
/// A billion-laughs document: nine levels of nine aliases (9⁹ ≈ 3.9×10⁸ strings when expanded),
/// the last level written under `key:` with `indent` spaces before each line.
fn alias_bomb(key: &str) -> String {
    let mut out = String::from("x-anchors:\n  - &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..9 {
        let prev = format!("*l{}", i - 1);
        let refs = vec![prev.as_str(); 9].join(", ");
        out.push_str(&format!("  - &l{i} [{refs}]\n"));
    }
    out.push_str(&format!("{key}: [*l8, *l8, *l8, *l8, *l8, *l8, *l8, *l8, *l8]\n"));
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

/// `depth` nested flow sequences (`[[[…]]]`) under `key`, and the same as block mappings.
fn deep_yaml(key: &str, depth: usize) -> [String; 2] {
    let flow = format!("{key}: {}{}\n", "[".repeat(depth), "]".repeat(depth));
    let mut block = format!("{key}:\n");
    for i in 0..depth.min(5_000) {
        block.push_str(&" ".repeat(2 * (i + 1)));
        block.push_str("k:\n");
    }
    [flow, block]
}

/// Every hostile YAML text for documents whose top-level keys include `key`.
fn hostile_yaml(key: &str) -> Vec<String> {
    let mut v = vec![alias_bomb(key), alias_bomb_inside(key)];
    v.extend(deep_yaml(key, 100_000));
    // The bare forms too: a bomb or a nesting as the whole document.
    v.push(alias_bomb_inside("a").replacen("a:\n", "", 1).replace("\n  - ", "\n- ").trim_start_matches("  ").to_string());
    v.push(format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)));
    v.push(format!("{}x", "- ".repeat(100_000)));
    v
}


fn main() {
    for key in ["terms"] {
        for (i, text) in hostile_yaml(key).into_iter().enumerate() {
            let text = format!("source: zh\n{text}");
            let t = Instant::now(); let _ = subloc::glossary::load(&text); let a = t.elapsed();
            let t = Instant::now(); let _ = subloc::glossary::lint_text(&text, &["en"]); let b = t.elapsed();
            let t = Instant::now(); let _ = subloc::glossary::apply::apply(&text, "term_id,lang,base_fingerprint,decision\nx,en,0,approve\n", "2026-01-01", Some("r")); let c = t.elapsed();
            let t = Instant::now(); let _ = subloc::platform::Profiles::with_overrides(&text); let d = t.elapsed();
            println!("{i} len={} load={a:?} lint={b:?} apply={c:?} prof={d:?}", text.len());
        }
    }
}
