//! What simulated workers do with the scheduler's orders: fetch inputs, wait for a thread,
//! run (at the rate cores and the GIL allow), store results, spill, pause, and answer steals.
//!
//! Carries out decisions; makes none about placement.

use super::cpu;
use super::trace::{Trace, TraceEvent, WorkerEvent};
use super::worker::{Assigned, Running, SimWorker, Stage};
use super::{Breakage, Event, World};
use crate::graph::TaskId;
use crate::sched::{Input, Priority, WorkerId, WorkerTaskState};
use crate::time::SimDuration;
use crate::value::Value;
use std::collections::BTreeSet;

impl World {
    pub(super) fn compute_task(
        &mut self,
        w: WorkerId,
        task: TaskId,
        run_id: u32,
        priority: Priority,
        who_has: Vec<(TaskId, Vec<WorkerId>)>,
        trace: &mut Trace,
    ) {
        let ws = &mut self.workers[w.index()];
        if !ws.alive || ws.hung {
            return;
        }
        if let Some(prev) = ws.assigned.get(&task) {
            if matches!(prev.stage, Stage::Executing { .. }) {
                // Still running an abandoned attempt: let it finish under the new run id.
                let run = ws.running.iter_mut().find(|r| r.task == task).expect("executing task is running");
                run.cancelled = false;
                run.run_id = run_id;
                ws.assigned.get_mut(&task).expect("present").run_id = run_id;
                return;
            }
            self.drop_assigned(w, task);
        }
        let ws = &mut self.workers[w.index()];
        ws.generation -= 1;
        let generation = ws.generation;
        let missing: BTreeSet<TaskId> = who_has.iter().map(|(d, _)| *d).filter(|d| !ws.data.contains(d)).collect();
        let stage = if missing.is_empty() { Stage::Ready } else { Stage::Fetching(missing.clone()) };
        if stage == Stage::Ready {
            ws.ready.insert((priority, generation, task));
        }
        ws.assigned.insert(task, Assigned { run_id, priority, generation, stage });
        for (dep, holders) in who_has {
            if missing.contains(&dep) {
                self.start_fetch(w, dep, &holders, trace);
            }
        }
        self.ensure_computing(w, trace);
    }

    /// Dask's `find_missing`: inputs still needed but not on their way (no live holder was
    /// known, or the worker was paused) are fetched from whoever the scheduler says has them.
    pub(super) fn find_missing(&mut self, w: WorkerId, trace: &mut Trace) {
        let ws = &self.workers[w.index()];
        let missing: BTreeSet<TaskId> = ws
            .assigned
            .values()
            .filter_map(|a| match &a.stage {
                Stage::Fetching(m) => Some(m.iter().copied()),
                _ => None,
            })
            .flatten()
            .filter(|d| !ws.in_flight.contains_key(d))
            .collect();
        for d in missing {
            let holders = self.sched.who_has(d).to_vec();
            self.start_fetch(w, d, &holders, trace);
        }
    }

    /// Starts moving `dep` to `w` from the first live holder, unless already on its way.
    fn start_fetch(&mut self, w: WorkerId, dep: TaskId, holders: &[WorkerId], trace: &mut Trace) {
        if self.workers[w.index()].in_flight.contains_key(&dep) || self.workers[w.index()].paused {
            return;
        }
        let mut candidates: Vec<WorkerId> = holders.to_vec();
        candidates.extend(self.sched.who_has(dep).iter().copied());
        let Some(from) = candidates.into_iter().find(|h| {
            let hs = &self.workers[h.index()];
            hs.alive && !hs.hung && hs.data.contains(&dep)
        }) else {
            return;
        };
        let stored = *self.workers[from.index()].data.get(&dep).expect("the chosen holder has it");
        let mut seconds = stored.nbytes as f64 / self.spec.bandwidth;
        seconds *= self.workers[from.index()].link_slowdown.max(self.workers[w.index()].link_slowdown);
        if stored.spilled {
            seconds += stored.nbytes as f64 / self.spec.disk_bandwidth;
            trace.push(self.now, TraceEvent::Worker { worker: from, event: WorkerEvent::Unspilled { task: dep, nbytes: stored.nbytes } });
        }
        self.workers[from.index()].data.touch(dep);
        self.workers[w.index()].in_flight.insert(dep, from);
        trace.push(self.now, TraceEvent::Worker { worker: w, event: WorkerEvent::TransferStarted { task: dep, from, nbytes: stored.nbytes } });
        let d = self.spec.latency + SimDuration::from_secs_f64(seconds);
        self.push(self.now + d, Event::TransferDone { w, task: dep, from });
    }

