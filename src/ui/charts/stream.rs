//! The task stream chart: a row per worker thread, a bar per task run coloured by its prefix,
//! and each worker's transfers and disk reads on the row below its threads.
//!
//! Draws a `TaskStream` as the host sent it; the host already bounded it to `MAX_BARS` bars
//! (the latest ones), so drawing costs at most a few thousand rectangles.

use super::palette::{css, prefix_colour, state_colour};
use super::{failed, figure, swatch, Drawn, WIDTH};
use crate::protocol::charts::{BarKind, TaskStream};
use crate::ui::format;
use plotters::prelude::*;
use std::collections::BTreeSet;
use yew::prelude::*;

/// Dask's colours for the non-compute bars: transfers red, disk reads orange, both see-through.
const TRANSFER: RGBColor = RGBColor(0xd6, 0x27, 0x28);
const DISK_READ: RGBColor = RGBColor(0xff, 0x7f, 0x0e);
const ROW_PX: u32 = 18;

#[derive(Properties, PartialEq, Clone)]
pub struct TaskStreamChartProps {
    pub stream: TaskStream,
}

#[function_component]
pub fn TaskStreamChart(props: &TaskStreamChartProps) -> Html {
    let s = &props.stream;
    let title = format!(
        "Task stream: {} bars on {} rows, from {} to {}",
        s.bars.len(),
        s.rows.len(),
        format::micros(s.from_us),
        format::micros(s.now_us)
    );
    let caption = if s.omitted > 0 {
        format!("One row per worker thread and one for each worker's transfers. The latest {} bars; {} earlier ones are left out.", s.bars.len(), s.omitted)
    } else {
        "One row per worker thread and one for each worker's transfers; white gaps are idle threads.".to_string()
    };
    let mut svg = String::new();
    let drawn = draw(s, &mut svg).map(|()| svg);
    let prefixes: BTreeSet<&str> = s.bars.iter().filter(|b| b.kind == BarKind::Compute).map(|b| b.prefix.as_str()).collect();
    let legend = html! {
        <ul class="legend">
            { for prefixes.into_iter().map(|p| swatch(css(prefix_colour(p)), p.to_string())) }
            { swatch(css(TRANSFER), "transfer".into()) }
            { swatch(css(DISK_READ), "disk read".into()) }
            { swatch(css(state_colour("erred")), "ended without a result".into()) }
        </ul>
    };
    figure("task-stream", title, caption, drawn, legend)
}

fn draw(s: &TaskStream, svg: &mut String) -> Drawn {
    let n = s.rows.len().max(1);
    let to = s.now_us.max(s.from_us + 1);
    let root = SVGBackend::with_string(svg, (WIDTH, 40 + ROW_PX * n as u32)).into_drawing_area();
    root.fill(&WHITE).map_err(failed)?;
    // Row r sits at y = n - 1 - r, so the first row is on top.
    let y = |row: u32| (n - 1) as f64 - row as f64;
    let mut chart = ChartBuilder::on(&root)
        .margin(6)
        .x_label_area_size(24)
        .y_label_area_size(140)
        .build_cartesian_2d(s.from_us..to, -0.5f64..(n as f64 - 0.5))
        .map_err(failed)?;
    let label = |v: &f64| {
        let r = (n - 1) as f64 - v.round();
        if (v - v.round()).abs() > 1e-6 || r < 0.0 {
            return String::new();
        }
        s.rows.get(r as usize).cloned().unwrap_or_default()
    };
    let time = |x: &u64| format::micros(*x);
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(n + 1)
        .y_label_style(("sans-serif", 12))
        .y_label_formatter(&label)
        .x_labels(6)
        .x_label_formatter(&time)
        .draw()
        .map_err(failed)?;
    chart
        .draw_series(s.bars.iter().map(|b| {
            let style = match (b.kind, b.ok) {
                (BarKind::Compute, true) => prefix_colour(&b.prefix).filled(),
                (BarKind::Compute, false) => state_colour("erred").filled(),
                (BarKind::Transfer, _) => TRANSFER.mix(0.4).filled(),
                (BarKind::DiskRead, _) => DISK_READ.mix(0.4).filled(),
            };
            let mid = y(b.row);
            Rectangle::new([(b.start_us, mid + 0.4), (b.end_us, mid - 0.4)], style)
        }))
        .map_err(failed)?;
    root.present().map_err(failed)
}
