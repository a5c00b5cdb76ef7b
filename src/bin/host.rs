//! Trunk entry point for the host Web Worker that runs the engine.

fn main() {}
