//! The scheduler alone, driven input by input: one test per transition of Dask's table and
//! per worker-choice rule, named the way the lecture says it.

use std::collections::BTreeMap;
use tasklab::graph::{GraphBuilder, Restrictions, TaskGraph, TaskSpec};
use tasklab::sched::{
    Exclusion, Failure, Input, Output, Placement, Record, Rule, Scheduler, SchedulerConfig, TaskState, WorkerId,
    WorkerSpec,
};
use tasklab::time::{SimDuration, SimTime};

struct Harness {
    g: TaskGraph,
    s: Scheduler,
    /// Last `compute-task` per key: (worker, run_id).
    sent: BTreeMap<String, (WorkerId, u32)>,
    freed: Vec<(String, WorkerId)>,
    log: Vec<Record>,
}

impl Harness {
    fn new(g: TaskGraph, cfg: SchedulerConfig) -> Self {
        let s = Scheduler::new(g.clone(), cfg);
        Harness { g, s, sent: BTreeMap::new(), freed: Vec::new(), log: Vec::new() }
    }
    fn input(&mut self, i: Input) {
        self.input_at(SimTime::ZERO, i);
    }
    fn input_at(&mut self, now: SimTime, i: Input) {
        self.s.handle(now, i);
        while let Some(o) = self.s.poll() {
            match o {
                Output::ComputeTask { worker, task, run_id, .. } => {
                    self.sent.insert(self.g.key(task).to_string(), (worker, run_id));
                }
                Output::FreeKeys { worker, task } => self.freed.push((self.g.key(task).to_string(), worker)),
                _ => {}
            }
        }
        self.log.extend(self.s.drain_log());
        self.s.validate().unwrap();
    }
    fn worker(&mut self, name: &str, threads: u32) -> WorkerId {
        self.worker_with(WorkerSpec::new(name, threads))
    }
    fn worker_with(&mut self, spec: WorkerSpec) -> WorkerId {
        let id = WorkerId(self.s.workers().len() as u32);
        self.input(Input::AddWorker(spec));
        id
    }
    fn submit(&mut self, wanted: &[&str]) {
        let tasks = self.g.ids().collect();
        let wanted = wanted.iter().map(|k| self.g.id(k).unwrap()).collect();
        self.input(Input::UpdateGraph { tasks, wanted, user_priority: 0, fifo_timeout_us: 100_000 });
    }
    fn finish(&mut self, key: &str) {
        let (worker, run_id) = self.sent[key];
        let task = self.g.id(key).unwrap();
        let nbytes = self.g.task(task).nbytes;
        self.input(Input::TaskFinished { worker, task, run_id, nbytes, duration_s: 0.1 });
    }
    fn fail(&mut self, key: &str) {
        let (worker, run_id) = self.sent[key];
        let task = self.g.id(key).unwrap();
        self.input(Input::TaskErred { worker, task, run_id, message: "ValueError: bad input".into() });
    }
    fn state(&self, key: &str) -> TaskState {
        self.s.state(self.g.id(key).unwrap())
    }
    fn on(&self, key: &str) -> String {
        let w = self.sent[key].0;
        self.s.worker(w).name.clone()
    }
    /// `from→to` pairs of one key, in order.
    fn story(&self, key: &str) -> Vec<String> {
        let t = self.g.id(key).unwrap();
        self.log
            .iter()
            .filter_map(|r| match r {
                Record::Transition(tr) if tr.task == t => Some(format!("{}→{}", tr.from, tr.to)),
                _ => None,
            })
            .collect()
    }
    fn last_decision(&self, key: &str) -> &tasklab::sched::Decision {
        let t = self.g.id(key).unwrap();
        self.log
            .iter()
            .rev()
            .find_map(|r| match r {
                Record::Decision(d) if d.task == t => Some(d),
                _ => None,
            })
            .expect("a decision")
    }
}

fn graph(tasks: &[(&str, &[&str])]) -> TaskGraph {
    let mut b = GraphBuilder::new();
    for (k, deps) in tasks {
        let deps = deps.iter().map(|d| b.id(d).unwrap()).collect();
        b.add(TaskSpec::new(*k, deps).duration(SimDuration::from_millis(100)));
    }
    b.build().unwrap()
}

fn chain() -> Harness {
    let mut h = Harness::new(graph(&[("a", &[]), ("b", &["a"])]), SchedulerConfig::default());
    h.worker("w", 1);
    h.submit(&["b"]);
    h
}

