//! A worker's data store: each result's size, whether it sits in memory or on disk, and the
//! least-recently-used order that decides what spills first. Byte totals are kept as it
//! changes, so memory checks cost nothing per stored key.
//!
//! Bookkeeping only: the world decides when to spill and what reading back costs.

use crate::graph::TaskId;
use std::collections::{BTreeMap, BTreeSet};

/// One result held by a worker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stored {
    pub nbytes: u64,
    pub spilled: bool,
    /// Larger = used more recently.
    pub last_used: u64,
}

#[derive(Clone, Debug, Default)]
pub struct DataStore {
    items: BTreeMap<TaskId, Stored>,
    /// In-memory results by `(last_used, task)`: the first is the least recently used.
    lru: BTreeSet<(u64, TaskId)>,
    managed: u64,
    spilled: u64,
    clock: u64,
}

impl DataStore {
    /// Bytes of results held in memory (Dask's managed memory).
    pub fn managed(&self) -> u64 {
        self.managed
    }

    /// Bytes of results spilled to disk.
    pub fn spilled(&self) -> u64 {
        self.spilled
    }

    pub fn get(&self, t: &TaskId) -> Option<&Stored> {
        self.items.get(t)
    }

    pub fn contains(&self, t: &TaskId) -> bool {
        self.items.contains_key(t)
    }

    pub fn keys(&self) -> impl Iterator<Item = &TaskId> {
        self.items.keys()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&TaskId, &Stored)> {
        self.items.iter()
    }

    /// Keeps a result in memory as the most recently used.
    pub fn insert(&mut self, t: TaskId, nbytes: u64) {
        self.remove(&t);
        self.clock += 1;
        self.items.insert(t, Stored { nbytes, spilled: false, last_used: self.clock });
        self.lru.insert((self.clock, t));
        self.managed += nbytes;
    }

    /// Drops a result; true if it was there.
    pub fn remove(&mut self, t: &TaskId) -> bool {
        let Some(s) = self.items.remove(t) else { return false };
        if s.spilled {
            self.spilled -= s.nbytes;
        } else {
            self.lru.remove(&(s.last_used, *t));
            self.managed -= s.nbytes;
        }
        true
    }

    pub fn clear(&mut self) {
        *self = DataStore { clock: self.clock, ..DataStore::default() };
    }

    /// Marks a result as just used.
    pub fn touch(&mut self, t: TaskId) {
        self.clock += 1;
        let clock = self.clock;
        if let Some(s) = self.items.get_mut(&t) {
            if !s.spilled {
                self.lru.remove(&(s.last_used, t));
                self.lru.insert((clock, t));
            }
            s.last_used = clock;
        }
    }

    /// Moves the least recently used in-memory result not in `keep` to disk.
    pub fn spill_lru(&mut self, keep: &BTreeSet<TaskId>) -> Option<(TaskId, u64)> {
        let &(used, t) = self.lru.iter().find(|(_, t)| !keep.contains(t))?;
        self.lru.remove(&(used, t));
        let s = self.items.get_mut(&t).expect("lru entries are stored");
        s.spilled = true;
        self.managed -= s.nbytes;
        self.spilled += s.nbytes;
        Some((t, s.nbytes))
    }

    /// Brings a spilled result back into memory; its size if it was on disk.
    pub fn unspill(&mut self, t: TaskId) -> Option<u64> {
        let s = self.items.get_mut(&t).filter(|s| s.spilled)?;
        s.spilled = false;
        self.lru.insert((s.last_used, t));
        self.spilled -= s.nbytes;
        self.managed += s.nbytes;
        Some(s.nbytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_least_recently_used_result_spills_first_and_totals_follow() {
        let mut d = DataStore::default();
        d.insert(TaskId(1), 100);
        d.insert(TaskId(2), 50);
        d.touch(TaskId(1));
        assert_eq!(d.spill_lru(&BTreeSet::new()), Some((TaskId(2), 50)));
        assert_eq!((d.managed(), d.spilled()), (100, 50));
        let keep = BTreeSet::from([TaskId(1)]);
        assert_eq!(d.spill_lru(&keep), None, "results in use stay in memory");
        assert_eq!(d.unspill(TaskId(2)), Some(50));
        assert!(d.remove(&TaskId(1)));
        assert_eq!((d.managed(), d.spilled()), (50, 0));
    }
}
