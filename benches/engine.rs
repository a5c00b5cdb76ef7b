//! Engine benchmarks (`make bench`).

fn main() {}
