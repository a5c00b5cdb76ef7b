//! Indexing with `x[2:6, :]`, `x[:, None]` and `x[0]`: one `getitem` task per output block,
//! each reading the one input block it comes from. A slice that cuts through blocks gives
//! shorter blocks (Dask does not merge them); `None` adds an axis of one block of length 1;
//! an integer drops its axis. Steps other than 1 are refused.
//!
//! Knows nothing of scheduling.

use super::chunks::Chunks;
use super::cost::CostKind;
use super::error::{normalize_axis, ArrayError};
use super::expr::{Array, Op};
use super::plan::{array_of, block_indices, func_of, grid, Planned, Planner, Task};
use super::token::{block_key, layer_name};
use crate::value::Value;
use ndarray::{ArrayD, ArrayViewD, IxDyn, SliceInfo, SliceInfoElem};

/// One entry of an index expression, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Index {
    /// `start:stop:step`, each part optional and possibly negative.
    Slice { start: Option<isize>, stop: Option<isize>, step: Option<isize> },
    /// `None` (`np.newaxis`).
    NewAxis,
    /// A single position; drops the axis.
    Int(isize),
}

impl Index {
    /// `:`.
    pub const FULL: Index = Index::Slice { start: None, stop: None, step: None };
}

/// One entry of a checked index, in input coordinates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Sel {
    New,
    Range(usize, usize),
    At(usize),
}

impl Array {
    /// `x[index]` (missing trailing entries mean `:`).
    pub fn getitem(&self, index: &[Index]) -> Result<Array, ArrayError> {
        let shape = self.shape();
        let consumed = index.iter().filter(|i| !matches!(i, Index::NewAxis)).count();
        if consumed > shape.len() {
            return Err(ArrayError::Index(format!(
                "too many indices for array: array is {}-dimensional, but {consumed} were indexed",
                shape.len()
            )));
        }
        let mut sels = Vec::with_capacity(index.len() + shape.len() - consumed);
        let mut axis = 0;
        for item in index {
            sels.push(match item {
                Index::NewAxis => Sel::New,
                Index::Int(i) => {
                    let len = shape[axis];
                    let at = normalize_axis(*i, len).map_err(|_| {
                        ArrayError::Index(format!("index {i} is out of bounds for axis {axis} with size {len}"))
                    })?;
                    axis += 1;
                    Sel::At(at)
                }
                Index::Slice { start, stop, step } => {
                    if step.is_some_and(|s| s != 1) {
                        return Err(ArrayError::Index(format!(
                            "slices with a step other than 1 are not supported (axis {axis} has step {})",
                            step.unwrap_or(1)
                        )));
                    }
                    let len = shape[axis] as isize;
                    let clamp = |v: Option<isize>, default: isize| {
                        let v = v.unwrap_or(default);
                        (if v < 0 { v + len } else { v }).clamp(0, len) as usize
                    };
                    let (lo, hi) = (clamp(*start, 0), clamp(*stop, len));
                    if lo >= hi {
                        return Err(ArrayError::Index(format!(
                            "the slice {}:{} selects nothing from axis {axis} of length {len}; \
                             empty arrays are not supported",
                            start.map_or(String::new(), |s| s.to_string()),
                            stop.map_or(String::new(), |s| s.to_string()),
                        )));
                    }
                    axis += 1;
                    Sel::Range(lo, hi)
                }
            });
        }
        sels.extend((axis..shape.len()).map(|a| Sel::Range(0, shape[a])));
        if sels.len() == shape.len() && sels.iter().zip(&shape).all(|(s, &n)| *s == Sel::Range(0, n)) {
            return Ok(self.clone());
        }
        let chunks = out_chunks(self.chunks(), &sels);
        let name = layer_name("getitem", &["getitem", self.name(), &format!("{sels:?}")]);
        Array::from_op(name, chunks, Op::Getitem { input: self.clone(), sels })
    }

