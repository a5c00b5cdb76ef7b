//! The session as the page drives it: loading, stepping, stepping back, faults, the "why"
//! panel, values and the trace, all natively.

use super::*;
use crate::protocol::values::ValueView;
use crate::protocol::{FaultDto, Frame, GraphSummary, StateCode, TaskDetail, Why};
use std::collections::BTreeMap;

const INC_ADD: &str = include_str!("../../www/graphs/inc-add.json");

fn only(mut replies: Vec<FromEngine>) -> FromEngine {
    assert_eq!(replies.len(), 1, "{replies:?}");
    replies.remove(0)
}

fn load(session: &mut Session, text: &str) -> (GraphSummary, Frame) {
    let mut replies = session.on_message(ToEngine::LoadGraph { text: text.to_string(), seed: 1 });
    assert_eq!(replies.len(), 3, "{replies:?}");
    assert!(matches!(replies[2], FromEngine::Charts { .. }));
    let FromEngine::Frame(frame) = replies.remove(1) else { panic!("expected the first frame") };
    match replies.remove(0) {
        FromEngine::Loaded { summary, .. } => (summary, frame),
        other => panic!("expected a loaded graph, got {other:?}"),
    }
}

/// The frame a command moves to; the charts follow it.
fn frame(session: &mut Session, msg: ToEngine) -> Frame {
    let mut replies = session.on_message(msg);
    match (replies.len(), replies.remove(0)) {
        (2, FromEngine::Frame(f)) => f,
        other => panic!("expected a frame and the charts, got {other:?} {replies:?}"),
    }
}

fn select(session: &mut Session, key: &str) -> (TaskDetail, Why) {
    let mut replies = session.on_message(ToEngine::Select { key: key.to_string() });
    match (replies.remove(0), replies.remove(0)) {
        (FromEngine::Task(t), FromEngine::Why(w)) => (t, w),
        other => panic!("expected a task and its story, got {other:?}"),
    }
}

/// What the page would hold after applying these frames: each task's state and worker.
fn fold(frames: &[Frame]) -> BTreeMap<u32, (StateCode, Option<u32>)> {
    let mut held = BTreeMap::new();
    for f in frames {
        if f.reset {
            held.clear();
        }
        for c in &f.changes {
            held.insert(c.task, (c.state, c.worker));
        }
    }
    held
}

#[test]
fn the_host_says_hello_with_its_version_and_its_graphs() {
    let reply = only(Session::new().on_message(ToEngine::Hello));
    let FromEngine::Hello { version, catalog, graphs, threads } = reply else { panic!("{reply:?}") };
    assert_eq!(version, env!("CARGO_PKG_VERSION"));
    assert_eq!(graphs, ["inc-add", "map-reduce"]);
    // Every built-in scenario, in course order, with what it is about.
    assert_eq!(catalog.len(), crate::scenario::builtins().len());
    assert!(catalog.windows(2).all(|w| w[0].lecture <= w[1].lecture));
    assert!(catalog.iter().all(|c| !c.title.is_empty() && !c.summary.is_empty()));
    // Natively with `parallel`, rayon's pool; without, the host's one thread.
    assert_eq!(threads.is_some(), cfg!(feature = "parallel"));
}

#[test]
fn the_sample_graph_is_summed_up_as_a_student_would_count_it() {
    // Four loads (5 ms) each feed an inc (10 ms); two adds (1 ms) pair the incs; `total`
    // (1 ms) adds the pairs. One path is load → inc → add → total.
    let (s, _) = load(&mut Session::new(), INC_ADD);
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
    let (s, _) = load(&mut Session::new(), &text);
    assert_eq!(s.output_count, 40);
    assert_eq!(s.outputs.len(), describe::OUTPUTS_LISTED);
    assert_eq!(s.outputs[0], "inc-0");
}

