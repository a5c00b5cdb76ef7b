//! Chunk values computed ahead (`World::compute_ahead`, on a thread pool in the threaded page)
//! change nothing a student can see: the same trace, the same values, and no value before its
//! task has finished.

use tasklab::graph::GraphBuilder;
use tasklab::sim::{ClusterSpec, Fault, FaultKind, Sim, Trigger, World, Workload};
use tasklab::time::SimTime;
use tasklab::value::Value;

fn run(ahead: bool) -> (String, Vec<Option<Value>>, Sim) {
    let expr = tasklab::array::parse("(da.random.random((48, 48), chunks=12) @ da.arange(0, 48, 1, chunks=12)[:, None]).sum()").unwrap();
    let mut b = GraphBuilder::new();
    expr.plan(&mut b);
    let graph = b.build().unwrap();
    let kill = Fault { trigger: Trigger::At(SimTime(20_000)), kind: FaultKind::KillWorker { worker: "a".into() } };
    let mut world = World::new(ClusterSpec::local(3, 2), Workload::compute(graph.clone()), vec![kill], 5).unwrap();
    if ahead {
        world.compute_ahead();
    }
    let start = Sim::new(world.clone());
    let mut sim = Sim::new(world);
    while sim.step() {}
    let values = graph.ids().map(|t| sim.world().value(t).cloned()).collect();
    (sim.trace().to_jsonl(&graph, &sim.world().worker_names()), values, start)
}

#[test]
fn values_computed_ahead_leave_the_trace_and_every_value_unchanged() {
    let (plain_trace, plain_values, _) = run(false);
    let (ahead_trace, ahead_values, _) = run(true);
    assert!(plain_values.iter().filter(|v| v.is_some()).count() > 20, "a real array run");
    assert_eq!(ahead_values, plain_values);
    assert_eq!(ahead_trace, plain_trace);
}

#[test]
fn a_value_computed_ahead_shows_only_once_its_task_has_finished() {
    let (_, _, start) = run(true);
    let world = start.world();
    assert!(world.graph().ids().all(|t| world.value(t).is_none()), "nothing has run yet");
}

#[test]
fn every_built_in_scenario_runs_the_same_with_its_values_computed_ahead() {
    for b in tasklab::scenario::builtins() {
        let id = b.id;
        let scenario = tasklab::scenario::parse(b.text).unwrap_or_else(|e| panic!("{id}: {e}"));
        let run = |ahead: bool| {
            let mut world = scenario.world();
            if ahead {
                world.compute_ahead();
            }
            let mut sim = Sim::new(world);
            while sim.step() {}
            let graph = sim.world().graph().clone();
            let values: Vec<Option<Value>> = graph.ids().map(|t| sim.world().value(t).cloned()).collect();
            (sim.trace().to_jsonl(&graph, &sim.world().worker_names()), values)
        };
        let (plain, ahead) = (run(false), run(true));
        assert!(plain.0 == ahead.0, "{id}: the trace changed");
        assert!(plain.1 == ahead.1, "{id}: a value changed");
    }
}
