//! One fixed run used to prove determinism: native and wasm must produce the same trace.
//! Shared by `tests/it` (native) and `tests/web.rs` (wasm) through `#[path]`.

use tasklab::graph::{GraphBuilder, Restrictions, TaskSpec};
use tasklab::sim::{Breakage, ClusterSpec, Fault, FaultKind, Sim, Trigger, World, Workload};
use tasklab::time::{SimDuration, SimTime};

/// The golden hash, written by the native test (`UPDATE_EXPECT=1`) and read by both.
pub const GOLDEN: &str = include_str!("../golden/trace-hash.txt");

/// A map, a tree reduction and a few faults on a 3-worker cluster with jitter from the seed.
pub fn trace_text() -> String {
    let mut b = GraphBuilder::new();
    let xs: Vec<_> = (0..48)
        .map(|i| {
            let mut s = TaskSpec::new(format!("('inc-5f2a', {i})"), vec![])
                .duration(SimDuration::from_millis(40 + (i % 7) * 13))
                .nbytes(1_000_000 + i * 1000)
                .gil(i % 3 == 0);
            if i == 5 {
                s.restrictions = Restrictions { workers: vec!["b".into()], loose: true };
            }
            b.add(s)
        })
        .collect();
    let parts: Vec<_> = xs
        .chunks(4)
        .enumerate()
        .map(|(i, c)| b.add(TaskSpec::new(format!("('sum-partial-9c1e', {i})"), c.to_vec()).duration(SimDuration::from_millis(5))))
        .collect();
    b.add(TaskSpec::new("('sum-aggregate-9c1e', 0)", parts).duration(SimDuration::from_millis(5)));
    let graph = b.build().expect("valid graph");
    let mut spec = ClusterSpec::local(3, 2);
    spec.cores = 4;
    spec.duration_jitter = 0.2;
    spec = spec.with_memory_limit(40_000_000);
    let faults = vec![
        Fault { trigger: Trigger::At(SimTime(300_000)), kind: FaultKind::KillWorker { worker: "a".into() } },
        Fault {
            trigger: Trigger::At(SimTime(100_000)),
            kind: FaultKind::BreakFunction { func: "sum-partial".into(), how: Breakage::Raises { message: "boom".into() } },
        },
    ];
    let world = World::new(spec, Workload::compute(graph.clone()), faults, 42).expect("valid cluster");
    let mut sim = Sim::new(world);
    while sim.step() {}
    sim.trace().to_jsonl(&graph, &sim.world().worker_names())
}

/// FNV-1a, 64 bits, as hex.
pub fn hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}
