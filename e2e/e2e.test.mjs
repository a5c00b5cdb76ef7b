// End to end: the built page (dist/) in Debian's Chromium, talking to the engine in its host
// Web Worker. `make test` builds dist/ first; BASE=http://127.0.0.1:8080/ points the test at
// a running `make serve` instead. Fails on any page error or console error. Screenshots of
// the main states and the measured figures go to the git-ignored test-output/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = process.env.DIST ?? `${root}dist`;
const out = process.env.OUT ?? `${root}test-output`;

let server;
let browser;
let page;
let base;
const problems = [];
const figures = {};

async function open(fragment = '') {
  const p = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  p.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  await p.goto(`${base}${fragment}`);
  await p.locator('#clock').waitFor();
  return p;
}

before(async () => {
  await mkdir(out, { recursive: true });
  server = process.env.BASE ? null : await serve(dist);
  base = process.env.BASE ?? server.url;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    // This machine's network is closed: keep Chromium from calling home.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  page = await open();
});

after(async () => {
  await writeFile(`${out}/figures.json`, `${JSON.stringify(figures, null, 2)}\n`);
  await browser?.close();
  server?.close();
});

const text = (selector, p = page) => p.locator(selector).first().innerText();
const shot = (name, p = page) => p.screenshot({ path: `${out}/${name}.png`, fullPage: true });
/** `[position, end]` from the clock. */
async function clock(p = page) {
  const m = (await text('#clock', p)).match(/event (\d+) of (\d+)/);
  return [Number(m[1]), Number(m[2])];
}
async function atEnd(p = page) {
  await p.waitForFunction(() => {
    const m = document.querySelector('#clock')?.innerText.match(/event (\d+) of (\d+)/);
    return m && m[1] === m[2] && m[2] !== '0';
  }, null, { timeout: 60_000 });
}
async function atPosition(n, p = page) {
  await p.waitForFunction((n) => document.querySelector('#clock')?.innerText.includes(`event ${n} of`), n);
}
const legend = async (state, p = page) => Number((await p.locator('.legend li', { hasText: new RegExp(`^${state} \\d+$`) }).innerText()).split(' ').pop());

