//! What the page shows, folded from the host's replies in the order they arrive.
//!
//! Pure data: no rendering, no messages sent.

use crate::protocol::{FromEngine, GraphSummary, TaskDetail};
use std::rc::Rc;
use yew::Reducible;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct UiState {
    /// The engine's version once the host Web Worker has said hello; `None` while it starts.
    pub engine_version: Option<String>,
    pub graph: Option<GraphSummary>,
    /// The task the student is looking at.
    pub task: Option<TaskDetail>,
    /// Why the last command was refused, until the next one succeeds.
    pub error: Option<String>,
}

impl UiState {
    pub fn apply(&mut self, msg: FromEngine) {
        match msg {
            FromEngine::Hello { version } => self.engine_version = Some(version),
            FromEngine::GraphLoaded(summary) => {
                self.graph = Some(summary);
                self.task = None;
                self.error = None;
            }
            FromEngine::Task(task) => {
                self.task = Some(task);
                self.error = None;
            }
            FromEngine::Refused { message } => self.error = Some(message),
        }
    }
}

impl Reducible for UiState {
    type Action = FromEngine;

    fn reduce(self: Rc<Self>, msg: FromEngine) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        next.apply(msg);
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(key: &str) -> TaskDetail {
        TaskDetail {
            key: key.into(),
            func: "inc".into(),
            prefix: "inc".into(),
            duration_us: 1,
            nbytes: 1,
            gil: false,
            dependencies: vec![],
            dependents: vec![],
        }
    }

    fn summary(tasks: u32) -> GraphSummary {
        GraphSummary {
            tasks,
            dependencies: 0,
            roots: tasks,
            critical_path_us: 0,
            total_work_us: 0,
            prefixes: vec![],
            outputs: vec![],
            output_count: 0,
        }
    }

    #[test]
    fn a_refusal_keeps_what_was_shown_and_the_next_success_clears_it() {
        let mut s = UiState::default();
        s.apply(FromEngine::GraphLoaded(summary(3)));
        s.apply(FromEngine::Task(task("inc-1")));
        s.apply(FromEngine::Refused { message: "no task has the key `inc-9`".into() });
        assert_eq!(s.task.as_ref().map(|t| t.key.as_str()), Some("inc-1"));
        assert!(s.error.is_some());
        s.apply(FromEngine::Task(task("inc-2")));
        assert_eq!((s.task.map(|t| t.key), s.error), (Some("inc-2".to_string()), None));
    }

    #[test]
    fn a_new_graph_forgets_the_task_of_the_old_one() {
        let mut s = UiState::default();
        s.apply(FromEngine::GraphLoaded(summary(3)));
        s.apply(FromEngine::Task(task("inc-1")));
        s.apply(FromEngine::GraphLoaded(summary(5)));
        assert_eq!((s.graph.map(|g| g.tasks), s.task), (Some(5), None));
    }

    #[test]
    fn the_reducer_folds_like_apply() {
        let s = Rc::new(UiState::default()).reduce(FromEngine::Hello { version: "9.9.9".into() });
        assert_eq!(s.engine_version.as_deref(), Some("9.9.9"));
    }
}
