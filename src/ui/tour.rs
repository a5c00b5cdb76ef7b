//! The guided tour: the scenario's title and summary, the step just reached (its text and
//! the answer to its question, with the student's choice), the next step's question with its
//! choices, and Next, which runs the next step's action.
//!
//! Renders the lesson the host sent and the tour's progress; the answers are the engine's.

use super::markdown;
use super::state::{TourProgress, UiAction};
use crate::protocol::{Lesson, ToEngine};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TourProps {
    pub lesson: Rc<Lesson>,
    pub progress: TourProgress,
    pub send: Callback<ToEngine>,
    pub act: Callback<UiAction>,
}

#[function_component]
pub fn Tour(props: &TourProps) -> Html {
    let l = &props.lesson;
    let p = &props.progress;
    let next = props.send.reform(|_: MouseEvent| ToEngine::NextTourStep);
    let over = p.next >= l.steps.len();
    let shown = p.shown.and_then(|i| l.steps.get(i).map(|s| (i, s)));
    let asked = l.steps.get(p.next).and_then(|s| s.question.as_ref()).map(|q| (p.next, q));
    html! {
        <>
            <h2 id="lesson-title">{ format!("Lecture {}: {}", l.lecture, l.title) }</h2>
            <p class="lesson-summary">{ &l.summary }</p>
            if !l.concepts.is_empty() {
                <p class="hint">{ format!("concepts {}", l.concepts.join(", ")) }</p>
            }
            if let Some((i, step)) = shown {
                <div id="tour-step" class="tour-step">
                    <h3>{ format!("Step {} of {}", i + 1, l.steps.len()) }</h3>
                    { markdown::render(&step.text) }
                    if let (Some(q), Some(r)) = (&step.question, p.revealed.get(&i)) {
                        <div id="revealed" class="revealed" role="status">
                            <p class="prompt">{ &q.prompt }</p>
                            { match p.chosen.get(&i) {
                                Some(c) if *c == r.answer => html! { <p class="right">{ format!("You answered {c}: right.") }</p> },
                                Some(c) => html! { <p class="wrong">{ format!("You answered {c}; the engine says {}.", r.answer) }</p> },
                                None => html! { <p>{ format!("The answer: {}.", r.answer) }</p> },
                            } }
                            <p class="reason">{ &r.reason }</p>
                        </div>
                    }
                </div>
            }
            if let Some((i, q)) = asked {
                <div id="question" class="question">
                    <p class="prompt">{ &q.prompt }</p>
                    <div class="choices" role="radiogroup" aria-label={q.prompt.clone()}>
                        { for q.choices.iter().map(|c| {
                            let choice = c.clone();
                            let onclick = props.act.reform(move |_: MouseEvent| UiAction::Choose { step: i, choice: choice.clone() });
                            let picked = p.chosen.get(&i) == Some(c);
                            html! { <button class={classes!("choice", picked.then_some("picked"))} role="radio" aria-checked={picked.to_string()} {onclick}>{ c }</button> }
                        }) }
                    </div>
                    <p class="hint">{ "Choose, then Next runs the step and shows the engine's answer." }</p>
                </div>
            }
            <button id="tour-next" onclick={next} disabled={over}>
                { if over { "The tour is over".to_string() } else if p.shown.is_none() { "Start the tour".to_string() } else { format!("Next: step {}", p.next + 1) } }
            </button>
        </>
    }
}
