//! Tree reductions (`sum`, `mean`, `min`, `max`, and the `_chunk_sum` of matmul), as Dask's
//! `reduction` builds them: a `chunk` task per block (keeping reduced axes at length 1), then
//! `depth - 1` levels of `<combine>-partial` tasks, then one level of `<aggregate>-aggregate`
//! tasks, each combining up to `split_every` blocks per reduced axis.
//!
//! `split_every` (default 4) is shared out between the reduced axes: with `r` of them each
//! gets `max(⌊k^(1/r)⌋, 2)` (the exact integer root here). The depth is the largest
//! `⌈log_s(numblocks)⌉` over the reduced axes, at least 1 (computed exactly here; Dask's
//! floating `log` can overshoot by one level at exact powers such as 125 blocks by 5).
//! Knows nothing of scheduling.

use super::cost::CostKind;
use super::error::{normalize_axis, ArrayError};
use super::expr::{Array, Op};
use super::plan::{array_of, block_indices, func_of, grid, Planned, Planner, Task};
use super::token::{block_key, token};
use crate::value::Value;
use ndarray::{ArrayD, ArrayViewD, Axis, IxDyn, Zip};

/// Dask's `split_every` default (`config.get("split_every", 4)`).
pub const DEFAULT_SPLIT_EVERY: usize = 4;

/// What a reduction computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reduction {
    Sum,
    /// Carried through the tree as (sum, count) pairs.
    Mean,
    Min,
    Max,
    /// The sum of `matmul`'s block products (Dask's `_sum_wo_cat` with `_chunk_sum`).
    ChunkSum,
}

impl Reduction {
    /// Dask's function names: (chunk, combine, aggregate).
    fn funcs(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Reduction::Sum => ("sum", "sum", "sum"),
            Reduction::Mean => ("mean_chunk", "mean_combine", "mean_agg"),
            Reduction::Min => ("chunk_min", "chunk_min", "min"),
            Reduction::Max => ("chunk_max", "chunk_max", "max"),
            Reduction::ChunkSum => ("_chunk_sum", "_chunk_sum", "_chunk_sum"),
        }
    }

    /// How two partial results combine, element by element.
    fn fold(self, x: f64, y: f64) -> f64 {
        match self {
            Reduction::Sum | Reduction::Mean | Reduction::ChunkSum => x + y,
            // NumPy's min and max propagate NaN.
            Reduction::Min if x.is_nan() || y.is_nan() => f64::NAN,
            Reduction::Max if x.is_nan() || y.is_nan() => f64::NAN,
            Reduction::Min => x.min(y),
            Reduction::Max => x.max(y),
        }
    }

    fn identity(self) -> f64 {
        match self {
            Reduction::Sum | Reduction::Mean | Reduction::ChunkSum => 0.0,
            Reduction::Min => f64::INFINITY,
            Reduction::Max => f64::NEG_INFINITY,
        }
    }
}

/// A reduction node.
pub(crate) struct Reduce {
    pub input: Array,
    pub reduction: Reduction,
    /// Reduced axes, sorted.
    pub axes: Vec<usize>,
    /// Blocks combined per task along each input axis (1 along axes not reduced).
    pub split: Vec<usize>,
    pub depth: usize,
    /// Shared by the layers' names.
    pub token: String,
}

impl Array {
    /// `x.sum(axis)`, `x.mean(axis)`, … over all axes (`None`) or the given ones, as a tree
    /// with `split_every` blocks per task (default 4).
    pub fn reduce(
        &self,
        reduction: Reduction,
        axis: Option<&[isize]>,
        split_every: Option<usize>,
    ) -> Result<Array, ArrayError> {
        let ndim = self.ndim();
        let mut axes: Vec<usize> = match axis {
            None => (0..ndim).collect(),
            Some(given) => given.iter().map(|&a| normalize_axis(a, ndim)).collect::<Result<_, _>>()?,
        };
        let count = axes.len();
        axes.sort_unstable();
        axes.dedup();
        if axes.len() != count {
            return Err(ArrayError::Argument(format!("duplicate value in 'axis': {:?}", axis.unwrap_or_default())));
        }
        let k = split_every.unwrap_or(DEFAULT_SPLIT_EVERY);
        if k == 0 {
            return Err(ArrayError::Argument("split_every must be at least 1".to_string()));
        }
        let per_axis = integer_root(k, axes.len().max(1)).max(2);
        let numblocks = self.chunks().numblocks();
        let split: Vec<usize> = (0..ndim).map(|i| if axes.contains(&i) { per_axis } else { 1 }).collect();
        let depth = axes.iter().map(|&a| levels(numblocks[a], per_axis)).max().unwrap_or(1).max(1);
        let (_, _, aggregate) = reduction.funcs();
        let token = token(&[aggregate, self.name(), &format!("{axes:?}"), &per_axis.to_string()]);
        let name = format!("{aggregate}-aggregate-{token}");
        let chunks = self.chunks().select_axes(|i| !axes.contains(&i));
        let reduce = Reduce { input: self.clone(), reduction, axes, split, depth, token };
        Array::from_op(name, chunks, Op::Reduce(reduce))
    }

