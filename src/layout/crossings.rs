//! Crossing reduction: barycenter sweeps over the layers, keeping the best order seen, and
//! the crossing count that judges them (Barth, Jünger and Mutzel's count with a Fenwick tree,
//! O(e log n) per pair of layers).
//!
//! Reorders nodes within their layers only; knows nothing of coordinates.

use super::layering::{Layered, Toward};
use std::cmp::Ordering;

/// Runs up to `sweeps` barycenter sweeps, the first upwards (each layer ordered by its
/// dependents' positions, which lines up the inputs of each reducer), then alternating.
/// Leaves `layered` in the order with the fewest crossings seen, the starting order included,
/// and returns that count.
pub(super) fn reduce(layered: &mut Layered, sweeps: usize) -> u64 {
    let mut counter = Counter::default();
    let mut best = counter.count(layered);
    let mut best_layers = layered.layers.clone();
    let depth = layered.layers.len();
    for sweep in 0..sweeps {
        if best == 0 {
            break;
        }
        if sweep % 2 == 0 {
            for l in (0..depth.saturating_sub(1)).rev() {
                reorder(layered, l, Toward::Dependents);
            }
        } else {
            for l in 1..depth {
                reorder(layered, l, Toward::Dependencies);
            }
        }
        let crossings = counter.count(layered);
        if crossings < best {
            best = crossings;
            best_layers.clone_from(&layered.layers);
        }
    }
    layered.layers = best_layers;
    layered.refresh_positions();
    best
}

/// Orders layer `l` by the mean position of each node's neighbours in the adjacent layer;
/// nodes with no neighbour there keep their place, ties keep their current order.
fn reorder(layered: &mut Layered, l: usize, toward: Toward) {
    let mut movable: Vec<(u64, u64, u32)> = Vec::new();
    for &v in &layered.layers[l] {
        let neighbours = layered.neighbours(v, toward);
        if !neighbours.is_empty() {
            let sum = neighbours.iter().map(|&w| layered.pos[w as usize] as u64).sum();
            movable.push((sum, neighbours.len() as u64, v));
        }
    }
    // Exact comparison of sum/count as fractions; `sort_by` is stable.
    movable.sort_by(|a, b| match (a.0 as u128 * b.1 as u128).cmp(&(b.0 as u128 * a.1 as u128)) {
        Ordering::Equal => layered.pos[a.2 as usize].cmp(&layered.pos[b.2 as usize]),
        unequal => unequal,
    });
    let mut next = movable.iter().map(|m| m.2);
    let mut nodes = std::mem::take(&mut layered.layers[l]);
    for slot in nodes.iter_mut() {
        if !layered.neighbours(*slot, toward).is_empty() {
            *slot = next.next().expect("one movable node per movable slot");
        }
    }
    for (i, &v) in nodes.iter().enumerate() {
        layered.pos[v as usize] = i as u32;
    }
    layered.layers[l] = nodes;
}

/// Reusable buffers for counting crossings.
#[derive(Default)]
struct Counter {
    tree: Vec<u32>,
    targets: Vec<u32>,
}

impl Counter {
    fn count(&mut self, layered: &Layered) -> u64 {
        (1..layered.layers.len()).map(|l| self.between(layered, l - 1)).sum()
    }

    /// Crossings between layer `l` and the one below: pairs of edges whose ends are in
    /// opposite orders. Edges sharing an end do not cross.
    fn between(&mut self, layered: &Layered, l: usize) -> u64 {
        let size = layered.layers[l + 1].len();
        self.tree.clear();
        self.tree.resize(size + 1, 0);
        let (mut crossings, mut inserted) = (0u64, 0u64);
        for &u in &layered.layers[l] {
            self.targets.clear();
            self.targets.extend(layered.down.of(u).iter().map(|&w| layered.pos[w as usize]));
            self.targets.sort_unstable();
            for &p in &self.targets {
                // Edges already seen that end to the right of `p` cross this one.
                crossings += inserted - self.at_or_before(p);
            }
            for i in 0..self.targets.len() {
                self.insert(self.targets[i]);
                inserted += 1;
            }
        }
        crossings
    }

    fn at_or_before(&self, p: u32) -> u64 {
        let (mut i, mut total) = (p as usize + 1, 0u64);
        while i > 0 {
            total += self.tree[i] as u64;
            i &= i - 1;
        }
        total
    }

    fn insert(&mut self, p: u32) {
        let mut i = p as usize + 1;
        while i < self.tree.len() {
            self.tree[i] += 1;
            i += i & i.wrapping_neg();
        }
    }
}
