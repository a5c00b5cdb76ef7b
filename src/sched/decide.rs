//! Choosing a worker, as Dask's `decide_worker` family does, with every candidate recorded.
//!
//! Root-ish detection, queuing slots (`worker-saturation`), co-assignment, dependency
//! holders by `worker_objective`, restrictions and resources, the no-dependency fast path
//! with its round robin. Only reads scheduler state and appends `Decision` records.

use super::record::{Candidate, Decision, Exclusion, Placement, Record, Rule};
use super::state::{TaskState, WorkerId};
use super::Scheduler;
use crate::graph::TaskId;
use std::collections::BTreeSet;
use std::sync::Arc;

impl Scheduler {
    /// Dask's `is_rootish`: many similar tasks with few, small dependency groups.
    pub fn is_rootish(&self, t: TaskId) -> bool {
        let spec = self.graph.task(t);
        if !spec.restrictions.is_empty() || !spec.resources.is_empty() {
            return false;
        }
        if spec.data_producer {
            return true;
        }
        let g = self.graph.group(t);
        let group = self.graph.group_info(g);
        let dep_tasks: u32 = group.dependencies.iter().map(|&dg| self.group_len(dg)).sum();
        self.group_len(g) as u64 > 2 * self.total_nthreads as u64
            && group.dependencies.len() < self.cfg.rootish_taskgroup
            && (dep_tasks as usize) < self.cfg.rootish_taskgroup_dependencies
    }

    /// `_transition_waiting_processing`'s choice: a worker, or the state to wait in.
    pub(super) fn decide_worker_for_waiting(&mut self, t: TaskId) -> Result<WorkerId, TaskState> {
        if self.is_rootish(t) {
            if self.cfg.worker_saturation.is_infinite() {
                self.decide_worker_rootish_queuing_disabled(t).ok_or(TaskState::NoWorker)
            } else {
                self.decide_worker_rootish_queuing_enabled(t).ok_or(TaskState::Queued)
            }
        } else {
            self.decide_worker_non_rootish(t).ok_or(TaskState::NoWorker)
        }
    }

    /// Bytes of `t`'s inputs that worker `w` does not hold yet.
    pub(super) fn missing_bytes(&self, t: TaskId, w: WorkerId) -> u64 {
        self.graph
            .deps(t)
            .iter()
            .filter(|d| !self.tasks[d.index()].who_has.contains(&w))
            .map(|&d| self.nbytes_estimate(d))
            .sum()
    }

    /// How the scheduler sees `w` for `t`: the terms of `worker_objective`.
    fn candidate(&self, t: TaskId, w: WorkerId, excluded: Option<Exclusion>) -> Candidate {
        let ws = &self.workers[w.index()];
        let transfer_bytes = self.missing_bytes(t, w);
        let transfer_s = transfer_bytes as f64 / self.cfg.bandwidth;
        let occupancy_s = self.occupancy(w);
        let stack = if ws.nthreads > 0 { occupancy_s / ws.nthreads as f64 } else { f64::INFINITY };
        Candidate {
            worker: w,
            transfer_bytes,
            transfer_s,
            occupancy_s,
            nthreads: ws.nthreads,
            start_s: stack + transfer_s,
            stored_bytes: ws.nbytes,
            processing: ws.processing.len() as u32,
            excluded,
        }
    }

    fn record_decision(&mut self, t: TaskId, rootish: bool, rule: Rule, placement: Placement, mut candidates: Vec<Candidate>) {
        // Every live worker is listed: those not compared say why (busy while others idle, or not running).
        for (i, ws) in self.workers.iter().enumerate() {
            let w = WorkerId(i as u32);
            if ws.status != super::WorkerStatus::Gone && !candidates.iter().any(|c| c.worker == w) {
                let why = if ws.is_running() { Exclusion::NotIdle } else { Exclusion::NotRunning };
                candidates.push(self.candidate(t, w, Some(why)));
            }
        }
        candidates.sort_by_key(|c| c.worker);
        // Tasks queued one after another see the same workers: one list serves them all.
        let shared = match &self.last_candidates {
            Some(last) if **last == *candidates => Arc::clone(last),
            _ => Arc::from(candidates.as_slice()),
        };
        self.last_candidates = Some(Arc::clone(&shared));
        // The list's buffer serves the next decision.
        candidates.clear();
        self.candidate_buf = candidates;
        self.log.push(Record::Decision(Decision { task: t, stimulus: self.stimulus, rootish, rule, placement, candidates: shared }));
    }

