// The data half of the bench's scale section (BENCH_SCALE=1, issue 16 point 5): the whole pipeline on an uploaded CSV
// of 20,640 / 200,000 / 1,000,000 / 2,000,000 rows (bigUpload.mjs's seeded CSV: 8 features and a target), through the site as a
// person uses it. Per size: each stage's time (inspect, import, each producer and consumer task, from what IndexedDB
// recorded, and each try's storage reads and writes from the workers' `pp:` measures), peak memory, IndexedDB bytes and
// the longest main-thread task while it ran.
//
// Memory is read over the Chrome DevTools Protocol every 250 ms, `Runtime.getHeapUsage` in the page and in every
// worker attached to it (task workers, the upload worker, the layout worker; the service worker too, which holds no
// data): `usedSize` is the JS heap, `backingStorageSize` the ArrayBuffers outside it (typed-array columns live there).
// The peaks are of the sums over targets at one sample. IndexedDB bytes: `navigator.storage.estimate().usage` after the
// run minus before the upload (Chromium's figure for the origin: files on disk, compaction makes it approximate).
// The longest main-thread task from the file pick to the end: wall clock (Long Tasks API) and thread CPU time (a
// Chromium trace), the second without the time the thread waited for a core on a loaded machine.
// Then the uploaded version's preview on the Datasets page (previewProbe): time to the first rows and to the column
// statistics, its longest main-thread task and the page's heap.
//
//   node tests/bench/uploadScale.mjs [rows …]      (after `npx vite build`; BENCH_DIST, BENCH_PORT override)
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium, HOW_TO_GET_CHROMIUM } from '../support/chromium.mjs';
import { runBigUpload } from './bigUpload.mjs';
import { longestTaskCpuMs } from './graph.mjs';

/**
 * The three sizes, and 1,000,000 between them. 2,000,000 rows × 9 columns (18,000,000 cells) are under the
 * upload limit (20,000,000 cells) since versions larger than one IndexedDB record are stored in row-chunk parts.
 */
export const UPLOAD_SCALE_ROWS = [20_640, 200_000, 1_000_000, 2_000_000];
export const PRODUCER_TASKS = ['extract', 'save_raw_data', 'check_data', 'featurize'];
export const CONSUMER_TASKS = ['check_drift', 'train', 'predict', 'save_predictions'];
const MB = 1024 * 1024;

