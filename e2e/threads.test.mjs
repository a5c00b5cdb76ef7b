// The threaded host in Chromium: on a cross-origin isolated page the chunk kernels run on a
// wasm-bindgen-rayon pool of Web Workers and the header says how many; without isolation the
// page runs single-threaded and says why; the values are the same either way.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = process.env.DIST ?? `${root}dist`;
const CODE = '(da.random.random((96, 96), chunks=16) @ da.random.random((96, 96), chunks=16)).sum(axis=0)';

let isolated;
let plain;
let browser;
const problems = [];

before(async () => {
  isolated = await serve(dist);
  plain = await serve(dist, { isolated: false });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  isolated?.close();
  plain?.close();
});

async function open(url) {
  const p = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  p.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  await p.goto(url);
  await p.locator('#host-status', { hasText: 'ready' }).waitFor();
  return p;
}

/** Computes CODE to its end and reads the output's value in the why panel. */
async function outputValue(p) {
  await p.fill('#array-code', CODE);
  await p.click('#load-array');
  // A graph that is not built in has no link: the hash empties once it is loaded.
  await p.waitForFunction(() => location.hash === '' && /event 0 of [1-9]/.test(document.querySelector('#clock')?.innerText));
  await p.keyboard.press('End');
  await p.waitForFunction(() => {
    const m = document.querySelector('#clock')?.innerText.match(/event (\d+) of (\d+)/);
    return m && m[1] === m[2];
  }, null, { timeout: 60_000 });
  await p.locator('section.summary button.key').first().click();
  await p.click('#read-value');
  await p.locator('#value').waitFor();
  return p.locator('#value').innerText();
}

/** Asks the host to time a chunked sum; returns the figures it shows. */
async function measure(p) {
  await p.click('#compute-mode');
  await p.locator('#compute-speed', { hasText: 'plain' }).waitFor({ timeout: 120_000 });
  return p.locator('#compute-speed').innerText();
}

test('an isolated page runs the chunk kernels on two threads; a plain one on one; the values agree', async () => {
  const threaded = await open(`${isolated.url}?threads=2`);
  assert.equal(await threaded.evaluate(() => crossOriginIsolated), true);
  assert.equal(await threaded.locator('#compute-mode').innerText(), '2 threads');
  assert.match(await threaded.locator('#compute-mode').getAttribute('title'), /pool of 2 Web Worker threads/);
  const single = await open(plain.url);
  assert.equal(await single.evaluate(() => crossOriginIsolated), false);
  assert.equal(await single.locator('#compute-mode').innerText(), 'single-threaded');
  assert.match(await single.locator('#compute-mode').getAttribute('title'), /not cross-origin isolated/);

  const [a, b] = [await outputValue(threaded), await outputValue(single)];
  assert.match(a, /array of shape \(16,\)/);
  assert.equal(a, b, 'the same numbers on two threads and on one');

  const speed = await measure(threaded);
  assert.match(speed, /4096² sum in 512² chunks: plain [\d.]+ ms · chunked [\d.]+ ms · on 2 threads [\d.]+ ms$/);
  assert.match(await measure(single), /chunked [\d.]+ ms$/, 'no pool, no pool figure');
  await threaded.close();
  await single.close();
  assert.deepEqual(problems, []);
});
