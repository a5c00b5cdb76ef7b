//! The three charts side by side, drawn again at the pace `pace` allows: while playing, the
//! newest charts the host sent wait at most `pace::INTERVAL_MS` to be drawn.
//!
//! Holds which charts are on screen and the timer for the next drawing; draws nothing itself.

use super::{MemoryChart, ProgressChart, TaskStreamChart};
use crate::ui::state::Charts;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChartsPanelProps {
    /// The newest charts the host sent.
    pub charts: Rc<Charts>,
    /// The chart the tour step points at (`task-stream`, `memory` or `progress`).
    #[prop_or_default]
    pub pointed: Option<AttrValue>,
}

#[function_component]
pub fn ChartsPanel(props: &ChartsPanelProps) -> Html {
    let shown = use_state(|| props.charts.clone());
    let latest = use_mut_ref(|| props.charts.clone());
    *latest.borrow_mut() = props.charts.clone();
    #[cfg(target_arch = "wasm32")]
    {
        use super::pace::{Pacer, Redraw};
        let pacer = use_mut_ref(Pacer::default);
        let timer = use_mut_ref(|| None::<gloo_timers::callback::Timeout>);
        let (shown, latest) = (shown.clone(), latest.clone());
        use_effect_with(props.charts.clone(), move |_| {
            let now = js_sys::Date::now();
            let redraw = pacer.borrow_mut().arrived(now);
            match redraw {
                Redraw::Now => shown.set(latest.borrow().clone()),
                Redraw::After(wait) => {
                    let timer_slot = timer.clone();
                    *timer.borrow_mut() = Some(gloo_timers::callback::Timeout::new(wait.ceil() as u32, move || {
                        pacer.borrow_mut().drawn(js_sys::Date::now());
                        shown.set(latest.borrow().clone());
                        timer_slot.borrow_mut().take();
                    }));
                }
                Redraw::Planned => {}
            }
        });
    }
    let pointed = |name: &str| (props.pointed.as_deref() == Some(name)).then_some("highlight");
    html! {
        <>
            <div class={classes!("chart-box", pointed("task-stream"))}><h2>{ "Task stream" }</h2><TaskStreamChart stream={shown.stream.clone()} /></div>
            <div class={classes!("chart-box", pointed("memory"))}><h2>{ "Memory per worker" }</h2><MemoryChart memory={shown.memory.clone()} /></div>
            <div class={classes!("chart-box", pointed("progress"))}><h2>{ "Progress" }</h2><ProgressChart progress={shown.progress.clone()} /></div>
        </>
    }
}
