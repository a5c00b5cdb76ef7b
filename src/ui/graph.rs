//! The task-graph view: the host's layered drawing as SVG, every task in its state's colour
//! and shape, edges for dependencies, the key on hover, zoom (wheel, buttons) and pan (drag),
//! click to select; past a few thousand tasks one node per group, opened on click.
//!
//! Draws what the host laid out and reported; computes no position and no state.

use super::marks::{mark, R};
use crate::protocol::{GraphView, StateCode, Transfer};
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GraphProps {
    pub view: Rc<GraphView>,
    pub tasks: Rc<Vec<(StateCode, Option<u32>)>>,
    pub transfers: Vec<Transfer>,
    pub selected: Option<String>,
    /// Keys the tour points at.
    #[prop_or_default]
    pub highlight: Vec<String>,
    /// Called with a task's key when it is clicked.
    pub select: Callback<String>,
    /// Called with a group's name (or an opened task's key) to open or fold its group.
    pub toggle: Callback<String>,
}

/// The camera of the drawing shown now, and how to move it.
#[derive(Clone)]
struct CameraHandle {
    stored: UseStateHandle<(usize, Camera)>,
    drawing: usize,
    now: Camera,
}

impl CameraHandle {
    fn set(&self, c: Camera) {
        self.stored.set((self.drawing, c));
    }
}

/// The part of the drawing on screen: `(x, y, width, height)` in the drawing's units.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Camera {
    x: f32,
    y: f32,
    w: f32,
    h: f32,
}

const MARGIN: f32 = 40.0;
/// Below this many nodes every key is written under its mark.
const LABELS_UP_TO: usize = 120;

fn fit(view: &GraphView) -> Camera {
    Camera { x: -MARGIN, y: -MARGIN, w: view.width + 2.0 * MARGIN, h: view.height + 2.0 * MARGIN }
}

impl Camera {
    fn zoom(self, factor: f32) -> Camera {
        let (cx, cy) = (self.x + self.w / 2.0, self.y + self.h / 2.0);
        let (w, h) = (self.w * factor, self.h * factor);
        Camera { x: cx - w / 2.0, y: cy - h / 2.0, w, h }
    }
}

