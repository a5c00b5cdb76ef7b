//! Where a student picks what to run: a lecture's scenario (grouped by lecture) or a sample graph, a `tasklab-graph/1` document pasted,
//! picked with the file dialog or dropped on the page, or a lecture's array expression; and
//! the seed.
//!
//! Sends the text as it is; the host decides whether it is a graph. Reading a file is the
//! app's (`open_file`).

use crate::protocol::{CatalogEntry, ToEngine};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// The graph the text area opens with: four loads, four `inc`s, a tree of `add`s.
pub const SAMPLE_GRAPH: &str = include_str!("../../www/graphs/inc-add.json");

/// The array expression the field opens with.
pub const SAMPLE_ARRAY: &str = "(da.arange(64, chunks=8).reshape((8, 8)) + 1).sum(axis=0)";

#[derive(Properties, PartialEq)]
pub struct LoaderProps {
    /// The built-in scenarios, grouped by lecture in the picker.
    pub catalog: Vec<CatalogEntry>,
    /// The sample graphs.
    pub graphs: Vec<String>,
    /// The built-in scenario or graph shown now, if any.
    pub current: Option<String>,
    pub seed: Option<u64>,
    /// Why the last command was refused, shown next to the text it may be about.
    pub error: Option<String>,
    pub send: Callback<ToEngine>,
    /// Called with a file the student picked or dropped.
    pub open_file: Callback<web_sys::File>,
}

#[function_component]
pub fn Loader(props: &LoaderProps) -> Html {
    let area = use_node_ref();
    let code = use_node_ref();
    let picker = use_node_ref();
    let seed = use_node_ref();
    let read_seed = {
        let seed = seed.clone();
        move || seed.cast::<HtmlInputElement>().and_then(|i| i.value().parse().ok())
    };
    let open = {
        let (picker, read_seed) = (picker.clone(), read_seed.clone());
        props.send.reform(move |_: MouseEvent| {
            let id = picker.cast::<HtmlSelectElement>().map(|s| s.value()).unwrap_or_default();
            ToEngine::LoadBuiltIn { id, seed: read_seed() }
        })
    };
    let load_graph = {
        let (area, read_seed) = (area.clone(), read_seed.clone());
        props.send.reform(move |_: MouseEvent| {
            let area = area.cast::<HtmlTextAreaElement>().expect("the text area is on the page with its button");
            ToEngine::LoadGraph { text: area.value(), seed: read_seed().unwrap_or(1) }
        })
    };
    let load_array = {
        let code = code.clone();
        props.send.reform(move |_: MouseEvent| {
            let code = code.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            ToEngine::LoadArray { code, seed: read_seed().unwrap_or(1) }
        })
    };
    let picked = {
        let open_file = props.open_file.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                open_file.emit(file);
            }
        })
    };
    let mut lectures: Vec<&String> = props.catalog.iter().map(|c| &c.lecture).collect();
    lectures.dedup();
    let about = props.catalog.iter().find(|c| props.current.as_ref() == Some(&c.id)).map(|c| c.summary.clone());
    html! {
        <>
            <div class="fault-row">
                <label for="builtin">{ "graph" }</label>
                <select id="builtin" ref={picker} aria-label="built-in scenarios and graphs">
                    { for lectures.iter().map(|lecture| html! {
                        <optgroup label={format!("Lecture {lecture}")}>
                            { for props.catalog.iter().filter(|c| &c.lecture == *lecture).map(|c| html! {
                                <option value={c.id.clone()} title={c.summary.clone()} selected={props.current.as_ref() == Some(&c.id)}>{ format!("{} — {}", c.id, c.title) }</option>
                            }) }
                        </optgroup>
                    }) }
                    <optgroup label="Sample graphs">
                        { for props.graphs.iter().map(|b| html! { <option value={b.clone()} selected={props.current.as_ref() == Some(b)}>{ b }</option> }) }
                    </optgroup>
                </select>
                <label for="seed">{ "seed" }</label>
                <input id="seed" ref={seed} type="number" min="0" placeholder="its own" value={props.seed.map(|s| s.to_string()).unwrap_or_default()} />
                <button id="open-builtin" onclick={open}>{ "Open" }</button>
            </div>
            if let Some(about) = about {
                <p class="hint" id="scenario-about">{ about }</p>
            }
            <div class="fault-row">
                <label for="array-code">{ "array" }</label>
                <input id="array-code" ref={code} class="code" spellcheck="false" value={SAMPLE_ARRAY} />
                <button id="load-array" onclick={load_array}>{ "Compute" }</button>
            </div>
            <label for="graph-text">{ "A task graph (tasklab-graph/1): paste, pick or drop a file" }</label>
            <textarea id="graph-text" ref={area} spellcheck="false" defaultvalue={SAMPLE_GRAPH} />
            if let Some(message) = &props.error {
                <p class="load-error" role="status">{ message }</p>
            }
            <div class="fault-row">
                <button id="load-graph" onclick={load_graph}>{ "Load graph" }</button>
                <input id="graph-file" type="file" accept=".json,application/json" aria-label="open a graph file" onchange={picked} />
            </div>
        </>
    }
}
