//! Tests of the static order: permutation, dependencies, branches finished first, memory.

use super::*;
use crate::graph::shapes::tree_sum;
use crate::graph::{tuple_key, GraphBuilder, TaskSpec};
use crate::rng::Rng;
use proptest::prelude::*;


/// Results held at the worst moment when tasks run one by one in `sequence`; a result is
/// released once all its dependents ran (an output is handed over at once).
fn peak_memory(graph: &TaskGraph, sequence: &[TaskId]) -> usize {
    let mut waiting: Vec<usize> = graph.ids().map(|t| graph.dependents(t).len()).collect();
    let (mut held, mut peak) = (0usize, 0usize);
    for &t in sequence {
        held += 1;
        peak = peak.max(held);
        if waiting[t.index()] == 0 {
            held -= 1;
        }
        for d in graph.deps(t) {
            waiting[d.index()] -= 1;
            if waiting[d.index()] == 0 {
                held -= 1;
            }
        }
    }
    peak
}

fn sequence(priorities: &[u32]) -> Vec<TaskId> {
    let mut seq = vec![TaskId(0); priorities.len()];
    for (t, &p) in priorities.iter().enumerate() {
        seq[p as usize] = TaskId(t as u32);
    }
    seq
}

fn key_of(graph: &TaskGraph, priorities: &[u32], p: usize) -> String {
    graph.key(sequence(priorities)[p]).to_string()
}

fn assert_valid(graph: &TaskGraph, priorities: &[u32]) -> Result<(), String> {
    let mut seen = vec![false; graph.len()];
    for &p in priorities {
        if p as usize >= graph.len() || std::mem::replace(&mut seen[p as usize], true) {
            return Err(format!("priority {p} is out of range or given twice"));
        }
    }
    for t in graph.ids() {
        for d in graph.deps(t) {
            if priorities[d.index()] >= priorities[t.index()] {
                return Err(format!("{} runs before its dependency {}", graph.key(t), graph.key(*d)));
            }
        }
    }
    Ok(())
}

/// A random DAG: each task depends on a few earlier ones; keys are shuffled against ids so
/// key order and insertion order disagree. Some tasks repeat a dependency, as `add(x, x)` does.
fn random_dag(n: usize, seed: u64) -> TaskGraph {
    let mut rng = Rng::new(seed);
    let mut names: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        names.swap(i, rng.below(i as u64 + 1) as usize);
    }
    let mut b = GraphBuilder::new();
    for (i, name) in names.iter().enumerate() {
        let fan = if i == 0 { 0 } else { rng.below(4) };
        let deps = (0..fan).map(|_| TaskId(rng.below(i as u64) as u32)).collect();
        b.add(TaskSpec::new(format!("t-{name}"), deps));
    }
    b.build().unwrap()
}

proptest! {
    #[test]
    fn every_order_is_a_permutation_that_respects_dependencies(n in 1usize..300, seed in any::<u64>()) {
        let graph = random_dag(n, seed);
        let priorities = order(&graph);
        prop_assert_eq!(priorities.len(), n);
        if let Err(e) = assert_valid(&graph, &priorities) {
            prop_assert!(false, "{}; rerun with n={} seed={:#x}", e, n, seed);
        }
    }

    #[test]
    fn the_same_graph_always_gets_the_same_order(n in 1usize..200, seed in any::<u64>()) {
        let graph = random_dag(n, seed);
        let again = TaskGraph::from_specs(graph.tasks().to_vec()).unwrap();
        prop_assert_eq!(order(&graph), order(&again));
    }
}

#[test]
fn tree_reduction_finishes_each_branch_before_starting_the_next() {
    let graph = tree_sum(16, 4, false);
    let priorities = order(&graph);
    assert_valid(&graph, &priorities).unwrap();
    let seq: Vec<&str> = sequence(&priorities).iter().map(|&t| graph.key(t)).collect();
    for (j, branch) in seq.chunks(5).take(4).enumerate() {
        let leaves: Vec<String> = (4 * j..4 * j + 4).map(|i| tuple_key("x-5e1f", &[i])).collect();
        assert_eq!(branch[..4], leaves, "partial {j}'s leaves run together, in key order: {seq:?}");
        assert_eq!(branch[4], tuple_key("sum-partial-0", &[j]), "then partial {j} releases them: {seq:?}");
    }
    assert_eq!(seq[20], "('sum-aggregate-c3', 0)");
}

