'use strict'
/**
 * generateMigrationAsync's wait for a writer's lock on `existingDbPath`, on timers rather than
 * on one of the library's threads. The native async generation does not wait for the lock
 * (src/lock_wait.rs): a locked database gives DB_LOCKED at once, marked `locked`, and it is
 * tried again here after a timer, with growing delays, until the wait `generateMigration` would
 * have had (the core's LOCK_WAIT_MS, 1 s) is over; the last DB_LOCKED is then the answer, as
 * generateMigration gives it. While one waits, the library's threads serve other calls: 20
 * locked calls in Promise.all had kept a 2-core machine's two threads asleep for 10 s, and every
 * unrelated call behind them (a user trial).
 */
const { performance } = require('node:perf_hooks')

/**
 * Delays between tries, in ms, growing as SQLite's own busy handler's do, up to its longest
 * (100 ms), which then repeats: a lock released is seen within that. Each try parses the spec
 * again, so the first delays are not SQLite's 1 and 2 ms.
 */
const DELAYS = [5, 10, 20, 40, 60, 80, 100]

/** A promise resolved after `ms` milliseconds. */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * What `tryOnce()` resolves with (a native result), tried again while it says `locked`, until
 * `waitMs` after the first try began; the last locked answer is then given as it is. The last
 * try is made when the wait is over, not before: a lock released just then is still seen.
 * Rejects only when `tryOnce` does. No timer is left once it settles.
 */
async function tryUntilUnlocked(tryOnce, waitMs) {
  const deadline = performance.now() + waitMs
  for (let i = 0; ; i++) {
    const answer = await tryOnce()
    if (!answer.locked) return answer
    const left = deadline - performance.now()
    if (!(left > 0)) return answer
    await sleep(Math.min(DELAYS[Math.min(i, DELAYS.length - 1)], left))
  }
}

module.exports = { tryUntilUnlocked, DELAYS }
