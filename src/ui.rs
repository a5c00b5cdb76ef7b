//! The page: Yew function components that render what the host reports and send `ToEngine`
//! commands back. `UiState` folds the host's replies; `Page` is a pure function of it, so the
//! server renderer tests it natively; `App` wires it to the host Web Worker (browser only).
//!
//! Knows the wire (`protocol`) and nothing of scheduling: it never names `sched`, `sim` or
//! `array`, and computes no result the engine did not report.

#[cfg(target_arch = "wasm32")]
mod app;
pub mod charts;
pub(crate) mod compute;
mod faults;
mod format;
mod graph;
mod help;
mod keys;
mod loader;
mod log;
mod markdown;
mod marks;
mod page;
mod state;
mod summary;
mod timeline;
mod tour;
mod why;
mod workers;
pub mod values;

#[cfg(target_arch = "wasm32")]
pub use app::{install_panic_panel, App};
pub use help::{shortcut, Shortcut, SHORTCUTS};
pub use loader::{SAMPLE_ARRAY, SAMPLE_GRAPH};
pub use page::{Page, PageProps};
pub use state::{UiAction, UiState, SPEEDS};