test('the host Web Worker starts, and the page opens the first lecture at the start of its run', async () => {
  await page.locator('#host-status', { hasText: 'ready' }).waitFor();
  assert.match(await text('#host-status'), /^engine \d+\.\d+\.\d+ ready$/);
  await page.locator('#lesson-title').waitFor();
  assert.match(await text('#lesson-title'), /^Lecture 000: /);
  const [position, end] = await clock();
  assert.equal(position, 0);
  assert.ok(end > 0);
  assert.match(new URL(page.url()).hash, /^#graph=[a-z-]+&seed=\d+&pos=0$/);
  await shot('lesson');
});

test('a tour question is answered, then the engine reveals its answer and reason', async () => {
  // Next until a question waits for an answer.
  for (let i = 0; i < 20 && !(await page.locator('#question').count()); i += 1) {
    await page.click('#tour-next');
    await page.locator('#tour-step h3', { hasText: `Step ${i + 1} of` }).waitFor();
  }
  const choice = page.locator('#question button.choice').first();
  const picked = await choice.innerText();
  await choice.click();
  await page.locator('#question button.choice.picked').waitFor();
  await page.click('#tour-next');
  await page.locator('#revealed').waitFor();
  assert.match(await text('#revealed'), new RegExp(`You answered ${picked.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(: right\\.|; the engine says .+\\.)`));
  await shot('tour');
});

test('the sample graph opens at the start with every task released', async () => {
  await page.selectOption('#builtin', 'inc-add');
  await page.click('#open-builtin');
  await page.locator('#lesson-title').waitFor({ state: 'detached' });
  await atPosition(0);
  assert.equal(await legend('released'), 11);
  assert.equal(await page.locator('#graph-svg g.node').count(), 11);
});

test('playing runs to the end: the output is in memory and nothing erred', async () => {
  // Step until data moves between workers: the task whose result moves is ringed, and listed
  // under Transfers, while it moves.
  await page.waitForFunction(() => {
    const moving = document.querySelector('#graph-svg g.node.moving');
    if (!moving) document.querySelector('#step').click();
    return !!moving;
  }, null, { polling: 50, timeout: 30_000 });
  const moving = await page.locator('#graph-svg g.node.moving').first().getAttribute('data-key');
  assert.match(await text('#transfers'), new RegExp(`^[a-d] → [a-d]: ${moving} \\(`, 'm'));
  await page.locator('section.graph').screenshot({ path: `${out}/graph.png` });
  await page.click('#play');
  await page.waitForFunction(() => /event [1-9]\d* of/.test(document.querySelector('#clock').innerText));
  await shot('playing');
  await atEnd();
  // The charts are drawn a few times a second at most; the last drawing shows the end.
  await page.waitForFunction(() => {
    const now = document.querySelector('#clock').innerText.match(/^t = (.+?) of/)[1];
    return document.querySelector('.chart.task-stream .chart-svg')?.getAttribute('aria-label').endsWith(` to ${now}`);
  });
  await page.locator('section.charts').screenshot({ path: `${out}/charts.png` });
  assert.equal(await legend('memory'), 1);
  assert.equal(await legend('erred'), 0);
  assert.match(await page.locator('g.node[data-key="total"]').getAttribute('data-state'), /^memory$/);
  const [, end] = await clock();
  assert.equal(new URL(page.url()).hash, `#graph=inc-add&seed=1&pos=${end}`);
});

test("the graph view is saved as SVG (g) and as PNG (p), both in the page's colours", async () => {
  const [svgFile] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('g')]);
  assert.equal(svgFile.suggestedFilename(), 'tasklab-graph.svg');
  const svg = await readFile(await svgFile.path(), 'utf8');
  assert.match(svg, /^<svg[^>]* xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svg, /<style>[^]*\.mark\.memory/, 'the states\' colours travel with the file');
  assert.equal((svg.match(/<g [^>]*class="node[ "]/g) ?? []).length, await page.locator('#graph-svg g.node').count());

  const [pngFile] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('p')]);
  assert.equal(pngFile.suggestedFilename(), 'tasklab-graph.png');
  const png = await readFile(await pngFile.path());
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // Twice the view's size on screen, so it stays sharp.
  const [w, h] = await page.locator('#graph-svg').evaluate((e) => [e.clientWidth, e.clientHeight]);
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [2 * w, 2 * h]);
  // The picture shows the output in the memory colour (#d6453d), not a blank or black image.
  const red = await page.evaluate(async (data) => {
    const image = new Image();
    image.src = `data:image/png;base64,${data}`;
    await image.decode();
    const canvas = new OffscreenCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    const px = ctx.getImageData(0, 0, image.width, image.height).data;
    let n = 0;
    for (let i = 0; i < px.length; i += 4) if (Math.abs(px[i] - 0xd6) < 8 && Math.abs(px[i + 1] - 0x45) < 8 && Math.abs(px[i + 2] - 0x3d) < 8) n += 1;
    return n;
  }, png.toString('base64'));
  assert.ok(red > 100, `${red} pixels in the memory colour`);
  figures.png_bytes = png.length;
});

