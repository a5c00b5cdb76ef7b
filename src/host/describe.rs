//! Turns a `TaskGraph` into the wire's plain descriptions: the graph as a whole, one task.
//!
//! Reads the graph only; knows nothing of the page or of messages' order.

use crate::graph::{TaskGraph, TaskId};
use crate::protocol::{GraphSummary, PrefixRow, TaskDetail};

/// How many output keys a summary lists; the rest are only counted.
pub const OUTPUTS_LISTED: usize = 12;

pub fn summary(g: &TaskGraph) -> GraphSummary {
    let mut prefixes: Vec<PrefixRow> = g
        .prefixes()
        .iter()
        .map(|name| PrefixRow { name: name.clone(), tasks: 0, work_us: 0, nbytes: 0 })
        .collect();
    for id in g.ids() {
        let t = g.task(id);
        let row = &mut prefixes[g.prefix(id).0 as usize];
        row.tasks += 1;
        row.work_us += t.duration.as_micros();
        row.nbytes += t.nbytes;
    }
    let outputs = g.outputs();
    GraphSummary {
        tasks: g.len() as u32,
        dependencies: g.ids().map(|id| g.deps(id).len() as u32).sum(),
        roots: g.ids().filter(|&id| g.deps(id).is_empty()).count() as u32,
        critical_path_us: g.critical_path().as_micros(),
        total_work_us: g.total_work().as_micros(),
        prefixes,
        outputs: outputs.iter().take(OUTPUTS_LISTED).map(|&id| g.key(id).to_string()).collect(),
        output_count: outputs.len() as u32,
    }
}

pub fn task(g: &TaskGraph, id: TaskId) -> TaskDetail {
    let t = g.task(id);
    let keys = |ids: &[TaskId]| ids.iter().map(|&d| g.key(d).to_string()).collect();
    TaskDetail {
        key: t.key.clone(),
        func: t.func.clone(),
        prefix: g.prefix_name(g.prefix(id)).to_string(),
        duration_us: t.duration.as_micros(),
        nbytes: t.nbytes,
        gil: t.gil,
        dependencies: keys(g.deps(id)),
        dependents: keys(g.dependents(id)),
    }
}
