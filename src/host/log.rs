//! Trace entries in words: one `LogLine` per scheduler record, worker event or client event,
//! naming the task and worker it is about so the page can filter and the "why" panel can
//! tell a task's life.
//!
//! Reads the trace only; the words describe what was recorded, never recompute it.

use crate::graph::{TaskGraph, TaskId};
use crate::protocol::LogLine;
use crate::sched::{Placement, Record, StealOutcome, Stimulus, WorkerId};
use crate::sim::{coord_event_text, stimulus_text, ClientTraceEvent, TraceEntry, TraceEvent, WorkerEvent};
use crate::protocol::format_bytes as bytes;

/// Worker events too frequent to be worth a line (memory samples).
pub fn is_logged(e: &TraceEntry) -> bool {
    !matches!(e.event, TraceEvent::Worker { event: WorkerEvent::Memory { .. }, .. })
}

/// The task a trace entry is about, if any.
pub fn task_of(e: &TraceEntry) -> Option<TaskId> {
    match &e.event {
        TraceEvent::Scheduler(Record::Transition(tr)) => Some(tr.task),
        TraceEvent::Scheduler(Record::Decision(d)) => Some(d.task),
        TraceEvent::Scheduler(Record::Steal(s)) => Some(s.task),
        TraceEvent::Scheduler(Record::Stimulus { what, .. }) => match what {
            Stimulus::TaskFinished { task, .. }
            | Stimulus::TaskErred { task, .. }
            | Stimulus::ClientReleases { task }
            | Stimulus::Retry { task }
            | Stimulus::Scatter { task }
            | Stimulus::StealResponse { task, .. }
            | Stimulus::AddKeys { task, .. } => Some(*task),
            _ => None,
        },
        TraceEvent::Worker { event, .. } => match event {
            WorkerEvent::TaskStarted { task, .. }
            | WorkerEvent::TaskEnded { task, .. }
            | WorkerEvent::TransferStarted { task, .. }
            | WorkerEvent::TransferEnded { task, .. }
            | WorkerEvent::TransferFailed { task, .. }
            | WorkerEvent::Coordination { task, .. }
            | WorkerEvent::Spilled { task, .. }
            | WorkerEvent::Unspilled { task, .. }
            | WorkerEvent::Released { task } => Some(*task),
            _ => None,
        },
        TraceEvent::Client(c) => match c {
            ClientTraceEvent::FutureStatus { task, .. }
            | ClientTraceEvent::GatherStarted { task, .. }
            | ClientTraceEvent::GatherEnded { task, .. }
            | ClientTraceEvent::Scattered { task, .. }
            | ClientTraceEvent::Released { task } => Some(*task),
            _ => None,
        },
    }
}

/// One entry in words. `position` is where the timeline shows the moment just after it.
pub fn line(e: &TraceEntry, position: u64, graph: &TaskGraph, names: &[String]) -> LogLine {
    let name = |w: &WorkerId| names.get(w.index()).cloned().unwrap_or_else(|| format!("#{}", w.0));
    let key = |t: &TaskId| graph.key(*t).to_string();
    let (kind, worker, text): (&str, Option<String>, String) = match &e.event {
        TraceEvent::Scheduler(Record::Stimulus { what, .. }) => ("stimulus", stimulus_worker(what).map(|w| name(&w)), stimulus_text(what, &key, &name)),
        TraceEvent::Scheduler(Record::Transition(tr)) => ("transition", None, format!("{}: {} → {}", key(&tr.task), tr.from, tr.to)),
        TraceEvent::Scheduler(Record::Decision(d)) => {
            let (w, to) = match d.placement {
                Placement::Worker(w) => (Some(name(&w)), format!("sent to {}", name(&w))),
                Placement::Queued => (None, "queued: every worker is full".to_string()),
                Placement::NoWorker => (None, "no worker can run it".to_string()),
            };
            ("decision", w, format!("{}: {to}", key(&d.task)))
        }
        TraceEvent::Scheduler(Record::Steal(s)) => {
            let what = match s.outcome {
                StealOutcome::Requested => "asked to steal",
                StealOutcome::Confirmed => "stolen",
                StealOutcome::Rejected => "steal refused",
            };
            ("steal", Some(name(&s.thief)), format!("{}: {what}, {} → {}", key(&s.task), name(&s.victim), name(&s.thief)))
        }
        TraceEvent::Worker { worker, event } => ("worker", Some(name(worker)), format!("{}: {}", name(worker), worker_event(event, &key, &name))),
        TraceEvent::Client(c) => ("client", client_worker(c).map(|w| name(&w)), format!("client: {}", client_event(c, &key))),
    };
    LogLine { position, time_us: e.time.0, kind: kind.to_string(), task: task_of(e).map(|t| key(&t)), worker, text }
}