    pub fn sum(&self, axis: Option<isize>) -> Result<Array, ArrayError> {
        self.reduce(Reduction::Sum, axis.as_ref().map(std::slice::from_ref), None)
    }

    pub fn mean(&self, axis: Option<isize>) -> Result<Array, ArrayError> {
        self.reduce(Reduction::Mean, axis.as_ref().map(std::slice::from_ref), None)
    }

    pub fn min(&self, axis: Option<isize>) -> Result<Array, ArrayError> {
        self.reduce(Reduction::Min, axis.as_ref().map(std::slice::from_ref), None)
    }

    pub fn max(&self, axis: Option<isize>) -> Result<Array, ArrayError> {
        self.reduce(Reduction::Max, axis.as_ref().map(std::slice::from_ref), None)
    }
}

/// The largest `m` with `m^n <= k`.
fn integer_root(k: usize, n: usize) -> usize {
    super::chunks::integer_root(k as u128, n as u32) as usize
}

/// The smallest `d` with `s^d >= n` (0 for a single block).
fn levels(n: usize, s: usize) -> usize {
    let (mut d, mut reach) = (0, 1usize);
    while reach < n {
        reach = reach.saturating_mul(s);
        d += 1;
    }
    d
}

/// Reduces a block over `axes`, keeping them at length 1.
fn reduce_block(x: ArrayViewD<f64>, axes: &[usize], reduction: Reduction) -> ArrayD<f64> {
    let mut out = x.to_owned();
    for &a in axes.iter().rev() {
        out = out.fold_axis(Axis(a), reduction.identity(), |&acc, &v| reduction.fold(acc, v)).insert_axis(Axis(a));
    }
    out
}

/// The `chunk` function on one block: reduced, or a (sum, count) pair for a mean.
fn chunk(x: ArrayViewD<f64>, axes: &[usize], reduction: Reduction) -> Value {
    let reduced = reduce_block(x.view(), axes, reduction);
    match reduction {
        Reduction::Mean => {
            let n: usize = axes.iter().map(|&a| x.shape()[a]).product();
            let count = ArrayD::from_elem(reduced.raw_dim(), n as f64);
            Value::Tuple(vec![Value::array(reduced), Value::array(count)])
        }
        _ => Value::array(reduced),
    }
}

/// Combines partial results (all of the same shape, reduced axes at length 1) element by
/// element: what `combine` of the concatenated blocks amounts to.
fn combine(values: &[&Value], reduction: Reduction) -> Result<Value, String> {
    let parts = |i: Option<usize>| -> Result<Vec<ArrayViewD<f64>>, String> {
        values
            .iter()
            .map(|v| match (v, i) {
                (Value::Tuple(pair), Some(i)) => {
                    pair.get(i).ok_or("a mean pair has two parts".to_string()).and_then(array_of)
                }
                (v, None) => array_of(v),
                (other, Some(_)) => Err(format!("expected a (sum, count) pair, got {other}")),
            })
            .collect()
    };
    let fold = |blocks: Vec<ArrayViewD<f64>>| -> Result<ArrayD<f64>, String> {
        let (first, rest) = blocks.split_first().ok_or("a combine task needs inputs")?;
        let mut acc = first.to_owned();
        for b in rest {
            if b.shape() != acc.shape() {
                return Err(format!("partial results of shapes {:?} and {:?} do not line up", acc.shape(), b.shape()));
            }
            Zip::from(&mut acc).and(b).for_each(|a, &x| *a = reduction.fold(*a, x));
        }
        Ok(acc)
    };
    Ok(match reduction {
        Reduction::Mean => {
            Value::Tuple(vec![Value::array(fold(parts(Some(0))?)?), Value::array(fold(parts(Some(1))?)?)])
        }
        _ => Value::array(fold(parts(None)?)?),
    })
}

/// The `aggregate` function: the last combine, the mean's division, the reduced axes dropped.
fn aggregate(values: &[&Value], reduction: Reduction, shape: &[usize]) -> Result<Value, String> {
    let combined = combine(values, reduction)?;
    let total = match (&combined, reduction) {
        (Value::Tuple(pair), Reduction::Mean) => {
            let (sum, count) = (array_of(&pair[0])?, array_of(&pair[1])?);
            &sum / &count
        }
        (v, _) => array_of(v)?.to_owned(),
    };
    total.into_shape_with_order(IxDyn(shape)).map(Value::array).map_err(|e| e.to_string())
}

