//! Adjacency lists packed in one array (compressed sparse rows), for walks over 100,000-task
//! graphs without a heap allocation per task.
//!
//! Knows node numbers only; nothing of tasks.

/// Adjacency lists packed in one array (compressed sparse rows).
pub(crate) struct Adjacency {
    start: Vec<u32>,
    list: Vec<u32>,
}

impl Adjacency {
    /// Fills each node's list with `fill(node, list)`; `list` arrives empty.
    pub(crate) fn new(n: usize, mut fill: impl FnMut(usize, &mut Vec<u32>)) -> Self {
        let mut start = Vec::with_capacity(n + 1);
        let mut list = Vec::new();
        let mut scratch = Vec::new();
        start.push(0);
        for v in 0..n {
            scratch.clear();
            fill(v, &mut scratch);
            list.extend_from_slice(&scratch);
            start.push(list.len() as u32);
        }
        Adjacency { start, list }
    }

    pub(crate) fn of(&self, v: u32) -> &[u32] {
        &self.list[self.start[v as usize] as usize..self.start[v as usize + 1] as usize]
    }

    /// The lists of `n` nodes holding the edges `(from, to)` as `from → to`, in the given order.
    pub(crate) fn from_edges(n: usize, edges: impl Iterator<Item = (u32, u32)> + Clone) -> Adjacency {
        let mut start = vec![0u32; n + 1];
        for (from, _) in edges.clone() {
            start[from as usize + 1] += 1;
        }
        for v in 0..n {
            start[v + 1] += start[v];
        }
        let mut fill = start.clone();
        let mut list = vec![0u32; start[n] as usize];
        for (from, to) in edges {
            list[fill[from as usize] as usize] = to;
            fill[from as usize] += 1;
        }
        Adjacency { start, list }
    }

    /// The same edges pointing the other way, each list then arranged by `arrange`.
    pub(crate) fn reversed(&self, mut arrange: impl FnMut(&mut [u32])) -> Adjacency {
        let n = self.start.len() - 1;
        let edges = (0..n as u32).flat_map(|v| self.of(v).iter().map(move |&w| (w, v)));
        let mut rev = Adjacency::from_edges(n, edges);
        for v in 0..n {
            let (a, b) = (rev.start[v] as usize, rev.start[v + 1] as usize);
            arrange(&mut rev.list[a..b]);
        }
        rev
    }
}
