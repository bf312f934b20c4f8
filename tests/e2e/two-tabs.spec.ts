import { expect, test, type Page } from '@playwright/test';
import { storedRuns } from './support/playgroundDb';

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
  expect(a.workers().length).toBeGreaterThan(0);
  expect(b.workers()).toHaveLength(0);
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
  expect(b.workers().length).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});
