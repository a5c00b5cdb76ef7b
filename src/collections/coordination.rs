//! Lecture 002's shared counter, three ways, on Dask's coordination primitives: every
//! partition (a megabyte of records loaded first) adds one per record to a counter held behind a `distributed.Lock` (a lease
//! through the scheduler per increment, so partitions queue for it); or calls an actor's
//! `increment` (one call at a time on the actor's thread, no scheduler in the way); or
//! pre-aggregates its count locally and one `sum` adds the partitions up. A fourth way,
//! `unlocked`, reads and writes the counter with nothing in the way and loses increments.
//!
//! `queue` builds lecture 004's producers and consumers on a queue and a variable.
//!
//! The primitives themselves (lock, semaphore, actor, queue, variable, counter) are engine
//! steps (`graph::Step`, carried out by `sim`); this module only builds the workloads.

pub mod queue;

use super::token::{tokenize, uuid4};
use crate::graph::{GraphBuilder, Kernel, Primitive, Step, TaskId, TaskSpec};
use crate::rng::Rng;
use crate::sim::{Workload, World};
use crate::time::SimDuration;
use crate::value::Value;
use serde::Deserialize;
use std::sync::Arc;

/// `partitions` partitions each adding `increments_per_partition` to one shared count.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CounterSpec {
    /// `lock`, `actor` or `preaggregate` (or `unlocked`, to watch increments get lost).
    pub mode: String,
    pub partitions: u32,
    pub increments_per_partition: u32,
    /// Seeds the actor's uuid key.
    #[serde(default)]
    pub seed: u64,
}

/// The shared counter's name in the trace.
pub const COUNTER: &str = "counter";
/// One message between a worker and the scheduler (or another worker), as on a local cluster.
const MESSAGE: SimDuration = SimDuration::from_millis(1);
const MAX_INCREMENTS: u64 = 100_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// No lock at all: the race the lock is there to prevent.
    Unlocked,
    Lock,
    Actor,
    Preaggregate,
}

impl CounterSpec {
    fn mode(&self) -> Result<Mode, String> {
        let mode = match self.mode.as_str() {
            "unlocked" => Mode::Unlocked,
            "lock" => Mode::Lock,
            "actor" => Mode::Actor,
            "preaggregate" => Mode::Preaggregate,
            other => return Err(format!("mode = `{other}`: use unlocked, lock, actor or preaggregate")),
        };
        if self.partitions == 0 {
            return Err("partitions = 0: give at least one partition".into());
        }
        let total = self.partitions as u64 * self.increments_per_partition as u64;
        if total > MAX_INCREMENTS {
            return Err(format!("{} partitions × {} increments is {total}; at most {MAX_INCREMENTS}", self.partitions, self.increments_per_partition));
        }
        Ok(mode)
    }
}

