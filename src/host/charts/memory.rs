//! Memory per worker over time, from the workers' memory reports in the trace, with the
//! lines of each worker's memory limit.
//!
//! Reads the trace and the world; computes no memory figure of its own.

use crate::protocol::charts::{MemoryPoint, MemorySeries, Series, Threshold};
use crate::sim::{Sim, TraceEvent, WorkerEvent};

/// At most this many points per worker. A longer series is cut into runs of consecutive
/// points and keeps the peak (highest process memory) of each run, plus the latest point,
/// so spikes toward the limit stay visible.
pub const MAX_POINTS: usize = 500;

/// Each worker's memory after every change up to the simulation's current moment, down to
/// zero when its process ends. Repeated reports of unchanged memory are left out.
pub fn memory(sim: &Sim) -> MemorySeries {
    let world = sim.world();
    let lines = world.spec().memory;
    let mut points: Vec<Vec<MemoryPoint>> = vec![Vec::new(); world.workers().len()];
    for entry in &sim.trace().entries {
        let TraceEvent::Worker { worker, event } = &entry.event else { continue };
        let t_us = entry.time.0;
        let p = match event {
            WorkerEvent::Memory { process, managed, spilled } => {
                MemoryPoint { t_us, process: *process, managed: *managed, spilled: *spilled }
            }
            // A process that ended holds nothing, in memory or on its disk.
            WorkerEvent::Died { .. } => MemoryPoint { t_us, process: 0, managed: 0, spilled: 0 },
            _ => continue,
        };
        let series = &mut points[worker.index()];
        if series.last().is_none_or(|q| (q.process, q.managed, q.spilled) != (p.process, p.managed, p.spilled)) {
            series.push(p);
        }
    }
    let workers = world
        .workers()
        .iter()
        .zip(points)
        .map(|(ws, points)| {
            let thresholds = ws.memory_limit.map_or_else(Vec::new, |limit| {
                [("target", lines.target), ("spill", lines.spill), ("pause", lines.pause), ("terminate", lines.terminate)]
                    .into_iter()
                    .map(|(name, f)| Threshold { name: name.to_string(), bytes: (f * limit as f64) as u64 })
                    .collect()
            });
            Series { name: ws.name.clone(), limit: ws.memory_limit, thresholds, points: thin(points, MAX_POINTS), gone: !ws.alive }
        })
        .collect();
    MemorySeries { workers, now_us: world.now().0 }
}

/// Keeps at most `max` points: the peak of each run of consecutive points, and the last.
fn thin(points: Vec<MemoryPoint>, max: usize) -> Vec<MemoryPoint> {
    if points.len() <= max {
        return points;
    }
    let (last, rest) = points.split_last().expect("longer than max");
    let run = rest.len().div_ceil(max - 1);
    let mut kept: Vec<MemoryPoint> =
        rest.chunks(run).map(|c| *c.iter().max_by_key(|p| (p.process, std::cmp::Reverse(p.t_us))).expect("non-empty chunk")).collect();
    kept.push(*last);
    kept
}
