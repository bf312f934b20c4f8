import AxeBuilder from '@axe-core/playwright';
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { latestStoredVersion, readStore, type StoredVersion } from './support/playgroundDb';

/**
 * The datasets page after one run of the housing pipeline: a dataset's events with links to the runs around them, its
 * versions, a paged preview, column statistics checked against the stored columns, the CSV download checked value by
 * value, and the same page in a tab that mirrors the scheduling one.
 */

test.describe.configure({ mode: 'serial' });

let page: Page;
const errors: string[] = [];

/** A version's stored columns as plain numbers (NaN stays NaN), read straight from IndexedDB. */
async function storedColumns(p: Page, versionId: string): Promise<{ names: string[]; columns: Record<string, number[]>; rowCount: number }> {
  const result = await p.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('pipeline-playground');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const record = await new Promise<{ names: string[]; columns: Record<string, Float32Array | Float64Array>; rowCount: number }>((resolve, reject) => {
      const request = db.transaction('datasetColumns').objectStore('datasetColumns').get(id);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    // JSON has no NaN: send it as null.
    const columns = Object.fromEntries(record.names.map((n) => [n, Array.from(record.columns[n]!, (v) => (Number.isNaN(v) ? null : v))]));
    return { names: record.names, columns, rowCount: record.rowCount };
  }, versionId);
  const columns = Object.fromEntries(Object.entries(result.columns).map(([n, values]) => [n, values.map((v) => (v === null ? NaN : v))]));
  return { ...result, columns };
}

/** Mean, sample std, min, max and missing count, computed the plain two-pass way. */
function referenceStats(values: readonly number[]) {
  const finite = values.filter(Number.isFinite);
  const mean = finite.reduce((s, x) => s + x, 0) / finite.length;
  const std = Math.sqrt(finite.reduce((s, x) => s + (x - mean) ** 2, 0) / (finite.length - 1));
  return { mean, std, min: Math.min(...finite), max: Math.max(...finite), missing: values.length - finite.length };
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext();
  page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('./');
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  await page.getByTestId('trigger-ml_producer').click();
  await page.getByTestId('trigger-submit').click();
  await expect(page.getByTestId('dag-last-run-ml_consumer')).toHaveAttribute('data-state', 'success', { timeout: 120_000 });
});

test.afterAll(async () => {
  expect(errors).toEqual([]);
  await page.context().close();
});

