//! From TOML text to a checked `Scenario`: meta, cluster, faults and tour, each value
//! checked where it stands so a complaint names its line and column.
//!
//! The workload's own kinds live in `workload`; nothing here runs the simulation beyond
//! building the world once to prove it can start.

use super::raw::{self, ClusterRaw, FaultRaw, StepRaw, WhenRaw, S};
use super::workload::{self, Built};
use super::{units, Action, Answer, Highlight, Meta, Question, Scenario, ScenarioError, Step, CHARTS};
use crate::graph::{TaskGraph, TaskId};
use std::collections::BTreeMap;
use crate::sched::{TaskState, WorkerSpec};
use crate::sim::{Breakage, ClusterSpec, Fault, FaultKind, Trigger, World};
use crate::time::SimTime;
use std::ops::Range;

/// The file's text, to turn byte spans into lines and columns.
#[derive(Clone, Copy)]
pub(super) struct Src<'a>(pub &'a str);

impl Src<'_> {
    /// An error at the start of a byte span.
    pub fn at(self, span: Range<usize>, message: impl Into<String>) -> ScenarioError {
        self.at_offset(span.start, message)
    }

    pub fn at_offset(self, offset: usize, message: impl Into<String>) -> ScenarioError {
        let offset = offset.min(self.0.len());
        let before = &self.0[..offset];
        let line = before.matches('\n').count() as u32 + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() as u32 + 1;
        ScenarioError { line, column, message: message.into() }
    }

    pub fn value<T>(self, v: &S<T>, message: impl Into<String>) -> ScenarioError {
        self.at(v.span(), message)
    }
}

pub(super) fn build(text: &str) -> Result<Scenario, ScenarioError> {
    let src = Src(text);
    let file: raw::File = toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        src.at_offset(offset, e.message().trim_end().to_string())
    })?;
    let meta = meta(src, file.scenario.get_ref())?;
    let cluster = cluster(src, &file.cluster)?;
    let Built { graph, client, names } = workload::build(src, &file.workload, &file.client, &cluster)?;
    let keys = Keys { graph: &graph, names };
    let mut names: Vec<String> = cluster.workers.iter().map(|w| w.name.clone()).collect();
    let faults = file
        .fault
        .iter()
        .map(|f| fault(src, f, &keys, &mut names))
        .collect::<Result<Vec<_>, _>>()?;
    workload::check_restrictions(src, &file.workload, &graph, &cluster, &faults)?;
    let tour = file.step.iter().map(|s| step(src, s, &keys, &names, &meta.id)).collect::<Result<Vec<_>, _>>()?;
    if tour.is_empty() {
        return Err(src.at_offset(text.len(), "a scenario needs a tour: add at least one [[step]]"));
    }
    let workload = crate::sim::Workload { graph, client };
    World::new(cluster.clone(), workload.clone(), faults.clone(), meta.seed)
        .map_err(|e| src.value(&file.cluster, format!("this cluster cannot start: {e}")))?;
    Ok(Scenario { meta, cluster, workload, faults, tour })
}

/// The lectures of `/lectures`: a scenario follows one of them.
const LECTURES: [&str; 5] = ["000", "001", "002", "003", "004"];

fn meta(src: Src, m: &raw::MetaRaw) -> Result<Meta, ScenarioError> {
    let id = m.id.get_ref();
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
        return Err(src.value(&m.id, format!("bad id \"{id}\": use lowercase letters, digits and dashes")));
    }
    if !LECTURES.contains(&m.lecture.get_ref().as_str()) {
        return Err(src.value(&m.lecture, format!("unknown lecture \"{}\": expected one of {}", m.lecture.get_ref(), LECTURES.join(", "))));
    }
    let mut concepts = Vec::new();
    for c in m.concepts.get_ref() {
        let ok = c.get_ref().strip_prefix('C').and_then(|n| n.parse::<u32>().ok()).is_some_and(|n| (1..=29).contains(&n));
        if !ok {
            return Err(src.value(c, format!("unknown concept \"{}\": expected C1 to C29", c.get_ref())));
        }
        concepts.push(c.get_ref().clone());
    }
    Ok(Meta {
        id: id.clone(),
        title: m.title.clone(),
        lecture: m.lecture.get_ref().clone(),
        concepts,
        seed: m.seed,
        summary: m.summary.clone(),
    })
}

