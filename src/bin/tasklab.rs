//! The `tasklab` command-line tool: the same engine as the page, headless.
//!
//! `tasklab simulate GRAPH` runs any `tasklab-graph/1` file on a simulated cluster;
//! `tasklab order GRAPH` prints static priorities; `scenarios`, `check FILE`, `run SCENARIO`
//! and `graph SCENARIO` work on scenario files. Errors go to stderr with a non-zero exit.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(cli::main());
}

#[cfg(not(target_arch = "wasm32"))]
#[path = "tasklab/scenarios.rs"]
mod scenarios;

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use super::scenarios;
    use clap::{Parser, Subcommand};
    use std::collections::BTreeMap;
    use tasklab::graph::{self, TaskGraph};
    use tasklab::sched::TaskState;
    use tasklab::sim::{ClusterSpec, Sim, World, Workload};

    #[derive(Parser)]
    #[command(name = "tasklab", version, about = "A teaching simulator of Dask's distributed scheduler")]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Run a `tasklab-graph/1` file on a simulated cluster and summarise what happened.
        Simulate {
            graph: String,
            #[arg(long, default_value_t = 4)]
            workers: usize,
            #[arg(long, default_value_t = 2)]
            threads: u32,
            #[arg(long, default_value_t = 0)]
            seed: u64,
            /// Write the `tasklab-trace/1` JSON lines here.
            #[arg(long)]
            trace: Option<String>,
            #[arg(long)]
            json: bool,
        },
        /// Print the static priority of every task (`tasklab-order/1`; 0 runs first).
        Order { graph: String },
        /// List the built-in scenarios in course order.
        Scenarios,
        /// Check a scenario file; errors name the line and column.
        Check { file: String },
        /// Run a scenario (a built-in id or a file) through its tour to the end.
        Run {
            scenario: String,
            #[arg(long)]
            seed: Option<u64>,
            /// Write the `tasklab-trace/1` JSON lines here.
            #[arg(long)]
            trace: Option<String>,
            #[arg(long)]
            json: bool,
        },
        /// Print a scenario's graph as `tasklab-graph/1`.
        Graph { scenario: String },
    }

    fn read_graph(path: &str) -> Result<TaskGraph, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
        graph::from_json(&text).map_err(|e| format!("{path}: {e}"))
    }

    pub fn main() -> i32 {
        let cli = Cli::parse();
        match run(cli.command) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("error: {e}");
                1
            }
        }
    }

    fn run(command: Command) -> Result<(), String> {
        match command {
            Command::Simulate { graph, workers, threads, seed, trace, json } => {
                let g = read_graph(&graph)?;
                let spec = ClusterSpec::local(workers, threads);
                let world = World::new(spec, Workload::compute(g.clone()), vec![], seed)?;
                let mut sim = Sim::new(world);
                while sim.step() {}
                let w = sim.world();
                let mut states: BTreeMap<&str, usize> = BTreeMap::new();
                for t in g.ids() {
                    *states.entry(w.scheduler().state(t).name()).or_default() += 1;
                }
                let transitions = sim.trace().transitions().count();
                let erred = states.get(TaskState::Erred.name()).copied().unwrap_or(0);
                if let Some(path) = trace {
                    std::fs::write(&path, sim.trace().to_jsonl(&g, &w.worker_names())).map_err(|e| format!("{path}: {e}"))?;
                }
                if json {
                    let out = serde_json::json!({
                        "format": "tasklab-summary/1",
                        "tasks": g.len(),
                        "makespan_us": w.now().0,
                        "events": w.events(),
                        "transitions": transitions,
                        "states": states,
                    });
                    println!("{out}");
                } else {
                    println!("{} tasks on {workers} workers × {threads} threads", g.len());
                    println!("finished at {} after {} events and {transitions} transitions", w.now(), w.events());
                    for (s, n) in &states {
                        println!("  {s:>10}: {n}");
                    }
                }
                if erred > 0 {
                    return Err(format!("{erred} tasks erred"));
                }
                Ok(())
            }
            Command::Scenarios => scenarios::list(),
            Command::Check { file } => scenarios::check(&file),
            Command::Run { scenario, seed, trace, json } => scenarios::run(&scenario, seed, trace.as_deref(), json),
            Command::Graph { scenario } => scenarios::graph(&scenario),
            Command::Order { graph } => {
                let g = read_graph(&graph)?;
                let order = tasklab::order::order(&g);
                let priorities: BTreeMap<&str, u32> = g.ids().map(|t| (g.key(t), order[t.index()])).collect();
                println!("{}", serde_json::json!({"format": "tasklab-order/1", "priorities": priorities}));
                Ok(())
            }
        }
    }
}
