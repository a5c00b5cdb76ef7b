//! Planning: turns an array expression into tasks appended to a `GraphBuilder`, one layer per
//! node, inputs first, and returns the output's block keys.
//!
//! Each task gets Dask's function name, a duration from the cost table, its output size, and
//! a kernel computing its real value from its dependencies' values (or only its shape, for
//! arrays too large to hold). Layers already in the builder (same name, so same expression)
//! are reused, so several workloads can share one graph. Knows nothing of scheduling.

use super::chunks::Chunks;
use super::cost::CostKind;
use super::expr::{Array, Op};
use super::token::block_key;
use super::{creation, elemwise, getitem, products, rechunk, reduction, reshape, transpose};
use crate::graph::{GraphBuilder, Kernel, TaskId, TaskSpec};
use crate::value::Value;
use ndarray::{ArrayD, ArrayViewD, Dimension, IxDyn};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A planned array: its layer name, the task of every block (indexed by block index), and
/// its chunk grid.
#[derive(Clone, Debug)]
pub struct Planned {
    pub name: String,
    pub keys: ArrayD<TaskId>,
    pub chunks: Chunks,
}

impl Array {
    /// Appends this expression's tasks to `builder` (reusing layers already there) and returns
    /// the output's block keys.
    pub fn plan(&self, builder: &mut GraphBuilder) -> Planned {
        Planner { builder, done: BTreeMap::new() }.plan(self)
    }
}

/// Walks an expression once per distinct node, adding layers to the builder.
pub(crate) struct Planner<'b> {
    builder: &'b mut GraphBuilder,
    done: BTreeMap<String, Planned>,
}

/// One task of a layer, before its kernel.
pub(crate) struct Task {
    pub key: String,
    /// Dask's function name: the layer name without its token (`sum-partial`).
    pub func: String,
    /// The task read for each operand of the kernel, in order (repeats allowed).
    pub deps: Vec<TaskId>,
    pub cost: CostKind,
    /// Units of work for the cost table (elements or multiply-adds).
    pub units: u64,
    /// Shape of the output block (what a `Value::Virtual` says).
    pub shape: Vec<usize>,
    /// Numbers in the output (2 per element for a mean's (sum, count) pairs).
    pub values_per_element: u64,
    pub data_producer: bool,
}

impl Task {
    pub(crate) fn new(
        key: String,
        func: &str,
        deps: Vec<TaskId>,
        cost: CostKind,
        units: usize,
        shape: Vec<usize>,
    ) -> Task {
        Task {
            key,
            func: func.to_string(),
            deps,
            cost,
            units: units as u64,
            shape,
            values_per_element: 1,
            data_producer: false,
        }
    }
}

impl Planner<'_> {
    /// The planned layer of `array`, adding it (and everything it reads) when not yet there.
    pub(crate) fn plan(&mut self, array: &Array) -> Planned {
        if let Some(p) = self.done.get(array.name()) {
            return p.clone();
        }
        let planned = match self.existing(array) {
            Some(p) => p,
            None => self.plan_new(array),
        };
        self.done.insert(array.name().to_string(), planned.clone());
        planned
    }

    fn plan_new(&mut self, array: &Array) -> Planned {
        let node = array.node();
        match &node.op {
            Op::Source(source) => creation::plan(self, array, source),
            Op::Elemwise { func, args } => elemwise::plan(self, array, *func, args),
            Op::Transpose { input, axes } => transpose::plan(self, array, input, axes),
            Op::Reduce(r) => reduction::plan(self, array, r),
            Op::Getitem { input, sels } => getitem::plan(self, array, input, sels),
            Op::Reshape { input } => reshape::plan(self, array, input),
            Op::Rechunk { input } => rechunk::plan(self, array, input),
            Op::Outer { a, b } => products::plan_outer(self, array, a, b),
            Op::MatmulBlocks { a, b } => products::plan_blocks(self, array, a, b),
            Op::Matmul { lowered, .. } => self.plan(lowered),
        }
    }

    /// The layer, when an earlier plan into the same builder already added it.
    fn existing(&self, array: &Array) -> Option<Planned> {
        let chunks = array.chunks().clone();
        let numblocks = chunks.numblocks();
        let mut ids = Vec::with_capacity(chunks.nblocks());
        for index in ndarray::indices(IxDyn(&numblocks)) {
            ids.push(self.builder.id(&block_key(array.name(), index.slice()))?);
        }
        let keys = ArrayD::from_shape_vec(IxDyn(&numblocks), ids).expect("one id per block");
        Some(Planned { name: array.name().to_string(), keys, chunks })
    }

    /// Adds one task whose kernel runs `compute` on its operands' values — unless the
    /// layer's values are not held or an input is virtual, then it only reports its shape.
    ///
    /// `task.deps` lists one task per operand; a task read twice (`x + x`) becomes one
    /// dependency, as in Dask, and the kernel still sees one value per operand.
    pub(crate) fn add(
        &mut self,
        task: Task,
        held: bool,
        compute: impl Fn(&[&Value]) -> Result<Value, String> + Send + Sync + 'static,
    ) -> TaskId {
        let elements: u64 = task.shape.iter().product::<usize>() as u64;
        let shape = task.shape;
        let mut deps: Vec<TaskId> = Vec::with_capacity(task.deps.len());
        let slots: Vec<usize> = task
            .deps
            .iter()
            .map(|d| {
                deps.iter().position(|u| u == d).unwrap_or_else(|| {
                    deps.push(*d);
                    deps.len() - 1
                })
            })
            .collect();
        let kernel: Kernel = Arc::new(move |values: &[&Value]| {
            if !held || values.iter().any(|v| matches!(v, Value::Virtual { .. })) {
                return Ok(Value::Virtual { shape: shape.clone() });
            }
            let operands = slots
                .iter()
                .map(|&s| {
                    values.get(s).copied().ok_or_else(|| format!("expected {} inputs, got {}", s + 1, values.len()))
                })
                .collect::<Result<Vec<&Value>, String>>()?;
            compute(&operands)
        });
        let mut spec = TaskSpec::new(task.key, deps)
            .func(task.func)
            .duration(task.cost.duration(task.units))
            .nbytes(elements * task.values_per_element * 8)
            .kernel(kernel);
        spec.data_producer = task.data_producer;
        self.builder.add(spec)
    }
}

/// The ids of a layer's tasks, laid out by block index.
pub(crate) fn grid(numblocks: &[usize], ids: Vec<TaskId>) -> ArrayD<TaskId> {
    ArrayD::from_shape_vec(IxDyn(numblocks), ids).expect("one task per block")
}

/// The number array inside a dependency's value.
pub(crate) fn array_of(value: &Value) -> Result<ArrayViewD<'_, f64>, String> {
    match value {
        Value::Array(a) => Ok(a.view()),
        other => Err(format!("expected an array chunk, got {other}")),
    }
}

/// Every block index of a grid, in row-major order (Dask's key order).
pub(crate) fn block_indices(numblocks: &[usize]) -> impl Iterator<Item = Vec<usize>> {
    ndarray::indices(IxDyn(numblocks)).into_iter().map(|ix| ix.slice().to_vec())
}

/// The layer name without its token: `sum-partial-1a2b3c4d` → `sum-partial`.
pub(crate) fn func_of(name: &str) -> &str {
    name.rsplit_once('-').map_or(name, |(func, _)| func)
}
