//! How fast running tasks progress: the machine's cores shared by every busy thread
//! (oversubscription slows everyone, plus a context-switch cost), and the GIL shared by the
//! GIL-holding threads of one process.
//!
//! Pure arithmetic over counts of running tasks; the world reschedules finish events.

/// Each busy thread's share of the machine (1.0 = a whole core) when `busy` threads run.
pub fn share(busy: usize, cores: u32, context_switch_cost: f64) -> f64 {
    let busy = busy as f64;
    let cores = cores.max(1) as f64;
    if busy > cores {
        let over = busy / cores - 1.0;
        (cores / busy) / (1.0 + context_switch_cost * over)
    } else {
        1.0
    }
}

/// Rate of one running task: its share of the cores, and for a GIL-holding task at most its
/// turn of the GIL among the `gil_holders` GIL-holding tasks of its process.
pub fn rate(share: f64, holds_gil: bool, gil_holders: u32) -> f64 {
    if holds_gil {
        share.min(1.0 / gil_holders.max(1) as f64)
    } else {
        share
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rates of every running task, given `(process, holds_gil)` for each.
    fn rates(tasks: &[(u32, bool)], cores: u32) -> Vec<f64> {
        let s = share(tasks.len(), cores, 0.05);
        let holders = |p: u32| tasks.iter().filter(|&&(q, g)| g && q == p).count() as u32;
        tasks.iter().map(|&(p, gil)| rate(s, gil, holders(p))).collect()
    }

    #[test]
    fn threads_within_the_cores_run_at_full_speed() {
        assert_eq!(rates(&[(0, false); 4], 4), vec![1.0; 4]);
    }

    #[test]
    fn more_threads_than_cores_slow_everyone_down() {
        let r = rates(&[(0, false); 8], 4);
        assert!(r.iter().all(|&x| x < 0.5), "{r:?}");
        let total: f64 = r.iter().sum();
        assert!(total < 4.0, "context switches cost throughput: {total}");
    }

    #[test]
    fn the_gil_lets_one_python_thread_of_a_process_run_at_a_time() {
        // four pure-Python tasks in one process: one core's worth of progress between them
        let r = rates(&[(0, true); 4], 4);
        assert_eq!(r, vec![0.25; 4]);
        // the same tasks in four processes run in parallel
        let r = rates(&[(0, true), (1, true), (2, true), (3, true)], 4);
        assert_eq!(r, vec![1.0; 4]);
        // numeric code that releases the GIL is not held back
        let r = rates(&[(0, false); 4], 4);
        assert_eq!(r, vec![1.0; 4]);
    }
}
