//! A tiny executor for tests, benchmarks and the command line: runs every task's kernel
//! (`graph::kernels`, level by level, on rayon's pool with the `parallel` feature), then
//! stitches an array's output blocks back into one array. The values are the same either way.
//!
//! The simulation runs kernels itself, at simulated times on simulated workers; this only
//! checks values. Knows nothing of workers or time.

use super::error::ArrayError;
use super::expr::Array;
use super::plan::{block_indices, Planned};
use crate::graph::kernels::{compute_all, Computed};
use crate::graph::{GraphBuilder, TaskGraph};
use crate::value::Value;
use ndarray::{ArrayD, IxDyn, Slice};

/// Every task's value, indexed by `TaskId`: `graph::kernels::compute_all`, which runs each
/// level of tasks on rayon's pool with the `parallel` feature; the first failure in task order
/// is the error.
pub fn execute(graph: &TaskGraph) -> Result<Vec<Value>, ArrayError> {
    compute_all(graph)
        .into_iter()
        .enumerate()
        .map(|(i, computed)| {
            let key = || graph.tasks()[i].key.clone();
            match computed {
                Computed::Value(v) => Ok(v),
                Computed::NoKernel => Err(ArrayError::Kernel { key: key(), message: "the task has no kernel".to_string() }),
                Computed::Raised(message) => Err(ArrayError::Kernel { key: key(), message }),
                Computed::LeftToTheRun => Err(ArrayError::Kernel { key: key(), message: "an input raised or was scattered".to_string() }),
            }
        })
        .collect()
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
