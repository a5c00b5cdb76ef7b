//! Lecture 004's producers and consumers on a `distributed.Queue`: each producer makes its
//! items one after another and `put`s each on the queue; each consumer first reads the shared
//! parameters from a `distributed.Variable` (waiting until `load_params` has set it), then
//! `get`s items one at a time, processing each before asking for the next. A `get` on an
//! empty queue waits, holding its thread.
//!
//! Builds the workload only; the queue and the variable are engine steps carried out by `sim`.

use super::super::token::tokenize;
use crate::graph::{GraphBuilder, Step, TaskId, TaskSpec};
use crate::sim::Workload;
use crate::time::SimDuration;
use serde::Deserialize;

/// `producers` each putting `items_per_producer` items on one queue, taken by `consumers`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueSpec {
    pub producers: u32,
    pub consumers: u32,
    pub items_per_producer: u32,
}

/// The queue's name in the trace.
pub const QUEUE: &str = "items";
/// The variable's name in the trace.
pub const PARAMS: &str = "params";
/// Making one item; producer `p` (from 0) takes `p + 1` times this, so they run at different speeds.
const PRODUCE: SimDuration = SimDuration::from_millis(100);
/// Processing one item.
const CONSUME: SimDuration = SimDuration::from_millis(150);
const LOAD_PARAMS: SimDuration = SimDuration::from_millis(50);
const MAX_ITEMS: u32 = 1000;

impl QueueSpec {
    fn check(&self, threads: u32) -> Result<u32, String> {
        if self.producers == 0 || self.consumers == 0 || self.items_per_producer == 0 {
            return Err("producers, consumers and items_per_producer must each be at least 1".into());
        }
        let items = self.producers * self.items_per_producer;
        if items > MAX_ITEMS {
            return Err(format!("{items} items is too many for a lecture ({MAX_ITEMS} at most)"));
        }
        if items % self.consumers != 0 {
            return Err(format!("{items} items cannot be shared evenly by {} consumers: every get() must find an item", self.consumers));
        }
        let needed = self.producers + self.consumers + 1;
        if threads < needed {
            return Err(format!(
                "{} producers, {} consumers and load_params need {needed} threads and the cluster has {threads}: a waiting get() keeps its thread, so fewer could wait forever",
                self.producers, self.consumers
            ));
        }
        Ok(items / self.consumers)
    }
}

/// The workload, submitted at time zero, for a cluster with `threads` threads in all.
pub fn build(spec: &QueueSpec, threads: u32) -> Result<Workload, String> {
    let per_consumer = spec.check(threads)?;
    let mut b = GraphBuilder::new();
    let mut params = TaskSpec::new(format!("load_params-{}", tokenize(&["load_params"])), vec![]).duration(LOAD_PARAMS).nbytes(64);
    params.coordination = vec![Step::VariableSet { name: PARAMS.into() }];
    b.add(params);
    for p in 0..spec.producers {
        let mut previous: Option<TaskId> = None;
        for j in 0..spec.items_per_producer {
            let key = format!("produce-{}", tokenize(&["produce", &p.to_string(), &j.to_string()]));
            let mut t = TaskSpec::new(key, previous.into_iter().collect()).duration(SimDuration(PRODUCE.0 * (p as u64 + 1))).nbytes(28).gil(true);
            t.coordination = vec![Step::QueuePut { name: QUEUE.into() }];
            previous = Some(b.add(t));
        }
    }
    for c in 0..spec.consumers {
        // `get` k comes after processing item k - 1; the last item is processed by `done`.
        let mut previous: Option<TaskId> = None;
        for k in 0..per_consumer {
            let key = format!("consume-{}", tokenize(&["consume", &c.to_string(), &k.to_string()]));
            let work = if k == 0 { SimDuration::from_millis(1) } else { CONSUME };
            let mut t = TaskSpec::new(key, previous.into_iter().collect()).duration(work).nbytes(28).gil(true);
            let get = Step::QueueGet { name: QUEUE.into() };
            t.coordination = if k == 0 { vec![Step::VariableGet { name: PARAMS.into() }, get] } else { vec![get] };
            previous = Some(b.add(t));
        }
        let key = format!("consume_done-{}", tokenize(&["consume_done", &c.to_string()]));
        b.add(TaskSpec::new(key, previous.into_iter().collect()).duration(CONSUME).nbytes(28).gil(true));
    }
    let graph = b.build().map_err(|e| e.to_string())?;
    Ok(Workload::compute(graph))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{ClusterSpec, CoordEvent, Sim, TraceEvent, WorkerEvent, World};

    fn run(spec: &QueueSpec, workers: usize) -> Sim {
        let w = build(spec, workers as u32 * 2).unwrap();
        let mut sim = Sim::new(World::new(ClusterSpec::local(workers, 2), w, vec![], 1).unwrap());
        while sim.step() {}
        sim
    }

    fn events(sim: &Sim) -> Vec<CoordEvent> {
        sim.trace()
            .entries
            .iter()
            .filter_map(|e| match &e.event {
                TraceEvent::Worker { event: WorkerEvent::Coordination { event, .. }, .. } => Some((**event).clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_item_put_is_got_once_and_consumers_wait_on_an_empty_queue() {
        let spec = QueueSpec { producers: 2, consumers: 3, items_per_producer: 3 };
        let sim = run(&spec, 3);
        assert!(sim.world().is_finished());
        let ev = events(&sim);
        let puts = ev.iter().filter(|e| matches!(e, CoordEvent::QueuePut { .. })).count();
        let gets: Vec<SimDuration> = ev.iter().filter_map(|e| if let CoordEvent::QueueGot { waited, .. } = e { Some(*waited) } else { None }).collect();
        assert_eq!((puts, gets.len()), (6, 6), "every item put is taken once");
        assert!(gets.iter().any(|w| w.0 > 0), "a consumer asked before any item was there and waited");
        assert_eq!(sim.world().coordination().queue_length(QUEUE), 0, "the queue ends empty");
        let variable_waits = ev.iter().filter(|e| matches!(e, CoordEvent::VariableGot { waited, .. } if waited.0 > 0)).count();
        assert!(variable_waits > 0, "consumers that started before load_params waited for the variable");
    }

    #[test]
    fn fast_producers_and_slow_consumers_let_the_queue_grow() {
        let sim = run(&QueueSpec { producers: 3, consumers: 1, items_per_producer: 4 }, 3);
        let longest = events(&sim).iter().filter_map(|e| if let CoordEvent::QueuePut { length, .. } = e { Some(*length) } else { None }).max();
        assert!(longest.unwrap_or(0) >= 3, "one consumer falls behind three producers: {longest:?}");
    }

    #[test]
    fn a_workload_that_could_wait_forever_or_leave_a_get_unanswered_is_refused() {
        let short = build(&QueueSpec { producers: 2, consumers: 3, items_per_producer: 3 }, 4).unwrap_err();
        assert!(short.contains("need 6 threads and the cluster has 4"), "{short}");
        let uneven = build(&QueueSpec { producers: 1, consumers: 2, items_per_producer: 3 }, 8).unwrap_err();
        assert!(uneven.contains("3 items cannot be shared evenly by 2 consumers"), "{uneven}");
    }
}
