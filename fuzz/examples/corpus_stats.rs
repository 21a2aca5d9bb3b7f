//! How much of a corpus reaches SQL: `cargo run --example corpus_stats -- structured DIR` (inputs
//! of the structure-aware target) or `-- bytes DIR`. Prints the number of inputs, how many parse
//! as a spec the generator accepts, per database type, and the most common error codes.

use std::collections::BTreeMap;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (kind, dir) = (args[1].as_str(), &args[2]);
    let mut total = 0;
    let mut valid: BTreeMap<String, usize> = BTreeMap::new();
    let mut codes: BTreeMap<&'static str, usize> = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let data = std::fs::read(entry.unwrap().path()).unwrap();
        let text = match kind {
            "structured" => {
                let mut u = arbitrary::Unstructured::new(&data);
                match fuzz_support::build_spec(&mut u) {
                    Ok(spec) => spec.to_string(),
                    Err(_) => continue,
                }
            }
            _ => String::from_utf8_lossy(&data).into_owned(),
        };
        total += 1;
        let r = migration_generator::generate_str(&text);
        if r.validation.valid {
            *valid.entry(r.metadata.database_type.clone()).or_default() += 1;
        } else if let Some(e) = r.validation.errors.first() {
            *codes.entry(e.code.as_str()).or_default() += 1;
            if std::env::var_os("SHOW_REJECTED").is_some()
                && e.code.as_str() == "GENERATED_SQL_REJECTED"
            {
                println!("{}\n  spec: {text}\n", e.message);
            }
        }
    }
    let ok: usize = valid.values().sum();
    println!(
        "{total} inputs, {ok} valid ({:.0}%): {valid:?}",
        100.0 * ok as f64 / total.max(1) as f64
    );
    let mut codes: Vec<_> = codes.into_iter().collect();
    codes.sort_by(|a, b| b.1.cmp(&a.1));
    println!("first error codes of the rest: {codes:?}");
}
