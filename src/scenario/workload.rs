//! The `[workload]` table and the `[[client]]` program: an array expression in lecture code,
//! a graph written task by task (or as `tasklab-graph/1` JSON), one of `graph::shapes`, or a
//! map of many like tasks; then what the client submits, gathers, scatters and releases.
//!
//! Turns each into a `TaskGraph` and client actions, pointing errors at the line and column
//! (inside the lecture code too). Knows nothing of the tour.

use super::build::{task, Keys, Src};
use super::raw::{ClientRaw, GraphRaw, MapRaw, ShapeRaw, TaskRaw, WorkloadRaw, S};
use super::{units, ScenarioError};
use crate::graph::{self, GraphBuilder, Restrictions, TaskGraph, TaskId, TaskSpec};
use crate::sim::{ClientAction, ClientOp, ClusterSpec, Fault, FaultKind, Workload};
use crate::time::SimTime;
use std::collections::{BTreeMap, BTreeSet};

pub(super) struct Built {
    pub graph: TaskGraph,
    pub client: Vec<ClientAction>,
    /// Names a futures program bound to one task each (`x = client.submit(...)`).
    pub names: BTreeMap<String, TaskId>,
}

const KINDS: &str = "array, graph, graph_json, shape, map, futures, delayed, dataframe, coordination or queue";

pub(super) fn build(src: Src, w: &S<WorkloadRaw>, client: &[S<ClientRaw>], cluster: &ClusterSpec) -> Result<Built, ScenarioError> {
    let r = w.get_ref();
    let kinds = [
        ("array", r.array.as_ref().map(|v| v.span())),
        ("graph", r.graph.as_ref().map(|v| v.span())),
        ("graph_json", r.graph_json.as_ref().map(|v| v.span())),
        ("shape", r.shape.as_ref().map(|v| v.span())),
        ("map", r.map.as_ref().map(|v| v.span())),
        ("futures", r.futures.as_ref().map(|v| v.span())),
        ("delayed", r.delayed.as_ref().map(|v| v.span())),
        ("dataframe", r.dataframe.as_ref().map(|v| v.span())),
        ("coordination", r.coordination.as_ref().map(|v| v.span())),
        ("queue", r.queue.as_ref().map(|v| v.span())),
    ];
    let given: Vec<_> = kinds.iter().filter(|(_, s)| s.is_some()).collect();
    let (kind, span) = match given.as_slice() {
        [] => return Err(src.value(w, format!("the workload needs one of {KINDS}"))),
        [_, (second, span), ..] => {
            return Err(src.at(span.clone().expect("given"), format!("`{second}` given as well: a workload has exactly one of {KINDS}")))
        }
        [(kind, span)] => (*kind, span.clone().expect("given")),
    };
    // Collections bring their own client program.
    let own = |made: Result<Workload, String>, names: BTreeMap<String, TaskId>| -> Result<Built, ScenarioError> {
        if let Some(c) = client.first() {
            return Err(src.value(c, format!("a `{kind}` workload brings its own client program: remove the [[client]] tables")));
        }
        let w = made.map_err(|e| src.at(span.clone(), e))?;
        Ok(Built { graph: w.graph, client: w.client, names })
    };
    let graph = match kind {
        "futures" => {
            let lines = r.futures.as_ref().expect("given").get_ref();
            let text: Vec<String> = lines.iter().map(|l| l.get_ref().clone()).collect();
            let program = crate::collections::futures::parse(&text, cluster).map_err(|e| match lines.get(e.line) {
                Some(line) => src.at_offset(inside(src, line, e.column), e.message),
                None => src.at(span.clone(), e.message),
            })?;
            let names = program.names.iter().filter_map(|(n, ts)| match ts.as_slice() {
                [t] => Some((n.clone(), *t)),
                _ => None,
            });
            return own(Ok(program.workload), names.collect());
        }
        "delayed" => return own(crate::collections::delayed::build(r.delayed.as_ref().expect("given").get_ref()), BTreeMap::new()),
        "dataframe" => return own(crate::collections::dataframe::build(r.dataframe.as_ref().expect("given").get_ref()), BTreeMap::new()),
        "coordination" => return own(crate::collections::coordination::build(r.coordination.as_ref().expect("given").get_ref()), BTreeMap::new()),
        "queue" => {
            let threads = cluster.workers.iter().map(|w| w.nthreads).sum();
            return own(crate::collections::coordination::queue::build(r.queue.as_ref().expect("given").get_ref(), threads), BTreeMap::new());
        }
        "array" => array(src, r.array.as_ref().expect("given"))?,
        "graph" => tasks(src, r.graph.as_ref().expect("given"))?,
        "graph_json" => {
            let j = r.graph_json.as_ref().expect("given");
            graph::from_json(j.get_ref()).map_err(|e| src.value(j, format!("in this tasklab-graph/1 JSON: {e}")))?
        }
        "shape" => shape(src, r.shape.as_ref().expect("given"))?,
        _ => map(src, r.map.as_ref().expect("given"))?,
    };
    let client = if client.is_empty() { Workload::compute(graph.clone()).client } else { program(src, &graph, client)? };
    Ok(Built { graph, client, names: BTreeMap::new() })
}

