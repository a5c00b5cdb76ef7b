//! The page rendered natively by Yew's server renderer, after real host replies: what a
//! student reads at each moment.

use super::*;
use crate::host::Session;
use crate::protocol::{FaultDto, FromEngine};
use expect_test::{expect, Expect};

/// Renders the page and keeps what a reader sees: one line per block, table cells separated
/// by `|`, no markup.
fn render(state: UiState) -> String {
    visible_text(&markup(state))
}

fn markup(state: UiState) -> String {
    futures::executor::block_on(
        yew::LocalServerRenderer::<Page>::with_props(PageProps { state, send: Callback::noop(), act: Callback::noop(), open_file: Callback::noop() })
            .hydratable(false)
            .render(),
    )
}

fn check(state: UiState, expected: Expect) {
    expected.assert_eq(&render(state));
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
            // What the student typed is theirs, not the page's text; the drawing is checked apart.
            "textarea" if !closing => {
                out.push_str("\n[text area]\n");
                rest = &rest[rest.find("</textarea>").expect("text areas close") + "</textarea>".len()..];
            }
            "svg" if !closing && tag.contains("graph-svg") => {
                out.push_str("\n[graph]\n");
                rest = &rest[rest.find("</svg>").expect("drawings close") + "</svg>".len()..];
            }
            "select" if !closing => {
                out.push_str("\n[choice]\n");
                rest = &rest[rest.find("</select>").expect("choices close") + "</select>".len()..];
            }
            "td" | "th" if closing => out.push_str(" | "),
            "dt" if closing => out.push_str(": "),
            "h1" | "h2" | "h3" | "p" | "tr" | "li" | "dt" | "label" | "span" | "button" | "div" => out.push('\n'),
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
        state.apply(UiAction::Engine(reply));
    }
    state
}

fn open(id: &str) -> ToEngine {
    ToEngine::LoadBuiltIn { id: id.into(), seed: Some(1) }
}

/// The block of the page that starts at the line `from` and ends before the line `to`.
fn part(text: &str, from: &str, to: &str) -> String {
    let start = text.find(from).unwrap_or_else(|| panic!("no `{from}` in:\n{text}"));
    let end = text[start..].find(to).map_or(text.len(), |e| start + e);
    text[start..end].trim_end().to_string()
}

