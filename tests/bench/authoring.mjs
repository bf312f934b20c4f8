// The authoring half of `npm run bench`: builds the authoring bench page (tests/bench/authoring → its dist/, with the
// site's CSP), serves it, and runs its `window.authoringBench()` in the given Chromium: a 50-task DAG file from text
// to laid-out graph through the DAG-file worker, the cost of a sandboxed try over a built-in one, and columns in and
// out of the sandbox. Returns every sample per metric.
import { spawn, spawnSync } from 'node:child_process';

const DIST = 'tests/bench/authoring/dist';
const PORT = 4497;

export const AUTHORING_METRICS = {
  author_parse_ms: { unit: 'ms' },
  sandbox_try_overhead_ms: { unit: 'ms' },
  sandbox_columns_ms: { unit: 'ms' },
  share_link_ms: { unit: 'ms' },
};

export function buildAuthoringPage() {
  const built = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'tests/bench/authoring/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error(`Building the authoring bench page failed (exit ${built.status}).`);
}

export async function runAuthoringBench(browser, runs = 15) {
  const server = spawn(process.execPath, ['tests/support/serve.mjs', DIST, '--port', String(PORT), '--strict-port'], { stdio: 'pipe' });
  try {
    await new Promise((resolve, reject) => {
      server.stdout.once('data', resolve);
      server.once('exit', (code) => reject(new Error(`The authoring bench page's server exited with ${code}.`)));
    });
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.text().startsWith('[bench]')) console.log(message.text());
    });
    const errors = [];
    page.on('pageerror', (error) => errors.push(error));
    await page.goto(`http://localhost:${PORT}/`);
    await page.waitForFunction(() => typeof window.authoringBench === 'function');
    const samples = await page.evaluate((n) => window.authoringBench(n), runs);
    await context.close();
    if (errors.length > 0) throw errors[0];
    return samples;
  } finally {
    server.kill();
  }
}

// `node tests/bench/authoring.mjs`: this part alone (after a build of the page), printing medians.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { chromium } = await import('@playwright/test');
  const { CHROMIUM_ARGS, findChromium } = await import('../support/chromium.mjs');
  const found = await findChromium();
  buildAuthoringPage();
  const browser = await chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS });
  try {
    const samples = await runAuthoringBench(browser, Number(process.env.BENCH_RUNS ?? 15));
    for (const [name, values] of Object.entries(samples)) {
      const sorted = [...values].sort((a, b) => a - b);
      console.log(`${name}: median ${sorted[Math.floor(sorted.length / 2)].toFixed(2)} ms, p95 ${sorted[Math.ceil(0.95 * sorted.length) - 1].toFixed(2)} ms, ${values.length} samples`);
    }
  } finally {
    await browser.close();
  }
}
