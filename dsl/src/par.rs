//! Work spread over the machine's cores with `std::thread::scope`, results
//! in input order, so what runs in parallel gives the same output as a
//! loop. No thread pool and no dependency: each call starts at most
//! [`threads`] threads, which take items one at a time from a shared
//! counter (a large file does not hold up a whole share of the others).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// How many threads [`map`] uses for `items` items: the available
/// parallelism, at most one per item, at least one. `IEF_THREADS=N` sets
/// the number (1 runs everything on the calling thread); both are read
/// once per process.
pub fn threads(items: usize) -> usize {
    // Asked once per process: finding the machine's share of cores reads
    // several files of the control groups.
    static AVAILABLE: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    let available = *AVAILABLE.get_or_init(|| {
        std::env::var("IEF_THREADS")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|&n| n > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
    });
    available.min(items).max(1)
}

/// `items.into_iter().map(f).collect()`, computed on [`threads`] threads.
/// A panic in `f` is propagated to the caller, as in a loop.
pub fn map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let threads = threads(items.len());
    map_on(threads, items, f)
}

/// [`map`] on `threads` threads (at most one per item; 0 or 1: on the
/// calling thread).
pub fn map_on<T: Send, R: Send>(
    threads: usize,
    items: Vec<T>,
    f: impl Fn(T) -> R + Sync,
) -> Vec<R> {
    let n = items.len();
    let threads = threads.min(n);
    if threads <= 1 {
        return items.into_iter().map(f).collect();
    }
    // Each slot is taken once, by the thread that claims its index.
    let slots: Vec<Mutex<Option<T>>> = items.into_iter().map(|t| Mutex::new(Some(t))).collect();
    let next = AtomicUsize::new(0);
    let mut parts: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(slot) = slots.get(i) else { break };
                        let item = slot.lock().unwrap_or_else(|p| p.into_inner()).take();
                        if let Some(item) = item {
                            done.push((i, f(item)));
                        }
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    let mut out: Vec<Option<R>> = (0..n).map(|_| None).collect();
    for (i, r) in parts.drain(..).flatten() {
        out[i] = Some(r);
    }
    out.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_input_order() {
        let items: Vec<u64> = (0..1000).collect();
        let got = map(items.clone(), |x| {
            // Uneven work, so threads finish out of order.
            (0..(x % 7) * 1000).fold(x, |a, b| a.wrapping_add(b % 3))
        });
        let want: Vec<u64> = items
            .into_iter()
            .map(|x| (0..(x % 7) * 1000).fold(x, |a, b| a.wrapping_add(b % 3)))
            .collect();
        assert_eq!(got, want);
        assert!(map(Vec::<u8>::new(), |x| x).is_empty());
    }

    #[test]
    fn a_panic_reaches_the_caller() {
        let r = std::panic::catch_unwind(|| {
            map((0..64).collect::<Vec<i32>>(), |x| {
                assert!(x != 40, "boom");
                x
            })
        });
        assert!(r.is_err());
    }
}