/// Where the `column`th character (1-based) of a string value's contents sits in the file, when
/// the string is written without escapes; otherwise the value's start.
fn inside(src: Src, v: &S<String>, column: usize) -> usize {
    let span = v.span();
    let raw = &src.0[span.clone()];
    let quote = if raw.starts_with("\"\"\"") || raw.starts_with("'''") { 3 } else { 1 };
    let mut start = span.start + quote;
    if quote == 3 && src.0[start..].starts_with('\n') {
        start += 1;
    }
    if raw.starts_with('"') && raw.contains('\\') {
        return span.start;
    }
    let contents = &src.0[start..span.end];
    start + contents.char_indices().nth(column.saturating_sub(1)).map_or(0, |(i, _)| i)
}

fn array(src: Src, code: &S<String>) -> Result<TaskGraph, ScenarioError> {
    let x = crate::array::parse(code.get_ref()).map_err(|e| src.at_offset(inside(src, code, e.column), e.message))?;
    let mut b = GraphBuilder::new();
    x.plan(&mut b);
    b.build().map_err(|e| src.value(code, e.to_string()))
}

fn size(src: Src, v: &Option<S<String>>, default: u64) -> Result<u64, ScenarioError> {
    v.as_ref().map_or(Ok(default), |v| units::bytes(v.get_ref()).map_err(|e| src.value(v, e)))
}

/// Tasks written one by one, in any order: dependencies are checked and ordered here so the
/// complaint about a missing one or a cycle points at the task that has it.
fn tasks(src: Src, g: &S<GraphRaw>) -> Result<TaskGraph, ScenarioError> {
    let raw = &g.get_ref().tasks;
    if raw.is_empty() {
        return Err(src.value(g, "the graph has no tasks"));
    }
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, t) in raw.iter().enumerate() {
        if index.insert(t.get_ref().key.get_ref(), i).is_some() {
            return Err(src.value(&t.get_ref().key, format!("the key `{}` is defined twice", t.get_ref().key.get_ref())));
        }
    }
    let mut deps: Vec<Vec<usize>> = Vec::with_capacity(raw.len());
    for t in raw {
        let t = t.get_ref();
        let mut mine = Vec::new();
        for d in &t.deps {
            match index.get(d.get_ref().as_str()) {
                Some(&j) => mine.push(j),
                None => {
                    return Err(src.value(d, format!("task `{}` depends on `{}`, which does not exist", t.key.get_ref(), d.get_ref())))
                }
            }
        }
        deps.push(mine);
    }
    // Kahn's algorithm, stable by file order; whatever is left sits on a cycle or behind one.
    let mut waiting: Vec<usize> = deps.iter().map(Vec::len).collect();
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); raw.len()];
    for (i, ds) in deps.iter().enumerate() {
        for &d in ds {
            dependents[d].push(i);
        }
    }
    let mut ready: BTreeSet<usize> = (0..raw.len()).filter(|&i| waiting[i] == 0).collect();
    let mut order = Vec::with_capacity(raw.len());
    while let Some(i) = ready.pop_first() {
        order.push(i);
        for &d in &dependents[i] {
            waiting[d] -= 1;
            if waiting[d] == 0 {
                ready.insert(d);
            }
        }
    }
    if order.len() < raw.len() {
        let cycle = find_cycle(&deps, &waiting);
        let keys: Vec<&str> = cycle.iter().map(|&i| raw[i].get_ref().key.get_ref().as_str()).collect();
        return Err(src.value(&raw[cycle[0]].get_ref().key, format!("the graph has a cycle: {} → {}", keys.join(" → "), keys[0])));
    }
    let mut b = GraphBuilder::new();
    let mut ids: Vec<Option<TaskId>> = vec![None; raw.len()];
    for i in order {
        let t = raw[i].get_ref();
        let spec = task_spec(src, t, deps[i].iter().map(|&d| ids[d].expect("dependencies first")).collect())?;
        ids[i] = Some(b.add(spec));
    }
    b.build().map_err(|e| src.value(g, e.to_string()))
}

