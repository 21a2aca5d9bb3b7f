//! The instruction-count driver of `bench/instructions.sh`: generates from each spec file named
//! on the command line, `MG_CALLS` times (3 unless set), the way the Node binding does
//! ([`migration_generator::generate_parts`], one JSON text in), and prints each output's size.
//! Run under `valgrind --tool=callgrind`, it gives the core's work as a count of instructions,
//! which the machine's load does not change, where the bench's wall-clock times do.
//!
//! With `MG_DUMP` set, each spec file is generated once and its whole output printed as one
//! JSON array per line (`[json, up, down, fileHead, fileMiddle, fileTail, typeDefinitions]`),
//! with no validity check: `bench/same-output.mjs --native` prints the same from an addon, so
//! that two builds' outputs can be compared (`cmp`).

use migration_generator::generate_parts;

fn main() {
    let calls: usize = std::env::var("MG_CALLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let dump = std::env::var_os("MG_DUMP").is_some();
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read the spec file {path}: {e}"));
        if dump {
            let p = generate_parts(text);
            let all = [
                Some(p.json),
                Some(p.up_migration),
                Some(p.down_migration),
                Some(p.file_head),
                Some(p.file_middle),
                Some(p.file_tail),
                p.type_definitions,
            ];
            println!(
                "{}",
                serde_json::to_string(&all).expect("strings serialize")
            );
            continue;
        }
        for _ in 0..calls {
            let parts = generate_parts(text.clone());
            assert!(
                parts.json.contains("\"valid\":true"),
                "{path} is not valid: {}",
                &parts.json[..parts.json.len().min(400)]
            );
            println!(
                "{path}: up {} bytes, down {} bytes",
                parts.up_migration.len(),
                parts.down_migration.len()
            );
        }
    }
}
