fn main() {
    let mut out = String::from("terms:\n  - &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let prev = format!("*l{}", i - 1);
        let refs = vec![prev.as_str(); 9].join(", ");
        out.push_str(&format!("  - &l{i} [{refs}]\n"));
    }
    let t = std::time::Instant::now();
    let r = subloc::yaml::from_str::<serde_json::Value>(&out);
    println!("{:?} {:?}", t.elapsed(), r.err());
    let t = std::time::Instant::now();
    let r = subloc::glossary::load(&format!("source: zh\n{out}"));
    println!("{:?} {:?}", t.elapsed(), r.err().map(|d| d.iter().map(|x| format!("{} {:?}", x.rule, x.args)).collect::<Vec<_>>()));
}
