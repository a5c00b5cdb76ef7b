//! Dask's `plan_rechunk`: when going straight from the old chunks to the new ones would make
//! too many pieces (at least `threshold × (old blocks + new blocks)`), go through intermediate
//! chunkings that first merge blocks along axes where the new chunking is coarser, as far as a
//! block-size limit (128 MiB) allows, and split where the limit was hit.
//!
//! A port of `plan_rechunk`, `find_merge_rechunk`, `find_split_rechunk`, `divide_to_width`
//! and `merge_to_number`, on chunk sizes only. Knows nothing of tasks.

use crate::array::chunks::{Chunks, AUTO_CHUNK_ELEMENTS};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Dask's `array.rechunk.threshold`.
const THRESHOLD: usize = 4;

type Grid = Vec<Vec<usize>>;

/// The chunkings to go through, the last one being `new`.
pub(super) fn plan_rechunk(old: &Chunks, new: &Chunks) -> Vec<Chunks> {
    plan(old.axes(), new.axes(), AUTO_CHUNK_ELEMENTS as f64, THRESHOLD).into_iter().map(Chunks::from_axes).collect()
}

fn nblocks(c: &[Vec<usize>]) -> usize {
    c.iter().map(Vec::len).product()
}

fn largest_block(c: &[Vec<usize>]) -> usize {
    c.iter().map(|a| a.iter().copied().max().unwrap_or(0)).product()
}

/// Pieces a direct rechunk would make, roughly.
fn estimate_graph_size(old: &[Vec<usize>], new: &[Vec<usize>]) -> usize {
    old.iter().zip(new).map(|(o, n)| if o != n { o.len() + n.len() - 1 } else { o.len() }).product()
}

fn plan(old: &[Vec<usize>], new: &[Vec<usize>], block_size_limit: f64, threshold: usize) -> Vec<Grid> {
    if new.len() <= 1 {
        return vec![new.to_vec()];
    }
    let limit = block_size_limit.max(largest_block(old) as f64).max(largest_block(new) as f64);
    let graph_size_threshold = threshold * (nblocks(old) + nblocks(new));
    let mut current = old.to_vec();
    let mut first_pass = true;
    let mut steps = Vec::new();
    loop {
        let graph_size = estimate_graph_size(&current, new);
        if graph_size < graph_size_threshold {
            break;
        }
        let start =
            if first_pass { current.clone() } else { find_split_rechunk(&current, new, graph_size * threshold) };
        let (chunks, memory_limit_hit) = find_merge_rechunk(&start, new, limit);
        if (chunks == current && !first_pass) || chunks == new {
            break;
        }
        if chunks != current {
            steps.push(chunks.clone());
        }
        current = chunks;
        if !memory_limit_hit {
            break;
        }
        first_pass = false;
    }
    steps.push(new.to_vec());
    steps
}

/// Merges blocks along axes where `new` has fewer of them, most graph-shrinking first, as far
/// as `limit` (elements per block) allows. Also says whether the limit was hit.
fn find_merge_rechunk(old: &[Vec<usize>], new: &[Vec<usize>], limit: f64) -> (Grid, bool) {
    let ndim = old.len();
    let old_width: Vec<usize> = old.iter().map(|c| c.iter().copied().max().unwrap_or(0)).collect();
    let new_width: Vec<usize> = new.iter().map(|c| c.iter().copied().max().unwrap_or(0)).collect();
    let graph_effect: Vec<f64> = (0..ndim).map(|d| new[d].len() as f64 / old[d].len() as f64).collect();
    let block_effect: Vec<f64> = (0..ndim).map(|d| new_width[d] as f64 / old_width[d].max(1) as f64).collect();
    let key = |d: usize| {
        let bse = if block_effect[d] == 1.0 { 1.0 + 1e-9 } else { block_effect[d] };
        if bse > 0.0 {
            graph_effect[d].ln() / bse.ln()
        } else {
            0.0
        }
    };
    let mut candidates: Vec<usize> = (0..ndim).filter(|&d| graph_effect[d] <= 1.0).collect();
    candidates.sort_by(|&a, &b| key(a).total_cmp(&key(b)));

    let mut largest = old_width.iter().product::<usize>();
    let mut chunks = old.to_vec();
    let mut memory_limit_hit = false;
    for d in candidates {
        let merged = largest * new_width[d] / old_width[d].max(1);
        if merged as f64 <= limit {
            chunks[d] = new[d].clone();
            largest = merged;
        } else {
            let width = old_width[d];
            let chunk_limit = (limit * width as f64 / largest as f64) as usize;
            let c = divide_to_width(&new[d], chunk_limit.max(1));
            if c.len() <= old[d].len() {
                largest = largest * c.iter().copied().max().unwrap_or(0) / width;
                chunks[d] = c;
            }
            memory_limit_hit = true;
        }
    }
    (chunks, memory_limit_hit)
}

