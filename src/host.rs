//! The host: the engine's side of the page. `Session` answers `ToEngine` commands with
//! `FromEngine` replies and is pure, so everything the page can ask is tested natively;
//! `HostWorker` is the thin Web Worker adapter around it (browser only).
//!
//! Converts engine types to wire data here, at the boundary. Knows nothing of rendering and
//! applies no scheduling rules of its own.

pub mod charts;
mod describe;
pub mod values;
#[cfg(target_arch = "wasm32")]
mod worker;

#[cfg(target_arch = "wasm32")]
pub use worker::HostWorker;

use crate::graph::{self, TaskGraph};
use crate::protocol::{FromEngine, ToEngine};

/// One student's session with the engine: the graph they loaded and what they asked about it.
#[derive(Default)]
pub struct Session {
    graph: Option<TaskGraph>,
}

impl Session {
    pub fn new() -> Self {
        Self::default()
    }

    /// Carries out one command and returns the replies, in the order the page should apply them.
    pub fn on_message(&mut self, msg: ToEngine) -> Vec<FromEngine> {
        let reply = match msg {
            ToEngine::Hello => FromEngine::Hello { version: env!("CARGO_PKG_VERSION").to_string() },
            ToEngine::LoadGraph { text } => match graph::from_json(&text) {
                Ok(g) => {
                    let summary = describe::summary(&g);
                    self.graph = Some(g);
                    FromEngine::GraphLoaded(summary)
                }
                Err(e) => FromEngine::Refused { message: format!("this graph cannot be loaded: {e}") },
            },
            ToEngine::Inspect { key } => match &self.graph {
                None => FromEngine::Refused { message: "no graph is loaded yet".to_string() },
                Some(g) => match g.id(&key) {
                    Some(id) => FromEngine::Task(describe::task(g, id)),
                    None => FromEngine::Refused { message: format!("no task has the key `{key}`") },
                },
            },
        };
        vec![reply]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{GraphSummary, TaskDetail};

    const INC_ADD: &str = include_str!("../www/graphs/inc-add.json");

    fn only(mut replies: Vec<FromEngine>) -> FromEngine {
        assert_eq!(replies.len(), 1, "{replies:?}");
        replies.remove(0)
    }

    fn load(session: &mut Session, text: &str) -> GraphSummary {
        match only(session.on_message(ToEngine::LoadGraph { text: text.to_string() })) {
            FromEngine::GraphLoaded(s) => s,
            other => panic!("expected a loaded graph, got {other:?}"),
        }
    }

    fn inspect(session: &mut Session, key: &str) -> FromEngine {
        only(session.on_message(ToEngine::Inspect { key: key.to_string() }))
    }

    fn task(session: &mut Session, key: &str) -> TaskDetail {
        match inspect(session, key) {
            FromEngine::Task(t) => t,
            other => panic!("expected the task `{key}`, got {other:?}"),
        }
    }

    #[test]
    fn the_host_says_hello_with_its_version() {
        let reply = only(Session::new().on_message(ToEngine::Hello));
        assert_eq!(reply, FromEngine::Hello { version: env!("CARGO_PKG_VERSION").to_string() });
    }

    #[test]
    fn the_sample_graph_is_summed_up_as_a_student_would_count_it() {
        // Four loads (5 ms) each feed an inc (10 ms); two adds (1 ms) pair the incs; `total`
        // (1 ms) adds the pairs. One path is load → inc → add → total.
        let s = load(&mut Session::new(), INC_ADD);
        assert_eq!((s.tasks, s.roots, s.dependencies), (11, 4, 4 + 4 + 2));
        assert_eq!(s.critical_path_us, 5_000 + 10_000 + 1_000 + 1_000);
        assert_eq!(s.total_work_us, 4 * 5_000 + 4 * 10_000 + 2 * 1_000 + 1_000);
        let rows: Vec<(&str, u32, u64)> = s.prefixes.iter().map(|p| (p.name.as_str(), p.tasks, p.work_us)).collect();
        assert_eq!(rows, [("x", 4, 20_000), ("inc", 4, 40_000), ("add", 2, 2_000), ("total", 1, 1_000)]);
        assert_eq!(s.prefixes[0].nbytes, 4 * 8_000_000);
        assert_eq!((s.outputs, s.output_count), (vec!["total".to_string()], 1));
    }

    #[test]
    fn only_the_first_outputs_are_listed_but_all_are_counted() {
        let tasks: Vec<String> = (0..40).map(|i| format!(r#"{{"key": "inc-{i}"}}"#)).collect();
        let text = format!(r#"{{"format": "tasklab-graph/1", "tasks": [{}]}}"#, tasks.join(","));
        let s = load(&mut Session::new(), &text);
        assert_eq!(s.output_count, 40);
        assert_eq!(s.outputs.len(), describe::OUTPUTS_LISTED);
        assert_eq!(s.outputs[0], "inc-0");
    }

    #[test]
    fn walking_from_the_output_back_to_a_root() {
        let mut session = Session::new();
        load(&mut session, INC_ADD);
        let total = task(&mut session, "total");
        assert_eq!(total.dependencies, ["add-0", "add-1"]);
        assert!(total.dependents.is_empty());
        assert_eq!(
            task(&mut session, "inc-2"),
            TaskDetail {
                key: "inc-2".into(),
                func: "inc".into(),
                prefix: "inc".into(),
                duration_us: 10_000,
                nbytes: 8_000_000,
                gil: true,
                dependencies: vec!["x-2".into()],
                dependents: vec!["add-1".into()],
            }
        );
    }

    #[test]
    fn a_broken_graph_is_refused_with_its_place_and_the_old_one_stays() {
        let mut session = Session::new();
        load(&mut session, INC_ADD);
        let reply = only(session.on_message(ToEngine::LoadGraph { text: "{\"format\": \"tasklab-graph/1\",\n \"tasks\": [}".into() }));
        let FromEngine::Refused { message } = reply else { panic!("expected a refusal, got {reply:?}") };
        assert!(message.contains("line 2, column"), "{message}");
        assert_eq!(task(&mut session, "total").dependencies, ["add-0", "add-1"]);
    }

    #[test]
    fn inspecting_needs_a_graph_and_a_known_key() {
        let mut session = Session::new();
        assert_eq!(inspect(&mut session, "total"), FromEngine::Refused { message: "no graph is loaded yet".into() });
        load(&mut session, INC_ADD);
        assert_eq!(inspect(&mut session, "tota"), FromEngine::Refused { message: "no task has the key `tota`".into() });
    }
}
