//! A `dask.delayed` pipeline as lecture 003 draws it: load files → normalise each → a rolling
//! mean that reaches back into the previous file → compare random subsets of the results.
//!
//! Keys are `funcname-<uuid>` as `delayed` makes them by default (`delayed_pure` is False),
//! so building twice gives new keys; `pure = true` gives `funcname-<token>` keys that repeat.
//! Values are real (a seeded random walk per file) and `direct` computes the same answers
//! without a graph. Builds the workload only.

use super::token::{tokenize, uuid4};
use crate::graph::{GraphBuilder, Kernel, TaskId, TaskSpec};
use crate::rng::Rng;
use crate::sim::Workload;
use crate::time::SimDuration;
use crate::value::Value;
use serde::Deserialize;
use std::sync::Arc;

/// The pipeline: `files` files of `rows_per_file` numbers, a rolling mean over `window` rows,
/// and `comparisons` comparisons of two random files' random subsets.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineSpec {
    pub files: u32,
    pub rows_per_file: u64,
    pub window: u32,
    pub seed: u64,
    /// How many subset comparisons (default: one per pair of files, at most 8).
    #[serde(default)]
    pub comparisons: Option<u32>,
    /// Rows in each compared subset (default: a tenth of a file, at least one).
    #[serde(default)]
    pub subset: Option<u64>,
    /// `delayed(f, pure=True)`: deterministic keys.
    #[serde(default)]
    pub pure: bool,
}

const MAX_ROWS: u64 = 1_000_000;
const MAX_FILES: u32 = 1_000;

/// One comparison: the mean of `rows` of file `a` minus the mean of the same rows of file `b`.
#[derive(Clone, Debug, PartialEq)]
struct Comparison {
    a: usize,
    b: usize,
    rows: Vec<usize>,
}

impl PipelineSpec {
    fn check(&self) -> Result<(), String> {
        if self.files < 2 || self.files > MAX_FILES {
            return Err(format!("files = {}: comparing subsets needs 2 to {MAX_FILES} files", self.files));
        }
        if self.rows_per_file == 0 || self.rows_per_file > MAX_ROWS {
            return Err(format!("rows_per_file = {}: give 1 to {MAX_ROWS} rows", self.rows_per_file));
        }
        if self.window == 0 || self.window as u64 > self.rows_per_file {
            return Err(format!("window = {}: give 1 to rows_per_file ({}) rows", self.window, self.rows_per_file));
        }
        if let Some(s) = self.subset {
            if s == 0 || s > self.rows_per_file {
                return Err(format!("subset = {s}: give 1 to rows_per_file ({}) rows", self.rows_per_file));
            }
        }
        Ok(())
    }

    fn comparisons(&self) -> Vec<Comparison> {
        let n = self.files as u64;
        let count = self.comparisons.unwrap_or((n * (n - 1) / 2).min(8) as u32);
        let size = self.subset.unwrap_or((self.rows_per_file / 10).max(1));
        let mut rng = Rng::new(self.seed).fork(2);
        (0..count)
            .map(|_| {
                let a = rng.below(n) as usize;
                let b = (a + 1 + rng.below(n - 1) as usize) % n as usize;
                let rows = (0..size).map(|_| rng.below(self.rows_per_file) as usize).collect();
                Comparison { a, b, rows }
            })
            .collect()
    }
}

/// File `i`'s numbers: a seeded random walk.
fn load(spec: &PipelineSpec, i: usize) -> Vec<f64> {
    let mut rng = Rng::new(spec.seed).fork(1000 + i as u64);
    let mut x = 100.0 * i as f64;
    (0..spec.rows_per_file)
        .map(|_| {
            x += rng.next_f64() - 0.5;
            x
        })
        .collect()
}

fn normalize(xs: &[f64]) -> Vec<f64> {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
    let sd = if var > 0.0 { var.sqrt() } else { 1.0 };
    xs.iter().map(|x| (x - mean) / sd).collect()
}

/// The rolling mean of `current` over `window` rows, reaching back into `previous`
/// (`min_periods=1` at the very start).
fn rolling(previous: &[f64], current: &[f64], window: usize) -> Vec<f64> {
    let tail = &previous[previous.len().saturating_sub(window - 1)..];
    let joined: Vec<f64> = tail.iter().chain(current).copied().collect();
    (0..current.len())
        .map(|j| {
            let end = tail.len() + j + 1;
            let w = &joined[end.saturating_sub(window)..end];
            w.iter().sum::<f64>() / w.len() as f64
        })
        .collect()
}

fn compare(c: &Comparison, a: &[f64], b: &[f64]) -> f64 {
    let n = c.rows.len() as f64;
    c.rows.iter().map(|&r| a[r] - b[r]).sum::<f64>() / n
}

