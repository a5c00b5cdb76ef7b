//! The scheduler's settings, with Dask's defaults (`distributed.yaml`).
//!
//! Plain data; knows nothing of tasks or workers.

use crate::time::SimDuration;
use std::collections::BTreeMap;

/// Settings of the scheduler. `Default` gives Dask's documented defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct SchedulerConfig {
    /// `distributed.scheduler.allowed-failures`: deaths a task may cause before `KilledWorker`.
    pub allowed_failures: u32,
    /// `distributed.scheduler.bandwidth`, bytes per second, used to price transfers.
    pub bandwidth: f64,
    /// `distributed.scheduler.default-data-size`: assumed size of a result not yet measured.
    pub default_data_size: u64,
    /// `distributed.scheduler.unknown-task-duration`: assumed duration of a prefix never seen.
    pub unknown_task_duration: f64,
    /// `distributed.scheduler.default-task-durations`: starting estimates per prefix, seconds.
    /// Prefixes at 1 ms or less are "fast tasks" that work stealing never moves.
    pub default_task_durations: BTreeMap<String, f64>,
    /// `distributed.scheduler.worker-saturation`: root-ish tasks queue beyond this many per thread
    /// (`f64::INFINITY` turns queuing off).
    pub worker_saturation: f64,
    /// `distributed.scheduler.work-stealing`.
    pub work_stealing: bool,
    /// `distributed.scheduler.work-stealing-interval`.
    pub work_stealing_interval: SimDuration,
    /// `distributed.scheduler.rootish-taskgroup` and `rootish-taskgroup-dependencies`.
    pub rootish_taskgroup: usize,
    pub rootish_taskgroup_dependencies: usize,
    /// `distributed.scheduler.worker-ttl`: a silent worker is removed after this long.
    pub worker_ttl: SimDuration,
    /// `distributed.scheduler.no-workers-timeout`: a task no running worker can take errs after
    /// this long (`None`, Dask's default: it waits forever).
    pub no_workers_timeout: Option<SimDuration>,
}

impl Default for SchedulerConfig {
    fn default() -> Self {
        SchedulerConfig {
            allowed_failures: 3,
            bandwidth: 100_000_000.0,
            default_data_size: 1024,
            unknown_task_duration: 0.5,
            default_task_durations: ["rechunk-split", "split-shuffle", "split-taskshuffle", "split-stage"]
                .into_iter()
                .map(|p| (p.to_string(), 1e-6))
                .collect(),
            worker_saturation: 1.1,
            work_stealing: true,
            work_stealing_interval: SimDuration::from_secs(1),
            rootish_taskgroup: 5,
            rootish_taskgroup_dependencies: 5,
            worker_ttl: SimDuration::from_secs(300),
            no_workers_timeout: None,
        }
    }
}

/// How often Dask's `_check_no_workers` runs (when `no_workers_timeout` is set).
pub const NO_WORKERS_CHECK_INTERVAL: SimDuration = SimDuration(250_000);

/// Dask's `heartbeat_interval(n)`: how often workers heartbeat, given the cluster's size.
pub fn heartbeat_interval(n_workers: usize) -> SimDuration {
    match n_workers {
        0..=10 => SimDuration::from_millis(500),
        11..=49 => SimDuration::from_secs(1),
        50..=199 => SimDuration::from_secs(2),
        n => SimDuration::from_secs_f64(n as f64 / 200.0 + 1.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heartbeats_slow_down_as_the_cluster_grows() {
        assert_eq!(heartbeat_interval(4), SimDuration::from_millis(500));
        assert_eq!(heartbeat_interval(20), SimDuration::from_secs(1));
        assert_eq!(heartbeat_interval(100), SimDuration::from_secs(2));
        assert_eq!(heartbeat_interval(400), SimDuration::from_secs(3));
    }
}
