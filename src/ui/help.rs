//! The keyboard: every shortcut, the action it stands for, and the help overlay listing them.
//!
//! `shortcut` maps a key to a `Shortcut`; the app carries it out. Renders the list.

use super::state::UiAction;
use yew::prelude::*;

/// What a key does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    PlayPause,
    Step,
    Step10,
    Back,
    Back10,
    Start,
    End,
    Slower,
    Faster,
    KillWorker,
    ExportTrace,
    ExportSvg,
    ExportPng,
    ZoomIn,
    ZoomOut,
    Fit,
    Share,
    MeasureCompute,
    Help,
    Close,
}

/// Every shortcut with its key(s) as the help lists them.
pub const SHORTCUTS: [(&str, Shortcut, &str); 20] = [
    ("space", Shortcut::PlayPause, "play or pause"),
    ("→", Shortcut::Step, "one event forward"),
    ("shift →", Shortcut::Step10, "ten events forward"),
    ("←", Shortcut::Back, "one event back"),
    ("shift ←", Shortcut::Back10, "ten events back"),
    ("Home", Shortcut::Start, "back to the start"),
    ("End", Shortcut::End, "to the end"),
    ("[", Shortcut::Slower, "slower"),
    ("]", Shortcut::Faster, "faster"),
    ("k", Shortcut::KillWorker, "kill the worker chosen under Faults"),
    ("t", Shortcut::ExportTrace, "save the trace (tasklab-trace/1)"),
    ("g", Shortcut::ExportSvg, "save the graph view as SVG"),
    ("p", Shortcut::ExportPng, "save the graph view as PNG"),
    ("+", Shortcut::ZoomIn, "zoom the graph in (or the wheel)"),
    ("-", Shortcut::ZoomOut, "zoom the graph out"),
    ("0", Shortcut::Fit, "fit the whole graph in view"),
    ("s", Shortcut::Share, "share this run as a link"),
    ("m", Shortcut::MeasureCompute, "time a chunked sum on the compute threads"),
    ("?", Shortcut::Help, "show or hide this help"),
    ("Esc", Shortcut::Close, "close this help"),
];

/// The shortcut for a key as `KeyboardEvent.key` names it.
pub fn shortcut(key: &str, shift: bool) -> Option<Shortcut> {
    Some(match (key, shift) {
        (" ", _) => Shortcut::PlayPause,
        ("ArrowRight", false) => Shortcut::Step,
        ("ArrowRight", true) => Shortcut::Step10,
        ("ArrowLeft", false) => Shortcut::Back,
        ("ArrowLeft", true) => Shortcut::Back10,
        ("Home", _) => Shortcut::Start,
        ("End", _) => Shortcut::End,
        ("[", _) => Shortcut::Slower,
        ("]", _) => Shortcut::Faster,
        ("k", _) => Shortcut::KillWorker,
        ("t", _) => Shortcut::ExportTrace,
        ("g", _) => Shortcut::ExportSvg,
        ("p", _) => Shortcut::ExportPng,
        ("+" | "=", _) => Shortcut::ZoomIn,
        ("-", _) => Shortcut::ZoomOut,
        ("0", _) => Shortcut::Fit,
        ("s", _) => Shortcut::Share,
        ("m", _) => Shortcut::MeasureCompute,
        ("?", _) => Shortcut::Help,
        ("Escape", _) => Shortcut::Close,
        _ => return None,
    })
}

#[derive(Properties, PartialEq)]
pub struct HelpProps {
    pub act: Callback<UiAction>,
}

#[function_component]
pub fn Help(props: &HelpProps) -> Html {
    let close = props.act.reform(|_: MouseEvent| UiAction::Help(false));
    html! {
        <div id="help" class="overlay" role="dialog" aria-modal="true" aria-label="keyboard shortcuts">
            <div class="box">
                <h2>{ "Keyboard shortcuts" }</h2>
                <table>
                    <tbody>
                        { for SHORTCUTS.iter().map(|(key, _, what)| html! { <tr><td><kbd>{ *key }</kbd></td><td>{ *what }</td></tr> }) }
                    </tbody>
                </table>
                <button id="close-help" onclick={close}>{ "Close" }</button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_shortcut_has_a_key_that_triggers_it() {
        let keys = [(" ", false), ("ArrowRight", false), ("ArrowRight", true), ("ArrowLeft", false), ("ArrowLeft", true), ("Home", false), ("End", false), ("[", false), ("]", false), ("k", false), ("t", false), ("g", false), ("p", false), ("+", true), ("-", false), ("0", false), ("s", false), ("m", false), ("?", false), ("Escape", false)];
        let triggered: Vec<Shortcut> = keys.iter().filter_map(|(k, s)| shortcut(k, *s)).collect();
        for (_, s, what) in SHORTCUTS {
            assert!(triggered.contains(&s), "no key does “{what}”");
        }
        assert_eq!(shortcut("x", false), None);
    }
}
