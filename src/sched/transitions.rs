//! Dask's transition table and the handlers that perform each allowed transition.
//!
//! One entry point, `transition`, checks every change against the table (pairs outside it go
//! through `released`, as Dask's `_transition` does) and records it with its stimulus.
//! Recommendations are a LIFO with one pending entry per task, like Dask's dict.

use super::record::{Record, TransitionRecord};
use super::state::{TaskRec, TaskState, WorkerId};
use super::{ClientEvent, Output, Scheduler};
use crate::graph::TaskId;
use TaskState::*;

/// The 21 pairs of Dask's `_TRANSITIONS_TABLE`.
pub fn is_allowed(from: TaskState, to: TaskState) -> bool {
    matches!(
        (from, to),
        (Released, Waiting)
            | (Waiting, Released)
            | (Waiting, Processing)
            | (Waiting, NoWorker)
            | (Waiting, Queued)
            | (Waiting, Memory)
            | (Queued, Released)
            | (Queued, Processing)
            | (Queued, Erred)
            | (Processing, Released)
            | (Processing, Memory)
            | (Processing, Erred)
            | (NoWorker, Released)
            | (NoWorker, Processing)
            | (NoWorker, Erred)
            | (Released, Forgotten)
            | (Memory, Erred)
            | (Memory, Forgotten)
            | (Erred, Released)
            | (Memory, Released)
            | (Released, Erred)
    )
}

impl Scheduler {
    /// Queues a recommendation; a later one for the same task replaces it in place.
    pub(super) fn recommend(&mut self, t: TaskId, to: TaskState) {
        let pos = self.pending_rec[t.index()];
        if pos != u32::MAX {
            self.recs[pos as usize].1 = to;
        } else {
            self.pending_rec[t.index()] = self.recs.len() as u32;
            self.recs.push((t, to, true));
        }
    }

    /// Runs recommendations to a fixed point, last in first out.
    pub(super) fn run_recommendations(&mut self) {
        while let Some((t, to, alive)) = self.recs.pop() {
            if !alive {
                continue;
            }
            if self.pending_rec[t.index()] == self.recs.len() as u32 {
                self.pending_rec[t.index()] = u32::MAX;
            }
            self.transition(t, to);
        }
    }

    /// Moves a task toward `finish`, through `released` when the table has no direct edge.
    pub(super) fn transition(&mut self, t: TaskId, finish: TaskState) {
        let rec = &self.tasks[t.index()];
        if !rec.known {
            return;
        }
        let start = rec.state;
        if start == finish {
            return;
        }
        if is_allowed(start, finish) {
            self.apply(t, start, finish);
        } else if start != Released && finish != Released {
            // Dask's detour: start → released, then released → (what that step recommended
            // for this task, if anything, else finish).
            let outer = std::mem::replace(&mut self.pending_rec[t.index()], u32::MAX);
            self.apply(t, start, Released);
            let own = std::mem::replace(&mut self.pending_rec[t.index()], outer);
            let next = if own != u32::MAX {
                self.recs[own as usize].2 = false;
                self.recs[own as usize].1
            } else {
                finish
            };
            self.transition(t, next);
        } else {
            panic!(
                "impossible transition {start} → {finish} for {}; this is a scheduler bug",
                self.graph.key(t)
            );
        }
    }