/** Samples memory in the page and its workers; keeps the peaks; records long tasks from `ready` on. */
function memoryProbe() {
  const workers = new Map();
  const pending = new Map();
  let nextId = 1;
  let cdp = null;
  let browser = null;
  let timer = null;
  let readyAt = 0;
  let storageBefore = null;
  const peak = { pageHeap: 0, workersHeap: 0, arrayBuffers: 0, total: 0 };
  // The first sample's total, taken before the file is picked: what the page and its workers hold anyway.
  let baseline = null;
  const ask = (sessionId, method) =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) }).catch(() => resolve(null));
      // A worker busy in one long call answers late: a sample never waits for it beyond a second.
      setTimeout(() => pending.delete(id) && resolve(null), 1_000);
    });
  async function sample() {
    const page = await cdp.send('Runtime.getHeapUsage').catch(() => null);
    const others = await Promise.all([...workers.keys()].map((sessionId) => ask(sessionId, 'Runtime.getHeapUsage')));
    const results = others.map((m) => m?.result).filter(Boolean);
    if (!page) return;
    const workersHeap = results.reduce((s, r) => s + r.usedSize, 0);
    const arrayBuffers = (page.backingStorageSize ?? 0) + results.reduce((s, r) => s + (r.backingStorageSize ?? 0), 0);
    peak.pageHeap = Math.max(peak.pageHeap, page.usedSize);
    peak.workersHeap = Math.max(peak.workersHeap, workersHeap);
    peak.arrayBuffers = Math.max(peak.arrayBuffers, arrayBuffers);
    peak.total = Math.max(peak.total, page.usedSize + workersHeap + arrayBuffers);
    baseline ??= page.usedSize + workersHeap + arrayBuffers;
  }
  const storageUsage = (page) => page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
  return {
    async start(context, page) {
      await page.addInitScript(() => {
        window.__longTasks = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
        }).observe({ type: 'longtask', buffered: true });
      });
      cdp = await context.newCDPSession(page);
      browser = context.browser();
      cdp.on('Target.attachedToTarget', ({ sessionId, targetInfo }) => workers.set(sessionId, targetInfo));
      cdp.on('Target.detachedFromTarget', ({ sessionId }) => workers.delete(sessionId));
      cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
        const reply = JSON.parse(message);
        pending.get(reply.id)?.(reply);
        pending.delete(reply.id);
      });
      // Not flattened: Playwright's own sessions to these workers stay as they are; ours talk through this one.
      await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    },
    async ready(page) {
      readyAt = await page.evaluate(() => performance.now());
      storageBefore = await storageUsage(page);
      await sample();
      // The main thread's tasks in CPU time too (see graph.mjs, main_thread_longest_task_cpu_ms).
      await browser.startTracing(page, { categories: ['toplevel', 'disabled-by-default-devtools.timeline'] });
      let busy = false;
      timer = setInterval(() => {
        if (busy) return;
        busy = true;
        void sample().finally(() => (busy = false));
      }, 250);
    },
    async finish(page) {
      clearInterval(timer);
      const cpu = longestTaskCpuMs(JSON.parse((await browser.stopTracing()).toString()).traceEvents);
      await sample();
      const storageAfter = await storageUsage(page);
      const longest = await page.evaluate((from) => Math.max(0, ...window.__longTasks.filter((t) => t.start >= from).map((t) => t.duration)), readyAt);
      const mb = (bytes) => Math.round((bytes / MB) * 10) / 10;
      const preview = await previewProbe(page, browser, cdp);
      return {
        ...preview,
        storageMs: await workerStages(page),
        peakPageHeapMb: mb(peak.pageHeap),
        peakWorkersHeapMb: mb(peak.workersHeap),
        peakArrayBuffersMb: mb(peak.arrayBuffers),
        peakTotalMb: mb(peak.total),
        baselineMb: mb(baseline ?? 0),
        idbMb: mb(storageAfter - storageBefore),
        longestTaskMs: Math.round(longest),
        longestTaskCpuMs: cpu,
      };
    },
  };
}

/**
 * The uploaded version's preview, opened as a person would after the run (Datasets page → the uploaded asset): time to
 * the first page of rows and to the column statistics, the longest main-thread task meanwhile (wall and CPU) and the
 * page's JS heap after. The version reader computes them in a worker, a part at a time (src/versionReader). Nulls when
 * no version was stored (a refused upload).
 */
async function previewProbe(page, browser, cdp) {
  const none = { previewFirstRowsMs: null, previewStatsMs: null, previewLongestTaskMs: null, previewLongestTaskCpuMs: null, previewPageHeapMb: null };
  const stored = await page.evaluate(() => document.querySelector('[data-testid="upload-result"]') !== null).catch(() => false);
  if (!stored) return none;
  await browser.startTracing(page, { categories: ['toplevel', 'disabled-by-default-devtools.timeline'] });
  const from = await page.evaluate(() => {
    const at = performance.now();
    location.hash = '#/assets/uploaded_csv';
    return at;
  });
  const t0 = Date.now();
  try {
    await page.locator('[data-testid="preview-table"] tbody tr[data-row]').first().waitFor({ timeout: 120_000 });
    const previewFirstRowsMs = Date.now() - t0;
    await page.locator('[data-testid="column-stats"]:not([aria-busy="true"])').waitFor({ timeout: 600_000 });
    const previewStatsMs = Date.now() - t0;
    const cpu = longestTaskCpuMs(JSON.parse((await browser.stopTracing()).toString()).traceEvents);
    const wall = await page.evaluate((at) => Math.max(0, ...window.__longTasks.filter((t) => t.start >= at).map((t) => t.duration)), from);
    const heap = await cdp.send('Runtime.getHeapUsage');
    return {
      previewFirstRowsMs,
      previewStatsMs,
      previewLongestTaskMs: Math.round(wall),
      previewLongestTaskCpuMs: cpu,
      previewPageHeapMb: Math.round((heap.usedSize / MB) * 10) / 10,
    };
  } catch {
    await browser.stopTracing().catch(() => null);
    return none;
  }
}

