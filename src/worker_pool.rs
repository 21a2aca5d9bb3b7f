//! The threads `generateMigrationAsync` runs on: one per core, owned by this library, started on
//! first use and kept for the life of the process, taking jobs in the order they came.
//!
//! Why not libuv's thread pool (napi's `AsyncTask`): it has 4 threads whatever the machine
//! (`UV_THREADPOOL_SIZE`), so on a 2-core machine `Promise.all` over many generations ran 4 of
//! them at once, and the JavaScript thread — which turns each spec into JSON and each result
//! back into objects — got a fifth of the processor time instead of a third: measured in
//! bench/RESULTS.md. And queued generations held the threads Node's own file, DNS and crypto
//! work need: an `fs.stat` issued behind 24 generations finished after 21 of them, every time; on
//! threads of its own, after 0–4 (`__test__/async.test.mjs`).
//!
//! This is the one piece of state shared by every call (issued from any thread); the
//! generator itself keeps none.

use std::collections::VecDeque;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Condvar, Mutex, OnceLock};

/// A unit of work: runs once, on one of the pool's threads.
pub type Job = Box<dyn FnOnce() + Send + 'static>;

/// Stack of each of the pool's threads: as large as the main thread's usually is (8 MiB), so
/// that nothing runs deeper on the main thread (`generateMigration`) than here.
const STACK_BYTES: usize = 8 << 20;

/// A fixed number of threads taking jobs from one queue.
pub struct Pool {
    queue: Mutex<Queue>,
    ready: Condvar,
    size: usize,
}

struct Queue {
    jobs: VecDeque<Job>,
    /// Threads started so far (they start when the queue first needs them).
    started: usize,
    /// Threads waiting for a job.
    waiting: usize,
    /// Of those, the ones woken for a job that have not yet woken up: a thread counts as free
    /// only while `waiting > woken`, so that jobs queued in a burst (`Promise.all`) start new
    /// threads instead of all waking the same one.
    woken: usize,
}

impl Pool {
    /// A pool of `size` threads (at least one), none started yet.
    pub fn new(size: usize) -> Pool {
        Pool {
            queue: Mutex::new(Queue {
                jobs: VecDeque::new(),
                started: 0,
                waiting: 0,
                woken: 0,
            }),
            ready: Condvar::new(),
            size: size.max(1),
        }
    }

    /// The number of threads the pool runs at most.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Queues `job`; a thread takes it as soon as one is free. A thread is started when every
    /// started one is busy and fewer than `size` run. When no thread can be started (the system
    /// refuses) and none has been, the job runs here, on the calling thread, rather than never.
    pub fn submit(&'static self, job: Job) {
        let mut q = self.lock();
        q.jobs.push_back(job);
        if q.waiting > q.woken {
            q.woken += 1;
            drop(q);
            self.ready.notify_one();
            return;
        }
        if q.started < self.size {
            q.started += 1;
            drop(q);
            let spawned = std::thread::Builder::new()
                .name("migration-generator".into())
                .stack_size(STACK_BYTES)
                .spawn(move || self.work());
            if spawned.is_err() {
                let mut q = self.lock();
                q.started -= 1;
                if q.started == 0 {
                    // No thread to take it: run what is queued now (the job just added included).
                    let jobs: Vec<Job> = q.jobs.drain(..).collect();
                    drop(q);
                    jobs.into_iter().for_each(run);
                }
            }
        }
    }

    /// A thread's life: the next job, run, forever (the process ends it).
    fn work(&self) {
        let mut q = self.lock();
        loop {
            if let Some(job) = q.jobs.pop_front() {
                drop(q);
                run(job);
                q = self.lock();
            } else {
                q.waiting += 1;
                q = self.ready.wait(q).unwrap_or_else(|e| e.into_inner());
                q.waiting -= 1;
                // Woken for a job, or for nothing (the system may): either way it looks again.
                q.woken = q.woken.saturating_sub(1);
            }
        }
    }

    /// The queue; a panic while it was held (there is none: nothing in it panics) does not
    /// stop the pool.
    fn lock(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Runs a job; a panic in it ends that job only (the job reports its own failure; the thread
/// goes on with the next one).
fn run(job: Job) {
    let _ = catch_unwind(AssertUnwindSafe(job));
}

/// The process's pool: as many threads as the processor has cores for this process
/// (`std::thread::available_parallelism`, which follows CPU affinity and cgroup quotas).
pub fn shared() -> &'static Pool {
    static POOL: OnceLock<Pool> = OnceLock::new();
    POOL.get_or_init(|| Pool::new(std::thread::available_parallelism().map_or(2, |n| n.get())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc;
    use std::sync::Arc;

    fn leaked(size: usize) -> &'static Pool {
        Box::leak(Box::new(Pool::new(size)))
    }

    /// Every job runs exactly once, and no more than `size` run at the same time.
    #[test]
    fn runs_every_job_once_on_at_most_size_threads() {
        let pool = leaked(2);
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let (tx, rx) = mpsc::channel();
        for i in 0..200 {
            let (running, most, tx) = (running.clone(), most.clone(), tx.clone());
            pool.submit(Box::new(move || {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(std::time::Duration::from_micros(200));
                running.fetch_sub(1, Ordering::SeqCst);
                tx.send(i).unwrap();
            }));
        }
        let mut seen: Vec<i32> = (0..200).map(|_| rx.recv().unwrap()).collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..200).collect::<Vec<_>>());
        assert!(
            most.load(Ordering::SeqCst) <= 2,
            "{} at once",
            most.load(Ordering::SeqCst)
        );
        assert!(pool.lock().started <= 2);
    }

    /// A job that panics ends alone: the threads take the jobs after it.
    #[test]
    fn a_panicking_job_does_not_stop_the_pool() {
        let pool = leaked(1);
        let (tx, rx) = mpsc::channel();
        pool.submit(Box::new(|| panic!("deliberate panic in a pool job (test)")));
        for i in 0..3 {
            let tx = tx.clone();
            pool.submit(Box::new(move || tx.send(i).unwrap()));
        }
        let got: Vec<i32> = (0..3).map(|_| rx.recv().unwrap()).collect();
        assert_eq!(
            got,
            vec![0, 1, 2],
            "one thread takes jobs in the order they came"
        );
        assert_eq!(pool.lock().started, 1);
    }

    /// The shared pool has one thread per core, and at least one.
    #[test]
    fn the_shared_pool_has_a_thread_per_core() {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        assert_eq!(shared().size(), cores.max(1));
    }

    /// Jobs run on the pool's own threads, whose stacks hold more than the 2 MiB Rust gives a
    /// thread by default.
    #[test]
    fn jobs_run_on_named_threads_with_a_large_stack() {
        /// Recurses until `bytes` of stack below `base` are in use; returns how many were.
        fn use_stack(base: usize, bytes: usize) -> usize {
            let pad = std::hint::black_box([1u8; 1024]);
            let here = &pad as *const _ as usize;
            let used = base.saturating_sub(here);
            if used >= bytes {
                used
            } else {
                use_stack(base, bytes).max(pad[0] as usize)
            }
        }
        let pool = leaked(1);
        let (tx, rx) = mpsc::channel();
        pool.submit(Box::new(move || {
            let base = 0u8;
            let used = use_stack(&base as *const u8 as usize, 4 << 20);
            let name = std::thread::current().name().map(str::to_string);
            tx.send((name, used)).unwrap();
        }));
        let (name, used) = rx.recv().unwrap();
        assert_eq!(name.as_deref(), Some("migration-generator"));
        assert!(used >= 4 << 20);
    }
}
