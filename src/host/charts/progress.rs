//! Progress per key prefix: how many of each prefix's tasks wait, run, are held, were let go
//! after computing, failed or were forgotten — Dask's progress bars.
//!
//! Reads the scheduler's task states and its transitions in the trace; counts, nothing more.

use crate::protocol::charts::{Progress, ProgressRow};
use crate::sched::TaskState;
use crate::sim::Sim;

/// Counts by prefix, in the graph's order of prefixes. A released task counts as `released`
/// (done and let go) when it got there from memory, and as `waiting` otherwise.
pub fn progress(sim: &Sim) -> Progress {
    let world = sim.world();
    let graph = world.graph();
    let sched = world.scheduler();
    let mut freed_after_memory = vec![false; graph.len()];
    for (_, tr) in sim.trace().transitions() {
        if tr.to == TaskState::Released {
            freed_after_memory[tr.task.index()] = tr.from == TaskState::Memory;
        }
    }
    let mut rows: Vec<ProgressRow> =
        graph.prefixes().iter().map(|name| ProgressRow { prefix: name.clone(), ..ProgressRow::default() }).collect();
    for t in graph.ids() {
        let row = &mut rows[graph.prefix(t).0 as usize];
        row.total += 1;
        let count = match sched.state(t) {
            TaskState::Released if freed_after_memory[t.index()] => &mut row.released,
            TaskState::Released | TaskState::Waiting => &mut row.waiting,
            TaskState::Queued => &mut row.queued,
            TaskState::NoWorker => &mut row.no_worker,
            TaskState::Processing => &mut row.processing,
            TaskState::Memory => &mut row.memory,
            TaskState::Erred => &mut row.erred,
            TaskState::Forgotten => &mut row.forgotten,
        };
        *count += 1;
    }
    Progress { rows }
}