#[test]
fn before_the_host_answers_the_page_says_it_is_starting() {
    check(UiState::default(), expect![[r#"
        Tasklab
        starting the engine…
        single-threaded
        Share
        ?
        graph
        [choice]
        seed
        Open
        array
        Compute
        A task graph (tasklab-graph/1): paste, pick or drop a file
        [text area]
        Load graph"#]]);
}

#[test]
fn a_loaded_graph_shows_the_timeline_at_zero_and_every_task_released() {
    check(after(vec![ToEngine::Hello, open("inc-add")]), expect![[r#"
        Tasklab
        engine 0.1.0 ready
        single-threaded
        Share
        ?
        |◀◀
        ◀
        ▶
        ▶|
        ▶▶|
        speed
        [choice]
        t = 0 µs of 190.6 ms · event 0 of 62
        released 11
        waiting 0
        no-worker 0
        queued 0
        processing 0
        memory 0
        erred 0
        +
        −
        fit
        [graph]
        Why?
        Click a task in the graph to see its story and why it went where it did.
        Task stream
        Task stream: 0 bars on 0 rows, from 0 µs to 0 µs
        0 µs
        1 µs
        One row per worker thread and one for each worker's transfers; white gaps are idle threads.
        transfer
        disk read
        ended without a result
        Memory per worker
        Memory per worker until 0 µs:
        Memory of each worker over time, against the lines of its memory limit.
        managed (results in memory)
        process
        spilled to disk
        target and spill lines
        pause and terminate lines
        Progress
        Progress by prefix: x 0 of 4 done; inc 0 of 4 done; add 0 of 2 done; total 0 of 1 done
        total
        add
        inc
        x
        0 / 4
        0 / 4
        0 / 2
        0 / 1
        Each bar is one key prefix; the number beside it is done / total.
        prefix colour: in memory (solid), done and released (lighter), forgotten (faint)
        erred
        processing
        queued
        no worker
        waiting
        Workers
        No worker has joined yet.
        Transfers
        no data moving now
        Transition log
        0 lines; the newest 0 matching shown; click a line to go to its moment
        Faults and settings
        Applied now; what happened after this moment is computed again.
        worker
        [choice]
        kill
        hang
        retire
        slow link ×10
        memory limit (MiB)
        set
        function
        make it raise
        make it kill its worker
        threads
        add a worker
        work stealing
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
        graph
        [choice]
        seed
        Open
        array
        Compute
        A task graph (tasklab-graph/1): paste, pick or drop a file
        [text area]
        Load graph"#]]);
}

#[test]
fn mid_run_the_workers_show_what_they_run_and_hold() {
    let text = render(after(vec![open("inc-add"), ToEngine::Seek { position: 30 }]));
    expect![[r#"
        Workers
        a
        running
        0 of 2 threads busy · 0 processing · 0 queued
        memory 15.26 MiB of no limit · spilled 0 B · 2 keys
        b
        running
        0 of 2 threads busy · 1 processing · 0 queued
        memory 15.26 MiB of no limit · spilled 0 B · 2 keys
        c
        running
        0 of 2 threads busy · 1 processing · 0 queued
        memory 15.26 MiB of no limit · spilled 0 B · 2 keys
        d
        running
        0 of 2 threads busy · 1 processing · 0 queued
        memory 15.26 MiB of no limit · spilled 0 B · 2 keys
        Transfers
        no data moving now"#]].assert_eq(&part(&text, "Workers", "Transition log"));
}

#[test]
fn the_why_panel_reads_a_decision_in_plain_words() {
    let state = after(vec![open("inc-add"), ToEngine::Seek { position: 80 }, ToEngine::Select { key: "add-1".into() }]);
    expect![[r#"
        add-1
        now released
        function: add
        compute time: 1.0 ms
        result size: 7.63 MiB
        holds the GIL: no
        Depends on
        inc-2
        inc-3
        Needed by
        total
        Its story
        1.0 ms
        add-1: released → waiting
        20.6 ms
        add-1: sent to a
        20.6 ms
        add-1: waiting → processing
        102.8 ms
        a: started add-1 on thread 0
        103.8 ms
        a: finished add-1
        104.8 ms
        task-finished add-1 on a
        104.8 ms
        add-1: processing → memory
        189.4 ms
        add-1: memory → released
        190.6 ms
        a: released add-1
        Decision at 20.6 ms: sent to a
        only workers holding an input are candidates; earliest expected start wins, then fewest bytes stored
        sent to a: moves 7.63 MiB, about 0.08 s, could start in 0.08 s; b would have moved 7.63 MiB, about 0.08 s, could start in 0.08 s; c left out (holds-no-input); d left out (holds-no-input)
        worker | to move | transfer | busy for | could start | stored | 
        a | 7.63 MiB | 0.08 s | 0.00 s | 0.08 s | 7.63 MiB | chosen
        b | 7.63 MiB | 0.08 s | 0.00 s | 0.08 s | 7.63 MiB | 
        c | 15.26 MiB | 0.16 s | 0.01 s | 0.17 s | 7.63 MiB | left out: holds-no-input
        d | 15.26 MiB | 0.16 s | 0.01 s | 0.17 s | 7.63 MiB | left out: holds-no-input"#]].assert_eq(&part(&render(state), "add-1", "Task stream"));
}

#[test]
fn a_killed_worker_reads_dead_and_the_log_says_so() {
    let state = after(vec![
        open("inc-add"),
        ToEngine::Seek { position: 20 },
        ToEngine::Inject { fault: FaultDto::KillWorker { worker: "a".into() } },
        ToEngine::Step { n: 2 },
    ]);
    let text = render(state);
    expect![[r#"
        Workers
        a
        restarting
        0 of 2 threads busy · 1 processing · 0 queued
        memory 0 B of no limit · spilled 0 B · 0 keys
        b
        running
        0 of 2 threads busy · 1 processing · 0 queued
        memory 7.63 MiB of no limit · spilled 0 B · 1 key
        c
        running
        0 of 2 threads busy · 1 processing · 0 queued
        memory 7.63 MiB of no limit · spilled 0 B · 1 key
        d
        running
        0 of 2 threads busy · 1 processing · 0 queued
        memory 7.63 MiB of no limit · spilled 0 B · 1 key"#]].assert_eq(&part(&text, "Workers", "Transfers"));
    assert!(text.contains("client: fault: kill worker a"), "{text}");
}

#[test]
fn a_refusal_is_shown_and_the_run_stays() {
    let state = after(vec![open("inc-add"), ToEngine::Step { n: 5 }, ToEngine::LoadGraph { text: "{".into(), seed: 1 }]);
    let text = render(state);
    expect![[r#"
        Tasklab
        starting the engine…
        single-threaded
        Share
        ?
        |◀◀
        ◀
        ▶
        ▶|
        ▶▶|
        speed
        [choice]
        t = 0 µs of 190.6 ms · event 5 of 62
        this graph cannot be loaded: line 1, column 1: EOF while parsing an object
        released 11
        waiting 0
        no-worker 0
        queued 0
        processing 0
        memory 0
        erred 0
        +
        −
        fit
        [graph]
        Why?
        Click a task in the graph to see its story and why it went where it did.
        Task stream
        Task stream: 0 bars on 12 rows, from 0 µs to 0 µs
        d transfers
        d thread 1
        d thread 0
        c transfers
        c thread 1
        c thread 0
        b transfers
        b thread 1
        b thread 0
        a transfers
        a thread 1
        a thread 0
        0 µs
        1 µs
        One row per worker thread and one for each worker's transfers; white gaps are idle threads.
        transfer
        disk read
        ended without a result
        Memory per worker
        Memory per worker until 0 µs: a peaked at 0 B (no limit); b peaked at 0 B (no limit); c peaked at 0 B (no limit); d peaked at 0 B (no limit)
        a
        0 B
        1 B
        0 µs
        1 µs
        b
        0 B
        1 B
        0 µs
        1 µs
        c
        0 B
        1 B
        0 µs
        1 µs
        d
        0 B
        1 B
        0 µs
        1 µs
        Memory of each worker over time, against the lines of its memory limit.
        managed (results in memory)
        process
        spilled to disk
        target and spill lines
        pause and terminate lines
        Progress
        Progress by prefix: x 0 of 4 done; inc 0 of 4 done; add 0 of 2 done; total 0 of 1 done
        total
        add
        inc
        x
        0 / 4
        0 / 4
        0 / 2
        0 / 1
        Each bar is one key prefix; the number beside it is done / total.
        prefix colour: in memory (solid), done and released (lighter), forgotten (faint)
        erred
        processing
        queued
        no worker
        waiting
        Workers
        a
        running
        0 of 2 threads busy · 0 processing · 0 queued
        memory 0 B of no limit · spilled 0 B · 0 keys
        b
        running
        0 of 2 threads busy · 0 processing · 0 queued
        memory 0 B of no limit · spilled 0 B · 0 keys
        c
        running
        0 of 2 threads busy · 0 processing · 0 queued
        memory 0 B of no limit · spilled 0 B · 0 keys
        d
        running
        0 of 2 threads busy · 0 processing · 0 queued
        memory 0 B of no limit · spilled 0 B · 0 keys
        Transfers
        no data moving now
        Transition log
        10 lines; the newest 10 matching shown; click a line to go to its moment
        0 µs
        client: future total is pending
        0 µs
        client: submitted 11 tasks
        0 µs
        worker d joined
        0 µs
        d: joined with 2 threads
        0 µs
        worker c joined
        0 µs
        c: joined with 2 threads
        0 µs
        worker b joined
        0 µs
        b: joined with 2 threads
        0 µs
        worker a joined
        0 µs
        a: joined with 2 threads"#]].assert_eq(&part(&text, "Tasklab", "Faults"));
}

#[test]
fn a_value_reads_as_its_numbers() {
    let mut session = Session::new();
    let mut state = UiState::default();
    for r in session.on_message(ToEngine::LoadArray { code: "da.arange(6, chunks=6).reshape((2, 3))".into(), seed: 1 }) {
        state.apply(UiAction::Engine(r));
    }
    let key = state.loaded.as_ref().unwrap().summary.outputs[0].clone();
    for c in [ToEngine::Seek { position: state.end_position }, ToEngine::Select { key: key.clone() }, ToEngine::Value { key }] {
        for r in session.on_message(c) {
            state.apply(UiAction::Engine(r));
        }
    }
    expect![[r#"
        Value
        ('reshape-3af425d2', 0, 0)
        array of shape (2, 3)
        | 0 | 1 | 2
        0 | 0.0 | 1.0 | 2.0
        1 | 3.0 | 4.0 | 5.0"#]].assert_eq(&part(&render(state), "Value", "Its story"));
}

#[test]
fn the_help_lists_every_shortcut() {
    let mut state = after(vec![open("inc-add")]);
    state.apply(UiAction::Help(true));
    expect![[r#"
        Keyboard shortcuts
        space | play or pause
        → | one event forward
        shift → | ten events forward
        ← | one event back
        shift ← | ten events back
        Home | back to the start
        End | to the end
        [ | slower
        ] | faster
        k | kill the worker chosen under Faults
        t | save the trace (tasklab-trace/1)
        g | save the graph view as SVG
        p | save the graph view as PNG
        + | zoom the graph in (or the wheel)
        - | zoom the graph out
        0 | fit the whole graph in view
        s | share this run as a link
        m | time a chunked sum on the compute threads
        ? | show or hide this help
        Esc | close this help"#]].assert_eq(&part(&render(state), "Keyboard shortcuts", "Close"));
}

#[test]
fn the_header_says_where_chunk_kernels_run_and_why() {
    use crate::ui::compute::compute_mode;
    let mut state = after(vec![open("inc-add")]);
    let html = markup(state.clone());
    assert!(html.contains(&compute_mode(false, None)), "{html}");
    assert!(render(state.clone()).lines().any(|l| l == "single-threaded"));
    state.apply(UiAction::Isolated(true));
    assert!(markup(state.clone()).contains("cross-origin isolated, but this build has no threaded host"));
    assert!(render(state.clone()).lines().any(|l| l == "single-threaded"), "isolation alone starts no threads");
    // The threaded host's hello names its pool.
    let mut hello = Session::new().on_message(ToEngine::Hello);
    let Some(FromEngine::Hello { threads, .. }) = hello.first_mut() else { panic!("{hello:?}") };
    *threads = Some(2);
    state.apply(UiAction::Engine(hello.remove(0)));
    assert!(render(state.clone()).lines().any(|l| l == "2 threads"));
    assert!(markup(state).contains("pool of 2 Web Worker threads"));
}

#[test]
fn the_compute_badge_shows_the_hosts_timing_of_a_chunked_sum() {
    let mut state = after(vec![open("inc-add")]);
    state.apply(UiAction::Measuring);
    assert!(render(state.clone()).contains("timing a 4096 × 4096 sum"));
    let speed = crate::protocol::ComputeSpeed { side: 4096, chunk: 512, plain_ms: 10.64, chunked_ms: 13.1, pool: Some((2, 6.62)), agree: true };
    state.apply(UiAction::Engine(FromEngine::ComputeSpeed(speed)));
    let text = render(state);
    assert!(text.contains("4096² sum in 512² chunks: plain 10.6 ms · chunked 13.1 ms · on 2 threads 6.6 ms"), "{text}");
}

#[test]
fn share_shows_the_link_to_this_run_or_why_there_is_none() {
    let mut state = after(vec![open("inc-add")]);
    assert!(!markup(state.clone()).contains("share-box"), "the Share box waits for the student");
    state.apply(UiAction::Share(true));
    let link = "http://tasklab.test/#scenario=q1YqSs1JzSspUbJSKEotSczJUagGAA&seed=1&pos=0";
    state.apply(UiAction::Link(Ok(link.into())));
    let html = markup(state.clone());
    assert!(html.contains(&format!("value=\"{}\"", link.replace('&', "&amp;"))), "the box holds the link to copy");
    assert!(render(state.clone()).contains("The link to this run:"));
    state.apply(UiAction::Link(Err(crate::host::share::encode(&"#".repeat(crate::host::share::MAX_TEXT + 1)).unwrap_err())));
    let shown = render(state.clone());
    assert!(shown.contains("this scenario is too long to share in a link"), "{shown}");
    assert!(!markup(state.clone()).contains("share-link"));
    state.apply(UiAction::Share(false));
    assert!(!markup(state).contains("share-box"));
}

#[test]
fn a_lecture_opens_with_its_tour_and_a_question_waits_for_an_answer() {
    let first = crate::host::first_lesson();
    let mut session = Session::new();
    let mut state = UiState::default();
    for c in [ToEngine::Hello, open(first)] {
        for r in session.on_message(c) {
            state.apply(UiAction::Engine(r));
        }
    }
    let lesson = state.loaded.as_ref().unwrap().lesson.clone().unwrap();
    let asked = lesson.steps.iter().position(|s| s.question.is_some()).unwrap();
    for _ in 0..asked {
        for r in session.on_message(ToEngine::NextTourStep) {
            state.apply(UiAction::Engine(r));
        }
    }
    let text = render(state.clone());
    assert!(text.contains(&format!("Lecture {}: {}", lesson.lecture, lesson.title)), "{text}");
    let question = part(&text, &lesson.steps[asked].question.as_ref().unwrap().prompt, "Choose, then Next");
    for choice in &lesson.steps[asked].question.as_ref().unwrap().choices {
        assert!(question.contains(choice.as_str()), "{question}");
    }
    let choice = lesson.steps[asked].question.as_ref().unwrap().choices[0].clone();
    state.apply(UiAction::Choose { step: asked, choice: choice.clone() });
    for r in session.on_message(ToEngine::NextTourStep) {
        state.apply(UiAction::Engine(r));
    }
    let text = render(state.clone());
    let answer = &state.tour.revealed[&asked].answer;
    let said = if *answer == choice { format!("You answered {choice}: right.") } else { format!("You answered {choice}; the engine says {answer}.") };
    assert!(text.contains(&said), "{text}");
    assert!(text.contains(&state.tour.revealed[&asked].reason), "{text}");
}
