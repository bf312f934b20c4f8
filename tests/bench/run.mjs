// `npm run bench`: measures the production build in headless Chromium and writes tests/bench/results/latest.json as
// {"metrics": {"<name>": {"median", "p95", "unit", "runs"}}}. Figures are medians of several runs: these machines
// are shared and noisy, so single runs mean little.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium, HOW_TO_GET_CHROMIUM } from '../support/chromium.mjs';
import { mainThreadChunks } from './mainBundle.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PORT = 4499;
const dist = 'dist';

function summary(values, unit) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { median: at(0.5), p95: at(0.95), unit, runs: values.length };
}

async function demoRun(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(`http://localhost:${PORT}/`);
  await page.getByTestId('app-status').and(page.locator('[data-status="ready"]')).waitFor();
  const started = Date.now();
  await page.getByTestId('trigger-ml_producer').click();
  await page.locator('[data-testid="dag-last-run-ml_consumer"][data-state="success"]').waitFor({ timeout: 120_000 });
  const elapsed = Date.now() - started;
  const r2 = Number(await page.getByTestId('metric-r2').textContent());
  await context.close();
  return { elapsed, r2 };
}

const found = await findChromium();
if (!found) {
  console.error(HOW_TO_GET_CHROMIUM);
  process.exit(1);
}
const server = spawn(process.execPath, ['tests/support/serve.mjs', dist, '--port', String(PORT), '--strict-port'], { stdio: 'pipe' });
await new Promise((resolve) => server.stdout.once('data', resolve));
const browser = await chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS });
try {
  const demo = [];
  const r2 = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await demoRun(browser);
    demo.push(run.elapsed);
    r2.push(run.r2);
    console.log(`e2e_demo_ms run ${i + 1}/${RUNS}: ${run.elapsed} ms (held-out R² ${run.r2})`);
  }
  const chunks = mainThreadChunks(dist);
  const mainGzip = chunks.reduce((sum, file) => sum + gzipSync(readFileSync(join(dist, file))).length, 0);
  const metrics = {
    e2e_demo_ms: summary(demo, 'ms'),
    r2_linear: summary(r2, 'R²'),
    main_js_gzip_kb: summary([Math.round(mainGzip / 102.4) / 10], 'kB'),
  };
  mkdirSync('tests/bench/results', { recursive: true });
  const out = { date: new Date().toISOString(), chromium: browser.version(), metrics };
  writeFileSync('tests/bench/results/latest.json', `${JSON.stringify(out, null, 2)}\n`);
  console.log(JSON.stringify(out, null, 2));
} finally {
  await browser.close();
  server.kill();
}
