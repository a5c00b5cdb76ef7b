//! The charts' data from a run so far: the task stream, memory per worker over time, and
//! progress per key prefix, as `protocol::charts` DTOs.
//!
//! Pure functions of a `sim::Sim` up to its current position; they read the trace and the
//! world and never step, seek or change the simulation.

mod memory;
mod progress;
mod stream;

pub use memory::{memory, MAX_POINTS};
pub use progress::progress;
pub use stream::{task_stream, MAX_BARS};

#[cfg(test)]
mod tests;
