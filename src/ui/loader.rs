//! Where a student pastes a `tasklab-graph/1` document and asks the host to load it.
//!
//! Keeps the text being edited; the host decides whether it is a graph.

use crate::protocol::ToEngine;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// The graph the page opens with: four loads, four `inc`s, a tree of `add`s.
pub const SAMPLE_GRAPH: &str = include_str!("../../www/graphs/inc-add.json");

#[derive(Properties, PartialEq)]
pub struct GraphLoaderProps {
    pub send: Callback<ToEngine>,
}

#[function_component]
pub fn GraphLoader(props: &GraphLoaderProps) -> Html {
    let text = use_state(|| SAMPLE_GRAPH.to_string());
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| text.set(e.target_unchecked_into::<HtmlTextAreaElement>().value()))
    };
    let onclick = {
        let text = text.clone();
        props.send.reform(move |_: MouseEvent| ToEngine::LoadGraph { text: (*text).clone() })
    };
    html! {
        <>
            <label for="graph-text">{ "A task graph (tasklab-graph/1)" }</label>
            <textarea id="graph-text" spellcheck="false" value={(*text).clone()} {oninput} />
            <button id="load-graph" {onclick}>{ "Load graph" }</button>
        </>
    }
}
