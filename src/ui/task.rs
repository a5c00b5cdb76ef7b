//! One task: its spec, what it needs and what needs it, with each neighbour one click away.
//!
//! Renders a `TaskDetail`; knows nothing of the rest of the graph.

use super::format;
use super::keys::KeyList;
use crate::protocol::TaskDetail;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TaskPanelProps {
    pub task: TaskDetail,
    pub inspect: Callback<String>,
}

#[function_component]
pub fn TaskPanel(props: &TaskPanelProps) -> Html {
    let t = &props.task;
    let neighbours = |keys: &Vec<String>, none: &str| {
        if keys.is_empty() {
            html! { <p class="none">{ none.to_string() }</p> }
        } else {
            html! { <KeyList keys={keys.clone()} inspect={props.inspect.clone()} /> }
        }
    };
    html! {
        <>
            <h2 id="task-key">{ &t.key }</h2>
            <dl>
                <dt>{ "function" }</dt><dd>{ &t.func }</dd>
                <dt>{ "prefix" }</dt><dd>{ &t.prefix }</dd>
                <dt>{ "compute time" }</dt><dd>{ format::micros(t.duration_us) }</dd>
                <dt>{ "result size" }</dt><dd>{ format::bytes(t.nbytes) }</dd>
                <dt>{ "holds the GIL" }</dt><dd>{ if t.gil { "yes" } else { "no" } }</dd>
            </dl>
            <h3>{ "Depends on" }</h3>
            { neighbours(&t.dependencies, "nothing: a root task") }
            <h3>{ "Needed by" }</h3>
            { neighbours(&t.dependents, "nothing: an output") }
        </>
    }
}
