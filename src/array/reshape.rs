//! `x.reshape(shape)` and `x.flatten()` where the chunks allow it without moving data between
//! blocks: one `reshape` task per block. Anything else is refused with the rechunk that would
//! make it possible (Dask would insert that rechunk itself).
//!
//! The axes of both shapes fall into groups with equal products (`(4, 6) → (24,)`,
//! `(64,) → (8, 8)`). Within a group, the first axis longer than 1 may have several blocks and
//! every later axis must be one block; then each block is a contiguous run of the group, and
//! output blocks match input blocks one to one, in order. Knows nothing of scheduling.

use super::chunks::Chunks;
use super::cost::CostKind;
use super::error::{shape_str, ArrayError};
use super::expr::{Array, Op};
use super::plan::{array_of, block_indices, func_of, grid, Planned, Planner, Task};
use super::token::{block_key, layer_name};
use crate::value::Value;
use ndarray::{ArrayD, ArrayViewD, IxDyn};

impl Array {
    /// `x.reshape(shape)`; one entry may be `-1` (whatever is left).
    pub fn reshape(&self, shape: &[isize]) -> Result<Array, ArrayError> {
        let from = self.shape();
        let size = self.size();
        let known: usize = shape.iter().filter(|&&s| s != -1).map(|&s| s.max(0) as usize).product();
        let unknown = shape.iter().filter(|&&s| s == -1).count();
        let bad = || {
            let given: Vec<String> = shape.iter().map(|s| s.to_string()).collect();
            ArrayError::Shape(format!(
                "cannot reshape an array of shape {} into shape ({})",
                shape_str(&from),
                given.join(", ")
            ))
        };
        if unknown > 1 || shape.iter().any(|&s| s == 0 || s < -1) || known == 0 || size % known != 0 {
            return Err(bad());
        }
        let to: Vec<usize> = shape.iter().map(|&s| if s == -1 { size / known } else { s as usize }).collect();
        if to.iter().product::<usize>() != size {
            return Err(bad());
        }
        if to == from {
            return Ok(self.clone());
        }
        let chunks = reshaped_chunks(self.chunks(), &to)?;
        let name = layer_name("reshape", &["reshape", self.name(), &shape_str(&to)]);
        Array::from_op(name, chunks, Op::Reshape { input: self.clone() })
    }

    /// `x.flatten()`: `x.reshape(-1)`.
    pub fn flatten(&self) -> Result<Array, ArrayError> {
        self.reshape(&[-1])
    }
}

