//! The trace: everything that happened, in order, with its simulated time — the scheduler's
//! records (stimuli, transitions, decisions, steals) and the workers' own events.
//!
//! Written by `World::step`, read by the page, the CLI and the tests. Owns the
//! `tasklab-trace/1` JSON-lines format and `story(key)`.

use super::coordination::CoordEvent;
use crate::graph::{TaskGraph, TaskId};
use crate::sched::{Placement, Record, StealOutcome, Stimulus, WorkerId};
use crate::time::{SimDuration, SimTime};
use std::fmt::Write as _;

/// Something a simulated worker (or the cluster around it) did.
#[derive(Clone, Debug, PartialEq)]
pub enum WorkerEvent {
    Joined { name: String, nthreads: u32 },
    /// A thread started running a task.
    TaskStarted { task: TaskId, thread: u32 },
    /// The thread finished (`ok = false`: it raised, or its result was abandoned).
    TaskEnded { task: TaskId, thread: u32, ok: bool },
    TransferStarted { task: TaskId, from: WorkerId, nbytes: u64 },
    TransferEnded { task: TaskId, from: WorkerId, nbytes: u64 },
    /// The source died, hung or dropped the data before it arrived.
    TransferFailed { task: TaskId, from: WorkerId },
    /// Moved least-recently-used data to disk.
    Spilled { task: TaskId, nbytes: u64 },
    /// Read spilled data back from disk.
    Unspilled { task: TaskId, nbytes: u64 },
    Paused,
    Resumed,
    /// The worker's process died (`reason` says why).
    Died { reason: String },
    /// The scheduler noticed the death (connection closed, or heartbeats stopped).
    DeclaredDead,
    /// The nanny started a fresh worker in its place.
    Restarted { new: WorkerId },
    /// Gave up a task at the scheduler's request (`free-keys` or a steal).
    Released { task: TaskId },
    Memory { process: u64, managed: u64, spilled: u64 },
    /// A task waited on, took, gave back or used a coordination primitive (boxed: the
    /// largest event and a rare one, so the trace's entries stay small).
    Coordination { task: TaskId, event: Box<CoordEvent> },
}

