//! Dask's `_check_no_workers`: tasks nobody can run err after `no-workers-timeout`.
//!
//! `no-worker` tasks older than the timeout err with `NoValidWorkerError` (workers were
//! running, none suitable) or `NoWorkerError` (none running at all); `queued` tasks err once no
//! worker has been running for the timeout. Reads the clock only through `handle`'s `now`.

use super::record::Stimulus;
use super::state::{Failure, TaskState};
use super::Scheduler;
use crate::graph::TaskId;
use crate::time::SimTime;

impl Scheduler {
    pub(super) fn check_no_workers(&mut self) {
        let Some(timeout) = self.cfg.no_workers_timeout else { return };
        let now = self.now;
        self.refresh_no_workers_since(now);
        // Oldest first (Dask's insertion-ordered dict), ties by priority.
        let mut overdue: Vec<(SimTime, TaskId)> = self
            .unrunnable_since
            .iter()
            .filter(|(_, &since)| now.since(since) > timeout)
            .map(|(&t, &since)| (since, t))
            .collect();
        overdue.sort_by_key(|&(since, t)| (since, self.tasks[t.index()].priority));
        let mut failures: Vec<(TaskId, Failure)> = overdue
            .into_iter()
            .map(|(since, t)| match self.no_workers_since {
                Some(gone) if gone < since => (t, Failure::NoWorker { timeout }),
                _ => (t, Failure::NoValidWorker { timeout }),
            })
            .collect();
        if self.no_workers_since.is_some_and(|gone| now.since(gone) > timeout) {
            failures.extend(self.queued.iter().map(|&(_, t)| (t, Failure::NoWorker { timeout })));
        }
        if failures.is_empty() {
            return;
        }
        self.begin(Stimulus::NoWorkersTimeout { tasks: failures.len() as u32 });
        for (t, failure) in failures.into_iter().rev() {
            self.fail(t, failure);
            self.recommend(t, TaskState::Erred);
        }
        self.run_recommendations();
    }

    /// `_refresh_no_workers_since`: start the clock when tasks wait and no worker runs.
    pub(super) fn refresh_no_workers_since(&mut self, now: SimTime) {
        if !self.running.is_empty() || (self.queued.is_empty() && self.unrunnable.is_empty()) {
            self.no_workers_since = None;
        } else if self.no_workers_since.is_none() {
            self.no_workers_since = Some(now);
        }
    }
}