fn array(xs: Vec<f64>) -> Value {
    Value::array(ndarray::Array1::from(xs).into_dyn())
}

fn values(v: &Value) -> Result<Vec<f64>, String> {
    match v {
        Value::Array(a) => Ok(a.iter().copied().collect()),
        other => Err(format!("expected a column of numbers, got {other}")),
    }
}

/// The pipeline's graph, submitted at time zero; the outputs are the comparisons.
pub fn build(spec: &PipelineSpec) -> Result<Workload, String> {
    spec.check()?;
    let mut rng = Rng::new(spec.seed);
    let mut key = |func: &str, args: &[&str]| {
        if spec.pure {
            format!("{func}-{}", tokenize(&[&[func], args].concat()))
        } else {
            format!("{func}-{}", uuid4(&mut rng))
        }
    };
    let rows = spec.rows_per_file;
    let bytes = rows * 8;
    let window = spec.window as usize;
    let mut b = GraphBuilder::new();
    let mut normalized: Vec<TaskId> = Vec::new();
    for i in 0..spec.files as usize {
        let s = spec.clone();
        let load_kernel: Kernel = Arc::new(move |_: &[&Value]| Ok(array(load(&s, i))));
        let name = format!("data-{i:03}.csv");
        let l = b.add(
            TaskSpec::new(key("load", &[&name, &rows.to_string(), &spec.seed.to_string()]), vec![])
                .duration(SimDuration::from_micros(50_000 + rows / 20))
                .nbytes(bytes)
                .kernel(load_kernel),
        );
        let norm: Kernel = Arc::new(|v: &[&Value]| Ok(array(normalize(&values(v[0])?))));
        let lkey = b.spec(l).key.clone();
        normalized.push(b.add(
            TaskSpec::new(key("normalize", &[&lkey]), vec![l]).duration(SimDuration::from_micros(1_000 + rows / 100)).nbytes(bytes).kernel(norm),
        ));
    }
    let mut rolled: Vec<TaskId> = Vec::new();
    for i in 0..normalized.len() {
        let deps = if i == 0 { vec![normalized[0]] } else { vec![normalized[i - 1], normalized[i]] };
        let kernel: Kernel = Arc::new(move |v: &[&Value]| {
            let (prev, cur) = if v.len() == 2 { (values(v[0])?, values(v[1])?) } else { (Vec::new(), values(v[0])?) };
            Ok(array(rolling(&prev, &cur, window)))
        });
        let args: Vec<String> = deps.iter().map(|d| b.spec(*d).key.clone()).chain([window.to_string()]).collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        rolled.push(b.add(
            TaskSpec::new(key("rolling", &args), deps)
                .duration(SimDuration::from_micros(1_000 + rows * window as u64 / 1_000))
                .nbytes(bytes)
                .kernel(kernel),
        ));
    }
    for c in spec.comparisons() {
        let n = c.rows.len() as u64;
        let args = [b.spec(rolled[c.a]).key.clone(), b.spec(rolled[c.b]).key.clone(), format!("{:?}", c.rows)];
        let k = key("compare", &args.iter().map(String::as_str).collect::<Vec<_>>());
        if b.id(&k).is_some() {
            continue;
        }
        let deps = vec![rolled[c.a], rolled[c.b]];
        let kernel: Kernel = Arc::new(move |v: &[&Value]| Ok(Value::Scalar(compare(&c, &values(v[0])?, &values(v[1])?))));
        b.add(TaskSpec::new(k, deps).duration(SimDuration::from_micros(100 + n)).nbytes(8).kernel(kernel));
    }
    let graph = b.build().map_err(|e| e.to_string())?;
    Ok(Workload::compute(graph))
}

/// The comparisons computed directly, in order, on whole series (no graph, no blocks).
pub fn direct(spec: &PipelineSpec) -> Result<Vec<f64>, String> {
    spec.check()?;
    let series: Vec<Vec<f64>> = (0..spec.files as usize).map(|i| normalize(&load(spec, i))).collect();
    let all: Vec<f64> = series.concat();
    let w = spec.window as usize;
    let n = spec.rows_per_file as usize;
    let rolled_all: Vec<f64> = (0..all.len())
        .map(|j| {
            let lo = (j + 1).saturating_sub(w);
            all[lo..=j].iter().sum::<f64>() / (j + 1 - lo) as f64
        })
        .collect();
    let file = |i: usize| &rolled_all[i * n..(i + 1) * n];
    Ok(spec.comparisons().iter().map(|c| compare(c, file(c.a), file(c.b))).collect())
}

#[cfg(test)]
mod tests;