#[test]
fn a_linear_chain_runs_as_soon_as_its_input_exists() {
    let graph = tree_sum(8, 4, true);
    let priorities = order(&graph);
    for i in 0..8 {
        let x = graph.id(&tuple_key("x-5e1f", &[i])).unwrap();
        let inc = graph.id(&tuple_key("inc-77aa", &[i])).unwrap();
        assert_eq!(priorities[inc.index()], priorities[x.index()] + 1, "inc {i} follows x {i} at once");
    }
}

#[test]
fn independent_chains_are_each_completed_before_the_other_starts() {
    let mut b = GraphBuilder::new();
    for name in ["load", "clean"] {
        let mut prev = b.add(TaskSpec::new(format!("{name}-0"), vec![]));
        for i in 1..6 {
            prev = b.add(TaskSpec::new(format!("{name}-{i}"), vec![prev]));
        }
    }
    let graph = b.build().unwrap();
    let priorities = order(&graph);
    let seq: Vec<&str> = sequence(&priorities).iter().map(|&t| graph.key(t)).collect();
    // Outputs go in key order: `clean-5` before `load-5`.
    let expected: Vec<String> =
        ["clean", "load"].iter().flat_map(|name| (0..6).map(move |i| format!("{name}-{i}"))).collect();
    assert_eq!(seq, expected);
}

#[test]
fn ordering_keeps_fewer_results_in_memory_than_breadth_first() {
    for (shape, graph) in [("tree reduction", tree_sum(64, 4, false)), ("map → tree sum", tree_sum(256, 4, true))] {
        let ours = peak_memory(&graph, &sequence(&order(&graph)));
        let breadth_first = peak_memory(&graph, &graph.topological_order());
        assert!(ours < breadth_first, "{shape}: ordered peak {ours} vs breadth-first {breadth_first}");
        // Depth-first over a 4-ary tree holds at most 3 finished siblings per level, plus one.
        let levels = (graph.len() as f64).log(4.0).ceil() as usize;
        assert!(ours <= 3 * levels + 2, "{shape}: peak {ours} for {levels} levels");
    }
}

#[test]
fn the_critical_path_is_walked_first() {
    // `total` needs a long chain and a single load; the chain's root comes first.
    let mut b = GraphBuilder::new();
    let single = b.add(TaskSpec::new("a-load", vec![]));
    let mut chain = b.add(TaskSpec::new("z-0", vec![]));
    for i in 1..4 {
        chain = b.add(TaskSpec::new(format!("z-{i}"), vec![chain]));
    }
    b.add(TaskSpec::new("total", vec![single, chain]));
    let graph = b.build().unwrap();
    let priorities = order(&graph);
    assert_eq!(key_of(&graph, &priorities, 0), "z-0");
    assert_eq!(key_of(&graph, &priorities, 4), "a-load");
}

#[test]
fn transpose_add_releases_both_blocks_of_a_pair_together() {
    // y = x + x.T: ('add', i, j) needs ('x', i, j) and ('x', j, i).
    let n = 6;
    let mut b = GraphBuilder::new();
    let x: Vec<Vec<TaskId>> = (0..n)
        .map(|i| (0..n).map(|j| b.add(TaskSpec::new(tuple_key("x-9", &[i, j]), vec![]))).collect())
        .collect();
    for (i, row) in x.iter().enumerate() {
        for (j, &xij) in row.iter().enumerate() {
            b.add(TaskSpec::new(tuple_key("add-4", &[i, j]), vec![xij, x[j][i]]));
        }
    }
    let graph = b.build().unwrap();
    let priorities = order(&graph);
    assert_valid(&graph, &priorities).unwrap();
    let ours = peak_memory(&graph, &sequence(&priorities));
    assert!(ours <= 3, "a pair of blocks and one sum at most, got {ours}");
}

#[test]
fn a_large_graph_is_ordered_without_recursion() {
    let graph = tree_sum(50_000, 4, true);
    let priorities = order(&graph);
    assert_valid(&graph, &priorities).unwrap();
}
