//! Arbitrary bytes as a JSON spec (lossily decoded as UTF-8, since the API takes a string).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    fuzz_support::check(&String::from_utf8_lossy(data));
});