    fn apply(&mut self, t: TaskId, start: TaskState, finish: TaskState) {
        match (start, finish) {
            (Released, Waiting) => self.released_waiting(t),
            (Waiting, Released) => self.waiting_released(t),
            (Waiting, Processing) => self.waiting_processing(t),
            (Waiting, NoWorker) => {
                self.set_state(t, NoWorker);
                self.unrunnable.insert((self.tasks[t.index()].priority, t));
                self.unrunnable_since.insert(t, self.now);
            }
            (Waiting, Queued) => {
                self.set_state(t, Queued);
                self.queued.insert((self.tasks[t.index()].priority, t));
            }
            // A worker finished a task the scheduler had just sent back: nothing to do.
            (Waiting, Memory) => {}
            (Queued, Released) => {
                self.queued.remove(&(self.tasks[t.index()].priority, t));
                self.propagate_released(t);
            }
            (Queued, Processing) => self.queued_processing(t),
            (Queued, Erred) => {
                self.queued.remove(&(self.tasks[t.index()].priority, t));
                self.propagate_erred(t);
            }
            (Processing, Released) => {
                if let Some(w) = self.exit_processing_common(t) {
                    self.outputs.push_back(Output::FreeKeys { worker: w, task: t });
                }
                self.propagate_released(t);
            }
            (Processing, Erred) => {
                self.exit_processing_common(t);
                self.propagate_erred(t);
            }
            (Processing, Memory) => unreachable!("processing → memory goes through transition_to_memory"),
            (NoWorker, Released) => {
                self.unrunnable.remove(&(self.tasks[t.index()].priority, t));
                self.unrunnable_since.remove(&t);
                self.propagate_released(t);
            }
            (NoWorker, Processing) => self.no_worker_processing(t),
            (NoWorker, Erred) => {
                self.unrunnable.remove(&(self.tasks[t.index()].priority, t));
                self.unrunnable_since.remove(&t);
                self.propagate_erred(t);
            }
            (Released, Forgotten) | (Memory, Forgotten) => self.forget(t),
            (Memory, Erred) => {
                self.drop_all_replicas(t);
                self.propagate_erred(t);
            }
            (Erred, Released) => self.erred_released(t),
            (Memory, Released) => self.memory_released(t),
            (Released, Erred) => self.released_erred(t),
            _ => unreachable!("checked against the table"),
        }
        let to = self.tasks[t.index()].state;
        if to != start {
            self.log.push(Record::Transition(TransitionRecord { task: t, from: start, to, stimulus: self.stimulus }));
        }
    }

    fn set_state(&mut self, t: TaskId, s: TaskState) {
        self.tasks[t.index()].state = s;
    }

    // 1. released → waiting
    fn released_waiting(&mut self, t: TaskId) {
        if self.tasks[t.index()].has_lost_dependencies {
            self.recommend(t, Forgotten);
            return;
        }
        let graph = self.graph.clone();
        let deps = graph.deps(t);
        if let Some(blame) = deps.iter().find_map(|d| self.tasks[d.index()].exception_blame) {
            self.tasks[t.index()].exception_blame = Some(blame);
            self.recommend(t, Erred);
            return;
        }
        self.set_state(t, Waiting);
        let mut waiting_on = Vec::with_capacity(deps.len());
        for &d in deps {
            let dr = &mut self.tasks[d.index()];
            if dr.who_has.is_empty() {
                waiting_on.push(d);
            }
            if dr.state == Released {
                self.recommend(d, Waiting);
            } else if !dr.waiters.contains(&t) {
                dr.waiters.push(t);
            }
        }
        let waiters: Vec<TaskId> = self
            .graph
            .dependents(t)
            .iter()
            .copied()
            .filter(|x| self.tasks[x.index()].known && self.tasks[x.index()].state == Waiting)
            .collect();
        let rec = &mut self.tasks[t.index()];
        rec.waiters = waiters;
        rec.waiting_on = waiting_on;
        if rec.waiting_on.is_empty() {
            self.recommend(t, Processing);
        }
    }

    // 2. waiting → released
    fn waiting_released(&mut self, t: TaskId) {
        for &d in self.graph.clone().deps(t) {
            self.discard_waiter(d, t, true);
        }
        let rec = &mut self.tasks[t.index()];
        rec.waiting_on.clear();
        rec.state = Released;
        if rec.has_lost_dependencies {
            self.recommend(t, Forgotten);
        } else if rec.exception_blame.is_none() && (rec.who_wants > 0 || !rec.waiters.is_empty()) {
            self.recommend(t, Waiting);
        } else {
            rec.waiters.clear();
        }
    }

