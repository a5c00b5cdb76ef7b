//! The world around the scheduler: a timed event queue, simulated workers (threads, processes
//! and the GIL, cores and oversubscription, data stores with spilling, pausing and the nanny),
//! transfers over links, heartbeats, the client, fault injection, and the trace.
//!
//! `World::step()` handles exactly one event and drains the scheduler after every input it
//! gives it. Never makes a scheduling decision itself: it only carries out the scheduler's.

mod ahead;
mod cluster;
mod coordination;
mod cpu;
mod execute;
mod faults;
mod store;
mod timeline;
mod trace;
mod worker;

pub use cluster::{worker_name, ClusterSpec, MemoryThresholds};
pub use coordination::{CoordEvent, Coordination};
pub use faults::{Breakage, ClientAction, ClientOp, Fault, FaultKind, Trigger};
pub use timeline::Sim;
pub use trace::{coord_event_text, stimulus_text, ClientTraceEvent, Trace, TraceEntry, TraceEvent, WorkerEvent};
pub use store::{DataStore, Stored};
pub use worker::{Running, SimWorker, Stage};

use crate::graph::{TaskGraph, TaskId};
use crate::rng::Rng;
use crate::sched::{
    heartbeat_interval, ClientEvent, Input, NO_WORKERS_CHECK_INTERVAL, Output, Priority, Record, Scheduler, TaskState, WorkerId, WorkerSpec,
    WorkerStatus,
};
use crate::time::{SimDuration, SimTime};
use crate::value::Value;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

/// The graph and the client program that submits it.
#[derive(Clone, Debug)]
pub struct Workload {
    pub graph: TaskGraph,
    pub client: Vec<ClientAction>,
}

impl Workload {
    /// `x.compute()` on the graph's outputs: everything submitted at time zero.
    pub fn compute(graph: TaskGraph) -> Self {
        let tasks = graph.ids().filter(|&t| !graph.task(t).scattered).collect();
        let wanted = graph.outputs();
        Workload {
            client: vec![ClientAction {
                at: SimTime::ZERO,
                op: ClientOp::Submit { tasks, wanted, priority: 0, fifo_timeout_us: 60_000_000 },
            }],
            graph,
        }
    }
}

/// What the client knows about one of its futures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FutureStatus {
    Pending,
    Finished,
    Error,
    Lost,
    Cancelled,
}

impl FutureStatus {
    pub fn name(self) -> &'static str {
        match self {
            FutureStatus::Pending => "pending",
            FutureStatus::Finished => "finished",
            FutureStatus::Error => "error",
            FutureStatus::Lost => "lost",
            FutureStatus::Cancelled => "cancelled",
        }
    }
}

#[derive(Clone, Debug)]
enum Event {
    ToScheduler(Input),
    /// The scheduler is done with a message and takes the next from its inbox.
    SchedulerFree,
    ComputeTask { w: WorkerId, task: TaskId, run_id: u32, priority: Priority, who_has: Vec<(TaskId, Vec<WorkerId>)> },
    FreeKeys { w: WorkerId, task: TaskId },
    StealRequest { w: WorkerId, task: TaskId },
    ExecDone { w: WorkerId, token: u64 },
    TransferDone { w: WorkerId, task: TaskId, from: WorkerId },
    ToClient { task: TaskId, event: ClientEvent },
    GatherDone { task: TaskId, nbytes: u64 },
    ScatterArrived { w: WorkerId, task: TaskId },
    Heartbeat { w: WorkerId },
    CheckTtl,
    Balance,
    /// Dask's `_check_no_workers` tick (only with `no_workers_timeout`).
    CheckNoWorkers,
    Client(usize),
    Fault(usize),
    DeclareDead { w: WorkerId },
    /// A worker process starts in a slot (at the beginning, or restarted by its nanny).
    StartWorker { slot: usize },
}

impl Event {
    fn is_periodic(&self) -> bool {
        matches!(self, Event::Heartbeat { .. } | Event::CheckTtl | Event::Balance | Event::CheckNoWorkers)
    }
}

