//! The progress chart: one bar per key prefix, split into the shares of its tasks that are
//! done and let go, held in memory, erred, processing, queued, stuck without a worker, or
//! still waiting, with "done / total" beside it — Dask's progress bars.
//!
//! Draws a `Progress` as the host sent it (one bar per prefix, so a handful of rectangles).

use super::palette::{css, prefix_colour, state_colour};
use super::{failed, figure, swatch, Drawn, WIDTH};
use crate::protocol::charts::{Progress, ProgressRow};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use yew::prelude::*;

const ROW_PX: u32 = 24;
/// Bars fill x in 0..1; the count is written past them.
const TEXT_AT: f64 = 1.02;

#[derive(Properties, PartialEq, Clone)]
pub struct ProgressChartProps {
    pub progress: Progress,
}

/// A row's segments, left to right: (count, colour, opacity).
fn segments(r: &ProgressRow) -> [(u32, RGBColor, f64); 8] {
    let own = prefix_colour(&r.prefix);
    [
        (r.released, own, 0.6),
        (r.forgotten, own, 0.3),
        (r.memory, own, 1.0),
        (r.erred, state_colour("erred"), 0.6),
        (r.processing, state_colour("processing"), 0.5),
        (r.queued, state_colour("queued"), 0.5),
        (r.no_worker, state_colour("no-worker"), 0.5),
        (r.waiting, WHITE, 0.0),
    ]
}

#[function_component]
pub fn ProgressChart(props: &ProgressChartProps) -> Html {
    let rows = &props.progress.rows;
    let counts: Vec<String> = rows.iter().map(|r| format!("{} {} of {} done", r.prefix, r.done(), r.total)).collect();
    let title = format!("Progress by prefix: {}", counts.join("; "));
    let mut svg = String::new();
    let drawn = draw(&props.progress, &mut svg).map(|()| svg);
    let legend = html! {
        <ul class="legend">
            { swatch("currentColor".into(), "prefix colour: in memory (solid), done and released (lighter), forgotten (faint)".into()) }
            { swatch(css(state_colour("erred")), "erred".into()) }
            { swatch(css(state_colour("processing")), "processing".into()) }
            { swatch(css(state_colour("queued")), "queued".into()) }
            { swatch(css(state_colour("no-worker")), "no worker".into()) }
            { swatch("#ffffff".into(), "waiting".into()) }
        </ul>
    };
    let caption = "Each bar is one key prefix; the number beside it is done / total.".to_string();
    figure("progress", title, caption, drawn, legend)
}

fn draw(p: &Progress, svg: &mut String) -> Drawn {
    let n = p.rows.len().max(1);
    let root = SVGBackend::with_string(svg, (WIDTH, 20 + ROW_PX * n as u32)).into_drawing_area();
    root.fill(&WHITE).map_err(failed)?;
    let y = |i: usize| (n - 1 - i) as f64;
    let mut chart = ChartBuilder::on(&root)
        .margin(6)
        .y_label_area_size(160)
        .build_cartesian_2d(0.0..1.2, -0.5f64..(n as f64 - 0.5))
        .map_err(failed)?;
    let label = |v: &f64| {
        let i = (n - 1) as f64 - v.round();
        if (v - v.round()).abs() > 1e-6 || i < 0.0 {
            return String::new();
        }
        p.rows.get(i as usize).map(|r| r.prefix.clone()).unwrap_or_default()
    };
    chart.configure_mesh().disable_mesh().disable_x_axis().y_labels(n + 1).y_label_style(("sans-serif", 13)).y_label_formatter(&label).draw().map_err(failed)?;
    for (i, r) in p.rows.iter().enumerate() {
        let mid = y(i);
        let total = r.total.max(1) as f64;
        let mut x = 0.0;
        let mut bars = Vec::new();
        for (count, colour, opacity) in segments(r) {
            let w = count as f64 / total;
            if count > 0 && opacity > 0.0 {
                bars.push(Rectangle::new([(x, mid + 0.35), (x + w, mid - 0.35)], colour.mix(opacity).filled()));
            }
            x += w;
        }
        bars.push(Rectangle::new([(0.0, mid + 0.35), (1.0, mid - 0.35)], BLACK.mix(0.4).stroke_width(1)));
        chart.draw_series(bars).map_err(failed)?;
        let count = Text::new(format!("{} / {}", r.done(), r.total), (TEXT_AT, mid), TextStyle::from(("sans-serif", 12).into_font()).pos(Pos::new(HPos::Left, VPos::Center)));
        chart.draw_series(std::iter::once(count)).map_err(failed)?;
    }
    root.present().map_err(failed)
}
