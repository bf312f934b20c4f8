import { expect, test, type Page } from '@playwright/test';
import { columnSummaries, latestStoredVersion, readStore, type StoredVersion } from './support/playgroundDb';

/**
 * Bring your own CSV (issue 6, item 5): a malformed file is refused with a message naming what to fix and changes
 * nothing stored; a valid one with its own column names is mapped, stored as an uploaded_csv version, and the producer
 * and the consumer run on it.
 */

async function ready(page: Page, path = './') {
  await page.goto(path);
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
}

/** Every stored version: its metadata and a fingerprint of its stored columns, by id — what "untouched" means. */
async function storedSnapshot(page: Page) {
  const versions = (await readStore<StoredVersion & { rowCount: number }>(page, 'datasetVersions')).sort((a, b) => a.id.localeCompare(b.id));
  const summaries = await columnSummaries(page, versions.map((v) => v.id));
  const events = await readStore<{ id: number; datasetId: string; versionId: string | null }>(page, 'datasetEvents');
  return {
    versions: versions.map((v) => ({ ...v, columns: summaries[v.id]?.fingerprint ?? null })),
    events: events.map((e) => `${e.id}:${e.datasetId}:${e.versionId}`).sort(),
  };
}

/** A file for setInputFiles. */
const csvFile = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });

/**
 * A small housing-like table with its own names, the target first and a text column among the numbers:
 * price_keur = 3·area + 20·rooms − 0.5·age + a deterministic wobble.
 */
