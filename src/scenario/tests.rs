//! Scenario files that are wrong in one place each: the error names that place (line and
//! column) and what was expected.

use super::{parse, Action, ScenarioError};

/// A small valid file; each test breaks one line of it.
const GOOD: &str = r#"[scenario]
id = "tiny"
title = "Tiny"
lecture = "004"
concepts = ["C2"]

[cluster]
workers = 2
threads_per_worker = 1
memory_limit = "1GB"

[workload]
graph = { tasks = [
  { key = "x", duration = "10ms" },
  { key = "y", deps = ["x"], nbytes = "8 kB" },
] }

[[step]]
text = "Watch y."
until = { key = "y", state = "memory" }
"#;

fn error(text: &str) -> ScenarioError {
    parse(text).expect_err("the file is wrong")
}

/// The error for GOOD with `old` replaced by `new`, as `line:column message`.
fn check(old: &str, new: &str) -> String {
    assert!(GOOD.contains(old), "{old} is not in the good file");
    let e = error(&GOOD.replacen(old, new, 1));
    format!("{}:{} {}", e.line, e.column, e.message)
}

/// Asserts `got` starts with `prefix`, showing `got` when it does not.
fn begins(got: String, prefix: &str) {
    assert!(got.starts_with(prefix), "expected {prefix:?}…, got {got:?}");
}

#[test]
fn the_good_file_parses_and_runs_to_its_step() {
    let s = parse(GOOD).unwrap();
    assert_eq!(s.workload.graph.len(), 2);
    assert_eq!(s.cluster.workers.len(), 2);
    assert_eq!(s.cluster.workers[0].memory_limit, Some(1_000_000_000));
    assert_eq!(s.tour[0].action, Action::RunUntilState { key: "y".into(), state: crate::sched::TaskState::Memory });
    let mut sim = s.sim();
    super::tour::advance(&mut sim, &s.tour[0].action).unwrap();
    assert_eq!(sim.world().scheduler().state(sim.world().graph().id("y").unwrap()), crate::sched::TaskState::Memory);
}

#[test]
fn an_unknown_key_is_named_where_it_stands() {
    let got = check("threads_per_worker = 1", "threads_per_worker = 1\nthreds = 2");
    begins(got, "10:1 unknown field `threds`");
}

#[test]
fn a_bad_unit_points_at_the_value() {
    assert_eq!(
        check("memory_limit = \"1GB\"", "memory_limit = \"1 GX\""),
        "10:16 bad unit \"1 GX\": expected a size in B, kB, MB, GB, TB, KiB, MiB or GiB"
    );
    begins(check("duration = \"10ms\"", "duration = \"10 parsecs\""), "14:27 bad unit \"10 parsecs\"");
}

#[test]
fn a_dependency_that_does_not_exist_points_at_the_dependency() {
    assert_eq!(check("deps = [\"x\"]", "deps = [\"z\"]"), "15:24 task `y` depends on `z`, which does not exist");
}

#[test]
fn a_cycle_names_its_tasks() {
    assert_eq!(
        check("{ key = \"x\", duration", "{ key = \"x\", deps = [\"y\"], duration"),
        "15:11 the graph has a cycle: y → x → y"
    );
}

#[test]
fn a_cluster_with_no_workers_is_refused() {
    assert_eq!(
        check("workers = 2", "workers = 0"),
        "8:11 a cluster with no workers can run nothing: give `workers = 1` or more"
    );
    let got = check("workers = 2\nthreads_per_worker = 1\n", "");
    begins(got, "7:1 a cluster with no workers can run nothing");
}

#[test]
fn a_restriction_no_worker_can_meet_points_at_the_restriction() {
    assert_eq!(
        check("{ key = \"x\", duration = \"10ms\" }", "{ key = \"x\", duration = \"10ms\", workers = [\"z\"] }"),
        "14:45 no worker can meet this restriction: `x` may run only on z, and the cluster has a, b"
    );
    let got = check("{ key = \"x\", duration = \"10ms\" }", "{ key = \"x\", resources = { GPU = 1 } }");
    begins(got, "14:28 no worker can meet this restriction: `x` needs GPU = 1");
}

#[test]
fn an_error_in_lecture_code_points_inside_the_string() {
    let text = GOOD.replace(
        "graph = { tasks = [\n  { key = \"x\", duration = \"10ms\" },\n  { key = \"y\", deps = [\"x\"], nbytes = \"8 kB\" },\n] }",
        "array = \"da.ones((8, 8), chunks=4).summ()\"",
    );
    let text = text.replace("until = { key = \"y\", state = \"memory\" }", "run = \"end\"");
    let e = error(&text);
    assert_eq!((e.line, e.column), (13, 10 + "da.ones((8, 8), chunks=4).".len() as u32), "{e}");
}

