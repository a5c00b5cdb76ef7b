//! Trunk entry point for the page (Yew).

fn main() {}
