//! Chunk grids: how each axis of an array is cut into blocks, which block holds an index,
//! which blocks a slice touches, and how Dask's `chunks=` arguments become a grid.
//!
//! Shape only: knows nothing of values, tasks or scheduling.

use super::error::{normalize_axis, shape_str, ArrayError};
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

/// Dask's `array.chunk-size` (128 MiB) in `f64` elements: the target of `chunks="auto"`.
pub const AUTO_CHUNK_ELEMENTS: u128 = 128 * 1024 * 1024 / 8;

/// The most blocks an array may have: a graph beyond a million tasks per layer is not one a
/// student can watch, and refusing it early keeps bad input from exhausting memory.
pub const MAX_BLOCKS: usize = 1 << 20;

/// The block sizes along every axis, e.g. `((4, 4), (3, 3, 2))` for an 8×8 array.
///
/// Every axis has at least one block and every block is at least one element long.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Chunks(Vec<Vec<usize>>);

/// How one axis is to be cut, as one entry of Dask's `chunks=` argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AxisChunks {
    /// Blocks of this many elements, the last one shorter if need be: `4`.
    Size(usize),
    /// One block for the whole axis: `-1`.
    Whole,
    /// The axis keeps the chunks it had (`None` in `rechunk`); for a new array, one block.
    Keep,
    /// Explicit block sizes, which must add up to the axis length: `(2, 6)`.
    Sizes(Vec<usize>),
    /// Let the blocks grow to about 128 MiB: `"auto"`.
    Auto,
}

/// Dask's `chunks=` argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChunkSpec {
    /// The same rule for every axis: `chunks=4`, `chunks=-1`, `chunks="auto"`.
    All(AxisChunks),
    /// One rule per axis: `chunks=(4, -1)`, `chunks=((2, 6), 4)`. For a 1-d array a tuple of
    /// several sizes means explicit sizes, as in Dask: `chunks=(2, 2, 4)`.
    PerAxis(Vec<AxisChunks>),
    /// Rules for some axes (negative numbers count from the end), the rest `Keep`:
    /// `chunks={0: 4}`.
    ByAxis(BTreeMap<isize, AxisChunks>),
}

impl ChunkSpec {
    /// `chunks="auto"`, what Dask uses when no chunks are given.
    pub fn auto() -> ChunkSpec {
        ChunkSpec::All(AxisChunks::Auto)
    }
}

impl From<usize> for ChunkSpec {
    fn from(n: usize) -> Self {
        ChunkSpec::All(AxisChunks::Size(n))
    }
}

impl From<&[usize]> for ChunkSpec {
    fn from(sizes: &[usize]) -> Self {
        ChunkSpec::PerAxis(sizes.iter().map(|&n| AxisChunks::Size(n)).collect())
    }
}

impl<const N: usize> From<[usize; N]> for ChunkSpec {
    fn from(sizes: [usize; N]) -> Self {
        ChunkSpec::from(&sizes[..])
    }
}

impl From<Chunks> for ChunkSpec {
    fn from(c: Chunks) -> Self {
        ChunkSpec::PerAxis(c.0.into_iter().map(AxisChunks::Sizes).collect())
    }
}

impl Chunks {
    /// Explicit block sizes per axis; refuses empty axes and empty blocks.
    pub fn new(axes: Vec<Vec<usize>>) -> Result<Chunks, ArrayError> {
        for (i, axis) in axes.iter().enumerate() {
            if axis.is_empty() || axis.contains(&0) {
                return Err(ArrayError::Chunks(format!(
                    "axis {i} needs blocks of at least one element, got {}",
                    shape_str(axis)
                )));
            }
        }
        Ok(Chunks(axes))
    }

