//! The page wired to the browser: spawns the host Web Worker and folds its replies into
//! `UiState`; plays by sending `Advance` on a timer; keyboard shortcuts; the URL fragment
//! (`#graph=…&seed=…&pos=…`, or `#scenario=…` carrying a scenario file's own text) read at
//! start and kept up to date; files read for loading;
//! traces and the graph view saved as files; and an error panel instead of a blank page when
//! the page or the host panics.
//!
//! Browser only. All rendering is `Page`'s; all answers are the host's.

use super::help::{shortcut, Shortcut};
use super::page::Page;
use super::state::{UiAction, UiState, SPEEDS};
use crate::host::{share, HostWorker, FATAL_CHANNEL};
use crate::protocol::{FaultDto, FromEngine, ToEngine, WireCodec};
use gloo_worker::Spawnable;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

/// Where Trunk puts the host's script, relative to the page (so the page may live under any path).
const HOST_SCRIPT: &str = "host.js";
/// The loader of the threaded host (`www/host-loader.js`), for a cross-origin isolated page.
const HOST_LOADER: &str = "host-loader.js";
/// Ticks per second while playing.
const TICKS: u32 = 20;

/// What the URL fragment says: the built-in scenario or graph (or a scenario's own text), its
/// seed and the position.
#[derive(Clone, Debug, PartialEq)]
pub struct Fragment {
    pub graph: String,
    /// A scenario file's text as `host::share` writes it for a link; it stands for `graph`.
    pub scenario: Option<String>,
    pub seed: Option<u64>,
    pub position: u64,
}

impl Fragment {
    /// The link's fragment; without one, the first lecture's first scenario.
    pub fn parse(hash: &str) -> Fragment {
        let mut f = Fragment { graph: crate::host::first_lesson().to_string(), scenario: None, seed: None, position: 0 };
        for pair in hash.trim_start_matches('#').split('&') {
            match pair.split_once('=') {
                Some(("graph", v)) if !v.is_empty() => f.graph = v.to_string(),
                Some(("scenario", v)) => f.scenario = Some(v.to_string()),
                Some(("seed", v)) => f.seed = v.parse().ok(),
                Some(("pos", v)) => f.position = v.parse().unwrap_or(0),
                _ => {}
            }
        }
        f
    }

