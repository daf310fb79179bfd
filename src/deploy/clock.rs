//! Time, waiting and retrying, injectable so that tests do not wait.

use std::cell::Cell;
use std::time::{Duration, Instant};

/// The time source and sleeper of a [`super::GraphClient`]. Tests give
/// one that records the waits instead of sleeping.
pub trait Clock {
    /// Time since an arbitrary, fixed start.
    fn now(&self) -> Duration;
    /// Waits `d`.
    fn sleep(&self, d: Duration);
    /// A number in `[0, 1)` for backoff jitter.
    fn jitter(&self) -> f64;
}

/// The real clock: [`Instant`], [`std::thread::sleep`] and a small
/// xorshift generator seeded from the system time.
#[derive(Debug)]
pub struct SystemClock {
    start: Instant,
    state: Cell<u64>,
}

impl Default for SystemClock {
    fn default() -> Self {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0x9e37_79b9_7f4a_7c15)
            | 1;
        SystemClock {
            start: Instant::now(),
            state: Cell::new(seed),
        }
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Duration {
        self.start.elapsed()
    }
    fn sleep(&self, d: Duration) {
        std::thread::sleep(d)
    }
    fn jitter(&self) -> f64 {
        let mut x = self.state.get();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.state.set(x);
        (x >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// How 429 and 5xx answers (and failed connections) are retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt, at most.
    pub max_retries: u32,
    /// Time spent on one request, waits included, at most: a wait that
    /// would pass it is not started.
    pub max_total: Duration,
    /// The first backoff (doubled at each retry).
    pub base_delay: Duration,
    /// The longest backoff, and the longest `Retry-After` honoured.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 6,
            max_total: Duration::from_secs(180),
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The wait before retry number `retry` (from 1) when the answer named
    /// none: `base · 2^(retry-1)`, capped at `max_delay`, then scaled by a
    /// random factor in `[0.5, 1)` ("equal jitter") so that clients that
    /// failed together do not retry together.
    pub fn backoff(&self, retry: u32, jitter: f64) -> Duration {
        let exp = 2u32.saturating_pow(retry.saturating_sub(1).min(20));
        let raw = self.base_delay.saturating_mul(exp).min(self.max_delay);
        raw.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0))
    }
}
