//! Tidy: the crate's layering and file conventions, checked on the source text.
//!
//! Every file opens with a `//!` header saying what it owns; the engine never names the web
//! side; the page never names the scheduler, the simulation or the arrays.

use std::fs;
use std::path::{Path, PathBuf};

/// Web-side paths under `src/`: everything else is engine and must build without a browser.
const WEB: [&str; 5] = ["protocol", "host", "ui", "bin", "lib.rs"];
/// What the engine must not name.
const NOT_IN_ENGINE: [&str; 7] = ["yew", "web_sys", "gloo_worker", "wasm_bindgen", "crate::ui", "crate::host", "crate::protocol"];
/// What the page must not name: it renders what the host reports.
const NOT_IN_UI: [&str; 3] = ["crate::sched", "crate::sim", "crate::array"];
/// Stubs are not done work.
const NOWHERE: [&str; 3] = ["todo!(", "unimplemented!(", "dbg!("];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Lines of code, without comments (a doc comment may explain what a module must not name).
fn code(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().map(|(i, l)| (i + 1, l.split("//").next().unwrap_or(""))).filter(|(_, l)| !l.trim().is_empty())
}

fn problems() -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let rel = file.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
        let top = rel.split('/').next().unwrap().trim_end_matches(".rs");
        let text = fs::read_to_string(&file).unwrap();
        if !text.starts_with("//!") {
            found.push(format!("src/{rel}: open it with a `//!` comment saying what it owns and what it must not touch"));
        }
        let banned: Vec<&str> = match top {
            "ui" => NOT_IN_UI.to_vec(),
            _ if WEB.contains(&top) || WEB.contains(&rel.as_str()) => vec![],
            _ => NOT_IN_ENGINE.to_vec(),
        };
        for (n, line) in code(&text) {
            for word in banned.iter().chain(NOWHERE.iter()) {
                if line.contains(word) {
                    found.push(format!("src/{rel}:{n}: names `{word}`; {}", advice(top, word)));
                }
            }
        }
    }
    found
}

fn advice(top: &str, word: &str) -> &'static str {
    if NOWHERE.contains(&word) {
        "finish it or leave it out"
    } else if top == "ui" {
        "the page renders what the host sends; have `host` put it in a `protocol` message"
    } else {
        "the engine builds without a browser; move this to `protocol`, `host` or `ui`"
    }
}

#[test]
fn the_source_keeps_its_layers_apart() {
    let found = problems();
    assert!(found.is_empty(), "tidy found:\n{}", found.join("\n"));
}