    /// Resolves a `chunks=` argument against a shape, as Dask's `normalize_chunks` does.
    /// `previous` is what `Keep` keeps (the array's current chunks, in `rechunk`).
    pub fn normalize(spec: &ChunkSpec, shape: &[usize], previous: Option<&Chunks>) -> Result<Chunks, ArrayError> {
        if let Some(axis) = shape.iter().position(|&n| n == 0) {
            return Err(ArrayError::Argument(format!(
                "axis {axis} of shape {} is empty; zero-length axes are not supported",
                shape_str(shape)
            )));
        }
        let ndim = shape.len();
        if shape.iter().try_fold(1u64, |acc, &n| acc.checked_mul(n as u64)).is_none() {
            return Err(ArrayError::Argument(format!("an array of shape {} has too many elements", shape_str(shape))));
        }
        let rules: Vec<AxisChunks> = match spec {
            ChunkSpec::All(rule) => vec![rule.clone(); ndim],
            ChunkSpec::PerAxis(rules) if ndim == 1 && rules.len() > 1 => {
                let sizes: Option<Vec<usize>> =
                    rules.iter().map(|r| if let AxisChunks::Size(n) = r { Some(*n) } else { None }).collect();
                match sizes {
                    Some(sizes) => vec![AxisChunks::Sizes(sizes)],
                    None => return Err(rank_mismatch(rules.len(), shape)),
                }
            }
            ChunkSpec::PerAxis(rules) if rules.len() != ndim => return Err(rank_mismatch(rules.len(), shape)),
            ChunkSpec::PerAxis(rules) => rules.clone(),
            ChunkSpec::ByAxis(map) => {
                let mut rules = vec![AxisChunks::Keep; ndim];
                for (&axis, rule) in map {
                    rules[normalize_axis(axis, ndim)?] = rule.clone();
                }
                rules
            }
        };
        let mut axes: Vec<Option<Vec<usize>>> = Vec::with_capacity(ndim);
        for (i, (rule, &len)) in rules.iter().zip(shape).enumerate() {
            axes.push(match rule {
                AxisChunks::Size(0) => {
                    return Err(ArrayError::Chunks(format!("chunk size along axis {i} must be positive, got 0")))
                }
                AxisChunks::Size(n) if len.div_ceil(*n) > MAX_BLOCKS => {
                    return Err(ArrayError::Chunks(format!(
                        "chunks of {n} along axis {i} of length {len} would make {} blocks; at most {MAX_BLOCKS} are supported",
                        len.div_ceil(*n)
                    )))
                }
                AxisChunks::Size(n) => Some(regular(len, *n)),
                AxisChunks::Whole => Some(vec![len]),
                AxisChunks::Keep => Some(match previous {
                    Some(p) if p.ndim() == ndim => p.axis(i).to_vec(),
                    _ => vec![len],
                }),
                AxisChunks::Sizes(sizes) => {
                    let total: usize = sizes.iter().sum();
                    if sizes.is_empty() || sizes.contains(&0) || total != len {
                        return Err(ArrayError::Chunks(format!(
                            "chunks {} along axis {i} add up to {total}, but the axis has length {len} \
                             (every block needs at least one element)",
                            shape_str(sizes)
                        )));
                    }
                    Some(sizes.clone())
                }
                AxisChunks::Auto => None,
            });
        }
        auto_chunks(&mut axes, shape);
        let chunks = Chunks(axes.into_iter().map(|a| a.expect("auto_chunks fills every axis")).collect());
        super::expr::check_size(&chunks)?;
        Ok(chunks)
    }

    pub fn ndim(&self) -> usize {
        self.0.len()
    }

    /// Block sizes per axis.
    pub fn axes(&self) -> &[Vec<usize>] {
        &self.0
    }

    /// Block sizes along one axis.
    pub fn axis(&self, axis: usize) -> &[usize] {
        &self.0[axis]
    }

    /// The array's shape: the sum of the blocks along each axis.
    pub fn shape(&self) -> Vec<usize> {
        self.0.iter().map(|a| a.iter().sum()).collect()
    }

