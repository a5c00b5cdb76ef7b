//! The primitives on a running cluster: who waits, for how long, and that nobody is stuck.

use crate::graph::{GraphBuilder, Primitive, Step, TaskSpec};
use crate::sim::{ClusterSpec, CoordEvent, Fault, FaultKind, Sim, TraceEvent, Trigger, WorkerEvent, Workload, World};
use crate::time::{SimDuration, SimTime};

fn run(b: GraphBuilder, workers: usize, faults: Vec<Fault>) -> Sim {
    let mut spec = ClusterSpec::local(workers, 1);
    spec.nanny = false;
    let mut sim = Sim::new(World::new(spec, Workload::compute(b.build().unwrap()), faults, 1).unwrap());
    while sim.step() {}
    sim
}

fn events(sim: &Sim) -> Vec<(SimTime, String, CoordEvent)> {
    let g = sim.world().graph();
    sim.trace()
        .entries
        .iter()
        .filter_map(|e| match &e.event {
            TraceEvent::Worker { event: WorkerEvent::Coordination { task, event }, .. } => Some((e.time, g.key(*task).to_string(), (**event).clone())),
            _ => None,
        })
        .collect()
}

fn ms(n: u64) -> SimDuration {
    SimDuration::from_millis(n)
}

fn section(primitive: Primitive, name: &str, hold: u64) -> Step {
    Step::Critical { primitive, name: name.into(), times: 1, before: SimDuration(0), hold: ms(hold), counter: Some(("n".into(), 1.0)) }
}

#[test]
fn a_consumer_waits_on_an_empty_queue_until_the_producer_puts() {
    let mut b = GraphBuilder::new();
    b.add(TaskSpec::new("producer", vec![]).duration(ms(300)).coordination_step(Step::QueuePut { name: "q".into() }));
    b.add(TaskSpec::new("consumer", vec![]).duration(ms(1)).coordination_step(Step::QueueGet { name: "q".into() }));
    let sim = run(b, 2, vec![]);
    let ev = events(&sim);
    let waits = ev.iter().find(|(_, k, e)| k == "consumer" && matches!(e, CoordEvent::Waits { primitive: "queue", waiting: 1, .. }));
    assert!(waits.is_some(), "{ev:?}");
    let put = ev.iter().find(|(_, _, e)| matches!(e, CoordEvent::QueuePut { length: 1, .. })).unwrap().0;
    let (got_at, waited) = ev.iter().find_map(|(t, _, e)| if let CoordEvent::QueueGot { waited, length: 0, .. } = e { Some((*t, *waited)) } else { None }).unwrap();
    assert_eq!(got_at, put);
    assert!(waited >= ms(250), "{waited}");
    assert_eq!(sim.world().coordination().queue_length("q"), 0);
    assert!(sim.world().is_finished());
}

#[test]
fn every_reader_of_a_variable_waits_for_its_first_set() {
    let mut b = GraphBuilder::new();
    b.add(TaskSpec::new("setter", vec![]).duration(ms(200)).coordination_step(Step::VariableSet { name: "v".into() }));
    for r in ["r1", "r2"] {
        b.add(TaskSpec::new(r, vec![]).duration(ms(1)).coordination_step(Step::VariableGet { name: "v".into() }));
    }
    let sim = run(b, 3, vec![]);
    let got: Vec<SimDuration> = events(&sim).iter().filter_map(|(_, _, e)| if let CoordEvent::VariableGot { waited, .. } = e { Some(*waited) } else { None }).collect();
    assert_eq!(got.len(), 2);
    assert!(got.iter().all(|w| *w >= ms(150)), "{got:?}");
}

#[test]
fn a_semaphore_lets_max_leases_tasks_in_at_once_and_queues_the_rest() {
    let mut b = GraphBuilder::new();
    for i in 0..4 {
        b.add(TaskSpec::new(format!("t{i}"), vec![]).duration(ms(1)).coordination_step(section(Primitive::Semaphore { max_leases: 2 }, "s", 100)));
    }
    let sim = run(b, 4, vec![]);
    let mut inside: i32 = 0;
    let mut most = 0;
    for (_, _, e) in events(&sim) {
        match e {
            CoordEvent::Acquired { .. } => inside += 1,
            CoordEvent::Released { .. } => inside -= 1,
            _ => {}
        }
        most = most.max(inside);
    }
    assert_eq!(most, 2);
    assert_eq!(sim.world().coordination().counter("n"), Some(4.0));
    // Two rounds of 100 ms, the second a scheduler message late.
    assert!(sim.world().now() >= SimTime(200_000), "{}", sim.world().now());
}

#[test]
fn a_lock_held_by_a_dead_worker_passes_to_the_next_in_line() {
    let mut b = GraphBuilder::new();
    let holder = b.add(TaskSpec::new("holder", vec![]).duration(ms(1)).coordination_step(section(Primitive::Lock, "l", 1_000)));
    b.add(TaskSpec::new("waiter", vec![]).duration(ms(5)).coordination_step(section(Primitive::Lock, "l", 10)));
    let g = b.spec(holder).key.clone();
    let kill = Fault { trigger: Trigger::At(SimTime(100_000)), kind: FaultKind::KillWorker { worker: "a".into() } };
    let sim = run(b, 2, vec![kill]);
    let ev = events(&sim);
    let first = ev.iter().find(|(_, _, e)| matches!(e, CoordEvent::Acquired { .. })).unwrap();
    assert_eq!(first.1, g, "the holder took the lock first: {ev:?}");
    assert!(ev.iter().any(|(t, k, e)| k == "waiter" && matches!(e, CoordEvent::Acquired { .. }) && *t == SimTime(100_000)), "{ev:?}");
    assert!(sim.world().is_finished());
}

#[test]
fn two_unguarded_sections_that_overlap_lose_one_update() {
    let mut b = GraphBuilder::new();
    for i in 0..2 {
        b.add(TaskSpec::new(format!("t{i}"), vec![]).duration(ms(1)).coordination_step(section(Primitive::Unguarded, "n", 10)));
    }
    b.add(TaskSpec::new("later", vec![]).duration(ms(100)).coordination_step(section(Primitive::Unguarded, "n", 10)));
    let sim = run(b, 3, vec![]);
    // t0 and t1 both read 0 and write 1; `later` reads 1 and writes 2.
    assert_eq!(sim.world().coordination().counter("n"), Some(2.0));
}
