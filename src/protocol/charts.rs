//! The charts' data on the wire: the task stream, memory per worker over time, and progress
//! per key prefix, as Dask's dashboard shows them.
//!
//! Plain serde data, no logic: `host::charts` fills them from the engine's records and
//! `ui::charts` draws them. Names no engine type.

use serde::{Deserialize, Serialize};

/// Dask's task stream: one row per worker thread (plus one row per worker for its transfers
/// and disk reads), one bar per task run from start to stop.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskStream {
    /// Row labels, top to bottom: `worker-0 thread 0`, …, `worker-0 transfers`, `worker-1 thread 0`, …
    pub rows: Vec<String>,
    /// Bars in order of their start.
    pub bars: Vec<Bar>,
    /// The start of the time range shown: the earliest start among the bars kept.
    pub from_us: u64,
    /// The simulated time now: the end of the range shown; bars still running end here.
    pub now_us: u64,
    /// Earlier bars left out to keep the chart small (Dask's status page keeps the last 1000).
    pub omitted: u32,
}

/// One rectangle of the task stream.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bar {
    /// Index into `TaskStream::rows`.
    pub row: u32,
    pub start_us: u64,
    pub end_us: u64,
    /// The task's key prefix (`inc`, `sum-aggregate`): it sets the compute bar's colour.
    pub prefix: String,
    pub key: String,
    pub kind: BarKind,
    /// False when the run ended without a result (it raised, its worker died, or it was
    /// abandoned), or the transfer did not arrive.
    pub ok: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BarKind {
    Compute,
    /// Fetching a task's result from another worker.
    Transfer,
    /// Reading a spilled result back from disk.
    DiskRead,
}

/// Memory per worker over the run so far.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MemorySeries {
    pub workers: Vec<Series>,
    pub now_us: u64,
}

/// One worker's memory over time, with the lines of its memory limit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub name: String,
    /// `None`: no memory limit, so no spilling, pausing or terminating.
    pub limit: Option<u64>,
    /// The target, spill, pause and terminate lines in bytes (empty without a limit).
    pub thresholds: Vec<Threshold>,
    /// Memory after each change, in time order; it holds until the next point.
    pub points: Vec<MemoryPoint>,
    /// The worker's process has ended (died, retired or terminated by the nanny).
    pub gone: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Threshold {
    /// `target`, `spill`, `pause` or `terminate`.
    pub name: String,
    pub bytes: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoryPoint {
    pub t_us: u64,
    /// Everything the process holds: managed memory plus results being produced.
    pub process: u64,
    /// Results held in memory (Dask's managed memory).
    pub managed: u64,
    /// Results spilled to disk.
    pub spilled: u64,
}

/// Dask's progress bars: one row per key prefix.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub rows: Vec<ProgressRow>,
}

/// How the tasks of one prefix stand. The counts other than `total` add up to `total`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressRow {
    pub prefix: String,
    pub total: u32,
    /// Released or waiting and not computed yet.
    pub waiting: u32,
    /// Ready, but held back by the scheduler until a thread is free (root-task queuing).
    pub queued: u32,
    /// Ready, but no worker may run it.
    pub no_worker: u32,
    pub processing: u32,
    pub memory: u32,
    /// Computed, then released because nothing needs it any more.
    pub released: u32,
    pub erred: u32,
    /// The scheduler dropped it: no client wants it and nothing depends on it.
    pub forgotten: u32,
}

impl ProgressRow {
    /// Tasks the scheduler is finished with: computed (held or let go), failed, or
    /// forgotten. Dask's "done" in "done / total".
    pub fn done(&self) -> u32 {
        self.memory + self.released + self.erred + self.forgotten
    }
}
