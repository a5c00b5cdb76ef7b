//! The simulated cluster's description: workers, threads, processes, cores, links, memory
//! thresholds, and the scheduler's settings. Plain data with Dask's defaults.
//!
//! Knows nothing of tasks.

use crate::sched::{SchedulerConfig, WorkerSpec};
use crate::time::SimDuration;

/// Memory thresholds as fractions of `memory_limit` (`distributed.worker.memory.*`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MemoryThresholds {
    pub target: f64,
    pub spill: f64,
    pub pause: f64,
    pub terminate: f64,
}

impl Default for MemoryThresholds {
    fn default() -> Self {
        MemoryThresholds { target: 0.6, spill: 0.7, pause: 0.8, terminate: 0.95 }
    }
}

/// A whole cluster: like `LocalCluster(...)` plus the machine it runs on.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterSpec {
    /// The workers as they introduce themselves to the scheduler; a `memory_limit` of `None`
    /// means no spilling, pausing or terminating.
    pub workers: Vec<WorkerSpec>,
    /// Each worker in its own process (`processes=True`); otherwise all share one process
    /// and therefore one GIL.
    pub processes: bool,
    /// Cores of the machine; busy threads beyond this share them and slow down.
    pub cores: u32,
    /// Extra slowdown per busy thread beyond the cores (context switches), as a fraction.
    pub context_switch_cost: f64,
    /// Link bandwidth between workers, bytes per second.
    pub bandwidth: f64,
    /// Bandwidth of the client's link to the cluster, bytes per second.
    pub client_bandwidth: f64,
    /// Latency of every message and transfer.
    pub latency: SimDuration,
    /// Disk bandwidth for spilling and reading back, bytes per second.
    pub disk_bandwidth: f64,
    pub memory: MemoryThresholds,
    /// Workers run under a nanny that restarts them when they die.
    pub nanny: bool,
    /// Time to start a worker process (a thread costs half: lecture 000's "2×").
    pub process_start: SimDuration,
    /// Each run of a task takes its duration × (1 ± this), drawn from the seed.
    pub duration_jitter: f64,
    /// Scheduler CPU time spent on each message it handles (per-task overhead).
    pub scheduler_overhead: SimDuration,
    pub scheduler: SchedulerConfig,
}

impl ClusterSpec {
    /// `n` workers named `a`, `b`, … (then `w26`, …) with `threads` threads each.
    pub fn local(n: usize, threads: u32) -> Self {
        let workers = (0..n)
            .map(|i| WorkerSpec::new(worker_name(i), threads))
            .collect();
        ClusterSpec {
            workers,
            processes: true,
            cores: (n as u32 * threads).max(1),
            context_switch_cost: 0.05,
            bandwidth: 100_000_000.0,
            client_bandwidth: 100_000_000.0,
            latency: SimDuration::from_millis(1),
            disk_bandwidth: 200_000_000.0,
            memory: MemoryThresholds::default(),
            nanny: true,
            process_start: SimDuration::from_millis(500),
            duration_jitter: 0.0,
            scheduler_overhead: SimDuration::from_micros(200),
            scheduler: SchedulerConfig::default(),
        }
    }

    pub fn with_memory_limit(mut self, bytes: u64) -> Self {
        for w in &mut self.workers {
            w.memory_limit = Some(bytes);
        }
        self
    }

    pub fn total_threads(&self) -> u32 {
        self.workers.iter().map(|w| w.nthreads).sum()
    }

    /// Checks the cluster can exist; the message names the problem.
    pub fn validate(&self) -> Result<(), String> {
        if self.cores == 0 {
            return Err("the machine needs at least one core".into());
        }
        if self.bandwidth <= 0.0 || self.client_bandwidth <= 0.0 || self.disk_bandwidth <= 0.0 {
            return Err("bandwidths must be positive".into());
        }
        let mut names: Vec<&str> = self.workers.iter().map(|w| w.name.as_str()).collect();
        names.sort();
        if let Some(w) = names.windows(2).find(|p| p[0] == p[1]) {
            return Err(format!("two workers are named `{}`", w[0]));
        }
        for w in &self.workers {
            if w.nthreads == 0 {
                return Err(format!("worker `{}` has no threads", w.name));
            }
            if w.memory_limit == Some(0) {
                return Err(format!("worker `{}` has a memory limit of 0 bytes", w.name));
            }
        }
        let m = self.memory;
        if !(0.0 < m.target && m.target <= m.spill && m.spill <= m.pause && m.pause <= m.terminate && m.terminate <= 1.0) {
            return Err("memory thresholds must satisfy 0 < target ≤ spill ≤ pause ≤ terminate ≤ 1".into());
        }
        Ok(())
    }
}

/// `a`, `b`, …, `z`, then `w26`, `w27`, …
pub fn worker_name(i: usize) -> String {
    if i < 26 {
        ((b'a' + i as u8) as char).to_string()
    } else {
        format!("w{i}")
    }
}