/// Splits blocks along axes where `new` has more of them, staying under `graph_size_limit`.
fn find_split_rechunk(old: &[Vec<usize>], new: &[Vec<usize>], graph_size_limit: usize) -> Grid {
    let mut chunks = old.to_vec();
    for d in 0..old.len() {
        let graph_size = estimate_graph_size(&chunks, new);
        if graph_size > graph_size_limit {
            break;
        }
        if old[d].len() > new[d].len() {
            continue;
        }
        let max_number = (old[d].len() as f64 * graph_size_limit as f64 / graph_size as f64) as usize;
        let c = merge_to_number(&new[d], max_number.max(1));
        if c.len() >= old[d].len() && c.iter().max() <= old[d].iter().max() {
            chunks[d] = c;
        }
    }
    chunks
}

/// Divides each chunk into the fewest near-equal parts no wider than `max_width`.
fn divide_to_width(desired: &[usize], max_width: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for &c in desired {
        let parts = c.div_ceil(max_width);
        let mut left = c;
        for i in 0..parts {
            let n = left / (parts - i);
            out.push(n);
            left -= n;
        }
    }
    out
}

/// Merges neighbouring chunks, narrowest pairs first, until at most `max_number` remain.
fn merge_to_number(desired: &[usize], max_number: usize) -> Vec<usize> {
    if desired.len() <= max_number {
        return desired.to_vec();
    }
    if desired.iter().all(|&c| c == desired[0]) {
        let (w, n) = (desired[0], desired.len());
        let total = n * w;
        let width = w * (total / max_number / w);
        let adjust = (total - max_number * width) / w;
        let mut out = vec![width + w; adjust];
        out.extend(std::iter::repeat_n(width, max_number.saturating_sub(adjust)));
        return out;
    }
    let mut merges = desired.len() - max_number;
    let mut heap: BinaryHeap<Reverse<(usize, usize, usize)>> =
        (0..desired.len() - 1).map(|i| Reverse((desired[i] + desired[i + 1], i, i + 1))).collect();
    let mut chunks = desired.to_vec();
    while merges > 0 {
        let Some(Reverse((width, i, mut j))) = heap.pop() else { break };
        if chunks[j] == 0 {
            j += 1;
            while chunks[j] == 0 {
                j += 1;
            }
            heap.push(Reverse((chunks[i] + chunks[j], i, j)));
        } else if chunks[i] + chunks[j] != width {
            heap.push(Reverse((chunks[i] + chunks[j], i, j)));
        } else {
            chunks[i] = 0;
            chunks[j] = width;
            merges -= 1;
        }
    }
    chunks.into_iter().filter(|&c| c != 0).collect()
}

#[cfg(test)]
mod tests {
    //! The expectations of Dask's own `test_rechunk.py`, which this module must reproduce.
    use super::*;

    fn rep(size: usize, count: usize) -> Vec<usize> {
        vec![size; count]
    }

    fn cat(a: &[usize], b: &[usize]) -> Vec<usize> {
        [a, b].concat()
    }

    #[test]
    fn divide_to_width_makes_near_equal_parts() {
        assert_eq!(divide_to_width(&[8, 9, 10], 10), vec![8, 9, 10]);
        assert_eq!(divide_to_width(&[8, 2, 9, 10, 11, 12], 4), vec![4, 4, 2, 3, 3, 3, 3, 3, 4, 3, 4, 4, 4, 4, 4]);
    }

    #[test]
    fn merge_to_number_merges_the_narrowest_neighbours_first() {
        assert_eq!(merge_to_number(&rep(10, 4), 5), rep(10, 4));
        assert_eq!(merge_to_number(&rep(10, 4), 3), vec![20, 10, 10]);
        assert_eq!(merge_to_number(&rep(10, 4), 1), vec![40]);
        assert_eq!(merge_to_number(&rep(10, 10), 3), vec![40, 30, 30]);
        assert_eq!(merge_to_number(&[5, 1, 1, 15, 10], 4), vec![5, 2, 15, 10]);
        assert_eq!(merge_to_number(&[5, 1, 1, 15, 10], 2), vec![22, 10]);
        assert_eq!(merge_to_number(&[1, 1, 1, 1, 3, 1, 1], 5), vec![2, 2, 3, 1, 1]);
        assert_eq!(merge_to_number(&[1, 1, 1, 1, 3, 1, 1], 3), vec![4, 3, 2]);
        assert_eq!(merge_to_number(&[1, 1, 1, 1, 3, 1, 1], 2), vec![4, 5]);
    }

