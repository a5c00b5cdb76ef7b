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