function flatsCsv(rows: number): string {
  const lines = ['price_keur,area_m2,district,rooms,age_years'];
  for (let i = 0; i < rows; i++) {
    const area = 30 + ((i * 37) % 90);
    const rooms = 1 + (i % 5);
    const age = (i * 13) % 60;
    const price = 3 * area + 20 * rooms - 0.5 * age + ((i * 7) % 11) - 5;
    lines.push(`${price},${area},d${i % 4},${rooms},${age}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

test('a malformed CSV is refused with precise messages and leaves every stored dataset untouched', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await ready(page);
  // Something stored first: a producer run on the housing data (the consumer paused, so storage then stays still).
  await page.getByTestId('pause-ml_consumer').click();
  await expect(page.getByTestId('pause-ml_consumer')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('trigger-ml_producer').click();
  await page.getByTestId('trigger-submit').click();
  await expect(page.getByTestId('dag-last-run-ml_producer')).toHaveAttribute('data-state', 'success');
  const before = await storedSnapshot(page);
  expect(before.versions.map((v) => v.datasetId).sort()).toEqual(['built_features', 'raw_housing']);
  expect(before.versions.every((v) => v.columns !== null)).toBe(true);

  await page.getByTestId('tab-datasets').click();
  const panel = page.getByTestId('upload-panel');
  const input = panel.getByTestId('upload-file-input');

  // Semicolons instead of commas: refused before any mapping.
  await input.setInputFiles(csvFile('semicolons.csv', 'a;b;c\n1;2;3\n4;5;6\n'));
  await expect(panel.getByTestId('upload-errors')).toContainText(
    'The file seems to separate its cells with semicolons (;), not commas: a comma split gives 1 column, a split on semicolons (;) gives 3. Export it as comma-separated CSV.',
  );
  await expect(panel.getByTestId('upload-status')).toHaveText('The file has problems: nothing was stored.');
  await expect(panel.getByTestId('upload-import')).toHaveCount(0);

  // Non-numeric cells and a missing value in mapped columns: each named with its row and line; import stays disabled.
  const rows = ['rooms,price', ...Array.from({ length: 24 }, (_, i) => `${i + 1},${100 + i}`)];
  rows[3] = '3,abc';
  rows[7] = 'seven,107';
  rows[9] = '9,';
  await input.setInputFiles(csvFile('typos.csv', `${rows.join('\n')}\n`));
  const mappingErrors = panel.getByTestId('upload-mapping-errors');
  await expect(mappingErrors).toContainText('Column "price" (target) has 1 non-numeric cell: row 3 (line 4) "abc". The target must be numeric.');
  await expect(mappingErrors).toContainText('Column "price" (target) has 1 missing value: row 9 (line 10).');
  await expect(mappingErrors).toContainText('Column "rooms" (feature) has 1 non-numeric cell: row 7 (line 8) "seven".');
  await expect(panel.getByTestId('upload-kind-rooms')).toHaveAttribute('data-kind', 'mixed');
  await expect(panel.getByTestId('upload-import')).toBeDisabled();
  await panel.getByTestId('upload-reset').click();

  // Dropped rather than picked: ragged rows, and a header that is only numbers.
  const drop = async (name: string, text: string) => {
    const dataTransfer = await page.evaluateHandle(
      ({ name, text }) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([text], name, { type: 'text/csv' }));
        return transfer;
      },
      { name, text },
    );
    await panel.getByTestId('upload-dropzone').dispatchEvent('drop', { dataTransfer });
  };
  await drop('ragged.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8,9\n');
  await expect(panel.getByTestId('upload-errors')).toContainText("2 rows do not have the header's 3 cells: line 3 has 2 and line 4 has 4.");
  await drop('noheader.csv', '1.5,2,3\n4,5,6\n');
  await expect(panel.getByTestId('upload-errors')).toContainText(
    'The first line holds only numbers (1.5, 2, 3): the file needs a header row that names each column.',
  );
  await input.setInputFiles(csvFile('empty.csv', ''));
  await expect(panel.getByTestId('upload-errors')).toContainText('The file is empty: it needs a header row and at least one data row.');

  // Larger than the limit set in Settings: refused before it is read.
  await page.getByTestId('tab-settings').click();
  await page.getByTestId('setting-max-upload').fill('1');
  await page.getByTestId('tab-datasets').click();
  await expect(panel.getByTestId('upload-status')).toContainText('Up to 1 MB.');
  const big = `a,b\n${'1,2\n'.repeat(330_000)}`;
  await input.setInputFiles(csvFile('big.csv', big));
  await expect(panel.getByTestId('upload-errors')).toContainText(
    'The file is 1.3 MB; the largest upload allowed is 1 MB (Settings → Largest CSV upload).',
  );

  expect(await storedSnapshot(page)).toEqual(before);
  await expect(page.getByTestId('dataset-rows-uploaded_csv')).toHaveText('—');
  expect(errors).toEqual([]);
});

test('a valid CSV with its own column names is mapped, stored, and the producer and consumer run on it', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await ready(page, './#/assets');
  const panel = page.getByTestId('upload-panel');
  await panel.getByTestId('upload-file-input').setInputFiles(csvFile('flats.csv', flatsCsv(60)));

  // The header, each column's type and a preview; by default the last numeric column is the target.
  await expect(panel.getByTestId('upload-preview')).toContainText('First 5 of 60 rows');
  await expect(panel.getByTestId('upload-kind-district')).toHaveAttribute('data-kind', 'text');
  await expect(panel.getByTestId('upload-notes')).toContainText('Windows line ends (CRLF)');
  await expect(panel.getByTestId('upload-role-age_years')).toHaveValue('target');
  await expect(panel.getByTestId('upload-role-district')).toHaveValue('unused');

  // The person maps it: price is the target, age a feature moved before rooms.
  await panel.getByTestId('upload-role-price_keur').selectOption('target');
  await panel.getByTestId('upload-role-age_years').selectOption('feature');
  await panel.getByTestId('upload-move-up-age_years').click();
  await expect(panel.getByTestId('upload-feature-order').locator('li')).toHaveText([/area_m2/, /age_years/, /rooms/]);
  await expect(panel.getByTestId('upload-mapping-errors')).toHaveCount(0);
  await panel.getByTestId('upload-import').click();

  const result = panel.getByTestId('upload-result');
  await expect(result).toContainText('60 rows stored as uploaded_csv@');
  const versionId = await result.getAttribute('data-version');
  expect(versionId).toMatch(/^uploaded_csv@upload__/);
  // Stored: features in the chosen order, the target last.
  const stored = (await columnSummaries(page, [versionId!]))[versionId!]!;
  expect(stored.names).toEqual(['area_m2', 'age_years', 'rooms', 'price_keur']);
  expect(stored.allFinite).toBe(true);
  await expect(page.getByTestId('dataset-rows-uploaded_csv')).toHaveText('60');

  // The producer ran on the upload: its raw copy has the upload's columns and names the upload in its lineage.
  await expect(page.getByTestId('dag-last-run-ml_producer')).toHaveAttribute('data-state', 'success');
  await expect(page.getByTestId('dag-last-run-ml_consumer')).toHaveAttribute('data-state', 'success', { timeout: 90_000 });
  const raw = (await latestStoredVersion(page, 'raw_housing'))!;
  expect(raw.inputs).toEqual([versionId]);
  expect((await columnSummaries(page, [raw.id]))[raw.id]!.names).toEqual(['area_m2', 'age_years', 'rooms', 'price_keur']);
  await expect(page.getByTestId('dataset-rows-housing_predictions')).toHaveText('60');

  await result.getByTestId('upload-open-run').click();
  await expect(page.getByTestId('dag-graph').getByTestId('graph-node-check_data')).toHaveAttribute('data-state', 'success');
  await expect(page.getByTestId('dag-graph').getByTestId('graph-node-quarantine_data')).toHaveAttribute('data-state', 'skipped');
  expect(errors).toEqual([]);
});

test('where IndexedDB is blocked, an upload is stored in memory through the page and the producer reads it', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', {
      configurable: true,
      get() {
        throw new DOMException('IndexedDB is blocked in this test', 'SecurityError');
      },
    });
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await ready(page, './#/assets');
  await expect(page.getByTestId('memory-banner')).toBeVisible();
  await page.getByTestId('pause-ml_consumer').click();
  const panel = page.getByTestId('upload-panel');
  // Through the picker button this time (what a keyboard user reaches), not the input.
  const chooser = page.waitForEvent('filechooser');
  await panel.getByTestId('upload-pick').click();
  await (await chooser).setFiles(csvFile('flats.csv', flatsCsv(40)));
  await panel.getByTestId('upload-import').click();
  await expect(panel.getByTestId('upload-result')).toContainText('40 rows stored as uploaded_csv@');
  await expect(page.getByTestId('dag-last-run-ml_producer')).toHaveAttribute('data-state', 'success');
  await expect(page.getByTestId('dataset-rows-uploaded_csv')).toHaveText('40');
  await expect(page.getByTestId('dataset-rows-raw_housing')).toHaveText('40');
  expect(errors).toEqual([]);
});