/// Follows unfinished dependencies from the first stuck task until one repeats.
fn find_cycle(deps: &[Vec<usize>], waiting: &[usize]) -> Vec<usize> {
    let mut path = vec![(0..deps.len()).find(|&i| waiting[i] > 0).expect("a task is stuck")];
    loop {
        let here = *path.last().expect("non-empty");
        let next = deps[here].iter().copied().find(|&d| waiting[d] > 0).expect("a stuck task waits on a stuck task");
        if let Some(at) = path.iter().position(|&p| p == next) {
            let mut cycle = path.split_off(at);
            cycle.reverse();
            return cycle;
        }
        path.push(next);
    }
}

fn task_spec(src: Src, t: &TaskRaw, deps: Vec<TaskId>) -> Result<TaskSpec, ScenarioError> {
    let mut spec = TaskSpec::new(t.key.get_ref().clone(), deps).gil(t.gil).nbytes(size(src, &t.nbytes, 1024)?);
    if let Some(f) = &t.func {
        spec = spec.func(f.clone());
    }
    if let Some(d) = &t.duration {
        spec = spec.duration(units::duration(d.get_ref()).map_err(|e| src.value(d, e))?);
    }
    if let Some(w) = &t.workers {
        spec.restrictions = Restrictions { workers: w.get_ref().clone(), loose: t.loose };
    }
    if let Some(r) = &t.resources {
        spec.resources = r.get_ref().clone();
    }
    spec.retries = t.retries;
    spec.priority = t.priority;
    spec.scattered = t.scattered;
    Ok(spec)
}

fn shape(src: Src, s: &S<ShapeRaw>) -> Result<TaskGraph, ScenarioError> {
    let r = s.get_ref();
    let positive = |v: Option<usize>, default: usize, what: &str| match v.unwrap_or(default) {
        0 => Err(src.value(s, format!("`{what}` must be at least 1"))),
        n if n > 4096 => Err(src.value(s, format!("`{what}` = {n} is too big for a lecture (4096 at most)"))),
        n => Ok(n),
    };
    match r.kind.get_ref().as_str() {
        "tree_sum" => {
            let fan = positive(r.fan, 4, "fan")?;
            if fan < 2 {
                return Err(src.value(s, "`fan` must be at least 2"));
            }
            Ok(graph::shapes::tree_sum(positive(r.leaves, 16, "leaves")?, fan, r.map))
        }
        "array_sum" => Ok(graph::shapes::array_sum(positive(r.blocks, 4, "blocks")?.min(64), r.transpose)),
        other => Err(src.value(&r.kind, format!("unknown shape \"{other}\": expected \"tree_sum\" or \"array_sum\""))),
    }
}

/// `client.map(func, range(n))`: `n` like tasks `func-0` …, optionally reduced by one task.
fn map(src: Src, m: &S<MapRaw>) -> Result<TaskGraph, ScenarioError> {
    let r = m.get_ref();
    let n = *r.n.get_ref();
    if n == 0 || n > 4096 {
        return Err(src.value(&r.n, format!("`n` must be between 1 and 4096, found {n}")));
    }
    let duration = units::duration(r.duration.get_ref()).map_err(|e| src.value(&r.duration, e))?;
    let nbytes = size(src, &r.nbytes, 28)?;
    let func = r.func.get_ref();
    if func.is_empty() || func.contains(char::is_whitespace) {
        return Err(src.value(&r.func, "a function name has no spaces"));
    }
    let mut b = GraphBuilder::new();
    let xs: Vec<TaskId> =
        (0..n).map(|i| b.add(TaskSpec::new(format!("{func}-{i}"), vec![]).func(func.clone()).duration(duration).nbytes(nbytes).gil(r.gil))).collect();
    if let Some(reduce) = &r.reduce {
        b.add(TaskSpec::new(reduce.get_ref().clone(), xs).duration(units::duration("1ms").expect("a valid duration")).nbytes(28));
    }
    b.build().map_err(|e| src.value(m, e.to_string()))
}

