//! The lectures' examples compute the right numbers, keys are stable and readable, big arrays
//! plan without holding values, and bad input gets an error, not a panic.

use crate::array::{assemble, execute, parse, parse_with, Array, ArrayError, ChunkSpec};
use crate::graph::GraphBuilder;
use crate::value::Value;
use ndarray::{array, ArrayD};
use std::collections::BTreeMap;

fn chunked(src: &str) -> ArrayD<f64> {
    let x = parse(src).unwrap_or_else(|e| panic!("{src}: {e}"));
    let value = x.compute().unwrap_or_else(|e| panic!("{src}: {e}"));
    assert_eq!(value, x.compute_dense().unwrap(), "{src}: chunked and dense differ");
    value
}

#[test]
fn comb_prod_is_an_outer_product() {
    let expected = array![[6.0, 2.0], [12.0, 4.0]].into_dyn();
    assert_eq!(chunked("da.outer(da.from_array([2, 4], chunks=1), da.from_array([3, 1], chunks=1))"), expected);
    assert_eq!(
        chunked("da.from_array([2, 4], chunks=1)[:, None] * da.from_array([3, 1], chunks=1)[None, :]"),
        expected
    );
}

#[test]
fn comb_prod_works_on_arrays_bound_by_name() {
    let a = Array::from_array(array![2.0, 4.0].into_dyn(), &1.into()).unwrap();
    let b = Array::from_array(array![3.0, 1.0].into_dyn(), &1.into()).unwrap();
    let env = BTreeMap::from([("a".to_string(), a), ("b".to_string(), b)]);
    let x = parse_with("a[:, None] * b[None, :]", &env).unwrap();
    assert_eq!(x.compute().unwrap(), array![[6.0, 2.0], [12.0, 4.0]].into_dyn());
}

#[test]
fn transpose_plus_self_then_column_sums() {
    let x = chunked("(da.ones((8, 8), chunks=(4, 4)) + da.ones((8, 8), chunks=4).T).sum(axis=0)");
    assert_eq!(x, ArrayD::from_elem(ndarray::IxDyn(&[8]), 16.0));
}

#[test]
fn matrix_products_match_numpy() {
    let x = chunked("da.from_array([[1, 2], [3, 4]], chunks=1) @ da.from_array([[5, 6], [7, 8]], chunks=1)");
    assert_eq!(x, array![[19.0, 22.0], [43.0, 50.0]].into_dyn());
    let v = chunked("da.from_array([[1, 2], [3, 4]], chunks=1) @ da.from_array([1, 1], chunks=1)");
    assert_eq!(v, array![3.0, 7.0].into_dyn());
    let s = chunked("da.from_array([1, 2, 3], chunks=2) @ da.from_array([4, 5, 6], chunks=1)");
    assert_eq!(s, ArrayD::from_elem(ndarray::IxDyn(&[]), 32.0));
}

#[test]
fn means_and_slices_give_numpy_values() {
    let m = chunked("da.arange(12, chunks=4).reshape((3, 4)).mean(axis=1, split_every=2)");
    assert_eq!(m, array![1.5, 5.5, 9.5].into_dyn());
    let s = chunked("da.arange(16, chunks=3)[5:9]");
    assert_eq!(s, array![5.0, 6.0, 7.0, 8.0].into_dyn());
    let t = chunked("(-da.arange(6, chunks=4) ** 2).min()");
    assert_eq!(t, ArrayD::from_elem(ndarray::IxDyn(&[]), -25.0));
}

#[test]
fn random_values_do_not_depend_on_the_chunking() {
    let a = parse("da.random.random((6, 7), chunks=2, seed=3)").unwrap().compute().unwrap();
    let b = parse("da.random.random((6, 7), chunks=(6, 3), seed=3)").unwrap().compute().unwrap();
    assert_eq!(a, b);
    let c = parse("da.random.random((6, 7), chunks=2, seed=4)").unwrap().compute().unwrap();
    assert_ne!(a, c);
    assert!(a.iter().all(|&v| (0.0..1.0).contains(&v)));
}

#[test]
fn two_random_calls_in_one_expression_are_different_arrays() {
    let x = parse("da.random.random(4, chunks=2) - da.random.random(4, chunks=2)").unwrap();
    assert!(x.compute().unwrap().iter().any(|&v| v != 0.0));
}

#[test]
fn a_10000_square_random_array_plans_and_computes_by_shape_only() {
    let x = parse("da.random.random((10000, 10000), chunks=(1000, 1000)).sum()").unwrap();
    assert!(!x.holds_values());
    let mut builder = GraphBuilder::new();
    let planned = x.plan(&mut builder);
    let graph = builder.build().unwrap();
    let values = execute(&graph).unwrap();
    assert_eq!(values[planned.keys[[]].index()], Value::Virtual { shape: vec![] });
    let chunk = graph.tasks().iter().position(|t| t.func == "random_sample").unwrap();
    assert_eq!(values[chunk], Value::Virtual { shape: vec![1000, 1000] });
    assert_eq!(assemble(&planned, &values), Err(ArrayError::NotHeld { shape: vec![] }));
    assert_eq!(x.compute_dense(), Err(ArrayError::NotHeld { shape: vec![] }));
}

