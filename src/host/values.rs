//! Turns an engine `Value` into the wire's `ValueView`: tables cut to what a student can read,
//! and shapes for values the simulation does not hold.
//!
//! Reads values and the simulation; changes nothing.

use crate::protocol::values::{Table, ValueDetail, ValueView};
use crate::sim::Sim;
use crate::value::Value;
use ndarray::{Axis, Ix2};

/// At most this many rows and columns of an array are sent; the table says how many there are.
pub const MAX_ROWS: usize = 20;
pub const MAX_COLUMNS: usize = 12;
/// At most this many characters of a text value are sent.
pub const MAX_TEXT: usize = 2000;

/// The value of the task with this key, as far as the simulation has come.
pub fn value(sim: &Sim, key: &str) -> Result<ValueDetail, String> {
    let world = sim.world();
    let t = world.graph().id(key).ok_or_else(|| format!("no task has the key `{key}`"))?;
    if world.graph().task(t).kernel.is_none() {
        return Err(format!("`{key}` carries no data: its graph describes only durations and sizes"));
    }
    let v = world.value(t).ok_or_else(|| {
        format!("`{key}` has no value yet: it is {}", world.scheduler().state(t).name())
    })?;
    Ok(ValueDetail { key: key.to_string(), value: view(v) })
}

pub fn view(v: &Value) -> ValueView {
    match v {
        Value::Unit => ValueView::Nothing,
        Value::Scalar(x) => ValueView::Scalar { value: *x },
        Value::Virtual { shape } => ValueView::Virtual { shape: shape.clone() },
        Value::Tuple(items) => ValueView::Tuple { items: items.iter().map(view).collect() },
        Value::Text(s) => {
            let truncated = s.chars().count() > MAX_TEXT;
            ValueView::Text { text: s.chars().take(MAX_TEXT).collect(), truncated }
        }
        Value::Array(a) => {
            let shape = a.shape().to_vec();
            // Down to two dimensions: leading axes at index 0, a vector as one row.
            let mut m = a.view();
            while m.ndim() > 2 {
                m = m.index_axis_move(Axis(0), 0);
            }
            while m.ndim() < 2 {
                m = m.insert_axis(Axis(0));
            }
            let m = m.into_dimensionality::<Ix2>().expect("two dimensions");
            let slice = if shape.len() > 2 {
                let mut parts = vec!["0".to_string(); shape.len() - 2];
                parts.extend([":".to_string(), ":".to_string()]);
                format!("[{}]", parts.join(", "))
            } else {
                String::new()
            };
            let cells = m.rows().into_iter().take(MAX_ROWS).map(|r| r.iter().take(MAX_COLUMNS).copied().collect()).collect();
            ValueView::Array { shape, table: Table { cells, rows: m.nrows() as u32, columns: m.ncols() as u32, slice } }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::GraphBuilder;
    use crate::sim::{ClusterSpec, World, Workload};
    use std::sync::Arc;

    #[test]
    fn a_big_chunk_reads_as_its_corner_with_its_full_size() {
        let a = ndarray::Array::from_shape_fn((30, 40), |(i, j)| (i * 100 + j) as f64).into_dyn();
        let ValueView::Array { shape, table } = view(&Value::array(a)) else { panic!("an array") };
        assert_eq!(shape, [30, 40]);
        assert_eq!((table.rows, table.columns, table.cells.len(), table.cells[0].len()), (30, 40, MAX_ROWS, MAX_COLUMNS));
        assert_eq!(table.cells[2][3], 203.0, "row 2, column 3");
        assert_eq!(table.slice, "");
    }

    #[test]
    fn a_vector_is_one_row_and_a_cube_shows_its_first_matrix() {
        let v = ndarray::arr1(&[1.0, 2.0, 3.0]).into_dyn();
        let ValueView::Array { table, .. } = view(&Value::array(v)) else { panic!("an array") };
        assert_eq!((table.rows, table.cells.clone()), (1, vec![vec![1.0, 2.0, 3.0]]));
        let cube = ndarray::Array::from_shape_fn((2, 3, 4), |(i, j, k)| (i * 100 + j * 10 + k) as f64).into_dyn();
        let ValueView::Array { table, .. } = view(&Value::array(cube)) else { panic!("an array") };
        assert_eq!(table.slice, "[0, :, :]");
        assert_eq!((table.rows, table.columns), (3, 4));
        assert_eq!(table.cells[2][1], 21.0, "cube[0, 2, 1]");
    }

    #[test]
    fn what_is_not_held_shows_its_shape_and_long_text_is_cut() {
        assert_eq!(view(&Value::Virtual { shape: vec![100_000, 100_000] }), ValueView::Virtual { shape: vec![100_000, 100_000] });
        let long: String = "ab".repeat(MAX_TEXT);
        let ValueView::Text { text, truncated } = view(&Value::Text(Arc::from(long.as_str()))) else { panic!("text") };
        assert!(truncated);
        assert_eq!(text.chars().count(), MAX_TEXT);
        let pair = view(&Value::Tuple(vec![Value::Scalar(6.0), Value::Unit]));
        assert_eq!(pair, ValueView::Tuple { items: vec![ValueView::Scalar { value: 6.0 }, ValueView::Nothing] });
    }

    #[test]
    fn a_finished_sum_reads_as_its_number_and_a_pending_one_says_why_not() {
        let expr = crate::array::parse("(da.arange(0, 16, 1, chunks=4) * 2).sum()").expect("valid code");
        let mut b = GraphBuilder::new();
        expr.plan(&mut b);
        let graph = b.build().expect("valid graph");
        let output = graph.key(graph.outputs()[0]).to_string();
        let mut sim = Sim::new(World::new(ClusterSpec::local(2, 1), Workload::compute(graph), vec![], 3).expect("valid cluster"));
        let early = value(&sim, &output).expect_err("nothing has run");
        assert!(early.contains("has no value yet: it is released"), "{early}");
        sim.run_to(u64::MAX);
        let sum: f64 = (0..16).map(|i| 2.0 * i as f64).sum();
        let found = value(&sim, &output).expect("computed");
        let number = match found.value {
            ValueView::Scalar { value } => value,
            ValueView::Array { table, .. } => table.cells[0][0],
            other => panic!("a number, got {other:?}"),
        };
        assert_eq!(number, sum);
        assert_eq!(value(&sim, "nope").expect_err("unknown"), "no task has the key `nope`");
    }
}
