//! Timing shared by the benchmarks: the best of several runs, printed in milliseconds.
//! Wall-clock time belongs here, in the benchmarks, never in the engine.

use std::time::{Duration, Instant};

/// The fastest of `runs` timed calls.
pub fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .min()
        .expect("at least one run")
}

pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}
