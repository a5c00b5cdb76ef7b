//! The charts' data checked against the simulation it was read from: a tree reduction on two
//! workers with two threads each, stepped, faulted and run to its end.
//!
//! Tests only; reads the simulation through its public API.

use super::*;
use crate::graph::shapes::tree_sum;
use crate::graph::TaskGraph;
use crate::protocol::charts::{Bar, BarKind};
use crate::sched::TaskState;
use crate::sim::{ClusterSpec, Fault, FaultKind, Sim, TraceEvent, Trigger, WorkerEvent, World, Workload};
use crate::time::SimTime;
use std::collections::BTreeMap;

fn sim(graph: TaskGraph, spec: ClusterSpec, faults: Vec<Fault>) -> Sim {
    Sim::new(World::new(spec, Workload::compute(graph), faults, 7).expect("a valid cluster"))
}

fn finished(mut s: Sim) -> Sim {
    s.run_to(u64::MAX);
    assert!(s.world().is_finished());
    s
}

fn compute_bars<'a>(bars: &'a [Bar], key: &str) -> Vec<&'a Bar> {
    bars.iter().filter(|b| b.kind == BarKind::Compute && b.key == key).collect()
}

#[test]
fn a_thread_runs_one_task_at_a_time() {
    let mut s = sim(tree_sum(32, 4, true), ClusterSpec::local(2, 2), vec![]);
    let end = finished(s.clone()).position();
    for position in [end / 3, end / 2, end] {
        s.seek(position);
        let stream = task_stream(&s);
        assert_eq!(stream.rows, ["a thread 0", "a thread 1", "a transfers", "b thread 0", "b thread 1", "b transfers"]);
        let mut by_row: BTreeMap<u32, Vec<&Bar>> = BTreeMap::new();
        for b in &stream.bars {
            assert!(b.start_us <= b.end_us && b.end_us <= stream.now_us, "{b:?} ends after now {}", stream.now_us);
            let io = stream.rows[b.row as usize].ends_with("transfers");
            assert_eq!(io, b.kind != BarKind::Compute, "{b:?} is on the wrong row");
            by_row.entry(b.row).or_default().push(b);
        }
        for (row, bars) in by_row.iter().filter(|(_, bars)| bars[0].kind == BarKind::Compute) {
            for pair in bars.windows(2) {
                assert!(pair[0].end_us <= pair[1].start_us, "row {row}: {:?} overlaps {:?}", pair[0], pair[1]);
            }
        }
    }
}

#[test]
fn a_task_still_running_is_drawn_up_to_now() {
    let mut s = sim(tree_sum(8, 4, true), ClusterSpec::local(2, 2), vec![]);
    while s.world().workers().iter().all(|w| w.running.is_empty()) {
        assert!(s.step(), "something runs before the end");
    }
    let stream = task_stream(&s);
    let running: Vec<&str> = s.world().workers().iter().flat_map(|w| &w.running).map(|r| s.world().graph().key(r.task)).collect();
    let open: Vec<&str> = stream.bars.iter().filter(|b| b.end_us == stream.now_us).map(|b| b.key.as_str()).collect();
    assert_eq!(open, running);
}

#[test]
fn every_finished_task_has_exactly_one_compute_bar_as_long_as_its_work() {
    let graph = tree_sum(32, 4, true);
    let s = finished(sim(graph.clone(), ClusterSpec::local(2, 2), vec![]));
    let stream = task_stream(&s);
    assert_eq!(stream.omitted, 0);
    for t in graph.ids() {
        let bars = compute_bars(&stream.bars, graph.key(t));
        assert_eq!(bars.len(), 1, "{}: {bars:?}", graph.key(t));
        assert!(bars[0].ok);
        assert_eq!(bars[0].prefix, graph.prefix_name(graph.prefix(t)));
        assert!(bars[0].end_us - bars[0].start_us >= graph.task(t).duration.0, "{:?} is shorter than its work", bars[0]);
    }
    // Two workers share a reduction, so some inputs must travel, each at least a link's latency.
    let transfers: Vec<&Bar> = stream.bars.iter().filter(|b| b.kind == BarKind::Transfer).collect();
    assert!(!transfers.is_empty());
    let latency = s.world().spec().latency.0;
    assert!(transfers.iter().all(|b| b.ok && b.end_us - b.start_us >= latency), "{transfers:?}");
}

#[test]
fn a_killed_workers_runs_end_at_its_death_and_run_again_elsewhere() {
    let graph = tree_sum(16, 4, true);
    let death = SimTime(25_000);
    let kill = Fault { trigger: Trigger::At(death), kind: FaultKind::KillWorker { worker: "a".into() } };
    let s = finished(sim(graph.clone(), ClusterSpec::local(2, 2), vec![kill]));
    let stream = task_stream(&s);
    let cut: Vec<&Bar> = stream.bars.iter().filter(|b| b.kind == BarKind::Compute && !b.ok).collect();
    assert!(!cut.is_empty(), "worker a was busy when it died");
    for b in cut {
        assert_eq!(b.end_us, death.0);
        assert!(stream.rows[b.row as usize].starts_with("a thread"), "{b:?}");
        let rerun = compute_bars(&stream.bars, &b.key).into_iter().filter(|r| r.ok).count();
        assert_eq!(rerun, 1, "{} ran to the end once, after the death", b.key);
    }
    assert!(stream.rows.iter().any(|r| r == "a (2) thread 0"), "the nanny's restart has its own rows: {:?}", stream.rows);
}

