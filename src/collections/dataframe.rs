//! `dask.dataframe` on lecture 003's tips demo: `read_csv` over byte blocks, an optional
//! filter, and `groupby(by)[column].agg()` (mean, sum or count) as Dask lowers it with
//! `split_out=1`: a chunk per partition, combines `split_every` at a time level by level,
//! and one aggregate. Keys and layer names follow Dask's (`read-block-<offset>-<token>`,
//! `('read-csv-<token>', i)`, `('<agg>-chunk-<token>', i)`, `('<agg>-tree-<token>', level, i)`,
//! `('<agg>-tree-<token>', 0)`). `direct` computes the same answer row by row.
//!
//! Builds the workload only.

mod tips;

use super::token::tokenize;
use crate::graph::{tuple_key, GraphBuilder, Kernel, TaskId, TaskSpec};
use crate::sim::Workload;
use crate::time::SimDuration;
use crate::value::Value;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use tips::{COLUMNS, DAYS, TIMES};

/// `dd.read_csv(..., blocksize=blocksize)[filter].groupby(by)[column].agg(agg, split_every=…)`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupbySpec {
    pub rows: u32,
    /// CSV bytes per partition.
    pub blocksize: u64,
    pub by: String,
    pub column: String,
    /// `mean`, `sum` or `count`.
    pub agg: String,
    /// `tip > 2`, `time == 'Dinner'`, … (a column, a comparison, a number or a quoted label).
    #[serde(default)]
    pub filter: Option<String>,
    /// Chunk outputs per combine task (Dask's groupby default is 8).
    #[serde(default)]
    pub split_every: Option<u32>,
    pub seed: u64,
}

