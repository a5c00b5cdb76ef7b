//! Work stealing, as Dask's `WorkStealing` extension does it: a `balance` pass every second
//! moves queued-up work from saturated workers to idle ones when the move pays for itself.
//!
//! Owns the stealable buckets (by transfer/compute ratio), the steal condition, and the
//! request/confirm round trip. Every steal is recorded with the numbers it compared.

use super::record::{Record, StealOutcome, StealRecord, Stimulus};
use super::state::{TaskState, WorkerId};
use super::{InFlightSteal, Output, Scheduler, WorkerTaskState};
use crate::graph::TaskId;

/// Number of cost buckets (`len(cost_multipliers)` in Dask).
pub(super) const LEVELS: usize = 15;

/// Fixed latency Dask adds to every transfer estimate when pricing a steal, seconds.
const LATENCY: f64 = 0.1;

/// Dask's `steal_time_ratio` level: `round(log2(transfer / compute) + 6)`, at least 1;
/// 0 for tasks without inputs; `None` for fast tasks and tasks not worth ever moving.
///
/// Computed by comparing with the bucket edges `2^(k - 6.5)` rather than calling `log2`, so
/// the answer is bit-identical on every platform.
pub fn steal_level(fast: bool, has_deps: bool, transfer_s: f64, compute_s: f64) -> Option<u8> {
    if fast {
        return None;
    }
    if !has_deps {
        return Some(0);
    }
    if compute_s <= 0.0 {
        return None;
    }
    let ratio = (transfer_s + LATENCY) / compute_s;
    // level = largest k with ratio >= 2^(k - 6.5), clamped to at least 1.
    let mut level = 1u8;
    let mut edge = std::f64::consts::SQRT_2 / 32.0; // 2^(2 - 6.5): where level 2 begins
    for k in 2..=15u8 {
        if ratio >= edge {
            level = k;
        } else {
            break;
        }
        edge *= 2.0;
    }
    (level < LEVELS as u8).then_some(level)
}

impl Scheduler {
    pub(super) fn put_stealable(&mut self, t: TaskId, w: WorkerId) {
        let deps = self.graph.deps(t);
        let transfer_s = deps.iter().map(|&d| self.nbytes_estimate(d)).sum::<u64>() as f64 / self.cfg.bandwidth;
        let prefix = self.graph.prefix_name(self.graph.prefix(t));
        let fast = self.cfg.default_task_durations.get(prefix).is_some_and(|&d| d <= 0.001);
        if let Some(level) = steal_level(fast, !deps.is_empty(), transfer_s, self.duration_estimate(t)) {
            let bucket = &mut self.workers[w.index()].stealable[level as usize];
            let rec = &mut self.tasks[t.index()];
            rec.steal_level = level;
            rec.pos_in_stealable = bucket.len() as u32;
            bucket.push(t);
        }
    }

    pub(super) fn remove_stealable(&mut self, t: TaskId) {
        let rec = &mut self.tasks[t.index()];
        if rec.steal_level == u8::MAX {
            return;
        }
        let (level, pos) = (rec.steal_level as usize, rec.pos_in_stealable as usize);
        rec.steal_level = u8::MAX;
        rec.pos_in_stealable = u32::MAX;
        let w = rec.processing_on.expect("stealable tasks are processing");
        let bucket = &mut self.workers[w.index()].stealable[level];
        bucket.swap_remove(pos);
        if let Some(&moved) = bucket.get(pos) {
            self.tasks[moved.index()].pos_in_stealable = pos as u32;
        }
    }

    fn combined_occupancy(&self, w: WorkerId) -> f64 {
        self.occupancy(w) + self.steal_occupancy[w.index()]
    }

    /// Seconds to move `t`'s inputs that `w` lacks.
    fn comm_cost(&self, t: TaskId, w: WorkerId) -> f64 {
        self.missing_bytes(t, w) as f64 / self.cfg.bandwidth
    }

