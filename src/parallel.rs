//! Work shared between two threads, the size of the machine this is built for, with results in
//! the order of the input: the output never depends on which thread did what.

use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Items per piece of work taken at a time.
const PIECE: usize = 32;

thread_local! {
    /// Set while this thread runs a generation that must not start a second thread
    /// ([`on_this_thread_only`]).
    static THIS_THREAD_ONLY: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with every work-sharing helper of this crate ([`map_in_order`],
/// `verify::in_parallel_with`) doing all its work on the calling thread. For callers that
/// already run several generations side by side (the Node binding, when its threads run more
/// than one at a time): the cores are busy with the other calls, and a second thread per call
/// would only add thread starts and switches (measured in `bench/RESULTS.md`). The result is
/// the same either way; only the threads differ.
pub fn on_this_thread_only<R>(f: impl FnOnce() -> R) -> R {
    /// Puts the flag back as it was, also when `f` panics.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            THIS_THREAD_ONLY.with(|flag| flag.set(self.0));
        }
    }
    let _restore = Restore(THIS_THREAD_ONLY.with(|flag| flag.replace(true)));
    f()
}

/// Whether work may be shared with a second thread now: not inside [`on_this_thread_only`].
pub fn may_share() -> bool {
    !THIS_THREAD_ONLY.with(Cell::get)
}

/// `f` of every item, in item order, computed on two threads when there are at least `min`
/// items and [`may_share`] (else on this one). The threads take the next piece of `PIECE` items
/// from a shared counter, so that heavy and light items are shared out evenly whatever their
/// order. A panic in the other thread is resumed here (the generator's guard turns it into
/// INTERNAL_ERROR).
pub fn map_in_order<T: Sync, R: Send>(
    items: &[T],
    min: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    if items.len() < min.max(2) || !may_share() {
        return items.iter().map(&f).collect();
    }
    let pieces = items.len().div_ceil(PIECE);
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done: Vec<(usize, Vec<R>)> = Vec::new();
        loop {
            let p = next.fetch_add(1, Ordering::Relaxed);
            if p >= pieces {
                return done;
            }
            let range = p * PIECE..((p + 1) * PIECE).min(items.len());
            done.push((p, items[range].iter().map(&f).collect()));
        }
    };
    let (mine, other) = std::thread::scope(|scope| {
        let other = scope.spawn(work);
        let mine = work();
        (mine, other.join())
    });
    let other = other.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    let mut all: Vec<(usize, Vec<R>)> = mine.into_iter().chain(other).collect();
    all.sort_unstable_by_key(|(p, _)| *p);
    let mut out = Vec::with_capacity(items.len());
    for (_, results) in all {
        out.extend(results);
    }
    out
}

/// `a()` and `b()`, `b` on a second thread when [`may_share`] (else both on this one, `a`
/// first). A panic in either reaches the caller.
pub fn join<A: Send, B: Send>(a: impl FnOnce() -> A, b: impl FnOnce() -> B + Send) -> (A, B) {
    if !may_share() {
        return (a(), b());
    }
    std::thread::scope(|scope| {
        let other = scope.spawn(b);
        let mine = a();
        let theirs = other
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (mine, theirs)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_item_order() {
        for n in [0, 1, 5, 31, 32, 33, 100, 1000] {
            let items: Vec<usize> = (0..n).collect();
            let out = map_in_order(&items, 2, |&i| {
                if i % 7 == 0 {
                    std::thread::yield_now();
                }
                i * 3
            });
            assert_eq!(out, items.iter().map(|i| i * 3).collect::<Vec<_>>(), "{n}");
        }
    }

    #[test]
    fn on_this_thread_only_keeps_the_work_on_the_calling_thread() {
        let items: Vec<usize> = (0..1000).collect();
        let me = std::thread::current().id();
        let threads = |items: &[usize]| {
            let ids = map_in_order(items, 2, |&i| {
                // Slow enough that a second thread, if started, takes pieces too.
                std::thread::sleep(std::time::Duration::from_micros(20));
                (i, std::thread::current().id())
            });
            assert_eq!(ids.iter().map(|(i, _)| *i).collect::<Vec<_>>(), items);
            ids.iter().filter(|(_, id)| *id != me).count()
        };
        assert_eq!(on_this_thread_only(|| threads(&items)), 0);
        assert!(may_share(), "the flag is put back");
        assert!(
            threads(&items) > 0,
            "outside it, the second thread shares the work"
        );
        // Put back after a panic, too.
        let _ = std::panic::catch_unwind(|| on_this_thread_only(|| panic!("inside")));
        assert!(may_share());
    }

    #[test]
    fn join_gives_both_results_on_two_threads_or_one() {
        let me = std::thread::current().id();
        let (a, (b, other)) = join(|| 1, || (2, std::thread::current().id()));
        assert_eq!((a, b), (1, 2));
        assert_ne!(other, me);
        let (_, (_, other)) =
            on_this_thread_only(|| join(|| 1, || (2, std::thread::current().id())));
        assert_eq!(other, me);
        assert!(std::panic::catch_unwind(|| join(|| 1, || panic!("b"))).is_err());
    }

    #[test]
    fn a_panic_in_a_worker_reaches_the_caller() {
        let items: Vec<usize> = (0..200).collect();
        let caught = std::panic::catch_unwind(|| {
            map_in_order(&items, 2, |&i| {
                assert!(i != 150, "item 150");
                i
            })
        });
        assert!(caught.is_err());
    }
}
