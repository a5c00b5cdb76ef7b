//! The host as a Web Worker: hands each message from the page to the `Session` and posts
//! every reply back, in order.
//!
//! Browser only, and deliberately thin: all behaviour lives in `Session`.

use super::Session;
use crate::protocol::{FromEngine, ToEngine};
use gloo_worker::{HandlerId, Worker, WorkerScope};

pub struct HostWorker {
    session: Session,
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
