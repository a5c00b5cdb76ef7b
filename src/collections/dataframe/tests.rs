//! The tips groupby: Dask's layer sizes, and the same numbers as a direct computation.

use super::*;
use crate::graph::{key_split, TaskGraph};
use crate::sim::{ClusterSpec, Sim, World};
use proptest::prelude::*;

fn spec(rows: u32, blocksize: u64, agg: &str) -> GroupbySpec {
    GroupbySpec {
        rows,
        blocksize,
        by: "day".into(),
        column: "tip".into(),
        agg: agg.into(),
        filter: None,
        split_every: None,
        seed: 1,
    }
}

/// Runs every kernel in dependency order, as the workers would.
fn evaluate(g: &TaskGraph) -> Vec<Value> {
    let mut values: Vec<Value> = vec![Value::Unit; g.len()];
    for t in g.topological_order() {
        let inputs: Vec<&Value> = g.deps(t).iter().map(|d| &values[d.index()]).collect();
        values[t.index()] = (g.task(t).kernel.as_ref().expect("every task computes"))(&inputs).unwrap();
    }
    values
}

fn answer(s: &GroupbySpec, g: &TaskGraph, values: &[Value]) -> Vec<(String, f64)> {
    result_table(s, &values[g.outputs()[0].index()]).unwrap()
}

fn close(a: &[(String, f64)], b: &[(String, f64)]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|((l, x), (m, y))| l == m && (x - y).abs() <= 1e-9 * y.abs().max(1.0))
}

fn count(g: &TaskGraph, prefix: &str) -> usize {
    g.tasks().iter().filter(|t| key_split(&t.key) == prefix).count()
}

/// Dask's tree with `split_out=1`: while more than `split_every` remain, combine them
/// `split_every` at a time; then one aggregate.
fn tree_tasks(partitions: usize, split_every: usize) -> usize {
    let (mut n, mut tasks) = (partitions, 1);
    while n > split_every {
        n = n.div_ceil(split_every);
        tasks += n;
    }
    tasks
}

#[test]
fn dasks_verified_tree_sizes() {
    // 34 partitions ⇒ 5 combines + 1 aggregate; 4 partitions ⇒ 1 aggregate (split_every 8).
    assert_eq!(tree_tasks(34, 8), 6);
    assert_eq!(tree_tasks(4, 8), 1);
    let s = spec(3000, 1, "mean");
    let size = tips::csv(&tips::table(s.rows, s.seed)).len() as u64;
    let g = build(&GroupbySpec { blocksize: size / 34, ..s }).unwrap().graph;
    assert_eq!(count(&g, "read-csv"), 34);
    assert_eq!(count(&g, "mean-chunk"), 34);
    assert_eq!(count(&g, "mean-tree"), 6);
}

#[test]
fn the_simulated_groupby_mean_of_tips_by_day_matches_pandas_style_arithmetic() {
    let s = GroupbySpec { filter: Some("time == 'Dinner'".into()), ..spec(2000, 8_000, "mean") };
    let w = build(&s).unwrap();
    let mut sim = Sim::new(World::new(ClusterSpec::local(3, 2), w.clone(), vec![], 2).unwrap());
    while sim.step() {}
    let out = w.graph.outputs()[0];
    let got = result_table(&s, sim.world().value(out).unwrap()).unwrap();
    let want = direct(&s).unwrap();
    assert!(close(&got, &want), "{got:?} vs {want:?}");
    assert_eq!(got.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>(), ["Thur", "Fri", "Sat", "Sun"]);
}

#[test]
fn bad_specs_name_the_field() {
    let e = |s: GroupbySpec| build(&s).unwrap_err();
    assert!(e(GroupbySpec { agg: "median".into(), ..spec(10, 100, "") }).contains("median"));
    assert!(e(GroupbySpec { by: "tips".into(), ..spec(10, 100, "sum") }).contains("`tips` is not a column"));
    assert!(e(GroupbySpec { by: "tip".into(), ..spec(10, 100, "sum") }).contains("category"));
    assert!(e(GroupbySpec { filter: Some("day == 'Mon'".into()), ..spec(10, 100, "sum") }).contains("Thur, Fri, Sat, Sun"));
    assert!(e(GroupbySpec { split_every: Some(1), ..spec(10, 100, "sum") }).contains("split_every = 1"));
    assert!(e(spec(10, 0, "sum")).contains("blocksize = 0"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn groupby_equals_the_direct_computation_with_dasks_layer_sizes(
        seed in 0u64..1000,
        rows in 50u32..3000,
        blocksize in 400u64..30_000,
        agg in prop::sample::select(vec!["mean", "sum", "count"]),
        by in prop::sample::select(vec!["day", "time", "size"]),
        column in prop::sample::select(vec!["total_bill", "tip", "size"]),
        filter in prop::sample::select(vec![None, Some("tip > 3"), Some("size >= 3"), Some("day != 'Sun'")]),
        split_every in 2u32..10,
    ) {
        let s = GroupbySpec {
            rows, blocksize, seed, agg: agg.into(), by: by.into(), column: column.into(),
            filter: filter.map(str::to_string), split_every: Some(split_every),
        };
        let g = build(&s).unwrap().graph;
        let values = evaluate(&g);
        let got = answer(&s, &g, &values);
        let want = direct(&s).unwrap();
        prop_assert!(close(&got, &want), "{:?} vs {:?}", got, want);

        // read_bytes cuts a file larger than the blocksize into size // blocksize parts.
        let size = tips::csv(&tips::table(rows, seed)).len() as u64;
        let partitions = (size / blocksize).max(1) as usize;
        prop_assert_eq!(count(&g, "read-block"), partitions);
        prop_assert_eq!(count(&g, "read-csv"), partitions);
        prop_assert_eq!(count(&g, "filter"), if filter.is_some() { partitions } else { 0 });
        prop_assert_eq!(count(&g, &format!("{agg}-chunk")), partitions);
        prop_assert_eq!(count(&g, &format!("{agg}-tree")), tree_tasks(partitions, split_every as usize));
        prop_assert_eq!(g.outputs().len(), 1);
    }
}