fn stimulus_worker(s: &Stimulus) -> Option<WorkerId> {
    match s {
        Stimulus::TaskFinished { worker, .. }
        | Stimulus::TaskErred { worker, .. }
        | Stimulus::WorkerJoined { worker }
        | Stimulus::WorkerLost { worker, .. }
        | Stimulus::WorkerPaused { worker }
        | Stimulus::WorkerResumed { worker }
        | Stimulus::AddKeys { worker, .. } => Some(*worker),
        Stimulus::StealResponse { victim, .. } => Some(*victim),
        _ => None,
    }
}

fn client_worker(c: &ClientTraceEvent) -> Option<WorkerId> {
    match c {
        ClientTraceEvent::Scattered { worker, .. } => Some(*worker),
        _ => None,
    }
}

fn worker_event(e: &WorkerEvent, key: &dyn Fn(&TaskId) -> String, name: &dyn Fn(&WorkerId) -> String) -> String {
    match e {
        WorkerEvent::Joined { nthreads, .. } => format!("joined with {nthreads} threads"),
        WorkerEvent::TaskStarted { task, thread } => format!("started {} on thread {thread}", key(task)),
        WorkerEvent::TaskEnded { task, ok: true, .. } => format!("finished {}", key(task)),
        WorkerEvent::TaskEnded { task, ok: false, .. } => format!("ended {} without a result", key(task)),
        WorkerEvent::TransferStarted { task, from, nbytes } => format!("fetching {} ({}) from {}", key(task), bytes(*nbytes), name(from)),
        WorkerEvent::TransferEnded { task, from, nbytes } => format!("fetched {} ({}) from {}", key(task), bytes(*nbytes), name(from)),
        WorkerEvent::TransferFailed { task, from } => format!("could not fetch {} from {}", key(task), name(from)),
        WorkerEvent::Coordination { task, event } => format!("{} {}", key(task), coord_event_text(event)),
        WorkerEvent::Spilled { task, nbytes } => format!("spilled {} ({}) to disk", key(task), bytes(*nbytes)),
        WorkerEvent::Unspilled { task, nbytes } => format!("read {} ({}) back from disk", key(task), bytes(*nbytes)),
        WorkerEvent::Paused => "paused: memory above the pause threshold".to_string(),
        WorkerEvent::Resumed => "resumed".to_string(),
        WorkerEvent::Died { reason } => format!("died: {reason}"),
        WorkerEvent::DeclaredDead => "declared dead by the scheduler".to_string(),
        WorkerEvent::Restarted { new } => format!("restarted by the nanny as {}", name(new)),
        WorkerEvent::Released { task } => format!("released {}", key(task)),
        WorkerEvent::Memory { process, .. } => format!("memory {}", bytes(*process)),
    }
}

fn client_event(e: &ClientTraceEvent, key: &dyn Fn(&TaskId) -> String) -> String {
    match e {
        ClientTraceEvent::Submitted { tasks } => format!("submitted {tasks} tasks"),
        ClientTraceEvent::FutureStatus { task, status } => format!("future {} is {status}", key(task)),
        ClientTraceEvent::GatherStarted { task, nbytes } => format!("gathering {} ({})", key(task), bytes(*nbytes)),
        ClientTraceEvent::GatherEnded { task, nbytes } => format!("gathered {} ({})", key(task), bytes(*nbytes)),
        ClientTraceEvent::Scattered { task, .. } => format!("scattered {}", key(task)),
        ClientTraceEvent::Released { task } => format!("released {}", key(task)),
        ClientTraceEvent::Fault { description } => format!("fault: {description}"),
    }
}
