//! The charts rendered natively by Yew's server renderer, checked for what a student (or a
//! screen reader) must find in them.
//!
//! Tests only; the data is written out by hand as the host would send it.

use super::palette::css;
use super::*;
use crate::protocol::charts::{Bar, BarKind, MemoryPoint, MemorySeries, Progress, ProgressRow, Series, TaskStream, Threshold};

fn render<C: BaseComponent>(props: C::Properties) -> String
where
    C::Properties: Send,
{
    futures::executor::block_on(yew::ServerRenderer::<C>::with_props(move || props).hydratable(false).render())
}

/// The words drawn inside the SVG, one per `<text>` element.
fn drawn_text(html: &str) -> Vec<String> {
    html.split("<text").skip(1).filter_map(|t| Some(t.split_once('>')?.1.split_once("</text>")?.0.trim().to_string())).collect()
}

fn assert_drawn(html: &str, words: &[&str]) {
    let drawn = drawn_text(html);
    for w in words {
        assert!(drawn.iter().any(|d| d == w), "`{w}` is drawn; drawn: {drawn:?}");
    }
}

fn bar(row: u32, start_us: u64, end_us: u64, key: &str, kind: BarKind, ok: bool) -> Bar {
    let prefix = key.split('-').next().unwrap_or(key).to_string();
    Bar { row, start_us, end_us, prefix, key: key.to_string(), kind, ok }
}

fn stream() -> TaskStream {
    TaskStream {
        rows: vec!["a thread 0".into(), "a transfers".into(), "b thread 0".into(), "b transfers".into()],
        bars: vec![
            bar(0, 0, 10_000, "inc-0", BarKind::Compute, true),
            bar(2, 0, 10_000, "inc-1", BarKind::Compute, true),
            bar(1, 10_000, 12_000, "inc-1", BarKind::Transfer, true),
            bar(0, 12_000, 13_000, "add-0", BarKind::Compute, false),
        ],
        from_us: 0,
        now_us: 13_000,
        omitted: 0,
    }
}

#[test]
fn the_task_stream_names_its_rows_and_prefixes() {
    let html = render::<TaskStreamChart>(TaskStreamChartProps { stream: stream() });
    assert!(html.contains("<svg"), "{html}");
    assert_drawn(&html, &["a thread 0", "a transfers", "b thread 0", "b transfers"]);
    for legend in ["inc", "add", "transfer", "disk read", "ended without a result"] {
        assert!(html.contains(&format!("</span>{legend}</li>")), "the legend explains `{legend}`");
    }
    assert!(html.contains(r#"role="img" aria-label="Task stream: 4 bars on 4 rows, from 0 µs to 13.0 ms""#), "{html}");
    assert!(html.contains("<title>Task stream: 4 bars on 4 rows"), "the SVG carries its own title");
    // SVG writes colours in upper case, the legend in lower case.
    let inc = css(prefix_colour("inc"));
    assert_eq!(html.to_lowercase().matches(&format!(r#"fill="{inc}""#)).count(), 2, "both inc bars have inc's colour");
}

#[test]
fn a_stream_cut_short_says_how_much_it_left_out() {
    let html = render::<TaskStreamChart>(TaskStreamChartProps { stream: TaskStream { omitted: 1200, ..stream() } });
    assert!(html.contains("The latest 4 bars; 1200 earlier ones are left out."), "{html}");
}

#[test]
fn each_prefix_keeps_its_colour_and_neighbours_differ() {
    assert_eq!(prefix_colour("inc"), prefix_colour("inc"));
    let colours: std::collections::BTreeSet<String> =
        ["x", "inc", "add", "sum-partial", "sum-aggregate", "ones", "mean"].iter().map(|p| css(prefix_colour(p))).collect();
    assert!(colours.len() >= 5, "seven prefixes get mostly different colours: {colours:?}");
}

#[test]
fn the_memory_chart_draws_each_workers_limit_lines() {
    let point = |t_us, managed, spilled| MemoryPoint { t_us, process: managed, managed, spilled };
    let thresholds = [("target", 600), ("spill", 700), ("pause", 800), ("terminate", 950)]
        .map(|(name, bytes)| Threshold { name: name.into(), bytes })
        .to_vec();
    let memory = MemorySeries {
        workers: vec![
            Series {
                name: "a".into(),
                limit: Some(1000),
                thresholds,
                points: vec![point(0, 0, 0), point(5_000, 800, 0), point(6_000, 500, 300)],
                gone: false,
            },
            Series { name: "b".into(), limit: None, thresholds: vec![], points: vec![point(0, 0, 0)], gone: true },
        ],
        now_us: 10_000,
    };
    let html = render::<MemoryChart>(MemoryChartProps { memory });
    assert_drawn(&html, &["a", "b (gone)", "target", "spill", "pause", "terminate"]);
    assert!(html.contains("a peaked at 800 B (limit 0.98 kiB); b peaked at 0 B (no limit)"), "{html}");
}

#[test]
fn progress_bars_read_done_over_total_per_prefix() {
    let row = |prefix: &str, total, memory, released, processing, waiting| ProgressRow {
        prefix: prefix.into(),
        total,
        memory,
        released,
        processing,
        waiting,
        ..ProgressRow::default()
    };
    let progress = Progress { rows: vec![row("x", 4, 1, 3, 0, 0), row("inc", 4, 1, 0, 2, 1), row("total", 1, 0, 0, 0, 1)] };
    let html = render::<ProgressChart>(ProgressChartProps { progress });
    assert_drawn(&html, &["x", "inc", "total", "4 / 4", "1 / 4", "0 / 1"]);
    assert!(html.contains("Progress by prefix: x 4 of 4 done; inc 1 of 4 done; total 0 of 1 done"));
}
