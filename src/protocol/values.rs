//! A task's value on the wire: what the page shows when a student opens a finished chunk or
//! a gathered result — numbers in a table cut to a readable size, or just a shape.
//!
//! Plain serde data, no logic: `host::values` fills it, `ui::values` shows it. Names no
//! engine type.

use serde::{Deserialize, Serialize};

/// One task's value, under its key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValueDetail {
    pub key: String,
    pub value: ValueView,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ValueView {
    /// The task returned nothing worth showing (Python's `None`).
    Nothing,
    Scalar { value: f64 },
    /// An array's numbers, the leading corner of it when it is big.
    Array { shape: Vec<usize>, table: Table },
    /// An array too big to hold: only its shape is simulated.
    Virtual { shape: Vec<usize> },
    /// Several values travelling together, e.g. a mean's partial sum and count.
    Tuple { items: Vec<ValueView> },
    Text { text: String, truncated: bool },
}

/// A 2-d view of an array: a 0-d or 1-d array is one row; past two dimensions, the first
/// matrix (`slice` says which).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// The rows shown, each with the columns shown.
    pub cells: Vec<Vec<f64>>,
    /// How many rows and columns the view has in all (more than shown when cut).
    pub rows: u32,
    pub columns: u32,
    /// Numpy's index of the matrix shown for arrays of three or more dimensions (`[0, :, :]`);
    /// empty otherwise.
    pub slice: String,
}