/// The `[[client]]` program, in time order: each `submit` sends the named tasks and whatever
/// they need that was not sent before.
fn program(src: Src, graph: &TaskGraph, raw: &[S<ClientRaw>]) -> Result<Vec<ClientAction>, ScenarioError> {
    let mut sorted: Vec<(SimTime, &S<ClientRaw>)> = Vec::new();
    for c in raw {
        let at = units::duration(c.get_ref().at.get_ref()).map_err(|e| src.value(&c.get_ref().at, e))?;
        sorted.push((SimTime(at.0), c));
    }
    sorted.sort_by_key(|(at, _)| *at);
    let mut sent: BTreeSet<TaskId> = BTreeSet::new();
    let mut out = Vec::new();
    let plain = Keys::plain(graph);
    let keys = |list: &[S<String>]| list.iter().map(|k| task(src, &plain, k)).collect::<Result<Vec<_>, _>>();
    for (at, c) in sorted {
        let r = c.get_ref();
        let given: Vec<&str> = [("submit", r.submit.is_some()), ("gather", r.gather.is_some()), ("scatter", r.scatter.is_some()), ("release", r.release.is_some())]
            .iter()
            .filter(|(_, g)| *g)
            .map(|(n, _)| *n)
            .collect();
        let op = match given.as_slice() {
            [] => return Err(src.value(c, "a client action needs one of submit, gather, scatter or release")),
            [_, second, ..] => return Err(src.value(c, format!("`{second}` given as well: a client action does one of submit, gather, scatter or release"))),
            ["gather"] => ClientOp::Gather { tasks: keys(r.gather.as_deref().expect("given"))? },
            ["release"] => ClientOp::Release { tasks: keys(r.release.as_deref().expect("given"))? },
            ["submit"] => {
                let roots = keys(r.submit.as_deref().expect("given"))?;
                let mut tasks = Vec::new();
                let mut stack = roots.clone();
                while let Some(t) = stack.pop() {
                    if graph.task(t).scattered || !sent.insert(t) {
                        continue;
                    }
                    tasks.push(t);
                    stack.extend(graph.deps(t).iter().copied());
                }
                tasks.sort();
                let wanted = match &r.wanted {
                    Some(w) => keys(w)?,
                    None => roots,
                };
                ClientOp::Submit { tasks, wanted, priority: r.priority, fifo_timeout_us: 60_000_000 }
            }
            [_scatter] => {
                let k = r.scatter.as_ref().expect("given");
                let t = task(src, &plain, k)?;
                if !graph.task(t).scattered {
                    return Err(src.value(k, format!("`{}` is computed, not scattered: mark it `scattered = true` in the graph", k.get_ref())));
                }
                ClientOp::Scatter { task: t, worker: r.worker.as_ref().map(|w| w.get_ref().clone()) }
            }
        };
        out.push(ClientAction { at, op });
    }
    Ok(out)
}

/// Restrictions no worker can ever meet are mistakes in the file, not lessons: a task
/// restricted to workers that do not exist (and never join), or needing a resource no
/// worker has.
pub(super) fn check_restrictions(src: Src, w: &S<WorkloadRaw>, graph: &TaskGraph, cluster: &ClusterSpec, faults: &[Fault]) -> Result<(), ScenarioError> {
    let mut names: Vec<&str> = cluster.workers.iter().map(|w| w.name.as_str()).collect();
    for f in faults {
        if let FaultKind::AddWorker { name, .. } = &f.kind {
            names.push(name);
        }
    }
    let raw_tasks: BTreeMap<&str, &TaskRaw> = w
        .get_ref()
        .graph
        .iter()
        .flat_map(|g| g.get_ref().tasks.iter().map(|t| (t.get_ref().key.get_ref().as_str(), t.get_ref())))
        .collect();
    for t in graph.ids() {
        let spec = graph.task(t);
        let raw = raw_tasks.get(spec.key.as_str());
        let r = &spec.restrictions;
        if !r.is_empty() && !r.loose && !r.workers.iter().any(|n| names.contains(&n.as_str())) {
            let message = format!(
                "no worker can meet this restriction: `{}` may run only on {}, and the cluster has {}",
                spec.key,
                r.workers.join(", "),
                names.join(", ")
            );
            return Err(match raw.and_then(|r| r.workers.as_ref()) {
                Some(v) => src.value(v, message),
                None => src.value(w, message),
            });
        }
        for (resource, need) in &spec.resources {
            if !cluster.workers.iter().any(|w| w.resources.iter().any(|(n, have)| n == resource && have >= need)) {
                let message = format!("no worker can meet this restriction: `{}` needs {resource} = {need}, and no worker has that much", spec.key);
                return Err(match raw.and_then(|r| r.resources.as_ref()) {
                    Some(v) => src.value(v, message),
                    None => src.value(w, message),
                });
            }
        }
    }
    Ok(())
}
