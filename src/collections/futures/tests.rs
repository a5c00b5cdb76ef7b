//! The futures API read like the lecture: keys, values, what crosses the client's link.

use super::*;
use crate::graph::key_split;
use crate::sim::{ClientTraceEvent, Fault, FaultKind, FutureStatus, Sim, TraceEvent, Trigger, World};
use crate::sched::TaskState;

fn lines(src: &[&str]) -> Vec<String> {
    src.iter().map(|s| s.to_string()).collect()
}

fn run(src: &[&str], faults: Vec<Fault>) -> (Program, Sim) {
    let spec = ClusterSpec::local(2, 2);
    let p = parse(&lines(src), &spec).unwrap();
    let mut sim = Sim::new(World::new(spec, p.workload.clone(), faults, 1).unwrap());
    while sim.step() {}
    (p, sim)
}

fn task(p: &Program, name: &str) -> TaskId {
    p.names[name][0]
}

#[test]
fn pure_calls_share_a_key_and_impure_ones_do_not() {
    let p = parse(&lines(&["x = client.submit(inc, 9)", "y = client.submit(inc, 9)", "z = client.submit(inc, 10)"]), &ClusterSpec::local(1, 1)).unwrap();
    assert_eq!(task(&p, "x"), task(&p, "y"), "the same pure call is one task");
    assert_ne!(task(&p, "x"), task(&p, "z"));
    assert_eq!(p.workload.graph.len(), 2);
    assert_eq!(p.workload.client.len(), 2, "the repeated call submits nothing");
    let key = p.workload.graph.key(task(&p, "x"));
    assert_eq!(key_split(key), "inc");
    assert_eq!(key.len(), "inc-".len() + 32, "funcname-<token>: {key}");

    let q = parse(&lines(&["x = client.submit(inc, 9, pure=False)", "y = client.submit(inc, 9, pure=False)"]), &ClusterSpec::local(1, 1)).unwrap();
    assert_ne!(task(&q, "x"), task(&q, "y"));
    assert_eq!(q.workload.graph.len(), 2);
    assert_eq!(key_split(q.workload.graph.key(task(&q, "y"))), "inc");
}

#[test]
fn map_tokenises_each_element_and_impure_maps_number_them() {
    let p = parse(&lines(&["a = client.map(inc, range(3))", "b = client.map(inc, [0, 1, 2])", "c = client.map(inc, range(3), pure=False)"]), &ClusterSpec::local(1, 1)).unwrap();
    assert_eq!(p.names["a"], p.names["b"], "map over the same items is the same tasks");
    assert_eq!(p.names["a"].len(), 3);
    let g = &p.workload.graph;
    let impure: Vec<&str> = p.names["c"].iter().map(|t| g.key(*t)).collect();
    assert!(impure[2].ends_with("-2") && impure[0].ends_with("-0"), "{impure:?}");
    assert_eq!(g.len(), 6);
}

#[test]
fn map_and_submit_of_the_same_pure_call_share_one_key() {
    // `client.map(inc, [1, 2])` then `client.submit(inc, 2)`: the second element's result is
    // already there (Dask tokenises map's elements as submit does), so nothing runs twice.
    let (p, sim) = run(&["xs = client.map(inc, [1, 2])", "y = client.submit(inc, 2)", "z = client.submit(mul, 2, 3)", "ws = client.map(mul, [2], [3])"], vec![]);
    assert_eq!(p.names["y"][0], p.names["xs"][1], "submit after map of the same call is the same future");
    assert_eq!(p.names["z"][0], p.names["ws"][0], "map after submit, two arguments");
    let g = &p.workload.graph;
    assert_eq!(g.len(), 3, "inc(1), inc(2) and mul(2, 3)");
    let started = sim.trace().entries.iter().filter(|e| matches!(&e.event, TraceEvent::Worker { event: crate::sim::WorkerEvent::TaskStarted { .. }, .. })).count();
    assert_eq!(started, 3, "each call ran once");
    assert_eq!(sim.world().value(p.names["y"][0]), Some(&Value::Scalar(3.0)));

    // With pure=False every call is new, from map and from submit alike.
    let q = parse(&lines(&["xs = client.map(inc, [1, 2], pure=False)", "y = client.submit(inc, 2, pure=False)", "zs = client.map(inc, [2], pure=False)"]), &ClusterSpec::local(1, 1)).unwrap();
    assert_eq!(q.workload.graph.len(), 4);
    let keys: Vec<&str> = ["xs", "y", "zs"].iter().flat_map(|n| q.names[*n].iter().map(|t| q.workload.graph.key(*t))).collect();
    assert!(keys.iter().all(|k| key_split(k) == "inc"), "{keys:?}");
    assert_ne!(keys[1], keys[2]);
    assert_ne!(keys[1], keys[3]);
}

