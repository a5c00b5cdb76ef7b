//! (placeholder, filled in on its own branch)
pub fn order(graph: &crate::graph::TaskGraph) -> Vec<u32> { let mut o = vec![0; graph.len()]; for (i, t) in graph.topological_order().into_iter().enumerate() { o[t.index()] = i as u32; } o }