    /// The periodic `balance()` pass.
    pub(super) fn balance(&mut self) {
        if !self.cfg.work_stealing {
            return;
        }
        let mut thieves: Vec<WorkerId> = self.idle.iter().copied().collect();
        if thieves.is_empty() || thieves.len() == self.running.len() {
            return;
        }
        let mut victims: Vec<WorkerId> = self.saturated.iter().copied().collect();
        if victims.is_empty() {
            let mut busy: Vec<(f64, WorkerId)> = self
                .running
                .iter()
                .copied()
                .filter(|w| !self.idle.contains(w))
                .map(|w| (self.combined_occupancy(w), w))
                .filter(|&(occ, w)| {
                    let ws = &self.workers[w.index()];
                    occ > 0.2 && ws.processing.len() as u32 > ws.nthreads
                })
                .collect();
            busy.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            victims = busy.into_iter().take(10).map(|(_, w)| w).collect();
        } else if victims.len() < 20 {
            victims.sort_by(|&a, &b| self.combined_occupancy(b).total_cmp(&self.combined_occupancy(a)).then(a.cmp(&b)));
        }
        if victims.is_empty() {
            return;
        }
        let stim = self.begin(Stimulus::Balance);
        for level in 0..LEVELS {
            for &victim in &victims {
                let tasks: Vec<TaskId> = self.workers[victim.index()].stealable[level].clone();
                for t in tasks {
                    if thieves.is_empty() {
                        return;
                    }
                    if self.in_flight_steals.contains_key(&t) || self.tasks[t.index()].processing_on != Some(victim) {
                        continue;
                    }
                    let Some(thief) = self.get_thief(t, &thieves) else { continue };
                    let compute = self.duration_estimate(t);
                    let occ_thief = self.combined_occupancy(thief);
                    let occ_victim = self.combined_occupancy(victim);
                    let comm_thief = self.comm_cost(t, thief);
                    let comm_victim = self.comm_cost(t, victim);
                    if occ_thief + comm_thief + compute <= occ_victim - (comm_victim + compute) / 2.0 {
                        let record = StealRecord {
                            task: t,
                            victim,
                            thief,
                            stimulus: stim,
                            level: level as u8,
                            compute_s: compute,
                            thief_occupancy_s: occ_thief,
                            thief_transfer_s: comm_thief,
                            victim_occupancy_s: occ_victim,
                            victim_transfer_s: comm_victim,
                            outcome: StealOutcome::Requested,
                        };
                        self.log.push(Record::Steal(Box::new(record.clone())));
                        self.steal_occupancy[victim.index()] -= compute;
                        self.steal_occupancy[thief.index()] += compute + comm_thief;
                        self.in_flight_steals.insert(
                            t,
                            InFlightSteal { victim, thief, record, victim_duration: compute, thief_duration: compute + comm_thief },
                        );
                        self.outputs.push_back(Output::StealRequest { victim, task: t });
                        if !self.is_unoccupied(thief) {
                            thieves.retain(|&w| w != thief);
                        }
                    }
                }
            }
        }
    }

    /// Still a good thief after taking on the stolen work?
    fn is_unoccupied(&self, w: WorkerId) -> bool {
        let ws = &self.workers[w.index()];
        let avg = if self.total_nthreads > 0 {
            self.running.iter().map(|&x| self.combined_occupancy(x)).sum::<f64>() / self.total_nthreads as f64
        } else {
            0.0
        };
        let pending = self.in_flight_steals.values().filter(|s| s.thief == w).count();
        (ws.processing.len() + pending) < ws.nthreads as usize || self.combined_occupancy(w) < ws.nthreads as f64 * avg / 2.0
    }

