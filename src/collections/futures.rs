//! The futures API as a client program: lines of lecture code (`client.submit`, `client.map`,
//! `x.result()`, `client.gather`, `client.scatter`, `del x`, `time.sleep`) become a graph and
//! the client's timed actions.
//!
//! Keys are Dask's: `funcname-<token>` for pure calls (the default, so the same call twice is
//! one task), `funcname-<uuid>` with `pure=False`; `map` tokenises each element
//! (`funcname-<token>`, or `funcname-<uuid>-<i>` when impure); scattered data is
//! `type-<token>`. `submit` and `map` return at once; `.result()` and `gather` bring results
//! over the client's link; `scatter` waits until its data is on a worker, as Dask's does.
//! Builds the workload only; the simulation runs it.

mod funcs;
mod parse;

use super::token::{tokenize, uuid4};
use crate::graph::{GraphBuilder, Kernel, TaskId, TaskSpec};
use crate::rng::Rng;
use crate::sim::{ClientAction, ClientOp, ClientTraceEvent, ClusterSpec, FutureStatus, Trace, TraceEvent, WorkerEvent, Workload, World};
use crate::time::{SimDuration, SimTime};
use crate::value::Value;
use funcs::{Func, Shape};
use parse::{parse_line, Expr, Kind, Stmt};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// A problem in the program: the line (0-based index into the lines) and column (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}: {}", self.line + 1, self.column, self.message)
    }
}

impl std::error::Error for CallError {}

/// A client program turned into a workload, with the futures each name holds.
#[derive(Clone, Debug)]
pub struct Program {
    pub workload: Workload,
    /// What each name was last bound to (one task for a future, several for a list).
    pub names: BTreeMap<String, Vec<TaskId>>,
}

/// The workload of a client program on a default local cluster.
pub fn program(lines: &[String]) -> Result<Workload, CallError> {
    parse(lines, &ClusterSpec::local(1, 1)).map(|p| p.workload)
}

/// The program, timed for `cluster`'s client link (how long `scatter` blocks).
pub fn parse(lines: &[String], cluster: &ClusterSpec) -> Result<Program, CallError> {
    let mut client = Client {
        b: GraphBuilder::new(),
        actions: Vec::new(),
        env: BTreeMap::new(),
        now: SimTime::ZERO,
        rng: Rng::new(0x5eed_f00d),
        shapes: Vec::new(),
        latency: cluster.latency,
        client_bandwidth: cluster.client_bandwidth,
        line: 0,
        released: std::collections::BTreeSet::new(),
    };
    for (i, src) in lines.iter().enumerate() {
        client.line = i;
        let stmt = parse_line(src).map_err(|e| CallError { line: i, column: e.column, message: e.message })?;
        client.statement(stmt)?;
    }
    let names = client
        .env
        .iter()
        .filter_map(|(n, v)| match v {
            Val::Future(t) => Some((n.clone(), vec![*t])),
            Val::Futures(ts) => Some((n.clone(), ts.clone())),
            _ => None,
        })
        .collect();
    let graph = client.b.build().map_err(|e| CallError { line: 0, column: 1, message: e.to_string() })?;
    Ok(Program { workload: Workload { graph, client: client.actions }, names })
}

/// A value while the program is read.
#[derive(Clone, Debug)]
enum Val {
    Num(f64),
    Seq(Vec<Val>),
    Future(TaskId),
    Futures(Vec<TaskId>),
    Func(Func),
    /// Local data made on the client (`np.random.random(...)` not submitted).
    Data(Func, Vec<Val>),
    /// Something only the client holds (a gathered result, a shape, `None`).
    Local,
}

struct Client {
    b: GraphBuilder,
    actions: Vec<ClientAction>,
    env: BTreeMap<String, Val>,
    now: SimTime,
    rng: Rng,
    /// Static shape of every task's result, by task index.
    shapes: Vec<Shape>,
    latency: SimDuration,
    client_bandwidth: f64,
    line: usize,
    /// Tasks whose futures were all dropped (`del`): calling again submits them again.
    released: std::collections::BTreeSet<TaskId>,
}

