//! Folding the host's replies: frames apply as deltas, the log keeps its earlier lines, a
//! refusal keeps what was shown, playing stops at the end.

use super::*;
use crate::host::Session;
use crate::protocol::ToEngine;

fn fold(session: &mut Session, state: &mut UiState, msg: ToEngine) {
    for reply in session.on_message(msg) {
        state.apply(UiAction::Engine(reply));
    }
}

fn loaded() -> (Session, UiState) {
    let mut session = Session::new();
    let mut state = UiState::default();
    fold(&mut session, &mut state, ToEngine::LoadBuiltIn { id: "inc-add".into(), seed: Some(1) });
    (session, state)
}

#[test]
fn frames_fold_to_the_same_page_whether_stepped_or_jumped() {
    let (mut s1, mut stepped) = loaded();
    for _ in 0..40 {
        fold(&mut s1, &mut stepped, ToEngine::Step { n: 1 });
    }
    let (mut s2, mut jumped) = loaded();
    fold(&mut s2, &mut jumped, ToEngine::Seek { position: 40 });
    assert_eq!(stepped.tasks, jumped.tasks);
    assert_eq!(stepped.log, jumped.log);
    assert_eq!((stepped.position, stepped.workers.clone()), (jumped.position, jumped.workers.clone()));
    assert!(stepped.counts()[StateCode::Memory as usize] > 0, "{:?}", stepped.tasks);
}

#[test]
fn going_back_drops_the_later_log_lines_and_states() {
    let (mut session, mut state) = loaded();
    fold(&mut session, &mut state, ToEngine::Seek { position: 25 });
    let earlier = state.clone();
    fold(&mut session, &mut state, ToEngine::Seek { position: 60 });
    assert!(state.log.len() > earlier.log.len());
    fold(&mut session, &mut state, ToEngine::Seek { position: 25 });
    assert_eq!((state.tasks.clone(), state.log.clone()), (earlier.tasks, earlier.log));
}

#[test]
fn a_refusal_keeps_what_was_shown_and_stops_playing() {
    let (mut session, mut state) = loaded();
    fold(&mut session, &mut state, ToEngine::Select { key: "inc-1".into() });
    state.apply(UiAction::Play(true));
    assert!(state.playing);
    fold(&mut session, &mut state, ToEngine::Select { key: "inc-9".into() });
    assert_eq!(state.task.as_ref().map(|t| t.key.as_str()), Some("inc-1"));
    assert_eq!(state.error.as_deref(), Some("no task has the key `inc-9`"));
    assert!(!state.playing);
}

#[test]
fn playing_stops_at_the_end_and_cannot_start_there() {
    let (mut session, mut state) = loaded();
    state.apply(UiAction::Play(true));
    let end = state.end_position;
    fold(&mut session, &mut state, ToEngine::Seek { position: end });
    assert!(state.at_end() && !state.playing);
    state.apply(UiAction::Play(true));
    assert!(!state.playing);
}

#[test]
fn a_new_graph_forgets_the_task_of_the_old_one() {
    let (mut session, mut state) = loaded();
    fold(&mut session, &mut state, ToEngine::Select { key: "inc-1".into() });
    fold(&mut session, &mut state, ToEngine::LoadBuiltIn { id: "map-reduce".into(), seed: Some(1) });
    assert_eq!(state.task, None);
    assert_eq!(state.loaded.as_ref().and_then(|l| l.id.as_deref()), Some("map-reduce"));
    assert_eq!(state.tasks.len(), state.loaded.as_ref().unwrap().summary.tasks as usize);
}

#[test]
fn the_speed_stays_among_the_choices() {
    let mut state = UiState::default();
    state.apply(UiAction::Speed(99));
    assert_eq!(state.speed, SPEEDS.len() - 1);
}

#[test]
fn a_tour_step_shows_its_text_and_keeps_the_answer_chosen_before_it_ran() {
    let mut session = Session::new();
    let mut state = UiState::default();
    let first = crate::scenario::builtins()[0].id;
    fold(&mut session, &mut state, ToEngine::LoadBuiltIn { id: first.into(), seed: None });
    let lesson = state.loaded.as_ref().unwrap().lesson.clone().expect("a scenario has a lesson");
    let asked = lesson.steps.iter().position(|s| s.question.is_some()).expect("the first lecture asks something");
    for _ in 0..asked {
        fold(&mut session, &mut state, ToEngine::NextTourStep);
    }
    let choice = lesson.steps[asked].question.as_ref().unwrap().choices.first().cloned().unwrap_or_default();
    state.apply(UiAction::Choose { step: asked, choice: choice.clone() });
    fold(&mut session, &mut state, ToEngine::NextTourStep);
    assert_eq!((state.tour.shown, state.tour.next), (Some(asked), asked + 1));
    assert!(state.tour.revealed.contains_key(&asked));
    // Once revealed, the answer cannot be changed.
    state.apply(UiAction::Choose { step: asked, choice: "something else".into() });
    assert_eq!(state.tour.chosen[&asked], choice);
}
