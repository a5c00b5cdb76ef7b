//! The loaded graph as a whole: how big, how long at best, and which key prefixes make it up.
//!
//! Renders a `GraphSummary`; every number comes from the host.

use super::format;
use super::keys::KeyList;
use crate::protocol::GraphSummary;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GraphPanelProps {
    pub summary: GraphSummary,
    pub inspect: Callback<String>,
}

#[function_component]
pub fn GraphPanel(props: &GraphPanelProps) -> Html {
    let s = &props.summary;
    let more = (s.output_count as usize).saturating_sub(s.outputs.len());
    html! {
        <>
            <h2>{ "The graph" }</h2>
            <p id="graph-counts">
                { format!("{} tasks, {} dependencies, {} root tasks", s.tasks, s.dependencies, s.roots) }
            </p>
            <p id="graph-times">
                { format!("critical path {} · total work {}", format::micros(s.critical_path_us), format::micros(s.total_work_us)) }
                if s.critical_path_us > 0 {
                    { format!(" · at most {:.1}× faster than one thread", s.total_work_us as f64 / s.critical_path_us as f64) }
                }
            </p>
            <table id="prefixes">
                <thead><tr><th>{ "prefix" }</th><th>{ "tasks" }</th><th>{ "work" }</th><th>{ "results" }</th></tr></thead>
                <tbody>
                    { for s.prefixes.iter().map(|p| html! {
                        <tr>
                            <td>{ &p.name }</td>
                            <td>{ p.tasks }</td>
                            <td>{ format::micros(p.work_us) }</td>
                            <td>{ format::bytes(p.nbytes) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            <h3>{ "Outputs" }</h3>
            <KeyList keys={s.outputs.clone()} inspect={props.inspect.clone()} />
            if more > 0 {
                <p>{ format!("and {more} more") }</p>
            }
        </>
    }
}
