//! How messages cross the Web Worker boundary: `serde_wasm_bindgen` turns them into plain
//! JavaScript objects (readable in the browser's devtools) instead of gloo-worker's default
//! bincode bytes.
//!
//! Browser only. Knows nothing of what the messages mean.

use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::JsValue;

/// The codec both ends of the page ↔ host bridge are built with.
pub struct WireCodec;

impl gloo_worker::Codec for WireCodec {
    fn encode<I: Serialize>(input: I) -> JsValue {
        serde_wasm_bindgen::to_value(&input).expect("wire messages hold only plain data")
    }

    fn decode<O: DeserializeOwned>(input: JsValue) -> O {
        serde_wasm_bindgen::from_value(input).expect("both ends are built from the same protocol")
    }
}
