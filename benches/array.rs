//! Array benchmark (`make bench`): the sum of a 4096 × 4096 `f64` array held as 512 × 512
//! chunks, computed the way the chunk kernels do it (one sum per block, then the partial sums
//! added), against one plain ndarray sum of the same array in one piece; single-threaded and
//! on a 2-thread rayon pool. The measurement is the host's (`host::measure`, which the page's
//! compute badge runs in the browser); this runs it natively. Prints figures; asserts only
//! that every way gives the same sum.

fn main() {
    let two = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    let speed = two.install(tasklab::host::measure::array_sum);
    assert!(speed.agree, "chunking must not change the sum: {speed:?}");
    let (threads, pool_ms) = speed.pool.expect("the parallel feature gives a pool");
    let blocks = (speed.side / speed.chunk).pow(2);
    println!("array-sum {0}x{0} f64 in {1}x{1} chunks ({blocks} blocks), best of 5:", speed.side, speed.chunk);
    println!("  plain ndarray sum, 1 thread:   {:.1} ms", speed.plain_ms);
    println!("  chunked, 1 thread:             {:.1} ms ({:.2}x plain)", speed.chunked_ms, speed.chunked_ms / speed.plain_ms);
    println!("  chunked, {threads} rayon threads:      {:.1} ms ({:.2}x plain)", pool_ms, pool_ms / speed.plain_ms);
}
