//! Elementwise arithmetic with scalars and arrays, with NumPy broadcasting: one task per
//! output block, depending on the matching block of each array operand (block 0 along an
//! axis the operand broadcasts over). Operands whose chunks disagree are first rechunked to
//! common chunks, as Dask's `unify_chunks` does.
//!
//! Knows nothing of scheduling.

use super::chunks::{common_blockdim, ChunkSpec, Chunks};
use super::cost::CostKind;
use super::error::{shape_str, ArrayError};
use super::expr::{Array, Op};
use super::plan::{array_of, block_indices, func_of, grid, Planned, Planner, Task};
use super::token::{block_key, float_part, layer_name};
use crate::value::Value;
use ndarray::{ArrayD, ArrayViewD, IxDyn, Zip};

/// A binary arithmetic operator, named as Dask names its layer (`operator.truediv` → `truediv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
}

impl BinaryOp {
    pub fn func(self) -> &'static str {
        match self {
            BinaryOp::Add => "add",
            BinaryOp::Sub => "sub",
            BinaryOp::Mul => "mul",
            BinaryOp::Div => "truediv",
            BinaryOp::Pow => "pow",
        }
    }

    pub(crate) fn apply(self, x: f64, y: f64) -> f64 {
        match self {
            BinaryOp::Add => x + y,
            BinaryOp::Sub => x - y,
            BinaryOp::Mul => x * y,
            BinaryOp::Div => x / y,
            BinaryOp::Pow => x.powf(y),
        }
    }
}

/// The function of an elementwise layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ElemFunc {
    Binary(BinaryOp),
    Neg,
}

impl ElemFunc {
    fn name(self) -> &'static str {
        match self {
            ElemFunc::Binary(op) => op.func(),
            ElemFunc::Neg => "neg",
        }
    }

    fn cost(self) -> CostKind {
        match self {
            ElemFunc::Binary(BinaryOp::Pow) => CostKind::Power,
            _ => CostKind::Elemwise,
        }
    }
}

/// One side of an arithmetic operation.
#[derive(Clone, Debug)]
pub enum Operand {
    Array(Array),
    Scalar(f64),
}

impl Operand {
    pub(crate) fn as_array(&self) -> Option<&Array> {
        match self {
            Operand::Array(a) => Some(a),
            Operand::Scalar(_) => None,
        }
    }

    fn token_part(&self) -> String {
        match self {
            Operand::Array(a) => a.name().to_string(),
            Operand::Scalar(x) => float_part(*x),
        }
    }
}

impl From<Array> for Operand {
    fn from(a: Array) -> Self {
        Operand::Array(a)
    }
}

impl From<&Array> for Operand {
    fn from(a: &Array) -> Self {
        Operand::Array(a.clone())
    }
}

impl From<f64> for Operand {
    fn from(x: f64) -> Self {
        Operand::Scalar(x)
    }
}

impl Array {
    /// `lhs <op> rhs` with NumPy broadcasting; at least one side must be an array.
    pub fn elemwise(op: BinaryOp, lhs: impl Into<Operand>, rhs: impl Into<Operand>) -> Result<Array, ArrayError> {
        build(ElemFunc::Binary(op), vec![lhs.into(), rhs.into()])
    }

    pub fn add(&self, rhs: impl Into<Operand>) -> Result<Array, ArrayError> {
        Array::elemwise(BinaryOp::Add, self, rhs)
    }

    pub fn sub(&self, rhs: impl Into<Operand>) -> Result<Array, ArrayError> {
        Array::elemwise(BinaryOp::Sub, self, rhs)
    }

    pub fn mul(&self, rhs: impl Into<Operand>) -> Result<Array, ArrayError> {
        Array::elemwise(BinaryOp::Mul, self, rhs)
    }

    pub fn div(&self, rhs: impl Into<Operand>) -> Result<Array, ArrayError> {
        Array::elemwise(BinaryOp::Div, self, rhs)
    }

    pub fn pow(&self, rhs: impl Into<Operand>) -> Result<Array, ArrayError> {
        Array::elemwise(BinaryOp::Pow, self, rhs)
    }

    /// `-x`.
    pub fn neg(&self) -> Array {
        build(ElemFunc::Neg, vec![Operand::Array(self.clone())]).expect("negation keeps the grid of an existing array")
    }
}

/// NumPy's broadcast of several shapes (aligned from the right; 1 stretches).
fn broadcast_shapes(shapes: &[Vec<usize>]) -> Result<Vec<usize>, ArrayError> {
    let ndim = shapes.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = vec![1; ndim];
    for shape in shapes {
        for (i, &n) in shape.iter().enumerate() {
            let o = &mut out[ndim - shape.len() + i];
            if *o == 1 {
                *o = n;
            } else if n != 1 && n != *o {
                let all: Vec<String> = shapes.iter().map(|s| shape_str(s)).collect();
                return Err(ArrayError::Shape(format!(
                    "operands could not be broadcast together with shapes {}",
                    all.join(" ")
                )));
            }
        }
    }
    Ok(out)
}

