//! The host as a Web Worker: hands each message from the page to the `Session` and posts
//! every reply back, in order; a panic is told to the page on a broadcast channel so it can
//! show it instead of waiting forever.
//!
//! Browser only, and deliberately thin: all behaviour lives in `Session`.

use super::Session;
use crate::protocol::{FromEngine, ToEngine};
use gloo_worker::{HandlerId, Worker, WorkerScope};

/// The channel the page listens on for the host's panics.
pub const FATAL_CHANNEL: &str = "tasklab-fatal";

pub struct HostWorker {
    session: Session,
}

impl HostWorker {
    /// Logs a panic to the console and posts its message to the page.
    pub fn report_panics() {
        std::panic::set_hook(Box::new(|info| {
            console_error_panic_hook::hook(info);
            if let Ok(channel) = web_sys::BroadcastChannel::new(FATAL_CHANNEL) {
                let _ = channel.post_message(&wasm_bindgen::JsValue::from_str(&info.to_string()));
            }
        }));
    }
}

impl Worker for HostWorker {
    type Message = ();
    type Input = ToEngine;
    type Output = FromEngine;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        HostWorker { session: Session::new() }
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: ()) {}

    fn received(&mut self, scope: &WorkerScope<Self>, msg: ToEngine, id: HandlerId) {
        for reply in self.session.on_message(msg) {
            scope.respond(id, reply);
        }
    }
}