#[test]
fn submitting_a_graph_pulls_its_roots_into_processing() {
    let h = chain();
    assert_eq!(h.story("a"), ["released→waiting", "waiting→processing"]);
    assert_eq!(h.story("b"), ["released→waiting"]);
    assert_eq!(h.state("b"), TaskState::Waiting);
}

#[test]
fn a_finished_input_makes_its_dependent_processing_and_is_released_after_it() {
    let mut h = chain();
    h.finish("a");
    assert_eq!(h.state("a"), TaskState::Memory);
    assert_eq!(h.story("b"), ["released→waiting", "waiting→processing"]);
    h.finish("b");
    assert_eq!(h.state("b"), TaskState::Memory, "the client wants b");
    assert_eq!(h.story("a").last().unwrap(), "memory→released", "nobody needs a any more");
    assert!(h.freed.contains(&("a".to_string(), WorkerId(0))), "free-keys went to the holder");
}

#[test]
fn releasing_the_last_future_forgets_the_whole_lineage() {
    let mut h = chain();
    h.finish("a");
    h.finish("b");
    let b = h.g.id("b").unwrap();
    h.input(Input::ClientReleases { task: b });
    assert_eq!(h.story("b").last().unwrap(), "memory→forgotten");
    assert_eq!(h.story("a").last().unwrap(), "released→forgotten");
}

#[test]
fn cancelling_a_waiting_task_releases_it() {
    let mut h = chain();
    let b = h.g.id("b").unwrap();
    h.input(Input::ClientReleases { task: b });
    assert!(h.story("b").contains(&"waiting→released".to_string()), "{:?}", h.story("b"));
    assert_eq!(h.state("b"), TaskState::Forgotten);
}

#[test]
fn a_function_that_raises_errs_at_once_and_blames_its_dependents() {
    let mut h = chain();
    h.fail("a");
    assert_eq!(h.story("a").last().unwrap(), "processing→erred");
    assert_eq!(h.state("b"), TaskState::Erred);
    assert_eq!(h.story("b")[1..], ["waiting→released", "released→erred"], "waiting → erred is a detour");
    let b = h.s.task(h.g.id("b").unwrap());
    assert_eq!(b.exception_blame, h.g.id("a"));
}

#[test]
fn retries_rerun_a_raising_task_before_it_errs() {
    let mut b = GraphBuilder::new();
    let mut spec = TaskSpec::new("flaky", vec![]);
    spec.retries = 2;
    b.add(spec);
    let mut h = Harness::new(b.build().unwrap(), SchedulerConfig::default());
    h.worker("w", 1);
    h.submit(&["flaky"]);
    h.fail("flaky");
    h.fail("flaky");
    assert_eq!(h.state("flaky"), TaskState::Processing, "two retries used, third attempt running");
    h.fail("flaky");
    assert_eq!(h.state("flaky"), TaskState::Erred);
    let runs = h.story("flaky").iter().filter(|s| *s == "waiting→processing").count();
    assert_eq!(runs, 3);
}

#[test]
fn retry_sends_an_erred_task_back_through_released() {
    let mut h = chain();
    h.fail("a");
    let a = h.g.id("a").unwrap();
    h.input(Input::Retry { task: a });
    let story = h.story("a");
    assert_eq!(story[story.len() - 3..], ["erred→released", "released→waiting", "waiting→processing"]);
    assert_eq!(h.state("b"), TaskState::Waiting);
}

#[test]
fn kill_worker_reroutes_its_processing_tasks() {
    let mut h = Harness::new(graph(&[("x", &[])]), SchedulerConfig::default());
    let a = h.worker("a", 1);
    h.worker("b", 1);
    h.submit(&["x"]);
    let first = h.on("x");
    let dead = if first == "a" { a } else { WorkerId(1) };
    h.input(Input::RemoveWorker { worker: dead, expected: false });
    assert_ne!(h.on("x"), first, "rescheduled on the other worker");
    assert_eq!(h.s.task(h.g.id("x").unwrap()).suspicious, 1);
    assert!(h.story("x").contains(&"processing→released".to_string()));
}

#[test]
fn fourth_death_raises_killed_worker() {
    let mut h = Harness::new(graph(&[("bomb", &[])]), SchedulerConfig::default());
    h.worker("w0", 1);
    h.submit(&["bomb"]);
    for i in 1..=4 {
        h.worker(&format!("w{i}"), 1);
        let (w, _) = h.sent["bomb"];
        h.input(Input::RemoveWorker { worker: w, expected: false });
        if i < 4 {
            assert_eq!(h.state("bomb"), TaskState::Processing, "death {i} is retried elsewhere");
        }
    }
    assert_eq!(h.state("bomb"), TaskState::Erred);
    let rec = h.s.task(h.g.id("bomb").unwrap());
    assert!(matches!(&rec.failure, Some(Failure::KilledWorker { deaths: 4, .. })), "{:?}", rec.failure);
}