/// An argument as the kernel sees it: a literal, or the value of the `i`th dependency.
#[derive(Clone, Debug)]
enum Arg {
    Lit(f64),
    Dep(usize),
    Seq(Vec<Arg>),
}

impl Client {
    fn err(&self, column: usize, message: impl Into<String>) -> CallError {
        CallError { line: self.line, column, message: message.into() }
    }

    fn act(&mut self, op: ClientOp) {
        self.actions.push(ClientAction { at: self.now, op });
    }

    fn statement(&mut self, stmt: Stmt) -> Result<(), CallError> {
        match stmt {
            Stmt::Blank => Ok(()),
            Stmt::Assign { name, value } => {
                let v = self.eval(&value)?;
                self.env.insert(name, v);
                Ok(())
            }
            Stmt::Expr(e) => self.eval(&e).map(|_| ()),
            Stmt::Del(names) => {
                for (n, col) in names {
                    let tasks = match self.env.remove(&n) {
                        Some(Val::Future(t)) => vec![t],
                        Some(Val::Futures(ts)) => ts,
                        Some(_) => vec![],
                        None => return Err(self.err(col, format!("name `{n}` is not defined"))),
                    };
                    // Futures are counted per key: a key another name still holds stays.
                    let held = self.held();
                    let tasks: Vec<TaskId> = tasks.into_iter().filter(|t| !held.contains(t)).collect();
                    if !tasks.is_empty() {
                        self.released.extend(tasks.iter().copied());
                        self.act(ClientOp::Release { tasks });
                    }
                }
                Ok(())
            }
        }
    }

    /// Tasks some name still holds a future of.
    fn held(&self) -> std::collections::BTreeSet<TaskId> {
        let mut out = std::collections::BTreeSet::new();
        for v in self.env.values() {
            match v {
                Val::Future(t) => {
                    out.insert(*t);
                }
                Val::Futures(ts) => out.extend(ts.iter().copied()),
                _ => {}
            }
        }
        out
    }

    fn eval(&mut self, e: &Expr) -> Result<Val, CallError> {
        match &e.kind {
            Kind::Num(x) => Ok(Val::Num(*x)),
            Kind::Str(_) => Ok(Val::Local),
            Kind::Tuple(items) | Kind::List(items) => Ok(Val::Seq(items.iter().map(|i| self.eval(i)).collect::<Result<_, _>>()?)),
            Kind::Name(n) => match self.env.get(n) {
                Some(v) => Ok(v.clone()),
                None => Func::lookup(n)
                    .map(Val::Func)
                    .ok_or_else(|| self.err(e.col, format!("name `{n}` is not defined (known functions: {})", Func::KNOWN))),
            },
            Kind::Lambda { param, body } => match &body.kind {
                Kind::Attr(inner, attr) if attr == "shape" && inner.kind == Kind::Name(param.clone()) => {
                    Ok(Val::Func(Func::Shape { lambda: true }))
                }
                _ => Err(self.err(body.col, format!("only `lambda {param}: {param}.shape` is known as a lambda"))),
            },
            Kind::Attr(base, attr) => {
                if let Some(f) = dotted(e).as_deref().and_then(Func::lookup) {
                    return Ok(Val::Func(f));
                }
                let v = self.eval(base)?;
                match (v, attr.as_str()) {
                    (Val::Local, _) => Ok(Val::Local),
                    (Val::Future(_), "shape") => Err(self.err(e.col, "a future has no shape: call `.result()` first, or submit a function that returns it")),
                    (_, _) => Err(self.err(e.col, format!("unknown attribute `{attr}`"))),
                }
            }
            Kind::Call { callee, args, kwargs } => self.call(e.col, callee, args, kwargs),
        }
    }

