//! Dask's key naming: a key's *prefix* (what the dashboard colours by) and *group*.
//!
//! Mirrors `dask.utils.key_split` and `distributed.utils.key_split_group`. Knows nothing else.

/// The prefix of a key: the name with its token and block index stripped.
///
/// `"inc-5b2f3a1c9d"` → `"inc"`, `"('sum-aggregate-4f2a9b1c', 0, 1)"` → `"sum-aggregate"`,
/// `"read-block-0-abc"` → `"read-block"`, a 32-hex-digit key → `"data"`.
pub fn key_split(key: &str) -> String {
    let mut words = key.split('-');
    let first = words.next().unwrap_or("");
    let mut result = if first.chars().next().is_some_and(|c| c.is_alphabetic()) {
        first.to_string()
    } else {
        first.split(',').next().unwrap_or("").trim_matches(|c| "_'()\" ".contains(c)).to_string()
    };
    for word in words {
        if !word.is_empty() && word.chars().all(|c| c.is_alphabetic()) && !is_hex_token(word) {
            result.push('-');
            result.push_str(word);
        } else {
            break;
        }
    }
    if result.len() == 32 && result.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()) {
        return "data".to_string();
    }
    result
}

/// The task group of a key: for a tuple key its name (token kept), otherwise the prefix.
pub fn key_group(key: &str) -> String {
    if let Some(rest) = key.strip_prefix('(') {
        let name = rest.split(',').next().unwrap_or(rest);
        name.trim_matches(|c| "'\" )".contains(c)).to_string()
    } else {
        key_split(key)
    }
}

fn is_hex_token(word: &str) -> bool {
    word.len() == 8 && word.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
}

/// Dask's string form of a tuple key: `('name', 0, 1)`.
pub fn tuple_key(name: &str, index: &[usize]) -> String {
    let mut s = format!("('{name}'");
    for i in index {
        s.push_str(&format!(", {i}"));
    }
    s.push(')');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_strip_tokens_and_block_indices() {
        assert_eq!(key_split("inc-5b2f3a1c9d0e"), "inc");
        assert_eq!(key_split("('sum-aggregate-4f2a9b1c', 0, 1)"), "sum-aggregate");
        assert_eq!(key_split("('ones_like-2653c2', 3, 1)"), "ones_like");
        assert_eq!(key_split("read-block-0-abc"), "read-block");
        assert_eq!(key_split("x"), "x");
        assert_eq!(key_split("0123456789abcdef0123456789abcdef"), "data");
        // an 8-letter hex-looking word is a token, not part of the name
        assert_eq!(key_split("task-deadbeef"), "task");
    }

    #[test]
    fn groups_keep_the_token_of_tuple_keys() {
        assert_eq!(key_group("('add-e616e2', 0, 0)"), "add-e616e2");
        assert_eq!(key_group("inc-5b2f3a1c9d0e"), "inc");
        assert_eq!(tuple_key("sum-ab12", &[0, 1]), "('sum-ab12', 0, 1)");
    }
}
