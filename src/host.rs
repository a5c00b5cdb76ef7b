//! The host: the engine's side of the page. `Session` answers `ToEngine` commands with
//! `FromEngine` replies and is pure, so everything the page can ask is tested natively;
//! `HostWorker` is the thin Web Worker adapter around it (browser only).
//!
//! Converts engine types to wire data here, at the boundary. Knows nothing of rendering and
//! applies no scheduling rules of its own.

pub mod charts;
mod describe;
mod faults;
mod lesson;
mod log;
pub mod measure;
mod run;
pub mod share;
mod view;
mod why;
pub mod values;
#[cfg(target_arch = "wasm32")]
mod worker;
mod workers;

#[cfg(target_arch = "wasm32")]
pub use worker::{HostWorker, FATAL_CHANNEL};

use crate::graph::{self, TaskGraph};
use crate::protocol::{FromEngine, ToEngine, TourReached};
use crate::scenario::{self, Scenario};
use run::Run;

/// The sample graphs the page ships with besides the lectures' scenarios, by id: small
/// `tasklab-graph/1` documents a student can open from the picker or a link.
pub const BUILTINS: [(&str, &str); 2] = [
    ("inc-add", include_str!("../www/graphs/inc-add.json")),
    ("map-reduce", include_str!("../www/examples/map-reduce.json")),
];

/// The scenario the page opens when its link names none: the first lecture's first.
pub fn first_lesson() -> &'static str {
    scenario::builtins()[0].id
}

/// One student's session with the engine: the run they loaded, where they are in it, and the
/// tour of its scenario.
#[derive(Default)]
pub struct Session {
    run: Option<Run>,
    tour: Vec<scenario::Step>,
    /// The tour step the next `NextTourStep` runs.
    tour_next: usize,
}

impl Session {
    pub fn new() -> Self {
        Self::default()
    }

    /// Carries out one command and returns the replies, in the order the page should apply them.
    pub fn on_message(&mut self, msg: ToEngine) -> Vec<FromEngine> {
        match self.answer(msg) {
            Ok(replies) => replies,
            Err(message) => vec![FromEngine::Refused { message }],
        }
    }

