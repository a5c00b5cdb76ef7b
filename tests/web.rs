//! Browser tests (`cargo test --target wasm32-unknown-unknown --test web`, headless Chromium):
//! the wire codec on real JavaScript values, and the page's controls sending the right
//! commands (the host's `Session` answers in the test's own thread). The host Web Worker
//! itself is proven by the end-to-end test in `e2e/`.
#![cfg(target_arch = "wasm32")]

use gloo_worker::Codec;
use js_sys::{Promise, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use tasklab::host::Session;
use tasklab::protocol::{FaultDto, FromEngine, TaskDetail, ToEngine, WireCodec};
use tasklab::ui::{Page, PageProps, UiAction, UiState, SAMPLE_GRAPH};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
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

    let sent = ToEngine::LoadGraph { text: SAMPLE_GRAPH.into(), seed: 7 };
    let back: ToEngine = WireCodec::decode(WireCodec::encode(sent.clone()));
    assert_eq!(back, sent);
}

#[wasm_bindgen_test]
fn a_whole_frame_survives_the_boundary() {
    let mut session = Session::new();
    session.on_message(ToEngine::LoadBuiltIn { id: "inc-add".into(), seed: Some(1) });
    let sent = session.on_message(ToEngine::Seek { position: 40 }).remove(0);
    let back: FromEngine = WireCodec::decode(WireCodec::encode(sent.clone()));
    assert_eq!(back, sent);
}

/// What the page shows after the host (running here, in the test's own thread) answered these.
fn after(commands: Vec<ToEngine>) -> UiState {
    let mut session = Session::new();
    let mut state = UiState::default();
    for reply in commands.into_iter().flat_map(|c| session.on_message(c)) {
        state.apply(UiAction::Engine(reply));
    }
    state
}

type Sent = Rc<RefCell<Vec<ToEngine>>>;
type Acted = Rc<RefCell<Vec<UiAction>>>;

/// The mounted page, taken down when the test ends so the next test's page renders alone.
struct Mounted(Option<yew::AppHandle<Page>>);

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(app) = self.0.take() {
            app.destroy();
        }
    }
}

/// Mounts the page in a fresh element and records every command and action it sends.
fn mount(state: UiState) -> (Element, Sent, Acted, Mounted) {
    console_error_panic_hook::set_once();
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let sent: Sent = Rc::default();
    let acted: Acted = Rc::default();
    let send = {
        let sent = sent.clone();
        Callback::from(move |msg| sent.borrow_mut().push(msg))
    };
    let act = {
        let acted = acted.clone();
        Callback::from(move |a| acted.borrow_mut().push(a))
    };
    let props = PageProps { state, send, act, open_file: Callback::noop() };
    let app = yew::Renderer::<Page>::with_root_and_props(root.clone(), props).render();
    (root, sent, acted, Mounted(Some(app)))
}

/// Lets Yew's scheduler run until `find` sees what the test waits for: first through the
/// browser's microtask queue, then, on a loaded machine where a render slips past it, on short
/// timers for up to three seconds.
async fn until<T>(mut find: impl FnMut() -> Option<T>) -> T {
    for round in 0..500 {
        if let Some(found) = find() {
            return found;
        }
        if round < 200 {
            JsFuture::from(Promise::resolve(&JsValue::NULL)).await.unwrap();
        } else {
            pause_ms(10).await;
        }
    }
    panic!("the page never rendered what the test waits for");
}

async fn pause_ms(ms: i32) {
    let timer = Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    JsFuture::from(timer).await.unwrap();
}

fn select(root: &Element, selector: &str) -> Option<HtmlElement> {
    root.query_selector(selector).unwrap().map(|e| e.unchecked_into())
}

/// One test for the page's controls: after a page with a loaded run has rendered, Yew in this
/// test harness does not render a second root, so the empty page is checked first.
#[wasm_bindgen_test]
async fn the_pages_controls_send_the_right_commands() {
    // The loader sends what the student typed, with the seed.
    {
        let (root, sent, _, _page) = mount(UiState::default());
        let load = until(|| select(&root, "#load-graph")).await;
        let seed: HtmlInputElement = select(&root, "#seed").unwrap().unchecked_into();
        seed.set_value("42");
        let area: HtmlTextAreaElement = select(&root, "#graph-text").unwrap().unchecked_into();
        area.set_value("{\"format\": \"tasklab-graph/1\", \"tasks\": []}");
        load.click();
        assert_eq!(*sent.borrow(), [ToEngine::LoadGraph { text: "{\"format\": \"tasklab-graph/1\", \"tasks\": []}".into(), seed: 42 }]);
    }
    let (root, sent, acted, _page) = mount(after(vec![ToEngine::LoadBuiltIn { id: "inc-add".into(), seed: Some(1) }, ToEngine::Seek { position: 20 }]));
    // The whole page first: the outputs are its last part.
    until(|| select(&root, "button.key")).await;
    // The timeline steps, and asks the app to play.
    select(&root, "#step").unwrap().click();
    select(&root, "#back").unwrap().click();
    select(&root, "#play").unwrap().click();
    assert_eq!(*acted.borrow(), [UiAction::Play(true)]);
    // Killing the chosen worker sends that fault.
    let pick: HtmlSelectElement = select(&root, "#fault-worker").unwrap().unchecked_into();
    pick.set_value("c");
    select(&root, "#kill-worker").unwrap().click();
    // Clicking an output key selects that task.
    select(&root, "button.key").unwrap().click();
    assert_eq!(
        *sent.borrow(),
        [
            ToEngine::Step { n: 1 },
            ToEngine::Back { n: 1 },
            ToEngine::Inject { fault: FaultDto::KillWorker { worker: "c".into() } },
            ToEngine::Select { key: "total".into() },
        ]
    );
}

#[path = "shared/determinism.rs"]
mod determinism;

/// The engine compiled to wasm produces the very trace the native build does.
#[wasm_bindgen_test]
fn the_wasm_engine_writes_the_same_trace_as_the_native_one() {
    let text = determinism::trace_text();
    assert_eq!(determinism::hash(&text), determinism::GOLDEN.trim());
}
