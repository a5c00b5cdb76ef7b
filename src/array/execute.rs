//! A tiny executor for tests, benchmarks and the command line: runs every task's kernel,
//! level by level (a task after all its dependencies), then stitches an array's output blocks
//! back into one array. With the `parallel` feature the tasks of one level run on rayon's
//! pool natively; the values are the same either way.
//!
//! The simulation runs kernels itself, at simulated times on simulated workers; this only
//! checks values. Knows nothing of workers or time.

use super::error::ArrayError;
use super::expr::Array;
use super::plan::{block_indices, Planned};
use crate::graph::{GraphBuilder, TaskGraph, TaskId};
use crate::value::Value;
use ndarray::{ArrayD, IxDyn, Slice};

/// Every task's value, indexed by `TaskId`.
pub fn execute(graph: &TaskGraph) -> Result<Vec<Value>, ArrayError> {
    let mut values: Vec<Option<Value>> = vec![None; graph.len()];
    for level in levels(graph) {
        let results = run_level(graph, &values, &level);
        // The first failure in task order, whichever thread met it first.
        for (id, result) in level.into_iter().zip(results) {
            values[id.index()] = Some(result?);
        }
    }
    Ok(values.into_iter().map(|v| v.expect("every task ran")).collect())
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

fn run_task(graph: &TaskGraph, values: &[Option<Value>], id: TaskId) -> Result<Value, ArrayError> {
    let task = graph.task(id);
    let kernel = task.kernel.as_ref().ok_or_else(|| ArrayError::Kernel {
        key: task.key.clone(),
        message: "the task has no kernel".to_string(),
    })?;
    let deps: Vec<&Value> = task.deps.iter().map(|d| values[d.index()].as_ref().expect("dependencies run first")).collect();
    kernel(&deps).map_err(|message| ArrayError::Kernel { key: task.key.clone(), message })
}

#[cfg(feature = "parallel")]
fn run_level(graph: &TaskGraph, values: &[Option<Value>], level: &[TaskId]) -> Vec<Result<Value, ArrayError>> {
    use rayon::prelude::*;
    level.par_iter().map(|&id| run_task(graph, values, id)).collect()
}

#[cfg(not(feature = "parallel"))]
fn run_level(graph: &TaskGraph, values: &[Option<Value>], level: &[TaskId]) -> Vec<Result<Value, ArrayError>> {
    level.iter().map(|&id| run_task(graph, values, id)).collect()
}

/// The whole array from its planned blocks' values.
pub fn assemble(planned: &Planned, values: &[Value]) -> Result<ArrayD<f64>, ArrayError> {
    let shape = planned.chunks.shape();
    let mut out = ArrayD::zeros(IxDyn(&shape));
    for index in block_indices(&planned.chunks.numblocks()) {
        let id = planned.keys[IxDyn(&index)];
        let expected = planned.chunks.block_shape(&index);
        let block = match &values[id.index()] {
            Value::Array(a) if a.shape() == expected.as_slice() => a.view(),
            Value::Virtual { .. } => return Err(ArrayError::NotHeld { shape }),
            other => {
                return Err(ArrayError::Kernel {
                    key: format!("{:?} of {}", index, planned.name),
                    message: format!("expected a block of shape {expected:?}, got {other}"),
                })
            }
        };
        let offset = planned.chunks.block_offset(&index);
        let mut target = out.view_mut();
        for (axis, (&o, &n)) in offset.iter().zip(&expected).enumerate() {
            target.slice_axis_inplace(ndarray::Axis(axis), Slice::from(o..o + n));
        }
        target.assign(&block);
    }
    Ok(out)
}

impl Array {
    /// Plans this expression into a fresh graph, runs every kernel and assembles the result:
    /// the chunked computation, to compare with [`Array::compute_dense`].
    pub fn compute(&self) -> Result<ArrayD<f64>, ArrayError> {
        let mut builder = GraphBuilder::new();
        let planned = self.plan(&mut builder);
        let values = execute(&builder.build()?)?;
        assemble(&planned, &values)
    }
}

#[cfg(all(test, feature = "parallel"))]
mod tests {
    use super::*;

    /// Runs `graph` with every level's kernels on a pool of `threads` threads.
    fn on_threads(threads: usize, graph: &TaskGraph) -> Vec<Value> {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| execute(graph)).unwrap()
    }

    #[test]
    fn chunk_kernels_on_a_thread_pool_give_the_very_same_values() {
        let expr = crate::array::parse("(da.random.random((64, 64), chunks=8) @ da.random.random((64, 64), chunks=8)).sum(axis=0)").unwrap();
        let mut builder = GraphBuilder::new();
        let planned = expr.plan(&mut builder);
        let graph = builder.build().unwrap();
        let serial = on_threads(1, &graph);
        let parallel = on_threads(4, &graph);
        // Bit for bit: each kernel sees the same inputs whichever thread runs it.
        assert_eq!(assemble(&planned, &parallel).unwrap(), assemble(&planned, &serial).unwrap());
        assert_eq!(parallel, serial);
    }
}
