//! Charts speed (`cargo bench --features ssr --bench charts`): computing the task stream,
//! memory and progress from a finished 10,000-task run, and rendering them to SVG through
//! Yew's server renderer. Prints figures; asserts nothing about speed.

#[path = "support/timing.rs"]
mod timing;

use tasklab::graph::shapes::tree_sum;
use tasklab::host::charts::{memory, progress, task_stream};
use tasklab::sim::{ClusterSpec, Sim, World, Workload};
use tasklab::ui::charts::{MemoryChart, MemoryChartProps, ProgressChart, ProgressChartProps, TaskStreamChart, TaskStreamChartProps};
use timing::{best_of, ms};
use yew::{BaseComponent, ServerRenderer};

fn render<C: BaseComponent>(props: C::Properties) -> String
where
    C::Properties: Send,
{
    futures::executor::block_on(ServerRenderer::<C>::with_props(move || props).hydratable(false).render())
}

fn main() {
    // A map and a 4-way tree sum over 4,300 chunks: about 10,000 tasks on 4 workers × 2 threads.
    let graph = tree_sum(4_300, 4, true);
    let tasks = graph.len();
    let world = World::new(ClusterSpec::local(4, 2), Workload::compute(graph), vec![], 1).expect("a valid cluster");
    let mut sim = Sim::new(world);
    sim.run_to(u64::MAX);
    println!("run: {tasks} tasks, {} trace entries", sim.trace().len());

    let stream = task_stream(&sim);
    let t = best_of(5, || task_stream(&sim));
    println!("task stream data: {} (kept {} bars, left out {})", ms(t), stream.bars.len(), stream.omitted);
    let svg = render::<TaskStreamChart>(TaskStreamChartProps { stream: stream.clone() });
    let r = best_of(5, || render::<TaskStreamChart>(TaskStreamChartProps { stream: stream.clone() }));
    println!("task stream render: {} ({} kB of HTML); compute + render {}", ms(r), svg.len() / 1000, ms(t + r));

    let mem = memory(&sim);
    let t = best_of(5, || memory(&sim));
    let r = best_of(5, || render::<MemoryChart>(MemoryChartProps { memory: mem.clone() }));
    let points: usize = mem.workers.iter().map(|w| w.points.len()).sum();
    println!("memory data: {} ({points} points); render {}", ms(t), ms(r));

    let prog = progress(&sim);
    let t = best_of(5, || progress(&sim));
    let r = best_of(5, || render::<ProgressChart>(ProgressChartProps { progress: prog.clone() }));
    println!("progress data: {} ({} prefixes); render {}", ms(t), prog.rows.len(), ms(r));
}
