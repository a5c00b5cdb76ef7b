//! Chunk values computed ahead of the run: every kernel at once, level by level, on rayon's
//! pool with the `parallel` feature (`graph::kernels`), so the page's threads share the real
//! compute. The run then takes a finished task's value from here instead of running its kernel
//! at that moment; nothing else changes, and a task shows its value only once it has finished.
//!
//! Owns only the `ahead` table; never touches events, states or the trace.

use super::World;
use crate::graph::kernels::{compute_all, Computed};
use crate::graph::TaskId;
use crate::value::Value;

impl World {
    /// Runs every task's kernel now. Kernels that raise are left to raise again at their
    /// simulated moment, exactly as without this.
    pub fn compute_ahead(&mut self) {
        self.ahead = compute_all(&self.graph).into();
    }

    pub(super) fn value_ahead(&self, task: TaskId) -> Option<&Value> {
        match self.ahead.get(task.index()) {
            Some(Computed::Value(v)) => Some(v),
            _ => None,
        }
    }
}
