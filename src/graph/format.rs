//! `tasklab-graph/1`: a task graph as JSON, so graphs can come from real Dask or go to tools.
//!
//! Only `key` and `deps` are required; the rest take Dask's defaults. Knows nothing of time
//! passing or workers' state.

use super::{GraphError, Restrictions, TaskGraph, TaskSpec};
use crate::time::SimDuration;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

pub const FORMAT: &str = "tasklab-graph/1";

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GraphFile {
    pub format: String,
    pub tasks: Vec<TaskEntry>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct RestrictionsEntry {
    #[serde(default)]
    pub workers: Vec<String>,
    #[serde(default)]
    pub loose: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TaskEntry {
    pub key: String,
    #[serde(default)]
    pub deps: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub func: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_us: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbytes: Option<u64>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub gil: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restrictions: Option<RestrictionsEntry>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub resources: BTreeMap<String, f64>,
    #[serde(default, skip_serializing_if = "is_zero_u32")]
    pub retries: u32,
    #[serde(default, skip_serializing_if = "is_zero_i32")]
    pub priority: i32,
}

fn is_zero_u32(v: &u32) -> bool {
    *v == 0
}
fn is_zero_i32(v: &i32) -> bool {
    *v == 0
}

/// Reads a `tasklab-graph/1` document. Tasks may be listed in any order.
pub fn from_json(text: &str) -> Result<TaskGraph, GraphError> {
    let file: GraphFile = serde_json::from_str(text).map_err(|e| {
        // serde_json ends its message with " at line L column C"; say the place once, first.
        let full = e.to_string();
        let what = full.rsplit_once(" at line ").map_or(full.as_str(), |(w, _)| w);
        GraphError::Format { message: format!("line {}, column {}: {what}", e.line(), e.column()) }
    })?;
    from_file(file)
}

pub fn from_file(file: GraphFile) -> Result<TaskGraph, GraphError> {
    if file.format != FORMAT {
        return Err(GraphError::Format {
            message: format!("expected \"format\": \"{FORMAT}\", found \"{}\"", file.format),
        });
    }
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(file.tasks.len());
    for (i, t) in file.tasks.iter().enumerate() {
        if index.insert(t.key.as_str(), i).is_some() {
            return Err(GraphError::DuplicateKey { key: t.key.clone() });
        }
    }
    let mut specs = Vec::with_capacity(file.tasks.len());
    for t in &file.tasks {
        let mut deps = Vec::with_capacity(t.deps.len());
        for d in &t.deps {
            match index.get(d.as_str()) {
                Some(&i) => deps.push(super::TaskId(i as u32)),
                None => {
                    return Err(GraphError::MissingDependency { key: t.key.clone(), dep: d.clone() })
                }
            }
        }
        let mut spec = TaskSpec::new(t.key.clone(), deps);
        if let Some(f) = &t.func {
            spec.func = f.clone();
        }
        if let Some(d) = t.duration_us {
            spec.duration = SimDuration(d);
        }
        if let Some(n) = t.nbytes {
            spec.nbytes = n;
        }
        spec.gil = t.gil;
        if let Some(r) = &t.restrictions {
            spec.restrictions = Restrictions { workers: r.workers.clone(), loose: r.loose };
        }
        spec.resources = t.resources.clone();
        spec.retries = t.retries;
        spec.priority = t.priority;
        specs.push(spec);
    }
    TaskGraph::from_specs(specs)
}

/// Writes a graph as a `tasklab-graph/1` document (kernels are not part of the format).
pub fn to_json(graph: &TaskGraph) -> String {
    let tasks = graph
        .tasks()
        .iter()
        .map(|t| TaskEntry {
            key: t.key.clone(),
            deps: t.deps.iter().map(|d| graph.key(*d).to_string()).collect(),
            func: Some(t.func.clone()),
            duration_us: Some(t.duration.0),
            nbytes: Some(t.nbytes),
            gil: t.gil,
            restrictions: (!t.restrictions.is_empty()).then(|| RestrictionsEntry {
                workers: t.restrictions.workers.clone(),
                loose: t.restrictions.loose,
            }),
            resources: t.resources.clone(),
            retries: t.retries,
            priority: t.priority,
        })
        .collect();
    serde_json::to_string_pretty(&GraphFile { format: FORMAT.to_string(), tasks }).expect("graph serialises")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_graph_survives_a_round_trip() {
        let text = r#"{"format": "tasklab-graph/1", "tasks": [
            {"key": "b", "deps": ["a"], "func": "add", "duration_us": 10000, "nbytes": 800},
            {"key": "a", "restrictions": {"workers": ["w0"], "loose": true}, "resources": {"GPU": 1}}
        ]}"#;
        let g = from_json(text).unwrap();
        let b = g.id("b").unwrap();
        assert_eq!(g.key(g.deps(b)[0]), "a");
        assert_eq!(g.task(b).nbytes, 800);
        let again = from_json(&to_json(&g)).unwrap();
        assert_eq!(to_json(&again), to_json(&g));
        assert!(g.task(g.id("a").unwrap()).restrictions.loose);
    }

    #[test]
    fn a_missing_dependency_names_both_keys() {
        let err = from_json(r#"{"format": "tasklab-graph/1", "tasks": [{"key": "b", "deps": ["nope"]}]}"#)
            .unwrap_err();
        assert_eq!(err.to_string(), "task `b` depends on `nope`, which does not exist");
    }

    #[test]
    fn unknown_fields_and_formats_are_refused_with_a_place() {
        let err = from_json(r#"{"format": "tasklab-graph/1", "tasks": [{"key": "b", "dpes": []}]}"#).unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
        let err = from_json(r#"{"format": "other/2", "tasks": []}"#).unwrap_err();
        assert!(err.to_string().contains("tasklab-graph/1"), "{err}");
    }
}
