//! For random shapes (1–3 axes of 1–12), random chunkings (uneven ones included) and random
//! chains of operations, the chunked graph computes what the dense reference computes.
//!
//! Operations are drawn as small numbers and fitted to the current array, so every case is
//! a valid expression; a case that fails prints the expression it built.

use crate::array::{Array, AxisChunks, BinaryOp, ChunkSpec, Index, Reduction};
use crate::rng::Rng;
use ndarray::ArrayD;
use proptest::prelude::*;

/// One operation, as raw numbers to be fitted to the array it applies to.
#[derive(Clone, Debug)]
enum Step {
    Scalar { op: u8, value: u8, scalar_first: bool },
    WithArray { op: u8, seed: u64 },
    Broadcast { op: u8, seed: u64 },
    NewAxis { at: u8 },
    Reduce { kind: u8, axis: Option<u8>, split_every: u8 },
    Transpose { seed: u64 },
    Matmul { seed: u64 },
    Slice { seed: u64 },
    Rechunk { seed: u64 },
    Reshape { seed: u64 },
    Outer { seed: u64 },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0u8..5, 0u8..16, any::<bool>()).prop_map(|(op, value, scalar_first)| Step::Scalar { op, value, scalar_first }),
        (0u8..4, any::<u64>()).prop_map(|(op, seed)| Step::WithArray { op, seed }),
        (0u8..4, any::<u64>()).prop_map(|(op, seed)| Step::Broadcast { op, seed }),
        any::<u8>().prop_map(|at| Step::NewAxis { at }),
        (0u8..4, proptest::option::of(any::<u8>()), 2u8..=5).prop_map(|(kind, axis, split_every)| Step::Reduce {
            kind,
            axis,
            split_every
        }),
        any::<u64>().prop_map(|seed| Step::Transpose { seed }),
        any::<u64>().prop_map(|seed| Step::Matmul { seed }),
        any::<u64>().prop_map(|seed| Step::Slice { seed }),
        any::<u64>().prop_map(|seed| Step::Rechunk { seed }),
        any::<u64>().prop_map(|seed| Step::Reshape { seed }),
        any::<u64>().prop_map(|seed| Step::Outer { seed }),
    ]
}

const OPS: [BinaryOp; 5] = [BinaryOp::Add, BinaryOp::Sub, BinaryOp::Mul, BinaryOp::Div, BinaryOp::Pow];

/// Random explicit block sizes for every axis of `shape` (often uneven, sometimes one block).
fn chunking(shape: &[usize], seed: u64) -> ChunkSpec {
    let mut rng = Rng::new(seed);
    ChunkSpec::PerAxis(
        shape
            .iter()
            .map(|&n| {
                let blocks = 1 + rng.below(n.min(4) as u64) as usize;
                let mut cuts: Vec<usize> = Vec::new();
                while cuts.len() + 1 < blocks {
                    let c = 1 + rng.below(n as u64 - 1) as usize;
                    if !cuts.contains(&c) {
                        cuts.push(c);
                    }
                }
                cuts.sort_unstable();
                cuts.push(n);
                AxisChunks::Sizes(cuts.iter().scan(0, |prev, &c| Some(c - std::mem::replace(prev, c))).collect())
            })
            .collect(),
    )
}

/// Values in [1, 2): far from zero, so quotients and powers stay tame.
fn operand(shape: &[usize], seed: u64) -> Array {
    Array::random(shape, &chunking(shape, seed), seed).unwrap().add(1.0).unwrap()
}