/// Things the client saw.
#[derive(Clone, Debug, PartialEq)]
pub enum ClientTraceEvent {
    Submitted { tasks: u32 },
    FutureStatus { task: TaskId, status: &'static str },
    GatherStarted { task: TaskId, nbytes: u64 },
    GatherEnded { task: TaskId, nbytes: u64 },
    Scattered { task: TaskId, worker: WorkerId },
    Released { task: TaskId },
    Fault { description: String },
}

#[derive(Clone, Debug, PartialEq)]
pub enum TraceEvent {
    Scheduler(Record),
    Worker { worker: WorkerId, event: WorkerEvent },
    Client(ClientTraceEvent),
}

#[derive(Clone, Debug, PartialEq)]
pub struct TraceEntry {
    pub time: SimTime,
    pub event: TraceEvent,
}

/// The whole recording of a run.
#[derive(Clone, Debug, Default)]
pub struct Trace {
    pub entries: Vec<TraceEntry>,
}

impl Trace {
    pub fn push(&mut self, time: SimTime, event: TraceEvent) {
        self.entries.push(TraceEntry { time, event });
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn transitions(&self) -> impl Iterator<Item = (SimTime, &crate::sched::TransitionRecord)> {
        self.entries.iter().filter_map(|e| match &e.event {
            TraceEvent::Scheduler(Record::Transition(tr)) => Some((e.time, tr)),
            _ => None,
        })
    }

    /// A task's life in words, one line per transition, decision or worker event about it.
    pub fn story(&self, worker_names: &[String], t: TaskId) -> Vec<String> {
        let name = |w: &WorkerId| worker_names.get(w.index()).cloned().unwrap_or_else(|| format!("#{}", w.0));
        let mut lines = Vec::new();
        for e in &self.entries {
            let at = e.time;
            match &e.event {
                TraceEvent::Scheduler(Record::Transition(tr)) if tr.task == t => {
                    lines.push(format!("{at}: {} → {}", tr.from, tr.to))
                }
                TraceEvent::Scheduler(Record::Decision(d)) if d.task == t => {
                    let to = match d.placement {
                        Placement::Worker(w) => format!("sent to {}", name(&w)),
                        Placement::Queued => "queued: every worker is full".to_string(),
                        Placement::NoWorker => "no worker can run it".to_string(),
                    };
                    lines.push(format!("{at}: decided: {to} ({})", d.rule.describe()));
                }
                TraceEvent::Scheduler(Record::Steal(s)) if s.task == t => {
                    let what = match s.outcome {
                        StealOutcome::Requested => "asked to steal",
                        StealOutcome::Confirmed => "stolen",
                        StealOutcome::Rejected => "steal refused",
                    };
                    lines.push(format!("{at}: {what}: {} → {}", name(&s.victim), name(&s.thief)));
                }
                TraceEvent::Worker { worker, event: WorkerEvent::TaskStarted { task, thread } } if *task == t => {
                    lines.push(format!("{at}: started on {} thread {thread}", name(worker)))
                }
                TraceEvent::Worker { worker, event: WorkerEvent::TaskEnded { task, ok, .. } } if *task == t => {
                    lines.push(format!("{at}: {} on {}", if *ok { "finished" } else { "ended without a result" }, name(worker)))
                }
                _ => {}
            }
        }
        lines
    }

    /// `tasklab-trace/1`: one JSON object per line, in order. A hash of this text is the
    /// determinism fingerprint of a run.
    pub fn to_jsonl(&self, graph: &TaskGraph, worker_names: &[String]) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{{\"format\":\"tasklab-trace/1\",\"tasks\":{}}}", graph.len());
        let key = |t: &TaskId| serde_json::to_string(graph.key(*t)).expect("string");
        let raw = |w: &WorkerId| worker_names.get(w.index()).cloned().unwrap_or_else(|| format!("#{}", w.0));
        let name = |w: &WorkerId| serde_json::to_string(&raw(w)).expect("string");
        let rawkey = |t: &TaskId| graph.key(*t).to_string();
        for e in &self.entries {
            let t = e.time.0;
            match &e.event {
                TraceEvent::Scheduler(Record::Stimulus { id, what }) => {
                    let _ = writeln!(out, "{{\"t\":{t},\"kind\":\"stimulus\",\"id\":{},\"what\":{}}}", id.0, serde_json::to_string(&stimulus_text(what, &rawkey, &raw)).expect("string"));
                }
                TraceEvent::Scheduler(Record::Transition(tr)) => {
                    let _ = writeln!(out, "{{\"t\":{t},\"kind\":\"transition\",\"key\":{},\"from\":\"{}\",\"to\":\"{}\",\"stimulus\":{}}}", key(&tr.task), tr.from, tr.to, tr.stimulus.0);
                }
                TraceEvent::Scheduler(Record::Decision(d)) => {
                    let placement = match d.placement {
                        Placement::Worker(w) => name(&w),
                        Placement::Queued => "\"queued\"".into(),
                        Placement::NoWorker => "\"no-worker\"".into(),
                    };
                    let cands: Vec<String> = d
                        .candidates
                        .iter()
                        .map(|c| {
                            format!(
                                "{{\"worker\":{},\"transfer_bytes\":{},\"occupancy_us\":{},\"start_us\":{},\"stored_bytes\":{},\"processing\":{},\"excluded\":{}}}",
                                name(&c.worker),
                                c.transfer_bytes,
                                SimDuration::from_secs_f64(c.occupancy_s).0,
                                SimDuration::from_secs_f64(c.start_s).0,
                                c.stored_bytes,
                                c.processing,
                                c.excluded.map_or("null".to_string(), |x| format!("\"{}\"", x.name()))
                            )
                        })
                        .collect();
                    let _ = writeln!(out, "{{\"t\":{t},\"kind\":\"decision\",\"key\":{},\"rule\":\"{:?}\",\"rootish\":{},\"placement\":{placement},\"stimulus\":{},\"candidates\":[{}]}}", key(&d.task), d.rule, d.rootish, d.stimulus.0, cands.join(","));
                }
                TraceEvent::Scheduler(Record::Steal(s)) => {
                    let _ = writeln!(out, "{{\"t\":{t},\"kind\":\"steal\",\"key\":{},\"victim\":{},\"thief\":{},\"level\":{},\"outcome\":\"{:?}\"}}", key(&s.task), name(&s.victim), name(&s.thief), s.level, s.outcome);
                }
                TraceEvent::Worker { worker, event } => {
                    let _ = writeln!(out, "{{\"t\":{t},\"kind\":\"worker\",\"worker\":{},\"event\":{}}}", name(worker), serde_json::to_string(&worker_event_text(event, &rawkey, &raw)).expect("string"));
                }
                TraceEvent::Client(c) => {
                    let _ = writeln!(out, "{{\"t\":{t},\"kind\":\"client\",\"event\":{}}}", serde_json::to_string(&client_event_text(c, &rawkey, &raw)).expect("string"));
                }
            }
        }
        out
    }
}

/// What set a scheduler step off, in words, for the trace and the page's log.
pub fn stimulus_text(s: &Stimulus, key: &dyn Fn(&TaskId) -> String, name: &dyn Fn(&WorkerId) -> String) -> String {
    match s {
        Stimulus::UpdateGraph { tasks, wanted } => format!("update-graph: {tasks} tasks, {wanted} wanted"),
        Stimulus::TaskFinished { task, worker } => format!("task-finished {} on {}", key(task), name(worker)),
        Stimulus::TaskErred { task, worker } => format!("task-erred {} on {}", key(task), name(worker)),
        Stimulus::WorkerJoined { worker } => format!("worker {} joined", name(worker)),
        Stimulus::WorkerLost { worker, expected } => {
            format!("worker {} {}", name(worker), if *expected { "retired" } else { "lost" })
        }
        Stimulus::WorkerPaused { worker } => format!("worker {} paused", name(worker)),
        Stimulus::WorkerResumed { worker } => format!("worker {} resumed", name(worker)),
        Stimulus::ClientReleases { task } => format!("client releases {}", key(task)),
        Stimulus::Retry { task } => format!("client retries {}", key(task)),
        Stimulus::Scatter { task } => format!("client scatters {}", key(task)),
        Stimulus::Balance => "work-stealing balance".to_string(),
        Stimulus::StealResponse { task, victim } => format!("steal-response {} from {}", key(task), name(victim)),
        Stimulus::AddKeys { task, worker } => format!("add-keys {} on {}", key(task), name(worker)),
        Stimulus::NoWorkersTimeout { tasks } => format!("no-workers-timeout exceeded by {tasks} tasks"),
    }
}

fn worker_event_text(e: &WorkerEvent, key: &dyn Fn(&TaskId) -> String, name: &dyn Fn(&WorkerId) -> String) -> String {
    match e {
        WorkerEvent::Joined { name: n, nthreads } => format!("joined as {n} with {nthreads} threads"),
        WorkerEvent::TaskStarted { task, thread } => format!("start {} on thread {thread}", key(task)),
        WorkerEvent::TaskEnded { task, thread, ok } => format!("end {} on thread {thread}{}", key(task), if *ok { "" } else { " (no result)" }),
        WorkerEvent::TransferStarted { task, from, nbytes } => format!("fetch {} ({nbytes} B) from {}", key(task), name(from)),
        WorkerEvent::TransferEnded { task, from, nbytes } => format!("fetched {} ({nbytes} B) from {}", key(task), name(from)),
        WorkerEvent::TransferFailed { task, from } => format!("could not fetch {} from {}", key(task), name(from)),
        WorkerEvent::Spilled { task, nbytes } => format!("spill {} ({nbytes} B) to disk", key(task)),
        WorkerEvent::Unspilled { task, nbytes } => format!("read {} ({nbytes} B) back from disk", key(task)),
        WorkerEvent::Paused => "paused: memory above the pause threshold".to_string(),
        WorkerEvent::Resumed => "resumed".to_string(),
        WorkerEvent::Died { reason } => format!("died: {reason}"),
        WorkerEvent::DeclaredDead => "declared dead by the scheduler".to_string(),
        WorkerEvent::Restarted { new } => format!("restarted by the nanny as {}", name(new)),
        WorkerEvent::Released { task } => format!("released {}", key(task)),
        WorkerEvent::Memory { process, managed, spilled } => format!("memory process={process} managed={managed} spilled={spilled}"),
        WorkerEvent::Coordination { task, event } => format!("{} {}", key(task), coord_event_text(event)),
    }
}

/// A coordination step in words (`waits for lock x`, …), for the trace and the page's log.
pub fn coord_event_text(e: &CoordEvent) -> String {
    match e {
        CoordEvent::Waits { primitive, name, waiting } => format!("waits for {primitive} {name} ({waiting} waiting)"),
        CoordEvent::Acquired { primitive, name, waited } => format!("acquired {primitive} {name} after {waited}"),
        CoordEvent::Released { primitive, name } => format!("released {primitive} {name}"),
        CoordEvent::Counter { name, value } => format!("{name} is now {value}"),
        CoordEvent::QueuePut { name, length } => format!("put into queue {name} (length {length})"),
        CoordEvent::QueueGot { name, length, waited } => format!("got from queue {name} after {waited} (length {length})"),
        CoordEvent::VariableSet { name } => format!("set variable {name}"),
        CoordEvent::VariableGot { name, waited } => format!("got variable {name} after {waited}"),
    }
}

fn client_event_text(e: &ClientTraceEvent, key: &dyn Fn(&TaskId) -> String, name: &dyn Fn(&WorkerId) -> String) -> String {
    match e {
        ClientTraceEvent::Submitted { tasks } => format!("submitted {tasks} tasks"),
        ClientTraceEvent::FutureStatus { task, status } => format!("future {} is {status}", key(task)),
        ClientTraceEvent::GatherStarted { task, nbytes } => format!("gather {} ({nbytes} B) to the client", key(task)),
        ClientTraceEvent::GatherEnded { task, nbytes } => format!("gathered {} ({nbytes} B)", key(task)),
        ClientTraceEvent::Scattered { task, worker } => format!("scattered {} to {}", key(task), name(worker)),
        ClientTraceEvent::Released { task } => format!("released {}", key(task)),
        ClientTraceEvent::Fault { description } => format!("fault: {description}"),
    }
}
