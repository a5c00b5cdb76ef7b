//! The built-in lectures: each passes `tasklab check`, runs natively through every step of its
//! tour to its end, and every question's revealed answer is what the engine recorded. Together
//! they teach every concept C1–C29, and what the tours claim is what the engine does.

use tasklab::graph::TaskId;
use tasklab::sched::{Placement, Record, StealOutcome};
use tasklab::scenario::{self, tour, Action, Answer, Scenario};
use tasklab::sim::{CoordEvent, Sim, TraceEvent, WorkerEvent};
use tasklab::time::SimDuration;

fn load(id: &str) -> Scenario {
    let b = scenario::builtin(id).unwrap_or_else(|| panic!("no built-in `{id}`"));
    scenario::parse(b.text).unwrap_or_else(|e| panic!("{id}: {e}"))
}

fn run_to_end(s: &Scenario) -> Sim {
    let mut sim = s.sim();
    while sim.step() {}
    sim
}

#[test]
fn every_built_in_parses_under_its_own_id_and_lecture() {
    assert!(scenario::builtins().len() >= 12);
    for b in scenario::builtins() {
        let s = load(b.id);
        assert_eq!(s.meta.id, b.id, "the file's [scenario] id names its built-in");
        assert_eq!(s.meta.lecture, b.lecture, "{}", b.id);
        assert!(!s.meta.summary.is_empty() && !s.meta.concepts.is_empty(), "{}: a summary and concepts", b.id);
        assert!(s.workload.graph.len() <= 2000, "{}: small enough to run in a debug test", b.id);
    }
    let lectures: Vec<&str> = scenario::builtins().iter().map(|b| b.lecture).collect();
    assert!(lectures.windows(2).all(|w| w[0] <= w[1]), "built-ins come in course order: {lectures:?}");
}

#[test]
fn every_concept_c1_to_c29_is_taught_by_some_built_in() {
    let taught: Vec<String> = scenario::builtins().iter().flat_map(|b| load(b.id).meta.concepts).collect();
    let missing: Vec<String> = (1..=29).map(|n| format!("C{n}")).filter(|c| !taught.contains(c)).collect();
    assert!(missing.is_empty(), "no built-in teaches {missing:?}");
}

/// The last worker the trace shows the task sent to: its latest decision, then any steal.
fn recorded_worker(sim: &Sim, t: TaskId) -> Option<String> {
    let names = sim.world().worker_names();
    let mut last = None;
    for e in &sim.trace().entries {
        match &e.event {
            TraceEvent::Scheduler(Record::Decision(d)) if d.task == t => {
                last = Some(match d.placement {
                    Placement::Worker(w) => names[w.index()].clone(),
                    Placement::Queued => "queued".into(),
                    Placement::NoWorker => "no worker".into(),
                })
            }
            TraceEvent::Scheduler(Record::Steal(s)) if s.task == t && s.outcome == StealOutcome::Confirmed => {
                last = Some(names[s.thief.index()].clone())
            }
            _ => {}
        }
    }
    last
}

fn count(sim: &Sim, f: impl Fn(&TraceEvent) -> bool) -> usize {
    sim.trace().entries.iter().filter(|e| f(&e.event)).count()
}

