//! How reading an `existingDbPath` waits for a writer's lock. `generateMigration` waits on the
//! calling thread, SQLite's busy handler sleeping up to [`LOCK_WAIT`] before `DB_LOCKED`.
//! `generateMigrationAsync` does not wait on the library's threads ([`crate::worker_pool`]):
//! 20 calls on a locked file kept a 2-core machine's two threads asleep for 10 s, and every
//! other async call behind them (a user trial). Its generation runs [`without_waiting`], and
//! when it meets the lock, JavaScript tries it again after a timer until the same wait is over
//! (`lib/lock-wait.js`).

use std::cell::Cell;
use std::time::Duration;

/// How long a read waits for a writer's lock before `DB_LOCKED`.
pub const LOCK_WAIT: Duration = Duration::from_millis(1000);

thread_local! {
    /// `None`: reads wait ([`LOCK_WAIT`]). Inside [`without_waiting`]: whether a lock was met.
    static NOT_WAITING: Cell<Option<bool>> = const { Cell::new(None) };
}

/// Runs `f` with the reads of `existingDbPath` on this thread not waiting for a writer's lock
/// (a locked database is `DB_LOCKED` at once); returns what `f` returns and whether a read met
/// a lock (the result then says `DB_LOCKED`, and trying again later may succeed).
pub fn without_waiting<R>(f: impl FnOnce() -> R) -> (R, bool) {
    /// Puts the state back as it was, also when `f` panics.
    struct Restore(Option<bool>);
    impl Drop for Restore {
        fn drop(&mut self) {
            NOT_WAITING.with(|state| state.set(self.0));
        }
    }
    let _restore = Restore(NOT_WAITING.with(|state| state.replace(Some(false))));
    let result = f();
    let met = NOT_WAITING.with(Cell::get) == Some(true);
    (result, met)
}

/// How long a read of `existingDbPath` on this thread waits for a writer's lock: [`LOCK_WAIT`],
/// or nothing inside [`without_waiting`].
pub fn busy_timeout() -> Duration {
    match NOT_WAITING.with(Cell::get) {
        None => LOCK_WAIT,
        Some(_) => Duration::ZERO,
    }
}

/// Notes that a read met a writer's lock (seen by [`without_waiting`]; nothing outside it).
pub fn met_lock() {
    NOT_WAITING.with(|state| {
        if state.get().is_some() {
            state.set(Some(true));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_outside_and_not_inside() {
        assert_eq!(busy_timeout(), LOCK_WAIT);
        let ((), met) = without_waiting(|| assert_eq!(busy_timeout(), Duration::ZERO));
        assert!(!met);
        assert_eq!(busy_timeout(), LOCK_WAIT);
    }

    #[test]
    fn a_lock_met_inside_is_said_once_and_not_kept() {
        met_lock(); // outside: nothing to note
        let ((), met) = without_waiting(met_lock);
        assert!(met);
        let ((), met) = without_waiting(|| ());
        assert!(!met, "not carried over to the next call");
        let (inner, outer) = without_waiting(|| without_waiting(met_lock).1);
        assert!(inner);
        assert!(!outer, "the outer scope is put back as it was");
        let _ = std::panic::catch_unwind(|| without_waiting(|| panic!("inside")));
        assert_eq!(busy_timeout(), LOCK_WAIT, "put back after a panic");
    }
}
