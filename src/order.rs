//! Static task priorities in the spirit of `dask.order`: the total order a sequential
//! scheduler would follow so that few results sit in memory at once.
//!
//! Knows the graph's shape and its keys only; nothing of workers, durations or cluster state.

mod adjacency;
mod keys;

pub(crate) use adjacency::Adjacency;

pub use keys::{cmp_keys, key_ranks};

use crate::graph::{TaskGraph, TaskId};

/// Each task's priority, indexed by `TaskId`: 0 runs first. A permutation of `0..n` in which
/// every task comes after its dependencies.
///
/// The walk, like `dask.order`'s: take the outputs in key order; from each, walk back
/// depth-first along its dependencies — the deepest first (the critical path), then the one
/// with more work behind it, then key order — and number a task as soon as its dependencies
/// are numbered. After every numbered task, any task it made runnable that *releases* a
/// result (one of its dependencies has no other dependent left) is numbered at once: linear
/// chains complete immediately and a reducer runs as soon as its last input exists, so a
/// branch is finished before the walk opens a new one. Roots are only ever reached by the
/// walk, never pulled in early. O((n + e) log n), iterative (no recursion).
pub fn order(graph: &TaskGraph) -> Vec<u32> {
    let n = graph.len();
    let keys = key_ranks(graph);
    let topo = graph.topological_order();
    // Longest chain of dependencies below each task, and Dask's (over-)count of the tasks
    // behind it (`total_dependencies`: shared dependencies count once per path).
    let mut depth = vec![0u32; n];
    let mut behind = vec![1u64; n];
    for &t in &topo {
        for d in graph.deps(t) {
            depth[t.index()] = depth[t.index()].max(depth[d.index()] + 1);
            behind[t.index()] = behind[t.index()].saturating_add(behind[d.index()]);
        }
    }
    let deps = Adjacency::new(n, |v, out| {
        out.extend(graph.deps(TaskId(v as u32)).iter().map(|d| d.0));
        out.sort_unstable();
        out.dedup();
        out.sort_by_key(|&d| {
            let d = d as usize;
            (std::cmp::Reverse(depth[d]), std::cmp::Reverse(behind[d]), keys[d])
        });
    });
    let dependents = deps.reversed(|list| list.sort_unstable_by_key(|&w| keys[w as usize]));

    let mut targets: Vec<u32> = (0..n as u32).filter(|&v| dependents.of(v).is_empty()).collect();
    targets.sort_unstable_by_key(|&v| keys[v as usize]);

    let mut walk = Walk {
        missing: (0..n as u32).map(|v| deps.of(v).len() as u32).collect(),
        waiting: (0..n as u32).map(|v| dependents.of(v).len() as u32).collect(),
        priority: vec![UNSET; n],
        next: 0,
        runnable: Vec::new(),
        deps: &deps,
        dependents: &dependents,
    };
    let mut cursor = vec![0u32; n];
    let mut stack: Vec<u32> = Vec::new();
    for target in targets {
        stack.push(target);
        while let Some(&v) = stack.last() {
            if walk.is_done(v) {
                stack.pop();
                continue;
            }
            let ds = deps.of(v);
            let c = &mut cursor[v as usize];
            while (*c as usize) < ds.len() && walk.is_done(ds[*c as usize]) {
                *c += 1;
            }
            match ds.get(*c as usize) {
                Some(&d) => stack.push(d),
                None => {
                    stack.pop();
                    walk.run(v);
                    walk.run_releasing();
                }
            }
        }
    }
    debug_assert_eq!(walk.next as usize, n);
    walk.priority
}

const UNSET: u32 = u32::MAX;

/// The numbering in progress.
struct Walk<'a> {
    deps: &'a Adjacency,
    dependents: &'a Adjacency,
    /// Dependencies not yet numbered.
    missing: Vec<u32>,
    /// Dependents not yet numbered: the result is held while this is above zero.
    waiting: Vec<u32>,
    priority: Vec<u32>,
    next: u32,
    /// Tasks that became runnable, with whether they are already known to release a result.
    runnable: Vec<(u32, bool)>,
}

impl Walk<'_> {
    fn is_done(&self, v: u32) -> bool {
        self.priority[v as usize] != UNSET
    }

    fn run(&mut self, v: u32) {
        self.priority[v as usize] = self.next;
        self.next += 1;
        for &d in self.deps.of(v) {
            let d = d as usize;
            self.waiting[d] -= 1;
            if self.waiting[d] == 1 {
                // One dependent left: running it releases `d`. Found once per `d`.
                let last = self.dependents.of(d as u32).iter().copied().find(|&w| !self.is_done(w));
                let last = last.expect("one dependent is still waiting");
                if self.missing[last as usize] == 0 {
                    self.runnable.push((last, true));
                }
            }
        }
        for &w in self.dependents.of(v).iter().rev() {
            self.missing[w as usize] -= 1;
            if self.missing[w as usize] == 0 {
                self.runnable.push((w, false));
            }
        }
    }

    /// Numbers every runnable task that releases a result, and what those unlock in turn.
    fn run_releasing(&mut self) {
        while let Some((w, releases)) = self.runnable.pop() {
            if self.is_done(w) {
                continue;
            }
            if releases || self.deps.of(w).iter().any(|&d| self.waiting[d as usize] == 1) {
                self.run(w);
            }
        }
    }
}

#[cfg(test)]
mod tests;