/// Dask's `split_every` default for groupby aggregations.
pub const DEFAULT_SPLIT_EVERY: u32 = 8;
const MAX_ROWS: u32 = 1_000_000;
const MAX_PARTITIONS: usize = 10_000;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Agg {
    Mean,
    Sum,
    Count,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    Gt,
    Ge,
    Lt,
    Le,
    Eq,
    Ne,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Filter {
    column: usize,
    op: Op,
    value: f64,
}

impl Filter {
    fn keeps(&self, row: &[f64; 5]) -> bool {
        let x = row[self.column];
        match self.op {
            Op::Gt => x > self.value,
            Op::Ge => x >= self.value,
            Op::Lt => x < self.value,
            Op::Le => x <= self.value,
            Op::Eq => x == self.value,
            Op::Ne => x != self.value,
        }
    }
}

fn column(name: &str, what: &str) -> Result<usize, String> {
    COLUMNS.iter().position(|c| *c == name).ok_or_else(|| format!("{what} `{name}` is not a column (columns: {})", COLUMNS.join(", ")))
}

fn parse_filter(src: &str) -> Result<Filter, String> {
    let ops = [(">=", Op::Ge), ("<=", Op::Le), ("==", Op::Eq), ("!=", Op::Ne), (">", Op::Gt), ("<", Op::Lt)];
    let (at, sym, op) = ops
        .iter()
        .filter_map(|(s, op)| src.find(s).map(|i| (i, *s, *op)))
        .min_by_key(|(i, s, _)| (*i, std::cmp::Reverse(s.len())))
        .ok_or_else(|| format!("filter `{src}`: expected a comparison such as `tip > 2` or `time == 'Dinner'`"))?;
    let name = src[..at].trim().trim_start_matches("df.").trim_start_matches("df[").trim_end_matches(']').trim_matches(|c| c == '\'' || c == '"');
    let c = column(name, &format!("filter `{src}`: the name"))?;
    let raw = src[at + sym.len()..].trim();
    let value = if let Some(label) = raw.strip_prefix('\'').or_else(|| raw.strip_prefix('"')) {
        let label = label.trim_end_matches(['\'', '"']);
        let names: &[&str] = match c {
            2 => &DAYS,
            3 => &TIMES,
            _ => return Err(format!("filter `{src}`: `{}` holds numbers, not labels", COLUMNS[c])),
        };
        names.iter().position(|n| *n == label).ok_or_else(|| format!("filter `{src}`: `{label}` is not one of {}", names.join(", ")))? as f64
    } else {
        raw.parse().map_err(|_| format!("filter `{src}`: `{raw}` is not a number or a quoted label"))?
    };
    Ok(Filter { column: c, op, value })
}

struct Plan {
    by: usize,
    column: usize,
    agg: Agg,
    filter: Option<Filter>,
    split_every: usize,
}

impl GroupbySpec {
    fn plan(&self) -> Result<Plan, String> {
        if self.rows == 0 || self.rows > MAX_ROWS {
            return Err(format!("rows = {}: give 1 to {MAX_ROWS} rows", self.rows));
        }
        if self.blocksize == 0 {
            return Err("blocksize = 0: give the CSV bytes per partition".into());
        }
        let agg = match self.agg.as_str() {
            "mean" => Agg::Mean,
            "sum" => Agg::Sum,
            "count" => Agg::Count,
            other => return Err(format!("agg = `{other}`: use mean, sum or count")),
        };
        let split_every = self.split_every.unwrap_or(DEFAULT_SPLIT_EVERY);
        if split_every < 2 {
            return Err(format!("split_every = {split_every}: combine at least 2 at a time"));
        }
        let by = column(&self.by, "by")?;
        if by < 2 {
            return Err(format!("by = `{}`: group by a category (day, time or size)", self.by));
        }
        Ok(Plan {
            by,
            column: column(&self.column, "column")?,
            agg,
            filter: self.filter.as_deref().map(parse_filter).transpose()?,
            split_every: split_every as usize,
        })
    }
}

/// A group's label: the day or time name, or the number.
fn label(by: usize, code: f64) -> String {
    match by {
        2 => DAYS[code as usize].to_string(),
        3 => TIMES[code as usize].to_string(),
        _ => format!("{code}"),
    }
}

/// Rows as columns (`Value::Tuple` of five arrays) and back.
fn to_partition(rows: &[[f64; 5]]) -> Value {
    Value::Tuple((0..5).map(|c| Value::array(ndarray::Array1::from_iter(rows.iter().map(|r| r[c])).into_dyn())).collect())
}

fn from_partition(v: &Value) -> Result<Vec<[f64; 5]>, String> {
    let Value::Tuple(cols) = v else { return Err(format!("expected a partition, got {v}")) };
    let cols: Vec<Vec<f64>> = cols
        .iter()
        .map(|c| match c {
            Value::Array(a) => Ok(a.iter().copied().collect()),
            other => Err(format!("expected a column, got {other}")),
        })
        .collect::<Result<_, _>>()?;
    Ok((0..cols.first().map_or(0, Vec::len)).map(|i| [cols[0][i], cols[1][i], cols[2][i], cols[3][i], cols[4][i]]).collect())
}

/// Per-group (sum, count) as an array of rows `[group, sum, count]`, sorted by group.
fn partials(groups: &BTreeMap<i64, (f64, f64)>) -> Value {
    let flat: Vec<f64> = groups.iter().flat_map(|(g, (s, n))| [*g as f64, *s, *n]).collect();
    Value::array(ndarray::Array2::from_shape_vec((groups.len(), 3), flat).expect("three per group").into_dyn())
}

fn merge(inputs: &[&Value]) -> Result<BTreeMap<i64, (f64, f64)>, String> {
    let mut groups = BTreeMap::new();
    for v in inputs {
        let Value::Array(a) = v else { return Err(format!("expected partial sums, got {v}")) };
        for row in a.rows() {
            let e = groups.entry(row[0] as i64).or_insert((0.0, 0.0));
            e.0 += row[1];
            e.1 += row[2];
        }
    }
    Ok(groups)
}

fn finish(agg: Agg, groups: &BTreeMap<i64, (f64, f64)>) -> BTreeMap<i64, f64> {
    groups
        .iter()
        .map(|(g, (s, n))| {
            let v = match agg {
                Agg::Mean => s / n,
                Agg::Sum => *s,
                Agg::Count => *n,
            };
            (*g, v)
        })
        .collect()
}

/// The graph and its submission at time zero.
pub fn build(spec: &GroupbySpec) -> Result<Workload, String> {
    let plan = spec.plan()?;
    let text: Arc<str> = tips::csv(&tips::table(spec.rows, spec.seed)).into();
    let blocks = tips::offsets(text.len() as u64, spec.blocksize);
    if blocks.len() > MAX_PARTITIONS {
        return Err(format!("blocksize = {} makes {} partitions; at most {MAX_PARTITIONS}", spec.blocksize, blocks.len()));
    }
    let token = tokenize(&[&format!("{spec:?}")]);
    let short = &token[..8];
    let mut b = GraphBuilder::new();
    let mut parts: Vec<TaskId> = Vec::new();
    let csv_name = format!("read-csv-{token}");
    for (i, &(offset, length)) in blocks.iter().enumerate() {
        let t = text.clone();
        let bytes: Kernel = Arc::new(move |_: &[&Value]| {
            let (s, e) = tips::read_block(t.as_bytes(), offset, length);
            Ok(Value::Text(t[s..e].into()))
        });
        let mut read = TaskSpec::new(format!("read-block-{offset}-{short}"), vec![])
            .duration(SimDuration::from_micros(1_000 + length / 200))
            .nbytes(length)
            .kernel(bytes);
        read.data_producer = true;
        let r = b.add(read);
        let parse: Kernel = Arc::new(|v: &[&Value]| match v[0] {
            Value::Text(s) => tips::parse(s).map(|rows| to_partition(&rows)),
            other => Err(format!("read_csv expects bytes, got {other}")),
        });
        let rows_here = length / 25 + 1;
        parts.push(b.add(
            TaskSpec::new(tuple_key(&csv_name, &[i]), vec![r])
                .func("read_csv")
                .duration(SimDuration::from_micros(1_000 + length / 50))
                .nbytes(rows_here * 40)
                .kernel(parse),
        ));
    }
    if let Some(f) = plan.filter {
        let name = format!("filter-{}", tokenize(&[&csv_name, spec.filter.as_deref().unwrap_or_default()]));
        parts = parts
            .iter()
            .enumerate()
            .map(|(i, &p)| {
                let k: Kernel = Arc::new(move |v: &[&Value]| Ok(to_partition(&from_partition(v[0])?.into_iter().filter(|r| f.keeps(r)).collect::<Vec<_>>())));
                let nbytes = b.spec(p).nbytes;
                b.add(TaskSpec::new(tuple_key(&name, &[i]), vec![p]).duration(SimDuration::from_micros(200 + nbytes / 400)).nbytes(nbytes).kernel(k))
            })
            .collect();
    }
    let agg = spec.agg.as_str();
    let chunk_name = format!("{agg}-chunk-{token}");
    let (by, col) = (plan.by, plan.column);
    let mut level: Vec<TaskId> = parts
        .iter()
        .enumerate()
        .map(|(i, &p)| {
            let k: Kernel = Arc::new(move |v: &[&Value]| {
                let mut groups = BTreeMap::new();
                for r in from_partition(v[0])? {
                    let e = groups.entry(r[by] as i64).or_insert((0.0, 0.0));
                    e.0 += r[col];
                    e.1 += 1.0;
                }
                Ok(partials(&groups))
            });
            let nbytes = b.spec(p).nbytes;
            b.add(TaskSpec::new(tuple_key(&chunk_name, &[i]), vec![p]).duration(SimDuration::from_micros(500 + nbytes / 200)).nbytes(200).kernel(k))
        })
        .collect();
    let tree = format!("{agg}-tree-{token}");
    let combine: Kernel = Arc::new(|v: &[&Value]| merge(v).map(|g| partials(&g)));
    let mut depth = 1;
    while level.len() > plan.split_every {
        level = level
            .chunks(plan.split_every)
            .enumerate()
            .map(|(i, batch)| {
                b.add(TaskSpec::new(tuple_key(&tree, &[depth, i]), batch.to_vec()).duration(SimDuration::from_micros(300)).nbytes(200).kernel(combine.clone()))
            })
            .collect();
        depth += 1;
    }
    let a = plan.agg;
    let aggregate: Kernel = Arc::new(move |v: &[&Value]| {
        let out = finish(a, &merge(v)?);
        let flat: Vec<f64> = out.iter().flat_map(|(g, x)| [*g as f64, *x]).collect();
        Ok(Value::array(ndarray::Array2::from_shape_vec((out.len(), 2), flat).expect("two per group").into_dyn()))
    });
    b.add(TaskSpec::new(tuple_key(&tree, &[0]), level).duration(SimDuration::from_micros(300)).nbytes(200).kernel(aggregate));
    let graph = b.build().map_err(|e| e.to_string())?;
    Ok(Workload::compute(graph))
}

/// The aggregate task's value as `(group label, value)` rows, in group order.
pub fn result_table(spec: &GroupbySpec, v: &Value) -> Result<Vec<(String, f64)>, String> {
    let by = spec.plan()?.by;
    let Value::Array(a) = v else { return Err(format!("expected the aggregate's table, got {v}")) };
    Ok(a.rows().into_iter().map(|r| (label(by, r[0]), r[1])).collect())
}

/// The answer computed directly on the whole table, row by row.
pub fn direct(spec: &GroupbySpec) -> Result<Vec<(String, f64)>, String> {
    let plan = spec.plan()?;
    let mut groups: BTreeMap<i64, (f64, f64)> = BTreeMap::new();
    for row in tips::table(spec.rows, spec.seed) {
        let r = [row.get(0), row.get(1), row.get(2), row.get(3), row.get(4)];
        if plan.filter.is_some_and(|f| !f.keeps(&r)) {
            continue;
        }
        let e = groups.entry(r[plan.by] as i64).or_insert((0.0, 0.0));
        e.0 += r[plan.column];
        e.1 += 1.0;
    }
    Ok(finish(plan.agg, &groups).into_iter().map(|(g, x)| (label(plan.by, g as f64), x)).collect())
}

#[cfg(test)]
mod tests;
