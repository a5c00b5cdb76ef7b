//! End-to-end runs of the simulated cluster, read like the lecture.

use tasklab::graph::{GraphBuilder, TaskGraph, TaskSpec};
use tasklab::sched::TaskState;
use tasklab::sim::{ClusterSpec, Fault, FaultKind, Sim, TraceEvent, Trigger, WorkerEvent, World, Workload};
use tasklab::time::{SimDuration, SimTime};
use tasklab::value::Value;

fn map_reduce(n: usize) -> TaskGraph {
    let mut b = GraphBuilder::new();
    let xs: Vec<_> = (0..n).map(|i| b.add(TaskSpec::new(format!("inc-{i}"), vec![]).duration(SimDuration::from_millis(100)))).collect();
    b.add(TaskSpec::new("total", xs).duration(SimDuration::from_millis(10)));
    b.build().unwrap()
}

#[test]
fn a_map_and_a_sum_finish_on_four_workers() {
    let g = map_reduce(40);
    let world = World::new(ClusterSpec::local(4, 2), Workload::compute(g.clone()), vec![], 1).unwrap();
    let mut sim = Sim::new(world);
    sim.run_to(1_000_000);
    let w = sim.world();
    assert!(w.is_finished());
    let total = g.id("total").unwrap();
    assert_eq!(w.scheduler().state(total), TaskState::Memory);
    w.scheduler().validate().unwrap();
    // 40 tasks of 100 ms on 8 threads: at least 0.5 s.
    assert!(w.now().as_secs_f64() >= 0.5, "{}", w.now());
}

fn run_to_end(spec: ClusterSpec, graph: &TaskGraph, faults: Vec<Fault>) -> Sim {
    let mut sim = Sim::new(World::new(spec, Workload::compute(graph.clone()), faults, 7).unwrap());
    while sim.step() {}
    sim
}

#[test]
fn comb_prod_computes_real_values_on_the_simulated_cluster() {
    let expr = tasklab::array::parse("da.outer(da.from_array([2, 4], chunks=1), da.from_array([3, 1], chunks=1))").unwrap();
    let mut b = GraphBuilder::new();
    let planned = expr.plan(&mut b);
    let graph = b.build().unwrap();
    let sim = run_to_end(ClusterSpec::local(2, 2), &graph, vec![]);
    let values: Vec<Value> = graph.ids().map(|t| sim.world().value(t).cloned().unwrap_or(Value::Unit)).collect();
    let result = tasklab::array::assemble(&planned, &values).unwrap();
    assert_eq!(result, ndarray::arr2(&[[6.0, 2.0], [12.0, 4.0]]).into_dyn());
}

#[test]
fn kill_worker_mid_run_reroutes_its_work_and_the_answer_is_unchanged() {
    let expr = tasklab::array::parse("(da.arange(0, 64, 1, chunks=4) * 2).sum()").unwrap();
    let mut b = GraphBuilder::new();
    let planned = expr.plan(&mut b);
    let graph = b.build().unwrap();
    let kill = Fault { trigger: Trigger::At(SimTime(50)), kind: FaultKind::KillWorker { worker: "a".into() } };
    let mut spec = ClusterSpec::local(3, 1);
    spec.nanny = false;
    let sim = run_to_end(spec, &graph, vec![kill]);
    let died = sim.trace().entries.iter().any(|e| matches!(&e.event, TraceEvent::Worker { event: WorkerEvent::Died { .. }, .. }));
    assert!(died);
    let rerouted = sim.trace().transitions().any(|(_, tr)| tr.from == TaskState::Processing && tr.to == TaskState::Released);
    assert!(rerouted, "a's processing tasks went back through released");
    let values: Vec<Value> = graph.ids().map(|t| sim.world().value(t).cloned().unwrap_or(Value::Unit)).collect();
    let total = tasklab::array::assemble(&planned, &values).unwrap();
    assert_eq!(total.sum(), (0..64).map(|i| 2.0 * i as f64).sum::<f64>());
}

