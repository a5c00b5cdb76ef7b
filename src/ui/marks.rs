//! How a task state looks in the graph: a colour *and* a shape, so the states stay apart for
//! colour-blind students too, and the legend that names them.
//!
//! Pure drawing of one mark; knows nothing of the graph around it.

use crate::protocol::StateCode;
use yew::prelude::*;

/// The mark's size in the graph's units: its half-width.
pub const R: f32 = 9.0;

/// The SVG of one state's mark centred on `(x, y)`, with the state's CSS class.
pub fn mark(state: StateCode, x: f32, y: f32, extra: &'static str) -> Html {
    let class = classes!("mark", state.name(), extra);
    match state {
        // Nothing to do yet, or done and dropped: a small hollow circle.
        StateCode::Released | StateCode::Forgotten => html! { <circle {class} cx={f(x)} cy={f(y)} r={f(R * 0.6)} /> },
        // Waiting on inputs: a hollow ring.
        StateCode::Waiting => html! { <circle {class} cx={f(x)} cy={f(y)} r={f(R * 0.8)} /> },
        // Ready but held back by the scheduler: a square.
        StateCode::Queued => html! { <rect {class} x={f(x - R * 0.75)} y={f(y - R * 0.75)} width={f(R * 1.5)} height={f(R * 1.5)} /> },
        // Nowhere to run: a triangle.
        StateCode::NoWorker => html! { <polygon {class} points={format!("{},{} {},{} {},{}", x, y - R, x + R, y + R * 0.8, x - R, y + R * 0.8)} /> },
        // Running on a worker: a diamond.
        StateCode::Processing => html! { <polygon {class} points={format!("{},{} {},{} {},{} {},{}", x, y - R, x + R, y, x, y + R, x - R, y)} /> },
        // Result held: a filled circle.
        StateCode::Memory => html! { <circle {class} cx={f(x)} cy={f(y)} r={f(R)} /> },
        // Failed: a cross.
        StateCode::Erred => html! { <path {class} d={format!("M{} {}L{} {}M{} {}L{} {}", x - R, y - R, x + R, y + R, x - R, y + R, x + R, y - R)} /> },
    }
}

fn f(v: f32) -> String {
    format!("{v:.1}")
}

#[derive(Properties, PartialEq)]
pub struct LegendProps {
    /// How many tasks are in each state, in `StateCode::ALL` order.
    pub counts: [u32; 8],
}

/// Each state's mark, name and count.
#[function_component]
pub fn Legend(props: &LegendProps) -> Html {
    html! {
        <ul class="legend" aria-label="task states">
            { for StateCode::ALL.iter().zip(props.counts).filter(|(s, _)| **s != StateCode::Forgotten).map(|(&s, n)| html! {
                <li>
                    <svg width="20" height="20" viewBox="-10 -10 20 20" aria-hidden="true">{ mark(s, 0.0, 0.0, "") }</svg>
                    <span>{ format!("{} {n}", s.name()) }</span>
                </li>
            }) }
        </ul>
    }
}