#[test]
fn map_over_two_iterables_pairs_them_element_by_element_as_pythons_map_does() {
    let (p, sim) = run(&["products = client.map(mul, [2, 2, 4, 4], [3, 1, 3, 1])", "client.gather(products)"], vec![]);
    let w = sim.world();
    let values: Vec<Option<Value>> = p.names["products"].iter().map(|t| w.value(*t).cloned()).collect();
    assert_eq!(values, [6.0, 2.0, 12.0, 4.0].map(|x| Some(Value::Scalar(x))).to_vec());
    let uneven = parse(&lines(&["client.map(mul, [2, 4], [3])"]), &ClusterSpec::local(1, 1)).unwrap_err();
    assert!(uneven.message.contains("has 1 items, the first has 2"), "{uneven}");
    assert_eq!(uneven.column, 25, "points at the short iterable");
    let one = parse(&lines(&["client.map(mul, [2, 4])"]), &ClusterSpec::local(1, 1)).unwrap_err();
    assert!(one.message.contains("takes 2 iterable(s), got 1"), "{one}");
}

#[test]
fn futures_finish_with_the_values_python_would_give() {
    let (p, sim) = run(
        &[
            "x = client.submit(inc, 9)",
            "futures = client.map(slowinc, range(4), delay=0.1)",
            "total = client.submit(sum, futures)",
            "y = client.submit(add, x, 1)",
            "total.result()",
        ],
        vec![],
    );
    let w = sim.world();
    let value = |n: &str| w.value(task(&p, n)).cloned();
    assert_eq!(value("x"), Some(Value::Scalar(10.0)));
    assert_eq!(value("y"), Some(Value::Scalar(11.0)));
    let expected: f64 = (0..4).map(|i| (i + 1) as f64).sum();
    assert_eq!(value("total"), Some(Value::Scalar(expected)));
    for t in p.names.values().flatten() {
        assert_eq!(w.futures().get(t), Some(&FutureStatus::Finished), "{}", w.graph().key(*t));
    }
    assert!(w.gathered().contains_key(&task(&p, "total")));
    assert!(!w.gathered().contains_key(&task(&p, "x")), "only what was asked for reaches the client");
    // Futures start pending: submit returns at once.
    let first = sim.trace().entries.iter().find_map(|e| match &e.event {
        TraceEvent::Client(ClientTraceEvent::FutureStatus { task, status }) if *task == task_of(&p, "x") => Some(*status),
        _ => None,
    });
    assert_eq!(first, Some("pending"));
}

fn task_of(p: &Program, n: &str) -> TaskId {
    task(p, n)
}

fn gathered_bytes(sim: &Sim, t: TaskId) -> Option<u64> {
    sim.trace().entries.iter().find_map(|e| match &e.event {
        TraceEvent::Client(ClientTraceEvent::GatherStarted { task, nbytes }) if *task == t => Some(*nbytes),
        _ => None,
    })
}

#[test]
fn result_shape_moves_800_megabytes_while_submitting_the_shape_moves_a_few_bytes() {
    let (p, sim) = run(
        &[
            "x = client.submit(np.random.random, (10000, 10000))",
            "s = client.submit(lambda a: a.shape, x)",
            "s.result()",
            "x.result().shape",
        ],
        vec![],
    );
    let (x, s) = (task(&p, "x"), task(&p, "s"));
    assert_eq!(gathered_bytes(&sim, x), Some(800_000_000));
    assert!(gathered_bytes(&sim, s).unwrap() < 100);
    assert_eq!(sim.world().value(s), Some(&Value::Tuple(vec![Value::Scalar(10000.0), Value::Scalar(10000.0)])));
    assert_eq!(sim.world().graph().key(s).split('-').next(), Some("lambda"));
    let ended = |t: TaskId| {
        sim.trace().entries.iter().find_map(|e| match &e.event {
            TraceEvent::Client(ClientTraceEvent::GatherEnded { task, .. }) if *task == t => Some(e.time),
            _ => None,
        })
    };
    // 800 MB over a 100 MB/s client link takes eight seconds; the shape arrives at once.
    assert!(ended(x).unwrap().since(ended(s).unwrap()).as_secs_f64() > 7.9);
}