    /// Number of blocks along each axis (Dask's `numblocks`).
    pub fn numblocks(&self) -> Vec<usize> {
        self.0.iter().map(Vec::len).collect()
    }

    /// Total number of blocks (Dask's `npartitions`).
    pub fn nblocks(&self) -> usize {
        self.0.iter().map(Vec::len).product()
    }

    /// The shape of the block at a block index.
    pub fn block_shape(&self, index: &[usize]) -> Vec<usize> {
        self.0.iter().zip(index).map(|(a, &i)| a[i]).collect()
    }

    /// Where a block starts along one axis.
    pub fn block_start(&self, axis: usize, block: usize) -> usize {
        self.0[axis][..block].iter().sum()
    }

    /// Where the block at a block index starts, per axis.
    pub fn block_offset(&self, index: &[usize]) -> Vec<usize> {
        index.iter().enumerate().map(|(axis, &b)| self.block_start(axis, b)).collect()
    }

    /// Which block holds element `index` along `axis`, and where inside that block it is.
    pub fn block_of(&self, axis: usize, index: usize) -> Option<(usize, usize)> {
        let mut start = 0;
        for (b, &len) in self.0[axis].iter().enumerate() {
            if index < start + len {
                return Some((b, index - start));
            }
            start += len;
        }
        None
    }

    /// The blocks a range of elements along `axis` touches, each with the part of it inside
    /// the range (in the block's own coordinates), in order.
    pub fn touched(&self, axis: usize, range: Range<usize>) -> Vec<(usize, Range<usize>)> {
        let mut out = Vec::new();
        let mut start = 0;
        for (b, &len) in self.0[axis].iter().enumerate() {
            let end = start + len;
            let lo = range.start.max(start);
            let hi = range.end.min(end);
            if lo < hi {
                out.push((b, lo - start..hi - start));
            }
            start = end;
        }
        out
    }

    /// The same grid with axes dropped (a reduction's output) — `keep[i]` says which stay.
    pub(crate) fn select_axes(&self, keep: impl Fn(usize) -> bool) -> Chunks {
        Chunks(self.0.iter().enumerate().filter(|(i, _)| keep(*i)).map(|(_, a)| a.clone()).collect())
    }

    /// The same grid with axes in a new order: output axis `d` is input axis `axes[d]`.
    pub(crate) fn permuted(&self, axes: &[usize]) -> Chunks {
        Chunks(axes.iter().map(|&a| self.0[a].clone()).collect())
    }

    pub(crate) fn from_axes(axes: Vec<Vec<usize>>) -> Chunks {
        debug_assert!(axes.iter().all(|a| !a.is_empty() && !a.contains(&0)));
        Chunks(axes)
    }
}

/// Dask's tuple-of-tuples notation: `((4, 4), (2, 2, 2, 2))`.
impl fmt::Display for Chunks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let axes: Vec<String> = self.0.iter().map(|a| shape_str(a)).collect();
        if axes.len() == 1 {
            write!(f, "({},)", axes[0])
        } else {
            write!(f, "({})", axes.join(", "))
        }
    }
}

fn rank_mismatch(given: usize, shape: &[usize]) -> ArrayError {
    ArrayError::Chunks(format!(
        "chunks has {given} entries but the array has {} dimensions (shape {})",
        shape.len(),
        shape_str(shape)
    ))
}

/// `len` cut into blocks of `size`, the last one shorter: `regular(10, 4) == [4, 4, 2]`.
fn regular(len: usize, size: usize) -> Vec<usize> {
    let mut out = vec![size; len / size];
    if len % size != 0 {
        out.push(len % size);
    }
    if out.is_empty() {
        out.push(len);
    }
    out
}

