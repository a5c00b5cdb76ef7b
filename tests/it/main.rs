//! Tasklab's integration tests: one binary, one module per concern.

mod engine;
mod properties;
mod sched;
mod scenarios;
mod tidy;
mod determinism;
