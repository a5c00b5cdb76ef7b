//! The graph's drawing for the page: the layered layout of every task, or past
//! `layout::GROUP_THRESHOLD` tasks one node per task group with the opened groups task by task.
//!
//! Runs in the host (never on the page's thread). Knows the graph's shape; nothing of states.

use crate::graph::{GroupId, TaskGraph};
use crate::layout::{self, expand, Layout, LayoutOptions, ViewNode, GROUP_THRESHOLD};
use crate::protocol::{GraphView, NodeView};

/// Draws `graph`; `opened` are the groups shown task by task in the grouped view.
pub fn draw(graph: &TaskGraph, opened: &[GroupId]) -> GraphView {
    let opts = LayoutOptions::default();
    if graph.len() <= GROUP_THRESHOLD {
        let l = layout::layout(graph, &opts);
        let nodes = graph.ids().map(|t| (graph.key(t).to_string(), 1, false)).collect();
        return view(&l, nodes, graph.ids().map(|t| t.0).collect(), false);
    }
    let grouped = expand(graph, opened);
    let l = grouped.layout(&opts);
    let nodes = grouped
        .nodes
        .iter()
        .zip(&grouped.tasks)
        .map(|(n, &count)| match *n {
            ViewNode::Group(g) => (graph.group_info(g).name.clone(), count, true),
            ViewNode::Task(t) => (graph.key(t).to_string(), 1, false),
        })
        .collect();
    view(&l, nodes, graph.ids().map(|t| grouped.node_of(t)).collect(), true)
}

fn view(l: &Layout, labels: Vec<(String, u32, bool)>, node_of_task: Vec<u32>, grouped: bool) -> GraphView {
    GraphView {
        nodes: l
            .nodes
            .iter()
            .zip(labels)
            .map(|(p, (label, tasks, group))| NodeView { x: p.x, y: p.y, label, tasks, group })
            .collect(),
        edges: l.edges.iter().map(|e| (e.from, e.to)).collect(),
        edge_points: l.edges.iter().map(|e| e.points.clone()).collect(),
        width: l.width,
        height: l.height,
        node_of_task,
        grouped,
    }
}
