//! The guided tour at run time: `advance` moves a `Sim` until a step's action is reached;
//! `reveal` answers a step's question from what the engine recorded (decisions with their
//! candidates, steals, transitions, worker events), so the answer and its reason are the
//! engine's, never recomputed.
//!
//! Reads the trace and the world; decides nothing about scheduling.

use super::{Action, Answer, Question};
use crate::graph::TaskId;
use crate::sched::{Decision, Placement, Record, StealOutcome, StealRecord};
use crate::sim::{ClientTraceEvent, CoordEvent, Sim, TraceEvent, WorkerEvent};
use crate::time::SimDuration;

/// A question's answer as the engine decided it, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revealed {
    pub answer: String,
    pub reason: String,
}

fn id(sim: &Sim, key: &str) -> Result<TaskId, String> {
    sim.world().graph().id(key).ok_or_else(|| format!("no task has the key `{key}`"))
}

/// Steps `sim` until `action` is reached: at once if it already is. An error says the run
/// ended first.
pub fn advance(sim: &mut Sim, action: &Action) -> Result<(), String> {
    match action {
        Action::StudentActs => Ok(()),
        Action::RunToEnd => {
            while sim.step() {}
            Ok(())
        }
        Action::RunUntilTime(t) => {
            while sim.world().now() < *t {
                if !sim.step() {
                    return Err(format!("the run ended at {}, before {t}", sim.world().now()));
                }
            }
            Ok(())
        }
        Action::RunUntilState { key, state } => {
            let t = id(sim, key)?;
            if sim.world().scheduler().state(t) == *state {
                return Ok(());
            }
            step_until(sim, |e| matches!(e, TraceEvent::Scheduler(Record::Transition(tr)) if tr.task == t && tr.to == *state))
                .map_err(|end| format!("the run ended at {end} before `{key}` reached {state}"))
        }
        Action::RunUntilDecision { key } => {
            let t = id(sim, key)?;
            // Decided at this very moment, with the decision that ended the previous step.
            let now = sim.world().now();
            let decided_now = sim.trace().entries.iter().rev().take_while(|e| e.time == now).any(|e| {
                matches!(&e.event, TraceEvent::Scheduler(Record::Decision(d)) if d.task == t)
            });
            if decided_now {
                return Ok(());
            }
            step_until(sim, |e| matches!(e, TraceEvent::Scheduler(Record::Decision(d)) if d.task == t))
                .map_err(|end| format!("the run ended at {end} before the scheduler decided where `{key}` runs"))
        }
    }
}

/// Steps until one new trace entry matches; the error is the time the run ended.
fn step_until(sim: &mut Sim, found: impl Fn(&TraceEvent) -> bool) -> Result<(), crate::time::SimTime> {
    loop {
        let seen = sim.trace().len();
        if !sim.step() {
            return Err(sim.world().now());
        }
        if sim.trace().entries[seen..].iter().any(|e| found(&e.event)) {
            return Ok(());
        }
    }
}

/// Human sizes, as Dask prints them (`800.00 MB`).
pub fn bytes(n: u64) -> String {
    let n = n as f64;
    match n {
        _ if n >= 1e9 => format!("{:.2} GB", n / 1e9),
        _ if n >= 1e6 => format!("{:.2} MB", n / 1e6),
        _ if n >= 1e3 => format!("{:.2} kB", n / 1e3),
        _ => format!("{n} B"),
    }
}

