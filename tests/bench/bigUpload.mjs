// A big upload through the built site, as a person would do it (issue 12 point 2): a generated CSV of `rows` rows is
// picked on the Datasets page, inspected, imported, and the producer and the consumer run on it with the default
// params (linear model, wasm). Measures each step and each task's time from what the playground stored (IndexedDB),
// the train task's own stage times, and the consumer's outcome.
//
//   node tests/bench/bigUpload.mjs [rows]          (after `npx vite build`; BENCH_DIST, BENCH_PORT override)
//
// Also used by `npm run bench` when BENCH_UPLOAD_ROWS is set (runBigUpload). The CSV is written once to the OS temp dir.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium, HOW_TO_GET_CHROMIUM } from '../support/chromium.mjs';
import { seededRandom } from '../support/seededRandom.mjs';

/** Metric name → unit, for the runner's table (anchors.mjs holds the targets). */
export const UPLOAD_METRICS = {
  upload_1m_inspect_ms: 'ms',
  upload_1m_import_ms: 'ms',
  upload_1m_producer_ms: 'ms',
  upload_1m_train_ms: 'ms',
  upload_1m_consumer_ms: 'ms',
  upload_1m_r2: 'R²',
  upload_1m_r2_gap: 'R²',
};

/**
 * Eight features and a target that depends on them linearly, with a curve and noise (R² of a line ≈ 0.8): the shape
 * of the housing data, `rows` rows, numbers written with 3 decimals (~60 bytes a row).
 */
export async function writeBigCsv(rows, path = join(tmpdir(), `pipeline-playground-${rows}.csv`)) {
  if (existsSync(path)) return path;
  const random = seededRandom(20_260_101);
  const out = createWriteStream(path);
  const write = (text) => (out.write(text) ? Promise.resolve() : new Promise((resolve) => out.once('drain', resolve)));
  await write('f1,f2,f3,f4,f5,f6,f7,f8,target\n');
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const f = Array.from({ length: 8 }, (_, j) => (j === 0 ? random() * 10 : random() * 4 - 2));
    const target = 2 + 0.8 * f[0] + 0.5 * f[1] - 0.3 * f[2] + 0.2 * f[3] * f[3] + (random() - 0.5) * 1.5;
    chunk += `${f.map((v) => v.toFixed(3)).join(',')},${target.toFixed(3)}\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise((resolve) => out.end(resolve));
  return path;
}

/** Every task instance stored so far, with its tries (read in the page from the playground's IndexedDB). */
function storedTasks(page) {
  return page.evaluate(async () => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open('pipeline-playground');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const getAll = (store) =>
      new Promise((resolve) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result);
      });
    // Task instances are stored several to a record, by run (src/runtime/storage/taskBlocks.ts).
    const all = (await getAll('taskBlocks')).flatMap((block) => block.tasks.map((ti) => ({ ...ti, runId: block.runId })));
    const logs = await getAll('logs');
    db.close();
    const linesOf = (ti) =>
      logs
        .filter((l) => l.runId === ti.runId && l.taskId === ti.taskId && !/^epoch \d/.test(l.message))
        .map((l) => `${l.tryNumber} +${Math.round(l.timestamp - (ti.tries?.find((t) => t.tryNumber === l.tryNumber)?.startDate ?? l.timestamp))} ms ${l.message.slice(0, 240)}`);
    return all.map((ti) => ({
      log: linesOf(ti),
      runId: ti.runId,
      taskId: ti.taskId,
      state: ti.state,
      tries: (ti.tries ?? []).map((t) => ({ n: t.tryNumber, state: t.state, ms: t.endDate && t.startDate ? t.endDate - t.startDate : null, error: t.error?.message ?? null })),
      ms: ti.endDate && ti.startDate ? ti.endDate - ti.startDate : null,
      result: ti.returnValue ?? null,
    }));
  });
}

/**
 * Uploads a `rows`-row CSV in a fresh context of `browser` on the site at `url`; returns what it measured. `probe`
 * (optional, uploadScale.mjs) watches the page: `start(context, page)` before it loads, `ready(page)` once the upload panel
 * is shown, just before the file is picked, `finish(page)` at the end (refused or not); what finish returns is `outcome.probe`.
 */
export async function runBigUpload(browser, url, rows, log = console.log, probe = null) {
  const file = await writeBigCsv(rows);
  const bytes = statSync(file).size;
  log(`big upload: ${rows.toLocaleString('en-US')} rows, ${(bytes / 1024 / 1024).toFixed(1)} MB (${file})`);
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const finish = async (outcome) => ({ ...outcome, ...(probe ? { probe: await probe.finish(page) } : {}) });
  try {
    await probe?.start(context, page);
    await page.goto(`${url}#/settings`);
    await page.getByTestId('app-status').and(page.locator('[data-status="ready"]')).waitFor();
    await page.getByTestId('setting-max-upload').fill(String(Math.max(50, Math.ceil((bytes / 1024 / 1024) * 1.2))));
    await page.getByTestId('tab-datasets').click();
    const panel = page.getByTestId('upload-panel');
    await panel.getByTestId('upload-file-input').waitFor({ state: 'attached' });
    await probe?.ready(page);
    const t0 = Date.now();
    await panel.getByTestId('upload-file-input').setInputFiles(file);
    const settled = panel.locator('[data-testid="upload-status"]:is([data-step="inspected"], [data-step="idle"])');
    await settled.waitFor({ timeout: 600_000 });
    const inspectMs = Date.now() - t0;
    log(`big upload: inspected in ${inspectMs} ms`);
    const refusal = await panel.getByTestId('upload-errors').textContent({ timeout: 1_000 }).catch(() => null);
    if (refusal) return await finish({ rows, refused: refusal, inspectMs, bytes, pageErrors });
    const t1 = Date.now();
    await panel.getByTestId('upload-import').click();
    // Stored, or refused (a full disk, a worker that ran out of memory): either way the panel says so.
    await panel.locator('[data-testid="upload-result"], [data-testid="upload-errors"], [data-testid="upload-mapping-errors"]').first().waitFor({ timeout: 900_000 });
    const importMs = Date.now() - t1;
    const importRefusal = await panel.locator('[data-testid="upload-errors"], [data-testid="upload-mapping-errors"]').first().textContent({ timeout: 500 }).catch(() => null);
    if (importRefusal) return await finish({ rows, refused: importRefusal, inspectMs, importMs, bytes, pageErrors });
    log(`big upload: inspected in ${inspectMs} ms, imported in ${importMs} ms; the producer and the consumer run…`);
    const t2 = Date.now();
    // Until the consumer run ends, or the producer run fails (then no consumer run comes): from what is stored.
    let tasks = [];
    for (;;) {
      tasks = await storedTasks(page);
      const finals = ['success', 'failed', 'upstream_failed', 'skipped'];
      const consumer = tasks.filter((t) => ['check_drift', 'train', 'predict', 'save_predictions'].includes(t.taskId));
      const producerFailed = tasks.some((t) => t.taskId === 'extract' && t.state === 'failed') || tasks.some((t) => t.taskId === 'featurize' && ['failed', 'upstream_failed'].includes(t.state));
      if (producerFailed || (consumer.length === 4 && consumer.every((t) => finals.includes(t.state)))) break;
      if (Date.now() - t2 > 1_500_000) throw new Error('The producer and consumer did not finish within 25 minutes.');
      await page.waitForTimeout(2_000);
    }
    const wallMs = Date.now() - t2;
    const save = tasks.find((t) => t.taskId === 'save_predictions');
    const consumerState = save?.state === 'success' ? 'success' : 'failed';
    return await finish({ rows, bytes, inspectMs, importMs, wallMs, consumerState, tasks, pageErrors });
  } finally {
    await context.close();
  }
}

