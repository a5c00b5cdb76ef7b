//! `x.T` and `x.transpose(axes)`: `blockwise(np.transpose)`, one task per block, output block
//! `(j, i)` reading input block `(i, j)`.
//!
//! Knows nothing of scheduling.

use super::cost::CostKind;
use super::error::{normalize_axis, ArrayError};
use super::expr::{Array, Op};
use super::plan::{array_of, block_indices, func_of, grid, Planned, Planner, Task};
use super::token::{block_key, layer_name};
use crate::value::Value;
use ndarray::{ArrayD, ArrayViewD, IxDyn};

impl Array {
    /// `x.T`: the axes reversed.
    pub fn t(&self) -> Array {
        let axes: Vec<isize> = (0..self.ndim() as isize).rev().collect();
        self.transpose(Some(&axes)).expect("reversing the axes keeps the blocks of an existing array")
    }

    /// `x.transpose(axes)`; `None` reverses the axes. Axes may count from the end.
    pub fn transpose(&self, axes: Option<&[isize]>) -> Result<Array, ArrayError> {
        let ndim = self.ndim();
        let axes: Vec<usize> = match axes {
            None => (0..ndim).rev().collect(),
            Some(given) => {
                if given.len() != ndim {
                    return Err(ArrayError::Argument(format!(
                        "axes don't match array: {} axes given for an array of dimension {ndim}",
                        given.len()
                    )));
                }
                let axes = given.iter().map(|&a| normalize_axis(a, ndim)).collect::<Result<Vec<_>, _>>()?;
                let mut seen = axes.clone();
                seen.sort_unstable();
                seen.dedup();
                if seen.len() != ndim {
                    return Err(ArrayError::Argument(format!("repeated axis in transpose: {given:?}")));
                }
                axes
            }
        };
        let name = layer_name("transpose", &["transpose", self.name(), &format!("{axes:?}")]);
        let chunks = self.chunks().permuted(&axes);
        Array::from_op(name, chunks, Op::Transpose { input: self.clone(), axes })
    }
}

fn permute(x: ArrayViewD<f64>, axes: &[usize]) -> ArrayD<f64> {
    x.permuted_axes(IxDyn(axes)).as_standard_layout().into_owned()
}

pub(super) fn plan(planner: &mut Planner, array: &Array, input: &Array, axes: &[usize]) -> Planned {
    let node = array.node();
    let source = planner.plan(input);
    let numblocks = node.chunks.numblocks();
    let mut ids = Vec::with_capacity(node.chunks.nblocks());
    for index in block_indices(&numblocks) {
        // Output axis d is input axis axes[d].
        let mut from = vec![0; axes.len()];
        for (d, &a) in axes.iter().enumerate() {
            from[a] = index[d];
        }
        let shape = node.chunks.block_shape(&index);
        let elements = shape.iter().product();
        let dep = source.keys[IxDyn(&from)];
        let task =
            Task::new(block_key(&node.name, &index), func_of(&node.name), vec![dep], CostKind::View, elements, shape);
        let axes = axes.to_vec();
        ids.push(planner.add(task, node.held, move |v| Ok(Value::array(permute(array_of(v[0])?, &axes)))));
    }
    Planned { name: node.name.clone(), keys: grid(&numblocks, ids), chunks: node.chunks.clone() }
}
