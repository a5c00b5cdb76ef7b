//! Trunk entry point for the host Web Worker: registers `host::HostWorker`, which runs the
//! engine for the page.

#[cfg(target_arch = "wasm32")]
fn main() {
    use gloo_worker::Registrable;
    tasklab::host::HostWorker::report_panics();
    tasklab::host::HostWorker::registrar().encoding::<tasklab::protocol::WireCodec>().register();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the host runs as a Web Worker in the browser: `make serve` builds it with the page");
    std::process::exit(2);
}