    #[test]
    fn small_graphs_go_straight_to_the_new_chunks() {
        let (c, f) = (rep(20, 2), rep(2, 20));
        for (old, new) in [
            (vec![c.clone()], vec![f.clone()]),
            (vec![c.clone(), c.clone()], vec![f.clone(), f.clone()]),
            (vec![f.clone(), f.clone()], vec![c.clone(), c.clone()]),
            (vec![f.clone(), c.clone()], vec![c.clone(), c.clone()]),
        ] {
            assert_eq!(plan(&old, &new, 1e7, 4), vec![new]);
        }
        assert_eq!(plan(&[c.clone(), c.clone()], &[f.clone(), f.clone()], 1e7, 1), vec![vec![f.clone(), f]]);
    }

    #[test]
    fn a_transposing_rechunk_merges_first_to_keep_the_graph_small() {
        let (c, f) = (rep(20, 2), rep(2, 20));
        let steps = plan(&[f.clone(), c.clone()], &[c.clone(), f.clone()], 1e7, 4);
        assert_eq!(steps, vec![vec![c.clone(), c.clone()], vec![c.clone(), f.clone()]]);
        let old = [cat(&c, &c), cat(&c, &f)];
        let new = [cat(&f, &f), cat(&c, &c)];
        let steps = plan(&old, &new, 1e7, 4);
        assert_eq!(steps, vec![vec![cat(&c, &c), cat(&c, &c)], new.to_vec()]);
    }

    #[test]
    fn the_block_size_limit_turns_a_merge_into_a_partial_one() {
        let (c, f, m) = (rep(20, 2), rep(2, 20), rep(10, 4));
        let at_limit = plan(&[f.clone(), c.clone()], &[c.clone(), f.clone()], 400.0, 4);
        assert_eq!(at_limit, vec![vec![c.clone(), c.clone()], vec![c.clone(), f.clone()]]);
        let over = plan(&[f.clone(), c.clone()], &[c.clone(), f.clone()], 399.0, 4);
        assert_eq!(over, vec![vec![m, c.clone()], vec![c, f]]);
    }

    #[test]
    fn larger_problems_take_more_steps_merging_one_axis_and_splitting_the_other() {
        let (c, f) = (rep(1000, 2), rep(2, 1000));
        let steps = plan(&[f.clone(), c.clone()], &[c.clone(), f.clone()], 99999.0, 4);
        assert_eq!(steps.len(), 3);
        assert_eq!(steps[2], vec![c, f]);
        for pair in steps.windows(2) {
            assert!(pair[1][0].len() * 2 <= pair[0][0].len());
            assert!(pair[1][1].len() >= pair[0][1].len() * 2);
        }
    }

    #[test]
    fn five_dimensional_rechunks_merge_what_the_limit_allows() {
        let (c, f) = (rep(10, 1), rep(1, 10));
        let g = |axes: [&Vec<usize>; 5]| axes.iter().map(|a| a.to_vec()).collect::<Grid>();
        assert_eq!(plan(&g([&c, &c, &c, &c, &c]), &g([&f, &f, &f, &f, &f]), 1e7, 4), vec![g([&f, &f, &f, &f, &f])]);
        assert_eq!(
            plan(&g([&f, &f, &f, &f, &c]), &g([&c, &c, &c, &f, &f]), 1e7, 4),
            vec![g([&c, &c, &c, &f, &c]), g([&c, &c, &c, &f, &f])]
        );
        assert_eq!(
            plan(&g([&c, &c, &f, &f, &c]), &g([&c, &c, &c, &f, &f]), 2e4, 4),
            vec![g([&c, &c, &c, &f, &c]), g([&c, &c, &c, &f, &f])]
        );
    }

    #[test]
    fn heterogeneous_chunks_use_an_intermediate_when_it_pays() {
        let (c, f) = (rep(10, 1), rep(1, 10));
        let (cf, cc, ff, fc) = (cat(&c, &f), cat(&c, &c), cat(&f, &f), cat(&f, &c));
        assert_eq!(
            plan(&[cc.clone(), cf.clone()], &[ff.clone(), ff.clone()], 1e7, 4),
            vec![vec![ff.clone(), ff.clone()]]
        );
        assert_eq!(
            plan(&[cf.clone(), fc.clone()], &[ff.clone(), cf.clone()], 1e7, 4),
            vec![vec![ff.clone(), cf.clone()]]
        );
        assert_eq!(
            plan(&[cc.clone(), cf.clone()], &[ff.clone(), cc.clone()], 1e7, 4),
            vec![vec![cc.clone(), cc.clone()], vec![ff.clone(), cc.clone()]]
        );
        assert_eq!(
            plan(&[cc.clone(), ff.clone(), cf.clone()], &[ff.clone(), cf.clone(), cc.clone()], 100.0, 4),
            vec![vec![cc.clone(), ff.clone(), cc.clone()], vec![ff, cf, cc]]
        );
    }
}
