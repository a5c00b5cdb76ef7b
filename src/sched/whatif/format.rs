//! The `tasklab-decide/1` input and `tasklab-decisions/1` output, as serde types.
//!
//! Plain data with the field names of the formats; building the frozen scheduler and deciding
//! live in `whatif`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DecideFile {
    pub format: String,
    /// Bytes per second; Dask's `distributed.scheduler.bandwidth` when absent.
    #[serde(default)]
    pub bandwidth: Option<f64>,
    pub workers: Vec<WorkerEntry>,
    pub tasks: Vec<TaskEntry>,
    #[serde(default)]
    pub tasks_assigned_before: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WorkerEntry {
    pub name: String,
    pub nthreads: u32,
    #[serde(default = "running")]
    pub status: String,
    /// Results it holds, key → bytes.
    #[serde(default)]
    pub has: BTreeMap<String, u64>,
    #[serde(default)]
    pub processing: Vec<ProcessingEntry>,
    #[serde(default)]
    pub resources: BTreeMap<String, f64>,
}

fn running() -> String {
    "running".to_string()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ProcessingEntry {
    pub key: String,
    pub prefix: String,
    /// Expected duration; `null` means the prefix was never seen (Dask's unknown duration).
    #[serde(default)]
    pub duration_us: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TaskEntry {
    pub key: String,
    pub prefix: String,
    /// Inputs, key → bytes; each must be held by some worker.
    #[serde(default)]
    pub deps: BTreeMap<String, u64>,
    #[serde(default)]
    pub restrictions: Option<RestrictionsEntry>,
    #[serde(default)]
    pub resources: BTreeMap<String, f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RestrictionsEntry {
    #[serde(default)]
    pub workers: Vec<String>,
    #[serde(default)]
    pub loose: bool,
}

/// `tasklab-decisions/1`: one decision per task, in the order the tasks were given.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Decisions {
    pub format: &'static str,
    pub decisions: Vec<DecisionEntry>,
}

/// Where one task went and every worker compared to get there.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DecisionEntry {
    pub key: String,
    /// `processing`, `queued` or `no-worker`.
    pub state: &'static str,
    pub worker: Option<String>,
    pub rootish: bool,
    /// Which branch of Dask's worker choice decided (`dependency-holders`, …).
    pub rule: &'static str,
    /// The rule in words.
    pub reason: &'static str,
    pub candidates: Vec<CandidateEntry>,
}

/// One worker as the scheduler saw it (the terms of Dask's `worker_objective`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CandidateEntry {
    pub worker: String,
    pub transfer_bytes: u64,
    pub transfer_s: f64,
    pub occupancy_s: f64,
    pub start_s: f64,
    pub stored_bytes: u64,
    /// Why it was not compared (`restriction`, `full`, …), or `null`.
    pub excluded: Option<&'static str>,
}