    pub fn write(&self) -> String {
        let seed = self.seed.map_or(String::new(), |s| format!("&seed={s}"));
        match &self.scenario {
            Some(data) => format!("#scenario={data}{seed}&pos={}", self.position),
            None => format!("#graph={}{seed}&pos={}", self.graph, self.position),
        }
    }
}

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(UiState::default);
    // Advances sent and not answered yet: the timer waits for the host rather than pile up.
    let pending = use_mut_ref(|| 0u32);
    // The link form of the scenario file loaded now (or why it has none); `None` for anything else.
    let shared = use_mut_ref(|| None::<Result<String, String>>);
    let bridge = {
        let dispatcher = state.dispatcher();
        let (pending, shared) = (pending.clone(), shared.clone());
        use_memo((), move |_| {
            let spawner = HostWorker::spawner()
                .callback({
                    let dispatcher = dispatcher.clone();
                    move |reply: FromEngine| {
                    match &reply {
                        FromEngine::Frame(_) | FromEngine::Refused { .. } => {
                            let mut p = pending.borrow_mut();
                            *p = p.saturating_sub(1);
                        }
                        FromEngine::Trace { text } => save("tasklab-trace.jsonl", "application/jsonl", text),
                        _ => {}
                    }
                    dispatcher.dispatch(UiAction::Engine(reply))
                }})
                .encoding::<WireCodec>();
            // A cross-origin isolated page can share memory with threads: the loader starts
            // the threaded host (its chunk kernels on a pool of Web Workers), or the plain host
            // when this build has none; `?threads=N` on the page sets the pool's size.
            let bridge = if cross_origin_isolated() {
                spawner.spawn_with_loader(&format!("{HOST_LOADER}{}", location_search()))
            } else {
                spawner.spawn(HOST_SCRIPT)
            };
            // Queued by the bridge until the host has loaded.
            bridge.send(ToEngine::Hello);
            let start = Fragment::parse(&location_hash());
            match start.scenario.map(|data| share::decode(&data).map(|text| (data, text))) {
                Some(Ok((data, text))) => {
                    *shared.borrow_mut() = Some(Ok(data));
                    bridge.send(ToEngine::LoadScenario { text, seed: start.seed });
                }
                Some(Err(message)) => dispatcher.dispatch(UiAction::Engine(FromEngine::Refused { message })),
                None => bridge.send(ToEngine::LoadBuiltIn { id: start.graph, seed: start.seed }),
            }
            if start.position > 0 {
                bridge.send(ToEngine::Seek { position: start.position });
            }
            bridge
        })
    };
    let send = {
        let (bridge, pending, shared) = (bridge.clone(), pending.clone(), shared.clone());
        Callback::from(move |msg: ToEngine| {
            match msg {
                ToEngine::Advance { .. } => *pending.borrow_mut() += 1,
                // Anything else loaded replaces the scenario file the link carried.
                ToEngine::LoadBuiltIn { .. } | ToEngine::LoadGraph { .. } | ToEngine::LoadArray { .. } => *shared.borrow_mut() = None,
                _ => {}
            }
            bridge.send(msg)
        })
    };
    let act = {
        let dispatcher = state.dispatcher();
        Callback::from(move |a: UiAction| dispatcher.dispatch(a))
    };

    // Playing: every tick, ask for the simulated time one tick of this speed is worth.
    {
        let (send, pending) = (send.clone(), pending.clone());
        use_effect_with((state.playing, state.speed), move |&(playing, speed)| {
            let timer = playing.then(|| {
                gloo_timers::callback::Interval::new(1000 / TICKS, move || {
                    if *pending.borrow() == 0 {
                        send.emit(ToEngine::Advance { us: SPEEDS[speed] / TICKS as u64 });
                    }
                })
            });
            move || drop(timer)
        });
    }

    // The link always holds the built-in graph (or the scenario file's text), the seed and the
    // position; the Share box shows it whole.
    {
        let link = state.loaded.as_ref().map(|l| {
            let at = |graph: String, scenario| Fragment { graph, scenario, seed: Some(l.seed), position: state.position }.write();
            match (&l.id, &*shared.borrow()) {
                (Some(id), _) => Ok(at(id.clone(), None)),
                (None, Some(Ok(data))) => Ok(at(String::new(), Some(data.clone()))),
                (None, Some(Err(why))) => Err(why.clone()),
                (None, None) => Err("a graph or array typed, pasted or dropped on the page is not carried in a link: share its file instead".to_string()),
            }
        });
        let act = act.clone();
        use_effect_with((link, state.sharing), move |(link, sharing)| {
            let Some(window) = web_sys::window() else { return };
            let url = match link {
                Some(Ok(fragment)) => fragment.clone(),
                _ => window.location().pathname().unwrap_or_default(),
            };
            if let Ok(history) = window.history() {
                let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
            }
            if let (true, Some(link)) = (*sharing, link) {
                act.emit(UiAction::Link(link.clone().map(|_| window.location().href().unwrap_or_default())));
            }
        });
    }

    // Keyboard shortcuts, reading the latest state.
    let latest = use_mut_ref(|| (*state).clone());
    *latest.borrow_mut() = (*state).clone();
    {
        let (send, act, latest) = (send.clone(), act.clone(), latest.clone());
        use_effect_with((), move |_| {
            let document = gloo_utils_document();
            let options = gloo_events::EventListenerOptions::enable_prevent_default();
            let listener = gloo_events::EventListener::new_with_options(&document, "keydown", options, move |e| {
                let e: &web_sys::KeyboardEvent = e.unchecked_ref();
                if typing(e) || e.ctrl_key() || e.meta_key() || e.alt_key() {
                    return;
                }
                let Some(s) = shortcut(&e.key(), e.shift_key()) else { return };
                e.prevent_default();
                on_shortcut(s, &latest.borrow(), &send, &act);
            });
            move || drop(listener)
        });
    }

    // Threads need a cross-origin isolated page; the header says which this is.
    {
        let act = act.clone();
        use_effect_with((), move |_| {
            act.emit(UiAction::Isolated(cross_origin_isolated()));
        });
    }

    // The host's panics arrive on a broadcast channel; show them like the page's own.
    use_effect_with((), |_| {
        let channel = web_sys::BroadcastChannel::new(FATAL_CHANNEL).ok();
        let listener = channel.as_ref().map(|c| {
            gloo_events::EventListener::new(c, "message", |e| {
                let e: &web_sys::MessageEvent = e.unchecked_ref();
                show_fatal(&format!("the engine stopped: {}", e.data().as_string().unwrap_or_default()));
            })
        });
        move || drop((listener, channel))
    });

    let open_file = {
        let (send, act, shared) = (send.clone(), act.clone(), shared.clone());
        Callback::from(move |file: web_sys::File| {
            let (send, act, shared) = (send.clone(), act.clone(), shared.clone());
            let scenario = file.name().ends_with(".toml");
            wasm_bindgen_futures::spawn_local(async move {
                match gloo_file::futures::read_as_text(&gloo_file::File::from(file)).await {
                    Ok(text) => {
                        // The file's text goes in the text area, so a refusal's line and column can be read there.
                        if let Some(area) = gloo_utils_document().get_element_by_id("graph-text") {
                            area.unchecked_ref::<web_sys::HtmlTextAreaElement>().set_value(&text);
                        }
                        if scenario {
                            *shared.borrow_mut() = Some(share::encode(&text));
                            send.emit(ToEngine::LoadScenario { text, seed: None })
                        } else {
                            send.emit(ToEngine::LoadGraph { text, seed: 1 })
                        }
                    }
                    Err(e) => act.emit(UiAction::Engine(FromEngine::Refused { message: format!("this file cannot be read: {e}") })),
                }
            });
        })
    };
    html! { <Page state={(*state).clone()} {send} {act} {open_file} /> }
}

