// `make bench`: the sum of a 4096 × 4096 f64 array in 512 × 512 chunks against one plain
// ndarray sum, timed inside the host Web Worker in Chromium (the compute badge's measurement):
// the plain host, and the threaded host with pools of 1 and 2 threads. Prints; asserts nothing
// but that every way gave the same sum.
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = process.env.DIST ?? `${root}dist`;
const isolated = await serve(dist);
const plain = await serve(dist, { isolated: false });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});

async function measure(label, url) {
  const p = await browser.newPage();
  await p.goto(url);
  await p.locator('#host-status', { hasText: 'ready' }).waitFor();
  const mode = await p.locator('#compute-mode').innerText();
  await p.click('#compute-mode');
  const speed = await p.locator('#compute-speed', { hasText: 'plain' }).innerText({ timeout: 120_000 });
  console.log(`${label.padEnd(34)} [${mode}] ${speed}`);
  if (speed.includes('disagree')) process.exitCode = 1;
  await p.close();
}

try {
  await measure('plain host (not isolated)', plain.url);
  await measure('threaded host, ?threads=1', `${isolated.url}?threads=1`);
  await measure('threaded host, ?threads=2', `${isolated.url}?threads=2`);
} finally {
  await browser.close();
  isolated.close();
  plain.close();
}
