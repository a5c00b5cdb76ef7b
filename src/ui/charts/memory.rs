//! The memory chart: one panel per worker with its managed memory (filled), its process
//! memory and spilled bytes (lines) over time, and the target, spill, pause and terminate
//! lines of its memory limit.
//!
//! Draws a `MemorySeries` as the host sent it (at most `host::charts::MAX_POINTS` points per
//! worker); computes no memory figure.

use super::palette::css;
use super::{failed, figure, swatch, Drawn, WIDTH};
use crate::protocol::charts::{MemoryPoint, MemorySeries, Series};
use crate::ui::format;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use yew::prelude::*;

/// Dask's memory colours: managed blue, spilled grey; the lines orange (target, spill) to red.
const MANAGED: RGBColor = RGBColor(0x1f, 0x6f, 0xeb);
const PROCESS: RGBColor = RGBColor(0x1d, 0x24, 0x30);
const SPILLED: RGBColor = RGBColor(0x8c, 0x8c, 0x8c);
const PANEL_PX: u32 = 140;

fn threshold_colour(name: &str) -> RGBColor {
    match name {
        "target" | "spill" => RGBColor(0xff, 0x7f, 0x0e),
        _ => RGBColor(0xd6, 0x27, 0x28),
    }
}

#[derive(Properties, PartialEq, Clone)]
pub struct MemoryChartProps {
    pub memory: MemorySeries,
}

#[function_component]
pub fn MemoryChart(props: &MemoryChartProps) -> Html {
    let m = &props.memory;
    let peaks: Vec<String> = m
        .workers
        .iter()
        .map(|w| {
            let peak = w.points.iter().map(|p| p.process).max().unwrap_or(0);
            let limit = w.limit.map_or("no limit".to_string(), |l| format!("limit {}", format::bytes(l)));
            format!("{} peaked at {} ({limit})", w.name, format::bytes(peak))
        })
        .collect();
    let title = format!("Memory per worker until {}: {}", format::micros(m.now_us), peaks.join("; "));
    let mut svg = String::new();
    let drawn = draw(m, &mut svg).map(|()| svg);
    let legend = html! {
        <ul class="legend">
            { swatch(css(MANAGED), "managed (results in memory)".into()) }
            { swatch(css(PROCESS), "process".into()) }
            { swatch(css(SPILLED), "spilled to disk".into()) }
            { swatch(css(threshold_colour("target")), "target and spill lines".into()) }
            { swatch(css(threshold_colour("pause")), "pause and terminate lines".into()) }
        </ul>
    };
    let caption = "Memory of each worker over time, against the lines of its memory limit.".to_string();
    figure("memory", title, caption, drawn, legend)
}

fn draw(m: &MemorySeries, svg: &mut String) -> Drawn {
    let panels = m.workers.len().max(1);
    let root = SVGBackend::with_string(svg, (WIDTH, PANEL_PX * panels as u32)).into_drawing_area();
    root.fill(&WHITE).map_err(failed)?;
    for (area, w) in root.split_evenly((panels, 1)).iter().zip(&m.workers) {
        panel(area, w, m.now_us)?;
    }
    root.present().map_err(failed)
}

fn panel(area: &DrawingArea<SVGBackend, Shift>, w: &Series, now: u64) -> Drawn {
    let to = now.max(1);
    let top = w.points.iter().map(|p| p.process.max(p.spilled)).chain(w.limit).max().unwrap_or(0).max(1);
    let name = if w.gone { format!("{} (gone)", w.name) } else { w.name.clone() };
    let mut chart = ChartBuilder::on(area)
        .caption(name, ("sans-serif", 13))
        .margin(4)
        .x_label_area_size(18)
        .y_label_area_size(80)
        .build_cartesian_2d(0..to, 0..top + top / 10)
        .map_err(failed)?;
    let bytes = |v: &u64| format::bytes(*v);
    let time = |x: &u64| format::micros(*x);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE)
        .y_labels(3)
        .y_label_formatter(&bytes)
        .x_labels(6)
        .x_label_formatter(&time)
        .draw()
        .map_err(failed)?;
    // A live worker's memory holds until now; a gone one's ends with its last point.
    let until = if w.gone { None } else { Some(now) };
    chart.draw_series(AreaSeries::new(steps(&w.points, until, |p| p.managed), 0, MANAGED.mix(0.5).filled())).map_err(failed)?;
    chart.draw_series(LineSeries::new(steps(&w.points, until, |p| p.process), PROCESS.stroke_width(1))).map_err(failed)?;
    chart.draw_series(LineSeries::new(steps(&w.points, until, |p| p.spilled), SPILLED.stroke_width(2))).map_err(failed)?;
    for (i, t) in w.thresholds.iter().enumerate() {
        let colour = threshold_colour(&t.name);
        chart.draw_series(LineSeries::new([(0, t.bytes), (to, t.bytes)], colour.mix(0.8).stroke_width(1))).map_err(failed)?;
        // The lines lie close together: name every other one at the far end.
        let (x, h) = if i % 2 == 0 { (0, HPos::Left) } else { (to, HPos::Right) };
        let style = TextStyle::from(("sans-serif", 11).into_font()).color(&colour).pos(Pos::new(h, VPos::Bottom));
        chart.draw_series(std::iter::once(Text::new(t.name.clone(), (x, t.bytes), style))).map_err(failed)?;
    }
    Ok(())
}

/// Memory holds its value until the next report: a staircase through the points, and on to
/// `until` if given.
fn steps(points: &[MemoryPoint], until: Option<u64>, value: impl Fn(&MemoryPoint) -> u64) -> Vec<(u64, u64)> {
    let mut out = Vec::with_capacity(points.len() * 2 + 1);
    for p in points {
        if let Some(&(_, before)) = out.last() {
            out.push((p.t_us, before));
        }
        out.push((p.t_us, value(p)));
    }
    if let (Some(&(_, last)), Some(until)) = (out.last(), until) {
        out.push((until, last));
    }
    out
}