/// The engine's answer to a question, with its reason, at the sim's current moment.
pub fn reveal(q: &Question, sim: &Sim) -> Revealed {
    let w = sim.world();
    let g = w.graph();
    let names = w.worker_names();
    let name = |i: usize| names.get(i).cloned().unwrap_or_else(|| format!("#{i}"));
    let task = |key: &str| g.id(key).expect("parse checked every key");
    match &q.answer {
        Answer::WorkerOf { key } => worker_of(sim, task(key), &name),
        Answer::TaskCount => {
            let mut by_prefix: Vec<(usize, &str)> = Vec::new();
            for (p, prefix) in g.prefixes().iter().enumerate() {
                let n = g.ids().filter(|&t| g.prefix(t).0 as usize == p).count();
                if n > 0 {
                    by_prefix.push((n, prefix));
                }
            }
            let parts: Vec<String> = by_prefix.iter().map(|(n, p)| format!("{n} × {p}")).collect();
            Revealed { answer: g.len().to_string(), reason: format!("the graph holds {}", parts.join(", ")) }
        }
        Answer::StateOf { key } => {
            let t = task(key);
            let state = w.scheduler().state(t);
            let story = sim.trace().story(&names, t);
            let mut reason = story.iter().rev().take(4).rev().cloned().collect::<Vec<_>>().join("; ");
            if let Some(f) = &w.scheduler().task(t).failure {
                reason = format!("{reason}; {f}");
            }
            Revealed { answer: state.name().to_string(), reason }
        }
        Answer::ValueOf { key } => {
            let t = task(key);
            match w.value(t) {
                Some(v) => {
                    let holders: Vec<String> = w.scheduler().who_has(t).iter().map(|h| name(h.index())).collect();
                    Revealed {
                        answer: v.to_string(),
                        reason: format!("`{}` computed it from {} input(s); held on {}", g.task(t).func, g.deps(t).len(), holders.join(", ")),
                    }
                }
                None => Revealed { answer: "not computed".into(), reason: format!("`{key}` is {}", w.scheduler().state(t)) },
            }
        }
        Answer::Makespan => {
            let threads = w.spec().total_threads();
            Revealed {
                answer: SimDuration(w.now().0).to_string(),
                reason: format!(
                    "{} tasks: {} of work on {threads} threads, and a critical path of {}",
                    g.len(),
                    g.total_work(),
                    g.critical_path()
                ),
            }
        }
        Answer::CompareMakespan { other } => compare(sim, other),
        Answer::GatheredBytes => {
            let moved: u64 = w.gathered().values().sum();
            let parts: Vec<String> = w.gathered().iter().map(|(t, n)| format!("`{}` {}", g.key(*t), bytes(*n))).collect();
            let reason = if parts.is_empty() { "nothing reached the client yet".to_string() } else { format!("the client received {}", parts.join(", ")) };
            Revealed { answer: bytes(moved), reason }
        }
        Answer::Steals => {
            let steals: Vec<&StealRecord> = records(sim).filter_map(|r| match r {
                Record::Steal(s) if s.outcome == StealOutcome::Confirmed => Some(&**s),
                _ => None,
            }).collect();
            let parts: Vec<String> = steals
                .iter()
                .take(5)
                .map(|s| format!("`{}` {} → {} (level {})", g.key(s.task), name(s.victim.index()), name(s.thief.index()), s.level))
                .collect();
            let reason = match (steals.is_empty(), w.scheduler().config().work_stealing) {
                (false, _) => format!("stolen: {}", parts.join(", ")),
                (true, true) => "the balance pass found nothing worth moving".into(),
                (true, false) => "work stealing is off".into(),
            };
            Revealed { answer: steals.len().to_string(), reason }
        }
        Answer::RunsOf { key } => {
            let t = task(key);
            let runs: Vec<String> = sim
                .trace()
                .entries
                .iter()
                .filter_map(|e| match &e.event {
                    TraceEvent::Worker { worker, event: WorkerEvent::TaskStarted { task, .. } } if *task == t => {
                        Some(format!("{} at {}", name(worker.index()), e.time))
                    }
                    _ => None,
                })
                .collect();
            let mut reason = if runs.is_empty() { "it never started".to_string() } else { format!("started on {}", runs.join(", ")) };
            if let Some(f) = &w.scheduler().task(t).failure {
                reason = format!("{reason}; {f}");
            }
            Revealed { answer: runs.len().to_string(), reason }
        }
        Answer::FutureOf { key } => {
            let t = task(key);
            let seen: Vec<String> = sim
                .trace()
                .entries
                .iter()
                .filter_map(|e| match &e.event {
                    TraceEvent::Client(ClientTraceEvent::FutureStatus { task, status }) if *task == t => Some(format!("{status} at {}", e.time)),
                    TraceEvent::Client(ClientTraceEvent::GatherEnded { task, nbytes }) if *task == t => {
                        Some(format!("its {} result reached the client at {}", bytes(*nbytes), e.time))
                    }
                    _ => None,
                })
                .collect();
            match w.futures().get(&t) {
                Some(status) => Revealed { answer: status.name().to_string(), reason: format!("the client's future: {}", seen.join("; ")) },
                None => Revealed {
                    answer: "no future".into(),
                    reason: format!("the client holds no future on `{key}`: it is a lazy task ({}) nobody submitted or that was released", w.scheduler().state(t)),
                },
            }
        }
        Answer::GatheredOf { key } => {
            let t = task(key);
            let n = w.gathered().get(&t).copied().unwrap_or(0);
            let span = sim.trace().entries.iter().fold((None, None), |(start, end), e| match &e.event {
                TraceEvent::Client(ClientTraceEvent::GatherStarted { task, .. }) if *task == t => (Some(e.time), end),
                TraceEvent::Client(ClientTraceEvent::GatherEnded { task, .. }) if *task == t => (start, Some(e.time)),
                _ => (start, end),
            });
            let reason = match span {
                (Some(a), Some(b)) => format!("`{key}` is {} and took {} to reach the client ({a} to {b})", bytes(n), b.since(a)),
                _ => format!("`{key}` has not reached the client"),
            };
            Revealed { answer: bytes(n), reason }
        }
        Answer::Counter { name } => match w.coordination().counter(name) {
            Some(v) => {
                let adds = coordination(sim).filter(|e| matches!(e, CoordEvent::Counter { name: n, .. } if n == name)).count();
                Revealed { answer: v.to_string(), reason: format!("`{name}` was incremented {adds} times, one message each") }
            }
            None => Revealed { answer: "no counter".into(), reason: format!("nothing has touched a counter named `{name}`") },
        },
        Answer::TimeWaiting => {
            let mut waited = SimDuration::ZERO;
            let mut most = 0;
            for e in coordination(sim) {
                match e {
                    CoordEvent::Acquired { waited: d, .. } | CoordEvent::QueueGot { waited: d, .. } | CoordEvent::VariableGot { waited: d, .. } => {
                        waited = SimDuration(waited.0 + d.0)
                    }
                    CoordEvent::Waits { waiting, .. } => most = most.max(*waiting),
                    _ => {}
                }
            }
            Revealed { answer: waited.to_string(), reason: format!("at most {most} tasks waited at once, each holding its thread while it waited") }
        }
        Answer::QueueLength { name } => {
            let (mut puts, mut gets, mut longest, mut waited) = (0, 0, 0, 0);
            for e in coordination(sim) {
                match e {
                    CoordEvent::QueuePut { name: n, length } if n == name => {
                        puts += 1;
                        longest = longest.max(*length);
                    }
                    CoordEvent::QueueGot { name: n, waited: d, .. } if n == name => {
                        gets += 1;
                        waited += usize::from(d.0 > 0);
                    }
                    _ => {}
                }
            }
            let length = w.coordination().queue_length(name);
            let reason = format!(
                "{puts} item(s) put on `{name}` and {gets} taken so far; it held {longest} at most; {waited} get() call(s) found it empty and waited, holding their threads; {} wait now",
                w.coordination().waiting("queue", name)
            );
            Revealed { answer: length.to_string(), reason }
        }
        Answer::Spilled => {
            let spills: Vec<(String, String, u64)> = sim
                .trace()
                .entries
                .iter()
                .filter_map(|e| match &e.event {
                    TraceEvent::Worker { worker, event: WorkerEvent::Spilled { task, nbytes } } => {
                        Some((name(worker.index()), g.key(*task).to_string(), *nbytes))
                    }
                    _ => None,
                })
                .collect();
            let total: u64 = spills.iter().map(|s| s.2).sum();
            let parts: Vec<String> = spills.iter().take(6).map(|(w, k, n)| format!("`{k}` ({}) on {w}", bytes(*n))).collect();
            let reason = if spills.is_empty() {
                "managed memory stayed under the target (60% of the limit)".to_string()
            } else {
                format!("{} to disk to keep memory under the target: {}{}", bytes(total), parts.join(", "), if spills.len() > 6 { ", …" } else { "" })
            };
            Revealed { answer: spills.len().to_string(), reason }
        }
        Answer::Threads => {
            let running: Vec<&crate::sched::WorkerRec> = w.scheduler().workers().iter().filter(|r| r.is_running()).collect();
            let parts: Vec<String> = running
                .iter()
                .map(|r| format!("{} ({} threads, {})", r.name, r.nthreads, r.memory_limit.map_or("no memory limit".into(), |m| format!("memory_limit {}", bytes(m)))))
                .collect();
            let spec = w.spec();
            Revealed {
                answer: running.iter().map(|r| r.nthreads).sum::<u32>().to_string(),
                reason: format!(
                    "one scheduler and {} workers: {}; {} on a machine of {} cores",
                    running.len(),
                    parts.join(", "),
                    if spec.processes { "each worker its own process" } else { "all workers in one process" },
                    spec.cores
                ),
            }
        }
        Answer::WorkersDied => {
            let deaths: Vec<String> = sim
                .trace()
                .entries
                .iter()
                .filter_map(|e| match &e.event {
                    TraceEvent::Worker { worker, event: WorkerEvent::Died { reason } } => Some(format!("{} ({reason})", name(worker.index()))),
                    _ => None,
                })
                .collect();
            let reason = if deaths.is_empty() { "no worker died".into() } else { format!("died: {}", deaths.join("; ")) };
            Revealed { answer: deaths.len().to_string(), reason }
        }
    }
}

