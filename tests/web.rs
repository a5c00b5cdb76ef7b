//! Browser tests (`cargo test --target wasm32-unknown-unknown --test web`, headless Chromium):
//! the wire codec on real JavaScript values, and the page's controls sending the right
//! commands. The host Web Worker itself is proven by the end-to-end test in `e2e/`.
#![cfg(target_arch = "wasm32")]

use gloo_worker::Codec;
use js_sys::{Promise, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use tasklab::protocol::{FromEngine, GraphSummary, TaskDetail, ToEngine, WireCodec};
use tasklab::ui::{Page, PageProps, UiState, SAMPLE_GRAPH};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

fn detail() -> TaskDetail {
    TaskDetail {
        key: "('sum-aggregate-4f2a', 0)".into(),
        func: "sum".into(),
        prefix: "sum-aggregate".into(),
        // Above 2^32, below 2^53: JavaScript numbers hold it exactly.
        duration_us: 5_000_000_000_123,
        nbytes: 8,
        gil: false,
        dependencies: vec!["('sum-chunk-4f2a', 0)".into(), "('sum-chunk-4f2a', 1)".into()],
        dependents: vec![],
    }
}

#[wasm_bindgen_test]
fn messages_cross_the_worker_boundary_as_plain_objects() {
    let sent = FromEngine::Task(detail());
    let js = WireCodec::encode(sent.clone());
    let task = Reflect::get(&js, &"Task".into()).unwrap();
    assert_eq!(Reflect::get(&task, &"key".into()).unwrap().as_string().as_deref(), Some("('sum-aggregate-4f2a', 0)"));
    assert_eq!(Reflect::get(&task, &"duration_us".into()).unwrap().as_f64(), Some(5_000_000_000_123.0));
    let back: FromEngine = WireCodec::decode(js);
    assert_eq!(back, sent);

    let sent = ToEngine::LoadGraph { text: SAMPLE_GRAPH.into() };
    let back: ToEngine = WireCodec::decode(WireCodec::encode(sent.clone()));
    assert_eq!(back, sent);
}

/// Mounts the page in a fresh element and records every command it sends.
fn mount(state: UiState) -> (Element, Rc<RefCell<Vec<ToEngine>>>) {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let sent = Rc::new(RefCell::new(Vec::new()));
    let send = {
        let sent = sent.clone();
        Callback::from(move |msg| sent.borrow_mut().push(msg))
    };
    yew::Renderer::<Page>::with_root_and_props(root.clone(), PageProps { state, send }).render();
    (root, sent)
}

/// Lets Yew's scheduler run until `find` sees what the test waits for. Yields to the
/// browser's microtask queue, never to a timer.
async fn until<T>(mut find: impl FnMut() -> Option<T>) -> T {
    for _ in 0..200 {
        if let Some(found) = find() {
            return found;
        }
        JsFuture::from(Promise::resolve(&JsValue::NULL)).await.unwrap();
    }
    panic!("the page never rendered what the test waits for");
}

fn select(root: &Element, selector: &str) -> Option<HtmlElement> {
    root.query_selector(selector).unwrap().map(|e| e.unchecked_into())
}

#[wasm_bindgen_test]
async fn clicking_an_output_key_asks_the_host_about_that_task() {
    let mut state = UiState::default();
    state.apply(FromEngine::GraphLoaded(GraphSummary {
        tasks: 1,
        dependencies: 0,
        roots: 1,
        critical_path_us: 1,
        total_work_us: 1,
        prefixes: vec![],
        outputs: vec!["total".into()],
        output_count: 1,
    }));
    let (root, sent) = mount(state);
    until(|| select(&root, "button.key")).await.click();
    assert_eq!(*sent.borrow(), [ToEngine::Inspect { key: "total".into() }]);
}

#[wasm_bindgen_test]
async fn the_loader_sends_the_sample_then_what_the_student_typed() {
    let (root, sent) = mount(UiState::default());
    let load = until(|| select(&root, "#load-graph")).await;
    load.click();
    assert_eq!(*sent.borrow(), [ToEngine::LoadGraph { text: SAMPLE_GRAPH.into() }]);

    let area: HtmlTextAreaElement = select(&root, "#graph-text").unwrap().unchecked_into();
    area.set_value("{\"format\": \"tasklab-graph/1\", \"tasks\": []}");
    load.click();
    assert_eq!(sent.borrow()[1], ToEngine::LoadGraph { text: "{\"format\": \"tasklab-graph/1\", \"tasks\": []}".into() });
}

#[path = "shared/determinism.rs"]
mod determinism;

/// The engine compiled to wasm produces the very trace the native build does.
#[wasm_bindgen_test]
fn the_wasm_engine_writes_the_same_trace_as_the_native_one() {
    let text = determinism::trace_text();
    assert_eq!(determinism::hash(&text), determinism::GOLDEN.trim());
}
