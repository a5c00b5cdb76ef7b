//! The compute badge in the header: how many threads run the chunk kernels (the host's one
//! thread, or wasm-bindgen-rayon's pool of Web Workers when the page is cross-origin isolated)
//! and why; clicking it asks the host to time a chunked sum against a plain one and shows the
//! figures the host measured.
//!
//! Renders only what the host reported (`Hello.threads`, `ComputeSpeed`).

use super::state::UiAction;
use crate::protocol::{ComputeSpeed, ToEngine};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ComputeBadgeProps {
    pub isolated: bool,
    /// The host's compute pool, as its `Hello` said; `None` before it or without a pool.
    pub threads: Option<usize>,
    pub speed: Option<ComputeSpeed>,
    pub measuring: bool,
    pub send: Callback<ToEngine>,
    pub act: Callback<UiAction>,
}

#[function_component]
pub fn ComputeBadge(props: &ComputeBadgeProps) -> Html {
    let label = match props.threads {
        Some(1) => "1 thread".to_string(),
        Some(n) => format!("{n} threads"),
        None => "single-threaded".to_string(),
    };
    let measure = {
        let (send, act) = (props.send.clone(), props.act.clone());
        Callback::from(move |_: MouseEvent| {
            act.emit(UiAction::Measuring);
            send.emit(ToEngine::MeasureCompute);
        })
    };
    let title = format!("{} Click to time a chunked sum here.", compute_mode(props.isolated, props.threads));
    html! {
        <>
            <button id="compute-mode" class="badge" onclick={measure} disabled={props.measuring}
                title={title.clone()} aria-label={format!("compute: {label}. {title}")}>{ label }</button>
            if props.measuring {
                <output id="compute-speed">{ "timing a 4096 × 4096 sum…" }</output>
            } else if let Some(speed) = &props.speed {
                <output id="compute-speed" title="best of 5 runs in the host Web Worker">{ speed_text(speed) }</output>
            }
        </>
    }
}

/// Where the chunk kernels run, and why there.
pub fn compute_mode(isolated: bool, threads: Option<usize>) -> String {
    match (threads, isolated) {
        (Some(n), _) => format!(
            "Chunk kernels run on a pool of {n} Web Worker thread{} (wasm-bindgen-rayon) that share the host's memory, \
             which a cross-origin isolated page allows.",
            if n == 1 { "" } else { "s" }
        ),
        (None, true) => "The page is cross-origin isolated, but this build has no threaded host (it needs the nightly \
             toolchain at build time): chunk kernels run on the host's one thread."
            .to_string(),
        (None, false) => "The page is not cross-origin isolated, so no threads can share the host's memory: chunk kernels \
             run on the host's one thread."
            .to_string(),
    }
}

/// "4096² sum: plain 10.6 ms · chunked 13.1 ms · 2 threads 6.6 ms".
pub fn speed_text(s: &ComputeSpeed) -> String {
    let pool = s.pool.map_or(String::new(), |(n, ms)| format!(" · on {n} thread{} {ms:.1} ms", if n == 1 { "" } else { "s" }));
    let agree = if s.agree { "" } else { " (the sums disagree!)" };
    format!("{}² sum in {}² chunks: plain {:.1} ms · chunked {:.1} ms{pool}{agree}", s.side, s.chunk, s.plain_ms, s.chunked_ms)
}