#[test]
fn a_long_run_keeps_only_its_latest_bars() {
    let graph = tree_sum(1200, 4, true);
    let s = finished(sim(graph.clone(), ClusterSpec::local(2, 2), vec![]));
    let stream = task_stream(&s);
    assert_eq!(stream.bars.len(), MAX_BARS);
    assert!(stream.omitted as usize + MAX_BARS > graph.len(), "every task has a bar, kept or counted");
    let last = graph.outputs()[0];
    assert_eq!(compute_bars(&stream.bars, graph.key(last)).len(), 1, "the final task is among the latest");
    assert!(stream.bars.iter().all(|b| b.start_us >= stream.from_us));
    assert!(stream.from_us > 0);
}

#[test]
fn memory_points_are_what_the_data_stores_held_at_those_moments() {
    // 8 kB results on 60 kB workers: managed memory above the 36 kB target spills.
    let spec = ClusterSpec::local(2, 2).with_memory_limit(60_000);
    let mut s = sim(tree_sum(32, 4, true), spec, vec![]);
    let mut spilled_seen = false;
    while s.step() {
        let series = memory(&s);
        for (ws, line) in s.world().workers().iter().zip(&series.workers) {
            assert_eq!(line.name, ws.name);
            let Some(last) = line.points.last().filter(|_| ws.alive) else { continue };
            assert_eq!(
                (last.process, last.managed, last.spilled),
                (ws.process_memory(), ws.data.managed(), ws.data.spilled()),
                "{} at {}",
                ws.name,
                s.world().now()
            );
            spilled_seen |= last.spilled > 0;
        }
    }
    assert!(spilled_seen, "the run spilled");
    let line = &memory(&s).workers[0];
    let thresholds: Vec<(&str, u64)> = line.thresholds.iter().map(|t| (t.name.as_str(), t.bytes)).collect();
    assert_eq!(thresholds, [("target", 36_000), ("spill", 42_000), ("pause", 48_000), ("terminate", 57_000)]);
    assert!(line.points.windows(2).all(|p| p[0].t_us <= p[1].t_us && p[0] != p[1]));
}

#[test]
fn a_long_memory_series_keeps_its_peak() {
    let s = finished(sim(tree_sum(1200, 4, true), ClusterSpec::local(2, 2), vec![]));
    let line = &memory(&s).workers[0];
    assert!(line.points.len() <= MAX_POINTS);
    let reports: Vec<u64> = s
        .trace()
        .entries
        .iter()
        .filter_map(|e| match &e.event {
            TraceEvent::Worker { worker, event: WorkerEvent::Memory { process, .. } } if worker.0 == 0 => Some(*process),
            _ => None,
        })
        .collect();
    assert!(reports.len() > 2 * MAX_POINTS, "a long series: {} reports", reports.len());
    let peak = reports.into_iter().max();
    assert_eq!(line.points.iter().map(|p| p.process).max(), peak);
}

#[test]
fn progress_counts_are_the_schedulers_states_by_prefix() {
    let graph = tree_sum(32, 4, true);
    let mut s = sim(graph.clone(), ClusterSpec::local(2, 2), vec![]);
    let end = finished(s.clone()).position();
    for position in [1, end / 4, end / 2, end] {
        s.seek(position);
        let rows = progress(&s).rows;
        let names: Vec<&str> = rows.iter().map(|r| r.prefix.as_str()).collect();
        assert_eq!(names, graph.prefixes());
        for r in &rows {
            let parts = r.waiting + r.queued + r.no_worker + r.processing + r.memory + r.released + r.erred + r.forgotten;
            assert_eq!(parts, r.total, "{r:?}");
        }
        let mut by_state: BTreeMap<&str, u32> = BTreeMap::new();
        for t in graph.ids() {
            *by_state.entry(s.world().scheduler().state(t).name()).or_default() += 1;
        }
        let sum = |f: fn(&crate::protocol::charts::ProgressRow) -> u32| rows.iter().map(f).sum::<u32>();
        let count = |state: TaskState| by_state.get(state.name()).copied().unwrap_or(0);
        assert_eq!(sum(|r| r.waiting + r.released), count(TaskState::Released) + count(TaskState::Waiting));
        assert_eq!(sum(|r| r.queued), count(TaskState::Queued));
        assert_eq!(sum(|r| r.processing), count(TaskState::Processing));
        assert_eq!(sum(|r| r.memory), count(TaskState::Memory));
        assert_eq!(sum(|r| r.total), graph.len() as u32);
    }
    // At the end the inputs were let go after use and only the output is held.
    let rows = progress(&s).rows;
    assert!(rows.iter().all(|r| r.done() == r.total), "{rows:?}");
    assert_eq!(rows.iter().map(|r| r.memory).sum::<u32>(), 1);
}

#[test]
fn a_dead_workers_memory_drops_to_nothing_when_it_dies() {
    let death = SimTime(25_000);
    let kill = Fault { trigger: Trigger::At(death), kind: FaultKind::KillWorker { worker: "a".into() } };
    let s = finished(sim(tree_sum(16, 4, true), ClusterSpec::local(2, 2), vec![kill]));
    let a = &memory(&s).workers[0];
    assert!(a.gone);
    assert!(a.points.iter().any(|p| p.t_us < death.0 && p.managed > 0), "a held results before it died");
    let last = a.points.last().expect("a reported its memory");
    assert_eq!((last.t_us, last.process, last.managed, last.spilled), (death.0, 0, 0, 0));
}