    /// Queuing on: least `processing / nthreads` among workers with a free slot, else queue.
    pub(super) fn decide_worker_rootish_queuing_enabled(&mut self, t: TaskId) -> Option<WorkerId> {
        let mut candidates = std::mem::take(&mut self.candidate_buf);
        let mut best: Option<(f64, WorkerId)> = None;
        for &w in &self.running {
            let open = self.idle_task_count.contains(&w);
            candidates.push(self.candidate(t, w, (!open).then_some(Exclusion::Full)));
            if open {
                let ws = &self.workers[w.index()];
                let load = ws.processing.len() as f64 / ws.nthreads.max(1) as f64;
                if best.is_none_or(|(b, _)| load < b) {
                    best = Some((load, w));
                }
            }
        }
        let chosen = best.map(|(_, w)| w);
        let placement = chosen.map_or(Placement::Queued, Placement::Worker);
        self.record_decision(t, true, Rule::RootishQueuing, placement, candidates);
        chosen
    }

    /// Queuing off: neighbouring root tasks go to the same worker in batches.
    fn decide_worker_rootish_queuing_disabled(&mut self, t: TaskId) -> Option<WorkerId> {
        if self.running.is_empty() {
            self.record_decision(t, true, Rule::RootishCoAssignment, Placement::NoWorker, Vec::new());
            return None;
        }
        let g = self.graph.group(t).0 as usize;
        let pool: Vec<WorkerId> = if self.idle.is_empty() {
            self.running.iter().copied().collect()
        } else {
            self.idle.iter().copied().collect()
        };
        let candidates: Vec<Candidate> = pool.iter().map(|&w| self.candidate(t, w, None)).collect();
        let reuse = self.groups[g]
            .last_worker
            .filter(|w| self.running.contains(w) && self.groups[g].last_worker_tasks_left > 0);
        let w = match reuse {
            Some(w) => w,
            None => {
                let w = best_by_objective(&candidates).expect("pool is not empty");
                let group_len = self.group_len(self.graph.group(t)) as f64;
                let share = group_len / self.total_nthreads.max(1) as f64 * self.workers[w.index()].nthreads as f64;
                self.groups[g].last_worker_tasks_left = share.floor() as i64;
                w
            }
        };
        self.groups[g].last_worker = Some(w);
        self.groups[g].last_worker_tasks_left -= 1;
        self.record_decision(t, true, Rule::RootishCoAssignment, Placement::Worker(w), candidates);
        Some(w)
    }

    /// Workers allowed by the task's restrictions and resources (`None`: unrestricted).
    pub(super) fn valid_workers(&self, t: TaskId) -> Option<BTreeSet<WorkerId>> {
        let spec = self.graph.task(t);
        if spec.restrictions.is_empty() && spec.resources.is_empty() {
            return None;
        }
        let valid = self
            .running
            .iter()
            .copied()
            .filter(|&w| self.exclusion_by_restrictions(t, w).is_none())
            .collect();
        Some(valid)
    }

    fn exclusion_by_restrictions(&self, t: TaskId, w: WorkerId) -> Option<Exclusion> {
        let spec = self.graph.task(t);
        let ws = &self.workers[w.index()];
        if !spec.restrictions.is_empty() && !spec.restrictions.workers.iter().any(|n| *n == ws.name) {
            return Some(Exclusion::Restriction);
        }
        if spec.resources.iter().any(|(name, &need)| ws.resource(name) < need) {
            return Some(Exclusion::Resources);
        }
        None
    }

