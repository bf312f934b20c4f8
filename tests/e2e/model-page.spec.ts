import AxeBuilder from '@axe-core/playwright';
import { readFile } from 'node:fs/promises';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { latestStoredVersion, readStore } from './support/playgroundDb';

/**
 * The model page after the housing pipeline ran: the stored model in the versions table with its metrics, the
 * predictions drawn on canvas (pixels sampled), the residual histogram, the map, the model download, and the live
 * training curve of a second, longer training run, and that run's drift check against the first model.
 */

test.describe.configure({ mode: 'serial' });

interface StoredModel {
  readonly id: string;
  readonly metrics: Record<string, number>;
  readonly splits?: { test: { r2: number } };
  readonly weightData: unknown;
}

let page: Page;
const errors: string[] = [];

async function waitForConsumer(p: Page, runs: number) {
  await expect
    .poll(async () => (await readStore<{ dagId: string; state: string }>(p, 'runs')).filter((r) => r.dagId === 'ml_consumer' && r.state === 'success').length, {
      timeout: 150_000,
    })
    .toBe(runs);
}

/** How many pixels of a canvas are painted (alpha > 0). */
const paintedPixels = (canvas: Locator) =>
  canvas.evaluate((el: HTMLCanvasElement) => {
    const data = el.getContext('2d')!.getImageData(0, 0, el.width, el.height).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
    return painted;
  });

/** The stored predictions' column names and their split codes, read from IndexedDB. */
async function storedPredictions(p: Page) {
  const version = (await latestStoredVersion(p, 'housing_predictions'))!;
  return p.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('pipeline-playground');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const record = await new Promise<{ names: string[]; columns: Record<string, Float32Array>; rowCount: number }>((resolve) => {
      const request = db.transaction('datasetColumns').objectStore('datasetColumns').get(id);
      request.onsuccess = () => resolve(request.result);
    });
    db.close();
    const split = record.columns.split;
    let test = 0;
    if (split) for (const code of split) if (code === 2) test++;
    return { names: record.names, rowCount: record.rowCount, testRows: split ? test : null };
  }, version.id);
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  page = await (await browser.newContext()).newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('./');
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  await page.getByTestId('trigger-ml_producer').click();
  await page.getByTestId('trigger-submit').click();
  await waitForConsumer(page, 1);
});

test.afterAll(async () => {
  expect(errors).toEqual([]);
  await page.context().close();
});

test('the versions table lists the stored model with its metrics, and a deep link selects it', async () => {
  const [model] = await readStore<StoredModel>(page, 'models');
  const r2 = model!.splits?.test.r2 ?? model!.metrics.testR2!;
  await page.getByTestId('tab-model').click();
  await expect(page).toHaveURL(/#\/model$/);
  const row = page.getByTestId(`model-row-${model!.id}`);
  await expect(row).toBeVisible();
  await expect(page.getByTestId('model-versions').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId(`model-r2-${model!.id}`)).toHaveText(r2.toFixed(3));
  await expect(page.getByTestId('split-test-r2')).toHaveText(r2.toFixed(3));
  expect(r2).toBeGreaterThan(0.5);

  await page.goto(`./#/model/${encodeURIComponent(model!.id)}`);
  await expect(page.getByTestId('model-detail')).toHaveAttribute('data-model', model!.id);
  await expect(page.getByTestId(`select-model-${model!.id}`)).toHaveAttribute('aria-pressed', 'true');
  await page.goto('./#/model/no-such-model');
  await expect(page.getByTestId('model-unknown')).toContainText('no-such-model');
  await expect(page.getByTestId('model-detail')).toHaveAttribute('data-model', model!.id);
});

test('the predictions are drawn: scatter on canvas, residual histogram, error map; test rows alone on request', async () => {
  await page.goto('./#/model');
  const stored = await storedPredictions(page);
  const scatter = page.getByTestId('predicted-vs-actual');
  await expect(scatter.locator('svg')).toBeVisible();
  await expect.poll(() => paintedPixels(scatter.locator('canvas')), { timeout: 10_000 }).toBeGreaterThan(2_000);

  const bars = page.getByTestId('residual-histogram').locator('rect.residual-bar');
  await expect(bars.first()).toBeAttached();
  const counts = await bars.evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('data-count'))));
  expect(counts.length).toBeGreaterThanOrEqual(10);
  expect(counts.reduce((s, c) => s + c, 0)).toBe(stored.rowCount);

  // The housing predictions carry the features (raw units) and each row's split: the map and the test-row filter.
  expect(stored.names).toEqual(expect.arrayContaining(['Latitude', 'Longitude', 'MedHouseVal', 'prediction', 'residual', 'split']));
  const map = page.getByTestId('error-map');
  await expect.poll(() => paintedPixels(map.locator('canvas')), { timeout: 10_000 }).toBeGreaterThan(2_000);
  await expect(page.getByTestId('error-legend')).toBeVisible();
  await expect(page.getByTestId('error-map-missing')).toHaveCount(0);

  expect(stored.testRows).toBeGreaterThan(0);
  await page.getByTestId('row-filter-test').check();
  await expect(page.getByTestId('rows-shown')).toContainText(`${stored.testRows!.toLocaleString('en-US')} of ${stored.rowCount.toLocaleString('en-US')} rows shown`);
  await expect
    .poll(async () => (await bars.evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('data-count'))))).reduce((s, c) => s + c, 0))
    .toBe(stored.testRows);
  await page.getByTestId('row-filter-all').check();
});

