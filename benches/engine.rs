//! Engine benchmarks (`make bench`): how fast the simulation runs and how much memory it
//! holds per task. Prints figures; asserts nothing about speed.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;
use tasklab::graph::shapes::{array_sum, tree_sum};
use tasklab::graph::TaskGraph;
use tasklab::sim::{ClusterSpec, Sim, Trace, World, Workload};

/// Counts live heap bytes, so the bench can report engine state per task.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size(), Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
}

#[global_allocator]
static A: Counting = Counting;



fn run(name: &str, graph: TaskGraph, workers: usize, threads: u32) {
    let before = LIVE.load(Ordering::Relaxed);
    let world = World::new(ClusterSpec::local(workers, threads), Workload::compute(graph.clone()), vec![], 1).unwrap();
    let built = LIVE.load(Ordering::Relaxed);
    let start = Instant::now();
    let mut w = world;
    let mut trace = Trace::default();
    while w.step(&mut trace) {}
    let secs = start.elapsed().as_secs_f64();
    let transitions = trace.transitions().count();
    let with_trace = LIVE.load(Ordering::Relaxed);
    let trace_bytes = {
        let b = LIVE.load(Ordering::Relaxed);
        drop(trace);
        b - LIVE.load(Ordering::Relaxed)
    };
    let n = graph.len();
    println!("{name}: {n} tasks on {workers} workers x {threads} threads");
    println!("  wall {secs:.3} s, simulated makespan {}", w.now());
    println!("  {:.0} transitions/s ({transitions} transitions), {:.0} tasks/s, {} events", transitions as f64 / secs, n as f64 / secs, w.events());
    println!(
        "  memory: engine state {:.0} B/task at start, {:.0} B/task at the end; trace {:.0} B/task",
        (built - before) as f64 / n as f64,
        (with_trace - before - trace_bytes) as f64 / n as f64,
        trace_bytes as f64 / n as f64
    );
    // Time travel: a snapshotting run of the same size.
    let start = Instant::now();
    let mut sim = Sim::new(World::new(ClusterSpec::local(workers, threads), Workload::compute(graph), vec![], 1).unwrap());
    while sim.step() {}
    let end = sim.position();
    let t_run = start.elapsed().as_secs_f64();
    let start = Instant::now();
    sim.seek(end / 2);
    println!("  with snapshots: run {t_run:.3} s; seek back to the middle {:.3} s", start.elapsed().as_secs_f64());
}

fn main() {
    let filter = std::env::args().nth(1).filter(|a| !a.starts_with('-'));
    let want = |n: &str| filter.as_deref().is_none_or(|f| n.contains(f));
    if want("map-tree") {
        run("map-tree-100k", tree_sum(100_000, 4, false), 8, 4);
    }
    if want("array-sum") {
        run("array-sum-100x100", array_sum(100, false), 8, 4);
    }
}
