//! The wire's picture of a lesson: the built-in scenarios grouped by lecture, a loaded
//! scenario's guided tour (steps with highlights and questions), and a revealed answer.
//!
//! Plain data only; the host fills it from `scenario`, the page draws it.

use serde::{Deserialize, Serialize};

/// One built-in scenario in the picker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CatalogEntry {
    pub id: String,
    /// `000`, `001`, …: the lecture it belongs to.
    pub lecture: String,
    pub title: String,
    /// One or two sentences: what it shows.
    pub summary: String,
}

/// A loaded scenario: what it is about and its tour.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lesson {
    pub title: String,
    pub lecture: String,
    pub summary: String,
    /// Lecture concepts it shows (`C7`, …).
    pub concepts: Vec<String>,
    pub steps: Vec<TourStep>,
}

/// One step of the tour: its text (a small Markdown subset), what to point at, and a question
/// asked before its action runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TourStep {
    pub text: String,
    pub tasks: Vec<String>,
    pub workers: Vec<String>,
    /// `graph`, `workers`, `task-stream`, `memory`, `progress` or `transitions`.
    pub chart: Option<String>,
    pub question: Option<QuestionView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionView {
    pub prompt: String,
    /// Empty for a free answer.
    pub choices: Vec<String>,
}

/// The tour has run a step's action: its text is now read, and its question answered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TourReached {
    pub step: u32,
    pub revealed: Option<RevealedView>,
}

/// A question's answer as the engine decided it, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RevealedView {
    pub answer: String,
    pub reason: String,
}
