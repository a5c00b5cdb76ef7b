//! Lecture 002's counter three ways: the same total, and what each way costs.

use super::*;
use crate::sim::{ClusterSpec, CoordEvent, Sim, TraceEvent, WorkerEvent};

fn spec(mode: &str) -> CounterSpec {
    CounterSpec { mode: mode.into(), partitions: 4, increments_per_partition: 25, seed: 3 }
}

fn run(s: &CounterSpec) -> Sim {
    let w = build(s).unwrap();
    let mut sim = Sim::new(World::new(ClusterSpec::local(4, 1), w, vec![], 1).unwrap());
    while sim.step() {}
    sim
}

fn most_waiting(sim: &Sim) -> u32 {
    sim.trace()
        .entries
        .iter()
        .filter_map(|e| match &e.event {
            TraceEvent::Worker { event: WorkerEvent::Coordination { event, .. }, .. } => match **event {
                CoordEvent::Waits { waiting, .. } => Some(waiting),
                _ => None,
            },
            _ => None,
        })
        .max()
        .unwrap_or(0)
}

#[test]
fn the_counter_gives_the_same_total_all_three_ways() {
    for mode in ["lock", "actor", "preaggregate"] {
        let s = spec(mode);
        let sim = run(&s);
        assert!(sim.world().is_finished(), "{mode}");
        let want = (s.partitions * s.increments_per_partition) as f64;
        assert_eq!(total(&s, sim.world()), Some(want), "{mode}");
    }
}

#[test]
fn a_lock_per_increment_queues_the_partitions_and_takes_longest() {
    let (lock, actor, pre) = (run(&spec("lock")), run(&spec("actor")), run(&spec("preaggregate")));
    assert!(most_waiting(&lock) >= 2, "partitions queue for the lock");
    assert_eq!(most_waiting(&pre), 0, "pre-aggregation never waits");
    let t = |s: &Sim| s.world().now();
    assert!(t(&lock) > t(&actor), "lock {} vs actor {}", t(&lock), t(&actor));
    assert!(t(&actor) > t(&pre), "actor {} vs preaggregate {}", t(&actor), t(&pre));
    // 100 increments one at a time behind the lock, each at least its 4 ms section.
    assert!(t(&lock).as_secs_f64() >= 0.4, "{}", t(&lock));
}

#[test]
fn the_graphs_are_shaped_as_the_three_programs() {
    let g = |m: &str| build(&spec(m)).unwrap().graph;
    let prefix = |g: &crate::graph::TaskGraph, t: TaskId| crate::graph::key_split(g.key(t));
    let lock = g("lock");
    assert_eq!(lock.len(), 8, "a load and a count per partition");
    assert!(lock.outputs().iter().all(|&t| prefix(&lock, t) == "count_with_lock" && lock.deps(t).len() == 1));
    let actor = g("actor");
    assert_eq!(actor.len(), 9, "the actor, and a load and a count per partition");
    let handle = actor.ids().find(|&t| actor.key(t).starts_with("Counter-")).unwrap();
    assert!(actor.outputs().iter().all(|&t| actor.deps(t).len() == 2 && actor.deps(t).contains(&handle)));
    let pre = g("preaggregate");
    assert_eq!(pre.len(), 9, "a load and a count per partition, and one sum");
    assert_eq!(pre.outputs().len(), 1);
    assert_eq!(pre.deps(pre.outputs()[0]).len(), 4);
}

#[test]
fn bad_specs_say_what_is_wrong() {
    assert!(build(&CounterSpec { mode: "mutex".into(), ..spec("lock") }).unwrap_err().contains("lock, actor or preaggregate"));
    assert!(build(&CounterSpec { partitions: 0, ..spec("lock") }).unwrap_err().contains("partitions = 0"));
    assert!(serde_json::from_str::<CounterSpec>(r#"{"mode": "lock", "partitions": 2, "increments_per_partition": 3, "oops": 1}"#).is_err());
}

#[test]
fn without_the_lock_partitions_overwrite_each_others_increments() {
    let s = spec("unlocked");
    let sim = run(&s);
    let got = total(&s, sim.world()).unwrap();
    let want = (s.partitions * s.increments_per_partition) as f64;
    assert!(got < want, "{got} of {want}: overlapping read-modify-writes lose updates");
    assert!(got >= s.increments_per_partition as f64, "each partition still counts its own: {got}");
    assert_eq!(most_waiting(&sim), 0, "nobody waits: that is the point, and the problem");
}