fn count(src: Src, v: &S<i64>, what: &str) -> Result<u32, ScenarioError> {
    match u32::try_from(*v.get_ref()) {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(src.value(v, format!("{what} must be at least 1, found {}", v.get_ref()))),
    }
}

fn with<T>(src: Src, v: &S<String>, f: impl Fn(&str) -> Result<T, String>) -> Result<T, ScenarioError> {
    f(v.get_ref()).map_err(|e| src.value(v, e))
}

fn cluster(src: Src, c: &S<ClusterRaw>) -> Result<ClusterSpec, ScenarioError> {
    let raw = c.get_ref();
    let memory_limit = raw.memory_limit.as_ref().map(|m| with(src, m, units::bytes)).transpose()?;
    let mut spec = match (&raw.workers, raw.worker.as_slice()) {
        (Some(n), []) => {
            if *n.get_ref() == 0 {
                return Err(src.value(n, "a cluster with no workers can run nothing: give `workers = 1` or more"));
            }
            let n = count(src, n, "workers")?;
            let threads = raw.threads_per_worker.as_ref().map(|t| count(src, t, "threads_per_worker")).transpose()?.unwrap_or(1);
            let mut spec = ClusterSpec::local(n as usize, threads);
            for w in &mut spec.workers {
                w.memory_limit = memory_limit;
            }
            spec
        }
        (None, []) => {
            return Err(src.value(c, "a cluster with no workers can run nothing: give `workers = N` or [[cluster.worker]] tables"))
        }
        (Some(n), _) => return Err(src.value(n, "give either `workers = N` or [[cluster.worker]] tables, not both")),
        (None, list) => {
            let mut spec = ClusterSpec::local(0, 1);
            for w in list {
                let w = w.get_ref();
                let mut ws = WorkerSpec::new(w.name.get_ref().clone(), count(src, &w.threads, "threads")?);
                ws.memory_limit = match &w.memory_limit {
                    Some(m) => Some(with(src, m, units::bytes)?),
                    None => memory_limit,
                };
                ws.resources = w.resources.iter().map(|(k, v)| (k.clone(), *v)).collect();
                if spec.workers.iter().any(|o| o.name == ws.name) {
                    return Err(src.value(&w.name, format!("two workers are named `{}`", ws.name)));
                }
                spec.workers.push(ws);
            }
            spec
        }
    };
    spec.cores = match &raw.cores {
        Some(c) => count(src, c, "cores")?,
        None => spec.total_threads().max(1),
    };
    if let Some(p) = raw.processes {
        spec.processes = p;
    }
    if let Some(n) = raw.nanny {
        spec.nanny = n;
    }
    if let Some(b) = &raw.bandwidth {
        spec.bandwidth = with(src, b, units::bandwidth)?;
    }
    if let Some(b) = &raw.client_bandwidth {
        spec.client_bandwidth = with(src, b, units::bandwidth)?;
    }
    if let Some(b) = &raw.disk_bandwidth {
        spec.disk_bandwidth = with(src, b, units::bandwidth)?;
    }
    if let Some(d) = &raw.latency {
        spec.latency = with(src, d, units::duration)?;
    }
    if let Some(d) = &raw.process_start {
        spec.process_start = with(src, d, units::duration)?;
    }
    if let Some(d) = &raw.scheduler_overhead {
        spec.scheduler_overhead = with(src, d, units::duration)?;
    }
    if let Some(d) = &raw.worker_ttl {
        spec.scheduler.worker_ttl = with(src, d, units::duration)?;
    }
    if let Some(s) = raw.work_stealing {
        spec.scheduler.work_stealing = s;
    }
    if let Some(a) = raw.allowed_failures {
        spec.scheduler.allowed_failures = a;
    }
    if let Some(s) = &raw.worker_saturation {
        if s.get_ref().is_nan() || *s.get_ref() <= 0.0 {
            return Err(src.value(s, "worker_saturation must be positive (inf turns queuing off)"));
        }
        spec.scheduler.worker_saturation = *s.get_ref();
    }
    spec.validate().map_err(|e| src.value(c, e))?;
    Ok(spec)
}

