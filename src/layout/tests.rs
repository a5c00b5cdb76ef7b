//! Tests of the layered layout: geometry, crossings, grouping, determinism, scale.

use super::*;
use crate::graph::shapes::{array_sum, tree_sum};
use crate::graph::{GraphBuilder, TaskSpec};
use crate::rng::Rng;
use proptest::prelude::*;



/// A random DAG as plain adjacency: node `i` depends on up to four earlier nodes (sometimes
/// twice on one), with a shuffled order key.
fn random_dag(n: usize, seed: u64) -> (Vec<Vec<u32>>, Vec<u32>) {
    let mut rng = Rng::new(seed);
    let deps = (0..n)
        .map(|i| (0..if i == 0 { 0 } else { rng.below(5) }).map(|_| rng.below(i as u64) as u32).collect())
        .collect();
    let mut key: Vec<u32> = (0..n as u32).collect();
    for i in (1..n).rev() {
        key.swap(i, rng.below(i as u64 + 1) as usize);
    }
    (deps, key)
}

fn without_sweeps() -> LayoutOptions {
    LayoutOptions { sweeps: 0, ..LayoutOptions::default() }
}

/// Crossings counted from the drawn polylines: two segments between the same pair of layers
/// cross when their ends are in opposite x orders. Shared trunk segments count once.
fn drawn_crossings(layout: &Layout) -> u64 {
    let mut segments: Vec<[u32; 3]> = layout
        .edges
        .iter()
        .flat_map(|e| e.points.windows(2).map(|w| [w[0].1.to_bits(), w[0].0.to_bits(), w[1].0.to_bits()]))
        .collect();
    segments.sort_unstable();
    segments.dedup();
    let x = f32::from_bits;
    let mut crossings = 0;
    for (i, a) in segments.iter().enumerate() {
        for b in &segments[i + 1..] {
            if a[0] == b[0] && (x(a[1]) - x(b[1])) * (x(a[2]) - x(b[2])) < 0.0 {
                crossings += 1;
            }
        }
    }
    crossings
}

