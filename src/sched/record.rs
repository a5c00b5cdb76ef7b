//! What the scheduler writes down: stimuli, transitions, and decisions with their reasons.
//!
//! The page's "why" panel and the tour's questions read these records and compute nothing
//! themselves. Plain data; no rules live here.

use super::state::{TaskState, WorkerId};
use crate::graph::TaskId;
use std::sync::Arc;

/// Identifies the stimulus (Dask's `stimulus_id`) that caused a cascade of transitions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StimulusId(pub u32);

/// Something that happened to the scheduler from outside.
#[derive(Clone, Debug, PartialEq)]
pub enum Stimulus {
    /// A client submitted tasks (`update-graph`).
    UpdateGraph { tasks: u32, wanted: u32 },
    TaskFinished { task: TaskId, worker: WorkerId },
    TaskErred { task: TaskId, worker: WorkerId },
    WorkerJoined { worker: WorkerId },
    /// `remove_worker`: `expected` for a graceful retirement, otherwise a death.
    WorkerLost { worker: WorkerId, expected: bool },
    WorkerPaused { worker: WorkerId },
    WorkerResumed { worker: WorkerId },
    ClientReleases { task: TaskId },
    Retry { task: TaskId },
    Scatter { task: TaskId },
    /// The periodic work-stealing `balance` pass.
    Balance,
    StealResponse { task: TaskId, victim: WorkerId },
    /// A worker acquired a replica by fetching it (`add-keys`).
    AddKeys { task: TaskId, worker: WorkerId },
    /// The periodic `_check_no_workers` found tasks waiting past `no-workers-timeout`.
    NoWorkersTimeout { tasks: u32 },
}

/// One state change of one task, with what caused it.
#[derive(Clone, Debug, PartialEq)]
pub struct TransitionRecord {
    pub task: TaskId,
    pub from: TaskState,
    pub to: TaskState,
    pub stimulus: StimulusId,
}

/// Which branch of Dask's worker-choice logic made a decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// Root-ish task, queuing on: least `processing / nthreads` among workers with a free slot.
    RootishQueuing,
    /// Root-ish task, queuing off: co-assignment of neighbouring root tasks to one worker.
    RootishCoAssignment,
    /// Has dependencies: the holders of its inputs, by earliest start then fewest bytes stored.
    DependencyHolders,
    /// Restricted (workers or resources): the valid workers, by earliest start.
    Restricted,
    /// No dependencies, fewer than 20 workers: least occupied (round robin among idle ones).
    LeastOccupied,
    /// No dependencies, 20 workers or more: plain round robin.
    RoundRobin,
}

impl Rule {
    /// The name used in `tasklab-decisions/1`.
    pub fn name(self) -> &'static str {
        match self {
            Rule::RootishQueuing => "rootish-queuing",
            Rule::RootishCoAssignment => "rootish-co-assignment",
            Rule::DependencyHolders => "dependency-holders",
            Rule::Restricted => "restricted",
            Rule::LeastOccupied => "least-occupied",
            Rule::RoundRobin => "round-robin",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Rule::RootishQueuing => "root-ish task with queuing on: the worker with a free slot and the fewest tasks per thread",
            Rule::RootishCoAssignment => "root-ish task with queuing off: neighbouring root tasks go to the same worker in batches",
            Rule::DependencyHolders => "only workers holding an input are candidates; earliest expected start wins, then fewest bytes stored",
            Rule::Restricted => "only workers meeting the restrictions are candidates; earliest expected start wins",
            Rule::LeastOccupied => "no inputs to move: the least occupied worker (round robin among idle ones)",
            Rule::RoundRobin => "no inputs to move and 20 workers or more: plain round robin",
        }
    }
}

/// Why a worker was not considered for a task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exclusion {
    NotRunning,
    /// Not in the task's `workers=` list.
    Restriction,
    /// Lacks a resource the task needs.
    Resources,
    /// Holds none of the task's inputs while another worker does.
    HoldsNoInput,
    /// Its queuing slots are all taken (`worker-saturation`).
    Full,
    /// Busy while other workers were idle: only the idle ones were compared.
    NotIdle,
}

impl Exclusion {
    pub fn name(self) -> &'static str {
        match self {
            Exclusion::NotRunning => "not-running",
            Exclusion::Restriction => "restriction",
            Exclusion::Resources => "resources",
            Exclusion::HoldsNoInput => "holds-no-input",
            Exclusion::Full => "full",
            Exclusion::NotIdle => "not-idle",
        }
    }
}

/// One worker as the scheduler saw it when deciding.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub worker: WorkerId,
    /// Bytes of inputs this worker would have to fetch.
    pub transfer_bytes: u64,
    /// `transfer_bytes / bandwidth`, seconds.
    pub transfer_s: f64,
    /// Expected seconds of work already assigned.
    pub occupancy_s: f64,
    pub nthreads: u32,
    /// `occupancy / nthreads + transfer`: when the task could start.
    pub start_s: f64,
    /// Bytes of results stored (the tie-break).
    pub stored_bytes: u64,
    /// Tasks in `processing` (root-ish queuing compares these per thread).
    pub processing: u32,
    pub excluded: Option<Exclusion>,
}

/// Where a decision sent the task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    Worker(WorkerId),
    Queued,
    NoWorker,
}

/// A worker choice and everything compared to make it.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    pub task: TaskId,
    pub stimulus: StimulusId,
    pub rootish: bool,
    pub rule: Rule,
    pub placement: Placement,
    /// Every live worker, by id. Shared with the previous decision when they saw the same
    /// (the many root-ish tasks queued at once in one `update-graph`).
    pub candidates: Arc<[Candidate]>,
}

/// Why the stealing pass moved (or asked to move) a task.
#[derive(Clone, Debug, PartialEq)]
pub struct StealRecord {
    pub task: TaskId,
    pub victim: WorkerId,
    pub thief: WorkerId,
    pub stimulus: StimulusId,
    /// Cost bucket: 0 = no inputs; higher = more transfer per second of compute.
    pub level: u8,
    pub compute_s: f64,
    pub thief_occupancy_s: f64,
    pub thief_transfer_s: f64,
    pub victim_occupancy_s: f64,
    pub victim_transfer_s: f64,
    pub outcome: StealOutcome,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StealOutcome {
    /// `steal-request` sent; the victim has not answered yet.
    Requested,
    /// The victim had not started it: it now runs on the thief.
    Confirmed,
    /// The victim had already started (or finished) it: nothing moved.
    Rejected,
}

/// Everything the scheduler logs, in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Record {
    Stimulus { id: StimulusId, what: Stimulus },
    Transition(TransitionRecord),
    Decision(Decision),
    /// Boxed: steals are rare and their record is the largest, so the trace's entries stay small.
    Steal(Box<StealRecord>),
}
