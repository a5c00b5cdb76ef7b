//! Layers: longest-path layering, then a trunk of dummy nodes for each node whose edges skip
//! layers, so that every edge joins adjacent layers. The dummies' positions become the bend
//! points of the long edges; one trunk per node carries all its long edges, which then
//! leave it one by one (like graphviz's `concentrate`), so a node used far down draws one line.
//!
//! Knows the DAG's shape and the order key; nothing of coordinates.

use crate::order::Adjacency;

const NONE: u32 = u32::MAX;

/// Which adjacent layer a sweep looks at: the one above, or the one below.
#[derive(Clone, Copy)]
pub(super) enum Toward {
    Dependencies,
    Dependents,
}

/// A DAG made *proper* (every edge spans one layer), with each layer in its current order.
pub(super) struct Layered {
    /// Nodes `0..real` are the input's; the rest are dummies.
    pub real: usize,
    pub layer: Vec<u32>,
    /// Neighbours in the layer above (dependencies) and below (dependents).
    pub up: Adjacency,
    pub down: Adjacency,
    pub layers: Vec<Vec<u32>>,
    /// Each node's index within its layer.
    pub pos: Vec<u32>,
    /// The input's distinct edges as `(dependency, dependent)`, grouped by dependent.
    pub edges: Vec<(u32, u32)>,
    /// The first dummy of each real node's trunk, or `NONE`.
    trunk: Vec<u32>,
}

impl Layered {
    pub fn new(deps: &[Vec<u32>], order_key: &[u32]) -> Layered {
        let n = deps.len();
        let mut edges = Vec::new();
        let mut scratch = Vec::new();
        for (v, ds) in deps.iter().enumerate() {
            scratch.clear();
            scratch.extend_from_slice(ds);
            scratch.sort_unstable();
            scratch.dedup();
            edges.extend(scratch.iter().map(|&d| (d, v as u32)));
        }
        let dependents = Adjacency::from_edges(n, edges.iter().copied());
        let layer = longest_path_layers(n, &edges, &dependents);

        // A trunk runs from the layer below a node to the layer above its farthest dependent.
        let mut trunk = vec![NONE; n];
        let mut dummy_source = Vec::new();
        let mut dummy_layer = Vec::new();
        for u in 0..n {
            let far = dependents.of(u as u32).iter().map(|&w| layer[w as usize]).max();
            if let Some(far) = far.filter(|&far| far >= layer[u] + 2) {
                trunk[u] = (n + dummy_source.len()) as u32;
                for l in layer[u] + 1..far {
                    dummy_source.push(u as u32);
                    dummy_layer.push(l);
                }
            }
        }
        let total = n + dummy_source.len();
        let mut layer = layer;
        layer.extend_from_slice(&dummy_layer);

        let mut proper = Vec::with_capacity(edges.len() + dummy_source.len());
        for (i, &u) in dummy_source.iter().enumerate() {
            let prev = if i > 0 && dummy_source[i - 1] == u { (n + i - 1) as u32 } else { u };
            proper.push((prev, (n + i) as u32));
        }
        for &(d, v) in &edges {
            let span = layer[v as usize] - layer[d as usize];
            let from = if span == 1 { d } else { trunk[d as usize] + span - 2 };
            proper.push((from, v));
        }
        let down = Adjacency::from_edges(total, proper.iter().copied());
        let up = down.reversed(|_| {});

        let key = |v: u32| match (v as usize).checked_sub(n) {
            None => (order_key[v as usize], false, v),
            Some(dummy) => (order_key[dummy_source[dummy] as usize], true, v),
        };
        let depth = layer.iter().map(|&l| l as usize + 1).max().unwrap_or(0);
        let mut layers = vec![Vec::new(); depth];
        for v in 0..total as u32 {
            layers[layer[v as usize] as usize].push(v);
        }
        for nodes in &mut layers {
            nodes.sort_unstable_by_key(|&v| key(v));
        }
        let mut layered = Layered { real: n, layer, up, down, layers, pos: vec![0; total], edges, trunk };
        layered.refresh_positions();
        layered
    }

    pub fn refresh_positions(&mut self) {
        for nodes in &self.layers {
            for (i, &v) in nodes.iter().enumerate() {
                self.pos[v as usize] = i as u32;
            }
        }
    }

    /// A node's neighbours in the layer above (dependencies) or below (dependents).
    pub fn neighbours(&self, v: u32, toward: Toward) -> &[u32] {
        match toward {
            Toward::Dependencies => self.up.of(v),
            Toward::Dependents => self.down.of(v),
        }
    }

    pub fn is_dummy(&self, v: u32) -> bool {
        v as usize >= self.real
    }

    /// The dummies an input edge passes through, top to bottom.
    pub fn bends(&self, from: u32, to: u32) -> impl Iterator<Item = u32> {
        let span = self.layer[to as usize] - self.layer[from as usize];
        let first = self.trunk[from as usize];
        (0..span - 1).map(move |k| first + k)
    }
}

/// Each node's layer: one below its deepest dependency; a node with no dependencies sits just
/// above its first dependent rather than at the top, so it draws no long edge.
fn longest_path_layers(n: usize, edges: &[(u32, u32)], dependents: &Adjacency) -> Vec<u32> {
    let mut missing = vec![0u32; n];
    for &(_, v) in edges {
        missing[v as usize] += 1;
    }
    let is_root: Vec<bool> = missing.iter().map(|&m| m == 0).collect();
    let mut ready: Vec<u32> = (0..n as u32).filter(|&v| is_root[v as usize]).collect();
    let mut layer = vec![0u32; n];
    let mut placed = 0;
    while let Some(v) = ready.pop() {
        placed += 1;
        for &w in dependents.of(v) {
            layer[w as usize] = layer[w as usize].max(layer[v as usize] + 1);
            missing[w as usize] -= 1;
            if missing[w as usize] == 0 {
                ready.push(w);
            }
        }
    }
    assert_eq!(placed, n, "layout needs a DAG, but the dependencies form a cycle");
    for v in 0..n {
        let first = dependents.of(v as u32).iter().map(|&w| layer[w as usize]).min();
        if let (true, Some(first)) = (is_root[v], first) {
            layer[v] = first - 1;
        }
    }
    layer
}
