//! The task graph: an arena of tasks (`TaskId`) with keys, dependencies and dependents, and
//! each task's spec (function, cost model, output size, GIL, restrictions, resources, retries).
//!
//! Owns validation (missing dependencies, duplicate keys, cycles) and the `tasklab-graph/1`
//! format. Knows nothing of workers, states or time passing.

mod format;
pub mod kernels;
mod keys;
pub mod shapes;

pub use format::{from_json, to_json, GraphFile, TaskEntry};
pub use keys::{key_group, key_split, tuple_key};

use crate::time::SimDuration;
use crate::value::Value;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::Arc;

/// Index of a task in its graph's arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TaskId(pub u32);

impl TaskId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Index of a key prefix (`inc`, `sum-aggregate`): durations are learned per prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PrefixId(pub u32);

/// Index of a task group (an array layer, or a prefix for string keys): root-ish detection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GroupId(pub u32);

/// Where a task may run, as `workers=` / `allow_other_workers=` say in Dask.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Restrictions {
    /// Worker names; empty means unrestricted.
    pub workers: Vec<String>,
    /// `allow_other_workers=True`: fall back to any worker when none of these can take it.
    pub loose: bool,
}

impl Restrictions {
    pub fn is_empty(&self) -> bool {
        self.workers.is_empty()
    }
}

/// A chunk kernel: computes a task's real value from its dependencies' values, in order.
pub type Kernel = Arc<dyn Fn(&[&Value]) -> Result<Value, String> + Send + Sync>;

/// Everything the simulation knows about one task before it runs.
#[derive(Clone)]
pub struct TaskSpec {
    pub key: String,
    /// Function name shown to the student (`inc`, `sum`, `np.outer`).
    pub func: String,
    pub deps: Vec<TaskId>,
    /// Compute time on one uncontended thread.
    pub duration: SimDuration,
    /// Size of the result in bytes.
    pub nbytes: u64,
    /// Pure-Python work that holds the GIL for its whole run.
    pub gil: bool,
    pub restrictions: Restrictions,
    /// Abstract resources this task needs (`{"GPU": 1}`).
    pub resources: BTreeMap<String, f64>,
    /// Automatic retries for an ordinary exception (`retries=`).
    pub retries: u32,
    /// User priority (`priority=`), higher runs first.
    pub priority: i32,
    /// Scattered data: exists only on a worker, has no function, cannot be recomputed.
    pub scattered: bool,
    /// Dask's `data_producer` flag (array/dataframe IO): always root-ish.
    pub data_producer: bool,
    /// Computes the real value, when there is one to compute.
    pub kernel: Option<Kernel>,
    /// Steps through coordination primitives (locks, semaphores, actors, queues, variables)
    /// taken in order after the task's own work; empty for an ordinary task.
    pub coordination: Vec<Step>,
}

/// Which coordination primitive a critical section goes through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Primitive {
    /// `distributed.Lock`: one lease, acquired through the scheduler.
    Lock,
    /// `distributed.Semaphore(max_leases)`.
    Semaphore { max_leases: u32 },
    /// An actor's single-threaded executor: one method call at a time.
    Actor,
    /// Nothing in the way: the section reads the counter when it starts and writes back what
    /// it read plus its own addition when it ends, so overlapping sections lose updates.
    Unguarded,
}

/// One step a task takes through a coordination primitive.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// `times` over: `before` outside the primitive (the request on its way), then `hold`
    /// while holding it; each time adds `add` to the shared counter `counter`, if named.
    Critical {
        primitive: Primitive,
        name: String,
        times: u32,
        before: SimDuration,
        hold: SimDuration,
        counter: Option<(String, f64)>,
    },
    /// `Queue(name).put(...)`: puts this task's key.
    QueuePut { name: String },
    /// `Queue(name).get()`: waits until an item is there and takes it.
    QueueGet { name: String },
    /// `Variable(name).set(...)`.
    VariableSet { name: String },
    /// `Variable(name).get()`: waits until the variable is first set.
    VariableGet { name: String },
}

impl TaskSpec {
    /// A task with Dask's defaults: no restrictions, 1 KiB output, 10 ms of work.
    pub fn new(key: impl Into<String>, deps: Vec<TaskId>) -> Self {
        let key = key.into();
        let func = key_split(&key);
        TaskSpec {
            key,
            func,
            deps,
            duration: SimDuration::from_millis(10),
            nbytes: 1024,
            gil: false,
            restrictions: Restrictions::default(),
            resources: BTreeMap::new(),
            retries: 0,
            priority: 0,
            scattered: false,
            data_producer: false,
            kernel: None,
            coordination: Vec::new(),
        }
    }