/// Dask's `auto_chunks` without previous chunks: axes left `None` share a budget of
/// [`AUTO_CHUNK_ELEMENTS`] per block, evenly (a square block in 2-d); an axis shorter than
/// its share becomes one block and the others share what is left.
///
/// Dask computes the share with a floating-point root; here it is the exact integer root, so
/// it is the same on every platform (Dask's `16777216 ** (1/3)` rounds down to 255, this to 256).
fn auto_chunks(axes: &mut [Option<Vec<usize>>], shape: &[usize]) {
    loop {
        let autos: Vec<usize> = (0..axes.len()).filter(|&i| axes[i].is_none()).collect();
        if autos.is_empty() {
            return;
        }
        let largest: u128 = axes.iter().flatten().map(|a| *a.iter().max().expect("non-empty") as u128).product();
        let n = autos.len() as u32;
        // An axis is small when len < (limit / largest) ^ (1/n), i.e. len^n * largest < limit.
        let small: Vec<usize> = autos
            .iter()
            .copied()
            .filter(|&i| (shape[i] as u128).saturating_pow(n).saturating_mul(largest) < AUTO_CHUNK_ELEMENTS)
            .collect();
        if small.is_empty() {
            let size = integer_root(AUTO_CHUNK_ELEMENTS / largest.max(1), n).max(1) as usize;
            for i in autos {
                axes[i] = Some(regular(shape[i], size.max(shape[i].div_ceil(MAX_BLOCKS))));
            }
            return;
        }
        for i in small {
            axes[i] = Some(vec![shape[i]]);
        }
    }
}

