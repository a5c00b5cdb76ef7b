//! Worker cards and transfers for a frame: what each simulated worker is running, holds and
//! uses, and which results are moving between workers now.
//!
//! Reads the world and its trace; decides nothing.

use crate::protocol::{Transfer, WorkerView};
use crate::sched::WorkerStatus;
use crate::sim::{Sim, TraceEvent, WorkerEvent};

pub fn cards(sim: &Sim) -> Vec<WorkerView> {
    let world = sim.world();
    let spec = world.spec();
    let m = spec.memory;
    world
        .workers()
        .iter()
        .map(|w| {
            let rec = world.scheduler().worker(w.id);
            let replaced = world.workers().iter().any(|o| o.slot == w.slot && o.id > w.id);
            let status = if w.alive {
                if w.hung {
                    "hung"
                } else if w.paused || rec.status == WorkerStatus::Paused {
                    "paused"
                } else {
                    "running"
                }
            } else if !replaced && spec.nanny && !retired(sim, w.id) {
                "restarting"
            } else if retired(sim, w.id) {
                "retired"
            } else {
                "dead"
            };
            WorkerView {
                name: w.name.clone(),
                status: status.to_string(),
                nthreads: w.nthreads,
                running: w.running.iter().map(|r| world.graph().key(r.task).to_string()).collect(),
                processing: if rec.status == WorkerStatus::Gone { 0 } else { rec.processing.len() as u32 },
                queued: w.assigned.len().saturating_sub(w.running.len()) as u32,
                process_bytes: if w.alive { w.process_memory() } else { 0 },
                managed_bytes: w.data.managed(),
                spilled_bytes: w.data.spilled(),
                memory_limit: w.memory_limit,
                thresholds: [m.target, m.spill, m.pause, m.terminate],
                keys: w.data.keys().count() as u32,
            }
        })
        .collect()
}

/// Whether the worker's last death was a graceful retirement (the nanny does not restart it).
fn retired(sim: &Sim, w: crate::sched::WorkerId) -> bool {
    sim.trace()
        .entries
        .iter()
        .rev()
        .find_map(|e| match &e.event {
            TraceEvent::Worker { worker, event: WorkerEvent::Died { reason } } if *worker == w => Some(reason == "retired"),
            _ => None,
        })
        .unwrap_or(false)
}

pub fn transfers(sim: &Sim) -> Vec<Transfer> {
    let world = sim.world();
    let names = world.worker_names();
    let mut out = Vec::new();
    for w in world.workers().iter().filter(|w| w.alive) {
        for (&task, from) in &w.in_flight {
            out.push(Transfer {
                task: task.0,
                key: world.graph().key(task).to_string(),
                from: names[from.index()].clone(),
                to: w.name.clone(),
                nbytes: world.graph().task(task).nbytes,
            });
        }
    }
    out
}
