//! (placeholder, filled in on its own branch)
