//! The transition log: every transition, decision, steal and worker or client event, newest
//! last, filterable by task or worker; clicking a line moves the timeline to that moment.
//!
//! Renders the host's `LogLine`s; filters them, nothing more.

use super::format::micros;
use crate::protocol::{LogLine, ToEngine};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Lines shown at once: the newest that match the filter.
pub const SHOWN: usize = 200;

#[derive(Properties, PartialEq)]
pub struct LogProps {
    pub log: Rc<Vec<LogLine>>,
    pub send: Callback<ToEngine>,
}

/// Whether a line is about `filter` (a task key or a worker name, or part of one).
pub fn matches(line: &LogLine, filter: &str) -> bool {
    filter.is_empty()
        || line.task.as_deref().is_some_and(|t| t.contains(filter))
        || line.worker.as_deref() == Some(filter)
        || line.text.contains(filter)
}

#[function_component]
pub fn Log(props: &LogProps) -> Html {
    let filter = use_state(String::new);
    let oninput = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| filter.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let f = filter.trim();
    let matching: Vec<(usize, &LogLine)> = props.log.iter().enumerate().rev().filter(|(_, l)| matches(l, f)).take(SHOWN).collect();
    html! {
        <>
            <h2>{ "Transition log" }</h2>
            <input id="log-filter" type="search" placeholder="filter by task or worker" aria-label="filter the log by task or worker" {oninput} />
            <p class="hint">{ format!("{} lines; the newest {} matching shown; click a line to go to its moment", props.log.len(), matching.len()) }</p>
            <ol id="log" reversed=true>
                // Keyed by place in the log, so a new line is one insertion, not every line rewritten.
                { for matching.into_iter().map(|(i, l)| {
                    let position = l.position;
                    let onclick = props.send.reform(move |_: MouseEvent| ToEngine::Seek { position });
                    html! {
                        <li key={i} class={l.kind.clone()}>
                            <button class="line" {onclick} title={format!("go to event {position}")}>
                                <span class="at">{ micros(l.time_us) }</span>{ " " }{ &l.text }
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </>
    }
}
