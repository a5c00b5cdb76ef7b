//! The dense reference: an expression computed directly with `ndarray`, whole arrays and no
//! chunks, so tests can check the chunked graph against it.
//!
//! Written apart from the chunk kernels on purpose — NumPy-style operators with broadcasting,
//! `sum_axis`/`mean_axis`, one `dot` for a matrix product — so a mistake in a kernel does not
//! hide in the reference too. Only the constructors' data and index slicing are shared.
//! Knows nothing of tasks.

use super::elemwise::{BinaryOp, ElemFunc, Operand};
use super::error::ArrayError;
use super::expr::{Array, Op};
use super::getitem::{range_elem, select, Sel};
use super::reduction::Reduction;
use ndarray::{s, Array3, ArrayD, Axis, Ix2, IxDyn, SliceInfoElem, Zip};
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
        let shape = array.shape();
        let value = match &array.node().op {
            Op::Source(source) => source.region(&shape, &vec![0; shape.len()], &shape),
            Op::Elemwise { func, args } => {
                let mut values: Vec<ArrayD<f64>> = args
                    .iter()
                    .map(|a| match a {
                        Operand::Array(a) => self.eval(a),
                        Operand::Scalar(s) => ArrayD::from_elem(IxDyn(&[]), *s),
                    })
                    .collect();
                match (func, values.as_mut_slice()) {
                    (ElemFunc::Neg, [x]) => -&*x,
                    (ElemFunc::Binary(op), [x, y]) => binary(*op, x, y, &shape),
                    _ => unreachable!("elementwise nodes have one or two operands"),
                }
            }
            Op::Transpose { input, axes } => {
                self.eval(input).permuted_axes(IxDyn(axes)).as_standard_layout().into_owned()
            }
            Op::Reduce(r) => reduce(self.eval(&r.input), &r.axes, r.reduction),
            Op::Getitem { input, sels } => {
                let elems = sels
                    .iter()
                    .map(|s| match s {
                        Sel::New => SliceInfoElem::NewAxis,
                        Sel::Range(lo, hi) => range_elem(*lo, *hi),
                        Sel::At(i) => SliceInfoElem::Index(*i as isize),
                    })
                    .collect();
                select(self.eval(input).view(), elems).expect("the index was checked against the shape")
            }
            Op::Reshape { input } => self.eval(input).to_shape(IxDyn(&shape)).expect("sizes were checked").into_owned(),
            Op::Rechunk { input } => self.eval(input),
            Op::Outer { a, b } => {
                let (a, b) = (self.eval(a), self.eval(b));
                &a.view().insert_axis(Axis(1)) * &b.view().insert_axis(Axis(0))
            }
            Op::MatmulBlocks { a, b } => {
                let k_chunks = a.chunks().axis(1).to_vec();
                let (a, b) = (matrix(self.eval(a)), matrix(self.eval(b)));
                let mut out = Array3::zeros((a.nrows(), k_chunks.len(), b.ncols()));
                let mut start = 0;
                for (k, &len) in k_chunks.iter().enumerate() {
                    let part = a.slice(s![.., start..start + len]).dot(&b.slice(s![start..start + len, ..]));
                    out.index_axis_mut(Axis(1), k).assign(&part);
                    start += len;
                }
                out.into_dyn()
            }
            Op::Matmul { a, b, .. } => {
                let (a, b) = (self.eval(a), self.eval(b));
                // NumPy promotes vectors to matrices, then drops the added axes.
                let a = if a.ndim() == 1 { a.insert_axis(Axis(0)) } else { a };
                let b = if b.ndim() == 1 { b.insert_axis(Axis(1)) } else { b };
                let product = matrix(a).dot(&matrix(b)).into_dyn();
                product.into_shape_with_order(IxDyn(&shape)).expect("only length-1 axes are dropped")
            }
        };
        self.done.insert(array.name().to_string(), value.clone());
        value
    }
}

fn matrix(x: ArrayD<f64>) -> ndarray::Array2<f64> {
    x.into_dimensionality::<Ix2>().expect("matmul operands are matrices")
}

/// NumPy's binary operators with broadcasting (scalars are 0-d arrays).
fn binary(op: BinaryOp, x: &ArrayD<f64>, y: &ArrayD<f64>, shape: &[usize]) -> ArrayD<f64> {
    match op {
        BinaryOp::Add => x + y,
        BinaryOp::Sub => x - y,
        BinaryOp::Mul => x * y,
        BinaryOp::Div => x / y,
        BinaryOp::Pow => {
            let (x, y) = (x.broadcast(IxDyn(shape)).expect("checked"), y.broadcast(IxDyn(shape)).expect("checked"));
            Zip::from(&x).and(&y).map_collect(|a, b| a.powf(*b))
        }
    }
}

/// A reduction over `axes` (sorted), as NumPy computes it; min and max propagate NaN.
fn reduce(x: ArrayD<f64>, axes: &[usize], reduction: Reduction) -> ArrayD<f64> {
    let nan_aware = |pick: fn(f64, f64) -> f64| {
        move |a: &f64, b: &f64| if a.is_nan() || b.is_nan() { f64::NAN } else { pick(*a, *b) }
    };
    axes.iter().rev().fold(x, |acc, &a| match reduction {
        Reduction::Sum | Reduction::ChunkSum => acc.sum_axis(Axis(a)),
        Reduction::Mean => acc.mean_axis(Axis(a)).expect("axes are not empty"),
        Reduction::Min => acc.fold_axis(Axis(a), f64::INFINITY, nan_aware(f64::min)),
        Reduction::Max => acc.fold_axis(Axis(a), f64::NEG_INFINITY, nan_aware(f64::max)),
    })
}