    /// `dep` no longer has `t` waiting on it; release `dep`'s data if nobody needs it any more.
    /// An erred dependency holds no data and keeps its failure: only a retry releases it.
    /// With `only_if_waiting`, nothing happens unless `t` really was one of its waiters (as
    /// Dask's `waiting → released` and `_propagate_erred` check).
    fn discard_waiter(&mut self, dep: TaskId, t: TaskId, only_if_waiting: bool) {
        let dr = &mut self.tasks[dep.index()];
        match dr.waiters.iter().position(|&x| x == t) {
            Some(i) => {
                dr.waiters.swap_remove(i);
            }
            None if only_if_waiting => return,
            None => {}
        }
        if dr.waiters.is_empty() && dr.who_wants == 0 && dr.known && !matches!(dr.state, Released | Erred) {
            self.recommend(dep, Released);
        }
    }

    // 3. waiting → processing (or a recommendation to queue / no-worker)
    fn waiting_processing(&mut self, t: TaskId) {
        match self.decide_worker_for_waiting(t) {
            Ok(w) => self.add_to_processing(t, w),
            Err(next) => self.recommend(t, next),
        }
    }

    // 8. queued → processing
    fn queued_processing(&mut self, t: TaskId) {
        if let Some(w) = self.decide_worker_rootish_queuing_enabled(t) {
            self.queued.remove(&(self.tasks[t.index()].priority, t));
            self.add_to_processing(t, w);
        }
    }

    // 14. no-worker → processing
    fn no_worker_processing(&mut self, t: TaskId) {
        if let Some(w) = self.decide_worker_non_rootish(t) {
            self.unrunnable.remove(&(self.tasks[t.index()].priority, t));
                self.unrunnable_since.remove(&t);
            self.add_to_processing(t, w);
        }
    }

    /// Sends a task to a worker: occupancy, resources, `compute-task`.
    pub(super) fn add_to_processing(&mut self, t: TaskId, w: WorkerId) {
        if let Some(limit) = self.workers[w.index()].memory_limit {
            let input_bytes: u64 = self.graph.deps(t).iter().map(|&d| self.nbytes_estimate(d)).sum();
            if input_bytes > limit {
                self.fail(t, super::Failure::MemoryError { nbytes: input_bytes, limit });
                self.set_state(t, Processing);
                self.recommend(t, Erred);
                return;
            }
        }
        let fetch = self.missing_bytes(t, w);
        let p = self.graph.prefix(t);
        let ws = &mut self.workers[w.index()];
        self.tasks[t.index()].pos_in_processing = ws.processing.len() as u32;
        ws.processing.push(t);
        ws.network_occ += fetch;
        let counts = &mut self.prefix_counts[w.index()];
        match counts.binary_search_by_key(&p, |&(q, _)| q) {
            Ok(i) => counts[i].1 += 1,
            Err(i) => counts.insert(i, (p, 1)),
        }
        self.prefix_processing[p.0 as usize] += 1;
        self.total_network_occ += fetch;
        self.fetch_bytes[t.index()] = fetch;
        let run_id = self.next_run_id;
        self.next_run_id += 1;
        let rec = &mut self.tasks[t.index()];
        rec.processing_on = Some(w);
        rec.state = Processing;
        rec.run_id = run_id;
        let priority = rec.priority;
        self.n_tasks += 1;
        self.check_idle_saturated(w);
        self.put_stealable(t, w);
        let who_has = self.graph.deps(t).iter().map(|&d| (d, self.tasks[d.index()].who_has.clone())).collect();
        self.outputs.push_back(Output::ComputeTask { worker: w, task: t, run_id, priority, who_has });
    }

    /// Undoes `add_to_processing`; returns the worker if it is still connected.
    pub(super) fn exit_processing_common(&mut self, t: TaskId) -> Option<WorkerId> {
        self.tasks[t.index()].processing_on?;
        self.remove_stealable(t);
        let w = self.tasks[t.index()].processing_on.take()?;
        let pos = self.tasks[t.index()].pos_in_processing as usize;
        let ws = &mut self.workers[w.index()];
        ws.processing.swap_remove(pos);
        if let Some(&moved) = ws.processing.get(pos) {
            self.tasks[moved.index()].pos_in_processing = pos as u32;
        }
        self.tasks[t.index()].pos_in_processing = u32::MAX;
        let fetch = std::mem::take(&mut self.fetch_bytes[t.index()]);
        ws.network_occ -= fetch;
        self.total_network_occ -= fetch;
        let p = self.graph.prefix(t);
        let counts = &mut self.prefix_counts[w.index()];
        if let Ok(i) = counts.binary_search_by_key(&p, |&(q, _)| q) {
            counts[i].1 -= 1;
            if counts[i].1 == 0 {
                counts.remove(i);
            }
        }
        self.prefix_processing[p.0 as usize] -= 1;
        if self.workers[w.index()].status == super::WorkerStatus::Gone {
            return None;
        }
        self.check_idle_saturated(w);
        Some(w)
    }

