//! Coordination primitives on the simulated cluster: locks and semaphores (leases the
//! scheduler grants), actors (one method call at a time), queues, variables, and shared
//! counters. A task takes its `coordination` steps in order after its own work; while it
//! waits it keeps its thread, as a blocking `acquire()` or `get()` does, and every wait,
//! grant, release, put and get goes into the trace with how many are waiting.
//!
//! An unguarded section (no primitive at all) reads the counter when it starts and writes
//! back what it read plus its addition, so overlapping sections lose updates.
//! Waiters are served first come, first served (Dask's semaphore lets waiters race; FIFO is
//! the deterministic stand-in). Hooks: `exec_done` asks `coordination_continues` first;
//! `stop_process` calls `coordination_worker_lost`. Makes no scheduling decision.

use super::trace::{Trace, TraceEvent, WorkerEvent};
use super::worker::Running;
use super::World;
use crate::graph::{Primitive, Step, TaskId};
use crate::sched::WorkerId;
use crate::time::{SimDuration, SimTime};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// Something a task did through a primitive.
#[derive(Clone, Debug, PartialEq)]
pub enum CoordEvent {
    /// It asked and must wait; `waiting` counts the waiters, itself included.
    Waits { primitive: &'static str, name: String, waiting: u32 },
    Acquired { primitive: &'static str, name: String, waited: SimDuration },
    Released { primitive: &'static str, name: String },
    /// The shared counter's new value.
    Counter { name: String, value: f64 },
    QueuePut { name: String, length: u32 },
    QueueGot { name: String, length: u32, waited: SimDuration },
    VariableSet { name: String },
    VariableGot { name: String, waited: SimDuration },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// The request is on its way (`before`).
    Before,
    /// Parked until the primitive lets it go on.
    Waiting,
    /// Inside the critical section (`hold`).
    Hold,
    /// Every step taken: the task finishes when this stretch ends.
    Done,
}

#[derive(Clone, Copy, Debug)]
struct Cursor {
    step: usize,
    rep: u32,
    phase: Phase,
    since: SimTime,
    /// The counter's value when an unguarded section read it.
    read: f64,
}

/// A waiting task, off the cores but still on its thread.
#[derive(Clone, Debug)]
struct Parked {
    w: WorkerId,
    run: Running,
}

/// The state of every primitive in the cluster.
#[derive(Clone, Debug, Default)]
pub struct Coordination {
    cursors: BTreeMap<(WorkerId, TaskId), Cursor>,
    holders: BTreeMap<String, BTreeSet<(WorkerId, TaskId)>>,
    waiters: BTreeMap<String, VecDeque<Parked>>,
    queues: BTreeMap<String, VecDeque<TaskId>>,
    variables: BTreeSet<String>,
    counters: BTreeMap<String, f64>,
}

impl Coordination {
    /// A shared counter's value (`None` before anything added to it).
    pub fn counter(&self, name: &str) -> Option<f64> {
        self.counters.get(name).copied()
    }
    /// Items waiting in a queue.
    pub fn queue_length(&self, name: &str) -> usize {
        self.queues.get(name).map_or(0, VecDeque::len)
    }
    /// Tasks waiting on a lock, semaphore, actor, queue or variable (by its trace name).
    pub fn waiting(&self, primitive: &str, name: &str) -> usize {
        self.waiters.get(&resource(primitive, name)).map_or(0, VecDeque::len)
    }
}

fn kind(p: Primitive) -> &'static str {
    match p {
        Primitive::Lock => "lock",
        Primitive::Semaphore { .. } => "semaphore",
        Primitive::Actor => "actor",
        Primitive::Unguarded => "unguarded",
    }
}

fn leases(p: Primitive) -> usize {
    match p {
        Primitive::Semaphore { max_leases } => max_leases.max(1) as usize,
        Primitive::Lock | Primitive::Actor => 1,
        Primitive::Unguarded => usize::MAX,
    }
}

fn resource(primitive: &str, name: &str) -> String {
    format!("{primitive}:{name}")
}

impl World {
    /// A running task's stretch of work just ended. True when it goes on (to its next
    /// coordination phase, or parked waiting); false when it is done and finishes as usual.
    pub(super) fn coordination_continues(&mut self, w: WorkerId, token: u64, trace: &mut Trace) -> bool {
        let Some(task) = self.workers[w.index()].running.iter().find(|r| r.token == token).map(|r| r.task) else { return false };
        if self.graph.task(task).coordination.is_empty() {
            return false;
        }
        self.catch_up_cpu();
        let (step, rep) = match self.coord.cursors.get(&(w, task)).copied() {
            None => (0, 0),
            Some(Cursor { phase: Phase::Done, .. }) => {
                self.coord.cursors.remove(&(w, task));
                return false;
            }
            Some(Cursor { phase: Phase::Before, step, rep, .. }) => {
                self.try_acquire(w, task, step, rep, trace);
                self.recompute_all_rates();
                return true;
            }
            Some(Cursor { phase: Phase::Hold, step, rep, .. }) => {
                self.release(w, task, step, trace);
                (step, rep + 1)
            }
            Some(Cursor { phase: Phase::Waiting, step, rep, .. }) => (step, rep),
        };
        self.proceed(w, task, step, rep, trace);
        self.recompute_all_rates();
        true
    }

    /// A lease or a message may wake a task on any worker, so every process is revisited
    /// (rates already up to date are left alone).
    fn recompute_all_rates(&mut self) {
        for i in 0..self.workers.len() {
            self.recompute_rates(WorkerId(i as u32));
        }
    }

    /// The worker's process is gone: its waiters leave the queues and its leases are freed
    /// for the next in line.
    pub(super) fn coordination_worker_lost(&mut self, w: WorkerId, trace: &mut Trace) {
        self.coord.cursors.retain(|(cw, _), _| *cw != w);
        for q in self.coord.waiters.values_mut() {
            q.retain(|p| p.w != w);
        }
        let freed: Vec<String> = self
            .coord
            .holders
            .iter_mut()
            .filter_map(|(k, hs)| {
                let before = hs.len();
                hs.retain(|(hw, _)| *hw != w);
                (hs.len() < before).then(|| k.clone())
            })
            .collect();
        let woke = !freed.is_empty();
        for k in freed {
            self.grant(&k, trace);
        }
        if woke {
            self.recompute_all_rates();
        }
    }

    fn set_cursor(&mut self, w: WorkerId, task: TaskId, step: usize, rep: u32, phase: Phase) {
        self.coord.cursors.insert((w, task), Cursor { step, rep, phase, since: self.now, read: 0.0 });
    }

    /// Gives the running task `work_us` more work; `recompute_rates` schedules its end.
    fn rearm(&mut self, w: WorkerId, task: TaskId, work_us: f64) {
        if let Some(r) = self.workers[w.index()].running.iter_mut().find(|r| r.task == task) {
            r.remaining = work_us;
            r.token = 0;
        }
    }

    fn coord_event(&self, w: WorkerId, task: TaskId, event: CoordEvent, trace: &mut Trace) {
        trace.push(self.now, TraceEvent::Worker { worker: w, event: WorkerEvent::Coordination { task, event: Box::new(event) } });
    }

    /// Takes the steps from `step` (repetition `rep`) until one needs time or a wait.
    fn proceed(&mut self, w: WorkerId, task: TaskId, mut step: usize, mut rep: u32, trace: &mut Trace) {
        loop {
            let Some(s) = self.graph.task(task).coordination.get(step).cloned() else {
                self.set_cursor(w, task, step, rep, Phase::Done);
                self.rearm(w, task, 0.0);
                return;
            };
            match s {
                Step::Critical { times, before, .. } => {
                    if rep >= times {
                        (step, rep) = (step + 1, 0);
                        continue;
                    }
                    if before.0 > 0 {
                        self.set_cursor(w, task, step, rep, Phase::Before);
                        self.rearm(w, task, before.0 as f64);
                    } else {
                        self.try_acquire(w, task, step, rep, trace);
                    }
                    return;
                }
                Step::QueuePut { name } => {
                    let q = self.coord.queues.entry(name.clone()).or_default();
                    q.push_back(task);
                    let length = q.len() as u32;
                    self.coord_event(w, task, CoordEvent::QueuePut { name: name.clone(), length }, trace);
                    self.grant(&resource("queue", &name), trace);
                }
                Step::QueueGet { name } => {
                    let Some(q) = self.coord.queues.get_mut(&name).filter(|q| !q.is_empty()) else {
                        self.park(w, task, step, rep, resource("queue", &name), trace);
                        return;
                    };
                    q.pop_front();
                    let length = q.len() as u32;
                    self.coord_event(w, task, CoordEvent::QueueGot { name, length, waited: SimDuration(0) }, trace);
                }
                Step::VariableSet { name } => {
                    self.coord.variables.insert(name.clone());
                    self.coord_event(w, task, CoordEvent::VariableSet { name: name.clone() }, trace);
                    self.grant(&resource("variable", &name), trace);
                }
                Step::VariableGet { name } => {
                    if !self.coord.variables.contains(&name) {
                        self.park(w, task, step, rep, resource("variable", &name), trace);
                        return;
                    }
                    self.coord_event(w, task, CoordEvent::VariableGot { name, waited: SimDuration(0) }, trace);
                }
            }
            step += 1;
        }
    }

    fn critical(&self, task: TaskId, step: usize) -> (Primitive, String, SimDuration, Option<(String, f64)>) {
        match &self.graph.task(task).coordination[step] {
            Step::Critical { primitive, name, hold, counter, .. } => (*primitive, name.clone(), *hold, counter.clone()),
            other => unreachable!("step {step} of a critical section is {other:?}"),
        }
    }

    fn try_acquire(&mut self, w: WorkerId, task: TaskId, step: usize, rep: u32, trace: &mut Trace) {
        let (primitive, name, hold, counter) = self.critical(task, step);
        let key = resource(kind(primitive), &name);
        let free = self.coord.holders.get(&key).map_or(0, BTreeSet::len) < leases(primitive);
        let nobody_waits = self.coord.waiters.get(&key).is_none_or(VecDeque::is_empty);
        if primitive == Primitive::Unguarded {
            let read = counter.map_or(0.0, |(c, _)| self.coord.counters.get(&c).copied().unwrap_or(0.0));
            self.set_cursor(w, task, step, rep, Phase::Hold);
            if let Some(c) = self.coord.cursors.get_mut(&(w, task)) {
                c.read = read;
            }
            self.rearm(w, task, hold.0 as f64);
        } else if free && nobody_waits {
            self.coord.holders.entry(key).or_default().insert((w, task));
            self.coord_event(w, task, CoordEvent::Acquired { primitive: kind(primitive), name, waited: SimDuration(0) }, trace);
            self.set_cursor(w, task, step, rep, Phase::Hold);
            self.rearm(w, task, hold.0 as f64);
        } else {
            self.park(w, task, step, rep, key, trace);
        }
    }

    /// Takes the task off the cores (it keeps its thread) until `key` lets it go on.
    fn park(&mut self, w: WorkerId, task: TaskId, step: usize, rep: u32, key: String, trace: &mut Trace) {
        let ws = &mut self.workers[w.index()];
        let Some(j) = ws.running.iter().position(|r| r.task == task) else { return };
        let run = ws.running.swap_remove(j);
        self.set_cursor(w, task, step, rep, Phase::Waiting);
        let q = self.coord.waiters.entry(key.clone()).or_default();
        q.push_back(Parked { w, run });
        let waiting = q.len() as u32;
        let (primitive, name) = key.split_once(':').expect("resource keys are kind:name");
        let primitive = ["lock", "semaphore", "actor", "queue", "variable"].into_iter().find(|p| *p == primitive).unwrap_or("lock");
        self.coord_event(w, task, CoordEvent::Waits { primitive, name: name.to_string(), waiting }, trace);
    }

    /// The end of a critical section: the counter moves, the lease is given back, and the
    /// next in line gets it.
    fn release(&mut self, w: WorkerId, task: TaskId, step: usize, trace: &mut Trace) {
        let (primitive, name, _, counter) = self.critical(task, step);
        let read = self.coord.cursors.get(&(w, task)).map_or(0.0, |c| c.read);
        if let Some((c, add)) = counter {
            let v = self.coord.counters.entry(c.clone()).or_insert(0.0);
            // Unguarded, it writes back what it read: whatever others added since is lost.
            *v = if primitive == Primitive::Unguarded { read + add } else { *v + add };
            let value = *v;
            self.coord_event(w, task, CoordEvent::Counter { name: c, value }, trace);
        }
        if primitive == Primitive::Unguarded {
            return;
        }
        let key = resource(kind(primitive), &name);
        if let Some(hs) = self.coord.holders.get_mut(&key) {
            hs.remove(&(w, task));
        }
        self.coord_event(w, task, CoordEvent::Released { primitive: kind(primitive), name }, trace);
        self.grant(&key, trace);
    }

    /// Lets waiters on `key` go on while the primitive allows it.
    fn grant(&mut self, key: &str, trace: &mut Trace) {
        loop {
            let Some(front) = self.coord.waiters.get(key).and_then(|q| q.front()) else { return };
            let (pw, task) = (front.w, front.run.task);
            let Some(cursor) = self.coord.cursors.get(&(pw, task)).copied() else { return };
            let step = &self.graph.task(task).coordination[cursor.step];
            let waited = self.now.since(cursor.since);
            match step.clone() {
                Step::Critical { primitive, name, hold, .. } => {
                    if self.coord.holders.get(key).map_or(0, BTreeSet::len) >= leases(primitive) {
                        return;
                    }
                    self.unpark(key);
                    self.coord.holders.entry(key.to_string()).or_default().insert((pw, task));
                    self.coord_event(pw, task, CoordEvent::Acquired { primitive: kind(primitive), name, waited }, trace);
                    self.set_cursor(pw, task, cursor.step, cursor.rep, Phase::Hold);
                    // A lease granted through the scheduler reaches the waiter a message later.
                    let handoff = if primitive == Primitive::Actor { 0 } else { self.spec.latency.0 };
                    self.rearm(pw, task, (hold.0 + handoff) as f64);
                }
                Step::QueueGet { name } => {
                    let Some(q) = self.coord.queues.get_mut(&name).filter(|q| !q.is_empty()) else { return };
                    q.pop_front();
                    let length = q.len() as u32;
                    self.unpark(key);
                    self.coord_event(pw, task, CoordEvent::QueueGot { name, length, waited }, trace);
                    self.proceed(pw, task, cursor.step + 1, 0, trace);
                }
                Step::VariableGet { name } => {
                    self.unpark(key);
                    self.coord_event(pw, task, CoordEvent::VariableGot { name, waited }, trace);
                    self.proceed(pw, task, cursor.step + 1, 0, trace);
                }
                Step::QueuePut { .. } | Step::VariableSet { .. } => return,
            }
        }
    }

    /// Puts the first waiter on `key` back on the cores.
    fn unpark(&mut self, key: &str) {
        if let Some(p) = self.coord.waiters.get_mut(key).and_then(VecDeque::pop_front) {
            let mut run = p.run;
            run.remaining = 0.0;
            run.token = 0;
            self.workers[p.w.index()].running.push(run);
        }
    }
}

#[cfg(test)]
mod tests;