    /// Tasks that are not root-ish: holders of inputs, restrictions, or the fast path.
    pub(super) fn decide_worker_non_rootish(&mut self, t: TaskId) -> Option<WorkerId> {
        let rootish = false;
        if self.running.is_empty() {
            self.record_decision(t, rootish, Rule::DependencyHolders, Placement::NoWorker, Vec::new());
            return None;
        }
        let mut valid = self.valid_workers(t);
        let restricted = valid.is_some();
        let all_running = self.running.len() == self.live_worker_count();
        if valid.is_none() && !all_running {
            valid = Some(self.running.clone());
        }
        let has_deps = !self.graph.deps(t).is_empty();
        if has_deps || valid.is_some() {
            let rule = if restricted { Rule::Restricted } else { Rule::DependencyHolders };
            let (chosen, candidates) = self.decide_worker(t, valid.as_ref(), self.graph.task(t).restrictions.loose);
            self.record_decision(t, rootish, rule, chosen.map_or(Placement::NoWorker, Placement::Worker), candidates);
            return chosen;
        }
        // No inputs, no restrictions, every worker running.
        let pool: Vec<WorkerId> = if self.idle.is_empty() {
            self.running.iter().copied().collect()
        } else {
            self.idle.iter().copied().collect()
        };
        let candidates: Vec<Candidate> = pool.iter().map(|&w| self.candidate(t, w, None)).collect();
        let n = pool.len();
        let (rule, w) = if n < 20 {
            let mut w = pool[0];
            let mut least = self.occupancy(w);
            for &x in &pool[1..] {
                let o = self.occupancy(x);
                if o < least {
                    least = o;
                    w = x;
                }
            }
            if least == 0.0 {
                for i in 0..n {
                    let x = pool[(self.n_tasks as usize + i) % n];
                    if self.occupancy(x) == 0.0 {
                        w = x;
                        break;
                    }
                }
            }
            (Rule::LeastOccupied, w)
        } else {
            (Rule::RoundRobin, pool[self.n_tasks as usize % n])
        };
        self.record_decision(t, rootish, rule, Placement::Worker(w), candidates);
        Some(w)
    }

    fn live_worker_count(&self) -> usize {
        self.workers.iter().filter(|w| w.status != super::WorkerStatus::Gone).count()
    }

    /// Dask's `decide_worker`: input holders (or all), narrowed by `valid`, by objective.
    fn decide_worker(&self, t: TaskId, valid: Option<&BTreeSet<WorkerId>>, loose: bool) -> (Option<WorkerId>, Vec<Candidate>) {
        let holders: BTreeSet<WorkerId> = self
            .graph
            .deps(t)
            .iter()
            .flat_map(|d| self.tasks[d.index()].who_has.iter().copied())
            .filter(|w| self.running.contains(w))
            .collect();
        let mut pool: BTreeSet<WorkerId> = match valid {
            None if holders.is_empty() => self.running.clone(),
            None => holders.clone(),
            Some(v) => {
                let both: BTreeSet<WorkerId> = holders.intersection(v).copied().collect();
                if both.is_empty() {
                    v.clone()
                } else {
                    both
                }
            }
        };
        if pool.is_empty() && loose && valid.is_some() {
            pool = if holders.is_empty() { self.running.clone() } else { holders.clone() };
        }
        let candidates: Vec<Candidate> = self
            .running
            .iter()
            .map(|&w| {
                let excluded = if pool.contains(&w) {
                    None
                } else if let Some(e) = self.exclusion_by_restrictions(t, w).filter(|_| valid.is_some()) {
                    Some(e)
                } else {
                    Some(Exclusion::HoldsNoInput)
                };
                self.candidate(t, w, excluded)
            })
            .collect();
        (best_by_objective(&candidates), candidates)
    }
}

/// `worker_objective`: earliest start, then fewest bytes stored, then lowest id.
fn best_by_objective(candidates: &[Candidate]) -> Option<WorkerId> {
    candidates
        .iter()
        .filter(|c| c.excluded.is_none())
        .min_by(|a, b| {
            a.start_s
                .total_cmp(&b.start_s)
                .then(a.stored_bytes.cmp(&b.stored_bytes))
                .then(a.worker.cmp(&b.worker))
        })
        .map(|c| c.worker)
}
