//! `x.rechunk(chunks)` by Dask's task method: a plan of one or more steps (`steps.rs`), each a
//! layer where every new block is a `rechunk-merge` task and every piece of an old block that
//! is not a whole block is a `rechunk-split` task (`getitem` of the old block).
//!
//! As in Dask's `_compute_rechunk`, a new block made of one piece is an alias of that piece
//! (still a `rechunk-merge` key, doing no work), whole old blocks are read directly, and split
//! keys are `('rechunk-split-<token>', n)` numbered over all pieces in order (so whole-block
//! pieces leave gaps in the numbering). The p2p method is not modelled. Knows nothing of
//! scheduling.

mod steps;

use super::chunks::{ChunkSpec, Chunks};
use super::cost::CostKind;
use super::error::ArrayError;
use super::expr::{Array, Op};
use super::getitem::{range_elem, select};
use super::plan::{array_of, block_indices, grid, Planned, Planner, Task};
use super::token::{block_key, token};
use crate::value::Value;
use ndarray::{ArrayD, IxDyn, SliceInfo, SliceInfoElem};
use std::ops::Range;

impl Array {
    /// `x.rechunk(chunks)`; `Keep` (`None`) axes keep their chunks.
    pub fn rechunk(&self, spec: &ChunkSpec) -> Result<Array, ArrayError> {
        let target = Chunks::normalize(spec, &self.shape(), Some(self.chunks()))?;
        let mut x = self.clone();
        if &target == self.chunks() {
            return Ok(x);
        }
        for step in steps::plan_rechunk(self.chunks(), &target) {
            let token = token(&["rechunk", x.name(), &step.to_string()]);
            x = Array::from_op(format!("rechunk-merge-{token}"), step, Op::Rechunk { input: x })?;
        }
        Ok(x)
    }
}

/// For each new block along one axis: the old blocks it takes from, and which part of each.
fn old_to_new(old: &[usize], new: &[usize]) -> Vec<Vec<(usize, Range<usize>)>> {
    let old_chunks = Chunks::from_axes(vec![old.to_vec()]);
    let mut start = 0;
    new.iter()
        .map(|&len| {
            let pieces = old_chunks.touched(0, start..start + len);
            start += len;
            pieces
        })
        .collect()
}

pub(super) fn plan(planner: &mut Planner, array: &Array, input: &Array) -> Planned {
    let node = array.node();
    let source = planner.plan(input);
    let token = node.name.trim_start_matches("rechunk-merge-");
    let split_name = format!("rechunk-split-{token}");
    let per_axis: Vec<_> =
        (0..node.chunks.ndim()).map(|a| old_to_new(source.chunks.axis(a), node.chunks.axis(a))).collect();
    let numblocks = node.chunks.numblocks();
    let mut splits = 0;
    let mut ids = Vec::with_capacity(node.chunks.nblocks());
    for index in block_indices(&numblocks) {
        let axes: Vec<&Vec<(usize, Range<usize>)>> = per_axis.iter().zip(&index).map(|(a, &i)| &a[i]).collect();
        let counts: Vec<usize> = axes.iter().map(|p| p.len()).collect();
        let mut deps = Vec::new();
        let mut regions = Vec::new();
        for choice in block_indices(&counts) {
            let old: Vec<usize> = choice.iter().zip(&axes).map(|(&c, p)| p[c].0).collect();
            let ranges: Vec<Range<usize>> = choice.iter().zip(&axes).map(|(&c, p)| p[c].1.clone()).collect();
            let whole = ranges.iter().zip(source.chunks.block_shape(&old)).all(|(r, n)| r.start == 0 && r.end == n);
            let old_id = source.keys[IxDyn(&old)];
            let piece_shape: Vec<usize> = ranges.iter().map(Range::len).collect();
            let elements = piece_shape.iter().product();
            deps.push(if whole {
                old_id
            } else {
                let elems: Vec<SliceInfoElem> = ranges.iter().map(|r| range_elem(r.start, r.end)).collect();
                let task = Task::new(
                    block_key(&split_name, &[splits]),
                    "rechunk-split",
                    vec![old_id],
                    CostKind::Split,
                    elements,
                    piece_shape,
                );
                planner.add(task, node.held, move |v| select(array_of(v[0])?, elems.clone()).map(Value::array))
            });
            splits += 1;
            // Where this piece lands inside the new block.
            let at: Vec<usize> =
                choice.iter().zip(&axes).map(|(&c, p)| p[..c].iter().map(|(_, r)| r.len()).sum()).collect();
            regions.push(at.iter().zip(&ranges).map(|(&o, r)| range_elem(o, o + r.len())).collect::<Vec<_>>());
        }
        let shape = node.chunks.block_shape(&index);
        let elements = shape.iter().product();
        let key = block_key(&node.name, &index);
        let id = if deps.len() == 1 {
            let task = Task::new(key, "rechunk-merge", deps, CostKind::Alias, elements, shape);
            planner.add(task, node.held, |v| Ok(v[0].clone()))
        } else {
            let task = Task::new(key, "rechunk-merge", deps, CostKind::Concatenate, elements, shape.clone());
            planner.add(task, node.held, move |v| concatenate(v, &regions, &shape).map(Value::array))
        };
        ids.push(id);
    }
    Planned { name: node.name.clone(), keys: grid(&numblocks, ids), chunks: node.chunks.clone() }
}

/// Stitches pieces into a new block, each into its region.
fn concatenate(pieces: &[&Value], regions: &[Vec<SliceInfoElem>], shape: &[usize]) -> Result<ArrayD<f64>, String> {
    let mut out = ArrayD::zeros(IxDyn(shape));
    for (piece, region) in pieces.iter().zip(regions) {
        let info = SliceInfo::<_, IxDyn, IxDyn>::try_from(region.clone()).map_err(|e| e.to_string())?;
        let mut target = out.slice_mut(info);
        let piece = array_of(piece)?;
        if target.shape() != piece.shape() {
            return Err(format!("a piece of shape {:?} does not fit its region {:?}", piece.shape(), target.shape()));
        }
        target.assign(&piece);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_new_block_knows_the_old_pieces_it_is_made_of() {
        // Dask's docstring example: old (10,)*5, new (25, 5, 20).
        let pieces = old_to_new(&[10, 10, 10, 10, 10], &[25, 5, 20]);
        assert_eq!(pieces[0], vec![(0, 0..10), (1, 0..10), (2, 0..5)]);
        assert_eq!(pieces[1], vec![(2, 5..10)]);
        assert_eq!(pieces[2], vec![(3, 0..10), (4, 0..10)]);
    }
}
