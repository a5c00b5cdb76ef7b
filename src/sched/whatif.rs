//! What would the scheduler do? `tasklab-decide/1` in, `tasklab-decisions/1` out.
//!
//! Builds a `Scheduler` frozen at one moment (workers, the results they hold, the tasks they
//! are processing) and submits the asked tasks to it, so every decision comes from the real
//! `decide_worker` family. Owns only that setup and the report; never decides by itself.

mod format;

pub use format::{CandidateEntry, DecisionEntry, Decisions};

use super::record::{Placement, Record};
use super::state::{TaskState, WorkerId};
use super::{Input, Scheduler, SchedulerConfig, WorkerSpec};
use crate::graph::{key_split, Restrictions, TaskGraph, TaskId, TaskSpec};
use crate::time::SimTime;
use format::DecideFile;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Decides every task of a `tasklab-decide/1` document, in order. Errors name the JSON path.
pub fn what_if(text: &str) -> Result<Decisions, String> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let file: DecideFile = serde_path_to_error::deserialize(de).map_err(|e| match e.path().to_string() {
        p if p == "." => e.inner().to_string(),
        p => format!("{p}: {}", e.inner()),
    })?;
    if file.format != "tasklab-decide/1" {
        return Err(format!("format: expected \"tasklab-decide/1\", found {:?}", file.format));
    }
    Frozen::build(&file)?.decide()
}

/// A scheduler set up as the document describes, with the user's keys for its tasks.
struct Frozen {
    sched: Scheduler,
    keys: Vec<String>,
    asked: Vec<TaskId>,
}

/// The graph under construction: the user's keys map to tasks whose internal keys carry
/// the prefix (`"{prefix}-{n}"`), so prefixes and groups are the ones given.
#[derive(Default)]
struct Builder {
    specs: Vec<TaskSpec>,
    keys: Vec<String>,
    by_key: BTreeMap<String, (TaskId, String)>,
}

impl Builder {
    fn add(&mut self, key: &str, prefix: &str, path: String, spec: impl FnOnce(String) -> TaskSpec) -> Result<TaskId, String> {
        if let Some((_, first)) = self.by_key.get(key) {
            return Err(format!("{path}: the key {key:?} is already used at {first}"));
        }
        let internal = format!("{prefix}-{}", self.specs.len());
        if key_split(&internal) != prefix {
            return Err(format!("{path}.prefix: {prefix:?} is not a task prefix (Dask's key_split would shorten it)"));
        }
        let id = TaskId(self.specs.len() as u32);
        self.specs.push(spec(internal));
        self.keys.push(key.to_string());
        self.by_key.insert(key.to_string(), (id, path));
        Ok(id)
    }
}

impl Frozen {
    fn build(file: &DecideFile) -> Result<Frozen, String> {
        let mut b = Builder::default();
        let mut names: BTreeMap<&str, usize> = BTreeMap::new();
        // Held results: one task per key, with every holder and one size.
        let mut held: BTreeMap<&str, (u64, Vec<usize>, String)> = BTreeMap::new();
        for (i, w) in file.workers.iter().enumerate() {
            let at = format!("workers[{i}]");
            if let Some(j) = names.insert(&w.name, i) {
                return Err(format!("{at}.name: {:?} is also the name of workers[{j}]", w.name));
            }
            if w.nthreads == 0 {
                return Err(format!("{at}.nthreads: a worker needs at least one thread"));
            }
            if !matches!(w.status.as_str(), "running" | "paused") {
                return Err(format!("{at}.status: expected \"running\" or \"paused\", found {:?}", w.status));
            }
            for (k, &n) in &w.has {
                let path = format!("{at}.has.{k}");
                let entry = held.entry(k).or_insert((n, Vec::new(), path.clone()));
                if entry.0 != n {
                    return Err(format!("{path}: {n} bytes, but {} says {}", entry.2, entry.0));
                }
                entry.1.push(i);
            }
        }
        let mut data = Vec::new();
        for (k, (n, holders, path)) in &held {
            let id = b.add(k, &key_split(k), path.clone(), |key| TaskSpec::new(key, vec![]).nbytes(*n))?;
            data.push((id, *n, holders.clone()));
        }
        let mut processing = Vec::new();
        let mut durations: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
        for (i, w) in file.workers.iter().enumerate() {
            for (j, p) in w.processing.iter().enumerate() {
                let path = format!("workers[{i}].processing[{j}]");
                let id = b.add(&p.key, &p.prefix, path, |key| TaskSpec::new(key, vec![]))?;
                processing.push((id, i));
                let known = durations.entry(&p.prefix).or_default();
                known.extend(p.duration_us);
            }
        }
        let mut asked = Vec::new();
        for (i, t) in file.tasks.iter().enumerate() {
            let at = format!("tasks[{i}]");
            let mut deps = Vec::new();
            for (d, &n) in &t.deps {
                let path = format!("{at}.deps.{d}");
                let Some((size, _, held_at)) = held.get(d.as_str()) else {
                    return Err(format!("{path}: no worker holds {d:?}; list it under the `has` of the workers that do"));
                };
                if *size != n {
                    return Err(format!("{path}: {n} bytes, but {held_at} says {size}"));
                }
                deps.push(b.by_key[d.as_str()].0);
            }
            let restrictions = t
                .restrictions
                .as_ref()
                .map(|r| Restrictions { workers: r.workers.clone(), loose: r.loose })
                .unwrap_or_default();
            let resources = t.resources.clone();
            let id = b.add(&t.key, &t.prefix, at, |key| {
                let mut spec = TaskSpec::new(key, deps);
                spec.restrictions = restrictions;
                spec.resources = resources;
                spec
            })?;
            asked.push(id);
        }

        let graph = TaskGraph::from_specs(b.specs).map_err(|e| e.to_string())?;
        let mut cfg = SchedulerConfig::default();
        if let Some(bw) = file.bandwidth {
            if !(bw > 0.0 && bw.is_finite()) {
                return Err(format!("bandwidth: expected bytes per second above zero, found {bw}"));
            }
            cfg.bandwidth = bw;
        }
        // Asked tasks were added last, in order: id order is the order they are decided in.
        let order = (0..graph.len() as u32).collect();
        let mut sched = Scheduler::with_order(graph, cfg, order);
        let now = SimTime::ZERO;
        for w in &file.workers {
            let mut spec = WorkerSpec::new(w.name.clone(), w.nthreads);
            spec.resources = w.resources.iter().map(|(k, &v)| (k.clone(), v)).collect();
            sched.handle(now, Input::AddWorker(spec));
        }
        for (id, nbytes, holders) in data {
            let workers = holders.into_iter().map(|i| WorkerId(i as u32)).collect();
            sched.handle(now, Input::Scatter { task: id, workers, nbytes });
        }
        for (prefix, us) in durations {
            if !us.is_empty() {
                let p = sched.graph.prefixes().iter().position(|x| x == prefix).expect("prefix of a task");
                let mean = us.iter().sum::<u64>() as f64 / us.len() as f64 / 1e6;
                sched.prefix_duration[p] = Some(mean);
            }
        }
        for (id, w) in processing {
            sched.freeze_processing(id, WorkerId(w as u32));
        }
        for (i, w) in file.workers.iter().enumerate() {
            if w.status == "paused" {
                sched.handle(now, Input::WorkerStatus { worker: WorkerId(i as u32), paused: true });
            }
        }
        sched.n_tasks = file.tasks_assigned_before;
        while sched.poll().is_some() {}
        sched.drain_log();
        Ok(Frozen { sched, keys: b.keys, asked })
    }

