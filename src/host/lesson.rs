//! Scenarios on the wire: the catalog of built-ins grouped by lecture, a scenario's lesson
//! (its tour's steps), and a question's revealed answer.
//!
//! Converts `scenario` types; the answers are `scenario::tour::reveal`'s, never recomputed.

use crate::protocol::{CatalogEntry, Lesson, QuestionView, RevealedView, TourStep};
use crate::scenario::{self, Question, Scenario};
use crate::sim::Sim;

/// Every built-in scenario in course order, with its title and summary.
pub fn catalog() -> Vec<CatalogEntry> {
    scenario::builtins()
        .iter()
        .filter_map(|b| {
            let s = scenario::parse(b.text).ok()?;
            Some(CatalogEntry { id: b.id.to_string(), lecture: b.lecture.to_string(), title: s.meta.title, summary: s.meta.summary })
        })
        .collect()
}

pub fn lesson(s: &Scenario) -> Lesson {
    Lesson {
        title: s.meta.title.clone(),
        lecture: s.meta.lecture.clone(),
        summary: s.meta.summary.clone(),
        concepts: s.meta.concepts.clone(),
        steps: s
            .tour
            .iter()
            .map(|step| TourStep {
                text: step.text.clone(),
                tasks: step.highlight.tasks.clone(),
                workers: step.highlight.workers.clone(),
                chart: step.highlight.chart.clone(),
                question: step.question.as_ref().map(|q| QuestionView { prompt: q.prompt.clone(), choices: q.choices.clone() }),
            })
            .collect(),
    }
}

pub fn revealed(q: &Question, sim: &Sim) -> RevealedView {
    let r = scenario::tour::reveal(q, sim);
    RevealedView { answer: r.answer, reason: r.reason }
}
