//! The same scenario and seed give a byte-identical trace, run after run; the hash is kept
//! in `tests/golden/trace-hash.txt`, which the wasm test compares against too.

#[path = "../shared/determinism.rs"]
mod determinism;

#[test]
fn the_same_seed_gives_the_same_trace_byte_for_byte() {
    let a = determinism::trace_text();
    let b = determinism::trace_text();
    assert_eq!(a, b);
    assert!(a.lines().count() > 300, "a real run: {} lines", a.lines().count());
    let h = determinism::hash(&a);
    if std::env::var("UPDATE_EXPECT").is_ok() {
        std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/trace-hash.txt"), format!("{h}\n")).unwrap();
    } else {
        assert_eq!(h, determinism::GOLDEN.trim(), "the trace changed; if on purpose, rerun with UPDATE_EXPECT=1");
    }
}
