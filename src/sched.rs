//! The scheduler: Dask's task state machine as a sans-IO core.
//!
//! `handle(now, input)` changes state and queues outputs; `poll()` hands them out one by one;
//! the driver (`sim`) drains after every input. Owns task states and the transition table,
//! `decide_worker` with its recorded candidates, root-task queuing, work stealing, and
//! failure accounting (suspicious deaths, `KilledWorker`, retries). Never advances time,
//! executes tasks or does IO.
//!
//! ```
//! use tasklab::graph::{GraphBuilder, TaskSpec};
//! use tasklab::sched::{Input, Output, Scheduler, SchedulerConfig, WorkerSpec};
//! use tasklab::time::SimTime;
//!
//! let mut b = GraphBuilder::new();
//! let x = b.add(TaskSpec::new("x", vec![]));
//! b.add(TaskSpec::new("y", vec![x]));
//! let graph = b.build().unwrap();
//! let mut sched = Scheduler::new(graph.clone(), SchedulerConfig::default());
//! let now = SimTime::ZERO;
//! sched.handle(now, Input::AddWorker(WorkerSpec::new("a", 1)));
//! sched.handle(now, Input::UpdateGraph { tasks: graph.ids().collect(), wanted: graph.outputs(), user_priority: 0, fifo_timeout_us: 100_000 });
//! // The driver loop: drain every output after each input.
//! let mut sent = vec![];
//! while let Some(out) = sched.poll() {
//!     if let Output::ComputeTask { task, .. } = out { sent.push(graph.key(task).to_string()); }
//! }
//! assert_eq!(sent, ["x"]);
//! ```

mod config;
mod decide;
mod no_workers;
mod record;
mod state;
mod stealing;
mod transitions;
mod validate;
mod whatif;

pub use config::{heartbeat_interval, SchedulerConfig, NO_WORKERS_CHECK_INTERVAL};
pub use record::{
    Candidate, Decision, Exclusion, Placement, Record, Rule, StealOutcome, StealRecord, Stimulus, StimulusId,
    TransitionRecord,
};
pub use state::{Failure, Priority, TaskRec, TaskState, WorkerId, WorkerRec, WorkerStatus};
pub use transitions::is_allowed;
pub use whatif::{what_if, CandidateEntry, DecisionEntry, Decisions};

use crate::graph::{GroupId, PrefixId, TaskGraph, TaskId};
use crate::time::SimTime;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// Records the log's buffer keeps between inputs (more is given back).
const LOG_CAPACITY_KEPT: usize = 1024;

/// A worker as it introduces itself to the scheduler.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkerSpec {
    pub name: String,
    pub nthreads: u32,
    pub memory_limit: Option<u64>,
    pub resources: Vec<(String, f64)>,
}

impl WorkerSpec {
    pub fn new(name: impl Into<String>, nthreads: u32) -> Self {
        WorkerSpec { name: name.into(), nthreads, memory_limit: None, resources: Vec::new() }
    }
}

/// What a worker says about a task it was asked to give up (`steal-response`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkerTaskState {
    /// Not started (waiting for inputs or for a thread): released, can move.
    NotStarted,
    /// Already running or done: cannot move.
    Started,
    /// The worker does not know the task.
    Unknown,
}

