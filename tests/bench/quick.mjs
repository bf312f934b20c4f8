// One part of the bench on its own, for before/after comparisons while working (the full `npm run bench` takes
// minutes): `node tests/bench/quick.mjs demo|firstload [runs]` on an existing build (BENCH_DIST, default dist/).
// demo: e2e_demo_ms with its per-stage medians (VERBOSE=1 prints every run's stages); firstload: time_to_ready_ms and
// time_to_ready_slow_ms; orchestration: the bench page's noop_tasks_per_s, task_handoff_ms and trigger_latency_ms
// (ORCHESTRATION_PARTS=a,b to choose; it builds tests/bench/dist first, serves it on BENCH_PAGE_PORT). Prints `uptime`'s load first and last: the machines are shared.
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../support/chromium.mjs';
import { collectDemoStages, medianStages, watchReady } from './demoStages.mjs';
import { runFirstLoadBench } from './firstLoad.mjs';

const [part = 'demo', runsArg = '3'] = process.argv.slice(2);
const runs = Number(runsArg);
const PORT = Number(process.env.PW_PORT ?? 4488);
const dist = process.env.BENCH_DIST ?? 'dist';
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

console.log(`load average before: ${load()}`);
if (part === 'orchestration') {
  const { buildBenchPage, runOrchestrationParts } = await import('./orchestration.mjs');
  buildBenchPage();
  const parts = (process.env.ORCHESTRATION_PARTS ?? 'noop_tasks_per_s,task_handoff_ms,trigger_latency_ms').split(',');
  const browser = await chromium.launch({ executablePath: (await findChromium()).path, args: CHROMIUM_ARGS });
  try {
    const samples = await runOrchestrationParts(browser, parts, runs);
    for (const [name, values] of Object.entries(samples)) console.log(name, 'median', median(values), `(${values.length} samples)`);
  } finally {
    await browser.close();
    console.log(`load average after: ${load()}`);
  }
  process.exit(0);
}
const server = spawn(process.execPath, ['tests/support/serve.mjs', dist, '--port', String(PORT), '--strict-port'], { stdio: 'pipe' });
await new Promise((resolve) => server.stdout.once('data', resolve));
const browser = await chromium.launch({ executablePath: (await findChromium()).path, args: CHROMIUM_ARGS });
try {
  if (part === 'firstload') {
    const samples = await runFirstLoadBench(browser, `http://localhost:${PORT}/`, runs);
    for (const [name, values] of Object.entries(samples)) console.log(name, values.join(' '), 'median', median(values));
  } else {
    const all = [];
    const totals = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      const page = await context.newPage();
      await watchReady(page);
      await page.goto(`http://localhost:${PORT}/`);
      await page.getByTestId('app-status').and(page.locator('[data-status="ready"]')).waitFor();
      await page.getByTestId('trigger-ml_producer').click();
      const submit = page.getByTestId('trigger-submit');
      await submit.waitFor();
      const at = await page.evaluate(() => performance.now());
      const started = Date.now();
      await submit.click();
      await page.locator('[data-testid="dag-last-run-ml_consumer"][data-state="success"]').waitFor({ timeout: 120_000 });
      totals.push(Date.now() - started);
      const stages = await collectDemoStages(page, at);
      all.push(stages);
      if (process.env.VERBOSE) for (const s of stages) console.log(String(s.start).padStart(7), String(s.ms).padStart(8), s.where.padEnd(14), s.stage);
      console.log(`e2e_demo_ms run ${i + 1}/${runs}: ${totals[i]} ms, R² ${await page.getByTestId('metric-r2').textContent()}`);
      await context.close();
    }
    console.log('start (ms after submit) · median ms · runs · stage');
    for (const s of medianStages(all)) console.log(String(s.start).padStart(7), String(s.median).padStart(8), s.runs, s.stage);
    console.log('e2e_demo_ms', totals.join(' '), 'median', median(totals));
  }
} finally {
  await browser.close();
  server.kill();
  console.log(`load average after: ${load()}`);
}
