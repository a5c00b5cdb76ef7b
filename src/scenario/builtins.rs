//! The built-in lectures: scenario files from `www/scenarios/`, embedded at build time, in
//! course order (grouped by lecture).
//!
//! Text only; `parse` reads them like any other file.

/// A scenario shipped with Tasklab.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuiltIn {
    pub id: &'static str,
    pub lecture: &'static str,
    pub text: &'static str,
}

macro_rules! builtin {
    ($id:literal, $lecture:literal, $file:literal) => {
        BuiltIn { id: $id, lecture: $lecture, text: include_str!(concat!("../../www/scenarios/", $file)) }
    };
}

static BUILTINS: &[BuiltIn] = &[
    builtin!("threads-and-processes", "000", "000-threads-and-processes.toml"),
    builtin!("heartbeats", "000", "000-heartbeats.toml"),
    builtin!("killed-worker", "000", "000-killed-worker.toml"),
    builtin!("nanny", "000", "000-nanny.toml"),
    builtin!("comb-prod-loop", "000", "000-comb-prod-loop.toml"),
    builtin!("comb-prod-map", "000", "000-comb-prod-map.toml"),
    builtin!("comb-prod", "000", "000-comb-prod.toml"),
    builtin!("local-cluster", "001", "001-local-cluster.toml"),
    builtin!("gil-threads", "001", "001-gil-threads.toml"),
    builtin!("gil-processes", "001", "001-gil-processes.toml"),
    builtin!("numeric-threads", "001", "001-numeric-threads.toml"),
    builtin!("right-sized", "002", "002-right-sized.toml"),
    builtin!("oversubscribed", "002", "002-oversubscribed.toml"),
    builtin!("scale-out", "002", "002-scale-out.toml"),
    builtin!("counter-lock", "002", "002-counter-lock.toml"),
    builtin!("counter-actor", "002", "002-counter-actor.toml"),
    builtin!("counter-preaggregate", "002", "002-counter-preaggregate.toml"),
    builtin!("delayed-pipeline", "003", "003-delayed-pipeline.toml"),
    builtin!("dataframe-tips", "003", "003-dataframe-tips.toml"),
    builtin!("where-to-run", "003", "003-where-to-run.toml"),
    builtin!("spill-and-adapt", "003", "003-spill-and-adapt.toml"),
    builtin!("graph-shapes", "003", "003-graph-shapes.toml"),
    builtin!("matmul", "003", "003-matmul.toml"),
    builtin!("futures", "004", "004-futures.toml"),
    builtin!("gather-vs-shape", "004", "004-gather-vs-shape.toml"),
    builtin!("task-states", "004", "004-task-states.toml"),
    builtin!("choosing-workers", "004", "004-choosing-workers.toml"),
    builtin!("work-stealing", "004", "004-work-stealing.toml"),
    builtin!("no-stealing", "004", "004-no-stealing.toml"),
    builtin!("tiny-tasks", "004", "004-tiny-tasks.toml"),
    builtin!("queue", "004", "004-queue.toml"),
];

/// Every built-in, in course order.
pub fn builtins() -> &'static [BuiltIn] {
    BUILTINS
}

pub fn builtin(id: &str) -> Option<&'static BuiltIn> {
    BUILTINS.iter().find(|b| b.id == id)
}
