//! Dask's key order for tie-breaks: keys compare as strings, except that runs of digits
//! (block indices, counters) compare as numbers, so `('x', 2)` comes before `('x', 10)`.
//!
//! Knows keys only; nothing of dependencies.

use crate::graph::TaskGraph;
use std::cmp::Ordering;

/// Compares two keys as strings whose digit runs compare by value; equal-valued keys that
/// differ only in leading zeros fall back to plain string order, so this is a total order.
pub fn cmp_keys(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    // Skip the common prefix, backing up to the start of a digit run cut in two.
    let common = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let start = common - a[..common].iter().rev().take_while(|c| c.is_ascii_digit()).count();
    let (mut i, mut j) = (start, start);
    while i < a.len() && j < b.len() {
        if a[i].is_ascii_digit() && b[j].is_ascii_digit() {
            let i_end = i + a[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            let j_end = j + b[j..].iter().take_while(|c| c.is_ascii_digit()).count();
            let (x, y) = (strip_zeros(&a[i..i_end]), strip_zeros(&b[j..j_end]));
            let by_value = x.len().cmp(&y.len()).then_with(|| x.cmp(y));
            if by_value != Ordering::Equal {
                return by_value;
            }
            (i, j) = (i_end, j_end);
        } else if a[i] != b[j] {
            return a[i].cmp(&b[j]);
        } else {
            (i, j) = (i + 1, j + 1);
        }
    }
    (a.len() - i).cmp(&(b.len() - j)).then_with(|| a.cmp(b))
}

fn strip_zeros(digits: &[u8]) -> &[u8] {
    let zeros = digits.iter().take_while(|&&c| c == b'0').count();
    &digits[zeros..]
}

/// Each task's place in key order (indexed by `TaskId`): 0 for the first key.
pub fn key_ranks(graph: &TaskGraph) -> Vec<u32> {
    let mut keys: Vec<(&str, u32)> = graph.tasks().iter().zip(0..).map(|(t, id)| (t.key.as_str(), id)).collect();
    keys.sort_unstable_by(|a, b| cmp_keys(a.0, b.0));
    let mut rank = vec![0; keys.len()];
    for (r, &(_, id)) in keys.iter().enumerate() {
        rank[id as usize] = r as u32;
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_indices_compare_as_numbers() {
        assert_eq!(cmp_keys("('x-1f', 2)", "('x-1f', 10)"), Ordering::Less);
        assert_eq!(cmp_keys("('x-1f', 1, 10)", "('x-1f', 1, 9)"), Ordering::Greater);
        assert_eq!(cmp_keys("inc-9", "inc-10"), Ordering::Less);
    }

    #[test]
    fn names_compare_as_strings() {
        assert_eq!(cmp_keys("('sum-aggregate', 0)", "('sum-partial', 0)"), Ordering::Less);
        assert_eq!(cmp_keys("x", "x-1"), Ordering::Less);
        assert_eq!(cmp_keys("b", "a9"), Ordering::Greater);
    }

    #[test]
    fn leading_zeros_still_give_a_total_order() {
        assert_eq!(cmp_keys("x-07", "x-7"), Ordering::Less);
        assert_eq!(cmp_keys("x-7", "x-07"), Ordering::Greater);
        assert_eq!(cmp_keys("x-7", "x-7"), Ordering::Equal);
    }
}
