//! End-to-end runs of the simulated cluster, read like the lecture.

use tasklab::graph::{GraphBuilder, TaskGraph, TaskSpec};
use tasklab::sched::TaskState;
use tasklab::sim::{ClusterSpec, Sim, World, Workload};
use tasklab::time::SimDuration;

fn map_reduce(n: usize) -> TaskGraph {
    let mut b = GraphBuilder::new();
    let xs: Vec<_> = (0..n).map(|i| b.add(TaskSpec::new(format!("inc-{i}"), vec![]).duration(SimDuration::from_millis(100)))).collect();
    b.add(TaskSpec::new("total", xs).duration(SimDuration::from_millis(10)));
    b.build().unwrap()
}

#[test]
fn a_map_and_a_sum_finish_on_four_workers() {
    let g = map_reduce(40);
    let world = World::new(ClusterSpec::local(4, 2), Workload::compute(g.clone()), vec![], 1).unwrap();
    let mut sim = Sim::new(world);
    sim.run_to(1_000_000);
    let w = sim.world();
    assert!(w.is_finished());
    let total = g.id("total").unwrap();
    assert_eq!(w.scheduler().state(total), TaskState::Memory);
    w.scheduler().validate().unwrap();
    // 40 tasks of 100 ms on 8 threads: at least 0.5 s.
    assert!(w.now().as_secs_f64() >= 0.5, "{}", w.now());
}
