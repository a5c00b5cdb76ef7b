//! The dense reference: an expression computed directly with `ndarray`, whole arrays and no
//! chunks, so tests can check the chunked graph against it.
//!
//! Matrix products are one `dot` here, not Dask's decomposition. Knows nothing of tasks.

use super::error::ArrayError;
use super::expr::{Array, Op};
use super::{creation, elemwise, getitem, products, reduction, reshape, transpose};
use ndarray::ArrayD;
use std::collections::BTreeMap;

impl Array {
    /// The values of this expression, computed without chunks; refused for arrays too large
    /// to hold.
    pub fn compute_dense(&self) -> Result<ArrayD<f64>, ArrayError> {
        if !self.holds_values() {
            return Err(ArrayError::NotHeld { shape: self.shape() });
        }
        Ok(Dense::default().eval(self))
    }
}

/// Evaluates each distinct node once.
#[derive(Default)]
struct Dense {
    done: BTreeMap<String, ArrayD<f64>>,
}

impl Dense {
    fn eval(&mut self, array: &Array) -> ArrayD<f64> {
        if let Some(v) = self.done.get(array.name()) {
            return v.clone();
        }
        let value = match &array.node().op {
            Op::Source(source) => creation::dense(array, source),
            Op::Elemwise { func, args } => {
                let values: Vec<ArrayD<f64>> = args.iter().filter_map(|a| a.as_array()).map(|a| self.eval(a)).collect();
                elemwise::dense(array, *func, args, &values)
            }
            Op::Transpose { input, axes } => transpose::dense(&self.eval(input), axes),
            Op::Reduce(r) => reduction::dense(&self.eval(&r.input), r, &array.shape()),
            Op::Getitem { input, sels } => getitem::dense(&self.eval(input), sels),
            Op::Reshape { input } => reshape::dense(&self.eval(input), &array.shape()),
            Op::Rechunk { input } => self.eval(input),
            Op::Outer { a, b } => products::dense_outer(&self.eval(a), &self.eval(b)),
            Op::MatmulBlocks { a, b } => products::dense_blocks(&self.eval(a), &self.eval(b), a.chunks().axis(1)),
            Op::Matmul { a, b, .. } => products::dense_matmul(&self.eval(a), &self.eval(b), &array.shape()),
        };
        self.done.insert(array.name().to_string(), value.clone());
        value
    }
}