/// What the trace and world say the answer is, found without `reveal`.
fn recorded_answer(sim: &Sim, answer: &Answer) -> String {
    let w = sim.world();
    let g = w.graph();
    let id = |k: &str| g.id(k).unwrap();
    match answer {
        Answer::WorkerOf { key } => recorded_worker(sim, id(key)).unwrap_or_else(|| "none yet".into()),
        Answer::TaskCount => g.len().to_string(),
        Answer::StateOf { key } => w.scheduler().state(id(key)).name().to_string(),
        Answer::ValueOf { key } => w.value(id(key)).map_or("not computed".into(), |v| v.to_string()),
        Answer::Makespan => SimDuration(w.now().0).to_string(),
        Answer::CompareMakespan { other } => {
            let mut mine = sim.clone();
            while mine.step() {}
            let theirs = run_to_end(&load(other));
            let (a, b) = (mine.world().now().0 as f64, theirs.world().now().0 as f64);
            if a < b * 0.95 { "faster" } else if a > b * 1.05 { "slower" } else { "about the same" }.into()
        }
        Answer::GatheredBytes => tour::bytes(w.gathered().values().sum()),
        Answer::Steals => count(sim, |e| matches!(e, TraceEvent::Scheduler(Record::Steal(s)) if s.outcome == StealOutcome::Confirmed)).to_string(),
        Answer::WorkersDied => count(sim, |e| matches!(e, TraceEvent::Worker { event: WorkerEvent::Died { .. }, .. })).to_string(),
        Answer::RunsOf { key } => {
            let t = id(key);
            count(sim, |e| matches!(e, TraceEvent::Worker { event: WorkerEvent::TaskStarted { task, .. }, .. } if *task == t)).to_string()
        }
        Answer::Spilled => count(sim, |e| matches!(e, TraceEvent::Worker { event: WorkerEvent::Spilled { .. }, .. })).to_string(),
        Answer::FutureOf { key } => w.futures().get(&id(key)).map_or("no future".into(), |s| s.name().to_string()),
        Answer::GatheredOf { key } => tour::bytes(w.gathered().get(&id(key)).copied().unwrap_or(0)),
        Answer::Counter { name } => w.coordination().counter(name).map_or("no counter".into(), |v| v.to_string()),
        Answer::TimeWaiting => {
            let waited: u64 = sim
                .trace()
                .entries
                .iter()
                .filter_map(|e| match &e.event {
                    TraceEvent::Worker { event: WorkerEvent::Coordination { event, .. }, .. } => match **event {
                        CoordEvent::Acquired { waited, .. } | CoordEvent::QueueGot { waited, .. } | CoordEvent::VariableGot { waited, .. } => Some(waited.0),
                        _ => None,
                    },
                    _ => None,
                })
                .sum();
            SimDuration(waited).to_string()
        }
        Answer::QueueLength { name } => w.coordination().queue_length(name).to_string(),
        Answer::Threads => w.scheduler().workers().iter().filter(|r| r.is_running()).map(|r| r.nthreads).sum::<u32>().to_string(),
    }
}

/// The step's action really happened.
fn reached(sim: &Sim, action: &Action) -> bool {
    let g = sim.world().graph();
    match action {
        Action::StudentActs => true,
        Action::RunToEnd => sim.world().is_finished(),
        Action::RunUntilTime(t) => sim.world().now() >= *t,
        Action::RunUntilState { key, state } => {
            let t = g.id(key).unwrap();
            sim.world().scheduler().state(t) == *state || sim.trace().transitions().any(|(_, tr)| tr.task == t && tr.to == *state)
        }
        Action::RunUntilDecision { key } => {
            let t = g.id(key).unwrap();
            count(sim, |e| matches!(e, TraceEvent::Scheduler(Record::Decision(d)) if d.task == t)) > 0
        }
    }
}

#[test]
fn every_built_in_tour_reaches_each_step_and_reveals_what_the_engine_decided() {
    for b in scenario::builtins() {
        let s = load(b.id);
        let mut sim = s.sim();
        for (i, step) in s.tour.iter().enumerate() {
            let at = format!("{} step {}", b.id, i + 1);
            tour::advance(&mut sim, &step.action).unwrap_or_else(|e| panic!("{at}: {e}"));
            assert!(reached(&sim, &step.action), "{at}: {:?} not reached", step.action);
            if let Some(q) = &step.question {
                let revealed = tour::reveal(q, &sim);
                assert_eq!(revealed.answer, recorded_answer(&sim, &q.answer), "{at}: {}", q.prompt);
                assert!(!revealed.reason.is_empty(), "{at}: the answer comes with its reason");
                assert!(
                    q.choices.is_empty() || q.choices.contains(&revealed.answer),
                    "{at}: the engine's answer {:?} is not among the choices {:?}",
                    revealed.answer,
                    q.choices
                );
            }
        }
        while sim.step() {}
        assert!(sim.world().is_finished(), "{} runs to its end", b.id);
    }
}