#[test]
fn a_loaded_run_starts_with_every_task_released_and_four_workers() {
    let (_, first) = load(&mut Session::new(), INC_ADD);
    assert!(first.reset);
    assert_eq!((first.position, first.time_us), (0, 0));
    assert_eq!(first.changes.len(), 11);
    assert!(first.changes.iter().all(|c| c.state == StateCode::Released && c.worker.is_none()));
    assert!(first.end_position > 0 && first.end_time_us >= 17_000, "{first:?}");
    assert!(first.workers.is_empty(), "no worker has joined before the first event");
}

#[test]
fn playing_to_the_end_puts_the_output_in_memory_and_every_line_is_logged_once() {
    let mut session = Session::new();
    let (_, first) = load(&mut session, INC_ADD);
    let mut frames = vec![first.clone()];
    let mut lines = 0;
    while frames.last().unwrap().position < first.end_position {
        let f = frame(&mut session, ToEngine::Step { n: 7 });
        assert_eq!(f.log_from as usize, lines, "the page keeps every line it had");
        lines += f.log.len();
        frames.push(f);
    }
    let last = frames.last().unwrap();
    assert_eq!((last.position, last.time_us), (first.end_position, first.end_time_us));
    let held = fold(&frames);
    assert_eq!(held[&10].0, StateCode::Memory, "`total` is the last task and the client wants it");
    assert_eq!(last.workers.iter().map(|w| w.name.as_str()).collect::<Vec<_>>(), ["a", "b", "c", "d"]);
    assert!(last.workers.iter().all(|w| w.status == "running" && w.running.is_empty()));
    // A step past the end changes nothing.
    let again = frame(&mut session, ToEngine::Step { n: 1 });
    assert_eq!((again.position, again.changes.len(), again.log.len()), (last.position, 0, 0));
}

#[test]
fn stepping_back_shows_exactly_the_earlier_moment() {
    let mut session = Session::new();
    let (_, first) = load(&mut session, INC_ADD);
    let at_20 = frame(&mut session, ToEngine::Seek { position: 20 });
    let mut frames = vec![first.clone(), at_20.clone()];
    let held_at_20 = fold(&frames);
    frames.push(frame(&mut session, ToEngine::Step { n: 30 }));
    let back = frame(&mut session, ToEngine::Back { n: 30 });
    assert_eq!((back.position, back.time_us), (20, at_20.time_us));
    assert_eq!(back.workers, at_20.workers);
    frames.push(back.clone());
    assert_eq!(fold(&frames), held_at_20);
    // The page drops the lines after the earlier moment.
    let lines_at_20 = at_20.log_from as usize + at_20.log.len();
    assert_eq!((back.log_from as usize, back.log.len()), (lines_at_20, 0));
}

#[test]
fn the_scrubber_seeks_simulated_time_to_the_same_moment_from_either_side() {
    let mut session = Session::new();
    let (_, first) = load(&mut session, INC_ADD);
    let half = first.end_time_us / 2;
    let forward = frame(&mut session, ToEngine::SeekTime { us: half });
    // The first event at or after that time: the one before it is earlier.
    assert!(forward.time_us >= half && forward.position > 0, "{} µs at {}", forward.time_us, forward.position);
    let one_back = frame(&mut session, ToEngine::Back { n: 1 });
    assert!(one_back.time_us < half);
    frame(&mut session, ToEngine::Seek { position: first.end_position });
    let backward = frame(&mut session, ToEngine::SeekTime { us: half });
    assert_eq!((backward.position, backward.time_us), (forward.position, forward.time_us));
    assert_eq!(frame(&mut session, ToEngine::SeekTime { us: 0 }).position, 0);
    let past = frame(&mut session, ToEngine::SeekTime { us: u64::MAX });
    assert_eq!((past.position, past.time_us), (first.end_position, first.end_time_us));
}

