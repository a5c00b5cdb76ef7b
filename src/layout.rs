//! Layered drawing of a DAG for the page's task-graph view: which layer each task sits in,
//! the left-to-right order within a layer, coordinates, and bend points for long edges.
//! Large graphs are drawn one node per task group, with groups expanded on demand.
//!
//! Top to bottom: dependencies sit above their dependents, so data flows down the page and
//! the outputs are at the bottom. Knows the graph's shape and keys only; nothing of task
//! states, time or the page. Nothing here recurses: a layer of 10,000 tasks and a
//! 100,000-task graph fit in the browser's small stack.

mod crossings;
mod grouped;
mod layering;
mod placement;

pub use grouped::{expand, group_by_key_name, GroupedGraph, ViewNode};

use crate::graph::TaskGraph;
use crate::order::key_ranks;
use layering::Layered;

/// Beyond this many tasks the page draws one node per task group instead of one per task.
///
/// The limit is the page's, not the layout's, which takes about 2 ms at 3,000 tasks and
/// 80–130 ms at 100,000 (`cargo bench --bench layout`). Each task is a few SVG elements plus its
/// edges: 3,000 tasks are some 10,000 elements, about where panning and zooming an SVG stays
/// smooth, and about where a picture that shows the whole graph stops showing single tasks.
/// It is roughly a 30 × 30-block `(x + x.T).sum()`, the largest lecture shape worth reading
/// task by task; the student can still expand any group.
pub const GROUP_THRESHOLD: usize = 3000;

/// Spacing and effort. Distances are in the page's units (CSS pixels at zoom 1).
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutOptions {
    /// Least distance between the centres of two nodes of one layer.
    pub node_gap: f32,
    /// Least distance between two bend points (edges passing through a layer).
    pub bend_gap: f32,
    /// Distance between the centres of two layers.
    pub layer_gap: f32,
    /// Barycenter sweeps over the layers to remove crossings (alternately up and down).
    pub sweeps: usize,
    /// Rounds of straightening: each places every layer over its dependencies, then under its
    /// dependents; one last placement over dependencies follows.
    pub straighten: usize,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions { node_gap: 40.0, bend_gap: 12.0, layer_gap: 80.0, sweeps: 4, straighten: 3 }
    }
}

/// Where one node is drawn: the centre of its mark.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NodePos {
    pub x: f32,
    pub y: f32,
    /// 0 is the top layer.
    pub layer: u32,
}

/// One dependency, drawn from the dependency's centre (`from`) through its bend points to the
/// dependent's centre (`to`).
#[derive(Clone, Debug, PartialEq)]
pub struct EdgePath {
    pub from: u32,
    pub to: u32,
    pub points: Vec<(f32, f32)>,
}

/// A finished drawing. Coordinates start at 0; nothing lies beyond `width` × `height`.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Indexed like the input's nodes (by `TaskId` for a task graph).
    pub nodes: Vec<NodePos>,
    /// One per distinct dependency, grouped by dependent.
    pub edges: Vec<EdgePath>,
    /// Each layer's nodes, left to right.
    pub layers: Vec<Vec<u32>>,
    pub width: f32,
    pub height: f32,
    /// Edge crossings in this drawing.
    pub crossings: u64,
}

/// Lays out a task graph; each layer starts in Dask's key order, so trees of blocks come out
/// without crossings.
pub fn layout(graph: &TaskGraph, opts: &LayoutOptions) -> Layout {
    let deps: Vec<Vec<u32>> = graph.ids().map(|t| graph.deps(t).iter().map(|d| d.0).collect()).collect();
    layout_dag(&deps, &key_ranks(graph), opts)
}

/// Lays out any DAG given as each node's dependencies; `order_key` (one per node) is the
/// left-to-right order each layer starts from, ties broken by index. Repeated dependencies
/// are drawn once.
///
/// Panics when `deps` has a cycle or names a node that does not exist.
pub fn layout_dag(deps: &[Vec<u32>], order_key: &[u32], opts: &LayoutOptions) -> Layout {
    assert_eq!(deps.len(), order_key.len(), "one order key per node");
    let mut layered = Layered::new(deps, order_key);
    let crossings = crossings::reduce(&mut layered, opts.sweeps);
    let x = placement::x_coordinates(&layered, opts);
    let y = |v: u32| layered.layer[v as usize] as f32 * opts.layer_gap;
    let point = |v: u32| (x[v as usize], y(v));

    let nodes = (0..layered.real as u32)
        .map(|v| NodePos { x: x[v as usize], y: y(v), layer: layered.layer[v as usize] })
        .collect();
    let edges = layered
        .edges
        .iter()
        .map(|&(from, to)| {
            let mut points = vec![point(from)];
            points.extend(layered.bends(from, to).map(point));
            points.push(point(to));
            EdgePath { from, to, points }
        })
        .collect();
    let layers: Vec<Vec<u32>> = layered
        .layers
        .iter()
        .map(|layer| layer.iter().copied().filter(|&v| (v as usize) < layered.real).collect())
        .collect();
    let width = x.iter().copied().fold(0.0, f32::max);
    let height = layers.len().saturating_sub(1) as f32 * opts.layer_gap;
    Layout { nodes, edges, layers, width, height, crossings }
}

#[cfg(test)]
mod tests;