/// An entry of the event queue: when, in what order, and where its event waits in
/// `events` (the heap moves these small entries, not the events).
#[derive(Clone, Copy, Debug)]
struct Queued {
    at: SimTime,
    seq: u64,
    slot: u32,
}

impl PartialEq for Queued {
    fn eq(&self, o: &Self) -> bool {
        self.at == o.at && self.seq == o.seq
    }
}
impl Eq for Queued {}
impl PartialOrd for Queued {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Queued {
    fn cmp(&self, o: &Self) -> Ordering {
        // BinaryHeap is a max-heap: earliest time, then lowest sequence, comes out first.
        o.at.cmp(&self.at).then(o.seq.cmp(&self.seq))
    }
}

/// A whole simulated cluster running one workload. `Clone` is a snapshot.
#[derive(Clone, Debug)]
pub struct World {
    graph: TaskGraph,
    spec: ClusterSpec,
    sched: Scheduler,
    workers: Vec<SimWorker>,
    /// Current incarnation of each configured worker slot.
    slots: Vec<Option<WorkerId>>,
    queue: BinaryHeap<Queued>,
    /// Queued events by slot; `free_slots` lists the empty ones.
    events_by_slot: Vec<Option<Event>>,
    free_slots: Vec<u32>,
    seq: u64,
    now: SimTime,
    pending_nonperiodic: usize,
    rng: Rng,
    values: Vec<Option<Value>>,
    /// Kernel results computed before the run (`World::compute_ahead`); empty when not.
    ahead: std::sync::Arc<[crate::graph::kernels::Computed]>,
    futures: BTreeMap<TaskId, FutureStatus>,
    gather_wanted: BTreeSet<TaskId>,
    gathered: BTreeMap<TaskId, u64>,
    broken: BTreeMap<String, Breakage>,
    faults: Vec<Fault>,
    fired: Vec<bool>,
    client: Vec<ClientAction>,
    scatter_round_robin: usize,
    sched_free_at: SimTime,
    /// Messages waiting while the scheduler is busy with earlier ones (one thread, FIFO).
    inbox: std::collections::VecDeque<Input>,
    next_token: u64,
    cpu_updated_at: SimTime,
    /// Each busy thread's share of the cores at the last rate update.
    cpu_share: f64,
    events: u64,
    balance_queued: bool,
    ttl_queued: bool,
    no_workers_check_queued: bool,
    /// Locks, semaphores, actors, queues, variables and counters.
    coord: Coordination,
    /// Workers without a memory limit whose memory changed during this event, not yet reported.
    memory_unreported: Vec<WorkerId>,
}

impl World {
    /// Builds the world and queues its start: workers joining, client actions, timed faults.
    pub fn new(spec: ClusterSpec, workload: Workload, faults: Vec<Fault>, seed: u64) -> Result<World, String> {
        spec.validate()?;
        let graph = workload.graph;
        let sched = Scheduler::new(graph.clone(), spec.scheduler.clone());
        let n = graph.len();
        let mut world = World {
            sched,
            workers: Vec::new(),
            slots: Vec::new(),
            queue: BinaryHeap::new(),
            events_by_slot: Vec::new(),
            free_slots: Vec::new(),
            seq: 0,
            now: SimTime::ZERO,
            pending_nonperiodic: 0,
            rng: Rng::new(seed),
            values: vec![None; n],
            ahead: std::sync::Arc::from(Vec::new()),
            futures: BTreeMap::new(),
            gather_wanted: BTreeSet::new(),
            gathered: BTreeMap::new(),
            broken: BTreeMap::new(),
            fired: vec![false; faults.len()],
            faults,
            client: workload.client,
            scatter_round_robin: 0,
            sched_free_at: SimTime::ZERO,
            inbox: std::collections::VecDeque::new(),
            next_token: 0,
            cpu_updated_at: SimTime::ZERO,
            cpu_share: 1.0,
            events: 0,
            balance_queued: false,
            ttl_queued: false,
            no_workers_check_queued: false,
            coord: Coordination::default(),
            memory_unreported: Vec::new(),
            graph,
            spec,
        };
        for i in 0..world.spec.workers.len() {
            world.slots.push(None);
            world.push(SimTime::ZERO, Event::StartWorker { slot: i });
        }
        for i in 0..world.client.len() {
            let at = world.client[i].at;
            world.push(at, Event::Client(i));
        }
        for i in 0..world.faults.len() {
            if let Trigger::At(at) = world.faults[i].trigger {
                world.push(at, Event::Fault(i));
            }
        }
        world.arm_periodic();
        Ok(world)
    }
}

impl World {
    pub fn now(&self) -> SimTime {
        self.now
    }
    pub fn graph(&self) -> &TaskGraph {
        &self.graph
    }
    pub fn spec(&self) -> &ClusterSpec {
        &self.spec
    }
    pub fn scheduler(&self) -> &Scheduler {
        &self.sched
    }
    pub fn workers(&self) -> &[SimWorker] {
        &self.workers
    }
    pub fn worker_names(&self) -> Vec<String> {
        self.workers.iter().map(|w| w.name.clone()).collect()
    }
    pub fn value(&self, t: TaskId) -> Option<&Value> {
        self.values[t.index()].as_ref()
    }
    pub fn futures(&self) -> &BTreeMap<TaskId, FutureStatus> {
        &self.futures
    }
    /// Results that reached the client, with their sizes.
    pub fn gathered(&self) -> &BTreeMap<TaskId, u64> {
        &self.gathered
    }
    /// The coordination primitives' state: counters, queue lengths, waiters.
    pub fn coordination(&self) -> &Coordination {
        &self.coord
    }
    /// Events handled so far.
    pub fn events(&self) -> u64 {
        self.events
    }
    /// Nothing left to happen but heartbeats and periodic checks, and no task is stuck on a
    /// worker that only a heartbeat timeout could reveal.
    pub fn is_finished(&self) -> bool {
        !self.outstanding()
    }