test('every built-in scenario and graph plays to its end', async () => {
  const ids = await page.locator('#builtin option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(ids.length >= 20, ids.join());
  figures.finished = {};
  for (const id of ids) {
    await page.selectOption('#builtin', id);
    await page.click('#open-builtin');
    await page.waitForFunction((id) => location.hash.startsWith(`#graph=${id}&`) && /event 0 of/.test(document.querySelector('#clock').innerText), id);
    await page.keyboard.press('End');
    await atEnd();
    // Nothing is left running or waiting for a thread at the end.
    assert.equal(await legend('processing'), 0, id);
    assert.equal(await legend('queued'), 0, id);
    figures.finished[id] = { memory: await legend('memory'), erred: await legend('erred'), released: await legend('released') };
  }
});

test('stepping back shows the very state of the earlier moment', async () => {
  await page.selectOption('#builtin', 'inc-add');
  await page.click('#open-builtin');
  await atPosition(0);
  for (let i = 0; i < 2; i += 1) await page.keyboard.press('Shift+ArrowRight');
  await atPosition(20);
  const before = { legend: await text('.legend'), workers: await text('.cards'), log: await text('#log') };
  for (let i = 0; i < 3; i += 1) await page.keyboard.press('Shift+ArrowRight');
  await atPosition(50);
  assert.notEqual(await text('.legend') + await text('#log'), before.legend + before.log);
  for (let i = 0; i < 3; i += 1) await page.keyboard.press('Shift+ArrowLeft');
  await atPosition(20);
  assert.deepEqual({ legend: await text('.legend'), workers: await text('.cards'), log: await text('#log') }, before);
});

test('the scrubber moves through simulated time: dragged, or by its arrow keys', async () => {
  await page.selectOption('#builtin', 'inc-add');
  await page.click('#open-builtin');
  await page.waitForFunction(() => location.hash.startsWith('#graph=inc-add&') && /event 0 of/.test(document.querySelector('#clock').innerText));
  const scrubber = page.locator('#scrubber');
  assert.match(await scrubber.getAttribute('aria-label'), /^simulated time in the run/);
  const endUs = Number(await scrubber.getAttribute('max'));
  assert.ok(endUs > 0);
  const before = { clock: await text('#clock'), legend: await text('.legend') };
  assert.match(before.clock, /^t = 0 µs of /);
  // Dragged from the left end to the middle: the run goes to that moment.
  const box = await scrubber.boundingBox();
  await page.mouse.move(box.x + 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(() => !/event 0 of/.test(document.querySelector('#clock').innerText));
  await page.waitForFunction(() => document.querySelector('#scrubber').getAttribute('aria-valuetext') === document.querySelector('#clock').innerText);
  const [middle] = await clock();
  const at = Number(await scrubber.inputValue());
  assert.ok(Math.abs(at - endUs / 2) <= endUs / 10, `at ${at} µs of ${endUs}`);
  assert.notEqual(await text('#clock'), before.clock);
  assert.notEqual(await text('.legend'), before.legend);
  // Its arrow keys move one event each; only the scrubber moves (no shortcut steps too).
  await scrubber.focus();
  await page.keyboard.press('ArrowRight');
  await atPosition(middle + 1);
  assert.ok(Number(await scrubber.inputValue()) >= at);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await atPosition(middle - 1);
  assert.equal(await scrubber.getAttribute('aria-valuetext'), await text('#clock'));
  await scrubber.blur();
});

test('the log filters by task, and a click on a line moves the timeline to its moment', async () => {
  await page.keyboard.press('End');
  await atEnd();
  await page.fill('#log-filter', 'x-1');
  await page.waitForFunction(() => [...document.querySelectorAll('#log li')].every((l) => l.innerText.includes('x-1')));
  const lines = page.locator('#log li button.line');
  assert.ok((await lines.count()) >= 3);
  const line = lines.nth(1);
  const position = Number((await line.getAttribute('title')).match(/^go to event (\d+)$/)[1]);
  await line.click();
  await atPosition(position);
  assert.equal(await page.inputValue('#log-filter'), 'x-1', 'the filter stays');
  await page.fill('#log-filter', '');
  await page.locator('#log-filter').blur();
});

test('the wheel zooms the graph without scrolling the page; a drag pans it and 0 fits it again', async () => {
  const warnings = [];
  const listen = (m) => m.type() === 'warning' && warnings.push(m.text());
  page.on('console', listen);
  // The keys below are shortcuts, not text for a field.
  await page.evaluate(() => document.activeElement?.blur());
  const svg = page.locator('#graph-svg');
  const viewBox = async () => (await svg.getAttribute('viewBox')).split(' ').map(Number);
  await page.keyboard.press('0');
  const whole = await viewBox();
  assert.ok(await page.evaluate(() => document.scrollingElement.scrollHeight > innerHeight), 'the page can scroll');
  await svg.scrollIntoViewIfNeeded();
  const box = await svg.boundingBox();
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(cx, cy);
  const scrolled = await page.evaluate(() => scrollY);
  await page.mouse.wheel(0, 200);
  await page.waitForFunction((w) => Number(document.querySelector('#graph-svg').getAttribute('viewBox').split(' ')[2]) > w, whole[2]);
  await page.mouse.wheel(0, -200);
  await page.mouse.wheel(0, -200);
  await page.waitForFunction((w) => Number(document.querySelector('#graph-svg').getAttribute('viewBox').split(' ')[2]) < w * 0.9, whole[2]);
  assert.equal(await page.evaluate(() => scrollY), scrolled, 'the page did not scroll');
  const zoomed = await viewBox();
  // Dragged 100 px to the right: the drawing follows the pointer.
  await page.mouse.down();
  await page.mouse.move(cx + 100, cy, { steps: 4 });
  await page.mouse.up();
  const panned = await viewBox();
  assert.ok(panned[0] < zoomed[0] && panned[2] === zoomed[2], `${zoomed} then ${panned}`);
  await page.keyboard.press('0');
  assert.deepEqual(await viewBox(), whole);
  page.off('console', listen);
  assert.deepEqual(warnings.filter((w) => /passive|preventDefault/i.test(w)), []);
});

test('a killed worker: its tasks go to the others, the nanny restarts it, and the run finishes', async () => {
  await page.selectOption('#builtin', 'inc-add');
  await page.click('#open-builtin');
  await page.waitForFunction(() => location.hash.startsWith('#graph=inc-add&') && /event 0 of/.test(document.querySelector('#clock').innerText));
  // Step until worker `a` runs something.
  await page.waitForFunction(() => {
    const a = document.querySelector('article.worker[data-worker="a"] .running');
    if (!a) document.querySelector('#step').click();
    return !!a;
  }, null, { polling: 50, timeout: 30_000 });
  const running = (await text('article.worker[data-worker="a"] .running')).replace('running ', '').split(', ');
  await page.selectOption('#fault-worker', 'a');
  await page.click('#kill-worker');
  // Applied at once: the log says so before any step.
  await page.locator('#log li', { hasText: 'client: fault: kill worker a' }).waitFor();
  await page.locator('article.worker[data-worker="a"] .status', { hasText: /restarting|dead/ }).first().waitFor();
  await shot('killed');
  await page.locator('section.workers').screenshot({ path: `${out}/workers.png` });
  await page.keyboard.press('End');
  await atEnd();
  assert.equal(await legend('memory'), 1);
  assert.equal(await legend('erred'), 0);
  assert.equal(await page.locator('article.worker').count(), 5, 'the dead worker and its restarted self');
  // The task `a` was running ran again elsewhere (or on the new `a`) and its story says so.
  await page.locator(`g.node[data-key="${running[0]}"] .mark`).click();
  await page.locator('#task-key', { hasText: running[0] }).waitFor();
  const story = await page.locator('#story li').allInnerTexts();
  assert.ok(story.filter((l) => l.includes(`${running[0]}: waiting → processing`)).length >= 2, story.join('\n'));
});

test('the why panel tells the worker choice in plain words and reads a value', async () => {
  await page.fill('#array-code', 'da.arange(16, chunks=16).reshape((4, 4)).sum(axis=0)');
  await page.click('#load-array');
  await atPosition(0);
  assert.equal(new URL(page.url()).hash, '', 'a graph that is not built in has no link');
  await page.keyboard.press('End');
  await atEnd();
  const output = await page.locator('section.summary button.key').first().innerText();
  await page.locator('section.summary button.key').first().click();
  await page.locator('#task-key', { hasText: output }).waitFor();
  await page.locator('.decision .summary').first().waitFor();
  assert.match(await text('.decision .summary'), /^sent to [a-d]: moves .* B, about [\d.]+ s/);
  await page.click('#read-value');
  await page.locator('#value').waitFor();
  // Column sums of 0..15 as a 4×4 matrix.
  assert.match(await text('#value'), /array of shape \(4,\)/);
  assert.match(await text('#value'), /24\.0[\s\S]*28\.0[\s\S]*32\.0[\s\S]*36\.0/);
  await shot('why');
  await page.locator('section.why').screenshot({ path: `${out}/why-panel.png` });
});

test('a graph file picked with the dialog or dropped on the page is loaded', async () => {
  const graph = JSON.stringify({
    format: 'tasklab-graph/1',
    tasks: [{ key: 'load-0' }, { key: 'load-1' }, { key: 'join', deps: ['load-0', 'load-1'] }],
  });
  await page.setInputFiles('#graph-file', { name: 'three.json', mimeType: 'application/json', buffer: Buffer.from(graph) });
  await page.waitForFunction(() => document.querySelectorAll('#graph-svg g.node').length === 3);
  await page.keyboard.press('End');
  await atEnd();
  assert.equal(await legend('memory'), 1);

  const dropped = JSON.stringify({ format: 'tasklab-graph/1', tasks: [{ key: 'only' }] });
  const data = await page.evaluateHandle((text) => {
    const d = new DataTransfer();
    d.items.add(new File([text], 'one.json', { type: 'application/json' }));
    return d;
  }, dropped);
  await page.dispatchEvent('.page', 'drop', { dataTransfer: data });
  await page.waitForFunction(() => document.querySelectorAll('#graph-svg g.node').length === 1);

  // A scenario file, dropped, opens with its tour.
  const toml = await readFile(`${root}www/scenarios/000-heartbeats.toml`, 'utf8');
  const scenario = await page.evaluateHandle((text) => {
    const d = new DataTransfer();
    d.items.add(new File([text], 'heartbeats.toml', { type: 'text/plain' }));
    return d;
  }, toml);
  await page.dispatchEvent('.page', 'drop', { dataTransfer: scenario });
  await page.locator('#lesson-title').waitFor();
  assert.match(await text('#lesson-title'), /^Lecture 000: /);

  // A broken file is refused with its place; the run before stays, and the file's text is shown.
  const nodes = await page.locator('#graph-svg g.node').count();
  const bad = '{"format": "tasklab-graph/1",\n "tasks": [}';
  await page.setInputFiles('#graph-file', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
  await page.locator('#error').waitFor();
  assert.match(await text('#error'), /^this graph cannot be loaded: line 2, column \d+/);
  assert.equal(await page.locator('#graph-svg g.node').count(), nodes);
  assert.equal(await page.inputValue('#graph-text'), bad);
  assert.match(await text('.load-error'), /line 2, column/);
  await shot('refused');
});

test('a link with a fragment opens the graph at its position', async () => {
  const p = await open('#graph=map-reduce&seed=1&pos=37');
  await atPosition(37, p);
  assert.equal(await p.locator('#builtin').inputValue(), 'map-reduce');
  await shot('link', p);
  await p.close();
});

test('a panic in the engine shows the error panel over the page as it was, and Reload starts again from the link', async () => {
  const p = await open('#graph=inc-add&seed=1&pos=12');
  await atPosition(12, p);
  const before = { nodes: await p.locator('#graph-svg g.node').count(), clock: await text('#clock', p), legend: await text('.legend', p) };
  // What the host's panic hook posts on its broadcast channel.
  await p.evaluate(() => new BroadcastChannel('tasklab-fatal').postMessage('panicked at src/sched.rs:1:1:\nan engine bug'));
  await p.locator('#fatal').waitFor();
  assert.equal(await p.locator('#fatal').getAttribute('role'), 'alertdialog');
  assert.match(await text('#fatal h2', p), /^Tasklab stopped$/);
  assert.equal(await text('#fatal pre', p), 'the engine stopped: panicked at src/sched.rs:1:1:\nan engine bug');
  assert.deepEqual({ nodes: await p.locator('#graph-svg g.node').count(), clock: await text('#clock', p), legend: await text('.legend', p) }, before);
  await shot('fatal', p);
  await p.click('#reload');
  await p.locator('#fatal').waitFor({ state: 'detached' });
  await atPosition(12, p);
  await p.close();
});

test("a link carrying a scenario's own text loads it, plays it to the end and shares it again", async () => {
  const toml = `[scenario]
id = "shared-link"
title = "A scenario carried in a link"
lecture = "001"
concepts = ["C1"]
seed = 5
summary = "Six incs and their total on two workers."

[cluster]
workers = 2
threads_per_worker = 1

[workload]
map = { func = "inc", n = 6, duration = "1s", nbytes = "8 kB", reduce = "total" }

[[step]]
text = "Press play."
run = "end"
`;
  const data = deflateRawSync(toml).toString('base64url');
  const p = await open(`#scenario=${data}&seed=5`);
  await p.locator('#lesson-title', { hasText: 'A scenario carried in a link' }).waitFor();
  await p.click('#play');
  await atEnd(p);
  assert.equal(await legend('erred', p), 0);
  assert.match(new URL(p.url()).hash, new RegExp(`^#scenario=${data}&seed=5&pos=[1-9]`));
  await p.keyboard.press('s');
  assert.match(await p.locator('#share-link').inputValue(), new RegExp(`#scenario=${data}&`));
  await p.close();

  const broken = await browser.newPage();
  broken.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await broken.goto(`${base}#scenario=not-deflate-data`);
  await broken.locator('#error').waitFor();
  assert.match(await text('#error', broken), /the scenario in this link cannot be read/);
  await broken.close();
});

test('the help lists the shortcuts and Escape closes it', async () => {
  await page.keyboard.press('?');
  await page.locator('#help').waitFor();
  assert.ok((await page.locator('#help tr').count()) >= 10);
  await shot('help');
  await page.keyboard.press('Escape');
  await page.locator('#help').waitFor({ state: 'detached' });
});

/** A `tasklab-graph/1` tree sum over `n` leaves: about 2n tasks. */
function treeSum(n) {
  const tasks = [];
  for (let i = 0; i < n; i += 1) tasks.push({ key: `('x-ab', ${i})`, duration_us: 1000, nbytes: 8 });
  let level = Array.from({ length: n }, (_, i) => `('x-ab', ${i})`);
  let depth = 0;
  while (level.length > 1) {
    const next = [];
    for (let i = 0; i < level.length; i += 2) {
      const key = `('sum-${depth}-cd', ${i / 2})`;
      tasks.push({ key, deps: level.slice(i, i + 2), duration_us: 100, nbytes: 8 });
      next.push(key);
    }
    level = next;
    depth += 1;
  }
  return JSON.stringify({ format: 'tasklab-graph/1', tasks });
}

/** Waits until the page shows the graph `text` as loaded. */
async function shown(text, timeout) {
  const n = JSON.parse(text).tasks.length;
  await page.waitForFunction((n) => document.querySelector('#graph-counts')?.innerText.startsWith(`${n} tasks`), n, { timeout });
}

test('speed: a 10,000-task graph loads and answers input quickly; playing 1,000 tasks keeps its frame rate', async () => {
  const big = treeSum(5000);
  assert.ok(JSON.parse(big).tasks.length >= 10_000);
  const loaded = await page.evaluate(async () => performance.now());
  await page.setInputFiles('#graph-file', { name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(big) });
  await shown(big, 60_000);
  figures.load_10k_ms = Math.round((await page.evaluate(() => performance.now())) - loaded);
  await shot('big');
  // Input answered: a step, from the key press to the clock showing it.
  const latencies = [];
  for (let i = 0; i < 5; i += 1) {
    const [before] = await clock();
    const t0 = await page.evaluate(() => performance.now());
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((n) => !document.querySelector('#clock').innerText.includes(`event ${n} of`), before);
    latencies.push((await page.evaluate(() => performance.now())) - t0);
  }
  figures.step_input_10k_ms = latencies.map(Math.round);
  // Drawn by group; the smallest group opens task by task.
  const groups = await page.locator('#graph-svg g.node.group').evaluateAll((gs) => gs.map((g) => [g.dataset.group, Number(g.getAttribute('aria-label').match(/: (\d+) tasks/)[1])]));
  assert.ok(groups.length > 1);
  const [name, size] = groups.sort((a, b) => a[1] - b[1])[0];
  const tasks = await page.locator('#graph-svg g.node[data-key]').count();
  await page.locator(`#graph-svg g.node.group[data-group="${name}"]`).dispatchEvent('click');
  await page.waitForFunction((n) => document.querySelectorAll('#graph-svg g.node[data-key]').length === n, tasks + size);
  assert.equal(await page.locator(`#graph-svg g.node.group[data-group="${name}"]`).count(), 0);

  const thousand = treeSum(500);
  await page.setInputFiles('#graph-file', { name: 'thousand.json', mimeType: 'application/json', buffer: Buffer.from(thousand) });
  await shown(thousand, 60_000);
  await page.selectOption('#speed', '1');
  const fps = await page.evaluate(async () => {
    const longTasks = [];
    const obs = new PerformanceObserver((l) => longTasks.push(...l.getEntries().map((e) => e.duration)));
    obs.observe({ type: 'longtask', buffered: false });
    document.querySelector('#play').click();
    const frames = [];
    let last = performance.now();
    await new Promise((resolve) => {
      const tick = (now) => {
        frames.push(now - last);
        last = now;
        if (frames.length < 180) requestAnimationFrame(tick);
        else resolve();
      };
      requestAnimationFrame(tick);
    });
    document.querySelector('#play').click();
    obs.disconnect();
    frames.sort((a, b) => a - b);
    const mean = frames.reduce((a, b) => a + b, 0) / frames.length;
    return { fps: Math.round(1000 / mean), p95_frame_ms: Math.round(frames[Math.floor(frames.length * 0.95)]), long_tasks: longTasks.length, longest_task_ms: Math.round(Math.max(0, ...longTasks)) };
  });
  figures.play_1000 = fps;
  console.log('figures', JSON.stringify(figures));
  assert.ok(figures.load_10k_ms > 0);
});

test('every control has a name a screen reader can say', async () => {
  const unnamed = await page.evaluate(() => [...document.querySelectorAll('button, input, select, textarea, [role=button]')]
    .filter((e) => !(e.getAttribute('aria-label') || e.labels?.length || e.textContent.trim() || e.getAttribute('title')))
    .map((e) => e.outerHTML.slice(0, 120)));
  assert.deepEqual(unnamed, []);
});

test('the page raised no errors', async () => {
  await shot('page');
  assert.deepEqual(problems, []);
});
