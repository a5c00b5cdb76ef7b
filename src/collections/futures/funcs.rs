//! The functions a client program may submit, each with a cost model (time, result size,
//! whether it holds the GIL) and a real kernel: `inc`, `dec`, `double`, `add`, `mul`, `slowinc`,
//! `sum`, `len`, `shape_of` (and `lambda a: a.shape`), `np.random.random`, `np.ones`.
//!
//! Knows nothing of keys or the client; `futures` wires these into tasks.

use crate::rng::Rng;
use crate::time::SimDuration;
use crate::value::Value;

/// A known function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Func {
    Inc,
    /// Lecture 003's `def func(x): return x + 1`.
    PlusOne,
    Dec,
    Double,
    Add,
    /// `operator.mul`: `x * y`.
    Mul,
    SlowInc,
    Sum,
    Len,
    /// `shape_of(a)`, or a lambda returning `a.shape` (`lambda` is its Dask funcname).
    Shape { lambda: bool },
    Random,
    Ones,
}

/// Largest array whose values are made for real; larger ones are held as a shape only.
pub(crate) const MAX_HELD: usize = 1 << 20;

impl Func {
    pub(crate) fn lookup(name: &str) -> Option<Func> {
        Some(match name {
            "inc" => Func::Inc,
            "func" => Func::PlusOne,
            "dec" => Func::Dec,
            "double" => Func::Double,
            "add" => Func::Add,
            "mul" | "operator.mul" => Func::Mul,
            "slowinc" => Func::SlowInc,
            "sum" => Func::Sum,
            "len" => Func::Len,
            "shape_of" => Func::Shape { lambda: false },
            "np.random.random" | "numpy.random.random" | "da.random.random" => Func::Random,
            "np.ones" | "numpy.ones" => Func::Ones,
            _ => return None,
        })
    }

    pub(crate) const KNOWN: &'static str =
        "inc, func (x + 1), dec, double, add, mul, slowinc, sum, len, shape_of, np.random.random, np.ones, lambda a: a.shape";

    /// Dask's `funcname`: what the key starts with.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Func::Inc => "inc",
            Func::PlusOne => "func",
            Func::Dec => "dec",
            Func::Double => "double",
            Func::Add => "add",
            Func::Mul => "mul",
            Func::SlowInc => "slowinc",
            Func::Sum => "sum",
            Func::Len => "len",
            Func::Shape { lambda: false } => "shape_of",
            Func::Shape { lambda: true } => "lambda",
            Func::Random => "random",
            Func::Ones => "ones",
        }
    }

    /// How many positional arguments it takes.
    pub(crate) fn arity(self) -> usize {
        match self {
            Func::Add | Func::Mul => 2,
            _ => 1,
        }
    }

    /// Time on one thread, result size, and whether it holds the GIL, for these arguments.
    pub(crate) fn cost(self, args: &[Shape], delay: Option<f64>) -> (SimDuration, u64, bool) {
        let elements = |s: &Shape| s.elements();
        match self {
            // Pure Python arithmetic: a millisecond of interpreter, a small int back.
            Func::Inc | Func::PlusOne | Func::Dec | Func::Double | Func::Add | Func::Mul => (SimDuration::from_millis(1), 28, true),
            // Python code that keeps the interpreter busy for `delay` seconds (1 s by default).
            Func::SlowInc => (SimDuration::from_secs_f64(delay.unwrap_or(1.0)), 28, true),
            Func::Sum => {
                let n: u64 = args.iter().map(|a| a.len() as u64).sum();
                (SimDuration::from_micros(10 + n), 28, true)
            }
            Func::Len | Func::Shape { .. } => (SimDuration::from_micros(10), 64, true),
            // NumPy fills about a gigabyte a second and releases the GIL.
            Func::Random | Func::Ones => {
                let n = args.first().map_or(1, elements) as u64;
                (SimDuration::from_micros((n * 8 / 1000).max(1)), n * 8, false)
            }
        }
    }

    /// The static shape of the result, when it is an array.
    pub(crate) fn result_shape(self, args: &[Shape]) -> Shape {
        match self {
            Func::Random | Func::Ones => match args.first() {
                Some(Shape::Dims(d)) => Shape::Array(d.clone()),
                Some(Shape::Number) => Shape::Array(vec![1]),
                _ => Shape::Number,
            },
            _ => Shape::Number,
        }
    }

    /// Computes the result from the argument values.
    pub(crate) fn apply(self, args: &[Value], seed: u64) -> Result<Value, String> {
        let num = |v: &Value| match v {
            Value::Scalar(x) => Ok(*x),
            other => Err(format!("{} expects a number, got {other}", self.name())),
        };
        match self {
            Func::Inc | Func::PlusOne | Func::SlowInc => Ok(Value::Scalar(num(&args[0])? + 1.0)),
            Func::Dec => Ok(Value::Scalar(num(&args[0])? - 1.0)),
            Func::Double => Ok(Value::Scalar(2.0 * num(&args[0])?)),
            Func::Add => Ok(Value::Scalar(num(&args[0])? + num(&args[1])?)),
            Func::Mul => Ok(Value::Scalar(num(&args[0])? * num(&args[1])?)),
            Func::Sum => match &args[0] {
                Value::Tuple(items) => items.iter().map(num).sum::<Result<f64, String>>().map(Value::Scalar),
                Value::Array(a) => Ok(Value::Scalar(a.sum())),
                other => Err(format!("sum expects a list of numbers, got {other}")),
            },
            Func::Len => match &args[0] {
                Value::Tuple(items) => Ok(Value::Scalar(items.len() as f64)),
                v => v.shape().and_then(|s| s.first().copied()).map(|n| Value::Scalar(n as f64)).ok_or_else(|| format!("len() of {v}")),
            },
            Func::Shape { .. } => match args[0].shape() {
                Some(s) => Ok(Value::Tuple(s.into_iter().map(|n| Value::Scalar(n as f64)).collect())),
                None => Err(format!("{} has no shape", args[0])),
            },
            Func::Random | Func::Ones => {
                let dims = match &args[0] {
                    Value::Scalar(n) => vec![*n as usize],
                    Value::Tuple(items) => items.iter().map(|v| num(v).map(|x| x as usize)).collect::<Result<_, _>>()?,
                    other => return Err(format!("{} expects a shape, got {other}", self.name())),
                };
                let n: usize = dims.iter().product();
                if n > MAX_HELD {
                    return Ok(Value::Virtual { shape: dims });
                }
                let mut rng = Rng::new(seed);
                let data: Vec<f64> = (0..n).map(|_| if self == Func::Ones { 1.0 } else { rng.next_f64() }).collect();
                let a = ndarray::ArrayD::from_shape_vec(ndarray::IxDyn(&dims), data).map_err(|e| e.to_string())?;
                Ok(Value::array(a))
            }
        }
    }
}