    /// Removes an axis of length 1 (`x.squeeze(axis)`), a `getitem` as in Dask.
    pub fn squeeze(&self, axis: isize) -> Result<Array, ArrayError> {
        let a = normalize_axis(axis, self.ndim())?;
        let len = self.shape()[a];
        if len != 1 {
            return Err(ArrayError::Argument(format!(
                "cannot select an axis to squeeze out which has size not equal to one (axis {a} has size {len})"
            )));
        }
        let mut index = vec![Index::FULL; a];
        index.push(Index::Int(0));
        self.getitem(&index)
    }
}

fn out_chunks(chunks: &Chunks, sels: &[Sel]) -> Chunks {
    let mut axes = Vec::new();
    let mut axis = 0;
    for sel in sels {
        match sel {
            Sel::New => axes.push(vec![1]),
            Sel::Range(lo, hi) => {
                axes.push(chunks.touched(axis, *lo..*hi).into_iter().map(|(_, r)| r.len()).collect());
                axis += 1;
            }
            Sel::At(_) => axis += 1,
        }
    }
    Chunks::from_axes(axes)
}

/// Applies a list of NumPy index entries to an array.
pub(crate) fn select(x: ArrayViewD<f64>, elems: Vec<SliceInfoElem>) -> Result<ArrayD<f64>, String> {
    let info = SliceInfo::<_, IxDyn, IxDyn>::try_from(elems).map_err(|e| e.to_string())?;
    if info.in_ndim() != x.ndim() {
        return Err(format!("an index for {} axes applied to a block of {}", info.in_ndim(), x.ndim()));
    }
    Ok(x.slice(info).to_owned())
}

/// A `start..end` slice entry.
pub(crate) fn range_elem(lo: usize, hi: usize) -> SliceInfoElem {
    SliceInfoElem::Slice { start: lo as isize, end: Some(hi as isize), step: 1 }
}

pub(super) fn plan(planner: &mut Planner, array: &Array, input: &Array, sels: &[Sel]) -> Planned {
    let node = array.node();
    let source = planner.plan(input);
    // Per entry, the pieces it yields: (input block, the entry inside that block).
    let mut axis = 0;
    let pieces: Vec<Vec<(Option<usize>, SliceInfoElem)>> = sels
        .iter()
        .map(|sel| match sel {
            Sel::New => vec![(None, SliceInfoElem::NewAxis)],
            Sel::Range(lo, hi) => {
                axis += 1;
                source
                    .chunks
                    .touched(axis - 1, *lo..*hi)
                    .into_iter()
                    .map(|(b, r)| (Some(b), range_elem(r.start, r.end)))
                    .collect()
            }
            Sel::At(i) => {
                axis += 1;
                let (b, local) = source.chunks.block_of(axis - 1, *i).expect("index was bounds-checked");
                vec![(Some(b), SliceInfoElem::Index(local as isize))]
            }
        })
        .collect();
    let counts: Vec<usize> = pieces.iter().map(Vec::len).collect();
    let mut ids = Vec::with_capacity(node.chunks.nblocks());
    for choice in block_indices(&counts) {
        let chosen: Vec<&(Option<usize>, SliceInfoElem)> = choice.iter().zip(&pieces).map(|(&c, p)| &p[c]).collect();
        let from: Vec<usize> =
            chosen.iter().zip(sels).filter(|(_, s)| **s != Sel::New).filter_map(|(p, _)| p.0).collect();
        let out_index: Vec<usize> =
            choice.iter().zip(sels).filter(|(_, s)| !matches!(s, Sel::At(_))).map(|(&c, _)| c).collect();
        let elems: Vec<SliceInfoElem> = chosen.iter().map(|p| p.1).collect();
        let shape = node.chunks.block_shape(&out_index);
        let elements = shape.iter().product();
        let dep = source.keys[IxDyn(&from)];
        let task = Task::new(
            block_key(&node.name, &out_index),
            func_of(&node.name),
            vec![dep],
            CostKind::View,
            elements,
            shape,
        );
        ids.push(planner.add(task, node.held, move |v| select(array_of(v[0])?, elems.clone()).map(Value::array)));
    }
    Planned { name: node.name.clone(), keys: grid(&node.chunks.numblocks(), ids), chunks: node.chunks.clone() }
}
