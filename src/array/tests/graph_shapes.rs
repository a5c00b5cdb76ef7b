//! The graphs arrays plan have Dask's shape: the task counts per layer below are the ones
//! `reference/dask-model.md` §8 reports from real Dask (unoptimised graphs).

use crate::array::{block_key, parse, Array, Planned};
use crate::graph::{key_group, GraphBuilder, TaskGraph};
use expect_test::{expect, Expect};

fn plan_of(src: &str) -> (TaskGraph, Planned) {
    let x = parse(src).unwrap_or_else(|e| panic!("{src}: {e}"));
    let mut builder = GraphBuilder::new();
    let planned = x.plan(&mut builder);
    (builder.build().expect("a planned graph is valid"), planned)
}

/// Tasks per function, in the order the functions first appear.
fn check(src: &str, expected: Expect) {
    let (graph, _) = plan_of(src);
    let mut counts: Vec<(String, usize)> = Vec::new();
    for t in graph.tasks() {
        match counts.iter_mut().find(|(f, _)| *f == t.func) {
            Some((_, n)) => *n += 1,
            None => counts.push((t.func.clone(), 1)),
        }
    }
    let text: Vec<String> = counts.iter().map(|(f, n)| format!("{f} {n}")).collect();
    expected.assert_eq(&text.join(", "));
}

#[test]
fn a_full_sum_of_4x4_blocks_combines_squares_of_2x2() {
    check("da.ones((8, 8), chunks=2).sum()", expect!["ones_like 16, sum 16, sum-partial 4, sum-aggregate 1"]);
}

#[test]
fn a_full_sum_of_16x16_blocks_takes_three_partial_levels() {
    // 64 + 16 + 4 partial tasks, then one aggregate.
    check("da.ones((32, 32), chunks=2).sum()", expect!["ones_like 256, sum 256, sum-partial 84, sum-aggregate 1"]);
}

#[test]
fn a_sum_along_one_axis_combines_four_blocks_per_task() {
    check(
        "da.ones((32, 32), chunks=2).sum(axis=0)",
        expect!["ones_like 256, sum 256, sum-partial 64, sum-aggregate 16"],
    );
}

#[test]
fn a_mean_carries_sums_and_counts_through_its_own_functions() {
    check(
        "da.ones((8, 8), chunks=2).mean()",
        expect!["ones_like 16, mean_chunk 16, mean_combine-partial 4, mean_agg-aggregate 1"],
    );
}

#[test]
fn split_every_sets_the_fan_in_of_the_tree() {
    // 8 blocks along the axis, 2 per task: 4 + 2 partial tasks per row, then 1 aggregate.
    check(
        "da.ones((8, 16), chunks=2).max(axis=1, split_every=2)",
        expect!["ones_like 32, chunk_max 32, chunk_max-partial 24, max-aggregate 4"],
    );
}

#[test]
fn matmul_of_4x4_blocks_is_64_products_summed_without_a_partial_level() {
    check(
        "da.random.random((8, 8), chunks=2) @ da.random.random((8, 8), chunks=2)",
        expect!["random_sample 32, matmul 64, _chunk_sum 64, _chunk_sum-aggregate 16"],
    );
}

#[test]
fn matmul_with_16_blocks_along_k_adds_a_partial_level() {
    check(
        "da.random.random((8, 32), chunks=2) @ da.random.random((32, 8), chunks=2)",
        expect!["random_sample 128, matmul 256, _chunk_sum 256, _chunk_sum-partial 64, _chunk_sum-aggregate 16"],
    );
}

#[test]
fn matmul_with_one_block_along_k_only_squeezes() {
    check(
        "da.random.random((8, 8), chunks=(2, 8)) @ da.random.random((8, 8), chunks=(8, 2))",
        expect!["random_sample 8, matmul 16, getitem 16"],
    );
}

#[test]
fn outer_of_two_4_block_vectors_is_16_tasks() {
    check(
        "da.outer(da.arange(8, chunks=2), da.random.random(8, chunks=2))",
        expect!["arange 4, random_sample 4, outer 16"],
    );
}

#[test]
fn a_transpose_is_one_task_per_block() {
    check("da.ones((8, 8), chunks=2).T", expect!["ones_like 16, transpose 16"]);
}

#[test]
fn coarsening_by_whole_blocks_merges_without_splitting() {
    check("da.ones((8, 8), chunks=2).rechunk(4)", expect!["ones_like 16, rechunk-merge 4"]);
}

#[test]
fn rows_to_columns_goes_through_one_whole_block() {
    // plan_rechunk first merges the 8 column blocks into one 8×8 block (1 merge, no split:
    // 8 × 8 = 64 pieces would reach the threshold 4 × (8 + 8)), then cuts it into rows: 8
    // splits, each new block an alias of its split. So 8 splits and 1 + 8 merge keys.
    check("da.ones((8, 8), chunks=(8, 1)).rechunk((1, 8))", expect!["ones_like 8, rechunk-merge 9, rechunk-split 8"]);
    let (graph, _) = plan_of("da.ones((8, 8), chunks=(8, 1)).rechunk((1, 8))");
    let mut merge_layers: Vec<usize> =
        graph.groups().iter().filter(|g| g.name.starts_with("rechunk-merge")).map(|g| g.tasks.len()).collect();
    merge_layers.sort();
    assert_eq!(merge_layers, vec![1, 8]);
}

