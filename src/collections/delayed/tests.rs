//! The delayed pipeline: impure keys, the pipeline's shape, and its answers.

use super::*;
use crate::graph::key_split;
use crate::sim::{ClusterSpec, Sim, World};
use std::collections::BTreeMap;

fn spec(seed: u64) -> PipelineSpec {
    PipelineSpec { files: 4, rows_per_file: 500, window: 20, seed, comparisons: Some(3), subset: Some(50), pure: false }
}

fn by_prefix(w: &Workload) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for t in w.graph.tasks() {
        *m.entry(key_split(&t.key)).or_insert(0) += 1;
    }
    m
}

#[test]
fn delayed_keys_are_impure_unless_asked_to_be_pure() {
    let a = build(&spec(1)).unwrap();
    let again = build(&spec(1)).unwrap();
    let other = build(&spec(2)).unwrap();
    assert_eq!(a.graph.key(TaskId(0)), again.graph.key(TaskId(0)), "the same seed replays the same uuids");
    assert_ne!(a.graph.key(TaskId(0)), other.graph.key(TaskId(0)), "a new run draws new uuids");
    let k = a.graph.key(TaskId(0));
    assert_eq!(k.len(), "load-".len() + 36, "funcname-<uuid4>: {k}");
    let keys = |w: &Workload| w.graph.tasks().iter().map(|t| t.key.clone()).collect::<std::collections::BTreeSet<_>>();
    assert!(keys(&a).is_disjoint(&keys(&other)), "no impure key repeats across runs");
    let pure = |seed| build(&PipelineSpec { pure: true, ..spec(seed) }).unwrap();
    let (p, q) = (pure(1), pure(1));
    assert_eq!(keys(&p), keys(&q));
    assert_eq!(p.graph.key(TaskId(0)).len(), "load-".len() + 32, "funcname-<token>");
}

#[test]
fn the_graph_is_shaped_as_the_pipeline() {
    let s = spec(3);
    let w = build(&s).unwrap();
    let counts = by_prefix(&w);
    let files = s.files as usize;
    let expected: BTreeMap<String, usize> =
        [("load", files), ("normalize", files), ("rolling", files), ("compare", 3)].into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    assert_eq!(counts, expected);
    let g = &w.graph;
    for t in g.ids() {
        let deps: Vec<String> = g.deps(t).iter().map(|d| key_split(g.key(*d))).collect();
        match key_split(g.key(t)).as_str() {
            "load" => assert!(deps.is_empty()),
            "normalize" => assert_eq!(deps, ["load"]),
            // Each rolling window reaches back into the previous file, except the first.
            "rolling" => assert!(deps == ["normalize"] || deps == ["normalize", "normalize"], "{deps:?}"),
            "compare" => assert_eq!(deps, ["rolling", "rolling"]),
            other => panic!("unexpected task {other}"),
        }
    }
    let two_inputs = g.ids().filter(|&t| key_split(g.key(t)) == "rolling" && g.deps(t).len() == 2).count();
    assert_eq!(two_inputs, files - 1);
}

#[test]
fn the_simulated_pipeline_gives_the_direct_answers() {
    for seed in [1, 7] {
        let s = spec(seed);
        let w = build(&s).unwrap();
        let mut sim = Sim::new(World::new(ClusterSpec::local(2, 2), w.clone(), vec![], seed).unwrap());
        while sim.step() {}
        let got: Vec<f64> = w
            .graph
            .ids()
            .filter(|&t| key_split(w.graph.key(t)) == "compare")
            .map(|t| match sim.world().value(t) {
                Some(Value::Scalar(x)) => *x,
                other => panic!("{other:?}"),
            })
            .collect();
        let want = direct(&s).unwrap();
        assert_eq!(got.len(), want.len());
        for (g, d) in got.iter().zip(&want) {
            assert!((g - d).abs() < 1e-9, "{got:?} vs {want:?}");
        }
    }
}

#[test]
fn bad_specs_say_which_field_is_wrong() {
    assert!(build(&PipelineSpec { files: 1, ..spec(1) }).unwrap_err().contains("files = 1"));
    assert!(build(&PipelineSpec { window: 0, ..spec(1) }).unwrap_err().contains("window = 0"));
    let toml_like: PipelineSpec = serde_json::from_str(r#"{"files": 3, "rows_per_file": 10, "window": 2, "seed": 5}"#).unwrap();
    assert_eq!(toml_like.comparisons, None);
    assert!(serde_json::from_str::<PipelineSpec>(r#"{"files": 3, "rows_per_file": 10, "window": 2, "seed": 5, "wat": 1}"#).is_err());
}
