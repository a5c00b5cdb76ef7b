//! The faults and settings a student applies from the page, as the engine's `Fault`s at the
//! current moment.
//!
//! Checks names against the run so a typo is refused with a message; applies nothing itself.

use crate::protocol::FaultDto;
use crate::sim::{worker_name, Breakage, Fault, FaultKind, Trigger, World};

pub fn fault(world: &World, dto: FaultDto) -> Result<Fault, String> {
    let alive = |name: &str| -> Result<String, String> {
        if world.workers().iter().any(|w| w.alive && w.name == name) {
            Ok(name.to_string())
        } else {
            Err(format!("no running worker is named `{name}`"))
        }
    };
    let kind = match dto {
        FaultDto::KillWorker { worker } => FaultKind::KillWorker { worker: alive(&worker)? },
        FaultDto::HangWorker { worker } => FaultKind::HangWorker { worker: alive(&worker)? },
        FaultDto::BreakFunction { func, kills_worker } => {
            if !world.graph().tasks().iter().any(|t| t.func == func) {
                return Err(format!("no task runs a function named `{func}`"));
            }
            let how = if kills_worker { Breakage::KillsWorker } else { Breakage::Raises { message: format!("{func} is broken") } };
            FaultKind::BreakFunction { func, how }
        }
        FaultDto::SlowLink { worker, factor } if factor > 0.0 => FaultKind::SlowLink { worker: alive(&worker)?, factor },
        FaultDto::SlowLink { factor, .. } => return Err(format!("a link cannot be {factor}× as fast")),
        FaultDto::SetMemoryLimit { worker, bytes } if bytes > 0 => FaultKind::SetMemoryLimit { worker: alive(&worker)?, bytes },
        FaultDto::SetMemoryLimit { .. } => return Err("a memory limit must be more than 0 bytes".into()),
        FaultDto::AddWorker { nthreads: 0, .. } => return Err("a worker needs at least one thread".into()),
        FaultDto::AddWorker { nthreads, memory_limit } => {
            let taken: Vec<&str> = world.spec().workers.iter().map(|w| w.name.as_str()).collect();
            let name = (0..).map(worker_name).find(|n| !taken.contains(&n.as_str())).expect("names never run out");
            FaultKind::AddWorker { name, nthreads, memory_limit }
        }
        FaultDto::RetireWorker { worker } => FaultKind::RetireWorker { worker: alive(&worker)? },
        FaultDto::WorkStealing { on } => FaultKind::SetWorkStealing(on),
    };
    Ok(Fault { trigger: Trigger::At(world.now()), kind })
}