/// The output chunks of a block-to-block reshape, or why there are none.
fn reshaped_chunks(chunks: &Chunks, to: &[usize]) -> Result<Chunks, ArrayError> {
    let from = chunks.shape();
    let mut out: Vec<Vec<usize>> = Vec::with_capacity(to.len());
    let (mut i, mut j) = (0, 0);
    while i < from.len() || j < to.len() {
        let (i0, j0) = (i, j);
        let (mut pi, mut pj) = (1usize, 1usize);
        if i < from.len() {
            pi *= from[i];
            i += 1;
        }
        if j < to.len() {
            pj *= to[j];
            j += 1;
        }
        while pi != pj {
            if pi < pj {
                pi *= from[i];
                i += 1;
            } else {
                pj *= to[j];
                j += 1;
            }
        }
        // The carrying axes: the first longer than 1 on each side.
        let carry_in = (i0..i).find(|&a| from[a] > 1);
        let carry_out = (j0..j).find(|&a| to[a] > 1);
        let blocks: Vec<usize> = match carry_in {
            Some(c) => {
                if let Some(late) = (c + 1..i).find(|&a| chunks.axis(a).len() > 1) {
                    return Err(incompatible(chunks, to, format!("axis {late} must be a single chunk"), late));
                }
                let inner_in: usize = from[c + 1..i].iter().product();
                let inner_out: usize = carry_out.map_or(1, |c| to[c + 1..j].iter().product());
                let mut sizes = Vec::with_capacity(chunks.axis(c).len());
                for &b in chunks.axis(c) {
                    if b * inner_in % inner_out != 0 {
                        return Err(incompatible(
                            chunks,
                            to,
                            format!(
                                "the chunks of axis {c}, {}, would have to be multiples of {}",
                                shape_str(chunks.axis(c)),
                                inner_out / gcd(inner_out, inner_in)
                            ),
                            c,
                        ));
                    }
                    sizes.push(b * inner_in / inner_out);
                }
                sizes
            }
            None => vec![1],
        };
        for (a, &len) in to.iter().enumerate().take(j).skip(j0) {
            out.push(if Some(a) == carry_out { blocks.clone() } else { vec![len] });
        }
    }
    Ok(Chunks::from_axes(out))
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

fn incompatible(chunks: &Chunks, to: &[usize], why: String, axis: usize) -> ArrayError {
    let mut hint: Vec<String> = chunks.axes().iter().map(|a| a[0].to_string()).collect();
    hint[axis] = "-1".to_string();
    ArrayError::Reshape(format!(
        "cannot reshape {} with chunks {chunks} to {} without moving data between chunks: {why}; \
         rechunk first, e.g. x.rechunk(({}))",
        shape_str(&chunks.shape()),
        shape_str(to),
        hint.join(", ")
    ))
}

fn reshape_block(x: ArrayViewD<f64>, shape: &[usize]) -> Result<ArrayD<f64>, String> {
    x.to_shape(IxDyn(shape)).map(|c| c.into_owned()).map_err(|e| e.to_string())
}

pub(super) fn plan(planner: &mut Planner, array: &Array, input: &Array) -> Planned {
    let node = array.node();
    let source = planner.plan(input);
    let from: Vec<_> = source.keys.iter().copied().collect();
    let numblocks = node.chunks.numblocks();
    let mut ids = Vec::with_capacity(from.len());
    // Blocks correspond one to one in row-major order.
    for (index, dep) in block_indices(&numblocks).zip(from) {
        let shape = node.chunks.block_shape(&index);
        let elements = shape.iter().product();
        let task = Task::new(
            block_key(&node.name, &index),
            func_of(&node.name),
            vec![dep],
            CostKind::View,
            elements,
            shape.clone(),
        );
        ids.push(planner.add(task, node.held, move |v| reshape_block(array_of(v[0])?, &shape).map(Value::array)));
    }
    Planned { name: node.name.clone(), keys: grid(&numblocks, ids), chunks: node.chunks.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(axes: &[&[usize]]) -> Chunks {
        Chunks::new(axes.iter().map(|a| a.to_vec()).collect()).unwrap()
    }

    #[test]
    fn merging_axes_keeps_the_blocks_of_the_first() {
        let c = reshaped_chunks(&chunks(&[&[4, 4], &[8]]), &[64]).unwrap();
        assert_eq!(c.to_string(), "((32, 32),)");
    }

    #[test]
    fn splitting_an_axis_divides_its_blocks() {
        let c = reshaped_chunks(&chunks(&[&[32, 32]]), &[8, 8]).unwrap();
        assert_eq!(c.to_string(), "((4, 4), (8,))");
        let c = reshaped_chunks(&chunks(&[&[2, 2], &[6]]), &[2, 2, 6]).unwrap();
        assert_eq!(c.to_string(), "((1, 1), (2,), (6,))");
    }

    #[test]
    fn length_one_axes_come_and_go_freely() {
        let c = reshaped_chunks(&chunks(&[&[2, 2], &[1], &[3, 3]]), &[4, 6]).unwrap();
        assert_eq!(c.to_string(), "((2, 2), (3, 3))");
        let c = reshaped_chunks(&chunks(&[&[2, 2]]), &[1, 4, 1]).unwrap();
        assert_eq!(c.to_string(), "((1,), (2, 2), (1,))");
    }

    #[test]
    fn blocks_that_would_mix_are_refused_with_a_rechunk_to_try() {
        let err = reshaped_chunks(&chunks(&[&[4, 4], &[4, 4]]), &[64]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot reshape (8, 8) with chunks ((4, 4), (4, 4)) to (64,) without moving data between chunks: \
             axis 1 must be a single chunk; rechunk first, e.g. x.rechunk((4, -1))"
        );
        let err = reshaped_chunks(&chunks(&[&[5, 5, 6]]), &[4, 4]).unwrap_err();
        assert!(err.to_string().contains("multiples of 4"), "{err}");
    }
}