#[function_component]
pub fn Graph(props: &GraphProps) -> Html {
    let view = &props.view;
    // The camera belongs to one drawing: a new drawing (another graph, a group opened) is shown whole.
    let drawing = Rc::as_ptr(view) as usize;
    let stored = use_state(|| (drawing, fit(view)));
    let now = if stored.0 == drawing { stored.1 } else { fit(view) };
    let camera = CameraHandle { stored: stored.clone(), drawing, now };
    let svg = use_node_ref();
    let drag = use_mut_ref(|| None::<(i32, i32, Camera)>);

    // The wheel zooms the drawing about its centre and never scrolls the page: Yew listens
    // passively, so the listener is the browser's own, told it will prevent the default.
    #[cfg(target_arch = "wasm32")]
    {
        let wheel_camera = use_mut_ref(|| camera.clone());
        *wheel_camera.borrow_mut() = camera.clone();
        let svg = svg.clone();
        // Listened again for each drawing: Yew may have put a new `<svg>` in the old one's place.
        use_effect_with(drawing, move |_| {
            let listener = svg.cast::<web_sys::Element>().map(|el| {
                let options = gloo_events::EventListenerOptions::enable_prevent_default();
                gloo_events::EventListener::new_with_options(&el, "wheel", options, move |e| {
                    use wasm_bindgen::JsCast;
                    let e: &web_sys::WheelEvent = e.unchecked_ref();
                    e.prevent_default();
                    let camera = wheel_camera.borrow();
                    camera.set(camera.now.zoom(if e.delta_y() > 0.0 { 1.2 } else { 1.0 / 1.2 }));
                })
            });
            move || drop(listener)
        });
    }
    let onmousedown = {
        let (camera, drag) = (camera.clone(), drag.clone());
        Callback::from(move |e: MouseEvent| *drag.borrow_mut() = Some((e.client_x(), e.client_y(), camera.now)))
    };
    let onmousemove = {
        let (camera, drag, svg) = (camera.clone(), drag.clone(), svg.clone());
        Callback::from(move |e: MouseEvent| {
            let Some((x0, y0, start)) = *drag.borrow() else { return };
            let width = svg.cast::<web_sys::Element>().map_or(1.0, |el| el.client_width().max(1) as f32);
            let scale = start.w / width;
            camera.set(Camera { x: start.x - (e.client_x() - x0) as f32 * scale, y: start.y - (e.client_y() - y0) as f32 * scale, ..start });
        })
    };
    let onmouseup = {
        let drag = drag.clone();
        Callback::from(move |_: MouseEvent| *drag.borrow_mut() = None)
    };
    let zoom = |factor: f32| {
        let camera = camera.clone();
        Callback::from(move |_: MouseEvent| camera.set(camera.now.zoom(factor)))
    };
    let reset = {
        let (camera, view) = (camera.clone(), view.clone());
        Callback::from(move |_: MouseEvent| camera.set(fit(&view)))
    };

    // Which task each node draws (`None` for a whole group), and each group's state counts.
    let mut node_task: Vec<Option<u32>> = vec![None; view.nodes.len()];
    let mut group_counts: Vec<[u32; 8]> = vec![[0; 8]; view.nodes.len()];
    for (t, &n) in view.node_of_task.iter().enumerate() {
        let state = props.tasks.get(t).map_or(StateCode::Released, |s| s.0);
        if let Some(node) = view.nodes.get(n as usize) {
            if node.group {
                group_counts[n as usize][state as usize] += 1;
            } else {
                node_task[n as usize] = Some(t as u32);
            }
        }
    }
    let moving: BTreeSet<u32> = props.transfers.iter().map(|t| t.task).collect();
    let labels = view.nodes.len() <= LABELS_UP_TO;

    let nodes = view.nodes.iter().enumerate().map(|(i, n)| {
        if n.group {
            html! { <GroupNode key={i} x={n.x} y={n.y} label={AttrValue::from(n.label.clone())} tasks={n.tasks} counts={group_counts[i]} /> }
        } else {
            let t = node_task[i].unwrap_or(0);
            let state = props.tasks.get(t as usize).map_or(StateCode::Released, |s| s.0);
            let selected = props.selected.as_deref() == Some(n.label.as_str()) || props.highlight.contains(&n.label);
            html! { <TaskNode key={i} x={n.x} y={n.y} label={AttrValue::from(n.label.clone())} {state} {selected} moving={moving.contains(&t)} {labels} /> }
        }
    });
    // One listener for every node: the clicked node's `data-key` or `data-group` says which.
    let clicked = |e: &MouseEvent, attr: &str| -> Option<String> {
        let target: web_sys::Element = e.target_dyn_into()?;
        target.closest(".node").ok().flatten()?.get_attribute(attr)
    };
    let onclick = {
        let (select, toggle) = (props.select.clone(), props.toggle.clone());
        Callback::from(move |e: MouseEvent| {
            if let Some(key) = clicked(&e, "data-key") {
                select.emit(key);
            } else if let Some(group) = clicked(&e, "data-group") {
                toggle.emit(group);
            }
        })
    };
    let ondblclick = {
        let (toggle, grouped) = (props.toggle.clone(), view.grouped);
        Callback::from(move |e: MouseEvent| {
            if let Some(key) = clicked(&e, "data-key").filter(|_| grouped) {
                toggle.emit(key);
            }
        })
    };
    let cam = camera.now;
    html! {
        <div class="graph-view">
            <div class="zoom" role="toolbar" aria-label="zoom">
                <button id="zoom-in" onclick={zoom(1.0 / 1.3)} aria-label="zoom in" title="zoom in (+)">{ "+" }</button>
                <button id="zoom-out" onclick={zoom(1.3)} aria-label="zoom out" title="zoom out (-)">{ "−" }</button>
                <button id="zoom-fit" onclick={reset} aria-label="fit the graph" title="fit (0)">{ "fit" }</button>
            </div>
            <svg id="graph-svg" ref={svg} xmlns="http://www.w3.org/2000/svg" role="img" aria-label={format!("task graph, {} nodes", view.nodes.len())}
                viewBox={format!("{:.1} {:.1} {:.1} {:.1}", cam.x, cam.y, cam.w, cam.h)}
                {onmousedown} {onmousemove} onmouseup={onmouseup.clone()} onmouseleave={onmouseup}>
                <Edges view={view.clone()} />
                <g class="nodes" {onclick} {ondblclick}>{ for nodes }</g>
            </svg>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct EdgesProps {
    view: Rc<GraphView>,
}

/// The dependencies, drawn again only when the drawing changes.
#[function_component]
fn Edges(props: &EdgesProps) -> Html {
    let edges = props.view.edge_points.iter().map(|pts| {
        let points = pts.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ");
        html! { <polyline class="edge" {points} /> }
    });
    html! { <g class="edges">{ for edges }</g> }
}

#[derive(Properties, PartialEq)]
struct TaskNodeProps {
    x: f32,
    y: f32,
    label: AttrValue,
    state: StateCode,
    selected: bool,
    moving: bool,
    /// Write the key under the mark.
    labels: bool,
}

/// One task, drawn again only when its state, selection or transfer changes.
#[function_component]
fn TaskNode(p: &TaskNodeProps) -> Html {
    html! {
        <g class={classes!("node", p.selected.then_some("selected"), p.moving.then_some("moving"))} data-key={p.label.clone()} data-state={p.state.name()}>
            <title>{ format!("{}: {}", p.label, p.state.name()) }</title>
            if p.selected || p.moving {
                <circle class="halo" cx={format!("{:.1}", p.x)} cy={format!("{:.1}", p.y)} r={format!("{:.1}", R * 1.5)} />
            }
            { mark(p.state, p.x, p.y, "") }
            if p.labels {
                <text x={format!("{:.1}", p.x)} y={format!("{:.1}", p.y + R + 11.0)}>{ p.label.clone() }</text>
            }
        </g>
    }
}

#[derive(Properties, PartialEq)]
struct GroupNodeProps {
    x: f32,
    y: f32,
    label: AttrValue,
    tasks: u32,
    /// Its tasks in each state, in `StateCode::ALL` order.
    counts: [u32; 8],
}

/// A whole task group: a bar of its tasks' states; a click opens it.
#[function_component]
fn GroupNode(p: &GroupNodeProps) -> Html {
    let (w, h) = (60.0_f32, 16.0_f32);
    let mut x = p.x - w / 2.0;
    let shown = StateCode::ALL.iter().filter(|s| p.counts[**s as usize] > 0);
    let bars = shown.clone().map(|&s| {
        let bw = w * p.counts[s as usize] as f32 / p.tasks.max(1) as f32;
        let bar = html! { <rect class={classes!("bar", s.name())} x={format!("{x:.1}")} y={format!("{:.1}", p.y - h / 2.0)} width={format!("{bw:.1}")} height={format!("{h:.1}")} /> };
        x += bw;
        bar
    }).collect::<Html>();
    let summary = shown.map(|s| format!("{} {}", p.counts[*s as usize], s.name())).collect::<Vec<_>>().join(", ");
    html! {
        <g class="node group" data-group={p.label.clone()} role="button" aria-label={format!("group {}: {} tasks; click to open", p.label, p.tasks)}>
            <title>{ format!("{} ({} tasks: {summary}) — click to show task by task", p.label, p.tasks) }</title>
            { bars }
            <rect class="frame" x={format!("{:.1}", p.x - w / 2.0)} y={format!("{:.1}", p.y - h / 2.0)} width={format!("{w:.1}")} height={format!("{h:.1}")} />
            <text x={format!("{:.1}", p.x)} y={format!("{:.1}", p.y + h / 2.0 + 11.0)}>{ format!("{} ×{}", p.label, p.tasks) }</text>
        </g>
    }
}
