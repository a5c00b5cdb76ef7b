//! What the page knows: the engine's replies folded together (the loaded graph and its
//! drawing, each task's state, workers, the log, the selected task's story) plus the page's
//! own settings (playing, speed, open overlays).
//!
//! Pure data and a fold; renders nothing and sends nothing.

use crate::protocol::charts::{MemorySeries, Progress, TaskStream};
use crate::protocol::{
    ComputeSpeed,
    CatalogEntry, FromEngine, GraphSummary, GraphView, Lesson, LogLine, RevealedView, StateCode, TaskDetail, Transfer, WorkerView, Why,
};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::Reducible;

/// The run the page shows: what the host said when it loaded.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    /// The built-in graph's name, if it is one.
    pub id: Option<String>,
    pub seed: u64,
    pub summary: GraphSummary,
    pub view: Rc<GraphView>,
    /// A scenario's title, summary and tour.
    pub lesson: Option<Rc<Lesson>>,
}

/// Where the student is in a scenario's tour.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TourProgress {
    /// The step whose text is shown (its action has run).
    pub shown: Option<usize>,
    /// The step `Next` runs.
    pub next: usize,
    /// The student's choice for each step's question.
    pub chosen: BTreeMap<usize, String>,
    /// The engine's answer for each step's question, once its action has run.
    pub revealed: BTreeMap<usize, RevealedView>,
}

/// The charts as of the last frame.
#[derive(Clone, Debug, PartialEq)]
pub struct Charts {
    pub stream: TaskStream,
    pub memory: MemorySeries,
    pub progress: Progress,
}

/// Simulated microseconds per second of wall time while playing, from slowest to fastest.
pub const SPEEDS: [u64; 6] = [1_000, 10_000, 100_000, 1_000_000, 10_000_000, 60_000_000];

#[derive(Clone, Debug, PartialEq)]
pub struct UiState {
    /// The engine's version once the host Web Worker has said hello; `None` while it starts.
    pub engine_version: Option<String>,
    /// The built-in scenarios, in course order.
    pub catalog: Vec<CatalogEntry>,
    /// The sample graphs.
    pub graphs: Vec<String>,
    pub loaded: Option<Loaded>,
    pub tour: TourProgress,
    pub charts: Option<Rc<Charts>>,
    /// Each task's state and worker (index into `workers`), by task index.
    pub tasks: Rc<Vec<(StateCode, Option<u32>)>>,
    pub position: u64,
    pub time_us: u64,
    pub end_position: u64,
    pub end_time_us: u64,
    pub workers: Vec<WorkerView>,
    pub transfers: Vec<Transfer>,
    pub log: Rc<Vec<LogLine>>,
    /// The task the student is looking at.
    pub task: Option<TaskDetail>,
    pub why: Option<Why>,
    pub value: Option<crate::protocol::values::ValueDetail>,
    /// Why the last command was refused, until the next one succeeds.
    pub error: Option<String>,
    pub playing: bool,
    /// Index into `SPEEDS`.
    pub speed: usize,
    pub help: bool,
    /// The page is cross-origin isolated (`window.crossOriginIsolated`): threads can share
    /// the host's memory.
    pub isolated: bool,
    /// The host's compute pool (`Hello.threads`): `None` when the kernels run on its one thread.
    pub threads: Option<usize>,
    /// The host's last timing of chunked against plain compute, and whether one is under way.
    pub compute_speed: Option<ComputeSpeed>,
    pub measuring: bool,
    /// The Share box is open.
    pub sharing: bool,
    /// The link to this run as the Share box shows it, or why there is none.
    pub link: Option<Result<String, String>>,
}

impl Default for UiState {
    fn default() -> Self {
        UiState {
            engine_version: None,
            catalog: Vec::new(),
            graphs: Vec::new(),
            loaded: None,
            tour: TourProgress::default(),
            charts: None,
            tasks: Rc::default(),
            position: 0,
            time_us: 0,
            end_position: 0,
            end_time_us: 0,
            workers: Vec::new(),
            transfers: Vec::new(),
            log: Rc::default(),
            task: None,
            why: None,
            value: None,
            error: None,
            playing: false,
            speed: 2,
            help: false,
            isolated: false,
            threads: None,
            compute_speed: None,
            measuring: false,
            sharing: false,
            link: None,
        }
    }
}