    fn call(&mut self, col: usize, callee: &Expr, args: &[Expr], kwargs: &[(String, Expr)]) -> Result<Val, CallError> {
        let name = dotted(callee).unwrap_or_default();
        match name.as_str() {
            "client.submit" => return self.submit(col, args, kwargs),
            "client.map" => return self.map(col, args, kwargs),
            "client.scatter" => return self.scatter(col, args),
            "client.gather" => {
                let tasks = self.futures_of(col, args)?;
                self.act(ClientOp::Gather { tasks });
                return Ok(Val::Local);
            }
            // The cluster is the scenario's; `Client(...)` and `type(x)` only name things.
            "Client" | "type" | "print" => return Ok(Val::Local),
            "time.sleep" => {
                let s = match args.first().map(|a| self.eval(a)).transpose()? {
                    Some(Val::Num(s)) if s >= 0.0 => s,
                    _ => return Err(self.err(col, "time.sleep takes a number of seconds")),
                };
                self.now += SimDuration::from_secs_f64(s);
                return Ok(Val::Local);
            }
            "range" => {
                let n = match args.iter().map(|a| self.eval(a)).collect::<Result<Vec<_>, _>>()?.as_slice() {
                    [Val::Num(n)] => 0..*n as i64,
                    [Val::Num(a), Val::Num(b)] => *a as i64..*b as i64,
                    _ => return Err(self.err(col, "range takes one or two numbers")),
                };
                return Ok(Val::Seq(n.map(|i| Val::Num(i as f64)).collect()));
            }
            _ => {}
        }
        if let Kind::Attr(base, method) = &callee.kind {
            if method == "result" {
                let tasks = self.futures_of(col, std::slice::from_ref(base))?;
                self.act(ClientOp::Gather { tasks });
                return Ok(Val::Local);
            }
        }
        match self.eval(callee)? {
            Val::Func(f @ (Func::Random | Func::Ones)) => {
                let vals = args.iter().map(|a| self.eval(a)).collect::<Result<_, _>>()?;
                Ok(Val::Data(f, vals))
            }
            Val::Func(f) => Err(self.err(col, format!("`{}` runs on the cluster here: use client.submit({}, ...)", f.name(), f.name()))),
            _ => Err(self.err(col, format!("`{name}` is not something this client program can call"))),
        }
    }

    fn futures_of(&mut self, col: usize, args: &[Expr]) -> Result<Vec<TaskId>, CallError> {
        let mut out = Vec::new();
        for a in args {
            match self.eval(a)? {
                Val::Future(t) => out.push(t),
                Val::Futures(ts) => out.extend(ts),
                Val::Seq(items) if items.iter().all(|v| matches!(v, Val::Future(_))) => {
                    out.extend(items.iter().filter_map(|v| if let Val::Future(t) = v { Some(*t) } else { None }))
                }
                _ => return Err(self.err(a.col, "expected a future or a list of futures")),
            }
        }
        if out.is_empty() {
            return Err(self.err(col, "nothing to gather"));
        }
        Ok(out)
    }

    fn kw(&mut self, kwargs: &[(String, Expr)], allowed: &[&str]) -> Result<BTreeMap<String, Val>, CallError> {
        let mut out = BTreeMap::new();
        for (k, v) in kwargs {
            if !allowed.contains(&k.as_str()) {
                return Err(self.err(v.col, format!("unknown keyword `{k}=` (known: {})", allowed.join(", "))));
            }
            let val = match (k.as_str(), &v.kind) {
                ("pure", Kind::Name(b)) if b == "True" => Val::Num(1.0),
                ("pure", Kind::Name(b)) if b == "False" => Val::Num(0.0),
                ("pure", _) => return Err(self.err(v.col, "pure= takes True or False")),
                _ => self.eval(v)?,
            };
            out.insert(k.clone(), val);
        }
        Ok(out)
    }

    fn func_arg(&mut self, col: usize, args: &[Expr]) -> Result<Func, CallError> {
        match args.first().map(|a| self.eval(a)).transpose()? {
            Some(Val::Func(f)) => Ok(f),
            Some(_) => Err(self.err(args[0].col, format!("the first argument must be a function (known: {})", Func::KNOWN))),
            None => Err(self.err(col, "missing the function to run")),
        }
    }