/// Applies one step, fitted to `x`; steps that cannot apply leave `x` as it is.
fn apply(x: Array, step: &Step) -> Array {
    let shape = x.shape();
    let ndim = shape.len();
    let result = match *step {
        Step::Scalar { op, value, scalar_first } => {
            let s = 0.5 + value as f64 / 2.0;
            let op = OPS[op as usize];
            let s = if op == BinaryOp::Pow { s.min(3.0) } else { s };
            if scalar_first {
                Array::elemwise(op, s, &x)
            } else {
                Array::elemwise(op, &x, s)
            }
        }
        Step::WithArray { op, seed } => Array::elemwise(OPS[op as usize], &x, operand(&shape, seed)),
        Step::Broadcast { op, seed } => {
            // Drop some leading axes and squash some others to length 1.
            let mut rng = Rng::new(seed);
            let keep = ndim - rng.below(ndim as u64 + 1) as usize;
            let other: Vec<usize> = shape[ndim - keep..].iter().map(|&n| if rng.chance(0.4) { 1 } else { n }).collect();
            let y = operand(&other, seed);
            if rng.chance(0.5) {
                Array::elemwise(OPS[op as usize], &x, &y)
            } else {
                Array::elemwise(OPS[op as usize], &y, &x)
            }
        }
        Step::NewAxis { at } if ndim < 4 => {
            let mut index = vec![Index::FULL; ndim];
            index.insert(at as usize % (ndim + 1), Index::NewAxis);
            x.getitem(&index)
        }
        Step::Reduce { kind, axis, split_every } => {
            let kind = [Reduction::Sum, Reduction::Mean, Reduction::Min, Reduction::Max][kind as usize];
            // Odd draws name the axis counting from the end.
            let axis =
                axis.filter(|_| ndim > 0).map(|a| [a as isize % ndim as isize - ndim as isize * (a % 2) as isize]);
            x.reduce(kind, axis.as_ref().map(|a| &a[..]), Some(split_every as usize))
        }
        Step::Transpose { seed } => {
            let mut axes: Vec<isize> = (0..ndim as isize).collect();
            let mut rng = Rng::new(seed);
            for i in (1..axes.len()).rev() {
                axes.swap(i, rng.below(i as u64 + 1) as usize);
            }
            x.transpose(Some(&axes))
        }
        Step::Matmul { seed } if (1..=2).contains(&ndim) => {
            let mut rng = Rng::new(seed);
            let k = shape[ndim - 1];
            let m = 1 + rng.below(6) as usize;
            if ndim == 1 && rng.chance(0.5) {
                operand(&[m, k], seed).matmul(&x)
            } else if rng.chance(0.3) {
                x.matmul(&operand(&[k], seed))
            } else {
                x.matmul(&operand(&[k, m], seed))
            }
        }
        Step::Slice { seed } => {
            let mut rng = Rng::new(seed);
            let index: Vec<Index> = shape
                .iter()
                .map(|&n| match rng.below(4) {
                    0 => Index::FULL,
                    1 if ndim > 1 => {
                        Index::Int(rng.below(n as u64) as isize - if rng.chance(0.5) { n as isize } else { 0 })
                    }
                    _ => {
                        let lo = rng.below(n as u64) as isize;
                        let hi = lo + 1 + rng.below((n as isize - lo) as u64) as isize;
                        let stop = if rng.chance(0.3) { Some(hi - n as isize).filter(|&s| s < 0) } else { Some(hi) };
                        Index::Slice { start: Some(lo), stop, step: None }
                    }
                })
                .collect();
            x.getitem(&index)
        }
        Step::Rechunk { seed } => x.rechunk(&chunking(&shape, seed)),
        Step::Reshape { .. } if ndim > 1 => {
            // Make the blocks contiguous first (every axis but the first whole), then flatten.
            let mut rules = vec![AxisChunks::Whole; ndim];
            rules[0] = AxisChunks::Keep;
            x.rechunk(&ChunkSpec::PerAxis(rules)).and_then(|x| x.reshape(&[-1]))
        }
        Step::Reshape { seed } if ndim == 1 => {
            // Fold a vector into rows of a length that divides every block.
            let g = x.chunks().axis(0).iter().fold(0, |g, &c| gcd(g, c));
            let divisors: Vec<usize> = (1..=g).filter(|d| g % d == 0).collect();
            let d = divisors[Rng::new(seed).below(divisors.len() as u64) as usize];
            x.reshape(&[-1, d as isize])
        }
        Step::Outer { seed } if ndim > 0 && x.size() <= 200 => {
            let n = 1 + Rng::new(seed).below(6) as usize;
            let mut rules = vec![AxisChunks::Whole; ndim];
            rules[0] = AxisChunks::Keep;
            x.rechunk(&ChunkSpec::PerAxis(rules)).and_then(|x| Array::outer(&x, &operand(&[n], seed)))
        }
        _ => Ok(x.clone()),
    };
    result.unwrap_or_else(|e| panic!("{step:?} on {x:?} was refused: {e}"))
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

fn close(a: &ArrayD<f64>, b: &ArrayD<f64>) -> bool {
    a.shape() == b.shape()
        && a.iter().zip(b).all(|(&x, &y)| {
            (x.is_nan() && y.is_nan())
                || x == y
                || (x.is_finite() && y.is_finite() && (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0))
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn chunked_results_equal_the_dense_reference(
        shape in proptest::collection::vec(1usize..=12, 1..=3),
        seed in any::<u64>(),
        steps in proptest::collection::vec(step(), 1..=4),
    ) {
        let mut x = operand(&shape, seed);
        for s in &steps {
            x = apply(x, s);
        }
        let chunked = x.compute().unwrap_or_else(|e| panic!("{x:?}: {e}"));
        let dense = x.compute_dense().unwrap();
        let shape = x.shape();
        prop_assert_eq!(chunked.shape(), shape.as_slice());
        prop_assert!(close(&chunked, &dense), "{:?} after {:?}\nchunked {}\ndense {}", x, steps, chunked, dense);
    }

    #[test]
    fn every_reduction_matches_numpy_over_any_axis_and_fan_in(
        shape in proptest::collection::vec(1usize..=12, 1..=3),
        seed in any::<u64>(),
        kind in 0u8..4,
        axis in proptest::option::of(0u8..3),
        split_every in 2usize..=5,
    ) {
        let x = operand(&shape, seed);
        let kind = [Reduction::Sum, Reduction::Mean, Reduction::Min, Reduction::Max][kind as usize];
        let axis = axis.map(|a| [(a as usize % shape.len()) as isize]);
        let r = x.reduce(kind, axis.as_ref().map(|a| &a[..]), Some(split_every)).unwrap();
        prop_assert!(close(&r.compute().unwrap(), &r.compute_dense().unwrap()), "{:?}", r);
    }

    #[test]
    fn rechunking_never_changes_values(
        shape in proptest::collection::vec(1usize..=12, 1..=3),
        seed in any::<u64>(),
        target in any::<u64>(),
    ) {
        let x = operand(&shape, seed);
        let y = x.rechunk(&chunking(&shape, target)).unwrap();
        prop_assert_eq!(y.compute().unwrap(), x.compute_dense().unwrap());
    }
}