    fn outstanding(&self) -> bool {
        self.pending_nonperiodic > 0
            || self.sched.workers().iter().any(|w| w.status != WorkerStatus::Gone && !w.processing.is_empty())
            || self.waiting_for_no_workers_timeout()
    }

    /// Tasks nobody can run will err once `no_workers_timeout` passes: time must go on for them.
    fn waiting_for_no_workers_timeout(&self) -> bool {
        self.spec.scheduler.no_workers_timeout.is_some() && (self.sched.queued_len() > 0 || self.sched.unrunnable_len() > 0)
    }

    /// Adds a fault at the current moment (or at a later trigger).
    pub fn inject(&mut self, fault: Fault) {
        let i = self.faults.len();
        let at = match fault.trigger {
            Trigger::At(at) => Some(at.max(self.now)),
            Trigger::WhenTask { .. } => None,
        };
        self.faults.push(fault);
        self.fired.push(false);
        if let Some(at) = at {
            self.push(at, Event::Fault(i));
        }
    }

    fn push(&mut self, at: SimTime, event: Event) {
        if !event.is_periodic() {
            self.pending_nonperiodic += 1;
        }
        self.seq += 1;
        let slot = match self.free_slots.pop() {
            Some(slot) => {
                self.events_by_slot[slot as usize] = Some(event);
                slot
            }
            None => {
                self.events_by_slot.push(Some(event));
                self.events_by_slot.len() as u32 - 1
            }
        };
        self.queue.push(Queued { at, seq: self.seq, slot });
    }

    /// Handles the next event. Returns false when nothing is left to do.
    pub fn step(&mut self, trace: &mut Trace) -> bool {
        if self.is_finished() {
            return false;
        }
        let Some(Queued { at, slot, .. }) = self.queue.pop() else { return false };
        let event = self.events_by_slot[slot as usize].take().expect("a queued event");
        self.free_slots.push(slot);
        if !event.is_periodic() {
            self.pending_nonperiodic -= 1;
        }
        self.now = at;
        self.events += 1;
        self.handle(event, trace);
        self.report_unreported_memory(trace);
        self.arm_periodic();
        true
    }