#[test]
fn a_tasks_story_tells_its_transitions_and_where_it_ran() {
    let g = map_reduce(4);
    let sim = run_to_end(ClusterSpec::local(1, 1), &g, vec![]);
    let story = sim.trace().story(&sim.world().worker_names(), g.id("total").unwrap());
    let text = story.join("\n");
    assert!(text.contains("released → waiting"), "{text}");
    assert!(text.contains("decided: sent to a"), "{text}");
    assert!(text.contains("started on a thread 0"), "{text}");
    assert!(text.contains("processing → memory"), "{text}");
}

/// Eight pure-Python tasks of one second, on four threads of one process or four processes.
fn gil_makespan(processes: bool) -> f64 {
    let mut b = GraphBuilder::new();
    for i in 0..8 {
        b.add(TaskSpec::new(format!("py-{i}"), vec![]).duration(SimDuration::from_secs(1)).gil(true));
    }
    let g = b.build().unwrap();
    let mut spec = if processes { ClusterSpec::local(4, 1) } else { ClusterSpec::local(1, 4) };
    spec.cores = 4;
    run_to_end(spec, &g, vec![]).world().now().as_secs_f64()
}

#[test]
fn the_gil_keeps_threads_from_speeding_up_pure_python_but_processes_do() {
    let threads = gil_makespan(false);
    let processes = gil_makespan(true);
    assert!(threads >= 8.0, "one process: the GIL serialises 8 s of Python ({threads} s)");
    assert!(processes < 3.0, "four processes run in parallel ({processes} s)");
}

#[test]
fn a_small_memory_limit_spills_the_least_recently_used_results() {
    let mut b = GraphBuilder::new();
    let xs: Vec<_> = (0..8).map(|i| b.add(TaskSpec::new(format!("load-{i}"), vec![]).nbytes(100_000_000))).collect();
    b.add(TaskSpec::new("total", xs).nbytes(8));
    let g = b.build().unwrap();
    let spec = ClusterSpec::local(1, 1).with_memory_limit(1_000_000_000);
    let sim = run_to_end(spec, &g, vec![]);
    let spilled = sim.trace().entries.iter().filter(|e| matches!(&e.event, TraceEvent::Worker { event: WorkerEvent::Spilled { .. }, .. })).count();
    assert!(spilled >= 2, "800 MB of inputs on a 1 GB worker: managed memory is kept under 600 MB ({spilled} spills)");
    assert_eq!(sim.world().scheduler().state(g.id("total").unwrap()), TaskState::Memory);
}

#[test]
fn a_task_whose_result_overflows_the_worker_makes_the_nanny_restart_it() {
    let mut b = GraphBuilder::new();
    b.add(TaskSpec::new("huge", vec![]).nbytes(980_000_000));
    let g = b.build().unwrap();
    let spec = ClusterSpec::local(1, 1).with_memory_limit(1_000_000_000);
    let sim = run_to_end(spec, &g, vec![]);
    let restarted = sim.trace().entries.iter().any(|e| matches!(&e.event, TraceEvent::Worker { event: WorkerEvent::Restarted { .. }, .. }));
    assert!(restarted, "98% of the limit is above terminate (95%)");
    let state = sim.world().scheduler().state(g.id("huge").unwrap());
    assert_eq!(state, TaskState::Erred, "every attempt kills its worker: KilledWorker after the fourth");
}

#[test]
fn a_hung_workers_frozen_threads_give_their_cores_back() {
    let mut b = GraphBuilder::new();
    for i in 0..4 {
        b.add(TaskSpec::new(format!("work-{i}"), vec![]).duration(SimDuration::from_secs(1)));
    }
    let g = b.build().unwrap();
    let mut spec = ClusterSpec::local(2, 2);
    spec.cores = 2;
    let hang = Fault { trigger: Trigger::At(SimTime(100_000)), kind: FaultKind::HangWorker { worker: "a".into() } };
    let mut sim = Sim::new(World::new(spec, Workload::compute(g), vec![hang], 7).unwrap());
    sim.run_to(5_000);
    let b_ends: Vec<f64> = sim
        .trace()
        .entries
        .iter()
        .filter(|e| matches!(&e.event, TraceEvent::Worker { worker, event: WorkerEvent::TaskEnded { ok: true, .. } } if worker.0 == 1))
        .map(|e| e.time.as_secs_f64())
        .collect();
    // Four busy threads on two cores run at half speed; once a hangs, b's first two tasks run
    // at full speed. (a's two come back to b only after worker-ttl.)
    assert!(b_ends.len() >= 2 && b_ends[1] < 1.2, "b finished its first tasks at {b_ends:?} s");
}

