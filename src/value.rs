//! Real values held by finished tasks: chunk arrays, scalars, small tables, text.
//!
//! A value is what a student opens to read numbers. Knows nothing of scheduling.

use ndarray::{ArcArray, IxDyn};
use std::fmt;
use std::sync::Arc;

/// The result of running a task's kernel.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A task that returns nothing worth showing (e.g. a side effect).
    Unit,
    Scalar(f64),
    /// An n-dimensional chunk of `f64`s.
    Array(ArcArray<f64, IxDyn>),
    /// Too large to hold in the page: only its shape is known.
    Virtual { shape: Vec<usize> },
    /// Several values travelling together (e.g. a mean's partial sum and count).
    Tuple(Vec<Value>),
    Text(Arc<str>),
}

impl Value {
    pub fn array(a: ndarray::ArrayD<f64>) -> Value {
        Value::Array(a.into_shared())
    }

    pub fn shape(&self) -> Option<Vec<usize>> {
        match self {
            Value::Array(a) => Some(a.shape().to_vec()),
            Value::Virtual { shape } => Some(shape.clone()),
            Value::Scalar(_) => Some(vec![]),
            _ => None,
        }
    }
}

/// A short, readable rendering for logs and the page (arrays are elided past a few numbers).
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Unit => write!(f, "None"),
            Value::Scalar(x) => write!(f, "{x}"),
            Value::Array(a) => {
                let n = a.len();
                let shown: Vec<String> = a.iter().take(6).map(|x| format!("{x}")).collect();
                write!(f, "array{:?} [{}{}]", a.shape(), shown.join(", "), if n > 6 { ", …" } else { "" })
            }
            Value::Virtual { shape } => write!(f, "array{shape:?} (values not held)"),
            Value::Tuple(vs) => {
                write!(f, "(")?;
                for (i, v) in vs.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{v}")?;
                }
                write!(f, ")")
            }
            Value::Text(s) => write!(f, "{s:?}"),
        }
    }
}