    fn handle(&mut self, event: Event, trace: &mut Trace) {
        match event {
            Event::ToScheduler(input) => {
                if self.sched_free_at > self.now || !self.inbox.is_empty() {
                    if self.inbox.is_empty() {
                        self.push(self.sched_free_at, Event::SchedulerFree);
                    }
                    self.inbox.push_back(input);
                    return;
                }
                self.sched_free_at = self.now + self.spec.scheduler_overhead;
                self.to_scheduler(input, trace);
            }
            Event::SchedulerFree => {
                if let Some(input) = self.inbox.pop_front() {
                    self.sched_free_at = self.now + self.spec.scheduler_overhead;
                    self.to_scheduler(input, trace);
                    if !self.inbox.is_empty() {
                        self.push(self.sched_free_at, Event::SchedulerFree);
                    }
                }
            }
            Event::ComputeTask { w, task, run_id, priority, who_has } => {
                self.compute_task(w, task, run_id, priority, who_has, trace)
            }
            Event::FreeKeys { w, task } => self.free_keys(w, task, trace),
            Event::StealRequest { w, task } => self.steal_request(w, task, trace),
            Event::ExecDone { w, token } => self.exec_done(w, token, trace),
            Event::TransferDone { w, task, from } => self.transfer_done(w, task, from, trace),
            Event::ToClient { task, event } => self.to_client(task, event, trace),
            Event::GatherDone { task, nbytes } => {
                self.gathered.insert(task, nbytes);
                trace.push(self.now, TraceEvent::Client(ClientTraceEvent::GatherEnded { task, nbytes }));
            }
            Event::ScatterArrived { w, task } => {
                let nbytes = self.graph.task(task).nbytes;
                if self.workers[w.index()].alive {
                    self.workers[w.index()].data.insert(task, nbytes);
                    self.memory_check(w, trace);
                    trace.push(self.now, TraceEvent::Client(ClientTraceEvent::Scattered { task, worker: w }));
                    self.send(Input::Scatter { task, workers: vec![w], nbytes });
                }
            }
            Event::Heartbeat { w } => {
                self.workers[w.index()].heartbeat_queued = false;
                let ws = &self.workers[w.index()];
                if ws.alive && !ws.hung {
                    self.to_scheduler(Input::Heartbeat { worker: w }, trace);
                    self.find_missing(w, trace);
                }
            }
            Event::CheckTtl => {
                self.ttl_queued = false;
                self.check_ttl(trace);
            }
            Event::Balance => {
                self.balance_queued = false;
                self.to_scheduler(Input::Balance, trace);
            }
            Event::CheckNoWorkers => {
                self.no_workers_check_queued = false;
                self.to_scheduler(Input::CheckNoWorkers, trace);
            }
            Event::Client(i) => self.client_action(i, trace),
            Event::Fault(i) => self.fire_fault(i, trace),
            Event::DeclareDead { w } => {
                trace.push(self.now, TraceEvent::Worker { worker: w, event: WorkerEvent::DeclaredDead });
                self.to_scheduler(Input::RemoveWorker { worker: w, expected: false }, trace);
            }
            Event::StartWorker { slot } => self.start_worker(slot, trace),
        }
    }

    fn live_workers(&self) -> usize {
        self.workers.iter().filter(|w| w.alive).count()
    }

    /// Periodic work (heartbeats, stealing, TTL checks) keeps going only while there is work.
    fn arm_periodic(&mut self) {
        if !self.outstanding() {
            return;
        }
        if !self.balance_queued {
            self.balance_queued = true;
            let every = self.spec.scheduler.work_stealing_interval;
            self.push(self.now + every, Event::Balance);
        }
        if !self.ttl_queued {
            self.ttl_queued = true;
            let ttl = self.spec.scheduler.worker_ttl;
            self.push(self.now + ttl, Event::CheckTtl);
        }
        if self.waiting_for_no_workers_timeout() && !self.no_workers_check_queued {
            self.no_workers_check_queued = true;
            self.push(self.now + NO_WORKERS_CHECK_INTERVAL, Event::CheckNoWorkers);
        }
        let mut every = None;
        for i in 0..self.workers.len() {
            let ws = &self.workers[i];
            if ws.alive && !ws.hung && !ws.heartbeat_queued {
                let every = *every.get_or_insert_with(|| heartbeat_interval(self.live_workers()));
                self.workers[i].heartbeat_queued = true;
                self.push(self.now + every, Event::Heartbeat { w: WorkerId(i as u32) });
            }
        }
    }