#[test]
fn pure_python_speeds_up_with_processes_not_threads() {
    let threads = run_to_end(&load("gil-threads")).world().now();
    let processes = run_to_end(&load("gil-processes")).world().now();
    let numeric = run_to_end(&load("numeric-threads")).world().now();
    assert!(processes.0 * 3 < threads.0, "4 processes ({processes}) vs 4 threads under one GIL ({threads})");
    assert!(numeric.0 * 3 < threads.0, "numeric code on the same threads ({numeric}) is not held by the GIL");
}

#[test]
fn an_exception_is_not_retried_but_a_worker_killing_task_is_until_killed_worker() {
    let s = load("killed-worker");
    let sim = run_to_end(&s);
    let w = sim.world();
    let started = |key: &str| {
        let t = w.graph().id(key).unwrap();
        count(&sim, |e| matches!(e, TraceEvent::Worker { event: WorkerEvent::TaskStarted { task, .. }, .. } if *task == t))
    };
    assert_eq!(started("ratio"), 1, "an ordinary exception errs at once");
    assert_eq!(started("segfault") as u32, s.cluster.scheduler.allowed_failures + 1, "tried until suspicious > allowed-failures");
    let failure = w.scheduler().task(w.graph().id("segfault").unwrap()).failure.clone();
    assert!(matches!(failure, Some(tasklab::sched::Failure::KilledWorker { .. })), "{failure:?}");
}

fn confirmed_steals(sim: &Sim) -> usize {
    count(sim, |e| matches!(e, TraceEvent::Scheduler(Record::Steal(s)) if s.outcome == StealOutcome::Confirmed))
}

#[test]
fn work_stealing_empties_the_saturated_worker_and_off_means_nothing_moves() {
    let on = run_to_end(&load("work-stealing"));
    let off = run_to_end(&load("no-stealing"));
    assert!(confirmed_steals(&on) > 0, "idle workers take tasks queued on the holder of `data`");
    assert_eq!(count(&off, |e| matches!(e, TraceEvent::Scheduler(Record::Steal(_)))), 0);
    assert!(on.world().now() < off.world().now(), "stealing ({}) beats one long queue ({})", on.world().now(), off.world().now());
}

#[test]
fn fetching_a_whole_array_costs_its_size_but_sending_the_function_costs_the_answer() {
    let sim = run_to_end(&load("gather-vs-shape"));
    let g = sim.world().graph();
    let gathered = |func: &str| {
        let t = g.ids().find(|&t| tasklab::graph::key_split(g.key(t)) == func).unwrap();
        sim.world().gathered()[&t]
    };
    assert_eq!(gathered("random"), 800_000_000, "x.result() brings the whole array");
    assert!(gathered("lambda") < 100, "only the shape tuple travels");
}

#[test]
fn a_locked_counter_waits_an_actor_queues_briefly_and_pre_aggregating_never_waits() {
    let [lock, actor, pre] = ["counter-lock", "counter-actor", "counter-preaggregate"].map(|id| run_to_end(&load(id)));
    for sim in [&lock, &actor] {
        assert_eq!(sim.world().coordination().counter("counter"), Some(400.0), "every increment counted");
    }
    assert!(actor.world().now() < lock.world().now(), "no lease through the scheduler per increment");
    assert!(pre.world().now() < actor.world().now(), "nothing shared while the partitions run");
}

#[test]
fn every_built_in_gives_the_same_trace_on_every_run() {
    for b in scenario::builtins() {
        let s = load(b.id);
        let [one, two] = [run_to_end(&s), run_to_end(&s)].map(|sim| sim.trace().to_jsonl(sim.world().graph(), &sim.world().worker_names()));
        assert!(one == two, "{}: rerun with seed {} differs", b.id, s.meta.seed);
    }
}