fn state(src: Src, s: &S<String>) -> Result<TaskState, ScenarioError> {
    TaskState::ALL.into_iter().find(|t| t.name() == s.get_ref()).ok_or_else(|| {
        let names: Vec<&str> = TaskState::ALL.iter().map(|t| t.name()).collect();
        src.value(s, format!("unknown state \"{}\": expected one of {}", s.get_ref(), names.join(", ")))
    })
}

/// Task keys, and for a futures program the names its lines bound (`x = client.submit(...)`).
pub(super) struct Keys<'a> {
    pub graph: &'a TaskGraph,
    pub names: BTreeMap<String, TaskId>,
}

impl<'a> Keys<'a> {
    pub fn plain(graph: &'a TaskGraph) -> Self {
        Keys { graph, names: BTreeMap::new() }
    }
}

/// A task by its key, or by the name a futures program gave it.
pub(super) fn task(src: Src, keys: &Keys, key: &S<String>) -> Result<TaskId, ScenarioError> {
    let k = key.get_ref();
    keys.graph.id(k).or_else(|| keys.names.get(k).copied()).ok_or_else(|| {
        let names = if keys.names.is_empty() {
            String::new()
        } else {
            format!(" and no future is named so (the program names {})", keys.names.keys().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "))
        };
        src.value(key, format!("no task has the key `{k}`{}{names}", near(keys.graph, k)))
    })
}

/// A hint naming a few keys that do exist.
fn near(graph: &TaskGraph, key: &str) -> String {
    let stem = crate::graph::key_split(key);
    let mut same: Vec<&str> = graph.ids().map(|t| graph.key(t)).filter(|k| crate::graph::key_split(k) == stem).take(3).collect();
    if same.is_empty() {
        same = graph.ids().map(|t| graph.key(t)).take(3).collect();
    }
    format!(" (the graph has {}…)", same.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "))
}

fn worker(src: Src, names: &[String], w: &S<String>) -> Result<String, ScenarioError> {
    if names.contains(w.get_ref()) {
        Ok(w.get_ref().clone())
    } else {
        Err(src.value(w, format!("no worker is named `{}`; the cluster has {}", w.get_ref(), names.join(", "))))
    }
}

fn when(src: Src, keys: &Keys, w: &WhenRaw) -> Result<(TaskId, TaskState), ScenarioError> {
    Ok((task(src, keys, &w.key)?, state(src, &w.state)?))
}

/// Exactly one of the options may be set; names them when none or several are.
fn one_of<'a>(src: Src, whole: Range<usize>, set: &[(&'a str, Option<Range<usize>>)]) -> Result<&'a str, ScenarioError> {
    let given: Vec<&(&str, Option<Range<usize>>)> = set.iter().filter(|(_, s)| s.is_some()).collect();
    let names: Vec<&str> = set.iter().map(|(n, _)| *n).collect();
    match given.as_slice() {
        [(name, _)] => Ok(name),
        [] => Err(src.at(whole, format!("expected one of {}", names.join(", ")))),
        [(first, _), (second, span), ..] => Err(src.at(span.clone().unwrap_or(whole), format!("`{second}` and `{first}` cannot both be given: expected one of {}", names.join(", ")))),
    }
}