fn gloo_utils_document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("the page has a document")
}

fn location_hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// Keys typed into a field are the field's.
fn typing(e: &web_sys::KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}

fn on_shortcut(s: Shortcut, state: &UiState, send: &Callback<ToEngine>, act: &Callback<UiAction>) {
    match s {
        Shortcut::PlayPause => act.emit(UiAction::Play(!state.playing)),
        Shortcut::Step => send.emit(ToEngine::Step { n: 1 }),
        Shortcut::Step10 => send.emit(ToEngine::Step { n: 10 }),
        Shortcut::Back => send.emit(ToEngine::Back { n: 1 }),
        Shortcut::Back10 => send.emit(ToEngine::Back { n: 10 }),
        Shortcut::Start => send.emit(ToEngine::Seek { position: 0 }),
        Shortcut::End => send.emit(ToEngine::Seek { position: state.end_position }),
        Shortcut::Slower => act.emit(UiAction::Speed(state.speed.saturating_sub(1))),
        Shortcut::Faster => act.emit(UiAction::Speed(state.speed + 1)),
        Shortcut::KillWorker => {
            let chosen = gloo_utils_document()
                .get_element_by_id("fault-worker")
                .and_then(|e| e.dyn_into::<web_sys::HtmlSelectElement>().ok())
                .map(|s| s.value());
            if let Some(worker) = chosen.filter(|w| !w.is_empty()) {
                send.emit(ToEngine::Inject { fault: FaultDto::KillWorker { worker } });
            }
        }
        Shortcut::ExportTrace => send.emit(ToEngine::ExportTrace),
        Shortcut::ExportSvg => {
            if let Some((svg, _, _)) = graph_svg() {
                save("tasklab-graph.svg", "image/svg+xml", &svg);
            }
        }
        Shortcut::ExportPng => save_png(),
        Shortcut::ZoomIn => click("zoom-in"),
        Shortcut::ZoomOut => click("zoom-out"),
        Shortcut::Fit => click("zoom-fit"),
        Shortcut::Share => act.emit(UiAction::Share(!state.sharing)),
        Shortcut::MeasureCompute => click("compute-mode"),
        Shortcut::Help => act.emit(UiAction::Help(!state.help)),
        Shortcut::Close => {
            act.emit(UiAction::Help(false));
            act.emit(UiAction::Share(false));
        }
    }
}

/// Clicks the button with this id, as the student would.
fn click(id: &str) {
    if let Some(button) = gloo_utils_document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        button.click();
    }
}

/// The graph view as it is on screen, as a standalone SVG file carrying the page's stylesheet
/// (the states' colours and shapes live there), with its width and height in pixels.
fn graph_svg() -> Option<(String, u32, u32)> {
    let document = gloo_utils_document();
    let svg = document.get_element_by_id("graph-svg")?;
    let (width, height) = (svg.client_width().max(1) as u32, svg.client_height().max(1) as u32);
    let copy: web_sys::Element = svg.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
    copy.set_attribute("width", &width.to_string()).ok()?;
    copy.set_attribute("height", &height.to_string()).ok()?;
    let style = document.create_element_ns(Some("http://www.w3.org/2000/svg"), "style").ok()?;
    style.set_text_content(Some(&page_css()));
    copy.insert_before(&style, copy.first_child().as_ref()).ok()?;
    let text = web_sys::XmlSerializer::new().ok()?.serialize_to_string(&copy).ok()?;
    Some((text, width, height))
}

