//! Trunk entry point for the page (Yew): shows an error panel on panics, then mounts `ui::App`
//! on the document's body.

#[cfg(target_arch = "wasm32")]
fn main() {
    tasklab::ui::install_panic_panel();
    yew::Renderer::<tasklab::ui::App>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the page runs in a browser: `make serve` builds it and opens it on http://127.0.0.1:8080");
    std::process::exit(2);
}
