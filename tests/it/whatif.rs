//! `tasklab-decide/1`: the scheduler frozen at one moment, asked where tasks would go.

use serde_json::json;
use tasklab::sched::{what_if, Decisions};

fn decide(doc: serde_json::Value) -> Decisions {
    what_if(&doc.to_string()).unwrap()
}

fn two_workers_one_holding_x(task: serde_json::Value) -> serde_json::Value {
    json!({"format": "tasklab-decide/1", "bandwidth": 100_000_000,
        "workers": [
            {"name": "w0", "nthreads": 1, "has": {"x": 100_000_000},
             "processing": [{"key": "busy-a", "prefix": "busy", "duration_us": 2_000_000}]},
            {"name": "w1", "nthreads": 1}],
        "tasks": [task]})
}

#[test]
fn data_locality_beats_an_idle_worker() {
    let out = decide(two_workers_one_holding_x(json!({"key": "f", "prefix": "f", "deps": {"x": 100_000_000}})));
    let d = &out.decisions[0];
    assert_eq!((d.state, d.worker.as_deref(), d.rule), ("processing", Some("w0"), "dependency-holders"));
    let w1 = &d.candidates[1];
    assert_eq!((w1.worker.as_str(), w1.excluded), ("w1", Some("holds-no-input")));
    // The idle worker would have started sooner: locality wins anyway.
    assert!(w1.start_s < d.candidates[0].start_s, "{d:?}");
    assert_eq!(w1.transfer_bytes, 100_000_000);
}

#[test]
fn a_restriction_excludes_the_workers_outside_it() {
    let task = json!({"key": "f", "prefix": "f", "deps": {"x": 100_000_000},
        "restrictions": {"workers": ["w1"], "loose": false}});
    let d = &decide(two_workers_one_holding_x(task)).decisions[0];
    assert_eq!((d.state, d.worker.as_deref(), d.rule), ("processing", Some("w1"), "restricted"));
    assert_eq!(d.candidates[0].excluded, Some("restriction"));
}

#[test]
fn an_unsatisfiable_restriction_leaves_the_task_with_no_worker() {
    let task = json!({"key": "f", "prefix": "f", "restrictions": {"workers": ["w9"]}});
    let d = &decide(two_workers_one_holding_x(task)).decisions[0];
    assert_eq!((d.state, d.worker.as_deref()), ("no-worker", None));
}

#[test]
fn rootish_tasks_queue_once_every_slot_is_taken() {
    let tasks: Vec<_> = (0..6).map(|i| json!({"key": format!("load-{i}"), "prefix": "load"})).collect();
    let out = decide(json!({"format": "tasklab-decide/1",
        "workers": [{"name": "a", "nthreads": 1}, {"name": "b", "nthreads": 1}], "tasks": tasks}));
    // worker-saturation 1.1 on one thread: ceil(1.1) = 2 slots per worker.
    let states: Vec<_> = out.decisions.iter().map(|d| (d.state, d.worker.as_deref())).collect();
    assert_eq!(
        states,
        [
            ("processing", Some("a")),
            ("processing", Some("b")),
            ("processing", Some("a")),
            ("processing", Some("b")),
            ("queued", None),
            ("queued", None)
        ]
    );
    let last = &out.decisions[5];
    assert!(last.rootish && last.rule == "rootish-queuing");
    assert!(last.candidates.iter().all(|c| c.excluded == Some("full")));
}

#[test]
fn the_no_dependency_round_robin_starts_from_tasks_assigned_before() {
    let placed = |before: u64| {
        let out = decide(json!({"format": "tasklab-decide/1", "tasks_assigned_before": before,
            "workers": [{"name": "a", "nthreads": 1}, {"name": "b", "nthreads": 1}, {"name": "c", "nthreads": 1}],
            "tasks": [{"key": "g", "prefix": "g"}]}));
        assert_eq!(out.decisions[0].rule, "least-occupied");
        out.decisions[0].worker.clone().unwrap()
    };
    assert_eq!([placed(0), placed(1), placed(2), placed(4)], ["a", "b", "c", "b"]);
}

#[test]
fn bad_input_names_the_json_path() {
    let err = |doc: serde_json::Value| what_if(&doc.to_string()).unwrap_err();
    let wrong_type = json!({"format": "tasklab-decide/1", "workers": [{"name": "a", "nthreads": "two"}], "tasks": []});
    assert!(err(wrong_type).starts_with("workers[0].nthreads: invalid type"));
    let unknown_input = two_workers_one_holding_x(json!({"key": "f", "prefix": "f", "deps": {"y": 1}}));
    assert_eq!(err(unknown_input), "tasks[0].deps.y: no worker holds \"y\"; list it under the `has` of the workers that do");
    let reused = two_workers_one_holding_x(json!({"key": "x", "prefix": "x"}));
    assert_eq!(err(reused), "tasks[0]: the key \"x\" is already used at workers[0].has.x");
    let wrong_format = json!({"format": "tasklab-graph/1", "workers": [], "tasks": []});
    assert_eq!(err(wrong_format), "format: expected \"tasklab-decide/1\", found \"tasklab-graph/1\"");
}