/// The counter's workload, submitted at time zero.
pub fn build(spec: &CounterSpec) -> Result<Workload, String> {
    let mode = spec.mode()?;
    let n = spec.increments_per_partition;
    let mut b = GraphBuilder::new();
    let func = match mode {
        Mode::Unlocked => "count_without_lock",
        Mode::Lock => "count_with_lock",
        Mode::Actor => "count_with_actor",
        Mode::Preaggregate => "count_partition",
    };
    // `client.submit(Counter, actor=True)`: an impure key, one instance on one worker.
    let actor = (mode == Mode::Actor).then(|| {
        let key = format!("Counter-{}", uuid4(&mut Rng::new(spec.seed)));
        b.add(TaskSpec::new(key, vec![]).duration(SimDuration::from_millis(1)).nbytes(64))
    });
    // Each partition's records: a megabyte read from storage, so counts run where they are.
    let load = tokenize(&["load_partition", &n.to_string(), &spec.seed.to_string()]);
    let records: Vec<TaskId> = (0..spec.partitions)
        .map(|i| {
            let key = format!("load_partition-{}", tokenize(&[&load, &i.to_string()]));
            let mut t = TaskSpec::new(key, vec![]).duration(SimDuration::from_millis(10)).nbytes(1_000_000).kernel(unit());
            t.data_producer = true;
            b.add(t)
        })
        .collect();
    let base = tokenize(&[func, &n.to_string()]);
    let parts: Vec<TaskId> = records
        .iter()
        .map(|&r| {
            let key = format!("{func}-{}", tokenize(&[&base, &b.spec(r).key]));
            let deps = std::iter::once(r).chain(actor).collect();
            let mut t = TaskSpec::new(key, deps).gil(true).nbytes(28);
            t = match mode {
                Mode::Unlocked => {
                    // Per increment: read the shared value, then write it plus one (two round
                    // trips), with nothing stopping another partition in between.
                    t.duration(SimDuration::from_millis(1)).kernel(unit()).coordination_step(Step::Critical {
                        primitive: Primitive::Unguarded,
                        name: COUNTER.into(),
                        times: n,
                        before: SimDuration(0),
                        hold: SimDuration(4 * MESSAGE.0),
                        counter: Some((COUNTER.into(), 1.0)),
                    })
                }
                Mode::Lock => {
                    // Per increment: ask the scheduler for the lease, then read and write the
                    // shared value (two round trips) while holding it.
                    t.duration(SimDuration::from_millis(1)).kernel(unit()).coordination_step(Step::Critical {
                        primitive: Primitive::Lock,
                        name: COUNTER.into(),
                        times: n,
                        before: MESSAGE,
                        hold: SimDuration(4 * MESSAGE.0),
                        counter: Some((COUNTER.into(), 1.0)),
                    })
                }
                Mode::Actor => {
                    // Per increment: the call and its answer travel between workers; the
                    // actor's thread runs one `increment` at a time.
                    let actor_key = b.spec(actor.expect("actor mode has an actor")).key.clone();
                    t.duration(SimDuration::from_millis(1)).kernel(unit()).coordination_step(Step::Critical {
                        primitive: Primitive::Actor,
                        name: actor_key,
                        times: n,
                        before: SimDuration(2 * MESSAGE.0),
                        hold: SimDuration::from_micros(10),
                        counter: Some((COUNTER.into(), 1.0)),
                    })
                }
                Mode::Preaggregate => {
                    let count: Kernel = Arc::new(move |_: &[&Value]| Ok(Value::Scalar(n as f64)));
                    t.duration(SimDuration::from_micros(100 + n as u64)).kernel(count)
                }
            };
            b.add(t)
        })
        .collect();
    if mode == Mode::Preaggregate {
        let sum: Kernel = Arc::new(|v: &[&Value]| {
            v.iter()
                .map(|x| match x {
                    Value::Scalar(s) => Ok(*s),
                    other => Err(format!("sum expects counts, got {other}")),
                })
                .sum::<Result<f64, String>>()
                .map(Value::Scalar)
        });
        let keys: Vec<String> = parts.iter().map(|p| b.spec(*p).key.clone()).collect();
        let key = format!("sum-{}", tokenize(&keys.iter().map(String::as_str).collect::<Vec<_>>()));
        b.add(TaskSpec::new(key, parts).duration(SimDuration::from_micros(10 + spec.partitions as u64)).nbytes(28).kernel(sum));
    }
    let graph = b.build().map_err(|e| e.to_string())?;
    Ok(Workload::compute(graph))
}

/// The count the run arrived at: the shared counter, or the final sum's value.
pub fn total(spec: &CounterSpec, world: &World) -> Option<f64> {
    match spec.mode().ok()? {
        Mode::Unlocked | Mode::Lock | Mode::Actor => world.coordination().counter(COUNTER),
        Mode::Preaggregate => match world.value(*world.graph().outputs().first()?)? {
            Value::Scalar(x) => Some(*x),
            _ => None,
        },
    }
}

fn unit() -> Kernel {
    Arc::new(|_: &[&Value]| Ok(Value::Unit))
}

#[cfg(test)]
mod tests;
