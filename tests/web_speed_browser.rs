//! The engine's speed in wasm in headless Chromium (`make bench`; `cargo test --release
//! --target wasm32-unknown-unknown --test web_speed_browser -- --nocapture`): the test of
//! `tests/web_speed.rs`, run by the browser's wasm engine instead of node's.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "web_speed.rs"]
mod web_speed;