    /// 11. processing → memory, with the worker that computed it.
    pub(super) fn transition_to_memory(&mut self, t: TaskId, w: WorkerId) {
        let start = self.tasks[t.index()].state;
        debug_assert_eq!(start, Processing);
        self.exit_processing_common(t);
        self.add_to_memory(t, w);
        self.log.push(Record::Transition(TransitionRecord { task: t, from: start, to: Memory, stimulus: self.stimulus }));
    }

    fn add_to_memory(&mut self, t: TaskId, w: WorkerId) {
        self.add_replica(t, w);
        let graph = self.graph.clone();
        let sorted: Vec<TaskId>;
        let dependents = match graph.dependents(t) {
            one @ ([] | [_]) => one,
            many => {
                let mut known: Vec<TaskId> = many.iter().copied().filter(|d| self.tasks[d.index()].known).collect();
                known.sort_by_key(|d| std::cmp::Reverse(self.tasks[d.index()].priority));
                sorted = known;
                &sorted
            }
        };
        for &d in dependents {
            let dr = &mut self.tasks[d.index()];
            if !dr.known {
                continue;
            }
            if let Some(i) = dr.waiting_on.iter().position(|&x| x == t) {
                dr.waiting_on.swap_remove(i);
                if dr.waiting_on.is_empty() && dr.state == Waiting {
                    self.recommend(d, Processing);
                }
            }
        }
        for &d in self.graph.clone().deps(t) {
            self.discard_waiter(d, t, false);
        }
        let rec = &mut self.tasks[t.index()];
        rec.state = Memory;
        if rec.waiters.is_empty() && rec.who_wants == 0 {
            self.recommend(t, Released);
        } else {
            self.report(t, ClientEvent::KeyInMemory);
        }
    }

    /// Back to released; rerun if still needed, else let go of inputs nobody else needs.
    fn propagate_released(&mut self, t: TaskId) {
        let rec = &mut self.tasks[t.index()];
        rec.state = Released;
        let rerun = if rec.has_lost_dependencies {
            self.recommend(t, Forgotten);
            false
        } else if !rec.waiters.is_empty() || rec.who_wants > 0 {
            self.recommend(t, Waiting);
            true
        } else {
            false
        };
        if !rerun {
            for &d in self.graph.clone().deps(t) {
                if self.tasks[d.index()].state != Released {
                    self.discard_waiter(d, t, false);
                }
            }
            self.tasks[t.index()].waiters.clear();
        }
    }

    /// Marks a task erred and passes the blame to everything waiting on it.
    fn propagate_erred(&mut self, t: TaskId) {
        let rec = &mut self.tasks[t.index()];
        rec.state = Erred;
        let blame = *rec.exception_blame.get_or_insert(t);
        let waiters = std::mem::take(&mut rec.waiters);
        for d in waiters {
            self.tasks[d.index()].exception_blame = Some(blame);
            self.recommend(d, Erred);
        }
        for &d in self.graph.clone().deps(t) {
            self.discard_waiter(d, t, true);
        }
        self.report(t, ClientEvent::Erred { blame });
    }

    // 21. released → erred
    fn released_erred(&mut self, t: TaskId) {
        let blame = self.tasks[t.index()].exception_blame.expect("released → erred needs a blamed task");
        for &d in self.graph.clone().dependents(t) {
            let dr = &mut self.tasks[d.index()];
            if dr.known && dr.who_has.is_empty() && dr.state != Erred {
                dr.exception_blame = Some(blame);
                self.recommend(d, Erred);
            }
        }
        self.set_state(t, Erred);
        self.report(t, ClientEvent::Erred { blame });
    }

