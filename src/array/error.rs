//! What can go wrong when building or computing an array expression, said so that a student
//! can fix it: shape errors name both shapes, axis errors name the axis and the dimension.
//!
//! Knows nothing of source text (the parser adds the column).

use crate::graph::GraphError;
use std::fmt;

/// A refused array operation, or a failed computation.
#[derive(Clone, Debug, PartialEq)]
pub enum ArrayError {
    /// A `chunks=` argument that does not fit the shape.
    Chunks(String),
    /// Shapes that do not fit together; the message names both.
    Shape(String),
    /// An axis number outside the array.
    Axis { axis: isize, ndim: usize },
    /// An index or slice outside the array, or of an unsupported kind.
    Index(String),
    /// A reshape that would move data between chunks.
    Reshape(String),
    /// Any other bad argument (a zero `split_every`, a zero `arange` step, …).
    Argument(String),
    /// The values of an array this large are not held: it can be planned, not looked at.
    NotHeld { shape: Vec<usize> },
    /// A task's kernel failed, or the task had none.
    Kernel { key: String, message: String },
    /// The planned graph was refused (duplicate keys, cycles).
    Graph(GraphError),
}

impl fmt::Display for ArrayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArrayError::Chunks(m)
            | ArrayError::Shape(m)
            | ArrayError::Index(m)
            | ArrayError::Reshape(m)
            | ArrayError::Argument(m) => write!(f, "{m}"),
            ArrayError::Axis { axis, ndim } => {
                write!(f, "axis {axis} is out of bounds for an array of dimension {ndim}")
            }
            ArrayError::NotHeld { shape } => write!(
                f,
                "an array of shape {} is too large to hold in the page; only its shape is known",
                shape_str(shape)
            ),
            ArrayError::Kernel { key, message } => write!(f, "task {key} failed: {message}"),
            ArrayError::Graph(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ArrayError {}

impl From<GraphError> for ArrayError {
    fn from(e: GraphError) -> Self {
        ArrayError::Graph(e)
    }
}

/// A shape as Python prints it: `(8, 8)`, `(4,)`, `()`.
pub(crate) fn shape_str(shape: &[usize]) -> String {
    match shape {
        [] => "()".to_string(),
        [n] => format!("({n},)"),
        _ => {
            let parts: Vec<String> = shape.iter().map(|n| n.to_string()).collect();
            format!("({})", parts.join(", "))
        }
    }
}

/// Turns a possibly negative axis into an index below `ndim`, as NumPy does.
pub(crate) fn normalize_axis(axis: isize, ndim: usize) -> Result<usize, ArrayError> {
    let n = ndim as isize;
    let a = if axis < 0 { axis + n } else { axis };
    if (0..n).contains(&a) {
        Ok(a as usize)
    } else {
        Err(ArrayError::Axis { axis, ndim })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_print_as_python_tuples() {
        assert_eq!(shape_str(&[8, 8]), "(8, 8)");
        assert_eq!(shape_str(&[4]), "(4,)");
        assert_eq!(shape_str(&[]), "()");
    }

    #[test]
    fn negative_axes_count_from_the_end() {
        assert_eq!(normalize_axis(-1, 3), Ok(2));
        assert_eq!(normalize_axis(1, 3), Ok(1));
        let err = normalize_axis(2, 2).unwrap_err();
        assert_eq!(err.to_string(), "axis 2 is out of bounds for an array of dimension 2");
        assert!(normalize_axis(-3, 2).is_err());
    }
}