    pub(super) fn transfer_done(&mut self, w: WorkerId, dep: TaskId, from: WorkerId, trace: &mut Trace) {
        let ws = &mut self.workers[w.index()];
        if !ws.alive || ws.in_flight.get(&dep) != Some(&from) {
            return;
        }
        ws.in_flight.remove(&dep);
        let needed: Vec<TaskId> = ws
            .assigned
            .iter()
            .filter(|(_, a)| matches!(&a.stage, Stage::Fetching(m) if m.contains(&dep)))
            .map(|(t, _)| *t)
            .collect();
        let source = &self.workers[from.index()];
        let Some(stored) = source.data.get(&dep).copied().filter(|_| source.alive && !source.hung) else {
            // The source died, hung or dropped it mid-transfer: try another holder.
            trace.push(self.now, TraceEvent::Worker { worker: w, event: WorkerEvent::TransferFailed { task: dep, from } });
            if !needed.is_empty() {
                let holders = self.sched.who_has(dep).to_vec();
                self.start_fetch(w, dep, &holders, trace);
            }
            return;
        };
        trace.push(self.now, TraceEvent::Worker { worker: w, event: WorkerEvent::TransferEnded { task: dep, from, nbytes: stored.nbytes } });
        if needed.is_empty() {
            return;
        }
        self.workers[w.index()].data.insert(dep, stored.nbytes);
        self.send(Input::AddKeys { worker: w, task: dep });
        let ws = &mut self.workers[w.index()];
        for t in needed {
            let a = ws.assigned.get_mut(&t).expect("needed task is assigned");
            if let Stage::Fetching(m) = &mut a.stage {
                m.remove(&dep);
                if m.is_empty() {
                    a.stage = Stage::Ready;
                    ws.ready.insert((a.priority, a.generation, t));
                }
            }
        }
        self.memory_check(w, trace);
        self.ensure_computing(w, trace);
    }

    /// Starts ready tasks on free threads, best priority first (LIFO among equals).
    pub(super) fn ensure_computing(&mut self, w: WorkerId, trace: &mut Trace) {
        let mut started = false;
        loop {
            let ws = &mut self.workers[w.index()];
            if !ws.alive || ws.hung || ws.paused || ws.free_threads.is_empty() {
                break;
            }
            let Some((_, _, task)) = ws.ready.pop_first() else { break };
            let Some(a) = ws.assigned.get_mut(&task) else { continue };
            let thread = ws.free_threads.pop_first().expect("a free thread");
            a.stage = Stage::Executing { thread };
            let run_id = a.run_id;
            let spec = self.graph.task(task);
            let jitter = self.spec.duration_jitter;
            let mut work = spec.duration.0 as f64;
            if jitter > 0.0 {
                work *= 1.0 + jitter * (2.0 * self.rng.next_f64() - 1.0);
            }
            let gil = spec.gil;
            let reserved = spec.nbytes;
            for &d in self.graph.clone().deps(task) {
                let ws = &mut self.workers[w.index()];
                if let Some(nbytes) = ws.data.unspill(d) {
                    work += nbytes as f64 / self.spec.disk_bandwidth * 1e6;
                    trace.push(self.now, TraceEvent::Worker { worker: w, event: WorkerEvent::Unspilled { task: d, nbytes } });
                }
                ws.data.touch(d);
            }
            if !started {
                self.catch_up_cpu();
                started = true;
            }
            let ws = &mut self.workers[w.index()];
            ws.running.push(Running {
                task,
                run_id,
                thread,
                remaining: work,
                rate: 0.0,
                gil,
                started: self.now,
                cancelled: false,
                reserved,
                token: 0,
            });
            trace.push(self.now, TraceEvent::Worker { worker: w, event: WorkerEvent::TaskStarted { task, thread } });
        }
        if started {
            self.recompute_rates(w);
            self.memory_check(w, trace);
        }
    }

    /// Brings every running task's remaining work up to now at its current rate.
    pub(super) fn catch_up_cpu(&mut self) {
        let elapsed = self.now.since(self.cpu_updated_at).0 as f64;
        self.cpu_updated_at = self.now;
        if elapsed == 0.0 {
            return;
        }
        for ws in &mut self.workers {
            for r in &mut ws.running {
                r.remaining = (r.remaining - elapsed * r.rate).max(0.0);
            }
        }
    }

