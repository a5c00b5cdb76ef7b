//! The charts of a run, drawn with plotters into SVG: the task stream, memory per worker over
//! time, and progress per key prefix, each with a text alternative and a legend; drawn again
//! a few times a second at most while playing.
//!
//! Pure functions of `protocol::charts` DTOs; they compute no figure the host did not send
//! and never name the engine.

mod memory;
#[cfg(any(target_arch = "wasm32", test))]
mod pace;
mod palette;
mod panel;
mod progress;
mod stream;

pub use memory::{MemoryChart, MemoryChartProps};
pub use palette::{prefix_colour, STATE_COLOURS};
pub use panel::{ChartsPanel, ChartsPanelProps};
pub use progress::{ProgressChart, ProgressChartProps};
pub use stream::{TaskStreamChart, TaskStreamChartProps};

use yew::prelude::*;

/// Width of every chart in SVG user units; the page scales them with CSS.
const WIDTH: u32 = 900;

/// A drawing that could not be finished, in words.
type Drawn = Result<(), String>;

fn failed(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// A chart as a figure: the SVG (with `title` as its `<title>`) labelled for screen readers,
/// a caption, and a legend. A drawing that failed shows its error instead of a blank.
fn figure(class: &'static str, title: String, caption: String, drawn: Result<String, String>, legend: Html) -> Html {
    let body = match drawn {
        Ok(svg) => {
            let svg = with_title(&svg, &title);
            html! { <div class="chart-svg" role="img" aria-label={title.clone()}>{ Html::from_html_unchecked(AttrValue::from(svg)) }</div> }
        }
        Err(e) => html! { <p class="chart-error" role="alert">{ format!("this chart could not be drawn: {e}") }</p> },
    };
    html! {
        <figure class={classes!("chart", class)}>
            { body }
            <figcaption>{ caption }</figcaption>
            { legend }
        </figure>
    }
}

/// Puts `<title>` first inside the `<svg>` element, as SVG's own text alternative.
fn with_title(svg: &str, title: &str) -> String {
    let escaped = title.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    match svg.find("<svg").and_then(|at| svg[at..].find('>').map(|end| at + end + 1)) {
        Some(cut) => format!("{}<title>{escaped}</title>{}", &svg[..cut], &svg[cut..]),
        None => svg.to_string(),
    }
}

/// One legend entry: a colour swatch and its meaning.
fn swatch(colour: String, label: String) -> Html {
    html! {
        <li><span class="swatch" style={format!("display:inline-block;width:0.8em;height:0.8em;margin-right:0.3em;border:1px solid #0003;background:{colour}")} aria-hidden="true"></span>{ label }</li>
    }
}

#[cfg(test)]
mod tests;
