//! The instruction-count driver of `bench/instructions.sh`: generates from each spec file named
//! on the command line, `MG_CALLS` times (3 unless set), the way the Node binding does
//! ([`migration_generator::generate_parts`], one JSON text in), and prints each output's size.
//! Run under `valgrind --tool=callgrind`, it gives the core's work as a count of instructions,
//! which the machine's load does not change, where the bench's wall-clock times do.

use migration_generator::generate_parts;

fn main() {
    let calls: usize = std::env::var("MG_CALLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read the spec file {path}: {e}"));
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
