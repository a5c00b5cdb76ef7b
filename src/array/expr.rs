//! The lazy array expression: an `Array` is a shared node naming its operation, its inputs,
//! its shape and chunk grid, and its layer name. Building one checks shapes and chunks and
//! computes nothing.
//!
//! Each operation lives in its own module (`creation`, `elemwise`, `reduction`, …), which adds
//! the constructor to `Array` and plans its tasks; `dense` computes the reference. This file
//! only holds what they share. Knows nothing of tasks or scheduling.

use super::chunks::{Chunks, MAX_BLOCKS};
use super::creation::Source;
use super::elemwise::{ElemFunc, Operand};
use super::error::{shape_str, ArrayError};
use super::getitem::Sel;
use super::reduction::Reduce;
use super::MAX_HELD_ELEMENTS;

/// The deepest expression accepted: planning and the dense reference recurse once per
/// operation, and the browser's stack is small.
pub const MAX_DEPTH: usize = 256;
use std::fmt;
use std::sync::Arc;

/// A chunked n-d array of `f64`, as a lazy expression (Dask's `da.Array`). Cheap to clone.
#[derive(Clone)]
pub struct Array {
    node: Arc<Node>,
}

pub(crate) struct Node {
    /// The output layer's name, `<funcname>-<token>`: the first element of every block key.
    pub name: String,
    pub chunks: Chunks,
    /// Whether real values are computed (else kernels return `Value::Virtual`).
    pub held: bool,
    /// Operations on the longest path down to a constructor.
    pub depth: usize,
    pub op: Op,
}

/// What an array node does.
pub(crate) enum Op {
    /// A constructor: one task per block, no dependencies.
    Source(Source),
    /// `blockwise` of an elementwise function, inputs already broadcast-compatible and
    /// rechunked to the output's chunks.
    Elemwise { func: ElemFunc, args: Vec<Operand> },
    /// `np.transpose`: output axis `d` is input axis `axes[d]`.
    Transpose { input: Array, axes: Vec<usize> },
    /// A tree reduction: chunk, partial levels, aggregate.
    Reduce(Reduce),
    /// Slicing, new axes and integer indices, one `getitem` task per output block.
    Getitem { input: Array, sels: Vec<Sel> },
    /// A reshape whose blocks map one to one onto the input's blocks.
    Reshape { input: Array },
    /// One step of a task rechunk (`rechunk-split` and `rechunk-merge`).
    Rechunk { input: Array },
    /// `blockwise(np.outer)` of two vectors.
    Outer { a: Array, b: Array },
    /// The `I·K·J` block products of a matrix product, `(i, k, j)` holding `a[i, k] @ b[k, j]`
    /// with a length-1 axis for `k`.
    MatmulBlocks { a: Array, b: Array },
    /// `a @ b`: planned as `lowered` (Dask's decomposition), computed densely as one product.
    Matmul { a: Array, b: Array, lowered: Array },
}

impl Op {
    /// The arrays this node reads.
    pub(crate) fn inputs(&self) -> Vec<&Array> {
        match self {
            Op::Source(_) => vec![],
            Op::Elemwise { args, .. } => args.iter().filter_map(Operand::as_array).collect(),
            Op::Transpose { input, .. } | Op::Getitem { input, .. } | Op::Reshape { input } | Op::Rechunk { input } => {
                vec![input]
            }
            Op::Reduce(r) => vec![&r.input],
            Op::Outer { a, b } | Op::MatmulBlocks { a, b } => vec![a, b],
            Op::Matmul { lowered, .. } => vec![lowered],
        }
    }
}

impl Array {
    /// Wraps a node, refusing arrays of more than `u64::MAX` elements or [`MAX_BLOCKS`]
    /// blocks, and expressions deeper than [`MAX_DEPTH`] (planning recurses once per level); values are held when the array and everything it reads is small enough.
    pub(crate) fn from_op(name: String, chunks: Chunks, op: Op) -> Result<Array, ArrayError> {
        check_size(&chunks)?;
        let inputs = op.inputs();
        let depth = 1 + inputs.iter().map(|a| a.node.depth).max().unwrap_or(0);
        if depth > MAX_DEPTH {
            return Err(ArrayError::Argument(format!(
                "the expression is more than {MAX_DEPTH} operations deep; compute part of it first"
            )));
        }
        let size: usize = chunks.shape().iter().product();
        let held = size <= MAX_HELD_ELEMENTS && inputs.iter().all(|a| a.node.held);
        Ok(Array { node: Arc::new(Node { name, chunks, held, depth, op }) })
    }

    pub(crate) fn node(&self) -> &Node {
        &self.node
    }

    /// The output layer's name, e.g. `add-3f2a9c1e`; block keys are `(name, i, j, …)`.
    pub fn name(&self) -> &str {
        &self.node.name
    }

    pub fn shape(&self) -> Vec<usize> {
        self.node.chunks.shape()
    }

    pub fn ndim(&self) -> usize {
        self.node.chunks.ndim()
    }

    /// Number of elements.
    pub fn size(&self) -> usize {
        self.shape().iter().product()
    }

    pub fn chunks(&self) -> &Chunks {
        &self.node.chunks
    }

    /// Whether computing this array yields numbers (false past [`MAX_HELD_ELEMENTS`] elements
    /// anywhere in the expression: then only shapes are computed).
    pub fn holds_values(&self) -> bool {
        self.node.held
    }
}

/// Refuses grids too large to plan (the limits keep the page and the tests responsive).
pub(crate) fn check_size(chunks: &Chunks) -> Result<(), ArrayError> {
    let shape = chunks.shape();
    if shape.iter().try_fold(1u64, |acc, &n| acc.checked_mul(n as u64)).is_none() {
        return Err(ArrayError::Argument(format!("an array of shape {} has too many elements", shape_str(&shape))));
    }
    let blocks = chunks.numblocks().iter().try_fold(1usize, |acc, &n| acc.checked_mul(n));
    match blocks {
        Some(n) if n <= MAX_BLOCKS => Ok(()),
        _ => Err(ArrayError::Chunks(format!(
            "chunks {} would make {} blocks; at most {MAX_BLOCKS} are supported",
            shape_str(&chunks.numblocks()),
            blocks.map_or("too many".to_string(), |n| n.to_string())
        ))),
    }
}

/// `dask.array<add-3f2a9c1e, shape=(8, 8), chunks=((4, 4), (4, 4))>`.
impl fmt::Debug for Array {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "dask.array<{}, shape={}, chunks={}>",
            self.name(),
            super::error::shape_str(&self.shape()),
            self.chunks()
        )
    }
}
