//! The wire's picture of a run: the graph's drawing, frames of task states and workers,
//! the transition log, a task's "why", values, and the faults a student can apply.
//!
//! Plain data only; the host fills it from the engine's records, the page draws it.

use serde::{Deserialize, Serialize};

/// A task's scheduler state, with Dask's names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum StateCode {
    Released,
    Waiting,
    NoWorker,
    Queued,
    Processing,
    Memory,
    Erred,
    Forgotten,
}

impl StateCode {
    pub const ALL: [StateCode; 8] = [
        StateCode::Released,
        StateCode::Waiting,
        StateCode::NoWorker,
        StateCode::Queued,
        StateCode::Processing,
        StateCode::Memory,
        StateCode::Erred,
        StateCode::Forgotten,
    ];

    /// Dask's spelling: `no-worker`, `processing`, …
    pub fn name(self) -> &'static str {
        match self {
            StateCode::Released => "released",
            StateCode::Waiting => "waiting",
            StateCode::NoWorker => "no-worker",
            StateCode::Queued => "queued",
            StateCode::Processing => "processing",
            StateCode::Memory => "memory",
            StateCode::Erred => "erred",
            StateCode::Forgotten => "forgotten",
        }
    }
}

/// The drawing of the graph (or of its groups, past a few thousand tasks), laid out by the host.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GraphView {
    pub nodes: Vec<NodeView>,
    /// Each dependency as `(from node, to node)`, with its polyline in `edge_points`.
    pub edges: Vec<(u32, u32)>,
    pub edge_points: Vec<Vec<(f32, f32)>>,
    pub width: f32,
    pub height: f32,
    /// The node drawing each task, by task index.
    pub node_of_task: Vec<u32>,
    /// One node per task group (some perhaps opened task by task).
    pub grouped: bool,
}

/// One mark of the drawing: a task, or a whole task group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NodeView {
    pub x: f32,
    pub y: f32,
    /// The task's key, or the group's name.
    pub label: String,
    /// How many tasks it stands for: 1 for a task.
    pub tasks: u32,
    /// A whole group drawn as one node.
    pub group: bool,
}

/// One task whose state changed since the last frame.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskChange {
    pub task: u32,
    pub state: StateCode,
    /// The worker processing it, or the first one holding its result (index into `Frame.workers`).
    pub worker: Option<u32>,
}

/// The run at one position, with what changed since the frame before.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Frame {
    /// Events handled.
    pub position: u64,
    pub time_us: u64,
    /// Where this run ends, as far as the engine has computed it.
    pub end_position: u64,
    pub end_time_us: u64,
    /// Forget every task state before applying `changes` (a new run).
    pub reset: bool,
    pub changes: Vec<TaskChange>,
    /// Every worker that ever joined, by id (dead ones too).
    pub workers: Vec<WorkerView>,
    /// Data moving between workers right now.
    pub transfers: Vec<Transfer>,
    /// Keep only this many log lines, then append `log`.
    pub log_from: u32,
    pub log: Vec<LogLine>,
}

/// One worker's card.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkerView {
    pub name: String,
    /// `running`, `paused`, `dead`, `restarting`, `retired`, `hung`.
    pub status: String,
    pub nthreads: u32,
    /// Keys running on its threads now.
    pub running: Vec<String>,
    /// Tasks the scheduler has assigned to it (Dask's `processing`).
    pub processing: u32,
    /// Tasks waiting on the worker for a thread or for their inputs.
    pub queued: u32,
    pub process_bytes: u64,
    pub managed_bytes: u64,
    pub spilled_bytes: u64,
    pub memory_limit: Option<u64>,
    /// Fractions of the limit: target, spill, pause, terminate.
    pub thresholds: [f64; 4],
    /// Results it holds (in memory or on disk).
    pub keys: u32,
}

/// A result moving from one worker to another.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Transfer {
    pub task: u32,
    pub key: String,
    pub from: String,
    pub to: String,
    pub nbytes: u64,
}

/// One line of the transition log: something the scheduler, a worker or the client did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogLine {
    /// The position to seek to for the moment just after it happened.
    pub position: u64,
    pub time_us: u64,
    /// `transition`, `decision`, `steal`, `stimulus`, `worker`, `client`.
    pub kind: String,
    pub task: Option<String>,
    pub worker: Option<String>,
    pub text: String,
}

/// A line of a task's life story.
pub type StoryLine = LogLine;

/// The selected task's life so far, and every worker choice made for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Why {
    pub key: String,
    pub state: StateCode,
    pub story: Vec<StoryLine>,
    pub decisions: Vec<DecisionView>,
}

/// A worker choice for one task, with the terms compared, in words and in numbers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionView {
    pub position: u64,
    pub time_us: u64,
    /// Which branch of Dask's logic, in plain words.
    pub rule: String,
    /// `sent to a`, `queued`, `no worker`.
    pub outcome: String,
    /// The comparison in one sentence ("moved 0 B to a; b would have moved 80 MB, about 0.8 s").
    pub summary: String,
    pub candidates: Vec<Candidate>,
}

/// One worker as the scheduler weighed it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub worker: String,
    pub transfer_bytes: u64,
    pub transfer_s: f64,
    pub occupancy_s: f64,
    pub start_s: f64,
    pub stored_bytes: u64,
    pub processing: u32,
    /// Why it was left out, if it was.
    pub excluded: Option<String>,
    pub chosen: bool,
}

/// A fault or setting the student applies at the current moment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FaultDto {
    KillWorker { worker: String },
    HangWorker { worker: String },
    /// Make every task of this function raise, or take its worker down.
    BreakFunction { func: String, kills_worker: bool },
    SlowLink { worker: String, factor: f64 },
    SetMemoryLimit { worker: String, bytes: u64 },
    AddWorker { nthreads: u32, memory_limit: Option<u64> },
    RetireWorker { worker: String },
    WorkStealing { on: bool },
}