    // 19. erred → released (retry)
    fn erred_released(&mut self, t: TaskId) {
        let rec = &mut self.tasks[t.index()];
        rec.exception_blame = None;
        rec.failure = None;
        rec.suspicious = 0;
        rec.retries_left = self.graph.task(t).retries;
        rec.state = Released;
        for &d in self.graph.clone().dependents(t) {
            if self.tasks[d.index()].known && self.tasks[d.index()].state == Erred {
                self.recommend(d, Waiting);
            }
        }
        self.report(t, ClientEvent::Retried);
    }

    // 20. memory → released
    fn memory_released(&mut self, t: TaskId) {
        self.drop_all_replicas(t);
        let rec = &mut self.tasks[t.index()];
        rec.state = Released;
        let lost_but_wanted = rec.who_wants > 0;
        if lost_but_wanted {
            self.report(t, ClientEvent::LostData);
        }
        let rec = &self.tasks[t.index()];
        let erred_dependency = self.graph.deps(t).iter().any(|d| self.tasks[d.index()].state == Erred);
        if rec.scattered || rec.has_lost_dependencies {
            self.recommend(t, Forgotten);
        } else if (rec.who_wants > 0 || !rec.waiters.is_empty()) && !erred_dependency {
            self.recommend(t, Waiting);
        }
        for d in self.tasks[t.index()].waiters.clone() {
            match self.tasks[d.index()].state {
                NoWorker | Processing | Queued => self.recommend(d, Waiting),
                Waiting => {
                    let dr = &mut self.tasks[d.index()];
                    if !dr.waiting_on.contains(&t) {
                        dr.waiting_on.push(t);
                    }
                }
                _ => {}
            }
        }
    }

    fn drop_all_replicas(&mut self, t: TaskId) {
        let mut holders = std::mem::take(&mut self.tasks[t.index()].who_has);
        let n = self.nbytes_estimate(t);
        for &w in &holders {
            let ws = &mut self.workers[w.index()];
            ws.has_what.remove(&t);
            ws.nbytes -= n;
            if ws.status != super::WorkerStatus::Gone {
                self.outputs.push_back(Output::FreeKeys { worker: w, task: t });
            }
        }
        // Keep the emptied list's buffer for the task's next result.
        holders.clear();
        self.tasks[t.index()].who_has = holders;
    }

    // 16 and 18. → forgotten
    fn forget(&mut self, t: TaskId) {
        let wanted = self.tasks[t.index()].who_wants > 0;
        self.drop_all_replicas(t);
        for &d in self.graph.clone().dependents(t) {
            let dr = &mut self.tasks[d.index()];
            if !dr.known {
                continue;
            }
            dr.has_lost_dependencies = true;
            if !matches!(dr.state, Memory | Erred) {
                self.recommend(d, Forgotten);
            }
        }
        for &d in self.graph.clone().deps(t) {
            if !self.tasks[d.index()].known {
                continue;
            }
            self.live_dependents[d.index()] -= 1;
            let dr = &mut self.tasks[d.index()];
            if let Some(i) = dr.waiters.iter().position(|&x| x == t) {
                dr.waiters.swap_remove(i);
            }
            if self.live_dependents[d.index()] == 0 && dr.who_wants == 0 {
                self.recommend(d, Forgotten);
            }
        }
        if wanted {
            self.report(t, ClientEvent::Cancelled { reason: "already forgotten" });
        }
        self.groups[self.graph.group(t).0 as usize].known -= 1;
        let rec = &mut self.tasks[t.index()];
        *rec = TaskRec::new();
        rec.state = Forgotten;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_dasks_twenty_one_pairs() {
        let n = TaskState::ALL.iter().flat_map(|&a| TaskState::ALL.iter().map(move |&b| (a, b))).filter(|&(a, b)| is_allowed(a, b)).count();
        assert_eq!(n, 21);
        assert!(!is_allowed(Released, Processing), "released → processing must go through waiting");
        assert!(!is_allowed(Processing, Waiting), "processing → waiting is a detour through released");
    }
}