/// Everything that can happen to the scheduler.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    /// A client submits tasks (all their dependencies are submitted or known) and wants some.
    UpdateGraph { tasks: Vec<TaskId>, wanted: Vec<TaskId>, user_priority: i32, fifo_timeout_us: u64 },
    AddWorker(WorkerSpec),
    /// The connection to a worker closed (`expected` when retired on purpose).
    RemoveWorker { worker: WorkerId, expected: bool },
    TaskFinished { worker: WorkerId, task: TaskId, run_id: u32, nbytes: u64, duration_s: f64 },
    TaskErred { worker: WorkerId, task: TaskId, run_id: u32, message: String },
    /// The worker paused (memory above the pause threshold) or resumed.
    WorkerStatus { worker: WorkerId, paused: bool },
    Heartbeat { worker: WorkerId },
    /// A worker fetched a replica of a task's result.
    AddKeys { worker: WorkerId, task: TaskId },
    StealResponse { worker: WorkerId, task: TaskId, state: WorkerTaskState },
    ClientReleases { task: TaskId },
    Retry { task: TaskId },
    /// The client scattered data straight onto workers.
    Scatter { task: TaskId, workers: Vec<WorkerId>, nbytes: u64 },
    /// Time for the periodic work-stealing pass.
    Balance,
    SetWorkStealing(bool),
    /// Time for the periodic `_check_no_workers` (only does something with `no_workers_timeout`).
    CheckNoWorkers,
}

/// What happens to a client's future, as Dask reports it.
#[derive(Clone, Debug, PartialEq)]
pub enum ClientEvent {
    KeyInMemory,
    Erred { blame: TaskId },
    LostData,
    Cancelled { reason: &'static str },
    Retried,
}

/// What the scheduler asks the world to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Output {
    /// `compute-task`: run `task` on `worker`, fetching inputs from the listed holders.
    ComputeTask { worker: WorkerId, task: TaskId, run_id: u32, priority: Priority, who_has: Vec<(TaskId, Vec<WorkerId>)> },
    /// `free-keys`: forget this task (drop its data, or abandon running it).
    FreeKeys { worker: WorkerId, task: TaskId },
    /// `steal-request`: ask the victim whether it can give the task up.
    StealRequest { victim: WorkerId, task: TaskId },
    /// A message to the client about one of its keys.
    Report { task: TaskId, event: ClientEvent },
}

/// Per-task-group scheduling state (root-ish co-assignment).
#[derive(Clone, Debug, Default)]
struct GroupState {
    known: u32,
    last_worker: Option<WorkerId>,
    last_worker_tasks_left: i64,
}

/// An in-flight steal: the victim has been asked, the answer has not come.
#[derive(Clone, Debug)]
struct InFlightSteal {
    victim: WorkerId,
    thief: WorkerId,
    /// The `Requested` record, to log again with the victim's answer (the log itself is
    /// drained by the driver before the answer comes).
    record: StealRecord,
    victim_duration: f64,
    thief_duration: f64,
}

/// Dask's scheduler state machine over one task graph.
#[derive(Clone, Debug)]
pub struct Scheduler {
    graph: TaskGraph,
    cfg: SchedulerConfig,
    tasks: Vec<TaskRec>,
    /// Known dependents of each task that are not forgotten.
    live_dependents: Vec<u32>,
    workers: Vec<WorkerRec>,
    /// Per worker, tasks in `processing` per prefix (for occupancy), sorted by prefix.
    prefix_counts: Vec<Vec<(PrefixId, u32)>>,
    /// Bytes each processing task needs to fetch on its worker.
    fetch_bytes: Vec<u64>,
    running: BTreeSet<WorkerId>,
    idle: BTreeSet<WorkerId>,
    saturated: BTreeSet<WorkerId>,
    idle_task_count: BTreeSet<WorkerId>,
    queued: BTreeSet<(Priority, TaskId)>,
    unrunnable: BTreeSet<(Priority, TaskId)>,
    /// When each `no-worker` task became unrunnable (for `no_workers_timeout`).
    unrunnable_since: BTreeMap<TaskId, SimTime>,
    /// Since when no worker has been running while tasks wait (`_no_workers_since`).
    no_workers_since: Option<SimTime>,
    total_nthreads: u32,
    /// Learned average duration per prefix, seconds (`None` = never seen).
    prefix_duration: Vec<Option<f64>>,
    prefix_processing: Vec<u32>,
    total_network_occ: u64,
    groups: Vec<GroupState>,
    /// Tasks ever sent to processing (the no-dependency round robin starts from it).
    n_tasks: u64,
    generation: u32,
    last_generation_bump: Option<SimTime>,
    order: Vec<u32>,
    next_run_id: u32,
    next_stimulus: u32,
    stimulus: StimulusId,
    now: SimTime,
    in_flight_steals: BTreeMap<TaskId, InFlightSteal>,
    /// Occupancy shifted by steals in flight, per worker.
    steal_occupancy: Vec<f64>,
    outputs: VecDeque<Output>,
    log: Vec<Record>,
    /// The candidates of the last decision recorded, shared by the next one if it saw the same.
    last_candidates: Option<std::sync::Arc<[Candidate]>>,
    /// A spare buffer for the next decision's candidates.
    candidate_buf: Vec<Candidate>,
    recs: Vec<(TaskId, TaskState, bool)>,
    /// Index in `recs` of a task's pending recommendation (Dask's dict: one per key).
    pending_rec: Vec<u32>,
}

