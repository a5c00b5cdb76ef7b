//! Coordinates: each layer starts packed with the least gaps, then is straightened in rounds.
//! A round places every layer as close as its gaps allow to the mean x of each node's
//! neighbours in the adjacent layer — exact weighted least squares under the ordering and gap
//! constraints, solved in linear time by pool-adjacent-violators (isotonic regression). Bend
//! points weigh more than tasks, so long edges run straight; a reducer lands over the middle
//! of its inputs, so narrow reduction layers spread out over the layer they reduce instead of
//! bunching at one side.
//!
//! Moves nodes along x only, never changes their order; knows nothing of crossings.

use super::layering::{Layered, Toward};
use super::LayoutOptions;

/// How strongly a node is pulled to its neighbours' mean, against its neighbours in the layer.
const BEND_WEIGHT: f64 = 4.0;
const TASK_WEIGHT: f64 = 1.0;
/// A node with no neighbour in the adjacent layer only mildly wants to stay where it is.
const STAY_WEIGHT: f64 = 0.25;

/// Every node's x (dummies included), the leftmost at 0.
pub(super) fn x_coordinates(layered: &Layered, opts: &LayoutOptions) -> Vec<f32> {
    let total = layered.layer.len();
    let mut placer = Placer { offset: vec![0.0; total], x: vec![0.0; total], targets: Vec::new(), blocks: Vec::new() };
    for nodes in &layered.layers {
        let mut at = 0.0;
        for (i, &v) in nodes.iter().enumerate() {
            if i > 0 {
                at += gap(layered, nodes[i - 1], v, opts);
            }
            placer.offset[v as usize] = at;
        }
        for &v in nodes {
            placer.x[v as usize] = placer.offset[v as usize] - at / 2.0;
        }
    }
    let depth = layered.layers.len();
    for _ in 0..opts.straighten {
        for l in 1..depth {
            placer.place(layered, l, Toward::Dependencies);
        }
        for l in (0..depth.saturating_sub(1)).rev() {
            placer.place(layered, l, Toward::Dependents);
        }
    }
    for l in 1..depth {
        placer.place(layered, l, Toward::Dependencies);
    }
    let left = placer.x.iter().copied().fold(f64::INFINITY, f64::min);
    placer.x.iter().map(|&x| (x - left) as f32).collect()
}

/// Least distance between the centres of two neighbours in a layer.
fn gap(layered: &Layered, a: u32, b: u32, opts: &LayoutOptions) -> f64 {
    let half = |v| if layered.is_dummy(v) { opts.bend_gap } else { opts.node_gap } as f64 / 2.0;
    half(a) + half(b)
}

struct Placer {
    /// Distance from the first node of the layer when packed with the least gaps.
    offset: Vec<f64>,
    x: Vec<f64>,
    targets: Vec<(f64, f64)>,
    blocks: Vec<Block>,
}

/// A run of nodes that the gaps force to move together, at their weighted mean.
struct Block {
    weight: f64,
    weighted_sum: f64,
    len: usize,
}

impl Block {
    fn mean(&self) -> f64 {
        self.weighted_sum / self.weight
    }
}

impl Placer {
    /// Places layer `l`: minimises Σ weight·(x − target)² subject to x[i+1] − x[i] ≥ gap.
    /// With y = x − offset the gaps become y non-decreasing: isotonic regression.
    fn place(&mut self, layered: &Layered, l: usize, toward: Toward) {
        let nodes = &layered.layers[l];
        self.targets.clear();
        for &v in nodes {
            let neighbours = layered.neighbours(v, toward);
            let target = if neighbours.is_empty() {
                (self.x[v as usize], STAY_WEIGHT)
            } else {
                let mean = neighbours.iter().map(|&w| self.x[w as usize]).sum::<f64>() / neighbours.len() as f64;
                (mean, if layered.is_dummy(v) { BEND_WEIGHT } else { TASK_WEIGHT })
            };
            self.targets.push(target);
        }
        self.blocks.clear();
        for (&v, &(target, weight)) in nodes.iter().zip(&self.targets) {
            let y = target - self.offset[v as usize];
            self.blocks.push(Block { weight, weighted_sum: weight * y, len: 1 });
            while let [.., before, last] = &self.blocks[..] {
                if before.mean() < last.mean() {
                    break;
                }
                let last = self.blocks.pop().expect("two blocks");
                let before = self.blocks.last_mut().expect("two blocks");
                before.weight += last.weight;
                before.weighted_sum += last.weighted_sum;
                before.len += last.len;
            }
        }
        let mut i = 0;
        for block in &self.blocks {
            let y = block.mean();
            for &v in &nodes[i..i + block.len] {
                self.x[v as usize] = y + self.offset[v as usize];
            }
            i += block.len;
        }
    }
}
