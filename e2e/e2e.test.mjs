// End to end: the built page (dist/) in Debian's Chromium, talking to the engine in its host
// Web Worker. `make test` builds dist/ first; BASE=http://127.0.0.1:8080/ points the test at
// a running `make serve` instead. Fails on any page error or console error.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = process.env.DIST ?? `${root}dist`;
const shot = process.env.SHOT ?? `${root}test-output/page.png`;

let server;
let browser;
let page;
const problems = [];

before(async () => {
  server = process.env.BASE ? null : await serve(dist);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    // This machine's network is closed: keep Chromium from calling home.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  await page.goto(process.env.BASE ?? server.url);
});

after(async () => {
  await browser?.close();
  server?.close();
});

const text = (selector) => page.locator(selector).first().innerText();
const key = (name) => page.locator('button.key', { hasText: new RegExp(`^${name}$`) });

test('the host Web Worker starts and says which engine it runs', async () => {
  await page.locator('#host-status', { hasText: 'ready' }).waitFor();
  assert.match(await text('#host-status'), /^engine \d+\.\d+\.\d+ ready$/);
});

test('loading the sample graph shows what the engine counted', async () => {
  await page.click('#load-graph');
  await page.locator('#graph-counts').waitFor();
  assert.equal(await text('#graph-counts'), '11 tasks, 10 dependencies, 4 root tasks');
  assert.match(await text('#graph-times'), /^critical path 17\.0 ms · total work 63\.0 ms/);
});

test('a student walks from the output back to a root task', async () => {
  await key('total').click();
  await page.locator('#task-key', { hasText: 'total' }).waitFor();
  await key('add-0').click();
  await page.locator('#task-key', { hasText: 'add-0' }).waitFor();
  await key('inc-1').click();
  await page.locator('#task-key', { hasText: 'inc-1' }).waitFor();
  await key('x-1').click();
  await page.locator('#task-key', { hasText: 'x-1' }).waitFor();
  assert.equal(await text('section.task p.none'), 'nothing: a root task');
});

test('a broken graph is refused with the place of the mistake', async () => {
  await page.fill('#graph-text', '{"format": "tasklab-graph/1",\n "tasks": [}');
  await page.click('#load-graph');
  await page.locator('#error').waitFor();
  assert.match(await text('#error'), /^this graph cannot be loaded: line 2, column \d+/);
  // The graph loaded before is still the one shown.
  assert.equal(await text('#graph-counts'), '11 tasks, 10 dependencies, 4 root tasks');
});

test('the page raised no errors', async () => {
  await mkdir(new URL('.', `file://${shot}`).pathname, { recursive: true });
  await page.screenshot({ path: shot, fullPage: true });
  assert.deepEqual(problems, []);
});