/// The product table a finished comb_prod run holds, row by row: the `mul` futures in the
/// order the client submitted them, or the `outer` array's blocks by their index.
fn comb_prod_table(sim: &Sim) -> Vec<Vec<f64>> {
    let (w, g) = (sim.world(), sim.world().graph());
    let number = |t: TaskId| match w.value(t) {
        Some(tasklab::value::Value::Scalar(x)) => *x,
        Some(tasklab::value::Value::Array(a)) if a.len() == 1 => a.iter().copied().next().expect("one element"),
        other => panic!("{} holds {other:?}", g.key(t)),
    };
    let products: Vec<TaskId> = g.ids().filter(|&t| g.task(t).func == "mul").collect();
    if !products.is_empty() {
        return products.chunks(2).map(|row| row.iter().map(|&t| number(t)).collect()).collect();
    }
    let block = g.ids().map(|t| g.key(t)).find(|k| k.starts_with("('outer-")).expect("an outer product");
    let name = &block[..block.find(',').expect("a tuple key")];
    (0..2).map(|i| (0..2).map(|j| number(g.id(&format!("{name}, {i}, {j})")).expect("every block"))).collect()).collect()
}

#[test]
fn comb_prod_gives_the_same_table_as_a_loop_a_map_and_a_chunked_array_but_not_the_same_graph() {
    let runs = ["comb-prod-loop", "comb-prod-map", "comb-prod"].map(|id| run_to_end(&load(id)));
    for sim in &runs {
        assert_eq!(comb_prod_table(sim), vec![vec![6.0, 2.0], vec![12.0, 4.0]], "comb_prod([2, 4], [3, 1])");
    }
    let [tasks_loop, tasks_map, tasks_array] = [&runs[0], &runs[1], &runs[2]].map(|s| s.world().graph().len());
    assert_eq!((tasks_loop, tasks_map), (4, 4), "one tiny task per pair, written as a loop or as a map");
    assert_eq!(tasks_array, 8, "one-element chunks add a task per input chunk");
    for sim in &runs {
        let work: u64 = sim.world().graph().ids().map(|t| sim.world().graph().task(t).duration.0).sum();
        assert!(sim.world().now().0 > work, "tiny tasks: the run ({}) takes longer than its work ({work} µs)", sim.world().now());
    }
    assert!(runs[2].world().now() > runs[0].world().now(), "twice the tasks, twice the per-task overhead");
}

#[test]
fn producers_fill_a_queue_that_consumers_empty_and_an_empty_queue_makes_get_wait() {
    let s = load("queue");
    let sim = run_to_end(&s);
    let events: Vec<&CoordEvent> = sim
        .trace()
        .entries
        .iter()
        .filter_map(|e| match &e.event {
            TraceEvent::Worker { event: WorkerEvent::Coordination { event, .. }, .. } => Some(&**event),
            _ => None,
        })
        .collect();
    let lengths: Vec<u32> = events.iter().filter_map(|e| if let CoordEvent::QueuePut { length, .. } = e { Some(*length) } else { None }).collect();
    let got: Vec<SimDuration> = events.iter().filter_map(|e| if let CoordEvent::QueueGot { waited, .. } = e { Some(*waited) } else { None }).collect();
    assert_eq!(lengths.len(), got.len(), "every item put is taken");
    assert!(lengths.iter().any(|&l| l >= 2), "producers outpace the consumers for a while: {lengths:?}");
    assert!(got.iter().any(|w| w.0 > 0), "a get() on the empty queue waited");
    assert!(events.iter().any(|e| matches!(e, CoordEvent::VariableGot { waited, .. } if waited.0 > 0)), "consumers waited for the parameters");
    assert_eq!(sim.world().coordination().queue_length("items"), 0);
    let text: String = s.tour.iter().map(|step| step.text.as_str()).collect();
    assert!(text.contains("pub/sub") && text.contains("does not model it"), "the tour says pub/sub is not shown");
}