pub(super) fn plan(planner: &mut Planner, array: &Array, r: &Reduce) -> Planned {
    let node = array.node();
    let input = planner.plan(&r.input);
    let (chunk_func, combine_func, _) = r.reduction.funcs();
    let values_per_element = if r.reduction == Reduction::Mean { 2 } else { 1 };
    let ndim = r.input.ndim();
    // Block shapes after the chunk layer: reduced axes have length 1.
    let kept = |index: &[usize]| -> Vec<usize> {
        (0..ndim).map(|i| if r.axes.contains(&i) { 1 } else { input.chunks.axis(i)[index[i]] }).collect()
    };

    // chunk: one task per input block.
    let name = format!("{chunk_func}-{}", r.token);
    let mut ids = Vec::with_capacity(input.chunks.nblocks());
    for index in block_indices(&input.chunks.numblocks()) {
        let elements = input.chunks.block_shape(&index).iter().product();
        let mut task = Task::new(
            block_key(&name, &index),
            func_of(&name),
            vec![input.keys[IxDyn(&index)]],
            CostKind::ReduceChunk,
            elements,
            kept(&index),
        );
        task.values_per_element = values_per_element;
        let (axes, reduction) = (r.axes.clone(), r.reduction);
        ids.push(planner.add(task, node.held, move |v| Ok(chunk(array_of(v[0])?, &axes, reduction))));
    }
    let mut level = grid(&input.chunks.numblocks(), ids);

    // partial levels, then the aggregate.
    for depth in 1..=r.depth {
        let last = depth == r.depth;
        let name = if last {
            node.name.clone()
        } else {
            format!("{combine_func}-partial-{}", token(&[&r.token, &depth.to_string()]))
        };
        let below = level.shape().to_vec();
        let numblocks: Vec<usize> = below.iter().zip(&r.split).map(|(&n, &s)| n.div_ceil(s)).collect();
        let mut ids = Vec::with_capacity(numblocks.iter().product());
        for index in block_indices(&numblocks) {
            let ranges: Vec<(usize, usize)> =
                index.iter().zip(&r.split).zip(&below).map(|((&i, &s), &n)| (i * s, ((i + 1) * s).min(n))).collect();
            let sub: Vec<usize> = ranges.iter().map(|(lo, hi)| hi - lo).collect();
            let deps: Vec<_> = block_indices(&sub)
                .map(|off| {
                    let at: Vec<usize> = off.iter().zip(&ranges).map(|(o, (lo, _))| lo + o).collect();
                    level[IxDyn(&at)]
                })
                .collect();
            let shape = kept(&index);
            let elements = deps.len() * shape.iter().product::<usize>();
            let reduction = r.reduction;
            let id = if last {
                let key_index: Vec<usize> = (0..ndim).filter(|i| !r.axes.contains(i)).map(|i| index[i]).collect();
                let out_shape = node.chunks.block_shape(&key_index);
                let task = Task::new(
                    block_key(&name, &key_index),
                    func_of(&name),
                    deps,
                    CostKind::ReduceTree,
                    elements,
                    out_shape.clone(),
                );
                planner.add(task, node.held, move |v| aggregate(v, reduction, &out_shape))
            } else {
                let mut task =
                    Task::new(block_key(&name, &index), func_of(&name), deps, CostKind::ReduceTree, elements, shape);
                task.values_per_element = values_per_element;
                planner.add(task, node.held, move |v| combine(v, reduction))
            };
            ids.push(id);
        }
        level = grid(&numblocks, ids);
    }
    let keys = level.into_shape_with_order(IxDyn(&node.chunks.numblocks())).expect("reduced axes have one block left");
    Planned { name: node.name.clone(), keys, chunks: node.chunks.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_every_is_shared_out_between_the_reduced_axes() {
        assert_eq!(integer_root(4, 1), 4);
        assert_eq!(integer_root(4, 2), 2);
        assert_eq!(integer_root(8, 3), 2);
        assert_eq!(integer_root(27, 3), 3);
        assert_eq!(integer_root(3, 2), 1, "then raised to the minimum of 2");
    }

    #[test]
    fn depth_is_the_number_of_levels_that_reach_every_block() {
        assert_eq!(levels(1, 4), 0);
        assert_eq!(levels(4, 4), 1);
        assert_eq!(levels(5, 4), 2);
        assert_eq!(levels(16, 2), 4);
        assert_eq!(levels(125, 5), 3);
    }
}