test('the model downloads as tfjs files whose manifest matches the weights, and the predictions as CSV', async () => {
  await page.goto('./#/model');
  const [model] = await readStore<StoredModel>(page, 'models');
  const weightBytes = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve) => {
      const request = indexedDB.open('pipeline-playground');
      request.onsuccess = () => resolve(request.result);
    });
    const record = await new Promise<{ weightData: ArrayBuffer }>((resolve) => {
      const request = db.transaction('models').objectStore('models').getAll();
      request.onsuccess = () => resolve(request.result[0]);
    });
    db.close();
    return record.weightData.byteLength;
  });
  const downloads: import('@playwright/test').Download[] = [];
  page.on('download', (d) => downloads.push(d));
  await page.getByTestId('model-download').click();
  await expect.poll(() => downloads.length).toBe(2);
  const json = downloads.find((d) => d.suggestedFilename() === 'model.json')!;
  const weights = downloads.find((d) => d.suggestedFilename().endsWith('.weights.bin'))!;
  const manifest = JSON.parse(await readFile((await json.path())!, 'utf8')) as {
    modelTopology: unknown;
    weightsManifest: { paths: string[]; weights: { shape: number[]; dtype: string }[] }[];
  };
  expect(manifest.modelTopology).toBeTruthy();
  expect(manifest.weightsManifest[0]!.paths).toEqual([`./${weights.suggestedFilename()}`]);
  const specBytes = manifest.weightsManifest[0]!.weights.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1) * 4, 0);
  const file = await readFile((await weights.path())!);
  expect(file.byteLength).toBe(weightBytes);
  expect(file.byteLength).toBe(specBytes);
  expect(model).toBeTruthy();

  const stored = await storedPredictions(page);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('model-download-predictions').click()]);
  const lines = (await readFile((await csv.path())!, 'utf8')).trimEnd().split('\r\n');
  expect(lines[0]).toBe(stored.names.join(','));
  expect(lines).toHaveLength(stored.rowCount + 1);
});

test('"Predict with this version" runs the batch prediction DAG with the selected model', async () => {
  await page.goto('./#/model');
  const [model] = await readStore<StoredModel>(page, 'models');
  await page.getByTestId('model-predict').click();
  await expect(page.getByTestId('model-action-message')).toContainText('Triggered ml_batch_predict');
  await expect(page.getByTestId('dag-last-run-ml_batch_predict')).toHaveAttribute('data-state', 'success', { timeout: 90_000 });
  const [run] = await readStore<{ dagId: string; params: Record<string, unknown> }>(page, 'runs').then((runs) => runs.filter((r) => r.dagId === 'ml_batch_predict'));
  expect(run!.params.model_id).toBe(model!.id);
});

test('the training curve grows epoch by epoch while a model trains, with progress and ETA', async () => {
  test.setTimeout(240_000);
  await page.goto('./#/model');
  await page.getByTestId('trigger-ml_consumer').click();
  // The MLP, without early stopping: the linear model's fit now takes a few milliseconds on the wasm backend (typed
  // steps), over before a person — or this test — could watch its curve grow; the MLP's 120 epochs take seconds.
  await page.getByTestId('param-model').selectOption('mlp');
  await page.getByTestId('param-epochs').fill('120');
  await page.getByTestId('param-patience').fill('120');
  await page.getByTestId('trigger-submit').click();
  // Triggered from the model page, the page stays here (only the DAG view follows a new run).
  await expect(page).toHaveURL(/#\/model$/);
  const panel = page.getByTestId('training-panel');
  await expect(panel).toContainText('Training now', { timeout: 60_000 });
  const progress = page.getByTestId('training-progress');
  await expect(progress).toHaveAttribute('data-finished', 'false');
  await expect(page.getByTestId('training-eta')).toContainText(/epoch \d+ of 120/);
  const points = page.getByTestId('loss-curve').locator('circle.loss-point-train');
  await expect.poll(() => points.count(), { timeout: 60_000 }).toBeGreaterThan(0);
  const early = await points.count();
  await expect.poll(() => points.count(), { timeout: 60_000 }).toBeGreaterThan(early);
  await expect(page.getByTestId('loss-curve').locator('circle.loss-point-validation').first()).toBeAttached();
  await waitForConsumer(page, 2);
  await expect(page.getByTestId('model-versions').locator('tbody tr')).toHaveCount(2);
  // The second model's run checked its features against the first model's: a drift report that compared something.
  await expect(page.getByTestId('drift-report')).toHaveAttribute('data-status', /^(ok|drift)$/);
});

test('the model page passes an accessibility check', async () => {
  await page.goto('./#/model');
  await expect(page.getByTestId('model-detail')).toBeVisible();
  const results = await new AxeBuilder({ page }).include('[data-testid="model-page"]').analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});
