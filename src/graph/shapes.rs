//! Dask-shaped graphs for tests and benchmarks: a map feeding a tree reduction, and the sum of
//! a 2-D block array (optionally `(x + x.T).sum()`), with Dask's tuple keys and
//! `split_every=4` levels. One place, so every test and bench measures the same shapes.
//!
//! Builds `TaskGraph`s only; knows nothing of workers.

use super::{tuple_key, GraphBuilder, TaskGraph, TaskId, TaskSpec};
use crate::time::SimDuration;

/// `leaves` inputs (10 ms, 8 kB each), each through an elementwise `inc` if `map`, then summed
/// `fan` at a time (1 ms, 8 B) level by level down to one `sum-aggregate`.
pub fn tree_sum(leaves: usize, fan: usize, map: bool) -> TaskGraph {
    let mut b = GraphBuilder::new();
    let block = |key: String, deps: Vec<TaskId>| TaskSpec::new(key, deps).duration(SimDuration::from_millis(10)).nbytes(8_000);
    let mut level: Vec<TaskId> = (0..leaves).map(|i| b.add(block(tuple_key("x-5e1f", &[i]), vec![]))).collect();
    if map {
        level = level.iter().enumerate().map(|(i, &x)| b.add(block(tuple_key("inc-77aa", &[i]), vec![x]))).collect();
    }
    let mut depth = 0;
    while level.len() > 1 {
        let name = if level.len() <= fan { "sum-aggregate-c3".to_string() } else { format!("sum-partial-{depth}") };
        level = level
            .chunks(fan)
            .enumerate()
            .map(|(j, part)| {
                let spec = TaskSpec::new(tuple_key(&name, &[j]), part.to_vec()).duration(SimDuration::from_millis(1)).nbytes(8);
                b.add(spec)
            })
            .collect();
        depth += 1;
    }
    b.build().expect("a tree is a valid graph")
}

/// `x.sum()` of an `n × n`-block array of 10,000 elements a block (`(x + x.T).sum()` with
/// `transpose`): a sum per block, then 2 × 2 partial sums level by level to one aggregate.
pub fn array_sum(n: usize, transpose: bool) -> TaskGraph {
    let mut b = GraphBuilder::new();
    let chunk = |key: String, deps: Vec<TaskId>, us: u64| TaskSpec::new(key, deps).duration(SimDuration::from_micros(us)).nbytes(80_000);
    let x: Vec<Vec<TaskId>> =
        (0..n).map(|i| (0..n).map(|j| b.add(chunk(tuple_key("x-a1", &[i, j]), vec![], 500))).collect()).collect();
    let scalar = |key: String, deps: Vec<TaskId>, us: u64| TaskSpec::new(key, deps).duration(SimDuration::from_micros(us)).nbytes(8);
    let mut blocks: Vec<Vec<TaskId>> = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| {
                    let y = if transpose { b.add(chunk(tuple_key("add-b2", &[i, j]), vec![x[i][j], x[j][i]], 200)) } else { x[i][j] };
                    b.add(scalar(tuple_key("sum-c3", &[i, j]), vec![y], 200))
                })
                .collect()
        })
        .collect();
    let mut level = 0;
    while blocks.len() > 1 {
        let m = blocks.len().div_ceil(2);
        let name = if m == 1 { "sum-aggregate-d4".to_string() } else { format!("sum-partial-{level}") };
        blocks = (0..m)
            .map(|i| {
                (0..m)
                    .map(|j| {
                        let inputs = [2 * i, 2 * i + 1]
                            .iter()
                            .flat_map(|&r| [2 * j, 2 * j + 1].map(|c| (r, c)))
                            .filter_map(|(r, c)| blocks.get(r).and_then(|row| row.get(c)).copied())
                            .collect();
                        b.add(scalar(tuple_key(&name, &[i, j]), inputs, 100))
                    })
                    .collect()
            })
            .collect();
        level += 1;
    }
    b.build().expect("an array sum is a valid graph")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_have_dasks_task_counts() {
        // 16 leaves → 4 partials → 1 aggregate
        assert_eq!(tree_sum(16, 4, false).len(), 21);
        assert_eq!(tree_sum(16, 4, true).len(), 37);
        // 4 × 4 blocks: 16 chunks + 16 sums + 4 partials + 1 aggregate
        assert_eq!(array_sum(4, false).len(), 37);
        assert_eq!(array_sum(4, true).len(), 53);
    }
}
