//! The scheduler's records: task states (Dask's names), per-task and per-worker bookkeeping.
//!
//! Plain data and small helpers; the rules that change them live in `transitions`, `decide`
//! and `stealing`.

use crate::graph::TaskId;
use std::collections::BTreeSet;
use std::fmt;

/// A simulated Dask worker, by index in the scheduler's worker table (never reused).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WorkerId(pub u32);

impl WorkerId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Scheduler-side task states, exactly Dask's (`TaskStateState`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TaskState {
    Released,
    Waiting,
    NoWorker,
    Queued,
    Processing,
    Memory,
    Erred,
    Forgotten,
}

impl TaskState {
    pub const ALL: [TaskState; 8] = [
        TaskState::Released,
        TaskState::Waiting,
        TaskState::NoWorker,
        TaskState::Queued,
        TaskState::Processing,
        TaskState::Memory,
        TaskState::Erred,
        TaskState::Forgotten,
    ];

    /// Dask's spelling: `no-worker`, `processing`, …
    pub fn name(self) -> &'static str {
        match self {
            TaskState::Released => "released",
            TaskState::Waiting => "waiting",
            TaskState::NoWorker => "no-worker",
            TaskState::Queued => "queued",
            TaskState::Processing => "processing",
            TaskState::Memory => "memory",
            TaskState::Erred => "erred",
            TaskState::Forgotten => "forgotten",
        }
    }

}

impl fmt::Display for TaskState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `(-user priority, generation, order)`: smaller runs first, as in Dask.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Priority {
    pub user: i32,
    pub generation: u32,
    pub order: u32,
}

/// Why a task erred: its own failure, or that of a dependency it inherited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The function raised (`task-erred`).
    Raised { message: String },
    /// Workers kept dying while running it (`KilledWorker`).
    KilledWorker { deaths: u32, last_worker: String },
    /// Result too big for any worker's memory limit.
    MemoryError { nbytes: u64, limit: u64 },
    /// No worker meeting its restrictions joined within `no-workers-timeout`.
    NoValidWorker { timeout: crate::time::SimDuration },
    /// No worker was running at all for longer than `no-workers-timeout`.
    NoWorker { timeout: crate::time::SimDuration },
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Raised { message } => write!(f, "{message}"),
            Failure::KilledWorker { deaths, last_worker } => write!(
                f,
                "KilledWorker: attempted to run the task on {deaths} different workers, but all those \
                 workers died while running it; the last worker was {last_worker}"
            ),
            Failure::MemoryError { nbytes, limit } => write!(
                f,
                "MemoryError: the task's inputs take {nbytes} bytes, more than the worker's memory limit of {limit} bytes"
            ),
            Failure::NoValidWorker { timeout } => write!(
                f,
                "NoValidWorkerError: no running worker satisfied the task's restrictions for {timeout} (no-workers-timeout)"
            ),
            Failure::NoWorker { timeout } => {
                write!(f, "NoWorkerError: no worker was running for {timeout} (no-workers-timeout)")
            }
        }
    }
}

/// Everything the scheduler tracks about one task (Dask's scheduler `TaskState`).
#[derive(Clone, Debug)]
pub struct TaskRec {
    pub state: TaskState,
    /// Known to the scheduler (submitted and not forgotten).
    pub known: bool,
    pub priority: Priority,
    /// Dependencies not yet in memory.
    pub waiting_on: Vec<TaskId>,
    /// Dependents that still need this task's data.
    pub waiters: Vec<TaskId>,
    /// Clients holding a future on this key.
    pub who_wants: u32,
    pub processing_on: Option<WorkerId>,
    /// Workers holding the result.
    pub who_has: Vec<WorkerId>,
    /// Measured size once computed.
    pub nbytes: Option<u64>,
    /// Worker deaths while this task was processing.
    pub suspicious: u32,
    /// Retries left for an ordinary exception.
    pub retries_left: u32,
    /// The task whose failure explains this one's `erred` state.
    pub exception_blame: Option<TaskId>,
    pub failure: Option<Failure>,
    /// A dependency was forgotten: this task can never run again.
    pub has_lost_dependencies: bool,
    /// Fresh for each `compute-task` sent; stale results are refused.
    pub run_id: u32,
    /// Position in its worker's `processing` list (for O(1) removal).
    pub(crate) pos_in_processing: u32,
    /// Stealing bucket and position in it, while stealable.
    pub(crate) steal_level: u8,
    pub(crate) pos_in_stealable: u32,
    /// Scattered data: no function, cannot be recomputed.
    pub scattered: bool,
}

impl TaskRec {
    pub fn new() -> Self {
        TaskRec {
            state: TaskState::Released,
            known: false,
            priority: Priority::default(),
            waiting_on: Vec::new(),
            waiters: Vec::new(),
            who_wants: 0,
            processing_on: None,
            who_has: Vec::new(),
            nbytes: None,
            suspicious: 0,
            retries_left: 0,
            exception_blame: None,
            failure: None,
            has_lost_dependencies: false,
            run_id: 0,
            pos_in_processing: u32::MAX,
            steal_level: u8::MAX,
            pos_in_stealable: u32::MAX,
            scattered: false,
        }
    }
}

impl Default for TaskRec {
    fn default() -> Self {
        Self::new()
    }
}

/// Scheduler-side status of a worker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum WorkerStatus {
    Running,
    Paused,
    /// Removed (dead, or retired). Its id is never reused.
    Gone,
}

impl WorkerStatus {
    pub fn name(self) -> &'static str {
        match self {
            WorkerStatus::Running => "running",
            WorkerStatus::Paused => "paused",
            WorkerStatus::Gone => "gone",
        }
    }
}

/// Everything the scheduler tracks about one worker (Dask's scheduler `WorkerState`).
#[derive(Clone, Debug)]
pub struct WorkerRec {
    pub name: String,
    pub nthreads: u32,
    pub status: WorkerStatus,
    pub memory_limit: Option<u64>,
    pub resources: Vec<(String, f64)>,
    /// Tasks assigned to this worker, in assignment order (swap-removed).
    pub processing: Vec<TaskId>,
    /// Keys whose data this worker holds.
    pub has_what: BTreeSet<TaskId>,
    /// Sum of `nbytes` of `has_what`.
    pub nbytes: u64,
    /// Bytes of dependencies its processing tasks still have to fetch.
    pub network_occ: u64,
    /// Stealable tasks by level (0 = cheapest to move).
    pub(crate) stealable: Vec<Vec<TaskId>>,
    pub last_seen: crate::time::SimTime,
}

impl WorkerRec {
    pub fn is_running(&self) -> bool {
        self.status == WorkerStatus::Running
    }

    pub fn resource(&self, name: &str) -> f64 {
        self.resources.iter().find(|(n, _)| n == name).map(|(_, v)| *v).unwrap_or(0.0)
    }
}
