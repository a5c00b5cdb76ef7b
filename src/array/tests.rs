//! Tests of the array module as a whole: graph shapes against Dask's counts, chunked results
//! against the dense reference, and the lecture's examples.

mod dense_equivalence;
mod graph_shapes;
mod lecture;