#[test]
fn a_task_no_worker_can_run_errs_once_the_no_workers_timeout_passes() {
    let mut b = GraphBuilder::new();
    let mut gpu = TaskSpec::new("train", vec![]);
    gpu.resources.insert("GPU".into(), 1.0);
    let train = b.add(gpu);
    let g = b.build().unwrap();
    let mut spec = ClusterSpec::local(2, 1);
    spec.scheduler.no_workers_timeout = Some(SimDuration::from_secs(2));
    let sim = run_to_end(spec, &g, vec![]);
    let w = sim.world();
    assert_eq!(w.scheduler().state(train), TaskState::Erred);
    assert_eq!(w.futures()[&train].name(), "error");
    let now = w.now().as_secs_f64();
    assert!((2.0..2.6).contains(&now), "erred at the first check after 2 s, not at {now} s");
    // Without the timeout the same run ends at once with the task still waiting for a GPU.
    let sim = run_to_end(ClusterSpec::local(2, 1), &g, vec![]);
    assert_eq!(sim.world().scheduler().state(train), TaskState::NoWorker);
}

/// Each worker's memory reports (the memory chart's points) as (time, process, managed, spilled).
fn memory_reports(sim: &Sim, worker: u32) -> Vec<(u64, u64, u64, u64)> {
    sim.trace()
        .entries
        .iter()
        .filter_map(|e| match &e.event {
            TraceEvent::Worker { worker: w, event: WorkerEvent::Memory { process, managed, spilled } } if w.0 == worker => {
                Some((e.time.0, *process, *managed, *spilled))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn a_worker_reports_its_memory_once_per_change_and_ends_on_what_it_holds() {
    let g = tasklab::graph::shapes::tree_sum(64, 4, false);
    let mut sim = Sim::new(World::new(ClusterSpec::local(2, 2), Workload::compute(g), vec![], 1).unwrap());
    let mut events_seen = 0;
    while sim.step() {
        // After every event the latest report is what the worker holds now.
        for ws in sim.world().workers() {
            let last = memory_reports(&sim, ws.id.0).last().map(|r| (r.1, r.2, r.3));
            if last.is_some() || ws.process_memory() > 0 {
                assert_eq!(last, Some((ws.process_memory(), ws.data.managed(), ws.data.spilled())), "{} at {}", ws.name, sim.world().now());
            }
        }
        events_seen += 1;
    }
    for w in 0..2 {
        let reports = memory_reports(&sim, w);
        assert!(reports.len() > 10, "worker {w} reported as its memory moved: {reports:?}");
        // Never the same numbers twice in a row, and at most one report per worker per instant of an event.
        assert!(reports.windows(2).all(|p| (p[0].1, p[0].2, p[0].3) != (p[1].1, p[1].2, p[1].3)), "{reports:?}");
    }
    assert!(events_seen > 100);
}

#[test]
fn root_tasks_queued_together_share_one_list_of_candidates() {
    let g = tasklab::graph::shapes::tree_sum(200, 4, false);
    let mut sim = Sim::new(World::new(ClusterSpec::local(2, 2), Workload::compute(g), vec![], 1).unwrap());
    while sim.step() {}
    let queued: Vec<&tasklab::sched::Decision> = sim
        .trace()
        .entries
        .iter()
        .filter_map(|e| match &e.event {
            TraceEvent::Scheduler(tasklab::sched::Record::Decision(d)) if d.placement == tasklab::sched::Placement::Queued => Some(d),
            _ => None,
        })
        .collect();
    assert!(queued.len() > 100, "most of the 200 root tasks wait in the queue: {}", queued.len());
    // Every worker is listed, and full; the lists are the same, so they are one list.
    assert!(queued.iter().all(|d| d.candidates.len() == 2 && d.candidates.iter().all(|c| c.excluded.is_some())));
    let distinct: Vec<*const tasklab::sched::Candidate> = queued.iter().map(|d| d.candidates.as_ptr()).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    assert!(distinct.len() < queued.len() / 10, "{} lists for {} decisions", distinct.len(), queued.len());
}