    pub fn func(mut self, f: impl Into<String>) -> Self {
        self.func = f.into();
        self
    }
    pub fn duration(mut self, d: SimDuration) -> Self {
        self.duration = d;
        self
    }
    pub fn nbytes(mut self, n: u64) -> Self {
        self.nbytes = n;
        self
    }
    pub fn gil(mut self, gil: bool) -> Self {
        self.gil = gil;
        self
    }
    pub fn kernel(mut self, k: Kernel) -> Self {
        self.kernel = Some(k);
        self
    }
    pub fn coordination_step(mut self, step: Step) -> Self {
        self.coordination.push(step);
        self
    }
}

impl fmt::Debug for TaskSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TaskSpec")
            .field("key", &self.key)
            .field("func", &self.func)
            .field("deps", &self.deps)
            .field("duration", &self.duration)
            .field("nbytes", &self.nbytes)
            .field("gil", &self.gil)
            .field("kernel", &self.kernel.is_some())
            .finish_non_exhaustive()
    }
}

/// A problem with a graph, naming the task at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GraphError {
    DuplicateKey { key: String },
    MissingDependency { key: String, dep: String },
    Cycle { keys: Vec<String> },
    Format { message: String },
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GraphError::DuplicateKey { key } => write!(f, "the key `{key}` is defined twice"),
            GraphError::MissingDependency { key, dep } => {
                write!(f, "task `{key}` depends on `{dep}`, which does not exist")
            }
            GraphError::Cycle { keys } => {
                write!(f, "the graph has a cycle: {}", keys.join(" → "))
            }
            GraphError::Format { message } => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for GraphError {}

/// An immutable, validated DAG of tasks. Cheap to clone (shared).
#[derive(Clone, Debug)]
pub struct TaskGraph {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    tasks: Vec<TaskSpec>,
    dependents: Vec<Vec<TaskId>>,
    prefix_of: Vec<PrefixId>,
    group_of: Vec<GroupId>,
    prefixes: Vec<String>,
    groups: Vec<Group>,
    by_key: HashMap<String, TaskId>,
}

/// A task group: the tasks of one layer, and the groups it depends on.
#[derive(Clone, Debug)]
pub struct Group {
    pub name: String,
    pub tasks: Vec<TaskId>,
    pub dependencies: Vec<GroupId>,
}

/// Adds tasks one by one (dependencies first), then validates.
#[derive(Default)]
pub struct GraphBuilder {
    tasks: Vec<TaskSpec>,
    by_key: HashMap<String, TaskId>,
    duplicate: Option<String>,
}

impl GraphBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a task whose dependencies were added before; returns its id.
    pub fn add(&mut self, spec: TaskSpec) -> TaskId {
        let id = TaskId(self.tasks.len() as u32);
        if self.by_key.insert(spec.key.clone(), id).is_some() && self.duplicate.is_none() {
            self.duplicate = Some(spec.key.clone());
        }
        self.tasks.push(spec);
        id
    }

    pub fn id(&self, key: &str) -> Option<TaskId> {
        self.by_key.get(key).copied()
    }

    pub fn spec(&self, id: TaskId) -> &TaskSpec {
        &self.tasks[id.index()]
    }

    pub fn len(&self) -> usize {
        self.tasks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }

    pub fn build(self) -> Result<TaskGraph, GraphError> {
        if let Some(key) = self.duplicate {
            return Err(GraphError::DuplicateKey { key });
        }
        TaskGraph::from_specs(self.tasks)
    }
}