    fn submit(&mut self, col: usize, args: &[Expr], kwargs: &[(String, Expr)]) -> Result<Val, CallError> {
        let f = self.func_arg(col, args)?;
        let kw = self.kw(kwargs, &["pure", "delay", "priority", "retries"])?;
        let vals: Vec<Val> = args[1..].iter().map(|a| self.eval(a)).collect::<Result<_, _>>()?;
        if vals.len() != f.arity() {
            return Err(self.err(col, format!("{} takes {} argument(s), got {}", f.name(), f.arity(), vals.len())));
        }
        let pure = !matches!(kw.get("pure"), Some(Val::Num(p)) if *p == 0.0);
        let key = if pure {
            self.pure_key(f, &kw, &vals)
        } else {
            format!("{}-{}", f.name(), uuid4(&mut self.rng))
        };
        let t = self.task(col, f, key, &vals, &kw)?;
        Ok(Val::Future(t))
    }

    /// A pure call's key, `funcname-<token of (func, kwargs, *args)>`: the same for `submit`
    /// and for each element of `map`, as Dask's, so the same call is one task either way.
    fn pure_key(&self, f: Func, kw: &BTreeMap<String, Val>, vals: &[Val]) -> String {
        let mut parts = vec![f.name().to_string(), kw_repr(kw)];
        parts.extend(vals.iter().map(|v| self.repr(v)));
        format!("{}-{}", f.name(), tokenize(&parts.iter().map(String::as_str).collect::<Vec<_>>()))
    }

    /// `client.map(func, *iterables)`: one task per position, taking one element of each
    /// iterable (as Python's `map`, the iterables must be as long as each other here).
    fn map(&mut self, col: usize, args: &[Expr], kwargs: &[(String, Expr)]) -> Result<Val, CallError> {
        let f = self.func_arg(col, args)?;
        let kw = self.kw(kwargs, &["pure", "delay", "priority", "retries"])?;
        if args.len() != 1 + f.arity() {
            let its = (1..=f.arity()).map(|i| format!("items{i}")).collect::<Vec<_>>().join(", ");
            return Err(self.err(col, format!("client.map({}, {its}) takes {} iterable(s), got {}", f.name(), f.arity(), args.len() - 1)));
        }
        let mut columns: Vec<Vec<Val>> = Vec::new();
        for a in &args[1..] {
            let items = match self.eval(a)? {
                Val::Seq(items) => items,
                Val::Futures(ts) => ts.into_iter().map(Val::Future).collect(),
                _ => return Err(self.err(a.col, "client.map needs a list, a tuple, range(n) or a list of futures")),
            };
            if let Some(first) = columns.first().filter(|c| c.len() != items.len()) {
                return Err(self.err(a.col, format!("this iterable has {} items, the first has {}", items.len(), first.len())));
            }
            columns.push(items);
        }
        let pure = !matches!(kw.get("pure"), Some(Val::Num(p)) if *p == 0.0);
        let batch = if pure { String::new() } else { uuid4(&mut self.rng) };
        let mut out = Vec::new();
        for i in 0..columns[0].len() {
            let vals: Vec<Val> = columns.iter().map(|c| c[i].clone()).collect();
            let key = if pure {
                self.pure_key(f, &kw, &vals)
            } else {
                format!("{}-{batch}-{i}", f.name())
            };
            out.push(self.task(args[1].col, f, key, &vals, &kw)?);
        }
        Ok(Val::Futures(out))
    }

    fn scatter(&mut self, col: usize, args: &[Expr]) -> Result<Val, CallError> {
        let [arg] = args else { return Err(self.err(col, "client.scatter takes the data to scatter")) };
        let (type_name, shape, nbytes, token) = match self.eval(arg)? {
            Val::Num(x) => ("float", Shape::Number, 24, tokenize(&["float", &x.to_string()])),
            Val::Data(f, vals) => {
                let dims = self.static_shape(&vals);
                let s = f.result_shape(&dims);
                let (_, nbytes, _) = f.cost(&dims, None);
                // Random data hashes to new content every call; ones hash alike.
                let token = if f == Func::Random { uuid4(&mut self.rng) } else { tokenize(&[f.name(), &format!("{dims:?}")]) };
                ("ndarray", s, nbytes, tokenize(&[&token]))
            }
            _ => return Err(self.err(arg.col, "scatter a number or local data such as np.random.random((1000, 1000))")),
        };
        let key = format!("{type_name}-{token}");
        if let Some(t) = self.b.id(&key) {
            return Ok(Val::Future(t));
        }
        let mut spec = TaskSpec::new(key, vec![]).nbytes(nbytes).func("scatter");
        spec.scattered = true;
        let t = self.b.add(spec);
        self.shapes.push(shape);
        self.act(ClientOp::Scatter { task: t, worker: None });
        // `scatter` blocks until the data is on a worker and the scheduler knows it.
        let moving = SimDuration::from_secs_f64(nbytes as f64 / self.client_bandwidth);
        self.now = self.now + moving + self.latency + self.latency + SimDuration::from_millis(1);
        Ok(Val::Future(t))
    }