#[test]
fn every_log_line_jumps_to_a_moment_that_already_shows_it() {
    let mut session = Session::new();
    let (_, first) = load(&mut session, INC_ADD);
    let end = frame(&mut session, ToEngine::Seek { position: first.end_position });
    let finished = end.log.iter().find(|l| l.kind == "transition" && l.text == "total: processing → memory").expect("total finishes");
    assert_eq!(finished.task.as_deref(), Some("total"));
    let there = frame(&mut session, ToEngine::Seek { position: finished.position });
    let before = frame(&mut session, ToEngine::Back { n: 1 });
    assert!(there.log_from as usize + there.log.len() > before.log_from as usize);
    assert_eq!(before.changes.iter().find(|c| c.task == 10).map(|c| c.state), Some(StateCode::Processing));
}

#[test]
fn a_killed_worker_loses_its_tasks_to_the_others_and_the_run_still_finishes() {
    let mut session = Session::new();
    let (_, first) = load(&mut session, INC_ADD);
    // Run until some task is processing on worker `a`.
    let mut frames = vec![first];
    loop {
        frames.push(frame(&mut session, ToEngine::Step { n: 1 }));
        let held = fold(&frames);
        if held.values().any(|&(s, w)| s == StateCode::Processing && w == Some(0)) {
            break;
        }
    }
    let killed = frame(&mut session, ToEngine::Inject { fault: FaultDto::KillWorker { worker: "a".into() } });
    // Applied at this moment: the frame already shows it.
    assert_eq!(killed.position, frames.last().unwrap().position + 1);
    assert!(killed.log.iter().any(|l| l.text == "client: fault: kill worker a"), "{:?}", killed.log);
    assert!(killed.log.iter().any(|l| l.text == "a: died: killed"), "{:?}", killed.log);
    assert_ne!(killed.workers[0].status, "running");
    frames.push(killed.clone());
    let end = frame(&mut session, ToEngine::Seek { position: killed.end_position });
    assert_eq!(end.workers[0].status, "dead", "{:?}", end.workers[0]);
    assert!(end.workers.len() == 5 && end.workers[4].name == "a", "the nanny restarted `a`: {:?}", end.workers);
    frames.push(end);
    let held = fold(&frames);
    assert_eq!(held[&10].0, StateCode::Memory);
    assert!(held.values().all(|&(_, w)| w != Some(0)), "nothing is left on the dead worker: {held:?}");
}

#[test]
fn a_fault_on_a_worker_that_does_not_exist_is_refused() {
    let mut session = Session::new();
    load(&mut session, INC_ADD);
    frame(&mut session, ToEngine::Step { n: 10 });
    let reply = only(session.on_message(ToEngine::Inject { fault: FaultDto::KillWorker { worker: "z".into() } }));
    assert_eq!(reply, FromEngine::Refused { message: "no running worker is named `z`".into() });
    let reply = only(session.on_message(ToEngine::Inject { fault: FaultDto::BreakFunction { func: "nope".into(), kills_worker: false } }));
    assert_eq!(reply, FromEngine::Refused { message: "no task runs a function named `nope`".into() });
}

#[test]
fn a_broken_function_makes_its_tasks_err() {
    let mut session = Session::new();
    load(&mut session, INC_ADD);
    let f = frame(&mut session, ToEngine::Inject { fault: FaultDto::BreakFunction { func: "add".into(), kills_worker: false } });
    let end = frame(&mut session, ToEngine::Seek { position: f.end_position });
    // The first `add` to fail takes `total` down with it; nothing else is wanted.
    assert!(end.log.iter().any(|l| l.text.starts_with("add-") && l.text.ends_with(": processing → erred")), "{:?}", end.log);
    let (_, why) = select(&mut session, "total");
    assert_eq!(why.state, StateCode::Erred, "{why:?}");
}

#[test]
fn the_why_panel_tells_a_dependents_placement_by_its_input() {
    let mut session = Session::new();
    let (_, first) = load(&mut session, INC_ADD);
    frame(&mut session, ToEngine::Seek { position: first.end_position });
    let (task, why) = select(&mut session, "inc-2");
    assert_eq!(task.dependencies, ["x-2"]);
    // `add-1` has its result now, so the scheduler let `inc-2`'s go.
    assert_eq!(why.state, StateCode::Released);
    let d = &why.decisions[0];
    let chosen: Vec<_> = d.candidates.iter().filter(|c| c.chosen).collect();
    assert_eq!(chosen.len(), 1);
    // Its input lives where it runs: nothing to move.
    assert_eq!(chosen[0].transfer_bytes, 0);
    assert!(d.summary.starts_with(&format!("{}: moves 0 B", d.outcome)), "{}", d.summary);
    assert!(why.story.iter().any(|l| l.text == "inc-2: processing → memory"));
    assert!(why.story.iter().all(|l| l.task.as_deref() == Some("inc-2")));
}

