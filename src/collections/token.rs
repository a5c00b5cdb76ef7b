//! Keys in Dask's form for collections: `funcname-<token>` for pure calls (a digest of the
//! call, so the same call gets the same key) and `funcname-<uuid>` for impure ones (a fresh
//! uuid4-shaped id drawn from the seeded generator, so a run is still reproducible).
//!
//! Knows nothing of graphs or values.

use crate::rng::Rng;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// 32 hex digits digesting `parts` (order matters), as long as Dask's MD5 tokens.
pub(crate) fn tokenize(parts: &[&str]) -> String {
    let bytes: Vec<u8> = parts.iter().flat_map(|p| p.bytes().chain([0x1f])).collect();
    let a = fnv1a(FNV_OFFSET, &bytes);
    let b = fnv1a(a ^ 0x9e37_79b9_7f4a_7c15, &bytes);
    format!("{:016x}{:016x}", mix(a), mix(b))
}

/// SplitMix64's finaliser, so inputs that differ in one byte differ in every digit.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn fnv1a(start: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(start, |h, &b| (h ^ b as u64).wrapping_mul(FNV_PRIME))
}

/// A `uuid4()`-shaped id (`8-4-4-4-12` hex digits) from the seeded generator.
pub(crate) fn uuid4(rng: &mut Rng) -> String {
    let hi = rng.next_u64();
    let lo = rng.next_u64();
    let h = format!("{hi:016x}{lo:016x}");
    format!("{}-{}-4{}-{}-{}", &h[0..8], &h[8..12], &h[13..16], &h[16..20], &h[20..32])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::key_split;

    #[test]
    fn the_same_call_gets_the_same_token_and_a_different_one_does_not() {
        assert_eq!(tokenize(&["inc", "1"]), tokenize(&["inc", "1"]));
        assert_ne!(tokenize(&["inc", "1"]), tokenize(&["inc", "2"]));
        assert_ne!(tokenize(&["inc", "12"]), tokenize(&["inc1", "2"]), "parts are kept apart");
        assert_eq!(tokenize(&["x"]).len(), 32);
    }

    #[test]
    fn uuids_are_fresh_and_leave_the_prefix_alone() {
        let mut rng = Rng::new(3);
        let (a, b) = (uuid4(&mut rng), uuid4(&mut rng));
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(key_split(&format!("inc-{a}")), "inc");
    }
}