#[test]
fn steps_name_unknown_tasks_states_and_charts() {
    begins(check("state = \"memory\"", "state = \"done\""), "20:30 unknown state \"done\": expected one of released, waiting");
    begins(check("key = \"y\", state", "key = \"q\", state"), "20:17 no task has the key `q`");
    let got = check("until = { key = \"y\", state = \"memory\" }", "run = \"end\"\nhighlight = { chart = \"pie\" }");
    begins(got, "21:23 unknown chart \"pie\"");
    let got = check("until = { key = \"y\", state = \"memory\" }", "run = \"end\"\nuntil_time = \"1s\"");
    begins(got, "21:14 `until_time` and `run` cannot both be given");
}

#[test]
fn faults_name_unknown_workers_and_functions() {
    let with_fault = |fault: &str| {
        let e = error(&format!("{GOOD}\n[[fault]]\n{fault}\n"));
        format!("{}:{} {}", e.line, e.column, e.message)
    };
    assert_eq!(with_fault("at = \"1s\"\nkill = \"z\""), "24:8 no worker is named `z`; the cluster has a, b");
    begins(with_fault("at = \"1s\"\nbreak = \"inc\""), "24:9 no task calls `inc`");
    begins(with_fault("kill = \"a\""), "22:1 expected one of at, when");
}

#[test]
fn questions_need_exactly_one_kind_of_answer() {
    let q = |answer: &str| {
        let e = error(&format!("{GOOD}\n[step.question]\nprompt = \"?\"\nanswer = {answer}\n"));
        format!("{}:{} {}", e.line, e.column, e.message)
    };
    begins(q("{ worker_of = \"nope\" }"), "24:24 no task has the key `nope`");
    begins(q("{}"), "24:10 expected one of worker_of, task_count");
}

#[test]
fn collections_point_their_errors_into_the_file() {
    let with_workload = |workload: &str| {
        let text = GOOD.replace(
            "graph = { tasks = [\n  { key = \"x\", duration = \"10ms\" },\n  { key = \"y\", deps = [\"x\"], nbytes = \"8 kB\" },\n] }",
            workload,
        );
        let text = text.replace("until = { key = \"y\", state = \"memory\" }", "run = \"end\"");
        let e = error(&text);
        format!("{}:{} {}", e.line, e.column, e.message)
    };
    // the second line of the program, inside its string, at the unknown name
    begins(
        with_workload("futures = [\n  \"x = client.submit(inc, 9)\",\n  \"y = client.submit(nope, x)\",\n]"),
        "15:22 name `nope` is not defined",
    );
    begins(with_workload("dataframe = { rows = 10, blocksize = 100, by = \"day\", column = \"tip\", agg = \"mean\", seed = 1, colour = 1 }"), "13:95 unknown field `colour`");
    begins(with_workload("coordination = { mode = \"mutex\", partitions = 2, increments_per_partition = 2 }"), "13:16 mode = `mutex`: use unlocked, lock, actor or preaggregate");
    // GOOD's cluster has 2 workers of 1 thread: too few for 2 producers, 2 consumers and load_params
    begins(with_workload("queue = { producers = 2, consumers = 2, items_per_producer = 1 }"), "13:9 2 producers, 2 consumers and load_params need 5 threads and the cluster has 2");
    let e = error(&format!("{}\n[[client]]\nat = \"0s\"\nsubmit = [\"x\"]\n", GOOD.replace(
        "graph = { tasks = [\n  { key = \"x\", duration = \"10ms\" },\n  { key = \"y\", deps = [\"x\"], nbytes = \"8 kB\" },\n] }",
        "futures = [\"x = client.submit(inc, 9)\"]",
    ).replace("until = { key = \"y\", state = \"memory\" }", "run = \"end\"")));
    assert!(e.message.contains("brings its own client program"), "{e}");
}

#[test]
fn a_futures_program_names_its_futures_for_the_tour() {
    let text = GOOD
        .replace(
            "graph = { tasks = [\n  { key = \"x\", duration = \"10ms\" },\n  { key = \"y\", deps = [\"x\"], nbytes = \"8 kB\" },\n] }",
            "futures = [\"x = client.submit(inc, 9)\", \"y = client.submit(inc, x)\"]",
        );
    let s = parse(&text).unwrap();
    let Action::RunUntilState { key, .. } = &s.tour[0].action else { panic!("{:?}", s.tour[0].action) };
    assert!(key.starts_with("inc-") && key.len() > 10, "the name `y` stands for its task's key, {key}");
}

#[test]
fn the_teachers_reference_example_is_a_valid_scenario() {
    let doc = include_str!("../../docs/scenarios.md");
    let example = doc.split("```toml\n").nth(1).and_then(|rest| rest.split("\n```").next()).expect("a ```toml example");
    let s = parse(example).unwrap_or_else(|e| panic!("docs/scenarios.md example: {e}"));
    assert_eq!(s.meta.id, "locality-quiz");
    let mut sim = s.sim();
    for step in &s.tour {
        super::tour::advance(&mut sim, &step.action).unwrap();
    }
    let q = s.tour[0].question.as_ref().unwrap();
    assert!(q.choices.contains(&super::tour::reveal(q, &sim).answer));
}
