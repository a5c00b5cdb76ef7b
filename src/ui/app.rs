//! The page wired to the engine: spawns the host Web Worker, sends it `Hello`, and folds every
//! reply into `UiState`.
//!
//! Browser only. All rendering is `Page`'s; all answers are the host's.

use super::page::Page;
use super::state::UiState;
use crate::host::HostWorker;
use crate::protocol::{ToEngine, WireCodec};
use gloo_worker::Spawnable;
use yew::prelude::*;

/// Where Trunk puts the host's script, relative to the page (so the page may live under any path).
const HOST_SCRIPT: &str = "host.js";

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(UiState::default);
    let bridge = {
        let dispatcher = state.dispatcher();
        use_memo((), move |_| {
            let bridge = HostWorker::spawner()
                .callback(move |reply| dispatcher.dispatch(reply))
                .encoding::<WireCodec>()
                .spawn(HOST_SCRIPT);
            // Queued by the bridge until the host has loaded.
            bridge.send(ToEngine::Hello);
            bridge
        })
    };
    let send = Callback::from(move |msg: ToEngine| bridge.send(msg));
    html! { <Page state={(*state).clone()} {send} /> }
}
