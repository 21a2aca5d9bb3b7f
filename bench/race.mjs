// The timing loop of the bench, shared by bench/run.mjs and the child processes that measure in
// a process of their own (needs --expose-gc).

const now = () => performance.now()

/** The median of `xs`. */
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

let sink // keeps every result alive until the next call, so no work can be skipped

/**
 * Times each contender: `warmup` calls each (the fastest sets how many calls make one sample),
 * then `reps` rounds in which every contender takes one sample, in an order that rotates from
 * round to round, each after a full GC. Returns the median milliseconds per call.
 */
export function race(contenders, warmup, reps) {
  const names = Object.keys(contenders)
  const inner = {}
  for (const name of names) {
    let best = Infinity
    for (let i = 0; i < warmup; i++) {
      gc()
      const t0 = now()
      sink = contenders[name]()
      best = Math.min(best, now() - t0)
    }
    inner[name] = Math.max(1, Math.min(200, Math.ceil(25 / Math.max(best, 0.01))))
  }
  const samples = Object.fromEntries(names.map((n) => [n, []]))
  for (let r = 0; r < reps; r++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(r + k) % names.length]
      const fn = contenders[name]
      const n = inner[name]
      gc()
      const t0 = now()
      for (let i = 0; i < n; i++) sink = fn()
      samples[name].push((now() - t0) / n)
    }
  }
  sink = undefined
  return Object.fromEntries(names.map((n) => [n, { median: median(samples[n]), samples: samples[n], callsPerSample: inner[n] }]))
}

/**
 * The growth children's rounds (growth-child.mjs, previous-growth-child.mjs): `warmup` calls of
 * `sample(n)` for each size, then `rounds` rounds of one sample of each size, which size goes
 * first alternating round by round (a machine whose speed changes moves both sides of a round's
 * ratio alike). Returns `{ [n]: [ms, one per round] }`.
 */
export function sizesInTurn(sizes, rounds, warmup, sample) {
  const times = Object.fromEntries(sizes.map((n) => [n, []]))
  for (let i = 0; i < warmup; i++) for (const n of sizes) sample(n)
  for (let r = 0; r < rounds; r++) {
    for (const n of r % 2 ? [...sizes].reverse() : sizes) times[n].push(sample(n))
  }
  return times
}