    /// New rates for the running tasks a change on `changed` can affect; finish events
    /// rescheduled where a rate changed. A rate depends only on the cores' share (the number
    /// of busy threads) and on the GIL of the task's process, so other processes are visited
    /// only when the share moved. Call `catch_up_cpu` first.
    pub(super) fn recompute_rates(&mut self, changed: WorkerId) {
        let busy: usize = self.workers.iter().filter(|ws| ws.alive && !ws.hung).map(|ws| ws.running.len()).sum();
        let share = cpu::share(busy, self.spec.cores, self.spec.context_switch_cost);
        let everyone = share != self.cpu_share;
        self.cpu_share = share;
        let process = self.workers[changed.index()].process;
        for i in 0..self.workers.len() {
            let ws = &self.workers[i];
            if !ws.alive || ws.hung || ws.running.is_empty() || (!everyone && ws.process != process) {
                continue;
            }
            let holders = if ws.running.iter().any(|r| r.gil) { self.gil_holders(i) } else { 0 };
            for j in 0..ws.running.len() {
                let r = &self.workers[i].running[j];
                let rate = cpu::rate(share, r.gil, holders);
                if r.rate == rate && r.token != 0 {
                    continue;
                }
                self.next_token += 1;
                let token = self.next_token;
                let r = &mut self.workers[i].running[j];
                r.rate = rate;
                r.token = token;
                let finish = self.now + SimDuration((r.remaining / rate).ceil() as u64);
                self.push(finish, Event::ExecDone { w: WorkerId(i as u32), token });
            }
        }
    }

    /// GIL-holding tasks running in worker `i`'s process (its workers share the GIL).
    fn gil_holders(&self, i: usize) -> u32 {
        let holding = |ws: &SimWorker| ws.running.iter().filter(|r| r.gil).count() as u32;
        if self.spec.processes {
            // One process per worker slot, and only the slot's live incarnation runs tasks.
            return holding(&self.workers[i]);
        }
        let process = self.workers[i].process;
        self.workers.iter().filter(|ws| ws.alive && !ws.hung && ws.process == process).map(holding).sum()
    }

    pub(super) fn exec_done(&mut self, w: WorkerId, token: u64, trace: &mut Trace) {
        if self.coordination_continues(w, token, trace) {
            return;
        }
        let ws = &self.workers[w.index()];
        let Some(j) = ws.running.iter().position(|r| r.token == token) else { return };
        self.catch_up_cpu();
        let ws = &mut self.workers[w.index()];
        let run = ws.running.swap_remove(j);
        ws.free_threads.insert(run.thread);
        let task = run.task;
        let graph = self.graph.clone();
        let func = &graph.task(task).func;
        let failure = if run.cancelled || self.broken.is_empty() { None } else { self.broken.get(func).cloned() };
        let mut ok = !run.cancelled && failure.is_none();
        let mut error: Option<String> = match &failure {
            Some(Breakage::Raises { message }) => Some(message.clone()),
            _ => None,
        };
        if matches!(failure, Some(Breakage::KillsWorker)) {
            trace.push(self.now, TraceEvent::Worker { worker: w, event: WorkerEvent::TaskEnded { task, thread: run.thread, ok: false } });
            self.kill_worker(w, format!("{func} took its process down"), trace);
            return;
        }
        if ok {
            if let Err(message) = self.compute_value(task) {
                ok = false;
                error = Some(message);
            }
        }
        trace.push(self.now, TraceEvent::Worker { worker: w, event: WorkerEvent::TaskEnded { task, thread: run.thread, ok } });
        let duration_s = self.now.since(run.started).as_secs_f64();
        let ws = &mut self.workers[w.index()];
        if !run.cancelled {
            ws.assigned.remove(&task);
            if let Some(message) = error {
                self.send(Input::TaskErred { worker: w, task, run_id: run.run_id, message });
            } else {
                let nbytes = self.graph.task(task).nbytes;
                self.workers[w.index()].data.insert(task, nbytes);
                self.send(Input::TaskFinished { worker: w, task, run_id: run.run_id, nbytes, duration_s });
            }
        }
        self.recompute_rates(w);
        self.memory_check(w, trace);
        self.ensure_computing(w, trace);
    }

    /// Runs the task's kernel on its inputs' values, once; keeps the result.
    fn compute_value(&mut self, task: TaskId) -> Result<(), String> {
        let spec = self.graph.task(task);
        let Some(kernel) = spec.kernel.clone() else { return Ok(()) };
        if self.values[task.index()].is_some() {
            return Ok(());
        }
        if let Some(v) = self.value_ahead(task) {
            self.values[task.index()] = Some(v.clone());
            return Ok(());
        }
        let unit = Value::Unit;
        let inputs: Vec<&Value> = spec.deps.iter().map(|d| self.values[d.index()].as_ref().unwrap_or(&unit)).collect();
        let v = kernel(&inputs)?;
        self.values[task.index()] = Some(v);
        Ok(())
    }

    fn drop_assigned(&mut self, w: WorkerId, task: TaskId) -> Option<Stage> {
        let ws = &mut self.workers[w.index()];
        let a = ws.assigned.remove(&task)?;
        match &a.stage {
            Stage::Ready => {
                ws.ready.remove(&(a.priority, a.generation, task));
            }
            Stage::Executing { .. } => {
                if let Some(r) = ws.running.iter_mut().find(|r| r.task == task) {
                    r.cancelled = true;
                }
            }
            Stage::Fetching(_) => {}
        }
        Some(a.stage)
    }