#[test]
fn losing_the_only_copy_recomputes_from_lineage() {
    let mut h = Harness::new(graph(&[("a", &[]), ("b", &["a"]), ("c", &["b"])]), SchedulerConfig::default());
    let w = h.worker("w", 1);
    h.submit(&["c"]);
    h.finish("a");
    h.finish("b");
    h.worker("v", 1);
    h.input(Input::RemoveWorker { worker: w, expected: false });
    assert!(h.story("b").contains(&"memory→released".to_string()));
    assert_eq!(h.state("a"), TaskState::Processing, "a is recomputed first, on v");
    assert_eq!(h.on("a"), "v");
}

#[test]
fn scattered_data_lost_with_its_worker_is_forgotten_with_its_dependents() {
    let mut b = GraphBuilder::new();
    let mut x = TaskSpec::new("x", vec![]);
    x.scattered = true;
    let x = b.add(x);
    b.add(TaskSpec::new("f", vec![x]));
    let mut h = Harness::new(b.build().unwrap(), SchedulerConfig::default());
    let w = h.worker("w", 1);
    h.worker("v", 1);
    let x = h.g.id("x").unwrap();
    h.input(Input::Scatter { task: x, workers: vec![w], nbytes: 1000 });
    let f = h.g.id("f").unwrap();
    h.input(Input::UpdateGraph { tasks: vec![f], wanted: vec![f], user_priority: 0, fifo_timeout_us: 100_000 });
    h.input(Input::RemoveWorker { worker: w, expected: false });
    assert_eq!(h.state("x"), TaskState::Forgotten, "scattered data cannot be recomputed");
    assert_eq!(h.state("f"), TaskState::Forgotten);
}

#[test]
fn a_task_no_worker_can_run_waits_in_no_worker_until_one_joins() {
    let mut b = GraphBuilder::new();
    let mut gpu = TaskSpec::new("train", vec![]);
    gpu.resources.insert("GPU".into(), 1.0);
    b.add(gpu);
    let mut h = Harness::new(b.build().unwrap(), SchedulerConfig::default());
    h.worker("cpu", 4);
    h.submit(&["train"]);
    assert_eq!(h.state("train"), TaskState::NoWorker);
    assert_eq!(h.last_decision("train").candidates[0].excluded, Some(Exclusion::Resources));
    let mut spec = WorkerSpec::new("gpu", 1);
    spec.resources.push(("GPU".into(), 1.0));
    h.worker_with(spec);
    assert_eq!(h.story("train").last().unwrap(), "no-worker→processing");
    assert_eq!(h.on("train"), "gpu");
}

#[test]
fn releasing_a_no_worker_task_takes_it_out_of_the_unrunnable_set() {
    let mut b = GraphBuilder::new();
    let mut gpu = TaskSpec::new("train", vec![]);
    gpu.resources.insert("GPU".into(), 1.0);
    b.add(gpu);
    let mut h = Harness::new(b.build().unwrap(), SchedulerConfig::default());
    h.worker("cpu", 1);
    h.submit(&["train"]);
    let t = h.g.id("train").unwrap();
    h.input(Input::ClientReleases { task: t });
    assert!(h.story("train").contains(&"no-worker→released".to_string()));
}

fn many_roots(n: usize) -> TaskGraph {
    let mut b = GraphBuilder::new();
    for i in 0..n {
        b.add(TaskSpec::new(format!("slowinc-{i}"), vec![]));
    }
    b.build().unwrap()
}

