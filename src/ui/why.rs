//! The "why" panel: the selected task's spec, its life story (every transition with its
//! moment, one click away) and, for each worker choice, the candidates and the terms the
//! scheduler compared, in plain words; and its value, when it holds one.
//!
//! Renders `TaskDetail`, `Why` and `ValueDetail` as the host reported them.

use super::format::{self, bytes, micros};
use super::keys::KeyList;
use crate::protocol::values::ValueDetail;
use crate::protocol::{DecisionView, StateCode, TaskDetail, ToEngine, Why};
use crate::ui::values::ValuePanel;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WhyProps {
    pub task: Option<TaskDetail>,
    pub why: Option<Why>,
    pub value: Option<ValueDetail>,
    pub send: Callback<ToEngine>,
}

#[function_component]
pub fn WhyPanel(props: &WhyProps) -> Html {
    let Some(t) = &props.task else {
        return html! { <><h2>{ "Why?" }</h2><p class="hint">{ "Click a task in the graph to see its story and why it went where it did." }</p></> };
    };
    let select = props.send.reform(|key| ToEngine::Select { key });
    let neighbours = |keys: &Vec<String>, none: &str| {
        if keys.is_empty() {
            html! { <p class="none">{ none.to_string() }</p> }
        } else {
            html! { <KeyList keys={keys.clone()} inspect={select.clone()} /> }
        }
    };
    let why = props.why.as_ref().filter(|w| w.key == t.key);
    let state = why.map(|w| w.state);
    let read = {
        let key = t.key.clone();
        props.send.reform(move |_: MouseEvent| ToEngine::Value { key: key.clone() })
    };
    html! {
        <>
            <h2 id="task-key">{ &t.key }</h2>
            if let Some(s) = state {
                <p id="task-state" class={classes!("state", s.name())}>{ format!("now {}", s.name()) }</p>
            }
            <dl>
                <dt>{ "function" }</dt><dd>{ &t.func }</dd>
                <dt>{ "compute time" }</dt><dd>{ format::micros(t.duration_us) }</dd>
                <dt>{ "result size" }</dt><dd>{ bytes(t.nbytes) }</dd>
                <dt>{ "holds the GIL" }</dt><dd>{ if t.gil { "yes" } else { "no" } }</dd>
            </dl>
            <h3>{ "Depends on" }</h3>
            { neighbours(&t.dependencies, "nothing: a root task") }
            <h3>{ "Needed by" }</h3>
            { neighbours(&t.dependents, "nothing: an output") }
            if state == Some(StateCode::Memory) {
                <button id="read-value" onclick={read}>{ "Read its value" }</button>
            }
            if let Some(v) = props.value.as_ref().filter(|v| v.key == t.key) {
                <div id="value"><h3>{ "Value" }</h3><ValuePanel detail={v.clone()} /></div>
            }
            if let Some(w) = why {
                <h3>{ "Its story" }</h3>
                if w.story.is_empty() {
                    <p class="none">{ "nothing has happened to it yet" }</p>
                }
                <ol id="story">
                    { for w.story.iter().map(|l| {
                        let position = l.position;
                        let onclick = props.send.reform(move |_: MouseEvent| ToEngine::Seek { position });
                        html! { <li><button class="line" {onclick}><span class="at">{ micros(l.time_us) }</span>{ " " }{ &l.text }</button></li> }
                    }) }
                </ol>
                { for w.decisions.iter().map(decision) }
            }
        </>
    }
}

fn decision(d: &DecisionView) -> Html {
    html! {
        <div class="decision">
            <h3>{ format!("Decision at {}: {}", micros(d.time_us), d.outcome) }</h3>
            <p class="rule">{ &d.rule }</p>
            <p class="summary">{ &d.summary }</p>
            <table>
                <thead><tr><th>{ "worker" }</th><th>{ "to move" }</th><th>{ "transfer" }</th><th>{ "busy for" }</th><th>{ "could start" }</th><th>{ "stored" }</th><th>{ "" }</th></tr></thead>
                <tbody>
                    { for d.candidates.iter().map(|c| html! {
                        <tr class={classes!(c.chosen.then_some("chosen"), c.excluded.is_some().then_some("excluded"))}>
                            <td>{ &c.worker }</td>
                            <td>{ bytes(c.transfer_bytes) }</td>
                            <td>{ format!("{:.2} s", c.transfer_s) }</td>
                            <td>{ format!("{:.2} s", c.occupancy_s) }</td>
                            <td>{ format!("{:.2} s", c.start_s) }</td>
                            <td>{ bytes(c.stored_bytes) }</td>
                            <td>{ if c.chosen { "chosen".to_string() } else { c.excluded.clone().map_or(String::new(), |x| format!("left out: {x}")) } }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

