//! The timeline: back to the start, step back, play or pause, step, go to the end, the speed,
//! and a scrubber over the run with the current simulated time always shown.
//!
//! Sends `Step`, `Back`, `Seek` and `SeekTime` to the host; playing is the app's ticks.

use super::format::micros;
use super::state::{UiAction, SPEEDS};
use crate::protocol::ToEngine;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub position: u64,
    pub time_us: u64,
    pub end_position: u64,
    pub end_time_us: u64,
    pub playing: bool,
    pub speed: usize,
    pub send: Callback<ToEngine>,
    pub act: Callback<UiAction>,
}

/// How the speed reads: simulated time per second.
pub fn speed_name(i: usize) -> String {
    format!("{}/s", micros(SPEEDS[i]))
}

#[function_component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let send = |msg: ToEngine| props.send.reform(move |_: MouseEvent| msg.clone());
    let playing = props.playing;
    let play = props.act.reform(move |_: MouseEvent| UiAction::Play(!playing));
    let scrub = props.send.reform(|e: InputEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        ToEngine::SeekTime { us: input.value().parse().unwrap_or(0) }
    });
    // Dragged, the scrubber goes to a moment of simulated time; its keys go event by event, as
    // steps of time would often land on no event and leave the run where it was.
    let scrub_keys = {
        let (send, end) = (props.send.clone(), props.end_position);
        Callback::from(move |e: KeyboardEvent| {
            let msg = match e.key().as_str() {
                "ArrowRight" | "ArrowUp" => ToEngine::Step { n: 1 },
                "ArrowLeft" | "ArrowDown" => ToEngine::Back { n: 1 },
                "PageUp" => ToEngine::Step { n: 10 },
                "PageDown" => ToEngine::Back { n: 10 },
                "Home" => ToEngine::Seek { position: 0 },
                "End" => ToEngine::Seek { position: end },
                _ => return,
            };
            e.prevent_default();
            send.emit(msg);
        })
    };
    let speed = props.act.reform(|e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        UiAction::Speed(input.value().parse().unwrap_or(2))
    });
    let at_end = props.position >= props.end_position;
    let now = format!("t = {} of {} · event {} of {}", micros(props.time_us), micros(props.end_time_us), props.position, props.end_position);
    html! {
        <div class="timeline" role="toolbar" aria-label="timeline">
            <button id="to-start" onclick={send(ToEngine::Seek { position: 0 })} aria-label="back to the start" title="back to the start (Home)">{ "|◀◀" }</button>
            <button id="back" onclick={send(ToEngine::Back { n: 1 })} aria-label="one event back" title="one event back (←)">{ "◀" }</button>
            <button id="play" onclick={play} aria-label={if playing { "pause" } else { "play" }} title="play or pause (space)" disabled={at_end && !playing}>
                { if playing { "||" } else { "▶" } }
            </button>
            <button id="step" onclick={send(ToEngine::Step { n: 1 })} aria-label="one event forward" title="one event forward (→)" disabled={at_end}>{ "▶|" }</button>
            <button id="to-end" onclick={send(ToEngine::Seek { position: props.end_position })} aria-label="to the end" title="to the end (End)">{ "▶▶|" }</button>
            <label class="speed">{ "speed " }
                <select id="speed" onchange={speed} aria-label="speed">
                    { for (0..SPEEDS.len()).map(|i| html! { <option value={i.to_string()} selected={i == props.speed}>{ speed_name(i) }</option> }) }
                </select>
            </label>
            <input id="scrubber" type="range" min="0" max={props.end_time_us.to_string()} value={props.time_us.to_string()}
                oninput={scrub} onkeydown={scrub_keys} aria-label="simulated time in the run (drag it, or its arrow keys for one event)" aria-valuetext={now.clone()}
                title="drag to move through the run's simulated time" />
            <span id="clock" aria-live="polite">{ now }</span>
        </div>
    }
}