/// What is known about a value before anything runs.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Shape {
    Number,
    /// A tuple of numbers used as a shape, e.g. `(10000, 10000)`.
    Dims(Vec<usize>),
    /// A list of values (e.g. a list of futures).
    List(usize),
    Array(Vec<usize>),
}

impl Shape {
    fn elements(&self) -> usize {
        match self {
            Shape::Dims(d) | Shape::Array(d) => d.iter().product(),
            Shape::List(n) => *n,
            Shape::Number => 1,
        }
    }
    fn len(&self) -> usize {
        match self {
            Shape::List(n) => *n,
            _ => 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernels_compute_what_python_would() {
        assert_eq!(Func::Inc.apply(&[Value::Scalar(9.0)], 0), Ok(Value::Scalar(10.0)));
        assert_eq!(Func::Add.apply(&[Value::Scalar(2.0), Value::Scalar(3.0)], 0), Ok(Value::Scalar(5.0)));
        assert_eq!(Func::Mul.apply(&[Value::Scalar(4.0), Value::Scalar(3.0)], 0), Ok(Value::Scalar(12.0)));
        let list = Value::Tuple(vec![Value::Scalar(1.0), Value::Scalar(2.0), Value::Scalar(4.0)]);
        assert_eq!(Func::Sum.apply(&[list], 0), Ok(Value::Scalar(7.0)));
        let big = Value::Virtual { shape: vec![10000, 10000] };
        assert_eq!(
            Func::Shape { lambda: true }.apply(&[big], 0),
            Ok(Value::Tuple(vec![Value::Scalar(10000.0), Value::Scalar(10000.0)]))
        );
    }

    #[test]
    fn a_large_random_array_costs_its_bytes_and_is_held_as_a_shape() {
        let (d, nbytes, gil) = Func::Random.cost(&[Shape::Dims(vec![10000, 10000])], None);
        assert_eq!(nbytes, 800_000_000);
        assert!(!gil && d > SimDuration::from_millis(100));
        let shape = Value::Tuple(vec![Value::Scalar(10000.0), Value::Scalar(10000.0)]);
        assert_eq!(Func::Random.apply(&[shape], 1), Ok(Value::Virtual { shape: vec![10000, 10000] }));
    }

    #[test]
    fn slowinc_holds_the_gil_for_its_delay() {
        assert_eq!(Func::SlowInc.cost(&[Shape::Number], None), (SimDuration::from_secs(1), 28, true));
        assert_eq!(Func::SlowInc.cost(&[Shape::Number], Some(0.25)).0, SimDuration::from_millis(250));
    }
}
