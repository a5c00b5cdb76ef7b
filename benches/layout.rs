//! Layout and ordering speed on Dask-shaped graphs, and graphviz `dot` on the same graph when
//! it is installed (`cargo bench --bench layout`).

#[path = "support/timing.rs"]
mod timing;

use std::process::Command;
use std::time::{Duration, Instant};
use tasklab::graph::shapes::{array_sum, tree_sum};
use tasklab::graph::TaskGraph;
use tasklab::layout::{layout, LayoutOptions};
use tasklab::order::order;
use timing::{best_of, ms};

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
    let small = array_sum(30, true);
    let medium = array_sum(55, true);
    let large = tree_sum(43_000, 4, true);

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
