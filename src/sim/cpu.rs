//! How fast running tasks progress: the machine's cores shared by every busy thread
//! (oversubscription slows everyone, plus a context-switch cost), and the GIL shared by the
//! GIL-holding threads of one process.
//!
//! Pure arithmetic over `Running` tasks; the world reschedules finish events.

/// Rate (work per unit of time, 1.0 = a whole core) of each running task.
///
/// `tasks` lists `(process, holds_gil)` for every running task on the machine.
pub fn rates(tasks: &[(u32, bool)], cores: u32, context_switch_cost: f64) -> Vec<f64> {
    let busy = tasks.len() as f64;
    let cores = cores.max(1) as f64;
    let share = if busy > cores {
        let over = busy / cores - 1.0;
        (cores / busy) / (1.0 + context_switch_cost * over)
    } else {
        1.0
    };
    tasks
        .iter()
        .map(|&(process, gil)| {
            if gil {
                let holders = tasks.iter().filter(|&&(p, g)| g && p == process).count() as f64;
                share.min(1.0 / holders)
            } else {
                share
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_within_the_cores_run_at_full_speed() {
        assert_eq!(rates(&[(0, false); 4], 4, 0.05), vec![1.0; 4]);
    }

    #[test]
    fn more_threads_than_cores_slow_everyone_down() {
        let r = rates(&[(0, false); 8], 4, 0.05);
        assert!(r.iter().all(|&x| x < 0.5), "{r:?}");
        let total: f64 = r.iter().sum();
        assert!(total < 4.0, "context switches cost throughput: {total}");
    }

    #[test]
    fn the_gil_lets_one_python_thread_of_a_process_run_at_a_time() {
        // four pure-Python tasks in one process: one core's worth of progress between them
        let r = rates(&[(0, true); 4], 4, 0.05);
        assert_eq!(r, vec![0.25; 4]);
        // the same tasks in four processes run in parallel
        let r = rates(&[(0, true), (1, true), (2, true), (3, true)], 4, 0.05);
        assert_eq!(r, vec![1.0; 4]);
        // numeric code that releases the GIL is not held back
        let r = rates(&[(0, false); 4], 4, 0.05);
        assert_eq!(r, vec![1.0; 4]);
    }
}