fn coordination(sim: &Sim) -> impl Iterator<Item = &CoordEvent> {
    sim.trace().entries.iter().filter_map(|e| match &e.event {
        TraceEvent::Worker { event: WorkerEvent::Coordination { event, .. }, .. } => Some(&**event),
        _ => None,
    })
}

fn records(sim: &Sim) -> impl Iterator<Item = &Record> {
    sim.trace().entries.iter().filter_map(|e| match &e.event {
        TraceEvent::Scheduler(r) => Some(r),
        _ => None,
    })
}

/// Where the task was last sent: its latest decision, or a confirmed steal after it.
fn worker_of(sim: &Sim, t: TaskId, name: &dyn Fn(usize) -> String) -> Revealed {
    let mut last: Option<(&Decision, Option<&StealRecord>)> = None;
    for r in records(sim) {
        match r {
            Record::Decision(d) if d.task == t => last = Some((d, None)),
            Record::Steal(s) if s.task == t && s.outcome == StealOutcome::Confirmed => {
                if let Some((d, _)) = last {
                    last = Some((d, Some(s)));
                }
            }
            _ => {}
        }
    }
    let Some((d, steal)) = last else {
        return Revealed { answer: "none yet".into(), reason: "the scheduler has not decided where it runs".into() };
    };
    let mut reason = decision_reason(d, name);
    let answer = match (steal, d.placement) {
        (Some(s), _) => {
            reason.push_str(&format!(
                "; then work stealing moved it from {} to {}: {} had {:.3} s of work queued, {} {:.3} s",
                name(s.victim.index()),
                name(s.thief.index()),
                name(s.victim.index()),
                s.victim_occupancy_s,
                name(s.thief.index()),
                s.thief_occupancy_s
            ));
            name(s.thief.index())
        }
        (None, Placement::Worker(w)) => name(w.index()),
        (None, Placement::Queued) => "queued".into(),
        (None, Placement::NoWorker) => "no worker".into(),
    };
    Revealed { answer, reason }
}

