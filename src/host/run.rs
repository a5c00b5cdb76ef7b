//! One loaded run as the page sees it: the `Sim`, where each trace entry sits on the timeline,
//! and what the page already holds (task states, log lines), so each frame sends only what
//! changed.
//!
//! Moves the simulation only through `Sim` (step, seek, inject); converts, never decides.

use super::{charts, log, view, why, workers};
use crate::graph::{GroupId, TaskGraph, TaskId};
use crate::protocol::{FaultDto, Frame, FromEngine, GraphView, StateCode, TaskChange, Why};
use crate::sched::TaskState;
use crate::sim::{ClientTraceEvent, ClusterSpec, Sim, TraceEvent, Workload, World};

/// What the page holds about one task: its state and the worker it is on.
type Shown = Option<(StateCode, Option<u32>)>;

pub struct Run {
    sim: Sim,
    /// The timeline position just after each trace entry.
    positions: Vec<u64>,
    /// The last event of the run as computed so far, and its simulated time.
    end: (u64, u64),
    shown: Vec<Shown>,
    /// Trace entries the page has log lines for.
    logged: usize,
    opened: Vec<GroupId>,
}

/// The cluster a bare graph runs on: four workers with two threads each.
pub fn default_cluster() -> ClusterSpec {
    ClusterSpec::local(4, 2)
}

pub fn code(s: TaskState) -> StateCode {
    match s {
        TaskState::Released => StateCode::Released,
        TaskState::Waiting => StateCode::Waiting,
        TaskState::NoWorker => StateCode::NoWorker,
        TaskState::Queued => StateCode::Queued,
        TaskState::Processing => StateCode::Processing,
        TaskState::Memory => StateCode::Memory,
        TaskState::Erred => StateCode::Erred,
        TaskState::Forgotten => StateCode::Forgotten,
    }
}

impl Run {
    /// `x.compute()` of the graph's outputs on the default cluster.
    pub fn new(graph: TaskGraph, seed: u64) -> Result<Run, String> {
        let world = World::new(default_cluster(), Workload::compute(graph), vec![], seed)?;
        Ok(Run::from_world(world))
    }

    /// A run of a world (a scenario's) at its start, with every chunk value computed first, on
    /// the compute threads when there are any (`graph::kernels`).
    pub fn from_world(mut world: World) -> Run {
        world.compute_ahead();
        let sim = Sim::new(world);
        let n = sim.world().graph().len();
        let mut run = Run { sim, positions: Vec::new(), end: (0, 0), shown: vec![None; n], logged: 0, opened: Vec::new() };
        run.compute_end();
        run
    }

    pub fn sim(&self) -> &Sim {
        &self.sim
    }

    /// Lets `go` move the simulation forward (a tour step's action); every trace entry it adds
    /// is placed at the position where it stopped.
    pub fn forward_with<R>(&mut self, go: impl FnOnce(&mut Sim) -> R) -> R {
        let r = go(&mut self.sim);
        self.positions.resize(self.sim.trace().len(), self.sim.position());
        r
    }

    pub fn charts(&self) -> FromEngine {
        FromEngine::Charts { stream: charts::task_stream(&self.sim), memory: charts::memory(&self.sim), progress: charts::progress(&self.sim) }
    }

    pub fn graph(&self) -> &TaskGraph {
        self.sim.world().graph()
    }

    pub fn worker_names(&self) -> Vec<String> {
        self.sim.world().worker_names()
    }

    pub fn position(&self) -> u64 {
        self.sim.position()
    }

    pub fn view(&self) -> GraphView {
        view::draw(self.graph(), &self.opened)
    }

    /// Runs a copy of the simulation to its end to learn where the timeline stops.
    fn compute_end(&mut self) {
        let mut ahead = self.sim.clone();
        while ahead.step() {}
        self.end = (ahead.position(), ahead.world().now().0);
    }

    fn step_once(&mut self) -> bool {
        let moved = self.sim.step();
        self.positions.resize(self.sim.trace().len(), self.sim.position());
        moved
    }

    pub fn step(&mut self, n: u64) {
        for _ in 0..n {
            if !self.step_once() {
                break;
            }
        }
    }

