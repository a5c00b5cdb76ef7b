//! The engine's speed in wasm (`make bench`; `cargo test --release --target
//! wasm32-unknown-unknown --test web_speed`, run under node): the workload of
//! `benches/engine.rs` with its transitions per second printed, never asserted. Kept apart from
//! `tests/web.rs` so its seconds of busy work never hold up the page's tests in the browser.
#![cfg(target_arch = "wasm32")]

use tasklab::graph::shapes::tree_sum;
use tasklab::sched::TaskState;
use tasklab::sim::{ClusterSpec, Trace, World, Workload};
use wasm_bindgen_test::*;

/// A map of 100,000 and its tree reduction on 8 workers × 4 threads, as natively.
#[wasm_bindgen_test]
fn the_benchmark_workload_runs_to_the_end_in_wasm() {
    // Unoptimised builds run a tenth of it.
    let n = if cfg!(debug_assertions) { 10_000 } else { 100_000 };
    let graph = tree_sum(n, 4, false);
    let total = graph.outputs()[0];
    let mut world = World::new(ClusterSpec::local(8, 4), Workload::compute(graph.clone()), vec![], 1).unwrap();
    let mut trace = Trace::default();
    let start = js_sys::Date::now();
    while world.step(&mut trace) {}
    let secs = (js_sys::Date::now() - start) / 1000.0;
    let transitions = trace.transitions().count();
    console_log!(
        "map-tree-{n} in wasm: {} tasks, {transitions} transitions in {secs:.3} s = {:.0} transitions/s",
        graph.len(),
        transitions as f64 / secs
    );
    assert_eq!(world.scheduler().state(total), TaskState::Memory);
    let computed = trace.transitions().filter(|(_, tr)| tr.to == TaskState::Memory).count();
    assert_eq!(computed, graph.len(), "every task computed exactly once");
}
