//! The whole page as a pure function of `UiState`: header, timeline, the task graph and the
//! "why" panel, workers, the log, faults, and what to run. Commands go out through `send`,
//! the page's own settings through `act`.
//!
//! Holds no state of its own beyond what its children edit; never talks to the host directly.

use super::charts::ChartsPanel;
use super::compute::ComputeBadge;
use super::faults::Faults;
use super::graph::Graph;
use super::help::Help;
use super::loader::Loader;
use super::log::Log;
use super::marks::Legend;
use super::state::{UiAction, UiState};
use super::summary::GraphPanel;
use super::timeline::Timeline;
use super::tour::Tour;
use super::why::WhyPanel;
use super::workers::Workers;
use crate::protocol::ToEngine;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PageProps {
    pub state: UiState,
    pub send: Callback<ToEngine>,
    pub act: Callback<UiAction>,
    /// Reads a file the student picked or dropped and loads it.
    pub open_file: Callback<web_sys::File>,
}

#[function_component]
pub fn Page(props: &PageProps) -> Html {
    let state = &props.state;
    let select = props.send.reform(|key| ToEngine::Select { key });
    let toggle = props.send.reform(|label| ToEngine::ToggleGroup { label });
    let status = match &state.engine_version {
        Some(v) => format!("engine {v} ready"),
        None => "starting the engine…".to_string(),
    };
    let help = props.act.reform(|_: MouseEvent| UiAction::Help(true));
    let share = props.act.reform(|_: MouseEvent| UiAction::Share(true));
    let unshare = props.act.reform(|_: MouseEvent| UiAction::Share(false));
    // What the tour step being read points at.
    let step = state.loaded.as_ref().and_then(|l| l.lesson.as_ref()).and_then(|l| state.tour.shown.and_then(|i| l.steps.get(i)));
    let pointed = |name: &str| step.is_some_and(|s| s.chart.as_deref() == Some(name)).then_some("highlight");
    let highlight_tasks: Vec<String> = step.map(|s| s.tasks.clone()).unwrap_or_default();
    let highlight_workers: Vec<String> = step.map(|s| s.workers.clone()).unwrap_or_default();
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let open_file = props.open_file.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(file) = e.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
                open_file.emit(file);
            }
        })
    };
    html! {
        <div class="page" {ondragover} {ondrop}>
            <header>
                <h1>{ "Tasklab" }</h1>
                <span id="host-status">{ status }</span>
                <ComputeBadge isolated={state.isolated} threads={state.threads} speed={state.compute_speed.clone()} measuring={state.measuring} send={props.send.clone()} act={props.act.clone()} />
                <button id="share" onclick={share} title="share this run as a link (s)">{ "Share" }</button>
                <button id="show-help" onclick={help} aria-label="keyboard shortcuts" title="keyboard shortcuts (?)">{ "?" }</button>
            </header>
            if state.sharing {
                <div id="share-box" role="status">
                    { match &state.link {
                        Some(Ok(link)) => html! { <label>{ "The link to this run: " }<input id="share-link" readonly={true} value={link.clone()} /></label> },
                        Some(Err(why)) => html! { <p class="load-error">{ why }</p> },
                        None => html! { <p>{ "nothing is loaded yet" }</p> },
                    } }
                    <button id="close-share" onclick={unshare}>{ "Close" }</button>
                </div>
            }
            if let Some(loaded) = &state.loaded {
                <Timeline position={state.position} time_us={state.time_us} end_position={state.end_position} end_time_us={state.end_time_us}
                    playing={state.playing} speed={state.speed} send={props.send.clone()} act={props.act.clone()} />
                if let Some(message) = &state.error {
                    <p id="error" role="alert">{ message }</p>
                }
                <main>
                    <section class={classes!("graph", pointed("graph"))} aria-label="task graph">
                        <Legend counts={state.counts()} />
                        <Graph view={loaded.view.clone()} tasks={state.tasks.clone()} transfers={state.transfers.clone()}
                            selected={state.task.as_ref().map(|t| t.key.clone())} highlight={highlight_tasks} {select} {toggle} />
                    </section>
                    <div class="side">
                        if let Some(lesson) = &loaded.lesson {
                            <section class="tour" aria-label="guided tour">
                                <Tour lesson={lesson.clone()} progress={state.tour.clone()} send={props.send.clone()} act={props.act.clone()} />
                            </section>
                        }
                        <section class="why" aria-label="why">
                            <WhyPanel task={state.task.clone()} why={state.why.clone()} value={state.value.clone()} send={props.send.clone()} />
                        </section>
                    </div>
                </main>
                if let Some(charts) = &state.charts {
                    <section class="charts" aria-label="charts">
                        <ChartsPanel charts={charts.clone()} pointed={step.and_then(|s| s.chart.clone()).map(AttrValue::from)} />
                    </section>
                }
                <div class="lower">
                    <section class={classes!("workers", pointed("workers"))} aria-label="workers">
                        <Workers workers={state.workers.clone()} transfers={state.transfers.clone()} highlight={highlight_workers} />
                    </section>
                    <section class={classes!("log", pointed("transitions"))} aria-label="transition log">
                        <Log log={state.log.clone()} send={props.send.clone()} />
                    </section>
                    <section class="faults" aria-label="faults and settings">
                        <Faults workers={state.workers.clone()} functions={loaded.summary.prefixes.iter().map(|p| p.name.clone()).collect::<Vec<_>>()} send={props.send.clone()} />
                    </section>
                    <section class="summary" aria-label="the graph in numbers">
                        <GraphPanel summary={loaded.summary.clone()} inspect={props.send.reform(|key| ToEngine::Select { key })} />
                    </section>
                </div>
            } else if let Some(message) = &state.error {
                <p id="error" role="alert">{ message }</p>
            }
            <section class="loader" aria-label="what to run">
                <Loader catalog={state.catalog.clone()} graphs={state.graphs.clone()} current={state.loaded.as_ref().and_then(|l| l.id.clone())}
                    seed={state.loaded.as_ref().map(|l| l.seed)} error={state.error.clone()} send={props.send.clone()} open_file={props.open_file.clone()} />
            </section>
            if state.help {
                <Help act={props.act.clone()} />
            }
        </div>
    }
}

#[cfg(test)]
mod tests;
