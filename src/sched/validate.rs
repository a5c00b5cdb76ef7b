//! Cross-state invariants of the scheduler, checked after every input in tests.
//!
//! Reads everything, changes nothing.

use super::state::{TaskState, WorkerStatus};
use super::Scheduler;
use crate::graph::TaskId;

impl Scheduler {
    /// Checks that every container agrees with every task's state. Returns the first problem.
    pub fn validate(&self) -> Result<(), String> {
        let key = |t: TaskId| self.graph.key(t).to_string();
        for t in self.graph.ids() {
            let r = &self.tasks[t.index()];
            if !r.known {
                if !r.who_has.is_empty() || r.processing_on.is_some() {
                    return Err(format!("{} is not known but has data or a worker", key(t)));
                }
                continue;
            }
            match r.state {
                TaskState::Processing => {
                    let w = r.processing_on.ok_or_else(|| format!("{} is processing on no worker", key(t)))?;
                    let ws = &self.workers[w.index()];
                    if ws.processing.get(r.pos_in_processing as usize) != Some(&t) {
                        return Err(format!("{} is processing on {} but not in its list", key(t), ws.name));
                    }
                    if ws.status == WorkerStatus::Gone {
                        return Err(format!("{} is processing on {}, which is gone", key(t), ws.name));
                    }
                }
                _ if r.processing_on.is_some() => {
                    return Err(format!("{} is {} but still has a worker", key(t), r.state));
                }
                _ => {}
            }
            let in_memory = r.state == TaskState::Memory;
            if in_memory == r.who_has.is_empty() {
                return Err(format!("{} is {} with {} replicas", key(t), r.state, r.who_has.len()));
            }
            for w in &r.who_has {
                if !self.workers[w.index()].has_what.contains(&t) {
                    return Err(format!("{} says {} holds it, but it does not", key(t), self.workers[w.index()].name));
                }
            }
            let queued = self.queued.contains(&(r.priority, t));
            if queued != (r.state == TaskState::Queued) {
                return Err(format!("{} is {} but queued={queued}", key(t), r.state));
            }
            let unrunnable = self.unrunnable.contains(&(r.priority, t));
            if unrunnable != (r.state == TaskState::NoWorker) {
                return Err(format!("{} is {} but unrunnable={unrunnable}", key(t), r.state));
            }
            if unrunnable != self.unrunnable_since.contains_key(&t) {
                return Err(format!("{} is {} but has no time it became unrunnable", key(t), r.state));
            }
            if r.state == TaskState::Waiting {
                for d in &r.waiting_on {
                    if self.tasks[d.index()].state == TaskState::Memory {
                        return Err(format!("{} waits on {}, which is in memory", key(t), key(*d)));
                    }
                }
                let missing = self.graph.deps(t).iter().filter(|d| self.tasks[d.index()].who_has.is_empty()).count();
                if missing != r.waiting_on.len() {
                    return Err(format!(
                        "{} waits on {} inputs but {} are not in memory",
                        key(t),
                        r.waiting_on.len(),
                        missing
                    ));
                }
            }
            if r.state == TaskState::Erred && r.exception_blame.is_none() {
                return Err(format!("{} erred with nobody to blame", key(t)));
            }
        }
        let mut threads = 0;
        for (i, ws) in self.workers.iter().enumerate() {
            let w = super::WorkerId(i as u32);
            let stored: u64 = ws.has_what.iter().map(|&t| self.nbytes_estimate(t)).sum();
            if stored != ws.nbytes {
                return Err(format!("{} counts {} bytes stored but holds {}", ws.name, ws.nbytes, stored));
            }
            if ws.status == WorkerStatus::Gone {
                if !ws.processing.is_empty() || !ws.has_what.is_empty() {
                    return Err(format!("{} is gone but still has tasks or data", ws.name));
                }
                continue;
            }
            threads += ws.nthreads;
            for &t in &ws.processing {
                if self.tasks[t.index()].processing_on != Some(w) {
                    return Err(format!("{} lists {} but the task is elsewhere", ws.name, key(t)));
                }
            }
            if !ws.is_running() && (self.idle.contains(&w) || self.saturated.contains(&w)) {
                return Err(format!("{} is {} but idle or saturated", ws.name, ws.status.name()));
            }
        }
        if threads != self.total_nthreads {
            return Err(format!("total_nthreads is {} but workers have {}", self.total_nthreads, threads));
        }
        Ok(())
    }
}