    /// A message reaches the scheduler now.
    fn send(&mut self, input: Input) {
        self.push(self.now + self.spec.latency, Event::ToScheduler(input));
    }

    /// Hands one input to the scheduler and turns everything it says into events.
    fn to_scheduler(&mut self, input: Input, trace: &mut Trace) {
        self.sched.handle(self.now, input);
        let at = self.now + self.spec.scheduler_overhead + self.spec.latency;
        while let Some(out) = self.sched.poll() {
            match out {
                Output::ComputeTask { worker, task, run_id, priority, who_has } => {
                    self.push(at, Event::ComputeTask { w: worker, task, run_id, priority, who_has })
                }
                Output::FreeKeys { worker, task } => self.push(at, Event::FreeKeys { w: worker, task }),
                Output::StealRequest { victim, task } => self.push(at, Event::StealRequest { w: victim, task }),
                Output::Report { task, event } => self.push(at, Event::ToClient { task, event }),
            }
        }
        // Only faults still waiting for a task to reach a state need the transitions listed.
        let watching = self.fired.iter().any(|f| !f);
        let mut reached: Vec<(TaskId, TaskState)> = Vec::new();
        for r in self.sched.drain_log_iter() {
            if let (true, Record::Transition(tr)) = (watching, &r) {
                reached.push((tr.task, tr.to));
            }
            trace.push(self.now, TraceEvent::Scheduler(r));
        }
        if !reached.is_empty() {
            for i in 0..self.faults.len() {
                if self.fired[i] {
                    continue;
                }
                if let Trigger::WhenTask { task, state } = self.faults[i].trigger {
                    if reached.contains(&(task, state)) {
                        self.push(self.now, Event::Fault(i));
                        self.fired[i] = true;
                    }
                }
            }
        }
        self.arm_periodic();
    }

    fn start_worker(&mut self, slot: usize, trace: &mut Trace) {
        let cfg = self.spec.workers[slot].clone();
        let id = WorkerId(self.sched.workers().len() as u32);
        let process = if self.spec.processes { slot as u32 } else { 0 };
        let previous = self.slots[slot];
        self.workers.push(SimWorker::new(id, slot, cfg.name.clone(), cfg.nthreads, process, cfg.memory_limit));
        self.slots[slot] = Some(id);
        if let Some(old) = previous {
            trace.push(self.now, TraceEvent::Worker { worker: old, event: WorkerEvent::Restarted { new: id } });
        }
        trace.push(self.now, TraceEvent::Worker { worker: id, event: WorkerEvent::Joined { name: cfg.name.clone(), nthreads: cfg.nthreads } });
        self.to_scheduler(Input::AddWorker(cfg), trace);
        self.arm_periodic();
    }

    fn worker_by_name(&self, name: &str) -> Option<WorkerId> {
        self.workers.iter().rev().find(|w| w.name == name && w.alive).map(|w| w.id)
    }

    fn client_action(&mut self, i: usize, trace: &mut Trace) {
        let op = self.client[i].op.clone();
        match op {
            ClientOp::Submit { tasks, wanted, priority, fifo_timeout_us } => {
                trace.push(self.now, TraceEvent::Client(ClientTraceEvent::Submitted { tasks: tasks.len() as u32 }));
                for &t in &wanted {
                    self.set_future(t, FutureStatus::Pending, trace);
                }
                self.send(Input::UpdateGraph { tasks, wanted, user_priority: priority, fifo_timeout_us });
            }
            ClientOp::Gather { tasks } => {
                for t in tasks {
                    self.gather_wanted.insert(t);
                    if self.futures.get(&t) == Some(&FutureStatus::Finished) {
                        self.start_gather(t, trace);
                    }
                }
            }
            ClientOp::Scatter { task, worker } => {
                let running: Vec<WorkerId> = self.workers.iter().filter(|w| w.alive).map(|w| w.id).collect();
                let target = match worker {
                    Some(name) => self.worker_by_name(&name),
                    None if running.is_empty() => None,
                    None => {
                        let w = running[self.scatter_round_robin % running.len()];
                        self.scatter_round_robin += 1;
                        Some(w)
                    }
                };
                if let Some(w) = target {
                    let nbytes = self.graph.task(task).nbytes;
                    let d = self.spec.latency + SimDuration::from_secs_f64(nbytes as f64 / self.spec.client_bandwidth);
                    self.futures.insert(task, FutureStatus::Pending);
                    self.push(self.now + d, Event::ScatterArrived { w, task });
                }
            }
            ClientOp::Release { tasks } => {
                for t in tasks {
                    trace.push(self.now, TraceEvent::Client(ClientTraceEvent::Released { task: t }));
                    self.futures.remove(&t);
                    self.send(Input::ClientReleases { task: t });
                }
            }
        }
    }

