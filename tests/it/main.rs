//! Tasklab's integration tests: one binary, one module per concern.

mod ahead;
mod engine;
mod properties;
mod sched;
mod scenarios;
mod tidy;
mod determinism;
mod whatif;