/// A decision in words: the rule, then every candidate with what was compared.
pub fn decision_reason(d: &Decision, name: &dyn Fn(usize) -> String) -> String {
    let cands: Vec<String> = d
        .candidates
        .iter()
        .map(|c| match c.excluded {
            Some(x) => format!("{}: excluded ({})", name(c.worker.index()), x.name()),
            None => format!(
                "{}: moves {}, starts after {:.3} s, {} task(s) processing, holds {}",
                name(c.worker.index()),
                bytes(c.transfer_bytes),
                c.start_s,
                c.processing,
                bytes(c.stored_bytes)
            ),
        })
        .collect();
    format!("{} — {}", d.rule.describe(), cands.join("; "))
}

/// How this run's makespan compares with another built-in's, each run to its end.
fn compare(sim: &Sim, other: &str) -> Revealed {
    let mut mine = sim.clone();
    while mine.step() {}
    let theirs = super::builtin(other).map(|b| super::parse(b.text).expect("built-ins parse"));
    let Some(theirs) = theirs else {
        return Revealed { answer: "unknown".into(), reason: format!("no built-in scenario `{other}`") };
    };
    let mut run = theirs.sim();
    while run.step() {}
    let (a, b) = (mine.world().now().0 as f64, run.world().now().0 as f64);
    let answer = if a < b * 0.95 {
        "faster"
    } else if a > b * 1.05 {
        "slower"
    } else {
        "about the same"
    };
    let describe = |s: &Sim| {
        let spec = s.world().spec();
        let n = spec.workers.len();
        let threads = spec.workers.first().map_or(0, |w| w.nthreads);
        let procs = if spec.processes { format!("{n} process(es)") } else { "1 process".into() };
        format!("{procs}, {n} worker(s) × {threads} thread(s)")
    };
    Revealed {
        answer: answer.into(),
        reason: format!(
            "this run ({}) ended after {}; `{other}` ({}) ended after {}",
            describe(&mine),
            SimDuration(mine.world().now().0),
            describe(&run),
            SimDuration(run.world().now().0)
        ),
    }
}
