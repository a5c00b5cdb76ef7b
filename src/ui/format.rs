//! How numbers read on the page: bytes the way Dask's dashboard writes them, times the way
//! the engine's `SimDuration` prints them.
//!
//! Pure functions of numbers; knows nothing of tasks.

use crate::time::SimDuration;

/// Dask's `format_bytes`, as the host writes it in log lines too.
pub use crate::protocol::format_bytes as bytes;

pub fn micros(us: u64) -> String {
    SimDuration::from_micros(us).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_read_as_in_dasks_own_docstring() {
        // The examples of `dask.utils.format_bytes`.
        assert_eq!(bytes(1), "1 B");
        assert_eq!(bytes(1234), "1.21 kiB");
        assert_eq!(bytes(12345678), "11.77 MiB");
        assert_eq!(bytes(1234567890), "1.15 GiB");
        assert_eq!(bytes(1234567890000), "1.12 TiB");
        assert_eq!(bytes(1234567890000000), "1.10 PiB");
    }

    #[test]
    fn a_unit_starts_at_ninety_percent_of_it() {
        assert_eq!(bytes(921), "921 B");
        assert_eq!(bytes(922), "0.90 kiB");
    }
}