fn fault(src: Src, f: &S<FaultRaw>, keys: &Keys, names: &mut Vec<String>) -> Result<Fault, ScenarioError> {
    let graph = keys.graph;
    let r = f.get_ref();
    let trigger = match one_of(src, f.span(), &[("at", r.at.as_ref().map(|s| s.span())), ("when", r.when.as_ref().map(|s| s.span()))])? {
        "at" => Trigger::At(SimTime(with(src, r.at.as_ref().expect("given"), units::duration)?.0)),
        _ => {
            let (task, state) = when(src, keys, r.when.as_ref().expect("given").get_ref())?;
            Trigger::WhenTask { task, state }
        }
    };
    let span = |s: &Option<S<String>>| s.as_ref().map(|s| s.span());
    let what = one_of(
        src,
        f.span(),
        &[
            ("kill", span(&r.kill)),
            ("hang", span(&r.hang)),
            ("break", span(&r.break_func)),
            ("slow_link", span(&r.slow_link)),
            ("memory_limit", span(&r.memory_limit)),
            ("add_worker", span(&r.add_worker)),
            ("retire", span(&r.retire)),
            ("work_stealing", r.work_stealing.as_ref().map(|s| s.span())),
        ],
    )?;
    let given = |s: &Option<S<String>>| s.clone().expect("given");
    let kind = match what {
        "kill" => FaultKind::KillWorker { worker: worker(src, names, &given(&r.kill))? },
        "hang" => FaultKind::HangWorker { worker: worker(src, names, &given(&r.hang))? },
        "retire" => FaultKind::RetireWorker { worker: worker(src, names, &given(&r.retire))? },
        "break" => {
            let func = given(&r.break_func);
            if !graph.tasks().iter().any(|t| &t.func == func.get_ref()) {
                let mut funcs: Vec<&str> = graph.tasks().iter().map(|t| t.func.as_str()).collect();
                funcs.sort();
                funcs.dedup();
                return Err(src.value(&func, format!("no task calls `{}`; the graph's functions are {}", func.get_ref(), funcs.join(", "))));
            }
            let how = match r.how.as_ref().map(|h| (h, h.get_ref().as_str())) {
                None | Some((_, "raises")) => Breakage::Raises {
                    message: r.message.clone().unwrap_or_else(|| format!("{} raised an exception", func.get_ref())),
                },
                Some((_, "kills-worker")) => Breakage::KillsWorker,
                Some((h, other)) => return Err(src.value(h, format!("unknown breakage \"{other}\": expected \"raises\" or \"kills-worker\""))),
            };
            FaultKind::BreakFunction { func: func.get_ref().clone(), how }
        }
        "slow_link" => {
            let factor = r.factor.unwrap_or(10.0);
            if factor.is_nan() || factor <= 0.0 {
                return Err(src.value(f, "a slow link's `factor` must be positive"));
            }
            FaultKind::SlowLink { worker: worker(src, names, &given(&r.slow_link))?, factor }
        }
        "memory_limit" => {
            let bytes = with(src, &given(&r.memory_limit), units::bytes)?;
            let w = r.worker.as_ref().ok_or_else(|| src.value(f, "a memory_limit fault needs `worker = \"...\"`"))?;
            FaultKind::SetMemoryLimit { worker: worker(src, names, w)?, bytes }
        }
        "add_worker" => {
            let name = given(&r.add_worker);
            if names.contains(name.get_ref()) {
                return Err(src.value(&name, format!("a worker named `{}` already exists", name.get_ref())));
            }
            names.push(name.get_ref().clone());
            FaultKind::AddWorker { name: name.get_ref().clone(), nthreads: r.threads.unwrap_or(1).max(1), memory_limit: None }
        }
        _ => FaultKind::SetWorkStealing(*r.work_stealing.as_ref().expect("given").get_ref()),
    };
    Ok(Fault { trigger, kind })
}

fn step(src: Src, s: &S<StepRaw>, keys: &Keys, names: &[String], own_id: &str) -> Result<Step, ScenarioError> {
    let graph = keys.graph;
    let r = s.get_ref();
    let action = match one_of(
        src,
        s.span(),
        &[
            ("run", r.run.as_ref().map(|v| v.span())),
            ("until", r.until.as_ref().map(|v| v.span())),
            ("until_time", r.until_time.as_ref().map(|v| v.span())),
            ("until_decision", r.until_decision.as_ref().map(|v| v.span())),
        ],
    )? {
        "run" => {
            let run = r.run.as_ref().expect("given");
            match run.get_ref().as_str() {
                "end" => Action::RunToEnd,
                "student" => Action::StudentActs,
                other => return Err(src.value(run, format!("unknown run \"{other}\": expected \"end\" or \"student\""))),
            }
        }
        "until" => {
            let (t, state) = when(src, keys, r.until.as_ref().expect("given").get_ref())?;
            Action::RunUntilState { key: graph.key(t).to_string(), state }
        }
        "until_time" => Action::RunUntilTime(SimTime(with(src, r.until_time.as_ref().expect("given"), units::duration)?.0)),
        _ => {
            let t = task(src, keys, r.until_decision.as_ref().expect("given"))?;
            Action::RunUntilDecision { key: graph.key(t).to_string() }
        }
    };
    let mut highlight = Highlight::default();
    if let Some(h) = &r.highlight {
        for t in &h.tasks {
            highlight.tasks.push(graph.key(task(src, keys, t)?).to_string());
        }
        for w in &h.workers {
            highlight.workers.push(worker(src, names, w)?);
        }
        if let Some(c) = &h.chart {
            if !CHARTS.contains(&c.get_ref().as_str()) {
                return Err(src.value(c, format!("unknown chart \"{}\": expected one of {}", c.get_ref(), CHARTS.join(", "))));
            }
            highlight.chart = Some(c.get_ref().clone());
        }
    }
    let question = r.question.as_ref().map(|q| question(src, q, keys, own_id)).transpose()?;
    Ok(Step { text: r.text.get_ref().trim().to_string(), action, highlight, question })
}