    fn static_shape(&self, vals: &[Val]) -> Vec<Shape> {
        vals.iter()
            .map(|v| match v {
                Val::Num(_) => Shape::Number,
                Val::Seq(items) if items.iter().all(|i| matches!(i, Val::Num(_))) => {
                    Shape::Dims(items.iter().map(|i| if let Val::Num(x) = i { *x as usize } else { 0 }).collect())
                }
                Val::Seq(items) => Shape::List(items.len()),
                Val::Futures(ts) => Shape::List(ts.len()),
                Val::Future(t) => self.shapes[t.index()].clone(),
                _ => Shape::Number,
            })
            .collect()
    }

    /// How a value enters a token: literals by value, futures by key.
    fn repr(&self, v: &Val) -> String {
        match v {
            Val::Num(x) => format!("{x}"),
            Val::Seq(items) => format!("[{}]", items.iter().map(|i| self.repr(i)).collect::<Vec<_>>().join(",")),
            Val::Future(t) => self.b.spec(*t).key.clone(),
            Val::Futures(ts) => ts.iter().map(|t| self.b.spec(*t).key.clone()).collect::<Vec<_>>().join(","),
            Val::Func(f) => f.name().to_string(),
            Val::Data(f, vals) => format!("{}({})", f.name(), vals.iter().map(|i| self.repr(i)).collect::<Vec<_>>().join(",")),
            Val::Local => "local".into(),
        }
    }

    /// The task for one call (or the existing one, for a pure call made before).
    fn task(&mut self, col: usize, f: Func, key: String, vals: &[Val], kw: &BTreeMap<String, Val>) -> Result<TaskId, CallError> {
        if let Some(t) = self.b.id(&key) {
            // The same pure call again: the same future, unless the client let it go.
            if self.released.remove(&t) {
                self.act(ClientOp::Submit { tasks: vec![t], wanted: vec![t], priority: 0, fifo_timeout_us: 100_000 });
            }
            return Ok(t);
        }
        let mut deps: Vec<TaskId> = Vec::new();
        let args: Vec<Arg> = vals.iter().map(|v| self.arg(col, v, &mut deps)).collect::<Result<_, _>>()?;
        let delay = match kw.get("delay") {
            Some(Val::Num(d)) if *d >= 0.0 => Some(*d),
            Some(_) => return Err(self.err(col, "delay= takes a number of seconds")),
            None => None,
        };
        let shapes = self.static_shape(vals);
        let (duration, nbytes, gil) = f.cost(&shapes, delay);
        let seed = self.rng.next_u64();
        let fallback: Vec<Option<Vec<usize>>> = deps
            .iter()
            .map(|d| match &self.shapes[d.index()] {
                Shape::Array(s) => Some(s.clone()),
                _ => None,
            })
            .collect();
        let kernel: Kernel = Arc::new(move |inputs: &[&Value]| {
            let vals: Vec<Value> = args.iter().map(|a| resolve(a, inputs, &fallback)).collect();
            f.apply(&vals, seed)
        });
        let mut spec = TaskSpec::new(key, deps).func(f.name()).duration(duration).nbytes(nbytes).gil(gil).kernel(kernel);
        if let Some(Val::Num(p)) = kw.get("priority") {
            spec.priority = *p as i32;
        }
        if let Some(Val::Num(r)) = kw.get("retries") {
            spec.retries = *r as u32;
        }
        spec.data_producer = matches!(f, Func::Random | Func::Ones);
        let t = self.b.add(spec);
        self.shapes.push(f.result_shape(&shapes));
        // Dask's submit and map send with fifo_timeout="100 ms".
        self.act(ClientOp::Submit { tasks: vec![t], wanted: vec![t], priority: 0, fifo_timeout_us: 100_000 });
        Ok(t)
    }