    fn set_future(&mut self, t: TaskId, status: FutureStatus, trace: &mut Trace) {
        if self.futures.get(&t) != Some(&status) {
            self.futures.insert(t, status);
            trace.push(self.now, TraceEvent::Client(ClientTraceEvent::FutureStatus { task: t, status: status.name() }));
        }
    }

    fn to_client(&mut self, t: TaskId, event: ClientEvent, trace: &mut Trace) {
        if !self.futures.contains_key(&t) {
            return;
        }
        let status = match event {
            ClientEvent::KeyInMemory => FutureStatus::Finished,
            ClientEvent::Erred { .. } => FutureStatus::Error,
            ClientEvent::LostData => FutureStatus::Lost,
            ClientEvent::Cancelled { .. } => FutureStatus::Cancelled,
            ClientEvent::Retried => FutureStatus::Pending,
        };
        self.set_future(t, status, trace);
        if status == FutureStatus::Finished && self.gather_wanted.contains(&t) && !self.gathered.contains_key(&t) {
            self.start_gather(t, trace);
        }
    }

    fn start_gather(&mut self, t: TaskId, trace: &mut Trace) {
        let Some(&from) = self.sched.who_has(t).first() else { return };
        let nbytes = self.workers[from.index()].data.get(&t).map_or(self.graph.task(t).nbytes, |s| s.nbytes);
        trace.push(self.now, TraceEvent::Client(ClientTraceEvent::GatherStarted { task: t, nbytes }));
        let d = self.spec.latency + SimDuration::from_secs_f64(nbytes as f64 / self.spec.client_bandwidth);
        self.push(self.now + d, Event::GatherDone { task: t, nbytes });
    }

    fn fire_fault(&mut self, i: usize, trace: &mut Trace) {
        self.fired[i] = true;
        let kind = self.faults[i].kind.clone();
        trace.push(self.now, TraceEvent::Client(ClientTraceEvent::Fault { description: kind.describe() }));
        match kind {
            FaultKind::KillWorker { worker } => {
                if let Some(w) = self.worker_by_name(&worker) {
                    self.kill_worker(w, "killed".to_string(), trace);
                }
            }
            FaultKind::HangWorker { worker } => {
                if let Some(w) = self.worker_by_name(&worker) {
                    self.catch_up_cpu();
                    let ws = &mut self.workers[w.index()];
                    ws.hung = true;
                    for r in &mut ws.running {
                        r.rate = 0.0;
                        r.token = u64::MAX;
                    }
                    // Its frozen threads no longer compete for the cores.
                    self.recompute_rates(w);
                    trace.push(self.now, TraceEvent::Worker { worker: w, event: WorkerEvent::Died { reason: "hung: stopped answering".into() } });
                }
            }
            FaultKind::BreakFunction { func, how } => {
                self.broken.insert(func, how);
            }
            FaultKind::SlowLink { worker, factor } => {
                if let Some(w) = self.worker_by_name(&worker) {
                    self.workers[w.index()].link_slowdown = factor.max(1e-3);
                }
            }
            FaultKind::SetMemoryLimit { worker, bytes } => {
                if let Some(w) = self.worker_by_name(&worker) {
                    self.workers[w.index()].memory_limit = Some(bytes);
                    let slot = self.workers[w.index()].slot;
                    self.spec.workers[slot].memory_limit = Some(bytes);
                    self.memory_check(w, trace);
                }
            }
            FaultKind::AddWorker { name, nthreads, memory_limit } => {
                self.spec.workers.push(WorkerSpec { memory_limit, ..WorkerSpec::new(name, nthreads) });
                self.slots.push(None);
                let slot = self.slots.len() - 1;
                self.start_worker(slot, trace);
            }
            FaultKind::RetireWorker { worker } => {
                if let Some(w) = self.worker_by_name(&worker) {
                    self.retire_worker(w, trace);
                }
            }
            FaultKind::SetWorkStealing(on) => self.to_scheduler(Input::SetWorkStealing(on), trace),
        }
    }

