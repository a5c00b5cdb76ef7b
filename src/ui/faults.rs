//! Faults and settings, applied at the current moment of the timeline: kill, hang or retire a
//! worker, slow its link, shrink its memory limit, break a function (it raises, or kills its
//! worker), add a worker, turn work stealing on or off.
//!
//! Reads its own form fields and sends `Inject`; the host checks the names.

use crate::protocol::{FaultDto, ToEngine, WorkerView};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FaultsProps {
    pub workers: Vec<WorkerView>,
    /// Function names a student may break (the graph's key prefixes).
    pub functions: Vec<String>,
    pub send: Callback<ToEngine>,
}

#[function_component]
pub fn Faults(props: &FaultsProps) -> Html {
    let worker = use_node_ref();
    let func = use_node_ref();
    let limit = use_node_ref();
    let threads = use_node_ref();
    let stealing = use_node_ref();
    let on_worker = |make: fn(String) -> FaultDto| {
        let worker = worker.clone();
        props.send.reform(move |_: MouseEvent| {
            let name = worker.cast::<HtmlSelectElement>().map(|s| s.value()).unwrap_or_default();
            ToEngine::Inject { fault: make(name) }
        })
    };
    let set_limit = {
        let (worker, limit) = (worker.clone(), limit.clone());
        props.send.reform(move |_: MouseEvent| {
            let name = worker.cast::<HtmlSelectElement>().map(|s| s.value()).unwrap_or_default();
            let mib: f64 = limit.cast::<HtmlInputElement>().and_then(|i| i.value().parse().ok()).unwrap_or(0.0);
            ToEngine::Inject { fault: FaultDto::SetMemoryLimit { worker: name, bytes: (mib * 1024.0 * 1024.0) as u64 } }
        })
    };
    let brk = |kills_worker: bool| {
        let func = func.clone();
        props.send.reform(move |_: MouseEvent| {
            let name = func.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            ToEngine::Inject { fault: FaultDto::BreakFunction { func: name.trim().to_string(), kills_worker } }
        })
    };
    let add = {
        let threads = threads.clone();
        props.send.reform(move |_: MouseEvent| {
            let n = threads.cast::<HtmlInputElement>().and_then(|i| i.value().parse().ok()).unwrap_or(2);
            ToEngine::Inject { fault: FaultDto::AddWorker { nthreads: n, memory_limit: None } }
        })
    };
    let steal = {
        let stealing = stealing.clone();
        props.send.reform(move |_: Event| {
            let on = stealing.cast::<HtmlInputElement>().is_some_and(|i| i.checked());
            ToEngine::Inject { fault: FaultDto::WorkStealing { on } }
        })
    };
    let running: Vec<&WorkerView> = props.workers.iter().filter(|w| w.status == "running" || w.status == "paused").collect();
    html! {
        <>
            <h2>{ "Faults and settings" }</h2>
            <p class="hint">{ "Applied now; what happened after this moment is computed again." }</p>
            <div class="fault-row">
                <label for="fault-worker">{ "worker" }</label>
                <select id="fault-worker" ref={worker.clone()}>
                    { for running.iter().map(|w| html! { <option value={w.name.clone()}>{ &w.name }</option> }) }
                </select>
                <button id="kill-worker" onclick={on_worker(|worker| FaultDto::KillWorker { worker })} title="kill the worker (k)">{ "kill" }</button>
                <button id="hang-worker" onclick={on_worker(|worker| FaultDto::HangWorker { worker })}>{ "hang" }</button>
                <button id="retire-worker" onclick={on_worker(|worker| FaultDto::RetireWorker { worker })}>{ "retire" }</button>
                <button id="slow-link" onclick={on_worker(|worker| FaultDto::SlowLink { worker, factor: 10.0 })}>{ "slow link ×10" }</button>
            </div>
            <div class="fault-row">
                <label for="fault-limit">{ "memory limit (MiB)" }</label>
                <input id="fault-limit" ref={limit} type="number" min="1" value="64" />
                <button id="set-limit" onclick={set_limit}>{ "set" }</button>
            </div>
            <div class="fault-row">
                <label for="fault-func">{ "function" }</label>
                <input id="fault-func" ref={func.clone()} list="functions" value={props.functions.first().cloned().unwrap_or_default()} />
                <datalist id="functions">{ for props.functions.iter().map(|f| html! { <option value={f.clone()} /> }) }</datalist>
                <button id="break-raises" onclick={brk(false)}>{ "make it raise" }</button>
                <button id="break-kills" onclick={brk(true)}>{ "make it kill its worker" }</button>
            </div>
            <div class="fault-row">
                <label for="add-threads">{ "threads" }</label>
                <input id="add-threads" ref={threads} type="number" min="1" value="2" />
                <button id="add-worker" onclick={add}>{ "add a worker" }</button>
                <label class="check"><input id="stealing" ref={stealing} type="checkbox" checked=true onchange={steal} />{ " work stealing" }</label>
            </div>
        </>
    }
}
