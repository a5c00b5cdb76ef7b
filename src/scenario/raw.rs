//! The scenario file as TOML says it, before meaning is checked: every value the builder may
//! complain about keeps its span, so the complaint can name the line and column.
//!
//! Serde shapes only; `build` gives them meaning. Unknown keys are refused here.

use crate::collections::coordination::queue::QueueSpec;
use crate::collections::coordination::CounterSpec;
use crate::collections::dataframe::GroupbySpec;
use crate::collections::delayed::PipelineSpec;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

pub type S<T> = Spanned<T>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    pub scenario: S<MetaRaw>,
    pub cluster: S<ClusterRaw>,
    pub workload: S<WorkloadRaw>,
    #[serde(default)]
    pub client: Vec<S<ClientRaw>>,
    #[serde(default)]
    pub fault: Vec<S<FaultRaw>>,
    #[serde(default)]
    pub step: Vec<S<StepRaw>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetaRaw {
    pub id: S<String>,
    pub title: String,
    pub lecture: S<String>,
    pub concepts: S<Vec<S<String>>>,
    #[serde(default)]
    pub seed: u64,
    #[serde(default)]
    pub summary: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterRaw {
    pub workers: Option<S<i64>>,
    pub threads_per_worker: Option<S<i64>>,
    #[serde(default)]
    pub worker: Vec<S<WorkerRaw>>,
    pub processes: Option<bool>,
    pub memory_limit: Option<S<String>>,
    pub cores: Option<S<i64>>,
    pub bandwidth: Option<S<String>>,
    pub client_bandwidth: Option<S<String>>,
    pub disk_bandwidth: Option<S<String>>,
    pub latency: Option<S<String>>,
    pub nanny: Option<bool>,
    pub process_start: Option<S<String>>,
    pub scheduler_overhead: Option<S<String>>,
    pub work_stealing: Option<bool>,
    pub allowed_failures: Option<u32>,
    pub worker_saturation: Option<S<f64>>,
    pub worker_ttl: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkerRaw {
    pub name: S<String>,
    #[serde(default = "one")]
    pub threads: S<i64>,
    pub memory_limit: Option<S<String>>,
    #[serde(default)]
    pub resources: BTreeMap<String, f64>,
}

fn one() -> S<i64> {
    Spanned::new(0..0, 1)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkloadRaw {
    pub array: Option<S<String>>,
    pub graph: Option<S<GraphRaw>>,
    pub graph_json: Option<S<String>>,
    pub shape: Option<S<ShapeRaw>>,
    pub map: Option<S<MapRaw>>,
    pub futures: Option<S<Vec<S<String>>>>,
    pub delayed: Option<S<PipelineSpec>>,
    pub dataframe: Option<S<GroupbySpec>>,
    pub coordination: Option<S<CounterSpec>>,
    pub queue: Option<S<QueueSpec>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GraphRaw {
    pub tasks: Vec<S<TaskRaw>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskRaw {
    pub key: S<String>,
    #[serde(default)]
    pub deps: Vec<S<String>>,
    pub func: Option<String>,
    pub duration: Option<S<String>>,
    pub nbytes: Option<S<String>>,
    #[serde(default)]
    pub gil: bool,
    pub workers: Option<S<Vec<String>>>,
    #[serde(default)]
    pub loose: bool,
    pub resources: Option<S<BTreeMap<String, f64>>>,
    #[serde(default)]
    pub retries: u32,
    #[serde(default)]
    pub priority: i32,
    #[serde(default)]
    pub scattered: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShapeRaw {
    pub kind: S<String>,
    pub leaves: Option<usize>,
    pub fan: Option<usize>,
    #[serde(default)]
    pub map: bool,
    pub blocks: Option<usize>,
    #[serde(default)]
    pub transpose: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapRaw {
    pub func: S<String>,
    pub n: S<usize>,
    pub duration: S<String>,
    pub nbytes: Option<S<String>>,
    #[serde(default)]
    pub gil: bool,
    pub reduce: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientRaw {
    pub at: S<String>,
    pub submit: Option<Vec<S<String>>>,
    pub wanted: Option<Vec<S<String>>>,
    pub gather: Option<Vec<S<String>>>,
    pub scatter: Option<S<String>>,
    pub worker: Option<S<String>>,
    pub release: Option<Vec<S<String>>>,
    #[serde(default)]
    pub priority: i32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhenRaw {
    pub key: S<String>,
    pub state: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultRaw {
    pub at: Option<S<String>>,
    pub when: Option<S<WhenRaw>>,
    pub kill: Option<S<String>>,
    pub hang: Option<S<String>>,
    #[serde(rename = "break")]
    pub break_func: Option<S<String>>,
    pub how: Option<S<String>>,
    pub message: Option<String>,
    pub slow_link: Option<S<String>>,
    pub factor: Option<f64>,
    pub memory_limit: Option<S<String>>,
    pub worker: Option<S<String>>,
    pub add_worker: Option<S<String>>,
    pub threads: Option<u32>,
    pub retire: Option<S<String>>,
    pub work_stealing: Option<S<bool>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepRaw {
    pub text: S<String>,
    pub run: Option<S<String>>,
    pub until: Option<S<WhenRaw>>,
    pub until_time: Option<S<String>>,
    pub until_decision: Option<S<String>>,
    #[serde(default)]
    pub highlight: Option<HighlightRaw>,
    pub question: Option<S<QuestionRaw>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HighlightRaw {
    #[serde(default)]
    pub tasks: Vec<S<String>>,
    #[serde(default)]
    pub workers: Vec<S<String>>,
    pub chart: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionRaw {
    pub prompt: String,
    #[serde(default)]
    pub choices: Vec<String>,
    pub answer: S<AnswerRaw>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerRaw {
    pub worker_of: Option<S<String>>,
    pub task_count: Option<bool>,
    pub state_of: Option<S<String>>,
    pub value_of: Option<S<String>>,
    pub makespan: Option<bool>,
    pub compare_makespan: Option<S<String>>,
    pub gathered_bytes: Option<bool>,
    pub steals: Option<bool>,
    pub workers_died: Option<bool>,
    pub threads: Option<bool>,
    pub runs_of: Option<S<String>>,
    pub spilled: Option<bool>,
    pub future_of: Option<S<String>>,
    pub gathered_of: Option<S<String>>,
    pub counter: Option<S<String>>,
    pub time_waiting: Option<bool>,
    pub queue: Option<S<String>>,
}