#[test]
fn walking_from_the_output_back_to_a_root() {
    let mut session = Session::new();
    load(&mut session, INC_ADD);
    let (total, _) = select(&mut session, "total");
    assert_eq!(total.dependencies, ["add-0", "add-1"]);
    assert!(total.dependents.is_empty());
    let FromEngine::Task(inc) = only(session.on_message(ToEngine::Inspect { key: "inc-2".into() })) else { panic!() };
    assert_eq!(
        inc,
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
fn a_broken_graph_is_refused_with_its_place_and_the_old_run_stays() {
    let mut session = Session::new();
    load(&mut session, INC_ADD);
    frame(&mut session, ToEngine::Step { n: 12 });
    let reply = only(session.on_message(ToEngine::LoadGraph { text: "{\"format\": \"tasklab-graph/1\",\n \"tasks\": [}".into(), seed: 1 }));
    let FromEngine::Refused { message } = reply else { panic!("expected a refusal, got {reply:?}") };
    assert!(message.contains("line 2, column"), "{message}");
    assert_eq!(frame(&mut session, ToEngine::Step { n: 0 }).position, 12);
}

#[test]
fn commands_need_a_graph_and_a_known_key() {
    let mut session = Session::new();
    let none = FromEngine::Refused { message: "no graph is loaded yet".into() };
    assert_eq!(only(session.on_message(ToEngine::Select { key: "total".into() })), none);
    assert_eq!(only(session.on_message(ToEngine::Step { n: 1 })), none);
    load(&mut session, INC_ADD);
    assert_eq!(only(session.on_message(ToEngine::Select { key: "tota".into() })), FromEngine::Refused { message: "no task has the key `tota`".into() });
}

#[test]
fn a_value_is_readable_only_while_it_is_held() {
    let mut session = Session::new();
    let replies = session.on_message(ToEngine::LoadArray { code: "da.arange(16, chunks=4).reshape((4, 4))".into(), seed: 1 });
    let (FromEngine::Loaded { summary, .. }, FromEngine::Frame(first)) = (&replies[0], &replies[1]) else { panic!("{replies:?}") };
    let key = summary.outputs[0].clone();
    let reply = only(session.on_message(ToEngine::Value { key: key.clone() }));
    let FromEngine::Refused { message } = reply else { panic!("{reply:?}") };
    assert!(message.starts_with(&format!("`{key}` has no value yet: it is ")), "{message}");
    frame(&mut session, ToEngine::Seek { position: first.end_position });
    let FromEngine::Value(v) = only(session.on_message(ToEngine::Value { key: key.clone() })) else { panic!() };
    assert_eq!(v.key, key);
    let ValueView::Array { shape, table } = &v.value else { panic!("{v:?}") };
    let cells: Vec<f64> = table.cells.iter().flatten().copied().collect();
    assert_eq!(cells.len(), shape.iter().product::<usize>(), "a small chunk is sent whole: {v:?}");
    assert!(cells.iter().all(|x| (0.0..16.0).contains(x)), "{v:?}");
}

#[test]
fn a_built_in_graph_loads_by_name_and_an_unknown_one_is_refused() {
    let mut session = Session::new();
    let replies = session.on_message(ToEngine::LoadBuiltIn { id: "map-reduce".into(), seed: Some(3) });
    let FromEngine::Loaded { id, seed, lesson, .. } = &replies[0] else { panic!("{replies:?}") };
    assert_eq!((id.as_deref(), *seed, lesson), (Some("map-reduce"), 3, &None));
    let reply = only(session.on_message(ToEngine::LoadBuiltIn { id: "nope".into(), seed: Some(3) }));
    assert_eq!(reply, FromEngine::Refused { message: "no built-in scenario or graph is called `nope`".into() });
}

#[test]
fn the_exported_trace_is_the_engines_own_format() {
    let mut session = Session::new();
    load(&mut session, INC_ADD);
    frame(&mut session, ToEngine::Step { n: 40 });
    let FromEngine::Trace { text } = only(session.on_message(ToEngine::ExportTrace)) else { panic!() };
    assert!(text.starts_with("{\"format\":\"tasklab-trace/1\",\"tasks\":11}\n"));
    assert!(text.lines().count() > 10);
}

#[test]
fn a_big_graph_is_drawn_by_groups_and_a_group_opens_on_demand() {
    let tasks: Vec<String> = (0..3100).map(|i| format!(r#"{{"key": "('inc-ab', {i})"}}"#)).collect();
    let text = format!(r#"{{"format": "tasklab-graph/1", "tasks": [{}]}}"#, tasks.join(","));
    let mut session = Session::new();
    let replies = session.on_message(ToEngine::LoadGraph { text, seed: 1 });
    let FromEngine::Loaded { view, .. } = &replies[0] else { panic!() };
    assert!(view.grouped);
    assert_eq!(view.nodes.len(), 1);
    assert_eq!((view.nodes[0].tasks, view.nodes[0].group), (3100, true));
    let FromEngine::Redrawn(open) = only(session.on_message(ToEngine::ToggleGroup { label: view.nodes[0].label.clone() })) else { panic!() };
    assert_eq!(open.nodes.len(), 3100);
    assert_eq!(open.node_of_task[17], 17);
    let FromEngine::Redrawn(folded) = only(session.on_message(ToEngine::ToggleGroup { label: "('inc-ab', 5)".into() })) else { panic!() };
    assert_eq!(folded.nodes.len(), 1);
}

#[test]
fn a_lecture_scenario_loads_with_its_tour_and_its_questions_are_answered_by_the_engine() {
    let mut session = Session::new();
    let first = crate::scenario::builtins()[0].id;
    let replies = session.on_message(ToEngine::LoadBuiltIn { id: first.into(), seed: None });
    let FromEngine::Loaded { id, lesson: Some(lesson), .. } = &replies[0] else { panic!("{replies:?}") };
    assert_eq!(id.as_deref(), Some(first));
    assert!(!lesson.steps.is_empty());
    let mut revealed = 0;
    for i in 0..lesson.steps.len() {
        let replies = session.on_message(ToEngine::NextTourStep);
        let FromEngine::Tour(reached) = replies.last().unwrap() else { panic!("{replies:?}") };
        assert_eq!(reached.step as usize, i);
        assert_eq!(reached.revealed.is_some(), lesson.steps[i].question.is_some());
        if let (Some(r), Some(q)) = (&reached.revealed, &lesson.steps[i].question) {
            assert!(q.choices.is_empty() || q.choices.contains(&r.answer), "{r:?} not among {:?}", q.choices);
            assert!(!r.reason.is_empty());
            revealed += 1;
        }
    }
    assert!(revealed > 0, "the first lecture asks something");
    assert_eq!(only(session.on_message(ToEngine::NextTourStep)), FromEngine::Refused { message: "the tour is over".into() });
}

#[test]
fn a_broken_scenario_file_is_refused_with_its_line_and_column_and_the_run_stays() {
    let mut session = Session::new();
    load(&mut session, INC_ADD);
    frame(&mut session, ToEngine::Step { n: 3 });
    let reply = only(session.on_message(ToEngine::LoadScenario { text: "[meta]\nid = \n".into(), seed: None }));
    let FromEngine::Refused { message } = reply else { panic!("{reply:?}") };
    assert!(message.starts_with("this scenario cannot be loaded: line 2, column"), "{message}");
    assert_eq!(frame(&mut session, ToEngine::Step { n: 0 }).position, 3);
}