#[test]
fn root_tasks_beyond_the_saturation_slots_are_queued() {
    let g = many_roots(40);
    let keys: Vec<String> = g.ids().map(|t| g.key(t).to_string()).collect();
    let mut h = Harness::new(g, SchedulerConfig::default());
    h.worker("a", 2);
    h.worker("b", 2);
    let wanted: Vec<&str> = keys.iter().map(|s| s.as_str()).collect();
    h.submit(&wanted);
    let processing = keys.iter().filter(|k| h.state(k) == TaskState::Processing).count();
    // ceil(1.1 × 2) + 1 = 3 per worker, as Dask's 2 × 2-thread cluster shows.
    assert_eq!(processing, 6);
    assert_eq!(h.s.queued_len(), 34);
    let queued = keys.iter().find(|k| h.state(k) == TaskState::Queued).unwrap().clone();
    assert!(h.last_decision(&queued).candidates.iter().all(|c| c.excluded == Some(Exclusion::Full)));
    // A finished task opens a slot: the best queued task moves to processing.
    let done = keys.iter().find(|k| h.state(k) == TaskState::Processing).unwrap().clone();
    h.finish(&done);
    assert_eq!(h.s.queued_len(), 33);
    assert!(h.log.iter().any(|r| matches!(r, Record::Transition(t) if t.from == TaskState::Queued && t.to == TaskState::Processing)));
}

#[test]
fn releasing_a_queued_task_takes_it_off_the_queue() {
    let g = many_roots(20);
    let keys: Vec<String> = g.ids().map(|t| g.key(t).to_string()).collect();
    let mut h = Harness::new(g, SchedulerConfig::default());
    h.worker("a", 1);
    let wanted: Vec<&str> = keys.iter().map(|s| s.as_str()).collect();
    h.submit(&wanted);
    let last = keys.last().unwrap().clone();
    assert_eq!(h.state(&last), TaskState::Queued);
    let t = h.g.id(&last).unwrap();
    h.input(Input::ClientReleases { task: t });
    assert!(h.story(&last).contains(&"queued→released".to_string()));
}

#[test]
fn data_locality_beats_an_idle_worker() {
    let mut b = GraphBuilder::new();
    let x = b.add(TaskSpec::new("x", vec![]).nbytes(100_000_000));
    b.add(TaskSpec::new("y", vec![x]));
    let mut h = Harness::new(b.build().unwrap(), SchedulerConfig::default());
    h.worker("a", 1);
    h.submit(&["y"]);
    h.worker("b", 1);
    h.finish("x");
    assert_eq!(h.on("y"), "a", "the holder of x wins even though b is idle");
    let d = h.last_decision("y");
    assert_eq!(d.rule, Rule::DependencyHolders);
    let b_cand = d.candidates.iter().find(|c| c.worker == WorkerId(1)).unwrap();
    assert_eq!(b_cand.excluded, Some(Exclusion::HoldsNoInput));
    assert_eq!(b_cand.transfer_bytes, 100_000_000, "b would have moved 100 MB");
}

#[test]
fn among_holders_the_one_that_moves_the_least_data_wins() {
    let mut b = GraphBuilder::new();
    let big = b.add(TaskSpec::new("big", vec![]).nbytes(50_000_000));
    let small = b.add(TaskSpec::new("small", vec![]).nbytes(1_000));
    b.add(TaskSpec::new("join", vec![big, small]));
    let mut h = Harness::new(b.build().unwrap(), SchedulerConfig::default());
    h.worker("a", 1);
    h.worker("b", 1);
    h.submit(&["join"]);
    h.finish("big");
    h.finish("small");
    let holder_of_big = h.on("big");
    assert_eq!(h.on("join"), holder_of_big, "move the small data to the big data");
}

#[test]
fn restrictions_narrow_the_candidates_and_loose_ones_fall_back() {
    let mut b = GraphBuilder::new();
    let mut strict = TaskSpec::new("strict", vec![]);
    strict.restrictions = Restrictions { workers: vec!["b".into()], loose: false };
    b.add(strict);
    let mut loose = TaskSpec::new("loose", vec![]);
    loose.restrictions = Restrictions { workers: vec!["nowhere".into()], loose: true };
    b.add(loose);
    let mut h = Harness::new(b.build().unwrap(), SchedulerConfig::default());
    h.worker("a", 1);
    h.worker("b", 1);
    h.submit(&["strict", "loose"]);
    assert_eq!(h.on("strict"), "b");
    assert_eq!(h.last_decision("strict").rule, Rule::Restricted);
    assert_eq!(h.last_decision("strict").candidates[0].excluded, Some(Exclusion::Restriction));
    assert_eq!(h.state("loose"), TaskState::Processing, "allow_other_workers falls back to any worker");
}

#[test]
fn a_task_without_inputs_goes_to_the_least_occupied_worker() {
    let mut h = Harness::new(graph(&[("p", &[]), ("q", &[])]), SchedulerConfig::default());
    h.worker("a", 1);
    h.worker("b", 1);
    h.submit(&["p", "q"]);
    assert_ne!(h.on("p"), h.on("q"), "the second goes where nothing is queued");
    assert_eq!(h.last_decision("q").rule, Rule::LeastOccupied);
}

