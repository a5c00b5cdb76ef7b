//! Chunked n-d arrays of `f64` whose operations build Dask-shaped task graphs, with real chunk
//! kernels on `ndarray`.
//!
//! An [`Array`] is a lazy expression: constructors (`ones`, `random`, `from_array`, …),
//! elementwise arithmetic with broadcasting, tree reductions, transpose, `outer`, `matmul`,
//! slicing, reshape and rechunk each check shapes and chunks and add a node. [`Array::plan`]
//! appends the expression's tasks to a [`GraphBuilder`](crate::graph::GraphBuilder) with
//! Dask's keys (`('add-3f2a9c1e', 0, 1)`), function names, a duration from the cost table
//! ([`cost`]) and a kernel per task. [`Array::compute_dense`] is the reference the chunked
//! result is tested against; [`parse`] reads the lecture-code subset
//! (`da.ones((8, 8), chunks=4).T.sum(axis=0)`).
//!
//! ```
//! use tasklab::array::{parse, execute, assemble};
//! use tasklab::graph::GraphBuilder;
//!
//! let x = parse("(da.ones((8, 8), chunks=(4, 4)) + da.ones((8, 8), chunks=4).T).sum(axis=0)").unwrap();
//! let mut builder = GraphBuilder::new();
//! let planned = x.plan(&mut builder);
//! let graph = builder.build().unwrap();
//! let values = execute(&graph).unwrap();
//! assert_eq!(assemble(&planned, &values).unwrap(), x.compute_dense().unwrap());
//! assert_eq!(graph.key(planned.keys[[0]]), format!("('{}', 0)", x.name()));
//! ```
//!
//! Knows nothing of workers, time or the scheduler: it only describes work.

mod chunks;
pub mod cost;
mod creation;
mod dense;
mod elemwise;
mod error;
mod execute;
mod expr;
mod getitem;
mod parse;
mod plan;
mod products;
mod rechunk;
mod reduction;
mod reshape;
mod token;
mod transpose;

#[cfg(test)]
mod tests;

pub use chunks::{AxisChunks, ChunkSpec, Chunks, MAX_BLOCKS};
pub use elemwise::{BinaryOp, Operand};
pub use error::ArrayError;
pub use execute::{assemble, execute};
pub use expr::{Array, MAX_DEPTH};
pub use getitem::Index;
pub use parse::{parse, parse_with, ParseError};
pub use plan::Planned;
pub use reduction::{Reduction, DEFAULT_SPLIT_EVERY};
pub use token::block_key;

/// Arrays with more elements than this (32 MiB of `f64`) are planned and "computed" by shape
/// only: their kernels return `Value::Virtual`, and so does everything computed from them.
pub const MAX_HELD_ELEMENTS: usize = 4 << 20;
