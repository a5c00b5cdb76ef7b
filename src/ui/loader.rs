//! Where a student pastes a `tasklab-graph/1` document and asks the host to load it.
//!
//! Sends the text area's contents as they are when the button is clicked; the host decides
//! whether they are a graph.

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
    let area = use_node_ref();
    let onclick = {
        let area = area.clone();
        props.send.reform(move |_: MouseEvent| {
            let area = area.cast::<HtmlTextAreaElement>().expect("the text area is on the page with its button");
            ToEngine::LoadGraph { text: area.value() }
        })
    };
    html! {
        <>
            <label for="graph-text">{ "A task graph (tasklab-graph/1)" }</label>
            <textarea id="graph-text" ref={area} spellcheck="false" defaultvalue={SAMPLE_GRAPH} />
            <button id="load-graph" {onclick}>{ "Load graph" }</button>
        </>
    }
}