#[test]
fn twenty_workers_or_more_use_plain_round_robin() {
    let mut h = Harness::new(graph(&[("p", &[])]), SchedulerConfig::default());
    for i in 0..20 {
        h.worker(&format!("w{i}"), 1);
    }
    h.submit(&["p"]);
    assert_eq!(h.last_decision("p").rule, Rule::RoundRobin);
}

#[test]
fn with_queuing_off_neighbouring_root_tasks_share_a_worker() {
    let g = many_roots(12);
    let keys: Vec<String> = g.ids().map(|t| g.key(t).to_string()).collect();
    let cfg = SchedulerConfig { worker_saturation: f64::INFINITY, ..SchedulerConfig::default() };
    let mut h = Harness::new(g, cfg);
    h.worker("a", 1);
    h.worker("b", 1);
    let wanted: Vec<&str> = keys.iter().map(|s| s.as_str()).collect();
    h.submit(&wanted);
    assert_eq!(h.s.queued_len(), 0, "no queue: every root task is sent at once");
    assert_eq!(h.last_decision(&keys[0]).rule, Rule::RootishCoAssignment);
    let on_a = keys.iter().filter(|k| h.on(k) == "a").count();
    assert_eq!(on_a, 6, "12 tasks over 2 one-thread workers: batches of 6");
}

#[test]
fn stealing_moves_queued_up_work_to_an_idle_worker() {
    let mut b = GraphBuilder::new();
    let mut specs = Vec::new();
    for i in 0..8 {
        let mut s = TaskSpec::new(format!("slow-{i}"), vec![]).duration(SimDuration::from_secs(1));
        s.restrictions = Restrictions { workers: vec!["a".into()], loose: true };
        specs.push(s);
    }
    for s in specs {
        b.add(s);
    }
    let g = b.build().unwrap();
    let keys: Vec<String> = g.ids().map(|t| g.key(t).to_string()).collect();
    let mut h = Harness::new(g, SchedulerConfig::default());
    h.worker("a", 1);
    h.worker("b", 1);
    let wanted: Vec<&str> = keys.iter().map(|s| s.as_str()).collect();
    h.submit(&wanted);
    assert!(keys.iter().all(|k| h.on(k) == "a"), "restricted to a, loosely");
    h.input(Input::Balance);
    let steals: Vec<_> = h.log.iter().filter_map(|r| if let Record::Steal(s) = r { Some(s.clone()) } else { None }).collect();
    assert!(!steals.is_empty(), "b is idle and a is saturated");
    let s = &steals[0];
    assert_eq!(h.s.worker(s.thief).name, "b");
    assert!(s.thief_occupancy_s + s.thief_transfer_s + s.compute_s <= s.victim_occupancy_s - (s.victim_transfer_s + s.compute_s) / 2.0);
    // The victim had not started it: the task moves.
    h.input(Input::StealResponse { worker: s.victim, task: s.task, state: tasklab::sched::WorkerTaskState::NotStarted });
    assert_eq!(h.sent[h.g.key(s.task)].0, s.thief);
}

#[test]
fn stealing_off_means_no_balance_pass() {
    let g = many_roots(1);
    let mut h = Harness::new(g, SchedulerConfig { work_stealing: false, ..SchedulerConfig::default() });
    h.worker("a", 1);
    h.input(Input::Balance);
    assert!(!h.log.iter().any(|r| matches!(r, Record::Steal(_) | Record::Stimulus { what: tasklab::sched::Stimulus::Balance, .. })));
}

#[test]
fn a_decision_records_every_candidate_and_its_terms() {
    let mut h = chain();
    h.worker("idle", 1);
    h.finish("a");
    let d = h.last_decision("b");
    assert_eq!(d.placement, Placement::Worker(WorkerId(0)));
    assert_eq!(d.candidates.len(), 2, "both workers are listed");
    assert!(d.candidates.iter().all(|c| c.nthreads == 1));
}


