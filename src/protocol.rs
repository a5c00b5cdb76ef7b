//! The wire between the page and the host Web Worker: `ToEngine` commands, `FromEngine`
//! replies, and the plain data they carry.
//!
//! These are the only serialisable types of the web side. They hold no logic and no engine
//! types: the host converts engine state into them at the boundary, and the page reads them.

pub mod charts;
pub mod values;
#[cfg(target_arch = "wasm32")]
mod codec;
mod lesson;
mod run;

#[cfg(target_arch = "wasm32")]
pub use codec::WireCodec;
pub use lesson::{CatalogEntry, Lesson, QuestionView, RevealedView, TourReached, TourStep};
pub use run::{
    Candidate, DecisionView, FaultDto, Frame, GraphView, LogLine, NodeView, StateCode, StoryLine, TaskChange, Transfer,
    Why, WorkerView,
};

use serde::{Deserialize, Serialize};

/// How a number of bytes reads on both sides of the wire, as Dask's `format_bytes` writes it:
/// binary prefixes from 90 % of a unit up, two decimals.
pub fn format_bytes(n: u64) -> String {
    const UNITS: [(&str, u64); 5] = [("Pi", 1 << 50), ("Ti", 1 << 40), ("Gi", 1 << 30), ("Mi", 1 << 20), ("ki", 1 << 10)];
    for (prefix, k) in UNITS {
        if n as f64 >= k as f64 * 0.9 {
            return format!("{:.2} {prefix}B", n as f64 / k as f64);
        }
    }
    format!("{n} B")
}

/// A command from the page to the engine.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ToEngine {
    /// Sent once when the page starts; the host answers `Hello` when it is ready.
    Hello,
    /// Replace the current run with `x.compute()` of a graph written in `tasklab-graph/1`, on
    /// the default cluster, with this seed.
    LoadGraph { text: String, seed: u64 },
    /// Replace the current run with `x.compute()` of a lecture's array expression, such as
    /// `da.ones((8, 8), chunks=4).sum()`; its tasks compute real values.
    LoadArray { code: String, seed: u64 },
    /// Load a built-in scenario (`Hello.catalog` lists them) or one of the sample graphs
    /// (`Hello.graphs`); a scenario's own seed is used unless `seed` is given.
    LoadBuiltIn { id: String, seed: Option<u64> },
    /// Load a scenario file (TOML), with its tour.
    LoadScenario { text: String, seed: Option<u64> },
    /// Run the tour's next step: its action, then its text is read and its question answered.
    NextTourStep,
    /// Describe one task of the current graph (its spec and neighbours).
    Inspect { key: String },
    /// Select a task: its spec, its life so far and every decision about it (`Why`).
    Select { key: String },
    /// Handle `n` more events.
    Step { n: u64 },
    /// Handle events until `us` more microseconds of simulated time have passed.
    Advance { us: u64 },
    /// Go back `n` events.
    Back { n: u64 },
    /// Go to exactly this many events handled.
    Seek { position: u64 },
    /// Go to the first moment at or after `us` microseconds of simulated time (or the end).
    SeekTime { us: u64 },
    /// Apply a fault or setting now; the future beyond this moment is recomputed.
    Inject { fault: FaultDto },
    /// Draw this group of the grouped view task by task, or fold the group of this opened task.
    ToggleGroup { label: String },
    /// The value a finished task holds, or the client gathered.
    Value { key: String },
    /// The whole run so far as `tasklab-trace/1`.
    ExportTrace,
    /// Time a chunked array sum on the host's compute threads against a plain one.
    MeasureCompute,
}

/// A reply from the engine to the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FromEngine {
    /// The host is running, built from this version of the crate; these scenarios and sample
    /// graphs ship with it.
    /// `threads`: the pool the chunk kernels run on (wasm-bindgen-rayon's Web Workers in the
    /// threaded host), or `None` when they run on the host's one thread.
    Hello { version: String, catalog: Vec<CatalogEntry>, graphs: Vec<String>, threads: Option<usize> },
    /// A new run: the graph, its drawing and the cluster, at position 0; a scenario's lesson.
    Loaded { id: Option<String>, seed: u64, summary: GraphSummary, view: GraphView, workers: Vec<String>, lesson: Option<Lesson> },
    /// The charts as of the last frame.
    Charts { stream: charts::TaskStream, memory: charts::MemorySeries, progress: charts::Progress },
    Tour(TourReached),
    /// A new drawing of the same run (a group opened or closed).
    Redrawn(GraphView),
    /// Where the run is now, and what changed since the last frame.
    Frame(Frame),
    Task(TaskDetail),
    Why(Why),
    Value(values::ValueDetail),
    Trace { text: String },
    ComputeSpeed(ComputeSpeed),
    /// The command could not be carried out; `message` tells the student why.
    Refused { message: String },
}

/// A 4096 × 4096 `f64` sum timed in the host, best of a few runs: in one piece, in 512 × 512
/// chunks on one thread, and in chunks on the compute pool when there is one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComputeSpeed {
    pub side: usize,
    pub chunk: usize,
    pub plain_ms: f64,
    pub chunked_ms: f64,
    /// `(threads, ms)` on the pool.
    pub pool: Option<(usize, f64)>,
    /// Every way gave the same sum.
    pub agree: bool,
}

/// What a loaded graph looks like as a whole, before anything runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GraphSummary {
    pub tasks: u32,
    /// Number of dependency edges.
    pub dependencies: u32,
    /// Tasks with no dependencies: where computation starts.
    pub roots: u32,
    /// The longest chain of compute time: no cluster can finish faster.
    pub critical_path_us: u64,
    /// All tasks' compute time added up: what one thread would need.
    pub total_work_us: u64,
    /// One row per key prefix, in order of first appearance.
    pub prefixes: Vec<PrefixRow>,
    /// The first few tasks nothing depends on (what a client asks for), in graph order.
    pub outputs: Vec<String>,
    /// How many such tasks there are in all.
    pub output_count: u32,
}

/// The tasks sharing one key prefix (`inc`, `sum-aggregate`), as Dask's dashboard groups them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PrefixRow {
    pub name: String,
    pub tasks: u32,
    pub work_us: u64,
    pub nbytes: u64,
}

/// One task as its spec describes it, with its neighbours' keys.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskDetail {
    pub key: String,
    pub func: String,
    pub prefix: String,
    pub duration_us: u64,
    pub nbytes: u64,
    /// Holds Python's GIL for its whole run.
    pub gil: bool,
    /// Keys this task needs, in argument order.
    pub dependencies: Vec<String>,
    /// Keys that need this task, in graph order.
    pub dependents: Vec<String>,
}