#[test]
fn scattered_data_lost_with_its_worker_takes_its_dependents_with_it_and_says_why() {
    let src = ["d = client.scatter(np.random.random((1000, 1000)))", "s = client.submit(lambda a: a.shape, d)", "s.result()"];
    let spec = ClusterSpec::local(2, 2);
    let p = parse(&lines(&src), &spec).unwrap();
    let s = task(&p, "s");
    let kill = Fault { trigger: Trigger::WhenTask { task: s, state: TaskState::Processing }, kind: FaultKind::KillWorker { worker: "a".into() } };
    let mut sim = Sim::new(World::new(spec, p.workload.clone(), vec![kill], 1).unwrap());
    while sim.step() {}
    let w = sim.world();
    assert_eq!(w.futures().get(&s), Some(&FutureStatus::Cancelled));
    assert_eq!(w.scheduler().state(task(&p, "d")), TaskState::Forgotten);
    let why = why(w, sim.trace(), s).unwrap();
    assert!(why.contains("scattered to worker a") && why.contains("died"), "{why}");
    assert!(why.contains(w.graph().key(task(&p, "d"))), "{why}");
}

#[test]
fn scatter_blocks_the_client_until_its_data_is_on_a_worker() {
    let p = parse(&lines(&["d = client.scatter(np.random.random((10000, 10000)))", "client.submit(lambda a: a.shape, d)"]), &ClusterSpec::local(1, 1)).unwrap();
    let at: Vec<f64> = p.workload.client.iter().map(|a| a.at.as_secs_f64()).collect();
    assert_eq!(at[0], 0.0);
    assert!(at[1] > 8.0, "800 MB at 100 MB/s: {at:?}");
    assert!(p.workload.graph.key(task(&p, "d")).starts_with("ndarray-"));
}

#[test]
fn del_releases_and_sleep_waits() {
    let p = parse(&lines(&["x = client.submit(inc, 1)", "time.sleep(2)", "del x"]), &ClusterSpec::local(1, 1)).unwrap();
    let last = p.workload.client.last().unwrap();
    assert_eq!(last.at, SimTime(2_000_000));
    assert!(matches!(&last.op, ClientOp::Release { tasks } if tasks.len() == 1));
}

#[test]
fn mistakes_name_the_line_and_the_column() {
    let e = program(&lines(&["x = client.submit(inc, 1)", "y = client.submit(frobnicate, x)"])).unwrap_err();
    assert_eq!((e.line, e.column), (1, 19));
    assert!(e.message.contains("frobnicate") && e.message.contains("inc"), "{e}");
    let e = program(&lines(&["y = client.submit(add, 1)"])).unwrap_err();
    assert!(e.message.contains("add takes 2"), "{e}");
    let e = program(&lines(&["x.result()"])).unwrap_err();
    assert_eq!((e.line, e.column), (0, 1));
}

#[test]
fn lecture_003s_cells_run_as_written() {
    let (p, sim) = run(
        &[
            "import dask",
            "from dask.distributed import Client",
            "import numpy as np",
            "client = Client(n_workers=4, processes=4,threads_per_worker=4, memory_limit='1GB')",
            "fut = client.submit(func, 9)",
            "fut",
            "x = client.submit(np.random.random, (10000, 10000))",
            "type(x)",
            "x.result().shape #slow as Gather the numpy array to the local process",
            "client.submit(lambda a: a.shape, x).result() #fast",
        ],
        vec![],
    );
    assert_eq!(sim.world().value(task(&p, "fut")), Some(&Value::Scalar(10.0)));
    assert!(sim.world().graph().key(task(&p, "fut")).starts_with("func-"));
    assert_eq!(gathered_bytes(&sim, task(&p, "x")), Some(800_000_000));
}

#[test]
fn a_key_is_released_only_when_its_last_future_goes() {
    let p = parse(&lines(&["x = client.submit(inc, 1)", "y = client.submit(inc, 1)", "del x", "del y", "z = client.submit(inc, 1)"]), &ClusterSpec::local(1, 1)).unwrap();
    let ops: Vec<&str> = p
        .workload
        .client
        .iter()
        .map(|a| match &a.op {
            ClientOp::Submit { .. } => "submit",
            ClientOp::Release { .. } => "release",
            _ => "other",
        })
        .collect();
    assert_eq!(ops, ["submit", "release", "submit"], "y still holds the key after del x; z submits it again");
    let (_, sim) = run(&["x = client.submit(inc, 1)", "time.sleep(1)", "del x", "time.sleep(1)", "z = client.submit(inc, 1)", "z.result()"], vec![]);
    let z = sim.world().graph().ids().next().unwrap();
    assert_eq!(sim.world().value(z), Some(&Value::Scalar(2.0)));
    assert!(sim.world().gathered().contains_key(&z), "the resubmitted future finishes");
}
