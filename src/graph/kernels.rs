//! Runs every task's kernel ahead of the simulation, level by level (a task after all its
//! dependencies); with the `parallel` feature each level's kernels run on rayon's pool, which
//! in the browser is wasm-bindgen-rayon's pool of Web Workers. The values are the same either
//! way: a kernel sees only its inputs' values.
//!
//! Knows nothing of workers, time or the simulation's order of events.

use super::{TaskGraph, TaskId};
use crate::value::Value;

/// What running a task's kernel gave.
#[derive(Clone, Debug, PartialEq)]
pub enum Computed {
    /// The task has no kernel (a shape-only task).
    NoKernel,
    Value(Value),
    /// The kernel raised this message.
    Raised(String),
    /// Not run ahead: an input raised, or the task or an input is data the client scatters,
    /// whose value the simulation alone decides. The run computes it at its moment, if ever.
    LeftToTheRun,
}

/// Every task's kernel run once on its inputs' values (`Value::Unit` for an input without a
/// kernel), indexed by `TaskId`.
pub fn compute_all(graph: &TaskGraph) -> Vec<Computed> {
    let mut out: Vec<Option<Computed>> = vec![None; graph.len()];
    for level in levels(graph) {
        let results = run_level(graph, &out, &level);
        for (id, result) in level.into_iter().zip(results) {
            out[id.index()] = Some(result);
        }
    }
    out.into_iter().map(|c| c.expect("every task has a level")).collect()
}

/// Tasks grouped by depth (1 + the deepest dependency), each level in id order.
fn levels(graph: &TaskGraph) -> Vec<Vec<TaskId>> {
    let mut depth = vec![0usize; graph.len()];
    let mut levels: Vec<Vec<TaskId>> = Vec::new();
    for id in graph.topological_order() {
        let d = graph.deps(id).iter().map(|dep| depth[dep.index()] + 1).max().unwrap_or(0);
        depth[id.index()] = d;
        if levels.len() <= d {
            levels.resize(d + 1, Vec::new());
        }
        levels[d].push(id);
    }
    for level in &mut levels {
        level.sort();
    }
    levels
}

fn run_task(graph: &TaskGraph, done: &[Option<Computed>], id: TaskId) -> Computed {
    let task = graph.task(id);
    if task.scattered {
        return Computed::LeftToTheRun;
    }
    let Some(kernel) = task.kernel.as_ref() else { return Computed::NoKernel };
    let unit = Value::Unit;
    let mut inputs = Vec::with_capacity(task.deps.len());
    for dep in &task.deps {
        match done[dep.index()].as_ref().expect("dependencies run first") {
            Computed::Value(v) => inputs.push(v),
            Computed::NoKernel => inputs.push(&unit),
            Computed::Raised(_) | Computed::LeftToTheRun => return Computed::LeftToTheRun,
        }
    }
    match kernel(&inputs) {
        Ok(v) => Computed::Value(v),
        Err(message) => Computed::Raised(message),
    }
}

#[cfg(feature = "parallel")]
fn run_level(graph: &TaskGraph, done: &[Option<Computed>], level: &[TaskId]) -> Vec<Computed> {
    use rayon::prelude::*;
    level.par_iter().map(|&id| run_task(graph, done, id)).collect()
}

#[cfg(not(feature = "parallel"))]
fn run_level(graph: &TaskGraph, done: &[Option<Computed>], level: &[TaskId]) -> Vec<Computed> {
    level.iter().map(|&id| run_task(graph, done, id)).collect()
}

/// The thread pool the kernels run on (rayon's, with `parallel`), or `None` when they run on
/// the caller's one thread.
pub fn compute_pool() -> Option<usize> {
    #[cfg(feature = "parallel")]
    return Some(rayon::current_num_threads());
    #[cfg(not(feature = "parallel"))]
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{GraphBuilder, TaskSpec};
    use std::sync::Arc;

    #[test]
    fn a_raising_kernel_stops_its_dependents_and_a_shape_only_input_reads_as_unit() {
        let mut b = GraphBuilder::new();
        let shape_only = b.add(TaskSpec::new("load", vec![]));
        let two = b.add(TaskSpec::new("two", vec![shape_only]).kernel(Arc::new(|inputs: &[&Value]| {
            assert_eq!(inputs, [&Value::Unit]);
            Ok(Value::Scalar(2.0))
        })));
        let boom = b.add(TaskSpec::new("boom", vec![two]).kernel(Arc::new(|_: &[&Value]| Err("ZeroDivisionError".to_string()))));
        b.add(TaskSpec::new("after", vec![boom]).kernel(Arc::new(|_: &[&Value]| Ok(Value::Unit))));
        let computed = compute_all(&b.build().unwrap());
        assert_eq!(
            computed,
            [Computed::NoKernel, Computed::Value(Value::Scalar(2.0)), Computed::Raised("ZeroDivisionError".into()), Computed::LeftToTheRun]
        );
    }

    #[test]
    fn scattered_data_and_what_follows_it_are_left_to_the_run() {
        let mut b = GraphBuilder::new();
        let mut data = TaskSpec::new("data", vec![]).kernel(Arc::new(|_: &[&Value]| Ok(Value::Scalar(1.0))));
        data.scattered = true;
        let data = b.add(data);
        b.add(TaskSpec::new("double", vec![data]).kernel(Arc::new(|_: &[&Value]| Ok(Value::Scalar(2.0)))));
        assert_eq!(compute_all(&b.build().unwrap()), [Computed::LeftToTheRun, Computed::LeftToTheRun]);
    }
}