/**
 * Where each task's time went, from the `pp:<task>:<stage>` measures the task workers leave on their timelines
 * (src/runtime/stageMarks.ts): each storage read and write, the code load and the task's own run, summed per name.
 */
async function workerStages(page) {
  const totals = {};
  for (const worker of page.workers()) {
    const measures = await worker
      .evaluate(() => performance.getEntriesByType('measure').filter((e) => e.name.startsWith('pp:')).map((e) => [e.name.slice(3), e.duration]))
      .catch(() => []); // a worker that ended meanwhile
    for (const [name, ms] of measures) {
      if (name.startsWith('warm-up:')) continue;
      totals[name] = Math.round((totals[name] ?? 0) + ms);
    }
  }
  return totals;
}

/** One size's figures for the report: stage times in ms, or the refusal. */
export function scalePoint(outcome) {
  const taskMs = (id) => outcome.tasks?.find((t) => t.taskId === id && t.state === 'success')?.ms ?? null;
  const stages = Object.fromEntries([...PRODUCER_TASKS, ...CONSUMER_TASKS].map((id) => [id, taskMs(id)]));
  const sum = (ids) => (ids.every((id) => stages[id] !== null) ? ids.reduce((s, id) => s + stages[id], 0) : null);
  const train = outcome.tasks?.find((t) => t.taskId === 'train' && t.state === 'success');
  return {
    rows: outcome.rows,
    mb: Math.round((outcome.bytes / MB) * 10) / 10,
    refused: outcome.refused ?? (outcome.consumerState && outcome.consumerState !== 'success' ? `the consumer run ended ${outcome.consumerState}` : null),
    inspectMs: outcome.inspectMs ?? null,
    importMs: outcome.importMs ?? null,
    stages,
    producerMs: sum(PRODUCER_TASKS),
    consumerMs: sum(CONSUMER_TASKS),
    wallMs: outcome.wallMs ?? null,
    r2: train?.result?.testR2 ?? null,
    ...(outcome.probe ?? {}),
  };
}

/** Runs the whole pipeline once per size (a fresh browser context each); returns scalePoint()s, smallest first. */
export async function runUploadScale(browser, url, sizes = UPLOAD_SCALE_ROWS, log = console.log) {
  const points = [];
  for (const rows of sizes) {
    const started = Date.now();
    const load = loadavg()[0].toFixed(2);
    const outcome = await runBigUpload(browser, url, rows, log, memoryProbe());
    const point = { ...scalePoint(outcome), load, seconds: Math.round((Date.now() - started) / 1000) };
    log(`upload scale ${rows.toLocaleString('en-US')} rows: ${JSON.stringify(point)}`);
    points.push(point);
  }
  return points;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = process.argv.length > 2 ? process.argv.slice(2).map(Number) : UPLOAD_SCALE_ROWS;
  const dist = process.env.BENCH_DIST ?? 'dist';
  const port = Number(process.env.BENCH_PORT ?? 4435);
  const found = await findChromium();
  if (!found) {
    console.error(HOW_TO_GET_CHROMIUM);
    process.exit(1);
  }
  const server = spawn(process.execPath, ['tests/support/serve.mjs', dist, '--port', String(port), '--strict-port'], { stdio: 'pipe' });
  await new Promise((resolve) => server.stdout.once('data', resolve));
  const browser = await chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS });
  try {
    console.log(JSON.stringify(await runUploadScale(browser, `http://localhost:${port}/`, sizes), null, 2));
  } finally {
    await browser.close();
    server.kill();
  }
}
