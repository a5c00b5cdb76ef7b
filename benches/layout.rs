//! Layout and ordering speed on Dask-shaped graphs, and graphviz `dot` on the same graph when
//! it is installed (`cargo bench --bench layout`).

use std::process::Command;
use std::time::{Duration, Instant};
use tasklab::graph::{tuple_key, GraphBuilder, TaskGraph, TaskId, TaskSpec};
use tasklab::layout::{layout, LayoutOptions};
use tasklab::order::order;

/// `(x + x.T).sum()` over n × n blocks: an add per block pair, a sum per block, then 2 × 2
/// partial sums down to one (`split_every=4`). n = 30 gives 3,010 tasks, n = 55 10,125.
fn transpose_add_sum(n: usize) -> TaskGraph {
    let mut b = GraphBuilder::new();
    let x: Vec<Vec<TaskId>> =
        (0..n).map(|i| (0..n).map(|j| b.add(TaskSpec::new(tuple_key("x-a1", &[i, j]), vec![]))).collect()).collect();
    let mut blocks: Vec<Vec<TaskId>> = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| {
                    let y = b.add(TaskSpec::new(tuple_key("add-b2", &[i, j]), vec![x[i][j], x[j][i]]));
                    b.add(TaskSpec::new(tuple_key("sum-c3", &[i, j]), vec![y]))
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
                        let inputs = [(2 * i, 2 * j), (2 * i, 2 * j + 1), (2 * i + 1, 2 * j), (2 * i + 1, 2 * j + 1)]
                            .iter()
                            .filter_map(|&(r, c)| blocks.get(r).and_then(|row| row.get(c)).copied())
                            .collect();
                        b.add(TaskSpec::new(tuple_key(&name, &[i, j]), inputs))
                    })
                    .collect()
            })
            .collect();
        level += 1;
    }
    b.build().expect("a valid graph")
}

/// `leaves` blocks through an elementwise map, summed four at a time down to one.
fn map_tree_sum(leaves: usize) -> TaskGraph {
    let mut b = GraphBuilder::new();
    let mut level: Vec<TaskId> = (0..leaves)
        .map(|i| {
            let x = b.add(TaskSpec::new(tuple_key("x-5e", &[i]), vec![]));
            b.add(TaskSpec::new(tuple_key("inc-77", &[i]), vec![x]))
        })
        .collect();
    let mut depth = 0;
    while level.len() > 1 {
        let name = format!("sum-{depth}");
        level = level
            .chunks(4)
            .enumerate()
            .map(|(j, part)| b.add(TaskSpec::new(tuple_key(&name, &[j]), part.to_vec())))
            .collect();
        depth += 1;
    }
    b.build().expect("a valid graph")
}

/// The fastest of `runs` timed calls.
fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .min()
        .expect("at least one run")
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn to_dot(graph: &TaskGraph) -> String {
    let mut dot = String::from("digraph tasks {\n  node [shape=circle, label=\"\"];\n");
    for t in graph.ids() {
        dot.push_str(&format!("  t{};\n", t.0));
        for d in graph.deps(t) {
            dot.push_str(&format!("  t{} -> t{};\n", d.0, t.0));
        }
    }
    dot.push_str("}\n");
    dot
}

/// Times `dot -Tplain` on the graph; `None` when `dot` is not installed.
fn time_dot(graph: &TaskGraph) -> Option<Duration> {
    let path = std::env::temp_dir().join(format!("tasklab-bench-{}.dot", std::process::id()));
    std::fs::write(&path, to_dot(graph)).expect("write the DOT file");
    let start = Instant::now();
    let output = Command::new("dot").arg("-Tplain").arg(&path).output();
    let elapsed = start.elapsed();
    std::fs::remove_file(&path).ok();
    match output {
        Ok(out) if out.status.success() => Some(elapsed),
        Ok(out) => panic!("dot failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => panic!("could not run dot: {e}"),
    }
}

fn main() {
    let opts = LayoutOptions::default();
    let small = transpose_add_sum(30);
    let medium = transpose_add_sum(55);
    let large = map_tree_sum(43_000);

    let ours = best_of(20, || layout(&small, &opts));
    let drawn = layout(&small, &opts);
    println!("layout, (x + x.T).sum(), {} tasks: {} ({} crossings)", small.len(), ms(ours), drawn.crossings);
    let t = best_of(10, || layout(&medium, &opts));
    println!("layout, (x + x.T).sum(), {} tasks: {}", medium.len(), ms(t));
    let t = best_of(3, || layout(&large, &opts));
    println!("layout, map → tree sum, {} tasks: {}", large.len(), ms(t));
    let t = best_of(3, || order(&large));
    println!("order, map → tree sum, {} tasks: {}", large.len(), ms(t));
    let t = best_of(3, || order(&medium));
    println!("order, (x + x.T).sum(), {} tasks: {}", medium.len(), ms(t));

    match time_dot(&small) {
        Some(dot) => println!(
            "dot -Tplain, {} tasks: {} — layout is {:.0}× faster",
            small.len(),
            ms(dot),
            dot.as_secs_f64() / ours.as_secs_f64()
        ),
        None => println!("dot not found, skipped"),
    }
}
