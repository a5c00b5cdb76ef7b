//! Faults a student or a scenario injects, and the client program's actions.
//!
//! Plain data describing *what* and *when*; `sim` carries them out.

use crate::graph::TaskId;
use crate::sched::TaskState;
use crate::time::SimTime;

/// When a fault or client action happens.
#[derive(Clone, Debug, PartialEq)]
pub enum Trigger {
    At(SimTime),
    /// As soon as a task reaches a state (e.g. `x-3` starts processing).
    WhenTask { task: TaskId, state: TaskState },
}

/// How a broken function fails.
#[derive(Clone, Debug, PartialEq)]
pub enum Breakage {
    /// Raises an ordinary exception: the task errs (after its retries).
    Raises { message: String },
    /// Takes its worker's process down with it (e.g. a segfault or `os._exit`).
    KillsWorker,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FaultKind {
    /// The worker's process dies; its connection closes.
    KillWorker { worker: String },
    /// The worker stops answering but stays connected: only missed heartbeats reveal it.
    HangWorker { worker: String },
    BreakFunction { func: String, how: Breakage },
    /// Transfers to and from this worker take `factor` times as long.
    SlowLink { worker: String, factor: f64 },
    SetMemoryLimit { worker: String, bytes: u64 },
    AddWorker { name: String, nthreads: u32, memory_limit: Option<u64> },
    /// Graceful retirement: its unique results move elsewhere first.
    RetireWorker { worker: String },
    SetWorkStealing(bool),
}

impl FaultKind {
    pub fn describe(&self) -> String {
        match self {
            FaultKind::KillWorker { worker } => format!("kill worker {worker}"),
            FaultKind::HangWorker { worker } => format!("hang worker {worker}"),
            FaultKind::BreakFunction { func, how: Breakage::Raises { .. } } => format!("make {func} raise"),
            FaultKind::BreakFunction { func, how: Breakage::KillsWorker } => format!("make {func} kill its worker"),
            FaultKind::SlowLink { worker, factor } => format!("slow {worker}'s link {factor}×"),
            FaultKind::SetMemoryLimit { worker, bytes } => format!("set {worker}'s memory limit to {bytes} B"),
            FaultKind::AddWorker { name, nthreads, .. } => format!("add worker {name} with {nthreads} threads"),
            FaultKind::RetireWorker { worker } => format!("retire worker {worker}"),
            FaultKind::SetWorkStealing(on) => format!("work stealing {}", if *on { "on" } else { "off" }),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Fault {
    pub trigger: Trigger,
    pub kind: FaultKind,
}

/// What the client program does.
#[derive(Clone, Debug, PartialEq)]
pub enum ClientOp {
    /// `client.compute` / `submit` / `map`: send tasks, hold futures on `wanted`.
    Submit { tasks: Vec<TaskId>, wanted: Vec<TaskId>, priority: i32, fifo_timeout_us: u64 },
    /// `future.result()` / `client.gather`: bring results to the client.
    Gather { tasks: Vec<TaskId> },
    /// `client.scatter`: put data on a worker (round robin when none is named).
    Scatter { task: TaskId, worker: Option<String> },
    /// Drop the futures.
    Release { tasks: Vec<TaskId> },
}

#[derive(Clone, Debug, PartialEq)]
pub struct ClientAction {
    pub at: SimTime,
    pub op: ClientOp,
}