    fn decide(mut self) -> Result<Decisions, String> {
        let tasks = self.asked.clone();
        let input = Input::UpdateGraph { tasks: tasks.clone(), wanted: tasks, user_priority: 0, fifo_timeout_us: 0 };
        self.sched.handle(SimTime::ZERO, input);
        let mut last = BTreeMap::new();
        for r in self.sched.drain_log() {
            if let Record::Decision(d) = r {
                last.insert(d.task, d);
            }
        }
        let name = |w: WorkerId| self.sched.workers[w.index()].name.clone();
        let mut decisions = Vec::new();
        for &t in &self.asked {
            let d = last.remove(&t).ok_or_else(|| format!("{}: the scheduler made no decision", self.keys[t.index()]))?;
            let state = self.sched.state(t);
            let worker = match d.placement {
                Placement::Worker(w) if state == TaskState::Processing => Some(name(w)),
                _ => None,
            };
            let candidates = d
                .candidates
                .iter()
                .map(|c| CandidateEntry {
                    worker: name(c.worker),
                    transfer_bytes: c.transfer_bytes,
                    transfer_s: c.transfer_s,
                    occupancy_s: c.occupancy_s,
                    start_s: c.start_s,
                    stored_bytes: c.stored_bytes,
                    excluded: c.excluded.map(|e| e.name()),
                })
                .collect();
            decisions.push(DecisionEntry {
                key: self.keys[t.index()].clone(),
                state: state.name(),
                worker,
                rootish: d.rootish,
                rule: d.rule.name(),
                reason: d.rule.describe(),
                candidates,
            });
        }
        Ok(Decisions { format: "tasklab-decisions/1", decisions })
    }
}

impl Scheduler {
    /// A task already running on `w` when the scheduler is frozen.
    fn freeze_processing(&mut self, t: TaskId, w: WorkerId) {
        self.tasks[t.index()].known = true;
        self.groups[self.graph.group(t).0 as usize].known += 1;
        self.add_to_processing(t, w);
    }
}

impl Decisions {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("plain data serialises")
    }

    /// The decisions in words, one paragraph per task.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for d in &self.decisions {
            let to = match &d.worker {
                Some(w) => format!("{} on {w}", d.state),
                None => d.state.to_string(),
            };
            let rootish = if d.rootish { " (root-ish)" } else { "" };
            let _ = writeln!(out, "{}{rootish} → {to}", d.key);
            let _ = writeln!(out, "  rule: {}", d.reason);
            for c in &d.candidates {
                let why = c.excluded.map_or(String::new(), |e| format!(", excluded: {e}"));
                let _ = writeln!(
                    out,
                    "  {}: starts at {:.3} s (occupancy {:.3} s, transfer {} B = {:.3} s), stores {} B{why}",
                    c.worker, c.start_s, c.occupancy_s, c.transfer_bytes, c.transfer_s, c.stored_bytes
                );
            }
        }
        out
    }
}