impl TaskGraph {
    /// Validates and indexes a list of specs whose `deps` index into the same list.
    pub fn from_specs(tasks: Vec<TaskSpec>) -> Result<TaskGraph, GraphError> {
        let n = tasks.len();
        let mut by_key = HashMap::with_capacity(n);
        for (i, t) in tasks.iter().enumerate() {
            if by_key.insert(t.key.clone(), TaskId(i as u32)).is_some() {
                return Err(GraphError::DuplicateKey { key: t.key.clone() });
            }
        }
        let mut dependents = vec![Vec::new(); n];
        for (i, t) in tasks.iter().enumerate() {
            for d in &t.deps {
                if d.index() >= n {
                    return Err(GraphError::MissingDependency {
                        key: t.key.clone(),
                        dep: format!("#{}", d.0),
                    });
                }
                dependents[d.index()].push(TaskId(i as u32));
            }
        }
        check_acyclic(&tasks, &dependents)?;

        let mut prefixes: Vec<String> = Vec::new();
        let mut prefix_index: HashMap<String, PrefixId> = HashMap::new();
        let mut groups: Vec<Group> = Vec::new();
        let mut group_index: HashMap<String, GroupId> = HashMap::new();
        let mut prefix_of = Vec::with_capacity(n);
        let mut group_of = Vec::with_capacity(n);
        for (i, t) in tasks.iter().enumerate() {
            let p = key_split(&t.key);
            let pid = *prefix_index.entry(p.clone()).or_insert_with(|| {
                prefixes.push(p);
                PrefixId(prefixes.len() as u32 - 1)
            });
            let g = key_group(&t.key);
            let gid = *group_index.entry(g.clone()).or_insert_with(|| {
                groups.push(Group { name: g, tasks: Vec::new(), dependencies: Vec::new() });
                GroupId(groups.len() as u32 - 1)
            });
            groups[gid.0 as usize].tasks.push(TaskId(i as u32));
            prefix_of.push(pid);
            group_of.push(gid);
        }
        for (i, t) in tasks.iter().enumerate() {
            let g = group_of[i];
            for d in &t.deps {
                let dg = group_of[d.index()];
                if dg != g && !groups[g.0 as usize].dependencies.contains(&dg) {
                    groups[g.0 as usize].dependencies.push(dg);
                }
            }
        }
        Ok(TaskGraph {
            inner: Arc::new(Inner { tasks, dependents, prefix_of, group_of, prefixes, groups, by_key }),
        })
    }

    pub fn len(&self) -> usize {
        self.inner.tasks.len()
    }
    pub fn is_empty(&self) -> bool {
        self.inner.tasks.is_empty()
    }
    pub fn ids(&self) -> impl ExactSizeIterator<Item = TaskId> + DoubleEndedIterator {
        (0..self.inner.tasks.len() as u32).map(TaskId)
    }
    pub fn task(&self, id: TaskId) -> &TaskSpec {
        &self.inner.tasks[id.index()]
    }
    pub fn tasks(&self) -> &[TaskSpec] {
        &self.inner.tasks
    }
    pub fn key(&self, id: TaskId) -> &str {
        &self.inner.tasks[id.index()].key
    }
    pub fn id(&self, key: &str) -> Option<TaskId> {
        self.inner.by_key.get(key).copied()
    }
    pub fn deps(&self, id: TaskId) -> &[TaskId] {
        &self.inner.tasks[id.index()].deps
    }
    pub fn dependents(&self, id: TaskId) -> &[TaskId] {
        &self.inner.dependents[id.index()]
    }
    pub fn prefix(&self, id: TaskId) -> PrefixId {
        self.inner.prefix_of[id.index()]
    }
    pub fn prefix_name(&self, p: PrefixId) -> &str {
        &self.inner.prefixes[p.0 as usize]
    }
    pub fn prefixes(&self) -> &[String] {
        &self.inner.prefixes
    }
    pub fn group(&self, id: TaskId) -> GroupId {
        self.inner.group_of[id.index()]
    }
    pub fn group_info(&self, g: GroupId) -> &Group {
        &self.inner.groups[g.0 as usize]
    }
    pub fn groups(&self) -> &[Group] {
        &self.inner.groups
    }

    /// Tasks no other task depends on: what a client asks for by default.
    pub fn outputs(&self) -> Vec<TaskId> {
        self.ids().filter(|&t| self.dependents(t).is_empty()).collect()
    }

    /// Ids sorted so every task comes after its dependencies (Kahn, stable by id).
    pub fn topological_order(&self) -> Vec<TaskId> {
        topo(&self.inner.tasks, &self.inner.dependents).expect("validated graph is acyclic")
    }

    /// Longest chain of compute time through the graph: a lower bound on any makespan.
    pub fn critical_path(&self) -> SimDuration {
        let mut finish = vec![0u64; self.len()];
        let mut best = 0;
        for t in self.topological_order() {
            let start = self.deps(t).iter().map(|d| finish[d.index()]).max().unwrap_or(0);
            let f = start + self.task(t).duration.0;
            finish[t.index()] = f;
            best = best.max(f);
        }
        SimDuration(best)
    }

    /// Sum of all tasks' compute time.
    pub fn total_work(&self) -> SimDuration {
        SimDuration(self.inner.tasks.iter().map(|t| t.duration.0).sum())
    }
}

