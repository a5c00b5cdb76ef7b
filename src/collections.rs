//! Dask's collections as workloads for the simulated cluster: the futures API (`submit`,
//! `map`, `gather`, `scatter`), `dask.delayed` pipelines, a `dask.dataframe` groupby over CSV
//! byte blocks, and coordination primitives (lock, semaphore, actor, shared counter).
//!
//! Each builder returns a `sim::Workload` (graph + client program), deterministic from its
//! text or spec and seed, with real values where the lectures show numbers. Builds graphs and
//! client actions only; never steps a world or makes a scheduling decision.

pub mod coordination;
pub mod dataframe;
pub mod delayed;
pub mod futures;
mod token;

#[cfg(test)]
mod tests {
    use crate::sim::{ClusterSpec, Sim, Workload, World};

    fn fingerprint(w: Workload) -> String {
        let mut sim = Sim::new(World::new(ClusterSpec::local(3, 2), w, vec![], 9).unwrap());
        while sim.step() {}
        sim.trace().to_jsonl(sim.world().graph(), &sim.world().worker_names())
    }

    #[test]
    fn every_collection_replays_the_same_run_from_the_same_input() {
        let builds: [&dyn Fn() -> Workload; 4] = [
            &|| super::futures::program(&["fs = client.map(slowinc, range(6), delay=0.1, pure=False)".into(), "client.gather(fs)".into()]).unwrap(),
            &|| super::delayed::build(&super::delayed::PipelineSpec { files: 3, rows_per_file: 100, window: 5, seed: 4, comparisons: None, subset: None, pure: false }).unwrap(),
            &|| {
                super::dataframe::build(&super::dataframe::GroupbySpec {
                    rows: 500,
                    blocksize: 2_000,
                    by: "day".into(),
                    column: "tip".into(),
                    agg: "mean".into(),
                    filter: None,
                    split_every: Some(2),
                    seed: 4,
                })
                .unwrap()
            },
            &|| super::coordination::build(&super::coordination::CounterSpec { mode: "lock".into(), partitions: 3, increments_per_partition: 5, seed: 4 }).unwrap(),
        ];
        for build in builds {
            let (a, b) = (fingerprint(build()), fingerprint(build()));
            assert!(a.lines().count() > 10);
            assert_eq!(a, b);
        }
    }
}
