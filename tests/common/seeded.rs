//! What the seeded random tests share: their random numbers and the loop that runs seeds on
//! every core and reports the failures.

use std::collections::BTreeMap;
use std::ops::Range;

/// xorshift64*, seeded through splitmix64 so that neighbouring seeds differ at once. A seed
/// gives the same numbers on every machine, so a failing seed can be run again.
pub struct Rng(u64);

impl Rng {
    /// The generator of `seed`.
    pub fn new(seed: u64) -> Rng {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    /// The next number.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (> 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `p` percent.
    pub fn chance(&mut self, p: u32) -> bool {
        self.below(100) < p as usize
    }

    /// One of `items`.
    pub fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }

    /// A number from `lo` to `hi`, both included.
    pub fn int(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }
}

/// Runs `run_seed` for the seeds `{PREFIX}_SEEDS=from..to` names (`default` without it), on up
/// to 8 threads, and fails with the first failure (every failure printed with
/// `{PREFIX}_KEEP_GOING=1`, which also runs every seed). Returns how many seeds ended with each
/// outcome `run_seed` named.
pub fn run_seeds(
    prefix: &str,
    default: Range<u64>,
    run_seed: fn(u64) -> Result<String, String>,
) -> BTreeMap<String, usize> {
    let seeds: Vec<u64> = match std::env::var(format!("{prefix}_SEEDS")) {
        Ok(s) => {
            let (a, b) = s
                .split_once("..")
                .unwrap_or_else(|| panic!("{prefix}_SEEDS=from..to"));
            (a.trim().parse().unwrap()..b.trim().parse().unwrap()).collect()
        }
        Err(_) => default.collect(),
    };
    let keep_going = std::env::var(format!("{prefix}_KEEP_GOING")).is_ok_and(|v| v == "1");
    let threads = std::thread::available_parallelism()
        .map_or(4, |n| n.get())
        .min(8);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(&seed) = seeds.get(i) else { break };
                let outcome = std::panic::catch_unwind(|| run_seed(seed)).unwrap_or_else(|p| {
                    Err(format!(
                        "panic: {}",
                        p.downcast_ref::<String>()
                            .cloned()
                            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                            .unwrap_or_default()
                    ))
                });
                let failed = outcome.is_err();
                results.lock().unwrap().push((seed, outcome));
                if failed && !keep_going {
                    next.store(usize::MAX / 2, std::sync::atomic::Ordering::Relaxed);
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|r| r.0);
    let mut tally: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for (seed, outcome) in results {
        match outcome {
            Ok(kind) => *tally.entry(kind).or_default() += 1,
            Err(e) => failures.push(format!("seed {seed}: {e}")),
        }
    }
    eprintln!(
        "{}: {tally:?}, {} failed",
        prefix.to_ascii_lowercase(),
        failures.len()
    );
    if keep_going {
        for f in &failures {
            eprintln!("--------\n{f}");
        }
    }
    assert!(
        failures.is_empty(),
        "{} seed(s) failed; the first:\n{}",
        failures.len(),
        failures.first().map_or("", |s| s.as_str())
    );
    tally
}
