//! The "why" panel's content: a task's life as the log tells it, and each worker choice made
//! for it with every candidate and the terms the scheduler compared, in plain words.
//!
//! Reads the trace's decision records; never re-runs `decide_worker`.

use super::log;
use crate::graph::TaskId;
use crate::protocol::{format_bytes, Candidate, DecisionView, LogLine, StateCode, Why};
use crate::sched::{Placement, Record};
use crate::sim::{Sim, TraceEvent};

/// `positions[i]` is the timeline position just after trace entry `i`.
pub fn why(sim: &Sim, positions: &[u64], t: TaskId, state: StateCode) -> Why {
    let world = sim.world();
    let graph = world.graph();
    let names = world.worker_names();
    let mut story: Vec<LogLine> = Vec::new();
    let mut decisions = Vec::new();
    for (i, e) in sim.trace().entries.iter().enumerate() {
        if log::task_of(e) != Some(t) || !log::is_logged(e) {
            continue;
        }
        story.push(log::line(e, positions[i], graph, &names));
        if let TraceEvent::Scheduler(Record::Decision(d)) = &e.event {
            let chosen = match d.placement {
                Placement::Worker(w) => Some(w),
                _ => None,
            };
            let candidates: Vec<Candidate> = d
                .candidates
                .iter()
                .map(|c| Candidate {
                    worker: names[c.worker.index()].clone(),
                    transfer_bytes: c.transfer_bytes,
                    transfer_s: c.transfer_s,
                    occupancy_s: c.occupancy_s,
                    start_s: c.start_s,
                    stored_bytes: c.stored_bytes,
                    processing: c.processing,
                    excluded: c.excluded.map(|x| x.name().to_string()),
                    chosen: Some(c.worker) == chosen,
                })
                .collect();
            let outcome = match d.placement {
                Placement::Worker(w) => format!("sent to {}", names[w.index()]),
                Placement::Queued => "queued".to_string(),
                Placement::NoWorker => "no worker".to_string(),
            };
            decisions.push(DecisionView {
                position: positions[i],
                time_us: e.time.0,
                rule: d.rule.describe().to_string(),
                summary: summary(&candidates, &outcome),
                outcome,
                candidates,
            });
        }
    }
    Why { key: graph.key(t).to_string(), state, story, decisions }
}

/// "sent to a: moves 0 B, about 0.00 s, could start in 0.10 s; b would have moved 76.29 MiB, …"
fn summary(candidates: &[Candidate], outcome: &str) -> String {
    let terms = |c: &Candidate| format!("{}, about {:.2} s, could start in {:.2} s", format_bytes(c.transfer_bytes), c.transfer_s, c.start_s);
    let mut parts = vec![match candidates.iter().find(|c| c.chosen) {
        Some(c) => format!("{outcome}: moves {}", terms(c)),
        None => outcome.to_string(),
    }];
    for c in candidates.iter().filter(|c| !c.chosen) {
        parts.push(match &c.excluded {
            Some(why) => format!("{} left out ({why})", c.worker),
            None => format!("{} would have moved {}", c.worker, terms(c)),
        });
    }
    parts.join("; ")
}
