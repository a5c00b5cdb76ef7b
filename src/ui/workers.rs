//! One card per simulated worker: status, threads busy, processing and queued counts, a memory
//! bar with Dask's target / spill / pause / terminate lines, spilled bytes and keys held; and
//! the transfers under way.
//!
//! Renders `WorkerView`s and `Transfer`s as the host reported them.

use super::format::bytes;
use crate::protocol::{Transfer, WorkerView};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WorkersProps {
    pub workers: Vec<WorkerView>,
    pub transfers: Vec<Transfer>,
    /// Workers the tour points at.
    #[prop_or_default]
    pub highlight: Vec<String>,
}

#[function_component]
pub fn Workers(props: &WorkersProps) -> Html {
    html! {
        <>
            <h2>{ "Workers" }</h2>
            if props.workers.is_empty() {
                <p class="hint">{ "No worker has joined yet." }</p>
            }
            <div class="cards">{ for props.workers.iter().map(|w| card(w, props.highlight.contains(&w.name))) }</div>
            <h3>{ "Transfers" }</h3>
            if props.transfers.is_empty() {
                <p class="none" id="no-transfers">{ "no data moving now" }</p>
            } else {
                <ul id="transfers">
                    { for props.transfers.iter().map(|t| html! {
                        <li>{ format!("{} → {}: {} ({})", t.from, t.to, t.key, bytes(t.nbytes)) }</li>
                    }) }
                </ul>
            }
        </>
    }
}

fn card(w: &WorkerView, pointed: bool) -> Html {
    let busy = w.running.len();
    let memory = match w.memory_limit {
        Some(limit) => {
            let pct = |b: u64| (b as f64 / limit as f64 * 100.0).min(100.0);
            let lines = ["target", "spill", "pause", "terminate"].iter().zip(w.thresholds).map(|(name, f)| html! {
                <span class={classes!("line", *name)} style={format!("left: {:.1}%", f * 100.0)} title={format!("{name}: {:.0} %", f * 100.0)} />
            });
            html! {
                <div class="membar" role="meter" aria-label={format!("memory of {}", w.name)} aria-valuemin="0" aria-valuemax={limit.to_string()} aria-valuenow={w.process_bytes.to_string()}>
                    <span class="fill" style={format!("width: {:.1}%", pct(w.process_bytes))} />
                    { for lines }
                </div>
            }
        }
        None => html! {},
    };
    let limit = w.memory_limit.map_or("no limit".to_string(), bytes);
    html! {
        <article class={classes!("worker", w.status.clone(), pointed.then_some("highlight"))} aria-label={format!("worker {}", w.name)} data-worker={w.name.clone()}>
            <h3>{ &w.name }<span class="status">{ &w.status }</span></h3>
            <p class="threads">{ format!("{busy} of {} threads busy · {} processing · {} queued", w.nthreads, w.processing, w.queued) }</p>
            { memory }
            <p class="memory">{ format!("memory {} of {limit} · spilled {} · {} {}", bytes(w.process_bytes), bytes(w.spilled_bytes), w.keys, if w.keys == 1 { "key" } else { "keys" }) }</p>
            if !w.running.is_empty() {
                <p class="running">{ format!("running {}", w.running.join(", ")) }</p>
            }
        </article>
    }
}
