//! Trunk entry point for the host Web Worker: registers `host::HostWorker`, which runs the
//! engine for the page. Built with the `parallel` feature (`tools/build-threaded-host.sh`), it
//! first starts wasm-bindgen-rayon's pool of Web Workers for the chunk kernels; only this bin
//! names `wasm_bindgen_rayon`, so the plain host's build never sees it.

#[cfg(target_arch = "wasm32")]
fn main() {
    tasklab::host::HostWorker::report_panics();
    #[cfg(feature = "parallel")]
    wasm_bindgen_futures::spawn_local(async {
        let threads = threads_wanted();
        let started = wasm_bindgen_futures::JsFuture::from(wasm_bindgen_rayon::init_thread_pool(threads)).await;
        if let Err(why) = started {
            web_sys::console::error_2(&"tasklab: the compute pool did not start:".into(), &why);
        }
        register();
    });
    #[cfg(not(feature = "parallel"))]
    register();
}

#[cfg(target_arch = "wasm32")]
fn register() {
    use gloo_worker::Registrable;
    tasklab::host::HostWorker::registrar().encoding::<tasklab::protocol::WireCodec>().register();
}

/// `?threads=N` on the loader's address (the page passes its own on), else the browser's
/// logical cores.
#[cfg(all(target_arch = "wasm32", feature = "parallel"))]
fn threads_wanted() -> usize {
    let global = js_sys::global();
    let get = |object: &wasm_bindgen::JsValue, name: &str| js_sys::Reflect::get(object, &name.into()).unwrap_or_default();
    let search = get(&get(&global, "location"), "search").as_string().unwrap_or_default();
    let asked = search.trim_start_matches('?').split('&').find_map(|pair| pair.strip_prefix("threads=")?.parse::<usize>().ok());
    let cores = get(&get(&global, "navigator"), "hardwareConcurrency").as_f64().map_or(1, |n| n as usize);
    asked.unwrap_or(cores).clamp(1, 16)
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the host runs as a Web Worker in the browser: `make serve` builds it with the page");
    std::process::exit(2);
}