    /// Handles events until `us` of simulated time have passed (or the run ends).
    pub fn advance(&mut self, us: u64) {
        let until = self.sim.world().now().0.saturating_add(us);
        while self.sim.world().now().0 < until && self.step_once() {}
    }

    pub fn seek(&mut self, position: u64) {
        if position >= self.position() {
            self.step(position - self.position());
        } else {
            self.sim.seek(position);
            self.positions.truncate(self.sim.trace().len());
        }
    }

    /// Goes to the first moment at or after `us` of simulated time: the same place whether the
    /// run comes from before or after it. Back, it returns to the last event before `us` (known
    /// from the trace) and handles events from there.
    pub fn seek_time(&mut self, us: u64) {
        if us < self.sim.world().now().0 {
            let entries = &self.sim.trace().entries;
            let before = entries.iter().rposition(|e| e.time.0 < us).map_or(0, |i| self.positions[i]);
            self.seek(before);
        }
        while self.sim.world().now().0 < us && self.step_once() {}
    }

    pub fn inject(&mut self, dto: FaultDto) -> Result<String, String> {
        let fault = super::faults::fault(self.sim.world(), dto)?;
        let said = fault.kind.describe();
        self.sim.inject(fault);
        // Handle the fault's own event now, so the page shows it applied at this moment.
        let before = self.sim.trace().len();
        while self.step_once() {
            let fired = self.sim.trace().entries[before..].iter().any(|e| matches!(e.event, TraceEvent::Client(ClientTraceEvent::Fault { .. })));
            if fired {
                break;
            }
        }
        self.compute_end();
        Ok(said)
    }

    /// Opens a group of the grouped view task by task, or folds the group of an opened task.
    pub fn toggle_group(&mut self, label: &str) -> Result<(), String> {
        let g = self.graph();
        let group = match g.id(label) {
            Some(t) => g.group(t),
            None => match g.groups().iter().position(|gr| gr.name == label) {
                Some(i) => GroupId(i as u32),
                None => return Err(format!("no task or group is named `{label}`")),
            },
        };
        match self.opened.iter().position(|&o| o == group) {
            Some(i) => {
                self.opened.remove(i);
            }
            None => self.opened.push(group),
        }
        Ok(())
    }

    /// The frame that brings the page from what it holds to the present.
    pub fn frame(&mut self, reset: bool) -> Frame {
        let world = self.sim.world();
        let sched = world.scheduler();
        if reset {
            self.shown.iter_mut().for_each(|s| *s = None);
            self.logged = 0;
        }
        let mut changes = Vec::new();
        for t in world.graph().ids() {
            let rec = sched.task(t);
            let worker = rec.processing_on.or_else(|| rec.who_has.first().copied()).map(|w| w.0);
            let now = Some((code(rec.state), worker));
            if self.shown[t.index()] != now {
                self.shown[t.index()] = now;
                changes.push(TaskChange { task: t.0, state: code(rec.state), worker });
            }
        }
        let entries = &self.sim.trace().entries;
        if entries.len() < self.logged {
            self.logged = entries.len();
        }
        let log_from = entries[..self.logged].iter().filter(|e| log::is_logged(e)).count() as u32;
        let names = world.worker_names();
        let log = (self.logged..entries.len())
            .filter(|&i| log::is_logged(&entries[i]))
            .map(|i| log::line(&entries[i], self.positions[i], world.graph(), &names))
            .collect();
        self.logged = entries.len();
        Frame {
            position: self.sim.position(),
            time_us: world.now().0,
            end_position: self.end.0,
            end_time_us: self.end.1,
            reset,
            changes,
            workers: workers::cards(&self.sim),
            transfers: workers::transfers(&self.sim),
            log_from,
            log,
        }
    }

    pub fn why(&self, t: TaskId) -> Why {
        why::why(&self.sim, &self.positions, t, code(self.sim.world().scheduler().state(t)))
    }

    pub fn trace_text(&self) -> String {
        self.sim.trace().to_jsonl(self.graph(), &self.worker_names())
    }
}

