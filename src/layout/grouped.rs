//! The grouped view of a large graph: one node per task group (`('sum-partial-…', i, j)`
//! keys make one group), edges between groups, and any groups the student opened shown
//! task by task.
//!
//! Builds a small DAG for `layout_dag`; knows nothing of coordinates or task states.

use super::{layout_dag, Layout, LayoutOptions};
use crate::graph::{GroupId, TaskGraph, TaskId};
use crate::order::key_ranks;

/// A node of the grouped view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewNode {
    /// A whole task group, drawn as one node.
    Group(GroupId),
    /// One task of an expanded group.
    Task(TaskId),
}

/// A DAG over groups and expanded tasks, ready to lay out.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupedGraph {
    pub nodes: Vec<ViewNode>,
    /// How many tasks each node stands for (1 for a task).
    pub tasks: Vec<u32>,
    /// Each node's dependencies, by node index.
    ///
    /// Groups of string keys can depend on each other both ways (`inc` → `add` → `inc`);
    /// such an edge is drawn once, from the group that starts earlier, so the view stays a DAG.
    pub deps: Vec<Vec<u32>>,
    /// Left-to-right order within a layer: the key order of each node's first task.
    pub order_key: Vec<u32>,
    /// The node showing each task, by `TaskId`.
    node_of: Vec<u32>,
}

impl GroupedGraph {
    pub fn layout(&self, opts: &LayoutOptions) -> Layout {
        layout_dag(&self.deps, &self.order_key, opts)
    }

    /// The node showing this task: the task itself, or its collapsed group.
    pub fn node_of(&self, task: TaskId) -> u32 {
        self.node_of[task.index()]
    }
}

/// One node per task group.
pub fn group_by_key_name(graph: &TaskGraph) -> GroupedGraph {
    expand(graph, &[])
}

/// One node per task group, except the `expanded` groups, whose tasks are shown one by one.
pub fn expand(graph: &TaskGraph, expanded: &[GroupId]) -> GroupedGraph {
    let keys = key_ranks(graph);
    let mut depth = vec![0u32; graph.len()];
    for t in graph.topological_order() {
        depth[t.index()] = graph.deps(t).iter().map(|d| depth[d.index()] + 1).max().unwrap_or(0);
    }

    let mut nodes = Vec::new();
    let mut node_of = vec![0u32; graph.len()];
    for (g, group) in graph.groups().iter().enumerate() {
        let g = GroupId(g as u32);
        if expanded.contains(&g) {
            for &t in &group.tasks {
                node_of[t.index()] = nodes.len() as u32;
                nodes.push(ViewNode::Task(t));
            }
        } else {
            for &t in &group.tasks {
                node_of[t.index()] = nodes.len() as u32;
            }
            nodes.push(ViewNode::Group(g));
        }
    }
    let tasks: Vec<u32> = nodes
        .iter()
        .map(|node| match *node {
            ViewNode::Group(g) => graph.group_info(g).tasks.len() as u32,
            ViewNode::Task(_) => 1,
        })
        .collect();
    // Where a node starts: its earliest task's depth, then its first key. Edges run from the
    // earlier node to the later one, which keeps the view acyclic.
    let mut start = vec![(u32::MAX, u32::MAX); nodes.len()];
    for t in graph.ids() {
        let s = &mut start[node_of[t.index()] as usize];
        *s = (*s).min((depth[t.index()], keys[t.index()]));
    }
    let mut edges: Vec<(u32, u32)> = Vec::new();
    for t in graph.ids() {
        for d in graph.deps(t) {
            let (a, b) = (node_of[d.index()], node_of[t.index()]);
            if a != b {
                let earlier_first = (start[a as usize], a) < (start[b as usize], b);
                edges.push(if earlier_first { (b, a) } else { (a, b) });
            }
        }
    }
    edges.sort_unstable();
    edges.dedup();
    let mut deps = vec![Vec::new(); nodes.len()];
    for (dependent, dependency) in edges {
        deps[dependent as usize].push(dependency);
    }
    let order_key = start.iter().map(|&(_, key)| key).collect();
    GroupedGraph { nodes, tasks, deps, order_key, node_of }
}
