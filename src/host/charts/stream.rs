//! The task stream: compute bars per worker thread, transfer and disk-read bars per worker,
//! from the workers' start/end events in the trace.
//!
//! Reads the trace and the world; decides nothing about what a bar means beyond the events.

use crate::graph::TaskId;
use crate::protocol::charts::{Bar, BarKind, TaskStream};
use crate::sim::{Sim, TraceEvent, WorkerEvent};
use crate::time::SimDuration;
use std::collections::BTreeMap;

/// At most this many bars are sent: the ones that ended last, as Dask's status page keeps its
/// last 1000 tasks. Earlier bars are counted in `TaskStream::omitted` and `from_us` moves up to
/// the earliest start kept, so the chart always shows the most recent stretch of the run.
pub const MAX_BARS: usize = 2000;

/// Every task run, transfer and disk read up to the simulation's current moment.
///
/// Rows: each worker's threads, then one row for that worker's transfers (the fetching
/// worker's row) and disk reads (the worker reading). A run or transfer still going ends at
/// `now_us`; one cut short by its worker's death ends there with `ok = false`. A disk read
/// lasts its size over the cluster's disk bandwidth.
pub fn task_stream(sim: &Sim) -> TaskStream {
    let world = sim.world();
    let graph = world.graph();
    let now = world.now().0;
    let disk_bandwidth = world.spec().disk_bandwidth;
    let mut rows = Vec::new();
    let mut thread_row = Vec::new();
    let mut io_row = Vec::new();
    // A worker the nanny restarted keeps its name; its later lives are told apart by number.
    let mut lives: BTreeMap<&str, u32> = BTreeMap::new();
    for ws in world.workers() {
        let life = lives.entry(ws.name.as_str()).or_insert(0);
        *life += 1;
        let name = if *life == 1 { ws.name.clone() } else { format!("{} ({})", ws.name, life) };
        thread_row.push(rows.len() as u32);
        rows.extend((0..ws.nthreads).map(|i| format!("{name} thread {i}")));
        io_row.push(rows.len() as u32);
        rows.push(format!("{name} transfers"));
    }
    let bar = |row: u32, start_us: u64, end_us: u64, task: TaskId, kind: BarKind, ok: bool| Bar {
        row,
        start_us,
        end_us,
        prefix: graph.prefix_name(graph.prefix(task)).to_string(),
        key: graph.key(task).to_string(),
        kind,
        ok,
    };
    let mut bars = Vec::new();
    // (worker, thread) → (task, start); (worker, task) → start.
    let mut running: BTreeMap<(usize, u32), (TaskId, u64)> = BTreeMap::new();
    let mut fetching: BTreeMap<(usize, TaskId), u64> = BTreeMap::new();
    for entry in &sim.trace().entries {
        let TraceEvent::Worker { worker, event } = &entry.event else { continue };
        let (w, t) = (worker.index(), entry.time.0);
        match event {
            WorkerEvent::TaskStarted { task, thread } => {
                running.insert((w, *thread), (*task, t));
            }
            WorkerEvent::TaskEnded { thread, ok, .. } => {
                if let Some((task, start)) = running.remove(&(w, *thread)) {
                    bars.push(bar(thread_row[w] + thread, start, t, task, BarKind::Compute, *ok));
                }
            }
            WorkerEvent::TransferStarted { task, .. } => {
                fetching.insert((w, *task), t);
            }
            WorkerEvent::TransferEnded { task, .. } | WorkerEvent::TransferFailed { task, .. } => {
                if let Some(start) = fetching.remove(&(w, *task)) {
                    let ok = matches!(event, WorkerEvent::TransferEnded { .. });
                    bars.push(bar(io_row[w], start, t, *task, BarKind::Transfer, ok));
                }
            }
            WorkerEvent::Unspilled { task, nbytes } => {
                let read = SimDuration::from_secs_f64(*nbytes as f64 / disk_bandwidth).0;
                bars.push(bar(io_row[w], t, t + read, *task, BarKind::DiskRead, true));
            }
            WorkerEvent::Died { .. } => {
                let runs: Vec<_> = running.range((w, 0)..(w + 1, 0)).map(|(k, v)| (*k, *v)).collect();
                for ((_, thread), (task, start)) in runs {
                    running.remove(&(w, thread));
                    bars.push(bar(thread_row[w] + thread, start, t, task, BarKind::Compute, false));
                }
                let transfers: Vec<_> = fetching.range((w, TaskId(0))..(w + 1, TaskId(0))).map(|(k, v)| (*k, *v)).collect();
                for ((_, task), start) in transfers {
                    fetching.remove(&(w, task));
                    bars.push(bar(io_row[w], start, t, task, BarKind::Transfer, false));
                }
            }
            _ => {}
        }
    }
    for ((w, thread), (task, start)) in running {
        bars.push(bar(thread_row[w] + thread, start, now, task, BarKind::Compute, true));
    }
    for ((w, task), start) in fetching {
        bars.push(bar(io_row[w], start, now, task, BarKind::Transfer, true));
    }
    let omitted = bars.len().saturating_sub(MAX_BARS);
    if omitted > 0 {
        bars.sort_by_key(|b| (b.end_us, b.start_us, b.row));
        bars.drain(..omitted);
    }
    bars.sort_by_key(|b| (b.start_us, b.row, b.end_us));
    let from_us = bars.iter().map(|b| b.start_us).min().unwrap_or(0);
    TaskStream { rows, bars, from_us, now_us: now, omitted: omitted as u32 }
}
