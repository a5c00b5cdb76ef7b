//! Array benchmark (`make bench`): the sum of a 4096 × 4096 `f64` array held as 512 × 512
//! chunks, computed the way the chunk kernels do it (one sum per block, then the partial sums
//! added), against one plain ndarray sum of the same array in one piece; single-threaded and
//! on a 2-thread rayon pool. Prints figures; asserts only that every way gives the same sum.

use ndarray::{s, Array2};
use rayon::prelude::*;
use std::time::Instant;

const N: usize = 4096;
const CHUNK: usize = 512;
const REPEAT: usize = 5;

/// Best wall time of a few runs, seconds, and the value.
fn best(mut f: impl FnMut() -> f64) -> (f64, f64) {
    let mut best = f64::INFINITY;
    let mut value = 0.0;
    for _ in 0..REPEAT {
        let start = Instant::now();
        value = std::hint::black_box(f());
        best = best.min(start.elapsed().as_secs_f64());
    }
    (best, value)
}

fn main() {
    // Values that add up exactly in any order, so every way must agree to the bit.
    let whole = Array2::from_shape_fn((N, N), |(i, j)| ((i * 7 + j * 3) % 16) as f64);
    let blocks: Vec<Array2<f64>> = (0..N / CHUNK)
        .flat_map(|r| (0..N / CHUNK).map(move |c| (r, c)))
        .map(|(r, c)| whole.slice(s![r * CHUNK..(r + 1) * CHUNK, c * CHUNK..(c + 1) * CHUNK]).to_owned())
        .collect();
    let chunked = |blocks: &[Array2<f64>]| blocks.iter().map(|b| b.sum()).sum::<f64>();
    let chunked_parallel = |blocks: &[Array2<f64>]| {
        let partial: Vec<f64> = blocks.par_iter().map(|b| b.sum()).collect();
        partial.iter().sum::<f64>()
    };
    let pool = |threads| rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    let one = pool(1);
    let two = pool(2);

    let (plain, expected) = best(|| whole.sum());
    let (chunked_1, v1) = one.install(|| best(|| chunked(&blocks)));
    let (chunked_2, v2) = two.install(|| best(|| chunked_parallel(&blocks)));
    assert_eq!([v1, v2], [expected; 2], "chunking must not change the sum");

    println!("array-sum {N}x{N} f64 in {CHUNK}x{CHUNK} chunks ({} blocks), best of {REPEAT}:", blocks.len());
    println!("  plain ndarray sum, 1 thread:   {:.1} ms", plain * 1e3);
    println!("  chunked, 1 thread:             {:.1} ms ({:.2}x plain)", chunked_1 * 1e3, chunked_1 / plain);
    println!("  chunked, 2 rayon threads:      {:.1} ms ({:.2}x plain)", chunked_2 * 1e3, chunked_2 / plain);
}