impl Scheduler {
    /// A scheduler for `graph`, with the static order from `order`.
    pub fn new(graph: TaskGraph, cfg: SchedulerConfig) -> Self {
        let order = crate::order::order(&graph);
        Self::with_order(graph, cfg, order)
    }

    /// A scheduler with a given static order (index by task, 0 runs first).
    pub fn with_order(graph: TaskGraph, cfg: SchedulerConfig, order: Vec<u32>) -> Self {
        let n = graph.len();
        assert_eq!(order.len(), n, "one order entry per task");
        Scheduler {
            tasks: vec![TaskRec::new(); n],
            live_dependents: vec![0; n],
            workers: Vec::new(),
            prefix_counts: Vec::new(),
            fetch_bytes: vec![0; n],
            running: BTreeSet::new(),
            idle: BTreeSet::new(),
            saturated: BTreeSet::new(),
            idle_task_count: BTreeSet::new(),
            queued: BTreeSet::new(),
            unrunnable: BTreeSet::new(),
            unrunnable_since: BTreeMap::new(),
            no_workers_since: None,
            total_nthreads: 0,
            prefix_duration: graph.prefixes().iter().map(|p| cfg.default_task_durations.get(p).copied()).collect(),
            prefix_processing: vec![0; graph.prefixes().len()],
            total_network_occ: 0,
            groups: vec![GroupState::default(); graph.groups().len()],
            n_tasks: 0,
            generation: 0,
            last_generation_bump: None,
            order,
            next_run_id: 1,
            next_stimulus: 0,
            stimulus: StimulusId(0),
            now: SimTime::ZERO,
            in_flight_steals: BTreeMap::new(),
            steal_occupancy: Vec::new(),
            outputs: VecDeque::new(),
            log: Vec::new(),
            last_candidates: None,
            candidate_buf: Vec::new(),
            recs: Vec::new(),
            pending_rec: vec![u32::MAX; n],
            graph,
            cfg,
        }
    }

    pub fn graph(&self) -> &TaskGraph {
        &self.graph
    }
    pub fn config(&self) -> &SchedulerConfig {
        &self.cfg
    }
    pub fn task(&self, t: TaskId) -> &TaskRec {
        &self.tasks[t.index()]
    }
    /// A task never submitted reads `released`; one let go reads `forgotten`.
    pub fn state(&self, t: TaskId) -> TaskState {
        self.tasks[t.index()].state
    }
    pub fn worker(&self, w: WorkerId) -> &WorkerRec {
        &self.workers[w.index()]
    }
    pub fn workers(&self) -> &[WorkerRec] {
        &self.workers
    }
    pub fn who_has(&self, t: TaskId) -> &[WorkerId] {
        &self.tasks[t.index()].who_has
    }
    pub fn queued_len(&self) -> usize {
        self.queued.len()
    }
    /// Tasks in `no-worker`.
    pub fn unrunnable_len(&self) -> usize {
        self.unrunnable.len()
    }
    pub fn total_nthreads(&self) -> u32 {
        self.total_nthreads
    }