#[test]
fn a_steal_whose_thief_dies_is_rescheduled_when_the_victim_answers() {
    let mut b = GraphBuilder::new();
    for i in 0..8 {
        let mut s = TaskSpec::new(format!("slow-{i}"), vec![]).duration(SimDuration::from_secs(1));
        s.restrictions = Restrictions { workers: vec!["a".into()], loose: true };
        b.add(s);
    }
    let g = b.build().unwrap();
    let keys: Vec<String> = g.ids().map(|t| g.key(t).to_string()).collect();
    let mut h = Harness::new(g, SchedulerConfig::default());
    h.worker("a", 1);
    let thief = h.worker("b", 1);
    let wanted: Vec<&str> = keys.iter().map(|s| s.as_str()).collect();
    h.submit(&wanted);
    h.input(Input::Balance);
    let s = h.log.iter().find_map(|r| if let Record::Steal(s) = r { Some(s.clone()) } else { None }).expect("a steal");
    assert_eq!(s.thief, thief);
    h.input(Input::RemoveWorker { worker: thief, expected: false });
    // The victim had already let the task go when it answered.
    h.input(Input::StealResponse { worker: s.victim, task: s.task, state: tasklab::sched::WorkerTaskState::NotStarted });
    let key = h.g.key(s.task).to_string();
    assert!(h.story(&key).ends_with(&["processing→released".to_string(), "released→waiting".to_string(), "waiting→processing".to_string()]), "{:?}", h.story(&key));
    assert_eq!(h.on(&key), "a", "sent again, to the only worker left");
}

fn no_workers_timeout_of_one_second() -> SchedulerConfig {
    SchedulerConfig { no_workers_timeout: Some(SimDuration::from_secs(1)), ..SchedulerConfig::default() }
}

#[test]
fn queued_task_errs_after_no_workers_timeout() {
    let roots: Vec<(String, Vec<&str>)> = (0..4).map(|i| (format!("load-{i}"), vec![])).collect();
    let roots: Vec<(&str, &[&str])> = roots.iter().map(|(k, d)| (k.as_str(), d.as_slice())).collect();
    let mut h = Harness::new(graph(&roots), no_workers_timeout_of_one_second());
    h.submit(&["load-0", "load-1", "load-2", "load-3"]);
    assert_eq!(h.state("load-0"), TaskState::Queued, "with no threads at all every root task is root-ish");
    let at = |ms: u64| SimTime(ms * 1000);
    h.input_at(at(0), Input::CheckNoWorkers);
    h.input_at(at(1000), Input::CheckNoWorkers);
    assert_eq!(h.state("load-0"), TaskState::Queued, "one second without workers is not longer than the timeout");
    h.input_at(at(1250), Input::CheckNoWorkers);
    for k in ["load-0", "load-1", "load-2", "load-3"] {
        assert_eq!(h.state(k), TaskState::Erred);
        let rec = h.s.task(h.g.id(k).unwrap());
        assert!(matches!(rec.failure, Some(Failure::NoWorker { .. })), "{:?}", rec.failure);
    }
    assert!(h.log.iter().any(|r| matches!(r, Record::Transition(t) if t.from == TaskState::Queued && t.to == TaskState::Erred)));
}

#[test]
fn no_worker_task_errs_after_no_workers_timeout() {
    let mut b = GraphBuilder::new();
    let mut gpu = TaskSpec::new("train", vec![]);
    gpu.resources.insert("GPU".into(), 1.0);
    b.add(gpu);
    let mut h = Harness::new(b.build().unwrap(), no_workers_timeout_of_one_second());
    h.worker("a", 1);
    h.submit(&["train"]);
    assert_eq!(h.state("train"), TaskState::NoWorker, "no worker has a GPU");
    h.input_at(SimTime(900_000), Input::CheckNoWorkers);
    assert_eq!(h.state("train"), TaskState::NoWorker);
    h.input_at(SimTime(1_100_000), Input::CheckNoWorkers);
    assert_eq!(h.state("train"), TaskState::Erred);
    let rec = h.s.task(h.g.id("train").unwrap());
    assert!(matches!(rec.failure, Some(Failure::NoValidWorker { .. })), "workers ran, none suitable: {:?}", rec.failure);
    assert!(h.log.iter().any(|r| matches!(r, Record::Transition(t) if t.from == TaskState::NoWorker && t.to == TaskState::Erred)));
}

#[test]
fn without_no_workers_timeout_an_unrunnable_task_waits_forever() {
    let mut b = GraphBuilder::new();
    let mut gpu = TaskSpec::new("train", vec![]);
    gpu.resources.insert("GPU".into(), 1.0);
    b.add(gpu);
    let mut h = Harness::new(b.build().unwrap(), SchedulerConfig::default());
    h.worker("a", 1);
    h.submit(&["train"]);
    h.input_at(SimTime(3_600_000_000), Input::CheckNoWorkers);
    assert_eq!(h.state("train"), TaskState::NoWorker);
}
