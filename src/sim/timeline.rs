//! Time travel: a run with its trace and snapshots, so stepping back is cheap and a fault
//! injected in the past forks the run from there.
//!
//! Owns nothing of the simulation's rules; it clones and replays `World`.

use super::{Fault, Trace, World};

#[derive(Clone, Debug)]
struct Snapshot {
    events: u64,
    trace_len: usize,
    world: World,
}

/// A simulation with memory of its past.
#[derive(Clone, Debug)]
pub struct Sim {
    world: World,
    trace: Trace,
    snapshots: Vec<Snapshot>,
    interval: u64,
}

/// At most this many snapshots are kept; past it, every other one is dropped.
const MAX_SNAPSHOTS: usize = 64;

impl Sim {
    pub fn new(world: World) -> Self {
        let first = Snapshot { events: world.events(), trace_len: 0, world: world.clone() };
        // A snapshot costs a copy of the world, so take one every few events per task.
        let interval = (world.graph().len() as u64 * 8).max(256);
        Sim { world, trace: Trace::default(), snapshots: vec![first], interval }
    }

    pub fn world(&self) -> &World {
        &self.world
    }
    pub fn trace(&self) -> &Trace {
        &self.trace
    }
    /// Events handled so far: the position on the timeline.
    pub fn position(&self) -> u64 {
        self.world.events()
    }

    /// One event forward. False at the end.
    pub fn step(&mut self) -> bool {
        let moved = self.world.step(&mut self.trace);
        if moved && self.world.events() % self.interval == 0 {
            self.snapshot();
        }
        moved
    }

    /// Runs forward until `position` events (or the end).
    pub fn run_to(&mut self, position: u64) {
        while self.world.events() < position && self.step() {}
    }

    fn snapshot(&mut self) {
        self.snapshots.push(Snapshot { events: self.world.events(), trace_len: self.trace.len(), world: self.world.clone() });
        if self.snapshots.len() > MAX_SNAPSHOTS {
            let mut i = 0;
            self.snapshots.retain(|_| {
                i += 1;
                i % 2 == 1
            });
            self.interval *= 2;
        }
    }

    /// Goes back (or forward) to exactly `position` events: restores the nearest snapshot at
    /// or before it and replays.
    pub fn seek(&mut self, position: u64) {
        if position >= self.world.events() {
            self.run_to(position);
            return;
        }
        let snap = self
            .snapshots
            .iter()
            .rev()
            .find(|s| s.events <= position)
            .expect("the first snapshot is at position 0")
            .clone();
        self.world = snap.world;
        self.trace.entries.truncate(snap.trace_len);
        self.snapshots.retain(|s| s.events <= snap.events);
        self.run_to(position);
    }

    /// Adds a fault now; whatever had been computed beyond this moment is forgotten.
    pub fn inject(&mut self, fault: Fault) {
        let here = self.world.events();
        self.snapshots.retain(|s| s.events <= here);
        self.world.inject(fault);
    }
}