    /// The next output, in the order the scheduler produced them.
    pub fn poll(&mut self) -> Option<Output> {
        self.outputs.pop_front()
    }

    /// Takes everything logged since the last call: stimuli, transitions, decisions, steals.
    pub fn drain_log(&mut self) -> Vec<Record> {
        std::mem::take(&mut self.log)
    }

    /// Like `drain_log`, but keeps the log's buffer for the next input (no allocation).
    pub fn drain_log_iter(&mut self) -> std::vec::Drain<'_, Record> {
        self.log.drain(..)
    }

    /// Handles one input at `now`; outputs wait in `poll()`.
    pub fn handle(&mut self, now: SimTime, input: Input) {
        self.now = now;
        match input {
            Input::UpdateGraph { tasks, wanted, user_priority, fifo_timeout_us } => {
                self.update_graph(tasks, wanted, user_priority, fifo_timeout_us)
            }
            Input::AddWorker(spec) => {
                self.add_worker(spec);
            }
            Input::RemoveWorker { worker, expected } => self.remove_worker(worker, expected),
            Input::TaskFinished { worker, task, run_id, nbytes, duration_s } => {
                self.task_finished(worker, task, run_id, nbytes, duration_s)
            }
            Input::TaskErred { worker, task, run_id, message } => self.task_erred(worker, task, run_id, message),
            Input::WorkerStatus { worker, paused } => self.worker_status(worker, paused),
            Input::Heartbeat { worker } => {
                if let Some(w) = self.workers.get_mut(worker.index()) {
                    w.last_seen = now;
                }
            }
            Input::AddKeys { worker, task } => self.add_keys(worker, task),
            Input::StealResponse { worker, task, state } => self.steal_response(worker, task, state),
            Input::ClientReleases { task } => self.client_releases(task),
            Input::Retry { task } => self.retry(task),
            Input::Scatter { task, workers, nbytes } => self.scatter(task, workers, nbytes),
            Input::Balance => self.balance(),
            Input::SetWorkStealing(on) => self.cfg.work_stealing = on,
            Input::CheckNoWorkers => self.check_no_workers(),
        }
    }

    fn begin(&mut self, what: Stimulus) -> StimulusId {
        let id = StimulusId(self.next_stimulus);
        self.next_stimulus += 1;
        self.stimulus = id;
        // `drain_log_iter` keeps the buffer; one huge cascade must not pin its size forever.
        if self.log.is_empty() && self.log.capacity() > LOG_CAPACITY_KEPT {
            self.log.shrink_to(LOG_CAPACITY_KEPT);
        }
        self.log.push(Record::Stimulus { id, what });
        id
    }

    fn update_graph(&mut self, tasks: Vec<TaskId>, wanted: Vec<TaskId>, user_priority: i32, fifo_timeout_us: u64) {
        self.begin(Stimulus::UpdateGraph { tasks: tasks.len() as u32, wanted: wanted.len() as u32 });
        let bump = match self.last_generation_bump {
            None => true,
            Some(t) => self.now.since(t).0 > fifo_timeout_us,
        };
        if bump {
            self.generation += 1;
            self.last_generation_bump = Some(self.now);
        }
        let mut touched = Vec::new();
        for &t in &tasks {
            let rec = &mut self.tasks[t.index()];
            if rec.known {
                continue;
            }
            let spec = self.graph.task(t);
            *rec = TaskRec::new();
            rec.known = true;
            rec.retries_left = spec.retries;
            rec.scattered = spec.scattered;
            rec.priority = Priority {
                user: -(spec.priority + user_priority),
                generation: self.generation,
                order: self.order[t.index()],
            };
            self.groups[self.graph.group(t).0 as usize].known += 1;
            for &d in self.graph.deps(t) {
                self.live_dependents[d.index()] += 1;
            }
            touched.push(t);
        }
        // A dependency that already failed dooms what was just submitted on top of it.
        for &t in &touched {
            let blame = self.graph.deps(t).iter().find_map(|d| self.tasks[d.index()].exception_blame);
            if let Some(b) = blame {
                self.tasks[t.index()].exception_blame = Some(b);
                self.recommend(t, TaskState::Erred);
            }
        }
        let mut fresh: Vec<TaskId> = Vec::new();
        for &t in &wanted {
            self.tasks[t.index()].who_wants += 1;
            match self.tasks[t.index()].state {
                TaskState::Memory => self.report(t, ClientEvent::KeyInMemory),
                TaskState::Erred => {
                    let blame = self.tasks[t.index()].exception_blame.unwrap_or(t);
                    self.report(t, ClientEvent::Erred { blame })
                }
                TaskState::Released => fresh.push(t),
                _ => {}
            }
        }
        // Best priority is popped first from the LIFO recommendations, so push worst first.
        fresh.sort_by_key(|&t| std::cmp::Reverse(self.tasks[t.index()].priority));
        for t in fresh {
            if self.tasks[t.index()].exception_blame.is_none() {
                self.recommend(t, TaskState::Waiting);
            }
        }
        self.run_recommendations();
        self.queue_slots_maybe_opened();
    }

    fn add_worker(&mut self, spec: WorkerSpec) -> WorkerId {
        let id = WorkerId(self.workers.len() as u32);
        self.begin(Stimulus::WorkerJoined { worker: id });
        self.workers.push(WorkerRec {
            name: spec.name,
            nthreads: spec.nthreads,
            status: state::WorkerStatus::Running,
            memory_limit: spec.memory_limit,
            resources: spec.resources,
            processing: Vec::new(),
            has_what: BTreeSet::new(),
            nbytes: 0,
            network_occ: 0,
            stealable: vec![Vec::new(); stealing::LEVELS],
            last_seen: self.now,
        });
        self.prefix_counts.push(Vec::new());
        self.steal_occupancy.push(0.0);
        self.total_nthreads += spec.nthreads;
        self.running.insert(id);
        self.check_idle_saturated(id);
        self.schedule_unrunnable_after_adding_worker(id);
        self.queue_slots_maybe_opened();
        id
    }

    /// No-worker tasks that the new (or resumed) worker can run go to processing.
    fn schedule_unrunnable_after_adding_worker(&mut self, w: WorkerId) {
        let candidates: Vec<(Priority, TaskId)> = self.unrunnable.iter().copied().collect();
        let mut runnable = Vec::new();
        for (p, t) in candidates {
            match self.valid_workers(t) {
                Some(valid) if !valid.contains(&w) => {}
                _ => runnable.push((p, t)),
            }
        }
        for (_, t) in runnable.into_iter().rev() {
            self.recommend(t, TaskState::Processing);
        }
        self.run_recommendations();
    }

    fn worker_status(&mut self, w: WorkerId, paused: bool) {
        if self.workers[w.index()].status == state::WorkerStatus::Gone {
            return;
        }
        if paused {
            self.begin(Stimulus::WorkerPaused { worker: w });
            self.workers[w.index()].status = state::WorkerStatus::Paused;
            self.running.remove(&w);
            self.check_idle_saturated(w);
        } else {
            self.begin(Stimulus::WorkerResumed { worker: w });
            self.workers[w.index()].status = state::WorkerStatus::Running;
            self.running.insert(w);
            self.check_idle_saturated(w);
            self.schedule_unrunnable_after_adding_worker(w);
            self.queue_slots_maybe_opened();
        }
    }

    fn task_finished(&mut self, w: WorkerId, t: TaskId, run_id: u32, nbytes: u64, duration_s: f64) {
        self.begin(Stimulus::TaskFinished { task: t, worker: w });
        let rec = &self.tasks[t.index()];
        if !rec.known || matches!(rec.state, TaskState::Released | TaskState::Queued | TaskState::NoWorker | TaskState::Erred) {
            self.outputs.push_back(Output::FreeKeys { worker: w, task: t });
        } else if rec.run_id != run_id {
            if rec.processing_on == Some(w) {
                self.recommend(t, TaskState::Released);
            } else {
                self.outputs.push_back(Output::FreeKeys { worker: w, task: t });
            }
        } else if rec.state == TaskState::Memory {
            self.add_replica(t, w);
        } else if rec.state == TaskState::Processing && rec.processing_on == Some(w) {
            self.tasks[t.index()].nbytes = Some(nbytes);
            let p = self.graph.prefix(t);
            let avg = &mut self.prefix_duration[p.0 as usize];
            *avg = Some(match *avg {
                None => duration_s,
                Some(old) => 0.5 * duration_s + 0.5 * old,
            });
            self.transition_to_memory(t, w);
        } else {
            self.outputs.push_back(Output::FreeKeys { worker: w, task: t });
        }
        self.run_recommendations();
        self.queue_slots_maybe_opened();
    }

    fn task_erred(&mut self, w: WorkerId, t: TaskId, run_id: u32, message: String) {
        self.begin(Stimulus::TaskErred { task: t, worker: w });
        let rec = &mut self.tasks[t.index()];
        if !rec.known || rec.state != TaskState::Processing || rec.run_id != run_id || rec.processing_on != Some(w) {
            return;
        }
        if rec.retries_left > 0 {
            rec.retries_left -= 1;
            self.recommend(t, TaskState::Waiting);
        } else {
            self.fail(t, Failure::Raised { message });
            self.recommend(t, TaskState::Erred);
        }
        self.run_recommendations();
        self.queue_slots_maybe_opened();
    }

    fn remove_worker(&mut self, w: WorkerId, expected: bool) {
        if self.workers[w.index()].status == state::WorkerStatus::Gone {
            return;
        }
        self.begin(Stimulus::WorkerLost { worker: w, expected });
        self.workers[w.index()].status = state::WorkerStatus::Gone;
        self.running.remove(&w);
        self.idle.remove(&w);
        self.saturated.remove(&w);
        self.idle_task_count.remove(&w);
        self.total_nthreads -= self.workers[w.index()].nthreads;
        // Steals from this worker are moot: its tasks are released below. Steals *to* it stay
        // in flight: the victim has already let the task go, and its answer reschedules it.
        let stolen: Vec<TaskId> =
            self.in_flight_steals.iter().filter(|(_, s)| s.victim == w).map(|(t, _)| *t).collect();
        for t in stolen {
            self.cancel_steal(t);
        }
        let processing = self.workers[w.index()].processing.clone();
        for t in processing {
            if expected {
                self.recommend(t, TaskState::Released);
                continue;
            }
            let rec = &mut self.tasks[t.index()];
            rec.suspicious += 1;
            if rec.suspicious > self.cfg.allowed_failures {
                let failure = Failure::KilledWorker { deaths: rec.suspicious, last_worker: self.workers[w.index()].name.clone() };
                self.fail(t, failure);
                self.transition(t, TaskState::Erred);
            } else {
                self.recommend(t, TaskState::Released);
            }
        }
        let held: Vec<TaskId> = self.workers[w.index()].has_what.iter().copied().collect();
        for t in held {
            self.remove_replica(t, w);
            let rec = &self.tasks[t.index()];
            if rec.who_has.is_empty() && rec.state == TaskState::Memory {
                if rec.scattered {
                    self.recommend(t, TaskState::Forgotten);
                } else {
                    self.recommend(t, TaskState::Released);
                }
            }
        }
        self.run_recommendations();
        self.queue_slots_maybe_opened();
        self.refresh_no_workers_since(self.now);
    }

    fn add_keys(&mut self, w: WorkerId, t: TaskId) {
        if self.workers[w.index()].status == state::WorkerStatus::Gone {
            return;
        }
        let rec = &self.tasks[t.index()];
        if rec.known && rec.state == TaskState::Memory && !rec.who_has.contains(&w) {
            self.begin(Stimulus::AddKeys { task: t, worker: w });
            self.add_replica(t, w);
        } else if !(rec.known && rec.state == TaskState::Memory) {
            self.outputs.push_back(Output::FreeKeys { worker: w, task: t });
        }
    }

    fn client_releases(&mut self, t: TaskId) {
        self.begin(Stimulus::ClientReleases { task: t });
        let rec = &mut self.tasks[t.index()];
        if !rec.known || rec.who_wants == 0 {
            return;
        }
        rec.who_wants -= 1;
        if rec.who_wants == 0 {
            if self.live_dependents[t.index()] == 0 {
                self.recommend(t, TaskState::Forgotten);
            } else if rec.state != TaskState::Erred && rec.waiters.is_empty() {
                self.recommend(t, TaskState::Released);
            }
        }
        self.run_recommendations();
        self.queue_slots_maybe_opened();
    }

    fn retry(&mut self, t: TaskId) {
        self.begin(Stimulus::Retry { task: t });
        // Walk down to the erred roots: tasks that erred on their own account.
        let mut roots = Vec::new();
        let mut stack = vec![t];
        let mut seen = BTreeSet::new();
        while let Some(x) = stack.pop() {
            if !seen.insert(x) || self.tasks[x.index()].state != TaskState::Erred {
                continue;
            }
            let erred_deps: Vec<TaskId> =
                self.graph.deps(x).iter().copied().filter(|d| self.tasks[d.index()].state == TaskState::Erred).collect();
            if erred_deps.is_empty() {
                roots.push(x);
            } else {
                stack.extend(erred_deps);
            }
        }
        for r in roots {
            self.recommend(r, TaskState::Waiting);
        }
        self.run_recommendations();
        self.queue_slots_maybe_opened();
    }

    fn scatter(&mut self, t: TaskId, workers: Vec<WorkerId>, nbytes: u64) {
        self.begin(Stimulus::Scatter { task: t });
        let rec = &mut self.tasks[t.index()];
        if rec.known && rec.state == TaskState::Memory {
            for w in workers {
                self.add_replica(t, w);
            }
            return;
        }
        *rec = TaskRec::new();
        rec.known = true;
        rec.scattered = true;
        rec.nbytes = Some(nbytes);
        rec.who_wants = 1;
        let from = rec.state;
        rec.state = TaskState::Memory;
        // Dask sets `memory` directly here, outside the transition table.
        self.log.push(Record::Transition(TransitionRecord { task: t, from, to: TaskState::Memory, stimulus: self.stimulus }));
        self.groups[self.graph.group(t).0 as usize].known += 1;
        for w in workers {
            self.add_replica(t, w);
        }
        self.report(t, ClientEvent::KeyInMemory);
    }

    /// The task failed on its own account: it carries the failure and the blame.
    fn fail(&mut self, t: TaskId, failure: Failure) {
        let rec = &mut self.tasks[t.index()];
        rec.failure = Some(failure);
        rec.exception_blame = Some(t);
    }

    fn report(&mut self, t: TaskId, event: ClientEvent) {
        if self.tasks[t.index()].who_wants > 0 {
            self.outputs.push_back(Output::Report { task: t, event });
        }
    }

    /// Root-ish tasks wait in `queued` until a worker has a free slot; give them the slots.
    fn queue_slots_maybe_opened(&mut self) {
        if self.queued.is_empty() {
            return;
        }
        let slots: i64 = self.idle_task_count.iter().map(|&w| self.task_slots_available(w).max(0)).sum();
        if slots == 0 {
            return;
        }
        let head: Vec<TaskId> = self.queued.iter().take(slots as usize).map(|(_, t)| *t).collect();
        for t in head {
            self.recommend(t, TaskState::Processing);
        }
        self.run_recommendations();
    }

    fn task_slots_available(&self, w: WorkerId) -> i64 {
        let ws = &self.workers[w.index()];
        if self.cfg.worker_saturation.is_infinite() {
            return i64::MAX / 4;
        }
        let cap = ((self.cfg.worker_saturation * ws.nthreads as f64).ceil() as i64).max(1);
        cap - ws.processing.len() as i64
    }

    fn worker_full(&self, w: WorkerId) -> bool {
        !self.cfg.worker_saturation.is_infinite() && self.task_slots_available(w) <= 0
    }

    /// Expected duration of a task, seconds: its prefix's learned average or the default.
    pub fn duration_estimate(&self, t: TaskId) -> f64 {
        self.prefix_estimate(self.graph.prefix(t))
    }

    fn prefix_estimate(&self, p: PrefixId) -> f64 {
        self.prefix_duration[p.0 as usize].unwrap_or(self.cfg.unknown_task_duration)
    }

    /// Size of a result for pricing transfers: measured, or the default when unknown.
    pub fn nbytes_estimate(&self, t: TaskId) -> u64 {
        self.tasks[t.index()].nbytes.unwrap_or(self.cfg.default_data_size)
    }

    /// Seconds of work assigned to a worker (Dask's `occupancy`).
    pub fn occupancy(&self, w: WorkerId) -> f64 {
        let compute: f64 =
            self.prefix_counts[w.index()].iter().map(|&(p, n)| n as f64 * self.prefix_estimate(p)).sum();
        compute + self.workers[w.index()].network_occ as f64 / self.cfg.bandwidth
    }

    fn total_occupancy(&self) -> f64 {
        let compute: f64 = self
            .prefix_processing
            .iter()
            .enumerate()
            .filter(|(_, &n)| n > 0)
            .map(|(p, &n)| n as f64 * self.prefix_estimate(PrefixId(p as u32)))
            .sum();
        compute + self.total_network_occ as f64 / self.cfg.bandwidth
    }

    /// Recomputes whether a worker is idle, saturated, or has queuing slots.
    fn check_idle_saturated(&mut self, w: WorkerId) {
        if !self.workers[w.index()].is_running() {
            self.idle.remove(&w);
            self.saturated.remove(&w);
            self.idle_task_count.remove(&w);
            return;
        }
        let ws = &self.workers[w.index()];
        let p = ws.processing.len() as f64;
        let nc = ws.nthreads as f64;
        let occ = self.occupancy(w);
        let avg = if self.total_nthreads > 0 { self.total_occupancy() / self.total_nthreads as f64 } else { 0.0 };
        if p < nc || occ < nc * avg / 2.0 {
            self.idle.insert(w);
            self.saturated.remove(&w);
        } else {
            self.idle.remove(&w);
            let mut saturated = false;
            if p > nc {
                let pending = occ * (p - nc) / (p * nc);
                saturated = pending > 0.4 && pending > 1.9 * avg;
            }
            if saturated {
                self.saturated.insert(w);
            } else {
                self.saturated.remove(&w);
            }
        }
        if self.worker_full(w) {
            self.idle_task_count.remove(&w);
        } else {
            self.idle_task_count.insert(w);
        }
    }

    fn add_replica(&mut self, t: TaskId, w: WorkerId) {
        let rec = &mut self.tasks[t.index()];
        if rec.who_has.contains(&w) {
            return;
        }
        rec.who_has.push(w);
        let n = rec.nbytes.unwrap_or(self.cfg.default_data_size);
        let ws = &mut self.workers[w.index()];
        ws.has_what.insert(t);
        ws.nbytes += n;
    }

    fn remove_replica(&mut self, t: TaskId, w: WorkerId) {
        let rec = &mut self.tasks[t.index()];
        if let Some(i) = rec.who_has.iter().position(|&x| x == w) {
            rec.who_has.remove(i);
            let n = rec.nbytes.unwrap_or(self.cfg.default_data_size);
            let ws = &mut self.workers[w.index()];
            ws.has_what.remove(&t);
            ws.nbytes -= n;
        }
    }

    /// Tasks grouped for the root-ish rule.
    fn group_len(&self, g: GroupId) -> u32 {
        self.groups[g.0 as usize].known
    }
}