fn check_geometry(deps: &[Vec<u32>], layout: &Layout, opts: &LayoutOptions) -> Result<(), String> {
    for e in &layout.edges {
        let (from, to) = (layout.nodes[e.from as usize], layout.nodes[e.to as usize]);
        if from.layer >= to.layer {
            return Err(format!("edge {} → {} goes from layer {} to {}", e.from, e.to, from.layer, to.layer));
        }
        if e.points.first() != Some(&(from.x, from.y)) || e.points.last() != Some(&(to.x, to.y)) {
            return Err(format!("edge {} → {} does not join its nodes", e.from, e.to));
        }
        if e.points.len() != (to.layer - from.layer + 1) as usize || e.points.windows(2).any(|w| w[0].1 >= w[1].1) {
            return Err(format!("edge {} → {} does not bend once per layer, downwards", e.from, e.to));
        }
    }
    let distinct: usize = deps.iter().map(|d| d.iter().collect::<std::collections::BTreeSet<_>>().len()).sum();
    if distinct != layout.edges.len() {
        return Err(format!("{distinct} dependencies but {} edges", layout.edges.len()));
    }
    for (l, layer) in layout.layers.iter().enumerate() {
        for pair in layer.windows(2) {
            let (a, b) = (layout.nodes[pair[0] as usize], layout.nodes[pair[1] as usize]);
            if a.layer != l as u32 || b.x - a.x < opts.node_gap * 0.999 {
                return Err(format!("nodes {} and {} of layer {l} overlap: x {} and {}", pair[0], pair[1], a.x, b.x));
            }
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn every_edge_runs_down_and_no_two_nodes_overlap(n in 1usize..150, seed in any::<u64>()) {
        let (deps, key) = random_dag(n, seed);
        let opts = LayoutOptions::default();
        let layout = layout_dag(&deps, &key, &opts);
        if let Err(e) = check_geometry(&deps, &layout, &opts) {
            prop_assert!(false, "{}; rerun with n={} seed={:#x}", e, n, seed);
        }
        prop_assert_eq!(layout.layers.iter().map(Vec::len).sum::<usize>(), n);
    }

    #[test]
    fn the_reported_crossings_are_the_drawn_ones(n in 1usize..80, seed in any::<u64>()) {
        let (deps, key) = random_dag(n, seed);
        let layout = layout_dag(&deps, &key, &LayoutOptions::default());
        prop_assert_eq!(layout.crossings, drawn_crossings(&layout), "n={} seed={:#x}", n, seed);
    }

    #[test]
    fn barycenter_sweeps_never_add_crossings(n in 1usize..150, seed in any::<u64>()) {
        let (deps, key) = random_dag(n, seed);
        let before = layout_dag(&deps, &key, &without_sweeps()).crossings;
        let after = layout_dag(&deps, &key, &LayoutOptions::default()).crossings;
        prop_assert!(after <= before, "{} crossings became {}; n={} seed={:#x}", before, after, n, seed);
    }
}

#[test]
fn a_dask_tree_reduction_in_key_order_has_no_crossings() {
    let graph = tree_sum(64, 4, true);
    let layout = layout(&graph, &without_sweeps());
    assert_eq!(layout.crossings, 0);
    assert_eq!(drawn_crossings(&layout), 0);
    assert_eq!(layout.layers.len(), 5, "x, inc, then sums of 16, 4 and 1");
}

#[test]
fn a_two_dimensional_reduction_is_untangled_by_the_sweeps() {
    // Row-major key order interleaves the 2 × 2 blocks that each partial sum reads.
    let graph = array_sum(8, false);
    let tangled = layout(&graph, &without_sweeps()).crossings;
    assert!(tangled > 0);
    let layout = layout(&graph, &LayoutOptions::default());
    assert_eq!(layout.crossings, 0, "from {tangled} crossings");
    assert_eq!(drawn_crossings(&layout), 0);
}

#[test]
fn a_reducer_sits_over_the_middle_of_its_inputs() {
    let graph = tree_sum(16, 4, true);
    let layout = layout(&graph, &LayoutOptions::default());
    for t in graph.ids().filter(|&t| graph.deps(t).len() == 4) {
        let inputs = graph.deps(t).iter().map(|d| layout.nodes[d.index()].x).sum::<f32>() / 4.0;
        assert!((layout.nodes[t.index()].x - inputs).abs() < 0.01, "{} at {inputs}?", graph.key(t));
    }
}

#[test]
fn a_narrow_reduction_layer_spreads_over_the_layer_it_reduces() {
    let graph = tree_sum(64, 4, true);
    let layout = layout(&graph, &LayoutOptions::default());
    let four = layout.layers.iter().find(|layer| layer.len() == 4).unwrap();
    let span = layout.nodes[four[3] as usize].x - layout.nodes[four[0] as usize].x;
    assert!(span > 0.6 * layout.width, "four partials span {span} of {}", layout.width);
}

#[test]
fn a_long_edge_bends_once_per_layer_and_runs_straight_beside_a_chain() {
    // a → b → c → d, and `a` also feeds `d` directly.
    let deps = vec![vec![], vec![0], vec![1], vec![2, 0]];
    let layout = layout_dag(&deps, &[0, 1, 2, 3], &LayoutOptions::default());
    let path = &layout.edges.iter().find(|e| e.from == 0 && e.to == 3).unwrap().points;
    assert_eq!(path.len(), 4);
    assert_eq!(path[1].0, path[2].0, "the bends line up: {path:?}");
}

#[test]
fn the_long_edges_of_one_task_share_a_trunk() {
    // a → b → c → d, and `a` also feeds `c` and `d` directly.
    let deps = vec![vec![], vec![0], vec![1, 0], vec![2, 0]];
    let layout = layout_dag(&deps, &[0, 1, 2, 3], &LayoutOptions::default());
    let path = |from, to| &layout.edges.iter().find(|e| e.from == from && e.to == to).unwrap().points;
    assert_eq!(path(0, 2)[1], path(0, 3)[1], "both long edges leave `a` along one line");
    assert_ne!(path(0, 3)[2], path(0, 2)[2], "then part");
}

#[test]
fn an_input_used_late_sits_just_above_its_first_user() {
    // A chain of four, and a constant used only by the last task.
    let deps = vec![vec![], vec![0], vec![1], vec![2, 4], vec![]];
    let layout = layout_dag(&deps, &[0, 1, 2, 3, 4], &LayoutOptions::default());
    assert_eq!(layout.nodes[4].layer, 2);
    assert_eq!(layout.edges.iter().map(|e| e.points.len()).max(), Some(2), "no edge needs a bend");
}

#[test]
fn a_single_layer_of_ten_thousand_tasks_lays_out() {
    let n = 10_000;
    let deps = vec![Vec::new(); n];
    let opts = LayoutOptions::default();
    let layout = layout_dag(&deps, &(0..n as u32).collect::<Vec<_>>(), &opts);
    assert_eq!(layout.layers.len(), 1);
    assert_eq!(layout.width, (n - 1) as f32 * opts.node_gap);
    assert_eq!(layout.nodes[n - 1].x, layout.width, "key order left to right");
}

#[test]
fn a_large_map_and_tree_sum_lays_out_without_recursion() {
    let graph = tree_sum(10_000, 4, true);
    assert!(graph.len() > 20_000);
    let opts = LayoutOptions::default();
    let layout = layout(&graph, &opts);
    let deps: Vec<Vec<u32>> = graph.ids().map(|t| graph.deps(t).iter().map(|d| d.0).collect()).collect();
    check_geometry(&deps, &layout, &opts).unwrap();
    assert_eq!(layout.crossings, 0);
}

#[test]
fn the_same_graph_is_always_drawn_the_same() {
    let graph = array_sum(6, true);
    let again = TaskGraph::from_specs(graph.tasks().to_vec()).unwrap();
    assert_eq!(layout(&graph, &LayoutOptions::default()), layout(&again, &LayoutOptions::default()));
}

#[test]
fn an_empty_graph_draws_nothing() {
    let layout = layout_dag(&[], &[], &LayoutOptions::default());
    assert!(layout.nodes.is_empty() && layout.layers.is_empty());
    assert_eq!((layout.width, layout.height), (0.0, 0.0));
}

#[test]
#[should_panic(expected = "cycle")]
fn a_cycle_is_refused() {
    layout_dag(&[vec![1], vec![0]], &[0, 1], &LayoutOptions::default());
}

#[test]
fn grouping_draws_one_node_per_key_name() {
    let graph = array_sum(4, true);
    let grouped = group_by_key_name(&graph);
    let names: Vec<&str> = grouped
        .nodes
        .iter()
        .map(|node| match *node {
            ViewNode::Group(g) => graph.group_info(g).name.as_str(),
            ViewNode::Task(t) => graph.key(t),
        })
        .collect();
    assert_eq!(names, ["x-a1", "add-b2", "sum-c3", "sum-partial-0", "sum-aggregate-d4"]);
    assert_eq!(grouped.tasks, [16, 16, 16, 4, 1]);
    assert_eq!(grouped.deps, [vec![], vec![0], vec![1], vec![2], vec![3]]);
    let layout = grouped.layout(&LayoutOptions::default());
    assert_eq!(layout.layers.len(), 5);
    assert_eq!(grouped.node_of(graph.id("('add-b2', 1, 2)").unwrap()), 1);
}

#[test]
fn expanding_a_group_shows_its_tasks_among_the_other_groups() {
    let graph = array_sum(4, true);
    let partials = graph.group(graph.id("('sum-partial-0', 0, 0)").unwrap());
    let view = expand(&graph, &[partials]);
    assert_eq!(view.nodes.len(), 4 + 4);
    let p = view.node_of(graph.id("('sum-partial-0', 1, 0)").unwrap());
    assert_eq!(view.nodes[p as usize], ViewNode::Task(graph.id("('sum-partial-0', 1, 0)").unwrap()));
    let sums = view.node_of(graph.id("('sum-c3', 0, 0)").unwrap());
    assert_eq!(view.deps[p as usize], [sums], "each partial reads the collapsed block sums");
    let aggregate = view.node_of(graph.id("('sum-aggregate-d4', 0, 0)").unwrap());
    assert_eq!(view.deps[aggregate as usize].len(), 4);
    let layout = view.layout(&LayoutOptions::default());
    assert_eq!(layout.layers[3].len(), 4, "the four partials side by side");
}

#[test]
fn groups_that_feed_each_other_still_make_a_dag() {
    // inc-1 → add-1 → inc-2: the `inc` and `add` groups depend on each other.
    let mut b = GraphBuilder::new();
    let i1 = b.add(TaskSpec::new("inc-1", vec![]));
    let a1 = b.add(TaskSpec::new("add-1", vec![i1]));
    b.add(TaskSpec::new("inc-2", vec![a1]));
    let graph = b.build().unwrap();
    let grouped = group_by_key_name(&graph);
    assert_eq!(grouped.deps, [vec![], vec![0]], "one edge, from `inc` (which starts first) to `add`");
    assert_eq!(grouped.layout(&LayoutOptions::default()).edges.len(), 1);
}
