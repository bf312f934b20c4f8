import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { storedRuns } from './support/playgroundDb';

/** A page's task workers (a mirroring tab has none; any tab may have the graph's layout worker). */
const taskWorkers = (page: Page) => page.workers().filter((worker) => worker.url().includes('task.worker'));

/**
 * Two tabs of one browser profile (one Playwright context: the same origin, IndexedDB and Web Locks). The first holds
 * the scheduler lock and runs the pipeline; the second mirrors it live and forwards what is clicked in it. When the
 * first closes, the second is granted the lock and schedules from what storage kept.
 */

/** The states of a DAG's stored runs, oldest first, read straight from IndexedDB. */
async function storedRunStates(page: Page, dagId: string): Promise<string[]> {
  return (await storedRuns(page, dagId)).map((r) => r.state);
}

/** ml_producer declares params, so Trigger opens the "Trigger DAG w/ config" form; its defaults are fine. */
async function triggerProducer(page: Page) {
  await page.getByTestId('trigger-ml_producer').click();
  await page.getByTestId('trigger-submit').click();
  await expect(page.getByTestId('trigger-form')).toBeHidden();
}

async function open(page: Page, errors: string[]) {
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('./');
}

test('one tab schedules, the other mirrors it live, forwards a trigger and takes over when the first closes', async ({ context }) => {
  test.setTimeout(300_000);
  const errors: string[] = [];

  const a = await context.newPage();
  await open(a, errors);
  await expect(a.getByTestId('tab-role')).toHaveAttribute('data-role', 'leader');
  await expect(a.getByTestId('tab-role')).toHaveText('This tab schedules');
  await expect(a.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');

  const b = await context.newPage();
  await open(b, errors);
  await expect(b.getByTestId('tab-role')).toHaveAttribute('data-role', 'follower');
  await expect(b.getByTestId('tab-role')).toHaveText('Mirroring another tab');
  // Its controls work once it holds the scheduling tab's snapshot.
  await expect(b.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  await expect(a.getByTestId('tab-role')).toHaveAttribute('data-role', 'leader');

  // A click in the mirroring tab reaches the scheduler, and the scheduling tab shows it too.
  await b.getByTestId('pause-ml_consumer').click();
  await expect(a.getByTestId('pause-ml_consumer')).toHaveAttribute('aria-pressed', 'true');
  await expect(b.getByTestId('pause-ml_consumer')).toHaveAttribute('aria-pressed', 'true');
  await b.getByTestId('pause-ml_consumer').click();
  await expect(a.getByTestId('pause-ml_consumer')).toHaveAttribute('aria-pressed', 'false');
  await expect(b.getByTestId('pause-ml_consumer')).toHaveAttribute('aria-pressed', 'false');

  // Triggered from the mirroring tab: the run happens in the scheduling tab's workers, and both show it live.
  await triggerProducer(b);
  for (const page of [a, b]) {
    await expect(page.getByTestId('dag-last-run-ml_producer')).toHaveAttribute('data-state', 'success');
  }
  await expect(b.getByTestId('dag-graph').getByTestId('graph-node-featurize')).toHaveAttribute('data-state', 'success');
  for (const page of [a, b]) {
    await expect(page.getByTestId('dag-last-run-ml_consumer')).toHaveAttribute('data-state', 'success', { timeout: 120_000 });
  }
  expect(taskWorkers(a).length).toBeGreaterThan(0);
  expect(taskWorkers(b)).toHaveLength(0);
  // Everything reached storage before the scheduling tab goes away.
  await expect.poll(() => storedRunStates(b, 'ml_consumer'), { timeout: 30_000 }).toEqual(['success']);

  // The scheduling tab closes: the browser releases its lock and the other tab takes over.
  await a.close();
  await expect(b.getByTestId('tab-role')).toHaveAttribute('data-role', 'leader');
  await expect(b.getByTestId('tab-role')).toHaveText('This tab schedules');
  await expect(b.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  await expect(b.getByTestId('dag-last-run-ml_consumer')).toHaveAttribute('data-state', 'success');

  await triggerProducer(b);
  await expect.poll(() => storedRunStates(b, 'ml_producer'), { timeout: 90_000 }).toEqual(['success', 'success']);
  await expect(b.getByTestId('dag-last-run-ml_producer')).toHaveAttribute('data-state', 'success');
  expect(taskWorkers(b).length).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});

/** A new tab of the playground, once it plays `role` and is ready. */
async function openTab(context: BrowserContext, errors: string[], role: 'leader' | 'follower'): Promise<Page> {
  const page = await context.newPage();
  await open(page, errors);
  await expect(page.getByTestId('tab-role')).toHaveAttribute('data-role', role);
  await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  return page;
}

const NOOP_DAG = {
  version: 1,
  dags: [{ id: 'noop_demo', schedule: { type: 'manual' }, tasks: [{ id: 'start', upstream: [], operator: 'noop' }] }],
};

test('import, reset to built-in DAGs and reset all data work from the mirroring tab; the reset reloads every tab', async ({ context }) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  const a = await openTab(context, errors, 'leader');
  const b = await openTab(context, errors, 'follower');

  // An invalid file is refused in the mirroring tab with the scheduling tab's messages; a valid one is imported there.
  await b.getByTestId('tab-dags').click();
  await b.getByTestId('import-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 1, "dags": []}') });
  await expect(b.getByTestId('import-error')).toHaveText(['dags: must have at least 1 item']);
  await b.getByTestId('import-file').setInputFiles({ name: 'noop.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(NOOP_DAG)) });
  await expect(b.getByTestId('import-summary')).toHaveText('Imported noop.json. Added: noop_demo.');
  for (const page of [a, b]) await expect(page.getByTestId('open-dag-noop_demo')).toBeVisible();
  await b.getByTestId('trigger-noop_demo').click();
  for (const page of [a, b]) await expect(page.getByTestId('dag-last-run-noop_demo')).toHaveAttribute('data-state', 'success');

  await b.getByTestId('import-reset').click();
  await b.getByTestId('import-reset-confirm').click();
  await expect(b.getByTestId('import-summary')).toHaveText('Back to the built-in DAGs. Removed: noop_demo (their runs stay stored).');
  for (const page of [a, b]) await expect(page.getByTestId('open-dag-noop_demo')).toHaveCount(0);

  // Reset all data, asked in the mirroring tab: the scheduling tab deletes everything, and both tabs reload empty.
  expect(await storedRuns(b, 'noop_demo')).toHaveLength(1);
  await b.getByTestId('tab-settings').click();
  await expect(b.getByTestId('reset-mirroring')).toBeVisible();
  await b.getByTestId('settings-reset').click();
  await Promise.all([a.waitForEvent('load'), b.waitForEvent('load'), b.getByTestId('reset-confirm').click()]);
  for (const page of [a, b]) await expect(page.getByTestId('app-status')).toHaveAttribute('data-status', 'ready');
  expect(await storedRuns(a, 'noop_demo')).toEqual([]);
  expect(errors).toEqual([]);
});
