import { readFileSync } from 'node:fs';
import { expect, test, type Download, type Page } from '@playwright/test';
import { readStore } from './support/playgroundDb';

async function ready(page: Page, path = './') {
  await page.goto(path);
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
}

const textOf = async (download: Download) => readFileSync((await download.path())!, 'utf8');

async function downloadFrom(page: Page, testId: string): Promise<Download> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return download;
}

/** What the meta store holds besides the scheduler's checkpoint: the imported DAG definitions, if any. */
async function storedImports(page: Page): Promise<unknown[]> {
  const records = await readStore<{ kind?: string }>(page, 'meta');
  return records.filter((r) => r.kind === 'dag-imports');
}

/** The DAGs listed (the sidebar, or the DAGs page's table where it replaces the sidebar): one open button each. */
const dagCards = (page: Page) => page.locator('[data-testid^="open-dag-"]');

const NOOP_DAG = {
  version: 1,
  dags: [
    {
      id: 'noop_demo',
      description: 'Three no-op tasks imported from a file.',
      schedule: { type: 'manual' },
      tasks: [
        { id: 'start', upstream: [], operator: 'noop' },
        { id: 'middle', upstream: ['start'], operator: 'noop', retries: 1, retryDelayMs: 500 },
        { id: 'end', upstream: ['middle'], operator: 'noop', triggerRule: 'all_done' },
      ],
    },
  ],
};