fn build(func: ElemFunc, args: Vec<Operand>) -> Result<Array, ArrayError> {
    let arrays: Vec<&Array> = args.iter().filter_map(Operand::as_array).collect();
    if arrays.is_empty() {
        return Err(ArrayError::Argument(format!("{} needs at least one array operand", func.name())));
    }
    let shapes: Vec<Vec<usize>> = arrays.iter().map(|a| a.shape()).collect();
    let shape = broadcast_shapes(&shapes)?;
    let ndim = shape.len();
    // Common chunks per output axis, from the operands that do not broadcast along it.
    let mut axes = Vec::with_capacity(ndim);
    for (o, &len) in shape.iter().enumerate() {
        let dims: Vec<&[usize]> = arrays
            .iter()
            .filter_map(|a| {
                let n = o.checked_sub(ndim - a.ndim())?;
                (a.shape()[n] == len).then(|| a.chunks().axis(n))
            })
            .collect();
        axes.push(if len == 1 { vec![1] } else { common_blockdim(&dims) });
    }
    let mut unified = Vec::with_capacity(args.len());
    for arg in args {
        unified.push(match arg {
            Operand::Array(a) => {
                let offset = ndim - a.ndim();
                let shape_a = a.shape();
                let target: Vec<Vec<usize>> =
                    (0..a.ndim()).map(|n| if shape_a[n] == 1 { vec![1] } else { axes[n + offset].clone() }).collect();
                let target = Chunks::from_axes(target);
                if &target == a.chunks() {
                    Operand::Array(a)
                } else {
                    Operand::Array(a.rechunk(&ChunkSpec::from(target))?)
                }
            }
            scalar => scalar,
        });
    }
    let parts: Vec<String> =
        std::iter::once(func.name().to_string()).chain(unified.iter().map(Operand::token_part)).collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    let name = layer_name(func.name(), &parts);
    Array::from_op(name, Chunks::from_axes(axes), Op::Elemwise { func, args: unified })
}

/// An operand as a kernel sees it.
enum Arg<'a> {
    Block(ArrayViewD<'a, f64>),
    Scalar(f64),
}

/// An array operand stretched to `shape`; `None` for a scalar.
fn stretch<'a>(arg: &'a Arg, shape: &[usize]) -> Result<Option<ArrayViewD<'a, f64>>, String> {
    match arg {
        Arg::Block(b) => b.broadcast(IxDyn(shape)).map(Some).ok_or_else(|| {
            format!("cannot broadcast a block of shape {} to {}", shape_str(b.shape()), shape_str(shape))
        }),
        Arg::Scalar(_) => Ok(None),
    }
}

/// Applies `func` to broadcast operands, giving an array of `shape`.
fn apply(func: ElemFunc, args: &[Arg], shape: &[usize]) -> Result<ArrayD<f64>, String> {
    match (func, args) {
        (ElemFunc::Neg, [x]) => stretch(x, shape)?.map(|v| v.mapv(|x| -x)).ok_or_else(|| "neg of a scalar".to_string()),
        (ElemFunc::Binary(op), [x, y]) => Ok(match (stretch(x, shape)?, stretch(y, shape)?, x, y) {
            (Some(a), Some(b), _, _) => Zip::from(&a).and(&b).map_collect(|&p, &q| op.apply(p, q)),
            (Some(a), None, _, Arg::Scalar(s)) => a.mapv(|p| op.apply(p, *s)),
            (None, Some(b), Arg::Scalar(s), _) => b.mapv(|q| op.apply(*s, q)),
            _ => return Err("an elementwise task needs an array operand".to_string()),
        }),
        _ => Err(format!("{} got {} operands", func.name(), args.len())),
    }
}

pub(super) fn plan(planner: &mut Planner, array: &Array, func: ElemFunc, args: &[Operand]) -> Planned {
    let node = array.node();
    let ndim = array.ndim();
    let inputs: Vec<Option<(Planned, Vec<usize>)>> =
        args.iter().map(|arg| arg.as_array().map(|a| (planner.plan(a), a.shape()))).collect();
    // For the kernel: which operands are arrays, and the scalars.
    let layout: Vec<Option<f64>> =
        args.iter().map(|a| if let Operand::Scalar(s) = a { Some(*s) } else { None }).collect();
    let numblocks = node.chunks.numblocks();
    let mut ids = Vec::with_capacity(node.chunks.nblocks());
    for index in block_indices(&numblocks) {
        let deps = inputs
            .iter()
            .flatten()
            .map(|(p, shape)| {
                let offset = ndim - shape.len();
                let block: Vec<usize> =
                    (0..shape.len()).map(|n| if shape[n] == 1 { 0 } else { index[n + offset] }).collect();
                p.keys[IxDyn(&block)]
            })
            .collect();
        let shape = node.chunks.block_shape(&index);
        let elements = shape.iter().product();
        let task =
            Task::new(block_key(&node.name, &index), func_of(&node.name), deps, func.cost(), elements, shape.clone());
        let layout = layout.clone();
        ids.push(planner.add(task, node.held, move |values| {
            let mut blocks = values.iter();
            let mut args = Vec::with_capacity(layout.len());
            for slot in &layout {
                args.push(match slot {
                    Some(s) => Arg::Scalar(*s),
                    None => Arg::Block(array_of(blocks.next().ok_or("missing operand")?)?),
                });
            }
            apply(func, &args, &shape).map(Value::array)
        }));
    }
    Planned { name: node.name.clone(), keys: grid(&numblocks, ids), chunks: node.chunks.clone() }
}
