// The orchestration half of `npm run bench`: builds the bench page (tests/bench/page → tests/bench/dist, never part
// of the site), serves it, and runs its `window.runBench()` in the given Chromium. Returns every sample per metric.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIST = 'tests/bench/dist';
/** BENCH_PAGE_PORT moves the bench page's server (several people on one machine). */
const PORT = Number(process.env.BENCH_PAGE_PORT ?? 4498);

/** Metric name → unit, target (as text and as a check) and Airflow 2 anchor (the figure and the ratio to it). */
export const ORCHESTRATION_METRICS = {
  task_handoff_ms: {
    unit: 'ms',
    target: '≤ 2 ms',
    meets: (v) => v <= 2,
    anchor: 'Airflow 2: ~1 s task-to-dependent handoff',
    ratio: (v) => 1000 / v,
  },
  trigger_latency_ms: {
    unit: 'ms',
    target: '≤ 10 ms',
    meets: (v) => v <= 10,
    anchor: 'Airflow 2: ~2 s producer → consumer in the original example',
    ratio: (v) => 2000 / v,
  },
  noop_tasks_per_s: {
    unit: 'tasks/s',
    target: '≥ 6,000 tasks/s',
    meets: (v) => v >= 6000,
    anchor: 'Airflow 2: 11.6–14.3 s lag per 1,000 tasks ≈ 77 tasks/s',
    ratio: (v) => v / (1000 / 13),
  },
  scheduler_step_us: {
    unit: 'µs',
    target: '—',
    meets: null,
    anchor: null,
    ratio: null,
  },
};

export function buildBenchPage() {
  const vite = join('node_modules', 'vite', 'bin', 'vite.js');
  const built = spawnSync(process.execPath, [vite, 'build', '--config', 'tests/bench/vite.config.ts'], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error(`Building the bench page failed (exit ${built.status}).`);
  // The bench must measure orchestration only: a tfjs chunk here would mean the no-op worker pulled in the pipelines.
  const tfjs = readdirSync(join(DIST, 'assets')).filter((f) => readFileSync(join(DIST, 'assets', f), 'utf8').includes('Cannot evaluate flag'));
  if (tfjs.length > 0) throw new Error(`The bench page must not contain tfjs, but ${tfjs.join(', ')} does.`);
}

/** Serves the built bench page and opens it in a fresh, cross-origin isolated context; `body(page)` does the rest. */
async function withBenchPage(browser, body) {
  const server = spawn(process.execPath, ['tests/support/serve.mjs', DIST, '--port', String(PORT), '--strict-port'], { stdio: 'pipe' });
  try {
    await new Promise((resolve, reject) => {
      server.stdout.once('data', resolve);
      server.once('exit', (code) => reject(new Error(`The bench page's server exited with ${code}.`)));
    });
    const context = await browser.newContext();
    // Cross-origin isolation (COOP + COEP) gives performance.now() 5 µs resolution instead of 100 µs: handoffs
    // are fractions of a millisecond. serve.mjs sends neither header, so add them on the way in.
    await context.route('**/*', async (route) => {
      const response = await route.fetch();
      await route.fulfill({
        response,
        headers: {
          ...response.headers(),
          'cross-origin-opener-policy': 'same-origin',
          'cross-origin-embedder-policy': 'require-corp',
        },
      });
    });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.text().startsWith('[bench]')) console.log(message.text());
    });
    const errors = [];
    page.on('pageerror', (error) => errors.push(error));
    await page.goto(`http://localhost:${PORT}/`);
    await page.waitForFunction(() => typeof window.runBench === 'function');
    const result = await body(page);
    await context.close();
    if (errors.length > 0) throw errors[0];
    return result;
  } finally {
    server.kill();
  }
}

/** Runs the bench page's `window.runBench()`; returns {info, samples}. */
export function runOrchestrationBench(browser) {
  return withBenchPage(browser, async (page) => {
    const info = await page.evaluate(() => window.benchInfo());
    const samples = await page.evaluate(() => window.runBench());
    return { info, samples };
  });
}

/**
 * Some parts of the bench page on their own (`window.benchParts`), each `repetitions` times: {part: samples}.
 * quick.mjs uses it for before/after comparisons while working.
 */
export function runOrchestrationParts(browser, parts, repetitions) {
  return withBenchPage(browser, async (page) => {
    const samples = {};
    for (const part of parts) samples[part] = await page.evaluate(([name, reps]) => window.benchParts[name](reps), [part, repetitions]);
    return samples;
  });
}

/** BENCH_SCALE=1: the no-op fan-out at 1,000 / 10,000 / 50,000 tasks (`window.runScale()`), once each. */
export function runOrchestrationScale(browser) {
  return withBenchPage(browser, (page) => page.evaluate(() => window.runScale()));
}