    pub(super) fn free_keys(&mut self, w: WorkerId, task: TaskId, trace: &mut Trace) {
        let ws = &self.workers[w.index()];
        if !ws.alive || ws.hung {
            return;
        }
        let had = self.drop_assigned(w, task).is_some();
        let held = self.workers[w.index()].data.remove(&task);
        if had || held {
            trace.push(self.now, TraceEvent::Worker { worker: w, event: WorkerEvent::Released { task } });
            self.memory_check(w, trace);
        }
    }

    pub(super) fn steal_request(&mut self, w: WorkerId, task: TaskId, trace: &mut Trace) {
        let ws = &self.workers[w.index()];
        if !ws.alive || ws.hung {
            return;
        }
        let state = match ws.assigned.get(&task).map(|a| &a.stage) {
            Some(Stage::Executing { .. }) => WorkerTaskState::Started,
            Some(_) => {
                self.drop_assigned(w, task);
                trace.push(self.now, TraceEvent::Worker { worker: w, event: WorkerEvent::Released { task } });
                WorkerTaskState::NotStarted
            }
            None if ws.data.contains(&task) => WorkerTaskState::Started,
            None => WorkerTaskState::Unknown,
        };
        self.send(Input::StealResponse { worker: w, task, state });
    }

    /// Reports the worker's memory to the trace; with a memory limit, first spills to the
    /// target, then pauses above the pause line or lets the nanny terminate above the terminate line.
    pub(super) fn memory_check(&mut self, w: WorkerId, trace: &mut Trace) {
        let ws = &self.workers[w.index()];
        if !ws.alive {
            return;
        }
        let Some(limit) = ws.memory_limit else {
            // No limit, nothing to enforce; the report (for the memory chart) waits for the
            // end of the event, so that several changes at one instant make one report.
            if !self.memory_unreported.contains(&w) {
                self.memory_unreported.push(w);
            }
            return;
        };
        let m = self.spec.memory;
        let target = (m.target * limit as f64) as u64;
        let in_use: BTreeSet<TaskId> = ws.running.iter().flat_map(|r| self.graph.deps(r.task).iter().copied()).collect();
        // The buffer keeps managed memory under the target; a process above the spill line
        // evicts until it is back under the target.
        let spill_line = (m.spill * limit as f64) as u64;
        loop {
            let ws = &mut self.workers[w.index()];
            if ws.data.managed() <= target && ws.process_memory() <= spill_line {
                break;
            }
            let Some((victim, nbytes)) = ws.data.spill_lru(&in_use) else { break };
            trace.push(self.now, TraceEvent::Worker { worker: w, event: WorkerEvent::Spilled { task: victim, nbytes } });
        }
        self.report_memory(w, trace);
        let ws = &self.workers[w.index()];
        let process = ws.process_memory();
        if process as f64 > m.terminate * limit as f64 {
            let reason = format!("the nanny terminated it: process memory {process} B is above {:.0}% of its {limit} B limit", m.terminate * 100.0);
            self.kill_worker(w, reason, trace);
        } else if process as f64 > m.pause * limit as f64 {
            if !ws.paused {
                self.workers[w.index()].paused = true;
                trace.push(self.now, TraceEvent::Worker { worker: w, event: WorkerEvent::Paused });
                self.send(Input::WorkerStatus { worker: w, paused: true });
            }
        } else if ws.paused {
            self.workers[w.index()].paused = false;
            trace.push(self.now, TraceEvent::Worker { worker: w, event: WorkerEvent::Resumed });
            self.send(Input::WorkerStatus { worker: w, paused: false });
            self.find_missing(w, trace);
            self.ensure_computing(w, trace);
        }
    }

    /// The memory reports of workers without a limit, held back during the event: one per
    /// worker whose numbers moved since its last report.
    pub(super) fn report_unreported_memory(&mut self, trace: &mut Trace) {
        let mut pending = std::mem::take(&mut self.memory_unreported);
        pending.sort_unstable();
        for &w in &pending {
            if self.workers[w.index()].alive {
                self.report_memory(w, trace);
            }
        }
        pending.clear();
        self.memory_unreported = pending;
    }

    /// Writes the worker's memory to the trace unless its last report said the same.
    fn report_memory(&mut self, w: WorkerId, trace: &mut Trace) {
        let ws = &mut self.workers[w.index()];
        let now = (ws.process_memory(), ws.data.managed(), ws.data.spilled());
        if ws.reported_memory == Some(now) {
            return;
        }
        ws.reported_memory = Some(now);
        let (process, managed, spilled) = now;
        trace.push(self.now, TraceEvent::Worker { worker: w, event: WorkerEvent::Memory { process, managed, spilled } });
    }
}