fn question(src: Src, q: &S<raw::QuestionRaw>, keys: &Keys, own_id: &str) -> Result<Question, ScenarioError> {
    let graph = keys.graph;
    let a = q.get_ref().answer.get_ref();
    let whole = q.get_ref().answer.span();
    let flag = |b: Option<bool>| b.filter(|&b| b).map(|_| whole.clone());
    let key = |k: &Option<S<String>>| k.as_ref().map(|k| k.span());
    let kind = one_of(
        src,
        whole.clone(),
        &[
            ("worker_of", key(&a.worker_of)),
            ("task_count", flag(a.task_count)),
            ("state_of", key(&a.state_of)),
            ("value_of", key(&a.value_of)),
            ("makespan", flag(a.makespan)),
            ("compare_makespan", key(&a.compare_makespan)),
            ("gathered_bytes", flag(a.gathered_bytes)),
            ("steals", flag(a.steals)),
            ("workers_died", flag(a.workers_died)),
            ("threads", flag(a.threads)),
            ("runs_of", key(&a.runs_of)),
            ("spilled", flag(a.spilled)),
            ("future_of", key(&a.future_of)),
            ("gathered_of", key(&a.gathered_of)),
            ("counter", key(&a.counter)),
            ("time_waiting", flag(a.time_waiting)),
            ("queue", key(&a.queue)),
        ],
    )?;
    let key_of = |k: &Option<S<String>>| -> Result<String, ScenarioError> {
        Ok(graph.key(task(src, keys, k.as_ref().expect("given"))?).to_string())
    };
    let answer = match kind {
        "worker_of" => Answer::WorkerOf { key: key_of(&a.worker_of)? },
        "task_count" => Answer::TaskCount,
        "state_of" => Answer::StateOf { key: key_of(&a.state_of)? },
        "value_of" => Answer::ValueOf { key: key_of(&a.value_of)? },
        "makespan" => Answer::Makespan,
        "compare_makespan" => {
            let other = a.compare_makespan.as_ref().expect("given");
            if other.get_ref() == own_id || super::builtin(other.get_ref()).is_none() {
                let ids: Vec<&str> = super::builtins().iter().map(|b| b.id).filter(|id| *id != own_id).collect();
                return Err(src.value(other, format!("compare_makespan names another built-in scenario: one of {}", ids.join(", "))));
            }
            Answer::CompareMakespan { other: other.get_ref().clone() }
        }
        "gathered_bytes" => Answer::GatheredBytes,
        "steals" => Answer::Steals,
        "workers_died" => Answer::WorkersDied,
        "runs_of" => Answer::RunsOf { key: key_of(&a.runs_of)? },
        "spilled" => Answer::Spilled,
        "future_of" => Answer::FutureOf { key: key_of(&a.future_of)? },
        "gathered_of" => Answer::GatheredOf { key: key_of(&a.gathered_of)? },
        "counter" => Answer::Counter { name: a.counter.as_ref().expect("given").get_ref().clone() },
        "time_waiting" => Answer::TimeWaiting,
        "queue" => Answer::QueueLength { name: a.queue.as_ref().expect("given").get_ref().clone() },
        _ => Answer::Threads,
    };
    Ok(Question { prompt: q.get_ref().prompt.trim().to_string(), choices: q.get_ref().choices.clone(), answer })
}
