//! Constructors: `ones`, `zeros`, `full`, `arange`, `from_array`, seeded `random`. Each block
//! is one task with no dependencies, marked as a data producer (always root-ish).
//!
//! Random numbers are addressed by element, not drawn in order: element `i` (row-major in the
//! whole array) is the first draw of the stream `Rng::new(seed).fork(i)`. So a block's values
//! do not depend on which block runs first, nor on the chunking. Knows nothing of scheduling.

use super::chunks::{ChunkSpec, Chunks};
use super::cost::CostKind;
use super::error::{shape_str, ArrayError};
use super::expr::{Array, Op};
use super::plan::{block_indices, func_of, grid, Planned, Planner, Task};
use super::token::{block_key, float_part, layer_name};
use crate::rng::Rng;
use crate::value::Value;
use ndarray::{ArrayD, IxDyn, Slice};
use std::sync::Arc;

/// Where a constructor's numbers come from (cheap to clone: data is shared).
#[derive(Clone)]
pub(crate) enum Source {
    /// `ones_like`, `zeros_like`, `full_like`: every element the same.
    Fill { func: &'static str, value: f64 },
    /// `start + i * step`.
    Arange { start: f64, step: f64 },
    /// A NumPy array already in memory (`da.from_array`).
    FromArray(Arc<ArrayD<f64>>),
    /// Uniform in `[0, 1)`, addressed by element.
    Random { seed: u64 },
}

impl Source {
    fn func(&self) -> &'static str {
        match self {
            Source::Fill { func, .. } => func,
            Source::Arange { .. } => "arange",
            Source::FromArray(_) => "array",
            Source::Random { .. } => "random_sample",
        }
    }

    fn cost(&self) -> CostKind {
        match self {
            Source::Fill { .. } => CostKind::Fill,
            Source::Arange { .. } => CostKind::Arange,
            Source::FromArray(_) => CostKind::FromArray,
            Source::Random { .. } => CostKind::Random,
        }
    }

    /// The values of the region of `shape` starting at `offset` with extent `extent`.
    pub(super) fn region(&self, shape: &[usize], offset: &[usize], extent: &[usize]) -> ArrayD<f64> {
        match self {
            Source::Fill { value, .. } => ArrayD::from_elem(IxDyn(extent), *value),
            Source::Arange { start, step } => {
                ArrayD::from_shape_fn(IxDyn(extent), |ix| start + (offset[0] + ix[0]) as f64 * step)
            }
            Source::FromArray(data) => {
                let mut view = data.view();
                for (axis, (&o, &e)) in offset.iter().zip(extent).enumerate() {
                    view.slice_axis_inplace(ndarray::Axis(axis), Slice::from(o..o + e));
                }
                view.to_owned()
            }
            Source::Random { seed } => {
                let base = Rng::new(*seed);
                ArrayD::from_shape_fn(IxDyn(extent), |ix| {
                    let flat = (0..shape.len()).fold(0u64, |acc, d| acc * shape[d] as u64 + (offset[d] + ix[d]) as u64);
                    base.fork(flat).next_f64()
                })
            }
        }
    }
}

impl Array {
    /// `da.ones(shape, chunks=…)`.
    pub fn ones(shape: &[usize], chunks: &ChunkSpec) -> Result<Array, ArrayError> {
        Array::source(shape, chunks, Source::Fill { func: "ones_like", value: 1.0 }, "")
    }

    /// `da.zeros(shape, chunks=…)`.
    pub fn zeros(shape: &[usize], chunks: &ChunkSpec) -> Result<Array, ArrayError> {
        Array::source(shape, chunks, Source::Fill { func: "zeros_like", value: 0.0 }, "")
    }

    /// `da.full(shape, value, chunks=…)`.
    pub fn full(shape: &[usize], value: f64, chunks: &ChunkSpec) -> Result<Array, ArrayError> {
        Array::source(shape, chunks, Source::Fill { func: "full_like", value }, &float_part(value))
    }

    /// `da.arange(start, stop, step, chunks=…)`: `ceil((stop - start) / step)` elements.
    pub fn arange(start: f64, stop: f64, step: f64, chunks: &ChunkSpec) -> Result<Array, ArrayError> {
        if step == 0.0 || !step.is_finite() || !start.is_finite() || !stop.is_finite() {
            return Err(ArrayError::Argument(format!(
                "arange needs finite bounds and a non-zero step, got step {step}"
            )));
        }
        let len = ((stop - start) / step).ceil();
        if len < 1.0 {
            return Err(ArrayError::Argument(format!(
                "arange({start}, {stop}, {step}) would be empty; zero-length axes are not supported"
            )));
        }
        let parts = format!("{}:{}", float_part(start), float_part(step));
        Array::source(&[len as usize], chunks, Source::Arange { start, step }, &parts)
    }

    /// `da.from_array(data, chunks=…)`: an array already in memory, cut into blocks.
    pub fn from_array(data: ArrayD<f64>, chunks: &ChunkSpec) -> Result<Array, ArrayError> {
        let bits: Vec<String> = data.iter().map(|&x| float_part(x)).collect();
        let shape = data.shape().to_vec();
        Array::source(&shape, chunks, Source::FromArray(Arc::new(data)), &bits.concat())
    }

    /// `da.random.random(shape, chunks=…)` with an explicit seed.
    pub fn random(shape: &[usize], chunks: &ChunkSpec, seed: u64) -> Result<Array, ArrayError> {
        Array::source(shape, chunks, Source::Random { seed }, &seed.to_string())
    }

    fn source(shape: &[usize], chunks: &ChunkSpec, source: Source, extra: &str) -> Result<Array, ArrayError> {
        let chunks = Chunks::normalize(chunks, shape, None)?;
        let name = layer_name(source.func(), &[source.func(), &shape_str(shape), &chunks.to_string(), extra]);
        Array::from_op(name, chunks, Op::Source(source))
    }
}

pub(super) fn plan(planner: &mut Planner, array: &Array, source: &Source) -> Planned {
    let node = array.node();
    let shape = array.shape();
    let cost = source.cost();
    let func = func_of(&node.name);
    let mut ids = Vec::with_capacity(node.chunks.nblocks());
    for index in block_indices(&node.chunks.numblocks()) {
        let extent = node.chunks.block_shape(&index);
        let offset = node.chunks.block_offset(&index);
        let elements = extent.iter().product();
        let mut task = Task::new(block_key(&node.name, &index), func, vec![], cost, elements, extent.clone());
        task.data_producer = true;
        let (source, shape) = (source.clone(), shape.clone());
        ids.push(planner.add(task, node.held, move |_| Ok(Value::array(source.region(&shape, &offset, &extent)))));
    }
    Planned { name: node.name.clone(), keys: grid(&node.chunks.numblocks(), ids), chunks: node.chunks.clone() }
}
