//! A tiny executor for tests and the command line: runs every task's kernel in topological
//! order, then stitches an array's output blocks back into one array.
//!
//! The simulation runs kernels itself, at simulated times on simulated workers; this only
//! checks values. Knows nothing of workers or time.

use super::error::ArrayError;
use super::expr::Array;
use super::plan::{block_indices, Planned};
use crate::graph::{GraphBuilder, TaskGraph};
use crate::value::Value;
use ndarray::{ArrayD, IxDyn, Slice};

/// Every task's value, indexed by `TaskId`.
pub fn execute(graph: &TaskGraph) -> Result<Vec<Value>, ArrayError> {
    let mut values: Vec<Option<Value>> = vec![None; graph.len()];
    for id in graph.topological_order() {
        let task = graph.task(id);
        let kernel = task.kernel.as_ref().ok_or_else(|| ArrayError::Kernel {
            key: task.key.clone(),
            message: "the task has no kernel".to_string(),
        })?;
        let deps: Vec<&Value> =
            task.deps.iter().map(|d| values[d.index()].as_ref().expect("dependencies run first")).collect();
        let value = kernel(&deps).map_err(|message| ArrayError::Kernel { key: task.key.clone(), message })?;
        values[id.index()] = Some(value);
    }
    Ok(values.into_iter().map(|v| v.expect("every task ran")).collect())
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
