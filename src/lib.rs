//! Tasklab: a teaching simulator of Dask's distributed scheduler.
//!
//! The engine (`graph`, `time`, `rng`, `order`, `sched`, `sim`, `array`, `collections`,
//! `scenario`, `layout`) is sans-IO and deterministic and builds on every target; `protocol`
//! and `host` carry it to the page; `ui` is the page itself (browser, or natively with the
//! `ssr` feature for tests).

pub mod array;
pub mod collections;
pub mod graph;
pub mod host;
pub mod layout;
pub mod order;
pub mod protocol;
pub mod scenario;
pub mod sched;
pub mod sim;
pub mod rng;
pub mod time;
#[cfg(any(feature = "ssr", target_arch = "wasm32"))]
pub mod ui;
pub mod value;
