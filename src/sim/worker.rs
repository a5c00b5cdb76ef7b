//! A simulated worker's own state: the tasks it was given, its ready heap, its threads, and
//! its data store (`store`).
//!
//! Plain bookkeeping; the world (`sim`) decides when things happen.

use super::store::DataStore;
use crate::graph::TaskId;
use crate::sched::{Priority, WorkerId};
use crate::time::SimTime;
use std::collections::{BTreeMap, BTreeSet};

/// Where a task given to this worker stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Fetching inputs (the set of inputs still missing).
    Fetching(BTreeSet<TaskId>),
    /// All inputs here; waiting for a thread.
    Ready,
    /// Running on a thread.
    Executing { thread: u32 },
}

#[derive(Clone, Debug)]
pub struct Assigned {
    pub run_id: u32,
    pub priority: Priority,
    /// Worker-side generation: later arrivals of equal priority run first (LIFO).
    pub generation: i64,
    pub stage: Stage,
}

/// A task running on a thread, advancing at a rate set by cores and the GIL.
#[derive(Clone, Debug)]
pub struct Running {
    pub task: TaskId,
    pub run_id: u32,
    pub thread: u32,
    /// Microseconds of single-thread work left.
    pub remaining: f64,
    pub rate: f64,
    pub gil: bool,
    pub started: SimTime,
    /// Abandoned by the scheduler: the thread finishes, the result is thrown away.
    pub cancelled: bool,
    /// Bytes reserved for its result while it runs.
    pub reserved: u64,
    /// Invalidates the finish event when rates change.
    pub token: u64,
}

#[derive(Clone, Debug)]
pub struct SimWorker {
    pub id: WorkerId,
    /// Index of the configured worker slot (the nanny restarts into the same slot).
    pub slot: usize,
    pub name: String,
    pub nthreads: u32,
    /// Process number: workers sharing one share a GIL.
    pub process: u32,
    pub memory_limit: Option<u64>,
    pub alive: bool,
    /// Stopped answering (hung) but not dead: only heartbeats can tell.
    pub hung: bool,
    pub paused: bool,
    pub assigned: BTreeMap<TaskId, Assigned>,
    pub ready: BTreeSet<(Priority, i64, TaskId)>,
    pub running: Vec<Running>,
    pub free_threads: BTreeSet<u32>,
    pub data: DataStore,
    /// Inputs being fetched: task → source worker.
    pub in_flight: BTreeMap<TaskId, WorkerId>,
    pub generation: i64,
    /// Multiplier on transfer times over this worker's links (a "slow link" fault).
    pub link_slowdown: f64,
    pub heartbeat_queued: bool,
    /// Process, managed and spilled bytes in the last memory report.
    pub reported_memory: Option<(u64, u64, u64)>,
}

impl SimWorker {
    pub fn new(id: WorkerId, slot: usize, name: String, nthreads: u32, process: u32, memory_limit: Option<u64>) -> Self {
        SimWorker {
            id,
            slot,
            name,
            nthreads,
            process,
            memory_limit,
            alive: true,
            hung: false,
            paused: false,
            assigned: BTreeMap::new(),
            ready: BTreeSet::new(),
            running: Vec::new(),
            free_threads: (0..nthreads).collect(),
            data: DataStore::default(),
            in_flight: BTreeMap::new(),
            generation: 0,
            link_slowdown: 1.0,
            heartbeat_queued: false,
            reported_memory: None,
        }
    }

    /// What the process holds: results in memory plus results being produced.
    pub fn process_memory(&self) -> u64 {
        self.data.managed() + self.running.iter().map(|r| r.reserved).sum::<u64>()
    }
}
