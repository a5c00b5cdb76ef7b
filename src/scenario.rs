//! Scenarios: a TOML file naming a cluster, a workload, faults and a guided tour, the
//! built-in lectures (`www/scenarios/*.toml`, embedded), and the tour's actions and
//! questions.
//!
//! `parse` reads and checks a file, and every complaint names its line and column; `tour`
//! moves a `Sim` to a step's goal and reveals a question's answer from the engine's own
//! records. Owns no scheduling rule and no rendering: it describes work and reads the trace.
//!
//! ```
//! let s = tasklab::scenario::parse(tasklab::scenario::builtin("comb-prod").unwrap().text).unwrap();
//! let mut sim = s.sim();
//! for step in &s.tour {
//!     tasklab::scenario::tour::advance(&mut sim, &step.action).unwrap();
//! }
//! assert!(sim.world().is_finished());
//! ```

mod build;
mod builtins;
mod raw;
pub mod tour;
mod units;
mod workload;

#[cfg(test)]
mod tests;

pub use builtins::{builtin, builtins, BuiltIn};
pub use tour::Revealed;

use crate::sched::TaskState;
use crate::sim::{self, ClusterSpec, Fault, Sim, World};
use crate::time::SimTime;
use std::fmt;

/// A problem in a scenario file, at a 1-based line and column (counted in characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for ScenarioError {}

/// What a scenario is and what it teaches.
#[derive(Clone, Debug, PartialEq)]
pub struct Meta {
    pub id: String,
    pub title: String,
    /// The lecture notes it follows: `000` … `004`.
    pub lecture: String,
    /// Concept ids (`C1` … `C29`) the tour demonstrates.
    pub concepts: Vec<String>,
    pub seed: u64,
    /// One or two sentences for the picker.
    pub summary: String,
}

/// A checked scenario, ready to run.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub meta: Meta,
    pub cluster: ClusterSpec,
    pub workload: sim::Workload,
    pub faults: Vec<Fault>,
    pub tour: Vec<Step>,
}

impl Scenario {
    /// The world at time zero, with the scenario's own seed.
    pub fn world(&self) -> World {
        self.world_with_seed(self.meta.seed)
    }

    /// The world at time zero with another seed (the seed only moves duration jitter and
    /// random tie-breaks; `parse` has already built the world once, so this cannot fail).
    pub fn world_with_seed(&self, seed: u64) -> World {
        World::new(self.cluster.clone(), self.workload.clone(), self.faults.clone(), seed)
            .expect("parse checked that the world can be built")
    }

    pub fn sim(&self) -> Sim {
        Sim::new(self.world())
    }
}

/// One stop of the guided tour.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// A small Markdown subset: paragraphs, `code`, **bold**, *emphasis*, lists.
    pub text: String,
    pub action: Action,
    pub highlight: Highlight,
    pub question: Option<Question>,
}

/// How far the simulation runs before the step's text is read.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Until the task reaches the state (at once if it is already there).
    RunUntilState { key: String, state: TaskState },
    /// Until the first event at or after this time.
    RunUntilTime(SimTime),
    /// Until the scheduler next decides where the task runs (at once if it just did, in the
    /// same moment the previous step ended).
    RunUntilDecision { key: String },
    RunToEnd,
    /// Nothing runs: the student steps, injects faults or explores.
    StudentActs,
}

/// Charts a step may point at, as the page names them.
pub const CHARTS: [&str; 6] = ["graph", "workers", "task-stream", "memory", "progress", "transitions"];

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Highlight {
    pub tasks: Vec<String>,
    pub workers: Vec<String>,
    /// One of [`CHARTS`].
    pub chart: Option<String>,
}

/// A question asked before the step's action runs; its answer is read from the engine
/// after it has run.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    pub prompt: String,
    /// Offered answers; empty for a free answer. The revealed answer is one of them.
    pub choices: Vec<String>,
    pub answer: Answer,
}

/// Where a question's answer comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// The worker the task was last placed on (its decision, or a confirmed steal).
    WorkerOf { key: String },
    /// How many tasks the graph has.
    TaskCount,
    /// The task's scheduler state now.
    StateOf { key: String },
    /// The task's computed value.
    ValueOf { key: String },
    /// When the run ended (or the time now, if it has not).
    Makespan,
    /// "faster", "slower" or "about the same" than the other built-in scenario run to its end.
    CompareMakespan { other: String },
    /// Bytes moved to the client so far.
    GatheredBytes,
    /// Steals confirmed so far.
    Steals,
    /// Worker processes that died so far.
    WorkersDied,
    /// How many times the task started running on a worker.
    RunsOf { key: String },
    /// The client's future on the task: pending, finished, error, lost, cancelled, or none.
    FutureOf { key: String },
    /// Bytes of this task's result that reached the client.
    GatheredOf { key: String },
    /// A shared counter's value (coordination workloads).
    Counter { name: String },
    /// Time tasks spent waiting for locks, actors, queues and variables, summed.
    TimeWaiting,
    /// Items waiting in a `distributed.Queue` now.
    QueueLength { name: String },
    /// Results moved to disk so far.
    Spilled,
    /// Threads across the running workers (the reason lists each worker: the cluster's info).
    Threads,
}

/// Reads, checks and builds a scenario file.
pub fn parse(text: &str) -> Result<Scenario, ScenarioError> {
    build::build(text)
}
