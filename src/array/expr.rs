//! The lazy array expression: an `Array` is a shared node naming its operation, its inputs,
//! its shape and chunk grid, and its layer name. Building one checks shapes and chunks and
//! computes nothing.
//!
//! Each operation lives in its own module (`creation`, `elemwise`, `reduction`, …), which adds
//! the constructor to `Array`, plans its tasks and computes its dense reference. This file
//! only holds what they share. Knows nothing of tasks or scheduling.

use super::chunks::Chunks;
use super::creation::Source;
use super::elemwise::{ElemFunc, Operand};
use super::getitem::Sel;
use super::reduction::Reduce;
use super::MAX_HELD_ELEMENTS;
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
            Op::Transpose { input, .. }
            | Op::Getitem { input, .. }
            | Op::Reshape { input }
            | Op::Rechunk { input } => vec![input],
            Op::Reduce(r) => vec![&r.input],
            Op::Outer { a, b } | Op::MatmulBlocks { a, b } => vec![a, b],
            Op::Matmul { lowered, .. } => vec![lowered],
        }
    }
}

impl Array {
    /// Wraps a node; values are held when the array and everything it reads is small enough.
    pub(crate) fn from_op(name: String, chunks: Chunks, op: Op) -> Array {
        let size: usize = chunks.shape().iter().product();
        let held = size <= MAX_HELD_ELEMENTS && op.inputs().iter().all(|a| a.node.held);
        Array { node: Arc::new(Node { name, chunks, held, op }) }
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
