//! "How fast is chunked compute here?": the sum of a 4096 × 4096 `f64` array in 512 × 512
//! chunks (one sum per block, then the partial sums, as the chunk kernels do), timed against
//! one plain ndarray sum of the whole array, on one thread and on the host's compute pool.
//! The page's compute badge asks for it; `make bench` reads it in Chromium, and natively on a
//! 2-thread rayon pool (`benches/array.rs`).
//!
//! Host only: it reads the wall clock (`performance.now()` in the browser), which the engine
//! never does. It never touches the run.

use crate::protocol::ComputeSpeed;
use ndarray::{s, Array2};

const SIDE: usize = 4096;
const CHUNK: usize = 512;
const RUNS: usize = 5;

pub fn array_sum() -> ComputeSpeed {
    // Small integers add up exactly in any order, so every way must agree to the bit.
    let whole = Array2::from_shape_fn((SIDE, SIDE), |(i, j)| ((i * 7 + j * 3) % 16) as f64);
    let blocks: Vec<Array2<f64>> = (0..SIDE / CHUNK)
        .flat_map(|r| (0..SIDE / CHUNK).map(move |c| (r, c)))
        .map(|(r, c)| whole.slice(s![r * CHUNK..(r + 1) * CHUNK, c * CHUNK..(c + 1) * CHUNK]).to_owned())
        .collect();
    let (plain_ms, expected) = best(|| whole.sum());
    let (chunked_ms, chunked) = best(|| blocks.iter().map(|b| b.sum()).sum::<f64>());
    let pool = on_pool(&blocks);
    ComputeSpeed {
        side: SIDE,
        chunk: CHUNK,
        plain_ms,
        chunked_ms,
        pool: pool.map(|(threads, ms, _)| (threads, ms)),
        agree: chunked == expected && pool.is_none_or(|(_, _, sum)| sum == expected),
    }
}

/// The chunked sum on rayon's pool (natively, the one `install`ed around the call).
#[cfg(feature = "parallel")]
fn on_pool(blocks: &[Array2<f64>]) -> Option<(usize, f64, f64)> {
    use rayon::prelude::*;
    let (ms, sum) = best(|| blocks.par_iter().map(|b| b.sum()).collect::<Vec<f64>>().iter().sum::<f64>());
    Some((rayon::current_num_threads(), ms, sum))
}

#[cfg(not(feature = "parallel"))]
fn on_pool(_blocks: &[Array2<f64>]) -> Option<(usize, f64, f64)> {
    None
}

/// The fastest of a few runs, in milliseconds, and the value.
fn best(mut f: impl FnMut() -> f64) -> (f64, f64) {
    let mut fastest = f64::INFINITY;
    let mut value = 0.0;
    for _ in 0..RUNS {
        let start = now_ms();
        value = std::hint::black_box(f());
        fastest = fastest.min(now_ms() - start);
    }
    (fastest, value)
}

#[cfg(target_arch = "wasm32")]
fn now_ms() -> f64 {
    use wasm_bindgen::JsCast;
    let perf = js_sys::Reflect::get(&js_sys::global(), &"performance".into()).expect("a performance clock");
    let now: js_sys::Function = js_sys::Reflect::get(&perf, &"now".into()).expect("performance.now").unchecked_into();
    now.call0(&perf).ok().and_then(|v| v.as_f64()).unwrap_or(0.0)
}

#[cfg(not(target_arch = "wasm32"))]
fn now_ms() -> f64 {
    thread_local!(static START: std::time::Instant = std::time::Instant::now());
    START.with(|s| s.elapsed().as_secs_f64() * 1e3)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_chunked_sum_agrees_with_the_plain_one_and_takes_time() {
        let speed = super::array_sum();
        assert!(speed.agree, "{speed:?}");
        assert!(speed.plain_ms > 0.0 && speed.chunked_ms > 0.0, "{speed:?}");
        assert_eq!((speed.side / speed.chunk).pow(2), 64);
    }
}
