//! Outer and matrix products, built as Dask builds them.
//!
//! `da.outer(a, b)` is `blockwise(np.outer)` over the flattened inputs: task `(i, j)` reads
//! `a[i]` and `b[j]`. `a @ b` is a `matmul` task per block triple `(i, k, j)` (output chunks of
//! length 1 along `k`), then a `_chunk_sum` tree reduction over `k`; with a single block along
//! `k` the reduction is only a squeeze (`getitem`). Vectors get a new axis first and lose it
//! after, as in Dask. Knows nothing of scheduling.

use super::chunks::{common_blockdim, AxisChunks, ChunkSpec, Chunks};
use super::cost::CostKind;
use super::error::{shape_str, ArrayError};
use super::expr::{Array, Op};
use super::getitem::Index;
use super::plan::{array_of, block_indices, func_of, grid, Planned, Planner, Task};
use super::reduction::Reduction;
use super::token::{block_key, layer_name};
use crate::value::Value;
use ndarray::{Array2, ArrayD, ArrayView2, Axis, Ix1, Ix2, IxDyn};

impl Array {
    /// `da.outer(a, b)`: every element of `a` times every element of `b` (both flattened).
    pub fn outer(a: &Array, b: &Array) -> Result<Array, ArrayError> {
        let (a, b) = (a.flatten()?, b.flatten()?);
        let name = layer_name("outer", &["outer", a.name(), b.name()]);
        let chunks = Chunks::from_axes(vec![a.chunks().axis(0).to_vec(), b.chunks().axis(0).to_vec()]);
        Array::from_op(name, chunks, Op::Outer { a, b })
    }

    /// `a @ b` for vectors and matrices.
    pub fn matmul(&self, b: &Array) -> Result<Array, ArrayError> {
        let a = self;
        if a.ndim() == 0 || b.ndim() == 0 {
            return Err(ArrayError::Argument("matmul does not support scalars".to_string()));
        }
        if a.ndim() > 2 || b.ndim() > 2 {
            return Err(ArrayError::Argument(format!(
                "matmul of arrays with more than 2 dimensions is not supported (shapes {} and {})",
                shape_str(&a.shape()),
                shape_str(&b.shape())
            )));
        }
        let (n, m) = (a.shape()[a.ndim() - 1], b.shape()[b.ndim().saturating_sub(2)]);
        if n != m {
            return Err(ArrayError::Shape(format!(
                "matmul: shapes {} and {} are not aligned: {n} (last axis of the left) != {m} (first axis of the right)",
                shape_str(&a.shape()),
                shape_str(&b.shape())
            )));
        }
        let a2 = if a.ndim() == 1 { a.getitem(&[Index::NewAxis, Index::FULL])? } else { a.clone() };
        let b2 = if b.ndim() == 1 { b.getitem(&[Index::FULL, Index::NewAxis])? } else { b.clone() };
        // Blocks along k must line up.
        let k = common_blockdim(&[a2.chunks().axis(1), b2.chunks().axis(0)]);
        let along = |axis: usize| {
            let mut rules = vec![AxisChunks::Keep; 2];
            rules[axis] = AxisChunks::Sizes(k.clone());
            ChunkSpec::PerAxis(rules)
        };
        let (a2, b2) = (a2.rechunk(&along(1))?, b2.rechunk(&along(0))?);
        let name = layer_name("matmul", &["matmul", a2.name(), b2.name()]);
        let chunks =
            Chunks::from_axes(vec![a2.chunks().axis(0).to_vec(), vec![1; k.len()], b2.chunks().axis(1).to_vec()]);
        let blocks = Array::from_op(name, chunks, Op::MatmulBlocks { a: a2, b: b2 })?;
        let mut out =
            if k.len() == 1 { blocks.squeeze(1)? } else { blocks.reduce(Reduction::ChunkSum, Some(&[1]), None)? };
        if a.ndim() == 1 {
            out = out.squeeze(-2)?;
        }
        if b.ndim() == 1 {
            out = out.squeeze(-1)?;
        }
        let (name, chunks) = (out.name().to_string(), out.chunks().clone());
        Array::from_op(name, chunks, Op::Matmul { a: a.clone(), b: b.clone(), lowered: out })
    }
}

fn outer_product(a: ndarray::ArrayView1<f64>, b: ndarray::ArrayView1<f64>) -> ArrayD<f64> {
    Array2::from_shape_fn((a.len(), b.len()), |(i, j)| a[i] * b[j]).into_dyn()
}

fn as_vector(x: ndarray::ArrayViewD<f64>) -> Result<ndarray::ArrayView1<f64>, String> {
    x.into_dimensionality::<Ix1>().map_err(|e| e.to_string())
}

fn as_matrix(x: ndarray::ArrayViewD<f64>) -> Result<ArrayView2<f64>, String> {
    x.into_dimensionality::<Ix2>().map_err(|e| e.to_string())
}

pub(super) fn plan_outer(planner: &mut Planner, array: &Array, a: &Array, b: &Array) -> Planned {
    let node = array.node();
    let (pa, pb) = (planner.plan(a), planner.plan(b));
    let numblocks = node.chunks.numblocks();
    let mut ids = Vec::with_capacity(node.chunks.nblocks());
    for index in block_indices(&numblocks) {
        let deps = vec![pa.keys[IxDyn(&index[..1])], pb.keys[IxDyn(&index[1..])]];
        let shape = node.chunks.block_shape(&index);
        let elements = shape.iter().product();
        let task =
            Task::new(block_key(&node.name, &index), func_of(&node.name), deps, CostKind::Outer, elements, shape);
        ids.push(planner.add(task, node.held, |v| {
            Ok(Value::array(outer_product(as_vector(array_of(v[0])?)?, as_vector(array_of(v[1])?)?)))
        }));
    }
    Planned { name: node.name.clone(), keys: grid(&numblocks, ids), chunks: node.chunks.clone() }
}

pub(super) fn plan_blocks(planner: &mut Planner, array: &Array, a: &Array, b: &Array) -> Planned {
    let node = array.node();
    let (pa, pb) = (planner.plan(a), planner.plan(b));
    let numblocks = node.chunks.numblocks();
    let mut ids = Vec::with_capacity(node.chunks.nblocks());
    for index in block_indices(&numblocks) {
        let (i, k, j) = (index[0], index[1], index[2]);
        let deps = vec![pa.keys[IxDyn(&[i, k])], pb.keys[IxDyn(&[k, j])]];
        let shape = node.chunks.block_shape(&index);
        let multiply_adds = shape[0] * pa.chunks.axis(1)[k] * shape[2];
        let task =
            Task::new(block_key(&node.name, &index), func_of(&node.name), deps, CostKind::Matmul, multiply_adds, shape);
        ids.push(planner.add(task, node.held, |v| {
            let product = as_matrix(array_of(v[0])?)?.dot(&as_matrix(array_of(v[1])?)?);
            Ok(Value::array(product.insert_axis(Axis(1)).into_dyn()))
        }));
    }
    Planned { name: node.name.clone(), keys: grid(&numblocks, ids), chunks: node.chunks.clone() }
}
