//! The `tasklab` command-line tool: the same engine as the page, headless.

fn main() {
    println!("tasklab {}", env!("CARGO_PKG_VERSION"));
}
