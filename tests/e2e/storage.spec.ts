import { expect, test, type Page } from '@playwright/test';
import { readStore, type StoredVersion } from './support/playgroundDb';

/** Every stored dataset version's metadata, read straight from IndexedDB. */
const storedVersions = (page: Page) => readStore<Required<StoredVersion>>(page, 'datasetVersions');

async function runPipeline(page: Page, consumerRuns: number) {
  await page.getByTestId('trigger-ml_producer').click();
  await page.getByTestId('trigger-submit').click();
  await expect(page.getByTestId('trigger-form')).toBeHidden();
  // The consumer's run for this producer run has finished once there are `consumerRuns` predictions versions.
  await expect
    .poll(async () => (await storedVersions(page)).filter((v) => v.datasetId === 'housing_predictions' && v.committed).length, { timeout: 90_000 })
    .toBe(consumerRuns);
}

test('the Storage panel shows usage, keeps its retention setting and deletes old versions', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('./#/assets');
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  const panel = page.getByTestId('storage-panel');
  await expect(panel).toBeVisible();
  await expect(page.getByTestId('storage-usage')).toHaveText(/ used/);
  await expect(page.getByRole('button', { name: 'Keep data (ask for persistence)' })).toBeVisible();
  const retention = page.getByLabel('Versions to keep per asset');
  await expect(retention).toHaveValue('10');

  await runPipeline(page, 1);
  await runPipeline(page, 2);
  await expect(page.getByTestId('dataset-row-built_features').locator('td').nth(3)).toHaveText('2');
  // Every version is committed with its event, carries a content hash, and the predictions know their lineage.
  const versions = await storedVersions(page);
  expect(versions.every((v) => v.committed && /^[0-9a-f]{16}$/.test(v.contentHash))).toBe(true);
  const predictions = versions.filter((v) => v.datasetId === 'housing_predictions');
  for (const p of predictions) {
    expect(p.inputs).toHaveLength(1);
    expect(p.inputs[0]).toMatch(/^built_features@/);
    expect(p.models[0]).toMatch(/^model@/);
  }

  await retention.fill('1');
  await page.reload();
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('storage-retention')).toHaveValue('1');
  await page.getByTestId('storage-prune').click();
  await expect(page.getByTestId('storage-prune-result')).toHaveText(/^Deleted 3 old versions \(.+\)/);
  await expect(page.getByTestId('dataset-row-built_features').locator('td').nth(3)).toHaveText('1');
  expect((await storedVersions(page)).map((v) => v.datasetId).sort()).toEqual(['built_features', 'housing_predictions', 'raw_housing']);
  await page.getByTestId('storage-prune').click();
  await expect(page.getByTestId('storage-prune-result')).toHaveText('Nothing to delete: no asset has more than 1 version.');

  await page.getByTestId('storage-persist').click();
  await expect(page.getByTestId('storage-prune-result')).toHaveText(/persistent storage|Storage is now persistent/);
  expect(errors).toEqual([]);
});
