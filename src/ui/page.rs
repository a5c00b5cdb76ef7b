//! The whole page as a pure function of `UiState`: header, graph loader, graph summary and
//! the task being inspected. Commands go out through `send`.
//!
//! Holds no state of its own beyond what its children edit; never talks to the host directly.

use super::loader::GraphLoader;
use super::state::UiState;
use super::summary::GraphPanel;
use super::task::TaskPanel;
use crate::protocol::ToEngine;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PageProps {
    pub state: UiState,
    pub send: Callback<ToEngine>,
}

#[function_component]
pub fn Page(props: &PageProps) -> Html {
    let state = &props.state;
    let inspect = props.send.reform(|key| ToEngine::Inspect { key });
    let status = match &state.engine_version {
        Some(v) => format!("engine {v} ready"),
        None => "starting the engine…".to_string(),
    };
    html! {
        <div class="page">
            <header>
                <h1>{ "Tasklab" }</h1>
                <span id="host-status">{ status }</span>
            </header>
            <main>
                <section class="loader">
                    <GraphLoader send={props.send.clone()} />
                    if let Some(message) = &state.error {
                        <p id="error" role="alert">{ message }</p>
                    }
                </section>
                <section class="graph">
                    if let Some(summary) = &state.graph {
                        <GraphPanel summary={summary.clone()} inspect={inspect.clone()} />
                    } else {
                        <p class="hint">{ "Load a graph to see its shape." }</p>
                    }
                </section>
                <section class="task">
                    if let Some(task) = &state.task {
                        <TaskPanel task={task.clone()} {inspect} />
                    } else {
                        <p class="hint">{ "Click a key to inspect its task." }</p>
                    }
                </section>
            </main>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::Session;
    use crate::ui::SAMPLE_GRAPH;
    use expect_test::{expect, Expect};

    /// Renders the page with the server renderer and keeps what a reader sees: one line per
    /// block, table cells separated by `|`, no markup.
    fn check(state: UiState, expected: Expect) {
        let html = futures::executor::block_on(
            yew::ServerRenderer::<Page>::with_props(move || PageProps { state, send: Callback::noop() })
                .hydratable(false)
                .render(),
        );
        expected.assert_eq(&visible_text(&html));
    }

    fn visible_text(html: &str) -> String {
        let mut out = String::new();
        let mut rest = html;
        while let Some(open) = rest.find('<') {
            out.push_str(&rest[..open]);
            let close = open + rest[open..].find('>').expect("tags close");
            let tag = &rest[open + 1..close];
            let closing = tag.starts_with('/');
            let name = tag.trim_start_matches('/').split([' ', '/']).next().unwrap_or("");
            rest = &rest[close + 1..];
            match name {
                // What the student typed is theirs, not the page's text.
                "textarea" if !closing => {
                    out.push_str("\n[text area]\n");
                    rest = &rest[rest.find("</textarea>").expect("text areas close") + "</textarea>".len()..];
                }
                "td" | "th" if closing => out.push_str(" | "),
                "dt" if closing => out.push_str(": "),
                "h1" | "h2" | "h3" | "p" | "tr" | "li" | "dt" | "label" | "span" | "button" => out.push('\n'),
                _ => {}
            }
        }
        out.push_str(rest);
        let out = out.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        out.lines().map(|l| l.trim().trim_end_matches(" |")).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
    }

    /// The page after the host has answered these commands, in order.
    fn after(commands: Vec<ToEngine>) -> UiState {
        let mut session = Session::new();
        let mut state = UiState::default();
        for reply in commands.into_iter().flat_map(|c| session.on_message(c)) {
            state.apply(reply);
        }
        state
    }

    fn load_sample() -> ToEngine {
        ToEngine::LoadGraph { text: SAMPLE_GRAPH.into() }
    }

    #[test]
    fn before_the_host_answers_the_page_says_it_is_starting() {
        check(UiState::default(), expect![[r#"
            Tasklab
            starting the engine…
            A task graph (tasklab-graph/1)
            [text area]
            Load graph
            Load a graph to see its shape.
            Click a key to inspect its task."#]]);
    }

    #[test]
    fn a_loaded_graph_reads_as_counts_times_and_prefixes() {
        check(after(vec![load_sample()]), expect![[r#"
            Tasklab
            starting the engine…
            A task graph (tasklab-graph/1)
            [text area]
            Load graph
            The graph
            11 tasks, 10 dependencies, 4 root tasks
            critical path 17.0 ms · total work 63.0 ms · at most 3.7× faster than one thread
            prefix | tasks | work | results
            x | 4 | 20.0 ms | 30.52 MiB
            inc | 4 | 40.0 ms | 30.52 MiB
            add | 2 | 2.0 ms | 15.26 MiB
            total | 1 | 1.0 ms | 7.63 MiB
            Outputs
            total
            Click a key to inspect its task."#]]);
    }

    #[test]
    fn a_task_shows_its_spec_and_both_neighbourhoods() {
        let inspect = ToEngine::Inspect { key: "inc-2".into() };
        check(after(vec![load_sample(), inspect]), expect![[r#"
            Tasklab
            starting the engine…
            A task graph (tasklab-graph/1)
            [text area]
            Load graph
            The graph
            11 tasks, 10 dependencies, 4 root tasks
            critical path 17.0 ms · total work 63.0 ms · at most 3.7× faster than one thread
            prefix | tasks | work | results
            x | 4 | 20.0 ms | 30.52 MiB
            inc | 4 | 40.0 ms | 30.52 MiB
            add | 2 | 2.0 ms | 15.26 MiB
            total | 1 | 1.0 ms | 7.63 MiB
            Outputs
            total
            inc-2
            function: inc
            prefix: inc
            compute time: 10.0 ms
            result size: 7.63 MiB
            holds the GIL: yes
            Depends on
            x-2
            Needed by
            add-1"#]]);
    }

    #[test]
    fn a_refusal_is_shown_by_the_loader_and_unlisted_outputs_are_counted() {
        let fourteen = (0..14).map(|i| format!(r#"{{"key": "inc-{i}", "duration_us": 0}}"#)).collect::<Vec<_>>().join(", ");
        let text = format!(r#"{{"format": "tasklab-graph/1", "tasks": [{fourteen}]}}"#);
        let commands = vec![ToEngine::LoadGraph { text }, ToEngine::Inspect { key: "inc-99".into() }];
        check(after(commands), expect![[r#"
            Tasklab
            starting the engine…
            A task graph (tasklab-graph/1)
            [text area]
            Load graph
            no task has the key `inc-99`
            The graph
            14 tasks, 0 dependencies, 14 root tasks
            critical path 0 µs · total work 0 µs
            prefix | tasks | work | results
            inc | 14 | 0 µs | 14.00 kiB
            Outputs
            inc-0
            inc-1
            inc-2
            inc-3
            inc-4
            inc-5
            inc-6
            inc-7
            inc-8
            inc-9
            inc-10
            inc-11
            and 2 more
            Click a key to inspect its task."#]]);
    }
}