#[test]
fn the_same_expression_gets_the_same_keys() {
    let src = "(da.random.random((8, 8), chunks=4) + 1).T.sum(axis=1, split_every=2)";
    let keys = |src: &str| {
        let mut builder = GraphBuilder::new();
        parse(src).unwrap().plan(&mut builder);
        builder.build().unwrap().tasks().iter().map(|t| t.key.clone()).collect::<Vec<_>>()
    };
    assert_eq!(keys(src), keys(src));
    assert_ne!(keys(src), keys("(da.random.random((8, 8), chunks=4) + 2).T.sum(axis=1, split_every=2)"));
}

#[test]
fn keys_read_like_dask_keys() {
    let x = parse("da.ones((8, 8), chunks=4) + 1").unwrap();
    let mut builder = GraphBuilder::new();
    let planned = x.plan(&mut builder);
    let graph = builder.build().unwrap();
    // Golden keys: a change here changes every saved trace.
    expect_test::expect!["('add-97f54bc2', 0, 1)"].assert_eq(graph.key(planned.keys[[0, 1]]));
    expect_test::expect!["('ones_like-2d92ae7f', 1, 1)"].assert_eq(graph.key(graph.deps(planned.keys[[1, 1]])[0]));
}

#[test]
fn workloads_planned_into_one_builder_share_their_common_layers() {
    let x = parse("da.random.random((8, 8), chunks=4)").unwrap();
    let mut builder = GraphBuilder::new();
    x.sum(None).unwrap().plan(&mut builder);
    let after_sum = builder.len();
    x.mean(Some(0)).unwrap().plan(&mut builder);
    // The 4 random blocks are reused: only mean_chunk (4) and mean_agg-aggregate (2) are new.
    assert_eq!(builder.len(), after_sum + 6);
    x.sum(None).unwrap().plan(&mut builder);
    assert_eq!(builder.len(), after_sum + 6, "planning the same expression again adds nothing");
    assert!(builder.build().is_ok());
}

#[test]
fn bad_shapes_are_refused_with_both_shapes_named() {
    let a = Array::ones(&[8, 8], &4.into()).unwrap();
    let b = Array::ones(&[4], &2.into()).unwrap();
    let err = a.add(&b).unwrap_err();
    assert_eq!(err.to_string(), "operands could not be broadcast together with shapes (8, 8) (4,)");
    let err = a.matmul(&Array::ones(&[4, 2], &2.into()).unwrap()).unwrap_err();
    assert!(err.to_string().contains("(8, 8) and (4, 2)"), "{err}");
    assert_eq!(a.sum(Some(2)).unwrap_err(), ArrayError::Axis { axis: 2, ndim: 2 });
    assert!(matches!(a.reshape(&[64]), Err(ArrayError::Reshape(_))));
    assert!(matches!(a.reshape(&[7, 9]), Err(ArrayError::Shape(_))));
    assert!(matches!(a.rechunk(&ChunkSpec::from([3, 3, 3])), Err(ArrayError::Chunks(_))));
    assert!(matches!(a.reduce(crate::array::Reduction::Sum, None, Some(0)), Err(ArrayError::Argument(_))));
    assert!(matches!(Array::ones(&[8, 0], &4.into()), Err(ArrayError::Argument(_))));
}

#[test]
fn oversized_requests_are_refused_before_anything_is_allocated() {
    let err = Array::ones(&[1 << 30, 1 << 30], &1.into()).unwrap_err();
    assert!(err.to_string().contains("would make"), "{err}");
    let err = Array::ones(&[1 << 40, 1 << 40, 1 << 40], &ChunkSpec::auto()).unwrap_err();
    assert!(err.to_string().contains("too many elements"), "{err}");
    let v = Array::ones(&[2000], &1.into()).unwrap();
    let err = Array::outer(&v, &v).unwrap_err();
    assert!(err.to_string().contains("at most 1048576"), "{err}");
    assert!(Array::ones(&[8], &4.into()).unwrap().reduce(crate::array::Reduction::Sum, None, Some(usize::MAX)).is_ok());
}

#[test]
fn expressions_nest_up_to_the_limit_and_no_further() {
    let mut x = Array::ones(&[4], &2.into()).unwrap();
    for _ in 1..crate::array::MAX_DEPTH {
        x = x.add(1.0).unwrap();
    }
    assert!(matches!(x.add(1.0), Err(ArrayError::Argument(_))));
    // The deepest expression plans, computes and is dropped within a browser's 1 MiB stack.
    let values = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || (x.compute().unwrap(), x.compute_dense().unwrap()))
        .unwrap()
        .join()
        .expect("no stack overflow");
    assert_eq!(values.0, values.1);
    let deep = format!("{}da.ones(4){}", "(".repeat(100), ")".repeat(100));
    assert!(parse(&deep).unwrap_err().message.contains("nests more than 64 levels"));
    let long = format!("da.ones(4){}", " + 1".repeat(300));
    assert!(parse(&long).unwrap_err().message.contains("operations deep"));
}