    fn arg(&self, col: usize, v: &Val, deps: &mut Vec<TaskId>) -> Result<Arg, CallError> {
        let mut dep = |t: TaskId| {
            let i = deps.iter().position(|d| *d == t).unwrap_or_else(|| {
                deps.push(t);
                deps.len() - 1
            });
            Arg::Dep(i)
        };
        Ok(match v {
            Val::Num(x) => Arg::Lit(*x),
            Val::Future(t) => dep(*t),
            Val::Futures(ts) => Arg::Seq(ts.iter().map(|t| dep(*t)).collect()),
            Val::Seq(items) => Arg::Seq(items.iter().map(|i| self.arg(col, i, deps)).collect::<Result<_, _>>()?),
            _ => return Err(self.err(col, "arguments are numbers, tuples, lists or futures here")),
        })
    }
}

/// An argument's value from the dependencies' values; data without a value (scattered,
/// or too large to hold) stands in by its shape.
fn resolve(a: &Arg, inputs: &[&Value], fallback: &[Option<Vec<usize>>]) -> Value {
    match a {
        Arg::Lit(x) => Value::Scalar(*x),
        Arg::Dep(i) => match (inputs.get(*i), &fallback[*i]) {
            (Some(Value::Unit) | None, Some(shape)) => Value::Virtual { shape: shape.clone() },
            (Some(v), _) => (*v).clone(),
            (None, None) => Value::Unit,
        },
        Arg::Seq(items) => Value::Tuple(items.iter().map(|i| resolve(i, inputs, fallback)).collect()),
    }
}

fn kw_repr(kw: &BTreeMap<String, Val>) -> String {
    kw.iter()
        .filter(|(k, _)| k.as_str() != "pure")
        .map(|(k, v)| match v {
            Val::Num(x) => format!("{k}={x}"),
            _ => format!("{k}=?"),
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Why a future was cancelled or erred, in the student's words: a scattered input lost with
/// its worker (scattered data has no function, so nothing can recompute it).
pub fn why(world: &World, trace: &Trace, t: TaskId) -> Option<String> {
    let status = *world.futures().get(&t)?;
    if !matches!(status, FutureStatus::Cancelled | FutureStatus::Error | FutureStatus::Lost) {
        return None;
    }
    let g = world.graph();
    let names = world.worker_names();
    let mut stack = vec![t];
    let mut seen = std::collections::BTreeSet::new();
    while let Some(x) = stack.pop() {
        if !seen.insert(x) {
            continue;
        }
        if g.task(x).scattered {
            let holder = trace.entries.iter().find_map(|e| match &e.event {
                TraceEvent::Client(ClientTraceEvent::Scattered { task, worker }) if *task == x => Some(*worker),
                _ => None,
            });
            let died = holder.and_then(|w| {
                trace.entries.iter().find_map(|e| match &e.event {
                    TraceEvent::Worker { worker, event: WorkerEvent::Died { reason } } if *worker == w => Some(reason.clone()),
                    _ => None,
                })
            });
            if let (Some(w), Some(reason)) = (holder, died) {
                return Some(format!(
                    "{}: its input `{}` was scattered to worker {}, which died ({reason}); scattered data has no function to recompute it",
                    status.name(),
                    g.key(x),
                    names.get(w.index()).cloned().unwrap_or_default()
                ));
            }
        }
        stack.extend(g.deps(x).iter().copied());
    }
    None
}

/// `np.random.random` for an attribute chain of plain names.
fn dotted(e: &Expr) -> Option<String> {
    match &e.kind {
        Kind::Name(n) => Some(n.clone()),
        Kind::Attr(base, a) => dotted(base).map(|b| format!("{b}.{a}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
