//! The wire between the page and the host Web Worker: `ToEngine` commands, `FromEngine`
//! replies, and the plain data they carry.
//!
//! These are the only serialisable types of the web side. They hold no logic and no engine
//! types: the host converts engine state into them at the boundary, and the page reads them.

pub mod charts;
pub mod values;
#[cfg(target_arch = "wasm32")]
mod codec;

#[cfg(target_arch = "wasm32")]
pub use codec::WireCodec;

use serde::{Deserialize, Serialize};

/// A command from the page to the engine.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ToEngine {
    /// Sent once when the page starts; the host answers `Hello` when it is ready.
    Hello,
    /// Replace the current graph with one written in `tasklab-graph/1`.
    LoadGraph { text: String },
    /// Describe one task of the current graph.
    Inspect { key: String },
}

/// A reply from the engine to the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FromEngine {
    /// The host is running, built from this version of the crate.
    Hello { version: String },
    GraphLoaded(GraphSummary),
    Task(TaskDetail),
    /// The command could not be carried out; `message` tells the student why.
    Refused { message: String },
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

