//! Structure-aware: the bytes drive a spec builder (tables, columns of every type, keys,
//! foreign keys, checks, indexes, defaults, hostile text), so most inputs reach SQL generation.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut u = arbitrary::Unstructured::new(data);
    if let Ok(spec) = fuzz_support::build_spec(&mut u) {
        fuzz_support::check(&spec.to_string());
    }
});