    /// The thief with the earliest start for `t` (and fewest bytes stored), among valid ones.
    fn get_thief(&self, t: TaskId, thieves: &[WorkerId]) -> Option<WorkerId> {
        let valid = self.valid_workers(t);
        let loose = self.graph.task(t).restrictions.loose;
        let pool: Vec<WorkerId> = match &valid {
            None => thieves.to_vec(),
            Some(v) => {
                let valid_thieves: Vec<WorkerId> = thieves.iter().copied().filter(|w| v.contains(w)).collect();
                if !valid_thieves.is_empty() {
                    valid_thieves
                } else if loose {
                    thieves.to_vec()
                } else {
                    return None;
                }
            }
        };
        pool.into_iter().min_by(|&a, &b| {
            let ka = self.combined_occupancy(a) / self.workers[a.index()].nthreads.max(1) as f64 + self.comm_cost(t, a);
            let kb = self.combined_occupancy(b) / self.workers[b.index()].nthreads.max(1) as f64 + self.comm_cost(t, b);
            ka.total_cmp(&kb)
                .then(self.workers[a.index()].nbytes.cmp(&self.workers[b.index()].nbytes))
                .then(a.cmp(&b))
        })
    }

    /// The victim answered a `steal-request`.
    pub(super) fn steal_response(&mut self, worker: WorkerId, t: TaskId, state: WorkerTaskState) {
        let Some(steal) = self.in_flight_steals.get(&t).cloned() else { return };
        if steal.victim != worker {
            return;
        }
        self.begin(Stimulus::StealResponse { task: t, victim: worker });
        self.cancel_steal(t);
        let still_there = self.tasks[t.index()].known
            && self.tasks[t.index()].state == TaskState::Processing
            && self.tasks[t.index()].processing_on == Some(steal.victim);
        let thief_ok = self.workers[steal.thief.index()].is_running();
        let outcome = match state {
            WorkerTaskState::NotStarted if still_there && thief_ok => {
                // Move it: out of the victim's processing, into the thief's.
                self.exit_processing_common(t);
                self.add_to_processing(t, steal.thief);
                StealOutcome::Confirmed
            }
            WorkerTaskState::NotStarted | WorkerTaskState::Unknown if still_there => {
                // The victim let go but the thief is gone: send it round again.
                self.recommend(t, TaskState::Released);
                self.run_recommendations();
                StealOutcome::Rejected
            }
            _ => StealOutcome::Rejected,
        };
        self.log.push(Record::Steal(Box::new(StealRecord { outcome, stimulus: self.stimulus, ..steal.record })));
        self.queue_slots_maybe_opened();
    }

    pub(super) fn cancel_steal(&mut self, t: TaskId) {
        if let Some(s) = self.in_flight_steals.remove(&t) {
            self.steal_occupancy[s.victim.index()] += s.victim_duration;
            self.steal_occupancy[s.thief.index()] -= s.thief_duration;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tasks_without_inputs_are_the_cheapest_to_steal() {
        assert_eq!(steal_level(false, false, 10.0, 0.001), Some(0));
    }

    #[test]
    fn fast_tasks_like_rechunk_split_are_never_stolen() {
        assert_eq!(steal_level(true, false, 0.0, 1e-6), None);
        assert_eq!(steal_level(true, true, 0.0, 1.0), None);
    }

    #[test]
    fn levels_follow_the_log2_of_transfer_over_compute() {
        // transfer (incl. 0.1 s latency) equal to compute: log2(1) + 6 = 6
        assert_eq!(steal_level(false, true, 0.9, 1.0), Some(6));
        // twice the compute: 7; a quarter: 4
        assert_eq!(steal_level(false, true, 1.9, 1.0), Some(7));
        assert_eq!(steal_level(false, true, 0.15, 1.0), Some(4));
        // much cheaper to move than to compute: clamped to 1
        assert_eq!(steal_level(false, true, 0.0, 1000.0), Some(1));
        // transfer ≳ 362 × compute: never stolen
        assert_eq!(steal_level(false, true, 400.0, 1.0), None);
        assert_eq!(steal_level(false, true, 1.0, 0.0), None);
    }
}