#[test]
fn operands_with_different_chunks_are_rechunked_to_common_boundaries() {
    // (5, 3) and (4, 4) meet at (4, 1, 3): each side needs 2 splits and 3 merges.
    check(
        "da.ones(8, chunks=(5, 3)) + da.zeros(8, chunks=4)",
        expect!["ones_like 2, rechunk-split 4, rechunk-merge 6, zeros_like 2, add 3"],
    );
}

#[test]
fn a_broadcast_vector_is_read_by_every_row_of_blocks() {
    check("da.ones((8, 8), chunks=2) + da.arange(8, chunks=2)", expect!["ones_like 16, arange 4, add 16"]);
    let (graph, planned) = plan_of("da.ones((8, 8), chunks=2) + da.arange(8, chunks=2)");
    let task = graph.task(planned.keys[[3, 1]]);
    let deps: Vec<&str> = task.deps.iter().map(|&d| graph.key(d)).collect();
    assert!(deps[0].ends_with(", 3, 1)") && deps[1].ends_with(", 1)"), "{deps:?}");
}

#[test]
fn the_comb_prod_graph_has_one_product_per_pair_of_elements() {
    check(
        "da.from_array([2, 4], chunks=1)[:, None] * da.from_array([3, 1], chunks=1)[None, :]",
        expect!["array 4, getitem 4, mul 4"],
    );
}

/// The keys a task depends on, as `(layer name, block index)` pairs.
fn deps_of(graph: &TaskGraph, key: &str) -> Vec<String> {
    let id = graph.id(key).unwrap_or_else(|| panic!("no task {key}"));
    graph.deps(id).iter().map(|&d| graph.key(d).to_string()).collect()
}

#[test]
fn each_partial_sum_reads_a_square_of_chunk_sums() {
    let (graph, planned) = plan_of("da.ones((8, 8), chunks=2).sum()");
    let aggregate = graph.key(planned.keys[[]]).to_string();
    let partials = deps_of(&graph, &aggregate);
    assert_eq!(partials.len(), 4);
    let first = deps_of(&graph, &partials[0]);
    let sum = key_group(&first[0]);
    let expected: Vec<String> = [[0, 0], [0, 1], [1, 0], [1, 1]].iter().map(|ix| block_key(&sum, ix)).collect();
    assert_eq!(first, expected);
}

#[test]
fn a_block_product_reads_its_row_of_a_and_its_column_of_b() {
    let a = Array::random(&[8, 8], &2.into(), 1).unwrap();
    let b = Array::random(&[8, 8], &2.into(), 2).unwrap();
    let mut builder = GraphBuilder::new();
    a.matmul(&b).unwrap().plan(&mut builder);
    let graph = builder.build().unwrap();
    let product =
        graph.tasks().iter().find(|t| t.func == "matmul" && t.key.ends_with(", 1, 2, 3)")).expect("block (1, 2, 3)");
    let deps: Vec<&str> = product.deps.iter().map(|&d| graph.key(d)).collect();
    assert_eq!(deps, vec![block_key(a.name(), &[1, 2]), block_key(b.name(), &[2, 3])]);
}

#[test]
fn a_transposed_block_reads_the_mirrored_block() {
    let (graph, planned) = plan_of("da.ones((8, 6), chunks=2).T");
    let deps = deps_of(&graph, graph.key(planned.keys[[2, 1]]));
    assert!(deps[0].ends_with(", 1, 2)"), "{deps:?}");
}

#[test]
fn tasks_carry_their_size_cost_and_producer_flag() {
    use crate::array::cost::CostKind;
    let (graph, planned) = plan_of("da.random.random((10000, 10000), chunks=(1000, 1000))");
    assert_eq!(planned.keys.len(), 100);
    let t = graph.task(planned.keys[[3, 4]]);
    assert_eq!(t.func, "random_sample");
    assert_eq!(t.nbytes, 1000 * 1000 * 8);
    assert_eq!(t.duration, CostKind::Random.duration(1000 * 1000));
    assert!(t.data_producer);
    let (graph, _) = plan_of("da.ones((8, 8), chunks=4).mean()");
    let chunk = graph.tasks().iter().find(|t| t.func == "mean_chunk").unwrap();
    assert_eq!(chunk.nbytes, 2 * 8, "a (sum, count) pair per reduced block");
    assert!(!chunk.data_producer);
}

#[test]
fn a_block_read_twice_is_one_dependency() {
    let (graph, planned) = plan_of("da.arange(6, chunks=3) * da.arange(6, chunks=3)");
    assert_eq!(graph.deps(planned.keys[[1]]).len(), 1);
    let x = parse("da.arange(6, chunks=3) * da.arange(6, chunks=3)").unwrap();
    assert_eq!(x.compute().unwrap(), ndarray::array![0.0, 1.0, 4.0, 9.0, 16.0, 25.0].into_dyn());
    let (graph, _) = plan_of("da.outer(da.arange(4, chunks=2), da.arange(4, chunks=2))");
    let diagonal = graph.tasks().iter().find(|t| t.func == "outer" && t.key.ends_with(", 1, 1)")).unwrap();
    assert_eq!(diagonal.deps.len(), 1);
}
