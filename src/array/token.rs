//! Deterministic layer names in Dask's form, `<funcname>-<token>`, and Dask's tuple keys.
//!
//! The token plays the part of Dask's `tokenize`: a short digest (FNV-1a, 64 bits folded to
//! 32, eight hex digits) of a canonical description of the expression, so the same
//! expression gets the same keys on every run and every platform. Knows nothing of values.

use crate::graph::tuple_key;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Eight hex digits digesting `parts` (order matters; parts are kept apart by a separator).
pub(crate) fn token(parts: &[&str]) -> String {
    let h = fnv1a(parts.iter().flat_map(|p| p.bytes().chain([0x1f])));
    format!("{:08x}", ((h >> 32) ^ h) as u32)
}

/// 64-bit FNV-1a.
fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes.into_iter().fold(FNV_OFFSET, |h, b| (h ^ b as u64).wrapping_mul(FNV_PRIME))
}

/// A layer name: `add-3f2a9c1e`.
pub(crate) fn layer_name(func: &str, parts: &[&str]) -> String {
    format!("{func}-{}", token(parts))
}

/// A float as it goes into a token: its exact bits, so `0.1` and `0.1000000001` differ.
pub(crate) fn float_part(x: f64) -> String {
    format!("{:016x}", x.to_bits())
}

/// The key of one block of a layer: `('add-3f2a9c1e', 0, 1)`, or `('sum-aggregate-…',)` for
/// the single block of a 0-d array, as Python prints a one-element tuple.
pub fn block_key(name: &str, index: &[usize]) -> String {
    if index.is_empty() {
        format!("('{name}',)")
    } else {
        tuple_key(name, index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{key_group, key_split};

    #[test]
    fn tokens_are_stable_digests_of_their_parts() {
        // Published FNV-1a test vectors: tokens must never change, or saved traces would.
        assert_eq!(fnv1a(*b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(*b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(*b"foobar"), 0x8594_4171_f739_67e8);
        assert_eq!(token(&["add", "x"]), token(&["add", "x"]));
        assert_ne!(token(&["add", "x"]), token(&["addx"]));
        assert_ne!(token(&["a", "b"]), token(&["b", "a"]));
        assert_eq!(token(&["anything"]).len(), 8);
    }

    #[test]
    fn block_keys_read_like_dask_and_split_back_into_prefix_and_group() {
        let name = layer_name("sum-aggregate", &["x"]);
        let key = block_key(&name, &[0, 1]);
        assert_eq!(key, format!("('{name}', 0, 1)"));
        assert_eq!(key_split(&key), "sum-aggregate");
        assert_eq!(key_group(&key), name);
        let scalar = block_key(&name, &[]);
        assert_eq!(scalar, format!("('{name}',)"));
        assert_eq!(key_split(&scalar), "sum-aggregate");
        assert_eq!(key_group(&scalar), name);
        assert_eq!(key_split(&block_key(&layer_name("_chunk_sum-partial", &["y"]), &[0])), "chunk_sum-partial");
    }
}
