//! How long a chunk task takes on one uncontended thread: a fixed overhead per task plus a
//! price per unit of work, one row per kind of kernel.
//!
//! | kind          | functions                                 | overhead | per unit | unit           |
//! |---------------|-------------------------------------------|---------:|---------:|----------------|
//! | `Fill`        | `ones_like`, `zeros_like`, `full_like`    |    20 µs |   0.5 ns | output element |
//! | `Arange`      | `arange`                                  |    20 µs |     1 ns | output element |
//! | `FromArray`   | `array` (a slice of data in memory)       |    10 µs |   0.5 ns | output element |
//! | `Random`      | `random_sample`                           |    20 µs |     6 ns | output element |
//! | `Elemwise`    | `add`, `sub`, `mul`, `truediv`, `neg`     |    20 µs |     1 ns | output element |
//! | `Power`       | `pow`                                     |    20 µs |    10 ns | output element |
//! | `Outer`       | `outer`                                   |    20 µs |     1 ns | output element |
//! | `View`        | `transpose`, `getitem`, `reshape` (views) |     5 µs |        0 | —              |
//! | `ReduceChunk` | `sum`, `chunk_min`, `mean_chunk`, …       |    20 µs |   0.5 ns | input element  |
//! | `ReduceTree`  | `…-partial`, `…-aggregate`                |    20 µs |     1 ns | input element  |
//! | `Matmul`      | `matmul` (one block product)              |    20 µs |   0.1 ns | multiply-add   |
//! | `Split`       | `rechunk-split` (Dask: 1 µs)              |     1 µs |        0 | —              |
//! | `Concatenate` | `rechunk-merge` of several pieces         |    20 µs |     1 ns | output element |
//! | `Alias`       | `rechunk-merge` of one piece              |     1 µs |        0 | —              |
//!
//! The prices are round numbers of the order NumPy shows on one core (a `np.ones` block of a
//! million elements in about half a millisecond, a million random numbers in about 6 ms, BLAS
//! near ten multiply-adds per nanosecond); big chunks cost more than small ones and tiny
//! tasks cost their overhead, which is what the lectures need. Knows nothing of workers.

use crate::time::SimDuration;

/// The kind of kernel a task runs, which picks its row of the cost table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CostKind {
    Fill,
    Arange,
    FromArray,
    Random,
    Elemwise,
    Power,
    Outer,
    View,
    ReduceChunk,
    ReduceTree,
    Matmul,
    Split,
    Concatenate,
    Alias,
}

/// One row of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cost {
    pub overhead_us: u64,
    /// Picoseconds per unit of work (integers keep durations exact on every platform).
    pub ps_per_unit: u64,
}

impl CostKind {
    pub const fn cost(self) -> Cost {
        let (overhead_us, ps_per_unit) = match self {
            CostKind::Fill => (20, 500),
            CostKind::Arange => (20, 1_000),
            CostKind::FromArray => (10, 500),
            CostKind::Random => (20, 6_000),
            CostKind::Elemwise => (20, 1_000),
            CostKind::Power => (20, 10_000),
            CostKind::Outer => (20, 1_000),
            CostKind::View => (5, 0),
            CostKind::ReduceChunk => (20, 500),
            CostKind::ReduceTree => (20, 1_000),
            CostKind::Matmul => (20, 100),
            CostKind::Split => (1, 0),
            CostKind::Concatenate => (20, 1_000),
            CostKind::Alias => (1, 0),
        };
        Cost { overhead_us, ps_per_unit }
    }

    /// The duration of a task doing `units` of this kind of work, rounded up to the µs.
    pub fn duration(self, units: u64) -> SimDuration {
        let Cost { overhead_us, ps_per_unit } = self.cost();
        let work_ps = units as u128 * ps_per_unit as u128;
        SimDuration(overhead_us + work_ps.div_ceil(1_000_000) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_task_costs_its_overhead_plus_its_work() {
        let random = CostKind::Random.cost();
        let million = CostKind::Random.duration(1_000_000);
        assert_eq!(million.0, random.overhead_us + 1_000_000 * random.ps_per_unit / 1_000_000);
        assert!(CostKind::Random.duration(10) < million);
        assert_eq!(CostKind::View.duration(1_000_000), CostKind::View.duration(1));
    }

    #[test]
    fn partial_microseconds_round_up() {
        let one = CostKind::Matmul.duration(1);
        assert_eq!(one.0, CostKind::Matmul.cost().overhead_us + 1);
    }
}