/// The largest `m` with `m^n <= x`.
pub(crate) fn integer_root(x: u128, n: u32) -> u128 {
    let (mut lo, mut hi) = (0u128, x.min(1 << 64) + 1);
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if mid.checked_pow(n).is_some_and(|p| p <= x) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Dask's `common_blockdim`: the chunks two or more arrays must share along one axis so that
/// blocks line up. One non-trivial chunking wins as it is; several are refined to the
/// boundaries of all of them (`(5, 3)` and `(4, 4)` give `(4, 1, 3)`).
pub(crate) fn common_blockdim(dims: &[&[usize]]) -> Vec<usize> {
    let mut nontrivial: Vec<&[usize]> = dims.iter().copied().filter(|d| d.len() > 1).collect();
    nontrivial.sort();
    nontrivial.dedup();
    match nontrivial.len() {
        0 => dims.iter().max_by_key(|d| d[0]).map(|d| d.to_vec()).unwrap_or_default(),
        1 => nontrivial[0].to_vec(),
        _ => {
            let mut bounds: Vec<usize> = nontrivial
                .iter()
                .flat_map(|d| {
                    d.iter().scan(0, |acc, &c| {
                        *acc += c;
                        Some(*acc)
                    })
                })
                .collect();
            bounds.sort_unstable();
            bounds.dedup();
            let mut prev = 0;
            bounds
                .into_iter()
                .map(|b| {
                    let c = b - prev;
                    prev = b;
                    c
                })
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(spec: impl Into<ChunkSpec>, shape: &[usize]) -> String {
        match Chunks::normalize(&spec.into(), shape, None) {
            Ok(c) => c.to_string(),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn an_integer_cuts_every_axis_and_leaves_the_rest_to_the_last_block() {
        assert_eq!(norm(4, &[8, 10]), "((4, 4), (4, 4, 2))");
        assert_eq!(norm(20, &[8]), "((8,),)");
    }

    #[test]
    fn minus_one_and_none_mean_the_whole_axis() {
        let spec = ChunkSpec::PerAxis(vec![AxisChunks::Size(3), AxisChunks::Whole]);
        assert_eq!(norm(spec, &[8, 8]), "((3, 3, 2), (8,))");
        let spec = ChunkSpec::PerAxis(vec![AxisChunks::Keep, AxisChunks::Size(4)]);
        assert_eq!(norm(spec, &[8, 8]), "((8,), (4, 4))");
    }

    #[test]
    fn explicit_sizes_must_add_up_to_the_axis() {
        let spec = ChunkSpec::PerAxis(vec![AxisChunks::Sizes(vec![2, 6]), AxisChunks::Size(4)]);
        assert_eq!(norm(spec, &[8, 8]), "((2, 6), (4, 4))");
        let bad = ChunkSpec::PerAxis(vec![AxisChunks::Sizes(vec![2, 2]), AxisChunks::Size(4)]);
        assert_eq!(
            norm(bad, &[8, 8]),
            "error: chunks (2, 2) along axis 0 add up to 4, but the axis has length 8 \
             (every block needs at least one element)"
        );
    }

    #[test]
    fn a_tuple_of_sizes_for_a_vector_is_explicit_as_in_dask() {
        assert_eq!(norm([2, 2, 4], &[8]), "((2, 2, 4),)");
    }

    #[test]
    fn a_chunks_tuple_of_the_wrong_length_names_the_shape() {
        assert_eq!(
            norm([4, 4, 4], &[8, 8]),
            "error: chunks has 3 entries but the array has 2 dimensions (shape (8, 8))"
        );
        assert_eq!(norm(0, &[8]), "error: chunk size along axis 0 must be positive, got 0");
    }

    #[test]
    fn a_dict_changes_only_the_axes_it_names() {
        let previous = Chunks::new(vec![vec![4, 4], vec![2, 2, 2, 2]]).unwrap();
        let spec = ChunkSpec::ByAxis([(-1, AxisChunks::Whole)].into_iter().collect());
        let c = Chunks::normalize(&spec, &[8, 8], Some(&previous)).unwrap();
        assert_eq!(c.to_string(), "((4, 4), (8,))");
    }

    #[test]
    fn auto_chunks_aim_at_128_mib_blocks() {
        // 16 Mi elements per block: a square of 4096 × 4096 in 2-d.
        assert_eq!(norm(ChunkSpec::auto(), &[10000, 10000]), "((4096, 4096, 1808), (4096, 4096, 1808))");
        assert_eq!(norm(ChunkSpec::auto(), &[8, 8]), "((8,), (8,))");
        // A short axis takes one block and leaves its share to the others.
        let c = Chunks::normalize(&ChunkSpec::auto(), &[2, 100_000_000], None).unwrap();
        assert_eq!(c.axis(0), &[2]);
        assert_eq!(c.axis(1)[0] as u128 * 2, AUTO_CHUNK_ELEMENTS);
    }

    #[test]
    fn block_of_finds_the_block_and_the_offset_inside_it() {
        let c = Chunks::new(vec![vec![3, 3, 2]]).unwrap();
        assert_eq!(c.block_of(0, 0), Some((0, 0)));
        assert_eq!(c.block_of(0, 4), Some((1, 1)));
        assert_eq!(c.block_of(0, 7), Some((2, 1)));
        assert_eq!(c.block_of(0, 8), None);
        assert_eq!(c.block_start(0, 2), 6);
    }

    #[test]
    fn a_slice_touches_only_the_blocks_it_overlaps() {
        let c = Chunks::new(vec![vec![4, 4, 4]]).unwrap();
        assert_eq!(c.touched(0, 2..6), vec![(0, 2..4), (1, 0..2)]);
        assert_eq!(c.touched(0, 4..8), vec![(1, 0..4)]);
        assert_eq!(c.touched(0, 0..12).len(), 3);
    }

    #[test]
    fn common_blockdim_refines_when_chunkings_disagree() {
        assert_eq!(common_blockdim(&[&[5, 3], &[4, 4]]), vec![4, 1, 3]);
        assert_eq!(common_blockdim(&[&[8], &[4, 4]]), vec![4, 4]);
        assert_eq!(common_blockdim(&[&[1], &[8]]), vec![8]);
    }

    #[test]
    fn integer_roots_are_exact() {
        assert_eq!(integer_root(16_777_216, 3), 256);
        assert_eq!(integer_root(16_777_215, 3), 255);
        assert_eq!(integer_root(16_777_216, 2), 4096);
        assert_eq!(integer_root(1, 5), 1);
    }
}
