//! The scenario subcommands of `tasklab`: list the built-ins, check a file, run a scenario
//! through its tour, print its graph.
//!
//! A SCENARIO argument is a built-in id or a path to a TOML file.

use std::collections::BTreeMap;
use tasklab::scenario::{self, tour, Scenario};

fn load(name: &str) -> Result<Scenario, String> {
    let (label, text) = match scenario::builtin(name) {
        Some(b) => (b.id.to_string(), b.text.to_string()),
        None => (name.to_string(), std::fs::read_to_string(name).map_err(|e| format!("{name}: not a built-in scenario, and {e}"))?),
    };
    scenario::parse(&text).map_err(|e| format!("{label}: {e}"))
}

pub fn list() -> Result<(), String> {
    let mut lecture = "";
    for b in scenario::builtins() {
        let s = scenario::parse(b.text).map_err(|e| format!("{}: {e}", b.id))?;
        if b.lecture != lecture {
            lecture = b.lecture;
            println!("lecture {lecture}");
        }
        println!("  {:<24} {} [{}]", b.id, s.meta.title, s.meta.concepts.join(" "));
    }
    Ok(())
}

pub fn check(file: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let s = scenario::parse(&text).map_err(|e| format!("{file}: {e}"))?;
    println!("{file}: ok — `{}`, {} tasks, {} workers, {} steps", s.meta.id, s.workload.graph.len(), s.cluster.workers.len(), s.tour.len());
    Ok(())
}

pub fn run(name: &str, seed: Option<u64>, trace: Option<&str>, json: bool) -> Result<(), String> {
    let s = load(name)?;
    let mut sim = tasklab::sim::Sim::new(s.world_with_seed(seed.unwrap_or(s.meta.seed)));
    let mut answers = Vec::new();
    for (i, step) in s.tour.iter().enumerate() {
        tour::advance(&mut sim, &step.action).map_err(|e| format!("step {}: {e}", i + 1))?;
        if !json {
            println!("step {} at {}: {:?}", i + 1, sim.world().now(), step.action);
        }
        if let Some(q) = &step.question {
            let r = tour::reveal(q, &sim);
            if !json {
                println!("  Q: {}\n  A: {}\n  because {}", q.prompt, r.answer, r.reason);
            }
            answers.push(serde_json::json!({"step": i + 1, "question": q.prompt, "answer": r.answer, "reason": r.reason}));
        }
    }
    while sim.step() {}
    let w = sim.world();
    let g = w.graph();
    let mut states: BTreeMap<&str, usize> = BTreeMap::new();
    for t in g.ids() {
        *states.entry(w.scheduler().state(t).name()).or_default() += 1;
    }
    if let Some(path) = trace {
        std::fs::write(path, sim.trace().to_jsonl(g, &w.worker_names())).map_err(|e| format!("{path}: {e}"))?;
    }
    if json {
        let out = serde_json::json!({
            "format": "tasklab-summary/1", "scenario": s.meta.id, "tasks": g.len(), "makespan_us": w.now().0,
            "events": w.events(), "states": states, "answers": answers,
        });
        println!("{out}");
    } else {
        println!("{}: {} tasks, ended at {} after {} events", s.meta.id, g.len(), w.now(), w.events());
        for (st, n) in &states {
            println!("  {st:>10}: {n}");
        }
    }
    Ok(())
}

pub fn graph(name: &str) -> Result<(), String> {
    let s = load(name)?;
    println!("{}", tasklab::graph::to_json(&s.workload.graph));
    Ok(())
}