    /// The process dies: threads, data and transfers are gone. The scheduler hears of it when
    /// the connection closes; the nanny starts a fresh process.
    fn kill_worker(&mut self, w: WorkerId, reason: String, trace: &mut Trace) {
        if !self.workers[w.index()].alive {
            return;
        }
        self.stop_process(w, reason, trace);
        let ws = &self.workers[w.index()];
        let (slot, was_hung) = (ws.slot, ws.hung);
        if !was_hung {
            self.push(self.now + self.spec.latency, Event::DeclareDead { w });
        }
        if self.spec.nanny && self.slots[slot] == Some(w) {
            self.push(self.now + self.spec.process_start, Event::StartWorker { slot });
        }
    }

    /// Graceful retirement: copy results only this worker holds to another, then leave.
    fn retire_worker(&mut self, w: WorkerId, trace: &mut Trace) {
        let others: Vec<WorkerId> = self.workers.iter().filter(|x| x.alive && x.id != w && !x.hung).map(|x| x.id).collect();
        if let Some(&dest) = others.first() {
            let unique: Vec<(TaskId, u64)> = self.workers[w.index()]
                .data
                .iter()
                .filter(|(t, _)| self.sched.who_has(**t) == [w])
                .map(|(t, s)| (*t, s.nbytes))
                .collect();
            for (t, nbytes) in unique {
                self.workers[dest.index()].data.insert(t, nbytes);
                self.to_scheduler(Input::AddKeys { worker: dest, task: t }, trace);
            }
            self.memory_check(dest, trace);
        }
        self.stop_process(w, "retired".into(), trace);
        self.to_scheduler(Input::RemoveWorker { worker: w, expected: true }, trace);
    }

    /// The worker's process ends: its threads, results, tasks and transfers are gone.
    fn stop_process(&mut self, w: WorkerId, reason: String, trace: &mut Trace) {
        self.catch_up_cpu();
        let ws = &mut self.workers[w.index()];
        ws.alive = false;
        ws.running.clear();
        ws.data.clear();
        ws.assigned.clear();
        ws.ready.clear();
        ws.in_flight.clear();
        trace.push(self.now, TraceEvent::Worker { worker: w, event: WorkerEvent::Died { reason } });
        self.coordination_worker_lost(w, trace);
        self.recompute_rates(w);
    }

    fn check_ttl(&mut self, trace: &mut Trace) {
        let ttl = self.spec.scheduler.worker_ttl;
        let limit = SimDuration(ttl.0.max(10 * heartbeat_interval(self.live_workers()).0));
        let stale: Vec<WorkerId> = self
            .sched
            .workers()
            .iter()
            .enumerate()
            .filter(|(_, ws)| ws.status != WorkerStatus::Gone && self.now.since(ws.last_seen) > limit)
            .map(|(i, _)| WorkerId(i as u32))
            .collect();
        for w in stale {
            trace.push(self.now, TraceEvent::Worker { worker: w, event: WorkerEvent::DeclaredDead });
            self.to_scheduler(Input::RemoveWorker { worker: w, expected: false }, trace);
            if self.workers[w.index()].alive {
                // The nanny is told to restart the silent worker.
                self.kill_worker(w, "missed heartbeats for longer than worker-ttl".into(), trace);
            }
        }
    }
}