test('a deep link opens a dataset with its event history, linked to the runs that wrote it and that it triggered', async () => {
  await page.goto('./#/assets/built_features');
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  const detail = page.getByTestId('dataset-detail');
  await expect(detail).toHaveAttribute('data-dataset', 'built_features');
  await expect(page.getByTestId('open-dataset-built_features')).toHaveAttribute('aria-current', 'true');
  await expect(page.getByTestId('upload-panel')).toHaveCount(1);

  const [event] = (await readStore<{ id: number; datasetId: string; source: { runId: string } }>(page, 'datasetEvents')).filter(
    (e) => e.datasetId === 'built_features',
  );
  const history = page.getByTestId('dataset-event-history');
  const row = history.getByTestId(`dataset-event-${event!.id}`);
  await expect(row).toContainText('rowCount: 20640');
  const runId = event!.source.runId;
  await expect(row.getByTestId(`event-task-${event!.id}`)).toHaveAttribute(
    'href',
    `#/dags/ml_producer/runs/${encodeURIComponent(runId)}/tasks/featurize`,
  );
  // The run it triggered: follow the link to the consumer's run.
  const triggered = row.getByTestId(`event-triggered-${event!.id}-ml_consumer`);
  await expect(triggered).toContainText('success');
  await triggered.click();
  await expect(page).toHaveURL(/#\/dags\/ml_consumer\/runs\/dataset_triggered__/);
  await expect(page.getByTestId('run-summary')).toContainText('built_features');
  await page.goBack();
  await expect(page.getByTestId('dataset-detail')).toHaveAttribute('data-dataset', 'built_features');

  // Clicking the producing task's link lands on that task instance.
  await page.getByTestId(`event-task-${event!.id}`).click();
  await expect(page.getByTestId('task-details')).toContainText('featurize');
});

test('an old #/datasets/<id> link lands on #/assets/<id>, replacing the address so Back does not bounce', async () => {
  await page.goto('./#/dags');
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  await page.goto('./#/datasets/raw_housing');
  await expect(page).toHaveURL(/#\/assets\/raw_housing$/);
  await expect(page.getByTestId('dataset-detail')).toHaveAttribute('data-dataset', 'raw_housing');
  await expect(page.getByRole('heading', { level: 2, name: 'Assets' })).toBeVisible();
  await expect(page.getByTestId('assets-airflow2-note')).toContainText('Airflow 2 called assets datasets');
  // The old address was replaced, not added: Back returns to the DAG list.
  await page.goBack();
  await expect(page).toHaveURL(/#\/dags$/);
  await expect(page.getByTestId('datasets-view')).toHaveCount(0);
});

test('the preview pages through the rows, showing the stored values', async () => {
  await page.goto('./#/assets/built_features');
  const version = (await latestStoredVersion(page, 'built_features'))!;
  const stored = await storedColumns(page, version.id);
  await expect(page.getByTestId('version-preview')).toHaveAttribute('data-version', version.id);
  await expect(page.getByTestId(`version-row-${version.id}`)).toContainText('20,640');
  await expect(page.getByTestId(`version-row-${version.id}`)).toContainText(version.contentHash!);
  const table = page.getByTestId('preview-table');
  const range = page.getByTestId('preview-range');

  /** Every cell of the shown page read back as a float32 equals the stored value. */
  const checkPage = async (firstRow: number, rows: number) => {
    await expect(table.locator('tbody tr')).toHaveCount(rows);
    await expect(table.locator('tbody tr').first()).toHaveAttribute('data-row', String(firstRow));
    const cells = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
    cells.forEach((texts, r) =>
      stored.names.forEach((name, c) => expect(Math.fround(Number(texts[c])), `${name} row ${firstRow + r}`).toBe(stored.columns[name]![firstRow + r])),
    );
  };

  await expect(page.getByTestId('preview-prev')).toBeDisabled();
  await expect(range).toContainText('of 413 · rows 1–50 of 20,640');
  await checkPage(0, 50);
  await page.getByTestId('preview-next').click();
  await expect(range).toContainText('rows 51–100');
  await checkPage(50, 50);
  await page.getByTestId('preview-page').fill('300');
  await expect(range).toContainText('rows 14,951–15,000');
  await checkPage(14_950, 50);
  await page.getByTestId('preview-last').click();
  await expect(range).toContainText('rows 20,601–20,640');
  await expect(page.getByTestId('preview-next')).toBeDisabled();
  await checkPage(20_600, 40);
  await page.getByTestId('preview-first').click();
  await expect(range).toContainText('rows 1–50');
});

test('column statistics and histograms match the stored columns', async () => {
  await page.goto('./#/assets/raw_housing');
  const version = (await latestStoredVersion(page, 'raw_housing'))!;
  const stored = await storedColumns(page, version.id);
  await expect(page.getByTestId('column-stats')).toBeVisible();
  expect(stored.names).toContain('MedInc');
  for (const name of stored.names) {
    const expected = referenceStats(stored.columns[name]!);
    // Columns are summarised one per frame: wait for this one.
    await expect(page.getByTestId(`stat-${name}-mean`)).toHaveAttribute('data-value', /\d/);
    for (const stat of ['mean', 'std', 'min', 'max'] as const) {
      const shown = Number(await page.getByTestId(`stat-${name}-${stat}`).getAttribute('data-value'));
      expect(Math.abs(shown - expected[stat]), `${stat} of ${name}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected[stat])));
    }
    await expect(page.getByTestId(`stat-${name}-missing`)).toHaveAttribute('data-value', String(expected.missing));
    const counts = await page
      .getByTestId(`histogram-${name}`)
      .locator('rect')
      .evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('data-count'))));
    expect(counts.length).toBeGreaterThanOrEqual(5);
    expect(counts.reduce((s, c) => s + c, 0)).toBe(stored.rowCount - expected.missing);
  }
  // The formatted figure is the stored one rounded: MedInc's mean of the California data is about 3.871.
  await expect(page.getByTestId('stat-MedInc-mean')).toHaveText('3.871');
});

test('Download CSV writes every stored value so that it reads back exactly', async () => {
  await page.goto('./#/assets/housing_predictions');
  const version = (await latestStoredVersion(page, 'housing_predictions'))!;
  const stored = await storedColumns(page, version.id);
  await expect(page.getByTestId('version-preview')).toHaveAttribute('data-version', version.id);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
  expect(download.suggestedFilename()).toMatch(/^housing_predictions@.+\.csv$/);
  const text = await readFile((await download.path())!, 'utf8');
  const lines = text.trimEnd().split('\r\n');
  expect(lines[0]).toBe(stored.names.join(','));
  expect(lines).toHaveLength(stored.rowCount + 1);
  const dtypes = (await readStore<StoredVersion & { schema: { name: string; dtype: string }[] }>(page, 'datasetVersions')).find(
    (v) => v.id === version.id,
  )!.schema;
  for (let row = 0; row < stored.rowCount; row++) {
    const cells = lines[row + 1]!.split(',');
    stored.names.forEach((name, c) => {
      const value = Number(cells[c]);
      const readBack = dtypes[c]!.dtype === 'float32' ? Math.fround(value) : value;
      if (readBack !== stored.columns[name]![row]) throw new Error(`row ${row} ${name}: ${cells[c]} ≠ ${stored.columns[name]![row]}`);
    });
  }
});

test('a version links to what it was made from, and the lineage graph selects datasets', async () => {
  await page.goto('./#/assets/housing_predictions');
  const predictions = (await latestStoredVersion(page, 'housing_predictions'))!;
  const features = (await latestStoredVersion(page, 'built_features'))!;
  expect(predictions.inputs).toContain(features.id);
  const input = page.getByTestId(`version-input-${features.id}`);
  await input.click();
  await expect(page).toHaveURL(/#\/assets\/built_features$/);
  await expect(page.getByTestId('version-preview')).toHaveAttribute('data-version', features.id);

  await page.getByTestId('lineage-graph').getByTestId('graph-node-dataset:raw_housing').click();
  await expect(page.getByTestId('dataset-detail')).toHaveAttribute('data-dataset', 'raw_housing');
  await expect(page).toHaveURL(/#\/assets\/raw_housing$/);
  await page.getByTestId('dataset-detail-close').click();
  await expect(page.getByTestId('dataset-detail')).toHaveCount(0);
});

test('the dataset panel passes an accessibility check', async () => {
  await page.goto('./#/assets/built_features');
  await expect(page.getByTestId('column-stats')).toBeVisible();
  const results = await new AxeBuilder({ page }).include('[data-testid="dataset-detail"]').analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});

test('a tab that mirrors the scheduling one reads the preview and statistics itself', async () => {
  const mirror = await page.context().newPage();
  mirror.on('pageerror', (error) => errors.push(error.message));
  await mirror.goto('./#/assets/raw_housing');
  await expect(mirror.getByTestId('tab-role')).toHaveAttribute('data-role', 'follower');
  await expect(mirror.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  const version = (await latestStoredVersion(mirror, 'raw_housing'))!;
  await expect(mirror.getByTestId('version-preview')).toHaveAttribute('data-version', version.id);
  await expect(mirror.getByTestId('stat-MedInc-mean')).toHaveText('3.871');
  await expect(mirror.getByTestId('preview-table').locator('tbody tr')).toHaveCount(50);
  await mirror.close();
});