/// Something that changes the page: a reply from the engine, or the student's own setting.
#[derive(Clone, Debug, PartialEq)]
pub enum UiAction {
    Engine(FromEngine),
    Play(bool),
    Speed(usize),
    Help(bool),
    /// What the browser says of `window.crossOriginIsolated`.
    Isolated(bool),
    /// Opens or closes the Share box.
    Share(bool),
    /// The app's link to this run, or why there is none.
    Link(Result<String, String>),
    /// The page asked the host to time its compute.
    Measuring,
    /// The student answers a tour step's question.
    Choose { step: usize, choice: String },
}

impl UiState {
    pub fn at_end(&self) -> bool {
        self.loaded.is_some() && self.position >= self.end_position
    }

    pub fn apply(&mut self, action: UiAction) {
        match action {
            UiAction::Engine(msg) => self.receive(msg),
            UiAction::Play(on) => self.playing = on && !self.at_end(),
            UiAction::Speed(i) => self.speed = i.min(SPEEDS.len() - 1),
            UiAction::Help(on) => self.help = on,
            UiAction::Isolated(on) => self.isolated = on,
            UiAction::Measuring => self.measuring = true,
            UiAction::Share(on) => self.sharing = on,
            UiAction::Link(link) => self.link = Some(link),
            UiAction::Choose { step, choice } => {
                // An answer is final once the engine has revealed it.
                if !self.tour.revealed.contains_key(&step) {
                    self.tour.chosen.insert(step, choice);
                }
            }
        }
    }

    fn receive(&mut self, msg: FromEngine) {
        match msg {
            FromEngine::Hello { version, catalog, graphs, threads } => {
                self.threads = threads;
                self.engine_version = Some(version);
                self.catalog = catalog;
                self.graphs = graphs;
            }
            FromEngine::Loaded { id, seed, summary, view, lesson, .. } => {
                self.tasks = Rc::new(vec![(StateCode::Released, None); summary.tasks as usize]);
                self.loaded = Some(Loaded { id, seed, summary, view: Rc::new(view), lesson: lesson.map(Rc::new) });
                self.tour = TourProgress::default();
                self.charts = None;
                self.task = None;
                self.why = None;
                self.value = None;
                self.error = None;
                self.playing = false;
            }
            FromEngine::Redrawn(view) => {
                if let Some(l) = &mut self.loaded {
                    l.view = Rc::new(view);
                }
            }
            FromEngine::Frame(f) => {
                let tasks = Rc::make_mut(&mut self.tasks);
                for c in &f.changes {
                    if let Some(slot) = tasks.get_mut(c.task as usize) {
                        *slot = (c.state, c.worker);
                    }
                }
                let log = Rc::make_mut(&mut self.log);
                log.truncate(f.log_from as usize);
                log.extend(f.log);
                self.position = f.position;
                self.time_us = f.time_us;
                self.end_position = f.end_position;
                self.end_time_us = f.end_time_us;
                self.workers = f.workers;
                self.transfers = f.transfers;
                self.error = None;
                if self.at_end() {
                    self.playing = false;
                }
            }
            FromEngine::Task(task) => {
                if self.task.as_ref().map(|t| &t.key) != Some(&task.key) {
                    self.value = None;
                }
                self.task = Some(task);
                self.error = None;
            }
            FromEngine::Why(why) => self.why = Some(why),
            FromEngine::Charts { stream, memory, progress } => self.charts = Some(Rc::new(Charts { stream, memory, progress })),
            FromEngine::Tour(reached) => {
                let step = reached.step as usize;
                self.tour.shown = Some(step);
                self.tour.next = step + 1;
                if let Some(r) = reached.revealed {
                    self.tour.revealed.insert(step, r);
                }
            }
            FromEngine::Value(v) => self.value = Some(v),
            // The app saves the trace as a file; nothing to show.
            FromEngine::Trace { .. } => {}
            FromEngine::ComputeSpeed(speed) => {
                self.compute_speed = Some(speed);
                self.measuring = false;
            }
            FromEngine::Refused { message } => {
                self.error = Some(message);
                self.playing = false;
            }
        }
    }

    /// How many tasks are in each state now, in `StateCode::ALL` order.
    pub fn counts(&self) -> [u32; 8] {
        let mut n = [0; 8];
        for (s, _) in self.tasks.iter() {
            n[*s as usize] += 1;
        }
        n
    }
}

impl Reducible for UiState {
    type Action = UiAction;

    fn reduce(self: Rc<Self>, action: UiAction) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        next.apply(action);
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests;