/// Every rule of the page's own stylesheets, as text.
fn page_css() -> String {
    let sheets = gloo_utils_document().style_sheets();
    let mut css = String::new();
    for sheet in (0..sheets.length()).filter_map(|i| sheets.get(i)?.dyn_into::<web_sys::CssStyleSheet>().ok()) {
        let Ok(rules) = sheet.css_rules() else { continue };
        for rule in (0..rules.length()).filter_map(|i| rules.get(i)) {
            css.push_str(&rule.css_text());
            css.push('\n');
        }
    }
    css
}

/// Pixels of the PNG per pixel on screen, so the picture stays sharp when zoomed.
const PNG_SCALE: f64 = 2.0;

/// Saves the graph view as a PNG: its SVG drawn as an image onto a canvas, white behind.
fn save_png() {
    let Some((svg, width, height)) = graph_svg() else { return };
    let Ok(image) = web_sys::HtmlImageElement::new() else { return };
    let onload = {
        let image = image.clone();
        wasm_bindgen::closure::Closure::once_into_js(move || {
            let document = gloo_utils_document();
            let Some(canvas) = document.create_element("canvas").ok().and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok()) else { return };
            canvas.set_width((width as f64 * PNG_SCALE) as u32);
            canvas.set_height((height as f64 * PNG_SCALE) as u32);
            let Some(ctx) = canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok()) else { return };
            let _ = ctx.scale(PNG_SCALE, PNG_SCALE);
            ctx.set_fill_style_str("#fff");
            ctx.fill_rect(0.0, 0.0, width as f64, height as f64);
            let _ = ctx.draw_image_with_html_image_element_and_dw_and_dh(&image, 0.0, 0.0, width as f64, height as f64);
            let saved = wasm_bindgen::closure::Closure::once_into_js(|blob: Option<web_sys::Blob>| {
                if let Some(blob) = blob {
                    save_blob("tasklab-graph.png", &blob);
                }
            });
            let _ = canvas.to_blob(saved.unchecked_ref());
        })
    };
    image.set_onload(Some(onload.unchecked_ref()));
    image.set_src(&format!("data:image/svg+xml;charset=utf-8,{}", js_sys::encode_uri_component(&svg)));
}

/// Offers `text` as a file download.
pub fn save(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    if let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) {
        save_blob(name, &blob);
    }
}

/// Offers `blob` as a file download.
fn save_blob(name: &str, blob: &web_sys::Blob) {
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else { return };
    if let Ok(a) = gloo_utils_document().create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// The error panel: what went wrong and a reload button, over the page as it was.
pub fn show_fatal(message: &str) {
    let document = gloo_utils_document();
    if document.get_element_by_id("fatal").is_some() {
        return;
    }
    let Ok(panel) = document.create_element("div") else { return };
    panel.set_id("fatal");
    let _ = panel.set_attribute("role", "alertdialog");
    let _ = panel.set_attribute("aria-label", "Tasklab stopped");
    let box_ = document.create_element("div").expect("a div");
    box_.set_class_name("box");
    let h = document.create_element("h2").expect("a heading");
    h.set_text_content(Some("Tasklab stopped"));
    let pre = document.create_element("pre").expect("a pre");
    pre.set_text_content(Some(message));
    let p = document.create_element("p").expect("a paragraph");
    p.set_text_content(Some("What you saw before the error is kept below. Reloading starts again from the link."));
    let button = document.create_element("button").expect("a button");
    button.set_id("reload");
    button.set_text_content(Some("Reload"));
    let _ = button.set_attribute("onclick", "location.reload()");
    for child in [&h, &pre, &p, &button] {
        let _ = box_.append_child(child);
    }
    let _ = panel.append_child(&box_);
    if let Some(body) = document.body() {
        let _ = body.append_child(&panel);
    }
}

/// Shows the error panel on any panic of the page, after logging it to the console.
pub fn install_panic_panel() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_fatal(&info.to_string());
    }));
}

/// `window.crossOriginIsolated`: threads may share memory on this page.
fn cross_origin_isolated() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str("crossOriginIsolated")).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// The page's query (`?threads=2`), passed on to the host's loader.
fn location_search() -> String {
    web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}