/** The metrics of one big upload, for the bench report (null when it was refused or the consumer did not succeed). */
export function uploadMetrics(outcome) {
  if (!outcome || outcome.refused || outcome.consumerState !== 'success') return null;
  const sum = (ids) => outcome.tasks.filter((t) => ids.includes(t.taskId) && t.ms !== null).reduce((s, t) => s + t.ms, 0);
  const train = outcome.tasks.find((t) => t.taskId === 'train' && t.state === 'success');
  return {
    upload_1m_inspect_ms: outcome.inspectMs,
    upload_1m_import_ms: outcome.importMs,
    upload_1m_producer_ms: sum(['extract', 'save_raw_data', 'check_data', 'featurize']),
    upload_1m_train_ms: train?.ms ?? null,
    upload_1m_consumer_ms: sum(['check_drift', 'train', 'predict', 'save_predictions']),
    upload_1m_r2: train?.result?.testR2 ?? null,
    upload_1m_r2_gap: typeof train?.result?.olsTestR2 === 'number' ? train.result.olsTestR2 - train.result.testR2 : null,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const dist = process.env.BENCH_DIST ?? 'dist';
  const port = Number(process.env.BENCH_PORT ?? 4444);
  const found = await findChromium();
  if (!found) {
    console.error(HOW_TO_GET_CHROMIUM);
    process.exit(1);
  }
  const server = spawn(process.execPath, ['tests/support/serve.mjs', dist, '--port', String(port), '--strict-port'], { stdio: 'pipe' });
  await new Promise((resolve) => server.stdout.once('data', resolve));
  const browser = await chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS });
  try {
    const outcome = await runBigUpload(browser, `http://localhost:${port}/`, rows);
    console.log(JSON.stringify(outcome, null, 2));
    console.log(JSON.stringify(uploadMetrics(outcome)));
  } finally {
    await browser.close();
    server.kill();
  }
}