    fn answer(&mut self, msg: ToEngine) -> Result<Vec<FromEngine>, String> {
        Ok(match msg {
            ToEngine::Hello => vec![FromEngine::Hello {
                version: env!("CARGO_PKG_VERSION").to_string(),
                catalog: lesson::catalog(),
                graphs: BUILTINS.iter().map(|(id, _)| id.to_string()).collect(),
                threads: graph::kernels::compute_pool(),
            }],
            ToEngine::LoadGraph { text, seed } => {
                let g = graph::from_json(&text).map_err(|e| format!("this graph cannot be loaded: {e}"))?;
                self.load(g, seed, None)?
            }
            ToEngine::LoadArray { code, seed } => {
                let array = crate::array::parse(&code).map_err(|e| format!("this expression cannot be read: {e}"))?;
                let mut builder = graph::GraphBuilder::new();
                array.plan(&mut builder);
                let g = builder.build().map_err(|e| format!("this expression makes no valid graph: {e}"))?;
                self.load(g, seed, None)?
            }
            ToEngine::LoadBuiltIn { id, seed } => {
                if let Some(b) = scenario::builtin(&id) {
                    let s = scenario::parse(b.text).map_err(|e| format!("the built-in scenario `{id}` is broken: {e:?}"))?;
                    self.load_scenario(s, seed, Some(id))
                } else {
                    let (_, text) = BUILTINS.iter().find(|(b, _)| *b == id).ok_or_else(|| format!("no built-in scenario or graph is called `{id}`"))?;
                    let g = graph::from_json(text).map_err(|e| format!("the built-in graph `{id}` is broken: {e}"))?;
                    self.load(g, seed.unwrap_or(1), Some(id))?
                }
            }
            ToEngine::LoadScenario { text, seed } => {
                let s = scenario::parse(&text)
                    .map_err(|e| format!("this scenario cannot be loaded: line {}, column {}: {}", e.line, e.column, e.message))?;
                self.load_scenario(s, seed, None)
            }
            ToEngine::NextTourStep => {
                let step = self.tour.get(self.tour_next).cloned().ok_or_else(|| "the tour is over".to_string())?;
                let run = self.run_mut()?;
                run.forward_with(|sim| scenario::tour::advance(sim, &step.action))?;
                let revealed = step.question.as_ref().map(|q| lesson::revealed(q, run.sim()));
                let replies = vec![FromEngine::Frame(run.frame(false)), run.charts(), FromEngine::Tour(TourReached { step: self.tour_next as u32, revealed })];
                self.tour_next += 1;
                replies
            }
            ToEngine::Inspect { key } => {
                let run = self.run()?;
                vec![FromEngine::Task(describe::task(run.graph(), task(run.graph(), &key)?))]
            }
            ToEngine::Select { key } => {
                let run = self.run()?;
                let t = task(run.graph(), &key)?;
                vec![FromEngine::Task(describe::task(run.graph(), t)), FromEngine::Why(run.why(t))]
            }
            ToEngine::Step { n } => self.moved(|run| run.step(n))?,
            ToEngine::Advance { us } => self.moved(|run| run.advance(us))?,
            ToEngine::Back { n } => self.moved(|run| run.seek(run.position().saturating_sub(n)))?,
            ToEngine::Seek { position } => self.moved(|run| run.seek(position))?,
            ToEngine::SeekTime { us } => self.moved(|run| run.seek_time(us))?,
            ToEngine::Inject { fault } => {
                let run = self.run_mut()?;
                run.inject(fault)?;
                vec![FromEngine::Frame(run.frame(false)), run.charts()]
            }
            ToEngine::ToggleGroup { label } => {
                let run = self.run_mut()?;
                run.toggle_group(&label)?;
                vec![FromEngine::Redrawn(run.view())]
            }
            ToEngine::Value { key } => {
                vec![FromEngine::Value(values::value(self.run()?.sim(), &key)?)]
            }
            ToEngine::ExportTrace => vec![FromEngine::Trace { text: self.run()?.trace_text() }],
            ToEngine::MeasureCompute => vec![FromEngine::ComputeSpeed(measure::array_sum())],
        })
    }

    fn load(&mut self, g: TaskGraph, seed: u64, id: Option<String>) -> Result<Vec<FromEngine>, String> {
        let summary = describe::summary(&g);
        let run = Run::new(g, seed)?;
        Ok(self.start(run, summary, seed, id, None, Vec::new()))
    }

    fn load_scenario(&mut self, s: Scenario, seed: Option<u64>, id: Option<String>) -> Vec<FromEngine> {
        let seed = seed.unwrap_or(s.meta.seed);
        let run = Run::from_world(s.world_with_seed(seed));
        let summary = describe::summary(run.graph());
        let lesson = lesson::lesson(&s);
        self.start(run, summary, seed, id, Some(lesson), s.tour)
    }

    fn start(
        &mut self,
        mut run: Run,
        summary: crate::protocol::GraphSummary,
        seed: u64,
        id: Option<String>,
        lesson: Option<crate::protocol::Lesson>,
        tour: Vec<scenario::Step>,
    ) -> Vec<FromEngine> {
        let loaded = FromEngine::Loaded { id, seed, summary, view: run.view(), workers: run.worker_names(), lesson };
        let replies = vec![loaded, FromEngine::Frame(run.frame(true)), run.charts()];
        self.run = Some(run);
        self.tour = tour;
        self.tour_next = 0;
        replies
    }

    fn moved(&mut self, go: impl FnOnce(&mut Run)) -> Result<Vec<FromEngine>, String> {
        let run = self.run_mut()?;
        go(run);
        Ok(vec![FromEngine::Frame(run.frame(false)), run.charts()])
    }

    fn run(&self) -> Result<&Run, String> {
        self.run.as_ref().ok_or_else(|| "no graph is loaded yet".to_string())
    }

    fn run_mut(&mut self) -> Result<&mut Run, String> {
        self.run.as_mut().ok_or_else(|| "no graph is loaded yet".to_string())
    }
}

fn task(g: &TaskGraph, key: &str) -> Result<graph::TaskId, String> {
    g.id(key).ok_or_else(|| format!("no task has the key `{key}`"))
}

#[cfg(test)]
mod tests;