fn topo(tasks: &[TaskSpec], dependents: &[Vec<TaskId>]) -> Option<Vec<TaskId>> {
    let n = tasks.len();
    let mut missing: Vec<u32> = tasks.iter().map(|t| t.deps.len() as u32).collect();
    let mut ready: std::collections::VecDeque<TaskId> =
        (0..n as u32).filter(|&i| missing[i as usize] == 0).map(TaskId).collect();
    let mut out = Vec::with_capacity(n);
    while let Some(t) = ready.pop_front() {
        out.push(t);
        for d in &dependents[t.index()] {
            missing[d.index()] -= 1;
            if missing[d.index()] == 0 {
                ready.push_back(*d);
            }
        }
    }
    (out.len() == n).then_some(out)
}

fn check_acyclic(tasks: &[TaskSpec], dependents: &[Vec<TaskId>]) -> Result<(), GraphError> {
    if topo(tasks, dependents).is_some() {
        return Ok(());
    }
    // Find one cycle to name: walk dependencies among the tasks Kahn could not order.
    let n = tasks.len();
    let mut missing: Vec<u32> = tasks.iter().map(|t| t.deps.len() as u32).collect();
    let mut stack: Vec<usize> = (0..n).filter(|&i| missing[i] == 0).collect();
    let mut done = vec![false; n];
    while let Some(i) = stack.pop() {
        done[i] = true;
        for d in &dependents[i] {
            missing[d.index()] -= 1;
            if missing[d.index()] == 0 {
                stack.push(d.index());
            }
        }
    }
    let start = (0..n).find(|&i| !done[i]).expect("a cycle exists");
    let mut seen = vec![usize::MAX; n];
    let mut path = Vec::new();
    let mut cur = start;
    while seen[cur] == usize::MAX {
        seen[cur] = path.len();
        path.push(cur);
        cur = tasks[cur].deps.iter().map(|d| d.index()).find(|&d| !done[d]).expect("stuck task has a stuck dependency");
    }
    let mut keys: Vec<String> = path[seen[cur]..].iter().rev().map(|&i| tasks[i].key.clone()).collect();
    keys.push(keys[0].clone());
    Err(GraphError::Cycle { keys })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain() -> TaskGraph {
        let mut b = GraphBuilder::new();
        let a = b.add(TaskSpec::new("a", vec![]).duration(SimDuration::from_millis(5)));
        let x = b.add(TaskSpec::new("x", vec![]).duration(SimDuration::from_millis(1)));
        b.add(TaskSpec::new("b", vec![a, x]).duration(SimDuration::from_millis(3)));
        b.build().unwrap()
    }

    #[test]
    fn dependents_mirror_dependencies() {
        let g = chain();
        let a = g.id("a").unwrap();
        let b = g.id("b").unwrap();
        assert_eq!(g.dependents(a), &[b]);
        assert_eq!(g.outputs(), vec![b]);
    }

    #[test]
    fn critical_path_follows_the_slowest_chain() {
        let g = chain();
        assert_eq!(g.critical_path(), SimDuration::from_millis(8));
        assert_eq!(g.total_work(), SimDuration::from_millis(9));
    }

    #[test]
    fn a_cycle_is_named_key_by_key() {
        let mut t = vec![TaskSpec::new("p", vec![TaskId(1)]), TaskSpec::new("q", vec![TaskId(0)])];
        t.push(TaskSpec::new("r", vec![]));
        let err = TaskGraph::from_specs(t).unwrap_err();
        assert!(matches!(&err, GraphError::Cycle { keys } if keys.len() == 3), "{err}");
        assert!(err.to_string().contains("p") && err.to_string().contains("q"));
    }

    #[test]
    fn duplicate_keys_are_refused() {
        let mut b = GraphBuilder::new();
        b.add(TaskSpec::new("a", vec![]));
        b.add(TaskSpec::new("a", vec![]));
        assert_eq!(b.build().unwrap_err(), GraphError::DuplicateKey { key: "a".into() });
    }

    #[test]
    fn groups_know_the_groups_they_depend_on() {
        let mut b = GraphBuilder::new();
        let x0 = b.add(TaskSpec::new("('x-1', 0)", vec![]));
        let x1 = b.add(TaskSpec::new("('x-1', 1)", vec![]));
        b.add(TaskSpec::new("('sum-2', 0)", vec![x0, x1]));
        let g = b.build().unwrap();
        let sum = g.group(g.id("('sum-2', 0)").unwrap());
        assert_eq!(g.group_info(sum).name, "sum-2");
        assert_eq!(g.group_info(sum).dependencies, vec![g.group(x0)]);
        assert_eq!(g.prefix_name(g.prefix(x0)), "x");
    }
}
