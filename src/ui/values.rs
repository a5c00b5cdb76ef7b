//! A task's value, opened by the student: a number, a table of an array's leading corner with
//! how much is left out, the shape of an array too big to hold, a tuple's parts, or text.
//!
//! Shows a `ValueDetail` as the host sent it; computes no number of its own.

use crate::protocol::values::{Table, ValueDetail, ValueView};
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct ValuePanelProps {
    pub detail: ValueDetail,
}

#[function_component]
pub fn ValuePanel(props: &ValuePanelProps) -> Html {
    let d = &props.detail;
    html! {
        <section class="value" aria-label={format!("Value of {}", d.key)}>
            <h3><code>{ &d.key }</code></h3>
            { view(&d.value) }
        </section>
    }
}

/// Python's spelling of a shape: `(30, 40)`, `(3,)`, `()`.
fn shape(s: &[usize]) -> String {
    match s {
        [one] => format!("({one},)"),
        _ => format!("({})", s.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(", ")),
    }
}

/// A number as Python prints a float: `6.0`, `0.5`, `1e-7`.
fn number(x: f64) -> String {
    format!("{x:?}")
}

fn view(v: &ValueView) -> Html {
    match v {
        ValueView::Nothing => html! { <p class="none">{ "None: this task returns nothing" }</p> },
        ValueView::Scalar { value } => html! { <p class="scalar">{ number(*value) }</p> },
        ValueView::Virtual { shape: s } => html! {
            <p>{ format!("array of shape {}: its numbers are not held, only its shape is simulated", shape(s)) }</p>
        },
        ValueView::Text { text, truncated } => html! {
            <>
                <pre>{ text }</pre>
                if *truncated { <p class="hint">{ "the text is cut here" }</p> }
            </>
        },
        ValueView::Tuple { items } => html! {
            <>
                <p>{ format!("a tuple of {}", items.len()) }</p>
                <ol class="tuple" start="0">{ for items.iter().map(|i| html! { <li>{ view(i) }</li> }) }</ol>
            </>
        },
        ValueView::Array { shape: s, table } => html! {
            <>
                <p>{ format!("array of shape {}", shape(s)) }</p>
                if !table.slice.is_empty() { <p class="hint">{ format!("showing the matrix {}", table.slice) }</p> }
                { grid(table) }
            </>
        },
    }
}

fn grid(t: &Table) -> Html {
    let shown_columns = t.cells.first().map_or(0, Vec::len);
    let cut_rows = t.rows as usize > t.cells.len();
    let cut_columns = t.columns as usize > shown_columns;
    html! {
        <>
            <table class="numbers">
                <thead>
                    <tr>
                        <th></th>
                        { for (0..shown_columns).map(|j| html! { <th scope="col">{ j }</th> }) }
                        if cut_columns { <th scope="col">{ "…" }</th> }
                    </tr>
                </thead>
                <tbody>
                    { for t.cells.iter().enumerate().map(|(i, row)| html! {
                        <tr>
                            <th scope="row">{ i }</th>
                            { for row.iter().map(|x| html! { <td>{ number(*x) }</td> }) }
                            if cut_columns { <td>{ "…" }</td> }
                        </tr>
                    }) }
                </tbody>
            </table>
            if cut_rows || cut_columns {
                <p class="hint">
                    { format!("showing {} of {} rows and {} of {} columns", t.cells.len(), t.rows, shown_columns, t.columns) }
                </p>
            }
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(detail: ValueDetail) -> String {
        futures::executor::block_on(
            yew::ServerRenderer::<ValuePanel>::with_props(move || ValuePanelProps { detail }).hydratable(false).render(),
        )
    }

    #[test]
    fn a_big_chunk_shows_its_corner_and_says_how_much_is_left_out() {
        let cells: Vec<Vec<f64>> = (0..20).map(|i| (0..12).map(|j| (i * 100 + j) as f64).collect()).collect();
        let table = Table { cells, rows: 30, columns: 40, slice: String::new() };
        let html = render(ValueDetail { key: "('ones', 0, 1)".into(), value: ValueView::Array { shape: vec![30, 40], table } });
        assert!(html.contains("array of shape (30, 40)"), "{html}");
        assert!(html.contains("<td>203.0</td>"), "row 2, column 3 reads as Python prints it");
        assert!(html.contains("showing 20 of 30 rows and 12 of 40 columns"));
        assert!(html.contains(r#"aria-label="Value of ('ones', 0, 1)""#));
    }

    #[test]
    fn a_small_vector_is_shown_whole_without_a_note() {
        let table = Table { cells: vec![vec![1.0, 2.5, 3.0]], rows: 1, columns: 3, slice: String::new() };
        let html = render(ValueDetail { key: "x".into(), value: ValueView::Array { shape: vec![3], table } });
        assert!(html.contains("array of shape (3,)"));
        assert!(html.contains("<td>2.5</td>"));
        assert!(!html.contains("showing"), "{html}");
    }

    #[test]
    fn a_virtual_array_shows_only_its_shape_and_a_tuple_its_parts() {
        let html = render(ValueDetail { key: "big".into(), value: ValueView::Virtual { shape: vec![100_000, 100_000] } });
        assert!(html.contains("array of shape (100000, 100000): its numbers are not held"), "{html}");
        let parts = ValueView::Tuple { items: vec![ValueView::Scalar { value: 6.0 }, ValueView::Scalar { value: 4.0 }] };
        let html = render(ValueDetail { key: "mean-chunk".into(), value: parts });
        assert!(html.contains("a tuple of 2") && html.contains("6.0") && html.contains("4.0"), "{html}");
    }
}