test('exports the shown DAG as an Airflow module and as the playground JSON', async ({ page }) => {
  await ready(page);
  await page.getByTestId('open-dag-ml_producer').click();
  const menu = page.getByTestId('export-menu');
  await expect(menu).toHaveAttribute('data-dag', 'ml_producer');

  const py = await downloadFrom(page, 'export-airflow');
  expect(py.suggestedFilename()).toBe('ml_producer.py');
  const source = await textOf(py);
  expect(source).toContain('from airflow.sdk import Asset, Param, TriggerRule, dag, task');
  expect(source).toContain('dag_id="ml_producer"');
  expect(source).toMatch(/@task\.branch\(\n\s+task_id="check_data",/);
  expect(source).toContain('outlets=[ASSET_BUILT_FEATURES]');
  expect(source).toContain('t_check_data >> t_quarantine_data');

  const py2 = await downloadFrom(page, 'export-airflow2');
  expect(py2.suggestedFilename()).toBe('ml_producer.py');
  const source2 = await textOf(py2);
  expect(source2).toContain('from airflow.decorators import dag, task');
  expect(source2).toContain('outlets=[DATASET_BUILT_FEATURES]');

  // The data the exported extract reads, served by the site.
  const csv = await downloadFrom(page, 'export-housing-csv');
  expect(csv.suggestedFilename()).toBe('california_housing.csv');
  expect((await textOf(csv)).split('\n', 1)[0]).toBe('MedInc,HouseAge,AveRooms,AveBedrms,Population,AveOccup,Latitude,Longitude,MedHouseVal');

  const json = await downloadFrom(page, 'export-json');
  expect(json.suggestedFilename()).toBe('ml_producer.json');
  const document = JSON.parse(await textOf(json));
  expect(document.version).toBe(1);
  expect(document.dags.map((d: { id: string }) => d.id)).toEqual(['ml_producer']);
  expect(document.dags[0].tasks.map((t: { id: string }) => t.id)).toEqual(['extract', 'save_raw_data', 'check_data', 'featurize', 'quarantine_data']);
  expect(document.datasets.map((d: { id: string }) => d.id)).toEqual(['raw_housing', 'built_features', 'quarantined_housing']);

  // The published schema is served by the site, beside the page (relative: it works under any sub-path).
  const schema = await page.request.get('schema/dag-definition.schema.json');
  expect(schema.ok()).toBe(true);
  expect((await schema.json()).$schema).toBe('https://json-schema.org/draft/2020-12/schema');
});

test('refuses an invalid file with precise messages and changes nothing; imports a valid one that runs and survives a reload', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await ready(page);
  await page.getByTestId('tab-dags').click();
  await expect(page.getByTestId('open-dag-ml_producer')).toBeVisible();
  const cardsBefore = await dagCards(page).evaluateAll((cards) => cards.map((c) => c.getAttribute('data-testid')));

  const invalid = {
    version: 1,
    dags: [
      {
        id: 'broken',
        schedule: { type: 'manual' },
        tasks: [
          { id: 'train', upstream: ['c'], operator: 'noop' },
          { id: 'b', upstream: ['train'], operator: 'noop' },
          { id: 'c', upstream: ['b', 'trian'], operator: 'noop' },
          { id: 'd', upstream: [], retrys: 2 },
        ],
      },
    ],
  };
  await page.getByTestId('import-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(invalid)) });
  const problems = page.getByTestId('import-errors');
  await expect(problems).toHaveAttribute('role', 'alert');
  await expect(problems).toContainText('broken.json was refused; nothing changed.');
  await expect(problems.getByTestId('import-error')).toHaveText([
    'dags[0].tasks[3].retrys: unknown property (did you mean "retries"?); allowed: id, upstream, outlets, description, kind, triggerRule, retries, retryDelayMs, retryExponentialBackoff, maxRetryDelayMs, executionTimeoutMs, pool, poolSlots, callbacks, operator',
    'dags[0].tasks[2].upstream[1]: unknown task "trian" (did you mean "train"?)',
    'dags[0].tasks[3]: task "d" has no code: the playground has no registered code for task "d" of DAG "broken"; give it an "operator" (one of noop, sleep, fail, housing.extract, housing.save_raw_data, housing.check_data, housing.quarantine_data, housing.featurize, housing.check_drift, housing.train, housing.predict, housing.batch_predict, housing.save_predictions)',
    'dags[0].tasks: DAG "broken" has a cycle: "train" → "b" → "c" → "train".',
  ]);
  // Nothing changed: the same DAGs, nothing stored.
  expect(await dagCards(page).evaluateAll((cards) => cards.map((c) => c.getAttribute('data-testid')))).toEqual(cardsBefore);
  expect(await storedImports(page)).toEqual([]);

  // A file that is not JSON at all.
  await page.getByTestId('import-file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 1,') });
  await expect(problems.getByTestId('import-error')).toHaveText([/^\(root\): not valid JSON: /]);

  // A valid file: a new DAG of noop tasks appears, runs, and is stored.
  await page.getByTestId('import-file').setInputFiles({ name: 'noop.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(NOOP_DAG)) });
  await expect(page.getByTestId('import-summary')).toHaveText('Imported noop.json. Added: noop_demo.');
  await expect(page.getByTestId('import-errors')).toHaveCount(0);
  await expect(page.getByTestId('open-dag-noop_demo')).toBeVisible();
  expect(await storedImports(page)).toHaveLength(1);

  await page.getByTestId('trigger-noop_demo').click();
  await expect(page.getByTestId('dag-last-run-noop_demo')).toHaveAttribute('data-state', 'success');

  // After a reload: still there, with its run.
  await ready(page);
  await page.getByTestId('tab-dags').click();
  await expect(page.getByTestId('open-dag-noop_demo')).toBeVisible();
  await expect(page.getByTestId('dag-last-run-noop_demo')).toHaveAttribute('data-state', 'success');

  // Exported again, it is the same definition.
  await page.getByTestId('open-dag-noop_demo').click();
  const exported = JSON.parse(await textOf(await downloadFrom(page, 'export-json')));
  expect(exported.dags).toEqual(NOOP_DAG.dags);

  // Reset: back to the built-in DAGs; the stored imports are gone, the built-in DAGs are untouched.
  await page.getByTestId('tab-dags').click();
  await page.getByTestId('import-reset').click();
  await page.getByTestId('import-reset-confirm').click();
  await expect(page.getByTestId('import-summary')).toHaveText('Back to the built-in DAGs. Removed: noop_demo (their runs stay stored).');
  await expect(page.getByTestId('open-dag-noop_demo')).toHaveCount(0);
  await expect(dagCards(page)).toHaveCount(cardsBefore.length);
  expect(await storedImports(page)).toEqual([]);
  expect(errors).toEqual([]);
});
